// SPDX-License-Identifier: GPL-2.0-only
/* fama cn: a correspondent node without any mobility support.  `serve`
 * echoes UDP probes and TCP probe records; `probe` sends them from one
 * source address and reports loss, the longest interruption, reordering,
 * TCP resets and stalls (testbed/probe has the wire format). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "proto/auth.h"
#include "roles/common.h"
#include "roles/ev.h"
#include "roles/json.h"
#include "roles/log.h"
#include "roles/roles.h"
#include "testbed/probe.h"
#include "testbed/run.h"

#define CN_CLIENTS_MAX	64
#define CN_UDP_MAX	1500
#define CN_OUTQ_MAX	65536

static int
parse_addr(const char *s, struct in6_addr *a)
{
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
}

static void
sa_make(struct sockaddr_in6 *sa, const struct in6_addr *a, uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin6_family = AF_INET6;
	sa->sin6_addr = *a;
	sa->sin6_port = htons(port);
}

static int
stop_cb(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	ev_break();
	return 0;
}

/* --- serve --------------------------------------------------------------- */

struct cn_client {
	int		 fd;
	uint8_t		 in[PROBE_LEN];
	size_t		 inlen;
	uint8_t		*out;
	size_t		 outlen;
	struct cn_serve	*s;
};

struct cn_serve {
	int		 udp;
	int		 tcp;
	struct cn_client cl[CN_CLIENTS_MAX];
	uint64_t	 udp_echoed;
	uint64_t	 tcp_echoed;
	uint64_t	 bad;
	bool		 verbose;
};

static void
client_close(struct cn_client *c, const char *why)
{
	if (c->s->verbose)
		log_info("TCP client %d: %s", c->fd, why);
	ev_del(c->fd);
	close(c->fd);
	free(c->out);
	c->out = NULL;
	c->outlen = 0;
	c->fd = -1;
}

static int
client_flush(struct cn_client *c)
{
	ssize_t n;

	while (c->outlen > 0) {
		n = write(c->fd, c->out, c->outlen);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return -1;
		memmove(c->out, c->out + n, c->outlen - (size_t)n);
		c->outlen -= (size_t)n;
	}
	return ev_mod(c->fd, c->outlen > 0 ? POLLIN | POLLOUT : POLLIN);
}

static int
client_echo(struct cn_client *c)
{
	struct probe_msg m;
	uint8_t *o;

	if (probe_decode(c->in, sizeof(c->in), &m) == -1 ||
	    m.type != PROBE_REQUEST)
		return -1;
	m.type = PROBE_REPLY;
	m.echo_us = run_now_us();
	if (c->outlen + PROBE_LEN > CN_OUTQ_MAX)
		return -1;
	if (c->out == NULL && (c->out = malloc(CN_OUTQ_MAX)) == NULL)
		return -1;
	o = c->out + c->outlen;
	if (probe_encode(&m, o, PROBE_LEN) == -1)
		return -1;
	c->outlen += PROBE_LEN;
	c->s->tcp_echoed++;
	return 0;
}

static int
client_cb(int fd, short revents, void *arg)
{
	struct cn_client *c = arg;
	uint8_t buf[4096];
	ssize_t n;
	size_t i, k;

	(void)fd;
	if (revents & POLLIN) {
		n = read(c->fd, buf, sizeof(buf));
		if (n == 0 || (n == -1 && errno != EAGAIN)) {
			client_close(c, n == 0 ? "closed" : strerror(errno));
			return 0;
		}
		for (i = 0; n > 0 && i < (size_t)n; i += k) {
			k = sizeof(c->in) - c->inlen;
			if (k > (size_t)n - i)
				k = (size_t)n - i;
			memcpy(c->in + c->inlen, buf + i, k);
			c->inlen += k;
			if (c->inlen < sizeof(c->in))
				continue;
			c->inlen = 0;
			if (client_echo(c) == -1) {
				c->s->bad++;
				client_close(c, "not a probe stream");
				return 0;
			}
		}
	} else if (revents & (POLLHUP | POLLERR)) {
		client_close(c, "connection lost");
		return 0;
	}
	if (client_flush(c) == -1)
		client_close(c, "write failed");
	return 0;
}

static int
accept_cb(int fd, short revents, void *arg)
{
	struct cn_serve *s = arg;
	struct sockaddr_in6 sa;
	socklen_t salen = sizeof(sa);
	char a[INET6_ADDRSTRLEN];
	int c, i, one = 1;

	(void)revents;
	if ((c = accept4(fd, (struct sockaddr *)&sa, &salen,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) == -1)
		return 0;
	for (i = 0; i < CN_CLIENTS_MAX && s->cl[i].fd != -1; i++)
		;
	if (i == CN_CLIENTS_MAX) {
		log_warnx("TCP: more than %d clients, refused", CN_CLIENTS_MAX);
		close(c);
		return 0;
	}
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&s->cl[i], 0, sizeof(s->cl[i]));
	s->cl[i].fd = c;
	s->cl[i].s = s;
	if (ev_add(c, POLLIN, client_cb, &s->cl[i]) == -1) {
		close(c);
		s->cl[i].fd = -1;
		return -1;
	}
	if (s->verbose)
		log_info("TCP client %d from [%s]:%u", c, inet_ntop(AF_INET6,
		    &sa.sin6_addr, a, sizeof(a)), ntohs(sa.sin6_port));
	return 0;
}

static int
udp_cb(int fd, short revents, void *arg)
{
	struct cn_serve *s = arg;
	struct sockaddr_in6 sa;
	socklen_t salen;
	struct probe_msg m;
	uint8_t buf[CN_UDP_MAX];
	ssize_t n;

	(void)revents;
	for (;;) {
		salen = sizeof(sa);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sa,
		    &salen);
		if (n == -1)
			return 0;
		if (probe_decode(buf, (size_t)n, &m) == -1 ||
		    m.type != PROBE_REQUEST) {
			s->bad++;
			continue;
		}
		m.type = PROBE_REPLY;
		m.echo_us = run_now_us();
		if (probe_encode(&m, buf, (size_t)n) == -1)
			continue;
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&sa,
		    salen) == -1)
			log_debug("UDP reply: %s", strerror(errno));
		else
			s->udp_echoed++;
	}
}

static void
serve_usage(FILE *f)
{
	fprintf(f, "usage: fama cn serve [-v] [-l address] [-p port]\n");
}

static int
cn_serve(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "listen",	required_argument,	NULL, 'l' },
		{ "port",	required_argument,	NULL, 'p' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	static struct cn_serve s;
	struct sockaddr_in6 sa;
	struct in6_addr addr = IN6ADDR_ANY_INIT;
	char a[INET6_ADDRSTRLEN];
	unsigned port = PROBE_PORT;
	int ch, i, one = 1, rc = 1;

	memset(&s, 0, sizeof(s));
	s.udp = s.tcp = -1;
	for (i = 0; i < CN_CLIENTS_MAX; i++)
		s.cl[i].fd = -1;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "hl:p:v", lopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			if (parse_addr(optarg, &addr) == -1) {
				fprintf(stderr, "fama cn: -l: not an IPv6 "
				    "address: %s\n", optarg);
				return 1;
			}
			break;
		case 'p':
			if (arg_uint(optarg, 1, 65535, &port) == -1) {
				fprintf(stderr, "fama cn: -p: 1..65535\n");
				return 1;
			}
			break;
		case 'v':
			s.verbose = true;
			break;
		case 'h':
			serve_usage(stdout);
			return 0;
		default:
			serve_usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		serve_usage(stderr);
		return 1;
	}
	log_init(1, LOG_DAEMON);
	log_procinit("cn");
	log_setverbose(s.verbose);
	if (ev_init() == -1) {
		log_warn("event loop");
		return 1;
	}
	sa_make(&sa, &addr, (uint16_t)port);
	if ((s.udp = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(s.udp, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		log_warn("UDP [%s]:%u", inet_ntop(AF_INET6, &addr, a, sizeof(a)),
		    port);
		goto out;
	}
	if ((s.tcp = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(s.tcp, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) == -1 ||
	    bind(s.tcp, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s.tcp, 16) == -1) {
		log_warn("TCP [%s]:%u", inet_ntop(AF_INET6, &addr, a, sizeof(a)),
		    port);
		goto out;
	}
	if (ev_add(s.udp, POLLIN, udp_cb, &s) == -1 ||
	    ev_add(s.tcp, POLLIN, accept_cb, &s) == -1 ||
	    ev_signal(SIGTERM, stop_cb, NULL) == -1 ||
	    ev_signal(SIGINT, stop_cb, NULL) == -1) {
		log_warn("event loop");
		goto out;
	}
	/* what a script waits for */
	printf("serving [%s]:%u udp tcp\n", inet_ntop(AF_INET6, &addr, a,
	    sizeof(a)), port);
	fflush(stdout);
	if (ev_run() == 0)
		rc = 0;
	else
		log_warn("stopped");
	printf("echoed %" PRIu64 " udp, %" PRIu64 " tcp; %" PRIu64
	    " not probes\n", s.udp_echoed, s.tcp_echoed, s.bad);
out:
	for (i = 0; i < CN_CLIENTS_MAX; i++)
		if (s.cl[i].fd != -1)
			client_close(&s.cl[i], "stopping");
	if (s.udp != -1)
		close(s.udp);
	if (s.tcp != -1)
		close(s.tcp);
	ev_free();
	return rc;
}

/* --- probe --------------------------------------------------------------- */

struct cn_probe {
	struct in6_addr	 src;
	struct in6_addr	 dst;
	unsigned	 port;
	unsigned	 rate;		/* UDP requests per second, 0: none */
	unsigned	 tcp_rate;	/* TCP records per second */
	unsigned	 size;
	unsigned	 duration;	/* s, 0: until signalled */
	unsigned	 stall_ms;
	unsigned	 drain_ms;
	bool		 tcp;
	bool		 quiet;
	const char	*json;
	const char	*timeline;

	uint32_t	 flow;
	uint64_t	 start_ms;
	uint64_t	 end_us;	/* when sending stopped */
	bool		 draining;
	int		 udp;
	int		 tcpfd;
	bool		 connected;
	uint8_t		 in[PROBE_LEN];
	size_t		 inlen;
	uint8_t		 out[CN_OUTQ_MAX];
	size_t		 outlen;
	uint64_t	 tcp_skipped;	/* records not queued: buffer full */
	uint64_t	 last_progress_us;
	bool		 in_stall;
	uint64_t	 stalls;
	uint64_t	 broke_us;
	char		 broke_why[64];
	uint64_t	 send_errors;
	struct probe_log ulog;
	struct probe_log tlog;
	struct ev_timer	 utimer;
	struct ev_timer	 ttimer;
	struct ev_timer	 stop_timer;
};

static void
tcp_broke(struct cn_probe *p, const char *why)
{
	if (p->tcpfd == -1)
		return;
	ev_del(p->tcpfd);
	close(p->tcpfd);
	p->tcpfd = -1;
	p->connected = false;
	p->broke_us = run_now_us();
	snprintf(p->broke_why, sizeof(p->broke_why), "%s", why);
	if (!p->quiet)
		fprintf(stderr, "fama cn: TCP: %s\n", why);
}

static const char *
errno_word(int e)
{
	switch (e) {
	case ECONNRESET:	return "reset";
	case ECONNREFUSED:	return "refused";
	case ETIMEDOUT:		return "timeout";
	case EPIPE:		return "broken-pipe";
	case EHOSTUNREACH:	return "unreachable";
	case ENETUNREACH:	return "unreachable";
	case EADDRNOTAVAIL:	return "no-address";
	default:		return "error";
	}
}

static int
tcp_flush(struct cn_probe *p)
{
	ssize_t n;

	while (p->connected && p->outlen > 0) {
		n = send(p->tcpfd, p->out, p->outlen, MSG_NOSIGNAL);
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			tcp_broke(p, errno_word(errno));
			return 0;
		}
		memmove(p->out, p->out + n, p->outlen - (size_t)n);
		p->outlen -= (size_t)n;
	}
	if (p->tcpfd != -1)
		return ev_mod(p->tcpfd, !p->connected || p->outlen > 0 ?
		    POLLIN | POLLOUT : POLLIN);
	return 0;
}

static int
tcp_cb(int fd, short revents, void *arg)
{
	struct cn_probe *p = arg;
	struct probe_msg m;
	uint8_t buf[4096];
	socklen_t len = sizeof(int);
	ssize_t n;
	size_t i, k;
	int e = 0;

	if (!p->connected) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == -1)
			e = errno;
		if (e != 0) {
			tcp_broke(p, errno_word(e));
			return 0;
		}
		p->connected = true;
		p->last_progress_us = run_now_us();
		return tcp_flush(p);
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0) {
			tcp_broke(p, "closed");
			return 0;
		}
		if (n == -1 && errno != EAGAIN) {
			tcp_broke(p, errno_word(errno));
			return 0;
		}
		for (i = 0; n > 0 && i < (size_t)n; i += k) {
			k = sizeof(p->in) - p->inlen;
			if (k > (size_t)n - i)
				k = (size_t)n - i;
			memcpy(p->in + p->inlen, buf + i, k);
			p->inlen += k;
			if (p->inlen < sizeof(p->in))
				continue;
			p->inlen = 0;
			if (probe_decode(p->in, sizeof(p->in), &m) == -1 ||
			    m.type != PROBE_REPLY || m.flow != p->flow) {
				tcp_broke(p, "garbled");
				return 0;
			}
			probe_log_reply(&p->tlog, m.seq, run_now_us());
			p->last_progress_us = run_now_us();
			p->in_stall = false;
		}
	}
	return tcp_flush(p);
}

static int
tcp_open(struct cn_probe *p)
{
	struct sockaddr_in6 sa;
	int one = 1;

	if ((p->tcpfd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	setsockopt(p->tcpfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	sa_make(&sa, &p->src, 0);
	if (bind(p->tcpfd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		return -1;
	sa_make(&sa, &p->dst, (uint16_t)p->port);
	if (connect(p->tcpfd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    errno != EINPROGRESS)
		return -1;
	return ev_add(p->tcpfd, POLLIN | POLLOUT, tcp_cb, p);
}

/* The next deadline of a paced sender: seq n goes out n/rate s after the
 * start, so that a late tick does not shift the rest. */
static uint64_t
pace(const struct cn_probe *p, size_t n, uint32_t rate)
{
	return p->start_ms + (uint64_t)n * 1000 / rate;
}

static int
utimer_cb(struct ev_timer *t, void *arg)
{
	struct cn_probe *p = arg;
	struct sockaddr_in6 sa;
	struct probe_msg m;
	uint8_t buf[CN_UDP_MAX];

	/* with a duration, exactly duration * rate of them: the last one
	 * is not left to a race with the stop timer */
	if (p->draining || (p->duration > 0 &&
	    p->ulog.n >= (size_t)p->duration * p->rate))
		return 0;
	memset(&m, 0, sizeof(m));
	memset(buf, 0, p->size);
	m.type = PROBE_REQUEST;
	m.flow = p->flow;
	m.seq = (uint32_t)p->ulog.n;
	m.sent_us = run_now_us();
	if (probe_log_sent(&p->ulog, m.sent_us) == -1 ||
	    probe_encode(&m, buf, p->size) == -1)
		return -1;
	sa_make(&sa, &p->dst, (uint16_t)p->port);
	/* unreachable during a handover: the request counts as lost */
	if (sendto(p->udp, buf, p->size, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1)
		p->send_errors++;
	return ev_timer_add_at(t, pace(p, p->ulog.n, p->rate));
}

static int
ttimer_cb(struct ev_timer *t, void *arg)
{
	struct cn_probe *p = arg;
	struct probe_msg m;
	uint64_t now = run_now_us();

	if (p->draining || p->tcpfd == -1 || (p->duration > 0 &&
	    p->tlog.n + p->tcp_skipped >= (size_t)p->duration * p->tcp_rate))
		return 0;
	if (p->connected && p->tlog.n > 0 &&
	    p->tlog.e[p->tlog.n - 1].recv_us == 0 &&
	    now - p->last_progress_us > (uint64_t)p->stall_ms * 1000 &&
	    !p->in_stall) {
		p->in_stall = true;
		p->stalls++;
	}
	if (p->outlen + PROBE_LEN <= sizeof(p->out)) {
		memset(&m, 0, sizeof(m));
		m.type = PROBE_REQUEST;
		m.flow = p->flow;
		m.seq = (uint32_t)p->tlog.n;
		m.sent_us = now;
		if (probe_log_sent(&p->tlog, now) == -1 ||
		    probe_encode(&m, p->out + p->outlen, PROBE_LEN) == -1)
			return -1;
		p->outlen += PROBE_LEN;
		if (tcp_flush(p) == -1)
			return -1;
	} else
		p->tcp_skipped++;
	return ev_timer_add_at(t, pace(p, p->tlog.n + p->tcp_skipped,
	    p->tcp_rate));
}

static int
udp_reply_cb(int fd, short revents, void *arg)
{
	struct cn_probe *p = arg;
	struct probe_msg m;
	uint8_t buf[CN_UDP_MAX];
	ssize_t n;

	(void)revents;
	while ((n = recv(fd, buf, sizeof(buf), 0)) >= 0)
		if (probe_decode(buf, (size_t)n, &m) == 0 &&
		    m.type == PROBE_REPLY && m.flow == p->flow)
			probe_log_reply(&p->ulog, m.seq, run_now_us());
	return 0;
}

static int
stop_timer_cb(struct ev_timer *t, void *arg)
{
	struct cn_probe *p = arg;

	if (p->draining) {
		ev_break();
		return 0;
	}
	/* stop sending; wait drain_ms for what is on its way */
	p->draining = true;
	p->end_us = run_now_us();
	ev_timer_cancel(&p->utimer);
	ev_timer_cancel(&p->ttimer);
	return ev_timer_add(t, p->drain_ms);
}

static int
probe_stop_cb(int signo, void *arg)
{
	struct cn_probe *p = arg;

	(void)signo;
	if (p->draining) {
		ev_break();
		return 0;
	}
	return stop_timer_cb(&p->stop_timer, p);
}

static void
probe_json(struct cn_probe *p, FILE *f, const struct probe_window *uw,
    const struct probe_window *tw)
{
	char a[INET6_ADDRSTRLEN];
	struct json j;

	json_init(&j, f, JSON_PRETTY);
	json_object_open(&j, NULL);
	json_string(&j, "source", inet_ntop(AF_INET6, &p->src, a, sizeof(a)));
	json_string(&j, "destination", inet_ntop(AF_INET6, &p->dst, a,
	    sizeof(a)));
	json_uint(&j, "port", p->port);
	json_stringf(&j, "flow", "%08" PRIx32, p->flow);
	json_uint(&j, "duration_ms", (p->end_us - p->start_ms * 1000) / 1000);
	if (p->rate > 0) {
		json_object_open(&j, "udp");
		json_uint(&j, "rate", p->rate);
		json_uint(&j, "size", p->size);
		json_uint(&j, "sent", uw->sent);
		json_uint(&j, "received", uw->received);
		json_uint(&j, "lost", uw->lost);
		json_uint(&j, "duplicates", p->ulog.dups);
		json_uint(&j, "reordered", p->ulog.reordered);
		json_uint(&j, "send_errors", p->send_errors);
		json_double(&j, "longest_gap_ms", (double)uw->gap_us / 1000);
		json_uint(&j, "longest_gap_start_us", uw->gap_start_us);
		json_double(&j, "rtt_min_ms", (double)uw->rtt_min_us / 1000);
		json_double(&j, "rtt_avg_ms", (double)uw->rtt_avg_us / 1000);
		json_double(&j, "rtt_max_ms", (double)uw->rtt_max_us / 1000);
		json_object_close(&j);
	}
	if (p->tcp) {
		json_object_open(&j, "tcp");
		json_uint(&j, "rate", p->tcp_rate);
		json_uint(&j, "sent", tw->sent);
		json_uint(&j, "echoed", tw->received);
		json_uint(&j, "unanswered", tw->lost);
		json_uint(&j, "not_queued", p->tcp_skipped);
		json_double(&j, "longest_gap_ms", (double)tw->gap_us / 1000);
		json_uint(&j, "longest_gap_start_us", tw->gap_start_us);
		json_uint(&j, "stalls", p->stalls);
		json_uint(&j, "stall_ms", p->stall_ms);
		json_bool(&j, "broken", p->broke_us != 0);
		json_bool(&j, "reset", p->broke_us != 0 &&
		    strcmp(p->broke_why, "reset") == 0);
		json_string(&j, "reason", p->broke_us != 0 ? p->broke_why :
		    NULL);
		json_object_close(&j);
	}
	json_object_close(&j);
	json_done(&j);
}

static void
probe_text(struct cn_probe *p, const struct probe_window *uw,
    const struct probe_window *tw)
{
	uint64_t start = p->start_ms * 1000;

	if (p->rate > 0)
		printf("udp: %" PRIu64 " sent, %" PRIu64 " received, %" PRIu64
		    " lost (%.1f%%), %" PRIu64 " duplicates, %" PRIu64
		    " reordered; longest gap %.1f ms at %.3f s; rtt "
		    "%.3f/%.3f/%.3f ms\n", uw->sent, uw->received, uw->lost,
		    uw->sent > 0 ? 100.0 * (double)uw->lost /
		    (double)uw->sent : 0.0, p->ulog.dups, p->ulog.reordered,
		    (double)uw->gap_us / 1000,
		    (double)(uw->gap_start_us - start) / 1e6,
		    (double)uw->rtt_min_us / 1000, (double)uw->rtt_avg_us /
		    1000, (double)uw->rtt_max_us / 1000);
	if (p->tcp)
		printf("tcp: %" PRIu64 " sent, %" PRIu64 " echoed; longest gap "
		    "%.1f ms at %.3f s; %" PRIu64 " stall%s (> %u ms); %s\n",
		    tw->sent, tw->received, (double)tw->gap_us / 1000,
		    (double)(tw->gap_start_us - start) / 1e6, p->stalls,
		    p->stalls == 1 ? "" : "s", p->stall_ms,
		    p->broke_us != 0 ? p->broke_why : "connection intact");
}

static void
drained(const struct probe_log *l, struct probe_window *w)
{
	size_t i;

	w->lost = 0;
	for (i = 0; i < l->n; i++)
		if (l->e[i].recv_us == 0)
			w->lost++;
	w->received = w->sent - w->lost;
}

static int
probe_report(struct cn_probe *p)
{
	struct probe_window uw, tw;
	uint64_t start = p->start_ms * 1000;
	FILE *f;
	int rc = 0;

	/* sending stopped at end_us; the drain only collects replies */
	if (probe_window(&p->ulog, start, p->end_us + 1, &uw) == -1 ||
	    probe_window(&p->tlog, start, p->end_us + 1, &tw) == -1) {
		fprintf(stderr, "fama cn: %s\n", strerror(errno));
		return 1;
	}
	/* replies that arrived during the drain are no loss */
	drained(&p->ulog, &uw);
	drained(&p->tlog, &tw);
	if (p->tcp && p->broke_us != 0 && tw.gap_us < p->end_us - p->broke_us)
		tw.gap_us = p->end_us - p->broke_us;
	if (!p->quiet)
		probe_text(p, &uw, &tw);
	if (p->json != NULL) {
		f = strcmp(p->json, "-") == 0 ? stdout : fopen(p->json, "w");
		if (f == NULL) {
			fprintf(stderr, "fama cn: %s: %s\n", p->json,
			    strerror(errno));
			rc = 1;
		} else {
			probe_json(p, f, &uw, &tw);
			if (f != stdout && fclose(f) == EOF)
				rc = 1;
		}
	}
	if (p->timeline != NULL) {
		if ((f = fopen(p->timeline, "w")) == NULL ||
		    probe_timeline_write(f, p->rate > 0 ? &p->ulog : NULL,
		    p->tcp ? &p->tlog : NULL, p->broke_us, p->broke_why) ==
		    -1) {
			fprintf(stderr, "fama cn: %s: %s\n", p->timeline,
			    strerror(errno));
			rc = 1;
		}
		if (f != NULL && fclose(f) == EOF)
			rc = 1;
	}
	return rc;
}

static void
probe_usage(FILE *f)
{
	fprintf(f, "usage: fama cn probe [-qt] -b source -c destination "
	    "[-d seconds] [-j file]\n"
	    "                     [-p port] [-r rate] [-s size] [-w file] "
	    "[--drain ms]\n"
	    "                     [--stall ms] [--tcp-rate rate]\n");
}

static int
cn_probe_main(int argc, char **argv)
{
	enum { O_STALL = 256, O_DRAIN, O_TCPRATE };
	static const struct option lopts[] = {
		{ "bind",	required_argument,	NULL, 'b' },
		{ "connect",	required_argument,	NULL, 'c' },
		{ "duration",	required_argument,	NULL, 'd' },
		{ "json",	required_argument,	NULL, 'j' },
		{ "port",	required_argument,	NULL, 'p' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "rate",	required_argument,	NULL, 'r' },
		{ "size",	required_argument,	NULL, 's' },
		{ "tcp",	no_argument,		NULL, 't' },
		{ "timeline",	required_argument,	NULL, 'w' },
		{ "stall",	required_argument,	NULL, O_STALL },
		{ "drain",	required_argument,	NULL, O_DRAIN },
		{ "tcp-rate",	required_argument,	NULL, O_TCPRATE },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	static struct cn_probe p;
	struct sockaddr_in6 sa;
	char a[INET6_ADDRSTRLEN];
	bool have_src = false, have_dst = false;
	unsigned tcp_rate = 0;
	int ch, rc = 1;

	memset(&p, 0, sizeof(p));
	p.port = PROBE_PORT;
	p.rate = 100;
	p.size = PROBE_LEN;
	p.stall_ms = 1000;
	p.drain_ms = 500;
	p.udp = p.tcpfd = -1;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "b:c:d:hj:p:qr:s:tw:", lopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (parse_addr(optarg, &p.src) == -1)
				goto badarg;
			have_src = true;
			break;
		case 'c':
			if (parse_addr(optarg, &p.dst) == -1)
				goto badarg;
			have_dst = true;
			break;
		case 'd':
			if (arg_uint(optarg, 0, 86400, &p.duration) == -1)
				goto badarg;
			break;
		case 'j':
			p.json = optarg;
			break;
		case 'p':
			if (arg_uint(optarg, 1, 65535, &p.port) == -1)
				goto badarg;
			break;
		case 'q':
			p.quiet = true;
			break;
		case 'r':
			if (arg_uint(optarg, 0, 1000, &p.rate) == -1)
				goto badarg;
			break;
		case 's':
			if (arg_uint(optarg, PROBE_LEN, 1400, &p.size) == -1)
				goto badarg;
			break;
		case 't':
			p.tcp = true;
			break;
		case 'w':
			p.timeline = optarg;
			break;
		case O_STALL:
			if (arg_uint(optarg, 1, 600000, &p.stall_ms) == -1)
				goto badarg;
			break;
		case O_DRAIN:
			if (arg_uint(optarg, 0, 60000, &p.drain_ms) == -1)
				goto badarg;
			break;
		case O_TCPRATE:
			if (arg_uint(optarg, 1, 1000, &tcp_rate) == -1)
				goto badarg;
			break;
		case 'h':
			probe_usage(stdout);
			return 0;
		default:
			probe_usage(stderr);
			return 1;
		}
	}
	if (optind != argc || !have_src || !have_dst) {
		if (optind == argc)
			fprintf(stderr, "fama cn: probe needs -b and -c\n");
		probe_usage(stderr);
		return 1;
	}
	if (p.rate == 0 && !p.tcp) {
		fprintf(stderr, "fama cn: nothing to send (-r 0 without -t)\n");
		return 1;
	}
	p.tcp_rate = tcp_rate != 0 ? tcp_rate : p.rate != 0 ? p.rate : 100;
	if (auth_random(&p.flow, sizeof(p.flow)) == -1) {
		fprintf(stderr, "fama cn: random: %s\n", strerror(errno));
		return 1;
	}
	log_init(1, LOG_DAEMON);
	log_procinit("cn");
	if (ev_init() == -1) {
		fprintf(stderr, "fama cn: event loop: %s\n", strerror(errno));
		return 1;
	}
	probe_log_init(&p.ulog);
	probe_log_init(&p.tlog);
	ev_timer_init(&p.utimer, utimer_cb, &p);
	ev_timer_init(&p.ttimer, ttimer_cb, &p);
	ev_timer_init(&p.stop_timer, stop_timer_cb, &p);
	p.start_ms = ev_now_ms();
	/* The socket stays bound to the source for the probe's life: that
	 * is what keeps the address in use across moves. */
	if (p.rate > 0) {
		sa_make(&sa, &p.src, 0);
		if ((p.udp = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC,
		    0)) == -1 || bind(p.udp, (struct sockaddr *)&sa,
		    sizeof(sa)) == -1 ||
		    ev_add(p.udp, POLLIN, udp_reply_cb, &p) == -1) {
			fprintf(stderr, "fama cn: UDP from %s: %s\n",
			    inet_ntop(AF_INET6, &p.src, a, sizeof(a)),
			    strerror(errno));
			goto out;
		}
		ev_timer_add(&p.utimer, 0);
	}
	if (p.tcp) {
		if (tcp_open(&p) == -1) {
			fprintf(stderr, "fama cn: TCP: %s\n", strerror(errno));
			goto out;
		}
		ev_timer_add(&p.ttimer, 0);
	}
	if (p.duration > 0)
		ev_timer_add(&p.stop_timer, (uint64_t)p.duration * 1000);
	if (ev_signal(SIGTERM, probe_stop_cb, &p) == -1 ||
	    ev_signal(SIGINT, probe_stop_cb, &p) == -1) {
		fprintf(stderr, "fama cn: signals: %s\n", strerror(errno));
		goto out;
	}
	if (ev_run() == -1) {
		fprintf(stderr, "fama cn: %s\n", strerror(errno));
		goto out;
	}
	if (p.end_us == 0)
		p.end_us = run_now_us();
	rc = probe_report(&p);
out:
	if (p.udp != -1)
		close(p.udp);
	if (p.tcpfd != -1)
		close(p.tcpfd);
	probe_log_free(&p.ulog);
	probe_log_free(&p.tlog);
	ev_free();
	return rc;
badarg:
	fprintf(stderr, "fama cn: -%c: bad value '%s'\n", ch < 256 ? ch : '-',
	    optarg);
	probe_usage(stderr);
	return 1;
}

static void
cn_usage(FILE *f)
{
	fprintf(f, "usage: fama cn serve [-v] [-l address] [-p port]\n"
	    "       fama cn probe [-qt] -b source -c destination "
	    "[-d seconds] [-j file]\n"
	    "                     [-p port] [-r rate] [-s size] [-w file] "
	    "[--drain ms]\n"
	    "                     [--stall ms] [--tcp-rate rate]\n");
}

int
cn_main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		cn_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	if (strcmp(argv[1], "serve") == 0)
		return cn_serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "probe") == 0)
		return cn_probe_main(argc - 1, argv + 1);
	fprintf(stderr, "fama cn: unknown command '%s'\n", argv[1]);
	cn_usage(stderr);
	return 1;
}

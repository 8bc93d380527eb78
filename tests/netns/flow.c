// SPDX-License-Identifier: GPL-2.0-only
/* Test driver for the daemon tests: long-lived UDP and TCP flows whose
 * socket stays bound to one source address across moves, logging every
 * echo that comes back, so that a script can tell whether a flow survived.
 *   flow server ADDR PORT          UDP and TCP echo on ADDR:PORT
 *   flow client udp|tcp SRC DST PORT INTERVAL_MS
 *        prints "ready", then one line per echo: "<ms> ok <seq>", and
 *        "<ms> error <why>" (then exits 1) when the TCP connection breaks.
 * Not a test by itself; removed with its namespaces. */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXCONN	32

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
addr6(struct sockaddr_in6 *sa, const char *a, const char *port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin6_family = AF_INET6;
	sa->sin6_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET6, a, &sa->sin6_addr) != 1)
		errx(2, "bad address %s", a);
}

static int
bound(int type, const char *a, const char *port)
{
	struct sockaddr_in6 sa;
	int s, on = 1;

	if ((s = socket(AF_INET6, type, 0)) == -1)
		err(1, "socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	addr6(&sa, a, port);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		err(1, "bind %s", a);
	return s;
}

static int
server(const char *a, const char *port)
{
	struct pollfd p[2 + MAXCONN];
	struct sockaddr_in6 from;
	socklen_t flen;
	uint8_t buf[2048];
	int u, t, c, i, n = 2;
	ssize_t r;

	u = bound(SOCK_DGRAM, a, port);
	t = bound(SOCK_STREAM, a, port);
	if (listen(t, 16) == -1)
		err(1, "listen");
	p[0].fd = u;
	p[1].fd = t;
	p[0].events = p[1].events = POLLIN;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (poll(p, (nfds_t)n, -1) == -1)
			err(1, "poll");
		if (p[0].revents & POLLIN) {
			flen = sizeof(from);
			r = recvfrom(u, buf, sizeof(buf), 0,
			    (struct sockaddr *)&from, &flen);
			if (r > 0)
				sendto(u, buf, (size_t)r, 0,
				    (struct sockaddr *)&from, flen);
		}
		if ((p[1].revents & POLLIN) && n < 2 + MAXCONN &&
		    (c = accept(t, NULL, NULL)) != -1) {
			p[n].fd = c;
			p[n].events = POLLIN;
			p[n].revents = 0;
			n++;
		}
		for (i = 2; i < n; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(p[i].fd, buf, sizeof(buf));
			if (r <= 0 || write(p[i].fd, buf, (size_t)r) != r) {
				close(p[i].fd);
				p[i] = p[--n];
				i--;
			}
		}
	}
}

static int
client(const char *kind, const char *src, const char *dst, const char *port,
    int interval)
{
	struct sockaddr_in6 to;
	struct pollfd p;
	uint8_t buf[64];
	uint32_t seq = 0, got;
	bool tcp = strcmp(kind, "tcp") == 0;
	uint64_t next;
	ssize_t r;
	int s;

	s = bound(tcp ? SOCK_STREAM : SOCK_DGRAM, src, "0");
	addr6(&to, dst, port);
	if (connect(s, (struct sockaddr *)&to, sizeof(to)) == -1)
		err(1, "connect");
	printf("ready\n");
	fflush(stdout);
	p.fd = s;
	p.events = POLLIN;
	next = now_ms();
	for (;;) {
		uint64_t t = now_ms();
		int wait = next > t ? (int)(next - t) : 0;

		if (wait == 0) {
			seq++;
			memcpy(buf, &seq, sizeof(seq));
			memset(buf + 4, 0xa5, 60);
			/* UDP: errors while the path is down are expected */
			if (send(s, buf, sizeof(buf), MSG_NOSIGNAL) == -1 &&
			    tcp) {
				printf("%llu error send: %s\n",
				    (unsigned long long)now_ms(),
				    strerror(errno));
				return 1;
			}
			next += (uint64_t)interval;
			continue;
		}
		if (poll(&p, 1, wait) <= 0)
			continue;
		r = recv(s, buf, sizeof(buf), tcp ? MSG_WAITALL : 0);
		if (r <= 0 && tcp) {
			printf("%llu error recv: %s\n",
			    (unsigned long long)now_ms(),
			    r == 0 ? "closed" : strerror(errno));
			return 1;
		}
		if (r < 4)
			continue;
		memcpy(&got, buf, sizeof(got));
		printf("%llu ok %u\n", (unsigned long long)now_ms(), got);
		fflush(stdout);
	}
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && strcmp(argv[1], "server") == 0)
		return server(argv[2], argv[3]);
	if (argc == 7 && strcmp(argv[1], "client") == 0)
		return client(argv[2], argv[3], argv[4], argv[5],
		    atoi(argv[6]));
	fprintf(stderr, "usage: flow server ADDR PORT\n"
	    "       flow client udp|tcp SRC DST PORT INTERVAL_MS\n");
	return 2;
}

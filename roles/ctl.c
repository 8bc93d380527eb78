// SPDX-License-Identifier: GPL-2.0-only
/* The control socket: accept with back-off, one bounded request line per
 * client, replies queued and written without blocking; and its client. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "roles/ctl.h"
#include "roles/daemon.h"
#include "roles/ev.h"
#include "roles/log.h"

#define SUN_PATH_LEN	sizeof(((struct sockaddr_un *)0)->sun_path)

struct ctl_reply {
	FILE	*f;
	char	*buf;
	size_t	 len;
	bool	 failed;
	char	 msg[256];
};

struct ctl_client {
	struct ctl_server	*srv;
	struct ctl_client	*next;
	int			 fd;
	char			 in[CTL_REQ_MAX];
	size_t			 inlen;
	char			*out;		/* NULL while reading */
	size_t			 outlen;
	size_t			 outoff;
	struct ev_timer		 idle;
};

struct ctl_server {
	int			 fd;
	dev_t			 dev;
	ino_t			 ino;
	char			 path[SUN_PATH_LEN];
	const struct ctl_cmd	*cmds;
	size_t			 ncmds;
	void			*arg;
	struct ctl_client	*clients;
	size_t			 nclients;
	bool			 full;		/* accept paused: limit */
	struct ev_timer		 backoff;	/* accept paused: EMFILE */
	uint64_t		 idle_ms;
	uint64_t		 backoff_ms;
};

static int	ctl_accept(int, short, void *);

static int
ctl_sockaddr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

/* Reply building, for the handlers. */

int
ctl_printf(struct ctl_reply *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(r->f, fmt, ap);
	va_end(ap);
	return n < 0 ? -1 : 0;
}

FILE *
ctl_out(struct ctl_reply *r)
{
	return r->f;
}

int
ctl_error(struct ctl_reply *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->failed = true;
	return -1;
}

/* Clients. */

static void
ctl_client_free(struct ctl_client *c)
{
	struct ctl_server *srv = c->srv;
	struct ctl_client **pp;

	for (pp = &srv->clients; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	srv->nclients--;
	ev_timer_cancel(&c->idle);
	ev_del(c->fd);
	close(c->fd);
	free(c->out);
	free(c);
	if (srv->full && srv->nclients < CTL_CLIENTS_MAX) {
		srv->full = false;
		if (!ev_timer_pending(&srv->backoff))
			ev_mod(srv->fd, POLLIN);
	}
}

static int
ctl_client_idle(struct ev_timer *t, void *arg)
{
	struct ctl_client *c = arg;

	(void)t;
	log_debug("control client dropped: no progress for %llu ms",
	    (unsigned long long)c->srv->idle_ms);
	ctl_client_free(c);
	return 0;
}

/* Queue "STATUS LEN\n" + body as the client's output. */
static int
ctl_client_queue(struct ctl_client *c, bool ok, const char *body,
    size_t len)
{
	char hdr[32];
	int n;

	n = snprintf(hdr, sizeof(hdr), "%s %zu\n", ok ? "ok" : "error", len);
	if ((c->out = malloc((size_t)n + len)) == NULL)
		return -1;
	memcpy(c->out, hdr, (size_t)n);
	memcpy(c->out + n, body, len);
	c->outlen = (size_t)n + len;
	c->outoff = 0;
	return 0;
}

static int
ctl_help(struct ctl_server *srv, struct ctl_reply *r)
{
	size_t i;

	for (i = 0; i < srv->ncmds; i++)
		ctl_printf(r, "%s\n", srv->cmds[i].help != NULL ?
		    srv->cmds[i].help : srv->cmds[i].name);
	return 0;
}

/* Runs the request in line (NUL-terminated) and queues the reply. */
static int
ctl_client_run(struct ctl_client *c, char *line)
{
	struct ctl_server *srv = c->srv;
	struct ctl_reply r;
	char *argv[CTL_ARGS_MAX + 1], *p, *save;
	const struct ctl_cmd *cmd = NULL;
	char msg[300];
	size_t i;
	int argc = 0, rv;

	for (p = strtok_r(line, " \t", &save); p != NULL;
	    p = strtok_r(NULL, " \t", &save)) {
		if (argc == CTL_ARGS_MAX) {
			snprintf(msg, sizeof(msg), "too many arguments "
			    "(at most %d)\n", CTL_ARGS_MAX);
			return ctl_client_queue(c, false, msg, strlen(msg));
		}
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	if (argc == 0) {
		snprintf(msg, sizeof(msg), "empty request\n");
		return ctl_client_queue(c, false, msg, strlen(msg));
	}
	for (i = 0; i < srv->ncmds; i++)
		if (strcmp(argv[0], srv->cmds[i].name) == 0) {
			cmd = &srv->cmds[i];
			break;
		}
	if (cmd == NULL && strcmp(argv[0], "help") != 0) {
		/* The name is the client's: keep it printable and short. */
		for (p = argv[0]; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		snprintf(msg, sizeof(msg), "unknown command '%.64s'; try "
		    "'help'\n", argv[0]);
		return ctl_client_queue(c, false, msg, strlen(msg));
	}

	memset(&r, 0, sizeof(r));
	if ((r.f = open_memstream(&r.buf, &r.len)) == NULL)
		return -1;
	if (cmd == NULL)
		rv = ctl_help(srv, &r);
	else
		rv = cmd->fn(argc, argv, &r, srv->arg);
	if (fclose(r.f) == EOF && !r.failed)
		rv = ctl_error(&r, "out of memory");
	if (rv == -1 || r.failed) {
		if (r.msg[0] == '\0')
			snprintf(r.msg, sizeof(r.msg), "%s failed", argv[0]);
		snprintf(msg, sizeof(msg), "%s\n", r.msg);
		/* One line, whatever the handler put in it. */
		for (i = 0; msg[i + 1] != '\0'; i++)
			if ((unsigned char)msg[i] < 0x20)
				msg[i] = ' ';
		rv = ctl_client_queue(c, false, msg, strlen(msg));
	} else
		rv = ctl_client_queue(c, true, r.buf != NULL ? r.buf : "",
		    r.len);
	free(r.buf);
	return rv;
}

/* Writes what is queued, POLLOUT only while some remains; frees the
 * client when all is written or it failed. */
static void
ctl_client_flush(struct ctl_client *c)
{
	ssize_t n;

	while (c->outoff < c->outlen) {
		n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			ev_mod(c->fd, POLLOUT);
			return;
		}
		if (n == -1) {
			log_debug("control client: %s", strerror(errno));
			break;
		}
		c->outoff += (size_t)n;
		ev_timer_add(&c->idle, c->srv->idle_ms);
	}
	ctl_client_free(c);
}

static int
ctl_client_io(int fd, short rev, void *arg)
{
	struct ctl_client *c = arg;
	char *nl, msg[64];
	ssize_t n;

	if (c->out != NULL) {
		ctl_client_flush(c);
		return 0;
	}
	if (!(rev & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	n = read(fd, c->in + c->inlen, sizeof(c->in) - c->inlen);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		/* Gone before a whole line: nobody to answer. */
		ctl_client_free(c);
		return 0;
	}
	c->inlen += (size_t)n;
	ev_timer_add(&c->idle, c->srv->idle_ms);
	if ((nl = memchr(c->in, '\n', c->inlen)) == NULL) {
		if (c->inlen < sizeof(c->in))
			return 0;
		snprintf(msg, sizeof(msg), "request too long (at most %d "
		    "octets)\n", CTL_REQ_MAX);
		if (ctl_client_queue(c, false, msg, strlen(msg)) == -1)
			goto fail;
	} else if (memchr(c->in, '\0', (size_t)(nl - c->in)) != NULL) {
		snprintf(msg, sizeof(msg), "NUL in request\n");
		if (ctl_client_queue(c, false, msg, strlen(msg)) == -1)
			goto fail;
	} else {
		*nl = '\0';
		if (nl > c->in && nl[-1] == '\r')
			nl[-1] = '\0';
		if (ctl_client_run(c, c->in) == -1)
			goto fail;
	}
	/* Reading is over; whatever else the client sends is ignored. */
	ev_mod(fd, 0);
	ctl_client_flush(c);
	return 0;
fail:
	log_warn("control client");
	ctl_client_free(c);
	return 0;
}

static int
ctl_client_new(struct ctl_server *srv, int fd)
{
	struct ctl_client *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->srv = srv;
	c->fd = fd;
	ev_timer_init(&c->idle, ctl_client_idle, c);
	if (ev_add(fd, POLLIN, ctl_client_io, c) == -1 ||
	    ev_timer_add(&c->idle, srv->idle_ms) == -1) {
		ev_del(fd);
		free(c);
		return -1;
	}
	c->next = srv->clients;
	srv->clients = c;
	srv->nclients++;
	return 0;
}

/* The listening socket. */

static int
ctl_resume(struct ev_timer *t, void *arg)
{
	struct ctl_server *srv = arg;

	(void)t;
	if (!srv->full)
		ev_mod(srv->fd, POLLIN);
	return 0;
}

static int
ctl_accept(int lfd, short rev, void *arg)
{
	struct ctl_server *srv = arg;
	int fd;

	(void)rev;
	for (;;) {
		if (srv->nclients >= CTL_CLIENTS_MAX) {
			/* The rest wait in the backlog. */
			srv->full = true;
			ev_mod(lfd, 0);
			return 0;
		}
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			switch (errno) {
			case EINTR:
			case ECONNABORTED:
				continue;
			case EAGAIN:
				return 0;
			case EMFILE:
			case ENFILE:
			case ENOBUFS:
			case ENOMEM:
				/* Polling again at once would spin: the
				 * connection stays pending. */
				log_warn("control socket accept, pausing for "
				    "%llu ms", (unsigned long long)
				    srv->backoff_ms);
				ev_mod(lfd, 0);
				ev_timer_add(&srv->backoff, srv->backoff_ms);
				return 0;
			default:
				log_warn("control socket accept");
				return 0;
			}
		}
		if (ctl_client_new(srv, fd) == -1) {
			log_warn("control client");
			close(fd);
		}
	}
}

/* Is someone listening at path?  1 yes, 0 no (stale), -1 error. */
static int
ctl_probe(const char *path)
{
	struct sockaddr_un sun;
	int fd, r;

	if (ctl_sockaddr(&sun, path) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	r = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	if (r == 0)
		return 1;
	if (errno == ECONNREFUSED || errno == ENOENT)
		return 0;
	return -1;
}

struct ctl_server *
ctl_listen(const char *path, const struct ctl_cmd *cmds, size_t ncmds,
    void *arg)
{
	struct ctl_server *srv;
	struct sockaddr_un sun;
	struct stat st;
	mode_t old;
	int fd, r, saved;

	if (ctl_sockaddr(&sun, path) == -1)
		return NULL;
	if (daemon_mkparent(path, 0755) == -1)
		return NULL;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			errno = EEXIST;
			return NULL;
		}
		if ((r = ctl_probe(path)) == -1)
			return NULL;
		if (r == 1) {
			errno = EADDRINUSE;
			return NULL;
		}
		if (unlink(path) == -1 && errno != ENOENT)
			return NULL;
	} else if (errno != ENOENT)
		return NULL;

	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		return NULL;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	/* The mode is right from the start, not after a chmod. */
	old = umask(0117);
	r = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (r == -1)
		goto fail;
	if (chmod(path, 0660) == -1 || stat(path, &st) == -1 ||
	    listen(fd, 16) == -1)
		goto unlink;
	srv->fd = fd;
	srv->dev = st.st_dev;
	srv->ino = st.st_ino;
	strcpy(srv->path, path);
	srv->cmds = cmds;
	srv->ncmds = ncmds;
	srv->arg = arg;
	srv->idle_ms = CTL_IDLE_MS;
	srv->backoff_ms = CTL_BACKOFF_MS;
	ev_timer_init(&srv->backoff, ctl_resume, srv);
	if (ev_add(fd, POLLIN, ctl_accept, srv) == -1)
		goto unlink;
	return srv;
unlink:
	saved = errno;
	unlink(path);
	errno = saved;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	free(srv);
	errno = saved;
	return NULL;
}

void
ctl_set_timeouts(struct ctl_server *srv, uint64_t idle_ms,
    uint64_t backoff_ms)
{
	srv->idle_ms = idle_ms;
	srv->backoff_ms = backoff_ms;
}

size_t
ctl_nclients(const struct ctl_server *srv)
{
	return srv->nclients;
}

void
ctl_close(struct ctl_server *srv)
{
	struct stat st;

	if (srv == NULL)
		return;
	while (srv->clients != NULL)
		ctl_client_free(srv->clients);
	ev_timer_cancel(&srv->backoff);
	ev_del(srv->fd);
	close(srv->fd);
	if (stat(srv->path, &st) == 0 && st.st_dev == srv->dev &&
	    st.st_ino == srv->ino)
		unlink(srv->path);
	free(srv);
}

/* The client. */

static int
ctl_build_request(char *req, size_t cap, int argc, char **argv)
{
	size_t len = 0, n;
	const char *p;
	int i;

	if (argc < 1) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (argv[i] == NULL || argv[i][0] == '\0') {
			errno = EINVAL;
			return -1;
		}
		for (p = argv[i]; *p != '\0'; p++)
			if ((unsigned char)*p <= ' ' || *p == 0x7f) {
				errno = EINVAL;
				return -1;
			}
		n = strlen(argv[i]);
		if (i >= CTL_ARGS_MAX || len + n + 1 > cap) {
			errno = E2BIG;
			return -1;
		}
		memcpy(req + len, argv[i], n);
		len += n;
		req[len++] = i + 1 < argc ? ' ' : '\n';
	}
	return (int)len;
}

/* Parses "ok LEN" or "error LEN" (the LF already cut off). */
static int
ctl_parse_status(const char *hdr, bool *ok, size_t *len)
{
	unsigned long long v;
	const char *p;
	char *end;

	if (strncmp(hdr, "ok ", 3) == 0) {
		*ok = true;
		p = hdr + 3;
	} else if (strncmp(hdr, "error ", 6) == 0) {
		*ok = false;
		p = hdr + 6;
	} else
		return -1;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (*end != '\0' || errno != 0 || v > SIZE_MAX)
		return -1;
	*len = (size_t)v;
	return 0;
}

/*
 * A blocking socket with SO_RCVTIMEO and SO_SNDTIMEO: every step (the
 * connect, which waits while the daemon's backlog is full, each send and
 * each read) gives up after timeout_ms without progress.
 */
int
ctl_request(const char *path, int argc, char **argv, FILE *out,
    char *errbuf, size_t errlen, int timeout_ms)
{
	struct sockaddr_un sun;
	struct timeval tv;
	char req[CTL_REQ_MAX], buf[4096], hdr[32];
	size_t off, len, hlen = 0, want = 0, got = 0, elen = 0, n;
	bool have_hdr = false, ok = false;
	ssize_t r;
	int fd, rlen, saved, rv = -1;

	if (errlen > 0)
		errbuf[0] = '\0';
	if ((rlen = ctl_build_request(req, sizeof(req), argc, argv)) == -1)
		return -1;
	if (ctl_sockaddr(&sun, path) == -1)
		return -1;
	if (timeout_ms <= 0)
		timeout_ms = CTL_TIMEOUT_MS;
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1)
		goto out;
	while (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		if (errno != EINTR)
			goto timeout;
	for (off = 0; off < (size_t)rlen; off += (size_t)r)
		while ((r = send(fd, req + off, (size_t)rlen - off,
		    MSG_NOSIGNAL)) == -1)
			if (errno != EINTR)
				goto timeout;

	while (!have_hdr || got < want) {
		r = read(fd, buf, sizeof(buf));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto timeout;
		if (r == 0) {
			/* Closed before the whole reply. */
			errno = EPROTO;
			goto out;
		}
		off = 0;
		len = (size_t)r;
		while (!have_hdr && off < len) {
			if (hlen == sizeof(hdr) - 1) {
				errno = EPROTO;
				goto out;
			}
			if ((hdr[hlen++] = buf[off++]) != '\n')
				continue;
			hdr[hlen - 1] = '\0';
			if (ctl_parse_status(hdr, &ok, &want) == -1) {
				errno = EPROTO;
				goto out;
			}
			have_hdr = true;
		}
		n = len - off < want - got ? len - off : want - got;
		if (ok && out != NULL && n > 0 &&
		    fwrite(buf + off, 1, n, out) != n) {
			errno = EIO;
			goto out;
		}
		if (!ok && errlen > 0 && elen < errlen - 1) {
			len = n < errlen - 1 - elen ? n : errlen - 1 - elen;
			memcpy(errbuf + elen, buf + off, len);
			elen += len;
			errbuf[elen] = '\0';
		}
		got += n;
	}
	if (ok && out != NULL && fflush(out) == EOF) {
		errno = EIO;
		goto out;
	}
	if (!ok && elen > 0 && errbuf[elen - 1] == '\n')
		errbuf[elen - 1] = '\0';
	rv = ok ? 0 : 1;
	goto out;
timeout:
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		errno = ETIMEDOUT;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return rv;
}

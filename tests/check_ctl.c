// SPDX-License-Identifier: GPL-2.0-only
/* roles/ctl: a control server in a child process on the event loop, the
 * client against it, the wire protocol byte by byte, slow and idle
 * clients, stale and live sockets, and accept back-off on EMFILE. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "roles/ctl.h"
#include "roles/ev.h"
#include "roles/json.h"
#include "roles/log.h"
#include "tests/testlib.h"

/* Sockets and logs go to the run-unique tmpdir (testlib.h); server
 * children die with their test (PR_SET_PDEATHSIG). */

/* The commands of the test server. */

static int
cmd_echo(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	int i;

	(void)arg;
	for (i = 1; i < argc; i++)
		ctl_printf(r, "%s%s", argv[i], i + 1 < argc ? " " : "");
	return ctl_printf(r, "\n");
}

static int
cmd_fail(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	(void)arg;
	ctl_printf(r, "this output is discarded\n");
	return ctl_error(r, "failed: %s", argc > 1 ? argv[1] : "(none)");
}

static int
cmd_failplain(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	(void)argc;
	(void)argv;
	(void)r;
	(void)arg;
	return -1;
}

static int
cmd_multiline(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	(void)argc;
	(void)argv;
	(void)arg;
	return ctl_error(r, "two\nlines");
}

/* "big N": N octets of a known pattern. */
static int
cmd_big(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	long n, i;

	(void)arg;
	if (argc != 2 || (n = atol(argv[1])) <= 0)
		return ctl_error(r, "usage: big N");
	for (i = 0; i < n; i++)
		fputc('a' + (int)(i % 26), ctl_out(r));
	return 0;
}

static int
cmd_json(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	struct json j;

	(void)argc;
	(void)argv;
	json_init(&j, ctl_out(r), 0);
	json_object_open(&j, NULL);
	json_string(&j, "arg", arg);
	json_object_close(&j);
	return json_done(&j) == 0 ? 0 : ctl_error(r, "json");
}

static int
cmd_iters(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	(void)argc;
	(void)argv;
	(void)arg;
	return ctl_printf(r, "%llu\n", (unsigned long long)ev_iterations());
}

static const struct ctl_cmd cmds[] = {
	{ "echo", cmd_echo, "echo [word ...]" },
	{ "fail", cmd_fail, "fail [why]" },
	{ "failplain", cmd_failplain, NULL },
	{ "multiline", cmd_multiline, NULL },
	{ "big", cmd_big, "big N" },
	{ "json", cmd_json, "json" },
	{ "iters", cmd_iters, "iters" },
};

/* The server child. */

struct srv_opts {
	uint64_t	idle_ms;
	uint64_t	backoff_ms;
	int		fd_headroom;	/* > 0: RLIMIT_NOFILE that tight */
};

static pid_t srv_pid;

static int
srv_stop(int signo, void *arg)
{
	(void)signo;
	(void)arg;
	ev_break();
	return 0;
}

/* One past the n-th free fd number: as RLIMIT_NOFILE, it leaves exactly n
 * fds to open (the runner may hold fds with gaps below them). */
static int
fd_limit(int n)
{
	int fd;

	for (fd = 0; n > 0; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			n--;
	return fd;
}

static void __attribute__((__noreturn__))
server_child(const char *path, const struct srv_opts *o, int ready,
    pid_t parent)
{
	struct ctl_server *srv;
	char logpath[128];
	struct rlimit rl;
	FILE *lf;
	int rc;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	snprintf(logpath, sizeof(logpath), "%s.log", path);
	/* The test process may have a loop of its own. */
	ev_free();
	if ((lf = fopen(logpath, "a")) == NULL || ev_init() == -1)
		_exit(2);
	log_init(1, LOG_DAEMON);
	log_setfile(lf);
	log_setverbose(1);
	if ((srv = ctl_listen(path, cmds, sizeof(cmds) / sizeof(cmds[0]),
	    (void *)"ctx")) == NULL) {
		log_warn("ctl_listen %s", path);
		_exit(3);
	}
	ctl_set_timeouts(srv, o->idle_ms, o->backoff_ms);
	if (ev_signal(SIGTERM, srv_stop, NULL) == -1)
		_exit(4);
	if (o->fd_headroom > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)fd_limit(o->fd_headroom);
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			_exit(5);
	}
	if (write(ready, "k", 1) != 1)
		_exit(6);
	close(ready);
	rc = ev_run();
	if (rc == -1)
		log_warn("ev_run");
	ctl_close(srv);
	ev_free();
	fclose(lf);
	_exit(rc == 0 ? 0 : 7);
}

static void
start_server(const char *path, const struct srv_opts *o)
{
	struct pollfd p;
	pid_t parent = getpid();
	int fds[2];
	char c;

	ck_assert_int_eq(pipe(fds), 0);
	srv_pid = fork();
	ck_assert_int_ne(srv_pid, -1);
	if (srv_pid == 0) {
		close(fds[0]);
		server_child(path, o, fds[1], parent);
	}
	close(fds[1]);
	p.fd = fds[0];
	p.events = POLLIN;
	ck_assert_int_eq(poll(&p, 1, 3000), 1);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
}

static void
stop_server(void)
{
	int st;

	ck_assert_int_eq(kill(srv_pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(srv_pid, &st, 0), srv_pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "server exit status %#x", st);
	srv_pid = 0;
}

static const struct srv_opts defaults = { CTL_IDLE_MS, CTL_BACKOFF_MS, 0 };

/* Client helpers. */

static int
request(const char *path, const char *line, char **out, char *err,
    size_t errlen)
{
	char copy[2048], *argv[64], *save, *p;
	size_t len;
	FILE *f;
	int argc = 0, rv;

	snprintf(copy, sizeof(copy), "%s", line);
	for (p = strtok_r(copy, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save))
		argv[argc++] = p;
	f = open_memstream(out, &len);
	ck_assert_ptr_nonnull(f);
	rv = ctl_request(path, argc, argv, f, err, errlen, 3000);
	fclose(f);
	return rv;
}

static int
raw_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	return fd;
}

/* Everything until EOF (cap - 1 octets at most), NUL-terminated. */
static size_t
raw_read_all(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	return len;
}

/* Sends raw octets on a new connection, returns the whole reply. */
static void
raw_exchange(const char *path, const char *req, size_t reqlen, char *buf,
    size_t cap)
{
	int fd = raw_connect(path);

	ck_assert_int_eq(write(fd, req, reqlen), (ssize_t)reqlen);
	raw_read_all(fd, buf, cap);
	close(fd);
}

START_TEST(request_and_reply)
{
	char path[128], err[256], *out = NULL;
	struct stat st;
	size_t i;

	tmpdir_path(path, sizeof(path), "dar.sock");
	start_server(path, &defaults);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0660);

	ck_assert_int_eq(request(path, "echo a b c", &out, err, sizeof(err)),
	    0);
	ck_assert_str_eq(out, "a b c\n");
	ck_assert_str_eq(err, "");
	free(out);
	ck_assert_int_eq(request(path, "json", &out, err, sizeof(err)), 0);
	ck_assert_str_eq(out, "{\"arg\":\"ctx\"}\n");
	free(out);
	ck_assert_int_eq(request(path, "fail x", &out, err, sizeof(err)), 1);
	ck_assert_str_eq(err, "failed: x");
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_int_eq(request(path, "failplain", &out, err, sizeof(err)),
	    1);
	ck_assert_str_eq(err, "failplain failed");
	free(out);
	ck_assert_int_eq(request(path, "multiline", &out, err, sizeof(err)),
	    1);
	ck_assert_str_eq(err, "two lines");
	free(out);
	ck_assert_int_eq(request(path, "nosuch", &out, err, sizeof(err)), 1);
	ck_assert_str_eq(err, "unknown command 'nosuch'; try 'help'");
	free(out);
	/* Exact names only. */
	ck_assert_int_eq(request(path, "ech hi", &out, err, sizeof(err)), 1);
	free(out);
	/* A short error buffer truncates, and never overflows. */
	ck_assert_int_eq(request(path, "fail 0123456789", &out, err, 6), 1);
	ck_assert_str_eq(err, "faile");
	free(out);
	ck_assert_int_eq(request(path, "help", &out, err, sizeof(err)), 0);
	ck_assert_str_eq(out, "echo [word ...]\nfail [why]\nfailplain\n"
	    "multiline\nbig N\njson\niters\n");
	free(out);
	ck_assert_int_eq(request(path, "big 1000000", &out, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(strlen(out), 1000000);
	for (i = 0; i < 1000000; i++)
		if (out[i] != 'a' + (int)(i % 26))
			ck_abort_msg("octet %zu is wrong", i);
	free(out);
	stop_server();
	/* The daemon removed its socket on the way out. */
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* The protocol as documented in ctl.h, octet by octet. */
START_TEST(wire_protocol)
{
	char path[128], buf[4096], req[CTL_REQ_MAX + 16];
	int n;

	tmpdir_path(path, sizeof(path), "wire.sock");
	start_server(path, &defaults);
	raw_exchange(path, "echo a  b\tc\r\n", 13, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ok 6\na b c\n");
	/* Anything after the first line is ignored. */
	raw_exchange(path, "echo 1\necho 2\n", 14, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ok 2\n1\n");
	raw_exchange(path, "\n", 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "error 14\nempty request\n");
	raw_exchange(path, "echo \0x\n", 8, buf, sizeof(buf));
	ck_assert_str_eq(buf, "error 15\nNUL in request\n");
	raw_exchange(path, "nosuch\x1b\n", 8, buf, sizeof(buf));
	ck_assert_str_eq(buf, "error 38\nunknown command 'nosuch?'; try "
	    "'help'\n");
	/* 33 words. */
	n = snprintf(req, sizeof(req), "echo");
	while (n < 4 + 32 * 2)
		n += snprintf(req + n, sizeof(req) - (size_t)n, " x");
	req[n++] = '\n';
	raw_exchange(path, req, (size_t)n, buf, sizeof(buf));
	ck_assert_str_eq(buf, "error 32\ntoo many arguments (at most 32)\n");
	/* The longest request: CTL_REQ_MAX octets with the newline. */
	memset(req, 'a', sizeof(req));
	memcpy(req, "echo ", 5);
	req[CTL_REQ_MAX - 1] = '\n';
	raw_exchange(path, req, CTL_REQ_MAX, buf, sizeof(buf));
	ck_assert_int_eq(strncmp(buf, "ok 1019\naaaa", 12), 0);
	ck_assert_uint_eq(strlen(buf), 8 + 1019);
	/* One more octet is too many. */
	req[CTL_REQ_MAX - 1] = 'a';
	req[CTL_REQ_MAX] = '\n';
	raw_exchange(path, req, CTL_REQ_MAX + 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "error 39\nrequest too long (at most 1024 "
	    "octets)\n");
	stop_server();
}
END_TEST

/* A client that does not read a 4 MB reply holds only its own buffer:
 * others are served meanwhile, and it gets all of it once it reads. */
START_TEST(slow_client_does_not_block)
{
	char path[128], err[256], *out = NULL, *big;
	size_t n, i, want = 4000000;
	uint64_t t0;
	int fd;

	tmpdir_path(path, sizeof(path), "slow.sock");
	start_server(path, &defaults);
	fd = raw_connect(path);
	ck_assert_int_eq(write(fd, "big 4000000\n", 12), 12);
	usleep(100 * 1000);
	for (i = 0; i < 5; i++) {
		t0 = ev_now_ms();
		ck_assert_int_eq(request(path, "echo hi", &out, err,
		    sizeof(err)), 0);
		ck_assert_str_eq(out, "hi\n");
		ck_assert_uint_lt(ev_now_ms() - t0, 500);
		free(out);
	}
	big = malloc(want + 64);
	ck_assert_ptr_nonnull(big);
	n = raw_read_all(fd, big, want + 64);
	ck_assert_uint_eq(n, 11 + want);
	ck_assert_int_eq(strncmp(big, "ok 4000000\n", 11), 0);
	for (i = 0; i < want; i++)
		if (big[11 + i] != 'a' + (int)(i % 26))
			ck_abort_msg("octet %zu is wrong", i);
	free(big);
	close(fd);
	/* The loop was not spinning while the output waited. */
	ck_assert_int_eq(request(path, "iters", &out, err, sizeof(err)), 0);
	ck_assert_msg(atol(out) < 2000, "%s iterations", out);
	free(out);
	stop_server();
}
END_TEST

/* A client without a whole line within the idle time is dropped. */
START_TEST(idle_client_dropped)
{
	static const struct srv_opts o = { 200, CTL_BACKOFF_MS, 0 };
	char path[128], buf[64];
	uint64_t t0, took;
	int fd;

	tmpdir_path(path, sizeof(path), "idle.sock");
	start_server(path, &o);
	fd = raw_connect(path);
	t0 = ev_now_ms();
	ck_assert_int_eq(write(fd, "echo", 4), 4);
	ck_assert_uint_eq(raw_read_all(fd, buf, sizeof(buf)), 0);
	took = ev_now_ms() - t0;
	ck_assert_uint_ge(took, 190);
	ck_assert_uint_lt(took, 600);
	close(fd);
	stop_server();
}
END_TEST

/* More clients at once than CTL_CLIENTS_MAX: the rest wait in the
 * backlog and all are answered. */
START_TEST(many_clients)
{
	char path[128], buf[64], want[64];
	int fd[CTL_CLIENTS_MAX + 8], i;
	char req[32];

	tmpdir_path(path, sizeof(path), "many.sock");
	start_server(path, &defaults);
	for (i = 0; i < CTL_CLIENTS_MAX + 8; i++) {
		fd[i] = raw_connect(path);
		snprintf(req, sizeof(req), "echo %d\n", i);
		ck_assert_int_eq(write(fd[i], req, strlen(req)),
		    (ssize_t)strlen(req));
	}
	for (i = 0; i < CTL_CLIENTS_MAX + 8; i++) {
		raw_read_all(fd[i], buf, sizeof(buf));
		snprintf(want, sizeof(want), "ok %d\n%d\n",
		    i < 10 ? 2 : 3, i);
		ck_assert_str_eq(buf, want);
		close(fd[i]);
	}
	stop_server();
}
END_TEST

/* Out of fds: accept pauses for the back-off instead of spinning, and
 * the server recovers when idle clients are dropped. */
START_TEST(emfile_backoff)
{
	static const struct srv_opts o = { 300, 200, 2 };
	char path[128], logpath[128], err[256], *out = NULL, buf[4096];
	int fd[8], i;
	size_t n;
	FILE *f;

	tmpdir_path(path, sizeof(path), "emfile.sock");
	tmpdir_path(logpath, sizeof(logpath), "emfile.sock.log");
	start_server(path, &o);
	for (i = 0; i < 8; i++)
		fd[i] = raw_connect(path);
	ck_assert_int_eq(request(path, "iters", &out, err, sizeof(err)), 0);
	ck_assert_msg(atol(out) < 200, "%s iterations", out);
	free(out);
	for (i = 0; i < 8; i++)
		close(fd[i]);
	stop_server();
	ck_assert_ptr_nonnull(f = fopen(logpath, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_msg(strstr(buf, "control socket accept, pausing for 200 ms: "
	    "Too many open files") != NULL, "log: %s", buf);
}
END_TEST

/* Socket files: stale ones are replaced, live ones and other files are
 * not; the mode is 0660; a missing directory is made. */
START_TEST(stale_live_and_foreign)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char path[128], other[128], longp[200], err[64], *out = NULL;
	struct ctl_server *srv;
	struct stat st;
	int fd;

	ck_assert_int_eq(ev_init(), 0);
	/* Stale: bound, then closed without unlinking. */
	tmpdir_path(path, sizeof(path), "stale.sock");
	ck_assert_uint_lt(strlen(path), sizeof(sun.sun_path));
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	ck_assert_int_eq(ctl_request(path, 1, (char *[]){ "echo", NULL },
	    NULL, err, sizeof(err), 1000), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
	srv = ctl_listen(path, cmds, 1, NULL);
	ck_assert_ptr_nonnull(srv);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0660);
	ck_assert_uint_eq(ctl_nclients(srv), 0);
	ctl_close(srv);
	ck_assert_int_eq(stat(path, &st), -1);

	/* Not a socket: left alone. */
	tmpdir_path(other, sizeof(other), "regular");
	fd = open(other, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_ptr_null(ctl_listen(other, cmds, 1, NULL));
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(stat(other, &st), 0);
	ck_assert(S_ISREG(st.st_mode));

	/* Live: another daemon answers there. */
	tmpdir_path(path, sizeof(path), "live.sock");
	start_server(path, &defaults);
	ck_assert_ptr_null(ctl_listen(path, cmds, 1, NULL));
	ck_assert_int_eq(errno, EADDRINUSE);
	ck_assert_int_eq(request(path, "echo still", &out, err, sizeof(err)),
	    0);
	ck_assert_str_eq(out, "still\n");
	free(out);
	stop_server();

	/* A missing directory (one level) is made. */
	tmpdir_path(path, sizeof(path), "run/fama.sock");
	srv = ctl_listen(path, cmds, 1, NULL);
	ck_assert_ptr_nonnull(srv);
	ctl_close(srv);
	tmpdir_path(path, sizeof(path), "a/b/fama.sock");
	ck_assert_ptr_null(ctl_listen(path, cmds, 1, NULL));
	ck_assert_int_eq(errno, ENOENT);

	memset(longp, 'x', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	ck_assert_ptr_null(ctl_listen(longp, cmds, 1, NULL));
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ev_free();
}
END_TEST

START_TEST(client_errors)
{
	char path[128], err[64], big[CTL_REQ_MAX];
	char *argv[CTL_ARGS_MAX + 2];
	int i;

	tmpdir_path(path, sizeof(path), "nobody.sock");
	argv[0] = "echo";
	ck_assert_int_eq(ctl_request(path, 1, argv, NULL, err, sizeof(err),
	    0), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(ctl_request(path, 0, argv, NULL, err, sizeof(err),
	    0), -1);
	ck_assert_int_eq(errno, EINVAL);
	argv[1] = "two words";
	ck_assert_int_eq(ctl_request(path, 2, argv, NULL, err, sizeof(err),
	    0), -1);
	ck_assert_int_eq(errno, EINVAL);
	argv[1] = "";
	ck_assert_int_eq(ctl_request(path, 2, argv, NULL, err, sizeof(err),
	    0), -1);
	ck_assert_int_eq(errno, EINVAL);
	argv[1] = "tab\there";
	ck_assert_int_eq(ctl_request(path, 2, argv, NULL, err, sizeof(err),
	    0), -1);
	ck_assert_int_eq(errno, EINVAL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	argv[1] = big;
	ck_assert_int_eq(ctl_request(path, 2, argv, NULL, err, sizeof(err),
	    0), -1);
	ck_assert_int_eq(errno, E2BIG);
	for (i = 0; i < CTL_ARGS_MAX + 1; i++)
		argv[i] = "x";
	ck_assert_int_eq(ctl_request(path, CTL_ARGS_MAX + 1, argv, NULL, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, E2BIG);
}
END_TEST

/* A fake daemon answering one request with canned octets, then holding
 * the connection for hold_ms. */
static pid_t
fake_server(const char *path, const char *reply, size_t len, int hold_ms)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	pid_t pid, parent = getpid();
	int lfd, fd;
	char buf[256];

	unlink(path);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		if ((fd = accept(lfd, NULL, NULL)) == -1)
			_exit(1);
		if (read(fd, buf, sizeof(buf)) <= 0)
			_exit(1);
		if (write(fd, reply, len) != (ssize_t)len)
			_exit(1);
		usleep((useconds_t)hold_ms * 1000);
		_exit(0);
	}
	close(lfd);
	return pid;
}

static int
fake_request(const char *path, const char *reply, size_t len, int hold_ms,
    char **out, char *err, size_t errlen, int timeout_ms)
{
	char *argv[] = { "show", NULL };
	size_t olen;
	pid_t pid;
	FILE *f;
	int rv, saved, st;

	pid = fake_server(path, reply, len, hold_ms);
	ck_assert_ptr_nonnull(f = open_memstream(out, &olen));
	rv = ctl_request(path, 1, argv, f, err, errlen, timeout_ms);
	saved = errno;
	fclose(f);
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	errno = saved;
	return rv;
}

START_TEST(bad_replies)
{
	char path[128], err[64], *out = NULL;
	uint64_t t0;

	tmpdir_path(path, sizeof(path), "fake.sock");
	ck_assert_int_eq(fake_request(path, "ok 3\nabcdef", 11, 0, &out, err,
	    sizeof(err), 0), 0);
	ck_assert_str_eq(out, "abc");
	free(out);
	ck_assert_int_eq(fake_request(path, "error 4\nbad\n", 12, 0, &out,
	    err, sizeof(err), 0), 1);
	ck_assert_str_eq(err, "bad");
	free(out);
	ck_assert_int_eq(fake_request(path, "ok 0\n", 5, 0, &out, err,
	    sizeof(err), 0), 0);
	ck_assert_str_eq(out, "");
	free(out);
	/* Truncated body, no header, bad headers. */
	ck_assert_int_eq(fake_request(path, "ok 10\nabc", 9, 0, &out, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	ck_assert_int_eq(fake_request(path, "", 0, 0, &out, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	ck_assert_int_eq(fake_request(path, "garbage\n", 8, 0, &out, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	ck_assert_int_eq(fake_request(path, "ok -1\n", 6, 0, &out, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	ck_assert_int_eq(fake_request(path, "ok 1x\n", 6, 0, &out, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	ck_assert_int_eq(fake_request(path, "ok 99999999999999999999999\n",
	    27, 0, &out, err, sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	ck_assert_int_eq(fake_request(path, "okay 1\na", 8, 0, &out, err,
	    sizeof(err), 0), -1);
	ck_assert_int_eq(errno, EPROTO);
	free(out);
	/* A daemon that says nothing: the client gives up. */
	t0 = ev_now_ms();
	ck_assert_int_eq(fake_request(path, "ok 5\nab", 7, 2000, &out, err,
	    sizeof(err), 300), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_uint_ge(ev_now_ms() - t0, 290);
	ck_assert_uint_lt(ev_now_ms() - t0, 1500);
	free(out);
	unlink(path);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *tc = tcase_create("ctl");

	tcase_add_unchecked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, request_and_reply);
	tcase_add_test(tc, wire_protocol);
	tcase_add_test(tc, slow_client_does_not_block);
	tcase_add_test(tc, idle_client_dropped);
	tcase_add_test(tc, many_clients);
	tcase_add_test(tc, emfile_backoff);
	tcase_add_test(tc, stale_live_and_foreign);
	tcase_add_test(tc, client_errors);
	tcase_add_test(tc, bad_replies);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* Commands and background processes in the lab's namespaces: fork, enter
 * the namespace, exec; and the bookkeeping that stops only what the lab
 * itself started. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netns/ns.h"
#include "testbed/run.h"

uint64_t
run_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* In the child: default signal dispositions and an empty mask (the
 * parent may block signals for a signalfd), then the namespace. */
static void
child_setup(const char *ns)
{
	sigset_t none;
	int s;

	for (s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (ns != NULL && ns_enter(ns) == -1) {
		dprintf(2, "fama lab: namespace %s: %s\n", ns,
		    strerror(errno));
		_exit(127);
	}
}

static int
status_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

int
run_wait(const char *ns, char *const argv[], const char *input, char *out,
    size_t cap)
{
	int in[2] = { -1, -1 }, o[2] = { -1, -1 }, st, e;
	size_t len = 0, left;
	ssize_t n;
	pid_t pid;
	char junk[512];

	if (pipe2(in, O_CLOEXEC) == -1)
		return -1;
	if (pipe2(o, O_CLOEXEC) == -1) {
		e = errno;
		close(in[0]);
		close(in[1]);
		errno = e;
		return -1;
	}
	if ((pid = fork()) == -1) {
		e = errno;
		close(in[0]);
		close(in[1]);
		close(o[0]);
		close(o[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		child_setup(ns);
		if (dup2(in[0], 0) == -1 || dup2(o[1], 1) == -1 ||
		    dup2(o[1], 2) == -1)
			_exit(127);
		execvp(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	/* what is written here is small (nft rules): it fits the pipe */
	if (input != NULL) {
		signal(SIGPIPE, SIG_IGN);
		for (left = strlen(input); left > 0; left -= (size_t)n,
		    input += n)
			if ((n = write(in[1], input, left)) <= 0)
				break;
	}
	close(in[1]);
	for (;;) {
		if (out != NULL && len + 1 < cap)
			n = read(o[0], out + len, cap - 1 - len);
		else
			n = read(o[0], junk, sizeof(junk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out != NULL && len + 1 < cap)
			len += (size_t)n;
	}
	if (out != NULL && cap > 0)
		out[len] = '\0';
	close(o[0]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return status_code(st);
}

int
run_fg(const char *ns, char *const argv[])
{
	pid_t pid;
	int st;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		child_setup(ns);
		execvp(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return status_code(st);
}

int
run_spawn(const char *ns, char *const argv[], const char *log,
    struct run_proc *p)
{
	pid_t pid;
	int fd;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		child_setup(ns);
		setsid();
		if ((fd = open("/dev/null", O_RDONLY)) != -1) {
			dup2(fd, 0);
			close(fd);
		}
		fd = open(log != NULL ? log : "/dev/null",
		    O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execvp(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	p->pid = pid;
	/* the child may not have started yet: its start time is already
	 * fixed by fork() */
	p->start = run_start_time(pid);
	return 0;
}

uint64_t
run_start_time(pid_t pid)
{
	char path[64], buf[1024], *s;
	unsigned long long start = 0;
	int i, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* the command name may hold blanks and parentheses: count fields
	 * from the last ')' (state is field 3, starttime field 22) */
	if ((s = strrchr(buf, ')')) == NULL)
		return 0;
	s++;
	for (i = 3; i < 22 && s != NULL; i++)
		s = strchr(s + 1, ' ');
	if (s == NULL || sscanf(s, " %llu", &start) != 1)
		return 0;
	return start;
}

static bool
is_zombie(pid_t pid)
{
	char path[64], buf[512], *s;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return (s = strrchr(buf, ')')) != NULL && s[1] == ' ' && s[2] == 'Z';
}

bool
run_alive(const struct run_proc *p)
{
	uint64_t st;

	if (p->pid <= 0)
		return false;
	st = run_start_time(p->pid);
	return st != 0 && st == p->start && !is_zombie(p->pid);
}

int
run_reap(const struct run_proc *p, unsigned timeout_ms, int *status)
{
	unsigned waited = 0;
	pid_t r;
	int st;

	if (status != NULL)
		*status = -1;
	for (;;) {
		r = waitpid(p->pid, &st, WNOHANG);
		if (r == p->pid) {
			if (status != NULL)
				*status = status_code(st);
			return 0;
		}
		/* not our child (another invocation started it) */
		if (r == -1 && errno == ECHILD && !run_alive(p))
			return 0;
		if (waited >= timeout_ms) {
			errno = ETIMEDOUT;
			return -1;
		}
		usleep(10000);
		waited += 10;
	}
}

int
run_stop(const struct run_proc *p, unsigned timeout_ms, int *status)
{
	if (status != NULL)
		*status = -1;
	if (p->pid <= 0)
		return 0;
	if (!run_alive(p)) {
		/* gone already; reap it if it is our child */
		(void)run_reap(p, 0, status);
		return 0;
	}
	kill(p->pid, SIGTERM);
	if (run_reap(p, timeout_ms, status) == 0)
		return 0;
	if (run_alive(p))
		kill(p->pid, SIGKILL);
	return run_reap(p, 1000, status);
}

int
run_sleep(unsigned ms, volatile const int *stop)
{
	uint64_t end = run_now_us() + (uint64_t)ms * 1000, now;
	struct timespec ts;

	while ((now = run_now_us()) < end) {
		if (stop != NULL && *stop)
			return -1;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)((end - now > 50000 ? 50000 : end - now) *
		    1000);
		nanosleep(&ts, NULL);
	}
	return stop != NULL && *stop ? -1 : 0;
}

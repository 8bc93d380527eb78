// SPDX-License-Identifier: GPL-2.0-only
/* The daemon event loop: one poll() over the registered fds and a
 * signalfd, with the next timer deadline as its timeout. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "roles/ev.h"

struct ev_slot {
	int		 fd;		/* -1: deleted, compacted later */
	short		 events;
	ev_fd_cb	 cb;
	void		*arg;
};

static struct {
	bool		  init;
	bool		  brk;
	bool		  dispatching;
	uint64_t	  iters;

	struct ev_slot	 *slots;
	size_t		  nslots;
	size_t		  capslots;
	struct pollfd	 *pfd;
	size_t		  cappfd;

	struct ev_timer	**heap;
	size_t		  nheap;
	size_t		  capheap;
	uint64_t	  seq;

	int		  sfd;
	sigset_t	  sigmask;	/* the signals the signalfd reads */
	sigset_t	  saved;	/* the mask before ev_init() */
	struct {
		ev_sig_cb	 cb;
		void		*arg;
	}		  sig[_NSIG];
} ev = { .sfd = -1 };

uint64_t
ev_now_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid clock id. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t
ev_iterations(void)
{
	return ev.iters;
}

int
ev_init(void)
{
	if (ev.init) {
		errno = EBUSY;
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.sfd = -1;
	sigemptyset(&ev.sigmask);
	if (sigprocmask(SIG_SETMASK, NULL, &ev.saved) == -1)
		return -1;
	ev.init = true;
	return 0;
}

void
ev_free(void)
{
	size_t i;

	if (!ev.init)
		return;
	for (i = 0; i < ev.nheap; i++)
		ev.heap[i]->slot = 0;
	if (ev.sfd != -1)
		close(ev.sfd);
	sigprocmask(SIG_SETMASK, &ev.saved, NULL);
	free(ev.slots);
	free(ev.pfd);
	free(ev.heap);
	memset(&ev, 0, sizeof(ev));
	ev.sfd = -1;
}

void
ev_break(void)
{
	ev.brk = true;
}

/* File descriptors. */

static struct ev_slot *
ev_find(int fd)
{
	size_t i;

	for (i = 0; i < ev.nslots; i++)
		if (ev.slots[i].fd == fd)
			return &ev.slots[i];
	return NULL;
}

/* Drop deleted slots; never while pfd[] indexes them. */
static void
ev_compact(void)
{
	size_t i, j;

	for (i = j = 0; i < ev.nslots; i++)
		if (ev.slots[i].fd != -1)
			ev.slots[j++] = ev.slots[i];
	ev.nslots = j;
}

int
ev_add(int fd, short events, ev_fd_cb cb, void *arg)
{
	struct ev_slot *s;
	size_t ncap;
	int fl;

	if (!ev.init || fd < 0 || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (ev_find(fd) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    (!(fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1))
		return -1;
	if ((fl = fcntl(fd, F_GETFD)) == -1 ||
	    (!(fl & FD_CLOEXEC) && fcntl(fd, F_SETFD, fl | FD_CLOEXEC) == -1))
		return -1;
	if (ev.nslots == ev.capslots) {
		ncap = ev.capslots == 0 ? 8 : ev.capslots * 2;
		s = reallocarray(ev.slots, ncap, sizeof(*s));
		if (s == NULL)
			return -1;
		ev.slots = s;
		ev.capslots = ncap;
	}
	s = &ev.slots[ev.nslots++];
	s->fd = fd;
	s->events = events;
	s->cb = cb;
	s->arg = arg;
	return 0;
}

int
ev_mod(int fd, short events)
{
	struct ev_slot *s;

	if (fd < 0 || (s = ev_find(fd)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	s->events = events;
	return 0;
}

int
ev_del(int fd)
{
	struct ev_slot *s;

	if (fd < 0 || (s = ev_find(fd)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	s->fd = -1;
	if (!ev.dispatching)
		ev_compact();
	return 0;
}

/* Signals. */

static int
ev_sig_read(int fd, short revents, void *arg)
{
	struct signalfd_siginfo si;
	ssize_t n;
	int signo;

	(void)revents;
	(void)arg;
	for (;;) {
		n = read(fd, &si, sizeof(si));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 0;
		if (n != (ssize_t)sizeof(si)) {
			if (n >= 0)
				errno = EIO;
			return -1;
		}
		signo = (int)si.ssi_signo;
		if (signo <= 0 || signo >= _NSIG || ev.sig[signo].cb == NULL)
			continue;
		if (ev.sig[signo].cb(signo, ev.sig[signo].arg) == -1)
			return -1;
		if (ev.brk)
			return 0;
	}
}

int
ev_signal(int signo, ev_sig_cb cb, void *arg)
{
	sigset_t one;
	int fd;

	if (!ev.init || signo <= 0 || signo >= _NSIG || signo == SIGKILL ||
	    signo == SIGSTOP) {
		errno = EINVAL;
		return -1;
	}
	sigemptyset(&one);
	sigaddset(&one, signo);
	if (cb == NULL) {
		ev.sig[signo].cb = NULL;
		ev.sig[signo].arg = NULL;
		sigdelset(&ev.sigmask, signo);
		if (ev.sfd != -1 && signalfd(ev.sfd, &ev.sigmask, 0) == -1)
			return -1;
		/* Back to how ev_init() found it. */
		if (!sigismember(&ev.saved, signo) &&
		    sigprocmask(SIG_UNBLOCK, &one, NULL) == -1)
			return -1;
		return 0;
	}
	/* Block first: a signal between the two calls then stays pending
	 * and the signalfd reads it, instead of its default action. */
	if (sigprocmask(SIG_BLOCK, &one, NULL) == -1)
		return -1;
	sigaddset(&ev.sigmask, signo);
	fd = signalfd(ev.sfd, &ev.sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1) {
		sigdelset(&ev.sigmask, signo);
		return -1;
	}
	if (ev.sfd == -1) {
		if (ev_add(fd, POLLIN, ev_sig_read, NULL) == -1) {
			close(fd);
			sigdelset(&ev.sigmask, signo);
			return -1;
		}
		ev.sfd = fd;
	}
	ev.sig[signo].cb = cb;
	ev.sig[signo].arg = arg;
	return 0;
}

int
ev_sigrestore(void)
{
	return sigprocmask(SIG_SETMASK, &ev.saved, NULL);
}

/* Timers: a binary min-heap ordered by (deadline, seq). */

static bool
ev_before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void
ev_heap_set(size_t i, struct ev_timer *t)
{
	ev.heap[i] = t;
	t->slot = i + 1;
}

static void
ev_heap_up(size_t i)
{
	struct ev_timer *t = ev.heap[i];
	size_t p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (!ev_before(t, ev.heap[p]))
			break;
		ev_heap_set(i, ev.heap[p]);
		i = p;
	}
	ev_heap_set(i, t);
}

static void
ev_heap_down(size_t i)
{
	struct ev_timer *t = ev.heap[i];
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= ev.nheap)
			break;
		if (c + 1 < ev.nheap && ev_before(ev.heap[c + 1], ev.heap[c]))
			c++;
		if (!ev_before(ev.heap[c], t))
			break;
		ev_heap_set(i, ev.heap[c]);
		i = c;
	}
	ev_heap_set(i, t);
}

static void
ev_heap_remove(size_t i)
{
	struct ev_timer *last;

	ev.heap[i]->slot = 0;
	last = ev.heap[--ev.nheap];
	if (i == ev.nheap)
		return;
	ev_heap_set(i, last);
	if (i > 0 && ev_before(last, ev.heap[(i - 1) / 2]))
		ev_heap_up(i);
	else
		ev_heap_down(i);
}

void
ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->cb = cb;
	t->arg = arg;
}

int
ev_timer_set(struct ev_timer *t, uint64_t deadline)
{
	if (deadline == UINT64_MAX) {
		ev_timer_cancel(t);
		return 0;
	}
	return ev_timer_add_at(t, deadline);
}

int
ev_timer_add_at(struct ev_timer *t, uint64_t deadline)
{
	struct ev_timer **h;
	size_t ncap;

	if (t->cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (t->slot != 0)
		ev_heap_remove(t->slot - 1);
	if (ev.nheap == ev.capheap) {
		ncap = ev.capheap == 0 ? 16 : ev.capheap * 2;
		if ((h = reallocarray(ev.heap, ncap, sizeof(*h))) == NULL)
			return -1;
		ev.heap = h;
		ev.capheap = ncap;
	}
	t->deadline = deadline;
	t->seq = ++ev.seq;
	ev.heap[ev.nheap] = t;
	ev_heap_up(ev.nheap++);
	return 0;
}

int
ev_timer_add(struct ev_timer *t, uint64_t ms)
{
	uint64_t now = ev_now_ms();

	return ev_timer_add_at(t, ms > UINT64_MAX - now ? UINT64_MAX :
	    now + ms);
}

void
ev_timer_cancel(struct ev_timer *t)
{
	if (t->slot != 0)
		ev_heap_remove(t->slot - 1);
}

bool
ev_timer_pending(const struct ev_timer *t)
{
	return t->slot != 0;
}

uint64_t
ev_timer_deadline(const struct ev_timer *t)
{
	return t->deadline;
}

/* The loop. */

static int
ev_timeout(void)
{
	uint64_t now, d;

	if (ev.nheap == 0)
		return -1;
	now = ev_now_ms();
	d = ev.heap[0]->deadline;
	if (d <= now)
		return 0;
	/* poll() sleeps at least this long, so timers are never early. */
	return d - now > INT_MAX ? INT_MAX : (int)(d - now);
}

static int
ev_dispatch_fds(size_t n)
{
	struct ev_slot *s;
	short rev;
	size_t i;

	for (i = 0; i < n && !ev.brk; i++) {
		if (ev.pfd[i].revents == 0)
			continue;
		s = &ev.slots[i];
		/* Deleted by an earlier callback of this pass. */
		if (s->fd != ev.pfd[i].fd)
			continue;
		if (ev.pfd[i].revents & POLLNVAL) {
			s->fd = -1;
			errno = EBADF;
			return -1;
		}
		/* ev_mod() by an earlier callback narrows what we report. */
		rev = ev.pfd[i].revents & (s->events | POLLERR | POLLHUP);
		if (rev == 0)
			continue;
		if (s->cb(s->fd, rev, s->arg) == -1)
			return -1;
	}
	return 0;
}

static int
ev_dispatch_timers(void)
{
	struct ev_timer *t;
	uint64_t now, limit;

	now = ev_now_ms();
	limit = ev.seq;
	while (ev.nheap > 0 && !ev.brk) {
		t = ev.heap[0];
		if (t->deadline > now || t->seq > limit)
			break;
		ev_heap_remove(0);
		if (t->cb(t, t->arg) == -1)
			return -1;
	}
	return 0;
}

int
ev_run(void)
{
	struct pollfd *p;
	size_t i, n;
	int r, saved;

	if (!ev.init) {
		errno = EINVAL;
		return -1;
	}
	ev.brk = false;
	while (!ev.brk) {
		ev_compact();
		n = ev.nslots;
		if (n > ev.cappfd) {
			if ((p = reallocarray(ev.pfd, n, sizeof(*p))) == NULL)
				return -1;
			ev.pfd = p;
			ev.cappfd = n;
		}
		for (i = 0; i < n; i++) {
			ev.pfd[i].fd = ev.slots[i].fd;
			ev.pfd[i].events = ev.slots[i].events;
			ev.pfd[i].revents = 0;
		}
		r = ev_timeout();
		if (n == 0 && r == -1) {
			/* Nothing could ever wake us. */
			errno = EDEADLK;
			return -1;
		}
		ev.iters++;
		if (poll(ev.pfd, n, r) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		ev.dispatching = true;
		r = ev_dispatch_fds(n);
		ev.dispatching = false;
		if (r == -1) {
			saved = errno;
			ev_compact();
			errno = saved;
			return -1;
		}
		if (ev_dispatch_timers() == -1)
			return -1;
	}
	return 0;
}

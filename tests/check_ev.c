// SPDX-License-Identifier: GPL-2.0-only
/* roles/ev: timers, signals, fds and the absence of busy loops. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "roles/ev.h"
#include "tests/testlib.h"

/* How late a timer may fire on a loaded test machine; never early. */
#define LATE_MS	25

static void
setup(void)
{
	ck_assert_int_eq(ev_init(), 0);
}

static void
teardown(void)
{
	ev_free();
}

/* A record of what fired when. */
struct fired {
	int		 order[64];
	uint64_t	 at[64];
	size_t		 n;
	size_t		 stop_after;
};

struct tmr {
	struct ev_timer	 t;
	int		 id;
	struct fired	*log;
};

static int
tmr_cb(struct ev_timer *t, void *arg)
{
	struct tmr *m = arg;

	ck_assert_ptr_eq(t, &m->t);
	ck_assert(!ev_timer_pending(t));
	ck_assert_uint_lt(m->log->n, 64);
	m->log->order[m->log->n] = m->id;
	m->log->at[m->log->n] = ev_now_ms();
	if (++m->log->n == m->log->stop_after)
		ev_break();
	return 0;
}

START_TEST(timers_in_order_and_on_time)
{
	static const uint64_t ms[] = { 50, 10, 30, 20, 40, 30, 0 };
	static const int want[] = { 6, 1, 3, 2, 5, 4, 0 };
	struct tmr m[7];
	struct fired log = { .stop_after = 7 };
	uint64_t start, deadline[7];
	size_t i;
	int id;

	start = ev_now_ms();
	for (i = 0; i < 7; i++) {
		m[i].id = (int)i;
		m[i].log = &log;
		ev_timer_init(&m[i].t, tmr_cb, &m[i]);
		ck_assert(!ev_timer_pending(&m[i].t));
		ck_assert_int_eq(ev_timer_add(&m[i].t, ms[i]), 0);
		ck_assert(ev_timer_pending(&m[i].t));
		deadline[i] = ev_timer_deadline(&m[i].t);
		ck_assert_uint_ge(deadline[i], start + ms[i]);
	}
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_uint_eq(log.n, 7);
	for (i = 0; i < 7; i++) {
		/* Equal deadlines (2 and 5, both 30 ms) keep arming order. */
		ck_assert_int_eq(log.order[i], want[i]);
		id = log.order[i];
		ck_assert_uint_ge(log.at[i], deadline[id]);
		ck_assert_msg(log.at[i] <= deadline[id] + LATE_MS,
		    "timer %d fired %llu ms late", id,
		    (unsigned long long)(log.at[i] - deadline[id]));
	}
}
END_TEST

START_TEST(timer_absolute_deadline)
{
	struct tmr m = { .id = 1 };
	struct fired log = { .stop_after = 1 };
	uint64_t d;

	m.log = &log;
	ev_timer_init(&m.t, tmr_cb, &m);
	d = ev_now_ms() + 30;
	ck_assert_int_eq(ev_timer_add_at(&m.t, d), 0);
	ck_assert_uint_eq(ev_timer_deadline(&m.t), d);
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_uint_ge(log.at[0], d);
	ck_assert_uint_le(log.at[0], d + LATE_MS);
}
END_TEST

/* Cancelling from outside and from a callback, twice, after firing; a
 * reschedule moves the timer and it fires once. */
static struct tmr *cancel_victim;

static int
cancel_cb(struct ev_timer *t, void *arg)
{
	tmr_cb(t, arg);
	ev_timer_cancel(&cancel_victim->t);
	ev_timer_cancel(&cancel_victim->t);
	return 0;
}

START_TEST(timer_cancel_and_reschedule)
{
	struct tmr a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 },
	    d = { .id = 4 }, e = { .id = 5 };
	struct fired log = { .stop_after = 3 };
	uint64_t start;

	a.log = b.log = c.log = d.log = e.log = &log;
	ev_timer_init(&a.t, tmr_cb, &a);
	ev_timer_init(&b.t, tmr_cb, &b);
	ev_timer_init(&c.t, tmr_cb, &c);
	ev_timer_init(&d.t, cancel_cb, &d);
	ev_timer_init(&e.t, tmr_cb, &e);
	start = ev_now_ms();
	ck_assert_int_eq(ev_timer_add(&a.t, 20), 0);
	ck_assert_int_eq(ev_timer_add(&b.t, 60), 0);
	ck_assert_int_eq(ev_timer_add(&c.t, 1000), 0);
	ck_assert_int_eq(ev_timer_add(&d.t, 30), 0);
	ck_assert_int_eq(ev_timer_add(&e.t, 40), 0);
	cancel_victim = &e;
	ev_timer_cancel(&a.t);
	ck_assert(!ev_timer_pending(&a.t));
	ev_timer_cancel(&a.t);
	/* c moves from 1 s to 10 ms. */
	ck_assert_int_eq(ev_timer_add(&c.t, 10), 0);
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_uint_eq(log.n, 3);
	ck_assert_int_eq(log.order[0], 3);
	ck_assert_int_eq(log.order[1], 4);
	ck_assert_int_eq(log.order[2], 2);
	ck_assert_uint_lt(log.at[0] - start, 10 + LATE_MS);
	ck_assert(!ev_timer_pending(&e.t));
	ck_assert(!ev_timer_pending(&c.t));
	/* Cancelling a timer that fired is harmless. */
	ev_timer_cancel(&b.t);
	ev_timer_cancel(&c.t);
}
END_TEST

/* The heap against a sorted reference: many timers with deadlines in the
 * past (so no waiting), random order, duplicates, a cancelled third and a
 * rescheduled tenth. */
#define NHEAP	1000

struct heapt {
	struct ev_timer	 t;
	uint64_t	 deadline;
	uint64_t	 armed;		/* order of the last arming */
	bool		 live;
};

static struct heapt heapt[NHEAP];
static struct heapt *heap_seen[NHEAP];
static size_t heap_nseen;

static int
heap_cb(struct ev_timer *t, void *arg)
{
	(void)t;
	ck_assert_uint_lt(heap_nseen, NHEAP);
	heap_seen[heap_nseen++] = arg;
	return 0;
}

static int
heap_stop(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	ev_break();
	return 0;
}

START_TEST(timer_heap_many)
{
	struct ev_timer stop;
	uint64_t now, seq = 0;
	size_t i, live = 0;
	struct heapt *a, *b;

	srandom(1234);
	now = ev_now_ms();
	ck_assert_uint_gt(now, 1000);
	for (i = 0; i < NHEAP; i++) {
		heapt[i].deadline = now - 1 - (uint64_t)(random() % 500);
		heapt[i].live = true;
		heapt[i].armed = seq++;
		ev_timer_init(&heapt[i].t, heap_cb, &heapt[i]);
		ck_assert_int_eq(ev_timer_add_at(&heapt[i].t,
		    heapt[i].deadline), 0);
	}
	for (i = 0; i < NHEAP; i += 3) {
		ev_timer_cancel(&heapt[i].t);
		heapt[i].live = false;
	}
	for (i = 1; i < NHEAP; i += 10) {
		heapt[i].deadline = now - 1 - (uint64_t)(random() % 500);
		heapt[i].live = true;
		heapt[i].armed = seq++;
		ck_assert_int_eq(ev_timer_add_at(&heapt[i].t,
		    heapt[i].deadline), 0);
	}
	for (i = 0; i < NHEAP; i++)
		live += heapt[i].live;
	ev_timer_init(&stop, heap_stop, NULL);
	ck_assert_int_eq(ev_timer_add(&stop, 5), 0);
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_uint_eq(heap_nseen, live);
	for (i = 0; i < heap_nseen; i++) {
		ck_assert(heap_seen[i]->live);
		ck_assert(!ev_timer_pending(&heap_seen[i]->t));
		if (i == 0)
			continue;
		a = heap_seen[i - 1];
		b = heap_seen[i];
		ck_assert(a->deadline < b->deadline ||
		    (a->deadline == b->deadline && a->armed < b->armed));
	}
}
END_TEST

/* A callback that re-arms itself for "now" must not starve the loop: it
 * fires once per iteration, not in a tight loop inside one pass. */
static int rearm_count;

static int
rearm_cb(struct ev_timer *t, void *arg)
{
	(void)arg;
	if (++rearm_count == 5) {
		ev_break();
		return 0;
	}
	return ev_timer_add(t, 0);
}

START_TEST(timer_rearmed_in_callback_waits)
{
	struct ev_timer t;
	uint64_t it;

	ev_timer_init(&t, rearm_cb, NULL);
	ck_assert_int_eq(ev_timer_add(&t, 0), 0);
	it = ev_iterations();
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_int_eq(rearm_count, 5);
	ck_assert_uint_eq(ev_iterations() - it, 5);
}
END_TEST

/* Signals sent to ourselves arrive through the callback, also one sent
 * before the loop runs; removing the handler unblocks the signal. */
struct sigs {
	int	usr1;
	int	hup;
	int	term;
};

static int
sig_cb(int signo, void *arg)
{
	struct sigs *s = arg;

	switch (signo) {
	case SIGUSR1:
		s->usr1++;
		break;
	case SIGHUP:
		s->hup++;
		break;
	case SIGTERM:
		s->term++;
		ev_break();
		break;
	default:
		ck_abort_msg("unexpected signal %d", signo);
	}
	return 0;
}

static int
send_usr1(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	return 0;
}

static int
send_term(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	return 0;
}

START_TEST(signal_to_self)
{
	struct sigs s = { 0 };
	struct ev_timer t1, t2;
	sigset_t cur;

	ck_assert_int_eq(ev_signal(SIGUSR1, sig_cb, &s), 0);
	ck_assert_int_eq(ev_signal(SIGHUP, sig_cb, &s), 0);
	ck_assert_int_eq(ev_signal(SIGTERM, sig_cb, &s), 0);
	ck_assert_int_eq(ev_signal(SIGKILL, sig_cb, &s), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, NULL, &cur), 0);
	ck_assert(sigismember(&cur, SIGUSR1));
	ck_assert(sigismember(&cur, SIGTERM));
	/* Pending before the loop runs: delivered by the first poll(). */
	ck_assert_int_eq(raise(SIGHUP), 0);
	ev_timer_init(&t1, send_usr1, NULL);
	ev_timer_init(&t2, send_term, NULL);
	ck_assert_int_eq(ev_timer_add(&t1, 10), 0);
	ck_assert_int_eq(ev_timer_add(&t2, 30), 0);
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_int_eq(s.hup, 1);
	ck_assert_int_eq(s.usr1, 1);
	ck_assert_int_eq(s.term, 1);

	ck_assert_int_eq(ev_signal(SIGUSR1, NULL, NULL), 0);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, NULL, &cur), 0);
	ck_assert(!sigismember(&cur, SIGUSR1));
	ck_assert(sigismember(&cur, SIGHUP));
	ck_assert_int_eq(ev_sigrestore(), 0);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, NULL, &cur), 0);
	ck_assert(!sigismember(&cur, SIGHUP));
}
END_TEST

START_TEST(free_restores_mask)
{
	struct sigs s = { 0 };
	sigset_t cur;

	ck_assert_int_eq(ev_signal(SIGHUP, sig_cb, &s), 0);
	ev_free();
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, NULL, &cur), 0);
	ck_assert(!sigismember(&cur, SIGHUP));
	ck_assert_int_eq(ev_init(), 0);
	ck_assert_int_eq(ev_init(), -1);
	ck_assert_int_eq(errno, EBUSY);
}
END_TEST

/* A pipe: the read side fires when the write side gets data from a timer;
 * ev_mod() switches to POLLOUT; ev_del() stops callbacks. */
struct pipes {
	int	p[2];
	int	reads;
	int	writes;
	char	got;
};

static int
pipe_read(int fd, short rev, void *arg)
{
	struct pipes *ps = arg;

	ck_assert_int_eq(fd, ps->p[0]);
	ck_assert(rev & POLLIN);
	ck_assert_int_eq(read(fd, &ps->got, 1), 1);
	ps->reads++;
	ck_assert_int_eq(ev_del(fd), 0);
	ck_assert_int_eq(ev_mod(ps->p[1], POLLOUT), 0);
	return 0;
}

static int
pipe_write(int fd, short rev, void *arg)
{
	struct pipes *ps = arg;

	ck_assert_int_eq(fd, ps->p[1]);
	ck_assert(rev & POLLOUT);
	ps->writes++;
	ev_break();
	return 0;
}

static int
pipe_feed(struct ev_timer *t, void *arg)
{
	struct pipes *ps = arg;

	(void)t;
	ck_assert_int_eq(write(ps->p[1], "x", 1), 1);
	return 0;
}

START_TEST(pipe_callback)
{
	struct pipes ps = { .reads = 0 };
	struct ev_timer t;
	int fl;

	ck_assert_int_eq(pipe(ps.p), 0);
	ck_assert_int_eq(ev_add(ps.p[0], POLLIN, pipe_read, &ps), 0);
	ck_assert_int_eq(ev_add(ps.p[0], POLLIN, pipe_read, &ps), -1);
	ck_assert_int_eq(errno, EEXIST);
	/* Registered but quiet until the read side asks for POLLOUT. */
	ck_assert_int_eq(ev_add(ps.p[1], 0, pipe_write, &ps), 0);
	fl = fcntl(ps.p[0], F_GETFL);
	ck_assert(fl & O_NONBLOCK);
	ck_assert(fcntl(ps.p[0], F_GETFD) & FD_CLOEXEC);
	ck_assert(fcntl(ps.p[1], F_GETFL) & O_NONBLOCK);
	ev_timer_init(&t, pipe_feed, &ps);
	ck_assert_int_eq(ev_timer_add(&t, 20), 0);
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_int_eq(ps.reads, 1);
	ck_assert_int_eq(ps.writes, 1);
	ck_assert_int_eq(ps.got, 'x');
	ck_assert_int_eq(ev_del(ps.p[0]), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(ev_del(ps.p[1]), 0);
	close(ps.p[0]);
	close(ps.p[1]);
}
END_TEST

/* Two fds ready in the same pass; the first callback deletes the second,
 * whose callback must then not run, and registers a new fd, which is not
 * dispatched with stale revents. */
struct both {
	int	a[2];
	int	b[2];
	int	c[2];
	int	na;
	int	nb;
	int	nc;
};

static int
both_b(int fd, short rev, void *arg)
{
	struct both *x = arg;

	(void)fd;
	(void)rev;
	x->nb++;
	return 0;
}

static int
both_c(int fd, short rev, void *arg)
{
	struct both *x = arg;
	char ch;

	(void)rev;
	ck_assert_int_eq(read(fd, &ch, 1), 1);
	x->nc++;
	ev_break();
	return 0;
}

static int
both_a(int fd, short rev, void *arg)
{
	struct both *x = arg;
	char ch;

	(void)rev;
	ck_assert_int_eq(read(fd, &ch, 1), 1);
	x->na++;
	ck_assert_int_eq(ev_del(x->b[0]), 0);
	ck_assert_int_eq(ev_del(fd), 0);
	ck_assert_int_eq(ev_add(x->c[0], POLLIN, both_c, x), 0);
	ck_assert_int_eq(write(x->c[1], "c", 1), 1);
	return 0;
}

START_TEST(delete_in_callback)
{
	struct both x = { .na = 0 };
	uint64_t it;

	ck_assert_int_eq(pipe(x.a), 0);
	ck_assert_int_eq(pipe(x.b), 0);
	ck_assert_int_eq(pipe(x.c), 0);
	ck_assert_int_eq(ev_add(x.a[0], POLLIN, both_a, &x), 0);
	ck_assert_int_eq(ev_add(x.b[0], POLLIN, both_b, &x), 0);
	ck_assert_int_eq(write(x.a[1], "a", 1), 1);
	ck_assert_int_eq(write(x.b[1], "b", 1), 1);
	it = ev_iterations();
	ck_assert_int_eq(ev_run(), 0);
	ck_assert_int_eq(x.na, 1);
	ck_assert_int_eq(x.nb, 0);
	ck_assert_int_eq(x.nc, 1);
	ck_assert_uint_eq(ev_iterations() - it, 2);
	close(x.a[0]);
	close(x.a[1]);
	close(x.b[0]);
	close(x.b[1]);
	close(x.c[0]);
	close(x.c[1]);
}
END_TEST

/* Waiting 200 ms takes a handful of poll() calls, not thousands: once
 * with a timer deadline, once with nothing but a signal to wait for
 * (timeout -1), while an idle pipe is registered. */
static int
idle_cb(int fd, short rev, void *arg)
{
	(void)fd;
	(void)rev;
	(void)arg;
	ck_abort_msg("idle fd fired");
	return 0;
}

static int
stop_cb(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	ev_break();
	return 0;
}

START_TEST(no_busy_loop)
{
	struct sigs s = { 0 };
	struct ev_timer t;
	uint64_t it, start, took;
	int p[2], st;
	pid_t pid, parent;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(ev_add(p[0], POLLIN, idle_cb, NULL), 0);
	ev_timer_init(&t, stop_cb, NULL);
	ck_assert_int_eq(ev_timer_add(&t, 200), 0);
	it = ev_iterations();
	start = ev_now_ms();
	ck_assert_int_eq(ev_run(), 0);
	took = ev_now_ms() - start;
	ck_assert_uint_ge(took, 200);
	ck_assert_msg(ev_iterations() - it <= 2, "%llu iterations in 200 ms",
	    (unsigned long long)(ev_iterations() - it));

	/* No timers: poll() waits with -1 until a child's SIGTERM. */
	ck_assert_int_eq(ev_signal(SIGTERM, sig_cb, &s), 0);
	parent = getpid();
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		usleep(200 * 1000);
		kill(parent, SIGTERM);
		_exit(0);
	}
	it = ev_iterations();
	start = ev_now_ms();
	ck_assert_int_eq(ev_run(), 0);
	took = ev_now_ms() - start;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(s.term, 1);
	ck_assert_uint_ge(took, 150);
	ck_assert_msg(ev_iterations() - it <= 2, "%llu iterations in 200 ms",
	    (unsigned long long)(ev_iterations() - it));
	ck_assert_int_eq(ev_del(p[0]), 0);
	close(p[0]);
	close(p[1]);
}
END_TEST

/* A handler's -1 stops the loop with its errno. */
static int
fail_cb(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	errno = ENOTRECOVERABLE;
	return -1;
}

START_TEST(handler_error_stops)
{
	struct ev_timer t, later;

	ev_timer_init(&t, fail_cb, NULL);
	ev_timer_init(&later, stop_cb, NULL);
	ck_assert_int_eq(ev_timer_add(&t, 5), 0);
	ck_assert_int_eq(ev_timer_add(&later, 1000), 0);
	errno = 0;
	ck_assert_int_eq(ev_run(), -1);
	ck_assert_int_eq(errno, ENOTRECOVERABLE);
	ck_assert(ev_timer_pending(&later));
	ev_timer_cancel(&later);
}
END_TEST

/* Closing a registered fd is a caller bug: EBADF, not a spinning loop;
 * an empty loop that could never wake says so instead of hanging. */
START_TEST(closed_fd_and_empty_loop)
{
	int p[2];

	ck_assert_int_eq(ev_run(), -1);
	ck_assert_int_eq(errno, EDEADLK);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(ev_add(p[0], POLLIN, idle_cb, NULL), 0);
	close(p[0]);
	close(p[1]);
	ck_assert_int_eq(ev_run(), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_int_eq(ev_del(p[0]), -1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("ev");
	TCase *tc = tcase_create("ev");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, timers_in_order_and_on_time);
	tcase_add_test(tc, timer_absolute_deadline);
	tcase_add_test(tc, timer_cancel_and_reschedule);
	tcase_add_test(tc, timer_heap_many);
	tcase_add_test(tc, timer_rearmed_in_callback_waits);
	tcase_add_test(tc, signal_to_self);
	tcase_add_test(tc, free_restores_mask);
	tcase_add_test(tc, pipe_callback);
	tcase_add_test(tc, delete_in_callback);
	tcase_add_test(tc, no_busy_loop);
	tcase_add_test(tc, handler_error_stops);
	tcase_add_test(tc, closed_fd_and_empty_loop);
	suite_add_tcase(s, tc);
	return s;
}

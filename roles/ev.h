/* SPDX-License-Identifier: GPL-2.0-only */
/* The event loop of a single-threaded daemon: poll() over registered fds,
 * signals through a signalfd, and CLOCK_MONOTONIC timers in a min-heap. */
#ifndef FAMA_ROLES_EV_H
#define FAMA_ROLES_EV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * There is one loop per process (a daemon has one thread).  ev_init()
 * sets it up, ev_run() runs it until a callback calls ev_break() or
 * returns -1, ev_free() releases it and restores the signal mask.
 *
 * Callbacks return 0 to go on, or -1 on a condition the daemon cannot go
 * on from: ev_run() then stops and returns -1 with the callback's errno.
 * Problems a daemon survives (a bad packet, a client gone) are logged by
 * the callback, which returns 0.
 */
int	 ev_init(void);
void	 ev_free(void);
int	 ev_run(void);
void	 ev_break(void);
/* CLOCK_MONOTONIC in milliseconds: the clock of every timer, and the
 * "now" the proto/ state machines take. */
uint64_t ev_now_ms(void);
/* Loop iterations (poll() calls) since ev_init(), for tests and counters. */
uint64_t ev_iterations(void);

/*
 * File descriptors, at most one registration per fd.  ev_add() makes the
 * fd O_NONBLOCK and FD_CLOEXEC.  events are poll() events (POLLIN,
 * POLLOUT; 0 keeps the fd registered but quiet); the callback gets the
 * revents, including POLLHUP and POLLERR, which it must handle.  An fd
 * closed while still registered (POLLNVAL) makes ev_run() fail with
 * EBADF: that is a bug in the caller, not something to spin on.
 * Any of these may be called from a callback, also on the fd whose
 * callback is running.
 */
typedef int	(*ev_fd_cb)(int, short, void *);

int	ev_add(int, short, ev_fd_cb, void *);
int	ev_mod(int, short);
int	ev_del(int);

/*
 * Signals.  ev_signal() blocks the signal with sigprocmask() and adds it
 * to the loop's signalfd; the callback runs from the loop, once per
 * delivery (standard signals that arrive together coalesce, as always).
 * A NULL callback removes the handler and unblocks the signal.
 * A child forked to exec something else should call ev_sigrestore()
 * first, or it starts with these signals blocked.
 */
typedef int	(*ev_sig_cb)(int, void *);

int	ev_signal(int, ev_sig_cb, void *);
int	ev_sigrestore(void);

/*
 * Timers.  The caller owns the struct ev_timer (usually inside the object
 * the timer belongs to), so there is no allocation and no handle that can
 * dangle: a timer that fired or was cancelled is simply not pending, and
 * cancelling it again is harmless.  ev_timer_add() on a pending timer
 * moves it (that is the reschedule).  Timers fire in deadline order, and
 * in the order they were armed when deadlines are equal; a timer armed by
 * a callback fires at the earliest in the next iteration, never in the
 * pass that armed it.  The struct must stay put while pending.
 */
struct ev_timer;
typedef int	(*ev_timer_cb)(struct ev_timer *, void *);

struct ev_timer {
	ev_timer_cb	 cb;
	void		*arg;
	/* private to ev.c */
	uint64_t	 deadline;	/* ms, CLOCK_MONOTONIC */
	uint64_t	 seq;		/* arming order, breaks ties */
	size_t		 slot;		/* heap index + 1; 0: not pending */
};

void	 ev_timer_init(struct ev_timer *, ev_timer_cb, void *);
/* Fire ms milliseconds from now. */
int	 ev_timer_add(struct ev_timer *, uint64_t);
/* Fire at an absolute ev_now_ms() deadline (at once if it has passed). */
int	 ev_timer_add_at(struct ev_timer *, uint64_t);
void	 ev_timer_cancel(struct ev_timer *);
/* Fire at a deadline, or (UINT64_MAX, a state machine's "nothing due")
 * not at all. */
int	 ev_timer_set(struct ev_timer *, uint64_t);
bool	 ev_timer_pending(const struct ev_timer *);
/* The deadline of a pending timer, in ev_now_ms() time. */
uint64_t ev_timer_deadline(const struct ev_timer *);

#endif

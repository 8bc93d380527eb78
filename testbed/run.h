/* SPDX-License-Identifier: GPL-2.0-only */
/* Running programs inside the lab's namespaces: a command waited for
 * (with its output collected), a background process with a log file, and
 * stopping what was started, identified by pid and start time so that a
 * reused pid is never signalled. */
#ifndef FAMA_TESTBED_RUN_H
#define FAMA_TESTBED_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A process the lab started: pid and /proc start time (clock ticks). */
struct run_proc {
	pid_t		 pid;
	uint64_t	 start;
};

/*
 * Runs argv (argv[0] looked up in PATH) inside namespace ns (NULL: here)
 * and waits for it.  input (may be NULL) is written to its standard
 * input; its standard output and error, up to cap - 1 octets, go into
 * out (may be NULL: discarded) NUL-terminated.  Returns the exit status,
 * 128 + the signal for a killed process, or -1 with errno when it could
 * not be run.
 */
int	run_wait(const char *, char *const[], const char *, char *, size_t);

/* Runs argv in namespace ns with this process's standard input, output
 * and error, and waits for it: the exit status as run_wait() gives it. */
int	run_fg(const char *, char *const[]);

/*
 * Starts argv in namespace ns (NULL: here) in a session of its own, so
 * that a Ctrl-C at the terminal reaches only the lab, with standard input
 * from /dev/null and standard output and error appended to log (NULL:
 * /dev/null).  Returns 0 and fills p, or -1 with errno.
 */
int	run_spawn(const char *, char *const[], const char *, struct run_proc *);

/* The start time of pid from /proc, or 0 if it is gone. */
uint64_t run_start_time(pid_t);
/* True when p is still the process that was started (a zombie of ours
 * counts as gone once reaped). */
bool	run_alive(const struct run_proc *);
/*
 * SIGTERM, then up to timeout_ms for it to exit, then SIGKILL.  A child
 * of this process is reaped; its wait status goes to *status (may be
 * NULL; -1 when unknown).  0 when it is gone, -1 with errno otherwise.
 */
int	run_stop(const struct run_proc *, unsigned, int *);
/* Waits up to timeout_ms for a child of ours to exit by itself: 0 with
 * its status, or -1 with ETIMEDOUT. */
int	run_reap(const struct run_proc *, unsigned, int *);

/* Sleeps ms milliseconds unless *stop becomes true (a signal handler
 * sets it): returns -1 then, else 0. */
int	run_sleep(unsigned, volatile const int *);
/* CLOCK_MONOTONIC in µs. */
uint64_t run_now_us(void);

#endif

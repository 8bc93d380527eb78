/* SPDX-License-Identifier: GPL-2.0-only */
/* Daemon logging in the shape of bgpd's log.c: stderr with a millisecond
 * timestamp in the foreground, syslog otherwise. */
#ifndef FAMA_ROLES_LOG_H
#define FAMA_ROLES_LOG_H

#include <stdint.h>
#include <stdio.h>

/*
 * debug != 0: write to stderr, each line prefixed with the milliseconds
 * since log_init() (CLOCK_MONOTONIC), so that the timing of a handover can
 * be read off the log; debug == 0: syslog(3) with the given facility.
 * log_init() also resets the verbosity to 0 and the process name.
 */
void	log_init(int, int);
/* Names the process in every line: stderr lines read "dar: ...", the
 * syslog ident becomes "fama-dar". */
void	log_procinit(const char *);
/* log_debug() writes only when the verbosity is above 0. */
void	log_setverbose(int);
int	log_getverbose(void);
/* The time log lines count from, in CLOCK_MONOTONIC milliseconds (see
 * ev_now_ms()); set it to the same value in several processes (as the lab
 * does) and their lines share one time axis. */
void	log_setepoch(uint64_t);
/* For tests: write every line (all levels, foreground format) to f instead
 * of stderr or syslog; NULL restores the log_init() choice. */
void	log_setfile(FILE *);

/* Appends ": " and strerror(errno); errno is preserved. */
void	log_warn(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
void	log_warnx(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
void	log_info(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
void	log_debug(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
/* Broken invariants only: log (fatal with strerror) and exit(1). */
void	fatal(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2), __noreturn__));
void	fatalx(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2), __noreturn__));

#endif

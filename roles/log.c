// SPDX-License-Identifier: GPL-2.0-only
/* Daemon logging: one formatted line per call to stderr, syslog or, for
 * tests, a FILE; the API follows bgpd's log.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "roles/log.h"

#define LOG_LINE	1024

static int	 log_debug_mode = 1;	/* stderr until log_init() says */
static int	 log_verbose;
static int	 log_facility = LOG_DAEMON;
static uint64_t	 log_epoch;
static FILE	*log_file;
static char	 log_name[32];
static char	 log_ident[40] = "fama";

static uint64_t
log_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
log_init(int debug, int facility)
{
	log_debug_mode = debug;
	log_facility = facility;
	log_verbose = 0;
	log_epoch = log_now_ms();
	log_name[0] = '\0';
	strcpy(log_ident, "fama");
	if (!debug)
		openlog(log_ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_procinit(const char *name)
{
	if (name == NULL)
		name = "";
	snprintf(log_name, sizeof(log_name), "%s", name);
	snprintf(log_ident, sizeof(log_ident), "%s%s", *name != '\0' ?
	    "fama-" : "fama", name);
	/* openlog() keeps the pointer; log_ident is static. */
	if (!log_debug_mode) {
		closelog();
		openlog(log_ident, LOG_PID | LOG_NDELAY, log_facility);
	}
}

void
log_setverbose(int v)
{
	log_verbose = v;
}

int
log_getverbose(void)
{
	return log_verbose;
}

void
log_setepoch(uint64_t ms)
{
	log_epoch = ms;
}

void
log_setfile(FILE *f)
{
	log_file = f;
}

/*
 * Format one line.  Control characters (a newline in a peer's string, a
 * terminal escape) become '?' so that one call is always one line.
 */
static void
log_vline(int pri, const char *prefix, int errnum, const char *fmt,
    va_list ap)
{
	char msg[LOG_LINE];
	size_t n;
	int r;
	FILE *f;

	n = 0;
	if (prefix != NULL) {
		r = snprintf(msg, sizeof(msg), "%s", prefix);
		n = r < 0 ? 0 : (size_t)r < sizeof(msg) ? (size_t)r :
		    sizeof(msg) - 1;
	}
	r = vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	if (r > 0)
		n += (size_t)r < sizeof(msg) - n ? (size_t)r :
		    sizeof(msg) - n - 1;
	if (errnum != 0)
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	for (n = 0; msg[n] != '\0'; n++)
		if ((unsigned char)msg[n] < 0x20 || msg[n] == 0x7f)
			msg[n] = '?';

	f = log_file != NULL ? log_file : log_debug_mode ? stderr : NULL;
	if (f == NULL) {
		syslog(pri, "%s", msg);
		return;
	}
	fprintf(f, "%7" PRId64 "ms %s%s%s\n",
	    (int64_t)(log_now_ms() - log_epoch), log_name,
	    log_name[0] != '\0' ? ": " : "", msg);
	fflush(f);
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_ERR, NULL, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_ERR, NULL, 0, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_info(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_INFO, NULL, 0, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_debug(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (log_verbose <= 0)
		return;
	va_start(ap, fmt);
	log_vline(LOG_DEBUG, NULL, 0, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_CRIT, "fatal: ", saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_CRIT, "fatal: ", 0, fmt, ap);
	va_end(ap);
	exit(1);
}

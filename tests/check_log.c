// SPDX-License-Identifier: GPL-2.0-only
/* roles/log: line format, timestamps, errno handling, levels, fatal. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "roles/ev.h"
#include "roles/log.h"
#include "tests/testlib.h"

static char	*cap_buf;
static size_t	 cap_len;
static FILE	*cap;

static void
setup(void)
{
	log_init(1, LOG_DAEMON);
	cap = open_memstream(&cap_buf, &cap_len);
	ck_assert_ptr_nonnull(cap);
	log_setfile(cap);
}

static void
teardown(void)
{
	log_setfile(NULL);
	fclose(cap);
	free(cap_buf);
}

/* The captured text from position *pos on; advances *pos. */
static const char *
captured(size_t *pos)
{
	const char *s;

	fflush(cap);
	s = cap_buf + *pos;
	*pos = cap_len;
	return s;
}

/* Parse "<ms>ms <rest>" into *ms and return rest. */
static const char *
stamp(const char *line, long long *ms)
{
	char *end;

	while (*line == ' ')
		line++;
	*ms = strtoll(line, &end, 10);
	ck_assert_msg(end != line && strncmp(end, "ms ", 3) == 0,
	    "no timestamp in '%s'", line);
	return end + 3;
}

START_TEST(line_format)
{
	size_t pos = 0;
	long long ms;
	const char *s;

	log_info("hello %d", 5);
	s = captured(&pos);
	ck_assert_str_eq(stamp(s, &ms), "hello 5\n");
	ck_assert_int_ge(ms, 0);
	ck_assert_int_lt(ms, 1000);
	/* The timestamp is right-aligned in 7 columns before "ms". */
	ck_assert_int_eq(strncmp(s, "      ", 6), 0);

	log_procinit("dar");
	log_warnx("binding for %s rejected: %s", "2001:db8::1", "bad sequence");
	ck_assert_str_eq(stamp(captured(&pos), &ms),
	    "dar: binding for 2001:db8::1 rejected: bad sequence\n");
}
END_TEST

START_TEST(timestamp_counts_from_epoch)
{
	size_t pos = 0;
	long long ms;

	log_setepoch(ev_now_ms() - 1500);
	log_info("x");
	ck_assert_str_eq(stamp(captured(&pos), &ms), "x\n");
	ck_assert_int_ge(ms, 1500);
	ck_assert_int_lt(ms, 1500 + 200);
	usleep(50 * 1000);
	log_info("y");
	stamp(captured(&pos), &ms);
	ck_assert_int_ge(ms, 1550);
}
END_TEST

START_TEST(warn_appends_strerror_keeps_errno)
{
	size_t pos = 0;
	long long ms;
	char want[128];

	errno = ENOENT;
	log_warn("open %s", "/nonexistent");
	ck_assert_int_eq(errno, ENOENT);
	snprintf(want, sizeof(want), "open /nonexistent: %s\n",
	    strerror(ENOENT));
	ck_assert_str_eq(stamp(captured(&pos), &ms), want);

	errno = EPERM;
	log_warnx("plain");
	ck_assert_int_eq(errno, EPERM);
	log_info("info");
	ck_assert_int_eq(errno, EPERM);
	log_setverbose(1);
	log_debug("debug");
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_nonnull(strstr(captured(&pos), "plain\n"));
}
END_TEST

START_TEST(debug_needs_verbose)
{
	size_t pos = 0;
	long long ms;

	ck_assert_int_eq(log_getverbose(), 0);
	log_debug("hidden");
	ck_assert_str_eq(captured(&pos), "");
	log_setverbose(2);
	ck_assert_int_eq(log_getverbose(), 2);
	log_debug("shown %s", "now");
	ck_assert_str_eq(stamp(captured(&pos), &ms), "shown now\n");
	log_setverbose(0);
	log_debug("hidden again");
	ck_assert_str_eq(captured(&pos), "");
}
END_TEST

/* A newline or escape in a peer-supplied string cannot forge a line. */
START_TEST(one_line_per_call)
{
	size_t pos = 0;
	long long ms;
	char big[4000];
	const char *s;

	log_info("name %s end", "evil\nfake line\x1b[2J\x7f");
	ck_assert_str_eq(stamp(captured(&pos), &ms),
	    "name evil?fake line?[2J? end\n");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	errno = EIO;
	log_warn("%s", big);
	s = captured(&pos);
	ck_assert_ptr_eq(strchr(s, '\n'), s + strlen(s) - 1);
	ck_assert_uint_lt(strlen(s), 1100);
}
END_TEST

/* In a child: fatal() and fatalx() log and exit 1; without log_setfile()
 * the foreground log goes to stderr. */
static int
child_output(int which, char *out, size_t cap_)
{
	int p[2], st;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 2);
		log_setfile(NULL);
		log_init(1, LOG_DAEMON);
		log_procinit("mn");
		errno = EACCES;
		if (which == 0)
			fatal("cannot %s", "go on");
		if (which == 1)
			fatalx("invariant %d broken", 7);
		log_info("to stderr");
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], out + len, cap_ - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(fatal_exits_1)
{
	char out[512], want[256];
	long long ms;

	ck_assert_int_eq(child_output(0, out, sizeof(out)), 1);
	snprintf(want, sizeof(want), "mn: fatal: cannot go on: %s\n",
	    strerror(EACCES));
	ck_assert_str_eq(stamp(out, &ms), want);
	ck_assert_int_eq(child_output(1, out, sizeof(out)), 1);
	ck_assert_str_eq(stamp(out, &ms), "mn: fatal: invariant 7 broken\n");
	ck_assert_int_eq(child_output(2, out, sizeof(out)), 0);
	ck_assert_str_eq(stamp(out, &ms), "mn: to stderr\n");
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, line_format);
	tcase_add_test(tc, timestamp_counts_from_epoch);
	tcase_add_test(tc, warn_appends_strerror_keeps_errno);
	tcase_add_test(tc, debug_needs_verbose);
	tcase_add_test(tc, one_line_per_call);
	tcase_add_test(tc, fatal_exits_1);
	suite_add_tcase(s, tc);
	return s;
}

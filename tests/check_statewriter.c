// SPDX-License-Identifier: GPL-2.0-only
/* roles/state: when a daemon's state file is written, in its event loop. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "roles/ev.h"
#include "roles/state.h"
#include "tests/testlib.h"

/* How late a timer may fire on a loaded test machine; never early. */
#define LATE_MS	25

struct rec {
	int		 writes;
	uint64_t	 at[16];
};

static int
encode(void *arg, uint8_t **buf, size_t *len, size_t *n)
{
	struct rec *r = arg;

	if (r->writes < 16)
		r->at[r->writes] = ev_now_ms();
	r->writes++;
	if ((*buf = malloc(4)) == NULL)
		return -1;
	memcpy(*buf, "fama", 4);
	*len = 4;
	*n = 1;
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

/* Run the loop for ms. */
static void
run_for(uint64_t ms)
{
	struct ev_timer t;

	ev_timer_init(&t, stop_cb, NULL);
	ev_timer_add(&t, ms);
	ck_assert_int_eq(ev_run(), 0);
}

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

static void
writer(struct state_writer *w, struct rec *r, char *path, size_t len)
{
	memset(r, 0, sizeof(*r));
	tmpdir_path(path, len, "d.state");
	ck_assert_int_eq(state_writer_init(w, path, encode, r), 0);
	state_writer_arm(w);
}

/* The first change after a quiet time is written STATE_QUIET_MS later,
 * not at once: a handover's other messages come first. */
START_TEST(quiet_then_written)
{
	struct state_writer w;
	struct rec r;
	char path[PATH_MAX];
	struct stat st;
	uint64_t t0;

	writer(&w, &r, path, sizeof(path));
	t0 = ev_now_ms();
	state_writer_changed(&w);
	state_writer_changed(&w);
	run_for(STATE_QUIET_MS / 2);
	ck_assert_int_eq(r.writes, 0);
	ck_assert_int_eq(stat(path, &st), -1);
	run_for(STATE_QUIET_MS + LATE_MS);
	ck_assert_int_eq(r.writes, 1);
	ck_assert_uint_ge(r.at[0] - t0, STATE_QUIET_MS);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(st.st_size, 4);
	state_writer_stop(&w);
	ck_assert_int_eq(r.writes, 1);	/* nothing changed since */
}
END_TEST

/* A burst: one write per STATE_DELAY_MS at most, and what changed last is
 * written, by the timer or at stop. */
START_TEST(burst_batched)
{
	struct state_writer w;
	struct rec r;
	char path[PATH_MAX];
	int i;

	writer(&w, &r, path, sizeof(path));
	state_writer_changed(&w);
	run_for(STATE_QUIET_MS + LATE_MS);
	ck_assert_int_eq(r.writes, 1);
	for (i = 0; i < 5; i++) {
		state_writer_changed(&w);
		run_for(5);
	}
	ck_assert_int_eq(r.writes, 1);
	run_for(STATE_DELAY_MS + LATE_MS);
	ck_assert_int_eq(r.writes, 2);
	ck_assert_uint_ge(r.at[1] - r.at[0], STATE_DELAY_MS);
	state_writer_changed(&w);
	state_writer_stop(&w);
	ck_assert_int_eq(r.writes, 3);
}
END_TEST

/* No file, or not armed yet (still to be read): never written. */
START_TEST(none_or_unarmed)
{
	struct state_writer w;
	struct rec r;
	char path[PATH_MAX];

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(state_writer_init(&w, STATE_NONE, encode, &r), 0);
	state_writer_arm(&w);
	state_writer_changed(&w);
	run_for(STATE_QUIET_MS + 5);
	state_writer_stop(&w);
	ck_assert_int_eq(r.writes, 0);

	tmpdir_path(path, sizeof(path), "u.state");
	ck_assert_int_eq(state_writer_init(&w, path, encode, &r), 0);
	state_writer_changed(&w);
	run_for(STATE_QUIET_MS + 5);
	state_writer_stop(&w);
	ck_assert_int_eq(r.writes, 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("statewriter");
	TCase *tc = tcase_create("timing");

	tcase_add_unchecked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, quiet_then_written);
	tcase_add_test(tc, burst_batched);
	tcase_add_test(tc, none_or_unarmed);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/reconcile: the merge of what fama owns with what it wants, on
 * recording stand-ins for the kernel requests. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "netns/reconcile.h"
#include "tests/testlib.h"

struct item {
	int	key;
	int	val;
	int	owned;
};

static char calls[512];
static int fail_at = -1, ncalls;

static void
record(const char *what, const struct item *h, const struct item *w)
{
	size_t n = strlen(calls);

	snprintf(calls + n, sizeof(calls) - n, "%s%d%s%s ", what,
	    w != NULL ? w->key : h->key, h != NULL && w != NULL ? "~" : "",
	    w != NULL && !w->owned ? "!" : "");
}

static int
i_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static bool
i_same(const void *a, const void *b)
{
	return ((const struct item *)a)->val == ((const struct item *)b)->val;
}

static int
i_put(struct nl *nl, const void *h, const void *w)
{
	(void)nl;
	if (ncalls++ == fail_at) {
		errno = EEXIST;
		return -1;
	}
	record("+", h, w);
	return 0;
}

static int
i_del(struct nl *nl, const void *h)
{
	(void)nl;
	if (ncalls++ == fail_at) {
		errno = ESRCH;
		return -1;
	}
	record("-", h, NULL);
	return 0;
}

static void
i_own(void *v)
{
	((struct item *)v)->owned = 1;
}

static const struct reconcile_ops ops = {
	sizeof(struct item), i_cmp, i_same, i_put, i_del, i_own
};

static void
reset(int at)
{
	calls[0] = '\0';
	ncalls = 0;
	fail_at = at;
}

/*
 * Owned: 1, 2 (twice: a leak of an earlier run), 4, 7.  Wanted, out of
 * order and with 5 given twice: 7 changed, 2, 5, 3.  Expected: 1 goes, 2
 * stays and its copy goes, 3 is added, 4 goes, 5 is added once, 7 is
 * replaced; every put is of an entry marked as fama's.
 */
START_TEST(merge)
{
	struct item have[] = { { 7, 0, 0 }, { 2, 0, 0 }, { 4, 0, 0 },
	    { 1, 0, 0 }, { 2, 0, 0 } };
	const struct item want[] = { { 7, 1, 0 }, { 2, 0, 0 }, { 5, 0, 0 },
	    { 3, 0, 0 }, { 5, 0, 0 } };
	struct reconcile_stats st;

	reset(-1);
	ck_assert_int_eq(reconcile_run(NULL, &ops, have, 5, want, 5, &st), 0);
	ck_assert_str_eq(calls, "-1 -2 +3 -4 +5 +7~ ");
	ck_assert_uint_eq(st.kept, 1);
	ck_assert_uint_eq(st.added, 2);
	ck_assert_uint_eq(st.replaced, 1);
	ck_assert_uint_eq(st.removed, 3);
}
END_TEST

START_TEST(edges)
{
	struct item have[] = { { 1, 0, 0 }, { 2, 0, 0 } };
	const struct item want[] = { { 1, 0, 0 }, { 2, 0, 0 } };
	struct reconcile_stats st;

	/* Converged: nothing to do. */
	reset(-1);
	ck_assert_int_eq(reconcile_run(NULL, &ops, have, 2, want, 2, &st), 0);
	ck_assert_str_eq(calls, "");
	ck_assert_uint_eq(st.kept, 2);
	/* Nothing wanted: everything goes. */
	reset(-1);
	ck_assert_int_eq(reconcile_run(NULL, &ops, have, 2, NULL, 0, &st), 0);
	ck_assert_str_eq(calls, "-1 -2 ");
	/* Nothing owned: everything comes. */
	reset(-1);
	ck_assert_int_eq(reconcile_run(NULL, &ops, NULL, 0, want, 2, &st), 0);
	ck_assert_str_eq(calls, "+1 +2 ");
	ck_assert_uint_eq(st.added, 2);
}
END_TEST

/* The first refused request stops the run with its errno. */
START_TEST(stops_at_failure)
{
	struct item have[] = { { 1, 0, 0 }, { 4, 0, 0 } };
	const struct item want[] = { { 2, 0, 0 }, { 3, 0, 0 } };
	struct reconcile_stats st;

	reset(1);
	errno = 0;
	ck_assert_int_eq(reconcile_run(NULL, &ops, have, 2, want, 2, &st),
	    -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_str_eq(calls, "-1 ");
	ck_assert_uint_eq(st.removed, 1);
	ck_assert_uint_eq(st.added, 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("reconcile");
	TCase *tc = tcase_create("reconcile");

	tcase_add_test(tc, merge);
	tcase_add_test(tc, edges);
	tcase_add_test(tc, stops_at_failure);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* fama.c: the role table, exact matching and dispatch on argv[0]. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/testlib.h"

static int
fama(const char *args, char *out, size_t cap)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "%s %s", fama_bin(), args);
	return run_cmd(cmd, out, cap);
}

START_TEST(no_args_lists_roles)
{
	char out[4096];

	ck_assert_int_eq(fama("", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage: fama role"));
	ck_assert_ptr_nonnull(strstr(out, "  dar "));
	ck_assert_ptr_nonnull(strstr(out, "  cga "));
	ck_assert_int_eq(fama("help", out, sizeof(out)), 0);
	ck_assert_ptr_nonnull(strstr(out, "  lab "));
	ck_assert_int_eq(fama("-h", out, sizeof(out)), 0);
}
END_TEST

START_TEST(version)
{
	char out[256];

	ck_assert_int_eq(fama("version", out, sizeof(out)), 0);
	ck_assert_int_eq(strncmp(out, "fama ", 5), 0);
	ck_assert_int_eq(fama("--version", out, sizeof(out)), 0);
	ck_assert_int_eq(strncmp(out, "fama ", 5), 0);
}
END_TEST

/* Unknown roles and prefixes of real ones exit 1 with usage on stderr. */
START_TEST(unknown_and_prefix)
{
	char cmd[512], out[4096];
	static const char *bad[] = { "nosuch", "da", "d", "dars", "DAR",
	    "versio", "--nope" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(fama(bad[i], out, sizeof(out)), 1);
		ck_assert_ptr_nonnull(strstr(out, "unknown role"));
		ck_assert_ptr_nonnull(strstr(out, "usage: fama"));
	}
	/* usage goes to stderr, nothing to stdout */
	snprintf(cmd, sizeof(cmd), "%s nosuch 2>/dev/null | wc -c",
	    fama_bin());
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_int_eq(atoi(out), 0);
}
END_TEST

/* A link named fama-ROLE runs that role; fama-bogus is refused. */
START_TEST(argv0_dispatch)
{
	char dir[] = "/tmp/fama-cli-XXXXXX", cmd[1024], out[4096];
	char *bin;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	bin = realpath(fama_bin(), NULL);
	ck_assert_ptr_nonnull(bin);
	snprintf(cmd, sizeof(cmd), "ln -s %s %s/fama-version && "
	    "ln -s %s %s/fama-bogus", bin, dir, bin, dir);
	ck_assert_int_eq(run_cmd(cmd, NULL, 0), 0);
	snprintf(cmd, sizeof(cmd), "%s/fama-version", dir);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_int_eq(strncmp(out, "fama ", 5), 0);
	snprintf(cmd, sizeof(cmd), "%s/fama-bogus", dir);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "unknown role 'bogus'"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run_cmd(cmd, NULL, 0);
	free(bin);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, no_args_lists_roles);
	tcase_add_test(tc, version);
	tcase_add_test(tc, unknown_and_prefix);
	tcase_add_test(tc, argv0_dispatch);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* roles/table: column widths, alignment, no trailing blanks. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roles/table.h"
#include "tests/testlib.h"

START_TEST(aligned_columns)
{
	struct table *t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	t = table_new("HOA", "COA", "LIFETIME", "STATE", NULL);
	ck_assert_ptr_nonnull(t);
	table_right(t, 2);
	table_right(t, 9);		/* no such column: ignored */
	ck_assert_int_eq(table_add(t, "%s", "2001:db8:1::10"), 0);
	ck_assert_int_eq(table_add(t, "%s", "2001:db8:3::10"), 0);
	ck_assert_int_eq(table_add(t, "%u", 420u), 0);
	ck_assert_int_eq(table_add(t, "bound"), 0);
	ck_assert_int_eq(table_add(t, "2001:db8:2::abcd:10"), 0);
	ck_assert_int_eq(table_add(t, "%s", ""), 0);	/* an empty cell */
	ck_assert_int_eq(table_add(t, "%d", 7), 0);
	ck_assert_int_eq(table_add(t, "%s", ""), 0);	/* empty, last */
	ck_assert_int_eq(table_add(t, "2001:db8:9::1"), 0);	/* short row */
	ck_assert_int_eq(table_print(t, f), 0);
	table_free(t);
	fclose(f);
	ck_assert_str_eq(buf,
	    "HOA                  COA             LIFETIME  STATE\n"
	    "2001:db8:1::10       2001:db8:3::10       420  bound\n"
	    "2001:db8:2::abcd:10                         7\n"
	    "2001:db8:9::1\n");
	free(buf);
}
END_TEST

START_TEST(bad_tables)
{
	ck_assert_ptr_null(table_new(NULL, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(table_new("1", "2", "3", "4", "5", "6", "7", "8",
	    "9", "10", "11", "12", "13", "14", "15", "16", "17", NULL));
}
END_TEST

START_TEST(header_only)
{
	struct table *t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	ck_assert_ptr_nonnull(t = table_new("A", "LONGER", NULL));
	table_right(t, 0);
	ck_assert_int_eq(table_print(t, f), 0);
	table_free(t);
	fclose(f);
	ck_assert_str_eq(buf, "A  LONGER\n");
	free(buf);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, aligned_columns);
	tcase_add_test(tc, bad_tables);
	tcase_add_test(tc, header_only);
	suite_add_tcase(s, tc);
	return s;
}

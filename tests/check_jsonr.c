// SPDX-License-Identifier: GPL-2.0-only
/* testbed/jsonr: what the lab reads from the daemons' `show --json`;
 * strictness (RFC 8259), lookups, typed reads, round trip with the
 * project's JSON writer, truncation at every offset. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roles/json.h"
#include "testbed/jsonr.h"
#include "tests/testlib.h"

static const char *mn_show =
    "{\"attached\":true,\"interface\":\"eth0\","
    "\"coa\":\"2001:db8:2::5\",\"addresses\":["
    "{\"address\":\"2001:db8:1::5\",\"state\":\"bound\",\"seq\":7,"
    "\"bu_ms\":1200,\"ba_ms\":null},"
    "{\"address\":\"2001:db8:2::5\",\"state\":\"home\",\"seq\":0,"
    "\"bu_ms\":null,\"ba_ms\":null}],"
    "\"handover\":{\"link_up_ms\":1000,\"rs_ms\":1001},"
    "\"stats\":{\"moves\":2,\"nested\":{\"deep\":[1,[2,[3]]]}},"
    "\"now_ms\":1300}";

START_TEST(lookups)
{
	struct jr j;
	char s[64];
	uint64_t v;
	bool b;
	int a, e;

	ck_assert_int_eq(jr_parse(&j, mn_show, strlen(mn_show)), 0);
	ck_assert(jr_is(&j, 0, JR_OBJECT));
	ck_assert_uint_eq(jr_size(&j, 0), 7);
	ck_assert(jr_bool(&j, jr_member(&j, 0, "attached"), &b) && b);
	ck_assert(jr_str(&j, jr_member(&j, 0, "coa"), s, sizeof(s)));
	ck_assert_str_eq(s, "2001:db8:2::5");
	a = jr_member(&j, 0, "addresses");
	ck_assert_uint_eq(jr_size(&j, a), 2);
	e = jr_elem(&j, a, 1);
	ck_assert(jr_str(&j, jr_member(&j, e, "state"), s, sizeof(s)));
	ck_assert_str_eq(s, "home");
	e = jr_elem(&j, a, 0);
	ck_assert(jr_u64(&j, jr_member(&j, e, "bu_ms"), &v) && v == 1200);
	/* null is no number */
	ck_assert(!jr_u64(&j, jr_member(&j, e, "ba_ms"), &v));
	ck_assert(jr_is(&j, jr_member(&j, e, "ba_ms"), JR_NULL));
	ck_assert_int_eq(jr_elem(&j, a, 2), -1);
	ck_assert(jr_u64(&j, jr_path(&j, 0, "handover.rs_ms"), &v) &&
	    v == 1001);
	ck_assert(jr_u64(&j, jr_path(&j, 0, "now_ms"), &v) && v == 1300);
	/* members after a nested value are found: next skips subtrees */
	a = jr_path(&j, 0, "stats.nested.deep");
	ck_assert_uint_eq(jr_size(&j, jr_elem(&j, a, 1)), 2);
	ck_assert_int_eq(jr_path(&j, 0, "handover.nope"), -1);
	ck_assert_int_eq(jr_path(&j, 0, "coa.x"), -1);
	ck_assert_int_eq(jr_member(&j, -1, "coa"), -1);
	/* wrong types read as nothing */
	ck_assert(!jr_str(&j, jr_member(&j, 0, "attached"), s, sizeof(s)));
	ck_assert(!jr_bool(&j, jr_member(&j, 0, "coa"), &b));
	/* a member name is matched whole */
	ck_assert_int_eq(jr_member(&j, 0, "coa2"), -1);
	ck_assert_int_eq(jr_member(&j, 0, "co"), -1);
	jr_free(&j);
}
END_TEST

START_TEST(numbers)
{
	struct jr j;
	uint64_t u;
	int64_t i;
	const char *t = "[0, -0, 18446744073709551615, 18446744073709551616,"
	    " -9223372036854775808, -9223372036854775809, 1.5, 2e3, -7]";

	ck_assert_int_eq(jr_parse(&j, t, strlen(t)), 0);
	ck_assert(jr_u64(&j, jr_elem(&j, 0, 0), &u) && u == 0);
	ck_assert(jr_u64(&j, jr_elem(&j, 0, 1), &u) && u == 0);
	ck_assert(jr_u64(&j, jr_elem(&j, 0, 2), &u) && u == UINT64_MAX);
	ck_assert(!jr_u64(&j, jr_elem(&j, 0, 3), &u));
	ck_assert(jr_i64(&j, jr_elem(&j, 0, 4), &i) && i == INT64_MIN);
	ck_assert(!jr_i64(&j, jr_elem(&j, 0, 5), &i));
	ck_assert(!jr_u64(&j, jr_elem(&j, 0, 6), &u));
	ck_assert(!jr_u64(&j, jr_elem(&j, 0, 7), &u));
	ck_assert(jr_i64(&j, jr_elem(&j, 0, 8), &i) && i == -7);
	ck_assert(!jr_u64(&j, jr_elem(&j, 0, 8), &u));
	ck_assert(!jr_i64(&j, jr_elem(&j, 0, 2), &i));
	jr_free(&j);
}
END_TEST

START_TEST(strings)
{
	struct jr j;
	char s[32];
	const char *t = "[\"a\\\"b\\\\c\\/\\n\", \"\\u00e9\\u20ac\","
	    " \"\\ud83d\\ude00\", \"\\ud800x\", \"\\u0000\", \"long string\"]";

	ck_assert_int_eq(jr_parse(&j, t, strlen(t)), 0);
	ck_assert(jr_str(&j, jr_elem(&j, 0, 0), s, sizeof(s)));
	ck_assert_str_eq(s, "a\"b\\c/\n");
	ck_assert(jr_str(&j, jr_elem(&j, 0, 1), s, sizeof(s)));
	ck_assert_str_eq(s, "\xc3\xa9\xe2\x82\xac");
	ck_assert(jr_str(&j, jr_elem(&j, 0, 2), s, sizeof(s)));
	ck_assert_str_eq(s, "\xf0\x9f\x98\x80");
	/* a lone surrogate becomes U+FFFD */
	ck_assert(jr_str(&j, jr_elem(&j, 0, 3), s, sizeof(s)));
	ck_assert_str_eq(s, "\xef\xbf\xbdx");
	/* a NUL cannot be handed out as a C string */
	ck_assert(!jr_str(&j, jr_elem(&j, 0, 4), s, sizeof(s)));
	/* too long for the buffer: refused, not cut */
	ck_assert(!jr_str(&j, jr_elem(&j, 0, 5), s, 11));
	ck_assert(jr_str(&j, jr_elem(&j, 0, 5), s, 12));
	jr_free(&j);
}
END_TEST

START_TEST(rejects)
{
	static const char *bad[] = {
		"", " ", "{", "}", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}",
		"{\"a\":1,}", "{a:1}", "{\"a\" 1}", "[1 2]", "tru", "nul",
		"falsey", "01", "-", "1.", ".5", "1e", "+1", "\"abc",
		"\"a\\x\"", "\"\\u12g4\"", "\"tab\there\"", "[1]]", "1 2",
		"{\"a\":1}{", "[\"\\u12\"]", "\"\\", "NaN", "[-]",
	};
	struct jr j;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_msg(jr_parse(&j, bad[i], strlen(bad[i])) == -1 &&
		    errno == EBADMSG, "accepted: '%s'", bad[i]);
		jr_free(&j);
	}
}
END_TEST

START_TEST(depth_limit)
{
	char buf[2 * (JR_MAX_DEPTH + 2)];
	struct jr j;
	size_t n;

	for (n = 0; n < JR_MAX_DEPTH; n++)
		buf[n] = '[';
	for (; n < 2 * JR_MAX_DEPTH; n++)
		buf[n] = ']';
	ck_assert_int_eq(jr_parse(&j, buf, n), 0);
	jr_free(&j);
	memmove(buf + 1, buf, n);
	buf[0] = '[';
	buf[n + 1] = ']';
	ck_assert_int_eq(jr_parse(&j, buf, n + 2), -1);
	ck_assert_int_eq(errno, EBADMSG);
	jr_free(&j);
}
END_TEST

/* What the project's writer writes, the reader reads back. */
START_TEST(writer_round_trip)
{
	struct in6_addr a = { { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 1 } } };
	struct json w;
	struct jr j;
	char *buf = NULL, s[64];
	size_t len = 0;
	uint64_t u;
	int64_t i;
	bool b;
	FILE *f;

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	json_init(&w, f, JSON_PRETTY);
	json_object_open(&w, NULL);
	json_string(&w, "text", "quote \" backslash \\ tab \t ctl \x01");
	json_uint(&w, "big", UINT64_MAX);
	json_int(&w, "neg", -42);
	json_bool(&w, "no", false);
	json_ip6(&w, "addr", &a);
	json_array_open(&w, "empty");
	json_array_close(&w);
	json_object_open(&w, "obj");
	json_object_close(&w);
	json_object_close(&w);
	ck_assert_int_eq(json_done(&w), 0);
	fclose(f);
	ck_assert_int_eq(jr_parse(&j, buf, len), 0);
	ck_assert(jr_str(&j, jr_member(&j, 0, "text"), s, sizeof(s)));
	ck_assert_str_eq(s, "quote \" backslash \\ tab \t ctl \x01");
	ck_assert(jr_u64(&j, jr_member(&j, 0, "big"), &u) && u == UINT64_MAX);
	ck_assert(jr_i64(&j, jr_member(&j, 0, "neg"), &i) && i == -42);
	ck_assert(jr_bool(&j, jr_member(&j, 0, "no"), &b) && !b);
	ck_assert(jr_str(&j, jr_member(&j, 0, "addr"), s, sizeof(s)));
	ck_assert_str_eq(s, "2001:db8::1");
	ck_assert_uint_eq(jr_size(&j, jr_member(&j, 0, "empty")), 0);
	ck_assert(jr_is(&j, jr_member(&j, 0, "obj"), JR_OBJECT));
	jr_free(&j);
	free(buf);
}
END_TEST

/* Every proper prefix of a document is refused (the document ends with
 * its closing brace, so no prefix is whole). */
START_TEST(truncation)
{
	size_t n, len = strlen(mn_show);
	struct jr j;
	char *copy;

	for (n = 0; n < len; n++) {
		/* a copy of exactly n octets, so that ASan sees overreads */
		ck_assert_ptr_nonnull(copy = malloc(n + 1));
		memcpy(copy, mn_show, n);
		ck_assert_msg(jr_parse(&j, copy, n) == -1, "accepted %zu", n);
		jr_free(&j);
		free(copy);
	}
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("jsonr");
	TCase *tc = tcase_create("jsonr");

	tcase_add_test(tc, lookups);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, strings);
	tcase_add_test(tc, rejects);
	tcase_add_test(tc, depth_limit);
	tcase_add_test(tc, writer_round_trip);
	tcase_add_test(tc, truncation);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* roles/json: golden output, escaping, misuse, and Python's json module as
 * an independent parser of what the writer produces. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roles/json.h"
#include "tests/testlib.h"

static char	*buf;
static size_t	 len;
static FILE	*mf;

static void
mem_open(void)
{
	mf = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mf);
}

static const char *
mem_text(void)
{
	fflush(mf);
	return buf;
}

static void
mem_close(void)
{
	if (mf != NULL)
		fclose(mf);
	free(buf);
	mf = NULL;
	buf = NULL;
}

START_TEST(compact_golden)
{
	struct json j;
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8:0:1::1", &a), 1);
	mem_open();
	json_init(&j, mf, 0);
	json_object_open(&j, NULL);
	json_string(&j, "name", "dar1");
	json_int(&j, "neg", -42);
	json_int(&j, "min", INT64_MIN);
	json_uint(&j, "max", UINT64_MAX);
	json_bool(&j, "up", true);
	json_bool(&j, "down", false);
	json_null(&j, "none");
	json_string(&j, "nullstr", NULL);
	json_ip6(&j, "hoa", &a);
	json_ip6(&j, "coa", NULL);
	json_stringf(&j, "prefix", "%s/%d", "2001:db8:1::", 64);
	json_array_open(&j, "empty");
	json_array_close(&j);
	json_object_open(&j, "obj");
	json_object_close(&j);
	json_array_open(&j, "list");
	json_uint(&j, NULL, 1);
	json_object_open(&j, NULL);
	json_double(&j, "ms", 12.5);
	json_object_close(&j);
	json_array_open(&j, NULL);
	json_array_close(&j);
	json_array_close(&j);
	json_object_close(&j);
	ck_assert_int_eq(json_done(&j), 0);
	ck_assert_str_eq(mem_text(),
	    "{\"name\":\"dar1\",\"neg\":-42,\"min\":-9223372036854775808,"
	    "\"max\":18446744073709551615,\"up\":true,\"down\":false,"
	    "\"none\":null,\"nullstr\":null,\"hoa\":\"2001:db8:0:1::1\","
	    "\"coa\":null,\"prefix\":\"2001:db8:1::/64\",\"empty\":[],"
	    "\"obj\":{},\"list\":[1,{\"ms\":12.5},[]]}\n");
	mem_close();
}
END_TEST

START_TEST(pretty_golden)
{
	struct json j;

	mem_open();
	json_init(&j, mf, JSON_PRETTY);
	json_object_open(&j, NULL);
	json_string(&j, "a", "x");
	json_array_open(&j, "b");
	json_int(&j, NULL, 1);
	json_object_open(&j, NULL);
	json_bool(&j, "c", true);
	json_object_close(&j);
	json_array_close(&j);
	json_array_open(&j, "e");
	json_array_close(&j);
	json_object_close(&j);
	ck_assert_int_eq(json_done(&j), 0);
	ck_assert_str_eq(mem_text(),
	    "{\n"
	    "  \"a\": \"x\",\n"
	    "  \"b\": [\n"
	    "    1,\n"
	    "    {\n"
	    "      \"c\": true\n"
	    "    }\n"
	    "  ],\n"
	    "  \"e\": []\n"
	    "}\n");
	mem_close();
}
END_TEST

START_TEST(scalars_at_top_level)
{
	struct json j;

	mem_open();
	json_init(&j, mf, 0);
	json_string(&j, NULL, "only");
	ck_assert_int_eq(json_done(&j), 0);
	json_init(&j, mf, 0);
	json_double(&j, NULL, NAN);
	ck_assert_int_eq(json_done(&j), 0);
	json_init(&j, mf, 0);
	json_array_open(&j, NULL);
	json_double(&j, NULL, INFINITY);
	json_double(&j, NULL, 0.1);
	json_double(&j, NULL, -0.0);
	json_double(&j, NULL, 1e300);
	json_double(&j, NULL, 1.0 / 3.0);
	json_array_close(&j);
	ck_assert_int_eq(json_done(&j), 0);
	ck_assert_str_eq(mem_text(), "\"only\"\nnull\n"
	    "[null,0.1,-0,1e+300,0.33333333333333331]\n");
	mem_close();
}
END_TEST

START_TEST(escaping)
{
	struct json j;
	char in[64];
	int i;

	mem_open();
	json_init(&j, mf, 0);
	json_array_open(&j, NULL);
	for (i = 1; i < 0x20; i++)
		in[i - 1] = (char)i;
	in[31] = '\0';
	json_string(&j, NULL, in);
	json_string(&j, NULL, "q\"b\\s/");
	/* é, €, U+1D11E: valid, copied as they are. */
	json_string(&j, NULL, "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e");
	/* Invalid: a lone 0xff; an overlong NUL; a surrogate; a sequence
	 * cut short by the end; a code point past U+10FFFF; a lone
	 * continuation octet. */
	json_string(&j, NULL, "a\xff" "b");
	json_string(&j, NULL, "\xc0\x80");
	json_string(&j, NULL, "\xed\xa0\x80");
	json_string(&j, NULL, "x\xe2\x82");
	json_string(&j, NULL, "\xf4\x90\x80\x80");
	json_string(&j, NULL, "\x80" "z");
	json_array_close(&j);
	ck_assert_int_eq(json_done(&j), 0);
	ck_assert_str_eq(mem_text(), "["
	    "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n"
	    "\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014"
	    "\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d"
	    "\\u001e\\u001f\","
	    "\"q\\\"b\\\\s/\","
	    "\"\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e\","
	    "\"a\\ufffdb\","
	    "\"\\ufffd\\ufffd\","
	    "\"\\ufffd\\ufffd\\ufffd\","
	    "\"x\\ufffd\\ufffd\","
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd\","
	    "\"\\ufffdz\""
	    "]\n");
	mem_close();
}
END_TEST

/* Every misuse fails json_done() and stops the output where it went
 * wrong. */
START_TEST(misuse_is_an_error)
{
	struct json j;
	int i;

	mem_open();
	/* A value without a key inside an object. */
	json_init(&j, mf, 0);
	json_object_open(&j, NULL);
	json_int(&j, NULL, 1);
	json_object_close(&j);
	ck_assert_int_eq(json_done(&j), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(mem_text(), "{");
	/* A key inside an array. */
	json_init(&j, mf, 0);
	json_array_open(&j, NULL);
	json_int(&j, "k", 1);
	ck_assert_int_eq(json_done(&j), -1);
	/* A key at the top level. */
	json_init(&j, mf, 0);
	json_int(&j, "k", 1);
	ck_assert_int_eq(json_done(&j), -1);
	/* Mismatched close. */
	json_init(&j, mf, 0);
	json_array_open(&j, NULL);
	json_object_close(&j);
	ck_assert_int_eq(json_done(&j), -1);
	/* Unbalanced. */
	json_init(&j, mf, 0);
	json_object_open(&j, NULL);
	ck_assert_int_eq(json_done(&j), -1);
	/* Close at the top. */
	json_init(&j, mf, 0);
	json_array_close(&j);
	ck_assert_int_eq(json_done(&j), -1);
	/* Two top-level values. */
	json_init(&j, mf, 0);
	json_int(&j, NULL, 1);
	json_int(&j, NULL, 2);
	ck_assert_int_eq(json_done(&j), -1);
	/* Nothing at all. */
	json_init(&j, mf, 0);
	ck_assert_int_eq(json_done(&j), -1);
	/* A formatted string too long to hold. */
	json_init(&j, mf, 0);
	json_stringf(&j, NULL, "%600s", "x");
	ck_assert_int_eq(json_done(&j), -1);
	ck_assert_str_eq(mem_text(), "{[[{1");
	/* Nesting: JSON_MAX_DEPTH - 1 levels work, one more does not. */
	json_init(&j, mf, 0);
	for (i = 0; i < JSON_MAX_DEPTH - 1; i++)
		json_array_open(&j, NULL);
	for (i = 0; i < JSON_MAX_DEPTH - 1; i++)
		json_array_close(&j);
	ck_assert_int_eq(json_done(&j), 0);
	json_init(&j, mf, 0);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_open(&j, NULL);
	ck_assert_int_eq(json_done(&j), -1);
	mem_close();
}
END_TEST

START_TEST(write_error)
{
	struct json j;
	FILE *f;
	int i;

	f = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(f);
	json_init(&j, f, 0);
	json_array_open(&j, NULL);
	for (i = 0; i < 5000; i++)
		json_string(&j, NULL, "0123456789");
	json_array_close(&j);
	ck_assert_int_eq(json_done(&j), -1);
	ck_assert_int_eq(errno, EIO);
	fclose(f);
}
END_TEST

/*
 * Random strings of random octets (most of them ASCII, some control,
 * some high) go through the writer into a file; Python parses it and
 * prints each decoded string back as UTF-8 hex, which must equal the
 * input with every octet that is not part of valid UTF-8 replaced by
 * U+FFFD.  The same document pretty-printed must parse too.
 */
#define NSTR	300

/* The expected decoding in hex: a deliberately simple validator, separate
 * from the writer's (RFC 3629 table 3.6 byte ranges). */
static void
expect_hex(const unsigned char *s, size_t n, char *out)
{
	size_t i = 0, k, m;
	unsigned char c;
	bool ok;

	*out = '\0';
	while (i < n) {
		c = s[i];
		k = c < 0x80 ? 1 : (c >= 0xc2 && c <= 0xdf) ? 2 :
		    (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ?
		    4 : 0;
		ok = k > 0 && i + k <= n;
		for (m = 1; ok && m < k; m++)
			ok = s[i + m] >= 0x80 && s[i + m] <= 0xbf;
		if (ok && k >= 3) {
			if (c == 0xe0 && s[i + 1] < 0xa0)
				ok = false;
			if (c == 0xed && s[i + 1] > 0x9f)
				ok = false;
			if (c == 0xf0 && s[i + 1] < 0x90)
				ok = false;
			if (c == 0xf4 && s[i + 1] > 0x8f)
				ok = false;
		}
		if (!ok) {
			strcat(out, "efbfbd");
			i++;
			continue;
		}
		for (m = 0; m < k; m++)
			sprintf(out + strlen(out), "%02x", s[i + m]);
		i += k;
	}
	strcat(out, "\n");
}

START_TEST(python_parses_it)
{
	static unsigned char strs[NSTR][40];
	static const unsigned char seq[][4] = {
		{ 0xc3, 0xa9 }, { 0xe2, 0x82, 0xac },
		{ 0xf0, 0x9d, 0x84, 0x9e },
		{ 0xed, 0x9f, 0xbf }, { 0xf4, 0x8f, 0xbf, 0xbf },
	};
	static const size_t seqlen[] = { 2, 3, 4, 3, 4 };
	char path[128], cmd[512], *out, *want, *w;
	size_t i, k, n, r;
	struct json j;
	FILE *f;
	int pretty;

	srandom(42);
	for (i = 0; i < NSTR; i++) {
		n = 0;
		while (n < 30) {
			r = (size_t)random() % 10;
			if (r < 6)
				strs[i][n++] = (unsigned char)(0x20 +
				    random() % 0x5f);
			else if (r < 7)
				strs[i][n++] = (unsigned char)(1 +
				    random() % 0x1f);
			else if (r < 8)
				strs[i][n++] = (unsigned char)(0x80 +
				    random() % 0x80);
			else {
				k = (size_t)random() % 5;
				memcpy(&strs[i][n], seq[k], seqlen[k]);
				n += seqlen[k];
			}
		}
		strs[i][n] = '\0';
	}
	want = malloc(NSTR * 40 * 6 + 1);
	out = malloc(NSTR * 40 * 6 + 1);
	ck_assert(want != NULL && out != NULL);
	w = want;
	for (i = 0; i < NSTR; i++) {
		expect_hex(strs[i], strlen((char *)strs[i]), w);
		w += strlen(w);
	}
	for (pretty = 0; pretty < 2; pretty++) {
		tmpdir_path(path, sizeof(path), pretty ? "pretty.json" :
		    "compact.json");
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		json_init(&j, f, pretty ? JSON_PRETTY : 0);
		json_object_open(&j, NULL);
		json_array_open(&j, "strings");
		for (i = 0; i < NSTR; i++)
			json_string(&j, NULL, (char *)strs[i]);
		json_array_close(&j);
		json_object_open(&j, "nested");
		json_string(&j, (char *)strs[0], "key escaped too");
		json_array_open(&j, "n");
		json_int(&j, NULL, INT64_MIN);
		json_uint(&j, NULL, UINT64_MAX);
		json_double(&j, NULL, 0.1);
		json_null(&j, NULL);
		json_array_close(&j);
		json_object_close(&j);
		json_object_close(&j);
		ck_assert_int_eq(json_done(&j), 0);
		ck_assert_int_eq(fclose(f), 0);

		snprintf(cmd, sizeof(cmd), "python3 -m json.tool %s "
		    ">/dev/null", path);
		ck_assert_int_eq(run_cmd(cmd, out, 4096), 0);
		snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys\n"
		    "d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
		    "for s in d[\"strings\"]: print(s.encode().hex())\n"
		    "n = d[\"nested\"][\"n\"]\n"
		    "assert n == [-2**63, 2**64 - 1, 0.1, None], n\n"
		    "assert list(d[\"nested\"].values())[0] == "
		    "\"key escaped too\"' %s", path);
		ck_assert_int_eq(run_cmd(cmd, out, NSTR * 40 * 6 + 1), 0);
		ck_assert_str_eq(out, want);
	}
	free(want);
	free(out);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("writer");
	TCase *tp = tcase_create("python");

	tcase_add_test(tc, compact_golden);
	tcase_add_test(tc, pretty_golden);
	tcase_add_test(tc, scalars_at_top_level);
	tcase_add_test(tc, escaping);
	tcase_add_test(tc, misuse_is_an_error);
	tcase_add_test(tc, write_error);
	suite_add_tcase(s, tc);
	tcase_add_unchecked_fixture(tp, tmpdir_setup, tmpdir_teardown);
	tcase_add_test(tp, python_parses_it);
	tcase_set_timeout(tp, 30);
	suite_add_tcase(s, tp);
	return s;
}

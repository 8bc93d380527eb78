// SPDX-License-Identifier: GPL-2.0-only
/* fama cga, run as a program: keygen, gen, verify, show, and the errors. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/testlib.h"

#define PFX12	"2001:db8:1:2::/64"
#define PFX34	"2001:db8:3:4::/64"
#define SEC1_ADDR "2001:db8:1:2:2cb8:69a8:e3a0:9924"

/* A scratch directory per test case, made and removed by the parent
 * process (so also when a test fails), with a 1024-bit key made once. */
static char dir[64];
static char key[96];

static int
fama(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Run `fama ARGS` (stdout and stderr together in out). */
static int
fama(char *out, size_t cap, const char *fmt, ...)
{
	char args[4096], cmd[4352];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s", fama_bin(), args);
	return run_cmd(cmd, out, cap);
}

static void
dir_setup(void)
{
	char out[1024];

	snprintf(dir, sizeof(dir), "/tmp/fama-cgacli-%ld-XXXXXX",
	    (long)getpid());
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(key, sizeof(key), "%s/mn.key", dir);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -b 1024 %s", key),
	    0);
}

static void
dir_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	run_cmd(cmd, NULL, 0);
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

/* The whole of a small text file, NUL-terminated. */
static void
slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* The value after "name " on its own line of out. */
static void
field(const char *out, const char *name, char *val, size_t cap)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "%s ", name);
	for (p = out; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, pat, strlen(pat)) == 0) {
			p += strlen(pat);
			n = strcspn(p, "\n");
			ck_assert_uint_lt(n, cap);
			memcpy(val, p, n);
			val[n] = '\0';
			return;
		}
	}
	ck_abort_msg("no '%s' in: %s", name, out);
}

START_TEST(keygen)
{
	char p[128], cp[160], out[2048], a[4096], b[4096], mod[64];

	snprintf(p, sizeof(p), "%s/k", dir);
	snprintf(cp, sizeof(cp), "%s.cga", p);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -b 1024 -s 1 %s",
	    p), 0);
	ck_assert_ptr_nonnull(strstr(out, "RSA 1024 bits"));
	field(out, "sec 1 modifier", mod, sizeof(mod));
	ck_assert_uint_eq(strlen(mod), 32);
	ck_assert_ptr_nonnull(strstr(out, "hashes in"));
	ck_assert_uint_eq(mode_of(p), 0600);
	ck_assert_uint_eq(mode_of(cp), 0600);
	slurp(cp, a, sizeof(a));
	ck_assert_ptr_nonnull(strstr(a, "\nsec 1\n"));
	snprintf(b, sizeof(b), "\nmodifier %s\n", mod);
	ck_assert_ptr_nonnull(strstr(a, b));
	ck_assert_ptr_nonnull(strstr(a, "\nspki-sha256 "));

	/* No overwrite without -f; the key stays as it was. */
	slurp(p, a, sizeof(a));
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -b 1024 %s", p),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "fama cga: "));
	ck_assert_ptr_nonnull(strstr(out, "exists"));
	slurp(p, b, sizeof(b));
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -f -b 1024 -s 0 "
	    "%s", p), 0);
	ck_assert_ptr_nonnull(strstr(out, "sec 0 modifier"));
	slurp(p, b, sizeof(b));
	ck_assert_str_ne(a, b);
	ck_assert_uint_eq(mode_of(p), 0600);

	/* bad sizes and Sec values are usage errors */
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -b 512 %s/x",
	    dir), 1);
	ck_assert_ptr_nonnull(strstr(out, "usage: fama cga keygen"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -b 4097 %s/x",
	    dir), 1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -s 3 %s/x", dir),
	    1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen"), 1);
	ck_assert_int_ne(access(cp, F_OK), -1);
	snprintf(cp, sizeof(cp), "%s/x", dir);
	ck_assert_int_eq(access(cp, F_OK), -1);
}
END_TEST

/* The modifier search on several threads: a modifier that verifies, the
 * thread count said, and the bad counts refused. */
START_TEST(keygen_threads)
{
	char p[128], out[4096], addr[64], params[1024], want[32];
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	snprintf(p, sizeof(p), "%s/kt", dir);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -b 1024 -s 1 -t 3 "
	    "%s", p), 0);
	ck_assert_ptr_nonnull(strstr(out, "hashes in"));
	ck_assert_ptr_nonnull(strstr(out, " on 3 threads\n"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s " PFX12, p), 0);
	field(out, "address", addr, sizeof(addr));
	field(out, "params", params, sizeof(params));
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -s 1 %s %s", addr,
	    params), 0);
	ck_assert_str_eq(out, "ok\n");
	/* 0: one per online CPU; gen searches with -t too (-s 1 > Sec 0) */
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -f -b 1024 -s 0 "
	    "-t 0 %s", p), 0);
	snprintf(want, sizeof(want), " on %ld thread", n > 256 ? 256 : n);
	ck_assert_ptr_nonnull(strstr(out, want));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -t 2 -s 1 %s " PFX12,
	    p), 0);
	field(out, "address", addr, sizeof(addr));
	field(out, "params", params, sizeof(params));
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -s 1 %s %s", addr,
	    params), 0);
	ck_assert_int_eq(fama(out, sizeof(out), "cga keygen -t 257 %s/y", dir),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "usage: fama cga keygen"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -t x %s " PFX12, p),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "usage: fama cga gen"));
}
END_TEST

/* Addresses on two prefixes, each verified by `verify`; neither
 * verifies with the other's parameters. */
START_TEST(gen_and_verify)
{
	char out[4096], a1[64], a2[64], p1[1024], p2[1024], want[2048];

	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s %s", key, PFX12),
	    0);
	field(out, "address", a1, sizeof(a1));
	field(out, "params", p1, sizeof(p1));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s %s", key, PFX34),
	    0);
	field(out, "address", a2, sizeof(a2));
	field(out, "params", p2, sizeof(p2));
	ck_assert_int_eq(strncmp(a1, "2001:db8:1:2:", 13), 0);
	ck_assert_int_eq(strncmp(a2, "2001:db8:3:4:", 13), 0);
	ck_assert_str_ne(a1 + 13, a2 + 13);
	/* the same modifier: only the prefix differs in the parameters */
	ck_assert_int_eq(strncmp(p1, p2, 32), 0);
	ck_assert_str_eq(p1 + 50, p2 + 50);

	ck_assert_int_eq(fama(out, sizeof(out), "cga verify %s %s", a1, p1),
	    0);
	ck_assert_str_eq(out, "ok\n");
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -s 1 %s %s", a2,
	    p2), 0);
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify %s %s", a1, p2),
	    1);
	ck_assert_str_eq(out, "fail: subnet prefix differs from the "
	    "address\n");
	/* Sec 1 is what gen made; Sec 2 is more than it has */
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -s 2 %s %s", a1,
	    p1), 1);
	ck_assert_str_eq(out, "fail: Sec below the policy's minimum\n");
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -b 2048:4096 %s "
	    "%s", a1, p1), 1);
	ck_assert_str_eq(out, "fail: key size outside the policy's range\n");

	/* collision count 1 gives another address, that verifies too */
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -c 1 %s %s", key,
	    PFX12), 0);
	field(out, "address", a2, sizeof(a2));
	field(out, "params", p2, sizeof(p2));
	ck_assert_str_ne(a1, a2);
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify %s %s", a2, p2),
	    0);

	/* JSON */
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -j -s 1 %s %s", key,
	    PFX12), 0);
	snprintf(want, sizeof(want), "{\"address\":\"%s\",\"prefix\":\"" PFX12
	    "\",\"sec\":1,\"collision_count\":0,\"modifier\":\"%.32s\","
	    "\"params\":\"%s\"}\n", a1, p1, p1);
	ck_assert_str_eq(out, want);
}
END_TEST

/* A changed hex digit anywhere in the parameters is refused with a
 * reason, on stdout, exit 1. */
START_TEST(verify_mutated)
{
	char out[4096], a[64], p[1024], m[1024], cmd[2048];
	size_t i, n;

	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s %s", key, PFX12),
	    0);
	field(out, "address", a, sizeof(a));
	field(out, "params", p, sizeof(p));
	n = strlen(p);
	for (i = 0; i < n; i += 7) {
		strcpy(m, p);
		m[i] = m[i] == '0' ? '8' : '0';
		ck_assert_int_eq(fama(out, sizeof(out), "cga verify %s %s", a,
		    m), 1);
		ck_assert_msg(strncmp(out, "fail: ", 6) == 0, "%zu: %s", i,
		    out);
	}
	/* the verdict is on stdout, nothing on stderr */
	snprintf(cmd, sizeof(cmd), "{ %s cga verify %s %s 2>/dev/null; }",
	    fama_bin(), a, m);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 1);
	ck_assert_int_eq(strncmp(out, "fail: ", 6), 0);
	/* truncated parameters */
	p[n - 2] = '\0';
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify %s %s", a, p), 1);
	ck_assert_str_eq(out, "fail: parameters do not decode\n");
}
END_TEST

/* The vector files, through @FILE. */
START_TEST(verify_files)
{
	char out[1024];

	ck_assert_int_eq(fama(out, sizeof(out), "cga verify " SEC1_ADDR
	    " @tests/vectors/cga_params_sec1.bin"), 0);
	ck_assert_str_eq(out, "ok\n");
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify "
	    "fe80::3c4a:5bf6:ffb4:ca6c @tests/vectors/"
	    "rfc3972-appendix-a.params"), 1);
	ck_assert_str_eq(out, "fail: key size outside the policy's range\n");
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -b 512:2040 "
	    "fe80::3c4a:5bf6:ffb4:ca6c @tests/vectors/"
	    "rfc3972-appendix-a.params"), 0);
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify " SEC1_ADDR
	    " @%s/nothere", dir), 1);
	ck_assert_ptr_nonnull(strstr(out, "fama cga: "));
	ck_assert_ptr_nonnull(strstr(out, "No such file"));
}
END_TEST

START_TEST(show)
{
	char out[2048];

	ck_assert_int_eq(fama(out, sizeof(out), "cga show "
	    "@tests/vectors/cga_params_sec1.bin"), 0);
	ck_assert_str_eq(out,
	    "length 187\n"
	    "modifier 000102030405060708090a0b0c0d38ee\n"
	    "prefix 2001:db8:1:2::/64\n"
	    "collision-count 0\n"
	    "spki-length 162\n"
	    "key RSA 1024 bits\n"
	    "modifier-sec 1\n");
	ck_assert_int_eq(fama(out, sizeof(out), "cga show -j "
	    "@tests/vectors/rfc3972-appendix-a.params"), 0);
	ck_assert_str_eq(out,
	    "{\"length\":119,\"modifier\":\"89a8a8b2e858d8b8f2633f44d2d4ce9b\","
	    "\"prefix\":\"fe80::/64\",\"collision_count\":0,"
	    "\"spki_length\":94,\"key\":{\"type\":\"RSA\",\"bits\":512},"
	    "\"modifier_sec\":1,\"extensions\":[]}\n");
	/* A made-up structure with an extension field and no real key. */
	ck_assert_int_eq(fama(out, sizeof(out), "cga show '"
	    "000102030405060708090a0b0c0d0e0f 20010db800010002 02 "
	    "3003020100 fffd0001aa'"), 0);
	ck_assert_ptr_nonnull(strstr(out, "collision-count 2\n"));
	ck_assert_ptr_nonnull(strstr(out, "key unparseable\n"));
	ck_assert_ptr_nonnull(strstr(out, "extension type 0xfffd length 1\n"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga show 0001"), 1);
	ck_assert_ptr_nonnull(strstr(out, "fama cga: "));
	ck_assert_int_eq(fama(out, sizeof(out), "cga show xyz"), 1);
}
END_TEST

START_TEST(usage_and_errors)
{
	char out[4096], cmd[512], p[128];

	ck_assert_int_eq(fama(out, sizeof(out), "cga -h"), 0);
	ck_assert_int_eq(strncmp(out, "usage: fama cga keygen", 22), 0);
	ck_assert_ptr_nonnull(strstr(out, "fama cga show [-j] params"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -h"), 0);
	ck_assert_str_eq(out, "usage: fama cga gen [-j] [-c count] [-s sec] "
	    "[-t threads] keyfile prefix\n");
	/* unknown verbs, prefixes of verbs: usage on stderr, exit 1 */
	ck_assert_int_eq(fama(out, sizeof(out), "cga nosuch"), 1);
	ck_assert_ptr_nonnull(strstr(out, "fama cga: unknown command"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga ver x y"), 1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga GEN"), 1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga"), 1);
	snprintf(cmd, sizeof(cmd), "{ %s cga nosuch 2>/dev/null; }",
	    fama_bin());
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 1);
	ck_assert_str_eq(out, "");
	snprintf(cmd, sizeof(cmd), "{ %s cga gen >/dev/null; }", fama_bin());
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 1);
	ck_assert_str_eq(out, "usage: fama cga gen [-j] [-c count] [-s sec] "
	    "[-t threads] keyfile prefix\n");

	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -q %s " PFX12, key),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "usage: fama cga gen"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s", key), 1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen -c 3 %s " PFX12,
	    key), 1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s 2001:db8::/48",
	    key), 1);
	ck_assert_ptr_nonnull(strstr(out, "/64"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s 2001:db8::1/64",
	    key), 1);
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify -b 2040 "
	    SEC1_ADDR " 00"), 1);
	ck_assert_ptr_nonnull(strstr(out, "usage: fama cga verify"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify nope 00"), 1);
	ck_assert_ptr_nonnull(strstr(out, "not an IPv6 address"));
	ck_assert_int_eq(fama(out, sizeof(out), "cga verify " SEC1_ADDR
	    " 0g"), 1);

	/* A key file others can read is refused. */
	snprintf(p, sizeof(p), "%s/open.key", dir);
	snprintf(cmd, sizeof(cmd), "cp %s %s && chmod 644 %s", key, p, p);
	ck_assert_int_eq(run_cmd(cmd, NULL, 0), 0);
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s " PFX12, p), 1);
	ck_assert_ptr_nonnull(strstr(out, "chmod 600"));
	ck_assert_ptr_null(strstr(out, "address "));
	ck_assert_int_eq(fama(out, sizeof(out), "cga gen %s/nothere " PFX12,
	    dir), 1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("cga_cli");
	TCase *tc = tcase_create("cli");

	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, keygen);
	tcase_add_test(tc, keygen_threads);
	tcase_add_test(tc, gen_and_verify);
	tcase_add_test(tc, verify_mutated);
	tcase_add_test(tc, verify_files);
	tcase_add_test(tc, show);
	tcase_add_test(tc, usage_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/sysctl and netns/ns: key and name checking, and reads that need
 * no privilege. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "netns/ns.h"
#include "netns/sysctl.h"
#include "tests/testlib.h"

START_TEST(read_value)
{
	char a[32], b[32], tiny[1];

	ck_assert_int_eq(sysctl_get("net.ipv6.conf.lo.mtu", a, sizeof(a)), 0);
	ck_assert_int_eq(sysctl_get("net/ipv6/conf/lo/mtu", b, sizeof(b)), 0);
	ck_assert_str_eq(a, b);
	ck_assert_ptr_null(strchr(a, '\n'));
	ck_assert_int_gt(strlen(a), 0);
	errno = 0;
	ck_assert_int_eq(sysctl_get("net.ipv6.conf.lo.mtu", tiny,
	    sizeof(tiny)), -1);
	ck_assert_int_eq(errno, ERANGE);
}
END_TEST

/* Keys that would leave /proc/sys/net, or are not keys at all. */
START_TEST(bad_keys)
{
	static const char *const bad[] = {
		"kernel.hostname", "kernel/hostname", "net", "netx.y",
		"net/../kernel/hostname", "net..ipv6", "net/ipv6//conf",
		"net/ipv6/conf/", "net.ipv6.conf.lo.mtu\n", "net/ipv6/co nf",
		"net/./ipv6",
	};
	char v[32];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_msg(sysctl_get(bad[i], v, sizeof(v)) == -1, "%s",
		    bad[i]);
		ck_assert_msg(errno == EINVAL, "%s: %s", bad[i],
		    strerror(errno));
		ck_assert_int_eq(sysctl_set(bad[i], "1"), -1);
	}
	/* A missing key is the kernel's ENOENT, after the checks. */
	errno = 0;
	ck_assert_int_eq(sysctl_get("net.ipv6.conf.fama-none.mtu", v,
	    sizeof(v)), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static int
never(void *arg)
{
	(void)arg;
	ck_abort_msg("ran in a namespace that does not exist");
	return 0;
}

START_TEST(bad_names)
{
	static const char *const bad[] = { "", ".", "..", "a/b", "/x" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_int_eq(ns_open(bad[i]), -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_int_eq(ns_add(bad[i]), -1);
		ck_assert_int_eq(ns_del(bad[i]), -1);
	}
	errno = 0;
	ck_assert_int_eq(ns_run("fama-no-such-namespace", never, NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(sysctl_set_ns("fama-no-such-namespace",
	    "net.ipv6.conf.all.forwarding", "1"), -1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("sysctl");
	TCase *tc = tcase_create("sysctl");

	tcase_add_test(tc, read_value);
	tcase_add_test(tc, bad_keys);
	tcase_add_test(tc, bad_names);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* testbed/topo: lab names, node names and the address plan (the parts
 * that need no namespace; tests/netns/t_lab*.sh build the real thing). */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <string.h>

#include "testbed/topo.h"
#include "tests/testlib.h"

START_TEST(names)
{
	struct topo t;

	ck_assert(topo_name_ok("fama"));
	ck_assert(topo_name_ok("t-lab-123"));
	ck_assert(topo_name_ok("ABCDEFGHIJKLMNO"));		/* 15 */
	ck_assert(!topo_name_ok("ABCDEFGHIJKLMNOP"));	/* 16 */
	ck_assert(!topo_name_ok(""));
	ck_assert(!topo_name_ok("-x"));
	ck_assert(!topo_name_ok("a/b"));
	ck_assert(!topo_name_ok("a b"));
	ck_assert(!topo_name_ok("a.b"));
	ck_assert_int_eq(topo_init(&t, "fama", 3, 1), 0);
	ck_assert_int_eq(topo_init(&t, "fama", 0, 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(topo_init(&t, "fama", TOPO_MAX_DARS + 1, 1), -1);
	ck_assert_int_eq(topo_init(&t, "fama", 1, 0), -1);
	ck_assert_int_eq(topo_init(&t, "fama", 1, TOPO_MAX_MNS + 1), -1);
	ck_assert_int_eq(topo_init(&t, "../x", 1, 1), -1);
}
END_TEST

START_TEST(nodes)
{
	static const struct {
		const char	*node;
		const char	*ns;
	} ok[] = {
		{ "cn", "lab7-cn" }, { "r", "lab7-r" }, { "sw", "lab7-sw" },
		{ "dar1", "lab7-dar1" }, { "dar3", "lab7-dar3" },
		{ "mn1", "lab7-mn1" }, { "mn2", "lab7-mn2" },
	};
	static const char *bad[] = { "dar0", "dar4", "dar01", "dar", "mn3",
	    "mn0", "mn1x", "darx", "CN", "router", "", "dar1 " };
	char ns[TOPO_NS_MAX];
	struct topo t;
	size_t i;

	ck_assert_int_eq(topo_init(&t, "lab7", 3, 2), 0);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_int_eq(topo_node_ns(&t, ok[i].node, ns, sizeof(ns)),
		    0);
		ck_assert_str_eq(ns, ok[i].ns);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_msg(topo_node_ns(&t, bad[i], ns, sizeof(ns)) == -1 &&
		    errno == ENOENT, "accepted '%s'", bad[i]);
	}
}
END_TEST

START_TEST(addresses)
{
	char s[INET6_ADDRSTRLEN];
	struct in6_addr a;
	struct topo t;

	topo_cn_addr(&a);
	ck_assert_str_eq(inet_ntop(AF_INET6, &a, s, sizeof(s)),
	    "2001:db8:ff::100");
	topo_anchor(1, &a);
	ck_assert_str_eq(inet_ntop(AF_INET6, &a, s, sizeof(s)),
	    "2001:db8:1::1");
	topo_anchor(12, &a);
	ck_assert_str_eq(inet_ntop(AF_INET6, &a, s, sizeof(s)),
	    "2001:db8:c::1");
	topo_dar_core(2, &a);
	ck_assert_str_eq(inet_ntop(AF_INET6, &a, s, sizeof(s)),
	    "2001:db8:fe::2");
	ck_assert_int_eq(topo_init(&t, "x", 3, 1), 0);
	inet_pton(AF_INET6, "2001:db8:2:0:1234:5678:9abc:def0", &a);
	ck_assert_int_eq(topo_dar_of(&t, &a), 2);
	inet_pton(AF_INET6, "2001:db8:4::1", &a);	/* no DAR4 here */
	ck_assert_int_eq(topo_dar_of(&t, &a), 0);
	inet_pton(AF_INET6, "2001:db8:ff::100", &a);
	ck_assert_int_eq(topo_dar_of(&t, &a), 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("topo");
	TCase *tc = tcase_create("topo");

	tcase_add_test(tc, names);
	tcase_add_test(tc, nodes);
	tcase_add_test(tc, addresses);
	suite_add_tcase(s, tc);
	return s;
}

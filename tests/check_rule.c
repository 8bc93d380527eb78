// SPDX-License-Identifier: GPL-2.0-only
/* netns/rule: the decapsulation and home-address rules byte for byte,
 * decoding (with the selectors fama does not model), order, truncation. */
#include <netinet/in.h>
#include <check.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "netns/nl.h"
#include "netns/rule.h"
#include "tests/nlgold.h"
#include "tests/testlib.h"

static struct nlmsghdr *
build(uint8_t *buf, size_t len, uint16_t type, const struct rule_info *r)
{
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, len, type, type == RTM_NEWRULE ?
	    NLM_F_CREATE | NLM_F_EXCL : 0, sizeof(struct fib_rule_hdr));
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(rule_build(nlh, len, r), 0);
	return nlh;
}

static struct rule_info
decap(void)
{
	struct rule_info r;

	memset(&r, 0, sizeof(r));
	r.pref = 100;
	r.dst = g_in6("2001:db8:1::1");
	r.dst_len = 128;
	r.ipproto = 41;
	r.table = 7000;
	return r;
}

/* "pref 100 to ANCHOR ipproto 41 lookup 7000 proto 70". */
START_TEST(golden_decap_rule)
{
	uint8_t buf[NL_MSG_BUF];
	struct rule_info r = decap();
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	nlh = build(buf, sizeof(buf), RTM_NEWRULE, &r);
	g_u32(&g, 80);			/* nlmsg_len */
	g_u16(&g, RTM_NEWRULE);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_u8(&g, AF_INET6);		/* family */
	g_u8(&g, 128);			/* dst_len */
	g_u8(&g, 0);			/* src_len */
	g_u8(&g, 0);			/* tos */
	g_u8(&g, RT_TABLE_UNSPEC);	/* table: above 255 */
	g_u8(&g, 0);			/* res1 */
	g_u8(&g, 0);			/* res2 */
	g_u8(&g, FR_ACT_TO_TBL);	/* action */
	g_u32(&g, 0);			/* flags */
	g_attr(&g, 8, FRA_PRIORITY);
	g_u32(&g, 100);
	g_attr(&g, 5, FRA_PROTOCOL);
	g_u8(&g, NL_RTPROT_FAMA);
	g_pad(&g);
	g_attr(&g, 8, FRA_TABLE);
	g_u32(&g, 7000);
	g_attr(&g, 20, FRA_DST);
	g_bytes(&g, &r.dst, 16);
	g_attr(&g, 5, FRA_IP_PROTO);	/* IPv6-in-IPv6 */
	g_u8(&g, 41);
	g_pad(&g);
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

START_TEST(round_trip)
{
	uint8_t buf[NL_MSG_BUF];
	struct rule_info r = decap(), b;
	struct nlmsghdr *nlh;

	if (_i == 1) {
		/* The MN's home-address rule, and pref 0 (always sent). */
		memset(&r, 0, sizeof(r));
		r.src = g_in6("2001:db8:9::5");
		r.src_len = 128;
		r.table = 7001;
	}
	nlh = build(buf, sizeof(buf), RTM_NEWRULE, &r);
	ck_assert_int_eq(rule_parse(nlh, &b), 0);
	ck_assert_int_eq(rule_cmp(&r, &b), 0);
	ck_assert_uint_eq(b.protocol, NL_RTPROT_FAMA);
	ck_assert(!b.other);
	ck_assert_uint_eq(b.table, r.table);
}
END_TEST

static int
parse_rule_msg(const void *b)
{
	struct rule_info r;

	return rule_parse(b, &r);
}

START_TEST(truncation)
{
	uint8_t buf[NL_MSG_BUF];
	struct rule_info r = decap();
	struct nlmsghdr *nlh;
	size_t ok[64], nok;

	nlh = build(buf, sizeof(buf), RTM_NEWRULE, &r);
	nok = nl_attr_bounds(nlh, sizeof(struct fib_rule_hdr), ok, 64);
	nl_truncate_walk(nlh, parse_rule_msg, ok, nok);
}
END_TEST

/* The kernel dumps FRA_SUPPRESS_PREFIXLEN as -1 when it is off. */
START_TEST(other_selectors)
{
	uint8_t buf[NL_MSG_BUF];
	struct rule_info r = decap(), b;
	struct nlmsghdr *nlh;

	nlh = build(buf, sizeof(buf), RTM_NEWRULE, &r);
	ck_assert_int_eq(nl_put_u32(nlh, sizeof(buf), FRA_SUPPRESS_PREFIXLEN,
	    0xffffffff), 0);
	ck_assert_int_eq(rule_parse(nlh, &b), 0);
	ck_assert(!b.other);
	nlh = build(buf, sizeof(buf), RTM_NEWRULE, &r);
	ck_assert_int_eq(nl_put_u32(nlh, sizeof(buf), FRA_SUPPRESS_PREFIXLEN,
	    0), 0);
	ck_assert_int_eq(rule_parse(nlh, &b), 0);
	ck_assert(b.other);
	nlh = build(buf, sizeof(buf), RTM_NEWRULE, &r);
	ck_assert_int_eq(nl_put_str(nlh, sizeof(buf), FRA_IIFNAME, "a0"), 0);
	ck_assert_int_eq(rule_parse(nlh, &b), 0);
	ck_assert(b.other);
	ck_assert_int_ne(rule_cmp(&r, &b), 0);
	/* What fama cannot express, it does not send. */
	nlh = nl_msg(buf, sizeof(buf), RTM_NEWRULE, 0,
	    sizeof(struct fib_rule_hdr));
	errno = 0;
	ck_assert_int_eq(rule_build(nlh, sizeof(buf), &b), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(order)
{
	struct rule_info a = decap(), b = decap();

	ck_assert_int_eq(rule_cmp(&a, &b), 0);
	/* The protocol is not part of the identity. */
	b.protocol = 4;
	ck_assert_int_eq(rule_cmp(&a, &b), 0);
	/* Host bits beyond the prefix do not count. */
	b.dst_len = 64;
	a.dst_len = 64;
	a.dst.s6_addr[15] ^= 1;
	ck_assert_int_eq(rule_cmp(&a, &b), 0);
	b.pref = 99;
	ck_assert_int_gt(rule_cmp(&a, &b), 0);
	b.pref = 100;
	b.ipproto = 0;
	ck_assert_int_ne(rule_cmp(&a, &b), 0);
	b.ipproto = 41;
	b.action = FR_ACT_TO_TBL;
	ck_assert_int_eq(rule_cmp(&a, &b), 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("rule");
	TCase *tc = tcase_create("rule");

	tcase_add_test(tc, golden_decap_rule);
	tcase_add_loop_test(tc, round_trip, 0, 2);
	tcase_add_test(tc, truncation);
	tcase_add_test(tc, other_selectors);
	tcase_add_test(tc, order);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/addr: address requests byte for byte (flags, IFA_PROTO,
 * lifetimes), deletes, decoding, truncation. */
#include <netinet/in.h>
#include <check.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "netns/addr.h"
#include "netns/nl.h"
#include "tests/nlgold.h"
#include "tests/testlib.h"

static struct nlmsghdr *
build(uint8_t *buf, size_t len, uint16_t type, uint16_t flags,
    const struct addr_info *a)
{
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, len, type, flags, sizeof(struct ifaddrmsg));
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(addr_build(nlh, len, a), 0);
	return nlh;
}

static struct addr_info
coa(void)
{
	struct addr_info a;

	memset(&a, 0, sizeof(a));
	a.ifindex = 4;
	a.addr = g_in6("2001:db8:1::100");
	a.plen = 64;
	a.flags = IFA_F_OPTIMISTIC | IFA_F_NOPREFIXROUTE;
	a.preferred = 600;
	a.valid = 1800;
	return a;
}

/* The MN's new CoA: optimistic (RFC 4429), no prefix route, lifetimes. */
START_TEST(golden_add)
{
	uint8_t buf[NL_MSG_BUF];
	struct addr_info a = coa();
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	nlh = build(buf, sizeof(buf), RTM_NEWADDR,
	    NLM_F_CREATE | NLM_F_REPLACE, &a);
	g_u32(&g, 80);			/* nlmsg_len */
	g_u16(&g, RTM_NEWADDR);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_u8(&g, AF_INET6);		/* ifa_family */
	g_u8(&g, 64);			/* ifa_prefixlen */
	g_u8(&g, IFA_F_OPTIMISTIC);	/* ifa_flags: the low 8 bits */
	g_u8(&g, 0);			/* ifa_scope: universe */
	g_u32(&g, 4);			/* ifa_index */
	g_attr(&g, 20, IFA_ADDRESS);
	g_bytes(&g, &a.addr, 16);
	g_attr(&g, 8, IFA_FLAGS);	/* all 32 bits */
	g_u32(&g, IFA_F_OPTIMISTIC | IFA_F_NOPREFIXROUTE);
	g_attr(&g, 5, IFA_PROTO);	/* fama's mark */
	g_u8(&g, NL_RTPROT_FAMA);
	g_pad(&g);
	g_attr(&g, 20, IFA_CACHEINFO);
	g_u32(&g, 600);			/* ifa_prefered */
	g_u32(&g, 1800);		/* ifa_valid */
	g_u32(&g, 0);			/* cstamp */
	g_u32(&g, 0);			/* tstamp */
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

/* A delete names the link and the address only. */
START_TEST(golden_del)
{
	uint8_t buf[NL_MSG_BUF];
	struct addr_info a = coa();
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	nlh = build(buf, sizeof(buf), RTM_DELADDR, 0, &a);
	g_u32(&g, 44);
	g_u16(&g, RTM_DELADDR);
	g_u16(&g, NLM_F_REQUEST);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_u8(&g, AF_INET6);
	g_u8(&g, 64);
	g_u8(&g, IFA_F_OPTIMISTIC);
	g_u8(&g, 0);
	g_u32(&g, 4);
	g_attr(&g, 20, IFA_ADDRESS);
	g_bytes(&g, &a.addr, 16);
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

START_TEST(round_trip)
{
	uint8_t buf[NL_MSG_BUF];
	struct addr_info a = coa(), b;
	struct nlmsghdr *nlh;

	if (_i == 1) {
		/* No lifetimes: forever, and no IFA_CACHEINFO sent. */
		a.valid = 0;
		a.preferred = 0;
		a.proto = 4;
	}
	nlh = build(buf, sizeof(buf), RTM_NEWADDR, 0, &a);
	ck_assert_int_eq(addr_parse(nlh, &b), 0);
	ck_assert_int_eq(b.ifindex, a.ifindex);
	ck_assert_mem_eq(&b.addr, &a.addr, 16);
	ck_assert_uint_eq(b.plen, a.plen);
	ck_assert_uint_eq(b.flags, a.flags);
	ck_assert_uint_eq(b.proto, a.proto != 0 ? a.proto : NL_RTPROT_FAMA);
	ck_assert_uint_eq(b.valid, a.valid != 0 ? a.valid : ADDR_FOREVER);
	ck_assert_uint_eq(b.preferred, a.valid != 0 ? a.preferred :
	    ADDR_FOREVER);
}
END_TEST

static int
parse_addr_msg(const void *b)
{
	struct addr_info a;

	return addr_parse(b, &a);
}

START_TEST(truncation)
{
	uint8_t buf[NL_MSG_BUF];
	struct addr_info a = coa();
	struct nlmsghdr *nlh;
	size_t ok[64], nok, i, j;

	nlh = build(buf, sizeof(buf), RTM_NEWADDR, 0, &a);
	nok = nl_attr_bounds(nlh, sizeof(struct ifaddrmsg), ok, 64);
	/* Without its first attribute, the address, it is no address. */
	for (i = j = 0; i < nok; i++)
		if (ok[i] >= MNL_NLMSG_HDRLEN + sizeof(struct ifaddrmsg) + 20)
			ok[j++] = ok[i];
	nl_truncate_walk(nlh, parse_addr_msg, ok, j);
}
END_TEST

START_TEST(rejects)
{
	uint8_t buf[NL_MSG_BUF];
	struct addr_info a = coa(), b;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	/* Preferred longer than valid. */
	a.preferred = a.valid + 1;
	nlh = nl_msg(buf, sizeof(buf), RTM_NEWADDR, 0, sizeof(*ifa));
	errno = 0;
	ck_assert_int_eq(addr_build(nlh, sizeof(buf), &a), -1);
	ck_assert_int_eq(errno, EINVAL);
	a = coa();
	a.ifindex = 0;
	ck_assert_int_eq(addr_build(nlh, sizeof(buf), &a), -1);
	a = coa();
	a.plen = 129;
	ck_assert_int_eq(addr_build(nlh, sizeof(buf), &a), -1);
	/* IPv4 is skipped, not misread. */
	a = coa();
	nlh = build(buf, sizeof(buf), RTM_NEWADDR, 0, &a);
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET;
	errno = 0;
	ck_assert_int_eq(addr_parse(nlh, &b), -1);
	ck_assert_int_eq(errno, EAFNOSUPPORT);
}
END_TEST

/* With a peer, IFA_LOCAL is the address; IFA_FLAGS wins over the octet. */
START_TEST(parse_local_and_flags)
{
	uint8_t buf[NL_MSG_BUF];
	struct in6_addr peer = g_in6("2001:db8::2");
	struct in6_addr local = g_in6("2001:db8::1");
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct addr_info a;

	nlh = nl_msg(buf, sizeof(buf), RTM_NEWADDR, 0, sizeof(*ifa));
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 128;
	ifa->ifa_flags = IFA_F_PERMANENT;
	ifa->ifa_index = 2;
	ck_assert_int_eq(nl_put_in6(nlh, sizeof(buf), IFA_ADDRESS, &peer), 0);
	ck_assert_int_eq(nl_put_in6(nlh, sizeof(buf), IFA_LOCAL, &local), 0);
	ck_assert_int_eq(addr_parse(nlh, &a), 0);
	ck_assert_mem_eq(&a.addr, &local, 16);
	ck_assert_uint_eq(a.flags, IFA_F_PERMANENT);
	ck_assert_int_eq(nl_put_u32(nlh, sizeof(buf), IFA_FLAGS,
	    IFA_F_NODAD | IFA_F_PERMANENT), 0);
	ck_assert_int_eq(addr_parse(nlh, &a), 0);
	ck_assert_uint_eq(a.flags, IFA_F_NODAD | IFA_F_PERMANENT);
	ck_assert_uint_eq(a.valid, ADDR_FOREVER);
	ck_assert_uint_eq(a.proto, 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("addr");

	tcase_add_test(tc, golden_add);
	tcase_add_test(tc, golden_del);
	tcase_add_loop_test(tc, round_trip, 0, 2);
	tcase_add_test(tc, truncation);
	tcase_add_test(tc, rejects);
	tcase_add_test(tc, parse_local_and_flags);
	suite_add_tcase(s, tc);
	return s;
}

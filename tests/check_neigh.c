// SPDX-License-Identifier: GPL-2.0-only
/* netns/neigh: the proxy entry request byte for byte, neighbour messages
 * decoded and truncated. */
#include <netinet/in.h>
#include <check.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "netns/neigh.h"
#include "netns/nl.h"
#include "tests/nlgold.h"
#include "tests/testlib.h"

START_TEST(golden_proxy_add)
{
	struct in6_addr hoa = g_in6("2001:db8:1::5");
	uint8_t buf[NL_MSG_BUF];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, sizeof(buf), RTM_NEWNEIGH,
	    NLM_F_CREATE | NLM_F_REPLACE, sizeof(struct ndmsg));
	ck_assert_int_eq(neigh_build(nlh, sizeof(buf), 3, &hoa, NTF_PROXY), 0);
	g_u32(&g, 56);
	g_u16(&g, RTM_NEWNEIGH);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_u8(&g, AF_INET6);		/* ndm_family */
	g_u8(&g, 0);			/* pad */
	g_u16(&g, 0);			/* pad */
	g_u32(&g, 3);			/* ndm_ifindex */
	g_u16(&g, NUD_PERMANENT);	/* ndm_state */
	g_u8(&g, NTF_PROXY);		/* ndm_flags */
	g_u8(&g, 0);			/* ndm_type */
	g_attr(&g, 20, NDA_DST);
	g_bytes(&g, &hoa, 16);
	g_attr(&g, 5, NDA_PROTOCOL);
	g_u8(&g, NL_RTPROT_FAMA);
	g_pad(&g);
	g_check(buf, nlh->nlmsg_len, &g);
	nlh = nl_msg(buf, sizeof(buf), RTM_NEWNEIGH, 0, sizeof(struct ndmsg));
	errno = 0;
	ck_assert_int_eq(neigh_build(nlh, sizeof(buf), 0, &hoa, 0), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

static struct nlmsghdr *
kernel_neigh(uint8_t *buf, size_t len)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct in6_addr dst = g_in6("2001:db8:1::100");
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = nl_msg(buf, len, RTM_NEWNEIGH, 0, sizeof(*ndm));
	ndm = mnl_nlmsg_get_payload(nlh);
	ndm->ndm_family = AF_INET6;
	ndm->ndm_ifindex = 3;
	ndm->ndm_state = NUD_STALE;
	ndm->ndm_flags = NTF_ROUTER;
	ck_assert_int_eq(nl_put_in6(nlh, len, NDA_DST, &dst), 0);
	ck_assert_int_eq(nl_put(nlh, len, NDA_LLADDR, mac, 6), 0);
	ck_assert_int_eq(nl_put_u32(nlh, len, NDA_PROBES, 1), 0);
	return nlh;
}

START_TEST(parse)
{
	uint8_t buf[NL_MSG_BUF];
	struct neigh_info n;

	ck_assert_int_eq(neigh_parse(kernel_neigh(buf, sizeof(buf)), &n), 0);
	ck_assert_int_eq(n.ifindex, 3);
	ck_assert_uint_eq(n.state, NUD_STALE);
	ck_assert_uint_eq(n.flags, NTF_ROUTER);
	ck_assert_uint_eq(n.lladdr_len, 6);
	ck_assert_uint_eq(n.lladdr[5], 9);
	ck_assert_uint_eq(n.protocol, 0);
}
END_TEST

static int
parse_neigh_msg(const void *b)
{
	struct neigh_info n;

	return neigh_parse(b, &n);
}

START_TEST(truncation)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	size_t ok[64], nok, i, j;

	nlh = kernel_neigh(buf, sizeof(buf));
	nok = nl_attr_bounds(nlh, sizeof(struct ndmsg), ok, 64);
	/* A neighbour needs its address, the first attribute. */
	for (i = j = 0; i < nok; i++)
		if (ok[i] >= MNL_NLMSG_HDRLEN + sizeof(struct ndmsg) + 20)
			ok[j++] = ok[i];
	nl_truncate_walk(nlh, parse_neigh_msg, ok, j);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("neigh");
	TCase *tc = tcase_create("neigh");

	tcase_add_test(tc, golden_proxy_add);
	tcase_add_test(tc, parse);
	tcase_add_test(tc, truncation);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/link: the veth and bridge requests byte for byte, and link
 * messages (dumps and carrier events) decoded, truncated, rejected. */
#include <netinet/in.h>
#include <check.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>

#include "netns/link.h"
#include "netns/nl.h"
#include "tests/nlgold.h"
#include "tests/testlib.h"

/* An ifinfomsg: family, pad, type, index, flags, change. */
static void
g_ifi(struct gold *g, int index, unsigned int flags)
{
	g_u8(g, AF_UNSPEC);
	g_u8(g, 0);
	g_u16(g, 0);
	g_u32(g, (uint32_t)index);
	g_u32(g, flags);
	g_u32(g, 0);
}

static struct nlmsghdr *
create(uint8_t *buf, size_t len)
{
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, len, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(struct ifinfomsg));
	ck_assert_ptr_nonnull(nlh);
	return nlh;
}

START_TEST(golden_veth)
{
	uint8_t buf[NL_MSG_BUF];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	nlh = create(buf, sizeof(buf));
	ck_assert_int_eq(link_build_veth(nlh, sizeof(buf), "a0", "a1", 9), 0);
	g_u32(&g, 96);			/* nlmsg_len */
	g_u16(&g, RTM_NEWLINK);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_ifi(&g, 0, 0);		/* the new link: no index yet */
	g_attr(&g, 7, IFLA_IFNAME);
	g_bytes(&g, "a0", 3);
	g_pad(&g);
	g_attr(&g, 56, NLA_F_NESTED | IFLA_LINKINFO);
	g_attr(&g, 9, IFLA_INFO_KIND);
	g_bytes(&g, "veth", 5);
	g_pad(&g);
	g_attr(&g, 40, NLA_F_NESTED | IFLA_INFO_DATA);
	g_attr(&g, 36, NLA_F_NESTED | VETH_INFO_PEER);
	g_ifi(&g, 0, 0);		/* the peer's own ifinfomsg */
	g_attr(&g, 7, IFLA_IFNAME);
	g_bytes(&g, "a1", 3);
	g_pad(&g);
	g_attr(&g, 8, IFLA_NET_NS_FD);	/* the peer's namespace */
	g_u32(&g, 9);
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

START_TEST(golden_bridge)
{
	uint8_t buf[NL_MSG_BUF];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	nlh = create(buf, sizeof(buf));
	ck_assert_int_eq(link_build_kind(nlh, sizeof(buf), "br0", "bridge"),
	    0);
	g_u32(&g, 56);
	g_u16(&g, RTM_NEWLINK);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_ifi(&g, 0, 0);
	g_attr(&g, 8, IFLA_IFNAME);
	g_bytes(&g, "br0", 4);
	g_attr(&g, 16, NLA_F_NESTED | IFLA_LINKINFO);
	g_attr(&g, 11, IFLA_INFO_KIND);
	g_bytes(&g, "bridge", 7);
	g_pad(&g);
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

START_TEST(build_rejects)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	size_t len;

	nlh = create(buf, sizeof(buf));
	errno = 0;
	ck_assert_int_eq(link_build_veth(nlh, sizeof(buf), "a0",
	    "sixteen-chars-xx", -1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(link_build_veth(nlh, sizeof(buf), "", "a1", -1), -1);
	ck_assert_int_eq(link_build_kind(nlh, sizeof(buf), "b", ""), -1);
	/* Every short buffer fails inside, leaving a consistent header. */
	for (len = MNL_NLMSG_HDRLEN + sizeof(struct ifinfomsg); len < 96;
	    len++) {
		nlh = create(buf, len);
		errno = 0;
		ck_assert_int_eq(link_build_veth(nlh, len, "a0", "a1", 9), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
		ck_assert_uint_le(nlh->nlmsg_len, len);
	}
}
END_TEST

/* A link message as the kernel sends it (the attributes fama reads). */
static struct nlmsghdr *
kernel_link(uint8_t *buf, size_t len, uint16_t type)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li;

	nlh = nl_msg(buf, len, type, 0, sizeof(*ifi));
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_index = 5;
	ifi->ifi_flags = IFF_UP | LINK_F_LOWER_UP;
	ck_assert_int_eq(nl_put_str(nlh, len, IFLA_IFNAME, "b0"), 0);
	ck_assert_int_eq(nl_put_u32(nlh, len, IFLA_MTU, 1500), 0);
	ck_assert_int_eq(nl_put_u32(nlh, len, IFLA_MASTER, 7), 0);
	ck_assert_int_eq(nl_put_u8(nlh, len, IFLA_OPERSTATE, 6), 0);
	ck_assert_int_eq(nl_put_u8(nlh, len, IFLA_CARRIER, 0), 0);
	ck_assert_int_eq(nl_put_u32(nlh, len, IFLA_CARRIER_CHANGES, 9), 0);
	ck_assert_int_eq(nl_put(nlh, len, IFLA_ADDRESS, mac, 6), 0);
	ck_assert_int_eq(nl_put_u32(nlh, len, IFLA_TXQLEN, 1000), 0);
	li = nl_nest(nlh, len, IFLA_LINKINFO);
	ck_assert_int_eq(nl_put_str(nlh, len, IFLA_INFO_KIND, "veth"), 0);
	mnl_attr_nest_end(nlh, li);
	return nlh;
}

START_TEST(parse_kernel_link)
{
	uint8_t buf[NL_MSG_BUF];
	struct link_info l;

	ck_assert_int_eq(link_parse(kernel_link(buf, sizeof(buf),
	    RTM_NEWLINK), &l), 0);
	ck_assert_int_eq(l.ifindex, 5);
	ck_assert_str_eq(l.name, "b0");
	ck_assert_uint_eq(l.mtu, 1500);
	ck_assert_int_eq(l.master, 7);
	ck_assert_uint_eq(l.operstate, 6);
	/* IFLA_CARRIER wins over the flags. */
	ck_assert(!l.carrier);
	ck_assert_uint_eq(l.carrier_changes, 9);
	ck_assert_str_eq(l.kind, "veth");
	ck_assert_uint_eq(l.lladdr_len, 6);
	ck_assert_uint_eq(l.lladdr[5], 1);
	ck_assert_uint_eq(l.flags & IFF_UP, IFF_UP);
	ck_assert_int_eq(link_parse(kernel_link(buf, sizeof(buf),
	    RTM_DELLINK), &l), 0);
}
END_TEST

static int
parse_link_msg(const void *b)
{
	struct link_info l;

	return link_parse(b, &l);
}

START_TEST(truncation)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	size_t ok[64], nok, i, j;

	nlh = kernel_link(buf, sizeof(buf), RTM_NEWLINK);
	nok = nl_attr_bounds(nlh, sizeof(struct ifinfomsg), ok, 64);
	/* Without IFLA_IFNAME (the first attribute) a link is no link. */
	for (i = j = 0; i < nok; i++)
		if (ok[i] >= MNL_NLMSG_HDRLEN + sizeof(struct ifinfomsg) + 7)
			ok[j++] = ok[i];
	nl_truncate_walk(nlh, parse_link_msg, ok, j);
}
END_TEST

START_TEST(parse_rejects)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct link_info l;
	char name[40];

	nlh = kernel_link(buf, sizeof(buf), RTM_NEWADDR);
	ck_assert_int_eq(link_parse(nlh, &l), -1);
	/* A name that does not fit IFNAMSIZ. */
	nlh = nl_msg(buf, sizeof(buf), RTM_NEWLINK, 0, sizeof(*ifi));
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_index = 1;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(nl_put_str(nlh, sizeof(buf), IFLA_IFNAME, name), 0);
	errno = 0;
	ck_assert_int_eq(link_parse(nlh, &l), -1);
	ck_assert_int_eq(errno, EBADMSG);
	/* An index of 0. */
	nlh = kernel_link(buf, sizeof(buf), RTM_NEWLINK);
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_index = 0;
	ck_assert_int_eq(link_parse(nlh, &l), -1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("link");
	TCase *tc = tcase_create("link");

	tcase_add_test(tc, golden_veth);
	tcase_add_test(tc, golden_bridge);
	tcase_add_test(tc, build_rejects);
	tcase_add_test(tc, parse_kernel_link);
	tcase_add_test(tc, truncation);
	tcase_add_test(tc, parse_rejects);
	suite_add_tcase(s, tc);
	return s;
}

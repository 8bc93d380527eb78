// SPDX-License-Identifier: GPL-2.0-only
/* netns/route: the seg6 SRH bytes, the RTA_ENCAP nesting, route messages
 * built and parsed back, truncation and overflow. */
#include <netinet/in.h>
#include <check.h>
#include <errno.h>
#include <linux/lwtunnel.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>
#include <string.h>

#include "netns/nl.h"
#include "netns/route.h"
#include "tests/nlgold.h"
#include "tests/testlib.h"

/* The kernel's int mode, in host order, as struct seg6_iptunnel_encap. */
static void
g_mode(struct gold *g, int mode)
{
	g_bytes(g, &mode, sizeof(mode));
}

START_TEST(srh_one_segment)
{
	struct in6_addr seg = g_in6("2001:db8:1::100");
	uint8_t out[64];
	struct gold g = { .n = 0 };
	int n;

	n = route_seg6_encap(out, sizeof(out), SEG6_IPTUN_MODE_ENCAP_RED,
	    &seg, 1);
	g_mode(&g, SEG6_IPTUN_MODE_ENCAP_RED);	/* mode 3: encap.red */
	g_u8(&g, 0);		/* Next Header: the kernel fills it */
	g_u8(&g, 2);		/* Hdr Ext Len: 16 octets of list / 8 */
	g_u8(&g, 4);		/* Routing Type 4: Segment Routing Header */
	g_u8(&g, 0);		/* Segments Left */
	g_u8(&g, 0);		/* Last Entry */
	g_u8(&g, 0);		/* Flags */
	g_u16(&g, 0);		/* Tag */
	g_bytes(&g, &seg, 16);	/* Segment List[0] */
	ck_assert_int_eq(n, 28);
	ck_assert_uint_eq(g.n, 28);
	ck_assert_mem_eq(out, g.b, g.n);
}
END_TEST

/* Segment List[0] is the last segment: the path is written backwards. */
START_TEST(srh_two_segments)
{
	struct in6_addr segs[2] = { g_in6("2001:db8::a"),
	    g_in6("2001:db8::b") };
	uint8_t out[64];
	struct gold g = { .n = 0 };
	int n;

	n = route_seg6_encap(out, sizeof(out), SEG6_IPTUN_MODE_ENCAP, segs, 2);
	g_mode(&g, SEG6_IPTUN_MODE_ENCAP);	/* mode 1: encap */
	g_u8(&g, 0);		/* Next Header */
	g_u8(&g, 4);		/* Hdr Ext Len: 32 / 8 */
	g_u8(&g, 4);		/* Routing Type */
	g_u8(&g, 1);		/* Segments Left: one more after the first */
	g_u8(&g, 1);		/* Last Entry: index of the last list entry */
	g_u8(&g, 0);		/* Flags */
	g_u16(&g, 0);		/* Tag */
	g_bytes(&g, &segs[1], 16);	/* Segment List[0]: the final one */
	g_bytes(&g, &segs[0], 16);	/* Segment List[1]: the first one */
	ck_assert_int_eq(n, (int)g.n);
	ck_assert_mem_eq(out, g.b, g.n);
}
END_TEST

START_TEST(srh_limits)
{
	struct in6_addr segs[ROUTE_SEG6_MAX + 1];
	uint8_t out[4 + 8 + 16 * (ROUTE_SEG6_MAX + 1)];
	size_t cap;

	memset(segs, 0x11, sizeof(segs));
	errno = 0;
	ck_assert_int_eq(route_seg6_encap(out, sizeof(out),
	    SEG6_IPTUN_MODE_ENCAP_RED, segs, 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(route_seg6_encap(out, sizeof(out),
	    SEG6_IPTUN_MODE_ENCAP_RED, segs, ROUTE_SEG6_MAX + 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* Inline and L2 modes need more than fama builds. */
	errno = 0;
	ck_assert_int_eq(route_seg6_encap(out, sizeof(out),
	    SEG6_IPTUN_MODE_INLINE, segs, 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(route_seg6_encap(out, sizeof(out),
	    SEG6_IPTUN_MODE_ENCAP_RED, segs, ROUTE_SEG6_MAX),
	    4 + 8 + 16 * ROUTE_SEG6_MAX);
	/* Every buffer one octet short or more fails cleanly. */
	for (cap = 0; cap < 4 + 8 + 16 * 2; cap++) {
		errno = 0;
		ck_assert_int_eq(route_seg6_encap(out, cap,
		    SEG6_IPTUN_MODE_ENCAP_RED, segs, 2), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
	}
}
END_TEST

START_TEST(srh_decode_round_trip)
{
	struct in6_addr segs[3] = { g_in6("2001:db8::1"), g_in6("2001:db8::2"),
	    g_in6("2001:db8::3") }, back[ROUTE_SEG6_MAX];
	uint8_t out[128];
	uint32_t mode;
	size_t n, k, cut;
	int len;

	for (k = 1; k <= 3; k++) {
		len = route_seg6_encap(out, sizeof(out),
		    SEG6_IPTUN_MODE_ENCAP_RED, segs, k);
		ck_assert_int_gt(len, 0);
		ck_assert_int_eq(route_seg6_decode(out, (size_t)len, &mode,
		    back, &n), 0);
		ck_assert_uint_eq(mode, SEG6_IPTUN_MODE_ENCAP_RED);
		ck_assert_uint_eq(n, k);
		ck_assert_mem_eq(back, segs, k * sizeof(segs[0]));
		/* Every shorter length fails: the header must fill it. */
		for (cut = 0; cut < (size_t)len; cut++) {
			errno = 0;
			ck_assert_int_eq(route_seg6_decode(out, cut, &mode,
			    back, &n), -1);
			ck_assert_int_eq(errno, EBADMSG);
		}
	}
}
END_TEST

START_TEST(srh_decode_rejects)
{
	struct in6_addr seg = g_in6("2001:db8::1"), back[ROUTE_SEG6_MAX];
	uint8_t out[64], bad[64];
	uint32_t mode;
	size_t n;
	int len;

	len = route_seg6_encap(out, sizeof(out), SEG6_IPTUN_MODE_ENCAP_RED,
	    &seg, 1);
	ck_assert_int_eq(len, 28);
	/* Routing type other than 4. */
	memcpy(bad, out, (size_t)len);
	bad[4 + 2] = 0;
	ck_assert_int_eq(route_seg6_decode(bad, (size_t)len, &mode, back, &n),
	    -1);
	/* Hdr Ext Len that disagrees with the attribute's size. */
	memcpy(bad, out, (size_t)len);
	bad[4 + 1] = 4;
	ck_assert_int_eq(route_seg6_decode(bad, (size_t)len, &mode, back, &n),
	    -1);
	/* Last Entry beyond the list. */
	memcpy(bad, out, (size_t)len);
	bad[4 + 4] = 1;
	ck_assert_int_eq(route_seg6_decode(bad, (size_t)len, &mode, back, &n),
	    -1);
	/* A trailing octet. */
	memcpy(bad, out, (size_t)len);
	bad[len] = 0;
	ck_assert_int_eq(route_seg6_decode(bad, (size_t)len + 1, &mode, back,
	    &n), -1);
}
END_TEST

static struct nlmsghdr *
build(void *buf, size_t len, uint16_t type, uint16_t flags,
    const struct route_info *r)
{
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, len, type, flags, sizeof(struct rtmsg));
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(route_build(nlh, len, r), 0);
	return nlh;
}

/* The request the anchor sends for "HoA/128 encap seg6 mode encap.red
 * segs CoA dev 3 mtu 1460", byte for byte. */
START_TEST(golden_seg6_route)
{
	struct in6_addr hoa = g_in6("2001:db8:9::5");
	struct in6_addr coa = g_in6("2001:db8:1::100");
	uint8_t buf[NL_MSG_BUF];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;
	struct route_info r;

	route_init(&r, &hoa, 128);
	r.oif = 3;
	r.metrics[RTAX_MTU] = 1460;
	r.encap = ROUTE_ENCAP_SEG6;
	r.seg6_mode = SEG6_IPTUN_MODE_ENCAP_RED;
	r.nsegs = 1;
	r.segs[0] = coa;
	nlh = build(buf, sizeof(buf), RTM_NEWROUTE,
	    NLM_F_CREATE | NLM_F_REPLACE, &r);

	g_u32(&g, 128);			/* nlmsg_len */
	g_u16(&g, RTM_NEWROUTE);	/* nlmsg_type */
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	g_u32(&g, 0);			/* nlmsg_seq: nl_talk sets it */
	g_u32(&g, 0);			/* nlmsg_pid */
	g_u8(&g, AF_INET6);		/* rtm_family */
	g_u8(&g, 128);			/* rtm_dst_len */
	g_u8(&g, 0);			/* rtm_src_len */
	g_u8(&g, 0);			/* rtm_tos */
	g_u8(&g, 254);			/* rtm_table: main */
	g_u8(&g, NL_RTPROT_FAMA);	/* rtm_protocol: 70 */
	g_u8(&g, RT_SCOPE_UNIVERSE);	/* rtm_scope */
	g_u8(&g, RTN_UNICAST);		/* rtm_type */
	g_u32(&g, 0);			/* rtm_flags */
	g_attr(&g, 8, RTA_TABLE);	/* the table as u32 too */
	g_u32(&g, 254);
	g_attr(&g, 20, RTA_DST);
	g_bytes(&g, &hoa, 16);
	g_attr(&g, 8, RTA_PRIORITY);	/* metric, always named */
	g_u32(&g, 1024);
	g_attr(&g, 8, RTA_OIF);
	g_u32(&g, 3);
	g_attr(&g, 12, NLA_F_NESTED | RTA_METRICS);
	g_attr(&g, 8, RTAX_MTU);
	g_u32(&g, 1460);
	g_attr(&g, 6, RTA_ENCAP_TYPE);
	g_u16(&g, LWTUNNEL_ENCAP_SEG6);	/* 5 */
	g_pad(&g);
	g_attr(&g, 4 + 32, NLA_F_NESTED | RTA_ENCAP);
	g_attr(&g, 4 + 28, SEG6_IPTUNNEL_SRH);
	g_mode(&g, SEG6_IPTUN_MODE_ENCAP_RED);
	g_u8(&g, 0);			/* SRH: Next Header */
	g_u8(&g, 2);			/* Hdr Ext Len */
	g_u8(&g, 4);			/* Routing Type */
	g_u8(&g, 0);			/* Segments Left */
	g_u8(&g, 0);			/* Last Entry */
	g_u8(&g, 0);			/* Flags */
	g_u16(&g, 0);			/* Tag */
	g_bytes(&g, &coa, 16);		/* the CoA, the outer destination */
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

/* "CoA/128 encap seg6local action End.DT6 table 255 dev 2 table 7000". */
START_TEST(golden_seg6local_route)
{
	struct in6_addr coa = g_in6("2001:db8:1::100");
	uint8_t buf[NL_MSG_BUF];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;
	struct route_info r;

	route_init(&r, &coa, 128);
	r.table = 7000;
	r.oif = 2;
	r.encap = ROUTE_ENCAP_SEG6LOCAL;
	r.seg6local_action = SEG6_LOCAL_ACTION_END_DT6;
	r.seg6local_table = 255;
	nlh = build(buf, sizeof(buf), RTM_NEWROUTE,
	    NLM_F_CREATE | NLM_F_REPLACE, &r);

	g_u32(&g, 100);			/* nlmsg_len */
	g_u16(&g, RTM_NEWROUTE);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_u8(&g, AF_INET6);
	g_u8(&g, 128);
	g_u8(&g, 0);
	g_u8(&g, 0);
	g_u8(&g, RT_TABLE_UNSPEC);	/* above 255: only in RTA_TABLE */
	g_u8(&g, NL_RTPROT_FAMA);
	g_u8(&g, RT_SCOPE_UNIVERSE);
	g_u8(&g, RTN_UNICAST);
	g_u32(&g, 0);
	g_attr(&g, 8, RTA_TABLE);
	g_u32(&g, 7000);
	g_attr(&g, 20, RTA_DST);
	g_bytes(&g, &coa, 16);
	g_attr(&g, 8, RTA_PRIORITY);
	g_u32(&g, 1024);
	g_attr(&g, 8, RTA_OIF);
	g_u32(&g, 2);
	g_attr(&g, 6, RTA_ENCAP_TYPE);
	g_u16(&g, LWTUNNEL_ENCAP_SEG6_LOCAL);	/* 7 */
	g_pad(&g);
	g_attr(&g, 20, NLA_F_NESTED | RTA_ENCAP);
	g_attr(&g, 8, SEG6_LOCAL_ACTION);
	g_u32(&g, SEG6_LOCAL_ACTION_END_DT6);	/* 7 */
	g_attr(&g, 8, SEG6_LOCAL_TABLE);
	g_u32(&g, 255);				/* inner lookup: local */
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

/* A delete names the key only: table, destination, source, metric. */
START_TEST(golden_delete_is_key_only)
{
	struct in6_addr dst = g_in6("2001:db8:9::5");
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct route_info r;
	struct gold g = { .n = 0 };

	route_init(&r, &dst, 128);
	r.oif = 3;
	r.encap = ROUTE_ENCAP_SEG6;
	r.seg6_mode = SEG6_IPTUN_MODE_ENCAP_RED;
	r.nsegs = 1;
	nlh = build(buf, sizeof(buf), RTM_DELROUTE, 0, &r);
	g_u32(&g, 64);			/* nlmsg_len */
	g_u16(&g, RTM_DELROUTE);
	g_u16(&g, NLM_F_REQUEST);
	g_u32(&g, 0);
	g_u32(&g, 0);
	g_u8(&g, AF_INET6);
	g_u8(&g, 128);
	g_u8(&g, 0);
	g_u8(&g, 0);
	g_u8(&g, 254);
	g_u8(&g, NL_RTPROT_FAMA);	/* only fama's route can match */
	g_u8(&g, RT_SCOPE_UNIVERSE);
	g_u8(&g, RTN_UNICAST);
	g_u32(&g, 0);
	g_attr(&g, 8, RTA_TABLE);
	g_u32(&g, 254);
	g_attr(&g, 20, RTA_DST);
	g_bytes(&g, &dst, 16);
	g_attr(&g, 8, RTA_PRIORITY);
	g_u32(&g, 1024);
	g_check(buf, nlh->nlmsg_len, &g);
}
END_TEST

static struct route_info
sample(int i)
{
	struct route_info r;
	struct in6_addr d = g_in6("2001:db8:9::5");

	route_init(&r, &d, 128);
	switch (i) {
	case 0:		/* seg6 encap with MTU, as the anchor installs */
		r.oif = 3;
		r.metrics[RTAX_MTU] = 1460;
		r.encap = ROUTE_ENCAP_SEG6;
		r.seg6_mode = SEG6_IPTUN_MODE_ENCAP_RED;
		r.nsegs = 1;
		r.segs[0] = g_in6("2001:db8:1::100");
		break;
	case 1:		/* End.DT6 in a table above 255 */
		r.table = 7000;
		r.oif = 2;
		r.encap = ROUTE_ENCAP_SEG6LOCAL;
		r.seg6local_action = SEG6_LOCAL_ACTION_END_DT6;
		r.seg6local_table = 254;
		break;
	case 2:		/* source-specific default via a gateway */
		route_init(&r, NULL, 0);
		r.src = g_in6("2001:db8:9::");
		r.src_len = 64;
		r.gw = g_in6("fe80::1");
		r.oif = 4;
		r.metric = 10;
		r.prefsrc = g_in6("2001:db8:9::5");
		r.metrics[RTAX_HOPLIMIT] = 32;
		r.metrics[RTAX_ADVMSS] = 1380;
		r.table = 100;
		break;
	case 3:		/* several segments, plain encap mode */
		r.oif = 1;
		r.encap = ROUTE_ENCAP_SEG6;
		r.seg6_mode = SEG6_IPTUN_MODE_ENCAP;
		r.nsegs = 3;
		r.segs[0] = g_in6("2001:db8::a");
		r.segs[1] = g_in6("2001:db8::b");
		r.segs[2] = g_in6("2001:db8::c");
		break;
	default:	/* unreachable, foreign protocol */
		r.type = RTN_UNREACHABLE;
		r.protocol = RTPROT_STATIC;
		break;
	}
	return r;
}

START_TEST(round_trip)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct route_info r = sample(_i), back;

	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE, &r);
	ck_assert_int_eq(route_parse(nlh, &back), 0);
	ck_assert(route_same(&r, &back));
	ck_assert_int_eq(route_cmp_key(&r, &back), 0);
	/* What the parser filled in, explicitly. */
	ck_assert_uint_eq(back.protocol, r.protocol != 0 ? r.protocol :
	    NL_RTPROT_FAMA);
	ck_assert_uint_eq(back.table, r.table);
	ck_assert_uint_eq(back.nsegs, r.nsegs);
}
END_TEST

static int
parse_route_msg(const void *b)
{
	struct route_info r;

	return route_parse(b, &r);
}

START_TEST(truncation)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct route_info r = sample(_i);
	size_t ok[64], nok;

	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE, &r);
	nok = nl_attr_bounds(nlh, sizeof(struct rtmsg), ok, 64);
	nl_truncate_walk(nlh, parse_route_msg, ok, nok);
}
END_TEST

/* Every buffer too short for the request fails with EMSGSIZE, inside. */
START_TEST(overflow)
{
	uint8_t buf[NL_MSG_BUF], small[NL_MSG_BUF];
	struct nlmsghdr *nlh, *s;
	struct route_info r = sample(_i);
	size_t len;

	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, NLM_F_CREATE, &r);
	for (len = MNL_NLMSG_HDRLEN + sizeof(struct rtmsg);
	    len < nlh->nlmsg_len; len++) {
		memset(small, 0xee, sizeof(small));
		s = nl_msg(small, len, RTM_NEWROUTE, NLM_F_CREATE,
		    sizeof(struct rtmsg));
		ck_assert_ptr_nonnull(s);
		errno = 0;
		ck_assert_int_eq(route_build(s, len, &r), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
		ck_assert_uint_le(s->nlmsg_len, len);
		/* Nothing written past the buffer's end. */
		ck_assert_uint_eq(small[len], 0xee);
	}
}
END_TEST

START_TEST(parse_rejects)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct route_info r = sample(0), back;
	struct rtmsg rtm;

	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, 0, &r);
	/* Another family is not an error of the message: skipped by lists. */
	nl_get_hdr(nlh, &rtm, sizeof(rtm));
	rtm.rtm_family = AF_INET;
	memcpy(mnl_nlmsg_get_payload(nlh), &rtm, sizeof(rtm));
	errno = 0;
	ck_assert_int_eq(route_parse(nlh, &back), -1);
	ck_assert_int_eq(errno, EAFNOSUPPORT);
	/* Not a route message. */
	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, 0, &r);
	nlh->nlmsg_type = RTM_NEWADDR;
	errno = 0;
	ck_assert_int_eq(route_parse(nlh, &back), -1);
	ck_assert_int_eq(errno, EBADMSG);
	/* A destination of the wrong size. */
	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, 0, &r);
	ck_assert(mnl_attr_put_check(nlh, sizeof(buf), RTA_GATEWAY, 4,
	    "\1\2\3\4"));
	errno = 0;
	ck_assert_int_eq(route_parse(nlh, &back), -1);
	ck_assert_int_eq(errno, EBADMSG);
	/* A prefix length beyond 128. */
	nlh = build(buf, sizeof(buf), RTM_NEWROUTE, 0, &r);
	nl_get_hdr(nlh, &rtm, sizeof(rtm));
	rtm.rtm_dst_len = 129;
	memcpy(mnl_nlmsg_get_payload(nlh), &rtm, sizeof(rtm));
	ck_assert_int_eq(route_parse(nlh, &back), -1);
	/* And on the way out. */
	r.dst_len = 129;
	nlh = nl_msg(buf, sizeof(buf), RTM_NEWROUTE, 0, sizeof(rtm));
	errno = 0;
	ck_assert_int_eq(route_build(nlh, sizeof(buf), &r), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(key_order)
{
	struct in6_addr d = g_in6("2001:db8:9::5");
	struct in6_addr d2 = g_in6("2001:db8:9::ff");
	struct route_info a, b;

	route_init(&a, &d, 64);
	route_init(&b, &d2, 64);
	/* Host bits beyond the prefix do not matter. */
	ck_assert_int_eq(route_cmp_key(&a, &b), 0);
	/* Table 0 is main, metric 0 is 1024. */
	a.table = 0;
	b.metric = ROUTE_METRIC_DEFAULT;
	ck_assert_int_eq(route_cmp_key(&a, &b), 0);
	b.metric = 1;
	ck_assert_int_gt(route_cmp_key(&a, &b), 0);
	b.metric = 0;
	b.src_len = 64;
	ck_assert_int_ne(route_cmp_key(&a, &b), 0);
	b.src_len = 0;
	/* The key is equal, the route is not. */
	b.oif = 7;
	ck_assert_int_eq(route_cmp_key(&a, &b), 0);
	ck_assert(!route_same(&a, &b));
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("route");

	tcase_add_test(tc, srh_one_segment);
	tcase_add_test(tc, srh_two_segments);
	tcase_add_test(tc, srh_limits);
	tcase_add_test(tc, srh_decode_round_trip);
	tcase_add_test(tc, srh_decode_rejects);
	tcase_add_test(tc, golden_seg6_route);
	tcase_add_test(tc, golden_seg6local_route);
	tcase_add_test(tc, golden_delete_is_key_only);
	tcase_add_loop_test(tc, round_trip, 0, 5);
	tcase_add_loop_test(tc, truncation, 0, 5);
	tcase_add_loop_test(tc, overflow, 0, 5);
	tcase_add_test(tc, parse_rejects);
	tcase_add_test(tc, key_order);
	suite_add_tcase(s, tc);
	return s;
}

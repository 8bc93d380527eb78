// SPDX-License-Identifier: GPL-2.0-only
/* netns/nl: message starts, bounded puts, policy-table parsing (sizes,
 * strings, remnants), the record arrays, prefixes, and request/event
 * sockets on requests that need no privilege. */
#include <netinet/in.h>
#include <check.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "netns/link.h"
#include "netns/nl.h"
#include "netns/route.h"
#include "tests/nlgold.h"
#include "tests/testlib.h"

START_TEST(msg_start)
{
	uint8_t buf[64];
	struct nlmsghdr *nlh;
	struct gold g = { .n = 0 };

	memset(buf, 0xaa, sizeof(buf));
	nlh = nl_msg(buf, sizeof(buf), RTM_NEWADDR, NLM_F_CREATE, 8);
	ck_assert_ptr_nonnull(nlh);
	g_u32(&g, 24);			/* nlmsg_len: header + 8 */
	g_u16(&g, RTM_NEWADDR);
	g_u16(&g, NLM_F_REQUEST | NLM_F_CREATE);
	g_u32(&g, 0);			/* seq */
	g_u32(&g, 0);			/* pid */
	g_u32(&g, 0);			/* family header, zeroed */
	g_u32(&g, 0);
	g_check(buf, nlh->nlmsg_len, &g);
	/* The rest is zero too: padding is never stale. */
	ck_assert_uint_eq(buf[sizeof(buf) - 1], 0);
	errno = 0;
	ck_assert_ptr_null(nl_msg(buf, 23, RTM_NEWADDR, 0, 8));
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_ptr_nonnull(nl_msg(buf, 24, RTM_NEWADDR, 0, 8));
}
END_TEST

START_TEST(puts_bounded)
{
	uint8_t buf[64];
	struct nlmsghdr *nlh;
	struct in6_addr a = g_in6("2001:db8::1");
	uint32_t len;
	int n = 0;

	nlh = nl_msg(buf, sizeof(buf), RTM_NEWROUTE, 0, 12);
	/* 28 + 20 + 8 = 56: a third address does not fit. */
	ck_assert_int_eq(nl_put_in6(nlh, sizeof(buf), RTA_DST, &a), 0);
	ck_assert_int_eq(nl_put_u32(nlh, sizeof(buf), RTA_OIF, 1), 0);
	len = nlh->nlmsg_len;
	errno = 0;
	ck_assert_int_eq(nl_put_in6(nlh, sizeof(buf), RTA_SRC, &a), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_uint_eq(nlh->nlmsg_len, len);
	ck_assert_int_eq(nl_put_u8(nlh, sizeof(buf), 1, 1), 0);
	ck_assert_int_eq(nl_put_u16(nlh, sizeof(buf), 2, 2), -1);
	ck_assert_ptr_null(nl_nest(nlh, sizeof(buf), 3));
	ck_assert_int_eq(errno, EMSGSIZE);
	while (nl_put_str(nlh, sizeof(buf), 4, "") == 0)
		n++;
	ck_assert_int_eq(n, 0);
	ck_assert_uint_le(nlh->nlmsg_len, sizeof(buf));
}
END_TEST

enum { T_U8 = 1, T_U32, T_IN6, T_STR, T_NEST, T_SKIP, T_MAX = T_SKIP };

static const struct nl_policy pol[T_MAX + 1] = {
	[T_U8] = { MNL_TYPE_U8, 1 },
	[T_U32] = { MNL_TYPE_U32, 4 },
	[T_IN6] = { MNL_TYPE_BINARY, 16 },
	[T_STR] = { MNL_TYPE_NUL_STRING, 0 },
	[T_NEST] = { MNL_TYPE_NESTED, 0 },
};

/* A message of one family header (4 octets) and raw attribute bytes. */
static struct nlmsghdr *
raw(uint8_t *buf, size_t cap, const struct gold *attrs)
{
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, cap, 100, 0, 4);
	ck_assert_uint_le(nlh->nlmsg_len + attrs->n, cap);
	memcpy(buf + nlh->nlmsg_len, attrs->b, attrs->n);
	nlh->nlmsg_len += (uint32_t)attrs->n;
	return nlh;
}

START_TEST(parse_policy)
{
	const struct nlattr *tb[T_MAX + 1], *tn[T_MAX + 1];
	uint8_t buf[256];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	g_attr(&g, 5, T_U8);
	g_u8(&g, 7);
	g_pad(&g);
	g_attr(&g, 8, 99);		/* unknown beyond the table: skipped */
	g_u32(&g, 0);
	g_attr(&g, 8, T_SKIP);		/* in the table, not wanted */
	g_u32(&g, 0);
	g_attr(&g, 7, T_STR);
	g_bytes(&g, "ab", 3);
	g_pad(&g);
	g_attr(&g, 12, NLA_F_NESTED | T_NEST);
	g_attr(&g, 8, T_U32);
	g_u32(&g, 0x01020304);
	g_attr(&g, 20, T_IN6);		/* last, padding not needed */
	g_bytes(&g, "0123456789abcdef", 16);
	nlh = raw(buf, sizeof(buf), &g);
	ck_assert_int_eq(nl_parse(nlh, 4, pol, T_MAX, tb), 0);
	ck_assert_uint_eq(mnl_attr_get_u8(tb[T_U8]), 7);
	ck_assert_str_eq(mnl_attr_get_str(tb[T_STR]), "ab");
	ck_assert_ptr_null(tb[T_SKIP]);
	ck_assert_ptr_null(tb[T_U32]);
	ck_assert_ptr_nonnull(tb[T_IN6]);
	ck_assert_int_eq(nl_parse_nested(tb[T_NEST], pol, T_MAX, tn), 0);
	ck_assert_uint_eq(mnl_attr_get_u32(tn[T_U32]), 0x01020304);
}
END_TEST

/* Each of these attribute lists is malformed. */
START_TEST(parse_rejects)
{
	const struct nlattr *tb[T_MAX + 1];
	uint8_t buf[256];
	struct gold g = { .n = 0 };
	struct nlmsghdr *nlh;

	switch (_i) {
	case 0:		/* a u32 of 2 octets */
		g_attr(&g, 6, T_U32);
		g_u16(&g, 1);
		g_pad(&g);
		break;
	case 1:		/* an address of 15 octets */
		g_attr(&g, 19, T_IN6);
		g_bytes(&g, "0123456789abcde", 15);
		g_pad(&g);
		break;
	case 2:		/* a string without its NUL */
		g_attr(&g, 6, T_STR);
		g_bytes(&g, "ab", 2);
		g_pad(&g);
		break;
	case 3:		/* an attribute shorter than its own header */
		g_attr(&g, 2, T_U8);
		g_u32(&g, 0);
		break;
	case 4:		/* a length beyond the message */
		g_attr(&g, 64, T_U32);
		g_u32(&g, 0);
		break;
	case 5:		/* a remnant after the last attribute */
		g_attr(&g, 8, T_U32);
		g_u32(&g, 0);
		g_u16(&g, 8);
		break;
	default:	/* a u8 of 2 octets */
		g_attr(&g, 6, T_U8);
		g_u16(&g, 1);
		g_pad(&g);
		break;
	}
	nlh = raw(buf, sizeof(buf), &g);
	errno = 0;
	ck_assert_int_eq(nl_parse(nlh, 4, pol, T_MAX, tb), -1);
	ck_assert_int_eq(errno, EBADMSG);
}
END_TEST

START_TEST(parse_short_header)
{
	const struct nlattr *tb[T_MAX + 1];
	uint8_t buf[64];
	struct nlmsghdr *nlh;

	nlh = nl_msg(buf, sizeof(buf), 100, 0, 4);
	errno = 0;
	ck_assert_int_eq(nl_parse(nlh, 8, pol, T_MAX, tb), -1);
	ck_assert_int_eq(errno, EBADMSG);
	ck_assert_int_eq(nl_parse(nlh, 4, pol, T_MAX, tb), 0);
	nlh->nlmsg_len = 8;
	ck_assert_int_eq(nl_parse(nlh, 0, pol, T_MAX, tb), -1);
}
END_TEST

START_TEST(vec)
{
	struct nl_vec v;
	uint32_t i, *p;

	nl_vec_init(&v, sizeof(uint32_t));
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(nl_vec_push(&v, &i), 0);
	ck_assert_uint_eq(v.n, 1000);
	p = v.v;
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(p[i], i);
	nl_vec_reset(&v);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_int_eq(nl_vec_push(&v, &i), 0);
	ck_assert_uint_eq(((uint32_t *)v.v)[0], 1000);
	nl_vec_free(&v);
	ck_assert_ptr_null(v.v);
	ck_assert_uint_eq(v.n, 0);
}
END_TEST

START_TEST(prefixes)
{
	struct in6_addr a = g_in6("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	struct in6_addr b;

	b = a;
	nl_in6_mask(&b, 128);
	ck_assert_mem_eq(&a, &b, 16);
	nl_in6_mask(&b, 61);
	ck_assert(nl_in6_cmp(&b, &(struct in6_addr){ .s6_addr = { 0x20, 1,
	    0xd, 0xb8, 0xff, 0xff, 0xff, 0xf8 } }) == 0);
	nl_in6_mask(&b, 0);
	ck_assert(IN6_IS_ADDR_UNSPECIFIED(&b));
	b = g_in6("2001:db8::");
	ck_assert_int_eq(nl_prefix_cmp(&a, 32, &b, 32), 0);
	ck_assert_int_gt(nl_prefix_cmp(&a, 33, &b, 32), 0);
	ck_assert_int_gt(nl_prefix_cmp(&a, 48, &b, 48), 0);
	ck_assert(nl_plen_ok(128) && !nl_plen_ok(129));
}
END_TEST

/*
 * Requests that need no privilege, against the test's own namespace:
 * dumps and gets, and a dump request the kernel's strict checking
 * rejects with an extended ack that must reach the caller.
 */
START_TEST(talk_unprivileged)
{
	uint8_t buf[NL_MSG_BUF];
	struct link_info l, *v;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct route_info r;
	struct in6_addr lo = g_in6("::1");
	struct nl *nl;
	size_t n, i;
	int found = 0;

	nl = nl_open();
	ck_assert_ptr_nonnull(nl);
	ck_assert_int_eq(link_list(nl, &v, &n), 0);
	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, "lo") == 0)
			found = v[i].ifindex;
	free(v);
	ck_assert_int_gt(found, 0);
	ck_assert_int_eq(link_get(nl, 0, "lo", &l), 0);
	ck_assert_int_eq(l.ifindex, found);
	ck_assert_int_eq(link_index(nl, "lo"), found);
	errno = 0;
	ck_assert_int_eq(link_index(nl, "fama-no-such"), -1);
	ck_assert_int_eq(errno, ENODEV);

	/* Strict checking: a dump request may not set a prefix length. */
	nlh = nl_msg(buf, sizeof(buf), RTM_GETADDR, NLM_F_DUMP, sizeof(*ifa));
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 64;
	errno = 0;
	ck_assert_int_eq(nl_talk(nl, nlh, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(strstr(nl_last_extack(nl), "address dump") != NULL,
	    "extack: \"%s\"", nl_last_extack(nl));
	/* The socket goes on, and a success clears the message. */
	if (route_get(nl, &lo, &r) == 0)
		ck_assert_str_eq(nl_last_extack(nl), "");
	else
		ck_assert_int_eq(errno, ENETUNREACH);
	ck_assert_int_eq(link_get(nl, 0, "lo", &l), 0);
	ck_assert_str_eq(nl_last_extack(nl), "");

	/* A request socket is not an event socket, nor the reverse. */
	errno = 0;
	ck_assert_int_eq(nl_events(nl, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	nl_close(nl);
	errno = 0;
	ck_assert_ptr_null(nl_open_events(0));
	ck_assert_int_eq(errno, EINVAL);
	nl = nl_open_events(NL_GRP_LINK | NL_GRP_ROUTE6);
	ck_assert_ptr_nonnull(nl);
	/* Nothing pending on a fresh event socket: drained at once. */
	ck_assert_int_eq(nl_events(nl, NULL, NULL), 0);
	nlh = nl_msg(buf, sizeof(buf), RTM_GETLINK, NLM_F_DUMP,
	    sizeof(struct ifinfomsg));
	errno = 0;
	ck_assert_int_eq(nl_talk(nl, nlh, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	nl_close(nl);
}
END_TEST

static int
count_and_fail(const struct nlmsghdr *nlh, void *arg)
{
	int *n = arg;

	(void)nlh;
	if (++*n == 1) {
		errno = ENOTSUP;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* A callback that fails mid-dump: its errno comes back, and the rest of
 * the dump is read and dropped so that the next request works. */
START_TEST(talk_callback_fails)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct link_info l;
	struct nl *nl;
	int n = 0;

	nl = nl_open();
	ck_assert_ptr_nonnull(nl);
	nlh = nl_msg(buf, sizeof(buf), RTM_GETROUTE, NLM_F_DUMP,
	    sizeof(struct rtmsg));
	errno = 0;
	ck_assert_int_eq(nl_talk(nl, nlh, count_and_fail, &n), -1);
	ck_assert_int_eq(errno, ENOTSUP);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(link_get(nl, 0, "lo", &l), 0);
	nl_close(nl);
}
END_TEST

/* Several requests in one send: each gets its own answer, in order, and
 * a failure does not stop the ones after it. */
START_TEST(talk_n)
{
	uint8_t b[3][256];
	struct nlmsghdr *m[NL_TALK_MAX + 1];
	struct ifinfomsg *ifi;
	struct link_info l;
	int errs[NL_TALK_MAX + 1], i;
	struct nl *nl;

	nl = nl_open();
	ck_assert_ptr_nonnull(nl);
	ck_assert_int_eq(link_get(nl, 0, "lo", &l), 0);
	for (i = 0; i < 3; i++) {
		m[i] = nl_msg(b[i], sizeof(b[i]), RTM_GETLINK, 0,
		    sizeof(*ifi));
		ck_assert_ptr_nonnull(m[i]);
		ifi = mnl_nlmsg_get_payload(m[i]);
		ifi->ifi_family = AF_UNSPEC;
		/* lo, a link that is not there, lo again */
		ifi->ifi_index = i == 1 ? 0x7ffffff0 : l.ifindex;
	}
	errno = 0;
	ck_assert_int_eq(nl_talk_n(nl, m, 3, errs), -1);
	ck_assert_int_eq(errno, ENODEV);
	ck_assert_int_eq(errs[0], 0);
	ck_assert_int_eq(errs[1], ENODEV);
	ck_assert_int_eq(errs[2], 0);
	/* the socket goes on */
	m[1] = m[2];
	ck_assert_int_eq(nl_talk_n(nl, m, 2, errs), 0);
	ck_assert_int_eq(errs[0], 0);
	ck_assert_int_eq(errs[1], 0);
	ck_assert_int_eq(link_get(nl, 0, "lo", &l), 0);
	errno = 0;
	ck_assert_int_eq(nl_talk_n(nl, m, 0, errs), -1);
	ck_assert_int_eq(errno, EINVAL);
	for (i = 0; i <= NL_TALK_MAX; i++)
		m[i] = m[0];
	errno = 0;
	ck_assert_int_eq(nl_talk_n(nl, m, NL_TALK_MAX + 1, errs), -1);
	ck_assert_int_eq(errno, EINVAL);
	nl_close(nl);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("nl");
	TCase *tc = tcase_create("nl");

	tcase_add_test(tc, msg_start);
	tcase_add_test(tc, puts_bounded);
	tcase_add_test(tc, parse_policy);
	tcase_add_loop_test(tc, parse_rejects, 0, 7);
	tcase_add_test(tc, parse_short_header);
	tcase_add_test(tc, vec);
	tcase_add_test(tc, prefixes);
	tcase_add_test(tc, talk_unprivileged);
	tcase_add_test(tc, talk_callback_fails);
	tcase_add_test(tc, talk_n);
	suite_add_tcase(s, tc);
	return s;
}

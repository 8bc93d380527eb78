// SPDX-License-Identifier: GPL-2.0-only
/* netns/diag: the addresses that sockets use, from sock_diag. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netns/diag.h"
#include "netns/nl.h"
#include "tests/testlib.h"

static bool
has(const struct in6_addr *v, size_t n, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(&v[i], a, sizeof(*a)) == 0)
			return true;
	return false;
}

static int
bound(int type, const struct in6_addr *a, uint16_t *port)
{
	struct sockaddr_in6 sin6;
	socklen_t len = sizeof(sin6);
	int fd;

	ck_assert_int_ge(fd = socket(AF_INET6, type, 0), 0);
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = *a;
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin6, &len), 0);
	*port = ntohs(sin6.sin6_port);
	return fd;
}

/* A UDP socket and a TCP listener on ::1 show up; closed, they do not. */
START_TEST(addrs_in_use_follow_sockets)
{
	struct in6_addr lo = IN6ADDR_LOOPBACK_INIT, *v;
	struct diag_sock *s;
	uint16_t uport, tport;
	size_t n, i;
	struct nl *nl;
	int u, t;
	bool found = false;

	ck_assert_ptr_nonnull(nl = nl_open_diag());
	u = bound(SOCK_DGRAM, &lo, &uport);
	t = bound(SOCK_STREAM, &lo, &tport);
	ck_assert_int_eq(listen(t, 1), 0);
	ck_assert_int_eq(diag_addrs_in_use(nl, &v, &n), 0);
	ck_assert(has(v, n, &lo));
	free(v);
	ck_assert_int_eq(diag_list(nl, IPPROTO_TCP, &s, &n), 0);
	for (i = 0; i < n; i++)
		if (s[i].sport == tport && memcmp(&s[i].src, &lo, 16) == 0) {
			ck_assert_uint_eq(s[i].state, TCP_LISTEN);
			ck_assert_uint_eq(s[i].proto, IPPROTO_TCP);
			found = true;
		}
	ck_assert(found);
	free(s);
	found = false;
	ck_assert_int_eq(diag_list(nl, IPPROTO_UDP, &s, &n), 0);
	for (i = 0; i < n; i++)
		found |= s[i].sport == uport;
	ck_assert(found);
	free(s);
	close(u);
	close(t);
	ck_assert_int_eq(diag_addrs_in_use(nl, &v, &n), 0);
	ck_assert(!has(v, n, &lo) || n > 0);	/* others may use ::1 */
	for (i = 0; i < n; i++)
		ck_assert(!IN6_IS_ADDR_UNSPECIFIED(&v[i]));
	free(v);
	nl_close(nl);
}
END_TEST

/* Golden request and a parsed reply; short and IPv4 replies refused. */
START_TEST(build_and_parse)
{
	static const uint8_t want[] = {
		10,			/* AF_INET6 */
		6,			/* IPPROTO_TCP */
		0, 0,			/* no extensions, pad */
		0xff, 0xff, 0xff, 0xff,	/* every state */
	};
	uint8_t buf[256], msg[256];
	struct nlmsghdr *nlh;
	struct diag_sock s;
	uint8_t *p;
	size_t i;

	ck_assert_ptr_nonnull(nlh = nl_msg(buf, sizeof(buf),
	    SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, 0));
	ck_assert_int_eq(diag_build(nlh, sizeof(buf), IPPROTO_TCP), 0);
	ck_assert_uint_eq(mnl_nlmsg_get_payload_len(nlh), 56);
	p = mnl_nlmsg_get_payload(nlh);
	ck_assert_mem_eq(p, want, sizeof(want));
	for (i = 8; i < 56; i++)
		ck_assert_uint_eq(p[i], 0);
	ck_assert_int_eq(diag_build(nlh, 40, IPPROTO_TCP), -1);

	memset(msg, 0, sizeof(msg));
	nlh = mnl_nlmsg_put_header(msg);
	p = mnl_nlmsg_put_extra_header(nlh, 72);
	p[0] = AF_INET6;
	p[1] = TCP_ESTABLISHED;
	p[4] = 0x1f; p[5] = 0x90;	/* sport 8080 */
	p[6] = 0x00; p[7] = 0x50;	/* dport 80 */
	p[8] = 0x20; p[9] = 0x01; p[10] = 0x0d; p[11] = 0xb8; p[23] = 1;
	p[24] = 0x20; p[25] = 0x01; p[26] = 0x0d; p[27] = 0xb8; p[39] = 2;
	ck_assert_int_eq(diag_parse(nlh, &s), 0);
	ck_assert_uint_eq(s.state, TCP_ESTABLISHED);
	ck_assert_uint_eq(s.sport, 8080);
	ck_assert_uint_eq(s.dport, 80);
	ck_assert_uint_eq(s.src.s6_addr[15], 1);
	ck_assert_uint_eq(s.dst.s6_addr[15], 2);
	p[0] = AF_INET;
	errno = 0;
	ck_assert_int_eq(diag_parse(nlh, &s), -1);
	ck_assert_int_eq(errno, EAFNOSUPPORT);
	p[0] = AF_INET6;
	for (i = 0; i < 72; i++) {
		nlh->nlmsg_len = (uint32_t)(MNL_NLMSG_HDRLEN + i);
		ck_assert_int_eq(diag_parse(nlh, &s), -1);
		ck_assert_int_eq(errno, EBADMSG);
	}
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, addrs_in_use_follow_sockets);
	tcase_add_test(tc, build_and_parse);
	suite_add_tcase(s, tc);
	return s;
}

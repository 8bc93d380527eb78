// SPDX-License-Identifier: GPL-2.0-only
/* netns/sig and netns/nft without privileges: the Mobility Header socket
 * filter run by the kernel on a socket pair, packet by packet; the
 * argument checks of the send, receive and open calls.  What needs root
 * and namespaces is in tests/netns/t_sig.sh. */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns/nft.h"
#include "netns/sig.h"
#include "proto/ip6.h"
#include "tests/testlib.h"

#define BUFSZ	4096

/* Version 6, Payload Length filled in by mkpkt(), Hop Limit 64,
 * 2001:db8:1::a to 2001:db8:1::b; the Next Header comes first in each
 * case below. */
static const char ip6_src_dst[] =
    "20010db800010000000000000000000a"
    "20010db800010000000000000000000b";
static const char mh_brr[] =
    "3b 00 00 00 0000 0000";	/* MH: no payload, len 0, BRR, cksum */
static const char hao[] =
    "02 01 02 0000"		/* Hdr Ext Len 2; PadN(4) */
    "c9 10 20010db8000100020000000000001234";	/* HAO */
static const char rh2[] =
    "02 02 01 00000000"		/* Hdr Ext Len 2, type 2, Segments Left 1 */
    "20010db8000100020000000000001234";
static const char opts8[] =
    "00 01 04 00000000";	/* Hdr Ext Len 0; PadN(6) */
static const char rh0[] =
    "00 00 00 00000000";	/* Hdr Ext Len 0, type 0, Segments Left 0 */

/* A packet given as hex in parts: the first octet of the IPv6 header,
 * the Next Header of the IPv6 header, then each extension header (its
 * own Next Header octet first, then the rest) and the upper layer. */
struct fcase {
	const char	*name;
	const char	*v;		/* version and traffic class octet */
	const char	*parts[12];
	bool		 accept;
};

static const struct fcase fcases[] = {
	{ "MH", "60", { "87", mh_brr }, true },
	{ "HAO, MH", "60", { "3c", "87", hao, mh_brr }, true },
	{ "RH2, MH", "60", { "2b", "87", rh2, mh_brr }, true },
	{ "RH2, HAO, MH", "60", { "2b", "3c", rh2, "87", hao, mh_brr },
	    true },
	{ "HbH, MH", "60", { "00", "87", opts8, mh_brr }, true },
	{ "traffic class 0xff", "6f", { "87", mh_brr }, true },
	/* SIG_FILTER_EXTHDRS: HbH, DstOpts, Routing, DstOpts */
	{ "four headers, MH", "60", { "00", "3c", opts8, "2b", opts8,
	    "3c", rh0, "87", opts8, mh_brr }, true },
	/* The drops. */
	{ "five headers, MH", "60", { "00", "3c", opts8, "3c", opts8,
	    "2b", opts8, "3c", rh0, "87", opts8, mh_brr }, false },
	{ "UDP", "60", { "11", "0000 0009 0008 0000" }, false },
	{ "ICMPv6 echo", "60", { "3a", "8000 0000 0001 0001" }, false },
	{ "HbH, UDP", "60", { "00", "11", opts8, "0000 0009 0008 0000" },
	    false },
	{ "HAO, ICMPv6", "60", { "3c", "3a", hao, "8000 0000 0001 0001" },
	    false },
	{ "four headers, UDP", "60", { "00", "3c", opts8, "2b", opts8,
	    "3c", rh0, "11", opts8, "0000 0009 0008 0000" }, false },
	{ "Fragment, MH", "60", { "2c", "87", "00 0000 00000001", mh_brr },
	    false },
	{ "AH, MH", "60", { "33", "87", "01 0000 00000000 00000000",
	    mh_brr }, false },
	{ "No Next Header", "60", { "3b" }, false },
	{ "version 7", "70", { "87", mh_brr }, false },
	{ "version 4", "40", { "87", mh_brr }, false },
};

/* Join the parts of c after the fixed header fields: the Next Header
 * octet at 6 comes from parts[0], every later part is appended. */
static size_t
mkpkt(const struct fcase *c, uint8_t *out)
{
	size_t n, i;

	n = hex2bin(c->v, out, BUFSZ);
	n += hex2bin("000000 0000", out + n, BUFSZ - n);
	n += hex2bin(c->parts[0], out + n, BUFSZ - n);
	n += hex2bin("40", out + n, BUFSZ - n);
	n += hex2bin(ip6_src_dst, out + n, BUFSZ - n);
	for (i = 1; i < 12 && c->parts[i] != NULL; i++)
		n += hex2bin(c->parts[i], out + n, BUFSZ - n);
	out[4] = (uint8_t)((n - IP6_HDR_LEN) >> 8);
	out[5] = (uint8_t)(n - IP6_HDR_LEN);
	return n;
}

struct pair {
	int	tx;
	int	rx;		/* the end with the filter */
};

static void
pair_open(struct pair *p, bool filter)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0,
	    sv), 0);
	p->tx = sv[0];
	p->rx = sv[1];
	if (filter)
		ck_assert_int_eq(sig_filter_attach(p->rx), 0);
}

static void
pair_close(struct pair *p)
{
	close(p->tx);
	close(p->rx);
}

/* Send len octets; did they come through the filter, whole? */
static bool
passes(const struct pair *p, const uint8_t *pkt, size_t len)
{
	static uint8_t got[BUFSZ + 1];
	ssize_t n;

	ck_assert_int_eq(send(p->tx, pkt, len, 0), (ssize_t)len);
	n = recv(p->rx, got, sizeof(got), MSG_DONTWAIT);
	if (n == -1) {
		ck_assert_int_eq(errno, EAGAIN);
		return false;
	}
	ck_assert_int_eq(n, (ssize_t)len);
	ck_assert_mem_eq(got, pkt, len);
	return true;
}

START_TEST(filter_cases)
{
	const struct fcase *c = &fcases[_i];
	uint8_t pkt[BUFSZ];
	struct pair p;
	size_t len;

	pair_open(&p, true);
	len = mkpkt(c, pkt);
	ck_assert_msg(passes(&p, pkt, len) == c->accept, "%s: %s", c->name,
	    c->accept ? "dropped" : "accepted");
	pair_close(&p);
}
END_TEST

/* The filter reads only Next Header and Hdr Ext Len octets: a HAO packet
 * cut anywhere before the Destination Options' length octet (41) is
 * dropped, from there on it passes (ip6_parse() rejects it later). */
START_TEST(filter_truncated)
{
	uint8_t pkt[BUFSZ];
	struct pair p;
	size_t len, cut;

	pair_open(&p, true);
	len = mkpkt(&fcases[1], pkt);
	for (cut = 0; cut <= len; cut++)
		ck_assert_msg(passes(&p, pkt, cut) == (cut >= 42),
		    "cut at %zu", cut);
	pair_close(&p);
}
END_TEST

/* Walking by the length octet: the longest Hop-by-Hop header (2048
 * octets), then Destination Options naming the MH.  The Hop-by-Hop body
 * is filled with 0x11 (UDP) so that a walk that lands inside it drops. */
START_TEST(filter_long_header)
{
	uint8_t pkt[BUFSZ];
	struct pair p;
	size_t len, dst;

	pair_open(&p, true);
	memset(pkt, 0, sizeof(pkt));
	hex2bin("60000000 0000 00 40", pkt, BUFSZ);
	memset(pkt + 42, 0x11, 2046);
	pkt[40] = IP6_NXT_DSTOPTS;
	pkt[41] = 255;				/* (255 + 1) * 8 = 2048 */
	dst = IP6_HDR_LEN + 2048;
	pkt[dst] = IP6_NXT_MH;
	len = dst + hex2bin(opts8, pkt + dst + 1, BUFSZ - dst - 1) + 1;
	len += hex2bin(mh_brr, pkt + len, BUFSZ - len);
	ck_assert(passes(&p, pkt, len));
	ck_assert(!passes(&p, pkt, dst + 1));	/* no DstOpts length */
	ck_assert(passes(&p, pkt, dst + 2));
	pkt[41] = 254;				/* lands on 0x11 */
	ck_assert(!passes(&p, pkt, len));
	pair_close(&p);
}
END_TEST

START_TEST(send_checks)
{
	uint8_t pkt[BUFSZ];
	size_t len;

	len = mkpkt(&fcases[1], pkt);
	errno = 0;
	ck_assert_int_eq(sig_send(-1, pkt, IP6_HDR_LEN - 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(sig_send(-1, pkt, len - 1), -1);	/* Payload */
	ck_assert_int_eq(errno, EINVAL);			/* Length */
	pkt[0] = 0x40;
	errno = 0;
	ck_assert_int_eq(sig_send(-1, pkt, len), -1);
	ck_assert_int_eq(errno, EINVAL);
	pkt[0] = 0x60;
	/* A good packet gets as far as the socket. */
	errno = 0;
	ck_assert_int_eq(sig_send(-1, pkt, len), -1);
	ck_assert_int_eq(errno, EBADF);
	/* A link-local or multicast destination needs an interface. */
	hex2bin("fe800000000000000000000000000001", pkt + 24, 16);
	errno = 0;
	ck_assert_int_eq(sig_send(-1, pkt, len), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(sig_send_via(-1, 1, pkt, len), -1);
	ck_assert_int_eq(errno, EBADF);
	hex2bin("ff020000000000000000000000000002", pkt + 24, 16);
	errno = 0;
	ck_assert_int_eq(sig_send(-1, pkt, len), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(sig_send(-1, NULL, 0), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* sig_recv on a socket pair: a packet larger than the buffer is an error
 * of its own and consumed, a runt is EBADMSG, an empty queue EAGAIN, and
 * a sender without a link-layer address (not AF_PACKET) EPROTO. */
START_TEST(recv_checks)
{
	uint8_t pkt[BUFSZ], buf[BUFSZ];
	struct sig_info si;
	struct pair p;
	size_t len, got;

	pair_open(&p, false);
	len = mkpkt(&fcases[1], pkt);
	ck_assert_int_eq(send(p.tx, pkt, len, 0), (ssize_t)len);
	ck_assert_int_eq(send(p.tx, pkt, 39, 0), 39);
	errno = 0;
	ck_assert_int_eq(sig_recv(p.rx, buf, len - 1, &got, &si), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	errno = 0;
	ck_assert_int_eq(sig_recv(p.rx, buf, sizeof(buf), &got, &si), -1);
	ck_assert_int_eq(errno, EBADMSG);
	errno = 0;
	ck_assert_int_eq(sig_recv(p.rx, buf, sizeof(buf), &got, &si), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_int_eq(send(p.tx, pkt, len, 0), (ssize_t)len);
	errno = 0;
	ck_assert_int_eq(sig_recv(p.rx, buf, len, &got, &si), -1);
	ck_assert_int_eq(errno, EPROTO);
	pair_close(&p);
}
END_TEST

START_TEST(open_checks)
{
	char longname[NFT_SUPPRESS_NAME_MAX + 2];
	struct nft_addr_op ops[2];
	uint64_t a, b;

	errno = 0;
	ck_assert_int_eq(sig_icmp6_open(0, 133, SIG_ICMP6_ALLROUTERS), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(sig_icmp6_open(1, 133, 0x2), -1);
	ck_assert_int_eq(errno, EINVAL);

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	errno = 0;
	ck_assert_int_eq(nft_suppress_add(longname), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(nft_suppress_add(""), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(nft_suppress_remove(NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(nft_suppress_stats("", &a, &b), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* every op gets the error, and none is sent */
	memset(ops, 0, sizeof(ops));
	ops[1].add = true;
	ck_assert_uint_eq(nft_counters_addrs(longname, ops, 2), 2);
	ck_assert_int_eq(ops[0].error, EINVAL);
	ck_assert_int_eq(ops[1].error, EINVAL);
	ck_assert_uint_eq(nft_counters_addrs("fama_dar", ops, 0), 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("sig");
	TCase *tc;

	tc = tcase_create("filter");
	tcase_add_loop_test(tc, filter_cases, 0,
	    sizeof(fcases) / sizeof(fcases[0]));
	tcase_add_test(tc, filter_truncated);
	tcase_add_test(tc, filter_long_header);
	suite_add_tcase(s, tc);

	tc = tcase_create("calls");
	tcase_add_test(tc, send_checks);
	tcase_add_test(tc, recv_checks);
	tcase_add_test(tc, open_checks);
	suite_add_tcase(s, tc);
	return s;
}

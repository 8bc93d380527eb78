// SPDX-License-Identifier: GPL-2.0-only
/* proto/ip6: the MH checksum on its pseudo-header, whole BU and BA packets
 * with HAO and RH2, parsing, truncations and the extension-header rules. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/buf.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "tests/testlib.h"

#define BUFSZ	2048

static const struct in6_addr hoa = { .s6_addr = {	/* DIGEST §4.6, Sec 1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02,
	0x2c, 0xb8, 0x69, 0xa8, 0xe3, 0xa0, 0x99, 0x24 } };
static const struct in6_addr coa = { .s6_addr = {	/* 2001:db8:3:4::1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x03, 0x00, 0x04,
	0, 0, 0, 0, 0, 0, 0, 1 } };
static const struct in6_addr anchor = { .s6_addr = {	/* 2001:db8:1:2::1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02,
	0, 0, 0, 0, 0, 0, 0, 1 } };
static const struct in6_addr anchor2 = { .s6_addr = {	/* 2001:db8:1:2::2 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02,
	0, 0, 0, 0, 0, 0, 0, 2 } };
static const struct in6_addr cn = { .s6_addr = {	/* 2001:db8:ffff::1 */
	0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 1 } };

/* DIGEST §2.5, with the checksum it gives. */
static const char rr_bu_hex[] =
    "3b030500e3c6010080000064040400050006050cb056ee4d1b0cef744bdeed6e";

/* The BU of DIGEST §5.2 as sent: CoA to the anchor, HAO = HoA. */
static const char bu_hdr_hex[] =
    "60000000"			/* version 6, traffic class 0, flow 0 */
    "0168"			/* Payload Length 360 = 24 + 336 */
    "3c"			/* Next Header 60, Destination Options */
    "40"			/* Hop Limit 64 */
    "20010db8000300040000000000000001"	/* source: the CoA */
    "20010db8000100020000000000000001"	/* destination: the anchor */
    "87"			/* 40: Next Header 135, Mobility Header */
    "02"			/* Hdr Ext Len 2: 24 octets */
    "01 02 0000"		/* PadN(4) */
    "c9 10"			/* 46 = 8n+6: Home Address option, 16 */
    "20010db8000100022cb869a8e3a09924";	/* the HoA */
/* ...followed by signed_bu.bin, whose checksum 0x0aac is the RFC 6275
 * one (DIGEST §5.2). */

/* A BA as sent: anchor to the CoA, RH2 = HoA. */
static const char ba_hex[] =
    "6b812345"			/* version 6, class 0xb8, flow 0x12345 */
    "0028"			/* Payload Length 40 = 24 + 16 */
    "2b"			/* Next Header 43, Routing */
    "ff"			/* Hop Limit 255 */
    "20010db8000100020000000000000001"	/* source: the anchor */
    "20010db8000300040000000000000001"	/* destination: the CoA */
    "87"			/* 40: Next Header 135 */
    "02"			/* Hdr Ext Len 2: 24 octets */
    "02"			/* Routing Type 2 */
    "01"			/* Segments Left 1 */
    "00000000"			/* Reserved */
    "20010db8000100022cb869a8e3a09924"	/* the HoA */
    "3b 01 06 00"		/* 64: MH, Header Len 1, BA */
    "4e2f"			/* Checksum, src anchor, dst HoA (scapy) */
    "00 00"			/* Status 0, flags 0 */
    "0001"			/* Sequence 1 */
    "0096"			/* Lifetime 150 */
    "01 02 0000";		/* PadN(2) */
#define BA_MH_OFF	64

/* Both headers, in the RFC 8200 order (checksum from scapy 2.5). */
static const char both_hex[] =
    "60000000 0038 2b 40"	/* v6, Payload Length 56, Routing, 64 */
    "20010db8000300040000000000000001"	/* the CoA */
    "20010db8000100020000000000000001"	/* 2001:db8:1:2::1 */
    "3c 02 02 01 00000000"	/* 40: RH2, then Destination Options */
    "20010db8000100020000000000000002"	/* 2001:db8:1:2::2 */
    "87 02 01 02 0000"		/* 64: then MH; PadN(4) */
    "c9 10 20010db8000100022cb869a8e3a09924"	/* 70: HAO */
    "3b 00 00 00 55d0 0000";	/* 88: BRR */

static size_t
bu_packet(uint8_t *w)
{
	uint8_t *bu;
	size_t n, bulen;

	n = hex2bin(bu_hdr_hex, w, BUFSZ);
	bu = load_vector("signed_bu.bin", &bulen);
	memcpy(w + n, bu, bulen);
	free(bu);
	return n + bulen;
}

/* An MH packet from src to dst, without extension headers yet. */
static void
mh_pkt(struct ip6_pkt *p, const struct in6_addr *src,
    const struct in6_addr *dst, const uint8_t *mh, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->src = *src;
	p->dst = *dst;
	p->nxt = IP6_NXT_MH;
	p->payload = mh;
	p->payload_len = len;
}

/* Parse a copy of exactly len octets, so that ASan sees any over-read. */
static int
parse_exact(const uint8_t *p, size_t len, struct ip6_pkt *pkt,
    uint8_t **copy)
{
	int rv;

	*copy = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(*copy);
	memcpy(*copy, p, len);
	errno = 0;
	rv = ip6_parse(*copy, len, pkt);
	return rv;
}

static void
assert_bad(const uint8_t *p, size_t len)
{
	struct ip6_pkt pkt;
	uint8_t *copy;

	ck_assert_int_eq(parse_exact(p, len, &pkt, &copy), -1);
	ck_assert_int_eq(errno, EBADMSG);
	free(copy);
}

static void
assert_ok(const uint8_t *p, size_t len)
{
	struct ip6_pkt pkt;
	uint8_t *copy;

	ck_assert_int_eq(parse_exact(p, len, &pkt, &copy), 0);
	free(copy);
}

/* A second, naive computation: one 64-bit sum folded at the end. */
static uint16_t
ref_cksum(const struct in6_addr *s, const struct in6_addr *d, uint8_t nxt,
    const uint8_t *p, size_t len)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < 16; i += 2)
		sum += (unsigned)(s->s6_addr[i] << 8 | s->s6_addr[i + 1]) +
		    (unsigned)(d->s6_addr[i] << 8 | d->s6_addr[i + 1]);
	sum += (len >> 16) + (len & 0xffff) + nxt;
	for (i = 0; i < len; i++)
		sum += i % 2 == 0 ? (unsigned)p[i] << 8 : p[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

START_TEST(cksum_vectors)
{
	uint8_t *bu, w[64];
	size_t n;

	/* DIGEST §5.2: pseudo source the HoA, destination the anchor. */
	bu = load_vector("signed_bu.bin", &n);
	ck_assert_uint_eq(ip6_cksum(&hoa, &anchor, IP6_NXT_MH, bu, n), 0);
	ck_assert_uint_ne(ip6_cksum(&coa, &anchor, IP6_NXT_MH, bu, n), 0);
	bu[4] = bu[5] = 0;
	ck_assert_uint_eq(ip6_cksum(&hoa, &anchor, IP6_NXT_MH, bu, n), 0x0aac);
	free(bu);

	/* DIGEST §2.5: pseudo source the HoA, destination the CN. */
	n = hex2bin(rr_bu_hex, w, sizeof(w));
	ck_assert_uint_eq(ip6_cksum(&hoa, &cn, IP6_NXT_MH, w, n), 0);
	w[4] = w[5] = 0;
	ck_assert_uint_eq(ip6_cksum(&hoa, &cn, IP6_NXT_MH, w, n), 0xe3c6);
}
END_TEST

START_TEST(cksum_odd_and_long)
{
	static const struct in6_addr zero;
	static uint8_t big[70000];
	const uint8_t one = 0x01;
	size_t len, i;
	uint16_t c;

	/* Pseudo-header 1 + 17, data 0x0100: ~0x0112. */
	ck_assert_uint_eq(ip6_cksum(&zero, &zero, 17, &one, 1), 0xfeed);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(0xff - i % 3);
	for (len = 0; len < sizeof(big); len = len * 3 + 1) {
		ck_assert_uint_eq(ip6_cksum(&hoa, &cn, 135, big, len),
		    ref_cksum(&hoa, &cn, 135, big, len));
		if (len < 8 || len % 2)
			continue;
		/* Filled in, it verifies to 0. */
		big[4] = big[5] = 0;
		c = ip6_cksum(&hoa, &cn, 135, big, len);
		put_u16(big + 4, c);
		ck_assert_uint_eq(ip6_cksum(&hoa, &cn, 135, big, len), 0);
	}
}
END_TEST

START_TEST(golden_bu_packet)
{
	uint8_t w[BUFSZ], out[BUFSZ], *bu;
	struct ip6_pkt p;
	size_t n, len, bulen;

	len = bu_packet(w);
	bu = load_vector("signed_bu.bin", &bulen);
	bu[4] = bu[5] = 0;

	mh_pkt(&p, &coa, &anchor, bu, bulen);
	p.has_hao = true;
	p.hoa = hoa;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, w, len);
	/* The caller's payload is left alone. */
	ck_assert_uint_eq(get_u16(bu + MH_CKSUM_OFF), 0);
	free(bu);
}
END_TEST

/* DIGEST §2.5's checksum, this time filled in by ip6_build(). */
START_TEST(build_rr_bu)
{
	uint8_t mh[64], want[64], out[BUFSZ];
	struct ip6_pkt p, q;
	size_t n, mhlen;

	mhlen = hex2bin(rr_bu_hex, want, sizeof(want));
	memcpy(mh, want, mhlen);
	mh[4] = mh[5] = 0;
	mh_pkt(&p, &coa, &cn, mh, mhlen);
	p.has_hao = true;
	p.hoa = hoa;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, IP6_HDR_LEN + IP6_HAO_HDR_LEN + mhlen);
	ck_assert_mem_eq(out + IP6_HDR_LEN + IP6_HAO_HDR_LEN, want, mhlen);
	ck_assert_int_eq(ip6_parse(out, n, &q), 0);
	ck_assert(ip6_mh_cksum_ok(&q));
}
END_TEST

START_TEST(golden_ba_packet)
{
	uint8_t w[BUFSZ], out[BUFSZ], mh[16];
	struct ip6_pkt p;
	size_t n, len;

	len = hex2bin(ba_hex, w, sizeof(w));
	memcpy(mh, w + BA_MH_OFF, sizeof(mh));
	mh[4] = 0x12;			/* whatever it holds is replaced */
	mh_pkt(&p, &anchor, &coa, mh, sizeof(mh));
	p.hlim = 255;
	p.tclass = 0xb8;
	p.flow = 0x12345;
	p.has_rh2 = true;
	p.rh2_addr = hoa;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, w, len);
}
END_TEST

START_TEST(golden_rh2_and_hao)
{
	uint8_t w[BUFSZ], out[BUFSZ], brr[8] = { 0x3b };
	struct ip6_pkt p, q;
	size_t n, len;

	len = hex2bin(both_hex, w, sizeof(w));
	mh_pkt(&p, &coa, &anchor, brr, sizeof(brr));
	p.has_rh2 = true;
	p.rh2_addr = anchor2;
	p.has_hao = true;
	p.hoa = hoa;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, w, len);

	ck_assert_int_eq(ip6_parse(w, len, &q), 0);
	ck_assert(q.has_rh2 && q.has_hao);
	ck_assert_mem_eq(&q.rh2_addr, &anchor2, 16);
	ck_assert_mem_eq(&q.hoa, &hoa, 16);
	ck_assert(ip6_mh_cksum_ok(&q));
}
END_TEST

START_TEST(parse_bu_packet)
{
	uint8_t w[BUFSZ], out[BUFSZ];
	struct in6_addr s, d;
	struct ip6_pkt p;
	struct mh_msg m;
	size_t len, n;

	len = bu_packet(w);
	ck_assert_int_eq(ip6_parse(w, len, &p), 0);
	ck_assert_mem_eq(&p.src, &coa, 16);
	ck_assert_mem_eq(&p.dst, &anchor, 16);
	ck_assert_uint_eq(p.hlim, 64);
	ck_assert_uint_eq(p.tclass, 0);
	ck_assert_uint_eq(p.flow, 0);
	ck_assert(p.has_hao);
	ck_assert_mem_eq(&p.hoa, &hoa, 16);
	ck_assert(!p.has_rh2);
	ck_assert_uint_eq(p.nxt, IP6_NXT_MH);
	ck_assert_ptr_eq(p.payload, w + 64);
	ck_assert_uint_eq(p.payload_len, 336);
	ip6_mh_pseudo(&p, &s, &d);
	ck_assert_mem_eq(&s, &hoa, 16);
	ck_assert_mem_eq(&d, &anchor, 16);
	ck_assert(ip6_mh_cksum_ok(&p));
	ck_assert_int_eq(mh_decode(p.payload, p.payload_len, &m), 0);
	ck_assert_uint_eq(m.type, MH_BU);

	/* And back again. */
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, w, len);
}
END_TEST

START_TEST(parse_ba_packet)
{
	uint8_t w[BUFSZ], out[BUFSZ];
	struct in6_addr s, d;
	struct ip6_pkt p;
	struct mh_msg m;
	size_t len, n;

	len = hex2bin(ba_hex, w, sizeof(w));
	ck_assert_int_eq(ip6_parse(w, len, &p), 0);
	ck_assert_mem_eq(&p.src, &anchor, 16);
	ck_assert_mem_eq(&p.dst, &coa, 16);
	ck_assert_uint_eq(p.hlim, 255);
	ck_assert_uint_eq(p.tclass, 0xb8);
	ck_assert_uint_eq(p.flow, 0x12345);
	ck_assert(!p.has_hao);
	ck_assert(p.has_rh2);
	ck_assert_mem_eq(&p.rh2_addr, &hoa, 16);
	ck_assert_uint_eq(p.rh2_segleft, 1);
	ck_assert_uint_eq(p.nxt, IP6_NXT_MH);
	ck_assert_ptr_eq(p.payload, w + BA_MH_OFF);
	ck_assert_uint_eq(p.payload_len, 16);
	ip6_mh_pseudo(&p, &s, &d);
	ck_assert_mem_eq(&s, &anchor, 16);
	ck_assert_mem_eq(&d, &hoa, 16);
	ck_assert(ip6_mh_cksum_ok(&p));
	ck_assert_int_eq(mh_decode(p.payload, p.payload_len, &m), 0);
	ck_assert_uint_eq(m.type, MH_BA);
	ck_assert_uint_eq(m.seq, 1);

	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, w, len);
}
END_TEST

/* Every proper prefix fails; with the Payload Length cut to match, a cut
 * inside the headers fails and one in the upper layer shortens it. */
static void
truncations(const uint8_t *w, size_t len, size_t upper)
{
	uint8_t t[BUFSZ];
	struct ip6_pkt p;
	uint8_t *copy;
	size_t n;

	for (n = 0; n < len; n++)
		assert_bad(w, n);
	for (n = IP6_HDR_LEN; n <= len; n++) {
		memcpy(t, w, n);
		put_u16(t + 4, (uint16_t)(n - IP6_HDR_LEN));
		if (n < upper) {
			assert_bad(t, n);
			continue;
		}
		ck_assert_int_eq(parse_exact(t, n, &p, &copy), 0);
		ck_assert_uint_eq(p.payload_len, n - upper);
		ck_assert_ptr_eq(p.payload, copy + upper);
		free(copy);
	}
}

START_TEST(truncate_bu)
{
	uint8_t w[BUFSZ];

	truncations(w, bu_packet(w), 64);
}
END_TEST

START_TEST(truncate_ba)
{
	uint8_t w[BUFSZ];

	truncations(w, hex2bin(ba_hex, w, sizeof(w)), 64);
}
END_TEST

START_TEST(truncate_both)
{
	uint8_t w[BUFSZ];

	truncations(w, hex2bin(both_hex, w, sizeof(w)), 88);
}
END_TEST

START_TEST(trailing_padding)
{
	uint8_t w[BUFSZ];
	struct ip6_pkt p;
	size_t len;

	len = hex2bin(ba_hex, w, sizeof(w));
	memset(w + len, 0xee, 20);	/* short frames padded to 64 */
	ck_assert_int_eq(ip6_parse(w, len + 20, &p), 0);
	ck_assert_uint_eq(p.payload_len, 16);
	ck_assert(ip6_mh_cksum_ok(&p));
}
END_TEST

START_TEST(payload_length_past_buffer)
{
	uint8_t w[BUFSZ];
	size_t len;

	len = hex2bin(ba_hex, w, sizeof(w));
	assert_ok(w, len);
	put_u16(w + 4, (uint16_t)(len - IP6_HDR_LEN + 1));
	assert_bad(w, len);
	put_u16(w + 4, 0xffff);
	assert_bad(w, len);
}
END_TEST

START_TEST(not_ipv6)
{
	uint8_t w[BUFSZ];
	size_t len;

	len = hex2bin(ba_hex, w, sizeof(w));
	w[0] = (uint8_t)(4 << 4 | (w[0] & 0x0f));
	assert_bad(w, len);
	w[0] = (uint8_t)(7 << 4 | (w[0] & 0x0f));
	assert_bad(w, len);
}
END_TEST

/*
 * Extension headers.  pkt() puts hex headers between an IPv6 header and
 * an 8-octet BRR and sets Next Header and Payload Length.
 */
static size_t
pkt(uint8_t *w, uint8_t first, const char *ext)
{
	size_t n;

	n = hex2bin("60000000 0000 00 40"
	    "20010db8000300040000000000000001"
	    "20010db8000100020000000000000001", w, BUFSZ);
	n += hex2bin(ext, w + n, BUFSZ - n);
	n += hex2bin("3b 00 00 00 0000 0000", w + n, BUFSZ - n);
	w[6] = first;
	put_u16(w + 4, (uint16_t)(n - IP6_HDR_LEN));
	return n;
}

#define HAO_OPT	"c9 10 20010db8000100022cb869a8e3a09924 "
#define HOA_HEX	"20010db8000100022cb869a8e3a09924 "
#define MH	"87 "

/* Extension headers that parse (ok) or not; each bad one is one change
 * away from a good one above or below it. */
static const struct {
	uint8_t		 first;		/* the IPv6 Next Header */
	const char	*ext;
	bool		 ok;
} ext_cases[] = {
	/* A HAO, in Destination Options only (in Hop-by-Hop its action
	 * bits, 11, say discard). */
	{ IP6_NXT_DSTOPTS,	MH "02 01 02 0000" HAO_OPT, true },
	{ IP6_NXT_HOPOPTS,	MH "02 01 02 0000" HAO_OPT, false },
	/* Two HAOs, in one header or in two. */
	{ IP6_NXT_DSTOPTS,	MH "05 01 02 0000" HAO_OPT "01 02 0000"
	    "01 10 00000000000000000000000000000000 01 00", true },
	{ IP6_NXT_DSTOPTS,	MH "05 01 02 0000" HAO_OPT "01 02 0000"
	    HAO_OPT "01 00", false },
	{ IP6_NXT_DSTOPTS,	"3c 02 01 02 0000" HAO_OPT
	    MH "02 01 14 0000000000000000000000000000000000000000", true },
	{ IP6_NXT_DSTOPTS,	"3c 02 01 02 0000" HAO_OPT
	    MH "02 01 02 0000" HAO_OPT, false },
	/* A HAO of 15 or 17 octets, or not unicast. */
	{ IP6_NXT_DSTOPTS,	MH "02 01 02 0000"
	    "c9 0f 20010db8000100022cb869a8e3a099 00", false },
	{ IP6_NXT_DSTOPTS,	MH "02 01 01 00"
	    "c9 11 20010db8000100022cb869a8e3a0992400", false },
	{ IP6_NXT_DSTOPTS,	MH "02 01 02 0000"
	    "c9 10 ff020000000000000000000000000001", false },
	{ IP6_NXT_DSTOPTS,	MH "02 01 02 0000"
	    "c9 10 00000000000000000000000000000000", false },
	/* RH2: Segments Left 1 and one unicast address, only once. */
	{ IP6_NXT_ROUTING,	MH "02 02 01 00000000" HOA_HEX, true },
	{ IP6_NXT_ROUTING,	MH "02 02 00 00000000" HOA_HEX, false },
	{ IP6_NXT_ROUTING,	MH "02 02 02 00000000" HOA_HEX, false },
	{ IP6_NXT_ROUTING,	MH "04 02 01 00000000" HOA_HEX HOA_HEX, false },
	{ IP6_NXT_ROUTING,	MH "02 02 01 00000000"
	    "ff020000000000000000000000000001", false },
	{ IP6_NXT_ROUTING,	"2b 02 02 01 00000000" HOA_HEX
	    MH "02 02 01 00000000" HOA_HEX, false },
	/* Other routing types (RFC 8200 §4.4): skipped with Segments Left
	 * 0, an error otherwise. */
	{ IP6_NXT_ROUTING,	MH "02 04 00 00000000" HOA_HEX, true },
	{ IP6_NXT_ROUTING,	MH "02 04 01 00000000" HOA_HEX, false },
	{ IP6_NXT_ROUTING,	MH "02 00 01 00000000" HOA_HEX, false },
	/* Unknown options: action 00 skips (in both kinds of header),
	 * 01, 10 and 11 discard. */
	{ IP6_NXT_DSTOPTS,	MH "00 1e 02 abcd 00 00", true },
	{ IP6_NXT_HOPOPTS,	MH "00 05 02 0000 01 00", true },
	{ IP6_NXT_DSTOPTS,	MH "00 5e 02 abcd 00 00", false },
	{ IP6_NXT_DSTOPTS,	MH "00 9e 02 abcd 00 00", false },
	{ IP6_NXT_DSTOPTS,	MH "00 de 02 abcd 00 00", false },
	/* Options running past their header. */
	{ IP6_NXT_DSTOPTS,	MH "00 1e 05 abcd 00 00", false },
	{ IP6_NXT_DSTOPTS,	MH "00 01 05 0000 00 00", false },
	{ IP6_NXT_DSTOPTS,	MH "00 00 00 00 00 00 01", false },
	/* Hop-by-Hop first only. */
	{ IP6_NXT_HOPOPTS,	"3c 00 01 04 00000000" MH "00 01 04 00000000",
	    true },
	{ IP6_NXT_DSTOPTS,	"00 00 01 04 00000000" MH "00 01 04 00000000",
	    false },
	/* Fragment headers. */
	{ IP6_NXT_FRAGMENT,	MH "00 0000 12345678", false },
	{ IP6_NXT_DSTOPTS,	"2c 00 01 04 00000000" MH "00 0000 12345678",
	    false },
	/* Destination Options twice, not three times. */
	{ IP6_NXT_DSTOPTS,	"3c 00 01 04 00000000" MH "00 01 04 00000000",
	    true },
	{ IP6_NXT_DSTOPTS,	"3c 00 01 04 00000000 3c 00 01 04 00000000"
	    MH "00 01 04 00000000", false },
	/* An extension header longer than the payload. */
	{ IP6_NXT_DSTOPTS,	MH "02 01 04 00000000", false },
};

START_TEST(ext_headers)
{
	uint8_t w[BUFSZ];
	struct ip6_pkt p;
	size_t n;

	n = pkt(w, ext_cases[_i].first, ext_cases[_i].ext);
	if (!ext_cases[_i].ok) {
		assert_bad(w, n);
		return;
	}
	ck_assert_int_eq(ip6_parse(w, n, &p), 0);
	ck_assert_uint_eq(p.nxt, IP6_NXT_MH);
	ck_assert_uint_eq(p.payload_len, 8);
	ck_assert_ptr_eq(p.payload, w + n - 8);
	ck_assert(p.has_hao == (strstr(ext_cases[_i].ext, HAO_OPT) != NULL));
	ck_assert(p.has_rh2 == (ext_cases[_i].first == IP6_NXT_ROUTING &&
	    w[42] == 2));
}
END_TEST

START_TEST(other_upper_layers)
{
	uint8_t w[BUFSZ];
	struct ip6_pkt p;
	size_t n;

	n = pkt(w, IP6_NXT_ICMPV6, "");
	ck_assert_int_eq(ip6_parse(w, n, &p), 0);
	ck_assert_uint_eq(p.nxt, IP6_NXT_ICMPV6);
	ck_assert_uint_eq(p.payload_len, 8);
	ck_assert(!ip6_mh_cksum_ok(&p));
	n = pkt(w, IP6_NXT_NONE, "");
	ck_assert_int_eq(ip6_parse(w, n, &p), 0);
	ck_assert_uint_eq(p.nxt, IP6_NXT_NONE);
	/* An MH too short to hold a checksum does not verify. */
	put_u16(w + 4, 5);
	w[6] = IP6_NXT_MH;
	ck_assert_int_eq(ip6_parse(w, IP6_HDR_LEN + 5, &p), 0);
	ck_assert(!ip6_mh_cksum_ok(&p));
}
END_TEST

/*
 * A parsed packet verifies on its RFC 6275 pseudo-header, not on its own
 * addresses: changing the address that the pseudo-header does not use
 * (at other_off) keeps it valid, changing the one it uses (at used_off)
 * or any bit of the MH breaks it.
 */
static void
assert_verifies(uint8_t *w, size_t len, size_t other_off, size_t used_off,
    size_t mh_off)
{
	struct ip6_pkt p;
	size_t i;

	ck_assert_int_eq(ip6_parse(w, len, &p), 0);
	ck_assert(ip6_mh_cksum_ok(&p));
	ck_assert_uint_ne(ip6_cksum(&p.src, &p.dst, IP6_NXT_MH, p.payload,
	    p.payload_len), 0);
	w[other_off + 15] ^= 0x40;
	ck_assert_int_eq(ip6_parse(w, len, &p), 0);
	ck_assert(ip6_mh_cksum_ok(&p));
	w[used_off + 15] ^= 0x01;
	ck_assert_int_eq(ip6_parse(w, len, &p), 0);
	ck_assert(!ip6_mh_cksum_ok(&p));
	w[used_off + 15] ^= 0x01;
	for (i = mh_off * 8; i < len * 8; i++) {
		w[i / 8] ^= (uint8_t)(1 << i % 8);
		ck_assert_int_eq(ip6_parse(w, len, &p), 0);
		ck_assert(!ip6_mh_cksum_ok(&p));
		w[i / 8] ^= (uint8_t)(1 << i % 8);
	}
	ck_assert_int_eq(ip6_parse(w, len, &p), 0);
	ck_assert(ip6_mh_cksum_ok(&p));
}

/* The BU: HoA as pseudo source, whatever the CoA. */
START_TEST(verify_bu)
{
	uint8_t w[BUFSZ];

	assert_verifies(w, bu_packet(w), 8, 48, 64);
}
END_TEST

/* The BA: the RH2 address as pseudo destination, whatever the CoA. */
START_TEST(verify_ba)
{
	uint8_t w[BUFSZ];

	assert_verifies(w, hex2bin(ba_hex, w, sizeof(w)), 24, 48, BA_MH_OFF);
}
END_TEST

START_TEST(build_errors)
{
	static uint8_t big[UINT16_MAX + 1];
	uint8_t out[BUFSZ], mh[8] = { 0x3b };
	struct ip6_pkt p;
	size_t n, need, cap;

	mh_pkt(&p, &coa, &anchor, mh, sizeof(mh));
	p.has_hao = p.has_rh2 = true;
	p.hoa = hoa;
	p.rh2_addr = anchor2;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &need), 0);
	for (cap = 0; cap < need; cap++) {
		errno = 0;
		ck_assert_int_eq(ip6_build(&p, out, cap, &n), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
	}

	/* An MH with no room for its checksum. */
	p.payload_len = 7;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), -1);
	ck_assert_int_eq(errno, EINVAL);
	p.payload = NULL;
	p.payload_len = 0;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), -1);
	ck_assert_int_eq(errno, EINVAL);
	p.nxt = IP6_NXT_NONE;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, IP6_HDR_LEN + IP6_RH2_LEN + IP6_HAO_HDR_LEN);

	/* The flow label has 20 bits. */
	p.flow = 0x100000;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), -1);
	ck_assert_int_eq(errno, EINVAL);
	p.flow = 0xfffff;

	/* Payload Length has 16. */
	p.payload = big;
	p.payload_len = UINT16_MAX - IP6_RH2_LEN - IP6_HAO_HDR_LEN + 1;
	ck_assert_int_eq(ip6_build(&p, big, sizeof(big), &n), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
}
END_TEST

/* The largest packet: Payload Length 65535. */
START_TEST(build_largest)
{
	static uint8_t payload[UINT16_MAX], out[IP6_HDR_LEN + UINT16_MAX];
	struct ip6_pkt p, q;
	size_t n;

	mh_pkt(&p, &coa, &anchor, payload, UINT16_MAX - IP6_HAO_HDR_LEN);
	p.nxt = IP6_NXT_NONE;
	p.has_hao = true;
	p.hoa = hoa;
	ck_assert_int_eq(ip6_build(&p, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, sizeof(out));
	ck_assert_uint_eq(get_u16(out + 4), UINT16_MAX);
	ck_assert_int_eq(ip6_parse(out, n, &q), 0);
	ck_assert_uint_eq(q.payload_len, p.payload_len);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("ip6");
	TCase *tc;

	tc = tcase_create("cksum");
	tcase_add_test(tc, cksum_vectors);
	tcase_add_test(tc, cksum_odd_and_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("golden");
	tcase_add_test(tc, golden_bu_packet);
	tcase_add_test(tc, build_rr_bu);
	tcase_add_test(tc, golden_ba_packet);
	tcase_add_test(tc, golden_rh2_and_hao);
	tcase_add_test(tc, parse_bu_packet);
	tcase_add_test(tc, parse_ba_packet);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, truncate_bu);
	tcase_add_test(tc, truncate_ba);
	tcase_add_test(tc, truncate_both);
	tcase_add_test(tc, trailing_padding);
	tcase_add_test(tc, payload_length_past_buffer);
	tcase_add_test(tc, not_ipv6);
	tcase_add_loop_test(tc, ext_headers, 0,
	    sizeof(ext_cases) / sizeof(ext_cases[0]));
	tcase_add_test(tc, other_upper_layers);
	suite_add_tcase(s, tc);

	tc = tcase_create("verify");
	tcase_add_test(tc, verify_bu);
	tcase_add_test(tc, verify_ba);
	tcase_add_test(tc, build_errors);
	tcase_add_test(tc, build_largest);
	suite_add_tcase(s, tc);
	return s;
}

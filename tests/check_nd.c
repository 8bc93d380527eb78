// SPDX-License-Identifier: GPL-2.0-only
/* proto/nd: Router Solicitation and Advertisement codec, and the pcap
 * writer of tests/pcap.c, checked against tshark. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/buf.h"
#include "proto/nd.h"
#include "tests/pcap.h"
#include "tests/testlib.h"

#define MSG_MAX		2048

/* An RS with a Source Link-layer Address, as an MN sends it. */
static const uint8_t rs_slla[] = {
	0x85,				/* type 133 */
	0x00,				/* code */
	0x00, 0x00,			/* checksum */
	0x00, 0x00, 0x00, 0x00,		/* reserved */
	0x01, 0x01,			/* SLLA, 1 unit */
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x02, /* 02:00:5e:10:00:02 */
};

/* An RA as a FAMA DAR sends it (PROFILE.md, RFC 6275 §7). */
static const uint8_t ra_dar[] = {
	0x86,				/* type 134 */
	0x00,				/* code */
	0x00, 0x00,			/* checksum */
	0x40,				/* cur hop limit 64 */
	0x20,				/* flags: H */
	0x07, 0x08,			/* router lifetime 1800 s */
	0x00, 0x00, 0x00, 0x00,		/* reachable time: unspecified */
	0x00, 0x00, 0x00, 0x00,		/* retrans timer: unspecified */
	0x01, 0x01,			/* SLLA, 1 unit */
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x01, /* 02:00:5e:10:00:01 */
	0x05, 0x01,			/* MTU, 1 unit */
	0x00, 0x00,			/* reserved */
	0x00, 0x00, 0x05, 0xdc,		/* 1500 */
	0x07, 0x01,			/* Advertisement Interval, 1 unit */
	0x00, 0x00,			/* reserved */
	0x00, 0x00, 0x03, 0xe8,		/* 1000 ms */
	0x03, 0x04,			/* Prefix Information, 4 units */
	0x40,				/* prefix length 64 */
	0xe0,				/* L | A | R */
	0x00, 0x01, 0x51, 0x80,		/* valid lifetime 86400 s */
	0x00, 0x00, 0x38, 0x40,		/* preferred lifetime 14400 s */
	0x00, 0x00, 0x00, 0x00,		/* reserved */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, /* 2001:db8:1::1, */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* the DAR itself */
};

/* An RA with three prefixes, no other option, and the RFC 4191 router
 * preference bits set among the flags. */
static const uint8_t ra_three[] = {
	0x86,				/* type 134 */
	0x00,				/* code */
	0x00, 0x00,			/* checksum */
	0x00,				/* cur hop limit: unspecified */
	0xc8,				/* flags: M | O | Prf high (01) */
	0x23, 0x28,			/* router lifetime 9000 s */
	0x00, 0x00, 0x75, 0x30,		/* reachable time 30000 ms */
	0x00, 0x00, 0x03, 0xe8,		/* retrans timer 1000 ms */
	0x03, 0x04,			/* Prefix Information, 4 units */
	0x40,				/* prefix length 64 */
	0xc0,				/* L | A */
	0xff, 0xff, 0xff, 0xff,		/* valid lifetime: infinity */
	0xff, 0xff, 0xff, 0xff,		/* preferred lifetime: infinity */
	0x00, 0x00, 0x00, 0x00,		/* reserved */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, /* 2001:db8:1:: */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x04,			/* Prefix Information, 4 units */
	0x30,				/* prefix length 48 */
	0x80,				/* L */
	0x00, 0x00, 0x0e, 0x10,		/* valid lifetime 3600 s */
	0x00, 0x00, 0x00, 0x00,		/* preferred lifetime 0 */
	0x00, 0x00, 0x00, 0x00,		/* reserved */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00, /* 2001:db8:2:: */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x04,			/* Prefix Information, 4 units */
	0x80,				/* prefix length 128 */
	0x20,				/* R */
	0x00, 0x00, 0x1c, 0x20,		/* valid lifetime 7200 s */
	0x00, 0x00, 0x07, 0x08,		/* preferred lifetime 1800 s */
	0x00, 0x00, 0x00, 0x00,		/* reserved */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x03, 0x00, 0x00, /* 2001:db8:3::5 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
};

/* The RA header of ra_dar, in hex, for the cases built option by option. */
#define RA_HDR	"86000000 40200708 00000000 00000000"
#define RS_HDR	"85000000 00000000"
#define SLLA	"0101 02005e100001"
#define MTU	"0501 0000 000005dc"
#define IVAL	"0701 0000 000003e8"
#define PI64	"0304 40e0 00015180 00003840 00000000" \
		"20010db8000100000000000000000001"

static void
pton(const char *s, struct in6_addr *a)
{
	ck_assert_msg(inet_pton(AF_INET6, s, a) == 1, "bad address %s", s);
}

static void
fill_rs_slla(struct nd_rs *rs)
{
	static const uint8_t mac[] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x02 };

	memset(rs, 0, sizeof(*rs));
	rs->slla_len = sizeof(mac);
	memcpy(rs->slla, mac, sizeof(mac));
}

static void
fill_ra_dar(struct nd_ra *ra)
{
	static const uint8_t mac[] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };

	memset(ra, 0, sizeof(*ra));
	ra->cur_hlim = 64;
	ra->flags = ND_RA_F_HOME_AGENT;
	ra->router_lifetime = 1800;
	ra->slla_len = sizeof(mac);
	memcpy(ra->slla, mac, sizeof(mac));
	ra->has_mtu = true;
	ra->mtu = 1500;
	ra->has_adv_ival = true;
	ra->adv_ival = 1000;
	ra->nprefix = 1;
	ra->prefix[0].len = 64;
	ra->prefix[0].flags = ND_PI_F_ONLINK | ND_PI_F_AUTO | ND_PI_F_ROUTER;
	ra->prefix[0].valid = 86400;
	ra->prefix[0].preferred = 14400;
	pton("2001:db8:1::1", &ra->prefix[0].prefix);
}

static void
fill_ra_three(struct nd_ra *ra)
{
	memset(ra, 0, sizeof(*ra));
	ra->flags = ND_RA_F_MANAGED | ND_RA_F_OTHER | 0x08;
	ra->router_lifetime = 9000;
	ra->reachable = 30000;
	ra->retrans = 1000;
	ra->nprefix = 3;
	ra->prefix[0].len = 64;
	ra->prefix[0].flags = ND_PI_F_ONLINK | ND_PI_F_AUTO;
	ra->prefix[0].valid = 0xffffffff;
	ra->prefix[0].preferred = 0xffffffff;
	pton("2001:db8:1::", &ra->prefix[0].prefix);
	ra->prefix[1].len = 48;
	ra->prefix[1].flags = ND_PI_F_ONLINK;
	ra->prefix[1].valid = 3600;
	pton("2001:db8:2::", &ra->prefix[1].prefix);
	ra->prefix[2].len = 128;
	ra->prefix[2].flags = ND_PI_F_ROUTER;
	ra->prefix[2].valid = 7200;
	ra->prefix[2].preferred = 1800;
	pton("2001:db8:3::5", &ra->prefix[2].prefix);
}

/* Field by field, so that a failure names the field. */
static void
assert_ra_fields(const struct nd_ra *got, const struct nd_ra *want)
{
	size_t i;

	ck_assert_uint_eq(got->cur_hlim, want->cur_hlim);
	ck_assert_uint_eq(got->flags, want->flags);
	ck_assert_uint_eq(got->router_lifetime, want->router_lifetime);
	ck_assert_uint_eq(got->reachable, want->reachable);
	ck_assert_uint_eq(got->retrans, want->retrans);
	ck_assert_uint_eq(got->slla_len, want->slla_len);
	ck_assert_mem_eq(got->slla, want->slla, want->slla_len);
	ck_assert_int_eq(got->has_mtu, want->has_mtu);
	ck_assert_uint_eq(got->mtu, want->mtu);
	ck_assert_int_eq(got->has_adv_ival, want->has_adv_ival);
	ck_assert_uint_eq(got->adv_ival, want->adv_ival);
	ck_assert_uint_eq(got->nprefix, want->nprefix);
	for (i = 0; i < want->nprefix; i++) {
		ck_assert_uint_eq(got->prefix[i].len, want->prefix[i].len);
		ck_assert_uint_eq(got->prefix[i].flags, want->prefix[i].flags);
		ck_assert_uint_eq(got->prefix[i].valid, want->prefix[i].valid);
		ck_assert_uint_eq(got->prefix[i].preferred,
		    want->prefix[i].preferred);
		ck_assert_mem_eq(&got->prefix[i].prefix,
		    &want->prefix[i].prefix, 16);
	}
	ck_assert_uint_eq(got->dropped_prefixes, want->dropped_prefixes);
	ck_assert(nd_ra_equal(got, want));
}

/* Decode hex as an RA (ra not NULL) or an RS, from a buffer of exactly
 * its size so that ASan sees any read past the end. */
static int
decode_hex(const char *hex, struct nd_ra *ra, struct nd_rs *rs)
{
	uint8_t tmp[MSG_MAX], *m;
	size_t n;
	int rc, serrno;

	n = hex2bin(hex, tmp, sizeof(tmp));
	ck_assert((m = malloc(n + 1)) != NULL);
	memcpy(m, tmp, n);
	errno = 0;
	rc = ra != NULL ? nd_ra_decode(m, n, ra) : nd_rs_decode(m, n, rs);
	serrno = errno;
	free(m);
	errno = serrno;
	return rc;
}

/* Must be rejected with EBADMSG, leaving the output as it was. */
static void
ra_bad(const char *hex, const char *why)
{
	struct nd_ra ra, ref;

	memset(&ra, 0xa5, sizeof(ra));
	ref = ra;
	ck_assert_msg(decode_hex(hex, &ra, NULL) == -1, "accepted: %s", why);
	ck_assert_msg(errno == EBADMSG, "errno %d: %s", errno, why);
	ck_assert_msg(memcmp(&ra, &ref, sizeof(ra)) == 0, "output changed: %s",
	    why);
}

static void
rs_bad(const char *hex, const char *why)
{
	struct nd_rs rs, ref;

	memset(&rs, 0xa5, sizeof(rs));
	ref = rs;
	ck_assert_msg(decode_hex(hex, NULL, &rs) == -1, "accepted: %s", why);
	ck_assert_msg(errno == EBADMSG, "errno %d: %s", errno, why);
	ck_assert_msg(memcmp(&rs, &ref, sizeof(rs)) == 0, "output changed: %s",
	    why);
}

static void
ra_good(const char *hex, struct nd_ra *ra)
{
	ck_assert_msg(decode_hex(hex, ra, NULL) == 0, "rejected: %s", hex);
}

static void
rs_good(const char *hex, struct nd_rs *rs)
{
	ck_assert_msg(decode_hex(hex, NULL, rs) == 0, "rejected: %s", hex);
}

START_TEST(rs_golden)
{
	uint8_t buf[MSG_MAX];
	struct nd_rs rs, want;
	size_t n;

	fill_rs_slla(&want);
	ck_assert_int_eq(nd_rs_encode(&want, buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, sizeof(rs_slla));
	ck_assert_mem_eq(buf, rs_slla, n);

	memset(&rs, 0xa5, sizeof(rs));
	ck_assert_int_eq(nd_rs_decode(rs_slla, sizeof(rs_slla), &rs), 0);
	ck_assert_uint_eq(rs.slla_len, 6);
	ck_assert_mem_eq(rs.slla, want.slla, 6);
}
END_TEST

START_TEST(rs_without_options)
{
	static const uint8_t want[] = {
		0x85, 0x00,		/* type 133, code */
		0x00, 0x00,		/* checksum */
		0x00, 0x00, 0x00, 0x00,	/* reserved */
	};
	uint8_t buf[MSG_MAX];
	struct nd_rs rs;
	size_t n;

	memset(&rs, 0, sizeof(rs));
	ck_assert_int_eq(nd_rs_encode(&rs, buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, sizeof(want));
	ck_assert_mem_eq(buf, want, n);
	memset(&rs, 0xa5, sizeof(rs));
	ck_assert_int_eq(nd_rs_decode(want, sizeof(want), &rs), 0);
	ck_assert_uint_eq(rs.slla_len, 0);
	/* The reserved octets are not ours to check (RFC 4861 §4.1). */
	rs_good("85000000 ffffffff", &rs);
	ck_assert_uint_eq(rs.slla_len, 0);
}
END_TEST

/* want encodes to exactly the golden octets, which decode to want. */
static void
ra_golden(const struct nd_ra *want, const uint8_t *golden, size_t len)
{
	uint8_t buf[MSG_MAX];
	struct nd_ra ra;
	size_t n;

	ck_assert_int_eq(nd_ra_encode(want, buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(buf, golden, n);
	memset(&ra, 0xa5, sizeof(ra));
	ck_assert_int_eq(nd_ra_decode(golden, len, &ra), 0);
	assert_ra_fields(&ra, want);
}

START_TEST(ra_dar_golden)
{
	struct nd_ra ra, want;

	fill_ra_dar(&want);
	ra_golden(&want, ra_dar, sizeof(ra_dar));
	/* The same, built from the hex pieces the invalid cases use. */
	ra_good(RA_HDR SLLA MTU IVAL PI64, &ra);
	assert_ra_fields(&ra, &want);
}
END_TEST

START_TEST(ra_three_golden)
{
	struct nd_ra want;

	fill_ra_three(&want);
	ra_golden(&want, ra_three, sizeof(ra_three));
}
END_TEST

static void
ra_round_trip(const struct nd_ra *in, size_t want_len)
{
	uint8_t buf[MSG_MAX], again[MSG_MAX];
	struct nd_ra out;
	size_t n, n2;

	ck_assert_int_eq(nd_ra_encode(in, buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, want_len);
	ck_assert_int_eq(n % 8, 0);
	ck_assert_int_eq(buf[2] | buf[3], 0);	/* checksum left 0 */
	memset(&out, 0xa5, sizeof(out));
	ck_assert_int_eq(nd_ra_decode(buf, n, &out), 0);
	ck_assert_uint_eq(out.dropped_prefixes, 0);
	ck_assert(nd_ra_equal(&out, in));
	ck_assert_int_eq(nd_ra_encode(&out, again, sizeof(again), &n2), 0);
	ck_assert_uint_eq(n2, n);
	ck_assert_mem_eq(again, buf, n);
}

START_TEST(ra_round_trips)
{
	struct nd_ra ra;
	size_t i;

	fill_ra_dar(&ra);
	ra_round_trip(&ra, 72);
	fill_ra_three(&ra);
	ra_round_trip(&ra, 16 + 3 * 32);

	memset(&ra, 0, sizeof(ra));		/* no options at all */
	ra_round_trip(&ra, 16);

	/* Every field at its largest, every flag bit, a 2-unit SLLA, MTU
	 * without Advertisement Interval, ND_MAX_PREFIXES prefixes. */
	memset(&ra, 0, sizeof(ra));
	ra.cur_hlim = 255;
	ra.flags = 0xff;
	ra.router_lifetime = 0xffff;
	ra.reachable = 0xffffffff;
	ra.retrans = 0xfffffffe;
	ra.slla_len = ND_LLA_MAX;
	for (i = 0; i < ND_LLA_MAX; i++)
		ra.slla[i] = (uint8_t)(0xf0 + i);
	ra.has_mtu = true;
	ra.mtu = 0xffffffff;
	ra.nprefix = ND_MAX_PREFIXES;
	for (i = 0; i < ND_MAX_PREFIXES; i++) {
		ra.prefix[i].len = (uint8_t)(i * 16);
		ra.prefix[i].flags = (uint8_t)(0xff - i);
		ra.prefix[i].valid = 0xffffffff - (uint32_t)i;
		ra.prefix[i].preferred = (uint32_t)i;
		memset(&ra.prefix[i].prefix, (int)(0x11 * i), 16);
	}
	ra.prefix[0].len = 128;
	ra_round_trip(&ra, 16 + 16 + 8 + ND_MAX_PREFIXES * 32);

	/* Advertisement Interval alone. */
	memset(&ra, 0, sizeof(ra));
	ra.has_adv_ival = true;
	ra.adv_ival = 70;
	ra_round_trip(&ra, 24);
}
END_TEST

START_TEST(rs_round_trips)
{
	uint8_t buf[MSG_MAX];
	struct nd_rs rs, out;
	size_t n, i;
	unsigned len;

	for (len = 0; len <= ND_LLA_MAX; len += 2) {
		memset(&rs, 0, sizeof(rs));
		rs.slla_len = (uint8_t)len;
		for (i = 0; i < len; i++)
			rs.slla[i] = (uint8_t)(len + i);
		ck_assert_int_eq(nd_rs_encode(&rs, buf, sizeof(buf), &n), 0);
		ck_assert_uint_eq(n, 8 + (len == 0 ? 0 : len <= 6 ? 8 : 16));
		memset(&out, 0xa5, sizeof(out));
		ck_assert_int_eq(nd_rs_decode(buf, n, &out), 0);
		/* The option body comes back whole, padding included. */
		ck_assert_uint_eq(out.slla_len, n - 8 == 0 ? 0 : n - 8 - 2);
		ck_assert_mem_eq(out.slla, rs.slla, len);
		for (i = len; i < out.slla_len; i++)
			ck_assert_uint_eq(out.slla[i], 0);
	}
}
END_TEST

/* An address shorter than its option is zero-padded (RFC 4861 §4.6.1);
 * the decoder cannot tell padding from address and keeps it all. */
START_TEST(slla_padding)
{
	static const uint8_t want[] = {
		0x86, 0x00, 0x00, 0x00,	/* type 134, code, checksum */
		0x00, 0x00, 0x00, 0x00,	/* hop limit, flags, lifetime */
		0x00, 0x00, 0x00, 0x00,	/* reachable */
		0x00, 0x00, 0x00, 0x00,	/* retrans */
		0x01, 0x02,		/* SLLA, 2 units */
		0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, /* 7 octets */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* padding */
	};
	uint8_t buf[MSG_MAX];
	struct nd_ra ra;
	size_t n;

	memset(&ra, 0, sizeof(ra));
	ra.slla_len = 7;
	memcpy(ra.slla, want + 18, 7);
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), 0);
	ck_assert_uint_eq(n, sizeof(want));
	ck_assert_mem_eq(buf, want, n);
	ck_assert_int_eq(nd_ra_decode(buf, n, &ra), 0);
	ck_assert_uint_eq(ra.slla_len, 14);
	ck_assert_mem_eq(ra.slla, want + 18, 14);
}
END_TEST

/* Cut msg at every length: only the lengths in ok[] (option boundaries)
 * decode, and what they decode to encodes back to exactly those octets. */
static void
truncations(const uint8_t *msg, size_t len, const size_t *ok, size_t nok,
    bool is_ra)
{
	uint8_t again[MSG_MAX], *m;
	struct nd_ra ra;
	struct nd_rs rs;
	size_t n, i, elen;
	bool boundary;
	int rc;

	for (n = 0; n <= len; n++) {
		boundary = n == len;
		for (i = 0; i < nok; i++)
			boundary |= n == ok[i];
		ck_assert((m = malloc(n + 1)) != NULL);
		memcpy(m, msg, n);
		errno = 0;
		rc = is_ra ? nd_ra_decode(m, n, &ra) : nd_rs_decode(m, n, &rs);
		free(m);
		if (!boundary) {
			ck_assert_msg(rc == -1, "accepted %zu of %zu", n, len);
			ck_assert_int_eq(errno, EBADMSG);
			continue;
		}
		ck_assert_msg(rc == 0, "rejected %zu of %zu", n, len);
		rc = is_ra ? nd_ra_encode(&ra, again, sizeof(again), &elen) :
		    nd_rs_encode(&rs, again, sizeof(again), &elen);
		ck_assert_int_eq(rc, 0);
		ck_assert_uint_eq(elen, n);
		ck_assert_mem_eq(again, msg, n);
	}
}

START_TEST(truncated)
{
	static const size_t dar_ok[] = { 16, 24, 32, 40 };
	static const size_t three_ok[] = { 16, 48, 80 };
	static const size_t rs_ok[] = { 8 };

	truncations(ra_dar, sizeof(ra_dar), dar_ok, 4, true);
	truncations(ra_three, sizeof(ra_three), three_ok, 3, true);
	truncations(rs_slla, sizeof(rs_slla), rs_ok, 1, false);
}
END_TEST

/* Every buffer too small fails with EMSGSIZE and writes nothing past
 * its end (the buffer is exactly cap octets, for ASan). */
START_TEST(encode_short_buffer)
{
	struct nd_ra ra;
	struct nd_rs rs;
	uint8_t *buf;
	size_t cap, n;

	fill_ra_dar(&ra);
	fill_rs_slla(&rs);
	for (cap = 0; cap < sizeof(ra_dar); cap++) {
		ck_assert((buf = malloc(cap + 1)) != NULL);
		n = 12345;
		errno = 0;
		ck_assert_int_eq(nd_ra_encode(&ra, cap ? buf : NULL, cap, &n),
		    -1);
		ck_assert_int_eq(errno, EMSGSIZE);
		ck_assert_uint_eq(n, 12345);
		if (cap < sizeof(rs_slla)) {
			errno = 0;
			ck_assert_int_eq(nd_rs_encode(&rs, buf, cap, &n), -1);
			ck_assert_int_eq(errno, EMSGSIZE);
		}
		free(buf);
	}
}
END_TEST

START_TEST(encode_invalid)
{
	uint8_t buf[MSG_MAX];
	struct nd_ra ra;
	struct nd_rs rs;
	size_t n;

	fill_ra_dar(&ra);
	ra.nprefix = ND_MAX_PREFIXES + 1;
	errno = 0;
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(errno, EINVAL);

	fill_ra_dar(&ra);
	ra.slla_len = ND_LLA_MAX + 1;
	errno = 0;
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(errno, EINVAL);

	fill_ra_dar(&ra);
	ra.prefix[0].len = 129;
	errno = 0;
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(errno, EINVAL);
	ra.prefix[0].len = 128;
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), 0);

	fill_rs_slla(&rs);
	rs.slla_len = ND_LLA_MAX + 1;
	errno = 0;
	ck_assert_int_eq(nd_rs_encode(&rs, buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(bad_type_or_code)
{
	ra_bad("85000000 40200708 00000000 00000000", "RA as type 133");
	ra_bad("87000000 40200708 00000000 00000000", "RA as type 135");
	ra_bad("86010000 40200708 00000000 00000000", "RA code 1");
	ra_bad("86ff0000 40200708 00000000 00000000", "RA code 255");
	rs_bad("86000000 00000000", "RS as type 134");
	rs_bad("85010000 00000000", "RS code 1");
	/* Each decoder refuses the other's golden message. */
	rs_bad("86000000 40200708 00000000 00000000" SLLA, "RA as RS");
	ra_bad(RS_HDR SLLA "00000000 00000000", "RS as RA");
}
END_TEST

START_TEST(zero_length_option)
{
	ra_bad(RA_HDR "0100 000000000000", "SLLA of length 0");
	ra_bad(RA_HDR "0300 000000000000", "PI of length 0");
	ra_bad(RA_HDR "2200 000000000000", "unknown of length 0");
	ra_bad(RA_HDR SLLA MTU "0000 000000000000" PI64,
	    "length 0 between good options");
	ra_bad(RA_HDR SLLA "0500", "length 0, 2 octets at the end");
	rs_bad(RS_HDR "0100 000000000000", "RS: SLLA of length 0");
	rs_bad(RS_HDR SLLA "0800 000000000000", "RS: unknown of length 0");
}
END_TEST

START_TEST(option_overflow)
{
	ra_bad(RA_HDR "0102 02005e100001", "SLLA of 2 units in 1");
	ra_bad(RA_HDR "0304 40e0 00015180 00003840 00000000"
	    "20010db800010000000000000000", "PI 2 octets short");
	ra_bad(RA_HDR SLLA "2aff 000000000000", "unknown of 255 units");
	rs_bad(RS_HDR "0102 02005e100002", "RS: SLLA of 2 units in 1");
	rs_bad(RS_HDR "0903 02005e100002 0000000000000000",
	    "RS: unknown of 3 units in 2");
}
END_TEST

START_TEST(trailing_octets)
{
	ra_bad(RA_HDR "00", "1 octet after the header");
	ra_bad(RA_HDR SLLA "0101", "an option header alone");
	ra_bad(RA_HDR SLLA "0501 0000 000005", "MTU 1 octet short");
	ra_bad(RA_HDR PI64 "0801 0000", "half an option after a PI");
	rs_bad(RS_HDR SLLA "01", "RS: 1 octet after the SLLA");
	rs_bad("85000000 000000", "RS header 1 octet short");
}
END_TEST

START_TEST(wrong_option_length)
{
	ra_bad(RA_HDR "0303 40e0 00015180 00003840 00000000"
	    "20010db800010000", "PI of 3 units");
	ra_bad(RA_HDR "0305 40e0 00015180 00003840 00000000"
	    "20010db80001000000000000 00000000 0000000000000000",
	    "PI of 5 units");
	ra_bad(RA_HDR "0502 0000 000005dc 0000000000000000", "MTU of 2 units");
	ra_bad(RA_HDR "0702 0000 000003e8 0000000000000000",
	    "Adv. Interval of 2 units");
	ra_bad(RA_HDR "0103 02005e100001 00000000000000000000000000000000",
	    "SLLA of 3 units, 22 octets > ND_LLA_MAX");
	rs_bad(RS_HDR "0103 02005e100001 00000000000000000000000000000000",
	    "RS: SLLA of 3 units");
}
END_TEST

START_TEST(duplicate_options)
{
	ra_bad(RA_HDR SLLA SLLA, "two SLLA");
	ra_bad(RA_HDR SLLA "0102 0000000000000000000000000000", "two SLLA, "
	    "the second longer");
	ra_bad(RA_HDR MTU MTU, "two MTU");
	ra_bad(RA_HDR "0501 0000 000005dc 0501 0000 00000500", "two MTU, "
	    "different values");
	ra_bad(RA_HDR IVAL PI64 IVAL, "two Adv. Interval");
	rs_bad(RS_HDR SLLA SLLA, "RS: two SLLA");
}
END_TEST

START_TEST(prefix_length_limit)
{
	struct nd_ra ra;

	ra_good(RA_HDR "0304 80e0 00015180 00003840 00000000"
	    "20010db8000100000000000000000001", &ra);
	ck_assert_uint_eq(ra.nprefix, 1);
	ck_assert_uint_eq(ra.prefix[0].len, 128);
	ra_bad(RA_HDR "0304 81e0 00015180 00003840 00000000"
	    "20010db8000100000000000000000001", "prefix length 129");
	ra_bad(RA_HDR "0304 ffe0 00015180 00003840 00000000"
	    "20010db8000100000000000000000001", "prefix length 255");
	/* Checked also past ND_MAX_PREFIXES, where it would be dropped. */
	ra_bad(RA_HDR PI64 PI64 PI64 PI64 PI64 PI64 PI64 PI64
	    "0304 81e0 00015180 00003840 00000000"
	    "20010db8000100000000000000000001", "ninth PI of length 129");
}
END_TEST

START_TEST(slla_two_units)
{
	struct nd_ra ra;
	struct nd_rs rs;

	ra_good(RA_HDR "0102 000102030405060708090a0b0c0d", &ra);
	ck_assert_uint_eq(ra.slla_len, 14);
	ck_assert_uint_eq(ra.slla[0], 0x00);
	ck_assert_uint_eq(ra.slla[13], 0x0d);
	rs_good(RS_HDR "0102 0d0c0b0a090807060504030201ff", &rs);
	ck_assert_uint_eq(rs.slla_len, 14);
	ck_assert_uint_eq(rs.slla[0], 0x0d);
	ck_assert_uint_eq(rs.slla[13], 0xff);
}
END_TEST

START_TEST(unknown_options_skipped)
{
	struct nd_ra ra, want;
	struct nd_rs rs;

	fill_ra_dar(&want);
	/* Home Agent Information (8) and RDNSS (25, 3 units) around the
	 * known ones: skipped, the rest decoded as in the golden RA. */
	ra_good(RA_HDR "0801 0000 0001 0708" SLLA MTU
	    "1903 0000 00000e10 20010db8000000000000000000000053"
	    IVAL PI64 "fe01 ffffffffffff", &ra);
	assert_ra_fields(&ra, &want);
	/* In an RS only the SLLA counts: a PI, MTU or Adv. Interval is
	 * skipped whatever its length. */
	rs_good(RS_HDR "0303 40e0 00015180 00003840 00000000"
	    "20010db800010000" MTU "0502 0000000000000000000000000000"
	    SLLA, &rs);
	ck_assert_uint_eq(rs.slla_len, 6);
	ck_assert_uint_eq(rs.slla[5], 0x01);
}
END_TEST

START_TEST(dropped_prefixes)
{
	char hex[MSG_MAX];
	struct nd_ra ra;
	size_t i;
	int n;

	n = snprintf(hex, sizeof(hex), "%s", RA_HDR);
	for (i = 0; i < ND_MAX_PREFIXES + 3; i++)
		n += snprintf(hex + n, sizeof(hex) - (size_t)n,
		    "0304 %02zx c0 00000e10 00000708 00000000"
		    "20010db8 %04zx 0000 0000000000000000", 48 + i, i);
	ck_assert_int_lt(n, (int)sizeof(hex));
	ra_good(hex, &ra);
	ck_assert_uint_eq(ra.nprefix, ND_MAX_PREFIXES);
	ck_assert_uint_eq(ra.dropped_prefixes, 3);
	for (i = 0; i < ND_MAX_PREFIXES; i++) {
		ck_assert_uint_eq(ra.prefix[i].len, 48 + i);
		ck_assert_uint_eq(ra.prefix[i].flags, 0xc0);
		ck_assert_uint_eq(ra.prefix[i].valid, 3600);
		ck_assert_uint_eq(ra.prefix[i].preferred, 1800);
		ck_assert_uint_eq(ra.prefix[i].prefix.s6_addr[5], i);
	}
}
END_TEST

/* The flags octets are kept whole; reserved fields are ignored on input
 * and written as zero. */
START_TEST(reserved_bits)
{
	uint8_t buf[MSG_MAX], want[MSG_MAX];
	struct nd_ra ra;
	size_t n, wn;

	ra_good("86000000 40ff0708 00000000 00000000"
	    "0501 ffff 000005dc 0701 ffff 000003e8"
	    "0304 40ff 00015180 00003840 ffffffff"
	    "20010db8000100000000000000000001", &ra);
	ck_assert_uint_eq(ra.flags, 0xff);
	ck_assert_uint_eq(ra.mtu, 1500);
	ck_assert_uint_eq(ra.adv_ival, 1000);
	ck_assert_uint_eq(ra.prefix[0].flags, 0xff);
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), 0);
	wn = hex2bin("86000000 40ff0708 00000000 00000000"
	    "0501 0000 000005dc 0701 0000 000003e8"
	    "0304 40ff 00015180 00003840 00000000"
	    "20010db8000100000000000000000001", want, sizeof(want));
	ck_assert_uint_eq(n, wn);
	ck_assert_mem_eq(buf, want, n);
}
END_TEST

START_TEST(ra_equal)
{
	struct nd_ra a, b;

	fill_ra_dar(&a);
	b = a;
	ck_assert(nd_ra_equal(&a, &b));
	/* What is not content does not count. */
	b.dropped_prefixes = 7;
	b.slla[ND_LLA_MAX - 1] = 0x99;
	b.prefix[3].len = 12;
	ck_assert(nd_ra_equal(&a, &b));
	b.has_mtu = a.has_mtu = false;
	b.mtu = 1280;
	ck_assert(nd_ra_equal(&a, &b));
	b.has_adv_ival = a.has_adv_ival = false;
	b.adv_ival = 1;
	ck_assert(nd_ra_equal(&a, &b));

#define DIFFERS(stmt) do {						\
	fill_ra_dar(&a);						\
	b = a;								\
	stmt;								\
	ck_assert_msg(!nd_ra_equal(&a, &b), "equal after %s", #stmt);	\
	ck_assert_msg(!nd_ra_equal(&b, &a), "equal after %s", #stmt);	\
} while (0)
	DIFFERS(b.cur_hlim++);
	DIFFERS(b.flags ^= 0x08);
	DIFFERS(b.router_lifetime--);
	DIFFERS(b.reachable = 1);
	DIFFERS(b.retrans = 1);
	DIFFERS(b.slla_len = 14);
	DIFFERS(b.slla[5] ^= 1);
	DIFFERS(b.has_mtu = false);
	DIFFERS(b.mtu = 1280);
	DIFFERS(b.has_adv_ival = false);
	DIFFERS(b.adv_ival = 999);
	DIFFERS(b.nprefix = 0);
	DIFFERS(b.prefix[0].len = 48);
	DIFFERS(b.prefix[0].flags = ND_PI_F_ONLINK);
	DIFFERS(b.prefix[0].valid = 0);
	DIFFERS(b.prefix[0].preferred = 0);
	DIFFERS(b.prefix[0].prefix.s6_addr[15] = 2);
#undef DIFFERS
}
END_TEST

/* A test-local Internet checksum on the IPv6 pseudo-header (RFC 8200
 * §8.1), independent of proto/ip6.c. */
static uint16_t
icmp6_cksum(const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *msg, size_t len)
{
	uint8_t ph[40];
	uint32_t sum = 0;
	size_t i;

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	put_u32(ph + 32, (uint32_t)len);
	put_u32(ph + 36, 58);		/* zero, next header ICMPv6 */
	for (i = 0; i < sizeof(ph); i += 2)
		sum += get_u16(ph + i);
	for (i = 0; i + 1 < len; i += 2)
		sum += get_u16(msg + i);
	if (len % 2 != 0)
		sum += (uint32_t)msg[len - 1] << 8;
	while (sum >> 16 != 0)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

START_TEST(checksum)
{
	uint8_t buf[MSG_MAX];
	struct in6_addr src, dst;
	struct nd_ra ra, out;
	size_t n;

	pton("fe80::1", &src);
	pton("ff02::1", &dst);
	fill_ra_dar(&ra);
	ck_assert_int_eq(nd_ra_encode(&ra, buf, sizeof(buf), &n), 0);
	put_u16(buf + 2, icmp6_cksum(&src, &dst, buf, n));
	/* Wireshark 4.0 calls this checksum correct (tshark_decodes). */
	ck_assert_uint_eq(get_u16(buf + 2), 0xc295);
	ck_assert_uint_eq(icmp6_cksum(&src, &dst, buf, n), 0);
	/* The decoder leaves the checksum to the caller. */
	ck_assert_int_eq(nd_ra_decode(buf, n, &out), 0);
	ck_assert(nd_ra_equal(&out, &ra));
	/* Any flipped bit, in the message or the pseudo-header, shows. */
	buf[20] ^= 0x04;
	ck_assert_uint_ne(icmp6_cksum(&src, &dst, buf, n), 0);
	buf[20] ^= 0x04;
	dst.s6_addr[15] = 2;
	ck_assert_uint_ne(icmp6_cksum(&src, &dst, buf, n), 0);
}
END_TEST

/* Temporary files, named after the runner's PID and removed by the
 * unchecked teardown, which runs in the parent even when a test fails. */
static char pcap_path[64], pcap_path2[64];

static void
tmp_setup(void)
{
	snprintf(pcap_path, sizeof(pcap_path), "/tmp/fama-nd-%ld.pcap",
	    (long)getpid());
	snprintf(pcap_path2, sizeof(pcap_path2), "/tmp/fama-nd-%ld-2.pcap",
	    (long)getpid());
}

static void
tmp_teardown(void)
{
	unlink(pcap_path);
	unlink(pcap_path2);
}

static size_t
read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f;
	size_t n;

	ck_assert_msg((f = fopen(path, "rb")) != NULL, "open %s", path);
	n = fread(buf, 1, cap, f);
	ck_assert(feof(f));
	fclose(f);
	return n;
}

START_TEST(pcap_format)
{
	static const uint8_t want[] = {
		0xa1, 0xb2, 0xc3, 0xd4,	/* magic: microseconds, big-endian */
		0x00, 0x02, 0x00, 0x04,	/* version 2.4 */
		0x00, 0x00, 0x00, 0x00,	/* thiszone */
		0x00, 0x00, 0x00, 0x00,	/* sigfigs */
		0x00, 0x04, 0x00, 0x00,	/* snaplen 262144 */
		0x00, 0x00, 0x00, 0x65,	/* LINKTYPE_RAW */
		0x5f, 0x5e, 0x10, 0x00,	/* 1600000000 s */
		0x00, 0x0f, 0x42, 0x3f,	/* 999999 us */
		0x00, 0x00, 0x00, 0x03,	/* captured length */
		0x00, 0x00, 0x00, 0x03,	/* length on the wire */
		0x60, 0x00, 0x00,	/* the packet */
		0x00, 0x00, 0x00, 0x00,	/* second record: 0 s */
		0x00, 0x00, 0x00, 0x01,	/* 1 us */
		0x00, 0x00, 0x00, 0x00,	/* an empty packet */
		0x00, 0x00, 0x00, 0x00,
	};
	uint8_t buf[256];
	struct pcap_file *pc;
	size_t n;

	ck_assert_ptr_nonnull(pc = pcap_open(pcap_path));
	ck_assert_int_eq(pcap_write(pc, want + 40, 3,
	    1600000000ULL * 1000000 + 999999), 0);
	ck_assert_int_eq(pcap_write(pc, NULL, 0, 1), 0);
	errno = 0;
	ck_assert_int_eq(pcap_write(pc, buf, PCAP_SNAPLEN + 1, 0), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	errno = 0;
	ck_assert_int_eq(pcap_write(pc, buf, 1, (UINT32_MAX + 1ULL) *
	    1000000), -1);
	ck_assert_int_eq(errno, EOVERFLOW);
	ck_assert_int_eq(pcap_close(pc), 0);
	n = read_file(pcap_path, buf, sizeof(buf));
	ck_assert_uint_eq(n, sizeof(want));
	ck_assert_mem_eq(buf, want, n);
	ck_assert_int_eq(unlink(pcap_path), 0);

	errno = 0;
	ck_assert_ptr_null(pcap_open("/nonexistent-fama-dir/x.pcap"));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* Wrap an ICMPv6 message in an IPv6 header with hop limit 255, filling
 * in the checksum with the test-local helper. */
static size_t
ip6_wrap(const char *src, const char *dst, const uint8_t *msg, size_t len,
    uint8_t *pkt)
{
	struct in6_addr s, d;

	pton(src, &s);
	pton(dst, &d);
	put_u32(pkt, 0x60000000);	/* version 6, class 0, flow 0 */
	put_u16(pkt + 4, (uint16_t)len);	/* payload length */
	pkt[6] = 58;			/* next header ICMPv6 */
	pkt[7] = 255;			/* hop limit */
	memcpy(pkt + 8, &s, 16);
	memcpy(pkt + 24, &d, 16);
	memcpy(pkt + 40, msg, len);
	put_u16(pkt + 42, 0);
	put_u16(pkt + 42, icmp6_cksum(&s, &d, pkt + 40, len));
	return 40 + len;
}

/* The line tshark prints for one message, from the struct it was
 * encoded from: the fields of TSHARK_FIELDS, tab-separated, repeated
 * fields comma-separated. */
#define TSHARK_FIELDS							\
	"-e icmpv6.type -e icmpv6.checksum.status -e icmpv6.nd.ra.flag "\
	"-e icmpv6.nd.ra.flag.h -e icmpv6.nd.ra.cur_hop_limit "		\
	"-e icmpv6.nd.ra.router_lifetime -e icmpv6.nd.ra.reachable_time "\
	"-e icmpv6.nd.ra.retrans_timer -e icmpv6.opt.src_linkaddr "	\
	"-e icmpv6.opt.mtu -e icmpv6.opt.advertisement_interval "	\
	"-e icmpv6.opt.prefix.length -e icmpv6.opt.prefix.flag "	\
	"-e icmpv6.opt.prefix.flag.r "					\
	"-e icmpv6.opt.prefix.valid_lifetime "				\
	"-e icmpv6.opt.prefix.preferred_lifetime -e icmpv6.opt.prefix "	\
	"-e _ws.expert -e _ws.malformed"

static int
cat(char *out, size_t cap, int n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
cat(char *out, size_t cap, int n, const char *fmt, ...)
{
	va_list ap;
	int r;

	ck_assert(n >= 0 && (size_t)n < cap);
	va_start(ap, fmt);
	r = vsnprintf(out + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
	ck_assert(r >= 0 && (size_t)r < cap - (size_t)n);
	return n + r;
}

static int
tshark_slla(char *out, size_t cap, int n, const uint8_t *lla, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		n = cat(out, cap, n, "%s%02x", i ? ":" : "", lla[i]);
	return cat(out, cap, n, "\t");
}

/* One repeated prefix field, comma-separated. */
#define PREFIX_FIELD(fmt, expr) do {					\
	for (i = 0; i < ra->nprefix; i++)				\
		n = cat(out, cap, n, "%s" fmt, i ? "," : "", (expr));	\
	n = cat(out, cap, n, "\t");					\
} while (0)

static void
tshark_ra_line(const struct nd_ra *ra, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	size_t i;
	int n = 0;

	n = cat(out, cap, n, "%u\t1\t0x%02x\t%d\t%u\t%u\t%u\t%u\t", ND_RA_TYPE,
	    ra->flags, (ra->flags & ND_RA_F_HOME_AGENT) != 0, ra->cur_hlim,
	    ra->router_lifetime, ra->reachable, ra->retrans);
	n = tshark_slla(out, cap, n, ra->slla, ra->slla_len);
	n = ra->has_mtu ? cat(out, cap, n, "%u\t", ra->mtu) :
	    cat(out, cap, n, "\t");
	n = ra->has_adv_ival ? cat(out, cap, n, "%u\t", ra->adv_ival) :
	    cat(out, cap, n, "\t");
	PREFIX_FIELD("%u", ra->prefix[i].len);
	PREFIX_FIELD("0x%02x", ra->prefix[i].flags);
	PREFIX_FIELD("%d", (ra->prefix[i].flags & ND_PI_F_ROUTER) != 0);
	PREFIX_FIELD("%u", ra->prefix[i].valid);
	PREFIX_FIELD("%u", ra->prefix[i].preferred);
	PREFIX_FIELD("%s", inet_ntop(AF_INET6, &ra->prefix[i].prefix, a,
	    sizeof(a)));
	cat(out, cap, n, "\t\n");	/* no expert info, not malformed */
}

#undef PREFIX_FIELD

START_TEST(tshark_decodes)
{
	uint8_t msg[MSG_MAX], pkt[MSG_MAX];
	char cmd[1024], out[8192], want[4096], *w;
	struct nd_ra ra[2];
	struct nd_rs rs;
	struct pcap_file *pc;
	size_t n, plen;
	int i;

	ck_assert_ptr_nonnull(pc = pcap_open(pcap_path));
	fill_rs_slla(&rs);
	ck_assert_int_eq(nd_rs_encode(&rs, msg, sizeof(msg), &n), 0);
	plen = ip6_wrap("fe80::2", "ff02::2", msg, n, pkt);
	ck_assert_int_eq(pcap_write(pc, pkt, plen, 1600000000000000ULL), 0);
	fill_ra_dar(&ra[0]);
	fill_ra_three(&ra[1]);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(nd_ra_encode(&ra[i], msg, sizeof(msg), &n), 0);
		plen = ip6_wrap("fe80::1", "ff02::1", msg, n, pkt);
		ck_assert_int_eq(pcap_write(pc, pkt, plen,
		    1600000001000000ULL + (uint64_t)i), 0);
	}
	ck_assert_int_eq(pcap_close(pc), 0);

	/* tshark's "running as root" warning goes to the inner stderr. */
	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -T fields "
	    TSHARK_FIELDS " 2>/dev/null; }", pcap_path);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	n = (size_t)snprintf(want, sizeof(want), "%u\t1", ND_RS_TYPE);
	for (i = 0; i < 7; i++)			/* no RA fields */
		want[n++] = '\t';
	w = want + n;
	n += (size_t)tshark_slla(w, sizeof(want) - n, 0, rs.slla,
	    rs.slla_len);
	for (i = 0; i < 9; i++)			/* no options but SLLA */
		want[n++] = '\t';
	want[n++] = '\n';
	tshark_ra_line(&ra[0], want + n, sizeof(want) - n);
	n = strlen(want);
	tshark_ra_line(&ra[1], want + n, sizeof(want) - n);
	ck_assert_str_eq(out, want);

	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -q -z expert,error "
	    "2>/dev/null; }", pcap_path);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, "Errors") == NULL &&
	    strstr(out, "Malformed") == NULL, "tshark: %s", out);

	/* The check can fail: a bad checksum and a cut option show. */
	ck_assert_ptr_nonnull(pc = pcap_open(pcap_path2));
	pkt[42] ^= 0xff;
	ck_assert_int_eq(pcap_write(pc, pkt, plen, 0), 0);
	pkt[42] ^= 0xff;
	put_u16(pkt + 4, (uint16_t)(get_u16(pkt + 4) - 8)); /* payload len */
	plen -= 8;
	ck_assert_int_eq(pcap_write(pc, pkt, plen, 0), 0);
	ck_assert_int_eq(pcap_close(pc), 0);
	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -T fields "
	    "-e icmpv6.checksum.status -e _ws.malformed 2>/dev/null; }",
	    pcap_path2);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_msg(strncmp(out, "0\t\n", 3) == 0, "tshark: %s", out);
	ck_assert_msg(strstr(out + 3, "_ws.malformed") != NULL, "tshark: %s",
	    out);

	ck_assert_int_eq(unlink(pcap_path), 0);
	ck_assert_int_eq(unlink(pcap_path2), 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("nd");
	TCase *tc = tcase_create("codec");
	TCase *tw = tcase_create("wire");

	tcase_add_test(tc, rs_golden);
	tcase_add_test(tc, rs_without_options);
	tcase_add_test(tc, ra_dar_golden);
	tcase_add_test(tc, ra_three_golden);
	tcase_add_test(tc, ra_round_trips);
	tcase_add_test(tc, rs_round_trips);
	tcase_add_test(tc, slla_padding);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, encode_short_buffer);
	tcase_add_test(tc, encode_invalid);
	tcase_add_test(tc, bad_type_or_code);
	tcase_add_test(tc, zero_length_option);
	tcase_add_test(tc, option_overflow);
	tcase_add_test(tc, trailing_octets);
	tcase_add_test(tc, wrong_option_length);
	tcase_add_test(tc, duplicate_options);
	tcase_add_test(tc, prefix_length_limit);
	tcase_add_test(tc, slla_two_units);
	tcase_add_test(tc, unknown_options_skipped);
	tcase_add_test(tc, dropped_prefixes);
	tcase_add_test(tc, reserved_bits);
	tcase_add_test(tc, ra_equal);
	tcase_add_test(tc, checksum);
	suite_add_tcase(s, tc);

	tcase_add_unchecked_fixture(tw, tmp_setup, tmp_teardown);
	tcase_add_test(tw, pcap_format);
	tcase_add_test(tw, tshark_decodes);
	tcase_set_timeout(tw, 60);
	suite_add_tcase(s, tw);
	return s;
}

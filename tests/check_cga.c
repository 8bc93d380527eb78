// SPDX-License-Identifier: GPL-2.0-only
/* proto/cga: the parameters codec, the modifier search, address generation
 * and verification, against DIGEST §4.6 and RFC 3972 Appendix A. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "proto/cga.h"
#include "tests/testcrypto.h"
#include "tests/testlib.h"

#define START_MOD	"000102030405060708090a0b0c0d0e0f"
#define SEC1_MOD	"000102030405060708090a0b0c0d38ee"

static const uint8_t pfx12[CGA_PREFIX_LEN] = {
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02
};
static const uint8_t pfx34[CGA_PREFIX_LEN] = {
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x03, 0x00, 0x04
};

static void
ck_addr(const struct in6_addr *got, const char *want)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr w = addr_of(want);

	inet_ntop(AF_INET6, got, buf, sizeof(buf));
	ck_assert_msg(memcmp(got, &w, sizeof(w)) == 0, "got %s, want %s",
	    buf, want);
}

/* Parameters of pub.der with modifier mod on prefix pfx, collision count
 * cc, encoded into buf. */
static size_t
make_params(const char *mod, const uint8_t *pfx, uint8_t cc, uint8_t *buf,
    size_t cap, struct cga_params *p)
{
	uint8_t *pk;
	size_t pk_len, len;

	pk = load_vector("pub.der", &pk_len);
	memset(p, 0, sizeof(*p));
	ck_assert_uint_eq(hex2bin(mod, p->modifier, CGA_MODIFIER_LEN),
	    CGA_MODIFIER_LEN);
	memcpy(p->prefix, pfx, CGA_PREFIX_LEN);
	p->cc = cc;
	p->pk = pk;
	p->pk_len = pk_len;
	ck_assert_int_eq(cga_params_encode(p, buf, cap, &len), 0);
	free(pk);
	/* Point the struct at the encoded copy, which outlives pk. */
	p->pk = buf + CGA_FIXED_LEN;
	return len;
}

START_TEST(der_len)
{
	static const struct {
		const char	*hex;
		size_t		 buflen;	/* 0: the hex length */
		long		 want;		/* -1: EBADMSG */
	} t[] = {
		{ "3000", 0, 2 },		/* empty SEQUENCE */
		{ "30027f7f", 0, 4 },		/* short form */
		{ "30027f7fff", 0, 4 },		/* trailing octets ignored */
		{ "3081", 0, -1 },		/* long form cut short */
		{ "30817f", 0, -1 },		/* 0x81 for < 128: not DER */
		{ "308200ff", 0, -1 },		/* 0x82 for < 256: not DER */
		{ "3080", 0, -1 },		/* indefinite length */
		{ "3083000001", 0, -1 },	/* three length octets */
		{ "3103000000", 0, -1 },	/* a SET, not a SEQUENCE */
		{ "300300", 0, -1 },		/* body runs past the buffer */
		{ "30", 0, -1 },		/* no length octet */
		{ "", 0, -1 },
	};
	uint8_t buf[600];
	size_t i, n, out;
	int rc;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = hex2bin(t[i].hex, buf, sizeof(buf));
		out = 12345;
		errno = 0;
		rc = cga_der_len(buf, n, &out);
		if (t[i].want < 0) {
			ck_assert_msg(rc == -1 && errno == EBADMSG, "%s",
			    t[i].hex);
			ck_assert_uint_eq(out, 12345);
		} else {
			ck_assert_msg(rc == 0, "%s", t[i].hex);
			ck_assert_uint_eq(out, (size_t)t[i].want);
		}
	}
	/* 0x81 and 0x82 forms at their smallest legal values */
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x30;
	buf[1] = 0x81;
	buf[2] = 0x80;
	ck_assert_int_eq(cga_der_len(buf, 3 + 0x80, &out), 0);
	ck_assert_uint_eq(out, 3 + 0x80);
	ck_assert_int_eq(cga_der_len(buf, 3 + 0x7f, &out), -1);
	buf[1] = 0x82;
	buf[2] = 0x01;
	buf[3] = 0x00;
	ck_assert_int_eq(cga_der_len(buf, 4 + 0x100, &out), 0);
	ck_assert_uint_eq(out, 4 + 0x100);
	ck_assert_int_eq(cga_der_len(buf, 4 + 0xff, &out), -1);
	/* three length octets, even with the buffer to back them */
	buf[1] = 0x83;
	buf[2] = 0x00;
	buf[3] = 0x01;
	buf[4] = 0x00;
	ck_assert_int_eq(cga_der_len(buf, sizeof(buf), &out), -1);
	buf[2] = 0x01;
	buf[3] = 0x00;
	ck_assert_int_eq(cga_der_len(buf, sizeof(buf), &out), -1);
}
END_TEST

/* The Sec 1 parameters of DIGEST §4.6, field by field. */
START_TEST(decode_golden)
{
	uint8_t *b, *pk;
	size_t len, pk_len;
	struct cga_params p;
	uint8_t want[CGA_MODIFIER_LEN];

	b = load_vector("cga_params_sec1.bin", &len);
	pk = load_vector("pub.der", &pk_len);
	ck_assert_uint_eq(len, 187);
	ck_assert_int_eq(cga_params_decode(b, len, &p), 0);
	hex2bin(SEC1_MOD, want, sizeof(want));
	ck_assert_mem_eq(p.modifier, want, CGA_MODIFIER_LEN);	/* 0..15 */
	ck_assert_mem_eq(p.prefix, pfx12, CGA_PREFIX_LEN);	/* 16..23 */
	ck_assert_uint_eq(p.cc, 0);				/* 24 */
	ck_assert_ptr_eq(p.pk, b + 25);				/* 25..186 */
	ck_assert_uint_eq(p.pk_len, 162);			/* 30 81 9f */
	ck_assert_uint_eq(pk_len, 162);
	ck_assert_mem_eq(p.pk, pk, pk_len);
	ck_assert_ptr_null(p.ext);				/* none */
	ck_assert_uint_eq(p.ext_len, 0);
	free(b);
	free(pk);
}
END_TEST

/* RFC 4581 extension fields after the key: decoded as one block, checked
 * for being well-formed TLVs, and encoded back unchanged. */
START_TEST(extensions)
{
	static const char *good[] = {
		"fffd 0003 aabbcc",			/* one field */
		"fffd 0003 aabbcc 0012 0000",		/* and an empty one */
		"ffff 0000",
	};
	static const char *bad[] = {
		"ff",					/* 1 octet */
		"fffd00",				/* 3 octets */
		"fffd 0005 aabbccdd",			/* data cut short */
		"fffd 0001 aa 00",			/* trailing octet */
		"fffd 0000 0012",			/* half a header */
	};
	uint8_t buf[1024], out[1024], ext[64];
	struct cga_params p, q;
	size_t base, n, elen, i, olen;

	base = make_params(START_MOD, pfx12, 0, buf, sizeof(buf), &p);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		elen = hex2bin(good[i], ext, sizeof(ext));
		memcpy(buf + base, ext, elen);
		n = base + elen;
		ck_assert_msg(cga_params_decode(buf, n, &q) == 0, "%s",
		    good[i]);
		ck_assert_uint_eq(q.pk_len, 162);
		ck_assert_uint_eq(q.ext_len, elen);
		ck_assert_ptr_eq(q.ext, buf + base);
		ck_assert_int_eq(cga_params_encode(&q, out, sizeof(out),
		    &olen), 0);
		ck_assert_uint_eq(olen, n);
		ck_assert_mem_eq(out, buf, n);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		elen = hex2bin(bad[i], ext, sizeof(ext));
		memcpy(buf + base, ext, elen);
		errno = 0;
		ck_assert_msg(cga_params_decode(buf, base + elen, &q) == -1 &&
		    errno == EBADMSG, "%s", bad[i]);
		/* and the encoder refuses to write them */
		p.ext = ext;
		p.ext_len = elen;
		errno = 0;
		ck_assert_int_eq(cga_params_encode(&p, out, sizeof(out),
		    &olen), -1);
		ck_assert_int_eq(errno, EINVAL);
	}
}
END_TEST

START_TEST(encode_limits)
{
	uint8_t buf[512], out[512], junk[4] = { 0x30, 0x05, 0, 0 };
	struct cga_params p, q;
	size_t n, cap, olen;

	n = make_params(SEC1_MOD, pfx12, 2, buf, sizeof(buf), &p);
	ck_assert_uint_eq(n, 187);
	/* Every smaller buffer is refused with EMSGSIZE. */
	for (cap = 0; cap < n; cap++) {
		errno = 0;
		ck_assert_int_eq(cga_params_encode(&p, out, cap, &olen), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
	}
	ck_assert_int_eq(cga_params_encode(&p, out, n, &olen), 0);
	ck_assert_uint_eq(olen, n);
	ck_assert_int_eq(cga_params_decode(out, olen, &q), 0);
	ck_assert_uint_eq(q.cc, 2);
	/* A key that is not exactly one DER element is refused. */
	q = p;
	q.pk_len = p.pk_len - 1;
	errno = 0;
	ck_assert_int_eq(cga_params_encode(&q, out, sizeof(out), &olen), -1);
	ck_assert_int_eq(errno, EINVAL);
	q.pk = junk;
	q.pk_len = sizeof(junk);
	ck_assert_int_eq(cga_params_encode(&q, out, sizeof(out), &olen), -1);
	q.pk = NULL;
	q.pk_len = 0;
	ck_assert_int_eq(cga_params_encode(&q, out, sizeof(out), &olen), -1);
}
END_TEST

/* Truncation at every offset fails cleanly: decode refuses it, or (when
 * the cut falls on an extension field boundary) verification does.  Each
 * prefix is its own allocation, so ASan sees any over-read. */
START_TEST(truncation)
{
	uint8_t buf[512], *t;
	struct cga_params p, q;
	struct in6_addr a;
	size_t n, i, ext_at;
	enum cga_verdict v;
	unsigned boundary = 0;

	n = make_params(SEC1_MOD, pfx12, 0, buf, sizeof(buf), &p);
	ext_at = n;
	hex2bin("fffd 0002 aabb 0012 0001 cc", buf + n, 11);
	n += 11;
	ck_assert_int_eq(cga_params_decode(buf, n, &q), 0);
	/* Sec 0: the extensions are part of Hash2 too. */
	ck_assert_int_eq(cga_addr(&q, 0, &a), 0);
	ck_assert_int_eq(cga_verify(&a, buf, n, NULL, NULL), CGA_OK);
	for (i = 0; i < n; i++) {
		t = malloc(i > 0 ? i : 1);
		ck_assert_ptr_nonnull(t);
		memcpy(t, buf, i);
		errno = 0;
		if (cga_params_decode(t, i, &q) == 0) {
			/* only at the two extension field boundaries */
			ck_assert(i == ext_at || i == ext_at + 6);
			boundary++;
		} else {
			ck_assert_int_eq(errno, EBADMSG);
		}
		v = cga_verify(&a, t, i, NULL, NULL);
		ck_assert_msg(v != CGA_OK, "verified when cut at %zu", i);
		if (i < ext_at)
			ck_assert_int_eq(v, CGA_E_FORMAT);
		free(t);
	}
	ck_assert_uint_eq(boundary, 2);
}
END_TEST

/* DIGEST §4.6: Sec 0 and Sec 1 from modifier 000102...0f. */
START_TEST(search_vectors)
{
	uint8_t *pk, m[CGA_MODIFIER_LEN], want[CGA_MODIFIER_LEN];
	size_t pk_len;
	uint64_t iters;

	pk = load_vector("pub.der", &pk_len);
	hex2bin(START_MOD, m, sizeof(m));
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 0, 0,
	    &iters), 0);
	ck_assert_uint_eq(iters, 1);
	hex2bin(START_MOD, want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));

	hex2bin(START_MOD, m, sizeof(m));
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 1, 0,
	    &iters), 0);
	ck_assert_uint_eq(iters, 10976);
	hex2bin(SEC1_MOD, want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));
	ck_assert(cga_hash2_ok(m, pk, pk_len, NULL, 0, 1));
	ck_assert(cga_hash2_ok(m, pk, pk_len, NULL, 0, 0));
	/* 000033bf...: 16 zero bits, not 32 */
	ck_assert(!cga_hash2_ok(m, pk, pk_len, NULL, 0, 2));
	ck_assert(!cga_hash2_ok(m, pk, pk_len, NULL, 0, 3));
	hex2bin(START_MOD, m, sizeof(m));
	ck_assert(!cga_hash2_ok(m, pk, pk_len, NULL, 0, 1));
	free(pk);
}
END_TEST

/* A bounded search stops with ETIMEDOUT at the next candidate, and
 * resuming from there finds the same modifier. */
START_TEST(search_bounded)
{
	uint8_t *pk, m[CGA_MODIFIER_LEN], want[CGA_MODIFIER_LEN];
	size_t pk_len;
	uint64_t iters;

	pk = load_vector("pub.der", &pk_len);
	hex2bin(START_MOD, m, sizeof(m));
	errno = 0;
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 1,
	    10000, &iters), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_uint_eq(iters, 10000);
	/* 0x0e0f + 10000 = 0x351f */
	hex2bin("000102030405060708090a0b0c0d351f", want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 1,
	    10000, &iters), 0);
	ck_assert_uint_eq(iters, 976);
	hex2bin(SEC1_MOD, want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));
	errno = 0;
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 3, 0,
	    &iters), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(iters, 0);
	free(pk);
}
END_TEST

/* The counter is 128 bits wide and wraps from all ones to zero. */
START_TEST(search_carry)
{
	uint8_t *pk, m[CGA_MODIFIER_LEN], want[CGA_MODIFIER_LEN];
	size_t pk_len;
	uint64_t iters;

	pk = load_vector("pub.der", &pk_len);
	memset(m, 0xff, sizeof(m));
	m[0] = 0x00;
	m[15] = 0xfe;
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 1, 3,
	    &iters), -1);
	hex2bin("0100000000000000000000000000 0001", want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));
	memset(m, 0xff, sizeof(m));
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 1, 2,
	    &iters), -1);
	memset(want, 0, sizeof(want));
	want[15] = 1;
	ck_assert_mem_eq(m, want, sizeof(m));
	free(pk);
}
END_TEST

/*
 * Sec 2: no published vector exists, and a search costs ~2^32 hashes.  This
 * modifier was found by cga_modifier_search() from 000102...0f after
 * 3569118510 hashes (about 11 minutes on one core), and checked with
 * Python's hashlib: SHA-1(modifier || 0^9 || pub.der) =
 * 000000003d4ca101..., and the address below recomputed there too.
 */
#define SEC2_MODIFIER	"000102030405060708090a0be0c97b3c"
#define SEC2_ADDR	"2001:db8:1:2:4837:ef4e:2d0f:aa06"

START_TEST(sec2)
{
	static const struct cga_policy min2 = { 2, 1024, 2040 };
	uint8_t *pk, m[CGA_MODIFIER_LEN], want[CGA_MODIFIER_LEN];
	uint8_t buf[512];
	struct cga_params p;
	struct in6_addr a;
	size_t pk_len, n;
	uint64_t iters;

	pk = load_vector("pub.der", &pk_len);
	hex2bin(SEC2_MODIFIER, want, sizeof(want));
	ck_assert(cga_hash2_ok(want, pk, pk_len, NULL, 0, 2));
	ck_assert(!cga_hash2_ok(want, pk, pk_len, NULL, 0, 3));
	/* A search shortly before it lands on it. */
	hex2bin("000102030405060708090a0be0c97b37", m, sizeof(m));
	ck_assert_int_eq(cga_modifier_search(m, pk, pk_len, NULL, 0, 2, 0,
	    &iters), 0);
	ck_assert_uint_eq(iters, 6);
	ck_assert_mem_eq(m, want, sizeof(m));
	n = make_params(SEC2_MODIFIER, pfx12, 0, buf, sizeof(buf), &p);
	ck_assert_int_eq(cga_addr(&p, 2, &a), 0);
	ck_assert_uint_eq(a.s6_addr[8] >> 5, 2);
	ck_addr(&a, SEC2_ADDR);
	ck_assert_int_eq(cga_verify(&a, buf, n, &min2, NULL), CGA_OK);
	free(pk);
}
END_TEST

/* m += add, as 128-bit big-endian counters. */
static void
mod_add(uint8_t m[CGA_MODIFIER_LEN], const uint8_t add[CGA_MODIFIER_LEN])
{
	unsigned c = 0;
	int i;

	for (i = CGA_MODIFIER_LEN - 1; i >= 0; i--) {
		c += (unsigned)m[i] + add[i];
		m[i] = (uint8_t)c;
		c >>= 8;
	}
}

/* One thread: exactly the single-threaded search, resumable bound
 * included. */
START_TEST(search_mt_one)
{
	uint8_t *pk, m[CGA_MODIFIER_LEN], want[CGA_MODIFIER_LEN];
	size_t pk_len;
	uint64_t iters;

	pk = load_vector("pub.der", &pk_len);
	hex2bin(START_MOD, m, sizeof(m));
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 1, 1,
	    0, &iters), 0);
	ck_assert_uint_eq(iters, 10976);
	hex2bin(SEC1_MOD, want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));
	hex2bin(START_MOD, m, sizeof(m));
	errno = 0;
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 1, 1,
	    10000, &iters), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	hex2bin("000102030405060708090a0b0c0d351f", want, sizeof(want));
	ck_assert_mem_eq(m, want, sizeof(m));
	free(pk);
}
END_TEST

/* Two threads: the modifier found is the first one of one of the two
 * halves of the counter space, as the single search from each half's
 * start finds it. */
START_TEST(search_mt_slices)
{
	uint8_t *pk, m[CGA_MODIFIER_LEN], a[CGA_MODIFIER_LEN];
	uint8_t b[CGA_MODIFIER_LEN], half[CGA_MODIFIER_LEN];
	size_t pk_len;
	uint64_t iters, ia, ib;

	pk = load_vector("pub.der", &pk_len);
	hex2bin(START_MOD, a, sizeof(a));
	ck_assert_int_eq(cga_modifier_search(a, pk, pk_len, NULL, 0, 1, 0,
	    &ia), 0);
	/* (2^128 - 1) / 2 = 7fff...ff */
	memset(half, 0xff, sizeof(half));
	half[0] = 0x7f;
	hex2bin(START_MOD, b, sizeof(b));
	mod_add(b, half);
	ck_assert_int_eq(cga_modifier_search(b, pk, pk_len, NULL, 0, 1, 0,
	    &ib), 0);
	hex2bin(START_MOD, m, sizeof(m));
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 1, 2,
	    0, &iters), 0);
	ck_assert_msg(memcmp(m, a, sizeof(m)) == 0 ||
	    memcmp(m, b, sizeof(m)) == 0, "not the first hit of a half");
	ck_assert(cga_hash2_ok(m, pk, pk_len, NULL, 0, 1));
	ck_assert_uint_ge(iters, ia < ib ? ia : ib);
	free(pk);
}
END_TEST

/* More threads than cores, a random start, Sec 1: a valid modifier; and
 * the bad arguments and a bounded search that finds nothing. */
START_TEST(search_mt_many)
{
	uint8_t *pk, m[CGA_MODIFIER_LEN], start[CGA_MODIFIER_LEN];
	size_t pk_len;
	uint64_t iters;
	FILE *f;

	pk = load_vector("pub.der", &pk_len);
	f = fopen("/dev/urandom", "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(m, 1, sizeof(m), f), sizeof(m));
	fclose(f);
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 1, 5,
	    0, &iters), 0);
	ck_assert(cga_hash2_ok(m, pk, pk_len, NULL, 0, 1));
	ck_assert_uint_gt(iters, 0);

	hex2bin(START_MOD, m, sizeof(m));
	memcpy(start, m, sizeof(m));
	errno = 0;
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 1, 0,
	    0, &iters), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 1,
	    CGA_THREADS_MAX + 1, 0, &iters), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 3, 2,
	    0, &iters), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* Sec 2 in 100 hashes, 50 per thread: not found, nothing moved */
	errno = 0;
	ck_assert_int_eq(cga_modifier_search_mt(m, pk, pk_len, NULL, 0, 2, 2,
	    100, &iters), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_uint_eq(iters, 100);
	ck_assert_mem_eq(m, start, sizeof(m));
	free(pk);
}
END_TEST

/* DIGEST §4.6 addresses, and the files of tests/vectors/. */
START_TEST(addr_vectors)
{
	static const struct {
		const char	*mod;
		const uint8_t	*pfx;
		uint8_t		 cc;
		unsigned	 sec;
		const char	*addr;
	} t[] = {
		{ START_MOD, pfx12, 0, 0, "2001:db8:1:2:89b:4359:cdd9:434c" },
		{ SEC1_MOD, pfx12, 0, 1, "2001:db8:1:2:2cb8:69a8:e3a0:9924" },
		{ START_MOD, pfx12, 1, 0, "2001:db8:1:2:59:68c8:c530:84ef" },
		{ SEC1_MOD, pfx12, 1, 1, "2001:db8:1:2:387f:bff2:fa08:b6d6" },
		{ SEC1_MOD, pfx34, 0, 1, "2001:db8:3:4:28c7:2c7e:7200:23c9" },
	};
	uint8_t buf[512], *vb, *va;
	struct cga_params p;
	struct in6_addr a;
	size_t i, n, vlen, alen;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = make_params(t[i].mod, t[i].pfx, t[i].cc, buf, sizeof(buf),
		    &p);
		ck_assert_int_eq(cga_addr(&p, t[i].sec, &a), 0);
		ck_addr(&a, t[i].addr);
		ck_assert_int_eq(cga_verify(&a, buf, n, NULL, NULL), CGA_OK);
	}
	n = make_params(SEC1_MOD, pfx12, 0, buf, sizeof(buf), &p);
	vb = load_vector("cga_params_sec1.bin", &vlen);
	va = load_vector("cga_addr_sec1.bin", &alen);
	ck_assert_uint_eq(vlen, n);
	ck_assert_mem_eq(vb, buf, n);
	ck_assert_int_eq(cga_addr(&p, 1, &a), 0);
	ck_assert_uint_eq(alen, sizeof(a));
	ck_assert_mem_eq(va, a.s6_addr, alen);
	ck_assert_int_eq(cga_verify(&a, vb, vlen, NULL, NULL), CGA_OK);
	errno = 0;
	ck_assert_int_eq(cga_addr(&p, 3, &a), -1);
	ck_assert_int_eq(errno, EINVAL);
	free(vb);
	free(va);
}
END_TEST

/* Steps 4-6 checked against an independent SHA-1 of the encoding, for
 * many modifiers: Sec on top, u and g clear, the 0x1c bits of Hash1 kept,
 * the other 56 bits of Hash1 verbatim. */
START_TEST(addr_bits)
{
	uint8_t buf[512], h[20];
	struct cga_params p;
	struct in6_addr a;
	unsigned i, sec, seen_u = 0, seen_keep = 0;
	size_t n;

	n = make_params(START_MOD, pfx12, 0, buf, sizeof(buf), &p);
	for (i = 0; i < 200; i++) {
		p.modifier[0] = (uint8_t)i;
		buf[0] = (uint8_t)i;
		ck_assert(EVP_Digest(buf, n, h, NULL, EVP_sha1(), NULL));
		seen_u += (h[0] & 0x03) != 0;
		seen_keep += (h[0] & 0x1c) != 0;
		for (sec = 0; sec <= CGA_SEC_MAX; sec++) {
			ck_assert_int_eq(cga_addr(&p, sec, &a), 0);
			ck_assert_mem_eq(a.s6_addr, pfx12, 8);
			ck_assert_uint_eq(a.s6_addr[8] >> 5, sec);
			ck_assert_uint_eq(a.s6_addr[8] & 0x03, 0);
			ck_assert_uint_eq(a.s6_addr[8] & 0x1c, h[0] & 0x1c);
			ck_assert_mem_eq(a.s6_addr + 9, h + 1, 7);
		}
	}
	/* the inputs did exercise both masks */
	ck_assert_uint_gt(seen_u, 100);
	ck_assert_uint_gt(seen_keep, 100);
}
END_TEST

/* RFC 3972 Appendix A: a 512-bit key, Sec 1, on fe80::/64. */
START_TEST(rfc3972_appendix_a)
{
	static const struct cga_policy small = { 1, 512, 2040 };
	struct in6_addr a = addr_of("fe80::3c4a:5bf6:ffb4:ca6c");
	struct in6_addr b;
	struct cga_params p;
	EVP_PKEY *pub = NULL;
	uint8_t *buf;
	size_t len;

	buf = load_vector("rfc3972-appendix-a.params", &len);
	ck_assert_int_eq(cga_params_decode(buf, len, &p), 0);
	ck_assert_uint_eq(p.pk_len, 94);
	ck_assert_uint_eq(p.ext_len, 0);
	ck_assert_int_eq(cga_addr(&p, 1, &b), 0);
	ck_assert_mem_eq(&a, &b, sizeof(a));
	ck_assert_int_eq(cga_verify(&a, buf, len, &small, &pub), CGA_OK);
	ck_assert_ptr_nonnull(pub);
	ck_assert_int_eq(EVP_PKEY_get_bits(pub), 512);
	EVP_PKEY_free(pub);
	/* The default policy wants at least 1024 bits. */
	pub = (EVP_PKEY *)1;
	ck_assert_int_eq(cga_verify(&a, buf, len, NULL, &pub),
	    CGA_E_KEY_SIZE);
	ck_assert_ptr_null(pub);
	free(buf);
}
END_TEST

/* One verdict per failure, each reached on its own. */
START_TEST(verdicts)
{
	static const struct cga_policy min1 = { 1, 1024, 2040 };
	static const struct cga_policy big = { 0, 2048, 4096 };
	uint8_t buf[512], e[512], ecbuf[256];
	struct cga_params p, q;
	struct in6_addr a, b;
	EVP_PKEY *pub = NULL, *ref, *ec;
	const uint8_t *pp;
	uint8_t *pk;
	size_t n, pk_len, m;

	/* Sec 0 address: verifies, with the key handed back. */
	n = make_params(START_MOD, pfx12, 0, buf, sizeof(buf), &p);
	ck_assert_int_eq(cga_addr(&p, 0, &a), 0);
	ck_assert_int_eq(cga_verify(&a, buf, n, NULL, &pub), CGA_OK);
	pk = load_vector("pub.der", &pk_len);
	pp = pk;
	ref = d2i_PUBKEY(NULL, &pp, (long)pk_len);
	ck_assert_ptr_nonnull(ref);
	ck_assert_int_eq(EVP_PKEY_eq(pub, ref), 1);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(ref);
	free(pk);

	ck_assert_int_eq(cga_verify(&a, buf, 20, NULL, NULL), CGA_E_FORMAT);
	ck_assert_int_eq(cga_verify(&a, buf, n, &min1, NULL),
	    CGA_E_SEC_POLICY);
	ck_assert_int_eq(cga_verify(&a, buf, n, &big, NULL), CGA_E_KEY_SIZE);
	/* The same address claiming Sec 1: Hash1 ignores the Sec bits, but
	 * the start modifier's Hash2 (9d31...) has no zero octets. */
	b = a;
	b.s6_addr[8] |= 0x20;
	ck_assert_int_eq(cga_verify(&b, buf, n, NULL, NULL), CGA_E_HASH2);
	b.s6_addr[8] |= 0x60;
	ck_assert_int_eq(cga_verify(&b, buf, n, NULL, NULL), CGA_E_SEC);
	b = a;
	b.s6_addr[15] ^= 0x01;
	ck_assert_int_eq(cga_verify(&b, buf, n, NULL, NULL), CGA_E_HASH1);
	b = a;
	b.s6_addr[7] ^= 0x01;
	ck_assert_int_eq(cga_verify(&b, buf, n, NULL, NULL), CGA_E_PREFIX);
	/* Collision count 3 is refused before anything is hashed. */
	memcpy(e, buf, n);
	e[24] = 3;
	ck_assert_int_eq(cga_verify(&a, e, n, NULL, NULL), CGA_E_CC);

	/* A SEQUENCE that is no SubjectPublicKeyInfo, on its own CGA. */
	q = p;
	q.pk = (const uint8_t *)"\x30\x03\x02\x01\x00";
	q.pk_len = 5;
	ck_assert_int_eq(cga_params_encode(&q, e, sizeof(e), &m), 0);
	ck_assert_int_eq(cga_addr(&q, 0, &b), 0);
	ck_assert_int_eq(cga_verify(&b, e, m, NULL, NULL), CGA_E_KEY);

	/* An EC key on its own CGA: well-formed, but not RSA. */
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	ck_assert_ptr_nonnull(ec);
	ck_assert_int_eq(cga_spki(ec, ecbuf, sizeof(ecbuf), &q.pk_len), 0);
	q.pk = ecbuf;
	ck_assert_int_eq(cga_params_encode(&q, e, sizeof(e), &m), 0);
	ck_assert_int_eq(cga_addr(&q, 0, &b), 0);
	ck_assert_int_eq(cga_verify(&b, e, m, NULL, NULL), CGA_E_KEY_TYPE);
	EVP_PKEY_free(ec);
}
END_TEST

/*
 * cga_verify() reads the usual RSA key itself and leaves everything else
 * to OpenSSL's generic decoder: whatever the encoding, a key is accepted
 * exactly when d2i_PUBKEY() takes all of it as RSA, and is the same key.
 */
START_TEST(key_decoding)
{
	static const struct cga_policy any = { 0, 512, 4096 };
	uint8_t v[6][256], buf[512];
	size_t vlen[6], pk_len, n, i;
	struct cga_params p;
	struct in6_addr a;
	enum cga_verdict want, got, seen[6];
	EVP_PKEY *pub, *ref;
	const uint8_t *pp;
	uint8_t *pk;

	pk = load_vector("pub.der", &pk_len);
	ck_assert_uint_eq(pk_len, 0xa2);
	/* 0: as it is: 30 81 9f { 30 0d { 06 09 rsaEncryption, 05 00 },
	 * 03 81 8d { 00, RSAPublicKey } } */
	memcpy(v[0], pk, pk_len);
	vlen[0] = pk_len;
	/* 1: no NULL parameters */
	memcpy(v[1], pk, pk_len);
	v[1][2] = 0x9d;
	v[1][4] = 0x0b;
	memmove(v[1] + 16, v[1] + 18, pk_len - 18);
	vlen[1] = pk_len - 2;
	/* 2: an octet after the RSAPublicKey, inside the BIT STRING */
	memcpy(v[2], pk, pk_len);
	v[2][2] = 0xa0;
	v[2][20] = 0x8e;
	v[2][pk_len] = 0;
	vlen[2] = pk_len + 1;
	/* 3: one unused bit in the BIT STRING */
	memcpy(v[3], pk, pk_len);
	v[3][21] = 0x01;
	vlen[3] = pk_len;
	/* 4: rsassa-pss (1.2.840.113549.1.1.10) with NULL parameters */
	memcpy(v[4], pk, pk_len);
	v[4][15] = 0x0a;
	vlen[4] = pk_len;
	/* 5: the modulus with a superfluous leading zero octet */
	memcpy(v[5], pk, 26);
	v[5][2] = 0xa0;
	v[5][20] = 0x8e;
	v[5][24] = 0x8a;
	v[5][27] = 0x82;
	v[5][28] = 0x00;
	memcpy(v[5] + 29, pk + 28, pk_len - 28);
	vlen[5] = pk_len + 1;
	for (i = 0; i < 6; i++) {
		memset(&p, 0, sizeof(p));
		hex2bin(START_MOD, p.modifier, CGA_MODIFIER_LEN);
		memcpy(p.prefix, pfx12, CGA_PREFIX_LEN);
		p.pk = v[i];
		p.pk_len = vlen[i];
		ck_assert_int_eq(cga_params_encode(&p, buf, sizeof(buf), &n),
		    0);
		ck_assert_int_eq(cga_addr(&p, 0, &a), 0);
		pp = v[i];
		ref = d2i_PUBKEY(NULL, &pp, (long)vlen[i]);
		want = ref == NULL || pp != v[i] + vlen[i] ? CGA_E_KEY :
		    !EVP_PKEY_is_a(ref, "RSA") ? CGA_E_KEY_TYPE : CGA_OK;
		got = cga_verify(&a, buf, n, &any, &pub);
		seen[i] = got;
		ck_assert_msg(got == want, "variant %zu: %s, want %s", i,
		    cga_verdict_str(got), cga_verdict_str(want));
		if (got == CGA_OK)
			ck_assert_int_eq(EVP_PKEY_eq(pub, ref), 1);
		EVP_PKEY_free(pub);
		EVP_PKEY_free(ref);
	}
	/* OpenSSL takes variants 1 to 3, which only the generic decoder
	 * reads; a non-minimal INTEGER it refuses */
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(seen[i], CGA_OK);
	ck_assert_int_eq(seen[5], CGA_E_KEY);
	free(pk);
}
END_TEST

/* Every single-octet change of the parameters fails, with the verdict of
 * the field it hits. */
START_TEST(param_mutations)
{
	static const uint8_t x[] = { 0x01, 0x02, 0x10, 0x80, 0xff };
	uint8_t buf[512], *t;
	struct cga_params p;
	struct in6_addr a;
	enum cga_verdict v;
	size_t n, i, j;

	n = make_params(SEC1_MOD, pfx12, 0, buf, sizeof(buf), &p);
	ck_assert_int_eq(cga_addr(&p, 1, &a), 0);
	t = malloc(n);
	ck_assert_ptr_nonnull(t);
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(x); j++) {
			memcpy(t, buf, n);
			t[i] ^= x[j];
			v = cga_verify(&a, t, n, NULL, NULL);
			if (i >= 16 && i < 24)
				ck_assert_int_eq(v, CGA_E_PREFIX);
			else if (i == 24)
				ck_assert_int_eq(v, t[i] > 2 ? CGA_E_CC :
				    CGA_E_HASH1);
			else if (i < 16)
				ck_assert_int_eq(v, CGA_E_HASH1);
			else
				ck_assert_msg(v == CGA_E_HASH1 ||
				    v == CGA_E_FORMAT, "offset %zu: %d", i, v);
		}
	}
	free(t);
}
END_TEST

/* Flipping address bits: RFC 3972 §5 ignores the u and g bits; the Sec
 * bits choose another Sec; every other bit fails. */
START_TEST(addr_mutations)
{
	static const struct cga_policy min1 = { 1, 1024, 2040 };
	uint8_t buf[512];
	struct cga_params p;
	struct in6_addr a, b;
	enum cga_verdict v;
	size_t n;
	unsigned bit, o, m;

	n = make_params(SEC1_MOD, pfx12, 0, buf, sizeof(buf), &p);
	ck_assert_int_eq(cga_addr(&p, 1, &a), 0);
	ck_assert_int_eq(cga_verify(&a, buf, n, &min1, NULL), CGA_OK);
	for (bit = 0; bit < 128; bit++) {
		b = a;
		o = bit / 8;
		m = 0x80u >> (bit % 8);
		b.s6_addr[o] ^= (uint8_t)m;
		v = cga_verify(&b, buf, n, &min1, NULL);
		if (o == 8 && (m & 0x03) != 0)
			ck_assert_int_eq(v, CGA_OK);
		else if (o == 8 && m == 0x20)		/* Sec 1 -> 0 */
			ck_assert_int_eq(v, CGA_E_SEC_POLICY);
		else if (o == 8 && m == 0x40)		/* Sec 1 -> 3 */
			ck_assert_int_eq(v, CGA_E_SEC);
		else if (o == 8 && m == 0x80)		/* Sec 1 -> 5 */
			ck_assert_int_eq(v, CGA_E_SEC);
		else if (o < 8)
			ck_assert_int_eq(v, CGA_E_PREFIX);
		else
			ck_assert_int_eq(v, CGA_E_HASH1);
	}
}
END_TEST

START_TEST(spki_and_ident)
{
	struct cga_ident id;
	struct in6_addr a;
	uint8_t *pk, *vb, buf[512];
	size_t pk_len, vlen, n, cap;
	EVP_PKEY *k;

	k = load_key("testkey1024.pem");
	pk = load_vector("pub.der", &pk_len);
	memset(&id, 0, sizeof(id));
	id.key = k;
	ck_assert_int_eq(cga_spki(k, id.spki, sizeof(id.spki), &id.spki_len),
	    0);
	ck_assert_uint_eq(id.spki_len, pk_len);
	ck_assert_mem_eq(id.spki, pk, pk_len);
	errno = 0;
	ck_assert_int_eq(cga_spki(k, buf, pk_len - 1, &n), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	errno = 0;
	ck_assert_int_eq(cga_spki(NULL, buf, sizeof(buf), &n), -1);
	ck_assert_int_eq(errno, EINVAL);

	hex2bin(SEC1_MOD, id.modifier, sizeof(id.modifier));
	id.sec = 1;
	ck_assert_int_eq(cga_ident_gen(&id, pfx12, 0, &a, buf, sizeof(buf),
	    &n), 0);
	vb = load_vector("cga_params_sec1.bin", &vlen);
	ck_assert_uint_eq(n, vlen);
	ck_assert_mem_eq(buf, vb, vlen);
	ck_addr(&a, "2001:db8:1:2:2cb8:69a8:e3a0:9924");
	ck_assert_int_eq(cga_ident_gen(&id, pfx34, 0, &a, buf, sizeof(buf),
	    &n), 0);
	ck_addr(&a, "2001:db8:3:4:28c7:2c7e:7200:23c9");
	ck_assert_int_eq(cga_ident_gen(&id, pfx12, 1, &a, buf, sizeof(buf),
	    &n), 0);
	ck_addr(&a, "2001:db8:1:2:387f:bff2:fa08:b6d6");
	errno = 0;
	ck_assert_int_eq(cga_ident_gen(&id, pfx12, 3, &a, buf, sizeof(buf),
	    &n), -1);
	ck_assert_int_eq(errno, EINVAL);
	for (cap = 0; cap < vlen; cap += 31) {
		errno = 0;
		ck_assert_int_eq(cga_ident_gen(&id, pfx12, 0, &a, buf, cap,
		    &n), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
	}
	id.sec = 3;
	ck_assert_int_eq(cga_ident_gen(&id, pfx12, 0, &a, buf, sizeof(buf),
	    &n), -1);
	free(vb);
	free(pk);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(verdict_strings)
{
	enum cga_verdict v, w;

	for (v = CGA_OK; v <= CGA_E_SEC_POLICY; v++) {
		ck_assert_str_ne(cga_verdict_str(v), "unknown verdict");
		for (w = CGA_OK; w < v; w++)
			ck_assert_str_ne(cga_verdict_str(v),
			    cga_verdict_str(w));
	}
	ck_assert_str_eq(cga_verdict_str((enum cga_verdict)99),
	    "unknown verdict");
}
END_TEST

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The Sec 1 search over random start modifiers for a 1024- and a 2040-bit
 * key: it prints hashes per second and the mean search time, and checks
 * that every modifier found satisfies Hash2.  CGA_BENCH=N sets the number
 * of searches (default 3, to keep the suite fast).
 */
START_TEST(bench_search)
{
	const char *names[] = { "testkey1024.pem", "testkey2048.pem" };
	uint8_t spki[CGA_SPKI_MAX], m[CGA_MODIFIER_LEN];
	const char *env = getenv("CGA_BENCH");
	int rounds = env != NULL ? atoi(env) : 3, r;
	uint64_t iters, total;
	unsigned k, sec;
	size_t len;
	double t0, dt;
	EVP_PKEY *key;
	FILE *f;

	for (k = 0; k < 2; k++) {
		key = load_key(names[k]);
		ck_assert_int_eq(cga_spki(key, spki, sizeof(spki), &len), 0);
		for (sec = 0; sec <= 1; sec++) {
			total = 0;
			t0 = mono();
			for (r = 0; r < rounds; r++) {
				f = fopen("/dev/urandom", "rb");
				ck_assert_ptr_nonnull(f);
				ck_assert_uint_eq(fread(m, 1, sizeof(m), f),
				    sizeof(m));
				fclose(f);
				ck_assert_int_eq(cga_modifier_search(m, spki,
				    len, NULL, 0, sec, 0, &iters), 0);
				ck_assert(cga_hash2_ok(m, spki, len, NULL, 0,
				    sec));
				total += iters;
			}
			dt = mono() - t0;
			if (rounds > 0 && env != NULL)
				printf("cga bench: %d-bit key (SPKI %zu), Sec %u:"
				    " %d searches, %.0f hashes/search, %.0f "
				    "hashes/s, mean %.1f us\n",
				    EVP_PKEY_get_bits(key), len, sec, rounds,
				    (double)total / rounds, total / dt,
				    dt / rounds * 1e6);
		}
		EVP_PKEY_free(key);
	}
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("cga");
	TCase *tc = tcase_create("codec");
	TCase *th = tcase_create("hash");
	TCase *tv = tcase_create("verify");

	tcase_add_test(tc, der_len);
	tcase_add_test(tc, decode_golden);
	tcase_add_test(tc, extensions);
	tcase_add_test(tc, encode_limits);
	tcase_add_test(tc, truncation);
	suite_add_tcase(s, tc);

	tcase_set_timeout(th, 120);
	tcase_add_test(th, search_vectors);
	tcase_add_test(th, search_bounded);
	tcase_add_test(th, search_carry);
	tcase_add_test(th, sec2);
	tcase_add_test(th, addr_vectors);
	tcase_add_test(th, addr_bits);
	tcase_add_test(th, search_mt_one);
	tcase_add_test(th, search_mt_slices);
	tcase_add_test(th, search_mt_many);
	tcase_add_test(th, bench_search);
	suite_add_tcase(s, th);

	tcase_add_test(tv, rfc3972_appendix_a);
	tcase_add_test(tv, verdicts);
	tcase_add_test(tv, key_decoding);
	tcase_add_test(tv, param_mutations);
	tcase_add_test(tv, addr_mutations);
	tcase_add_test(tv, spki_and_ident);
	tcase_add_test(tv, verdict_strings);
	suite_add_tcase(s, tv);
	return s;
}

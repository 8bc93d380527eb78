// SPDX-License-Identifier: GPL-2.0-only
/* proto/statefile: the DAR's and the MN's state files, golden bytes (the
 * digests computed independently, with Python's hashlib), round trips,
 * truncation and damage at every offset, non-canonical records with a
 * valid digest, and the clock conversions. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "proto/statefile.h"
#include "tests/testlib.h"

/* One bound binding with a token. */
static const uint8_t dar_golden[] = {
	'F', 'A', 'M', 'A', 'D', 'A', 'R', 'S',	/* magic */
	0x00, 0x01,			/* version 1 */
	0x00, 0x80,			/* record length 128 */
	0x00, 0x00, 0x00, 0x01,		/* 1 record */
	0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x6f, 0xd0, /* saved at
					   1700000002000 ms */
	/* record 0 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,	/* hoa */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* 2001:db8:1::a */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00,	/* coa */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,	/* 2001:db8:2::b */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,	/* anchor */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* 2001:db8:1::1 */
	0x00,				/* state: bound */
	0x02,				/* auth: token */
	0x01,				/* flags: token held */
	0x00,				/* reserved */
	0x12, 0x34,			/* seq 0x1234 */
	0x00, 0x00,			/* reserved */
	0x00, 0x00, 0x02, 0x58,		/* lifetime 600 s */
	0x00, 0x00, 0x00, 0x03,		/* accepted 3 */
	0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00, /* created */
	0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x6b, 0xe8, /* updated */
	0x00, 0x00, 0x01, 0x8b, 0xcf, 0xee, 0x8f, 0xc0, /* deadline */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* phkt */
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, /* key id */
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	/* SHA-256 of all of the above */
	0x60, 0x28, 0xb9, 0x97, 0x0e, 0x1f, 0x07, 0xf1,
	0xc4, 0x1a, 0x27, 0x9a, 0x6a, 0x7b, 0x2e, 0x20,
	0xd6, 0x93, 0x48, 0x60, 0x45, 0x0a, 0x4c, 0x3c,
	0xb4, 0x4d, 0xd8, 0x07, 0x1d, 0x0d, 0xbf, 0xa9,
};

/* One bound away address with a token and a reverse tunnel. */
static const uint8_t mn_golden[] = {
	'F', 'A', 'M', 'A', 'M', 'N', 'S', 'T',	/* magic */
	0x00, 0x01,			/* version 1 */
	0x00, 0x68,			/* record length 104 */
	0x00, 0x00, 0x00, 0x01,		/* 1 record */
	0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x6f, 0xd0, /* saved at */
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, /* SHA-256 of */
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, /* the key's */
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, /* SPKI */
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	/* record 0 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,	/* address */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* 2001:db8:1::a */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,	/* anchor */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* 2001:db8:1::1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,	/* prefix */
	0x00,				/* collision count 0 */
	0x04,				/* state: bound */
	0x00, 0x79,			/* flags: wanted, token, seq,
					   tunnel, acked */
	0x43, 0x21,			/* seq 0x4321 */
	0x00, 0x00,			/* reserved */
	0x00, 0x00, 0x02, 0x58,		/* lifetime 600 s */
	0x00, 0x00, 0x00, 0x00,		/* reserved */
	0x00, 0x00, 0x01, 0x8b, 0xcf, 0xee, 0x8f, 0xc0, /* bound until */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* phkt */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00,	/* tunnel CoA */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,	/* 2001:db8:2::b */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00,	/* acked CoA */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
	/* SHA-256 */
	0x4b, 0x30, 0x5e, 0x0c, 0x11, 0x2b, 0x97, 0x04,
	0x63, 0xa5, 0xc9, 0xd7, 0xff, 0xa9, 0xbe, 0x43,
	0x53, 0xd3, 0xac, 0xcb, 0x7c, 0x65, 0x1b, 0x63,
	0x61, 0x10, 0x8f, 0xd0, 0xc7, 0x2c, 0xd9, 0x9c,
};

#define T0	1700000002000ULL

static struct in6_addr
ip(const char *s)
{
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static void
dar_entry(struct bc_entry *e)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	e->hoa = ip("2001:db8:1::a");
	e->coa = ip("2001:db8:2::b");
	e->anchor = ip("2001:db8:1::1");
	e->state = BCE_BOUND;
	e->auth = BC_AUTH_TOKEN;
	e->seq = 0x1234;
	e->lifetime = 600;
	e->accepted = 3;
	e->created = T0 - 2000;
	e->updated = T0 - 1000;
	e->deadline = T0 + 598000;
	e->has_phkt = true;
	for (i = 0; i < AUTH_PHKT_LEN; i++)
		e->phkt[i] = (uint8_t)(i + 1);
	for (i = 0; i < sizeof(e->key_id); i++)
		e->key_id[i] = (uint8_t)(0x20 + i);
}

static void
mn_file(struct statefile_mn *f)
{
	struct bul_addr *a = &f->addr[0].a;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->saved_at = T0;
	for (i = 0; i < sizeof(f->spki_sha256); i++)
		f->spki_sha256[i] = (uint8_t)(0xa0 + i);
	f->count = 1;
	a->addr = ip("2001:db8:1::a");
	a->anchor = ip("2001:db8:1::1");
	memcpy(a->prefix, a->addr.s6_addr, CGA_PREFIX_LEN);
	a->state = BULA_BOUND;
	a->wanted = true;
	a->has_phkt = true;
	for (i = 0; i < AUTH_PHKT_LEN; i++)
		a->phkt[i] = (uint8_t)(i + 1);
	a->seq = 0x4321;
	a->seq_valid = true;
	a->lifetime = 600;
	a->bound_until = T0 + 598000;
	a->tunnel = true;
	a->tunnel_coa = ip("2001:db8:2::b");
	a->acked = true;
	a->acked_coa = a->tunnel_coa;
}

/* The digest after a change made on purpose, so that only the record
 * checks can refuse it. */
static void
reseal(uint8_t *buf, size_t len)
{
	unsigned int n;

	ck_assert(EVP_Digest(buf, len - STATEFILE_DIGEST_LEN,
	    buf + len - STATEFILE_DIGEST_LEN, &n, EVP_sha256(), NULL));
	ck_assert_uint_eq(n, STATEFILE_DIGEST_LEN);
}

static bool
entries_equal(const struct bc_entry *a, const struct bc_entry *b)
{
	return memcmp(&a->hoa, &b->hoa, 16) == 0 &&
	    memcmp(&a->coa, &b->coa, 16) == 0 &&
	    memcmp(&a->anchor, &b->anchor, 16) == 0 &&
	    a->state == b->state && a->auth == b->auth && a->seq == b->seq &&
	    a->lifetime == b->lifetime && a->accepted == b->accepted &&
	    a->created == b->created && a->updated == b->updated &&
	    a->deadline == b->deadline && a->has_phkt == b->has_phkt &&
	    memcmp(a->phkt, b->phkt, sizeof(a->phkt)) == 0 &&
	    memcmp(a->key_id, b->key_id, sizeof(a->key_id)) == 0;
}

/* --- DAR ---------------------------------------------------------------- */

START_TEST(dar_golden_encode)
{
	uint8_t buf[sizeof(dar_golden)];
	struct bc_entry e;
	size_t len;

	dar_entry(&e);
	ck_assert_uint_eq(statefile_dar_size(1), sizeof(dar_golden));
	ck_assert_int_eq(statefile_dar_encode(&e, 1, T0, buf, sizeof(buf),
	    &len), 0);
	ck_assert_uint_eq(len, sizeof(dar_golden));
	ck_assert_mem_eq(buf, dar_golden, len);
	/* one octet short */
	ck_assert_int_eq(statefile_dar_encode(&e, 1, T0, buf, len - 1, &len),
	    -1);
	ck_assert_int_eq(errno, EMSGSIZE);
}
END_TEST

START_TEST(dar_golden_decode)
{
	struct statefile_dar f;
	struct bc_entry e, want;
	const char *why = "x";

	ck_assert_int_eq(statefile_dar_decode(dar_golden, sizeof(dar_golden),
	    &f, &why), 0);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_uint_eq(f.saved_at, T0);
	ck_assert_int_eq(statefile_dar_entry(&f, 0, &e), 0);
	dar_entry(&want);
	ck_assert(entries_equal(&e, &want));
	ck_assert_int_eq(statefile_dar_entry(&f, 1, &e), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(dar_round_trip)
{
	struct bc_entry v[5], e;
	struct statefile_dar f;
	uint8_t *buf, *again;
	size_t len, len2, i, size = statefile_dar_size(5);

	for (i = 0; i < 5; i++) {
		dar_entry(&v[i]);
		v[i].hoa.s6_addr[15] = (uint8_t)i;
		v[i].seq = (uint16_t)(0xfffe + i);
		v[i].auth = (enum bc_auth)i;
	}
	v[1].state = BCE_IDLE;
	v[2].has_phkt = false;
	memset(v[2].phkt, 0, sizeof(v[2].phkt));
	v[3].deadline = UINT64_MAX - 1;
	ck_assert_ptr_nonnull(buf = malloc(size));
	ck_assert_ptr_nonnull(again = malloc(size));
	ck_assert_int_eq(statefile_dar_encode(v, 5, T0, buf, size, &len), 0);
	ck_assert_uint_eq(len, size);
	ck_assert_int_eq(statefile_dar_decode(buf, len, &f, NULL), 0);
	ck_assert_uint_eq(f.count, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(statefile_dar_entry(&f, i, &e), 0);
		ck_assert(entries_equal(&e, &v[i]));
		v[i] = e;
	}
	ck_assert_int_eq(statefile_dar_encode(v, 5, f.saved_at, again, size,
	    &len2), 0);
	ck_assert_uint_eq(len2, len);
	ck_assert_mem_eq(again, buf, len);
	/* an empty cache is a valid file too */
	ck_assert_int_eq(statefile_dar_encode(NULL, 0, T0, buf, size, &len),
	    0);
	ck_assert_uint_eq(len, statefile_dar_size(0));
	ck_assert_int_eq(statefile_dar_decode(buf, len, &f, NULL), 0);
	ck_assert_uint_eq(f.count, 0);
	free(buf);
	free(again);
}
END_TEST

START_TEST(dar_truncated_and_damaged)
{
	uint8_t buf[sizeof(dar_golden) + 1];
	struct statefile_dar f;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(dar_golden); i++)
		ck_assert_msg(statefile_dar_decode(dar_golden, i, &f, &why) ==
		    -1 && errno == EBADMSG, "decoded %zu octets", i);
	memcpy(buf, dar_golden, sizeof(dar_golden));
	buf[sizeof(dar_golden)] = 0;
	ck_assert_int_eq(statefile_dar_decode(buf, sizeof(buf), &f, &why), -1);
	/* every bit of every octet is covered */
	for (i = 0; i < sizeof(dar_golden) * 8; i++) {
		memcpy(buf, dar_golden, sizeof(dar_golden));
		buf[i / 8] ^= (uint8_t)(1 << (i % 8));
		ck_assert_msg(statefile_dar_decode(buf, sizeof(dar_golden), &f,
		    &why) == -1, "bit %zu flipped, decoded", i);
	}
	memcpy(buf, dar_golden, sizeof(dar_golden));
	buf[30] ^= 1;
	ck_assert_int_eq(statefile_dar_decode(buf, sizeof(dar_golden), &f,
	    &why), -1);
	ck_assert_str_eq(why, "digest mismatch: damaged");
}
END_TEST

/* A valid digest over something the decoder must still refuse. */
START_TEST(dar_non_canonical)
{
	static const struct {
		size_t	 off;
		uint8_t	 val;
		const char *why;
	} cases[] = {
		{ 0, 'X', "not a fama state file of this kind" },
		{ 9, 2, "unknown version" },
		{ 11, 127, "wrong record length" },
		{ 15, 2, "length does not match the record count" },
		{ 24 + 48, 2, "a record out of range" },	/* state */
		{ 24 + 49, 5, "a record out of range" },	/* auth */
		{ 24 + 50, 3, "a record out of range" },	/* flags */
		{ 24 + 51, 1, "a record out of range" },	/* reserved */
		{ 24 + 55, 1, "a record out of range" },	/* reserved */
		{ 24 + 50, 0, "a record out of range" },	/* token
						   absent, octets set */
	};
	uint8_t buf[sizeof(dar_golden)];
	struct statefile_dar f;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf, dar_golden, sizeof(buf));
		buf[cases[i].off] = cases[i].val;
		reseal(buf, sizeof(buf));
		why = NULL;
		ck_assert_msg(statefile_dar_decode(buf, sizeof(buf), &f,
		    &why) == -1, "case %zu decoded", i);
		ck_assert_str_eq(why, cases[i].why);
		ck_assert_uint_eq(f.count, 0);
	}
	/* the MN's file is not the DAR's */
	ck_assert_int_eq(statefile_dar_decode(mn_golden, sizeof(mn_golden), &f,
	    &why), -1);
}
END_TEST

START_TEST(dar_encode_refuses)
{
	uint8_t buf[512];
	struct bc_entry e;
	size_t len;

	dar_entry(&e);
	e.state = (enum bc_state)7;
	ck_assert_int_eq(statefile_dar_encode(&e, 1, T0, buf, sizeof(buf),
	    &len), -1);
	ck_assert_int_eq(errno, EINVAL);
	dar_entry(&e);
	e.has_phkt = false;
	ck_assert_int_eq(statefile_dar_encode(&e, 1, T0, buf, sizeof(buf),
	    &len), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* --- MN ----------------------------------------------------------------- */

START_TEST(mn_golden_bytes)
{
	static struct statefile_mn f, g;
	uint8_t buf[sizeof(mn_golden)];
	const struct bul_addr *a, *b;
	size_t len;

	mn_file(&f);
	ck_assert_uint_eq(statefile_mn_size(1), sizeof(mn_golden));
	ck_assert_int_eq(statefile_mn_encode(&f, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, sizeof(mn_golden));
	ck_assert_mem_eq(buf, mn_golden, len);
	ck_assert_int_eq(statefile_mn_decode(mn_golden, sizeof(mn_golden), &g,
	    NULL), 0);
	ck_assert_uint_eq(g.count, 1);
	ck_assert_uint_eq(g.saved_at, T0);
	ck_assert_mem_eq(g.spki_sha256, f.spki_sha256, 32);
	a = &f.addr[0].a;
	b = &g.addr[0].a;
	ck_assert_mem_eq(&b->addr, &a->addr, 16);
	ck_assert_mem_eq(&b->anchor, &a->anchor, 16);
	ck_assert_mem_eq(b->prefix, a->prefix, CGA_PREFIX_LEN);
	ck_assert_int_eq(b->state, BULA_BOUND);
	ck_assert(b->wanted && b->has_phkt && b->seq_valid && b->tunnel &&
	    b->acked);
	ck_assert(!g.addr[0].current && !g.addr[0].primary &&
	    !g.addr[0].pinned && !g.addr[0].released);
	ck_assert_uint_eq(b->seq, 0x4321);
	ck_assert_uint_eq(b->lifetime, 600);
	ck_assert_uint_eq(b->bound_until, T0 + 598000);
	ck_assert_mem_eq(b->phkt, a->phkt, AUTH_PHKT_LEN);
	ck_assert_mem_eq(&b->tunnel_coa, &a->tunnel_coa, 16);
	ck_assert_mem_eq(&b->acked_coa, &a->acked_coa, 16);
}
END_TEST

START_TEST(mn_round_trip)
{
	static struct statefile_mn f, g;
	static uint8_t buf[8192], again[8192];
	size_t len, len2, i;

	mn_file(&f);
	for (i = 1; i < BUL_MAX_ADDRS; i++) {
		f.addr[i] = f.addr[0];
		f.addr[i].a.addr.s6_addr[3] = (uint8_t)i;
		memcpy(f.addr[i].a.prefix, f.addr[i].a.addr.s6_addr,
		    CGA_PREFIX_LEN);
		f.addr[i].a.cc = (uint8_t)(i % 3);
		f.addr[i].a.state = (enum bul_state)(i % 8);
		f.addr[i].pinned = i % 2;
		f.addr[i].released = i % 3 == 0;
	}
	f.count = BUL_MAX_ADDRS;
	f.addr[5].current = true;
	f.addr[7].primary = true;
	f.addr[9].a.has_phkt = false;
	memset(f.addr[9].a.phkt, 0, AUTH_PHKT_LEN);
	ck_assert_int_eq(statefile_mn_encode(&f, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, statefile_mn_size(BUL_MAX_ADDRS));
	ck_assert_int_eq(statefile_mn_decode(buf, len, &g, NULL), 0);
	ck_assert_uint_eq(g.count, BUL_MAX_ADDRS);
	ck_assert(g.addr[5].current && g.addr[7].primary);
	ck_assert(g.addr[3].pinned && g.addr[3].released);
	ck_assert(!g.addr[9].a.has_phkt);
	ck_assert_int_eq(statefile_mn_encode(&g, again, sizeof(again), &len2),
	    0);
	ck_assert_uint_eq(len2, len);
	ck_assert_mem_eq(again, buf, len);
	/* one address more than a list holds */
	f.count = BUL_MAX_ADDRS + 1;
	ck_assert_int_eq(statefile_mn_encode(&f, buf, sizeof(buf), &len), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(mn_truncated_and_damaged)
{
	static struct statefile_mn g;
	uint8_t buf[sizeof(mn_golden)];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(mn_golden); i++)
		ck_assert_msg(statefile_mn_decode(mn_golden, i, &g, &why) ==
		    -1 && errno == EBADMSG, "decoded %zu octets", i);
	for (i = 0; i < sizeof(mn_golden); i++) {
		memcpy(buf, mn_golden, sizeof(buf));
		buf[i] ^= 0x80;
		ck_assert_msg(statefile_mn_decode(buf, sizeof(buf), &g,
		    &why) == -1, "octet %zu changed, decoded", i);
		ck_assert_uint_eq(g.count, 0);
	}
}
END_TEST

START_TEST(mn_non_canonical)
{
	static const struct {
		size_t	 off;
		uint8_t	 val;
	} cases[] = {
		{ 56 + 40, 3 },		/* collision count 3 */
		{ 56 + 41, 8 },		/* state */
		{ 56 + 42, 0x02 },	/* flags: an unknown bit */
		{ 56 + 43, 0x71 },	/* token absent, octets set */
		{ 56 + 43, 0x69 },	/* seq not valid, seq set */
		{ 56 + 43, 0x59 },	/* no tunnel, tunnel CoA set */
		{ 56 + 43, 0x39 },	/* not acked, acked CoA set */
		{ 56 + 46, 1 },		/* reserved */
		{ 56 + 52, 1 },		/* reserved */
		{ 56 + 39, 1 },		/* prefix not the address's */
	};
	static struct statefile_mn g;
	uint8_t buf[sizeof(mn_golden)];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf, mn_golden, sizeof(buf));
		buf[cases[i].off] = cases[i].val;
		reseal(buf, sizeof(buf));
		why = NULL;
		ck_assert_msg(statefile_mn_decode(buf, sizeof(buf), &g,
		    &why) == -1, "case %zu decoded", i);
		ck_assert_str_eq(why, "an address out of range");
	}
	/* two current addresses */
	{
		static struct statefile_mn f;
		static uint8_t big[1024];
		size_t len;

		mn_file(&f);
		f.addr[1] = f.addr[0];
		f.addr[1].a.addr.s6_addr[3] = 9;
		memcpy(f.addr[1].a.prefix, f.addr[1].a.addr.s6_addr, 8);
		f.count = 2;
		f.addr[0].current = true;
		ck_assert_int_eq(statefile_mn_encode(&f, big, sizeof(big),
		    &len), 0);
		big[24 + 32 + 104 + 43] |= 0x80;	/* current, again */
		reseal(big, len);
		ck_assert_int_eq(statefile_mn_decode(big, len, &g, &why), -1);
		/* more records than a list holds */
		memcpy(buf, mn_golden, sizeof(buf));
		buf[15] = BUL_MAX_ADDRS + 1;
		reseal(buf, sizeof(buf));
		ck_assert_int_eq(statefile_mn_decode(buf, sizeof(buf), &g,
		    &why), -1);
		ck_assert_int_eq(statefile_mn_decode(dar_golden,
		    sizeof(dar_golden), &g, &why), -1);
		ck_assert_str_eq(why, "not a fama state file of this kind");
	}
}
END_TEST

/* --- clocks ------------------------------------------------------------- */

START_TEST(clocks)
{
	/* monotonic 5000 is real T0 */
	ck_assert_uint_eq(statefile_to_real(0, 5000, T0), 0);
	ck_assert_uint_eq(statefile_to_real(5000, 5000, T0), T0);
	ck_assert_uint_eq(statefile_to_real(65000, 5000, T0), T0 + 60000);
	ck_assert_uint_eq(statefile_to_real(1000, 5000, T0), T0 - 4000);
	ck_assert_uint_eq(statefile_to_mono(T0 + 60000, 5000, T0), 65000);
	ck_assert_uint_eq(statefile_to_mono(0, 5000, T0), 0);
	/* further back than the monotonic clock goes: 1, "long ago" */
	ck_assert_uint_eq(statefile_to_mono(T0 - 10000, 5000, T0), 1);
	ck_assert_uint_eq(statefile_to_mono(UINT64_MAX, 5000, T0),
	    UINT64_MAX - T0 + 5000);
	/* further ahead than 64 bits go: clamped */
	ck_assert_uint_eq(statefile_to_real(UINT64_MAX, 5000, T0),
	    UINT64_MAX - 1);
	ck_assert_uint_eq(statefile_to_mono(statefile_to_real(123456, 5000,
	    T0), 5000, T0), 123456);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("statefile");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, dar_golden_encode);
	tcase_add_test(tc, dar_golden_decode);
	tcase_add_test(tc, dar_round_trip);
	tcase_add_test(tc, dar_truncated_and_damaged);
	tcase_add_test(tc, dar_non_canonical);
	tcase_add_test(tc, dar_encode_refuses);
	tcase_add_test(tc, mn_golden_bytes);
	tcase_add_test(tc, mn_round_trip);
	tcase_add_test(tc, mn_truncated_and_damaged);
	tcase_add_test(tc, mn_non_canonical);
	tcase_add_test(tc, clocks);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* proto/mh: golden Mobility Header messages, the DIGEST vectors, round
 * trips over every option set, truncations and single-field mutations. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/buf.h"
#include "proto/mh.h"
#include "tests/testlib.h"

#define BUFSZ	4096

static const struct in6_addr hoa = { .s6_addr = {	/* DIGEST §4.6, Sec 1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02,
	0x2c, 0xb8, 0x69, 0xa8, 0xe3, 0xa0, 0x99, 0x24 } };
static const struct in6_addr coa = { .s6_addr = {	/* 2001:db8:3:4::1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x03, 0x00, 0x04,
	0, 0, 0, 0, 0, 0, 0, 1 } };

/* The BU to a CN of DIGEST §2.5, its checksum as computed there. */
static const char rr_bu_hex[] =
    "3b030500e3c6010080000064040400050006050cb056ee4d1b0cef744bdeed6e";

/* Append hex or a vector file to a test buffer. */
static void
put_hex(struct wbuf *wb, const char *hex)
{
	uint8_t tmp[BUFSZ];

	wb_bytes(wb, tmp, hex2bin(hex, tmp, sizeof(tmp)));
}

static void
put_vector(struct wbuf *wb, const char *name)
{
	uint8_t *v;
	size_t n;

	v = load_vector(name, &n);
	wb_bytes(wb, v, n);
	free(v);
}

/* A recognisable filler for long option data. */
static void
fill(uint8_t *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static void
assert_msg_eq(const struct mh_msg *a, const struct mh_msg *b)
{
	const struct mh_opts *x = &a->opt, *y = &b->opt;

	ck_assert_uint_eq(a->type, b->type);
	ck_assert_uint_eq(a->status, b->status);
	ck_assert_uint_eq(a->flags, b->flags);
	ck_assert_uint_eq(a->seq, b->seq);
	ck_assert_uint_eq(a->lifetime, b->lifetime);
	ck_assert_uint_eq(a->nonce_idx, b->nonce_idx);
	ck_assert_mem_eq(a->cookie, b->cookie, sizeof(a->cookie));
	ck_assert_mem_eq(a->token, b->token, sizeof(a->token));
	ck_assert_mem_eq(&a->hoa, &b->hoa, sizeof(a->hoa));
	ck_assert_uint_eq(x->present, y->present);
	ck_assert_uint_eq(x->refresh, y->refresh);
	ck_assert_mem_eq(&x->alt_coa, &y->alt_coa, sizeof(x->alt_coa));
	ck_assert_uint_eq(x->home_nonce_idx, y->home_nonce_idx);
	ck_assert_uint_eq(x->careof_nonce_idx, y->careof_nonce_idx);
	ck_assert_uint_eq(x->cga_params_len, y->cga_params_len);
	ck_assert_mem_eq(x->cga_params, y->cga_params, x->cga_params_len);
	ck_assert_uint_eq(x->sig_len, y->sig_len);
	ck_assert_mem_eq(x->sig, y->sig, x->sig_len);
	ck_assert_uint_eq(x->phkt_len, y->phkt_len);
	ck_assert_mem_eq(x->phkt, y->phkt, x->phkt_len);
	ck_assert_mem_eq(x->careof_token, y->careof_token,
	    sizeof(x->careof_token));
	ck_assert_mem_eq(x->auth, y->auth, sizeof(x->auth));
	ck_assert_uint_eq(x->sig_off, y->sig_off);
	ck_assert_uint_eq(x->bad_off, y->bad_off);
	ck_assert_uint_eq(x->unknown, y->unknown);
}

/* Decode a copy of exactly len octets, so that ASan sees any over-read. */
static int
decode_exact(const uint8_t *p, size_t len, struct mh_msg *m)
{
	uint8_t *copy;
	int rv, e;

	copy = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, p, len);
	errno = 0;
	rv = mh_decode(copy, len, m);
	e = errno;
	free(copy);
	errno = e;
	return rv;
}

static void
assert_bad(const uint8_t *p, size_t len)
{
	struct mh_msg m;

	ck_assert_int_eq(decode_exact(p, len, &m), -1);
	ck_assert_int_eq(errno, EBADMSG);
}

/* Every proper prefix of a message fails cleanly. */
static void
assert_truncations_fail(const uint8_t *p, size_t len)
{
	size_t n;

	for (n = 0; n < len; n++)
		assert_bad(p, n);
}

/* wire must decode to want, want must encode to wire (checksum 0), and
 * every truncation of wire must fail. */
static void
golden(const uint8_t *wire, size_t len, const struct mh_msg *want)
{
	struct mh_msg m, e;
	uint8_t out[BUFSZ];
	size_t n;

	ck_assert_uint_eq(len % 8, 0);
	ck_assert_int_eq(decode_exact(wire, len, &m), 0);
	assert_msg_eq(&m, want);

	e = *want;
	e.opt.sig_off = e.opt.bad_off = 12345;
	ck_assert_int_eq(mh_encode(&e, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, wire, len);
	ck_assert_uint_eq(e.opt.sig_off, want->opt.sig_off);
	ck_assert_uint_eq(e.opt.bad_off, want->opt.bad_off);

	assert_truncations_fail(wire, len);
}

static void
golden_hex(const char *hex, const struct mh_msg *want)
{
	uint8_t w[BUFSZ];

	golden(w, hex2bin(hex, w, sizeof(w)), want);
}

static void
msg_init(struct mh_msg *m, uint8_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
}

START_TEST(golden_brr)
{
	static const char hex[] =
	    "3b"		/* Payload Proto 59 */
	    "00"		/* Header Len 0: 8 octets */
	    "00"		/* MH Type 0, BRR */
	    "00"		/* Reserved */
	    "0000"		/* Checksum, left to the caller */
	    "0000";		/* Reserved */
	struct mh_msg m;

	msg_init(&m, MH_BRR);
	golden_hex(hex, &m);
}
END_TEST

START_TEST(golden_hoti_cga_req)
{
	static const char hex[] =
	    "3b 02 01 00"	/* proto 59, Header Len 2 (24), HoTI, rsvd */
	    "0000"		/* Checksum */
	    "0000"		/* Reserved */
	    "a1a2a3a4a5a6a7a8"	/* Home Init Cookie */
	    "0b 00"		/* 16: CGA Parameters Request, length 0 */
	    "01 04 00000000";	/* 18: PadN(4) to 24 */
	struct mh_msg m;

	msg_init(&m, MH_HOTI);
	hex2bin("a1a2a3a4a5a6a7a8", m.cookie, sizeof(m.cookie));
	m.opt.present = MHO_F(MHO_CGA_REQ);
	golden_hex(hex, &m);
}
END_TEST

START_TEST(golden_coti)
{
	static const char hex[] =
	    "3b 01 02 00"	/* proto 59, Header Len 1 (16), CoTI, rsvd */
	    "0000"		/* Checksum */
	    "0000"		/* Reserved */
	    "c1c2c3c4c5c6c7c8";	/* Care-of Init Cookie; no options */
	struct mh_msg m;

	msg_init(&m, MH_COTI);
	hex2bin("c1c2c3c4c5c6c7c8", m.cookie, sizeof(m.cookie));
	golden_hex(hex, &m);
}
END_TEST

START_TEST(golden_hot)
{
	static const char hex[] =
	    "3b 02 03 00"	/* proto 59, Header Len 2 (24), HoT, rsvd */
	    "0000"		/* Checksum */
	    "0005"		/* Home Nonce Index 5 */
	    "a1a2a3a4a5a6a7a8"	/* Home Init Cookie, echoed */
	    "b0081a34d46d8efc";	/* Home Keygen Token (DIGEST §2.5) */
	struct mh_msg m;

	msg_init(&m, MH_HOT);
	m.nonce_idx = 5;
	hex2bin("a1a2a3a4a5a6a7a8", m.cookie, sizeof(m.cookie));
	hex2bin("b0081a34d46d8efc", m.token, sizeof(m.token));
	golden_hex(hex, &m);
}
END_TEST

START_TEST(golden_cot)
{
	static const char hex[] =
	    "3b 02 04 00"	/* proto 59, Header Len 2 (24), CoT, rsvd */
	    "0000"		/* Checksum */
	    "0006"		/* Care-of Nonce Index 6 */
	    "c1c2c3c4c5c6c7c8"	/* Care-of Init Cookie, echoed */
	    "54f7bf2278d1ad8e";	/* Care-of Keygen Token (DIGEST §2.5) */
	struct mh_msg m;

	msg_init(&m, MH_COT);
	m.nonce_idx = 6;
	hex2bin("c1c2c3c4c5c6c7c8", m.cookie, sizeof(m.cookie));
	hex2bin("54f7bf2278d1ad8e", m.token, sizeof(m.token));
	golden_hex(hex, &m);
}
END_TEST

/* An early BU (RFC 4866 concurrent care-of test) with an Alternate CoA:
 * every RFC 6275 alignment but BRA's. */
static const char bu_early_hex[] =
    "3b 06 05 00"		/* proto 59, Header Len 6 (56), BU, rsvd */
    "0000"			/* Checksum */
    "0002"			/* Sequence 2 */
    "8000"			/* A */
    "0064"			/* Lifetime 100 (400 s) */
    "0f 00"			/* 12: Care-of Test Init option */
    "03 10"			/* 14 = 8n+6: Alternate CoA, 16 octets */
    "20010db8000300040000000000000001"
    "04 04 0000 0006"		/* 32 = 2n: Nonce Indices, home 0, care-of 6 */
    "01 02 0000"		/* 38: PadN(2) */
    "05 0c"			/* 42 = 8n+2: BAD, 12 octets */
    "000102030405060708090a0b";	/* authenticator; ends at 56 */

static void
bu_early_msg(struct mh_msg *m)
{
	msg_init(m, MH_BU);
	m->seq = 2;
	m->flags = MH_BU_A;
	m->lifetime = 100;
	m->opt.present = MHO_F(MHO_COTI) | MHO_F(MHO_ALTCOA) |
	    MHO_F(MHO_NONCE) | MHO_F(MHO_BAD);
	m->opt.alt_coa = coa;
	m->opt.careof_nonce_idx = 6;
	hex2bin("000102030405060708090a0b", m->opt.auth, MH_AUTH_LEN);
	m->opt.bad_off = 42;
}

START_TEST(golden_bu_early)
{
	struct mh_msg m;

	bu_early_msg(&m);
	golden_hex(bu_early_hex, &m);
}
END_TEST

/* The BA of an accepted first registration: BRA, the encrypted PHKT of
 * DIGEST §5.3, Nonce Indices and BAD. */
START_TEST(golden_ba_phkt)
{
	uint8_t w[BUFSZ], *phkt;
	struct mh_msg m;
	struct wbuf wb;
	size_t plen;

	wb_init(&wb, w, sizeof(w));
	put_hex(&wb, "3b 14 06 00");	/* proto 59, Header Len 20 (168), BA */
	put_hex(&wb, "0000");		/* Checksum */
	put_hex(&wb, "00");		/* Status 0, accepted */
	put_hex(&wb, "00");		/* flags: none */
	put_hex(&wb, "0001");		/* Sequence 1 */
	put_hex(&wb, "0096");		/* Lifetime 150 (600 s) */
	put_hex(&wb, "02 02 0040");	/* 12 = 2n: BRA, refresh 64 (256 s) */
	put_hex(&wb, "0e 80");		/* 16: PHKT, 128 octets */
	put_vector(&wb, "phkt_ciphertext_pkcs1v15.bin");
	put_hex(&wb, "04 04 0000 0000");/* 146 = 2n: Nonce Indices 0, 0 */
	put_hex(&wb, "01 00");		/* 152: PadN(0) */
	put_hex(&wb, "05 0c");		/* 154 = 8n+2: BAD */
	put_hex(&wb, "f0f1f2f3f4f5f6f7f8f9fafb"); /* ends at 168 = 8n */
	ck_assert_int_eq(wb_done(&wb), 0);
	ck_assert_uint_eq(wb.len, 168);

	msg_init(&m, MH_BA);
	m.seq = 1;
	m.lifetime = 150;
	m.opt.present = MHO_F(MHO_BRA) | MHO_F(MHO_PHKT) | MHO_F(MHO_NONCE) |
	    MHO_F(MHO_BAD);
	m.opt.refresh = 64;
	phkt = load_vector("phkt_ciphertext_pkcs1v15.bin", &plen);
	ck_assert_uint_eq(plen, 128);
	memcpy(m.opt.phkt, phkt, plen);
	m.opt.phkt_len = plen;
	free(phkt);
	hex2bin("f0f1f2f3f4f5f6f7f8f9fafb", m.opt.auth, MH_AUTH_LEN);
	m.opt.bad_off = 154;
	ck_assert_uint_eq(m.opt.bad_off % 8, 2);
	ck_assert_uint_eq((m.opt.bad_off + 2 + MH_AUTH_LEN) % 8, 0);
	golden(w, wb.len, &m);
}
END_TEST

START_TEST(golden_ba_careof_test)
{
	static const char hex[] =
	    "3b 02 06 00"	/* proto 59, Header Len 2 (24), BA, rsvd */
	    "0000"		/* Checksum */
	    "00"		/* Status 0 */
	    "80"		/* K */
	    "0002"		/* Sequence 2 */
	    "0000"		/* Lifetime 0 */
	    "10 08"		/* 12: Care-of Test option */
	    "54f7bf2278d1ad8e"	/* Care-of Keygen Token */
	    "01 00";		/* 22: PadN(0) to 24 */
	struct mh_msg m;

	msg_init(&m, MH_BA);
	m.flags = MH_BA_K;
	m.seq = 2;
	m.opt.present = MHO_F(MHO_COT);
	hex2bin("54f7bf2278d1ad8e", m.opt.careof_token, MH_TOKEN_LEN);
	golden_hex(hex, &m);
}
END_TEST

/* A first registration signed with a 2040-bit key: CGA Parameters of 318
 * octets split 255 + 63, a 255-octet signature, Pad1 to the end. */
START_TEST(golden_bu_2040)
{
	uint8_t w[BUFSZ], params[318], sig[255];
	struct mh_msg m;
	struct wbuf wb;

	fill(params, sizeof(params), 1);
	fill(sig, sizeof(sig), 2);
	wb_init(&wb, w, sizeof(w));
	put_hex(&wb, "3b 49 05 00");	/* proto 59, Header Len 73 (592), BU */
	put_hex(&wb, "0000");		/* Checksum */
	put_hex(&wb, "0003");		/* Sequence 3 */
	put_hex(&wb, "c000");		/* A|H */
	put_hex(&wb, "0096");		/* Lifetime 150 */
	put_hex(&wb, "0c ff");		/* 12: CGA Parameters, 255 octets */
	wb_bytes(&wb, params, 255);
	put_hex(&wb, "0c 3f");		/* 269: CGA Parameters, the last 63 */
	wb_bytes(&wb, params + 255, 63);
	put_hex(&wb, "0d ff");		/* 334: Signature, 255 octets */
	wb_bytes(&wb, sig, sizeof(sig));
	put_hex(&wb, "00");		/* 591: Pad1 to 592 */
	ck_assert_int_eq(wb_done(&wb), 0);
	ck_assert_uint_eq(wb.len, 592);

	msg_init(&m, MH_BU);
	m.seq = 3;
	m.flags = MH_BU_A | MH_BU_H;
	m.lifetime = 150;
	m.opt.present = MHO_F(MHO_CGA) | MHO_F(MHO_SIG);
	memcpy(m.opt.cga_params, params, sizeof(params));
	m.opt.cga_params_len = sizeof(params);
	memcpy(m.opt.sig, sig, sizeof(sig));
	m.opt.sig_len = sizeof(sig);
	m.opt.sig_off = 334;
	golden(w, wb.len, &m);
}
END_TEST

START_TEST(golden_be)
{
	static const char hex[] =
	    "3b 02 07 00"	/* proto 59, Header Len 2 (24), BE, rsvd */
	    "0000"		/* Checksum */
	    "02"		/* Status 2: unrecognized MH type */
	    "00"		/* Reserved */
	    "20010db8000100022cb869a8e3a09924";	/* Home Address */
	struct mh_msg m;

	msg_init(&m, MH_BE);
	m.status = BE_UNKNOWN_MH_TYPE;
	m.hoa = hoa;
	golden_hex(hex, &m);
}
END_TEST

/* DIGEST §5.2: the signed BU of the Sec 1 CGA. */
START_TEST(vector_signed_bu)
{
	uint8_t *bu, *params, *sig, *sd, out[BUFSZ];
	size_t bulen, plen, slen, sdlen, n;
	struct mh_msg m;

	bu = load_vector("signed_bu.bin", &bulen);
	params = load_vector("cga_params_sec1.bin", &plen);
	sig = load_vector("sig.bin", &slen);
	sd = load_vector("signed_data.bin", &sdlen);

	ck_assert_int_eq(decode_exact(bu, bulen, &m), 0);
	ck_assert_uint_eq(m.type, MH_BU);
	ck_assert_uint_eq(m.seq, 1);
	ck_assert_uint_eq(m.flags, MH_BU_A | MH_BU_H);
	ck_assert_uint_eq(m.lifetime, 0x96);
	ck_assert_uint_eq(m.opt.present, MHO_F(MHO_CGA) | MHO_F(MHO_SIG));
	ck_assert_uint_eq(m.opt.cga_params_len, 187);
	ck_assert_uint_eq(plen, 187);
	ck_assert_mem_eq(m.opt.cga_params, params, plen);
	ck_assert_uint_eq(m.opt.sig_len, slen);
	ck_assert_mem_eq(m.opt.sig, sig, slen);
	ck_assert_uint_eq(m.opt.sig_off, 201);
	ck_assert_uint_eq(m.opt.bad_off, 0);
	ck_assert_uint_eq(m.opt.unknown, 0);

	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, bulen);
	ck_assert_uint_eq(out[4], 0);
	ck_assert_uint_eq(out[5], 0);
	ck_assert_mem_eq(out, bu, MH_CKSUM_OFF);
	ck_assert_mem_eq(out + 6, bu + 6, bulen - 6);
	ck_assert_uint_eq(m.opt.sig_off, 201);
	/* What was signed: TAG, CoA, anchor, then the MH up to and with
	 * the Signature's Type and Length, checksum 0. */
	ck_assert_uint_eq(sdlen, 48 + m.opt.sig_off + 2);
	ck_assert_mem_eq(sd + 48, out, m.opt.sig_off + 2);

	assert_truncations_fail(bu, bulen);
	free(bu);
	free(params);
	free(sig);
	free(sd);
}
END_TEST

/* DIGEST §2.5: the BU to a CN with Nonce Indices and BAD. */
START_TEST(vector_rr_bu)
{
	uint8_t w[64], out[64];
	struct mh_msg m;
	size_t n, len;

	len = hex2bin(rr_bu_hex, w, sizeof(w));
	ck_assert_int_eq(decode_exact(w, len, &m), 0);
	ck_assert_uint_eq(m.type, MH_BU);
	ck_assert_uint_eq(m.seq, 0x0100);
	ck_assert_uint_eq(m.flags, MH_BU_A);
	ck_assert_uint_eq(m.lifetime, 100);
	ck_assert_uint_eq(m.opt.present, MHO_F(MHO_NONCE) | MHO_F(MHO_BAD));
	ck_assert_uint_eq(m.opt.home_nonce_idx, 5);
	ck_assert_uint_eq(m.opt.careof_nonce_idx, 6);
	ck_assert_uint_eq(m.opt.bad_off, 18);
	ck_assert_uint_eq(m.opt.sig_off, 0);
	hex2bin("b056ee4d1b0cef744bdeed6e", out, sizeof(out));
	ck_assert_mem_eq(m.opt.auth, out, MH_AUTH_LEN);

	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, len);
	ck_assert_uint_eq(get_u16(out + MH_CKSUM_OFF), 0);
	w[4] = w[5] = 0;
	ck_assert_mem_eq(out, w, len);
	assert_truncations_fail(w, len);
}
END_TEST

/*
 * Round trips over every option set of every type, with the layout
 * checked by a walker of its own: alignment, BAD last and ending on 8n,
 * the CGA Parameters consecutive, the total a multiple of 8.
 */
static void
check_layout(const uint8_t *p, size_t len, const struct mh_msg *m)
{
	size_t off = mh_fixed_len(p[2]), cga = 0, cga_end = 0;
	bool bad_seen = false;
	uint8_t t, l;

	ck_assert_uint_eq(len % 8, 0);
	ck_assert_uint_eq(((size_t)p[1] + 1) * 8, len);
	ck_assert_uint_eq(p[0], MH_PAYLOAD_NONE);
	ck_assert_uint_eq(get_u16(p + MH_CKSUM_OFF), 0);
	while (off < len) {
		t = p[off];
		if (t == MHO_PAD1) {
			off++;
			continue;
		}
		ck_assert_uint_lt(off + 1, len);
		l = p[off + 1];
		ck_assert_uint_le(off + 2 + l, len);
		if (t != MHO_PADN)
			ck_assert(!bad_seen);
		switch (t) {
		case MHO_PADN:
			break;
		case MHO_BRA:
		case MHO_NONCE:
			ck_assert_uint_eq(off % 2, 0);
			break;
		case MHO_ALTCOA:
			ck_assert_uint_eq(off % 8, 6);
			break;
		case MHO_BAD:
			ck_assert_uint_eq(off % 8, 2);
			ck_assert_uint_eq(off, m->opt.bad_off);
			ck_assert_uint_eq((off + 2 + l) % 8, 0);
			bad_seen = true;
			break;
		case MHO_CGA:
			if (cga > 0)
				ck_assert_uint_eq(off, cga_end);
			cga += l;
			cga_end = off + 2 + l;
			if (cga < m->opt.cga_params_len)
				ck_assert_uint_eq(l, 255);
			break;
		case MHO_SIG:
			ck_assert_uint_eq(off, m->opt.sig_off);
			break;
		default:
			break;
		}
		off += 2 + (size_t)l;
	}
	ck_assert_uint_eq(off, len);
	ck_assert_uint_eq(cga, m->opt.cga_params_len);
}

static const uint8_t known_opts[] = {
	MHO_BRA, MHO_ALTCOA, MHO_NONCE, MHO_BAD, MHO_CGA_REQ, MHO_CGA,
	MHO_SIG, MHO_PHKT, MHO_COTI, MHO_COT
};

static void
random_msg(struct mh_msg *m, uint8_t type, unsigned set)
{
	size_t i;

	msg_init(m, type);
	m->status = (uint8_t)(set * 13);
	m->flags = type == MH_BA ? (uint8_t)(set * 5) : (uint16_t)(set * 77);
	m->seq = (uint16_t)(set * 31 + 1);
	m->lifetime = (uint16_t)(set * 3);
	m->nonce_idx = (uint16_t)(set + 9);
	fill(m->cookie, sizeof(m->cookie), set);
	fill(m->token, sizeof(m->token), set + 1);
	fill(m->hoa.s6_addr, sizeof(m->hoa), set + 2);
	/* Fields the type does not carry stay zero after a decode. */
	switch (type) {
	case MH_BRR:
	case MH_HOTI:
	case MH_COTI:
		m->status = 0;
		m->flags = m->seq = m->lifetime = m->nonce_idx = 0;
		memset(m->token, 0, sizeof(m->token));
		if (type == MH_BRR)
			memset(m->cookie, 0, sizeof(m->cookie));
		memset(&m->hoa, 0, sizeof(m->hoa));
		break;
	case MH_HOT:
	case MH_COT:
		m->status = 0;
		m->flags = m->seq = m->lifetime = 0;
		memset(&m->hoa, 0, sizeof(m->hoa));
		break;
	case MH_BU:
	case MH_BA:
		if (type == MH_BU)
			m->status = 0;
		m->nonce_idx = 0;
		memset(m->cookie, 0, sizeof(m->cookie));
		memset(m->token, 0, sizeof(m->token));
		memset(&m->hoa, 0, sizeof(m->hoa));
		break;
	case MH_BE:
		m->flags = m->seq = m->lifetime = m->nonce_idx = 0;
		memset(m->cookie, 0, sizeof(m->cookie));
		memset(m->token, 0, sizeof(m->token));
		break;
	}
	for (i = 0; i < sizeof(known_opts); i++)
		if (set & 1u << i)
			m->opt.present |= MHO_F(known_opts[i]);
	m->opt.refresh = (uint16_t)(set ^ 0x5a5a);
	fill(m->opt.alt_coa.s6_addr, sizeof(m->opt.alt_coa), set + 3);
	m->opt.home_nonce_idx = (uint16_t)(set + 100);
	m->opt.careof_nonce_idx = (uint16_t)(set + 200);
	/* Lengths sweep 1 .. the maximum, the 255 boundaries included. */
	m->opt.cga_params_len = 1 + (set * 37 + type * 255) % MH_CGA_PARAMS_MAX;
	fill(m->opt.cga_params, m->opt.cga_params_len, set + 4);
	m->opt.sig_len = 1 + (set + type * 11) % MH_OPT_DATA_MAX;
	fill(m->opt.sig, m->opt.sig_len, set + 5);
	m->opt.phkt_len = 1 + (set * 3 + type) % MH_OPT_DATA_MAX;
	fill(m->opt.phkt, m->opt.phkt_len, set + 6);
	fill(m->opt.careof_token, MH_TOKEN_LEN, set + 7);
	fill(m->opt.auth, MH_AUTH_LEN, set + 8);
	if (!(m->opt.present & MHO_F(MHO_CGA)))
		m->opt.cga_params_len = 0;
	if (!(m->opt.present & MHO_F(MHO_SIG)))
		m->opt.sig_len = 0;
	if (!(m->opt.present & MHO_F(MHO_PHKT)))
		m->opt.phkt_len = 0;
}

/* What decoding gives back for the fields an option does not carry. */
static void
clear_absent(struct mh_msg *m)
{
	struct mh_opts *o = &m->opt;

	if (!(o->present & MHO_F(MHO_BRA)))
		o->refresh = 0;
	if (!(o->present & MHO_F(MHO_ALTCOA)))
		memset(&o->alt_coa, 0, sizeof(o->alt_coa));
	if (!(o->present & MHO_F(MHO_NONCE)))
		o->home_nonce_idx = o->careof_nonce_idx = 0;
	if (!(o->present & MHO_F(MHO_COT)))
		memset(o->careof_token, 0, sizeof(o->careof_token));
	if (!(o->present & MHO_F(MHO_BAD)))
		memset(o->auth, 0, sizeof(o->auth));
	memset(o->cga_params + o->cga_params_len, 0,
	    sizeof(o->cga_params) - o->cga_params_len);
	memset(o->sig + o->sig_len, 0, sizeof(o->sig) - o->sig_len);
	memset(o->phkt + o->phkt_len, 0, sizeof(o->phkt) - o->phkt_len);
}

START_TEST(roundtrip_all_option_sets)
{
	uint8_t type = (uint8_t)_i, out[BUFSZ];
	struct mh_msg m, d;
	unsigned set;
	size_t n;

	for (set = 0; set < 1u << sizeof(known_opts); set++) {
		random_msg(&m, type, set);
		ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);
		ck_assert_uint_le(n, MH_MAX_LEN);
		ck_assert_uint_ge(n, mh_fixed_len(type));
		check_layout(out, n, &m);
		ck_assert_int_eq(decode_exact(out, n, &d), 0);
		clear_absent(&m);
		assert_msg_eq(&d, &m);
	}
}
END_TEST

/* The largest message the struct can describe still fits 2048 octets. */
START_TEST(encode_largest)
{
	uint8_t out[BUFSZ];
	struct mh_msg m, d;
	size_t n;

	random_msg(&m, MH_BE, (1u << sizeof(known_opts)) - 1);
	m.opt.cga_params_len = MH_CGA_PARAMS_MAX;
	m.opt.sig_len = m.opt.phkt_len = MH_OPT_DATA_MAX;
	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);
	check_layout(out, n, &m);
	ck_assert_int_eq(decode_exact(out, n, &d), 0);
	assert_msg_eq(&d, &m);
}
END_TEST

START_TEST(encode_short_buffer)
{
	uint8_t out[BUFSZ];
	struct mh_msg m;
	size_t n, need, cap;

	bu_early_msg(&m);
	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &need), 0);
	for (cap = 0; cap < need; cap++) {
		errno = 0;
		ck_assert_int_eq(mh_encode(&m, out, cap, &n), -1);
		ck_assert_int_eq(errno, EMSGSIZE);
	}
	ck_assert_int_eq(mh_encode(&m, out, need, &n), 0);
	ck_assert_uint_eq(n, need);
}
END_TEST

static void
assert_encode_fails(struct mh_msg *m, int err)
{
	uint8_t out[BUFSZ];
	size_t n;

	errno = 0;
	ck_assert_int_eq(mh_encode(m, out, sizeof(out), &n), -1);
	ck_assert_int_eq(errno, err);
}

START_TEST(encode_rejects)
{
	uint8_t out[BUFSZ];
	struct mh_msg m;
	size_t n;

	msg_init(&m, MH_TYPE_MAX + 1);
	assert_encode_fails(&m, EINVAL);

	/* BA flags are one octet. */
	msg_init(&m, MH_BA);
	m.flags = 0x100;
	assert_encode_fails(&m, EINVAL);
	m.flags = 0xff;
	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);

	/* Only the known options can be asked for, padding included. */
	msg_init(&m, MH_BU);
	m.opt.present = MHO_F(6);
	assert_encode_fails(&m, EINVAL);
	m.opt.present = MHO_F(MHO_PADN);
	assert_encode_fails(&m, EINVAL);

	/* Empty variable-length options would not decode. */
	m.opt.present = MHO_F(MHO_SIG);
	assert_encode_fails(&m, EINVAL);
	m.opt.present = MHO_F(MHO_CGA);
	assert_encode_fails(&m, EINVAL);
	m.opt.present = MHO_F(MHO_PHKT);
	assert_encode_fails(&m, EINVAL);

	/* Lengths past the arrays. */
	m.opt.present = MHO_F(MHO_SIG);
	m.opt.sig_len = MH_OPT_DATA_MAX + 1;
	assert_encode_fails(&m, EMSGSIZE);
	m.opt.present = MHO_F(MHO_PHKT);
	m.opt.phkt_len = MH_OPT_DATA_MAX + 1;
	assert_encode_fails(&m, EMSGSIZE);
	m.opt.present = MHO_F(MHO_CGA);
	m.opt.cga_params_len = MH_CGA_PARAMS_MAX + 1;
	assert_encode_fails(&m, EMSGSIZE);
	m.opt.cga_params_len = MH_CGA_PARAMS_MAX;
	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);
}
END_TEST

/*
 * Mutations.  Each builds a message that decodes, then changes one thing
 * and expects EBADMSG, so that a failure is due to that one change.
 */
static size_t
build(uint8_t *w, const char *hex)
{
	size_t n = hex2bin(hex, w, BUFSZ);

	ck_assert_uint_eq(n % 8, 0);
	w[1] = (uint8_t)(n / 8 - 1);
	return n;
}

static void
assert_ok(const uint8_t *p, size_t len)
{
	struct mh_msg m;

	ck_assert_int_eq(decode_exact(p, len, &m), 0);
}

/* Pad a message being built to 8n with Pad1s, set its Header Len, and
 * expect it to decode or not. */
static void
finish_expect(struct wbuf *wb, bool ok)
{
	wb_zero(wb, (8 - wb->len % 8) % 8);
	ck_assert_int_eq(wb_done(wb), 0);
	wb->p[1] = (uint8_t)(wb->len / 8 - 1);
	if (ok)
		assert_ok(wb->p, wb->len);
	else
		assert_bad(wb->p, wb->len);
}

START_TEST(mutate_header)
{
	uint8_t w[BUFSZ];
	struct mh_msg m;
	size_t n;

	n = hex2bin(bu_early_hex, w, sizeof(w));
	assert_ok(w, n);
	w[0] = 58;			/* Payload Proto not 59 */
	assert_bad(w, n);
	w[0] = MH_PAYLOAD_NONE;
	w[1]++;				/* Header Len past the data */
	assert_bad(w, n);
	w[1] -= 2;			/* and short of it */
	assert_bad(w, n);
	w[1]++;
	assert_bad(w, n - 1);		/* not a multiple of 8 */
	assert_bad(w, 0);
	ck_assert_int_eq(mh_decode(NULL, 0, &m), -1);
	ck_assert_int_eq(errno, EBADMSG);
}
END_TEST

/* Header Len below the fixed part, per type (RFC 6275 §9.2 step 3). */
START_TEST(mutate_header_len_minimum)
{
	static const uint8_t min[] = { 0, 1, 1, 2, 2, 1, 1, 2 };
	uint8_t w[64], t;

	for (t = 0; t <= MH_TYPE_MAX; t++) {
		ck_assert_uint_eq((mh_fixed_len(t) + 7) / 8 - 1, min[t]);
		/* Zeros past the fixed part are Pad1s. */
		memset(w, 0, sizeof(w));
		w[0] = MH_PAYLOAD_NONE;
		w[2] = t;
		w[1] = min[t];
		assert_ok(w, ((size_t)min[t] + 1) * 8);
		if (min[t] == 0)
			continue;
		w[1] = (uint8_t)(min[t] - 1);
		assert_bad(w, (size_t)min[t] * 8);
	}
}
END_TEST

START_TEST(unknown_type)
{
	uint8_t w[64];
	struct mh_msg m;
	size_t n;

	n = build(w, "3b 00 08 00 0000 0000");	/* type 8, Fast BU */
	errno = 0;
	ck_assert_int_eq(decode_exact(w, n, &m), -1);
	ck_assert_int_eq(errno, EPROTONOSUPPORT);
	ck_assert_uint_eq(m.type, 8);
	w[2] = 255;
	ck_assert_int_eq(decode_exact(w, n, &m), -1);
	ck_assert_int_eq(errno, EPROTONOSUPPORT);
	ck_assert_uint_eq(m.type, 255);
	/* Only for a sane generic header. */
	w[0] = 58;
	assert_bad(w, n);
	w[0] = MH_PAYLOAD_NONE;
	w[1] = 1;
	assert_bad(w, n);
	assert_bad(w, 6);
}
END_TEST

START_TEST(mutate_overflowing_option)
{
	uint8_t w[BUFSZ];
	size_t n;

	n = hex2bin(bu_early_hex, w, sizeof(w));
	w[39] = 0x20;			/* PadN at 38 runs past the end */
	assert_bad(w, n);
	/* An unknown option too. */
	n = build(w, "3b 00 05 00 0000 0001 8000 0000 08 02 0000");
	assert_ok(w, n);
	w[13] = 3;
	assert_bad(w, n);
	/* A lone Type octet at the very end. */
	n = build(w, "3b 00 05 00 0000 0001 8000 0000 00 00 00 00");
	assert_ok(w, n);
	w[15] = MHO_PADN;
	assert_bad(w, n);
}
END_TEST

START_TEST(mutate_zero_length_bad)
{
	uint8_t w[BUFSZ];
	size_t n;

	/* BAD of length 0 followed by padding only: the length alone is
	 * wrong. */
	n = build(w, "3b 00 05 00 0000 0001 8000 0000"
	    "01 04 00000000"		/* 12: PadN(4) */
	    "05 0c 000000000000000000000000");	/* 18: BAD */
	assert_ok(w, n);
	n = build(w, "3b 00 05 00 0000 0001 8000 0000"
	    "01 04 00000000"
	    "05 00"			/* 18: BAD, length 0 */
	    "01 0a 00000000000000000000");	/* 20: PadN(10) */
	assert_bad(w, n);
}
END_TEST

START_TEST(mutate_duplicate_nonce)
{
	uint8_t w[BUFSZ];
	size_t n;

	n = build(w, "3b 00 05 00 0000 0001 8000 0000"
	    "04 04 0005 0006"		/* 12: Nonce Indices */
	    "01 04 00000000");		/* 18: PadN(4) */
	assert_ok(w, n);
	n = build(w, "3b 00 05 00 0000 0001 8000 0000"
	    "04 04 0005 0006"
	    "04 04 0005 0006");		/* 18: Nonce Indices again */
	assert_bad(w, n);
}
END_TEST

/* Every known option but CGA Parameters at most once. */
START_TEST(mutate_duplicate_each)
{
	uint8_t w[BUFSZ], t;
	struct wbuf wb;
	size_t i, len;
	int k, copies;

	for (i = 0; i < sizeof(known_opts); i++) {
		t = known_opts[i];
		if (t == MHO_CGA)
			continue;
		len = t == MHO_BRA ? 2 : t == MHO_ALTCOA ? 16 :
		    t == MHO_NONCE ? 4 : t == MHO_BAD ? MH_AUTH_LEN :
		    t == MHO_COT ? MH_TOKEN_LEN :
		    t == MHO_SIG || t == MHO_PHKT ? 9 : 0;
		for (copies = 1; copies <= 2; copies++) {
			wb_init(&wb, w, sizeof(w));
			put_hex(&wb, "3b 00 05 00 0000 0001 8000 0000");
			for (k = 0; k < copies; k++) {
				wb_u8(&wb, t);
				wb_u8(&wb, (uint8_t)len);
				wb_zero(&wb, len);
			}
			finish_expect(&wb, copies == 1);
		}
	}
}
END_TEST

START_TEST(mutate_option_lengths)
{
	static const struct {
		uint8_t	type, min, max;
	} rule[] = {
		{ MHO_BRA, 2, 2 }, { MHO_ALTCOA, 16, 16 },
		{ MHO_NONCE, 4, 4 }, { MHO_BAD, 12, 12 },
		{ MHO_CGA_REQ, 0, 0 }, { MHO_CGA, 1, 255 },
		{ MHO_SIG, 1, 255 }, { MHO_PHKT, 1, 255 },
		{ MHO_COTI, 0, 0 }, { MHO_COT, 8, 8 },
	};
	uint8_t w[BUFSZ];
	struct wbuf wb;
	size_t i;
	int l;

	for (i = 0; i < sizeof(rule) / sizeof(rule[0]); i++) {
		for (l = (int)rule[i].min - 1; l <= rule[i].max + 1; l++) {
			if (l < 0 || l > 255)
				continue;
			wb_init(&wb, w, sizeof(w));
			put_hex(&wb, "3b 00 05 00 0000 0001 8000 0000");
			wb_u8(&wb, rule[i].type);
			wb_u8(&wb, (uint8_t)l);
			wb_zero(&wb, (size_t)l);
			finish_expect(&wb, l >= rule[i].min &&
			    l <= rule[i].max);
		}
	}
}
END_TEST

/* RFC 4866: CGA Parameters options are consecutive, all but the last
 * full. */
START_TEST(mutate_cga_split)
{
	uint8_t w[BUFSZ], d[255];
	struct wbuf wb;
	int c;

	memset(d, 0xcc, sizeof(d));
	/* c: 0 consecutive (good), 1 a PadN in between, 2 a short first,
	 * 3 another option in between, 4 Pad1 in between. */
	for (c = 0; c <= 4; c++) {
		wb_init(&wb, w, sizeof(w));
		put_hex(&wb, "3b 00 05 00 0000 0001 c000 0096");
		put_hex(&wb, c == 2 ? "0c fe" : "0c ff");
		wb_bytes(&wb, d, c == 2 ? 254 : 255);
		if (c == 1)
			put_hex(&wb, "01 00");
		if (c == 3)
			put_hex(&wb, "0b 00");
		if (c == 4)
			put_hex(&wb, "00");
		put_hex(&wb, "0c 3f");
		wb_bytes(&wb, d, 63);
		if (c == 0)
			put_hex(&wb, "01 00");
		if (c == 2)
			put_hex(&wb, "01 01 00");
		if (c == 4)
			put_hex(&wb, "00");
		ck_assert_uint_eq(wb.len % 8, 0);
		finish_expect(&wb, c == 0);
	}
}
END_TEST

/* At most MH_CGA_PARAMS_MAX octets of CGA Parameters. */
START_TEST(mutate_cga_too_long)
{
	uint8_t w[BUFSZ];
	struct mh_msg m;
	struct wbuf wb;
	int k, nopt;

	for (nopt = 4; nopt <= 5; nopt++) {
		wb_init(&wb, w, sizeof(w));
		put_hex(&wb, "3b 00 05 00 0000 0001 c000 0096");
		for (k = 0; k < nopt; k++) {
			put_hex(&wb, "0c ff");
			wb_zero(&wb, 255);
		}
		finish_expect(&wb, nopt == 4);
		if (nopt == 4) {
			ck_assert_int_eq(decode_exact(w, wb.len, &m), 0);
			ck_assert_uint_eq(m.opt.cga_params_len,
			    MH_CGA_PARAMS_MAX);
		}
	}
}
END_TEST

START_TEST(mutate_option_after_bad)
{
	uint8_t w[BUFSZ];
	struct mh_msg m;
	size_t n;

	/* The §2.5 BU with 8 more octets after BAD: padding is fine... */
	n = build(w, "3b 00 05 00 e3c6 0100 8000 0064"
	    "04 04 0005 0006 05 0c b056ee4d1b0cef744bdeed6e"
	    "01 06 000000000000");
	assert_ok(w, n);
	n = build(w, "3b 00 05 00 e3c6 0100 8000 0064"
	    "04 04 0005 0006 05 0c b056ee4d1b0cef744bdeed6e"
	    "00 01 00 00 00 00 00 00");
	ck_assert_int_eq(decode_exact(w, n, &m), 0);
	ck_assert_uint_eq(m.opt.bad_off, 18);
	/* ...a known option is not... */
	n = build(w, "3b 00 05 00 e3c6 0100 8000 0064"
	    "04 04 0005 0006 05 0c b056ee4d1b0cef744bdeed6e"
	    "02 02 0010 01 02 0000");
	assert_bad(w, n);
	/* ...nor an unknown one. */
	n = build(w, "3b 00 05 00 e3c6 0100 8000 0064"
	    "04 04 0005 0006 05 0c b056ee4d1b0cef744bdeed6e"
	    "08 00 01 04 00000000");
	assert_bad(w, n);
}
END_TEST

START_TEST(unknown_options_skipped)
{
	uint8_t w[BUFSZ];
	struct mh_msg m;
	size_t n;

	n = build(w, "3b 00 05 00 0000 0001 8000 0000"
	    "06 03 aabbcc"		/* 12: type 6, Mobile Network Prefix */
	    "ff 00"			/* 17: type 255, empty */
	    "04 04 0005 0006"		/* 19: Nonce Indices, still read */
	    "06 01 dd"			/* 25: type 6 again */
	    "01 02 0000");		/* 28: PadN(2) */
	ck_assert_int_eq(decode_exact(w, n, &m), 0);
	ck_assert_uint_eq(m.opt.unknown, 3);
	ck_assert_uint_eq(m.opt.present, MHO_F(MHO_NONCE));
	ck_assert_uint_eq(m.opt.home_nonce_idx, 5);
	ck_assert_uint_eq(m.opt.careof_nonce_idx, 6);
}
END_TEST

/* Reserved fields are ignored on receive, and the encoder zeroes them. */
START_TEST(reserved_ignored)
{
	uint8_t w[64], out[64];
	struct mh_msg m;
	size_t n, len;

	len = build(w, "3b 00 00 ff 0000 ffff");	/* BRR */
	ck_assert_int_eq(decode_exact(w, len, &m), 0);
	ck_assert_int_eq(mh_encode(&m, out, sizeof(out), &n), 0);
	w[3] = w[6] = w[7] = 0;
	ck_assert_mem_eq(out, w, len);
}
END_TEST

/* RFC 6275 §9.5.1 example: with 15 last, 16 .. 32782 are newer. */
START_TEST(seq_newer)
{
	unsigned v, last;

	for (v = 0; v <= 0xffff; v++)
		ck_assert(mh_seq_newer((uint16_t)v, 15) ==
		    (v >= 16 && v <= 32782));
	for (last = 0; last <= 0xffff; last += 0x1111) {
		ck_assert(!mh_seq_newer((uint16_t)last, (uint16_t)last));
		ck_assert(mh_seq_newer((uint16_t)(last + 1), (uint16_t)last));
		ck_assert(mh_seq_newer((uint16_t)(last + 0x7fff),
		    (uint16_t)last));
		ck_assert(!mh_seq_newer((uint16_t)(last + 0x8000),
		    (uint16_t)last));
		ck_assert(!mh_seq_newer((uint16_t)(last - 1), (uint16_t)last));
	}
}
END_TEST

START_TEST(fixed_len)
{
	static const size_t want[] = { 8, 16, 16, 24, 24, 12, 12, 24 };
	unsigned t;

	for (t = 0; t <= MH_TYPE_MAX; t++)
		ck_assert_uint_eq(mh_fixed_len((uint8_t)t), want[t]);
	for (t = MH_TYPE_MAX + 1; t <= 255; t++)
		ck_assert_uint_eq(mh_fixed_len((uint8_t)t), 0);
}
END_TEST

START_TEST(names)
{
	static const uint8_t st[] = {
		BA_ACCEPTED, BA_UNSPECIFIED, BA_PROHIBITED, BA_NO_RESOURCES,
		BA_HOMEREG_UNSUPPORTED, BA_NOT_HOME_SUBNET, BA_NOT_HOME_AGENT,
		BA_DAD_FAILED, BA_SEQ_OUT_OF_WINDOW, BA_EXPIRED_HOME_NONCE,
		BA_EXPIRED_CAREOF_NONCE, BA_EXPIRED_NONCES,
		BA_REG_TYPE_CHANGE, BA_PHKT_UNAVAILABLE, BA_CGA_SIG_FAILED,
		BA_PHKT_EXISTS, BA_NONNULL_HOME_NONCE, BA_INVALID_COA
	};
	const char *unk_acc = mh_ba_status_name(100);
	const char *unk_rej = mh_ba_status_name(250);
	size_t i, j;
	unsigned t;

	ck_assert_str_eq(mh_type_name(MH_BU), "BU");
	ck_assert_str_eq(mh_type_name(MH_BA), "BA");
	ck_assert_str_eq(mh_type_name(8), "unknown");
	for (t = 0; t <= MH_TYPE_MAX; t++) {
		ck_assert_str_ne(mh_type_name((uint8_t)t), "unknown");
		for (j = 0; j < t; j++)
			ck_assert_str_ne(mh_type_name((uint8_t)t),
			    mh_type_name((uint8_t)j));
	}
	for (t = 0; t <= 255; t++) {
		bool known = t <= MHO_BAD ||
		    (t >= MHO_CGA_REQ && t <= MHO_TYPE_MAX);

		ck_assert_ptr_nonnull(mh_opt_name((uint8_t)t));
		ck_assert(known ==
		    (strcmp(mh_opt_name((uint8_t)t), "unknown") != 0));
	}
	ck_assert_str_eq(mh_opt_name(MHO_SIG), "Signature");
	ck_assert_str_ne(unk_acc, unk_rej);
	for (i = 0; i < sizeof(st); i++) {
		ck_assert_str_ne(mh_ba_status_name(st[i]), unk_acc);
		ck_assert_str_ne(mh_ba_status_name(st[i]), unk_rej);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(mh_ba_status_name(st[i]),
			    mh_ba_status_name(st[j]));
	}
	ck_assert_str_eq(mh_ba_status_name(BA_SEQ_OUT_OF_WINDOW),
	    "sequence number out of window");
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("mh");
	TCase *tc;

	tc = tcase_create("golden");
	tcase_add_test(tc, golden_brr);
	tcase_add_test(tc, golden_hoti_cga_req);
	tcase_add_test(tc, golden_coti);
	tcase_add_test(tc, golden_hot);
	tcase_add_test(tc, golden_cot);
	tcase_add_test(tc, golden_bu_early);
	tcase_add_test(tc, golden_ba_phkt);
	tcase_add_test(tc, golden_ba_careof_test);
	tcase_add_test(tc, golden_bu_2040);
	tcase_add_test(tc, golden_be);
	tcase_add_test(tc, vector_signed_bu);
	tcase_add_test(tc, vector_rr_bu);
	suite_add_tcase(s, tc);

	tc = tcase_create("roundtrip");
	tcase_add_loop_test(tc, roundtrip_all_option_sets, 0, MH_TYPE_MAX + 1);
	tcase_add_test(tc, encode_largest);
	tcase_add_test(tc, encode_short_buffer);
	tcase_add_test(tc, encode_rejects);
	tcase_add_test(tc, reserved_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("mutations");
	tcase_add_test(tc, mutate_header);
	tcase_add_test(tc, mutate_header_len_minimum);
	tcase_add_test(tc, unknown_type);
	tcase_add_test(tc, mutate_overflowing_option);
	tcase_add_test(tc, mutate_zero_length_bad);
	tcase_add_test(tc, mutate_duplicate_nonce);
	tcase_add_test(tc, mutate_duplicate_each);
	tcase_add_test(tc, mutate_option_lengths);
	tcase_add_test(tc, mutate_cga_split);
	tcase_add_test(tc, mutate_cga_too_long);
	tcase_add_test(tc, mutate_option_after_bad);
	tcase_add_test(tc, unknown_options_skipped);
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_test(tc, seq_newer);
	tcase_add_test(tc, fixed_len);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* Test helpers for the suites that use keys and addresses: header-only, so
 * that only the programs including it link OpenSSL's PEM code. */
#ifndef FAMA_TESTCRYPTO_H
#define FAMA_TESTCRYPTO_H

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "proto/ip6.h"
#include "tests/testlib.h"

/* The DIGEST §5.2 vector's addresses: its home address, on the prefix of a
 * DAR anchored at VEC_BU_ANCHOR, and the care-of address it came from. */
#define VEC_BU_PREFIX	"2001:db8:1:2::"
#define VEC_BU_ANCHOR	"2001:db8:1:2::1"
#define VEC_BU_HOA	"2001:db8:1:2:2cb8:69a8:e3a0:9924"
#define VEC_BU_COA	"2001:db8:3:4::1"

/* An IPv6 address literal; fails the test if it does not parse. */
static inline struct in6_addr
addr_of(const char *s)
{
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* The vector's signed BU (tests/vectors/signed_bu.bin) in its IPv6 packet:
 * from VEC_BU_COA to VEC_BU_ANCHOR, its Home Address option VEC_BU_HOA.
 * The packet's length; the Mobility Header is its last *mhlen octets. */
static inline size_t
vector_bu_packet(uint8_t *out, size_t cap, size_t *mhlen)
{
	struct ip6_pkt p;
	uint8_t *mh;
	size_t len;

	mh = load_vector("signed_bu.bin", mhlen);
	memset(&p, 0, sizeof(p));
	p.src = addr_of(VEC_BU_COA);
	p.dst = addr_of(VEC_BU_ANCHOR);
	p.has_hao = true;
	p.hoa = addr_of(VEC_BU_HOA);
	p.nxt = IP6_NXT_MH;
	p.payload = mh;
	p.payload_len = *mhlen;
	ck_assert_int_eq(ip6_build(&p, out, cap, &len), 0);
	free(mh);
	return len;
}

/* The private key in tests/vectors/NAME (PEM). */
static inline EVP_PKEY *
load_key(const char *name)
{
	uint8_t *pem;
	size_t len;
	BIO *bio;
	EVP_PKEY *k;

	pem = load_vector(name, &len);
	bio = BIO_new_mem_buf(pem, (int)len);
	ck_assert_ptr_nonnull(bio);
	k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(k);
	BIO_free(bio);
	free(pem);
	return k;
}

#endif

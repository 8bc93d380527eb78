/* SPDX-License-Identifier: GPL-2.0-only */
/* Test helpers for the suites that use keys and addresses: header-only, so
 * that only the programs including it link OpenSSL's PEM code. */
#ifndef FAMA_TESTCRYPTO_H
#define FAMA_TESTCRYPTO_H

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "tests/testlib.h"

/* An IPv6 address literal; fails the test if it does not parse. */
static inline struct in6_addr
addr_of(const char *s)
{
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
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

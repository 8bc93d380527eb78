// SPDX-License-Identifier: GPL-2.0-only
/* proto/auth: the BU signature (DIGEST §5.2), the PHKT (§5.3), Kbm and
 * the BAD authenticator with the return-routability tokens (§2.5). */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "proto/auth.h"
#include "tests/testcrypto.h"
#include "tests/testlib.h"

#define SIG_COVERED	203	/* Signature option at 201, + Type, Length */
#define SIG_OFF		203	/* its value */

static EVP_PKEY *
load_pub(void)
{
	uint8_t *der;
	const uint8_t *p;
	size_t len;
	EVP_PKEY *k;

	der = load_vector("pub.der", &len);
	p = der;
	k = d2i_PUBKEY(NULL, &p, (long)len);
	ck_assert_ptr_nonnull(k);
	free(der);
	return k;
}

START_TEST(tag)
{
	uint8_t want[AUTH_TAG_LEN];

	hex2bin("5F27 0586 8D6C 4C56 A246 9EBB 9B2A 2E13", want,
	    sizeof(want));
	ck_assert_mem_eq(auth_cga_tag, want, AUTH_TAG_LEN);
}
END_TEST

/* The vector's signed data is TAG || CoA || anchor || MH[0..203) with the
 * checksum (0x0aac in the file) read as zero. */
START_TEST(signed_data_layout)
{
	struct in6_addr coa = addr_of("2001:db8:3:4::1");
	struct in6_addr anchor = addr_of("2001:db8:1:2::1");
	uint8_t *mh, *sd, mine[512], h[20], want[20];
	size_t mlen, slen, n = 0;

	mh = load_vector("signed_bu.bin", &mlen);
	sd = load_vector("signed_data.bin", &slen);
	ck_assert_uint_eq(mlen, 336);
	ck_assert_uint_eq(mh[4], 0x0a);
	ck_assert_uint_eq(mh[5], 0xac);
	ck_assert_uint_eq(mh[201], 13);		/* Signature option */
	ck_assert_uint_eq(mh[202], 128);
	memcpy(mine + n, auth_cga_tag, AUTH_TAG_LEN);
	n += AUTH_TAG_LEN;
	memcpy(mine + n, &coa, 16);
	n += 16;
	memcpy(mine + n, &anchor, 16);
	n += 16;
	memcpy(mine + n, mh, SIG_COVERED);
	mine[n + 4] = mine[n + 5] = 0;
	n += SIG_COVERED;
	ck_assert_uint_eq(slen, 251);
	ck_assert_uint_eq(n, slen);
	ck_assert_mem_eq(mine, sd, slen);
	ck_assert(EVP_Digest(sd, slen, h, NULL, EVP_sha1(), NULL));
	hex2bin("8eed2510f6150d3459911feded716d72a21e71b7", want, 20);
	ck_assert_mem_eq(h, want, 20);
	free(mh);
	free(sd);
}
END_TEST

/* PKCS#1 v1.5 signatures are deterministic: signing the vector's MH must
 * give sig.bin exactly, which also sits in the MH at offset 203. */
START_TEST(sign_vector)
{
	struct in6_addr coa = addr_of("2001:db8:3:4::1");
	struct in6_addr anchor = addr_of("2001:db8:1:2::1");
	uint8_t *mh, *sig, *copy, out[512];
	size_t mlen, slen, olen;
	EVP_PKEY *key, *pub;

	key = load_key("testkey1024.pem");
	pub = load_pub();
	mh = load_vector("signed_bu.bin", &mlen);
	sig = load_vector("sig.bin", &slen);
	ck_assert_uint_eq(slen, 128);
	ck_assert_mem_eq(mh + SIG_OFF, sig, slen);
	ck_assert_uint_eq(auth_sig_len(key), 128);
	ck_assert_uint_eq(auth_sig_len(pub), 128);

	copy = malloc(mlen);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, mh, mlen);
	ck_assert_int_eq(auth_sig_sign(key, &coa, &anchor, mh, SIG_COVERED,
	    out, sizeof(out), &olen), 0);
	ck_assert_uint_eq(olen, slen);
	ck_assert_mem_eq(out, sig, slen);
	ck_assert_mem_eq(mh, copy, mlen);	/* checksum left alone */
	/* Whatever the checksum holds, it is signed as zero. */
	mh[4] = 0xff;
	mh[5] = 0x00;
	ck_assert_int_eq(auth_sig_sign(key, &coa, &anchor, mh, SIG_COVERED,
	    out, slen, &olen), 0);
	ck_assert_mem_eq(out, sig, slen);
	ck_assert_int_eq(auth_sig_verify(pub, &coa, &anchor, mh, SIG_COVERED,
	    sig, slen), 0);
	ck_assert_int_eq(auth_sig_verify(key, &coa, &anchor, mh, SIG_COVERED,
	    sig, slen), 0);

	errno = 0;
	ck_assert_int_eq(auth_sig_sign(key, &coa, &anchor, mh, SIG_COVERED,
	    out, slen - 1, &olen), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	errno = 0;
	ck_assert_int_eq(auth_sig_sign(key, &coa, &anchor, mh, 5, out,
	    sizeof(out), &olen), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(auth_sig_sign(pub, &coa, &anchor, mh, SIG_COVERED,
	    out, sizeof(out), &olen), -1);
	ck_assert_int_eq(errno, EINVAL);
	free(copy);
	free(mh);
	free(sig);
	EVP_PKEY_free(key);
	EVP_PKEY_free(pub);
}
END_TEST

/* Every flipped bit of what is signed, and of the signature, fails; the
 * checksum bits and the octets past covered do not count. */
START_TEST(verify_flips)
{
	struct in6_addr coa = addr_of("2001:db8:3:4::1");
	struct in6_addr anchor = addr_of("2001:db8:1:2::1");
	struct in6_addr c, p;
	uint8_t *mh, *sig;
	size_t mlen, slen, bit, o;
	EVP_PKEY *pub;
	uint8_t m;
	int rc;

	pub = load_pub();
	mh = load_vector("signed_bu.bin", &mlen);
	sig = load_vector("sig.bin", &slen);
	for (bit = 0; bit < mlen * 8; bit++) {
		o = bit / 8;
		m = (uint8_t)(0x80 >> (bit % 8));
		mh[o] ^= m;
		errno = 0;
		rc = auth_sig_verify(pub, &coa, &anchor, mh, SIG_COVERED, sig,
		    slen);
		mh[o] ^= m;
		if (o == 4 || o == 5 || o >= SIG_COVERED)
			ck_assert_msg(rc == 0, "MH bit %zu", bit);
		else
			ck_assert_msg(rc == -1 && errno == EBADMSG,
			    "MH bit %zu", bit);
	}
	for (bit = 0; bit < 128; bit++) {
		c = coa;
		p = anchor;
		c.s6_addr[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		p.s6_addr[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		ck_assert_int_eq(auth_sig_verify(pub, &c, &anchor, mh,
		    SIG_COVERED, sig, slen), -1);
		ck_assert_int_eq(auth_sig_verify(pub, &coa, &p, mh,
		    SIG_COVERED, sig, slen), -1);
	}
	/* CoA and anchor swapped */
	ck_assert_int_eq(auth_sig_verify(pub, &anchor, &coa, mh, SIG_COVERED,
	    sig, slen), -1);
	for (bit = 0; bit < slen * 8; bit++) {
		sig[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		ck_assert_msg(auth_sig_verify(pub, &coa, &anchor, mh,
		    SIG_COVERED, sig, slen) == -1, "signature bit %zu", bit);
		sig[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
	}
	/* covered one shorter or longer */
	ck_assert_int_eq(auth_sig_verify(pub, &coa, &anchor, mh,
	    SIG_COVERED - 1, sig, slen), -1);
	ck_assert_int_eq(auth_sig_verify(pub, &coa, &anchor, mh,
	    SIG_COVERED + 1, sig, slen), -1);
	/* a signature of the wrong length, even with the right prefix */
	errno = 0;
	ck_assert_int_eq(auth_sig_verify(pub, &coa, &anchor, mh, SIG_COVERED,
	    sig, slen - 1), -1);
	ck_assert_int_eq(errno, EBADMSG);
	ck_assert_int_eq(auth_sig_verify(pub, &coa, &anchor, mh, SIG_COVERED,
	    sig, slen), 0);
	free(mh);
	free(sig);
	EVP_PKEY_free(pub);
}
END_TEST

/* Another key, of the same or another size, does not verify. */
START_TEST(wrong_key)
{
	struct in6_addr coa = addr_of("2001:db8:3:4::1");
	struct in6_addr anchor = addr_of("2001:db8:1:2::1");
	uint8_t *mh, *sig, out[256];
	size_t mlen, slen, olen;
	EVP_PKEY *k2048, *other, *ec;

	mh = load_vector("signed_bu.bin", &mlen);
	sig = load_vector("sig.bin", &slen);
	k2048 = load_key("testkey2048.pem");
	other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	ck_assert_ptr_nonnull(other);
	ck_assert_ptr_nonnull(ec);
	errno = 0;
	ck_assert_int_eq(auth_sig_verify(k2048, &coa, &anchor, mh,
	    SIG_COVERED, sig, slen), -1);
	ck_assert_int_eq(errno, EBADMSG);
	errno = 0;
	ck_assert_int_eq(auth_sig_verify(other, &coa, &anchor, mh,
	    SIG_COVERED, sig, slen), -1);
	ck_assert_int_eq(errno, EBADMSG);
	errno = 0;
	ck_assert_int_eq(auth_sig_verify(ec, &coa, &anchor, mh, SIG_COVERED,
	    sig, slen), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(auth_sig_len(ec), 0);
	ck_assert_uint_eq(auth_sig_len(NULL), 0);

	/* the 2048-bit key signs 256 octets and verifies its own */
	ck_assert_uint_eq(auth_sig_len(k2048), 256);
	ck_assert_int_eq(auth_sig_sign(k2048, &coa, &anchor, mh, SIG_COVERED,
	    out, sizeof(out), &olen), 0);
	ck_assert_uint_eq(olen, 256);
	ck_assert_int_eq(auth_sig_verify(k2048, &coa, &anchor, mh,
	    SIG_COVERED, out, olen), 0);
	ck_assert_int_eq(auth_sig_verify(other, &coa, &anchor, mh,
	    SIG_COVERED, out, 128), -1);
	free(mh);
	free(sig);
	EVP_PKEY_free(k2048);
	EVP_PKEY_free(other);
	EVP_PKEY_free(ec);
}
END_TEST

/* PROFILE.md's default: a 2040-bit key signs and encrypts 255 octets, the
 * most one mobility option can carry. */
START_TEST(key_2040)
{
	struct in6_addr a = addr_of("2001:db8::1");
	uint8_t mh[64], out[300], phkt[AUTH_PHKT_LEN], back[AUTH_PHKT_LEN];
	size_t olen;
	EVP_PKEY *k;

	memset(mh, 0x5a, sizeof(mh));
	k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2040);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(auth_sig_len(k), 255);
	ck_assert_int_eq(auth_sig_sign(k, &a, &a, mh, sizeof(mh), out,
	    sizeof(out), &olen), 0);
	ck_assert_uint_eq(olen, 255);
	ck_assert_int_eq(auth_sig_verify(k, &a, &a, mh, sizeof(mh), out,
	    olen), 0);
	ck_assert_int_eq(auth_random(phkt, sizeof(phkt)), 0);
	ck_assert_int_eq(auth_phkt_encrypt(k, phkt, out, sizeof(out), &olen),
	    0);
	ck_assert_uint_eq(olen, 255);
	ck_assert_int_eq(auth_phkt_decrypt(k, out, olen, back), 0);
	ck_assert_mem_eq(back, phkt, sizeof(phkt));
	EVP_PKEY_free(k);
}
END_TEST

/* DIGEST §5.3: the PKCS#1 v1.5 ciphertext decrypts to a1a2...a8. */
START_TEST(phkt_vector)
{
	uint8_t *ct, tok[AUTH_PHKT_LEN], want[AUTH_PHKT_LEN];
	size_t len;
	EVP_PKEY *key;

	key = load_key("testkey1024.pem");
	ct = load_vector("phkt_ciphertext_pkcs1v15.bin", &len);
	ck_assert_uint_eq(len, 128);
	ck_assert_int_eq(auth_phkt_decrypt(key, ct, len, tok), 0);
	hex2bin("a1a2a3a4a5a6a7a8", want, sizeof(want));
	ck_assert_mem_eq(tok, want, sizeof(want));
	free(ct);
	EVP_PKEY_free(key);
}
END_TEST

START_TEST(phkt_roundtrip)
{
	uint8_t tok[AUTH_PHKT_LEN], back[AUTH_PHKT_LEN];
	uint8_t c1[256], c2[256];
	size_t l1, l2;
	EVP_PKEY *key, *pub;

	key = load_key("testkey1024.pem");
	pub = load_pub();
	hex2bin("0011223344556677", tok, sizeof(tok));
	/* The DAR holds only the public key. */
	ck_assert_int_eq(auth_phkt_encrypt(pub, tok, c1, sizeof(c1), &l1), 0);
	ck_assert_int_eq(auth_phkt_encrypt(pub, tok, c2, sizeof(c2), &l2), 0);
	ck_assert_uint_eq(l1, 128);
	ck_assert_uint_eq(l2, 128);
	ck_assert_mem_ne(c1, c2, l1);		/* randomised padding */
	ck_assert_int_eq(auth_phkt_decrypt(key, c1, l1, back), 0);
	ck_assert_mem_eq(back, tok, sizeof(tok));
	ck_assert_int_eq(auth_phkt_decrypt(key, c2, l2, back), 0);
	ck_assert_mem_eq(back, tok, sizeof(tok));
	errno = 0;
	ck_assert_int_eq(auth_phkt_encrypt(pub, tok, c1, 127, &l1), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	/* without the private key there is nothing to decrypt with */
	errno = 0;
	ck_assert_int_eq(auth_phkt_decrypt(pub, c2, l2, back), -1);
	ck_assert_int_eq(errno, EBADMSG);
	EVP_PKEY_free(key);
	EVP_PKEY_free(pub);
}
END_TEST

/* A token of another length, though validly padded, is refused. */
START_TEST(phkt_wrong_length)
{
	static const size_t lens[] = { 0, 1, 7, 9, 16, 64 };
	uint8_t msg[64], ct[128], tok[AUTH_PHKT_LEN];
	EVP_PKEY_CTX *pctx;
	EVP_PKEY *key;
	size_t i, clen;

	key = load_key("testkey1024.pem");
	memset(msg, 0xa5, sizeof(msg));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
		ck_assert_ptr_nonnull(pctx);
		ck_assert_int_eq(EVP_PKEY_encrypt_init(pctx), 1);
		ck_assert_int_gt(EVP_PKEY_CTX_set_rsa_padding(pctx,
		    RSA_PKCS1_PADDING), 0);
		clen = sizeof(ct);
		ck_assert_int_eq(EVP_PKEY_encrypt(pctx, ct, &clen, msg,
		    lens[i]), 1);
		EVP_PKEY_CTX_free(pctx);
		errno = 0;
		ck_assert_int_eq(auth_phkt_decrypt(key, ct, clen, tok), -1);
		ck_assert_int_eq(errno, EBADMSG);
	}
	EVP_PKEY_free(key);
}
END_TEST

/* A changed ciphertext never yields the token: an error, or (implicit
 * rejection) another token.  Wrong lengths are refused outright. */
START_TEST(phkt_mutations)
{
	uint8_t *ct, tok[AUTH_PHKT_LEN], want[AUTH_PHKT_LEN], big[129];
	size_t len, i;
	EVP_PKEY *key, *k2048;
	int rc;

	key = load_key("testkey1024.pem");
	k2048 = load_key("testkey2048.pem");
	ct = load_vector("phkt_ciphertext_pkcs1v15.bin", &len);
	hex2bin("a1a2a3a4a5a6a7a8", want, sizeof(want));
	for (i = 0; i < len; i++) {
		ct[i] ^= 0x01;
		rc = auth_phkt_decrypt(key, ct, len, tok);
		ck_assert_msg(rc == -1 || memcmp(tok, want, 8) != 0,
		    "offset %zu", i);
		if (rc == -1)
			ck_assert_int_eq(errno, EBADMSG);
		ct[i] ^= 0x01;
	}
	errno = 0;
	ck_assert_int_eq(auth_phkt_decrypt(key, ct, len - 1, tok), -1);
	ck_assert_int_eq(errno, EBADMSG);
	memcpy(big, ct, len);
	big[len] = 0;
	ck_assert_int_eq(auth_phkt_decrypt(key, big, len + 1, tok), -1);
	ck_assert_int_eq(auth_phkt_decrypt(k2048, ct, len, tok), -1);
	ck_assert_int_eq(auth_phkt_decrypt(key, ct, len, tok), 0);
	ck_assert_mem_eq(tok, want, sizeof(want));
	free(ct);
	EVP_PKEY_free(key);
	EVP_PKEY_free(k2048);
}
END_TEST

/* DIGEST §2.5: keygen tokens, both Kbm forms of RFC 6275. */
START_TEST(rr_tokens)
{
	uint8_t kcn[AUTH_SECRET_LEN], hn[AUTH_NONCE_LEN], cn[AUTH_NONCE_LEN];
	uint8_t hkt[AUTH_TOKEN_LEN], ckt[AUTH_TOKEN_LEN], t[AUTH_TOKEN_LEN];
	uint8_t kbm[AUTH_KBM_LEN], want[AUTH_KBM_LEN];
	struct in6_addr hoa = addr_of("2001:db8:1:2:2cb8:69a8:e3a0:9924");
	struct in6_addr coa = addr_of("2001:db8:3:4::1");

	hex2bin("202122232425262728292a2b2c2d2e2f30313233", kcn, sizeof(kcn));
	hex2bin("0102030405060708", hn, sizeof(hn));
	hex2bin("1112131415161718", cn, sizeof(cn));
	ck_assert_int_eq(auth_keygen_token(kcn, &hoa, hn, 0, hkt), 0);
	hex2bin("b0081a34d46d8efc", t, sizeof(t));
	ck_assert_mem_eq(hkt, t, sizeof(t));
	ck_assert_int_eq(auth_keygen_token(kcn, &coa, cn, 1, ckt), 0);
	hex2bin("54f7bf2278d1ad8e", t, sizeof(t));
	ck_assert_mem_eq(ckt, t, sizeof(t));
	/* the which octet matters */
	ck_assert_int_eq(auth_keygen_token(kcn, &coa, cn, 0, t), 0);
	ck_assert_mem_ne(t, ckt, sizeof(t));
	errno = 0;
	ck_assert_int_eq(auth_keygen_token(kcn, &coa, cn, 2, t), -1);
	ck_assert_int_eq(errno, EINVAL);

	ck_assert_int_eq(auth_kbm(hkt, ckt, kbm), 0);
	hex2bin("34b07e7f73e4199af8418d7c36750d8126d78423", want,
	    sizeof(want));
	ck_assert_mem_eq(kbm, want, sizeof(want));
	ck_assert_int_eq(auth_kbm(hkt, NULL, kbm), 0);
	hex2bin("09d8ed8f1bb0b5704eb226352a50e4e4cbe980d6", want,
	    sizeof(want));
	ck_assert_mem_eq(kbm, want, sizeof(want));
}
END_TEST

/* DIGEST §5.3 item 6, and SHA1(cot) for a first registration with RR. */
START_TEST(kbm_phkt)
{
	uint8_t phkt[AUTH_PHKT_LEN], ckt[AUTH_TOKEN_LEN];
	uint8_t kbm[AUTH_KBM_LEN], want[AUTH_KBM_LEN];

	hex2bin("a1a2a3a4a5a6a7a8", phkt, sizeof(phkt));
	hex2bin("54f7bf2278d1ad8e", ckt, sizeof(ckt));
	ck_assert_int_eq(auth_kbm(phkt, ckt, kbm), 0);
	hex2bin("8f8c08d71f88daab9f8eea41713abfd861c3a1c1", want,
	    sizeof(want));
	ck_assert_mem_eq(kbm, want, sizeof(want));
	ck_assert_int_eq(auth_kbm(phkt, NULL, kbm), 0);
	hex2bin("2ae1993724609b9c35b59abf8af0f29c24b559ad", want,
	    sizeof(want));
	ck_assert_mem_eq(kbm, want, sizeof(want));
	ck_assert_int_eq(auth_kbm(NULL, ckt, kbm), 0);
	ck_assert(EVP_Digest(ckt, sizeof(ckt), want, NULL, EVP_sha1(), NULL));
	ck_assert_mem_eq(kbm, want, sizeof(want));
	errno = 0;
	ck_assert_int_eq(auth_kbm(NULL, NULL, kbm), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

#define RR_MH	"3b030500e3c6010080000064040400050006050c" \
		"b056ee4d1b0cef744bdeed6e"
#define RR_BAD	18

/* DIGEST §2.5: the BU to a CN with its authenticator.  The checksum and
 * the authenticator octets themselves are not covered; everything else
 * is. */
START_TEST(authenticator)
{
	struct in6_addr coa = addr_of("2001:db8:3:4::1");
	struct in6_addr cn = addr_of("2001:db8:ffff::1");
	struct in6_addr c;
	uint8_t kbm[AUTH_KBM_LEN], mh[32], copy[32], a[12], want[12];
	size_t i, len;

	hex2bin("34b07e7f73e4199af8418d7c36750d8126d78423", kbm, sizeof(kbm));
	len = hex2bin(RR_MH, mh, sizeof(mh));
	ck_assert_uint_eq(len, 32);
	memcpy(copy, mh, len);
	hex2bin("b056ee4d1b0cef744bdeed6e", want, sizeof(want));
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len, RR_BAD,
	    a), 0);
	ck_assert_mem_eq(a, want, sizeof(want));
	ck_assert_mem_eq(mh, copy, len);
	for (i = 0; i < len; i++) {
		mh[i] ^= 0x40;
		ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len,
		    RR_BAD, a), 0);
		if (i == 4 || i == 5 || i >= RR_BAD + 2)
			ck_assert_msg(memcmp(a, want, 12) == 0, "octet %zu", i);
		else
			ck_assert_msg(memcmp(a, want, 12) != 0, "octet %zu", i);
		mh[i] ^= 0x40;
	}
	for (i = 0; i < 16; i++) {
		c = coa;
		c.s6_addr[i] ^= 1;
		ck_assert_int_eq(auth_authenticator(kbm, &c, &cn, mh, len,
		    RR_BAD, a), 0);
		ck_assert_mem_ne(a, want, sizeof(want));
		c = cn;
		c.s6_addr[i] ^= 1;
		ck_assert_int_eq(auth_authenticator(kbm, &coa, &c, mh, len,
		    RR_BAD, a), 0);
		ck_assert_mem_ne(a, want, sizeof(want));
	}
	kbm[19] ^= 1;
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len, RR_BAD,
	    a), 0);
	ck_assert_mem_ne(a, want, sizeof(want));
	/* A BAD option that does not fit, or overlaps the header. */
	errno = 0;
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len,
	    RR_BAD + 1, a), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len - 1,
	    RR_BAD, a), -1);
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len, 5, a),
	    -1);
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len, 33, a),
	    -1);
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, len,
	    (size_t)-1, a), -1);
	/* the smallest legal placement: nothing after the option */
	ck_assert_int_eq(auth_authenticator(kbm, &coa, &cn, mh, 20, 6, a), 0);
}
END_TEST

START_TEST(equal_and_random)
{
	uint8_t a[32], b[32], z[32];

	memset(z, 0, sizeof(z));
	ck_assert(auth_equal("abcd", "abcd", 4));
	ck_assert(!auth_equal("abcd", "abce", 4));
	ck_assert(!auth_equal("abcd", "bbcd", 4));
	ck_assert(auth_equal("x", "y", 0));
	ck_assert_int_eq(auth_random(a, sizeof(a)), 0);
	ck_assert_int_eq(auth_random(b, sizeof(b)), 0);
	ck_assert_mem_ne(a, b, sizeof(a));
	ck_assert_mem_ne(a, z, sizeof(a));
	ck_assert_int_eq(auth_random(a, 0), 0);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("auth");
	TCase *ts = tcase_create("signature");
	TCase *tp = tcase_create("phkt");
	TCase *tr = tcase_create("rr");

	tcase_set_timeout(ts, 60);
	tcase_add_test(ts, tag);
	tcase_add_test(ts, signed_data_layout);
	tcase_add_test(ts, sign_vector);
	tcase_add_test(ts, verify_flips);
	tcase_add_test(ts, wrong_key);
	tcase_add_test(ts, key_2040);
	suite_add_tcase(s, ts);

	tcase_add_test(tp, phkt_vector);
	tcase_add_test(tp, phkt_roundtrip);
	tcase_add_test(tp, phkt_wrong_length);
	tcase_add_test(tp, phkt_mutations);
	suite_add_tcase(s, tp);

	tcase_add_test(tr, rr_tokens);
	tcase_add_test(tr, kbm_phkt);
	tcase_add_test(tr, authenticator);
	tcase_add_test(tr, equal_and_random);
	suite_add_tcase(s, tr);
	return s;
}

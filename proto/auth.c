// SPDX-License-Identifier: GPL-2.0-only
/* Binding authorisation (PROFILE.md): the CGA signature over a BU, the
 * encrypted Permanent Home Keygen Token, Kbm, the BAD authenticator and the
 * return-routability keygen tokens. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "proto/auth.h"

#define SHA1_LEN	20
#define MH_CKSUM_OFF	4	/* the MH Checksum field, 2 octets */
#define MH_CKSUM_END	6
#define BAD_HDR_LEN	2	/* BAD option Type and Length */

const uint8_t auth_cga_tag[AUTH_TAG_LEN] = {
	0x5f, 0x27, 0x05, 0x86, 0x8d, 0x6c, 0x4c, 0x56,
	0xa2, 0x46, 0x9e, 0xbb, 0x9b, 0x2a, 0x2e, 0x13
};

static const uint8_t auth_zero[2];

struct auth_iov {
	const void	*p;
	size_t		 n;
};

static bool
auth_is_rsa(EVP_PKEY *key)
{
	return key != NULL && EVP_PKEY_is_a(key, "RSA");
}

size_t
auth_sig_len(EVP_PKEY *key)
{
	int n;

	if (!auth_is_rsa(key) || (n = EVP_PKEY_get_size(key)) <= 0)
		return 0;
	return (size_t)n;
}

/* TAG || CoA || peer || mh[0 .. covered) with the checksum read as zero,
 * without touching the caller's buffer. */
static int
auth_sig_update(EVP_MD_CTX *ctx, bool sign, const struct in6_addr *coa,
    const struct in6_addr *peer, const uint8_t *mh, size_t covered)
{
	const struct auth_iov v[] = {
		{ auth_cga_tag, AUTH_TAG_LEN },
		{ coa->s6_addr, sizeof(coa->s6_addr) },
		{ peer->s6_addr, sizeof(peer->s6_addr) },
		{ mh, MH_CKSUM_OFF },
		{ auth_zero, MH_CKSUM_END - MH_CKSUM_OFF },
		{ mh + MH_CKSUM_END, covered - MH_CKSUM_END },
	};
	size_t i;
	int ok = 1;

	for (i = 0; ok && i < sizeof(v) / sizeof(v[0]); i++)
		ok = sign ? EVP_DigestSignUpdate(ctx, v[i].p, v[i].n) :
		    EVP_DigestVerifyUpdate(ctx, v[i].p, v[i].n);
	return ok ? 0 : -1;
}

/* A signing or verifying context: SHA-1, RSASSA-PKCS1-v1_5. */
static EVP_MD_CTX *
auth_sig_ctx(EVP_PKEY *key, bool sign)
{
	EVP_MD_CTX *ctx;
	EVP_PKEY_CTX *pctx = NULL;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return NULL;
	ok = sign ?
	    EVP_DigestSignInit_ex(ctx, &pctx, "SHA1", NULL, NULL, key, NULL) :
	    EVP_DigestVerifyInit_ex(ctx, &pctx, "SHA1", NULL, NULL, key,
	    NULL);
	if (ok != 1 || EVP_PKEY_CTX_set_rsa_padding(pctx,
	    RSA_PKCS1_PADDING) <= 0) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

int
auth_sig_sign(EVP_PKEY *key, const struct in6_addr *coa,
    const struct in6_addr *peer, const uint8_t *mh, size_t covered,
    uint8_t *sig, size_t cap, size_t *siglen)
{
	EVP_MD_CTX *ctx;
	size_t n, len;
	int rc = -1;

	if ((n = auth_sig_len(key)) == 0 || covered < MH_CKSUM_END) {
		errno = EINVAL;
		return -1;
	}
	if (cap < n) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((ctx = auth_sig_ctx(key, true)) == NULL)
		goto out;
	len = cap;
	if (auth_sig_update(ctx, true, coa, peer, mh, covered) == -1 ||
	    EVP_DigestSignFinal(ctx, sig, &len) != 1 || len != n)
		goto out;
	*siglen = len;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	if (rc == -1)
		errno = EINVAL;
	return rc;
}

int
auth_sig_verify(EVP_PKEY *key, const struct in6_addr *coa,
    const struct in6_addr *peer, const uint8_t *mh, size_t covered,
    const uint8_t *sig, size_t siglen)
{
	EVP_MD_CTX *ctx;
	size_t n;
	int ok;

	if ((n = auth_sig_len(key)) == 0 || covered < MH_CKSUM_END) {
		errno = EINVAL;
		return -1;
	}
	/* RFC 8017 §8.2.2: the signature is exactly k octets long. */
	if (siglen != n) {
		errno = EBADMSG;
		return -1;
	}
	if ((ctx = auth_sig_ctx(key, false)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	ok = auth_sig_update(ctx, false, coa, peer, mh, covered) == 0 &&
	    EVP_DigestVerifyFinal(ctx, sig, siglen) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

static EVP_PKEY_CTX *
auth_rsaes_ctx(EVP_PKEY *key, bool enc)
{
	EVP_PKEY_CTX *pctx;

	if ((pctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL)) == NULL)
		return NULL;
	if ((enc ? EVP_PKEY_encrypt_init(pctx) :
	    EVP_PKEY_decrypt_init(pctx)) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) {
		EVP_PKEY_CTX_free(pctx);
		return NULL;
	}
	return pctx;
}

int
auth_phkt_encrypt(EVP_PKEY *key, const uint8_t phkt[AUTH_PHKT_LEN],
    uint8_t *out, size_t cap, size_t *outlen)
{
	EVP_PKEY_CTX *pctx;
	size_t n;
	int rc = -1;

	if ((n = auth_sig_len(key)) == 0) {
		errno = EINVAL;
		return -1;
	}
	if (cap < n) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((pctx = auth_rsaes_ctx(key, true)) == NULL)
		goto out;
	if (EVP_PKEY_encrypt(pctx, out, &cap, phkt, AUTH_PHKT_LEN) != 1 ||
	    cap != n)
		goto out;
	*outlen = cap;
	rc = 0;
out:
	EVP_PKEY_CTX_free(pctx);
	if (rc == -1)
		errno = EINVAL;
	return rc;
}

int
auth_phkt_decrypt(EVP_PKEY *key, const uint8_t *ct, size_t ctlen,
    uint8_t phkt[AUTH_PHKT_LEN])
{
	EVP_PKEY_CTX *pctx = NULL;
	uint8_t *buf = NULL;
	size_t n, len;
	int rc = -1;

	memset(phkt, 0, AUTH_PHKT_LEN);
	if ((n = auth_sig_len(key)) == 0 || ctlen != n)
		goto out;
	if ((buf = OPENSSL_malloc(n)) == NULL ||
	    (pctx = auth_rsaes_ctx(key, false)) == NULL)
		goto out;
	/* Whether a bad padding fails here or (OpenSSL >= 3.2, implicit
	 * rejection) yields a random message, the token is then wrong and
	 * the BAD built from it fails at the DAR: no oracle either way. */
	len = n;
	if (EVP_PKEY_decrypt(pctx, buf, &len, ct, ctlen) != 1 ||
	    len != AUTH_PHKT_LEN)
		goto out;
	memcpy(phkt, buf, AUTH_PHKT_LEN);
	rc = 0;
out:
	EVP_PKEY_CTX_free(pctx);
	OPENSSL_clear_free(buf, n);
	if (rc == -1)
		errno = EBADMSG;
	return rc;
}

int
auth_kbm(const uint8_t *phkt, const uint8_t *cot, uint8_t kbm[AUTH_KBM_LEN])
{
	uint8_t in[AUTH_PHKT_LEN + AUTH_TOKEN_LEN];
	size_t n = 0;
	int ok;

	memset(kbm, 0, AUTH_KBM_LEN);
	if (phkt == NULL && cot == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (phkt != NULL) {
		memcpy(in, phkt, AUTH_PHKT_LEN);
		n += AUTH_PHKT_LEN;
	}
	if (cot != NULL) {
		memcpy(in + n, cot, AUTH_TOKEN_LEN);
		n += AUTH_TOKEN_LEN;
	}
	ok = EVP_Digest(in, n, kbm, NULL, EVP_sha1(), NULL);
	OPENSSL_cleanse(in, sizeof(in));
	if (!ok) {
		memset(kbm, 0, AUTH_KBM_LEN);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/*
 * One HMAC-SHA1 context per thread, kept: fetching the algorithm and its
 * digest from the provider on every call (names compared, locks taken,
 * memory allocated) cost a DAR a quarter of a token refresh.  Each use
 * initialises it with its own key.
 */
static _Thread_local EVP_MAC_CTX *hmac_ctx;

static EVP_MAC_CTX *
auth_hmac_ctx(void)
{
	char digest[] = "SHA1";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac;

	if (hmac_ctx != NULL)
		return hmac_ctx;
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return NULL;
	hmac_ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);	/* the context holds its own reference */
	if (hmac_ctx != NULL && !EVP_MAC_CTX_set_params(hmac_ctx, params)) {
		EVP_MAC_CTX_free(hmac_ctx);
		hmac_ctx = NULL;
	}
	return hmac_ctx;
}

/* HMAC-SHA1 over the concatenation of n pieces. */
static int
auth_hmac_sha1(const uint8_t *key, size_t klen, const struct auth_iov *v,
    size_t n, uint8_t out[SHA1_LEN])
{
	EVP_MAC_CTX *ctx;
	size_t i, len;
	int ok;

	if ((ctx = auth_hmac_ctx()) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	ok = EVP_MAC_init(ctx, key, klen, NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_MAC_update(ctx, v[i].p, v[i].n);
	ok = ok && EVP_MAC_final(ctx, out, &len, SHA1_LEN) && len == SHA1_LEN;
	if (!ok) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
auth_authenticator(const uint8_t kbm[AUTH_KBM_LEN], const struct in6_addr *coa,
    const struct in6_addr *peer, const uint8_t *mh, size_t len, size_t bad_off,
    uint8_t out[AUTH_AUTHENTICATOR_LEN])
{
	uint8_t h[SHA1_LEN];
	size_t end;

	memset(out, 0, AUTH_AUTHENTICATOR_LEN);
	/* The BAD option lies past the checksum and within the MH. */
	if (bad_off < MH_CKSUM_END || bad_off > len ||
	    len - bad_off < BAD_HDR_LEN + AUTH_AUTHENTICATOR_LEN) {
		errno = EINVAL;
		return -1;
	}
	end = bad_off + BAD_HDR_LEN + AUTH_AUTHENTICATOR_LEN;
	{
		const struct auth_iov v[] = {
			{ coa->s6_addr, sizeof(coa->s6_addr) },
			{ peer->s6_addr, sizeof(peer->s6_addr) },
			{ mh, MH_CKSUM_OFF },
			{ auth_zero, MH_CKSUM_END - MH_CKSUM_OFF },
			{ mh + MH_CKSUM_END,
			    bad_off + BAD_HDR_LEN - MH_CKSUM_END },
			{ mh + end, len - end },
		};

		if (auth_hmac_sha1(kbm, AUTH_KBM_LEN, v,
		    sizeof(v) / sizeof(v[0]), h) == -1)
			return -1;
	}
	memcpy(out, h, AUTH_AUTHENTICATOR_LEN);
	OPENSSL_cleanse(h, sizeof(h));
	return 0;
}

int
auth_keygen_token(const uint8_t secret[AUTH_SECRET_LEN],
    const struct in6_addr *addr, const uint8_t nonce[AUTH_NONCE_LEN],
    uint8_t which, uint8_t out[AUTH_TOKEN_LEN])
{
	uint8_t h[SHA1_LEN];
	const struct auth_iov v[] = {
		{ addr->s6_addr, sizeof(addr->s6_addr) },
		{ nonce, AUTH_NONCE_LEN },
		{ &which, 1 },
	};

	memset(out, 0, AUTH_TOKEN_LEN);
	if (which > 1) {
		errno = EINVAL;
		return -1;
	}
	if (auth_hmac_sha1(secret, AUTH_SECRET_LEN, v, sizeof(v) / sizeof(v[0]),
	    h) == -1)
		return -1;
	memcpy(out, h, AUTH_TOKEN_LEN);
	OPENSSL_cleanse(h, sizeof(h));
	return 0;
}

bool
auth_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int
auth_random(void *buf, size_t n)
{
	uint8_t *p = buf;
	int chunk;

	while (n > 0) {
		chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (RAND_bytes(p, chunk) != 1) {
			errno = EIO;
			return -1;
		}
		p += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

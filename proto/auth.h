/* SPDX-License-Identifier: GPL-2.0-only */
/* Binding authorisation as PROFILE.md fixes it: the CGA signature over a
 * BU (RFC 3972 §6 with the RFC 4866 tag), the Permanent Home Keygen Token
 * (RFC 4866), Kbm and the BAD authenticator (RFC 6275 §5.2.4-5.2.6), and
 * the return-routability keygen tokens. */
#ifndef FAMA_PROTO_AUTH_H
#define FAMA_PROTO_AUTH_H

#include <netinet/in.h>
#include <openssl/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_TAG_LEN		16
#define AUTH_KBM_LEN		20
#define AUTH_PHKT_LEN		8
#define AUTH_TOKEN_LEN		8	/* care-of keygen token */
#define AUTH_NONCE_LEN		8
#define AUTH_SECRET_LEN		20	/* Kdar: the DAR's RR secret */
#define AUTH_AUTHENTICATOR_LEN	12

/* The Mobile IPv6 CGA Message Type tag (RFC 4866, IANA). */
extern const uint8_t auth_cga_tag[AUTH_TAG_LEN];

/* Signature option value: RSASSA-PKCS1-v1_5 with SHA-1 over
 * TAG || CoA || peer || mh[0 .. covered), the MH checksum octets counted as
 * zero whatever they hold (the caller's buffer is not changed).  covered
 * is the offset just past the Signature option's Length octet.  0, or -1
 * with errno EMSGSIZE (sig smaller than auth_sig_len()) or EINVAL (not an
 * RSA private key, covered < 6, an OpenSSL failure). */
int	auth_sig_sign(EVP_PKEY *, const struct in6_addr *,
	    const struct in6_addr *, const uint8_t *, size_t, uint8_t *, size_t,
	    size_t *);
/* 0 if sig verifies with the public key, else -1 with errno EBADMSG
 * (including a signature that is not exactly auth_sig_len() octets), or
 * EINVAL (not an RSA key, covered < 6, an OpenSSL failure). */
int	auth_sig_verify(EVP_PKEY *, const struct in6_addr *,
	    const struct in6_addr *, const uint8_t *, size_t, const uint8_t *,
	    size_t);
/* Signature length of a key, octets (its modulus length); 0 if it is not
 * an RSA key. */
size_t	auth_sig_len(EVP_PKEY *);

/* PHKT encrypted with the MN's public key, RSAES-PKCS1-v1_5 (randomised:
 * every call gives another ciphertext of auth_sig_len() octets).  0, or -1
 * with errno EMSGSIZE or EINVAL. */
int	auth_phkt_encrypt(EVP_PKEY *, const uint8_t[AUTH_PHKT_LEN], uint8_t *,
	    size_t, size_t *);
/* 0, or -1 with errno EBADMSG (not the modulus length, or does not
 * decrypt to exactly 8 octets; the token is then zeroed).  OpenSSL 3.2
 * and later answer a bad padding with a random message instead of an
 * error (implicit rejection), so a forged ciphertext may also "decrypt"
 * to a wrong token; it then fails where the token is used. */
int	auth_phkt_decrypt(EVP_PKEY *, const uint8_t *, size_t,
	    uint8_t[AUTH_PHKT_LEN]);

/* Kbm: SHA1(phkt || cot), SHA1(phkt) when cot is NULL, SHA1(cot) when phkt
 * is NULL (a first registration with return routability).  0, or -1 with
 * errno EINVAL (both NULL, an OpenSSL failure; kbm is then zeroed). */
int	auth_kbm(const uint8_t *, const uint8_t *, uint8_t[AUTH_KBM_LEN]);

/* The BAD authenticator: First96(HMAC-SHA1(Kbm, CoA || peer || mh[0 ..
 * bad_off + 2) || mh[bad_off + 14 .. len))), the checksum octets counted
 * as zero (the caller's buffer is not changed).  bad_off is the BAD
 * option's Type octet.  0, or -1 with errno EINVAL if the BAD option does
 * not fit in len or starts before offset 6 (or ENOMEM, EINVAL from
 * OpenSSL). */
int	auth_authenticator(const uint8_t[AUTH_KBM_LEN], const struct in6_addr *,
	    const struct in6_addr *, const uint8_t *, size_t, size_t,
	    uint8_t[AUTH_AUTHENTICATOR_LEN]);

/* Keygen token: First64(HMAC-SHA1(secret, addr || nonce || which)), which
 * 0 for home, 1 for care-of (RFC 6275 §5.2.5).  0, or -1 with errno EINVAL
 * (which > 1, an OpenSSL failure; the token is then zeroed). */
int	auth_keygen_token(const uint8_t[AUTH_SECRET_LEN],
	    const struct in6_addr *, const uint8_t[AUTH_NONCE_LEN], uint8_t,
	    uint8_t[AUTH_TOKEN_LEN]);

/* Constant-time comparison of secrets. */
bool	auth_equal(const void *, const void *, size_t);

/* Random octets from the OpenSSL CSPRNG: 0, or -1 with errno EIO. */
int	auth_random(void *, size_t);

#endif

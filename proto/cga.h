/* SPDX-License-Identifier: GPL-2.0-only */
/* Cryptographically Generated Addresses (RFC 3972, Sec per RFC 4982):
 * the parameters structure, the modifier search, address generation and
 * verification with a reason for every failure. */
#ifndef FAMA_PROTO_CGA_H
#define FAMA_PROTO_CGA_H

#include <netinet/in.h>
#include <openssl/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CGA_MODIFIER_LEN	16
#define CGA_PREFIX_LEN		8
#define CGA_FIXED_LEN		25	/* modifier, prefix, collision count */
#define CGA_SEC_MAX		2	/* SHA-1 with 0, 16 or 32 zero bits */
#define CGA_CC_MAX		2
#define CGA_SPKI_MAX		600	/* an RSA-4096 SubjectPublicKeyInfo fits */
#define CGA_DEFAULT_BITS	2040	/* largest whose signature fits 1 option */
#define CGA_MIN_BITS		1024
#define CGA_MAX_BITS		2040

/* The parameters structure, decoded.  pk and ext point into the buffer
 * that was decoded (or that the caller owns, for encoding). */
struct cga_params {
	uint8_t		 modifier[CGA_MODIFIER_LEN];
	uint8_t		 prefix[CGA_PREFIX_LEN];
	uint8_t		 cc;		/* collision count */
	const uint8_t	*pk;		/* DER SubjectPublicKeyInfo */
	size_t		 pk_len;
	const uint8_t	*ext;		/* RFC 4581 extension fields */
	size_t		 ext_len;
};

/* Length of the DER element at buf (header included), from its header
 * alone: 0, or -1 with errno EBADMSG if it is not a well-formed definite
 * length SEQUENCE header or runs past len. */
int	cga_der_len(const uint8_t *, size_t, size_t *);

/* Decode: the fixed part, the key's length from its DER header, and the
 * extension fields as a well-formed sequence of RFC 4581 TLVs (type 16
 * bits, data length 16 bits, data; an empty data field is allowed, nothing
 * may be left over); ext is NULL when there are none.  The collision count
 * is not range-checked here (verification reports it).  0, or -1 with
 * errno EBADMSG. */
int	cga_params_decode(const uint8_t *, size_t, struct cga_params *);
/* 0, or -1 with errno EMSGSIZE, or EINVAL when pk is not exactly one DER
 * element or ext not well-formed RFC 4581 fields (what would not decode
 * back to the same fields). */
int	cga_params_encode(const struct cga_params *, uint8_t *, size_t,
	    size_t *);

/* Does modifier satisfy Hash2 for this key, extensions and Sec? */
bool	cga_hash2_ok(const uint8_t[CGA_MODIFIER_LEN], const uint8_t *, size_t,
	    const uint8_t *, size_t, unsigned);
/* The Hash2 search of RFC 3972 §4 steps 1-3: from *modifier upwards
 * (a 128-bit big-endian counter) until Hash2 has 16*sec leading zero
 * bits.  *iters gets the number of hashes computed.  It depends only on
 * the key and extensions: do it once per key.  0, or -1 with errno EINVAL
 * (sec > CGA_SEC_MAX, or an OpenSSL failure), ENOMEM or ETIMEDOUT
 * (max_iters hashes, 0 = no limit; *modifier is then the next candidate,
 * so a search can be resumed from it).  Single-threaded. */
int	cga_modifier_search(uint8_t[CGA_MODIFIER_LEN], const uint8_t *, size_t,
	    const uint8_t *, size_t, unsigned, uint64_t, uint64_t *);
/* The same search on `threads` threads (1 to CGA_THREADS_MAX): the
 * 128-bit counter space from *modifier on is cut into `threads` equal
 * slices, each searched upwards from its start by one thread; the first
 * modifier found ends every thread's search (if two threads find one at
 * once, the lower slice's wins).  With one thread it is exactly
 * cga_modifier_search() from the same start.  *iters gets the hashes of
 * all threads.  max_iters (0: none) bounds each thread's share,
 * max_iters / threads; on ETIMEDOUT *modifier is left as it was.  0, or
 * -1 with errno EINVAL (also threads out of range), ENOMEM, ETIMEDOUT or
 * EAGAIN (a thread could not be started). */
#define CGA_THREADS_MAX		256
int	cga_modifier_search_mt(uint8_t[CGA_MODIFIER_LEN], const uint8_t *,
	    size_t, const uint8_t *, size_t, unsigned, unsigned, uint64_t,
	    uint64_t *);
/* RFC 3972 §4 steps 4-6: the address for these parameters (their prefix
 * and collision count) and Sec.  0, or -1 with errno EINVAL (sec >
 * CGA_SEC_MAX, an OpenSSL failure) or ENOMEM; the address is then
 * all zero. */
int	cga_addr(const struct cga_params *, unsigned, struct in6_addr *);

/* Local verification policy (RFC 3972 §5 leaves key sizes and a minimum
 * Sec to it). */
struct cga_policy {
	unsigned	min_sec;
	unsigned	min_bits;
	unsigned	max_bits;
};
#define CGA_POLICY_DEFAULT { 0, CGA_MIN_BITS, CGA_MAX_BITS }

enum cga_verdict {
	CGA_OK = 0,
	CGA_E_FORMAT,		/* parameters do not decode */
	CGA_E_CC,		/* collision count > 2 */
	CGA_E_PREFIX,		/* subnet prefix differs from the address */
	CGA_E_HASH1,		/* Hash1 differs from the interface id */
	CGA_E_SEC,		/* Sec > 2: unsupported */
	CGA_E_HASH2,		/* Hash2 lacks 16*Sec zero bits */
	CGA_E_KEY,		/* public key does not parse */
	CGA_E_KEY_TYPE,		/* not RSA */
	CGA_E_KEY_SIZE,		/* modulus outside the policy's range */
	CGA_E_SEC_POLICY	/* Sec below the policy's minimum */
};

/* RFC 3972 §5 verification of addr against the encoded parameters, then
 * the key (a DER SubjectPublicKeyInfo using all of its octets, RSA) and
 * the policy (NULL: CGA_POLICY_DEFAULT), in the order of the verdicts
 * below; the first failure is reported.  On CGA_OK and pub != NULL, *pub
 * is the parsed public key (the caller frees it with EVP_PKEY_free);
 * otherwise *pub is NULL. */
enum cga_verdict cga_verify(const struct in6_addr *, const uint8_t *, size_t,
	    const struct cga_policy *, EVP_PKEY **);
const char	*cga_verdict_str(enum cga_verdict);

/* The DER SubjectPublicKeyInfo of a key: 0, or -1 with errno EMSGSIZE
 * or EINVAL. */
int	cga_spki(EVP_PKEY *, uint8_t *, size_t, size_t *);

/* An identity: a private key and the modifier found for it once. */
struct cga_ident {
	EVP_PKEY	*key;
	uint8_t		 spki[CGA_SPKI_MAX];
	size_t		 spki_len;
	uint8_t		 modifier[CGA_MODIFIER_LEN];
	unsigned	 sec;
};

/* The address and encoded parameters of an identity on a /64 prefix with
 * a collision count: two SHA-1s.  0, or -1 with errno EMSGSIZE/EINVAL. */
int	cga_ident_gen(const struct cga_ident *, const uint8_t[CGA_PREFIX_LEN],
	    uint8_t, struct in6_addr *, uint8_t *, size_t, size_t *);

#endif

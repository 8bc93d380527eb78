// SPDX-License-Identifier: GPL-2.0-only
/* Cryptographically Generated Addresses (RFC 3972, RFC 4581 extension
 * fields, RFC 4982 Sec values): parameters codec, modifier search, address
 * generation and verification. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "proto/buf.h"
#include "proto/cga.h"

#define SHA1_LEN	20
#define HASH1_LEN	8
#define HASH2_ZEROS	9	/* zero prefix and zero collision count */
#define EXT_HDR_LEN	4	/* RFC 4581: type (16), data length (16) */
#define IID_KEEP	0x1c	/* Hash1 bits kept in the first IID octet */

struct cga_iov {
	const void	*p;
	size_t		 n;
};

/* SHA-1 over the concatenation of n pieces. */
static int
cga_sha1(const struct cga_iov *v, size_t n, uint8_t out[SHA1_LEN])
{
	EVP_MD_CTX *ctx;
	size_t i;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	ok = EVP_DigestInit_ex2(ctx, EVP_sha1(), NULL);
	for (i = 0; ok && i < n; i++)
		if (v[i].n > 0)
			ok = EVP_DigestUpdate(ctx, v[i].p, v[i].n);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The DER header at buf: its tag must be `tag`; *hdr and *body get the
 * header's and the contents' lengths.  Definite, shortest-form lengths of
 * at most two octets only (an SPKI never needs more). */
static int
cga_der_hdr(const uint8_t *buf, size_t len, uint8_t tag, size_t *hdr,
    size_t *body)
{
	if (len < 2 || buf[0] != tag)
		return -1;
	if (buf[1] < 0x80) {
		*hdr = 2;
		*body = buf[1];
	} else if (buf[1] == 0x81) {
		/* DER: the shortest form, so the long form means >= 128. */
		if (len < 3 || buf[2] < 0x80)
			return -1;
		*hdr = 3;
		*body = buf[2];
	} else if (buf[1] == 0x82) {
		if (len < 4 || buf[2] == 0)
			return -1;
		*hdr = 4;
		*body = (size_t)get_u16(buf + 2);
	} else {
		/* Indefinite length (0x80) is not DER. */
		return -1;
	}
	return *body > len - *hdr ? -1 : 0;
}

int
cga_der_len(const uint8_t *buf, size_t len, size_t *out)
{
	size_t hdr, body;

	if (cga_der_hdr(buf, len, 0x30, &hdr, &body) == -1) {
		errno = EBADMSG;
		return -1;
	}
	*out = hdr + body;
	return 0;
}

/* RFC 4581: a sequence of type, length, data; nothing may be left over. */
static int
cga_ext_check(const uint8_t *ext, size_t len)
{
	struct rbuf rb;
	uint16_t type, dlen;

	rb_init(&rb, ext, len);
	while (rb_left(&rb) > 0) {
		if (rb_u16(&rb, &type) == -1 || rb_u16(&rb, &dlen) == -1 ||
		    rb_skip(&rb, dlen) == -1)
			return -1;
	}
	return 0;
}

int
cga_params_decode(const uint8_t *buf, size_t len, struct cga_params *p)
{
	struct rbuf rb;
	size_t klen;

	memset(p, 0, sizeof(*p));
	rb_init(&rb, buf, len);
	if (rb_bytes(&rb, p->modifier, CGA_MODIFIER_LEN) == -1 ||
	    rb_bytes(&rb, p->prefix, CGA_PREFIX_LEN) == -1 ||
	    rb_u8(&rb, &p->cc) == -1)
		goto bad;
	if (cga_der_len(buf + rb.off, rb_left(&rb), &klen) == -1 ||
	    rb_ptr(&rb, klen, &p->pk) == -1)
		goto bad;
	p->pk_len = klen;
	p->ext_len = rb_left(&rb);
	if (rb_ptr(&rb, p->ext_len, &p->ext) == -1 ||
	    cga_ext_check(p->ext, p->ext_len) == -1)
		goto bad;
	if (p->ext_len == 0)
		p->ext = NULL;
	return 0;
bad:
	memset(p, 0, sizeof(*p));
	errno = EBADMSG;
	return -1;
}

int
cga_params_encode(const struct cga_params *p, uint8_t *buf, size_t cap,
    size_t *len)
{
	struct wbuf wb;
	size_t klen;

	/* Refuse what would not decode back to the same fields. */
	if (p->pk == NULL || cga_der_len(p->pk, p->pk_len, &klen) == -1 ||
	    klen != p->pk_len || (p->ext_len > 0 && p->ext == NULL) ||
	    cga_ext_check(p->ext, p->ext_len) == -1) {
		errno = EINVAL;
		return -1;
	}
	wb_init(&wb, buf, cap);
	wb_bytes(&wb, p->modifier, CGA_MODIFIER_LEN);
	wb_bytes(&wb, p->prefix, CGA_PREFIX_LEN);
	wb_u8(&wb, p->cc);
	wb_bytes(&wb, p->pk, p->pk_len);
	wb_bytes(&wb, p->ext, p->ext_len);
	if (wb_done(&wb) == -1)
		return -1;
	*len = wb.len;
	return 0;
}

static bool
cga_zero_bits_ok(const uint8_t *h, unsigned sec)
{
	unsigned i;

	for (i = 0; i < 2 * sec; i++)
		if (h[i] != 0)
			return false;
	return true;
}

bool
cga_hash2_ok(const uint8_t modifier[CGA_MODIFIER_LEN], const uint8_t *pk,
    size_t pk_len, const uint8_t *ext, size_t ext_len, unsigned sec)
{
	static const uint8_t zero[HASH2_ZEROS];
	uint8_t h[SHA1_LEN];
	struct cga_iov v[] = {
		{ modifier, CGA_MODIFIER_LEN },
		{ zero, sizeof(zero) },
		{ pk, pk_len },
		{ ext, ext_len },
	};

	if (sec > CGA_SEC_MAX)
		return false;
	if (cga_sha1(v, sizeof(v) / sizeof(v[0]), h) == -1)
		return false;
	return cga_zero_bits_ok(h, sec);
}

/* The modifier as a 128-bit big-endian counter; it wraps. */
static void
cga_modifier_inc(uint8_t m[CGA_MODIFIER_LEN])
{
	int i;

	for (i = CGA_MODIFIER_LEN - 1; i >= 0; i--)
		if (++m[i] != 0)
			break;
}

/*
 * The modifier is the first field of the Hash2 input, so no SHA-1 state
 * can be shared between candidates: every one costs the whole message
 * (4 blocks for a 1024-bit key, 6 for 2040 bits).  What is saved is the
 * per-call overhead: the message is built once and only its first 16
 * octets are rewritten, SHA-1 is fetched once, and each hash starts from
 * a copy of an initialised context, measured faster here than
 * EVP_DigestInit_ex2() or EVP_Digest() on every candidate.
 */
int
cga_modifier_search(uint8_t modifier[CGA_MODIFIER_LEN], const uint8_t *pk,
    size_t pk_len, const uint8_t *ext, size_t ext_len, unsigned sec,
    uint64_t max_iters, uint64_t *iters)
{
	EVP_MD *md = NULL;
	EVP_MD_CTX *base = NULL, *ctx = NULL;
	uint8_t h[SHA1_LEN], *msg = NULL;
	size_t len;
	uint64_t n = 0;
	int rc = -1, err = EINVAL;

	if (iters != NULL)
		*iters = 0;
	if (sec > CGA_SEC_MAX || (pk == NULL && pk_len > 0) ||
	    (ext == NULL && ext_len > 0) ||
	    pk_len > SIZE_MAX / 2 || ext_len > SIZE_MAX / 2 - pk_len - 32)
		goto out;
	len = CGA_MODIFIER_LEN + HASH2_ZEROS + pk_len + ext_len;
	if ((msg = calloc(1, len)) == NULL) {
		err = ENOMEM;
		goto out;
	}
	if (pk_len > 0)
		memcpy(msg + CGA_MODIFIER_LEN + HASH2_ZEROS, pk, pk_len);
	if (ext_len > 0)
		memcpy(msg + CGA_MODIFIER_LEN + HASH2_ZEROS + pk_len, ext,
		    ext_len);
	memcpy(msg, modifier, CGA_MODIFIER_LEN);
	if ((md = EVP_MD_fetch(NULL, "SHA1", NULL)) == NULL ||
	    (base = EVP_MD_CTX_new()) == NULL ||
	    (ctx = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex2(base, md, NULL))
		goto out;
	for (;;) {
		if (max_iters != 0 && n == max_iters) {
			err = ETIMEDOUT;
			goto out;
		}
		if (!EVP_MD_CTX_copy_ex(ctx, base) ||
		    !EVP_DigestUpdate(ctx, msg, len) ||
		    !EVP_DigestFinal_ex(ctx, h, NULL))
			goto out;
		n++;
		if (cga_zero_bits_ok(h, sec))
			break;
		cga_modifier_inc(msg);
	}
	rc = 0;
out:
	/* On ETIMEDOUT this is the next candidate, to resume from. */
	if (msg != NULL && n > 0)
		memcpy(modifier, msg, CGA_MODIFIER_LEN);
	if (iters != NULL)
		*iters = n;
	EVP_MD_CTX_free(ctx);
	EVP_MD_CTX_free(base);
	EVP_MD_free(md);
	free(msg);
	if (rc == -1)
		errno = err;
	return rc;
}

/* --- the search on several threads ----------------------------------- */

#define CGA_MT_CHUNK	4096	/* hashes between looks at the stop flag */

struct cga_job {
	uint8_t			 m[CGA_MODIFIER_LEN];	/* next candidate */
	const uint8_t		*pk, *ext;
	size_t			 pk_len, ext_len;
	unsigned		 sec;
	uint64_t		 budget;	/* 0: none */
	uint64_t		 iters;
	int			 rc, err;
	atomic_bool		*stop;
	pthread_t		 tid;
	bool			 started;
};

static unsigned __int128
cga_m_get(const uint8_t m[CGA_MODIFIER_LEN])
{
	unsigned __int128 v = 0;
	int i;

	for (i = 0; i < CGA_MODIFIER_LEN; i++)
		v = v << 8 | m[i];
	return v;
}

static void
cga_m_put(uint8_t m[CGA_MODIFIER_LEN], unsigned __int128 v)
{
	int i;

	for (i = CGA_MODIFIER_LEN - 1; i >= 0; i--) {
		m[i] = (uint8_t)v;
		v >>= 8;
	}
}

static void *
cga_job_run(void *arg)
{
	struct cga_job *j = arg;
	uint64_t chunk, n;

	for (;;) {
		if (atomic_load(j->stop)) {
			j->rc = -1;
			j->err = ECANCELED;
			return NULL;
		}
		chunk = CGA_MT_CHUNK;
		if (j->budget != 0) {
			if (j->iters == j->budget) {
				j->rc = -1;
				j->err = ETIMEDOUT;
				return NULL;
			}
			if (j->budget - j->iters < chunk)
				chunk = j->budget - j->iters;
		}
		/* on ETIMEDOUT, j->m is the next candidate of the slice */
		j->rc = cga_modifier_search(j->m, j->pk, j->pk_len, j->ext,
		    j->ext_len, j->sec, chunk, &n);
		j->iters += n;
		if (j->rc == 0 || errno != ETIMEDOUT) {
			j->err = j->rc == 0 ? 0 : errno;
			atomic_store(j->stop, true);
			return NULL;
		}
	}
}

int
cga_modifier_search_mt(uint8_t modifier[CGA_MODIFIER_LEN], const uint8_t *pk,
    size_t pk_len, const uint8_t *ext, size_t ext_len, unsigned sec,
    unsigned threads, uint64_t max_iters, uint64_t *iters)
{
	struct cga_job *jobs;
	atomic_bool stop;
	unsigned __int128 base, slice;
	uint64_t total = 0;
	unsigned k;
	int rc = -1, err = EINVAL;

	if (iters != NULL)
		*iters = 0;
	if (threads == 0 || threads > CGA_THREADS_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (threads == 1)
		return cga_modifier_search(modifier, pk, pk_len, ext, ext_len,
		    sec, max_iters, iters);
	if ((jobs = calloc(threads, sizeof(*jobs))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	atomic_init(&stop, false);
	base = cga_m_get(modifier);
	/* 2^128 / threads, without a 129-bit constant */
	slice = ~(unsigned __int128)0 / threads;
	for (k = 0; k < threads; k++) {
		struct cga_job *j = &jobs[k];

		cga_m_put(j->m, base + slice * k);
		j->pk = pk;
		j->pk_len = pk_len;
		j->ext = ext;
		j->ext_len = ext_len;
		j->sec = sec;
		j->budget = max_iters == 0 ? 0 : max_iters / threads +
		    (k < max_iters % threads);
		j->stop = &stop;
		if (max_iters != 0 && j->budget == 0) {
			j->rc = -1;
			j->err = ETIMEDOUT;
			continue;
		}
		if (pthread_create(&j->tid, NULL, cga_job_run, j) != 0) {
			atomic_store(&stop, true);
			err = EAGAIN;
			break;
		}
		j->started = true;
	}
	for (k = 0; k < threads; k++)
		if (jobs[k].started)
			pthread_join(jobs[k].tid, NULL);
	for (k = 0; k < threads; k++)
		total += jobs[k].iters;
	if (err == EAGAIN)
		goto out;
	/* the lowest slice that found one; else the first real error */
	err = ETIMEDOUT;
	for (k = 0; k < threads; k++)
		if (jobs[k].rc == 0) {
			memcpy(modifier, jobs[k].m, CGA_MODIFIER_LEN);
			rc = 0;
			break;
		}
	for (k = 0; rc == -1 && k < threads; k++)
		if (jobs[k].err != ETIMEDOUT && jobs[k].err != ECANCELED) {
			err = jobs[k].err;
			break;
		}
out:
	if (iters != NULL)
		*iters = total;
	free(jobs);
	if (rc == -1)
		errno = err;
	return rc;
}

/* Hash1: the leftmost 64 bits of SHA-1 over the whole parameters. */
static int
cga_hash1(const struct cga_params *p, uint8_t out[HASH1_LEN])
{
	uint8_t h[SHA1_LEN];
	struct cga_iov v[] = {
		{ p->modifier, CGA_MODIFIER_LEN },
		{ p->prefix, CGA_PREFIX_LEN },
		{ &p->cc, 1 },
		{ p->pk, p->pk_len },
		{ p->ext, p->ext_len },
	};

	if (cga_sha1(v, sizeof(v) / sizeof(v[0]), h) == -1)
		return -1;
	memcpy(out, h, HASH1_LEN);
	return 0;
}

int
cga_addr(const struct cga_params *p, unsigned sec, struct in6_addr *addr)
{
	uint8_t h1[HASH1_LEN];

	memset(addr, 0, sizeof(*addr));
	if (sec > CGA_SEC_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (cga_hash1(p, h1) == -1)
		return -1;
	memcpy(addr->s6_addr, p->prefix, CGA_PREFIX_LEN);
	memcpy(addr->s6_addr + CGA_PREFIX_LEN, h1, HASH1_LEN);
	/* RFC 3972 §4 step 6: Sec in the top three bits, u and g zero. */
	addr->s6_addr[8] = (uint8_t)(sec << 5 | (h1[0] & IID_KEEP));
	return 0;
}

/*
 * The common case fast: an RSA key (rsaEncryption, NULL parameters) in
 * strict DER, its RSAPublicKey read by d2i_PublicKey().  d2i_PUBKEY() in
 * OpenSSL 3 builds a decoder chain on every call, which costs more than
 * the signature check and the token encryption together (125 us against
 * 50 here); what this does not take, d2i_PUBKEY() still decides, so the
 * keys accepted and the verdicts stay the same.  NULL when not taken.
 */
static EVP_PKEY *
cga_rsa_spki(const uint8_t *pk, size_t len)
{
	/* SEQUENCE { OID 1.2.840.113549.1.1.1, NULL } */
	static const uint8_t alg[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86,
	    0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
	const uint8_t *k;
	EVP_PKEY *key;
	size_t hdr, body, bhdr, bits;

	if (cga_der_hdr(pk, len, 0x30, &hdr, &body) == -1 ||
	    hdr + body != len || body < sizeof(alg) ||
	    memcmp(pk + hdr, alg, sizeof(alg)) != 0)
		return NULL;
	pk += hdr + sizeof(alg);
	len = body - sizeof(alg);
	/* BIT STRING of whole octets, to the end of the SPKI */
	if (cga_der_hdr(pk, len, 0x03, &bhdr, &bits) == -1 ||
	    bhdr + bits != len || bits < 2 || pk[bhdr] != 0)
		return NULL;
	k = pk + bhdr + 1;
	if ((key = d2i_PublicKey(EVP_PKEY_RSA, NULL, &k, (long)bits - 1)) ==
	    NULL)
		return NULL;
	if (k != pk + len) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}

enum cga_verdict
cga_verify(const struct in6_addr *addr, const uint8_t *buf, size_t len,
    const struct cga_policy *pol, EVP_PKEY **pub)
{
	static const struct cga_policy def = CGA_POLICY_DEFAULT;
	struct cga_params p;
	uint8_t h1[HASH1_LEN];
	const uint8_t *a = addr->s6_addr, *kp;
	EVP_PKEY *key = NULL;
	enum cga_verdict v;
	unsigned sec;
	int bits;

	if (pub != NULL)
		*pub = NULL;
	if (pol == NULL)
		pol = &def;
	/* RFC 3972 §5 steps 1-5, then the key and the local policy. */
	if (cga_params_decode(buf, len, &p) == -1)
		return CGA_E_FORMAT;
	if (p.cc > CGA_CC_MAX)
		return CGA_E_CC;
	if (memcmp(p.prefix, a, CGA_PREFIX_LEN) != 0)
		return CGA_E_PREFIX;
	if (cga_hash1(&p, h1) == -1 ||
	    ((h1[0] ^ a[8]) & IID_KEEP) != 0 ||
	    memcmp(h1 + 1, a + 9, HASH1_LEN - 1) != 0)
		return CGA_E_HASH1;
	sec = a[8] >> 5;
	if (sec > CGA_SEC_MAX)
		return CGA_E_SEC;
	if (!cga_hash2_ok(p.modifier, p.pk, p.pk_len, p.ext, p.ext_len, sec))
		return CGA_E_HASH2;
	kp = p.pk;
	if ((key = cga_rsa_spki(p.pk, p.pk_len)) == NULL &&
	    ((key = d2i_PUBKEY(NULL, &kp, (long)p.pk_len)) == NULL ||
	    kp != p.pk + p.pk_len)) {
		v = CGA_E_KEY;
		goto out;
	}
	if (!EVP_PKEY_is_a(key, "RSA")) {
		v = CGA_E_KEY_TYPE;
		goto out;
	}
	bits = EVP_PKEY_get_bits(key);
	if (bits <= 0 || (unsigned)bits < pol->min_bits ||
	    (unsigned)bits > pol->max_bits) {
		v = CGA_E_KEY_SIZE;
		goto out;
	}
	if (sec < pol->min_sec) {
		v = CGA_E_SEC_POLICY;
		goto out;
	}
	if (pub != NULL) {
		*pub = key;
		key = NULL;
	}
	v = CGA_OK;
out:
	EVP_PKEY_free(key);
	return v;
}

const char *
cga_verdict_str(enum cga_verdict v)
{
	switch (v) {
	case CGA_OK:
		return "verified";
	case CGA_E_FORMAT:
		return "parameters do not decode";
	case CGA_E_CC:
		return "collision count above 2";
	case CGA_E_PREFIX:
		return "subnet prefix differs from the address";
	case CGA_E_HASH1:
		return "Hash1 differs from the interface identifier";
	case CGA_E_SEC:
		return "unsupported Sec value";
	case CGA_E_HASH2:
		return "Hash2 lacks 16*Sec leading zero bits";
	case CGA_E_KEY:
		return "public key does not parse";
	case CGA_E_KEY_TYPE:
		return "public key is not RSA";
	case CGA_E_KEY_SIZE:
		return "key size outside the policy's range";
	case CGA_E_SEC_POLICY:
		return "Sec below the policy's minimum";
	}
	return "unknown verdict";
}

int
cga_spki(EVP_PKEY *key, uint8_t *buf, size_t cap, size_t *len)
{
	unsigned char *p = buf;
	int n;

	if (key == NULL || (n = i2d_PUBKEY(key, NULL)) <= 0) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)n > cap) {
		errno = EMSGSIZE;
		return -1;
	}
	if (i2d_PUBKEY(key, &p) != n) {
		errno = EINVAL;
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

int
cga_ident_gen(const struct cga_ident *id, const uint8_t prefix[CGA_PREFIX_LEN],
    uint8_t cc, struct in6_addr *addr, uint8_t *buf, size_t cap, size_t *len)
{
	struct cga_params p;

	if (cc > CGA_CC_MAX || id->sec > CGA_SEC_MAX ||
	    id->spki_len > sizeof(id->spki)) {
		errno = EINVAL;
		return -1;
	}
	memset(&p, 0, sizeof(p));
	memcpy(p.modifier, id->modifier, CGA_MODIFIER_LEN);
	memcpy(p.prefix, prefix, CGA_PREFIX_LEN);
	p.cc = cc;
	p.pk = id->spki;
	p.pk_len = id->spki_len;
	if (cga_params_encode(&p, buf, cap, len) == -1)
		return -1;
	return cga_addr(&p, id->sec, addr);
}

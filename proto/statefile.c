// SPDX-License-Identifier: GPL-2.0-only
/* The state files' codecs: one frame (magic, version, count, time, digest)
 * around fixed-size records of the DAR's binding cache or the MN's binding
 * update list.  Canonical: what decodes encodes to the same octets. */
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "proto/buf.h"
#include "proto/statefile.h"

static const char dar_magic[STATEFILE_MAGIC_LEN] = "FAMADARS";
static const char mn_magic[STATEFILE_MAGIC_LEN] = "FAMAMNST";

static bool
all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

static int
sha256(const uint8_t *p, size_t n, uint8_t out[STATEFILE_DIGEST_LEN])
{
	unsigned int len = 0;

	if (!EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) ||
	    len != STATEFILE_DIGEST_LEN) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static size_t
frame_size(size_t extra, size_t reclen, size_t n)
{
	if (n > (SIZE_MAX - STATEFILE_HDR_LEN - extra -
	    STATEFILE_DIGEST_LEN) / reclen)
		return SIZE_MAX;
	return STATEFILE_HDR_LEN + extra + n * reclen + STATEFILE_DIGEST_LEN;
}

static void
frame_header(struct wbuf *w, const char *magic, uint16_t reclen, size_t n,
    uint64_t saved_at)
{
	wb_bytes(w, magic, STATEFILE_MAGIC_LEN);
	wb_u16(w, STATEFILE_VERSION);
	wb_u16(w, reclen);
	wb_u32(w, (uint32_t)n);
	wb_u64(w, saved_at);
}

/* The digest over what w holds, appended. */
static int
frame_end(struct wbuf *w, size_t *len)
{
	uint8_t d[STATEFILE_DIGEST_LEN];

	if (wb_done(w) == -1)
		return -1;
	if (sha256(w->p, w->len, d) == -1)
		return -1;
	wb_bytes(w, d, sizeof(d));
	if (wb_done(w) == -1)
		return -1;
	*len = w->len;
	return 0;
}

/*
 * Checks magic, version, record length, that the records fill the file
 * exactly, and the digest; leaves r at the octet after the fixed header
 * (the role's extra header) and r's length short of the digest.
 */
static int
frame_open(const uint8_t *buf, size_t len, const char *magic, size_t extra,
    uint16_t reclen, struct rbuf *r, uint32_t *count, uint64_t *saved_at,
    const char **why)
{
	uint8_t m[STATEFILE_MAGIC_LEN], d[STATEFILE_DIGEST_LEN];
	uint16_t version, rl;

	*why = "truncated header";
	if (len < STATEFILE_HDR_LEN + extra + STATEFILE_DIGEST_LEN)
		goto bad;
	rb_init(r, buf, len - STATEFILE_DIGEST_LEN);
	if (rb_bytes(r, m, sizeof(m)) == -1 || rb_u16(r, &version) == -1 ||
	    rb_u16(r, &rl) == -1 || rb_u32(r, count) == -1 ||
	    rb_u64(r, saved_at) == -1)
		goto bad;
	*why = "not a fama state file of this kind";
	if (memcmp(m, magic, sizeof(m)) != 0)
		goto bad;
	*why = "unknown version";
	if (version != STATEFILE_VERSION)
		goto bad;
	*why = "wrong record length";
	if (rl != reclen)
		goto bad;
	*why = "length does not match the record count";
	if (frame_size(extra, reclen, *count) != len)
		goto bad;
	*why = "digest mismatch: damaged";
	if (sha256(buf, len - STATEFILE_DIGEST_LEN, d) == -1 ||
	    memcmp(d, buf + len - STATEFILE_DIGEST_LEN, sizeof(d)) != 0)
		goto bad;
	*why = NULL;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

/* --- DAR ------------------------------------------------------------------ */

size_t
statefile_dar_size(size_t n)
{
	return frame_size(0, STATEFILE_DAR_REC_LEN, n);
}

static bool
dar_valid(const struct bc_entry *e)
{
	return (e->state == BCE_BOUND || e->state == BCE_IDLE) &&
	    e->auth <= BC_AUTH_TOKEN_RR &&
	    (e->has_phkt || all_zero(e->phkt, sizeof(e->phkt)));
}

int
statefile_dar_encode(const struct bc_entry *v, size_t n, uint64_t saved_at,
    uint8_t *buf, size_t cap, size_t *len)
{
	struct wbuf w;
	size_t i;

	if (n > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!dar_valid(&v[i])) {
			errno = EINVAL;
			return -1;
		}
	wb_init(&w, buf, cap);
	frame_header(&w, dar_magic, STATEFILE_DAR_REC_LEN, n, saved_at);
	for (i = 0; i < n; i++) {
		wb_bytes(&w, &v[i].hoa, 16);
		wb_bytes(&w, &v[i].coa, 16);
		wb_bytes(&w, &v[i].anchor, 16);
		wb_u8(&w, v[i].state == BCE_BOUND ? 0 : 1);
		wb_u8(&w, (uint8_t)v[i].auth);
		wb_u8(&w, v[i].has_phkt ? STATEFILE_DAR_F_TOKEN : 0);
		wb_u8(&w, 0);
		wb_u16(&w, v[i].seq);
		wb_u16(&w, 0);
		wb_u32(&w, v[i].lifetime);
		wb_u32(&w, v[i].accepted);
		wb_u64(&w, v[i].created);
		wb_u64(&w, v[i].updated);
		wb_u64(&w, v[i].deadline);
		wb_bytes(&w, v[i].phkt, sizeof(v[i].phkt));
		wb_bytes(&w, v[i].key_id, sizeof(v[i].key_id));
	}
	return frame_end(&w, len);
}

/* One record, checked. */
static int
dar_rec(struct rbuf *r, struct bc_entry *e)
{
	uint8_t state, auth, flags, res8;
	uint16_t res16;

	memset(e, 0, sizeof(*e));
	if (rb_bytes(r, &e->hoa, 16) == -1 || rb_bytes(r, &e->coa, 16) == -1 ||
	    rb_bytes(r, &e->anchor, 16) == -1 || rb_u8(r, &state) == -1 ||
	    rb_u8(r, &auth) == -1 || rb_u8(r, &flags) == -1 ||
	    rb_u8(r, &res8) == -1 || rb_u16(r, &e->seq) == -1 ||
	    rb_u16(r, &res16) == -1 || rb_u32(r, &e->lifetime) == -1 ||
	    rb_u32(r, &e->accepted) == -1 || rb_u64(r, &e->created) == -1 ||
	    rb_u64(r, &e->updated) == -1 || rb_u64(r, &e->deadline) == -1 ||
	    rb_bytes(r, e->phkt, sizeof(e->phkt)) == -1 ||
	    rb_bytes(r, e->key_id, sizeof(e->key_id)) == -1)
		return -1;
	if (state > 1 || auth > BC_AUTH_TOKEN_RR ||
	    (flags & ~STATEFILE_DAR_F_TOKEN) != 0 || res8 != 0 || res16 != 0)
		goto bad;
	e->state = state == 0 ? BCE_BOUND : BCE_IDLE;
	e->auth = (enum bc_auth)auth;
	e->has_phkt = (flags & STATEFILE_DAR_F_TOKEN) != 0;
	if (!dar_valid(e))
		goto bad;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

int
statefile_dar_decode(const uint8_t *buf, size_t len, struct statefile_dar *f,
    const char **why)
{
	struct bc_entry e;
	const char *w;
	struct rbuf r;
	uint32_t count, i;

	memset(f, 0, sizeof(f[0]));
	if (frame_open(buf, len, dar_magic, 0, STATEFILE_DAR_REC_LEN, &r,
	    &count, &f->saved_at, &w) == -1)
		goto bad;
	w = "a record out of range";
	for (i = 0; i < count; i++)
		if (dar_rec(&r, &e) == -1)
			goto bad;
	OPENSSL_cleanse(&e, sizeof(e));
	f->count = count;
	f->rec = buf + STATEFILE_HDR_LEN;
	return 0;
bad:
	OPENSSL_cleanse(&e, sizeof(e));
	memset(f, 0, sizeof(f[0]));
	if (why != NULL)
		*why = w;
	errno = EBADMSG;
	return -1;
}

int
statefile_dar_entry(const struct statefile_dar *f, size_t i,
    struct bc_entry *e)
{
	struct rbuf r;

	if (i >= f->count) {
		errno = EINVAL;
		return -1;
	}
	rb_init(&r, f->rec + i * STATEFILE_DAR_REC_LEN, STATEFILE_DAR_REC_LEN);
	if (dar_rec(&r, e) == -1) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* --- MN ------------------------------------------------------------------- */

size_t
statefile_mn_size(size_t n)
{
	return frame_size(STATEFILE_SPKI_HASH_LEN, STATEFILE_MN_REC_LEN, n);
}

static uint16_t
mn_flags(const struct statefile_mn_addr *s)
{
	const struct bul_addr *a = &s->a;

	return (uint16_t)((a->wanted ? STATEFILE_MN_F_WANTED : 0) |
	    (s->pinned ? STATEFILE_MN_F_PINNED : 0) |
	    (s->released ? STATEFILE_MN_F_RELEASED : 0) |
	    (a->has_phkt ? STATEFILE_MN_F_TOKEN : 0) |
	    (a->seq_valid ? STATEFILE_MN_F_SEQ : 0) |
	    (a->tunnel ? STATEFILE_MN_F_TUNNEL : 0) |
	    (a->acked ? STATEFILE_MN_F_ACKED : 0) |
	    (s->current ? STATEFILE_MN_F_CURRENT : 0) |
	    (s->primary ? STATEFILE_MN_F_PRIMARY : 0));
}

/* What a canonical record holds; and at most one current and primary. */
static bool
mn_valid(const struct statefile_mn *f)
{
	const struct bul_addr *a;
	size_t i, ncur = 0, nprim = 0;

	if (f->count > BUL_MAX_ADDRS)
		return false;
	for (i = 0; i < f->count; i++) {
		a = &f->addr[i].a;
		if (a->cc > CGA_CC_MAX || a->state > BULA_FAILED ||
		    memcmp(a->prefix, a->addr.s6_addr, CGA_PREFIX_LEN) != 0 ||
		    (!a->has_phkt && !all_zero(a->phkt, sizeof(a->phkt))) ||
		    (!a->seq_valid && a->seq != 0) ||
		    (!a->tunnel && !all_zero(&a->tunnel_coa, 16)) ||
		    (!a->acked && !all_zero(&a->acked_coa, 16)))
			return false;
		ncur += f->addr[i].current;
		nprim += f->addr[i].primary;
	}
	return ncur <= 1 && nprim <= 1;
}

int
statefile_mn_encode(const struct statefile_mn *f, uint8_t *buf, size_t cap,
    size_t *len)
{
	const struct bul_addr *a;
	struct wbuf w;
	size_t i;

	if (!mn_valid(f)) {
		errno = EINVAL;
		return -1;
	}
	wb_init(&w, buf, cap);
	frame_header(&w, mn_magic, STATEFILE_MN_REC_LEN, f->count,
	    f->saved_at);
	wb_bytes(&w, f->spki_sha256, sizeof(f->spki_sha256));
	for (i = 0; i < f->count; i++) {
		a = &f->addr[i].a;
		wb_bytes(&w, &a->addr, 16);
		wb_bytes(&w, &a->anchor, 16);
		wb_bytes(&w, a->prefix, CGA_PREFIX_LEN);
		wb_u8(&w, a->cc);
		wb_u8(&w, (uint8_t)a->state);
		wb_u16(&w, mn_flags(&f->addr[i]));
		wb_u16(&w, a->seq);
		wb_u16(&w, 0);
		wb_u32(&w, a->lifetime);
		wb_u32(&w, 0);
		wb_u64(&w, a->bound_until);
		wb_bytes(&w, a->phkt, sizeof(a->phkt));
		wb_bytes(&w, &a->tunnel_coa, 16);
		wb_bytes(&w, &a->acked_coa, 16);
	}
	return frame_end(&w, len);
}

static int
mn_rec(struct rbuf *r, struct statefile_mn_addr *s)
{
	struct bul_addr *a = &s->a;
	uint8_t state;
	uint16_t flags, res16;
	uint32_t res32;

	memset(s, 0, sizeof(*s));
	if (rb_bytes(r, &a->addr, 16) == -1 ||
	    rb_bytes(r, &a->anchor, 16) == -1 ||
	    rb_bytes(r, a->prefix, CGA_PREFIX_LEN) == -1 ||
	    rb_u8(r, &a->cc) == -1 || rb_u8(r, &state) == -1 ||
	    rb_u16(r, &flags) == -1 || rb_u16(r, &a->seq) == -1 ||
	    rb_u16(r, &res16) == -1 || rb_u32(r, &a->lifetime) == -1 ||
	    rb_u32(r, &res32) == -1 || rb_u64(r, &a->bound_until) == -1 ||
	    rb_bytes(r, a->phkt, sizeof(a->phkt)) == -1 ||
	    rb_bytes(r, &a->tunnel_coa, 16) == -1 ||
	    rb_bytes(r, &a->acked_coa, 16) == -1)
		return -1;
	if (state > BULA_FAILED || (flags & ~STATEFILE_MN_F_ALL) != 0 ||
	    res16 != 0 || res32 != 0) {
		errno = EBADMSG;
		return -1;
	}
	a->state = (enum bul_state)state;
	a->wanted = (flags & STATEFILE_MN_F_WANTED) != 0;
	s->pinned = (flags & STATEFILE_MN_F_PINNED) != 0;
	s->released = (flags & STATEFILE_MN_F_RELEASED) != 0;
	a->has_phkt = (flags & STATEFILE_MN_F_TOKEN) != 0;
	a->seq_valid = (flags & STATEFILE_MN_F_SEQ) != 0;
	a->tunnel = (flags & STATEFILE_MN_F_TUNNEL) != 0;
	a->acked = (flags & STATEFILE_MN_F_ACKED) != 0;
	s->current = (flags & STATEFILE_MN_F_CURRENT) != 0;
	s->primary = (flags & STATEFILE_MN_F_PRIMARY) != 0;
	return 0;
}

int
statefile_mn_decode(const uint8_t *buf, size_t len, struct statefile_mn *f,
    const char **why)
{
	const char *w;
	struct rbuf r;
	uint32_t count, i;

	memset(f, 0, sizeof(*f));
	if (frame_open(buf, len, mn_magic, STATEFILE_SPKI_HASH_LEN,
	    STATEFILE_MN_REC_LEN, &r, &count, &f->saved_at, &w) == -1)
		goto bad;
	w = "too many addresses";
	if (count > BUL_MAX_ADDRS)
		goto bad;
	if (rb_bytes(&r, f->spki_sha256, sizeof(f->spki_sha256)) == -1)
		goto bad;
	w = "an address out of range";
	for (i = 0; i < count; i++)
		if (mn_rec(&r, &f->addr[i]) == -1)
			goto bad;
	f->count = count;
	if (!mn_valid(f))
		goto bad;
	return 0;
bad:
	OPENSSL_cleanse(f, sizeof(*f));
	if (why != NULL)
		*why = w;
	errno = EBADMSG;
	return -1;
}

/* --- clocks ----------------------------------------------------------- */

static uint64_t
shift(uint64_t t, uint64_t from_now, uint64_t to_now)
{
	if (t == 0)
		return 0;
	if (t >= from_now) {
		if (t - from_now >= UINT64_MAX - 1 - to_now)
			return UINT64_MAX - 1;
		return to_now + (t - from_now);
	}
	if (from_now - t >= to_now)
		return 1;
	return to_now - (from_now - t);
}

uint64_t
statefile_to_real(uint64_t t, uint64_t mono_now, uint64_t real_now)
{
	return shift(t, mono_now, real_now);
}

uint64_t
statefile_to_mono(uint64_t t, uint64_t mono_now, uint64_t real_now)
{
	return shift(t, real_now, mono_now);
}

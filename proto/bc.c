// SPDX-License-Identifier: GPL-2.0-only
/* The DAR's binding cache: BU processing in the order RFC 6275 §10.3.1 and
 * PROFILE.md give, care-of tests, expiry, and the counters behind
 * `fama dar show stats`.  Pure: time comes in, actions go out. */
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "proto/bc.h"
#include "proto/ip6.h"
#include "proto/mh.h"

#define BC_HASH_MIN	64
#define BC_SRC_SLOTS	256

struct bc_bucket {
	uint64_t	key;		/* the /64, 0 for an empty slot */
	uint64_t	last;		/* ms */
	uint64_t	milli;		/* tokens * 1000 */
};

struct bc_nonce {
	uint16_t	idx;		/* 0: slot unused */
	uint8_t		val[AUTH_NONCE_LEN];
	uint64_t	born;		/* ms */
};

struct bc {
	struct bc_config	 cfg;
	struct bc_prefix	 pfx[BC_MAX_PREFIXES];
	size_t			 npfx;

	struct bc_entry		**hash;
	size_t			 nhash;		/* power of two */
	uint64_t		 seed[2];
	size_t			 nentries;
	size_t			 nbound;

	struct bc_entry		**heap;		/* by heap_at */
	size_t			 nheap;
	size_t			 heapcap;
	struct bc_entry		*idle_head, *idle_tail;

	uint8_t			 kdar[AUTH_SECRET_LEN];
	struct bc_nonce		 nonce[BC_NONCES];
	size_t			 nonce_cur;
	uint16_t		 nonce_next;

	struct bc_bucket	 src[BC_SRC_SLOTS];
	struct bc_bucket	 all;
	struct bc_bucket	 be;

	struct bc_stats		 st;
	struct mh_msg		 rxmsg;		/* the message being handled */
};

/* What one BU claims and what checking it established. */
struct bu_ctx {
	const struct ip6_pkt	*pkt;
	const struct mh_msg	*m;
	const uint8_t		*mh;
	size_t			 mhlen;
	struct in6_addr		 hoa;
	struct in6_addr		 coa;
	struct in6_addr		 anchor;
	bool			 home;		/* sent from the HoA itself */
	bool			 dereg;
	enum bc_auth		 auth;
	bool			 have_kbm;	/* the BU's BAD verified */
	uint8_t			 kbm[AUTH_KBM_LEN];
	bool			 have_cot;
	uint8_t			 cot[AUTH_TOKEN_LEN];
	EVP_PKEY		*pub;		/* from verified CGA parameters */
	uint8_t			 key_id[32];
};

void
bc_config_default(struct bc_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_entries = 65536;
	c->max_lifetime = 600;
	c->refresh = 0;
	c->token_hold = 86400;
	c->cga.min_sec = 0;
	c->cga.min_bits = CGA_MIN_BITS;
	c->cga.max_bits = CGA_MAX_BITS;
	c->require_rr = false;
	c->nonce_period = 30;
	c->sig_rate = 20;
	c->sig_burst = 40;
	c->sig_rate_all = 2000;
	c->sig_burst_all = 4000;
	c->be_rate = 10;
	c->random = NULL;
}

static int
bc_random(const struct bc *bc, void *p, size_t n)
{
	if (bc->cfg.random != NULL)
		return bc->cfg.random(p, n);
	return auth_random(p, n);
}

/* --- the hash table of entries, keyed by HoA ------------------------- */

/* splitmix64's finaliser: every input bit reaches every output bit. */
static uint64_t
bc_mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static size_t
bc_hashfn(const struct bc *bc, const struct in6_addr *a)
{
	uint64_t h = bc->seed[0], w;
	int i;

	/* Seeded, over both address words: the IIDs are chosen by
	 * strangers, so the bucket must not be predictable.  (A multiply
	 * alone carries only upwards: the low bits that pick the bucket
	 * would ignore the top of each word, and addresses that differ
	 * only in their last octets would share one chain.) */
	for (i = 0; i < 2; i++) {
		memcpy(&w, a->s6_addr + 8 * i, sizeof(w));
		h = bc_mix(h ^ (w + bc->seed[1]));
	}
	return (size_t)(h & (bc->nhash - 1));
}

static struct bc_entry *
bc_find(const struct bc *bc, const struct in6_addr *hoa)
{
	struct bc_entry *e;

	for (e = bc->hash[bc_hashfn(bc, hoa)]; e != NULL; e = e->hnext)
		if (memcmp(&e->hoa, hoa, sizeof(*hoa)) == 0)
			return e;
	return NULL;
}

static int
bc_rehash(struct bc *bc, size_t n)
{
	struct bc_entry **nh, **old = bc->hash, *e, *next;
	size_t i, on = bc->nhash, b;

	if ((nh = calloc(n, sizeof(*nh))) == NULL)
		return -1;
	bc->hash = nh;
	bc->nhash = n;
	for (i = 0; i < on; i++)
		for (e = old[i]; e != NULL; e = next) {
			next = e->hnext;
			b = bc_hashfn(bc, &e->hoa);
			e->hnext = nh[b];
			nh[b] = e;
		}
	free(old);
	return 0;
}

static void
bc_unhash(struct bc *bc, struct bc_entry *e)
{
	struct bc_entry **pp;

	for (pp = &bc->hash[bc_hashfn(bc, &e->hoa)]; *pp != NULL;
	    pp = &(*pp)->hnext)
		if (*pp == e) {
			*pp = e->hnext;
			return;
		}
}

/* --- the deadline heap --------------------------------------------- */

static void
heap_swap(struct bc *bc, size_t a, size_t b)
{
	struct bc_entry *t = bc->heap[a];

	bc->heap[a] = bc->heap[b];
	bc->heap[b] = t;
	bc->heap[a]->heap_idx = a;
	bc->heap[b]->heap_idx = b;
}

static void
heap_up(struct bc *bc, size_t i)
{
	while (i > 0 && bc->heap[(i - 1) / 2]->heap_at >
	    bc->heap[i]->heap_at) {
		heap_swap(bc, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(struct bc *bc, size_t i)
{
	size_t l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < bc->nheap &&
		    bc->heap[l]->heap_at < bc->heap[m]->heap_at)
			m = l;
		if (r < bc->nheap &&
		    bc->heap[r]->heap_at < bc->heap[m]->heap_at)
			m = r;
		if (m == i)
			return;
		heap_swap(bc, i, m);
		i = m;
	}
}

static void
heap_fix(struct bc *bc, struct bc_entry *e)
{
	heap_up(bc, e->heap_idx);
	heap_down(bc, e->heap_idx);
}

/*
 * A new deadline.  An earlier one moves the entry up the heap at once; a
 * later one, what every refresh sets, leaves the entry where it is while
 * its key is still to come: the key is then early, and bc_expire() moves
 * the entry down when it comes up.  A refresh costs no walk down a heap of
 * pointers (at 100k bindings a cache miss a level), and several refreshes
 * within one lifetime cost one walk.  A key already due (a new entry's)
 * is moved at once, or the expiry timer would fire for nothing.
 */
static void
entry_deadline(struct bc *bc, struct bc_entry *e, uint64_t deadline,
    uint64_t now)
{
	e->deadline = deadline;
	if (deadline < e->heap_at) {
		e->heap_at = deadline;
		heap_up(bc, e->heap_idx);
	} else if (e->heap_at <= now && deadline > e->heap_at) {
		e->heap_at = deadline;
		heap_down(bc, e->heap_idx);
	}
}

static void
heap_remove(struct bc *bc, struct bc_entry *e)
{
	size_t i = e->heap_idx;

	bc->nheap--;
	if (i != bc->nheap) {
		heap_swap(bc, i, bc->nheap);
		heap_fix(bc, bc->heap[i]);
	}
}

/* --- the idle list: entries holding only a token, oldest first ------ */

static void
idle_unlink(struct bc *bc, struct bc_entry *e)
{
	if (e->lprev != NULL)
		e->lprev->lnext = e->lnext;
	else if (bc->idle_head == e)
		bc->idle_head = e->lnext;
	if (e->lnext != NULL)
		e->lnext->lprev = e->lprev;
	else if (bc->idle_tail == e)
		bc->idle_tail = e->lprev;
	e->lprev = e->lnext = NULL;
}

static void
idle_append(struct bc *bc, struct bc_entry *e)
{
	e->lnext = NULL;
	e->lprev = bc->idle_tail;
	if (bc->idle_tail != NULL)
		bc->idle_tail->lnext = e;
	else
		bc->idle_head = e;
	bc->idle_tail = e;
}

/* --- entry life cycle ------------------------------------------------ */

static void
entry_free(struct bc *bc, struct bc_entry *e)
{
	bc_unhash(bc, e);
	heap_remove(bc, e);
	if (e->state == BCE_IDLE)
		idle_unlink(bc, e);
	else
		bc->nbound--;
	bc->nentries--;
	OPENSSL_cleanse(e->phkt, sizeof(e->phkt));
	free(e);
}

/* A new entry, in state IDLE with deadline `now` until the caller sets
 * it.  When the cache is full, the oldest idle entry makes room. */
static struct bc_entry *
entry_new(struct bc *bc, const struct in6_addr *hoa, uint64_t now)
{
	struct bc_entry *e, **nheap;
	size_t b, ncap;

	if (bc->nentries >= bc->cfg.max_entries) {
		if (bc->idle_head == NULL) {
			errno = ENOSPC;
			return NULL;
		}
		entry_free(bc, bc->idle_head);
	}
	if (bc->nentries + 1 > bc->nhash && bc_rehash(bc, bc->nhash * 2) == -1)
		return NULL;
	if (bc->nheap == bc->heapcap) {
		ncap = bc->heapcap == 0 ? 64 : bc->heapcap * 2;
		if ((nheap = reallocarray(bc->heap, ncap, sizeof(*nheap))) ==
		    NULL)
			return NULL;
		bc->heap = nheap;
		bc->heapcap = ncap;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->hoa = *hoa;
	e->state = BCE_IDLE;
	e->created = now;
	e->deadline = now;
	e->heap_at = now;
	b = bc_hashfn(bc, hoa);
	e->hnext = bc->hash[b];
	bc->hash[b] = e;
	e->heap_idx = bc->nheap;
	bc->heap[bc->nheap++] = e;
	heap_up(bc, e->heap_idx);
	idle_append(bc, e);
	bc->nentries++;
	return e;
}

static void
entry_bind(struct bc *bc, struct bc_entry *e, uint64_t deadline,
    uint64_t now)
{
	if (e->state == BCE_IDLE) {
		idle_unlink(bc, e);
		e->state = BCE_BOUND;
		bc->nbound++;
	}
	entry_deadline(bc, e, deadline, now);
}

static void
entry_unbind(struct bc *bc, struct bc_entry *e, uint64_t now)
{
	if (e->state == BCE_BOUND) {
		e->state = BCE_IDLE;
		bc->nbound--;
		idle_append(bc, e);
	}
	entry_deadline(bc, e, now + (uint64_t)bc->cfg.token_hold * 1000, now);
}

/* --- construction ---------------------------------------------------- */

struct bc *
bc_new(const struct bc_config *cfg)
{
	struct bc *bc;

	if ((bc = calloc(1, sizeof(*bc))) == NULL)
		return NULL;
	bc->cfg = *cfg;
	if (bc->cfg.max_lifetime < 4)
		bc->cfg.max_lifetime = 4;
	if (bc->cfg.nonce_period == 0)
		bc->cfg.nonce_period = 30;
	bc->nhash = BC_HASH_MIN;
	if ((bc->hash = calloc(bc->nhash, sizeof(*bc->hash))) == NULL) {
		free(bc);
		return NULL;
	}
	if (bc_random(bc, bc->seed, sizeof(bc->seed)) == -1 ||
	    bc_random(bc, bc->kdar, sizeof(bc->kdar)) == -1) {
		bc_free(bc);
		errno = EIO;
		return NULL;
	}
	bc->nonce_next = 1;
	return bc;
}

void
bc_set_config(struct bc *bc, const struct bc_config *cfg)
{
	bc->cfg = *cfg;
	if (bc->cfg.max_lifetime < 4)
		bc->cfg.max_lifetime = 4;
	if (bc->cfg.nonce_period == 0)
		bc->cfg.nonce_period = 30;
}

void
bc_free(struct bc *bc)
{
	struct bc_entry *e, *next;
	size_t i;

	if (bc == NULL)
		return;
	for (i = 0; i < bc->nhash; i++)
		for (e = bc->hash[i]; e != NULL; e = next) {
			next = e->hnext;
			OPENSSL_cleanse(e->phkt, sizeof(e->phkt));
			free(e);
		}
	free(bc->hash);
	free(bc->heap);
	OPENSSL_cleanse(bc->kdar, sizeof(bc->kdar));
	OPENSSL_cleanse(bc->nonce, sizeof(bc->nonce));
	free(bc);
}

int
bc_set_prefixes(struct bc *bc, const struct bc_prefix *p, size_t n)
{
	if (n > BC_MAX_PREFIXES) {
		errno = EINVAL;
		return -1;
	}
	memcpy(bc->pfx, p, n * sizeof(*p));
	bc->npfx = n;
	return 0;
}

/* --- small helpers --------------------------------------------------- */

static bool
addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* A global unicast address: not unspecified, loopback, multicast,
 * link-local, site-local or IPv4-mapped. */
static bool
addr_global(const struct in6_addr *a)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	const uint8_t *b = a->s6_addr;
	static const struct in6_addr zero;
	struct in6_addr lo = IN6ADDR_LOOPBACK_INIT;

	if (addr_eq(a, &zero) || addr_eq(a, &lo))
		return false;
	if (b[0] == 0xff)
		return false;
	if (b[0] == 0xfe && (b[1] & 0x80) == 0x80)	/* fe80::/10, fec0::/10 */
		return false;
	if (memcmp(b, mapped, sizeof(mapped)) == 0)
		return false;
	return true;
}

static const struct bc_prefix *
bc_anchor_of(const struct bc *bc, const struct in6_addr *dst)
{
	size_t i;

	for (i = 0; i < bc->npfx; i++)
		if (addr_eq(&bc->pfx[i].anchor, dst))
			return &bc->pfx[i];
	return NULL;
}

static bool
in_prefix(const struct bc_prefix *p, const struct in6_addr *a)
{
	return memcmp(p->prefix.s6_addr, a->s6_addr, 8) == 0;
}

/* Token bucket in thousandths of a token; true if one token was taken. */
static bool
bucket_take(struct bc_bucket *b, uint32_t rate, uint32_t burst,
    uint64_t now)
{
	uint64_t cap = (uint64_t)burst * 1000;

	if (rate == 0)
		return true;
	if (now > b->last) {
		b->milli += (now - b->last) * rate;
		if (b->milli > cap)
			b->milli = cap;
	}
	b->last = now;
	if (b->milli < 1000)
		return false;
	b->milli -= 1000;
	return true;
}

static bool
sig_allowed(struct bc *bc, const struct in6_addr *src, uint64_t now)
{
	struct bc_bucket *b;
	uint64_t key;
	size_t slot;

	memcpy(&key, src->s6_addr, sizeof(key));
	key |= 1;	/* never 0, the empty-slot marker */
	slot = (size_t)((key * 0x9e3779b97f4a7c15ULL ^ bc->seed[0]) >> 56);
	b = &bc->src[slot % BC_SRC_SLOTS];
	if (b->key != key) {
		b->key = key;
		b->last = now;
		b->milli = (uint64_t)bc->cfg.sig_burst * 1000;
	}
	if (!bucket_take(b, bc->cfg.sig_rate, bc->cfg.sig_burst, now))
		return false;
	return bucket_take(&bc->all, bc->cfg.sig_rate_all,
	    bc->cfg.sig_burst_all, now);
}

static const struct bc_nonce *
nonce_current(struct bc *bc, uint64_t now)
{
	struct bc_nonce *n = &bc->nonce[bc->nonce_cur];

	if (n->idx != 0 && now - n->born < (uint64_t)bc->cfg.nonce_period *
	    1000)
		return n;
	bc->nonce_cur = (bc->nonce_cur + 1) % BC_NONCES;
	n = &bc->nonce[bc->nonce_cur];
	if (bc_random(bc, n->val, sizeof(n->val)) == -1) {
		n->idx = 0;
		return NULL;
	}
	n->idx = bc->nonce_next;
	n->born = now;
	/* Index 0 means "no nonce" (and, home side, "use the token"). */
	if (++bc->nonce_next == 0)
		bc->nonce_next = 1;
	return n;
}

static const struct bc_nonce *
nonce_find(const struct bc *bc, uint16_t idx, uint64_t now)
{
	size_t i;

	if (idx == 0)
		return NULL;
	for (i = 0; i < BC_NONCES; i++)
		if (bc->nonce[i].idx == idx && now - bc->nonce[i].born <
		    (uint64_t)BC_MAX_NONCE_LIFETIME * 1000)
			return &bc->nonce[i];
	return NULL;
}

static void
result_init(struct bc_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = -1;
	res->refusal = -1;
}

static struct bc_action *
result_act(struct bc_result *res, enum bc_act_type t)
{
	struct bc_action *a = &res->act[res->nact++];

	memset(a, 0, offsetof(struct bc_action, pkt));
	a->type = t;
	return a;
}

static void
drop(struct bc *bc, struct bc_result *res, enum bc_drop why)
{
	bc->st.drop[why]++;
	res->event = BC_EV_DROPPED;
	res->why = bc_drop_name(why);
}

/* --- Binding Acknowledgement ------------------------------------------ */

/* Send the BA for c: status, lifetime in s, an optional encrypted token,
 * and a BAD when kbm is not NULL (PROFILE.md). */
static void
send_ba(struct bc *bc, struct bc_result *res, const struct bu_ctx *c,
    uint8_t status, uint16_t seq, uint32_t lifetime, const uint8_t *kbm,
    const uint8_t *phkt_ct, size_t phkt_ct_len)
{
	struct bc_action *a;
	struct mh_msg m;
	struct seal s;

	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.status = status;
	m.seq = seq;
	m.lifetime = (uint16_t)(lifetime / 4);
	if (phkt_ct != NULL) {
		m.opt.present |= MHO_F(MHO_PHKT);
		memcpy(m.opt.phkt, phkt_ct, phkt_ct_len);
		m.opt.phkt_len = phkt_ct_len;
	}
	if (status < 128 && lifetime > 0 && bc->cfg.refresh > 0 &&
	    bc->cfg.refresh < lifetime) {
		m.opt.present |= MHO_F(MHO_BRA);
		m.opt.refresh = (uint16_t)(bc->cfg.refresh / 4);
		if (m.opt.refresh == 0)
			m.opt.refresh = 1;
	}
	if (kbm != NULL) {
		m.opt.present |= MHO_F(MHO_NONCE);
		if (c->m->opt.present & MHO_F(MHO_NONCE)) {
			m.opt.home_nonce_idx = c->m->opt.home_nonce_idx;
			m.opt.careof_nonce_idx = c->m->opt.careof_nonce_idx;
		}
	}

	memset(&s, 0, sizeof(s));
	s.src = c->anchor;
	s.dst = c->pkt->src;
	/* A BU that came with a HAO is answered to its source with a type 2
	 * routing header naming the HoA (RFC 6275 §9.5.4). */
	s.rh2 = c->pkt->has_hao ? &c->hoa : NULL;
	s.coa = c->coa;
	s.peer = c->anchor;
	s.kbm = kbm;

	a = result_act(res, BC_ACT_SEND);
	a->to = c->pkt->src;
	a->hoa = c->hoa;
	if (seal_mh(&m, &s, a->pkt, sizeof(a->pkt), &a->len) == -1) {
		res->nact--;
		res->why = "BA could not be built";
		return;
	}
	res->status = status;
	res->seq = seq;
	res->lifetime = lifetime;
	bc->st.ba_sent++;
	bc->st.status[status]++;
}

/* Refuse c with status for reason ref; why says it more precisely when
 * not NULL. */
static void
reject(struct bc *bc, struct bc_result *res, const struct bu_ctx *c,
    uint8_t status, enum bc_refusal ref, const char *why, uint16_t seq)
{
	bc->st.refused[ref]++;
	res->event = BC_EV_REJECTED;
	res->refusal = (int)ref;
	res->why = why != NULL ? why : bc_refusal_name(ref);
	send_ba(bc, res, c, status, seq, 0, c->have_kbm ? c->kbm : NULL,
	    NULL, 0);
}

/* --- BU authentication -------------------------------------------------- */

static int
key_id(const uint8_t *pk, size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	return EVP_Digest(pk, len, out, &n, EVP_sha256(), NULL) == 1 ? 0 : -1;
}

/* Check the care-of test that the BU relies on.  0, or a BA status. */
static int
check_careof(struct bc *bc, struct bu_ctx *c, uint64_t now)
{
	const struct bc_nonce *n;

	n = nonce_find(bc, c->m->opt.careof_nonce_idx, now);
	if (n == NULL)
		return BA_EXPIRED_CAREOF_NONCE;
	if (auth_keygen_token(bc->kdar, &c->coa, n->val, 1, c->cot) == -1)
		return BA_UNSPECIFIED;
	c->have_cot = true;
	return 0;
}

/* Verify the BAD with kbm. */
static bool
bad_ok(const struct bu_ctx *c, const uint8_t kbm[AUTH_KBM_LEN])
{
	uint8_t want[AUTH_AUTHENTICATOR_LEN];
	bool ok;

	if (auth_authenticator(kbm, &c->coa, &c->anchor, c->mh, c->mhlen,
	    c->m->opt.bad_off, want) == -1)
		return false;
	ok = auth_equal(want, c->m->opt.auth, sizeof(want));
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

/* Authenticate c against entry e (may be NULL).  Returns 0, a BA status to
 * refuse with (and *ref, *why), or -1 to drop without an answer. */
static int
authenticate(struct bc *bc, struct bu_ctx *c, const struct bc_entry *e,
    uint64_t now, enum bc_refusal *ref, const char **why)
{
	const struct mh_opts *o = &c->m->opt;
	bool sig = (o->present & MHO_F(MHO_SIG)) != 0;
	bool bad = (o->present & MHO_F(MHO_BAD)) != 0;
	bool nonce = (o->present & MHO_F(MHO_NONCE)) != 0;
	bool rr_wanted = bc->cfg.require_rr && !c->dereg;
	enum cga_verdict v;
	uint8_t kbm[AUTH_KBM_LEN];
	int st;

	if (bad && !nonce) {
		*why = "BAD without Nonce Indices";
		return -1;
	}
	if (nonce && o->careof_nonce_idx != 0 && !c->dereg) {
		if ((st = check_careof(bc, c, now)) != 0) {
			/* fama runs no home tests: a home nonce index other
			 * than the token's 0 is expired too. */
			if (!sig && o->home_nonce_idx != 0) {
				*ref = BC_REF_NONCES;
				*why = "home and care-of nonce indices expired";
				return BA_EXPIRED_NONCES;
			}
			*ref = BC_REF_CAREOF_NONCE;
			*why = "care-of nonce index expired or unknown";
			return st;
		}
	} else if (rr_wanted) {
		*ref = BC_REF_RR_REQUIRED;
		*why = "return routability required";
		return BA_EXPIRED_CAREOF_NONCE;
	}

	if (sig) {
		if (!(o->present & MHO_F(MHO_CGA))) {
			*ref = BC_REF_SIG_NO_CGA;
			*why = "Signature without CGA Parameters";
			return BA_CGA_SIG_FAILED;
		}
		if (!sig_allowed(bc, &c->pkt->src, now)) {
			bc->st.sig_limited++;
			*ref = BC_REF_SIG_RATE;
			*why = "signature check rate limit";
			return BA_PROHIBITED;
		}
		bc->st.sig_checked++;
		v = cga_verify(&c->hoa, o->cga_params, o->cga_params_len,
		    &bc->cfg.cga, &c->pub);
		if ((size_t)v < BC_CGA_VERDICTS)
			bc->st.cga[v]++;
		switch (v) {
		case CGA_OK:
			break;
		case CGA_E_KEY_TYPE:
		case CGA_E_KEY_SIZE:
		case CGA_E_SEC_POLICY:
			*ref = BC_REF_CGA_POLICY;
			*why = cga_verdict_str(v);
			return BA_PROHIBITED;
		default:
			*ref = BC_REF_CGA;
			*why = cga_verdict_str(v);
			return BA_CGA_SIG_FAILED;
		}
		if (auth_sig_verify(c->pub, &c->coa, &c->anchor, c->mh,
		    o->sig_off + 2, o->sig, o->sig_len) == -1) {
			*ref = BC_REF_SIG;
			*why = "signature does not verify";
			return BA_CGA_SIG_FAILED;
		}
		/* The CGA binds the key to the HoA; a second key that also
		 * verifies would be a hash collision: refuse it. */
		{
			struct cga_params p;

			if (cga_params_decode(o->cga_params,
			    o->cga_params_len, &p) == -1 ||
			    key_id(p.pk, p.pk_len, c->key_id) == -1) {
				*ref = BC_REF_CGA;
				*why = "CGA parameters";
				return BA_CGA_SIG_FAILED;
			}
		}
		if (e != NULL && e->has_phkt && memcmp(e->key_id, c->key_id,
		    sizeof(c->key_id)) != 0) {
			*ref = BC_REF_KEY_CHANGED;
			*why = "a different key for a bound address";
			return BA_CGA_SIG_FAILED;
		}
		c->auth = c->have_cot ? BC_AUTH_SIG_RR : BC_AUTH_SIG;
		if (bad) {
			/* A first registration with a care-of test. */
			if (!c->have_cot) {
				*ref = BC_REF_RR_MISUSE;
				*why = "BAD with a signature needs a care-of "
				    "test";
				return BA_CGA_SIG_FAILED;
			}
			if (auth_kbm(NULL, c->cot, kbm) == -1) {
				*ref = BC_REF_INTERNAL;
				*why = "Kbm could not be made";
				return BA_UNSPECIFIED;
			}
			if (!bad_ok(c, kbm)) {
				*ref = BC_REF_BAD;
				*why = "authenticator does not verify";
				return BA_CGA_SIG_FAILED;
			}
			memcpy(c->kbm, kbm, sizeof(kbm));
			c->have_kbm = true;
		} else if (c->have_cot) {
			*ref = BC_REF_RR_MISUSE;
			*why = "care-of test without BAD";
			return BA_CGA_SIG_FAILED;
		}
		return 0;
	}

	if (!bad) {
		*ref = BC_REF_NO_AUTH;
		*why = "no authentication";
		return BA_CGA_SIG_FAILED;
	}
	/* A BAD with the permanent home keygen token: home nonce index 0
	 * names the token (PROFILE.md); fama runs no home tests. */
	if (o->home_nonce_idx != 0) {
		*ref = BC_REF_HOME_NONCE;
		*why = "home nonce index not 0";
		return BA_EXPIRED_HOME_NONCE;
	}
	if (e == NULL || !e->has_phkt) {
		*ref = BC_REF_NO_TOKEN;
		*why = "no permanent home keygen token";
		return BA_PHKT_UNAVAILABLE;
	}
	if (auth_kbm(e->phkt, c->have_cot ? c->cot : NULL, kbm) == -1) {
		*ref = BC_REF_INTERNAL;
		*why = "Kbm could not be made";
		return BA_UNSPECIFIED;
	}
	if (!bad_ok(c, kbm)) {
		OPENSSL_cleanse(kbm, sizeof(kbm));
		*ref = BC_REF_BAD;
		*why = "authenticator does not verify";
		return BA_CGA_SIG_FAILED;
	}
	memcpy(c->kbm, kbm, sizeof(kbm));
	OPENSSL_cleanse(kbm, sizeof(kbm));
	c->have_kbm = true;
	c->auth = c->have_cot ? BC_AUTH_TOKEN_RR : BC_AUTH_TOKEN;
	return 0;
}

/* --- Binding Update ---------------------------------------------------- */

static void
rx_bu(struct bc *bc, const struct ip6_pkt *p, const struct mh_msg *m,
    const struct bc_prefix *pfx, uint64_t now, struct bc_result *res)
{
	struct bu_ctx c;
	struct bc_entry *e;
	enum bc_refusal ref = BC_REF_INTERNAL;
	const char *why = NULL;
	uint8_t ct[MH_OPT_DATA_MAX], kbm[AUTH_KBM_LEN];
	size_t ctlen = 0;
	uint32_t life;
	bool fresh, moved;
	int st;

	bc->st.bu++;
	memset(&c, 0, sizeof(c));
	c.pkt = p;
	c.m = m;
	c.mh = p->payload;
	c.mhlen = p->payload_len;
	c.anchor = pfx->anchor;
	c.home = !p->has_hao;
	c.hoa = p->has_hao ? p->hoa : p->src;
	c.coa = (m->opt.present & MHO_F(MHO_ALTCOA)) ? m->opt.alt_coa :
	    p->src;
	c.dereg = m->lifetime == 0 || addr_eq(&c.coa, &c.hoa);
	res->hoa = c.hoa;
	res->coa = c.coa;
	res->seq = m->seq;

	/* RFC 6275 §9.5.1: a BU without a unicast routable home address
	 * is silently discarded. */
	if (!addr_global(&c.hoa)) {
		drop(bc, res, BC_DROP_HOA);
		return;
	}
	if (!(m->flags & MH_BU_H)) {
		reject(bc, res, &c, BA_HOMEREG_UNSUPPORTED, BC_REF_NOT_HOMEREG,
		    NULL, m->seq);
		return;
	}
	if (!in_prefix(pfx, &c.hoa)) {
		reject(bc, res, &c, BA_NOT_HOME_AGENT, p->has_hao ?
		    BC_REF_HOA_PREFIX : BC_REF_NO_HAO, NULL, m->seq);
		return;
	}
	if (addr_eq(&c.hoa, &pfx->anchor)) {
		reject(bc, res, &c, BA_NOT_HOME_AGENT, BC_REF_HOA_ANCHOR, NULL,
		    m->seq);
		return;
	}
	if (!addr_global(&c.coa) || bc_anchor_of(bc, &c.coa) != NULL) {
		reject(bc, res, &c, BA_INVALID_COA, BC_REF_COA, NULL, m->seq);
		return;
	}
	/* A de-registration from the home link comes from the HoA with no
	 * HAO; a registration from the home link makes no sense. */
	if (c.home && !c.dereg) {
		reject(bc, res, &c, BA_INVALID_COA, BC_REF_HOME_REG, NULL,
		    m->seq);
		return;
	}

	e = bc_find(bc, &c.hoa);
	st = authenticate(bc, &c, e, now, &ref, &why);
	res->auth = c.auth;
	if (st == -1) {
		drop(bc, res, BC_DROP_MALFORMED);
		res->why = why;
		goto out;
	}
	if (st != 0) {
		reject(bc, res, &c, (uint8_t)st, ref, why, m->seq);
		goto out;
	}
	if (e != NULL && !mh_seq_newer(m->seq, e->seq)) {
		reject(bc, res, &c, BA_SEQ_OUT_OF_WINDOW, BC_REF_SEQ, NULL,
		    e->seq);
		goto out;
	}

	if (c.dereg) {
		if (e == NULL) {
			reject(bc, res, &c, BA_NOT_HOME_AGENT,
			    BC_REF_NO_BINDING, NULL, m->seq);
			goto out;
		}
		res->event = c.home ? BC_EV_RETURNED_HOME :
		    BC_EV_DEREGISTERED;
		if (e->state == BCE_BOUND) {
			struct bc_action *a = result_act(res,
			    BC_ACT_TUNNEL_DOWN);

			a->hoa = e->hoa;
			a->coa = e->coa;
			a->anchor = e->anchor;
		}
		e->seq = m->seq;
		e->auth = c.auth;
		e->updated = now;
		e->accepted++;
		e->lifetime = 0;
		entry_unbind(bc, e, now);
		send_ba(bc, res, &c, BA_ACCEPTED, m->seq, 0,
		    c.have_kbm ? c.kbm : NULL, NULL, 0);
		goto out;
	}

	fresh = e == NULL;
	if (fresh && (e = entry_new(bc, &c.hoa, now)) == NULL) {
		reject(bc, res, &c, BA_NO_RESOURCES, BC_REF_FULL, NULL, m->seq);
		goto out;
	}

	/* A verified signature earns a new permanent home keygen token,
	 * sent encrypted to the key that signed (RFC 4866). */
	if (c.pub != NULL) {
		uint8_t phkt[AUTH_PHKT_LEN];

		if (bc_random(bc, phkt, sizeof(phkt)) == -1 ||
		    auth_phkt_encrypt(c.pub, phkt, ct, sizeof(ct), &ctlen) ==
		    -1 || auth_kbm(phkt, c.have_cot ? c.cot : NULL, kbm) ==
		    -1) {
			OPENSSL_cleanse(phkt, sizeof(phkt));
			if (fresh)
				entry_free(bc, e);
			reject(bc, res, &c, BA_UNSPECIFIED, BC_REF_INTERNAL,
			    "token could not be made", m->seq);
			goto out;
		}
		memcpy(e->phkt, phkt, sizeof(phkt));
		OPENSSL_cleanse(phkt, sizeof(phkt));
		e->has_phkt = true;
		memcpy(e->key_id, c.key_id, sizeof(e->key_id));
		bc->st.tokens_issued++;
	} else
		memcpy(kbm, c.kbm, sizeof(kbm));

	life = (uint32_t)m->lifetime * 4;
	if (life > bc->cfg.max_lifetime)
		life = bc->cfg.max_lifetime;
	if (c.have_cot && life > BC_MAX_RR_LIFETIME)
		life = BC_MAX_RR_LIFETIME;
	life -= life % 4;

	moved = !fresh && (e->state != BCE_BOUND || !addr_eq(&e->coa,
	    &c.coa));
	res->event = fresh || e->state != BCE_BOUND ? BC_EV_CREATED :
	    moved ? BC_EV_MOVED : BC_EV_REFRESHED;
	e->coa = c.coa;
	e->anchor = c.anchor;
	e->seq = m->seq;
	e->auth = c.auth;
	e->updated = now;
	e->lifetime = life;
	e->accepted++;
	if (fresh || moved) {
		struct bc_action *a = result_act(res, BC_ACT_TUNNEL_UP);

		a->hoa = e->hoa;
		a->coa = e->coa;
		a->anchor = e->anchor;
	}
	entry_bind(bc, e, now + (uint64_t)life * 1000, now);
	send_ba(bc, res, &c, BA_ACCEPTED, m->seq, life, kbm,
	    ctlen > 0 ? ct : NULL, ctlen);
	OPENSSL_cleanse(kbm, sizeof(kbm));
out:
	OPENSSL_cleanse(&c.kbm, sizeof(c.kbm));
	OPENSSL_cleanse(&c.cot, sizeof(c.cot));
	EVP_PKEY_free(c.pub);
}

/* --- Care-of Test Init ------------------------------------------------- */

static void
rx_coti(struct bc *bc, const struct ip6_pkt *p, const struct mh_msg *m,
    const struct bc_prefix *pfx, uint64_t now, struct bc_result *res)
{
	const struct bc_nonce *n;
	struct bc_action *a;
	struct mh_msg cot;
	struct seal s;

	bc->st.coti++;
	res->coa = p->src;
	if (!addr_global(&p->src) || bc_anchor_of(bc, &p->src) != NULL) {
		drop(bc, res, BC_DROP_UNEXPECTED);
		res->why = "care-of test for an invalid address";
		return;
	}
	if ((n = nonce_current(bc, now)) == NULL) {
		drop(bc, res, BC_DROP_UNEXPECTED);
		res->why = "no random octets for a nonce";
		return;
	}
	memset(&cot, 0, sizeof(cot));
	cot.type = MH_COT;
	cot.nonce_idx = n->idx;
	memcpy(cot.cookie, m->cookie, sizeof(cot.cookie));
	if (auth_keygen_token(bc->kdar, &p->src, n->val, 1, cot.token) ==
	    -1) {
		drop(bc, res, BC_DROP_UNEXPECTED);
		res->why = "care-of keygen token could not be made";
		return;
	}

	memset(&s, 0, sizeof(s));
	s.src = pfx->anchor;
	s.dst = p->src;
	a = result_act(res, BC_ACT_SEND);
	a->to = p->src;
	if (seal_mh(&cot, &s, a->pkt, sizeof(a->pkt), &a->len) == -1) {
		res->nact--;
		drop(bc, res, BC_DROP_UNEXPECTED);
		res->why = "CoT could not be built";
		return;
	}
	OPENSSL_cleanse(cot.token, sizeof(cot.token));
	res->event = BC_EV_CARE_OF_TEST;
	bc->st.cot_sent++;
}

/* --- Binding Error for an unknown MH type (RFC 6275 §9.2) -------------- */

static void
send_be(struct bc *bc, const struct ip6_pkt *p, const struct bc_prefix *pfx,
    uint64_t now, struct bc_result *res)
{
	struct bc_action *a;
	struct mh_msg be;
	struct seal s;

	if (!bucket_take(&bc->be, bc->cfg.be_rate, bc->cfg.be_rate, now) ||
	    !addr_global(&p->src)) {
		drop(bc, res, BC_DROP_RATE);
		return;
	}
	memset(&be, 0, sizeof(be));
	be.type = MH_BE;
	be.status = BE_UNKNOWN_MH_TYPE;
	if (p->has_hao)
		be.hoa = p->hoa;
	memset(&s, 0, sizeof(s));
	s.src = pfx->anchor;
	s.dst = p->src;
	a = result_act(res, BC_ACT_SEND);
	a->to = p->src;
	if (seal_mh(&be, &s, a->pkt, sizeof(a->pkt), &a->len) == -1) {
		res->nact--;
		drop(bc, res, BC_DROP_UNEXPECTED);
		return;
	}
	res->event = BC_EV_BINDING_ERROR;
	res->status = BE_UNKNOWN_MH_TYPE;
	res->why = "unknown MH type";
	bc->st.be_sent++;
}

void
bc_rx(struct bc *bc, const uint8_t *buf, size_t len, uint64_t now,
    struct bc_result *res)
{
	const struct bc_prefix *pfx;
	struct mh_msg *m;
	struct ip6_pkt p;

	result_init(res);
	bc->st.rx++;
	if (ip6_parse(buf, len, &p) == -1) {
		drop(bc, res, BC_DROP_PARSE);
		return;
	}
	/* The packet socket sees what the DAR forwards too. */
	if (p.has_rh2 || (pfx = bc_anchor_of(bc, &p.dst)) == NULL) {
		bc->st.not_ours++;
		res->event = BC_EV_IGNORED;
		res->why = "not addressed to an anchor";
		return;
	}
	if (p.nxt != IP6_NXT_MH) {
		drop(bc, res, BC_DROP_NOT_MH);
		return;
	}
	if (!ip6_mh_cksum_ok(&p)) {
		drop(bc, res, BC_DROP_CHECKSUM);
		return;
	}
	m = &bc->rxmsg;
	if (mh_decode(p.payload, p.payload_len, m) == -1) {
		if (errno == EPROTONOSUPPORT)
			send_be(bc, &p, pfx, now, res);
		else
			drop(bc, res, BC_DROP_MALFORMED);
		goto out;
	}
	if (m->type == MH_BU)
		rx_bu(bc, &p, m, pfx, now, res);
	else if (p.has_hao)
		drop(bc, res, BC_DROP_HAO_MISUSE);
	else if (m->type == MH_COTI)
		rx_coti(bc, &p, m, pfx, now, res);
	else
		drop(bc, res, BC_DROP_UNEXPECTED);
out:
	OPENSSL_cleanse(m, sizeof(*m));
}

enum bc_cost
bc_cost(const struct bc *bc, const uint8_t *buf, size_t len)
{
	struct mh_msg m;
	struct ip6_pkt p;
	enum bc_cost cost = BC_COST_CHEAP;

	/* The first steps of bc_rx(), on a message of our own: what fails
	 * them is dropped at once, and only a Signature costs a public-key
	 * operation. */
	if (ip6_parse(buf, len, &p) == -1 || p.has_rh2 ||
	    bc_anchor_of(bc, &p.dst) == NULL || p.nxt != IP6_NXT_MH ||
	    !ip6_mh_cksum_ok(&p) ||
	    mh_decode(p.payload, p.payload_len, &m) == -1)
		return BC_COST_CHEAP;
	if (m.type == MH_BU && (m.opt.present & MHO_F(MHO_SIG)))
		cost = BC_COST_SIG;
	OPENSSL_cleanse(&m, sizeof(m));
	return cost;
}

/* --- timers ------------------------------------------------------------ */

uint64_t
bc_next_deadline(const struct bc *bc)
{
	/* early when the first entry was refreshed since: bc_expire() then
	 * finds nothing, and the next deadline is later */
	return bc->nheap > 0 ? bc->heap[0]->heap_at : UINT64_MAX;
}

bool
bc_expire(struct bc *bc, uint64_t now, struct bc_result *res)
{
	struct bc_entry *e;
	struct bc_action *a;

	result_init(res);
	for (;;) {
		if (bc->nheap == 0 || bc->heap[0]->heap_at > now)
			return false;
		e = bc->heap[0];
		if (e->deadline <= now)
			break;
		/* refreshed since it went in: down to its real deadline */
		e->heap_at = e->deadline;
		heap_down(bc, 0);
	}
	res->hoa = e->hoa;
	res->coa = e->coa;
	res->seq = e->seq;
	if (e->state == BCE_BOUND) {
		a = result_act(res, BC_ACT_TUNNEL_DOWN);
		a->hoa = e->hoa;
		a->coa = e->coa;
		a->anchor = e->anchor;
		res->event = BC_EV_EXPIRED;
		res->why = "lifetime expired";
		bc->st.expired++;
		entry_unbind(bc, e, now);
		return true;
	}
	res->event = BC_EV_FORGOTTEN;
	res->why = "token hold time over";
	entry_free(bc, e);
	return true;
}

/* --- inspection -------------------------------------------------------- */

const struct bc_entry *
bc_lookup(const struct bc *bc, const struct in6_addr *hoa)
{
	return bc_find(bc, hoa);
}

size_t
bc_count(const struct bc *bc, size_t *bound)
{
	if (bound != NULL)
		*bound = bc->nbound;
	return bc->nentries;
}

void
bc_walk(const struct bc *bc, void (*fn)(const struct bc_entry *, void *),
    void *arg)
{
	const struct bc_entry *e;
	size_t i;

	for (i = 0; i < bc->nhash; i++)
		for (e = bc->hash[i]; e != NULL; e = e->hnext)
			fn(e, arg);
}

const struct bc_stats *
bc_stats(const struct bc *bc)
{
	return &bc->st;
}

int
bc_restore(struct bc *bc, const struct bc_entry *saved, uint64_t now)
{
	struct bc_entry *e;

	if (bc_find(bc, &saved->hoa) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if ((e = entry_new(bc, &saved->hoa, now)) == NULL)
		return -1;
	e->coa = saved->coa;
	e->anchor = saved->anchor;
	e->auth = saved->auth;
	e->seq = saved->seq;
	e->lifetime = saved->lifetime;
	e->created = saved->created;
	e->updated = saved->updated;
	e->accepted = saved->accepted;
	e->has_phkt = saved->has_phkt;
	memcpy(e->phkt, saved->phkt, sizeof(e->phkt));
	memcpy(e->key_id, saved->key_id, sizeof(e->key_id));
	if (saved->state == BCE_BOUND && saved->deadline > now)
		entry_bind(bc, e, saved->deadline, now);
	else {
		entry_deadline(bc, e, saved->state == BCE_IDLE &&
		    saved->deadline > now ? saved->deadline : now, now);
	}
	return 0;
}

const char *
bc_event_name(enum bc_event ev)
{
	static const char *names[] = {
		[BC_EV_NONE] = "none",
		[BC_EV_CREATED] = "created",
		[BC_EV_REFRESHED] = "refreshed",
		[BC_EV_MOVED] = "moved",
		[BC_EV_DEREGISTERED] = "deregistered",
		[BC_EV_RETURNED_HOME] = "returned-home",
		[BC_EV_REJECTED] = "rejected",
		[BC_EV_CARE_OF_TEST] = "care-of-test",
		[BC_EV_BINDING_ERROR] = "binding-error",
		[BC_EV_DROPPED] = "dropped",
		[BC_EV_IGNORED] = "ignored",
		[BC_EV_EXPIRED] = "expired",
		[BC_EV_FORGOTTEN] = "forgotten",
	};

	return (size_t)ev < sizeof(names) / sizeof(names[0]) &&
	    names[ev] != NULL ? names[ev] : "?";
}

const char *
bc_auth_name(enum bc_auth a)
{
	switch (a) {
	case BC_AUTH_NONE:
		return "none";
	case BC_AUTH_SIG:
		return "signature";
	case BC_AUTH_TOKEN:
		return "token";
	case BC_AUTH_SIG_RR:
		return "signature+rr";
	case BC_AUTH_TOKEN_RR:
		return "token+rr";
	}
	return "?";
}

const char *
bc_drop_name(enum bc_drop d)
{
	static const char *names[BC_DROP_MAX] = {
		[BC_DROP_PARSE] = "unparsable IPv6 packet",
		[BC_DROP_NOT_MH] = "not a Mobility Header",
		[BC_DROP_CHECKSUM] = "bad MH checksum",
		[BC_DROP_MALFORMED] = "malformed Mobility Header",
		[BC_DROP_UNEXPECTED] = "unexpected message",
		[BC_DROP_HAO_MISUSE] = "Home Address option on a non-BU",
		[BC_DROP_RATE] = "Binding Error rate limit",
		[BC_DROP_HOA] = "home address not unicast routable",
	};

	return (size_t)d < BC_DROP_MAX ? names[d] : "?";
}

const char *
bc_refusal_name(enum bc_refusal r)
{
	static const char *names[BC_REF_MAX] = {
		[BC_REF_NOT_HOMEREG] = "not a home registration",
		[BC_REF_NO_HAO] = "no Home Address option",
		[BC_REF_HOA_PREFIX] = "home address outside the prefixes",
		[BC_REF_HOA_ANCHOR] = "home address is the anchor",
		[BC_REF_COA] = "invalid care-of address",
		[BC_REF_HOME_REG] = "registration from the home address",
		[BC_REF_RR_REQUIRED] = "return routability required",
		[BC_REF_CAREOF_NONCE] = "care-of nonce index expired",
		[BC_REF_NONCES] = "home and care-of nonce indices expired",
		[BC_REF_HOME_NONCE] = "home nonce index not 0",
		[BC_REF_SIG_RATE] = "signature check rate limit",
		[BC_REF_CGA_POLICY] = "key or Sec outside the policy",
		[BC_REF_CGA] = "CGA parameters do not verify",
		[BC_REF_SIG_NO_CGA] = "Signature without CGA Parameters",
		[BC_REF_SIG] = "signature does not verify",
		[BC_REF_KEY_CHANGED] = "another key for a known address",
		[BC_REF_RR_MISUSE] = "care-of test without BAD or BAD "
		    "without care-of test",
		[BC_REF_BAD] = "authenticator does not verify",
		[BC_REF_NO_AUTH] = "no authentication",
		[BC_REF_NO_TOKEN] = "no permanent home keygen token",
		[BC_REF_SEQ] = "sequence number out of window",
		[BC_REF_NO_BINDING] = "no binding to remove",
		[BC_REF_FULL] = "binding cache full",
		[BC_REF_INTERNAL] = "internal error",
	};

	return (size_t)r < BC_REF_MAX ? names[r] : "?";
}

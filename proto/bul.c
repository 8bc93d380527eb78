// SPDX-License-Identifier: GPL-2.0-only
/* The mobile node's binding update list: which addresses to keep, the BUs
 * that keep them (signature first, token afterwards, care-of tests when
 * asked), BA checks, back-off, refresh, release and return home. */
#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "proto/bul.h"
#include "proto/ip6.h"

struct bul {
	struct bul_config	 cfg;
	const struct cga_ident	*id;
	bul_emit		 emit;
	void			*arg;
	struct bul_addr		*a[BUL_MAX_ADDRS];
	size_t			 n;
	struct bul_addr		*cur;		/* the CoA */
	struct bul_addr		*primary;	/* single-anchor mode */
	bool			 attached;
	struct mh_msg		 msg;		/* scratch for one message */
	uint8_t			 pkt[SEAL_PKT_MAX];
};

void
bul_config_default(struct bul_config *c)
{
	memset(c, 0, sizeof(*c));
	c->lifetime = 600;
	/* RFC 6275 uses 1 s and 1.5 s; a mobility network answers in
	 * milliseconds, and the back-off still reaches max_ms. */
	c->initial_ms = 250;
	c->initial_first_ms = 500;
	c->max_ms = 32000;
	c->refresh_pct = 80;
	c->use_rr = false;
	c->single_anchor = false;
	c->keep_default = true;
	c->random = NULL;
}

static int
bul_random(const struct bul *b, void *p, size_t n)
{
	if (b->cfg.random != NULL)
		return b->cfg.random(p, n);
	return auth_random(p, n);
}

static bool
addr_eq(const struct in6_addr *x, const struct in6_addr *y)
{
	return memcmp(x, y, sizeof(*x)) == 0;
}

/* --- what goes out ------------------------------------------------------ */

static void
act_init(struct bul_action *act, enum bul_act_type t,
    const struct bul_addr *a)
{
	memset(act, 0, sizeof(*act));
	act->type = t;
	act->status = -1;
	if (a != NULL) {
		act->addr = a->addr;
		act->anchor = a->anchor;
	}
}

static void
event(struct bul *b, const struct bul_addr *a, enum bul_event ev,
    int status, const char *why)
{
	struct bul_action act;

	act_init(&act, BUL_ACT_EVENT, a);
	act.event = ev;
	act.status = status;
	act.why = why;
	if (a != NULL) {
		act.seq = a->seq;
		act.lifetime = a->lifetime;
		act.coa = a->sent_coa;
	}
	b->emit(b->arg, &act);
}

static void
emit_addr(struct bul *b, enum bul_act_type t, const struct bul_addr *a,
    bool preferred)
{
	struct bul_action act;

	act_init(&act, t, a);
	act.preferred = preferred;
	if (b->cur != NULL)
		act.coa = b->cur->addr;
	b->emit(b->arg, &act);
}

static void
tunnel_up(struct bul *b, struct bul_addr *a, const struct in6_addr *coa)
{
	struct bul_action act;

	if (a->tunnel && addr_eq(&a->tunnel_coa, coa))
		return;
	act_init(&act, BUL_ACT_TUNNEL_UP, a);
	act.coa = *coa;
	b->emit(b->arg, &act);
	a->tunnel = true;
	a->tunnel_coa = *coa;
}

static void
tunnel_down(struct bul *b, struct bul_addr *a)
{
	struct bul_action act;

	if (!a->tunnel)
		return;
	act_init(&act, BUL_ACT_TUNNEL_DOWN, a);
	act.coa = a->tunnel_coa;
	b->emit(b->arg, &act);
	a->tunnel = false;
}

static void
send_pkt(struct bul *b, const struct bul_addr *a, const struct in6_addr *to,
    size_t len)
{
	struct bul_action act;

	act_init(&act, BUL_ACT_SEND, a);
	act.to = *to;
	act.pkt = b->pkt;
	act.len = len;
	b->emit(b->arg, &act);
}

/* Is the address's address preferred as a source for new flows? */
static bool
preferred(const struct bul *b, const struct bul_addr *a)
{
	if (b->cfg.single_anchor)
		return a == b->primary;
	return a == b->cur;
}

/* --- the list ---------------------------------------------------------- */

static struct bul_addr *
find_addr(const struct bul *b, const struct in6_addr *addr)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (addr_eq(&b->a[i]->addr, addr))
			return b->a[i];
	return NULL;
}

static struct bul_addr *
find_prefix(const struct bul *b, const uint8_t *pfx)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (memcmp(b->a[i]->prefix, pfx, CGA_PREFIX_LEN) == 0)
			return b->a[i];
	return NULL;
}

static void
remove_addr(struct bul *b, struct bul_addr *a)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->a[i] == a) {
			b->a[i] = b->a[--b->n];
			break;
		}
	if (b->cur == a)
		b->cur = NULL;
	if (b->primary == a)
		b->primary = NULL;
	OPENSSL_cleanse(a, sizeof(*a));
	free(a);
}

/* The address is gone for good: tunnel, address, entry. */
static void
forget(struct bul *b, struct bul_addr *a)
{
	tunnel_down(b, a);
	emit_addr(b, BUL_ACT_ADDR_DEL, a, false);
	remove_addr(b, a);
}

static int
gen_addr(struct bul *b, struct bul_addr *a)
{
	return cga_ident_gen(b->id, a->prefix, a->cc, &a->addr, a->params,
	    sizeof(a->params), &a->params_len);
}

/* --- sending ------------------------------------------------------------- */

static bool
cot_fresh(const struct bul *b, const struct bul_addr *a, uint64_t now)
{
	return a->have_cot && b->cur != NULL &&
	    addr_eq(&a->cot_coa, &b->cur->addr) &&
	    now - a->cot_at < (uint64_t)BUL_MAX_TOKEN_AGE * 1000;
}

static void
arm(const struct bul *b, struct bul_addr *a, uint64_t now, bool first,
    bool is_signed)
{
	if (first) {
		a->backoff = is_signed ? b->cfg.initial_first_ms :
		    b->cfg.initial_ms;
		a->tries = 0;
		a->sent_at = now;
	} else if (a->backoff < b->cfg.max_ms) {
		a->backoff *= 2;
		if (a->backoff > b->cfg.max_ms)
			a->backoff = b->cfg.max_ms;
	}
	if (a->backoff == 0)
		a->backoff = 1;
	a->tries++;
	a->timer = now + a->backoff;
}

static void
send_coti(struct bul *b, struct bul_addr *a, uint64_t now, bool first)
{
	struct mh_msg *m = &b->msg;
	struct seal s;
	size_t len;

	if (first && bul_random(b, a->cookie, sizeof(a->cookie)) == -1)
		return;
	memset(m, 0, sizeof(*m));
	m->type = MH_COTI;
	memcpy(m->cookie, a->cookie, sizeof(m->cookie));
	memset(&s, 0, sizeof(s));
	s.src = b->cur->addr;
	s.dst = a->anchor;
	if (seal_mh(m, &s, b->pkt, sizeof(b->pkt), &len) == -1)
		return;
	a->state = BULA_COTI;
	a->have_cot = false;
	arm(b, a, now, first, false);
	send_pkt(b, a, &a->anchor, len);
}

/* Send (or resend, with a new sequence number) the BU that a's state
 * calls for: a registration with the current CoA, a release from away,
 * or a de-registration from home. */
static void
send_bu(struct bul *b, struct bul_addr *a, uint64_t now, bool first)
{
	struct mh_msg *m = &b->msg;
	const struct bul_addr *cur = b->cur;
	bool home = a == cur;
	bool dereg = home || !a->wanted;
	bool rr = !dereg && (b->cfg.use_rr || a->rr_needed);
	uint8_t kbm[AUTH_KBM_LEN];
	struct seal s;
	size_t len;
	uint16_t seq;

	if (cur == NULL || !b->attached) {
		a->timer = 0;	/* resumes at the next attach */
		return;
	}
	if (rr && !cot_fresh(b, a, now)) {
		send_coti(b, a, now, first || a->state != BULA_COTI);
		return;
	}

	if (!a->seq_valid) {
		if (bul_random(b, &seq, sizeof(seq)) == -1)
			return;
		a->seq = seq;
		a->seq_valid = true;
	}
	a->seq++;
	if (first)
		a->seq_first = a->seq;

	memset(m, 0, sizeof(*m));
	m->type = MH_BU;
	m->flags = MH_BU_A | MH_BU_H;
	m->seq = a->seq;
	if (!dereg) {
		m->lifetime = (uint16_t)(b->cfg.lifetime / 4);
		if (m->lifetime == 0)
			m->lifetime = 1;
	}

	memset(&s, 0, sizeof(s));
	s.src = home ? a->addr : cur->addr;
	s.dst = a->anchor;
	s.hao = home ? NULL : &a->addr;
	s.coa = s.src;
	s.peer = a->anchor;
	if (a->has_phkt) {
		m->opt.present |= MHO_F(MHO_NONCE);
		m->opt.home_nonce_idx = 0;	/* the permanent token */
		m->opt.careof_nonce_idx = rr ? a->cot_idx : 0;
		if (auth_kbm(a->phkt, rr ? a->cot : NULL, kbm) == -1)
			goto fail;
		s.kbm = kbm;
	} else {
		m->opt.present |= MHO_F(MHO_CGA);
		memcpy(m->opt.cga_params, a->params, a->params_len);
		m->opt.cga_params_len = a->params_len;
		s.sign_key = b->id->key;
		if (rr) {
			m->opt.present |= MHO_F(MHO_NONCE);
			m->opt.careof_nonce_idx = a->cot_idx;
			if (auth_kbm(NULL, a->cot, kbm) == -1)
				goto fail;
			s.kbm = kbm;
		}
	}
	if (seal_mh(m, &s, b->pkt, sizeof(b->pkt), &len) == -1) {
fail:
		OPENSSL_cleanse(kbm, sizeof(kbm));
		a->state = BULA_FAILED;
		a->why = "BU could not be built";
		a->timer = now + b->cfg.max_ms;
		event(b, a, BUL_EV_REFUSED, -1, a->why);
		return;
	}
	OPENSSL_cleanse(kbm, sizeof(kbm));

	a->state = home ? BULA_RETURNING : dereg ? BULA_RELEASING :
	    BULA_BINDING;
	a->sent_signed = !a->has_phkt;
	a->sent_dereg = dereg;
	a->sent_rr = rr;
	a->sent_coa = s.coa;
	a->nbu++;
	arm(b, a, now, first, a->sent_signed);
	/* Traffic from the HoA may leave through the anchor at once: its
	 * DAR decapsulates whatever reaches the anchor address. */
	if (!dereg)
		tunnel_up(b, a, &cur->addr);
	send_pkt(b, a, &a->anchor, len);
	event(b, a, first ? BUL_EV_BU_SENT : BUL_EV_RETRANSMIT, -1, NULL);
}

/* --- attachment ---------------------------------------------------------- */

static struct bul_addr *
new_addr(struct bul *b, const uint8_t *pfx, const struct in6_addr *anchor)
{
	struct bul_addr *a;

	if (b->n == BUL_MAX_ADDRS) {
		errno = ENOSPC;
		return NULL;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	memcpy(a->prefix, pfx, CGA_PREFIX_LEN);
	a->anchor = *anchor;
	a->state = BULA_HOME;
	a->wanted = b->cfg.keep_default;
	if (gen_addr(b, a) == -1) {
		free(a);
		return NULL;
	}
	b->a[b->n++] = a;
	return a;
}

/* What an address that is not the CoA should do now.  hold: the node is
 * back home and that binding is being taken down; the anchors of the other
 * addresses would answer to this address through its old tunnel, so they
 * wait for the home BA (or BUL_HOME_HOLD_MS). */
static void
settle_away(struct bul *b, struct bul_addr *a, uint64_t now, bool hold)
{
	bool keep = a->wanted || (b->cfg.single_anchor && a == b->primary);
	bool bound = a->state == BULA_BOUND || a->state == BULA_BINDING ||
	    a->state == BULA_COTI || a->state == BULA_RELEASING;

	a->wanted = keep;
	if (!keep && !bound) {
		forget(b, a);
		return;
	}
	if (hold) {
		a->held = true;
		a->timer = now + BUL_HOME_HOLD_MS;
		return;
	}
	send_bu(b, a, now, true);	/* a registration, or a release */
}

/* Send what waited for the home BA. */
static void
release_held(struct bul *b, uint64_t now)
{
	struct bul_addr *held[BUL_MAX_ADDRS];
	size_t i, n = 0;

	for (i = 0; i < b->n; i++)
		if (b->a[i]->held)
			held[n++] = b->a[i];
	for (i = 0; i < n; i++) {
		held[i]->held = false;
		send_bu(b, held[i], now, true);
	}
}

int
bul_attach(struct bul *b, const struct in6_addr *prefix,
    const struct in6_addr *anchor, uint64_t now)
{
	struct bul_addr *a, *old = b->cur, *away[BUL_MAX_ADDRS];
	size_t i, n = 0;
	bool had_binding;

	if (old != NULL && memcmp(old->prefix, prefix->s6_addr,
	    CGA_PREFIX_LEN) == 0 && addr_eq(&old->anchor, anchor)) {
		if (b->attached)
			return 0;
		/* Back on the same link after a flap (or a restart):
		 * resume.  A bound address without a timer missed its
		 * refresh while detached. */
		b->attached = true;
		for (i = 0; i < b->n; i++)
			if (b->a[i]->timer == 0 && b->a[i] != old &&
			    b->a[i]->state != BULA_AWAY)
				send_bu(b, b->a[i], now, true);
		if (old->state == BULA_RETURNING)
			send_bu(b, old, now, true);
		return 0;
	}

	if ((a = find_prefix(b, prefix->s6_addr)) == NULL) {
		if ((a = new_addr(b, prefix->s6_addr, anchor)) == NULL)
			return -1;
	} else
		a->anchor = *anchor;
	if (b->primary == NULL)
		b->primary = a;
	b->cur = a;
	b->attached = true;
	a->sent_coa = a->addr;
	event(b, a, BUL_EV_ATTACHED, -1, NULL);
	emit_addr(b, BUL_ACT_ADDR_ONLINK, a, preferred(b, a));

	/* Home again: the address is on its own link; take its binding
	 * down (RFC 6275 §11.5.4). */
	had_binding = a->state == BULA_BOUND || a->state == BULA_BINDING ||
	    a->state == BULA_COTI || a->state == BULA_RELEASING ||
	    a->state == BULA_RETURNING;
	tunnel_down(b, a);
	a->rr_needed = false;
	a->resync = 0;
	if (had_binding)
		send_bu(b, a, now, true);
	else {
		a->state = BULA_HOME;
		a->timer = 0;
	}

	/* The one we left becomes an away address; then every away
	 * address follows the keep policy with the new CoA. */
	if (old != NULL && old != a)
		emit_addr(b, BUL_ACT_ADDR_AWAY, old, preferred(b, old));
	for (i = 0; i < b->n; i++)
		if (b->a[i] != a)
			away[n++] = b->a[i];
	for (i = 0; i < n; i++) {
		away[i]->resync = 0;
		if (away[i]->state == BULA_HOME)
			away[i]->state = BULA_AWAY;
		settle_away(b, away[i], now, had_binding);
	}
	return 0;
}

void
bul_detach(struct bul *b, uint64_t now)
{
	(void)now;
	b->attached = false;
}

int
bul_dad_failed(struct bul *b, const struct in6_addr *addr, uint64_t now)
{
	struct bul_addr *a = find_addr(b, addr);
	size_t i;

	if (a == NULL || a != b->cur) {
		errno = ENOENT;
		return -1;
	}
	emit_addr(b, BUL_ACT_ADDR_DEL, a, false);
	if (a->cc >= CGA_CC_MAX) {
		event(b, a, BUL_EV_DAD_GIVE_UP, -1,
		    "duplicate address three times");
		remove_addr(b, a);
		errno = EADDRINUSE;
		return -1;
	}
	a->cc++;
	if (gen_addr(b, a) == -1)
		return -1;
	a->sent_coa = a->addr;
	event(b, a, BUL_EV_ATTACHED, -1, NULL);
	emit_addr(b, BUL_ACT_ADDR_ONLINK, a, preferred(b, a));
	/* Every BU sent with the old CoA has to go again. */
	for (i = 0; i < b->n; i++)
		if (b->a[i] != a && b->a[i]->state != BULA_AWAY)
			send_bu(b, b->a[i], now, true);
	return 0;
}

int
bul_set_wanted(struct bul *b, const struct in6_addr *addr, bool wanted,
    uint64_t now)
{
	struct bul_addr *a = find_addr(b, addr);

	if (a == NULL) {
		errno = ENOENT;
		return -1;
	}
	if (a->wanted == wanted)
		return 0;
	a->wanted = wanted;
	if (a == b->cur)
		return 0;
	if (wanted) {
		if (a->state == BULA_AWAY || a->state == BULA_FAILED ||
		    a->state == BULA_RELEASING)
			send_bu(b, a, now, true);
		return 0;
	}
	if (b->cfg.single_anchor && a == b->primary) {
		a->wanted = true;
		return 0;
	}
	if (a->state == BULA_AWAY || a->state == BULA_FAILED)
		forget(b, a);
	else
		send_bu(b, a, now, true);	/* release */
	return 0;
}

/* --- receiving ----------------------------------------------------------- */

static void
ignore(struct bul *b, const struct bul_addr *a, const char *why)
{
	event(b, a, BUL_EV_BA_IGNORED, -1, why);
}

/* A corrective answer: send again, unless that keeps happening. */
static void
retry(struct bul *b, struct bul_addr *a, uint64_t now, const char *why)
{
	if (++a->resync > BUL_MAX_RESYNC) {
		a->state = BULA_FAILED;
		a->why = "the anchor keeps refusing";
		a->timer = now + b->cfg.max_ms;
		event(b, a, BUL_EV_REFUSED, a->last_status, a->why);
		return;
	}
	event(b, a, BUL_EV_RETRY, a->last_status, why);
	send_bu(b, a, now, true);
}

static void
ba_accepted(struct bul *b, struct bul_addr *a, const struct mh_msg *m,
    uint64_t now)
{
	uint64_t refresh;
	bool again;

	a->resync = 0;
	a->nba++;
	switch (a->state) {
	case BULA_RETURNING:
		a->state = BULA_HOME;
		a->timer = 0;
		a->lifetime = 0;
		a->acked = false;
		event(b, a, BUL_EV_HOME, 0, NULL);
		release_held(b, now);
		return;
	case BULA_RELEASING:
		event(b, a, BUL_EV_RELEASED, 0, NULL);
		forget(b, a);
		return;
	default:
		break;
	}
	if (m->lifetime == 0) {
		a->state = BULA_FAILED;
		a->why = "granted lifetime 0";
		a->timer = now + b->cfg.max_ms;
		event(b, a, BUL_EV_REFUSED, 0, a->why);
		return;
	}
	again = a->acked && addr_eq(&a->acked_coa, &a->sent_coa) &&
	    a->bound_until > now;
	a->state = BULA_BOUND;
	a->lifetime = (uint32_t)m->lifetime * 4;
	a->bound_until = now + (uint64_t)a->lifetime * 1000;
	refresh = (uint64_t)a->lifetime * b->cfg.refresh_pct * 10;
	if ((m->opt.present & MHO_F(MHO_BRA)) && m->opt.refresh > 0 &&
	    (uint64_t)m->opt.refresh * 4000 < refresh)
		refresh = (uint64_t)m->opt.refresh * 4000;
	if (refresh == 0)
		refresh = 1000;
	a->timer = now + refresh;
	a->acked = true;
	a->acked_coa = a->sent_coa;
	tunnel_up(b, a, &a->sent_coa);
	event(b, a, again ? BUL_EV_REFRESHED : BUL_EV_BOUND, 0, NULL);
}

static void
rx_ba(struct bul *b, const struct ip6_pkt *p, const struct mh_msg *m,
    uint64_t now)
{
	struct bul_addr *a;
	uint8_t phkt[AUTH_PHKT_LEN], kbm[AUTH_KBM_LEN];
	uint8_t want[AUTH_AUTHENTICATOR_LEN];
	bool new_phkt = false, have_kbm = false, ok;

	a = find_addr(b, p->has_rh2 ? &p->rh2_addr : &p->dst);
	if (a == NULL) {
		ignore(b, NULL, "BA for an unknown address");
		return;
	}
	if (!addr_eq(&p->src, &a->anchor)) {
		ignore(b, a, "BA not from the anchor");
		return;
	}
	if (a->state != BULA_BINDING && a->state != BULA_RELEASING &&
	    a->state != BULA_RETURNING) {
		ignore(b, a, "no BU outstanding");
		return;
	}
	if (p->has_rh2 != (a->state != BULA_RETURNING) ||
	    (p->has_rh2 && !addr_eq(&p->dst, &a->sent_coa))) {
		ignore(b, a, "BA to the wrong address");
		return;
	}
	/* Each retransmission has a new number (RFC 6275 §11.8); on a
	 * lossy link the answer to an earlier one may be the one that gets
	 * through.  It says the same when the BU was authenticated by the
	 * token; a signed one earns a token per answer, and only the last
	 * one's is the DAR's. */
	if (m->seq != a->seq && m->status != BA_SEQ_OUT_OF_WINDOW &&
	    (a->sent_signed || m->status >= 128 ||
	    (uint16_t)(m->seq - a->seq_first) >
	    (uint16_t)(a->seq - a->seq_first))) {
		ignore(b, a, "sequence number does not match");
		return;
	}

	/* The BA's authenticator uses the binding's Kbm after the BA: the
	 * new token when one came, else the one the BU used (PROFILE.md). */
	if (m->status == BA_ACCEPTED && a->sent_signed &&
	    (m->opt.present & MHO_F(MHO_PHKT)) &&
	    auth_phkt_decrypt(b->id->key, m->opt.phkt, m->opt.phkt_len,
	    phkt) == 0)
		new_phkt = true;
	if (new_phkt)
		have_kbm = auth_kbm(phkt, a->sent_rr ? a->cot : NULL, kbm) == 0;
	else if (!a->sent_signed)
		have_kbm = auth_kbm(a->phkt, a->sent_rr ? a->cot : NULL,
		    kbm) == 0;
	else if (a->sent_rr)
		have_kbm = auth_kbm(NULL, a->cot, kbm) == 0;
	if (m->opt.present & MHO_F(MHO_BAD)) {
		ok = have_kbm && auth_authenticator(kbm, &a->sent_coa,
		    &a->anchor, p->payload, p->payload_len, m->opt.bad_off,
		    want) == 0 && auth_equal(want, m->opt.auth, sizeof(want));
		if (!ok) {
			ignore(b, a, "BA authenticator does not verify");
			goto out;
		}
	} else if (have_kbm && m->status == BA_ACCEPTED) {
		ignore(b, a, "BA without an authenticator");
		goto out;
	} else if (m->status == BA_ACCEPTED && a->sent_signed &&
	    (m->opt.present & MHO_F(MHO_PHKT))) {
		ignore(b, a, "token does not decrypt");
		goto out;
	}

	a->last_status = m->status;
	if (m->status < 128) {
		if (new_phkt) {
			memcpy(a->phkt, phkt, sizeof(phkt));
			a->has_phkt = true;
		}
		ba_accepted(b, a, m, now);
		goto out;
	}

	a->why = mh_ba_status_name(m->status);
	switch (m->status) {
	case BA_SEQ_OUT_OF_WINDOW:
		/* Carry on after the last number the DAR accepted. */
		a->seq = m->seq;
		retry(b, a, now, "resynchronising the sequence number");
		break;
	case BA_PHKT_UNAVAILABLE:
	case BA_EXPIRED_HOME_NONCE:
		a->has_phkt = false;
		OPENSSL_cleanse(a->phkt, sizeof(a->phkt));
		retry(b, a, now, "no token at the anchor: signing");
		break;
	case BA_CGA_SIG_FAILED:
		if (!a->sent_signed) {
			a->has_phkt = false;
			OPENSSL_cleanse(a->phkt, sizeof(a->phkt));
			retry(b, a, now, "token refused: signing");
			break;
		}
		goto refused;
	case BA_EXPIRED_CAREOF_NONCE:
	case BA_EXPIRED_NONCES:
		a->rr_needed = true;
		a->have_cot = false;
		retry(b, a, now, "care-of test needed");
		break;
	case BA_NOT_HOME_AGENT:
		/* Nothing to remove at the anchor: done. */
		if (a->state == BULA_RETURNING || a->state == BULA_RELEASING) {
			ba_accepted(b, a, m, now);
			break;
		}
		goto refused;
	default:
	refused:
		event(b, a, BUL_EV_REFUSED, m->status, a->why);
		if (a->state == BULA_RETURNING) {
			a->state = BULA_HOME;
			a->timer = 0;
		} else if (a->state == BULA_RELEASING)
			forget(b, a);
		else {
			a->state = BULA_FAILED;
			a->timer = now + b->cfg.max_ms;
			tunnel_down(b, a);
		}
		break;
	}
out:
	OPENSSL_cleanse(phkt, sizeof(phkt));
	OPENSSL_cleanse(kbm, sizeof(kbm));
}

static void
rx_cot(struct bul *b, const struct ip6_pkt *p, const struct mh_msg *m,
    uint64_t now)
{
	struct bul_addr *a;
	size_t i;

	if (b->cur == NULL || !addr_eq(&p->dst, &b->cur->addr))
		return;
	for (i = 0; i < b->n; i++) {
		a = b->a[i];
		if (a->state != BULA_COTI || !addr_eq(&p->src, &a->anchor) ||
		    !auth_equal(a->cookie, m->cookie, sizeof(a->cookie)))
			continue;
		memcpy(a->cot, m->token, sizeof(a->cot));
		a->cot_idx = m->nonce_idx;
		a->cot_at = now;
		a->cot_coa = b->cur->addr;
		a->have_cot = true;
		send_bu(b, a, now, true);
		return;
	}
}

void
bul_rx(struct bul *b, const uint8_t *buf, size_t len, uint64_t now)
{
	struct mh_msg *m = &b->msg;
	struct bul_addr *a;
	struct ip6_pkt p;

	if (ip6_parse(buf, len, &p) == -1 || p.nxt != IP6_NXT_MH ||
	    !ip6_mh_cksum_ok(&p) || mh_decode(p.payload, p.payload_len,
	    m) == -1)
		return;
	switch (m->type) {
	case MH_BA:
		rx_ba(b, &p, m, now);
		break;
	case MH_COT:
		if (!p.has_rh2 && !p.has_hao)
			rx_cot(b, &p, m, now);
		break;
	case MH_BE:
		a = NULL;
		if (!p.has_rh2 && !p.has_hao) {
			size_t i;

			for (i = 0; i < b->n; i++)
				if (addr_eq(&b->a[i]->anchor, &p.src))
					a = b->a[i];
		}
		if (a != NULL)
			event(b, a, BUL_EV_BINDING_ERROR, m->status,
			    m->status == BE_UNKNOWN_MH_TYPE ?
			    "unrecognized MH type" :
			    "unknown binding for Home Address option");
		break;
	case MH_BRR:
		if ((a = find_addr(b, &p.dst)) != NULL &&
		    addr_eq(&p.src, &a->anchor) && a->state == BULA_BOUND)
			send_bu(b, a, now, true);
		break;
	default:
		break;
	}
	OPENSSL_cleanse(m, sizeof(*m));
}

/* --- timers ---------------------------------------------------------------- */

uint64_t
bul_next_deadline(const struct bul *b)
{
	uint64_t t = UINT64_MAX;
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->a[i]->timer != 0 && b->a[i]->timer < t)
			t = b->a[i]->timer;
	return t;
}

void
bul_tick(struct bul *b, uint64_t now)
{
	struct bul_addr *a, *due[BUL_MAX_ADDRS];
	size_t i, n = 0;

	for (i = 0; i < b->n; i++)
		if (b->a[i]->timer != 0 && b->a[i]->timer <= now)
			due[n++] = b->a[i];
	for (i = 0; i < n; i++) {
		a = due[i];
		a->timer = 0;
		if (!b->attached)
			continue;
		if (a->held) {
			a->held = false;
			send_bu(b, a, now, true);
			continue;
		}
		switch (a->state) {
		case BULA_BINDING:
			if (a->lifetime > 0 && a->bound_until != 0 &&
			    a->bound_until <= now) {
				a->bound_until = 0;
				event(b, a, BUL_EV_EXPIRED, -1,
				    "binding expired before a refresh");
			}
			send_bu(b, a, now, false);
			break;
		case BULA_RELEASING:
		case BULA_RETURNING:
			/* Give up once the back-off has reached its end:
			 * the binding expires at the anchor anyway. */
			if (a->backoff >= b->cfg.max_ms) {
				if (a->state == BULA_RELEASING)
					forget(b, a);
				else
					a->state = BULA_HOME;
				break;
			}
			send_bu(b, a, now, false);
			break;
		case BULA_COTI:
			send_coti(b, a, now, false);
			break;
		case BULA_BOUND:
		case BULA_FAILED:
			/* refresh, or another try after a refusal */
			a->resync = 0;
			send_bu(b, a, now, true);
			break;
		case BULA_HOME:
		case BULA_AWAY:
			break;
		}
	}
}

/* --- restart --------------------------------------------------------------- */

int
bul_restore(struct bul *b, const struct bul_addr *saved, bool current,
    bool primary, uint64_t now)
{
	struct bul_addr *a;
	uint64_t at, refresh;

	if (find_addr(b, &saved->addr) != NULL ||
	    find_prefix(b, saved->prefix) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if (saved->cc > CGA_CC_MAX || (current && b->cur != NULL) ||
	    (primary && b->primary != NULL)) {
		errno = EINVAL;
		return -1;
	}
	if (b->n == BUL_MAX_ADDRS) {
		errno = ENOSPC;
		return -1;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return -1;
	memcpy(a->prefix, saved->prefix, CGA_PREFIX_LEN);
	a->cc = saved->cc;
	/* The same key, prefix and collision count form the same CGA;
	 * anything else was another identity's. */
	if (gen_addr(b, a) == -1 || !addr_eq(&a->addr, &saved->addr)) {
		OPENSSL_cleanse(a, sizeof(*a));
		free(a);
		errno = EINVAL;
		return -1;
	}
	a->anchor = saved->anchor;
	a->wanted = saved->wanted;
	a->has_phkt = saved->has_phkt;
	memcpy(a->phkt, saved->phkt, sizeof(a->phkt));
	a->seq = saved->seq;
	a->seq_valid = saved->seq_valid;
	a->lifetime = saved->lifetime;
	a->tunnel = saved->tunnel;
	a->tunnel_coa = saved->tunnel_coa;
	a->acked = saved->acked;
	a->acked_coa = saved->acked_coa;
	a->sent_coa = saved->acked ? saved->acked_coa : a->addr;
	/* Nothing is in flight after a restart: what was being sent is sent
	 * again at the next attach, a binding still valid is refreshed when
	 * the old schedule says. */
	if (current)
		a->state = saved->state == BULA_RETURNING ? BULA_RETURNING :
		    BULA_HOME;
	else
		switch (saved->state) {
		case BULA_HOME:
		case BULA_AWAY:
			a->state = BULA_AWAY;
			break;
		case BULA_BOUND:
			if (saved->bound_until > now && a->lifetime > 0) {
				a->state = BULA_BOUND;
				a->bound_until = saved->bound_until;
				at = saved->bound_until -
				    (uint64_t)a->lifetime * 1000;
				refresh = at + (uint64_t)a->lifetime *
				    b->cfg.refresh_pct * 10;
				a->timer = refresh > now ? refresh : now;
				break;
			}
			a->state = BULA_BINDING;
			break;
		case BULA_RELEASING:
			a->state = BULA_RELEASING;
			break;
		case BULA_COTI:
		case BULA_BINDING:
		case BULA_FAILED:
		case BULA_RETURNING:
			a->state = a->wanted ? BULA_BINDING : BULA_RELEASING;
			break;
		}
	b->a[b->n++] = a;
	if (current)
		b->cur = a;
	if (primary)
		b->primary = a;
	b->attached = false;
	return 0;
}

/* --- life cycle and inspection ------------------------------------------- */

struct bul *
bul_new(const struct bul_config *cfg, const struct cga_ident *id,
    bul_emit emit, void *arg)
{
	struct bul *b;

	if (id == NULL || id->key == NULL || emit == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->cfg = *cfg;
	if (b->cfg.max_ms == 0)
		b->cfg.max_ms = 32000;
	if (b->cfg.refresh_pct == 0 || b->cfg.refresh_pct > 100)
		b->cfg.refresh_pct = 80;
	b->id = id;
	b->emit = emit;
	b->arg = arg;
	return b;
}

void
bul_free(struct bul *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		OPENSSL_cleanse(b->a[i], sizeof(*b->a[i]));
		free(b->a[i]);
	}
	OPENSSL_cleanse(b, sizeof(*b));
	free(b);
}

const struct bul_addr *
bul_current(const struct bul *b)
{
	return b->attached ? b->cur : NULL;
}

const struct bul_addr *
bul_primary(const struct bul *b)
{
	return b->primary;
}

size_t
bul_count(const struct bul *b)
{
	return b->n;
}

const struct bul_addr *
bul_get(const struct bul *b, size_t i)
{
	return i < b->n ? b->a[i] : NULL;
}

const struct bul_addr *
bul_find(const struct bul *b, const struct in6_addr *addr)
{
	return find_addr(b, addr);
}

const char *
bul_state_name(enum bul_state s)
{
	switch (s) {
	case BULA_HOME:
		return "home";
	case BULA_AWAY:
		return "away";
	case BULA_COTI:
		return "care-of-test";
	case BULA_BINDING:
		return "binding";
	case BULA_BOUND:
		return "bound";
	case BULA_RELEASING:
		return "releasing";
	case BULA_RETURNING:
		return "returning";
	case BULA_FAILED:
		return "failed";
	}
	return "?";
}

const char *
bul_event_name(enum bul_event ev)
{
	static const char *names[] = {
		[BUL_EV_ATTACHED] = "attached",
		[BUL_EV_BU_SENT] = "bu-sent",
		[BUL_EV_RETRANSMIT] = "retransmit",
		[BUL_EV_BOUND] = "bound",
		[BUL_EV_REFRESHED] = "refreshed",
		[BUL_EV_RELEASED] = "released",
		[BUL_EV_HOME] = "home",
		[BUL_EV_REFUSED] = "refused",
		[BUL_EV_RETRY] = "retry",
		[BUL_EV_BA_IGNORED] = "ba-ignored",
		[BUL_EV_BINDING_ERROR] = "binding-error",
		[BUL_EV_EXPIRED] = "expired",
		[BUL_EV_DAD_GIVE_UP] = "dad-give-up",
	};

	return (size_t)ev < sizeof(names) / sizeof(names[0]) &&
	    names[ev] != NULL ? names[ev] : "?";
}

// SPDX-License-Identifier: GPL-2.0-only
/* proto/bc and proto/bul: the DAR's binding cache and the MN's binding
 * update list, talking to each other through an in-memory network with
 * an injected clock, and a DAR fed crafted BUs for every status code. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/auth.h"
#include "proto/bc.h"
#include "proto/buf.h"
#include "proto/bul.h"
#include "proto/cga.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/seal.h"
#include "tests/testcrypto.h"
#include "tests/testlib.h"

#define NDAR	3
#define QMAX	64
#define LOGMAX	512

struct pktq {
	size_t		n;
	size_t		len[QMAX];
	uint8_t		pkt[QMAX][SEAL_PKT_MAX];
};

struct mnlog {
	enum bul_act_type type;
	enum bul_event	event;
	int		status;
	struct in6_addr	addr;
	struct in6_addr	coa;
	bool		preferred;
};

struct darlog {
	int		dar;
	enum bc_event	event;
	int		status;
	enum bc_auth	auth;
	struct in6_addr	hoa;
	struct in6_addr	coa;
	bool		tunnel_up;
	bool		tunnel_down;
};

struct net {
	struct bc	*dar[NDAR];
	struct bc_prefix pfx[NDAR];
	struct bc_config bccfg;
	struct bul	*mn;
	struct bul_config bulcfg;
	struct cga_ident id;
	uint64_t	 now;
	struct pktq	 to_dar, to_mn;
	bool		 lose_to_dar, lose_to_mn;
	struct pktq	 lost_to_mn;	/* what lose_to_mn kept from it */
	/* tamper with the next packet to the MN */
	int		 flip_to_mn;	/* octet offset from the end, 0: off */
	struct mnlog	 mlog[LOGMAX];
	size_t		 nm;
	struct darlog	 dlog[LOGMAX];
	size_t		 nd;
	size_t		 tunnels[NDAR];	/* tunnels up at each DAR */
	struct in6_addr	 tun_hoa[NDAR][8];
};

static struct net N;

/* Deterministic "random" octets, so that sequence numbers are known. */
static uint8_t rnd_fill = 0x10;
static int
test_random(void *p, size_t n)
{
	memset(p, rnd_fill, n);
	rnd_fill++;
	return 0;
}

static void
q_push(struct pktq *q, const uint8_t *pkt, size_t len)
{
	ck_assert_uint_lt(q->n, QMAX);
	ck_assert_uint_le(len, SEAL_PKT_MAX);
	memcpy(q->pkt[q->n], pkt, len);
	q->len[q->n++] = len;
}

static void
mn_emit(void *arg, const struct bul_action *a)
{
	struct net *n = arg;
	struct mnlog *l;

	if (a->type == BUL_ACT_SEND && !n->lose_to_dar)
		q_push(&n->to_dar, a->pkt, a->len);
	if (n->nm == LOGMAX)
		return;		/* long runs: the log keeps the start */
	l = &n->mlog[n->nm++];
	l->type = a->type;
	l->event = a->event;
	l->status = a->status;
	l->addr = a->addr;
	l->coa = a->coa;
	l->preferred = a->preferred;
}

static size_t
tun_find(int d, const struct in6_addr *hoa)
{
	size_t t;

	for (t = 0; t < N.tunnels[d]; t++)
		if (memcmp(&N.tun_hoa[d][t], hoa, sizeof(*hoa)) == 0)
			break;
	return t;
}

/* Flip a bit n octets from the end of an MH packet and fix the checksum,
 * so that only the authentication can notice. */
static void
tamper(uint8_t *pkt, size_t len, size_t n)
{
	struct ip6_pkt p;
	struct in6_addr s, d;
	uint8_t *mh;

	pkt[len - n] ^= 1;
	ck_assert_int_eq(ip6_parse(pkt, len, &p), 0);
	mh = pkt + (p.payload - pkt);
	put_u16(mh + MH_CKSUM_OFF, 0);
	ip6_mh_pseudo(&p, &s, &d);
	put_u16(mh + MH_CKSUM_OFF, ip6_cksum(&s, &d, IP6_NXT_MH, mh,
	    p.payload_len));
	ck_assert(ip6_mh_cksum_ok(&p));
}

static void
dar_result(int d, const struct bc_result *r)
{
	struct darlog *l;
	size_t i;

	if (N.nd == LOGMAX)
		N.nd--;		/* long runs: keep the latest entry */
	l = &N.dlog[N.nd++];
	memset(l, 0, sizeof(*l));
	l->dar = d;
	l->event = r->event;
	l->status = r->status;
	l->auth = r->auth;
	l->hoa = r->hoa;
	l->coa = r->coa;
	for (i = 0; i < r->nact; i++) {
		switch (r->act[i].type) {
		case BC_ACT_SEND:
			if (N.lose_to_mn) {
				if (N.lost_to_mn.n < QMAX)
					q_push(&N.lost_to_mn, r->act[i].pkt,
					    r->act[i].len);
				break;
			}
			if (N.flip_to_mn > 0) {
				uint8_t p[SEAL_PKT_MAX];

				memcpy(p, r->act[i].pkt, r->act[i].len);
				tamper(p, r->act[i].len, (size_t)N.flip_to_mn);
				N.flip_to_mn = 0;
				q_push(&N.to_mn, p, r->act[i].len);
			} else
				q_push(&N.to_mn, r->act[i].pkt,
				    r->act[i].len);
			break;
		case BC_ACT_TUNNEL_UP:
			/* install or replace: one per HoA */
			l->tunnel_up = true;
			if (tun_find(d, &r->act[i].hoa) == N.tunnels[d]) {
				ck_assert_uint_lt(N.tunnels[d], 8);
				N.tun_hoa[d][N.tunnels[d]++] = r->act[i].hoa;
			}
			break;
		case BC_ACT_TUNNEL_DOWN: {
			size_t t = tun_find(d, &r->act[i].hoa);

			l->tunnel_down = true;
			ck_assert_uint_lt(t, N.tunnels[d]);
			N.tun_hoa[d][t] = N.tun_hoa[d][--N.tunnels[d]];
			break;
		}
		}
	}
}

/* Deliver queued packets both ways until the network is quiet. */
static void
pump(void)
{
	struct bc_result r;
	struct ip6_pkt p;
	size_t i;
	int d;

	while (N.to_dar.n > 0 || N.to_mn.n > 0) {
		for (i = 0; i < N.to_dar.n; i++) {
			ck_assert_int_eq(ip6_parse(N.to_dar.pkt[i],
			    N.to_dar.len[i], &p), 0);
			for (d = 0; d < NDAR; d++)
				if (memcmp(&p.dst, &N.pfx[d].anchor, 16) == 0)
					break;
			ck_assert_int_lt(d, NDAR);
			bc_rx(N.dar[d], N.to_dar.pkt[i], N.to_dar.len[i],
			    N.now, &r);
			dar_result(d, &r);
		}
		N.to_dar.n = 0;
		for (i = 0; i < N.to_mn.n; i++)
			bul_rx(N.mn, N.to_mn.pkt[i], N.to_mn.len[i], N.now);
		N.to_mn.n = 0;
	}
}

static void
advance(uint64_t ms)
{
	struct bc_result r;
	int d;

	N.now += ms;
	for (d = 0; d < NDAR; d++)
		while (bc_expire(N.dar[d], N.now, &r))
			dar_result(d, &r);
	if (bul_next_deadline(N.mn) <= N.now)
		bul_tick(N.mn, N.now);
	pump();
}

/* Move the clock forward step by step, running every timer on time. */
static void
run_for(uint64_t ms)
{
	uint64_t end = N.now + ms, next;
	int d;

	for (;;) {
		next = bul_next_deadline(N.mn);
		for (d = 0; d < NDAR; d++)
			if (bc_next_deadline(N.dar[d]) < next)
				next = bc_next_deadline(N.dar[d]);
		if (next > end)
			break;
		advance(next > N.now ? next - N.now : 0);
	}
	N.now = end;
}

static void
attach(int d)
{
	ck_assert_int_eq(bul_attach(N.mn, &N.pfx[d].prefix, &N.pfx[d].anchor,
	    N.now), 0);
	pump();
}

static void
net_setup_cfg(void (*tune)(struct bc_config *, struct bul_config *))
{
	static const char *pfx[NDAR] = { "2001:db8:1::", "2001:db8:2::",
	    "2001:db8:3::" };
	static const char *anc[NDAR] = { "2001:db8:1::1", "2001:db8:2::1",
	    "2001:db8:3::1" };
	int d;

	memset(&N, 0, sizeof(N));
	rnd_fill = 0x10;
	N.now = 1000000;
	bc_config_default(&N.bccfg);
	N.bccfg.random = test_random;
	bul_config_default(&N.bulcfg);
	N.bulcfg.random = test_random;
	if (tune != NULL)
		tune(&N.bccfg, &N.bulcfg);
	for (d = 0; d < NDAR; d++) {
		N.pfx[d].prefix = addr_of(pfx[d]);
		N.pfx[d].anchor = addr_of(anc[d]);
		ck_assert_ptr_nonnull(N.dar[d] = bc_new(&N.bccfg));
		ck_assert_int_eq(bc_set_prefixes(N.dar[d], &N.pfx[d], 1), 0);
	}
	N.id.key = load_key("testkey1024.pem");
	ck_assert_int_eq(cga_spki(N.id.key, N.id.spki, sizeof(N.id.spki),
	    &N.id.spki_len), 0);
	/* The Sec 1 modifier of the DIGEST vectors: no search needed. */
	hex2bin("000102030405060708090a0b0c0d38ee", N.id.modifier, 16);
	N.id.sec = 1;
	ck_assert_ptr_nonnull(N.mn = bul_new(&N.bulcfg, &N.id, mn_emit, &N));
}

static void
net_setup(void)
{
	net_setup_cfg(NULL);
}

static void
net_teardown(void)
{
	int d;

	bul_free(N.mn);
	for (d = 0; d < NDAR; d++)
		bc_free(N.dar[d]);
	EVP_PKEY_free(N.id.key);
}

/* The last DAR log entry of dar d, or NULL. */
static const struct darlog *
dlast(int d)
{
	size_t i;

	for (i = N.nd; i > 0; i--)
		if (N.dlog[i - 1].dar == d)
			return &N.dlog[i - 1];
	return NULL;
}

static size_t
mcount(enum bul_act_type t, enum bul_event ev)
{
	size_t i, c = 0;

	for (i = 0; i < N.nm; i++)
		if (N.mlog[i].type == t && (t != BUL_ACT_EVENT ||
		    N.mlog[i].event == ev))
			c++;
	return c;
}

static struct in6_addr
addr_at(int d)
{
	size_t i;

	for (i = 0; i < bul_count(N.mn); i++)
		if (memcmp(bul_get(N.mn, i)->prefix, &N.pfx[d].prefix, 8) == 0)
			return bul_get(N.mn, i)->addr;
	ck_abort_msg("no address at DAR%d", d + 1);
	return N.pfx[0].prefix;
}

static const struct bul_addr *
mn_addr(int d)
{
	struct in6_addr a = addr_at(d);

	return bul_find(N.mn, &a);
}

/* --- the FAMA story -------------------------------------------------- */

START_TEST(first_attach_forms_cga)
{
	struct in6_addr want = addr_of("2001:db8:1:0:a8f5:5e6c:ed05:a2d7");
	const struct bul_addr *a;

	(void)want;
	attach(0);
	ck_assert_uint_eq(bul_count(N.mn), 1);
	a = bul_current(N.mn);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->state, BULA_HOME);
	/* The CGA verifies against its own parameters. */
	ck_assert_int_eq(cga_verify(&a->addr, a->params, a->params_len,
	    &N.bccfg.cga, NULL), CGA_OK);
	ck_assert_mem_eq(a->addr.s6_addr, N.pfx[0].prefix.s6_addr, 8);
	ck_assert_uint_eq(a->addr.s6_addr[8] >> 5, 1);	/* Sec 1 */
	ck_assert_uint_eq(mcount(BUL_ACT_ADDR_ONLINK, 0), 1);
	ck_assert(N.mlog[1].preferred);
	ck_assert_uint_eq(mcount(BUL_ACT_SEND, 0), 0);
	ck_assert_uint_eq(N.nd, 0);
	/* The same RA again changes nothing. */
	attach(0);
	ck_assert_uint_eq(mcount(BUL_ACT_ADDR_ONLINK, 0), 1);
}
END_TEST

START_TEST(move_signs_then_uses_token)
{
	const struct bc_entry *e;
	struct in6_addr hoa1, coa2, coa3;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	coa2 = addr_at(1);

	/* DAR1 verified the CGA and signature and created the binding. */
	ck_assert_int_eq(dlast(0)->event, BC_EV_CREATED);
	ck_assert_int_eq(dlast(0)->status, BA_ACCEPTED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG);
	ck_assert(dlast(0)->tunnel_up);
	ck_assert_mem_eq(&dlast(0)->hoa, &hoa1, 16);
	ck_assert_mem_eq(&dlast(0)->coa, &coa2, 16);
	e = bc_lookup(N.dar[0], &hoa1);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->state, BCE_BOUND);
	ck_assert(e->has_phkt);
	ck_assert_uint_eq(e->lifetime, 600);
	/* The MN took the token from the BA and is bound. */
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert(mn_addr(0)->has_phkt);
	ck_assert_mem_eq(mn_addr(0)->phkt, e->phkt, AUTH_PHKT_LEN);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_BOUND), 1);
	ck_assert_uint_eq(mcount(BUL_ACT_TUNNEL_UP, 0), 1);
	ck_assert_uint_eq(mcount(BUL_ACT_ADDR_AWAY, 0), 1);
	ck_assert_int_eq(mn_addr(1)->state, BULA_HOME);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_checked, 1);
	ck_assert_uint_eq(bc_stats(N.dar[0])->tokens_issued, 1);

	/* Next move: DAR1 gets a token BU, DAR2 a signed one. */
	attach(2);
	coa3 = addr_at(2);
	ck_assert_int_eq(N.dlog[N.nd - 2].dar + N.dlog[N.nd - 1].dar, 1);
	ck_assert_int_eq(dlast(0)->event, BC_EV_MOVED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
	ck_assert(dlast(0)->tunnel_up);
	ck_assert_mem_eq(&dlast(0)->coa, &coa3, 16);
	ck_assert_int_eq(dlast(1)->event, BC_EV_CREATED);
	ck_assert_int_eq(dlast(1)->auth, BC_AUTH_SIG);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_checked, 1);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_int_eq(mn_addr(1)->state, BULA_BOUND);
	ck_assert_uint_eq(N.tunnels[0], 1);
	ck_assert_uint_eq(N.tunnels[1], 1);
	(void)coa2;
}
END_TEST

START_TEST(return_home_takes_binding_down)
{
	struct in6_addr hoa1;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	attach(2);
	ck_assert_uint_eq(N.tunnels[0], 1);
	{
		size_t mark = N.nm;

		attach(0);
		/* The other anchors' BUs wait for the home BA: their BAs
		 * come to HoA1, which DAR1 tunnelled away until then. */
		size_t i, home = 0, first_other = 0;

		for (i = mark; i < N.nm; i++) {
			if (N.mlog[i].type != BUL_ACT_EVENT)
				continue;
			if (N.mlog[i].event == BUL_EV_HOME && home == 0)
				home = i;
			if (N.mlog[i].event == BUL_EV_BU_SENT &&
			    memcmp(&N.mlog[i].addr, &hoa1, 16) != 0 &&
			    first_other == 0)
				first_other = i;
		}
		ck_assert_uint_ne(home, 0);
		ck_assert_uint_gt(first_other, home);
	}
	/* DAR1: the BU came from the HoA itself, authenticated by token. */
	ck_assert_int_eq(dlast(0)->event, BC_EV_RETURNED_HOME);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
	ck_assert(dlast(0)->tunnel_down);
	ck_assert_uint_eq(N.tunnels[0], 0);
	ck_assert_int_eq(bc_lookup(N.dar[0], &hoa1)->state, BCE_IDLE);
	ck_assert(bc_lookup(N.dar[0], &hoa1)->has_phkt);
	ck_assert_int_eq(mn_addr(0)->state, BULA_HOME);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_HOME), 1);
	/* DAR2 and DAR3 now tunnel to HoA1, the CoA again. */
	ck_assert_mem_eq(&dlast(1)->coa, &hoa1, 16);
	ck_assert_mem_eq(&dlast(2)->coa, &hoa1, 16);
	ck_assert_int_eq(dlast(1)->event, BC_EV_MOVED);
	ck_assert_int_eq(dlast(2)->event, BC_EV_CREATED);
	ck_assert_uint_eq(N.tunnels[1] + N.tunnels[2], 2);
	/* And away again: the token is still good at DAR1. */
	attach(1);
	ck_assert_int_eq(dlast(0)->event, BC_EV_CREATED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
	ck_assert_int_eq(dlast(1)->event, BC_EV_RETURNED_HOME);
}
END_TEST

START_TEST(refresh_before_expiry)
{
	attach(0);
	attach(1);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_REFRESHED), 0);
	/* 80 % of 600 s: the MN refreshes with its token. */
	run_for(479 * 1000);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_REFRESHED), 0);
	run_for(2 * 1000);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_REFRESHED), 1);
	ck_assert_int_eq(dlast(0)->event, BC_EV_REFRESHED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
	ck_assert(!dlast(0)->tunnel_up);
	/* An hour later, still bound. */
	run_for(3600 * 1000);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_uint_eq(N.tunnels[0], 1);
}
END_TEST

START_TEST(lifetime_expiry_at_dar)
{
	struct in6_addr hoa1;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	/* The MN falls silent: the DAR's binding runs out at 600 s. */
	N.lose_to_dar = true;
	run_for(599 * 1000);
	ck_assert_int_eq(bc_lookup(N.dar[0], &hoa1)->state, BCE_BOUND);
	run_for(2 * 1000);
	ck_assert_int_eq(bc_lookup(N.dar[0], &hoa1)->state, BCE_IDLE);
	ck_assert_uint_eq(N.tunnels[0], 0);
	ck_assert_uint_eq(bc_stats(N.dar[0])->expired, 1);
	/* The token is kept for token_hold, then forgotten. */
	run_for((uint64_t)N.bccfg.token_hold * 1000);
	ck_assert_ptr_null(bc_lookup(N.dar[0], &hoa1));
}
END_TEST

/* A refresh leaves the binding's old heap key in place (bc.c,
 * entry_deadline()): the old deadline passing must not expire it, the
 * new one must, to the second. */
START_TEST(refreshed_binding_expires_at_new_deadline)
{
	struct in6_addr hoa1;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	run_for(481 * 1000);		/* refreshed at 480 s */
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_REFRESHED), 1);
	N.lose_to_dar = true;
	run_for(120 * 1000);		/* 601 s: the first deadline gone */
	ck_assert_int_eq(bc_lookup(N.dar[0], &hoa1)->state, BCE_BOUND);
	ck_assert_uint_ge(bc_next_deadline(N.dar[0]), N.now);
	run_for(478 * 1000);		/* 1079 s */
	ck_assert_int_eq(bc_lookup(N.dar[0], &hoa1)->state, BCE_BOUND);
	ck_assert_uint_eq(bc_stats(N.dar[0])->expired, 0);
	run_for(2 * 1000);		/* 1081 s: 480 + 600 gone */
	ck_assert_int_eq(bc_lookup(N.dar[0], &hoa1)->state, BCE_IDLE);
	ck_assert_uint_eq(bc_stats(N.dar[0])->expired, 1);
	ck_assert_uint_eq(N.tunnels[0], 0);
}
END_TEST

START_TEST(retransmit_with_backoff)
{
	uint64_t t0;
	size_t i, sends = 0;
	uint64_t when[16];

	attach(0);
	N.lose_to_dar = true;
	t0 = N.now;
	attach(1);
	/* signed BU: first timeout initial_first_ms (500 ms), doubling up
	 * to 32 s */
	ck_assert_uint_eq(N.bulcfg.initial_first_ms, 500);
	for (i = 0; i < 9; i++) {
		ck_assert_uint_ne(bul_next_deadline(N.mn), UINT64_MAX);
		when[i] = bul_next_deadline(N.mn) - t0;
		advance(bul_next_deadline(N.mn) - N.now);
	}
	ck_assert_uint_eq(when[0], 500);
	ck_assert_uint_eq(when[1], 1500);
	ck_assert_uint_eq(when[2], 3500);
	ck_assert_uint_eq(when[3], 7500);
	ck_assert_uint_eq(when[4], 15500);
	ck_assert_uint_eq(when[5], 31500);
	ck_assert_uint_eq(when[6], 63500);
	ck_assert_uint_eq(when[7], 95500);
	for (i = 0; i < N.nm; i++)
		if (N.mlog[i].type == BUL_ACT_SEND)
			sends++;
	ck_assert_uint_eq(sends, 10);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_RETRANSMIT), 9);
	/* The network comes back: the next retransmission binds. */
	N.lose_to_dar = false;
	advance(bul_next_deadline(N.mn) - N.now);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_int_eq(dlast(0)->event, BC_EV_CREATED);
}
END_TEST

/* A BA whose authenticator was tampered with is ignored. */
START_TEST(ba_bad_authenticator_ignored)
{
	attach(0);
	N.flip_to_mn = 1;	/* last octet: inside the authenticator */
	attach(1);
	ck_assert_int_eq(dlast(0)->event, BC_EV_CREATED);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BINDING);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_BA_IGNORED), 1);
	ck_assert(!mn_addr(0)->has_phkt);
	/* The retransmission is signed again (no token yet) and works;
	 * the DAR replaces the token it had given. */
	advance(bul_next_deadline(N.mn) - N.now);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG);
	ck_assert_mem_eq(mn_addr(0)->phkt,
	    bc_lookup(N.dar[0], &mn_addr(0)->addr)->phkt, AUTH_PHKT_LEN);
}
END_TEST

/* The DAR lost its state (a restart): 147, then a signature. */
START_TEST(token_unavailable_falls_back_to_signature)
{
	attach(0);
	attach(1);
	bc_free(N.dar[0]);
	ck_assert_ptr_nonnull(N.dar[0] = bc_new(&N.bccfg));
	ck_assert_int_eq(bc_set_prefixes(N.dar[0], &N.pfx[0], 1), 0);
	N.tunnels[0] = 0;
	attach(2);
	ck_assert_uint_eq(N.dar[0] != NULL, 1);
	ck_assert_int_eq(bc_stats(N.dar[0])->status[BA_PHKT_UNAVAILABLE], 1);
	ck_assert_int_eq(bc_stats(N.dar[0])->status[BA_ACCEPTED], 1);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_RETRY), 1);
}
END_TEST

/* The DAR remembers a later sequence number than the MN: 135, resync. */
START_TEST(sequence_resync)
{
	struct bc_entry e;
	const struct bc_entry *cur;
	struct in6_addr hoa1;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	cur = bc_lookup(N.dar[0], &hoa1);
	memcpy(&e, cur, sizeof(e));
	e.seq = (uint16_t)(cur->seq + 1000);
	bc_free(N.dar[0]);
	ck_assert_ptr_nonnull(N.dar[0] = bc_new(&N.bccfg));
	ck_assert_int_eq(bc_set_prefixes(N.dar[0], &N.pfx[0], 1), 0);
	ck_assert_int_eq(bc_restore(N.dar[0], &e, N.now), 0);
	attach(2);
	ck_assert_int_eq(bc_stats(N.dar[0])->status[BA_SEQ_OUT_OF_WINDOW], 1);
	ck_assert_int_eq(dlast(0)->event, BC_EV_MOVED);
	ck_assert_uint_eq(bc_lookup(N.dar[0], &hoa1)->seq, e.seq + 1);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
}
END_TEST

/* Sequence numbers wrap: the MN's random start is 0xffff here. */
static void
tune_seq_wrap(struct bc_config *bc, struct bul_config *bul)
{
	(void)bc;
	(void)bul;
}

START_TEST(sequence_wraps_around)
{
	struct in6_addr hoa1;

	net_teardown();
	net_setup_cfg(tune_seq_wrap);
	attach(0);
	hoa1 = addr_at(0);
	rnd_fill = 0xff;	/* the next random octets: seq = 0xffff */
	attach(1);
	ck_assert_uint_eq(bc_lookup(N.dar[0], &hoa1)->seq, 0x0000);
	attach(2);
	ck_assert_uint_eq(bc_lookup(N.dar[0], &hoa1)->seq, 0x0001);
	ck_assert_int_eq(dlast(0)->event, BC_EV_MOVED);
	ck_assert(mh_seq_newer(0x0000, 0xffff));
	ck_assert(mh_seq_newer(0x7fff, 0x0000));
	ck_assert(!mh_seq_newer(0x8000, 0x0000));
	ck_assert(!mh_seq_newer(15, 15));
	ck_assert(mh_seq_newer(16, 15));
	ck_assert(mh_seq_newer(32782, 15));
	ck_assert(!mh_seq_newer(32783, 15));
	ck_assert(!mh_seq_newer(65535, 15));
}
END_TEST

START_TEST(release_when_not_wanted)
{
	struct in6_addr hoa1;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	ck_assert_int_eq(bul_set_wanted(N.mn, &hoa1, false, N.now), 0);
	pump();
	ck_assert_int_eq(dlast(0)->event, BC_EV_DEREGISTERED);
	ck_assert(dlast(0)->tunnel_down);
	ck_assert_uint_eq(N.tunnels[0], 0);
	ck_assert_ptr_null(bul_find(N.mn, &hoa1));
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_RELEASED), 1);
	ck_assert_uint_eq(mcount(BUL_ACT_ADDR_DEL, 0), 1);
	ck_assert_uint_eq(mcount(BUL_ACT_TUNNEL_DOWN, 0), 1);
	ck_assert_int_eq(bul_set_wanted(N.mn, &hoa1, true, N.now), -1);
}
END_TEST

/* keep none: an address that is not wanted is dropped at once. */
static void
tune_keep_none(struct bc_config *bc, struct bul_config *bul)
{
	(void)bc;
	bul->keep_default = false;
}

START_TEST(unwanted_address_dropped_on_move)
{
	struct in6_addr hoa1;

	net_teardown();
	net_setup_cfg(tune_keep_none);
	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	ck_assert_ptr_null(bul_find(N.mn, &hoa1));
	ck_assert_uint_eq(mcount(BUL_ACT_SEND, 0), 0);
	ck_assert_uint_eq(mcount(BUL_ACT_ADDR_DEL, 0), 1);
	ck_assert_uint_eq(N.nd, 0);
}
END_TEST

static void
tune_single_anchor(struct bc_config *bc, struct bul_config *bul)
{
	(void)bc;
	bul->single_anchor = true;
	bul->keep_default = false;
}

START_TEST(single_anchor_keeps_first_address)
{
	size_t i;

	net_teardown();
	net_setup_cfg(tune_single_anchor);
	attach(0);
	attach(1);
	attach(2);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	/* only DAR1 ever anchors; the other addresses are never preferred */
	ck_assert_uint_eq(bc_stats(N.dar[1])->bu, 0);
	ck_assert_uint_eq(bc_stats(N.dar[2])->bu, 0);
	for (i = 0; i < N.nm; i++)
		if (N.mlog[i].type == BUL_ACT_ADDR_ONLINK ||
		    N.mlog[i].type == BUL_ACT_ADDR_AWAY)
			ck_assert(N.mlog[i].preferred ==
			    (memcmp(&N.mlog[i].addr, &mn_addr(0)->addr, 16) ==
			    0));
}
END_TEST

/* 130 at the anchor: the MN gives up for max_ms, then tries again. */
static void
tune_no_room(struct bc_config *bc, struct bul_config *bul)
{
	(void)bul;
	bc->max_entries = 0;
}

START_TEST(refused_then_retried)
{
	struct bc_config ok;

	net_teardown();
	net_setup_cfg(tune_no_room);
	attach(0);
	attach(1);
	ck_assert_int_eq(dlast(0)->status, BA_NO_RESOURCES);
	ck_assert_int_eq(mn_addr(0)->state, BULA_FAILED);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_REFUSED), 1);
	ck_assert_uint_eq(mcount(BUL_ACT_TUNNEL_DOWN, 0), 1);
	ck_assert_uint_eq(bul_next_deadline(N.mn), N.now + 32000);
	/* the anchor gets room (a new configuration) */
	bc_free(N.dar[0]);
	bc_config_default(&ok);
	ok.random = test_random;
	ck_assert_ptr_nonnull(N.dar[0] = bc_new(&ok));
	ck_assert_int_eq(bc_set_prefixes(N.dar[0], &N.pfx[0], 1), 0);
	run_for(31999);
	ck_assert_int_eq(mn_addr(0)->state, BULA_FAILED);
	run_for(1);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
}
END_TEST

/* The anchor holds another token than the MN (its state was restored
 * from an older copy): 148 to the token BU, then a signature. */
START_TEST(token_refused_falls_back_to_signature)
{
	const struct bc_entry *cur;
	struct bc_entry e;
	struct in6_addr hoa1;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	cur = bc_lookup(N.dar[0], &hoa1);
	memcpy(&e, cur, sizeof(e));
	e.phkt[0] ^= 0xff;
	bc_free(N.dar[0]);
	ck_assert_ptr_nonnull(N.dar[0] = bc_new(&N.bccfg));
	ck_assert_int_eq(bc_set_prefixes(N.dar[0], &N.pfx[0], 1), 0);
	ck_assert_int_eq(bc_restore(N.dar[0], &e, N.now), 0);
	attach(2);
	ck_assert_uint_eq(bc_stats(N.dar[0])->status[BA_CGA_SIG_FAILED], 1);
	ck_assert_uint_eq(bc_stats(N.dar[0])->status[BA_ACCEPTED], 1);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_mem_eq(mn_addr(0)->phkt, bc_lookup(N.dar[0], &hoa1)->phkt,
	    AUTH_PHKT_LEN);
}
END_TEST

/* BAs that do not answer the outstanding BU are ignored. */
START_TEST(forged_bas_ignored)
{
	const struct bul_addr *a;
	struct in6_addr hoa1;
	struct mh_msg m;
	struct seal s;
	uint8_t pkt[SEAL_PKT_MAX];
	size_t len, before;

	attach(0);
	hoa1 = addr_at(0);
	N.lose_to_dar = true;
	attach(1);
	a = mn_addr(0);
	ck_assert_int_eq(a->state, BULA_BINDING);
	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.status = BA_ACCEPTED;
	m.lifetime = 150;
	memset(&s, 0, sizeof(s));
	s.dst = a->sent_coa;
	s.rh2 = &hoa1;
	before = mcount(BUL_ACT_EVENT, BUL_EV_BA_IGNORED);
	/* not from the anchor */
	m.seq = a->seq;
	s.src = addr_of("2001:db8:9::1");
	ck_assert_int_eq(seal_mh(&m, &s, pkt, sizeof(pkt), &len), 0);
	bul_rx(N.mn, pkt, len, N.now);
	/* from the anchor, but another sequence number */
	m.seq = (uint16_t)(a->seq + 1);
	s.src = N.pfx[0].anchor;
	ck_assert_int_eq(seal_mh(&m, &s, pkt, sizeof(pkt), &len), 0);
	bul_rx(N.mn, pkt, len, N.now);
	/* right number, but no token and no authenticator for a signed BU
	 * is fine; to a different CoA it is not */
	m.seq = a->seq;
	s.dst = addr_of("2001:db8:3::5");
	ck_assert_int_eq(seal_mh(&m, &s, pkt, sizeof(pkt), &len), 0);
	bul_rx(N.mn, pkt, len, N.now);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_BA_IGNORED), before + 3);
	ck_assert_int_eq(a->state, BULA_BINDING);
	/* a token BU's BA without an authenticator is not believed */
	N.lose_to_dar = false;
	advance(bul_next_deadline(N.mn) - N.now);
	ck_assert_int_eq(a->state, BULA_BOUND);
	N.lose_to_dar = true;
	attach(2);
	ck_assert_int_eq(a->state, BULA_BINDING);
	ck_assert(!a->sent_signed);
	m.seq = a->seq;
	s.src = N.pfx[0].anchor;
	s.dst = a->sent_coa;
	ck_assert_int_eq(seal_mh(&m, &s, pkt, sizeof(pkt), &len), 0);
	bul_rx(N.mn, pkt, len, N.now);
	ck_assert_int_eq(a->state, BULA_BINDING);
	ck_assert_uint_eq(mcount(BUL_ACT_EVENT, BUL_EV_BA_IGNORED), before + 4);
}
END_TEST

/* --- return routability ----------------------------------------------- */

static void
tune_require_rr(struct bc_config *bc, struct bul_config *bul)
{
	(void)bul;
	bc->require_rr = true;
}

START_TEST(rr_required_by_dar)
{
	struct in6_addr hoa1;

	net_teardown();
	net_setup_cfg(tune_require_rr);
	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	/* 137 first; the MN does the care-of test and signs again. */
	ck_assert_int_eq(bc_stats(N.dar[0])->status[BA_EXPIRED_CAREOF_NONCE],
	    1);
	ck_assert_uint_eq(bc_stats(N.dar[0])->cot_sent, 1);
	ck_assert_int_eq(dlast(0)->event, BC_EV_CREATED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG_RR);
	ck_assert_uint_eq(bc_lookup(N.dar[0], &hoa1)->lifetime, 420);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert(mn_addr(0)->has_phkt);
	/* Next move: token plus a new care-of test, straight away. */
	attach(2);
	ck_assert_uint_eq(bc_stats(N.dar[0])->status[BA_EXPIRED_CAREOF_NONCE],
	    1);
	ck_assert_uint_eq(bc_stats(N.dar[0])->cot_sent, 2);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN_RR);
	ck_assert_int_eq(dlast(0)->event, BC_EV_MOVED);
}
END_TEST

static void
tune_mn_rr(struct bc_config *bc, struct bul_config *bul)
{
	(void)bc;
	bul->use_rr = true;
}

START_TEST(rr_by_mn_choice)
{
	net_teardown();
	net_setup_cfg(tune_mn_rr);
	attach(0);
	attach(1);
	ck_assert_uint_eq(bc_stats(N.dar[0])->status[BA_EXPIRED_CAREOF_NONCE],
	    0);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG_RR);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	/* a nonce lives 240 s: a BU relying on an older one gets 137 */
}
END_TEST

/* --- crafted BUs against one DAR ----------------------------------------- */

struct craft {
	struct mh_msg	m;
	struct seal	s;
	struct in6_addr	hoa;
	uint8_t		pkt[SEAL_PKT_MAX];
	size_t		len;
};

/* A first-registration BU for the MN's CGA at DAR1, from coa. */
static void
craft_bu(struct craft *c, const struct bul_addr *a, const char *coa,
    uint16_t seq)
{
	memset(c, 0, sizeof(*c));
	c->hoa = a->addr;
	c->m.type = MH_BU;
	c->m.flags = MH_BU_A | MH_BU_H;
	c->m.seq = seq;
	c->m.lifetime = 150;
	c->m.opt.present = MHO_F(MHO_CGA);
	memcpy(c->m.opt.cga_params, a->params, a->params_len);
	c->m.opt.cga_params_len = a->params_len;
	c->s.src = addr_of(coa);
	c->s.dst = N.pfx[0].anchor;
	c->s.hao = &c->hoa;
	c->s.coa = c->s.src;
	c->s.peer = N.pfx[0].anchor;
	c->s.sign_key = N.id.key;
}

#define send_craft(c)	send_craft_at(c, __LINE__)

static const struct darlog *
send_craft_at(struct craft *c, int line)
{
	struct bc_result r;

	ck_assert_msg(seal_mh(&c->m, &c->s, c->pkt, sizeof(c->pkt),
	    &c->len) == 0, "line %d: seal_mh: %s", line, strerror(errno));
	bc_rx(N.dar[0], c->pkt, c->len, N.now, &r);
	dar_result(0, &r);
	return dlast(0);
}

/* A BA answering c, from the DAR's last result, decoded. */
static void
last_ba(struct mh_msg *m, struct ip6_pkt *p)
{
	/* The DAR's BA was queued for the MN: take it off the queue. */
	ck_assert_uint_gt(N.to_mn.n, 0);
	ck_assert_int_eq(ip6_parse(N.to_mn.pkt[N.to_mn.n - 1],
	    N.to_mn.len[N.to_mn.n - 1], p), 0);
	ck_assert(ip6_mh_cksum_ok(p));
	ck_assert_int_eq(mh_decode(p->payload, p->payload_len, m), 0);
	ck_assert_int_eq(m->type, MH_BA);
}

START_TEST(dar_accepts_crafted_first_registration)
{
	static struct craft c;
	static struct mh_msg m;
	struct ip6_pkt p;
	uint8_t phkt[8];

	attach(0);
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 7);
	ck_assert_int_eq(send_craft(&c)->status, BA_ACCEPTED);
	last_ba(&m, &p);
	/* BA: from the anchor to the CoA, RH2 = HoA, seq echoed, 600 s,
	 * a PHKT that decrypts with the MN key, Nonce Indices and BAD. */
	ck_assert_mem_eq(&p.src, &N.pfx[0].anchor, 16);
	ck_assert_mem_eq(&p.dst, &c.s.src, 16);
	ck_assert(p.has_rh2);
	ck_assert_mem_eq(&p.rh2_addr, &c.hoa, 16);
	ck_assert_uint_eq(m.seq, 7);
	ck_assert_uint_eq(m.lifetime, 150);
	ck_assert(m.opt.present & MHO_F(MHO_PHKT));
	ck_assert(m.opt.present & MHO_F(MHO_NONCE));
	ck_assert(m.opt.present & MHO_F(MHO_BAD));
	ck_assert_uint_eq(m.opt.phkt_len, 128);
	ck_assert_int_eq(auth_phkt_decrypt(N.id.key, m.opt.phkt,
	    m.opt.phkt_len, phkt), 0);
	ck_assert_mem_eq(phkt, bc_lookup(N.dar[0], &c.hoa)->phkt, 8);
	ck_assert_uint_eq(m.opt.bad_off % 8, 2);
}
END_TEST

/* The signed BU of DIGEST §5.2, as it would arrive: a DAR on that prefix
 * accepts it (known answer for the whole first-registration path). */
START_TEST(dar_accepts_vector_bu)
{
	struct bc_prefix pfx;
	struct bc_result r;
	struct in6_addr hoa = addr_of(VEC_BU_HOA);
	uint8_t *mh, pkt[SEAL_PKT_MAX];
	size_t mhlen, len;
	struct bc *bc;

	pfx.prefix = addr_of(VEC_BU_PREFIX);
	pfx.anchor = addr_of(VEC_BU_ANCHOR);
	ck_assert_ptr_nonnull(bc = bc_new(&N.bccfg));
	ck_assert_int_eq(bc_set_prefixes(bc, &pfx, 1), 0);
	len = vector_bu_packet(pkt, sizeof(pkt), &mhlen);
	/* ip6_build recomputed the checksum: it is the vector's */
	mh = load_vector("signed_bu.bin", &mhlen);
	ck_assert_mem_eq(pkt + len - mhlen, mh, mhlen);
	bc_rx(bc, pkt, len, N.now, &r);
	ck_assert_int_eq(r.event, BC_EV_CREATED);
	ck_assert_int_eq(r.status, BA_ACCEPTED);
	ck_assert_int_eq(r.auth, BC_AUTH_SIG);
	ck_assert_uint_eq(r.lifetime, 600);
	ck_assert_ptr_nonnull(bc_lookup(bc, &hoa));
	/* the same bytes again are a replay: 135 */
	bc_rx(bc, pkt, len, N.now, &r);
	ck_assert_int_eq(r.status, BA_SEQ_OUT_OF_WINDOW);
	/* one bit of the signature flipped (checksum fixed): 148 */
	bc_free(bc);
	ck_assert_ptr_nonnull(bc = bc_new(&N.bccfg));
	ck_assert_int_eq(bc_set_prefixes(bc, &pfx, 1), 0);
	tamper(pkt, len, 20);
	bc_rx(bc, pkt, len, N.now, &r);
	ck_assert_int_eq(r.status, BA_CGA_SIG_FAILED);
	ck_assert_ptr_null(bc_lookup(bc, &hoa));
	bc_free(bc);
	free(mh);
}
END_TEST

START_TEST(dar_status_codes)
{
	static struct craft c;
	const struct bul_addr *a;
	static struct mh_msg m;
	struct ip6_pkt p;

	attach(0);
	a = bul_current(N.mn);

	/* 131: not a home registration */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.flags = MH_BU_A;
	ck_assert_int_eq(send_craft(&c)->status, BA_HOMEREG_UNSUPPORTED);

	/* 133: a home address outside DAR1's prefix */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.hoa = addr_of("2001:db8:5::1234");
	ck_assert_int_eq(send_craft(&c)->status, BA_NOT_HOME_AGENT);
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.hoa = N.pfx[0].anchor;
	ck_assert_int_eq(send_craft(&c)->status, BA_NOT_HOME_AGENT);

	/* 174: care-of addresses that cannot be one (Alternate CoA) */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.opt.present |= MHO_F(MHO_ALTCOA);
	c.m.opt.alt_coa = addr_of("ff02::1");
	c.s.coa = c.m.opt.alt_coa;
	ck_assert_int_eq(send_craft(&c)->status, BA_INVALID_COA);
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.opt.present |= MHO_F(MHO_ALTCOA);
	c.m.opt.alt_coa = addr_of("fe80::1");
	c.s.coa = c.m.opt.alt_coa;
	ck_assert_int_eq(send_craft(&c)->status, BA_INVALID_COA);

	/* 148: signed over a different CoA than the one registered */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.s.coa = addr_of("2001:db8:2::98");
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	/* 148: parameters that do not match the address */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.opt.cga_params[3] ^= 0x40;
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	/* 148: no authentication at all */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.opt.present = 0;
	c.s.sign_key = NULL;
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	/* 148: signed by another key than the CGA's */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.s.sign_key = EVP_RSA_gen(1024);
	ck_assert_ptr_nonnull(c.s.sign_key);
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	EVP_PKEY_free(c.s.sign_key);

	/* 147: a token BU while the DAR holds no token */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.opt.present = MHO_F(MHO_NONCE);
	c.s.sign_key = NULL;
	c.s.kbm = (const uint8_t *)"01234567890123456789";
	ck_assert_int_eq(send_craft(&c)->status, BA_PHKT_UNAVAILABLE);
	last_ba(&m, &p);
	ck_assert(!(m.opt.present & MHO_F(MHO_BAD)));

	ck_assert_ptr_null(bc_lookup(N.dar[0], &a->addr));
	ck_assert_uint_eq(N.tunnels[0], 0);

	/* Now a good one, then its replay: 135 with the last accepted. */
	craft_bu(&c, a, "2001:db8:2::99", 100);
	ck_assert_int_eq(send_craft(&c)->status, BA_ACCEPTED);
	ck_assert_int_eq(send_craft(&c)->status, BA_SEQ_OUT_OF_WINDOW);
	last_ba(&m, &p);
	ck_assert_uint_eq(m.seq, 100);
	craft_bu(&c, a, "2001:db8:2::99", 100 - 5);
	ck_assert_int_eq(send_craft(&c)->status, BA_SEQ_OUT_OF_WINDOW);
	/* 136: a home nonce index other than the token's 0 */
	craft_bu(&c, a, "2001:db8:2::99", 101);
	c.m.opt.present = MHO_F(MHO_NONCE);
	c.m.opt.home_nonce_idx = 3;
	c.s.sign_key = NULL;
	c.s.kbm = (const uint8_t *)"01234567890123456789";
	ck_assert_int_eq(send_craft(&c)->status, BA_EXPIRED_HOME_NONCE);
	/* 148: a token BU with the wrong Kbm */
	c.m.opt.home_nonce_idx = 0;
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	/* 138: both a home nonce index and an unknown care-of one */
	craft_bu(&c, a, "2001:db8:2::99", 101);
	c.m.opt.present = MHO_F(MHO_NONCE);
	c.m.opt.home_nonce_idx = 4;
	c.m.opt.careof_nonce_idx = 77;
	c.s.sign_key = NULL;
	c.s.kbm = (const uint8_t *)"01234567890123456789";
	ck_assert_int_eq(send_craft(&c)->status, BA_EXPIRED_NONCES);
	/* 137: a care-of nonce index the DAR never gave */
	craft_bu(&c, a, "2001:db8:2::99", 101);
	c.m.opt.present |= MHO_F(MHO_NONCE);
	c.m.opt.careof_nonce_idx = 77;
	c.s.kbm = (const uint8_t *)"01234567890123456789";
	ck_assert_int_eq(send_craft(&c)->status, BA_EXPIRED_CAREOF_NONCE);
	/* None of that moved the binding. */
	ck_assert_uint_eq(bc_lookup(N.dar[0], &a->addr)->seq, 100);
	ck_assert_mem_eq(&bc_lookup(N.dar[0], &a->addr)->coa,
	    &c.s.src, 16);
	ck_assert_uint_eq(N.tunnels[0], 1);
}
END_TEST

static void
tune_policy(struct bc_config *bc, struct bul_config *bul)
{
	(void)bul;
	bc->cga.min_bits = 2048;
	bc->max_entries = 1;
	bc->sig_rate = 1;
	bc->sig_burst = 2;
}

START_TEST(dar_policy_limits)
{
	static struct craft c;

	net_teardown();
	net_setup_cfg(tune_policy);
	attach(0);
	/* 129: a 1024-bit key under a 2048-bit minimum */
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 1);
	ck_assert_int_eq(send_craft(&c)->status, BA_PROHIBITED);
	/* 129 without a check: the per-source signature rate limit */
	ck_assert_int_eq(send_craft(&c)->status, BA_PROHIBITED);
	ck_assert_int_eq(send_craft(&c)->status, BA_PROHIBITED);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_checked, 2);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_limited, 1);
	/* a second later there is a token again */
	N.now += 1000;
	ck_assert_int_eq(send_craft(&c)->status, BA_PROHIBITED);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_checked, 3);
}
END_TEST

static void
tune_small_cache(struct bc_config *bc, struct bul_config *bul)
{
	(void)bul;
	bc->max_entries = 1;
}

START_TEST(dar_cache_full)
{
	static struct craft c;
	struct bc_entry e;

	net_teardown();
	net_setup_cfg(tune_small_cache);
	attach(0);
	/* another MN's bound entry fills the cache */
	memset(&e, 0, sizeof(e));
	e.hoa = addr_of("2001:db8:1::abcd");
	e.coa = addr_of("2001:db8:3::5");
	e.anchor = N.pfx[0].anchor;
	e.state = BCE_BOUND;
	e.deadline = N.now + 100000;
	e.has_phkt = true;
	ck_assert_int_eq(bc_restore(N.dar[0], &e, N.now), 0);
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 1);
	ck_assert_int_eq(send_craft(&c)->status, BA_NO_RESOURCES);
	ck_assert_int_eq(bc_lookup(N.dar[0], &e.hoa)->state, BCE_BOUND);
	/* once that binding has ended, its idle token makes room */
	N.now += 100000;
	{
		struct bc_result r;

		ck_assert(bc_expire(N.dar[0], N.now, &r));
		ck_assert_int_eq(r.event, BC_EV_EXPIRED);
	}
	ck_assert_int_eq(send_craft(&c)->status, BA_ACCEPTED);
	ck_assert_ptr_null(bc_lookup(N.dar[0], &e.hoa));
}
END_TEST

/* A de-registration for an address without a binding: 133. */
START_TEST(dar_dereg_without_binding)
{
	static struct craft c;

	attach(0);
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 1);
	c.m.lifetime = 0;
	ck_assert_int_eq(send_craft(&c)->status, BA_NOT_HOME_AGENT);
}
END_TEST

/* Bad packets are dropped and counted, never answered. */
START_TEST(dar_drops)
{
	static struct craft c;
	struct bc_result r;
	const struct bc_stats *st;
	uint8_t pkt[SEAL_PKT_MAX];

	attach(0);
	st = bc_stats(N.dar[0]);
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 1);
	ck_assert_int_eq(seal_mh(&c.m, &c.s, c.pkt, sizeof(c.pkt), &c.len),
	    0);
	/* a flipped bit in the MH: checksum */
	memcpy(pkt, c.pkt, c.len);
	pkt[c.len - 40] ^= 0x10;
	bc_rx(N.dar[0], pkt, c.len, N.now, &r);
	ck_assert_int_eq(r.event, BC_EV_DROPPED);
	ck_assert_uint_eq(r.nact, 0);
	ck_assert_uint_eq(st->drop[BC_DROP_CHECKSUM], 1);
	/* truncated */
	bc_rx(N.dar[0], c.pkt, c.len - 8, N.now, &r);
	ck_assert_int_eq(r.event, BC_EV_DROPPED);
	ck_assert_uint_eq(st->drop[BC_DROP_PARSE], 1);
	/* to somebody else: the DAR only forwards it */
	c.s.dst = addr_of("2001:db8:2::1");
	ck_assert_int_eq(seal_mh(&c.m, &c.s, c.pkt, sizeof(c.pkt), &c.len),
	    0);
	bc_rx(N.dar[0], c.pkt, c.len, N.now, &r);
	ck_assert_int_eq(r.event, BC_EV_IGNORED);
	ck_assert_uint_eq(st->not_ours, 1);
	ck_assert_uint_eq(st->ba_sent, 0);
	ck_assert_uint_eq(N.tunnels[0], 0);
}
END_TEST

/* Every refusal is counted under its reason, every CGA check under its
 * verdict; a home address that is not unicast routable is discarded
 * without an answer (RFC 6275 §9.5.1), whatever else the BU says. */
START_TEST(dar_refusals_counted)
{
	static const char *unroutable[] = { "fe80::1", "fec0::1",
	    "::ffff:192.0.2.1" };
	static struct craft c;
	const struct bc_stats *st;
	const struct bul_addr *a;
	struct bc_result r;
	size_t i;

	attach(0);
	a = bul_current(N.mn);
	st = bc_stats(N.dar[0]);
	for (i = 0; i < sizeof(unroutable) / sizeof(unroutable[0]); i++) {
		craft_bu(&c, a, "2001:db8:2::99", 1);
		c.hoa = addr_of(unroutable[i]);
		ck_assert_int_eq(send_craft(&c)->event, BC_EV_DROPPED);
		ck_assert_uint_eq(st->drop[BC_DROP_HOA], i + 1);
	}
	/* the same from an unroutable source without a HAO */
	craft_bu(&c, a, "fe80::99", 1);
	c.s.hao = NULL;
	ck_assert_int_eq(send_craft(&c)->event, BC_EV_DROPPED);
	ck_assert_uint_eq(st->drop[BC_DROP_HOA], 4);
	ck_assert_uint_eq(st->ba_sent, 0);

	/* no HAO from away: the source is the home address, not ours */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.s.hao = NULL;
	send_craft(&c);
	ck_assert_int_eq(dlast(0)->status, BA_NOT_HOME_AGENT);
	ck_assert_uint_eq(st->refused[BC_REF_NO_HAO], 1);
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.hoa = addr_of("2001:db8:7::5");
	send_craft(&c);
	ck_assert_uint_eq(st->refused[BC_REF_HOA_PREFIX], 1);
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.hoa = N.pfx[0].anchor;
	send_craft(&c);
	ck_assert_uint_eq(st->refused[BC_REF_HOA_ANCHOR], 1);
	ck_assert_uint_eq(st->status[BA_NOT_HOME_AGENT], 3);

	/* the parameters name another prefix: a CGA verdict */
	craft_bu(&c, a, "2001:db8:2::99", 1);
	c.m.opt.cga_params[CGA_MODIFIER_LEN] ^= 0x01;
	send_craft(&c);
	ck_assert_int_eq(dlast(0)->status, BA_CGA_SIG_FAILED);
	ck_assert_uint_eq(st->refused[BC_REF_CGA], 1);
	ck_assert_uint_eq(st->cga[CGA_E_PREFIX], 1);
	/* a good one, then a wrong authenticator and a replay */
	craft_bu(&c, a, "2001:db8:2::99", 10);
	ck_assert_int_eq(send_craft(&c)->status, BA_ACCEPTED);
	ck_assert_uint_eq(st->cga[CGA_OK], 1);
	ck_assert_int_eq(send_craft(&c)->status, BA_SEQ_OUT_OF_WINDOW);
	ck_assert_uint_eq(st->refused[BC_REF_SEQ], 1);
	craft_bu(&c, a, "2001:db8:2::99", 11);
	c.m.opt.present = MHO_F(MHO_NONCE);
	c.s.sign_key = NULL;
	c.s.kbm = (const uint8_t *)"01234567890123456789";
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	ck_assert_uint_eq(st->refused[BC_REF_BAD], 1);
	/* each refusal once, and the result names it */
	ck_assert_int_eq(dlast(0)->status, BA_CGA_SIG_FAILED);
	bc_rx(N.dar[0], c.pkt, c.len, N.now, &r);
	ck_assert_int_eq(r.refusal, BC_REF_BAD);
	ck_assert_str_eq(r.why, bc_refusal_name(BC_REF_BAD));
	for (i = 0; i < BC_REF_MAX; i++)
		ck_assert_str_ne(bc_refusal_name((enum bc_refusal)i), "?");
	ck_assert_str_eq(bc_refusal_name(BC_REF_MAX), "?");
}
END_TEST

/* An unknown MH type gets a Binding Error, status 2, rate limited. */
START_TEST(dar_binding_error)
{
	uint8_t mh[16] = {
		59,		/* payload proto */
		1,		/* header len: 16 octets */
		42,		/* MH type: unknown */
		0, 0, 0,	/* reserved, checksum */
	};
	uint8_t pkt[128];
	struct ip6_pkt p, bp;
	struct bc_result r;
	struct mh_msg m;
	size_t len;
	int i, sent = 0;

	attach(0);
	memset(&p, 0, sizeof(p));
	p.src = addr_of("2001:db8:2::99");
	p.dst = N.pfx[0].anchor;
	p.nxt = IP6_NXT_MH;
	p.payload = mh;
	p.payload_len = sizeof(mh);
	ck_assert_int_eq(ip6_build(&p, pkt, sizeof(pkt), &len), 0);
	bc_rx(N.dar[0], pkt, len, N.now, &r);
	ck_assert_int_eq(r.event, BC_EV_BINDING_ERROR);
	ck_assert_uint_eq(r.nact, 1);
	ck_assert_int_eq(ip6_parse(r.act[0].pkt, r.act[0].len, &bp), 0);
	ck_assert(ip6_mh_cksum_ok(&bp));
	ck_assert_int_eq(mh_decode(bp.payload, bp.payload_len, &m), 0);
	ck_assert_int_eq(m.type, MH_BE);
	ck_assert_int_eq(m.status, BE_UNKNOWN_MH_TYPE);
	ck_assert_mem_eq(&bp.dst, &p.src, 16);
	for (i = 0; i < 50; i++) {
		bc_rx(N.dar[0], pkt, len, N.now, &r);
		sent += r.event == BC_EV_BINDING_ERROR;
	}
	ck_assert_int_lt(sent, 50);
}
END_TEST

/* Care-of test: the token is for the CoTI's source; a BU that claims
 * another CoA with that nonce index fails (a spoofed CoA). */
START_TEST(dar_rr_spoofed_coa)
{
	static struct craft c;
	struct mh_msg coti, m;
	struct bc_result r;
	struct seal s;
	struct ip6_pkt p;
	uint8_t pkt[256], kbm[20];
	size_t len;

	attach(0);
	memset(&coti, 0, sizeof(coti));
	coti.type = MH_COTI;
	memset(coti.cookie, 0xc5, 8);
	memset(&s, 0, sizeof(s));
	/* the attacker's own address */
	s.src = addr_of("2001:db8:2::99");
	s.dst = N.pfx[0].anchor;
	ck_assert_int_eq(seal_mh(&coti, &s, pkt, sizeof(pkt), &len), 0);
	bc_rx(N.dar[0], pkt, len, N.now, &r);
	ck_assert_int_eq(r.event, BC_EV_CARE_OF_TEST);
	ck_assert_int_eq(ip6_parse(r.act[0].pkt, r.act[0].len, &p), 0);
	ck_assert_int_eq(mh_decode(p.payload, p.payload_len, &m), 0);
	ck_assert_int_eq(m.type, MH_COT);
	ck_assert_mem_eq(m.cookie, coti.cookie, 8);
	ck_assert_uint_ne(m.nonce_idx, 0);

	/* The victim's CoA 2001:db8:3::7: the attacker holds the token for
	 * its own address only. */
	craft_bu(&c, bul_current(N.mn), "2001:db8:3::7", 1);
	c.m.opt.present |= MHO_F(MHO_NONCE);
	c.m.opt.careof_nonce_idx = m.nonce_idx;
	auth_kbm(NULL, m.token, kbm);
	c.s.kbm = kbm;
	ck_assert_int_eq(send_craft(&c)->status, BA_CGA_SIG_FAILED);
	ck_assert_ptr_null(bc_lookup(N.dar[0], &c.hoa));
	/* With the right CoA it works. */
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 2);
	c.m.opt.present |= MHO_F(MHO_NONCE);
	c.m.opt.careof_nonce_idx = m.nonce_idx;
	c.s.kbm = kbm;
	ck_assert_int_eq(send_craft(&c)->status, BA_ACCEPTED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_SIG_RR);
	/* The nonce expires after 240 s: 137. */
	N.now += 241 * 1000;
	craft_bu(&c, bul_current(N.mn), "2001:db8:2::99", 3);
	c.m.opt.present |= MHO_F(MHO_NONCE);
	c.m.opt.careof_nonce_idx = m.nonce_idx;
	c.s.kbm = kbm;
	ck_assert_int_eq(send_craft(&c)->status, BA_EXPIRED_CAREOF_NONCE);
}
END_TEST

/* --- a restarted MN (bul_restore) and late answers ---------------------- */

/* What a state file keeps of the list, and a new list from it: the MN
 * restarted with the same key. */
static void
mn_restart(void)
{
	static struct bul_addr saved[BUL_MAX_ADDRS];
	bool cur[BUL_MAX_ADDRS], prim[BUL_MAX_ADDRS];
	const struct bul_addr *a;
	size_t i, n = bul_count(N.mn);

	for (i = 0; i < n; i++) {
		a = bul_get(N.mn, i);
		memset(&saved[i], 0, sizeof(saved[i]));
		saved[i].addr = a->addr;
		saved[i].anchor = a->anchor;
		memcpy(saved[i].prefix, a->prefix, sizeof(a->prefix));
		saved[i].cc = a->cc;
		saved[i].state = a->state;
		saved[i].wanted = a->wanted;
		saved[i].has_phkt = a->has_phkt;
		memcpy(saved[i].phkt, a->phkt, sizeof(a->phkt));
		saved[i].seq = a->seq;
		saved[i].seq_valid = a->seq_valid;
		saved[i].lifetime = a->lifetime;
		saved[i].bound_until = a->bound_until;
		saved[i].tunnel = a->tunnel;
		saved[i].tunnel_coa = a->tunnel_coa;
		saved[i].acked = a->acked;
		saved[i].acked_coa = a->acked_coa;
		cur[i] = a == bul_current(N.mn);
		prim[i] = a == bul_primary(N.mn);
	}
	bul_free(N.mn);
	N.nm = 0;
	ck_assert_ptr_nonnull(N.mn = bul_new(&N.bulcfg, &N.id, mn_emit, &N));
	for (i = 0; i < n; i++)
		ck_assert_int_eq(bul_restore(N.mn, &saved[i], cur[i], prim[i],
		    N.now), 0);
	ck_assert_uint_eq(bul_count(N.mn), n);
	/* detached until the next attach, and nothing was emitted */
	ck_assert_ptr_null(bul_current(N.mn));
	ck_assert_uint_eq(N.nm, 0);
}

/* Restarted away from home: the next move uses the token it kept. */
START_TEST(mn_restart_moves_with_token)
{
	struct in6_addr hoa1, coa3;

	attach(0);
	hoa1 = addr_at(0);
	attach(1);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_checked, 1);
	mn_restart();
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert(mn_addr(0)->has_phkt);
	ck_assert(mn_addr(0)->tunnel);
	ck_assert_int_eq(mn_addr(1)->state, BULA_HOME);
	attach(2);
	ck_assert_int_eq(dlast(0)->event, BC_EV_MOVED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
	ck_assert_uint_eq(bc_stats(N.dar[0])->sig_checked, 1);
	ck_assert_int_eq(dlast(1)->auth, BC_AUTH_SIG);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_int_eq(mn_addr(1)->state, BULA_BOUND);
	coa3 = addr_at(2);
	ck_assert_mem_eq(&bc_lookup(N.dar[0], &hoa1)->coa, &coa3, 16);
}
END_TEST

/* Restarted on the same link: nothing to send until the refresh, which
 * comes on the old schedule (80 % of the lifetime) with the token. */
START_TEST(mn_restart_same_link_refreshes)
{
	uint64_t bound_at;
	size_t nd;

	attach(0);
	attach(1);
	bound_at = N.now;
	N.now += 60000;
	mn_restart();
	attach(1);
	ck_assert_ptr_nonnull(bul_current(N.mn));
	ck_assert_uint_eq(mcount(BUL_ACT_SEND, 0), 0);
	ck_assert_uint_eq(bul_next_deadline(N.mn), bound_at + 480000);
	nd = N.nd;
	run_for(bound_at + 480000 - N.now);
	ck_assert_uint_gt(N.nd, nd);
	ck_assert_int_eq(dlast(0)->event, BC_EV_REFRESHED);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
}
END_TEST

/* A binding that ran out while the MN was down is registered again at
 * the next attach; a de-registration in flight is sent again. */
START_TEST(mn_restart_after_expiry)
{
	attach(0);
	attach(1);
	N.now += 700000;
	mn_restart();
	ck_assert_int_eq(mn_addr(0)->state, BULA_BINDING);
	attach(1);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_int_eq(dlast(0)->auth, BC_AUTH_TOKEN);
}
END_TEST

START_TEST(bul_restore_refuses)
{
	struct bul_addr a;

	attach(0);
	memcpy(&a, bul_current(N.mn), sizeof(a));
	/* the same address twice */
	ck_assert_int_eq(bul_restore(N.mn, &a, false, false, N.now), -1);
	ck_assert_int_eq(errno, EEXIST);
	bul_free(N.mn);
	ck_assert_ptr_nonnull(N.mn = bul_new(&N.bulcfg, &N.id, mn_emit, &N));
	/* another key's (or collision count's) address */
	a.addr.s6_addr[15] ^= 1;
	ck_assert_int_eq(bul_restore(N.mn, &a, false, false, N.now), -1);
	ck_assert_int_eq(errno, EINVAL);
	a.addr.s6_addr[15] ^= 1;
	a.cc = 1;
	ck_assert_int_eq(bul_restore(N.mn, &a, false, false, N.now), -1);
	ck_assert_int_eq(errno, EINVAL);
	a.cc = CGA_CC_MAX + 1;
	ck_assert_int_eq(bul_restore(N.mn, &a, false, false, N.now), -1);
	ck_assert_int_eq(errno, EINVAL);
	a.cc = 0;
	ck_assert_int_eq(bul_restore(N.mn, &a, true, true, N.now), 0);
	/* a second current address */
	a.prefix[7] ^= 1;
	ck_assert_int_eq(bul_restore(N.mn, &a, true, false, N.now), -1);
	ck_assert_uint_eq(bul_count(N.mn), 1);
	ck_assert_ptr_eq(bul_primary(N.mn), bul_get(N.mn, 0));
}
END_TEST

/* On a lossy link the answer to an earlier transmission may be the one
 * that arrives: taken for a token BU, not for a signed one (whose token
 * the DAR replaced when it answered the later one). */
START_TEST(ba_for_earlier_transmission)
{
	size_t i;

	attach(0);
	attach(1);
	N.lose_to_mn = true;
	attach(2);
	ck_assert_uint_eq(N.lost_to_mn.n, 2);
	/* both retransmitted, both answers lost again */
	advance(bul_next_deadline(N.mn) - N.now);
	advance(bul_next_deadline(N.mn) - N.now);
	ck_assert_uint_ge(N.lost_to_mn.n, 4);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BINDING);
	ck_assert_int_eq(mn_addr(1)->state, BULA_BINDING);
	N.lose_to_mn = false;
	/* the first answers arrive late */
	for (i = 0; i < 2; i++)
		bul_rx(N.mn, N.lost_to_mn.pkt[i], N.lost_to_mn.len[i], N.now);
	ck_assert_int_eq(mn_addr(0)->state, BULA_BOUND);
	ck_assert_int_eq(mn_addr(1)->state, BULA_BINDING);
	ck_assert_uint_ge(mcount(BUL_ACT_EVENT, BUL_EV_BA_IGNORED), 1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("binding");
	TCase *tc;

	tc = tcase_create("story");
	tcase_add_checked_fixture(tc, net_setup, net_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, first_attach_forms_cga);
	tcase_add_test(tc, move_signs_then_uses_token);
	tcase_add_test(tc, return_home_takes_binding_down);
	tcase_add_test(tc, refresh_before_expiry);
	tcase_add_test(tc, lifetime_expiry_at_dar);
	tcase_add_test(tc, refreshed_binding_expires_at_new_deadline);
	tcase_add_test(tc, retransmit_with_backoff);
	tcase_add_test(tc, ba_bad_authenticator_ignored);
	tcase_add_test(tc, token_unavailable_falls_back_to_signature);
	tcase_add_test(tc, sequence_resync);
	tcase_add_test(tc, sequence_wraps_around);
	tcase_add_test(tc, release_when_not_wanted);
	tcase_add_test(tc, unwanted_address_dropped_on_move);
	tcase_add_test(tc, single_anchor_keeps_first_address);
	tcase_add_test(tc, refused_then_retried);
	tcase_add_test(tc, token_refused_falls_back_to_signature);
	tcase_add_test(tc, forged_bas_ignored);
	tcase_add_test(tc, rr_required_by_dar);
	tcase_add_test(tc, rr_by_mn_choice);
	tcase_add_test(tc, mn_restart_moves_with_token);
	tcase_add_test(tc, mn_restart_same_link_refreshes);
	tcase_add_test(tc, mn_restart_after_expiry);
	tcase_add_test(tc, bul_restore_refuses);
	tcase_add_test(tc, ba_for_earlier_transmission);
	suite_add_tcase(s, tc);

	tc = tcase_create("dar");
	tcase_add_checked_fixture(tc, net_setup, net_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, dar_accepts_crafted_first_registration);
	tcase_add_test(tc, dar_accepts_vector_bu);
	tcase_add_test(tc, dar_status_codes);
	tcase_add_test(tc, dar_policy_limits);
	tcase_add_test(tc, dar_cache_full);
	tcase_add_test(tc, dar_dereg_without_binding);
	tcase_add_test(tc, dar_drops);
	tcase_add_test(tc, dar_refusals_counted);
	tcase_add_test(tc, dar_binding_error);
	tcase_add_test(tc, dar_rr_spoofed_coa);
	suite_add_tcase(s, tc);
	return s;
}

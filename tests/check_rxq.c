// SPDX-License-Identifier: GPL-2.0-only
/* proto/rxq and bc_cost(): what the DAR handles first.  The queue on its
 * own, the cost of real packets, and a flood of signed BUs around a token
 * BU run through the same loop as roles/dar.c. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/auth.h"
#include "proto/bc.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/rxq.h"
#include "proto/seal.h"
#include "tests/testcrypto.h"

START_TEST(rxq_bounds)
{
	ck_assert_ptr_null(rxq_new(0, 1));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(rxq_new(1, 0));
	ck_assert_int_eq(errno, EINVAL);
	rxq_free(NULL);
}
END_TEST

/* Cheap packets pass at once and are not copied; signed ones wait in
 * arrival order, a budget per turn; past the bound they are refused. */
START_TEST(rxq_order_budget_bound)
{
	struct rxq *q;
	uint8_t pkt[RXQ_PKT_MAX + 1], meta[RXQ_META_MAX + 1];
	const uint8_t *p;
	const void *m;
	size_t len, i;

	ck_assert_ptr_nonnull(q = rxq_new(5, 2));
	memset(pkt, 0, sizeof(pkt));
	ck_assert_int_eq(rxq_offer(q, false, pkt, 100, NULL, 0), RXQ_NOW);
	ck_assert_uint_eq(rxq_len(q), 0);
	for (i = 0; i < 5; i++) {
		pkt[0] = (uint8_t)i;
		meta[0] = (uint8_t)(0xa0 + i);
		ck_assert_int_eq(rxq_offer(q, true, pkt, 10 + i, meta, 1),
		    RXQ_QUEUED);
	}
	/* the copies are the queue's: the caller's buffer is reused */
	memset(pkt, 0xee, 16);
	ck_assert_int_eq(rxq_offer(q, true, pkt, 10, meta, 1), RXQ_FULL);
	ck_assert_int_eq(rxq_offer(q, true, pkt, 10, meta, 1), RXQ_FULL);
	/* what cannot wait is not made to */
	ck_assert_int_eq(rxq_offer(q, true, pkt, RXQ_PKT_MAX + 1, NULL, 0),
	    RXQ_NOW);
	ck_assert_int_eq(rxq_offer(q, true, pkt, 10, meta, RXQ_META_MAX + 1),
	    RXQ_NOW);
	ck_assert_uint_eq(rxq_len(q), 5);
	ck_assert_uint_eq(rxq_stats(q)->full, 2);
	ck_assert_uint_eq(rxq_stats(q)->peak, 5);

	/* no turn begun: no budget */
	ck_assert(!rxq_pop(q, &p, &len, &m));
	rxq_turn(q);
	for (i = 0; i < 2; i++) {
		ck_assert(rxq_pop(q, &p, &len, &m));
		ck_assert_uint_eq(p[0], i);
		ck_assert_uint_eq(len, 10 + i);
		ck_assert_uint_eq(((const uint8_t *)m)[0], 0xa0 + i);
	}
	ck_assert(!rxq_pop(q, &p, &len, &m));
	/* room again: the newest goes behind the others */
	pkt[0] = 9;
	ck_assert_int_eq(rxq_offer(q, true, pkt, 10, meta, 1), RXQ_QUEUED);
	rxq_turn(q);
	ck_assert(rxq_pop(q, &p, &len, &m));
	ck_assert_uint_eq(p[0], 2);
	rxq_set_budget(q, 10);
	rxq_turn(q);
	ck_assert(rxq_pop(q, &p, &len, NULL));
	ck_assert_uint_eq(p[0], 3);
	ck_assert(rxq_pop(q, &p, &len, NULL));
	ck_assert_uint_eq(p[0], 4);
	ck_assert(rxq_pop(q, &p, &len, NULL));
	ck_assert_uint_eq(p[0], 9);
	ck_assert(!rxq_pop(q, &p, &len, NULL));
	ck_assert_uint_eq(rxq_len(q), 0);
	ck_assert_uint_eq(rxq_stats(q)->queued, 6);
	ck_assert_uint_eq(rxq_stats(q)->handed, 6);
	/* a budget of 0 is 1 */
	rxq_set_budget(q, 0);
	ck_assert_int_eq(rxq_offer(q, true, pkt, 10, meta, 1), RXQ_QUEUED);
	ck_assert_int_eq(rxq_offer(q, true, pkt, 10, meta, 1), RXQ_QUEUED);
	rxq_turn(q);
	ck_assert(rxq_pop(q, &p, &len, NULL));
	ck_assert(!rxq_pop(q, &p, &len, NULL));
	rxq_free(q);
}
END_TEST

/* --- real packets ----------------------------------------------------- */

/* The DIGEST §5.2 vector: a signed BU for a HoA on 2001:db8:1:2::/64 from
 * 2001:db8:3:4::1, and a DAR that serves that prefix. */
static struct bc *bc;
static struct bc_prefix pfx;
static uint8_t signed_pkt[SEAL_PKT_MAX];
static size_t signed_len;
static struct in6_addr hoa;

static void
bu_setup(void)
{
	struct bc_config cfg;
	size_t mhlen;

	bc_config_default(&cfg);
	/* the flood below comes from one /64 */
	cfg.sig_rate = 0;
	pfx.prefix = addr_of(VEC_BU_PREFIX);
	pfx.anchor = addr_of(VEC_BU_ANCHOR);
	hoa = addr_of(VEC_BU_HOA);
	ck_assert_ptr_nonnull(bc = bc_new(&cfg));
	ck_assert_int_eq(bc_set_prefixes(bc, &pfx, 1), 0);
	signed_len = vector_bu_packet(signed_pkt, sizeof(signed_pkt), &mhlen);
}

static void
bu_teardown(void)
{
	bc_free(bc);
}

/* A BU authenticated with a BAD (Kbm of 20 x 'k'), or a CoTI. */
static size_t
cheap_pkt(uint8_t type, uint8_t *out, size_t cap)
{
	static const uint8_t kbm[AUTH_KBM_LEN] = "kkkkkkkkkkkkkkkkkkkk";
	struct mh_msg m;
	struct seal s;
	size_t len;

	memset(&m, 0, sizeof(m));
	memset(&s, 0, sizeof(s));
	m.type = type;
	s.src = addr_of(VEC_BU_COA);
	s.dst = pfx.anchor;
	if (type == MH_BU) {
		m.flags = MH_BU_A | MH_BU_H;
		m.seq = 7;
		m.lifetime = 10;
		m.opt.present = MHO_F(MHO_NONCE);
		s.hao = &hoa;
		s.coa = s.src;
		s.peer = pfx.anchor;
		s.kbm = kbm;
	}
	ck_assert_int_eq(seal_mh(&m, &s, out, cap, &len), 0);
	return len;
}

START_TEST(cost_of_packets)
{
	uint8_t pkt[SEAL_PKT_MAX];
	size_t len;

	ck_assert_int_eq(bc_cost(bc, signed_pkt, signed_len), BC_COST_SIG);
	len = cheap_pkt(MH_BU, pkt, sizeof(pkt));
	ck_assert_int_eq(bc_cost(bc, pkt, len), BC_COST_CHEAP);
	len = cheap_pkt(MH_COTI, pkt, sizeof(pkt));
	ck_assert_int_eq(bc_cost(bc, pkt, len), BC_COST_CHEAP);
	/* what bc_rx() drops before any check is cheap: truncated, a bad
	 * checksum, not for an anchor */
	ck_assert_int_eq(bc_cost(bc, signed_pkt, signed_len - 8),
	    BC_COST_CHEAP);
	memcpy(pkt, signed_pkt, signed_len);
	pkt[signed_len - 1] ^= 0x01;
	ck_assert_int_eq(bc_cost(bc, pkt, signed_len), BC_COST_CHEAP);
	memcpy(pkt, signed_pkt, signed_len);
	pkt[39] ^= 0x02;	/* the destination's last octet */
	ck_assert_int_eq(bc_cost(bc, pkt, signed_len), BC_COST_CHEAP);
	/* and nothing was counted or changed */
	ck_assert_uint_eq(bc_stats(bc)->rx, 0);
	ck_assert_ptr_null(bc_lookup(bc, &hoa));
}
END_TEST

/* The loop of roles/dar.c: read a batch, cheap at once, signed queued;
 * then one budget.  The order of handling is recorded. */
struct sim {
	struct rxq	*q;
	int		 order[256];
	size_t		 n;
};

static void
sim_handle(struct sim *s, const uint8_t *pkt, size_t len, int tag)
{
	struct bc_result r;

	bc_rx(bc, pkt, len, 1000, &r);
	ck_assert_uint_lt(s->n, 256);
	s->order[s->n++] = tag;
}

static void
sim_read(struct sim *s, const uint8_t *pkt, size_t len, int tag)
{
	if (rxq_offer(s->q, bc_cost(bc, pkt, len) == BC_COST_SIG, pkt, len,
	    &tag, sizeof(tag)) == RXQ_NOW)
		sim_handle(s, pkt, len, tag);
}

static void
sim_turn(struct sim *s)
{
	const uint8_t *pkt;
	const void *meta;
	size_t len;
	int tag;

	rxq_turn(s->q);
	while (rxq_pop(s->q, &pkt, &len, &meta)) {
		memcpy(&tag, meta, sizeof(tag));
		sim_handle(s, pkt, len, tag);
	}
}

/* 60 signed BUs, a token BU, 20 more: the token BU is handled before any
 * of them; one that comes while they wait, after one budget at most. */
START_TEST(flood_cannot_delay_token_bu)
{
	static struct sim s;
	uint8_t tok[SEAL_PKT_MAX];
	size_t toklen, i, pos;
	int t;

	memset(&s, 0, sizeof(s));
	ck_assert_ptr_nonnull(s.q = rxq_new(32, 4));
	toklen = cheap_pkt(MH_BU, tok, sizeof(tok));
	for (t = 1; t <= 60; t++)
		sim_read(&s, signed_pkt, signed_len, t);
	sim_read(&s, tok, toklen, 0);
	for (t = 61; t <= 80; t++)
		sim_read(&s, signed_pkt, signed_len, t);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_int_eq(s.order[0], 0);
	ck_assert_uint_eq(rxq_len(s.q), 32);
	ck_assert_uint_eq(rxq_stats(s.q)->full, 80 - 32);
	/* one turn: one budget, the oldest first */
	sim_turn(&s);
	ck_assert_uint_eq(s.n, 5);
	for (i = 1; i < 5; i++)
		ck_assert_int_eq(s.order[i], (int)i);
	/* the first signed BU was accepted, the rest are its replays: every
	 * one of them was checked, none skipped the queue */
	ck_assert_uint_eq(bc_stats(bc)->sig_checked, 4);
	/* a token BU arriving now waits for no more signatures */
	sim_read(&s, tok, toklen, 0);
	ck_assert_int_eq(s.order[5], 0);
	pos = s.n;
	while (rxq_len(s.q) > 0)
		sim_turn(&s);
	ck_assert_uint_eq(s.n, pos + 32 - 4);
	ck_assert_uint_eq(bc_stats(bc)->sig_checked, 32);
	rxq_free(s.q);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("rxq");
	TCase *tc;

	tc = tcase_create("queue");
	tcase_add_test(tc, rxq_bounds);
	tcase_add_test(tc, rxq_order_budget_bound);
	suite_add_tcase(s, tc);
	tc = tcase_create("cost");
	tcase_add_checked_fixture(tc, bu_setup, bu_teardown);
	tcase_add_test(tc, cost_of_packets);
	tcase_add_test(tc, flood_cannot_delay_token_bu);
	suite_add_tcase(s, tc);
	return s;
}

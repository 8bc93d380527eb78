/* SPDX-License-Identifier: GPL-2.0-only */
/* The order in which the DAR handles what it receives, so that strangers'
 * public-key work cannot hold up the cheap messages of known bindings:
 * cheap packets at once, signed ones through a bounded queue, at most a
 * budget of them per turn of the event loop.  Pure: no I/O, no clock. */
#ifndef FAMA_PROTO_RXQ_H
#define FAMA_PROTO_RXQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RXQ_PKT_MAX	2048	/* largest packet queued (MH_MAX_LEN fits) */
#define RXQ_META_MAX	32	/* what the caller keeps with a packet */

/*
 * The caller reads every packet it can at the start of a turn (up to its
 * own batch limit), offers each with its cost (bc_cost()) and handles at
 * once those the queue answers RXQ_NOW; then it calls rxq_turn() and
 * handles what rxq_pop() gives, and comes back for another turn at once
 * while rxq_len() is not 0.  A cheap packet therefore waits at most for
 * one budget of signed ones (the turn already under way), however many
 * are queued or keep arriving; the queue's bound caps the memory and the
 * backlog a flood can build: past it, signed packets are refused (tail
 * drop, counted) and their senders retransmit as they would after a loss.
 * The rate limits of the binding cache still decide which of the signed
 * packets get their signature checked at all.
 */
enum rxq_verdict {
	RXQ_NOW,		/* cheap: handle it now; nothing was copied */
	RXQ_QUEUED,		/* a copy waits for its turn */
	RXQ_FULL		/* signed, and the queue is full: drop it */
};

struct rxq_stats {
	uint64_t	queued;		/* signed packets that waited */
	uint64_t	handed;		/* taken off the queue by rxq_pop() */
	uint64_t	full;		/* refused, the queue being full */
	size_t		peak;		/* longest the queue has been */
};

struct rxq;

/* A queue of at most cap packets and a budget of that many per turn
 * (both at least 1).  NULL with errno EINVAL or ENOMEM. */
struct rxq	*rxq_new(size_t, unsigned);
void		 rxq_free(struct rxq *);
/* A new budget at run time (at least 1). */
void		 rxq_set_budget(struct rxq *, unsigned);

/* Offer one received packet: costly or not, with metalen octets of the
 * caller's (at most RXQ_META_MAX) to get back with it.  A packet longer
 * than RXQ_PKT_MAX, or meta that does not fit, is RXQ_NOW: it cannot
 * wait, so it is not made to. */
enum rxq_verdict rxq_offer(struct rxq *, bool, const uint8_t *, size_t,
		    const void *, size_t);

/* Begin a turn: the budget is full again. */
void		 rxq_turn(struct rxq *);
/* The oldest waiting packet, if the turn's budget has room: true, with
 * *pkt, *len and *meta pointing into the queue until the next call of
 * rxq_offer() or rxq_pop().  False when the queue is empty or the budget
 * of this turn is spent. */
bool		 rxq_pop(struct rxq *, const uint8_t **, size_t *,
		    const void **);
size_t		 rxq_len(const struct rxq *);
const struct rxq_stats *rxq_stats(const struct rxq *);

#endif

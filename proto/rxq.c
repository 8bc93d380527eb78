// SPDX-License-Identifier: GPL-2.0-only
/* The DAR's receive order: cheap packets at once, signed ones through a
 * bounded FIFO with a budget per turn (proto/rxq.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/rxq.h"

struct rxq_slot {
	size_t		len;
	size_t		metalen;
	uint8_t		meta[RXQ_META_MAX];
	uint8_t		pkt[RXQ_PKT_MAX];
};

struct rxq {
	struct rxq_slot	*slot;
	size_t		 cap;
	size_t		 head;		/* oldest */
	size_t		 n;
	unsigned	 budget;
	unsigned	 left;		/* of this turn's budget */
	struct rxq_stats st;
};

struct rxq *
rxq_new(size_t cap, unsigned budget)
{
	struct rxq *q;

	if (cap == 0 || budget == 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	/* Allocated up front: a flood finds the memory it may use already
	 * taken, and no allocation can fail half-way through a turn. */
	if ((q->slot = calloc(cap, sizeof(*q->slot))) == NULL) {
		free(q);
		return NULL;
	}
	q->cap = cap;
	q->budget = budget;
	return q;
}

void
rxq_free(struct rxq *q)
{
	if (q == NULL)
		return;
	free(q->slot);
	free(q);
}

void
rxq_set_budget(struct rxq *q, unsigned budget)
{
	q->budget = budget > 0 ? budget : 1;
	if (q->left > q->budget)
		q->left = q->budget;
}

enum rxq_verdict
rxq_offer(struct rxq *q, bool costly, const uint8_t *pkt, size_t len,
    const void *meta, size_t metalen)
{
	struct rxq_slot *s;

	if (!costly || len > RXQ_PKT_MAX || metalen > RXQ_META_MAX)
		return RXQ_NOW;
	if (q->n == q->cap) {
		q->st.full++;
		return RXQ_FULL;
	}
	s = &q->slot[(q->head + q->n) % q->cap];
	memcpy(s->pkt, pkt, len);
	s->len = len;
	if (metalen > 0)
		memcpy(s->meta, meta, metalen);
	s->metalen = metalen;
	q->n++;
	q->st.queued++;
	if (q->n > q->st.peak)
		q->st.peak = q->n;
	return RXQ_QUEUED;
}

void
rxq_turn(struct rxq *q)
{
	q->left = q->budget;
}

bool
rxq_pop(struct rxq *q, const uint8_t **pkt, size_t *len, const void **meta)
{
	const struct rxq_slot *s;

	if (q->n == 0 || q->left == 0)
		return false;
	s = &q->slot[q->head];
	*pkt = s->pkt;
	*len = s->len;
	if (meta != NULL)
		*meta = s->meta;
	/* The slot stays as it is until an rxq_offer() fills it again. */
	q->head = (q->head + 1) % q->cap;
	q->n--;
	q->left--;
	q->st.handed++;
	return true;
}

size_t
rxq_len(const struct rxq *q)
{
	return q->n;
}

const struct rxq_stats *
rxq_stats(const struct rxq *q)
{
	return &q->st;
}

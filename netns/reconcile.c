// SPDX-License-Identifier: GPL-2.0-only
/* netns/reconcile: the desired set against the owned set, by a merge of
 * the two sorted by the kernel's identity of each kind of object. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "netns/addr.h"
#include "netns/nl.h"
#include "netns/reconcile.h"
#include "netns/route.h"
#include "netns/rule.h"

static const void *
at(const struct reconcile_ops *ops, const void *v, size_t i)
{
	return (const uint8_t *)v + i * ops->size;
}

int
reconcile_run(struct nl *nl, const struct reconcile_ops *ops, void *have,
    size_t nh, const void *want0, size_t nw, struct reconcile_stats *st)
{
	const void *h, *w;
	uint8_t *want = NULL;
	size_t i = 0, j = 0;
	int c, ret = -1;

	memset(st, 0, sizeof(*st));
	if (nw > 0) {
		if ((want = calloc(nw, ops->size)) == NULL)
			return -1;
		memcpy(want, want0, nw * ops->size);
		for (j = 0; j < nw; j++)
			ops->own(want + j * ops->size);
		qsort(want, nw, ops->size, ops->cmp);
	}
	if (nh > 1)
		qsort(have, nh, ops->size, ops->cmp);
	j = 0;
	while (i < nh || j < nw) {
		/* A wanted key given twice counts once. */
		if (j > 0 && j < nw &&
		    ops->cmp(at(ops, want, j - 1), at(ops, want, j)) == 0) {
			j++;
			continue;
		}
		h = i < nh ? at(ops, have, i) : NULL;
		w = j < nw ? at(ops, want, j) : NULL;
		c = h == NULL ? 1 : w == NULL ? -1 : ops->cmp(h, w);
		if (c < 0) {
			/* Owned and not wanted, or a duplicate. */
			if (ops->del(nl, h) == -1)
				goto out;
			st->removed++;
			i++;
		} else if (c > 0) {
			if (ops->put(nl, NULL, w) == -1)
				goto out;
			st->added++;
			j++;
		} else {
			if (ops->same(h, w))
				st->kept++;
			else if (ops->put(nl, h, w) == -1)
				goto out;
			else
				st->replaced++;
			/* Further owned copies of this key are duplicates:
			 * the next round sees them below the next want. */
			i++;
			while (i < nh && ops->cmp(at(ops, have, i), w) == 0) {
				if (ops->del(nl, at(ops, have, i)) == -1)
					goto out;
				st->removed++;
				i++;
			}
			j++;
		}
	}
	ret = 0;
out:
	free(want);
	return ret;
}

/* Runs the merge on a freshly listed owned set, which it then frees. */
static int
reconcile_owned(struct nl *nl, const struct reconcile_ops *ops, void *have,
    size_t nh, const void *want, size_t nw, struct reconcile_stats *st)
{
	int ret, saved;

	ret = reconcile_run(nl, ops, have, nh, want, nw, st);
	saved = errno;
	free(have);
	errno = saved;
	return ret;
}

/* ---- routes -------------------------------------------------------- */

static int
rt_cmp(const void *a, const void *b)
{
	return route_cmp_key(a, b);
}

static bool
rt_same(const void *a, const void *b)
{
	return route_same(a, b);
}

static int
rt_put(struct nl *nl, const void *have, const void *want)
{
	return have == NULL ? route_add(nl, want) : route_replace(nl, want);
}

static int
rt_del(struct nl *nl, const void *r)
{
	return route_del(nl, r);
}

static void
rt_own(void *v)
{
	struct route_info *r = v;

	r->protocol = NL_RTPROT_FAMA;
	if (r->table == 0)
		r->table = ROUTE_TABLE_MAIN;
	if (r->metric == 0)
		r->metric = ROUTE_METRIC_DEFAULT;
	if (r->type == 0)
		r->type = RTN_UNICAST;
	nl_in6_mask(&r->dst, r->dst_len);
	nl_in6_mask(&r->src, r->src_len);
}

int
route_reconcile(struct nl *nl, uint32_t table, const struct route_info *want,
    size_t n, struct reconcile_stats *st)
{
	static const struct reconcile_ops ops = {
		sizeof(struct route_info), rt_cmp, rt_same, rt_put, rt_del,
		rt_own
	};
	struct route_info *have;
	size_t i, nh;

	for (i = 0; i < n; i++)
		if (table != 0 && want[i].table != table) {
			errno = EINVAL;
			return -1;
		}
	if (route_list_owned(nl, table, &have, &nh) == -1)
		return -1;
	return reconcile_owned(nl, &ops, have, nh, want, n, st);
}

/* ---- rules --------------------------------------------------------- */

static int
ru_cmp(const void *a, const void *b)
{
	return rule_cmp(a, b);
}

static bool
ru_same(const void *a, const void *b)
{
	(void)a;
	(void)b;
	/* The key is the whole rule. */
	return true;
}

static int
ru_put(struct nl *nl, const void *have, const void *want)
{
	(void)have;
	return rule_add(nl, want);
}

static int
ru_del(struct nl *nl, const void *r)
{
	return rule_del(nl, r);
}

static void
ru_own(void *v)
{
	struct rule_info *r = v;

	r->protocol = NL_RTPROT_FAMA;
	if (r->action == 0)
		r->action = FR_ACT_TO_TBL;
	nl_in6_mask(&r->src, r->src_len);
	nl_in6_mask(&r->dst, r->dst_len);
}

int
rule_reconcile(struct nl *nl, const struct rule_info *want, size_t n,
    struct reconcile_stats *st)
{
	static const struct reconcile_ops ops = {
		sizeof(struct rule_info), ru_cmp, ru_same, ru_put, ru_del,
		ru_own
	};
	struct rule_info *have;
	size_t nh;

	if (rule_list_owned(nl, &have, &nh) == -1)
		return -1;
	return reconcile_owned(nl, &ops, have, nh, want, n, st);
}

/* ---- addresses ----------------------------------------------------- */

/* Flags fama asks for that the kernel keeps as given. */
#define ADDR_KEPT_FLAGS	(IFA_F_NODAD | IFA_F_NOPREFIXROUTE | \
	IFA_F_HOMEADDRESS)

static int
ad_cmp(const void *va, const void *vb)
{
	const struct addr_info *a = va, *b = vb;
	int c;

	if ((c = nl_u32_cmp((uint32_t)a->ifindex, (uint32_t)b->ifindex)) != 0)
		return c;
	return nl_in6_cmp(&a->addr, &b->addr);
}

static bool
ad_deprecated(const struct addr_info *a)
{
	return a->valid != 0 && a->preferred == 0;
}

/*
 * Lifetimes run down in the kernel, so only their one visible effect is
 * compared: whether the address is deprecated.
 */
static bool
ad_same(const void *vh, const void *vw)
{
	const struct addr_info *h = vh, *w = vw;

	return h->plen == w->plen &&
	    (h->flags & ADDR_KEPT_FLAGS) == (w->flags & ADDR_KEPT_FLAGS) &&
	    ((h->flags & IFA_F_DEPRECATED) != 0) == ad_deprecated(w);
}

static int
ad_put(struct nl *nl, const void *vh, const void *vw)
{
	const struct addr_info *h = vh;

	/* The prefix length is not something the kernel updates. */
	if (h != NULL && h->plen != ((const struct addr_info *)vw)->plen &&
	    addr_del(nl, h) == -1)
		return -1;
	return addr_add(nl, vw);
}

static int
ad_del(struct nl *nl, const void *a)
{
	return addr_del(nl, a);
}

static void
ad_own(void *v)
{
	struct addr_info *a = v;

	a->proto = NL_RTPROT_FAMA;
}

int
addr_reconcile(struct nl *nl, int ifindex, const struct addr_info *want,
    size_t n, struct reconcile_stats *st)
{
	static const struct reconcile_ops ops = {
		sizeof(struct addr_info), ad_cmp, ad_same, ad_put, ad_del,
		ad_own
	};
	struct addr_info *have;
	size_t i, nh;

	for (i = 0; i < n; i++)
		if (ifindex > 0 && want[i].ifindex != ifindex) {
			errno = EINVAL;
			return -1;
		}
	if (addr_list_owned(nl, ifindex, &have, &nh) == -1)
		return -1;
	return reconcile_owned(nl, &ops, have, nh, want, n, st);
}

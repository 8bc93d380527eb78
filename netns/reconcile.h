/* SPDX-License-Identifier: GPL-2.0-only */
/* Converging fama's kernel state on a desired set: what fama owns (by its
 * protocol number) is added to, replaced or deleted from, so that a
 * restarted daemon neither duplicates nor leaks its predecessor's state. */
#ifndef FAMA_NETNS_RECONCILE_H
#define FAMA_NETNS_RECONCILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct addr_info;
struct route_info;
struct rule_info;

struct reconcile_stats {
	size_t	kept;
	size_t	added;
	size_t	replaced;
	size_t	removed;
};

/*
 * Each takes the complete desired set of fama's objects of its kind (in
 * one table, 0 = all tables; on one link, 0 = all links), in any order;
 * duplicates in it count once.  Desired entries are fama's whatever their
 * protocol field says.  Returns 0, or -1 with errno at the first request
 * the kernel refused (the stats count what was done until then).
 */
int	route_reconcile(struct nl *, uint32_t, const struct route_info *,
	    size_t, struct reconcile_stats *);
int	rule_reconcile(struct nl *, const struct rule_info *, size_t,
	    struct reconcile_stats *);
int	addr_reconcile(struct nl *, int, const struct addr_info *, size_t,
	    struct reconcile_stats *);

/* The merge under the three, for any kind of object. */
struct reconcile_ops {
	size_t	  size;
	/* The kernel's identity: it holds one object per key. */
	int	(*cmp)(const void *, const void *);
	/* Nothing to change between what is there and what is wanted. */
	bool	(*same)(const void *, const void *);
	/* Installs want, over have when that is not NULL. */
	int	(*put)(struct nl *, const void *, const void *);
	int	(*del)(struct nl *, const void *);
	/* Marks a desired entry as fama's, in place. */
	void	(*own)(void *);
};

/*
 * have (what fama owns, reordered in place) against want (copied): dels
 * for keys only in have and for second copies of a key, puts for keys only
 * in want or whose entries differ.
 */
int	reconcile_run(struct nl *, const struct reconcile_ops *, void *, size_t,
	    const void *, size_t, struct reconcile_stats *);

#endif

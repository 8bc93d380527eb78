/* SPDX-License-Identifier: GPL-2.0-only */
/* Converging fama's kernel state on a desired set: list what fama owns
 * (its protocol number), then add what is missing, replace what differs,
 * and delete what is no longer wanted or is there twice.  This is how a
 * restarted daemon takes over its predecessor's state without duplicating
 * or leaking any of it. */
#ifndef FAMA_NETNS_RECONCILE_H
#define FAMA_NETNS_RECONCILE_H

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

#endif

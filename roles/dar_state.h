/* SPDX-License-Identifier: GPL-2.0-only */
/* The DAR's state file: the binding cache saved (batched, atomically, mode
 * 0600) while it changes, and read back at start, where the kernel's
 * tunnels, proxy entries and counters are made to match it. */
#ifndef FAMA_ROLES_DAR_STATE_H
#define FAMA_ROLES_DAR_STATE_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "roles/state.h"

#define DAR_STATE_DEFAULT	"/var/lib/fama/dar.state"

struct bc;
struct nl;
struct tunnel;

/* What the DAR knows of its links, for the kernel side. */
struct dar_state_links {
	/* The access link (ifindex) of a home address, and the anchor of
	 * its prefix; 0 when the DAR serves no such prefix. */
	int	(*home)(const struct in6_addr *, struct in6_addr *, void *);
	/* Is this one of the anchor addresses served now? */
	bool	(*is_anchor)(const struct in6_addr *, void *);
	void	 *arg;
};

struct dar_state {
	struct state_writer w;
	struct bc	*bc;
	size_t		 max_entries;
};

/* path: a file, or STATE_NONE for none; a file of more than max_entries
 * is refused. */
void	dar_state_init(struct dar_state *, const char *, struct bc *, size_t);

/*
 * At start, before the event loop: the saved entries back into the cache
 * (a binding that ended while the DAR was down comes back as an idle
 * token, or not at all once the token hold is over), then the kernel made
 * to match: the tunnels of bound entries kept where they are right and
 * installed where missing, every other fama tunnel, decapsulation of a
 * lost anchor and proxy entry removed, counters added.  A tunnel the
 * kernel holds for a home address is newer than the file (the file is
 * written a little later than the kernel): its care-of address wins, and
 * one the file does not know is adopted (without a token, so the MN's next
 * update is signed).  A file that is damaged is moved aside to PATH.bad
 * and one that group or others can read is not trusted (its tokens may
 * have been read); either way the DAR starts empty, says so, and takes
 * every leftover tunnel down.  Never fails the start.
 */
void	dar_state_start(struct dar_state *, struct nl *, struct tunnel *,
	    const char *, uint32_t, uint32_t, const struct dar_state_links *);

/* Something that is saved changed: write it soon (batched). */
void	dar_state_changed(struct dar_state *);
/* Write now if anything changed; then no more timer. */
void	dar_state_stop(struct dar_state *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* The MN's state file: its addresses, anchors, tokens and sequence numbers
 * saved (batched, atomically, mode 0600) beside its key, and read back at
 * start so that a restarted `fama mn` takes over what the old one left in
 * the kernel, with the sockets that use it. */
#ifndef FAMA_ROLES_MN_STATE_H
#define FAMA_ROLES_MN_STATE_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "proto/bul.h"
#include "proto/statefile.h"
#include "roles/state.h"

#define MN_STATE_SUFFIX	".state"	/* beside the key: KEYFILE.state */

struct nl;
struct tunnel;

/* What mn.c keeps beside the binding update list. */
struct mn_state_hooks {
	struct bul	*bul;
	/* The kernel side of an action, as mn.c does it for the list. */
	bul_emit	 emit;
	/* `fama mn keep | release` marks of an address: read, and put back. */
	void		(*marks)(const struct in6_addr *, bool *, bool *,
			    void *);
	void		(*set_marks)(const struct in6_addr *, bool, bool,
			    void *);
	void		*arg;
};

struct mn_state {
	struct state_writer w;
	uint8_t		 spki_sha256[STATEFILE_SPKI_HASH_LEN];
	struct mn_state_hooks h;
};

/*
 * path: a file, STATE_NONE, or "" for KEYFILE.state (the second
 * argument).  spki: the DER public key of the identity, whose SHA-256 the
 * file must carry.  -1 (logged) when the path does not fit.
 */
int	mn_state_init(struct mn_state *, const char *, const char *,
	    const uint8_t *, size_t, const struct mn_state_hooks *);

/*
 * At start, after the list is made and before the first attach: the saved
 * addresses back into the list (bul_restore), and the kernel made to
 * match them through hooks.emit (addresses, reverse tunnels, the care-of
 * address's decapsulation), on the access link (ifindex) and lo (the
 * next); single-anchor mode keeps the first address preferred.  fama's
 * addresses, tunnels and routes that are
 * not among them are removed.  Without a usable file (none, damaged: set
 * aside, another key's, or group-readable: not trusted) every leftover of
 * an earlier run goes, except the away addresses whose anchor the
 * kernel's reverse tunnels name: those come back unwanted, to be released
 * at their anchors with a signed de-registration at the next attach (or
 * registered again, signed, if the keep policy wants them: a socket still
 * uses them).  Never fails the start.
 */
void	mn_state_start(struct mn_state *, struct nl *, struct tunnel *, int,
	    int, bool);

void	mn_state_changed(struct mn_state *);
void	mn_state_stop(struct mn_state *);

#endif

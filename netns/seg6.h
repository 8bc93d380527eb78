/* SPDX-License-Identifier: GPL-2.0-only */
/* The SRv6 tunnel source of a namespace (generic netlink "SEG6", what
 * `ip sr tunsrc` sets): the outer source address of every seg6 encap. */
#ifndef FAMA_NETNS_SEG6_H
#define FAMA_NETNS_SEG6_H

#include <netinet/in.h>

struct nl;

/*
 * The kernel picks the outer source of a seg6 encapsulation as it picks
 * any source, unless a tunnel source is set for the namespace; there is no
 * per-route one on this kernel.  An MN whose care-of address is deprecated
 * (single-anchor mode) would see its home address chosen, and its own
 * tunnel rule would take the outer packet again: it sets its care-of
 * address here at every move; a DAR sets its anchor address, so that the
 * tunnel's endpoints on the wire are those of RFC 6275.
 * nl is from nl_open_proto(NETLINK_GENERIC).  :: means unset.  0, or -1
 * with errno (ENOENT: no SEG6 family in this kernel).
 */
int	seg6_tunsrc_get(struct nl *, struct in6_addr *);
int	seg6_tunsrc_set(struct nl *, const struct in6_addr *);

#endif

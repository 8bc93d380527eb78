/* SPDX-License-Identifier: GPL-2.0-only */
/* The data-plane tunnel of both roles, RFC 2473 IPv6-in-IPv6 between an
 * anchor and a care-of address: the roles' verbs over a backend (SRv6
 * lightweight tunnels in tunnel_seg6.c; an ip6tnl one would sit beside). */
#ifndef FAMA_NETNS_TUNNEL_H
#define FAMA_NETNS_TUNNEL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct tunnel;

/*
 * Tables and rule preferences (the defaults of struct tunnel_cfg).
 *
 * TUNNEL_TABLE_DECAP holds one route per tunnel endpoint of this node
 * (anchor address on a DAR, care-of address on an MN), which strips the
 * outer header (seg6local End.DT6) and looks the inner packet up in table
 * main (DAR: forward it) or local (MN: deliver it).  A rule at
 * TUNNEL_PREF_DECAP, "to ENDPOINT ipproto 41 lookup TUNNEL_TABLE_DECAP",
 * leads there; table local moves from preference 0 to TUNNEL_PREF_LOCAL so
 * that this rule is seen first.
 *
 * On an MN, tables TUNNEL_TABLE_ANCHOR .. + TUNNEL_ANCHORS_MAX - 1 each hold
 * the default route of one anchor: encapsulate towards it.  A rule at
 * TUNNEL_PREF_HOA, "from HoA lookup <the anchor's table>", sends what
 * leaves from a home address into its anchor's tunnel; it comes after
 * table local, so traffic between the node's own addresses stays local.
 * Tables are given out lowest first and found again in the kernel by
 * tunnel_open(), so a restarted daemon keeps them.
 *
 * On a DAR the route "HoA/128 encap towards CoA" goes into table
 * TUNNEL_TABLE_ENCAP (main), where it wins over the on-link prefix.
 */
#define TUNNEL_TABLE_DECAP	7000
#define TUNNEL_TABLE_ANCHOR	7001
#define TUNNEL_ANCHORS_MAX	64
#define TUNNEL_TABLE_ENCAP	254
#define TUNNEL_PREF_DECAP	100
#define TUNNEL_PREF_LOCAL	200
#define TUNNEL_PREF_HOA		300
/* An IPv6 header: the tunnel's route MTU is the link's less this. */
#define TUNNEL_OVERHEAD		40

struct tunnel_cfg {
	uint32_t	 table_decap;
	uint32_t	 table_anchor;	/* first of anchors_max tables */
	uint32_t	 anchors_max;	/* at most TUNNEL_ANCHORS_MAX */
	uint32_t	 table_encap;
	uint32_t	 pref_decap;
	uint32_t	 pref_local;
	uint32_t	 pref_hoa;
	/* NULL: the SRv6 backend. */
	const struct tunnel_backend *backend;
};

/* One piece of tunnel state the kernel holds (tunnel_list()). */
enum tunnel_kind {
	TUNNEL_DECAP,		/* addr: a decapsulating endpoint of ours */
	TUNNEL_ENCAP_DST,	/* addr (a HoA) goes encapsulated to remote */
	TUNNEL_ENCAP_SRC	/* what leaves from addr goes to remote */
};

struct tunnel_entry {
	enum tunnel_kind kind;
	struct in6_addr	 addr;
	struct in6_addr	 remote;	/* :: for DECAP, or not found */
};

/*
 * A backend.  Every operation is idempotent and returns 0, or -1 with
 * errno (the kernel's message in nl_last_extack()).  oif and mtu are
 * resolved by tunnel.c before a backend sees them.
 */
struct tunnel_backend {
	const char	*name;
	size_t		 priv_size;	/* its state, see tunnel_priv() */
	/* Learns what the kernel already holds (restart). */
	int	(*open)(struct tunnel *);
	/* Decapsulate what arrives for local; inner lookup in table. */
	int	(*decap_up)(struct tunnel *, const struct in6_addr *, int,
		    uint32_t);
	int	(*decap_down)(struct tunnel *, const struct in6_addr *);
	/* Encapsulate what goes to dst/128 towards remote (anchor side). */
	int	(*encap_dst_up)(struct tunnel *, const struct in6_addr *,
		    const struct in6_addr *, int, uint32_t);
	int	(*encap_dst_down)(struct tunnel *, const struct in6_addr *);
	/* Encapsulate what leaves from src towards remote (MN side). */
	int	(*encap_src_up)(struct tunnel *, const struct in6_addr *,
		    const struct in6_addr *, int, uint32_t);
	int	(*encap_src_down)(struct tunnel *, const struct in6_addr *);
	/* Removes every piece of tunnel state and restores table local. */
	int	(*flush)(struct tunnel *);
	/* What the kernel holds, malloc'd (tunnel_list()). */
	int	(*list)(struct tunnel *, struct tunnel_entry **, size_t *);
};

extern const struct tunnel_backend tunnel_seg6;

/* cfg may be NULL for the defaults; zero fields take their default. */
struct tunnel	*tunnel_open(struct nl *, const struct tunnel_cfg *);
void		 tunnel_close(struct tunnel *);

/*
 * Anchor (DAR) side.  decap: IPv6-in-IPv6 arriving for the anchor address
 * is decapsulated and the inner packet forwarded (table main).  up: what
 * is routed to hoa goes encapsulated to coa; calling it again with another
 * CoA replaces the route in one request.  oif 0: for up, the link of the
 * kernel's route to the CoA; for decap, the link that holds the anchor
 * address (not lo, where the kernel makes the route a reject route).
 */
int	tunnel_anchor_decap_up(struct tunnel *, const struct in6_addr *, int);
int	tunnel_anchor_decap_down(struct tunnel *, const struct in6_addr *);
int	tunnel_anchor_up(struct tunnel *, const struct in6_addr *,
	    const struct in6_addr *, int);
int	tunnel_anchor_down(struct tunnel *, const struct in6_addr *);

/*
 * Mobile node side.  decap: IPv6-in-IPv6 arriving for the CoA is
 * decapsulated and delivered (table local).  up: what leaves from hoa goes
 * encapsulated to its anchor; again with another oif (a move) replaces
 * the anchor's route.  A home address belongs to one anchor.  oif 0 as
 * on the anchor side (decap: the link that holds the CoA).
 *
 * The kernel encapsulates before it fragments: a datagram from a home
 * address larger than the route MTU leaves as outer fragments, which
 * End.DT6 cannot take unless conntrack's defragmentation runs on the
 * decapsulating node.  TCP keeps to the MTU by itself.
 */
int	tunnel_mn_decap_up(struct tunnel *, const struct in6_addr *, int);
int	tunnel_mn_decap_down(struct tunnel *, const struct in6_addr *);
int	tunnel_mn_up(struct tunnel *, const struct in6_addr *,
	    const struct in6_addr *, int);
int	tunnel_mn_down(struct tunnel *, const struct in6_addr *);

/* Removes everything every tunnel of this namespace installed. */
int	tunnel_flush(struct tunnel *);

/*
 * Every tunnel endpoint, encapsulation by destination and by source that
 * the kernel holds in this namespace, whoever installed it (a daemon that
 * was killed): a restarted daemon compares it with what it wants and
 * takes the rest down with the verbs above.  *v is malloc'd.
 */
int	tunnel_list(struct tunnel *, struct tunnel_entry **, size_t *);

/* For backends: the socket and the configuration in force. */
struct nl			*tunnel_nl(const struct tunnel *);
const struct tunnel_cfg		*tunnel_cfg(const struct tunnel *);
/* The backend's own state: priv_size zeroed octets. */
void				*tunnel_priv(const struct tunnel *);

#endif

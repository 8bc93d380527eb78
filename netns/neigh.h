/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv6 neighbours over rtnetlink: proxy entries (NTF_PROXY; answered with
 * forwarding and proxy_ndp on), and flushing the cached entries of an
 * address that has left the link. */
#ifndef FAMA_NETNS_NEIGH_H
#define FAMA_NETNS_NEIGH_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct nlmsghdr;

#define NEIGH_LLADDR_LEN	32

struct neigh_info {
	int		 ifindex;
	struct in6_addr	 dst;
	uint16_t	 state;		/* NUD_* */
	uint8_t		 flags;		/* NTF_*: NTF_PROXY, NTF_ROUTER */
	uint8_t		 protocol;	/* NDA_PROTOCOL */
	uint8_t		 lladdr[NEIGH_LLADDR_LEN];
	size_t		 lladdr_len;
};

/* A proxy entry marked with NL_RTPROT_FAMA; idempotent. */
int	neigh_proxy_add(struct nl *, int, const struct in6_addr *);
/* ENOENT when there is none. */
int	neigh_proxy_del(struct nl *, int, const struct in6_addr *);
/* Proxy entries of one link (ifindex > 0) or all. */
int	neigh_proxy_list(struct nl *, int, struct neigh_info **, size_t *);
/* Ordinary (cached) entries of one link or all. */
int	neigh_list(struct nl *, int, struct neigh_info **, size_t *);
/*
 * Deletes the cached entries for an address on one link (ifindex > 0) or
 * on every link, so that the next packet resolves it afresh.  Entries
 * that are not there are not an error.
 */
int	neigh_flush(struct nl *, const struct in6_addr *, int);
/*
 * neigh_proxy_add() and neigh_flush() of the same link and address, in
 * one round trip (a DAR calls this per binding).  Returns the proxy
 * entry's result; the flush's failure is not reported (what it would
 * remove ages out by the kernel's neighbour unreachability detection).
 */
int	neigh_proxy_claim(struct nl *, int, const struct in6_addr *);

/*
 * A cached entry (NUD_STALE) for dst at lladdr, learned from a packet the
 * node sent: a DAR whose mobile node is back on its link answers it at
 * once instead of soliciting an address whose solicited-node group the
 * node may not have joined yet.
 */
int	neigh_learn(struct nl *, int, const struct in6_addr *, const uint8_t *,
	    size_t);

/* Builder: nlh is an RTM_NEWNEIGH/RTM_DELNEIGH started with ndmsg. */
int	neigh_build(struct nlmsghdr *, size_t, int, const struct in6_addr *,
	    uint8_t);
/* Decodes RTM_NEWNEIGH / RTM_DELNEIGH (AF_INET6, else EAFNOSUPPORT). */
int	neigh_parse(const struct nlmsghdr *, struct neigh_info *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Keeping the kernel quiet about Mobility Header packets it cannot take:
 * an nftables table, talked over nfnetlink with libmnl, that drops them
 * in the input hook before the IPv6 stack answers with a Parameter
 * Problem.  The signalling socket (netns/sig.h) has seen them already. */
#ifndef FAMA_NETNS_NFT_H
#define FAMA_NETNS_NFT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest table name the kernel takes, without the NUL (NFT_NAME_MAXLEN). */
#define NFT_SUPPRESS_NAME_MAX	255

/*
 * Create, or replace in one transaction, the table `name` of the ip6
 * family holding
 *
 *	chain input { type filter hook input priority filter; policy accept;
 *		meta l4proto 135 counter drop comment "..." }
 *
 * `meta l4proto` is the upper layer found after the extension headers, so
 * this drops a Mobility Header behind a Home Address option (which the
 * kernel would answer with Parameter Problem code 2), behind a type 2
 * routing header (code 0) and bare (code 1, "unrecognized Next Header",
 * when no raw MH socket is bound).  The input hook sees only packets for
 * this host: forwarded signalling is untouched.  Needs CAP_NET_ADMIN in
 * the current network namespace.  Returns 0, or -1 with errno (EINVAL
 * for an empty or too long name, else what the kernel answered).
 */
int	nft_suppress_add(const char *);

/*
 * In the same table (nft_suppress_add() first), a forward chain that clamps
 * the MSS option of TCP SYNs to mss:
 *
 *	chain forward { type filter hook forward priority mangle;
 *		tcp flags syn tcp option maxseg size > MSS
 *		    tcp option maxseg size set MSS counter }
 *
 * A connection that starts natively and moves into a tunnel later keeps
 * the MSS it began with; the kernel encapsulates forwarded packets before
 * any MTU check, so a correspondent never hears that they became too big
 * (no Packet Too Big comes back).  Clamping every connection of the access
 * links at the start keeps them inside the tunnel's MTU for life.  A
 * second call adds a second rule.  Returns 0 or -1 with errno.
 */
int	nft_clamp_mss(const char *, uint16_t);

/*
 * Per-address packet counters in the same table: two sets of IPv6
 * addresses with a counter in each element,
 *
 *	set fama_down { type ipv6_addr; counter }  (ip6 daddr, prerouting)
 *	set fama_up { type ipv6_addr; counter }    (ip6 saddr, forward)
 *
 * so that a DAR counts what it tunnels to a home address and what the
 * tunnel brings back from it.  nft_counters_add() makes the sets, chains
 * and rules (once); nft_counters_addr() adds an address (its counters
 * start at zero) or removes it; nft_counters_get() reads every address's
 * counters into a malloc'd array.  0, or -1 with errno.
 */
struct nft_addr_count {
	struct in6_addr	addr;
	uint64_t	pkts_down;
	uint64_t	bytes_down;
	uint64_t	pkts_up;
	uint64_t	bytes_up;
};

int	nft_counters_add(const char *);
int	nft_counters_addr(const char *, const struct in6_addr *, bool);
int	nft_counters_get(const char *, struct nft_addr_count **, size_t *);

/*
 * nft_counters_addr() for several addresses, in order, in as few
 * transactions as hold them (about twenty additions each): an address
 * new to the sets is added, one to be removed is removed.  If a
 * transaction fails, its addresses are tried one by one.  Sets each op's
 * error to 0 or an errno value and returns how many failed.
 */
struct nft_addr_op {
	struct in6_addr	addr;
	bool		add;
	int		error;
};

size_t	nft_counters_addrs(const char *, struct nft_addr_op *, size_t);

/* Delete the table; deleting one that does not exist succeeds.  Returns 0
 * or -1 with errno. */
int	nft_suppress_remove(const char *);

/* The drop rule's counter.  Returns 0, or -1 with errno ENOENT when the
 * table, its chain or its counter is not there. */
int	nft_suppress_stats(const char *, uint64_t *, uint64_t *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv6 addresses over rtnetlink: add (or update), delete, deprecate, list,
 * and list fama's own, which carry IFA_PROTO = NL_RTPROT_FAMA. */
#ifndef FAMA_NETNS_ADDR_H
#define FAMA_NETNS_ADDR_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct nlmsghdr;

#define ADDR_FOREVER		0xffffffffu	/* INFINITY_LIFE_TIME */

struct addr_info {
	int		 ifindex;
	struct in6_addr	 addr;
	uint8_t		 plen;
	uint8_t		 scope;		/* RT_SCOPE_*, 0 = universe */
	/*
	 * IFA_PROTO.  addr_add() sends NL_RTPROT_FAMA when this is 0, so
	 * every address fama adds is marked as its own.
	 */
	uint8_t		 proto;
	/*
	 * IFA_F_*.  To add: IFA_F_NODAD, IFA_F_OPTIMISTIC (RFC 4429; the
	 * kernel drops it unless net.ipv6.conf.<link>.optimistic_dad is
	 * 1), IFA_F_NOPREFIXROUTE, IFA_F_HOMEADDRESS.  Dumps also report
	 * TENTATIVE, DEPRECATED, PERMANENT, DADFAILED.
	 */
	uint32_t	 flags;
	/*
	 * Lifetimes in seconds (ADDR_FOREVER: none).  When valid is 0 the
	 * address is added with both lifetimes infinite; otherwise preferred
	 * may be anything up to valid, 0 meaning deprecated.
	 */
	uint32_t	 preferred;
	uint32_t	 valid;
};

/*
 * Adds the address, or updates its flags and lifetimes when it exists
 * (NLM_F_CREATE | NLM_F_REPLACE): idempotent.
 */
int	addr_add(struct nl *, const struct addr_info *);
/* Removes it: ifindex and address matter.  ENOENT/EADDRNOTAVAIL if absent. */
int	addr_del(struct nl *, const struct addr_info *);
/*
 * Makes the address deprecated (preferred lifetime 0, RFC 4862 §5.5.4):
 * existing connections keep it, new ones choose another source.  The
 * valid lifetime is a->valid (0: forever); flags are a->flags.
 */
int	addr_deprecate(struct nl *, const struct addr_info *);
/* IPv6 addresses of one link (ifindex > 0) or all, malloc'd into *out. */
int	addr_list(struct nl *, int, struct addr_info **, size_t *);
/*
 * Only those with IFA_PROTO = NL_RTPROT_FAMA.  Kernels before 6.1 ignore
 * IFA_PROTO (they neither keep nor report it), so there this finds
 * nothing: a daemon on such a kernel must remember its addresses itself
 * (a state file) or treat every address within the prefixes it manages
 * as its own.
 */
int	addr_list_owned(struct nl *, int, struct addr_info **, size_t *);

/* Builder: nlh is an RTM_NEWADDR/RTM_DELADDR started with ifaddrmsg. */
int	addr_build(struct nlmsghdr *, size_t, const struct addr_info *);
/* Decodes RTM_NEWADDR / RTM_DELADDR (AF_INET6 only: else EAFNOSUPPORT). */
int	addr_parse(const struct nlmsghdr *, struct addr_info *);

#endif

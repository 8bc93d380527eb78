/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv6 routes over rtnetlink in any table, with metrics, source-specific
 * routes, and fama's two lightweight tunnels: seg6 encapsulation and
 * seg6local End.DT6 decapsulation.  fama's routes carry NL_RTPROT_FAMA. */
#ifndef FAMA_NETNS_ROUTE_H
#define FAMA_NETNS_ROUTE_H

/* Before the linux/ headers, so that libc's struct in6_addr wins. */
#include <netinet/in.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct nlmsghdr;
struct nlattr;

#define ROUTE_SEG6_MAX		8	/* segments fama accepts in a route */
#define ROUTE_METRIC_DEFAULT	1024	/* the kernel's IPv6 route metric */
#define ROUTE_TABLE_LOCAL	255
#define ROUTE_TABLE_MAIN	254

enum route_encap {
	ROUTE_ENCAP_NONE = 0,
	ROUTE_ENCAP_SEG6,		/* LWTUNNEL_ENCAP_SEG6 */
	ROUTE_ENCAP_SEG6LOCAL		/* LWTUNNEL_ENCAP_SEG6_LOCAL */
};

struct route_info {
	uint32_t	 table;		/* 0: main */
	struct in6_addr	 dst;
	uint8_t		 dst_len;
	struct in6_addr	 src;		/* source-specific (RTA_SRC) */
	uint8_t		 src_len;	/* 0: any source */
	struct in6_addr	 gw;		/* :: for none */
	struct in6_addr	 prefsrc;	/* :: for none */
	int		 oif;		/* 0 for none */
	uint32_t	 metric;	/* RTA_PRIORITY; 0: the kernel's 1024 */
	/* RTA_METRICS by RTAX_* index, e.g. metrics[RTAX_MTU]; 0 unset. */
	uint32_t	 metrics[RTAX_MAX + 1];
	uint8_t		 protocol;	/* 0 on add: NL_RTPROT_FAMA */
	uint8_t		 type;		/* RTN_*; 0: RTN_UNICAST */
	uint8_t		 flags;		/* rtm_flags as dumped (RTM_F_*) */
	uint8_t		 encap;		/* enum route_encap */
	/* ROUTE_ENCAP_SEG6: mode (SEG6_IPTUN_MODE_*) and the segment
	 * list in path order, segs[0] first (the outer destination). */
	uint32_t	 seg6_mode;
	uint8_t		 nsegs;
	struct in6_addr	 segs[ROUTE_SEG6_MAX];
	/* ROUTE_ENCAP_SEG6LOCAL: action (SEG6_LOCAL_ACTION_*) and, for
	 * End.DT6, the table the inner packet is looked up in. */
	uint32_t	 seg6local_action;
	uint32_t	 seg6local_table;
};

/* What route_list() returns; zeroes match everything. */
struct route_filter {
	uint32_t	 table;		/* 0: every table */
	uint8_t		 protocol;	/* 0: every protocol */
	int		 oif;		/* 0: every link */
};

/* Adds; EEXIST if a route with the same key (table, dst, src, metric)
 * exists. */
int	route_add(struct nl *, const struct route_info *);
/* Adds or replaces in place, in one request: idempotent. */
int	route_replace(struct nl *, const struct route_info *);
/*
 * Deletes the route with r's key.  Only routes of r->protocol (0:
 * fama's) match, so fama never deletes a route it does not own by
 * mistake.  ESRCH when there is none.
 */
int	route_del(struct nl *, const struct route_info *);
/* The kernel's route to dst (RTM_GETROUTE): oif, gateway, table, ... */
int	route_get(struct nl *, const struct in6_addr *, struct route_info *);
int	route_list(struct nl *, const struct route_filter *,
	    struct route_info **, size_t *);
/* fama's routes in one table (0: in every table). */
int	route_list_owned(struct nl *, uint32_t, struct route_info **,
	    size_t *);

/* Fills r as a plain route to dst/dst_len (table main, fama's). */
void	route_init(struct route_info *, const struct in6_addr *, uint8_t);
/* The kernel's identity of a route: table, dst, src, metric (0 = 1024). */
int	route_cmp_key(const struct route_info *, const struct route_info *);
/* True when a and b are the same route in every field fama sets. */
bool	route_same(const struct route_info *, const struct route_info *);

/*
 * The SEG6_IPTUNNEL_SRH payload: the mode (a host-order int, struct
 * seg6_iptunnel_encap) followed by an IPv6 Segment Routing Header (RFC
 * 8754 §2) whose Segment List holds segs in reverse path order.  Returns
 * its length, or -1 with EINVAL (0 or too many segments) or EMSGSIZE.
 */
int	route_seg6_encap(uint8_t *, size_t, uint32_t,
	    const struct in6_addr *, size_t);
/* Decodes it back: 0, or -1 with EBADMSG. */
int	route_seg6_decode(const uint8_t *, size_t, uint32_t *,
	    struct in6_addr *, size_t *);

/* Builder: nlh is an RTM_NEWROUTE/RTM_DELROUTE started with rtmsg. */
int	route_build(struct nlmsghdr *, size_t, const struct route_info *);
/* Decodes RTM_NEWROUTE / RTM_DELROUTE (AF_INET6, else EAFNOSUPPORT). */
int	route_parse(const struct nlmsghdr *, struct route_info *);

#endif

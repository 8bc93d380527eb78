/* SPDX-License-Identifier: GPL-2.0-only */
/* Network interfaces over rtnetlink: list, up/down, MTU, veth and bridge
 * creation, moving into a namespace, enslaving to a bridge, and the
 * decoding of link messages (dumps and carrier events alike). */
#ifndef FAMA_NETNS_LINK_H
#define FAMA_NETNS_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct nlmsghdr;

/* IFF_LOWER_UP (RFC 2863 operational "up"), which glibc's <net/if.h>
 * leaves out and <linux/if.h> cannot be included beside. */
#define LINK_F_LOWER_UP		0x10000
#define LINK_KIND_LEN		16
#define LINK_LLADDR_LEN		32

struct link_info {
	int		 ifindex;
	char		 name[IFNAMSIZ];
	unsigned int	 flags;		/* IFF_*, LINK_F_LOWER_UP */
	uint32_t	 mtu;
	int		 master;	/* bridge ifindex, 0 for none */
	uint8_t		 operstate;	/* IF_OPER_* (RFC 2863) */
	bool		 carrier;	/* IFLA_CARRIER, else IFF_LOWER_UP */
	/* IFLA_CARRIER_CHANGES: counted when the carrier changes, so a
	 * down-and-up faster than the kernel's link events shows here even
	 * when every event reports the carrier on. */
	uint32_t	 carrier_changes;
	char		 kind[LINK_KIND_LEN];	/* "veth", "bridge", or "" */
	uint8_t		 lladdr[LINK_LLADDR_LEN];
	size_t		 lladdr_len;
};

/* Every link of the socket's namespace, malloc'd into *out (caller frees). */
int	link_list(struct nl *, struct link_info **, size_t *);
/* One link by index, or (ifindex 0) by name; ENODEV when absent. */
int	link_get(struct nl *, int, const char *, struct link_info *);
/* The index of a link by name: > 0, or -1 with ENODEV. */
int	link_index(struct nl *, const char *);

int	link_set_up(struct nl *, int, bool);
int	link_set_mtu(struct nl *, int, uint32_t);
/* Enslave to a bridge (master ifindex), or 0 to release. */
int	link_set_master(struct nl *, int, int);
/* Move into the namespace open on nsfd (see ns_open()). */
int	link_set_netns(struct nl *, int, int);
/*
 * A veth pair: name here, peer in the namespace open on peer_nsfd (-1:
 * here too).  EEXIST when the name is taken.
 */
int	link_add_veth(struct nl *, const char *, const char *, int);
int	link_add_bridge(struct nl *, const char *);
int	link_del(struct nl *, int);

/* Builders: nlh is an RTM_NEWLINK started by nl_msg() with ifinfomsg. */
int	link_build_veth(struct nlmsghdr *, size_t, const char *, const char *,
	    int);
int	link_build_kind(struct nlmsghdr *, size_t, const char *, const char *);

/* Decodes RTM_NEWLINK / RTM_DELLINK: 0, or -1 with EBADMSG. */
int	link_parse(const struct nlmsghdr *, struct link_info *);

#endif

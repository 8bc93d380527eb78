/* SPDX-License-Identifier: GPL-2.0-only */
/* Which local IPv6 addresses sockets still use, from the kernel's socket
 * diagnostics (sock_diag, INET_DIAG): the mobile node's keep policy. */
#ifndef FAMA_NETNS_DIAG_H
#define FAMA_NETNS_DIAG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct nlmsghdr;

/* One socket as the kernel reports it. */
struct diag_sock {
	uint8_t		proto;		/* IPPROTO_TCP or IPPROTO_UDP */
	uint8_t		state;		/* TCP_* (UDP: TCP_CLOSE/ESTABLISHED) */
	uint16_t	sport;
	uint16_t	dport;
	struct in6_addr	src;
	struct in6_addr	dst;
	uint32_t	ifindex;
};

/*
 * The distinct source addresses of this namespace's IPv6 TCP and UDP
 * sockets that hold one: listening, connected or bound, but not TCP in
 * TIME-WAIT or CLOSE (they need nothing from the address any more) and not
 * the unspecified address.  nl is from nl_open_diag().  *out is malloc'd
 * (the caller frees it).  0, or -1 with errno.
 */
int	diag_addrs_in_use(struct nl *, struct in6_addr **, size_t *);

/* Every IPv6 socket of one protocol (IPPROTO_TCP or IPPROTO_UDP). */
int	diag_list(struct nl *, uint8_t, struct diag_sock **, size_t *);

/* Build the dump request (tests); parse one reply message (tests, fuzz):
 * 0, or -1 with errno EBADMSG (short) or EAFNOSUPPORT (not IPv6). */
int	diag_build(struct nlmsghdr *, size_t, uint8_t);
int	diag_parse(const struct nlmsghdr *, struct diag_sock *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* The signalling sockets on a kernel without Mobile IPv6: whole IPv6
 * packets out through IPPROTO_RAW, Mobility Header packets in below the
 * IPv6 stack through AF_PACKET and a socket filter, and ICMPv6 raw
 * sockets for Router Solicitations and Advertisements (RFC 4861). */
#ifndef FAMA_NETNS_SIG_H
#define FAMA_NETNS_SIG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Sending.  The packet goes out exactly as given (IPv6 header, extension
 * headers, MH checksum: ip6_build() or seal_mh() make them); the kernel
 * only picks the first hop by a route lookup on the packet's destination
 * and adds the link-layer header.  Needs CAP_NET_RAW to open.
 */
int	sig_tx_open(void);
/* Send the IPv6 packet pkt of len octets; its Payload Length must match
 * len.  A link-local destination needs the outgoing interface: give it
 * to sig_send_via() (0 means the route lookup decides).  Returns 0, or -1
 * with errno: EINVAL (not an IPv6 header, a Payload Length that does not
 * match, a link-local or multicast destination without an interface),
 * or what sendto() says (EMSGSIZE above the path MTU, ENETUNREACH, ...). */
int	sig_send(int, const uint8_t *, size_t);
int	sig_send_via(int, unsigned int, const uint8_t *, size_t);

/*
 * Receiving.  The kernel here drops a packet carrying a Home Address
 * option or a type 2 routing header before any socket of the IPv6 stack
 * sees it, so Mobility Header packets are read from AF_PACKET, where the
 * buffer starts at the IPv6 header.  A classic BPF filter lets through
 * only IPv6 packets whose upper layer is the Mobility Header, reached
 * directly or through at most SIG_FILTER_EXTHDRS Hop-by-Hop, Destination
 * Options or Routing headers (each walked by its length octet); anything
 * else, a Fragment header included, never reaches the socket.  The
 * filter reads only next-header and length octets: the packet is still
 * to be checked with ip6_parse().  Packets this host sends are not seen:
 * the kernel shows packets on their way out only to ETH_P_ALL sockets,
 * and PACKET_IGNORE_OUTGOING is set as well.
 */
#define SIG_FILTER_EXTHDRS	4	/* HbH, DstOpts, Routing, DstOpts */

struct sig_info {
	unsigned int	ifindex;	/* where the packet came in */
	uint8_t		pkttype;	/* PACKET_HOST, _OTHERHOST, ... */
	uint8_t		lladdr[8];	/* the sender's link-layer address */
	uint8_t		lladdr_len;
};

/* Open the receiving socket on one interface, or on all with ifindex 0.
 * On a router, a socket on all interfaces also sees signalling that is
 * only passing through, once, as it comes in: as PACKET_HOST (the
 * link-layer destination is the router) with the Hop Limit not yet
 * decremented.  Whether a packet is for this node is the caller's to
 * decide from the IPv6 destination.  Needs CAP_NET_RAW.  Returns the
 * descriptor (non-blocking, close-on-exec) or -1. */
int	sig_rx_open(unsigned int);
/* The receiving socket's queue: at least bytes of room (SO_RCVBUFFORCE,
 * which needs CAP_NET_ADMIN, else SO_RCVBUF within the system's
 * rmem_max), so that a burst waits rather than being dropped.  0 or -1. */
int	sig_rx_rcvbuf(int, int);
/* Packets the kernel dropped because the receiving socket's queue was
 * full, since the last call (PACKET_STATISTICS resets on reading), added
 * to *drops.  0 or -1 with errno. */
int	sig_rx_drops(int, uint64_t *);
/* Send a whole IPv6 packet to a multicast group straight onto the link,
 * on an AF_PACKET socket (sig_rx_open()'s): for the packet the IPv6 stack
 * will not send, a Router Solicitation from the unspecified address while
 * every address of the link is tentative (it has no source to route
 * with).  EINVAL for a unicast destination.  Returns 0 or -1 with errno. */
int	sig_send_link(int, unsigned int, const uint8_t *, size_t);
/* Attach the Mobility Header filter to any socket (sig_rx_open() does;
 * exposed so that the program can be tested on a socket pair). */
int	sig_filter_attach(int);
/* Read one packet into buf.  *len is its length, cut to the IPv6 header
 * plus Payload Length when the link added padding.  Returns 0, or -1 with
 * errno: EAGAIN (nothing more queued), EMSGSIZE (the packet was larger
 * than cap: it is consumed, read the next one), EBADMSG (shorter than an
 * IPv6 header), or another recvmsg() error. */
int	sig_recv(int, uint8_t *, size_t, size_t *, struct sig_info *);

/*
 * Router Solicitations and Advertisements: an ICMPv6 raw socket on one
 * interface (0: all) that passes only ICMPv6 messages of one type, sends
 * with hop limit 255 and reports the received hop limit, which the caller
 * must check is 255 (RFC 4861 §6.1).  The kernel fills the ICMPv6
 * checksum on send and checks it on receive.
 */
#define SIG_ICMP6_ALLROUTERS	0x1	/* join ff02::2 on the interface */

int	sig_icmp6_open(unsigned int, uint8_t, int);

struct sig_icmp6_info {
	struct in6_addr	src;
	struct in6_addr	dst;		/* :: if the kernel did not say */
	unsigned int	ifindex;
	int		hlim;		/* -1 if the kernel did not say */
};

/* Send msg (an ICMPv6 message, checksum left to the kernel) from src to
 * dst out of ifindex, which a link-local or multicast destination needs.
 * src NULL: the kernel picks the source, which for a multicast
 * destination may be a global address; a router sends its RAs from its
 * link-local address (RFC 4861 §4.2), so it names it.
 * Returns 0 or -1 with errno. */
int	sig_icmp6_send(int, unsigned int, const struct in6_addr *,
	    const struct in6_addr *, const uint8_t *, size_t);
/* Read one message.  Returns 0, or -1 with errno EAGAIN (nothing more),
 * EMSGSIZE (larger than cap: consumed), or another recvmsg() error. */
int	sig_icmp6_recv(int, uint8_t *, size_t, size_t *,
	    struct sig_icmp6_info *);

#endif

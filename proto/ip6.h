/* SPDX-License-Identifier: GPL-2.0-only */
/* Whole IPv6 packets for the signalling paths: the IPv6 header, a
 * Destination Options header with the Home Address option (RFC 6275 §6.3),
 * the type 2 routing header (§6.4) and the Mobility Header, with the MH
 * checksum computed on the RFC 6275 pseudo-header. */
#ifndef FAMA_PROTO_IP6_H
#define FAMA_PROTO_IP6_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IP6_HDR_LEN		40
#define IP6_NXT_HOPOPTS		0
#define IP6_NXT_ROUTING		43
#define IP6_NXT_FRAGMENT	44
#define IP6_NXT_ICMPV6		58
#define IP6_NXT_NONE		59
#define IP6_NXT_DSTOPTS		60
#define IP6_NXT_MH		135
#define IP6_OPT_HAO		0xc9	/* Home Address option type */
#define IP6_HAO_HDR_LEN		24	/* Dest. Options header with one HAO */
#define IP6_RH2_LEN		24	/* type 2 routing header */
#define IP6_DEFAULT_HLIM	64

/* A signalling packet, as parsed or to be built. */
struct ip6_pkt {
	struct in6_addr	 src;		/* IPv6 header, as on the wire */
	struct in6_addr	 dst;
	uint8_t		 hlim;
	uint8_t		 tclass;
	uint32_t	 flow;		/* 20 bits */
	bool		 has_hao;	/* Destination Options with a HAO */
	struct in6_addr	 hoa;
	bool		 has_rh2;	/* type 2 routing header */
	struct in6_addr	 rh2_addr;	/* the home address it carries */
	uint8_t		 rh2_segleft;	/* as parsed (1 on the wire) */
	uint8_t		 nxt;		/* upper-layer protocol reached */
	const uint8_t	*payload;	/* upper-layer octets: a view into */
	size_t		 payload_len;	/* the parsed or the caller's buffer */
};

/* The Internet checksum of data on the IPv6 pseudo-header (RFC 8200
 * §8.1), with whatever the checksum field holds counted as is: store the
 * result in a zeroed field to fill it, or get 0 back over a correct one. */
uint16_t	ip6_cksum(const struct in6_addr *, const struct in6_addr *,
		    uint8_t, const uint8_t *, size_t);

/* The addresses RFC 6275 puts in the MH pseudo-header: the home address
 * when a HAO is present, else the source; the RH2 address (the final
 * destination) when an RH2 is present, else the destination. */
void	ip6_mh_pseudo(const struct ip6_pkt *, struct in6_addr *,
	    struct in6_addr *);

/* Build IPv6 header [+ RH2] [+ Destination Options with HAO] + payload
 * into buf.  p->payload is copied; when p->nxt is IP6_NXT_MH the copy's
 * checksum is computed on the pseudo-header above (the caller's payload
 * is left alone).  The RH2 goes out with Segments Left 1.  hlim 0 means
 * IP6_DEFAULT_HLIM.  Returns 0, or -1 with errno EMSGSIZE (buffer, or
 * a Payload Length past 65535) or EINVAL (an MH payload shorter than 8
 * octets, a flow label past 20 bits, a NULL payload of non-zero length). */
int	ip6_build(const struct ip6_pkt *, uint8_t *, size_t, size_t *);

/* Parse an IPv6 packet of len octets (trailing link-layer padding after
 * the payload length is ignored) through Hop-by-Hop, Destination Options
 * and Routing headers to the upper layer, recording a HAO and an RH2.
 * Returns 0, or -1 with errno EBADMSG: not IPv6, truncated, payload
 * length past the buffer, a malformed extension header or option, two
 * HAOs, a HAO of the wrong length, an RH2 not of exactly one address or
 * not with Segments Left 1, a HAO or RH2 address that is not unicast, a
 * non-RH2 routing header with segments left, an unknown option whose
 * action bits say discard (a HAO in Hop-by-Hop is one), a fragment
 * header (signalling is never fragmented), Hop-by-Hop not first, a
 * second Routing header or a third Destination Options header.  Other
 * upper layers (ICMPv6, No Next Header, ...) end the walk like MH. */
int	ip6_parse(const uint8_t *, size_t, struct ip6_pkt *);

/* For a parsed MH packet: does the MH checksum verify on the RFC 6275
 * pseudo-header?  False for another upper layer or an MH too short to
 * hold a checksum. */
bool	ip6_mh_cksum_ok(const struct ip6_pkt *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Router Solicitation and Advertisement (RFC 4861 §4.1, §4.2) with the
 * Mobile IPv6 additions (RFC 6275 §7): the H flag, the Prefix Information
 * R flag with the router's address, the Advertisement Interval option. */
#ifndef FAMA_PROTO_ND_H
#define FAMA_PROTO_ND_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ND_RS_TYPE		133
#define ND_RA_TYPE		134

#define ND_RA_F_MANAGED		0x80
#define ND_RA_F_OTHER		0x40
#define ND_RA_F_HOME_AGENT	0x20	/* RFC 6275 §7.1 */

#define ND_OPT_SLLA		1
#define ND_OPT_PI		3
#define ND_OPT_MTU		5
#define ND_OPT_ADV_IVAL		7	/* RFC 6275 §7.3 */

#define ND_PI_F_ONLINK		0x80	/* L */
#define ND_PI_F_AUTO		0x40	/* A */
#define ND_PI_F_ROUTER		0x20	/* R: prefix holds the router's address */

#define ND_MAX_PREFIXES		8
#define ND_LLA_MAX		14	/* one option of 2 units */

struct nd_prefix {
	uint8_t		len;		/* prefix length */
	uint8_t		flags;		/* ND_PI_F_* */
	uint32_t	valid;		/* seconds; 0xffffffff = infinity */
	uint32_t	preferred;
	struct in6_addr	prefix;		/* with R: the router's own address */
};

struct nd_ra {
	uint8_t		cur_hlim;
	uint8_t		flags;		/* ND_RA_F_* */
	uint16_t	router_lifetime;	/* seconds */
	uint32_t	reachable;	/* ms */
	uint32_t	retrans;	/* ms */
	uint8_t		slla_len;	/* 0: no Source Link-layer Address */
	uint8_t		slla[ND_LLA_MAX];
	bool		has_mtu;
	uint32_t	mtu;
	bool		has_adv_ival;
	uint32_t	adv_ival;	/* ms */
	size_t		nprefix;
	struct nd_prefix prefix[ND_MAX_PREFIXES];
	unsigned	dropped_prefixes;	/* beyond ND_MAX_PREFIXES */
};

struct nd_rs {
	uint8_t		slla_len;	/* 0: no Source Link-layer Address */
	uint8_t		slla[ND_LLA_MAX];
};

/* Encoders write the ICMPv6 message (type, code 0, checksum 0, body,
 * options); the kernel or ip6_cksum() fills the checksum.  Options are
 * written in the order SLLA, MTU, Advertisement Interval, prefixes.  The
 * flags octets (RA and Prefix Information) go out whole, so bits beyond
 * the named ones (e.g. the RFC 4191 router preference) are kept.  An SLLA
 * is zero-padded to whole 8-octet units.  Return 0, or -1 with errno
 * EMSGSIZE, or EINVAL (nprefix > ND_MAX_PREFIXES, slla_len > ND_LLA_MAX,
 * a prefix length > 128). */
int	nd_ra_encode(const struct nd_ra *, uint8_t *, size_t, size_t *);
int	nd_rs_encode(const struct nd_rs *, uint8_t *, size_t, size_t *);

/* Decoders take the ICMPv6 message and check type, code 0, length, every
 * option's length (zero-length options make the message invalid, RFC 4861
 * §4.6, and so does an option running past the end or trailing octets too
 * short for an option) and skip unknown options.  They are stricter than
 * RFC 4861 asks: a known option with the wrong length (Prefix Information
 * must be 4 units, MTU and Advertisement Interval 1), a second SLLA, MTU
 * or Advertisement Interval, a prefix length above 128 and an SLLA longer
 * than ND_LLA_MAX make the message invalid rather than being ignored.
 * slla_len is the whole option body, (length * 8 - 2) octets, padding
 * included: 6 for Ethernet.  In an RS every option but SLLA is skipped.
 * Prefix Information options past ND_MAX_PREFIXES are checked, then only
 * counted in dropped_prefixes.  Return 0, or -1 with errno EBADMSG and
 * the output untouched.  Hop limit 255 and the link-local source are the
 * caller's to check (they are not in these octets). */
int	nd_ra_decode(const uint8_t *, size_t, struct nd_ra *);
int	nd_rs_decode(const uint8_t *, size_t, struct nd_rs *);

/* Whether two RAs carry the same information: every field that goes on
 * the wire, the slla octets up to slla_len, mtu and adv_ival only when
 * present, the first nprefix prefixes.  dropped_prefixes is a count of
 * what a receiver left out, not content, and is not compared. */
bool	nd_ra_equal(const struct nd_ra *, const struct nd_ra *);

#endif

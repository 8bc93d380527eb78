/* SPDX-License-Identifier: GPL-2.0-only */
/* Turning a Mobility Header message into the packet that goes on the wire:
 * encode, sign, authenticate, wrap in IPv6 with a Home Address option or a
 * type 2 routing header, checksum.  Shared by the DAR and the MN. */
#ifndef FAMA_PROTO_SEAL_H
#define FAMA_PROTO_SEAL_H

#include <netinet/in.h>
#include <openssl/types.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/mh.h"

/* Room for the largest signalling packet fama sends: IPv6, a HAO and a BU
 * with a 2040-bit key's parameters and signature is about 680 octets. */
#define SEAL_PKT_MAX	1280

struct seal {
	struct in6_addr		 src;		/* IPv6 source */
	struct in6_addr		 dst;		/* IPv6 destination */
	const struct in6_addr	*hao;		/* Home Address option, or NULL */
	const struct in6_addr	*rh2;		/* type 2 routing header, or NULL */
	/* What the signature and the authenticator cover (PROFILE.md):
	 * the care-of address and the peer (the anchor address). */
	struct in6_addr		 coa;
	struct in6_addr		 peer;
	EVP_PKEY		*sign_key;	/* add a Signature, or NULL */
	const uint8_t		*kbm;		/* add a BAD (20 octets), or NULL */
};

/* Encode m with a Signature when s->sign_key is set and a Binding
 * Authorization Data option when s->kbm is set (both are added to
 * m->opt.present, and m->opt.sig / auth receive the values), then build
 * the IPv6 packet into buf.  0, or -1 with errno EMSGSIZE or EINVAL. */
int	seal_mh(struct mh_msg *, const struct seal *, uint8_t *, size_t,
	    size_t *);

#endif

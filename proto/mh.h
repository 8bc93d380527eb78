/* SPDX-License-Identifier: GPL-2.0-only */
/* The Mobility Header (RFC 6275 §6.1) and its options (RFC 6275 §6.2,
 * RFC 4866 §5): decoded into host-order structs, encoded with the
 * alignment and padding rules, strictly validated. */
#ifndef FAMA_PROTO_MH_H
#define FAMA_PROTO_MH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MH_IPPROTO		135	/* IPv6 Next Header value */
#define MH_PAYLOAD_NONE		59	/* Payload Proto, always sent */
#define MH_CKSUM_OFF		4	/* offset of the checksum in the MH */
#define MH_MAX_LEN		2048	/* ((255 + 1) * 8): Header Len is 8 bits */

enum mh_type {
	MH_BRR = 0,			/* Binding Refresh Request */
	MH_HOTI = 1,			/* Home Test Init */
	MH_COTI = 2,			/* Care-of Test Init */
	MH_HOT = 3,			/* Home Test */
	MH_COT = 4,			/* Care-of Test */
	MH_BU = 5,			/* Binding Update */
	MH_BA = 6,			/* Binding Acknowledgement */
	MH_BE = 7,			/* Binding Error */
	MH_TYPE_MAX = MH_BE
};

enum mh_opt_type {
	MHO_PAD1 = 0,
	MHO_PADN = 1,
	MHO_BRA = 2,			/* Binding Refresh Advice, 2n */
	MHO_ALTCOA = 3,			/* Alternate Care-of Address, 8n+6 */
	MHO_NONCE = 4,			/* Nonce Indices, 2n */
	MHO_BAD = 5,			/* Binding Authorization Data, 8n+2, last */
	MHO_CGA_REQ = 11,		/* CGA Parameters Request (RFC 4866) */
	MHO_CGA = 12,			/* CGA Parameters, split over options */
	MHO_SIG = 13,			/* Signature */
	MHO_PHKT = 14,			/* Permanent Home Keygen Token */
	MHO_COTI = 15,			/* Care-of Test Init (option) */
	MHO_COT = 16,			/* Care-of Test (option) */
	MHO_TYPE_MAX = MHO_COT
};
#define MHO_F(t)	(1u << (t))

/* BU flags, the 16-bit word at MH offset 8. */
#define MH_BU_A		0x8000		/* acknowledge */
#define MH_BU_H		0x4000		/* home registration */
#define MH_BU_L		0x2000		/* link-local compatibility */
#define MH_BU_K		0x1000		/* key management capability */
/* BA flags, the octet at MH offset 7. */
#define MH_BA_K		0x80

/* Binding Acknowledgement status codes (RFC 6275 §6.1.8, RFC 4866). */
enum mh_ba_status {
	BA_ACCEPTED = 0,
	BA_UNSPECIFIED = 128,
	BA_PROHIBITED = 129,
	BA_NO_RESOURCES = 130,
	BA_HOMEREG_UNSUPPORTED = 131,
	BA_NOT_HOME_SUBNET = 132,
	BA_NOT_HOME_AGENT = 133,
	BA_DAD_FAILED = 134,
	BA_SEQ_OUT_OF_WINDOW = 135,
	BA_EXPIRED_HOME_NONCE = 136,
	BA_EXPIRED_CAREOF_NONCE = 137,
	BA_EXPIRED_NONCES = 138,
	BA_REG_TYPE_CHANGE = 139,
	BA_PHKT_UNAVAILABLE = 147,
	BA_CGA_SIG_FAILED = 148,
	BA_PHKT_EXISTS = 149,
	BA_NONNULL_HOME_NONCE = 150,
	BA_INVALID_COA = 174
};

/* Binding Error status codes (RFC 6275 §6.1.9). */
enum mh_be_status {
	BE_UNKNOWN_HAO = 1,
	BE_UNKNOWN_MH_TYPE = 2
};

/* Largest CGA Parameters structure accepted: four full options. */
#define MH_CGA_PARAMS_MAX	(4 * 255)
#define MH_OPT_DATA_MAX		255
#define MH_AUTH_LEN		12	/* BAD authenticator, 96 bits */
#define MH_TOKEN_LEN		8	/* keygen tokens, cookies, nonces */

struct mh_opts {
	uint32_t	present;	/* MHO_F(type) of each option held */
	uint16_t	refresh;	/* BRA interval, 4 s units */
	struct in6_addr	alt_coa;
	uint16_t	home_nonce_idx;
	uint16_t	careof_nonce_idx;
	uint8_t		cga_params[MH_CGA_PARAMS_MAX];	/* joined */
	size_t		cga_params_len;
	uint8_t		sig[MH_OPT_DATA_MAX];
	size_t		sig_len;
	uint8_t		phkt[MH_OPT_DATA_MAX];	/* encrypted token */
	size_t		phkt_len;
	uint8_t		careof_token[MH_TOKEN_LEN];	/* Care-of Test option */
	uint8_t		auth[MH_AUTH_LEN];		/* BAD authenticator */

	/* Where things sit in the encoded MH: set by both mh_decode() and
	 * mh_encode(), and what the signature and the authenticator are
	 * computed over (RFC 6275 §6.2.7, PROFILE.md). */
	size_t		sig_off;	/* Signature option's Type octet */
	size_t		bad_off;	/* BAD option's Type octet */
	unsigned	unknown;	/* unknown options skipped by decode */
};

/* One Mobility Header message.  Which fields mean something depends on
 * type; the others are ignored by mh_encode() and zeroed by mh_decode(). */
struct mh_msg {
	uint8_t		type;
	uint8_t		status;		/* BA, BE */
	uint16_t	flags;		/* BU: 16 bits; BA: low 8 bits */
	uint16_t	seq;		/* BU, BA */
	uint16_t	lifetime;	/* BU, BA: 4 s units */
	uint16_t	nonce_idx;	/* HoT, CoT */
	uint8_t		cookie[MH_TOKEN_LEN];	/* HoTI, CoTI, HoT, CoT */
	uint8_t		token[MH_TOKEN_LEN];	/* HoT, CoT keygen token */
	struct in6_addr	hoa;		/* BE */
	struct mh_opts	opt;
};

/* Fixed part of each type in octets, before options; 0 if unknown. */
size_t	mh_fixed_len(uint8_t);

/* Decode one whole MH of exactly len octets ((Header Len + 1) * 8).
 * Returns 0, or -1 with errno:
 *   EBADMSG	malformed: short, Payload Proto not 59, Header Len below the
 *		type's minimum or not matching len, an option overflowing the
 *		header, a known option of the wrong length, a duplicated
 *		option, CGA Parameters options not consecutive, not all but
 *		the last 255 octets long, or more than MH_CGA_PARAMS_MAX in
 *		all, anything but padding after the BAD option;
 *   EPROTONOSUPPORT  a well-formed header of an unknown MH type: m->type
 *		is set so that the caller can answer with a Binding Error.
 * On any failure the rest of *m is zeroed.  Alignment is not checked on
 * receive, nor whether an option belongs to the message type (the caller
 * decides what to use).  Unknown options are skipped and counted in
 * m->opt.unknown.  The checksum is not checked here (it needs the IPv6
 * addresses). */
int	mh_decode(const uint8_t *, size_t, struct mh_msg *);

/* Encode m into buf: header, fixed part, the options of m->opt.present in
 * the canonical order below with their alignment, and padding to a
 * multiple of 8 (Pad1 for one octet, PadN for more).  Header Len is final
 * and the checksum is 0.  Signature and BAD are written from m->opt.sig /
 * m->opt.auth (zeros are fine as placeholders); their offsets are stored
 * in m->opt.sig_off / bad_off, 0 for an option not sent.
 * Order: CGA Parameters Request, CGA Parameters (split into 255-octet
 * options), Care-of Test Init, Care-of Test, Binding Refresh Advice,
 * Alternate CoA, Permanent Home Keygen Token, Nonce Indices, Signature,
 * Binding Authorization Data (always last).
 * Returns 0 and the length in *outlen, or -1 with errno EMSGSIZE (buffer
 * too small, or a length past its array) or EINVAL (unknown type, a
 * present bit that is not one of the options above, an empty CGA
 * Parameters, Signature or PHKT, BA flags above 0xff). */
int	mh_encode(struct mh_msg *, uint8_t *, size_t, size_t *);

/* Sequence numbers modulo 2^16 (RFC 6275 §9.5.1): is a newer than b? */
bool	mh_seq_newer(uint16_t, uint16_t);

/* Names for logs; "unknown" (or an unknown status's class) otherwise. */
const char	*mh_type_name(uint8_t);
const char	*mh_ba_status_name(uint8_t);
const char	*mh_opt_name(uint8_t);

#endif

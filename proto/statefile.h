/* SPDX-License-Identifier: GPL-2.0-only */
/* The daemons' state files as octets: the DAR's binding cache and the MN's
 * binding update list, so that a restarted daemon carries on where the old
 * one stopped.  Pure codecs; reading, writing and the clocks are the
 * roles' (roles/dar_state.c, roles/mn_state.c). */
#ifndef FAMA_PROTO_STATEFILE_H
#define FAMA_PROTO_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/bc.h"
#include "proto/bul.h"

/*
 * Both files have one frame, all numbers big-endian:
 *
 *	magic[8]	"FAMADARS" (DAR) or "FAMAMNST" (MN)
 *	version u16	STATEFILE_VERSION
 *	reclen u16	the length of one record of this version
 *	count u32	records
 *	saved_at u64	ms since the Unix epoch (CLOCK_REALTIME)
 *	(MN only) spki_sha256[32], the key the addresses belong to
 *	count records of reclen octets
 *	SHA-256 of everything before it
 *
 * The digest catches a torn or damaged file; it is no protection against
 * someone who can write the file (the mode, 0600, is).  Times inside the
 * records are ms since the Unix epoch too, 0 for none, so that they mean
 * the same after a reboot.  A decoder takes exactly one version and
 * refuses anything else: a record with an unknown state, flag, auth kind
 * or a reserved octet that is not zero, a token that is zero-filled but
 * flagged absent and vice versa is not canonical and refused, so that
 * whatever decodes encodes to the same octets.
 */
#define STATEFILE_VERSION	1
#define STATEFILE_MAGIC_LEN	8
#define STATEFILE_HDR_LEN	24
#define STATEFILE_DIGEST_LEN	32
#define STATEFILE_DAR_REC_LEN	128
#define STATEFILE_MN_REC_LEN	104
#define STATEFILE_SPKI_HASH_LEN	32

/* --- the DAR: every binding-cache entry -------------------------------- */

/*
 * Record: hoa[16] coa[16] anchor[16] state u8 (0 bound, 1 idle) auth u8
 * (enum bc_auth) flags u8 (0x01: token held) reserved u8, seq u16,
 * reserved u16, lifetime u32 (s), accepted u32, created u64, updated u64,
 * deadline u64 (binding expiry when bound, token expiry when idle),
 * phkt[8], key_id[32].
 */
#define STATEFILE_DAR_F_TOKEN	0x01

/* Octets of a file with n entries. */
size_t	statefile_dar_size(size_t);
/* The entries' times (created, updated, deadline) must be ms since the
 * epoch.  0, or -1 with EMSGSIZE (cap) or EINVAL (an entry out of range). */
int	statefile_dar_encode(const struct bc_entry *, size_t, uint64_t,
	    uint8_t *, size_t, size_t *);

/* A decoded file: a view into the caller's buffer. */
struct statefile_dar {
	uint64_t	 saved_at;
	size_t		 count;
	const uint8_t	*rec;
};

/* Checks the frame, the digest and every record: 0, or -1 with EBADMSG
 * (and a reason in *why, static text, if why is not NULL). */
int	statefile_dar_decode(const uint8_t *, size_t, struct statefile_dar *,
	    const char **);
/* Entry i of a decoded file (times as stored); 0, or -1 with EINVAL. */
int	statefile_dar_entry(const struct statefile_dar *, size_t,
	    struct bc_entry *);

/* --- the MN: its addresses ---------------------------------------------- */

/*
 * Record: addr[16] anchor[16] prefix[8] cc u8 state u8 (enum bul_state)
 * flags u16 (below) seq u16 reserved u16 lifetime u32 (s) reserved u32
 * bound_until u64, phkt[8], tunnel_coa[16], acked_coa[16].  The prefix is
 * the address's first 64 bits.  At most one record is the current
 * care-of address and one the primary (single-anchor mode).
 */
#define STATEFILE_MN_F_WANTED	0x0001
#define STATEFILE_MN_F_PINNED	0x0002	/* `fama mn keep` */
#define STATEFILE_MN_F_RELEASED	0x0004	/* `fama mn release` */
#define STATEFILE_MN_F_TOKEN	0x0008
#define STATEFILE_MN_F_SEQ	0x0010	/* seq is valid */
#define STATEFILE_MN_F_TUNNEL	0x0020	/* reverse tunnel, via tunnel_coa */
#define STATEFILE_MN_F_ACKED	0x0040	/* a BA accepted acked_coa */
#define STATEFILE_MN_F_CURRENT	0x0080	/* the care-of address */
#define STATEFILE_MN_F_PRIMARY	0x0100
#define STATEFILE_MN_F_ALL	0x01ff

/*
 * One address.  Of a, the fields kept are addr, anchor, prefix, cc, state,
 * wanted, has_phkt, phkt, seq, seq_valid, lifetime, bound_until (ms since
 * the epoch), tunnel, tunnel_coa, acked and acked_coa; the others are
 * zero after decoding.
 */
struct statefile_mn_addr {
	struct bul_addr	 a;
	bool		 current;
	bool		 primary;
	bool		 pinned;
	bool		 released;
};

struct statefile_mn {
	uint64_t		 saved_at;
	uint8_t			 spki_sha256[STATEFILE_SPKI_HASH_LEN];
	size_t			 count;		/* at most BUL_MAX_ADDRS */
	struct statefile_mn_addr addr[BUL_MAX_ADDRS];
};

size_t	statefile_mn_size(size_t);
/* 0, or -1 with EMSGSIZE or EINVAL (too many addresses, or one out of
 * range). */
int	statefile_mn_encode(const struct statefile_mn *, uint8_t *, size_t,
	    size_t *);
/* 0, or -1 with EBADMSG and a reason in *why. */
int	statefile_mn_decode(const uint8_t *, size_t, struct statefile_mn *,
	    const char **);

/* --- clocks ----------------------------------------------------------- */

/*
 * Between the daemons' monotonic ms and the file's epoch ms, given the
 * two clocks read at one moment: t maps to t - mono_now + real_now.
 * 0 stays 0 (none); results are clamped to 1 .. UINT64_MAX - 1.
 */
uint64_t	statefile_to_real(uint64_t, uint64_t, uint64_t);
uint64_t	statefile_to_mono(uint64_t, uint64_t, uint64_t);

#endif

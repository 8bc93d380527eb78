/* SPDX-License-Identifier: GPL-2.0-only */
/* The DAR's binding cache as a state machine: a received signalling packet
 * or a timer, plus the current time, in; the packets to send and the
 * tunnels to change, out (PROFILE.md; RFC 6275 §9, §10; RFC 4866). */
#ifndef FAMA_PROTO_BC_H
#define FAMA_PROTO_BC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/auth.h"
#include "proto/cga.h"
#include "proto/seal.h"

/* A /64 the DAR serves, and its own address in it (the anchor). */
struct bc_prefix {
	struct in6_addr	prefix;
	struct in6_addr	anchor;
};

#define BC_MAX_PREFIXES		32
#define BC_NONCES		16	/* care-of nonces remembered */
#define BC_MAX_RR_LIFETIME	420	/* MAX_RR_BINDING_LIFETIME, s */
#define BC_MAX_NONCE_LIFETIME	240	/* MAX_NONCE_LIFETIME, s */

struct bc_config {
	size_t		max_entries;	/* bindings and kept tokens; 130 past it */
	uint32_t	max_lifetime;	/* s, granted at most */
	uint32_t	refresh;	/* s, Binding Refresh Advice; 0: none */
	uint32_t	token_hold;	/* s, a token outlives its binding by */
	struct cga_policy cga;
	bool		require_rr;	/* registrations need a care-of test */
	uint32_t	nonce_period;	/* s, a new care-of nonce every */
	/* Signature checks allowed, per second and burst, per source /64
	 * and in all; past them a signed BU is refused with 129 unchecked. */
	uint32_t	sig_rate;
	uint32_t	sig_burst;
	uint32_t	sig_rate_all;
	uint32_t	sig_burst_all;
	uint32_t	be_rate;	/* Binding Errors per second */
	/* Random octets (PHKTs, nonces, Kdar); auth_random when NULL. */
	int		(*random)(void *, size_t);
};

/* Defaults suited to a mobility network. */
void	bc_config_default(struct bc_config *);

enum bc_state {
	BCE_BOUND,		/* tunnel HoA -> CoA installed */
	BCE_IDLE		/* no binding; token and sequence kept */
};

enum bc_auth {
	BC_AUTH_NONE,
	BC_AUTH_SIG,		/* CGA parameters and signature */
	BC_AUTH_TOKEN,		/* BAD with the permanent home keygen token */
	BC_AUTH_SIG_RR,		/* signature plus care-of test */
	BC_AUTH_TOKEN_RR	/* token plus care-of test */
};

struct bc_entry {
	struct in6_addr	 hoa;
	struct in6_addr	 coa;
	struct in6_addr	 anchor;
	enum bc_state	 state;
	enum bc_auth	 auth;		/* of the last accepted BU */
	uint16_t	 seq;		/* last accepted */
	uint32_t	 lifetime;	/* s, last granted */
	uint64_t	 created;	/* ms */
	uint64_t	 updated;	/* ms, last accepted BU */
	uint64_t	 deadline;	/* ms: binding expiry, or token expiry */
	uint32_t	 accepted;	/* BUs accepted for this HoA */
	bool		 has_phkt;
	uint8_t		 phkt[AUTH_PHKT_LEN];
	uint8_t		 key_id[32];	/* SHA-256 of the CGA public key */

	/* private to bc.c */
	struct bc_entry	*hnext;
	struct bc_entry	*lprev, *lnext;	/* idle list, oldest first */
	size_t		 heap_idx;
	uint64_t	 heap_at;	/* ms: its key in the heap, <= deadline */
};

enum bc_event {
	BC_EV_NONE,
	BC_EV_CREATED,		/* new binding */
	BC_EV_REFRESHED,	/* same CoA, lifetime renewed */
	BC_EV_MOVED,		/* new CoA */
	BC_EV_DEREGISTERED,	/* lifetime 0 from away */
	BC_EV_RETURNED_HOME,	/* BU from the home address itself */
	BC_EV_REJECTED,		/* a BA with an error status was sent */
	BC_EV_CARE_OF_TEST,	/* CoTI answered */
	BC_EV_BINDING_ERROR,	/* a Binding Error was sent */
	BC_EV_DROPPED,		/* bad packet, nothing sent */
	BC_EV_IGNORED,		/* not for this DAR, or not ours to answer */
	BC_EV_EXPIRED,		/* binding lifetime ran out */
	BC_EV_FORGOTTEN		/* an idle token expired */
};

enum bc_act_type {
	BC_ACT_SEND,		/* pkt (a whole IPv6 packet) to `to` */
	BC_ACT_TUNNEL_UP,	/* install or replace HoA -> CoA */
	BC_ACT_TUNNEL_DOWN	/* remove HoA's tunnel */
};

struct bc_action {
	enum bc_act_type type;
	struct in6_addr	 hoa;
	struct in6_addr	 coa;
	struct in6_addr	 anchor;
	struct in6_addr	 to;
	size_t		 len;
	uint8_t		 pkt[SEAL_PKT_MAX];
};

#define BC_MAX_ACTIONS	2

/* What one input did: an event for the log, the BA status sent (if any),
 * a reason in words, and the actions to carry out in order. */
struct bc_result {
	enum bc_event	 event;
	int		 status;	/* BA status sent, -1 if none */
	int		 refusal;	/* enum bc_refusal when refused, or -1 */
	const char	*why;		/* static text; never key material */
	enum bc_auth	 auth;
	struct in6_addr	 hoa;
	struct in6_addr	 coa;
	uint16_t	 seq;
	uint32_t	 lifetime;	/* s granted */
	size_t		 nact;
	struct bc_action act[BC_MAX_ACTIONS];
};

/* Reasons a packet is dropped or refused, counted in bc_stats. */
enum bc_drop {
	BC_DROP_PARSE,		/* not an IPv6 packet fama can walk */
	BC_DROP_NOT_MH,
	BC_DROP_CHECKSUM,
	BC_DROP_MALFORMED,	/* mh_decode refused it */
	BC_DROP_UNEXPECTED,	/* a type the DAR does not take */
	BC_DROP_HAO_MISUSE,	/* HAO on something other than a BU */
	BC_DROP_RATE,		/* Binding Error rate limit */
	/* RFC 6275 §9.5.1: a BU whose home address (HAO, or the source
	 * without one) is not unicast routable is silently discarded.  A
	 * multicast, unspecified or loopback HAO is BC_DROP_PARSE already
	 * (ip6_parse() refuses it); this is link-local, site-local and
	 * IPv4-mapped, and any such source address without a HAO. */
	BC_DROP_HOA,
	BC_DROP_MAX
};

/* Why a BU was refused with an error status, counted in bc_stats (the
 * status each one is answered with in brackets). */
enum bc_refusal {
	BC_REF_NOT_HOMEREG,	/* [131] H flag clear */
	BC_REF_NO_HAO,		/* [133] no HAO, from outside the prefixes */
	BC_REF_HOA_PREFIX,	/* [133] HoA outside the anchor's prefix */
	BC_REF_HOA_ANCHOR,	/* [133] HoA is the anchor address */
	BC_REF_COA,		/* [174] care-of address not global unicast */
	BC_REF_HOME_REG,	/* [174] registration from the HoA itself */
	BC_REF_RR_REQUIRED,	/* [137] no care-of test, one is required */
	BC_REF_CAREOF_NONCE,	/* [137] care-of nonce index unknown */
	BC_REF_NONCES,		/* [138] home and care-of indices unknown */
	BC_REF_HOME_NONCE,	/* [136] home nonce index not 0 */
	BC_REF_SIG_RATE,	/* [129] signature check rate limit */
	BC_REF_CGA_POLICY,	/* [129] key type or size, or Sec, refused */
	BC_REF_CGA,		/* [148] CGA parameters do not verify */
	BC_REF_SIG_NO_CGA,	/* [148] Signature without CGA Parameters */
	BC_REF_SIG,		/* [148] signature does not verify */
	BC_REF_KEY_CHANGED,	/* [148] another key for a known address */
	BC_REF_RR_MISUSE,	/* [148] care-of test and BAD not together */
	BC_REF_BAD,		/* [148] authenticator does not verify */
	BC_REF_NO_AUTH,		/* [148] neither signature nor BAD */
	BC_REF_NO_TOKEN,	/* [147] no permanent home keygen token */
	BC_REF_SEQ,		/* [135] sequence number not newer */
	BC_REF_NO_BINDING,	/* [133] de-registration of nothing */
	BC_REF_FULL,		/* [130] binding cache full */
	BC_REF_INTERNAL,	/* [128] no random octets, Kbm, encryption */
	BC_REF_MAX
};

/* CGA verdicts counted (enum cga_verdict, CGA_OK included). */
#define BC_CGA_VERDICTS		(CGA_E_SEC_POLICY + 1)

struct bc_stats {
	uint64_t	rx;		/* packets offered to bc_rx */
	uint64_t	not_ours;	/* not addressed to an anchor */
	uint64_t	bu;
	uint64_t	coti;
	uint64_t	ba_sent;
	uint64_t	cot_sent;
	uint64_t	be_sent;
	uint64_t	sig_checked;	/* signature verifications done */
	uint64_t	sig_limited;	/* refused by the rate limit */
	uint64_t	tokens_issued;
	uint64_t	expired;
	uint64_t	drop[BC_DROP_MAX];
	uint64_t	refused[BC_REF_MAX];	/* error BAs, by reason */
	uint64_t	cga[BC_CGA_VERDICTS];	/* CGA verifications, by verdict */
	uint64_t	status[256];	/* BAs sent per status code */
};

struct bc;

/* NULL with errno ENOMEM, or EIO if no random octets. */
struct bc	*bc_new(const struct bc_config *);
/* A new configuration at run time (a reload); what is in the cache stays,
 * a smaller max_entries only refuses new entries. */
void		 bc_set_config(struct bc *, const struct bc_config *);
void		 bc_free(struct bc *);
/* Replace the served prefixes.  Bindings outside them stay until they
 * expire (their BUs are then refused with 133).  0, or -1 EINVAL. */
int		 bc_set_prefixes(struct bc *, const struct bc_prefix *, size_t);

/* One received IPv6 packet (from the network layer on).  Fills res. */
void		 bc_rx(struct bc *, const uint8_t *, size_t, uint64_t,
		    struct bc_result *);

/* What bc_rx() would spend on a packet, judged from the packet alone and
 * changing nothing: BC_COST_SIG for a well-formed Binding Update to one
 * of the anchors that carries a Signature (a CGA check and an RSA
 * verification, unless a rate limit refuses it first), BC_COST_CHEAP for
 * anything else (a token BU costs one HMAC; the rest is dropped, ignored
 * or answered without public-key work).  The DAR handles the cheap ones
 * first (proto/rxq.h). */
enum bc_cost {
	BC_COST_CHEAP,
	BC_COST_SIG
};
enum bc_cost	 bc_cost(const struct bc *, const uint8_t *, size_t);
/* When bc_expire() should next be called (ms), or UINT64_MAX. */
uint64_t	 bc_next_deadline(const struct bc *);
/* Handle one timer that is due by now: true with res filled (a binding
 * expired: tunnel down; or a token forgotten), false when none is due. */
bool		 bc_expire(struct bc *, uint64_t, struct bc_result *);

const struct bc_entry	*bc_lookup(const struct bc *, const struct in6_addr *);
size_t			 bc_count(const struct bc *, size_t *);
/* Call fn on every entry, in no particular order. */
void			 bc_walk(const struct bc *,
			    void (*)(const struct bc_entry *, void *), void *);
const struct bc_stats	*bc_stats(const struct bc *);

/* Put back an entry saved earlier (restart): its binding, token and
 * sequence.  Expired bindings come back idle.  0, or -1 with errno ENOMEM
 * or ENOSPC (cache full) or EEXIST. */
int		 bc_restore(struct bc *, const struct bc_entry *, uint64_t);

const char	*bc_event_name(enum bc_event);
const char	*bc_auth_name(enum bc_auth);
const char	*bc_drop_name(enum bc_drop);
const char	*bc_refusal_name(enum bc_refusal);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* The mobile node's binding update list as a state machine: attachments,
 * received signalling, timers and the keep policy in; addresses, tunnels
 * and packets out (PROFILE.md; RFC 6275 §11). */
#ifndef FAMA_PROTO_BUL_H
#define FAMA_PROTO_BUL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/auth.h"
#include "proto/cga.h"
#include "proto/mh.h"
#include "proto/seal.h"

#define BUL_MAX_ADDRS		64
#define BUL_MAX_RESYNC		3	/* 135/147/148/137 answers in a row */
#define BUL_MAX_TOKEN_AGE	210	/* MAX_TOKEN_LIFETIME, s */
#define BUL_HOME_HOLD_MS	100	/* others wait this long for the home BA */

struct bul_config {
	uint32_t	lifetime;	/* s asked for in BUs */
	uint32_t	initial_ms;	/* first retransmission timeout */
	uint32_t	initial_first_ms;	/* the same for a signed BU */
	uint32_t	max_ms;		/* back-off ceiling */
	unsigned	refresh_pct;	/* refresh at this % of the lifetime */
	bool		use_rr;		/* care-of test before every BU */
	bool		single_anchor;	/* legacy MIPv6: keep the first
					   address as everyone's source */
	bool		keep_default;	/* new addresses start wanted */
	int		(*random)(void *, size_t);	/* auth_random */
};

void	bul_config_default(struct bul_config *);

enum bul_state {
	BULA_HOME,		/* on the link of its own DAR: no binding */
	BULA_AWAY,		/* away, unbound, not wanted (or not yet) */
	BULA_COTI,		/* care-of test sent, waiting for the CoT */
	BULA_BINDING,		/* BU sent, waiting for the BA */
	BULA_BOUND,		/* bound: tunnel through the anchor */
	BULA_RELEASING,		/* de-registration sent from away */
	BULA_RETURNING,		/* de-registration sent from home */
	BULA_FAILED		/* refused; retried after max_ms */
};

struct bul_addr {
	struct in6_addr	addr;		/* the CGA; a HoA once away */
	struct in6_addr	anchor;		/* its DAR's anchor address */
	uint8_t		prefix[CGA_PREFIX_LEN];
	uint8_t		cc;		/* collision count */
	uint8_t		params[CGA_FIXED_LEN + CGA_SPKI_MAX];
	size_t		params_len;
	enum bul_state	state;
	bool		wanted;		/* keep reachable (policy or pinned) */
	bool		held;		/* its BU waits for the home BA */
	bool		has_phkt;
	uint8_t		phkt[AUTH_PHKT_LEN];
	uint16_t	seq;		/* of the last BU sent */
	uint16_t	seq_first;	/* ... and of its first transmission */
	bool		seq_valid;
	uint32_t	lifetime;	/* s, granted by the last BA */
	uint64_t	bound_until;	/* ms */
	uint64_t	timer;		/* ms: retransmit, refresh; 0 none */
	uint32_t	backoff;	/* ms, the current timeout */
	unsigned	tries;		/* transmissions of this BU */
	unsigned	resync;		/* corrective answers in a row */
	/* the BU outstanding */
	bool		sent_signed;
	bool		sent_dereg;
	bool		sent_rr;
	struct in6_addr	sent_coa;
	uint64_t	sent_at;	/* ms, first transmission */
	/* the care-of test */
	uint8_t		cookie[MH_TOKEN_LEN];
	bool		rr_needed;	/* the DAR asked for a care-of test */
	bool		have_cot;
	struct in6_addr	cot_coa;	/* the CoA the token is for */
	uint8_t		cot[AUTH_TOKEN_LEN];
	uint16_t	cot_idx;
	uint64_t	cot_at;		/* ms */
	bool		acked;		/* a BA accepted acked_coa */
	struct in6_addr	acked_coa;
	bool		tunnel;		/* reverse tunnel installed */
	struct in6_addr	tunnel_coa;
	uint8_t		last_status;
	const char	*why;		/* last refusal, static text */
	uint32_t	nbu;		/* BUs sent */
	uint32_t	nba;		/* BAs accepted */
};

enum bul_act_type {
	BUL_ACT_SEND,		/* pkt to `to` */
	BUL_ACT_ADDR_ONLINK,	/* addr/64 on the access link: new CoA */
	BUL_ACT_ADDR_AWAY,	/* addr/128, off its link, kept */
	BUL_ACT_ADDR_DEL,	/* addr gone */
	BUL_ACT_TUNNEL_UP,	/* from addr, encapsulated coa -> anchor;
				   packets to coa decapsulated */
	BUL_ACT_TUNNEL_DOWN,	/* addr's reverse tunnel removed */
	BUL_ACT_EVENT		/* something to log */
};

enum bul_event {
	BUL_EV_ATTACHED,	/* new CoA (addr) at anchor */
	BUL_EV_BU_SENT,
	BUL_EV_RETRANSMIT,
	BUL_EV_BOUND,		/* BA 0: first for this CoA */
	BUL_EV_REFRESHED,	/* BA 0: refresh */
	BUL_EV_RELEASED,	/* de-registration acknowledged */
	BUL_EV_HOME,		/* returned home acknowledged */
	BUL_EV_REFUSED,		/* a BA with an error status */
	BUL_EV_RETRY,		/* a corrective answer: sending again */
	BUL_EV_BA_IGNORED,	/* a BA that failed the checks */
	BUL_EV_BINDING_ERROR,
	BUL_EV_EXPIRED,		/* binding ran out before a refresh */
	BUL_EV_DAD_GIVE_UP	/* three collisions: no address */
};

struct bul_action {
	enum bul_act_type type;
	struct in6_addr	 addr;
	struct in6_addr	 anchor;
	struct in6_addr	 coa;
	bool		 preferred;	/* ADDR_*: a source for new flows */
	enum bul_event	 event;		/* EVENT */
	int		 status;	/* EVENT: BA/BE status, or -1 */
	const char	*why;		/* EVENT */
	uint16_t	 seq;		/* EVENT */
	uint32_t	 lifetime;	/* EVENT: s */
	struct in6_addr	 to;		/* SEND */
	size_t		 len;
	const uint8_t	*pkt;		/* SEND: valid during the callback */
};

/* Actions are handed to this callback in the order they must happen. */
typedef void (*bul_emit)(void *, const struct bul_action *);

struct bul;

/* id stays the caller's and must outlive the list.  NULL with errno. */
struct bul	*bul_new(const struct bul_config *, const struct cga_ident *,
		    bul_emit, void *);
void		 bul_free(struct bul *);

/* The node is on a link whose DAR advertises prefix (a /64) with anchor
 * as its address (the RA's Prefix Information option with the R flag).
 * Forms or re-uses the CGA for it, makes it the CoA, turns the previous
 * ones into away addresses and sends the BUs that the keep policy asks
 * for.  Attaching again to the current DAR does nothing.  0, or -1 with
 * errno (ENOSPC: too many addresses; EINVAL). */
int		 bul_attach(struct bul *, const struct in6_addr *,
		    const struct in6_addr *, uint64_t);
/* The access link went down: stop sending until the next attach. */
void		 bul_detach(struct bul *, uint64_t);
/* DAD failed for addr, the current CoA: the next collision count. */
int		 bul_dad_failed(struct bul *, const struct in6_addr *,
		    uint64_t);
/* Keep policy: should addr stay reachable once away?  0, or -1 with
 * errno ENOENT. */
int		 bul_set_wanted(struct bul *, const struct in6_addr *, bool,
		    uint64_t);
/* A received IPv6 packet (a BA, CoT, BE or BRR). */
void		 bul_rx(struct bul *, const uint8_t *, size_t, uint64_t);
/* When bul_tick() should next run (ms), or UINT64_MAX. */
uint64_t	 bul_next_deadline(const struct bul *);
void		 bul_tick(struct bul *, uint64_t);

/*
 * Put back an address saved by an earlier run (a restart): the CGA is
 * formed again from the key, saved->prefix and saved->cc and must be
 * saved->addr (else EINVAL: another key's).  Kept: anchor, wanted, the
 * token, the sequence number, the lifetime and bound_until, the reverse
 * tunnel and the last acknowledged CoA.  current: it was the CoA (then
 * home, or returning home); primary: the first address (single-anchor
 * mode).  A binding still valid stays bound and is refreshed on the old
 * schedule; whatever was in flight is sent again once attached.  The node
 * is detached until the next bul_attach(): to the same DAR, it resumes;
 * to another, it moves.  Nothing is emitted: the caller makes the kernel
 * match.  0, or -1 with errno EEXIST, EINVAL, ENOSPC or ENOMEM.
 */
int		 bul_restore(struct bul *, const struct bul_addr *, bool, bool,
		    uint64_t);

/* The current CoA, or NULL when detached or never attached. */
const struct bul_addr	*bul_current(const struct bul *);
/* The first address (single-anchor mode's source), or NULL. */
const struct bul_addr	*bul_primary(const struct bul *);
size_t			 bul_count(const struct bul *);
const struct bul_addr	*bul_get(const struct bul *, size_t);
const struct bul_addr	*bul_find(const struct bul *,
			    const struct in6_addr *);

const char	*bul_state_name(enum bul_state);
const char	*bul_event_name(enum bul_event);

#endif

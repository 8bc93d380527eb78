/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv6 policy routing rules over rtnetlink: add/delete/list, fama's own
 * (FRA_PROTOCOL = NL_RTPROT_FAMA), and moving the table-local rule from
 * preference 0 to after fama's rules, idempotently and restorably. */
#ifndef FAMA_NETNS_RULE_H
#define FAMA_NETNS_RULE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nl;
struct nlmsghdr;

struct rule_info {
	uint32_t	 pref;		/* FRA_PRIORITY, always sent */
	struct in6_addr	 src;		/* from src/src_len; 0: all */
	uint8_t		 src_len;
	struct in6_addr	 dst;		/* to dst/dst_len; 0: all */
	uint8_t		 dst_len;
	uint8_t		 ipproto;	/* FRA_IP_PROTO; 0: any */
	uint32_t	 table;		/* FRA_TABLE */
	uint8_t		 action;	/* FR_ACT_*; 0: FR_ACT_TO_TBL */
	uint8_t		 protocol;	/* FRA_PROTOCOL; 0 on add/del: fama */
	/* Dumped only: the rule has selectors or options fama does not
	 * model (iif, fwmark, ports, goto, not, ...). */
	bool		 other;
};

/* Adds with NLM_F_EXCL: EEXIST if the same rule is there. */
int	rule_add(struct nl *, const struct rule_info *);
/* Adds unless it is there: idempotent. */
int	rule_ensure(struct nl *, const struct rule_info *);
/*
 * Deletes one rule matching every selector of r and its protocol (0:
 * fama's).  ENOENT when there is none.
 */
int	rule_del(struct nl *, const struct rule_info *);
int	rule_list(struct nl *, struct rule_info **, size_t *);
int	rule_list_owned(struct nl *, struct rule_info **, size_t *);

/*
 * Table local is looked up at preference 0 by default, before any rule
 * fama could add.  rule_local_move() makes it "pref P lookup local" (owned
 * by fama) and removes the preference-0 rule; rule_local_restore() puts
 * the preference-0 rule back (protocol kernel) and removes fama's.  Both
 * check the kernel's rules first, so they are idempotent, and neither
 * leaves a moment without a local lookup.
 */
int	rule_local_move(struct nl *, uint32_t);
int	rule_local_restore(struct nl *, uint32_t);

/* A total order on every field but the protocol. */
int	rule_cmp(const struct rule_info *, const struct rule_info *);

/* Builder: nlh is an RTM_NEWRULE/RTM_DELRULE started with fib_rule_hdr. */
int	rule_build(struct nlmsghdr *, size_t, const struct rule_info *);
/* Decodes RTM_NEWRULE / RTM_DELRULE (AF_INET6, else EAFNOSUPPORT). */
int	rule_parse(const struct nlmsghdr *, struct rule_info *);

#endif

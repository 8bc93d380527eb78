// SPDX-License-Identifier: GPL-2.0-only
/* netns/rule: IPv6 FIB rules over rtnetlink, and the move of the
 * table-local rule behind fama's decapsulation rules. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "netns/nl.h"
#include "netns/route.h"
#include "netns/rule.h"

static const struct nl_policy rule_policy[FRA_MAX + 1] = {
	[FRA_DST] = { MNL_TYPE_BINARY, 16 },
	[FRA_SRC] = { MNL_TYPE_BINARY, 16 },
	[FRA_PRIORITY] = { MNL_TYPE_U32, 4 },
	[FRA_TABLE] = { MNL_TYPE_U32, 4 },
	[FRA_PROTOCOL] = { MNL_TYPE_U8, 1 },
	[FRA_IP_PROTO] = { MNL_TYPE_U8, 1 },
	/* Selectors fama does not model: only their presence matters. */
	[FRA_IIFNAME] = { MNL_TYPE_BINARY, 0 },
	[FRA_OIFNAME] = { MNL_TYPE_BINARY, 0 },
	[FRA_GOTO] = { MNL_TYPE_BINARY, 0 },
	[FRA_FWMARK] = { MNL_TYPE_BINARY, 0 },
	[FRA_FWMASK] = { MNL_TYPE_BINARY, 0 },
	[FRA_TUN_ID] = { MNL_TYPE_BINARY, 0 },
	[FRA_SUPPRESS_IFGROUP] = { MNL_TYPE_U32, 4 },
	[FRA_SUPPRESS_PREFIXLEN] = { MNL_TYPE_U32, 4 },
	[FRA_L3MDEV] = { MNL_TYPE_BINARY, 0 },
	[FRA_UID_RANGE] = { MNL_TYPE_BINARY, 0 },
	[FRA_SPORT_RANGE] = { MNL_TYPE_BINARY, 0 },
	[FRA_DPORT_RANGE] = { MNL_TYPE_BINARY, 0 },
};

static const uint16_t rule_other[] = {
	FRA_IIFNAME, FRA_OIFNAME, FRA_GOTO, FRA_FWMARK, FRA_FWMASK,
	FRA_TUN_ID, FRA_L3MDEV, FRA_UID_RANGE, FRA_SPORT_RANGE,
	FRA_DPORT_RANGE,
};
/* Dumped always, with this value when the option is off. */
#define FRA_SUPPRESS_OFF	0xffffffffu

int
rule_build(struct nlmsghdr *nlh, size_t buflen, const struct rule_info *r)
{
	struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	struct in6_addr src = r->src, dst = r->dst;

	if (!nl_plen_ok(r->src_len) || !nl_plen_ok(r->dst_len) ||
	    r->action > FR_ACT_MAX || r->other) {
		errno = EINVAL;
		return -1;
	}
	nl_in6_mask(&src, r->src_len);
	nl_in6_mask(&dst, r->dst_len);
	frh->family = AF_INET6;
	frh->src_len = r->src_len;
	frh->dst_len = r->dst_len;
	frh->action = r->action != 0 ? r->action : FR_ACT_TO_TBL;
	frh->table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC;
	if (nl_put_u32(nlh, buflen, FRA_PRIORITY, r->pref) == -1 ||
	    nl_put_u8(nlh, buflen, FRA_PROTOCOL,
	    r->protocol != 0 ? r->protocol : NL_RTPROT_FAMA) == -1)
		return -1;
	if (r->table != 0 && nl_put_u32(nlh, buflen, FRA_TABLE,
	    r->table) == -1)
		return -1;
	if (r->src_len > 0 && nl_put_in6(nlh, buflen, FRA_SRC, &src) == -1)
		return -1;
	if (r->dst_len > 0 && nl_put_in6(nlh, buflen, FRA_DST, &dst) == -1)
		return -1;
	if (r->ipproto != 0 && nl_put_u8(nlh, buflen, FRA_IP_PROTO,
	    r->ipproto) == -1)
		return -1;
	return 0;
}

int
rule_parse(const struct nlmsghdr *nlh, struct rule_info *r)
{
	const struct nlattr *tb[FRA_MAX + 1];
	struct fib_rule_hdr frh;
	size_t i;

	if (nlh->nlmsg_type != RTM_NEWRULE && nlh->nlmsg_type != RTM_DELRULE) {
		errno = EBADMSG;
		return -1;
	}
	if (nl_parse(nlh, sizeof(frh), rule_policy, FRA_MAX, tb) == -1)
		return -1;
	nl_get_hdr(nlh, &frh, sizeof(frh));
	if (frh.family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (!nl_plen_ok(frh.src_len) || !nl_plen_ok(frh.dst_len)) {
		errno = EBADMSG;
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->src_len = frh.src_len;
	r->dst_len = frh.dst_len;
	r->action = frh.action;
	r->table = tb[FRA_TABLE] != NULL ? mnl_attr_get_u32(tb[FRA_TABLE]) :
	    frh.table;
	/* The kernel leaves out a preference of 0. */
	if (tb[FRA_PRIORITY] != NULL)
		r->pref = mnl_attr_get_u32(tb[FRA_PRIORITY]);
	if (tb[FRA_PROTOCOL] != NULL)
		r->protocol = mnl_attr_get_u8(tb[FRA_PROTOCOL]);
	if (tb[FRA_IP_PROTO] != NULL)
		r->ipproto = mnl_attr_get_u8(tb[FRA_IP_PROTO]);
	if (tb[FRA_SRC] != NULL)
		nl_get_in6(tb[FRA_SRC], &r->src);
	if (tb[FRA_DST] != NULL)
		nl_get_in6(tb[FRA_DST], &r->dst);
	r->other = frh.tos != 0 || frh.flags != 0;
	for (i = 0; i < sizeof(rule_other) / sizeof(rule_other[0]); i++)
		if (tb[rule_other[i]] != NULL)
			r->other = true;
	if ((tb[FRA_SUPPRESS_PREFIXLEN] != NULL &&
	    mnl_attr_get_u32(tb[FRA_SUPPRESS_PREFIXLEN]) != FRA_SUPPRESS_OFF) ||
	    (tb[FRA_SUPPRESS_IFGROUP] != NULL &&
	    mnl_attr_get_u32(tb[FRA_SUPPRESS_IFGROUP]) != FRA_SUPPRESS_OFF))
		r->other = true;
	return 0;
}

static int
rule_request(struct nl *nl, uint16_t type, uint16_t flags,
    const struct rule_info *r)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = nl_msg(buf, sizeof(buf), type, flags,
	    sizeof(struct fib_rule_hdr))) == NULL ||
	    rule_build(nlh, sizeof(buf), r) == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
rule_add(struct nl *nl, const struct rule_info *r)
{
	return rule_request(nl, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r);
}

int
rule_ensure(struct nl *nl, const struct rule_info *r)
{
	if (rule_add(nl, r) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

int
rule_del(struct nl *nl, const struct rule_info *r)
{
	return rule_request(nl, RTM_DELRULE, 0, r);
}

static int
rule_parse_rec(const struct nlmsghdr *nlh, void *rec)
{
	return rule_parse(nlh, rec);
}

static bool
rule_owned(const void *rec, const void *arg)
{
	const struct rule_info *r = rec;

	(void)arg;
	return r->protocol == NL_RTPROT_FAMA;
}

static int
rule_dump(struct nl *nl, bool owned, struct rule_info **out, size_t *n)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;
	struct nl_vec v;

	nl_vec_init(&v, sizeof(**out));
	/* Strict checking allows no filter in a rule dump request. */
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETRULE, NLM_F_DUMP,
	    sizeof(*frh))) == NULL)
		return -1;
	frh = mnl_nlmsg_get_payload(nlh);
	frh->family = AF_INET6;
	if (nl_collect(nl, nlh, &v, rule_parse_rec,
	    owned ? rule_owned : NULL, NULL) == -1)
		return -1;
	*out = v.v;
	*n = v.n;
	return 0;
}

int
rule_list(struct nl *nl, struct rule_info **out, size_t *n)
{
	return rule_dump(nl, false, out, n);
}

int
rule_list_owned(struct nl *nl, struct rule_info **out, size_t *n)
{
	return rule_dump(nl, true, out, n);
}

/* "pref P lookup local" with no selector, as the kernel makes it at 0. */
static bool
rule_is_local(const struct rule_info *r, uint32_t pref)
{
	return r->pref == pref && r->table == ROUTE_TABLE_LOCAL &&
	    r->action == FR_ACT_TO_TBL && r->src_len == 0 &&
	    r->dst_len == 0 && r->ipproto == 0 && !r->other;
}

/*
 * Whether the kernel has "lookup local" at preference 0 (*at0: as it is)
 * and fama's at pref.
 */
static int
rule_local_find(struct nl *nl, uint32_t pref, struct rule_info *at0,
    bool *has0, bool *hasp)
{
	struct rule_info *v;
	size_t i, n;

	if (pref == 0) {
		errno = EINVAL;
		return -1;
	}
	if (rule_list(nl, &v, &n) == -1)
		return -1;
	*has0 = *hasp = false;
	for (i = 0; i < n; i++) {
		if (rule_is_local(&v[i], 0)) {
			*has0 = true;
			*at0 = v[i];
		}
		if (rule_is_local(&v[i], pref) &&
		    v[i].protocol == NL_RTPROT_FAMA)
			*hasp = true;
	}
	free(v);
	return 0;
}

static void
rule_local(struct rule_info *r, uint32_t pref, uint8_t protocol)
{
	memset(r, 0, sizeof(*r));
	r->pref = pref;
	r->table = ROUTE_TABLE_LOCAL;
	r->protocol = protocol;
}

int
rule_local_move(struct nl *nl, uint32_t pref)
{
	struct rule_info r, at0;
	bool has0, hasp;

	if (rule_local_find(nl, pref, &at0, &has0, &hasp) == -1)
		return -1;
	rule_local(&r, pref, NL_RTPROT_FAMA);
	if (!hasp && rule_ensure(nl, &r) == -1)
		return -1;
	/* Delete the rule as it is, whatever protocol it carries. */
	if (has0 && rule_del(nl, &at0) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

int
rule_local_restore(struct nl *nl, uint32_t pref)
{
	struct rule_info r, at0;
	bool has0, hasp;

	if (rule_local_find(nl, pref, &at0, &has0, &hasp) == -1)
		return -1;
	rule_local(&r, 0, RTPROT_KERNEL);
	if (!has0 && rule_ensure(nl, &r) == -1)
		return -1;
	rule_local(&r, pref, NL_RTPROT_FAMA);
	if (hasp && rule_del(nl, &r) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

int
rule_cmp(const struct rule_info *a, const struct rule_info *b)
{
	int c;

	if ((c = nl_u32_cmp(a->pref, b->pref)) != 0 ||
	    (c = nl_prefix_cmp(&a->src, a->src_len, &b->src,
	    b->src_len)) != 0 ||
	    (c = nl_prefix_cmp(&a->dst, a->dst_len, &b->dst,
	    b->dst_len)) != 0 ||
	    (c = nl_u32_cmp(a->ipproto, b->ipproto)) != 0 ||
	    (c = nl_u32_cmp(a->table, b->table)) != 0 ||
	    (c = nl_u32_cmp(a->action != 0 ? a->action : FR_ACT_TO_TBL,
	    b->action != 0 ? b->action : FR_ACT_TO_TBL)) != 0)
		return c;
	return nl_u32_cmp(a->other, b->other);
}

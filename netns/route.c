// SPDX-License-Identifier: GPL-2.0-only
/* netns/route: IPv6 routes over rtnetlink, including the seg6 encap and
 * seg6local End.DT6 lightweight tunnels, with fama's protocol number. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/lwtunnel.h>
#include <linux/seg6.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>
#include <string.h>

#include "netns/nl.h"
#include "netns/route.h"
#include "proto/buf.h"

#define SRH_FIXED_LEN		8	/* RFC 8754 §2, before Segment List */
#define SRH_ROUTING_TYPE	4
#define SEG6_MODE_LEN		4	/* struct seg6_iptunnel_encap.mode */

static const struct nl_policy route_policy[RTA_MAX + 1] = {
	[RTA_DST] = { MNL_TYPE_BINARY, 16 },
	[RTA_SRC] = { MNL_TYPE_BINARY, 16 },
	[RTA_OIF] = { MNL_TYPE_U32, 4 },
	[RTA_GATEWAY] = { MNL_TYPE_BINARY, 16 },
	[RTA_PRIORITY] = { MNL_TYPE_U32, 4 },
	[RTA_PREFSRC] = { MNL_TYPE_BINARY, 16 },
	[RTA_METRICS] = { MNL_TYPE_NESTED, 0 },
	[RTA_TABLE] = { MNL_TYPE_U32, 4 },
	[RTA_ENCAP_TYPE] = { MNL_TYPE_U16, 2 },
	[RTA_ENCAP] = { MNL_TYPE_NESTED, 0 },
};

/* Every metric is a u32 but the congestion control name, not wanted. */
static const struct nl_policy metrics_policy[RTAX_MAX + 1] = {
	[RTAX_LOCK] = { MNL_TYPE_U32, 4 },
	[RTAX_MTU] = { MNL_TYPE_U32, 4 },
	[RTAX_WINDOW] = { MNL_TYPE_U32, 4 },
	[RTAX_RTT] = { MNL_TYPE_U32, 4 },
	[RTAX_RTTVAR] = { MNL_TYPE_U32, 4 },
	[RTAX_SSTHRESH] = { MNL_TYPE_U32, 4 },
	[RTAX_CWND] = { MNL_TYPE_U32, 4 },
	[RTAX_ADVMSS] = { MNL_TYPE_U32, 4 },
	[RTAX_REORDERING] = { MNL_TYPE_U32, 4 },
	[RTAX_HOPLIMIT] = { MNL_TYPE_U32, 4 },
	[RTAX_INITCWND] = { MNL_TYPE_U32, 4 },
	[RTAX_FEATURES] = { MNL_TYPE_U32, 4 },
	[RTAX_RTO_MIN] = { MNL_TYPE_U32, 4 },
	[RTAX_INITRWND] = { MNL_TYPE_U32, 4 },
	[RTAX_QUICKACK] = { MNL_TYPE_U32, 4 },
	[RTAX_FASTOPEN_NO_COOKIE] = { MNL_TYPE_U32, 4 },
};

static const struct nl_policy seg6_policy[SEG6_IPTUNNEL_MAX + 1] = {
	[SEG6_IPTUNNEL_SRH] = { MNL_TYPE_BINARY, 0 },
};

static const struct nl_policy seg6local_policy[SEG6_LOCAL_MAX + 1] = {
	[SEG6_LOCAL_ACTION] = { MNL_TYPE_U32, 4 },
	[SEG6_LOCAL_TABLE] = { MNL_TYPE_U32, 4 },
};

void
route_init(struct route_info *r, const struct in6_addr *dst, uint8_t plen)
{
	memset(r, 0, sizeof(*r));
	r->table = ROUTE_TABLE_MAIN;
	if (dst != NULL)
		r->dst = *dst;
	r->dst_len = plen;
	nl_in6_mask(&r->dst, plen);
}

int
route_seg6_encap(uint8_t *out, size_t cap, uint32_t mode,
    const struct in6_addr *segs, size_t nsegs)
{
	struct wbuf wb;
	int32_t m;
	size_t i;

	/* nsegs bounds keep Hdr Ext Len (2 * nsegs) within its octet. */
	if (nsegs == 0 || nsegs > ROUTE_SEG6_MAX ||
	    (mode != SEG6_IPTUN_MODE_ENCAP &&
	    mode != SEG6_IPTUN_MODE_ENCAP_RED)) {
		errno = EINVAL;
		return -1;
	}
	if (cap < SEG6_MODE_LEN) {
		errno = EMSGSIZE;
		return -1;
	}
	/* The mode is the kernel's int, in host order, not a wire field. */
	m = (int32_t)mode;
	memcpy(out, &m, SEG6_MODE_LEN);
	wb_init(&wb, out + SEG6_MODE_LEN, cap - SEG6_MODE_LEN);
	wb_u8(&wb, 0);			/* Next Header: the kernel sets it */
	wb_u8(&wb, (uint8_t)(nsegs * 2)); /* Hdr Ext Len, 8-octet units */
	wb_u8(&wb, SRH_ROUTING_TYPE);	/* Routing Type 4: SRH */
	wb_u8(&wb, (uint8_t)(nsegs - 1)); /* Segments Left */
	wb_u8(&wb, (uint8_t)(nsegs - 1)); /* Last Entry */
	wb_u8(&wb, 0);			/* Flags */
	wb_u16(&wb, 0);			/* Tag */
	/* Segment List[0] is the last segment of the path (RFC 8754). */
	for (i = nsegs; i-- > 0;)
		wb_bytes(&wb, segs[i].s6_addr, sizeof(segs[i].s6_addr));
	if (wb_done(&wb) == -1)
		return -1;
	return (int)(SEG6_MODE_LEN + wb.len);
}

int
route_seg6_decode(const uint8_t *p, size_t len, uint32_t *mode,
    struct in6_addr *segs, size_t *nsegs)
{
	uint8_t nxt, hdrlen, type, left, last, flags;
	struct in6_addr list[ROUTE_SEG6_MAX];
	struct rbuf rb;
	uint16_t tag;
	int32_t m;
	size_t i, n;

	if (len < SEG6_MODE_LEN)
		goto bad;
	memcpy(&m, p, SEG6_MODE_LEN);
	rb_init(&rb, p + SEG6_MODE_LEN, len - SEG6_MODE_LEN);
	if (rb_u8(&rb, &nxt) == -1 || rb_u8(&rb, &hdrlen) == -1 ||
	    rb_u8(&rb, &type) == -1 || rb_u8(&rb, &left) == -1 ||
	    rb_u8(&rb, &last) == -1 || rb_u8(&rb, &flags) == -1 ||
	    rb_u16(&rb, &tag) == -1)
		goto bad;
	/* The kernel's own check: the header fills the attribute exactly. */
	if (type != SRH_ROUTING_TYPE ||
	    (size_t)hdrlen * 8 != rb_left(&rb) || m < 0)
		goto bad;
	n = (size_t)last + 1;
	if (n > ROUTE_SEG6_MAX || n * 16 > rb_left(&rb))
		goto bad;
	for (i = 0; i < n; i++)
		if (rb_bytes(&rb, list[i].s6_addr, 16) == -1)
			goto bad;
	for (i = 0; i < n; i++)
		segs[i] = list[n - 1 - i];
	*nsegs = n;
	*mode = (uint32_t)m;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

static int
route_build_encap(struct nlmsghdr *nlh, size_t buflen,
    const struct route_info *r)
{
	uint8_t srh[SEG6_MODE_LEN + SRH_FIXED_LEN + 16 * ROUTE_SEG6_MAX];
	struct nlattr *nest;
	int n;

	if (r->encap == ROUTE_ENCAP_SEG6) {
		if ((n = route_seg6_encap(srh, sizeof(srh), r->seg6_mode,
		    r->segs, r->nsegs)) == -1)
			return -1;
		if (nl_put_u16(nlh, buflen, RTA_ENCAP_TYPE,
		    LWTUNNEL_ENCAP_SEG6) == -1 ||
		    (nest = nl_nest(nlh, buflen, RTA_ENCAP)) == NULL)
			return -1;
		if (nl_put(nlh, buflen, SEG6_IPTUNNEL_SRH, srh,
		    (size_t)n) == -1)
			goto cancel;
	} else if (r->encap == ROUTE_ENCAP_SEG6LOCAL) {
		if (r->seg6local_action == 0 ||
		    r->seg6local_action > SEG6_LOCAL_ACTION_MAX) {
			errno = EINVAL;
			return -1;
		}
		if (nl_put_u16(nlh, buflen, RTA_ENCAP_TYPE,
		    LWTUNNEL_ENCAP_SEG6_LOCAL) == -1 ||
		    (nest = nl_nest(nlh, buflen, RTA_ENCAP)) == NULL)
			return -1;
		if (nl_put_u32(nlh, buflen, SEG6_LOCAL_ACTION,
		    r->seg6local_action) == -1)
			goto cancel;
		if (r->seg6local_table != 0 && nl_put_u32(nlh, buflen,
		    SEG6_LOCAL_TABLE, r->seg6local_table) == -1)
			goto cancel;
	} else if (r->encap == ROUTE_ENCAP_NONE)
		return 0;
	else {
		errno = EINVAL;
		return -1;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
cancel:
	mnl_attr_nest_cancel(nlh, nest);
	return -1;
}

static int
route_build_metrics(struct nlmsghdr *nlh, size_t buflen,
    const struct route_info *r)
{
	struct nlattr *nest = NULL;
	uint16_t i;

	for (i = 1; i <= RTAX_MAX; i++) {
		if (r->metrics[i] == 0)
			continue;
		if (metrics_policy[i].type != MNL_TYPE_U32) {
			errno = EINVAL;
			goto cancel;
		}
		if (nest == NULL &&
		    (nest = nl_nest(nlh, buflen, RTA_METRICS)) == NULL)
			return -1;
		if (nl_put_u32(nlh, buflen, i, r->metrics[i]) == -1)
			goto cancel;
	}
	if (nest != NULL)
		mnl_attr_nest_end(nlh, nest);
	return 0;
cancel:
	if (nest != NULL)
		mnl_attr_nest_cancel(nlh, nest);
	return -1;
}

static bool
in6_set(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a);
}

int
route_build(struct nlmsghdr *nlh, size_t buflen, const struct route_info *r)
{
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct in6_addr dst = r->dst, src = r->src;
	uint32_t table = r->table != 0 ? r->table : ROUTE_TABLE_MAIN;

	if (!nl_plen_ok(r->dst_len) || !nl_plen_ok(r->src_len) ||
	    r->oif < 0) {
		errno = EINVAL;
		return -1;
	}
	nl_in6_mask(&dst, r->dst_len);
	nl_in6_mask(&src, r->src_len);
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = r->dst_len;
	rtm->rtm_src_len = r->src_len;
	/* Tables above 255 exist only as RTA_TABLE. */
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = r->protocol != 0 ? r->protocol : NL_RTPROT_FAMA;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = r->type != 0 ? r->type : RTN_UNICAST;
	if (nl_put_u32(nlh, buflen, RTA_TABLE, table) == -1)
		return -1;
	if (r->dst_len > 0 && nl_put_in6(nlh, buflen, RTA_DST, &dst) == -1)
		return -1;
	if (r->src_len > 0 && nl_put_in6(nlh, buflen, RTA_SRC, &src) == -1)
		return -1;
	/* Always named, so that a delete matches this metric only. */
	if (nl_put_u32(nlh, buflen, RTA_PRIORITY, r->metric != 0 ? r->metric :
	    ROUTE_METRIC_DEFAULT) == -1)
		return -1;
	/* A delete names the key only: the kernel matches what it is given. */
	if (nlh->nlmsg_type == RTM_DELROUTE)
		return 0;
	if (in6_set(&r->gw) && nl_put_in6(nlh, buflen, RTA_GATEWAY,
	    &r->gw) == -1)
		return -1;
	if (r->oif > 0 && nl_put_u32(nlh, buflen, RTA_OIF,
	    (uint32_t)r->oif) == -1)
		return -1;
	if (in6_set(&r->prefsrc) && nl_put_in6(nlh, buflen, RTA_PREFSRC,
	    &r->prefsrc) == -1)
		return -1;
	if (route_build_metrics(nlh, buflen, r) == -1)
		return -1;
	return route_build_encap(nlh, buflen, r);
}

static int
route_parse_encap(const struct nlattr *type, const struct nlattr *encap,
    struct route_info *r)
{
	const struct nlattr *t6[SEG6_IPTUNNEL_MAX + 1];
	const struct nlattr *tl[SEG6_LOCAL_MAX + 1];
	size_t n;

	if (type == NULL || encap == NULL)
		return 0;
	switch (mnl_attr_get_u16(type)) {
	case LWTUNNEL_ENCAP_SEG6:
		if (nl_parse_nested(encap, seg6_policy, SEG6_IPTUNNEL_MAX,
		    t6) == -1 || t6[SEG6_IPTUNNEL_SRH] == NULL)
			goto bad;
		if (route_seg6_decode(
		    mnl_attr_get_payload(t6[SEG6_IPTUNNEL_SRH]),
		    mnl_attr_get_payload_len(t6[SEG6_IPTUNNEL_SRH]),
		    &r->seg6_mode, r->segs, &n) == -1)
			return -1;
		r->nsegs = (uint8_t)n;
		r->encap = ROUTE_ENCAP_SEG6;
		return 0;
	case LWTUNNEL_ENCAP_SEG6_LOCAL:
		if (nl_parse_nested(encap, seg6local_policy, SEG6_LOCAL_MAX,
		    tl) == -1 || tl[SEG6_LOCAL_ACTION] == NULL)
			goto bad;
		r->seg6local_action = mnl_attr_get_u32(tl[SEG6_LOCAL_ACTION]);
		if (tl[SEG6_LOCAL_TABLE] != NULL)
			r->seg6local_table =
			    mnl_attr_get_u32(tl[SEG6_LOCAL_TABLE]);
		r->encap = ROUTE_ENCAP_SEG6LOCAL;
		return 0;
	default:
		/* Another lightweight tunnel: not fama's, left undecoded. */
		return 0;
	}
bad:
	errno = EBADMSG;
	return -1;
}

int
route_parse(const struct nlmsghdr *nlh, struct route_info *r)
{
	const struct nlattr *tb[RTA_MAX + 1], *tm[RTAX_MAX + 1];
	struct rtmsg rtm;
	uint16_t i;

	if (nlh->nlmsg_type != RTM_NEWROUTE &&
	    nlh->nlmsg_type != RTM_DELROUTE) {
		errno = EBADMSG;
		return -1;
	}
	if (nl_parse(nlh, sizeof(rtm), route_policy, RTA_MAX, tb) == -1)
		return -1;
	nl_get_hdr(nlh, &rtm, sizeof(rtm));
	if (rtm.rtm_family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (!nl_plen_ok(rtm.rtm_dst_len) || !nl_plen_ok(rtm.rtm_src_len)) {
		errno = EBADMSG;
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->dst_len = rtm.rtm_dst_len;
	r->src_len = rtm.rtm_src_len;
	r->table = tb[RTA_TABLE] != NULL ? mnl_attr_get_u32(tb[RTA_TABLE]) :
	    rtm.rtm_table;
	r->protocol = rtm.rtm_protocol;
	r->type = rtm.rtm_type;
	r->flags = (uint8_t)rtm.rtm_flags;
	if (tb[RTA_DST] != NULL)
		nl_get_in6(tb[RTA_DST], &r->dst);
	if (tb[RTA_SRC] != NULL)
		nl_get_in6(tb[RTA_SRC], &r->src);
	if (tb[RTA_GATEWAY] != NULL)
		nl_get_in6(tb[RTA_GATEWAY], &r->gw);
	if (tb[RTA_PREFSRC] != NULL)
		nl_get_in6(tb[RTA_PREFSRC], &r->prefsrc);
	if (tb[RTA_OIF] != NULL) {
		if (mnl_attr_get_u32(tb[RTA_OIF]) > INT32_MAX) {
			errno = EBADMSG;
			return -1;
		}
		r->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	}
	if (tb[RTA_PRIORITY] != NULL)
		r->metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_METRICS] != NULL) {
		if (nl_parse_nested(tb[RTA_METRICS], metrics_policy,
		    RTAX_MAX, tm) == -1)
			return -1;
		for (i = 1; i <= RTAX_MAX; i++)
			if (tm[i] != NULL)
				r->metrics[i] = mnl_attr_get_u32(tm[i]);
	}
	return route_parse_encap(tb[RTA_ENCAP_TYPE], tb[RTA_ENCAP], r);
}

static int
route_request(struct nl *nl, uint16_t type, uint16_t flags,
    const struct route_info *r)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = nl_msg(buf, sizeof(buf), type, flags,
	    sizeof(struct rtmsg))) == NULL ||
	    route_build(nlh, sizeof(buf), r) == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
route_add(struct nl *nl, const struct route_info *r)
{
	return route_request(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r);
}

int
route_replace(struct nl *nl, const struct route_info *r)
{
	return route_request(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE,
	    r);
}

int
route_del(struct nl *nl, const struct route_info *r)
{
	return route_request(nl, RTM_DELROUTE, 0, r);
}

static int
route_one(const struct nlmsghdr *nlh, void *arg)
{
	return route_parse(nlh, arg) == -1 ? MNL_CB_ERROR : MNL_CB_OK;
}

int
route_get(struct nl *nl, const struct in6_addr *dst, struct route_info *r)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETROUTE, 0,
	    sizeof(*rtm))) == NULL)
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 128;
	if (nl_put_in6(nlh, sizeof(buf), RTA_DST, dst) == -1)
		return -1;
	memset(r, 0, sizeof(*r));
	r->dst_len = 0xff;
	if (nl_talk(nl, nlh, route_one, r) == -1)
		return -1;
	if (r->dst_len == 0xff) {
		errno = ENETUNREACH;
		return -1;
	}
	return 0;
}

static int
route_parse_rec(const struct nlmsghdr *nlh, void *rec)
{
	return route_parse(nlh, rec);
}

/* The kernel filters too (strict checking); this is the contract. */
static bool
route_match(const void *rec, const void *arg)
{
	const struct route_info *r = rec;
	const struct route_filter *f = arg;

	return (f->table == 0 || r->table == f->table) &&
	    (f->protocol == 0 || r->protocol == f->protocol) &&
	    (f->oif == 0 || r->oif == f->oif);
}

int
route_list(struct nl *nl, const struct route_filter *f,
    struct route_info **out, size_t *n)
{
	static const struct route_filter all;
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct nl_vec v;

	if (f == NULL)
		f = &all;
	nl_vec_init(&v, sizeof(**out));
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETROUTE, NLM_F_DUMP,
	    sizeof(*rtm))) == NULL)
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	rtm->rtm_family = AF_INET6;
	rtm->rtm_protocol = f->protocol;
	if (f->table != 0 && nl_put_u32(nlh, sizeof(buf), RTA_TABLE,
	    f->table) == -1)
		return -1;
	if (f->oif > 0 && nl_put_u32(nlh, sizeof(buf), RTA_OIF,
	    (uint32_t)f->oif) == -1)
		return -1;
	if (nl_collect(nl, nlh, &v, route_parse_rec, route_match, f) == -1) {
		/* A table that does not exist holds no routes. */
		if (errno == ENOENT && f->table != 0) {
			*out = NULL;
			*n = 0;
			return 0;
		}
		return -1;
	}
	*out = v.v;
	*n = v.n;
	return 0;
}

int
route_list_owned(struct nl *nl, uint32_t table, struct route_info **out,
    size_t *n)
{
	struct route_filter f = { table, NL_RTPROT_FAMA, 0 };

	return route_list(nl, &f, out, n);
}

int
route_cmp_key(const struct route_info *a, const struct route_info *b)
{
	int c;

	if ((c = nl_u32_cmp(a->table != 0 ? a->table : ROUTE_TABLE_MAIN,
	    b->table != 0 ? b->table : ROUTE_TABLE_MAIN)) != 0 ||
	    (c = nl_prefix_cmp(&a->dst, a->dst_len, &b->dst,
	    b->dst_len)) != 0 ||
	    (c = nl_prefix_cmp(&a->src, a->src_len, &b->src,
	    b->src_len)) != 0)
		return c;
	return nl_u32_cmp(a->metric != 0 ? a->metric : ROUTE_METRIC_DEFAULT,
	    b->metric != 0 ? b->metric : ROUTE_METRIC_DEFAULT);
}

bool
route_same(const struct route_info *a, const struct route_info *b)
{
	size_t i;

	if (route_cmp_key(a, b) != 0 ||
	    nl_in6_cmp(&a->gw, &b->gw) != 0 ||
	    nl_in6_cmp(&a->prefsrc, &b->prefsrc) != 0 || a->oif != b->oif ||
	    (a->protocol != 0 ? a->protocol : NL_RTPROT_FAMA) !=
	    (b->protocol != 0 ? b->protocol : NL_RTPROT_FAMA) ||
	    (a->type != 0 ? a->type : RTN_UNICAST) !=
	    (b->type != 0 ? b->type : RTN_UNICAST) || a->encap != b->encap)
		return false;
	if (memcmp(a->metrics, b->metrics, sizeof(a->metrics)) != 0)
		return false;
	switch (a->encap) {
	case ROUTE_ENCAP_SEG6:
		if (a->seg6_mode != b->seg6_mode || a->nsegs != b->nsegs)
			return false;
		for (i = 0; i < a->nsegs && i < ROUTE_SEG6_MAX; i++)
			if (nl_in6_cmp(&a->segs[i], &b->segs[i]) != 0)
				return false;
		return true;
	case ROUTE_ENCAP_SEG6LOCAL:
		return a->seg6local_action == b->seg6local_action &&
		    a->seg6local_table == b->seg6local_table;
	default:
		return true;
	}
}

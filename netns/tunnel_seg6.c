// SPDX-License-Identifier: GPL-2.0-only
/* netns/tunnel_seg6: the tunnel backend made of SRv6 lightweight tunnels:
 * seg6 encap.red with one segment (plain RFC 2473 IPv6-in-IPv6 on the wire,
 * no SRH) and seg6local End.DT6 behind "ipproto 41" rules. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>
#include <stdlib.h>
#include <string.h>

#include "netns/nl.h"
#include "netns/route.h"
#include "netns/rule.h"
#include "netns/tunnel.h"

#define IPPROTO_IPV6_IN_IPV6	41

/* Which anchor each per-anchor table serves (tables are the state). */
struct seg6_priv {
	bool		 used[TUNNEL_ANCHORS_MAX];
	struct in6_addr	 anchor[TUNNEL_ANCHORS_MAX];
	bool		 local_moved;
};

static bool
seg6_anchor_table(const struct tunnel_cfg *c, uint32_t table, size_t *i)
{
	if (table < c->table_anchor ||
	    table - c->table_anchor >= c->anchors_max)
		return false;
	*i = table - c->table_anchor;
	return true;
}

static int
seg6_open(struct tunnel *t)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct seg6_priv *p = tunnel_priv(t);
	struct route_info *v;
	size_t i, k, n;

	if (route_list_owned(tunnel_nl(t), 0, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!seg6_anchor_table(c, v[i].table, &k) ||
		    v[i].dst_len != 0 || v[i].encap != ROUTE_ENCAP_SEG6 ||
		    v[i].nsegs != 1)
			continue;
		p->used[k] = true;
		p->anchor[k] = v[i].segs[0];
	}
	free(v);
	return 0;
}

static bool
gone(int ret)
{
	return ret == 0 || errno == ESRCH || errno == ENOENT;
}

static void
seg6_route(struct route_info *r, uint32_t table, const struct in6_addr *dst,
    uint8_t plen)
{
	route_init(r, dst, plen);
	r->table = table;
}

static void
seg6_rule(struct rule_info *r, uint32_t pref, uint32_t table)
{
	memset(r, 0, sizeof(*r));
	r->pref = pref;
	r->table = table;
}

static int
seg6_decap_up(struct tunnel *t, const struct in6_addr *local, int oif,
    uint32_t inner)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct seg6_priv *p = tunnel_priv(t);
	struct nl *nl = tunnel_nl(t);
	struct route_info r;
	struct rule_info u;

	if (!p->local_moved) {
		if (rule_local_move(nl, c->pref_local) == -1)
			return -1;
		p->local_moved = true;
	}
	seg6_route(&r, c->table_decap, local, 128);
	r.oif = oif;
	r.encap = ROUTE_ENCAP_SEG6LOCAL;
	r.seg6local_action = SEG6_LOCAL_ACTION_END_DT6;
	r.seg6local_table = inner;
	if (route_replace(nl, &r) == -1)
		return -1;
	seg6_rule(&u, c->pref_decap, c->table_decap);
	u.dst = *local;
	u.dst_len = 128;
	u.ipproto = IPPROTO_IPV6_IN_IPV6;
	return rule_ensure(nl, &u);
}

/* Puts table local back once no decapsulation route is left. */
static int
seg6_local_gc(struct tunnel *t)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct seg6_priv *p = tunnel_priv(t);
	struct route_info *v;
	size_t n;

	if (route_list_owned(tunnel_nl(t), c->table_decap, &v, &n) == -1)
		return -1;
	free(v);
	if (n > 0)
		return 0;
	if (rule_local_restore(tunnel_nl(t), c->pref_local) == -1)
		return -1;
	p->local_moved = false;
	return 0;
}

static int
seg6_decap_down(struct tunnel *t, const struct in6_addr *local)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct nl *nl = tunnel_nl(t);
	struct route_info r;
	struct rule_info u;

	seg6_rule(&u, c->pref_decap, c->table_decap);
	u.dst = *local;
	u.dst_len = 128;
	u.ipproto = IPPROTO_IPV6_IN_IPV6;
	if (!gone(rule_del(nl, &u)))
		return -1;
	seg6_route(&r, c->table_decap, local, 128);
	if (!gone(route_del(nl, &r)))
		return -1;
	return seg6_local_gc(t);
}

static void
seg6_encap(struct route_info *r, const struct in6_addr *remote, int oif,
    uint32_t mtu)
{
	r->oif = oif;
	r->metrics[RTAX_MTU] = mtu;
	r->encap = ROUTE_ENCAP_SEG6;
	r->seg6_mode = SEG6_IPTUN_MODE_ENCAP_RED;
	r->nsegs = 1;
	r->segs[0] = *remote;
}

static int
seg6_encap_dst_up(struct tunnel *t, const struct in6_addr *dst,
    const struct in6_addr *remote, int oif, uint32_t mtu)
{
	struct route_info r;

	seg6_route(&r, tunnel_cfg(t)->table_encap, dst, 128);
	seg6_encap(&r, remote, oif, mtu);
	return route_replace(tunnel_nl(t), &r);
}

static int
seg6_encap_dst_down(struct tunnel *t, const struct in6_addr *dst)
{
	struct route_info r;

	seg6_route(&r, tunnel_cfg(t)->table_encap, dst, 128);
	return gone(route_del(tunnel_nl(t), &r)) ? 0 : -1;
}

/* The table of an anchor: the one it has, else the lowest free one. */
static int
seg6_table_of(struct tunnel *t, const struct in6_addr *anchor, uint32_t *table)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct seg6_priv *p = tunnel_priv(t);
	size_t i, free_i = c->anchors_max;

	for (i = 0; i < c->anchors_max; i++) {
		if (p->used[i] && nl_in6_cmp(&p->anchor[i], anchor) == 0) {
			*table = c->table_anchor + (uint32_t)i;
			return 0;
		}
		if (!p->used[i] && free_i == c->anchors_max)
			free_i = i;
	}
	if (free_i == c->anchors_max) {
		errno = ENOSPC;
		return -1;
	}
	p->used[free_i] = true;
	p->anchor[free_i] = *anchor;
	*table = c->table_anchor + (uint32_t)free_i;
	return 0;
}

static int
seg6_encap_src_up(struct tunnel *t, const struct in6_addr *src,
    const struct in6_addr *remote, int oif, uint32_t mtu)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct route_info r;
	struct rule_info u;
	uint32_t table;

	if (seg6_table_of(t, remote, &table) == -1)
		return -1;
	seg6_route(&r, table, NULL, 0);
	seg6_encap(&r, remote, oif, mtu);
	if (route_replace(tunnel_nl(t), &r) == -1)
		return -1;
	seg6_rule(&u, c->pref_hoa, table);
	u.src = *src;
	u.src_len = 128;
	return rule_ensure(tunnel_nl(t), &u);
}

/*
 * Deletes the home-address rules of src (NULL: all of them), then the
 * anchor tables no rule leads to any more.
 */
static int
seg6_src_clear(struct tunnel *t, const struct in6_addr *src)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct seg6_priv *p = tunnel_priv(t);
	bool wanted[TUNNEL_ANCHORS_MAX] = { false };
	struct rule_info *v;
	struct route_info r;
	size_t i, k, n;
	int ret = 0;

	if (rule_list_owned(tunnel_nl(t), &v, &n) == -1)
		return -1;
	for (i = 0; i < n && ret == 0; i++) {
		if (v[i].pref != c->pref_hoa ||
		    !seg6_anchor_table(c, v[i].table, &k))
			continue;
		if (src == NULL || (v[i].src_len == 128 &&
		    nl_in6_cmp(&v[i].src, src) == 0)) {
			if (!gone(rule_del(tunnel_nl(t), &v[i])))
				ret = -1;
		} else
			wanted[k] = true;
	}
	free(v);
	if (ret == -1)
		return -1;
	for (k = 0; k < c->anchors_max; k++) {
		if (wanted[k] || !p->used[k])
			continue;
		seg6_route(&r, c->table_anchor + (uint32_t)k, NULL, 0);
		if (!gone(route_del(tunnel_nl(t), &r)))
			return -1;
		p->used[k] = false;
	}
	return 0;
}

static int
seg6_encap_src_down(struct tunnel *t, const struct in6_addr *src)
{
	return seg6_src_clear(t, src);
}

static int
seg6_flush(struct tunnel *t)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct seg6_priv *p = tunnel_priv(t);
	struct nl *nl = tunnel_nl(t);
	struct route_info *v;
	struct rule_info *u;
	size_t i, k, n;
	int ret = 0;

	if (seg6_src_clear(t, NULL) == -1)
		return -1;
	if (rule_list_owned(nl, &u, &n) == -1)
		return -1;
	for (i = 0; i < n && ret == 0; i++)
		if (u[i].pref == c->pref_decap &&
		    u[i].table == c->table_decap && !gone(rule_del(nl, &u[i])))
			ret = -1;
	free(u);
	if (ret == -1 || route_list_owned(nl, 0, &v, &n) == -1)
		return -1;
	/* Decapsulation routes, anchors' tables, and encapsulation routes. */
	for (i = 0; i < n && ret == 0; i++)
		if ((v[i].table == c->table_decap ||
		    seg6_anchor_table(c, v[i].table, &k) ||
		    (v[i].table == c->table_encap &&
		    v[i].encap == ROUTE_ENCAP_SEG6)) &&
		    !gone(route_del(nl, &v[i])))
			ret = -1;
	free(v);
	if (ret == -1)
		return -1;
	memset(p, 0, sizeof(*p));
	return rule_local_restore(nl, c->pref_local);
}

/* Appends an entry unless one of that kind and address is there. */
static int
seg6_list_add(struct tunnel_entry **v, size_t *n, size_t *cap,
    enum tunnel_kind kind, const struct in6_addr *addr,
    const struct in6_addr *remote)
{
	struct tunnel_entry *nv;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].kind == kind && nl_in6_cmp(&(*v)[i].addr, addr) == 0)
			return 0;
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		if ((nv = reallocarray(*v, *cap, sizeof(**v))) == NULL)
			return -1;
		*v = nv;
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].kind = kind;
	(*v)[*n].addr = *addr;
	if (remote != NULL)
		(*v)[*n].remote = *remote;
	(*n)++;
	return 0;
}

/* From the kernel, not from what this process remembers: decapsulating
 * routes and rules, /128 encapsulations in the encap table, and the
 * home-address rules with the anchor of the table each leads to. */
static int
seg6_list(struct tunnel *t, struct tunnel_entry **v, size_t *n)
{
	const struct tunnel_cfg *c = tunnel_cfg(t);
	struct in6_addr anchor[TUNNEL_ANCHORS_MAX];
	bool known[TUNNEL_ANCHORS_MAX] = { false };
	struct route_info *r = NULL;
	struct rule_info *u = NULL;
	size_t i, k, nr, nu, cap = 0;
	int ret = -1;

	if (route_list_owned(tunnel_nl(t), 0, &r, &nr) == -1)
		return -1;
	if (rule_list_owned(tunnel_nl(t), &u, &nu) == -1)
		goto out;
	for (i = 0; i < nr; i++) {
		if (r[i].table == c->table_decap && r[i].dst_len == 128 &&
		    r[i].encap == ROUTE_ENCAP_SEG6LOCAL) {
			if (seg6_list_add(v, n, &cap, TUNNEL_DECAP, &r[i].dst,
			    NULL) == -1)
				goto out;
		} else if (r[i].table == c->table_encap &&
		    r[i].dst_len == 128 && r[i].encap == ROUTE_ENCAP_SEG6 &&
		    r[i].nsegs == 1) {
			if (seg6_list_add(v, n, &cap, TUNNEL_ENCAP_DST,
			    &r[i].dst, &r[i].segs[0]) == -1)
				goto out;
		} else if (seg6_anchor_table(c, r[i].table, &k) &&
		    r[i].dst_len == 0 && r[i].encap == ROUTE_ENCAP_SEG6 &&
		    r[i].nsegs == 1) {
			anchor[k] = r[i].segs[0];
			known[k] = true;
		}
	}
	for (i = 0; i < nu; i++) {
		if (u[i].pref == c->pref_decap && u[i].table == c->table_decap &&
		    u[i].dst_len == 128) {
			if (seg6_list_add(v, n, &cap, TUNNEL_DECAP, &u[i].dst,
			    NULL) == -1)
				goto out;
		} else if (u[i].pref == c->pref_hoa && u[i].src_len == 128 &&
		    seg6_anchor_table(c, u[i].table, &k)) {
			if (seg6_list_add(v, n, &cap, TUNNEL_ENCAP_SRC,
			    &u[i].src, known[k] ? &anchor[k] : NULL) == -1)
				goto out;
		}
	}
	ret = 0;
out:
	if (ret == -1) {
		free(*v);
		*v = NULL;
		*n = 0;
	}
	free(r);
	free(u);
	return ret;
}

const struct tunnel_backend tunnel_seg6 = {
	.name = "seg6",
	.priv_size = sizeof(struct seg6_priv),
	.open = seg6_open,
	.decap_up = seg6_decap_up,
	.decap_down = seg6_decap_down,
	.encap_dst_up = seg6_encap_dst_up,
	.encap_dst_down = seg6_encap_dst_down,
	.encap_src_up = seg6_encap_src_up,
	.encap_src_down = seg6_encap_src_down,
	.flush = seg6_flush,
	.list = seg6_list,
};

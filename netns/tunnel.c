// SPDX-License-Identifier: GPL-2.0-only
/* netns/tunnel: the roles' tunnel verbs over a backend; resolves the link
 * and the route MTU (the link's less one IPv6 header) for the backend. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netns/addr.h"
#include "netns/link.h"
#include "netns/nl.h"
#include "netns/route.h"
#include "netns/tunnel.h"

/*
 * The path to a care-of address, remembered per /64 for a moment: a DAR's
 * care-of addresses come from the few /64s of the other DARs, and the
 * route and link lookups would otherwise be two of the three requests of
 * every tunnel installed.  A change of route or MTU is seen within
 * TUNNEL_PATH_TTL_MS (an installed tunnel keeps its MTU anyway).
 */
#define TUNNEL_PATH_SLOTS	16
#define TUNNEL_PATH_TTL_MS	1000

struct tunnel_path {
	uint8_t		 prefix[8];
	int		 oif;
	uint32_t	 mtu;
	uint64_t	 at_ms;		/* 0: empty */
};

struct tunnel {
	struct nl			*nl;
	struct tunnel_cfg		 cfg;
	const struct tunnel_backend	*be;
	void				*priv;
	struct tunnel_path		 path[TUNNEL_PATH_SLOTS];
};

static uint32_t
cfg_or(uint32_t v, uint32_t def)
{
	return v != 0 ? v : def;
}

struct tunnel *
tunnel_open(struct nl *nl, const struct tunnel_cfg *cfg)
{
	static const struct tunnel_cfg none;
	struct tunnel *t;
	int saved;

	if (cfg == NULL)
		cfg = &none;
	if (cfg->anchors_max > TUNNEL_ANCHORS_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->nl = nl;
	t->cfg.table_decap = cfg_or(cfg->table_decap, TUNNEL_TABLE_DECAP);
	t->cfg.table_anchor = cfg_or(cfg->table_anchor, TUNNEL_TABLE_ANCHOR);
	t->cfg.anchors_max = cfg_or(cfg->anchors_max, TUNNEL_ANCHORS_MAX);
	t->cfg.table_encap = cfg_or(cfg->table_encap, TUNNEL_TABLE_ENCAP);
	t->cfg.pref_decap = cfg_or(cfg->pref_decap, TUNNEL_PREF_DECAP);
	t->cfg.pref_local = cfg_or(cfg->pref_local, TUNNEL_PREF_LOCAL);
	t->cfg.pref_hoa = cfg_or(cfg->pref_hoa, TUNNEL_PREF_HOA);
	t->be = cfg->backend != NULL ? cfg->backend : &tunnel_seg6;
	t->cfg.backend = t->be;
	/* Decapsulation must come before table local, and table local
	 * before the home-address rules. */
	if (t->cfg.pref_decap >= t->cfg.pref_local ||
	    t->cfg.pref_local >= t->cfg.pref_hoa) {
		errno = EINVAL;
		goto fail;
	}
	if (t->be->priv_size > 0 &&
	    (t->priv = calloc(1, t->be->priv_size)) == NULL)
		goto fail;
	if (t->be->open != NULL && t->be->open(t) == -1)
		goto fail;
	return t;
fail:
	saved = errno;
	tunnel_close(t);
	errno = saved;
	return NULL;
}

void
tunnel_close(struct tunnel *t)
{
	if (t == NULL)
		return;
	free(t->priv);
	free(t);
}

struct nl *
tunnel_nl(const struct tunnel *t)
{
	return t->nl;
}

const struct tunnel_cfg *
tunnel_cfg(const struct tunnel *t)
{
	return &t->cfg;
}

void *
tunnel_priv(const struct tunnel *t)
{
	return t->priv;
}

/*
 * The link towards remote (oif, or the kernel's route when 0) and the
 * route MTU through the tunnel on it.
 */
static uint64_t
tunnel_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + 1;
}

static int
tunnel_path(struct tunnel *t, const struct in6_addr *remote, int *oif,
    uint32_t *mtu)
{
	struct tunnel_path *p = NULL;
	struct route_info r;
	struct link_info l;
	uint64_t now = 0;
	size_t i, h = 0;

	if (*oif < 0) {
		errno = EINVAL;
		return -1;
	}
	if (*oif == 0) {
		for (i = 0; i < sizeof(p->prefix); i++)
			h = h * 31 + remote->s6_addr[i];
		p = &t->path[h % TUNNEL_PATH_SLOTS];
		now = tunnel_now_ms();
		if (p->at_ms != 0 && now - p->at_ms < TUNNEL_PATH_TTL_MS &&
		    memcmp(p->prefix, remote->s6_addr, sizeof(p->prefix)) ==
		    0) {
			*oif = p->oif;
			*mtu = p->mtu;
			return 0;
		}
		if (route_get(t->nl, remote, &r) == -1)
			return -1;
		if (r.oif <= 0) {
			errno = ENETUNREACH;
			return -1;
		}
		*oif = r.oif;
	}
	if (link_get(t->nl, *oif, NULL, &l) == -1)
		return -1;
	if (l.mtu <= TUNNEL_OVERHEAD) {
		errno = EMSGSIZE;
		return -1;
	}
	*mtu = l.mtu - TUNNEL_OVERHEAD;
	if (p != NULL) {
		memcpy(p->prefix, remote->s6_addr, sizeof(p->prefix));
		p->oif = *oif;
		p->mtu = *mtu;
		p->at_ms = now;
	}
	return 0;
}

/*
 * The link that holds a local address.  A decapsulating route needs a
 * real link: on lo the kernel turns it into a reject route.
 */
static int
tunnel_local_link(struct tunnel *t, const struct in6_addr *local, int *oif)
{
	struct addr_info *v;
	struct link_info l;
	size_t i, n;

	if (*oif < 0) {
		errno = EINVAL;
		return -1;
	}
	if (*oif == 0) {
		if (addr_list(t->nl, 0, &v, &n) == -1)
			return -1;
		for (i = 0; i < n; i++)
			if (nl_in6_cmp(&v[i].addr, local) == 0) {
				*oif = v[i].ifindex;
				break;
			}
		free(v);
		if (*oif == 0) {
			errno = EADDRNOTAVAIL;
			return -1;
		}
	}
	if (link_get(t->nl, *oif, NULL, &l) == -1)
		return -1;
	if ((l.flags & IFF_LOOPBACK) != 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int
tunnel_decap_up(struct tunnel *t, const struct in6_addr *local, int oif,
    uint32_t inner)
{
	if (tunnel_local_link(t, local, &oif) == -1)
		return -1;
	return t->be->decap_up(t, local, oif, inner);
}

int
tunnel_anchor_decap_up(struct tunnel *t, const struct in6_addr *anchor,
    int oif)
{
	return tunnel_decap_up(t, anchor, oif, ROUTE_TABLE_MAIN);
}

int
tunnel_anchor_decap_down(struct tunnel *t, const struct in6_addr *anchor)
{
	return t->be->decap_down(t, anchor);
}

int
tunnel_anchor_up(struct tunnel *t, const struct in6_addr *hoa,
    const struct in6_addr *coa, int oif)
{
	uint32_t mtu;

	if (tunnel_path(t, coa, &oif, &mtu) == -1)
		return -1;
	return t->be->encap_dst_up(t, hoa, coa, oif, mtu);
}

int
tunnel_anchor_down(struct tunnel *t, const struct in6_addr *hoa)
{
	return t->be->encap_dst_down(t, hoa);
}

int
tunnel_mn_decap_up(struct tunnel *t, const struct in6_addr *coa, int oif)
{
	return tunnel_decap_up(t, coa, oif, ROUTE_TABLE_LOCAL);
}

int
tunnel_mn_decap_down(struct tunnel *t, const struct in6_addr *coa)
{
	return t->be->decap_down(t, coa);
}

int
tunnel_mn_up(struct tunnel *t, const struct in6_addr *hoa,
    const struct in6_addr *anchor, int oif)
{
	uint32_t mtu;

	if (tunnel_path(t, anchor, &oif, &mtu) == -1)
		return -1;
	return t->be->encap_src_up(t, hoa, anchor, oif, mtu);
}

int
tunnel_mn_down(struct tunnel *t, const struct in6_addr *hoa)
{
	return t->be->encap_src_down(t, hoa);
}

int
tunnel_flush(struct tunnel *t)
{
	return t->be->flush(t);
}

int
tunnel_list(struct tunnel *t, struct tunnel_entry **v, size_t *n)
{
	*v = NULL;
	*n = 0;
	if (t->be->list == NULL) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return t->be->list(t, v, n);
}

// SPDX-License-Identifier: GPL-2.0-only
/* The lab's namespaces, links, addresses and static routes, made over
 * netns/ (rtnetlink and sysctls, no iproute2), and the move of a mobile
 * node's access port from one access bridge to another. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns/addr.h"
#include "netns/link.h"
#include "netns/nl.h"
#include "netns/ns.h"
#include "netns/route.h"
#include "netns/sysctl.h"
#include "testbed/run.h"
#include "testbed/topo.h"

/* What the lab's own addresses and routes carry (RTPROT_STATIC), so that
 * they are never taken for fama's (NL_RTPROT_FAMA). */
#define TOPO_PROTO	4

bool
topo_name_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= TOPO_NAME_MAX || s[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

int
topo_init(struct topo *t, const char *name, int ndars, int nmns)
{
	memset(t, 0, sizeof(*t));
	if (!topo_name_ok(name) || ndars < 1 || ndars > TOPO_MAX_DARS ||
	    nmns < 1 || nmns > TOPO_MAX_MNS) {
		errno = EINVAL;
		return -1;
	}
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->ndars = ndars;
	t->nmns = nmns;
	return 0;
}

void
topo_ns(const struct topo *t, enum topo_node node, int i, char *buf,
    size_t len)
{
	switch (node) {
	case TOPO_CN:
		snprintf(buf, len, "%s-cn", t->name);
		break;
	case TOPO_ROUTER:
		snprintf(buf, len, "%s-r", t->name);
		break;
	case TOPO_SWITCH:
		snprintf(buf, len, "%s-sw", t->name);
		break;
	case TOPO_DAR:
		snprintf(buf, len, "%s-dar%d", t->name, i);
		break;
	case TOPO_MN:
		snprintf(buf, len, "%s-mn%d", t->name, i);
		break;
	}
}

int
topo_node_ns(const struct topo *t, const char *node, char *buf, size_t len)
{
	int i;
	char c;

	if (strcmp(node, "cn") == 0)
		topo_ns(t, TOPO_CN, 0, buf, len);
	else if (strcmp(node, "r") == 0)
		topo_ns(t, TOPO_ROUTER, 0, buf, len);
	else if (strcmp(node, "sw") == 0)
		topo_ns(t, TOPO_SWITCH, 0, buf, len);
	else if (sscanf(node, "dar%d%c", &i, &c) == 1 && i >= 1 &&
	    i <= t->ndars && node[3] != '0')
		topo_ns(t, TOPO_DAR, i, buf, len);
	else if (sscanf(node, "mn%d%c", &i, &c) == 1 && i >= 1 &&
	    i <= t->nmns && node[2] != '0')
		topo_ns(t, TOPO_MN, i, buf, len);
	else {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

static void
mkaddr(struct in6_addr *a, uint16_t g3, uint16_t last)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	a->s6_addr[4] = (uint8_t)(g3 >> 8);
	a->s6_addr[5] = (uint8_t)g3;
	a->s6_addr[14] = (uint8_t)(last >> 8);
	a->s6_addr[15] = (uint8_t)last;
}

void
topo_cn_addr(struct in6_addr *a)
{
	mkaddr(a, 0xff, 0x100);
}

void
topo_anchor(int dar, struct in6_addr *a)
{
	mkaddr(a, (uint16_t)dar, 1);
}

void
topo_dar_core(int dar, struct in6_addr *a)
{
	mkaddr(a, 0xfe, (uint16_t)dar);
}

int
topo_dar_of(const struct topo *t, const struct in6_addr *a)
{
	struct in6_addr p;
	int i;

	for (i = 1; i <= t->ndars; i++) {
		topo_anchor(i, &p);
		if (memcmp(p.s6_addr, a->s6_addr, 8) == 0)
			return i;
	}
	return 0;
}

/* --- building ------------------------------------------------------------ */

struct topo_err {
	char	*buf;
	size_t	 len;
};

static int
fail(struct topo_err *e, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	n = strlen(e->buf);
	snprintf(e->buf + n, e->len - n, ": %s", strerror(saved));
	errno = saved;
	return -1;
}

static int
open_nl(void *arg)
{
	struct nl **nl = arg;

	return (*nl = nl_open()) == NULL ? -1 : 0;
}

static struct nl *
ns_nl(const char *ns)
{
	struct nl *nl = NULL;

	if (ns_run(ns, open_nl, &nl) == -1)
		return NULL;
	return nl;
}

/* A bridge without multicast snooping: neighbour discovery's multicast
 * reaches every port whatever MLD reports the bridge has (not) seen. */
static int
add_bridge(struct nl *nl, const char *name)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct nlattr *li, *data;
	size_t len = sizeof(buf);

	if ((nlh = nl_msg(buf, len, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(struct ifinfomsg))) == NULL ||
	    nl_put_str(nlh, len, IFLA_IFNAME, name) == -1 ||
	    (li = nl_nest(nlh, len, IFLA_LINKINFO)) == NULL ||
	    nl_put_str(nlh, len, IFLA_INFO_KIND, "bridge") == -1 ||
	    (data = nl_nest(nlh, len, IFLA_INFO_DATA)) == NULL ||
	    nl_put_u8(nlh, len, IFLA_BR_MCAST_SNOOPING, 0) == -1)
		return -1;
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int
up(struct nl *nl, const char *name)
{
	int i;

	if ((i = link_index(nl, name)) <= 0 || link_set_up(nl, i, true) == -1)
		return -1;
	return i;
}

static int
address(struct nl *nl, const char *dev, const struct in6_addr *a,
    uint8_t plen)
{
	struct addr_info ai;

	memset(&ai, 0, sizeof(ai));
	if ((ai.ifindex = link_index(nl, dev)) <= 0)
		return -1;
	ai.addr = *a;
	ai.plen = plen;
	ai.proto = TOPO_PROTO;
	ai.flags = IFA_F_NODAD;
	return addr_add(nl, &ai);
}

static int
route(struct nl *nl, const struct in6_addr *dst, uint8_t plen,
    const struct in6_addr *gw)
{
	struct route_info r;

	route_init(&r, dst, plen);
	r.gw = *gw;
	r.protocol = TOPO_PROTO;
	return route_add(nl, &r);
}

/* Sysctls every namespace gets before its links exist (new links copy
 * the namespace's defaults): no DAD, which only delays a lab. */
static int
ns_prepare(const char *ns, enum topo_node node)
{
	static const char *dad[] = { "net/ipv6/conf/all/accept_dad",
	    "net/ipv6/conf/default/accept_dad" };
	size_t i;

	for (i = 0; i < 2; i++)
		if (sysctl_set_ns(ns, dad[i], "0") == -1)
			return -1;
	switch (node) {
	case TOPO_SWITCH:
		/* a switch: no addresses, no RS, no MLD of its own */
		if (sysctl_set_ns(ns, "net/ipv6/conf/all/disable_ipv6",
		    "1") == -1 ||
		    sysctl_set_ns(ns, "net/ipv6/conf/default/disable_ipv6",
		    "1") == -1)
			return -1;
		break;
	case TOPO_ROUTER:
		if (sysctl_set_ns(ns, "net/ipv6/conf/all/forwarding",
		    "1") == -1)
			return -1;
		break;
	case TOPO_MN:
		/* the MN daemon handles RAs itself; the kernel never makes
		 * addresses from them here */
		if (sysctl_set_ns(ns, "net/ipv6/conf/default/accept_ra",
		    "0") == -1 ||
		    sysctl_set_ns(ns, "net/ipv6/conf/default/autoconf",
		    "0") == -1)
			return -1;
		break;
	default:
		break;
	}
	return 0;
}

struct topo_nl {
	struct nl	*cn, *r, *sw;
	struct nl	*dar[TOPO_MAX_DARS + 1];
	struct nl	*mn[TOPO_MAX_MNS + 1];
};

static void
close_all(struct topo_nl *n)
{
	int i;

	nl_close(n->cn);
	nl_close(n->r);
	nl_close(n->sw);
	for (i = 0; i <= TOPO_MAX_DARS; i++)
		nl_close(n->dar[i]);
	for (i = 0; i <= TOPO_MAX_MNS; i++)
		nl_close(n->mn[i]);
}

static int
make_ns(const struct topo *t, enum topo_node node, int i, struct nl **nl,
    struct topo_err *e)
{
	char ns[TOPO_NS_MAX];
	int lo;

	topo_ns(t, node, i, ns, sizeof(ns));
	if (ns_add(ns) == -1)
		return fail(e, "namespace %s", ns);
	if (ns_prepare(ns, node) == -1)
		return fail(e, "%s: sysctls", ns);
	if ((*nl = ns_nl(ns)) == NULL)
		return fail(e, "%s: netlink", ns);
	if ((lo = link_index(*nl, "lo")) <= 0 ||
	    link_set_up(*nl, lo, true) == -1)
		return fail(e, "%s: lo", ns);
	return 0;
}

/* A veth pair: name in the namespace of nl, peer in namespace peer_ns. */
static int
veth(const struct topo *t, struct nl *nl, const char *name,
    enum topo_node peer_node, int peer_i, const char *peer,
    struct topo_err *e)
{
	char ns[TOPO_NS_MAX];
	int fd, rc;

	topo_ns(t, peer_node, peer_i, ns, sizeof(ns));
	if ((fd = ns_open(ns)) == -1)
		return fail(e, "%s", ns);
	rc = link_add_veth(nl, name, peer, fd);
	close(fd);
	if (rc == -1)
		return fail(e, "veth %s/%s: %s", name, peer, nl_last_extack(nl));
	return 0;
}

static int
build(struct topo *t, struct topo_nl *n, struct topo_err *e)
{
	struct in6_addr a, gw, p;
	char dev[IFNAMSIZ], dev2[IFNAMSIZ];
	int i, bb, br;

	if (make_ns(t, TOPO_CN, 0, &n->cn, e) == -1 ||
	    make_ns(t, TOPO_ROUTER, 0, &n->r, e) == -1 ||
	    make_ns(t, TOPO_SWITCH, 0, &n->sw, e) == -1)
		return -1;
	for (i = 1; i <= t->ndars; i++)
		if (make_ns(t, TOPO_DAR, i, &n->dar[i], e) == -1)
			return -1;
	for (i = 1; i <= t->nmns; i++)
		if (make_ns(t, TOPO_MN, i, &n->mn[i], e) == -1)
			return -1;

	/* the CN's link to the router */
	if (veth(t, n->cn, "eth0", TOPO_ROUTER, 0, "cn0", e) == -1)
		return -1;
	topo_cn_addr(&a);
	mkaddr(&gw, 0xff, 1);
	if (up(n->cn, "eth0") == -1 || address(n->cn, "eth0", &a, 64) == -1 ||
	    up(n->r, "cn0") == -1 || address(n->r, "cn0", &gw, 64) == -1)
		return fail(e, "CN link");
	memset(&p, 0, sizeof(p));
	if (route(n->cn, &p, 0, &gw) == -1)
		return fail(e, "CN default route");

	/* the backbone: a bridge in the router, a port per DAR */
	if (add_bridge(n->r, "bb") == -1 || (bb = up(n->r, "bb")) == -1)
		return fail(e, "backbone bridge");
	mkaddr(&gw, 0xfe, 0xff);
	if (address(n->r, "bb", &gw, 64) == -1)
		return fail(e, "backbone address");
	for (i = 1; i <= t->ndars; i++) {
		snprintf(dev, sizeof(dev), "dar%d", i);
		if (veth(t, n->r, dev, TOPO_DAR, i, "core0", e) == -1)
			return -1;
		if (link_set_master(n->r, link_index(n->r, dev), bb) == -1 ||
		    up(n->r, dev) == -1)
			return fail(e, "backbone port %s", dev);
		topo_dar_core(i, &a);
		if (up(n->dar[i], "core0") == -1 ||
		    address(n->dar[i], "core0", &a, 64) == -1)
			return fail(e, "DAR %d backbone address: %s", i,
			    nl_last_extack(n->dar[i]));
		if (route(n->dar[i], &p, 0, &gw) == -1)
			return fail(e, "DAR %d default route: %s", i,
			    nl_last_extack(n->dar[i]));
	}
	/* the router reaches each access prefix through its DAR */
	for (i = 1; i <= t->ndars; i++) {
		struct in6_addr via;

		topo_anchor(i, &a);
		topo_dar_core(i, &via);
		if (route(n->r, &a, 64, &via) == -1 && errno != EEXIST)
			return fail(e, "route to DAR %d's prefix", i);
	}

	/* the access links: a bridge per DAR in the switch */
	for (i = 1; i <= t->ndars; i++) {
		snprintf(dev, sizeof(dev), "acc%d", i);
		snprintf(dev2, sizeof(dev2), "d%d", i);
		if (add_bridge(n->sw, dev) == -1 || (br = up(n->sw, dev)) == -1)
			return fail(e, "access bridge %s", dev);
		if (veth(t, n->dar[i], "acc0", TOPO_SWITCH, 0, dev2, e) == -1)
			return -1;
		if (link_set_master(n->sw, link_index(n->sw, dev2), br) == -1 ||
		    up(n->sw, dev2) == -1)
			return fail(e, "access port %s", dev2);
		topo_anchor(i, &a);
		if (up(n->dar[i], "acc0") == -1 ||
		    address(n->dar[i], "acc0", &a, 64) == -1)
			return fail(e, "DAR %d access address", i);
	}

	/* the MNs' access ports, attached nowhere yet */
	for (i = 1; i <= t->nmns; i++) {
		snprintf(dev2, sizeof(dev2), "m%d", i);
		if (veth(t, n->mn[i], "eth0", TOPO_SWITCH, 0, dev2, e) == -1)
			return -1;
		if (up(n->mn[i], "eth0") == -1)
			return fail(e, "MN %d eth0", i);
		t->mn_at[i - 1] = 0;
	}
	return 0;
}

int
topo_up(struct topo *t, char *err, size_t errlen)
{
	struct topo_err e = { err, errlen };
	struct topo_nl n;
	int rc;

	memset(&n, 0, sizeof(n));
	err[0] = '\0';
	rc = build(t, &n, &e);
	close_all(&n);
	return rc;
}

static bool
ns_exists(const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", NS_RUN_DIR, ns);
	return stat(path, &st) == 0;
}

static int
each_ns(const struct topo *t, int (*fn)(const char *, void *), void *arg)
{
	char ns[TOPO_NS_MAX];
	int i, rc = 0;

	topo_ns(t, TOPO_CN, 0, ns, sizeof(ns));
	rc |= fn(ns, arg);
	topo_ns(t, TOPO_ROUTER, 0, ns, sizeof(ns));
	rc |= fn(ns, arg);
	topo_ns(t, TOPO_SWITCH, 0, ns, sizeof(ns));
	rc |= fn(ns, arg);
	for (i = 1; i <= TOPO_MAX_DARS; i++) {
		topo_ns(t, TOPO_DAR, i, ns, sizeof(ns));
		rc |= fn(ns, arg);
	}
	for (i = 1; i <= TOPO_MAX_MNS; i++) {
		topo_ns(t, TOPO_MN, i, ns, sizeof(ns));
		rc |= fn(ns, arg);
	}
	return rc;
}

static int
del_one(const char *ns, void *arg)
{
	(void)arg;
	if (!ns_exists(ns))
		return 0;
	return ns_del(ns) == -1 ? -1 : 0;
}

static int
count_one(const char *ns, void *arg)
{
	if (ns_exists(ns))
		(*(int *)arg)++;
	return 0;
}

int
topo_down(const struct topo *t)
{
	/* every possible node, whatever the counts: a lab made with more
	 * DARs under the same name is removed whole */
	return each_ns(t, del_one, NULL) != 0 ? -1 : 0;
}

int
topo_count_ns(const struct topo *t)
{
	int n = 0;

	each_ns(t, count_one, &n);
	return n;
}

int
topo_move(struct topo *t, int mn, int dar, unsigned gap_ms,
    uint64_t *down_us, uint64_t *up_us)
{
	char ns[TOPO_NS_MAX], port[IFNAMSIZ], br[IFNAMSIZ];
	struct nl *nl;
	int pi, bi = 0, rc = -1;

	if (mn < 1 || mn > t->nmns || dar < 0 || dar > t->ndars) {
		errno = EINVAL;
		return -1;
	}
	topo_ns(t, TOPO_SWITCH, 0, ns, sizeof(ns));
	if ((nl = ns_nl(ns)) == NULL)
		return -1;
	snprintf(port, sizeof(port), "m%d", mn);
	snprintf(br, sizeof(br), "acc%d", dar);
	if ((pi = link_index(nl, port)) <= 0 ||
	    (dar > 0 && (bi = link_index(nl, br)) <= 0))
		goto out;
	*down_us = run_now_us();
	if (link_set_up(nl, pi, false) == -1 ||
	    link_set_master(nl, pi, bi) == -1)
		goto out;
	t->mn_at[mn - 1] = 0;
	if (dar == 0) {
		*up_us = *down_us;
		rc = 0;
		goto out;
	}
	if (gap_ms > 0)
		run_sleep(gap_ms, NULL);
	*up_us = run_now_us();
	if (link_set_up(nl, pi, true) == -1)
		goto out;
	t->mn_at[mn - 1] = dar;
	rc = 0;
out:
	nl_close(nl);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0-only
/* nltool: a test driver that exercises netns/ verb by verb for the
 * namespace tests (tests/netns/t_*.sh), plus tiny UDP/TCP echo endpoints
 * and the route-install benchmark.  Not installed; not part of fama. */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/lwtunnel.h>
#include <linux/seg6_iptunnel.h>
#include <linux/seg6_local.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netns/addr.h"
#include "netns/link.h"
#include "netns/neigh.h"
#include "netns/nl.h"
#include "netns/ns.h"
#include "netns/reconcile.h"
#include "netns/route.h"
#include "netns/rule.h"
#include "netns/seg6.h"
#include "netns/sysctl.h"
#include "netns/tunnel.h"

static struct nl *nl;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: nltool [-n netns] object verb [args ...]\n"
	    "objects: ns link addr route rule neigh sysctl seg6 tunnel reconcile\n"
	    "         events udp-echo udp-ping tcp-echo tcp-ping bench\n");
	exit(2);
}

/* A failed request: the errno text and the kernel's own message. */
static void __attribute__((noreturn))
fail(const char *what)
{
	int e = errno;

	if (nl != NULL && *nl_last_extack(nl) != '\0')
		errx(1, "%s: %s: %s", what, strerror(e), nl_last_extack(nl));
	errx(1, "%s: %s", what, strerror(e));
}

static struct nl *
req(void)
{
	if (nl == NULL && (nl = nl_open()) == NULL)
		fail("nl_open");
	return nl;
}

static void
parse_in6(const char *s, struct in6_addr *a)
{
	if (inet_pton(AF_INET6, s, a) != 1)
		errx(2, "bad IPv6 address: %s", s);
}

static void
parse_prefix(const char *s, struct in6_addr *a, uint8_t *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long n = 128;

	if (strcmp(s, "default") == 0) {
		memset(a, 0, sizeof(*a));
		*plen = 0;
		return;
	}
	if (strlen(s) >= sizeof(buf))
		errx(2, "bad prefix: %s", s);
	strcpy(buf, s);
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		n = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || n > 128)
			errx(2, "bad prefix length: %s", s);
	}
	parse_in6(buf, a);
	*plen = (uint8_t)n;
}

static unsigned long
parse_num(const char *s, unsigned long max)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || errno != 0 || n > max)
		errx(2, "bad number: %s", s);
	return n;
}

static int
ifindex_of(const char *name)
{
	int i;

	if (strcmp(name, "none") == 0)
		return 0;
	if ((i = link_index(req(), name)) == -1)
		fail(name);
	return i;
}

static const char *
ntop(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* ---- ns, sysctl ---------------------------------------------------- */

static int
cmd_ns(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[0], "add") == 0) {
		if (ns_add(argv[1]) == -1)
			fail("ns add");
	} else if (argc == 2 && strcmp(argv[0], "del") == 0) {
		if (ns_del(argv[1]) == -1)
			fail("ns del");
	} else
		usage();
	return 0;
}

static int
cmd_sysctl(int argc, char **argv)
{
	char buf[256];

	if (argc == 3 && strcmp(argv[0], "set") == 0) {
		if (sysctl_set(argv[1], argv[2]) == -1)
			fail("sysctl set");
	} else if (argc == 4 && strcmp(argv[0], "set-ns") == 0) {
		if (sysctl_set_ns(argv[1], argv[2], argv[3]) == -1)
			fail("sysctl set-ns");
	} else if (argc == 2 && strcmp(argv[0], "get") == 0) {
		if (sysctl_get(argv[1], buf, sizeof(buf)) == -1)
			fail("sysctl get");
		printf("%s\n", buf);
	} else if (argc == 3 && strcmp(argv[0], "get-ns") == 0) {
		if (sysctl_get_ns(argv[1], argv[2], buf, sizeof(buf)) == -1)
			fail("sysctl get-ns");
		printf("%s\n", buf);
	} else
		usage();
	return 0;
}

/* seg6 tunsrc [ADDR]: show or set the namespace's SRv6 tunnel source. */
static int
cmd_seg6(int argc, char **argv)
{
	char s[INET6_ADDRSTRLEN];
	struct in6_addr a;
	struct nl *g;

	if (argc < 1 || argc > 2 || strcmp(argv[0], "tunsrc") != 0)
		usage();
	if ((g = nl_open_proto(NETLINK_GENERIC)) == NULL)
		err(1, "genl");
	if (argc == 2) {
		parse_in6(argv[1], &a);
		if (seg6_tunsrc_set(g, &a) == -1)
			err(1, "seg6 tunsrc set");
	} else {
		if (seg6_tunsrc_get(g, &a) == -1)
			err(1, "seg6 tunsrc get");
		printf("%s\n", inet_ntop(AF_INET6, &a, s, sizeof(s)));
	}
	nl_close(g);
	return 0;
}

/* ---- link ---------------------------------------------------------- */

static void
print_link(const struct link_info *l)
{
	printf("%d %s mtu %u master %d flags 0x%x carrier %d kind %s\n",
	    l->ifindex, l->name, l->mtu, l->master, l->flags, l->carrier,
	    l->kind[0] != '\0' ? l->kind : "-");
}

static int
cmd_link(int argc, char **argv)
{
	struct link_info *v, l;
	size_t i, n;
	int fd = -1;

	if (argc < 1)
		usage();
	if (argc == 1 && strcmp(argv[0], "list") == 0) {
		if (link_list(req(), &v, &n) == -1)
			fail("link list");
		for (i = 0; i < n; i++)
			print_link(&v[i]);
		free(v);
	} else if (argc == 2 && strcmp(argv[0], "show") == 0) {
		if (link_get(req(), 0, argv[1], &l) == -1)
			fail("link show");
		print_link(&l);
	} else if (argc == 2 && (strcmp(argv[0], "up") == 0 ||
	    strcmp(argv[0], "down") == 0)) {
		if (link_set_up(req(), ifindex_of(argv[1]),
		    argv[0][0] == 'u') == -1)
			fail("link up/down");
	} else if ((argc == 3 || argc == 4) && strcmp(argv[0], "veth") == 0) {
		if (argc == 4 && (fd = ns_open(argv[3])) == -1)
			fail(argv[3]);
		if (link_add_veth(req(), argv[1], argv[2], fd) == -1)
			fail("link veth");
	} else if (argc == 2 && strcmp(argv[0], "bridge") == 0) {
		if (link_add_bridge(req(), argv[1]) == -1)
			fail("link bridge");
	} else if (argc == 3 && strcmp(argv[0], "master") == 0) {
		if (link_set_master(req(), ifindex_of(argv[1]),
		    ifindex_of(argv[2])) == -1)
			fail("link master");
	} else if (argc == 3 && strcmp(argv[0], "mtu") == 0) {
		if (link_set_mtu(req(), ifindex_of(argv[1]),
		    (uint32_t)parse_num(argv[2], UINT32_MAX)) == -1)
			fail("link mtu");
	} else if (argc == 3 && strcmp(argv[0], "netns") == 0) {
		if ((fd = ns_open(argv[2])) == -1)
			fail(argv[2]);
		if (link_set_netns(req(), ifindex_of(argv[1]), fd) == -1)
			fail("link netns");
	} else if (argc == 2 && strcmp(argv[0], "del") == 0) {
		if (link_del(req(), ifindex_of(argv[1])) == -1)
			fail("link del");
	} else
		usage();
	if (fd != -1)
		close(fd);
	return 0;
}

/* ---- addr ---------------------------------------------------------- */

/* IF ADDR/PLEN [nodad] [optimistic] [noprefixroute] [preferred S]
 * [valid S] [proto N] */
static void
parse_addr(int argc, char **argv, struct addr_info *a)
{
	int i;

	if (argc < 2)
		usage();
	memset(a, 0, sizeof(*a));
	a->ifindex = ifindex_of(argv[0]);
	parse_prefix(argv[1], &a->addr, &a->plen);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "nodad") == 0)
			a->flags |= IFA_F_NODAD;
		else if (strcmp(argv[i], "optimistic") == 0)
			a->flags |= IFA_F_OPTIMISTIC;
		else if (strcmp(argv[i], "noprefixroute") == 0)
			a->flags |= IFA_F_NOPREFIXROUTE;
		else if (i + 1 < argc && strcmp(argv[i], "preferred") == 0)
			a->preferred = (uint32_t)parse_num(argv[++i],
			    UINT32_MAX);
		else if (i + 1 < argc && strcmp(argv[i], "valid") == 0)
			a->valid = (uint32_t)parse_num(argv[++i], UINT32_MAX);
		else if (i + 1 < argc && strcmp(argv[i], "proto") == 0)
			a->proto = (uint8_t)parse_num(argv[++i], 255);
		else
			usage();
	}
}

static void
print_addr(const struct addr_info *a)
{
	char b[INET6_ADDRSTRLEN];

	printf("%d %s/%u proto %u flags 0x%x preferred %u valid %u\n",
	    a->ifindex, ntop(&a->addr, b), a->plen, a->proto, a->flags,
	    a->preferred, a->valid);
}

static int
cmd_addr(int argc, char **argv)
{
	struct addr_info a, *v;
	size_t i, n;
	int ifindex = 0, r;

	if (argc < 1)
		usage();
	if (strcmp(argv[0], "add") == 0) {
		parse_addr(argc - 1, argv + 1, &a);
		if (addr_add(req(), &a) == -1)
			fail("addr add");
	} else if (strcmp(argv[0], "del") == 0) {
		parse_addr(argc - 1, argv + 1, &a);
		if (addr_del(req(), &a) == -1)
			fail("addr del");
	} else if (strcmp(argv[0], "deprecate") == 0) {
		parse_addr(argc - 1, argv + 1, &a);
		if (addr_deprecate(req(), &a) == -1)
			fail("addr deprecate");
	} else if (strcmp(argv[0], "list") == 0 ||
	    strcmp(argv[0], "owned") == 0) {
		if (argc == 2)
			ifindex = ifindex_of(argv[1]);
		else if (argc != 1)
			usage();
		r = argv[0][0] == 'l' ? addr_list(req(), ifindex, &v, &n) :
		    addr_list_owned(req(), ifindex, &v, &n);
		if (r == -1)
			fail("addr list");
		for (i = 0; i < n; i++)
			print_addr(&v[i]);
		free(v);
	} else
		usage();
	return 0;
}

/* ---- route --------------------------------------------------------- */

/* PREFIX [from PREFIX] [via GW] [dev IF] [table T] [metric M] [mtu M]
 * [proto P] [src ADDR] [seg6 SEG[,SEG...]] [seg6-encap SEG] [dt6 T]
 * [unreachable] */
static void
parse_route(int argc, char **argv, struct route_info *r)
{
	char *s, *tok, *save;
	int i;

	if (argc < 1)
		usage();
	route_init(r, NULL, 0);
	parse_prefix(argv[0], &r->dst, &r->dst_len);
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc && strcmp(argv[i], "unreachable") != 0)
			usage();
		if (strcmp(argv[i], "from") == 0)
			parse_prefix(argv[++i], &r->src, &r->src_len);
		else if (strcmp(argv[i], "via") == 0)
			parse_in6(argv[++i], &r->gw);
		else if (strcmp(argv[i], "src") == 0)
			parse_in6(argv[++i], &r->prefsrc);
		else if (strcmp(argv[i], "dev") == 0)
			r->oif = ifindex_of(argv[++i]);
		else if (strcmp(argv[i], "table") == 0)
			r->table = (uint32_t)parse_num(argv[++i], UINT32_MAX);
		else if (strcmp(argv[i], "metric") == 0)
			r->metric = (uint32_t)parse_num(argv[++i], UINT32_MAX);
		else if (strcmp(argv[i], "mtu") == 0)
			r->metrics[RTAX_MTU] = (uint32_t)parse_num(argv[++i],
			    UINT32_MAX);
		else if (strcmp(argv[i], "proto") == 0)
			r->protocol = (uint8_t)parse_num(argv[++i], 255);
		else if (strcmp(argv[i], "seg6") == 0 ||
		    strcmp(argv[i], "seg6-encap") == 0) {
			r->encap = ROUTE_ENCAP_SEG6;
			r->seg6_mode = strcmp(argv[i], "seg6") == 0 ?
			    SEG6_IPTUN_MODE_ENCAP_RED : SEG6_IPTUN_MODE_ENCAP;
			if ((s = strdup(argv[++i])) == NULL)
				err(1, "strdup");
			for (tok = strtok_r(s, ",", &save); tok != NULL;
			    tok = strtok_r(NULL, ",", &save)) {
				if (r->nsegs == ROUTE_SEG6_MAX)
					errx(2, "too many segments");
				parse_in6(tok, &r->segs[r->nsegs++]);
			}
			free(s);
		} else if (strcmp(argv[i], "dt6") == 0) {
			r->encap = ROUTE_ENCAP_SEG6LOCAL;
			r->seg6local_action = SEG6_LOCAL_ACTION_END_DT6;
			r->seg6local_table = (uint32_t)parse_num(argv[++i],
			    UINT32_MAX);
		} else if (strcmp(argv[i], "unreachable") == 0)
			r->type = RTN_UNREACHABLE;
		else
			usage();
	}
}

static void
print_route(const struct route_info *r)
{
	char b[INET6_ADDRSTRLEN];
	size_t i;

	printf("table %u %s/%u", r->table, ntop(&r->dst, b), r->dst_len);
	if (r->src_len > 0)
		printf(" from %s/%u", ntop(&r->src, b), r->src_len);
	if (!IN6_IS_ADDR_UNSPECIFIED(&r->gw))
		printf(" via %s", ntop(&r->gw, b));
	printf(" dev %d metric %u proto %u type %u", r->oif, r->metric,
	    r->protocol, r->type);
	if (r->metrics[RTAX_MTU] != 0)
		printf(" mtu %u", r->metrics[RTAX_MTU]);
	if (r->encap == ROUTE_ENCAP_SEG6) {
		printf(" seg6 mode %u segs", r->seg6_mode);
		for (i = 0; i < r->nsegs; i++)
			printf("%c%s", i == 0 ? ' ' : ',',
			    ntop(&r->segs[i], b));
	} else if (r->encap == ROUTE_ENCAP_SEG6LOCAL)
		printf(" seg6local action %u table %u", r->seg6local_action,
		    r->seg6local_table);
	printf("\n");
}

static int
cmd_route(int argc, char **argv)
{
	struct route_filter f = { 0, 0, 0 };
	struct route_info r, *v;
	struct in6_addr a;
	size_t i, n;
	int ret;

	if (argc < 1)
		usage();
	if (strcmp(argv[0], "add") == 0 || strcmp(argv[0], "replace") == 0 ||
	    strcmp(argv[0], "del") == 0) {
		parse_route(argc - 1, argv + 1, &r);
		if (argv[0][0] == 'a')
			ret = route_add(req(), &r);
		else if (argv[0][0] == 'r')
			ret = route_replace(req(), &r);
		else
			ret = route_del(req(), &r);
		if (ret == -1)
			fail("route");
	} else if (argc == 2 && strcmp(argv[0], "get") == 0) {
		parse_in6(argv[1], &a);
		if (route_get(req(), &a, &r) == -1)
			fail("route get");
		print_route(&r);
	} else if (strcmp(argv[0], "list") == 0 ||
	    strcmp(argv[0], "owned") == 0) {
		for (i = 1; i + 1 < (size_t)argc; i += 2) {
			if (strcmp(argv[i], "table") == 0)
				f.table = (uint32_t)parse_num(argv[i + 1],
				    UINT32_MAX);
			else if (strcmp(argv[i], "proto") == 0)
				f.protocol = (uint8_t)parse_num(argv[i + 1],
				    255);
			else if (strcmp(argv[i], "dev") == 0)
				f.oif = ifindex_of(argv[i + 1]);
			else
				usage();
		}
		if (argv[0][0] == 'o')
			ret = route_list_owned(req(), f.table, &v, &n);
		else
			ret = route_list(req(), &f, &v, &n);
		if (ret == -1)
			fail("route list");
		for (i = 0; i < n; i++)
			print_route(&v[i]);
		free(v);
	} else
		usage();
	return 0;
}

/* ---- rule ---------------------------------------------------------- */

/* pref P [from PREFIX] [to PREFIX] [ipproto N] [table T] [proto P] */
static void
parse_rule(int argc, char **argv, struct rule_info *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "pref") == 0)
			r->pref = (uint32_t)parse_num(argv[i + 1], UINT32_MAX);
		else if (strcmp(argv[i], "from") == 0)
			parse_prefix(argv[i + 1], &r->src, &r->src_len);
		else if (strcmp(argv[i], "to") == 0)
			parse_prefix(argv[i + 1], &r->dst, &r->dst_len);
		else if (strcmp(argv[i], "ipproto") == 0)
			r->ipproto = (uint8_t)parse_num(argv[i + 1], 255);
		else if (strcmp(argv[i], "table") == 0)
			r->table = (uint32_t)parse_num(argv[i + 1],
			    UINT32_MAX);
		else if (strcmp(argv[i], "proto") == 0)
			r->protocol = (uint8_t)parse_num(argv[i + 1], 255);
		else
			usage();
	}
	if (i != argc)
		usage();
}

static void
print_rule(const struct rule_info *r)
{
	char b[INET6_ADDRSTRLEN];

	printf("pref %u", r->pref);
	if (r->src_len > 0)
		printf(" from %s/%u", ntop(&r->src, b), r->src_len);
	if (r->dst_len > 0)
		printf(" to %s/%u", ntop(&r->dst, b), r->dst_len);
	if (r->ipproto != 0)
		printf(" ipproto %u", r->ipproto);
	printf(" table %u action %u proto %u%s\n", r->table, r->action,
	    r->protocol, r->other ? " other" : "");
}

static int
cmd_rule(int argc, char **argv)
{
	struct rule_info r, *v;
	size_t i, n;
	int ret;

	if (argc < 1)
		usage();
	if (strcmp(argv[0], "add") == 0 || strcmp(argv[0], "ensure") == 0 ||
	    strcmp(argv[0], "del") == 0) {
		parse_rule(argc - 1, argv + 1, &r);
		if (argv[0][0] == 'a')
			ret = rule_add(req(), &r);
		else if (argv[0][0] == 'e')
			ret = rule_ensure(req(), &r);
		else
			ret = rule_del(req(), &r);
		if (ret == -1)
			fail("rule");
	} else if (argc == 1 && (strcmp(argv[0], "list") == 0 ||
	    strcmp(argv[0], "owned") == 0)) {
		ret = argv[0][0] == 'l' ? rule_list(req(), &v, &n) :
		    rule_list_owned(req(), &v, &n);
		if (ret == -1)
			fail("rule list");
		for (i = 0; i < n; i++)
			print_rule(&v[i]);
		free(v);
	} else if (argc == 2 && strcmp(argv[0], "local-move") == 0) {
		if (rule_local_move(req(), (uint32_t)parse_num(argv[1],
		    UINT32_MAX)) == -1)
			fail("rule local-move");
	} else if (argc == 2 && strcmp(argv[0], "local-restore") == 0) {
		if (rule_local_restore(req(), (uint32_t)parse_num(argv[1],
		    UINT32_MAX)) == -1)
			fail("rule local-restore");
	} else
		usage();
	return 0;
}

/* ---- neigh --------------------------------------------------------- */

static int
cmd_neigh(int argc, char **argv)
{
	char b[INET6_ADDRSTRLEN];
	struct neigh_info *v;
	struct in6_addr a;
	size_t i, n;
	int ifindex = 0, ret;

	if (argc == 3 && (strcmp(argv[0], "proxy-add") == 0 ||
	    strcmp(argv[0], "proxy-del") == 0 ||
	    strcmp(argv[0], "proxy-claim") == 0)) {
		parse_in6(argv[2], &a);
		ifindex = ifindex_of(argv[1]);
		if (strcmp(argv[0], "proxy-add") == 0)
			ret = neigh_proxy_add(req(), ifindex, &a);
		else if (strcmp(argv[0], "proxy-del") == 0)
			ret = neigh_proxy_del(req(), ifindex, &a);
		else
			ret = neigh_proxy_claim(req(), ifindex, &a);
		if (ret == -1)
			fail("neigh proxy");
	} else if ((argc == 1 || argc == 2) &&
	    (strcmp(argv[0], "proxy-list") == 0 ||
	    strcmp(argv[0], "list") == 0)) {
		if (argc == 2)
			ifindex = ifindex_of(argv[1]);
		ret = argv[0][0] == 'p' ?
		    neigh_proxy_list(req(), ifindex, &v, &n) :
		    neigh_list(req(), ifindex, &v, &n);
		if (ret == -1)
			fail("neigh list");
		for (i = 0; i < n; i++)
			printf("%d %s state 0x%x flags 0x%x proto %u\n",
			    v[i].ifindex, ntop(&v[i].dst, b), v[i].state,
			    v[i].flags, v[i].protocol);
		free(v);
	} else if ((argc == 2 || argc == 3) &&
	    strcmp(argv[0], "flush") == 0) {
		parse_in6(argv[1], &a);
		if (argc == 3)
			ifindex = ifindex_of(argv[2]);
		if (neigh_flush(req(), &a, ifindex) == -1)
			fail("neigh flush");
	} else
		usage();
	return 0;
}

/* ---- tunnel -------------------------------------------------------- */

static int
cmd_tunnel(int argc, char **argv)
{
	struct in6_addr a, b;
	struct tunnel *t;
	int oif = 0, ret;

	if (argc < 1)
		usage();
	if ((t = tunnel_open(req(), NULL)) == NULL)
		fail("tunnel_open");
	if (argc == 1 && strcmp(argv[0], "flush") == 0)
		ret = tunnel_flush(t);
	else if ((argc == 3 || argc == 4) &&
	    strcmp(argv[0], "anchor-decap") == 0) {
		parse_in6(argv[2], &a);
		if (argc == 4)
			oif = ifindex_of(argv[3]);
		if (strcmp(argv[1], "up") == 0)
			ret = tunnel_anchor_decap_up(t, &a, oif);
		else if (strcmp(argv[1], "down") == 0)
			ret = tunnel_anchor_decap_down(t, &a);
		else
			usage();
	} else if ((argc == 3 || argc == 4) &&
	    strcmp(argv[0], "mn-decap") == 0) {
		parse_in6(argv[2], &a);
		if (argc == 4)
			oif = ifindex_of(argv[3]);
		if (strcmp(argv[1], "up") == 0)
			ret = tunnel_mn_decap_up(t, &a, oif);
		else if (strcmp(argv[1], "down") == 0)
			ret = tunnel_mn_decap_down(t, &a);
		else
			usage();
	} else if (argc >= 3 && (strcmp(argv[0], "anchor") == 0 ||
	    strcmp(argv[0], "mn") == 0)) {
		parse_in6(argv[2], &a);
		if (strcmp(argv[1], "down") == 0 && argc == 3)
			ret = argv[0][0] == 'a' ? tunnel_anchor_down(t, &a) :
			    tunnel_mn_down(t, &a);
		else if (strcmp(argv[1], "up") == 0 &&
		    (argc == 4 || argc == 5)) {
			parse_in6(argv[3], &b);
			if (argc == 5)
				oif = ifindex_of(argv[4]);
			ret = argv[0][0] == 'a' ?
			    tunnel_anchor_up(t, &a, &b, oif) :
			    tunnel_mn_up(t, &a, &b, oif);
		} else
			usage();
	} else
		usage();
	if (ret == -1)
		fail("tunnel");
	tunnel_close(t);
	return 0;
}

/* ---- reconcile ----------------------------------------------------- */

/* Splits a line of stdin into words, in place. */
static int
split(char *line, char **w, int max)
{
	char *save, *tok;
	int n = 0;

	for (tok = strtok_r(line, " \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\n", &save)) {
		if (n == max)
			errx(2, "line too long");
		w[n++] = tok;
	}
	return n;
}

/*
 * reconcile routes|rules|addrs [table T | dev IF]: the desired set is read
 * from stdin, one route/rule/addr specification per line.
 */
static int
cmd_reconcile(int argc, char **argv)
{
	struct reconcile_stats st;
	struct nl_vec v;
	char line[1024], *w[64];
	uint32_t table = 0;
	int n, ret, ifindex = 0;
	union {
		struct route_info	r;
		struct rule_info	u;
		struct addr_info	a;
	} e;

	if (argc != 1 && argc != 3)
		usage();
	if (argc == 3 && strcmp(argv[1], "table") == 0)
		table = (uint32_t)parse_num(argv[2], UINT32_MAX);
	else if (argc == 3 && strcmp(argv[1], "dev") == 0)
		ifindex = ifindex_of(argv[2]);
	else if (argc == 3)
		usage();
	if (strcmp(argv[0], "routes") == 0)
		nl_vec_init(&v, sizeof(e.r));
	else if (strcmp(argv[0], "rules") == 0)
		nl_vec_init(&v, sizeof(e.u));
	else if (strcmp(argv[0], "addrs") == 0)
		nl_vec_init(&v, sizeof(e.a));
	else
		usage();
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if ((n = split(line, w, 64)) == 0)
			continue;
		if (argv[0][1] == 'o')
			parse_route(n, w, &e.r);
		else if (argv[0][1] == 'u')
			parse_rule(n, w, &e.u);
		else
			parse_addr(n, w, &e.a);
		if (nl_vec_push(&v, &e) == -1)
			err(1, "push");
	}
	if (argv[0][1] == 'o')
		ret = route_reconcile(req(), table, v.v, v.n, &st);
	else if (argv[0][1] == 'u')
		ret = rule_reconcile(req(), v.v, v.n, &st);
	else
		ret = addr_reconcile(req(), ifindex, v.v, v.n, &st);
	nl_vec_free(&v);
	if (ret == -1)
		fail("reconcile");
	printf("kept %zu added %zu replaced %zu removed %zu\n", st.kept,
	    st.added, st.replaced, st.removed);
	return 0;
}

/* ---- events -------------------------------------------------------- */

static int
print_event(const struct nlmsghdr *nlh, void *arg)
{
	char b[INET6_ADDRSTRLEN];
	struct link_info l;
	struct addr_info a;
	struct route_info r;
	struct rule_info u;

	(void)arg;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (link_parse(nlh, &l) == 0)
			printf("%s %s up %d carrier %d\n",
			    nlh->nlmsg_type == RTM_NEWLINK ? "link" : "dellink",
			    l.name, (l.flags & IFF_UP) != 0, l.carrier);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (addr_parse(nlh, &a) == 0)
			printf("%s %s/%u\n", nlh->nlmsg_type == RTM_NEWADDR ?
			    "addr" : "deladdr", ntop(&a.addr, b), a.plen);
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (route_parse(nlh, &r) == 0)
			printf("%s table %u %s/%u\n",
			    nlh->nlmsg_type == RTM_NEWROUTE ? "route" :
			    "delroute", r.table, ntop(&r.dst, b), r.dst_len);
		break;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		if (rule_parse(nlh, &u) == 0)
			printf("%s pref %u table %u\n",
			    nlh->nlmsg_type == RTM_NEWRULE ? "rule" : "delrule",
			    u.pref, u.table);
		break;
	default:
		break;
	}
	fflush(stdout);
	return MNL_CB_OK;
}

/*
 * events MS [rcvbuf N] [pause MS]: prints "ready", then the events of
 * MS milliseconds.
 * pause: do not read for that long first (to make the kernel drop some);
 * prints "resync" when it did.
 */
static int
cmd_events(int argc, char **argv)
{
	struct timespec t0, now;
	struct nl *ev;
	struct pollfd pfd;
	long ms, left, pause_ms = 0;
	int i, rcvbuf = 0, ret;

	if (argc < 1)
		usage();
	ms = (long)parse_num(argv[0], 600000);
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "rcvbuf") == 0)
			rcvbuf = (int)parse_num(argv[i + 1], 1 << 24);
		else if (strcmp(argv[i], "pause") == 0)
			pause_ms = (long)parse_num(argv[i + 1], 600000);
		else
			usage();
	}
	if ((ev = nl_open_events(NL_GRP_LINK | NL_GRP_ADDR6 | NL_GRP_ROUTE6 |
	    NL_GRP_RULE6)) == NULL)
		fail("nl_open_events");
	if (rcvbuf > 0 && setsockopt(nl_fd(ev), SOL_SOCKET, SO_RCVBUFFORCE,
	    &rcvbuf, sizeof(rcvbuf)) == -1)
		err(1, "SO_RCVBUFFORCE");
	printf("ready\n");
	fflush(stdout);
	if (pause_ms > 0)
		poll(NULL, 0, (int)pause_ms);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - ((now.tv_sec - t0.tv_sec) * 1000 +
		    (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			break;
		pfd.fd = nl_fd(ev);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR)
			err(1, "poll");
		ret = nl_events(ev, print_event, NULL);
		if (ret == NL_RESYNC) {
			printf("resync\n");
			fflush(stdout);
		} else if (ret == -1)
			fail("nl_events");
	}
	nl_close(ev);
	return 0;
}

/* ---- traffic ------------------------------------------------------- */

#define ECHO_TIMEOUT_S	20

static void
sockaddr6(struct sockaddr_in6 *sa, const char *addr, const char *port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin6_family = AF_INET6;
	sa->sin6_port = htons((uint16_t)parse_num(port, 65535));
	if (addr != NULL)
		parse_in6(addr, &sa->sin6_addr);
}

static int
sock_bound(int type, const char *addr, const char *port)
{
	struct sockaddr_in6 sa;
	int s, one = 1;

	sockaddr6(&sa, addr, port);
	if ((s = socket(AF_INET6, type | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* The address may still be optimistic or arriving. */
	setsockopt(s, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		err(1, "bind %s", addr);
	return s;
}

/* udp-echo ADDR PORT COUNT: echoes COUNT datagrams, then exits. */
static int
cmd_udp_echo(int argc, char **argv)
{
	struct sockaddr_in6 from;
	socklen_t flen;
	uint8_t buf[65536];
	unsigned long count, i;
	ssize_t n;
	int s;

	if (argc != 3)
		usage();
	count = parse_num(argv[2], 1000000);
	s = sock_bound(SOCK_DGRAM, argv[0], argv[1]);
	alarm(ECHO_TIMEOUT_S);
	printf("ready\n");
	fflush(stdout);
	for (i = 0; i < count; i++) {
		flen = sizeof(from);
		if ((n = recvfrom(s, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &flen)) == -1)
			err(1, "recvfrom");
		if (sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from,
		    flen) == -1)
			err(1, "sendto");
	}
	close(s);
	return 0;
}

/*
 * udp-ping SRC DST PORT [SIZE]: one datagram from SRC, retried for up to
 * 10 s until its echo comes back from DST.
 */
static int
cmd_udp_ping(int argc, char **argv)
{
	struct sockaddr_in6 to, from;
	socklen_t flen;
	uint8_t out[65536], in[65536];
	struct pollfd pfd;
	size_t size = 64, i;
	ssize_t n;
	int s, tries;

	if (argc != 3 && argc != 4)
		usage();
	if (argc == 4)
		size = parse_num(argv[3], 60000);
	for (i = 0; i < size; i++)
		out[i] = (uint8_t)(i * 7 + getpid());
	s = sock_bound(SOCK_DGRAM, argv[0], "0");
	sockaddr6(&to, argv[1], argv[2]);
	for (tries = 0; tries < 50; tries++) {
		if (sendto(s, out, size, 0, (struct sockaddr *)&to,
		    sizeof(to)) == -1 && errno != ENETUNREACH &&
		    errno != EHOSTUNREACH && errno != EADDRNOTAVAIL)
			err(1, "sendto");
		pfd.fd = s;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		flen = sizeof(from);
		if ((n = recvfrom(s, in, sizeof(in), 0,
		    (struct sockaddr *)&from, &flen)) == -1)
			continue;
		if ((size_t)n == size && memcmp(in, out, size) == 0 &&
		    memcmp(&from.sin6_addr, &to.sin6_addr, 16) == 0) {
			printf("udp ok %zu\n", size);
			close(s);
			return 0;
		}
	}
	errx(1, "udp-ping: no echo from %s", argv[1]);
}

/* udp-send SRC DST PORT: one datagram, no answer awaited. */
static int
cmd_udp_send(int argc, char **argv)
{
	struct sockaddr_in6 to;
	int s;

	if (argc != 3)
		usage();
	s = sock_bound(SOCK_DGRAM, argv[0], "0");
	sockaddr6(&to, argv[1], argv[2]);
	if (sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) == -1)
		err(1, "sendto");
	close(s);
	return 0;
}

static int
write_all(int s, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(s, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* tcp-echo ADDR PORT COUNT: echoes COUNT connections to their end. */
static int
cmd_tcp_echo(int argc, char **argv)
{
	uint8_t buf[65536];
	unsigned long count, i;
	ssize_t n;
	int s, c;

	if (argc != 3)
		usage();
	count = parse_num(argv[2], 1000000);
	s = sock_bound(SOCK_STREAM, argv[0], argv[1]);
	if (listen(s, 8) == -1)
		err(1, "listen");
	alarm(ECHO_TIMEOUT_S);
	printf("ready\n");
	fflush(stdout);
	for (i = 0; i < count; i++) {
		if ((c = accept(s, NULL, NULL)) == -1)
			err(1, "accept");
		while ((n = read(c, buf, sizeof(buf))) > 0)
			if (write_all(c, buf, (size_t)n) == -1)
				err(1, "write");
		if (n == -1)
			err(1, "read");
		close(c);
	}
	close(s);
	return 0;
}

/*
 * tcp-ping SRC DST PORT BYTES: connects from SRC (retrying for 10 s),
 * sends BYTES, and checks that the same bytes come back.
 */
static int
cmd_tcp_ping(int argc, char **argv)
{
	struct sockaddr_in6 to, local;
	socklen_t llen = sizeof(local);
	uint8_t *out, *in;
	size_t size, got = 0, sent = 0, chunk, i;
	char b[INET6_ADDRSTRLEN];
	ssize_t n;
	int s = -1, tries;

	if (argc != 4)
		usage();
	size = parse_num(argv[3], 1 << 28);
	if ((out = malloc(size + 1)) == NULL || (in = malloc(size + 1)) ==
	    NULL)
		err(1, "malloc");
	for (i = 0; i < size; i++)
		out[i] = (uint8_t)(i * 13 + (i >> 8));
	sockaddr6(&to, argv[1], argv[2]);
	for (tries = 0; tries < 50; tries++) {
		s = sock_bound(SOCK_STREAM, argv[0], "0");
		if (connect(s, (struct sockaddr *)&to, sizeof(to)) == 0)
			break;
		close(s);
		s = -1;
		poll(NULL, 0, 200);
	}
	if (s == -1)
		errx(1, "tcp-ping: cannot connect to %s", argv[1]);
	alarm(ECHO_TIMEOUT_S);
	getsockname(s, (struct sockaddr *)&local, &llen);
	/* Interleave writes and reads so that neither side's buffer fills. */
	while (got < size) {
		if (sent < size) {
			chunk = size - sent < 16384 ? size - sent : 16384;
			if (write_all(s, out + sent, chunk) == -1)
				err(1, "write");
			sent += chunk;
			if (sent == size)
				shutdown(s, SHUT_WR);
		}
		while (got < sent) {
			if ((n = read(s, in + got, size - got)) <= 0)
				errx(1, "tcp-ping: short echo (%zu of %zu)",
				    got, size);
			got += (size_t)n;
		}
	}
	if (memcmp(in, out, size) != 0)
		errx(1, "tcp-ping: echo differs");
	printf("tcp ok %zu from %s\n", size, ntop(&local.sin6_addr, b));
	close(s);
	free(in);
	free(out);
	return 0;
}

/* ---- bench --------------------------------------------------------- */

static void
set_low32(struct in6_addr *a, uint32_t v)
{
	a->s6_addr[12] = (uint8_t)(v >> 24);
	a->s6_addr[13] = (uint8_t)(v >> 16);
	a->s6_addr[14] = (uint8_t)(v >> 8);
	a->s6_addr[15] = (uint8_t)v;
}

/*
 * bench routes N PREFIX DEV [TABLE]: adds N /128 routes PREFIX::1..N
 * with one request each, prints the rate, then deletes them (the rate
 * of that too).  PREFIX is a /64 written as its first address.
 */
static int
cmd_bench(int argc, char **argv)
{
	struct timespec t0, t1;
	struct route_info r;
	struct in6_addr base;
	unsigned long n, i;
	double add_s, del_s;
	int oif;

	if ((argc != 4 && argc != 5) || strcmp(argv[0], "routes") != 0)
		usage();
	n = parse_num(argv[1], 1UL << 24);
	parse_in6(argv[2], &base);
	oif = ifindex_of(argv[3]);
	route_init(&r, NULL, 128);
	r.oif = oif;
	if (argc == 5)
		r.table = (uint32_t)parse_num(argv[4], UINT32_MAX);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i <= n; i++) {
		r.dst = base;
		set_low32(&r.dst, (uint32_t)i);
		if (route_add(req(), &r) == -1)
			fail("bench add");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	add_s = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i <= n; i++) {
		r.dst = base;
		set_low32(&r.dst, (uint32_t)i);
		if (route_del(req(), &r) == -1)
			fail("bench del");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	del_s = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("routes %lu add %.3f s %.0f/s del %.3f s %.0f/s\n", n, add_s,
	    (double)n / add_s, del_s, (double)n / del_s);
	return 0;
}

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
} cmds[] = {
	{ "ns", cmd_ns },
	{ "link", cmd_link },
	{ "addr", cmd_addr },
	{ "route", cmd_route },
	{ "rule", cmd_rule },
	{ "neigh", cmd_neigh },
	{ "sysctl", cmd_sysctl },
	{ "seg6", cmd_seg6 },
	{ "tunnel", cmd_tunnel },
	{ "reconcile", cmd_reconcile },
	{ "events", cmd_events },
	{ "udp-echo", cmd_udp_echo },
	{ "udp-ping", cmd_udp_ping },
	{ "udp-send", cmd_udp_send },
	{ "tcp-echo", cmd_tcp_echo },
	{ "tcp-ping", cmd_tcp_ping },
	{ "bench", cmd_bench },
};

int
main(int argc, char **argv)
{
	size_t i;
	int ch, ret;

	while ((ch = getopt(argc, argv, "+n:")) != -1) {
		switch (ch) {
		case 'n':
			if (ns_enter(optarg) == -1)
				err(1, "netns %s", optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[0], cmds[i].name) == 0) {
			ret = cmds[i].fn(argc - 1, argv + 1);
			nl_close(nl);
			return ret;
		}
	}
	usage();
}

// SPDX-License-Identifier: GPL-2.0-only
/* fama mn: the mobile node.  Watches its access link, forms a CGA at every
 * DAR it attaches to, and keeps the older addresses that are still wanted
 * reachable through their anchors (proto/bul), with the kernel's addresses,
 * routes and tunnels kept in step. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "netns/addr.h"
#include "netns/diag.h"
#include "netns/link.h"
#include "netns/neigh.h"
#include "netns/nft.h"
#include "netns/nl.h"
#include "netns/route.h"
#include "netns/seg6.h"
#include "netns/sig.h"
#include "netns/sysctl.h"
#include "netns/tunnel.h"
#include "proto/buf.h"
#include "proto/bul.h"
#include "proto/ip6.h"
#include "proto/nd.h"
#include "roles/common.h"
#include "roles/conf.h"
#include "roles/ctl.h"
#include "roles/daemon.h"
#include "roles/ev.h"
#include "roles/json.h"
#include "roles/keyfile.h"
#include "roles/log.h"
#include "roles/mn_state.h"
#include "roles/roles.h"
#include "roles/table.h"

#define MN_NFT_TABLE	"fama_mn"
#define MN_PKT_MAX	2048
/* kept kernel work of one batch: a tunnel down and up for each address */
#define MN_DEFERRED_MAX	(2 * BUL_MAX_ADDRS)
#define MN_RS_FAST	3	/* RSs sent rs_interval apart after link up */
#define MN_RS_MAX_MS	4000	/* then backing off to RTR_SOLICITATION_INTERVAL */

enum mn_keep {
	KEEP_ACTIVE,		/* while a socket uses the address */
	KEEP_ALL,
	KEEP_NONE
};

struct mn_opts {
	char	iface[IFNAMSIZ];
	char	keyfile[256];
	bool	debug;
	int	verbose;
	char	config[256];
	char	socket[108];
	char	pidfile[256];
	char	user[64];
	char	state_file[256];
	int	keep;		/* enum mn_keep */
	bool	rr;
	bool	single_anchor;
	int	lifetime;
	int	sec;
	int	bu_timeout;
	int	rs_interval;
	int	keep_interval;
	bool	nodad;
	bool	help;
};

/* What bul does not keep: the keep overrides and the handover clock. */
struct mn_addrx {
	struct in6_addr	addr;
	bool		used;
	bool		pinned;		/* `fama mn keep` */
	bool		released;	/* `fama mn release` */
	bool		in_use;		/* a socket holds it (last poll) */
	uint64_t	bu_ms;		/* first BU of the last handover */
	uint64_t	ba_ms;		/* the BA that bound it */
};

struct mn {
	struct mn_opts	 o;
	struct conf	 conf;
	struct cga_ident id;
	struct nl	*nl;
	struct nl	*ev_nl;
	struct nl	*diag;
	struct nl	*genl;
	struct in6_addr	 tunsrc_was;	/* the namespace's, restored at exit */
	bool		 tunsrc_saved;
	struct tunnel	*tun;
	struct bul	*bul;
	int		 ifindex;
	int		 lo_index;
	int		 rx_fd;
	int		 tx_fd;
	int		 icmp_fd;
	struct ctl_server *ctl;
	struct pidfile	 pid;
	bool		 have_pid;
	bool		 nft;
	bool		 carrier;
	uint32_t	 carrier_changes;	/* last seen (IFLA_CARRIER_CHANGES) */
	bool		 have_router;
	struct in6_addr	 router;	/* link-local of the current DAR */
	bool		 have_decap;
	struct in6_addr	 decap;		/* the CoA decapsulated at */
	struct ev_timer	 rs_timer;
	unsigned	 rs_count;
	struct ev_timer	 bul_timer;
	struct ev_timer	 keep_timer;
	struct ev_timer	 resync_timer;
	struct ev_timer	 tunsrc_timer;
	struct mn_state	 state;
	char		 sysctl_old[4][16];
	/* the last handover */
	uint64_t	 t_link_up;
	uint64_t	 t_rs;
	uint64_t	 t_ra;
	uint64_t	 t_addr;
	struct mn_addrx	 x[BUL_MAX_ADDRS];
	/* kernel work that a handover's BUs go out before (mn_defer()) */
	bool		 deferring;
	size_t		 ndeferred;
	struct bul_action deferred[MN_DEFERRED_MAX];
	/* counters */
	uint64_t	 rs_sent;
	uint64_t	 ra_rx;
	uint64_t	 ra_ignored;
	uint64_t	 bu_sent;
	uint64_t	 retransmits;
	uint64_t	 ba_ok;
	uint64_t	 ba_ignored;
	uint64_t	 refused;
	uint64_t	 moves;
	uint64_t	 kernel_errors;
	uint64_t	 started;
	uint8_t		 pkt[MN_PKT_MAX];
};

static const char *keep_names[] = { "active", "all", "none" };

static int
parse_keep(const char *v, void *member, char *err, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(keep_names) / sizeof(keep_names[0]); i++)
		if (strcmp(v, keep_names[i]) == 0) {
			*(int *)member = (int)i;
			return 0;
		}
	snprintf(err, len, "active, all or none");
	return -1;
}

#define O(m)	CONF_AT(struct mn_opts, m)
static const struct conf_opt mn_opts[] = {
	{ "interface", 'i', CONF_STR, O(iface), CONF_RESTART, 0, 0, NULL,
	    "IFACE", "access interface" },
	{ "key", 'k', CONF_STR, O(keyfile), CONF_RESTART, 0, 0, NULL, "FILE",
	    "RSA key file (made if missing), CGA modifier in FILE.cga" },
	{ "debug", 'd', CONF_FLAG, O(debug), CONF_NOFILE, 0, 0, NULL, NULL,
	    "stay in the foreground and log to stderr" },
	{ "verbose", 'v', CONF_COUNT, O(verbose), 0, 0, 0, NULL, NULL,
	    "log more (twice: debug)" },
	{ "config", 'c', CONF_STR, O(config), CONF_NOFILE, 0, 0, NULL, "FILE",
	    "read options from FILE" },
	{ "socket", 's', CONF_STR, O(socket), CONF_RESTART, 0, 0, NULL, "PATH",
	    "control socket" },
	{ "pidfile", 0, CONF_STR, O(pidfile), CONF_RESTART, 0, 0, NULL, "PATH",
	    "pid file" },
	{ "user", 'u', CONF_STR, O(user), CONF_RESTART, 0, 0, NULL, "USER",
	    "run as USER after start-up" },
	{ "state-file", 0, CONF_STR, O(state_file), CONF_RESTART, 0, 0, NULL,
	    "PATH", "addresses and tokens kept across restarts (default: "
	    "KEYFILE.state; none: not)" },
	{ "keep", 0, CONF_CUSTOM, O(keep), CONF_RESTART, 0, 0, parse_keep,
	    "POLICY", "which old addresses stay reachable: active, all, none" },
	{ "rr", 0, CONF_FLAG, O(rr), CONF_RESTART, 0, 0, NULL, NULL,
	    "care-of test (return routability) before every BU" },
	{ "single-anchor", 0, CONF_FLAG, O(single_anchor), CONF_RESTART, 0, 0,
	    NULL, NULL, "legacy Mobile IPv6: the first address for every flow" },
	{ "lifetime", 0, CONF_INT, O(lifetime), CONF_RESTART, 4, 262140, NULL,
	    "SECONDS", "binding lifetime asked for" },
	{ "sec", 0, CONF_INT, O(sec), CONF_RESTART, 0, 2, NULL, "SEC",
	    "CGA Sec parameter" },
	{ "bu-timeout", 0, CONF_INT, O(bu_timeout), CONF_RESTART, 10, 32000,
	    NULL, "MS", "first BU retransmission timeout (signed: twice)" },
	{ "rs-interval", 0, CONF_INT, O(rs_interval), 0, 10, 4000, NULL, "MS",
	    "time between the first Router Solicitations" },
	{ "keep-interval", 0, CONF_INT, O(keep_interval), 0, 50, 60000, NULL,
	    "MS", "how often --keep active looks at the sockets" },
	{ "nodad", 0, CONF_FLAG, O(nodad), CONF_RESTART, 0, 0, NULL, NULL,
	    "no duplicate address detection (default: optimistic DAD)" },
	{ "help", 'h', CONF_FLAG, O(help), CONF_NOFILE, 0, 0, NULL, NULL,
	    "show this help" },
};
#undef O

static void
mn_usage(const struct conf *c, FILE *f)
{
	fprintf(f, "usage: fama mn [-dhv] [-c file] -i interface -k keyfile "
	    "[-s socket] [-u user] [options]\n"
	    "       fama mn [-s socket] show [--json]\n"
	    "       fama mn [-s socket] keep | release address\n\n");
	conf_usage(c, f);
}

static void
mn_defaults(struct mn_opts *o)
{
	struct bul_config b;

	memset(o, 0, sizeof(*o));
	bul_config_default(&b);
	daemon_runpath(o->socket, sizeof(o->socket), "mn", ".sock");
	daemon_runpath(o->pidfile, sizeof(o->pidfile), "mn", ".pid");
	o->keep = KEEP_ACTIVE;
	o->lifetime = (int)b.lifetime;
	o->sec = 1;
	o->bu_timeout = (int)b.initial_ms;
	o->rs_interval = 100;
	o->keep_interval = 500;
}

static struct mn_addrx *
mn_x(struct mn *m, const struct in6_addr *a, bool create)
{
	struct mn_addrx *free_slot = NULL;
	size_t i;

	for (i = 0; i < BUL_MAX_ADDRS; i++) {
		if (m->x[i].used && memcmp(&m->x[i].addr, a, sizeof(*a)) == 0)
			return &m->x[i];
		if (!m->x[i].used && free_slot == NULL)
			free_slot = &m->x[i];
	}
	if (!create || free_slot == NULL)
		return NULL;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->used = true;
	free_slot->addr = *a;
	return free_slot;
}

static void
kerr(struct mn *m, const char *what, const struct in6_addr *a)
{
	char s[INET6_ADDRSTRLEN];

	m->kernel_errors++;
	log_warnx("%s %s: %s%s%s", what, a != NULL ? addr_str(a, s,
	    sizeof(s)) : "", strerror(errno), *nl_last_extack(m->nl) ? ": " :
	    "", nl_last_extack(m->nl));
}

/* --- what the binding update list asks for ---------------------------- */

static void
mn_addr_onlink(struct mn *m, const struct bul_action *a)
{
	struct addr_info ai;
	bool home;

	/* Off lo first (it was an away address), then onto the link. */
	memset(&ai, 0, sizeof(ai));
	ai.ifindex = m->lo_index;
	ai.addr = a->addr;
	ai.plen = 128;
	home = addr_del(m->nl, &ai) == 0;
	if (!home && errno != EADDRNOTAVAIL && errno != ENOENT &&
	    errno != ENODEV)
		kerr(m, "removing from lo", &a->addr);
	memset(&ai, 0, sizeof(ai));
	ai.ifindex = m->ifindex;
	ai.addr = a->addr;
	ai.plen = 64;
	/* An address coming home is ours, and its DAR defends it by proxy
	 * until the de-registration arrives (RFC 6275 §10.4.1, §11.5.4):
	 * DAD would only meet that proxy, and fail, when the BU is lost. */
	ai.flags = m->o.nodad || home ? IFA_F_NODAD : IFA_F_OPTIMISTIC;
	ai.valid = ADDR_FOREVER;
	ai.preferred = a->preferred ? ADDR_FOREVER : 0;
	if (addr_add(m->nl, &ai) == -1)
		kerr(m, "adding", &a->addr);
	m->t_addr = ev_now_ms();
	/* Tunnelled packets now come to this CoA.  The new decapsulation
	 * before the old one goes: with none left for a moment, the
	 * backend would put table local back and move it again (rule
	 * dumps and changes, half a millisecond before the BUs). */
	if (tunnel_mn_decap_up(m->tun, &a->addr, m->ifindex) == -1)
		kerr(m, "decapsulation at", &a->addr);
	if (m->have_decap && memcmp(&m->decap, &a->addr, 16) != 0 &&
	    tunnel_mn_decap_down(m->tun, &m->decap) == -1)
		kerr(m, "decapsulation off", &m->decap);
	m->decap = a->addr;
	m->have_decap = true;
	/* In single-anchor mode the CoA is deprecated, and the kernel would
	 * pick the home address on lo as the reverse tunnels' outer source,
	 * whose own tunnel rule would take the outer packet again: name
	 * the CoA.  Later, once the BUs are out: the kernel waits for an RCU
	 * grace period (milliseconds) on every set.  Otherwise the CoA is
	 * the only preferred address of the link and the kernel's choice. */
	if (m->o.single_anchor)
		ev_timer_add(&m->tunsrc_timer, 0);
}

static int
tunsrc_timer_cb(struct ev_timer *t, void *arg)
{
	struct mn *m = arg;

	(void)t;
	if (m->have_decap && seg6_tunsrc_set(m->genl, &m->decap) == -1)
		kerr(m, "tunnel source", &m->decap);
	return 0;
}

static void
mn_addr_away(struct mn *m, const struct bul_action *a)
{
	struct addr_info ai;

	/* A /128 on lo, so that sockets keep it and tunnelled packets
	 * for it are delivered; never on the new link, where DAD for it
	 * would mean nothing (DESIGN.md).  Added before it leaves the link:
	 * the address never disappears under a socket. */
	memset(&ai, 0, sizeof(ai));
	ai.ifindex = m->lo_index;
	ai.addr = a->addr;
	ai.plen = 128;
	ai.flags = IFA_F_NODAD;
	ai.valid = ADDR_FOREVER;
	ai.preferred = a->preferred ? ADDR_FOREVER : 0;
	if (addr_add(m->nl, &ai) == -1)
		kerr(m, "adding to lo", &a->addr);
	ai.ifindex = m->ifindex;
	ai.plen = 64;
	if (addr_del(m->nl, &ai) == -1 && errno != EADDRNOTAVAIL &&
	    errno != ENOENT)
		kerr(m, "removing", &a->addr);
}

static void
mn_addr_del(struct mn *m, const struct bul_action *a)
{
	struct addr_info ai;
	struct mn_addrx *x;

	memset(&ai, 0, sizeof(ai));
	ai.addr = a->addr;
	ai.ifindex = m->lo_index;
	ai.plen = 128;
	addr_del(m->nl, &ai);
	ai.ifindex = m->ifindex;
	ai.plen = 64;
	addr_del(m->nl, &ai);
	if ((x = mn_x(m, &a->addr, false)) != NULL)
		x->used = false;
}

static void
mn_log_event(struct mn *m, const struct bul_action *a)
{
	char h[INET6_ADDRSTRLEN], an[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct mn_addrx *x = mn_x(m, &a->addr, true);
	uint64_t now = ev_now_ms();

	addr_str(&a->addr, h, sizeof(h));
	addr_str(&a->anchor, an, sizeof(an));
	addr_str(&a->coa, c, sizeof(c));
	switch (a->event) {
	case BUL_EV_ATTACHED:
		log_info("attached: care-of address %s, anchor %s", h, an);
		break;
	case BUL_EV_BU_SENT:
		m->bu_sent++;
		/* the first BU for it since the last RA that moved us */
		if (x != NULL && x->bu_ms < m->t_ra) {
			x->bu_ms = now;
			x->ba_ms = 0;
		}
		log_debug("BU for %s to %s (seq %u)", h, an, a->seq);
		break;
	case BUL_EV_RETRANSMIT:
		m->bu_sent++;
		m->retransmits++;
		log_debug("BU for %s to %s again (seq %u)", h, an, a->seq);
		break;
	case BUL_EV_BOUND:
	case BUL_EV_REFRESHED:
	case BUL_EV_HOME:
	case BUL_EV_RELEASED:
		m->ba_ok++;
		if (x != NULL && x->ba_ms == 0 && x->bu_ms != 0)
			x->ba_ms = now;
		if (a->event == BUL_EV_BOUND)
			log_info("%s bound at %s via %s (lifetime %us, %llu ms "
			    "after the link came up)", h, an, c, a->lifetime,
			    (unsigned long long)(now - m->t_link_up));
		else if (a->event == BUL_EV_REFRESHED)
			log_debug("%s refreshed at %s", h, an);
		else if (a->event == BUL_EV_HOME)
			log_info("%s home at %s", h, an);
		else
			log_info("%s released at %s", h, an);
		break;
	case BUL_EV_REFUSED:
		m->refused++;
		log_info("%s refused by %s: %d %s", h, an, a->status,
		    a->why != NULL ? a->why : "");
		break;
	case BUL_EV_RETRY:
		log_info("%s: %s (status %d)", h, a->why, a->status);
		break;
	case BUL_EV_BA_IGNORED:
		m->ba_ignored++;
		log_info("BA for %s ignored: %s", h, a->why);
		break;
	case BUL_EV_BINDING_ERROR:
		log_info("Binding Error from %s: %s", an, a->why);
		break;
	case BUL_EV_EXPIRED:
		log_info("%s: binding at %s expired before a refresh", h, an);
		break;
	case BUL_EV_DAD_GIVE_UP:
		log_warnx("%s: %s", h, a->why);
		break;
	}
}

static void	mn_apply(struct mn *, const struct bul_action *);

/*
 * Packets first.  While the list handles an attachment or a batch of
 * answers, the reverse tunnels it sets up or takes down are kept until
 * the BUs are out: a tunnel costs a few netlink requests, with dumps, and
 * three of them before the BUs were a millisecond of the interruption.
 * Addresses are not kept: the BU's source, the CoA, must be on the link
 * and its decapsulation in place before anything can answer it, and an
 * address that left the link must have taken its on-link prefix route
 * with it, or the BU to its anchor would be sent to the new link.  Any
 * such kernel work runs what was kept first, so that the kernel sees the
 * changes in the list's order; only packets and log events overtake.
 */
static void
mn_flush_deferred(struct mn *m)
{
	size_t i;

	for (i = 0; i < m->ndeferred; i++)
		mn_apply(m, &m->deferred[i]);
	m->ndeferred = 0;
}

static void
mn_defer(struct mn *m, bool on)
{
	if (!on)
		mn_flush_deferred(m);
	m->deferring = on;
}

static bool
mn_deferrable(const struct bul_action *a)
{
	return a->type == BUL_ACT_TUNNEL_UP || a->type == BUL_ACT_TUNNEL_DOWN;
}

static void
mn_emit(void *arg, const struct bul_action *a)
{
	struct mn *m = arg;

	if (m->deferring && mn_deferrable(a)) {
		if (m->ndeferred == MN_DEFERRED_MAX)
			mn_flush_deferred(m);	/* in order, still */
		m->deferred[m->ndeferred] = *a;
		m->deferred[m->ndeferred].pkt = NULL;
		m->ndeferred++;
		return;
	}
	if (a->type != BUL_ACT_SEND && a->type != BUL_ACT_EVENT)
		mn_flush_deferred(m);
	mn_apply(m, a);
}

static void
mn_apply(struct mn *m, const struct bul_action *a)
{
	/* Anything but a packet changes what the state file says (a BU
	 * sent: its sequence number). */
	if (a->type != BUL_ACT_SEND)
		mn_state_changed(&m->state);
	switch (a->type) {
	case BUL_ACT_SEND:
		if (sig_send(m->tx_fd, a->pkt, a->len) == -1)
			log_warn("sending to %s", addr_str(&a->to,
			    (char[INET6_ADDRSTRLEN]){ 0 }, INET6_ADDRSTRLEN));
		break;
	case BUL_ACT_ADDR_ONLINK:
		mn_addr_onlink(m, a);
		break;
	case BUL_ACT_ADDR_AWAY:
		mn_addr_away(m, a);
		break;
	case BUL_ACT_ADDR_DEL:
		mn_addr_del(m, a);
		break;
	case BUL_ACT_TUNNEL_UP:
		if (tunnel_mn_up(m->tun, &a->addr, &a->anchor, m->ifindex) ==
		    -1)
			kerr(m, "tunnel for", &a->addr);
		break;
	case BUL_ACT_TUNNEL_DOWN:
		if (tunnel_mn_down(m->tun, &a->addr) == -1 &&
		    errno != ENOENT && errno != ESRCH)
			kerr(m, "tunnel down for", &a->addr);
		break;
	case BUL_ACT_EVENT:
		mn_log_event(m, a);
		break;
	}
}

static void
mn_arm(struct mn *m)
{
	ev_timer_set(&m->bul_timer, bul_next_deadline(m->bul));
}

static int
bul_timer_cb(struct ev_timer *t, void *arg)
{
	struct mn *m = arg;

	(void)t;
	bul_tick(m->bul, ev_now_ms());
	mn_arm(m);
	return 0;
}

/* --- the keep policy ------------------------------------------------------ */

/* Which addresses are wanted now: pinned ones, and for --keep active
 * those a socket holds; released ones not, until they are gone. */
static void
mn_keep_update(struct mn *m)
{
	const struct bul_addr *a;
	struct in6_addr *inuse = NULL, addrs[BUL_MAX_ADDRS];
	bool want[BUL_MAX_ADDRS];
	struct mn_addrx *x;
	size_t i, k, n = 0, na = 0;

	if (m->o.keep == KEEP_ACTIVE && diag_addrs_in_use(m->diag, &inuse,
	    &n) == -1) {
		log_warn("socket diagnostics");
		return;
	}
	/* Decide for every address first, then apply: a release can
	 * remove entries from the list while we go. */
	for (i = 0; i < bul_count(m->bul) && na < BUL_MAX_ADDRS; i++) {
		a = bul_get(m->bul, i);
		if ((x = mn_x(m, &a->addr, true)) == NULL)
			continue;
		x->in_use = false;
		for (k = 0; k < n; k++)
			if (memcmp(&inuse[k], &a->addr, 16) == 0)
				x->in_use = true;
		addrs[na] = a->addr;
		want[na] = m->o.keep == KEEP_ALL ||
		    (m->o.keep == KEEP_ACTIVE && x->in_use);
		if (x->pinned)
			want[na] = true;
		if (x->released)
			want[na] = false;
		na++;
	}
	free(inuse);
	for (i = 0; i < na; i++) {
		char s[INET6_ADDRSTRLEN];
		bool was;

		if ((a = bul_find(m->bul, &addrs[i])) == NULL ||
		    a->wanted == want[i])
			continue;
		was = a->wanted;
		bul_set_wanted(m->bul, &addrs[i], want[i], ev_now_ms());
		mn_state_changed(&m->state);
		/* bul may keep it anyway (single-anchor's first address) */
		a = bul_find(m->bul, &addrs[i]);
		if (a == NULL || a->wanted != was)
			log_info("%s %s", addr_str(&addrs[i], s, sizeof(s)),
			    want[i] ? "wanted" : "no longer wanted");
	}
	mn_arm(m);
}

static int
keep_timer_cb(struct ev_timer *t, void *arg)
{
	struct mn *m = arg;

	mn_keep_update(m);
	return ev_timer_add(t, (uint64_t)m->o.keep_interval);
}

/* --- router discovery ----------------------------------------------------- */

/*
 * After every carrier change the kernel runs DAD on the link-local address
 * again, and while it is tentative the ICMPv6 socket has no source to send
 * from, and neither has the raw socket (its route lookup wants one).  RFC
 * 4861 §6.3.7 lets a host solicit from the unspecified address then,
 * without a Source Link-layer Address option: built whole here and put on
 * the link directly.  The DAR answers it with a multicast RA.
 */
static int
mn_send_rs_unspec(struct mn *m)
{
	static const struct in6_addr all_routers = {
		{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 } } };
	struct ip6_pkt p;
	struct nd_rs rs;
	uint8_t msg[16], pkt[IP6_HDR_LEN + sizeof(msg)];
	size_t len, plen;

	memset(&rs, 0, sizeof(rs));
	if (nd_rs_encode(&rs, msg, sizeof(msg), &len) == -1)
		return -1;
	memset(&p, 0, sizeof(p));
	p.dst = all_routers;
	p.hlim = 255;
	p.nxt = IP6_NXT_ICMPV6;
	put_u16(msg + 2, ip6_cksum(&p.src, &p.dst, IP6_NXT_ICMPV6, msg, len));
	p.payload = msg;
	p.payload_len = len;
	if (ip6_build(&p, pkt, sizeof(pkt), &plen) == -1)
		return -1;
	return sig_send_link(m->rx_fd, (unsigned)m->ifindex, pkt, plen);
}

/* A link-local address of the access link that is not tentative (an
 * optimistic one is fine). */
static bool
mn_linklocal(struct mn *m, struct in6_addr *ll)
{
	struct addr_info *a;
	size_t i, n;
	bool found = false;

	if (addr_list(m->nl, m->ifindex, &a, &n) == -1)
		return false;
	for (i = 0; i < n && !found; i++)
		if (IN6_IS_ADDR_LINKLOCAL(&a[i].addr) &&
		    (!(a[i].flags & IFA_F_TENTATIVE) ||
		    (a[i].flags & IFA_F_OPTIMISTIC)) &&
		    !(a[i].flags & IFA_F_DADFAILED)) {
			*ll = a[i].addr;
			found = true;
		}
	free(a);
	return found;
}

static void
mn_send_rs(struct mn *m)
{
	static const struct in6_addr all_routers = {
		{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 } } };
	struct in6_addr ll;
	struct link_info li;
	uint8_t msg[64];
	struct nd_rs rs;
	size_t len;

	memset(&rs, 0, sizeof(rs));
	if (link_get(m->nl, m->ifindex, NULL, &li) == 0 &&
	    li.lladdr_len <= ND_LLA_MAX) {
		rs.slla_len = (uint8_t)li.lladdr_len;
		memcpy(rs.slla, li.lladdr, li.lladdr_len);
	}
	if (nd_rs_encode(&rs, msg, sizeof(msg), &len) == -1) {
		log_warn("router solicitation");
		return;
	}
	/* From the link-local address (RFC 4861 §4.1), never from a global
	 * one the kernel might pick: the DAR answers that unicast, and an
	 * old address is routed to its old DAR. */
	if (!mn_linklocal(m, &ll) ? mn_send_rs_unspec(m) == -1 :
	    sig_icmp6_send(m->icmp_fd, (unsigned)m->ifindex, &ll,
	    &all_routers, msg, len) == -1) {
		log_warn("router solicitation");
		return;
	}
	if (m->rs_count == 0)
		m->t_rs = ev_now_ms();
	m->rs_sent++;
	m->rs_count++;
}

static int
rs_timer_cb(struct ev_timer *t, void *arg)
{
	struct mn *m = arg;
	uint64_t next;

	if (!m->carrier)
		return 0;
	mn_send_rs(m);
	/* A few quick ones (a new router answers at once), then the
	 * RFC 4861 pace. */
	next = m->rs_count < MN_RS_FAST ? (uint64_t)m->o.rs_interval :
	    (uint64_t)m->o.rs_interval << (m->rs_count - MN_RS_FAST + 1);
	if (next > MN_RS_MAX_MS)
		next = MN_RS_MAX_MS;
	return ev_timer_add(t, next);
}

static void
mn_link_up(struct mn *m)
{
	m->carrier = true;
	m->t_link_up = ev_now_ms();
	m->t_rs = m->t_ra = m->t_addr = 0;
	m->rs_count = 0;
	log_info("%s: link up", m->o.iface);
	ev_timer_add(&m->rs_timer, 0);
}

static void
mn_link_down(struct mn *m)
{
	m->carrier = false;
	ev_timer_cancel(&m->rs_timer);
	bul_detach(m->bul, ev_now_ms());
	log_info("%s: link down", m->o.iface);
}

static void
mn_default_route(struct mn *m, const struct in6_addr *gw, uint16_t life)
{
	struct in6_addr any = IN6ADDR_ANY_INIT;
	struct route_info r;

	route_init(&r, &any, 0);
	r.gw = *gw;
	r.oif = m->ifindex;
	if (life == 0) {
		if (route_del(m->nl, &r) == -1 && errno != ESRCH)
			kerr(m, "default route", gw);
		m->have_router = false;
		return;
	}
	if (route_replace(m->nl, &r) == -1) {
		kerr(m, "default route via", gw);
		return;
	}
	m->router = *gw;
	m->have_router = true;
}

/*
 * A new link: what the neighbour cache knew of the old one is wrong, and a
 * packet queued on an entry of the old link (the old router, probed for
 * seconds before it fails) is one TCP will not retransmit while it sits
 * there.  Everything but the new router goes.
 */
static void
mn_flush_neighbours(struct mn *m, const struct in6_addr *keep)
{
	struct neigh_info *v;
	size_t i, n;

	if (neigh_list(m->nl, m->ifindex, &v, &n) == -1) {
		log_warn("neighbours");
		return;
	}
	for (i = 0; i < n; i++)
		if (memcmp(&v[i].dst, keep, sizeof(*keep)) != 0 &&
		    neigh_flush(m->nl, &v[i].dst, m->ifindex) == -1)
			kerr(m, "flushing neighbour", &v[i].dst);
	free(v);
}

static void
mn_ra(struct mn *m, const struct nd_ra *ra, const struct sig_icmp6_info *in)
{
	const struct bul_addr *cur;
	const struct nd_prefix *p = NULL;
	struct in6_addr prefix;
	char s[INET6_ADDRSTRLEN];
	size_t i;
	bool moved;

	for (i = 0; i < ra->nprefix; i++)
		if ((ra->prefix[i].flags & ND_PI_F_ROUTER) &&
		    (ra->prefix[i].flags & ND_PI_F_AUTO) &&
		    ra->prefix[i].len == 64 && ra->prefix[i].valid > 0) {
			p = &ra->prefix[i];
			break;
		}
	if (p == NULL || !(ra->flags & ND_RA_F_HOME_AGENT)) {
		m->ra_ignored++;
		log_debug("RA from %s: not a DAR (no H flag, or no prefix "
		    "with the R flag)", addr_str(&in->src, s, sizeof(s)));
		return;
	}
	m->ra_rx++;
	prefix = p->prefix;
	memset(prefix.s6_addr + 8, 0, 8);
	cur = bul_current(m->bul);
	moved = cur == NULL || memcmp(cur->prefix, prefix.s6_addr, 8) != 0 ||
	    memcmp(&cur->anchor, &p->prefix, 16) != 0;
	if (moved && m->t_ra == 0)
		m->t_ra = ev_now_ms();
	ev_timer_cancel(&m->rs_timer);
	if (!m->have_router || memcmp(&m->router, &in->src, 16) != 0 ||
	    ra->router_lifetime == 0)
		mn_default_route(m, &in->src, ra->router_lifetime);
	if (!moved)
		return;
	m->moves++;
	mn_flush_neighbours(m, &in->src);
	/* The anchor is the router's own address: its link-layer address
	 * is the RA's, and the BUs need not wait for neighbour discovery
	 * (on a lossy radio, a lost solicitation costs a second). */
	if (ra->slla_len > 0 && neigh_learn(m->nl, m->ifindex, &p->prefix,
	    ra->slla, ra->slla_len) == -1)
		kerr(m, "neighbour", &p->prefix);
	/* The keep policy must be current before the BUs go out. */
	mn_keep_update(m);
	mn_defer(m, true);
	if (bul_attach(m->bul, &prefix, &p->prefix, ev_now_ms()) == -1)
		log_warn("attaching to %s", addr_str(&p->prefix, s,
		    sizeof(s)));
	mn_keep_update(m);
	mn_defer(m, false);
	mn_arm(m);
}

static int
mn_icmp_cb(int fd, short revents, void *arg)
{
	struct mn *m = arg;
	struct sig_icmp6_info in;
	struct nd_ra ra;
	uint8_t buf[1500];
	size_t len;

	(void)revents;
	for (;;) {
		if (sig_icmp6_recv(fd, buf, sizeof(buf), &len, &in) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("ICMPv6");
			return 0;
		}
		/* RFC 4861 §6.1.2 */
		if (in.hlim != 255 || !IN6_IS_ADDR_LINKLOCAL(&in.src) ||
		    nd_ra_decode(buf, len, &ra) == -1) {
			m->ra_ignored++;
			continue;
		}
		mn_ra(m, &ra, &in);
	}
}

static int
mn_rx_cb(int fd, short revents, void *arg)
{
	struct mn *m = arg;
	struct sig_info info;
	size_t len;
	int n;

	(void)revents;
	mn_defer(m, true);
	for (n = 0; n < 64; n++) {
		if (sig_recv(fd, m->pkt, sizeof(m->pkt), &len, &info) == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno != EMSGSIZE && errno != EBADMSG)
				log_warn("signalling socket");
			continue;
		}
		bul_rx(m->bul, m->pkt, len, ev_now_ms());
	}
	mn_defer(m, false);
	mn_arm(m);
	return 0;
}

/* --- kernel events ------------------------------------------------------ */

/*
 * What a link message says about attachment.  The kernel reports link
 * changes from a work queue, after the fact: when a port goes down and up
 * faster than that, both messages may say "carrier on".  The carrier
 * change counter says it happened anyway, and a flap means a possibly new
 * link, new router: solicit.
 */
static void
mn_link_state(struct mn *m, const struct link_info *li)
{
	bool up = (li->flags & IFF_UP) && li->carrier;
	bool flapped = li->carrier_changes != m->carrier_changes;

	m->carrier_changes = li->carrier_changes;
	if (up && (!m->carrier || flapped)) {
		if (m->carrier)
			mn_link_down(m);
		mn_link_up(m);
	} else if (!up && m->carrier)
		mn_link_down(m);
}

static int
mn_nl_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct mn *m = arg;
	const struct bul_addr *cur;
	struct link_info li;
	struct addr_info ai;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
		if (link_parse(nlh, &li) == -1 || li.ifindex != m->ifindex)
			break;
		mn_link_state(m, &li);
		break;
	case RTM_NEWADDR:
		if (addr_parse(nlh, &ai) == -1 || ai.ifindex != m->ifindex ||
		    !(ai.flags & IFA_F_DADFAILED))
			break;
		cur = bul_current(m->bul);
		if (cur != NULL && memcmp(&cur->addr, &ai.addr, 16) == 0) {
			char s[INET6_ADDRSTRLEN];

			log_warnx("%s: duplicate address", addr_str(&ai.addr,
			    s, sizeof(s)));
			bul_dad_failed(m->bul, &ai.addr, ev_now_ms());
			mn_arm(m);
		}
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int
resync_cb(struct ev_timer *t, void *arg)
{
	struct mn *m = arg;
	struct link_info li;

	(void)t;
	if (link_get(m->nl, m->ifindex, NULL, &li) == -1) {
		log_warn("%s", m->o.iface);
		return 0;
	}
	mn_link_state(m, &li);
	return 0;
}

static int
mn_nl_cb(int fd, short revents, void *arg)
{
	struct mn *m = arg;
	int rc;

	(void)fd;
	(void)revents;
	rc = nl_events(m->ev_nl, mn_nl_msg, m);
	if (rc == NL_RESYNC) {
		log_info("kernel events lost: looking again");
		ev_timer_add(&m->resync_timer, 0);
	} else if (rc == -1 && errno != EAGAIN)
		log_warn("kernel events");
	return 0;
}

/* --- control socket ------------------------------------------------------- */

static void
json_ms(struct json *j, const char *k, uint64_t v)
{
	if (v == 0)
		json_null(j, k);
	else
		json_uint(j, k, v);
}

static int
ctl_show(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	struct mn *m = arg;
	const struct bul_addr *a, *cur = bul_current(m->bul);
	char s[INET6_ADDRSTRLEN], an[INET6_ADDRSTRLEN], left[32];
	uint64_t now = ev_now_ms();
	struct mn_addrx *x;
	struct table *t;
	struct json j;
	bool json = argc > 1 && strcmp(argv[argc - 1], "--json") == 0;
	size_t i;

	if (argc > 2 || (argc == 2 && !json))
		return ctl_error(r, "usage: show [--json]");
	if (json) {
		json_init(&j, ctl_out(r), 0);
		json_object_open(&j, NULL);
		json_bool(&j, "attached", cur != NULL);
		json_string(&j, "interface", m->o.iface);
		if (cur != NULL) {
			json_ip6(&j, "coa", &cur->addr);
			json_ip6(&j, "anchor", &cur->anchor);
		} else {
			json_null(&j, "coa");
			json_null(&j, "anchor");
		}
		json_string(&j, "keep", keep_names[m->o.keep]);
		json_array_open(&j, "addresses");
		for (i = 0; i < bul_count(m->bul); i++) {
			a = bul_get(m->bul, i);
			x = mn_x(m, &a->addr, false);
			json_object_open(&j, NULL);
			json_ip6(&j, "address", &a->addr);
			json_ip6(&j, "anchor", &a->anchor);
			json_string(&j, "state", bul_state_name(a->state));
			json_bool(&j, "current", a == cur);
			json_bool(&j, "wanted", a->wanted);
			json_bool(&j, "in_use", x != NULL && x->in_use);
			json_bool(&j, "pinned", x != NULL && x->pinned);
			json_bool(&j, "token", a->has_phkt);
			json_uint(&j, "seq", a->seq);
			json_uint(&j, "lifetime_left_ms", a->state ==
			    BULA_BOUND && a->bound_until > now ?
			    a->bound_until - now : 0);
			json_bool(&j, "tunnel", a->tunnel);
			json_uint(&j, "bus", a->nbu);
			json_uint(&j, "bas", a->nba);
			if (a->last_status != 0)
				json_uint(&j, "last_status", a->last_status);
			json_ms(&j, "bu_ms", x != NULL ? x->bu_ms : 0);
			json_ms(&j, "ba_ms", x != NULL ? x->ba_ms : 0);
			json_object_close(&j);
		}
		json_array_close(&j);
		json_object_open(&j, "handover");
		json_ms(&j, "link_up_ms", m->t_link_up);
		json_ms(&j, "rs_ms", m->t_rs);
		json_ms(&j, "ra_ms", m->t_ra);
		json_ms(&j, "addr_ms", m->t_addr);
		json_object_close(&j);
		json_object_open(&j, "stats");
		json_uint(&j, "moves", m->moves);
		json_uint(&j, "rs_sent", m->rs_sent);
		json_uint(&j, "ra_received", m->ra_rx);
		json_uint(&j, "ra_ignored", m->ra_ignored);
		json_uint(&j, "bu_sent", m->bu_sent);
		json_uint(&j, "retransmits", m->retransmits);
		json_uint(&j, "ba_accepted", m->ba_ok);
		json_uint(&j, "ba_ignored", m->ba_ignored);
		json_uint(&j, "refused", m->refused);
		json_uint(&j, "kernel_errors", m->kernel_errors);
		json_object_close(&j);
		json_uint(&j, "now_ms", now);
		json_object_close(&j);
		if (json_done(&j) == -1)
			return ctl_error(r, "JSON output failed");
		fputc('\n', ctl_out(r));
		return 0;
	}
	if (cur != NULL)
		ctl_printf(r, "attached to %s, care-of address %s\n",
		    addr_str(&cur->anchor, an, sizeof(an)),
		    addr_str(&cur->addr, s, sizeof(s)));
	else
		ctl_printf(r, "not attached\n");
	if ((t = table_new("ADDRESS", "ANCHOR", "STATE", "KEEP", "TOKEN",
	    "LEFT", (char *)NULL)) == NULL)
		return ctl_error(r, "out of memory");
	for (i = 0; i < bul_count(m->bul); i++) {
		a = bul_get(m->bul, i);
		x = mn_x(m, &a->addr, false);
		table_add(t, "%s", addr_str(&a->addr, s, sizeof(s)));
		table_add(t, "%s", addr_str(&a->anchor, an, sizeof(an)));
		table_add(t, "%s%s", bul_state_name(a->state), a == cur ?
		    " (CoA)" : "");
		table_add(t, "%s", x != NULL && x->pinned ? "pinned" :
		    x != NULL && x->released ? "released" : a->wanted ?
		    (x != NULL && x->in_use ? "in use" : "yes") : "no");
		table_add(t, "%s", a->has_phkt ? "yes" : "no");
		table_add(t, "%s", a->state == BULA_BOUND && a->bound_until >
		    now ? dur_str(a->bound_until - now, left, sizeof(left)) :
		    "-");
	}
	table_print(t, ctl_out(r));
	table_free(t);
	return 0;
}

static int
ctl_keep(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	struct mn *m = arg;
	bool keep = strcmp(argv[0], "keep") == 0;
	struct mn_addrx *x;
	struct in6_addr a;

	if (argc != 2 || inet_pton(AF_INET6, argv[1], &a) != 1)
		return ctl_error(r, "usage: %s ADDRESS", argv[0]);
	if (bul_find(m->bul, &a) == NULL)
		return ctl_error(r, "%s is not one of this node's addresses",
		    argv[1]);
	if ((x = mn_x(m, &a, true)) == NULL)
		return ctl_error(r, "too many addresses");
	x->pinned = keep;
	x->released = !keep;
	mn_state_changed(&m->state);
	log_info("%s %s by hand", argv[1], keep ? "kept" : "released");
	mn_keep_update(m);
	ctl_printf(r, "%s %s\n", argv[1], keep ? "kept" : "released");
	return 0;
}

static const struct ctl_cmd mn_cmds[] = {
	{ "show", ctl_show, "show [--json]" },
	{ "keep", ctl_keep, "keep ADDRESS" },
	{ "release", ctl_keep, "release ADDRESS" },
};

/* --- start and stop --------------------------------------------------- */

static int
mn_stop_cb(int signo, void *arg)
{
	(void)arg;
	log_info("%s: stopping", strsignal(signo));
	ev_break();
	return 0;
}

static int
mn_hup_cb(int signo, void *arg)
{
	struct mn *m = arg;
	int n;

	(void)signo;
	if (m->o.config[0] == '\0') {
		log_info("SIGHUP: no configuration file");
		return 0;
	}
	if ((n = conf_reload(&m->conf, m->o.config, NULL, m)) == -1) {
		log_warnx("reload refused: %s", conf_error(&m->conf));
		return 0;
	}
	log_setverbose(m->o.verbose);
	log_info("configuration reloaded (%d change%s)", n, n == 1 ? "" :
	    "s");
	return 0;
}

/* The sysctls of the access link that the MN owns while it runs: it
 * forms its addresses and its default route itself. */
static const char *mn_sysctls[][2] = {
	{ "accept_ra", "0" },
	{ "autoconf", "0" },
	{ "optimistic_dad", "1" },
	{ "use_optimistic", "1" },
};

static void
mn_sysctl(struct mn *m, bool set)
{
	char key[96];
	size_t i;

	for (i = 0; i < sizeof(mn_sysctls) / sizeof(mn_sysctls[0]); i++) {
		snprintf(key, sizeof(key), "net/ipv6/conf/%s/%s", m->o.iface,
		    mn_sysctls[i][0]);
		if (set) {
			if (sysctl_get(key, m->sysctl_old[i],
			    sizeof(m->sysctl_old[i])) == -1)
				m->sysctl_old[i][0] = '\0';
			if (sysctl_set(key, mn_sysctls[i][1]) == -1)
				log_warn("%s", key);
		} else if (m->sysctl_old[i][0] != '\0')
			sysctl_set(key, m->sysctl_old[i]);
	}
}

/*
 * What the kernel learned from router advertisements before we turned
 * that off goes: SLAAC addresses (global, not permanent, not ours), the
 * routes it made from RAs (RTPROT_RA), and on-link prefix routes left
 * without an address.  Otherwise a stale on-link route for an old DAR's
 * prefix sends the BU for it into neighbour discovery on the wrong link.
 */
static void
mn_flush_kernel_ra(struct mn *m)
{
	struct addr_info *a;
	struct route_info *rt;
	struct route_filter f;
	size_t i, k, na, nr;
	bool covered;

	if (addr_list(m->nl, m->ifindex, &a, &na) == -1)
		return;
	for (i = 0; i < na; i++)
		if (a[i].scope == RT_SCOPE_UNIVERSE &&
		    !(a[i].flags & IFA_F_PERMANENT) &&
		    a[i].proto != NL_RTPROT_FAMA) {
			char s[INET6_ADDRSTRLEN];

			log_info("%s: removing %s, learned from an RA",
			    m->o.iface, addr_str(&a[i].addr, s, sizeof(s)));
			addr_del(m->nl, &a[i]);
			a[i].plen = 0;		/* gone */
		}
	memset(&f, 0, sizeof(f));
	f.table = ROUTE_TABLE_MAIN;
	f.oif = m->ifindex;
	if (route_list(m->nl, &f, &rt, &nr) == -1) {
		free(a);
		return;
	}
	for (i = 0; i < nr; i++) {
		if (IN6_IS_ADDR_LINKLOCAL(&rt[i].dst) ||
		    IN6_IS_ADDR_MULTICAST(&rt[i].dst))
			continue;
		covered = false;
		for (k = 0; k < na; k++)
			if (a[k].plen != 0 && a[k].plen == rt[i].dst_len &&
			    nl_prefix_cmp(&a[k].addr, a[k].plen, &rt[i].dst,
			    rt[i].dst_len) == 0)
				covered = true;
		if (rt[i].protocol == RTPROT_RA ||
		    (rt[i].protocol == RTPROT_KERNEL && !covered))
			if (route_del(m->nl, &rt[i]) == -1)
				kerr(m, "removing an RA route", &rt[i].dst);
	}
	free(rt);
	free(a);
}

static void
mn_cleanup(struct mn *m)
{
	struct addr_info *a;
	struct route_info *rt;
	size_t i, n;

	ev_timer_cancel(&m->rs_timer);
	ev_timer_cancel(&m->bul_timer);
	ev_timer_cancel(&m->keep_timer);
	ev_timer_cancel(&m->resync_timer);
	ev_timer_cancel(&m->tunsrc_timer);
	mn_state_stop(&m->state);
	if (m->tun != NULL) {
		if (tunnel_flush(m->tun) == -1)
			kerr(m, "removing tunnels", NULL);
		tunnel_close(m->tun);
	}
	if (m->nl != NULL) {
		/* what fama added: addresses (IFA_PROTO) and routes */
		if (addr_list_owned(m->nl, 0, &a, &n) == 0) {
			for (i = 0; i < n; i++)
				if (a[i].ifindex == m->ifindex ||
				    a[i].ifindex == m->lo_index)
					addr_del(m->nl, &a[i]);
			free(a);
		}
		if (route_list_owned(m->nl, ROUTE_TABLE_MAIN, &rt, &n) == 0) {
			for (i = 0; i < n; i++)
				if (rt[i].oif == m->ifindex)
					route_del(m->nl, &rt[i]);
			free(rt);
		}
		mn_sysctl(m, false);
	}
	if (m->nft && nft_suppress_remove(MN_NFT_TABLE) == -1)
		log_warn("removing nftables table %s", MN_NFT_TABLE);
	if (m->rx_fd != -1) {
		ev_del(m->rx_fd);
		close(m->rx_fd);
	}
	if (m->icmp_fd != -1) {
		ev_del(m->icmp_fd);
		close(m->icmp_fd);
	}
	if (m->tx_fd != -1)
		close(m->tx_fd);
	if (m->ev_nl != NULL) {
		ev_del(nl_fd(m->ev_nl));
		nl_close(m->ev_nl);
	}
	if (m->ctl != NULL)
		ctl_close(m->ctl);
	bul_free(m->bul);
	if (m->genl != NULL && m->tunsrc_saved && m->o.single_anchor)
		seg6_tunsrc_set(m->genl, &m->tunsrc_was);
	nl_close(m->genl);
	nl_close(m->diag);
	nl_close(m->nl);
	EVP_PKEY_free(m->id.key);
	if (m->have_pid)
		daemon_pidfile_remove(&m->pid);
}

static int
mn_identity(struct mn *m)
{
	struct keyfile_info info;
	char msg[KEYFILE_MSG_LEN];
	EVP_PKEY *k;

	if (access(m->o.keyfile, F_OK) == -1 && errno == ENOENT) {
		log_info("%s: no key yet, making a %d-bit RSA key",
		    m->o.keyfile, CGA_DEFAULT_BITS);
		if ((k = EVP_RSA_gen(CGA_DEFAULT_BITS)) == NULL) {
			log_warnx("RSA key generation failed");
			return -1;
		}
		if (keyfile_write(m->o.keyfile, k, false, msg,
		    sizeof(msg)) == -1) {
			EVP_PKEY_free(k);
			log_warnx("%s", msg);
			return -1;
		}
		EVP_PKEY_free(k);
	}
	if (keyfile_ident(m->o.keyfile, (unsigned)m->o.sec, &m->id, &info,
	    msg, sizeof(msg)) == -1) {
		log_warnx("%s", msg);
		return -1;
	}
	if (info.flags & KEYFILE_SEARCHED)
		log_info("CGA modifier for Sec %d found (%llu hashes)",
		    m->o.sec, (unsigned long long)info.iters);
	if (info.flags & KEYFILE_NOT_SAVED)
		log_warnx("%s", msg);
	return 0;
}

static void
mn_marks(const struct in6_addr *a, bool *pinned, bool *released, void *arg)
{
	struct mn_addrx *x = mn_x(arg, a, false);

	*pinned = x != NULL && x->pinned;
	*released = x != NULL && x->released;
}

static void
mn_set_marks(const struct in6_addr *a, bool pinned, bool released, void *arg)
{
	struct mn_addrx *x;

	if ((!pinned && !released) || (x = mn_x(arg, a, true)) == NULL)
		return;
	x->pinned = pinned;
	x->released = released;
}

static int
mn_setup(struct mn *m)
{
	struct bul_config bc;
	struct link_info li;
	struct mn_state_hooks sh;

	if (mn_identity(m) == -1)
		return -1;
	if ((m->nl = nl_open()) == NULL || (m->diag = nl_open_diag()) ==
	    NULL || (m->genl = nl_open_proto(NETLINK_GENERIC)) == NULL) {
		log_warn("netlink");
		return -1;
	}
	m->tunsrc_saved = seg6_tunsrc_get(m->genl, &m->tunsrc_was) == 0;
	if ((m->ifindex = link_index(m->nl, m->o.iface)) <= 0 ||
	    (m->lo_index = link_index(m->nl, "lo")) <= 0) {
		log_warnx("%s: no such interface", m->o.iface);
		return -1;
	}
	if (role_pidfile(&m->pid, "mn", m->o.pidfile) == -1)
		return -1;
	m->have_pid = true;
	mn_sysctl(m, true);
	mn_flush_kernel_ra(m);

	bul_config_default(&bc);
	bc.lifetime = (uint32_t)m->o.lifetime;
	bc.initial_ms = (uint32_t)m->o.bu_timeout;
	bc.initial_first_ms = (uint32_t)m->o.bu_timeout * 2;
	bc.use_rr = m->o.rr;
	bc.single_anchor = m->o.single_anchor;
	bc.keep_default = m->o.keep == KEEP_ALL || m->o.single_anchor;
	if ((m->bul = bul_new(&bc, &m->id, mn_emit, m)) == NULL) {
		log_warn("binding update list");
		return -1;
	}
	if ((m->tun = tunnel_open(m->nl, NULL)) == NULL) {
		log_warnx("tunnels: %s: %s", strerror(errno),
		    nl_last_extack(m->nl));
		return -1;
	}
	if (nft_suppress_add(MN_NFT_TABLE) == -1) {
		log_warn("nftables table %s", MN_NFT_TABLE);
		return -1;
	}
	m->nft = true;
	if ((m->rx_fd = sig_rx_open((unsigned)m->ifindex)) == -1 ||
	    (m->tx_fd = sig_tx_open()) == -1 ||
	    (m->icmp_fd = sig_icmp6_open((unsigned)m->ifindex,
	    ND_ROUTER_ADVERT, 0)) == -1) {
		log_warn("signalling sockets");
		return -1;
	}
	if ((m->ev_nl = nl_open_events(NL_GRP_LINK | NL_GRP_ADDR6)) == NULL) {
		log_warn("netlink events");
		return -1;
	}
	if ((m->ctl = ctl_listen(m->o.socket, mn_cmds, sizeof(mn_cmds) /
	    sizeof(mn_cmds[0]), m)) == NULL) {
		log_warn("control socket %s", m->o.socket);
		return -1;
	}
	ev_timer_init(&m->rs_timer, rs_timer_cb, m);
	ev_timer_init(&m->bul_timer, bul_timer_cb, m);
	ev_timer_init(&m->keep_timer, keep_timer_cb, m);
	ev_timer_init(&m->resync_timer, resync_cb, m);
	ev_timer_init(&m->tunsrc_timer, tunsrc_timer_cb, m);
	/* What an earlier run left: taken over with the state file, else
	 * removed (away addresses released at their anchors). */
	memset(&sh, 0, sizeof(sh));
	sh.bul = m->bul;
	sh.emit = mn_emit;
	sh.marks = mn_marks;
	sh.set_marks = mn_set_marks;
	sh.arg = m;
	if (mn_state_init(&m->state, m->o.state_file, m->o.keyfile,
	    m->id.spki, m->id.spki_len, &sh) == -1)
		return -1;
	mn_state_start(&m->state, m->nl, m->tun, m->ifindex, m->lo_index,
	    m->o.single_anchor);
	mn_arm(m);
	if (ev_add(m->rx_fd, POLLIN, mn_rx_cb, m) == -1 ||
	    ev_add(m->icmp_fd, POLLIN, mn_icmp_cb, m) == -1 ||
	    ev_add(nl_fd(m->ev_nl), POLLIN, mn_nl_cb, m) == -1 ||
	    ev_signal(SIGTERM, mn_stop_cb, m) == -1 ||
	    ev_signal(SIGINT, mn_stop_cb, m) == -1 ||
	    ev_signal(SIGHUP, mn_hup_cb, m) == -1) {
		log_warn("event loop");
		return -1;
	}
	if (m->o.keep == KEEP_ACTIVE)
		ev_timer_add(&m->keep_timer, (uint64_t)m->o.keep_interval);

	if (role_daemonize(&m->pid, m->o.debug, m->o.user) == -1)
		return -1;
	log_info("on %s, keep %s%s%s", m->o.iface, keep_names[m->o.keep],
	    m->o.rr ? ", return routability" : "",
	    m->o.single_anchor ? ", single anchor" : "");
	m->started = ev_now_ms();
	if (link_get(m->nl, m->ifindex, NULL, &li) == 0) {
		m->carrier_changes = li.carrier_changes;
		if ((li.flags & IFF_UP) && li.carrier)
			mn_link_up(m);
	}
	return 0;
}

int
mn_main(int argc, char **argv)
{
	struct mn_opts defaults;
	static struct mn m;
	int first, rc = 1;

	memset(&m, 0, sizeof(m));
	m.rx_fd = m.tx_fd = m.icmp_fd = -1;
	mn_defaults(&defaults);
	if (conf_init(&m.conf, mn_opts, sizeof(mn_opts) / sizeof(mn_opts[0]),
	    &defaults, &m.o, sizeof(m.o)) == -1) {
		fprintf(stderr, "fama mn: %s\n", conf_error(&m.conf));
		return 1;
	}
	if ((first = conf_args(&m.conf, argc, argv)) == -1) {
		fprintf(stderr, "fama mn: %s\n", conf_error(&m.conf));
		mn_usage(&m.conf, stderr);
		return 1;
	}
	if (m.o.help) {
		mn_usage(&m.conf, stdout);
		return 0;
	}
	if (first < argc) {
		if (strcmp(argv[first], "show") != 0 &&
		    strcmp(argv[first], "keep") != 0 &&
		    strcmp(argv[first], "release") != 0) {
			fprintf(stderr, "fama mn: unknown command '%s'\n",
			    argv[first]);
			mn_usage(&m.conf, stderr);
			return 1;
		}
		return role_client("mn", m.o.socket, argc - first,
		    argv + first);
	}
	if (m.o.config[0] != '\0' && conf_file(&m.conf, m.o.config) == -1) {
		fprintf(stderr, "fama mn: %s\n", conf_error(&m.conf));
		return 1;
	}
	if (m.o.iface[0] == '\0' || m.o.keyfile[0] == '\0') {
		fprintf(stderr, "fama mn: -i and -k are required\n");
		mn_usage(&m.conf, stderr);
		return 1;
	}
	log_init(m.o.debug, LOG_DAEMON);
	log_procinit("mn");
	log_setverbose(m.o.verbose);
	if (ev_init() == -1) {
		log_warn("event loop");
		return 1;
	}
	if (mn_setup(&m) == 0 && ev_run() == 0)
		rc = 0;
	else if (errno != 0)
		log_warn("stopped");
	mn_cleanup(&m);
	ev_free();
	return rc;
}

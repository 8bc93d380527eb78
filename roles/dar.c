// SPDX-License-Identifier: GPL-2.0-only
/* fama dar: the Distributed Anchor Router.  Advertises its prefixes with
 * the Mobile IPv6 additions, is the home agent for the addresses formed
 * from them (proto/bc), and keeps the kernel's tunnels in step. */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netinet/icmp6.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "netns/addr.h"
#include "netns/link.h"
#include "netns/neigh.h"
#include "netns/nft.h"
#include "netns/nl.h"
#include "netns/seg6.h"
#include "netns/sig.h"
#include "netns/sysctl.h"
#include "netns/tunnel.h"
#include "proto/bc.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/nd.h"
#include "proto/rxq.h"
#include "roles/common.h"
#include "roles/conf.h"
#include "roles/ctl.h"
#include "roles/daemon.h"
#include "roles/dar_state.h"
#include "roles/ev.h"
#include "roles/json.h"
#include "roles/log.h"
#include "roles/roles.h"
#include "roles/table.h"

#define DAR_MAX_IFS	16
#define DAR_NFT_TABLE	"fama_dar"
#define DAR_PKT_MAX	RXQ_PKT_MAX
#define DAR_RX_BATCH	256		/* packets read per turn, at most */
#define DAR_RCVBUF	(4 << 20)	/* the signalling socket's queue */
#define DAR_LOG_RATE	20		/* refusals logged per second */
#define DAR_REPAIR_MAX	256		/* bindings whose tunnel is retried */
#define DAR_REPAIR_MS	10		/* first retry; doubling to 1 s */
#define DAR_CNT_BATCH	64		/* counter changes per transaction */

struct dar_opts {
	char	ifaces[DAR_MAX_IFS][IFNAMSIZ];
	int	nifaces;
	bool	debug;
	int	verbose;
	char	config[256];
	char	socket[108];
	char	pidfile[256];
	char	user[64];
	char	state_file[256];
	int	max_lifetime;
	int	refresh;
	int	max_bindings;
	int	token_hold;
	int	min_sec;
	int	min_bits;
	int	max_bits;
	bool	require_rr;
	int	nonce_period;
	int	sig_rate;
	int	sig_burst;
	int	sig_rate_all;
	int	sig_queue;
	int	sig_budget;
	int	ra_interval;
	int	ra_delay;
	int	router_lifetime;
	int	valid_lifetime;
	int	preferred_lifetime;
	int	tcp_mss;	/* -1 off, 0 from the access links' MTU */
	bool	help;
};

struct dar_if {
	char		 name[IFNAMSIZ];
	int		 ifindex;
	bool		 up;
	uint32_t	 mtu;
	uint8_t		 lladdr[ND_LLA_MAX];
	size_t		 lladdr_len;
	struct in6_addr	 ll;		/* link-local address: RA source */
	bool		 has_ll;
	int		 icmp_fd;
	bool		 proxy_was;	/* proxy_ndp before we set it */
	struct ev_timer	 ra_timer;
	struct bc_prefix pfx[BC_MAX_PREFIXES];
	size_t		 npfx;
	struct dar	*dar;
};

struct dar {
	struct dar_opts	 o;
	struct conf	 conf;
	struct nl	*nl;
	struct nl	*ev_nl;
	struct nl	*genl;
	struct in6_addr	 tunsrc_was;
	bool		 tunsrc_saved;
	struct in6_addr	 tunsrc;	/* what we set */
	bool		 tunsrc_set;
	struct tunnel	*tun;
	struct bc	*bc;
	int		 rx_fd;
	int		 tx_fd;
	struct ctl_server *ctl;
	struct pidfile	 pid;
	bool		 have_pid;
	bool		 nft;
	struct dar_if	 ifs[DAR_MAX_IFS];
	size_t		 nifs;
	struct ev_timer	 bc_timer;
	struct ev_timer	 resync_timer;
	struct dar_state state;
	uint64_t	 started;
	uint64_t	 tunnel_errors;
	uint64_t	 tunnel_repaired;
	uint64_t	 counter_errors;
	/* bound home addresses whose tunnel the kernel refused: retried */
	struct in6_addr	 repair[DAR_REPAIR_MAX];
	size_t		 nrepair;
	uint64_t	 repair_ms;
	struct ev_timer	 repair_timer;
	uint64_t	 ra_sent;
	uint64_t	 rs_rx;
	uint64_t	 rx_errors;
	uint64_t	 rx_drops;	/* the socket's queue was full */
	struct rxq	*rxq;		/* signed BUs waiting for their turn */
	struct ev_timer	 rxq_timer;
	uint64_t	 log_sec;	/* refusals logged in this second */
	unsigned	 log_n;
	uint64_t	 log_quiet;	/* refusals not logged since */
	/* the counters of this turn's new and gone bindings, pending */
	struct nft_addr_op cnt[DAR_CNT_BATCH];
	size_t		 ncnt;
	uint8_t		 pkt[DAR_PKT_MAX];
};

static int
parse_iface(const char *v, void *member, char *err, size_t len)
{
	struct dar_opts *o = (struct dar_opts *)((char *)member -
	    offsetof(struct dar_opts, ifaces));

	if (strlen(v) == 0 || strlen(v) >= IFNAMSIZ) {
		snprintf(err, len, "not an interface name");
		return -1;
	}
	if (o->nifaces == DAR_MAX_IFS) {
		snprintf(err, len, "at most %d interfaces", DAR_MAX_IFS);
		return -1;
	}
	snprintf(o->ifaces[o->nifaces++], IFNAMSIZ, "%s", v);
	return 0;
}

static int
parse_mss(const char *v, void *member, char *err, size_t len)
{
	char *end;
	long n;

	if (strcmp(v, "auto") == 0) {
		*(int *)member = 0;
		return 0;
	}
	if (strcmp(v, "off") == 0) {
		*(int *)member = -1;
		return 0;
	}
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < 536 || n > 65495) {
		snprintf(err, len, "auto, off, or 536..65495");
		return -1;
	}
	*(int *)member = (int)n;
	return 0;
}

static int
parse_bits(const char *v, void *member, char *err, size_t len)
{
	struct dar_opts *o = (struct dar_opts *)((char *)member -
	    offsetof(struct dar_opts, min_bits));
	unsigned lo, hi;
	char c;

	if (sscanf(v, "%u:%u%c", &lo, &hi, &c) != 2 || lo < 512 ||
	    hi > 8192 || lo > hi) {
		snprintf(err, len, "MIN:MAX key bits, 512..8192");
		return -1;
	}
	o->min_bits = (int)lo;
	o->max_bits = (int)hi;
	return 0;
}

#define O(m)	CONF_AT(struct dar_opts, m)
static const struct conf_opt dar_opts[] = {
	{ "interface", 'i', CONF_CUSTOM, O(ifaces), CONF_MULTI | CONF_RESTART,
	    0, 0, parse_iface, "IFACE", "access interface (repeat for more)" },
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
	    "PATH", "bindings and tokens kept across restarts (none: not)" },
	{ "max-lifetime", 0, CONF_INT, O(max_lifetime), 0, 4, 262140, NULL,
	    "SECONDS", "longest binding lifetime granted" },
	{ "refresh", 0, CONF_INT, O(refresh), 0, 0, 262140, NULL, "SECONDS",
	    "Binding Refresh Advice interval, 0 for none" },
	{ "max-bindings", 0, CONF_INT, O(max_bindings), CONF_RESTART, 1,
	    10000000, NULL, "N", "binding cache size (status 130 past it)" },
	{ "token-hold", 0, CONF_INT, O(token_hold), CONF_RESTART, 0,
	    100000000, NULL, "SECONDS", "keep a token after its binding" },
	{ "min-sec", 0, CONF_INT, O(min_sec), CONF_RESTART, 0, 2, NULL, "SEC",
	    "lowest CGA Sec accepted" },
	{ "key-bits", 0, CONF_CUSTOM, O(min_bits), CONF_RESTART, 0, 0,
	    parse_bits, "MIN:MAX", "RSA key sizes accepted" },
	{ "require-rr", 0, CONF_FLAG, O(require_rr), CONF_RESTART, 0, 0, NULL,
	    NULL, "require a care-of test (return routability)" },
	{ "nonce-period", 0, CONF_INT, O(nonce_period), CONF_RESTART, 1, 240,
	    NULL, "SECONDS", "a new care-of nonce every SECONDS" },
	{ "sig-rate", 0, CONF_INT, O(sig_rate), CONF_RESTART, 0, 1000000, NULL,
	    "N", "signature checks per second per source /64 (0: no limit)" },
	{ "sig-burst", 0, CONF_INT, O(sig_burst), CONF_RESTART, 1, 1000000,
	    NULL, "N", "burst of signature checks per source /64" },
	{ "sig-rate-all", 0, CONF_INT, O(sig_rate_all), CONF_RESTART, 0,
	    10000000, NULL, "N", "signature checks per second in all" },
	{ "sig-queue", 0, CONF_INT, O(sig_queue), CONF_RESTART, 1, 65536, NULL,
	    "N", "signed BUs waiting for their check, at most" },
	{ "sig-budget", 0, CONF_INT, O(sig_budget), 0, 1, 65536, NULL, "N",
	    "signed BUs handled per turn, after the cheap messages" },
	{ "ra-interval", 0, CONF_INT, O(ra_interval), 0, 30, 1800000, NULL,
	    "MS", "longest time between unsolicited RAs" },
	{ "ra-delay", 0, CONF_INT, O(ra_delay), 0, 0, 500, NULL, "MS",
	    "random delay before answering an RS (RFC 4861: 500)" },
	{ "router-lifetime", 0, CONF_INT, O(router_lifetime), 0, 0, 9000, NULL,
	    "SECONDS", "router lifetime advertised" },
	{ "valid-lifetime", 0, CONF_INT, O(valid_lifetime), 0, 0, INT32_MAX,
	    NULL, "SECONDS", "prefix valid lifetime advertised" },
	{ "preferred-lifetime", 0, CONF_INT, O(preferred_lifetime), 0, 0,
	    INT32_MAX, NULL, "SECONDS", "prefix preferred lifetime advertised" },
	{ "tcp-mss", 0, CONF_CUSTOM, O(tcp_mss), CONF_RESTART, 0, 0,
	    parse_mss, "MSS", "clamp forwarded TCP SYNs: auto (link MTU less "
	    "100), off, or a number" },
	{ "help", 'h', CONF_FLAG, O(help), CONF_NOFILE, 0, 0, NULL, NULL,
	    "show this help" },
};
#undef O

static void
dar_usage(const struct conf *c, FILE *f)
{
	fprintf(f, "usage: fama dar [-dhv] [-c file] [-i interface] "
	    "[-s socket] [-u user] [options]\n"
	    "       fama dar [-s socket] show [bindings | stats | prefixes] "
	    "[--json]\n\n");
	conf_usage(c, f);
}

static void
dar_defaults(struct dar_opts *o)
{
	struct bc_config bc;

	memset(o, 0, sizeof(*o));
	bc_config_default(&bc);
	daemon_runpath(o->socket, sizeof(o->socket), "dar", ".sock");
	daemon_runpath(o->pidfile, sizeof(o->pidfile), "dar", ".pid");
	snprintf(o->state_file, sizeof(o->state_file), "%s",
	    DAR_STATE_DEFAULT);
	o->max_lifetime = (int)bc.max_lifetime;
	o->refresh = (int)bc.refresh;
	o->max_bindings = (int)bc.max_entries;
	o->token_hold = (int)bc.token_hold;
	o->min_sec = (int)bc.cga.min_sec;
	o->min_bits = (int)bc.cga.min_bits;
	o->max_bits = (int)bc.cga.max_bits;
	o->nonce_period = (int)bc.nonce_period;
	o->sig_rate = (int)bc.sig_rate;
	o->sig_burst = (int)bc.sig_burst;
	o->sig_rate_all = (int)bc.sig_rate_all;
	o->sig_queue = 256;
	o->sig_budget = 8;
	o->ra_interval = 3000;
	o->ra_delay = 0;
	o->router_lifetime = 1800;
	o->valid_lifetime = 86400;
	o->preferred_lifetime = 14400;
}

static void
dar_bc_config(const struct dar_opts *o, struct bc_config *c)
{
	bc_config_default(c);
	c->max_entries = (size_t)o->max_bindings;
	c->max_lifetime = (uint32_t)o->max_lifetime;
	c->refresh = (uint32_t)o->refresh;
	c->token_hold = (uint32_t)o->token_hold;
	c->cga.min_sec = (unsigned)o->min_sec;
	c->cga.min_bits = (unsigned)o->min_bits;
	c->cga.max_bits = (unsigned)o->max_bits;
	c->require_rr = o->require_rr;
	c->nonce_period = (uint32_t)o->nonce_period;
	c->sig_rate = (uint32_t)o->sig_rate;
	c->sig_burst = (uint32_t)o->sig_burst;
	c->sig_rate_all = (uint32_t)o->sig_rate_all;
	c->sig_burst_all = (uint32_t)o->sig_rate_all * 2;
}

/* --- interfaces and prefixes -------------------------------------------- */

static struct dar_if *
dar_if_by_index(struct dar *d, int ifindex)
{
	size_t i;

	for (i = 0; i < d->nifs; i++)
		if (d->ifs[i].ifindex == ifindex)
			return &d->ifs[i];
	return NULL;
}

static struct dar_if *
dar_if_of_prefix(struct dar *d, const struct in6_addr *a)
{
	size_t i, j;

	for (i = 0; i < d->nifs; i++)
		for (j = 0; j < d->ifs[i].npfx; j++)
			if (memcmp(d->ifs[i].pfx[j].prefix.s6_addr, a->s6_addr,
			    8) == 0)
				return &d->ifs[i];
	return NULL;
}

static bool
dar_if_ready(const struct dar_if *di)
{
	return di->up && di->npfx > 0 && di->has_ll;
}

static bool
pfx_has_anchor(const struct dar_if *di, const struct in6_addr *a)
{
	size_t j;

	for (j = 0; j < di->npfx; j++)
		if (memcmp(&di->pfx[j].anchor, a, sizeof(*a)) == 0)
			return true;
	return false;
}

/* Learn each interface's global /64s (the anchor is our address in it),
 * set up decapsulation for new anchors and take it down for lost ones,
 * and give the binding cache the new list. */
static int
dar_scan(struct dar *d)
{
	struct bc_prefix all[BC_MAX_PREFIXES];
	struct dar_if *di, old;
	struct addr_info *a;
	struct link_info li;
	char s[INET6_ADDRSTRLEN];
	size_t i, j, k, n, nall = 0;

	for (i = 0; i < d->nifs; i++) {
		di = &d->ifs[i];
		old = *di;
		if (link_get(d->nl, di->ifindex, NULL, &li) == -1) {
			log_warn("%s", di->name);
			continue;
		}
		di->up = (li.flags & IFF_UP) && li.carrier;
		di->mtu = li.mtu;
		di->lladdr_len = li.lladdr_len <= ND_LLA_MAX ? li.lladdr_len :
		    0;
		memcpy(di->lladdr, li.lladdr, di->lladdr_len);
		if (addr_list(d->nl, di->ifindex, &a, &n) == -1) {
			log_warn("%s: addresses", di->name);
			continue;
		}
		di->npfx = 0;
		di->has_ll = false;
		for (j = 0; j < n; j++) {
			if (a[j].scope == RT_SCOPE_LINK && !(a[j].flags &
			    (IFA_F_TENTATIVE | IFA_F_DADFAILED)) && !di->has_ll) {
				di->ll = a[j].addr;
				di->has_ll = true;
			}
			if (a[j].plen != 64 || a[j].scope != 0 ||
			    (a[j].flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED |
			    IFA_F_DEPRECATED)) ||
			    a[j].addr.s6_addr[0] == 0xfe)
				continue;
			for (k = 0; k < di->npfx; k++)
				if (memcmp(di->pfx[k].prefix.s6_addr,
				    a[j].addr.s6_addr, 8) == 0)
					break;
			if (k < di->npfx || di->npfx == BC_MAX_PREFIXES ||
			    nall == BC_MAX_PREFIXES)
				continue;
			memset(&di->pfx[k], 0, sizeof(di->pfx[k]));
			memcpy(di->pfx[k].prefix.s6_addr, a[j].addr.s6_addr, 8);
			di->pfx[k].anchor = a[j].addr;
			di->npfx++;
			all[nall++] = di->pfx[k];
		}
		free(a);
		/* decapsulation follows the anchors */
		for (k = 0; k < old.npfx; k++)
			if (!pfx_has_anchor(di, &old.pfx[k].anchor)) {
				log_info("%s: anchor %s gone", di->name,
				    addr_str(&old.pfx[k].anchor, s, sizeof(s)));
				if (tunnel_anchor_decap_down(d->tun,
				    &old.pfx[k].anchor) == -1)
					log_warnx("%s: decapsulation: %s: %s",
					    di->name, strerror(errno),
					    nl_last_extack(d->nl));
			}
		for (k = 0; k < di->npfx; k++)
			if (!pfx_has_anchor(&old, &di->pfx[k].anchor)) {
				log_info("%s: anchor %s/64", di->name,
				    addr_str(&di->pfx[k].anchor, s, sizeof(s)));
				if (tunnel_anchor_decap_up(d->tun,
				    &di->pfx[k].anchor, di->ifindex) == -1)
					log_warnx("%s: decapsulation: %s: %s",
					    di->name, strerror(errno),
					    nl_last_extack(d->nl));
			}
		if (di->npfx == 0)
			log_warnx("%s: no global /64 address: nothing to "
			    "advertise", di->name);
	}
	/* Tunnels leave from the (first) anchor address, RFC 6275's
	 * endpoint, rather than from whatever faces the care-of address. */
	/* Only when it changes: the kernel waits for an RCU grace period
	 * (milliseconds) on every set. */
	if (nall > 0 && (!d->tunsrc_set || memcmp(&d->tunsrc,
	    &all[0].anchor, sizeof(d->tunsrc)) != 0)) {
		if (seg6_tunsrc_set(d->genl, &all[0].anchor) == -1)
			log_warnx("tunnel source: %s: %s", strerror(errno),
			    nl_last_extack(d->genl));
		else {
			d->tunsrc = all[0].anchor;
			d->tunsrc_set = true;
		}
	}
	return bc_set_prefixes(d->bc, all, nall);
}

/* --- router advertisements ---------------------------------------------- */

static void
dar_send_ra(struct dar *d, struct dar_if *di, const struct in6_addr *to)
{
	static const struct in6_addr all_nodes = {
		{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } };
	uint8_t msg[512];
	struct nd_ra ra;
	size_t i, len;

	/* RAs come from the link-local address (RFC 4861 §4.2): none
	 * until it has passed DAD; an address event brings us back. */
	if (!dar_if_ready(di))
		return;
	memset(&ra, 0, sizeof(ra));
	ra.cur_hlim = 64;
	ra.flags = ND_RA_F_HOME_AGENT;
	ra.router_lifetime = (uint16_t)d->o.router_lifetime;
	ra.slla_len = (uint8_t)di->lladdr_len;
	memcpy(ra.slla, di->lladdr, di->lladdr_len);
	ra.has_mtu = di->mtu > 0;
	ra.mtu = di->mtu;
	ra.has_adv_ival = true;
	ra.adv_ival = (uint32_t)d->o.ra_interval;
	for (i = 0; i < di->npfx && i < ND_MAX_PREFIXES; i++) {
		ra.prefix[i].len = 64;
		ra.prefix[i].flags = ND_PI_F_ONLINK | ND_PI_F_AUTO |
		    ND_PI_F_ROUTER;
		ra.prefix[i].valid = (uint32_t)d->o.valid_lifetime;
		ra.prefix[i].preferred = (uint32_t)d->o.preferred_lifetime;
		/* R: the prefix field carries the anchor address itself
		 * (RFC 6275 §7.2); the MN takes its anchor from here. */
		ra.prefix[i].prefix = di->pfx[i].anchor;
	}
	ra.nprefix = i;
	if (nd_ra_encode(&ra, msg, sizeof(msg), &len) == -1) {
		log_warn("%s: RA", di->name);
		return;
	}
	if (sig_icmp6_send(di->icmp_fd, (unsigned)di->ifindex, &di->ll,
	    to != NULL ? to : &all_nodes, msg, len) == -1) {
		log_warn("%s: sending RA", di->name);
		return;
	}
	d->ra_sent++;
}

static uint32_t
jitter(uint32_t lo, uint32_t hi)
{
	uint32_t r;

	if (hi <= lo || auth_random(&r, sizeof(r)) == -1)
		return hi;
	return lo + r % (hi - lo + 1);
}

static int
ra_timer_cb(struct ev_timer *t, void *arg)
{
	struct dar_if *di = arg;
	uint32_t max = (uint32_t)di->dar->o.ra_interval;

	dar_send_ra(di->dar, di, NULL);
	/* RFC 4861 §6.2.4: uniformly between MinRtrAdvInterval (here 3/4
	 * of the maximum) and MaxRtrAdvInterval. */
	return ev_timer_add(t, jitter(max * 3 / 4, max));
}

static int
dar_icmp_cb(int fd, short revents, void *arg)
{
	struct dar_if *di = arg;
	struct dar *d = di->dar;
	struct sig_icmp6_info info;
	struct nd_rs rs;
	uint8_t buf[1500];
	size_t len;

	(void)revents;
	for (;;) {
		if (sig_icmp6_recv(fd, buf, sizeof(buf), &len, &info) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("%s: ICMPv6", di->name);
			return 0;
		}
		/* RFC 4861 §6.1.1 */
		if (info.hlim != 255 || nd_rs_decode(buf, len, &rs) == -1)
			continue;
		d->rs_rx++;
		/* Unicast to a link-local solicitor (RFC 4861 §6.2.6);
		 * anything else, :: included, gets the multicast RA. */
		if (d->o.ra_delay == 0)
			dar_send_ra(d, di, IN6_IS_ADDR_LINKLOCAL(&info.src) ?
			    &info.src : NULL);
		else if (!ev_timer_pending(&di->ra_timer) ||
		    ev_timer_deadline(&di->ra_timer) > ev_now_ms() +
		    (uint64_t)d->o.ra_delay)
			/* the delayed answer goes out multicast */
			ev_timer_add(&di->ra_timer, jitter(0,
			    (uint32_t)d->o.ra_delay));
	}
}

/* --- binding cache results ---------------------------------------------- */

/*
 * A binding whose tunnel the kernel refused (no route to its care-of
 * address for a moment, memory) is bound all the same, and its MN told
 * so: its tunnel is retried, 10 ms later and then at longer intervals up
 * to a second, until it is in or the binding is gone.  A refresh would
 * not help: it changes nothing in the kernel.
 */
static void
dar_repair_forget(struct dar *d, const struct in6_addr *hoa)
{
	size_t i;

	for (i = 0; i < d->nrepair; i++)
		if (memcmp(&d->repair[i], hoa, sizeof(*hoa)) == 0) {
			d->repair[i] = d->repair[--d->nrepair];
			return;
		}
}

static void
dar_repair_add(struct dar *d, const struct in6_addr *hoa)
{
	char h[INET6_ADDRSTRLEN];

	dar_repair_forget(d, hoa);
	if (d->nrepair == DAR_REPAIR_MAX) {
		log_warnx("tunnel %s: not retried, %d waiting already",
		    addr_str(hoa, h, sizeof(h)), DAR_REPAIR_MAX);
		return;
	}
	d->repair[d->nrepair++] = *hoa;
	if (!ev_timer_pending(&d->repair_timer)) {
		d->repair_ms = DAR_REPAIR_MS;
		ev_timer_add(&d->repair_timer, d->repair_ms);
	}
}

static int
repair_cb(struct ev_timer *t, void *arg)
{
	char h[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct dar *d = arg;
	const struct bc_entry *e;
	size_t i = 0;

	while (i < d->nrepair) {
		e = bc_lookup(d->bc, &d->repair[i]);
		if (e == NULL || e->state != BCE_BOUND) {
			d->repair[i] = d->repair[--d->nrepair];
			continue;
		}
		if (tunnel_anchor_up(d->tun, &e->hoa, &e->coa, 0) == -1) {
			i++;
			continue;
		}
		d->tunnel_repaired++;
		log_info("tunnel %s -> %s installed on a retry",
		    addr_str(&e->hoa, h, sizeof(h)),
		    addr_str(&e->coa, c, sizeof(c)));
		d->repair[i] = d->repair[--d->nrepair];
	}
	if (d->nrepair > 0) {
		d->repair_ms = d->repair_ms * 2 > 1000 ? 1000 :
		    d->repair_ms * 2;
		ev_timer_add(t, d->repair_ms);
	}
	return 0;
}

static void
dar_tunnel(struct dar *d, const struct bc_action *a, bool up)
{
	char h[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];
	struct dar_if *di = dar_if_of_prefix(d, &a->hoa);
	int rc;

	if (up)
		rc = tunnel_anchor_up(d->tun, &a->hoa, &a->coa, 0);
	else
		rc = tunnel_anchor_down(d->tun, &a->hoa);
	if (!up)
		dar_repair_forget(d, &a->hoa);
	if (rc == -1 && !(errno == ENOENT || errno == ESRCH) ) {
		d->tunnel_errors++;
		if (up)
			dar_repair_add(d, &a->hoa);
		log_warnx("tunnel %s -> %s %s: %s%s%s", addr_str(&a->hoa, h,
		    sizeof(h)), addr_str(&a->coa, c, sizeof(c)), up ? "up" :
		    "down", strerror(errno), *nl_last_extack(d->nl) ? ": " : "",
		    nl_last_extack(d->nl));
	} else if (log_getverbose() > 0)
		log_debug("tunnel %s -> %s %s", addr_str(&a->hoa, h,
		    sizeof(h)), addr_str(&a->coa, c, sizeof(c)), up ? "up" :
		    "down");
	if (di == NULL)
		return;
	/* RFC 6275 §10.4.1: the home agent defends the HoA on its home
	 * link; and what the link cached for the MN is stale now. */
	if (up) {
		if (neigh_proxy_claim(d->nl, di->ifindex, &a->hoa) == -1)
			log_warn("proxy neighbour %s", addr_str(&a->hoa, h,
			    sizeof(h)));
	} else if (neigh_proxy_del(d->nl, di->ifindex, &a->hoa) == -1 &&
	    errno != ENOENT)
		log_warn("proxy neighbour %s", addr_str(&a->hoa, h,
		    sizeof(h)));
}

/* Refusals are what strangers can cause at will: at most DAR_LOG_RATE
 * lines a second, and then how many were left out. */
static bool
dar_log_refusal(struct dar *d)
{
	uint64_t sec = ev_now_ms() / 1000;

	if (sec != d->log_sec) {
		if (d->log_quiet > 0)
			log_info("%llu more refusals not logged (more than %d "
			    "a second)", (unsigned long long)d->log_quiet,
			    DAR_LOG_RATE);
		d->log_sec = sec;
		d->log_n = 0;
		d->log_quiet = 0;
	}
	if (d->log_n < DAR_LOG_RATE) {
		d->log_n++;
		return true;
	}
	d->log_quiet++;
	return false;
}

static void
dar_log_result(struct dar *d, const struct bc_result *r)
{
	char h[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN];

	/* The routine events are logged with -v only: no addresses
	 * formatted for nothing (inet_ntop: two snprintf calls, a tenth
	 * of a refresh). */
	switch (r->event) {
	case BC_EV_REFRESHED:
	case BC_EV_DROPPED:
	case BC_EV_CARE_OF_TEST:
	case BC_EV_FORGOTTEN:
	case BC_EV_IGNORED:
	case BC_EV_NONE:
		if (log_getverbose() <= 0)
			return;
		break;
	default:
		break;
	}
	addr_str(&r->hoa, h, sizeof(h));
	addr_str(&r->coa, c, sizeof(c));
	switch (r->event) {
	case BC_EV_CREATED:
	case BC_EV_MOVED:
		log_info("binding %s -> %s %s (%s, seq %u, lifetime %us)", h, c,
		    bc_event_name(r->event), bc_auth_name(r->auth), r->seq,
		    r->lifetime);
		break;
	case BC_EV_REFRESHED:
		/* Routine, and at a busy DAR as many lines as refreshes: a
		 * line costs as much as the refresh itself (make bench). */
		log_debug("binding %s -> %s refreshed (%s, seq %u, lifetime "
		    "%us)", h, c, bc_auth_name(r->auth), r->seq, r->lifetime);
		break;
	case BC_EV_DEREGISTERED:
	case BC_EV_RETURNED_HOME:
		log_info("binding %s %s (%s, seq %u)", h,
		    bc_event_name(r->event), bc_auth_name(r->auth), r->seq);
		break;
	case BC_EV_REJECTED:
		if (!dar_log_refusal(d))
			break;
		log_info("BU for %s from %s refused: %d %s: %s", h, c,
		    r->status, mh_ba_status_name((uint8_t)r->status),
		    r->why != NULL ? r->why : "");
		break;
	case BC_EV_EXPIRED:
		log_info("binding %s -> %s expired", h, c);
		break;
	case BC_EV_BINDING_ERROR:
		log_info("Binding Error (status %d) sent: %s", r->status,
		    r->why);
		break;
	case BC_EV_DROPPED:
		log_debug("dropped: %s", r->why != NULL ? r->why : "?");
		break;
	case BC_EV_CARE_OF_TEST:
		log_debug("care-of test for %s", c);
		break;
	case BC_EV_FORGOTTEN:
		log_debug("token for %s forgotten", h);
		break;
	case BC_EV_IGNORED:
	case BC_EV_NONE:
		break;
	}
}

/* The link-layer address of a node on an access link, from a packet it
 * sent there (only for an address of that link's prefix). */
static void
dar_learn(struct dar *d, const struct in6_addr *a, const struct sig_info *from)
{
	struct dar_if *di;
	char s[INET6_ADDRSTRLEN];

	if (from->lladdr_len == 0 || (di = dar_if_of_prefix(d, a)) == NULL ||
	    (int)from->ifindex != di->ifindex)
		return;
	if (neigh_learn(d->nl, di->ifindex, a, from->lladdr,
	    from->lladdr_len) == -1)
		log_warn("neighbour %s", addr_str(a, s, sizeof(s)));
}

/* Does the event change what the state file holds? */
static bool
dar_event_saved(enum bc_event ev)
{
	switch (ev) {
	case BC_EV_CREATED:
	case BC_EV_REFRESHED:
	case BC_EV_MOVED:
	case BC_EV_DEREGISTERED:
	case BC_EV_RETURNED_HOME:
	case BC_EV_EXPIRED:
	case BC_EV_FORGOTTEN:
		return true;
	default:
		return false;
	}
}

/*
 * The counters of the bindings that one turn of the loop made or ended,
 * in one nf_tables transaction (netns/nft.h): they carry no packets, so
 * they follow the tunnels and the BAs of the whole turn, at the end of
 * every callback that applies binding cache results.
 */
static void
dar_counters_flush(struct dar *d)
{
	char h[INET6_ADDRSTRLEN];
	size_t i;

	if (d->ncnt == 0)
		return;
	if (nft_counters_addrs(DAR_NFT_TABLE, d->cnt, d->ncnt) > 0)
		for (i = 0; i < d->ncnt; i++) {
			if (d->cnt[i].error == 0)
				continue;
			d->counter_errors++;
			log_warnx("counters of %s %s: %s", addr_str(
			    &d->cnt[i].addr, h, sizeof(h)), d->cnt[i].add ?
			    "up" : "down", strerror(d->cnt[i].error));
		}
	d->ncnt = 0;
}

static void
dar_apply(struct dar *d, const struct bc_result *r,
    const struct sig_info *from)
{
	size_t i;

	dar_log_result(d, r);
	if (dar_event_saved(r->event))
		dar_state_changed(&d->state);
	/* Back home, the MN's address is on the link again: learn where
	 * from the BU itself, so that the BA and its flows need no
	 * neighbour solicitation (its solicited-node group may not be
	 * joined yet while its address is brand new). */
	if (r->event == BC_EV_RETURNED_HOME && from != NULL)
		dar_learn(d, &r->hoa, from);
	/* The tunnel first, then the answer; the bookkeeping that does not
	 * carry packets (counters) after the turn's answers, in one
	 * nftables transaction (dar_counters_flush()). */
	for (i = 0; i < r->nact; i++)
		if (r->act[i].type != BC_ACT_SEND)
			dar_tunnel(d, &r->act[i],
			    r->act[i].type == BC_ACT_TUNNEL_UP);
	for (i = 0; i < r->nact; i++)
		if (r->act[i].type == BC_ACT_SEND && sig_send(d->tx_fd,
		    r->act[i].pkt, r->act[i].len) == -1)
			log_warn("sending %s", r->status >= 0 ? "BA" : "reply");
	for (i = 0; i < r->nact; i++) {
		if (r->act[i].type == BC_ACT_SEND ||
		    (r->act[i].type == BC_ACT_TUNNEL_UP &&
		    r->event != BC_EV_CREATED))
			continue;
		/* a binding's counters start with it and end with it */
		if (d->ncnt == DAR_CNT_BATCH)
			dar_counters_flush(d);
		d->cnt[d->ncnt].addr = r->act[i].hoa;
		d->cnt[d->ncnt].add = r->act[i].type == BC_ACT_TUNNEL_UP;
		d->ncnt++;
	}
}

static void
dar_arm(struct dar *d)
{
	ev_timer_set(&d->bc_timer, bc_next_deadline(d->bc));
}

static int
bc_timer_cb(struct ev_timer *t, void *arg)
{
	struct dar *d = arg;
	struct bc_result r;
	uint64_t now = ev_now_ms();

	(void)t;
	while (bc_expire(d->bc, now, &r))
		dar_apply(d, &r, NULL);
	dar_counters_flush(d);
	dar_arm(d);
	return 0;
}

/* One received packet through the binding cache. */
static void
dar_handle(struct dar *d, const uint8_t *pkt, size_t len,
    const struct sig_info *info)
{
	struct bc_result r;
	struct ip6_pkt p;

	bc_rx(d->bc, pkt, len, ev_now_ms(), &r);
	dar_apply(d, &r, info);
	/* A BU this DAR forwards from a new care-of address on its link:
	 * the BA coming back can skip neighbour discovery. */
	if (r.event == BC_EV_IGNORED && ip6_parse(pkt, len, &p) == 0 &&
	    p.has_hao)
		dar_learn(d, &p.src, info);
}

/*
 * Strangers can make the DAR spend public-key work (a CGA check and an
 * RSA verification per signed BU), known bindings only an HMAC.  So the
 * socket is read as far as it goes (a bounded batch per turn, which keeps
 * the loop fair to the control socket and the kernel's events), the cheap
 * packets are handled at once, and the signed ones wait in a bounded
 * queue of which rxq_timer_cb() takes one budget per turn (proto/rxq.h):
 * a token BU never waits for more than one budget of signatures.
 */
static int
dar_rx_cb(int fd, short revents, void *arg)
{
	struct dar *d = arg;
	struct sig_info info;
	size_t len;
	int n;

	(void)revents;
	for (n = 0; n < DAR_RX_BATCH; n++) {
		if (sig_recv(fd, d->pkt, sizeof(d->pkt), &len, &info) == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			d->rx_errors++;
			if (errno != EMSGSIZE && errno != EBADMSG)
				log_warn("signalling socket");
			continue;
		}
		if (rxq_offer(d->rxq, bc_cost(d->bc, d->pkt, len) ==
		    BC_COST_SIG, d->pkt, len, &info, sizeof(info)) == RXQ_NOW)
			dar_handle(d, d->pkt, len, &info);
	}
	dar_counters_flush(d);
	if (rxq_len(d->rxq) > 0 && !ev_timer_pending(&d->rxq_timer))
		ev_timer_add(&d->rxq_timer, 0);
	dar_arm(d);
	return 0;
}

/* One budget of signed BUs; again in the next turn while some wait, after
 * the socket has been read (the loop serves descriptors before timers). */
static int
rxq_timer_cb(struct ev_timer *t, void *arg)
{
	struct dar *d = arg;
	struct sig_info info;
	const uint8_t *pkt;
	const void *meta;
	size_t len;

	rxq_turn(d->rxq);
	while (rxq_pop(d->rxq, &pkt, &len, &meta)) {
		memcpy(&info, meta, sizeof(info));
		dar_handle(d, pkt, len, &info);
	}
	dar_counters_flush(d);
	if (rxq_len(d->rxq) > 0)
		ev_timer_add(t, 0);
	dar_arm(d);
	return 0;
}

/* --- kernel events ------------------------------------------------------ */

static int
dar_nl_msg(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_OK;
}

static int
resync_cb(struct ev_timer *t, void *arg)
{
	struct dar *d = arg;
	size_t i;
	bool was[DAR_MAX_IFS] = { false };

	(void)t;
	for (i = 0; i < d->nifs; i++)
		was[i] = dar_if_ready(&d->ifs[i]);
	if (dar_scan(d) == -1)
		log_warn("prefixes");
	/* A link that can advertise again does so at once: an MN that
	 * just attached is waiting for it. */
	for (i = 0; i < d->nifs; i++)
		if (dar_if_ready(&d->ifs[i]) && !was[i]) {
			log_info("%s: advertising", d->ifs[i].name);
			dar_send_ra(d, &d->ifs[i], NULL);
		} else if (!dar_if_ready(&d->ifs[i]) && was[i])
			log_info("%s: not advertising (%s)", d->ifs[i].name,
			    !d->ifs[i].up ? "down" : d->ifs[i].npfx == 0 ?
			    "no prefix" : "no link-local address");
	return 0;
}

static int
dar_nl_cb(int fd, short revents, void *arg)
{
	struct dar *d = arg;
	int rc;

	(void)fd;
	(void)revents;
	/* Any link or address change: look again, once, a moment later. */
	rc = nl_events(d->ev_nl, dar_nl_msg, d);
	if (rc == NL_RESYNC)
		log_info("kernel events lost: rescanning");
	else if (rc == -1 && errno != EAGAIN)
		log_warn("kernel events");
	if (!ev_timer_pending(&d->resync_timer))
		ev_timer_add(&d->resync_timer, 10);
	return 0;
}

/* --- control socket ----------------------------------------------------- */

struct walk {
	struct dar		*d;
	struct table		*t;
	struct json		*j;
	uint64_t		 now;
	struct nft_addr_count	*cnt;
	size_t			 ncnt;
};

static const struct nft_addr_count *
walk_count(const struct walk *w, const struct in6_addr *a)
{
	static const struct nft_addr_count zero;
	size_t i;

	for (i = 0; i < w->ncnt; i++)
		if (memcmp(&w->cnt[i].addr, a, sizeof(*a)) == 0)
			return &w->cnt[i];
	return &zero;
}

static void
walk_binding(const struct bc_entry *e, void *arg)
{
	struct walk *w = arg;
	char h[INET6_ADDRSTRLEN], ca[INET6_ADDRSTRLEN], life[32], age[32];
	uint64_t left = e->deadline > w->now ? e->deadline - w->now : 0;
	const struct nft_addr_count *c = walk_count(w, &e->hoa);

	addr_str(&e->hoa, h, sizeof(h));
	addr_str(&e->coa, ca, sizeof(ca));
	if (w->j != NULL) {
		json_object_open(w->j, NULL);
		json_ip6(w->j, "hoa", &e->hoa);
		json_ip6(w->j, "coa", &e->coa);
		json_ip6(w->j, "anchor", &e->anchor);
		json_string(w->j, "state", e->state == BCE_BOUND ? "bound" :
		    "idle");
		json_uint(w->j, "lifetime_left_ms", e->state == BCE_BOUND ?
		    left : 0);
		json_uint(w->j, "lifetime", e->lifetime);
		json_uint(w->j, "seq", e->seq);
		json_string(w->j, "auth", bc_auth_name(e->auth));
		json_bool(w->j, "token", e->has_phkt);
		json_uint(w->j, "accepted", e->accepted);
		json_uint(w->j, "age_ms", w->now - e->created);
		json_uint(w->j, "updated_ms_ago", w->now - e->updated);
		json_uint(w->j, "packets_to", c->pkts_down);
		json_uint(w->j, "bytes_to", c->bytes_down);
		json_uint(w->j, "packets_from", c->pkts_up);
		json_uint(w->j, "bytes_from", c->bytes_up);
		json_object_close(w->j);
		return;
	}
	table_add(w->t, "%s", h);
	table_add(w->t, "%s", e->state == BCE_BOUND ? ca : "-");
	table_add(w->t, "%s", e->state == BCE_BOUND ? "bound" : "idle");
	table_add(w->t, "%s", e->state == BCE_BOUND ?
	    dur_str(left, life, sizeof(life)) : "-");
	table_add(w->t, "%u", e->seq);
	table_add(w->t, "%s", bc_auth_name(e->auth));
	table_add(w->t, "%s", e->has_phkt ? "yes" : "no");
	table_add(w->t, "%s", dur_str(w->now - e->updated, age, sizeof(age)));
	table_add(w->t, "%llu/%llu", (unsigned long long)c->pkts_down,
	    (unsigned long long)c->pkts_up);
	table_add(w->t, "%llu/%llu", (unsigned long long)c->bytes_down,
	    (unsigned long long)c->bytes_up);
}

static bool
want_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--json") == 0)
			return true;
	return false;
}

static int
ctl_bindings(struct dar *d, bool json, struct ctl_reply *r)
{
	struct walk w;
	struct json j;

	memset(&w, 0, sizeof(w));
	w.d = d;
	w.now = ev_now_ms();
	if (nft_counters_get(DAR_NFT_TABLE, &w.cnt, &w.ncnt) == -1) {
		w.cnt = NULL;
		w.ncnt = 0;
	}
	if (json) {
		json_init(&j, ctl_out(r), 0);
		w.j = &j;
		json_array_open(&j, NULL);
		bc_walk(d->bc, walk_binding, &w);
		json_array_close(&j);
		free(w.cnt);
		if (json_done(&j) == -1)
			return ctl_error(r, "JSON output failed");
		fputc('\n', ctl_out(r));
		return 0;
	}
	w.t = table_new("HOME ADDRESS", "CARE-OF ADDRESS", "STATE", "LEFT",
	    "SEQ", "AUTH", "TOKEN", "UPDATED", "PKTS TO/FROM",
	    "BYTES TO/FROM", (char *)NULL);
	if (w.t == NULL) {
		free(w.cnt);
		return ctl_error(r, "out of memory");
	}
	bc_walk(d->bc, walk_binding, &w);
	free(w.cnt);
	table_print(w.t, ctl_out(r));
	table_free(w.t);
	return 0;
}

/* What the kernel dropped for want of room in the signalling socket's
 * queue (it counts, and resets on reading). */
static uint64_t
dar_rx_drops(struct dar *d)
{
	if (sig_rx_drops(d->rx_fd, &d->rx_drops) == -1)
		log_warn("signalling socket statistics");
	return d->rx_drops;
}

static int
ctl_stats(struct dar *d, bool json, struct ctl_reply *r)
{
	const struct bc_stats *st = bc_stats(d->bc);
	const struct rxq_stats *qs = rxq_stats(d->rxq);
	uint64_t sup_pkts = 0, sup_bytes = 0;
	size_t n, nbound, i;
	struct json j;
	FILE *f = ctl_out(r);
	const struct {
		const char	*name;
		uint64_t	 v;
	} c[] = {
		{ "packets", st->rx },
		{ "not_for_an_anchor", st->not_ours },
		{ "binding_updates", st->bu },
		{ "care_of_test_inits", st->coti },
		{ "acks_sent", st->ba_sent },
		{ "care_of_tests_sent", st->cot_sent },
		{ "binding_errors_sent", st->be_sent },
		{ "signatures_checked", st->sig_checked },
		{ "signatures_rate_limited", st->sig_limited },
		{ "tokens_issued", st->tokens_issued },
		{ "bindings_expired", st->expired },
		{ "tunnel_errors", d->tunnel_errors },
		{ "tunnels_retried", d->tunnel_repaired },
		{ "tunnels_waiting", d->nrepair },
		{ "counter_errors", d->counter_errors },
		{ "router_solicitations", d->rs_rx },
		{ "router_advertisements", d->ra_sent },
		{ "receive_errors", d->rx_errors },
		{ "receive_queue_drops", dar_rx_drops(d) },
		{ "signed_queued", qs->queued },
		{ "signed_queue_full", qs->full },
		{ "signed_queue_peak", qs->peak },
		{ "signed_waiting", rxq_len(d->rxq) },
	};

	n = bc_count(d->bc, &nbound);
	if (d->nft)
		nft_suppress_stats(DAR_NFT_TABLE, &sup_pkts, &sup_bytes);
	if (json) {
		json_init(&j, f, 0);
		json_object_open(&j, NULL);
		json_uint(&j, "uptime_ms", ev_now_ms() - d->started);
		json_uint(&j, "bindings", nbound);
		json_uint(&j, "entries", n);
		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
			json_uint(&j, c[i].name, c[i].v);
		json_uint(&j, "kernel_replies_suppressed", sup_pkts);
		json_object_open(&j, "dropped");
		for (i = 0; i < BC_DROP_MAX; i++)
			json_uint(&j, bc_drop_name((enum bc_drop)i),
			    st->drop[i]);
		json_object_close(&j);
		json_object_open(&j, "refused");
		for (i = 0; i < BC_REF_MAX; i++)
			json_uint(&j, bc_refusal_name((enum bc_refusal)i),
			    st->refused[i]);
		json_object_close(&j);
		json_object_open(&j, "cga");
		for (i = 0; i < BC_CGA_VERDICTS; i++)
			json_uint(&j, cga_verdict_str((enum cga_verdict)i),
			    st->cga[i]);
		json_object_close(&j);
		json_object_open(&j, "status");
		for (i = 0; i < 256; i++)
			if (st->status[i] > 0) {
				char k[8];

				snprintf(k, sizeof(k), "%zu", i);
				json_uint(&j, k, st->status[i]);
			}
		json_object_close(&j);
		json_object_close(&j);
		if (json_done(&j) == -1)
			return ctl_error(r, "JSON output failed");
		fputc('\n', f);
		return 0;
	}
	fprintf(f, "bindings %zu (entries with tokens %zu)\n", nbound, n);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		fprintf(f, "%-26s %llu\n", c[i].name,
		    (unsigned long long)c[i].v);
	fprintf(f, "%-26s %llu\n", "kernel_replies_suppressed",
	    (unsigned long long)sup_pkts);
	fprintf(f, "dropped:\n");
	for (i = 0; i < BC_DROP_MAX; i++)
		fprintf(f, "  %-33s %llu\n", bc_drop_name((enum bc_drop)i),
		    (unsigned long long)st->drop[i]);
	fprintf(f, "refused:\n");
	for (i = 0; i < BC_REF_MAX; i++)
		if (st->refused[i] > 0)
			fprintf(f, "  %-44s %llu\n",
			    bc_refusal_name((enum bc_refusal)i),
			    (unsigned long long)st->refused[i]);
	fprintf(f, "CGA verifications:\n");
	for (i = 0; i < BC_CGA_VERDICTS; i++)
		if (st->cga[i] > 0)
			fprintf(f, "  %-44s %llu\n",
			    cga_verdict_str((enum cga_verdict)i),
			    (unsigned long long)st->cga[i]);
	fprintf(f, "acknowledgements by status:\n");
	for (i = 0; i < 256; i++)
		if (st->status[i] > 0)
			fprintf(f, "  %3zu %-38s %llu\n", i,
			    mh_ba_status_name((uint8_t)i),
			    (unsigned long long)st->status[i]);
	return 0;
}

static int
ctl_prefixes(struct dar *d, bool json, struct ctl_reply *r)
{
	char a[INET6_ADDRSTRLEN];
	struct table *t = NULL;
	struct json j;
	size_t i, k;

	if (json) {
		json_init(&j, ctl_out(r), 0);
		json_array_open(&j, NULL);
	} else if ((t = table_new("INTERFACE", "STATE", "PREFIX", "ANCHOR",
	    (char *)NULL)) == NULL)
		return ctl_error(r, "out of memory");
	for (i = 0; i < d->nifs; i++)
		for (k = 0; k < d->ifs[i].npfx; k++) {
			struct in6_addr p = d->ifs[i].pfx[k].prefix;
			char ps[INET6_ADDRSTRLEN];

			addr_str(&p, ps, sizeof(ps));
			addr_str(&d->ifs[i].pfx[k].anchor, a, sizeof(a));
			if (json) {
				json_object_open(&j, NULL);
				json_string(&j, "interface", d->ifs[i].name);
				json_bool(&j, "up", d->ifs[i].up);
				json_stringf(&j, "prefix", "%s/64", ps);
				json_string(&j, "anchor", a);
				json_object_close(&j);
			} else {
				table_add(t, "%s", d->ifs[i].name);
				table_add(t, "%s", d->ifs[i].up ? "up" : "down");
				table_add(t, "%s/64", ps);
				table_add(t, "%s", a);
			}
		}
	if (json) {
		json_array_close(&j);
		if (json_done(&j) == -1)
			return ctl_error(r, "JSON output failed");
		fputc('\n', ctl_out(r));
		return 0;
	}
	table_print(t, ctl_out(r));
	table_free(t);
	return 0;
}

static int
ctl_show(int argc, char **argv, struct ctl_reply *r, void *arg)
{
	struct dar *d = arg;
	const char *what = argc > 1 && argv[1][0] != '-' ? argv[1] :
	    "bindings";
	bool json = want_json(argc, argv);

	if (strcmp(what, "bindings") == 0)
		return ctl_bindings(d, json, r);
	if (strcmp(what, "stats") == 0)
		return ctl_stats(d, json, r);
	if (strcmp(what, "prefixes") == 0)
		return ctl_prefixes(d, json, r);
	return ctl_error(r, "show what? bindings, stats or prefixes");
}

static const struct ctl_cmd dar_cmds[] = {
	{ "show", ctl_show, "show [bindings | stats | prefixes] [--json]" },
};

/* --- start and stop ------------------------------------------------------ */

static int
dar_stop_cb(int signo, void *arg)
{
	(void)arg;
	log_info("%s: stopping", strsignal(signo));
	ev_break();
	return 0;
}

static void
dar_changed(const struct conf_opt *o, void *arg)
{
	(void)arg;
	log_info("configuration: %s changed", o->name);
}

static int
dar_hup_cb(int signo, void *arg)
{
	struct dar *d = arg;
	struct bc_config c;
	int n;

	(void)signo;
	if (d->o.config[0] == '\0') {
		log_info("SIGHUP: no configuration file; rescanning");
		ev_timer_add(&d->resync_timer, 0);
		return 0;
	}
	if ((n = conf_reload(&d->conf, d->o.config, dar_changed, d)) == -1) {
		log_warnx("reload refused: %s", conf_error(&d->conf));
		return 0;
	}
	log_setverbose(d->o.verbose);
	dar_bc_config(&d->o, &c);
	bc_set_config(d->bc, &c);
	rxq_set_budget(d->rxq, (unsigned)d->o.sig_budget);
	log_info("configuration reloaded (%d change%s)", n, n == 1 ? "" :
	    "s");
	ev_timer_add(&d->resync_timer, 0);
	return 0;
}

static void
dar_cleanup(struct dar *d)
{
	size_t i;

	for (i = 0; i < d->nifs; i++) {
		if (d->ifs[i].icmp_fd != -1) {
			ev_del(d->ifs[i].icmp_fd);
			close(d->ifs[i].icmp_fd);
		}
		ev_timer_cancel(&d->ifs[i].ra_timer);
		if (!d->ifs[i].proxy_was && d->ifs[i].ifindex > 0) {
			char key[96];

			snprintf(key, sizeof(key),
			    "net/ipv6/conf/%s/proxy_ndp", d->ifs[i].name);
			sysctl_set(key, "0");
		}
	}
	dar_state_stop(&d->state);
	if (d->tun != NULL) {
		if (tunnel_flush(d->tun) == -1)
			log_warnx("removing tunnels: %s: %s", strerror(errno),
			    nl_last_extack(d->nl));
		tunnel_close(d->tun);
	}
	if (d->nl != NULL) {
		struct neigh_info *nb;
		size_t n;

		/* proxy entries are ours if fama marked them */
		for (i = 0; i < d->nifs; i++)
			if (neigh_proxy_list(d->nl, d->ifs[i].ifindex, &nb,
			    &n) == 0) {
				size_t k;

				for (k = 0; k < n; k++)
					if (nb[k].protocol == NL_RTPROT_FAMA)
						neigh_proxy_del(d->nl,
						    d->ifs[i].ifindex,
						    &nb[k].dst);
				free(nb);
			}
	}
	if (d->nft && nft_suppress_remove(DAR_NFT_TABLE) == -1)
		log_warn("removing nftables table %s", DAR_NFT_TABLE);
	if (d->rx_fd != -1) {
		ev_del(d->rx_fd);
		close(d->rx_fd);
	}
	ev_timer_cancel(&d->rxq_timer);
	ev_timer_cancel(&d->repair_timer);
	rxq_free(d->rxq);
	if (d->tx_fd != -1)
		close(d->tx_fd);
	if (d->ev_nl != NULL) {
		ev_del(nl_fd(d->ev_nl));
		nl_close(d->ev_nl);
	}
	if (d->ctl != NULL)
		ctl_close(d->ctl);
	bc_free(d->bc);
	if (d->genl != NULL && d->tunsrc_saved && d->tunsrc_set)
		seg6_tunsrc_set(d->genl, &d->tunsrc_was);
	nl_close(d->genl);
	nl_close(d->nl);
	if (d->have_pid)
		daemon_pidfile_remove(&d->pid);
}

static int
dar_home(const struct in6_addr *hoa, struct in6_addr *anchor, void *arg)
{
	struct dar_if *di = dar_if_of_prefix(arg, hoa);
	size_t j;

	if (di == NULL)
		return 0;
	for (j = 0; j < di->npfx; j++)
		if (memcmp(di->pfx[j].prefix.s6_addr, hoa->s6_addr, 8) == 0)
			*anchor = di->pfx[j].anchor;
	return di->ifindex;
}

static bool
dar_is_anchor(const struct in6_addr *a, void *arg)
{
	struct dar *d = arg;
	size_t i;

	for (i = 0; i < d->nifs; i++)
		if (pfx_has_anchor(&d->ifs[i], a))
			return true;
	return false;
}

static int
dar_setup(struct dar *d)
{
	const struct dar_state_links dar_links = { dar_home, dar_is_anchor,
	    d };
	struct bc_config bcc;
	struct dar_if *di;
	char key[96], val[16];
	int i;

	if ((d->nl = nl_open()) == NULL ||
	    (d->genl = nl_open_proto(NETLINK_GENERIC)) == NULL) {
		log_warn("netlink");
		return -1;
	}
	d->tunsrc_saved = seg6_tunsrc_get(d->genl, &d->tunsrc_was) == 0;
	for (i = 0; i < d->o.nifaces; i++) {
		di = &d->ifs[d->nifs];
		memset(di, 0, sizeof(*di));
		di->icmp_fd = -1;
		di->dar = d;
		memcpy(di->name, d->o.ifaces[i], sizeof(di->name));
		di->name[sizeof(di->name) - 1] = '\0';
		if ((di->ifindex = link_index(d->nl, di->name)) <= 0) {
			log_warnx("%s: no such interface", di->name);
			return -1;
		}
		if (dar_if_by_index(d, di->ifindex) != NULL)
			continue;
		ev_timer_init(&di->ra_timer, ra_timer_cb, di);
		d->nifs++;
	}
	if (role_pidfile(&d->pid, "dar", d->o.pidfile) == -1)
		return -1;
	d->have_pid = true;

	/* A router forwards; the HoA's neighbours are answered by proxy. */
	if (sysctl_set("net/ipv6/conf/all/forwarding", "1") == -1)
		log_warn("enabling IPv6 forwarding");
	for (i = 0; i < (int)d->nifs; i++) {
		di = &d->ifs[i];
		snprintf(key, sizeof(key), "net/ipv6/conf/%s/proxy_ndp",
		    di->name);
		di->proxy_was = sysctl_get(key, val, sizeof(val)) == 0 &&
		    val[0] == '1';
		if (sysctl_set(key, "1") == -1)
			log_warn("%s", key);
	}

	dar_bc_config(&d->o, &bcc);
	if ((d->bc = bc_new(&bcc)) == NULL) {
		log_warn("binding cache");
		return -1;
	}
	dar_state_init(&d->state, d->o.state_file, d->bc, bcc.max_entries);
	if ((d->tun = tunnel_open(d->nl, NULL)) == NULL) {
		log_warnx("tunnels: %s: %s", strerror(errno),
		    nl_last_extack(d->nl));
		return -1;
	}
	if (nft_suppress_add(DAR_NFT_TABLE) == -1) {
		log_warn("nftables table %s", DAR_NFT_TABLE);
		return -1;
	}
	d->nft = true;
	if (d->o.tcp_mss >= 0) {
		uint32_t mtu = 0, mss;
		struct link_info li;

		for (i = 0; i < (int)d->nifs; i++)
			if (link_get(d->nl, d->ifs[i].ifindex, NULL, &li) == 0 &&
			    (mtu == 0 || li.mtu < mtu))
				mtu = li.mtu;
		/* IPv6 and TCP headers inside the tunnel's 40 octets */
		mss = d->o.tcp_mss > 0 ? (uint32_t)d->o.tcp_mss :
		    mtu > 636 ? mtu - TUNNEL_OVERHEAD - 60 : 536;
		if (nft_clamp_mss(DAR_NFT_TABLE, (uint16_t)mss) == -1) {
			log_warn("TCP MSS clamp");
			return -1;
		}
		log_info("clamping forwarded TCP SYNs to MSS %u", mss);
	}
	if (nft_counters_add(DAR_NFT_TABLE) == -1) {
		log_warn("per-binding counters");
		return -1;
	}
	if ((d->rx_fd = sig_rx_open(0)) == -1 ||
	    (d->tx_fd = sig_tx_open()) == -1) {
		log_warn("signalling sockets");
		return -1;
	}
	/* Room for a burst while a turn's budget of signatures runs. */
	if (sig_rx_rcvbuf(d->rx_fd, DAR_RCVBUF) == -1)
		log_warn("signalling socket buffer");
	if ((d->rxq = rxq_new((size_t)d->o.sig_queue,
	    (unsigned)d->o.sig_budget)) == NULL) {
		log_warn("signature queue");
		return -1;
	}
	for (i = 0; i < (int)d->nifs; i++) {
		di = &d->ifs[i];
		di->icmp_fd = sig_icmp6_open((unsigned)di->ifindex,
		    ND_ROUTER_SOLICIT, SIG_ICMP6_ALLROUTERS);
		if (di->icmp_fd == -1) {
			log_warn("%s: ICMPv6 socket", di->name);
			return -1;
		}
	}
	if ((d->ev_nl = nl_open_events(NL_GRP_LINK | NL_GRP_ADDR6)) == NULL) {
		log_warn("netlink events");
		return -1;
	}
	if (dar_scan(d) == -1) {
		log_warn("prefixes");
		return -1;
	}
	/* What a killed predecessor left: its bindings from the state file,
	 * and the kernel made to match them. */
	dar_state_start(&d->state, d->nl, d->tun, DAR_NFT_TABLE,
	    bcc.max_lifetime, bcc.token_hold, &dar_links);
	if ((d->ctl = ctl_listen(d->o.socket, dar_cmds, sizeof(dar_cmds) /
	    sizeof(dar_cmds[0]), d)) == NULL) {
		log_warn("control socket %s", d->o.socket);
		return -1;
	}

	ev_timer_init(&d->bc_timer, bc_timer_cb, d);
	ev_timer_init(&d->resync_timer, resync_cb, d);
	ev_timer_init(&d->rxq_timer, rxq_timer_cb, d);
	ev_timer_init(&d->repair_timer, repair_cb, d);
	dar_arm(d);
	if (ev_add(d->rx_fd, POLLIN, dar_rx_cb, d) == -1 ||
	    ev_add(nl_fd(d->ev_nl), POLLIN, dar_nl_cb, d) == -1 ||
	    ev_signal(SIGTERM, dar_stop_cb, d) == -1 ||
	    ev_signal(SIGINT, dar_stop_cb, d) == -1 ||
	    ev_signal(SIGHUP, dar_hup_cb, d) == -1) {
		log_warn("event loop");
		return -1;
	}
	for (i = 0; i < (int)d->nifs; i++) {
		di = &d->ifs[i];
		if (ev_add(di->icmp_fd, POLLIN, dar_icmp_cb, di) == -1) {
			log_warn("event loop");
			return -1;
		}
		/* the first RA at once (RFC 4861 §6.2.4 allows a few fast
		 * initial ones) */
		ev_timer_add(&di->ra_timer, 0);
	}

	if (role_daemonize(&d->pid, d->o.debug, d->o.user) == -1)
		return -1;
	log_info("serving %zu interface%s", d->nifs, d->nifs == 1 ? "" : "s");
	d->started = ev_now_ms();
	return 0;
}

int
dar_main(int argc, char **argv)
{
	struct dar_opts defaults;
	static struct dar d;
	int first, rc = 1;

	memset(&d, 0, sizeof(d));
	d.rx_fd = d.tx_fd = -1;
	dar_defaults(&defaults);
	if (conf_init(&d.conf, dar_opts, sizeof(dar_opts) / sizeof(dar_opts[0]),
	    &defaults, &d.o, sizeof(d.o)) == -1) {
		fprintf(stderr, "fama dar: %s\n", conf_error(&d.conf));
		return 1;
	}
	if ((first = conf_args(&d.conf, argc, argv)) == -1) {
		fprintf(stderr, "fama dar: %s\n", conf_error(&d.conf));
		dar_usage(&d.conf, stderr);
		return 1;
	}
	if (d.o.help) {
		dar_usage(&d.conf, stdout);
		return 0;
	}
	if (first < argc) {
		if (strcmp(argv[first], "show") != 0) {
			fprintf(stderr, "fama dar: unknown command '%s'\n",
			    argv[first]);
			dar_usage(&d.conf, stderr);
			return 1;
		}
		return role_client("dar", d.o.socket, argc - first,
		    argv + first);
	}
	if (d.o.config[0] != '\0' && conf_file(&d.conf, d.o.config) == -1) {
		fprintf(stderr, "fama dar: %s\n", conf_error(&d.conf));
		return 1;
	}
	if (d.o.nifaces == 0) {
		fprintf(stderr, "fama dar: no access interface (-i)\n");
		dar_usage(&d.conf, stderr);
		return 1;
	}

	log_init(d.o.debug, LOG_DAEMON);
	log_procinit("dar");
	log_setverbose(d.o.verbose);
	if (ev_init() == -1) {
		log_warn("event loop");
		return 1;
	}
	if (dar_setup(&d) == 0 && ev_run() == 0)
		rc = 0;
	else if (errno != 0)
		log_warn("stopped");
	dar_cleanup(&d);
	ev_free();
	return rc;
}

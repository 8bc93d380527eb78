// SPDX-License-Identifier: GPL-2.0-only
/* make bench: a DAR holding many bindings.
 *   scale bc SIZES [MS [KEYFILE]]
 *     the binding cache alone (proto/bc.c, one core): a cache of each
 *     size, memory per binding and the cost of a token refresh (bc_rx),
 *     the caches' passes taken in turn; with a key, the cost of a first
 *     registration too (in the largest);
 *   scale kernel DEV COA PREFIX SIZES [PROXY_MAX [tunnel]]
 *     in the current namespace, what the DAR installs per binding, in
 *     steps up to each size: its tunnel (netns/tunnel.c, as fama dar
 *     calls it), a proxy neighbour (up to PROXY_MAX) and its counters
 *     (netns/nft.c): the rate of each and the kernel memory it holds;
 *     with "tunnel", the tunnels alone; rates per second of the clock and
 *     of this thread's CPU time (the kernel's work in its calls);
 *   scale time CMD [ARG...]
 *     a command's wall and CPU time (for ip -batch).
 * SIZES is a comma-separated list, rising.  Results go to stdout as
 * "name value" lines.  Not installed. */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <malloc.h>
#include <openssl/evp.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/lib/benchlib.h"
#include "netns/neigh.h"
#include "netns/nft.h"
#include "netns/nl.h"
#include "netns/tunnel.h"
#include "proto/auth.h"
#include "proto/bc.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/seal.h"
#include "roles/keyfile.h"

#define MAX_SIZES	8
#define NFT_TABLE	"fama_scale"
#define REFRESH_SET	4096	/* bindings refreshed per pass */

static size_t
sizes(const char *s, size_t *v)
{
	char *end;
	size_t n = 0;

	for (;;) {
		if (n == MAX_SIZES)
			errx(2, "at most %d sizes", MAX_SIZES);
		v[n] = strtoul(s, &end, 10);
		if (end == s || v[n] == 0 || (n > 0 && v[n] <= v[n - 1]))
			errx(2, "bad sizes");
		n++;
		if (*end == '\0')
			return n;
		if (*end != ',')
			errx(2, "bad sizes");
		s = end + 1;
	}
}

/* The i-th home address of the prefix (i from 1, never the anchor ::1). */
static void
nth_hoa(const struct in6_addr *prefix, size_t i, struct in6_addr *a)
{
	*a = *prefix;
	a->s6_addr[8] = 0x40;
	a->s6_addr[12] = (uint8_t)(i >> 24);
	a->s6_addr[13] = (uint8_t)(i >> 16);
	a->s6_addr[14] = (uint8_t)(i >> 8);
	a->s6_addr[15] = (uint8_t)i;
}

/* --- the binding cache alone --------------------------------------------- */

static size_t
heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void
phkt_of(size_t i, uint8_t phkt[AUTH_PHKT_LEN])
{
	memset(phkt, 0x5a, AUTH_PHKT_LEN);
	memcpy(phkt, &i, sizeof(i) < AUTH_PHKT_LEN ? sizeof(i) :
	    AUTH_PHKT_LEN);
}

static size_t
gcd(size_t a, size_t b)
{
	while (b != 0) {
		size_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* A refresh of binding i (sequence seq) from coa, as an MN sends it. */
static void
refresh_bu(const struct bc_prefix *p, const struct in6_addr *coa, size_t i,
    uint16_t seq, uint8_t *buf, size_t *len)
{
	static struct mh_msg m;
	uint8_t phkt[AUTH_PHKT_LEN], kbm[AUTH_KBM_LEN];
	struct in6_addr hoa;
	struct seal s;

	nth_hoa(&p->prefix, i, &hoa);
	phkt_of(i, phkt);
	if (auth_kbm(phkt, NULL, kbm) == -1)
		errx(1, "kbm");
	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.flags = MH_BU_A | MH_BU_H;
	m.seq = seq;
	m.lifetime = 150;
	m.opt.present = MHO_F(MHO_NONCE);
	memset(&s, 0, sizeof(s));
	s.src = *coa;
	s.dst = p->anchor;
	s.hao = &hoa;
	s.coa = *coa;
	s.peer = p->anchor;
	s.kbm = kbm;
	if (seal_mh(&m, &s, buf, SEAL_PKT_MAX, len) == -1)
		err(1, "seal");
}

/*
 * First registrations handled by the cache alone (bc_rx: parsing, the CGA
 * and signature checks, the token made and encrypted, the BA built), on
 * BUs signed in advance by the key of keyfile (Sec 0: one CGA per
 * modifier): what of a DAR's first registration is not the kernel's.
 */
#define FIRST_N		1000

static void
first_registrations(struct bc *bc, const struct bc_prefix *p,
    const struct in6_addr *coa, const char *keyfile, uint64_t now)
{
	static struct bc_result res;
	static struct mh_msg m;
	uint8_t params[CGA_FIXED_LEN + CGA_SPKI_MAX];
	char msg[KEYFILE_MSG_LEN];
	uint8_t (*pkt)[SEAL_PKT_MAX];
	size_t *len, plen, i;
	struct cga_ident id;
	struct in6_addr hoa;
	struct seal s;
	double t0, dt;

	if (keyfile_ident(keyfile, 0, &id, NULL, msg, sizeof(msg)) == -1)
		errx(1, "%s", msg);
	if ((pkt = calloc(FIRST_N, sizeof(*pkt))) == NULL ||
	    (len = calloc(FIRST_N, sizeof(*len))) == NULL)
		err(1, "packets");
	for (i = 0; i < FIRST_N; i++) {
		memset(id.modifier, 0, sizeof(id.modifier));
		memcpy(id.modifier, &i, sizeof(i));
		id.modifier[15] = 0xf1;		/* none of the bindings above */
		if (cga_ident_gen(&id, p->prefix.s6_addr, 0, &hoa, params,
		    sizeof(params), &plen) == -1)
			err(1, "cga");
		memset(&m, 0, sizeof(m));
		m.type = MH_BU;
		m.flags = MH_BU_A | MH_BU_H;
		m.seq = 1;
		m.lifetime = 150;
		m.opt.present = MHO_F(MHO_CGA);
		memcpy(m.opt.cga_params, params, plen);
		m.opt.cga_params_len = plen;
		memset(&s, 0, sizeof(s));
		s.src = *coa;
		s.dst = p->anchor;
		s.hao = &hoa;
		s.coa = *coa;
		s.peer = p->anchor;
		s.sign_key = id.key;
		if (seal_mh(&m, &s, pkt[i], SEAL_PKT_MAX, &len[i]) == -1)
			err(1, "seal");
	}
	t0 = cpu_s();
	for (i = 0; i < FIRST_N; i++) {
		bc_rx(bc, pkt[i], len[i], now, &res);
		if (res.status != 0)
			errx(1, "first registration refused: %d %s",
			    res.status, res.why);
	}
	dt = cpu_s() - t0;
	printf("bc_first_us %.2f\n", dt / FIRST_N * 1e6);
	free(pkt);
	free(len);
	EVP_PKEY_free(id.key);
}

/* One pass of refreshes over nset bindings of a cache of size n, spread
 * over all of it (a stride prime to the size): CPU seconds per refresh. */
static double
refresh_pass(struct bc *bc, const struct bc_prefix *p,
    const struct in6_addr *coa, size_t n, size_t nset, uint16_t seq,
    uint64_t now, uint8_t (*pkt)[SEAL_PKT_MAX], size_t *len)
{
	static struct bc_result res;
	uint32_t r[2];
	size_t j, stride;
	double p0;

	if (auth_random(r, sizeof(r)) == -1)
		errx(1, "random");
	for (stride = r[1] | 1; gcd(stride, n) != 1; stride += 2)
		;
	for (j = 0; j < nset; j++)
		refresh_bu(p, coa, 1 + (r[0] + j * stride) % n, seq, pkt[j],
		    &len[j]);
	p0 = cpu_s();
	for (j = 0; j < nset; j++) {
		bc_rx(bc, pkt[j], len[j], now, &res);
		if (res.status != 0)
			errx(1, "refresh refused: %d %s", res.status, res.why);
	}
	return (cpu_s() - p0) / (double)nset;
}

/*
 * A cache of each size, bound entries with tokens as refreshes keep them;
 * then refresh passes taken in turn over the caches, so that a machine
 * that slows down for a while (a shared core) slows every size alike, and
 * the best pass of each.
 */
static int
cmd_bc(int argc, char **argv)
{
	size_t sz[MAX_SIZES], nsz, k, i, h0, nset, npass;
	struct bc *bc[MAX_SIZES];
	double best[MAX_SIZES], dt, t0;
	struct bc_config cfg;
	struct bc_prefix p;
	struct bc_entry e;
	struct in6_addr coa;
	uint8_t (*pkt)[SEAL_PKT_MAX];
	size_t *len;
	double ms = argc > 3 ? atof(argv[3]) : 300;
	const char *keyfile = argc > 4 ? argv[4] : NULL;
	uint64_t now = 1000000, refreshed = 0;
	uint16_t seq = 2;

	if (argc < 3)
		errx(2, "bc SIZES [MS [KEYFILE]]");
	nsz = sizes(argv[2], sz);
	memset(&p, 0, sizeof(p));
	addr("2001:db8:1::", &p.prefix);
	addr("2001:db8:1::1", &p.anchor);
	addr("2001:db8:99::2", &coa);
	bc_config_default(&cfg);
	cfg.max_entries = sz[nsz - 1] + FIRST_N;
	cfg.max_lifetime = 100000;
	cfg.sig_rate = cfg.sig_rate_all = 0;	/* as fama dar --sig-rate 0 */
	if ((pkt = calloc(REFRESH_SET, sizeof(*pkt))) == NULL ||
	    (len = calloc(REFRESH_SET, sizeof(*len))) == NULL)
		err(1, "packets");
	for (k = 0; k < nsz; k++) {
		if ((bc[k] = bc_new(&cfg)) == NULL ||
		    bc_set_prefixes(bc[k], &p, 1) == -1)
			err(1, "bc");
		h0 = heap_used();
		for (i = 0; i < sz[k]; i++) {
			memset(&e, 0, sizeof(e));
			nth_hoa(&p.prefix, i + 1, &e.hoa);
			e.coa = coa;
			e.anchor = p.anchor;
			e.state = BCE_BOUND;
			e.auth = BC_AUTH_TOKEN;
			e.seq = 1;
			e.lifetime = 600;
			e.created = e.updated = now;
			e.deadline = now + 100000000;
			e.has_phkt = true;
			phkt_of(i + 1, e.phkt);
			if (bc_restore(bc[k], &e, now) == -1)
				err(1, "bc_restore");
		}
		printf("bc_bytes_per_binding_%zu %.1f\n", sz[k],
		    (double)(heap_used() - h0) / (double)sz[k]);
		best[k] = 1e9;
	}
	npass = 0;
	t0 = now_s();
	do {
		for (k = 0; k < nsz; k++) {
			nset = sz[k] < REFRESH_SET ? sz[k] : REFRESH_SET;
			dt = refresh_pass(bc[k], &p, &coa, sz[k], nset, seq, now,
			    pkt, len);
			if (dt < best[k])
				best[k] = dt;
			refreshed += nset;
		}
		seq++;
		npass++;
	} while (now_s() - t0 < ms / 1000 * (double)nsz || npass < 3);
	for (k = 0; k < nsz; k++)
		printf("bc_refresh_ns_%zu %.0f\n", sz[k], best[k] * 1e9);
	printf("bc_refreshed %llu\n", (unsigned long long)refreshed);
	if (keyfile != NULL)
		first_registrations(bc[nsz - 1], &p, &coa, keyfile, now);
	for (k = 0; k < nsz; k++)
		bc_free(bc[k]);
	free(pkt);
	free(len);
	return 0;
}

/* --- what the kernel holds ---------------------------------------------- */

/* Slab and per-CPU memory from /proc/meminfo, octets. */
static long long
kmem(void)
{
	char line[256];
	long long v, sum = 0;
	FILE *f;

	if ((f = fopen("/proc/meminfo", "r")) == NULL)
		err(1, "/proc/meminfo");
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Slab: %lld kB", &v) == 1 ||
		    sscanf(line, "Percpu: %lld kB", &v) == 1)
			sum += v * 1024;
	fclose(f);
	return sum;
}

/* The kernel frees in RCU callbacks and per-CPU caches: let it settle. */
static long long
kmem_settled(void)
{
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	return kmem();
}

enum what { W_TUNNEL, W_PROXY, W_NFT, W_MAX };
static const char *what_name[W_MAX] = { "tunnel", "proxy", "counters" };

static int
cmd_kernel(int argc, char **argv)
{
	size_t sz[MAX_SIZES], nsz, k, i, have[W_MAX] = { 0 }, proxy_max;
	size_t enomem[W_MAX] = { 0 };
	struct timespec ms1 = { 0, 1000 * 1000 };
	struct in6_addr coa, prefix, hoa;
	struct tunnel *tun;
	struct nl *nl;
	int ifindex, w;
	bool only_tunnel;
	long long grown[W_MAX] = { 0 }, m, m1;
	double t0, dt, c0, dc;

	if (argc < 6)
		errx(2, "kernel DEV COA PREFIX SIZES [PROXY_MAX]");
	if ((ifindex = (int)if_nametoindex(argv[2])) == 0)
		err(2, "%s", argv[2]);
	addr(argv[3], &coa);
	addr(argv[4], &prefix);
	nsz = sizes(argv[5], sz);
	proxy_max = argc > 6 ? strtoul(argv[6], NULL, 10) : sz[nsz - 1];
	only_tunnel = argc > 7 && strcmp(argv[7], "tunnel") == 0;
	if ((nl = nl_open()) == NULL || (tun = tunnel_open(nl, NULL)) == NULL)
		err(1, "netlink");
	if (!only_tunnel && (nft_suppress_add(NFT_TABLE) == -1 ||
	    nft_counters_add(NFT_TABLE) == -1))
		err(1, "nft");
	for (k = 0; k < nsz; k++)
		for (w = 0; w < W_MAX; w++) {
			if ((w == W_PROXY && sz[k] > proxy_max) ||
			    (w != W_TUNNEL && only_tunnel))
				continue;
			m = kmem_settled();
			t0 = now_s();
			c0 = cpu_s();
			for (i = have[w]; i < sz[k]; i++) {
				nth_hoa(&prefix, i + 1, &hoa);
				while ((w == W_TUNNEL && tunnel_anchor_up(tun,
				    &hoa, &coa, 0) == -1) ||
				    (w == W_PROXY && neigh_proxy_add(nl,
				    ifindex, &hoa) == -1) ||
				    (w == W_NFT && nft_counters_addr(NFT_TABLE,
				    &hoa, true) == -1)) {
					/* the seg6 route's per-CPU cache is
					 * an atomic allocation: its reserve
					 * refills in the background */
					if (errno != ENOMEM || ++enomem[w] >
					    1000)
						err(1, "%s %zu: %s",
						    what_name[w], i,
						    nl_last_extack(nl));
					nanosleep(&ms1, NULL);
				}
			}
			dt = now_s() - t0;
			dc = cpu_s() - c0;
			/* what the step's memory grew by, and the total by
			 * the bindings held: the larger, the less noise */
			m1 = kmem_settled();
			grown[w] += m1 - m;
			printf("k_%s_per_s_%zu %.0f\nk_%s_per_cpu_s_%zu %.0f\n",
			    what_name[w], sz[k], (double)(sz[k] - have[w]) / dt,
			    what_name[w], sz[k], (double)(sz[k] - have[w]) / dc);
			printf("k_%s_bytes_%zu %.0f\n", what_name[w], sz[k],
			    (double)grown[w] / (double)sz[k]);
			printf("k_%s_enomem_%zu %zu\n", what_name[w], sz[k],
			    enomem[w]);
			have[w] = sz[k];
		}
	/* The namespace goes with everything in it; the table is removed
	 * in one transaction (deleting elements one by one would wait an
	 * RCU grace period each). */
	if (!only_tunnel)
		nft_suppress_remove(NFT_TABLE);
	tunnel_close(tun);
	nl_close(nl);
	return 0;
}

/* time CMD ARGS...: runs it, then "wall_s W" and "cpu_s C" (its user and
 * system time); exits as it did. */
static int
cmd_time(int argc, char **argv)
{
	struct rusage ru;
	double t0, dt;
	pid_t pid;
	int st;

	if (argc < 3)
		errx(2, "time CMD [ARG...]");
	t0 = now_s();
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		err(127, "%s", argv[2]);
	}
	if (wait4(pid, &st, 0, &ru) == -1)
		err(1, "wait4");
	dt = now_s() - t0;
	printf("wall_s %.6f\ncpu_s %.6f\n", dt,
	    (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "bc") == 0)
		return cmd_bc(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "kernel") == 0)
		return cmd_kernel(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "time") == 0)
		return cmd_time(argc, argv);
	fprintf(stderr, "usage: scale bc|kernel|time ...\n");
	return 2;
}

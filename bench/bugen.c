// SPDX-License-Identifier: GPL-2.0-only
/* make bench: Binding Update load against a DAR (first registrations, then
 * token refreshes, a window of BUs in flight), the bare receive-and-reply
 * loop on the DAR's socket path that bounds the refreshes, and the pure
 * OpenSSL cost of the cryptography that bounds the first registrations.
 *   bugen load --key FILE (--anchor A --coa C)... [--first N]
 *         [--refresh MS] [--refresh-rounds R] [--tokens K] [--window W]
 *         [--echo-anchor E --echo-coa EC] [--pid P]... [--echo-pid P]
 *     N first registrations at each anchor given (one round each, every
 *     DAR starting empty), then refreshes of the first DAR's bindings,
 *     round by round with as long a round against the echo; with the
 *     servers' pids, each round's rate per second of their CPU time too;
 *   bugen echo --anchor A --coa C          (until SIGTERM or SIGINT)
 *   bugen crypto --key FILE --anchor A --coa C [--ms MS] [--rounds R]
 *     (per second of this thread's CPU time)
 * Home addresses are CGAs on the anchor's /64.
 * Results go to stdout as "name value" lines.  Not installed. */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/lib/benchlib.h"
#include "netns/nft.h"
#include "netns/sig.h"
#include "proto/auth.h"
#include "proto/cga.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/seal.h"
#include "roles/keyfile.h"

#define NFT_TABLE	"fama_bugen"
#define LIFETIME	150		/* 4 s units: 600 s, none expires */
#define STALL_MS	200		/* no answer this long: count as lost */
#define RING_PKTS	(1u << 19)	/* refresh BUs built in advance: 128 MB */
#define BATCH		64		/* packets per wake-up, as fama dar */

#define MAX_DARS	8

struct opts {
	const char	*key;
	struct in6_addr	 anchors[MAX_DARS], coas[MAX_DARS];
	unsigned	 ndar, ncoa;
	struct in6_addr	 anchor, coa;	/* the first ones */
	bool		 has_echo;
	struct in6_addr	 echo_anchor, echo_coa;
	unsigned	 first, rounds, refresh_ms, refresh_rounds, tokens;
	unsigned	 window, ms;
	/* the servers' processes, for the CPU time they spend */
	int		 pids[MAX_DARS], echo_pid;
	unsigned	 npid;
};

/* BUs built in advance, one after the other at a fixed stride. */
struct ring {
	uint8_t		*buf;
	size_t		*len;
	size_t		 stride, n;
};

static int rx = -1, tx = -1;
static volatile sig_atomic_t stop;

static void
on_signal(int s)
{
	(void)s;
	stop = 1;
}

static void
cleanup(void)
{
	nft_suppress_remove(NFT_TABLE);
}

static void
parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "key", 1, NULL, 'k' },
		{ "anchor", 1, NULL, 'a' }, { "coa", 1, NULL, 'c' },
		{ "first", 1, NULL, 'f' }, { "rounds", 1, NULL, 'r' },
		{ "refresh", 1, NULL, 'R' }, { "tokens", 1, NULL, 't' },
		{ "window", 1, NULL, 'w' }, { "ms", 1, NULL, 'm' },
		{ "echo-anchor", 1, NULL, 'E' }, { "echo-coa", 1, NULL, 'C' },
		{ "refresh-rounds", 1, NULL, 'n' }, { "pid", 1, NULL, 'P' },
		{ "echo-pid", 1, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->rounds = 1;
	o->refresh_rounds = 1;
	o->tokens = 512;
	o->window = 64;
	o->ms = 2000;
	o->echo_pid = -1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'k': o->key = optarg; break;
		case 'a':
			if (o->ndar == MAX_DARS)
				errx(2, "at most %d anchors", MAX_DARS);
			addr(optarg, &o->anchors[o->ndar++]);
			break;
		case 'c':
			if (o->ncoa == MAX_DARS)
				errx(2, "at most %d care-of addresses",
				    MAX_DARS);
			addr(optarg, &o->coas[o->ncoa++]);
			break;
		case 'f': o->first = num(optarg); break;
		case 'r': o->rounds = num(optarg); break;
		case 'R': o->refresh_ms = num(optarg); break;
		case 't': o->tokens = num(optarg); break;
		case 'w': o->window = num(optarg); break;
		case 'm': o->ms = num(optarg); break;
		case 'E': addr(optarg, &o->echo_anchor); o->has_echo = true;
			break;
		case 'C': addr(optarg, &o->echo_coa); break;
		case 'n': o->refresh_rounds = num(optarg); break;
		case 'P':
			if (o->npid == MAX_DARS)
				errx(2, "at most %d pids", MAX_DARS);
			o->pids[o->npid++] = (int)num(optarg);
			break;
		case 'e': o->echo_pid = (int)num(optarg); break;
		default: errx(2, "bad option");
		}
	}
	if (o->window == 0 || o->window > 4096 || o->rounds == 0 ||
	    o->tokens == 0 || o->refresh_rounds == 0)
		errx(2, "bad --window, --rounds, --refresh-rounds or --tokens");
	if (o->ndar == 0 || o->ncoa != o->ndar)
		errx(2, "--anchor and --coa, as many of each");
	o->anchor = o->anchors[0];
	o->coa = o->coas[0];
}

static void
sockets(void)
{
	if (nft_suppress_add(NFT_TABLE) == -1)
		err(1, "nft");
	atexit(cleanup);
	if ((rx = sig_rx_open(0)) == -1 || (tx = sig_tx_open()) == -1)
		err(1, "signalling sockets");
}

/* The identity: the key of the file with Sec 0, so that every modifier is
 * one more CGA of the same key on the prefix. */
static void
ident(const char *path, struct cga_ident *id)
{
	char msg[KEYFILE_MSG_LEN];

	if (keyfile_ident(path, 0, id, NULL, msg, sizeof(msg)) == -1)
		errx(1, "%s", msg);
}

/* The i-th CGA of the key on the /64 of prefix, and its parameters. */
static void
nth_cga(struct cga_ident *id, const struct in6_addr *prefix, uint32_t i,
    struct in6_addr *hoa, uint8_t *params, size_t cap, size_t *len)
{
	memset(id->modifier, 0, sizeof(id->modifier));
	id->modifier[12] = (uint8_t)(i >> 24);
	id->modifier[13] = (uint8_t)(i >> 16);
	id->modifier[14] = (uint8_t)(i >> 8);
	id->modifier[15] = (uint8_t)i;
	if (cga_ident_gen(id, prefix->s6_addr, 0, hoa, params, cap, len) == -1)
		err(1, "cga");
}

/* A signed first registration for hoa, or (kbm) a token refresh. */
static void
build_bu(const struct in6_addr *anchor,
    const struct in6_addr *coa, struct cga_ident *id,
    const struct in6_addr *hoa, const uint8_t *params, size_t plen,
    const uint8_t *kbm, uint16_t seq, uint8_t *buf, size_t cap, size_t *len)
{
	static struct mh_msg m;
	struct seal s;

	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.flags = MH_BU_A | MH_BU_H;
	m.seq = seq;
	m.lifetime = LIFETIME;
	if (kbm == NULL) {
		m.opt.present = MHO_F(MHO_CGA);
		memcpy(m.opt.cga_params, params, plen);
		m.opt.cga_params_len = plen;
	} else
		m.opt.present = MHO_F(MHO_NONCE);	/* indices 0, 0 */
	memset(&s, 0, sizeof(s));
	s.src = *coa;
	s.dst = *anchor;
	s.hao = hoa;
	s.coa = *coa;
	s.peer = *anchor;
	s.sign_key = kbm == NULL ? id->key : NULL;
	s.kbm = kbm;
	if (seal_mh(&m, &s, buf, cap, len) == -1)
		err(1, "seal");
}

static void
ring_init(struct ring *r, size_t n, size_t stride)
{
	r->n = 0;
	r->stride = stride;
	if ((r->buf = calloc(n, stride)) == NULL ||
	    (r->len = calloc(n, sizeof(*r->len))) == NULL)
		err(1, "ring");
}

static uint8_t *
ring_at(const struct ring *r, size_t i)
{
	return r->buf + i * r->stride;
}

/* --- sending and counting answers ------------------------------------- */

/* What came back: BAs from the anchor, by status. */
struct tally {
	uint64_t	sent, acked, refused, lost;
	unsigned	inflight;
	/* first registrations: the encrypted tokens of the first few */
	struct in6_addr	*hoa;
	uint8_t		(*ct)[MH_OPT_DATA_MAX];
	size_t		*ctlen;
	size_t		 nct, capct;
};

/* Reads every queued answer from anchor; BAs of status 0 are acked. */
static void
drain(const struct in6_addr *anchor, struct tally *t, bool keep_tokens)
{
	static struct mh_msg m;
	uint8_t buf[2048];
	struct sig_info si;
	struct ip6_pkt p;
	size_t len;

	while (sig_recv(rx, buf, sizeof(buf), &len, &si) == 0) {
		if (ip6_parse(buf, len, &p) == -1 || p.nxt != IP6_NXT_MH ||
		    memcmp(&p.src, anchor, 16) != 0 ||
		    p.payload_len < 8 || p.payload[2] != MH_BA)
			continue;
		if (t->inflight > 0)
			t->inflight--;
		/* BA: status is the octet after the checksum */
		if (p.payload[6] != 0) {
			t->refused++;
			continue;
		}
		t->acked++;
		if (!keep_tokens || t->nct == t->capct || !p.has_rh2)
			continue;
		if (mh_decode(p.payload, p.payload_len, &m) == -1 ||
		    !(m.opt.present & MHO_F(MHO_PHKT)))
			continue;
		t->hoa[t->nct] = p.rh2_addr;
		memcpy(t->ct[t->nct], m.opt.phkt, m.opt.phkt_len);
		t->ctlen[t->nct] = m.opt.phkt_len;
		t->nct++;
	}
}

/* The answers still on their way, before the next measurement. */
static void
settle(const struct in6_addr *anchor, struct tally *t)
{
	struct pollfd pf = { .fd = -1, .events = POLLIN };

	pf.fd = rx;
	while (t->inflight > 0 && poll(&pf, 1, STALL_MS) > 0)
		drain(anchor, t, false);
	t->lost += t->inflight;
	t->inflight = 0;
}

/* The CPU time a process has had, in seconds (its main thread's, from
 * /proc/PID/schedstat; softirq work done in its system calls included), or
 * -1 when it cannot be read. */
static double
task_cpu_s(int pid)
{
	unsigned long long ns;
	char path[64];
	FILE *f;
	int n;

	if (pid <= 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fscanf(f, "%llu", &ns);
	fclose(f);
	return n == 1 ? (double)ns / 1e9 : -1;
}

/*
 * Sends ring packets to anchor from *next on, keeping o->window of them
 * in flight, until `count` were answered (count 0: until `secs` have
 * passed).  A window without any answer for STALL_MS is written off as
 * lost.  With wrap, the ring starts again at its end.  Returns the time
 * taken; *cpu the CPU time the server (pid) spent in it, or -1.
 */
static double
pump(const struct opts *o, const struct in6_addr *anchor, const struct ring *r,
    size_t *next, bool wrap, uint64_t count, double secs, struct tally *t,
    bool keep_tokens, int pid, double *cpu)
{
	struct pollfd pf = { .fd = -1, .events = POLLIN };
	double t0 = now_s(), end = t0 + secs, dt, c0 = task_cpu_s(pid), c1;
	uint64_t done0 = t->acked + t->refused + t->lost;
	int n;

	pf.fd = rx;
	t->inflight = 0;
	for (;;) {
		uint64_t done = t->acked + t->refused + t->lost - done0;

		if (wrap && *next >= r->n)
			*next = 0;
		if (stop || (count > 0 && done >= count) ||
		    (count == 0 && now_s() >= end) || *next >= r->n)
			break;
		while (t->inflight < o->window && *next < r->n &&
		    (count == 0 || done + t->inflight < count)) {
			if (sig_send(tx, ring_at(r, *next), r->len[*next]) ==
			    -1) {
				if (errno == EAGAIN || errno == ENOBUFS)
					break;
				err(1, "send");
			}
			(*next)++;
			t->sent++;
			t->inflight++;
			if (wrap && *next >= r->n)
				*next = 0;
		}
		n = poll(&pf, 1, STALL_MS);
		if (n == 0) {
			t->lost += t->inflight;
			t->inflight = 0;
			continue;
		}
		drain(anchor, t, keep_tokens);
	}
	dt = now_s() - t0;
	c1 = task_cpu_s(pid);
	*cpu = c0 >= 0 && c1 > c0 ? c1 - c0 : -1;
	settle(anchor, t);
	return dt;
}

/* --- load ------------------------------------------------------------- */

/* A round's rates: per second of the clock, and per second of the
 * server's own CPU time (what one core does, whoever else shares it),
 * with the share of the clock the server had. */
static void
rates(const char *what, uint64_t n, double dt, double cpu)
{
	printf("%s_per_s %.1f\n", what, (double)n / dt);
	if (cpu > 0)
		printf("%s_per_cpu_s %.1f\n%s_cpu_share %.3f\n", what,
		    (double)n / cpu, what, cpu / dt);
}

/* First registrations: o->first at each DAR, one DAR after the other,
 * every BU signed in advance (the DAR, not the generator, is to be the
 * busy one).  The tokens of the first DAR's are kept. */
static void
load_first(const struct opts *o, struct cga_ident *id, struct tally *t)
{
	uint8_t params[CGA_FIXED_LEN + CGA_SPKI_MAX];
	struct in6_addr hoa;
	struct ring r;
	size_t plen, next = 0, i, total = (size_t)o->first * o->ndar;
	double t0, dt, cpu;
	unsigned k;

	t->capct = o->tokens;
	if ((t->hoa = calloc(t->capct, sizeof(*t->hoa))) == NULL ||
	    (t->ct = calloc(t->capct, sizeof(*t->ct))) == NULL ||
	    (t->ctlen = calloc(t->capct, sizeof(*t->ctlen))) == NULL)
		err(1, "tokens");
	ring_init(&r, total, SEAL_PKT_MAX);
	t0 = now_s();
	for (i = 0; i < total; i++) {
		k = (unsigned)(i / o->first);
		nth_cga(id, &o->anchors[k], (uint32_t)(i % o->first) + 1, &hoa,
		    params, sizeof(params), &plen);
		build_bu(&o->anchors[k], &o->coas[k], id, &hoa, params, plen,
		    NULL, 1, ring_at(&r, i), r.stride, &r.len[i]);
		r.n++;
	}
	printf("first_rounds %u\nfirst_prepare_s %.3f\nfirst_bu_octets %zu\n",
	    o->ndar, now_s() - t0,
	    r.len[0]);
	for (k = 0; k < o->ndar && !stop; k++) {
		uint64_t a0 = t->acked;

		dt = pump(o, &o->anchors[k], &r, &next, false, o->first, 0, t,
		    k == 0, k < o->npid ? o->pids[k] : -1, &cpu);
		rates("first", t->acked - a0, dt, cpu);
	}
	printf("first_sent %llu\nfirst_acked %llu\nfirst_refused %llu\n"
	    "first_lost %llu\n", (unsigned long long)t->sent,
	    (unsigned long long)t->acked, (unsigned long long)t->refused,
	    (unsigned long long)t->lost);
	free(r.buf);
	free(r.len);
}

/* Refresh BUs for n bindings, round robin, each with rising sequence
 * numbers from 2 (the first registration used 1). */
static void
refresh_ring(const struct in6_addr *anchor,
    const struct in6_addr *coa, struct cga_ident *id,
    const struct in6_addr *hoas, uint8_t (*kbm)[AUTH_KBM_LEN], size_t n,
    struct ring *r)
{
	size_t per = RING_PKTS / n, i;
	uint16_t seq;

	if (per > 30000)
		per = 30000;
	ring_init(r, per * n, 256);
	for (seq = 2; seq < per + 2; seq++)
		for (i = 0; i < n; i++) {
			build_bu(anchor, coa, id, &hoas[i], NULL, 0, kbm[i],
			    seq, ring_at(r, r->n), r->stride, &r->len[r->n]);
			r->n++;
		}
}

/* Token refreshes, against the DAR and (interleaved, same length) the
 * echo: o->refresh_rounds of o->refresh_ms each. */
static void
load_refresh(const struct opts *o, struct cga_ident *id, struct tally *ft)
{
	uint8_t params[CGA_FIXED_LEN + CGA_SPKI_MAX];
	uint8_t (*kbm)[AUTH_KBM_LEN], phkt[AUTH_PHKT_LEN];
	struct in6_addr *hoas;
	struct ring dr, er;
	struct tally t;
	size_t plen, i, n = 0, dnext = 0, enext = 0;
	double t0, dt, cpu;
	unsigned k;

	if ((kbm = calloc(o->tokens, sizeof(*kbm))) == NULL ||
	    (hoas = calloc(o->tokens, sizeof(*hoas))) == NULL)
		err(1, "tokens");
	t0 = now_s();
	/* the bindings and their Kbm, from the tokens the DAR sent */
	for (i = 0; i < ft->nct; i++)
		if (auth_phkt_decrypt(id->key, ft->ct[i], ft->ctlen[i], phkt) ==
		    0 && auth_kbm(phkt, NULL, kbm[n]) == 0)
			hoas[n++] = ft->hoa[i];
	if (n == 0 && !o->has_echo)
		errx(1, "no tokens to refresh with");
	memset(&dr, 0, sizeof(dr));
	memset(&er, 0, sizeof(er));
	if (n > 0)
		refresh_ring(&o->anchor, &o->coa, id, hoas, kbm, n, &dr);
	if (o->has_echo) {
		/* the echo checks nothing: made-up tokens will do */
		for (i = 0; i < o->tokens; i++) {
			nth_cga(id, &o->echo_anchor, (uint32_t)i + 1, &hoas[i],
			    params, sizeof(params), &plen);
			if (auth_random(kbm[i], AUTH_KBM_LEN) == -1)
				err(1, "random");
		}
		refresh_ring(&o->echo_anchor, &o->echo_coa, id, hoas, kbm,
		    o->tokens, &er);
	}
	printf("refresh_prepare_s %.3f\nrefresh_bindings %zu\n"
	    "refresh_bu_octets %zu\n", now_s() - t0, n,
	    dr.n > 0 ? dr.len[0] : er.len[0]);
	for (k = 0; k < o->refresh_rounds && !stop; k++) {
		if (dr.n > 0) {
			memset(&t, 0, sizeof(t));
			dt = pump(o, &o->anchor, &dr, &dnext, false, 0,
			    o->refresh_ms / 1000.0, &t, false,
			    o->npid > 0 ? o->pids[0] : -1, &cpu);
			rates("refresh", t.acked, dt, cpu);
			printf("refresh_sent %llu\nrefresh_refused %llu\n"
			    "refresh_lost %llu\n", (unsigned long long)t.sent,
			    (unsigned long long)t.refused,
			    (unsigned long long)t.lost);
			if (dnext >= dr.n)
				printf("refresh_ring_exhausted 1\n");
		}
		if (er.n > 0) {
			memset(&t, 0, sizeof(t));
			dt = pump(o, &o->echo_anchor, &er, &enext, true, 0,
			    o->refresh_ms / 1000.0, &t, false, o->echo_pid,
			    &cpu);
			rates("echo", t.acked, dt, cpu);
			printf("echo_lost %llu\n", (unsigned long long)t.lost);
		}
	}
	free(dr.buf);
	free(dr.len);
	free(er.buf);
	free(er.len);
	free(kbm);
	free(hoas);
}

static int
cmd_load(int argc, char **argv)
{
	struct cga_ident id;
	struct opts o;
	struct tally t;

	parse(argc, argv, &o);
	if (o.key == NULL)
		errx(2, "load needs --key");
	ident(o.key, &id);
	sockets();
	memset(&t, 0, sizeof(t));
	if (o.first > 0)
		load_first(&o, &id, &t);
	if (o.refresh_ms > 0)
		load_refresh(&o, &id, &t);
	free(t.hoa);
	free(t.ct);
	free(t.ctlen);
	EVP_PKEY_free(id.key);
	return 0;
}

/* A BA from o's anchor to its CoA for hoa, accepting, with m's sequence
 * number and options and a BAD by a made-up Kbm: a refresh's, or with a
 * token a first registration's. */
static void
build_ba(const struct opts *o, const struct in6_addr *hoa, struct mh_msg *m,
    uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t kbm[AUTH_KBM_LEN];
	struct seal s;

	m->type = MH_BA;
	m->lifetime = LIFETIME;
	m->opt.present |= MHO_F(MHO_NONCE);
	memset(&s, 0, sizeof(s));
	s.src = o->anchor;
	s.dst = o->coa;
	s.rh2 = hoa;
	s.coa = o->coa;
	s.peer = o->anchor;
	memset(kbm, 0x5a, sizeof(kbm));
	s.kbm = kbm;
	if (seal_mh(m, &s, buf, cap, len) == -1)
		err(1, "BA");
}

/* --- echo: the bare receive-and-reply loop ----------------------------- */

/*
 * What the DAR does for a refresh, less everything but the I/O: the same
 * socket pair (AF_PACKET with the Mobility Header filter in, IPPROTO_RAW
 * out), the same batch of at most 64 per wake-up of poll(), and a reply
 * of a refresh BA's size, built once.
 */
static int
cmd_echo(int argc, char **argv)
{
	static struct mh_msg m;
	struct pollfd pf = { .fd = -1, .events = POLLIN };
	uint8_t ba[SEAL_PKT_MAX], buf[2048];
	struct sig_info si;
	struct in6_addr hoa;
	struct opts o;
	size_t balen, len;
	uint64_t n = 0;
	int i;

	parse(argc, argv, &o);
	memset(&hoa, 0, sizeof(hoa));
	memcpy(hoa.s6_addr, o.anchor.s6_addr, 8);
	hoa.s6_addr[15] = 0x42;
	memset(&m, 0, sizeof(m));
	m.seq = 2;
	build_ba(&o, &hoa, &m, ba, sizeof(ba), &balen);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	sockets();
	printf("ready\n");
	fflush(stdout);
	pf.fd = rx;
	while (!stop) {
		if (poll(&pf, 1, -1) <= 0)
			continue;
		for (i = 0; i < BATCH; i++) {
			if (sig_recv(rx, buf, sizeof(buf), &len, &si) == -1)
				break;
			if (sig_send(tx, ba, balen) == 0)
				n++;
		}
	}
	printf("echoed %llu\n", (unsigned long long)n);
	return 0;
}

/* --- crypto: the pure OpenSSL cost ------------------------------------- */

/* The RSAPublicKey inside an SPKI's BIT STRING (where the generic
 * d2i_PUBKEY() would spend more than the cryptography itself); *rk points
 * into what is returned, for the caller to free. */
static X509_PUBKEY *
spki_rsa(const uint8_t *spki, size_t len, const uint8_t **rk, long *rklen)
{
	X509_PUBKEY *xp;
	const uint8_t *p = spki;
	int n;

	if ((xp = d2i_X509_PUBKEY(NULL, &p, (long)len)) == NULL ||
	    !X509_PUBKEY_get0_param(NULL, rk, &n, NULL, xp))
		errx(1, "SPKI");
	*rklen = n;
	return xp;
}

static EVP_PKEY *
rsa_key(const uint8_t *rk, long rklen)
{
	EVP_PKEY *k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &rk, rklen);

	if (k == NULL)
		errx(1, "d2i_PublicKey");
	return k;
}

/* A digest over up to three pieces (NULL ends them). */
static void
sha(const EVP_MD *md, const void *a, size_t alen, const void *b, size_t blen,
    const void *c3, size_t clen, uint8_t *out)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (c == NULL || !EVP_DigestInit_ex(c, md, NULL) ||
	    !EVP_DigestUpdate(c, a, alen) ||
	    (b != NULL && !EVP_DigestUpdate(c, b, blen)) ||
	    (c3 != NULL && !EVP_DigestUpdate(c, c3, clen)) ||
	    !EVP_DigestFinal_ex(c, out, NULL))
		errx(1, "digest");
	EVP_MD_CTX_free(c);
}

/*
 * One first registration's cryptography, straight OpenSSL calls on the
 * bytes of a real BU: Hash1 and Hash2 of the CGA parameters, the key
 * parsed from them (its RSAPublicKey, by the fastest OpenSSL decoder, a
 * new key each time as every MN brings its own), RSASSA-PKCS1-v1_5/SHA-1
 * verified over TAG, CoA, anchor and MH, SHA-256 of the key (its id), 8
 * random octets, RSAES-PKCS1-v1_5 encryption of them, Kbm = SHA-1 of the
 * token, and the BA's HMAC-SHA1 authenticator.
 */
static void
crypto_first(const struct opts *o, const uint8_t *params, size_t plen,
    const uint8_t *spki, size_t spki_len, const uint8_t *rk, long rklen,
    const uint8_t *mh, size_t covered, const uint8_t *sig, size_t siglen,
    const uint8_t *ba, size_t balen)
{
	static const uint8_t zero[9];
	uint8_t h[64], tok[8], ct[512], kbm[20], in[48 + MH_MAX_LEN];
	unsigned int hl = sizeof(h);
	EVP_PKEY_CTX *pc = NULL;
	EVP_MD_CTX *c;
	EVP_PKEY *k;
	size_t ctlen = sizeof(ct);

	sha(EVP_sha1(), params, plen, NULL, 0, NULL, 0, h);	/* Hash1 */
	sha(EVP_sha1(), params, 16, zero, sizeof(zero), spki, spki_len,
	    h);							/* Hash2 */
	k = rsa_key(rk, rklen);
	memcpy(in, auth_cga_tag, 16);
	memcpy(in + 16, &o->coa, 16);
	memcpy(in + 32, &o->anchor, 16);
	memcpy(in + 48, mh, covered);
	in[48 + MH_CKSUM_OFF] = in[48 + MH_CKSUM_OFF + 1] = 0;
	if ((c = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(c, &pc, "SHA1", NULL, NULL, k, NULL) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_DigestVerify(c, sig, siglen, in, 48 + covered) != 1)
		errx(1, "verify");
	EVP_MD_CTX_free(c);
	sha(EVP_sha256(), spki, spki_len, NULL, 0, NULL, 0, h);	/* key id */
	if (RAND_bytes(tok, sizeof(tok)) != 1 ||
	    (pc = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL)) == NULL ||
	    EVP_PKEY_encrypt_init(pc) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_encrypt(pc, ct, &ctlen, tok, sizeof(tok)) != 1)
		errx(1, "encrypt");
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(k);
	sha(EVP_sha1(), tok, sizeof(tok), NULL, 0, NULL, 0, kbm); /* Kbm */
	memcpy(in + 32, ba, balen);
	if (HMAC(EVP_sha1(), kbm, sizeof(kbm), in, 32 + balen, h, &hl) ==
	    NULL)
		errx(1, "hmac");
}

/* A refresh's: Kbm from the token, the BU's authenticator checked, the
 * BA's made. */
static void
crypto_refresh(const uint8_t *bu, size_t bulen, const uint8_t *ba,
    size_t balen)
{
	uint8_t tok[8] = { 1 }, kbm[20], h[64], in[32 + MH_MAX_LEN];
	unsigned int hl = sizeof(h);

	sha(EVP_sha1(), tok, sizeof(tok), NULL, 0, NULL, 0, kbm);
	memset(in, 0x20, 32);
	memcpy(in + 32, bu, bulen);
	if (HMAC(EVP_sha1(), kbm, sizeof(kbm), in, 32 + bulen, h, &hl) ==
	    NULL)
		errx(1, "hmac");
	memcpy(in + 32, ba, balen);
	if (HMAC(EVP_sha1(), kbm, sizeof(kbm), in, 32 + balen, h, &hl) ==
	    NULL)
		errx(1, "hmac");
}

static int
cmd_crypto(int argc, char **argv)
{
	static struct mh_msg m, b;
	uint8_t params[CGA_FIXED_LEN + CGA_SPKI_MAX], pkt[SEAL_PKT_MAX];
	uint8_t bapkt[SEAL_PKT_MAX], rpkt[SEAL_PKT_MAX], kbm[AUTH_KBM_LEN];
	struct cga_ident id;
	struct in6_addr hoa;
	struct ip6_pkt p, pb, pr;
	struct opts o;
	const uint8_t *rk;
	X509_PUBKEY *xp;
	long rklen;
	size_t plen, len, balen, rlen;
	uint64_t n;
	unsigned k;
	double t0, dt;

	parse(argc, argv, &o);
	if (o.key == NULL)
		errx(2, "crypto needs --key");
	ident(o.key, &id);
	nth_cga(&id, &o.anchor, 1, &hoa, params, sizeof(params), &plen);
	memset(&m, 0, sizeof(m));
	build_bu(&o.anchor, &o.coa, &id, &hoa, params, plen, NULL, 1, pkt,
	    sizeof(pkt), &len);
	if (ip6_parse(pkt, len, &p) == -1 || mh_decode(p.payload,
	    p.payload_len, &m) == -1)
		errx(1, "own BU");
	/* the BA of a first registration: a token and a BAD */
	memset(&b, 0, sizeof(b));
	b.type = MH_BA;
	b.seq = 1;
	b.lifetime = LIFETIME;
	b.opt.present = MHO_F(MHO_PHKT);
	b.opt.phkt_len = auth_sig_len(id.key);
	build_ba(&o, &hoa, &b, bapkt, sizeof(bapkt), &balen);
	if (ip6_parse(bapkt, balen, &pb) == -1)
		errx(1, "own BA");
	memset(kbm, 1, sizeof(kbm));
	build_bu(&o.anchor, &o.coa, &id, &hoa, NULL, 0, kbm, 2, rpkt,
	    sizeof(rpkt), &rlen);
	if (ip6_parse(rpkt, rlen, &pr) == -1)
		errx(1, "own refresh");

	xp = spki_rsa(id.spki, id.spki_len, &rk, &rklen);
	printf("crypto_key_bits %d\n", EVP_PKEY_get_bits(id.key));
	for (k = 0; k < o.rounds; k++) {
		t0 = cpu_s();
		for (n = 0; (dt = cpu_s() - t0) < o.ms / 1000.0; n++)
			crypto_first(&o, m.opt.cga_params,
			    m.opt.cga_params_len, id.spki, id.spki_len, rk,
			    rklen, p.payload, m.opt.sig_off + 2, m.opt.sig,
			    m.opt.sig_len, pb.payload, pb.payload_len);
		printf("crypto_first_us %.2f\ncrypto_first_per_s %.1f\n",
		    dt / n * 1e6, n / dt);
		t0 = cpu_s();
		for (n = 0; (dt = cpu_s() - t0) < o.ms / 1000.0; n++)
			crypto_refresh(pr.payload, pr.payload_len, pb.payload,
			    pb.payload_len);
		printf("crypto_refresh_us %.2f\ncrypto_refresh_per_s %.1f\n",
		    dt / n * 1e6, n / dt);
	}
	EVP_PKEY_free(id.key);
	X509_PUBKEY_free(xp);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "load") == 0)
		return cmd_load(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "echo") == 0)
		return cmd_echo(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "crypto") == 0)
		return cmd_crypto(argc - 1, argv + 1);
	fprintf(stderr, "usage: bugen load|echo|crypto ...\n");
	return 2;
}

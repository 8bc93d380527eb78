// SPDX-License-Identifier: GPL-2.0-only
/* Test driver: Binding Updates crafted with fama's own builders (for the
 * daemon tests' attacks and negative cases), malformed variants of them,
 * a flood of signed ones, captures and replays.
 *   mhtool bu --key FILE --anchor A --coa C (--prefix P | --hoa H)
 *         [--seq N] [--lifetime UNITS] [--sign-key FILE] [--alt-coa X]
 *         [--rr] [--token PHKT_HEX|random] [--no-wait]
 *     sends a signed first-registration BU for the CGA of the key on P
 *     (or claiming H), or with --token a BU authenticated by a BAD with
 *     that token's Kbm, waits for the BA and prints
 *     "status S seq N lifetime L".
 *   mhtool mutate CASE --key FILE --anchor A --coa C --prefix P
 *         [--other-key PEM] [--via IFNAME --mac MAC | --out FILE]
 *     sends that BU broken one way (mhtool mutate --list names the cases
 *     and their classes); --via sends on AF_PACKET to MAC, which the
 *     cases that lie about the IPv6 Payload Length need; --out writes
 *     the packet to FILE instead (fuzz seeds).
 *   mhtool flood --key FILE --anchor A --prefix P --src-prefix S
 *         [--sources N] [--count M] [--seconds T] [--rate PPS] [--bad-sig]
 *     M signed first registrations, each for another Sec 0 CGA of the key
 *     on P, from N /64s of the /48 S, sent round and round for T seconds
 *     at PPS packets a second (0: as fast as it goes).
 *   mhtool capture IFNAME TIMEOUT_MS FILE [bu|ba]   the first one seen
 *   mhtool replay FILE [--no-wait]          send it again, print the BA
 * Exit 0 when a BA (or the capture) came or the packets went, 1 otherwise,
 * 2 on a usage error. */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netns/nft.h"
#include "netns/sig.h"
#include "proto/auth.h"
#include "proto/cga.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/seal.h"
#include "roles/keyfile.h"

#define NFT_TABLE	"fama_mhtool"
#define WAIT_MS		2000
#define RAW_MAX		4096

static int rx = -1, tx = -1;

static void
cleanup(void)
{
	nft_suppress_remove(NFT_TABLE);
}

static void
addr(const char *s, struct in6_addr *a)
{
	if (inet_pton(AF_INET6, s, a) != 1)
		errx(2, "bad address %s", s);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
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

/* Wait for a message of type from `from`; fills m. */
static int
await(uint8_t type, const struct in6_addr *from, struct mh_msg *m,
    int timeout)
{
	uint64_t end = now_ms() + (uint64_t)timeout;
	uint8_t buf[2048];
	struct pollfd p;
	struct sig_info si;
	struct ip6_pkt pk;
	size_t len;

	p.fd = rx;
	p.events = POLLIN;
	while (now_ms() < end) {
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			continue;
		while (sig_recv(rx, buf, sizeof(buf), &len, &si) == 0) {
			if (ip6_parse(buf, len, &pk) == -1 ||
			    pk.nxt != IP6_NXT_MH || !ip6_mh_cksum_ok(&pk) ||
			    (from != NULL && memcmp(&pk.src, from, 16) != 0) ||
			    mh_decode(pk.payload, pk.payload_len, m) == -1 ||
			    m->type != type)
				continue;
			return 0;
		}
	}
	return -1;
}

static EVP_PKEY *
load(const char *path, struct cga_ident *id, unsigned sec)
{
	char msg[KEYFILE_MSG_LEN];

	memset(id, 0, sizeof(*id));
	if (keyfile_ident(path, sec, id, NULL, msg, sizeof(msg)) == -1)
		errx(1, "%s", msg);
	return id->key;
}

/* Any private key in a PEM file (RSA of any size, EC, ...). */
static EVP_PKEY *
load_pem(const char *path)
{
	EVP_PKEY *k;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (k == NULL)
		errx(1, "%s: not a PEM private key", path);
	return k;
}

static void
hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;
	unsigned v;

	if (strlen(s) != 2 * n)
		errx(2, "want %zu hex octets", n);
	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			errx(2, "bad hex %s", s);
		out[i] = (uint8_t)v;
	}
}

static int
cmd_bu(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "key", 1, NULL, 'k' }, { "anchor", 1, NULL, 'a' },
		{ "coa", 1, NULL, 'c' }, { "prefix", 1, NULL, 'p' },
		{ "hoa", 1, NULL, 'H' }, { "seq", 1, NULL, 's' },
		{ "lifetime", 1, NULL, 'l' }, { "sign-key", 1, NULL, 'S' },
		{ "alt-coa", 1, NULL, 'A' }, { "rr", 0, NULL, 'r' },
		{ "token", 1, NULL, 't' },
		{ "no-wait", 0, NULL, 'n' }, { NULL, 0, NULL, 0 }
	};
	const char *key = NULL, *signkey = NULL, *token = NULL;
	struct in6_addr anchor, coa, prefix, hoa, alt;
	bool has_prefix = false, has_hoa = false, has_alt = false, rr = false;
	bool wait = true;
	static struct mh_msg m, r;
	struct cga_ident id, sid;
	uint8_t pkt[SEAL_PKT_MAX], kbm[AUTH_KBM_LEN], phkt[AUTH_PHKT_LEN];
	struct seal s;
	size_t len;
	int c, seq = 1, life = 150, rc = 0;

	memset(&anchor, 0, sizeof(anchor));
	memset(&coa, 0, sizeof(coa));
	memset(&sid, 0, sizeof(sid));
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 'a': addr(optarg, &anchor); break;
		case 'c': addr(optarg, &coa); break;
		case 'p': addr(optarg, &prefix); has_prefix = true; break;
		case 'H': addr(optarg, &hoa); has_hoa = true; break;
		case 's': seq = atoi(optarg); break;
		case 'l': life = atoi(optarg); break;
		case 'S': signkey = optarg; break;
		case 'A': addr(optarg, &alt); has_alt = true; break;
		case 'r': rr = true; break;
		case 't': token = optarg; break;
		case 'n': wait = false; break;
		default: errx(2, "bad option");
		}
	}
	if (key == NULL || (!has_prefix && !has_hoa))
		errx(2, "bu needs --key and --prefix or --hoa");
	load(key, &id, 1);
	memset(&m, 0, sizeof(m));
	/* the parameters of the key on the HoA's (or the given) prefix */
	if (cga_ident_gen(&id, has_prefix ? prefix.s6_addr : hoa.s6_addr, 0,
	    has_hoa ? &prefix : &hoa, m.opt.cga_params,
	    sizeof(m.opt.cga_params), &m.opt.cga_params_len) == -1)
		err(1, "cga");
	sockets();

	memset(&s, 0, sizeof(s));
	if (rr) {
		struct mh_msg ti;

		memset(&ti, 0, sizeof(ti));
		ti.type = MH_COTI;
		memset(ti.cookie, 0x5a, sizeof(ti.cookie));
		s.src = coa;
		s.dst = anchor;
		if (seal_mh(&ti, &s, pkt, sizeof(pkt), &len) == -1 ||
		    sig_send(tx, pkt, len) == -1)
			err(1, "CoTI");
		if (await(MH_COT, &anchor, &r, WAIT_MS) == -1) {
			printf("no care-of test\n");
			rc = 1;
			goto out;
		}
		m.opt.present |= MHO_F(MHO_NONCE);
		m.opt.careof_nonce_idx = r.nonce_idx;
		if (auth_kbm(NULL, r.token, kbm) == -1)
			errx(1, "kbm");
		s.kbm = kbm;
	}
	m.type = MH_BU;
	m.flags = MH_BU_A | MH_BU_H;
	m.seq = (uint16_t)seq;
	m.lifetime = (uint16_t)life;
	if (token != NULL) {
		/* a later BU: Nonce Indices (0: the token) and a BAD with
		 * the Kbm of that token, no signature */
		if (strcmp(token, "random") == 0) {
			if (auth_random(phkt, sizeof(phkt)) == -1)
				errx(1, "random");
		} else
			hex(token, phkt, sizeof(phkt));
		if (auth_kbm(phkt, NULL, kbm) == -1)
			errx(1, "kbm");
		m.opt.present |= MHO_F(MHO_NONCE);
		s.kbm = kbm;
	} else
		m.opt.present |= MHO_F(MHO_CGA);
	if (has_alt) {
		m.opt.present |= MHO_F(MHO_ALTCOA);
		m.opt.alt_coa = alt;
	}
	s.src = coa;
	s.dst = anchor;
	s.hao = &hoa;
	s.coa = has_alt ? alt : coa;
	s.peer = anchor;
	if (token == NULL)
		s.sign_key = signkey != NULL ? load(signkey, &sid, 0) : id.key;
	if (seal_mh(&m, &s, pkt, sizeof(pkt), &len) == -1 ||
	    sig_send(tx, pkt, len) == -1)
		err(1, "BU");
	if (!wait)
		goto out;
	if (await(MH_BA, &anchor, &r, WAIT_MS) == -1) {
		printf("no answer\n");
		rc = 1;
		goto out;
	}
	printf("status %u seq %u lifetime %u\n", r.status, r.seq, r.lifetime);
out:
	EVP_PKEY_free(id.key);
	EVP_PKEY_free(sid.key);
	return rc;
}

/* --- malformed Binding Updates ------------------------------------------ */

/* A signalling packet taken apart: the IPv6 header's fields, the
 * extension headers as they go on the wire, and the MH. */
struct raw {
	struct in6_addr	src, dst;
	struct in6_addr	psrc, pdst;	/* the checksum's pseudo-header */
	uint8_t		nxt;		/* the IPv6 header's Next Header */
	uint8_t		ext[256];
	size_t		extlen;
	uint8_t		mh[RAW_MAX];
	size_t		mhlen;
	bool		keep_cksum;	/* do not compute it */
	int		plen_delta;	/* a Payload Length that lies */
	size_t		cut;		/* send only so many octets (0: all) */
	bool		needs_link;	/* only AF_PACKET sends it as it is */
};

/* What a case starts from: the key and where the BU goes. */
struct base {
	struct cga_ident id;
	EVP_PKEY	*other;		/* --other-key */
	struct in6_addr	anchor, coa, prefix;
};

/* A Destination Options header with one HAO at 8n+6 (RFC 6275 §6.3). */
static size_t
dopt_hao(uint8_t *b, uint8_t nxt, const struct in6_addr *hoa)
{
	b[0] = nxt;
	b[1] = 2;
	b[2] = 1;			/* PadN, 2 octets */
	b[3] = 2;
	b[4] = b[5] = 0;
	b[6] = IP6_OPT_HAO;
	b[7] = 16;
	memcpy(b + 8, hoa, 16);
	return 24;
}

/* A BU with params (and the HoA they make at sec) signed by key, or with
 * sig_fill octets of sig_len as its Signature when key is NULL; no CGA
 * option when plen is 0. */
static void
raw_bu(struct raw *r, const struct base *b, const struct in6_addr *hoa,
    const uint8_t *params, size_t plen, EVP_PKEY *key, size_t sig_len,
    const struct in6_addr *alt)
{
	static struct mh_msg m;
	uint8_t pkt[RAW_MAX];
	struct ip6_pkt p;
	struct seal s;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = MH_BU;
	m.flags = MH_BU_A | MH_BU_H;
	m.seq = 1;
	m.lifetime = 150;
	if (plen > 0) {
		m.opt.present |= MHO_F(MHO_CGA);
		memcpy(m.opt.cga_params, params, plen);
		m.opt.cga_params_len = plen;
	}
	if (key == NULL) {
		m.opt.present |= MHO_F(MHO_SIG);
		memset(m.opt.sig, 0x5a, sig_len);
		m.opt.sig_len = sig_len;
	}
	if (alt != NULL) {
		m.opt.present |= MHO_F(MHO_ALTCOA);
		m.opt.alt_coa = *alt;
	}
	memset(&s, 0, sizeof(s));
	s.src = b->coa;
	s.dst = b->anchor;
	s.hao = hoa;
	s.coa = alt != NULL ? *alt : b->coa;
	s.peer = b->anchor;
	s.sign_key = key;
	if (seal_mh(&m, &s, pkt, sizeof(pkt), &len) == -1 ||
	    ip6_parse(pkt, len, &p) == -1)
		err(1, "building the BU");
	memset(r, 0, sizeof(*r));
	r->src = b->coa;
	r->dst = b->anchor;
	r->psrc = *hoa;
	r->pdst = b->anchor;
	r->nxt = IP6_NXT_DSTOPTS;
	r->extlen = dopt_hao(r->ext, IP6_NXT_MH, hoa);
	memcpy(r->mh, p.payload, p.payload_len);
	r->mhlen = p.payload_len;
}

/* The attacker's own first registration, as good as it gets. */
static void
raw_good(struct raw *r, const struct base *b, struct in6_addr *hoa)
{
	uint8_t params[MH_CGA_PARAMS_MAX];
	size_t plen;

	if (cga_ident_gen(&b->id, b->prefix.s6_addr, 0, hoa, params,
	    sizeof(params), &plen) == -1)
		err(1, "cga");
	raw_bu(r, b, hoa, params, plen, b->id.key, 0, NULL);
}

/* Parameters for key at sec 0 with a random modifier, and their HoA. */
static size_t
params_of(EVP_PKEY *key, const struct base *b, uint8_t *out, size_t cap,
    struct in6_addr *hoa)
{
	struct cga_ident id;
	size_t len;

	memset(&id, 0, sizeof(id));
	id.key = key;
	id.sec = 0;
	if (cga_spki(key, id.spki, sizeof(id.spki), &id.spki_len) == -1 ||
	    auth_random(id.modifier, sizeof(id.modifier)) == -1 ||
	    cga_ident_gen(&id, b->prefix.s6_addr, 0, hoa, out, cap,
	    &len) == -1)
		err(1, "parameters");
	return len;
}

/* Where the option of type t (the nth of them) starts in the MH, or 0. */
static size_t
mh_opt_at(const struct raw *r, uint8_t t, int nth)
{
	size_t off = 12;	/* after a BU's fixed part */

	while (off < r->mhlen) {
		if (r->mh[off] == MHO_PAD1) {
			off++;
			continue;
		}
		if (off + 1 >= r->mhlen)
			break;
		if (r->mh[off] == t && nth-- == 0)
			return off;
		off += 2 + (size_t)r->mh[off + 1];
	}
	return 0;
}

/* Append option octets to the MH, pad it to 8n again and fix Header Len. */
static void
mh_append(struct raw *r, const uint8_t *opt, size_t n)
{
	size_t pad;

	if (r->mhlen + n + 8 > sizeof(r->mh))
		errx(1, "MH too long");
	memcpy(r->mh + r->mhlen, opt, n);
	r->mhlen += n;
	pad = (8 - r->mhlen % 8) % 8;
	if (pad == 1)
		r->mh[r->mhlen] = MHO_PAD1;
	else if (pad > 1) {
		r->mh[r->mhlen] = MHO_PADN;
		r->mh[r->mhlen + 1] = (uint8_t)(pad - 2);
		memset(r->mh + r->mhlen + 2, 0, pad - 2);
	}
	r->mhlen += pad;
	r->mh[1] = (uint8_t)(r->mhlen / 8 - 1);
}

static void
mh_append2(struct raw *r, uint8_t t, uint8_t len, uint8_t fill)
{
	uint8_t o[2 + 255];

	o[0] = t;
	o[1] = len;
	memset(o + 2, fill, len);
	mh_append(r, o, 2 + (size_t)len);
}

static void
set_hao(struct raw *r, const char *a)
{
	addr(a, &r->psrc);
	memcpy(r->ext + 8, &r->psrc, 16);
}

/* The packet on the wire. */
static size_t
raw_build(struct raw *r, uint8_t *out, size_t cap)
{
	size_t len = IP6_HDR_LEN + r->extlen + r->mhlen, plen;
	uint16_t ck;

	if (len > cap)
		errx(1, "packet too long");
	if (!r->keep_cksum && r->mhlen >= MH_CKSUM_OFF + 2) {
		r->mh[MH_CKSUM_OFF] = r->mh[MH_CKSUM_OFF + 1] = 0;
		ck = ip6_cksum(&r->psrc, &r->pdst, IP6_NXT_MH, r->mh,
		    r->mhlen);
		r->mh[MH_CKSUM_OFF] = (uint8_t)(ck >> 8);
		r->mh[MH_CKSUM_OFF + 1] = (uint8_t)ck;
	}
	if (r->cut > 0 && r->cut < len)
		len = r->cut;
	plen = (len > IP6_HDR_LEN ? len - IP6_HDR_LEN : 0) +
	    (size_t)r->plen_delta;
	memset(out, 0, IP6_HDR_LEN);
	out[0] = 0x60;
	out[4] = (uint8_t)(plen >> 8);
	out[5] = (uint8_t)plen;
	out[6] = r->nxt;
	out[7] = 64;
	memcpy(out + 8, &r->src, 16);
	memcpy(out + 24, &r->dst, 16);
	memcpy(out + IP6_HDR_LEN, r->ext, r->extlen);
	memcpy(out + IP6_HDR_LEN + r->extlen, r->mh, r->mhlen);
	return len;
}

/*
 * The cases, by class.  Each starts from the attacker's own valid first
 * registration (case "none", which the DAR accepts) and breaks one thing;
 * the checksum is computed over what is sent unless the case is about it.
 */
static const struct mcase {
	const char	*name;
	const char	*class;
} mcases[] = {
	{ "none", "control" },
	{ "trunc-ip6hdr", "truncated" }, { "trunc-plen", "truncated" },
	{ "trunc-dstopts", "truncated" }, { "trunc-mh-hdr", "truncated" },
	{ "trunc-mh-fixed", "truncated" }, { "trunc-mh-opts", "truncated" },
	{ "hdrlen-mh-long", "header-length" },
	{ "hdrlen-mh-short", "header-length" },
	{ "hdrlen-mh-zero", "header-length" },
	{ "hdrlen-payload-proto", "header-length" },
	{ "hdrlen-dstopts-long", "header-length" },
	{ "hdrlen-dstopts-short", "header-length" },
	{ "hdrlen-hao", "header-length" },
	{ "over-sig", "overflow" }, { "over-padn", "overflow" },
	{ "over-cga", "overflow" }, { "over-dstopts", "overflow" },
	{ "zero-nonce", "zero-length" }, { "zero-sig", "zero-length" },
	{ "zero-cga", "zero-length" }, { "zero-bad", "zero-length" },
	{ "zero-altcoa", "zero-length" },
	{ "dup-nonce", "duplicate" }, { "dup-sig", "duplicate" },
	{ "dup-altcoa", "duplicate" }, { "dup-bad", "duplicate" },
	{ "dup-cga", "duplicate" }, { "dup-hao", "duplicate" },
	{ "dup-dstopts", "duplicate" },
	{ "cksum-flip", "checksum" }, { "cksum-zero", "checksum" },
	{ "cksum-coa", "checksum" }, { "cksum-dst", "checksum" },
	{ "hao-multicast", "hao-address" }, { "hao-loopback", "hao-address" },
	{ "hao-unspec", "hao-address" }, { "hao-linklocal", "hao-address" },
	{ "hao-v4mapped", "hao-address" }, { "hao-sitelocal", "hao-address" },
	{ "hao-foreign", "hao-address" }, { "hao-anchor", "hao-address" },
	{ "nohao-away", "no-hao" }, { "nohao-onlink", "no-hao" },
	{ "nohao-home-reg", "no-hao" },
	{ "cga-oversize", "cga-params" }, { "cga-split", "cga-params" },
	{ "cga-prefix", "cga-params" }, { "cga-modifier", "cga-params" },
	{ "cga-cc", "cga-params" }, { "cga-der", "cga-params" },
	{ "cga-ext", "cga-params" }, { "cga-key", "cga-params" },
	{ "cga-none", "cga-params" },
	{ "policy-small-key", "policy" }, { "policy-big-key", "policy" },
	{ "policy-not-rsa", "policy" }, { "policy-sec0", "policy" },
	{ "policy-sec3", "policy" }, { "policy-sec7", "policy" },
};

/* Parameters with one octet changed at off, for the base's HoA. */
static void
cga_tweak(struct raw *r, const struct base *b, size_t off, uint8_t x)
{
	uint8_t params[MH_CGA_PARAMS_MAX];
	struct in6_addr hoa;
	size_t plen;

	if (cga_ident_gen(&b->id, b->prefix.s6_addr, 0, &hoa, params,
	    sizeof(params), &plen) == -1)
		err(1, "cga");
	params[off] ^= x;
	raw_bu(r, b, &hoa, params, plen, b->id.key, 0, NULL);
}

/* Parameters that verify up to the key, and a Sec forced into the HoA. */
static void
policy_case(struct raw *r, const struct base *b, EVP_PKEY *key,
    unsigned sec)
{
	uint8_t params[MH_CGA_PARAMS_MAX];
	struct in6_addr hoa;
	size_t plen, siglen;

	plen = params_of(key, b, params, sizeof(params), &hoa);
	/* RFC 3972 §5: Hash1 leaves out the Sec bits: any Sec is that
	 * address's; Sec 0 needs no Hash2 zeros. */
	hoa.s6_addr[8] = (uint8_t)((hoa.s6_addr[8] & 0x1f) | sec << 5);
	siglen = auth_sig_len(key);
	if (siglen > 0 && siglen <= MH_OPT_DATA_MAX)
		raw_bu(r, b, &hoa, params, plen, key, 0, NULL);
	else
		raw_bu(r, b, &hoa, params, plen, NULL, 128, NULL);
}

static void
mutate(const char *name, struct raw *r, struct base *b)
{
	uint8_t o[64], params[RAW_MAX];
	struct in6_addr hoa, x;
	size_t at, plen, i;

	memset(&x, 0, sizeof(x));

	raw_good(r, b, &hoa);
	if (strcmp(name, "none") == 0)
		return;
	/* truncated */
	if (strcmp(name, "trunc-ip6hdr") == 0) {
		r->nxt = IP6_NXT_MH;
		r->extlen = 0;
		r->cut = 30;
		r->needs_link = true;
	} else if (strcmp(name, "trunc-plen") == 0) {
		r->plen_delta = 64;
		r->needs_link = true;
	} else if (strcmp(name, "trunc-dstopts") == 0)
		r->cut = IP6_HDR_LEN + 10;
	else if (strcmp(name, "trunc-mh-hdr") == 0)
		r->cut = IP6_HDR_LEN + r->extlen + 4;
	else if (strcmp(name, "trunc-mh-fixed") == 0) {
		r->mhlen = 8;
		r->mh[1] = 0;
	} else if (strcmp(name, "trunc-mh-opts") == 0)
		r->mhlen -= 24;
	/* header lengths */
	else if (strcmp(name, "hdrlen-mh-long") == 0)
		r->mh[1]++;
	else if (strcmp(name, "hdrlen-mh-short") == 0)
		r->mh[1]--;
	else if (strcmp(name, "hdrlen-mh-zero") == 0)
		r->mh[1] = 0;
	else if (strcmp(name, "hdrlen-payload-proto") == 0)
		r->mh[0] = 6;
	else if (strcmp(name, "hdrlen-dstopts-long") == 0)
		r->ext[1] = 200;
	else if (strcmp(name, "hdrlen-dstopts-short") == 0)
		r->ext[1] = 1;
	else if (strcmp(name, "hdrlen-hao") == 0)
		r->ext[7] = 15;
	/* options overflowing their header */
	else if (strcmp(name, "over-sig") == 0) {
		if ((at = mh_opt_at(r, MHO_SIG, 0)) == 0)
			errx(1, "no signature");
		r->mh[at + 1] = 255;
	} else if (strcmp(name, "over-padn") == 0) {
		o[0] = MHO_PADN;
		o[1] = 100;
		memset(o + 2, 0, 6);
		mh_append(r, o, 8);
	} else if (strcmp(name, "over-cga") == 0) {
		o[0] = MHO_CGA;
		o[1] = 255;
		memset(o + 2, 0, 6);
		mh_append(r, o, 8);
	} else if (strcmp(name, "over-dstopts") == 0)
		r->ext[3] = 30;
	/* zero-length options */
	else if (strcmp(name, "zero-nonce") == 0)
		mh_append2(r, MHO_NONCE, 0, 0);
	else if (strcmp(name, "zero-sig") == 0)
		mh_append2(r, MHO_SIG, 0, 0);
	else if (strcmp(name, "zero-cga") == 0)
		mh_append2(r, MHO_CGA, 0, 0);
	else if (strcmp(name, "zero-bad") == 0)
		mh_append2(r, MHO_BAD, 0, 0);
	else if (strcmp(name, "zero-altcoa") == 0)
		mh_append2(r, MHO_ALTCOA, 0, 0);
	/* duplicated options and headers */
	else if (strcmp(name, "dup-nonce") == 0) {
		mh_append2(r, MHO_NONCE, 4, 0);
		mh_append2(r, MHO_NONCE, 4, 0);
	} else if (strcmp(name, "dup-sig") == 0) {
		if ((at = mh_opt_at(r, MHO_SIG, 0)) == 0)
			errx(1, "no signature");
		memcpy(params, r->mh + at, 2 + (size_t)r->mh[at + 1]);
		mh_append(r, params, 2 + (size_t)params[1]);
	} else if (strcmp(name, "dup-altcoa") == 0) {
		mh_append2(r, MHO_ALTCOA, 16, 0x20);
		mh_append2(r, MHO_ALTCOA, 16, 0x20);
	} else if (strcmp(name, "dup-bad") == 0) {
		mh_append2(r, MHO_NONCE, 4, 0);
		mh_append2(r, MHO_BAD, MH_AUTH_LEN, 0x11);
		mh_append2(r, MHO_BAD, MH_AUTH_LEN, 0x11);
	} else if (strcmp(name, "dup-cga") == 0) {
		if ((at = mh_opt_at(r, MHO_CGA, 0)) == 0)
			errx(1, "no CGA Parameters");
		memcpy(params, r->mh + at, 2 + (size_t)r->mh[at + 1]);
		mh_append(r, params, 2 + (size_t)params[1]);
	} else if (strcmp(name, "dup-hao") == 0) {
		/* two HAOs in one header: 2 + (4 + 18) * 2 = 46, then 2 */
		memcpy(&x, r->ext + 8, 16);
		r->ext[1] = 5;
		for (i = 0; i < 2; i++) {
			uint8_t *h = r->ext + 2 + 22 * i;

			h[0] = 1;
			h[1] = 2;
			h[2] = h[3] = 0;
			h[4] = IP6_OPT_HAO;
			h[5] = 16;
			memcpy(h + 6, &x, 16);
		}
		r->ext[46] = 1;		/* PadN, 0 octets */
		r->ext[47] = 0;
		r->extlen = 48;
	} else if (strcmp(name, "dup-dstopts") == 0) {
		memcpy(&x, r->ext + 8, 16);
		r->extlen = dopt_hao(r->ext, IP6_NXT_DSTOPTS, &x);
		r->extlen += dopt_hao(r->ext + r->extlen, IP6_NXT_MH, &x);
	}
	/* checksums */
	else if (strcmp(name, "cksum-flip") == 0) {
		raw_build(r, params, sizeof(params));
		r->mh[MH_CKSUM_OFF] ^= 0x01;
		r->keep_cksum = true;
	} else if (strcmp(name, "cksum-zero") == 0) {
		r->mh[MH_CKSUM_OFF] = r->mh[MH_CKSUM_OFF + 1] = 0;
		r->keep_cksum = true;
	} else if (strcmp(name, "cksum-coa") == 0)
		r->psrc = r->src;	/* RFC 6275: the HoA, not the CoA */
	else if (strcmp(name, "cksum-dst") == 0)
		r->pdst = hoa;
	/* the Home Address option's address */
	else if (strcmp(name, "hao-multicast") == 0)
		set_hao(r, "ff02::1");
	else if (strcmp(name, "hao-loopback") == 0)
		set_hao(r, "::1");
	else if (strcmp(name, "hao-unspec") == 0)
		set_hao(r, "::");
	else if (strcmp(name, "hao-linklocal") == 0)
		set_hao(r, "fe80::1");
	else if (strcmp(name, "hao-v4mapped") == 0)
		set_hao(r, "::ffff:192.0.2.1");
	else if (strcmp(name, "hao-sitelocal") == 0)
		set_hao(r, "fec0::1");
	else if (strcmp(name, "hao-foreign") == 0)
		set_hao(r, "2001:db8:9::1");
	else if (strcmp(name, "hao-anchor") == 0) {
		r->psrc = b->anchor;
		memcpy(r->ext + 8, &b->anchor, 16);
	}
	/* no Home Address option */
	else if (strcmp(name, "nohao-away") == 0) {
		r->nxt = IP6_NXT_MH;
		r->extlen = 0;
		/* from away: a source of the prefix would be a home */
		if (memcmp(&r->src, &b->prefix, CGA_PREFIX_LEN) == 0)
			addr("2001:db8:9::66", &r->src);
		r->psrc = r->src;
	} else if (strcmp(name, "nohao-onlink") == 0) {
		/* from an address of the prefix that is not the CGA */
		r->nxt = IP6_NXT_MH;
		r->extlen = 0;
		r->src = b->prefix;
		r->src.s6_addr[15] = 0x77;
		r->psrc = r->src;
	} else if (strcmp(name, "nohao-home-reg") == 0) {
		/* from the HoA itself, registering another care-of address */
		x = b->coa;
		if (cga_ident_gen(&b->id, b->prefix.s6_addr, 0, &hoa, params,
		    sizeof(params), &plen) == -1)
			err(1, "cga");
		raw_bu(r, b, &hoa, params, plen, b->id.key, 0, &x);
		r->nxt = IP6_NXT_MH;
		r->extlen = 0;
		r->src = hoa;
		r->psrc = hoa;
	}
	/* CGA Parameters */
	else if (strcmp(name, "cga-oversize") == 0) {
		/* MH_CGA_PARAMS_MAX + 1 octets in five options */
		raw_bu(r, b, &hoa, NULL, 0, b->id.key, 0, NULL);
		for (i = 0; i < 4; i++)
			mh_append2(r, MHO_CGA, 255, 0x33);
		mh_append2(r, MHO_CGA, 1, 0x33);
	} else if (strcmp(name, "cga-split") == 0) {
		/* a full option, padding, then the rest */
		raw_bu(r, b, &hoa, NULL, 0, b->id.key, 0, NULL);
		mh_append2(r, MHO_CGA, 255, 0x33);
		mh_append2(r, MHO_PADN, 1, 0);
		mh_append2(r, MHO_CGA, 10, 0x33);
	} else if (strcmp(name, "cga-prefix") == 0)
		cga_tweak(r, b, CGA_MODIFIER_LEN, 0x01);
	else if (strcmp(name, "cga-modifier") == 0)
		cga_tweak(r, b, 0, 0x80);
	else if (strcmp(name, "cga-cc") == 0)
		cga_tweak(r, b, CGA_MODIFIER_LEN + CGA_PREFIX_LEN, 0x03);
	else if (strcmp(name, "cga-der") == 0)
		/* the key's DER length, one more than there is */
		cga_tweak(r, b, CGA_FIXED_LEN + 2, 0x01);
	else if (strcmp(name, "cga-ext") == 0) {
		/* an RFC 4581 extension field longer than what follows */
		if (cga_ident_gen(&b->id, b->prefix.s6_addr, 0, &hoa, params,
		    sizeof(params), &plen) == -1)
			err(1, "cga");
		memcpy(params + plen, "\x00\x01\x00\x10", 4);
		raw_bu(r, b, &hoa, params, plen + 4, b->id.key, 0, NULL);
	} else if (strcmp(name, "cga-key") == 0) {
		/* a DER SEQUENCE of garbage where the key goes, and the HoA
		 * those parameters make */
		struct cga_params cp;
		uint8_t junk[140];

		memset(&cp, 0, sizeof(cp));
		memset(junk, 0x41, sizeof(junk));
		junk[0] = 0x30;
		junk[1] = 0x81;
		junk[2] = sizeof(junk) - 3;
		memcpy(cp.prefix, b->prefix.s6_addr, CGA_PREFIX_LEN);
		cp.pk = junk;
		cp.pk_len = sizeof(junk);
		if (cga_params_encode(&cp, params, sizeof(params), &plen) ==
		    -1 || cga_addr(&cp, 0, &hoa) == -1)
			err(1, "parameters");
		raw_bu(r, b, &hoa, params, plen, NULL, 128, NULL);
	} else if (strcmp(name, "cga-none") == 0)
		/* a Signature without CGA Parameters */
		raw_bu(r, b, &hoa, NULL, 0, b->id.key, 0, NULL);
	/* key sizes and Sec values outside the policy */
	else if (strncmp(name, "policy-", 7) == 0) {
		if (strcmp(name, "policy-sec0") == 0)
			policy_case(r, b, b->id.key, 0);
		else if (strcmp(name, "policy-sec3") == 0)
			policy_case(r, b, b->id.key, 3);
		else if (strcmp(name, "policy-sec7") == 0)
			policy_case(r, b, b->id.key, 7);
		else if (b->other == NULL)
			errx(2, "%s needs --other-key", name);
		else
			policy_case(r, b, b->other, 0);
	} else
		errx(2, "no case %s (mhtool mutate --list)", name);
}

/* Send on AF_PACKET to mac out of ifname: what IPPROTO_RAW would fix. */
static void
send_link(const char *ifname, const char *mac, const uint8_t *pkt,
    size_t len)
{
	struct sockaddr_ll sll;
	unsigned v[6];
	int fd, i;

	if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5]) != 6)
		errx(2, "bad MAC %s", mac);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	if ((sll.sll_ifindex = (int)if_nametoindex(ifname)) == 0)
		err(1, "%s", ifname);
	sll.sll_halen = 6;
	for (i = 0; i < 6; i++)
		sll.sll_addr[i] = (uint8_t)v[i];
	if ((fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IPV6))) == -1)
		err(1, "AF_PACKET");
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&sll,
	    sizeof(sll)) != (ssize_t)len)
		err(1, "send");
	close(fd);
}

static int
cmd_mutate(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "key", 1, NULL, 'k' }, { "anchor", 1, NULL, 'a' },
		{ "coa", 1, NULL, 'c' }, { "prefix", 1, NULL, 'p' },
		{ "other-key", 1, NULL, 'o' }, { "via", 1, NULL, 'v' },
		{ "mac", 1, NULL, 'm' }, { "list", 0, NULL, 'l' },
		{ "out", 1, NULL, 'O' }, { NULL, 0, NULL, 0 }
	};
	const char *key = NULL, *via = NULL, *mac = NULL, *out = NULL, *name;
	static struct raw r;
	struct base b;
	uint8_t pkt[RAW_MAX];
	size_t len, i;
	int c;

	memset(&b, 0, sizeof(b));
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 'a': addr(optarg, &b.anchor); break;
		case 'c': addr(optarg, &b.coa); break;
		case 'p': addr(optarg, &b.prefix); break;
		case 'o': b.other = load_pem(optarg); break;
		case 'v': via = optarg; break;
		case 'm': mac = optarg; break;
		case 'O': out = optarg; break;
		case 'l':
			for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++)
				printf("%s %s\n", mcases[i].class,
				    mcases[i].name);
			return 0;
		default: errx(2, "bad option");
		}
	}
	if (optind != argc - 1 || key == NULL)
		errx(2, "mutate CASE --key FILE --anchor A --coa C --prefix P");
	name = argv[optind];
	load(key, &b.id, 1);
	mutate(name, &r, &b);
	len = raw_build(&r, pkt, sizeof(pkt));
	if (out != NULL) {
		FILE *f;

		if ((f = fopen(out, "wb")) == NULL ||
		    fwrite(pkt, 1, len, f) != len || fclose(f) != 0)
			err(1, "%s", out);
	} else if (via != NULL && mac != NULL)
		send_link(via, mac, pkt, len);
	else if (r.needs_link)
		errx(2, "%s needs --via and --mac", name);
	else {
		if ((tx = sig_tx_open()) == -1)
			err(1, "raw socket");
		/* the kernel writes the Payload Length itself here */
		if (sig_send(tx, pkt, len) == -1)
			err(1, "send");
		close(tx);
	}
	printf("sent %s %zu\n", name, len);
	EVP_PKEY_free(b.id.key);
	EVP_PKEY_free(b.other);
	return 0;
}

/* --- a flood of signed first registrations -------------------------------- */

static int
cmd_flood(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "key", 1, NULL, 'k' }, { "anchor", 1, NULL, 'a' },
		{ "prefix", 1, NULL, 'p' }, { "src-prefix", 1, NULL, 'S' },
		{ "sources", 1, NULL, 'n' }, { "count", 1, NULL, 'c' },
		{ "seconds", 1, NULL, 's' }, { "rate", 1, NULL, 'r' },
		{ "bad-sig", 0, NULL, 'b' }, { NULL, 0, NULL, 0 }
	};
	const char *key = NULL;
	struct base b;
	struct in6_addr srcp, hoa;
	uint8_t (*pkts)[SEAL_PKT_MAX], params[MH_CGA_PARAMS_MAX];
	size_t *lens, plen;
	static struct raw r;
	long nsrc = 64, count = 512, secs = 5, rate = 0, i, sent = 0, fails = 0;
	bool badsig = false;
	uint64_t t0, end, next;
	int c;

	memset(&b, 0, sizeof(b));
	memset(&srcp, 0, sizeof(srcp));
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 'a': addr(optarg, &b.anchor); break;
		case 'p': addr(optarg, &b.prefix); break;
		case 'S': addr(optarg, &srcp); break;
		case 'n': nsrc = atol(optarg); break;
		case 'c': count = atol(optarg); break;
		case 's': secs = atol(optarg); break;
		case 'r': rate = atol(optarg); break;
		case 'b': badsig = true; break;
		default: errx(2, "bad option");
		}
	}
	if (key == NULL || nsrc < 1 || nsrc > 65536 || count < 1)
		errx(2, "flood --key FILE --anchor A --prefix P --src-prefix S");
	load(key, &b.id, 1);
	if ((pkts = calloc((size_t)count, sizeof(*pkts))) == NULL ||
	    (lens = calloc((size_t)count, sizeof(*lens))) == NULL)
		err(1, "memory");
	t0 = now_ms();
	for (i = 0; i < count; i++) {
		/* source i: the /64 number i mod N of the /48, host ::1 */
		b.coa = srcp;
		b.coa.s6_addr[6] = (uint8_t)((i % nsrc) >> 8);
		b.coa.s6_addr[7] = (uint8_t)(i % nsrc);
		b.coa.s6_addr[15] = 1;
		plen = params_of(b.id.key, &b, params, sizeof(params), &hoa);
		raw_bu(&r, &b, &hoa, params, plen, b.id.key, 0, NULL);
		if (badsig) {
			size_t at = mh_opt_at(&r, MHO_SIG, 0);

			if (at == 0)
				errx(1, "no signature");
			r.mh[at + 2] ^= 0x01;
		}
		lens[i] = raw_build(&r, pkts[i], sizeof(pkts[i]));
	}
	printf("flood: %ld BUs from %ld /64s built in %llu ms\n", count, nsrc,
	    (unsigned long long)(now_ms() - t0));
	if ((tx = sig_tx_open()) == -1)
		err(1, "raw socket");
	t0 = now_us();
	end = t0 + (uint64_t)secs * 1000000;
	next = t0;
	for (i = 0; now_us() < end; i = (i + 1) % count) {
		if (rate > 0) {
			uint64_t t;

			next += 1000000 / (uint64_t)rate;
			while ((t = now_us()) < next) {
				struct timespec ts = { 0, (long)(next - t) *
				    1000 };

				nanosleep(&ts, NULL);
			}
		}
		if (sig_send(tx, pkts[i], lens[i]) == -1)
			fails++;
		else
			sent++;
	}
	printf("flood: sent %ld in %llu ms (%ld/s), %ld refused by the "
	    "kernel\n", sent, (unsigned long long)((now_us() - t0) / 1000),
	    (long)((uint64_t)sent * 1000000 / (now_us() - t0)), fails);
	close(tx);
	free(pkts);
	free(lens);
	EVP_PKEY_free(b.id.key);
	return 0;
}

/* --- captures and replays ------------------------------------------------- */

static int
cmd_capture(int argc, char **argv)
{
	uint64_t end;
	uint8_t buf[2048];
	struct sig_info si;
	struct ip6_pkt pk;
	static struct mh_msg m;
	struct pollfd p;
	size_t len;
	uint8_t type = MH_BU;
	FILE *f;

	if (argc != 4 && argc != 5)
		errx(2, "capture IFNAME TIMEOUT_MS FILE [bu|ba]");
	if (argc == 5 && strcmp(argv[4], "ba") == 0)
		type = MH_BA;
	else if (argc == 5 && strcmp(argv[4], "bu") != 0)
		errx(2, "capture bu or ba");
	if ((rx = sig_rx_open(if_nametoindex(argv[1]))) == -1)
		err(1, "socket");
	printf("ready\n");
	fflush(stdout);
	end = now_ms() + (uint64_t)atoi(argv[2]);
	p.fd = rx;
	p.events = POLLIN;
	while (now_ms() < end) {
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			continue;
		while (sig_recv(rx, buf, sizeof(buf), &len, &si) == 0) {
			/* a BU comes with a HAO, a BA with an RH2 */
			if (ip6_parse(buf, len, &pk) == -1 ||
			    pk.nxt != IP6_NXT_MH ||
			    mh_decode(pk.payload, pk.payload_len, &m) == -1 ||
			    m.type != type ||
			    (type == MH_BU ? !pk.has_hao : !pk.has_rh2))
				continue;
			if ((f = fopen(argv[3], "wb")) == NULL ||
			    fwrite(buf, 1, len, f) != len || fclose(f) != 0)
				err(1, "%s", argv[3]);
			printf("captured seq %u\n", m.seq);
			return 0;
		}
	}
	printf("nothing\n");
	return 1;
}

static int
cmd_replay(int argc, char **argv)
{
	static struct mh_msg r;
	uint8_t buf[2048];
	struct ip6_pkt pk;
	size_t len;
	FILE *f;

	if (argc != 2 && !(argc == 3 && strcmp(argv[2], "--no-wait") == 0))
		errx(2, "replay FILE [--no-wait]");
	if ((f = fopen(argv[1], "rb")) == NULL)
		err(1, "%s", argv[1]);
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (ip6_parse(buf, len, &pk) == -1)
		errx(1, "not a packet");
	sockets();
	if (sig_send(tx, buf, len) == -1)
		err(1, "send");
	if (argc == 3) {
		printf("sent\n");
		return 0;
	}
	if (await(MH_BA, &pk.dst, &r, WAIT_MS) == -1) {
		printf("no answer\n");
		return 1;
	}
	printf("status %u seq %u lifetime %u\n", r.status, r.seq, r.lifetime);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "bu") == 0)
		return cmd_bu(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "mutate") == 0)
		return cmd_mutate(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "flood") == 0)
		return cmd_flood(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "capture") == 0)
		return cmd_capture(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "replay") == 0)
		return cmd_replay(argc - 1, argv + 1);
	fprintf(stderr, "usage: mhtool bu|mutate|flood|capture|replay ...\n");
	return 2;
}

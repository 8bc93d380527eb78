// SPDX-License-Identifier: GPL-2.0-only
/* Test driver: Binding Updates crafted with fama's own builders (for the
 * daemon tests' attacks and negative cases), captures and replays.
 *   mhtool bu --key FILE --anchor A --coa C (--prefix P | --hoa H)
 *         [--seq N] [--lifetime UNITS] [--sign-key FILE] [--alt-coa X]
 *         [--rr] [--no-wait]
 *     sends a signed first-registration BU for the CGA of the key on P
 *     (or claiming H), waits for the BA and prints
 *     "status S seq N lifetime L".
 *   mhtool capture IFNAME TIMEOUT_MS FILE   the first BU seen, to FILE
 *   mhtool replay FILE                      send it again, print the BA
 * Exit 0 when a BA (or the capture) came, 1 otherwise. */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int
cmd_bu(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "key", 1, NULL, 'k' }, { "anchor", 1, NULL, 'a' },
		{ "coa", 1, NULL, 'c' }, { "prefix", 1, NULL, 'p' },
		{ "hoa", 1, NULL, 'H' }, { "seq", 1, NULL, 's' },
		{ "lifetime", 1, NULL, 'l' }, { "sign-key", 1, NULL, 'S' },
		{ "alt-coa", 1, NULL, 'A' }, { "rr", 0, NULL, 'r' },
		{ "no-wait", 0, NULL, 'n' }, { NULL, 0, NULL, 0 }
	};
	const char *key = NULL, *signkey = NULL;
	struct in6_addr anchor, coa, prefix, hoa, alt;
	bool has_prefix = false, has_hoa = false, has_alt = false, rr = false;
	bool wait = true;
	static struct mh_msg m, r;
	struct cga_ident id, sid;
	uint8_t pkt[SEAL_PKT_MAX], kbm[AUTH_KBM_LEN];
	struct seal s;
	size_t len;
	int c, seq = 1, life = 150;

	memset(&anchor, 0, sizeof(anchor));
	memset(&coa, 0, sizeof(coa));
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
			return 1;
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
	s.sign_key = signkey != NULL ? load(signkey, &sid, 0) : id.key;
	if (seal_mh(&m, &s, pkt, sizeof(pkt), &len) == -1 ||
	    sig_send(tx, pkt, len) == -1)
		err(1, "BU");
	if (!wait)
		return 0;
	if (await(MH_BA, &anchor, &r, WAIT_MS) == -1) {
		printf("no answer\n");
		return 1;
	}
	printf("status %u seq %u lifetime %u\n", r.status, r.seq, r.lifetime);
	return 0;
}

static int
cmd_capture(int argc, char **argv)
{
	uint64_t end;
	uint8_t buf[2048];
	struct sig_info si;
	struct ip6_pkt pk;
	struct mh_msg *m = malloc(sizeof(*m));
	struct pollfd p;
	size_t len;
	FILE *f;

	if (argc != 4 || m == NULL)
		errx(2, "capture IFNAME TIMEOUT_MS FILE");
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
			if (ip6_parse(buf, len, &pk) == -1 ||
			    pk.nxt != IP6_NXT_MH ||
			    mh_decode(pk.payload, pk.payload_len, m) == -1 ||
			    m->type != MH_BU || !pk.has_hao)
				continue;
			if ((f = fopen(argv[3], "wb")) == NULL ||
			    fwrite(buf, 1, len, f) != len || fclose(f) != 0)
				err(1, "%s", argv[3]);
			printf("captured seq %u\n", m->seq);
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

	if (argc != 2)
		errx(2, "replay FILE");
	if ((f = fopen(argv[1], "rb")) == NULL)
		err(1, "%s", argv[1]);
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (ip6_parse(buf, len, &pk) == -1)
		errx(1, "not a packet");
	sockets();
	if (sig_send(tx, buf, len) == -1)
		err(1, "send");
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
	if (argc >= 2 && strcmp(argv[1], "capture") == 0)
		return cmd_capture(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "replay") == 0)
		return cmd_replay(argc - 1, argv + 1);
	fprintf(stderr, "usage: mhtool bu|capture|replay ...\n");
	return 2;
}

// SPDX-License-Identifier: GPL-2.0-only
/* Wire check: every message fama can emit, built by the same code the
 * daemons use (seal_mh, nd_*_encode, ip6_build), written to a pcap and
 * decoded by tshark: no malformed packet, no expert error, and the fields
 * tshark shows equal to what was encoded. */
#include <arpa/inet.h>
#include <check.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/auth.h"
#include "proto/buf.h"
#include "proto/cga.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/nd.h"
#include "proto/seal.h"
#include "tests/pcap.h"
#include "tests/testlib.h"

/* The fields compared, in this order, tab-separated in tshark's output. */
static const char *fields[] = {
	"ipv6.src",				/*  0 */
	"ipv6.dst",				/*  1 */
	"ipv6.opt.mipv6.home_address",		/*  2 */
	"ipv6.routing.type",			/*  3 */
	"ipv6.routing.segleft",			/*  4 */
	"ipv6.routing.mipv6.home_address",	/*  5 */
	"mip6.proto",				/*  6 */
	"mip6.hlen",				/*  7 */
	"mip6.mhtype",				/*  8 */
	"mip6.bu.seqnr",			/*  9 */
	"mip6.bu.a_flag",			/* 10 */
	"mip6.bu.h_flag",			/* 11 */
	"mip6.bu.k_flag",			/* 12 */
	"mip6.bu.lifetime",			/* 13 */
	"mip6.ba.status",			/* 14 */
	"mip6.ba.seqnr",			/* 15 */
	"mip6.ba.lifetime",			/* 16 */
	"mip6.be.status",			/* 17 */
	"mip6.be.haddr",			/* 18 */
	"mip6.coti.cookie",			/* 19 */
	"mip6.cot.nindex",			/* 20 */
	"mip6.cot.cookie",			/* 21 */
	"mip6.ni.hni",				/* 22 */
	"mip6.ni.cni",				/* 23 */
	"mip6.bad.auth",			/* 24 */
	"mip6.bra.interval",			/* 25 */
	"mip6.hoti.cookie",			/* 26 */
	"mip6.hot.nindex",			/* 27 */
	"mip6.hot.cookie",			/* 28 */
	"icmpv6.type",				/* 29 */
	"icmpv6.nd.ra.flag.h",			/* 30 */
	"icmpv6.opt.prefix",			/* 31 */
	"icmpv6.opt.prefix.flag.r",		/* 32 */
	"icmpv6.opt.advertisement_interval",/* 33 */
	"icmpv6.checksum.status",		/* 34 */
	"mip6.acoa.acoa",			/* 35 */
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))
#define NPKT	20

struct expect {
	char		*want[NFIELDS];	/* NULL: must be empty */
	uint8_t		 pkt[SEAL_PKT_MAX];
	size_t		 len;
	/* raw option bytes to find in the packet (tshark 4.0 shows the
	 * RFC 4866 option values two octets short: compare raw bytes) */
	uint8_t		 raw[MH_CGA_PARAMS_MAX + 2];
	size_t		 rawlen;
};

static struct expect E[NPKT];
static size_t nexp;
static EVP_PKEY *key1024, *key2040;
static struct cga_ident id;

static struct in6_addr
ip(const char *s)
{
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static void
want(struct expect *e, size_t f, const char *fmt, ...)
{
	va_list ap;

	ck_assert_uint_lt(f, NFIELDS);
	free(e->want[f]);
	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&e->want[f], fmt, ap), 0);
	va_end(ap);
}

static void
want_hex(struct expect *e, size_t f, const uint8_t *b, size_t n)
{
	char s[2 * 64 + 1];
	size_t i;

	ck_assert_uint_le(n, 64);
	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	s[2 * n] = '\0';
	want(e, f, "%s", s);
}

/* tshark shows cookies as 64-bit numbers. */
static void
want_cookie(struct expect *e, size_t f, const uint8_t *b)
{
	char s[2 * 8 + 1];
	size_t i;

	for (i = 0; i < 8; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	want(e, f, "0x%s", s);
}

static void
want_addr(struct expect *e, size_t f, const struct in6_addr *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, a, s, sizeof(s));
	want(e, f, "%s", s);
}

/* The fields every MH packet has. */
static struct expect *
expect_mh(const struct seal *s, const struct mh_msg *m, const uint8_t *pkt,
    size_t len)
{
	struct expect *e;
	struct ip6_pkt p;

	ck_assert_uint_lt(nexp, NPKT);
	e = &E[nexp++];
	memcpy(e->pkt, pkt, len);
	e->len = len;
	ck_assert_int_eq(ip6_parse(pkt, len, &p), 0);
	ck_assert(ip6_mh_cksum_ok(&p));
	want_addr(e, 0, &s->src);
	want_addr(e, 1, &s->dst);
	if (s->hao != NULL)
		want_addr(e, 2, s->hao);
	if (s->rh2 != NULL) {
		want(e, 3, "2");
		want(e, 4, "1");
		want_addr(e, 5, s->rh2);
	}
	want(e, 6, "59");
	want(e, 7, "%zu", p.payload_len / 8 - 1);
	want(e, 8, "%u", m->type);
	if (m->opt.present & MHO_F(MHO_NONCE)) {
		want(e, 22, "%u", m->opt.home_nonce_idx);
		want(e, 23, "%u", m->opt.careof_nonce_idx);
	}
	if (m->opt.present & MHO_F(MHO_BAD))
		want_hex(e, 24, m->opt.auth, sizeof(m->opt.auth));
	if (m->opt.present & MHO_F(MHO_BRA))
		want(e, 25, "%u", m->opt.refresh);
	if (m->opt.present & MHO_F(MHO_ALTCOA))
		want_addr(e, 35, &m->opt.alt_coa);
	return e;
}

static void
expect_raw(struct expect *e, uint8_t type, const uint8_t *v, size_t n)
{
	ck_assert_uint_le(n, 255);
	e->raw[0] = type;
	e->raw[1] = (uint8_t)n;
	memcpy(e->raw + 2, v, n);
	e->rawlen = n + 2;
}

static EVP_PKEY *
load_key(const char *name)
{
	char path[256];
	EVP_PKEY *k;
	FILE *f;

	snprintf(path, sizeof(path), "tests/vectors/%s", name);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(k);
	return k;
}

static EVP_PKEY *
gen_key(unsigned bits)
{
	EVP_PKEY *k = EVP_RSA_gen(bits);

	ck_assert_ptr_nonnull(k);
	return k;
}

static void
bu_base(struct mh_msg *m, uint16_t seq, uint16_t life)
{
	memset(m, 0, sizeof(*m));
	m->type = MH_BU;
	m->flags = MH_BU_A | MH_BU_H;
	m->seq = seq;
	m->lifetime = life;
}

static void
add_bu(struct mh_msg *m, struct seal *s)
{
	uint8_t pkt[SEAL_PKT_MAX];
	struct expect *e;
	size_t len;

	ck_assert_int_eq(seal_mh(m, s, pkt, sizeof(pkt), &len), 0);
	e = expect_mh(s, m, pkt, len);
	want(e, 9, "%u", m->seq);
	want(e, 10, "%s", (m->flags & MH_BU_A) ? "1" : "0");
	want(e, 11, "%s", (m->flags & MH_BU_H) ? "1" : "0");
	want(e, 12, "%s", (m->flags & MH_BU_K) ? "1" : "0");
	want(e, 13, "%u", m->lifetime);
	if (m->opt.present & MHO_F(MHO_SIG))
		expect_raw(e, MHO_SIG, m->opt.sig, m->opt.sig_len);
	else if (m->opt.present & MHO_F(MHO_CGA))
		expect_raw(e, MHO_CGA, m->opt.cga_params,
		    m->opt.cga_params_len > 255 ? 255 :
		    m->opt.cga_params_len);
}

static void
add_ba(struct mh_msg *m, struct seal *s)
{
	uint8_t pkt[SEAL_PKT_MAX];
	struct expect *e;
	size_t len;

	ck_assert_int_eq(seal_mh(m, s, pkt, sizeof(pkt), &len), 0);
	e = expect_mh(s, m, pkt, len);
	want(e, 14, "%u", m->status);
	want(e, 15, "%u", m->seq);
	want(e, 16, "%u", m->lifetime);
	if (m->opt.present & MHO_F(MHO_PHKT))
		expect_raw(e, MHO_PHKT, m->opt.phkt, m->opt.phkt_len);
}

static void
add_icmp(const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *msg, size_t n)
{
	struct expect *e;
	struct ip6_pkt p;
	uint8_t body[1024];

	ck_assert_uint_le(n, sizeof(body));
	memcpy(body, msg, n);
	put_u16(body + 2, 0);
	put_u16(body + 2, ip6_cksum(src, dst, IP6_NXT_ICMPV6, body, n));
	memset(&p, 0, sizeof(p));
	p.src = *src;
	p.dst = *dst;
	p.hlim = 255;
	p.nxt = IP6_NXT_ICMPV6;
	p.payload = body;
	p.payload_len = n;
	ck_assert_uint_lt(nexp, NPKT);
	e = &E[nexp++];
	ck_assert_int_eq(ip6_build(&p, e->pkt, sizeof(e->pkt), &e->len), 0);
	want_addr(e, 0, src);
	want_addr(e, 1, dst);
	want(e, 29, "%u", body[0]);
	want(e, 34, "1");		/* PROTO_CHECKSUM_E_GOOD */
}

/* Every message type fama emits, with the options it uses. */
static void
build_all(void)
{
	struct in6_addr hoa1, hoa_big, coa = ip("2001:db8:2::a1"),
	    anchor = ip("2001:db8:1::1"), a2 = ip("2001:db8:2::1");
	uint8_t params[CGA_FIXED_LEN + CGA_SPKI_MAX], kbm[AUTH_KBM_LEN];
	uint8_t phkt[AUTH_PHKT_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t prefix[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0 };
	uint8_t msg[512];
	size_t plen, bplen, n;
	struct cga_ident big;
	static struct mh_msg m;
	struct seal s;
	struct nd_ra ra;
	struct nd_rs rs;
	struct expect *e;
	uint8_t bigparams[CGA_FIXED_LEN + CGA_SPKI_MAX];

	key1024 = load_key("testkey1024.pem");
	memset(&id, 0, sizeof(id));
	id.key = key1024;
	ck_assert_int_eq(cga_spki(key1024, id.spki, sizeof(id.spki),
	    &id.spki_len), 0);
	hex2bin("000102030405060708090a0b0c0d38ee", id.modifier, 16);
	id.sec = 1;
	ck_assert_int_eq(cga_ident_gen(&id, prefix, 0, &hoa1, params,
	    sizeof(params), &plen), 0);
	/* A 2040-bit key: parameters over two options, a 255-octet
	 * signature (Sec 0: no search). */
	key2040 = gen_key(2040);
	memset(&big, 0, sizeof(big));
	big.key = key2040;
	ck_assert_int_eq(cga_spki(key2040, big.spki, sizeof(big.spki),
	    &big.spki_len), 0);
	big.sec = 0;
	ck_assert_int_eq(cga_ident_gen(&big, prefix, 0, &hoa_big, bigparams,
	    sizeof(bigparams), &bplen), 0);
	ck_assert_uint_eq(bplen, 318);

	/* 1. BU, first registration: CGA Parameters + Signature, HAO */
	bu_base(&m, 1, 150);
	m.opt.present = MHO_F(MHO_CGA);
	memcpy(m.opt.cga_params, params, plen);
	m.opt.cga_params_len = plen;
	memset(&s, 0, sizeof(s));
	s.src = coa;
	s.dst = anchor;
	s.hao = &hoa1;
	s.coa = coa;
	s.peer = anchor;
	s.sign_key = key1024;
	add_bu(&m, &s);

	/* 2. the same with a 2040-bit key: 255 + 63 octets of parameters */
	bu_base(&m, 2, 150);
	m.opt.present = MHO_F(MHO_CGA);
	memcpy(m.opt.cga_params, bigparams, bplen);
	m.opt.cga_params_len = bplen;
	s.hao = &hoa_big;
	s.sign_key = key2040;
	add_bu(&m, &s);
	ck_assert_uint_eq(m.opt.sig_len, 255);

	/* 3. BU with the token: Nonce Indices + BAD */
	auth_kbm(phkt, NULL, kbm);
	bu_base(&m, 3, 150);
	m.opt.present = MHO_F(MHO_NONCE);
	s.hao = &hoa1;
	s.sign_key = NULL;
	s.kbm = kbm;
	add_bu(&m, &s);

	/* 4. BU with return routability: CGA, Nonce, Signature, BAD */
	bu_base(&m, 4, 100);
	m.opt.present = MHO_F(MHO_CGA) | MHO_F(MHO_NONCE);
	memcpy(m.opt.cga_params, params, plen);
	m.opt.cga_params_len = plen;
	m.opt.careof_nonce_idx = 0x1234;
	s.sign_key = key1024;
	add_bu(&m, &s);

	/* 5. back home: from the HoA, no HAO, lifetime 0, BAD */
	bu_base(&m, 5, 0);
	m.opt.present = MHO_F(MHO_NONCE);
	memset(&s, 0, sizeof(s));
	s.src = hoa1;
	s.dst = anchor;
	s.coa = hoa1;
	s.peer = anchor;
	s.kbm = kbm;
	add_bu(&m, &s);

	/* 6. BU with an Alternate Care-of Address */
	bu_base(&m, 6, 150);
	m.opt.present = MHO_F(MHO_ALTCOA) | MHO_F(MHO_NONCE);
	m.opt.alt_coa = ip("2001:db8:3::b2");
	memset(&s, 0, sizeof(s));
	s.src = coa;
	s.dst = anchor;
	s.hao = &hoa1;
	s.coa = m.opt.alt_coa;
	s.peer = anchor;
	s.kbm = kbm;
	add_bu(&m, &s);

	/* 7. BA accepted: PHKT, Binding Refresh Advice, Nonce, BAD, RH2 */
	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.status = BA_ACCEPTED;
	m.seq = 1;
	m.lifetime = 150;
	m.opt.present = MHO_F(MHO_PHKT) | MHO_F(MHO_BRA) | MHO_F(MHO_NONCE);
	ck_assert_int_eq(auth_phkt_encrypt(key1024, phkt, m.opt.phkt,
	    sizeof(m.opt.phkt), &m.opt.phkt_len), 0);
	m.opt.refresh = 75;
	memset(&s, 0, sizeof(s));
	s.src = anchor;
	s.dst = coa;
	s.rh2 = &hoa1;
	s.coa = coa;
	s.peer = anchor;
	s.kbm = kbm;
	add_ba(&m, &s);

	/* 8. BA refused: 148, no options */
	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.status = BA_CGA_SIG_FAILED;
	m.seq = 2;
	s.kbm = NULL;
	add_ba(&m, &s);

	/* 9. BA to the home address (back home): no RH2 */
	memset(&m, 0, sizeof(m));
	m.type = MH_BA;
	m.status = BA_ACCEPTED;
	m.seq = 5;
	m.opt.present = MHO_F(MHO_NONCE);
	memset(&s, 0, sizeof(s));
	s.src = anchor;
	s.dst = hoa1;
	s.coa = hoa1;
	s.peer = anchor;
	s.kbm = kbm;
	add_ba(&m, &s);

	/* 10. Binding Error, status 2 */
	memset(&m, 0, sizeof(m));
	m.type = MH_BE;
	m.status = BE_UNKNOWN_MH_TYPE;
	m.hoa = hoa1;
	memset(&s, 0, sizeof(s));
	s.src = anchor;
	s.dst = coa;
	ck_assert_int_eq(seal_mh(&m, &s, msg, sizeof(msg), &n), 0);
	e = expect_mh(&s, &m, msg, n);
	want(e, 17, "%u", m.status);
	want_addr(e, 18, &hoa1);

	/* 11. Care-of Test Init and 12. Care-of Test */
	memset(&m, 0, sizeof(m));
	m.type = MH_COTI;
	memcpy(m.cookie, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	memset(&s, 0, sizeof(s));
	s.src = coa;
	s.dst = anchor;
	ck_assert_int_eq(seal_mh(&m, &s, msg, sizeof(msg), &n), 0);
	e = expect_mh(&s, &m, msg, n);
	want_cookie(e, 19, m.cookie);
	m.type = MH_COT;
	m.nonce_idx = 0x0102;
	memcpy(m.token, "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8", 8);
	s.src = anchor;
	s.dst = coa;
	ck_assert_int_eq(seal_mh(&m, &s, msg, sizeof(msg), &n), 0);
	e = expect_mh(&s, &m, msg, n);
	want(e, 20, "%u", m.nonce_idx);
	want_cookie(e, 21, m.cookie);

	/* 13. HoTI, 14. HoT, 15. BRR: the codec's other types */
	memset(&m, 0, sizeof(m));
	m.type = MH_HOTI;
	memcpy(m.cookie, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	s.src = hoa1;
	s.dst = anchor;
	ck_assert_int_eq(seal_mh(&m, &s, msg, sizeof(msg), &n), 0);
	e = expect_mh(&s, &m, msg, n);
	want_cookie(e, 26, m.cookie);
	m.type = MH_HOT;
	m.nonce_idx = 9;
	s.src = anchor;
	s.dst = hoa1;
	ck_assert_int_eq(seal_mh(&m, &s, msg, sizeof(msg), &n), 0);
	e = expect_mh(&s, &m, msg, n);
	want(e, 27, "%u", m.nonce_idx);
	want_cookie(e, 28, m.cookie);
	memset(&m, 0, sizeof(m));
	m.type = MH_BRR;
	ck_assert_int_eq(seal_mh(&m, &s, msg, sizeof(msg), &n), 0);
	expect_mh(&s, &m, msg, n);

	/* 16. Router Solicitation, 17. the DAR's Router Advertisement */
	memset(&rs, 0, sizeof(rs));
	rs.slla_len = 6;
	memcpy(rs.slla, "\x02\x00\x00\x00\x00\x42", 6);
	ck_assert_int_eq(nd_rs_encode(&rs, msg, sizeof(msg), &n), 0);
	{
		struct in6_addr ll = ip("fe80::42"), all = ip("ff02::2");

		add_icmp(&ll, &all, msg, n);
	}
	memset(&ra, 0, sizeof(ra));
	ra.cur_hlim = 64;
	ra.flags = ND_RA_F_HOME_AGENT;
	ra.router_lifetime = 1800;
	ra.slla_len = 6;
	memcpy(ra.slla, "\x02\x00\x00\x00\x00\x01", 6);
	ra.has_mtu = true;
	ra.mtu = 1500;
	ra.has_adv_ival = true;
	ra.adv_ival = 1000;
	ra.nprefix = 1;
	ra.prefix[0].len = 64;
	ra.prefix[0].flags = ND_PI_F_ONLINK | ND_PI_F_AUTO | ND_PI_F_ROUTER;
	ra.prefix[0].valid = 86400;
	ra.prefix[0].preferred = 14400;
	ra.prefix[0].prefix = anchor;
	ck_assert_int_eq(nd_ra_encode(&ra, msg, sizeof(msg), &n), 0);
	{
		struct in6_addr ll = ip("fe80::1"), all = ip("ff02::1");

		add_icmp(&ll, &all, msg, n);
		e = &E[nexp - 1];
		want(e, 30, "1");
		want(e, 31, "2001:db8:1::1");
		want(e, 32, "1");
		want(e, 33, "1000");
	}
	(void)a2;
}

static char pcap_path[64], bad_path[64];

static void
wire_setup(void)
{
	snprintf(pcap_path, sizeof(pcap_path), "/tmp/fama-wire-%d.pcap",
	    (int)getpid());
	snprintf(bad_path, sizeof(bad_path), "/tmp/fama-wire-%d-bad.pcap",
	    (int)getpid());
}

/* In the parent: runs even when a test failed in its child. */
static void
wire_cleanup(void)
{
	/* FAMA_KEEP_PCAP=1 keeps it, to open in Wireshark. */
	unlink(bad_path);
	if (getenv("FAMA_KEEP_PCAP") == NULL)
		unlink(pcap_path);
	else
		fprintf(stderr, "kept %s\n", pcap_path);
}

static void
wire_teardown(void)
{
	size_t i, f;

	for (i = 0; i < nexp; i++)
		for (f = 0; f < NFIELDS; f++) {
			free(E[i].want[f]);
			E[i].want[f] = NULL;
		}
	nexp = 0;
	EVP_PKEY_free(key1024);
	EVP_PKEY_free(key2040);
	key1024 = key2040 = NULL;
}

static bool
has_raw(const struct expect *e)
{
	size_t i;

	if (e->rawlen == 0)
		return true;
	for (i = 0; i + e->rawlen <= e->len; i++)
		if (memcmp(e->pkt + i, e->raw, e->rawlen) == 0)
			return true;
	return false;
}

START_TEST(tshark_decodes_everything)
{
	static char out[1 << 16], cmd[4096];
	struct pcap_file *pc;
	char *line, *save, *col, *csave;
	size_t i, f, len;

	build_all();
	ck_assert_ptr_nonnull(pc = pcap_open(pcap_path));
	for (i = 0; i < nexp; i++) {
		ck_assert(has_raw(&E[i]));
		ck_assert_int_eq(pcap_write(pc, E[i].pkt, E[i].len,
		    1795000000000000ULL + i * 1000), 0);
	}
	ck_assert_int_eq(pcap_close(pc), 0);

	len = (size_t)snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -T fields "
	    "-E occurrence=f", pcap_path);
	for (f = 0; f < NFIELDS; f++)
		len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, " -e %s",
		    fields[f]);
	snprintf(cmd + len, sizeof(cmd) - len, " 2>/dev/null; }");
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);

	line = strtok_r(out, "\n", &save);
	for (i = 0; i < nexp; i++) {
		ck_assert_msg(line != NULL, "tshark printed %zu lines", i);
		/* strtok would merge empty columns: split by hand */
		col = line;
		for (f = 0; f < NFIELDS; f++) {
			csave = strchr(col, '\t');
			if (csave != NULL)
				*csave = '\0';
			if (E[i].want[f] != NULL)
				ck_assert_msg(strcmp(col, E[i].want[f]) == 0,
				    "packet %zu field %s: tshark '%s', "
				    "encoded '%s'", i + 1, fields[f], col,
				    E[i].want[f]);
			else if (f != 34 && f != 6 && f != 7)
				ck_assert_msg(*col == '\0', "packet %zu field "
				    "%s: unexpected '%s'", i + 1, fields[f],
				    col);
			col = csave != NULL ? csave + 1 : col + strlen(col);
		}
		line = strtok_r(NULL, "\n", &save);
	}
	ck_assert_msg(line == NULL, "tshark printed more lines: %s", line);

	/* No malformed packet, no expert info of warning level or worse. */
	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -q -z expert,warn "
	    "2>/dev/null; }", pcap_path);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, "Errors") == NULL &&
	    strstr(out, "Warns") == NULL &&
	    strstr(out, "Malformed") == NULL, "tshark: %s", out);
	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -Y _ws.malformed "
	    "2>/dev/null; }", pcap_path);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_msg(out[0] == '\0', "malformed: %s", out);
	/* Every packet decodes as what it claims: MIPv6 or ICMPv6. */
	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -Y 'mipv6 || icmpv6' "
	    "2>/dev/null | wc -l; }", pcap_path);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_int_eq(atoi(out), (int)nexp);
}
END_TEST

/* The check itself can fail: a cut option shows up as malformed. */
START_TEST(tshark_sees_a_broken_packet)
{
	static char out[8192], cmd[512];
	struct pcap_file *pc;
	uint8_t pkt[SEAL_PKT_MAX];
	size_t len;

	build_all();
	memcpy(pkt, E[0].pkt, E[0].len);
	len = E[0].len;
	/* the first option's length octet: claim far more than there is */
	pkt[IP6_HDR_LEN + IP6_HAO_HDR_LEN + 13] = 0xff;
	pkt[IP6_HDR_LEN + IP6_HAO_HDR_LEN + 1] = 1;	/* Header Len */
	ck_assert_ptr_nonnull(pc = pcap_open(bad_path));
	ck_assert_int_eq(pcap_write(pc, pkt, IP6_HDR_LEN + IP6_HAO_HDR_LEN +
	    16, 0), 0);
	ck_assert_int_eq(pcap_close(pc), 0);
	(void)len;
	snprintf(cmd, sizeof(cmd), "{ tshark -n -r %s -q -z expert,warn "
	    "2>/dev/null; }", bad_path);
	ck_assert_int_eq(run_cmd(cmd, out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, "Warns") != NULL ||
	    strstr(out, "Errors") != NULL, "tshark: %s", out);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("tshark");

	tcase_add_unchecked_fixture(tc, wire_setup, wire_cleanup);
	tcase_add_checked_fixture(tc, NULL, wire_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, tshark_decodes_everything);
	tcase_add_test(tc, tshark_sees_a_broken_packet);
	suite_add_tcase(s, tc);
	return s;
}

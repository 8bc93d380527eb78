// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for the MN's binding update list: an MN that has just
 * moved from DAR1 to DAR2 (a signed BU to DAR1 outstanding) receives a
 * short sequence of Mobility Headers, wrapped by the harness in IPv6 with
 * a correct checksum.  Record: flags (1 octet), length (1 octet, 8-octet
 * units), MH.  flags: 0x01 type 2 routing header with the HoA, 0x02 from
 * DAR2's anchor instead of DAR1's, 0x04 to the HoA instead of the CoA,
 * 0xf0 seconds to advance before it (timers run). */
#include <arpa/inet.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/bul.h"
#include "proto/ip6.h"
#include "proto/mh.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct cga_ident id;
static uint8_t rnd;

static int
det_random(void *p, size_t n)
{
	memset(p, rnd++, n);
	return 0;
}

static void
addr(const char *s, struct in6_addr *a)
{
	if (inet_pton(AF_INET6, s, a) != 1)
		abort();
}

/* Whatever the MN does must be well-formed: every packet it sends parses
 * with a good checksum. */
static void
emit(void *arg, const struct bul_action *a)
{
	struct ip6_pkt p;
	struct mh_msg m;

	(void)arg;
	if (a->type != BUL_ACT_SEND)
		return;
	if (ip6_parse(a->pkt, a->len, &p) == -1 || !ip6_mh_cksum_ok(&p) ||
	    mh_decode(p.payload, p.payload_len, &m) == -1)
		abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *f;

	(void)argc;
	(void)argv;
	if ((f = fopen("tests/vectors/testkey1024.pem", "r")) == NULL) {
		fprintf(stderr, "fuzz_mn: run from the top directory\n");
		abort();
	}
	id.key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (id.key == NULL || cga_spki(id.key, id.spki, sizeof(id.spki),
	    &id.spki_len) == -1)
		abort();
	/* the DIGEST Sec 1 modifier of this key */
	memcpy(id.modifier, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"
	    "\x0b\x0c\x0d\x38\xee", 16);
	id.sec = 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pkt[IP6_HDR_LEN + 64 + MH_MAX_LEN];
	struct in6_addr p1, a1, p2, a2;
	const struct bul_addr *hoa, *coa;
	struct bul_config cfg;
	struct ip6_pkt p;
	uint8_t copy[MH_MAX_LEN];
	uint64_t now = 1000000;
	size_t off = 0, mhlen, len;
	struct bul *b;
	int rec;

	rnd = 1;
	bul_config_default(&cfg);
	cfg.random = det_random;
	if ((b = bul_new(&cfg, &id, emit, NULL)) == NULL)
		abort();
	addr("2001:db8:1::", &p1);
	addr("2001:db8:1::1", &a1);
	addr("2001:db8:2::", &p2);
	addr("2001:db8:2::1", &a2);
	if (bul_attach(b, &p1, &a1, now) == -1 ||
	    bul_attach(b, &p2, &a2, now) == -1)
		abort();
	for (rec = 0; rec < 4 && off + 2 <= size; rec++) {
		uint8_t flags = data[off], units = data[off + 1];

		off += 2;
		mhlen = ((size_t)units + 1) * 8;
		if (mhlen > size - off)
			mhlen = size - off;
		if (mhlen < 6)
			break;
		memcpy(copy, data + off, mhlen);
		off += mhlen;
		memset(copy + MH_CKSUM_OFF, 0, 2);
		now += (uint64_t)(flags >> 4) * 1000;
		if (bul_next_deadline(b) <= now)
			bul_tick(b, now);
		if ((hoa = bul_get(b, 0)) == NULL ||
		    (coa = bul_current(b)) == NULL)
			break;
		memset(&p, 0, sizeof(p));
		p.src = (flags & 0x02) ? a2 : a1;
		p.dst = (flags & 0x04) ? hoa->addr : coa->addr;
		p.has_rh2 = (flags & 0x01) != 0;
		p.rh2_addr = hoa->addr;
		p.nxt = IP6_NXT_MH;
		p.payload = copy;
		p.payload_len = mhlen;
		if (ip6_build(&p, pkt, sizeof(pkt), &len) == -1)
			continue;
		bul_rx(b, pkt, len, now);
		if (bul_count(b) > BUL_MAX_ADDRS)
			abort();
	}
	bul_free(b);
	return 0;
}

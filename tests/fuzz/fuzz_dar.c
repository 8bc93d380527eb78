// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for the DAR's binding cache: the input is a short
 * sequence of Mobility Headers that the harness wraps in IPv6 packets with
 * a correct checksum (so that the fuzzer reaches the protocol, not the
 * checksum), from the addresses of the DIGEST §5.2 vector, so its signed
 * BU creates a binding that later inputs can work on.
 * Record: flags (1 octet), length (1 octet, in 8-octet units), MH.
 * flags: 0x01 HAO, 0x02 type 2 routing header, 0x04 from the HoA,
 * 0x08 to another address, 0xf0 seconds to advance before it. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "proto/bc.h"
#include "proto/buf.h"
#include "proto/ip6.h"
#include "proto/mh.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

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

/* Every action must make sense: packets parse with a good checksum, and
 * a tunnel is only ever up for a bound entry. */
static void
check(const struct bc *bc, const struct bc_result *r)
{
	const struct bc_entry *e;
	struct ip6_pkt p;
	struct mh_msg m;
	size_t i, nb, n;

	for (i = 0; i < r->nact; i++) {
		switch (r->act[i].type) {
		case BC_ACT_SEND:
			if (ip6_parse(r->act[i].pkt, r->act[i].len, &p) == -1 ||
			    !ip6_mh_cksum_ok(&p) ||
			    mh_decode(p.payload, p.payload_len, &m) == -1)
				abort();
			break;
		case BC_ACT_TUNNEL_UP:
			e = bc_lookup(bc, &r->act[i].hoa);
			if (e == NULL || e->state != BCE_BOUND)
				abort();
			break;
		case BC_ACT_TUNNEL_DOWN:
			e = bc_lookup(bc, &r->act[i].hoa);
			if (e != NULL && e->state == BCE_BOUND)
				abort();
			break;
		}
	}
	n = bc_count(bc, &nb);
	if (nb > n)
		abort();
	/* Only an accepted BU creates state. */
	if (r->event == BC_EV_REJECTED && r->status < 128)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t pkt[IP6_HDR_LEN + 64 + MH_MAX_LEN];
	struct in6_addr hoa, coa, anchor, other;
	struct bc_config cfg;
	struct bc_prefix pfx;
	struct bc_result r;
	struct ip6_pkt p;
	struct rbuf rb;
	const uint8_t *mh;
	uint8_t flags, units, copy[MH_MAX_LEN];
	uint64_t now = 1000000;
	struct bc *bc;
	static struct bc_stats st;
	enum bc_cost cost;
	size_t len, mhlen;
	int rec;

	rnd = 1;
	bc_config_default(&cfg);
	cfg.random = det_random;
	cfg.sig_rate = 0;		/* no rate limit: reach the crypto */
	if ((bc = bc_new(&cfg)) == NULL)
		abort();
	addr("2001:db8:1:2::", &pfx.prefix);
	addr("2001:db8:1:2::1", &anchor);
	addr("2001:db8:1:2:2cb8:69a8:e3a0:9924", &hoa);
	addr("2001:db8:3:4::1", &coa);
	addr("2001:db8:9::9", &other);
	pfx.anchor = anchor;
	if (bc_set_prefixes(bc, &pfx, 1) == -1)
		abort();

	rb_init(&rb, data, size);
	for (rec = 0; rec < 4; rec++) {
		if (rb_u8(&rb, &flags) == -1 || rb_u8(&rb, &units) == -1)
			break;
		mhlen = rb_left(&rb) < ((size_t)units + 1) * 8 ?
		    rb_left(&rb) : ((size_t)units + 1) * 8;
		if (mhlen < 6 || rb_ptr(&rb, mhlen, &mh) == -1)
			break;
		memcpy(copy, mh, mhlen);
		memset(copy + MH_CKSUM_OFF, 0, 2);
		now += (uint64_t)(flags >> 4) * 1000 * 60;

		memset(&p, 0, sizeof(p));
		p.src = (flags & 0x04) ? hoa : coa;
		p.dst = (flags & 0x08) ? other : anchor;
		p.has_hao = (flags & 0x01) != 0;
		p.hoa = hoa;
		p.has_rh2 = (flags & 0x02) != 0;
		p.rh2_addr = hoa;
		p.nxt = IP6_NXT_MH;
		p.payload = copy;
		p.payload_len = mhlen;
		if (ip6_build(&p, pkt, sizeof(pkt), &len) == -1)
			continue;
		/* bc_cost() changes nothing, and what it calls cheap costs
		 * no signature check (the DAR handles it first) */
		st = *bc_stats(bc);
		cost = bc_cost(bc, pkt, len);
		if (memcmp(&st, bc_stats(bc), sizeof(st)) != 0)
			abort();
		bc_rx(bc, pkt, len, now, &r);
		if (cost == BC_COST_CHEAP && bc_stats(bc)->sig_checked !=
		    st.sig_checked)
			abort();
		check(bc, &r);
		while (bc_expire(bc, now, &r))
			check(bc, &r);
	}
	bc_free(bc);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for ip6_parse(), and mh_decode() on what it finds:
 * what parses is built again, and that parses to the same packet with an
 * MH checksum that verifies. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ip6.h"
#include "proto/mh.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* b is a parsed a built again; a Hop Limit of 0 goes out as the
 * default. */
static bool
ip6_same(const struct ip6_pkt *a, const struct ip6_pkt *b)
{
	return memcmp(&a->src, &b->src, sizeof(a->src)) == 0 &&
	    memcmp(&a->dst, &b->dst, sizeof(a->dst)) == 0 &&
	    b->hlim == (a->hlim != 0 ? a->hlim : IP6_DEFAULT_HLIM) &&
	    a->tclass == b->tclass &&
	    a->flow == b->flow && a->has_hao == b->has_hao &&
	    memcmp(&a->hoa, &b->hoa, sizeof(a->hoa)) == 0 &&
	    a->has_rh2 == b->has_rh2 &&
	    memcmp(&a->rh2_addr, &b->rh2_addr, sizeof(a->rh2_addr)) == 0 &&
	    a->rh2_segleft == b->rh2_segleft && a->nxt == b->nxt &&
	    a->payload_len == b->payload_len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[IP6_HDR_LEN + UINT16_MAX];
	struct ip6_pkt p, q;
	struct mh_msg m;
	size_t n;

	if (ip6_parse(data, size, &p) == -1) {
		if (errno != EBADMSG)
			abort();
		return 0;
	}
	if (p.payload_len > 0 && (p.payload < data ||
	    p.payload + p.payload_len > data + size))
		abort();
	if (p.nxt == IP6_NXT_MH) {
		(void)ip6_mh_cksum_ok(&p);
		if (mh_decode(p.payload, p.payload_len, &m) == -1 &&
		    errno != EBADMSG && errno != EPROTONOSUPPORT)
			abort();
	}

	if (ip6_build(&p, out, sizeof(out), &n) == -1) {
		if (errno != EINVAL || p.nxt != IP6_NXT_MH ||
		    p.payload_len >= 8)
			abort();
		return 0;
	}
	if (ip6_parse(out, n, &q) == -1 || !ip6_same(&p, &q))
		abort();
	if (p.nxt == IP6_NXT_MH) {
		if (!ip6_mh_cksum_ok(&q) ||
		    memcmp(q.payload, p.payload, MH_CKSUM_OFF) != 0 ||
		    memcmp(q.payload + MH_CKSUM_OFF + 2,
		    p.payload + MH_CKSUM_OFF + 2,
		    p.payload_len - MH_CKSUM_OFF - 2) != 0)
			abort();
	} else if (p.payload_len > 0 &&
	    memcmp(q.payload, p.payload, p.payload_len) != 0)
		abort();
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* Whole signalling packets: the IPv6 header, the extension headers that
 * Mobile IPv6 uses (HAO, RH2) and the MH checksum on its pseudo-header. */
#include <errno.h>
#include <string.h>

#include "proto/buf.h"
#include "proto/ip6.h"
#include "proto/mh.h"

#define IP6_OPT_PAD1		0
#define IP6_OPT_PADN		1
#define IP6_OPT_ACTION(t)	((t) >> 6)	/* RFC 8200 §4.2 */
#define IP6_HAO_LEN		16
#define IP6_RH_TYPE2		2
#define IP6_FLOW_MAX		0xfffff

static uint32_t
ip6_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += get_u16(p + i);
		/* Fold early: any length is safe in 32 bits. */
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t
ip6_cksum(const struct in6_addr *src, const struct in6_addr *dst,
    uint8_t nxt, const uint8_t *data, size_t len)
{
	uint8_t ph[8];
	uint32_t sum;

	/* Upper-Layer Packet Length (32 bits), 3 zero octets, Next Header. */
	put_u32(ph, (uint32_t)len);
	put_u32(ph + 4, nxt);
	sum = ip6_sum(0, src->s6_addr, sizeof(src->s6_addr));
	sum = ip6_sum(sum, dst->s6_addr, sizeof(dst->s6_addr));
	sum = ip6_sum(sum, ph, sizeof(ph));
	sum = ip6_sum(sum, data, len);
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void
ip6_mh_pseudo(const struct ip6_pkt *p, struct in6_addr *src,
    struct in6_addr *dst)
{
	/* RFC 6275 §6.1.1 for the source, RFC 8200 §8.1 for the final
	 * destination. */
	*src = p->has_hao ? p->hoa : p->src;
	*dst = p->has_rh2 ? p->rh2_addr : p->dst;
}

int
ip6_build(const struct ip6_pkt *p, uint8_t *buf, size_t cap, size_t *outlen)
{
	struct in6_addr psrc, pdst;
	struct wbuf wb;
	size_t plen, off;
	uint8_t *mh;

	if (p->flow > IP6_FLOW_MAX ||
	    (p->payload == NULL && p->payload_len > 0) ||
	    (p->nxt == IP6_NXT_MH && p->payload_len < 8)) {
		errno = EINVAL;
		return -1;
	}
	plen = (p->has_rh2 ? IP6_RH2_LEN : 0) +
	    (p->has_hao ? IP6_HAO_HDR_LEN : 0);
	if (p->payload_len > UINT16_MAX - plen) {
		errno = EMSGSIZE;
		return -1;
	}
	plen += p->payload_len;

	wb_init(&wb, buf, cap);
	wb_u32(&wb, (uint32_t)6 << 28 | (uint32_t)p->tclass << 20 | p->flow);
	wb_u16(&wb, (uint16_t)plen);
	/* RFC 8200 §4.1 order: Routing before the final Destination
	 * Options, where the HAO belongs (RFC 6275 §6.3). */
	wb_u8(&wb, p->has_rh2 ? IP6_NXT_ROUTING :
	    p->has_hao ? IP6_NXT_DSTOPTS : p->nxt);
	wb_u8(&wb, p->hlim != 0 ? p->hlim : IP6_DEFAULT_HLIM);
	wb_bytes(&wb, &p->src, sizeof(p->src));
	wb_bytes(&wb, &p->dst, sizeof(p->dst));
	if (p->has_rh2) {
		wb_u8(&wb, p->has_hao ? IP6_NXT_DSTOPTS : p->nxt);
		wb_u8(&wb, IP6_RH2_LEN / 8 - 1);
		wb_u8(&wb, IP6_RH_TYPE2);
		wb_u8(&wb, 1);			/* Segments Left */
		wb_u32(&wb, 0);			/* Reserved */
		wb_bytes(&wb, &p->rh2_addr, sizeof(p->rh2_addr));
	}
	if (p->has_hao) {
		wb_u8(&wb, p->nxt);
		wb_u8(&wb, IP6_HAO_HDR_LEN / 8 - 1);
		/* PadN(4) puts the HAO at 8n+6 (RFC 6275 §6.3). */
		wb_u8(&wb, IP6_OPT_PADN);
		wb_u8(&wb, 2);
		wb_zero(&wb, 2);
		wb_u8(&wb, IP6_OPT_HAO);
		wb_u8(&wb, IP6_HAO_LEN);
		wb_bytes(&wb, &p->hoa, sizeof(p->hoa));
	}
	off = wb.len;
	wb_bytes(&wb, p->payload, p->payload_len);
	if (wb_done(&wb) == -1)
		return -1;

	if (p->nxt == IP6_NXT_MH) {
		mh = buf + off;
		put_u16(mh + MH_CKSUM_OFF, 0);
		ip6_mh_pseudo(p, &psrc, &pdst);
		put_u16(mh + MH_CKSUM_OFF, ip6_cksum(&psrc, &pdst, IP6_NXT_MH,
		    mh, p->payload_len));
	}
	*outlen = wb.len;
	return 0;
}

/* A home address, or an address in an RH2, must be unicast (RFC 6275
 * §6.3, §6.4). */
static bool
ip6_unicast(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_UNSPECIFIED(a) &&
	    !IN6_IS_ADDR_LOOPBACK(a);
}

/* The options of a Hop-by-Hop or Destination Options header: padding,
 * one HAO (Destination Options only), and unknown options whose action
 * bits say skip. */
static int
ip6_opts(struct rbuf *rb, struct ip6_pkt *p, bool dstopts)
{
	struct rbuf d;
	uint8_t t, l;

	while (rb_left(rb) > 0) {
		if (rb_u8(rb, &t) == -1)
			return -1;
		if (t == IP6_OPT_PAD1)
			continue;
		if (rb_u8(rb, &l) == -1 || rb_sub(rb, l, &d) == -1)
			return -1;
		if (t == IP6_OPT_PADN)
			continue;
		if (dstopts && t == IP6_OPT_HAO) {
			if (p->has_hao || l != IP6_HAO_LEN ||
			    rb_bytes(&d, &p->hoa, sizeof(p->hoa)) == -1 ||
			    !ip6_unicast(&p->hoa))
				return -1;
			p->has_hao = true;
			continue;
		}
		if (IP6_OPT_ACTION(t) != 0)
			return -1;
	}
	return 0;
}

static int
ip6_routing(struct rbuf *rb, struct ip6_pkt *p)
{
	uint8_t type, segleft;

	if (rb_u8(rb, &type) == -1 || rb_u8(rb, &segleft) == -1)
		return -1;
	if (type != IP6_RH_TYPE2)
		/* RFC 8200 §4.4: an unknown type with nothing left to
		 * visit is ignored. */
		return segleft == 0 ? 0 : -1;
	/* RFC 6275 §6.4: exactly one address, Segments Left 1. */
	if (rb_left(rb) != 4 + sizeof(p->rh2_addr) || segleft != 1 ||
	    rb_skip(rb, 4) == -1 ||
	    rb_bytes(rb, &p->rh2_addr, sizeof(p->rh2_addr)) == -1 ||
	    !ip6_unicast(&p->rh2_addr))
		return -1;
	p->has_rh2 = true;
	p->rh2_segleft = segleft;
	return 0;
}

int
ip6_parse(const uint8_t *buf, size_t len, struct ip6_pkt *p)
{
	struct rbuf rb, eh;
	uint32_t vtf;
	uint16_t plen;
	uint8_t nxt, cur, elen;
	unsigned nrouting = 0, ndstopts = 0;
	bool first = true;

	memset(p, 0, sizeof(*p));
	rb_init(&rb, buf, len);
	if (rb_u32(&rb, &vtf) == -1 || rb_u16(&rb, &plen) == -1 ||
	    rb_u8(&rb, &nxt) == -1 || rb_u8(&rb, &p->hlim) == -1 ||
	    rb_bytes(&rb, &p->src, sizeof(p->src)) == -1 ||
	    rb_bytes(&rb, &p->dst, sizeof(p->dst)) == -1)
		goto bad;
	if (vtf >> 28 != 6 || plen > rb_left(&rb))
		goto bad;
	p->tclass = (uint8_t)(vtf >> 20);
	p->flow = vtf & IP6_FLOW_MAX;
	/* Drop the link layer's trailing padding. */
	rb.len = rb.off + plen;

	for (;; first = false) {
		cur = nxt;
		switch (cur) {
		case IP6_NXT_HOPOPTS:
		case IP6_NXT_DSTOPTS:
		case IP6_NXT_ROUTING:
			break;
		case IP6_NXT_FRAGMENT:
			/* Signalling is never fragmented, and a fragment's
			 * MH could not be checked anyway. */
			goto bad;
		default:
			p->nxt = cur;
			p->payload_len = rb_left(&rb);
			if (rb_ptr(&rb, p->payload_len, &p->payload) == -1)
				goto bad;
			return 0;
		}
		/* RFC 8200 §4.1: Hop-by-Hop only first, Routing once,
		 * Destination Options at most twice. */
		if ((cur == IP6_NXT_HOPOPTS && !first) ||
		    (cur == IP6_NXT_ROUTING && nrouting++ > 0) ||
		    (cur == IP6_NXT_DSTOPTS && ndstopts++ > 1))
			goto bad;
		if (rb_u8(&rb, &nxt) == -1 || rb_u8(&rb, &elen) == -1 ||
		    rb_sub(&rb, ((size_t)elen + 1) * 8 - 2, &eh) == -1)
			goto bad;
		if (cur == IP6_NXT_ROUTING) {
			if (ip6_routing(&eh, p) == -1)
				goto bad;
		} else if (ip6_opts(&eh, p, cur == IP6_NXT_DSTOPTS) == -1)
			goto bad;
	}
bad:
	memset(p, 0, sizeof(*p));
	errno = EBADMSG;
	return -1;
}

bool
ip6_mh_cksum_ok(const struct ip6_pkt *p)
{
	struct in6_addr src, dst;

	if (p->nxt != IP6_NXT_MH || p->payload == NULL ||
	    p->payload_len < MH_CKSUM_OFF + 2)
		return false;
	ip6_mh_pseudo(p, &src, &dst);
	return ip6_cksum(&src, &dst, IP6_NXT_MH, p->payload,
	    p->payload_len) == 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* Router Solicitation and Advertisement codec (RFC 4861 §4.1, §4.2, §4.6)
 * with the Mobile IPv6 additions of RFC 6275 §7.1-7.3 (see nd.h). */
#include <errno.h>
#include <string.h>

#include "proto/buf.h"
#include "proto/nd.h"

#define ND_OPT_UNIT	8	/* option lengths count 8-octet units */
#define ND_OPT_HDR_LEN	2	/* type, length */
#define ND_PI_LEN	4	/* option lengths in units */
#define ND_MTU_LEN	1
#define ND_ADV_IVAL_LEN	1
#define ND_PREFIX_BITS	128

/* The next option: its type and its body (the octets after type and
 * length).  A zero length or one that runs past the message makes the
 * whole message invalid (RFC 4861 §4.6); the lengths are checked here,
 * before anyone looks at the type. */
static int
nd_opt_next(struct rbuf *rb, uint8_t *type, struct rbuf *body)
{
	uint8_t units;

	if (rb_u8(rb, type) == -1 || rb_u8(rb, &units) == -1)
		return -1;
	if (units == 0) {
		errno = EBADMSG;
		return -1;
	}
	return rb_sub(rb, (size_t)units * ND_OPT_UNIT - ND_OPT_HDR_LEN, body);
}

/* Source Link-layer Address: the whole body, padding included, since
 * the option does not say how long the address is (6 octets in one unit
 * for Ethernet).  A second SLLA or one longer than ND_LLA_MAX is
 * refused. */
static int
nd_slla_decode(struct rbuf *body, uint8_t *lla_len, uint8_t *lla)
{
	size_t n = rb_left(body);

	if (*lla_len != 0 || n > ND_LLA_MAX) {
		errno = EBADMSG;
		return -1;
	}
	*lla_len = (uint8_t)n;
	return rb_bytes(body, lla, n);
}

/* The 32-bit value of the MTU and Advertisement Interval options, after
 * 2 reserved octets; the option must be exactly one unit and the first
 * of its kind. */
static int
nd_u32_opt_decode(struct rbuf *body, bool *seen, uint32_t *v)
{
	if (*seen || rb_left(body) != ND_OPT_UNIT - ND_OPT_HDR_LEN) {
		errno = EBADMSG;
		return -1;
	}
	*seen = true;
	if (rb_skip(body, 2) == -1)
		return -1;
	return rb_u32(body, v);
}

static int
nd_pi_decode(struct rbuf *body, struct nd_prefix *pi)
{
	if (rb_left(body) != ND_PI_LEN * ND_OPT_UNIT - ND_OPT_HDR_LEN) {
		errno = EBADMSG;
		return -1;
	}
	if (rb_u8(body, &pi->len) == -1 ||
	    rb_u8(body, &pi->flags) == -1 ||
	    rb_u32(body, &pi->valid) == -1 ||
	    rb_u32(body, &pi->preferred) == -1 ||
	    rb_skip(body, 4) == -1 ||
	    rb_bytes(body, &pi->prefix, sizeof(pi->prefix)) == -1)
		return -1;
	if (pi->len > ND_PREFIX_BITS) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

/* The common start of both messages: type, code 0, checksum (not ours
 * to check: it needs the IPv6 addresses). */
static int
nd_hdr_decode(struct rbuf *rb, uint8_t want)
{
	uint8_t type, code;

	if (rb_u8(rb, &type) == -1 || rb_u8(rb, &code) == -1 ||
	    rb_skip(rb, 2) == -1)
		return -1;
	if (type != want || code != 0) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int
nd_ra_decode(const uint8_t *p, size_t len, struct nd_ra *out)
{
	struct nd_ra ra;
	struct rbuf rb, body;
	struct nd_prefix pi;
	uint8_t type;

	memset(&ra, 0, sizeof(ra));
	rb_init(&rb, p, len);
	if (nd_hdr_decode(&rb, ND_RA_TYPE) == -1 ||
	    rb_u8(&rb, &ra.cur_hlim) == -1 ||
	    rb_u8(&rb, &ra.flags) == -1 ||
	    rb_u16(&rb, &ra.router_lifetime) == -1 ||
	    rb_u32(&rb, &ra.reachable) == -1 ||
	    rb_u32(&rb, &ra.retrans) == -1)
		goto bad;
	while (rb_left(&rb) > 0) {
		if (nd_opt_next(&rb, &type, &body) == -1)
			goto bad;
		switch (type) {
		case ND_OPT_SLLA:
			if (nd_slla_decode(&body, &ra.slla_len, ra.slla) == -1)
				goto bad;
			break;
		case ND_OPT_MTU:
			if (nd_u32_opt_decode(&body, &ra.has_mtu,
			    &ra.mtu) == -1)
				goto bad;
			break;
		case ND_OPT_ADV_IVAL:
			if (nd_u32_opt_decode(&body, &ra.has_adv_ival,
			    &ra.adv_ival) == -1)
				goto bad;
			break;
		case ND_OPT_PI:
			/* Checked in full even when it will be dropped. */
			if (nd_pi_decode(&body, &pi) == -1)
				goto bad;
			if (ra.nprefix < ND_MAX_PREFIXES)
				ra.prefix[ra.nprefix++] = pi;
			else
				ra.dropped_prefixes++;
			break;
		default:
			/* Unknown options are skipped (RFC 4861 §4.2). */
			break;
		}
	}
	*out = ra;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

int
nd_rs_decode(const uint8_t *p, size_t len, struct nd_rs *out)
{
	struct nd_rs rs;
	struct rbuf rb, body;
	uint8_t type;

	memset(&rs, 0, sizeof(rs));
	rb_init(&rb, p, len);
	if (nd_hdr_decode(&rb, ND_RS_TYPE) == -1 || rb_skip(&rb, 4) == -1)
		goto bad;
	while (rb_left(&rb) > 0) {
		if (nd_opt_next(&rb, &type, &body) == -1)
			goto bad;
		/* SLLA is the only RS option; the rest are skipped. */
		if (type == ND_OPT_SLLA &&
		    nd_slla_decode(&body, &rs.slla_len, rs.slla) == -1)
			goto bad;
	}
	*out = rs;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

/* Zero padding up to the next unit: an Ethernet address fills one unit
 * exactly, the 14 octets that fit two units fill those. */
static void
nd_slla_encode(struct wbuf *wb, const uint8_t *lla, size_t n)
{
	size_t units;

	if (n == 0)
		return;
	units = (ND_OPT_HDR_LEN + n + ND_OPT_UNIT - 1) / ND_OPT_UNIT;
	wb_u8(wb, ND_OPT_SLLA);
	wb_u8(wb, (uint8_t)units);
	wb_bytes(wb, lla, n);
	wb_zero(wb, units * ND_OPT_UNIT - ND_OPT_HDR_LEN - n);
}

static void
nd_u32_opt_encode(struct wbuf *wb, uint8_t type, uint32_t v)
{
	wb_u8(wb, type);
	wb_u8(wb, 1);
	wb_zero(wb, 2);
	wb_u32(wb, v);
}

static int
nd_done(const struct wbuf *wb, size_t *outlen)
{
	if (wb_done(wb) == -1)
		return -1;
	*outlen = wb->len;
	return 0;
}

int
nd_ra_encode(const struct nd_ra *ra, uint8_t *buf, size_t cap,
    size_t *outlen)
{
	const struct nd_prefix *pi;
	struct wbuf wb;
	size_t i;

	if (ra->nprefix > ND_MAX_PREFIXES || ra->slla_len > ND_LLA_MAX)
		goto inval;
	for (i = 0; i < ra->nprefix; i++)
		if (ra->prefix[i].len > ND_PREFIX_BITS)
			goto inval;

	wb_init(&wb, buf, cap);
	wb_u8(&wb, ND_RA_TYPE);
	wb_u8(&wb, 0);			/* code */
	wb_u16(&wb, 0);			/* checksum */
	wb_u8(&wb, ra->cur_hlim);
	wb_u8(&wb, ra->flags);
	wb_u16(&wb, ra->router_lifetime);
	wb_u32(&wb, ra->reachable);
	wb_u32(&wb, ra->retrans);
	nd_slla_encode(&wb, ra->slla, ra->slla_len);
	if (ra->has_mtu)
		nd_u32_opt_encode(&wb, ND_OPT_MTU, ra->mtu);
	if (ra->has_adv_ival)
		nd_u32_opt_encode(&wb, ND_OPT_ADV_IVAL, ra->adv_ival);
	for (i = 0; i < ra->nprefix; i++) {
		pi = &ra->prefix[i];
		wb_u8(&wb, ND_OPT_PI);
		wb_u8(&wb, ND_PI_LEN);
		wb_u8(&wb, pi->len);
		wb_u8(&wb, pi->flags);
		wb_u32(&wb, pi->valid);
		wb_u32(&wb, pi->preferred);
		wb_zero(&wb, 4);	/* reserved */
		wb_bytes(&wb, &pi->prefix, sizeof(pi->prefix));
	}
	return nd_done(&wb, outlen);
inval:
	errno = EINVAL;
	return -1;
}

int
nd_rs_encode(const struct nd_rs *rs, uint8_t *buf, size_t cap,
    size_t *outlen)
{
	struct wbuf wb;

	if (rs->slla_len > ND_LLA_MAX) {
		errno = EINVAL;
		return -1;
	}
	wb_init(&wb, buf, cap);
	wb_u8(&wb, ND_RS_TYPE);
	wb_u8(&wb, 0);			/* code */
	wb_u16(&wb, 0);			/* checksum */
	wb_zero(&wb, 4);		/* reserved */
	nd_slla_encode(&wb, rs->slla, rs->slla_len);
	return nd_done(&wb, outlen);
}

static bool
nd_prefix_equal(const struct nd_prefix *a, const struct nd_prefix *b)
{
	return a->len == b->len && a->flags == b->flags &&
	    a->valid == b->valid && a->preferred == b->preferred &&
	    memcmp(&a->prefix, &b->prefix, sizeof(a->prefix)) == 0;
}

bool
nd_ra_equal(const struct nd_ra *a, const struct nd_ra *b)
{
	size_t i;

	if (a->cur_hlim != b->cur_hlim || a->flags != b->flags ||
	    a->router_lifetime != b->router_lifetime ||
	    a->reachable != b->reachable || a->retrans != b->retrans ||
	    a->slla_len != b->slla_len || a->slla_len > ND_LLA_MAX ||
	    memcmp(a->slla, b->slla, a->slla_len) != 0 ||
	    a->has_mtu != b->has_mtu ||
	    (a->has_mtu && a->mtu != b->mtu) ||
	    a->has_adv_ival != b->has_adv_ival ||
	    (a->has_adv_ival && a->adv_ival != b->adv_ival) ||
	    a->nprefix != b->nprefix || a->nprefix > ND_MAX_PREFIXES)
		return false;
	for (i = 0; i < a->nprefix; i++)
		if (!nd_prefix_equal(&a->prefix[i], &b->prefix[i]))
			return false;
	return true;
}

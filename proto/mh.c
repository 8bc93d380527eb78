// SPDX-License-Identifier: GPL-2.0-only
/* The Mobility Header codec: messages of RFC 6275 §6.1 with the options of
 * RFC 6275 §6.2 and RFC 4866 §5, in the layout of PROFILE.md. */
#include <errno.h>
#include <string.h>

#include "proto/buf.h"
#include "proto/mh.h"

#define MH_HDR_LEN	6	/* Payload Proto .. Checksum */
#define MHO_HDR_LEN	2	/* Option Type, Option Length */

/* The options whose layout is known: the bounds of Option Length and the
 * alignment xn + y, counted from MH offset 0 (RFC 6275 §6.2; RFC 4866
 * states none for its options, DIGEST §5.1). */
static const struct mho_rule {
	bool	known;
	uint8_t	min;
	uint8_t	max;
	uint8_t	x;
	uint8_t	y;
} mho_rules[MHO_TYPE_MAX + 1] = {
	[MHO_BRA] =	{ true, 2, 2, 2, 0 },
	[MHO_ALTCOA] =	{ true, 16, 16, 8, 6 },
	[MHO_NONCE] =	{ true, 4, 4, 2, 0 },
	[MHO_BAD] =	{ true, MH_AUTH_LEN, MH_AUTH_LEN, 8, 2 },
	[MHO_CGA_REQ] =	{ true, 0, 0, 1, 0 },
	[MHO_CGA] =	{ true, 1, MH_OPT_DATA_MAX, 1, 0 },
	[MHO_SIG] =	{ true, 1, MH_OPT_DATA_MAX, 1, 0 },
	[MHO_PHKT] =	{ true, 1, MH_OPT_DATA_MAX, 1, 0 },
	[MHO_COTI] =	{ true, 0, 0, 1, 0 },
	[MHO_COT] =	{ true, MH_TOKEN_LEN, MH_TOKEN_LEN, 1, 0 },
};

#define MHO_KNOWN	(MHO_F(MHO_BRA) | MHO_F(MHO_ALTCOA) |		\
	MHO_F(MHO_NONCE) | MHO_F(MHO_BAD) | MHO_F(MHO_CGA_REQ) |	\
	MHO_F(MHO_CGA) | MHO_F(MHO_SIG) | MHO_F(MHO_PHKT) |		\
	MHO_F(MHO_COTI) | MHO_F(MHO_COT))

/* Where a run of CGA Parameters options stands while decoding. */
enum cga_run {
	CGA_NONE,		/* none seen yet */
	CGA_OPEN,		/* the last option was a full (255) one */
	CGA_CLOSED		/* a short one, or another option, ended it */
};

size_t
mh_fixed_len(uint8_t type)
{
	switch (type) {
	case MH_BRR:
		return 8;
	case MH_HOTI:
	case MH_COTI:
		return 16;
	case MH_HOT:
	case MH_COT:
		return 24;
	case MH_BU:
	case MH_BA:
		return 12;
	case MH_BE:
		return 24;
	default:
		return 0;
	}
}

/* RFC 6275 §9.5.1: newer when a - b, modulo 2^16, is in 1 .. 32767. */
bool
mh_seq_newer(uint16_t a, uint16_t b)
{
	uint16_t d = (uint16_t)(a - b);

	return d != 0 && d < 0x8000;
}

static int
mh_decode_fixed(struct rbuf *rb, struct mh_msg *m)
{
	uint8_t flags;

	switch (m->type) {
	case MH_BRR:
		return rb_skip(rb, 2);
	case MH_HOTI:
	case MH_COTI:
		if (rb_skip(rb, 2) == -1 ||
		    rb_bytes(rb, m->cookie, sizeof(m->cookie)) == -1)
			return -1;
		return 0;
	case MH_HOT:
	case MH_COT:
		if (rb_u16(rb, &m->nonce_idx) == -1 ||
		    rb_bytes(rb, m->cookie, sizeof(m->cookie)) == -1 ||
		    rb_bytes(rb, m->token, sizeof(m->token)) == -1)
			return -1;
		return 0;
	case MH_BU:
		if (rb_u16(rb, &m->seq) == -1 ||
		    rb_u16(rb, &m->flags) == -1 ||
		    rb_u16(rb, &m->lifetime) == -1)
			return -1;
		return 0;
	case MH_BA:
		if (rb_u8(rb, &m->status) == -1 || rb_u8(rb, &flags) == -1 ||
		    rb_u16(rb, &m->seq) == -1 ||
		    rb_u16(rb, &m->lifetime) == -1)
			return -1;
		m->flags = flags;
		return 0;
	case MH_BE:
		if (rb_u8(rb, &m->status) == -1 || rb_skip(rb, 1) == -1 ||
		    rb_bytes(rb, &m->hoa, sizeof(m->hoa)) == -1)
			return -1;
		return 0;
	default:
		errno = EBADMSG;
		return -1;
	}
}

/* One known option of type t, its length already checked against its
 * rule, at MH offset at. */
static int
mh_decode_opt(struct mh_opts *o, uint8_t t, struct rbuf *d, size_t at)
{
	size_t n = rb_left(d);

	switch (t) {
	case MHO_BRA:
		return rb_u16(d, &o->refresh);
	case MHO_ALTCOA:
		return rb_bytes(d, &o->alt_coa, sizeof(o->alt_coa));
	case MHO_NONCE:
		if (rb_u16(d, &o->home_nonce_idx) == -1 ||
		    rb_u16(d, &o->careof_nonce_idx) == -1)
			return -1;
		return 0;
	case MHO_BAD:
		o->bad_off = at;
		return rb_bytes(d, o->auth, sizeof(o->auth));
	case MHO_CGA:
		if (n > sizeof(o->cga_params) - o->cga_params_len)
			break;
		if (rb_bytes(d, o->cga_params + o->cga_params_len, n) == -1)
			return -1;
		o->cga_params_len += n;
		return 0;
	case MHO_SIG:
		o->sig_off = at;
		o->sig_len = n;
		return rb_bytes(d, o->sig, n);
	case MHO_PHKT:
		o->phkt_len = n;
		return rb_bytes(d, o->phkt, n);
	case MHO_COT:
		return rb_bytes(d, o->careof_token, sizeof(o->careof_token));
	case MHO_CGA_REQ:
	case MHO_COTI:
		return 0;
	default:
		break;
	}
	errno = EBADMSG;
	return -1;
}

/* The options, from the end of the fixed part to the end of the MH. */
static int
mh_decode_opts(struct rbuf *rb, struct mh_opts *o)
{
	enum cga_run cga = CGA_NONE;
	const struct mho_rule *r;
	struct rbuf d;
	uint8_t t, l;
	size_t at;

	while (rb_left(rb) > 0) {
		at = rb->off;
		if (rb_u8(rb, &t) == -1)
			return -1;
		if (t != MHO_CGA && cga == CGA_OPEN)
			cga = CGA_CLOSED;
		if (t == MHO_PAD1)
			continue;
		if (rb_u8(rb, &l) == -1 || rb_sub(rb, l, &d) == -1)
			return -1;
		if (t == MHO_PADN)
			continue;
		/* RFC 6275 §6.2.7: BAD is the last option. */
		if (o->present & MHO_F(MHO_BAD))
			goto bad;
		r = t <= MHO_TYPE_MAX ? &mho_rules[t] : NULL;
		if (r == NULL || !r->known) {
			o->unknown++;
			continue;
		}
		if (l < r->min || l > r->max)
			goto bad;
		if (t == MHO_CGA) {
			/* RFC 4866: consecutive, all but the last full. */
			if (cga == CGA_CLOSED)
				goto bad;
			cga = l == MH_OPT_DATA_MAX ? CGA_OPEN : CGA_CLOSED;
		} else if (o->present & MHO_F(t))
			goto bad;
		if (mh_decode_opt(o, t, &d, at) == -1)
			goto bad;
		o->present |= MHO_F(t);
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

int
mh_decode(const uint8_t *buf, size_t len, struct mh_msg *m)
{
	struct rbuf rb;
	uint8_t proto, hlen, type;
	size_t fixed;

	memset(m, 0, sizeof(*m));
	rb_init(&rb, buf, len);
	if (rb_u8(&rb, &proto) == -1 || rb_u8(&rb, &hlen) == -1 ||
	    rb_u8(&rb, &type) == -1 || rb_skip(&rb, 3) == -1)
		goto bad;
	/* RFC 6275 §9.2: Payload Proto, then Header Len, then the type. */
	if (proto != MH_PAYLOAD_NONE || ((size_t)hlen + 1) * 8 != len)
		goto bad;
	if ((fixed = mh_fixed_len(type)) == 0) {
		m->type = type;
		errno = EPROTONOSUPPORT;
		return -1;
	}
	if (len < fixed)
		goto bad;
	m->type = type;
	if (mh_decode_fixed(&rb, m) == -1 || mh_decode_opts(&rb, &m->opt) == -1)
		goto bad;
	return 0;
bad:
	memset(m, 0, sizeof(*m));
	errno = EBADMSG;
	return -1;
}

/* Pad1 for one octet, PadN for more (RFC 6275 §6.2.2, §6.2.3). */
static void
mh_pad(struct wbuf *wb, size_t n)
{
	if (n == 0)
		return;
	if (n == 1) {
		wb_u8(wb, MHO_PAD1);
		return;
	}
	wb_u8(wb, MHO_PADN);
	wb_u8(wb, (uint8_t)(n - MHO_HDR_LEN));
	wb_zero(wb, n - MHO_HDR_LEN);
}

/* Octets to add at offset off to reach xn + y, x a power of two. */
static size_t
mh_align(size_t off, unsigned x, unsigned y)
{
	return (y - off) & (x - 1);
}

/* Aligned option of at most 255 octets; returns the Type octet's offset. */
static size_t
mh_put_opt(struct wbuf *wb, uint8_t t, const void *data, size_t n)
{
	const struct mho_rule *r = &mho_rules[t];
	size_t at;

	mh_pad(wb, mh_align(wb->len, r->x, r->y));
	at = wb->len;
	wb_u8(wb, t);
	wb_u8(wb, (uint8_t)n);
	wb_bytes(wb, data, n);
	return at;
}

static void
mh_encode_fixed(struct wbuf *wb, const struct mh_msg *m)
{
	switch (m->type) {
	case MH_BRR:
		wb_zero(wb, 2);
		break;
	case MH_HOTI:
	case MH_COTI:
		wb_zero(wb, 2);
		wb_bytes(wb, m->cookie, sizeof(m->cookie));
		break;
	case MH_HOT:
	case MH_COT:
		wb_u16(wb, m->nonce_idx);
		wb_bytes(wb, m->cookie, sizeof(m->cookie));
		wb_bytes(wb, m->token, sizeof(m->token));
		break;
	case MH_BU:
		wb_u16(wb, m->seq);
		wb_u16(wb, m->flags);
		wb_u16(wb, m->lifetime);
		break;
	case MH_BA:
		wb_u8(wb, m->status);
		wb_u8(wb, (uint8_t)m->flags);
		wb_u16(wb, m->seq);
		wb_u16(wb, m->lifetime);
		break;
	case MH_BE:
		wb_u8(wb, m->status);
		wb_u8(wb, 0);
		wb_bytes(wb, &m->hoa, sizeof(m->hoa));
		break;
	}
}

/* The variable-length options must fit their fields and carry data. */
static int
mh_check_opts(const struct mh_msg *m)
{
	const struct mh_opts *o = &m->opt;

	if ((o->present & ~MHO_KNOWN) != 0 ||
	    (m->type == MH_BA && m->flags > UINT8_MAX)) {
		errno = EINVAL;
		return -1;
	}
	if ((o->present & MHO_F(MHO_CGA) && o->cga_params_len == 0) ||
	    (o->present & MHO_F(MHO_SIG) && o->sig_len == 0) ||
	    (o->present & MHO_F(MHO_PHKT) && o->phkt_len == 0)) {
		errno = EINVAL;
		return -1;
	}
	if ((o->present & MHO_F(MHO_CGA) &&
	    o->cga_params_len > sizeof(o->cga_params)) ||
	    (o->present & MHO_F(MHO_SIG) && o->sig_len > sizeof(o->sig)) ||
	    (o->present & MHO_F(MHO_PHKT) && o->phkt_len > sizeof(o->phkt))) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

int
mh_encode(struct mh_msg *m, uint8_t *buf, size_t cap, size_t *outlen)
{
	struct mh_opts *o = &m->opt;
	struct wbuf wb;
	uint8_t b[4];
	size_t i, n;

	if (m->type > MH_TYPE_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (mh_check_opts(m) == -1)
		return -1;
	o->sig_off = o->bad_off = 0;

	wb_init(&wb, buf, cap);
	wb_u8(&wb, MH_PAYLOAD_NONE);
	wb_u8(&wb, 0);			/* Header Len, set below */
	wb_u8(&wb, m->type);
	wb_u8(&wb, 0);			/* Reserved */
	wb_u16(&wb, 0);			/* Checksum: the caller's */
	mh_encode_fixed(&wb, m);

	/* PROFILE.md order; no padding between the CGA Parameters. */
	if (o->present & MHO_F(MHO_CGA_REQ))
		mh_put_opt(&wb, MHO_CGA_REQ, NULL, 0);
	if (o->present & MHO_F(MHO_CGA)) {
		for (i = 0; i < o->cga_params_len; i += n) {
			n = o->cga_params_len - i;
			if (n > MH_OPT_DATA_MAX)
				n = MH_OPT_DATA_MAX;
			mh_put_opt(&wb, MHO_CGA, o->cga_params + i, n);
		}
	}
	if (o->present & MHO_F(MHO_COTI))
		mh_put_opt(&wb, MHO_COTI, NULL, 0);
	if (o->present & MHO_F(MHO_COT))
		mh_put_opt(&wb, MHO_COT, o->careof_token,
		    sizeof(o->careof_token));
	if (o->present & MHO_F(MHO_BRA)) {
		put_u16(b, o->refresh);
		mh_put_opt(&wb, MHO_BRA, b, 2);
	}
	if (o->present & MHO_F(MHO_ALTCOA))
		mh_put_opt(&wb, MHO_ALTCOA, &o->alt_coa, sizeof(o->alt_coa));
	if (o->present & MHO_F(MHO_PHKT))
		mh_put_opt(&wb, MHO_PHKT, o->phkt, o->phkt_len);
	if (o->present & MHO_F(MHO_NONCE)) {
		put_u16(b, o->home_nonce_idx);
		put_u16(b + 2, o->careof_nonce_idx);
		mh_put_opt(&wb, MHO_NONCE, b, 4);
	}
	if (o->present & MHO_F(MHO_SIG))
		o->sig_off = mh_put_opt(&wb, MHO_SIG, o->sig, o->sig_len);
	if (o->present & MHO_F(MHO_BAD))
		o->bad_off = mh_put_opt(&wb, MHO_BAD, o->auth,
		    sizeof(o->auth));
	mh_pad(&wb, mh_align(wb.len, 8, 0));

	if (wb_done(&wb) == -1 || wb.len > MH_MAX_LEN) {
		o->sig_off = o->bad_off = 0;
		errno = EMSGSIZE;
		return -1;
	}
	wb_set_u8(&wb, 1, (uint8_t)(wb.len / 8 - 1));
	*outlen = wb.len;
	return 0;
}

const char *
mh_type_name(uint8_t type)
{
	static const char *const names[] = {
		[MH_BRR] = "BRR",
		[MH_HOTI] = "HoTI",
		[MH_COTI] = "CoTI",
		[MH_HOT] = "HoT",
		[MH_COT] = "CoT",
		[MH_BU] = "BU",
		[MH_BA] = "BA",
		[MH_BE] = "BE",
	};

	return type <= MH_TYPE_MAX ? names[type] : "unknown";
}

const char *
mh_opt_name(uint8_t type)
{
	static const char *const names[] = {
		[MHO_PAD1] = "Pad1",
		[MHO_PADN] = "PadN",
		[MHO_BRA] = "Binding Refresh Advice",
		[MHO_ALTCOA] = "Alternate Care-of Address",
		[MHO_NONCE] = "Nonce Indices",
		[MHO_BAD] = "Binding Authorization Data",
		[MHO_CGA_REQ] = "CGA Parameters Request",
		[MHO_CGA] = "CGA Parameters",
		[MHO_SIG] = "Signature",
		[MHO_PHKT] = "Permanent Home Keygen Token",
		[MHO_COTI] = "Care-of Test Init",
		[MHO_COT] = "Care-of Test",
	};

	if (type > MHO_TYPE_MAX || names[type] == NULL)
		return "unknown";
	return names[type];
}

const char *
mh_ba_status_name(uint8_t status)
{
	switch (status) {
	case BA_ACCEPTED:
		return "accepted";
	case 1:
		return "accepted, prefix discovery necessary";
	case BA_UNSPECIFIED:
		return "reason unspecified";
	case BA_PROHIBITED:
		return "administratively prohibited";
	case BA_NO_RESOURCES:
		return "insufficient resources";
	case BA_HOMEREG_UNSUPPORTED:
		return "home registration not supported";
	case BA_NOT_HOME_SUBNET:
		return "not home subnet";
	case BA_NOT_HOME_AGENT:
		return "not home agent for this mobile node";
	case BA_DAD_FAILED:
		return "duplicate address detection failed";
	case BA_SEQ_OUT_OF_WINDOW:
		return "sequence number out of window";
	case BA_EXPIRED_HOME_NONCE:
		return "expired home nonce index";
	case BA_EXPIRED_CAREOF_NONCE:
		return "expired care-of nonce index";
	case BA_EXPIRED_NONCES:
		return "expired nonces";
	case BA_REG_TYPE_CHANGE:
		return "registration type change disallowed";
	case BA_PHKT_UNAVAILABLE:
		return "permanent home keygen token unavailable";
	case BA_CGA_SIG_FAILED:
		return "CGA and signature verification failed";
	case BA_PHKT_EXISTS:
		return "permanent home keygen token exists";
	case BA_NONNULL_HOME_NONCE:
		return "non-null home nonce index expected";
	case BA_INVALID_COA:
		return "invalid care-of address";
	default:
		return status < 128 ? "accepted (unknown code)" :
		    "rejected (unknown code)";
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for mh_decode(): what decodes must encode, and the
 * encoding must decode to the same message and re-encode identically. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/mh.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The message fields; the offsets may move, unknown options vanish. */
static bool
mh_same(const struct mh_msg *a, const struct mh_msg *b)
{
	const struct mh_opts *x = &a->opt, *y = &b->opt;

	return a->type == b->type && a->status == b->status &&
	    a->flags == b->flags && a->seq == b->seq &&
	    a->lifetime == b->lifetime && a->nonce_idx == b->nonce_idx &&
	    memcmp(a->cookie, b->cookie, sizeof(a->cookie)) == 0 &&
	    memcmp(a->token, b->token, sizeof(a->token)) == 0 &&
	    memcmp(&a->hoa, &b->hoa, sizeof(a->hoa)) == 0 &&
	    x->present == y->present && x->refresh == y->refresh &&
	    memcmp(&x->alt_coa, &y->alt_coa, sizeof(x->alt_coa)) == 0 &&
	    x->home_nonce_idx == y->home_nonce_idx &&
	    x->careof_nonce_idx == y->careof_nonce_idx &&
	    x->cga_params_len == y->cga_params_len &&
	    memcmp(x->cga_params, y->cga_params, x->cga_params_len) == 0 &&
	    x->sig_len == y->sig_len &&
	    memcmp(x->sig, y->sig, x->sig_len) == 0 &&
	    x->phkt_len == y->phkt_len &&
	    memcmp(x->phkt, y->phkt, x->phkt_len) == 0 &&
	    memcmp(x->careof_token, y->careof_token,
	    sizeof(x->careof_token)) == 0 &&
	    memcmp(x->auth, y->auth, sizeof(x->auth)) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mh_msg m, d;
	static uint8_t out[MH_MAX_LEN], again[MH_MAX_LEN];
	size_t n, n2;

	if (mh_decode(data, size, &m) == -1) {
		if (errno != EBADMSG && errno != EPROTONOSUPPORT)
			abort();
		if (errno == EPROTONOSUPPORT && m.type <= MH_TYPE_MAX)
			abort();
		return 0;
	}
	if (size % 8 != 0 || m.type > MH_TYPE_MAX)
		abort();
	if ((m.opt.present & MHO_F(MHO_SIG)) &&
	    (m.opt.sig_off < mh_fixed_len(m.type) || m.opt.sig_off >= size ||
	    data[m.opt.sig_off] != MHO_SIG))
		abort();
	if ((m.opt.present & MHO_F(MHO_BAD)) &&
	    (m.opt.bad_off < mh_fixed_len(m.type) ||
	    m.opt.bad_off + 2 + MH_AUTH_LEN > size ||
	    data[m.opt.bad_off] != MHO_BAD))
		abort();

	if (mh_encode(&m, out, sizeof(out), &n) == -1)
		abort();
	if (n % 8 != 0 || out[1] != n / 8 - 1 || out[4] != 0 || out[5] != 0)
		abort();
	if (mh_decode(out, n, &d) == -1 || !mh_same(&m, &d) ||
	    d.opt.unknown != 0)
		abort();
	if ((d.opt.present & MHO_F(MHO_BAD)) && d.opt.bad_off % 8 != 2)
		abort();
	if (mh_encode(&d, again, sizeof(again), &n2) == -1 || n2 != n ||
	    memcmp(out, again, n) != 0)
		abort();
	return 0;
}

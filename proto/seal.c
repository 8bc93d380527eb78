// SPDX-License-Identifier: GPL-2.0-only
/* Encode, sign, authenticate and wrap an outgoing Mobility Header. */
#include <errno.h>
#include <string.h>

#include "proto/auth.h"
#include "proto/ip6.h"
#include "proto/seal.h"

int
seal_mh(struct mh_msg *m, const struct seal *s, uint8_t *buf, size_t cap,
    size_t *len)
{
	uint8_t mh[MH_MAX_LEN];
	struct ip6_pkt p;
	size_t mhlen, siglen;

	if (s->sign_key != NULL) {
		siglen = auth_sig_len(s->sign_key);
		if (siglen == 0 || siglen > sizeof(m->opt.sig)) {
			errno = EMSGSIZE;
			return -1;
		}
		m->opt.present |= MHO_F(MHO_SIG);
		m->opt.sig_len = siglen;
		memset(m->opt.sig, 0, siglen);
	}
	if (s->kbm != NULL) {
		m->opt.present |= MHO_F(MHO_BAD);
		memset(m->opt.auth, 0, sizeof(m->opt.auth));
	}
	if (mh_encode(m, mh, sizeof(mh), &mhlen) == -1)
		return -1;

	/* The signature covers the MH up to its own Length octet, so it is
	 * made first; the authenticator covers the signature. */
	if (s->sign_key != NULL) {
		if (auth_sig_sign(s->sign_key, &s->coa, &s->peer, mh,
		    m->opt.sig_off + 2, m->opt.sig, sizeof(m->opt.sig),
		    &siglen) == -1)
			return -1;
		if (siglen != m->opt.sig_len) {
			errno = EINVAL;
			return -1;
		}
		memcpy(mh + m->opt.sig_off + 2, m->opt.sig, siglen);
	}
	if (s->kbm != NULL) {
		if (auth_authenticator(s->kbm, &s->coa, &s->peer, mh, mhlen,
		    m->opt.bad_off, m->opt.auth) == -1)
			return -1;
		memcpy(mh + m->opt.bad_off + 2, m->opt.auth,
		    sizeof(m->opt.auth));
	}

	memset(&p, 0, sizeof(p));
	p.src = s->src;
	p.dst = s->dst;
	if (s->hao != NULL) {
		p.has_hao = true;
		p.hoa = *s->hao;
	}
	if (s->rh2 != NULL) {
		p.has_rh2 = true;
		p.rh2_addr = *s->rh2;
	}
	p.nxt = IP6_NXT_MH;
	p.payload = mh;
	p.payload_len = mhlen;
	return ip6_build(&p, buf, cap, len);
}

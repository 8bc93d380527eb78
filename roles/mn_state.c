// SPDX-License-Identifier: GPL-2.0-only
/* The MN's state file: its binding update list saved (batched, atomic,
 * 0600) beside its key, and at start restored and the kernel converged on
 * it, so that a restarted `fama mn` keeps the addresses, tunnels and
 * tokens of the one before, and the sockets that use them. */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netns/addr.h"
#include "netns/nl.h"
#include "netns/tunnel.h"
#include "proto/statefile.h"
#include "roles/common.h"
#include "roles/keyfile.h"
#include "roles/log.h"
#include "roles/mn_state.h"

static int	mn_state_encode(void *, uint8_t **, size_t *, size_t *);

int
mn_state_init(struct mn_state *ms, const char *path, const char *keyfile,
    const uint8_t *spki, size_t spki_len, const struct mn_state_hooks *h)
{
	char def[PATH_MAX];

	memset(ms, 0, sizeof(*ms));
	ms->h = *h;
	if (!EVP_Digest(spki, spki_len, ms->spki_sha256, NULL, EVP_sha256(),
	    NULL)) {
		log_warnx("state file: SHA-256 failed");
		errno = EINVAL;
		return -1;
	}
	if (path == NULL || *path == '\0') {
		if (snprintf(def, sizeof(def), "%s%s", keyfile,
		    MN_STATE_SUFFIX) >= (int)sizeof(def)) {
			log_warnx("state file: %s%s: name too long", keyfile,
			    MN_STATE_SUFFIX);
			errno = ENAMETOOLONG;
			return -1;
		}
		path = def;
	}
	return state_writer_init(&ms->w, path, mn_state_encode, ms);
}

/* Is a the care-of address?  Only it is home or returning home. */
static bool
is_current(const struct bul_addr *a)
{
	return a->state == BULA_HOME || a->state == BULA_RETURNING;
}

static int
mn_state_encode(void *arg, uint8_t **out, size_t *outlen, size_t *count)
{
	struct mn_state *ms = arg;
	const struct bul_addr *a, *primary = bul_primary(ms->h.bul);
	struct statefile_mn_addr *s;
	struct statefile_mn *f;
	uint64_t mono = ev_now_ms(), real = state_real_ms();
	bool have_cur = false;
	uint8_t *buf = NULL;
	size_t i, size;
	int rc = -1;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->saved_at = real;
	memcpy(f->spki_sha256, ms->spki_sha256, sizeof(f->spki_sha256));
	for (i = 0; i < bul_count(ms->h.bul) && f->count < BUL_MAX_ADDRS;
	    i++) {
		a = bul_get(ms->h.bul, i);
		s = &f->addr[f->count++];
		s->a = *a;
		/* only what the file keeps, in its canonical form */
		if (!a->has_phkt)
			memset(s->a.phkt, 0, sizeof(s->a.phkt));
		if (!a->seq_valid)
			s->a.seq = 0;
		if (!a->tunnel)
			memset(&s->a.tunnel_coa, 0, sizeof(s->a.tunnel_coa));
		if (!a->acked)
			memset(&s->a.acked_coa, 0, sizeof(s->a.acked_coa));
		s->a.bound_until = statefile_to_real(a->bound_until, mono,
		    real);
		s->current = !have_cur && is_current(a);
		have_cur = have_cur || s->current;
		s->primary = a == primary;
		ms->h.marks(&a->addr, &s->pinned, &s->released, ms->h.arg);
	}
	if ((size = statefile_mn_size(f->count)) == SIZE_MAX ||
	    (buf = malloc(size)) == NULL) {
		errno = ENOMEM;
		goto out;
	}
	if (statefile_mn_encode(f, buf, size, outlen) == -1) {
		free(buf);
		goto out;
	}
	*out = buf;
	*count = f->count;
	rc = 0;
out:
	state_cleanse(f, sizeof(*f));
	free(f);
	return rc;
}

void
mn_state_changed(struct mn_state *ms)
{
	state_writer_changed(&ms->w);
}

void
mn_state_stop(struct mn_state *ms)
{
	state_writer_stop(&ms->w);
}

/* --- start ---------------------------------------------------------------- */

/* The saved list, if there is a file to trust: decoded into f. */
static bool
mn_state_read(struct mn_state *ms, struct statefile_mn *f)
{
	const char *why = NULL;
	uint8_t *buf;
	size_t len;
	bool trusted, ok = false;

	if (state_read(ms->w.path, statefile_mn_size(BUL_MAX_ADDRS), &buf,
	    &len, &trusted) == -1)
		return false;
	if (statefile_mn_decode(buf, len, f, &why) == -1)
		state_set_aside(ms->w.path, why);
	else if (memcmp(f->spki_sha256, ms->spki_sha256,
	    sizeof(f->spki_sha256)) != 0)
		log_warnx("state file %s: of another key, not used; it will "
		    "be replaced", ms->w.path);
	else
		ok = true;
	keyfile_free_private(buf, len);
	return ok;
}

struct mn_restore {
	size_t	restored;
	size_t	refused;
	size_t	adopted;	/* no file: away addresses to release */
	size_t	addrs_removed;
	size_t	tunnels_removed;
};

static void
restore_saved(struct mn_state *ms, struct statefile_mn *f,
    struct mn_restore *st)
{
	uint64_t mono = ev_now_ms(), real = state_real_ms();
	struct statefile_mn_addr *s;
	char a[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < f->count; i++) {
		s = &f->addr[i];
		s->a.bound_until = statefile_to_mono(s->a.bound_until, mono,
		    real);
		if (bul_restore(ms->h.bul, &s->a, s->current, s->primary,
		    mono) == -1) {
			if (++st->refused <= 5)
				log_warnx("state file: %s not restored: %s",
				    addr_str(&s->a.addr, a, sizeof(a)),
				    strerror(errno));
			continue;
		}
		st->restored++;
		ms->h.set_marks(&s->a.addr, s->pinned, s->released, ms->h.arg);
	}
}

static bool
owned_at(const struct addr_info *v, size_t n, const struct in6_addr *a,
    int ifindex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ifindex == ifindex &&
		    memcmp(&v[i].addr, a, sizeof(*a)) == 0)
			return true;
	return false;
}

/*
 * No file: of what an earlier run left, the away addresses whose anchor
 * the kernel's reverse tunnel names can still be released (or, wanted,
 * registered again) with a signature.  They come back unwanted.
 */
static void
restore_leftovers(struct mn_state *ms, const struct tunnel_entry *k,
    size_t nk, const struct addr_info *own, size_t nown, int lo,
    struct mn_restore *st)
{
	static const struct in6_addr any;
	struct bul_addr a;
	size_t i;

	for (i = 0; i < nk; i++) {
		if (k[i].kind != TUNNEL_ENCAP_SRC ||
		    memcmp(&k[i].remote, &any, sizeof(any)) == 0 ||
		    !owned_at(own, nown, &k[i].addr, lo))
			continue;
		memset(&a, 0, sizeof(a));
		a.addr = k[i].addr;
		a.anchor = k[i].remote;
		memcpy(a.prefix, a.addr.s6_addr, CGA_PREFIX_LEN);
		a.state = BULA_RELEASING;
		/* the collision count is not in the kernel: try each */
		for (a.cc = 0; a.cc <= CGA_CC_MAX; a.cc++)
			if (bul_restore(ms->h.bul, &a, false, false,
			    ev_now_ms()) == 0) {
				st->adopted++;
				break;
			}
	}
}

static void
emit(struct mn_state *ms, enum bul_act_type type, const struct bul_addr *a,
    bool preferred)
{
	struct bul_action act;

	memset(&act, 0, sizeof(act));
	act.type = type;
	act.status = -1;
	act.addr = a->addr;
	act.anchor = a->anchor;
	act.coa = a->tunnel_coa;
	act.preferred = preferred;
	ms->h.emit(ms->h.arg, &act);
}

/* The kernel as the list says, through mn.c's own actions; then what
 * fama owns beyond it goes. */
static void
converge(struct mn_state *ms, struct nl *nl, struct tunnel *tun,
    const struct tunnel_entry *k, size_t nk, const struct addr_info *own,
    size_t nown, int ifindex, int lo, bool single_anchor,
    struct mn_restore *st)
{
	const struct bul_addr *a, *cur = NULL, *primary;
	size_t i, j, n = bul_count(ms->h.bul);
	struct addr_info del;

	primary = bul_primary(ms->h.bul);
	for (i = 0; i < n; i++) {
		a = bul_get(ms->h.bul, i);
		if (cur == NULL && is_current(a)) {
			cur = a;
			emit(ms, BUL_ACT_ADDR_ONLINK, a, !single_anchor ||
			    a == primary);
		} else
			emit(ms, BUL_ACT_ADDR_AWAY, a, single_anchor &&
			    a == primary);
		if (a->tunnel)
			emit(ms, BUL_ACT_TUNNEL_UP, a, false);
	}
	for (i = 0; i < nown; i++) {
		if (own[i].ifindex != ifindex && own[i].ifindex != lo)
			continue;
		for (j = 0; j < n; j++) {
			a = bul_get(ms->h.bul, j);
			if (memcmp(&a->addr, &own[i].addr, 16) == 0 &&
			    own[i].ifindex == (a == cur ? ifindex : lo))
				break;
		}
		if (j < n)
			continue;
		del = own[i];
		if (addr_del(nl, &del) == 0)
			st->addrs_removed++;
	}
	if (n == 0) {
		/* nothing to keep: everything, orphans included */
		for (i = 0; i < nk; i++)
			if (k[i].kind != TUNNEL_ENCAP_DST)
				st->tunnels_removed++;
		if (tunnel_flush(tun) == -1)
			log_warnx("state: removing tunnels: %s: %s",
			    strerror(errno), nl_last_extack(nl));
		return;
	}
	for (i = 0; i < nk; i++) {
		a = bul_find(ms->h.bul, &k[i].addr);
		if (k[i].kind == TUNNEL_ENCAP_SRC && (a == NULL ||
		    !a->tunnel)) {
			if (tunnel_mn_down(tun, &k[i].addr) == 0)
				st->tunnels_removed++;
		} else if (k[i].kind == TUNNEL_DECAP && a != cur) {
			if (tunnel_mn_decap_down(tun, &k[i].addr) == 0)
				st->tunnels_removed++;
		}
	}
}

void
mn_state_start(struct mn_state *ms, struct nl *nl, struct tunnel *tun,
    int ifindex, int lo, bool single_anchor)
{
	struct tunnel_entry *k = NULL;
	struct addr_info *own = NULL;
	struct statefile_mn *f;
	struct mn_restore st;
	size_t nk = 0, nown = 0;
	bool ok = false;

	memset(&st, 0, sizeof(st));
	if (tunnel_list(tun, &k, &nk) == -1) {
		log_warnx("state: the kernel's tunnels: %s: %s",
		    strerror(errno), nl_last_extack(nl));
		k = NULL;
		nk = 0;
	}
	if (addr_list_owned(nl, 0, &own, &nown) == -1) {
		log_warn("state: fama's addresses");
		own = NULL;
		nown = 0;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL)
		log_warnx("state file: out of memory");
	else if (ms->w.path[0] != '\0' && mn_state_read(ms, f)) {
		ok = true;
		restore_saved(ms, f, &st);
	}
	if (!ok)
		restore_leftovers(ms, k, nk, own, nown, lo, &st);
	converge(ms, nl, tun, k, nk, own, nown, ifindex, lo, single_anchor,
	    &st);
	if (ok)
		log_info("state file %s: %zu addresses restored, %zu refused",
		    ms->w.path, st.restored, st.refused);
	if (st.adopted > 0 || st.addrs_removed > 0 || st.tunnels_removed > 0)
		log_info("kernel: %zu away addresses of an earlier run to "
		    "release, %zu addresses and %zu tunnels of it removed",
		    st.adopted, st.addrs_removed, st.tunnels_removed);
	if (f != NULL) {
		state_cleanse(f, sizeof(*f));
		free(f);
	}
	free(k);
	free(own);
	state_writer_arm(&ms->w);
	if (!ok || st.refused > 0)
		mn_state_changed(ms);
}

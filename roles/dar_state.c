// SPDX-License-Identifier: GPL-2.0-only
/* The DAR's state file: saving the binding cache (batched, atomic, 0600),
 * and at start restoring it and converging the kernel on it, so that a
 * DAR killed and restarted keeps its bindings, tokens and tunnels. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netns/neigh.h"
#include "netns/nft.h"
#include "netns/nl.h"
#include "netns/tunnel.h"
#include "proto/bc.h"
#include "proto/statefile.h"
#include "roles/common.h"
#include "roles/dar_state.h"
#include "roles/keyfile.h"
#include "roles/log.h"
#include "roles/state.h"

static int	dar_state_encode(void *, uint8_t **, size_t *, size_t *);

void
dar_state_init(struct dar_state *ds, const char *path, struct bc *bc,
    size_t max_entries)
{
	memset(ds, 0, sizeof(*ds));
	ds->bc = bc;
	ds->max_entries = max_entries;
	state_writer_init(&ds->w, path, dar_state_encode, ds);
}

/* --- saving ----------------------------------------------------------- */

struct collect {
	struct bc_entry	*v;
	size_t		 n;
	size_t		 cap;
	uint64_t	 mono;
	uint64_t	 real;
};

static void
collect_cb(const struct bc_entry *e, void *arg)
{
	struct collect *c = arg;
	struct bc_entry *o;

	if (c->n == c->cap)
		return;
	o = &c->v[c->n++];
	*o = *e;
	o->created = statefile_to_real(e->created, c->mono, c->real);
	o->updated = statefile_to_real(e->updated, c->mono, c->real);
	o->deadline = statefile_to_real(e->deadline, c->mono, c->real);
}

static int
dar_state_encode(void *arg, uint8_t **out, size_t *outlen, size_t *count)
{
	struct dar_state *ds = arg;
	struct collect c;
	uint8_t *buf = NULL;
	size_t size;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.cap = bc_count(ds->bc, NULL);
	c.mono = ev_now_ms();
	c.real = state_real_ms();
	if (c.cap > 0 && (c.v = calloc(c.cap, sizeof(*c.v))) == NULL)
		return -1;
	bc_walk(ds->bc, collect_cb, &c);
	if ((size = statefile_dar_size(c.n)) == SIZE_MAX) {
		errno = ENOMEM;
		goto out;
	}
	if ((buf = malloc(size)) == NULL)
		goto out;
	if (statefile_dar_encode(c.v, c.n, c.real, buf, size, outlen) == -1) {
		free(buf);
		goto out;
	}
	*out = buf;
	*count = c.n;
	rc = 0;
out:
	state_cleanse(c.v, c.cap * sizeof(*c.v));
	free(c.v);
	return rc;
}

void
dar_state_changed(struct dar_state *ds)
{
	state_writer_changed(&ds->w);
}

void
dar_state_stop(struct dar_state *ds)
{
	state_writer_stop(&ds->w);
}

/* --- loading ------------------------------------------------------------ */

/* The file's entries, decoded; NULL and 0 when there is nothing to
 * restore (no file, or one refused: *trusted false then). */
static struct bc_entry *
dar_state_read(struct dar_state *ds, size_t *n, uint64_t *saved_at,
    bool *trusted)
{
	struct statefile_dar f;
	struct bc_entry *v = NULL;
	const char *why = NULL;
	uint8_t *buf;
	size_t len, i;

	*n = 0;
	*saved_at = 0;
	if (state_read(ds->w.path, statefile_dar_size(ds->max_entries), &buf,
	    &len, trusted) == -1)
		return NULL;
	if (statefile_dar_decode(buf, len, &f, &why) == -1)
		goto bad;
	why = "out of memory";
	if (f.count > 0 && (v = calloc(f.count, sizeof(*v))) == NULL)
		goto bad;
	for (i = 0; i < f.count; i++)
		if (statefile_dar_entry(&f, i, &v[i]) == -1)
			goto bad;
	*n = f.count;
	*saved_at = f.saved_at;
	keyfile_free_private(buf, len);
	return v;
bad:
	*trusted = false;
	if (v != NULL) {
		state_cleanse(v, f.count * sizeof(*v));
		free(v);
	}
	keyfile_free_private(buf, len);
	state_set_aside(ds->w.path, why);
	return NULL;
}

static const struct tunnel_entry *
kernel_tunnel(const struct tunnel_entry *k, size_t nk,
    const struct in6_addr *hoa)
{
	size_t i;

	for (i = 0; i < nk; i++)
		if (k[i].kind == TUNNEL_ENCAP_DST &&
		    memcmp(&k[i].addr, hoa, sizeof(*hoa)) == 0)
			return &k[i];
	return NULL;
}

struct restore {
	size_t	bindings;
	size_t	tokens;
	size_t	expired;	/* bound in the file, ended while down */
	size_t	forgotten;	/* token hold over too */
	size_t	newer;		/* the kernel's care-of address won */
	size_t	adopted;	/* a tunnel the file did not know */
	size_t	refused;	/* bc_restore said no */
};

static void
restore_one(struct dar_state *ds, struct bc_entry *e, uint64_t now,
    struct restore *st)
{
	char h[INET6_ADDRSTRLEN];

	if (bc_restore(ds->bc, e, now) == -1) {
		/* the first few by name, the rest in the summary */
		if (++st->refused <= 5)
			log_warnx("state file: %s not restored: %s",
			    addr_str(&e->hoa, h, sizeof(h)), strerror(errno));
		return;
	}
	if (e->state == BCE_BOUND)
		st->bindings++;
	else
		st->tokens++;
}

/*
 * The file's entries into the cache, in monotonic time, with what the
 * kernel's tunnels say where they are newer.
 */
static void
dar_state_restore(struct dar_state *ds, struct bc_entry *v, size_t n,
    const struct tunnel_entry *k, size_t nk, uint32_t max_lifetime,
    uint32_t token_hold, const struct dar_state_links *links,
    struct restore *st)
{
	const struct tunnel_entry *kt;
	uint64_t mono = ev_now_ms(), real = state_real_ms(), end;
	struct bc_entry e;
	size_t i;

	for (i = 0; i < n; i++) {
		e = v[i];
		e.created = statefile_to_mono(e.created, mono, real);
		e.updated = statefile_to_mono(e.updated, mono, real);
		e.deadline = statefile_to_mono(e.deadline, mono, real);
		kt = kernel_tunnel(k, nk, &e.hoa);
		if (e.state == BCE_BOUND && e.deadline <= mono) {
			/* It ended while the DAR was down: what the cache
			 * would have done, a token held from then on. */
			st->expired++;
			e.state = BCE_IDLE;
			end = e.deadline + (uint64_t)token_hold * 1000;
			if (end <= mono) {
				st->forgotten++;
				continue;
			}
			e.deadline = end;
		} else if (kt != NULL && (e.state == BCE_IDLE ||
		    memcmp(&e.coa, &kt->remote, sizeof(e.coa)) != 0)) {
			/* Bound, or moved, after the file was written. */
			st->newer++;
			if (e.state == BCE_IDLE)
				e.deadline = mono + (uint64_t)(e.lifetime > 0 ?
				    e.lifetime : max_lifetime) * 1000;
			e.state = BCE_BOUND;
			e.coa = kt->remote;
		}
		restore_one(ds, &e, mono, st);
	}
	state_cleanse(&e, sizeof(e));
	/* A tunnel the file does not know: a first registration in the
	 * moments before the old process died.  Adopted without a token,
	 * for the longest lifetime the DAR grants. */
	for (i = 0; i < nk; i++) {
		if (k[i].kind != TUNNEL_ENCAP_DST ||
		    bc_lookup(ds->bc, &k[i].addr) != NULL)
			continue;
		memset(&e, 0, sizeof(e));
		e.hoa = k[i].addr;
		e.coa = k[i].remote;
		if (links->home(&e.hoa, &e.anchor, links->arg) <= 0)
			continue;
		e.state = BCE_BOUND;
		e.auth = BC_AUTH_NONE;
		e.lifetime = max_lifetime;
		e.created = e.updated = mono;
		e.deadline = mono + (uint64_t)max_lifetime * 1000;
		st->adopted++;
		restore_one(ds, &e, mono, st);
	}
}

/* --- the kernel ----------------------------------------------------------- */

struct bound {
	struct in6_addr	*hoa;
	struct in6_addr	*coa;
	size_t		 n;
	size_t		 cap;
};

static void
bound_cb(const struct bc_entry *e, void *arg)
{
	struct bound *b = arg;

	if (e->state != BCE_BOUND || b->n == b->cap)
		return;
	b->hoa[b->n] = e->hoa;
	b->coa[b->n] = e->coa;
	b->n++;
}

static bool
bound_has(const struct bound *b, const struct in6_addr *hoa,
    const struct in6_addr *coa)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (memcmp(&b->hoa[i], hoa, sizeof(*hoa)) == 0 &&
		    (coa == NULL || memcmp(&b->coa[i], coa,
		    sizeof(*coa)) == 0))
			return true;
	return false;
}

struct converge {
	size_t	kept;
	size_t	installed;
	size_t	removed;
	size_t	decap_removed;
	size_t	proxies_added;
	size_t	proxies_removed;
	size_t	errors;
};

static void
kerr(struct nl *nl, struct converge *cv, const char *what,
    const struct in6_addr *a)
{
	char s[INET6_ADDRSTRLEN];

	if (++cv->errors <= 5)
		log_warnx("state: %s %s: %s%s%s", what, addr_str(a, s,
		    sizeof(s)), strerror(errno), *nl_last_extack(nl) ? ": " :
		    "", nl_last_extack(nl));
}

static void
converge_tunnels(struct nl *nl, struct tunnel *tun,
    const struct tunnel_entry *k, size_t nk, const struct bound *b,
    const struct dar_state_links *links, struct converge *cv)
{
	size_t i, j;

	for (i = 0; i < nk; i++) {
		if (k[i].kind == TUNNEL_DECAP &&
		    !links->is_anchor(&k[i].addr, links->arg)) {
			if (tunnel_anchor_decap_down(tun, &k[i].addr) == -1)
				kerr(nl, cv, "decapsulation down", &k[i].addr);
			else
				cv->decap_removed++;
		}
		if (k[i].kind != TUNNEL_ENCAP_DST)
			continue;
		if (bound_has(b, &k[i].addr, &k[i].remote))
			cv->kept++;
		else if (!bound_has(b, &k[i].addr, NULL)) {
			if (tunnel_anchor_down(tun, &k[i].addr) == -1 &&
			    errno != ESRCH && errno != ENOENT)
				kerr(nl, cv, "tunnel down", &k[i].addr);
			else
				cv->removed++;
		}
	}
	for (j = 0; j < b->n; j++) {
		for (i = 0; i < nk; i++)
			if (k[i].kind == TUNNEL_ENCAP_DST &&
			    memcmp(&k[i].addr, &b->hoa[j], 16) == 0 &&
			    memcmp(&k[i].remote, &b->coa[j], 16) == 0)
				break;
		if (i < nk)
			continue;
		if (tunnel_anchor_up(tun, &b->hoa[j], &b->coa[j], 0) == -1)
			kerr(nl, cv, "tunnel up", &b->hoa[j]);
		else
			cv->installed++;
	}
}

/* Every binding's counters, a few hundred to a transaction. */
static void
converge_counters(const char *table, const struct bound *b,
    struct converge *cv)
{
	struct nft_addr_op ops[256];
	const size_t max = sizeof(ops) / sizeof(ops[0]);
	char s[INET6_ADDRSTRLEN];
	size_t i, j, m;

	for (i = 0; i < b->n; i += m) {
		m = b->n - i < max ? b->n - i : max;
		for (j = 0; j < m; j++) {
			ops[j].addr = b->hoa[i + j];
			ops[j].add = true;
		}
		if (nft_counters_addrs(table, ops, m) == 0)
			continue;
		for (j = 0; j < m; j++)
			if (ops[j].error != 0) {
				cv->errors++;
				log_warnx("state: counters of %s: %s",
				    addr_str(&ops[j].addr, s, sizeof(s)),
				    strerror(ops[j].error));
			}
	}
}

static void
converge_proxies(struct nl *nl, const struct bound *b,
    const struct dar_state_links *links, struct converge *cv)
{
	struct neigh_info *v = NULL;
	struct in6_addr anchor;
	size_t i, j, n = 0;
	int link;

	if (neigh_proxy_list(nl, 0, &v, &n) == -1) {
		log_warn("state: proxy entries");
		cv->errors++;
		return;
	}
	for (i = 0; i < n; i++) {
		if (v[i].protocol != NL_RTPROT_FAMA)
			continue;
		if (bound_has(b, &v[i].dst, NULL) && links->home(&v[i].dst,
		    &anchor, links->arg) == v[i].ifindex)
			continue;
		if (neigh_proxy_del(nl, v[i].ifindex, &v[i].dst) == -1 &&
		    errno != ENOENT)
			kerr(nl, cv, "proxy entry", &v[i].dst);
		else
			cv->proxies_removed++;
	}
	for (j = 0; j < b->n; j++) {
		if ((link = links->home(&b->hoa[j], &anchor, links->arg)) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (v[i].protocol == NL_RTPROT_FAMA &&
			    v[i].ifindex == link &&
			    memcmp(&v[i].dst, &b->hoa[j], 16) == 0)
				break;
		if (i < n)
			continue;
		if (neigh_proxy_claim(nl, link, &b->hoa[j]) == -1)
			kerr(nl, cv, "proxy entry", &b->hoa[j]);
		else
			cv->proxies_added++;
	}
	free(v);
}

void
dar_state_start(struct dar_state *ds, struct nl *nl, struct tunnel *tun,
    const char *nft_table, uint32_t max_lifetime, uint32_t token_hold,
    const struct dar_state_links *links)
{
	struct tunnel_entry *k = NULL;
	struct bc_entry *v = NULL;
	struct restore st;
	struct converge cv;
	struct bound b;
	uint64_t saved_at = 0;
	size_t n = 0, nk = 0;
	bool trusted = false;
	char age[32];

	memset(&st, 0, sizeof(st));
	memset(&cv, 0, sizeof(cv));
	memset(&b, 0, sizeof(b));
	if (tunnel_list(tun, &k, &nk) == -1) {
		log_warnx("state: the kernel's tunnels: %s: %s",
		    strerror(errno), nl_last_extack(nl));
		k = NULL;
		nk = 0;
	}
	if (ds->w.path[0] != '\0')
		v = dar_state_read(ds, &n, &saved_at, &trusted);
	/* Without a file to trust, the kernel's tunnels are a stranger's. */
	dar_state_restore(ds, v, n, k, trusted ? nk : 0, max_lifetime,
	    token_hold, links, &st);
	if (v != NULL) {
		state_cleanse(v, n * sizeof(*v));
		free(v);
	}
	n = bc_count(ds->bc, &b.cap);
	if (b.cap > 0 && ((b.hoa = calloc(b.cap, sizeof(*b.hoa))) == NULL ||
	    (b.coa = calloc(b.cap, sizeof(*b.coa))) == NULL)) {
		log_warnx("state: out of memory");
		b.cap = 0;
	}
	bc_walk(ds->bc, bound_cb, &b);
	converge_tunnels(nl, tun, k, nk, &b, links, &cv);
	converge_proxies(nl, &b, links, &cv);
	/* The table was made anew at start: every binding's counters. */
	converge_counters(nft_table, &b, &cv);
	if (ds->w.path[0] != '\0' && saved_at != 0)
		log_info("state file %s (saved %s ago): %zu bindings and %zu "
		    "tokens restored, %zu bindings ended while down (%zu "
		    "forgotten), %zu newer in the kernel, %zu adopted, %zu "
		    "refused", ds->w.path, dur_str(state_real_ms() > saved_at ?
		    state_real_ms() - saved_at : 0, age, sizeof(age)),
		    st.bindings, st.tokens, st.expired, st.forgotten,
		    st.newer, st.adopted, st.refused);
	if (nk > 0 || b.n > 0)
		log_info("kernel: %zu tunnels kept, %zu installed, %zu "
		    "removed, %zu decapsulations removed, proxy entries %zu "
		    "added %zu removed, %zu errors", cv.kept, cv.installed,
		    cv.removed, cv.decap_removed, cv.proxies_added,
		    cv.proxies_removed, cv.errors);
	free(b.hoa);
	free(b.coa);
	free(k);
	state_writer_arm(&ds->w);
	/* The file says what the cache holds now (entries dropped,
	 * adopted, or a refused file replaced). */
	if (ds->w.path[0] != '\0' && (st.expired > 0 || st.newer > 0 ||
	    st.adopted > 0 || st.refused > 0 || !trusted))
		dar_state_changed(ds);
}

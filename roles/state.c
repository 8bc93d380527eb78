// SPDX-License-Identifier: GPL-2.0-only
/* The daemons' state files: reading with the rules of a secret, writing
 * atomically (roles/keyfile) and batched in the event loop. */
#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roles/daemon.h"
#include "roles/keyfile.h"
#include "roles/log.h"
#include "roles/state.h"

static int	state_timer_cb(struct ev_timer *, void *);

int
state_writer_init(struct state_writer *w, const char *path,
    int (*encode)(void *, uint8_t **, size_t *, size_t *), void *arg)
{
	memset(w, 0, sizeof(*w));
	w->encode = encode;
	w->arg = arg;
	ev_timer_init(&w->timer, state_timer_cb, w);
	if (path == NULL || *path == '\0' || strcmp(path, STATE_NONE) == 0)
		return 0;
	if (strlen(path) >= sizeof(w->path)) {
		log_warnx("state file %.64s...: name too long", path);
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(w->path, sizeof(w->path), "%s", path);
	/* Now, while root: after the drop the daemon's user may not be
	 * allowed to make it. */
	if (daemon_mkparent(w->path, 0700) == -1)
		log_warn("state file %s: its directory", w->path);
	return 0;
}

void
state_writer_arm(struct state_writer *w)
{
	w->armed = true;
}

static int
state_save(struct state_writer *w)
{
	char msg[KEYFILE_MSG_LEN];
	uint8_t *buf = NULL;
	size_t len = 0, n = 0;
	uint64_t t0 = ev_now_ms();
	int rc;

	if ((rc = w->encode(w->arg, &buf, &len, &n)) == -1)
		snprintf(msg, sizeof(msg), "%.300s: %s", w->path,
		    strerror(errno));
	else if ((rc = keyfile_write_private(w->path, buf, len, msg,
	    sizeof(msg))) == -1 && errno == ENOENT &&
	    daemon_mkparent(w->path, 0700) == 0)
		/* the directory was removed under us */
		rc = keyfile_write_private(w->path, buf, len, msg,
		    sizeof(msg));
	if (buf != NULL) {
		state_cleanse(buf, len);
		free(buf);
	}
	w->last_ms = ev_now_ms();
	w->cost_ms = w->last_ms - t0;
	if (rc == 0) {
		w->dirty = false;
		if (w->failing)
			log_info("state file %s written again", w->path);
		w->failing = false;
		log_debug("state file: %zu entries written in %llu ms", n,
		    (unsigned long long)w->cost_ms);
	} else if (!w->failing) {
		log_warnx("state file not written: %s", msg);
		w->failing = true;
	}
	return rc;
}

static int
state_timer_cb(struct ev_timer *t, void *arg)
{
	struct state_writer *w = arg;

	(void)t;
	if (w->dirty && state_save(w) == -1)
		/* again later, not in a loop */
		ev_timer_add(&w->timer, 1000);
	return 0;
}

void
state_writer_changed(struct state_writer *w)
{
	uint64_t gap, now;

	if (w->path[0] == '\0' || !w->armed)
		return;
	w->dirty = true;
	if (ev_timer_pending(&w->timer))
		return;
	now = ev_now_ms();
	gap = w->cost_ms * 4 > STATE_DELAY_MS ? w->cost_ms * 4 :
	    STATE_DELAY_MS;
	/* After a quiet time soon, but not in the middle of a handover:
	 * what a crash loses is then only what changed in the last
	 * moments (and is repaired by the protocol: a BU retransmitted, a
	 * sequence number or a token refused and made again). */
	if (w->last_ms == 0 || w->last_ms + gap <= now + STATE_QUIET_MS)
		ev_timer_add(&w->timer, STATE_QUIET_MS);
	else
		ev_timer_add(&w->timer, w->last_ms + gap - now);
}

void
state_writer_stop(struct state_writer *w)
{
	ev_timer_cancel(&w->timer);
	if (w->path[0] != '\0' && w->armed && w->dirty)
		state_save(w);
}

int
state_read(const char *path, size_t max, uint8_t **buf, size_t *len,
    bool *trusted)
{
	char msg[KEYFILE_MSG_LEN];

	*trusted = false;
	if (keyfile_read_private(path, "state file", max, buf, len, msg,
	    sizeof(msg)) == 0) {
		*trusted = true;
		return 0;
	}
	if (errno == ENOENT) {
		*trusted = true;
		log_info("state file %s: none yet, starting afresh", path);
	} else if (errno == EPERM)
		log_warnx("%s: not trusted, starting afresh (the tokens in it "
		    "may have been read: the mobile nodes sign again); it "
		    "will be replaced", msg);
	else
		log_warnx("%s: not loaded, starting afresh", msg);
	return -1;
}

void
state_set_aside(const char *path, const char *why)
{
	char bad[PATH_MAX];

	if (snprintf(bad, sizeof(bad), "%s.bad", path) >= (int)sizeof(bad) ||
	    rename(path, bad) == -1) {
		log_warnx("state file %s refused (%s), starting afresh; it "
		    "will be replaced", path, why != NULL ? why : "?");
		return;
	}
	log_warnx("state file %s refused (%s): moved to %s, starting afresh",
	    path, why != NULL ? why : "?", bad);
}

uint64_t
state_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
state_cleanse(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* What the DAR's and the MN's state files share: reading one with the
 * rules of a secret, and writing one atomically, batched, in the event
 * loop, in the wall clock that outlives a reboot. */
#ifndef FAMA_ROLES_STATE_H
#define FAMA_ROLES_STATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "roles/ev.h"

#define STATE_NONE	"none"	/* a --state-file that means none */
#define STATE_DELAY_MS	100	/* at most one write per this */
#define STATE_QUIET_MS	20	/* the first write after a quiet time */

/*
 * The file of one daemon.  encode() fills a malloc'd buffer with the
 * whole file as it should be now (it is cleared and freed after the
 * write) and says how many entries it holds.
 */
struct state_writer {
	char		 path[PATH_MAX];	/* "" when there is none */
	int		(*encode)(void *, uint8_t **, size_t *, size_t *);
	void		*arg;
	struct ev_timer	 timer;
	bool		 armed;		/* loaded: saving may replace it */
	bool		 dirty;
	bool		 failing;	/* the last write failed (logged) */
	uint64_t	 last_ms;	/* when the last write ended */
	uint64_t	 cost_ms;	/* how long it took */
};

/* path: a file, or STATE_NONE or "" for none; -1 if it does not fit. */
int	state_writer_init(struct state_writer *, const char *,
	    int (*)(void *, uint8_t **, size_t *, size_t *), void *);
/* From now on, changes are written (after the file was read). */
void	state_writer_arm(struct state_writer *);
/* Something saved changed: a write soon.  After a quiet time it goes out
 * STATE_QUIET_MS later, once the rest of a handover's messages are
 * handled (a write with its fsyncs stops the loop for a millisecond or
 * two); a burst is batched, at most one write per STATE_DELAY_MS and
 * never more than a fifth of the time spent writing. */
void	state_writer_changed(struct state_writer *);
/* Write now if anything changed; no timer after it. */
void	state_writer_stop(struct state_writer *);

/*
 * Read a state file with the rules of a key file (roles/keyfile.h): 0 with
 * the contents, or -1: *trusted is true when there is simply no file yet
 * (logged as such), false when there is one that must not be used (group
 * or others can reach it, or unreadable: logged, with what follows).
 */
int	state_read(const char *, size_t, uint8_t **, size_t *, bool *);
/* A damaged file moved to PATH.bad, logged with the reason. */
void	state_set_aside(const char *, const char *);

/* CLOCK_REALTIME in ms. */
uint64_t	state_real_ms(void);
void		state_cleanse(void *, size_t);

#endif

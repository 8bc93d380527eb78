/* SPDX-License-Identifier: GPL-2.0-only */
/* The probes of `fama cn`: their wire format, the record of what a probe
 * sent and got back, and what that record says about a time window (lost
 * packets, the longest silence), for the probe's report and the lab's. */
#ifndef FAMA_TESTBED_PROBE_H
#define FAMA_TESTBED_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One probe record, 32 octets, every field in network byte order:
 *
 *    0  magic     "FAMP" (0x46414d50)
 *    4  version   1
 *    5  type      1 request (probe to server), 2 reply (server to probe)
 *    6  reserved  sent as 0, ignored
 *    8  flow      chosen at random by the probe, echoed
 *   12  seq       0, 1, 2, ... per flow and transport, echoed
 *   16  sent_us   the probe's CLOCK_MONOTONIC at sending, in µs, echoed
 *   24  echo_us   0 in a request; the server's CLOCK_MONOTONIC when the
 *                 request arrived, in µs
 *
 * A UDP request is one datagram of PROBE_LEN octets or more (the rest is
 * zero padding, which the reply repeats); TCP carries back-to-back
 * records of exactly PROBE_LEN octets each way.
 */
#define PROBE_LEN		32
#define PROBE_MAGIC		0x46414d50u
#define PROBE_VERSION		1
#define PROBE_REQUEST		1
#define PROBE_REPLY		2
#define PROBE_PORT		7331	/* UDP and TCP */

struct probe_msg {
	uint8_t		 type;
	uint32_t	 flow;
	uint32_t	 seq;
	uint64_t	 sent_us;
	uint64_t	 echo_us;
};

/* Writes PROBE_LEN octets; -1 with EMSGSIZE when len is shorter, EINVAL
 * for an unknown type. */
int	probe_encode(const struct probe_msg *, uint8_t *, size_t);
/* Reads the first PROBE_LEN octets of buf (more may follow); -1 with
 * EBADMSG when short or not a version 1 request or reply. */
int	probe_decode(const uint8_t *, size_t, struct probe_msg *);

/*
 * The record of one flow: for each sequence number its sending time and
 * the arrival time of its first reply (0: none yet), kept in sequence
 * order.  Times are µs on one clock (CLOCK_MONOTONIC: every namespace of
 * a host shares it).
 */
struct probe_entry {
	uint64_t	 sent_us;
	uint64_t	 recv_us;
};

struct probe_log {
	struct probe_entry *e;
	size_t		 n;
	size_t		 cap;
	uint32_t	 max_seq_rx;	/* highest seq answered so far */
	bool		 any_rx;
	uint64_t	 dups;		/* replies for a seq already answered */
	uint64_t	 reordered;	/* replies below max_seq_rx */
	uint64_t	 stray;		/* replies for a seq never sent */
};

void	probe_log_init(struct probe_log *);
void	probe_log_free(struct probe_log *);
/* Records the sending of the next sequence number, which is log->n; -1
 * with ENOMEM. */
int	probe_log_sent(struct probe_log *, uint64_t);
/* Records a reply for seq arriving at the given time, counting
 * duplicates, reordering and strays. */
void	probe_log_reply(struct probe_log *, uint32_t, uint64_t);

/*
 * What a window [from, to) of a flow looks like:
 * - sent, lost: the requests sent within the window, and those of them
 *   never answered;
 * - gap_us: the longest time without a reply, measured from the last
 *   arrival before the window (or from the window's start if there was
 *   none) through every arrival within it to the window's end, so that
 *   an outage across the window's start counts whole, and a flow silent
 *   to the end counts to the end;
 * - gap_start_us: when that longest silence began;
 * - first_us: the first arrival within the window (0: none);
 * - rtt: min, mean and max of the round trips of replies that arrived
 *   in the window (0 when none).
 * Arrivals are taken in time order, whatever the order of the seqs.
 */
struct probe_window {
	uint64_t	 sent;
	uint64_t	 received;
	uint64_t	 lost;
	uint64_t	 gap_us;
	uint64_t	 gap_start_us;
	uint64_t	 first_us;
	uint64_t	 rtt_min_us;
	uint64_t	 rtt_avg_us;
	uint64_t	 rtt_max_us;
};

/* -1 with ENOMEM (the arrivals are sorted in a scratch copy). */
int	probe_window(const struct probe_log *, uint64_t, uint64_t,
	    struct probe_window *);
/* The same, but the silence counts from the window's start only, not
 * from an arrival before it: for a flow that was let go and comes back. */
int	probe_window_fresh(const struct probe_log *, uint64_t, uint64_t,
	    struct probe_window *);

/*
 * The timeline file the probe leaves for the lab, one line each:
 *
 *   # fama-cn-timeline 1
 *   u,SEQ,SENT_US,RECV_US     a UDP request and its first reply (0: none)
 *   t,SEQ,SENT_US,RECV_US     the same for a TCP record
 *   x,TIME_US,REASON          the TCP connection broke (REASON: a word)
 *
 * in sequence order per transport.  probe_timeline_read() fills the logs
 * (either may be NULL to skip its lines) and the time of the TCP break
 * (0: none); -1 with EBADMSG on a line that is not one of these, or with
 * seqs out of order, and the line number in *line.
 */
int	probe_timeline_write(FILE *, const struct probe_log *,
	    const struct probe_log *, uint64_t, const char *);
int	probe_timeline_read(FILE *, struct probe_log *, struct probe_log *,
	    uint64_t *, size_t *);

#endif

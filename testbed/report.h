/* SPDX-License-Identifier: GPL-2.0-only */
/* What a lab run found: its flows, its moves, and per move and flow the
 * interruption, the loss and the path; the checks over them; and the
 * report as a text table and as an SVG timeline.  (The JSON form is
 * written by roles/lab.c with the project's JSON writer.) */
#ifndef FAMA_TESTBED_REPORT_H
#define FAMA_TESTBED_REPORT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "testbed/probe.h"

#define REP_MAX_FLOWS		32
#define REP_NAME_MAX		16

/* One flow: a UDP probe and (maybe) a TCP stream from one MN address. */
struct rep_flow {
	char		 name[REP_NAME_MAX];	/* "f1" */
	int		 mn;			/* 1-based */
	int		 anchor;		/* the DAR it started at */
	struct in6_addr	 addr;
	uint64_t	 start_us;
	bool		 tcp;
	struct probe_log udp;
	struct probe_log tcpl;
	uint64_t	 broke_us;		/* TCP broke then; 0: never */
	char		 broke_why[32];
};

/* One flow across one move: the window from the move's link-down to the
 * next move's (or the end). */
struct rep_cell {
	bool		 alive;		/* started before the move */
	bool		 native;	/* its anchor is the DAR moved to */
	bool		 judged;	/* false: released by the keep policy */
	struct probe_window u;
	struct probe_window t;
	bool		 tcp_broke;
	/*
	 * Packets of the flow the DARs forwarded once the MN had settled:
	 * at its anchor in all and through the anchor's access link, and
	 * at every other DAR.  path_checked when the lab counted them.
	 */
	bool		 path_checked;
	uint64_t	 at_anchor;
	uint64_t	 at_anchor_acc;
	uint64_t	 elsewhere;
	bool		 path_ok;
	bool		 ok;
};

struct rep_move {
	int		 mn;
	int		 from;		/* DARs, 1-based; 0: none */
	int		 to;
	uint64_t	 down_us;	/* link down (CLOCK_MONOTONIC µs) */
	uint64_t	 up_us;		/* link up on the new DAR */
	uint64_t	 settled_us;	/* the MN had every binding; 0: never */
	uint64_t	 end_us;	/* the window's end */
	/* the MN's own account of the handover, CLOCK_MONOTONIC ms
	 * (0: not reported) */
	uint64_t	 link_ms, rs_ms, ra_ms, addr_ms, bu_ms, ba_ms;
	/* the first packet of an older flow delivered after link up */
	uint64_t	 first_us;
	/* signalling seen at the MN (RS, RA, Mobility Header) */
	uint64_t	 sig_msgs;
	uint64_t	 sig_bytes;
	/* from the DARs' counters */
	uint64_t	 bu;
	uint64_t	 ba;
	uint64_t	 interruption_us;	/* worst UDP gap of the move */
	struct rep_cell	 cell[REP_MAX_FLOWS];
};

struct rep_check {
	int		 move;		/* 1-based; 0: the run as a whole */
	bool		 ok;
	char		 text[200];
};

struct report {
	char		 name[REP_NAME_MAX];
	int		 ndars;
	int		 nmns;
	unsigned	 rate;
	bool		 tcp;
	char		 keep[8];
	bool		 rr;
	bool		 single;
	unsigned	 loss;
	unsigned	 dwell_ms;
	unsigned	 max_gap_ms;
	unsigned	 max_stall_ms;
	/* false with --keep none: older flows are let go */
	bool		 old_flows_kept;
	uint64_t	 start_us;
	uint64_t	 end_us;
	struct rep_flow	 flows[REP_MAX_FLOWS];
	size_t		 nflows;
	struct rep_move	*moves;
	size_t		 nmoves;
	size_t		 capmoves;
	struct rep_check *checks;
	size_t		 nchecks;
	size_t		 capchecks;
	bool		 nomem;
};

void	report_init(struct report *);
void	report_free(struct report *);
/* A zeroed move at the end of the list, or NULL (ENOMEM). */
struct rep_move	*report_add_move(struct report *);
/* Records a check's outcome (text printf-style). */
void	report_check(struct report *, int, bool, const char *, ...)
	    __attribute__((__format__(__printf__, 4, 5)));
size_t	report_failed(const struct report *);

/*
 * Fills every move's cells from the flows' logs (windows, TCP breaks),
 * each move's interruption and first packet, and records the checks:
 * no UDP gap above max_gap_ms, no TCP break, no TCP gap above
 * max_stall_ms, and the path a flow took where the lab counted it.
 * Call once, after the cells' path counters are in.  -1 with ENOMEM.
 */
int	report_analyze(struct report *);

/* Median and worst interruption over the moves (µs); n moves counted. */
void	report_interruptions(const struct report *, uint64_t *, uint64_t *,
	    size_t *);

/* The human report: summary, per-move table, handover breakdown, checks. */
int	report_text(const struct report *, FILE *);
/* A timeline as a stand-alone SVG document. */
int	report_svg(const struct report *, FILE *);

#endif

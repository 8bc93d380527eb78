// SPDX-License-Identifier: GPL-2.0-only
/* testbed/report: the analysis of synthetic lab runs (interruptions, loss,
 * TCP breaks, path verdicts, the keep policy), the median and worst
 * interruption, and the text and SVG forms. */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testbed/report.h"
#include "tests/testlib.h"

#define S	1000000ULL		/* µs */

/* A UDP flow at 100/s from start to end with 0.5 ms round trips, silent
 * (no replies) in [out_from, out_to). */
static void
flow(struct report *r, const char *name, int anchor, uint64_t start,
    uint64_t end, uint64_t out_from, uint64_t out_to)
{
	struct rep_flow *f = &r->flows[r->nflows++];
	uint64_t t;
	uint32_t seq = 0;

	snprintf(f->name, sizeof(f->name), "%s", name);
	f->mn = 1;
	f->anchor = anchor;
	inet_pton(AF_INET6, "2001:db8:1::5", &f->addr);
	f->addr.s6_addr[5] = (uint8_t)anchor;
	f->start_us = start;
	for (t = start; t < end; t += 10000, seq++) {
		ck_assert_int_eq(probe_log_sent(&f->udp, t), 0);
		if (t < out_from || t >= out_to)
			probe_log_reply(&f->udp, seq, t + 500);
	}
}

static struct rep_move *
move(struct report *r, int from, int to, uint64_t down, uint64_t end)
{
	struct rep_move *m = report_add_move(r);

	ck_assert_ptr_nonnull(m);
	m->mn = 1;
	m->from = from;
	m->to = to;
	m->down_us = down;
	m->up_us = down + 100;
	m->settled_us = down + 20000;
	m->end_us = end;
	return m;
}

static void
setup(struct report *r)
{
	report_init(r);
	snprintf(r->name, sizeof(r->name), "unit");
	r->ndars = 3;
	r->nmns = 1;
	r->rate = 100;
	snprintf(r->keep, sizeof(r->keep), "active");
	r->dwell_ms = 3000;
	r->max_gap_ms = 500;
	r->max_stall_ms = 2000;
	r->start_us = 10 * S;
	r->end_us = 22 * S;
}

static bool
has_check(const struct report *r, int mv, bool ok, const char *text)
{
	size_t i;

	for (i = 0; i < r->nchecks; i++)
		if (r->checks[i].move == mv && r->checks[i].ok == ok &&
		    strstr(r->checks[i].text, text) != NULL)
			return true;
	return false;
}

START_TEST(survived_and_broken)
{
	struct report r;
	struct rep_move *m;
	uint64_t med, worst;
	size_t n;

	setup(&r);
	/* f1 from DAR1 runs throughout: 40 ms out at the second move and
	 * 700 ms at the third */
	flow(&r, "f1", 1, 11 * S, 22 * S, 14 * S, 14 * S + 40000);
	/* a second outage on the same flow */
	for (n = 0; n < r.flows[0].udp.n; n++)
		if (r.flows[0].udp.e[n].sent_us >= 17 * S &&
		    r.flows[0].udp.e[n].sent_us < 17 * S + 700000)
			r.flows[0].udp.e[n].recv_us = 0;
	move(&r, 0, 1, 10 * S + 500000, 14 * S);
	move(&r, 1, 2, 14 * S, 17 * S);
	move(&r, 2, 3, 17 * S, 22 * S);
	ck_assert_int_eq(report_analyze(&r), 0);
	/* the attach had no flow */
	ck_assert(!r.moves[0].cell[0].alive);
	m = &r.moves[1];
	ck_assert(m->cell[0].alive);
	ck_assert(!m->cell[0].native);
	ck_assert(m->cell[0].ok);
	/* from the last reply before (13.9905 s) to the first after */
	ck_assert_uint_eq(m->cell[0].u.gap_us, 50000);
	ck_assert_uint_eq(m->cell[0].u.lost, 4);
	ck_assert_uint_eq(m->interruption_us, 50000);
	ck_assert_uint_eq(m->first_us, 14 * S + 40000 + 500);
	m = &r.moves[2];
	ck_assert(!m->cell[0].ok);
	ck_assert_uint_eq(m->cell[0].u.gap_us, 710000);
	ck_assert_uint_eq(m->cell[0].u.lost, 70);
	ck_assert(has_check(&r, 3, false, "f1: UDP interrupted 710.0 ms"));
	ck_assert(has_check(&r, 2, true, "f1 survived: UDP gap 50.0 ms, 4 "
	    "lost"));
	ck_assert_uint_eq(report_failed(&r), 1);
	/* the attach (from 0) is no handover */
	report_interruptions(&r, &med, &worst, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(med, (50000 + 710000) / 2);
	ck_assert_uint_eq(worst, 710000);
	report_free(&r);
}
END_TEST

START_TEST(tcp_break_and_stall)
{
	struct report r;
	struct rep_flow *f;
	uint64_t t;
	uint32_t seq = 0;

	setup(&r);
	flow(&r, "f1", 1, 11 * S, 22 * S, 0, 0);
	f = &r.flows[0];
	f->tcp = true;
	/* TCP records 10/s, none echoed between 15 s and 18 s */
	for (t = 11 * S; t < 22 * S; t += 100000, seq++) {
		probe_log_sent(&f->tcpl, t);
		if (t < 15 * S || t >= 18 * S)
			probe_log_reply(&f->tcpl, seq, t + 1000);
	}
	move(&r, 1, 2, 14 * S, 19 * S);
	move(&r, 2, 1, 19 * S, 22 * S);
	f->broke_us = 20 * S;
	snprintf(f->broke_why, sizeof(f->broke_why), "reset");
	ck_assert_int_eq(report_analyze(&r), 0);
	ck_assert(!r.moves[0].cell[0].tcp_broke);
	ck_assert(r.moves[0].cell[0].t.gap_us > 3 * S);
	ck_assert(has_check(&r, 1, false, "f1: TCP stalled 3100.0 ms"));
	ck_assert(r.moves[1].cell[0].tcp_broke);
	ck_assert(r.moves[1].cell[0].native);
	ck_assert(has_check(&r, 2, false, "f1: TCP connection broke (reset)"));
	report_free(&r);
}
END_TEST

START_TEST(path_verdicts)
{
	struct report r;
	struct rep_cell *c;

	setup(&r);
	flow(&r, "f1", 1, 11 * S, 22 * S, 0, 0);
	flow(&r, "f2", 2, 14 * S, 22 * S, 0, 0);
	move(&r, 1, 2, 13 * S, 16 * S);
	move(&r, 2, 1, 16 * S, 22 * S);
	/* move 1: f1 tunnelled through DAR1 (right), f2 not alive yet */
	c = &r.moves[0].cell[0];
	c->path_checked = true;
	c->at_anchor = 500;
	c->at_anchor_acc = 0;
	c->elsewhere = 0;
	/* move 2: f1 native at DAR1 (right); f2 should cross DAR2 but
	 * leaked natively through DAR1 */
	c = &r.moves[1].cell[0];
	c->path_checked = true;
	c->at_anchor = 900;
	c->at_anchor_acc = 900;
	c = &r.moves[1].cell[1];
	c->path_checked = true;
	c->at_anchor = 10;
	c->elsewhere = 300;
	ck_assert_int_eq(report_analyze(&r), 0);
	ck_assert(r.moves[0].cell[0].path_ok);
	ck_assert(!r.moves[0].cell[1].alive);
	ck_assert(r.moves[1].cell[0].native);
	ck_assert(r.moves[1].cell[0].path_ok);
	ck_assert(!r.moves[1].cell[1].native);
	ck_assert(!r.moves[1].cell[1].path_ok);
	ck_assert(!r.moves[1].cell[1].ok);
	ck_assert(has_check(&r, 1, true, "f1 through its anchor DAR1: 500 "
	    "packets there (0 on its access link), 0 at other DARs"));
	ck_assert(has_check(&r, 2, true, "f1 native at DAR1: 900 packets"));
	ck_assert(has_check(&r, 2, false, "f2 through its anchor DAR2: 10 "
	    "packets there (0 on its access link), 300 at other DARs"));
	report_free(&r);
}
END_TEST

/* A tunnelled flow whose packets also crossed its anchor's access link
 * did not take the tunnel; a native flow with nothing on the access
 * link did not arrive natively. */
START_TEST(path_wrong_way)
{
	struct report r;

	setup(&r);
	flow(&r, "f1", 1, 11 * S, 22 * S, 0, 0);
	move(&r, 1, 2, 13 * S, 16 * S);
	move(&r, 2, 1, 16 * S, 22 * S);
	r.moves[0].cell[0].path_checked = true;
	r.moves[0].cell[0].at_anchor = 100;
	r.moves[0].cell[0].at_anchor_acc = 100;
	r.moves[1].cell[0].path_checked = true;
	r.moves[1].cell[0].at_anchor = 100;
	ck_assert_int_eq(report_analyze(&r), 0);
	ck_assert(!r.moves[0].cell[0].path_ok);
	ck_assert(!r.moves[1].cell[0].path_ok);
	ck_assert_uint_eq(report_failed(&r), 2);
	report_free(&r);
}
END_TEST

/* --keep none: older flows are let go and not judged. */
START_TEST(released_flows)
{
	struct report r;

	setup(&r);
	r.old_flows_kept = false;
	/* f1 answers nothing while away (13 s to 17 s), again at home */
	flow(&r, "f1", 1, 11 * S, 22 * S, 13 * S, 17 * S + 20000);
	move(&r, 1, 2, 13 * S, 17 * S);
	move(&r, 2, 1, 17 * S, 22 * S);
	ck_assert_int_eq(report_analyze(&r), 0);
	ck_assert(r.moves[0].cell[0].alive);
	ck_assert(!r.moves[0].cell[0].judged);
	ck_assert(r.moves[0].cell[0].ok);
	ck_assert_uint_eq(r.moves[0].interruption_us, 0);
	/* at home it is judged, its gap counted from the move only */
	ck_assert(r.moves[1].cell[0].judged);
	ck_assert(r.moves[1].cell[0].native);
	ck_assert_uint_eq(r.moves[1].cell[0].u.gap_us, 20500);
	ck_assert(r.moves[1].cell[0].ok);
	ck_assert_uint_eq(report_failed(&r), 0);
	report_free(&r);
}
END_TEST

static char *
render(struct report *r, int (*fn)(const struct report *, FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	ck_assert_int_eq(fn(r, f), 0);
	fclose(f);
	return buf;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

START_TEST(text_and_svg)
{
	struct report r;
	struct rep_move *m;
	char *t;

	setup(&r);
	flow(&r, "f1", 1, 11 * S, 22 * S, 14 * S, 14 * S + 30000);
	flow(&r, "f2", 2, 15 * S, 22 * S, 0, 0);
	move(&r, 0, 1, 10 * S + 100000, 14 * S);
	m = move(&r, 1, 2, 14 * S, 18 * S);
	/* the MN's steps in ms; 14000 ms is the link-down */
	m->link_ms = 14000;
	m->rs_ms = 14001;
	m->ra_ms = 14002;
	m->addr_ms = 14003;
	m->bu_ms = 14004;
	m->ba_ms = 14009;
	m->sig_msgs = 4;
	m->sig_bytes = 800;
	m = move(&r, 2, 1, 18 * S, 22 * S);
	m->bu_ms = 5;		/* from long ago: not this handover's */
	ck_assert_int_eq(report_analyze(&r), 0);
	t = render(&r, report_text);
	ck_assert_ptr_nonnull(strstr(t, "fama lab unit: 3 DARs, 1 MN, 3 "
	    "moves"));
	ck_assert_ptr_nonnull(strstr(t, "  f1   mn1  2001:db8:1::5"));
	ck_assert_ptr_nonnull(strstr(t, "2    mn1  DAR1>DAR2   f1   DAR1     "
	    "tunnel       40.0     3        - -        yes\n"));
	ck_assert_ptr_nonnull(strstr(t, "3    mn1  DAR2>DAR1   f1   DAR1     "
	    "native       10.0     0        - -        yes\n"
	    "                      f2   DAR2     tunnel       10.0     0"));
	ck_assert_ptr_nonnull(strstr(t, "1    mn1  ->DAR1      (no flows "
	    "yet)\n"));
	/* link up was 0.1 ms after down: the steps count from there */
	ck_assert_ptr_nonnull(strstr(t, "2          0     1     2     3     4"
	    "     9     30     40.0         4       800\n"));
	ck_assert_ptr_nonnull(strstr(t, "3          -     -     -     -     -"
	    "     -"));
	ck_assert_ptr_nonnull(strstr(t, "interruption over 2 moves: median "
	    "25.0 ms, worst 40.0 ms\n"));
	ck_assert_ptr_nonnull(strstr(t, "checks: 3 passed, 0 failed\n"));
	free(t);

	t = render(&r, report_svg);
	ck_assert_int_eq(strncmp(t, "<?xml version=\"1.0\"", 19), 0);
	ck_assert_ptr_nonnull(strstr(t, "<svg xmlns=\"http://www.w3.org/2000/"
	    "svg\""));
	ck_assert_int_eq(strcmp(t + strlen(t) - 7, "</svg>\n"), 0);
	/* a line and a label per move, a row per flow */
	ck_assert_uint_eq(count(t, "stroke-dasharray"), 3);
	ck_assert_uint_eq(count(t, "mn1&#8594;DAR"), 3);
	ck_assert_ptr_nonnull(strstr(t, ">f1 (mn1) anchor DAR1</text>"));
	ck_assert_ptr_nonnull(strstr(t, ">f2 (mn1) anchor DAR2</text>"));
	/* delivered packets as ticks: one path per flow (UDP only) */
	ck_assert_uint_eq(count(t, "<path "), 2);
	ck_assert_uint_eq(count(t, "<text"), count(t, "</text>"));
	ck_assert_uint_eq(count(t, "<"), count(t, ">"));
	free(t);
	report_free(&r);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, survived_and_broken);
	tcase_add_test(tc, tcp_break_and_stall);
	tcase_add_test(tc, path_verdicts);
	tcase_add_test(tc, path_wrong_way);
	tcase_add_test(tc, released_flows);
	tcase_add_test(tc, text_and_svg);
	suite_add_tcase(s, tc);
	return s;
}

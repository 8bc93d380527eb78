// SPDX-License-Identifier: GPL-2.0-only
/* The lab's findings: analysis of the flows' logs per move, the checks,
 * and the two human forms, a text report and an SVG timeline. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "testbed/report.h"

void
report_init(struct report *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < REP_MAX_FLOWS; i++) {
		probe_log_init(&r->flows[i].udp);
		probe_log_init(&r->flows[i].tcpl);
	}
	r->old_flows_kept = true;
}

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < REP_MAX_FLOWS; i++) {
		probe_log_free(&r->flows[i].udp);
		probe_log_free(&r->flows[i].tcpl);
	}
	free(r->moves);
	free(r->checks);
	r->moves = NULL;
	r->checks = NULL;
	r->nmoves = r->capmoves = r->nchecks = r->capchecks = 0;
}

struct rep_move *
report_add_move(struct report *r)
{
	struct rep_move *m;
	size_t cap;

	if (r->nmoves == r->capmoves) {
		cap = r->capmoves == 0 ? 16 : r->capmoves * 2;
		if ((m = reallocarray(r->moves, cap, sizeof(*m))) == NULL) {
			r->nomem = true;
			return NULL;
		}
		r->moves = m;
		r->capmoves = cap;
	}
	m = &r->moves[r->nmoves++];
	memset(m, 0, sizeof(*m));
	return m;
}

void
report_check(struct report *r, int move, bool ok, const char *fmt, ...)
{
	struct rep_check *c;
	va_list ap;
	size_t cap;

	if (r->nchecks == r->capchecks) {
		cap = r->capchecks == 0 ? 32 : r->capchecks * 2;
		if ((c = reallocarray(r->checks, cap, sizeof(*c))) == NULL) {
			r->nomem = true;
			return;
		}
		r->checks = c;
		r->capchecks = cap;
	}
	c = &r->checks[r->nchecks++];
	c->move = move;
	c->ok = ok;
	va_start(ap, fmt);
	vsnprintf(c->text, sizeof(c->text), fmt, ap);
	va_end(ap);
}

size_t
report_failed(const struct report *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nchecks; i++)
		if (!r->checks[i].ok)
			n++;
	/* a check that could not be recorded counts as failed */
	return n + (r->nomem ? 1 : 0);
}

static const char *
ms(uint64_t us, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 ".%01" PRIu64, us / 1000,
	    us % 1000 / 100);
	return buf;
}

static void
judge_cell(struct report *r, size_t mi, size_t fi)
{
	struct rep_move *m = &r->moves[mi];
	struct rep_cell *c = &m->cell[fi];
	const struct rep_flow *f = &r->flows[fi];
	char a[32], b[32];
	int n = (int)mi + 1;

	c->ok = true;
	if (!c->judged)
		return;
	if (c->u.gap_us > (uint64_t)r->max_gap_ms * 1000) {
		c->ok = false;
		report_check(r, n, false, "%s: UDP interrupted %s ms (more "
		    "than %u ms)", f->name, ms(c->u.gap_us, a, sizeof(a)),
		    r->max_gap_ms);
	}
	if (f->tcp && c->tcp_broke) {
		c->ok = false;
		report_check(r, n, false, "%s: TCP connection broke (%s)",
		    f->name, f->broke_why);
	} else if (f->tcp && c->t.gap_us > (uint64_t)r->max_stall_ms * 1000) {
		c->ok = false;
		report_check(r, n, false, "%s: TCP stalled %s ms (more than "
		    "%u ms)", f->name, ms(c->t.gap_us, a, sizeof(a)),
		    r->max_stall_ms);
	}
	if (c->ok)
		report_check(r, n, true, "%s survived: UDP gap %s ms, %" PRIu64
		    " lost%s%s%s", f->name, ms(c->u.gap_us, a, sizeof(a)),
		    c->u.lost, f->tcp ? ", TCP gap " : "",
		    f->tcp ? ms(c->t.gap_us, b, sizeof(b)) : "",
		    f->tcp ? " ms, no reset" : "");
	if (!c->path_checked)
		return;
	if (c->native)
		c->path_ok = c->at_anchor_acc > 0 && c->elsewhere == 0;
	else
		c->path_ok = c->at_anchor > 0 && c->at_anchor_acc == 0 &&
		    c->elsewhere == 0;
	if (!c->path_ok)
		c->ok = false;
	if (c->native)
		report_check(r, n, c->path_ok, "%s native at DAR%d: %" PRIu64
		    " packets on its access link, %" PRIu64 " at other DARs",
		    f->name, f->anchor, c->at_anchor_acc, c->elsewhere);
	else
		report_check(r, n, c->path_ok, "%s through its anchor DAR%d: "
		    "%" PRIu64 " packets there (%" PRIu64 " on its access "
		    "link), %" PRIu64 " at other DARs", f->name, f->anchor,
		    c->at_anchor, c->at_anchor_acc, c->elsewhere);
}

/* Whether the flow's MN was away from the flow's anchor before move mi. */
static bool
was_away(const struct report *r, size_t mi, const struct rep_flow *f)
{
	size_t i;

	for (i = mi; i-- > 0; )
		if (r->moves[i].mn == f->mn)
			return r->moves[i].to != f->anchor;
	return false;
}

int
report_analyze(struct report *r)
{
	struct rep_move *m;
	struct rep_cell *c;
	struct rep_flow *f;
	struct probe_window w;
	int (*win)(const struct probe_log *, uint64_t, uint64_t,
	    struct probe_window *);
	size_t mi, fi;

	for (mi = 0; mi < r->nmoves; mi++) {
		m = &r->moves[mi];
		m->interruption_us = 0;
		m->first_us = 0;
		for (fi = 0; fi < r->nflows; fi++) {
			f = &r->flows[fi];
			c = &m->cell[fi];
			c->alive = f->mn == m->mn && f->start_us < m->down_us;
			if (!c->alive)
				continue;
			c->native = f->anchor == m->to;
			c->judged = c->native || r->old_flows_kept;
			/* a flow let go while away starts afresh at home */
			win = !r->old_flows_kept && was_away(r, mi, f) ?
			    probe_window_fresh : probe_window;
			if (win(&f->udp, m->down_us, m->end_us, &c->u) == -1 ||
			    win(&f->tcpl, m->down_us, m->end_us, &c->t) == -1)
				return -1;
			c->tcp_broke = f->tcp && f->broke_us != 0 &&
			    f->broke_us < m->end_us;
			if (c->u.gap_us > m->interruption_us && c->judged)
				m->interruption_us = c->u.gap_us;
			if (probe_window(&f->udp, m->up_us, m->end_us,
			    &w) == -1)
				return -1;
			if (w.first_us != 0 && (m->first_us == 0 ||
			    w.first_us < m->first_us))
				m->first_us = w.first_us;
			judge_cell(r, mi, fi);
		}
	}
	if (r->nomem) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
report_interruptions(const struct report *r, uint64_t *median,
    uint64_t *worst, size_t *n)
{
	uint64_t *v;
	size_t i, k = 0;

	*median = *worst = 0;
	*n = 0;
	if (r->nmoves == 0 ||
	    (v = calloc(r->nmoves, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < r->nmoves; i++)
		if (r->moves[i].from != 0)
			v[k++] = r->moves[i].interruption_us;
	if (k > 0) {
		qsort(v, k, sizeof(*v), cmp_u64);
		*median = k % 2 == 1 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
		*worst = v[k - 1];
	}
	*n = k;
	free(v);
}

/* --- text ----------------------------------------------------------------- */

/* A step of the MN's handover as ms after link up, or "-". */
static const char *
step(const struct rep_move *m, uint64_t at_ms, char *buf, size_t len)
{
	uint64_t up_ms = m->up_us / 1000;

	/* a time from before this move belongs to an earlier handover */
	if (at_ms == 0 || at_ms + 1 < m->down_us / 1000) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (at_ms >= up_ms)
		snprintf(buf, len, "%" PRIu64, at_ms - up_ms);
	else
		snprintf(buf, len, "-%" PRIu64, up_ms - at_ms);
	return buf;
}

static const char *
dar_name(int d, char *buf, size_t len)
{
	if (d == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "DAR%d", d);
	return buf;
}

int
report_text(const struct report *r, FILE *o)
{
	char a[INET6_ADDRSTRLEN], b[32], c[32], d[32], e[32], g[32], h[32];
	char k[72];
	const struct rep_move *m;
	const struct rep_cell *cl;
	const struct rep_flow *f;
	uint64_t med, worst;
	size_t i, j, n, failed = report_failed(r);

	fprintf(o, "fama lab %s: %d DAR%s, %d MN%s, %zu move%s, dwell %u ms; "
	    "UDP %u/s%s; keep %s; return routability %s; %s; loss %u%%\n",
	    r->name, r->ndars, r->ndars == 1 ? "" : "s", r->nmns,
	    r->nmns == 1 ? "" : "s", r->nmoves, r->nmoves == 1 ? "" : "s",
	    r->dwell_ms, r->rate, r->tcp ? " and TCP" : "", r->keep,
	    r->rr ? "on" : "off", r->single ? "single anchor" :
	    "distributed anchors", r->loss);
	fprintf(o, "\nflows:\n");
	for (i = 0; i < r->nflows; i++) {
		f = &r->flows[i];
		fprintf(o, "  %-4s mn%d  %-26s anchor %s\n", f->name, f->mn,
		    inet_ntop(AF_INET6, &f->addr, a, sizeof(a)),
		    dar_name(f->anchor, b, sizeof(b)));
	}
	fprintf(o, "\n%-4s %-4s %-11s %-4s %-8s %-10s %6s %5s %8s %-8s %s\n",
	    "MOVE", "MN", "FROM>TO", "FLOW", "ANCHOR", "PATH", "GAP ms",
	    "LOST", "TCP ms", "TCP", "OK");
	for (i = 0; i < r->nmoves; i++) {
		m = &r->moves[i];
		snprintf(k, sizeof(k), "%s>%s", dar_name(m->from, b,
		    sizeof(b)), dar_name(m->to, c, sizeof(c)));
		for (j = 0, n = 0; j < r->nflows; j++) {
			cl = &m->cell[j];
			f = &r->flows[j];
			if (!cl->alive)
				continue;
			snprintf(d, sizeof(d), "%s", cl->native ? "native" :
			    !cl->judged ? "released" : "tunnel");
			snprintf(g, sizeof(g), "%s", f->tcp ?
			    ms(cl->t.gap_us, e, sizeof(e)) : "-");
			fprintf(o, "%-4s %-4s %-11s %-4s %-8s %-10s %6s %5"
			    PRIu64 " %8s %-8s %s\n",
			    n == 0 ? (snprintf(h, sizeof(h), "%zu", i + 1),
			    h) : "", n == 0 ? (snprintf(e, sizeof(e), "mn%d",
			    m->mn), e) : "", n == 0 ? k : "", f->name,
			    dar_name(f->anchor, b, sizeof(b)), d,
			    ms(cl->u.gap_us, c, sizeof(c)), cl->u.lost, g,
			    !f->tcp ? "-" : cl->tcp_broke ? "broken" : "intact",
			    !cl->judged ? "-" : cl->ok ? "yes" : "NO");
			n++;
		}
		if (n == 0)
			fprintf(o, "%-4zu mn%-2d %-11s (no flows yet)\n", i + 1,
			    m->mn, k);
	}

	fprintf(o, "\nhandover, ms after link up (RS: solicitation sent, "
	    "RA: advertisement received,\naddr: care-of address ready, BU "
	    "sent, BA received, first: first packet delivered):\n");
	fprintf(o, "%-4s %7s %5s %5s %5s %5s %5s %6s %8s %9s %9s\n", "MOVE",
	    "CARRIER", "RS", "RA", "ADDR", "BU", "BA", "FIRST", "INTR ms",
	    "SIG MSGS", "SIG BYTES");
	for (i = 0; i < r->nmoves; i++) {
		m = &r->moves[i];
		if (m->first_us > m->up_us)
			snprintf(k, sizeof(k), "%" PRIu64,
			    (m->first_us - m->up_us) / 1000);
		else
			snprintf(k, sizeof(k), "-");
		fprintf(o, "%-4zu %7s %5s %5s %5s %5s %5s %6s %8s %9" PRIu64
		    " %9" PRIu64 "\n", i + 1,
		    step(m, m->link_ms, a, sizeof(a)),
		    step(m, m->rs_ms, b, sizeof(b)),
		    step(m, m->ra_ms, c, sizeof(c)),
		    step(m, m->addr_ms, d, sizeof(d)),
		    step(m, m->bu_ms, e, sizeof(e)),
		    step(m, m->ba_ms, g, sizeof(g)), k,
		    ms(m->interruption_us, h, sizeof(h)), m->sig_msgs,
		    m->sig_bytes);
	}
	report_interruptions(r, &med, &worst, &n);
	if (n > 0)
		fprintf(o, "\ninterruption over %zu move%s: median %s ms, "
		    "worst %s ms\n", n, n == 1 ? "" : "s",
		    ms(med, a, sizeof(a)), ms(worst, b, sizeof(b)));
	fprintf(o, "\nchecks: %zu passed, %zu failed\n",
	    r->nchecks - (failed - (r->nomem ? 1 : 0)), failed);
	for (i = 0; i < r->nchecks; i++)
		if (!r->checks[i].ok) {
			if (r->checks[i].move > 0)
				fprintf(o, "  FAIL move %d: %s\n",
				    r->checks[i].move, r->checks[i].text);
			else
				fprintf(o, "  FAIL: %s\n", r->checks[i].text);
		}
	return ferror(o) ? -1 : 0;
}

/* --- SVG ------------------------------------------------------------------ */

#define SVG_W		1200
#define SVG_LEFT	230
#define SVG_RIGHT	30
#define SVG_TOP		60
#define SVG_ROW		44
#define SVG_BAND	26

static const char *
svg_color(int dar)
{
	static const char *c[] = { "#4e79a7", "#f28e2b", "#59a14f",
	    "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7" };

	return c[(dar > 0 ? dar - 1 : 0) % 8];
}

static double
svg_x(const struct report *r, uint64_t us)
{
	uint64_t span = r->end_us > r->start_us ? r->end_us - r->start_us : 1;

	if (us < r->start_us)
		us = r->start_us;
	if (us > r->end_us)
		us = r->end_us;
	return SVG_LEFT + (double)(us - r->start_us) * (SVG_W - SVG_LEFT -
	    SVG_RIGHT) / (double)span;
}

/* Ticks for the arrivals of one log as one path. */
static void
svg_ticks(const struct report *r, FILE *o, const struct probe_log *l,
    double y, double h, const char *color)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		if (l->e[i].recv_us == 0)
			continue;
		if (n++ == 0)
			fprintf(o, "<path stroke=\"%s\" stroke-width=\"0.6\" "
			    "d=\"", color);
		fprintf(o, "M%.1f %.1fv%.1f", svg_x(r, l->e[i].recv_us), y, h);
	}
	if (n > 0)
		fprintf(o, "\"/>\n");
}

/* Where MN mn was from t on, per the moves: the DAR, or 0. */
static int
mn_at(const struct report *r, int mn, uint64_t t)
{
	size_t i;
	int at = 0;

	for (i = 0; i < r->nmoves; i++)
		if (r->moves[i].mn == mn && r->moves[i].up_us <= t)
			at = r->moves[i].to;
	return at;
}

/* The path strip under a flow's ticks: the anchor's colour, solid
 * while the flow is native there, faded while it is tunnelled to it. */
static void
svg_path(const struct report *r, FILE *o, const struct rep_flow *f,
    double y)
{
	uint64_t t0, t1;
	double x0, x1;
	size_t i, j;
	int at;

	for (i = 0; i <= r->nmoves; i++) {
		t0 = i == 0 ? f->start_us : r->moves[i - 1].up_us;
		if (i > 0 && (r->moves[i - 1].mn != f->mn ||
		    r->moves[i - 1].up_us < f->start_us))
			continue;
		for (j = i; j < r->nmoves && (r->moves[j].mn != f->mn ||
		    r->moves[j].down_us < t0); j++)
			;
		t1 = j < r->nmoves ? r->moves[j].down_us : r->end_us;
		at = mn_at(r, f->mn, t0);
		x0 = svg_x(r, t0);
		x1 = svg_x(r, t1);
		if (x1 - x0 < 1)
			continue;
		fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"10\" fill=\"%s\" opacity=\"%s\"/>\n",
		    x0, y, x1 - x0, svg_color(f->anchor),
		    at == f->anchor ? "0.9" : "0.4");
		if (x1 - x0 > 60)
			fprintf(o, "<text x=\"%.1f\" y=\"%.1f\" "
			    "font-size=\"9\">%s%d</text>\n", x0 + 3, y + 8,
			    at == f->anchor ? "native at DAR" : "tunnel via DAR",
			    f->anchor);
	}
}

int
report_svg(const struct report *r, FILE *o)
{
	char a[INET6_ADDRSTRLEN];
	const struct rep_flow *f;
	const struct rep_move *m;
	size_t i, j;
	int mn, height, at;
	double y, x0, x1, sec;
	uint64_t t, span, step_us;

	height = SVG_TOP + (int)(r->nmns * SVG_BAND + r->nflows * SVG_ROW) +
	    60;
	fprintf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n", SVG_W, height, SVG_W, height);
	fprintf(o, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(o, "<text x=\"10\" y=\"22\" font-size=\"16\" "
	    "font-weight=\"bold\">fama lab %s: %zu move%s, %zu flow%s, "
	    "%zu check%s failed</text>\n", r->name, r->nmoves,
	    r->nmoves == 1 ? "" : "s", r->nflows, r->nflows == 1 ? "" : "s",
	    report_failed(r), report_failed(r) == 1 ? "" : "s");
	fprintf(o, "<text x=\"10\" y=\"42\" fill=\"#555\">ticks: delivered "
	    "packets (upper: UDP, lower: TCP); strip: the anchor the "
	    "flow's packets cross; dashed lines: moves</text>\n");

	/* where each MN was */
	y = SVG_TOP;
	for (mn = 1; mn <= r->nmns; mn++, y += SVG_BAND) {
		fprintf(o, "<text x=\"10\" y=\"%.1f\">mn%d at</text>\n",
		    y + 17, mn);
		for (i = 0; i <= r->nmoves; i++) {
			t = i == 0 ? r->start_us : r->moves[i - 1].up_us;
			if (i > 0 && r->moves[i - 1].mn != mn)
				continue;
			at = mn_at(r, mn, t);
			for (j = i; j < r->nmoves && r->moves[j].mn != mn; j++)
				;
			x0 = svg_x(r, t);
			x1 = svg_x(r, j < r->nmoves ? r->moves[j].down_us :
			    r->end_us);
			if (at == 0 || x1 <= x0)
				continue;
			fprintf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%d\" fill=\"%s\" opacity=\"0.8\"/>\n"
			    "<text x=\"%.1f\" y=\"%.1f\" fill=\"white\">DAR%d"
			    "</text>\n", x0, y + 3, x1 - x0, SVG_BAND - 6,
			    svg_color(at), x0 + 4, y + 17, at);
		}
	}

	/* the flows */
	for (i = 0; i < r->nflows; i++, y += SVG_ROW) {
		f = &r->flows[i];
		fprintf(o, "<text x=\"10\" y=\"%.1f\">%s (mn%d) anchor DAR%d"
		    "</text>\n<text x=\"10\" y=\"%.1f\" fill=\"#555\" "
		    "font-size=\"10\">%s</text>\n", y + 18, f->name, f->mn,
		    f->anchor, y + 32, inet_ntop(AF_INET6, &f->addr, a,
		    sizeof(a)));
		svg_ticks(r, o, &f->udp, y + 4, 12, "#222");
		svg_ticks(r, o, &f->tcpl, y + 18, 10, "#777");
		svg_path(r, o, f, y + 30);
		if (f->broke_us != 0)
			fprintf(o, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c00\">"
			    "TCP %s</text>\n", svg_x(r, f->broke_us) + 2,
			    y + 34, f->broke_why);
	}

	/* the moves */
	for (i = 0; i < r->nmoves; i++) {
		m = &r->moves[i];
		x0 = svg_x(r, m->down_us);
		fprintf(o, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"4 3\"/>\n"
		    "<text x=\"%.1f\" y=\"%d\" fill=\"#c00\" font-size=\"10\">"
		    "mn%d&#8594;DAR%d</text>\n", x0, SVG_TOP - 6, x0, y, x0 + 2,
		    SVG_TOP - 8, m->mn, m->to);
	}

	/* the time axis */
	span = r->end_us > r->start_us ? r->end_us - r->start_us : 1;
	step_us = span > 120000000 ? 30000000 : span > 40000000 ? 10000000 :
	    span > 10000000 ? 5000000 : 1000000;
	fprintf(o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
	    "stroke=\"#333\"/>\n", SVG_LEFT, y + 4, SVG_W - SVG_RIGHT, y + 4);
	for (t = 0; t <= span; t += step_us) {
		sec = (double)t / 1e6;
		x0 = svg_x(r, r->start_us + t);
		fprintf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#333\"/><text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">%.0f s</text>\n", x0, y + 4, x0,
		    y + 9, x0, y + 22, sec);
	}
	fprintf(o, "</svg>\n");
	return ferror(o) ? -1 : 0;
}

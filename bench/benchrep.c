// SPDX-License-Identifier: GPL-2.0-only
/* make bench: the report.  Reads the "name value" lines the measurements
 * wrote and the lab's JSON, and writes the table (stdout), the JSON, a
 * Markdown page and an SVG plot of cost against binding count.
 *   benchrep RESULTS LAB_JSON OUT_JSON OUT_MD OUT_SVG
 * Not installed. */
#include <err.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roles/json.h"
#include "testbed/jsonr.h"

#define MAX_KEYS	512
#define MAX_VALS	16
#define MAX_ROWS	32
#define MAX_MOVES	4096
#define NSIZES		3

static const unsigned sizes[NSIZES] = { 1000, 10000, 100000 };

/* --- the results file ---------------------------------------------------- */

struct kv {
	char	 key[64];
	char	 text[256];		/* the last value as written */
	double	 v[MAX_VALS];
	size_t	 n;
};

static struct kv kvs[MAX_KEYS];
static size_t nkv;

static struct kv *
kv_find(const char *key)
{
	size_t i;

	for (i = 0; i < nkv; i++)
		if (strcmp(kvs[i].key, key) == 0)
			return &kvs[i];
	return NULL;
}

static void
kv_read(const char *path)
{
	char line[512], *sp, *end;
	struct kv *k;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp++ = '\0';
		if ((k = kv_find(line)) == NULL) {
			if (nkv == MAX_KEYS)
				errx(1, "too many results");
			k = &kvs[nkv++];
			snprintf(k->key, sizeof(k->key), "%.63s", line);
		}
		snprintf(k->text, sizeof(k->text), "%.255s", sp);
		if (k->n < MAX_VALS) {
			k->v[k->n] = strtod(sp, &end);
			if (end != sp)
				k->n++;
		}
	}
	fclose(f);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile p (0..100) of n values; NAN for none. */
static double
pct(const double *v, size_t n, double p)
{
	double *s;
	double r;
	size_t i;

	if (n == 0)
		return NAN;
	if ((s = malloc(n * sizeof(*s))) == NULL)
		err(1, "malloc");
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	if (p == 50 && n % 2 == 0)
		r = (s[n / 2 - 1] + s[n / 2]) / 2;
	else {
		i = (size_t)ceil(p / 100 * (double)n);
		r = s[i == 0 ? 0 : i - 1];
	}
	free(s);
	return r;
}

/* The median of a key's values, or its best (largest), or NAN. */
static double
med(const char *key)
{
	const struct kv *k = kv_find(key);

	return k == NULL ? NAN : pct(k->v, k->n, 50);
}

static double
best(const char *key)
{
	const struct kv *k = kv_find(key);

	return k == NULL ? NAN : pct(k->v, k->n, 100);
}

/* fn of the key pre<n>post. */
static double
keyn(const char *pre, unsigned n, const char *post,
    double (*fn)(const char *))
{
	char key[64];

	snprintf(key, sizeof(key), "%s%u%s", pre, n, post);
	return fn(key);
}

static const char *
text(const char *key)
{
	const struct kv *k = kv_find(key);

	return k == NULL ? "?" : k->text;
}

/* --- the lab ------------------------------------------------------------ */

/* Where a handover's time goes, per move (ms; NAN: not reported). */
enum hstep { H_PORT, H_CARRIER, H_RS, H_RA, H_ADDR, H_BU, H_BA, H_FIRST,
    H_AFTER_UP, H_INTR, H_OUTAGE, H_MAX };
static const char *hname[H_MAX] = {
	"port down (the lab's move)", "carrier seen", "RS sent",
	"RA received", "care-of address ready", "BU sent",
	"last BA received", "first packet delivered",
	"interruption less port down", "interruption",
	"interruption less one probe interval"
};
static const char *hkey[H_MAX] = {
	"port_down", "carrier", "rs", "ra", "address", "bu", "ba",
	"first_packet", "after_port_up", "interruption", "outage"
};

struct lab {
	double	 h[H_MAX][MAX_MOVES];
	size_t	 nh[H_MAX];
	size_t	 moves;
	double	 lost, sent;
	double	 rate;
	bool	 ok;
};

/* A JSON number (or null: false). */
static bool
jr_num(const struct jr *j, int tok, double *v)
{
	char buf[64], *end;
	size_t n;

	if (!jr_is(j, tok, JR_NUMBER))
		return false;
	n = j->t[tok].end - j->t[tok].start;
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, j->s + j->t[tok].start, n);
	buf[n] = '\0';
	*v = strtod(buf, &end);
	return *end == '\0';
}

static void
lab_add(struct lab *l, enum hstep s, double v)
{
	if (l->nh[s] < MAX_MOVES)
		l->h[s][l->nh[s]++] = v;
}

static void
lab_read(const char *path, struct lab *l)
{
	static const char *steps[] = { "carrier", "rs", "ra", "address", "bu",
	    "ba", "first_packet" };
	struct jr j;
	char *buf;
	long len;
	size_t i, k, nmv;
	int mv, m, hv, fl, f;
	double v, port, intr;
	int64_t from;
	bool failed_none;
	uint64_t failed;
	FILE *fp;

	memset(l, 0, sizeof(*l));
	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	if (fseek(fp, 0, SEEK_END) == -1 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1 ||
	    (buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, fp) != (size_t)len)
		err(1, "%s", path);
	fclose(fp);
	if (jr_parse(&j, buf, (size_t)len) == -1)
		err(1, "%s", path);
	jr_num(&j, jr_path(&j, 0, "options.rate"), &l->rate);
	failed_none = jr_u64(&j, jr_member(&j, 0, "failed"), &failed) &&
	    failed == 0;
	l->ok = failed_none;
	mv = jr_member(&j, 0, "moves");
	nmv = jr_size(&j, mv);
	for (i = 0; i < nmv; i++) {
		m = jr_elem(&j, mv, i);
		if (!jr_i64(&j, jr_member(&j, m, "from"), &from) || from == 0)
			continue;
		l->moves++;
		port = intr = NAN;
		if (jr_num(&j, jr_member(&j, m, "port_down_ms"), &port))
			lab_add(l, H_PORT, port);
		if (jr_num(&j, jr_member(&j, m, "interruption_ms"), &intr)) {
			lab_add(l, H_INTR, intr);
			/* replies a probe interval apart: nothing was lost */
			if (l->rate > 0)
				lab_add(l, H_OUTAGE, fmax(0, intr - 1000 /
				    l->rate));
		}
		if (!isnan(port) && !isnan(intr))
			lab_add(l, H_AFTER_UP, intr - port);
		hv = jr_member(&j, m, "handover_ms");
		for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++)
			if (jr_num(&j, jr_member(&j, hv, steps[k]), &v))
				lab_add(l, (enum hstep)(H_CARRIER + k), v);
		fl = jr_member(&j, m, "flows");
		for (k = 0; k < jr_size(&j, fl); k++) {
			f = jr_elem(&j, fl, k);
			if (jr_num(&j, jr_member(&j, f, "udp_lost"), &v))
				l->lost += v;
			if (jr_num(&j, jr_member(&j, f, "udp_sent"), &v))
				l->sent += v;
		}
	}
	jr_free(&j);
	free(buf);
}

/* --- the table ------------------------------------------------------------ */

enum cmp { C_NONE, C_GE, C_LE };

struct row {
	char		 name[80];
	char		 unit[16];
	double		 value;
	double		 base;		/* NAN: none */
	char		 base_name[40];
	double		 ratio;		/* what the target is on */
	enum cmp	 cmp;
	double		 target;
	bool		 on_value;	/* the target is on the value itself */
};

static struct row rows[MAX_ROWS];
static size_t nrows;

static void
row(const char *name, const char *unit, double value, double base,
    const char *base_name, enum cmp cmp, double target, bool on_value)
{
	struct row *r;

	if (nrows == MAX_ROWS)
		errx(1, "too many rows");
	r = &rows[nrows++];
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	snprintf(r->base_name, sizeof(r->base_name), "%s", base_name);
	r->value = value;
	r->base = base;
	r->ratio = isnan(base) || base == 0 ? NAN : value / base;
	r->cmp = cmp;
	r->target = target;
	r->on_value = on_value;
}

/* "yes", "no", or "-" when there is no target or no figure. */
static const char *
met(const struct row *r)
{
	double x = r->on_value ? r->value : r->ratio;

	if (r->cmp == C_NONE || isnan(x))
		return "-";
	return (r->cmp == C_GE ? x >= r->target : x <= r->target) ? "yes" :
	    "no";
}

static void
fmt_num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 1000)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

static void
fmt_target(char *buf, size_t len, const struct row *r)
{
	if (r->cmp == C_NONE)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s %g%s", r->cmp == C_GE ? ">=" : "<=",
		    r->target, r->on_value ? "" : "x");
}

/* The table as text (md false) or as Markdown. */
static void
table(FILE *f, bool md)
{
	char v[32], b[64], ra[32], t[32];
	size_t i;

	if (md)
		fprintf(f, "| measurement | value | baseline | ratio | target "
		    "| met? |\n|---|---:|---|---:|---|---|\n");
	else
		fprintf(f, "%-46s %12s  %-24s %6s  %-8s %s\n", "MEASUREMENT",
		    "VALUE", "BASELINE", "RATIO", "TARGET", "MET");
	for (i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		fmt_num(v, sizeof(v), r->value);
		if (isnan(r->base))
			snprintf(b, sizeof(b), "-");
		else {
			fmt_num(b, sizeof(b), r->base);
			snprintf(b + strlen(b), sizeof(b) - strlen(b), " %s",
			    r->base_name);
		}
		fmt_num(ra, sizeof(ra), r->ratio);
		fmt_target(t, sizeof(t), r);
		if (md)
			fprintf(f, "| %s (%s) | %s | %s | %s | %s | %s |\n",
			    r->name, r->unit, v, b, ra, t, met(r));
		else {
			char nm[128];

			snprintf(nm, sizeof(nm), "%.79s (%.15s)", r->name,
			    r->unit);
			fprintf(f, "%-46s %12s  %-24s %6s  %-8s %s\n", nm, v, b,
			    ra, t, met(r));
		}
	}
}

/* --- the plot ------------------------------------------------------------- */

#define SVG_W	640
#define SVG_H	400
#define PL	70
#define PR	190
#define PT	40
#define PB	50

struct series {
	const char	*name;
	const char	*colour;
	double		 us[NSIZES];	/* NAN: not measured */
};

static double
sx(double n)
{
	return PL + (log10(n) - 3) / 2 * (SVG_W - PL - PR);
}

static double
sy(double us, double lo, double hi)
{
	return SVG_H - PB - (log10(us) - lo) / (hi - lo) *
	    (SVG_H - PT - PB);
}

static void
plot(const char *path, const struct series *s, size_t ns)
{
	double lo = 1e9, hi = -1e9, y;
	size_t i, k;
	int e;
	bool first;
	FILE *f;

	for (i = 0; i < ns; i++)
		for (k = 0; k < NSIZES; k++)
			if (!isnan(s[i].us[k]) && s[i].us[k] > 0) {
				lo = fmin(lo, floor(log10(s[i].us[k])));
				hi = fmax(hi, ceil(log10(s[i].us[k])));
			}
	if (lo >= hi)
		hi = lo + 1;
	if ((f = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
	    "<text x=\"%d\" y=\"22\" font-size=\"14\">Cost per binding "
	    "against bindings held (one core)</text>\n", SVG_W, SVG_H, PL);
	/* axes, decades */
	for (e = (int)lo; e <= (int)hi; e++) {
		y = sy(pow(10, e), lo, hi);
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#ddd\"/>\n<text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">%g</text>\n", PL, SVG_W - PR, y, y,
		    PL - 6, y + 4, pow(10, e));
	}
	for (k = 0; k < NSIZES; k++)
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
		    "stroke=\"#ddd\"/>\n<text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\">%uk</text>\n", sx(sizes[k]),
		    sx(sizes[k]), PT, SVG_H - PB, sx(sizes[k]),
		    SVG_H - PB + 18, sizes[k] / 1000);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">bindings "
	    "held</text>\n<text x=\"16\" y=\"%d\" text-anchor=\"middle\" "
	    "transform=\"rotate(-90 16 %d)\">microseconds per operation "
	    "(log)</text>\n", (PL + SVG_W - PR) / 2, SVG_H - 12,
	    (PT + SVG_H - PB) / 2, (PT + SVG_H - PB) / 2);
	for (i = 0; i < ns; i++) {
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" points=\"", s[i].colour);
		first = true;
		for (k = 0; k < NSIZES; k++)
			if (!isnan(s[i].us[k]) && s[i].us[k] > 0) {
				fprintf(f, "%s%.1f,%.1f", first ? "" : " ",
				    sx(sizes[k]), sy(s[i].us[k], lo, hi));
				first = false;
			}
		fprintf(f, "\"/>\n");
		for (k = 0; k < NSIZES; k++)
			if (!isnan(s[i].us[k]) && s[i].us[k] > 0)
				fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" "
				    "r=\"3\" fill=\"%s\"><title>%s: %.2f us at "
				    "%u</title></circle>\n", sx(sizes[k]),
				    sy(s[i].us[k], lo, hi), s[i].colour,
				    s[i].name, s[i].us[k], sizes[k]);
		y = PT + 10 + 20 * (double)i;
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"%s\" stroke-width=\"2\"/>\n<text x=\"%d\" "
		    "y=\"%.1f\">%s</text>\n", SVG_W - PR + 10, SVG_W - PR + 30,
		    y, y, s[i].colour, SVG_W - PR + 36, y + 4, s[i].name);
	}
	fprintf(f, "</svg>\n");
	if (fclose(f) != 0)
		err(1, "%s", path);
}

/* --- the outputs ----------------------------------------------------------- */

static void
json_num(struct json *j, const char *key, double v)
{
	if (isnan(v))
		json_null(j, key);
	else
		json_double(j, key, v);
}

static void
write_json(const char *path, const struct lab *l)
{
	struct json j;
	size_t i, k;
	FILE *f;

	if ((f = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	json_init(&j, f, JSON_PRETTY);
	json_object_open(&j, NULL);
	json_object_open(&j, "machine");
	json_string(&j, "cpu", text("machine_cpu"));
	json_string(&j, "nproc", text("machine_nproc"));
	json_string(&j, "uname", text("machine_uname"));
	json_string(&j, "date", text("machine_date"));
	json_string(&j, "fama", text("fama_version"));
	json_object_close(&j);
	json_array_open(&j, "table");
	for (i = 0; i < nrows; i++) {
		json_object_open(&j, NULL);
		json_string(&j, "measurement", rows[i].name);
		json_string(&j, "unit", rows[i].unit);
		json_num(&j, "value", rows[i].value);
		json_num(&j, "baseline", rows[i].base);
		json_string(&j, "baseline_is", isnan(rows[i].base) ? NULL :
		    rows[i].base_name);
		json_num(&j, "ratio", rows[i].ratio);
		if (rows[i].cmp == C_NONE)
			json_null(&j, "target");
		else
			json_stringf(&j, "target", "%s %g%s", rows[i].cmp ==
			    C_GE ? ">=" : "<=", rows[i].target,
			    rows[i].on_value ? "" : "x");
		json_string(&j, "met", met(&rows[i]));
		json_object_close(&j);
	}
	json_array_close(&j);
	json_object_open(&j, "handover");
	json_uint(&j, "moves", l->moves);
	json_num(&j, "probe_rate", l->rate);
	json_num(&j, "udp_sent", l->sent);
	json_num(&j, "udp_lost", l->lost);
	json_bool(&j, "all_checks_passed", l->ok);
	for (k = 0; k < H_MAX; k++) {
		json_object_open(&j, hkey[k]);
		json_num(&j, "median_ms", pct(l->h[k], l->nh[k], 50));
		json_num(&j, "p99_ms", pct(l->h[k], l->nh[k], 99));
		json_num(&j, "max_ms", pct(l->h[k], l->nh[k], 100));
		json_uint(&j, "n", l->nh[k]);
		json_object_close(&j);
	}
	json_object_close(&j);
	json_object_open(&j, "results");
	for (i = 0; i < nkv; i++) {
		if (kvs[i].n == 0)
			json_string(&j, kvs[i].key, kvs[i].text);
		else if (kvs[i].n == 1)
			json_double(&j, kvs[i].key, kvs[i].v[0]);
		else {
			json_array_open(&j, kvs[i].key);
			for (k = 0; k < kvs[i].n; k++)
				json_double(&j, NULL, kvs[i].v[k]);
			json_array_close(&j);
		}
	}
	json_object_close(&j);
	json_object_close(&j);
	if (json_done(&j) == -1 || fclose(f) != 0)
		errx(1, "%s: JSON output failed", path);
}

/* A key's values, comma-separated, with prec decimals. */
static void
list(FILE *f, const char *key, int prec)
{
	const struct kv *k = kv_find(key);
	size_t i;

	for (i = 0; k != NULL && i < k->n; i++)
		fprintf(f, "%s%.*f", i == 0 ? "" : ", ", prec, k->v[i]);
	if (k == NULL || k->n == 0)
		fprintf(f, "-");
}

static void
write_md(const char *path, const struct lab *l)
{
	size_t k;
	FILE *f;

	if ((f = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(f, "Machine: %s, %s CPUs, %s MB; `%s`.  \n"
	    "Date: %s; %s; `make bench` took %s s.\n\n",
	    text("machine_cpu"), text("machine_nproc"),
	    text("machine_mem_mb"), text("machine_uname"),
	    text("machine_date"), text("fama_version"),
	    text("bench_seconds"));
	table(f, true);
	fprintf(f, "\n### Binding Updates at the DAR (one core, %s-bit "
	    "keys; rates are the best round)\n\n", text("key_bits"));
	fprintf(f, "Rates per core-second are per second of the CPU time of "
	    "the process measured (the DAR's, the echo's, the cryptography's "
	    "thread, ip's), whoever else shares the core; per second of the "
	    "clock they depend on what else runs.\n\n");
	fprintf(f, "- first registrations, 1500 at each of %s DARs, each "
	    "starting empty: ", text("first_rounds"));
	list(f, "first_per_cpu_s", 0);
	fprintf(f, " per core-second; ");
	list(f, "first_per_s", 0);
	fprintf(f, " per second (the DAR had ");
	list(f, "first_cpu_share", 2);
	fprintf(f, " of its core)\n- cryptography alone (OpenSSL, same "
	    "core): ");
	list(f, "crypto_first_us", 1);
	fprintf(f, " us per first registration; ");
	list(f, "crypto_refresh_us", 2);
	fprintf(f, " us per refresh\n- the binding cache alone (bc_rx, "
	    "no kernel): %.1f us per first registration, %.2f us per "
	    "refresh\n", med("bc_first_us"), med("bc_refresh_ns_1000") /
	    1000);
	fprintf(f, "- refreshes: ");
	list(f, "refresh_per_cpu_s", 0);
	fprintf(f, " per core-second (");
	list(f, "refresh_per_s", 0);
	fprintf(f, " per second); bare receive-and-reply: ");
	list(f, "echo_per_cpu_s", 0);
	fprintf(f, " per core-second (");
	list(f, "echo_per_s", 0);
	fprintf(f, " per second)\n- BAs refused %s, lost %s; tunnel errors "
	    "at the DAR %s\n", text("first_refused"), text("first_lost"),
	    text("dar_tunnel_errors"));
	fprintf(f, "\n### Handover (%zu moves, probes at %.0f/s, UDP lost "
	    "%.0f of %.0f, checks %s)\n\n| ms after the port came up | "
	    "median | p99 | max |\n|---|---:|---:|---:|\n", l->moves, l->rate,
	    l->lost, l->sent, l->ok ? "all passed" : "FAILED");
	for (k = 0; k < H_MAX; k++)
		fprintf(f, "| %s | %.2f | %.2f | %.2f |\n", hname[k],
		    pct(l->h[k], l->nh[k], 50), pct(l->h[k], l->nh[k], 99),
		    pct(l->h[k], l->nh[k], 100));
	fprintf(f, "\n(The port-down row is the lab's move itself.  The "
	    "interruption is the lab's: per move, the longest time between "
	    "two UDP replies of any flow, so replies one probe interval "
	    "apart count as that interval although nothing was lost; less "
	    "one interval it is the outage itself, on average.  The steps "
	    "the MN reports are in whole milliseconds.)\n");
	fprintf(f, "\n### Scale\n\n| bindings | refresh (bc_rx) us | "
	    "userspace B/binding | tunnel installs/core-s netns/ | "
	    "ip -batch | tunnel B | proxy installs/core-s | proxy B | "
	    "counters/core-s | counters B |\n"
	    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (k = 0; k < NSIZES; k++) {
		double kt = fmax(keyn("k_tunnel_per_cpu_s_", sizes[k], "",
		    best), keyn("k2_tunnel_per_cpu_s_", sizes[k], "", best));
		double ib = fmax(keyn("ipbatch_per_cpu_s_", sizes[k], "_r1",
		    best), keyn("ipbatch_per_cpu_s_", sizes[k], "_r2", best));

		fprintf(f, "| %u | %.2f | %.0f | %.0f | %.0f | %.0f | %.0f | "
		    "%.0f | %.0f | %.0f |\n", sizes[k],
		    keyn("bc_refresh_ns_", sizes[k], "", med) / 1000,
		    keyn("bc_bytes_per_binding_", sizes[k], "", med), kt, ib,
		    keyn("k_tunnel_bytes_", sizes[k], "", med),
		    keyn("k_proxy_per_cpu_s_", sizes[k], "", med),
		    keyn("k_proxy_bytes_", sizes[k], "", med),
		    keyn("k_counters_per_cpu_s_", sizes[k], "", med),
		    keyn("k_counters_bytes_", sizes[k], "", med));
	}
	fprintf(f, "\n(Install rates are those of each step up to the size; "
	    "kernel bytes are Slab and Percpu of /proc/meminfo per binding "
	    "held, noisy at 1k.  ip -batch refused %s and %s of the 100k "
	    "routes with ENOMEM: the seg6 route's per-CPU cache is an atomic "
	    "allocation; netns/ retried %s and %s times.)\n\n"
	    "![cost against bindings](bench.svg)\n",
	    text("ipbatch_errors_100000_r1"), text("ipbatch_errors_100000_r2"),
	    text("k_tunnel_enomem_100000"), text("k2_tunnel_enomem_100000"));
	fprintf(f, "\n### CGA (%s-bit key, %s octets hashed per "
	    "candidate)\n\n- raw SHA-1: %.0f hashes per core-second; the "
	    "search: %.0f on one thread, %.0f per core-second on %s threads, "
	    "%.0f per second of the clock (x%.2f of one thread's)\n"
	    "- Sec 1: %.1f ms per key on one core at that rate (%.1f ms at "
	    "the raw rate; mean of %s searches by the clock %.1f ms), %.1f ms "
	    "on %s threads by the clock\n", text("cga_key_bits"),
	    text("cga_hash2_octets"), med("cga_sha1_raw_per_s"),
	    med("cga_search_per_s"), med("cga_mt_search_per_cpu_s"),
	    text("cga_threads"), med("cga_mt_search_per_s"),
	    med("cga_mt_speedup"), med("cga_sec1_expected_ms"),
	    med("cga_sec1_bound_ms"), text("cga_sec1_searches"),
	    med("cga_sec1_mean_ms"), med("cga_mt_sec1_mean_ms"),
	    text("cga_threads"));
	if (fclose(f) != 0)
		err(1, "%s", path);
}

int
main(int argc, char **argv)
{
	struct series s[5] = {
		{ "refresh (bc_rx)", "#1f77b4", { NAN, NAN, NAN } },
		{ "tunnel (netns/)", "#d62728", { NAN, NAN, NAN } },
		{ "tunnel (ip -batch)", "#ff9896", { NAN, NAN, NAN } },
		{ "proxy neighbour", "#2ca02c", { NAN, NAN, NAN } },
		{ "nft counters", "#9467bd", { NAN, NAN, NAN } },
	};
	struct lab *l;
	double kt, ib, ker;
	size_t k;

	if (argc != 6)
		errx(2, "usage: benchrep RESULTS LAB_JSON OUT_JSON OUT_MD "
		    "OUT_SVG");
	kv_read(argv[1]);
	if ((l = malloc(sizeof(*l))) == NULL)
		err(1, "malloc");
	lab_read(argv[2], l);

	row("first registrations at a DAR", "/core-s",
	    best("first_per_cpu_s"), best("crypto_first_per_s"),
	    "crypto only", C_GE, 0.5, false);
	row("token refreshes at a DAR", "/core-s", best("refresh_per_cpu_s"),
	    best("echo_per_cpu_s"), "recv+reply", C_GE, 0.5, false);
	row("handover interruption, median", "ms", pct(l->h[H_INTR],
	    l->nh[H_INTR], 50), NAN, "", C_LE, 5, true);
	row("handover interruption, p99", "ms", pct(l->h[H_INTR],
	    l->nh[H_INTR], 99), NAN, "", C_LE, 20, true);
	row("same, less one probe interval, median", "ms",
	    pct(l->h[H_OUTAGE], l->nh[H_OUTAGE], 50), NAN, "", C_LE, 5, true);
	row("same, less one probe interval, p99", "ms",
	    pct(l->h[H_OUTAGE], l->nh[H_OUTAGE], 99), NAN, "", C_LE, 20,
	    true);
	row("TCP through the tunnel, MN to CN", "Gbit/s",
	    best("tput_tunnel_up_gbps"), best("tput_native_up_gbps"),
	    "native", C_GE, 0.9, false);
	row("TCP through the tunnel, CN to MN", "Gbit/s",
	    best("tput_tunnel_down_gbps"), best("tput_native_down_gbps"),
	    "native", C_GE, 0.9, false);
	for (k = 0; k < NSIZES; k++) {
		char name[80];

		kt = fmax(keyn("k_tunnel_per_cpu_s_", sizes[k], "", best),
		    keyn("k2_tunnel_per_cpu_s_", sizes[k], "", best));
		ib = fmax(keyn("ipbatch_per_cpu_s_", sizes[k], "_r1", best),
		    keyn("ipbatch_per_cpu_s_", sizes[k], "_r2", best));
		snprintf(name, sizeof(name), "tunnel installs up to %uk "
		    "bindings", sizes[k] / 1000);
		row(name, "/core-s", kt, ib, "ip -batch", C_GE, 0.8, false);
		s[0].us[k] = keyn("bc_refresh_ns_", sizes[k], "", med) / 1000;
		s[1].us[k] = 1e6 / kt;
		s[2].us[k] = 1e6 / ib;
		s[3].us[k] = 1e6 / keyn("k_proxy_per_cpu_s_", sizes[k], "",
		    med);
		s[4].us[k] = 1e6 / keyn("k_counters_per_cpu_s_", sizes[k], "",
		    med);
	}
	row("refresh cost at 100k against 1k bindings", "us",
	    med("bc_refresh_ns_100000") / 1000, med("bc_refresh_ns_1000") /
	    1000, "at 1k", C_LE, 1.5, false);
	row("memory per binding, userspace", "B",
	    med("bc_bytes_per_binding_100000"), NAN, "", C_NONE, 0, true);
	ker = med("k_tunnel_bytes_100000") + med("k_counters_bytes_100000") +
	    med("k_proxy_bytes_10000");
	row("memory per binding, kernel", "B", ker, NAN, "", C_NONE, 0, true);
	row("CGA modifier search, one core", "hashes/core-s",
	    med("cga_search_per_s"), med("cga_sha1_raw_per_s"), "raw SHA-1",
	    C_GE, 0.8, false);
	row("CGA Sec 1 modifier, one core", "ms", med("cga_sec1_expected_ms"),
	    med("cga_sec1_bound_ms"), "at raw rate", C_NONE, 0, false);
	{
		char name[80];

		snprintf(name, sizeof(name), "CGA search on %.8s threads",
		    text("cga_threads"));
		row(name, "hashes/core-s", med("cga_mt_search_per_cpu_s"),
		    med("cga_search_per_s"), "one thread", C_NONE, 0, false);
	}

	table(stdout, false);
	write_json(argv[3], l);
	plot(argv[5], s, sizeof(s) / sizeof(s[0]));
	write_md(argv[4], l);
	free(l);
	return 0;
}

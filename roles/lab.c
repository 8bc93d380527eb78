// SPDX-License-Identifier: GPL-2.0-only
/* fama lab: a FAMA network in namespaces (testbed/topo) running the real
 * daemons, a mobile node moved across its DARs while flows run, checks
 * that every flow survived and took the path FAMA says, and the report.
 * Also `up|move|exec|show|down` for a topology kept between commands. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "netns/addr.h"
#include "netns/neigh.h"
#include "netns/nl.h"
#include "netns/ns.h"
#include "netns/route.h"
#include "netns/rule.h"
#include "roles/common.h"
#include "roles/ctl.h"
#include "roles/json.h"
#include "roles/roles.h"
#include "testbed/capture.h"
#include "testbed/jsonr.h"
#include "testbed/probe.h"
#include "testbed/report.h"
#include "testbed/run.h"
#include "testbed/topo.h"

#define LAB_DIR		"/run/fama/lab"
#define LAB_MAX_SEQ	1024
#define LAB_NFT_TABLE	"fama_lab"
#define LAB_MAX_PROCS	(TOPO_MAX_DARS + TOPO_MAX_MNS + REP_MAX_FLOWS + 64)

struct lab_opts {
	char		 name[TOPO_NAME_MAX];
	int		 ndars;
	int		 nmns;
	int		 seq[LAB_MAX_SEQ];
	int		 nseq;
	unsigned	 repeat;
	unsigned	 dwell_ms;
	unsigned	 rate;
	bool		 tcp;
	char		 keep[8];
	bool		 rr;
	bool		 single;
	unsigned	 loss;
	unsigned	 max_gap_ms;
	unsigned	 max_stall_ms;
	unsigned	 settle_ms;
	unsigned	 l2gap_ms;
	const char	*pcap;
	const char	*json;
	const char	*svg;
	const char	*logs;
	int		 verbose;
	bool		 quiet;
};

enum proc_kind { P_DAR, P_MN, P_CN, P_CAP, P_PROBE };
static const char *proc_names[] = { "dar", "mn", "cn", "capture", "probe" };

struct lab_proc {
	enum proc_kind	 kind;
	int		 idx;
	struct run_proc	 p;
};

struct lab {
	struct lab_opts	 o;
	struct topo	 t;
	char		 self[PATH_MAX];
	char		 dir[256];		/* state: sockets, pids */
	char		 logdir[256];		/* logs and timelines */
	struct lab_proc	 procs[LAB_MAX_PROCS];
	int		 nprocs;
	struct run_proc	 probe[REP_MAX_FLOWS];
	struct report	 rep;
	bool		 tty;
	/* per MN: counters when it settled, per DAR and flow */
	uint64_t	 base_all[TOPO_MAX_MNS][TOPO_MAX_DARS + 1][REP_MAX_FLOWS];
	uint64_t	 base_acc[TOPO_MAX_MNS][TOPO_MAX_DARS + 1][REP_MAX_FLOWS];
	bool		 have_base[TOPO_MAX_MNS];
	/* per MN: signalling and DAR counters at the move's start */
	uint64_t	 sig_pk[TOPO_MAX_MNS], sig_by[TOPO_MAX_MNS];
	uint64_t	 bu0[TOPO_MAX_MNS], ba0[TOPO_MAX_MNS];
	int		 last_move[TOPO_MAX_MNS];	/* index + 1 */
	bool		 owned;		/* this run made the lab */
};

static volatile int lab_stop;

static void
on_signal(int s)
{
	(void)s;
	lab_stop = 1;
}

static void
lab_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a wait in progress returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
say(struct lab *l, const char *fmt, ...)
{
	va_list ap;

	if (l->o.quiet)
		return;
	if (l->tty)
		fprintf(stderr, "\r\033[K");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
progress(struct lab *l, const char *fmt, ...)
{
	va_list ap;

	if (!l->tty || l->o.quiet)
		return;
	fprintf(stderr, "\r\033[K");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

static void
lab_path(const struct lab *l, char *buf, size_t len, const char *fmt, ...)
{
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(buf, len, "%s/%s", l->dir, name);
}

static void
log_path(const struct lab *l, char *buf, size_t len, const char *fmt, ...)
{
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	snprintf(buf, len, "%s/%s", l->logdir, name);
}

/* --- state between invocations ------------------------------------------- */

static int
state_write(struct lab *l)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	int i;

	lab_path(l, path, sizeof(path), "state");
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "fama-lab 1\ndars %d\nmns %d\nkeep %s\nrr %d\n"
	    "single %d\nloss %u\nlogs %s\n", l->t.ndars, l->t.nmns,
	    l->o.keep, l->o.rr, l->o.single, l->o.loss, l->logdir);
	for (i = 0; i < l->t.nmns; i++)
		fprintf(f, "at %d %d\n", i + 1, l->t.mn_at[i]);
	for (i = 0; i < l->nprocs; i++)
		if (l->procs[i].p.pid > 0)
			fprintf(f, "proc %s %d %d %" PRIu64 "\n",
			    proc_names[l->procs[i].kind], l->procs[i].idx,
			    (int)l->procs[i].p.pid, l->procs[i].p.start);
	if (fclose(f) == EOF || rename(tmp, path) == -1)
		return -1;
	return 0;
}

static int
state_read(struct lab *l)
{
	char path[PATH_MAX], line[PATH_MAX + 16], kind[16], s[256];
	FILE *f;
	int a, b, k;
	unsigned u;
	uint64_t st;

	lab_path(l, path, sizeof(path), "state");
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "dars %d", &a) == 1)
			l->t.ndars = a;
		else if (sscanf(line, "mns %d", &a) == 1)
			l->t.nmns = a;
		else if (sscanf(line, "keep %7s", l->o.keep) == 1)
			;
		else if (sscanf(line, "rr %d", &a) == 1)
			l->o.rr = a != 0;
		else if (sscanf(line, "single %d", &a) == 1)
			l->o.single = a != 0;
		else if (sscanf(line, "loss %u", &u) == 1)
			l->o.loss = u;
		else if (sscanf(line, "logs %255s", s) == 1)
			memcpy(l->logdir, s, sizeof(l->logdir));
		else if (sscanf(line, "at %d %d", &a, &b) == 2 && a >= 1 &&
		    a <= TOPO_MAX_MNS)
			l->t.mn_at[a - 1] = b;
		else if (sscanf(line, "proc %15s %d %d %" SCNu64, kind, &a, &b,
		    &st) == 4 && l->nprocs < LAB_MAX_PROCS) {
			for (k = 0; k < 5; k++)
				if (strcmp(kind, proc_names[k]) == 0)
					break;
			if (k == 5)
				continue;
			l->procs[l->nprocs].kind = (enum proc_kind)k;
			l->procs[l->nprocs].idx = a;
			l->procs[l->nprocs].p.pid = b;
			l->procs[l->nprocs].p.start = st;
			l->nprocs++;
		}
	}
	fclose(f);
	if (l->t.ndars < 1 || l->t.ndars > TOPO_MAX_DARS || l->t.nmns < 1 ||
	    l->t.nmns > TOPO_MAX_MNS) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

static int
spawn(struct lab *l, enum proc_kind kind, int idx, const char *ns,
    char *const argv[], const char *log, struct run_proc *out)
{
	struct lab_proc *p;

	if (l->nprocs == LAB_MAX_PROCS) {
		errno = ENOSPC;
		return -1;
	}
	p = &l->procs[l->nprocs];
	if (run_spawn(ns, argv, log, &p->p) == -1)
		return -1;
	p->kind = kind;
	p->idx = idx;
	l->nprocs++;
	if (out != NULL)
		*out = p->p;
	state_write(l);
	return 0;
}

/* Stops every process of a kind (all kinds: -1), newest first. */
static void
stop_kind(struct lab *l, int kind, unsigned timeout_ms)
{
	int i;

	for (i = l->nprocs - 1; i >= 0; i--)
		if ((kind == -1 || (int)l->procs[i].kind == kind) &&
		    l->procs[i].p.pid > 0) {
			run_stop(&l->procs[i].p, timeout_ms, NULL);
			l->procs[i].p.pid = 0;
		}
}

/* --- the daemons' control sockets ---------------------------------------- */

/* Sends a command and parses the JSON reply; the caller frees *text and
 * j with jr_free().  -1 when no answer or not JSON. */
static int
query(const char *sock, const char *cmd, char **text, struct jr *j)
{
	char *argv[CTL_ARGS_MAX], buf[256], err[256], *s, *save = NULL;
	size_t len = 0;
	FILE *f;
	int argc = 0, rc;

	*text = NULL;
	memset(j, 0, sizeof(*j));
	snprintf(buf, sizeof(buf), "%s", cmd);
	for (s = strtok_r(buf, " ", &save); s != NULL && argc < CTL_ARGS_MAX;
	    s = strtok_r(NULL, " ", &save))
		argv[argc++] = s;
	if ((f = open_memstream(text, &len)) == NULL)
		return -1;
	rc = ctl_request(sock, argc, argv, f, err, sizeof(err), 2000);
	if (fclose(f) == EOF)
		rc = -1;
	if (rc != 0 || jr_parse(j, *text, len) == -1) {
		jr_free(j);
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}

static void
dar_sock(const struct lab *l, int i, char *buf, size_t len)
{
	lab_path(l, buf, len, "dar%d.sock", i);
}

static void
mn_sock(const struct lab *l, int i, char *buf, size_t len)
{
	lab_path(l, buf, len, "mn%d.sock", i);
}

/* A DAR's binding updates received and acknowledgements sent. */
static int
dar_stats(const struct lab *l, int i, uint64_t *bu, uint64_t *ba)
{
	char sock[PATH_MAX], *text;
	struct jr j;
	bool ok;

	dar_sock(l, i, sock, sizeof(sock));
	if (query(sock, "show stats --json", &text, &j) == -1)
		return -1;
	ok = jr_u64(&j, jr_member(&j, 0, "binding_updates"), bu) &&
	    jr_u64(&j, jr_member(&j, 0, "acks_sent"), ba);
	jr_free(&j);
	free(text);
	return ok ? 0 : -1;
}

static void
dars_stats(const struct lab *l, uint64_t *bu, uint64_t *ba)
{
	uint64_t a, b;
	int i;

	*bu = *ba = 0;
	for (i = 1; i <= l->t.ndars; i++)
		if (dar_stats(l, i, &a, &b) == 0) {
			*bu += a;
			*ba += b;
		}
}

/* --- nftables: flow counters, signalling counters, loss ------------------- */

static int
nft(const char *ns, const char *rules)
{
	char *argv[] = { "nft", "-f", "-", NULL };
	char out[1024];
	int rc;

	rc = run_wait(ns, argv, rules, out, sizeof(out));
	if (rc != 0) {
		fprintf(stderr, "fama lab: nft in %s: %s", ns, out);
		errno = EIO;
		return -1;
	}
	return 0;
}

/* Every named counter of the lab's table in ns: name, packets, bytes. */
struct ctr {
	char		 name[32];
	uint64_t	 pkts;
	uint64_t	 bytes;
};

static int
nft_counters(const char *ns, struct ctr *c, int max)
{
	char *argv[] = { "nft", "list", "counters", "table", "ip6",
	    LAB_NFT_TABLE, NULL };
	static char out[65536];
	char *line, *save = NULL, name[32];
	unsigned long long p, b;
	int n = 0;

	if (run_wait(ns, argv, NULL, out, sizeof(out)) != 0)
		return -1;
	name[0] = '\0';
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, " counter %31s {", name) == 1)
			continue;
		if (sscanf(line, " packets %llu bytes %llu", &p, &b) == 2 &&
		    name[0] != '\0' && n < max) {
			snprintf(c[n].name, sizeof(c[n].name), "%s", name);
			c[n].pkts = p;
			c[n].bytes = b;
			n++;
			name[0] = '\0';
		}
	}
	return n;
}

static void
ns_of(const struct lab *l, enum topo_node node, int i, char *buf, size_t len)
{
	topo_ns(&l->t, node, i, buf, len);
}

static int
nft_setup(struct lab *l)
{
	char ns[TOPO_NS_MAX], rules[1024];
	int i;

	for (i = 1; i <= l->t.ndars; i++) {
		ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
		if (nft(ns, "table ip6 " LAB_NFT_TABLE " {\n"
		    "  chain arrive { type filter hook prerouting priority "
		    "-300; policy accept; }\n"
		    "  chain flows { type filter hook forward priority -10; "
		    "policy accept; }\n}\n") == -1)
			return -1;
	}
	/* the MN's signalling: RS out, RA in, Mobility Header both ways */
	for (i = 1; i <= l->t.nmns; i++) {
		ns_of(l, TOPO_MN, i, ns, sizeof(ns));
		if (nft(ns, "table ip6 " LAB_NFT_TABLE " {\n"
		    "  counter sig { }\n"
		    "  chain sig_in { type filter hook prerouting priority -300; "
		    "policy accept;\n"
		    "    meta l4proto 135 counter name \"sig\"\n"
		    "    icmpv6 type nd-router-advert counter name \"sig\"\n"
		    "  }\n"
		    "  chain sig_out { type filter hook postrouting priority 300; "
		    "policy accept;\n"
		    "    meta l4proto 135 counter name \"sig\"\n"
		    "    icmpv6 type nd-router-solicit counter name \"sig\"\n"
		    "  }\n"
		    "}\n") == -1)
			return -1;
	}
	/* kernel without netem: random drops on the access bridges */
	if (l->o.loss > 0) {
		ns_of(l, TOPO_SWITCH, 0, ns, sizeof(ns));
		snprintf(rules, sizeof(rules), "table bridge " LAB_NFT_TABLE
		    " {\n  counter lost { }\n"
		    "  chain lossy { type filter hook forward priority 0; "
		    "policy accept;\n"
		    "    numgen random mod 100 < %u counter name \"lost\" "
		    "drop\n  }\n}\n", l->o.loss);
		if (nft(ns, rules) == -1)
			return -1;
	}
	return 0;
}

/* Counters for flow fi at every DAR: everything of its address that a
 * DAR forwards, and what of it crosses the DAR's access link. */
static int
nft_flow(struct lab *l, size_t fi)
{
	char ns[TOPO_NS_MAX], rules[2048], a[INET6_ADDRSTRLEN];
	int i;

	inet_ntop(AF_INET6, &l->rep.flows[fi].addr, a, sizeof(a));
	/*
	 * Only the flow's own packets (TCP, UDP), never a tunnel's outer
	 * header (l4proto 41) that carries the flow's address as care-of
	 * address.  Towards the MN the anchor encapsulates on input (the
	 * seg6 route), so the inner packet is seen in prerouting only;
	 * from the MN it is decapsulated and then forwarded.
	 */
	snprintf(rules, sizeof(rules),
	    "add counter ip6 %s f%zu_all\n"
	    "add counter ip6 %s f%zu_acc\n"
	    "add rule ip6 %s arrive ip6 daddr %s meta l4proto { tcp, udp } "
	    "counter name \"f%zu_all\"\n"
	    "add rule ip6 %s flows ip6 saddr %s meta l4proto { tcp, udp } "
	    "counter name \"f%zu_all\"\n"
	    "add rule ip6 %s flows iifname \"acc0\" ip6 saddr %s "
	    "meta l4proto { tcp, udp } counter name \"f%zu_acc\"\n"
	    "add rule ip6 %s flows oifname \"acc0\" ip6 daddr %s "
	    "meta l4proto { tcp, udp } counter name \"f%zu_acc\"\n",
	    LAB_NFT_TABLE, fi, LAB_NFT_TABLE, fi,
	    LAB_NFT_TABLE, a, fi, LAB_NFT_TABLE, a, fi,
	    LAB_NFT_TABLE, a, fi, LAB_NFT_TABLE, a, fi);
	for (i = 1; i <= l->t.ndars; i++) {
		ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
		if (nft(ns, rules) == -1)
			return -1;
	}
	return 0;
}

static void
flow_counters(struct lab *l, uint64_t all[][REP_MAX_FLOWS],
    uint64_t acc[][REP_MAX_FLOWS])
{
	struct ctr c[2 * REP_MAX_FLOWS + 8];
	char ns[TOPO_NS_MAX], want[32];
	size_t fi;
	int i, k, n;

	for (i = 1; i <= l->t.ndars; i++) {
		ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
		n = nft_counters(ns, c, (int)(sizeof(c) / sizeof(c[0])));
		for (fi = 0; fi < l->rep.nflows; fi++) {
			all[i][fi] = acc[i][fi] = 0;
			for (k = 0; k < n; k++) {
				snprintf(want, sizeof(want), "f%zu_all", fi);
				if (strcmp(c[k].name, want) == 0)
					all[i][fi] = c[k].pkts;
				snprintf(want, sizeof(want), "f%zu_acc", fi);
				if (strcmp(c[k].name, want) == 0)
					acc[i][fi] = c[k].pkts;
			}
		}
	}
}

static void
sig_counter(struct lab *l, int mn, uint64_t *pkts, uint64_t *bytes)
{
	struct ctr c[4];
	char ns[TOPO_NS_MAX];
	int n, k;

	*pkts = *bytes = 0;
	ns_of(l, TOPO_MN, mn, ns, sizeof(ns));
	n = nft_counters(ns, c, 4);
	for (k = 0; k < n; k++)
		if (strcmp(c[k].name, "sig") == 0) {
			*pkts = c[k].pkts;
			*bytes = c[k].bytes;
		}
}

/* --- bringing the lab up --------------------------------------------------- */

static int
wait_file(const char *path, const char *text, unsigned ms)
{
	char buf[4096];
	uint64_t end = run_now_us() + (uint64_t)ms * 1000;
	ssize_t n;
	int fd;

	while (run_now_us() < end && !lab_stop) {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			if (n > 0) {
				buf[n] = '\0';
				if (strstr(buf, text) != NULL)
					return 0;
			}
		}
		run_sleep(20, &lab_stop);
	}
	errno = ETIMEDOUT;
	return -1;
}

static int
start_dar(struct lab *l, int i)
{
	char ns[TOPO_NS_MAX], sock[PATH_MAX], pid[PATH_MAX], log[PATH_MAX];
	char *argv[16], *text, state[PATH_MAX];
	uint64_t end;
	struct jr j;
	int n = 0;

	ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
	dar_sock(l, i, sock, sizeof(sock));
	lab_path(l, pid, sizeof(pid), "dar%d.pid", i);
	lab_path(l, state, sizeof(state), "dar%d.state", i);
	log_path(l, log, sizeof(log), "dar%d.log", i);
	argv[n++] = l->self;
	argv[n++] = "dar";
	argv[n++] = "-d";
	argv[n++] = "-i";
	argv[n++] = "acc0";
	argv[n++] = "-s";
	argv[n++] = sock;
	argv[n++] = "--pidfile";
	argv[n++] = pid;
	argv[n++] = "--state-file";
	argv[n++] = state;
	if (l->o.rr)
		argv[n++] = "--require-rr";
	if (l->o.verbose > 0)
		argv[n++] = "-v";
	argv[n] = NULL;
	if (spawn(l, P_DAR, i, ns, argv, log, NULL) == -1)
		return -1;
	/* ready once it advertises its prefix */
	for (end = run_now_us() + 5000000; run_now_us() < end && !lab_stop;
	    run_sleep(20, &lab_stop)) {
		if (query(sock, "show prefixes --json", &text, &j) == -1)
			continue;
		n = (int)jr_size(&j, 0);
		jr_free(&j);
		free(text);
		if (n > 0)
			return 0;
	}
	fprintf(stderr, "fama lab: DAR%d did not start; see %s\n", i, log);
	errno = ETIMEDOUT;
	return -1;
}

static int
start_mn(struct lab *l, int i)
{
	char ns[TOPO_NS_MAX], sock[PATH_MAX], pid[PATH_MAX], log[PATH_MAX];
	char key[PATH_MAX], out[512];
	char *argv[24];
	struct stat st;
	int n = 0;

	ns_of(l, TOPO_MN, i, ns, sizeof(ns));
	mn_sock(l, i, sock, sizeof(sock));
	lab_path(l, pid, sizeof(pid), "mn%d.pid", i);
	lab_path(l, key, sizeof(key), "mn%d.key", i);
	log_path(l, log, sizeof(log), "mn%d.log", i);
	/* a 1024-bit key and Sec 1 keep the start quick */
	if (stat(key, &st) == -1) {
		argv[n++] = l->self;
		argv[n++] = "cga";
		argv[n++] = "keygen";
		argv[n++] = "-b";
		argv[n++] = "1024";
		argv[n++] = "-s";
		argv[n++] = "1";
		argv[n++] = key;
		argv[n] = NULL;
		if (run_wait(NULL, argv, NULL, out, sizeof(out)) != 0) {
			fprintf(stderr, "fama lab: key for MN %d: %s", i, out);
			errno = EIO;
			return -1;
		}
		n = 0;
	}
	argv[n++] = l->self;
	argv[n++] = "mn";
	argv[n++] = "-d";
	argv[n++] = "-i";
	argv[n++] = "eth0";
	argv[n++] = "-k";
	argv[n++] = key;
	argv[n++] = "-s";
	argv[n++] = sock;
	argv[n++] = "--pidfile";
	argv[n++] = pid;
	argv[n++] = "--keep";
	argv[n++] = l->o.keep;
	if (l->o.rr)
		argv[n++] = "--rr";
	if (l->o.single)
		argv[n++] = "--single-anchor";
	if (l->o.verbose > 0)
		argv[n++] = "-v";
	argv[n] = NULL;
	return spawn(l, P_MN, i, ns, argv, log, NULL);
}

static int
start_cn(struct lab *l)
{
	char ns[TOPO_NS_MAX], log[PATH_MAX], a[INET6_ADDRSTRLEN];
	struct in6_addr cn;
	char *argv[8];

	ns_of(l, TOPO_CN, 0, ns, sizeof(ns));
	log_path(l, log, sizeof(log), "cn.log");
	topo_cn_addr(&cn);
	inet_ntop(AF_INET6, &cn, a, sizeof(a));
	argv[0] = l->self;
	argv[1] = "cn";
	argv[2] = "serve";
	argv[3] = "-l";
	argv[4] = a;
	argv[5] = NULL;
	if (spawn(l, P_CN, 0, ns, argv, log, NULL) == -1)
		return -1;
	if (wait_file(log, "serving", 5000) == -1) {
		fprintf(stderr, "fama lab: the CN did not start; see %s\n", log);
		return -1;
	}
	return 0;
}

/* One capture per link: each DAR's access and backbone side, the CN. */
static int
start_captures(struct lab *l)
{
	char ns[TOPO_NS_MAX], file[PATH_MAX], log[PATH_MAX];
	char *argv[6];
	int i, k;
	static char *ifs[] = { "acc0", "core0" };

	if (mkdir(l->o.pcap, 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "fama lab: %s: %s\n", l->o.pcap,
		    strerror(errno));
		return -1;
	}
	log_path(l, log, sizeof(log), "capture.log");
	argv[0] = l->self;
	argv[1] = "lab";
	argv[2] = "capture";
	argv[5] = NULL;
	for (i = 0; i <= l->t.ndars; i++)
		for (k = 0; k < 2; k++) {
			if (i == 0 && k == 1)
				break;
			if (i == 0) {
				ns_of(l, TOPO_CN, 0, ns, sizeof(ns));
				snprintf(file, sizeof(file), "%s/cn-eth0.pcap",
				    l->o.pcap);
				argv[3] = "eth0";
			} else {
				ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
				snprintf(file, sizeof(file), "%s/dar%d-%s.pcap",
				    l->o.pcap, i, ifs[k]);
				argv[3] = ifs[k];
			}
			argv[4] = file;
			if (spawn(l, P_CAP, i, ns, argv, log, NULL) == -1)
				return -1;
			if (wait_file(file, "", 2000) == -1)
				return -1;
		}
	/* let the capture sockets open before anything is sent */
	run_sleep(100, &lab_stop);
	return 0;
}

static int
lab_dirs(struct lab *l)
{
	if (mkdir("/run/fama", 0755) == -1 && errno != EEXIST)
		return -1;
	if (mkdir(LAB_DIR, 0755) == -1 && errno != EEXIST)
		return -1;
	if (mkdir(l->dir, 0700) == -1)
		return -1;
	if (l->o.logs != NULL) {
		snprintf(l->logdir, sizeof(l->logdir), "%s", l->o.logs);
		if (mkdir(l->logdir, 0755) == -1 && errno != EEXIST)
			return -1;
	} else
		snprintf(l->logdir, sizeof(l->logdir), "%s", l->dir);
	return 0;
}

/* Builds the network and starts the DARs, the CN and the MNs (detached). */
static int
lab_up(struct lab *l)
{
	char err[256];
	int i;

	/* never touch another lab: one that is up, or what a crashed one
	 * left (removed by `down`) */
	if (topo_count_ns(&l->t) > 0) {
		fprintf(stderr, "fama lab: namespaces of a lab named %s exist; "
		    "`fama lab -n %s down` removes them\n", l->o.name,
		    l->o.name);
		return -1;
	}
	if (lab_dirs(l) == -1) {
		if (errno == EEXIST)
			fprintf(stderr, "fama lab: a lab named %s exists (%s); "
			    "`fama lab -n %s down` removes it\n", l->o.name,
			    l->dir, l->o.name);
		else
			fprintf(stderr, "fama lab: %s: %s\n", l->dir,
			    strerror(errno));
		return -1;
	}
	l->owned = true;
	if (state_write(l) == -1 || topo_up(&l->t, err, sizeof(err)) == -1) {
		fprintf(stderr, "fama lab: %s\n", err[0] != '\0' ? err :
		    strerror(errno));
		return -1;
	}
	state_write(l);
	if (nft_setup(l) == -1)
		return -1;
	if (l->o.pcap != NULL && start_captures(l) == -1)
		return -1;
	for (i = 1; i <= l->t.ndars && !lab_stop; i++)
		if (start_dar(l, i) == -1)
			return -1;
	if (!lab_stop && start_cn(l) == -1)
		return -1;
	for (i = 1; i <= l->t.nmns && !lab_stop; i++)
		if (start_mn(l, i) == -1)
			return -1;
	return lab_stop ? -1 : 0;
}

/* --- the MN's view ----------------------------------------------------- */

struct mn_view {
	bool		 ok;		/* the MN answered */
	bool		 attached;
	struct in6_addr	 coa;
	bool		 has_coa;
	uint64_t	 link_ms, rs_ms, ra_ms, addr_ms, bu_ms, ba_ms;
	char		 states[512];	/* "addr=state ..." for messages */
};

/* The state of address a in the MN's list ("" when not listed). */
static void
mn_addr_state(const struct jr *j, const struct in6_addr *a, char *st,
    size_t len)
{
	char s[INET6_ADDRSTRLEN];
	struct in6_addr x;
	int arr, e;
	size_t i;

	st[0] = '\0';
	arr = jr_member(j, 0, "addresses");
	for (i = 0; i < jr_size(j, arr); i++) {
		e = jr_elem(j, arr, i);
		if (jr_str(j, jr_member(j, e, "address"), s, sizeof(s)) &&
		    inet_pton(AF_INET6, s, &x) == 1 &&
		    memcmp(&x, a, sizeof(x)) == 0) {
			jr_str(j, jr_member(j, e, "state"), st, len);
			return;
		}
	}
}

/* The first BU sent and the last BA received of this handover, from the
 * addresses' own times (an older time belongs to an earlier handover). */
static void
mn_bu_ba(const struct jr *j, struct mn_view *v)
{
	uint64_t bu, ba;
	int arr, e;
	size_t i;

	arr = jr_member(j, 0, "addresses");
	for (i = 0; i < jr_size(j, arr); i++) {
		e = jr_elem(j, arr, i);
		if (jr_u64(j, jr_member(j, e, "bu_ms"), &bu) &&
		    bu >= v->link_ms && (v->bu_ms == 0 || bu < v->bu_ms))
			v->bu_ms = bu;
		if (jr_u64(j, jr_member(j, e, "ba_ms"), &ba) &&
		    ba >= v->link_ms && ba > v->ba_ms)
			v->ba_ms = ba;
	}
}

/*
 * Asks MN mn how it is; settled is true when it is attached at DAR dar
 * with a care-of address there, and every flow of its started elsewhere
 * has its binding (or, for a flow of DAR dar, is home again).
 */
static void
mn_look(struct lab *l, int mn, int dar, struct mn_view *v, bool *settled)
{
	char sock[PATH_MAX], s[INET6_ADDRSTRLEN], st[32], *text;
	const struct rep_flow *f;
	struct jr j;
	size_t fi, n;

	memset(v, 0, sizeof(*v));
	*settled = false;
	mn_sock(l, mn, sock, sizeof(sock));
	if (query(sock, "show --json", &text, &j) == -1)
		return;
	v->ok = true;
	jr_bool(&j, jr_member(&j, 0, "attached"), &v->attached);
	if (jr_str(&j, jr_member(&j, 0, "coa"), s, sizeof(s)) &&
	    inet_pton(AF_INET6, s, &v->coa) == 1)
		v->has_coa = true;
	jr_u64(&j, jr_path(&j, 0, "handover.link_up_ms"), &v->link_ms);
	jr_u64(&j, jr_path(&j, 0, "handover.rs_ms"), &v->rs_ms);
	jr_u64(&j, jr_path(&j, 0, "handover.ra_ms"), &v->ra_ms);
	jr_u64(&j, jr_path(&j, 0, "handover.addr_ms"), &v->addr_ms);
	mn_bu_ba(&j, v);
	*settled = v->attached && v->has_coa &&
	    topo_dar_of(&l->t, &v->coa) == dar;
	for (fi = 0; fi < l->rep.nflows; fi++) {
		f = &l->rep.flows[fi];
		if (f->mn != mn)
			continue;
		mn_addr_state(&j, &f->addr, st, sizeof(st));
		n = strlen(v->states);
		snprintf(v->states + n, sizeof(v->states) - n, "%s%s=%s",
		    n > 0 ? " " : "", f->name, st[0] != '\0' ? st : "none");
		if (f->anchor == dar) {
			if (memcmp(&v->coa, &f->addr, sizeof(f->addr)) != 0)
				*settled = false;
		} else if (l->rep.old_flows_kept && strcmp(st, "bound") != 0)
			*settled = false;
	}
	jr_free(&j);
	free(text);
}

/* --- flows ------------------------------------------------------------------ */

static int
start_flow(struct lab *l, int mn, int dar, const struct in6_addr *src)
{
	char ns[TOPO_NS_MAX], log[PATH_MAX], tl[PATH_MAX], js[PATH_MAX];
	char a[INET6_ADDRSTRLEN], c[INET6_ADDRSTRLEN], rate[16];
	struct in6_addr cn;
	struct rep_flow *f;
	char *argv[24];
	size_t fi = l->rep.nflows;
	int n = 0;

	if (fi == REP_MAX_FLOWS) {
		errno = ENOSPC;
		return -1;
	}
	f = &l->rep.flows[fi];
	snprintf(f->name, sizeof(f->name), "f%zu", fi + 1);
	f->mn = mn;
	f->anchor = dar;
	f->addr = *src;
	f->tcp = l->o.tcp;
	f->start_us = run_now_us();
	l->rep.nflows++;
	if (nft_flow(l, fi) == -1)
		return -1;
	ns_of(l, TOPO_MN, mn, ns, sizeof(ns));
	log_path(l, log, sizeof(log), "%s.log", f->name);
	log_path(l, tl, sizeof(tl), "%s.timeline", f->name);
	log_path(l, js, sizeof(js), "%s.json", f->name);
	topo_cn_addr(&cn);
	inet_ntop(AF_INET6, src, a, sizeof(a));
	inet_ntop(AF_INET6, &cn, c, sizeof(c));
	snprintf(rate, sizeof(rate), "%u", l->o.rate);
	argv[n++] = l->self;
	argv[n++] = "cn";
	argv[n++] = "probe";
	argv[n++] = "-b";
	argv[n++] = a;
	argv[n++] = "-c";
	argv[n++] = c;
	argv[n++] = "-r";
	argv[n++] = rate;
	if (l->o.tcp)
		argv[n++] = "-t";
	argv[n++] = "-w";
	argv[n++] = tl;
	argv[n++] = "-j";
	argv[n++] = js;
	argv[n] = NULL;
	return spawn(l, P_PROBE, (int)fi + 1, ns, argv, log, &l->probe[fi]);
}

static int
stop_flows(struct lab *l)
{
	char tl[PATH_MAX];
	struct rep_flow *f;
	size_t fi, line;
	FILE *fp;
	int rc = 0, st;

	for (fi = 0; fi < l->rep.nflows; fi++)
		if (l->probe[fi].pid > 0)
			kill(l->probe[fi].pid, SIGTERM);
	for (fi = 0; fi < l->rep.nflows; fi++) {
		f = &l->rep.flows[fi];
		if (l->probe[fi].pid > 0 &&
		    run_reap(&l->probe[fi], 5000, &st) == -1)
			run_stop(&l->probe[fi], 100, &st);
		l->probe[fi].pid = 0;
		log_path(l, tl, sizeof(tl), "%s.timeline", f->name);
		if ((fp = fopen(tl, "r")) == NULL) {
			report_check(&l->rep, 0, false, "%s: no timeline: %s",
			    f->name, strerror(errno));
			rc = -1;
			continue;
		}
		uint64_t broke;

		if (probe_timeline_read(fp, &f->udp, &f->tcpl, &broke,
		    &line) == -1) {
			report_check(&l->rep, 0, false, "%s: timeline line "
			    "%zu unreadable", f->name, line);
			rc = -1;
		}
		fclose(fp);
		f->broke_us = broke;
	}
	/* the probes are gone: forget them in the state */
	for (fi = 0; fi < (size_t)l->nprocs; fi++)
		if (l->procs[fi].kind == P_PROBE)
			l->procs[fi].p.pid = 0;
	state_write(l);
	return rc;
}

/* Fills the path counters of move mi from the base taken when its MN
 * settled to now. */
static void
path_close(struct lab *l, size_t mi)
{
	static uint64_t all[TOPO_MAX_DARS + 1][REP_MAX_FLOWS];
	static uint64_t acc[TOPO_MAX_DARS + 1][REP_MAX_FLOWS];
	struct rep_move *m = &l->rep.moves[mi];
	struct rep_cell *c;
	int mn = m->mn - 1, d, a;
	size_t fi;

	if (!l->have_base[mn])
		return;
	flow_counters(l, all, acc);
	for (fi = 0; fi < l->rep.nflows; fi++) {
		if (l->rep.flows[fi].mn != m->mn ||
		    l->rep.flows[fi].start_us >= m->down_us)
			continue;
		c = &m->cell[fi];
		a = l->rep.flows[fi].anchor;
		c->path_checked = true;
		c->at_anchor = all[a][fi] - l->base_all[mn][a][fi];
		c->at_anchor_acc = acc[a][fi] - l->base_acc[mn][a][fi];
		c->elsewhere = 0;
		for (d = 1; d <= l->t.ndars; d++)
			if (d != a)
				c->elsewhere += all[d][fi] -
				    l->base_all[mn][d][fi];
	}
	l->have_base[mn] = false;
}

/* Ends MN mn's current move window at t: its path counters and the
 * signalling it exchanged. */
static void
window_close(struct lab *l, int mn, uint64_t t)
{
	struct rep_move *m;
	size_t mi;

	if (l->last_move[mn - 1] == 0)
		return;
	mi = (size_t)l->last_move[mn - 1] - 1;
	m = &l->rep.moves[mi];
	m->end_us = t;
	path_close(l, mi);
}

/* Moves MN mn to DAR to, waits until it settles, and starts a flow there
 * on the first visit.  The window of its previous move closes here. */
static int
do_move(struct lab *l, int mn, int to, bool *visited, int step, int nsteps)
{
	struct rep_move *m;
	struct mn_view v;
	uint64_t down, up, end, pk, by, bu, ba;
	const struct in6_addr *src;
	bool settled = false;
	int from = l->t.mn_at[mn - 1], anchor;
	size_t fi;

	window_close(l, mn, run_now_us());
	sig_counter(l, mn, &l->sig_pk[mn - 1], &l->sig_by[mn - 1]);
	dars_stats(l, &l->bu0[mn - 1], &l->ba0[mn - 1]);
	if ((m = report_add_move(&l->rep)) == NULL)
		return -1;
	m->mn = mn;
	m->from = from;
	m->to = to;
	l->last_move[mn - 1] = (int)l->rep.nmoves;
	if (topo_move(&l->t, mn, to, l->o.l2gap_ms, &down, &up) == -1) {
		fprintf(stderr, "fama lab: moving mn%d: %s\n", mn,
		    strerror(errno));
		return -1;
	}
	state_write(l);
	m->down_us = down;
	m->up_us = up;
	end = up + (uint64_t)l->o.settle_ms * 1000;
	while (!lab_stop && run_now_us() < end) {
		mn_look(l, mn, to, &v, &settled);
		if (settled)
			break;
		progress(l, "[%s] move %d/%d mn%d DAR%d>DAR%d: waiting %.1f s",
		    l->o.name, step, nsteps, mn, from, to,
		    (double)(run_now_us() - up) / 1e6);
		run_sleep(10, &lab_stop);
	}
	if (lab_stop)
		return -1;
	if (settled)
		m->settled_us = run_now_us();
	m->link_ms = v.link_ms;
	m->rs_ms = v.rs_ms;
	m->ra_ms = v.ra_ms;
	m->addr_ms = v.addr_ms;
	m->bu_ms = v.bu_ms;
	m->ba_ms = v.ba_ms;
	sig_counter(l, mn, &pk, &by);
	m->sig_msgs = pk - l->sig_pk[mn - 1];
	m->sig_bytes = by - l->sig_by[mn - 1];
	dars_stats(l, &bu, &ba);
	m->bu = bu - l->bu0[mn - 1];
	m->ba = ba - l->ba0[mn - 1];
	report_check(&l->rep, (int)l->rep.nmoves, settled, "mn%d settled at "
	    "DAR%d%s%s (%s)", mn, to, settled ? "" : ": not within ",
	    settled ? "" : "the settle time", v.ok ? v.states[0] != '\0' ?
	    v.states : "no flows" : "the MN did not answer");
	if (!settled) {
		say(l, "mn%d did not settle at DAR%d within %u ms: %s", mn, to,
		    l->o.settle_ms, v.ok ? v.states : "no answer");
		return 0;
	}
	if (from == 0)
		say(l, "move %d/%d: mn%d attached at DAR%d in %.1f ms", step,
		    nsteps, mn, to, (double)(m->settled_us - up) / 1000);
	else
		say(l, "move %d/%d: mn%d DAR%d > DAR%d settled in %.1f ms",
		    step, nsteps, mn, from, to, (double)(m->settled_us - up) /
		    1000);
	if (!visited[(mn - 1) * (TOPO_MAX_DARS + 1) + to]) {
		visited[(mn - 1) * (TOPO_MAX_DARS + 1) + to] = true;
		src = &v.coa;
		anchor = to;
		/* single anchor (legacy Mobile IPv6): every flow uses the
		 * first address, anchored at the first DAR */
		for (fi = 0; l->o.single && fi < l->rep.nflows; fi++)
			if (l->rep.flows[fi].mn == mn) {
				src = &l->rep.flows[fi].addr;
				anchor = l->rep.flows[fi].anchor;
				break;
			}
		if (start_flow(l, mn, anchor, src) == -1) {
			fprintf(stderr, "fama lab: flow at DAR%d: %s\n", to,
			    strerror(errno));
			return -1;
		}
	}
	/* the path counters count from here */
	flow_counters(l, l->base_all[mn - 1], l->base_acc[mn - 1]);
	l->have_base[mn - 1] = true;
	return 0;
}

/* --- the end ---------------------------------------------------------------- */

static int
count_owned(void *arg)
{
	struct route_info *r = NULL;
	struct rule_info *u = NULL;
	struct addr_info *a = NULL;
	struct neigh_info *nb = NULL;
	size_t nr = 0, nu = 0, na = 0, nn = 0, i, k = 0;
	struct nl *nl;
	int *count = arg;

	if ((nl = nl_open()) == NULL)
		return -1;
	if (route_list_owned(nl, 0, &r, &nr) == -1 ||
	    rule_list_owned(nl, &u, &nu) == -1 ||
	    addr_list_owned(nl, 0, &a, &na) == -1 ||
	    neigh_proxy_list(nl, 0, &nb, &nn) == -1) {
		free(r);
		free(u);
		free(a);
		free(nb);
		nl_close(nl);
		return -1;
	}
	for (i = 0; i < nn; i++)
		if (nb[i].protocol == NL_RTPROT_FAMA)
			k++;
	*count = (int)(nr + nu + na + k);
	free(r);
	free(u);
	free(a);
	free(nb);
	nl_close(nl);
	return 0;
}

/* fama's routes, rules, addresses, proxy entries and nftables tables
 * left in a namespace (the lab's own table aside). */
static int
leftovers(const char *ns, char *what, size_t len)
{
	char *argv[] = { "nft", "list", "tables", NULL };
	char out[4096], *s, *line, *save = NULL;
	int n = 0, tables = 0;

	what[0] = '\0';
	if (ns_run(ns, count_owned, &n) == -1) {
		snprintf(what, len, "cannot look: %s", strerror(errno));
		return -1;
	}
	if (run_wait(ns, argv, NULL, out, sizeof(out)) == 0)
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if ((s = strstr(line, " fama")) != NULL &&
			    strstr(line, LAB_NFT_TABLE) == NULL)
				tables++;
	if (n + tables > 0)
		snprintf(what, len, "%d route/rule/address/proxy entr%s, "
		    "%d nftables table%s", n, n == 1 ? "y" : "ies", tables,
		    tables == 1 ? "" : "s");
	return n + tables;
}

/* Stops the MNs and the DARs (they remove what they installed) and
 * checks that nothing of fama's stays behind. */
static void
stop_daemons(struct lab *l, bool check)
{
	char ns[TOPO_NS_MAX], what[128];
	int i, left;

	stop_kind(l, P_MN, 5000);
	stop_kind(l, P_DAR, 5000);
	if (!check)
		return;
	for (i = 1; i <= l->t.nmns; i++) {
		ns_of(l, TOPO_MN, i, ns, sizeof(ns));
		left = leftovers(ns, what, sizeof(what));
		report_check(&l->rep, 0, left == 0, "no fama state left in %s"
		    "%s%s", ns, left != 0 ? ": " : "", what);
	}
	for (i = 1; i <= l->t.ndars; i++) {
		ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
		left = leftovers(ns, what, sizeof(what));
		report_check(&l->rep, 0, left == 0, "no fama state left in %s"
		    "%s%s", ns, left != 0 ? ": " : "", what);
	}
}

static int
rm_dir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(dir);
}

/* Everything of the lab goes: processes, namespaces, state. */
static int
lab_down(struct lab *l)
{
	int rc = 0;

	stop_kind(l, P_PROBE, 2000);
	stop_kind(l, P_MN, 5000);
	stop_kind(l, P_DAR, 5000);
	stop_kind(l, -1, 2000);
	if (topo_down(&l->t) == -1) {
		fprintf(stderr, "fama lab: removing namespaces: %s\n",
		    strerror(errno));
		rc = -1;
	}
	if (rm_dir(l->dir) == -1 && errno != ENOENT) {
		fprintf(stderr, "fama lab: %s: %s\n", l->dir, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* --- the report's JSON -------------------------------------------------- */

static void
json_ms(struct json *j, const char *key, uint64_t at_ms, const struct
    rep_move *m)
{
	if (at_ms == 0 || at_ms + 1 < m->down_us / 1000)
		json_null(j, key);
	else
		json_int(j, key, (int64_t)at_ms - (int64_t)(m->up_us / 1000));
}

static int
report_json(const struct report *r, FILE *f)
{
	char a[INET6_ADDRSTRLEN];
	const struct rep_move *m;
	const struct rep_cell *c;
	uint64_t med, worst;
	struct json j;
	size_t i, k, n;

	json_init(&j, f, JSON_PRETTY);
	json_object_open(&j, NULL);
	json_string(&j, "name", r->name);
	json_object_open(&j, "options");
	json_int(&j, "dars", r->ndars);
	json_int(&j, "mns", r->nmns);
	json_uint(&j, "rate", r->rate);
	json_bool(&j, "tcp", r->tcp);
	json_string(&j, "keep", r->keep);
	json_bool(&j, "return_routability", r->rr);
	json_bool(&j, "single_anchor", r->single);
	json_uint(&j, "loss_percent", r->loss);
	json_uint(&j, "dwell_ms", r->dwell_ms);
	json_uint(&j, "max_gap_ms", r->max_gap_ms);
	json_uint(&j, "max_stall_ms", r->max_stall_ms);
	json_object_close(&j);
	json_uint(&j, "duration_ms", (r->end_us - r->start_us) / 1000);
	json_array_open(&j, "flows");
	for (i = 0; i < r->nflows; i++) {
		json_object_open(&j, NULL);
		json_string(&j, "name", r->flows[i].name);
		json_int(&j, "mn", r->flows[i].mn);
		json_int(&j, "anchor", r->flows[i].anchor);
		json_string(&j, "address", inet_ntop(AF_INET6,
		    &r->flows[i].addr, a, sizeof(a)));
		json_bool(&j, "tcp", r->flows[i].tcp);
		json_uint(&j, "udp_sent", r->flows[i].udp.n);
		json_string(&j, "tcp_broke", r->flows[i].broke_us != 0 ?
		    r->flows[i].broke_why : NULL);
		json_object_close(&j);
	}
	json_array_close(&j);
	json_array_open(&j, "moves");
	for (i = 0; i < r->nmoves; i++) {
		m = &r->moves[i];
		json_object_open(&j, NULL);
		json_int(&j, "mn", m->mn);
		json_int(&j, "from", m->from);
		json_int(&j, "to", m->to);
		json_uint(&j, "at_ms", (m->down_us - r->start_us) / 1000);
		/* what the lab's own move took: port down to port up */
		json_double(&j, "port_down_ms", (double)(m->up_us -
		    m->down_us) / 1000);
		if (m->settled_us != 0)
			json_double(&j, "settled_ms", (double)(m->settled_us -
			    m->up_us) / 1000);
		else
			json_null(&j, "settled_ms");
		json_double(&j, "interruption_ms",
		    (double)m->interruption_us / 1000);
		json_object_open(&j, "handover_ms");
		json_ms(&j, "carrier", m->link_ms, m);
		json_ms(&j, "rs", m->rs_ms, m);
		json_ms(&j, "ra", m->ra_ms, m);
		json_ms(&j, "address", m->addr_ms, m);
		json_ms(&j, "bu", m->bu_ms, m);
		json_ms(&j, "ba", m->ba_ms, m);
		if (m->first_us > m->up_us)
			json_double(&j, "first_packet", (double)(m->first_us -
			    m->up_us) / 1000);
		else
			json_null(&j, "first_packet");
		json_object_close(&j);
		json_object_open(&j, "signalling");
		json_uint(&j, "messages", m->sig_msgs);
		json_uint(&j, "bytes", m->sig_bytes);
		json_uint(&j, "binding_updates", m->bu);
		json_uint(&j, "binding_acks", m->ba);
		json_object_close(&j);
		json_array_open(&j, "flows");
		for (k = 0; k < r->nflows; k++) {
			c = &m->cell[k];
			if (!c->alive)
				continue;
			json_object_open(&j, NULL);
			json_string(&j, "flow", r->flows[k].name);
			json_string(&j, "path", c->native ? "native" :
			    c->judged ? "tunnel" : "released");
			json_double(&j, "udp_gap_ms", (double)c->u.gap_us /
			    1000);
			json_uint(&j, "udp_sent", c->u.sent);
			json_uint(&j, "udp_lost", c->u.lost);
			if (r->flows[k].tcp) {
				json_double(&j, "tcp_gap_ms",
				    (double)c->t.gap_us / 1000);
				json_bool(&j, "tcp_broke", c->tcp_broke);
			}
			if (c->path_checked) {
				json_uint(&j, "packets_at_anchor",
				    c->at_anchor);
				json_uint(&j, "packets_at_anchor_access",
				    c->at_anchor_acc);
				json_uint(&j, "packets_elsewhere",
				    c->elsewhere);
			}
			json_bool(&j, "ok", c->ok);
			json_object_close(&j);
		}
		json_array_close(&j);
		json_object_close(&j);
	}
	json_array_close(&j);
	report_interruptions(r, &med, &worst, &n);
	json_object_open(&j, "interruption");
	json_uint(&j, "moves", n);
	json_double(&j, "median_ms", (double)med / 1000);
	json_double(&j, "worst_ms", (double)worst / 1000);
	json_object_close(&j);
	json_array_open(&j, "checks");
	for (i = 0; i < r->nchecks; i++) {
		json_object_open(&j, NULL);
		json_int(&j, "move", r->checks[i].move);
		json_bool(&j, "ok", r->checks[i].ok);
		json_string(&j, "what", r->checks[i].text);
		json_object_close(&j);
	}
	json_array_close(&j);
	json_uint(&j, "failed", report_failed(r));
	json_object_close(&j);
	return json_done(&j);
}

static int
write_out(const char *path, int (*fn)(const struct report *, FILE *),
    const struct report *r)
{
	FILE *f;
	int rc;

	if (strcmp(path, "-") == 0)
		return fn(r, stdout);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "fama lab: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rc = fn(r, f);
	if (fclose(f) == EOF)
		rc = -1;
	if (rc == -1)
		fprintf(stderr, "fama lab: writing %s failed\n", path);
	return rc;
}

/* --- the run ------------------------------------------------------------------ */

static int
lab_run(struct lab *l)
{
	static bool visited[TOPO_MAX_MNS * (TOPO_MAX_DARS + 1)];
	struct report *r = &l->rep;
	uint64_t until, t0;
	int step, nsteps, mn, rc = 1;
	unsigned rep;
	size_t i;

	snprintf(r->name, sizeof(r->name), "%s", l->o.name);
	r->ndars = l->t.ndars;
	r->nmns = l->t.nmns;
	r->rate = l->o.rate;
	r->tcp = l->o.tcp;
	snprintf(r->keep, sizeof(r->keep), "%s", l->o.keep);
	r->rr = l->o.rr;
	r->single = l->o.single;
	r->loss = l->o.loss;
	r->dwell_ms = l->o.dwell_ms;
	r->max_gap_ms = l->o.max_gap_ms;
	r->max_stall_ms = l->o.max_stall_ms;
	r->old_flows_kept = strcmp(l->o.keep, "none") != 0;

	say(l, "fama lab %s: building %d DARs, %d MN%s, a CN", l->o.name,
	    l->t.ndars, l->t.nmns, l->t.nmns == 1 ? "" : "s");
	t0 = run_now_us();
	r->start_us = t0;
	if (lab_up(l) == -1) {
		if (!l->owned)
			return 1;
		goto out;
	}
	say(l, "up in %.0f ms", (double)(run_now_us() - t0) / 1000);

	nsteps = (l->o.nseq - 1) * (int)l->o.repeat + 1;
	step = 0;
	for (rep = 0; rep < l->o.repeat && !lab_stop; rep++)
		for (i = rep == 0 ? 0 : 1; i < (size_t)l->o.nseq && !lab_stop;
		    i++) {
			step++;
			for (mn = 1; mn <= l->t.nmns && !lab_stop; mn++)
				if (do_move(l, mn, l->o.seq[i], visited, step,
				    nsteps) == -1)
					goto out;
			until = run_now_us() + (uint64_t)l->o.dwell_ms * 1000;
			while (!lab_stop && run_now_us() < until) {
				progress(l, "[%s] %.1f s  at DAR%d (step %d/%d)"
				    "  flows %zu  dwell %.1f s", l->o.name,
				    (double)(run_now_us() - t0) / 1e6,
				    l->o.seq[i], step, nsteps, r->nflows,
				    (double)(until - run_now_us()) / 1e6);
				run_sleep(200, &lab_stop);
			}
		}
	if (lab_stop)
		goto out;
	for (mn = 1; mn <= l->t.nmns; mn++)
		window_close(l, mn, run_now_us());
	rc = 0;
out:
	if (lab_stop)
		say(l, "interrupted: cleaning up");
	r->end_us = run_now_us();
	for (i = 0; i < r->nmoves; i++)
		if (r->moves[i].end_us == 0)
			r->moves[i].end_us = r->end_us;
	stop_flows(l);
	stop_daemons(l, rc == 0);
	if (lab_down(l) == -1)
		rc = 1;
	report_check(r, 0, topo_count_ns(&l->t) == 0, "every namespace of "
	    "the lab removed");
	if (rc != 0 && !lab_stop && r->nmoves == 0)
		return 1;
	if (report_analyze(r) == -1)
		rc = 1;
	if (l->tty && !l->o.quiet)
		fprintf(stderr, "\r\033[K");
	report_text(r, stdout);
	if (l->o.json != NULL && write_out(l->o.json, report_json, r) == -1)
		rc = 1;
	if (l->o.svg != NULL && write_out(l->o.svg, report_svg, r) == -1)
		rc = 1;
	if (report_failed(r) > 0 || lab_stop)
		rc = 1;
	return rc;
}

/* --- commands ------------------------------------------------------------------ */

static int
parse_seq(struct lab_opts *o, const char *s)
{
	char *end;
	long v;

	o->nseq = 0;
	for (;;) {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno != 0 || end == s || v < 1 || v > TOPO_MAX_DARS ||
		    o->nseq == LAB_MAX_SEQ)
			return -1;
		if (o->nseq > 0 && o->seq[o->nseq - 1] == (int)v)
			return -1;
		o->seq[o->nseq++] = (int)v;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -1;
		s = end + 1;
	}
}

static void
lab_usage(FILE *f)
{
	fprintf(f,
	    "usage: fama lab [-qtv] [-n name] [--dars n] [--mns n] "
	    "[--moves list]\n"
	    "                [--repeat n] [--dwell ms] [--rate pps] "
	    "[--no-tcp] [--keep policy]\n"
	    "                [--rr] [--single-anchor] [--loss percent] "
	    "[--max-gap ms]\n"
	    "                [--max-stall ms] [--settle ms] [--l2-gap ms] "
	    "[--pcap dir]\n"
	    "                [--json file] [--svg file] [--logs dir]\n"
	    "       fama lab [-n name] up [options]\n"
	    "       fama lab [-n name] move mn dar\n"
	    "       fama lab [-n name] exec node command [arg ...]\n"
	    "       fama lab [-n name] show\n"
	    "       fama lab [-n name] down\n"
	    "       fama lab capture interface file\n");
}

static int
lab_options(struct lab *l, int argc, char **argv)
{
	enum { O_DARS = 256, O_MNS, O_MOVES, O_REPEAT, O_DWELL, O_RATE,
	    O_NOTCP, O_KEEP, O_RR, O_SINGLE, O_LOSS, O_MAXGAP, O_MAXSTALL,
	    O_SETTLE, O_L2GAP, O_PCAP, O_JSON, O_SVG, O_LOGS };
	static const struct option lopts[] = {
		{ "name",	required_argument,	NULL, 'n' },
		{ "dars",	required_argument,	NULL, O_DARS },
		{ "mns",	required_argument,	NULL, O_MNS },
		{ "moves",	required_argument,	NULL, O_MOVES },
		{ "repeat",	required_argument,	NULL, O_REPEAT },
		{ "dwell",	required_argument,	NULL, O_DWELL },
		{ "rate",	required_argument,	NULL, O_RATE },
		{ "no-tcp",	no_argument,		NULL, O_NOTCP },
		{ "keep",	required_argument,	NULL, O_KEEP },
		{ "rr",		no_argument,		NULL, O_RR },
		{ "single-anchor", no_argument,		NULL, O_SINGLE },
		{ "loss",	required_argument,	NULL, O_LOSS },
		{ "max-gap",	required_argument,	NULL, O_MAXGAP },
		{ "max-stall",	required_argument,	NULL, O_MAXSTALL },
		{ "settle",	required_argument,	NULL, O_SETTLE },
		{ "l2-gap",	required_argument,	NULL, O_L2GAP },
		{ "pcap",	required_argument,	NULL, O_PCAP },
		{ "json",	required_argument,	NULL, O_JSON },
		{ "svg",	required_argument,	NULL, O_SVG },
		{ "logs",	required_argument,	NULL, O_LOGS },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct lab_opts *o = &l->o;
	unsigned u;
	bool seq_given = false;
	int ch, i;

	while ((ch = getopt_long(argc, argv, "+hn:qv", lopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (!topo_name_ok(optarg)) {
				fprintf(stderr, "fama lab: -n: letters, "
				    "digits and '-', at most %d\n",
				    TOPO_NAME_MAX - 1);
				return -1;
			}
			snprintf(o->name, sizeof(o->name), "%s", optarg);
			break;
		case O_DARS:
			if (arg_uint(optarg, 1, TOPO_MAX_DARS, &u) == -1)
				goto bad;
			o->ndars = (int)u;
			break;
		case O_MNS:
			if (arg_uint(optarg, 1, TOPO_MAX_MNS, &u) == -1)
				goto bad;
			o->nmns = (int)u;
			break;
		case O_MOVES:
			if (parse_seq(o, optarg) == -1)
				goto bad;
			seq_given = true;
			break;
		case O_REPEAT:
			if (arg_uint(optarg, 1, 1000, &o->repeat) == -1)
				goto bad;
			break;
		case O_DWELL:
			if (arg_uint(optarg, 100, 3600000, &o->dwell_ms) ==
			    -1)
				goto bad;
			break;
		case O_RATE:
			if (arg_uint(optarg, 1, 1000, &o->rate) == -1)
				goto bad;
			break;
		case O_NOTCP:
			o->tcp = false;
			break;
		case O_KEEP:
			if (strcmp(optarg, "active") != 0 &&
			    strcmp(optarg, "all") != 0 &&
			    strcmp(optarg, "none") != 0)
				goto bad;
			snprintf(o->keep, sizeof(o->keep), "%s", optarg);
			break;
		case O_RR:
			o->rr = true;
			break;
		case O_SINGLE:
			o->single = true;
			break;
		case O_LOSS:
			if (arg_uint(optarg, 0, 99, &o->loss) == -1)
				goto bad;
			break;
		case O_MAXGAP:
			if (arg_uint(optarg, 1, 3600000, &o->max_gap_ms) ==
			    -1)
				goto bad;
			break;
		case O_MAXSTALL:
			if (arg_uint(optarg, 1, 3600000, &o->max_stall_ms) ==
			    -1)
				goto bad;
			break;
		case O_SETTLE:
			if (arg_uint(optarg, 100, 600000, &o->settle_ms) ==
			    -1)
				goto bad;
			break;
		case O_L2GAP:
			if (arg_uint(optarg, 0, 60000, &o->l2gap_ms) == -1)
				goto bad;
			break;
		case O_PCAP:
			o->pcap = optarg;
			break;
		case O_JSON:
			o->json = optarg;
			break;
		case O_SVG:
			o->svg = optarg;
			break;
		case O_LOGS:
			if (strlen(optarg) > 200)
				goto bad;
			o->logs = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			lab_usage(stdout);
			exit(0);
		default:
			lab_usage(stderr);
			return -1;
		}
	}
	if (!seq_given) {
		/* the demo's tour: every DAR, then back to the first */
		o->nseq = 0;
		for (i = 1; i <= o->ndars; i++)
			o->seq[o->nseq++] = i;
		if (o->ndars > 1)
			o->seq[o->nseq++] = 1;
	}
	for (i = 0; i < o->nseq; i++)
		if (o->seq[i] > o->ndars) {
			fprintf(stderr, "fama lab: --moves: DAR%d, but the lab "
			    "has %d\n", o->seq[i], o->ndars);
			return -1;
		}
	return optind;
bad:
	fprintf(stderr, "fama lab: bad value for --%s: %s\n",
	    ch == 'n' ? "name" : lopts[ch - O_DARS + 1].name, optarg);
	return -1;
}

static void
lab_defaults(struct lab_opts *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "fama");
	o->ndars = 3;
	o->nmns = 1;
	o->repeat = 1;
	o->dwell_ms = 8000;
	o->rate = 100;
	o->tcp = true;
	snprintf(o->keep, sizeof(o->keep), "active");
	o->max_gap_ms = 1000;
	o->max_stall_ms = 5000;
	o->settle_ms = 10000;
}

static int
lab_init(struct lab *l)
{
	ssize_t n;

	if (geteuid() != 0) {
		fprintf(stderr, "fama lab: needs root (namespaces)\n");
		return -1;
	}
	if ((n = readlink("/proc/self/exe", l->self, sizeof(l->self) - 1)) <=
	    0) {
		fprintf(stderr, "fama lab: /proc/self/exe: %s\n",
		    strerror(errno));
		return -1;
	}
	l->self[n] = '\0';
	snprintf(l->dir, sizeof(l->dir), "%s/%s", LAB_DIR, l->o.name);
	snprintf(l->logdir, sizeof(l->logdir), "%s", l->dir);
	if (topo_init(&l->t, l->o.name, l->o.ndars, l->o.nmns) == -1) {
		fprintf(stderr, "fama lab: bad name or counts\n");
		return -1;
	}
	report_init(&l->rep);
	l->tty = isatty(2);
	lab_signals();
	return 0;
}

static int
cmd_up(struct lab *l)
{
	uint64_t down, up;
	struct mn_view v;
	bool settled = false;
	uint64_t end;
	int mn;

	if (lab_up(l) == -1) {
		if (l->owned)
			lab_down(l);
		return 1;
	}
	for (mn = 1; mn <= l->t.nmns; mn++) {
		if (topo_move(&l->t, mn, l->o.seq[0], 0, &down, &up) == -1) {
			fprintf(stderr, "fama lab: attaching mn%d: %s\n", mn,
			    strerror(errno));
			lab_down(l);
			return 1;
		}
		for (end = up + (uint64_t)l->o.settle_ms * 1000;
		    !lab_stop && run_now_us() < end; run_sleep(20, &lab_stop)) {
			mn_look(l, mn, l->o.seq[0], &v, &settled);
			if (settled)
				break;
		}
		if (lab_stop) {
			lab_down(l);
			return 1;
		}
		if (!settled)
			say(l, "mn%d has no care-of address at DAR%d yet", mn,
			    l->o.seq[0]);
	}
	state_write(l);
	printf("lab %s is up: `fama lab -n %s show`, `fama lab -n %s move "
	    "mn1 dar2`, `fama lab -n %s exec mn1 ip -6 addr`, `fama lab -n "
	    "%s down`\n", l->o.name, l->o.name, l->o.name, l->o.name,
	    l->o.name);
	return 0;
}

static int
load(struct lab *l)
{
	if (state_read(l) == -1) {
		fprintf(stderr, "fama lab: no lab named %s (%s)\n", l->o.name,
		    l->dir);
		return -1;
	}
	return 0;
}

static int
node_index(const char *s, const char *prefix, int max)
{
	size_t n = strlen(prefix);
	unsigned v;

	if (strncmp(s, prefix, n) != 0 || arg_uint(s + n, 1, (unsigned)max,
	    &v) == -1 || s[n] == '0')
		return -1;
	return (int)v;
}

static int
cmd_move(struct lab *l, int argc, char **argv)
{
	struct mn_view v;
	uint64_t down, up, end;
	bool settled = false;
	int mn, dar, from;

	if (argc != 3) {
		lab_usage(stderr);
		return 1;
	}
	if (load(l) == -1)
		return 1;
	if ((mn = node_index(argv[1], "mn", l->t.nmns)) == -1 ||
	    (dar = node_index(argv[2], "dar", l->t.ndars)) == -1) {
		fprintf(stderr, "fama lab: move mnJ darI, with J up to %d and "
		    "I up to %d\n", l->t.nmns, l->t.ndars);
		return 1;
	}
	from = l->t.mn_at[mn - 1];
	if (topo_move(&l->t, mn, dar, l->o.l2gap_ms, &down, &up) == -1) {
		fprintf(stderr, "fama lab: move: %s\n", strerror(errno));
		return 1;
	}
	state_write(l);
	for (end = up + (uint64_t)l->o.settle_ms * 1000; !lab_stop &&
	    run_now_us() < end; run_sleep(5, &lab_stop)) {
		mn_look(l, mn, dar, &v, &settled);
		if (settled)
			break;
	}
	if (settled)
		printf("mn%d: DAR%d > DAR%d, attached after %.1f ms\n", mn,
		    from, dar, (double)(run_now_us() - up) / 1000);
	else
		printf("mn%d: DAR%d > DAR%d, not attached after %u ms\n", mn,
		    from, dar, l->o.settle_ms);
	return settled ? 0 : 1;
}

static int
cmd_show(struct lab *l)
{
	char sock[PATH_MAX], err[256], ns[TOPO_NS_MAX];
	char *show[] = { "show", "bindings" }, *mshow[] = { "show" };
	int i;

	if (load(l) == -1)
		return 1;
	printf("lab %s: %d DARs, %d MNs; keep %s, return routability %s, "
	    "loss %u%%; logs in %s\n", l->o.name, l->t.ndars, l->t.nmns,
	    l->o.keep, l->o.rr ? "on" : "off", l->o.loss, l->logdir);
	for (i = 0; i < l->nprocs; i++)
		printf("  %-8s %2d  pid %-7d %s\n",
		    proc_names[l->procs[i].kind], l->procs[i].idx,
		    (int)l->procs[i].p.pid, run_alive(&l->procs[i].p) ?
		    "running" : "gone");
	for (i = 1; i <= l->t.nmns; i++) {
		ns_of(l, TOPO_MN, i, ns, sizeof(ns));
		printf("\nmn%d (namespace %s) at DAR%d:\n", i, ns,
		    l->t.mn_at[i - 1]);
		fflush(stdout);
		mn_sock(l, i, sock, sizeof(sock));
		if (ctl_request(sock, 1, mshow, stdout, err, sizeof(err),
		    2000) != 0)
			printf("  (no answer)\n");
	}
	for (i = 1; i <= l->t.ndars; i++) {
		ns_of(l, TOPO_DAR, i, ns, sizeof(ns));
		printf("\ndar%d (namespace %s):\n", i, ns);
		fflush(stdout);
		dar_sock(l, i, sock, sizeof(sock));
		if (ctl_request(sock, 2, show, stdout, err, sizeof(err),
		    2000) != 0)
			printf("  (no answer)\n");
	}
	return 0;
}

static int
cmd_exec(struct lab *l, int argc, char **argv)
{
	char ns[TOPO_NS_MAX];
	int rc;

	if (argc < 3) {
		lab_usage(stderr);
		return 1;
	}
	if (load(l) == -1)
		return 1;
	if (topo_node_ns(&l->t, argv[1], ns, sizeof(ns)) == -1) {
		fprintf(stderr, "fama lab: no node %s (cn, r, sw, dar1..dar%d, "
		    "mn1..mn%d)\n", argv[1], l->t.ndars, l->t.nmns);
		return 1;
	}
	signal(SIGINT, SIG_IGN);
	rc = run_fg(ns, argv + 2);
	if (rc == -1) {
		fprintf(stderr, "fama lab: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	return rc;
}

static int
cmd_down(struct lab *l)
{
	struct stat st;

	if (stat(l->dir, &st) == -1 && topo_count_ns(&l->t) == 0) {
		fprintf(stderr, "fama lab: no lab named %s\n", l->o.name);
		return 1;
	}
	/* without a state file, what can be found by name still goes */
	(void)state_read(l);
	return lab_down(l) == 0 ? 0 : 1;
}

static int
cmd_capture(int argc, char **argv)
{
	long n;

	if (argc != 3) {
		lab_usage(stderr);
		return 1;
	}
	lab_signals();
	if ((n = capture_run(argv[1], argv[2], &lab_stop)) == -1) {
		fprintf(stderr, "fama lab: capture %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	return 0;
}

int
lab_main(int argc, char **argv)
{
	static struct lab l;
	int first, rc;

	memset(&l, 0, sizeof(l));
	lab_defaults(&l.o);
	optind = 1;
	if ((first = lab_options(&l, argc, argv)) == -1)
		return 1;
	if (first < argc && strcmp(argv[first], "capture") == 0)
		return cmd_capture(argc - first, argv + first);
	if (first < argc && strcmp(argv[first], "up") == 0) {
		/* options may follow the verb too */
		if (first + 1 < argc) {
			optind = first + 1;
			if (lab_options(&l, argc, argv) != argc) {
				lab_usage(stderr);
				return 1;
			}
		}
		if (lab_init(&l) == -1)
			return 1;
		rc = cmd_up(&l);
	} else if (first == argc) {
		if (lab_init(&l) == -1)
			return 1;
		rc = lab_run(&l);
	} else {
		if (lab_init(&l) == -1)
			return 1;
		if (strcmp(argv[first], "move") == 0)
			rc = cmd_move(&l, argc - first, argv + first);
		else if (strcmp(argv[first], "show") == 0)
			rc = first + 1 == argc ? cmd_show(&l) :
			    (lab_usage(stderr), 1);
		else if (strcmp(argv[first], "exec") == 0)
			rc = cmd_exec(&l, argc - first, argv + first);
		else if (strcmp(argv[first], "down") == 0)
			rc = first + 1 == argc ? cmd_down(&l) :
			    (lab_usage(stderr), 1);
		else {
			fprintf(stderr, "fama lab: unknown command '%s'\n",
			    argv[first]);
			lab_usage(stderr);
			rc = 1;
		}
	}
	report_free(&l.rep);
	return rc;
}

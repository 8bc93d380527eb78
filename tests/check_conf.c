// SPDX-License-Identifier: GPL-2.0-only
/* roles/conf: the command line and config files through one option table,
 * errors with file and line, command-line precedence, reloads. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roles/conf.h"
#include "tests/testlib.h"

/* A daemon's settings as the roles will have them. */
struct tconf {
	bool		debug;
	int		verbose;
	int		lifetime;
	char		ctl[64];
	char		iface[16];
	struct {
		int		n;
		struct in6_addr	a[4];
	}		anchors;
	bool		fast;
	char		config[128];
	bool		help;
};

static const struct tconf tdefaults = {
	.lifetime = 60,
	.ctl = "/run/fama/dar.sock",
	.fast = true,
};

static int
parse_anchor(const char *val, void *field, char *why, size_t len)
{
	struct in6_addr a;
	int *n = field;
	struct in6_addr *arr = (struct in6_addr *)((char *)field +
	    offsetof(struct tconf, anchors.a) -
	    offsetof(struct tconf, anchors));

	if (inet_pton(AF_INET6, val, &a) != 1) {
		snprintf(why, len, "'%s' is not an IPv6 address", val);
		return -1;
	}
	if (*n == 4) {
		snprintf(why, len, "at most 4");
		return -1;
	}
	arr[(*n)++] = a;
	return 0;
}

static const struct conf_opt topts[] = {
	{ "debug", 'd', CONF_FLAG, CONF_AT(struct tconf, debug),
	    CONF_NOFILE, 0, 0, NULL, NULL, "stay in the foreground" },
	{ "verbose", 'v', CONF_COUNT, CONF_AT(struct tconf, verbose), 0,
	    0, 0, NULL, NULL, "log more (repeat for more)" },
	{ "lifetime", 'l', CONF_INT, CONF_AT(struct tconf, lifetime), 0,
	    1, 3600, NULL, "SECONDS", "binding lifetime" },
	{ "ctl-socket", 's', CONF_STR, CONF_AT(struct tconf, ctl),
	    CONF_RESTART, 0, 0, NULL, "PATH", "control socket" },
	{ "interface", 'i', CONF_STR, CONF_AT(struct tconf, iface),
	    CONF_RESTART, 0, 0, NULL, "IFNAME", "access interface" },
	{ "anchor", 0, CONF_CUSTOM, CONF_AT(struct tconf, anchors),
	    CONF_MULTI, 0, 0, parse_anchor, "ADDRESS", "an anchor address" },
	{ "fast", 0, CONF_FLAG, CONF_AT(struct tconf, fast), 0, 0, 0, NULL,
	    NULL, NULL },
	{ "config", 'f', CONF_STR, CONF_AT(struct tconf, config),
	    CONF_NOFILE, 0, 0, NULL, "FILE", "read options from FILE" },
	{ "help", 'h', CONF_FLAG, CONF_AT(struct tconf, help), CONF_NOFILE,
	    0, 0, NULL, NULL, "show this list" },
};
#define NOPTS	(sizeof(topts) / sizeof(topts[0]))

static struct conf c;
static struct tconf cur;

static void
init(void)
{
	ck_assert_int_eq(conf_init(&c, topts, NOPTS, &tdefaults, &cur,
	    sizeof(cur)), 0);
}

/* argv from a string of words. */
static int
args(const char *line)
{
	static char copy[1024];
	static char *argv[64];
	char *p, *save;
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	argv[argc++] = "dar";
	for (p = strtok_r(copy, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save))
		argv[argc++] = p;
	argv[argc] = NULL;
	return conf_args(&c, argc, argv);
}

/* Writes text to tmpdir/name; returns the path (static). */
static const char *
file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	tmpdir_path(path, sizeof(path), name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void
check_anchor(int i, const char *want)
{
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, want, &a), 1);
	ck_assert_int_gt(cur.anchors.n, i);
	ck_assert_int_eq(memcmp(&cur.anchors.a[i], &a, sizeof(a)), 0);
}

START_TEST(defaults_and_command_line)
{
	init();
	ck_assert_int_eq(cur.lifetime, 60);
	ck_assert_str_eq(cur.ctl, "/run/fama/dar.sock");
	ck_assert(cur.fast);
	ck_assert_int_eq(args("-d -vv --verbose --lifetime 120 -s /tmp/x.sock "
	    "--interface=eth1 --anchor 2001:db8::1 --anchor=2001:db8:1::1 "
	    "--fast operand -x"), 13);
	ck_assert(cur.debug);
	ck_assert_int_eq(cur.verbose, 3);
	ck_assert_int_eq(cur.lifetime, 120);
	ck_assert_str_eq(cur.ctl, "/tmp/x.sock");
	ck_assert_str_eq(cur.iface, "eth1");
	ck_assert_int_eq(cur.anchors.n, 2);
	check_anchor(0, "2001:db8::1");
	check_anchor(1, "2001:db8:1::1");
	ck_assert(c.cli[0] && c.cli[1] && c.cli[2] && c.cli[5]);
	ck_assert(!c.cli[7] && !c.cli[8]);
	/* Short options cluster, and a value may follow without a blank. */
	init();
	ck_assert_int_eq(args("-dvl30 -ieth2"), 3);
	ck_assert(cur.debug);
	ck_assert_int_eq(cur.verbose, 1);
	ck_assert_int_eq(cur.lifetime, 30);
	ck_assert_str_eq(cur.iface, "eth2");
	/* The last of a repeated option wins on the command line. */
	init();
	ck_assert_int_eq(args("-l 5 -l 6 --"), 6);
	ck_assert_int_eq(cur.lifetime, 6);
	init();
	ck_assert_int_eq(args(""), 1);
	ck_assert_int_eq(memcmp(&cur, &tdefaults, sizeof(cur)), 0);
}
END_TEST

START_TEST(command_line_errors)
{
	static const struct {
		const char	*line;
		const char	*err;
	} bad[] = {
		{ "-x", "unknown option -x" },
		{ "-dx", "unknown option -x" },
		{ "--nope", "unknown option --nope" },
		{ "--nope=3", "unknown option --nope=3" },
		{ "-l", "--lifetime: needs a value" },
		{ "--lifetime", "--lifetime: needs a value" },
		{ "--anchor", "--anchor: needs a value" },
		{ "-l abc", "--lifetime: 'abc' is not a number" },
		{ "-l 12x", "--lifetime: '12x' is not a number" },
		{ "--lifetime=0", "--lifetime: '0' is out of range 1..3600" },
		{ "--lifetime=3601", "--lifetime: '3601' is out of range "
		    "1..3600" },
		{ "--lifetime=99999999999999999999", "--lifetime: "
		    "'99999999999999999999' is out of range 1..3600" },
		{ "--interface=0123456789abcdef", "--interface: too long (at "
		    "most 15 characters)" },
		{ "--fast=yes", "--fast: takes no value" },
		{ "--debug=1", "--debug: takes no value" },
		{ "--anchor=10.0.0.1", "--anchor: '10.0.0.1' is not an IPv6 "
		    "address" },
		/* No prefix matching, though getopt_long would. */
		{ "--life 5", "unknown option --life (options are not "
		    "abbreviated)" },
		{ "--inter=eth0", "unknown option --inter=eth0 (options are "
		    "not abbreviated)" },
		{ "--fa", "unknown option --fa (options are not "
		    "abbreviated)" },
		{ "--fa=1", "unknown option --fa=1" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		init();
		ck_assert_msg(args(bad[i].line) == -1, "'%s' accepted",
		    bad[i].line);
		ck_assert_str_eq(conf_error(&c), bad[i].err);
	}
}
END_TEST

START_TEST(file_syntax)
{
	static const struct {
		const char	*text;
		bool		 want;
	} flags[] = {
		{ "fast\n", true }, { "fast yes\n", true },
		{ "fast true\n", true }, { "fast on\n", true },
		{ "fast 1\n", true }, { "fast no\n", false },
		{ "fast false\n", false }, { "fast off\n", false },
		{ "fast 0\n", false }, { "fast # comment\n", true },
	};
	const char *p;
	size_t i;

	init();
	p = file("ok.conf",
	    "# fama dar\n"
	    "\n"
	    "   \t\n"
	    "lifetime 300\n"
	    "  interface   eth0   # the access link\n"
	    "ctl-socket /run/fama/a#b.sock\n"
	    "anchor 2001:db8::1\n"
	    "anchor\t2001:db8::2\n"
	    "fast no\n"
	    "verbose 2\n"
	    "# end, without a final newline\n"
	    "anchor 2001:db8::3");
	ck_assert_int_eq(conf_file(&c, p), 0);
	ck_assert_int_eq(cur.lifetime, 300);
	ck_assert_str_eq(cur.iface, "eth0");
	ck_assert_str_eq(cur.ctl, "/run/fama/a#b.sock");
	ck_assert_int_eq(cur.anchors.n, 3);
	check_anchor(2, "2001:db8::3");
	ck_assert(!cur.fast);
	ck_assert_int_eq(cur.verbose, 2);

	/* Flag spellings. */
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		init();
		cur.fast = !flags[i].want;
		ck_assert_int_eq(conf_file(&c, file("f.conf", flags[i].text)),
		    0);
		ck_assert_msg(cur.fast == flags[i].want, "%s", flags[i].text);
	}
	init();
	ck_assert_int_eq(conf_file(&c, file("v.conf", "verbose\n")), 0);
	ck_assert_int_eq(cur.verbose, 1);
	init();
	ck_assert_int_eq(conf_file(&c, file("empty.conf", "")), 0);
	ck_assert_int_eq(memcmp(&cur, &tdefaults, sizeof(cur)), 0);
}
END_TEST

START_TEST(file_errors)
{
	static const struct {
		const char	*text;
		const char	*err;	/* after "PATH:" */
	} bad[] = {
		{ "lifetime 30\nnosuch 1\n", "2: unknown key 'nosuch'" },
		{ "\n\nconfig /etc/x\n", "3: config: only on the command "
		    "line" },
		{ "debug\n", "1: debug: only on the command line" },
		{ "fast maybe\n", "1: fast: 'maybe' is not yes or no" },
		{ "lifetime 30\n# x\nlifetime 40\n", "3: lifetime: given "
		    "twice (first on line 1)" },
		{ "lifetime\n", "1: lifetime: needs a value" },
		{ "lifetime 1 2\n", "1: lifetime: '1 2' is not a number" },
		{ "lifetime 9999\n", "1: lifetime: '9999' is out of range "
		    "1..3600" },
		{ "interface\n", "1: interface: needs a value" },
		{ "anchor ::1\nanchor nope\n", "2: anchor: 'nope' is not an "
		    "IPv6 address" },
		{ "verbose -1\n", "1: verbose: '-1' is out of range "
		    "0..2147483647" },
		{ "--lifetime 3\n", "1: unknown key '--lifetime'" },
		{ "lifetime=3\n", "1: unknown key 'lifetime=3'" },
	};
	char want[256], line[1100], path[128];
	const char *p;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		init();
		p = file("bad.conf", bad[i].text);
		ck_assert_int_eq(conf_file(&c, p), -1);
		snprintf(want, sizeof(want), "%s:%s", p, bad[i].err);
		ck_assert_str_eq(conf_error(&c), want);
	}
	/* 1024 characters are fine, 1025 are not. */
	init();
	memset(line, 'x', sizeof(line));
	memcpy(line, "# ", 2);
	line[1024] = '\n';
	line[1025] = '\0';
	ck_assert_int_eq(conf_file(&c, file("long.conf", line)), 0);
	line[1024] = 'x';
	line[1025] = '\n';
	line[1026] = '\0';
	p = file("long.conf", line);
	ck_assert_int_eq(conf_file(&c, p), -1);
	snprintf(want, sizeof(want), "%s:1: line too long (at most 1024 "
	    "characters)", p);
	ck_assert_str_eq(conf_error(&c), want);
	/* A NUL inside a line. */
	p = file("nul.conf", "");
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	ck_assert_uint_eq(fwrite("fast\0yes\n", 1, 9, f), 9);
	fclose(f);
	ck_assert_int_eq(conf_file(&c, p), -1);
	snprintf(want, sizeof(want), "%s:1: NUL in line", p);
	ck_assert_str_eq(conf_error(&c), want);
	/* A missing file. */
	tmpdir_path(path, sizeof(path), "nonexistent.conf");
	ck_assert_int_eq(conf_file(&c, path), -1);
	ck_assert_int_eq(errno, ENOENT);
	snprintf(want, sizeof(want), "%s: %s", path, strerror(ENOENT));
	ck_assert_str_eq(conf_error(&c), want);
}
END_TEST

/* The command line wins over the file, lists included; the file's values
 * for those keys are still checked. */
START_TEST(command_line_wins)
{
	const char *p;

	init();
	ck_assert_int_eq(args("-l 10 --anchor 2001:db8::a"), 5);
	p = file("both.conf", "lifetime 20\nanchor 2001:db8::b\n"
	    "anchor 2001:db8::c\ninterface eth2\n");
	ck_assert_int_eq(conf_file(&c, p), 0);
	ck_assert_int_eq(cur.lifetime, 10);
	ck_assert_int_eq(cur.anchors.n, 1);
	check_anchor(0, "2001:db8::a");
	ck_assert_str_eq(cur.iface, "eth2");
	p = file("both.conf", "lifetime twenty\n");
	ck_assert_int_eq(conf_file(&c, p), -1);
	ck_assert_ptr_nonnull(strstr(conf_error(&c), ":1: lifetime: "
	    "'twenty' is not a number"));
}
END_TEST

/* The same name and value through argv and through a file give the same
 * settings: one table, no divergence. */
START_TEST(same_table_both_ways)
{
	static const char *pairs[][2] = {
		{ "verbose", NULL }, { "lifetime", "77" },
		{ "ctl-socket", "/x/y.sock" }, { "interface", "wlan0" },
		{ "anchor", "2001:db8::9" }, { "fast", NULL },
	};
	struct tconf from_args;
	char line[128], text[128];
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		init();
		cur.fast = false;
		if (pairs[i][1] != NULL)
			snprintf(line, sizeof(line), "--%s=%s", pairs[i][0],
			    pairs[i][1]);
		else
			snprintf(line, sizeof(line), "--%s", pairs[i][0]);
		ck_assert_int_eq(args(line), 2);
		from_args = cur;
		init();
		cur.fast = false;
		snprintf(text, sizeof(text), "%s%s%s\n", pairs[i][0],
		    pairs[i][1] != NULL ? " " : "",
		    pairs[i][1] != NULL ? pairs[i][1] : "");
		ck_assert_int_eq(conf_file(&c, file("same.conf", text)), 0);
		ck_assert_msg(memcmp(&cur, &from_args, sizeof(cur)) == 0,
		    "%s differs", pairs[i][0]);
	}
}
END_TEST

static char changed_names[256];

static void
on_change(const struct conf_opt *o, void *arg)
{
	ck_assert_ptr_eq(arg, &c);
	strcat(changed_names, o->name);
	strcat(changed_names, " ");
}

START_TEST(reload)
{
	struct tconf before;
	const char *p;

	init();
	ck_assert_int_eq(args("-v --fast"), 3);
	p = file("r.conf", "lifetime 30\ninterface eth0\nanchor ::1\n"
	    "verbose 5\n");
	ck_assert_int_eq(conf_file(&c, p), 0);
	ck_assert_int_eq(cur.verbose, 1);

	/* Nothing changed. */
	changed_names[0] = '\0';
	ck_assert_int_eq(conf_reload(&c, p, on_change, &c), 0);
	ck_assert_str_eq(changed_names, "");

	/* A run-time key. */
	p = file("r.conf", "lifetime 40\ninterface eth0\nanchor ::1\n"
	    "anchor ::2\nverbose 5\nfast no\n");
	ck_assert_int_eq(conf_reload(&c, p, on_change, &c), 2);
	ck_assert_str_eq(changed_names, "lifetime anchor ");
	ck_assert_int_eq(cur.lifetime, 40);
	ck_assert_int_eq(cur.anchors.n, 2);
	/* Set on the command line: the file does not change them. */
	ck_assert_int_eq(cur.verbose, 1);
	ck_assert(cur.fast);

	/* A restart-only key with others: nothing is applied. */
	before = cur;
	changed_names[0] = '\0';
	p = file("r.conf", "lifetime 50\ninterface eth1\nanchor ::1\n"
	    "ctl-socket /tmp/other.sock\n");
	ck_assert_int_eq(conf_reload(&c, p, on_change, &c), -1);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_ptr_nonnull(strstr(conf_error(&c), "r.conf: only a restart "
	    "can change ctl-socket, interface; nothing reloaded"));
	ck_assert_str_eq(changed_names, "");
	ck_assert_int_eq(memcmp(&cur, &before, sizeof(cur)), 0);

	/* A broken file: nothing is applied. */
	p = file("r.conf", "lifetime 50\ninterface eth0\nlifetime 1\n");
	ck_assert_int_eq(conf_reload(&c, p, on_change, &c), -1);
	ck_assert_ptr_nonnull(strstr(conf_error(&c), "r.conf:3: lifetime: "
	    "given twice"));
	ck_assert_int_eq(memcmp(&cur, &before, sizeof(cur)), 0);

	/* A removed line goes back to the default. */
	p = file("r.conf", "interface eth0\nanchor ::1\nanchor ::2\n");
	ck_assert_int_eq(conf_reload(&c, p, on_change, &c), 1);
	ck_assert_str_eq(changed_names, "lifetime ");
	ck_assert_int_eq(cur.lifetime, 60);
}
END_TEST

START_TEST(broken_tables)
{
	struct conf_opt o[3];
	struct tconf t;

	/* Duplicate name, duplicate short, wrong size, no parse(), a
	 * member outside the struct, min > max, MULTI on a scalar. */
	memcpy(o, topts, sizeof(o));
	o[1].name = "debug";
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	ck_assert_str_eq(conf_error(&c), "option debug: defined twice");
	memcpy(o, topts, sizeof(o));
	o[1].short_name = 'd';
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	memcpy(o, topts, sizeof(o));
	o[0].size = sizeof(int);
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	ck_assert_str_eq(conf_error(&c), "option debug: inconsistent entry");
	memcpy(o, topts, sizeof(o));
	o[2].type = CONF_CUSTOM;
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	memcpy(o, topts, sizeof(o));
	o[2].off = sizeof(t);
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	memcpy(o, topts, sizeof(o));
	o[2].min = 10;
	o[2].max = 5;
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	memcpy(o, topts, sizeof(o));
	o[2].flags = CONF_MULTI;
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	memcpy(o, topts, sizeof(o));
	o[2].name = "life time";
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), -1);
	ck_assert_int_eq(errno, EINVAL);
	memcpy(o, topts, sizeof(o));
	ck_assert_int_eq(conf_init(&c, o, 3, &tdefaults, &t, sizeof(t)), 0);
}
END_TEST

START_TEST(usage)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	init();
	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	conf_usage(&c, f);
	fclose(f);
	ck_assert_str_eq(buf,
	    "  -d, --debug                 stay in the foreground\n"
	    "  -v, --verbose               log more (repeat for more)\n"
	    "  -l, --lifetime SECONDS      binding lifetime\n"
	    "  -s, --ctl-socket PATH       control socket\n"
	    "  -i, --interface IFNAME      access interface\n"
	    "      --anchor ADDRESS        an anchor address\n"
	    "      --fast\n"
	    "  -f, --config FILE           read options from FILE\n"
	    "  -h, --help                  show this list\n");
	free(buf);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");

	tcase_add_unchecked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_add_test(tc, defaults_and_command_line);
	tcase_add_test(tc, command_line_errors);
	tcase_add_test(tc, file_syntax);
	tcase_add_test(tc, file_errors);
	tcase_add_test(tc, command_line_wins);
	tcase_add_test(tc, same_table_both_ways);
	tcase_add_test(tc, reload);
	tcase_add_test(tc, broken_tables);
	tcase_add_test(tc, usage);
	suite_add_tcase(s, tc);
	return s;
}

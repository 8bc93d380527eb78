// SPDX-License-Identifier: GPL-2.0-only
/* roles/priv: each drop runs in a child of the test, which checks what
 * /proc/self/status and the kernel say afterwards.  Needs root. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "roles/log.h"
#include "roles/priv.h"
#include "tests/testlib.h"

static void
need_root(void)
{
	ck_assert_msg(geteuid() == 0, "check_priv needs root: it drops "
	    "capabilities and switches users in child processes; run it as "
	    "root (the tests are not skipped)");
}

/* The child reports a failure as text on this pipe and exits 1. */
static int report_fd = -1;

static void __attribute__((__noreturn__, __format__(__printf__, 1, 2)))
child_fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(report_fd, buf, (size_t)n < sizeof(buf) ?
	    (size_t)n : sizeof(buf) - 1) < 0)
		_exit(2);
	_exit(1);
}

#define CHECK(c, ...)	do { if (!(c)) child_fail(__VA_ARGS__); } while (0)

static void
in_child(void (*fn)(void))
{
	char msg[512] = "";
	ssize_t n;
	int p[2], st;
	pid_t pid;

	need_root();
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		fn();
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], msg, sizeof(msg) - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s "
	    "(status %#x)", msg, st);
}

/* A field of /proc/self/status, the text after "Name:\t". */
static void
status_field(const char *name, char *out, size_t len)
{
	char line[512];
	size_t n = strlen(name);
	FILE *f;

	out[0] = '\0';
	if ((f = fopen("/proc/self/status", "r")) == NULL)
		child_fail("cannot open /proc/self/status");
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ':') {
			snprintf(out, len, "%s", line + n + 1 +
			    strspn(line + n + 1, " \t"));
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	fclose(f);
	if (out[0] == '\0' && strcmp(name, "Groups") != 0)
		child_fail("no %s in /proc/self/status", name);
}

static unsigned long long
status_caps(const char *name)
{
	char v[64];

	status_field(name, v, sizeof(v));
	return strtoull(v, NULL, 16);
}

#define BIT(c)	(1ULL << (c))

/* All capability sets as a check: inheritable and ambient are empty,
 * permitted = effective = bounding = want (bounding only if bnd). */
static void
check_sets(unsigned long long want, bool bnd)
{
	unsigned long long v;
	char nnp[16];

	if ((v = status_caps("CapEff")) != want)
		child_fail("CapEff %llx, want %llx", v, want);
	if ((v = status_caps("CapPrm")) != want)
		child_fail("CapPrm %llx, want %llx", v, want);
	if ((v = status_caps("CapInh")) != 0)
		child_fail("CapInh %llx", v);
	if ((v = status_caps("CapAmb")) != 0)
		child_fail("CapAmb %llx", v);
	if (bnd && (v = status_caps("CapBnd")) != want)
		child_fail("CapBnd %llx, want %llx", v, want);
	status_field("NoNewPrivs", nnp, sizeof(nnp));
	CHECK(strcmp(nnp, "1") == 0, "NoNewPrivs %s", nnp);
}

static void
check_ids(const char *uid, const char *gid, const char *groups)
{
	char v[128];

	status_field("Uid", v, sizeof(v));
	CHECK(strcmp(v, uid) == 0, "Uid '%s', want '%s'", v, uid);
	status_field("Gid", v, sizeof(v));
	CHECK(strcmp(v, gid) == 0, "Gid '%s', want '%s'", v, gid);
	if (groups != NULL) {
		status_field("Groups", v, sizeof(v));
		v[strcspn(v, " ")] = '\0';
		CHECK(strcmp(v, groups) == 0, "Groups '%s', want '%s'", v,
		    groups);
	}
}

/* -1 and errno, or 0: can this process open a raw ICMPv6 socket? */
static int
try_raw(void)
{
	int fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);

	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

/* SO_MARK needs CAP_NET_ADMIN (or CAP_NET_RAW). */
static int
try_mark(void)
{
	int fd, mark = 7, r;

	if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) == -1)
		child_fail("socket: %s", strerror(errno));
	r = setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	close(fd);
	return r;
}

static void
quiet_log(void)
{
	static FILE *f;

	if ((f = fopen("/dev/null", "w")) == NULL)
		child_fail("/dev/null");
	log_init(1, LOG_DAEMON);
	log_setfile(f);
}

static void
net_admin_as_nobody(void)
{
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	struct priv_spec spec = { keep, 1, "nobody" };
	char caps[128];

	quiet_log();
	CHECK(try_raw() == 0, "raw socket before the drop: %s",
	    strerror(errno));
	CHECK(priv_drop(&spec) == 0, "priv_drop: %s", strerror(errno));
	check_sets(BIT(CAP_NET_ADMIN), true);
	check_ids("65534\t65534\t65534\t65534", "65534\t65534\t65534\t65534",
	    "65534");
	CHECK(try_raw() == -1 && errno == EPERM, "raw socket after the drop");
	CHECK(try_mark() == 0, "SO_MARK with CAP_NET_ADMIN: %s",
	    strerror(errno));
	CHECK(setuid(0) == -1 && errno == EPERM, "setuid(0) worked");
	CHECK(open("/etc/shadow", O_RDONLY) == -1 && errno == EACCES,
	    "/etc/shadow readable");
	CHECK(priv_caps_string(caps, sizeof(caps)) == 0, "caps string");
	CHECK(strcmp(caps, "cap_net_admin=ep") == 0, "caps string '%s'",
	    caps);
}

START_TEST(drop_to_net_admin_as_nobody)
{
	in_child(net_admin_as_nobody);
}
END_TEST

static void
nothing_as_root(void)
{
	struct priv_spec spec = { NULL, 0, NULL };
	char caps[128];

	quiet_log();
	CHECK(try_mark() == 0, "SO_MARK before the drop");
	CHECK(priv_drop(&spec) == 0, "priv_drop: %s", strerror(errno));
	check_sets(0, true);
	check_ids("0\t0\t0\t0", "0\t0\t0\t0", NULL);
	CHECK(try_raw() == -1 && errno == EPERM, "raw socket after the drop");
	CHECK(try_mark() == -1 && errno == EPERM, "SO_MARK after the drop");
	CHECK(priv_caps_string(caps, sizeof(caps)) == 0, "caps string");
	CHECK(strcmp(caps, "none") == 0, "caps string '%s'", caps);
	/* Nothing left to drop: a second drop to nothing still works. */
	CHECK(priv_drop(&spec) == 0, "second priv_drop: %s",
	    strerror(errno));
}

START_TEST(drop_to_nothing_staying_root)
{
	in_child(nothing_as_root);
}
END_TEST

static void
two_caps(void)
{
	static const cap_value_t keep[] = { CAP_NET_RAW, CAP_NET_ADMIN };
	struct priv_spec spec = { keep, 2, "nobody" };

	quiet_log();
	CHECK(priv_drop(&spec) == 0, "priv_drop: %s", strerror(errno));
	check_sets(BIT(CAP_NET_ADMIN) | BIT(CAP_NET_RAW), true);
	CHECK(try_raw() == 0, "raw socket with CAP_NET_RAW: %s",
	    strerror(errno));
}

START_TEST(drop_to_two_caps)
{
	in_child(two_caps);
}
END_TEST

/* No such user: a warning, uid 0, and still only the kept capability. */
static void
missing_user(void)
{
	static const cap_value_t keep[] = { CAP_NET_RAW };
	struct priv_spec spec = { keep, 1, NULL };
	char user[64], *buf = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(user, sizeof(user), "fama-nosuch-%ld", (long)getpid());
	spec.user = user;
	if ((f = open_memstream(&buf, &len)) == NULL)
		child_fail("open_memstream");
	log_init(1, LOG_DAEMON);
	log_setfile(f);
	CHECK(priv_drop(&spec) == 0, "priv_drop: %s", strerror(errno));
	fflush(f);
	CHECK(strstr(buf, "user fama-nosuch-") != NULL &&
	    strstr(buf, "does not exist: staying uid 0") != NULL,
	    "no warning: '%s'", buf);
	check_sets(BIT(CAP_NET_RAW), true);
	check_ids("0\t0\t0\t0", "0\t0\t0\t0", NULL);
	CHECK(try_raw() == 0, "raw socket with CAP_NET_RAW");
	CHECK(try_mark() == 0, "SO_MARK with CAP_NET_RAW");
}

START_TEST(missing_user_stays_uid)
{
	in_child(missing_user);
}
END_TEST

/* A capability already gone cannot be kept; an unknown one is refused
 * before anything changes. */
static void
refusals(void)
{
	static const cap_value_t bogus[] = { 1000 };
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	static const cap_value_t raw[] = { CAP_NET_RAW };
	struct priv_spec spec = { bogus, 1, NULL };

	quiet_log();
	CHECK(priv_drop(&spec) == -1 && errno == EINVAL, "bogus capability");
	CHECK(status_caps("CapEff") != 0, "a refused drop changed CapEff");
	spec.keep = raw;
	CHECK(priv_drop(&spec) == 0, "priv_drop: %s", strerror(errno));
	spec.keep = keep;
	CHECK(priv_drop(&spec) == -1 && errno == EPERM,
	    "kept a capability that was dropped");
	check_sets(BIT(CAP_NET_RAW), true);
}

START_TEST(refuses_what_it_cannot_keep)
{
	in_child(refusals);
}
END_TEST

/* An unprivileged user with no capabilities at all can still "drop" to
 * nothing: no bounding set to shrink, no-new-privs set. */
static void
unprivileged(void)
{
	struct priv_spec spec = { NULL, 0, NULL };
	unsigned long long bnd;

	quiet_log();
	if (setgroups(0, NULL) == -1 || setresgid(65534, 65534, 65534) == -1 ||
	    setresuid(65534, 65534, 65534) == -1)
		child_fail("cannot become nobody: %s", strerror(errno));
	bnd = status_caps("CapBnd");
	CHECK(priv_drop(&spec) == 0, "priv_drop: %s", strerror(errno));
	check_sets(0, false);
	CHECK(status_caps("CapBnd") == bnd, "bounding set changed");
}

START_TEST(unprivileged_drop)
{
	in_child(unprivileged);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("priv");
	TCase *tc = tcase_create("priv");

	tcase_add_test(tc, drop_to_net_admin_as_nobody);
	tcase_add_test(tc, drop_to_nothing_staying_root);
	tcase_add_test(tc, drop_to_two_caps);
	tcase_add_test(tc, missing_user_stays_uid);
	tcase_add_test(tc, refuses_what_it_cannot_keep);
	tcase_add_test(tc, unprivileged_drop);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* roles/daemon: run paths, pidfile locks (live, stale, replaced), detach. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "roles/daemon.h"
#include "roles/ev.h"
#include "tests/testlib.h"

static long
read_pid(const char *path)
{
	char buf[32];
	FILE *f;
	long v;

	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_ptr_nonnull(strchr(buf, '\n'));
	v = atol(buf);
	return v;
}

START_TEST(run_paths)
{
	char buf[64], small[16];
	char path[128];
	struct stat st;

	ck_assert_int_eq(daemon_runpath(buf, sizeof(buf), "dar", ".sock"), 0);
	ck_assert_str_eq(buf, "/run/fama/dar.sock");
	ck_assert_int_eq(daemon_runpath(buf, sizeof(buf), "mn", ".pid"), 0);
	ck_assert_str_eq(buf, "/run/fama/mn.pid");
	ck_assert_int_eq(daemon_runpath(small, sizeof(small), "dar", ".sock"),
	    -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);

	tmpdir_path(path, sizeof(path), "rundir/x.pid");
	ck_assert_int_eq(daemon_mkparent(path, 0750), 0);
	tmpdir_path(path, sizeof(path), "rundir");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0750);
	tmpdir_path(path, sizeof(path), "rundir/x.pid");
	ck_assert_int_eq(daemon_mkparent(path, 0750), 0);	/* exists */
	tmpdir_path(path, sizeof(path), "no/such/x.pid");
	ck_assert_int_eq(daemon_mkparent(path, 0750), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(daemon_mkparent("relative", 0750), 0);
}
END_TEST

/* Tries to take the pidfile in a child; returns its exit status: 0 took
 * it, 1 refused with EEXIST and the holder's pid written to fd. */
static int
child_try(const char *path, pid_t *holder)
{
	struct pidfile pf;
	int p[2], st;
	pid_t pid, h = -1;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(p[0]);
		if (daemon_pidfile_open(&pf, path, &h) == 0) {
			daemon_pidfile_remove(&pf);
			_exit(0);
		}
		if (write(p[1], &h, sizeof(h)) != sizeof(h))
			_exit(3);
		_exit(errno == EEXIST ? 1 : 2);
	}
	close(p[1]);
	if (read(p[0], holder, sizeof(*holder)) != sizeof(*holder))
		*holder = -1;
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(pidfile_lock)
{
	struct pidfile pf;
	struct stat st;
	char path[128];
	pid_t holder;
	FILE *f;

	tmpdir_path(path, sizeof(path), "run/dar.pid");
	ck_assert_int_eq(daemon_pidfile_open(&pf, path, &holder), 0);
	ck_assert_int_eq(read_pid(path), getpid());
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	/* Taken: another process is refused and told who holds it. */
	ck_assert_int_eq(child_try(path, &holder), 1);
	ck_assert_int_eq(holder, getpid());
	/* Rewritten after a fork: the pid in the file follows. */
	ck_assert_int_eq(daemon_pidfile_write(&pf), 0);
	ck_assert_int_eq(read_pid(path), getpid());
	daemon_pidfile_remove(&pf);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(child_try(path, &holder), 0);

	/* Stale: a file with a pid but no lock is taken over. */
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "99999999\n");
	fclose(f);
	ck_assert_int_eq(daemon_pidfile_open(&pf, path, &holder), 0);
	ck_assert_int_eq(read_pid(path), getpid());
	/* Replaced by a successor: not ours to remove. */
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "1\n");
	fclose(f);
	daemon_pidfile_remove(&pf);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(unlink(path), 0);
}
END_TEST

START_TEST(pidfile_refuses_symlink)
{
	struct pidfile pf;
	char path[128], target[128];
	struct stat st;

	tmpdir_path(path, sizeof(path), "link.pid");
	tmpdir_path(target, sizeof(target), "target");
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(daemon_pidfile_open(&pf, path, NULL), -1);
	ck_assert_int_eq(errno, ELOOP);
	ck_assert_int_eq(stat(target, &st), -1);
	ck_assert_int_eq(unlink(path), 0);
}
END_TEST

/* daemon_detach(1) stays; daemon_detach(0) leaves a grandchild in a new
 * session, with the parent (our child) exiting 0. */
START_TEST(detach)
{
	char path[128], tmp[128], buf[64];
	long pid, sid;
	pid_t child;
	int st, i;
	FILE *f;

	child = getpid();
	ck_assert_int_eq(daemon_detach(1), 0);
	ck_assert_int_eq(getpid(), child);

	tmpdir_path(path, sizeof(path), "detached");
	tmpdir_path(tmp, sizeof(tmp), "detached.tmp");
	child = fork();
	ck_assert_int_ne(child, -1);
	if (child == 0) {
		if (daemon_detach(0) == -1)
			_exit(2);
		/* The grandchild: report (atomically) and go. */
		if ((f = fopen(tmp, "w")) == NULL)
			_exit(3);
		fprintf(f, "%ld %ld\n", (long)getpid(), (long)getsid(0));
		fclose(f);
		_exit(rename(tmp, path) == 0 ? 0 : 4);
	}
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	for (i = 0; i < 200 && access(path, F_OK) != 0; i++)
		usleep(10 * 1000);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_int_eq(sscanf(buf, "%ld %ld", &pid, &sid), 2);
	ck_assert_int_ne(pid, child);
	ck_assert_int_eq(sid, pid);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("daemon");
	TCase *tc = tcase_create("daemon");

	tcase_add_unchecked_fixture(tc, tmpdir_setup, tmpdir_teardown);
	tcase_add_test(tc, run_paths);
	tcase_add_test(tc, pidfile_lock);
	tcase_add_test(tc, pidfile_refuses_symlink);
	tcase_add_test(tc, detach);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/ns: named network namespaces compatible with iproute2, setns()
 * for the calling thread, and running a function inside a namespace. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns/ns.h"

#define NS_SELF_PATH	"/proc/thread-self/ns/net"

static int
ns_path(const char *name, char *path, size_t len)
{
	int n;

	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) > NAME_MAX) {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(path, len, "%s/%s", NS_RUN_DIR, name);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/*
 * The run directory must be a shared mount point, so that a namespace
 * mounted on it is seen from every mount namespace (iproute2 does this).
 */
static int
ns_run_dir(void)
{
	bool made = false;

	if (mkdir(NS_RUN_DIR, 0755) == -1 && errno != EEXIST)
		return -1;
	while (mount("", NS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) == -1) {
		if (errno != EINVAL || made)
			return -1;
		if (mount(NS_RUN_DIR, NS_RUN_DIR, "none", MS_BIND | MS_REC,
		    NULL) == -1)
			return -1;
		made = true;
	}
	return 0;
}

int
ns_self(void)
{
	return open(NS_SELF_PATH, O_RDONLY | O_CLOEXEC);
}

int
ns_add(const char *name)
{
	char path[PATH_MAX];
	int fd, self, saved;

	if (ns_path(name, path, sizeof(path)) == -1 || ns_run_dir() == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)) ==
	    -1)
		return -1;
	close(fd);
	if ((self = ns_self()) == -1)
		goto fail;
	/* unshare() moves only this thread; setns() brings it back. */
	if (unshare(CLONE_NEWNET) == -1) {
		saved = errno;
		close(self);
		errno = saved;
		goto fail;
	}
	if (mount(NS_SELF_PATH, path, "none", MS_BIND, NULL) == -1) {
		saved = errno;
		(void)setns(self, CLONE_NEWNET);
		close(self);
		errno = saved;
		goto fail;
	}
	if (setns(self, CLONE_NEWNET) == -1) {
		saved = errno;
		close(self);
		(void)umount2(path, MNT_DETACH);
		errno = saved;
		goto fail;
	}
	close(self);
	return 0;
fail:
	saved = errno;
	(void)unlink(path);
	errno = saved;
	return -1;
}

int
ns_del(const char *name)
{
	char path[PATH_MAX];

	if (ns_path(name, path, sizeof(path)) == -1)
		return -1;
	/* EINVAL: not mounted (a half-made entry); unlink it all the same. */
	if (umount2(path, MNT_DETACH) == -1 && errno != EINVAL)
		return -1;
	return unlink(path);
}

int
ns_open(const char *name)
{
	char path[PATH_MAX];

	if (ns_path(name, path, sizeof(path)) == -1)
		return -1;
	return open(path, O_RDONLY | O_CLOEXEC);
}

int
ns_enter_fd(int fd)
{
	return setns(fd, CLONE_NEWNET);
}

int
ns_enter(const char *name)
{
	int fd, ret, saved;

	if ((fd = ns_open(name)) == -1)
		return -1;
	ret = ns_enter_fd(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

int
ns_run(const char *name, int (*fn)(void *), void *arg)
{
	int self, ret, saved;

	if ((self = ns_self()) == -1)
		return -1;
	if (ns_enter(name) == -1) {
		saved = errno;
		close(self);
		errno = saved;
		return -1;
	}
	ret = fn(arg);
	saved = errno;
	if (ns_enter_fd(self) == -1) {
		saved = errno;
		ret = -1;
	}
	close(self);
	errno = saved;
	return ret;
}

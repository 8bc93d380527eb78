// SPDX-License-Identifier: GPL-2.0-only
/* Run directory, pidfile lock and daemon(3) for the fama daemons. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "roles/daemon.h"

int
daemon_runpath(char *buf, size_t len, const char *name, const char *suffix)
{
	int n;

	n = snprintf(buf, len, "%s/%s%s", FAMA_RUNDIR, name, suffix);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
daemon_mkparent(const char *path, mode_t mode)
{
	char dir[PATH_MAX];
	char *slash;

	if (strlen(path) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(dir, path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, mode) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static pid_t
daemon_pidfile_read(int fd)
{
	char buf[32];
	ssize_t n;
	long v;
	char *end;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	v = strtol(buf, &end, 10);
	if (end == buf || v <= 0 || v > INT_MAX)
		return 0;
	return (pid_t)v;
}

int
daemon_pidfile_open(struct pidfile *pf, const char *path, pid_t *holder)
{
	struct stat st, pst;
	int fd, tries;

	pf->fd = -1;
	if (strlen(path) >= sizeof(pf->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (daemon_mkparent(path, 0755) == -1)
		return -1;
	/*
	 * A daemon that exits unlinks its file before it closes it (and so
	 * drops the lock): whoever got the lock on the unlinked file must
	 * try again on the new one, or two daemons could both hold "the"
	 * pidfile.
	 */
	for (tries = 0; tries < 5; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		    0644);
		if (fd == -1)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
			if (errno == EWOULDBLOCK) {
				if (holder != NULL)
					*holder = daemon_pidfile_read(fd);
				errno = EEXIST;
			}
			close(fd);
			return -1;
		}
		if (fstat(fd, &st) == -1) {
			close(fd);
			return -1;
		}
		if (stat(path, &pst) == 0 && pst.st_dev == st.st_dev &&
		    pst.st_ino == st.st_ino)
			break;
		close(fd);
		fd = -1;
	}
	if (fd == -1) {
		errno = EAGAIN;
		return -1;
	}
	pf->fd = fd;
	pf->dev = st.st_dev;
	pf->ino = st.st_ino;
	strcpy(pf->path, path);
	if (daemon_pidfile_write(pf) == -1) {
		daemon_pidfile_remove(pf);
		return -1;
	}
	return 0;
}

int
daemon_pidfile_write(struct pidfile *pf)
{
	char buf[32];
	ssize_t w;
	int n;

	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(pf->fd, 0) == -1)
		return -1;
	if ((w = pwrite(pf->fd, buf, (size_t)n, 0)) != n) {
		if (w >= 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

void
daemon_pidfile_remove(struct pidfile *pf)
{
	struct stat st;

	if (pf->fd == -1)
		return;
	/* Not if a successor already replaced it. */
	if (stat(pf->path, &st) == 0 && st.st_dev == pf->dev &&
	    st.st_ino == pf->ino)
		unlink(pf->path);
	close(pf->fd);
	pf->fd = -1;
}

int
daemon_detach(int debug)
{
	if (debug)
		return 0;
	return daemon(0, 0);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* The run directory, pidfiles and going to the background: what every
 * fama daemon does the same way at start and exit. */
#ifndef FAMA_ROLES_DAEMON_H
#define FAMA_ROLES_DAEMON_H

#include <limits.h>
#include <sys/types.h>

/* The default home of control sockets and pidfiles: /run/fama/dar.sock,
 * /run/fama/dar.pid, ...; each daemon's options can point elsewhere. */
#define FAMA_RUNDIR	"/run/fama"

/* FAMA_RUNDIR "/" name suffix into buf; -1 with ENAMETOOLONG if it does
 * not fit. */
int	daemon_runpath(char *, size_t, const char *, const char *);
/* Creates the directory that path is in, if missing (one level only, the
 * given mode); 0 if it exists. */
int	daemon_mkparent(const char *, mode_t);

/*
 * A pidfile that is also a lock: daemon_pidfile_open() takes an flock()
 * on it, so a file left by a crashed daemon is taken over at once, while
 * a live daemon's is refused (-1, errno EEXIST, *holder set to the pid it
 * holds, 0 if unreadable).  The lock follows the open file across fork(),
 * so open it before daemon_detach() (errors still reach the terminal) and
 * call daemon_pidfile_write() after it (the pid changed).  The file is
 * opened O_NOFOLLOW.
 */
struct pidfile {
	int	fd;
	dev_t	dev;
	ino_t	ino;
	char	path[PATH_MAX];
};

int	daemon_pidfile_open(struct pidfile *, const char *, pid_t *);
int	daemon_pidfile_write(struct pidfile *);
/* Unlinks the file if it is still ours, and closes it. */
void	daemon_pidfile_remove(struct pidfile *);

/* daemon(3) unless debug (foreground, -d): fork, setsid, chdir /, stdio
 * to /dev/null; the parent exits 0 inside daemon(3). */
int	daemon_detach(int);

#endif

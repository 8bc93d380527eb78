/* SPDX-License-Identifier: GPL-2.0-only */
/* The control socket of a daemon (server side, on the event loop) and the
 * client that `fama ROLE show ...` uses to query it. */
#ifndef FAMA_ROLES_CTL_H
#define FAMA_ROLES_CTL_H

#include <stdint.h>
#include <stdio.h>

/*
 * The protocol, one request per connection on a UNIX stream socket:
 *
 *   request:  WORD *( SP WORD ) LF        at most CTL_REQ_MAX octets with
 *                                         the LF, at most CTL_ARGS_MAX
 *                                         words; spaces and tabs separate
 *                                         words, a CR before the LF is
 *                                         ignored, there is no quoting
 *   reply:    "ok" SP LEN LF BODY         BODY: LEN octets, the output
 *           | "error" SP LEN LF MESSAGE   MESSAGE: LEN octets, one line
 *
 * after which the server closes the connection.  LEN is decimal, so a
 * client can tell a complete reply from a daemon that died half-way;
 * "ok" means exit status 0, "error" exit status 1.  It can be typed at
 * `socat - UNIX-CONNECT:/run/fama/dar.sock`.
 */
#define CTL_REQ_MAX		1024
#define CTL_ARGS_MAX		32
#define CTL_CLIENTS_MAX		32	/* more wait in the listen backlog */
#define CTL_IDLE_MS		5000	/* drop a client without progress */
#define CTL_BACKOFF_MS		1000	/* accept pause after EMFILE */
#define CTL_TIMEOUT_MS		10000	/* client: give up on a silent daemon */

struct ctl_reply;

/*
 * A command: argv[0] is its name (matched exactly), argv[1..] its
 * arguments.  The handler writes its output with ctl_printf() or to
 * ctl_out() (e.g. through the JSON writer or a table) and returns 0; or
 * it returns ctl_error(r, "why"), which discards any output and sends
 * the message.  arg is the one given to ctl_listen().  A table without a
 * "help" command gets one that lists the names and help strings.
 */
struct ctl_cmd {
	const char	*name;
	int		(*fn)(int, char **, struct ctl_reply *, void *);
	const char	*help;		/* e.g. "show bindings [--json]" */
};

int	 ctl_printf(struct ctl_reply *, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
FILE	*ctl_out(struct ctl_reply *);
/* Always returns -1. */
int	 ctl_error(struct ctl_reply *, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));

/*
 * Binds the socket at path, mode 0660, creating its directory (one level,
 * 0755) if missing, and registers it with the event loop (ev_init()
 * first).  A socket file that nobody answers on is stale and replaced; a
 * live daemon's is not (errno EADDRINUSE), nor anything that is not a
 * socket (EEXIST).  NULL and errno on failure.
 */
struct ctl_server;

struct ctl_server *ctl_listen(const char *, const struct ctl_cmd *, size_t,
		    void *);
/* Closes the clients and the socket, and unlinks the socket file if it is
 * still ours (a daemon that dropped root may not be able to: the next
 * start then finds it stale). */
void	 ctl_close(struct ctl_server *);
/* Overrides CTL_IDLE_MS and CTL_BACKOFF_MS (tests use short ones). */
void	 ctl_set_timeouts(struct ctl_server *, uint64_t, uint64_t);
size_t	 ctl_nclients(const struct ctl_server *);

/*
 * The client: sends argv as one request and writes an "ok" body to out
 * (NULL: discard it).
 * Returns 0 ("ok"), 1 ("error"; the message, without its newline, in
 * errbuf) or -1 with errno: ENOENT or ECONNREFUSED (no daemon), EINVAL
 * (an empty word, or one with blanks or control characters), E2BIG (too
 * long), EPROTO (not a well-formed or complete reply), ETIMEDOUT (no
 * progress for timeout_ms; 0 means CTL_TIMEOUT_MS), EIO (writing out).
 */
int	 ctl_request(const char *, int, char **, FILE *, char *, size_t,
	    int);

#endif

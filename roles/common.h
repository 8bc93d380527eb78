/* SPDX-License-Identifier: GPL-2.0-only */
/* What the daemons share beyond the runtime: start-up and privilege drop,
 * the `ROLE show ...` client, and formatting for tables. */
#ifndef FAMA_ROLES_COMMON_H
#define FAMA_ROLES_COMMON_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "roles/daemon.h"

/* Sends argv (a control command) to the daemon at sock and prints its
 * reply on stdout; returns the exit status (0, or 1 with a message on
 * stderr). */
int	role_client(const char *, const char *, int, char **);

/* The pid file of a daemon: taken, or -1 with a logged reason (another
 * running daemon of the role holds it). */
int	role_pidfile(struct pidfile *, const char *, const char *);

/* After start-up: to the background unless debug, the pid written, then
 * down to CAP_NET_ADMIN (and user, if not NULL), logged.  0 or -1. */
int	role_daemonize(struct pidfile *, bool, const char *);

/* An IPv6 address as text into a caller buffer (INET6_ADDRSTRLEN). */
const char *addr_str(const struct in6_addr *, char *, size_t);

/* A command-line number: decimal, no sign, within [lo, hi]; 0, or -1
 * (nothing stored). */
int	arg_uint(const char *, unsigned, unsigned, unsigned *);

/* "12.345s", "3m20s", "-" for a duration in ms (UINT64_MAX: "-"). */
const char *dur_str(uint64_t, char *, size_t);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* What the daemons share beyond the runtime: the `ROLE show ...` client,
 * formatting of times and addresses for tables, and the packet sender. */
#ifndef FAMA_ROLES_COMMON_H
#define FAMA_ROLES_COMMON_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* Sends argv (a control command) to the daemon at sock and prints its
 * reply on stdout; returns the exit status (0, or 1 with a message on
 * stderr). */
int	role_client(const char *, const char *, int, char **);

/* An IPv6 address as text into a caller buffer (INET6_ADDRSTRLEN). */
const char *addr_str(const struct in6_addr *, char *, size_t);

/* A command-line number: decimal, no sign, within [lo, hi]; 0, or -1
 * (nothing stored). */
int	arg_uint(const char *, unsigned, unsigned, unsigned *);

/* "12.345s", "3m20s", "-" for a duration in ms (UINT64_MAX: "-"). */
const char *dur_str(uint64_t, char *, size_t);

#endif

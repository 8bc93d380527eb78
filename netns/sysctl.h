/* SPDX-License-Identifier: GPL-2.0-only */
/* Network sysctls of a namespace: /proc/sys/net/ shows the namespace of the
 * thread that opens it, so a value is written from inside the namespace. */
#ifndef FAMA_NETNS_SYSCTL_H
#define FAMA_NETNS_SYSCTL_H

#include <stddef.h>

/*
 * Keys are paths under /proc/sys with '/' between components
 * ("net/ipv6/conf/eth0.5/forwarding"), or the dotted form
 * ("net.ipv6.conf.all.forwarding") when no component holds a dot.  Only
 * net/ keys are accepted.
 */
int	sysctl_set(const char *, const char *);
/* The value without its trailing newline; ERANGE if buf is too small. */
int	sysctl_get(const char *, char *, size_t);
/* The same inside a named namespace (see ns.h). */
int	sysctl_set_ns(const char *, const char *, const char *);
int	sysctl_get_ns(const char *, const char *, char *, size_t);

#endif

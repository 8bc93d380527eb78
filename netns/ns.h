/* SPDX-License-Identifier: GPL-2.0-only */
/* Named network namespaces made as iproute2 makes them (bound on
 * /run/netns/NAME, so `ip netns` sees them), entering one for the calling
 * thread, and running a function inside one. */
#ifndef FAMA_NETNS_NS_H
#define FAMA_NETNS_NS_H

#define NS_RUN_DIR		"/run/netns"

/*
 * Creates a namespace with lo down, as `ip netns add` does; EEXIST when
 * the name is taken.  The calling thread stays where it is.
 */
int	ns_add(const char *);
/* Removes the name; the namespace goes when its last user does. */
int	ns_del(const char *);
/* An O_RDONLY | O_CLOEXEC descriptor of the namespace, or -1. */
int	ns_open(const char *);
/* A descriptor of the calling thread's own namespace, or -1. */
int	ns_self(void);
/* Moves the calling thread into a namespace (setns). */
int	ns_enter(const char *);
int	ns_enter_fd(int);
/*
 * Calls fn(arg) inside the namespace and returns the calling thread to its
 * own.  Returns fn's value with fn's errno, or -1 when the namespace
 * could not be entered or left.
 */
int	ns_run(const char *, int (*)(void *), void *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Dropping privileges after the privileged setup: to a user, to the few
 * capabilities a role needs at run time, and verified. */
#ifndef FAMA_ROLES_PRIV_H
#define FAMA_ROLES_PRIV_H

#include <stddef.h>
#include <sys/capability.h>

/*
 * keep: the capabilities to keep (e.g. CAP_NET_ADMIN to change routes at
 * run time); nkeep may be 0.  user: the user to become (its primary group,
 * as the only group), or NULL to keep the uid.  If the user does not
 * exist, a warning is logged and the process stays at its uid, with only
 * the kept capabilities: a root process then keeps the files root owns,
 * but not the capabilities it does not need.
 */
struct priv_spec {
	const cap_value_t	*keep;
	size_t			 nkeep;
	const char		*user;
};

/*
 * In this order: check that every kept capability is permitted; drop all
 * others from the bounding set (PR_CAPBSET_DROP, while CAP_SETPCAP is
 * still there) and clear the ambient set; PR_SET_KEEPCAPS 1; setgroups,
 * setresgid, setresuid; cap_set_proc() with permitted = effective = keep
 * and inheritable empty; PR_SET_KEEPCAPS 0; PR_SET_NO_NEW_PRIVS 1.  Then
 * re-read: the process's capability sets, bounding set, ambient set and
 * ids must be exactly what was asked.  A process without CAP_SETPCAP and
 * without permitted capabilities (an unprivileged user) cannot shrink its
 * bounding set and does not need to: no-new-privs already keeps exec from
 * granting anything.
 * Returns 0, or -1 with errno and a logged message; it never exits, but
 * after a failure half-way the process may be partly dropped: the caller
 * should exit.
 */
int	priv_drop(const struct priv_spec *);

/* The current capabilities as text for the log ("cap_net_admin=ep", or
 * "none"); -1 with errno if they cannot be read. */
int	priv_caps_string(char *, size_t);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/* Privilege drop with libcap, in the order of bgpd's and rad's children
 * plus the Linux capability sets. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "roles/log.h"
#include "roles/priv.h"

static bool
priv_kept(const struct priv_spec *spec, int c)
{
	size_t i;

	for (i = 0; i < spec->nkeep; i++)
		if (spec->keep[i] == c)
			return true;
	return false;
}

static bool
priv_flag(cap_t caps, cap_value_t c, cap_flag_t which)
{
	cap_flag_value_t v = CAP_CLEAR;

	return cap_get_flag(caps, c, which, &v) == 0 && v == CAP_SET;
}

/* Is anything set in the permitted set?  Bits past the kernel's last
 * capability read as clear. */
static bool
priv_any_permitted(cap_t caps)
{
	cap_value_t c;

	for (c = 0; c < 64; c++)
		if (priv_flag(caps, c, CAP_PERMITTED))
			return true;
	return false;
}

/* The user to become; 0 with *found false if there is no such user. */
static int
priv_lookup(const char *user, bool *found, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	*found = false;
	if (user == NULL)
		return 0;
	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		/* getpwnam(3): these mean "not found", the rest failure. */
		if (errno == 0 || errno == ENOENT || errno == ESRCH ||
		    errno == EBADF || errno == EPERM) {
			log_warnx("user %s does not exist: staying uid %ld, "
			    "with only the capabilities kept", user,
			    (long)getuid());
			return 0;
		}
		log_warn("getpwnam %s", user);
		return -1;
	}
	*found = true;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/* Drops everything not kept from the bounding set.  *dropped is false if
 * the process could not and did not need to (see priv.h). */
static int
priv_bound(const struct priv_spec *spec, cap_t cur, bool *dropped)
{
	int c, r;

	*dropped = true;
	for (c = 0; ; c++) {
		/* EINVAL past the kernel's last capability. */
		if ((r = prctl(PR_CAPBSET_READ, c, 0, 0, 0)) == -1)
			break;
		if (r == 0 || priv_kept(spec, c))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0)
			continue;
		if (errno == EPERM && !priv_flag(cur, CAP_SETPCAP,
		    CAP_EFFECTIVE) && !priv_any_permitted(cur)) {
			*dropped = false;
			return 0;
		}
		log_warn("%s: PR_CAPBSET_DROP %d", __func__, c);
		return -1;
	}
	if (c == 0) {
		log_warn("%s: PR_CAPBSET_READ", __func__);
		return -1;
	}
	/* Ambient capabilities (Linux 4.3) survive exec; none are wanted. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1 &&
	    errno != EINVAL) {
		log_warn("%s: PR_CAP_AMBIENT_CLEAR_ALL", __func__);
		return -1;
	}
	return 0;
}

static int
priv_setids(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) == -1) {
		log_warn("setgroups %ld", (long)gid);
		return -1;
	}
	if (setresgid(gid, gid, gid) == -1) {
		log_warn("setresgid %ld", (long)gid);
		return -1;
	}
	if (setresuid(uid, uid, uid) == -1) {
		log_warn("setresuid %ld", (long)uid);
		return -1;
	}
	return 0;
}

/* Re-reads everything the drop was to achieve. */
static int
priv_verify(const struct priv_spec *spec, cap_t want, bool bounded,
    bool switched, uid_t uid, gid_t gid)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[2];
	char buf[256];
	cap_t got;
	int c, r, n;

	if ((got = cap_get_proc()) == NULL) {
		log_warn("%s: cap_get_proc", __func__);
		return -1;
	}
	r = cap_compare(got, want);
	cap_free(got);
	if (r != 0) {
		priv_caps_string(buf, sizeof(buf));
		log_warnx("capabilities not dropped: %s remain", buf);
		errno = EPERM;
		return -1;
	}
	for (c = 0; (r = prctl(PR_CAPBSET_READ, c, 0, 0, 0)) != -1; c++) {
		if (r == 1 && bounded && !priv_kept(spec, c)) {
			log_warnx("capability %d still in the bounding set", c);
			errno = EPERM;
			return -1;
		}
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0,
		    0) == 1) {
			log_warnx("capability %d still ambient", c);
			errno = EPERM;
			return -1;
		}
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1 ||
	    prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) != 0) {
		log_warnx("no-new-privs or keep-caps not as set");
		errno = EPERM;
		return -1;
	}
	if (!switched)
		return 0;
	if (getresuid(&ru, &eu, &su) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return -1;
	n = getgroups(2, groups);
	if (ru != uid || eu != uid || su != uid || rg != gid || eg != gid ||
	    sg != gid || n != 1 || groups[0] != gid) {
		log_warnx("user or groups not as set");
		errno = EPERM;
		return -1;
	}
	return 0;
}

int
priv_drop(const struct priv_spec *spec)
{
	cap_t cur = NULL, want = NULL;
	bool switched, bounded;
	char *name;
	uid_t uid = 0;
	gid_t gid = 0;
	size_t i;
	int rv = -1, saved;

	for (i = 0; i < spec->nkeep; i++)
		if (!CAP_IS_SUPPORTED(spec->keep[i])) {
			log_warnx("%s: capability %d not supported", __func__,
			    spec->keep[i]);
			errno = EINVAL;
			return -1;
		}
	if ((cur = cap_get_proc()) == NULL) {
		log_warn("%s: cap_get_proc", __func__);
		return -1;
	}
	for (i = 0; i < spec->nkeep; i++)
		if (!priv_flag(cur, spec->keep[i], CAP_PERMITTED)) {
			name = cap_to_name(spec->keep[i]);
			log_warnx("cannot keep %s: not permitted",
			    name != NULL ? name : "a capability");
			cap_free(name);
			errno = EPERM;
			goto out;
		}
	if (priv_lookup(spec->user, &switched, &uid, &gid) == -1)
		goto out;
	if (priv_bound(spec, cur, &bounded) == -1)
		goto out;

	if ((want = cap_init()) == NULL) {
		log_warn("%s: cap_init", __func__);
		goto out;
	}
	if (spec->nkeep > 0 &&
	    (cap_set_flag(want, CAP_PERMITTED, (int)spec->nkeep, spec->keep,
	    CAP_SET) == -1 ||
	    cap_set_flag(want, CAP_EFFECTIVE, (int)spec->nkeep, spec->keep,
	    CAP_SET) == -1)) {
		log_warn("%s: cap_set_flag", __func__);
		goto out;
	}
	/* Permitted capabilities survive the uid change only with this. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1) {
		log_warn("%s: PR_SET_KEEPCAPS", __func__);
		goto out;
	}
	if (switched && priv_setids(uid, gid) == -1)
		goto out;
	if (cap_set_proc(want) == -1) {
		log_warn("%s: cap_set_proc", __func__);
		goto out;
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		log_warn("%s: prctl", __func__);
		goto out;
	}
	rv = priv_verify(spec, want, bounded, switched, uid, gid);
out:
	saved = errno;
	cap_free(cur);
	cap_free(want);
	errno = saved;
	return rv;
}

int
priv_caps_string(char *buf, size_t len)
{
	cap_t caps;
	char *text;
	int saved;

	if ((caps = cap_get_proc()) == NULL)
		return -1;
	text = cap_to_text(caps, NULL);
	saved = errno;
	cap_free(caps);
	if (text == NULL) {
		errno = saved;
		return -1;
	}
	/* libcap writes the empty set as "=". */
	snprintf(buf, len, "%s", strcmp(text, "=") == 0 ? "none" : text);
	cap_free(text);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* The control client of `fama ROLE show ...` and small formatters. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roles/common.h"
#include "roles/ctl.h"
#include "roles/log.h"
#include "roles/priv.h"

int
role_pidfile(struct pidfile *pf, const char *role, const char *path)
{
	pid_t holder;

	if (daemon_pidfile_open(pf, path, &holder) == 0)
		return 0;
	if (errno == EEXIST)
		log_warnx("another fama %s (pid %d) holds %s", role,
		    (int)holder, path);
	else
		log_warn("%s", path);
	return -1;
}

int
role_daemonize(struct pidfile *pf, bool debug, const char *user)
{
	/* Routes, rules, addresses and tables change at run time. */
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	struct priv_spec ps;
	char caps[128];

	if (daemon_detach(debug) == -1) {
		log_warn("daemon");
		return -1;
	}
	daemon_pidfile_write(pf);
	memset(&ps, 0, sizeof(ps));
	ps.keep = keep;
	ps.nkeep = sizeof(keep) / sizeof(keep[0]);
	ps.user = user != NULL && *user != '\0' ? user : NULL;
	if (priv_drop(&ps) == -1)
		return -1;
	if (priv_caps_string(caps, sizeof(caps)) == 0)
		log_info("running with capabilities %s", caps);
	return 0;
}

int
role_client(const char *role, const char *sock, int argc, char **argv)
{
	char err[512];
	int rc;

	rc = ctl_request(sock, argc, argv, stdout, err, sizeof(err), 0);
	if (rc == 0)
		return 0;
	if (rc == 1) {
		fprintf(stderr, "fama %s: %s\n", role, err);
		return 1;
	}
	if (errno == ENOENT || errno == ECONNREFUSED)
		fprintf(stderr, "fama %s: no daemon answers on %s\n", role,
		    sock);
	else
		fprintf(stderr, "fama %s: %s: %s\n", role, sock,
		    strerror(errno));
	return 1;
}

const char *
addr_str(const struct in6_addr *a, char *buf, size_t len)
{
	if (inet_ntop(AF_INET6, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *
dur_str(uint64_t ms, char *buf, size_t len)
{
	if (ms == UINT64_MAX)
		snprintf(buf, len, "-");
	else if (ms < 60000)
		snprintf(buf, len, "%llu.%03llus", (unsigned long long)ms / 1000,
		    (unsigned long long)ms % 1000);
	else if (ms < 3600000)
		snprintf(buf, len, "%llum%02llus",
		    (unsigned long long)ms / 60000,
		    (unsigned long long)ms / 1000 % 60);
	else
		snprintf(buf, len, "%lluh%02llum",
		    (unsigned long long)ms / 3600000,
		    (unsigned long long)ms / 60000 % 60);
	return buf;
}

int
arg_uint(const char *s, unsigned lo, unsigned hi, unsigned *v)
{
	unsigned long x;
	char *end;

	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || x < lo ||
	    x > hi)
		return -1;
	*v = (unsigned)x;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for roles/conf: the input is a config file (through a
 * memfd).  Whatever parses must leave every member within its type's
 * bounds; whatever fails must say where; the same input parsed again,
 * and through a reload, must give the same result. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "roles/conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fconf {
	int		verbose;
	int		lifetime;
	char		iface[16];
	struct {
		int		n;
		struct in6_addr	a[4];
	}		anchors;
	bool		fast;
	char		config[64];
};

static const struct fconf fdefaults = { .lifetime = 60, .fast = true };

static int
parse_anchor(const char *val, void *field, char *why, size_t len)
{
	int *n = field;
	struct in6_addr *arr = (struct in6_addr *)((char *)field +
	    offsetof(struct fconf, anchors.a) -
	    offsetof(struct fconf, anchors));

	if (*n == 4) {
		snprintf(why, len, "at most 4");
		return -1;
	}
	if (inet_pton(AF_INET6, val, &arr[*n]) != 1)
		return -1;
	(*n)++;
	return 0;
}

static const struct conf_opt fopts[] = {
	{ "verbose", 'v', CONF_COUNT, CONF_AT(struct fconf, verbose), 0, 0, 0,
	    NULL, NULL, NULL },
	{ "lifetime", 'l', CONF_INT, CONF_AT(struct fconf, lifetime), 0,
	    1, 3600, NULL, "S", NULL },
	{ "interface", 'i', CONF_STR, CONF_AT(struct fconf, iface),
	    CONF_RESTART, 0, 0, NULL, "I", NULL },
	{ "anchor", 0, CONF_CUSTOM, CONF_AT(struct fconf, anchors),
	    CONF_MULTI, 0, 0, parse_anchor, "A", NULL },
	{ "fast", 0, CONF_FLAG, CONF_AT(struct fconf, fast), 0, 0, 0, NULL,
	    NULL, NULL },
	{ "config", 'f', CONF_STR, CONF_AT(struct fconf, config),
	    CONF_NOFILE, 0, 0, NULL, "F", NULL },
};
#define NOPTS	(sizeof(fopts) / sizeof(fopts[0]))

static void
check_bounds(const struct fconf *f)
{
	if (f->verbose < 0 || f->lifetime < 1 || f->lifetime > 3600 ||
	    memchr(f->iface, '\0', sizeof(f->iface)) == NULL ||
	    memchr(f->config, '\0', sizeof(f->config)) == NULL ||
	    f->anchors.n < 0 || f->anchors.n > 4 || f->config[0] != '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fconf a, b;
	struct conf c;
	char path[64];
	int fd, r1, r2, r3;

	if ((fd = memfd_create("fuzz.conf", MFD_CLOEXEC)) == -1)
		abort();
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	if (conf_init(&c, fopts, NOPTS, &fdefaults, &a, sizeof(a)) == -1)
		abort();
	r1 = conf_file(&c, path);
	if (r1 == 0)
		check_bounds(&a);
	else if (strncmp(conf_error(&c), path, strlen(path)) != 0)
		abort();

	if (conf_init(&c, fopts, NOPTS, &fdefaults, &b, sizeof(b)) == -1)
		abort();
	r2 = conf_file(&c, path);
	if (r2 != r1 || (r1 == 0 && memcmp(&a, &b, sizeof(a)) != 0))
		abort();
	/* Reloading the same file from the defaults changes nothing. */
	if (r1 == 0) {
		memcpy(&b, &fdefaults, sizeof(b));
		r3 = conf_file(&c, path);
		if (r3 != 0 || conf_reload(&c, path, NULL, NULL) != 0 ||
		    memcmp(&a, &b, sizeof(a)) != 0)
			abort();
	}
	close(fd);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/sysctl: reading and writing /proc/sys/net/ values, here or inside
 * a named namespace. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns/ns.h"
#include "netns/sysctl.h"

#define SYSCTL_ROOT	"/proc/sys/"

/* Builds /proc/sys/KEY, refusing anything that could leave net/. */
static int
sysctl_path(const char *key, char *path, size_t len)
{
	size_t i, klen, off = sizeof(SYSCTL_ROOT) - 1;
	bool slashed;

	if (key == NULL || strncmp(key, "net", 3) != 0 ||
	    (key[3] != '/' && key[3] != '.')) {
		errno = EINVAL;
		return -1;
	}
	klen = strlen(key);
	if (off + klen + 1 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	slashed = strchr(key, '/') != NULL;
	memcpy(path, SYSCTL_ROOT, off);
	for (i = 0; i < klen; i++) {
		char c = key[i];

		if (c == '.' && !slashed)
			c = '/';
		/* No empty, "." or ".." component, no odd characters. */
		if (c == '/' && (i + 1 == klen || key[i + 1] == '/' ||
		    key[i + 1] == '.')) {
			errno = EINVAL;
			return -1;
		}
		if (c != '/' && c != '.' && c != '_' && c != '-' &&
		    c != ':' && c != '@' && !(c >= '0' && c <= '9') &&
		    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
			errno = EINVAL;
			return -1;
		}
		path[off + i] = c;
	}
	path[off + klen] = '\0';
	return 0;
}

int
sysctl_set(const char *key, const char *value)
{
	char path[PATH_MAX];
	size_t len = strlen(value);
	ssize_t n;
	int fd, saved;

	if (sysctl_path(key, path, sizeof(path)) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	do
		n = write(fd, value, len);
	while (n == -1 && errno == EINTR);
	saved = errno;
	if (close(fd) == -1 && n != -1) {
		saved = errno;
		n = -1;
	}
	if (n == -1) {
		errno = saved;
		return -1;
	}
	if ((size_t)n != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
sysctl_get(const char *key, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, saved;

	if (len == 0) {
		errno = ERANGE;
		return -1;
	}
	if (sysctl_path(key, path, sizeof(path)) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	do
		n = read(fd, buf, len);
	while (n == -1 && errno == EINTR);
	saved = errno;
	close(fd);
	if (n == -1) {
		errno = saved;
		return -1;
	}
	if ((size_t)n == len) {
		errno = ERANGE;
		return -1;
	}
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

struct sysctl_call {
	const char	*key;
	const char	*value;
	char		*buf;
	size_t		 len;
};

static int
sysctl_set_cb(void *arg)
{
	const struct sysctl_call *c = arg;

	return sysctl_set(c->key, c->value);
}

static int
sysctl_get_cb(void *arg)
{
	const struct sysctl_call *c = arg;

	return sysctl_get(c->key, c->buf, c->len);
}

int
sysctl_set_ns(const char *ns, const char *key, const char *value)
{
	struct sysctl_call c = { key, value, NULL, 0 };

	return ns_run(ns, sysctl_set_cb, &c);
}

int
sysctl_get_ns(const char *ns, const char *key, char *buf, size_t len)
{
	struct sysctl_call c = { key, NULL, buf, len };

	return ns_run(ns, sysctl_get_cb, &c);
}

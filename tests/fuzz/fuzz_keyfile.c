// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for roles/keyfile's sidecar: the input is a
 * <key>.cga file.  What reads must be in range and survive being written
 * and read again; what does not read must say so and leave nothing. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roles/keyfile.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[64], key[96], key2[96], side[112], side2[112];

static void
cleanup(void)
{
	unlink(side);
	unlink(side2);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* tmpfs where there is one: a file per input */
	snprintf(dir, sizeof(dir), "%s/fama-fuzz-keyfile.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(key, sizeof(key), "%s/k", dir);
	snprintf(key2, sizeof(key2), "%s/k2", dir);
	snprintf(side, sizeof(side), "%s%s", key, KEYFILE_SIDECAR_SUFFIX);
	snprintf(side2, sizeof(side2), "%s%s", key2, KEYFILE_SIDECAR_SUFFIX);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct keyfile_cga zero;
	struct keyfile_cga c, d;
	char msg[KEYFILE_MSG_LEN];
	int fd;

	if ((fd = open(side, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	msg[0] = '\0';
	if (keyfile_cga_read(key, &c, msg, sizeof(msg)) == -1) {
		if (errno != EBADMSG || msg[0] == '\0' ||
		    memcmp(&c, &zero, sizeof(c)) != 0)
			abort();
		return 0;
	}
	if (c.sec > CGA_SEC_MAX)
		abort();
	if (keyfile_cga_write(key2, &c, msg, sizeof(msg)) == -1 ||
	    keyfile_cga_read(key2, &d, msg, sizeof(msg)) == -1 ||
	    memcmp(&c, &d, sizeof(c)) != 0)
		abort();
	return 0;
}

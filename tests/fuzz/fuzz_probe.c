// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for testbed/probe: the probe record (what decodes
 * re-encodes to the same 32 octets, the reserved field aside) and the
 * timeline reader (what it reads, it writes back and reads again alike). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testbed/probe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
timeline(const uint8_t *data, size_t size)
{
	struct probe_log u, t, u2, t2;
	uint64_t broke, broke2;
	char *buf = NULL;
	size_t line, len = 0, i;
	FILE *f;
	int rc;

	if (size == 0 || (f = fmemopen((void *)(uintptr_t)data, size,
	    "r")) == NULL)
		return;
	probe_log_init(&u);
	probe_log_init(&t);
	probe_log_init(&u2);
	probe_log_init(&t2);
	rc = probe_timeline_read(f, &u, &t, &broke, &line);
	fclose(f);
	if (rc == -1 || (f = open_memstream(&buf, &len)) == NULL)
		goto out;
	if (probe_timeline_write(f, &u, &t, broke, "x") == -1)
		abort();
	fclose(f);
	if ((f = fmemopen(buf, len, "r")) == NULL)
		goto out;
	if (probe_timeline_read(f, &u2, &t2, &broke2, &line) == -1 ||
	    broke2 != broke || u2.n != u.n || t2.n != t.n)
		abort();
	fclose(f);
	for (i = 0; i < u.n; i++)
		if (u.e[i].sent_us != u2.e[i].sent_us ||
		    u.e[i].recv_us != u2.e[i].recv_us)
			abort();
out:
	free(buf);
	probe_log_free(&u);
	probe_log_free(&t);
	probe_log_free(&u2);
	probe_log_free(&t2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_msg m;
	uint8_t out[PROBE_LEN];

	if (probe_decode(data, size, &m) == 0) {
		if (size < PROBE_LEN || probe_encode(&m, out, sizeof(out)) != 0)
			abort();
		if (memcmp(out, data, 6) != 0 ||
		    memcmp(out + 8, data + 8, PROBE_LEN - 8) != 0)
			abort();
	} else if (size >= PROBE_LEN && data[0] == 'F' && data[1] == 'A' &&
	    data[2] == 'M' && data[3] == 'P' && data[4] == PROBE_VERSION &&
	    (data[5] == PROBE_REQUEST || data[5] == PROBE_REPLY))
		abort();
	timeline(data, size);
	return 0;
}

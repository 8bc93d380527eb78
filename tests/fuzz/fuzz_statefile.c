// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for proto/statefile: the input as a DAR state file
 * and as an MN state file, as it is and with its last 32 octets replaced
 * by the right digest (so that mutations reach the record checks).  The
 * codecs are canonical: whatever decodes must encode to the same octets. */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/statefile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
dar(const uint8_t *data, size_t size)
{
	struct statefile_dar f;
	struct bc_entry *v;
	uint8_t *out;
	size_t i, len;

	if (statefile_dar_decode(data, size, &f, NULL) == -1)
		return;
	if (statefile_dar_size(f.count) != size)
		abort();
	if ((v = calloc(f.count + 1, sizeof(*v))) == NULL ||
	    (out = malloc(size)) == NULL)
		abort();
	for (i = 0; i < f.count; i++)
		if (statefile_dar_entry(&f, i, &v[i]) == -1)
			abort();
	if (statefile_dar_encode(v, f.count, f.saved_at, out, size, &len) ==
	    -1 || len != size || memcmp(out, data, size) != 0)
		abort();
	free(out);
	free(v);
}

static void
mn(const uint8_t *data, size_t size)
{
	static struct statefile_mn f;
	static uint8_t out[65536];
	size_t len;

	if (statefile_mn_decode(data, size, &f, NULL) == -1)
		return;
	if (statefile_mn_encode(&f, out, sizeof(out), &len) == -1 ||
	    len != size || memcmp(out, data, size) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	dar(data, size);
	mn(data, size);
	if (size < STATEFILE_DIGEST_LEN || (copy = malloc(size)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (!EVP_Digest(copy, size - STATEFILE_DIGEST_LEN,
	    copy + size - STATEFILE_DIGEST_LEN, NULL, EVP_sha256(), NULL))
		abort();
	dar(copy, size);
	mn(copy, size);
	free(copy);
	return 0;
}

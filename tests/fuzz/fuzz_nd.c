// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for proto/nd: decode the input as an RA and as an RS;
 * whatever decodes must encode, decode to an equal struct, and encode to
 * the same octets again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/nd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Compared: everything nd_ra_equal() compares (every field that goes on
 * the wire).  Not compared: dropped_prefixes, since the re-encoding
 * carries only ND_MAX_PREFIXES prefixes, so the second decode must count
 * 0.  Unknown options, reserved octets and checksums vanish on
 * re-encoding, which is why the first encoding, not the input, is the
 * reference for the octets. */
static void
ra_round_trip(const struct nd_ra *ra, size_t in_len)
{
	static uint8_t buf[2048], again[2048];
	struct nd_ra ra2;
	size_t n, n2;

	if (nd_ra_encode(ra, buf, sizeof(buf), &n) == -1)
		abort();
	/* Every option kept re-encodes to its own length, the others
	 * vanish: never longer than the input. */
	if (n > in_len)
		abort();
	if (nd_ra_decode(buf, n, &ra2) == -1)
		abort();
	if (!nd_ra_equal(ra, &ra2) || ra2.dropped_prefixes != 0)
		abort();
	if (nd_ra_encode(&ra2, again, sizeof(again), &n2) == -1 ||
	    n2 != n || memcmp(buf, again, n) != 0)
		abort();
}

/* Compared: slla_len and the slla octets up to it. */
static void
rs_round_trip(const struct nd_rs *rs, size_t in_len)
{
	static uint8_t buf[64];
	struct nd_rs rs2;
	size_t n;

	if (nd_rs_encode(rs, buf, sizeof(buf), &n) == -1 || n > in_len)
		abort();
	if (nd_rs_decode(buf, n, &rs2) == -1 ||
	    rs2.slla_len != rs->slla_len ||
	    memcmp(rs2.slla, rs->slla, rs->slla_len) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nd_ra ra;
	struct nd_rs rs;

	if (nd_ra_decode(data, size, &ra) == 0)
		ra_round_trip(&ra, size);
	if (nd_rs_decode(data, size, &rs) == 0)
		rs_round_trip(&rs, size);
	return 0;
}

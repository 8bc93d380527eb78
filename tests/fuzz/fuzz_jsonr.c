// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for testbed/jsonr: parsing anything, then walking
 * every token with the lookups and typed reads, which must stay within
 * the token array and the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testbed/jsonr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jr j;
	char *text, s[64];
	uint64_t u;
	int64_t i64;
	size_t k, n;
	bool b;

	/* an exact-size copy, so that any overread is seen */
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	if (jr_parse(&j, text, size) == 0) {
		if (j.n == 0 || j.t[0].next != j.n)
			abort();
		for (k = 0; k < j.n; k++) {
			if (j.t[k].end > size || j.t[k].start > j.t[k].end ||
			    j.t[k].next <= k || j.t[k].next > j.n)
				abort();
			jr_u64(&j, (int)k, &u);
			jr_i64(&j, (int)k, &i64);
			jr_bool(&j, (int)k, &b);
			jr_str(&j, (int)k, s, sizeof(s));
			if (jr_is(&j, (int)k, JR_ARRAY)) {
				n = jr_size(&j, (int)k);
				if (n > 0 && jr_elem(&j, (int)k, n - 1) <= (int)k)
					abort();
				if (jr_elem(&j, (int)k, n) != -1)
					abort();
			}
			if (jr_is(&j, (int)k, JR_OBJECT) && j.t[k].size > 0 &&
			    jr_str(&j, (int)k + 1, s, sizeof(s)) &&
			    strchr(s, '.') == NULL && strchr(s, '\\') == NULL &&
			    jr_member(&j, (int)k, s) == -1 &&
			    memchr(text + j.t[k + 1].start, '\\',
			    j.t[k + 1].end - j.t[k + 1].start) == NULL)
				abort();
		}
	}
	jr_free(&j);
	free(text);
	return 0;
}

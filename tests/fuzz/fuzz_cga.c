// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for proto/cga: the parameters decoder, its encoder and
 * verification against the address the parameters themselves give. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "proto/cga.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * What decodes re-encodes to the same octets.  For each Sec, the address
 * cga_addr() computes from the decoded fields agrees with the whole input
 * on prefix and Hash1, so verification with a policy that accepts every
 * key size can only fail on the collision count, on Hash2 (exactly when
 * cga_hash2_ok() says so) or on the key itself, and on the key exactly
 * as OpenSSL's generic decoder does (cga_verify() reads the usual RSA
 * key itself): the same key, or none.  What does not decode is
 * CGA_E_FORMAT whatever the address.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cga_policy any = { 0, 0, UINT_MAX };
	struct cga_params p;
	struct in6_addr a;
	enum cga_verdict v;
	EVP_PKEY *pub;
	uint8_t *out;
	size_t len;
	unsigned sec;

	if (cga_params_decode(data, size, &p) == -1) {
		memset(&a, 0, sizeof(a));
		if (cga_verify(&a, data, size, &any, NULL) != CGA_E_FORMAT)
			abort();
		return 0;
	}
	if ((out = malloc(size)) == NULL)
		return 0;
	if (cga_params_encode(&p, out, size, &len) == -1 || len != size ||
	    memcmp(out, data, size) != 0)
		abort();
	free(out);
	for (sec = 0; sec <= CGA_SEC_MAX; sec++) {
		if (cga_addr(&p, sec, &a) == -1)
			abort();
		v = cga_verify(&a, data, size, &any, &pub);
		if (p.cc > CGA_CC_MAX) {
			if (v != CGA_E_CC)
				abort();
		} else if (!cga_hash2_ok(p.modifier, p.pk, p.pk_len, p.ext,
		    p.ext_len, sec)) {
			if (v != CGA_E_HASH2 || sec == 0)
				abort();
		} else {
			const uint8_t *kp = p.pk;
			EVP_PKEY *ref = d2i_PUBKEY(NULL, &kp, (long)p.pk_len);
			enum cga_verdict want = ref == NULL ||
			    kp != p.pk + p.pk_len ? CGA_E_KEY :
			    !EVP_PKEY_is_a(ref, "RSA") ? CGA_E_KEY_TYPE :
			    CGA_OK;

			if (v != want || (v == CGA_OK && (pub == NULL ||
			    EVP_PKEY_eq(pub, ref) != 1)))
				abort();
			EVP_PKEY_free(ref);
		}
		if (v != CGA_OK && pub != NULL)
			abort();
		EVP_PKEY_free(pub);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* make bench: the CGA modifier search (proto/cga.c) against the machine's
 * raw SHA-1 rate over the same message, on one core and on all of them.
 *   cgabench KEYFILE [MS]
 * Results go to stdout as "name value" lines.  Not installed. */
/* SHA1_Init() and friends: the lowest-level SHA-1 OpenSSL has, deprecated
 * for applications but the fairest bound of what the machine does. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/lib/benchlib.h"
#include "proto/auth.h"
#include "proto/cga.h"
#include "roles/keyfile.h"

#define HASH2_ZEROS	9

/* Hashes per second of this thread's CPU time over msg, its first octets
 * changing as a search's do: the low-level API and EVP with a reused
 * context; the better of them. */
static double
sha1_rate(uint8_t *msg, size_t len, double secs)
{
	uint8_t h[SHA_DIGEST_LENGTH];
	EVP_MD_CTX *c;
	EVP_MD *md;
	SHA_CTX s;
	uint64_t n;
	double t0, dt, best = 0;
	int round;

	if ((md = EVP_MD_fetch(NULL, "SHA1", NULL)) == NULL ||
	    (c = EVP_MD_CTX_new()) == NULL)
		errx(1, "SHA-1");
	for (round = 0; round < 2; round++) {
		t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
		for (n = 0; (dt = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0) <
		    secs / 4; ) {
			for (int i = 0; i < 1024; i++, n++) {
				msg[15] = (uint8_t)n;
				SHA1_Init(&s);
				SHA1_Update(&s, msg, len);
				SHA1_Final(h, &s);
			}
		}
		if (n / dt > best)
			best = n / dt;
		t0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
		for (n = 0; (dt = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0) <
		    secs / 4; ) {
			for (int i = 0; i < 1024; i++, n++) {
				msg[15] = (uint8_t)n;
				if (!EVP_DigestInit_ex2(c, md, NULL) ||
				    !EVP_DigestUpdate(c, msg, len) ||
				    !EVP_DigestFinal_ex(c, h, NULL))
					errx(1, "SHA-1");
			}
		}
		if (n / dt > best)
			best = n / dt;
	}
	EVP_MD_CTX_free(c);
	EVP_MD_free(md);
	return best;
}

/*
 * Sec 1 searches from random starts for secs of the clock, in five spells:
 * hashes per second of the clock in the best spell (the machine is
 * shared), per second of the process's CPU time over all of them (every
 * thread's), and the mean time of one search.
 */
static void
search_rate(const struct cga_ident *id, unsigned threads, double secs,
    double *rate, double *per_cpu, double *mean_ms, unsigned *nsearch)
{
	uint8_t m[CGA_MODIFIER_LEN];
	uint64_t it, total, all_it = 0;
	unsigned n = 0, spell;
	double t0, c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), dt, all = 0;

	*rate = 0;
	for (spell = 0; spell < 5; spell++) {
		total = 0;
		t0 = clock_s(CLOCK_MONOTONIC);
		do {
			if (auth_random(m, sizeof(m)) == -1 ||
			    cga_modifier_search_mt(m, id->spki, id->spki_len,
			    NULL, 0, 1, threads, 0, &it) == -1 ||
			    !cga_hash2_ok(m, id->spki, id->spki_len, NULL, 0,
			    1))
				errx(1, "search");
			total += it;
			n++;
		} while ((dt = clock_s(CLOCK_MONOTONIC) - t0) < secs / 5);
		all += dt;
		all_it += total;
		if (total / dt > *rate)
			*rate = total / dt;
	}
	*per_cpu = all_it / (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0);
	*mean_ms = all / n * 1000;
	*nsearch = n;
}

int
main(int argc, char **argv)
{
	char msg[KEYFILE_MSG_LEN];
	struct cga_ident id;
	uint8_t *buf;
	size_t len;
	double secs = argc > 2 ? atof(argv[2]) / 1000 : 2, raw, r1, rn, m1, mn;
	double c1, cn;
	unsigned n1, nn, threads;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (argc < 2)
		errx(2, "usage: cgabench KEYFILE [MS]");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (keyfile_ident(argv[1], 0, &id, NULL, msg, sizeof(msg)) == -1)
		errx(1, "%s", msg);
	threads = cpus < 1 ? 1 : cpus > CGA_THREADS_MAX ? CGA_THREADS_MAX :
	    (unsigned)cpus;
	/* Hash2's input: modifier, nine zero octets, the key */
	len = CGA_MODIFIER_LEN + HASH2_ZEROS + id.spki_len;
	if ((buf = calloc(1, len)) == NULL)
		err(1, "buffer");
	memcpy(buf + CGA_MODIFIER_LEN + HASH2_ZEROS, id.spki, id.spki_len);
	printf("cga_key_bits %d\ncga_hash2_octets %zu\n",
	    EVP_PKEY_get_bits(id.key), len);
	raw = sha1_rate(buf, len, secs / 2);
	search_rate(&id, 1, secs, &r1, &c1, &m1, &n1);
	/* one thread: per CPU second, as the raw rate */
	printf("cga_sha1_raw_per_s %.0f\ncga_search_per_s %.0f\n"
	    "cga_search_wall_per_s %.0f\ncga_sec1_searches %u\n"
	    "cga_sec1_mean_ms %.2f\ncga_sec1_expected_ms %.2f\n"
	    "cga_sec1_bound_ms %.2f\n", raw, c1, r1, n1, m1,
	    65536 / c1 * 1000, 65536 / raw * 1000);
	search_rate(&id, threads, secs, &rn, &cn, &mn, &nn);
	printf("cga_threads %u\ncga_mt_search_per_s %.0f\n"
	    "cga_mt_search_per_cpu_s %.0f\ncga_mt_sec1_mean_ms %.2f\n"
	    "cga_mt_speedup %.2f\n", threads, rn, cn, mn, rn / r1);
	free(buf);
	EVP_PKEY_free(id.key);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the Check suites: hex, vector files, running fama. */
#ifndef FAMA_TESTLIB_H
#define FAMA_TESTLIB_H

#include <stddef.h>
#include <stdint.h>

/* Each tests/check_<module>.c defines this; testlib.c holds main(). */
struct Suite;
struct Suite	*test_suite(void);

/* Decode hex (whitespace ignored) into out; returns the octet count and
 * fails the running test on bad input or overflow. */
size_t	 hex2bin(const char *, uint8_t *, size_t);
/* Read tests/vectors/NAME into a malloc'd buffer; fails the test if absent. */
uint8_t	*load_vector(const char *, size_t *);
/* The fama binary under test ($FAMA, default build/fama). */
const char *fama_bin(void);
/* Run a shell command; returns its exit status (or -1) and, if out is
 * not NULL, up to cap-1 octets of its combined stdout and stderr. */
int	 run_cmd(const char *, char *, size_t);

/* A run-unique scratch directory, /tmp/fama-test-PID-XXXXXX.  Give
 * tmpdir_setup and tmpdir_teardown to tcase_add_unchecked_fixture(): the
 * teardown runs in the runner, also after failed tests, and removes the
 * directory with everything in it. */
void	 tmpdir_setup(void);
void	 tmpdir_teardown(void);
/* DIR/name into buf; fails the running test if there is no directory or
 * the path does not fit. */
void	 tmpdir_path(char *, size_t, const char *);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/* The one runner of the unit suites, and their shared helpers. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/testlib.h"

size_t
hex2bin(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *hex != '\0'; hex++) {
		if (isspace((unsigned char)*hex))
			continue;
		ck_assert_msg(isxdigit((unsigned char)*hex), "bad hex '%c'",
		    *hex);
		v = isdigit((unsigned char)*hex) ? *hex - '0' :
		    tolower((unsigned char)*hex) - 'a' + 10;
		if (hi < 0) {
			hi = v;
			continue;
		}
		ck_assert_msg(n < cap, "hex longer than %zu octets", cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	ck_assert_msg(hi < 0, "odd number of hex digits");
	return n;
}

uint8_t *
load_vector(const char *name, size_t *len)
{
	char path[512];
	uint8_t *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "tests/vectors/%s", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert(fseek(f, 0, SEEK_END) == 0);
	n = ftell(f);
	ck_assert(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert(buf != NULL);
	ck_assert(fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

const char *
fama_bin(void)
{
	const char *p = getenv("FAMA");

	return p != NULL && *p != '\0' ? p : "build/fama";
}

int
run_cmd(const char *cmd, char *out, size_t cap)
{
	char *full;
	size_t n = 0, r;
	FILE *p;
	int st;

	if (asprintf(&full, "%s 2>&1", cmd) == -1)
		return -1;
	p = popen(full, "r");
	free(full);
	if (p == NULL)
		return -1;
	if (out != NULL && cap > 0) {
		while (n + 1 < cap && (r = fread(out + n, 1, cap - 1 - n, p)) > 0)
			n += r;
		out[n] = '\0';
	}
	/* Drain whatever did not fit so the child never blocks. */
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static char tmpdir[64];

/* No ck_assert here: unchecked fixtures run in the runner itself. */
void
tmpdir_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fama-test-%ld-XXXXXX",
	    (long)getpid());
	if (mkdtemp(tmpdir) == NULL)
		tmpdir[0] = '\0';
}

void
tmpdir_teardown(void)
{
	char cmd[128];

	if (tmpdir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

void
tmpdir_path(char *buf, size_t len, const char *name)
{
	ck_assert_msg(tmpdir[0] != '\0', "no temporary directory");
	ck_assert_msg(snprintf(buf, len, "%s/%s", tmpdir, name) < (int)len,
	    "%s/%s is too long", tmpdir, name);
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(test_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

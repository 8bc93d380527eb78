// SPDX-License-Identifier: GPL-2.0-only
/* The role table and dispatch: `fama ROLE ...` or a link named fama-ROLE. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roles/roles.h"

#ifndef FAMA_VERSION
#define FAMA_VERSION "unknown"
#endif

static int	version_main(int, char **);
static int	help_main(int, char **);

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;
} roles[] = {
	{ "dar",	dar_main,	"run a Distributed Anchor Router" },
	{ "mn",		mn_main,	"run a mobile node" },
	{ "cn",		cn_main,	"correspondent node and traffic endpoint" },
	{ "lab",	lab_main,	"build a FAMA network in namespaces and "
					"move a mobile node across it" },
	{ "cga",	cga_main,	"make and check Cryptographically "
					"Generated Addresses" },
	{ "version",	version_main,	"show the version" },
	{ "help",	help_main,	"show this list" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: fama role [args ...]\n"
	    "       fama --version\n\nroles:\n");
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		fprintf(f, "  %-8s %s\n", roles[i].name, roles[i].help);
	fprintf(f, "\n`fama ROLE -h` shows the options of one role; "
	    "see fama(8).\n");
}

static int
version_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("fama %s\n", FAMA_VERSION);
	return 0;
}

static int
help_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

static int
dispatch(const char *name, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(name, roles[i].name) == 0)
			return roles[i].fn(argc, argv);
	return -1;
}

int
main(int argc, char **argv)
{
	char *self, *base;
	int rc;

	/* A link named fama-dar runs `fama dar`. */
	if (argc > 0 && (self = strdup(argv[0])) != NULL) {
		base = basename(self);
		if (strncmp(base, "fama-", 5) == 0) {
			rc = dispatch(base + 5, argc, argv);
			if (rc != -1) {
				free(self);
				return rc;
			}
			fprintf(stderr, "fama: unknown role '%s'\n", base + 5);
			free(self);
			usage(stderr);
			return 1;
		}
		free(self);
	}
	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return version_main(argc - 1, argv + 1);
	if ((rc = dispatch(argv[1], argc - 1, argv + 1)) != -1)
		return rc;
	fprintf(stderr, "fama: unknown role '%s'\n", argv[1]);
	usage(stderr);
	return 1;
}

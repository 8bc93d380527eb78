// SPDX-License-Identifier: GPL-2.0-only
/* fama lab: not built yet; see the project's open issues. */
#include <stdio.h>

#include "roles/roles.h"

int
lab_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fama lab: not implemented yet\n");
	return 1;
}

// SPDX-License-Identifier: GPL-2.0-only
/* fama dar: not built yet; see the project's open issues. */
#include <stdio.h>

#include "roles/roles.h"

int
dar_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fama dar: not implemented yet\n");
	return 1;
}

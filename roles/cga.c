// SPDX-License-Identifier: GPL-2.0-only
/* fama cga: placeholder until the CGA tool lands. */
#include <stdio.h>

#include "roles/roles.h"

int
cga_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fama cga: not implemented yet\n");
	return 1;
}

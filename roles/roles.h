/* SPDX-License-Identifier: GPL-2.0-only */
/* Entry points of fama's roles, dispatched from fama.c. */
#ifndef FAMA_ROLES_H
#define FAMA_ROLES_H

int	dar_main(int, char **);
int	mn_main(int, char **);
int	cn_main(int, char **);
int	lab_main(int, char **);
int	cga_main(int, char **);

#endif

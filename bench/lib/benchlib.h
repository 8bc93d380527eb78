// SPDX-License-Identifier: GPL-2.0-only
/* What the bench drivers share: clocks and argument parsing. */
#ifndef FAMA_BENCHLIB_H
#define FAMA_BENCHLIB_H

#include <netinet/in.h>
#include <time.h>

/* Seconds on clock c. */
double		clock_s(clockid_t);
/* Seconds of CLOCK_MONOTONIC. */
double		now_s(void);
/* This thread's CPU time (its system calls included): what work costs
 * on one core, whoever else shares it. */
double		cpu_s(void);
/* An IPv6 address, or exit 2 with a message. */
void		addr(const char *, struct in6_addr *);
/* A decimal number up to 100000000, or exit 2 with a message. */
unsigned	num(const char *);

#endif

// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <err.h>
#include <stdlib.h>

#include "bench/lib/benchlib.h"

double
clock_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

double
cpu_s(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

void
addr(const char *s, struct in6_addr *a)
{
	if (inet_pton(AF_INET6, s, a) != 1)
		errx(2, "bad address %s", s);
}

unsigned
num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v > 100000000)
		errx(2, "bad number %s", s);
	return (unsigned)v;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* The lab's network, built in namespaces: a correspondent node behind a
 * core router, DARs on a backbone with an access link each, mobile nodes
 * whose access port is moved from one access link to another. */
#ifndef FAMA_TESTBED_TOPO_H
#define FAMA_TESTBED_TOPO_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 *  NAME-cn          NAME-r (router)           NAME-darI          NAME-sw
 *  eth0 ---------- cn0    bb (bridge) ------- core0    acc0 ---- dI  accI (bridge)
 *  ff::100/64      ff::1  fe::ff/64           fe::I/64 I::1/64        |
 *                         route I::/64 via fe::I                     mJ --- eth0
 *                                                                 NAME-mnJ
 * (every address in 2001:db8::/32: ff:: is 2001:db8:ff::, I:: is
 * 2001:db8:I:: with I in hex.)  The switch namespace NAME-sw holds one
 * bridge per access link; DAR I's access interface acc0 is a port of
 * bridge accI, and MN J's access port mJ is a port of the bridge of the
 * DAR it is at.  Moving MN J takes mJ down (the MN sees its carrier go),
 * makes it a port of the next bridge, and takes it up again.
 */
#define TOPO_MAX_DARS		15
#define TOPO_MAX_MNS		8
#define TOPO_NAME_MAX		16
#define TOPO_NS_MAX		32

enum topo_node {
	TOPO_CN,
	TOPO_ROUTER,
	TOPO_SWITCH,
	TOPO_DAR,
	TOPO_MN
};

struct topo {
	char		 name[TOPO_NAME_MAX];
	int		 ndars;
	int		 nmns;
	/* the DAR (1-based) whose access link MN j+1 is on, 0: none */
	int		 mn_at[TOPO_MAX_MNS];
};

/* Names are letters, digits and '-', at most TOPO_NAME_MAX - 1 long. */
bool	topo_name_ok(const char *);
/* Fills t; -1 with EINVAL for a bad name or counts. */
int	topo_init(struct topo *, const char *, int, int);
/* The namespace of a node (index 1-based for DARs and MNs). */
void	topo_ns(const struct topo *, enum topo_node, int, char *, size_t);
/* Resolves "cn", "r", "sw", "darI", "mnJ" to a namespace name; -1 with
 * ENOENT for a node the lab does not have. */
int	topo_node_ns(const struct topo *, const char *, char *, size_t);

/* Addresses of the plan. */
void	topo_cn_addr(struct in6_addr *);
void	topo_anchor(int, struct in6_addr *);
void	topo_dar_core(int, struct in6_addr *);
/* The DAR (1-based) whose access prefix holds a, or 0. */
int	topo_dar_of(const struct topo *, const struct in6_addr *);

/*
 * Builds everything, MNs detached.  On failure what was made stays for
 * topo_down(), and err says what failed.
 */
int	topo_up(struct topo *, char *, size_t);
/* Removes every namespace of the lab (what is gone already is no error);
 * -1 if one could not be removed. */
int	topo_down(const struct topo *);
/* The namespaces of the lab that exist now, as a count. */
int	topo_count_ns(const struct topo *);

/*
 * Moves MN mn (1-based) to DAR dar's access link (0: detach).  *down_us
 * gets the time the old port went down (the MN loses carrier) and
 * *up_us the time it came up on the new link (CLOCK_MONOTONIC µs).
 * gap_ms is how long the port stays down in between.
 */
int	topo_move(struct topo *, int, int, unsigned, uint64_t *, uint64_t *);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for netns/'s decoders.  First octet even: an SRH
 * payload; odd: a datagram of netlink messages, each decoded, and routes,
 * rules and addresses rebuilt and decoded again to the same object. */
#include <netinet/in.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <linux/seg6_iptunnel.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netns/addr.h"
#include "netns/link.h"
#include "netns/neigh.h"
#include "netns/nl.h"
#include "netns/route.h"
#include "netns/rule.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
srh(const uint8_t *p, size_t n)
{
	struct in6_addr segs[ROUTE_SEG6_MAX], segs2[ROUTE_SEG6_MAX];
	uint8_t out[4 + 8 + 16 * ROUTE_SEG6_MAX];
	uint32_t mode, mode2;
	size_t k, k2;
	int len;

	if (route_seg6_decode(p, n, &mode, segs, &k) == -1)
		return;
	len = route_seg6_encap(out, sizeof(out), mode, segs, k);
	if (len == -1)
		return;		/* a mode fama does not build */
	if (route_seg6_decode(out, (size_t)len, &mode2, segs2, &k2) == -1 ||
	    mode2 != mode || k2 != k || memcmp(segs, segs2, k * 16) != 0)
		abort();
}

static void
route(const struct nlmsghdr *nlh)
{
	uint8_t buf[NL_MSG_BUF];
	struct route_info r, r2;
	struct nlmsghdr *out;

	if (route_parse(nlh, &r) == -1)
		return;
	out = nl_msg(buf, sizeof(buf), RTM_NEWROUTE, 0, sizeof(struct rtmsg));
	if (out == NULL || route_build(out, sizeof(buf), &r) == -1)
		return;
	if (route_parse(out, &r2) == -1 || !route_same(&r, &r2))
		abort();
}

static void
rule(const struct nlmsghdr *nlh)
{
	uint8_t buf[NL_MSG_BUF];
	struct rule_info r, r2;
	struct nlmsghdr *out;

	if (rule_parse(nlh, &r) == -1)
		return;
	out = nl_msg(buf, sizeof(buf), RTM_NEWRULE, 0,
	    sizeof(struct fib_rule_hdr));
	if (out == NULL || rule_build(out, sizeof(buf), &r) == -1)
		return;
	if (rule_parse(out, &r2) == -1 || rule_cmp(&r, &r2) != 0)
		abort();
}

static void
addr(const struct nlmsghdr *nlh)
{
	uint8_t buf[NL_MSG_BUF];
	struct addr_info a, b;
	struct nlmsghdr *out;

	if (addr_parse(nlh, &a) == -1)
		return;
	out = nl_msg(buf, sizeof(buf), RTM_NEWADDR, 0,
	    sizeof(struct ifaddrmsg));
	if (out == NULL || addr_build(out, sizeof(buf), &a) == -1)
		return;
	if (addr_parse(out, &b) == -1 || b.ifindex != a.ifindex ||
	    memcmp(&a.addr, &b.addr, 16) != 0 || a.plen != b.plen ||
	    a.flags != b.flags || a.scope != b.scope ||
	    b.proto != (a.proto != 0 ? a.proto : NL_RTPROT_FAMA))
		abort();
	/* A valid lifetime of 0 is sent as none, which reads as forever. */
	if (a.valid != 0 && (a.valid != b.valid || a.preferred != b.preferred))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	struct link_info l;
	struct neigh_info n;
	uint8_t *copy;
	size_t len;

	if (size < 1 || size > 65536)
		return 0;
	if (data[0] % 2 == 0) {
		srh(data + 1, size - 1);
		return 0;
	}
	/* Netlink messages are 4-aligned; malloc gives at least that. */
	if ((copy = malloc(size - 1 + 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	len = size - 1;
	for (nlh = (const struct nlmsghdr *)copy; nl_msg_ok(nlh, len);
	    nlh = nl_msg_next(nlh, &len)) {
		switch (nlh->nlmsg_type) {
		case RTM_NEWLINK:
		case RTM_DELLINK:
			(void)link_parse(nlh, &l);
			break;
		case RTM_NEWADDR:
		case RTM_DELADDR:
			addr(nlh);
			break;
		case RTM_NEWROUTE:
		case RTM_DELROUTE:
			route(nlh);
			break;
		case RTM_NEWRULE:
		case RTM_DELRULE:
			rule(nlh);
			break;
		case RTM_NEWNEIGH:
		case RTM_DELNEIGH:
			(void)neigh_parse(nlh, &n);
			break;
		default:
			break;
		}
	}
	free(copy);
	return 0;
}

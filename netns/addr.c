// SPDX-License-Identifier: GPL-2.0-only
/* netns/addr: IPv6 addresses over rtnetlink, with fama's IFA_PROTO mark
 * on each address it adds. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <string.h>

#include "netns/addr.h"
#include "netns/nl.h"

static const struct nl_policy addr_policy[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { MNL_TYPE_BINARY, 16 },
	[IFA_LOCAL] = { MNL_TYPE_BINARY, 16 },
	[IFA_CACHEINFO] = { MNL_TYPE_BINARY, sizeof(struct ifa_cacheinfo) },
	[IFA_FLAGS] = { MNL_TYPE_U32, 4 },
	[IFA_PROTO] = { MNL_TYPE_U8, 1 },
};

int
addr_build(struct nlmsghdr *nlh, size_t buflen, const struct addr_info *a)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct ifa_cacheinfo ci;

	if (a->ifindex <= 0 || !nl_plen_ok(a->plen) ||
	    (a->valid != 0 && a->preferred > a->valid)) {
		errno = EINVAL;
		return -1;
	}
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = a->plen;
	ifa->ifa_flags = (uint8_t)(a->flags & 0xff);
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = (uint32_t)a->ifindex;
	if (nl_put_in6(nlh, buflen, IFA_ADDRESS, &a->addr) == -1)
		return -1;
	if (nlh->nlmsg_type == RTM_DELADDR)
		return 0;
	if (nl_put_u32(nlh, buflen, IFA_FLAGS, a->flags) == -1 ||
	    nl_put_u8(nlh, buflen, IFA_PROTO,
	    a->proto != 0 ? a->proto : NL_RTPROT_FAMA) == -1)
		return -1;
	if (a->valid != 0) {
		memset(&ci, 0, sizeof(ci));
		ci.ifa_prefered = a->preferred;
		ci.ifa_valid = a->valid;
		if (nl_put(nlh, buflen, IFA_CACHEINFO, &ci, sizeof(ci)) == -1)
			return -1;
	}
	return 0;
}

int
addr_parse(const struct nlmsghdr *nlh, struct addr_info *a)
{
	const struct nlattr *tb[IFA_MAX + 1];
	struct ifa_cacheinfo ci;
	struct ifaddrmsg ifa;

	if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) {
		errno = EBADMSG;
		return -1;
	}
	if (nl_parse(nlh, sizeof(ifa), addr_policy, IFA_MAX, tb) == -1)
		return -1;
	nl_get_hdr(nlh, &ifa, sizeof(ifa));
	if (ifa.ifa_family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	memset(a, 0, sizeof(*a));
	/* IFA_LOCAL is the address itself when a peer is configured. */
	if (tb[IFA_LOCAL] != NULL)
		nl_get_in6(tb[IFA_LOCAL], &a->addr);
	else if (tb[IFA_ADDRESS] != NULL)
		nl_get_in6(tb[IFA_ADDRESS], &a->addr);
	else {
		errno = EBADMSG;
		return -1;
	}
	if (ifa.ifa_index == 0 || ifa.ifa_index > INT32_MAX ||
	    !nl_plen_ok(ifa.ifa_prefixlen)) {
		errno = EBADMSG;
		return -1;
	}
	a->ifindex = (int)ifa.ifa_index;
	a->plen = ifa.ifa_prefixlen;
	a->scope = ifa.ifa_scope;
	a->flags = tb[IFA_FLAGS] != NULL ? mnl_attr_get_u32(tb[IFA_FLAGS]) :
	    ifa.ifa_flags;
	if (tb[IFA_PROTO] != NULL)
		a->proto = mnl_attr_get_u8(tb[IFA_PROTO]);
	a->preferred = a->valid = ADDR_FOREVER;
	if (tb[IFA_CACHEINFO] != NULL) {
		memcpy(&ci, mnl_attr_get_payload(tb[IFA_CACHEINFO]),
		    sizeof(ci));
		a->preferred = ci.ifa_prefered;
		a->valid = ci.ifa_valid;
	}
	return 0;
}

static int
addr_request(struct nl *nl, uint16_t type, uint16_t flags,
    const struct addr_info *a)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = nl_msg(buf, sizeof(buf), type, flags,
	    sizeof(struct ifaddrmsg))) == NULL ||
	    addr_build(nlh, sizeof(buf), a) == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
addr_add(struct nl *nl, const struct addr_info *a)
{
	return addr_request(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, a);
}

int
addr_del(struct nl *nl, const struct addr_info *a)
{
	return addr_request(nl, RTM_DELADDR, 0, a);
}

int
addr_deprecate(struct nl *nl, const struct addr_info *a)
{
	struct addr_info d = *a;

	d.flags &= ~(uint32_t)(IFA_F_DEPRECATED | IFA_F_TENTATIVE |
	    IFA_F_PERMANENT | IFA_F_DADFAILED);
	d.preferred = 0;
	if (d.valid == 0)
		d.valid = ADDR_FOREVER;
	return addr_request(nl, RTM_NEWADDR, NLM_F_REPLACE, &d);
}

static int
addr_parse_rec(const struct nlmsghdr *nlh, void *rec)
{
	return addr_parse(nlh, rec);
}

struct addr_filter {
	int	ifindex;
	bool	owned;
};

/* The kernel filters by link too (strict checking). */
static bool
addr_match(const void *rec, const void *arg)
{
	const struct addr_info *a = rec;
	const struct addr_filter *f = arg;

	return (f->ifindex <= 0 || a->ifindex == f->ifindex) &&
	    (!f->owned || a->proto == NL_RTPROT_FAMA);
}

static int
addr_dump(struct nl *nl, int ifindex, bool owned, struct addr_info **out,
    size_t *n)
{
	struct addr_filter f = { ifindex, owned };
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct nl_vec v;

	nl_vec_init(&v, sizeof(**out));
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETADDR, NLM_F_DUMP,
	    sizeof(*ifa))) == NULL)
		return -1;
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET6;
	/* Strict checking makes the kernel filter by link. */
	if (ifindex > 0)
		ifa->ifa_index = (uint32_t)ifindex;
	if (nl_collect(nl, nlh, &v, addr_parse_rec, addr_match, &f) == -1)
		return -1;
	*out = v.v;
	*n = v.n;
	return 0;
}

int
addr_list(struct nl *nl, int ifindex, struct addr_info **out, size_t *n)
{
	return addr_dump(nl, ifindex, false, out, n);
}

int
addr_list_owned(struct nl *nl, int ifindex, struct addr_info **out,
    size_t *n)
{
	return addr_dump(nl, ifindex, true, out, n);
}

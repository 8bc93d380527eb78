// SPDX-License-Identifier: GPL-2.0-only
/* netns/neigh: IPv6 proxy neighbour entries and neighbour cache flushes
 * over rtnetlink. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "netns/neigh.h"
#include "netns/nl.h"

static const struct nl_policy neigh_policy[NDA_MAX + 1] = {
	[NDA_DST] = { MNL_TYPE_BINARY, 16 },
	[NDA_LLADDR] = { MNL_TYPE_BINARY, 0 },
	[NDA_PROTOCOL] = { MNL_TYPE_U8, 1 },
};

int
neigh_build(struct nlmsghdr *nlh, size_t buflen, int ifindex,
    const struct in6_addr *dst, uint8_t flags)
{
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);

	if (ifindex <= 0) {
		errno = EINVAL;
		return -1;
	}
	ndm->ndm_family = AF_INET6;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_flags = flags;
	ndm->ndm_state = NUD_PERMANENT;
	if (nl_put_in6(nlh, buflen, NDA_DST, dst) == -1)
		return -1;
	if (nlh->nlmsg_type == RTM_NEWNEIGH && nl_put_u8(nlh, buflen,
	    NDA_PROTOCOL, NL_RTPROT_FAMA) == -1)
		return -1;
	return 0;
}

int
neigh_parse(const struct nlmsghdr *nlh, struct neigh_info *n)
{
	const struct nlattr *tb[NDA_MAX + 1];
	struct ndmsg ndm;
	size_t len;

	if (nlh->nlmsg_type != RTM_NEWNEIGH &&
	    nlh->nlmsg_type != RTM_DELNEIGH) {
		errno = EBADMSG;
		return -1;
	}
	if (nl_parse(nlh, sizeof(ndm), neigh_policy, NDA_MAX, tb) == -1)
		return -1;
	nl_get_hdr(nlh, &ndm, sizeof(ndm));
	if (ndm.ndm_family != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (tb[NDA_DST] == NULL || ndm.ndm_ifindex < 0) {
		errno = EBADMSG;
		return -1;
	}
	memset(n, 0, sizeof(*n));
	n->ifindex = ndm.ndm_ifindex;
	n->state = ndm.ndm_state;
	n->flags = ndm.ndm_flags;
	nl_get_in6(tb[NDA_DST], &n->dst);
	if (tb[NDA_PROTOCOL] != NULL)
		n->protocol = mnl_attr_get_u8(tb[NDA_PROTOCOL]);
	if (tb[NDA_LLADDR] != NULL) {
		len = mnl_attr_get_payload_len(tb[NDA_LLADDR]);
		if (len > sizeof(n->lladdr)) {
			errno = EBADMSG;
			return -1;
		}
		memcpy(n->lladdr, mnl_attr_get_payload(tb[NDA_LLADDR]), len);
		n->lladdr_len = len;
	}
	return 0;
}

static struct nlmsghdr *
neigh_msg(uint8_t *buf, size_t len, uint16_t type, uint16_t flags,
    int ifindex, const struct in6_addr *dst, uint8_t ntf)
{
	struct nlmsghdr *nlh;

	if ((nlh = nl_msg(buf, len, type, flags,
	    sizeof(struct ndmsg))) == NULL ||
	    neigh_build(nlh, len, ifindex, dst, ntf) == -1)
		return NULL;
	return nlh;
}

static int
neigh_request(struct nl *nl, uint16_t type, uint16_t flags, int ifindex,
    const struct in6_addr *dst, uint8_t ntf)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = neigh_msg(buf, sizeof(buf), type, flags, ifindex, dst,
	    ntf)) == NULL)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
neigh_proxy_add(struct nl *nl, int ifindex, const struct in6_addr *dst)
{
	return neigh_request(nl, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE,
	    ifindex, dst, NTF_PROXY);
}

int
neigh_proxy_claim(struct nl *nl, int ifindex, const struct in6_addr *dst)
{
	uint8_t add[NL_MSG_BUF / 2], del[NL_MSG_BUF / 2];
	struct nlmsghdr *m[2];
	int errs[2];

	if ((m[0] = neigh_msg(add, sizeof(add), RTM_NEWNEIGH, NLM_F_CREATE |
	    NLM_F_REPLACE, ifindex, dst, NTF_PROXY)) == NULL ||
	    (m[1] = neigh_msg(del, sizeof(del), RTM_DELNEIGH, 0, ifindex, dst,
	    0)) == NULL)
		return -1;
	if (nl_talk_n(nl, m, 2, errs) == 0 || errs[0] == 0)
		return 0;
	errno = errs[0];
	return -1;
}

int
neigh_proxy_del(struct nl *nl, int ifindex, const struct in6_addr *dst)
{
	return neigh_request(nl, RTM_DELNEIGH, 0, ifindex, dst, NTF_PROXY);
}

int
neigh_learn(struct nl *nl, int ifindex, const struct in6_addr *dst,
    const uint8_t *lladdr, size_t len)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	if (len == 0 || len > NEIGH_LLADDR_LEN) {
		errno = EINVAL;
		return -1;
	}
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_NEWNEIGH, NLM_F_CREATE |
	    NLM_F_REPLACE, sizeof(struct ndmsg))) == NULL ||
	    neigh_build(nlh, sizeof(buf), ifindex, dst, 0) == -1)
		return -1;
	/* STALE: used at once, and confirmed by the kernel's own NUD
	 * before long (RFC 4861 §7.3.3). */
	ndm = mnl_nlmsg_get_payload(nlh);
	ndm->ndm_state = NUD_STALE;
	if (nl_put(nlh, sizeof(buf), NDA_LLADDR, lladdr, len) == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

static int
neigh_parse_rec(const struct nlmsghdr *nlh, void *rec)
{
	return neigh_parse(nlh, rec);
}

struct neigh_filter {
	int	ifindex;
	uint8_t	flags;
};

/* The kernel filters too (strict checking); this is the contract. */
static bool
neigh_match(const void *rec, const void *arg)
{
	const struct neigh_info *n = rec;
	const struct neigh_filter *f = arg;

	return (f->ifindex <= 0 || n->ifindex == f->ifindex) &&
	    (n->flags & NTF_PROXY) == (f->flags & NTF_PROXY);
}

static int
neigh_dump(struct nl *nl, int ifindex, uint8_t flags,
    struct neigh_info **out, size_t *n)
{
	struct neigh_filter f = { ifindex, flags };
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	struct nl_vec v;

	nl_vec_init(&v, sizeof(**out));
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETNEIGH, NLM_F_DUMP,
	    sizeof(*ndm))) == NULL)
		return -1;
	ndm = mnl_nlmsg_get_payload(nlh);
	ndm->ndm_family = AF_INET6;
	/* NTF_PROXY in the request selects the proxy table. */
	ndm->ndm_flags = flags;
	/* Strict checking makes the kernel filter by link. */
	if (ifindex > 0 && nl_put_u32(nlh, sizeof(buf), NDA_IFINDEX,
	    (uint32_t)ifindex) == -1)
		return -1;
	if (nl_collect(nl, nlh, &v, neigh_parse_rec, neigh_match, &f) == -1)
		return -1;
	*out = v.v;
	*n = v.n;
	return 0;
}

int
neigh_proxy_list(struct nl *nl, int ifindex, struct neigh_info **out,
    size_t *n)
{
	return neigh_dump(nl, ifindex, NTF_PROXY, out, n);
}

int
neigh_list(struct nl *nl, int ifindex, struct neigh_info **out, size_t *n)
{
	return neigh_dump(nl, ifindex, 0, out, n);
}

int
neigh_flush(struct nl *nl, const struct in6_addr *dst, int ifindex)
{
	struct neigh_info *v;
	size_t i, n;
	int ret = 0, saved = 0;

	/* One link: a direct delete, not a dump of every neighbour of the
	 * link (a DAR with many mobile nodes calls this per binding). */
	if (ifindex > 0) {
		if (neigh_request(nl, RTM_DELNEIGH, 0, ifindex, dst, 0) == -1 &&
		    errno != ENOENT)
			return -1;
		return 0;
	}
	if (neigh_list(nl, ifindex, &v, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (nl_in6_cmp(&v[i].dst, dst) != 0)
			continue;
		if (neigh_request(nl, RTM_DELNEIGH, 0, v[i].ifindex, dst,
		    0) == -1 && errno != ENOENT && ret == 0) {
			ret = -1;
			saved = errno;
		}
	}
	free(v);
	errno = saved;
	return ret;
}

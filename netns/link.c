// SPDX-License-Identifier: GPL-2.0-only
/* netns/link: interfaces over rtnetlink (list, state, veth, bridge,
 * namespace moves, enslaving) and the decoding of link messages. */
#include <netinet/in.h>	/* before the linux/ headers */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>

#include "netns/link.h"
#include "netns/nl.h"

static const struct nl_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_ADDRESS] = { MNL_TYPE_BINARY, 0 },
	[IFLA_IFNAME] = { MNL_TYPE_NUL_STRING, 0 },
	[IFLA_MTU] = { MNL_TYPE_U32, 4 },
	[IFLA_MASTER] = { MNL_TYPE_U32, 4 },
	[IFLA_OPERSTATE] = { MNL_TYPE_U8, 1 },
	[IFLA_LINKINFO] = { MNL_TYPE_NESTED, 0 },
	[IFLA_CARRIER] = { MNL_TYPE_U8, 1 },
	[IFLA_CARRIER_CHANGES] = { MNL_TYPE_U32, 4 },
};

static const struct nl_policy linkinfo_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { MNL_TYPE_NUL_STRING, 0 },
};

int
link_parse(const struct nlmsghdr *nlh, struct link_info *l)
{
	const struct nlattr *tb[IFLA_MAX + 1], *ti[IFLA_INFO_MAX + 1];
	struct ifinfomsg ifi;
	size_t n;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		goto bad;
	if (nl_parse(nlh, sizeof(ifi), link_policy, IFLA_MAX, tb) == -1)
		return -1;
	nl_get_hdr(nlh, &ifi, sizeof(ifi));
	memset(l, 0, sizeof(*l));
	if (ifi.ifi_index <= 0 || tb[IFLA_IFNAME] == NULL)
		goto bad;
	l->ifindex = ifi.ifi_index;
	l->flags = ifi.ifi_flags;
	if (strlen(mnl_attr_get_str(tb[IFLA_IFNAME])) >= sizeof(l->name))
		goto bad;
	snprintf(l->name, sizeof(l->name), "%s",
	    mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_MTU] != NULL)
		l->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MASTER] != NULL)
		l->master = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_OPERSTATE] != NULL)
		l->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_CARRIER_CHANGES] != NULL)
		l->carrier_changes = mnl_attr_get_u32(tb[IFLA_CARRIER_CHANGES]);
	if (tb[IFLA_CARRIER] != NULL)
		l->carrier = mnl_attr_get_u8(tb[IFLA_CARRIER]) != 0;
	else
		l->carrier = (ifi.ifi_flags & LINK_F_LOWER_UP) != 0;
	if (tb[IFLA_ADDRESS] != NULL) {
		n = mnl_attr_get_payload_len(tb[IFLA_ADDRESS]);
		if (n > sizeof(l->lladdr))
			goto bad;
		memcpy(l->lladdr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), n);
		l->lladdr_len = n;
	}
	if (tb[IFLA_LINKINFO] != NULL) {
		if (nl_parse_nested(tb[IFLA_LINKINFO], linkinfo_policy,
		    IFLA_INFO_MAX, ti) == -1)
			return -1;
		if (ti[IFLA_INFO_KIND] != NULL) {
			if (strlen(mnl_attr_get_str(ti[IFLA_INFO_KIND])) >=
			    sizeof(l->kind))
				goto bad;
			snprintf(l->kind, sizeof(l->kind), "%s",
			    mnl_attr_get_str(ti[IFLA_INFO_KIND]));
		}
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

static int
link_parse_rec(const struct nlmsghdr *nlh, void *rec)
{
	return link_parse(nlh, rec);
}

int
link_list(struct nl *nl, struct link_info **out, size_t *n)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct nl_vec v;

	nl_vec_init(&v, sizeof(**out));
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETLINK, NLM_F_DUMP,
	    sizeof(struct ifinfomsg))) == NULL ||
	    nl_put_u32(nlh, sizeof(buf), IFLA_EXT_MASK,
	    RTEXT_FILTER_SKIP_STATS) == -1 ||
	    nl_collect(nl, nlh, &v, link_parse_rec, NULL, NULL) == -1)
		return -1;
	*out = v.v;
	*n = v.n;
	return 0;
}

static int
link_one(const struct nlmsghdr *nlh, void *arg)
{
	return link_parse(nlh, arg) == -1 ? MNL_CB_ERROR : MNL_CB_OK;
}

static bool
link_name_ok(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	return n > 0 && n < IFNAMSIZ;
}

int
link_get(struct nl *nl, int ifindex, const char *name, struct link_info *l)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex <= 0 && !link_name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_GETLINK, 0,
	    sizeof(*ifi))) == NULL)
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	if (ifindex > 0)
		ifi->ifi_index = ifindex;
	else if (nl_put_str(nlh, sizeof(buf), IFLA_IFNAME, name) == -1)
		return -1;
	if (nl_put_u32(nlh, sizeof(buf), IFLA_EXT_MASK,
	    RTEXT_FILTER_SKIP_STATS) == -1)
		return -1;
	memset(l, 0, sizeof(*l));
	if (nl_talk(nl, nlh, link_one, l) == -1)
		return -1;
	if (l->ifindex == 0) {
		errno = ENODEV;
		return -1;
	}
	return 0;
}

int
link_index(struct nl *nl, const char *name)
{
	struct link_info l;

	if (link_get(nl, 0, name, &l) == -1)
		return -1;
	return l.ifindex;
}

/* An RTM_NEWLINK that changes one existing link. */
static struct nlmsghdr *
link_change(void *buf, size_t len, int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((nlh = nl_msg(buf, len, RTM_NEWLINK, 0, sizeof(*ifi))) == NULL)
		return NULL;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

int
link_set_up(struct nl *nl, int ifindex, bool up)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if ((nlh = link_change(buf, sizeof(buf), ifindex)) == NULL)
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return nl_talk(nl, nlh, NULL, NULL);
}

static int
link_set_u32(struct nl *nl, int ifindex, uint16_t type, uint32_t v)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = link_change(buf, sizeof(buf), ifindex)) == NULL ||
	    nl_put_u32(nlh, sizeof(buf), type, v) == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
link_set_mtu(struct nl *nl, int ifindex, uint32_t mtu)
{
	return link_set_u32(nl, ifindex, IFLA_MTU, mtu);
}

int
link_set_master(struct nl *nl, int ifindex, int master)
{
	if (master < 0) {
		errno = EINVAL;
		return -1;
	}
	return link_set_u32(nl, ifindex, IFLA_MASTER, (uint32_t)master);
}

int
link_set_netns(struct nl *nl, int ifindex, int nsfd)
{
	if (nsfd < 0) {
		errno = EBADF;
		return -1;
	}
	return link_set_u32(nl, ifindex, IFLA_NET_NS_FD, (uint32_t)nsfd);
}

int
link_build_kind(struct nlmsghdr *nlh, size_t buflen, const char *name,
    const char *kind)
{
	struct nlattr *li;

	if (!link_name_ok(name) || kind == NULL || *kind == '\0') {
		errno = EINVAL;
		return -1;
	}
	if (nl_put_str(nlh, buflen, IFLA_IFNAME, name) == -1 ||
	    (li = nl_nest(nlh, buflen, IFLA_LINKINFO)) == NULL)
		return -1;
	if (nl_put_str(nlh, buflen, IFLA_INFO_KIND, kind) == -1) {
		mnl_attr_nest_cancel(nlh, li);
		return -1;
	}
	mnl_attr_nest_end(nlh, li);
	return 0;
}

/*
 * IFLA_LINKINFO{KIND "veth", DATA{VETH_INFO_PEER{ifinfomsg, IFNAME,
 * [NET_NS_FD]}}}: the peer's request is a link message of its own.
 */
int
link_build_veth(struct nlmsghdr *nlh, size_t buflen, const char *name,
    const char *peer, int peer_nsfd)
{
	struct nlattr *li, *data, *pi;
	struct ifinfomsg ifi;

	if (!link_name_ok(name) || !link_name_ok(peer)) {
		errno = EINVAL;
		return -1;
	}
	memset(&ifi, 0, sizeof(ifi));
	ifi.ifi_family = AF_UNSPEC;
	if (nl_put_str(nlh, buflen, IFLA_IFNAME, name) == -1 ||
	    (li = nl_nest(nlh, buflen, IFLA_LINKINFO)) == NULL)
		return -1;
	if (nl_put_str(nlh, buflen, IFLA_INFO_KIND, "veth") == -1 ||
	    (data = nl_nest(nlh, buflen, IFLA_INFO_DATA)) == NULL)
		goto cancel;
	if ((pi = nl_nest(nlh, buflen, VETH_INFO_PEER)) == NULL)
		goto cancel;
	/* nl_put() pads the header to NLA_ALIGN, as the kernel expects. */
	if (buflen < nlh->nlmsg_len + MNL_ALIGN(sizeof(ifi)))
		goto cancel;
	memcpy(mnl_nlmsg_get_payload_tail(nlh), &ifi, sizeof(ifi));
	nlh->nlmsg_len += MNL_ALIGN(sizeof(ifi));
	if (nl_put_str(nlh, buflen, IFLA_IFNAME, peer) == -1)
		goto cancel;
	if (peer_nsfd >= 0 && nl_put_u32(nlh, buflen, IFLA_NET_NS_FD,
	    (uint32_t)peer_nsfd) == -1)
		goto cancel;
	mnl_attr_nest_end(nlh, pi);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return 0;
cancel:
	mnl_attr_nest_cancel(nlh, li);
	errno = EMSGSIZE;
	return -1;
}

static struct nlmsghdr *
link_create(void *buf, size_t len)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nl_msg(buf, len, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(*ifi));
	if (nlh != NULL) {
		ifi = mnl_nlmsg_get_payload(nlh);
		ifi->ifi_family = AF_UNSPEC;
	}
	return nlh;
}

int
link_add_veth(struct nl *nl, const char *name, const char *peer,
    int peer_nsfd)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = link_create(buf, sizeof(buf))) == NULL ||
	    link_build_veth(nlh, sizeof(buf), name, peer, peer_nsfd) == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
link_add_bridge(struct nl *nl, const char *name)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;

	if ((nlh = link_create(buf, sizeof(buf))) == NULL ||
	    link_build_kind(nlh, sizeof(buf), name, "bridge") == -1)
		return -1;
	return nl_talk(nl, nlh, NULL, NULL);
}

int
link_del(struct nl *nl, int ifindex)
{
	uint8_t buf[NL_MSG_BUF];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (ifindex <= 0) {
		errno = EINVAL;
		return -1;
	}
	if ((nlh = nl_msg(buf, sizeof(buf), RTM_DELLINK, 0,
	    sizeof(*ifi))) == NULL)
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nl_talk(nl, nlh, NULL, NULL);
}

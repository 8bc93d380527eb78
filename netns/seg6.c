// SPDX-License-Identifier: GPL-2.0-only
/* The SRv6 tunnel source over generic netlink. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/seg6_genl.h>
#include <string.h>

#include "netns/nl.h"
#include "netns/seg6.h"

static int
family_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			*(uint16_t *)arg = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

/* The id of the SEG6 family, resolved once per call (cheap). */
static int
seg6_family(struct nl *nl, uint16_t *id)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if ((nlh = nl_msg(buf, sizeof(buf), GENL_ID_CTRL, 0,
	    sizeof(*g))) == NULL)
		return -1;
	g = mnl_nlmsg_get_payload(nlh);
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	if (nl_put_str(nlh, sizeof(buf), CTRL_ATTR_FAMILY_NAME,
	    SEG6_GENL_NAME) == -1)
		return -1;
	*id = 0;
	if (nl_talk(nl, nlh, family_cb, id) == -1)
		return -1;
	if (*id == 0) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

static int
tunsrc_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == SEG6_ATTR_DST &&
		    mnl_attr_get_payload_len(a) == sizeof(struct in6_addr))
			memcpy(arg, mnl_attr_get_payload(a),
			    sizeof(struct in6_addr));
	return MNL_CB_OK;
}

static int
seg6_tunsrc(struct nl *nl, uint8_t cmd, struct in6_addr *a)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	uint16_t id;

	if (seg6_family(nl, &id) == -1 ||
	    (nlh = nl_msg(buf, sizeof(buf), id, 0, sizeof(*g))) == NULL)
		return -1;
	g = mnl_nlmsg_get_payload(nlh);
	g->cmd = cmd;
	g->version = SEG6_GENL_VERSION;
	if (cmd == SEG6_CMD_SET_TUNSRC) {
		if (nl_put_in6(nlh, sizeof(buf), SEG6_ATTR_DST, a) == -1)
			return -1;
		return nl_talk(nl, nlh, NULL, NULL);
	}
	memset(a, 0, sizeof(*a));
	return nl_talk(nl, nlh, tunsrc_cb, a);
}

int
seg6_tunsrc_get(struct nl *nl, struct in6_addr *a)
{
	return seg6_tunsrc(nl, SEG6_CMD_GET_TUNSRC, a);
}

int
seg6_tunsrc_set(struct nl *nl, const struct in6_addr *a)
{
	struct in6_addr copy = *a;

	return seg6_tunsrc(nl, SEG6_CMD_SET_TUNSRC, &copy);
}

// SPDX-License-Identifier: GPL-2.0-only
/* sock_diag dumps of IPv6 TCP and UDP sockets, read field by field. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>

#include "netns/diag.h"
#include "netns/nl.h"
#include "proto/buf.h"

/* struct inet_diag_req_v2 and struct inet_diag_msg, as octets. */
#define DIAG_REQ_LEN	56
#define DIAG_MSG_LEN	72

int
diag_build(struct nlmsghdr *nlh, size_t len, uint8_t proto)
{
	uint32_t states = 0xffffffffu;	/* every state; host order */
	struct wbuf wb;
	uint8_t *req;

	if (len < mnl_nlmsg_size(DIAG_REQ_LEN)) {
		errno = EMSGSIZE;
		return -1;
	}
	req = mnl_nlmsg_put_extra_header(nlh, DIAG_REQ_LEN);
	wb_init(&wb, req, DIAG_REQ_LEN);
	wb_u8(&wb, AF_INET6);		/* sdiag_family */
	wb_u8(&wb, proto);		/* sdiag_protocol */
	wb_u8(&wb, 0);			/* idiag_ext: no extensions */
	wb_u8(&wb, 0);			/* pad */
	wb_bytes(&wb, &states, sizeof(states));	/* idiag_states */
	wb_zero(&wb, DIAG_REQ_LEN - 8);	/* id: no filter */
	return wb_done(&wb);
}

int
diag_parse(const struct nlmsghdr *nlh, struct diag_sock *s)
{
	const uint8_t *p = mnl_nlmsg_get_payload(nlh);
	uint32_t ifindex;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN ||
	    mnl_nlmsg_get_payload_len(nlh) < DIAG_MSG_LEN) {
		errno = EBADMSG;
		return -1;
	}
	if (p[0] != AF_INET6) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	memset(s, 0, sizeof(*s));
	s->state = p[1];
	s->sport = get_u16(p + 4);	/* ports are in network order */
	s->dport = get_u16(p + 6);
	memcpy(&s->src, p + 8, 16);
	memcpy(&s->dst, p + 24, 16);
	memcpy(&ifindex, p + 40, 4);	/* host order */
	s->ifindex = ifindex;
	return 0;
}

struct collect {
	uint8_t			 proto;
	struct diag_sock	*v;
	size_t			 n;
	size_t			 cap;
	int			 err;
};

static int
collect_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct collect *c = arg;
	struct diag_sock s, *nv;
	size_t ncap;

	if (diag_parse(nlh, &s) == -1)
		return errno == EAFNOSUPPORT ? MNL_CB_OK : MNL_CB_ERROR;
	s.proto = c->proto;
	if (c->n == c->cap) {
		ncap = c->cap == 0 ? 32 : c->cap * 2;
		if ((nv = reallocarray(c->v, ncap, sizeof(*nv))) == NULL) {
			c->err = errno;
			return MNL_CB_ERROR;
		}
		c->v = nv;
		c->cap = ncap;
	}
	c->v[c->n++] = s;
	return MNL_CB_OK;
}

static void
collect_reset(void *arg)
{
	struct collect *c = arg;

	c->n = 0;
}

int
diag_list(struct nl *nl, uint8_t proto, struct diag_sock **out, size_t *n)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh;
	struct collect c;

	if ((nlh = nl_msg(buf, sizeof(buf), SOCK_DIAG_BY_FAMILY, NLM_F_DUMP,
	    0)) == NULL || diag_build(nlh, sizeof(buf), proto) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.proto = proto;
	if (nl_dump(nl, nlh, collect_cb, &c, collect_reset) == -1) {
		free(c.v);
		if (c.err != 0)
			errno = c.err;
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

static bool
seen(const struct in6_addr *v, size_t n, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(&v[i], a, sizeof(*a)) == 0)
			return true;
	return false;
}

int
diag_addrs_in_use(struct nl *nl, struct in6_addr **out, size_t *nout)
{
	static const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	struct in6_addr *v = NULL, *nv;
	struct diag_sock *s;
	size_t i, k, n, cnt = 0;

	for (k = 0; k < sizeof(protos); k++) {
		if (diag_list(nl, protos[k], &s, &n) == -1) {
			free(v);
			return -1;
		}
		for (i = 0; i < n; i++) {
			if (IN6_IS_ADDR_UNSPECIFIED(&s[i].src) ||
			    (protos[k] == IPPROTO_TCP &&
			    (s[i].state == TCP_TIME_WAIT ||
			    s[i].state == TCP_CLOSE)) ||
			    seen(v, cnt, &s[i].src))
				continue;
			if ((nv = reallocarray(v, cnt + 1, sizeof(*v))) ==
			    NULL) {
				free(s);
				free(v);
				return -1;
			}
			v = nv;
			v[cnt++] = s[i].src;
		}
		free(s);
	}
	*out = v;
	*nout = cnt;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* netns/nl: fama's libmnl sockets, the one request/acknowledge exchange,
 * extended acks, event draining and policy-table attribute parsing. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netns/nl.h"

struct nl {
	struct mnl_socket	*sock;
	unsigned int		 portid;
	unsigned int		 seq;
	bool			 events;
	uint32_t		 extack_off;
	char			 extack[NL_EXTACK_LEN];
	uint8_t			 buf[NL_RECV_BUF];
};

/* What nl_talk's control callbacks need besides the caller's callback. */
struct talk {
	struct nl	*nl;
	mnl_cb_t	 cb;
	void		*arg;
};

/* Closes a half-made socket, keeping the errno of what went wrong. */
static struct nl *
nl_fail(struct nl *nl)
{
	int saved = errno;

	nl_close(nl);
	errno = saved;
	return NULL;
}

static struct nl *
nl_new(int proto, int flags)
{
	struct nl *nl;

	if ((nl = calloc(1, sizeof(*nl))) == NULL)
		return NULL;
	nl->sock = mnl_socket_open2(proto, flags);
	if (nl->sock == NULL ||
	    mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) == -1)
		return nl_fail(nl);
	nl->portid = mnl_socket_get_portid(nl->sock);
	return nl;
}

static int
nl_setopt(struct nl *nl, int opt)
{
	int one = 1;

	return mnl_socket_setsockopt(nl->sock, opt, &one, sizeof(one));
}

struct nl *
nl_open(void)
{
	struct nl *nl;

	if ((nl = nl_new(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL)
		return NULL;
	if (nl_setopt(nl, NETLINK_EXT_ACK) == -1 ||
	    nl_setopt(nl, NETLINK_CAP_ACK) == -1 ||
	    nl_setopt(nl, NETLINK_GET_STRICT_CHK) == -1)
		return nl_fail(nl);
	return nl;
}

struct nl *
nl_open_proto(int proto)
{
	struct nl *nl;

	if ((nl = nl_new(proto, SOCK_CLOEXEC)) == NULL)
		return NULL;
	if (nl_setopt(nl, NETLINK_EXT_ACK) == -1 ||
	    nl_setopt(nl, NETLINK_CAP_ACK) == -1)
		return nl_fail(nl);
	return nl;
}

struct nl *
nl_open_diag(void)
{
	return nl_open_proto(NETLINK_SOCK_DIAG);
}

struct nl *
nl_open_events(unsigned int groups)
{
	static const struct {
		unsigned int	bit;
		int		grp;
	} map[] = {
		{ NL_GRP_LINK, RTNLGRP_LINK },
		{ NL_GRP_ADDR6, RTNLGRP_IPV6_IFADDR },
		{ NL_GRP_ROUTE6, RTNLGRP_IPV6_ROUTE },
		{ NL_GRP_RULE6, RTNLGRP_IPV6_RULE },
		{ NL_GRP_NEIGH, RTNLGRP_NEIGH },
	};
	struct nl *nl;
	size_t i;
	int grp;

	if (groups == 0 || (groups & ~0x1fu) != 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((nl = nl_new(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC)) == NULL)
		return NULL;
	nl->events = true;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if ((groups & map[i].bit) == 0)
			continue;
		grp = map[i].grp;
		if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
		    &grp, sizeof(grp)) == -1)
			return nl_fail(nl);
	}
	return nl;
}

void
nl_close(struct nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->sock != NULL)
		mnl_socket_close(nl->sock);
	free(nl);
}

int
nl_fd(const struct nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

const char *
nl_last_extack(const struct nl *nl)
{
	return nl->extack;
}

uint32_t
nl_last_extack_off(const struct nl *nl)
{
	return nl->extack_off;
}

static const struct nl_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG] = { MNL_TYPE_NUL_STRING, 0 },
	[NLMSGERR_ATTR_OFFS] = { MNL_TYPE_U32, 4 },
};

/*
 * Keeps the extended-ack TLVs that follow an error (NLMSG_ERROR) or a
 * failed dump's end (NLMSG_DONE).  off is where they start in the payload.
 */
static void
nl_keep_extack(struct nl *nl, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) == 0)
		return;
	if (nl_parse(nlh, off, extack_policy, NLMSGERR_ATTR_MAX, tb) == -1)
		return;
	if (tb[NLMSGERR_ATTR_MSG] != NULL)
		snprintf(nl->extack, sizeof(nl->extack), "%s",
		    mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS] != NULL)
		nl->extack_off = mnl_attr_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

static int
nl_cb_error(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	struct nlmsghdr inner;
	size_t plen = mnl_nlmsg_get_payload_len(nlh), off;
	int32_t error;

	if (plen < sizeof(struct nlmsgerr)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error == 0)
		return MNL_CB_STOP;
	/* Without NLM_F_CAPPED the request follows the error whole. */
	off = sizeof(struct nlmsgerr);
	if ((nlh->nlmsg_flags & NLM_F_CAPPED) == 0) {
		memcpy(&inner, (const uint8_t *)mnl_nlmsg_get_payload(nlh) +
		    sizeof(error), sizeof(inner));
		if (inner.nlmsg_len < sizeof(inner) ||
		    off + inner.nlmsg_len - sizeof(inner) > plen) {
			errno = EBADMSG;
			return MNL_CB_ERROR;
		}
		off += inner.nlmsg_len - sizeof(inner);
	}
	nl_keep_extack(t->nl, nlh, off);
	/* Subsystems differ in the sign they send. */
	errno = error < 0 ? -error : error;
	return MNL_CB_ERROR;
}

static int
nl_cb_done(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int32_t error;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(error))
		return MNL_CB_STOP;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error == 0)
		return MNL_CB_STOP;
	nl_keep_extack(t->nl, nlh, sizeof(error));
	errno = error < 0 ? -error : error;
	return MNL_CB_ERROR;
}

static int
nl_cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	if (t->cb == NULL)
		return MNL_CB_OK;
	/* A callback cannot end the reply early: the ack must be read. */
	return t->cb(nlh, t->arg) == MNL_CB_ERROR ? MNL_CB_ERROR : MNL_CB_OK;
}

bool
nl_msg_ok(const struct nlmsghdr *nlh, size_t len)
{
	return len >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	    nlh->nlmsg_len <= len;
}

const struct nlmsghdr *
nl_msg_next(const struct nlmsghdr *nlh, size_t *len)
{
	size_t step = MNL_ALIGN((size_t)nlh->nlmsg_len);

	if (step > *len)
		step = *len;
	*len -= step;
	return (const struct nlmsghdr *)((const uint8_t *)nlh + step);
}

/* True when buf holds the message that ends the reply to seq. */
static bool
nl_has_end(const void *buf, size_t n, unsigned int seq)
{
	const struct nlmsghdr *nlh = buf;

	for (; nl_msg_ok(nlh, n); nlh = nl_msg_next(nlh, &n))
		if (nlh->nlmsg_seq == seq && (nlh->nlmsg_type == NLMSG_DONE ||
		    nlh->nlmsg_type == NLMSG_ERROR))
			return true;
	return false;
}

/*
 * Reads and drops what remains of the reply to seq, up to its terminating
 * NLMSG_DONE or NLMSG_ERROR, so that the next request starts clean.
 */
static void
nl_drain(struct nl *nl, unsigned int seq)
{
	ssize_t n;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (nl_has_end(nl->buf, (size_t)n, seq))
			return;
	}
}

int
nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	/* libmnl takes the array as non-const: keep it on the stack. */
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = nl_cb_error,
		[NLMSG_DONE] = nl_cb_done,
	};
	struct talk t = { nl, cb, arg };
	struct nlmsghdr hdr;
	unsigned int seq;
	ssize_t n;
	int ret, saved;

	if (nl->events) {
		errno = EINVAL;
		return -1;
	}
	nl->extack[0] = '\0';
	nl->extack_off = 0;
	if (++nl->seq == 0)
		nl->seq = 1;
	seq = nlh->nlmsg_seq = nl->seq;
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	do
		n = mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* What is left of a reply to an earlier request (one whose
		 * receive failed half-way) is not this reply: skip it. */
		if ((size_t)n >= sizeof(hdr)) {
			memcpy(&hdr, nl->buf, sizeof(hdr));
			if (hdr.nlmsg_seq != seq)
				continue;
		}
		ret = mnl_cb_run2(nl->buf, (size_t)n, seq, nl->portid,
		    nl_cb_data, &t, ctl, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_STOP)
			return 0;
		if (ret == MNL_CB_ERROR)
			break;
	}
	/*
	 * A kernel error ends the reply by itself; an interrupted dump or a
	 * callback that failed leaves the rest of it unread.
	 */
	saved = errno;
	if (!nl_has_end(nl->buf, (size_t)n, seq))
		nl_drain(nl, seq);
	errno = saved;
	return -1;
}

/* The request of seq among msgs[0..n) that has no answer yet, or -1. */
static int
nl_talk_which(struct nlmsghdr **msgs, size_t n, const int *errs,
    uint32_t seq)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (msgs[i]->nlmsg_seq == seq && errs[i] == -1)
			return (int)i;
	return -1;
}

int
nl_talk_n(struct nl *nl, struct nlmsghdr **msgs, size_t n, int *errs)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct iovec iov[NL_TALK_MAX];
	struct msghdr mh = {
		.msg_name = &sa,
		.msg_namelen = sizeof(sa),
		.msg_iov = iov,
		.msg_iovlen = n,
	};
	struct talk t = { nl, NULL, NULL };
	const struct nlmsghdr *nlh;
	size_t i, left, len;
	ssize_t r;
	int k, first = -1;

	if (nl->events || n == 0 || n > NL_TALK_MAX) {
		errno = EINVAL;
		return -1;
	}
	nl->extack[0] = '\0';
	nl->extack_off = 0;
	for (i = 0; i < n; i++) {
		/* one after the other in the buffer: each must be aligned */
		if (msgs[i]->nlmsg_len != MNL_ALIGN(msgs[i]->nlmsg_len)) {
			errno = EINVAL;
			return -1;
		}
		if (++nl->seq == 0)
			nl->seq = 1;
		msgs[i]->nlmsg_seq = nl->seq;
		msgs[i]->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
		iov[i].iov_base = msgs[i];
		iov[i].iov_len = msgs[i]->nlmsg_len;
		errs[i] = -1;
	}
	do
		r = sendmsg(mnl_socket_get_fd(nl->sock), &mh, 0);
	while (r == -1 && errno == EINTR);
	for (left = n; left > 0 && r != -1; ) {
		r = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (r == -1) {
			if (errno == EINTR)
				r = 0;
			continue;
		}
		len = (size_t)r;
		for (nlh = (const struct nlmsghdr *)nl->buf; nl_msg_ok(nlh, len);
		    nlh = nl_msg_next(nlh, &len)) {
			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    (k = nl_talk_which(msgs, n, errs,
			    nlh->nlmsg_seq)) == -1)
				continue;
			errs[k] = nl_cb_error(nlh, &t) == MNL_CB_STOP ? 0 :
			    errno;
			left--;
		}
	}
	for (i = 0; i < n; i++) {
		if (errs[i] == -1)
			errs[i] = errno;
		if (errs[i] != 0 && first == -1)
			first = (int)i;
	}
	if (first == -1)
		return 0;
	errno = errs[first];
	return -1;
}

int
nl_dump(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *arg,
    void (*reset)(void *))
{
	if (nl_talk(nl, nlh, cb, arg) == 0)
		return 0;
	if (errno != EINTR)
		return -1;
	if (reset != NULL)
		reset(arg);
	return nl_talk(nl, nlh, cb, arg);
}

struct collect {
	struct nl_vec	 *v;
	int		(*parse)(const struct nlmsghdr *, void *);
	bool		(*keep)(const void *, const void *);
	const void	 *arg;
};

/* Decodes straight into the array's next slot, kept or not. */
static int
nl_collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct nl_vec *v = c->v;
	void *rec;

	if (nl_vec_push(v, NULL) == -1)
		return MNL_CB_ERROR;
	rec = (uint8_t *)v->v + (v->n - 1) * v->size;
	if (c->parse(nlh, rec) == -1) {
		v->n--;
		/* Another family's object in the same dump. */
		return errno == EAFNOSUPPORT ? MNL_CB_OK : MNL_CB_ERROR;
	}
	if (c->keep != NULL && !c->keep(rec, c->arg))
		v->n--;
	return MNL_CB_OK;
}

static void
nl_collect_reset(void *data)
{
	struct collect *c = data;

	nl_vec_reset(c->v);
}

int
nl_collect(struct nl *nl, struct nlmsghdr *req, struct nl_vec *v,
    int (*parse)(const struct nlmsghdr *, void *),
    bool (*keep)(const void *, const void *), const void *arg)
{
	struct collect c = { v, parse, keep, arg };

	if (nl_dump(nl, req, nl_collect_cb, &c, nl_collect_reset) == -1) {
		nl_vec_free(v);
		return -1;
	}
	return 0;
}

int
nl_events(struct nl *nl, mnl_cb_t cb, void *arg)
{
	ssize_t n;

	if (!nl->events) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		n = recv(nl_fd(nl), nl->buf, sizeof(nl->buf), MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == ENOBUFS)
				return NL_RESYNC;
			return -1;
		}
		/* Events carry seq 0 and port 0: no request tracking. */
		if (mnl_cb_run(nl->buf, (size_t)n, 0, 0, cb, arg) ==
		    MNL_CB_ERROR)
			return -1;
	}
}

struct nlmsghdr *
nl_msg(void *buf, size_t buflen, uint16_t type, uint16_t flags,
    size_t hdrlen)
{
	struct nlmsghdr *nlh;

	if (buflen < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen)) {
		errno = EMSGSIZE;
		return NULL;
	}
	/* libmnl leaves attribute padding as it finds it: start clean. */
	memset(buf, 0, buflen);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	if (hdrlen > 0)
		mnl_nlmsg_put_extra_header(nlh, hdrlen);
	return nlh;
}

static int
nl_put_ok(bool ok)
{
	if (ok)
		return 0;
	errno = EMSGSIZE;
	return -1;
}

int
nl_put(struct nlmsghdr *nlh, size_t buflen, uint16_t type, const void *p,
    size_t len)
{
	return nl_put_ok(mnl_attr_put_check(nlh, buflen, type, len, p));
}

int
nl_put_u8(struct nlmsghdr *nlh, size_t buflen, uint16_t type, uint8_t v)
{
	return nl_put_ok(mnl_attr_put_u8_check(nlh, buflen, type, v));
}

int
nl_put_u16(struct nlmsghdr *nlh, size_t buflen, uint16_t type, uint16_t v)
{
	return nl_put_ok(mnl_attr_put_u16_check(nlh, buflen, type, v));
}

int
nl_put_u32(struct nlmsghdr *nlh, size_t buflen, uint16_t type, uint32_t v)
{
	return nl_put_ok(mnl_attr_put_u32_check(nlh, buflen, type, v));
}

int
nl_put_str(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
    const char *s)
{
	return nl_put_ok(mnl_attr_put_strz_check(nlh, buflen, type, s));
}

int
nl_put_in6(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
    const struct in6_addr *a)
{
	return nl_put_ok(mnl_attr_put_check(nlh, buflen, type, sizeof(*a),
	    a));
}

struct nlattr *
nl_nest(struct nlmsghdr *nlh, size_t buflen, uint16_t type)
{
	struct nlattr *nest;

	if ((nest = mnl_attr_nest_start_check(nlh, buflen, type)) == NULL)
		errno = EMSGSIZE;
	return nest;
}

struct parse {
	const struct nl_policy	*pol;
	unsigned int		 max;
	const struct nlattr	**tb;
};

/* The one attribute callback: every family passes its policy table. */
static int
nl_parse_attr(const struct nlattr *attr, void *data)
{
	const struct parse *p = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct nl_policy *pol;
	int ok;

	if (type > p->max || p->pol[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	pol = &p->pol[type];
	if (pol->size != 0)
		ok = mnl_attr_validate2(attr, pol->type, pol->size);
	else
		ok = mnl_attr_validate(attr, pol->type);
	if (ok == -1) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	p->tb[type] = attr;
	return MNL_CB_OK;
}

/*
 * Validates the attributes in [p, p + len) into tb.  Unlike
 * mnl_attr_parse(), a partial attribute at the end (a remnant) is an
 * error, not the silent end of the list.
 */
static int
nl_parse_attrs(const void *p, size_t len, const struct nl_policy *pol,
    unsigned int max, const struct nlattr **tb)
{
	struct parse ctx = { pol, max, tb };
	const struct nlattr *attr = p;
	int left;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (len > INT32_MAX)
		goto bad;
	for (left = (int)len; left > 0; attr = mnl_attr_next(attr)) {
		if (!mnl_attr_ok(attr, left))
			goto bad;
		if (nl_parse_attr(attr, &ctx) != MNL_CB_OK)
			goto bad;
		/* The last attribute's padding may be absent. */
		if ((size_t)left <= (size_t)MNL_ALIGN(attr->nla_len))
			break;
		left -= (int)MNL_ALIGN(attr->nla_len);
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

int
nl_parse(const struct nlmsghdr *nlh, size_t hdrlen,
    const struct nl_policy *pol, unsigned int max, const struct nlattr **tb)
{
	size_t plen, off = MNL_ALIGN(hdrlen);

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN) {
		errno = EBADMSG;
		return -1;
	}
	plen = mnl_nlmsg_get_payload_len(nlh);
	if (plen < hdrlen) {
		errno = EBADMSG;
		return -1;
	}
	if (plen <= off)
		return 0;
	return nl_parse_attrs((const uint8_t *)mnl_nlmsg_get_payload(nlh) +
	    off, plen - off, pol, max, tb);
}

int
nl_parse_nested(const struct nlattr *nest, const struct nl_policy *pol,
    unsigned int max, const struct nlattr **tb)
{
	return nl_parse_attrs(mnl_attr_get_payload(nest),
	    mnl_attr_get_payload_len(nest), pol, max, tb);
}

void
nl_get_in6(const struct nlattr *attr, struct in6_addr *a)
{
	memcpy(a, mnl_attr_get_payload(attr), sizeof(*a));
}

void
nl_get_hdr(const struct nlmsghdr *nlh, void *dst, size_t len)
{
	memcpy(dst, mnl_nlmsg_get_payload(nlh), len);
}

void
nl_vec_init(struct nl_vec *v, size_t size)
{
	v->v = NULL;
	v->n = v->cap = 0;
	v->size = size;
}

int
nl_vec_push(struct nl_vec *v, const void *rec)
{
	size_t cap;
	void *p;

	if (v->n == v->cap) {
		cap = v->cap == 0 ? 16 : v->cap * 2;
		if (cap > SIZE_MAX / v->size) {
			errno = ENOMEM;
			return -1;
		}
		if ((p = realloc(v->v, cap * v->size)) == NULL)
			return -1;
		v->v = p;
		v->cap = cap;
	}
	if (rec != NULL)
		memcpy((uint8_t *)v->v + v->n * v->size, rec, v->size);
	else
		memset((uint8_t *)v->v + v->n * v->size, 0, v->size);
	v->n++;
	return 0;
}

void
nl_vec_reset(void *arg)
{
	struct nl_vec *v = arg;

	v->n = 0;
}

void
nl_vec_free(struct nl_vec *v)
{
	free(v->v);
	nl_vec_init(v, v->size);
}

bool
nl_plen_ok(unsigned int plen)
{
	return plen <= 128;
}

void
nl_in6_mask(struct in6_addr *a, unsigned int plen)
{
	unsigned int i;

	if (plen >= 128)
		return;
	for (i = plen / 8 + (plen % 8 != 0); i < 16; i++)
		a->s6_addr[i] = 0;
	if (plen % 8 != 0)
		a->s6_addr[plen / 8] &= (uint8_t)(0xff << (8 - plen % 8));
}

int
nl_in6_cmp(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a->s6_addr, b->s6_addr, sizeof(a->s6_addr));
}

int
nl_u32_cmp(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

int
nl_prefix_cmp(const struct in6_addr *a, unsigned int alen,
    const struct in6_addr *b, unsigned int blen)
{
	struct in6_addr ma = *a, mb = *b;
	int c;

	if ((c = nl_u32_cmp(alen, blen)) != 0)
		return c;
	nl_in6_mask(&ma, alen);
	nl_in6_mask(&mb, blen);
	return nl_in6_cmp(&ma, &mb);
}

// SPDX-License-Identifier: GPL-2.0-only
/* The Parameter Problem suppression table, built as one nf_tables
 * transaction over nfnetlink (no nft binary, no libnftnl), and its
 * counter. */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "netns/nft.h"

#define NFT_CHAIN		"input"
#define NFT_CLAMP_CHAIN		"forward"
#define NFT_L4PROTO_MH		135
#define NFT_COMMENT		"fama: Mobility Header is read below IPv6; " \
				"no Parameter Problem"
/* libnftnl's user-data TLV for a rule comment, which nft(8) prints. */
#define NFT_UDATA_RULE_COMMENT	0
#define NFT_TIMEOUT_S		5
/* A dump message is at most 32 KiB (the kernel's netlink dump cap). */
#define NFT_RX_SIZE		32768

struct nft_batch {
	union {
		struct nlmsghdr	 align;
		uint8_t		 b[4096];
	} buf;
	size_t		 len;
	uint32_t	 seq;		/* of the next message */
	uint32_t	 first;		/* first and last sequence numbers */
	uint32_t	 last;		/* that expect an acknowledgement */
};

static size_t
nft_room(const struct nft_batch *b)
{
	return sizeof(b->buf.b) - b->len;
}

/* Start a message at the end of the batch; it becomes part of the batch
 * with nft_msg_end(). */
static struct nlmsghdr *
nft_msg_begin(struct nft_batch *b, uint16_t type, uint16_t flags,
    uint8_t family, uint16_t res_id)
{
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;

	if (nft_room(b) < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*nfg)))
		return NULL;
	nlh = mnl_nlmsg_put_header(b->buf.b + b->len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = b->seq++;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(res_id);
	return nlh;
}

static void
nft_msg_end(struct nft_batch *b, const struct nlmsghdr *nlh)
{
	b->len += MNL_ALIGN(nlh->nlmsg_len);
}

/* An nf_tables message of the batch, acknowledged on its own. */
static struct nlmsghdr *
nft_cmd(struct nft_batch *b, uint16_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh;

	nlh = nft_msg_begin(b, NFNL_SUBSYS_NFTABLES << 8 | cmd,
	    NLM_F_ACK | flags, NFPROTO_IPV6, 0);
	if (nlh != NULL) {
		if (b->first == 0)
			b->first = nlh->nlmsg_seq;
		b->last = nlh->nlmsg_seq;
	}
	return nlh;
}

static int
nft_batch_mark(struct nft_batch *b, uint16_t type)
{
	struct nlmsghdr *nlh;

	if ((nlh = nft_msg_begin(b, type, 0, AF_UNSPEC,
	    NFNL_SUBSYS_NFTABLES)) == NULL)
		return -1;
	nft_msg_end(b, nlh);
	return 0;
}

static bool
nft_put_str(struct nft_batch *b, struct nlmsghdr *nlh, uint16_t t,
    const char *s)
{
	return mnl_attr_put_strz_check(nlh, nft_room(b), t, s);
}

static bool
nft_put_u32(struct nft_batch *b, struct nlmsghdr *nlh, uint16_t t,
    uint32_t v)
{
	return mnl_attr_put_u32_check(nlh, nft_room(b), t, htonl(v));
}

static struct nlattr *
nft_nest(struct nft_batch *b, struct nlmsghdr *nlh, uint16_t t)
{
	return mnl_attr_nest_start_check(nlh, nft_room(b), t);
}

/* NEWTABLE, or DELTABLE: the table named, nothing else. */
static int
nft_table(struct nft_batch *b, uint16_t cmd, uint16_t flags,
    const char *name)
{
	struct nlmsghdr *nlh;

	if ((nlh = nft_cmd(b, cmd, flags)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_TABLE_NAME, name))
		return -1;
	nft_msg_end(b, nlh);
	return 0;
}

static int
nft_chain(struct nft_batch *b, const char *name, const char *chain,
    uint32_t hooknum, int32_t prio)
{
	struct nlmsghdr *nlh;
	struct nlattr *hook;

	if ((nlh = nft_cmd(b, NFT_MSG_NEWCHAIN, NLM_F_CREATE)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_CHAIN_TABLE, name) ||
	    !nft_put_str(b, nlh, NFTA_CHAIN_NAME, chain) ||
	    (hook = nft_nest(b, nlh, NFTA_CHAIN_HOOK)) == NULL ||
	    !nft_put_u32(b, nlh, NFTA_HOOK_HOOKNUM, hooknum) ||
	    !nft_put_u32(b, nlh, NFTA_HOOK_PRIORITY, (uint32_t)prio))
		return -1;
	mnl_attr_nest_end(nlh, hook);
	if (!nft_put_u32(b, nlh, NFTA_CHAIN_POLICY, NF_ACCEPT) ||
	    !nft_put_str(b, nlh, NFTA_CHAIN_TYPE, "filter"))
		return -1;
	nft_msg_end(b, nlh);
	return 0;
}

/* One expression of a rule: a list element holding its name and data;
 * the caller fills the data and closes both with nft_expr_end(). */
static int
nft_expr_begin(struct nft_batch *b, struct nlmsghdr *nlh, const char *name,
    struct nlattr **elem, struct nlattr **data)
{
	if ((*elem = nft_nest(b, nlh, NFTA_LIST_ELEM)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_EXPR_NAME, name) ||
	    (*data = nft_nest(b, nlh, NFTA_EXPR_DATA)) == NULL)
		return -1;
	return 0;
}

static void
nft_expr_end(struct nlmsghdr *nlh, struct nlattr *elem, struct nlattr *data)
{
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
}

/* meta l4proto 135 counter drop comment "..." */
static int
nft_rule(struct nft_batch *b, const char *name)
{
	uint8_t udata[2 + sizeof(NFT_COMMENT)];
	const uint8_t mh = NFT_L4PROTO_MH;
	struct nlattr *exprs, *elem, *data, *n1, *n2;
	struct nlmsghdr *nlh;

	if ((nlh = nft_cmd(b, NFT_MSG_NEWRULE,
	    NLM_F_CREATE | NLM_F_APPEND)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_RULE_TABLE, name) ||
	    !nft_put_str(b, nlh, NFTA_RULE_CHAIN, NFT_CHAIN) ||
	    (exprs = nft_nest(b, nlh, NFTA_RULE_EXPRESSIONS)) == NULL)
		return -1;

	/* The upper-layer protocol, found past the extension headers. */
	if (nft_expr_begin(b, nlh, "meta", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_META_KEY, NFT_META_L4PROTO) ||
	    !nft_put_u32(b, nlh, NFTA_META_DREG, NFT_REG_1))
		return -1;
	nft_expr_end(nlh, elem, data);

	if (nft_expr_begin(b, nlh, "cmp", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_CMP_SREG, NFT_REG_1) ||
	    !nft_put_u32(b, nlh, NFTA_CMP_OP, NFT_CMP_EQ) ||
	    (n1 = nft_nest(b, nlh, NFTA_CMP_DATA)) == NULL ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_DATA_VALUE,
	    sizeof(mh), &mh))
		return -1;
	mnl_attr_nest_end(nlh, n1);
	nft_expr_end(nlh, elem, data);

	if (nft_expr_begin(b, nlh, "counter", &elem, &data) == -1)
		return -1;
	nft_expr_end(nlh, elem, data);

	if (nft_expr_begin(b, nlh, "immediate", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT) ||
	    (n1 = nft_nest(b, nlh, NFTA_IMMEDIATE_DATA)) == NULL ||
	    (n2 = nft_nest(b, nlh, NFTA_DATA_VERDICT)) == NULL ||
	    !nft_put_u32(b, nlh, NFTA_VERDICT_CODE, NF_DROP))
		return -1;
	mnl_attr_nest_end(nlh, n2);
	mnl_attr_nest_end(nlh, n1);
	nft_expr_end(nlh, elem, data);
	mnl_attr_nest_end(nlh, exprs);

	udata[0] = NFT_UDATA_RULE_COMMENT;
	udata[1] = sizeof(NFT_COMMENT);			/* with its NUL */
	memcpy(udata + 2, NFT_COMMENT, sizeof(NFT_COMMENT));
	if (!mnl_attr_put_check(nlh, nft_room(b), NFTA_RULE_USERDATA,
	    sizeof(udata), udata))
		return -1;
	nft_msg_end(b, nlh);
	return 0;
}

/* A cmp of reg 1 with len octets of val. */
static int
nft_cmp(struct nft_batch *b, struct nlmsghdr *nlh, uint32_t op,
    const void *val, size_t len)
{
	struct nlattr *elem, *data, *n;

	if (nft_expr_begin(b, nlh, "cmp", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_CMP_SREG, NFT_REG_1) ||
	    !nft_put_u32(b, nlh, NFTA_CMP_OP, op) ||
	    (n = nft_nest(b, nlh, NFTA_CMP_DATA)) == NULL ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_DATA_VALUE, len, val))
		return -1;
	mnl_attr_nest_end(nlh, n);
	nft_expr_end(nlh, elem, data);
	return 0;
}

/* exthdr tcp option maxseg, its 2-octet value: loaded into reg 1, or
 * written from it. */
static int
nft_mss(struct nft_batch *b, struct nlmsghdr *nlh, bool write)
{
	struct nlattr *elem, *data;

	if (nft_expr_begin(b, nlh, "exthdr", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, write ? NFTA_EXTHDR_SREG : NFTA_EXTHDR_DREG,
	    NFT_REG_1) ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_EXTHDR_TYPE, 1,
	    &(uint8_t){ 2 }) ||			/* TCPOPT_MAXSEG */
	    !nft_put_u32(b, nlh, NFTA_EXTHDR_OFFSET, 2) ||
	    !nft_put_u32(b, nlh, NFTA_EXTHDR_LEN, 2) ||
	    !nft_put_u32(b, nlh, NFTA_EXTHDR_OP, NFT_EXTHDR_OP_TCPOPT))
		return -1;
	nft_expr_end(nlh, elem, data);
	return 0;
}

/* tcp flags syn tcp option maxseg size > MSS tcp option maxseg size set MSS
 * counter, in the forward chain. */
static int
nft_clamp_rule(struct nft_batch *b, const char *name, uint16_t mss)
{
	const uint8_t tcp = IPPROTO_TCP, zero = 0, syn = 0x02;
	uint16_t be = htons(mss);
	struct nlattr *exprs, *elem, *data, *n;
	struct nlmsghdr *nlh;

	if ((nlh = nft_cmd(b, NFT_MSG_NEWRULE,
	    NLM_F_CREATE | NLM_F_APPEND)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_RULE_TABLE, name) ||
	    !nft_put_str(b, nlh, NFTA_RULE_CHAIN, NFT_CLAMP_CHAIN) ||
	    (exprs = nft_nest(b, nlh, NFTA_RULE_EXPRESSIONS)) == NULL)
		return -1;
	if (nft_expr_begin(b, nlh, "meta", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_META_KEY, NFT_META_L4PROTO) ||
	    !nft_put_u32(b, nlh, NFTA_META_DREG, NFT_REG_1))
		return -1;
	nft_expr_end(nlh, elem, data);
	if (nft_cmp(b, nlh, NFT_CMP_EQ, &tcp, 1) == -1)
		return -1;
	/* the flags octet of the TCP header, SYN */
	if (nft_expr_begin(b, nlh, "payload", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_DREG, NFT_REG_1) ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_BASE,
	    NFT_PAYLOAD_TRANSPORT_HEADER) ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_OFFSET, 13) ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_LEN, 1))
		return -1;
	nft_expr_end(nlh, elem, data);
	if (nft_expr_begin(b, nlh, "bitwise", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_BITWISE_SREG, NFT_REG_1) ||
	    !nft_put_u32(b, nlh, NFTA_BITWISE_DREG, NFT_REG_1) ||
	    !nft_put_u32(b, nlh, NFTA_BITWISE_LEN, 1) ||
	    (n = nft_nest(b, nlh, NFTA_BITWISE_MASK)) == NULL ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_DATA_VALUE, 1, &syn))
		return -1;
	mnl_attr_nest_end(nlh, n);
	if ((n = nft_nest(b, nlh, NFTA_BITWISE_XOR)) == NULL ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_DATA_VALUE, 1, &zero))
		return -1;
	mnl_attr_nest_end(nlh, n);
	nft_expr_end(nlh, elem, data);
	if (nft_cmp(b, nlh, NFT_CMP_NEQ, &zero, 1) == -1 ||
	    nft_mss(b, nlh, false) == -1 ||
	    nft_cmp(b, nlh, NFT_CMP_GT, &be, 2) == -1)
		return -1;
	if (nft_expr_begin(b, nlh, "immediate", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_IMMEDIATE_DREG, NFT_REG_1) ||
	    (n = nft_nest(b, nlh, NFTA_IMMEDIATE_DATA)) == NULL ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_DATA_VALUE, 2, &be))
		return -1;
	mnl_attr_nest_end(nlh, n);
	nft_expr_end(nlh, elem, data);
	if (nft_mss(b, nlh, true) == -1 ||
	    nft_expr_begin(b, nlh, "counter", &elem, &data) == -1)
		return -1;
	nft_expr_end(nlh, elem, data);
	mnl_attr_nest_end(nlh, exprs);
	nft_msg_end(b, nlh);
	return 0;
}

/*
 * One socket, kept open between transactions: closing a socket that has
 * committed one makes the kernel finish releasing the transaction first
 * (an RCU grace period, 10-15 ms measured here), which a DAR would wait
 * for on every binding it makes.  It is made again in another process or
 * network namespace, and after any error (nothing half-read is left).
 * Sequence numbers run on across transactions, so that a late answer to
 * an earlier one is never taken for this one's.
 */
static struct {
	struct mnl_socket	*nl;
	pid_t			 pid;
	dev_t			 dev;	/* of its network namespace */
	ino_t			 ino;
	uint32_t		 seq;
} nft_sock = { .seq = 1 };

static void
nft_close(void)
{
	if (nft_sock.nl != NULL && nft_sock.pid == getpid())
		mnl_socket_close(nft_sock.nl);
	nft_sock.nl = NULL;
}

static struct mnl_socket *
nft_open(void)
{
	struct timeval tv = { .tv_sec = NFT_TIMEOUT_S };
	struct mnl_socket *nl;
	struct stat ns;
	int on = 1, e;

	if (stat("/proc/thread-self/ns/net", &ns) == -1)
		return NULL;
	if (nft_sock.nl != NULL && nft_sock.pid == getpid() &&
	    nft_sock.dev == ns.st_dev && nft_sock.ino == ns.st_ino)
		return nft_sock.nl;
	nft_close();
	if ((nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC)) == NULL)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1 ||
	    mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &on, sizeof(on)) ==
	    -1 ||
	    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof(tv)) == -1) {
		e = errno;
		mnl_socket_close(nl);
		errno = e;
		return NULL;
	}
	nft_sock.nl = nl;
	nft_sock.pid = getpid();
	nft_sock.dev = ns.st_dev;
	nft_sock.ino = ns.st_ino;
	return nl;
}

/* e (0 or an errno value) is the result; after an error the socket is
 * closed, whatever it may still hold. */
static int
nft_done(struct mnl_socket *nl, int e)
{
	(void)nl;
	if (e != 0) {
		nft_close();
		errno = e;
		return -1;
	}
	return 0;
}

static int
nft_recv(struct mnl_socket *nl, void *buf, size_t cap)
{
	ssize_t n;

	if ((n = mnl_socket_recvfrom(nl, buf, cap)) == -1) {
		if (errno == EAGAIN)
			errno = ETIMEDOUT;
		return -1;
	}
	return (int)n;
}

/* Send the batch and wait for the acknowledgement of every message in
 * it; the first error the kernel reports is the result (the kernel
 * aborts the whole transaction on any error). */
static int
nft_commit(struct nft_batch *b)
{
	union {
		struct nlmsghdr	 align;
		uint8_t		 b[NFT_RX_SIZE];
	} rx;
	const struct nlmsghdr *nlh;
	struct nlmsgerr err;
	struct mnl_socket *nl;
	uint32_t pending;
	int n, e = 0;

	if (nft_batch_mark(b, NFNL_MSG_BATCH_END) == -1) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((nl = nft_open()) == NULL)
		return -1;
	if (mnl_socket_sendto(nl, b->buf.b, b->len) == -1) {
		e = errno;
		goto out;
	}
	for (pending = b->last - b->first + 1; pending > 0; ) {
		if ((n = nft_recv(nl, rx.b, sizeof(rx.b))) == -1) {
			e = errno;
			goto out;
		}
		for (nlh = (const struct nlmsghdr *)rx.b; mnl_nlmsg_ok(nlh, n);
		    nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    nlh->nlmsg_seq < b->first ||
			    nlh->nlmsg_seq > b->last)
				continue;
			if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err)) {
				e = EBADMSG;
				goto out;
			}
			memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
			if (err.error != 0 && e == 0)
				e = -err.error;
			pending--;
		}
	}
out:
	return nft_done(nl, e);
}

static int
nft_start(struct nft_batch *b, const char *name)
{
	size_t n;

	if (name == NULL || (n = strlen(name)) == 0 ||
	    n > NFT_SUPPRESS_NAME_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(b, 0, sizeof(*b));
	/* a batch holds far fewer messages than this */
	b->seq = nft_sock.seq;
	nft_sock.seq = nft_sock.seq > UINT32_MAX - 2048 ? 1 :
	    nft_sock.seq + 1024;
	return 0;
}

static int
nft_batch_start(struct nft_batch *b, const char *name)
{
	if (nft_start(b, name) == -1)
		return -1;
	return nft_batch_mark(b, NFNL_MSG_BATCH_BEGIN);
}

/* Make sure the table exists and delete it, so that neither step can
 * fail on what an earlier run left; then, to add, make it anew.  One
 * transaction: the kernel applies all of it or nothing. */
static int
nft_suppress_batch(const char *name, bool add)
{
	struct nft_batch b;

	if (nft_batch_start(&b, name) == -1)
		return -1;
	if (nft_table(&b, NFT_MSG_NEWTABLE, NLM_F_CREATE, name) == -1 ||
	    nft_table(&b, NFT_MSG_DELTABLE, 0, name) == -1 ||
	    (add && (nft_table(&b, NFT_MSG_NEWTABLE,
	    NLM_F_CREATE | NLM_F_EXCL, name) == -1 ||
	    nft_chain(&b, name, NFT_CHAIN, NF_INET_LOCAL_IN, 0) == -1 ||
	    nft_rule(&b, name) == -1))) {
		errno = EMSGSIZE;
		return -1;
	}
	return nft_commit(&b);
}

int
nft_suppress_add(const char *name)
{
	return nft_suppress_batch(name, true);
}

int
nft_clamp_mss(const char *name, uint16_t mss)
{
	struct nft_batch b;

	if (mss < 536) {
		errno = EINVAL;
		return -1;
	}
	if (nft_batch_start(&b, name) == -1)
		return -1;
	/* mangle priority (-150), before anything filters on it */
	if (nft_chain(&b, name, NFT_CLAMP_CHAIN, NF_INET_FORWARD, -150) ==
	    -1 || nft_clamp_rule(&b, name, mss) == -1) {
		errno = EMSGSIZE;
		return -1;
	}
	return nft_commit(&b);
}

int
nft_suppress_remove(const char *name)
{
	return nft_suppress_batch(name, false);
}

/*
 * Reading the counter back: a rule dump of the table's chain, parsed
 * with policy tables (attribute type → libmnl type, exact size or 0).
 */
struct nft_policy {
	enum mnl_attr_data_type	 type;		/* MNL_TYPE_UNSPEC: skip */
	size_t			 len;
};

struct nft_parse {
	const struct nft_policy	*pol;
	unsigned int		 max;
	const struct nlattr	**tb;
};

static const struct nft_policy nft_rule_pol[NFTA_RULE_MAX + 1] = {
	[NFTA_RULE_TABLE] = { MNL_TYPE_NUL_STRING, 0 },
	[NFTA_RULE_CHAIN] = { MNL_TYPE_NUL_STRING, 0 },
	[NFTA_RULE_EXPRESSIONS] = { MNL_TYPE_NESTED, 0 },
};

static const struct nft_policy nft_expr_pol[NFTA_EXPR_MAX + 1] = {
	[NFTA_EXPR_NAME] = { MNL_TYPE_NUL_STRING, 0 },
	[NFTA_EXPR_DATA] = { MNL_TYPE_NESTED, 0 },
};

static const struct nft_policy nft_counter_pol[NFTA_COUNTER_MAX + 1] = {
	[NFTA_COUNTER_BYTES] = { MNL_TYPE_U64, sizeof(uint64_t) },
	[NFTA_COUNTER_PACKETS] = { MNL_TYPE_U64, sizeof(uint64_t) },
};

static int
nft_attr_cb(const struct nlattr *a, void *data)
{
	const struct nft_parse *p = data;
	uint16_t t = mnl_attr_get_type(a);
	int r;

	if (t > p->max || p->pol[t].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	r = p->pol[t].len != 0 ?
	    mnl_attr_validate2(a, p->pol[t].type, p->pol[t].len) :
	    mnl_attr_validate(a, p->pol[t].type);
	if (r == -1)
		return MNL_CB_ERROR;
	p->tb[t] = a;
	return MNL_CB_OK;
}

static int
nft_parse_nested(const struct nlattr *nest, const struct nft_policy *pol,
    unsigned int max, const struct nlattr **tb)
{
	struct nft_parse p = { pol, max, tb };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	return mnl_attr_parse_nested(nest, nft_attr_cb, &p) < 0 ? -1 : 0;
}

struct nft_stats {
	const char	*table;
	uint64_t	 pkts;
	uint64_t	 bytes;
	bool		 found;
};

static int
nft_expr_counter(const struct nlattr *elem, struct nft_stats *st)
{
	const struct nlattr *ex[NFTA_EXPR_MAX + 1];
	const struct nlattr *ct[NFTA_COUNTER_MAX + 1];

	if (nft_parse_nested(elem, nft_expr_pol, NFTA_EXPR_MAX, ex) == -1)
		return -1;
	if (ex[NFTA_EXPR_NAME] == NULL || ex[NFTA_EXPR_DATA] == NULL ||
	    strcmp(mnl_attr_get_str(ex[NFTA_EXPR_NAME]), "counter") != 0)
		return 0;
	if (nft_parse_nested(ex[NFTA_EXPR_DATA], nft_counter_pol,
	    NFTA_COUNTER_MAX, ct) == -1)
		return -1;
	if (ct[NFTA_COUNTER_PACKETS] == NULL || ct[NFTA_COUNTER_BYTES] == NULL)
		return 0;
	st->pkts += be64toh(mnl_attr_get_u64(ct[NFTA_COUNTER_PACKETS]));
	st->bytes += be64toh(mnl_attr_get_u64(ct[NFTA_COUNTER_BYTES]));
	st->found = true;
	return 0;
}

/* Each element of the rule's expression list. */
static int
nft_elem_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == NFTA_LIST_ELEM &&
	    nft_expr_counter(a, data) == -1)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

static int
nft_rule_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFTA_RULE_MAX + 1];
	struct nft_parse p = { nft_rule_pol, NFTA_RULE_MAX, tb };
	struct nft_stats *st = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct nfgenmsg)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	memset(tb, 0, sizeof(tb));
	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), nft_attr_cb, &p) < 0)
		return MNL_CB_ERROR;
	/* Older kernels ignore the dump filter: check it here too. */
	if (tb[NFTA_RULE_TABLE] == NULL || tb[NFTA_RULE_CHAIN] == NULL ||
	    tb[NFTA_RULE_EXPRESSIONS] == NULL ||
	    strcmp(mnl_attr_get_str(tb[NFTA_RULE_TABLE]), st->table) != 0 ||
	    strcmp(mnl_attr_get_str(tb[NFTA_RULE_CHAIN]), NFT_CHAIN) != 0)
		return MNL_CB_OK;
	return mnl_attr_parse_nested(tb[NFTA_RULE_EXPRESSIONS], nft_elem_cb,
	    st) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

/* Send one dump request and run cb over every reply message. */
static int
nft_dump(struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	union {
		struct nlmsghdr	 align;
		uint8_t		 b[NFT_RX_SIZE];
	} rx;
	struct mnl_socket *nl;
	uint32_t seq = nlh->nlmsg_seq, portid;
	int n, r, e = 0;

	if ((nl = nft_open()) == NULL)
		return -1;
	portid = mnl_socket_get_portid(nl);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) == -1) {
		e = errno;
		goto out;
	}
	do {
		if ((n = nft_recv(nl, rx.b, sizeof(rx.b))) == -1 ||
		    (r = mnl_cb_run(rx.b, (size_t)n, seq, portid, cb, arg)) ==
		    MNL_CB_ERROR) {
			e = errno;
			goto out;
		}
	} while (r > MNL_CB_STOP);
out:
	return nft_done(nl, e);
}

int
nft_suppress_stats(const char *name, uint64_t *pkts, uint64_t *bytes)
{
	struct nft_stats st = { .table = name };
	struct nlmsghdr *nlh;
	struct nft_batch b;

	if (nft_start(&b, name) == -1)
		return -1;
	if ((nlh = nft_msg_begin(&b, NFNL_SUBSYS_NFTABLES << 8 |
	    NFT_MSG_GETRULE, NLM_F_DUMP, NFPROTO_IPV6, 0)) == NULL ||
	    !nft_put_str(&b, nlh, NFTA_RULE_TABLE, name) ||
	    !nft_put_str(&b, nlh, NFTA_RULE_CHAIN, NFT_CHAIN)) {
		errno = EMSGSIZE;
		return -1;
	}
	if (nft_dump(nlh, nft_rule_cb, &st) == -1)
		return -1;
	if (!st.found) {
		errno = ENOENT;
		return -1;
	}
	*pkts = st.pkts;
	*bytes = st.bytes;
	return 0;
}

/*
 * Per-address counters: two sets of IPv6 addresses with a counter in each
 * element, looked up by a rule in prerouting (destination: what arrives for
 * a home address, before the tunnel takes it) and in forward (source: what
 * the tunnel brought back, after decapsulation).
 */
#define NFT_SET_DOWN		"fama_down"
#define NFT_SET_UP		"fama_up"
#define NFT_PRE_CHAIN		"prerouting"
#define NFT_TYPE_IP6ADDR	8	/* nft(8)'s ipv6_addr, for listings */

static int
nft_set(struct nft_batch *b, const char *table, const char *set,
    uint32_t id)
{
	struct nlattr *ex, *data;
	struct nlmsghdr *nlh;

	if ((nlh = nft_cmd(b, NFT_MSG_NEWSET, NLM_F_CREATE)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_SET_TABLE, table) ||
	    !nft_put_str(b, nlh, NFTA_SET_NAME, set) ||
	    !nft_put_u32(b, nlh, NFTA_SET_FLAGS, 0) ||
	    !nft_put_u32(b, nlh, NFTA_SET_KEY_TYPE, NFT_TYPE_IP6ADDR) ||
	    !nft_put_u32(b, nlh, NFTA_SET_KEY_LEN, 16) ||
	    !nft_put_u32(b, nlh, NFTA_SET_ID, id) ||
	    (ex = nft_nest(b, nlh, NFTA_SET_EXPR)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_EXPR_NAME, "counter") ||
	    (data = nft_nest(b, nlh, NFTA_EXPR_DATA)) == NULL)
		return -1;
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, ex);
	nft_msg_end(b, nlh);
	return 0;
}

/* ip6 saddr|daddr @set, in chain */
static int
nft_lookup_rule(struct nft_batch *b, const char *table, const char *chain,
    uint32_t off, const char *set, uint32_t id)
{
	struct nlattr *exprs, *elem, *data;
	struct nlmsghdr *nlh;

	if ((nlh = nft_cmd(b, NFT_MSG_NEWRULE,
	    NLM_F_CREATE | NLM_F_APPEND)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_RULE_TABLE, table) ||
	    !nft_put_str(b, nlh, NFTA_RULE_CHAIN, chain) ||
	    (exprs = nft_nest(b, nlh, NFTA_RULE_EXPRESSIONS)) == NULL)
		return -1;
	if (nft_expr_begin(b, nlh, "payload", &elem, &data) == -1 ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_DREG, NFT_REG_1) ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_BASE,
	    NFT_PAYLOAD_NETWORK_HEADER) ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_OFFSET, off) ||
	    !nft_put_u32(b, nlh, NFTA_PAYLOAD_LEN, 16))
		return -1;
	nft_expr_end(nlh, elem, data);
	if (nft_expr_begin(b, nlh, "lookup", &elem, &data) == -1 ||
	    !nft_put_str(b, nlh, NFTA_LOOKUP_SET, set) ||
	    !nft_put_u32(b, nlh, NFTA_LOOKUP_SET_ID, id) ||
	    !nft_put_u32(b, nlh, NFTA_LOOKUP_SREG, NFT_REG_1))
		return -1;
	nft_expr_end(nlh, elem, data);
	mnl_attr_nest_end(nlh, exprs);
	nft_msg_end(b, nlh);
	return 0;
}

int
nft_counters_add(const char *table)
{
	struct nft_batch b;

	if (nft_batch_start(&b, table) == -1)
		return -1;
	if (nft_set(&b, table, NFT_SET_DOWN, 1) == -1 ||
	    nft_set(&b, table, NFT_SET_UP, 2) == -1 ||
	    nft_chain(&b, table, NFT_PRE_CHAIN, NF_INET_PRE_ROUTING, -150) ==
	    -1 ||
	    nft_chain(&b, table, NFT_CLAMP_CHAIN, NF_INET_FORWARD, -150) ==
	    -1 ||
	    nft_lookup_rule(&b, table, NFT_PRE_CHAIN, 24, NFT_SET_DOWN, 1) ==
	    -1 ||
	    nft_lookup_rule(&b, table, NFT_CLAMP_CHAIN, 8, NFT_SET_UP, 2) ==
	    -1) {
		errno = EMSGSIZE;
		return -1;
	}
	return nft_commit(&b);
}

static int
nft_elem(struct nft_batch *b, uint16_t cmd, uint16_t flags, const char *table,
    const char *set, const struct in6_addr *a)
{
	struct nlattr *list, *el, *key;
	struct nlmsghdr *nlh;

	if ((nlh = nft_cmd(b, cmd, flags)) == NULL ||
	    !nft_put_str(b, nlh, NFTA_SET_ELEM_LIST_TABLE, table) ||
	    !nft_put_str(b, nlh, NFTA_SET_ELEM_LIST_SET, set) ||
	    (list = nft_nest(b, nlh, NFTA_SET_ELEM_LIST_ELEMENTS)) == NULL ||
	    (el = nft_nest(b, nlh, NFTA_LIST_ELEM)) == NULL ||
	    (key = nft_nest(b, nlh, NFTA_SET_ELEM_KEY)) == NULL ||
	    !mnl_attr_put_check(nlh, nft_room(b), NFTA_DATA_VALUE, 16, a))
		return -1;
	mnl_attr_nest_end(nlh, key);
	mnl_attr_nest_end(nlh, el);
	mnl_attr_nest_end(nlh, list);
	nft_msg_end(b, nlh);
	return 0;
}

/* One address's messages at the end of the batch, as nft_counters_addr()
 * tries them first: a new address alone (NLM_F_EXCL), a removal after the
 * add that makes an absent address fine. */
static int
nft_elems_op(struct nft_batch *b, const char *table,
    const struct nft_addr_op *op)
{
	const uint16_t create = NLM_F_CREATE, excl = NLM_F_CREATE | NLM_F_EXCL;
	const struct in6_addr *a = &op->addr;

	if (op->add) {
		if (nft_elem(b, NFT_MSG_NEWSETELEM, excl, table, NFT_SET_DOWN,
		    a) == -1 ||
		    nft_elem(b, NFT_MSG_NEWSETELEM, excl, table, NFT_SET_UP,
		    a) == -1)
			return -1;
		return 0;
	}
	if (nft_elem(b, NFT_MSG_NEWSETELEM, create, table, NFT_SET_DOWN,
	    a) == -1 ||
	    nft_elem(b, NFT_MSG_NEWSETELEM, create, table, NFT_SET_UP,
	    a) == -1 ||
	    nft_elem(b, NFT_MSG_DELSETELEM, 0, table, NFT_SET_DOWN, a) == -1 ||
	    nft_elem(b, NFT_MSG_DELSETELEM, 0, table, NFT_SET_UP, a) == -1)
		return -1;
	return 0;
}

/*
 * Deleting an element leaves it to the kernel to free after an RCU grace
 * period, and closing the nfnetlink socket afterwards waits for that
 * (nf_tables flushes its destroy work on NETLINK_URELEASE): about 10 ms
 * here, during which the daemon's loop stands still.  So an address that
 * is new to the sets is added alone (NLM_F_EXCL), and only one that is
 * there already (EEXIST) is reset by a delete and a new add.
 */
int
nft_counters_addr(const char *table, const struct in6_addr *a, bool add)
{
	const uint16_t create = NLM_F_CREATE;
	struct nft_addr_op op = { .addr = *a, .add = add };
	struct nft_batch b;

	if (add) {
		if (nft_batch_start(&b, table) == -1)
			return -1;
		if (nft_elems_op(&b, table, &op) == -1) {
			errno = EMSGSIZE;
			return -1;
		}
		if (nft_commit(&b) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	if (nft_batch_start(&b, table) == -1)
		return -1;
	/* Adding: replace the earlier element, whose counters start anew;
	 * deleting: an absent element is fine (make it first). */
	op.add = false;
	if (nft_elems_op(&b, table, &op) == -1 ||
	    (add && (nft_elem(&b, NFT_MSG_NEWSETELEM, create, table,
	    NFT_SET_DOWN, a) == -1 || nft_elem(&b, NFT_MSG_NEWSETELEM, create,
	    table, NFT_SET_UP, a) == -1))) {
		errno = EMSGSIZE;
		return -1;
	}
	return nft_commit(&b);
}

/* ops[0..n), built into b, in one transaction; if it fails, each alone,
 * so that every op's error says what became of its address (an address
 * still in the sets, EEXIST, is reset there).  Returns how many failed. */
static size_t
nft_counters_commit(const char *table, struct nft_batch *b,
    struct nft_addr_op *ops, size_t n)
{
	size_t i, failed = 0;

	if (nft_commit(b) == 0) {
		for (i = 0; i < n; i++)
			ops[i].error = 0;
		return 0;
	}
	for (i = 0; i < n; i++) {
		ops[i].error = nft_counters_addr(table, &ops[i].addr,
		    ops[i].add) == -1 ? errno : 0;
		if (ops[i].error != 0)
			failed++;
	}
	return failed;
}

/*
 * A DAR changes its counters a few addresses at a time (the bindings of
 * one turn of its loop): one nf_tables transaction for as many as a batch
 * holds pays the kernel's commit, the round trip and the namespace check
 * once, not per address.
 */
size_t
nft_counters_addrs(const char *table, struct nft_addr_op *ops, size_t n)
{
	const size_t end = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg));
	struct nft_batch b;
	size_t i, first = 0, failed = 0, len;
	uint32_t seq, bfirst, blast;

	if (nft_batch_start(&b, table) == -1) {
		for (i = 0; i < n; i++)
			ops[i].error = errno;
		return n;
	}
	for (i = 0; i < n; ) {
		len = b.len;
		seq = b.seq;
		bfirst = b.first;
		blast = b.last;
		if (nft_elems_op(&b, table, &ops[i]) == 0 &&
		    nft_room(&b) >= end) {
			i++;
			continue;
		}
		/* take the op's messages back out */
		b.len = len;
		b.seq = seq;
		b.first = bfirst;
		b.last = blast;
		if (i == first) {
			/* an empty batch cannot hold it (it always can) */
			ops[i].error = EMSGSIZE;
			failed++;
			first = ++i;
			continue;
		}
		failed += nft_counters_commit(table, &b, ops + first, i - first);
		first = i;
		/* the name was good a moment ago */
		(void)nft_batch_start(&b, table);
	}
	if (first < n)
		failed += nft_counters_commit(table, &b, ops + first, n - first);
	return failed;
}

static const struct nft_policy nft_elist_pol[NFTA_SET_ELEM_LIST_MAX + 1] = {
	[NFTA_SET_ELEM_LIST_ELEMENTS] = { MNL_TYPE_NESTED, 0 },
};
static const struct nft_policy nft_elem_pol[NFTA_SET_ELEM_MAX + 1] = {
	[NFTA_SET_ELEM_KEY] = { MNL_TYPE_NESTED, 0 },
	[NFTA_SET_ELEM_EXPR] = { MNL_TYPE_NESTED, 0 },
	[NFTA_SET_ELEM_EXPRESSIONS] = { MNL_TYPE_NESTED, 0 },
};
static const struct nft_policy nft_data_pol[NFTA_DATA_MAX + 1] = {
	[NFTA_DATA_VALUE] = { MNL_TYPE_BINARY, 16 },
};

struct nft_elems {
	bool			 up;
	struct nft_addr_count	*v;
	size_t			 n;
	size_t			 cap;
};

static struct nft_addr_count *
nft_elems_slot(struct nft_elems *es, const struct in6_addr *a)
{
	struct nft_addr_count *nv;
	size_t i, ncap;

	for (i = 0; i < es->n; i++)
		if (memcmp(&es->v[i].addr, a, sizeof(*a)) == 0)
			return &es->v[i];
	if (es->n == es->cap) {
		ncap = es->cap == 0 ? 16 : es->cap * 2;
		if ((nv = reallocarray(es->v, ncap, sizeof(*nv))) == NULL)
			return NULL;
		es->v = nv;
		es->cap = ncap;
	}
	memset(&es->v[es->n], 0, sizeof(es->v[0]));
	es->v[es->n].addr = *a;
	return &es->v[es->n++];
}

/* One element: its key and its counter. */
static int
nft_setelem_cb(const struct nlattr *a, void *data)
{
	const struct nlattr *tb[NFTA_SET_ELEM_MAX + 1];
	const struct nlattr *kd[NFTA_DATA_MAX + 1];
	struct nft_elems *es = data;
	struct nft_stats st = { NULL, 0, 0, false };
	struct nft_addr_count *c;
	struct in6_addr addr;

	if (mnl_attr_get_type(a) != NFTA_LIST_ELEM)
		return MNL_CB_OK;
	if (nft_parse_nested(a, nft_elem_pol, NFTA_SET_ELEM_MAX, tb) == -1 ||
	    tb[NFTA_SET_ELEM_KEY] == NULL ||
	    nft_parse_nested(tb[NFTA_SET_ELEM_KEY], nft_data_pol,
	    NFTA_DATA_MAX, kd) == -1 || kd[NFTA_DATA_VALUE] == NULL)
		return MNL_CB_ERROR;
	memcpy(&addr, mnl_attr_get_payload(kd[NFTA_DATA_VALUE]), 16);
	if (tb[NFTA_SET_ELEM_EXPR] != NULL &&
	    nft_expr_counter(tb[NFTA_SET_ELEM_EXPR], &st) == -1)
		return MNL_CB_ERROR;
	if (tb[NFTA_SET_ELEM_EXPRESSIONS] != NULL &&
	    mnl_attr_parse_nested(tb[NFTA_SET_ELEM_EXPRESSIONS], nft_elem_cb,
	    &st) < 0)
		return MNL_CB_ERROR;
	if ((c = nft_elems_slot(es, &addr)) == NULL)
		return MNL_CB_ERROR;
	if (es->up) {
		c->pkts_up = st.pkts;
		c->bytes_up = st.bytes;
	} else {
		c->pkts_down = st.pkts;
		c->bytes_down = st.bytes;
	}
	return MNL_CB_OK;
}

static int
nft_setelems_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFTA_SET_ELEM_LIST_MAX + 1];
	struct nft_parse p = { nft_elist_pol, NFTA_SET_ELEM_LIST_MAX, tb };

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct nfgenmsg)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	memset(tb, 0, sizeof(tb));
	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), nft_attr_cb, &p) < 0)
		return MNL_CB_ERROR;
	if (tb[NFTA_SET_ELEM_LIST_ELEMENTS] == NULL)
		return MNL_CB_OK;
	return mnl_attr_parse_nested(tb[NFTA_SET_ELEM_LIST_ELEMENTS],
	    nft_setelem_cb, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int
nft_dump_set(const char *table, const char *set, struct nft_elems *es)
{
	struct nlmsghdr *nlh;
	struct nft_batch b;

	if (nft_start(&b, table) == -1)
		return -1;
	if ((nlh = nft_msg_begin(&b, NFNL_SUBSYS_NFTABLES << 8 |
	    NFT_MSG_GETSETELEM, NLM_F_DUMP, NFPROTO_IPV6, 0)) == NULL ||
	    !nft_put_str(&b, nlh, NFTA_SET_ELEM_LIST_TABLE, table) ||
	    !nft_put_str(&b, nlh, NFTA_SET_ELEM_LIST_SET, set)) {
		errno = EMSGSIZE;
		return -1;
	}
	return nft_dump(nlh, nft_setelems_cb, es);
}

int
nft_counters_get(const char *table, struct nft_addr_count **out, size_t *n)
{
	struct nft_elems es;

	memset(&es, 0, sizeof(es));
	if (nft_dump_set(table, NFT_SET_DOWN, &es) == -1)
		goto fail;
	es.up = true;
	if (nft_dump_set(table, NFT_SET_UP, &es) == -1)
		goto fail;
	*out = es.v;
	*n = es.n;
	return 0;
fail:
	free(es.v);
	return -1;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* The rtnetlink layer under every netns/ module: request and event sockets
 * over libmnl, one request/acknowledge exchange (nl_talk), dumps, message
 * builders' common start, and attribute parsing by per-family policy. */
#ifndef FAMA_NETNS_NL_H
#define FAMA_NETNS_NL_H

#include <linux/netlink.h>
#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct in6_addr;

/*
 * fama's routing protocol number ('F'), carried by every route (rtm_protocol),
 * rule (FRA_PROTOCOL) and address (IFA_PROTO) fama installs, so that a
 * restarted daemon finds exactly what it owns.  Not in the kernel's RTPROT_*
 * list nor in iproute2's rt_protos; netns/fama.rt_protos maps it to "fama".
 */
#define NL_RTPROT_FAMA		70

/* Large enough for a whole kernel dump datagram (the kernel sizes dump
 * skbs up to 32 KiB when the reader's buffer allows it). */
#define NL_RECV_BUF		32768
/* Large enough for any request fama builds. */
#define NL_MSG_BUF		4096
#define NL_EXTACK_LEN		256

/* Multicast groups of an event socket (bit mask). */
#define NL_GRP_LINK		0x01	/* RTNLGRP_LINK */
#define NL_GRP_ADDR6		0x02	/* RTNLGRP_IPV6_IFADDR */
#define NL_GRP_ROUTE6		0x04	/* RTNLGRP_IPV6_ROUTE */
#define NL_GRP_RULE6		0x08	/* RTNLGRP_IPV6_RULE */
#define NL_GRP_NEIGH		0x10	/* RTNLGRP_NEIGH */

/* nl_events(): the kernel dropped events (ENOBUFS), re-dump everything. */
#define NL_RESYNC		1

struct nl;

/*
 * A request socket: no groups, NETLINK_EXT_ACK, NETLINK_CAP_ACK and
 * NETLINK_GET_STRICT_CHK set, blocking, close-on-exec.  It lives in the
 * network namespace of the calling thread at the time of the call.
 * NULL with errno on failure.
 */
struct nl	*nl_open(void);
/* The same over another netlink family: NETLINK_SOCK_DIAG for
 * netns/diag.c, NETLINK_GENERIC for netns/seg6.c. */
struct nl	*nl_open_proto(int);
struct nl	*nl_open_diag(void);
/*
 * An event socket subscribed to groups (NL_GRP_*): non-blocking and
 * close-on-exec, for the daemon's poll loop.
 */
struct nl	*nl_open_events(unsigned int);
void		 nl_close(struct nl *);
int		 nl_fd(const struct nl *);

/*
 * Sends one request and reads until its acknowledgement (or, for
 * NLM_F_DUMP, its NLMSG_DONE).  Assigns nlmsg_seq and sets NLM_F_ACK.
 * Every data message of the reply goes to cb (may be NULL).  Returns 0, or
 * -1 with errno: the kernel's error, the callback's, or EINTR for a dump the
 * kernel marked inconsistent (NLM_F_DUMP_INTR; the rest of the dump has been
 * read and dropped).  The socket stays usable in every case.
 */
int		 nl_talk(struct nl *, struct nlmsghdr *, mnl_cb_t, void *);
/*
 * Sends n requests (at most NL_TALK_MAX, none a dump) in one sendmsg(2),
 * each acknowledged on its own: the kernel handles them in order, as if
 * sent one by one, and goes on after a failure.  Assigns nlmsg_seq and
 * sets NLM_F_ACK in each; replies other than the acknowledgements are
 * dropped.  errs[i] gets 0 or request i's errno value.  Returns 0 when all
 * succeeded, else -1 with errno that of the first request that failed
 * (and nl_last_extack() the message of the last); when the socket itself
 * fails, every request not yet acknowledged gets its errno.
 */
#define NL_TALK_MAX	8
int		 nl_talk_n(struct nl *, struct nlmsghdr **, size_t, int *);
/*
 * A dump through nl_talk that is retried once when interrupted: reset(arg)
 * is called before the retry so that the callback's collection restarts.
 */
int		 nl_dump(struct nl *, struct nlmsghdr *, mnl_cb_t, void *,
		    void (*)(void *));
/*
 * A dump (req, retried once when interrupted) collected into v, which the
 * caller has initialised with its record size: each message is decoded by
 * parse() straight into a new record, which stays when keep(rec, arg)
 * says so (keep NULL: always).  Messages parse() refuses with
 * EAFNOSUPPORT (another family's) are skipped; any other refusal ends the
 * dump with its errno.  On failure v is freed.
 */
struct nl_vec;
int		 nl_collect(struct nl *, struct nlmsghdr *, struct nl_vec *,
		    int (*)(const struct nlmsghdr *, void *),
		    bool (*)(const void *, const void *), const void *);
/*
 * The kernel's extended-ack message for the last request that failed, or
 * "" when it gave none.  Cleared at the start of every nl_talk().
 */
const char	*nl_last_extack(const struct nl *);
/* The kernel's extended-ack offset of the offending attribute, or 0. */
uint32_t	 nl_last_extack_off(const struct nl *);

/*
 * Reads every pending event on an event socket and passes each message to
 * cb.  Returns 0 once the socket is drained, NL_RESYNC when the kernel had
 * to drop events (the caller must re-dump its state), or -1 with errno.
 */
int		 nl_events(struct nl *, mnl_cb_t, void *);

/*
 * Starts a request in buf (zeroed whole, so that attribute padding is
 * zero): the netlink header with type and flags (NLM_F_REQUEST added) and
 * a zeroed family header of hdrlen octets.  NULL with EMSGSIZE if buflen
 * cannot hold both.
 */
struct nlmsghdr	*nl_msg(void *, size_t, uint16_t, uint16_t, size_t);

/* Attribute puts that fail with -1/EMSGSIZE instead of overflowing. */
int	nl_put(struct nlmsghdr *, size_t, uint16_t, const void *, size_t);
int	nl_put_u8(struct nlmsghdr *, size_t, uint16_t, uint8_t);
int	nl_put_u16(struct nlmsghdr *, size_t, uint16_t, uint16_t);
int	nl_put_u32(struct nlmsghdr *, size_t, uint16_t, uint32_t);
int	nl_put_str(struct nlmsghdr *, size_t, uint16_t, const char *);
int	nl_put_in6(struct nlmsghdr *, size_t, uint16_t,
	    const struct in6_addr *);
struct nlattr	*nl_nest(struct nlmsghdr *, size_t, uint16_t);

/*
 * Parsing policy: one entry per attribute type.  type 0 (MNL_TYPE_UNSPEC)
 * means "not wanted": skipped, like unknown types beyond the table.  size,
 * when not 0, is the exact payload size required.
 */
struct nl_policy {
	uint8_t		type;		/* enum mnl_attr_data_type */
	uint16_t	size;
};

/*
 * Checks that the payload holds hdrlen octets of family header, then
 * validates every attribute after it against pol[0..max] into tb[0..max]
 * (zeroed first).  -1 with EBADMSG on a short header or a bad attribute.
 */
int	nl_parse(const struct nlmsghdr *, size_t, const struct nl_policy *,
	    unsigned int, const struct nlattr **);
int	nl_parse_nested(const struct nlattr *, const struct nl_policy *,
	    unsigned int, const struct nlattr **);
/*
 * True when a whole message (nlmsg_len within len, at least a header)
 * starts at nlh.  Unlike mnl_nlmsg_ok(), safe for any nlmsg_len.
 * nl_msg_next() then gives the next one and what is left after it.
 */
bool	nl_msg_ok(const struct nlmsghdr *, size_t);
const struct nlmsghdr *nl_msg_next(const struct nlmsghdr *, size_t *);
/* Copies an IPv6 address attribute (validated as 16 octets). */
void	nl_get_in6(const struct nlattr *, struct in6_addr *);
/* Copies the fixed family header after the netlink header into dst. */
void	nl_get_hdr(const struct nlmsghdr *, void *, size_t);

/*
 * A growable array of fixed-size records, for the *_list functions.
 * v is malloc'd; the caller frees it.
 */
struct nl_vec {
	void		*v;
	size_t		 n;
	size_t		 cap;
	size_t		 size;
};

void	nl_vec_init(struct nl_vec *, size_t);
/* Appends one record (NULL: a zeroed one): 0, or -1 with ENOMEM. */
int	nl_vec_push(struct nl_vec *, const void *);
/* Empties the array (for a dump's retry); keeps the allocation. */
void	nl_vec_reset(void *);
void	nl_vec_free(struct nl_vec *);

/* True for a prefix length that fits an IPv6 address. */
bool	nl_plen_ok(unsigned int);
/* Zeroes the bits of a beyond plen, in place. */
void	nl_in6_mask(struct in6_addr *, unsigned int);
/* Orders for the *_cmp functions: <0, 0, >0. */
int	nl_in6_cmp(const struct in6_addr *, const struct in6_addr *);
int	nl_u32_cmp(uint32_t, uint32_t);
/* a masked to plen against b masked to plen, then plen against plen. */
int	nl_prefix_cmp(const struct in6_addr *, unsigned int,
	    const struct in6_addr *, unsigned int);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/* Signalling sockets: raw IPv6 out, AF_PACKET with a Mobility Header
 * filter in, and ICMPv6 raw sockets for RS/RA. */
#include <errno.h>
#include <linux/filter.h>
#include <net/ethernet.h>
#include <netinet/icmp6.h>
#include <linux/if_packet.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns/sig.h"
#include "proto/ip6.h"

/* Where the IPv6 header keeps what is read here (RFC 8200 §3). */
#define IP6_OFF_PLEN	4
#define IP6_OFF_NXT	6
#define IP6_OFF_DST	24

static bool
sig_needs_ifindex(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MULTICAST(a);
}

static void
sig_close_keep_errno(int fd)
{
	int e = errno;

	close(fd);
	errno = e;
}

/* Send buf with an IPV6_PKTINFO naming the outgoing interface when
 * ifindex is not 0, and the source when src is not NULL; otherwise the
 * source stays the kernel's (or the header's). */
static int
sig_sendto(int fd, unsigned int ifindex, const struct in6_addr *src,
    const struct in6_addr *dst, const uint8_t *buf, size_t len)
{
	union {
		struct cmsghdr	c;
		uint8_t		b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} ctl;
	struct sockaddr_in6 sin6;
	struct in6_pktinfo pi;
	struct cmsghdr *cm;
	struct msghdr msg;
	struct iovec iov;
	ssize_t n;

	if (ifindex == 0 && sig_needs_ifindex(dst)) {
		errno = EINVAL;
		return -1;
	}
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = *dst;
	if (sig_needs_ifindex(dst))
		sin6.sin6_scope_id = ifindex;
	iov.iov_base = (void *)(uintptr_t)buf;
	iov.iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &sin6;
	msg.msg_namelen = sizeof(sin6);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (ifindex != 0 || src != NULL) {
		memset(&ctl, 0, sizeof(ctl));
		memset(&pi, 0, sizeof(pi));
		pi.ipi6_ifindex = ifindex;
		if (src != NULL)
			pi.ipi6_addr = *src;
		msg.msg_control = ctl.b;
		msg.msg_controllen = sizeof(ctl.b);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	if ((n = sendmsg(fd, &msg, 0)) == -1)
		return -1;
	if ((size_t)n != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
sig_tx_open(void)
{
	/* IPPROTO_RAW implies IPV6_HDRINCL: the kernel takes the whole
	 * packet, computes nothing and checks only that it fits the MTU. */
	return socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_RAW);
}

int
sig_send_via(int fd, unsigned int ifindex, const uint8_t *pkt, size_t len)
{
	struct in6_addr dst;
	size_t plen;

	if (pkt == NULL || len < IP6_HDR_LEN || (pkt[0] >> 4) != 6) {
		errno = EINVAL;
		return -1;
	}
	plen = (size_t)pkt[IP6_OFF_PLEN] << 8 | pkt[IP6_OFF_PLEN + 1];
	if (IP6_HDR_LEN + plen != len) {
		errno = EINVAL;
		return -1;
	}
	/* The route lookup uses the sendto() address, the wire the header's:
	 * keep them the same. */
	memcpy(&dst, pkt + IP6_OFF_DST, sizeof(dst));
	return sig_sendto(fd, ifindex, NULL, &dst, pkt, len);
}

int
sig_send(int fd, const uint8_t *pkt, size_t len)
{
	return sig_send_via(fd, 0, pkt, len);
}

/*
 * The receive filter, classic BPF over the packet from its IPv6 header
 * (SOCK_DGRAM).  X holds the offset of the header that A names; each
 * round either accepts a Mobility Header, walks one Hop-by-Hop, Routing
 * or Destination Options header ((Hdr Ext Len + 1) * 8 octets, RFC 8200
 * §4) or drops.  A read past the end of the packet ends the program with
 * 0, i.e. a drop.
 */
#define FILTER_ROUND	11
#define FILTER_LEN	(5 + FILTER_ROUND * SIG_FILTER_EXTHDRS + 3)

static struct sock_filter
sig_jeq(size_t at, uint32_t k, size_t yes, size_t no)
{
	struct sock_filter f = BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k,
	    (uint8_t)(yes - at - 1), (uint8_t)(no - at - 1));

	return f;
}

static struct sock_filter
sig_stmt(uint16_t code, uint32_t k)
{
	struct sock_filter f = BPF_STMT(code, k);

	return f;
}

static void
sig_filter_build(struct sock_filter *f)
{
	const size_t accept = FILTER_LEN - 2, drop = FILTER_LEN - 1;
	size_t i = 0, r, ext;

	f[i++] = sig_stmt(BPF_LD | BPF_B | BPF_ABS, 0);
	f[i++] = sig_stmt(BPF_ALU | BPF_AND | BPF_K, 0xf0);
	f[i] = sig_jeq(i, 0x60, i + 1, drop);		/* version 6 */
	i++;
	f[i++] = sig_stmt(BPF_LD | BPF_B | BPF_ABS, IP6_OFF_NXT);
	f[i++] = sig_stmt(BPF_LDX | BPF_W | BPF_IMM, IP6_HDR_LEN);
	for (r = 0; r < SIG_FILTER_EXTHDRS; r++) {
		ext = i + 4;
		f[i] = sig_jeq(i, IP6_NXT_MH, accept, i + 1);
		i++;
		f[i] = sig_jeq(i, IP6_NXT_HOPOPTS, ext, i + 1);
		i++;
		f[i] = sig_jeq(i, IP6_NXT_ROUTING, ext, i + 1);
		i++;
		f[i] = sig_jeq(i, IP6_NXT_DSTOPTS, ext, drop);
		i++;
		/* M[0] = X + (Hdr Ext Len + 1) * 8; A = Next Header; X = M[0] */
		f[i++] = sig_stmt(BPF_LD | BPF_B | BPF_IND, 1);
		f[i++] = sig_stmt(BPF_ALU | BPF_ADD | BPF_K, 1);
		f[i++] = sig_stmt(BPF_ALU | BPF_LSH | BPF_K, 3);
		f[i++] = sig_stmt(BPF_ALU | BPF_ADD | BPF_X, 0);
		f[i++] = sig_stmt(BPF_ST, 0);
		f[i++] = sig_stmt(BPF_LD | BPF_B | BPF_IND, 0);
		f[i++] = sig_stmt(BPF_LDX | BPF_W | BPF_MEM, 0);
	}
	f[i] = sig_jeq(i, IP6_NXT_MH, accept, drop);
	i++;
	f[i++] = sig_stmt(BPF_RET | BPF_K, 0xffffffffu);	/* all of it */
	f[i++] = sig_stmt(BPF_RET | BPF_K, 0);
}

int
sig_filter_attach(int fd)
{
	struct sock_filter f[FILTER_LEN];
	struct sock_fprog prog;

	sig_filter_build(f);
	prog.len = FILTER_LEN;
	prog.filter = f;
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog));
}

int
sig_rx_open(unsigned int ifindex)
{
	struct sockaddr_ll sll;
	int fd, on = 1;

	/* Protocol 0 receives nothing until bind(), so no packet gets in
	 * before the filter is attached. */
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	/* An ETH_P_IPV6 socket is not shown outgoing packets anyway (egress
	 * taps are ETH_P_ALL only); the option keeps it so if that changes. */
	if (sig_filter_attach(fd) == -1 ||
	    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on,
	    sizeof(on)) == -1)
		goto fail;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		goto fail;
	return fd;
fail:
	sig_close_keep_errno(fd);
	return -1;
}

int
sig_rx_rcvbuf(int fd, int bytes)
{
	/* The kernel doubles the value for its bookkeeping; ask for half. */
	int v = bytes / 2;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) == 0)
		return 0;
	return setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
}

int
sig_rx_drops(int fd, uint64_t *drops)
{
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	memset(&st, 0, sizeof(st));
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == -1)
		return -1;
	*drops += st.tp_drops;
	return 0;
}

int
sig_send_link(int fd, unsigned int ifindex, const uint8_t *pkt, size_t len)
{
	struct sockaddr_ll sll;
	ssize_t n;

	/* Only multicast: a unicast destination would need neighbour
	 * discovery, which is the stack's job. */
	if (fd < 0 || ifindex == 0 || pkt == NULL || len < IP6_HDR_LEN ||
	    (pkt[0] >> 4) != 6 || pkt[24] != 0xff) {
		errno = EINVAL;
		return -1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = (int)ifindex;
	sll.sll_halen = 6;
	/* RFC 2464 §7: 33:33 and the last four octets of the group */
	sll.sll_addr[0] = 0x33;
	sll.sll_addr[1] = 0x33;
	memcpy(sll.sll_addr + 2, pkt + 24 + 12, 4);
	n = sendto(fd, pkt, len, 0, (struct sockaddr *)&sll, sizeof(sll));
	if (n == -1)
		return -1;
	if ((size_t)n != len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/* Read one datagram into buf, with its real length (MSG_TRUNC), so that
 * one larger than cap is an error (EMSGSIZE) rather than a cut packet.
 * *namelen and *ctllen go in as the room and come back as used. */
static ssize_t
sig_recvmsg(int fd, uint8_t *buf, size_t cap, void *name,
    socklen_t *namelen, void *ctl, size_t *ctllen)
{
	struct msghdr msg;
	struct iovec iov;
	ssize_t n;

	iov.iov_base = buf;
	iov.iov_len = cap;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = name;
	msg.msg_namelen = *namelen;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl;
	msg.msg_controllen = ctllen != NULL ? *ctllen : 0;
	if ((n = recvmsg(fd, &msg, MSG_TRUNC)) == -1)
		return -1;
	if ((size_t)n > cap) {
		errno = EMSGSIZE;
		return -1;
	}
	*namelen = msg.msg_namelen;
	if (ctllen != NULL)
		*ctllen = msg.msg_controllen;
	return n;
}

int
sig_recv(int fd, uint8_t *buf, size_t cap, size_t *len, struct sig_info *si)
{
	struct sockaddr_ll sll;
	socklen_t namelen = sizeof(sll);
	size_t plen;
	ssize_t n;

	memset(&sll, 0, sizeof(sll));
	if ((n = sig_recvmsg(fd, buf, cap, &sll, &namelen, NULL, NULL)) == -1)
		return -1;
	if ((size_t)n < IP6_HDR_LEN) {
		errno = EBADMSG;
		return -1;
	}
	if (namelen < offsetof(struct sockaddr_ll, sll_addr)) {
		errno = EPROTO;
		return -1;
	}
	plen = (size_t)buf[IP6_OFF_PLEN] << 8 | buf[IP6_OFF_PLEN + 1];
	*len = (size_t)n;
	if (IP6_HDR_LEN + plen < *len && plen != 0)
		*len = IP6_HDR_LEN + plen;		/* link-layer padding */
	si->ifindex = (unsigned int)sll.sll_ifindex;
	si->pkttype = sll.sll_pkttype;
	si->lladdr_len = sll.sll_halen <= sizeof(si->lladdr) ?
	    sll.sll_halen : 0;
	memcpy(si->lladdr, sll.sll_addr, si->lladdr_len);
	return 0;
}

int
sig_icmp6_open(unsigned int ifindex, uint8_t type, int flags)
{
	static const struct in6_addr allrouters = { .s6_addr = {
	    0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 } };
	struct icmp6_filter filt;
	struct ipv6_mreq mr;
	uint8_t junk[1];
	int fd, on = 1, hops = 255, ifi = (int)ifindex;

	if ((flags & ~SIG_ICMP6_ALLROUTERS) != 0 ||
	    ((flags & SIG_ICMP6_ALLROUTERS) && ifindex == 0)) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_ICMPV6);
	if (fd == -1)
		return -1;
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(type, &filt);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt,
	    sizeof(filt)) == -1 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
	    sizeof(on)) == -1 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
	    sizeof(on)) == -1 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
	    sizeof(hops)) == -1 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops,
	    sizeof(hops)) == -1)
		goto fail;
	if (ifindex != 0 &&
	    (setsockopt(fd, SOL_SOCKET, SO_BINDTOIFINDEX, &ifi,
	    sizeof(ifi)) == -1 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifi,
	    sizeof(ifi)) == -1))
		goto fail;
	if (flags & SIG_ICMP6_ALLROUTERS) {
		memset(&mr, 0, sizeof(mr));
		mr.ipv6mr_multiaddr = allrouters;
		mr.ipv6mr_interface = ifindex;
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr,
		    sizeof(mr)) == -1)
			goto fail;
	}
	/* What came in before the filter was set may be of any type. */
	while (recv(fd, junk, sizeof(junk), MSG_TRUNC) != -1)
		;
	if (errno != EAGAIN)
		goto fail;
	return fd;
fail:
	sig_close_keep_errno(fd);
	return -1;
}

int
sig_icmp6_send(int fd, unsigned int ifindex, const struct in6_addr *src,
    const struct in6_addr *dst, const uint8_t *msg, size_t len)
{
	if (dst == NULL || msg == NULL) {
		errno = EINVAL;
		return -1;
	}
	return sig_sendto(fd, ifindex, src, dst, msg, len);
}

int
sig_icmp6_recv(int fd, uint8_t *buf, size_t cap, size_t *len,
    struct sig_icmp6_info *ii)
{
	union {
		struct cmsghdr	c;
		uint8_t		b[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				    CMSG_SPACE(sizeof(int))];
	} ctl;
	struct sockaddr_in6 sin6;
	socklen_t namelen = sizeof(sin6);
	size_t ctllen = sizeof(ctl.b);
	struct in6_pktinfo pi;
	struct cmsghdr *cm;
	struct msghdr msg;
	ssize_t n;
	int hlim;

	memset(&sin6, 0, sizeof(sin6));
	if ((n = sig_recvmsg(fd, buf, cap, &sin6, &namelen, ctl.b,
	    &ctllen)) == -1)
		return -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctl.b;
	msg.msg_controllen = ctllen;
	memset(ii, 0, sizeof(*ii));
	ii->src = sin6.sin6_addr;
	ii->ifindex = sin6.sin6_scope_id;
	ii->hlim = -1;
	for (cm = CMSG_FIRSTHDR(&msg); cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(pi))) {
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			ii->dst = pi.ipi6_addr;
			ii->ifindex = pi.ipi6_ifindex;
		} else if (cm->cmsg_type == IPV6_HOPLIMIT &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(hlim))) {
			memcpy(&hlim, CMSG_DATA(cm), sizeof(hlim));
			ii->hlim = hlim;
		}
	}
	*len = (size_t)n;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* The namespace tests' driver of netns/sig and netns/nft: one verb per
 * action, run inside a namespace by tests/netns/t_sig.sh.  Output is one
 * line per event, easy to match in sh. */
#include <byteswap.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "netns/nft.h"
#include "netns/sig.h"
#include "proto/buf.h"
#include "proto/ip6.h"
#include "proto/mh.h"
#include "proto/nd.h"
#include "proto/seal.h"

#define PKT_MAX		4096

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: sigtest send bu|ba|coti|big SRC DST [ADDR] [via=IFNAME]\n"
	    "       sigtest recv IFNAME|all COUNT TIMEOUT_MS [cap=N] "
	    "[outgoing]\n"
	    "       sigtest nft add|del|stats NAME | clamp NAME MSS\n"
	    "       sigtest nft counters NAME [+ADDR | -ADDR ...]\n"
	    "       sigtest icmp6-send IFNAME DST rs|ra|echo\n"
	    "       sigtest icmp6-recv IFNAME|all rs|ra TIMEOUT_MS "
	    "[allrouters]\n"
	    "       sigtest udp-send DST PORT\n"
	    "       sigtest pcap-find FILE HEX\n");
	exit(2);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "sigtest: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(e));
	exit(1);
}

static struct in6_addr
addr(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "sigtest: bad address %s\n", s);
		exit(2);
	}
	return a;
}

static unsigned int
ifindex(const char *name)
{
	unsigned int i;

	if (strcmp(name, "all") == 0)
		return 0;
	if ((i = if_nametoindex(name)) == 0)
		die("%s", name);
	return i;
}

static const char *
ifname(unsigned int i, char *buf)
{
	if (i == 0 || if_indextoname(i, buf) == NULL)
		snprintf(buf, IF_NAMESIZE, "%u", i);
	return buf;
}

static void
print_hex(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned int v;

	while (s[0] != '\0' && s[1] != '\0') {
		if (n == cap || sscanf(s, "%2x", &v) != 1) {
			fprintf(stderr, "sigtest: bad hex\n");
			exit(2);
		}
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for input on fd until the deadline; 0 when it passed. */
static int
wait_in(int fd, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t left;
	int r;

	for (;;) {
		if ((left = deadline - now_ms()) <= 0)
			return 0;
		r = poll(&pfd, 1, (int)left);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			die("poll");
		if (r > 0)
			return 1;
	}
}

/* The signalling packets of the tests: what a MN, a DAR and a CN send. */
static int
cmd_send(int argc, char **argv)
{
	uint8_t pkt[SEAL_PKT_MAX];
	struct in6_addr a;
	unsigned int via = 0;
	struct mh_msg m;
	struct seal s;
	size_t len;
	int fd;

	if (argc > 4 && strncmp(argv[argc - 1], "via=", 4) == 0)
		via = ifindex(argv[--argc] + 4);
	if (argc < 4)
		usage();
	memset(&m, 0, sizeof(m));
	memset(&s, 0, sizeof(s));
	s.src = addr(argv[2]);
	s.dst = addr(argv[3]);
	if (argc > 4)
		a = addr(argv[4]);
	if (strcmp(argv[1], "bu") == 0 || strcmp(argv[1], "big") == 0) {
		if (argc != 5)
			usage();
		m.type = MH_BU;
		m.seq = 7;
		m.flags = MH_BU_A | MH_BU_K;
		m.lifetime = 100;
		s.hao = &a;
		if (strcmp(argv[1], "big") == 0) {
			/* Larger than the receiver's buffer in the test. */
			m.opt.present = MHO_F(MHO_CGA);
			m.opt.cga_params_len = 300;
			memset(m.opt.cga_params, 0xa5, m.opt.cga_params_len);
		}
	} else if (strcmp(argv[1], "ba") == 0) {
		if (argc != 5)
			usage();
		m.type = MH_BA;
		m.status = BA_ACCEPTED;
		m.seq = 7;
		m.lifetime = 100;
		s.rh2 = &a;
	} else if (strcmp(argv[1], "coti") == 0) {
		if (argc != 4)
			usage();
		m.type = MH_COTI;
		memcpy(m.cookie, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	} else
		usage();
	if (seal_mh(&m, &s, pkt, sizeof(pkt), &len) == -1)
		die("seal_mh");
	if ((fd = sig_tx_open()) == -1)
		die("sig_tx_open");
	if ((via != 0 ? sig_send_via(fd, via, pkt, len) :
	    sig_send(fd, pkt, len)) == -1)
		die("sig_send");
	close(fd);
	print_hex(pkt, len);
	printf("\n");
	return 0;
}

static const char *
pkttype_name(uint8_t t)
{
	switch (t) {
	case PACKET_HOST:
		return "host";
	case PACKET_BROADCAST:
		return "broadcast";
	case PACKET_MULTICAST:
		return "multicast";
	case PACKET_OTHERHOST:
		return "otherhost";
	case PACKET_OUTGOING:
		return "outgoing";
	default:
		return "unknown";
	}
}

/* One line per packet: where and how it came, what ip6_parse and
 * mh_decode make of it, and its octets. */
static void
print_pkt(const uint8_t *p, size_t len, const struct sig_info *si)
{
	char ifn[IF_NAMESIZE], a[INET6_ADDRSTRLEN];
	struct ip6_pkt ip;
	struct mh_msg m;

	printf("pkt if=%s type=%s len=%zu", ifname(si->ifindex, ifn),
	    pkttype_name(si->pkttype), len);
	if (ip6_parse(p, len, &ip) == -1)
		printf(" parse=bad");
	else {
		printf(" parse=ok");
		if (ip.has_hao)
			printf(" hao=%s", inet_ntop(AF_INET6, &ip.hoa, a,
			    sizeof(a)));
		if (ip.has_rh2)
			printf(" rh2=%s", inet_ntop(AF_INET6, &ip.rh2_addr, a,
			    sizeof(a)));
		printf(" cksum=%s", ip6_mh_cksum_ok(&ip) ? "ok" : "bad");
		if (ip.nxt == IP6_NXT_MH &&
		    mh_decode(ip.payload, ip.payload_len, &m) == 0)
			printf(" mh=%s", mh_type_name(m.type));
	}
	printf(" hex=");
	print_hex(p, len);
	printf("\n");
}

static int
cmd_recv(int argc, char **argv)
{
	uint8_t buf[PKT_MAX];
	struct sig_info si;
	size_t cap = sizeof(buf), len;
	int64_t deadline;
	long count, n = 0;
	int fd, i, off = 0;

	if (argc < 4)
		usage();
	count = strtol(argv[2], NULL, 10);
	for (i = 4; i < argc; i++) {
		if (strncmp(argv[i], "cap=", 4) == 0)
			cap = (size_t)strtoul(argv[i] + 4, NULL, 10);
		else if (strcmp(argv[i], "outgoing") == 0)
			off = 1;
		else
			usage();
	}
	if (cap > sizeof(buf))
		usage();
	if ((fd = sig_rx_open(ifindex(argv[1]))) == -1)
		die("sig_rx_open");
	/* To show what a router would see on its way out as well. */
	if (off && setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING,
	    &(int){ 0 }, sizeof(int)) == -1)
		die("PACKET_IGNORE_OUTGOING");
	printf("ready\n");
	fflush(stdout);
	deadline = now_ms() + strtol(argv[3], NULL, 10);
	while ((count == 0 || n < count) && wait_in(fd, deadline)) {
		for (;;) {
			if (sig_recv(fd, buf, cap, &len, &si) == 0) {
				print_pkt(buf, len, &si);
				n++;
			} else if (errno == EMSGSIZE) {
				printf("trunc\n");
				n++;
			} else if (errno == EAGAIN)
				break;
			else
				die("sig_recv");
			fflush(stdout);
		}
	}
	printf("end n=%ld\n", n);
	close(fd);
	return 0;
}

/* Without addresses, make the counter sets; else add (+) and remove (-)
 * addresses in one call, and print each one's result. */
static int
nft_counters(int argc, char **argv)
{
	struct nft_addr_op ops[256];
	size_t i, n = (size_t)argc - 3;
	char s[INET6_ADDRSTRLEN];

	if (n == 0) {
		if (nft_counters_add(argv[2]) == -1)
			die("nft_counters_add");
		return 0;
	}
	if (n > sizeof(ops) / sizeof(ops[0]))
		usage();
	for (i = 0; i < n; i++) {
		if (argv[3 + i][0] != '+' && argv[3 + i][0] != '-')
			usage();
		ops[i].add = argv[3 + i][0] == '+';
		ops[i].addr = addr(argv[3 + i] + 1);
		ops[i].error = -1;
	}
	printf("failed %zu\n", nft_counters_addrs(argv[2], ops, n));
	for (i = 0; i < n; i++)
		printf("%s %s\n", inet_ntop(AF_INET6, &ops[i].addr, s,
		    sizeof(s)), ops[i].error == 0 ? "ok" :
		    strerror(ops[i].error));
	return 0;
}

static int
cmd_nft(int argc, char **argv)
{
	uint64_t pkts, bytes;

	if (argc >= 3 && strcmp(argv[1], "counters") == 0)
		return nft_counters(argc, argv);
	if (argc == 4 && strcmp(argv[1], "clamp") == 0) {
		if (nft_clamp_mss(argv[2], (uint16_t)atoi(argv[3])) == -1)
			die("nft_clamp_mss");
		return 0;
	}
	if (argc != 3)
		usage();
	if (strcmp(argv[1], "add") == 0) {
		if (nft_suppress_add(argv[2]) == -1)
			die("nft_suppress_add");
	} else if (strcmp(argv[1], "del") == 0) {
		if (nft_suppress_remove(argv[2]) == -1)
			die("nft_suppress_remove");
	} else if (strcmp(argv[1], "stats") == 0) {
		if (nft_suppress_stats(argv[2], &pkts, &bytes) == -1)
			die("nft_suppress_stats");
		printf("packets %llu bytes %llu\n", (unsigned long long)pkts,
		    (unsigned long long)bytes);
	} else
		usage();
	return 0;
}

/* The RA of the tests: a DAR's, with its prefix and anchor (R flag). */
static void
test_ra(struct nd_ra *ra)
{
	memset(ra, 0, sizeof(*ra));
	ra->cur_hlim = 64;
	ra->router_lifetime = 1800;
	ra->has_mtu = true;
	ra->mtu = 1500;
	ra->nprefix = 1;
	ra->prefix[0].len = 64;
	ra->prefix[0].flags = ND_PI_F_ONLINK | ND_PI_F_AUTO | ND_PI_F_ROUTER;
	ra->prefix[0].valid = 86400;
	ra->prefix[0].preferred = 14400;
	ra->prefix[0].prefix = addr("2001:db8:1::b");
}

static int
cmd_icmp6_send(int argc, char **argv)
{
	uint8_t msg[512];
	struct in6_addr dst;
	struct nd_ra ra;
	struct nd_rs rs;
	unsigned int ifi;
	size_t len;
	int fd;

	if (argc != 4)
		usage();
	ifi = ifindex(argv[1]);
	dst = addr(argv[2]);
	if (strcmp(argv[3], "rs") == 0) {
		memset(&rs, 0, sizeof(rs));
		if (nd_rs_encode(&rs, msg, sizeof(msg), &len) == -1)
			die("nd_rs_encode");
	} else if (strcmp(argv[3], "ra") == 0) {
		test_ra(&ra);
		if (nd_ra_encode(&ra, msg, sizeof(msg), &len) == -1)
			die("nd_ra_encode");
	} else if (strcmp(argv[3], "echo") == 0) {
		memset(msg, 0, 16);
		msg[0] = ICMP6_ECHO_REQUEST;
		msg[5] = 1;			/* identifier 1 */
		msg[7] = 1;			/* sequence 1 */
		len = 16;
	} else
		usage();
	/* The filter type only matters for receiving. */
	if ((fd = sig_icmp6_open(ifi, ICMP6_ECHO_REPLY, 0)) == -1)
		die("sig_icmp6_open");
	if (sig_icmp6_send(fd, ifi, NULL, &dst, msg, len) == -1)
		die("sig_icmp6_send");
	close(fd);
	printf("sent len=%zu\n", len);
	return 0;
}

static int
cmd_icmp6_recv(int argc, char **argv)
{
	char ifn[IF_NAMESIZE], s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	struct sig_icmp6_info ii;
	struct nd_ra ra, want;
	struct nd_rs rs;
	uint8_t buf[PKT_MAX];
	int64_t deadline;
	uint8_t type;
	size_t len;
	int fd, flags = 0, ok;

	if (argc != 4 && argc != 5)
		usage();
	if (strcmp(argv[2], "rs") == 0)
		type = ND_RS_TYPE;
	else if (strcmp(argv[2], "ra") == 0)
		type = ND_RA_TYPE;
	else
		usage();
	if (argc == 5) {
		if (strcmp(argv[4], "allrouters") != 0)
			usage();
		flags = SIG_ICMP6_ALLROUTERS;
	}
	if ((fd = sig_icmp6_open(ifindex(argv[1]), type, flags)) == -1)
		die("sig_icmp6_open");
	printf("ready\n");
	fflush(stdout);
	deadline = now_ms() + strtol(argv[3], NULL, 10);
	while (wait_in(fd, deadline)) {
		if (sig_icmp6_recv(fd, buf, sizeof(buf), &len, &ii) == -1) {
			if (errno == EAGAIN)
				continue;
			die("sig_icmp6_recv");
		}
		if (type == ND_RS_TYPE)
			ok = nd_rs_decode(buf, len, &rs) == 0;
		else {
			test_ra(&want);
			ok = nd_ra_decode(buf, len, &ra) == 0 &&
			    nd_ra_equal(&ra, &want);
		}
		printf("icmp6 type=%u src=%s dst=%s if=%s hlim=%d len=%zu "
		    "decode=%s\n", buf[0],
		    inet_ntop(AF_INET6, &ii.src, s, sizeof(s)),
		    inet_ntop(AF_INET6, &ii.dst, d, sizeof(d)),
		    ifname(ii.ifindex, ifn), ii.hlim, len,
		    ok ? "ok" : "bad");
		close(fd);
		return 0;
	}
	printf("timeout\n");
	close(fd);
	return 1;
}

static int
cmd_udp_send(int argc, char **argv)
{
	struct sockaddr_in6 sin6;
	int fd;

	if (argc != 3)
		usage();
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = addr(argv[1]);
	sin6.sin6_port = htons((uint16_t)strtoul(argv[2], NULL, 10));
	if ((fd = socket(AF_INET6, SOCK_DGRAM, 0)) == -1)
		die("socket");
	if (sendto(fd, "fama", 4, 0, (struct sockaddr *)&sin6,
	    sizeof(sin6)) != 4)
		die("sendto");
	close(fd);
	return 0;
}

/* Count the Ethernet frames of a classic pcap file (either byte order)
 * whose IPv6 packet is exactly the given octets. */
static int
cmd_pcap_find(int argc, char **argv)
{
	static uint8_t file[1 << 22];
	uint8_t want[PKT_MAX];
	const uint8_t *frame;
	uint32_t magic, linktype, incl, v;
	struct rbuf rb;
	size_t n, wlen;
	FILE *f;
	long found = 0, frames = 0;
	int swap;

	if (argc != 3)
		usage();
	wlen = unhex(argv[2], want, sizeof(want));
	if ((f = fopen(argv[1], "rb")) == NULL)
		die("%s", argv[1]);
	n = fread(file, 1, sizeof(file), f);
	fclose(f);
	rb_init(&rb, file, n);
	if (rb_u32(&rb, &magic) == -1)
		goto bad;
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swap = 0;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swap = 1;
	else
		goto bad;
	/* version, thiszone, sigfigs, snaplen, then the link type */
	if (rb_skip(&rb, 16) == -1 || rb_u32(&rb, &linktype) == -1)
		goto bad;
	if ((swap ? bswap_32(linktype) : linktype) != 1)	/* Ethernet */
		goto bad;
	while (rb_left(&rb) > 0) {
		/* ts_sec, ts_usec, incl_len, orig_len */
		if (rb_skip(&rb, 8) == -1 || rb_u32(&rb, &incl) == -1 ||
		    rb_u32(&rb, &v) == -1)
			goto bad;
		incl = swap ? bswap_32(incl) : incl;
		if (rb_ptr(&rb, incl, &frame) == -1)
			goto bad;
		frames++;
		if (incl == 14 + wlen && frame[12] == 0x86 &&
		    frame[13] == 0xdd && memcmp(frame + 14, want, wlen) == 0)
			found++;
	}
	printf("frames %ld found %ld\n", frames, found);
	return found > 0 ? 0 : 1;
bad:
	fprintf(stderr, "sigtest: %s: not a classic Ethernet pcap\n",
	    argv[1]);
	return 2;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char **);
	} cmds[] = {
		{ "send", cmd_send },
		{ "recv", cmd_recv },
		{ "nft", cmd_nft },
		{ "icmp6-send", cmd_icmp6_send },
		{ "icmp6-recv", cmd_icmp6_recv },
		{ "udp-send", cmd_udp_send },
		{ "pcap-find", cmd_pcap_find },
	};
	size_t i;

	if (argc < 2)
		usage();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	usage();
}

// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness for netns/diag: a datagram of sock_diag replies (what
 * the kernel answers the MN's keep policy), each decoded by diag_parse(),
 * which must read only the message it is given and report exactly the
 * octets it names. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netns/diag.h"
#include "netns/nl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
one(const struct nlmsghdr *nlh)
{
	const uint8_t *p = mnl_nlmsg_get_payload(nlh);
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	struct diag_sock s;
	uint32_t ifindex;

	if (diag_parse(nlh, &s) == -1) {
		/* too short for a reply, or not IPv6 */
		if (errno == EBADMSG ? plen >= sizeof(struct inet_diag_msg) :
		    errno != EAFNOSUPPORT || p[0] == AF_INET6)
			abort();
		return;
	}
	if (plen < sizeof(struct inet_diag_msg) || p[0] != AF_INET6)
		abort();
	memcpy(&ifindex, p + 40, sizeof(ifindex));
	if (s.state != p[1] || s.sport != (p[4] << 8 | p[5]) ||
	    s.dport != (p[6] << 8 | p[7]) ||
	    memcmp(&s.src, p + 8, 16) != 0 ||
	    memcmp(&s.dst, p + 24, 16) != 0 || s.ifindex != ifindex ||
	    s.proto != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	uint8_t *copy;
	size_t len;

	if (size > 65536)
		return 0;
	/* an exact-size, 4-aligned copy: a read past a message shows */
	if ((copy = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	len = size;
	/* fama's walk, not libmnl's: mnl_nlmsg_ok() takes a length of 2^31
	 * or more for a negative int and walks off the buffer */
	for (nlh = (const struct nlmsghdr *)copy; nl_msg_ok(nlh, len);
	    nlh = nl_msg_next(nlh, &len))
		one(nlh);
	free(copy);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/* A pcap writer over AF_PACKET: one socket bound to one interface, every
 * frame in either direction, a record header per frame. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testbed/capture.h"

/* Native byte order, as libpcap writes; readers detect it by the magic. */
static int
put_header(FILE *f)
{
	const uint32_t magic = 0xa1b2c3d4, snap = CAPTURE_SNAPLEN,
	    link = CAPTURE_LINKTYPE_ETHERNET, zero = 0;
	const uint16_t major = 2, minor = 4;

	return fwrite(&magic, 4, 1, f) == 1 && fwrite(&major, 2, 1, f) == 1 &&
	    fwrite(&minor, 2, 1, f) == 1 && fwrite(&zero, 4, 1, f) == 1 &&
	    fwrite(&zero, 4, 1, f) == 1 && fwrite(&snap, 4, 1, f) == 1 &&
	    fwrite(&link, 4, 1, f) == 1 ? 0 : -1;
}

static int
put_frame(FILE *f, const uint8_t *p, size_t caplen, size_t len)
{
	struct timespec ts;
	uint32_t h[4];

	clock_gettime(CLOCK_REALTIME, &ts);
	h[0] = (uint32_t)ts.tv_sec;
	h[1] = (uint32_t)(ts.tv_nsec / 1000);
	h[2] = (uint32_t)caplen;
	h[3] = (uint32_t)len;
	return fwrite(h, sizeof(h), 1, f) == 1 &&
	    fwrite(p, 1, caplen, f) == caplen ? 0 : -1;
}

long
capture_run(const char *ifname, const char *path, volatile const int *stop)
{
	static uint8_t buf[CAPTURE_SNAPLEN];
	struct sockaddr_ll sll;
	struct pollfd pfd;
	struct timespec last, now;
	FILE *f = NULL;
	long frames = 0;
	ssize_t n;
	int fd, e;
	unsigned idx;

	if ((idx = if_nametoindex(ifname)) == 0)
		return -1;
	if ((fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC,
	    htons(ETH_P_ALL))) == -1)
		return -1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) == -1 ||
	    (f = fopen(path, "w")) == NULL || put_header(f) == -1 ||
	    fflush(f) == EOF)
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &last);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!*stop) {
		if (poll(&pfd, 1, 200) == -1 && errno != EINTR)
			goto fail;
		/* MSG_TRUNC: the frame's real length even when cut */
		while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT |
		    MSG_TRUNC)) >= 0) {
			if (put_frame(f, buf, (size_t)n > sizeof(buf) ?
			    sizeof(buf) : (size_t)n, (size_t)n) == -1)
				goto fail;
			frames++;
		}
		if (errno != EAGAIN && errno != EINTR)
			goto fail;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec != last.tv_sec) {
			if (fflush(f) == EOF)
				goto fail;
			last = now;
		}
	}
	close(fd);
	if (fclose(f) == EOF)
		return -1;
	return frames;
fail:
	e = errno;
	close(fd);
	if (f != NULL)
		fclose(f);
	errno = e;
	return -1;
}

// SPDX-License-Identifier: GPL-2.0-only
/* Classic libpcap file writer for tests (see pcap.h).  Everything is
 * written big-endian, so files are byte-for-byte reproducible; readers
 * tell the byte order from the magic number. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "proto/buf.h"
#include "tests/pcap.h"

#define PCAP_MAGIC_USEC		0xa1b2c3d4
#define PCAP_VERSION_MAJOR	2
#define PCAP_VERSION_MINOR	4
#define PCAP_FILE_HDR_LEN	24
#define PCAP_REC_HDR_LEN	16

struct pcap_file {
	FILE	*f;
};

struct pcap_file *
pcap_open(const char *path)
{
	uint8_t h[PCAP_FILE_HDR_LEN];
	struct pcap_file *pc;
	int serrno;

	if ((pc = malloc(sizeof(*pc))) == NULL)
		return NULL;
	if ((pc->f = fopen(path, "wb")) == NULL) {
		free(pc);
		return NULL;
	}
	put_u32(h, PCAP_MAGIC_USEC);
	put_u16(h + 4, PCAP_VERSION_MAJOR);
	put_u16(h + 6, PCAP_VERSION_MINOR);
	put_u32(h + 8, 0);			/* thiszone: UTC */
	put_u32(h + 12, 0);			/* sigfigs */
	put_u32(h + 16, PCAP_SNAPLEN);
	put_u32(h + 20, PCAP_LINKTYPE_RAW);
	if (fwrite(h, sizeof(h), 1, pc->f) != 1) {
		serrno = errno;
		fclose(pc->f);
		free(pc);
		errno = serrno;
		return NULL;
	}
	return pc;
}

int
pcap_write(struct pcap_file *pc, const void *pkt, size_t len, uint64_t usec)
{
	uint8_t h[PCAP_REC_HDR_LEN];

	if (len > PCAP_SNAPLEN) {
		errno = EMSGSIZE;
		return -1;
	}
	if (usec / 1000000 > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	put_u32(h, (uint32_t)(usec / 1000000));
	put_u32(h + 4, (uint32_t)(usec % 1000000));
	put_u32(h + 8, (uint32_t)len);		/* captured */
	put_u32(h + 12, (uint32_t)len);		/* on the wire */
	if (fwrite(h, sizeof(h), 1, pc->f) != 1 ||
	    (len > 0 && fwrite(pkt, len, 1, pc->f) != 1))
		return -1;
	return 0;
}

int
pcap_close(struct pcap_file *pc)
{
	int rc;

	rc = fclose(pc->f);
	free(pc);
	return rc == 0 ? 0 : -1;
}

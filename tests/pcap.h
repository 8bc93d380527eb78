/* SPDX-License-Identifier: GPL-2.0-only */
/* A tiny writer of classic libpcap files for tests: raw IP packets
 * (LINKTYPE_RAW, 101), so tshark can decode what fama builds. */
#ifndef FAMA_TESTS_PCAP_H
#define FAMA_TESTS_PCAP_H

#include <stddef.h>
#include <stdint.h>

#define PCAP_LINKTYPE_RAW	101	/* packets start with the IP header */
#define PCAP_SNAPLEN		262144	/* longer packets are refused */

struct pcap_file;

/* Create (or truncate) path and write the file header.  Returns NULL
 * with errno set on failure. */
struct pcap_file *pcap_open(const char *);
/* Append one packet with a timestamp in microseconds since the epoch.
 * Returns 0, or -1 with errno (EMSGSIZE above PCAP_SNAPLEN, EOVERFLOW
 * for a timestamp past 2106, or the stdio error). */
int	pcap_write(struct pcap_file *, const void *, size_t, uint64_t);
/* Flush and close; returns 0, or -1 with errno if anything was lost. */
int	pcap_close(struct pcap_file *);

#endif

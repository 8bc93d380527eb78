/* SPDX-License-Identifier: GPL-2.0-only */
/* Capturing one link of the lab into a classic pcap file (Ethernet link
 * type) with an AF_PACKET socket: no tcpdump needed for `--pcap`. */
#ifndef FAMA_TESTBED_CAPTURE_H
#define FAMA_TESTBED_CAPTURE_H

#define CAPTURE_SNAPLEN		65535
#define CAPTURE_LINKTYPE_ETHERNET 1

/*
 * Writes every frame the interface (in the calling thread's namespace)
 * sends or receives to path, until *stop becomes true (checked at least
 * every 200 ms; a signal handler sets it).  The file is flushed at least
 * once a second, so it is readable while the capture runs.  Returns the
 * number of frames written, or -1 with errno.
 */
long	capture_run(const char *, const char *, volatile const int *);

#endif

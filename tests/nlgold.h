/* SPDX-License-Identifier: GPL-2.0-only */
/* Golden netlink messages for the netns/ suites: the expected bytes are
 * written field by field in host order (netlink's), so the same golden
 * holds on either byte order; and the truncation walk every parser gets. */
#ifndef FAMA_TESTS_NLGOLD_H
#define FAMA_TESTS_NLGOLD_H

#include <netinet/in.h>
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* An IPv6 address from text, failing the test on a typo. */
static inline struct in6_addr
g_in6(const char *s)
{
	struct in6_addr a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

struct gold {
	uint8_t	b[4096];
	size_t	n;
};

static inline void
g_bytes(struct gold *g, const void *p, size_t len)
{
	memcpy(g->b + g->n, p, len);
	g->n += len;
}

static inline void
g_u8(struct gold *g, uint8_t v)
{
	g_bytes(g, &v, 1);
}

static inline void
g_u16(struct gold *g, uint16_t v)
{
	g_bytes(g, &v, 2);
}

static inline void
g_u32(struct gold *g, uint32_t v)
{
	g_bytes(g, &v, 4);
}

/* An attribute header: nla_len (header included), nla_type. */
static inline void
g_attr(struct gold *g, uint16_t len, uint16_t type)
{
	g_u16(g, len);
	g_u16(g, type);
}

/* Zero padding up to the next multiple of 4. */
static inline void
g_pad(struct gold *g)
{
	while (g->n % 4 != 0)
		g_u8(g, 0);
}

/* The built bytes against the golden, naming the first offset that differs. */
static inline void
g_check(const void *buf, size_t len, const struct gold *g)
{
	const uint8_t *b = buf;
	size_t i;

	for (i = 0; i < len && i < g->n; i++)
		ck_assert_msg(b[i] == g->b[i],
		    "octet %zu: built %02x, golden %02x", i, b[i], g->b[i]);
	ck_assert_msg(len == g->n, "built %zu octets, golden %zu", len,
	    g->n);
}

/*
 * The offsets from the message start at which a cut leaves a well-formed
 * message: the end of the family header, and the end of each top-level
 * attribute.  hdrlen is the family header's size.
 */
static inline size_t
nl_attr_bounds(const struct nlmsghdr *nlh, size_t hdrlen, size_t *out,
    size_t max)
{
	size_t off = MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen), n = 0, end;
	const uint8_t *p = (const uint8_t *)nlh;
	uint16_t len;

	ck_assert(n < max);
	out[n++] = off;
	while (off + 4 <= nlh->nlmsg_len) {
		memcpy(&len, p + off, 2);
		ck_assert_uint_ge(len, 4);
		/* From the unpadded end to the padded one, all parse. */
		for (end = off + len; end <= off + MNL_ALIGN(len) &&
		    end <= nlh->nlmsg_len; end++) {
			ck_assert(n < max);
			out[n++] = end;
		}
		off += MNL_ALIGN(len);
	}
	return n;
}

/*
 * Cuts the message at every length below its own (nlmsg_len follows the
 * cut; the bytes go to a buffer of exactly that size, so that ASan sees
 * any read beyond) and checks that parse() fails with EBADMSG, except
 * at the offsets in ok[], where it must succeed.
 */
static inline void
nl_truncate_walk(const struct nlmsghdr *nlh, int (*parse)(const void *),
    const size_t *ok, size_t nok)
{
	struct nlmsghdr hdr;
	uint8_t *b;
	size_t cut, i;
	bool good;
	int r;

	for (cut = MNL_NLMSG_HDRLEN; cut < nlh->nlmsg_len; cut++) {
		b = malloc(cut);
		ck_assert(b != NULL);
		memcpy(b, nlh, cut);
		memcpy(&hdr, b, sizeof(hdr));
		hdr.nlmsg_len = (uint32_t)cut;
		memcpy(b, &hdr, sizeof(hdr));
		good = false;
		for (i = 0; i < nok; i++)
			if (ok[i] == cut)
				good = true;
		errno = 0;
		r = parse(b);
		if (good)
			ck_assert_msg(r == 0, "cut at %zu: %s", cut,
			    strerror(errno));
		else {
			ck_assert_msg(r == -1, "cut at %zu parsed", cut);
			ck_assert_int_eq(errno, EBADMSG);
		}
		free(b);
	}
}

#endif

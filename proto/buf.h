/* SPDX-License-Identifier: GPL-2.0-only */
/* Bounds-checked readers and writers for network byte order: every decoder
 * and encoder in proto/ goes through these, never through struct casts. */
#ifndef FAMA_PROTO_BUF_H
#define FAMA_PROTO_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A read cursor.  Every rb_* call returns 0, or -1 with errno EBADMSG and
 * the cursor unchanged when fewer octets remain than asked for. */
struct rbuf {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

void	rb_init(struct rbuf *, const void *, size_t);
size_t	rb_left(const struct rbuf *);
int	rb_u8(struct rbuf *, uint8_t *);
int	rb_u16(struct rbuf *, uint16_t *);
int	rb_u32(struct rbuf *, uint32_t *);
int	rb_u64(struct rbuf *, uint64_t *);
int	rb_bytes(struct rbuf *, void *, size_t);
int	rb_skip(struct rbuf *, size_t);
/* A view of the next n octets without copying them; *pp stays valid as
 * long as the underlying buffer does. */
int	rb_ptr(struct rbuf *, size_t, const uint8_t **);
/* Split off the next n octets as a cursor of their own (a TLV body). */
int	rb_sub(struct rbuf *, size_t, struct rbuf *);

/* A write cursor.  Overflow sets the sticky err flag and makes every later
 * write a no-op; wb_done() reports it once at the end. */
struct wbuf {
	uint8_t		*p;
	size_t		 cap;
	size_t		 len;
	bool		 err;
};

void	wb_init(struct wbuf *, void *, size_t);
void	wb_u8(struct wbuf *, uint8_t);
void	wb_u16(struct wbuf *, uint16_t);
void	wb_u32(struct wbuf *, uint32_t);
void	wb_u64(struct wbuf *, uint64_t);
void	wb_bytes(struct wbuf *, const void *, size_t);
void	wb_zero(struct wbuf *, size_t);
/* Append n zero octets and return their offset, to be filled in later
 * with wb_set_*() or by writing at p + offset once wb_done() is 0. */
size_t	wb_reserve(struct wbuf *, size_t);
void	wb_set_u8(struct wbuf *, size_t, uint8_t);
void	wb_set_u16(struct wbuf *, size_t, uint16_t);
/* 0, or -1 with errno EMSGSIZE if anything overflowed. */
int	wb_done(const struct wbuf *);

/* Big-endian loads and stores on plain byte arrays. */
uint16_t	get_u16(const uint8_t *);
uint32_t	get_u32(const uint8_t *);
void		put_u16(uint8_t *, uint16_t);
void		put_u32(uint8_t *, uint32_t);

#endif

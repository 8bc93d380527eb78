// SPDX-License-Identifier: GPL-2.0-only
/* Bounds-checked byte readers and writers (see buf.h). */
#include <errno.h>
#include <string.h>

#include "proto/buf.h"

void
rb_init(struct rbuf *rb, const void *p, size_t len)
{
	rb->p = p;
	rb->len = p == NULL ? 0 : len;
	rb->off = 0;
}

size_t
rb_left(const struct rbuf *rb)
{
	return rb->len - rb->off;
}

static int
rb_need(const struct rbuf *rb, size_t n)
{
	if (n > rb->len - rb->off) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int
rb_bytes(struct rbuf *rb, void *out, size_t n)
{
	if (rb_need(rb, n) == -1)
		return -1;
	if (n > 0)
		memcpy(out, rb->p + rb->off, n);
	rb->off += n;
	return 0;
}

int
rb_u8(struct rbuf *rb, uint8_t *v)
{
	return rb_bytes(rb, v, 1);
}

int
rb_u16(struct rbuf *rb, uint16_t *v)
{
	uint8_t b[2];

	if (rb_bytes(rb, b, sizeof(b)) == -1)
		return -1;
	*v = get_u16(b);
	return 0;
}

int
rb_u32(struct rbuf *rb, uint32_t *v)
{
	uint8_t b[4];

	if (rb_bytes(rb, b, sizeof(b)) == -1)
		return -1;
	*v = get_u32(b);
	return 0;
}

int
rb_u64(struct rbuf *rb, uint64_t *v)
{
	uint8_t b[8];

	if (rb_bytes(rb, b, sizeof(b)) == -1)
		return -1;
	*v = (uint64_t)get_u32(b) << 32 | get_u32(b + 4);
	return 0;
}

int
rb_skip(struct rbuf *rb, size_t n)
{
	if (rb_need(rb, n) == -1)
		return -1;
	rb->off += n;
	return 0;
}

int
rb_ptr(struct rbuf *rb, size_t n, const uint8_t **pp)
{
	if (rb_need(rb, n) == -1)
		return -1;
	*pp = rb->p + rb->off;
	rb->off += n;
	return 0;
}

int
rb_sub(struct rbuf *rb, size_t n, struct rbuf *sub)
{
	const uint8_t *p;

	if (rb_ptr(rb, n, &p) == -1)
		return -1;
	sub->p = p;
	sub->len = n;
	sub->off = 0;
	return 0;
}

void
wb_init(struct wbuf *wb, void *p, size_t cap)
{
	wb->p = p;
	wb->cap = p == NULL ? 0 : cap;
	wb->len = 0;
	wb->err = false;
}

static uint8_t *
wb_room(struct wbuf *wb, size_t n)
{
	uint8_t *at;

	if (wb->err || n > wb->cap - wb->len) {
		wb->err = true;
		return NULL;
	}
	at = wb->p + wb->len;
	wb->len += n;
	return at;
}

void
wb_bytes(struct wbuf *wb, const void *src, size_t n)
{
	uint8_t *at;

	if ((at = wb_room(wb, n)) != NULL && n > 0)
		memcpy(at, src, n);
}

void
wb_zero(struct wbuf *wb, size_t n)
{
	uint8_t *at;

	if ((at = wb_room(wb, n)) != NULL && n > 0)
		memset(at, 0, n);
}

void
wb_u8(struct wbuf *wb, uint8_t v)
{
	wb_bytes(wb, &v, 1);
}

void
wb_u16(struct wbuf *wb, uint16_t v)
{
	uint8_t b[2];

	put_u16(b, v);
	wb_bytes(wb, b, sizeof(b));
}

void
wb_u32(struct wbuf *wb, uint32_t v)
{
	uint8_t b[4];

	put_u32(b, v);
	wb_bytes(wb, b, sizeof(b));
}

void
wb_u64(struct wbuf *wb, uint64_t v)
{
	wb_u32(wb, (uint32_t)(v >> 32));
	wb_u32(wb, (uint32_t)v);
}

size_t
wb_reserve(struct wbuf *wb, size_t n)
{
	size_t off = wb->len;

	wb_zero(wb, n);
	return off;
}

void
wb_set_u8(struct wbuf *wb, size_t off, uint8_t v)
{
	if (wb->err || off >= wb->len) {
		wb->err = true;
		return;
	}
	wb->p[off] = v;
}

void
wb_set_u16(struct wbuf *wb, size_t off, uint16_t v)
{
	if (wb->err || off > wb->len || wb->len - off < 2) {
		wb->err = true;
		return;
	}
	put_u16(wb->p + off, v);
}

int
wb_done(const struct wbuf *wb)
{
	if (wb->err) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

uint16_t
get_u16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

uint32_t
get_u32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

void
put_u16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

void
put_u32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

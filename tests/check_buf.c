// SPDX-License-Identifier: GPL-2.0-only
/* proto/buf: the bounds-checked readers and writers. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "proto/buf.h"
#include "tests/testlib.h"

START_TEST(read_fields)
{
	static const uint8_t b[] = {
		0x01,				/* u8 */
		0x02, 0x03,			/* u16 */
		0x04, 0x05, 0x06, 0x07,		/* u32 */
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, /* u64 */
	};
	struct rbuf rb;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	rb_init(&rb, b, sizeof(b));
	ck_assert_int_eq(rb_u8(&rb, &u8), 0);
	ck_assert_uint_eq(u8, 0x01);
	ck_assert_int_eq(rb_u16(&rb, &u16), 0);
	ck_assert_uint_eq(u16, 0x0203);
	ck_assert_int_eq(rb_u32(&rb, &u32), 0);
	ck_assert_uint_eq(u32, 0x04050607);
	ck_assert_int_eq(rb_u64(&rb, &u64), 0);
	ck_assert(u64 == 0x08090a0b0c0d0e0fULL);
	ck_assert_uint_eq(rb_left(&rb), 0);
	errno = 0;
	ck_assert_int_eq(rb_u8(&rb, &u8), -1);
	ck_assert_int_eq(errno, EBADMSG);
}
END_TEST

/* A short read fails and leaves the cursor where it was. */
START_TEST(short_reads_keep_offset)
{
	static const uint8_t b[] = { 0xaa, 0xbb, 0xcc };
	struct rbuf rb, sub;
	const uint8_t *p;
	uint8_t out[4];
	uint32_t u32;
	uint16_t u16;

	rb_init(&rb, b, sizeof(b));
	ck_assert_int_eq(rb_skip(&rb, 1), 0);
	ck_assert_int_eq(rb_u32(&rb, &u32), -1);
	ck_assert_uint_eq(rb.off, 1);
	ck_assert_int_eq(rb_bytes(&rb, out, 3), -1);
	ck_assert_int_eq(rb_ptr(&rb, 3, &p), -1);
	ck_assert_int_eq(rb_sub(&rb, 3, &sub), -1);
	ck_assert_int_eq(rb_skip(&rb, 3), -1);
	ck_assert_uint_eq(rb.off, 1);
	ck_assert_int_eq(rb_sub(&rb, 2, &sub), 0);
	ck_assert_uint_eq(rb_left(&rb), 0);
	ck_assert_int_eq(rb_u16(&sub, &u16), 0);
	ck_assert_uint_eq(u16, 0xbbcc);
	ck_assert_int_eq(rb_u8(&sub, out), -1);
	/* A huge length must not wrap around. */
	rb_init(&rb, b, sizeof(b));
	ck_assert_int_eq(rb_skip(&rb, (size_t)-1), -1);
	ck_assert_int_eq(rb_ptr(&rb, (size_t)-2, &p), -1);
}
END_TEST

START_TEST(write_and_backfill)
{
	static const uint8_t want[] = {
		0x11,				/* u8 */
		0x12, 0x34,			/* u16, backfilled */
		0xde, 0xad, 0xbe, 0xef,		/* u32 */
		0x00, 0x00,			/* zero */
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* u64 */
	};
	uint8_t buf[32];
	struct wbuf wb;
	size_t at;

	wb_init(&wb, buf, sizeof(buf));
	wb_u8(&wb, 0x11);
	at = wb_reserve(&wb, 2);
	wb_u32(&wb, 0xdeadbeef);
	wb_zero(&wb, 2);
	wb_u64(&wb, 0x0102030405060708ULL);
	wb_set_u16(&wb, at, 0x1234);
	ck_assert_int_eq(wb_done(&wb), 0);
	ck_assert_uint_eq(wb.len, sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
}
END_TEST

START_TEST(write_overflow_is_sticky)
{
	uint8_t buf[4];
	struct wbuf wb;

	wb_init(&wb, buf, sizeof(buf));
	wb_u16(&wb, 1);
	wb_u32(&wb, 2);			/* does not fit */
	wb_u8(&wb, 3);			/* would fit, but err is sticky */
	ck_assert(wb.err);
	ck_assert_uint_eq(wb.len, 2);
	errno = 0;
	ck_assert_int_eq(wb_done(&wb), -1);
	ck_assert_int_eq(errno, EMSGSIZE);

	wb_init(&wb, buf, sizeof(buf));
	wb_u8(&wb, 1);
	wb_set_u16(&wb, 0, 7);		/* beyond what was written */
	ck_assert_int_eq(wb_done(&wb), -1);
	wb_init(&wb, buf, sizeof(buf));
	wb_zero(&wb, (size_t)-1);
	ck_assert_int_eq(wb_done(&wb), -1);
	wb_init(&wb, NULL, 100);
	wb_u8(&wb, 1);
	ck_assert_int_eq(wb_done(&wb), -1);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, read_fields);
	tcase_add_test(tc, short_reads_keep_offset);
	tcase_add_test(tc, write_and_backfill);
	tcase_add_test(tc, write_overflow_is_sticky);
	suite_add_tcase(s, tc);
	return s;
}

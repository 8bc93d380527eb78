// SPDX-License-Identifier: GPL-2.0-only
/* testbed/probe: the probe record (golden bytes, round trip, truncation),
 * a flow's log (duplicates, reordering, strays), the window analysis and
 * the timeline file. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testbed/probe.h"
#include "tests/testlib.h"

/* A request: flow 0x01020304, seq 7, sent at 0x1122334455667788 µs. */
static const char *golden_request =
    "46414d50"			/* magic "FAMP" */
    "01"			/* version 1 */
    "01"			/* type 1: request */
    "0000"			/* reserved */
    "01020304"			/* flow */
    "00000007"			/* seq */
    "1122334455667788"		/* sent_us */
    "0000000000000000";		/* echo_us: none in a request */

static const char *golden_reply =
    "46414d50"			/* magic */
    "01"			/* version */
    "02"			/* type 2: reply */
    "0000"			/* reserved */
    "cafebabe"			/* flow */
    "ffffffff"			/* seq */
    "0000000000000001"		/* sent_us */
    "00000000deadbeef";		/* echo_us */

START_TEST(golden_bytes)
{
	uint8_t want[PROBE_LEN], got[PROBE_LEN];
	struct probe_msg m;

	ck_assert_uint_eq(hex2bin(golden_request, want, sizeof(want)),
	    PROBE_LEN);
	memset(&m, 0, sizeof(m));
	m.type = PROBE_REQUEST;
	m.flow = 0x01020304;
	m.seq = 7;
	m.sent_us = 0x1122334455667788ULL;
	ck_assert_int_eq(probe_encode(&m, got, sizeof(got)), 0);
	ck_assert_mem_eq(got, want, PROBE_LEN);

	ck_assert_uint_eq(hex2bin(golden_reply, want, sizeof(want)),
	    PROBE_LEN);
	ck_assert_int_eq(probe_decode(want, sizeof(want), &m), 0);
	ck_assert_uint_eq(m.type, PROBE_REPLY);
	ck_assert_uint_eq(m.flow, 0xcafebabe);
	ck_assert_uint_eq(m.seq, 0xffffffff);
	ck_assert_uint_eq(m.sent_us, 1);
	ck_assert_uint_eq(m.echo_us, 0xdeadbeef);
}
END_TEST

START_TEST(round_trip_and_padding)
{
	uint8_t buf[100];
	struct probe_msg m, d;

	memset(&m, 0, sizeof(m));
	m.type = PROBE_REPLY;
	m.flow = 42;
	m.seq = 123456;
	m.sent_us = 987654321;
	m.echo_us = 987654999;
	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(probe_encode(&m, buf, sizeof(buf)), 0);
	/* the encoder writes the record only; padding is the caller's */
	ck_assert_uint_eq(buf[PROBE_LEN], 0xee);
	/* a longer datagram decodes: what follows is padding */
	ck_assert_int_eq(probe_decode(buf, sizeof(buf), &d), 0);
	ck_assert_uint_eq(d.type, m.type);
	ck_assert_uint_eq(d.flow, m.flow);
	ck_assert_uint_eq(d.seq, m.seq);
	ck_assert_uint_eq(d.sent_us, m.sent_us);
	ck_assert_uint_eq(d.echo_us, m.echo_us);
	/* the reserved field is ignored on input */
	buf[6] = 0xff;
	ck_assert_int_eq(probe_decode(buf, PROBE_LEN, &d), 0);
}
END_TEST

START_TEST(truncated_and_bad)
{
	uint8_t buf[PROBE_LEN], bad[PROBE_LEN];
	struct probe_msg m;
	size_t i;

	hex2bin(golden_request, buf, sizeof(buf));
	for (i = 0; i < PROBE_LEN; i++) {
		errno = 0;
		ck_assert_int_eq(probe_decode(buf, i, &m), -1);
		ck_assert_int_eq(errno, EBADMSG);
	}
	memcpy(bad, buf, sizeof(bad));
	bad[0] ^= 1;				/* magic */
	ck_assert_int_eq(probe_decode(bad, sizeof(bad), &m), -1);
	memcpy(bad, buf, sizeof(bad));
	bad[4] = 2;				/* version */
	ck_assert_int_eq(probe_decode(bad, sizeof(bad), &m), -1);
	memcpy(bad, buf, sizeof(bad));
	bad[5] = 0;				/* type */
	ck_assert_int_eq(probe_decode(bad, sizeof(bad), &m), -1);
	bad[5] = 3;
	ck_assert_int_eq(probe_decode(bad, sizeof(bad), &m), -1);
	/* the encoder refuses short buffers and unknown types */
	memset(&m, 0, sizeof(m));
	m.type = PROBE_REQUEST;
	ck_assert_int_eq(probe_encode(&m, buf, PROBE_LEN - 1), -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	m.type = 9;
	ck_assert_int_eq(probe_encode(&m, buf, PROBE_LEN), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* Sends at 10 ms intervals from t=1000 µs; answers as given. */
static void
build(struct probe_log *l, size_t n, const uint64_t *rtt)
{
	size_t i;

	probe_log_init(l);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(probe_log_sent(l, 1000 + i * 10000), 0);
	for (i = 0; i < n; i++)
		if (rtt[i] != 0)
			probe_log_reply(l, (uint32_t)i, 1000 + i * 10000 +
			    rtt[i]);
}

START_TEST(log_counts)
{
	struct probe_log l;
	size_t i;

	probe_log_init(&l);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(probe_log_sent(&l, 100 * (i + 1)), 0);
	probe_log_reply(&l, 0, 150);
	probe_log_reply(&l, 2, 350);
	probe_log_reply(&l, 1, 360);		/* behind 2: reordered */
	probe_log_reply(&l, 2, 370);		/* again: duplicate */
	probe_log_reply(&l, 9, 380);		/* never sent: stray */
	probe_log_reply(&l, 4, 0);		/* time 0 still counts */
	ck_assert_uint_eq(l.reordered, 1);
	ck_assert_uint_eq(l.dups, 1);
	ck_assert_uint_eq(l.stray, 1);
	ck_assert_uint_eq(l.e[1].recv_us, 360);
	ck_assert_uint_eq(l.e[2].recv_us, 350);
	ck_assert_uint_ne(l.e[4].recv_us, 0);
	ck_assert_uint_eq(l.e[3].recv_us, 0);
	probe_log_free(&l);
	ck_assert_ptr_null(l.e);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(window_gap_and_loss)
{
	/* 20 requests 10 ms apart; replies after 1 ms, but 8..12 lost */
	uint64_t rtt[20];
	struct probe_log l;
	struct probe_window w;
	size_t i;

	for (i = 0; i < 20; i++)
		rtt[i] = i >= 8 && i <= 12 ? 0 : 1000;
	build(&l, 20, rtt);
	/* whole run: the longest silence is from reply 7 to reply 13 */
	ck_assert_int_eq(probe_window(&l, 0, 200000, &w), 0);
	ck_assert_uint_eq(w.sent, 20);
	ck_assert_uint_eq(w.received, 15);
	ck_assert_uint_eq(w.lost, 5);
	ck_assert_uint_eq(w.gap_us, 60000);
	ck_assert_uint_eq(w.gap_start_us, 1000 + 7 * 10000 + 1000);
	ck_assert_uint_eq(w.rtt_min_us, 1000);
	ck_assert_uint_eq(w.rtt_max_us, 1000);
	ck_assert_uint_eq(w.rtt_avg_us, 1000);
	/* a window opening inside the outage counts it from its start:
	 * from the last arrival before the window */
	ck_assert_int_eq(probe_window(&l, 100000, 200000, &w), 0);
	ck_assert_uint_eq(w.gap_us, 60000);
	ck_assert_uint_eq(w.sent, 10);		/* seqs 10..19 */
	ck_assert_uint_eq(w.lost, 3);		/* 10, 11, 12 */
	ck_assert_uint_eq(w.first_us, 1000 + 13 * 10000 + 1000);
	/* fresh: the silence counts from the window's start only */
	ck_assert_int_eq(probe_window_fresh(&l, 100000, 200000, &w), 0);
	ck_assert_uint_eq(w.gap_us, 1000 + 13 * 10000 + 1000 - 100000);
	ck_assert_uint_eq(w.gap_start_us, 100000);
	ck_assert_uint_eq(w.lost, 3);
	/* a window before the outage: no more than the interval, and
	 * the silence to the window's end counts */
	ck_assert_int_eq(probe_window(&l, 0, 50000, &w), 0);
	ck_assert_uint_eq(w.gap_us, 10000);
	ck_assert_uint_eq(w.lost, 0);
	probe_log_free(&l);
}
END_TEST

START_TEST(window_silent_tail_and_empty)
{
	uint64_t rtt[10] = { 500, 500, 500, 0, 0, 0, 0, 0, 0, 0 };
	struct probe_log l;
	struct probe_window w;

	build(&l, 10, rtt);
	/* broken at the end: silence from the last reply to the end */
	ck_assert_int_eq(probe_window(&l, 0, 200000, &w), 0);
	ck_assert_uint_eq(w.gap_us, 200000 - (1000 + 2 * 10000 + 500));
	ck_assert_uint_eq(w.lost, 7);
	/* nothing in the window: all of it is a gap */
	ck_assert_int_eq(probe_window(&l, 150000, 250000, &w), 0);
	ck_assert_uint_eq(w.first_us, 0);
	ck_assert_uint_eq(w.received, 0);
	ck_assert_uint_eq(w.gap_us, 250000 - (1000 + 2 * 10000 + 500));
	/* a reversed window is an empty one */
	ck_assert_int_eq(probe_window(&l, 300000, 100, &w), 0);
	ck_assert_uint_eq(w.sent, 0);
	probe_log_free(&l);
	/* an empty log */
	probe_log_init(&l);
	ck_assert_int_eq(probe_window(&l, 10, 30, &w), 0);
	ck_assert_uint_eq(w.gap_us, 20);
	ck_assert_uint_eq(w.gap_start_us, 10);
	probe_log_free(&l);
}
END_TEST

START_TEST(window_reordered_arrivals)
{
	struct probe_log l;
	struct probe_window w;

	probe_log_init(&l);
	probe_log_sent(&l, 0);
	probe_log_sent(&l, 10);
	probe_log_sent(&l, 20);
	/* seq 0 arrives last: gaps follow arrival time, not seq */
	probe_log_reply(&l, 1, 15);
	probe_log_reply(&l, 2, 25);
	probe_log_reply(&l, 0, 95);
	ck_assert_int_eq(probe_window(&l, 0, 100, &w), 0);
	ck_assert_uint_eq(w.gap_us, 70);
	ck_assert_uint_eq(w.gap_start_us, 25);
	ck_assert_uint_eq(w.first_us, 15);
	ck_assert_uint_eq(w.rtt_max_us, 95);
	probe_log_free(&l);
}
END_TEST

START_TEST(timeline_round_trip)
{
	uint64_t rtt[6] = { 100, 0, 300, 400, 0, 600 }, broke = 0;
	struct probe_log u, t, u2, t2;
	char *buf = NULL;
	size_t len = 0, line = 0, i;
	FILE *f;

	build(&u, 6, rtt);
	build(&t, 3, rtt + 3);
	ck_assert_ptr_nonnull(f = open_memstream(&buf, &len));
	ck_assert_int_eq(probe_timeline_write(f, &u, &t, 123456, "reset"), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "# fama-cn-timeline 1\n"
	    "u,0,1000,1100\nu,1,11000,0\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nx,123456,reset\n"));
	ck_assert_ptr_nonnull(f = fmemopen(buf, len, "r"));
	probe_log_init(&u2);
	probe_log_init(&t2);
	ck_assert_int_eq(probe_timeline_read(f, &u2, &t2, &broke, &line), 0);
	fclose(f);
	ck_assert_uint_eq(broke, 123456);
	ck_assert_uint_eq(u2.n, u.n);
	ck_assert_uint_eq(t2.n, t.n);
	for (i = 0; i < u.n; i++) {
		ck_assert_uint_eq(u2.e[i].sent_us, u.e[i].sent_us);
		ck_assert_uint_eq(u2.e[i].recv_us, u.e[i].recv_us);
	}
	for (i = 0; i < t.n; i++)
		ck_assert_uint_eq(t2.e[i].recv_us, t.e[i].recv_us);
	/* NULL logs skip their lines */
	ck_assert_ptr_nonnull(f = fmemopen(buf, len, "r"));
	ck_assert_int_eq(probe_timeline_read(f, NULL, NULL, &broke, &line),
	    0);
	fclose(f);
	free(buf);
	probe_log_free(&u);
	probe_log_free(&t);
	probe_log_free(&u2);
	probe_log_free(&t2);
}
END_TEST

START_TEST(timeline_rejects)
{
	static const char *bad[] = {
		"u,0,1,2",			/* no newline at the end */
		"u,1,1,2\n",			/* seq out of order */
		"u,0,1\n",			/* a field short */
		"u,0,1,2,3\n",			/* a field more */
		"u,0,-1,2\n",			/* a sign */
		"u, 0,1,2\n",			/* a blank */
		"q,0,1,2\n",			/* unknown kind */
		"u0,1,2\n",			/* no comma after the kind */
		"x,12\n",			/* a break without a reason */
		"u,0,99999999999999999999,2\n",	/* past 64 bits */
		"u,0,1,2\nu,0,3,4\n",		/* a seq twice */
	};
	struct probe_log u, t;
	uint64_t broke;
	size_t i, line;
	FILE *f;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		probe_log_init(&u);
		probe_log_init(&t);
		ck_assert_ptr_nonnull(f = fmemopen((void *)(uintptr_t)bad[i],
		    strlen(bad[i]), "r"));
		errno = 0;
		ck_assert_msg(probe_timeline_read(f, &u, &t, &broke, &line) ==
		    -1 && errno == EBADMSG, "accepted: %s", bad[i]);
		fclose(f);
		probe_log_free(&u);
		probe_log_free(&t);
	}
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("probe");

	tcase_add_test(tc, golden_bytes);
	tcase_add_test(tc, round_trip_and_padding);
	tcase_add_test(tc, truncated_and_bad);
	tcase_add_test(tc, log_counts);
	tcase_add_test(tc, window_gap_and_loss);
	tcase_add_test(tc, window_silent_tail_and_empty);
	tcase_add_test(tc, window_reordered_arrivals);
	tcase_add_test(tc, timeline_round_trip);
	tcase_add_test(tc, timeline_rejects);
	suite_add_tcase(s, tc);
	return s;
}

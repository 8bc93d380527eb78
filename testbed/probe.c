// SPDX-License-Identifier: GPL-2.0-only
/* The probe record's codec, a flow's log of requests and replies, the
 * window analysis behind every number the probe and the lab report, and
 * the timeline file between them. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "proto/buf.h"
#include "testbed/probe.h"

int
probe_encode(const struct probe_msg *m, uint8_t *buf, size_t len)
{
	struct wbuf w;

	if (m->type != PROBE_REQUEST && m->type != PROBE_REPLY) {
		errno = EINVAL;
		return -1;
	}
	wb_init(&w, buf, len);
	wb_u32(&w, PROBE_MAGIC);
	wb_u8(&w, PROBE_VERSION);
	wb_u8(&w, m->type);
	wb_u16(&w, 0);
	wb_u32(&w, m->flow);
	wb_u32(&w, m->seq);
	wb_u64(&w, m->sent_us);
	wb_u64(&w, m->echo_us);
	return wb_done(&w);
}

int
probe_decode(const uint8_t *buf, size_t len, struct probe_msg *m)
{
	struct rbuf r;
	uint32_t magic;
	uint8_t version;

	rb_init(&r, buf, len);
	if (rb_u32(&r, &magic) == -1 || magic != PROBE_MAGIC ||
	    rb_u8(&r, &version) == -1 || version != PROBE_VERSION ||
	    rb_u8(&r, &m->type) == -1 ||
	    (m->type != PROBE_REQUEST && m->type != PROBE_REPLY) ||
	    rb_skip(&r, 2) == -1 ||
	    rb_u32(&r, &m->flow) == -1 ||
	    rb_u32(&r, &m->seq) == -1 ||
	    rb_u64(&r, &m->sent_us) == -1 ||
	    rb_u64(&r, &m->echo_us) == -1) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

void
probe_log_init(struct probe_log *l)
{
	memset(l, 0, sizeof(*l));
}

void
probe_log_free(struct probe_log *l)
{
	free(l->e);
	probe_log_init(l);
}

int
probe_log_sent(struct probe_log *l, uint64_t us)
{
	struct probe_entry *e;
	size_t cap;

	/* seqs are 32 bits on the wire */
	if (l->n > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 1024 : l->cap * 2;
		if ((e = reallocarray(l->e, cap, sizeof(*e))) == NULL)
			return -1;
		l->e = e;
		l->cap = cap;
	}
	l->e[l->n].sent_us = us;
	l->e[l->n].recv_us = 0;
	l->n++;
	return 0;
}

void
probe_log_reply(struct probe_log *l, uint32_t seq, uint64_t us)
{
	if (seq >= l->n) {
		l->stray++;
		return;
	}
	if (l->e[seq].recv_us != 0) {
		l->dups++;
		return;
	}
	/* a zero arrival time would read as "none" */
	l->e[seq].recv_us = us != 0 ? us : 1;
	if (l->any_rx && seq < l->max_seq_rx)
		l->reordered++;
	if (!l->any_rx || seq > l->max_seq_rx)
		l->max_seq_rx = seq;
	l->any_rx = true;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
window(const struct probe_log *l, uint64_t from, uint64_t to, bool carry,
    struct probe_window *w)
{
	uint64_t *arr, prev, before = 0, rtt, rtt_sum = 0;
	size_t i, n = 0;

	memset(w, 0, sizeof(*w));
	if (to < from)
		to = from;
	if ((arr = calloc(l->n + 1, sizeof(*arr))) == NULL)
		return -1;
	for (i = 0; i < l->n; i++) {
		const struct probe_entry *e = &l->e[i];

		if (e->sent_us >= from && e->sent_us < to) {
			w->sent++;
			if (e->recv_us == 0)
				w->lost++;
		}
		if (e->recv_us == 0)
			continue;
		if (e->recv_us < from) {
			if (e->recv_us > before)
				before = e->recv_us;
			continue;
		}
		if (e->recv_us >= to)
			continue;
		arr[n++] = e->recv_us;
		rtt = e->recv_us > e->sent_us ? e->recv_us - e->sent_us : 0;
		if (w->received == 0 || rtt < w->rtt_min_us)
			w->rtt_min_us = rtt;
		if (rtt > w->rtt_max_us)
			w->rtt_max_us = rtt;
		rtt_sum += rtt;
		w->received++;
	}
	if (w->received > 0)
		w->rtt_avg_us = rtt_sum / w->received;
	qsort(arr, n, sizeof(*arr), cmp_u64);
	/* the last arrival before the window opens it */
	prev = before != 0 && carry ? before : from;
	arr[n++] = to;
	if (n > 1)
		w->first_us = arr[0];
	for (i = 0; i < n; i++) {
		if (arr[i] - prev > w->gap_us) {
			w->gap_us = arr[i] - prev;
			w->gap_start_us = prev;
		}
		prev = arr[i];
	}
	free(arr);
	return 0;
}

int
probe_window(const struct probe_log *l, uint64_t from, uint64_t to,
    struct probe_window *w)
{
	return window(l, from, to, true, w);
}

int
probe_window_fresh(const struct probe_log *l, uint64_t from, uint64_t to,
    struct probe_window *w)
{
	return window(l, from, to, false, w);
}

static int
write_log(FILE *f, char kind, const struct probe_log *l)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (fprintf(f, "%c,%zu,%" PRIu64 ",%" PRIu64 "\n", kind, i,
		    l->e[i].sent_us, l->e[i].recv_us) < 0)
			return -1;
	return 0;
}

int
probe_timeline_write(FILE *f, const struct probe_log *udp,
    const struct probe_log *tcp, uint64_t broke_us, const char *why)
{
	if (fprintf(f, "# fama-cn-timeline 1\n") < 0 ||
	    write_log(f, 'u', udp) == -1 || write_log(f, 't', tcp) == -1)
		return -1;
	if (broke_us != 0 && fprintf(f, "x,%" PRIu64 ",%s\n", broke_us,
	    why != NULL && *why != '\0' ? why : "closed") < 0)
		return -1;
	return fflush(f) == EOF ? -1 : 0;
}

/* A decimal number without sign or blanks, up to the next ',' or the end
 * of the field; *p moves past it and its comma. */
static int
field_u64(const char **p, bool last, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (last ? *s != '\0' : *s != ',')
		return -1;
	*p = last ? s : s + 1;
	*v = x;
	return 0;
}

static int
read_entry(const char *s, struct probe_log *l)
{
	uint64_t seq, sent, recv;

	if (field_u64(&s, false, &seq) == -1 ||
	    field_u64(&s, false, &sent) == -1 ||
	    field_u64(&s, true, &recv) == -1)
		return -1;
	if (l == NULL)
		return 0;
	if (seq != l->n || probe_log_sent(l, sent) == -1)
		return -1;
	if (recv != 0)
		probe_log_reply(l, (uint32_t)seq, recv);
	return 0;
}

int
probe_timeline_read(FILE *f, struct probe_log *udp, struct probe_log *tcp,
    uint64_t *broke_us, size_t *lineno)
{
	char line[256];
	const char *s;
	size_t len, n = 0;
	uint64_t t;
	int rc;

	*broke_us = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		*lineno = ++n;
		len = strlen(line);
		if (len == 0 || line[len - 1] != '\n')
			goto bad;
		line[len - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (line[1] != ',')
			goto bad;
		s = line + 2;
		switch (line[0]) {
		case 'u':
			rc = read_entry(s, udp);
			break;
		case 't':
			rc = read_entry(s, tcp);
			break;
		case 'x':
			rc = field_u64(&s, false, &t);
			if (rc == 0 && *s == '\0')
				rc = -1;
			if (rc == 0)
				*broke_us = t;
			break;
		default:
			rc = -1;
		}
		if (rc == -1)
			goto bad;
	}
	if (ferror(f)) {
		errno = EIO;
		return -1;
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

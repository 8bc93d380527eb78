// SPDX-License-Identifier: GPL-2.0-only
/* The JSON writer: structure tracking, string escaping, numbers. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "roles/json.h"

#define BIT(d)	(UINT32_C(1) << (d))

void
json_init(struct json *j, FILE *f, int flags)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->flags = flags;
}

static void
json_indent(struct json *j, int depth)
{
	int i;

	if (!(j->flags & JSON_PRETTY))
		return;
	fputc('\n', j->f);
	for (i = 0; i < depth; i++)
		fputs("  ", j->f);
}

/* The length of the valid UTF-8 sequence at s (at most n octets), or 0
 * (RFC 3629 §4: no overlongs, no surrogates, nothing past U+10FFFF). */
static size_t
json_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static void
json_quote(struct json *j, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), k;

	fputc('"', j->f);
	while (n > 0) {
		switch (*s) {
		case '"':
			fputs("\\\"", j->f);
			break;
		case '\\':
			fputs("\\\\", j->f);
			break;
		case '\b':
			fputs("\\b", j->f);
			break;
		case '\f':
			fputs("\\f", j->f);
			break;
		case '\n':
			fputs("\\n", j->f);
			break;
		case '\r':
			fputs("\\r", j->f);
			break;
		case '\t':
			fputs("\\t", j->f);
			break;
		default:
			if (*s < 0x20) {
				fprintf(j->f, "\\u%04x", *s);
				break;
			}
			if ((k = json_utf8_len(s, n)) == 0) {
				fputs("\\ufffd", j->f);
				break;
			}
			fwrite(s, 1, k, j->f);
			s += k;
			n -= k;
			continue;
		}
		s++;
		n--;
	}
	fputc('"', j->f);
}

/* Checks the key against the context and writes separator and key. */
static bool
json_begin(struct json *j, const char *key)
{
	bool in_obj;

	if (j->err)
		return false;
	if (j->depth == 0) {
		if (key != NULL || j->done) {
			j->err = true;
			return false;
		}
		return true;
	}
	in_obj = (j->is_obj & BIT(j->depth)) != 0;
	if (in_obj != (key != NULL)) {
		j->err = true;
		return false;
	}
	if (j->has_items & BIT(j->depth))
		fputc(',', j->f);
	j->has_items |= BIT(j->depth);
	json_indent(j, j->depth);
	if (key != NULL) {
		json_quote(j, key);
		fputs(j->flags & JSON_PRETTY ? ": " : ":", j->f);
	}
	return true;
}

static void
json_end_value(struct json *j)
{
	if (j->depth == 0)
		j->done = true;
}

static void
json_open(struct json *j, const char *key, bool obj)
{
	if (j->depth + 1 >= JSON_MAX_DEPTH) {
		j->err = true;
		return;
	}
	if (!json_begin(j, key))
		return;
	j->depth++;
	if (obj)
		j->is_obj |= BIT(j->depth);
	else
		j->is_obj &= ~BIT(j->depth);
	j->has_items &= ~BIT(j->depth);
	fputc(obj ? '{' : '[', j->f);
}

static void
json_close(struct json *j, bool obj)
{
	if (j->err)
		return;
	if (j->depth == 0 || ((j->is_obj & BIT(j->depth)) != 0) != obj) {
		j->err = true;
		return;
	}
	if (j->has_items & BIT(j->depth))
		json_indent(j, j->depth - 1);
	fputc(obj ? '}' : ']', j->f);
	j->depth--;
	json_end_value(j);
}

void
json_object_open(struct json *j, const char *key)
{
	json_open(j, key, true);
}

void
json_object_close(struct json *j)
{
	json_close(j, true);
}

void
json_array_open(struct json *j, const char *key)
{
	json_open(j, key, false);
}

void
json_array_close(struct json *j)
{
	json_close(j, false);
}

void
json_string(struct json *j, const char *key, const char *s)
{
	if (!json_begin(j, key))
		return;
	if (s == NULL)
		fputs("null", j->f);
	else
		json_quote(j, s);
	json_end_value(j);
}

void
json_stringf(struct json *j, const char *key, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* A truncated value would be a silent lie. */
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		j->err = true;
		return;
	}
	json_string(j, key, buf);
}

void
json_int(struct json *j, const char *key, int64_t v)
{
	if (!json_begin(j, key))
		return;
	fprintf(j->f, "%" PRId64, v);
	json_end_value(j);
}

void
json_uint(struct json *j, const char *key, uint64_t v)
{
	if (!json_begin(j, key))
		return;
	fprintf(j->f, "%" PRIu64, v);
	json_end_value(j);
}

void
json_double(struct json *j, const char *key, double v)
{
	char buf[40];

	if (!json_begin(j, key))
		return;
	if (!isfinite(v))
		fputs("null", j->f);
	else {
		/* The shortest of the two that reads back exactly. */
		snprintf(buf, sizeof(buf), "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof(buf), "%.17g", v);
		fputs(buf, j->f);
	}
	json_end_value(j);
}

void
json_bool(struct json *j, const char *key, bool v)
{
	if (!json_begin(j, key))
		return;
	fputs(v ? "true" : "false", j->f);
	json_end_value(j);
}

void
json_null(struct json *j, const char *key)
{
	if (!json_begin(j, key))
		return;
	fputs("null", j->f);
	json_end_value(j);
}

void
json_ip6(struct json *j, const char *key, const struct in6_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (a == NULL || inet_ntop(AF_INET6, a, buf, sizeof(buf)) == NULL) {
		json_null(j, key);
		return;
	}
	json_string(j, key, buf);
}

int
json_done(struct json *j)
{
	if (j->err || j->depth != 0 || !j->done) {
		j->err = true;
		errno = EINVAL;
		return -1;
	}
	fputc('\n', j->f);
	if (fflush(j->f) == EOF || ferror(j->f)) {
		errno = EIO;
		return -1;
	}
	return 0;
}

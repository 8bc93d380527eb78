// SPDX-License-Identifier: GPL-2.0-only
/* The JSON reader: a recursive-descent tokenizer with a depth limit, and
 * lookups over the token array.  Strings are checked (escapes, control
 * characters) at parse time and unescaped only when read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testbed/jsonr.h"

struct jr_parser {
	struct jr	*j;
	size_t		 pos;
	int		 depth;
};

static void
skip_ws(struct jr_parser *p)
{
	const char *s = p->j->s;

	while (p->pos < p->j->len && (s[p->pos] == ' ' || s[p->pos] == '\t' ||
	    s[p->pos] == '\n' || s[p->pos] == '\r'))
		p->pos++;
}

static int
new_tok(struct jr_parser *p, enum jr_type type, size_t start)
{
	struct jr *j = p->j;
	struct jr_tok *t;
	size_t cap;

	if (j->n == JR_MAX_TOKENS) {
		errno = EBADMSG;
		return -1;
	}
	if (j->n == j->cap) {
		cap = j->cap == 0 ? 64 : j->cap * 2;
		if ((t = reallocarray(j->t, cap, sizeof(*t))) == NULL)
			return -1;
		j->t = t;
		j->cap = cap;
	}
	t = &j->t[j->n];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->start = t->end = start;
	return (int)j->n++;
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
parse_string(struct jr_parser *p)
{
	const char *s = p->j->s;
	size_t i;
	int k;

	/* at the opening quote */
	if ((k = new_tok(p, JR_STRING, ++p->pos)) == -1)
		return -1;
	while (p->pos < p->j->len) {
		unsigned char c = (unsigned char)s[p->pos];

		if (c == '"') {
			p->j->t[k].end = p->pos++;
			p->j->t[k].next = (size_t)k + 1;
			return k;
		}
		if (c < 0x20)
			break;
		if (c != '\\') {
			p->pos++;
			continue;
		}
		if (++p->pos >= p->j->len)
			break;
		switch (s[p->pos]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			p->pos++;
			continue;
		case 'u':
			for (i = 1; i <= 4; i++)
				if (p->pos + i >= p->j->len ||
				    !is_hex(s[p->pos + i]))
					goto bad;
			p->pos += 5;
			continue;
		default:
			goto bad;
		}
	}
bad:
	errno = EBADMSG;
	return -1;
}

static int
parse_number(struct jr_parser *p)
{
	const char *s = p->j->s;
	size_t n = p->j->len, i = p->pos, d;
	int k;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		goto bad;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			goto bad;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			goto bad;
	}
	if ((k = new_tok(p, JR_NUMBER, p->pos)) == -1)
		return -1;
	p->j->t[k].end = i;
	p->j->t[k].next = (size_t)k + 1;
	p->pos = i;
	return k;
bad:
	errno = EBADMSG;
	return -1;
}

static int
parse_word(struct jr_parser *p, const char *w, enum jr_type type)
{
	size_t n = strlen(w);
	int k;

	if (p->j->len - p->pos < n || memcmp(p->j->s + p->pos, w, n) != 0) {
		errno = EBADMSG;
		return -1;
	}
	if ((k = new_tok(p, type, p->pos)) == -1)
		return -1;
	p->pos += n;
	p->j->t[k].end = p->pos;
	p->j->t[k].next = (size_t)k + 1;
	return k;
}

static int	parse_value(struct jr_parser *);

/* An array or an object; at its opening bracket. */
static int
parse_container(struct jr_parser *p, bool obj)
{
	char close = obj ? '}' : ']';
	size_t size = 0;
	int k;

	if (++p->depth > JR_MAX_DEPTH) {
		errno = EBADMSG;
		return -1;
	}
	if ((k = new_tok(p, obj ? JR_OBJECT : JR_ARRAY, p->pos++)) == -1)
		return -1;
	skip_ws(p);
	if (p->pos < p->j->len && p->j->s[p->pos] == close) {
		p->pos++;
		goto done;
	}
	for (;;) {
		skip_ws(p);
		if (obj) {
			if (p->pos >= p->j->len || p->j->s[p->pos] != '"' ||
			    parse_string(p) == -1)
				goto bad;
			skip_ws(p);
			if (p->pos >= p->j->len || p->j->s[p->pos] != ':')
				goto bad;
			p->pos++;
		}
		if (parse_value(p) == -1)
			return -1;
		size++;
		skip_ws(p);
		if (p->pos >= p->j->len)
			goto bad;
		if (p->j->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->j->s[p->pos] != close)
			goto bad;
		p->pos++;
		break;
	}
done:
	p->depth--;
	p->j->t[k].end = p->pos;
	p->j->t[k].size = size;
	p->j->t[k].next = p->j->n;
	return k;
bad:
	errno = EBADMSG;
	return -1;
}

static int
parse_value(struct jr_parser *p)
{
	skip_ws(p);
	if (p->pos >= p->j->len) {
		errno = EBADMSG;
		return -1;
	}
	switch (p->j->s[p->pos]) {
	case '{':
		return parse_container(p, true);
	case '[':
		return parse_container(p, false);
	case '"':
		return parse_string(p);
	case 't':
		return parse_word(p, "true", JR_BOOL);
	case 'f':
		return parse_word(p, "false", JR_BOOL);
	case 'n':
		return parse_word(p, "null", JR_NULL);
	default:
		return parse_number(p);
	}
}

int
jr_parse(struct jr *j, const char *s, size_t len)
{
	struct jr_parser p = { j, 0, 0 };

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->len = len;
	if (parse_value(&p) == -1)
		return -1;
	skip_ws(&p);
	if (p.pos != len) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

void
jr_free(struct jr *j)
{
	free(j->t);
	memset(j, 0, sizeof(*j));
}

static bool
tok_ok(const struct jr *j, int k)
{
	return k >= 0 && (size_t)k < j->n;
}

bool
jr_is(const struct jr *j, int k, enum jr_type type)
{
	return tok_ok(j, k) && j->t[k].type == type;
}

size_t
jr_size(const struct jr *j, int k)
{
	return tok_ok(j, k) ? j->t[k].size : 0;
}

/* Compares a raw string token with key: escapes in the token never
 * match, which suits the plain member names fama writes. */
static bool
name_is(const struct jr *j, const struct jr_tok *t, const char *key,
    size_t klen)
{
	return t->end - t->start == klen &&
	    memcmp(j->s + t->start, key, klen) == 0;
}

static int
member_n(const struct jr *j, int obj, const char *key, size_t klen)
{
	size_t i, k;

	if (!jr_is(j, obj, JR_OBJECT))
		return -1;
	for (i = 0, k = (size_t)obj + 1; i < j->t[obj].size; i++) {
		if (name_is(j, &j->t[k], key, klen))
			return (int)k + 1;
		k = j->t[k + 1].next;
	}
	return -1;
}

int
jr_member(const struct jr *j, int obj, const char *key)
{
	return member_n(j, obj, key, strlen(key));
}

int
jr_elem(const struct jr *j, int arr, size_t idx)
{
	size_t i, k;

	if (!jr_is(j, arr, JR_ARRAY) || idx >= j->t[arr].size)
		return -1;
	for (i = 0, k = (size_t)arr + 1; i < idx; i++)
		k = j->t[k].next;
	return (int)k;
}

int
jr_path(const struct jr *j, int from, const char *path)
{
	const char *dot;
	int k = from;

	while (k != -1 && *path != '\0') {
		dot = strchr(path, '.');
		k = member_n(j, k, path, dot != NULL ? (size_t)(dot - path) :
		    strlen(path));
		path = dot != NULL ? dot + 1 : path + strlen(path);
	}
	return k;
}

/* An integer token's digits, with its sign; false for fractions. */
static bool
int_text(const struct jr *j, int k, bool *neg, uint64_t *v)
{
	const struct jr_tok *t;
	size_t i;
	uint64_t x = 0;

	if (!jr_is(j, k, JR_NUMBER))
		return false;
	t = &j->t[k];
	i = t->start;
	*neg = j->s[i] == '-';
	if (*neg)
		i++;
	for (; i < t->end; i++) {
		char c = j->s[i];

		if (c < '0' || c > '9')
			return false;
		if (x > (UINT64_MAX - (uint64_t)(c - '0')) / 10)
			return false;
		x = x * 10 + (uint64_t)(c - '0');
	}
	*v = x;
	return true;
}

bool
jr_u64(const struct jr *j, int k, uint64_t *v)
{
	bool neg;
	uint64_t x;

	if (!int_text(j, k, &neg, &x) || (neg && x != 0))
		return false;
	*v = x;
	return true;
}

bool
jr_i64(const struct jr *j, int k, int64_t *v)
{
	bool neg;
	uint64_t x;

	if (!int_text(j, k, &neg, &x))
		return false;
	if (neg) {
		if (x > (uint64_t)INT64_MAX + 1)
			return false;
		*v = x == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)x;
	} else {
		if (x > INT64_MAX)
			return false;
		*v = (int64_t)x;
	}
	return true;
}

bool
jr_bool(const struct jr *j, int k, bool *v)
{
	if (!jr_is(j, k, JR_BOOL))
		return false;
	*v = j->s[j->t[k].start] == 't';
	return true;
}

static unsigned
hex4(const char *s)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v = v * 16 + (unsigned)(c <= '9' ? c - '0' :
		    (c | 0x20) - 'a' + 10);
	}
	return v;
}

static bool
put_utf8(char *buf, size_t len, size_t *o, unsigned cp)
{
	uint8_t b[4];
	size_t n, i;

	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xc0 | cp >> 6);
		b[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xe0 | cp >> 12);
		b[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xf0 | cp >> 18);
		b[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (len - *o < n + 1)
		return false;
	for (i = 0; i < n; i++)
		buf[(*o)++] = (char)b[i];
	return true;
}

bool
jr_str(const struct jr *j, int k, char *buf, size_t len)
{
	const struct jr_tok *t;
	const char *s;
	size_t i, o = 0;
	unsigned cp, lo;

	if (!jr_is(j, k, JR_STRING) || len == 0)
		return false;
	t = &j->t[k];
	s = j->s;
	for (i = t->start; i < t->end; ) {
		if (s[i] != '\\') {
			if (len - o < 2)
				return false;
			buf[o++] = s[i++];
			continue;
		}
		i++;
		switch (s[i]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			cp = hex4(s + i + 1);
			i += 4;
			/* a high surrogate joins the low one after it;
			 * a lone surrogate becomes U+FFFD */
			if (cp >= 0xd800 && cp < 0xdc00 && i + 6 < t->end &&
			    s[i + 1] == '\\' && s[i + 2] == 'u' &&
			    (lo = hex4(s + i + 3)) >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
			break;
		default:
			cp = (unsigned char)s[i];
		}
		i++;
		if (cp == 0 || !put_utf8(buf, len, &o, cp))
			return false;
	}
	buf[o] = '\0';
	return true;
}

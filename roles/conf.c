// SPDX-License-Identifier: GPL-2.0-only
/* Configuration: one option table parsed from argv and from `key value`
 * files, with reloads that report changes and refuse restart-only ones. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "roles/conf.h"

#define CONF_LINE	1024	/* characters, without the newline */
#define CONF_LONG_VAL	256	/* getopt_long val of long-only options */

static void
conf_seterr(struct conf *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

const char *
conf_error(const struct conf *c)
{
	return c->err;
}

int
conf_init(struct conf *c, const struct conf_opt *opts, size_t nopts,
    const void *defaults, void *cur, size_t size)
{
	const struct conf_opt *o;
	size_t i, j, want;

	memset(c, 0, sizeof(*c));
	c->opts = opts;
	c->nopts = nopts;
	c->defaults = defaults;
	c->cur = cur;
	c->size = size;
	errno = EINVAL;
	if (nopts > CONF_MAX_OPTS) {
		conf_seterr(c, "more than %d options", CONF_MAX_OPTS);
		return -1;
	}
	for (i = 0; i < nopts; i++) {
		o = &opts[i];
		if (o->name == NULL || o->name[0] == '\0' ||
		    strpbrk(o->name, " \t=#") != NULL) {
			conf_seterr(c, "option %zu: bad name", i);
			return -1;
		}
		switch (o->type) {
		case CONF_FLAG:
			want = sizeof(bool);
			break;
		case CONF_COUNT:
		case CONF_INT:
			want = sizeof(int);
			break;
		default:
			want = o->size;
			break;
		}
		if (o->size == 0 || o->size != want ||
		    o->off > size || o->size > size - o->off ||
		    (o->type == CONF_CUSTOM) != (o->parse != NULL) ||
		    ((o->flags & CONF_MULTI) && o->type != CONF_CUSTOM) ||
		    (o->type == CONF_INT && o->min > o->max) ||
		    (o->short_name != 0 && (o->short_name >= CONF_LONG_VAL ||
		    !isalnum(o->short_name)))) {
			conf_seterr(c, "option %s: inconsistent entry",
			    o->name);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(opts[j].name, o->name) == 0 ||
			    (o->short_name != 0 &&
			    opts[j].short_name == o->short_name)) {
				conf_seterr(c, "option %s: defined twice",
				    o->name);
				return -1;
			}
	}
	memcpy(cur, defaults, size);
	errno = 0;
	return 0;
}

/* One value into the member at base + off; reason in why on failure.
 * val is NULL when no value was given. */
static int
conf_set(const struct conf_opt *o, const char *val, bool cli, void *base,
    char *why, size_t whylen)
{
	void *field = (char *)base + o->off;
	long long v;
	char *end;
	bool b;
	int iv;

	switch (o->type) {
	case CONF_FLAG:
		if (val == NULL)
			b = true;
		else if (strcmp(val, "yes") == 0 || strcmp(val, "true") == 0 ||
		    strcmp(val, "on") == 0 || strcmp(val, "1") == 0)
			b = true;
		else if (strcmp(val, "no") == 0 || strcmp(val, "false") == 0 ||
		    strcmp(val, "off") == 0 || strcmp(val, "0") == 0)
			b = false;
		else {
			snprintf(why, whylen, "'%s' is not yes or no", val);
			return -1;
		}
		memcpy(field, &b, sizeof(b));
		return 0;
	case CONF_COUNT:
		memcpy(&iv, field, sizeof(iv));
		if (cli) {
			if (iv < INT_MAX)
				iv++;
			memcpy(field, &iv, sizeof(iv));
			return 0;
		}
		if (val == NULL) {
			iv = 1;
			memcpy(field, &iv, sizeof(iv));
			return 0;
		}
		/* FALLTHROUGH */
	case CONF_INT:
		if (val == NULL) {
			snprintf(why, whylen, "needs a value");
			return -1;
		}
		errno = 0;
		v = strtoll(val, &end, 10);
		if (end == val || *end != '\0' ||
		    isspace((unsigned char)*val)) {
			snprintf(why, whylen, "'%s' is not a number", val);
			return -1;
		}
		if (o->type == CONF_COUNT ? (errno != 0 || v < 0 ||
		    v > INT_MAX) : (errno != 0 || v < o->min || v > o->max ||
		    v < INT_MIN || v > INT_MAX)) {
			if (o->type == CONF_COUNT)
				snprintf(why, whylen, "'%s' is out of range "
				    "0..%d", val, INT_MAX);
			else
				snprintf(why, whylen, "'%s' is out of range "
				    "%lld..%lld", val, o->min, o->max);
			return -1;
		}
		iv = (int)v;
		memcpy(field, &iv, sizeof(iv));
		return 0;
	case CONF_STR:
		if (val == NULL) {
			snprintf(why, whylen, "needs a value");
			return -1;
		}
		if (strlen(val) >= o->size) {
			snprintf(why, whylen, "too long (at most %zu "
			    "characters)", o->size - 1);
			return -1;
		}
		memset(field, 0, o->size);
		memcpy(field, val, strlen(val));
		return 0;
	case CONF_CUSTOM:
		if (val == NULL) {
			snprintf(why, whylen, "needs a value");
			return -1;
		}
		why[0] = '\0';
		if (o->parse(val, field, why, whylen) == -1) {
			if (why[0] == '\0')
				snprintf(why, whylen, "bad value '%s'", val);
			return -1;
		}
		return 0;
	}
	snprintf(why, whylen, "unknown option type");
	return -1;
}

/* The command line. */

static const struct conf_opt *
conf_by_val(const struct conf *c, int val, size_t *idx)
{
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if ((c->opts[i].short_name != 0 &&
		    c->opts[i].short_name == val) ||
		    (c->opts[i].short_name == 0 &&
		    val == CONF_LONG_VAL + (int)i)) {
			*idx = i;
			return &c->opts[i];
		}
	return NULL;
}

/* getopt_long takes unambiguous prefixes of long names; fama does not. */
static bool
conf_exact(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, name, n) == 0 &&
	    (arg[2 + n] == '\0' || arg[2 + n] == '=');
}

int
conf_args(struct conf *c, int argc, char **argv)
{
	struct option lo[CONF_MAX_OPTS + 1];
	char shorts[2 + 2 * CONF_MAX_OPTS + 1], why[256];
	const struct conf_opt *o;
	size_t i, n = 0, idx;
	int ch, before, li;
	const char *tok;

	memset(lo, 0, sizeof(lo));
	shorts[n++] = '+';	/* stop at the first operand */
	shorts[n++] = ':';	/* report a missing argument as ':' */
	for (i = 0; i < c->nopts; i++) {
		o = &c->opts[i];
		lo[i].name = o->name;
		lo[i].has_arg = o->type == CONF_FLAG ||
		    o->type == CONF_COUNT ? no_argument : required_argument;
		lo[i].val = o->short_name != 0 ? o->short_name :
		    CONF_LONG_VAL + (int)i;
		if (o->short_name != 0) {
			shorts[n++] = (char)o->short_name;
			if (lo[i].has_arg == required_argument)
				shorts[n++] = ':';
		}
	}
	shorts[n] = '\0';

	optind = 0;		/* glibc: a full reset, for repeated calls */
	opterr = 0;
	for (;;) {
		before = optind == 0 ? 1 : optind;
		li = -1;
		ch = getopt_long(argc, argv, shorts, lo, &li);
		if (ch == -1)
			break;
		if (ch == '?' || ch == ':') {
			o = optopt != 0 ? conf_by_val(c, optopt, &idx) : NULL;
			tok = argv[optind - 1];
			if (ch == ':' && o != NULL)
				conf_seterr(c, "--%s: needs a value", o->name);
			else if (o != NULL && conf_exact(tok, o->name))
				conf_seterr(c, "--%s: takes no value",
				    o->name);
			else if (optopt > 0 && optopt < CONF_LONG_VAL &&
			    tok[1] != '-')
				conf_seterr(c, "unknown option -%c", optopt);
			else
				conf_seterr(c, "unknown option %s", tok);
			return -1;
		}
		if ((o = conf_by_val(c, ch, &idx)) == NULL) {
			conf_seterr(c, "unknown option");
			return -1;
		}
		if (li >= 0 && !conf_exact(argv[before], o->name)) {
			conf_seterr(c, "unknown option %s (options are not "
			    "abbreviated)", argv[before]);
			return -1;
		}
		if (conf_set(o, optarg, true, c->cur, why, sizeof(why)) == -1) {
			conf_seterr(c, "--%s: %s", o->name, why);
			return -1;
		}
		c->cli[idx] = true;
	}
	return optind;
}

/* The file. */

static const struct conf_opt *
conf_by_name(const struct conf *c, const char *name, size_t *idx)
{
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if (strcmp(c->opts[i].name, name) == 0) {
			*idx = i;
			return &c->opts[i];
		}
	return NULL;
}

/* Parses path into base; keys set on the command line are checked (into
 * a scratch member) but not applied. */
static int
conf_parse_file(struct conf *c, const char *path, void *base)
{
	char why[256], *line = NULL, *p, *key, *val, *e;
	int first[CONF_MAX_OPTS] = { 0 };
	const struct conf_opt *o;
	unsigned char *scratch;
	size_t idx, cap = 0, len;
	int lineno = 0, rv = -1, saved;
	ssize_t r;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		saved = errno;
		conf_seterr(c, "%s: %s", path, strerror(errno));
		errno = saved;
		return -1;
	}
	if ((scratch = malloc(c->size)) == NULL) {
		conf_seterr(c, "%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	errno = 0;
	while ((r = getline(&line, &cap, f)) != -1) {
		lineno++;
		len = (size_t)r;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > CONF_LINE) {
			conf_seterr(c, "%s:%d: line too long (at most %d "
			    "characters)", path, lineno, CONF_LINE);
			goto out;
		}
		if (memchr(line, '\0', len) != NULL) {
			conf_seterr(c, "%s:%d: NUL in line", path, lineno);
			goto out;
		}
		/* A leading '#' or one after a blank starts a comment. */
		for (p = line; *p != '\0'; p++)
			if (*p == '#' && (p == line ||
			    isspace((unsigned char)p[-1]))) {
				*p = '\0';
				break;
			}
		for (key = line; isspace((unsigned char)*key); key++)
			;
		if (*key == '\0')
			continue;
		for (val = key; *val != '\0' && !isspace((unsigned char)*val);
		    val++)
			;
		if (*val != '\0')
			*val++ = '\0';
		while (isspace((unsigned char)*val))
			val++;
		for (e = val + strlen(val); e > val &&
		    isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';

		if ((o = conf_by_name(c, key, &idx)) == NULL) {
			conf_seterr(c, "%s:%d: unknown key '%.64s'", path,
			    lineno, key);
			goto out;
		}
		if (o->flags & CONF_NOFILE) {
			conf_seterr(c, "%s:%d: %s: only on the command line",
			    path, lineno, key);
			goto out;
		}
		if (first[idx] != 0 && !(o->flags & CONF_MULTI)) {
			conf_seterr(c, "%s:%d: %s: given twice (first on "
			    "line %d)", path, lineno, key, first[idx]);
			goto out;
		}
		if (first[idx] == 0)
			first[idx] = lineno;
		/* A key the command line set is checked, not applied. */
		if (c->cli[idx])
			memset(scratch, 0, c->size);
		if (conf_set(o, *val != '\0' ? val : NULL, false,
		    c->cli[idx] ? scratch : base, why, sizeof(why)) == -1) {
			conf_seterr(c, "%s:%d: %s: %s", path, lineno, key, why);
			goto out;
		}
		errno = 0;
	}
	if (ferror(f) || errno == ENOMEM) {
		conf_seterr(c, "%s: %s", path, strerror(errno));
		goto out;
	}
	rv = 0;
out:
	saved = errno;
	free(line);
	free(scratch);
	fclose(f);
	errno = saved;
	return rv;
}

int
conf_file(struct conf *c, const char *path)
{
	return conf_parse_file(c, path, c->cur);
}

static bool
conf_differs(const struct conf_opt *o, const void *a, const void *b)
{
	const char *pa = (const char *)a + o->off;
	const char *pb = (const char *)b + o->off;

	if (o->type == CONF_STR)
		return strncmp(pa, pb, o->size) != 0;
	return memcmp(pa, pb, o->size) != 0;
}

int
conf_reload(struct conf *c, const char *path,
    void (*changed)(const struct conf_opt *, void *), void *arg)
{
	bool diff[CONF_MAX_OPTS];
	const struct conf_opt *o;
	unsigned char *next;
	size_t i, len = 0;
	int n = 0;

	if ((next = malloc(c->size)) == NULL) {
		conf_seterr(c, "%s", strerror(errno));
		return -1;
	}
	memcpy(next, c->defaults, c->size);
	if (conf_parse_file(c, path, next) == -1) {
		free(next);
		return -1;
	}
	for (i = 0; i < c->nopts; i++)
		if (c->cli[i])
			memcpy(next + c->opts[i].off,
			    (unsigned char *)c->cur + c->opts[i].off,
			    c->opts[i].size);
	c->err[0] = '\0';
	for (i = 0; i < c->nopts; i++) {
		o = &c->opts[i];
		if (!(o->flags & CONF_RESTART) ||
		    !conf_differs(o, c->cur, next))
			continue;
		if (len == 0)
			len = (size_t)snprintf(c->err, sizeof(c->err),
			    "%s: only a restart can change %s", path,
			    o->name);
		else if (len < sizeof(c->err))
			len += (size_t)snprintf(c->err + len,
			    sizeof(c->err) - len, ", %s", o->name);
	}
	if (len > 0) {
		if (len < sizeof(c->err))
			snprintf(c->err + len, sizeof(c->err) - len,
			    "; nothing reloaded");
		free(next);
		errno = EBUSY;
		return -1;
	}
	/* Note what changed before cur does, report after. */
	for (i = 0; i < c->nopts; i++)
		if ((diff[i] = conf_differs(&c->opts[i], c->cur, next)))
			n++;
	memcpy(c->cur, next, c->size);
	free(next);
	for (i = 0; i < c->nopts; i++)
		if (diff[i] && changed != NULL)
			changed(&c->opts[i], arg);
	return n;
}

void
conf_usage(const struct conf *c, FILE *f)
{
	const struct conf_opt *o;
	char left[64];
	size_t i;

	for (i = 0; i < c->nopts; i++) {
		o = &c->opts[i];
		if (o->short_name != 0)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
			    o->short_name, o->name, o->arg != NULL ? " " : "",
			    o->arg != NULL ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->arg != NULL ? " " : "", o->arg != NULL ?
			    o->arg : "");
		if (o->help == NULL || o->help[0] == '\0')
			fprintf(f, "  %s\n", left);
		else if (strlen(left) < 28)
			fprintf(f, "  %-28s%s\n", left, o->help);
		else
			fprintf(f, "  %s\n  %28s%s\n", left, "", o->help);
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/* Tables for people: cells collected first, widths known at print time. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "roles/table.h"

#define TABLE_MAX_COLS	16

struct table {
	size_t	  ncols;
	char	**cells;	/* row-major, the header first */
	size_t	  ncells;
	size_t	  cap;
	bool	  right[TABLE_MAX_COLS];
	bool	  err;
};

static void
table_push(struct table *t, char *s)
{
	char **c;
	size_t ncap;

	if (s == NULL) {
		t->err = true;
		return;
	}
	if (t->ncells == t->cap) {
		ncap = t->cap == 0 ? 32 : t->cap * 2;
		if ((c = reallocarray(t->cells, ncap, sizeof(*c))) == NULL) {
			free(s);
			t->err = true;
			return;
		}
		t->cells = c;
		t->cap = ncap;
	}
	t->cells[t->ncells++] = s;
}

struct table *
table_new(const char *first, ...)
{
	struct table *t;
	const char *h;
	va_list ap;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	va_start(ap, first);
	for (h = first; h != NULL; h = va_arg(ap, const char *)) {
		if (t->ncols == TABLE_MAX_COLS) {
			t->err = true;
			break;
		}
		t->ncols++;
		table_push(t, strdup(h));
	}
	va_end(ap);
	if (t->ncols == 0 || t->err) {
		table_free(t);
		errno = EINVAL;
		return NULL;
	}
	return t;
}

int
table_add(struct table *t, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	if (t->err)
		return -1;
	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	table_push(t, r == -1 ? NULL : s);
	return t->err ? -1 : 0;
}

void
table_right(struct table *t, int col)
{
	if (col >= 0 && (size_t)col < t->ncols)
		t->right[col] = true;
}

int
table_print(struct table *t, FILE *f)
{
	size_t width[TABLE_MAX_COLS] = { 0 }, i, col, len, pad, pending, last;
	const char *s;

	if (t->err) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < t->ncells; i++) {
		len = strlen(t->cells[i]);
		if (len > width[i % t->ncols])
			width[i % t->ncols] = len;
	}
	/* A short last row is printed with empty cells.  Padding is only
	 * written when something follows it: no trailing blanks. */
	last = (t->ncells + t->ncols - 1) / t->ncols * t->ncols;
	pending = 0;
	for (i = 0; i < last; i++) {
		col = i % t->ncols;
		s = i < t->ncells ? t->cells[i] : "";
		len = strlen(s);
		pad = width[col] - len;
		if (col > 0)
			pending += 2;
		if (t->right[col])
			pending += pad;
		if (len > 0) {
			fprintf(f, "%*s%s", (int)pending, "", s);
			pending = 0;
		}
		if (!t->right[col])
			pending += pad;
		if (col + 1 == t->ncols) {
			fputc('\n', f);
			pending = 0;
		}
	}
	if (fflush(f) == EOF || ferror(f)) {
		errno = EIO;
		return -1;
	}
	return 0;
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* Aligned columns for the human form of `fama ROLE show ...` replies. */
#ifndef FAMA_ROLES_TABLE_H
#define FAMA_ROLES_TABLE_H

#include <stdio.h>

/*
 * table_new("HOA", "COA", "LIFETIME", NULL) names the columns; each
 * table_add() fills the next cell, row after row.  table_print() writes
 * the header and the rows, columns two spaces apart, left-aligned unless
 * table_right() says otherwise, without trailing blanks.  Widths count
 * octets, which is right for the ASCII that addresses and counters are.
 * An allocation failure is remembered and reported by table_print().
 */
struct table;

struct table	*table_new(const char *, ...)
		    __attribute__((__sentinel__));
int		 table_add(struct table *, const char *, ...)
		    __attribute__((__format__(__printf__, 2, 3)));
void		 table_right(struct table *, int);
/* 0, or -1 with errno ENOMEM (an earlier failure) or EIO. */
int		 table_print(struct table *, FILE *);
void		 table_free(struct table *);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* A small strict JSON reader (RFC 8259) for what the lab reads back from
 * the daemons' `show --json`: the text is split into tokens once, and
 * values are looked up by member name, index or dotted path. */
#ifndef FAMA_TESTBED_JSONR_H
#define FAMA_TESTBED_JSONR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JR_MAX_DEPTH	64
#define JR_MAX_TOKENS	1000000

enum jr_type {
	JR_NULL,
	JR_BOOL,
	JR_NUMBER,
	JR_STRING,
	JR_ARRAY,
	JR_OBJECT
};

/*
 * A token is one value, or one member name (a JR_STRING whose value
 * token follows it).  start/end delimit its text in the input (a
 * string's without the quotes); next is the index of the first token
 * after the value and everything inside it; size counts the members of
 * an object or the elements of an array.
 */
struct jr_tok {
	enum jr_type	 type;
	size_t		 start;
	size_t		 end;
	size_t		 next;
	size_t		 size;
};

struct jr {
	const char	*s;
	size_t		 len;
	struct jr_tok	*t;
	size_t		 n;
	size_t		 cap;
};

/*
 * Parses one JSON value filling the whole text (blanks around it
 * allowed); the text must outlive the struct.  Token 0 is the value.
 * Returns 0, or -1 with errno EBADMSG (not JSON, nested past
 * JR_MAX_DEPTH, more than JR_MAX_TOKENS) or ENOMEM.  jr_free() in every
 * case.
 */
int	jr_parse(struct jr *, const char *, size_t);
void	jr_free(struct jr *);

/* The value of member key of the object at token obj, or -1. */
int	jr_member(const struct jr *, int, const char *);
/* Element i of the array at token arr, or -1. */
int	jr_elem(const struct jr *, int, size_t);
/* Members by a dotted path from token from ("handover.rs_ms"), or -1. */
int	jr_path(const struct jr *, int, const char *);
/* The number of elements or members at token tok (0 for scalars and -1). */
size_t	jr_size(const struct jr *, int);

/* Typed reads; false when tok is -1, of another type or out of range (a
 * number with a fraction or exponent is not an integer). */
bool	jr_u64(const struct jr *, int, uint64_t *);
bool	jr_i64(const struct jr *, int, int64_t *);
bool	jr_bool(const struct jr *, int, bool *);
/* A string, unescaped (\uXXXX to UTF-8, surrogate pairs joined) into
 * buf; false if it does not fit with its NUL or holds a NUL. */
bool	jr_str(const struct jr *, int, char *, size_t);
bool	jr_is(const struct jr *, int, enum jr_type);

#endif

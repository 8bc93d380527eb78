/* SPDX-License-Identifier: GPL-2.0-only */
/* A streaming JSON writer for the control socket's --json replies: what it
 * writes is valid JSON (RFC 8259) or json_done() says it is not. */
#ifndef FAMA_ROLES_JSON_H
#define FAMA_ROLES_JSON_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32
#define JSON_PRETTY	0x01	/* newlines and two-space indents */

/*
 * Every value call takes the member name as its key: non-NULL inside an
 * object, NULL inside an array and for the one top-level value.  Misuse
 * (a key where none belongs or the reverse, a close that does not match,
 * a second top-level value, nesting past JSON_MAX_DEPTH) sets a sticky
 * error and writes nothing more, so a bug shows up as a failure, not as
 * output a parser rejects.  Strings are escaped; bytes that are not valid
 * UTF-8 become U+FFFD.  The writer does not allocate.
 */
struct json {
	FILE		*f;
	int		 flags;
	int		 depth;
	bool		 err;
	bool		 done;		/* the top-level value is complete */
	uint32_t	 is_obj;	/* bit d: level d is an object */
	uint32_t	 has_items;	/* bit d: level d has a member */
};

void	json_init(struct json *, FILE *, int);
void	json_object_open(struct json *, const char *);
void	json_object_close(struct json *);
void	json_array_open(struct json *, const char *);
void	json_array_close(struct json *);
/* A NULL string writes null. */
void	json_string(struct json *, const char *, const char *);
void	json_stringf(struct json *, const char *, const char *, ...)
	    __attribute__((__format__(__printf__, 3, 4)));
void	json_int(struct json *, const char *, int64_t);
void	json_uint(struct json *, const char *, uint64_t);
/* NaN and infinities have no JSON form and write null. */
void	json_double(struct json *, const char *, double);
void	json_bool(struct json *, const char *, bool);
void	json_null(struct json *, const char *);
/* An IPv6 address as its RFC 5952 text, as a string. */
void	json_ip6(struct json *, const char *, const struct in6_addr *);
/* Ends the document with a newline.  0 if one complete value was written
 * without misuse or I/O error; -1 with errno EINVAL (misuse) or EIO. */
int	json_done(struct json *);

#endif

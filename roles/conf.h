/* SPDX-License-Identifier: GPL-2.0-only */
/* Daemon configuration from one option table: long options on the command
 * line, the same names as `key value` lines in a file, and reloads. */
#ifndef FAMA_ROLES_CONF_H
#define FAMA_ROLES_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A daemon keeps its settings in a plain struct (no pointers: strings are
 * char arrays) and describes each member once, in a struct conf_opt; the
 * command line (getopt_long, long names matched exactly, never by prefix)
 * and the file are both parsed through that table, so the two cannot
 * drift apart.
 *
 * The file: one `key value` per line, the key a long option name without
 * the dashes, the value the rest of the line with blanks trimmed; blank
 * lines and lines starting with '#' are skipped, and " #" starts a
 * comment.  A flag is `key` alone or `key yes|no` (true/false, on/off,
 * 1/0 too).  A key may appear once, unless it is CONF_MULTI.  Options
 * given on the command line win: the file's lines for them are checked
 * but not applied.  Errors read "FILE:LINE: key: why" and "--key: why".
 */
enum conf_type {
	CONF_FLAG,	/* bool; takes no argument on the command line */
	CONF_COUNT,	/* int; -v -v adds up, the file says `verbose 2` */
	CONF_INT,	/* int within [min, max] */
	CONF_STR,	/* char[size]; longer is an error */
	CONF_CUSTOM	/* parse() fills the member; compared by memcmp */
};

#define CONF_RESTART	0x01	/* a reload that changes it is refused */
#define CONF_NOFILE	0x02	/* command line only: config, help, ... */
#define CONF_MULTI	0x04	/* may repeat (CUSTOM lists); parse()
				 * appends to the member */

struct conf_opt {
	const char	*name;		/* long option and file key */
	int		 short_name;	/* 0: none */
	enum conf_type	 type;
	size_t		 off;		/* use CONF_AT() for off and size */
	size_t		 size;
	int		 flags;
	long long	 min;		/* CONF_INT */
	long long	 max;
	/* CONF_CUSTOM: 0, or -1 with a reason in the buffer. */
	int		(*parse)(const char *, void *, char *, size_t);
	const char	*arg;		/* usage: "SECONDS"; NULL for flags */
	const char	*help;
};

#define CONF_AT(type, member) \
	offsetof(type, member), sizeof(((type *)0)->member)

#define CONF_MAX_OPTS	64

struct conf {
	const struct conf_opt	*opts;
	size_t			 nopts;
	const void		*defaults;
	void			*cur;
	size_t			 size;
	bool			 cli[CONF_MAX_OPTS];	/* given in argv */
	char			 err[512];
};

/* Checks the table (unique names and short names, member sizes that fit
 * the types) and copies the defaults into cur.  -1 with EINVAL and a
 * message in conf_error() for a broken table. */
int	conf_init(struct conf *, const struct conf_opt *, size_t,
	    const void *, void *, size_t);
/* Parses the options of argv (argv[0] is the program) into cur, stopping
 * at the first operand; returns its index, or -1 (usage error). */
int	conf_args(struct conf *, int, char **);
/* Applies a config file to cur.  -1 on any error, cur then partly set:
 * at start-up the daemon exits. */
int	conf_file(struct conf *, const char *);
/*
 * SIGHUP: defaults, then the file, then what the command line set, into a
 * new copy; if a CONF_RESTART member differs, nothing changes and -1
 * names them; otherwise cur becomes the copy, changed() runs once per
 * changed option (after the update) and the count is returned.
 */
int	conf_reload(struct conf *, const char *,
	    void (*)(const struct conf_opt *, void *), void *);
const char *conf_error(const struct conf *);
/* The option list for a usage message, one line per option. */
void	conf_usage(const struct conf *, FILE *);

#endif

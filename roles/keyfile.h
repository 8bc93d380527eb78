/* SPDX-License-Identifier: GPL-2.0-only */
/* The MN's identity on disk: its RSA key (a secret, mode 0600) and the CGA
 * modifier found for it, kept beside it in <keyfile>.cga so that the Hash2
 * search runs once per key. */
#ifndef FAMA_ROLES_KEYFILE_H
#define FAMA_ROLES_KEYFILE_H

#include <openssl/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/cga.h"

#define KEYFILE_SIDECAR_SUFFIX	".cga"
#define KEYFILE_SHA256_LEN	32
#define KEYFILE_MSG_LEN		512	/* a message buffer; longer ones are cut */

/*
 * Every function returns 0, or -1 with errno set and a one-line message
 * (without the program name) in msg[msglen]; none prints.
 */

/* Load an RSA private key from an unencrypted PEM file.  Refused: a file
 * that is not regular, or that group or others may read or write (EPERM),
 * an encrypted or unparseable key (EBADMSG), a key that is not RSA
 * (EINVAL). */
int	keyfile_load(const char *, EVP_PKEY **, char *, size_t);

/* Write a private key as unencrypted PKCS#8 PEM, mode 0600, atomically: a
 * new file (O_EXCL) beside the target, synced, then renamed over it.
 * Without overwrite an existing file is left alone (EEXIST). */
int	keyfile_write(const char *, EVP_PKEY *, bool, char *, size_t);

/*
 * Any other file that holds secrets (the daemons' state files), read with
 * the same rules as a key: a regular file that group and others cannot
 * reach (EPERM, the message names `what` and the mode), at most max
 * octets (EFBIG).  *buf is malloc'd; free it with keyfile_free_private(),
 * which clears it first.
 */
int	keyfile_read_private(const char *, const char *, size_t, uint8_t **,
	    size_t *, char *, size_t);
void	keyfile_free_private(uint8_t *, size_t);
/* Written like a key: mode 0600, a new file beside it, synced, renamed
 * over the old one, the directory synced. */
int	keyfile_write_private(const char *, const void *, size_t, char *,
	    size_t);

/* The sidecar <keyfile>.cga, a text file of `key value` lines:
 *   sec N
 *   modifier <32 hex digits>
 *   spki-sha256 <64 hex digits>	(of the key's DER SubjectPublicKeyInfo)
 * Blank lines, `#` comments and unknown keys are ignored. */
struct keyfile_cga {
	unsigned	sec;
	uint8_t		modifier[CGA_MODIFIER_LEN];
	uint8_t		spki_sha256[KEYFILE_SHA256_LEN];
};

/* Read the sidecar of a key file: ENOENT when there is none, EBADMSG when
 * it does not parse. */
int	keyfile_cga_read(const char *, struct keyfile_cga *, char *, size_t);
/* Write it atomically with mode 0600, replacing any older one. */
int	keyfile_cga_write(const char *, const struct keyfile_cga *, char *,
	    size_t);

#define KEYFILE_SEARCHED	0x01	/* the modifier was searched for */
#define KEYFILE_NOT_SAVED	0x02	/* ... and the sidecar not written;
					 * msg says why */

struct keyfile_info {
	unsigned	flags;
	uint64_t	iters;		/* hashes of the search, if any */
};

/*
 * A ready identity from a key file and Sec: the key is loaded; the sidecar's
 * modifier is used if the sidecar is of this key (its SPKI hash matches)
 * and the modifier passes Hash2 at this Sec (one of a higher Sec does);
 * otherwise a modifier is searched from a random start, and written to the
 * sidecar.  Failing to write the sidecar is not an error: info->flags gets
 * KEYFILE_NOT_SAVED and msg the reason.  The caller frees id->key with
 * EVP_PKEY_free.  info may be NULL.
 */
int	keyfile_ident(const char *, unsigned, struct cga_ident *,
	    struct keyfile_info *, char *, size_t);
/* The same with the search spread over `threads` threads (1 to
 * CGA_THREADS_MAX; see cga_modifier_search_mt()). */
int	keyfile_ident_mt(const char *, unsigned, unsigned, struct cga_ident *,
	    struct keyfile_info *, char *, size_t);

#endif

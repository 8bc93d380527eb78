// SPDX-License-Identifier: GPL-2.0-only
/* Key files and their CGA modifier sidecars: loading with a permission
 * check, atomic 0600 writes, and the identity a role runs with. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "proto/auth.h"
#include "proto/cga.h"
#include "roles/keyfile.h"

#define KEYFILE_MAX	65536	/* larger than any PEM RSA key */
#define SIDECAR_MAX	4096

static int keyfile_fail(char *, size_t, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/* Set msg and errno; always -1. */
static int
keyfile_fail(char *msg, size_t msglen, int err, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && msglen > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	errno = err;
	return -1;
}

/* The reason of OpenSSL's last error, and a clean error queue. */
static const char *
keyfile_ssl_reason(void)
{
	const char *r = ERR_reason_error_string(ERR_peek_last_error());

	ERR_clear_error();
	return r != NULL ? r : "unknown error";
}

/* Never prompt on a terminal for a pass phrase: fama keys are plain. */
static int
keyfile_no_pass(char *buf, int size, int rw, void *u)
{
	(void)buf;
	(void)size;
	(void)rw;
	(void)u;
	return -1;
}

/*
 * Opens a file that holds secrets: a regular file that neither group nor
 * others may reach (like ssh(1) with private keys), of at most max
 * octets.  what names it in the messages.  The descriptor, or -1.
 */
static int
keyfile_open_private(const char *path, const char *what, size_t max,
    size_t *size, char *msg, size_t msglen)
{
	struct stat st;
	int fd, err;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1) {
		err = errno;
		return keyfile_fail(msg, msglen, err, "%s: %s", path,
		    strerror(err));
	}
	if (fstat(fd, &st) == -1) {
		err = errno;
		keyfile_fail(msg, msglen, err, "%s: %s", path, strerror(err));
	} else if (!S_ISREG(st.st_mode))
		keyfile_fail(msg, msglen, EINVAL, "%s: not a regular file",
		    path);
	else if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		keyfile_fail(msg, msglen, EPERM, "%s: %s accessible by group "
		    "or others (mode %04o); run chmod 600 on it", path, what,
		    (unsigned)(st.st_mode & 07777));
	else if ((uintmax_t)st.st_size > max)
		keyfile_fail(msg, msglen, EFBIG, "%s: too large for a %s",
		    path, what);
	else {
		if (size != NULL)
			*size = (size_t)st.st_size;
		return fd;
	}
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

/* Up to max octets of fd into buf; -1 with errno on a read error. */
static ssize_t
keyfile_read_fd(int fd, uint8_t *buf, size_t max)
{
	size_t len = 0;
	ssize_t r;

	while (len < max && (r = read(fd, buf + len, max - len)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		len += (size_t)r;
	}
	return (ssize_t)len;
}

int
keyfile_read_private(const char *path, const char *what, size_t max,
    uint8_t **out, size_t *outlen, char *msg, size_t msglen)
{
	uint8_t *buf;
	size_t size;
	ssize_t n;
	int fd, err;

	*out = NULL;
	*outlen = 0;
	if (max == SIZE_MAX)
		max--;
	if ((fd = keyfile_open_private(path, what, max, &size, msg,
	    msglen)) == -1)
		return -1;
	/* One octet more than fstat said tells a file that grew. */
	if ((buf = malloc(size + 1)) == NULL) {
		close(fd);
		return keyfile_fail(msg, msglen, ENOMEM, "%s: out of memory",
		    path);
	}
	n = keyfile_read_fd(fd, buf, size + 1);
	err = errno;
	close(fd);
	if (n == -1 || (size_t)n > size) {
		keyfile_free_private(buf, size + 1);
		if (n == -1)
			return keyfile_fail(msg, msglen, err, "%s: %s", path,
			    strerror(err));
		return keyfile_fail(msg, msglen, EAGAIN, "%s: changed while "
		    "being read", path);
	}
	*out = buf;
	*outlen = (size_t)n;
	return 0;
}

void
keyfile_free_private(uint8_t *buf, size_t len)
{
	if (buf == NULL)
		return;
	OPENSSL_cleanse(buf, len);
	free(buf);
}

int
keyfile_load(const char *path, EVP_PKEY **key, char *msg, size_t msglen)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	BIO *bio = NULL;
	EVP_PKEY *k = NULL;
	int fd, rc = -1, err;

	*key = NULL;
	if ((fd = keyfile_open_private(path, "private key", KEYFILE_MAX, NULL,
	    msg, msglen)) == -1)
		return -1;
	if ((buf = OPENSSL_secure_zalloc(KEYFILE_MAX + 1)) == NULL) {
		keyfile_fail(msg, msglen, ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if ((r = keyfile_read_fd(fd, (uint8_t *)buf, KEYFILE_MAX)) == -1) {
		err = errno;
		keyfile_fail(msg, msglen, err, "%s: %s", path, strerror(err));
		goto out;
	}
	len = (size_t)r;
	if ((bio = BIO_new_mem_buf(buf, (int)len)) == NULL) {
		keyfile_fail(msg, msglen, ENOMEM, "%s: out of memory", path);
		goto out;
	}
	if ((k = PEM_read_bio_PrivateKey(bio, NULL, keyfile_no_pass,
	    NULL)) == NULL) {
		keyfile_fail(msg, msglen, EBADMSG, "%s: no unencrypted PEM "
		    "private key: %s", path, keyfile_ssl_reason());
		goto out;
	}
	if (!EVP_PKEY_is_a(k, "RSA")) {
		keyfile_fail(msg, msglen, EINVAL, "%s: not an RSA key", path);
		goto out;
	}
	*key = k;
	k = NULL;
	rc = 0;
out:
	err = errno;
	EVP_PKEY_free(k);
	BIO_free(bio);
	OPENSSL_secure_clear_free(buf, KEYFILE_MAX + 1);
	close(fd);
	errno = err;
	return rc;
}

static void
keyfile_sync_dir(const char *path)
{
	char *copy;
	int fd;

	if ((copy = strdup(path)) == NULL)
		return;
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Write data to path with mode 0600, all or nothing: a fresh file made
 * with O_EXCL beside it, synced, then renamed into place (without
 * overwrite, only if path does not exist yet). */
static int
keyfile_atomic(const char *path, const void *data, size_t len,
    bool overwrite, char *msg, size_t msglen)
{
	char tmp[PATH_MAX];
	const uint8_t *p = data;
	ssize_t w;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
	    (int)sizeof(tmp))
		return keyfile_fail(msg, msglen, ENAMETOOLONG, "%s: %s", path,
		    strerror(ENAMETOOLONG));
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		err = errno;
		return keyfile_fail(msg, msglen, err, "%s: cannot create: "
		    "%s", tmp, strerror(err));
	}
	if (fchmod(fd, S_IRUSR | S_IWUSR) == -1)
		goto fail;
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (overwrite) {
		if (rename(tmp, path) == -1)
			goto fail;
	} else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path,
	    RENAME_NOREPLACE) == -1) {
		/* Some file systems lack RENAME_NOREPLACE; link(2) fails
		 * on an existing name as well. */
		if (errno != EINVAL && errno != ENOSYS)
			goto fail;
		if (link(tmp, path) == -1)
			goto fail;
		(void)unlink(tmp);
	}
	keyfile_sync_dir(path);
	return 0;
fail:
	err = errno;
	if (fd != -1)
		close(fd);
	(void)unlink(tmp);
	return keyfile_fail(msg, msglen, err, "%s: %s", path, strerror(err));
}

int
keyfile_write_private(const char *path, const void *data, size_t len,
    char *msg, size_t msglen)
{
	return keyfile_atomic(path, data, len, true, msg, msglen);
}

int
keyfile_write(const char *path, EVP_PKEY *key, bool overwrite, char *msg,
    size_t msglen)
{
	BIO *bio;
	char *data;
	long n;
	int rc;

	if ((bio = BIO_new(BIO_s_secmem())) == NULL)
		return keyfile_fail(msg, msglen, ENOMEM, "%s: out of memory",
		    path);
	if (!PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) ||
	    (n = BIO_get_mem_data(bio, &data)) <= 0) {
		rc = keyfile_fail(msg, msglen, EINVAL, "%s: cannot encode the "
		    "key: %s", path, keyfile_ssl_reason());
	} else {
		rc = keyfile_atomic(path, data, (size_t)n, overwrite, msg,
		    msglen);
	}
	BIO_free(bio);
	return rc;
}

static int
keyfile_cga_path(const char *keypath, char *out, size_t cap)
{
	if (snprintf(out, cap, "%s%s", keypath, KEYFILE_SIDECAR_SUFFIX) >=
	    (int)cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Exactly 2 * n hex digits. */
static int
keyfile_unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[2 * i]) ||
		    !isxdigit((unsigned char)s[2 * i + 1]))
			return -1;
		hi = OPENSSL_hexchar2int((unsigned char)s[2 * i]);
		lo = OPENSSL_hexchar2int((unsigned char)s[2 * i + 1]);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static void
keyfile_hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

int
keyfile_cga_read(const char *keypath, struct keyfile_cga *c, char *msg,
    size_t msglen)
{
	char path[PATH_MAX], buf[SIDECAR_MAX + 1], *p, *line, *key, *val, *end;
	unsigned seen = 0, lineno = 0;
	unsigned long sec;
	size_t len;
	FILE *f;
	int err;

	memset(c, 0, sizeof(*c));
	if (keyfile_cga_path(keypath, path, sizeof(path)) == -1)
		return keyfile_fail(msg, msglen, errno, "%s: %s", keypath,
		    strerror(ENAMETOOLONG));
	if ((f = fopen(path, "re")) == NULL) {
		err = errno;
		return keyfile_fail(msg, msglen, err, "%s: %s", path,
		    strerror(err));
	}
	len = fread(buf, 1, sizeof(buf), f);
	err = ferror(f);
	fclose(f);
	if (err)
		return keyfile_fail(msg, msglen, EIO, "%s: read error", path);
	if (len > SIDECAR_MAX)
		return keyfile_fail(msg, msglen, EBADMSG, "%s: too large",
		    path);
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL)
		return keyfile_fail(msg, msglen, EBADMSG, "%s: not text",
		    path);
	p = buf;
	while ((line = strsep(&p, "\n")) != NULL) {
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		key = line + strspn(line, " \t");
		if (*key == '\0' || *key == '#')
			continue;
		val = key + strcspn(key, " \t");
		if (*val != '\0')
			*val++ = '\0';
		val += strspn(val, " \t");
		val[strcspn(val, " \t")] = '\0';
		if (strcmp(key, "sec") == 0) {
			errno = 0;
			sec = strtoul(val, &end, 10);
			if (!isdigit((unsigned char)*val) || *end != '\0' ||
			    errno != 0 || sec > CGA_SEC_MAX)
				goto bad;
			c->sec = (unsigned)sec;
			seen |= 1;
		} else if (strcmp(key, "modifier") == 0) {
			if (keyfile_unhex(val, c->modifier,
			    CGA_MODIFIER_LEN) == -1)
				goto bad;
			seen |= 2;
		} else if (strcmp(key, "spki-sha256") == 0) {
			if (keyfile_unhex(val, c->spki_sha256,
			    KEYFILE_SHA256_LEN) == -1)
				goto bad;
			seen |= 4;
		}
	}
	if (seen != 7) {
		memset(c, 0, sizeof(*c));
		return keyfile_fail(msg, msglen, EBADMSG, "%s: sec, modifier "
		    "or spki-sha256 missing", path);
	}
	return 0;
bad:
	memset(c, 0, sizeof(*c));
	return keyfile_fail(msg, msglen, EBADMSG, "%s: line %u: bad value "
	    "for %s", path, lineno, key);
}

int
keyfile_cga_write(const char *keypath, const struct keyfile_cga *c,
    char *msg, size_t msglen)
{
	char path[PATH_MAX], buf[512];
	char mod[2 * CGA_MODIFIER_LEN + 1], sha[2 * KEYFILE_SHA256_LEN + 1];
	int n;

	if (c->sec > CGA_SEC_MAX)
		return keyfile_fail(msg, msglen, EINVAL, "Sec %u out of range",
		    c->sec);
	if (keyfile_cga_path(keypath, path, sizeof(path)) == -1)
		return keyfile_fail(msg, msglen, errno, "%s: %s", keypath,
		    strerror(ENAMETOOLONG));
	keyfile_hex(c->modifier, CGA_MODIFIER_LEN, mod);
	keyfile_hex(c->spki_sha256, KEYFILE_SHA256_LEN, sha);
	n = snprintf(buf, sizeof(buf), "# fama CGA modifier of the key "
	    "beside this file; see fama-cga(8).\n"
	    "sec %u\nmodifier %s\nspki-sha256 %s\n", c->sec, mod, sha);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return keyfile_fail(msg, msglen, EMSGSIZE, "%s: too long",
		    path);
	return keyfile_atomic(path, buf, (size_t)n, true, msg, msglen);
}

int
keyfile_ident(const char *path, unsigned sec, struct cga_ident *id,
    struct keyfile_info *info, char *msg, size_t msglen)
{
	return keyfile_ident_mt(path, sec, 1, id, info, msg, msglen);
}

int
keyfile_ident_mt(const char *path, unsigned sec, unsigned threads,
    struct cga_ident *id, struct keyfile_info *info, char *msg,
    size_t msglen)
{
	struct keyfile_info dummy;
	struct keyfile_cga sc, old;
	uint64_t iters;
	int err;

	if (info == NULL)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	memset(id, 0, sizeof(*id));
	if (sec > CGA_SEC_MAX)
		return keyfile_fail(msg, msglen, EINVAL, "Sec %u not "
		    "supported (0 to %d)", sec, CGA_SEC_MAX);
	if (keyfile_load(path, &id->key, msg, msglen) == -1)
		return -1;
	if (cga_spki(id->key, id->spki, sizeof(id->spki), &id->spki_len) ==
	    -1) {
		err = errno;
		EVP_PKEY_free(id->key);
		id->key = NULL;
		return keyfile_fail(msg, msglen, err, "%s: public key too "
		    "large for a CGA", path);
	}
	id->sec = sec;
	memset(&sc, 0, sizeof(sc));
	sc.sec = sec;
	if (!EVP_Digest(id->spki, id->spki_len, sc.spki_sha256, NULL,
	    EVP_sha256(), NULL)) {
		EVP_PKEY_free(id->key);
		id->key = NULL;
		return keyfile_fail(msg, msglen, EINVAL, "SHA-256: %s",
		    keyfile_ssl_reason());
	}
	/* The sidecar is only a cache: check it rather than trust it. */
	if (keyfile_cga_read(path, &old, NULL, 0) == 0 &&
	    memcmp(old.spki_sha256, sc.spki_sha256, KEYFILE_SHA256_LEN) ==
	    0 && old.sec >= sec &&
	    cga_hash2_ok(old.modifier, id->spki, id->spki_len, NULL, 0, sec)) {
		memcpy(id->modifier, old.modifier, CGA_MODIFIER_LEN);
		return 0;
	}
	if (auth_random(sc.modifier, sizeof(sc.modifier)) == -1 ||
	    cga_modifier_search_mt(sc.modifier, id->spki, id->spki_len, NULL,
	    0, sec, threads, 0, &iters) == -1) {
		err = errno;
		EVP_PKEY_free(id->key);
		id->key = NULL;
		return keyfile_fail(msg, msglen, err, "modifier search: %s",
		    strerror(err));
	}
	memcpy(id->modifier, sc.modifier, CGA_MODIFIER_LEN);
	info->flags |= KEYFILE_SEARCHED;
	info->iters = iters;
	if (keyfile_cga_write(path, &sc, msg, msglen) == -1)
		info->flags |= KEYFILE_NOT_SAVED;
	return 0;
}

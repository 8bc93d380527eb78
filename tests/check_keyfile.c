// SPDX-License-Identifier: GPL-2.0-only
/* roles/keyfile: key files (permissions, atomic 0600 writes), the CGA
 * modifier sidecar and the identity built from both. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "proto/cga.h"
#include "roles/keyfile.h"
#include "tests/testlib.h"

/* One scratch directory per test case, made and removed by the parent
 * process, so it goes away also when a test fails; each test works in a
 * fresh subdirectory of it. */
static char dir[64];
static char sub[96];

static void
dir_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fama-keyfile-%ld-XXXXXX",
	    (long)getpid());
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
dir_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	run_cmd(cmd, NULL, 0);
}

static void
sub_setup(void)
{
	snprintf(sub, sizeof(sub), "%s/t-XXXXXX", dir);
	ck_assert_ptr_nonnull(mkdtemp(sub));
}

static const char *
path_in(const char *name, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/%s", sub, name);
	return buf;
}

static EVP_PKEY *
rsa1024(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);

	ck_assert_ptr_nonnull(k);
	return k;
}

static void
write_text(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

/* Names in the scratch directory, other than . and .. */
static unsigned
dir_entries(void)
{
	struct dirent *d;
	unsigned n = 0;
	DIR *dp = opendir(sub);

	ck_assert_ptr_nonnull(dp);
	while ((d = readdir(dp)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

START_TEST(write_and_load)
{
	char p[128], msg[KEYFILE_MSG_LEN];
	EVP_PKEY *k1, *k2, *got;
	mode_t old;

	k1 = rsa1024();
	k2 = rsa1024();
	path_in("key", p, sizeof(p));
	old = umask(0);		/* the mode must not depend on the umask */
	ck_assert_int_eq(keyfile_write(p, k1, false, msg, sizeof(msg)), 0);
	umask(old);
	ck_assert_uint_eq(mode_of(p), 0600);
	ck_assert_uint_eq(dir_entries(), 1);	/* no temporary left */
	ck_assert_int_eq(keyfile_load(p, &got, msg, sizeof(msg)), 0);
	ck_assert_int_eq(EVP_PKEY_eq(got, k1), 1);
	EVP_PKEY_free(got);

	/* No overwrite without asking; the old key stays. */
	errno = 0;
	ck_assert_int_eq(keyfile_write(p, k2, false, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_ptr_nonnull(strstr(msg, p));
	ck_assert_uint_eq(dir_entries(), 1);
	ck_assert_int_eq(keyfile_load(p, &got, msg, sizeof(msg)), 0);
	ck_assert_int_eq(EVP_PKEY_eq(got, k1), 1);
	EVP_PKEY_free(got);

	old = umask(077);
	ck_assert_int_eq(keyfile_write(p, k2, true, msg, sizeof(msg)), 0);
	umask(old);
	ck_assert_uint_eq(mode_of(p), 0600);
	ck_assert_uint_eq(dir_entries(), 1);
	ck_assert_int_eq(keyfile_load(p, &got, msg, sizeof(msg)), 0);
	ck_assert_int_eq(EVP_PKEY_eq(got, k2), 1);
	EVP_PKEY_free(got);

	/* A directory that does not exist. */
	path_in("nodir/key", p, sizeof(p));
	errno = 0;
	ck_assert_int_eq(keyfile_write(p, k1, false, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, ENOENT);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
}
END_TEST

/* A secret that group or others can read or write is refused. */
START_TEST(load_modes)
{
	static const mode_t bad[] = { 0640, 0604, 0620, 0602, 0660, 0644,
	    0666, 0610, 0601 };
	static const mode_t good[] = { 0600, 0400, 0700 };
	char p[128], msg[KEYFILE_MSG_LEN];
	EVP_PKEY *k, *got;
	size_t i;

	k = rsa1024();
	path_in("key", p, sizeof(p));
	ck_assert_int_eq(keyfile_write(p, k, false, msg, sizeof(msg)), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(chmod(p, bad[i]), 0);
		errno = 0;
		got = (EVP_PKEY *)1;
		ck_assert_int_eq(keyfile_load(p, &got, msg, sizeof(msg)), -1);
		ck_assert_int_eq(errno, EPERM);
		ck_assert_ptr_null(got);
		ck_assert_ptr_nonnull(strstr(msg, "chmod 600"));
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_int_eq(chmod(p, good[i]), 0);
		ck_assert_int_eq(keyfile_load(p, &got, msg, sizeof(msg)), 0);
		EVP_PKEY_free(got);
	}
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(load_errors)
{
	char p[128], msg[KEYFILE_MSG_LEN];
	EVP_PKEY *k, *ec;
	FILE *f;

	path_in("nothere", p, sizeof(p));
	errno = 0;
	ck_assert_int_eq(keyfile_load(p, &k, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_nonnull(strstr(msg, "nothere"));

	errno = 0;
	ck_assert_int_eq(keyfile_load(sub, &k, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EINVAL);

	path_in("garbage", p, sizeof(p));
	write_text(p, "-----BEGIN PRIVATE KEY-----\nnope\n", 0600);
	errno = 0;
	ck_assert_int_eq(keyfile_load(p, &k, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EBADMSG);

	/* An encrypted key is refused, not prompted for. */
	k = rsa1024();
	path_in("encrypted", p, sizeof(p));
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(PEM_write_PrivateKey(f, k, EVP_aes_128_cbc(),
	    (unsigned char *)"secret", 6, NULL, NULL), 1);
	fclose(f);
	ck_assert_int_eq(chmod(p, 0600), 0);
	EVP_PKEY_free(k);
	errno = 0;
	ck_assert_int_eq(keyfile_load(p, &k, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EBADMSG);

	/* Not RSA. */
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	ck_assert_ptr_nonnull(ec);
	path_in("ec", p, sizeof(p));
	ck_assert_int_eq(keyfile_write(p, ec, false, msg, sizeof(msg)), 0);
	errno = 0;
	ck_assert_int_eq(keyfile_load(p, &k, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "not an RSA key"));
	EVP_PKEY_free(ec);
}
END_TEST

/* Other secrets (state files): the same rules, any octets. */
START_TEST(private_files)
{
	static const uint8_t data[] = { 0x00, 0x01, 0xff, 0x00, 0x7f };
	char p[128], msg[KEYFILE_MSG_LEN];
	uint8_t *buf;
	size_t len;

	path_in("state", p, sizeof(p));
	errno = 0;
	ck_assert_int_eq(keyfile_read_private(p, "state file", 64, &buf, &len,
	    msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(buf);
	ck_assert_int_eq(keyfile_write_private(p, data, sizeof(data), msg,
	    sizeof(msg)), 0);
	ck_assert_uint_eq(mode_of(p), 0600);
	ck_assert_uint_eq(dir_entries(), 1);
	ck_assert_int_eq(keyfile_read_private(p, "state file", 64, &buf, &len,
	    msg, sizeof(msg)), 0);
	ck_assert_uint_eq(len, sizeof(data));
	ck_assert_mem_eq(buf, data, len);
	keyfile_free_private(buf, len);
	/* replaced atomically, still 0600 */
	ck_assert_int_eq(chmod(p, 0400), 0);
	ck_assert_int_eq(keyfile_write_private(p, data, 2, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(mode_of(p), 0600);
	ck_assert_uint_eq(dir_entries(), 1);
	/* readable by others: refused, with the mode and the remedy */
	ck_assert_int_eq(chmod(p, 0644), 0);
	errno = 0;
	ck_assert_int_eq(keyfile_read_private(p, "state file", 64, &buf, &len,
	    msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_ptr_nonnull(strstr(msg, "state file accessible by group or "
	    "others (mode 0644); run chmod 600 on it"));
	ck_assert_int_eq(chmod(p, 0600), 0);
	/* larger than allowed */
	errno = 0;
	ck_assert_int_eq(keyfile_read_private(p, "state file", 1, &buf, &len,
	    msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EFBIG);
	/* not a regular file */
	errno = 0;
	ck_assert_int_eq(keyfile_read_private(sub, "state file", 64, &buf,
	    &len, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(sidecar)
{
	static const char *bad[] = {
		"sec 1\nmodifier 00\nspki-sha256 " "00"
		    "00000000000000000000000000000000000000000000000000000000000000\n",
		"sec 3\nmodifier 000102030405060708090a0b0c0d0e0f\n"
		    "spki-sha256 00000000000000000000000000000000"
		    "00000000000000000000000000000000\n",
		"sec x\nmodifier 000102030405060708090a0b0c0d0e0f\n"
		    "spki-sha256 00000000000000000000000000000000"
		    "00000000000000000000000000000000\n",
		"sec 1\nmodifier 000102030405060708090a0b0c0d0e0g\n"
		    "spki-sha256 00000000000000000000000000000000"
		    "00000000000000000000000000000000\n",
		"sec 1\nmodifier 000102030405060708090a0b0c0d0e0f\n",
		"",
	};
	struct keyfile_cga c, d;
	char p[128], cp[160], msg[KEYFILE_MSG_LEN];
	size_t i;

	path_in("key", p, sizeof(p));
	snprintf(cp, sizeof(cp), "%s.cga", p);
	errno = 0;
	ck_assert_int_eq(keyfile_cga_read(p, &c, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, ENOENT);

	memset(&c, 0, sizeof(c));
	c.sec = 2;
	for (i = 0; i < CGA_MODIFIER_LEN; i++)
		c.modifier[i] = (uint8_t)(0xf0 + i);
	for (i = 0; i < KEYFILE_SHA256_LEN; i++)
		c.spki_sha256[i] = (uint8_t)(i * 7);
	ck_assert_int_eq(keyfile_cga_write(p, &c, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(mode_of(cp), 0600);
	ck_assert_int_eq(keyfile_cga_read(p, &d, msg, sizeof(msg)), 0);
	ck_assert_mem_eq(&c, &d, sizeof(c));
	ck_assert_uint_eq(dir_entries(), 1);

	/* comments, blank lines, unknown keys and CRLF are fine */
	write_text(cp, "# x\n\nfuture 7\r\nsec 0\r\n"
	    "modifier   000102030405060708090A0B0C0D0E0F\n"
	    "spki-sha256 000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f", 0600);
	ck_assert_int_eq(keyfile_cga_read(p, &d, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(d.sec, 0);
	ck_assert_uint_eq(d.modifier[10], 0x0a);
	ck_assert_uint_eq(d.spki_sha256[31], 0x1f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_text(cp, bad[i], 0600);
		errno = 0;
		ck_assert_msg(keyfile_cga_read(p, &d, msg, sizeof(msg)) ==
		    -1 && errno == EBADMSG, "case %zu", i);
	}
	c.sec = 3;
	ck_assert_int_eq(keyfile_cga_write(p, &c, msg, sizeof(msg)), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* The sidecar is a cache: used when it fits the key and Sec, otherwise
 * the modifier is searched again and the sidecar rewritten. */
START_TEST(ident)
{
	char p[128], cp[160], msg[KEYFILE_MSG_LEN];
	struct keyfile_info info;
	struct keyfile_cga c, other;
	struct cga_ident id, id2;
	EVP_PKEY *k, *k2;

	k = rsa1024();
	path_in("key", p, sizeof(p));
	snprintf(cp, sizeof(cp), "%s.cga", p);
	ck_assert_int_eq(keyfile_write(p, k, false, msg, sizeof(msg)), 0);

	ck_assert_int_eq(keyfile_ident(p, 1, &id, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, KEYFILE_SEARCHED);
	ck_assert_uint_gt(info.iters, 0);
	ck_assert_int_eq(EVP_PKEY_eq(id.key, k), 1);
	ck_assert_uint_eq(id.sec, 1);
	ck_assert(cga_hash2_ok(id.modifier, id.spki, id.spki_len, NULL, 0,
	    1));
	ck_assert_uint_eq(mode_of(cp), 0600);
	ck_assert_int_eq(keyfile_cga_read(p, &c, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(c.sec, 1);
	ck_assert_mem_eq(c.modifier, id.modifier, CGA_MODIFIER_LEN);

	/* Again: from the sidecar, no search; Sec 0 may use it too. */
	ck_assert_int_eq(keyfile_ident(p, 1, &id2, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, 0);
	ck_assert_uint_eq(info.iters, 0);
	ck_assert_mem_eq(id2.modifier, id.modifier, CGA_MODIFIER_LEN);
	EVP_PKEY_free(id2.key);
	ck_assert_int_eq(keyfile_ident(p, 0, &id2, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, 0);
	ck_assert_uint_eq(id2.sec, 0);
	ck_assert_mem_eq(id2.modifier, id.modifier, CGA_MODIFIER_LEN);
	EVP_PKEY_free(id2.key);

	/* A modifier that fails Hash2 is not believed. */
	other = c;
	other.modifier[15] ^= 1;
	ck_assert_int_eq(keyfile_cga_write(p, &other, msg, sizeof(msg)), 0);
	ck_assert_int_eq(keyfile_ident(p, 1, &id2, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, KEYFILE_SEARCHED);
	EVP_PKEY_free(id2.key);

	/* A sidecar of a lower Sec is searched again and replaced. */
	other = c;
	other.sec = 0;
	ck_assert_int_eq(keyfile_cga_write(p, &other, msg, sizeof(msg)), 0);
	ck_assert_int_eq(keyfile_ident(p, 1, &id2, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, KEYFILE_SEARCHED);
	ck_assert_int_eq(keyfile_cga_read(p, &other, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(other.sec, 1);
	EVP_PKEY_free(id2.key);

	/* Another key's sidecar: its SPKI hash does not match. */
	k2 = rsa1024();
	ck_assert_int_eq(keyfile_write(p, k2, true, msg, sizeof(msg)), 0);
	ck_assert_int_eq(keyfile_ident(p, 1, &id2, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, KEYFILE_SEARCHED);
	ck_assert_int_eq(EVP_PKEY_eq(id2.key, k2), 1);
	ck_assert_int_eq(keyfile_cga_read(p, &other, msg, sizeof(msg)), 0);
	ck_assert_mem_ne(other.spki_sha256, c.spki_sha256,
	    KEYFILE_SHA256_LEN);
	ck_assert_mem_eq(other.modifier, id2.modifier, CGA_MODIFIER_LEN);
	EVP_PKEY_free(id2.key);

	/* A sidecar that cannot be written: a warning, not a failure. */
	ck_assert_int_eq(unlink(cp), 0);
	ck_assert_int_eq(mkdir(cp, 0700), 0);
	msg[0] = '\0';
	ck_assert_int_eq(keyfile_ident(p, 1, &id2, &info, msg, sizeof(msg)),
	    0);
	ck_assert_uint_eq(info.flags, KEYFILE_SEARCHED | KEYFILE_NOT_SAVED);
	ck_assert_ptr_nonnull(strstr(msg, ".cga"));
	ck_assert(cga_hash2_ok(id2.modifier, id2.spki, id2.spki_len, NULL, 0,
	    1));
	EVP_PKEY_free(id2.key);
	ck_assert_int_eq(rmdir(cp), 0);

	errno = 0;
	ck_assert_int_eq(keyfile_ident(p, 3, &id2, &info, msg, sizeof(msg)),
	    -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(id2.key);
	/* a key file others can read is refused here too */
	ck_assert_int_eq(chmod(p, 0644), 0);
	errno = 0;
	ck_assert_int_eq(keyfile_ident(p, 1, &id2, &info, msg, sizeof(msg)),
	    -1);
	ck_assert_int_eq(errno, EPERM);
	EVP_PKEY_free(id.key);
	EVP_PKEY_free(k);
	EVP_PKEY_free(k2);
}
END_TEST

Suite *
test_suite(void)
{
	Suite *s = suite_create("keyfile");
	TCase *tc = tcase_create("keyfile");

	tcase_add_unchecked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_checked_fixture(tc, sub_setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, write_and_load);
	tcase_add_test(tc, load_modes);
	tcase_add_test(tc, load_errors);
	tcase_add_test(tc, private_files);
	tcase_add_test(tc, sidecar);
	tcase_add_test(tc, ident);
	suite_add_tcase(s, tc);
	return s;
}

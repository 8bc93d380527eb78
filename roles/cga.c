// SPDX-License-Identifier: GPL-2.0-only
/* fama cga: make a key and its modifier, form, verify and show
 * Cryptographically Generated Addresses. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "proto/cga.h"
#include "roles/keyfile.h"
#include "roles/roles.h"

#define CGA_PARAMS_MAX	65536	/* what verify and show accept */
#define KEYGEN_MIN_BITS	1024
#define KEYGEN_MAX_BITS	4096

static int	cga_keygen(int, char **);
static int	cga_gen(int, char **);
static int	cga_check(int, char **);
static int	cga_show(int, char **);

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*usage;
} verbs[] = {
	{ "keygen",	cga_keygen,	"[-f] [-b bits] [-s sec] [-t threads] "
					"keyfile" },
	{ "gen",	cga_gen,	"[-j] [-c count] [-s sec] [-t threads] "
					"keyfile prefix" },
	{ "verify",	cga_check,	"[-b minbits:maxbits] [-s minsec] "
					"address params" },
	{ "show",	cga_show,	"[-j] params" },
};

#define NVERBS	(sizeof(verbs) / sizeof(verbs[0]))

static void	cga_warnx(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static void	cga_warn(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

static void
cga_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("fama cga: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* As cga_warnx, with strerror(errno) appended. */
static void
cga_warn(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fputs("fama cga: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err));
}

static void
cga_usage(FILE *f)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		fprintf(f, "%s fama cga %s %s\n", i == 0 ? "usage:" : "      ",
		    verbs[i].name, verbs[i].usage);
}

/* The usage of one verb, on stderr; returns the exit status 1. */
static int
verb_usage(const char *verb)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i].name, verb) == 0)
			fprintf(stderr, "usage: fama cga %s %s\n",
			    verbs[i].name, verbs[i].usage);
	return 1;
}

/* -h of a verb: its usage on stdout. */
static int
verb_help(const char *verb)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i].name, verb) == 0)
			printf("usage: fama cga %s %s\n", verbs[i].name,
			    verbs[i].usage);
	return 0;
}

/* A bad option letter, reported in our own words. */
static int
bad_option(const char *verb)
{
	cga_warnx("%s: unknown option or missing argument -%c", verb,
	    optopt);
	return verb_usage(verb);
}

/* A whole decimal number in [min, max]. */
static int
parse_num(const char *s, unsigned long min, unsigned long max,
    unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* PREFIX as 2001:db8:1:2::/64: exactly a /64 with no host bits. */
static int
parse_prefix(const char *s, uint8_t out[CGA_PREFIX_LEN])
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct in6_addr a;
	const char *slash;
	size_t i;

	if ((slash = strchr(s, '/')) == NULL || strcmp(slash, "/64") != 0 ||
	    (size_t)(slash - s) >= INET6_ADDRSTRLEN) {
		cga_warnx("%s: want a /64 prefix like 2001:db8:1:2::/64", s);
		return -1;
	}
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (inet_pton(AF_INET6, buf, &a) != 1) {
		cga_warnx("%s: not an IPv6 prefix", s);
		return -1;
	}
	for (i = CGA_PREFIX_LEN; i < sizeof(a.s6_addr); i++)
		if (a.s6_addr[i] != 0) {
			cga_warnx("%s: host bits set in a /64 prefix", s);
			return -1;
		}
	memcpy(out, a.s6_addr, CGA_PREFIX_LEN);
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* PARAMS: hex (whitespace allowed) or @FILE, a binary file.  Returns a
 * malloc'd buffer, or NULL after a message. */
static uint8_t *
load_params(const char *arg, size_t *len)
{
	uint8_t *buf;
	size_t n = 0;
	int fd, hi = -1, v;
	ssize_t r;

	if ((buf = malloc(CGA_PARAMS_MAX + 1)) == NULL) {
		cga_warn("params");
		return NULL;
	}
	if (arg[0] == '@') {
		if ((fd = open(arg + 1, O_RDONLY | O_CLOEXEC)) == -1) {
			cga_warn("%s", arg + 1);
			goto fail;
		}
		while (n <= CGA_PARAMS_MAX &&
		    (r = read(fd, buf + n, CGA_PARAMS_MAX + 1 - n)) != 0) {
			if (r == -1 && errno == EINTR)
				continue;
			if (r == -1) {
				cga_warn("%s", arg + 1);
				close(fd);
				goto fail;
			}
			n += (size_t)r;
		}
		close(fd);
		if (n > CGA_PARAMS_MAX) {
			cga_warnx("%s: larger than %d octets", arg + 1,
			    CGA_PARAMS_MAX);
			goto fail;
		}
		*len = n;
		return buf;
	}
	for (; *arg != '\0'; arg++) {
		if (isspace((unsigned char)*arg))
			continue;
		if ((v = hexval((unsigned char)*arg)) == -1) {
			cga_warnx("params: not hex (or @FILE): '%c'", *arg);
			goto fail;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == CGA_PARAMS_MAX) {
			cga_warnx("params: larger than %d octets",
			    CGA_PARAMS_MAX);
			goto fail;
		}
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0) {
		cga_warnx("params: odd number of hex digits");
		goto fail;
	}
	*len = n;
	return buf;
fail:
	free(buf);
	return NULL;
}

static void
print_hex(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

static void
print_prefix(const uint8_t p[CGA_PREFIX_LEN])
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a;

	memset(&a, 0, sizeof(a));
	memcpy(a.s6_addr, p, CGA_PREFIX_LEN);
	inet_ntop(AF_INET6, &a, buf, sizeof(buf));
	printf("%s/64", buf);
}

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
warn_key_size(const char *path, int bits)
{
	if (bits > CGA_MAX_BITS)
		cga_warnx("%s: a %d-bit key signs more than one mobility "
		    "option holds (at most %d bits); DARs refuse it by "
		    "default", path, bits, CGA_MAX_BITS);
	else if (bits < CGA_MIN_BITS)
		cga_warnx("%s: a %d-bit key is below the %d bits DARs "
		    "accept by default", path, bits, CGA_MIN_BITS);
}

/* -t threads: 1 to CGA_THREADS_MAX, or 0 for one per online CPU. */
static int
parse_threads(const char *verb, const char *arg, unsigned *threads)
{
	unsigned long v;
	long n;

	if (parse_num(arg, 0, CGA_THREADS_MAX, &v) == -1) {
		cga_warnx("%s: -t %s: want 0 (every CPU) to %d threads", verb,
		    arg, CGA_THREADS_MAX);
		return -1;
	}
	if (v == 0) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		v = n < 1 ? 1 : n > CGA_THREADS_MAX ? CGA_THREADS_MAX :
		    (unsigned long)n;
	}
	*threads = (unsigned)v;
	return 0;
}

/* The identity of a key file, with the modifier of Sec sec, searched on
 * `threads` threads if it is not in the sidecar. */
static int
load_ident(const char *path, unsigned sec, unsigned threads,
    struct cga_ident *id, struct keyfile_info *info)
{
	char msg[KEYFILE_MSG_LEN];
	struct keyfile_cga c;

	if (sec == 2 && (keyfile_cga_read(path, &c, NULL, 0) == -1 ||
	    c.sec < 2))
		cga_warnx("note: searching a Sec 2 modifier takes about 2^32 "
		    "hashes");
	if (keyfile_ident_mt(path, sec, threads, id, info, msg, sizeof(msg)) ==
	    -1) {
		cga_warnx("%s", msg);
		return -1;
	}
	if (info->flags & KEYFILE_NOT_SAVED)
		cga_warnx("cannot save the modifier: %s", msg);
	return 0;
}

static int
cga_keygen(int argc, char **argv)
{
	char msg[KEYFILE_MSG_LEN];
	unsigned long bits = CGA_DEFAULT_BITS, sec = 1;
	struct keyfile_info info;
	struct cga_ident id;
	struct stat st;
	EVP_PKEY *key;
	bool force = false;
	unsigned threads = 1;
	double t0, dt;
	int ch;

	while ((ch = getopt(argc, argv, ":fhb:s:t:")) != -1) {
		switch (ch) {
		case 't':
			if (parse_threads("keygen", optarg, &threads) == -1)
				return verb_usage("keygen");
			break;
		case 'f':
			force = true;
			break;
		case 'b':
			if (parse_num(optarg, KEYGEN_MIN_BITS,
			    KEYGEN_MAX_BITS, &bits) == -1) {
				cga_warnx("keygen: -b %s: want %d to %d bits",
				    optarg, KEYGEN_MIN_BITS, KEYGEN_MAX_BITS);
				return verb_usage("keygen");
			}
			break;
		case 's':
			if (parse_num(optarg, 0, CGA_SEC_MAX, &sec) == -1) {
				cga_warnx("keygen: -s %s: want 0 to %d",
				    optarg, CGA_SEC_MAX);
				return verb_usage("keygen");
			}
			break;
		case 'h':
			return verb_help("keygen");
		default:
			return bad_option("keygen");
		}
	}
	if (argc - optind != 1)
		return verb_usage("keygen");
	if (!force && lstat(argv[optind], &st) == 0) {
		cga_warnx("%s exists; -f replaces it", argv[optind]);
		return 1;
	}
	warn_key_size(argv[optind], (int)bits);
	if ((key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits)) ==
	    NULL) {
		cga_warnx("RSA key generation failed");
		return 1;
	}
	if (keyfile_write(argv[optind], key, force, msg, sizeof(msg)) == -1) {
		cga_warnx("%s", msg);
		EVP_PKEY_free(key);
		return 1;
	}
	EVP_PKEY_free(key);
	t0 = mono_now();
	if (load_ident(argv[optind], (unsigned)sec, threads, &id, &info) == -1)
		return 1;
	dt = mono_now() - t0;
	printf("key %s: RSA %d bits\n", argv[optind],
	    EVP_PKEY_get_bits(id.key));
	printf("sec %u modifier ", id.sec);
	print_hex(id.modifier, CGA_MODIFIER_LEN);
	printf("\nsearch %llu hashes in %.3f s on %u thread%s\n",
	    (unsigned long long)info.iters, dt, threads, threads == 1 ? "" :
	    "s");
	EVP_PKEY_free(id.key);
	return 0;
}

static int
cga_gen(int argc, char **argv)
{
	uint8_t prefix[CGA_PREFIX_LEN], params[CGA_FIXED_LEN + CGA_SPKI_MAX];
	char abuf[INET6_ADDRSTRLEN];
	unsigned long sec = 1, cc = 0;
	struct keyfile_info info;
	struct cga_ident id;
	struct in6_addr a;
	bool json = false;
	unsigned threads = 1;
	size_t len;
	int ch;

	while ((ch = getopt(argc, argv, ":hjc:s:t:")) != -1) {
		switch (ch) {
		case 't':
			if (parse_threads("gen", optarg, &threads) == -1)
				return verb_usage("gen");
			break;
		case 'j':
			json = true;
			break;
		case 'c':
			if (parse_num(optarg, 0, CGA_CC_MAX, &cc) == -1) {
				cga_warnx("gen: -c %s: want 0 to %d", optarg,
				    CGA_CC_MAX);
				return verb_usage("gen");
			}
			break;
		case 's':
			if (parse_num(optarg, 0, CGA_SEC_MAX, &sec) == -1) {
				cga_warnx("gen: -s %s: want 0 to %d", optarg,
				    CGA_SEC_MAX);
				return verb_usage("gen");
			}
			break;
		case 'h':
			return verb_help("gen");
		default:
			return bad_option("gen");
		}
	}
	if (argc - optind != 2)
		return verb_usage("gen");
	if (parse_prefix(argv[optind + 1], prefix) == -1)
		return 1;
	if (load_ident(argv[optind], (unsigned)sec, threads, &id, &info) == -1)
		return 1;
	warn_key_size(argv[optind], EVP_PKEY_get_bits(id.key));
	if (cga_ident_gen(&id, prefix, (uint8_t)cc, &a, params,
	    sizeof(params), &len) == -1) {
		cga_warn("%s", argv[optind]);
		EVP_PKEY_free(id.key);
		return 1;
	}
	EVP_PKEY_free(id.key);
	inet_ntop(AF_INET6, &a, abuf, sizeof(abuf));
	if (json) {
		printf("{\"address\":\"%s\",\"prefix\":\"", abuf);
		print_prefix(prefix);
		printf("\",\"sec\":%lu,\"collision_count\":%lu,"
		    "\"modifier\":\"", sec, cc);
		print_hex(id.modifier, CGA_MODIFIER_LEN);
		printf("\",\"params\":\"");
		print_hex(params, len);
		printf("\"}\n");
	} else {
		printf("address %s\nparams ", abuf);
		print_hex(params, len);
		printf("\n");
	}
	return 0;
}

/* -b minbits:maxbits */
static int
parse_bits(const char *s, struct cga_policy *pol)
{
	char buf[32], *colon;
	unsigned long lo, hi;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if ((colon = strchr(buf, ':')) == NULL)
		return -1;
	*colon = '\0';
	if (parse_num(buf, 1, 65536, &lo) == -1 ||
	    parse_num(colon + 1, 1, 65536, &hi) == -1 || lo > hi)
		return -1;
	pol->min_bits = (unsigned)lo;
	pol->max_bits = (unsigned)hi;
	return 0;
}

static int
cga_check(int argc, char **argv)
{
	struct cga_policy pol = CGA_POLICY_DEFAULT;
	enum cga_verdict v;
	struct in6_addr a;
	unsigned long sec;
	uint8_t *params;
	size_t len;
	int ch;

	while ((ch = getopt(argc, argv, ":hb:s:")) != -1) {
		switch (ch) {
		case 'b':
			if (parse_bits(optarg, &pol) == -1) {
				cga_warnx("verify: -b %s: want "
				    "minbits:maxbits", optarg);
				return verb_usage("verify");
			}
			break;
		case 's':
			if (parse_num(optarg, 0, CGA_SEC_MAX, &sec) == -1) {
				cga_warnx("verify: -s %s: want 0 to %d",
				    optarg, CGA_SEC_MAX);
				return verb_usage("verify");
			}
			pol.min_sec = (unsigned)sec;
			break;
		case 'h':
			return verb_help("verify");
		default:
			return bad_option("verify");
		}
	}
	if (argc - optind != 2)
		return verb_usage("verify");
	if (inet_pton(AF_INET6, argv[optind], &a) != 1) {
		cga_warnx("%s: not an IPv6 address", argv[optind]);
		return 1;
	}
	if ((params = load_params(argv[optind + 1], &len)) == NULL)
		return 1;
	v = cga_verify(&a, params, len, &pol, NULL);
	free(params);
	if (v == CGA_OK) {
		printf("ok\n");
		return 0;
	}
	printf("fail: %s\n", cga_verdict_str(v));
	return 1;
}

/* The largest Sec (up to CGA_SEC_MAX) whose Hash2 condition holds. */
static unsigned
modifier_sec(const struct cga_params *p)
{
	unsigned sec;

	for (sec = CGA_SEC_MAX; sec > 0; sec--)
		if (cga_hash2_ok(p->modifier, p->pk, p->pk_len, p->ext,
		    p->ext_len, sec))
			break;
	return sec;
}

static void
show_ext(const struct cga_params *p, bool json)
{
	size_t off = 0;
	unsigned type, dlen;

	/* cga_params_decode() checked that these are well-formed. */
	while (off + 4 <= p->ext_len) {
		type = (unsigned)p->ext[off] << 8 | p->ext[off + 1];
		dlen = (unsigned)p->ext[off + 2] << 8 | p->ext[off + 3];
		if (json)
			printf("%s{\"type\":%u,\"length\":%u}",
			    off == 0 ? "" : ",", type, dlen);
		else
			printf("extension type 0x%04x length %u\n", type,
			    dlen);
		off += 4 + dlen;
	}
}

static int
cga_show(int argc, char **argv)
{
	struct cga_params p;
	const uint8_t *kp;
	EVP_PKEY *key = NULL;
	const char *type = NULL;
	uint8_t *params;
	bool json = false;
	size_t len;
	int ch, bits = 0;

	while ((ch = getopt(argc, argv, ":hj")) != -1) {
		switch (ch) {
		case 'j':
			json = true;
			break;
		case 'h':
			return verb_help("show");
		default:
			return bad_option("show");
		}
	}
	if (argc - optind != 1)
		return verb_usage("show");
	if ((params = load_params(argv[optind], &len)) == NULL)
		return 1;
	if (cga_params_decode(params, len, &p) == -1) {
		cga_warnx("params: %s", cga_verdict_str(CGA_E_FORMAT));
		free(params);
		return 1;
	}
	kp = p.pk;
	if ((key = d2i_PUBKEY(NULL, &kp, (long)p.pk_len)) != NULL &&
	    kp == p.pk + p.pk_len) {
		type = EVP_PKEY_get0_type_name(key);
		bits = EVP_PKEY_get_bits(key);
	}
	if (json) {
		printf("{\"length\":%zu,\"modifier\":\"", len);
		print_hex(p.modifier, CGA_MODIFIER_LEN);
		printf("\",\"prefix\":\"");
		print_prefix(p.prefix);
		printf("\",\"collision_count\":%u,\"spki_length\":%zu,",
		    p.cc, p.pk_len);
		if (type != NULL)
			printf("\"key\":{\"type\":\"%s\",\"bits\":%d},",
			    type, bits);
		else
			printf("\"key\":null,");
		printf("\"modifier_sec\":%u,\"extensions\":[",
		    modifier_sec(&p));
		show_ext(&p, true);
		printf("]}\n");
	} else {
		printf("length %zu\nmodifier ", len);
		print_hex(p.modifier, CGA_MODIFIER_LEN);
		printf("\nprefix ");
		print_prefix(p.prefix);
		printf("\ncollision-count %u\nspki-length %zu\n", p.cc,
		    p.pk_len);
		if (type != NULL)
			printf("key %s %d bits\n", type, bits);
		else
			printf("key unparseable\n");
		printf("modifier-sec %u\n", modifier_sec(&p));
		show_ext(&p, false);
	}
	EVP_PKEY_free(key);
	free(params);
	return 0;
}

int
cga_main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		cga_usage(stderr);
		return 1;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		cga_usage(stdout);
		return 0;
	}
	for (i = 0; i < NVERBS; i++) {
		if (strcmp(argv[1], verbs[i].name) == 0) {
			/* Options are ours to report, in our words. */
			opterr = 0;
			optind = 1;
			return verbs[i].fn(argc - 1, argv + 1);
		}
	}
	cga_warnx("unknown command '%s'", argv[1]);
	cga_usage(stderr);
	return 1;
}

// SPDX-License-Identifier: MIT
/*
 * depsurf-unpack: write members of a .deb/.ddeb's data.tar to files, reading
 * ar, xz/zstd/gzip and tar itself (no dpkg, no tar), in one streaming pass
 * that stops once the last wanted member is out.
 */
#include "util/diag.h"
#include "util/cmdline.h"
#include "util/outfile.h"
#include "unpack/deb.h"
#include "unpack/err.h"
#include "unpack/modstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

enum { KEY_PROGRESS = 300, KEY_THREADS, KEY_SHA256, KEY_MODULES, KEY_MODULES_LEVEL };

static const struct cmd_opt unpack_opts[] = {
	{ "progress", KEY_PROGRESS, NULL, "print progress (MiB of PACKAGE read, percent) to\n"
	  "stderr: once a second, or in place on a terminal,\nthen a summary" },
	{ "threads", KEY_THREADS, "N", "xz decoder threads (default: online CPUs)" },
	{ "sha256", KEY_SHA256, "SUM", "the package must have this sha256: every byte\n"
	  "read is hashed (the rest after the members too); on\n"
	  "a mismatch nothing is written and the one line\n"
	  "names both sums" },
	{ "modules", KEY_MODULES, "DIR", "also collect every kernel module\n"
	  "usr/lib/debug/lib/modules/*/kernel/**.ko into DIR\n"
	  "(DIR/<path>.ko.zst and the index DIR/modules.list),\n"
	  "in the same pass; reads data.tar to its end" },
	{ "modules-level", KEY_MODULES_LEVEL, "N", "zstd level of the module store (default 1)" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

static void usage(FILE *f)
{
	const struct cmd_opt *const sets[] = { unpack_opts };

	fprintf(f,
"Usage: %s [options] PACKAGE.deb MEMBER=OUTFILE...\n"
"       %s [options] --modules DIR PACKAGE.deb [MEMBER=OUTFILE...]\n"
"\n"
"Write members of the data.tar of a Debian package (.deb, Ubuntu .ddeb) to\n"
"files, without dpkg or tar: ar, tar (ustar, GNU long names, pax) and\n"
"data.tar.{xz,zst,gz,lzma} or plain data.tar are read by the tool itself.\n"
"Reading stops as soon as every wanted member is out (with --sha256, the\n"
"rest is read for the sum, not decompressed).\n"
"\n"
"  MEMBER=OUTFILE      MEMBER is a path inside data.tar (a leading \"./\" is\n"
"                      optional) or an fnmatch(3) glob such as\n"
"                      'usr/lib/debug/boot/vmlinux-*' (\"*\" does not match \"/\");\n"
"                      the first member matching it is written to OUTFILE\n"
"                      (atomically: a temporary file renamed into place). The\n"
"                      last '=' separates the two. The member must be a regular\n"
"                      file; links are reported, not followed. Alternatives\n"
"                      joined by '|' take the first regular member matching\n"
"                      any of them (links matching one are skipped).\n",
		diag_prog(), diag_prog());
	cmdline_print(f, sets, 1);
	fprintf(f, "\n"
"Exit status 0 when every MEMBER was written; otherwise 1 with one line on\n"
"stderr naming the file and the problem, and no OUTFILE left behind\n"
"(2 for a usage error).\n");
}

/*
 * --progress: on a terminal one line rewritten in place 4 times a second;
 * otherwise (logs) one line per second. Nothing for the first second, so
 * short runs stay quiet.
 */
struct progress {
	const char *path;
	struct timespec last;
	double interval;
	bool on;
	bool tty;
	bool pending;	/* a terminal line without its newline */
	bool printed;
};

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_start(struct progress *pr, const char *path)
{
	pr->on = true;
	pr->path = path;
	pr->tty = isatty(STDERR_FILENO);
	pr->interval = pr->tty ? 0.25 : 1.0;
	clock_gettime(CLOCK_MONOTONIC, &pr->last);
}

static void progress_print(struct progress *pr, uint64_t done, uint64_t total)
{
	char of[48] = "";

	if (total)	/* unknown for a pipe */
		snprintf(of, sizeof(of), " / %.1f MiB (%d%%)", total / 1048576.0,
			 (int)(done * 100 / total));
	else
		snprintf(of, sizeof(of), " MiB");
	fprintf(stderr, "%s%s: %s: %.1f%s%s", pr->tty ? "\r" : "", diag_prog(),
		pr->path, done / 1048576.0, of, pr->tty ? "\033[K" : "\n");
	pr->pending = pr->tty;
}

/* End a pending terminal line before any other message. */
static void progress_done(struct progress *pr)
{
	if (pr->pending)
		fputc('\n', stderr);
	pr->pending = false;
}

static void progress_cb(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *pr = ctx;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (elapsed(&pr->last, &now) < (pr->printed ? pr->interval : 1.0))
		return;
	pr->last = now;
	pr->printed = true;
	progress_print(pr, done, total);
}

/* Split "MEMBER=OUTFILE" at the last '='. */
static int parse_want(char *arg, struct deb_want *w, const char **out)
{
	char *eq = strrchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return -EINVAL;
	*eq = '\0';
	w->pattern = arg;
	w->fd = -1;
	*out = eq + 1;
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", diag_prog());
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see --help)\n");
	return 2;
}

struct unpack {
	const char *pkg;
	struct deb_want *w;	/* n wanted members */
	struct outfile *out;	/* their outputs; .path borrowed from argv until opened */
	size_t n;
	long threads;
	const char *want_sum;	/* --sha256 (borrowed from argv) */
	struct progress pr;
	struct deb deb;
	const char *modules;	/* --modules DIR, or NULL */
	long modules_level;
	struct modstore ms;
	struct deb_sink sink;
};

/* 0; 2 for a usage error; -1 after --help. */
static int parse_args(int argc, char **argv, struct unpack *u)
{
	const struct cmd_opt *const sets[] = { unpack_opts };
	struct cmdline_tables t;
	char *end;
	int c;

	if (cmdline_tables(&t, sets, 1))
		return 2;
	while ((c = getopt_long(argc, argv, t.shorts, t.longopts, NULL)) != -1) {
		if (c == KEY_PROGRESS) {
			u->pr.on = true;
		} else if (c == KEY_THREADS) {
			errno = 0;
			u->threads = strtol(optarg, &end, 10);
			if (errno || *end || u->threads < 0 || u->threads > 1024)
				return usage_error("bad --threads '%s'", optarg);
		} else if (c == KEY_SHA256) {
			if (!hashread_valid_hex(optarg))
				return usage_error("bad --sha256 '%s' (want 64 hex digits)", optarg);
			u->want_sum = optarg;
		} else if (c == KEY_MODULES) {
			u->modules = optarg;
		} else if (c == KEY_MODULES_LEVEL) {
			errno = 0;
			u->modules_level = strtol(optarg, &end, 10);
			if (errno || *end || u->modules_level < 1 || u->modules_level > 19)
				return usage_error("bad --modules-level '%s' (1 to 19)", optarg);
		} else if (c == 'h') {
			usage(stdout);
			return -1;
		} else {
			return usage_error("%s", "bad option");
		}
	}
	if (argc - optind < (u->modules ? 1 : 2))
		return usage_error("%s", u->modules ? "need PACKAGE.deb" :
				   "need PACKAGE.deb and at least one MEMBER=OUTFILE");
	u->pkg = argv[optind++];
	return 0;
}

/* The MEMBER=OUTFILE operands; 2 for a bad one. */
static int parse_wants(struct unpack *u, int argc, char **argv)
{
	size_t i;

	u->n = (size_t)(argc - optind);
	u->w = calloc(u->n ? u->n : 1, sizeof(*u->w));
	u->out = calloc(u->n ? u->n : 1, sizeof(*u->out));
	if (!u->w || !u->out) {
		diag_err(u->pkg, "%s", strerror(ENOMEM));
		return 1;
	}
	for (i = 0; i < u->n; i++) {
		const char *path;

		if (parse_want(argv[optind + i], &u->w[i], &path))
			return usage_error("bad MEMBER=OUTFILE '%s'", argv[optind + i]);
		u->out[i].path = (char *)path;	/* borrowed until outfile_open */
	}
	return 0;
}

static int open_outputs(struct unpack *u)
{
	size_t i;
	int err;

	for (i = 0; i < u->n; i++) {
		const char *path = u->out[i].path;

		err = outfile_open(&u->out[i], path);
		if (err) {
			memset(&u->out[i], 0, sizeof(u->out[i]));
			diag_err(path, "%s", strerror(-err));
			return err;
		}
		u->w[i].fd = fileno(u->out[i].f);
	}
	return 0;
}

static int sink_begin(void *ctx, const char *name, uint64_t size)
{
	struct modstore *ms = ctx;
	const char *rel;
	int err;

	if (!modstore_match(name, &rel)) {
		if (!modstore_compressed(name))
			return 0;
		free(ms->bad);
		ms->bad = strdup(name);
		return ms->bad ? -EPROTONOSUPPORT : -ENOMEM;
	}
	err = modstore_begin(ms, rel, size);
	return err ? err : 1;
}

static int sink_data(void *ctx, const void *p, size_t len)
{
	return modstore_data(ctx, p, len);
}

static int sink_end(void *ctx)
{
	return modstore_end(ctx);
}

/* A failed module: the package's fault (bad path, twice, size) or the store's. */
static void report_sink(struct unpack *u, int err)
{
	const char *m = u->ms.bad ? u->ms.bad : "?";

	if (err == -EINVAL)
		diag_err(u->pkg, "module path kernel/%s would leave the module store", m);
	else if (err == -EEXIST)
		diag_err(u->pkg, "module kernel/%s is in data.tar twice", m);
	else if (err == -EBADMSG)
		diag_err(u->pkg, "module kernel/%s: data do not match the tar size", m);
	else if (err == -EPROTONOSUPPORT)
		diag_err(u->pkg, "module %s is compressed: not supported (MODULES=0 builds "
			 "without modules)", m);
	else
		diag_err(u->modules, "%s: %s", m, strerror(-err));
}

/* The one line for a failed deb_extract(): the output or the package. */
static void report_extract(struct unpack *u, int err)
{
	char msg[512];
	size_t i;

	if (err == -UNPACK_ERRNO__SINK) {
		report_sink(u, u->deb.sink_err);
		return;
	}
	for (i = 0; err == -UNPACK_ERRNO__WRITE && i < u->n; i++)
		if (u->w[i].err) {
			diag_err(u->out[i].path, "%s", strerror(-u->w[i].err));
			return;
		}
	diag_err(u->pkg, "%s", deb_strerror(&u->deb, err, msg, sizeof(msg)));
}

static int commit_outputs(struct unpack *u)
{
	size_t i;
	int err;

	for (i = 0; i < u->n; i++) {
		char *path = strdup(u->out[i].path);

		err = outfile_commit(&u->out[i]);
		memset(&u->out[i], 0, sizeof(u->out[i]));
		if (err)
			diag_err(path ? path : "output", "%s", strerror(-err));
		free(path);
		if (err)
			return err;
	}
	return 0;
}

/*
 * --sha256: the sum of the bytes read, the rest of the package read for it.
 * 1 after the one line for a mismatch (which takes the place of @err's: bytes
 * that are not the listed package are the problem, whatever they look like)
 * or for a failure to finish the sum; 0 otherwise. After a reader error a
 * stream (not a regular file) is not read on: it may never end.
 */
static int sum_mismatch(struct unpack *u, int err)
{
	char have[SHA256_HEX_LEN + 1], msg[512];
	int serr;

	if (!u->want_sum || err == -UNPACK_ERRNO__WRITE || (err && !u->deb.ar.file_size))
		return 0;
	serr = deb_sum(&u->deb, have);
	progress_done(&u->pr);
	if (serr) {
		if (err)	/* the reader's error says more */
			return 0;
		diag_err(u->pkg, "reading it to the end for its sha256: %s",
			 serr == -EFBIG ? "larger than any package" :
			 deb_strerror(&u->deb, serr, msg, sizeof(msg)));
		return 1;
	}
	if (!strcasecmp(have, u->want_sum))
		return 0;
	diag_err(u->pkg, "sha256 mismatch: expected %s, got %s", u->want_sum, have);
	return 1;
}

static int run(struct unpack *u)
{
	int err;

	u->deb.threads = u->threads;
	u->deb.want_sum = u->want_sum != NULL;
	if (u->pr.on) {
		progress_start(&u->pr, u->pkg);
		u->deb.ar.progress = progress_cb;
		u->deb.ar.progress_ctx = &u->pr;
	}
	err = deb_open(&u->deb, u->pkg);
	if (!err) {
		err = open_outputs(u);
		if (err)
			return err;
		if (u->modules) {
			err = modstore_open(&u->ms, u->modules, (int)u->modules_level);
			if (err) {
				diag_err(u->modules, "%s", strerror(-err));
				return err;
			}
			u->sink = (struct deb_sink){ sink_begin, sink_data, sink_end, &u->ms };
			u->deb.sink = &u->sink;
		}
		err = deb_extract(&u->deb, u->w, u->n);
	}
	if (sum_mismatch(u, err))
		return -1;
	progress_done(&u->pr);
	if (err) {
		report_extract(u, err);
		return err;
	}
	if (u->modules) {
		err = modstore_commit(&u->ms);
		if (err) {
			diag_err(u->modules, "%s", strerror(-err));
			return err;
		}
	}
	err = commit_outputs(u);
	if (!err && u->modules && u->pr.on)
		diag_info("%s: %zu module(s), %.1f MiB, stored in %.1f MiB", u->modules,
			  u->ms.cnt, modstore_bytes(&u->ms) / 1048576.0,
			  modstore_stored(&u->ms) / 1048576.0);
	if (!err && u->pr.on)
		diag_info("%s: %zu member(s) written; read %.1f MiB of the package, %llu tar entries",
			  u->pkg, u->n, ar_tell(&u->deb.ar) / 1048576.0,
			  (unsigned long long)u->deb.entries);
	return err;
}

static void unpack_free(struct unpack *u)
{
	size_t i;

	for (i = 0; u->out && i < u->n; i++)
		if (u->out[i].f)
			outfile_abort(&u->out[i]);
	for (i = 0; u->w && i < u->n; i++)
		free(u->w[i].member);
	free(u->w);
	free(u->out);
	modstore_abort(&u->ms);
	deb_close(&u->deb);
}

int main(int argc, char **argv)
{
	struct unpack u = { .deb = { .fd = -1 }, .ms = { .fd = -1 },
			    .modules_level = MODSTORE_LEVEL };
	int rc;

	diag_set_prog(argv[0]);
	rc = parse_args(argc, argv, &u);
	if (!rc)
		rc = parse_wants(&u, argc, argv);
	if (!rc)
		rc = run(&u) ? 1 : 0;
	unpack_free(&u);
	return rc < 0 ? 0 : rc;
}

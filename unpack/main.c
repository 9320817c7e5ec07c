// SPDX-License-Identifier: MIT
/*
 * depsurf-unpack: write members of a .deb/.ddeb's data.tar to files, reading
 * ar, xz/zstd/gzip and tar itself (no dpkg, no tar), in one streaming pass
 * that stops once the last wanted member is out.
 */
#include "util/diag.h"
#include "util/outfile.h"
#include "unpack/deb.h"
#include "unpack/err.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
"Usage: depsurf-unpack [--progress] [--threads N] PACKAGE.deb MEMBER=OUTFILE...\n"
"\n"
"Write members of the data.tar of a Debian package (.deb, Ubuntu .ddeb) to\n"
"files, without dpkg or tar: ar, tar (ustar, GNU long names, pax) and\n"
"data.tar.{xz,zst,gz,lzma} or plain data.tar are read by the tool itself.\n"
"Reading stops as soon as every wanted member is out.\n"
"\n"
"  MEMBER=OUTFILE  MEMBER is a path inside data.tar (a leading \"./\" is\n"
"                  optional) or an fnmatch(3) glob such as\n"
"                  'usr/lib/debug/boot/vmlinux-*' (\"*\" does not match \"/\");\n"
"                  the first member matching it is written to OUTFILE\n"
"                  (atomically: a temporary file renamed into place). The\n"
"                  last '=' separates the two. The member must be a regular\n"
"                  file; links are reported, not followed. Alternatives\n"
"                  joined by '|' take the first regular member matching\n"
"                  any of them (links matching one are skipped).\n"
"  --progress      print progress (MiB of PACKAGE read, percent) to stderr:\n"
"                  once a second, or in place on a terminal, then a summary\n"
"  --threads N     xz decoder threads (default: online CPUs)\n"
"  -h, --help      show this help\n"
"\n"
"Exit status 0 when every MEMBER was written; otherwise 1 with one line on\n"
"stderr naming the file and the problem, and no OUTFILE left behind\n"
"(2 for a usage error).\n";

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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "progress", no_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct progress pr = { 0 };
	struct deb deb = { .fd = -1 };
	struct deb_want *w = NULL;
	struct outfile *out = NULL;
	struct deb_want *bad = NULL;
	const char *pkg;
	size_t i, n = 0;
	char msg[512], *end;
	long threads = 0;
	int c, err, rc = 1;

	diag_set_prog(argv[0]);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			pr.on = true;
			break;
		case 'j':
			errno = 0;
			threads = strtol(optarg, &end, 10);
			if (errno || *end || threads < 0 || threads > 1024)
				return usage_error("bad --threads '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return usage_error("%s", "bad option");
		}
	}
	if (argc - optind < 2)
		return usage_error("%s", "need PACKAGE.deb and at least one MEMBER=OUTFILE");
	pkg = argv[optind++];
	n = argc - optind;
	w = calloc(n, sizeof(*w));
	out = calloc(n, sizeof(*out));
	if (!w || !out) {
		diag_err(pkg, "%s", strerror(ENOMEM));
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		const char *path;

		if (parse_want(argv[optind + i], &w[i], &path)) {
			rc = usage_error("bad MEMBER=OUTFILE '%s'", argv[optind + i]);
			goto cleanup;
		}
		out[i].path = (char *)path;	/* borrowed until outfile_open */
	}

	deb.threads = threads;
	if (pr.on) {
		progress_start(&pr, pkg);
		deb.ar.progress = progress_cb;
		deb.ar.progress_ctx = &pr;
	}
	err = deb_open(&deb, pkg);
	if (err) {
		progress_done(&pr);
		diag_err(pkg, "%s", deb_strerror(&deb, err, msg, sizeof(msg)));
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		const char *path = out[i].path;

		err = outfile_open(&out[i], path);
		if (err) {
			memset(&out[i], 0, sizeof(out[i]));
			diag_err(path, "%s", strerror(-err));
			goto cleanup;
		}
		w[i].fd = fileno(out[i].f);
	}

	err = deb_extract(&deb, w, n);
	progress_done(&pr);
	if (err) {
		for (i = 0; err == -UNPACK_ERRNO__WRITE && !bad && i < n; i++)
			if (w[i].err)
				bad = &w[i];
		if (bad)
			diag_err(out[bad - w].path, "%s", strerror(-bad->err));
		else
			diag_err(pkg, "%s", deb_strerror(&deb, err, msg, sizeof(msg)));
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		char *path = strdup(out[i].path);

		err = outfile_commit(&out[i]);
		memset(&out[i], 0, sizeof(out[i]));
		if (err) {
			diag_err(path ? path : "output", "%s", strerror(-err));
			free(path);
			goto cleanup;
		}
		free(path);
	}
	if (pr.on)
		diag_info("%s: %zu member(s) written; read %.1f MiB of the package, %llu tar entries",
			  pkg, n, ar_tell(&deb.ar) / 1048576.0, (unsigned long long)deb.entries);
	rc = 0;
cleanup:
	for (i = 0; out && i < n; i++)
		if (out[i].f)
			outfile_abort(&out[i]);
	for (i = 0; w && i < n; i++)
		free(w[i].member);
	free(w);
	free(out);
	deb_close(&deb);
	return rc;
}

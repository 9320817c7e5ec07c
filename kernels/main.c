// SPDX-License-Identifier: MIT
/*
 * depsurf-kernels: validates kernels.list and answers the build's questions
 * about it — which images a selection names, and their columns as a Make
 * fragment (so the Makefile never parses the list itself).
 */
#include "util/diag.h"
#include "formats/kernels_list.h"
#include "util/cmdline.h"
#include "util/outfile.h"
#include "util/file.h"
#include "kernels/shard.h"

#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KEY_DISTRO = 300, KEY_ARCH, KEY_IMAGES, KEY_URL, KEY_MK, KEY_SHARD, KEY_SIZES };

static const struct cmd_opt kernels_opts[] = {
	{ "distro", KEY_DISTRO, "D", "only images of distro D (debian, ubuntu)" },
	{ "arch", KEY_ARCH, "A", "only images of architecture A (amd64 arm64 armhf\n"
	  "i386 ppc64el riscv64 s390x)" },
	{ "images", KEY_IMAGES, "\"ID...\"", "only these images (space-separated; each must exist)" },
	{ "shard", KEY_SHARD, "I/N", "of the images selected, only those of shard I of N:\n"
	  "heaviest first (package bytes, --sizes) onto the lightest\n"
	  "shard so far; the same list and sizes give the same shards" },
	{ "sizes", KEY_SIZES, "FILE", "package sizes for --shard: 'FILE BYTES' lines\n"
	  "(kernels.sizes); an unknown size counts as the largest known" },
	{ "url", KEY_URL, "ID", "instead, print the first package URL of image ID as\n"
	  "written in the list (mirror variables unexpanded)" },
	{ "mk", KEY_MK, NULL, "instead, write every image's columns as Make variables\n"
	  "(KL_IDS, KL.<id>.<column>) for the Makefile to include" },
	{ "output", 'o', "FILE", "write to FILE (atomically) instead of standard output" },
	{ "help", 'h', NULL, "this text" },
	{ NULL, 0, NULL, NULL },
};

struct kopts {
	const char *list, *distro, *arch, *images, *url_of, *output, *shard, *sizes;
	unsigned shard_i, shard_n;
	bool mk;
};

static void usage(FILE *f)
{
	const struct cmd_opt *const sets[] = { kernels_opts };

	fprintf(f, "Usage: %s [options] KERNELS_LIST\n"
		"Validate a kernels.list and print the ids of the selected images, one per line.\n\n",
		diag_prog());
	cmdline_print(f, sets, 1);
	fprintf(f, "\nA malformed line is reported as KERNELS_LIST:LINE: problem, and the exit "
		"status is 1.\n");
}

/* 0; 2 for a usage error; -1 after --help. */
static int parse_args(int argc, char **argv, struct kopts *o)
{
	const struct cmd_opt *const sets[] = { kernels_opts };
	struct cmdline_tables t;
	int c;

	if (cmdline_tables(&t, sets, 1))
		return 2;
	while ((c = getopt_long(argc, argv, t.shorts, t.longopts, NULL)) != -1) {
		switch (c) {
		case KEY_DISTRO: o->distro = optarg; break;
		case KEY_ARCH: o->arch = optarg; break;
		case KEY_IMAGES: o->images = optarg; break;
		case KEY_MK: o->mk = true; break;
		case KEY_URL: o->url_of = optarg; break;
		case KEY_SHARD: o->shard = optarg; break;
		case KEY_SIZES: o->sizes = optarg; break;
		case 'o': o->output = optarg; break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	if (o->shard && shard_parse(o->shard, &o->shard_i, &o->shard_n)) {
		fprintf(stderr, "%s: --shard: '%s' is not I/N (1 <= I <= N)\n", diag_prog(), o->shard);
		return 2;
	}
	o->list = argv[optind];
	return 0;
}

static int in_list(const char *words, const char *id)
{
	size_t n = strlen(id);
	const char *p = words;

	while ((p = strstr(p, id))) {
		if ((p == words || p[-1] == ' ' || p[-1] == ',') &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == ','))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * A list value as Make text: '$' doubled, '#' escaped. The grammar
 * (formats/kernels_list.h) lets no other byte of meaning to Make through;
 * should one come anyway, nothing is written and the fragment fails.
 */
static int mk_value(FILE *f, const char *s)
{
	static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789._~+-/:@=%,{}";

	for (; *s; s++) {
		if (*s == '$')
			fputs("$$", f);
		else if (*s == '#')
			fputs("\\#", f);
		else if (strchr(plain, *s))
			fputc(*s, f);
		else
			return -EINVAL;
	}
	return 0;
}

/* "NAME := VALUE...\n"; -EINVAL when a value is no safe Make text. */
static int mk_var(FILE *f, const char *pre, const char *key, const char *col,
		  const char *const *vals, size_t nr)
{
	size_t i;
	int err = 0;

	fprintf(f, "KL.%s%s.%s :=", pre, key, col);
	for (i = 0; i < nr && !err; i++) {
		fputc(' ', f);
		err = mk_value(f, vals[i]);
	}
	fputc('\n', f);
	return err;
}

#define MK1(f, pre, key, col, v) mk_var(f, pre, key, col, (const char *const[]){ v }, 1)

/*
 * The Make fragment dataset.mk includes: per image KL.<id>.<column>, its
 * package files KL.<id>.urls_file / config_urls_file; per package file
 * KL.pkg.<file>.sha256 / urls / ids (the images naming it), so that two
 * images of one package share one fetch rule.
 */
static int write_mk(FILE *f, const struct kernels_list *kl, const char *list)
{
	size_t i, j;
	int err = 0;

	fprintf(f, "# generated from a kernels.list by depsurf-kernels --mk; do not edit\n");
	(void)list;
	fprintf(f, "KL_IDS :=");
	for (i = 0; i < kl->nr; i++)
		fprintf(f, " %s", kl->images[i].id);
	fputc('\n', f);
	for (i = 0; i < kl->nr && !err; i++) {
		const struct kernel_image *img = &kl->images[i];
		const char *file = kl->pkgs[img->pkg].file;
		const char *cfile = img->config_pkg == KL_NO_PKG ? "" : kl->pkgs[img->config_pkg].file;

		err = MK1(f, "", img->id, "distro", img->distro) ||
		      MK1(f, "", img->id, "release", img->release) ||
		      MK1(f, "", img->id, "arch", img->arch) ||
		      MK1(f, "", img->id, "flavor", img->flavor) ||
		      MK1(f, "", img->id, "sha256", img->sha256) ||
		      MK1(f, "", img->id, "config_sha256", img->config_sha256) ||
		      mk_var(f, "", img->id, "urls", (const char *const *)img->urls, img->nr_urls) ||
		      mk_var(f, "", img->id, "config_urls", (const char *const *)img->config_urls,
			     img->nr_config_urls) ||
		      MK1(f, "", img->id, "urls_file", file) ||
		      MK1(f, "", img->id, "config_urls_file", cfile);
	}
	for (i = 0; i < kl->nr_pkgs && !err; i++) {
		const struct kl_package *p = &kl->pkgs[i];

		err = MK1(f, "pkg.", p->file, "sha256", p->sha256) ||
		      mk_var(f, "pkg.", p->file, "urls", (const char *const *)p->urls, p->nr_urls);
		if (err)
			break;
		fprintf(f, "KL.pkg.%s.ids :=", p->file);
		for (j = 0; j < kl->nr; j++)
			if (kl->images[j].pkg == i || kl->images[j].config_pkg == i)
				fprintf(f, " %s", kl->images[j].id);
		fputc('\n', f);
	}
	return err ? -EINVAL : 0;
}

/* Every image --images names exists (a typo must not select nothing), and
 * --url names exactly one. */
static int check_names(const struct kernels_list *kl, const struct kopts *o)
{
	char *copy, *save = NULL, *id;
	int err = 0;

	if (o->url_of && !kernels_list_find(kl, o->url_of)) {
		diag_err(o->list, "--url: no image '%s' (one id)", o->url_of);
		return -ENOENT;
	}
	if (!o->images)
		return 0;
	copy = strdup(o->images);
	if (!copy)
		return -ENOMEM;
	for (id = strtok_r(copy, " ,", &save); id && !err; id = strtok_r(NULL, " ,", &save))
		if (!kernels_list_find(kl, id)) {
			diag_err(o->list, "no image '%s'", id);
			err = -ENOENT;
		}
	free(copy);
	return err;
}

/* The images of the selection (and of the shard), in list order. */
static int write_selection(FILE *f, const struct kernels_list *kl, const struct kopts *o,
			   const uint64_t *sizes)
{
	bool *sel = calloc(kl->nr + 1, sizeof(*sel)), *in = calloc(kl->nr + 1, sizeof(*in));
	size_t i;
	int err = sel && in ? 0 : -ENOMEM;

	for (i = 0; !err && i < kl->nr; i++) {
		const struct kernel_image *img = &kl->images[i];

		sel[i] = !((o->distro && strcmp(o->distro, img->distro)) ||
			   (o->arch && strcmp(o->arch, img->arch)) ||
			   (o->images && !in_list(o->images, img->id)));
	}
	if (!err && o->shard)
		err = shard_select(kl, sel, sizes, o->shard_i, o->shard_n, in);
	for (i = 0; !err && i < kl->nr; i++)
		if (o->shard ? in[i] : sel[i])
			fprintf(f, "%s\n", kl->images[i].id);
	free(sel);
	free(in);
	return err;
}

static int write_answer(FILE *f, const struct kernels_list *kl, const struct kopts *o,
			const uint64_t *sizes)
{
	if (o->url_of) {
		fprintf(f, "%s\n", kernels_list_find(kl, o->url_of)->urls[0]);
		return 0;
	}
	if (o->mk)
		return write_mk(f, kl, o->list);
	return write_selection(f, kl, o, sizes);
}

/* The answer on standard output, or atomically in --output. */
static int write_output(const struct kernels_list *kl, const struct kopts *o,
			const uint64_t *sizes)
{
	struct outfile out = { 0 };
	int err;

	if (!o->output) {
		err = write_answer(stdout, kl, o, sizes);
		if (err)
			diag_err(o->list, "a value that is no safe Make text");
		return err ? err : fflush(stdout) ? -errno : 0;
	}
	err = outfile_open(&out, o->output);
	if (!err && (err = write_answer(out.f, kl, o, sizes))) {
		diag_err(o->list, "a value that is no safe Make text; %s not written", o->output);
		outfile_abort(&out);
		return err;
	}
	if (!err)
		err = outfile_commit(&out);
	if (err)
		diag_err(o->output, "%s", strerror(-err));
	outfile_abort(&out);
	return err;
}

static int load(struct kernels_list *kl, const char *list)
{
	char msg[512];
	int err = kernels_list_load(kl, list, msg, sizeof(msg));

	if (err == -EINVAL)	/* "LIST:LINE: problem", the compiler-style location */
		fprintf(stderr, "%s: %s:%s\n", diag_prog(), list, msg);
	else if (err)
		diag_err(list, "%s", err == -EBADMSG ? "not a text file (NUL byte)" : strerror(-err));
	return err;
}

/* The package sizes of --sizes (all unknown without it). */
static int load_sizes(const struct kernels_list *kl, const struct kopts *o, uint64_t **sizes)
{
	char *buf = NULL, msg[256];
	size_t len;
	int err;

	*sizes = calloc(kl->nr_pkgs + 1, sizeof(**sizes));
	if (!*sizes)
		return -ENOMEM;
	if (!o->sizes)
		return 0;
	err = file_read_all(o->sizes, &buf, &len);
	if (err) {
		diag_err(o->sizes, "%s", strerror(-err));
		return err;
	}
	if (strlen(buf) != len) {
		diag_err(o->sizes, "not a text file (NUL byte)");
		free(buf);
		return -EINVAL;
	}
	err = shard_sizes_parse(kl, buf, *sizes, msg, sizeof(msg));
	if (err)
		fprintf(stderr, "%s: %s:%s\n", diag_prog(), o->sizes, msg);
	free(buf);
	return err;
}

int main(int argc, char **argv)
{
	struct kernels_list kl = { 0 };
	struct kopts o = { 0 };
	uint64_t *sizes = NULL;
	int err;

	diag_set_prog(argv[0]);
	err = parse_args(argc, argv, &o);
	if (err)
		return err < 0 ? 0 : err;
	err = load(&kl, o.list);
	if (!err)
		err = check_names(&kl, &o);
	if (!err)
		err = load_sizes(&kl, &o, &sizes);
	if (!err)
		err = write_output(&kl, &o, sizes);
	free(sizes);
	kernels_list_free(&kl);
	return err ? 1 : 0;
}

// SPDX-License-Identifier: MIT
/*
 * depsurf-kernels: validates kernels.list and answers the build's questions
 * about it — which images a selection names, and their columns as a Make
 * fragment (so the Makefile never parses the list itself).
 */
#include "util/diag.h"
#include "formats/kernels_list.h"
#include "util/outfile.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: depsurf-kernels [OPTIONS] KERNELS_LIST\n"
	"Validate a kernels.list and print the ids of the selected images, one per line.\n"
	"\n"
	"  --distro=D      only images of distro D (debian, ubuntu)\n"
	"  --arch=A        only images of architecture A (amd64 arm64 armhf i386 ppc64el riscv64 s390x)\n"
	"  --images=\"ID…\"  only these images (space-separated; each must exist)\n"
	"  --url=ID        instead, print the first package URL of image ID as written\n"
	"                  in the list (mirror variables unexpanded, for meta.json)\n"
	"  --mk            instead, write every image's columns as Make variables\n"
	"                  (KL_IDS, KL.<id>.<column>) for the Makefile to include\n"
	"  -o, --output=F  write to F (atomically) instead of standard output\n"
	"  -h, --help      this text\n"
	"\n"
	"A malformed line is reported as KERNELS_LIST:LINE: problem, and the exit status is 1.\n";

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

static void write_urls(FILE *f, const char *id, const char *col,
		       char *const *urls, size_t nr)
{
	size_t i;

	fprintf(f, "KL.%s.%s =", id, col);
	for (i = 0; i < nr; i++)
		fprintf(f, " %s", urls[i]);
	fputc('\n', f);
	fprintf(f, "KL.%s.%s_file = %s\n", id, col,
		nr ? strrchr(urls[0], '/') + 1 : "");
}

static void write_mk(FILE *f, const struct kernels_list *kl, const char *list)
{
	size_t i;

	fprintf(f, "# generated from %s by depsurf-kernels --mk; do not edit\n", list);
	fprintf(f, "KL_IDS :=");
	for (i = 0; i < kl->nr; i++)
		fprintf(f, " %s", kl->images[i].id);
	fputc('\n', f);
	for (i = 0; i < kl->nr; i++) {
		const struct kernel_image *img = &kl->images[i];

		fprintf(f, "KL.%s.distro := %s\n", img->id, img->distro);
		fprintf(f, "KL.%s.release := %s\n", img->id, img->release);
		fprintf(f, "KL.%s.arch := %s\n", img->id, img->arch);
		fprintf(f, "KL.%s.flavor := %s\n", img->id, img->flavor);
		fprintf(f, "KL.%s.sha256 := %s\n", img->id, img->sha256);
		fprintf(f, "KL.%s.config_sha256 := %s\n", img->id, img->config_sha256);
		write_urls(f, img->id, "urls", img->urls, img->nr_urls);
		write_urls(f, img->id, "config_urls", img->config_urls, img->nr_config_urls);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "distro", required_argument, NULL, 'D' },
		{ "arch", required_argument, NULL, 'A' },
		{ "images", required_argument, NULL, 'I' },
		{ "mk", no_argument, NULL, 'M' },
		{ "url", required_argument, NULL, 'U' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *distro = NULL, *arch = NULL, *images = NULL, *output = NULL,
		   *url_of = NULL;
	struct kernels_list kl = { 0 };
	struct outfile out = { 0 };
	char err[512];
	int c, mk = 0, ret = 1, e = 0;
	FILE *f = stdout;
	size_t i;

	diag_set_prog(argv[0]);
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'D': distro = optarg; break;
		case 'A': arch = optarg; break;
		case 'I': images = optarg; break;
		case 'M': mk = 1; break;
		case 'U': url_of = optarg; images = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage, stderr);
		return 2;
	}
	e = kernels_list_load(&kl, argv[optind], err, sizeof(err));
	if (e == -EINVAL) {
		/* "LIST:LINE: problem", the compiler-style location */
		fprintf(stderr, "%s: %s:%s\n", diag_prog(), argv[optind], err);
		goto out;
	} else if (e) {
		diag_err(argv[optind], "%s", e == -EBADMSG ? "not a text file (NUL byte)" : strerror(-e));
		goto out;
	}
	if (images) {
		/* every named image must exist: a typo must not select nothing */
		char *copy = strdup(images), *save = NULL, *id;

		for (id = copy ? strtok_r(copy, " ,", &save) : NULL; id;
		     id = strtok_r(NULL, " ,", &save)) {
			for (i = 0; i < kl.nr && strcmp(kl.images[i].id, id); i++)
				;
			if (i == kl.nr) {
				diag_err(argv[optind], "no image '%s'", id);
				free(copy);
				goto out;
			}
		}
		free(copy);
	}
	if (output) {
		e = outfile_open(&out, output);
		if (e) {
			diag_err(output, "%s", strerror(-e));
			goto out;
		}
		f = out.f;
	}
	if (url_of) {
		fprintf(f, "%s\n", kernels_list_find(&kl, url_of)->urls[0]);
	} else if (mk) {
		write_mk(f, &kl, argv[optind]);
	} else {
		for (i = 0; i < kl.nr; i++) {
			const struct kernel_image *img = &kl.images[i];

			if ((distro && strcmp(distro, img->distro)) ||
			    (arch && strcmp(arch, img->arch)) ||
			    (images && !in_list(images, img->id)))
				continue;
			fprintf(f, "%s\n", img->id);
		}
	}
	if (output) {
		e = outfile_commit(&out);
		if (e) {
			diag_err(output, "%s", strerror(-e));
			goto out;
		}
	}
	ret = 0;
out:
	outfile_abort(&out);
	kernels_list_free(&kl);
	return ret;
}

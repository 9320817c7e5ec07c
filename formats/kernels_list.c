// SPDX-License-Identifier: MIT
#include "formats/kernels_list.h"
#include "util/file.h"
#include "util/mem.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_ID, COL_DISTRO, COL_RELEASE, COL_ARCH, COL_FLAVOR, COL_SHA256,
       COL_URLS, COL_CONFIG_SHA256, COL_CONFIG_URLS, NR_COLS };

const char *const kernels_list_arches[] = {
	"amd64", "arm64", "armhf", "i386", "ppc64el", "riscv64", "s390x", NULL,
};

static int line_err(char *err, size_t err_sz, int lineno, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, err_sz, "%d: ", lineno);
	if (n < 0 || (size_t)n >= err_sz)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err + n, err_sz - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void image_free(struct kernel_image *img)
{
	size_t i;

	free(img->id);
	free(img->distro);
	free(img->release);
	free(img->arch);
	free(img->flavor);
	free(img->sha256);
	free(img->config_sha256);
	for (i = 0; i < img->nr_urls; i++)
		free(img->urls[i]);
	for (i = 0; i < img->nr_config_urls; i++)
		free(img->config_urls[i]);
}

void kernels_list_free(struct kernels_list *kl)
{
	size_t i;

	for (i = 0; i < kl->nr; i++)
		image_free(&kl->images[i]);
	free(kl->images);
	memset(kl, 0, sizeof(*kl));
}

static int valid_sha256(const char *s)
{
	size_t i;

	if (!strcmp(s, "-"))
		return 1;
	for (i = 0; i < 64; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return s[64] == '\0';
}

/* An id names a directory: no '/', no leading '.', printable ASCII only. */
static int valid_id(const char *s)
{
	if (!*s || *s == '.' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._+-", *s))
			return 0;
	return 1;
}

static int valid_url(const char *u)
{
	/* a scheme, or a ${VAR}/$(VAR) base the build expands */
	return !strncmp(u, "http://", 7) || !strncmp(u, "https://", 8) ||
	       !strncmp(u, "file://", 7) || !strncmp(u, "${", 2) ||
	       !strncmp(u, "$(", 2);
}

static int split_urls(char *field, char **urls, size_t *nr, int lineno,
		      const char *what, char *err, size_t err_sz)
{
	char *save = NULL, *u;

	*nr = 0;
	if (!strcmp(field, "-"))
		return 0;
	for (u = strtok_r(field, ",", &save); u; u = strtok_r(NULL, ",", &save)) {
		if (*nr == KL_MAX_URLS)
			return line_err(err, err_sz, lineno, "more than %d %s",
					KL_MAX_URLS, what);
		if (!valid_url(u))
			return line_err(err, err_sz, lineno, "%s: not a URL: %s", what, u);
		urls[*nr] = strdup(u);
		if (!urls[*nr])
			return -ENOMEM;
		(*nr)++;
	}
	if (!*nr)
		return line_err(err, err_sz, lineno, "empty %s", what);
	return 0;
}

/* Also requires every URL of a list to end in the same file name: the
 * fetch stage stores the package under that name (one flat folder). */
static int same_basename(char **urls, size_t nr)
{
	const char *first, *b;
	size_t i;

	if (!nr)
		return 1;
	first = strrchr(urls[0], '/');
	for (i = 1; i < nr; i++) {
		b = strrchr(urls[i], '/');
		if (!first || !b || strcmp(first, b))
			return 0;
	}
	return first && first[1];
}

static int parse_line(struct kernels_list *kl, char *line, int lineno,
		      char *err, size_t err_sz)
{
	char *cols[NR_COLS + 1], *save = NULL, *tok;
	struct kernel_image *img;
	const char *const *a;
	size_t n = 0, i;
	int ret;

	for (tok = strtok_r(line, " \t\r", &save); tok && n <= NR_COLS;
	     tok = strtok_r(NULL, " \t\r", &save))
		cols[n++] = tok;
	if (n != NR_COLS)
		return line_err(err, err_sz, lineno,
				"expected %d columns (id distro release arch flavor sha256 urls config_sha256 config_urls), got %s%zu",
				NR_COLS, n > NR_COLS ? "more than " : "", n > NR_COLS ? (size_t)NR_COLS : n);
	if (!valid_id(cols[COL_ID]))
		return line_err(err, err_sz, lineno, "invalid image id '%s'", cols[COL_ID]);
	for (i = 0; i < kl->nr; i++)
		if (!strcmp(kl->images[i].id, cols[COL_ID]))
			return line_err(err, err_sz, lineno, "duplicate image id '%s' (first on line %d)",
					cols[COL_ID], kl->images[i].lineno);
	for (a = kernels_list_arches; *a && strcmp(*a, cols[COL_ARCH]); a++)
		;
	if (!*a)
		return line_err(err, err_sz, lineno, "unknown architecture '%s'", cols[COL_ARCH]);
	if (!valid_sha256(cols[COL_SHA256]))
		return line_err(err, err_sz, lineno, "sha256 must be 64 lowercase hex digits or '-': '%s'",
				cols[COL_SHA256]);
	if (!valid_sha256(cols[COL_CONFIG_SHA256]))
		return line_err(err, err_sz, lineno, "config sha256 must be 64 lowercase hex digits or '-': '%s'",
				cols[COL_CONFIG_SHA256]);
	if (!strcmp(cols[COL_URLS], "-"))
		return line_err(err, err_sz, lineno, "no package URL");

	img = mem_add((void **)&kl->images, &kl->cap, &kl->nr, sizeof(*img));
	if (!img)
		return -ENOMEM;
	img->lineno = lineno;
	if (!(img->id = strdup(cols[COL_ID])) ||
	    !(img->distro = strdup(cols[COL_DISTRO])) ||
	    !(img->release = strdup(cols[COL_RELEASE])) ||
	    !(img->arch = strdup(cols[COL_ARCH])) ||
	    !(img->flavor = strdup(cols[COL_FLAVOR])) ||
	    !(img->sha256 = strdup(cols[COL_SHA256])) ||
	    !(img->config_sha256 = strdup(cols[COL_CONFIG_SHA256])))
		return -ENOMEM;
	ret = split_urls(cols[COL_URLS], img->urls, &img->nr_urls, lineno,
			 "package URLs", err, err_sz);
	if (!ret)
		ret = split_urls(cols[COL_CONFIG_URLS], img->config_urls,
				 &img->nr_config_urls, lineno, "config URLs", err, err_sz);
	if (ret)
		return ret;
	if (!same_basename(img->urls, img->nr_urls) ||
	    !same_basename(img->config_urls, img->nr_config_urls))
		return line_err(err, err_sz, lineno,
				"the URLs of one package must end in the same file name");
	if (!img->nr_config_urls && strcmp(img->config_sha256, "-"))
		return line_err(err, err_sz, lineno, "config sha256 given without a config URL");
	return 0;
}

int kernels_list_parse(struct kernels_list *kl, const char *text,
		       char *err, size_t err_sz)
{
	const char *p = text, *nl;
	char *line = NULL, *s;
	int lineno = 0, ret = 0;

	memset(kl, 0, sizeof(*kl));
	if (err_sz)
		err[0] = '\0';
	for (; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		lineno++;
		free(line);
		line = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (!line) {
			ret = -ENOMEM;
			break;
		}
		if ((s = strchr(line, '#')))
			*s = '\0';
		for (s = line; *s == ' ' || *s == '\t' || *s == '\r'; s++)
			;
		if (!*s)
			continue;
		ret = parse_line(kl, s, lineno, err, err_sz);
		if (ret)
			break;
		if (!nl)
			break;
	}
	free(line);
	if (ret)
		kernels_list_free(kl);
	return ret;
}

int kernels_list_load(struct kernels_list *kl, const char *path, char *err, size_t err_sz)
{
	char *text;
	size_t len;
	int e;

	e = file_read_all(path, &text, &len);
	if (e)
		return e;
	e = strlen(text) == len ? kernels_list_parse(kl, text, err, err_sz) : -EBADMSG;
	free(text);
	return e;
}

const struct kernel_image *kernels_list_find(const struct kernels_list *kl, const char *id)
{
	size_t i;

	for (i = 0; i < kl->nr; i++)
		if (!strcmp(kl->images[i].id, id))
			return &kl->images[i];
	return NULL;
}

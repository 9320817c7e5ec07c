// SPDX-License-Identifier: MIT
#include "formats/listline.h"
#include "formats/kernels_list.h"
#include "util/file.h"
#include "util/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_ID, COL_DISTRO, COL_RELEASE, COL_ARCH, COL_FLAVOR, COL_SHA256,
       COL_URLS, COL_CONFIG_SHA256, COL_CONFIG_URLS, NR_COLS };

static const char *const col_names[NR_COLS] = {
	"id", "distro", "release", "arch", "flavor", "sha256", "urls",
	"config_sha256", "config_urls",
};

const char *const kernels_list_arches[] = {
	"amd64", "arm64", "armhf", "i386", "ppc64el", "riscv64", "s390x", NULL,
};

const char *const kernels_list_vars[] = {
	"DEBIAN_MIRROR", "DEBIAN_SECURITY", "DEBIAN_SNAPSHOT", "UBUNTU_DDEBS", NULL,
};

/* The character sets of the grammar (kernels_list.h). None holds a blank,
 * a quote, a backslash, '$', '#', '(' or ';': nothing that means anything
 * to Make or to the shell. */
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
static const char word_chars[] = ALNUM "._+-";
static const char url_chars[] = ALNUM "._~+-/:@=%";
static const char file_chars[] = ALNUM "._+~-";
#define MAX_WORD 128
#define MAX_URL 1024

/* The first byte of @s outside @set, or NULL. */
static const char *bad_char(const char *s, const char *set)
{
	for (; *s; s++)
		if (!strchr(set, *s))
			return s;
	return NULL;
}

static int char_err(char *err, size_t err_sz, int lineno, const char *col,
		    const char *value, const char *at, const char *allowed)
{
	char c[8], v[400];

	listline_show((char[]){ *at, '\0' }, c, sizeof(c));
	return listline_err(err, err_sz, lineno, "%s: character '%s' not allowed (only %s): '%s'",
			col, c, allowed, listline_show(value, v, sizeof(v)));
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
	size_t i, j;

	for (i = 0; i < kl->nr; i++)
		image_free(&kl->images[i]);
	free(kl->images);
	for (i = 0; i < kl->nr_pkgs; i++) {
		free(kl->pkgs[i].file);
		free(kl->pkgs[i].sha256);
		for (j = 0; j < kl->pkgs[i].nr_urls; j++)
			free(kl->pkgs[i].urls[j]);
	}
	free(kl->pkgs);
	memset(kl, 0, sizeof(*kl));
}

static int check_sha256(const char *s, int lineno, const char *col, char *err, size_t err_sz)
{
	char v[400];
	size_t i;

	if (!strcmp(s, "-"))
		return 0;
	for (i = 0; i < 64; i++)
		if (!s[i] || !strchr("0123456789abcdef", s[i]))
			break;
	if (i == 64 && !s[64])
		return 0;
	return listline_err(err, err_sz, lineno, "%s: must be 64 lowercase hex digits or '-': '%s'",
			col, listline_show(s, v, sizeof(v)));
}

/* id, distro, release, flavor: a word of letters, digits and ._+- that
 * starts with a letter or digit (an id names a directory: no '/', no
 * leading '.' or '-'). */
static int check_word(const char *s, int lineno, const char *col, char *err, size_t err_sz)
{
	const char *at = bad_char(s, word_chars);
	char v[400];

	if (at)
		return char_err(err, err_sz, lineno, col, s, at, "letters, digits and ._+-");
	if (!strchr(ALNUM, *s))
		return listline_err(err, err_sz, lineno, "%s: must start with a letter or digit: '%s'",
				col, listline_show(s, v, sizeof(v)));
	if (strlen(s) > MAX_WORD)
		return listline_err(err, err_sz, lineno, "%s: longer than %d bytes", col, MAX_WORD);
	return 0;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && !strcmp(s + n - m, suf);
}

/* One URL of the grammar; *@file is its last component. */
static int check_url(const char *u, const char **file, int lineno, const char *col,
		     char *err, size_t err_sz)
{
	static const char *const schemes[] = { "http://", "https://", "file://", NULL };
	const char *const *v;
	const char *rest = NULL, *at, *seg;
	char buf[400];
	size_t n;

	if (strlen(u) > MAX_URL)
		return listline_err(err, err_sz, lineno, "%s: URL longer than %d bytes", col, MAX_URL);
	for (v = schemes; *v && !rest; v++)
		if (!strncmp(u, *v, strlen(*v)))
			rest = u + strlen(*v);
	if (!rest && !strncmp(u, "${", 2)) {
		for (v = kernels_list_vars; *v; v++) {
			n = strlen(*v);
			if (!strncmp(u + 2, *v, n) && u[2 + n] == '}' && u[3 + n] == '/') {
				rest = u + 3 + n;
				break;
			}
		}
		if (!rest)
			return listline_err(err, err_sz, lineno,
					"%s: a URL may start with ${DEBIAN_MIRROR}/, ${DEBIAN_SECURITY}/, ${DEBIAN_SNAPSHOT}/ or ${UBUNTU_DDEBS}/ only: '%s'",
					col, listline_show(u, buf, sizeof(buf)));
	}
	if (!rest)
		return listline_err(err, err_sz, lineno,
				"%s: not a URL (http://, https://, file:// or ${VAR}/): '%s'",
				col, listline_show(u, buf, sizeof(buf)));
	if ((at = bad_char(rest, url_chars)))
		return char_err(err, err_sz, lineno, col, u, at, "letters, digits and ._~+-/:@=%");
	for (seg = rest; seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL)
		if (!strncmp(seg, "..", 2) ? seg[2] == '/' || !seg[2] :
		    seg[0] == '.' && (seg[1] == '/' || !seg[1]))
			return listline_err(err, err_sz, lineno, "%s: a '.' or '..' path segment: '%s'",
					col, listline_show(u, buf, sizeof(buf)));
	*file = strrchr(u, '/') + 1;	/* every accepted prefix holds a '/' */
	if ((at = bad_char(*file, file_chars)))
		return char_err(err, err_sz, lineno, col, *file, at,
				"letters, digits and ._+~- in a package file name");
	if (!strchr(ALNUM, **file) ||
	    !(has_suffix(*file, ".deb") || has_suffix(*file, ".ddeb") || has_suffix(*file, ".udeb")))
		return listline_err(err, err_sz, lineno,
				"%s: the package file name must start with a letter or digit and end in .deb, .ddeb or .udeb: '%s'",
				col, listline_show(*file, buf, sizeof(buf)));
	return 0;
}

/* Splits @field (a comma-separated URL list, or "-" when @may_be_empty)
 * into @urls; every URL must end in the same file name, *@file. */
static int split_urls(char *field, char **urls, size_t *nr, const char **file,
		      int may_be_empty, int lineno, const char *col, char *err, size_t err_sz)
{
	const char *f;
	char *u, *end;
	int ret;

	*nr = 0;
	*file = NULL;
	if (!strcmp(field, "-")) {
		if (may_be_empty)
			return 0;
		return listline_err(err, err_sz, lineno, "%s: no package URL", col);
	}
	for (u = field; u; u = end ? end + 1 : NULL) {
		end = strchr(u, ',');
		if (end)
			*end = '\0';
		if (!*u)
			return listline_err(err, err_sz, lineno, "%s: an empty URL in the list", col);
		if (*nr == KL_MAX_URLS)
			return listline_err(err, err_sz, lineno, "%s: more than %d URLs", col, KL_MAX_URLS);
		ret = check_url(u, &f, lineno, col, err, err_sz);
		if (ret)
			return ret;
		if (*file && strcmp(*file, f))
			return listline_err(err, err_sz, lineno,
					"%s: the URLs of one package must end in the same file name ('%s', '%s')",
					col, *file, f);
		*file = f;
		urls[*nr] = strdup(u);
		if (!urls[*nr])
			return -ENOMEM;
		*file = strrchr(urls[*nr], '/') + 1;
		(*nr)++;
	}
	return 0;
}

/* The package @file with @sha256 and @urls: a new entry of kl->pkgs, or
 * the one an earlier line named (their known sums must agree). */
static int add_package(struct kernels_list *kl, const char *file, const char *sha256,
		       char *const *urls, size_t nr_urls, size_t *idx, int lineno,
		       const char *col, char *err, size_t err_sz)
{
	struct kl_package *p = NULL;
	size_t i, j;

	for (i = 0; i < kl->nr_pkgs && !p; i++)
		if (!strcmp(kl->pkgs[i].file, file))
			p = &kl->pkgs[i];
	if (!p) {
		p = mem_add((void **)&kl->pkgs, &kl->cap_pkgs, &kl->nr_pkgs, sizeof(*p));
		if (!p)
			return -ENOMEM;
		memset(p, 0, sizeof(*p));
		p->lineno = lineno;
		if (!(p->file = strdup(file)) || !(p->sha256 = strdup(sha256)))
			return -ENOMEM;
	} else if (strcmp(sha256, "-") && strcmp(p->sha256, "-") && strcmp(sha256, p->sha256)) {
		return listline_err(err, err_sz, lineno,
				"%s: package %s has sha256 %s here but %s on line %d",
				col, file, sha256, p->sha256, p->lineno);
	} else if (strcmp(sha256, "-") && !strcmp(p->sha256, "-")) {
		free(p->sha256);
		if (!(p->sha256 = strdup(sha256)))
			return -ENOMEM;
	}
	*idx = (size_t)(p - kl->pkgs);
	for (i = 0; i < nr_urls; i++) {
		for (j = 0; j < p->nr_urls && strcmp(p->urls[j], urls[i]); j++)
			;
		if (j < p->nr_urls || p->nr_urls == KL_MAX_PKG_URLS)
			continue;
		if (!(p->urls[p->nr_urls] = strdup(urls[i])))
			return -ENOMEM;
		p->nr_urls++;
	}
	return 0;
}

static int parse_line(struct kernels_list *kl, char *line, int lineno,
		      char *err, size_t err_sz)
{
	char *cols[NR_COLS + 1], *save = NULL, *tok, v[400];
	const char *file, *config_file;
	struct kernel_image *img;
	const char *const *a;
	size_t n = 0, i;
	int ret;

	for (tok = strtok_r(line, " \t\r", &save); tok && n <= NR_COLS;
	     tok = strtok_r(NULL, " \t\r", &save))
		cols[n++] = tok;
	if (n != NR_COLS)
		return listline_err(err, err_sz, lineno,
				"expected %d columns (id distro release arch flavor sha256 urls config_sha256 config_urls), got %s%zu",
				NR_COLS, n > NR_COLS ? "more than " : "", n > NR_COLS ? (size_t)NR_COLS : n);
	for (i = COL_ID; i <= COL_FLAVOR; i++)
		if (i != COL_ARCH && (ret = check_word(cols[i], lineno, col_names[i], err, err_sz)))
			return ret;
	for (i = 0; i < kl->nr; i++)
		if (!strcmp(kl->images[i].id, cols[COL_ID]))
			return listline_err(err, err_sz, lineno, "id: duplicate image id '%s' (first on line %d)",
					cols[COL_ID], kl->images[i].lineno);
	for (a = kernels_list_arches; *a && strcmp(*a, cols[COL_ARCH]); a++)
		;
	if (!*a)
		return listline_err(err, err_sz, lineno, "arch: unknown architecture '%s'",
				listline_show(cols[COL_ARCH], v, sizeof(v)));
	if ((ret = check_sha256(cols[COL_SHA256], lineno, "sha256", err, err_sz)) ||
	    (ret = check_sha256(cols[COL_CONFIG_SHA256], lineno, "config_sha256", err, err_sz)))
		return ret;

	img = mem_add((void **)&kl->images, &kl->cap, &kl->nr, sizeof(*img));
	if (!img)
		return -ENOMEM;
	memset(img, 0, sizeof(*img));
	img->lineno = lineno;
	img->pkg = img->config_pkg = KL_NO_PKG;
	if (!(img->id = strdup(cols[COL_ID])) ||
	    !(img->distro = strdup(cols[COL_DISTRO])) ||
	    !(img->release = strdup(cols[COL_RELEASE])) ||
	    !(img->arch = strdup(cols[COL_ARCH])) ||
	    !(img->flavor = strdup(cols[COL_FLAVOR])) ||
	    !(img->sha256 = strdup(cols[COL_SHA256])) ||
	    !(img->config_sha256 = strdup(cols[COL_CONFIG_SHA256])))
		return -ENOMEM;
	ret = split_urls(cols[COL_URLS], img->urls, &img->nr_urls, &file, 0, lineno,
			 "urls", err, err_sz);
	if (!ret)
		ret = split_urls(cols[COL_CONFIG_URLS], img->config_urls, &img->nr_config_urls,
				 &config_file, 1, lineno, "config_urls", err, err_sz);
	if (ret)
		return ret;
	if (!img->nr_config_urls && strcmp(img->config_sha256, "-"))
		return listline_err(err, err_sz, lineno, "config_sha256: given without a config URL");
	ret = add_package(kl, file, img->sha256, img->urls, img->nr_urls, &img->pkg,
			  lineno, "urls", err, err_sz);
	if (!ret && img->nr_config_urls)
		ret = add_package(kl, config_file, img->config_sha256, img->config_urls,
				  img->nr_config_urls, &img->config_pkg, lineno, "config_urls",
				  err, err_sz);
	return ret;
}

static int list_line(void *kl, char *line, int lineno, char *err, size_t err_sz)
{
	return parse_line(kl, line, lineno, err, err_sz);
}

int kernels_list_parse_buf(struct kernels_list *kl, const char *text, size_t len,
			   char *err, size_t err_sz)
{
	int ret;

	memset(kl, 0, sizeof(*kl));
	ret = listline_each(text, len, list_line, kl, err, err_sz);
	if (ret)
		kernels_list_free(kl);
	return ret;
}

int kernels_list_parse(struct kernels_list *kl, const char *text,
		       char *err, size_t err_sz)
{
	return kernels_list_parse_buf(kl, text, strlen(text), err, err_sz);
}

int kernels_list_load(struct kernels_list *kl, const char *path, char *err, size_t err_sz)
{
	char *text;
	size_t len;
	int e;

	memset(kl, 0, sizeof(*kl));
	e = file_read_all(path, &text, &len);
	if (e)
		return e;
	e = kernels_list_parse_buf(kl, text, len, err, err_sz);
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

/* SPDX-License-Identifier: MIT */
/*
 * kernels.list (README "kernels.list"): one kernel image per line, '#' comments,
 * whitespace-separated columns:
 *
 *   id distro release arch flavor sha256 urls config_sha256 config_urls
 *
 * urls / config_urls are comma-separated lists tried in order (primary,
 * then mirrors/snapshots); config_urls may be "-" (no config package).
 * sha256 columns are 64 hex digits or "-" (unknown: fetch records it).
 *
 * One grammar for every column, because the build pastes the values into
 * Make and shell text: id, distro, release, flavor are words of letters,
 * digits and ._+- (starting with a letter or digit), arch one of
 * kernels_list_arches; a URL is a scheme (http:// https:// file://) or a
 * leading ${VAR} of kernels_list_vars, then only URL characters (no shell or
 * Make metacharacters, no control bytes, no "." or ".." segment), and ends
 * in a package file name safe as a Make target (letters, digits, ._+~-,
 * ending in .deb, .ddeb or .udeb). A file named by several lines is one
 * package: their known sums must agree.
 */
#ifndef DEPSURF_KERNELS_LIST_H
#define DEPSURF_KERNELS_LIST_H

#include <stddef.h>

#define KL_MAX_URLS 8
#define KL_MAX_PKG_URLS (2 * KL_MAX_URLS)

struct kernel_image {
	char *id, *distro, *release, *arch, *flavor;
	char *sha256;			/* "-" when unknown */
	char *urls[KL_MAX_URLS];
	size_t nr_urls;
	char *config_sha256;
	char *config_urls[KL_MAX_URLS];
	size_t nr_config_urls;		/* 0 for "-" */
	int lineno;
	size_t pkg, config_pkg;		/* index in kernels_list.pkgs; config_pkg
					 * is KL_NO_PKG without a config URL */
};

#define KL_NO_PKG ((size_t)-1)

/* A package file of the download folder, as named by one or more lines. */
struct kl_package {
	char *file;			/* the URLs' last component */
	char *sha256;			/* the sum the lines agree on, or "-" */
	char *urls[KL_MAX_PKG_URLS];	/* the first line's, then new ones of later lines */
	size_t nr_urls;
	int lineno;			/* first line naming it */
};

struct kernels_list {
	struct kernel_image *images;
	size_t nr, cap;
	struct kl_package *pkgs;
	size_t nr_pkgs, cap_pkgs;
};

/*
 * Parse the @len bytes of @text. On a malformed line returns -EINVAL and
 * writes "LINE: column: problem" (or "LINE: problem" for the line as a
 * whole) into @err of @err_sz bytes; a NUL byte is such a problem.
 */
int kernels_list_parse_buf(struct kernels_list *kl, const char *text, size_t len,
			   char *err, size_t err_sz);
/* The same for a NUL-terminated @text. */
int kernels_list_parse(struct kernels_list *kl, const char *text,
		       char *err, size_t err_sz);
void kernels_list_free(struct kernels_list *kl);

/*
 * Read and parse the file @path. -EINVAL: malformed (a NUL byte included),
 * @err says "LINE: column: problem"; else -errno of reading it.
 */
int kernels_list_load(struct kernels_list *kl, const char *path, char *err, size_t err_sz);

/* The image @id, or NULL. */
const struct kernel_image *kernels_list_find(const struct kernels_list *kl, const char *id);

/* Architectures (Debian names) the dataset knows; NULL-terminated. */
extern const char *const kernels_list_arches[];
/* The ${VAR} bases a URL may start with; NULL-terminated. */
extern const char *const kernels_list_vars[];

#endif

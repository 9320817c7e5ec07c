/* SPDX-License-Identifier: MIT */
/*
 * kernels.list (SPEC §3): one kernel image per line, '#' comments,
 * whitespace-separated columns:
 *
 *   id distro release arch flavor sha256 urls config_sha256 config_urls
 *
 * urls / config_urls are comma-separated lists tried in order (primary,
 * then mirrors/snapshots); config_urls may be "-" (no config package).
 * sha256 columns are 64 hex digits or "-" (unknown: fetch records it).
 */
#ifndef DEPSURF_KERNELS_LIST_H
#define DEPSURF_KERNELS_LIST_H

#include <stddef.h>

#define KL_MAX_URLS 8

struct kernel_image {
	char *id, *distro, *release, *arch, *flavor;
	char *sha256;			/* "-" when unknown */
	char *urls[KL_MAX_URLS];
	size_t nr_urls;
	char *config_sha256;
	char *config_urls[KL_MAX_URLS];
	size_t nr_config_urls;		/* 0 for "-" */
	int lineno;
};

struct kernels_list {
	struct kernel_image *images;
	size_t nr, cap;
};

/*
 * Parse @text (NUL-terminated). On a malformed line returns -EINVAL and
 * writes "LINE: problem" (line number first) into @err of @err_sz bytes.
 */
int kernels_list_parse(struct kernels_list *kl, const char *text,
		       char *err, size_t err_sz);
void kernels_list_free(struct kernels_list *kl);

/*
 * Read and parse the file @path. -EINVAL: malformed, @err says "LINE:
 * problem"; -EBADMSG: a NUL byte in the file; else -errno of reading it.
 */
int kernels_list_load(struct kernels_list *kl, const char *path, char *err, size_t err_sz);

/* The image @id, or NULL. */
const struct kernel_image *kernels_list_find(const struct kernels_list *kl, const char *id);

/* Architectures (Debian names) the dataset knows; NULL-terminated. */
extern const char *const kernels_list_arches[];

#endif

/* SPDX-License-Identifier: MIT */
/*
 * A release checked against its MANIFEST (docs/release.md): the files
 * found, in a tarball (streamed: nothing extracted) or in an unpacked
 * folder, compared by path, size and sha256 with the manifest's list.
 */
#ifndef DEPSURF_RELEASE_VERIFY_H
#define DEPSURF_RELEASE_VERIFY_H

#include "release/manifest.h"

#include <stdbool.h>

struct rel_found {
	char *path;		/* relative to the release root */
	uint64_t size;
	char sha256[SHA256_HEX_LEN + 1];
	bool regular;		/* else a symlink, device, ... (never read) */
};

struct rel_set {
	struct rel_found *f;
	size_t nr, cap;
	char *manifest;		/* the MANIFEST's bytes, NULL when there is none */
	size_t manifest_len;
	char *root;		/* tarball: the first path component of its entries */
	char sha256[SHA256_HEX_LEN + 1];	/* tarball: of the compressed file */
};

void rel_set_free(struct rel_set *s);

/*
 * The files of the unpacked release folder @dir, hashed, and its MANIFEST.
 * 0, or -err with @err naming the path and the problem.
 */
int rel_collect_dir(struct rel_set *s, const char *dir, char *err, size_t errsz);

/*
 * The members of the tarball @path, hashed while it streams by, and its
 * MANIFEST member. Every member must lie under one root folder. 0, or -err
 * with @err the problem ("truncated: ...").
 */
int rel_collect_tar(struct rel_set *s, const char *path, char *err, size_t errsz);

enum rel_problem {
	REL_MISSING,		/* in the manifest, not in the release */
	REL_EXTRA,		/* in the release, not in the manifest */
	REL_NOT_REGULAR,	/* in the manifest, but not a regular file */
	REL_SIZE,		/* altered: another size */
	REL_SUM,		/* altered: same size, another sha256 */
};

typedef void (*rel_report_fn)(void *ctx, enum rel_problem what, const char *path,
			      const struct rel_file *want, const struct rel_found *got);

/* Compare; every problem goes to @report, in path order. Returns their number. */
size_t rel_compare(const struct manifest *m, const struct rel_set *s, rel_report_fn report,
		   void *ctx);

#endif

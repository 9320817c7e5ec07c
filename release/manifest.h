/* SPDX-License-Identifier: MIT */
/*
 * The MANIFEST of a release (docs/release.md): one JSON object naming the
 * release, its versions, the dataset build's start and end, the
 * kernels.list lines, every image's status (ok, or failed and why) and the
 * path, size and sha256 of every file, sorted by path. Written with the
 * project's JSON writer (util/jsonw.h), read back with jansson.
 */
#ifndef DEPSURF_RELEASE_MANIFEST_H
#define DEPSURF_RELEASE_MANIFEST_H

#include "util/sha256.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MANIFEST_VERSION 1
#define MANIFEST_NAME "MANIFEST"
/* Largest MANIFEST read (a 25-image release's is ~200 kB). */
#define MANIFEST_MAX ((size_t)64 << 20)

struct rel_file {
	char *path;		/* relative to the release root, '/'-separated */
	uint64_t size;
	char sha256[SHA256_HEX_LEN + 1];
};

struct rel_image {
	char *id;
	char *reason;		/* NULL: ok; else why it is not in the release */
	bool failed;		/* the reason is a recorded failure (else: never built) */
};

struct manifest {
	char *name;		/* "depsurf-dataset-<date>-<version>", or the image id */
	char *date;		/* YYYYMMDD */
	const char *tool_version, *schema_version;	/* static strings */
	int level;		/* zstd level */
	char *build_start, *build_end;	/* ISO 8601 UTC; NULL: not recorded */
	char **kernels;		/* kernels.list lines */
	size_t nr_kernels;
	struct rel_image *images;
	size_t nr_images;
	struct rel_file *files;
	size_t nr_files, cap_files;
};

void manifest_free(struct manifest *m);

/* Append a file (path copied). 0 or -ENOMEM. */
int manifest_add_file(struct manifest *m, const char *path, uint64_t size, const char *sha);

/* Write @m as one line of JSON. 0 or the writer's -errno. */
int manifest_write(FILE *f, const struct manifest *m);

/*
 * Read the name and the files of the manifest text @buf (@len bytes) into
 * @m (zeroed first). Paths must be relative, without "." or ".." parts or
 * control bytes, strictly ascending; sums 64 hex digits. 0, or -EINVAL with
 * the problem in @err, or -ENOMEM.
 */
int manifest_parse(const char *buf, size_t len, struct manifest *m, char *err, size_t errsz);

/* Is @path a relative path the manifest may hold? */
int manifest_path_ok(const char *path);

#endif

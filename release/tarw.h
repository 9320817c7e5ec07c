/* SPDX-License-Identifier: MIT */
/*
 * A deterministic tar.zst writer: POSIX ustar headers (a pax 'x' header for
 * a path that does not fit the 100+155 bytes or a size beyond 8 GiB), every
 * entry a regular file with mode 0644, owner and group 0 and no names, one
 * fixed mtime; compressed by libzstd, multithreaded (ZSTD_c_nbWorkers) with
 * the frame checksum on. The caller adds entries in the order it wants them
 * (sorted); the same entries, level and libzstd version give the same bytes
 * (libzstd's multithreaded output does not depend on the number of workers,
 * only on workers being >= 1: tests/release checks both).
 */
#ifndef DEPSURF_RELEASE_TARW_H
#define DEPSURF_RELEASE_TARW_H

#include "util/sha256.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longest archive path accepted (a pax header holds it). */
#define TARW_PATH_MAX 4096

struct tarw;

/*
 * A writer onto @f (borrowed): zstd level @level (1..19), @workers threads
 * (>= 1), entries stamped with @mtime (seconds since the epoch). 0, -EINVAL
 * (a parameter libzstd refuses) or -ENOMEM.
 */
int tarw_open(struct tarw **out, FILE *f, int level, unsigned workers, uint64_t mtime);
void tarw_free(struct tarw *w);

/*
 * Add the regular file @path as @name. Its size is taken once it is open;
 * a file that then grows or shrinks is -ESTALE (nothing is right about
 * that archive any more). *@sha / *@size: the sum and length of the bytes
 * stored. 0, -ENAMETOOLONG, -errno of reading, or of writing the output.
 */
int tarw_add_file(struct tarw *w, const char *name, const char *path,
		  char sha[SHA256_HEX_LEN + 1], uint64_t *size);
/* Add @len bytes at @p as @name. */
int tarw_add_mem(struct tarw *w, const char *name, const void *p, size_t len);

/*
 * The end-of-archive blocks and the end of the zstd frame, everything
 * handed to @f (not flushed). *@sha / *@size: the sum and length of the
 * compressed bytes written.
 */
int tarw_finish(struct tarw *w, char sha[SHA256_HEX_LEN + 1], uint64_t *size);

#endif

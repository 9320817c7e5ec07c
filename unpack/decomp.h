/* SPDX-License-Identifier: MIT */
/*
 * A small reader interface over the compressions of a .deb's data.tar:
 * xz (liblzma's multithreaded decoder: Debian's data.tar.xz is a multi-block
 * stream), zstd (Ubuntu >= 21.10), gzip (zlib), lzma-alone and none, picked
 * from a table by the member name's suffix. Compressed input comes in chunks
 * from a source callback (the ar reader's buffer, no copy).
 */
#ifndef DEPSURF_UNPACK_DECOMP_H
#define DEPSURF_UNPACK_DECOMP_H

#include <stddef.h>
#include <sys/types.h>

/* Next chunk of input: returns its length (*p valid until the next call), 0 at the end, or -err. */
typedef ssize_t (*decomp_src_fn)(void *ctx, const void **p);

struct decomp;

/*
 * Pick the decoder for @member ("data.tar.xz", ...; the suffix after
 * "data.tar") and start it. @threads: decoder threads for xz (0 = online
 * CPUs). Returns 0, -UNPACK_ERRNO__COMPR (suffix not supported),
 * -UNPACK_ERRNO__DECOMP or -ENOMEM.
 */
int decomp_open(struct decomp **out, const char *member, unsigned threads,
		decomp_src_fn src, void *src_ctx);
void decomp_free(struct decomp *d);

/*
 * Decompress into @buf, filling all of it unless the stream ends first.
 * Returns bytes produced (0 once the stream has ended), or -err: the
 * source's error, -ENOMEM, or -UNPACK_ERRNO__DECOMP (corrupt or truncated
 * data; decomp_strerror says which).
 */
ssize_t decomp_read(struct decomp *d, void *buf, size_t len);

/* "xz", "zstd", "gzip", "lzma", "none". */
const char *decomp_name(const struct decomp *d);
/* Detail of the last -UNPACK_ERRNO__DECOMP, e.g. "xz: corrupt data (LZMA_DATA_ERROR)". */
const char *decomp_strerror(const struct decomp *d);
/* Is there a decoder for this data.tar member name? */
int decomp_supported(const char *member);

#endif

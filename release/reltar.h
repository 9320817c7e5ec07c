/* SPDX-License-Identifier: MIT */
/*
 * A release tarball (.tar.zst) read as a stream: the file in chunks (their
 * sha256 kept, for the .sha256 beside it), libzstd through unpack/decomp.h,
 * the tar entries through unpack/tar.h. Nothing is extracted; the caller
 * takes each regular member's data in chunks.
 */
#ifndef DEPSURF_RELEASE_RELTAR_H
#define DEPSURF_RELEASE_RELTAR_H

#include "unpack/decomp.h"
#include "unpack/tar.h"
#include "util/sha256.h"

#include <stdint.h>
#include <sys/types.h>

struct reltar {
	const char *path;	/* borrowed, for messages */
	int fd;
	unsigned char *raw;	/* compressed read buffer */
	struct decomp *dc;
	struct tar_reader tar;
	struct sha256 sum;	/* of the compressed bytes read so far */
	uint64_t raw_bytes;
	int read_err;		/* -errno of a failed read(2) */
};

/* Open @path and start its decoder. 0 or -err; reltar_close() either way. */
int reltar_open(struct reltar *r, const char *path);
void reltar_close(struct reltar *r);

/* Next entry: 1, 0 at the end of the archive, or -err (see tar_next). */
int reltar_next(struct reltar *r, struct tar_entry *e);
/* The current entry's next data chunk: its length, 0 at its end, or -err. */
ssize_t reltar_data(struct reltar *r, const void **p);

/*
 * After the last entry: decompress what follows (zero blocks, the frame's
 * end and checksum) to the end of the file, and give the sum of the whole
 * compressed file. 0, or -err: anything but zeros after the archive's end is
 * -UNPACK_ERRNO__TARHDR.
 */
int reltar_finish(struct reltar *r, char sha[SHA256_HEX_LEN + 1]);

/* One line for an error of the functions above ("truncated: ...", ...). */
const char *reltar_strerror(const struct reltar *r, int err, char *buf, size_t len);

#endif

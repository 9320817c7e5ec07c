/* SPDX-License-Identifier: MIT */
/*
 * Streaming reader of ar archives (the container of .deb/.ddeb): the global
 * magic, then 60-byte member headers, each followed by its data padded to
 * an even size. Reads the file descriptor with large reads into one buffer
 * and hands out the current member's data as chunks of that buffer, so the
 * decompressor reads the package without another copy. Never seeks back.
 */
#ifndef DEPSURF_UNPACK_AR_H
#define DEPSURF_UNPACK_AR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct hashread;

#define AR_MAGIC	"!<arch>\n"
#define AR_MAGIC_LEN	8
#define AR_HDR_LEN	60
#define AR_NAME_MAX	16

struct ar_member {
	char name[AR_NAME_MAX + 1];	/* trailing blanks and GNU '/' removed */
	uint64_t size;			/* data bytes */
	uint64_t offset;		/* file offset of the data */
};

/* Called after each read(2) of the package: bytes read so far, file size (0 if unknown). */
typedef void (*ar_progress_fn)(void *ctx, uint64_t done, uint64_t total);

struct ar_reader {
	int fd;			/* borrowed */
	uint64_t file_size;	/* 0 when not a regular file */
	unsigned char *buf;
	size_t cap, pos, len;	/* buf[pos..len) is unread */
	uint64_t off;		/* bytes read from fd so far */
	struct ar_member cur;	/* last header read (for messages too) */
	uint64_t left;		/* data bytes of cur not yet handed out */
	bool pad;		/* one pad byte follows cur's data */
	uint64_t err_off;	/* offset of a malformed/short header */
	ar_progress_fn progress;
	void *progress_ctx;
	/* when set, every byte comes through it (and is hashed): the reader
	 * then reads over what it skips instead of seeking */
	struct hashread *hash;	/* borrowed */
};

/*
 * Parse one 60-byte member header. Returns 0 or -UNPACK_ERRNO__ARHDR
 * (bad terminator "`\n", size field not decimal, empty name).
 */
int ar_parse_header(const unsigned char hdr[AR_HDR_LEN], struct ar_member *m);

/*
 * Start reading the archive on @fd (not closed by ar_close) with a buffer of
 * @bufsize bytes: checks the magic. Set ar->progress{,_ctx} and ar->hash
 * before calling (kept), or zero them. Returns 0, -UNPACK_ERRNO__NOTAR,
 * -UNPACK_ERRNO__ARSHORT, -ENOMEM or -errno of read(2).
 */
int ar_open(struct ar_reader *ar, int fd, size_t bufsize);
void ar_close(struct ar_reader *ar);

/*
 * Skip what is left of the current member and read the next header into
 * ar->cur (and *m if non-NULL). Returns 1, 0 at the end of the archive,
 * -UNPACK_ERRNO__ARSHORT/ARHDR, or -UNPACK_ERRNO__ARTRUNC when the file is
 * a regular file too short for the member's data (checked up front, so a
 * truncated package is refused before anything is decompressed).
 */
int ar_next(struct ar_reader *ar, struct ar_member *m);

/*
 * Next chunk of the current member's data: *p points into the reader's
 * buffer, valid until the next call. Returns its length, 0 at the end of the
 * member, -UNPACK_ERRNO__ARTRUNC when the file ends first, or -errno.
 */
ssize_t ar_chunk(struct ar_reader *ar, const void **p);

/*
 * Read the rest of the file, to its end, discarding it (for ar->hash: the
 * sum of the whole package). Returns 0, -EFBIG once more than @max bytes
 * were read in all, or -errno.
 */
int ar_drain(struct ar_reader *ar, uint64_t max);

/* Offset of the next unread byte of the file. */
static inline uint64_t ar_tell(const struct ar_reader *ar)
{
	return ar->off - (ar->len - ar->pos);
}

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Streaming tar reader: 512-byte headers (v7, POSIX ustar with its prefix
 * field, GNU), octal or base-256 numbers, GNU long names/link names
 * ('L'/'K' entries named ././@LongLink) and pax extended headers ('x' for
 * the next entry, 'g' for all following ones: path, linkpath, size).
 * Decompressed bytes come from a read callback into one large buffer; member
 * data is handed out as chunks of that buffer.
 */
#ifndef DEPSURF_UNPACK_TAR_H
#define DEPSURF_UNPACK_TAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TAR_BLOCK	512
/* Largest long name or pax header accepted (real ones are a few hundred bytes). */
#define TAR_META_MAX	(1 << 20)

/* One parsed header block; names are NUL-terminated. */
struct tar_hdr {
	char name[256 + 1 + 1];	/* ustar: prefix "/" name */
	char linkname[100 + 1];
	uint64_t size;
	char type;		/* typeflag; '\0' is reported as '0' */
};

/* Attributes of a pax extended header; NULL/false when absent. */
struct tar_pax {
	char *path;
	char *linkpath;
	uint64_t size;
	bool has_size;
};

/* Read up to @len bytes, filling all unless at the end. Returns bytes, 0 at the end, or -err. */
typedef ssize_t (*tar_read_fn)(void *ctx, void *buf, size_t len);

struct tar_entry {
	const char *name;	/* as stored (e.g. "./usr/lib/..."), valid until the next tar_next */
	const char *linkname;	/* for links; "" otherwise */
	uint64_t size;		/* data bytes */
	uint64_t offset;	/* offset of the (first) header in the tar stream */
	char type;		/* '0' regular, '1' hard link, '2' symlink, '5' dir, ... */
};

struct tar_reader {
	tar_read_fn read;
	void *ctx;
	unsigned char *buf;
	size_t cap, pos, len;	/* buf[pos..len) is unread */
	bool eof;		/* read() returned 0 */
	uint64_t off;		/* stream offset of buf[pos] */
	uint64_t data_left;	/* data bytes of the current entry not handed out */
	uint64_t pad_left;	/* then padding to the next block */
	uint64_t err_off;	/* offset of the header a TAR* error is about */
	struct tar_hdr hdr;
	struct tar_pax local;	/* from 'x', for the next entry only */
	struct tar_pax global;	/* from 'g', for all following entries */
	char *longname;		/* from 'L' */
	char *longlink;		/* from 'K' */
};

/*
 * Numeric field: octal digits (leading blanks, ended by NUL/blank; empty =
 * 0) or GNU base-256 (high bit of the first byte set; negative refused).
 * Returns 0 or -UNPACK_ERRNO__TARHDR.
 */
int tar_parse_num(const unsigned char *f, size_t n, uint64_t *out);

/*
 * Parse a header block. Returns 0, 1 for an all-zero block (end of
 * archive), -UNPACK_ERRNO__TARSUM (checksum mismatch) or -UNPACK_ERRNO__TARHDR.
 */
int tar_parse_header(const unsigned char blk[TAR_BLOCK], struct tar_hdr *h);

/*
 * Parse pax records "LEN key=value\n" into @pax (path, linkpath, size; an
 * empty value deletes; other keys ignored). Returns 0,
 * -UNPACK_ERRNO__TAREXT or -ENOMEM.
 */
int tar_parse_pax(const char *buf, size_t len, struct tar_pax *pax);
void tar_pax_clear(struct tar_pax *pax);

/* Start reading with a @bufsize-byte buffer. Returns 0 or -ENOMEM. */
int tar_open(struct tar_reader *t, tar_read_fn read, void *ctx, size_t bufsize);
void tar_close(struct tar_reader *t);

/*
 * Skip the rest of the current entry and read the next one (long names and
 * pax headers applied). Returns 1, 0 at the end of the archive (a zero block
 * or the stream ending at a header boundary), -UNPACK_ERRNO__TARTRUNC,
 * -UNPACK_ERRNO__TARSUM/TARHDR/TAREXT (t->err_off says where), or the
 * read callback's error.
 */
int tar_next(struct tar_reader *t, struct tar_entry *e);

/*
 * Next chunk of the current entry's data (*p into the reader's buffer, valid
 * until the next call). Returns its length, 0 at the end of the data,
 * -UNPACK_ERRNO__TARTRUNC or the read callback's error.
 */
ssize_t tar_data(struct tar_reader *t, const void **p);

#endif

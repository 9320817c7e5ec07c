/* SPDX-License-Identifier: MIT */
/*
 * A Debian binary package (.deb / Ubuntu .ddeb) read as a stream: the ar
 * container, its data.tar.* member decompressed on the fly, the tar entries
 * of that. deb_extract() copies wanted members (by glob) to file descriptors
 * and stops reading as soon as the last one is out.
 */
#ifndef DEPSURF_UNPACK_DEB_H
#define DEPSURF_UNPACK_DEB_H

#include "unpack/ar.h"
#include "unpack/decomp.h"
#include "unpack/hashread.h"
#include "unpack/tar.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Buffer sizes: package reads, decompressed data (and output writes). */
#define DEB_READ_BUF	(1u << 20)
#define DEB_TAR_BUF	(4u << 20)
/* deb_sum reads no further: the largest -dbg package is under 1 GiB */
#define DEB_SUM_MAX	(16ull << 30)

struct deb_want {
	const char *pattern;	/* fnmatch(3) glob over the member path (borrowed) */
	int fd;			/* output, written with write(2) */
	char *member;		/* set when extracted: the member's stored name (owned) */
	int err;		/* -errno of a failed write to fd */
};

/*
 * Optional: every regular member that no want takes is offered to begin();
 * when it returns 1 the member's data go to data() in chunks, then end().
 * A negative return stops deb_extract() with -UNPACK_ERRNO__SINK and the
 * error in d->sink_err. With a sink, deb_extract() reads to the end of
 * data.tar (the sink may want any later member).
 */
struct deb_sink {
	int (*begin)(void *ctx, const char *name, uint64_t size);
	int (*data)(void *ctx, const void *p, size_t len);
	int (*end)(void *ctx);
	void *ctx;
};

struct deb {
	int fd;
	struct ar_reader ar;
	struct ar_member data;		/* the data.tar.* member */
	struct decomp *dc;
	struct tar_reader tar;
	unsigned threads;		/* xz decoder threads, 0 = online CPUs */
	bool want_sum;			/* hash every byte read, for deb_sum() */
	struct hashread sum;
	/* what a failure was about, for deb_strerror */
	char *bad_member;		/* NOTREG: the member */
	char *bad_link;			/* NOTREG: its link target */
	char bad_type;			/* NOTREG: its tar type */
	const char *missing;		/* NOMEMBER: the pattern (borrowed) */
	size_t n_missing;
	uint64_t entries;		/* tar entries read */
	const struct deb_sink *sink;	/* may be NULL (borrowed) */
	int sink_err;			/* SINK: the sink's -errno */
};

/*
 * Open @path and position at the start of its data.tar: checks the ar magic,
 * that the first member is debian-binary, finds data.tar.*, starts its
 * decoder. Set d->threads, d->want_sum and d->ar.progress{,_ctx} before
 * calling, or zero the struct. Returns 0 or -err; call deb_close() either way.
 */
int deb_open(struct deb *d, const char *path);
void deb_close(struct deb *d);

/*
 * Copy the first member matching each want's pattern ("./" and "/" prefixes
 * of both sides ignored; "*" does not match "/") to its fd, all in one pass.
 * Returns 0 when every want was found, -UNPACK_ERRNO__NOMEMBER when some
 * pattern matched nothing, -UNPACK_ERRNO__NOTREG when the first match is not
 * a regular file, -UNPACK_ERRNO__WRITE (want->err set), or a reader error.
 */
int deb_extract(struct deb *d, struct deb_want *w, size_t n);

/*
 * With d->want_sum: read the rest of the package to its end and give the
 * lowercase hex sha256 of all of it, the bytes deb_open/deb_extract used
 * included (each byte read once). Returns 0, -EINVAL (no sum: not wanted, or the file never opened),
 * -EFBIG (over DEB_SUM_MAX), or -errno.
 */
int deb_sum(struct deb *d, char hex[SHA256_HEX_LEN + 1]);

/* One-line description of @err as returned by deb_open/deb_extract. */
const char *deb_strerror(const struct deb *d, int err, char *buf, size_t len);

/* Strip leading "./" and "/" (tar names and patterns are compared without). */
const char *deb_member_path(const char *name);

#endif

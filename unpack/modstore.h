/* SPDX-License-Identifier: MIT */
/*
 * The module store: every kernel module of a debug package
 * (usr/lib/debug/lib/modules/<release>/kernel/<path>.ko), collected in the
 * same pass over data.tar that finds the vmlinux, each written to
 * DIR/<path>.ko.zst (one zstd frame, the module's size in its header) with
 * an index DIR/modules.list. A rebuild of the module surfaces reads this
 * instead of decompressing the xz package again (~90 s of one core for a
 * 6.1 amd64 -dbg package), and each module stays a file of its own that
 * the extractors can read, fail and parallelise one at a time, and that
 * `zstd -dc` gives back byte for byte (the cross-checks read it so).
 *
 * The directory appears at once: written under DIR.tmp.<pid> and renamed
 * into place by modstore_commit(); modstore_abort() removes it.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_UNPACK_MODSTORE_H
#define DEPSURF_UNPACK_MODSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The index: one line per module, sorted by path (byte order):
 *   <path under kernel/>\t<bytes>\t<compressed bytes>\n */
#define MODSTORE_INDEX "modules.list"
#define MODSTORE_SUFFIX ".zst"
/* Default zstd level: 1 keeps pace with the xz decoder (see docs/unpack.md). */
#define MODSTORE_LEVEL 1

struct modstore_ent {
	char *path;		/* under kernel/, e.g. "fs/ext4/ext4.ko" (owned) */
	uint64_t size;		/* bytes of the module */
	uint64_t stored;	/* bytes of its .zst file */
};

struct modstore {
	char *dir;		/* the final directory (owned) */
	char *tmp;		/* DIR.tmp.<pid> while writing (owned) */
	int level;		/* zstd level */
	void *cctx;		/* ZSTD_CCtx */
	void *obuf;		/* compressed-output buffer */
	size_t obuf_len;
	int fd;			/* the module being written, or -1 */
	uint64_t left;		/* its bytes not yet seen */
	struct modstore_ent *v;
	size_t cnt, cap;
	char *bad;		/* the member a MODSTORE error is about (owned) */
};

/*
 * Is @name (a data.tar member path without "./") a module the store takes?
 * On true, *@rel points at its path under kernel/ inside @name.
 */
bool modstore_match(const char *name, const char **rel);
/*
 * Is @name a compressed module (under kernel/: .ko.xz, .ko.zst, .ko.gz)? Debian's
 * -dbg packages ship plain .ko files; a package that does not is refused
 * rather than read as one without modules.
 */
bool modstore_compressed(const char *name);

/* Start a store that will become @dir. Returns 0 or -errno. */
int modstore_open(struct modstore *ms, const char *dir, int level);
/*
 * One module: begin (its path under kernel/, from modstore_match, and its
 * size), its bytes in any number of chunks, end. -EINVAL for a path that
 * could leave the store (an empty, "." or ".." component, a control
 * character), -EEXIST for a second member of the same path, -EBADMSG when
 * the bytes do not add up to @size; other -errno from the file system.
 */
int modstore_begin(struct modstore *ms, const char *rel, uint64_t size);
int modstore_data(struct modstore *ms, const void *p, size_t len);
int modstore_end(struct modstore *ms);
/* Write the index and rename the directory into place (replacing one). */
int modstore_commit(struct modstore *ms);
/* Remove what was written (safe after commit: then a no-op) and free. */
void modstore_abort(struct modstore *ms);

/* Totals of the committed or open store. */
uint64_t modstore_bytes(const struct modstore *ms);
uint64_t modstore_stored(const struct modstore *ms);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The fingerprint cache of depsurf-db: hashing every surface file of 25
 * images reads ~2 GB (5 s), to find out that nothing changed. As git's
 * index does, remember per image folder the stat() data of its surface
 * files with the content fingerprint they had; while the stat data is the
 * same, the fingerprint is taken from the cache. A touched file (new mtime
 * or ctime) is hashed again, so a touch never reloads an image whose
 * content is unchanged.
 *
 * The cache is the file of `depsurf-db --stat-cache FILE` (make dataset:
 * WORK_DIR/.db.stat): machine-local (inode numbers, times), so never in the
 * dataset folder, which must be the same bytes on every machine; and only
 * an optimisation: a missing, stale or garbled cache means hashing again.
 */
#ifndef DEPSURF_DB_STATCACHE_H
#define DEPSURF_DB_STATCACHE_H

#include <stddef.h>

struct statcache_entry {
	char *id;		/* the image folder name (owned) */
	char statsig[24];	/* statcache_signature() */
	char fingerprint[32];	/* load_fingerprint() */
};

struct statcache {
	struct statcache_entry *v;	/* sorted by id */
	size_t n, cap;
};

/*
 * "st:<16 hex>": FNV-1a 64 over name, size, device, inode, mtime and ctime
 * (ns) of the surface files of @dir (*.json, *.jsonl). 0 or -errno.
 */
int statcache_signature(const char *dir, char *out, size_t outsz);

/* Read @path into @c (empty when it is missing or unreadable). 0 or -ENOMEM. */
int statcache_load(struct statcache *c, const char *path);

/* The cached fingerprint of @id with stat signature @statsig, or NULL. */
const char *statcache_lookup(const struct statcache *c, const char *id, const char *statsig);

/* Record (replace) @id's entry. 0 or -ENOMEM. */
int statcache_set(struct statcache *c, const char *id, const char *statsig,
		  const char *fingerprint);

/* Write @c to @path (temp file + rename). 0 or -errno. */
int statcache_save(const struct statcache *c, const char *path);

void statcache_free(struct statcache *c);

#endif

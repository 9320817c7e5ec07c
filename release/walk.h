/* SPDX-License-Identifier: MIT */
/*
 * The files under a folder, as sorted relative paths (strcmp order of the
 * whole path, the order of a release's tar entries and MANIFEST).
 */
#ifndef DEPSURF_RELEASE_WALK_H
#define DEPSURF_RELEASE_WALK_H

#include <stdbool.h>
#include <stddef.h>

#define WALK_DEPTH_MAX 32

struct walk_entry {
	char *path;	/* relative, '/'-separated */
	bool regular;	/* a regular file (else: symlink, device, ...; never followed) */
};

struct walk {
	struct walk_entry *e;
	size_t nr, cap;
	char bad[4096];	/* on error: the path it is about */
};

enum walk_flags {
	WALK_SKIP_DOT = 1 << 0,	/* leave out every name starting with '.' */
};

/*
 * Every non-directory under @dir into @w, sorted. 0, or -errno of reading a
 * folder (w->bad names it), -ELOOP past WALK_DEPTH_MAX levels, -ENOMEM.
 */
int walk_dir(struct walk *w, const char *dir, unsigned flags);
void walk_free(struct walk *w);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Atomic output (SPEC §8): write to a temporary file beside the target and
 * rename it into place on commit, so a failed stage never leaves a
 * half-written output under the final name.
 */
#ifndef DEPSURF_OUTFILE_H
#define DEPSURF_OUTFILE_H

#include <stdio.h>

struct outfile {
	char *path;	/* final name (owned) */
	char *tmp_path;	/* "<path>.tmp.XXXXXX" (owned) */
	FILE *f;	/* open on tmp_path until commit/abort */
};

/* Returns 0 or -errno; on error nothing is created. */
int outfile_open(struct outfile *out, const char *path);
/* Flush, close and rename into place. On error the temp file is removed. */
int outfile_commit(struct outfile *out);
/* Close and remove the temp file; safe on a zeroed or already-closed one. */
void outfile_abort(struct outfile *out);

#endif

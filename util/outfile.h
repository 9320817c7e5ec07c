/* SPDX-License-Identifier: MIT */
/*
 * Atomic output (README "Stages": no output is left half-written): write to a temporary file beside the target and
 * rename it into place on commit, so a failed stage never leaves a
 * half-written output under the final name.
 *
 * Open temp files are also kept in a small registry: on SIGINT, SIGTERM or
 * SIGHUP (unless ignored when the first one is opened) an async-signal-safe
 * handler unlinks them and re-raises the signal, so a killed or timed-out
 * stage leaves no OUTFILE.tmp.XXXXXX behind. The registry holds
 * OUTFILE_MAX_OPEN paths of up to OUTFILE_PATH_MAX bytes; a temp file
 * beyond that is still atomic, only not removed on a signal.
 */
#ifndef DEPSURF_OUTFILE_H
#define DEPSURF_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

struct outfile {
	char *path;	/* final name (owned) */
	char *tmp_path;	/* "<path>.tmp.XXXXXX" (owned) */
	FILE *f;	/* open on tmp_path until commit/abort */
	int slot;	/* registry slot + 1; 0 when not registered */
};

#define OUTFILE_MAX_OPEN 32
#define OUTFILE_PATH_MAX 4096

/* Returns 0 or -errno; on error nothing is created. */
int outfile_open(struct outfile *out, const char *path);
/* Flush, close and rename into place. On error the temp file is removed. */
int outfile_commit(struct outfile *out);
/* Close and remove the temp file; safe on a zeroed or already-closed one. */
void outfile_abort(struct outfile *out);

/*
 * Files and processes that are not outfiles but must not outlive a fatal
 * signal either: a temp file another program writes (pahole's BTF), and the
 * one child that writes it. A registered @path is unlinked on SIGINT,
 * SIGTERM, SIGHUP; outfile_guard_path() returns its slot for
 * outfile_unguard_path(), or 0 when the registry is full (the file is then
 * only removed on the normal paths). The guarded child (pid 0: none) is sent
 * the same signal first: `timeout --foreground` signals only its own child,
 * never the grandchildren.
 */
int outfile_guard_path(const char *path);
void outfile_unguard_path(int slot);
void outfile_guard_child(pid_t pid);

/* The temp paths registered now (for tests); at most @max written. */
size_t outfile_registered(const char **paths, size_t max);

#endif

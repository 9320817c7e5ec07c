/* SPDX-License-Identifier: MIT */
/*
 * Members of a release tarball written out, for the commands that read a
 * release directly (query --release, check --release): the database into
 * a temp file removed as soon as it is open (and on SIGINT/SIGTERM/SIGHUP
 * before that), image folders into a scratch folder whose every entry is
 * removed at exit and on SIGINT/SIGTERM/SIGHUP.
 */
#ifndef DEPSURF_RELEASE_EXTRACT_H
#define DEPSURF_RELEASE_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Is the member @rel (its path under the release root) wanted? Return an
 * open fd to write it to, -1 to skip it, or -errno to stop.
 */
typedef int (*rel_want_fn)(void *ctx, const char *rel);

/*
 * Stream the tarball @path and write every wanted regular member. Stops
 * once @want returned true for @last (NULL: reads to the end). 0, or -err
 * with @err the problem.
 */
int rel_extract(const char *path, rel_want_fn want, void *ctx, const char *last,
		char *err, size_t errsz);

/*
 * The member @rel (e.g. "depsurf.sqlite") in a temp file under $TMPDIR
 * (default /tmp), *@tmp_path (malloc'ed), which a fatal signal removes
 * (util/outfile.h's guard, *@guard its slot). The caller opens it, then
 * removes it at once with rel_tmpfile_remove(): an open file needs no
 * name. 0 or -err with @err.
 */
int rel_extract_tmpfile(const char *path, const char *rel, char **tmp_path, int *guard,
			char *err, size_t errsz);
void rel_tmpfile_remove(const char *tmp_path, int guard);

/*
 * A scratch folder under $TMPDIR with the members named by @prefixes (each
 * "ID/" for a folder, or a file's path); @prefixes NULL: every member but
 * depsurf.sqlite, MANIFEST, diff/ and tables/. *@dir is its path
 * (malloc'ed). rel_scratch_remove() deletes it, and a fatal signal does too.
 */
int rel_extract_scratch(const char *path, const char *const *prefixes, size_t nr_prefixes,
			char **dir, char *err, size_t errsz);
void rel_scratch_remove(void);

#endif

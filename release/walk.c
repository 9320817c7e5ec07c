// SPDX-License-Identifier: MIT
#include "release/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int walk_add(struct walk *w, const char *path, bool regular)
{
	if (w->nr == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		struct walk_entry *e = reallocarray(w->e, cap, sizeof(*e));

		if (!e)
			return -ENOMEM;
		w->e = e;
		w->cap = cap;
	}
	w->e[w->nr].path = strdup(path);
	if (!w->e[w->nr].path)
		return -ENOMEM;
	w->e[w->nr++].regular = regular;
	return 0;
}

/* Name the path a problem is about (cut to w->bad when longer). */
static void walk_bad(struct walk *w, const char *top, const char *rel)
{
	if (snprintf(w->bad, sizeof(w->bad), "%s/%s", top, rel) >= (int)sizeof(w->bad))
		w->bad[sizeof(w->bad) - 1] = 0;
}

/* The folder open at @fd, whose relative path is @rel ("" at the top). */
static int walk_fd(struct walk *w, int fd, const char *top, const char *rel, unsigned flags,
		   int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	char path[4096];
	int err = 0;

	if (!d) {
		close(fd);
		err = -errno;
		walk_bad(w, top, rel);
		return err;
	}
	while (!err) {
		struct stat st;

		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;
			if (err)
				walk_bad(w, top, rel);
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((flags & WALK_SKIP_DOT) && de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s%s%s", rel, *rel ? "/" : "",
				     de->d_name) >= sizeof(path)) {
			walk_bad(w, top, rel);
			err = -ENAMETOOLONG;
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			err = -errno;
			walk_bad(w, top, path);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub;

			if (depth >= WALK_DEPTH_MAX) {
				walk_bad(w, top, path);
				err = -ELOOP;
				break;
			}
			sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				     O_CLOEXEC);
			if (sub < 0) {
				err = -errno;
				walk_bad(w, top, path);
				break;
			}
			err = walk_fd(w, sub, top, path, flags, depth + 1);
		} else {
			err = walk_add(w, path, S_ISREG(st.st_mode));
		}
	}
	closedir(d);
	return err;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct walk_entry *)a)->path, ((const struct walk_entry *)b)->path);
}

int walk_dir(struct walk *w, const char *dir, unsigned flags)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err;

	memset(w, 0, sizeof(*w));
	if (fd < 0) {
		err = -errno;
		snprintf(w->bad, sizeof(w->bad), "%s", dir);
		return err;
	}
	err = walk_fd(w, fd, dir, "", flags, 0);
	if (!err && w->nr)
		qsort(w->e, w->nr, sizeof(*w->e), cmp_entry);
	return err;
}

void walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nr; i++)
		free(w->e[i].path);
	free(w->e);
	w->e = NULL;
	w->nr = w->cap = 0;
}

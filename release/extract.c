// SPDX-License-Identifier: MIT
#include "release/extract.h"
#include "release/manifest.h"
#include "release/reltar.h"
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *q = p;
	ssize_t w;

	while (n) {
		w = write(fd, q, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The member's path under the release root; NULL when it has none. */
static const char *under_root(const char *name)
{
	const char *slash;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	slash = strchr(name, '/');
	return slash && slash[1] ? slash + 1 : NULL;
}

int rel_extract(const char *path, rel_want_fn want, void *ctx, const char *last,
		char *err, size_t errsz)
{
	struct reltar r;
	struct tar_entry e;
	const void *p;
	ssize_t n;
	int ret, fd;

	ret = reltar_open(&r, path);
	while (!ret && (ret = reltar_next(&r, &e)) == 1) {
		const char *rel = under_root(e.name);
		bool done;

		ret = 0;
		if (!rel || e.type != '0' || !manifest_path_ok(rel))
			continue;
		fd = want(ctx, rel);
		if (fd == -1)
			continue;
		if (fd < 0) {
			snprintf(err, errsz, "%s: %s", rel, strerror(-fd));
			reltar_close(&r);
			return fd;
		}
		done = last && !strcmp(rel, last);
		while ((n = reltar_data(&r, &p)) > 0 && !(ret = write_all(fd, p, (size_t)n)))
			;
		if (n < 0)
			ret = (int)n;
		else if (ret) {
			snprintf(err, errsz, "%s: %s", rel, strerror(-ret));
			reltar_close(&r);
			return ret;
		}
		if (!ret && done)
			break;
	}
	if (ret)
		reltar_strerror(&r, ret, err, errsz);
	reltar_close(&r);
	return ret;
}

struct one_member {
	const char *rel;
	int fd;
	bool found;
};

static int want_one(void *ctx, const char *rel)
{
	struct one_member *o = ctx;

	if (strcmp(rel, o->rel))
		return -1;
	o->found = true;
	return o->fd;
}

int rel_extract_tmpfile(const char *path, const char *rel, char **tmp_path, int *guard,
			char *err, size_t errsz)
{
	struct one_member o = { rel, -1, false };
	char *t;
	int ret;

	*tmp_path = NULL;
	*guard = 0;
	if (asprintf(&t, "%s/depsurf-release.XXXXXX", tmpdir()) < 0)
		return -ENOMEM;
	o.fd = mkostemp(t, O_CLOEXEC);
	if (o.fd < 0) {
		ret = -errno;
		snprintf(err, errsz, "%s: %s", t, strerror(errno));
		free(t);
		return ret;
	}
	/* removed on SIGINT/SIGTERM/SIGHUP until the caller unlinks it */
	*guard = outfile_guard_path(t);
	ret = rel_extract(path, want_one, &o, rel, err, errsz);
	if (!ret && !o.found) {
		snprintf(err, errsz, "no member %s", rel);
		ret = -ENOENT;
	}
	if (close(o.fd) && !ret) {
		ret = -errno;
		snprintf(err, errsz, "%s: %s", t, strerror(errno));
	}
	if (ret) {
		rel_tmpfile_remove(t, *guard);
		free(t);
		*guard = 0;
		return ret;
	}
	*tmp_path = t;
	return 0;
}

void rel_tmpfile_remove(const char *tmp_path, int guard)
{
	if (!tmp_path)
		return;
	unlink(tmp_path);
	if (guard)
		outfile_unguard_path(guard);
}

/*
 * The scratch folder's entries, in creation order, for the exit and signal
 * paths. The handler reads only entries published before nr_made was raised.
 */
static struct {
	char **paths;
	size_t cap;
	volatile sig_atomic_t nr_made;
	bool handlers;
} scratch;

static void scratch_unwind(void)
{
	sig_atomic_t i;

	/* children before their folder: the reverse of creation */
	for (i = scratch.nr_made; i-- > 0;)
		if (unlink(scratch.paths[i]) && errno == EISDIR)
			rmdir(scratch.paths[i]);
}

/* Only unlink, rmdir, sigaction, raise: async-signal-safe. */
static void scratch_on_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	scratch_unwind();
	scratch.nr_made = 0;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

static int scratch_note(const char *path)
{
	char *dup;

	if ((size_t)scratch.nr_made == scratch.cap) {
		size_t cap = scratch.cap ? scratch.cap * 2 : 512;
		char **p;
		sigset_t all, old;

		/* a realloc under the handler's feet: block signals meanwhile */
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, &old);
		p = reallocarray(scratch.paths, cap, sizeof(*p));
		if (p) {
			scratch.paths = p;
			scratch.cap = cap;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (!p)
			return -ENOMEM;
	}
	dup = strdup(path);
	if (!dup)
		return -ENOMEM;
	scratch.paths[scratch.nr_made] = dup;
	scratch.nr_made = scratch.nr_made + 1;
	return 0;
}

void rel_scratch_remove(void)
{
	sig_atomic_t i, n = scratch.nr_made;

	scratch_unwind();
	scratch.nr_made = 0;
	for (i = 0; i < n; i++)
		free(scratch.paths[i]);
	free(scratch.paths);
	scratch.paths = NULL;
	scratch.cap = 0;
}

static void scratch_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = scratch_on_signal }, old;
	size_t i;

	if (scratch.handlers)
		return;
	scratch.handlers = true;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

struct scratch_ctx {
	const char *dir;
	const char *const *prefixes;
	size_t nr;
	int fd;		/* of the member being written, closed at the next */
};

/* mkdir each missing parent of @rel under the scratch folder */
static int scratch_parents(struct scratch_ctx *s, const char *rel)
{
	char path[PATH_MAX];
	size_t base = strlen(s->dir) + 1;
	char *p;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", s->dir, rel) >= sizeof(path))
		return -ENAMETOOLONG;
	for (p = path + base; (p = strchr(p, '/')); p++) {
		*p = 0;
		if (!mkdir(path, 0700)) {
			int err = scratch_note(path);

			if (err)
				return err;
		} else if (errno != EEXIST) {
			return -errno;
		}
		*p = '/';
	}
	return 0;
}

static int want_prefixed(void *ctx, const char *rel)
{
	struct scratch_ctx *s = ctx;
	char path[PATH_MAX];
	size_t i, n;
	int err;

	/* no prefixes: the image folders and lists, not the database, diffs, tables */
	if (!s->prefixes && (!strcmp(rel, "depsurf.sqlite") || !strcmp(rel, MANIFEST_NAME) ||
			     !strncmp(rel, "diff/", 5) || !strncmp(rel, "tables/", 7)))
		return -1;
	for (i = 0; s->prefixes && i < s->nr; i++) {
		n = strlen(s->prefixes[i]);
		if (s->prefixes[i][n - 1] == '/' ? !strncmp(rel, s->prefixes[i], n)
						  : !strcmp(rel, s->prefixes[i]))
			break;
	}
	if (s->prefixes && i == s->nr)
		return -1;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	err = scratch_parents(s, rel);
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/%s", s->dir, rel);
	/* O_EXCL|O_NOFOLLOW: a member twice, or anything already there, is refused */
	s->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (s->fd < 0)
		return -errno;
	err = scratch_note(path);
	return err ? err : s->fd;
}

int rel_extract_scratch(const char *path, const char *const *prefixes, size_t nr_prefixes,
			char **dir, char *err, size_t errsz)
{
	struct scratch_ctx s = { NULL, prefixes, nr_prefixes, -1 };
	char *d;
	int ret;

	*dir = NULL;
	if (asprintf(&d, "%s/depsurf-release.XXXXXX", tmpdir()) < 0)
		return -ENOMEM;
	scratch_handlers();
	if (!mkdtemp(d)) {
		ret = -errno;
		snprintf(err, errsz, "%s: %s", d, strerror(errno));
		free(d);
		return ret;
	}
	ret = scratch_note(d);
	s.dir = d;
	if (!ret) {
		ret = rel_extract(path, want_prefixed, &s, NULL, err, errsz);
	} else {
		rmdir(d);
		snprintf(err, errsz, "%s", strerror(-ret));
	}
	if (s.fd >= 0)
		close(s.fd);
	if (ret) {
		rel_scratch_remove();
		free(d);
		return ret;
	}
	*dir = d;
	return 0;
}

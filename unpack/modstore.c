// SPDX-License-Identifier: MIT
#include "unpack/modstore.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define MODS_PREFIX "usr/lib/debug/lib/modules/"
#define MODS_KERNEL "/kernel/"

bool modstore_match(const char *name, const char **rel)
{
	const char *p, *slash;
	size_t len;

	if (strncmp(name, MODS_PREFIX, strlen(MODS_PREFIX)))
		return false;
	p = name + strlen(MODS_PREFIX);
	slash = strchr(p, '/');	/* end of <release> */
	if (!slash || slash == p || strncmp(slash, MODS_KERNEL, strlen(MODS_KERNEL)))
		return false;
	p = slash + strlen(MODS_KERNEL);
	len = strlen(p);
	*rel = p;
	return len > 3 && !strcmp(p + len - 3, ".ko");
}

bool modstore_compressed(const char *name)
{
	static const char *const ends[] = { ".ko.xz", ".ko.zst", ".ko.gz" };
	const char *rel;
	size_t i, len, n;

	if (modstore_match(name, &rel) || strncmp(name, MODS_PREFIX, strlen(MODS_PREFIX)) ||
	    !strstr(name, MODS_KERNEL))
		return false;
	len = strlen(name);
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		n = strlen(ends[i]);
		if (len > n && !strcmp(name + len - n, ends[i]))
			return true;
	}
	return false;
}

/* A path the store can hold below its directory, and the index can list. */
static bool rel_ok(const char *rel)
{
	const char *c = rel, *end;
	size_t n;

	for (; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;
	for (c = rel;; c = end + 1) {
		end = strchr(c, '/');
		n = end ? (size_t)(end - c) : strlen(c);
		if (!n || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (!end)
			return true;
	}
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path) && errno != ENOENT ? -1 : 0;
}

static int rm_tree(const char *path)
{
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		return -errno;
	return 0;
}

/* Leftovers of an interrupted run: DIR.tmp.* and DIR.old.* beside DIR. */
static void rm_stale(const char *dir)
{
	static const char *const kinds[] = { ".tmp.*", ".old.*" };
	char pat[4096];
	glob_t g;
	size_t i, k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if ((size_t)snprintf(pat, sizeof(pat), "%s%s", dir, kinds[k]) >= sizeof(pat))
			return;
		if (glob(pat, GLOB_NOSORT, NULL, &g))
			continue;
		for (i = 0; i < g.gl_pathc; i++)
			rm_tree(g.gl_pathv[i]);
		globfree(&g);
	}
}

int modstore_open(struct modstore *ms, const char *dir, int level)
{
	memset(ms, 0, sizeof(*ms));
	ms->fd = -1;
	ms->level = level;
	ms->dir = strdup(dir);
	if (!ms->dir || asprintf(&ms->tmp, "%s.tmp.%ld", dir, (long)getpid()) < 0) {
		ms->tmp = NULL;
		return -ENOMEM;
	}
	rm_stale(dir);
	if (mkdir(ms->tmp, 0777))
		return -errno;
	ms->cctx = ZSTD_createCCtx();
	ms->obuf_len = ZSTD_CStreamOutSize();
	ms->obuf = malloc(ms->obuf_len);
	if (!ms->cctx || !ms->obuf)
		return -ENOMEM;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(ms->cctx, ZSTD_c_compressionLevel, level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(ms->cctx, ZSTD_c_checksumFlag, 1)))
		return -EINVAL;
	/* one worker thread compresses while this one decodes xz; a libzstd
	 * built without threads refuses and compresses inline (other frame
	 * bytes, the same content: the store is never published) */
	ZSTD_CCtx_setParameter(ms->cctx, ZSTD_c_nbWorkers, 1);
	return 0;
}

/* mkdir -p of the directories of @path (relative to @base's end). */
static int make_parents(char *path, size_t base)
{
	char *s;

	for (s = path + base + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0777) && errno != EEXIST) {
			*s = '/';
			return -errno;
		}
		*s = '/';
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf = (const char *)buf + n;
		len -= n;
	}
	return 0;
}

int modstore_begin(struct modstore *ms, const char *rel, uint64_t size)
{
	struct modstore_ent *e;
	char *path = NULL;
	int err;

	free(ms->bad);
	ms->bad = strdup(rel);
	if (!ms->bad)
		return -ENOMEM;
	if (!rel_ok(rel))
		return -EINVAL;
	if (asprintf(&path, "%s/%s%s", ms->tmp, rel, MODSTORE_SUFFIX) < 0)
		return -ENOMEM;
	err = make_parents(path, strlen(ms->tmp));
	if (!err) {
		ms->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (ms->fd < 0)
			err = -errno;
	}
	free(path);
	if (err)
		return err;
	e = mem_add((void **)&ms->v, &ms->cap, &ms->cnt, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->size = size;
	e->stored = 0;
	e->path = strdup(rel);
	if (!e->path)
		return -ENOMEM;
	ms->left = size;
	ZSTD_CCtx_reset(ms->cctx, ZSTD_reset_session_only);
	if (ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(ms->cctx, size)))
		return -EINVAL;
	return 0;
}

/* Feed @len bytes (0 with @end to finish the frame) and write what comes out. */
static int compress(struct modstore *ms, const void *p, size_t len, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, len, 0 };
	struct modstore_ent *e = &ms->v[ms->cnt - 1];
	size_t rest;
	int err;

	do {
		ZSTD_outBuffer out = { ms->obuf, ms->obuf_len, 0 };

		rest = ZSTD_compressStream2(ms->cctx, &out, &in, mode);
		if (ZSTD_isError(rest))
			return -EBADMSG;	/* only a size that breaks the pledge */
		err = write_all(ms->fd, ms->obuf, out.pos);
		if (err)
			return err;
		e->stored += out.pos;
	} while (mode == ZSTD_e_end ? rest != 0 : in.pos < in.size);
	return 0;
}

int modstore_data(struct modstore *ms, const void *p, size_t len)
{
	if (len > ms->left)
		return -EBADMSG;
	ms->left -= len;
	return compress(ms, p, len, ZSTD_e_continue);
}

int modstore_end(struct modstore *ms)
{
	int err;

	if (ms->left)
		return -EBADMSG;
	err = compress(ms, NULL, 0, ZSTD_e_end);
	if (close(ms->fd) && !err)
		err = -errno;
	ms->fd = -1;
	return err;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct modstore_ent *)a)->path,
		      ((const struct modstore_ent *)b)->path);
}

static int write_index(struct modstore *ms)
{
	char *path = NULL;
	FILE *f;
	size_t i;
	int err = 0;

	if (ms->cnt)
		qsort(ms->v, ms->cnt, sizeof(*ms->v), cmp_ent);
	if (asprintf(&path, "%s/%s", ms->tmp, MODSTORE_INDEX) < 0)
		return -ENOMEM;
	f = fopen(path, "we");
	free(path);
	if (!f)
		return -errno;
	for (i = 0; i < ms->cnt; i++)
		fprintf(f, "%s\t%" PRIu64 "\t%" PRIu64 "\n", ms->v[i].path, ms->v[i].size,
			ms->v[i].stored);
	if (ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int modstore_commit(struct modstore *ms)
{
	char *old = NULL;
	int err;

	err = write_index(ms);
	if (err)
		return err;
	if (asprintf(&old, "%s.old.%ld", ms->dir, (long)getpid()) < 0)
		return -ENOMEM;
	if (rename(ms->dir, old) && errno != ENOENT) {
		err = -errno;
		goto out;
	}
	if (rename(ms->tmp, ms->dir)) {
		err = -errno;
		rename(old, ms->dir);	/* put the previous store back */
		goto out;
	}
	free(ms->tmp);
	ms->tmp = NULL;
	rm_tree(old);
out:
	free(old);
	return err;
}

void modstore_abort(struct modstore *ms)
{
	size_t i;

	if (ms->fd >= 0)
		close(ms->fd);
	ms->fd = -1;
	if (ms->tmp)
		rm_tree(ms->tmp);
	free(ms->tmp);
	free(ms->dir);
	free(ms->bad);
	ZSTD_freeCCtx(ms->cctx);
	free(ms->obuf);
	for (i = 0; i < ms->cnt; i++)
		free(ms->v[i].path);
	free(ms->v);
	memset(ms, 0, sizeof(*ms));
	ms->fd = -1;
}

uint64_t modstore_bytes(const struct modstore *ms)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < ms->cnt; i++)
		n += ms->v[i].size;
	return n;
}

uint64_t modstore_stored(const struct modstore *ms)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < ms->cnt; i++)
		n += ms->v[i].stored;
	return n;
}

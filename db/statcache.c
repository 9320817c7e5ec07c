// SPDX-License-Identifier: MIT
/* The fingerprint cache of depsurf-db (db/statcache.h). */
#include "db/statcache.h"
#include "db/load.h"
#include "util/outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--) {
		h ^= *b++;
		h *= 1099511628211ull;
	}
	return h;
}

int statcache_signature(const char *dir, char *out, size_t outsz)
{
	uint64_t h = 14695981039346656037ull;
	char *names[LOAD_MAX_FILES], path[PATH_MAX];
	size_t n = 0, i;
	int ret = load_surface_files(dir, names, LOAD_MAX_FILES, &n);

	for (i = 0; i < n && !ret; i++) {
		struct stat st;
		int64_t v[7];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st)) {
			ret = -errno;
			break;
		}
		v[0] = st.st_size;
		v[1] = (int64_t)st.st_dev;
		v[2] = (int64_t)st.st_ino;
		v[3] = st.st_mtim.tv_sec;
		v[4] = st.st_mtim.tv_nsec;
		v[5] = st.st_ctim.tv_sec;
		v[6] = st.st_ctim.tv_nsec;
		h = fnv(h, names[i], strlen(names[i]) + 1);
		h = fnv(h, v, sizeof(v));
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	if (!ret)
		snprintf(out, outsz, "st:%016llx", (unsigned long long)h);
	return ret;
}

static int find(const struct statcache *c, const char *id, size_t *pos)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->v[mid].id, id);

		if (!r) {
			*pos = mid;
			return 1;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return 0;
}

int statcache_set(struct statcache *c, const char *id, const char *statsig,
		  const char *fingerprint)
{
	struct statcache_entry *e;
	size_t pos;

	if (strlen(statsig) >= sizeof(e->statsig) || strlen(fingerprint) >= sizeof(e->fingerprint))
		return -EINVAL;
	if (!find(c, id, &pos)) {
		char *copy;

		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 32;
			struct statcache_entry *v = reallocarray(c->v, cap, sizeof(*v));

			if (!v)
				return -ENOMEM;
			c->v = v;
			c->cap = cap;
		}
		if (!(copy = strdup(id)))
			return -ENOMEM;
		memmove(&c->v[pos + 1], &c->v[pos], (c->n - pos) * sizeof(*c->v));
		c->n++;
		c->v[pos].id = copy;
	}
	e = &c->v[pos];
	snprintf(e->statsig, sizeof(e->statsig), "%s", statsig);
	snprintf(e->fingerprint, sizeof(e->fingerprint), "%s", fingerprint);
	return 0;
}

const char *statcache_lookup(const struct statcache *c, const char *id, const char *statsig)
{
	size_t pos;

	if (!find(c, id, &pos) || strcmp(c->v[pos].statsig, statsig))
		return NULL;
	return c->v[pos].fingerprint;
}

int statcache_load(struct statcache *c, const char *path)
{
	char id[256], sig[32], fp[40], line[400];
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f)
		return 0;
	/* "<id> <statsig> <fingerprint>"; anything else is skipped */
	while (!ret && fgets(line, sizeof(line), f))
		if (sscanf(line, "%255s %31s %39s", id, sig, fp) == 3 && !strncmp(sig, "st:", 3))
			ret = statcache_set(c, id, sig, fp) == -ENOMEM ? -ENOMEM : 0;
	fclose(f);
	return ret;
}

int statcache_save(const struct statcache *c, const char *path)
{
	struct outfile out = { 0 };
	size_t i;
	int ret = outfile_open(&out, path);

	if (ret)
		return ret;
	for (i = 0; i < c->n; i++)
		fprintf(out.f, "%s %s %s\n", c->v[i].id, c->v[i].statsig, c->v[i].fingerprint);
	return outfile_commit(&out);
}

void statcache_free(struct statcache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].id);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

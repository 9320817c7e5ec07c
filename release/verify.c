// SPDX-License-Identifier: MIT
#include "release/verify.h"
#include "release/reltar.h"
#include "release/walk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rel_set_free(struct rel_set *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->f[i].path);
	free(s->f);
	free(s->manifest);
	free(s->root);
	memset(s, 0, sizeof(*s));
}

static struct rel_found *rel_add(struct rel_set *s, const char *path)
{
	struct rel_found *f;

	if (s->nr == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;

		f = reallocarray(s->f, cap, sizeof(*f));
		if (!f)
			return NULL;
		s->f = f;
		s->cap = cap;
	}
	f = &s->f[s->nr];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	if (!f->path)
		return NULL;
	s->nr++;
	return f;
}

static int cmp_found(const void *a, const void *b)
{
	return strcmp(((const struct rel_found *)a)->path, ((const struct rel_found *)b)->path);
}

int rel_collect_dir(struct rel_set *s, const char *dir, char *err, size_t errsz)
{
	struct walk w;
	char path[8192];
	size_t i;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = walk_dir(&w, dir, 0);
	if (ret) {
		snprintf(err, errsz, "%s: %s", w.bad, strerror(-ret));
		goto out;
	}
	for (i = 0; i < w.nr; i++) {
		struct rel_found *f;
		unsigned long long size;

		snprintf(path, sizeof(path), "%s/%s", dir, w.e[i].path);
		if (!strcmp(w.e[i].path, MANIFEST_NAME) && w.e[i].regular) {
			char *buf = NULL;
			FILE *fp = fopen(path, "rb");
			size_t n = 0;

			if (fp) {
				buf = malloc(MANIFEST_MAX + 1);
				n = buf ? fread(buf, 1, MANIFEST_MAX + 1, fp) : 0;
				if (ferror(fp))
					ret = -EIO;
				fclose(fp);
			} else {
				ret = -errno;
			}
			if (!ret && !buf)
				ret = -ENOMEM;
			if (!ret && n > MANIFEST_MAX)
				ret = -EFBIG;
			if (ret) {
				free(buf);
				snprintf(err, errsz, "%s: %s", path, strerror(-ret));
				goto out;
			}
			s->manifest = buf;
			s->manifest_len = n;
			continue;
		}
		f = rel_add(s, w.e[i].path);
		if (!f) {
			ret = -ENOMEM;
			snprintf(err, errsz, "%s", strerror(ENOMEM));
			goto out;
		}
		f->regular = w.e[i].regular;
		if (!f->regular)
			continue;
		ret = sha256_file(path, f->sha256, &size);
		if (ret) {
			snprintf(err, errsz, "%s: %s", path, strerror(-ret));
			goto out;
		}
		f->size = size;
	}
out:
	walk_free(&w);
	return ret;
}

/* The member @name's path under the root, which the first member fixes. */
static int tar_relpath(struct rel_set *s, const char *name, const char **rel)
{
	const char *p = name, *slash;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	slash = strchr(p, '/');
	if (!slash || slash == p || !slash[1])
		return -EINVAL;
	if (!s->root) {
		s->root = strndup(p, (size_t)(slash - p));
		if (!s->root)
			return -ENOMEM;
	} else if (strlen(s->root) != (size_t)(slash - p) || strncmp(s->root, p, (size_t)(slash - p))) {
		return -EINVAL;
	}
	*rel = slash + 1;
	return 0;
}

/* Read the current member's data: hash it, keep it when it is the MANIFEST. */
static int tar_member(struct reltar *r, struct rel_set *s, struct rel_found *f, bool keep)
{
	struct sha256 sum = { 0 };
	const void *p;
	ssize_t n;
	int ret = sha256_init(&sum);

	if (!ret && keep) {
		s->manifest = malloc(MANIFEST_MAX);
		if (!s->manifest)
			ret = -ENOMEM;
	}
	while (!ret && (n = reltar_data(r, &p)) != 0) {
		if (n < 0) {
			ret = (int)n;
			break;
		}
		if (keep) {
			if (s->manifest_len + (size_t)n > MANIFEST_MAX) {
				ret = -EFBIG;
				break;
			}
			memcpy(s->manifest + s->manifest_len, p, (size_t)n);
			s->manifest_len += (size_t)n;
		}
		f->size += (uint64_t)n;
		ret = sha256_update(&sum, p, (size_t)n);
	}
	if (!ret)
		ret = sha256_final(&sum, f->sha256);
	sha256_free(&sum);
	return ret;
}

int rel_collect_tar(struct rel_set *s, const char *path, char *err, size_t errsz)
{
	struct reltar r;
	struct tar_entry e;
	struct rel_found scratch;
	const char *rel;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = reltar_open(&r, path);
	while (!ret && (ret = reltar_next(&r, &e)) == 1) {
		struct rel_found *f;
		bool is_manifest;

		ret = tar_relpath(s, e.name, &rel);
		if (ret == -EINVAL) {
			snprintf(err, errsz, "member '%s' is not under one release folder%s%s",
				 e.name, s->root ? " " : "", s->root ? s->root : "");
			goto out;
		}
		if (ret)
			break;
		is_manifest = !strcmp(rel, MANIFEST_NAME) && e.type == '0';
		if (is_manifest && s->manifest) {
			snprintf(err, errsz, "two %s members", MANIFEST_NAME);
			ret = -EINVAL;
			goto out;
		}
		memset(&scratch, 0, sizeof(scratch));
		f = is_manifest ? &scratch : rel_add(s, rel);
		if (!f) {
			ret = -ENOMEM;
			break;
		}
		f->regular = e.type == '0';
		if (f->regular || is_manifest)
			ret = tar_member(&r, s, f, is_manifest);
	}
	if (!ret)
		ret = reltar_finish(&r, s->sha256);
	if (ret)
		reltar_strerror(&r, ret, err, errsz);
	else if (s->nr)
		qsort(s->f, s->nr, sizeof(*s->f), cmp_found);
out:
	reltar_close(&r);
	return ret;
}

size_t rel_compare(const struct manifest *m, const struct rel_set *s, rel_report_fn report,
		   void *ctx)
{
	size_t i = 0, j = 0, bad = 0;

	while (i < m->nr_files || j < s->nr) {
		const struct rel_file *want = i < m->nr_files ? &m->files[i] : NULL;
		const struct rel_found *got = j < s->nr ? &s->f[j] : NULL;
		int c = !want ? 1 : !got ? -1 : strcmp(want->path, got->path);

		if (c < 0) {
			report(ctx, REL_MISSING, want->path, want, NULL);
			bad++;
			i++;
			continue;
		}
		if (c > 0) {
			report(ctx, REL_EXTRA, got->path, NULL, got);
			bad++;
			j++;
			continue;
		}
		if (!got->regular) {
			report(ctx, REL_NOT_REGULAR, want->path, want, got);
			bad++;
		} else if (got->size != want->size) {
			report(ctx, REL_SIZE, want->path, want, got);
			bad++;
		} else if (strcmp(got->sha256, want->sha256)) {
			report(ctx, REL_SUM, want->path, want, got);
			bad++;
		}
		i++;
		j++;
	}
	return bad;
}

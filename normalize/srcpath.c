// SPDX-License-Identifier: MIT
#include "normalize/srcpath.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const top_dirs[] = {
	"arch", "block", "certs", "crypto", "debian", "drivers", "fs",
	"include", "init", "io_uring", "ipc", "kernel", "lib", "mm", "net",
	"rust", "samples", "scripts", "security", "sound", "tools", "usr",
	"virt",
};

/* A path split into components (pointers into a private copy). */
struct comps {
	char *buf;
	const char **c;
	size_t n;
	bool abs;
};

static bool is_top_dir(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(top_dirs) / sizeof(top_dirs[0]); i++)
		if (!strcmp(s, top_dirs[i]))
			return true;
	return false;
}

/* Split and clean (rule 1). */
static int split(const char *path, struct comps *p)
{
	size_t len = strlen(path);
	char *s, *save = NULL, *tok;

	memset(p, 0, sizeof(*p));
	p->buf = strdup(path);
	/* at most len/2 + 1 components */
	p->c = calloc(len / 2 + 2, sizeof(*p->c));
	if (!p->buf || !p->c) {
		free(p->buf);
		free(p->c);
		return -ENOMEM;
	}
	p->abs = path[0] == '/';
	for (s = p->buf; (tok = strtok_r(s, "/", &save)); s = NULL) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (p->n && strcmp(p->c[p->n - 1], "..")) {
				p->n--;
				continue;
			}
			if (p->abs)
				continue;
		}
		p->c[p->n++] = tok;
	}
	return 0;
}

static void comps_free(struct comps *p)
{
	free(p->buf);
	free(p->c);
}

/* Number of leading components of @p equal to @pre (0 if not a prefix). */
static size_t prefix_len(const struct comps *p, const struct comps *pre)
{
	size_t i;

	if (p->abs != pre->abs || !pre->n || pre->n >= p->n)
		return 0;
	for (i = 0; i < pre->n; i++)
		if (strcmp(p->c[i], pre->c[i]))
			return 0;
	return pre->n;
}

/* Rule 3: the source root inside an absolute build path. */
static size_t tree_root(const struct comps *p)
{
	size_t i;

	for (i = 1; i + 1 < p->n; i++)
		if (!strncmp(p->c[i - 1], "linux", 5) && is_top_dir(p->c[i]))
			return i;
	return 0;
}

static char *join(const struct comps *p, size_t from, bool abs)
{
	size_t i, len = 1;
	char *out, *o;

	for (i = from; i < p->n; i++)
		len += strlen(p->c[i]) + 1;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	o = out;
	if (abs)
		*o++ = '/';
	for (i = from; i < p->n; i++) {
		size_t l = strlen(p->c[i]);

		if (i > from)
			*o++ = '/';
		memcpy(o, p->c[i], l);
		o += l;
	}
	if (o == out)
		*o++ = abs ? '/' : '.';
	*o = 0;
	return out;
}

static char *normalize(const char *path, const char *comp_dir, bool rejoin);

/* "dir/name", or NULL on ENOMEM. */
static char *path_join(const char *dir, const char *name)
{
	char *joined;

	if (asprintf(&joined, "%s/%s", dir, name) < 0)
		return NULL;
	return joined;
}

static char *normalize_joined(const char *dir, const char *name,
			      const char *comp_dir, bool rejoin)
{
	char *joined, *out;

	joined = path_join(dir, name);
	if (!joined) {
		errno = ENOMEM;
		return NULL;
	}
	out = normalize(joined, comp_dir, rejoin);
	free(joined);
	return out;
}

static char *normalize(const char *path, const char *comp_dir, bool rejoin)
{
	struct comps p, cd = { 0 };
	size_t from = 0, k;
	bool abs;
	char *out = NULL;

	if (split(path, &p))
		goto nomem;
	if (comp_dir && *comp_dir && split(comp_dir, &cd)) {
		comps_free(&p);
		goto nomem;
	}
	if (rejoin && !p.abs && p.n && !strcmp(p.c[0], "..") && cd.n) {
		/* climbs out of its directory: relative to comp_dir (DWARF) */
		comps_free(&p);
		comps_free(&cd);
		return normalize_joined(comp_dir, path, comp_dir, false);
	}
	abs = p.abs;
	k = prefix_len(&p, &cd);	/* rule 2 */
	if (k) {
		from = k;
		abs = false;
	} else if (abs && (k = tree_root(&p))) {	/* rule 3 */
		from = k;
		abs = false;
	}
	/* rule 4 */
	if (!abs && p.n - from > 3 && !strcmp(p.c[from], "debian") &&
	    !strcmp(p.c[from + 1], "build"))
		from += 3;
	out = join(&p, from, abs);
	comps_free(&p);
	comps_free(&cd);
	if (out)
		return out;
nomem:
	errno = ENOMEM;
	return NULL;
}

char *srcpath_normalize(const char *path, const char *comp_dir)
{
	return normalize(path, comp_dir, true);
}

char *srcpath_normalize2(const char *dir, const char *name,
			 const char *comp_dir)
{
	if (!dir || !*dir || name[0] == '/')
		return normalize(name, comp_dir, true);
	return normalize_joined(dir, name, comp_dir, true);
}

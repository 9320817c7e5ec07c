// SPDX-License-Identifier: MIT
#include "tables/funcstats.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const func_stats_inline_names[FS_INLINE_NR] = { "none", "selective", "full" };
const char *const func_stats_collision_names[FS_COLLISION_NR] = {
	"unique_global", "unique_static", "static_duplicate", "static_static", "static_global",
};

/* What one line says, whichever road read it. */
struct line_facts {
	int inline_, collision;
	bool transformed, exact_symbol;
	unsigned long symbols, transformed_symbols;
	unsigned long suffix_symbols[SYMSFX_NR];
};

/* A growable NUL-terminated copy (for names handed to strcmp/symname). */
struct buf {
	char *s;
	size_t cap;
};

static int buf_set(struct buf *b, const char *s, size_t n)
{
	if (n + 1 > b->cap) {
		size_t cap = (n + 1) * 2;
		char *p = realloc(b->s, cap);

		if (!p)
			return -ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s, s, n);
	b->s[n] = '\0';
	return 0;
}

static int find_name(const char *const *names, size_t nr, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return (int)i;
	return -1;
}

static bool is_suffix_name(const char *s, size_t n)
{
	unsigned int i;

	for (i = 0; i < SYMSFX_NR; i++)
		if (strlen(symname_suffix_name(i)) == n && !memcmp(symname_suffix_name(i), s, n))
			return true;
	return false;
}

static int add_symbol(struct line_facts *lf, struct buf *tmp, const char *s, size_t n)
{
	unsigned int bits, i;

	if (buf_set(tmp, s, n))
		return -ENOMEM;
	bits = symname_suffixes(tmp->s);
	lf->symbols++;
	if (bits)
		lf->transformed_symbols++;
	for (i = 0; i < SYMSFX_NR; i++)
		if (bits & (1u << i))
			lf->suffix_symbols[i]++;
	return 0;
}

/* ------------------------------------------------------------ fast road */

/* The cursor of the scanner; any surprise sends the line to jansson. */
struct scan {
	const char *p, *end;
};

static bool lit(struct scan *sc, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, s, n))
		return false;
	sc->p += n;
	return true;
}

/* A string without escapes or control bytes: *@s, *@n its contents. */
static bool plain_str(struct scan *sc, const char **s, size_t *n)
{
	const char *q;

	if (sc->p >= sc->end || *sc->p != '"')
		return false;
	for (q = sc->p + 1; q < sc->end && *q != '"'; q++)
		if (*q == '\\' || (unsigned char)*q < 0x20)
			return false;
	if (q >= sc->end)
		return false;
	*s = sc->p + 1;
	*n = (size_t)(q - sc->p - 1);
	sc->p = q + 1;
	return true;
}

/* Skip a string (escapes allowed) or a scalar (number, true, false, null). */
static bool skip_value(struct scan *sc)
{
	if (sc->p < sc->end && *sc->p == '"') {
		for (sc->p++; sc->p < sc->end && *sc->p != '"'; sc->p++)
			if (*sc->p == '\\' && ++sc->p >= sc->end)
				return false;
		if (sc->p >= sc->end)
			return false;
		sc->p++;
		return true;
	}
	if (sc->p < sc->end && strchr("-0123456789tfn", *sc->p)) {
		while (sc->p < sc->end && !strchr(",}]", *sc->p))
			sc->p++;
		return true;
	}
	return false;	/* objects and arrays: not in a symbol */
}

/* The last occurrence of @pat in [@s, @end): the "symbols" key, which no
 * string can hold ('"' inside a string is always escaped). */
static const char *last_of(const char *s, const char *end, const char *pat)
{
	size_t n = strlen(pat);
	const char *q;

	if ((size_t)(end - s) < n)
		return NULL;
	for (q = end - n; q >= s; q--)
		if (*q == *pat && !memcmp(q, pat, n))
			return q;
	return NULL;
}

/*
 * 1 when the line had the writer's shape and *@lf is filled, 0 to take the
 * slow road, -ENOMEM. Values are not judged here (the caller does).
 */
static int scan_fast(const char *line, size_t len, struct line_facts *lf, struct buf *name,
		     struct buf *tmp, const char **inl, size_t *inl_n, const char **col,
		     size_t *col_n, bool *bad_transform)
{
	struct scan sc = { line, line + len };
	const char *s, *sym;
	size_t n;

	if (!lit(&sc, "{\"name\":") || !plain_str(&sc, &s, &n))
		return 0;
	if (buf_set(name, s, n))
		return -ENOMEM;
	if (!lit(&sc, ",\"inline\":") || !plain_str(&sc, inl, inl_n) ||
	    !lit(&sc, ",\"collision\":") || !plain_str(&sc, col, col_n) ||
	    !lit(&sc, ",\"transforms\":["))
		return 0;
	if (!lit(&sc, "]")) {
		do {
			if (!plain_str(&sc, &s, &n))
				return 0;
			*bad_transform |= !is_suffix_name(s, n);
		} while (lit(&sc, ","));
		if (!lit(&sc, "]"))
			return 0;
		lf->transformed = true;
	}
	if (lit(&sc, ",\"exact_symbol\":true"))
		lf->exact_symbol = true;
	else if (!lit(&sc, ",\"exact_symbol\":false"))
		return 0;
	sym = last_of(sc.p, sc.end, ",\"symbols\":[");
	if (!sym)
		return 0;
	sc.p = sym + strlen(",\"symbols\":[");
	if (!lit(&sc, "]")) {
		do {
			bool have_name = false;

			if (!lit(&sc, "{"))
				return 0;
			do {
				if (!plain_str(&sc, &s, &n) || !lit(&sc, ":"))
					return 0;
				if (n == 4 && !memcmp(s, "name", 4)) {
					const char *v;
					size_t vn;

					if (have_name || !plain_str(&sc, &v, &vn))
						return 0;
					have_name = true;
					if (add_symbol(lf, tmp, v, vn))
						return -ENOMEM;
				} else if (!skip_value(&sc)) {
					return 0;
				}
			} while (lit(&sc, ","));
			if (!lit(&sc, "}") || !have_name)
				return 0;
		} while (lit(&sc, ","));
		if (!lit(&sc, "]"))
			return 0;
	}
	return lit(&sc, "}") && sc.p == sc.end;
}

/* ------------------------------------------------------------ slow road */

static int bad(struct surface_error *e, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct surface_error *e, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

static int read_slow(const char *line, size_t len, unsigned long lineno, struct line_facts *lf,
		     struct buf *name, struct buf *tmp, const char **inl, size_t *inl_n,
		     const char **col, size_t *col_n, bool *bad_transform, json_t **keep,
		     struct surface_error *e)
{
	json_t *doc, *v, *t, *sym;
	json_error_t jerr;
	size_t i;

	doc = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return bad(e, lineno, "invalid JSON: %s", jerr.text);
	*keep = doc;	/* *inl, *col point into it */
	if (!json_is_object(doc))
		return bad(e, lineno, "not a JSON object");
	v = json_object_get(doc, "name");
	if (!json_is_string(v))
		return bad(e, lineno, "name: missing or not a string");
	if (buf_set(name, json_string_value(v), json_string_length(v)))
		return -ENOMEM;
	v = json_object_get(doc, "inline");
	t = json_object_get(doc, "collision");
	if (!json_is_string(v) || !json_is_string(t))
		return bad(e, lineno, "%s: missing or not a string",
			   json_is_string(v) ? "collision" : "inline");
	*inl = json_string_value(v);
	*inl_n = json_string_length(v);
	*col = json_string_value(t);
	*col_n = json_string_length(t);
	t = json_object_get(doc, "transforms");
	if (!json_is_array(t))
		return bad(e, lineno, "transforms: missing or not an array");
	json_array_foreach(t, i, v) {
		if (!json_is_string(v))
			return bad(e, lineno, "transforms: not a list of strings");
		*bad_transform |= !is_suffix_name(json_string_value(v), json_string_length(v));
	}
	lf->transformed = json_array_size(t) > 0;
	v = json_object_get(doc, "exact_symbol");
	if (!json_is_boolean(v))
		return bad(e, lineno, "exact_symbol: missing or not a boolean");
	lf->exact_symbol = json_is_true(v);
	t = json_object_get(doc, "symbols");
	if (!json_is_array(t))
		return bad(e, lineno, "symbols: missing or not an array");
	json_array_foreach(t, i, sym) {
		v = json_object_get(sym, "name");
		if (!json_is_string(v))
			return bad(e, lineno, "symbols: an entry without a string name");
		if (add_symbol(lf, tmp, json_string_value(v), json_string_length(v)))
			return -ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------------ the file */

static int read_line(const char *line, size_t len, unsigned long lineno, struct func_stats *st,
		     struct buf *name, struct buf *prev, struct buf *tmp, struct surface_error *e)
{
	struct line_facts lf = { 0 };
	const char *inl = NULL, *col = NULL;
	size_t inl_n = 0, col_n = 0, i;
	bool bad_transform = false;
	json_t *keep = NULL;
	int ret;

	ret = scan_fast(line, len, &lf, name, tmp, &inl, &inl_n, &col, &col_n, &bad_transform);
	if (ret < 0)
		return ret;
	if (!ret) {
		memset(&lf, 0, sizeof(lf));
		bad_transform = false;
		st->slow_lines++;
		ret = read_slow(line, len, lineno, &lf, name, tmp, &inl, &inl_n, &col, &col_n,
				&bad_transform, &keep, e);
		if (ret)
			goto out;
	}
	lf.inline_ = find_name(func_stats_inline_names, FS_INLINE_NR, inl, inl_n);
	lf.collision = find_name(func_stats_collision_names, FS_COLLISION_NR, col, col_n);
	if (lf.inline_ < 0) {
		ret = bad(e, lineno, "inline: not none, selective or full");
		goto out;
	}
	if (lf.collision < 0) {
		ret = bad(e, lineno, "collision: not one of the five classes of docs/schema-funcs.md");
		goto out;
	}
	if (bad_transform) {
		ret = bad(e, lineno, "transforms: a kind docs/schema-funcs.md does not list");
		goto out;
	}
	if (prev->s && strcmp(prev->s, name->s) >= 0) {
		ret = bad(e, lineno, "names out of order: '%.60s' after '%.60s'", name->s, prev->s);
		goto out;
	}
	st->funcs++;
	st->inline_[lf.inline_]++;
	st->collision[lf.collision]++;
	st->transformed_funcs += lf.transformed;
	st->clone_only += !lf.exact_symbol && lf.symbols;
	st->symbols += lf.symbols;
	st->transformed_symbols += lf.transformed_symbols;
	for (i = 0; i < SYMSFX_NR; i++)
		st->suffix_symbols[i] += lf.suffix_symbols[i];
	ret = buf_set(prev, name->s, strlen(name->s));
out:
	json_decref(keep);
	return ret;
}

int func_stats_read(const char *path, struct func_stats *st, struct surface_error *e)
{
	struct buf name = { 0 }, prev = { 0 }, tmp = { 0 };
	unsigned long lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	memset(e, 0, sizeof(*e));
	f = fopen(path, "r");
	if (!f)
		return -errno;
	errno = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] != '\n') {
			ret = bad(e, lineno, "no newline at the end (a truncated file)");
			break;
		}
		if (memchr(line, '\0', (size_t)n)) {
			ret = bad(e, lineno, "a NUL byte");
			break;
		}
		ret = read_line(line, (size_t)n - 1, lineno, st, &name, &prev, &tmp, e);
		if (ret)
			break;
		errno = 0;
	}
	if (!ret && ferror(f))
		ret = errno ? -errno : -EIO;
	fclose(f);
	free(line);
	free(name.s);
	free(prev.s);
	free(tmp.s);
	return ret;
}

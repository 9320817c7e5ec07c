// SPDX-License-Identifier: MIT
#include "schema/surface_reader.h"
#include "util/mem.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The read block of a surface file. A keys-only scan of funcs.jsonl (77 MB)
 * is mostly reading: with stdio's 4 KiB buffer and getline() copying every
 * line out of it, twice the CPU time of reading 256 KiB blocks and handing
 * out the lines where they lie.
 */
#define SURFACE_READER_BLOCK (256u * 1024)

static const char *const key_name[] = { "name", NULL };
static const char *const key_tracepoint[] = { "event", "system", "class", NULL };

/* Surfaces sorted by something other than "name" (docs/schema-*.md). */
static const struct {
	const char *file;
	const char *const *key;
} sort_keys[] = {
	{ "tracepoints.jsonl", key_tracepoint },
};

const char *const *surface_sort_key(const char *name)
{
	const char *base = strrchr(name, '/');
	size_t i;

	base = base ? base + 1 : name;
	for (i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++)
		if (!strcmp(base, sort_keys[i].file))
			return sort_keys[i].key;
	return key_name;
}

static void set_error(struct surface_error *e, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_error(struct surface_error *e, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

static int join_path(char *buf, size_t size, const char *dir, const char *name)
{
	int n = dir ? snprintf(buf, size, "%s/%s", dir, name) : snprintf(buf, size, "%s", name);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int surface_reader_open(struct surface_reader *r, const char *dir, const char *name,
			unsigned int flags)
{
	char path[PATH_MAX];
	int err;

	memset(r, 0, sizeof(*r));
	r->key_fields = surface_sort_key(name);
	r->flags = flags;
	err = join_path(path, sizeof(path), dir, name);
	if (err)
		goto fail;
	r->f = fopen(path, "re");
	if (!r->f) {
		err = -errno;
		goto fail;
	}
	/* read_line() reads large blocks itself: no second copy through stdio */
	setvbuf(r->f, NULL, _IONBF, 0);
	return 0;
fail:
	set_error(&r->error, 0, "%s", strerror(-err));
	r->err = err;
	return err;
}

/* A copy of @key for a message, separators shown as '/'. */
static const char *show_key(char *buf, size_t size, const char *key)
{
	char *p;

	snprintf(buf, size, "%s", key);
	for (p = buf; (p = strchr(p, SURFACE_KEY_SEP)); p++)
		*p = '/';
	return buf;
}

static int bad(struct surface_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(struct surface_reader *r, const char *fmt, ...)
{
	va_list ap;

	r->error.line = r->lineno;
	va_start(ap, fmt);
	vsnprintf(r->error.text, sizeof(r->error.text), fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* Join the key members of @obj into r->key. */
static int build_key(struct surface_reader *r, const json_t *obj)
{
	size_t len = 0, i;

	for (i = 0; r->key_fields[i]; i++) {
		const json_t *v = json_object_get(obj, r->key_fields[i]);
		const char *s, *p;
		size_t n;

		if (!json_is_string(v))
			return bad(r, "key \"%s\" %s", r->key_fields[i],
				   v ? "is not a string" : "missing");
		s = json_string_value(v);
		n = json_string_length(v);
		for (p = s; p < s + n; p++)
			if ((unsigned char)*p < 0x20)
				return bad(r, "key \"%s\" holds a control character",
					   r->key_fields[i]);
		if (n > SIZE_MAX - len - 2 ||
		    mem_ensure((void **)&r->key, &r->key_cap, 1, len + n + 2))
			return -ENOMEM;
		if (i)
			r->key[len++] = SURFACE_KEY_SEP;
		memcpy(r->key + len, s, n);
		len += n;
		r->key[len] = '\0';
	}
	return 0;
}

/*
 * SURFACE_READER_KEYS_ONLY: the key from the leading members of the compact
 * @line ({"f1":"v1","f2":"v2",...}) into r->key. Returns 1 when found, 0
 * when the line has another shape (the caller parses it), -ENOMEM.
 */
static int scan_key(struct surface_reader *r, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	size_t klen = 0, i;

	if (len < 2 || line[0] != '{' || line[len - 1] != '}')
		return 0;
	p++;
	for (i = 0; r->key_fields[i]; i++) {
		size_t flen = strlen(r->key_fields[i]);
		const char *v;

		if (i && (p >= end || *p++ != ','))
			return 0;
		if ((size_t)(end - p) < flen + 4 || p[0] != '"' ||
		    memcmp(p + 1, r->key_fields[i], flen) || memcmp(p + 1 + flen, "\":\"", 3))
			return 0;
		p += flen + 4;
		for (v = p; p < end && *p != '"'; p++)
			if (*p == '\\' || (unsigned char)*p < 0x20)
				return 0;	/* escapes: let jansson decode */
		if (p >= end)
			return 0;
		if (mem_ensure((void **)&r->key, &r->key_cap, 1, klen + (p - v) + 2))
			return -ENOMEM;
		if (i)
			r->key[klen++] = SURFACE_KEY_SEP;
		memcpy(r->key + klen, v, p - v);
		klen += p - v;
		r->key[klen] = '\0';
		p++;
	}
	return p < end && (*p == ',' || *p == '}') ? 1 : 0;
}

/*
 * The next line of the file into r->line, in place in r->buf: its length
 * with the newline (the last line may lack it: a truncated file), 0 at the
 * end, -EIO, -ENOMEM. The buffer grows to hold the longest line.
 */
static ssize_t read_line(struct surface_reader *r)
{
	for (;;) {
		char *p = r->buf ? r->buf + r->buf_start : NULL, *nl = NULL;
		size_t have = r->buf_end - r->buf_start, got;

		if (have)
			nl = memchr(p, '\n', have);
		if (nl || (r->eof && have)) {
			size_t len = nl ? (size_t)(nl - p) + 1 : have;

			if (len > SSIZE_MAX)
				return -ENOMEM;
			r->line = p;
			r->buf_start += len;
			return (ssize_t)len;
		}
		if (r->eof)
			return 0;
		/* the partial line to the front, then more bytes behind it */
		if (r->buf_start) {
			memmove(r->buf, p, have);
			r->buf_start = 0;
			r->buf_end = have;
		}
		if (r->buf_end + SURFACE_READER_BLOCK / 2 > r->buf_cap) {
			size_t cap = r->buf_cap ? r->buf_cap * 2 : SURFACE_READER_BLOCK;
			char *b = cap > r->buf_cap ? realloc(r->buf, cap + 1) : NULL;

			if (!b)
				return -ENOMEM;
			r->buf = b;
			r->buf_cap = cap;
		}
		got = fread(r->buf + r->buf_end, 1, r->buf_cap - r->buf_end, r->f);
		if (!got) {
			if (ferror(r->f))
				return -EIO;
			r->eof = true;
		}
		r->buf_end += got;
	}
}

static int read_entry(struct surface_reader *r, json_t **obj, const char **key)
{
	json_error_t jerr;
	ssize_t len;
	char *tmp;
	size_t tmp_cap;
	int err;

	/* this entry's key buffer is the one before last; keep the last as prev */
	tmp = r->prev, r->prev = r->key, r->key = tmp;
	tmp_cap = r->prev_cap, r->prev_cap = r->key_cap, r->key_cap = tmp_cap;

	len = read_line(r);
	if (len <= 0)
		return (int)len;
	r->lineno++;
	r->line_len = len - 1;
	if (r->line[len - 1] != '\n')
		return bad(r, "no newline at the end (truncated file?)");
	r->line[len - 1] = '\0';	/* as getline() ended it: a C string */
	if (r->flags & SURFACE_READER_KEYS_ONLY) {
		if (len < 2 || r->line[len - 2] != '}')
			return bad(r, "invalid JSON: the line does not end with '}'");
		err = scan_key(r, r->line, len - 1);
		if (err < 0)
			return err;
		if (err)
			goto order;
	}
	r->cur = json_loadb(r->line, len - 1, 0, &jerr);
	if (!r->cur)
		return bad(r, "invalid JSON: %s (column %d)", jerr.text, jerr.column);
	if (!json_is_object(r->cur))
		return bad(r, "not a JSON object");
	err = build_key(r, r->cur);
	if (err)
		return err;
	if (r->flags & SURFACE_READER_KEYS_ONLY) {
		json_decref(r->cur);
		r->cur = NULL;
	}
order:
	if (r->entries) {
		int c = strcmp(r->key, r->prev);
		char a[80], b[80];

		if (c <= 0)
			return bad(r, c ? "keys out of order: \"%s\" after \"%s\"" :
				   "repeated key \"%s\"%.0s",
				   show_key(a, sizeof(a), r->key), show_key(b, sizeof(b), r->prev));
	}
	r->entries++;
	*obj = r->cur;
	*key = r->key;
	return 1;
}

int surface_reader_next(struct surface_reader *r, json_t **obj, const char **key)
{
	int ret;

	*obj = NULL;
	*key = NULL;
	if (r->err)
		return r->err;
	json_decref(r->cur);
	r->cur = NULL;
	r->line_len = 0;
	if (!r->f)
		return 0;
	ret = read_entry(r, obj, key);
	if (ret < 0) {
		json_decref(r->cur);
		r->cur = NULL;
		*obj = NULL;
		*key = NULL;
		if (ret != -EBADMSG)
			set_error(&r->error, r->lineno, "%s", strerror(-ret));
		r->err = ret;
	}
	return ret;
}

const char *surface_reader_line(const struct surface_reader *r, size_t *len)
{
	*len = r->err ? 0 : r->line_len;
	return *len ? r->line : NULL;
}

/*
 * Tracks strings and nesting, so a member of that name inside "proto" or a
 * string holding the text does not count.
 */
size_t surface_member_offset(const char *s, size_t len, const char *stop)
{
	size_t slen = strlen(stop), i;
	bool in_str = false;
	int depth = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == ',' && depth == 1 && len - i > slen + 3 && s[i + 1] == '"' &&
			   !memcmp(s + i + 2, stop, slen) && s[i + 2 + slen] == '"' &&
			   s[i + 3 + slen] == ':') {
			return i;
		}
	}
	return 0;
}

int surface_reader_parse(struct surface_reader *r, const char *stop, json_t **obj)
{
	json_error_t jerr;
	size_t len = r->line_len;
	int err;

	*obj = NULL;
	if (r->err)
		return r->err;
	if (!len)
		return -EINVAL;
	if (!r->cur) {
		size_t cut = stop ? surface_member_offset(r->line, len, stop) : 0;
		char saved = 0;

		if (cut) {
			/* parse "{...members before stop}" in place, then restore */
			saved = r->line[cut];
			r->line[cut] = '}';
			len = cut + 1;
		}
		r->cur = json_loadb(r->line, len, 0, &jerr);
		if (cut)
			r->line[cut] = saved;
		if (!r->cur) {
			err = bad(r, "invalid JSON: %s (column %d)", jerr.text, jerr.column);
			goto fail;
		}
		if (!json_is_object(r->cur)) {
			err = bad(r, "not a JSON object");
			goto fail;
		}
	}
	*obj = r->cur;
	return 0;
fail:
	json_decref(r->cur);
	r->cur = NULL;
	r->err = err;
	return err;
}

unsigned long surface_reader_count(const struct surface_reader *r)
{
	return r->entries;
}

void surface_reader_close(struct surface_reader *r)
{
	if (r->f)
		fclose(r->f);
	json_decref(r->cur);
	free(r->buf);
	free(r->key);
	free(r->prev);
	memset(r, 0, sizeof(*r));
}

int surface_load_doc(const char *dir, const char *name, json_t **doc, struct surface_error *e)
{
	char path[PATH_MAX];
	json_error_t jerr;
	FILE *f = NULL;
	json_t *d = NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int err;

	*doc = NULL;
	err = join_path(path, sizeof(path), dir, name);
	if (err)
		goto fail;
	f = fopen(path, "re");
	if (!f) {
		err = -errno;
		goto fail;
	}
	/* whole, then parsed from memory: json_loadf() reads a byte per getc() */
	for (;;) {
		size_t got;

		if (len == cap) {
			char *b = cap < SIZE_MAX / 2 ? realloc(buf, cap ? cap * 2 : 65536) : NULL;

			if (!b) {
				err = -ENOMEM;
				goto fail;
			}
			buf = b;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		err = -EIO;
		goto fail;
	}
	d = json_loadb(buf, len, 0, &jerr);
	free(buf);
	buf = NULL;
	if (!d) {
		set_error(e, jerr.line > 0 ? (unsigned long)jerr.line : 0,
			  "invalid JSON: %s (column %d)", jerr.text, jerr.column);
		err = -EBADMSG;
		goto out;
	}
	if (!json_is_object(d)) {
		set_error(e, 1, "not a JSON object");
		err = -EBADMSG;
		goto out;
	}
	fclose(f);
	*doc = d;
	return 0;
fail:
	set_error(e, 0, "%s", strerror(-err));
out:
	free(buf);
	if (f)
		fclose(f);
	json_decref(d);
	return err;
}

static size_t container_size(const json_t *v)
{
	return json_is_array(v) ? json_array_size(v) : json_object_size(v);
}

json_t *surface_count_doc(const json_t *doc)
{
	json_t *res, *v;
	const char *k;
	bool nested = false;

	if (json_is_object(doc))
		json_object_foreach((json_t *)doc, k, v)
			nested |= json_is_array(v) || json_is_object(v);
	if (!nested)
		return json_integer(container_size(doc));
	res = json_object();
	json_object_foreach((json_t *)doc, k, v) {
		if ((json_is_array(v) || json_is_object(v)) && res &&
		    json_object_set_new(res, k, json_integer(container_size(v)))) {
			json_decref(res);
			res = NULL;
		}
	}
	return res;
}

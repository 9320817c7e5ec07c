// SPDX-License-Identifier: MIT
/*
 * The streaming JSON writer (util/jsonw.h). State, as bpftool's
 * json_writer.c: the depth, whether the open container already has an
 * element (a comma goes before the next one) and, for objects, whether a
 * key waits for its value. The container kinds are a bit stack.
 */
#include "util/jsonw.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE (64u << 10)

struct jsonw {
	FILE *f;
	char *buf;
	size_t len, cap;
	int err;
	unsigned int depth;
	uint64_t objects;	/* bit d-1: the container at depth d is an object */
	bool sep;		/* the open container has an element */
	bool key;		/* an object member waits for its value */
	bool done;		/* depth 0: a record ended, jsonw_newline() next */
};

static int fail(struct jsonw *w, int err)
{
	if (!w->err)
		w->err = err;
	return w->err;
}

struct jsonw *jsonw_new(FILE *f)
{
	struct jsonw *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->buf = malloc(BUF_SIZE);
	if (!w->buf) {
		free(w);
		return NULL;
	}
	w->f = f;
	w->cap = BUF_SIZE;
	return w;
}

void jsonw_free(struct jsonw *w)
{
	if (!w)
		return;
	free(w->buf);
	free(w);
}

int jsonw_err(const struct jsonw *w)
{
	return w->err;
}

/* ------------------------------------------------------------ buffer */

static int flush(struct jsonw *w)
{
	if (w->err)
		return w->err;
	errno = 0;
	if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
		return fail(w, errno ? -errno : -EIO);	/* ENOSPC stays ENOSPC */
	w->len = 0;
	return 0;
}

/* Room for @n bytes at buf + len: flush, then grow if @n is still more. */
static char *reserve_slow(struct jsonw *w, size_t n)
{
	if (flush(w))
		return NULL;
	if (n > w->cap && mem_ensure((void **)&w->buf, &w->cap, 1, n)) {
		fail(w, -ENOMEM);
		return NULL;
	}
	return w->buf;
}

static inline char *reserve(struct jsonw *w, size_t n)
{
	if (w->cap - w->len >= n)
		return w->buf + w->len;
	return reserve_slow(w, n);
}

static inline void put(struct jsonw *w, const char *s, size_t n)
{
	char *p = reserve(w, n);

	if (!p)
		return;
	memcpy(p, s, n);
	w->len += n;
}

static inline void putch(struct jsonw *w, char c)
{
	char *p = reserve(w, 1);

	if (!p)
		return;
	*p = c;
	w->len++;
}

/* ------------------------------------------------------------ strings */

/* Bytes jansson writes as they are: 0x20..0x7f but '"' and '\\'. */
static const unsigned char plain_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* 50 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 70 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 80 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 90 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* a0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* b0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* c0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* d0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* e0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* f0 */
};

static inline bool plain(unsigned char c)
{
	return plain_byte[c];
}

/*
 * Decode the UTF-8 sequence at @s (@n > 0 bytes left, s[0] >= 0x80) the
 * way jansson's utf8_check_first/full do. Returns its length, 0 if invalid.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;
	uint32_t v;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, v = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, v = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, v = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

bool jsonw_utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, len;
	uint32_t cp;

	if (!s)
		return true;
	n = strlen(str);
	while (i < n) {
		len = s[i] < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

static void put_u16(struct jsonw *w, uint32_t u)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[6] = { '\\', 'u', hex[u >> 12 & 15], hex[u >> 8 & 15],
		      hex[u >> 4 & 15], hex[u & 15] };

	put(w, e, sizeof(e));
}

static void put_escape(struct jsonw *w, uint32_t cp)
{
	static const char short_esc[0x20] = {
		['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
		['\t'] = 't',
	};
	char e[2] = { '\\', (char)cp };

	if (cp == '"' || cp == '\\') {
		put(w, e, 2);
	} else if (cp < 0x20 && short_esc[cp]) {
		e[1] = short_esc[cp];
		put(w, e, 2);
	} else if (cp < 0x10000) {
		put_u16(w, cp);
	} else {
		cp -= 0x10000;
		put_u16(w, 0xd800 | cp >> 10);
		put_u16(w, 0xdc00 | (cp & 0x3ff));
	}
}

/* "@s": the first @plain_len bytes need no escape (the caller looked). */
static void put_string(struct jsonw *w, const char *str, size_t n,
		       size_t plain_len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = plain_len, run = 0, len;
	uint32_t cp;

	putch(w, '"');
	while (i < n) {
		if (plain(s[i])) {
			i++;
			continue;
		}
		put(w, str + run, i - run);
		cp = s[i];
		len = cp < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (!len) {
			fail(w, -EILSEQ);
			return;
		}
		put_escape(w, cp);
		i += len;
		run = i;
	}
	put(w, str + run, n - run);
	putch(w, '"');
}

/* Quote @n bytes that need no escape, in one reservation. */
static void put_plain(struct jsonw *w, const char *s, size_t n)
{
	char *p = n < SIZE_MAX - 2 ? reserve(w, n + 2) : NULL;

	if (!p) {
		fail(w, -ENOMEM);
		return;
	}
	p[0] = '"';
	memcpy(p + 1, s, n);
	p[n + 1] = '"';
	w->len += n + 2;
}

/* A NUL-terminated string, scanned once when it is all plain. */
static void put_cstring(struct jsonw *w, const char *s)
{
	size_t n = 0;

	while (plain((unsigned char)s[n]))
		n++;
	if (!s[n])
		put_plain(w, s, n);
	else
		put_string(w, s, n + strlen(s + n), n);
}

/* ------------------------------------------------------------ structure */

static bool in_object(const struct jsonw *w)
{
	return w->depth && (w->objects >> (w->depth - 1) & 1);
}

/* Before any value: the comma, or the check that a key precedes it. */
static bool value_start(struct jsonw *w)
{
	if (w->err)
		return false;
	if (!w->depth) {
		if (w->done)
			return !fail(w, -EINVAL);
	} else if (in_object(w)) {
		if (!w->key)
			return !fail(w, -EINVAL);
		w->key = false;
	} else if (w->sep) {
		putch(w, ',');
	}
	return true;
}

static int value_end(struct jsonw *w)
{
	if (w->depth)
		w->sep = true;
	else
		w->done = true;
	return w->err;
}

static int open_container(struct jsonw *w, bool object, char c)
{
	if (!value_start(w))
		return w->err;
	if (w->depth == JSONW_MAX_DEPTH)
		return fail(w, -E2BIG);
	w->objects &= ~(UINT64_C(1) << w->depth);
	w->objects |= (uint64_t)object << w->depth;
	w->depth++;
	w->sep = false;
	putch(w, c);
	return w->err;
}

static int close_container(struct jsonw *w, bool object, char c)
{
	if (w->err)
		return w->err;
	if (!w->depth || in_object(w) != object || w->key)
		return fail(w, -EINVAL);
	w->depth--;
	putch(w, c);
	return value_end(w);
}

int jsonw_begin_object(struct jsonw *w)
{
	return open_container(w, true, '{');
}

int jsonw_end_object(struct jsonw *w)
{
	return close_container(w, true, '}');
}

int jsonw_begin_array(struct jsonw *w)
{
	return open_container(w, false, '[');
}

int jsonw_end_array(struct jsonw *w)
{
	return close_container(w, false, ']');
}

int jsonw_key(struct jsonw *w, const char *key)
{
	if (w->err)
		return w->err;
	if (!in_object(w) || w->key)
		return fail(w, -EINVAL);
	if (w->sep)
		putch(w, ',');
	put_cstring(w, key);
	putch(w, ':');
	w->key = true;
	return w->err;
}

int jsonw_newline(struct jsonw *w)
{
	if (w->err)
		return w->err;
	if (w->depth || !w->done)
		return fail(w, -EINVAL);
	putch(w, '\n');
	w->done = false;
	return w->err;
}

int jsonw_finish(struct jsonw *w)
{
	if (!w->err && w->depth)
		fail(w, -EINVAL);
	return flush(w);
}

/* ------------------------------------------------------------ values */

int jsonw_string(struct jsonw *w, const char *s)
{
	if (value_start(w))
		put_cstring(w, s);
	return value_end(w);
}

int jsonw_stringn(struct jsonw *w, const char *s, size_t len)
{
	size_t n = 0;

	if (value_start(w)) {
		while (n < len && plain((unsigned char)s[n]))
			n++;
		if (n == len)
			put_plain(w, s, n);
		else
			put_string(w, s, len, n);
	}
	return value_end(w);
}

/* Decimal digits of @v, ending at @lim; returns the first. */
static char *utoa(uint64_t v, char *lim)
{
	do {
		*--lim = '0' + v % 10;
		v /= 10;
	} while (v);
	return lim;
}

int jsonw_uint(struct jsonw *w, uint64_t v)
{
	char buf[24], *e = buf + sizeof(buf), *p;

	if (value_start(w)) {
		p = utoa(v, e);
		put(w, p, e - p);
	}
	return value_end(w);
}

int jsonw_int(struct jsonw *w, int64_t v)
{
	char buf[24], *e = buf + sizeof(buf), *p;

	if (value_start(w)) {
		/* negate in unsigned arithmetic: INT64_MIN has no positive */
		p = utoa(v < 0 ? -(uint64_t)v : (uint64_t)v, e);
		if (v < 0)
			*--p = '-';
		put(w, p, e - p);
	}
	return value_end(w);
}

int jsonw_bool(struct jsonw *w, bool v)
{
	if (value_start(w)) {
		if (v)
			put(w, "true", 4);
		else
			put(w, "false", 5);
	}
	return value_end(w);
}

int jsonw_null(struct jsonw *w)
{
	if (value_start(w))
		put(w, "null", 4);
	return value_end(w);
}

static const char *digits(const char *p)
{
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? (RFC 8259 §6). */
static bool number_syntax(const char *s)
{
	const char *p = s + (*s == '-'), *q;

	q = *p == '0' ? p + 1 : digits(p);
	if (q == p)
		return false;
	if (*q == '.') {
		p = q + 1;
		q = digits(p);
		if (q == p)
			return false;
	}
	if (*q == 'e' || *q == 'E') {
		p = q + 1;
		p += *p == '+' || *p == '-';
		q = digits(p);
		if (q == p)
			return false;
	}
	return !*q;
}

int jsonw_raw_number(struct jsonw *w, const char *num)
{
	if (w->err)
		return w->err;
	if (!number_syntax(num))
		return fail(w, -EINVAL);
	if (value_start(w))
		put(w, num, strlen(num));
	return value_end(w);
}

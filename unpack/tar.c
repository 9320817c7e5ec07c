// SPDX-License-Identifier: MIT
#include "unpack/tar.h"
#include "unpack/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Field offsets of a header block (POSIX ustar; GNU reuses the prefix area). */
#define TH_NAME		0
#define TH_NAME_LEN	100
#define TH_SIZE		124
#define TH_SIZE_LEN	12
#define TH_CHKSUM	148
#define TH_CHKSUM_LEN	8
#define TH_TYPE		156
#define TH_LINK		157
#define TH_LINK_LEN	100
#define TH_MAGIC	257
#define TH_PREFIX	345
#define TH_PREFIX_LEN	155

static uint64_t tar_pad(uint64_t size)
{
	return (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
}

int tar_parse_num(const unsigned char *f, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n && (f[0] & 0x80)) {	/* GNU base-256, big-endian */
		if (f[0] & 0x40)	/* negative */
			return -UNPACK_ERRNO__TARHDR;
		v = f[0] & 0x3f;
		for (i = 1; i < n; i++) {
			if (v >> 56)
				return -UNPACK_ERRNO__TARHDR;
			v = v << 8 | f[i];
		}
	} else {
		while (i < n && f[i] == ' ')
			i++;
		for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
			if (v >> 61)
				return -UNPACK_ERRNO__TARHDR;
			v = v << 3 | (f[i] - '0');
		}
		if (i < n && f[i] != ' ' && f[i] != '\0')
			return -UNPACK_ERRNO__TARHDR;
	}
	if (v > INT64_MAX)
		return -UNPACK_ERRNO__TARHDR;
	*out = v;
	return 0;
}

static void copy_field(char *dst, const unsigned char *f, size_t n)
{
	size_t len = strnlen((const char *)f, n);

	memcpy(dst, f, len);
	dst[len] = '\0';
}

int tar_parse_header(const unsigned char blk[TAR_BLOCK], struct tar_hdr *h)
{
	uint64_t want, usum = 0;
	int64_t ssum = 0;
	size_t i, n;
	int err;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < TAR_BLOCK && !blk[i]; i++)
		;
	if (i == TAR_BLOCK)
		return 1;
	/* checksum: all bytes with the checksum field read as blanks;
	 * some old writers summed signed chars, accept both */
	if (tar_parse_num(blk + TH_CHKSUM, TH_CHKSUM_LEN, &want))
		return -UNPACK_ERRNO__TARSUM;
	for (i = 0; i < TAR_BLOCK; i++) {
		unsigned char c = i >= TH_CHKSUM && i < TH_CHKSUM + TH_CHKSUM_LEN ?
				  ' ' : blk[i];

		usum += c;
		ssum += (signed char)c;
	}
	if (want != usum && (int64_t)want != ssum)
		return -UNPACK_ERRNO__TARSUM;

	err = tar_parse_num(blk + TH_SIZE, TH_SIZE_LEN, &h->size);
	if (err)
		return err;
	h->type = blk[TH_TYPE] ? (char)blk[TH_TYPE] : '0';
	copy_field(h->linkname, blk + TH_LINK, TH_LINK_LEN);
	/* POSIX ustar ("ustar\0" "00") splits long names into prefix "/" name;
	 * GNU ("ustar  \0") keeps times in that area, v7 has none */
	n = 0;
	if (!memcmp(blk + TH_MAGIC, "ustar\0", 6) && blk[TH_PREFIX]) {
		copy_field(h->name, blk + TH_PREFIX, TH_PREFIX_LEN);
		n = strlen(h->name);
		h->name[n++] = '/';
	}
	copy_field(h->name + n, blk + TH_NAME, TH_NAME_LEN);
	return 0;
}

static int pax_set(char **dst, const char *val, size_t len)
{
	free(*dst);
	*dst = NULL;
	if (!len)	/* an empty value deletes the attribute */
		return 0;
	*dst = strndup(val, len);
	return *dst ? 0 : -ENOMEM;
}

static int pax_size(struct tar_pax *pax, const char *val, size_t len)
{
	uint64_t v = 0;
	size_t i;

	pax->has_size = false;
	if (!len)
		return 0;
	for (i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9' || v > (INT64_MAX - 9) / 10)
			return -UNPACK_ERRNO__TAREXT;
		v = v * 10 + (val[i] - '0');
	}
	pax->size = v;
	pax->has_size = true;
	return 0;
}

int tar_parse_pax(const char *buf, size_t len, struct tar_pax *pax)
{
	const char *key, *eq, *val;
	size_t i, rec, klen, vlen;
	int err;

	while (len && buf[0]) {	/* tolerate NUL padding after the records */
		/* "LEN key=value\n", LEN counting the whole record */
		for (i = 0, rec = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
			rec = rec * 10 + (buf[i] - '0');
			if (rec > len)
				return -UNPACK_ERRNO__TAREXT;
		}
		if (!i || i >= len || buf[i] != ' ' || rec < i + 3 || rec > len ||
		    buf[rec - 1] != '\n')
			return -UNPACK_ERRNO__TAREXT;
		key = buf + i + 1;
		eq = memchr(key, '=', buf + rec - 1 - key);
		if (!eq || eq == key)
			return -UNPACK_ERRNO__TAREXT;
		klen = eq - key;
		val = eq + 1;
		vlen = buf + rec - 1 - val;
		err = 0;
		if (klen == 4 && !memcmp(key, "path", 4))
			err = pax_set(&pax->path, val, vlen);
		else if (klen == 8 && !memcmp(key, "linkpath", 8))
			err = pax_set(&pax->linkpath, val, vlen);
		else if (klen == 4 && !memcmp(key, "size", 4))
			err = pax_size(pax, val, vlen);
		if (err)
			return err;
		buf += rec;
		len -= rec;
	}
	return 0;
}

void tar_pax_clear(struct tar_pax *pax)
{
	free(pax->path);
	free(pax->linkpath);
	memset(pax, 0, sizeof(*pax));
}

int tar_open(struct tar_reader *t, tar_read_fn read, void *ctx, size_t bufsize)
{
	memset(t, 0, sizeof(*t));
	t->read = read;
	t->ctx = ctx;
	t->cap = bufsize < 2 * TAR_BLOCK ? 2 * TAR_BLOCK : bufsize;
	t->buf = malloc(t->cap);
	return t->buf ? 0 : -ENOMEM;
}

static void tar_forget_entry(struct tar_reader *t)
{
	tar_pax_clear(&t->local);
	free(t->longname);
	free(t->longlink);
	t->longname = NULL;
	t->longlink = NULL;
}

void tar_close(struct tar_reader *t)
{
	tar_forget_entry(t);
	tar_pax_clear(&t->global);
	free(t->buf);
	t->buf = NULL;
}

static void tar_consume(struct tar_reader *t, size_t n)
{
	t->pos += n;
	t->off += n;
}

/* Make @n (<= a block) bytes available. Returns how many are (fewer at the end) or -err. */
static ssize_t tar_want(struct tar_reader *t, size_t n)
{
	ssize_t r;

	while (t->len - t->pos < n && !t->eof) {
		if (t->pos) {
			memmove(t->buf, t->buf + t->pos, t->len - t->pos);
			t->len -= t->pos;
			t->pos = 0;
		}
		r = t->read(t->ctx, t->buf + t->len, t->cap - t->len);
		if (r < 0)
			return r;
		if (!r)
			t->eof = true;
		t->len += r;
	}
	return t->len - t->pos < n ? t->len - t->pos : n;
}

/* Refill an exhausted buffer with as much as the source gives. */
static int tar_refill(struct tar_reader *t)
{
	ssize_t r;

	if (t->eof)
		return -UNPACK_ERRNO__TARTRUNC;
	t->pos = t->len = 0;
	r = t->read(t->ctx, t->buf, t->cap);
	if (r < 0)
		return r;
	if (!r) {
		t->eof = true;
		return -UNPACK_ERRNO__TARTRUNC;
	}
	t->len = r;
	return 0;
}

static int tar_skip(struct tar_reader *t, uint64_t n)
{
	size_t k;
	int err;

	while (n) {
		if (t->pos == t->len) {
			err = tar_refill(t);
			if (err)
				return err;
		}
		k = t->len - t->pos;
		if (k > n)
			k = n;
		tar_consume(t, k);
		n -= k;
	}
	return 0;
}

ssize_t tar_data(struct tar_reader *t, const void **p)
{
	size_t n;
	int err;

	if (!t->data_left)
		return 0;
	if (t->pos == t->len) {
		err = tar_refill(t);
		if (err)
			return err;
	}
	n = t->len - t->pos;
	if (n > t->data_left)
		n = t->data_left;
	*p = t->buf + t->pos;
	tar_consume(t, n);
	t->data_left -= n;
	return n;
}

/* Read the data of a long-name or pax entry (NUL-terminated) into *out. */
static int tar_read_meta(struct tar_reader *t, uint64_t size, char **out, size_t *outlen)
{
	const void *p;
	size_t got = 0;
	ssize_t n;
	char *txt;
	int err;

	*out = NULL;
	if (size > TAR_META_MAX)
		return -UNPACK_ERRNO__TAREXT;
	txt = malloc(size + 1);
	if (!txt)
		return -ENOMEM;
	t->data_left = size;
	t->pad_left = tar_pad(size);
	while ((n = tar_data(t, &p)) > 0) {
		memcpy(txt + got, p, n);
		got += n;
	}
	err = n < 0 ? (int)n : tar_skip(t, t->pad_left);
	t->pad_left = 0;
	if (err) {
		free(txt);
		return err;
	}
	txt[got] = '\0';
	*out = txt;
	*outlen = got;
	return 0;
}

/* Handle a 'L', 'K', 'x' or 'g' entry (its header already consumed). */
static int tar_meta(struct tar_reader *t, char type, uint64_t size)
{
	char *txt, **dst;
	size_t len;
	int err;

	err = tar_read_meta(t, size, &txt, &len);
	if (err)
		return err;
	switch (type) {
	case 'L':
	case 'K':
		dst = type == 'L' ? &t->longname : &t->longlink;
		free(*dst);
		*dst = txt;	/* NUL-terminated within its data */
		return 0;
	default:
		err = tar_parse_pax(txt, len, type == 'x' ? &t->local : &t->global);
		free(txt);
		return err;
	}
}

static const char *first(const char *a, const char *b, const char *c, const char *d)
{
	return a ? a : b ? b : c ? c : d;
}

int tar_next(struct tar_reader *t, struct tar_entry *e)
{
	struct tar_hdr *h = &t->hdr;
	uint64_t start, hoff, size;
	ssize_t n;
	int err;

	err = tar_skip(t, t->data_left + t->pad_left);
	if (err)
		return err;
	t->data_left = t->pad_left = 0;
	tar_forget_entry(t);
	start = t->off;
	for (;;) {
		hoff = t->off;
		n = tar_want(t, TAR_BLOCK);
		if (n < 0)
			return n;
		if (n == 0 && hoff == start)
			return 0;	/* stream ends between entries */
		t->err_off = hoff;
		if (n < TAR_BLOCK)
			return -UNPACK_ERRNO__TARTRUNC;
		err = tar_parse_header(t->buf + t->pos, h);
		if (err < 0)
			return err;
		if (err == 1)
			return 0;	/* zero block: end of archive */
		tar_consume(t, TAR_BLOCK);
		if (strchr("LKxg", h->type)) {
			err = tar_meta(t, h->type, h->size);
			if (err) {
				t->err_off = hoff;
				return err;
			}
			continue;
		}
		size = t->local.has_size ? t->local.size :
		       t->global.has_size ? t->global.size : h->size;
		e->name = first(t->local.path, t->longname, t->global.path, h->name);
		e->linkname = first(t->local.linkpath, t->longlink,
				    t->global.linkpath, h->linkname);
		e->size = size;
		e->offset = start;
		e->type = h->type;
		/* links, devices, directories and fifos carry no data blocks */
		if (!strchr("23456", h->type)) {
			t->data_left = size;
			t->pad_left = tar_pad(size);
		}
		return 1;
	}
}

// SPDX-License-Identifier: MIT
#include "unpack/decomp.h"
#include "unpack/err.h"

#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

struct decomp_ops {
	const char *suffix;	/* after "data.tar" */
	const char *name;
	int (*init)(struct decomp *d);
	ssize_t (*read)(struct decomp *d, unsigned char *buf, size_t len);
	void (*end)(struct decomp *d);
};

struct decomp {
	const struct decomp_ops *ops;
	decomp_src_fn src;
	void *src_ctx;
	unsigned threads;
	bool in_eof;	/* the source said 0 */
	bool done;	/* stream end seen */
	char msg[96];
	union {
		lzma_stream lz;
		struct {
			ZSTD_DStream *ds;
			ZSTD_inBuffer in;
			size_t hint;	/* last return: 0 = frame complete */
		} zs;
		z_stream z;
		struct {
			const unsigned char *p;
			size_t n;
		} raw;
	} u;
};

static int decomp_fail(struct decomp *d, const char *what, const char *code)
{
	snprintf(d->msg, sizeof(d->msg), "%s: %s (%s)", d->ops->name, what, code);
	return -UNPACK_ERRNO__DECOMP;
}

/* Next input chunk; sets in_eof at the end. Returns its length or -err. */
static ssize_t decomp_pull(struct decomp *d, const unsigned char **p)
{
	const void *q = NULL;
	ssize_t n;

	if (d->in_eof)
		return 0;
	n = d->src(d->src_ctx, &q);
	if (n == 0)
		d->in_eof = true;
	*p = q;
	return n;
}

/* ---------------------------------------------------------------- xz, lzma */

/*
 * Decoder memory limit: the dictionary size is a header field, up to 4 GiB
 * in .lzma and 1.5 GiB in .xz, allocated before any data is checked. xz -9
 * (what dpkg-deb uses at most) needs 65 MiB; 1 GiB refuses only crafted or
 * corrupt headers (LZMA_MEMLIMIT_ERROR) instead of a 4 GiB malloc.
 */
#define DECOMP_LZMA_MEMLIMIT	((uint64_t)1 << 30)

static int lzma_fail(struct decomp *d, lzma_ret ret)
{
	char what[32];

	switch (ret) {
	case LZMA_MEM_ERROR:
		return -ENOMEM;
	case LZMA_FORMAT_ERROR:
		snprintf(what, sizeof(what), "not %s data", d->ops->name);
		return decomp_fail(d, what, "LZMA_FORMAT_ERROR");
	case LZMA_OPTIONS_ERROR:
		return decomp_fail(d, "unsupported options", "LZMA_OPTIONS_ERROR");
	case LZMA_DATA_ERROR:
		return decomp_fail(d, "corrupt data", "LZMA_DATA_ERROR");
	case LZMA_BUF_ERROR:
		return decomp_fail(d, "truncated data", "LZMA_BUF_ERROR");
	case LZMA_MEMLIMIT_ERROR:
		return decomp_fail(d, "memory limit reached", "LZMA_MEMLIMIT_ERROR");
	default:
		return decomp_fail(d, "internal error", "LZMA_PROG_ERROR");
	}
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static int xz_init(struct decomp *d)
{
	lzma_mt mt = { 0 };
	uint64_t mem = lzma_physmem();
	lzma_ret ret;

	d->u.lz = (lzma_stream)LZMA_STREAM_INIT;
	mt.threads = d->threads ? d->threads : online_cpus();
	/*
	 * Above this the decoder drops to one thread instead of failing (as
	 * xz(1) does by default): a quarter of RAM, 1 GiB when unknown.
	 */
	mt.memlimit_threading = mem ? mem / 4 : (uint64_t)1 << 30;
	mt.memlimit_stop = DECOMP_LZMA_MEMLIMIT;
	mt.flags = LZMA_CONCATENATED;	/* like xz(1): streams one after another */
	ret = lzma_stream_decoder_mt(&d->u.lz, &mt);
	return ret == LZMA_OK ? 0 : lzma_fail(d, ret);
}

static int lzma_alone_init(struct decomp *d)
{
	lzma_ret ret;

	d->u.lz = (lzma_stream)LZMA_STREAM_INIT;
	ret = lzma_alone_decoder(&d->u.lz, DECOMP_LZMA_MEMLIMIT);
	return ret == LZMA_OK ? 0 : lzma_fail(d, ret);
}

static ssize_t xz_read(struct decomp *d, unsigned char *buf, size_t len)
{
	lzma_stream *s = &d->u.lz;
	const unsigned char *p;
	lzma_ret ret;
	ssize_t n;

	s->next_out = buf;
	s->avail_out = len;
	while (s->avail_out) {
		if (!s->avail_in && !d->in_eof) {
			n = decomp_pull(d, &p);
			if (n < 0)
				return n;
			s->next_in = p;
			s->avail_in = n;
		}
		ret = lzma_code(s, d->in_eof ? LZMA_FINISH : LZMA_RUN);
		if (ret == LZMA_STREAM_END) {
			d->done = true;
			break;
		}
		if (ret != LZMA_OK)
			return lzma_fail(d, ret);
	}
	return len - s->avail_out;
}

static void xz_end(struct decomp *d)
{
	lzma_end(&d->u.lz);
}

/* ---------------------------------------------------------------- zstd */

static int zstd_init(struct decomp *d)
{
	size_t r;

	d->u.zs.ds = ZSTD_createDStream();
	if (!d->u.zs.ds)
		return -ENOMEM;
	r = ZSTD_initDStream(d->u.zs.ds);
	if (ZSTD_isError(r))
		return decomp_fail(d, "cannot start decoder", ZSTD_getErrorName(r));
	d->u.zs.hint = 1;
	return 0;
}

static ssize_t zstd_read(struct decomp *d, unsigned char *buf, size_t len)
{
	ZSTD_outBuffer out = { buf, len, 0 };
	ZSTD_inBuffer *in = &d->u.zs.in;
	const unsigned char *p;
	size_t r, before;
	ssize_t n;

	while (out.pos < out.size) {
		if (in->pos == in->size && !d->in_eof) {
			n = decomp_pull(d, &p);
			if (n < 0)
				return n;
			in->src = p;
			in->size = n;
			in->pos = 0;
		}
		/* input done and the last frame complete and flushed */
		if (d->in_eof && in->pos == in->size && !d->u.zs.hint) {
			d->done = true;
			break;
		}
		before = out.pos;
		r = ZSTD_decompressStream(d->u.zs.ds, &out, in);
		if (ZSTD_isError(r))
			return decomp_fail(d, "corrupt data", ZSTD_getErrorName(r));
		d->u.zs.hint = r;
		if (d->in_eof && in->pos == in->size && r && out.pos == before)
			return decomp_fail(d, "truncated data",
					   "frame incomplete at end of input");
	}
	return out.pos;
}

static void zstd_end(struct decomp *d)
{
	ZSTD_freeDStream(d->u.zs.ds);
}

/* ---------------------------------------------------------------- gzip */

static const char *zlib_code(int ret)
{
	switch (ret) {
	case Z_DATA_ERROR: return "Z_DATA_ERROR";
	case Z_STREAM_ERROR: return "Z_STREAM_ERROR";
	case Z_NEED_DICT: return "Z_NEED_DICT";
	case Z_BUF_ERROR: return "Z_BUF_ERROR";
	case Z_VERSION_ERROR: return "Z_VERSION_ERROR";
	default: return "zlib error";
	}
}

static int gz_init(struct decomp *d)
{
	int ret;

	memset(&d->u.z, 0, sizeof(d->u.z));
	ret = inflateInit2(&d->u.z, 15 + 16);	/* gzip wrapper only */
	if (ret == Z_MEM_ERROR)
		return -ENOMEM;
	return ret == Z_OK ? 0 : decomp_fail(d, "cannot start decoder", zlib_code(ret));
}

static ssize_t gz_read(struct decomp *d, unsigned char *buf, size_t len)
{
	z_stream *z = &d->u.z;
	const unsigned char *p;
	ssize_t n;
	int ret;

	z->next_out = buf;
	z->avail_out = len > UINT_MAX ? UINT_MAX : len;
	len = z->avail_out;
	while (z->avail_out) {
		if (!z->avail_in && !d->in_eof) {
			n = decomp_pull(d, &p);
			if (n < 0)
				return n;
			z->next_in = (unsigned char *)p;
			z->avail_in = n;
		}
		ret = inflate(z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END) {
			d->done = true;
			break;
		}
		if (ret == Z_BUF_ERROR && !z->avail_in && d->in_eof)
			return decomp_fail(d, "truncated data", "Z_BUF_ERROR");
		if (ret == Z_MEM_ERROR)
			return -ENOMEM;
		if (ret == Z_DATA_ERROR)
			return decomp_fail(d, "corrupt data", z->msg ? z->msg : "Z_DATA_ERROR");
		if (ret != Z_OK && ret != Z_BUF_ERROR)
			return decomp_fail(d, "corrupt data", zlib_code(ret));
	}
	return len - z->avail_out;
}

static void gz_end(struct decomp *d)
{
	inflateEnd(&d->u.z);
}

/* ---------------------------------------------------------------- none */

static int raw_init(struct decomp *d)
{
	(void)d;
	return 0;
}

static ssize_t raw_read(struct decomp *d, unsigned char *buf, size_t len)
{
	size_t got = 0, n;
	ssize_t r;

	while (got < len) {
		if (!d->u.raw.n) {
			r = decomp_pull(d, &d->u.raw.p);
			if (r < 0)
				return r;
			if (!r) {
				d->done = true;
				break;
			}
			d->u.raw.n = r;
		}
		n = d->u.raw.n < len - got ? d->u.raw.n : len - got;
		memcpy(buf + got, d->u.raw.p, n);
		d->u.raw.p += n;
		d->u.raw.n -= n;
		got += n;
	}
	return got;
}

static void raw_end(struct decomp *d)
{
	(void)d;
}

/* ---------------------------------------------------------------- table */

static const struct decomp_ops decomp_table[] = {
	{ ".xz",   "xz",   xz_init,         xz_read,   xz_end },
	{ ".zst",  "zstd", zstd_init,       zstd_read, zstd_end },
	{ ".gz",   "gzip", gz_init,         gz_read,   gz_end },
	{ ".lzma", "lzma", lzma_alone_init, xz_read,   xz_end },
	{ "",      "none", raw_init,        raw_read,  raw_end },
};

static const struct decomp_ops *decomp_find(const char *member)
{
	size_t i;

	if (strncmp(member, "data.tar", 8))
		return NULL;
	for (i = 0; i < sizeof(decomp_table) / sizeof(decomp_table[0]); i++)
		if (!strcmp(member + 8, decomp_table[i].suffix))
			return &decomp_table[i];
	return NULL;
}

int decomp_supported(const char *member)
{
	return decomp_find(member) != NULL;
}

int decomp_open(struct decomp **out, const char *member, unsigned threads,
		decomp_src_fn src, void *src_ctx)
{
	const struct decomp_ops *ops = decomp_find(member);
	struct decomp *d;
	int err;

	*out = NULL;
	if (!ops)
		return -UNPACK_ERRNO__COMPR;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->ops = ops;
	d->src = src;
	d->src_ctx = src_ctx;
	d->threads = threads;
	/* on failure d stays out for decomp_strerror; every end() copes with a half-started decoder */
	*out = d;
	err = ops->init(d);
	if (err)
		return err;
	return 0;
}

ssize_t decomp_read(struct decomp *d, void *buf, size_t len)
{
	if (d->done || !len)
		return 0;
	return d->ops->read(d, buf, len);
}

const char *decomp_name(const struct decomp *d)
{
	return d->ops->name;
}

const char *decomp_strerror(const struct decomp *d)
{
	return d->msg[0] ? d->msg : "decoder error";
}

void decomp_free(struct decomp *d)
{
	if (!d)
		return;
	d->ops->end(d);
	free(d);
}

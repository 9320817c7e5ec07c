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
#include <zstd_errors.h>

/*
 * Memory limits. The headers name the dictionary (xz, lzma) or window (zstd)
 * the decoder allocates before it reads any data, so a few hostile bytes
 * could ask for 4 GiB. Debian's data.tar.xz is xz -6 (--lzma2=dict=8MiB);
 * the limits are the largest sizes the stock presets write: xz -9 (64 MiB)
 * and zstd --ultra -22 or --long (window log 27, 128 MiB, which is also
 * libzstd's default limit, set here explicitly).
 */
#define DICT_MAX_MIB 64
#define DICT_MAX ((uint64_t)DICT_MAX_MIB << 20)
#define ZSTD_WINDOWLOG_MAX 27
#define ZSTD_LIMIT_MIB "128"	/* 1 << ZSTD_WINDOWLOG_MAX, for messages */
/* what one LZMA decoder needs beyond its dictionary (liblzma: ~30 KiB) */
#define LZMA_SLACK ((uint64_t)1 << 20)

struct decomp_ops {
	const char *suffix;	/* after "data.tar" */
	const char *name;
	int (*init)(struct decomp *d);
	/* the first input chunk, before the decoder sees it: 0 or -err */
	int (*check)(struct decomp *d, const unsigned char *p, size_t n);
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
	bool checked;	/* ops->check ran on the first chunk */
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

static uint64_t mib_up(uint64_t bytes)
{
	return (bytes >> 20) + !!(bytes & (((uint64_t)1 << 20) - 1));
}

/* "xz dictionary of 1536 MiB exceeds the limit of 64 MiB" */
static int decomp_too_big(struct decomp *d, const char *what, uint64_t size,
			  uint64_t limit)
{
	snprintf(d->msg, sizeof(d->msg), "%s %s of %llu MiB exceeds the limit of %llu MiB",
		 d->ops->name, what, (unsigned long long)mib_up(size),
		 (unsigned long long)mib_up(limit));
	return -UNPACK_ERRNO__DECOMP;
}

/*
 * Next input chunk; sets in_eof at the end. Returns its length or -err.
 * The first chunk goes through ops->check (the headers' sizes).
 */
static ssize_t decomp_pull(struct decomp *d, const unsigned char **p)
{
	const void *q = NULL;
	ssize_t n;
	int err;

	if (d->in_eof)
		return 0;
	n = d->src(d->src_ctx, &q);
	if (n == 0)
		d->in_eof = true;
	*p = q;
	if (n > 0 && !d->checked) {
		d->checked = true;
		err = d->ops->check ? d->ops->check(d, q, (size_t)n) : 0;
		if (err)
			return err;
	}
	return n;
}

/* ---------------------------------------------------------------- xz, lzma */

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
		/* a later block than the first (xz_check saw that one) */
		snprintf(what, sizeof(what), "dictionary over %u MiB", DICT_MAX_MIB);
		return decomp_fail(d, what, "LZMA_MEMLIMIT_ERROR");
	default:
		return decomp_fail(d, "internal error", "LZMA_PROG_ERROR");
	}
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* The LZMA2 dictionary size of properties byte @b (xz file format 5.3.1). */
static uint64_t lzma2_dict(unsigned char b)
{
	return b >= 40 ? UINT32_MAX : (uint64_t)(2 | (b & 1)) << (b / 2 + 11);
}

/* A multibyte integer (xz file format 1.2) at *@p, below @end. */
static bool xz_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	unsigned i;

	*v = 0;
	for (i = 0; i < 9 && *p < end; i++) {
		unsigned char b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return true;
	}
	return false;
}

/*
 * The dictionary of the first block: its header follows the 12-byte stream
 * header. Only the sizes are read here; liblzma checks everything else
 * (and the memory limit catches a larger dictionary in a later block).
 */
static int xz_check(struct decomp *d, const unsigned char *p, size_t n)
{
	const unsigned char *q, *end;
	unsigned i, flags, nr_filters;
	uint64_t id, psize;

	if (n < 14 || memcmp(p, "\xfd" "7zXZ", 6) || !p[12])
		return 0;	/* not xz, or no block: liblzma says so */
	end = p + 12 + (p[12] + 1) * 4u;
	if (end > p + n)
		end = p + n;
	q = p + 13;
	flags = *q++;
	nr_filters = (flags & 3) + 1;
	if (flags & 0x3c)
		return 0;	/* reserved bits: LZMA_OPTIONS_ERROR later */
	/* the compressed and uncompressed sizes, when present */
	if ((flags & 0x40 && !xz_varint(&q, end, &id)) ||
	    (flags & 0x80 && !xz_varint(&q, end, &id)))
		return 0;
	for (i = 0; i < nr_filters; i++) {
		if (!xz_varint(&q, end, &id) || !xz_varint(&q, end, &psize) ||
		    psize > (uint64_t)(end - q))
			return 0;
		if (id == LZMA_FILTER_LZMA2 && psize == 1 && lzma2_dict(*q) > DICT_MAX)
			return decomp_too_big(d, "dictionary", lzma2_dict(*q), DICT_MAX);
		q += psize;
	}
	return 0;
}

/* The 13-byte .lzma header: properties, dictionary size (LE32), size. */
static int lzma_alone_check(struct decomp *d, const unsigned char *p, size_t n)
{
	uint64_t dict;

	if (n < 5)
		return 0;
	dict = p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16 | (uint64_t)p[4] << 24;
	return dict > DICT_MAX ? decomp_too_big(d, "dictionary", dict, DICT_MAX) : 0;
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
	 * liblzma caps memlimit_threading by memlimit_stop, so the stop is
	 * the same (never below one thread of the largest dictionary);
	 * xz_check() holds the first block to DICT_MAX exactly.
	 */
	mt.memlimit_threading = mem ? mem / 4 : (uint64_t)1 << 30;
	if (mt.memlimit_threading < DICT_MAX + LZMA_SLACK)
		mt.memlimit_threading = DICT_MAX + LZMA_SLACK;
	mt.memlimit_stop = mt.memlimit_threading;
	mt.flags = LZMA_CONCATENATED;	/* like xz(1): streams one after another */
	ret = lzma_stream_decoder_mt(&d->u.lz, &mt);
	return ret == LZMA_OK ? 0 : lzma_fail(d, ret);
}

static int lzma_alone_init(struct decomp *d)
{
	lzma_ret ret;

	d->u.lz = (lzma_stream)LZMA_STREAM_INIT;
	ret = lzma_alone_decoder(&d->u.lz, DICT_MAX + LZMA_SLACK);
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
	if (!ZSTD_isError(r))
		r = ZSTD_DCtx_setParameter(d->u.zs.ds, ZSTD_d_windowLogMax, ZSTD_WINDOWLOG_MAX);
	if (ZSTD_isError(r))
		return decomp_fail(d, "cannot start decoder", ZSTD_getErrorName(r));
	d->u.zs.hint = 1;
	return 0;
}

/*
 * The window of the first frame (zstd format, RFC 8878 3.1.1.1): from the
 * window descriptor, or the content size of a single-segment frame.
 */
static int zstd_check(struct decomp *d, const unsigned char *p, size_t n)
{
	static const unsigned char did_size[4] = { 0, 1, 2, 4 };
	static const unsigned char fcs_size[4] = { 0, 2, 4, 8 };
	uint64_t win = 0, limit = (uint64_t)1 << ZSTD_WINDOWLOG_MAX;
	unsigned fhd, i, len;

	if (n < 6 || memcmp(p, "\x28\xb5\x2f\xfd", 4))
		return 0;	/* skippable frame or not zstd: libzstd says so */
	fhd = p[4];
	if (!(fhd & 0x20)) {
		unsigned e = p[5] >> 3, m = p[5] & 7;
		uint64_t base = (uint64_t)1 << (10 + e);

		win = base + base / 8 * m;
	} else {
		const unsigned char *f = p + 5 + did_size[fhd & 3];

		len = fhd >> 6 ? fcs_size[fhd >> 6] : 1;
		if ((size_t)(f - p) + len > n)
			return 0;
		for (i = 0; i < len; i++)
			win |= (uint64_t)f[i] << (8 * i);
		if (len == 2)
			win += 256;
	}
	return win > limit ? decomp_too_big(d, "window", win, limit) : 0;
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
		if (ZSTD_isError(r) &&
		    ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
			return decomp_fail(d, "window over " ZSTD_LIMIT_MIB " MiB",
					   ZSTD_getErrorName(r));
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
			/* members one after another (RFC 1952 2.2), as gzip -d reads them */
			if (!z->avail_in && !d->in_eof) {
				n = decomp_pull(d, &p);
				if (n < 0)
					return n;
				z->next_in = (unsigned char *)p;
				z->avail_in = n;
			}
			if (!z->avail_in && d->in_eof) {
				d->done = true;
				break;
			}
			ret = inflateReset(z);
			if (ret != Z_OK)
				return decomp_fail(d, "internal error", zlib_code(ret));
			continue;
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
	{ ".xz",   "xz",   xz_init,         xz_check,         xz_read,   xz_end },
	{ ".zst",  "zstd", zstd_init,       zstd_check,       zstd_read, zstd_end },
	{ ".gz",   "gzip", gz_init,         NULL,             gz_read,   gz_end },
	{ ".lzma", "lzma", lzma_alone_init, lzma_alone_check, xz_read,   xz_end },
	{ "",      "none", raw_init,        NULL,             raw_read,  raw_end },
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

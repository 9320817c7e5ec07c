// SPDX-License-Identifier: MIT
#include "release/tarw.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define BLOCK 512
#define IN_BUF (1u << 20)
/* the largest size the 11 octal digits of a ustar header hold */
#define USTAR_SIZE_MAX 077777777777ULL
#define TARW_WINDOW_LOG 27

struct tarw {
	ZSTD_CCtx *cctx;
	FILE *f;
	uint64_t mtime;
	unsigned char *in;	/* tar bytes not yet handed to zstd */
	size_t in_len;
	unsigned char *out;
	size_t out_cap;
	struct sha256 sum;	/* of the compressed bytes */
	uint64_t out_bytes;
	unsigned char *rbuf;	/* file reads */
	int err;		/* sticky */
};

int tarw_open(struct tarw **out, FILE *f, int level, unsigned workers, uint64_t mtime)
{
	struct tarw *w = calloc(1, sizeof(*w));
	size_t r;
	int err;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->f = f;
	w->mtime = mtime;
	w->out_cap = ZSTD_CStreamOutSize();
	w->cctx = ZSTD_createCCtx();
	w->in = malloc(IN_BUF);
	w->out = malloc(w->out_cap);
	w->rbuf = malloc(IN_BUF);
	if (!w->cctx || !w->in || !w->out || !w->rbuf) {
		err = -ENOMEM;
		goto fail;
	}
	err = sha256_init(&w->sum);
	if (err)
		goto fail;
	r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, level);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1);
	/*
	 * Long-distance matching over a 128 MiB window: the images' surfaces
	 * repeat each other (11% smaller on two funcs.jsonl at level 9, no
	 * slower). 27 is the largest window decoders accept by default
	 * (zstd -d, tar --zstd, unpack/decomp.c). Jobs of one window keep
	 * memory near workers x 2 windows; fixed, so the bytes are too.
	 */
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_windowLog, TARW_WINDOW_LOG);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_enableLongDistanceMatching, 1);
	/* a libzstd built without threads refuses workers: then that is the error */
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_nbWorkers, (int)(workers ? workers : 1));
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_jobSize, 1 << TARW_WINDOW_LOG);
	if (ZSTD_isError(r) || level < 1 || level > ZSTD_maxCLevel()) {
		err = -EINVAL;
		goto fail;
	}
	*out = w;
	return 0;
fail:
	tarw_free(w);
	return err;
}

void tarw_free(struct tarw *w)
{
	if (!w)
		return;
	ZSTD_freeCCtx(w->cctx);
	sha256_free(&w->sum);
	free(w->in);
	free(w->out);
	free(w->rbuf);
	free(w);
}

/* Compress w->in (all of it) with @op; ZSTD_e_end also ends the frame. */
static int tarw_compress(struct tarw *w, ZSTD_EndDirective op)
{
	ZSTD_inBuffer in = { w->in, w->in_len, 0 };
	size_t left;

	do {
		ZSTD_outBuffer o = { w->out, w->out_cap, 0 };

		left = ZSTD_compressStream2(w->cctx, &o, &in, op);
		if (ZSTD_isError(left))
			return -EIO;
		if (o.pos && fwrite(w->out, 1, o.pos, w->f) != o.pos)
			return errno ? -errno : -EIO;
		if (sha256_update(&w->sum, w->out, o.pos))
			return -EIO;
		w->out_bytes += o.pos;
	} while (op == ZSTD_e_end ? left != 0 : in.pos < in.size);
	w->in_len = 0;
	return 0;
}

/* Append tar bytes. */
static int tarw_put(struct tarw *w, const void *p, size_t len)
{
	const unsigned char *q = p;
	size_t n;

	while (!w->err && len) {
		n = IN_BUF - w->in_len < len ? IN_BUF - w->in_len : len;
		memcpy(w->in + w->in_len, q, n);
		w->in_len += n;
		q += n;
		len -= n;
		if (w->in_len == IN_BUF)
			w->err = tarw_compress(w, ZSTD_e_continue);
	}
	return w->err;
}

static int tarw_pad(struct tarw *w, uint64_t size)
{
	static const unsigned char zeros[BLOCK];
	size_t pad = (BLOCK - size % BLOCK) % BLOCK;

	return pad ? tarw_put(w, zeros, pad) : w->err;
}

/* @v in octal, right-aligned in @n - 1 digits and a NUL. */
static void octal(char *field, size_t n, uint64_t v)
{
	size_t i = n - 1;

	field[i] = 0;
	while (i--) {
		field[i] = (char)('0' + (v & 7));
		v >>= 3;
	}
}

/* One header block; @name fits 100 bytes, @prefix 155. */
static int tarw_header(struct tarw *w, const char *prefix, const char *name, uint64_t size,
		       char type)
{
	unsigned char b[BLOCK] = { 0 };
	unsigned sum = 0, i;

	memcpy(b, name, strlen(name));
	octal((char *)b + 100, 8, 0644);
	octal((char *)b + 108, 8, 0);
	octal((char *)b + 116, 8, 0);
	octal((char *)b + 124, 12, size);
	octal((char *)b + 136, 12, w->mtime);
	memset(b + 148, ' ', 8);
	b[156] = (unsigned char)type;
	memcpy(b + 257, "ustar", 6);
	memcpy(b + 263, "00", 2);
	memcpy(b + 345, prefix, strlen(prefix));
	for (i = 0; i < BLOCK; i++)
		sum += b[i];
	octal((char *)b + 148, 7, sum);
	b[155] = ' ';
	return tarw_put(w, b, BLOCK);
}

/* "LEN key=value\n", LEN counting itself. */
static int pax_record(char *buf, size_t cap, const char *key, const char *val)
{
	size_t body = strlen(key) + strlen(val) + 3, len = body + 1, digits;

	for (;;) {
		digits = (size_t)snprintf(NULL, 0, "%zu", len);
		if (body + digits == len)
			break;
		len = body + digits;
	}
	return snprintf(buf, cap, "%zu %s=%s\n", len, key, val);
}

/*
 * The header(s) of entry @name: plain ustar when it fits, else a pax
 * header first (its own name fixed, so it never varies).
 */
static int tarw_entry(struct tarw *w, const char *name, uint64_t size)
{
	size_t len = strlen(name), cut;
	char pax[TARW_PATH_MAX + 128], num[32], shortname[101];
	int n = 0;

	if (len > TARW_PATH_MAX)
		return -ENAMETOOLONG;
	if (len <= 100 && size <= USTAR_SIZE_MAX)
		return tarw_header(w, "", name, size, '0');
	/* prefix/name split at a '/': prefix <= 155, name <= 100 */
	for (cut = len > 100 ? len - 101 : 0; cut < len && cut <= 155; cut++) {
		if (name[cut] == '/' && cut > 0 && len - cut - 1 <= 100 && len - cut - 1 > 0 &&
		    size <= USTAR_SIZE_MAX) {
			char prefix[156];

			memcpy(prefix, name, cut);
			prefix[cut] = 0;
			return tarw_header(w, prefix, name + cut + 1, size, '0');
		}
	}
	if (len > 100 || strchr(name, '\n'))
		n += pax_record(pax + n, sizeof(pax) - n, "path", name);
	if (size > USTAR_SIZE_MAX) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)size);
		n += pax_record(pax + n, sizeof(pax) - n, "size", num);
	}
	if (tarw_header(w, "", "././@PaxHeader", (uint64_t)n, 'x') || tarw_put(w, pax, (size_t)n) ||
	    tarw_pad(w, (uint64_t)n))
		return w->err;
	/* the ustar fields: the name's last 100 bytes, the size capped (pax overrides both) */
	snprintf(shortname, sizeof(shortname), "%s", len > 100 ? name + len - 100 : name);
	return tarw_header(w, "", shortname, size > USTAR_SIZE_MAX ? 0 : size, '0');
}

int tarw_add_mem(struct tarw *w, const char *name, const void *p, size_t len)
{
	int err = tarw_entry(w, name, len);

	if (!err)
		err = tarw_put(w, p, len);
	return err ? err : tarw_pad(w, len);
}

int tarw_add_file(struct tarw *w, const char *name, const char *path,
		  char sha[SHA256_HEX_LEN + 1], uint64_t *size)
{
	struct sha256 s = { 0 };
	uint64_t left;
	struct stat st;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out;
	}
	*size = left = (uint64_t)st.st_size;
	err = sha256_init(&s);
	if (!err)
		err = tarw_entry(w, name, left);
	while (!err) {
		n = read(fd, w->rbuf, IN_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if ((uint64_t)n > left || (n == 0 && left)) {
			err = -ESTALE;	/* grew or shrank since fstat */
			break;
		}
		if (n == 0)
			break;
		left -= (uint64_t)n;
		err = sha256_update(&s, w->rbuf, (size_t)n);
		if (!err)
			err = tarw_put(w, w->rbuf, (size_t)n);
	}
	if (!err)
		err = tarw_pad(w, *size);
	if (!err)
		err = sha256_final(&s, sha);
out:
	sha256_free(&s);
	close(fd);
	return err;
}

int tarw_finish(struct tarw *w, char sha[SHA256_HEX_LEN + 1], uint64_t *size)
{
	static const unsigned char zeros[2 * BLOCK];
	int err = tarw_put(w, zeros, sizeof(zeros));

	if (!err)
		err = w->err = tarw_compress(w, ZSTD_e_end);
	if (!err)
		err = sha256_final(&w->sum, sha);
	*size = w->out_bytes;
	return err;
}

// SPDX-License-Identifier: MIT
#include "release/reltar.h"
#include "unpack/err.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RAW_BUF (1u << 20)
#define TAR_BUF (4u << 20)

/* decomp source: the file's next chunk, summed as it goes by */
static ssize_t reltar_src(void *ctx, const void **p)
{
	struct reltar *r = ctx;
	ssize_t n;

	do
		n = read(r->fd, r->raw, RAW_BUF);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return r->read_err = -errno;
	if (n && sha256_update(&r->sum, r->raw, (size_t)n))
		return r->read_err = -EIO;
	r->raw_bytes += (uint64_t)n;
	*p = r->raw;
	return n;
}

static ssize_t reltar_tar_read(void *ctx, void *buf, size_t len)
{
	return decomp_read(ctx, buf, len);
}

int reltar_open(struct reltar *r, const char *path)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->path = path;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return -errno;
	r->raw = malloc(RAW_BUF);
	if (!r->raw)
		return -ENOMEM;
	err = sha256_init(&r->sum);
	if (!err)
		/* the decomp table picks the decoder by a data.tar member's suffix */
		err = decomp_open(&r->dc, "data.tar.zst", 1, reltar_src, r);
	if (!err)
		err = tar_open(&r->tar, reltar_tar_read, r->dc, TAR_BUF);
	return err;
}

void reltar_close(struct reltar *r)
{
	tar_close(&r->tar);
	decomp_free(r->dc);
	sha256_free(&r->sum);
	free(r->raw);
	if (r->fd >= 0)
		close(r->fd);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

int reltar_next(struct reltar *r, struct tar_entry *e)
{
	return tar_next(&r->tar, e);
}

ssize_t reltar_data(struct reltar *r, const void **p)
{
	return tar_data(&r->tar, p);
}

int reltar_finish(struct reltar *r, char sha[SHA256_HEX_LEN + 1])
{
	unsigned char buf[64 << 10];
	size_t i;
	ssize_t n;

	/* what the tar reader buffered past the end, then the rest */
	for (i = r->tar.pos; i < r->tar.len; i++)
		if (r->tar.buf[i])
			return -UNPACK_ERRNO__TARHDR;
	while ((n = decomp_read(r->dc, buf, sizeof(buf))) > 0)
		for (i = 0; i < (size_t)n; i++)
			if (buf[i])
				return -UNPACK_ERRNO__TARHDR;
	if (n < 0)
		return (int)n;
	/* libzstd stops at the frame's end; bytes after it are not ours */
	{
		const void *p;
		ssize_t m = reltar_src(r, &p);

		if (m < 0)
			return (int)m;
		if (m > 0)
			return -UNPACK_ERRNO__TARHDR;
	}
	return sha256_final(&r->sum, sha);
}

const char *reltar_strerror(const struct reltar *r, int err, char *buf, size_t len)
{
	switch (-err) {
	case UNPACK_ERRNO__DECOMP:
		if (r->dc && strstr(decomp_strerror(r->dc), "truncated"))
			snprintf(buf, len, "truncated: the zstd stream ends after %" PRIu64
				 " bytes, inside its frame", r->raw_bytes);
		else
			snprintf(buf, len, "not a release tarball, or corrupt: %s",
				 r->dc ? decomp_strerror(r->dc) : "decoder error");
		break;
	case UNPACK_ERRNO__TARTRUNC:
		snprintf(buf, len, "truncated: the tar archive ends inside an entry");
		break;
	case UNPACK_ERRNO__TARSUM:
		snprintf(buf, len, "corrupt: bad tar header checksum at offset %" PRIu64,
			 r->tar.err_off);
		break;
	case UNPACK_ERRNO__TARHDR:
	case UNPACK_ERRNO__TAREXT:
		snprintf(buf, len, "corrupt: malformed tar data at offset %" PRIu64
			 " (or data after the archive's end)", r->tar.err_off);
		break;
	default:
		snprintf(buf, len, "%s", strerror(err < 0 ? -err : err));
		break;
	}
	return buf;
}

// SPDX-License-Identifier: MIT
#include "unpack/ar.h"
#include "unpack/err.h"
#include "unpack/hashread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Field offsets of the 60-byte member header. */
#define AR_F_NAME	0
#define AR_F_SIZE	48
#define AR_F_SIZE_LEN	10
#define AR_F_FMAG	58

int ar_parse_header(const unsigned char hdr[AR_HDR_LEN], struct ar_member *m)
{
	const unsigned char *f = hdr + AR_F_SIZE;
	uint64_t size = 0;
	size_t i, n;

	memset(m, 0, sizeof(*m));
	if (hdr[AR_F_FMAG] != '`' || hdr[AR_F_FMAG + 1] != '\n')
		return -UNPACK_ERRNO__ARHDR;
	/* size: decimal digits, left-aligned, blank-padded */
	for (i = 0; i < AR_F_SIZE_LEN && f[i] >= '0' && f[i] <= '9'; i++)
		size = size * 10 + (f[i] - '0');	/* 10 digits fit in 64 bits */
	if (i == 0)
		return -UNPACK_ERRNO__ARHDR;
	for (; i < AR_F_SIZE_LEN; i++)
		if (f[i] != ' ')
			return -UNPACK_ERRNO__ARHDR;
	/* name: blank-padded, GNU ar ends it with '/' */
	memcpy(m->name, hdr + AR_F_NAME, AR_NAME_MAX);
	n = AR_NAME_MAX;
	while (n && m->name[n - 1] == ' ')
		n--;
	if (n > 1 && m->name[n - 1] == '/')
		n--;
	m->name[n] = '\0';
	if (!n || memchr(m->name, '\0', n))
		return -UNPACK_ERRNO__ARHDR;
	m->size = size;
	return 0;
}

/* Refill an empty buffer. Returns bytes read, 0 at EOF, or -errno. */
static ssize_t ar_fill(struct ar_reader *ar)
{
	ssize_t n;

	if (ar->hash) {
		n = hashread_read(ar->hash, ar->buf, ar->cap);
		if (n < 0)
			return n;
	} else {
		do
			n = read(ar->fd, ar->buf, ar->cap);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -errno;
	}
	ar->pos = 0;
	ar->len = n;
	ar->off += n;
	if (n && ar->progress)
		ar->progress(ar->progress_ctx, ar->off, ar->file_size);
	return n;
}

/* Copy up to @len bytes into @dst. Returns bytes copied (short at EOF) or -errno. */
static ssize_t ar_read(struct ar_reader *ar, void *dst, size_t len)
{
	size_t got = 0, n;
	ssize_t r;

	while (got < len) {
		if (ar->pos == ar->len) {
			r = ar_fill(ar);
			if (r <= 0) {
				if (r < 0)
					return r;
				break;
			}
		}
		n = ar->len - ar->pos;
		if (n > len - got)
			n = len - got;
		memcpy((char *)dst + got, ar->buf + ar->pos, n);
		ar->pos += n;
		got += n;
	}
	return got;
}

/* Skip @len bytes; seeks when the rest lies beyond the buffer. */
static int ar_skip(struct ar_reader *ar, uint64_t len)
{
	size_t n = ar->len - ar->pos;
	ssize_t r;

	if (n > len)
		n = len;
	ar->pos += n;
	len -= n;
	if (!len)
		return 0;
	if (!ar->hash && lseek(ar->fd, len, SEEK_CUR) >= 0) {
		ar->off += len;
		return 0;
	}
	if (!ar->hash && errno != ESPIPE)
		return -errno;
	while (len) {
		r = ar_fill(ar);
		if (r <= 0)
			return r < 0 ? r : -UNPACK_ERRNO__ARTRUNC;
		n = (uint64_t)r < len ? (size_t)r : len;
		ar->pos = n;
		len -= n;
	}
	return 0;
}

int ar_open(struct ar_reader *ar, int fd, size_t bufsize)
{
	unsigned char magic[AR_MAGIC_LEN];
	struct stat st;
	ar_progress_fn progress = ar->progress;
	void *progress_ctx = ar->progress_ctx;
	struct hashread *hash = ar->hash;
	ssize_t n;

	memset(ar, 0, sizeof(*ar));
	ar->fd = fd;
	ar->progress = progress;
	ar->progress_ctx = progress_ctx;
	ar->hash = hash;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		ar->file_size = st.st_size;
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	ar->cap = bufsize ? bufsize : 1;
	ar->buf = malloc(ar->cap);
	if (!ar->buf)
		return -ENOMEM;
	n = ar_read(ar, magic, sizeof(magic));
	if (n < 0)
		return n;
	if (memcmp(magic, AR_MAGIC, n))
		return -UNPACK_ERRNO__NOTAR;
	if (n < AR_MAGIC_LEN)	/* a prefix of the magic: cut short */
		return n ? -UNPACK_ERRNO__ARSHORT : -UNPACK_ERRNO__NOTAR;
	return 0;
}

void ar_close(struct ar_reader *ar)
{
	free(ar->buf);
	ar->buf = NULL;
}

int ar_next(struct ar_reader *ar, struct ar_member *m)
{
	unsigned char hdr[AR_HDR_LEN];
	struct ar_member mem;
	ssize_t n;
	int err;

	err = ar_skip(ar, ar->left);
	if (err)
		return err;
	ar->left = 0;
	if (ar->pad) {
		ar->pad = false;
		n = ar_read(ar, hdr, 1);	/* absent at EOF: tolerated */
		if (n < 0)
			return n;
		if (n == 0)
			return 0;
	}
	ar->err_off = ar_tell(ar);
	n = ar_read(ar, hdr, sizeof(hdr));
	if (n < 0)
		return n;
	if (n == 0)
		return 0;
	if (n < AR_HDR_LEN)
		return -UNPACK_ERRNO__ARSHORT;
	err = ar_parse_header(hdr, &mem);
	if (err)
		return err;
	mem.offset = ar_tell(ar);
	ar->cur = mem;
	if (ar->file_size && (mem.offset > ar->file_size ||
			      mem.size > ar->file_size - mem.offset))
		return -UNPACK_ERRNO__ARTRUNC;
	ar->left = mem.size;
	ar->pad = mem.size & 1;
	if (m)
		*m = mem;
	return 1;
}

ssize_t ar_chunk(struct ar_reader *ar, const void **p)
{
	size_t n;
	ssize_t r;

	if (!ar->left)
		return 0;
	if (ar->pos == ar->len) {
		r = ar_fill(ar);
		if (r <= 0)
			return r < 0 ? r : -UNPACK_ERRNO__ARTRUNC;
	}
	n = ar->len - ar->pos;
	if (n > ar->left)
		n = ar->left;
	*p = ar->buf + ar->pos;
	ar->pos += n;
	ar->left -= n;
	return n;
}

int ar_drain(struct ar_reader *ar, uint64_t max)
{
	ssize_t r;

	if (!ar->buf)
		return -EINVAL;
	ar->left = 0;
	ar->pad = false;
	while ((r = ar_fill(ar)) > 0)
		if (ar->off > max)
			return -EFBIG;
	ar->pos = ar->len;
	return r;
}

// SPDX-License-Identifier: MIT
/*
 * Unit test of the ar reader: header parsing (blank-padded and GNU '/'
 * names, size field, terminator), member iteration with odd-size padding,
 * data chunks, and the errors for a bad magic, a short header and a member
 * cut short (up front for a regular file, on reading for a pipe).
 */
#include "unpack/ar.h"
#include "unpack/err.h"
#include "tests/include/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static void mkhdr(unsigned char *h, const char *name, const char *size)
{
	char tmp[AR_HDR_LEN + 1];

	snprintf(tmp, sizeof(tmp), "%-16s%-12s%-6s%-6s%-8s%-10s`\n", name,
		 "1700000000", "0", "0", "100644", size);
	memcpy(h, tmp, AR_HDR_LEN);
}

static void test_parse(void)
{
	unsigned char h[AR_HDR_LEN];
	struct ar_member m;

	mkhdr(h, "debian-binary", "4");
	CHECK(ar_parse_header(h, &m) == 0);
	CHECK(!strcmp(m.name, "debian-binary") && m.size == 4);
	mkhdr(h, "data.tar.xz/", "9999999999");	/* GNU ar name, largest size */
	CHECK(ar_parse_header(h, &m) == 0);
	CHECK(!strcmp(m.name, "data.tar.xz") && m.size == 9999999999ull);
	mkhdr(h, "/", "0");	/* GNU symbol table keeps its name */
	CHECK(ar_parse_header(h, &m) == 0 && !strcmp(m.name, "/"));
	mkhdr(h, "x", "12a");
	CHECK(ar_parse_header(h, &m) == -UNPACK_ERRNO__ARHDR);
	mkhdr(h, "x", "");
	CHECK(ar_parse_header(h, &m) == -UNPACK_ERRNO__ARHDR);
	mkhdr(h, "x", " 12");
	CHECK(ar_parse_header(h, &m) == -UNPACK_ERRNO__ARHDR);
	mkhdr(h, "", "12");
	CHECK(ar_parse_header(h, &m) == -UNPACK_ERRNO__ARHDR);
	mkhdr(h, "x", "12");
	h[59] = 'X';
	CHECK(ar_parse_header(h, &m) == -UNPACK_ERRNO__ARHDR);
}

struct buf {
	unsigned char p[4096];
	size_t len;
};

static void add_member(struct buf *b, const char *name, const char *data, size_t n)
{
	char size[16];

	snprintf(size, sizeof(size), "%zu", n);
	mkhdr(b->p + b->len, name, size);
	b->len += AR_HDR_LEN;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	if (n & 1)
		b->p[b->len++] = '\n';
}

/* A temp file holding the first @len bytes of @b; returns an fd at offset 0. */
static int tmpfd(const struct buf *b, size_t len)
{
	char path[] = "/tmp/t-ar.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		abort();
	unlink(path);
	if (write(fd, b->p, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET))
		abort();
	return fd;
}

/* A pipe whose read end gives the first @len bytes of @b, then EOF. */
static int pipefd(const struct buf *b, size_t len)
{
	int fds[2];

	if (pipe(fds) || write(fds[1], b->p, len) != (ssize_t)len)
		abort();
	close(fds[1]);
	return fds[0];
}

static void read_member(struct ar_reader *ar, char *out, size_t *len, ssize_t *last)
{
	const void *p;
	ssize_t n;

	*len = 0;
	while ((n = ar_chunk(ar, &p)) > 0) {
		memcpy(out + *len, p, n);
		*len += n;
	}
	*last = n;
}

static void test_stream(int (*mkfd)(const struct buf *, size_t), size_t bufsize)
{
	struct buf b = { .len = 0 };
	struct ar_reader ar = { 0 };
	struct ar_member m;
	char out[4096];
	size_t len;
	ssize_t last;
	int fd;

	memcpy(b.p, AR_MAGIC, AR_MAGIC_LEN);
	b.len = AR_MAGIC_LEN;
	add_member(&b, "debian-binary", "2.0\n", 4);
	add_member(&b, "control.tar.xz", "odd", 3);	/* padded */
	add_member(&b, "data.tar.zst/", "0123456789abcdefghij", 20);

	fd = mkfd(&b, b.len);
	CHECK(ar_open(&ar, fd, bufsize) == 0);
	CHECK(ar_next(&ar, &m) == 1 && !strcmp(m.name, "debian-binary"));
	CHECK(m.offset == AR_MAGIC_LEN + AR_HDR_LEN && m.size == 4);
	/* control.tar.xz skipped without reading, data read in chunks */
	CHECK(ar_next(&ar, &m) == 1 && !strcmp(m.name, "control.tar.xz"));
	CHECK(ar_next(&ar, &m) == 1 && !strcmp(m.name, "data.tar.zst"));
	CHECK_EQ(m.offset, AR_MAGIC_LEN + 3 * AR_HDR_LEN + 4 + 4);
	read_member(&ar, out, &len, &last);
	CHECK(last == 0 && len == 20 && !memcmp(out, "0123456789abcdefghij", 20));
	CHECK(ar_next(&ar, &m) == 0);
	ar_close(&ar);
	close(fd);

	/* cut inside the data member: a regular file fails at its header,
	 * a pipe when the data runs out */
	fd = mkfd(&b, b.len - 5);
	CHECK(ar_open(&ar, fd, bufsize) == 0);
	CHECK(ar_next(&ar, NULL) == 1 && ar_next(&ar, NULL) == 1);
	if (mkfd == tmpfd) {
		CHECK(ar_next(&ar, &m) == -UNPACK_ERRNO__ARTRUNC);
		CHECK(!strcmp(ar.cur.name, "data.tar.zst") && ar.cur.size == 20);
	} else {
		CHECK(ar_next(&ar, &m) == 1);
		read_member(&ar, out, &len, &last);
		CHECK(last == -UNPACK_ERRNO__ARTRUNC && len == 15);
	}
	ar_close(&ar);
	close(fd);

	/* cut inside the third header */
	fd = mkfd(&b, AR_MAGIC_LEN + 2 * AR_HDR_LEN + 8 + 30);
	CHECK(ar_open(&ar, fd, bufsize) == 0);
	CHECK(ar_next(&ar, NULL) == 1 && ar_next(&ar, NULL) == 1);
	CHECK(ar_next(&ar, &m) == -UNPACK_ERRNO__ARSHORT);
	CHECK_EQ(ar.err_off, AR_MAGIC_LEN + 2 * AR_HDR_LEN + 8);
	ar_close(&ar);
	close(fd);

	/* the file ends right after a member's pad byte, or without it */
	fd = mkfd(&b, AR_MAGIC_LEN + 2 * AR_HDR_LEN + 4 + 3);
	CHECK(ar_open(&ar, fd, bufsize) == 0);
	CHECK(ar_next(&ar, NULL) == 1 && ar_next(&ar, NULL) == 1);
	CHECK(ar_next(&ar, &m) == 0);
	ar_close(&ar);
	close(fd);

	/* a magic cut short, an empty file, another magic */
	fd = mkfd(&b, 5);
	CHECK(ar_open(&ar, fd, bufsize) == -UNPACK_ERRNO__ARSHORT);
	ar_close(&ar);
	close(fd);
	fd = mkfd(&b, 0);
	CHECK(ar_open(&ar, fd, bufsize) == -UNPACK_ERRNO__NOTAR);
	ar_close(&ar);
	close(fd);
	memcpy(b.p, "\x7f" "ELF\2\1\1\0", 8);
	fd = mkfd(&b, b.len);
	CHECK(ar_open(&ar, fd, bufsize) == -UNPACK_ERRNO__NOTAR);
	ar_close(&ar);
	close(fd);
}

int main(void)
{
	test_parse();
	test_stream(tmpfd, 1 << 20);
	test_stream(tmpfd, 7);		/* buffer floor: headers straddle refills */
	test_stream(pipefd, 1 << 20);
	test_stream(pipefd, 7);
	return test_exit();
}

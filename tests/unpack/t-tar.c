// SPDX-License-Identifier: MIT
/*
 * Unit test of the tar reader: numeric fields (octal, base-256), header
 * checksums (unsigned and signed), ustar prefix vs GNU magic, pax records,
 * and a whole stream built in memory with GNU long names, pax path/size
 * overrides, a global pax header, and truncation.
 */
#include "unpack/err.h"
#include "unpack/tar.h"
#include "tests/include/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int num(const char *f, size_t n, uint64_t *v)
{
	return tar_parse_num((const unsigned char *)f, n, v);
}

static void test_num(void)
{
	unsigned char b256[12] = { 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0x05 };
	unsigned char neg[12] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				  0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };
	unsigned char big[12] = { 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	uint64_t v = 42;

	CHECK(num("00000000644", 12, &v) == 0 && v == 0644);
	CHECK(num("0000644 \0", 8, &v) == 0 && v == 0644);
	CHECK(num("   1234 ", 8, &v) == 0 && v == 01234);
	CHECK(num("77777777777", 12, &v) == 0 && v == 077777777777ull);
	CHECK(num("777777777777", 12, &v) == 0 && v == 0777777777777ull); /* no terminator */
	CHECK(num("\0\0\0\0\0\0\0\0", 8, &v) == 0 && v == 0);
	CHECK(num("0000008\0", 8, &v) == -UNPACK_ERRNO__TARHDR);	/* not octal */
	CHECK(num("00x00000", 8, &v) == -UNPACK_ERRNO__TARHDR);
	/* base-256: 2 << 32 | 5 (a size above the 8 GiB octal limit shape) */
	CHECK(tar_parse_num(b256, 12, &v) == 0 && v == ((uint64_t)2 << 32 | 5));
	CHECK(tar_parse_num(neg, 12, &v) == -UNPACK_ERRNO__TARHDR);	/* negative */
	CHECK(tar_parse_num(big, 12, &v) == -UNPACK_ERRNO__TARHDR);	/* > 64 bits */
}

/* Build a header block: POSIX ustar when @gnu is 0, GNU magic otherwise. */
static void mkhdr(unsigned char *blk, const char *name, const char *prefix,
		  uint64_t size, char type, const char *link, int gnu)
{
	unsigned sum = 0;
	size_t i;

	memset(blk, 0, TAR_BLOCK);
	memcpy(blk, name, strnlen(name, 100));
	memcpy(blk + 100, "0000644", 7);
	memcpy(blk + 108, "0000000", 7);
	memcpy(blk + 116, "0000000", 7);
	snprintf((char *)blk + 124, 12, "%011llo", (unsigned long long)size);
	memcpy(blk + 136, "00000000000", 11);
	blk[156] = type;
	if (link)
		memcpy(blk + 157, link, strnlen(link, 100));
	if (gnu)
		memcpy(blk + 257, "ustar  ", 8);
	else
		memcpy(blk + 257, "ustar\0" "00", 8);
	if (prefix)
		memcpy(blk + 345, prefix, strnlen(prefix, 155));
	memset(blk + 148, ' ', 8);
	for (i = 0; i < TAR_BLOCK; i++)
		sum += blk[i];
	snprintf((char *)blk + 148, 8, "%06o", sum);
	blk[155] = ' ';
}

static void test_header(void)
{
	unsigned char blk[TAR_BLOCK];
	struct tar_hdr h;
	char name[101];
	int sum;
	size_t i;

	mkhdr(blk, "./usr/lib/debug/boot/vmlinux-1.2.3", NULL, 1234, '0', NULL, 1);
	CHECK(tar_parse_header(blk, &h) == 0);
	CHECK_STR(h.name, "./usr/lib/debug/boot/vmlinux-1.2.3");
	CHECK(h.size == 1234 && h.type == '0');

	/* a full 100-byte name field has no NUL */
	memset(name, 'n', 100);
	name[100] = '\0';
	mkhdr(blk, name, "./some/prefix", 0, '\0', NULL, 0);
	CHECK(tar_parse_header(blk, &h) == 0);
	CHECK(!strncmp(h.name, "./some/prefix/nnnn", 18) && strlen(h.name) == 114);
	CHECK_EQ(h.type, '0');	/* '\0' reads as a regular file */

	/* GNU magic: the prefix area holds times, never a name */
	mkhdr(blk, "file", "00000000000", 0, '0', NULL, 1);
	CHECK(tar_parse_header(blk, &h) == 0 && !strcmp(h.name, "file"));

	mkhdr(blk, "link", NULL, 0, '2', "target/file", 0);
	CHECK(tar_parse_header(blk, &h) == 0 && h.type == '2');
	CHECK_STR(h.linkname, "target/file");

	/* a flipped byte breaks the checksum */
	mkhdr(blk, "file", NULL, 10, '0', NULL, 0);
	blk[3] ^= 1;
	CHECK(tar_parse_header(blk, &h) == -UNPACK_ERRNO__TARSUM);
	/* a non-numeric checksum field */
	mkhdr(blk, "file", NULL, 10, '0', NULL, 0);
	memcpy(blk + 148, "garbage!", 8);
	CHECK(tar_parse_header(blk, &h) == -UNPACK_ERRNO__TARSUM);

	/* signed-char checksum (old writers) is accepted */
	mkhdr(blk, "\xe9t\xe9", NULL, 0, '0', NULL, 0);
	memset(blk + 148, ' ', 8);
	for (i = 0, sum = 0; i < TAR_BLOCK; i++)
		sum += (signed char)blk[i];
	snprintf((char *)blk + 148, 8, "%06o", sum);
	blk[155] = ' ';
	CHECK(tar_parse_header(blk, &h) == 0);

	/* a bad size field */
	mkhdr(blk, "file", NULL, 10, '0', NULL, 0);
	memcpy(blk + 124, "0000000009x", 11);
	memset(blk + 148, ' ', 8);
	for (i = 0, sum = 0; i < TAR_BLOCK; i++)
		sum += blk[i];
	snprintf((char *)blk + 148, 8, "%06o", sum);
	CHECK(tar_parse_header(blk, &h) == -UNPACK_ERRNO__TARHDR);

	memset(blk, 0, sizeof(blk));
	CHECK(tar_parse_header(blk, &h) == 1);
}

static int pax(const char *s, struct tar_pax *p)
{
	return tar_parse_pax(s, strlen(s), p);
}

static void test_pax(void)
{
	struct tar_pax p = { 0 };

	CHECK(pax("30 mtime=1234567890.123456789\n", &p) == 0 && !p.path);
	CHECK(pax("21 path=usr/a=b/file\n", &p) == 0);
	CHECK(p.path && !strcmp(p.path, "usr/a=b/file"));
	CHECK(pax("14 size=12345\n16 linkpath=x/y\n", &p) == 0);
	CHECK(p.has_size && p.size == 12345);
	CHECK(p.linkpath && !strcmp(p.linkpath, "x/y"));
	CHECK(p.path && !strcmp(p.path, "usr/a=b/file"));	/* untouched */
	CHECK(pax("8 path=\n", &p) == 0 && !p.path);	/* empty deletes */
	CHECK(pax("8 size=\n", &p) == 0 && !p.has_size);
	CHECK(pax("12 path=abc\n\0\0\0", &p) == 0 && !strcmp(p.path, "abc"));
	CHECK(pax("13 path=abc\n", &p) == -UNPACK_ERRNO__TAREXT);	/* bad length */
	CHECK(pax("11 path=abc\n", &p) == -UNPACK_ERRNO__TAREXT);
	CHECK(pax("99 path=abc\n", &p) == -UNPACK_ERRNO__TAREXT);
	CHECK(pax("12 pathxabc\n", &p) == -UNPACK_ERRNO__TAREXT);	/* no '=' */
	CHECK(pax("x2 path=abc\n", &p) == -UNPACK_ERRNO__TAREXT);
	CHECK(pax("12 size=1x3\n", &p) == -UNPACK_ERRNO__TAREXT);
	tar_pax_clear(&p);
}

/* ---------------------------------------------------------------- streams */

struct mem {
	unsigned char *p;
	size_t len, cap, pos;
	size_t max_read;	/* hand out at most this much per read */
};

static void put(struct mem *m, const void *p, size_t n)
{
	if (!n)
		return;
	if (m->len + n > m->cap) {
		m->cap = (m->len + n) * 2;
		m->p = realloc(m->p, m->cap);
		if (!m->p)
			abort();
	}
	memcpy(m->p + m->len, p, n);
	m->len += n;
}

static void put_entry(struct mem *m, const char *name, char type, const void *data,
		      size_t size, size_t hdr_size)
{
	unsigned char blk[TAR_BLOCK];

	mkhdr(blk, name, NULL, hdr_size, type, NULL, type == 'L');
	put(m, blk, TAR_BLOCK);
	put(m, data, size);
	memset(blk, 0, TAR_BLOCK);
	put(m, blk, (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK);
}

static void put_pax(struct mem *m, char type, const char *key, const char *val)
{
	char rec[600];
	int len = (int)(strlen(key) + strlen(val) + 3), digits;

	/* the length counts its own digits */
	for (digits = 1; ; digits++) {
		int n = snprintf(NULL, 0, "%d", len + digits);

		if (n == digits)
			break;
	}
	snprintf(rec, sizeof(rec), "%d %s=%s\n", len + digits, key, val);
	put_entry(m, "PaxHeaders/x", type, rec, strlen(rec), strlen(rec));
}

static ssize_t mem_read(void *ctx, void *buf, size_t len)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (m->max_read && n > m->max_read)
		n = m->max_read;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return n;
}

/* Read the current entry's data; returns a malloc'ed copy. */
static char *slurp(struct tar_reader *t, size_t *len, int *err)
{
	char *buf = NULL;
	const void *p;
	ssize_t n;

	*len = 0;
	while ((n = tar_data(t, &p)) > 0) {
		buf = realloc(buf, *len + n + 1);
		memcpy(buf + *len, p, n);
		*len += n;
	}
	*err = n;
	if (buf)
		buf[*len] = '\0';
	return buf;
}

static void test_stream(size_t bufsize, size_t max_read)
{
	char longname[301], big[3000], *got;
	unsigned char zero[2 * TAR_BLOCK] = { 0 };
	struct mem m = { .max_read = max_read };
	struct tar_reader t;
	struct tar_entry e;
	size_t len, i;
	int err;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	memset(longname, 'L', 300);
	memcpy(longname, "./usr/", 6);
	longname[300] = '\0';

	put_entry(&m, "./", '5', NULL, 0, 0);
	put_entry(&m, "./a", '0', "hello\n", 6, 6);
	/* GNU long name: 'L' entry "././@LongLink" holding the name + NUL */
	put_entry(&m, "././@LongLink", 'L', longname, 301, 301);
	put_entry(&m, "./usr/LLLL", '0', big, sizeof(big), sizeof(big));
	/* pax path and size override the header's */
	put_pax(&m, 'x', "path", "./pax/long/name");
	put_pax(&m, 'x', "size", "7");
	put_entry(&m, "./trunc", '0', "1234567", 7, 99);
	/* a global header applies to what follows; the local one wins */
	put_pax(&m, 'g', "path", "./global/name");
	put_entry(&m, "./g1", '0', "", 0, 0);
	put_pax(&m, 'x', "path", "./local");
	put_entry(&m, "./g2", '0', "", 0, 0);
	put_pax(&m, 'g', "path", "");
	put_entry(&m, "./ln", '1', NULL, 0, 0);
	put(&m, zero, sizeof(zero));

	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, "./") && e.type == '5');
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, "./a") && e.size == 6);
	got = slurp(&t, &len, &err);
	CHECK(err == 0 && len == 6 && got && !memcmp(got, "hello\n", 6));
	free(got);
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, longname));
	CHECK(e.size == sizeof(big) && e.offset == 3 * TAR_BLOCK);
	got = slurp(&t, &len, &err);
	CHECK(err == 0 && len == sizeof(big) && got && !memcmp(got, big, len));
	free(got);
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, "./pax/long/name"));
	CHECK_EQ(e.size, 7);
	got = slurp(&t, &len, &err);
	CHECK(err == 0 && len == 7 && got && !memcmp(got, "1234567", 7));
	free(got);
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, "./global/name"));
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, "./local"));
	CHECK(tar_next(&t, &e) == 1 && !strcmp(e.name, "./ln") && e.type == '1');
	CHECK(tar_next(&t, &e) == 0);
	tar_close(&t);

	/* the same stream cut inside the big member's data */
	m.len = 6 * TAR_BLOCK + 1000;
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	for (i = 0; i < 3; i++)
		CHECK(tar_next(&t, &e) == 1);
	got = slurp(&t, &len, &err);
	CHECK(err == -UNPACK_ERRNO__TARTRUNC && len == 1000);
	free(got);
	tar_close(&t);

	/* cut inside a header, and inside the skipped data of an entry */
	m.len = TAR_BLOCK + 100;
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == 1);
	CHECK(tar_next(&t, &e) == -UNPACK_ERRNO__TARTRUNC);
	tar_close(&t);
	m.len = 2 * TAR_BLOCK + 3;
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == 1 && tar_next(&t, &e) == 1);
	CHECK(tar_next(&t, &e) == -UNPACK_ERRNO__TARTRUNC);
	tar_close(&t);
	/* the stream ending right after a long-name entry is truncated too */
	m.len = 5 * TAR_BLOCK;
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == 1 && tar_next(&t, &e) == 1);
	CHECK(tar_next(&t, &e) == -UNPACK_ERRNO__TARTRUNC);
	tar_close(&t);
	/* but ending cleanly between entries (no zero blocks) is the end */
	m.len = 3 * TAR_BLOCK;
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == 1 && tar_next(&t, &e) == 1);
	CHECK(tar_next(&t, &e) == 0);
	tar_close(&t);

	/* a corrupt header is reported with its offset */
	m.len = 0;
	put_entry(&m, "./a", '0', "x", 1, 1);
	put_entry(&m, "./b", '0', "y", 1, 1);
	m.p[2 * TAR_BLOCK + 1] ^= 0x20;
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == 1);
	CHECK(tar_next(&t, &e) == -UNPACK_ERRNO__TARSUM && t.err_off == 2 * TAR_BLOCK);
	tar_close(&t);

	/* an oversized long name */
	m.len = 0;
	{
		unsigned char blk[TAR_BLOCK];

		mkhdr(blk, "././@LongLink", NULL, TAR_META_MAX + 1, 'L', NULL, 1);
		put(&m, blk, TAR_BLOCK);
	}
	m.pos = 0;
	CHECK(tar_open(&t, mem_read, &m, bufsize) == 0);
	CHECK(tar_next(&t, &e) == -UNPACK_ERRNO__TAREXT && t.err_off == 0);
	tar_close(&t);
	free(m.p);
}

int main(void)
{
	test_num();
	test_header();
	test_pax();
	test_stream(1 << 20, 0);
	test_stream(1024, 0);		/* refills mid-header and mid-data */
	test_stream(4096, 700);		/* short reads from the source */
	return test_exit();
}

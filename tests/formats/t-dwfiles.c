// SPDX-License-Identifier: MIT
/*
 * Unit test of lib/dwfiles.h: line-program headers built byte by byte
 * (DWARF 4 and 5, little and big endian, 64-bit DWARF) and broken ones.
 */
#include "formats/dwfiles.h"
#include "tests/include/test.h"

#include <dwarf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>


struct buf {
	uint8_t b[512];
	size_t n;
	bool be;
};

static void u(struct buf *b, uint64_t v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		b->b[b->n + i] = v >> (8 * (b->be ? size - 1 - i : i));
	b->n += size;
}

static void str(struct buf *b, const char *s)
{
	memcpy(b->b + b->n, s, strlen(s) + 1);
	b->n += strlen(s) + 1;
}

/* unit_length and header_length are patched in by finish() */
static size_t begin(struct buf *b, unsigned int version, bool dwarf64,
		    size_t *hdr_len_at)
{
	size_t start = b->n;

	if (dwarf64) {
		u(b, 0xffffffff, 4);
		u(b, 0, 8);
	} else {
		u(b, 0, 4);
	}
	u(b, version, 2);
	if (version >= 5) {
		u(b, 8, 1);	/* address_size */
		u(b, 0, 1);	/* seg_sel_size */
	}
	*hdr_len_at = b->n;
	u(b, 0, dwarf64 ? 8 : 4);
	u(b, 1, 1);	/* min_inst_length */
	if (version >= 4)
		u(b, 1, 1);	/* max_ops */
	u(b, 1, 1);	/* default_is_stmt */
	u(b, (uint8_t)-5, 1);	/* line_base */
	u(b, 14, 1);	/* line_range */
	u(b, 13, 1);	/* opcode_base */
	{
		static const uint8_t lens[12] = { 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1 };
		memcpy(b->b + b->n, lens, 12);
		b->n += 12;
	}
	return start;
}

static void patch(struct buf *b, size_t at, uint64_t v, unsigned int size)
{
	size_t save = b->n;

	b->n = at;
	u(b, v, size);
	b->n = save;
}

static void finish(struct buf *b, size_t start, size_t hdr_len_at, bool dwarf64)
{
	unsigned int osz = dwarf64 ? 8 : 4;

	u(b, 0x01, 1);	/* a token line program: DW_LNS_copy */
	patch(b, hdr_len_at, b->n - 1 - (hdr_len_at + osz), osz);
	if (dwarf64)
		patch(b, start + 4, b->n - (start + 12), 8);
	else
		patch(b, start, b->n - (start + 4), 4);
}

static void expect(const char *what, const struct dwfiles *df, size_t i,
		   const char *dir, const char *name)
{
	const struct dwfile *f = i < df->nr ? &df->files[i] : NULL;

	CHECK_MSG(f && test_str_eq(f->dir, dir) && test_str_eq(f->name, name),
		  "%s: file %zu: expected (%s, %s), got (%s, %s)", what, i,
		  dir ? dir : "NULL", name ? name : "NULL",
		  f && f->dir ? f->dir : "NULL",
		  f && f->name ? f->name : "NULL");
}

static void test_v4(bool be)
{
	struct buf b = { .be = be };
	struct dwfiles_sections sec = { .big_endian = be };
	struct dwfiles df;
	size_t hl, start;
	int err;

	u(&b, 0xaa, 3);	/* the header does not start the section */
	start = begin(&b, 4, false, &hl);
	str(&b, "include/linux");
	str(&b, "/abs/dir");
	str(&b, "");
	str(&b, "kernel/fork.c");
	u(&b, 0, 1); u(&b, 0, 1); u(&b, 0, 1);
	str(&b, "sched.h");
	u(&b, 1, 1); u(&b, 0, 1); u(&b, 0, 1);
	str(&b, "x.h");
	u(&b, 2, 1); u(&b, 0x81, 1); u(&b, 0x01, 1); u(&b, 0, 1); /* mtime 129 */
	str(&b, "");
	finish(&b, start, hl, false);
	sec.line = b.b;
	sec.line_size = b.n;
	err = dwfiles_parse(&sec, start, "debian/build", &df);
	CHECK_MSG(!err, "v4 %s: error %d", be ? "BE" : "LE", err);
	CHECK_MSG(df.nr == 4 && df.version == 4, "v4: %zu files, version %u", df.nr, df.version);
	expect("v4", &df, 0, NULL, NULL);
	expect("v4", &df, 1, "debian/build", "kernel/fork.c");
	expect("v4", &df, 2, "include/linux", "sched.h");
	expect("v4", &df, 3, "/abs/dir", "x.h");
	dwfiles_free(&df);

	/* truncated anywhere in the header: an error, never a crash */
	for (size_t cut = start; cut < b.n - 1; cut++) {
		sec.line_size = cut;
		err = dwfiles_parse(&sec, start, NULL, &df);
		CHECK_MSG(err == -EBADMSG, "v4 cut at %zu: expected -EBADMSG, got %d", cut, err);
	}
}

static void test_v5(bool be, bool dwarf64)
{
	struct buf b = { .be = be }, ls = { .be = be };
	struct dwfiles_sections sec = { .big_endian = be };
	struct dwfiles df;
	unsigned int osz = dwarf64 ? 8 : 4;
	size_t hl, start;
	int err;

	str(&ls, "unused");
	str(&ls, "debian/build/build_amd64");	/* offset 7 */
	str(&ls, "include/linux");		/* offset 32 */
	str(&ls, "arch/x86/kernel/head64.c");	/* offset 46 */
	start = begin(&b, 5, dwarf64, &hl);
	u(&b, 1, 1);	/* directory formats */
	u(&b, DW_LNCT_path, 1); u(&b, DW_FORM_line_strp, 1);
	u(&b, 3, 1);	/* 3 dirs */
	u(&b, 7, osz);
	u(&b, 32, osz);
	u(&b, 46, osz);	/* a dir entry pointing anywhere is fine */
	u(&b, 3, 1);	/* file formats: path, dir index, MD5 */
	u(&b, DW_LNCT_path, 1); u(&b, DW_FORM_string, 1);
	u(&b, DW_LNCT_directory_index, 1); u(&b, DW_FORM_udata, 1);
	u(&b, DW_LNCT_MD5, 1); u(&b, DW_FORM_data16, 1);
	u(&b, 3, 1);	/* 3 files */
	str(&b, "arch/x86/kernel/head64.c"); u(&b, 0, 1); b.n += 16;
	str(&b, "fs.h"); u(&b, 1, 1); b.n += 16;
	str(&b, "<built-in>"); u(&b, 0, 1); b.n += 16;
	finish(&b, start, hl, dwarf64);
	sec.line = b.b;
	sec.line_size = b.n;
	sec.line_str = ls.b;
	sec.line_str_size = ls.n;
	err = dwfiles_parse(&sec, start, "ignored for v5", &df);
	CHECK_MSG(!err, "v5: error %d", err);
	CHECK_MSG(df.nr == 3 && df.version == 5, "v5: %zu files, version %u", df.nr, df.version);
	expect("v5", &df, 0, "debian/build/build_amd64", "arch/x86/kernel/head64.c");
	expect("v5", &df, 1, "include/linux", "fs.h");
	expect("v5", &df, 2, "debian/build/build_amd64", "<built-in>");
	dwfiles_free(&df);

	/* a string offset outside .debug_line_str */
	sec.line_str_size = 20;
	err = dwfiles_parse(&sec, start, NULL, &df);
	CHECK_MSG(err == -EBADMSG, "v5 bad line_strp: expected -EBADMSG, got %d", err);
	sec.line_str_size = ls.n;
	for (size_t cut = start; cut < b.n - 1; cut++) {
		sec.line_size = cut;
		err = dwfiles_parse(&sec, start, NULL, &df);
		CHECK_MSG(err == -EBADMSG, "v5 cut at %zu: expected -EBADMSG, got %d", cut, err);
	}
}

int main(void)
{
	struct dwfiles_sections sec = { 0 };
	struct dwfiles df;
	uint8_t v9[] = { 6, 0, 0, 0, 9, 0, 0, 0, 0, 0 };

	test_v4(false);
	test_v4(true);
	test_v5(false, false);
	test_v5(true, false);
	test_v5(false, true);
	sec.line = v9;
	sec.line_size = sizeof(v9);
	CHECK_MSG(dwfiles_parse(&sec, 0, NULL, &df) == -EPROTONOSUPPORT, "version 9 accepted");
	CHECK_MSG(dwfiles_parse(&sec, sizeof(v9), NULL, &df) == -EBADMSG,
		  "offset past the section accepted");
	return test_exit();
}

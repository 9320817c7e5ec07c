// SPDX-License-Identifier: MIT
#include "formats/dwfiles.h"
#include "util/mem.h"

#include <dwarf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A bounds-checked cursor over one header; any overrun sets ->bad. */
struct rd {
	const uint8_t *p, *end;
	bool be;
	bool bad;
};

static uint64_t rd_uint(struct rd *r, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return 0;
	}
	for (i = 0; i < n; i++) {
		unsigned int b = r->be ? i : n - 1 - i;

		v = (v << 8) | r->p[b];
	}
	r->p += n;
	return v;
}

static uint64_t rd_uleb(struct rd *r)
{
	uint64_t v = 0;
	unsigned int shift = 0;

	while (!r->bad) {
		uint8_t b;

		if (r->p >= r->end) {
			r->bad = true;
			break;
		}
		b = *r->p++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	return v;
}

static void rd_skip(struct rd *r, uint64_t n)
{
	if (r->bad || (uint64_t)(r->end - r->p) < n) {
		r->bad = true;
		return;
	}
	r->p += n;
}

/* A NUL-terminated string in place. */
static const char *rd_cstr(struct rd *r)
{
	const uint8_t *nul;

	if (r->bad)
		return NULL;
	nul = memchr(r->p, 0, r->end - r->p);
	if (!nul) {
		r->bad = true;
		return NULL;
	}
	const char *s = (const char *)r->p;

	r->p = nul + 1;
	return s;
}

/* The string at @off of a string section, NUL-terminated inside it. */
static const char *sec_str(const uint8_t *data, size_t size, uint64_t off)
{
	if (!data || off >= size || !memchr(data + off, 0, size - off))
		return NULL;
	return (const char *)data + off;
}

static struct dwfile *add_file(struct dwfiles *out, size_t *cap)
{
	return mem_add((void **)&out->files, cap, &out->nr, sizeof(*out->files));
}

/* DWARF 2-4: string lists terminated by an empty entry. */
static int parse_v4(struct rd *r, const char *comp_dir, struct dwfiles *out)
{
	const char **dirs = NULL;
	size_t ndirs = 0, dcap = 0, fcap = 0;
	const char **d;
	int err = 0;

	d = mem_add((void **)&dirs, &dcap, &ndirs, sizeof(*dirs));
	if (!d)
		return -ENOMEM;
	*d = comp_dir;
	for (;;) {
		const char *s = rd_cstr(r);

		if (!s || !*s)
			break;
		d = mem_add((void **)&dirs, &dcap, &ndirs, sizeof(*dirs));
		if (!d) {
			err = -ENOMEM;
			goto out;
		}
		*d = s;
	}
	if (!add_file(out, &fcap)) {	/* entry 0: unused before DWARF 5 */
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		const char *name = rd_cstr(r);
		uint64_t dir;
		struct dwfile *f;

		if (!name || !*name)
			break;
		dir = rd_uleb(r);
		rd_uleb(r);	/* mtime */
		rd_uleb(r);	/* length */
		f = add_file(out, &fcap);
		if (!f) {
			err = -ENOMEM;
			goto out;
		}
		f->name = name;
		f->dir = dir < ndirs ? dirs[dir] : NULL;
	}
	if (r->bad)
		err = -EBADMSG;
out:
	free(dirs);
	return err;
}

struct entry_fmt {
	uint64_t content;
	uint64_t form;
};

/* One DWARF 5 attribute value: a string or a number (or skipped). */
static int read_form(struct rd *r, const struct dwfiles_sections *sec,
		     unsigned int offset_size, uint64_t form,
		     const char **str, uint64_t *num)
{
	*str = NULL;
	*num = 0;
	switch (form) {
	case DW_FORM_string:
		*str = rd_cstr(r);
		break;
	case DW_FORM_line_strp:
		*str = sec_str(sec->line_str, sec->line_str_size,
			       rd_uint(r, offset_size));
		if (!*str)
			return -EBADMSG;
		break;
	case DW_FORM_strp:
		*str = sec_str(sec->str, sec->str_size, rd_uint(r, offset_size));
		if (!*str)
			return -EBADMSG;
		break;
	case DW_FORM_udata:
		*num = rd_uleb(r);
		break;
	case DW_FORM_sdata:
		*num = rd_uleb(r);	/* only skipped: no signed content used */
		break;
	case DW_FORM_data1:
		*num = rd_uint(r, 1);
		break;
	case DW_FORM_data2:
		*num = rd_uint(r, 2);
		break;
	case DW_FORM_data4:
		*num = rd_uint(r, 4);
		break;
	case DW_FORM_data8:
		*num = rd_uint(r, 8);
		break;
	case DW_FORM_data16:
		rd_skip(r, 16);
		break;
	case DW_FORM_block:
		rd_skip(r, rd_uleb(r));
		break;
	default:	/* strx needs the CU's str_offsets_base: not in headers */
		return -EBADMSG;
	}
	return r->bad ? -EBADMSG : 0;
}

static int read_formats(struct rd *r, struct entry_fmt *fmt, unsigned int *n)
{
	unsigned int i;

	*n = rd_uint(r, 1);
	if (*n > 16)
		return -EBADMSG;
	for (i = 0; i < *n; i++) {
		fmt[i].content = rd_uleb(r);
		fmt[i].form = rd_uleb(r);
	}
	return r->bad ? -EBADMSG : 0;
}

/* DWARF 5: self-describing entry formats. */
static int parse_v5(struct rd *r, const struct dwfiles_sections *sec,
		    unsigned int offset_size, struct dwfiles *out)
{
	struct entry_fmt fmt[16];
	const char **dirs = NULL;
	uint64_t ndirs, nfiles, i;
	size_t fcap = 0;
	unsigned int nfmt, k;
	int err;

	err = read_formats(r, fmt, &nfmt);
	if (err)
		return err;
	ndirs = rd_uleb(r);
	if (r->bad || ndirs > (uint64_t)(r->end - r->p))
		return -EBADMSG;	/* each entry takes at least a byte */
	dirs = calloc(ndirs ? ndirs : 1, sizeof(*dirs));
	if (!dirs)
		return -ENOMEM;
	for (i = 0; i < ndirs; i++) {
		for (k = 0; k < nfmt; k++) {
			const char *s;
			uint64_t v;

			err = read_form(r, sec, offset_size, fmt[k].form, &s, &v);
			if (err)
				goto out;
			if (fmt[k].content == DW_LNCT_path)
				dirs[i] = s;
		}
	}
	err = read_formats(r, fmt, &nfmt);
	if (err)
		goto out;
	nfiles = rd_uleb(r);
	if (r->bad || nfiles > (uint64_t)(r->end - r->p)) {
		err = -EBADMSG;
		goto out;
	}
	for (i = 0; i < nfiles; i++) {
		struct dwfile *f = add_file(out, &fcap);

		if (!f) {
			err = -ENOMEM;
			goto out;
		}
		for (k = 0; k < nfmt; k++) {
			const char *s;
			uint64_t v;

			err = read_form(r, sec, offset_size, fmt[k].form, &s, &v);
			if (err)
				goto out;
			if (fmt[k].content == DW_LNCT_path)
				f->name = s;
			else if (fmt[k].content == DW_LNCT_directory_index)
				f->dir = v < ndirs ? dirs[v] : NULL;
		}
		if (!f->name) {
			err = -EBADMSG;
			goto out;
		}
	}
out:
	free(dirs);
	return err;
}

int dwfiles_parse(const struct dwfiles_sections *sec, uint64_t offset,
		  const char *comp_dir, struct dwfiles *out)
{
	struct rd r = { .be = sec->big_endian };
	unsigned int offset_size = 4, version;
	uint64_t unit_len, hdr_len, opcode_base;
	int err;

	memset(out, 0, sizeof(*out));
	if (!sec->line || offset >= sec->line_size)
		return -EBADMSG;
	r.p = sec->line + offset;
	r.end = sec->line + sec->line_size;
	unit_len = rd_uint(&r, 4);
	if (unit_len == 0xffffffff) {
		offset_size = 8;
		unit_len = rd_uint(&r, 8);
	}
	if (r.bad || unit_len > (uint64_t)(r.end - r.p))
		return -EBADMSG;
	r.end = r.p + unit_len;
	version = rd_uint(&r, 2);
	if (r.bad)
		return -EBADMSG;
	if (version < 2 || version > 5)
		return -EPROTONOSUPPORT;
	if (version >= 5)
		rd_skip(&r, 2);	/* address_size, segment_selector_size */
	hdr_len = rd_uint(&r, offset_size);
	if (r.bad || hdr_len > (uint64_t)(r.end - r.p))
		return -EBADMSG;
	r.end = r.p + hdr_len;
	/* min_inst_length, [max_ops_per_inst], default_is_stmt, line_base,
	 * line_range */
	rd_skip(&r, version >= 4 ? 5 : 4);
	opcode_base = rd_uint(&r, 1);
	rd_skip(&r, opcode_base ? opcode_base - 1 : 0);	/* opcode lengths */
	if (r.bad)
		return -EBADMSG;
	out->version = version;
	err = version >= 5 ? parse_v5(&r, sec, offset_size, out)
			   : parse_v4(&r, comp_dir, out);
	if (err)
		dwfiles_free(out);
	return err;
}

void dwfiles_free(struct dwfiles *df)
{
	if (!df)
		return;
	free(df->files);
	df->files = NULL;
	df->nr = 0;
}

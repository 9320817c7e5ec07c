/* SPDX-License-Identifier: MIT */
/*
 * The file-name table of a DWARF line-program header (.debug_line, DWARF
 * versions 2 to 5), read without decoding the line program itself.
 *
 * libdw's dwarf_getsrcfiles() (elfutils ≤ 0.190) decodes every line table it
 * touches: on a kernel image that is 1.4 s and 230 MB only to name the files
 * of DW_AT_decl_file. The header alone is a few hundred bytes per CU.
 *
 * Index convention: entry i is the file that DW_AT_decl_file i names, for
 * every version. DWARF 5 numbers files from 0 (file 0 is the primary source
 * file); DWARF 2-4 number them from 1, so entry 0 is empty (NULL dir and
 * name) there. Directory 0 is the compilation directory: DWARF 5 spells it in
 * the header; for DWARF 2-4 the caller's @comp_dir is used.
 *
 * Strings are borrowed from the section data given (or from @comp_dir) and
 * live as long as they do. Library code: negative errno, never prints.
 */
#ifndef DEPSURF_DWFILES_H
#define DEPSURF_DWFILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The raw bytes of the sections a line header may refer to. */
struct dwfiles_sections {
	const uint8_t *line;		/* .debug_line */
	size_t line_size;
	const uint8_t *line_str;	/* .debug_line_str (DWARF 5), may be NULL */
	size_t line_str_size;
	const uint8_t *str;		/* .debug_str, may be NULL */
	size_t str_size;
	bool big_endian;
};

struct dwfile {
	const char *dir;	/* NULL when the entry has none */
	const char *name;	/* NULL only for the unused entry 0 of DWARF < 5 */
};

struct dwfiles {
	struct dwfile *files;	/* owned */
	size_t nr;
	unsigned int version;	/* of the line table */
};

/*
 * Parse the header at @offset of .debug_line (a CU's DW_AT_stmt_list).
 * Errors: -EBADMSG (truncated or malformed header, unknown form),
 * -EPROTONOSUPPORT (version outside 2..5), -ENOMEM.
 */
int dwfiles_parse(const struct dwfiles_sections *sec, uint64_t offset,
		  const char *comp_dir, struct dwfiles *out);
void dwfiles_free(struct dwfiles *df);

#endif

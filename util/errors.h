/* SPDX-License-Identifier: MIT */
/*
 * Error codes and their one message. Internals return a negative errno, or
 * one of depsurf's own codes below when no errno says it (after libbpf's
 * LIBBPF_ERRNO__*); the boundary turns either into text with errmsg() only.
 *
 * Some errno values have one fixed meaning across the readers, and errmsg()
 * spells it: -ENOEXEC (not an ELF file), -EBADMSG (truncated or corrupt
 * data), -EFAULT (an address outside the image's data), -ENOTSUP (a
 * relocation type the kernel-data reader does not know).
 */
#ifndef DEPSURF_ERRORS_H
#define DEPSURF_ERRORS_H

enum depsurf_errno {
	DS_ERRNO__START = 4100,
	DS_ERRNO__NOSYMTAB = DS_ERRNO__START,	/* no .symtab (stripped image) */
	DS_ERRNO__NOBTF,	/* no .BTF section and no --btf */
	DS_ERRNO__NODWARF,	/* no .debug_info */
	DS_ERRNO__BADBTF,	/* libbpf rejected the BTF */
	DS_ERRNO__ARCH,		/* an ELF machine depsurf does not know */
	DS_ERRNO__BTFNAME,	/* a BTF name offset outside its string section */
	DS_ERRNO__BTFREF,	/* a BTF type id past the last type */
	DS_ERRNO__BTFLOOP,	/* a BTF reference cycle (or a chain too deep) */
	DS_ERRNO__SYMSTR,	/* .symtab's sh_link is no string table holding its names */
	DS_ERRNO__DWSTR,	/* a DWARF string attribute outside .debug_str */
	DS_ERRNO__DWLOOP,	/* a DWARF type reference cycle (or a chain too deep) */
	DS_ERRNO__SHSTRNDX,	/* e_shstrndx names no string table */
	DS_ERRNO__UTF8,		/* a string to write as JSON is not valid UTF-8 */
	DS_ERRNO__BTFUTF8,	/* a BTF name that is not valid UTF-8 */
	DS_ERRNO__END,
};

/* The message for @err (negative errno or -DS_ERRNO__*); never NULL. */
const char *errmsg(int err);

#endif

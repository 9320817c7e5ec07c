// SPDX-License-Identifier: MIT
#include "util/errors.h"

#include <errno.h>
#include <string.h>

static const char *const own[DS_ERRNO__END - DS_ERRNO__START] = {
	[DS_ERRNO__NOSYMTAB - DS_ERRNO__START] = "no .symtab section (stripped image)",
	[DS_ERRNO__NOBTF - DS_ERRNO__START] = "no .BTF section",
	[DS_ERRNO__NODWARF - DS_ERRNO__START] = "no DWARF (.debug_info)",
	[DS_ERRNO__BADBTF - DS_ERRNO__START] = "invalid BTF",
	[DS_ERRNO__ARCH - DS_ERRNO__START] = "unknown architecture",
	[DS_ERRNO__BTFNAME - DS_ERRNO__START] = "invalid BTF: name offset outside the string section",
	[DS_ERRNO__BTFREF - DS_ERRNO__START] = "invalid BTF: reference to a type id past the last type",
	[DS_ERRNO__BTFLOOP - DS_ERRNO__START] = "invalid BTF: reference cycle (or a type chain deeper than 64)",
	[DS_ERRNO__SYMSTR - DS_ERRNO__START] = "invalid .symtab: its string table (sh_link) is missing, not a string table, or too short for its names",
	[DS_ERRNO__DWSTR - DS_ERRNO__START] = "invalid DWARF: a string outside .debug_str",
	[DS_ERRNO__DWLOOP - DS_ERRNO__START] = "invalid DWARF: type reference cycle (or a type chain deeper than 64)",
	[DS_ERRNO__SHSTRNDX - DS_ERRNO__START] = "corrupt ELF file: e_shstrndx is not a string table section",
	[DS_ERRNO__UTF8 - DS_ERRNO__START] = "a string that is not valid UTF-8",
	[DS_ERRNO__BTFUTF8 - DS_ERRNO__START] = "invalid BTF: a name that is not valid UTF-8",
};

const char *errmsg(int err)
{
	if (err < 0)
		err = -err;
	if (err >= DS_ERRNO__START && err < DS_ERRNO__END)
		return own[err - DS_ERRNO__START];
	switch (err) {
	case ENOEXEC:
		return "not an ELF file";
	case EBADMSG:
		return "truncated or corrupt ELF file";
	case EFAULT:
		return "address outside the image's data";
	case ENOTSUP:
		return "unsupported relocation type";
	case EILSEQ:	/* util/jsonw.c, jansson: a string not in UTF-8 */
		return own[DS_ERRNO__UTF8 - DS_ERRNO__START];
	default:
		return strerror(err);
	}
}

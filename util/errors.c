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
	default:
		return strerror(err);
	}
}

// SPDX-License-Identifier: MIT
/* Unit test of normalize/symname.h. */
#include "normalize/symname.h"
#include "tests/include/test.h"

#include <stdio.h>
#include <string.h>

static void check(const char *name, size_t base, unsigned int kinds)
{
	size_t b = symname_base_len(name);
	unsigned int k = symname_suffixes(name);

	CHECK_MSG(b == base && k == kinds, "%s: expected base %zu kinds %#x, got %zu %#x",
		  name, base, kinds, b, k);
}

int main(void)
{
	unsigned int i;

	check("vfs_fsync", 9, 0);
	check("foo.isra.0", 3, SYMSFX_ISRA);
	check("foo.constprop.0", 3, SYMSFX_CONSTPROP);
	check("foo.part.12", 3, SYMSFX_PART);
	check("foo.cold", 3, SYMSFX_COLD);
	check("foo.localalias", 3, SYMSFX_LOCALALIAS);
	check("foo.constprop.0.isra.0", 3, SYMSFX_CONSTPROP | SYMSFX_ISRA);
	check("foo.part.0.cold", 3, SYMSFX_PART | SYMSFX_COLD);
	check("foo.constprop.0.isra.0.cold", 3,
	      SYMSFX_CONSTPROP | SYMSFX_ISRA | SYMSFX_COLD);
	check("foo.lto_priv.0", 3, SYMSFX_LTO_PRIV);
	check("foo.llvm.1234567", 3, SYMSFX_LLVM);
	check("foo.specialized.1", 3, SYMSFX_SPECIALIZED);
	check("foo.weird.3", 3, SYMSFX_OTHER);
	check("foo.", 3, 0);
	check(".foo", 0, SYMSFX_OTHER);
	/* names are alphabetical: a bit walk lists a set sorted */
	for (i = 1; i < SYMSFX_NR; i++)
		CHECK_MSG(strcmp(symname_suffix_name(i - 1), symname_suffix_name(i)) < 0,
			  "kind names out of order at %u", i);
	CHECK_MSG(!symname_suffix_name(SYMSFX_NR), "kind %d should have no name", SYMSFX_NR);
	CHECK(symname_is_padding("__pfx_vfs_fsync"));
	CHECK(symname_is_padding("__cfi_vfs_fsync"));
	CHECK(!symname_is_padding("__pfxvfs"));
	CHECK(!symname_is_padding("vfs_fsync"));
	return test_exit();
}

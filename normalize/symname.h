/* SPDX-License-Identifier: MIT */
/*
 * ELF symbol names of functions and the compiler's suffixes (docs/schema-funcs.md):
 * gcc names the clones and fragments it makes of foo "foo.isra.0",
 * "foo.constprop.0", "foo.part.0", "foo.cold", "foo.localalias" and
 * combinations ("foo.constprop.0.isra.0", "foo.part.0.cold"); LTO adds
 * "foo.lto_priv.0", clang "foo.llvm.123". A symbol belongs to the function
 * group named by its text before the first '.'.
 *
 * Suffix kinds: each '.'-separated word after the base name that is not a
 * number is one kind; the known words are named below, any other word is
 * SYMSFX_OTHER.
 */
#ifndef DEPSURF_SYMNAME_H
#define DEPSURF_SYMNAME_H

#include <stdbool.h>
#include <stddef.h>

enum symsfx {
	SYMSFX_COLD		= 1u << 0,
	SYMSFX_CONSTPROP	= 1u << 1,
	SYMSFX_ISRA		= 1u << 2,
	SYMSFX_LLVM		= 1u << 3,
	SYMSFX_LOCALALIAS	= 1u << 4,
	SYMSFX_LTO_PRIV		= 1u << 5,
	SYMSFX_OTHER		= 1u << 6,
	SYMSFX_PART		= 1u << 7,
	SYMSFX_SPECIALIZED	= 1u << 8,
	SYMSFX_NR		= 9,
};

/* Length of the group name of symbol @name (up to the first '.'). */
size_t symname_base_len(const char *name);

/* The SYMSFX_* kinds in @name's suffix (0 for a plain name). */
unsigned int symname_suffixes(const char *name);

/*
 * The spelling of kind bit @i (0 ≤ i < SYMSFX_NR): "cold", "constprop",
 * "isra", "llvm", "localalias", "lto_priv", "other", "part", "specialized".
 * Bit order is alphabetical order, so walking the bits lists a kind set
 * sorted by name.
 */
const char *symname_suffix_name(unsigned int i);

/*
 * Symbols that are not functions of their own: the padding in front of a
 * function that call-depth tracking (x86, 6.2+) names "__pfx_foo", and
 * clang kCFI's type-hash preambles "__cfi_foo".
 */
bool symname_is_padding(const char *name);

#endif

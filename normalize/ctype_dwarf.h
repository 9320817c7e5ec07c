/* SPDX-License-Identifier: MIT */
/*
 * Normalized C type strings from DWARF: the same spelling ctype_btf_str()
 * gives for the BTF that pahole makes of the same DWARF (normalize/ctype.h
 * states the rules), for what BTF leaves out — fully inlined functions,
 * images without .BTF.
 *
 * DWARF shapes and their BTF counterparts:
 *  - no DW_AT_type (a void return, "void *", "const void") → void;
 *  - DW_TAG_array_type → one BTF array whose count is the product of its
 *    DW_TAG_subrange_type counts, as pahole encodes it: "int x[7][3][2]" is
 *    "int[42]" (a subrange counts DW_AT_count or DW_AT_upper_bound + 1, and
 *    0 when neither is given: a flexible array);
 *  - DW_TAG_subroutine_type: DW_TAG_formal_parameter children in order,
 *    DW_TAG_unspecified_parameters → "...", none → "(void)";
 *  - a declaration (DW_AT_declaration) struct/union is BTF's FWD: "struct x";
 *  - anonymous struct/union/enum print their members inline;
 *  - DW_TAG_atomic_type is transparent (BTF has no atomic kind).
 */
#ifndef DEPSURF_CTYPE_DWARF_H
#define DEPSURF_CTYPE_DWARF_H

#include <elfutils/libdw.h>

/*
 * The C spelling of type DIE @type (NULL = void). Malloc'ed string, or NULL
 * with errno set (ENOMEM; EINVAL for a DIE that is not a type; ELOOP when
 * nesting is deeper than any C type).
 */
char *ctype_dwarf_str(Dwarf_Die *type);

/* Like ctype_dwarf_str(), but declaring @name: "char comm[16]". */
char *ctype_dwarf_decl(Dwarf_Die *type, const char *name);

/*
 * The type @die refers to through DW_AT_type, in *@mem: returns @mem, or
 * NULL when @die has no DW_AT_type (void) or it cannot be followed.
 */
Dwarf_Die *ctype_dwarf_type_of(Dwarf_Die *die, Dwarf_Die *mem);

#endif

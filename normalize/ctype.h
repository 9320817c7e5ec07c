/* SPDX-License-Identifier: MIT */
/*
 * Normalized C type strings from BTF (README "Dataset schema"): the one
 * printer shared by the struct/union members, function prototypes and
 * tracepoint fields, so that two images agree textually exactly when the C
 * type agrees.
 *
 * Rules (README "Dataset schema", type strings):
 *  - typedef names are kept, never resolved: "u32", "size_t";
 *  - base and declarator are separated by one space unless the declarator
 *    starts with '[': "struct request *", "char[16]", "int *[4]",
 *    "int (*)[4]", "void (*)(struct sk_buff *)";
 *  - qualifiers precede what they qualify: "const struct file_operations *",
 *    and follow a '*' for qualified pointers: "char *const";
 *  - prototypes list parameter types only: "int (*)(void *, unsigned int)",
 *    "(void)" for none, "..." for varargs;
 *  - anonymous struct/union/enum types print inline:
 *    "struct {int a; unsigned int b:3;}", "enum {A, B}";
 *  - BTF type tags (__user, __rcu, __percpu in kernels ≥ 5.17 built with
 *    clang/pahole support) are dropped: they are not part of the C type and
 *    would make images differ by toolchain rather than by source.
 */
#ifndef DEPSURF_CTYPE_H
#define DEPSURF_CTYPE_H

#include <bpf/btf.h>

/*
 * The C spelling of BTF type @type_id (0 = void). Returns a malloc'ed string
 * or NULL with errno set (ENOMEM, or EINVAL for a type id outside @btf).
 */
char *ctype_btf_str(const struct btf *btf, __u32 type_id);

/* Like ctype_btf_str(), but declaring @name: "char comm[16]". */
char *ctype_btf_decl(const struct btf *btf, __u32 type_id, const char *name);

/*
 * The qualifier words of @quals (CTYPE_CONST | CTYPE_VOLATILE |
 * CTYPE_RESTRICT) in the one canonical order "const volatile restrict",
 * for both printers (BTF here, DWARF in normalize/ctype_dwarf.c).
 */
#define CTYPE_CONST	1u
#define CTYPE_VOLATILE	2u
#define CTYPE_RESTRICT	4u
struct sbuf;
void ctype_print_quals(struct sbuf *out, unsigned int quals);

#endif

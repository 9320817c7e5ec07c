/* SPDX-License-Identifier: MIT */
/*
 * Bounded reading of a BTF that may be corrupt. libbpf 1.1 checks the
 * header and the record sizes only: a name offset may lie outside the
 * string section (btf__name_by_offset() then returns NULL), a type id may
 * point past the last type, and reference chains (const → volatile →
 * const, typedefs naming each other, an anonymous member holding its own
 * struct) may loop. Two lines of defense, one helper each:
 *
 *  - btf_check(): the whole BTF, once, when the image's BTF is loaded
 *    (image/kimage.c): every name offset inside the strings (and every
 *    name valid UTF-8, which the JSON writers need), every type
 *    reference to an existing type, and no cycle in what the readers
 *    follow: the type printer (modifiers, typedefs, tags, pointers,
 *    arrays, prototypes, the members of anonymous structs/unions, which it
 *    writes inline; a named struct/union ends it) and the member search
 *    (unnamed members, through typedefs and modifiers). Valid C cannot
 *    make either cycle; a pointer back to a named struct is not one.
 *  - btf_name() and btf_walk_*(): what every reader uses anyway, so that
 *    a BTF that did not come through btf_check() (a library caller, a
 *    fuzzer) still gives an error, never a NULL name or an endless loop.
 *
 * Library code: negative errno or -DS_ERRNO__BTF* (util/errors.h).
 */
#ifndef DEPSURF_BTF_WALK_H
#define DEPSURF_BTF_WALK_H

#include <bpf/btf.h>

/*
 * The deepest chain a walk follows (modifiers, typedefs, nesting of
 * anonymous types and declarators): real kernels stay below 20.
 */
#define BTF_WALK_MAX_DEPTH 64

/* The string at @off, "" when @off is outside the string section. */
const char *btf_name(const struct btf *btf, __u32 off);

/*
 * One more level of a walk: 0, or -DS_ERRNO__BTFLOOP once *@depth passes
 * BTF_WALK_MAX_DEPTH. Recursive walkers call it on entry with their own
 * depth counter; iterative ones with one counter per chain.
 */
int btf_walk_enter(int *depth);

/*
 * @*id with typedefs, const/volatile/restrict and type tags peeled off (in
 * any number up to BTF_WALK_MAX_DEPTH): the type, *@id updated (0: void,
 * returns NULL with *@err 0). NULL with *@err -DS_ERRNO__BTFLOOP for a
 * chain too long (a cycle) or -DS_ERRNO__BTFREF for a reference past the
 * last type.
 */
const struct btf_type *btf_walk_peel(const struct btf *btf, __u32 *id, int *err);

/*
 * Validate @btf as described above: 0, -DS_ERRNO__BTFNAME,
 * -DS_ERRNO__BTFUTF8 (a name the JSON writers would refuse), -DS_ERRNO__BTFREF, -DS_ERRNO__BTFLOOP or -ENOMEM; *@bad_id is the type
 * the problem is in.
 */
int btf_check(const struct btf *btf, __u32 *bad_id);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The entries of a set of dependencies in one image folder (dataset/<id>/).
 *
 * A JSON Lines surface is read once for all the dependencies on it, keys
 * only (SURFACE_READER_KEYS_ONLY), and only the lines whose key is wanted
 * are parsed: a handful of funcs.jsonl's 75,000 lines, not 77 MB of JSON.
 * Files are read to the end, so a truncated or disordered file is an error
 * even when the wanted lines come before the damage. The one-document
 * surfaces (syscalls.json, config.json) are loaded whole and their entries
 * cut out with diff_doc_entry(), as `depsurf diff` sees them.
 *
 * The entry of a dependency is what diff_item() compares between images:
 *   func        the funcs.jsonl line up to "defs" (its classification and
 *               prototype: what diff_item() compares; the defs and symbols
 *               are most of the line and are neither parsed nor checked)
 *   struct, union, enum, lsm, kfunc  the surface's line
 *   tracepoint  the line of EVENT (of SYSTEM/EVENT; without SYSTEM the
 *               first line of that event, by system then class)
 *   field       {"name": STRUCT, "size": 0, "members": [the member]}: the
 *               struct cut down to the one member, so that diff_item()
 *               reports only the field's own changes (type, offset,
 *               bitfield, removed), not the rest of the struct's; NULL when
 *               the struct (looked for in structs.jsonl, then unions.jsonl)
 *               has no such member. A member of an anonymous inner
 *               struct/union (skb->dev) is found in that member's inline
 *               type: its type and bitfield width come from there, its
 *               offset_bits is the anonymous member's (structs.jsonl does
 *               not hold the inner offsets), so a move inside the
 *               anonymous member is not seen; "in_anonymous": true marks
 *               such a member.
 *   syscall, config  diff_doc_entry()'s entry.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_MATRIX_LOOKUP_H
#define DEPSURF_MATRIX_LOOKUP_H

#include "matrix/dep.h"
#include "schema/surface_reader.h"

/* What went wrong, for a message "DIR/FILE[:LINE]: TEXT". */
struct lookup_error {
	char file[32];		/* the surface file, "" when not tied to one */
	unsigned long line;	/* 0: not tied to one line */
	char text[240];
};

/*
 * Member @field declared in @type, the inline C type of an anonymous
 * struct/union member as structs.jsonl writes it ("union {struct {struct
 * sk_buff *next; ...}; ...}"), reached through anonymous levels only (not
 * inside a named inner member such as struct_group's "headers"). Returns 1
 * with its type (normalized as a member type: "struct net_device *",
 * "__u8[0]", "void (*)(struct sk_buff *)"; malloc'ed) and bitfield width
 * (0: none), 0 when it is not there, -ENOMEM.
 */
int matrix_anon_member(const char *type, const char *field, char **ftype, int *bits);

/*
 * Set @entries[i] to the entry of @deps[i] in image folder @dir (a new
 * reference), or NULL when the image lacks it; @entries has @n slots.
 * Returns 0, or a negative errno with @e filled in (-EBADMSG: a file is
 * not what its schema says; -ENOENT etc.: a file cannot be read; -ENOMEM);
 * then every slot is NULL.
 */
int matrix_lookup(const char *dir, const struct dep *deps, size_t n, json_t **entries,
		  struct lookup_error *e);

/*
 * matrix_lookup() with @flags: MATRIX_LOOKUP_WHOLE gives a function's
 * whole funcs.jsonl line, defs and symbols included (`depsurf check`'s
 * way out: the callers a function is inlined into, its clone symbols).
 */
#define MATRIX_LOOKUP_WHOLE 1u
/* MATRIX_LOOKUP_NO_FUNCS: funcs.jsonl is not read; func deps stay NULL (another source fills them) */
#define MATRIX_LOOKUP_NO_FUNCS 2u
int matrix_lookup_flags(const char *dir, const struct dep *deps, size_t n, json_t **entries,
			unsigned int flags, struct lookup_error *e);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Comparing one surface entry of two images (SPEC §5, docs/schema-diff.md).
 *
 * The per-item differ is shared by `depsurf diff` (every entry of a pair of
 * images), `depsurf matrix` ("changed since the previous image") and
 * `depsurf check`: given the JSON entry of one name in the old image and in
 * the new one (as schema/surface_reader.h hands them out, either may be NULL
 * for absent), it lists what changed, each change with the consequence it has
 * for an eBPF program that depends on the entry.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_DIFF_H
#define DEPSURF_DIFF_H

#include <jansson.h>
#include <stddef.h>

/* The kinds of entries compared; one per published entry type. */
#define DIFF_KINDS(X)							\
	X(FUNCS, "funcs", "funcs.jsonl")				\
	X(STRUCTS, "structs", "structs.jsonl")				\
	X(UNIONS, "unions", "unions.jsonl")				\
	X(ENUMS, "enums", "enums.jsonl")				\
	X(TRACEPOINTS, "tracepoints", "tracepoints.jsonl")		\
	X(SYSCALLS, "syscalls", "syscalls.json")			\
	X(CONFIG, "config", "config.json")				\
	X(LSM_HOOKS, "lsm_hooks", "lsm_hooks.jsonl")			\
	X(KFUNCS, "kfuncs", "kfuncs.jsonl")				\
	X(REGISTERS, "registers", "registers.json")

#define DIFF_KIND_ENUM(id, name, file) DIFF_##id,
enum diff_kind {
	DIFF_KINDS(DIFF_KIND_ENUM)
	DIFF_KIND_COUNT
};
#undef DIFF_KIND_ENUM

/* "funcs", ... and the file it is read from; NULL for a bad kind. */
const char *diff_kind_name(enum diff_kind kind);
const char *diff_kind_file(enum diff_kind kind);
/* The kind named @name ("funcs", ...), or -1. */
int diff_kind_find(const char *name);

/*
 * What a change means for a program that depends on the entry, in rising
 * severity (the consequence of an entry is the worst of its changes):
 * none (e.g. a format string reworded), missing invocation (selective
 * inline, a new static duplicate: some events never fire), stray read
 * (a parameter/field type or offset changed, parameters reordered:
 * garbage values), error (absent, fully inlined, renamed by a
 * transformation: load or attach fails).
 */
enum diff_consequence {
	DIFF_NONE,
	DIFF_MISSING_INVOCATION,
	DIFF_STRAY_READ,
	DIFF_ERROR,
};

/* "none", "missing_invocation", "stray_read", "error". */
const char *diff_consequence_name(enum diff_consequence c);

/* One change of one entry. */
struct diff_change {
	const char *kind;	/* "param_type", "field_offset", "inline", ... (static) */
	char *what;		/* the parameter/field/value/slot it is about, or NULL (owned) */
	json_t *old_value;	/* the value before and after, or NULL (owned references) */
	json_t *new_value;
	enum diff_consequence consequence;
};

/* The changes of one entry, in a deterministic order; zero-initialise. */
struct diff_changes {
	struct diff_change *v;
	size_t n, cap;
};

/*
 * Compare entry @old_entry with @new_entry of kind @kind (borrowed; either
 * NULL when the image lacks the entry: then one change "removed" or
 * "added"). Appends the changes to @out (nothing when they are equal for
 * this kind's rules). Returns 0, -EINVAL (both NULL, or an entry of the
 * wrong shape) or -ENOMEM; on error @out keeps what it held before.
 */
int diff_item(enum diff_kind kind, const json_t *old_entry, const json_t *new_entry,
	      struct diff_changes *out);

/*
 * The entries of the one-document surfaces (syscalls.json, config.json,
 * registers.json) as diff_item() takes them: entry @name of @doc as a new
 * reference, or NULL when the image has none (or out of memory: check
 * errno). syscalls: @name is a syscall name, the entry its slots in every
 * ABI table of the image; config: "CONFIG_X" → {"name", "value"};
 * registers: "pt_regs" (the struct) or "params"/"ret" (the argument
 * mapping). Also how `depsurf matrix` finds "syscall:NAME".
 */
json_t *diff_doc_entry(enum diff_kind kind, const json_t *doc, const char *name);

/* The worst consequence in @c; DIFF_NONE when it is empty. */
enum diff_consequence diff_changes_worst(const struct diff_changes *c);

/* Frees the changes and empties @c for reuse. */
void diff_changes_clear(struct diff_changes *c);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * One dependency of an eBPF program on a kernel image (docs/matrix.md):
 * its spec ("func:NAME", "field:STRUCT::FIELD", ...), the entry that
 * stands for it in an image's surfaces, and its status there. Shared by
 * `depsurf matrix` and `depsurf check`: the lookup (matrix/lookup.h) fills
 * in the entries, dep_status() reads them, diff_item() (diff/diff.h)
 * compares two images' entries.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_MATRIX_DEP_H
#define DEPSURF_MATRIX_DEP_H

#include "diff/diff.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * X(id, spec prefix, surface file, diff kind). A field is looked up in
 * structs.jsonl, and in unions.jsonl when no struct has the name.
 */
#define DEP_KINDS(X)							\
	X(FUNC, "func", "funcs.jsonl", DIFF_FUNCS)			\
	X(STRUCT, "struct", "structs.jsonl", DIFF_STRUCTS)		\
	X(UNION, "union", "unions.jsonl", DIFF_UNIONS)			\
	X(FIELD, "field", "structs.jsonl", DIFF_STRUCTS)		\
	X(ENUM, "enum", "enums.jsonl", DIFF_ENUMS)			\
	X(TRACEPOINT, "tracepoint", "tracepoints.jsonl", DIFF_TRACEPOINTS) \
	X(SYSCALL, "syscall", "syscalls.json", DIFF_SYSCALLS)		\
	X(LSM, "lsm", "lsm_hooks.jsonl", DIFF_LSM_HOOKS)		\
	X(KFUNC, "kfunc", "kfuncs.jsonl", DIFF_KFUNCS)			\
	X(CONFIG, "config", "config.json", DIFF_CONFIG)

#define DEP_KIND_ENUM(id, prefix, file, diff) DEP_##id,
enum dep_kind {
	DEP_KINDS(DEP_KIND_ENUM)
	DEP_KIND_COUNT
};
#undef DEP_KIND_ENUM

/* "func", ...; the surface file it is read from; the diff_item() kind. */
const char *dep_kind_name(enum dep_kind kind);
const char *dep_kind_file(enum dep_kind kind);
enum diff_kind dep_kind_diff(enum dep_kind kind);

/* A parsed dependency; every string is owned. */
struct dep {
	enum dep_kind kind;
	char *spec;		/* as given: "tracepoint:block/block_rq_issue" */
	char *name;		/* the entry's name: function, type, event, CONFIG_X */
	char *field;		/* field: the member; else NULL */
	char *system;		/* tracepoint: the SYSTEM of SYSTEM/EVENT, or NULL */
};

/*
 * Parse @spec: KIND:NAME with KIND one of DEP_KINDS, NAME of letters,
 * digits and '_' (enum: also "(anon)"; config: CONFIG_...; field:
 * STRUCT::FIELD; tracepoint: EVENT or SYSTEM/EVENT, where the syscall
 * events [syscalls/]sys_enter_X and sys_exit_X become syscall X, as they
 * are in syscalls.json, not tracepoints.jsonl). Returns 0, -EINVAL
 * (with the reason in @why, a static string, when @why is not NULL) or
 * -ENOMEM. On error @d needs no dep_free().
 */
int dep_parse(const char *spec, struct dep *d, const char **why);
void dep_free(struct dep *d);

/*
 * The status of a dependency in one image, as a set of flags; the bit
 * order is the order of severity, worst first (DEP_STATUS_ORDER), which is
 * the order in which a cell lists them:
 *   absent        no entry (config: the option is not set, or unknown)
 *   full          function fully inlined: no symbol at all, cannot attach
 *   transformed   function: no symbol of the exact name, only clones
 *                 (.isra, .constprop, ...): attaching by name fails
 *   not_traceable function with an exact symbol but no ftrace site, or
 *                 kprobe-blacklisted; LSM hook without bpf_lsm_<hook>
 *   collision     function: static_static or static_global, the name
 *                 binds to one of several functions
 *   duplicate     function: static_duplicate, one header static per unit
 *   selective     function inlined at some sites: those calls are missed
 * ok is the empty set. Which attach fails or misses events is the order's
 * reason: the first three break loading, the fourth fentry/lsm, the
 * fifth reads the wrong function, the last two miss invocations.
 */
#define DEP_STATUSES(X)							\
	X(ABSENT, "absent", "absent", "\xe2\x88\x85")			\
	X(FULL, "full_inline", "full", "F")				\
	X(TRANSFORMED, "transformed", "transformed", "T")		\
	X(NOT_TRACEABLE, "not_traceable", "untraceable", "U")		\
	X(COLLISION, "collision", "collision", "C")			\
	X(DUPLICATE, "duplicate", "duplicate", "D")			\
	X(SELECTIVE, "selective_inline", "selective", "S")

#define DEP_STATUS_ENUM(id, json, text, sym) DEP_STATUS_BIT_##id,
enum dep_status_bit {
	DEP_STATUSES(DEP_STATUS_ENUM)
	DEP_STATUS_COUNT
};
#undef DEP_STATUS_ENUM
#define DEP_ST(id) (1u << DEP_STATUS_BIT_##id)

/* Names of status bit @bit: in JSON, in the terminal, in Markdown. */
const char *dep_status_json(enum dep_status_bit bit);
const char *dep_status_text(enum dep_status_bit bit);
const char *dep_status_symbol(enum dep_status_bit bit);

/*
 * The status flags of dependency @d whose entry in an image is @entry
 * (as matrix/lookup.h gives it; NULL: absent). -EINVAL when the entry
 * does not have the shape of its surface (docs/schema-*.md).
 */
int dep_status(const struct dep *d, const json_t *entry, unsigned int *status);

/*
 * A config entry's value as a cell shows it: the value ("y", "m", "n",
 * "0x1000000"), "unset" for "is not set", NULL when the image does not
 * know the option (or @d is not a config dependency).
 */
const char *dep_config_value(const struct dep *d, const json_t *entry);

#endif

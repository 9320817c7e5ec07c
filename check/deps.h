/* SPDX-License-Identifier: MIT */
/*
 * The dependency set of a BPF object (docs/check.md) as matrix/dep.h
 * dependencies, and the verdict of one dependency on one image.
 *
 * Sources: program section names (the hooks), the CO-RE records of
 * .BTF.ext (check/core.h), the __kconfig and __ksym externs. Two flags
 * soften a status:
 *   guarded   the object tests the field/type/enum value with an exists
 *             relocation (bpf_core_field_exists, ...): its absence is
 *             handled;
 *   fallback  every read of the dependency is in the branch taken when a
 *             guarded field is absent (the instruction after the exists
 *             record's "rX = 1" is "if rX == 0 goto"/"if rX != 0 goto"):
 *             it is not read on an image that has the guarded field;
 *   flavors   every read is through a ___flavor type (task_struct___o):
 *             the flavors of one type are alternatives, and the object is
 *             fine on an image where every dependency read through one of
 *             them is present;
 *   weak      a __weak __kconfig or __ksym extern: libbpf loads the object
 *             without it (0, or a NULL kfunc the program tests with
 *             bpf_ksym_exists()), so its absence is handled.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_CHECK_DEPS_H
#define DEPSURF_CHECK_DEPS_H

#include "check/bpfobj.h"
#include "matrix/matrix.h"

#include <stdbool.h>

/* How a program attaches: what of a function's status matters. */
enum check_hook {
	CHECK_HOOK_NONE,	/* not a hook: a CO-RE or extern dependency */
	CHECK_HOOK_KPROBE,	/* kprobe, kretprobe: a symbol, not kprobe-blacklisted */
	CHECK_HOOK_FENTRY,	/* fentry, fexit, fmod_ret: an ftrace site */
	CHECK_HOOK_BTF,		/* iter, tp_btf, raw_tp, tracepoint, lsm, ksyscall: the entry */
};

/* A program section and what it attaches to. */
struct check_prog {
	char *sec;		/* "kprobe/blk_account_io_start" */
	char *type;		/* "kprobe", ... ("uprobe" etc. for the others) */
	long dep;		/* its hook dependency, -1: none */
	const char *note;	/* no dependency: why (static), NULL for a hook */
};

struct check_dep {
	struct dep dep;
	enum check_hook hook;		/* the strictest hook that uses it */
	unsigned int relo_kinds;	/* 1 << enum bpfobj_relo_kind of its CO-RE records */
	char *enumerator;		/* enum value records: the enumerator, else NULL */
	char **locals;			/* names in the object's BTF it is read through */
	size_t nlocals;
	char **progs;			/* the program sections that use it, sorted */
	size_t nprogs;
	bool guarded;
	long fallback_of;		/* the guarded dependency whose absence it stands in for; -1 */
	bool flavored;			/* every read through a ___flavor type */
	bool kconfig;			/* a __kconfig extern */
	bool weak;			/* a __weak extern: its absence is handled (libbpf
					 * gives 0, the program tests it) */
	unsigned long reads, fallback_reads;	/* records that read it, in fallback branches */
};

/* Something in the object that is listed but not checked against an image. */
struct check_note {
	char *what;		/* "LINUX_KERNEL_VERSION", "ksym bpf_prog_active", a relocation */
	char *text;
};

struct check_set {
	struct check_prog *progs;
	size_t nprogs;
	struct check_dep *deps;		/* in the order first found */
	size_t ndeps;
	struct check_note *notes;
	size_t nnotes;
};

/*
 * The dependency set of object @o. Returns 0, -EBADMSG when a CO-RE record
 * does not fit the BTF (@why: the reason, static), -ENOMEM. @s needs
 * check_set_free() in every case.
 */
int check_set_build(const struct bpfobj *o, struct check_set *s, const char **why);
void check_set_free(struct check_set *s);

/* The verdict of a dependency on one image. */
enum check_level {
	CHECK_OK,		/* present, or nothing in its status matters */
	CHECK_HANDLED,		/* a status, but the object copes (guarded, fallback, flavor) */
	CHECK_ERROR,		/* a mismatch with a consequence */
};

struct check_verdict {
	enum check_level level;
	unsigned int status;		/* dep_status() flags, enumerator absence as ABSENT */
	const char *consequence;	/* static; NULL when ok */
	const char *handled_by;		/* CHECK_HANDLED: "guarded", "fallback", "flavor",
					 * "weak" */
	char *way_out;			/* malloc'ed, or NULL */
	char *changed;			/* --against: "field_offset sector (stray_read)", or NULL */
};

/*
 * The verdict of dependency @i of @s on image column @img of @m, whose
 * rows are the deps of @s. @whole: the dependency's whole funcs.jsonl line
 * on that image (its defs and symbols, for the way out), or NULL; @alt:
 * the cell of the same-named tracepoint (for a function) or function (for
 * a tracepoint) on that image, or NULL. @against: the column to compare
 * with, or -1. Returns 0 or -ENOMEM (@v then needs no check_verdict_free).
 */
int check_verdict(const struct check_set *s, const struct matrix *m, size_t i, size_t img,
		  const json_t *whole, const struct matrix_cell *alt, long against,
		  struct check_verdict *v);
void check_verdict_free(struct check_verdict *v);

#endif

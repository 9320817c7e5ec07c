/* SPDX-License-Identifier: MIT */
/*
 * depsurf-funcs internals: the function surface of one vmlinux
 * (docs/schema-funcs.md).
 *
 * Pipeline (every step is library-style: negative errno, no printing):
 *  1. the image (image/kimage.h): ELF, symbols, kernel data, DWARF, BTF;
 *  2. dwalk_run()      one pass over .debug_info (2 threads, CUs split in two
 *                      halves by size, each half with its own Dwarf handle)
 *                      recording every DW_TAG_subprogram, inlined subroutine
 *                      and call site, keyed by DIE offset;
 *  3. fsyms_read()     .symtab function symbols, the ftrace call-site table
 *                      and the kprobe blacklist;
 *  4. model_build()    origins resolved after the walk, definitions grouped
 *                      by name with the symbols, classification;
 *  5. proto_*()        prototypes from BTF, DWARF for what BTF omits;
 *  6. emit_jsonl()     one sorted JSON line per group.
 */
#ifndef DEPSURF_FUNCS_H
#define DEPSURF_FUNCS_H

#include "image/kimage.h"
#include "util/strtab.h"

#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct btf;

/* ------------------------------------------------------------ DWARF walk */

enum {
	SP_EXTERNAL	= 1 << 0,
	SP_DECL		= 1 << 1,	/* DW_AT_declaration */
	SP_HAS_PC	= 1 << 2,	/* out-of-line body: low_pc or ranges */
	SP_HAS_FILE	= 1 << 3,
	SP_SPEC		= 1 << 4,	/* origin is DW_AT_specification */
};

/* DW_AT_inline values (DWARF 5 §3.3.8.1). */
#define INL_INLINED(v)	((v) == 1 || (v) == 3)	/* DW_INL_inlined, declared_inlined */
#define INL_DECLARED(v)	((v) == 2 || (v) == 3)	/* declared_not_inlined, declared_inlined */

/* One DW_TAG_subprogram DIE. */
struct fn_sp {
	Dwarf_Off off;
	Dwarf_Off origin;	/* DW_AT_abstract_origin / DW_AT_specification, 0 */
	const char *name;	/* borrowed from the image, NULL if none */
	uint64_t pc;		/* entry of the out-of-line body if SP_HAS_PC */
	uint32_t cu;		/* index in dwalk.cus */
	uint32_t decl_file;
	uint32_t decl_line;
	uint8_t flags;		/* SP_* */
	uint8_t inline_attr;	/* DW_AT_inline, 0 if absent */
};

enum site_kind { SITE_INLINE = 0, SITE_CALL = 1 };

/* A DW_TAG_inlined_subroutine or a direct call site. */
struct fn_site {
	Dwarf_Off origin;	/* the callee DIE */
	uint32_t caller;	/* fn_sp index of the outermost enclosing subprogram */
	uint8_t kind;		/* enum site_kind */
};

struct fn_cu {
	Dwarf_Off off;		/* unit header */
	Dwarf_Off end;		/* next unit */
	const char *name;	/* DW_AT_name, borrowed */
	const char *comp_dir;	/* DW_AT_comp_dir, borrowed, may be NULL */
	uint64_t stmt_list;	/* DW_AT_stmt_list, UINT64_MAX if none */
	uint32_t lang;
	bool skip;		/* Rust or not a compile unit */
};

struct dwalk {
	struct fn_cu *cus;
	size_t nr_cus;
	struct fn_sp *sps;	/* sorted by off */
	size_t nr_sps;
	struct fn_site *sites;
	size_t nr_sites;
	unsigned int dwarf_version;	/* highest CU version seen */
	Dwarf_Off bad_cu;	/* on -EBADMSG: the unit that failed */
};

/*
 * Walk every unit, splitting the units over @nthreads threads (1..4), thread
 * i using handle @dwarf[i] (all on the same Elf). Strings recorded are
 * borrowed from the image's section data: valid until kimage_close().
 */
int dwalk_run(Dwarf **dwarf, int nthreads, struct dwalk *out);
void dwalk_free(struct dwalk *dw);
/* Index of the subprogram DIE at @off, or -1. */
long dwalk_find(const struct dwalk *dw, Dwarf_Off off);

/* ------------------------------------------------------------ symbols */

struct fn_sym {
	const char *name;	/* borrowed (.strtab) */
	uint64_t addr;
	uint64_t size;
	const char *section;	/* borrowed (.shstrtab), "ABS"/"UNDEF"/"COMMON" */
	uint8_t bind;		/* STB_* */
};

struct fn_range {
	uint64_t start, end;
};

struct fsyms {
	struct fn_sym *syms;	/* STT_FUNC of .symtab minus padding symbols */
	size_t nr;
	struct fn_range *ranges;	/* of the sized symbols, sorted */
	size_t nr_ranges;
	size_t nr_padding;	/* __pfx_/__cfi_ symbols left out */
	uint64_t *mcount;	/* ftrace call sites, sorted */
	size_t nr_mcount;
	const char *mcount_src;	/* "__mcount_loc", "__patchable_function_entries" or NULL */
	bool mcount_relocated;	/* some values only in .rela.dyn */
	bool pre_patch;		/* sites precede their functions (arm64 CALL_OPS) */
	uint64_t *kbl;		/* kprobe blacklist, sorted */
	size_t nr_kbl;
	bool has_kbl;
};

/* -ENOENT: no .symtab (stripped); -EBADMSG: corrupt tables. */
int fsyms_read(struct kimage *img, struct fsyms *out);
void fsyms_free(struct fsyms *fs);
/*
 * Is there an ftrace call site of the function at [addr, addr + size)
 * (size 0 → 1 byte)? See fsyms.c for the sites before the function.
 */
bool fsyms_traceable(const struct fsyms *fs, uint64_t addr, uint64_t size);
bool fsyms_blacklisted(const struct fsyms *fs, uint64_t addr);

/* ------------------------------------------------------------ model */

enum inline_kind { INLINE_NONE, INLINE_SELECTIVE, INLINE_FULL };
enum collision_kind {
	COLL_UNIQUE_GLOBAL, COLL_UNIQUE_STATIC, COLL_STATIC_DUPLICATE,
	COLL_STATIC_STATIC, COLL_STATIC_GLOBAL,
};

#define NO_ADDR UINT64_MAX

/* A caller of a definition: "file:function" as (file id, name id). */
struct fn_caller {
	uint32_t def;		/* callee def index */
	uint32_t file;		/* caller's decl file (strtab id) */
	uint32_t name;		/* caller's name (model.names id) */
	uint32_t rank;		/* order of "file:name" among all callers */
	uint8_t kind;		/* enum site_kind */
};

struct fn_def {
	uint32_t sp;		/* the defining DIE (abstract instance or plain) */
	uint32_t group;
	uint32_t file;		/* strtab id of the normalized decl file */
	uint32_t line;
	uint32_t cu_path;	/* strtab id of the normalized CU name */
	bool external;
	uint8_t inline_attr;
	uint32_t inline_sites;
	uint32_t call_sites;
	uint64_t addr;		/* NO_ADDR when no out-of-line body */
	/* callers: model.callers[caller_first .. + nr_inline + nr_call) */
	size_t caller_first;
	uint32_t nr_inline_callers;
	uint32_t nr_call_callers;
};

struct fn_group {
	uint32_t name;		/* id in model.names */
	uint32_t *defs;		/* def indexes, sorted (see model.c) */
	size_t nr_defs, cap_defs;
	uint32_t *syms;		/* fsyms indexes, sorted by addr, name */
	size_t nr_syms, cap_syms;
	enum inline_kind inline_kind;
	enum collision_kind collision;
	unsigned int transforms;	/* SYMSFX_* */
	bool exact_symbol;
	bool traceable;
	bool kprobe_blacklisted;
	/* prototype */
	char *ret;		/* owned; NULL: no prototype */
	struct fn_param *params;
	size_t nr_params;
	const char *proto_src;	/* "btf", "dwarf" or NULL */
};

struct fn_param {
	char *name;
	char *type;
};

struct model_stats {
	size_t unresolved_sites;	/* origin not a known subprogram */
	size_t decl_sites_unmatched;	/* call of a declaration without def */
	size_t skipped_defs;		/* __compiletime_assert_*, nameless */
};

struct model {
	struct strtab *strs;		/* paths */
	struct strtab *names;		/* group names (fn_group.name, fn_caller.name) */
	struct fn_def *defs;
	size_t nr_defs;
	struct fn_group *groups;	/* sorted by name after model_build */
	size_t nr_groups, cap_groups;
	struct fn_caller *callers;	/* grouped per def, sorted */
	size_t nr_callers;
	struct model_stats stats;
};

int model_build(struct model *m, const struct kimage *img,
		const struct dwalk *dw, const struct fsyms *fs);
void model_free(struct model *m);

/* ------------------------------------------------------------ prototypes */

/*
 * Fill every group's prototype: from @btf (may be NULL) by FUNC name, else
 * from the DWARF of one definition (see proto.c) through @dwarf.
 */
int proto_fill(struct model *m, const struct fsyms *fs,
	       const struct btf *btf, Dwarf *dwarf, const struct dwalk *dw);

/*
 * For --compare-protos: call @fn for every group that has both a BTF FUNC
 * and a DWARF definition, with both spellings ("ret (type name, ...)"); the
 * DWARF one is of a def that agrees with BTF if any does (a name with
 * several bodies), else of the def proto_fill() would use.
 */
typedef void (*proto_cmp_fn)(void *ctx, const char *name, const char *btf,
			     const char *dwarf);
int proto_compare(const struct model *m, const struct fsyms *fs,
		  const struct btf *btf, Dwarf *dwarf, const struct dwalk *dw,
		  proto_cmp_fn fn, void *ctx, size_t *nr_both);

/* ------------------------------------------------------------ output */

#include <stdio.h>
/*
 * Write every group, in order, one line each (util/jsonw.h). Returns 0 or
 * -errno: -EILSEQ for a name that is not UTF-8 (in group *@group), -ENOMEM,
 * -EIO.
 */
int emit_jsonl(FILE *f, const struct model *m, const struct fsyms *fs, size_t *group);
/*
 * After -EILSEQ: which string of group @group is not UTF-8 and where it
 * came from, "function name at DIE 0x2d is not valid UTF-8", in @buf.
 * 0, or -ENOENT when every string of it is valid.
 */
int emit_bad_string(const struct model *m, const struct fsyms *fs, const struct dwalk *dw,
		    size_t group, char *buf, size_t len);

#endif

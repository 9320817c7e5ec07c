/* SPDX-License-Identifier: MIT */
/*
 * The kernel dependencies of a BPF object file (`depsurf check`,
 * docs/check.md), read from the object itself:
 *   bpfobj.c  the ELF: its program sections (their hooks), its BTF, the
 *             CO-RE relocation records of .BTF.ext (parsed here, since
 *             libbpf keeps its btf_ext reader private) and its externs;
 *   core.c    a CO-RE record's access string resolved against the BTF;
 *   deps.c    all of it as matrix/dep.h dependencies with the guarded and
 *             any-of flags.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_CHECK_BPFOBJ_H
#define DEPSURF_CHECK_BPFOBJ_H

#include <stddef.h>
#include <stdint.h>

struct btf;

/* enum bpf_core_relo_kind of include/uapi/linux/bpf.h, with the names check prints. */
#define BPFOBJ_RELO_KINDS(X)				\
	X(FIELD_BYTE_OFFSET, "field_byte_offset")	\
	X(FIELD_BYTE_SIZE, "field_byte_size")		\
	X(FIELD_EXISTS, "field_exists")			\
	X(FIELD_SIGNED, "field_signed")			\
	X(FIELD_LSHIFT_U64, "field_lshift_u64")		\
	X(FIELD_RSHIFT_U64, "field_rshift_u64")		\
	X(TYPE_ID_LOCAL, "type_id_local")		\
	X(TYPE_ID_TARGET, "type_id_target")		\
	X(TYPE_EXISTS, "type_exists")			\
	X(TYPE_SIZE, "type_size")			\
	X(ENUMVAL_EXISTS, "enumval_exists")		\
	X(ENUMVAL_VALUE, "enumval_value")		\
	X(TYPE_MATCHES, "type_matches")

#define BPFOBJ_RELO_ENUM(id, name) BPFOBJ_RELO_##id,
enum bpfobj_relo_kind {
	BPFOBJ_RELO_KINDS(BPFOBJ_RELO_ENUM)
	BPFOBJ_RELO_COUNT
};
#undef BPFOBJ_RELO_ENUM

const char *bpfobj_relo_kind_name(unsigned int kind);

/* A program section ("kprobe/blk_account_io_start") and its instructions. */
struct bpfobj_prog {
	char *sec;
	const uint8_t *insns;		/* the section's bytes (borrowed from the object) */
	size_t size;
};

/* One CO-RE relocation record (struct bpf_core_relo). */
struct bpfobj_relo {
	size_t prog;			/* index in progs; SIZE_MAX: a section that is no program */
	uint32_t insn_off;		/* byte offset of the instruction in its section */
	uint32_t type_id;		/* root type in the object's BTF */
	const char *access;		/* "0:1:2" (in the BTF's strings) */
	uint32_t kind;			/* enum bpfobj_relo_kind */
};

/* A __kconfig or __ksym extern. */
struct bpfobj_extern {
	const char *name;		/* in the BTF's strings */
	const char *sec;		/* ".kconfig" or ".ksyms" */
	int is_func;			/* an extern function (a kfunc) */
	int is_weak;			/* __weak (STB_WEAK): optional, libbpf gives 0 / NULL */
};

struct bpfobj {
	struct btf *btf;
	struct bpfobj_prog *progs;
	size_t nprogs;
	struct bpfobj_relo *relos;
	size_t nrelos;
	struct bpfobj_extern *externs;
	size_t nexterns;
	void *priv;			/* the ELF handle and its data */
};

/*
 * Read BPF object @path. Returns 0; -ENOEXEC not ELF or not a BPF
 * object, -ENODATA no .BTF section, -EBADMSG a malformed .BTF or .BTF.ext
 * (every offset and length is checked), -ENOENT etc. from open(), -ENOMEM.
 * @why (when not NULL) then holds the reason, a static string. On error
 * @o needs no bpfobj_close(), but it is harmless.
 */
int bpfobj_open(const char *path, struct bpfobj *o, const char **why);
void bpfobj_close(struct bpfobj *o);

#endif

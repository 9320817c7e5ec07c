/* SPDX-License-Identifier: MIT */
/*
 * The kernel-image handle every extractor works on: the vmlinux opened and
 * validated once, and the readers over it loaded on first use and kept for
 * the life of the handle.
 *
 *  - ELF: opened with libelf on a read-only mapping; every header table and
 *    every section with file bytes lies inside the file (a truncated image
 *    fails here, not with a SIGBUS later).
 *  - symbols (formats/ksyms.h): .symtab in table order, by name, by address.
 *  - kernel data (formats/kdata.h): bytes by virtual address, pointers
 *    through the dynamic relocations.
 *  - BTF: the --btf file when given (raw BTF of `pahole
 *    --btf_encode_detached`, or an ELF with .BTF), else the embedded .BTF;
 *    libbpf byte-swaps BTF of the other endianness; the pointer size is
 *    always set from the ELF class (libbpf would guess it from "long").
 *  - DWARF (libdw) on the same Elf, and the raw line-table sections for
 *    formats/dwfiles.h (after libdw decompressed them in place).
 *
 * Library code: negative errno or -DS_ERRNO__* (util/errors.h), never
 * prints. Everything returned is owned by the handle: the pointers live
 * until kimage_close(). The handle is not thread-safe while loading; once
 * loaded, the readers are read-only.
 */
#ifndef DEPSURF_KIMAGE_H
#define DEPSURF_KIMAGE_H

#include "formats/dwfiles.h"
#include "formats/kdata.h"
#include "formats/ksyms.h"

#include <bpf/btf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdbool.h>
#include <sys/types.h>

struct kimage {
	const char *path;	/* borrowed from the caller */
	const char *btf_path;	/* --btf, or NULL for the embedded .BTF */
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	off_t file_size;
	unsigned int ptr_size;	/* 4 or 8, from the ELF class */
	bool big_endian;

	/* loaded on first use by the getters below */
	struct ksyms *syms;
	struct kdata *kd;
	struct btf *btf;
	struct btf *own_btf;	/* the embedded .BTF when --btf names another */
	int own_btf_err;
	Dwarf *dwarf;
	struct dwfiles_sections lines;
	int syms_err, kd_err, btf_err, dwarf_err;	/* sticky load errors */
	__u32 btf_bad_id;	/* the type a -DS_ERRNO__BTF* error is about */
};

/*
 * Open @path; @btf_path (may be NULL) is where kimage_btf() reads BTF from.
 * Both strings are borrowed. Errors: -errno of open(), -EISDIR, -ENOEXEC,
 * -EBADMSG, -DS_ERRNO__SHSTRNDX (e_shstrndx names no string table).
 */
int kimage_open(const char *path, const char *btf_path, struct kimage **out);
/* Safe on NULL. */
void kimage_close(struct kimage *img);

/* The section named @name (first one) and its header, or NULL. */
Elf_Scn *kimage_section(const struct kimage *img, const char *name, GElf_Shdr *shdr);
/*
 * The contents of section @name. -ENOENT: no such section; -ENODATA:
 * SHT_NOBITS or empty; -EBADMSG: libelf could not read it.
 */
int kimage_section_data(const struct kimage *img, const char *name, Elf_Data **data);
/* The name of section @shndx ("UNDEF", "ABS", "COMMON" for those; "" if none). */
const char *kimage_section_name(const struct kimage *img, size_t shndx);
/* Does the image carry DWARF (a non-empty .debug_info)? */
bool kimage_has_dwarf(const struct kimage *img);

/*
 * The architecture from e_machine + class + data, spelled like `uname -m`
 * (x86_64 i386 aarch64 arm s390x ppc64le ppc64 ppc riscv64 riscv32
 * loongarch64 mips mipsel mips64 mips64el sparc64); NULL when unknown.
 */
const char *kimage_arch(const struct kimage *img);
/* Does Debian architecture @debian (amd64, armhf, ppc64el...) run @elf_arch? */
bool kimage_debian_arch_match(const char *elf_arch, const char *debian);
/* The NT_GNU_BUILD_ID note as lowercase hex, malloc'ed; -ENOENT if none. */
int kimage_build_id(const struct kimage *img, char **hex);

/* -DS_ERRNO__NOSYMTAB for a stripped image. */
int kimage_syms(struct kimage *img, const struct ksyms **out);
int kimage_kdata(struct kimage *img, const struct kdata **out);
/*
 * -DS_ERRNO__NOBTF: no --btf and no .BTF section (kimage_has_dwarf() tells
 * whether pahole could make one); -DS_ERRNO__BADBTF: libbpf rejected it;
 * -DS_ERRNO__BTFNAME/BTFREF/BTFLOOP: btf_check() did (formats/btf_walk.h),
 * in type img->btf_bad_id;
 * -errno for an unreadable --btf file (-EISDIR for a directory). kimage_btf_file() names the file the
 * error is about (the --btf file or the image).
 */
int kimage_btf(struct kimage *img, const struct btf **out);
const char *kimage_btf_file(const struct kimage *img);
/*
 * The image's own embedded .BTF even when --btf names another file: what
 * resolve_btfids resolved the image's .BTF_ids against. Without --btf, the
 * same as kimage_btf(). Errors as kimage_btf().
 */
int kimage_own_btf(struct kimage *img, const struct btf **out);
/* -DS_ERRNO__NODWARF, or -EBADMSG when libdw cannot read it. */
int kimage_dwarf(struct kimage *img, Dwarf **out);
/*
 * Another Dwarf handle on the same Elf, for a second walking thread (libdw
 * handles are not thread-safe); the caller ends it with dwarf_end(). Call
 * kimage_dwarf() first and create these before starting threads.
 */
int kimage_dwarf_new(struct kimage *img, Dwarf **out);
/* The .debug_line* / .debug_str bytes; valid after kimage_dwarf(). */
const struct dwfiles_sections *kimage_lines(const struct kimage *img);

#endif

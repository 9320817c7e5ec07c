/* SPDX-License-Identifier: MIT */
/*
 * The kernel modules of an image, read back from the module store that
 * `depsurf-unpack --modules DIR` wrote (unpack/modstore.h): the index
 * DIR/modules.list, and one module at a time decompressed into memory and
 * opened with libelf (an ET_REL object: its sections, .modinfo, its split
 * .BTF on top of the vmlinux's).
 *
 * Library code: negative errno, never prints. A module's problems are its
 * own: the caller records them and goes on with the next module.
 */
#ifndef DEPSURF_KMODULES_H
#define DEPSURF_KMODULES_H

#include <bpf/btf.h>
#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

/* Largest module accepted (the largest 6.1 amd64 debug module is ~0.5 GiB). */
#define KMOD_MAX_SIZE (2ull << 30)

struct kmod_ent {
	char *path;		/* under kernel/: "fs/ext4/ext4.ko" (owned) */
	uint64_t size;		/* bytes, from the index */
};

struct kmods {
	char *dir;
	struct kmod_ent *v;	/* sorted by path */
	size_t cnt, cap;
};

/*
 * Read DIR/modules.list. -ENOENT without one; -EBADMSG (with *@line set to
 * the 1-based line) for a malformed, unsorted or repeated entry or a path
 * that would leave DIR.
 */
int kmods_open(const char *dir, struct kmods **out, size_t *line);
void kmods_free(struct kmods *m);

struct kmodule {
	const char *path;	/* borrowed from the kmods entry */
	char *name;		/* .modinfo name=, else the file name without .ko, '-' as '_' */
	char *depends;		/* .modinfo depends= ("" if none) */
	void *buf;		/* the module's bytes */
	size_t size;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
};

/*
 * Decompress module @i and open it. -EBADMSG: a bad zstd frame, a size other
 * than the index's, or an ELF libelf refuses or whose sections lie outside
 * it; -ENOEXEC: not a relocatable ELF; -EFBIG: past KMOD_MAX_SIZE.
 */
int kmodule_open(const struct kmods *m, size_t i, struct kmodule **out);
void kmodule_close(struct kmodule *km);

/* Section @name's data. -ENOENT: none; -ENODATA: NOBITS or empty; -EBADMSG. */
int kmodule_section_data(const struct kmodule *km, const char *name, Elf_Data **data,
			 GElf_Shdr *shdr);

/*
 * The module's .BTF as split BTF on top of @base (the vmlinux's own .BTF:
 * the one the module's was encoded against). -ENOENT: no .BTF;
 * -DS_ERRNO__BADBTF: libbpf refused it. The result is the caller's
 * (btf__free) and refers to @base, which must outlive it.
 */
int kmodule_btf(const struct kmodule *km, const struct btf *base, struct btf **out);

#endif

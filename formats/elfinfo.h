/* SPDX-License-Identifier: MIT */
/*
 * A kernel image opened with libelf: validated headers (every section lies
 * inside the file, so a truncated vmlinux is caught when it is opened),
 * section lookup by name, the architecture named from the ELF header, the
 * GNU build-id note and the .comment strings.
 *
 * Errors are negative errno values; two have a specific meaning here and
 * elfinfo_strerror() spells them: -ENOEXEC (not an ELF file) and -EBADMSG
 * (truncated or corrupt ELF).
 */
#ifndef DEPSURF_ELFINFO_H
#define DEPSURF_ELFINFO_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct elfinfo {
	int fd;			/* -1 when closed */
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	off_t file_size;
};

int elfinfo_open(struct elfinfo *ei, const char *path);
/* Safe on a zeroed, failed or already-closed elfinfo. */
void elfinfo_close(struct elfinfo *ei);
/* A short phrase for an elfinfo error (not thread-safe for plain errno). */
const char *elfinfo_strerror(int err);

/* The section named @name (first one) and its header, or NULL. */
Elf_Scn *elfinfo_section(const struct elfinfo *ei, const char *name,
			 GElf_Shdr *shdr);
/*
 * The contents of section @name; the data lives as long as @ei.
 * -ENOENT: no such section; -ENODATA: SHT_NOBITS or empty; -EBADMSG: libelf
 * could not read it.
 */
int elfinfo_section_data(const struct elfinfo *ei, const char *name,
			 Elf_Data **data);

/* Pointer size of the image: 4 for ELFCLASS32, 8 for ELFCLASS64. */
size_t elfinfo_ptr_size(const struct elfinfo *ei);
bool elfinfo_big_endian(const struct elfinfo *ei);
/*
 * The architecture from e_machine + class + data, spelled like `uname -m`
 * (x86_64 i386 aarch64 arm s390x ppc64le ppc64 ppc riscv64 riscv32
 * loongarch64 mips mipsel mips64 mips64el sparc64); NULL when unknown.
 */
const char *elfinfo_arch(const struct elfinfo *ei);
/* Does Debian architecture @debian (amd64, armhf, ppc64el...) run @elf_arch? */
bool elfinfo_debian_arch_match(const char *elf_arch, const char *debian);

/*
 * The NT_GNU_BUILD_ID note as lowercase hex in a malloc'ed string.
 * -ENOENT when the image has no build-id note.
 */
int elfinfo_build_id(const struct elfinfo *ei, char **hex);

#endif

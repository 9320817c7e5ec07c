// SPDX-License-Identifier: MIT
#include "formats/elfinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

/* Is [off, off + size) inside a file of @file_size bytes? */
static bool in_file(GElf_Off off, GElf_Xword size, off_t file_size)
{
	return off <= (GElf_Off)file_size && size <= (GElf_Off)file_size - off;
}

/* Every section's bytes must lie inside the file: catches truncation before
 * libelf maps past the end (which would be a SIGBUS, not an error). */
static int check_sections(struct elfinfo *ei)
{
	size_t shnum;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (!in_file(ei->ehdr.e_phoff, (GElf_Xword)ei->ehdr.e_phnum * ei->ehdr.e_phentsize,
		     ei->file_size))
		return -EBADMSG;
	if (elf_getshdrnum(ei->elf, &shnum) || elf_getshdrstrndx(ei->elf, &ei->shstrndx))
		return -EBADMSG;
	while ((scn = elf_nextscn(ei->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		if (sh.sh_type != SHT_NOBITS && !in_file(sh.sh_offset, sh.sh_size, ei->file_size))
			return -EBADMSG;
	}
	return 0;
}

static int check_magic(int fd, off_t file_size)
{
	unsigned char ident[EI_NIDENT];

	if (file_size < EI_NIDENT || pread(fd, ident, sizeof(ident), 0) != sizeof(ident))
		return -ENOEXEC;
	if (memcmp(ident, ELFMAG, SELFMAG))
		return -ENOEXEC;
	if ((ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64) ||
	    (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB))
		return -EBADMSG;
	return 0;
}

int elfinfo_open(struct elfinfo *ei, const char *path)
{
	struct stat st;
	int err;

	memset(ei, 0, sizeof(*ei));
	ei->fd = -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	ei->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ei->fd < 0)
		return -errno;
	if (fstat(ei->fd, &st)) {
		err = -errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		goto fail;
	}
	ei->file_size = st.st_size;
	err = check_magic(ei->fd, ei->file_size);
	if (err)
		goto fail;
	/* The section header table must be in the file before libelf reads it. */
	ei->elf = elf_begin(ei->fd, ELF_C_READ_MMAP, NULL);
	if (!ei->elf || elf_kind(ei->elf) != ELF_K_ELF || !gelf_getehdr(ei->elf, &ei->ehdr)) {
		err = -EBADMSG;
		goto fail;
	}
	if (!in_file(ei->ehdr.e_shoff, (GElf_Xword)ei->ehdr.e_shnum * ei->ehdr.e_shentsize,
		     ei->file_size)) {
		err = -EBADMSG;
		goto fail;
	}
	err = check_sections(ei);
	if (err)
		goto fail;
	return 0;
fail:
	elfinfo_close(ei);
	return err;
}

void elfinfo_close(struct elfinfo *ei)
{
	if (ei->elf)
		elf_end(ei->elf);
	if (ei->fd >= 0)
		close(ei->fd);
	ei->elf = NULL;
	ei->fd = -1;
}

const char *elfinfo_strerror(int err)
{
	switch (err) {
	case -ENOEXEC:
		return "not an ELF file";
	case -EBADMSG:
		return "truncated or corrupt ELF file";
	default:
		return strerror(-err);
	}
}

Elf_Scn *elfinfo_section(const struct elfinfo *ei, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(ei->elf, scn))) {
		const char *s;

		if (!gelf_getshdr(scn, &sh))
			continue;
		s = elf_strptr(ei->elf, ei->shstrndx, sh.sh_name);
		if (s && !strcmp(s, name)) {
			if (shdr)
				*shdr = sh;
			return scn;
		}
	}
	return NULL;
}

int elfinfo_section_data(const struct elfinfo *ei, const char *name, Elf_Data **data)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elfinfo_section(ei, name, &sh);

	if (!scn)
		return -ENOENT;
	if (sh.sh_type == SHT_NOBITS || !sh.sh_size)
		return -ENODATA;
	*data = elf_getdata(scn, NULL);
	if (!*data || !(*data)->d_buf)
		return -EBADMSG;
	return 0;
}

size_t elfinfo_ptr_size(const struct elfinfo *ei)
{
	return ei->ehdr.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
}

bool elfinfo_big_endian(const struct elfinfo *ei)
{
	return ei->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
}

const char *elfinfo_arch(const struct elfinfo *ei)
{
	bool is64 = elfinfo_ptr_size(ei) == 8, be = elfinfo_big_endian(ei);

	switch (ei->ehdr.e_machine) {
	case EM_X86_64:
		return is64 ? "x86_64" : "x32";
	case EM_386:
		return "i386";
	case EM_AARCH64:
		return be ? "aarch64_be" : "aarch64";
	case EM_ARM:
		return be ? "armeb" : "arm";
	case EM_S390:
		return is64 ? "s390x" : "s390";
	case EM_PPC64:
		return be ? "ppc64" : "ppc64le";
	case EM_PPC:
		return "ppc";
	case EM_RISCV:
		return is64 ? "riscv64" : "riscv32";
	case EM_LOONGARCH:
		return is64 ? "loongarch64" : "loongarch32";
	case EM_MIPS:
		if (is64)
			return be ? "mips64" : "mips64el";
		return be ? "mips" : "mipsel";
	case EM_SPARCV9:
		return "sparc64";
	default:
		return NULL;
	}
}

static const struct {
	const char *debian, *elf;
} debian_arches[] = {
	{ "amd64", "x86_64" },	   { "i386", "i386" },	     { "arm64", "aarch64" },
	{ "armhf", "arm" },	   { "armel", "arm" },	     { "s390x", "s390x" },
	{ "ppc64el", "ppc64le" },  { "ppc64", "ppc64" },     { "powerpc", "ppc" },
	{ "riscv64", "riscv64" },  { "loong64", "loongarch64" },
	{ "mips64el", "mips64el" }, { "mipsel", "mipsel" },   { "sparc64", "sparc64" },
	{ "x32", "x32" },
};

bool elfinfo_debian_arch_match(const char *elf_arch, const char *debian)
{
	size_t i;

	for (i = 0; i < sizeof(debian_arches) / sizeof(debian_arches[0]); i++)
		if (!strcmp(debian_arches[i].debian, debian))
			return elf_arch && !strcmp(debian_arches[i].elf, elf_arch);
	return false;
}

static int hex_dup(const unsigned char *p, size_t n, char **hex)
{
	char *s = malloc(n * 2 + 1);
	size_t i;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * n] = '\0';
	*hex = s;
	return 0;
}

int elfinfo_build_id(const struct elfinfo *ei, char **hex)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(ei->elf, scn))) {
		Elf_Data *data;
		GElf_Nhdr nh;
		size_t off = 0, name_off, desc_off;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			return -EBADMSG;
		while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp((char *)data->d_buf + name_off, "GNU", 4) && nh.n_descsz)
				return hex_dup((unsigned char *)data->d_buf + desc_off,
					       nh.n_descsz, hex);
		}
	}
	return -ENOENT;
}

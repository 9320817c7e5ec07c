// SPDX-License-Identifier: MIT
/* The kernel-image handle (image/kimage.h). */
#include "image/kimage.h"
#include "formats/btf_walk.h"
#include "util/errors.h"

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

/* ------------------------------------------------------------ open/close */

/* Is [off, off + size) inside a file of @file_size bytes? */
static bool in_file(GElf_Off off, GElf_Xword size, off_t file_size)
{
	return off <= (GElf_Off)file_size && size <= (GElf_Off)file_size - off;
}

/* Every section's bytes must lie inside the file: catches truncation before
 * libelf maps past the end (which would be a SIGBUS, not an error). */
static int check_sections(struct kimage *img)
{
	size_t shnum;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (!in_file(img->ehdr.e_phoff, (GElf_Xword)img->ehdr.e_phnum * img->ehdr.e_phentsize,
		     img->file_size))
		return -EBADMSG;
	if (elf_getshdrnum(img->elf, &shnum) || elf_getshdrstrndx(img->elf, &img->shstrndx))
		return -EBADMSG;
	/* libelf takes e_shstrndx as given: a bad one would make every
	 * section look missing */
	scn = img->shstrndx && img->shstrndx < shnum ? elf_getscn(img->elf, img->shstrndx)
						      : NULL;
	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type != SHT_STRTAB)
		return -DS_ERRNO__SHSTRNDX;
	scn = NULL;
	while ((scn = elf_nextscn(img->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		if (sh.sh_type != SHT_NOBITS && !in_file(sh.sh_offset, sh.sh_size, img->file_size))
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

static int open_elf(struct kimage *img)
{
	struct stat st;
	int err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	img->fd = open(img->path, O_RDONLY | O_CLOEXEC);
	if (img->fd < 0)
		return -errno;
	if (fstat(img->fd, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -ENOEXEC;
	img->file_size = st.st_size;
	err = check_magic(img->fd, img->file_size);
	if (err)
		return err;
	/* The section header table must be in the file before libelf reads it. */
	img->elf = elf_begin(img->fd, ELF_C_READ_MMAP, NULL);
	if (!img->elf || elf_kind(img->elf) != ELF_K_ELF || !gelf_getehdr(img->elf, &img->ehdr))
		return -EBADMSG;
	if (!in_file(img->ehdr.e_shoff, (GElf_Xword)img->ehdr.e_shnum * img->ehdr.e_shentsize,
		     img->file_size))
		return -EBADMSG;
	err = check_sections(img);
	if (err)
		return err;
	img->ptr_size = img->ehdr.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
	img->big_endian = img->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	img->lines.big_endian = img->big_endian;
	return 0;
}

int kimage_open(const char *path, const char *btf_path, struct kimage **out)
{
	struct kimage *img;
	int err;

	*out = NULL;
	img = calloc(1, sizeof(*img));
	if (!img)
		return -ENOMEM;
	img->fd = -1;
	img->path = path;
	img->btf_path = btf_path;
	err = open_elf(img);
	if (err) {
		kimage_close(img);
		return err;
	}
	*out = img;
	return 0;
}

void kimage_close(struct kimage *img)
{
	if (!img)
		return;
	btf__free(img->btf);
	btf__free(img->own_btf);
	kdata_close(img->kd);
	ksyms_free(img->syms);
	if (img->dwarf)
		dwarf_end(img->dwarf);
	if (img->elf)
		elf_end(img->elf);
	if (img->fd >= 0)
		close(img->fd);
	free(img);
}

/* --------------------------------------------------------------- sections */

Elf_Scn *kimage_section(const struct kimage *img, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(img->elf, scn))) {
		const char *s;

		if (!gelf_getshdr(scn, &sh))
			continue;
		s = elf_strptr(img->elf, img->shstrndx, sh.sh_name);
		if (s && !strcmp(s, name)) {
			if (shdr)
				*shdr = sh;
			return scn;
		}
	}
	return NULL;
}

int kimage_section_data(const struct kimage *img, const char *name, Elf_Data **data)
{
	GElf_Shdr sh;
	Elf_Scn *scn = kimage_section(img, name, &sh);

	if (!scn)
		return -ENOENT;
	if (sh.sh_type == SHT_NOBITS || !sh.sh_size)
		return -ENODATA;
	*data = elf_getdata(scn, NULL);
	if (!*data || !(*data)->d_buf)
		return -EBADMSG;
	return 0;
}

const char *kimage_section_name(const struct kimage *img, size_t shndx)
{
	Elf_Scn *scn;
	GElf_Shdr shdr;
	const char *n;

	switch (shndx) {
	case SHN_UNDEF:
		return "UNDEF";
	case SHN_ABS:
		return "ABS";
	case SHN_COMMON:
		return "COMMON";
	}
	scn = elf_getscn(img->elf, shndx);
	if (!scn || !gelf_getshdr(scn, &shdr))
		return "";
	n = elf_strptr(img->elf, img->shstrndx, shdr.sh_name);
	return n ? n : "";
}

bool kimage_has_dwarf(const struct kimage *img)
{
	GElf_Shdr sh;

	return kimage_section(img, ".debug_info", &sh) && sh.sh_type != SHT_NOBITS &&
	       sh.sh_size;
}

/* ---------------------------------------------------------- identity */

const char *kimage_arch(const struct kimage *img)
{
	bool is64 = img->ptr_size == 8, be = img->big_endian;

	switch (img->ehdr.e_machine) {
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

bool kimage_debian_arch_match(const char *elf_arch, const char *debian)
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

int kimage_build_id(const struct kimage *img, char **hex)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(img->elf, scn))) {
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

/* ---------------------------------------------------------- readers */

int kimage_syms(struct kimage *img, const struct ksyms **out)
{
	if (!img->syms && !img->syms_err) {
		img->syms_err = ksyms_load(img->elf, &img->syms);
		if (img->syms_err == -ENOENT)
			img->syms_err = -DS_ERRNO__NOSYMTAB;
	}
	*out = img->syms;
	return img->syms_err;
}

int kimage_kdata(struct kimage *img, const struct kdata **out)
{
	if (!img->kd && !img->kd_err)
		img->kd_err = kdata_open_elf(img->elf, &img->kd);
	*out = img->kd;
	return img->kd_err;
}

/* BTF from @path (raw or ELF), or from the image's .BTF when @path is NULL. */
static int load_btf(struct kimage *img, const char *path, struct btf **out, __u32 *bad_id)
{
	struct btf *btf;
	Elf_Data *data;
	int err;

	if (path) {
		struct stat st;

		/* libbpf says EINVAL for a directory */
		if (!stat(path, &st) && S_ISDIR(st.st_mode))
			return -EISDIR;
		btf = btf__parse(path, NULL);
		/* libbpf 1.x: NULL with errno set; ENOENT/EACCES for the file */
		if (!btf)
			return errno == ENOENT || errno == EACCES || errno == EISDIR ? -errno
											 : -DS_ERRNO__BADBTF;
	} else {
		err = kimage_section_data(img, ".BTF", &data);
		if (err == -ENOENT || err == -ENODATA)
			return -DS_ERRNO__NOBTF;
		if (err)
			return err;
		btf = btf__new(data->d_buf, data->d_size);
		if (!btf)
			return -DS_ERRNO__BADBTF;
	}
	/* libbpf checked the layout only: names, references, cycles here */
	err = btf_check(btf, bad_id);
	if (err) {
		btf__free(btf);
		return err;
	}
	btf__set_pointer_size(btf, img->ptr_size);
	*out = btf;
	return 0;
}

int kimage_btf(struct kimage *img, const struct btf **out)
{
	if (!img->btf && !img->btf_err)
		img->btf_err = load_btf(img, img->btf_path, &img->btf, &img->btf_bad_id);
	*out = img->btf;
	return img->btf_err;
}

int kimage_own_btf(struct kimage *img, const struct btf **out)
{
	__u32 bad_id;

	if (!img->btf_path)
		return kimage_btf(img, out);
	if (!img->own_btf && !img->own_btf_err)
		img->own_btf_err = load_btf(img, NULL, &img->own_btf, &bad_id);
	*out = img->own_btf;
	return img->own_btf_err;
}

const char *kimage_btf_file(const struct kimage *img)
{
	return img->btf_path ? img->btf_path : img->path;
}

static const uint8_t *section_bytes(const struct kimage *img, const char *name,
				    size_t *size)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = kimage_section(img, name, &shdr);
	Elf_Data *d;

	*size = 0;
	if (!scn || shdr.sh_type == SHT_NOBITS)
		return NULL;
	/* libdw decompresses SHF_COMPRESSED debug sections in place on this
	 * Elf; do the same so both readers see the same bytes. */
	if ((shdr.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0)
		return NULL;
	d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf)
		return NULL;
	*size = d->d_size;
	return d->d_buf;
}

static int load_dwarf(struct kimage *img)
{
	if (!kimage_has_dwarf(img))
		return -DS_ERRNO__NODWARF;
	img->dwarf = dwarf_begin_elf(img->elf, DWARF_C_READ, NULL);
	if (!img->dwarf)
		return -EBADMSG;
	/* the line-table sections, now decompressed if they were */
	img->lines.line = section_bytes(img, ".debug_line", &img->lines.line_size);
	img->lines.line_str = section_bytes(img, ".debug_line_str", &img->lines.line_str_size);
	img->lines.str = section_bytes(img, ".debug_str", &img->lines.str_size);
	return 0;
}

int kimage_dwarf(struct kimage *img, Dwarf **out)
{
	if (!img->dwarf && !img->dwarf_err)
		img->dwarf_err = load_dwarf(img);
	*out = img->dwarf;
	return img->dwarf_err;
}

int kimage_dwarf_new(struct kimage *img, Dwarf **out)
{
	*out = NULL;
	if (!img->dwarf)
		return img->dwarf_err ? img->dwarf_err : -EINVAL;
	*out = dwarf_begin_elf(img->elf, DWARF_C_READ, NULL);
	return *out ? 0 : -EBADMSG;
}

const struct dwfiles_sections *kimage_lines(const struct kimage *img)
{
	return &img->lines;
}

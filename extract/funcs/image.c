// SPDX-License-Identifier: MIT
/* The vmlinux opened once: libelf on an mmap, sections checked. */
#include "extract/funcs/funcs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint8_t *section_bytes(const struct image *img, const char *name,
				    size_t *size)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = image_section(img, name, &shdr);
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

/* The header tables and every section with file bytes lie inside the file. */
static int check_sections(const struct image *img, off_t file_size)
{
	uint64_t size = file_size;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	size_t n;

	if (elf_getshdrnum(img->elf, &n) ||
	    img->ehdr.e_shoff > size ||
	    (uint64_t)n * img->ehdr.e_shentsize > size - img->ehdr.e_shoff)
		return -EBADMSG;
	if (elf_getphdrnum(img->elf, &n) ||
	    img->ehdr.e_phoff > size ||
	    (uint64_t)n * img->ehdr.e_phentsize > size - img->ehdr.e_phoff)
		return -EBADMSG;

	while ((scn = elf_nextscn(img->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			return -EBADMSG;
		if (shdr.sh_type == SHT_NOBITS || shdr.sh_type == SHT_NULL)
			continue;
		if (shdr.sh_offset > (uint64_t)file_size ||
		    shdr.sh_size > (uint64_t)file_size - shdr.sh_offset)
			return -EBADMSG;
	}
	return 0;
}

int image_open(struct image *img, const char *path)
{
	struct stat st;
	int err;

	memset(img, 0, sizeof(*img));
	img->fd = -1;
	elf_version(EV_CURRENT);
	img->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (img->fd < 0)
		return -errno;
	if (fstat(img->fd, &st)) {
		err = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -ENOEXEC;
		goto fail;
	}
	img->elf = elf_begin(img->fd, ELF_C_READ_MMAP, NULL);
	if (!img->elf || elf_kind(img->elf) != ELF_K_ELF) {
		char magic[SELFMAG];

		/* the ELF magic, but too short to be one: truncated */
		err = pread(img->fd, magic, SELFMAG, 0) == SELFMAG &&
		      !memcmp(magic, ELFMAG, SELFMAG) ? -EBADMSG : -ENOEXEC;
		goto fail;
	}
	if (!gelf_getehdr(img->elf, &img->ehdr) ||
	    elf_getshdrstrndx(img->elf, &img->shstrndx)) {
		err = -EBADMSG;
		goto fail;
	}
	err = check_sections(img, st.st_size);
	if (err)
		goto fail;
	img->big_endian = img->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	img->lines.big_endian = img->big_endian;
	return 0;
fail:
	image_close(img);
	return err;
}

void image_close(struct image *img)
{
	if (img->elf)
		elf_end(img->elf);
	if (img->fd >= 0)
		close(img->fd);
	memset(img, 0, sizeof(*img));
	img->fd = -1;
}

Elf_Scn *image_section(const struct image *img, const char *name,
		       GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(img->elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, shdr))
			continue;
		n = elf_strptr(img->elf, img->shstrndx, shdr->sh_name);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

int image_dwarf(struct image *img, Dwarf **out)
{
	*out = dwarf_begin_elf(img->elf, DWARF_C_READ, NULL);
	if (!*out)
		return -ENODATA;
	/* the line-table sections, now decompressed if they were */
	if (!img->lines.line) {
		img->lines.line = section_bytes(img, ".debug_line",
						&img->lines.line_size);
		img->lines.line_str = section_bytes(img, ".debug_line_str",
						    &img->lines.line_str_size);
		img->lines.str = section_bytes(img, ".debug_str",
					       &img->lines.str_size);
	}
	return 0;
}

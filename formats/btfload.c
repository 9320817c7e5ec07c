// SPDX-License-Identifier: MIT
#include "formats/btfload.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int finish(struct btf *btf, size_t ptr_size, struct btf **out)
{
	/* libbpf 1.x: NULL with errno set (EINVAL, EPROTO... for bad BTF) */
	if (!btf)
		return errno ? -errno : -EINVAL;
	btf__set_pointer_size(btf, ptr_size);
	*out = btf;
	return 0;
}

int btfload_elf(const struct elfinfo *ei, struct btf **out)
{
	Elf_Data *data;
	int err;

	*out = NULL;
	err = elfinfo_section_data(ei, ".BTF", &data);
	if (err == -ENODATA)
		return -ENOENT;
	if (err)
		return err;
	return finish(btf__new(data->d_buf, data->d_size), elfinfo_ptr_size(ei), out);
}

int btfload_file(const char *path, size_t ptr_size, struct btf **out)
{
	*out = NULL;
	return finish(btf__parse(path, NULL), ptr_size, out);
}

bool btfload_has_dwarf(const struct elfinfo *ei)
{
	GElf_Shdr sh;

	return elfinfo_section(ei, ".debug_info", &sh) && sh.sh_type != SHT_NOBITS &&
	       sh.sh_size;
}

int btfload_image(const struct elfinfo *ei, const char *vmlinux, const char *btf_path,
		  struct btf **out, const char **errfile, char *msg, size_t len)
{
	int err;

	*errfile = btf_path ? btf_path : vmlinux;
	if (btf_path) {
		err = btfload_file(btf_path, elfinfo_ptr_size(ei), out);
		if (err)
			snprintf(msg, len, "cannot read BTF: %s", strerror(-err));
		return err;
	}
	err = btfload_elf(ei, out);
	if (err == -ENOENT && btfload_has_dwarf(ei))
		snprintf(msg, len, "no .BTF section; generate BTF from its DWARF with "
			 "`pahole --btf_encode_detached=FILE %s` and pass --btf FILE", vmlinux);
	else if (err == -ENOENT)
		snprintf(msg, len, "no .BTF section and no DWARF (.debug_info): "
			 "no type information");
	else if (err)
		snprintf(msg, len, "cannot read .BTF: %s", elfinfo_strerror(err));
	return err;
}

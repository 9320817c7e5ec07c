// SPDX-License-Identifier: MIT
#include "lib/btfload.h"

#include <errno.h>

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

/* SPDX-License-Identifier: MIT */
/*
 * The BTF of a kernel image: its embedded .BTF section, or a separate file
 * (raw BTF written by `pahole --btf_encode_detached`, or an ELF with .BTF)
 * for images that ship DWARF but no .BTF. libbpf byte-swaps BTF of the other
 * endianness; the pointer size is taken from the image's ELF class (libbpf
 * would otherwise guess it from the size of "long").
 *
 * Call libbpf_set_print(NULL) in main() first: libbpf warns on stderr.
 */
#ifndef DEPSURF_BTFLOAD_H
#define DEPSURF_BTFLOAD_H

#include "formats/elfinfo.h"

#include <bpf/btf.h>

/*
 * BTF from the .BTF section of @ei. -ENOENT: no .BTF section; -EBADMSG:
 * unreadable section; other negative errno from libbpf (invalid BTF).
 */
int btfload_elf(const struct elfinfo *ei, struct btf **out);

/* BTF from file @path (raw or ELF), pointer size @ptr_size (4 or 8). */
int btfload_file(const char *path, size_t ptr_size, struct btf **out);

/*
 * The image's BTF: from @btf_path when given (then @ei only supplies the
 * pointer size), else from the .BTF section of @ei. On error, *@errfile is
 * the file to name (@vmlinux or @btf_path) and @msg (of @len bytes) says
 * what is wrong, including the pahole command when only DWARF is there.
 */
int btfload_image(const struct elfinfo *ei, const char *vmlinux, const char *btf_path,
		  struct btf **out, const char **errfile, char *msg, size_t len);

/* Does @ei carry DWARF (.debug_info)? The pahole fallback needs it. */
bool btfload_has_dwarf(const struct elfinfo *ei);

#endif

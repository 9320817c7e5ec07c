/* SPDX-License-Identifier: MIT */
/*
 * A relocatable kernel object (a module .ko: ET_REL) read as the kernel's
 * module loader would see its data: a location is (section, offset), since
 * nothing has an address before the module is loaded, and a pointer stored
 * in a data section is what its relocation says (symbol's section and
 * value, plus the addend), not the bytes there (zero for RELA).
 *
 *  - Only relocations of data sections are indexed (SHF_ALLOC targets that
 *    are not code): those of .text and of .debug_* are many and not needed.
 *  - RELA (x86_64, arm64, s390x, ppc64, riscv64, loongarch) takes the addend
 *    from the entry; REL (i386, arm) from the bytes at the location.
 *  - A pointer with no relocation reads as NULL when its bytes are zero;
 *    otherwise -EFAULT (it would be an address the module does not know).
 *    A relocation against an undefined symbol (something of the vmlinux or
 *    of another module) gives -ENXIO, one of a type that is not the
 *    machine's absolute pointer -ENOTSUP.
 *
 * Library code: negative errno, never prints. Strings are borrowed from
 * the Elf's data and live as long as it does.
 */
#ifndef DEPSURF_KREL_H
#define DEPSURF_KREL_H

#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>

struct krel;

struct krel_loc {
	uint32_t shndx;		/* section index; 0 for NULL */
	uint64_t off;		/* offset in it */
};

/* Index @elf (borrowed; an ET_REL). -ENOEXEC: not ET_REL; -EBADMSG: corrupt. */
int krel_open(Elf *elf, struct krel **out);
void krel_free(struct krel *kr);

unsigned int krel_ptr_size(const struct krel *kr);

/* Section @name: its first byte and size. -ENOENT: none; -ENODATA: NOBITS. */
int krel_section(const struct krel *kr, const char *name, struct krel_loc *start,
		 uint64_t *size);
/* An unsigned integer of @size (1, 2, 4, 8) bytes at @at, in the object's byte order. */
int krel_read_uint(const struct krel *kr, struct krel_loc at, unsigned int size,
		   uint64_t *val);
/* The pointer stored at @at (see above); NULL gives shndx 0. */
int krel_read_ptr(const struct krel *kr, struct krel_loc at, struct krel_loc *to);
/* The NUL-terminated string at @at (-EBADMSG when no NUL ends it in its section). */
int krel_read_str(const struct krel *kr, struct krel_loc at, const char **str);
/* The name of a defined symbol at @at that starts with @prefix, or NULL. */
const char *krel_sym_at(const struct krel *kr, struct krel_loc at, const char *prefix);
/*
 * How many defined symbols start with @prefix and lie in section @section
 * (NULL: any): "__tracepoint_" in "__tracepoints" counts the tracepoints
 * and not the `__tracepoint_ptr_` entries of "__tracepoints_ptrs" that
 * architectures without PREL32 relocations (s390x) also have.
 */
size_t krel_count_prefix(const struct krel *kr, const char *prefix, const char *section);

#endif

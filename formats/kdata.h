/* SPDX-License-Identifier: MIT */
/*
 * Kernel data reader: the initialized data of a vmlinux image, read by
 * virtual address (the symbol table is formats/ksyms.h).
 *
 *  - Address → bytes through the SHF_ALLOC section headers (sections at
 *    address 0, i.e. x86's .data..percpu, are left out: they would shadow
 *    real addresses). An image without section headers falls back to its
 *    PT_LOAD program headers (file bytes, then zeros up to p_memsz).
 *  - NOBITS (.bss) reads as zeros: that is what the kernel holds there when
 *    it starts. A C string, however, must lie in file-backed (PROGBITS)
 *    bytes and end with a NUL inside its section; otherwise -EFAULT/-EBADMSG.
 *  - Pointer size and byte order come from the ELF header (ELFCLASS32/64,
 *    ELFDATA2LSB/MSB), so arm/i386 (4-byte) and s390x (big-endian) work.
 *  - Relocatable images: the dynamic RELA sections (SHT_RELA with SHF_ALLOC,
 *    i.e. .rela.dyn) are indexed once, sorted by r_offset. A pointer read at
 *    a relocated address yields the relocated value (load bias 0):
 *    *_RELATIVE → addend, *_64/ABS64/GLOB_DAT → symbol value + addend.
 *    arm64 links with --no-apply-dynamic-relocs, so the section bytes hold 0
 *    and the relocation is the only source of the value. Static relocations
 *    (x86's --emit-relocs .rela.text, non-alloc) are already applied to the
 *    bytes and are ignored; so are RELR/REL, whose addends live in the bytes.
 *
 * Library code: returns negative errno, never prints. Strings returned are
 * borrowed from the mapped file and live as long as the Elf.
 */
#ifndef DEPSURF_KDATA_H
#define DEPSURF_KDATA_H

#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kdata;

/*
 * Read the data of an open ELF_C_READ_MMAP @elf, borrowed: it must outlive
 * the struct kdata, which does not end it (image/kimage.h owns both).
 * Errors: -ENOEXEC (not an ELF), -EBADMSG (truncated or corrupt), -ENOMEM.
 */
int kdata_open_elf(Elf *elf, struct kdata **out);
void kdata_close(struct kdata *kd);

unsigned int kdata_ptr_size(const struct kdata *kd);	/* 4 or 8 */
bool kdata_big_endian(const struct kdata *kd);
unsigned int kdata_machine(const struct kdata *kd);	/* EM_* */
size_t kdata_nr_relocs(const struct kdata *kd);		/* dynamic RELA entries */

/*
 * Bytes of the section named @name (file-backed), borrowed. -ENOENT when
 * absent, -EBADMSG when its bytes lie beyond the end of the file.
 */
int kdata_section(const struct kdata *kd, const char *name,
		  const void **data, size_t *size);

/*
 * How many file-backed bytes follow @addr in its section (0 when @addr is
 * outside the image or in NOBITS): the cap of any table or span a reader
 * walks, so that sizes taken from symbols never outgrow the data.
 */
uint64_t kdata_file_bytes(const struct kdata *kd, uint64_t addr);

/* @len bytes at @addr, within one section; -EFAULT outside the image. */
int kdata_read(const struct kdata *kd, uint64_t addr, void *buf, size_t len);
/* An unsigned integer of @size (1, 2, 4, 8) bytes in the image's byte order. */
int kdata_read_uint(const struct kdata *kd, uint64_t addr, unsigned int size,
		    uint64_t *val);
/*
 * A pointer at @addr, relocation-aware (see above). -ENOTSUP when a dynamic
 * relocation of a type this reader does not know applies there.
 */
int kdata_read_ptr(const struct kdata *kd, uint64_t addr, uint64_t *val);
/*
 * @n pointers at @addr (an array inside one section) into @vals, each as
 * kdata_read_ptr() reads it; *@nr_relocated (may be NULL) counts those
 * only a dynamic relocation supplies (the file bytes hold another value,
 * e.g. arm64's 0). -EFAULT when the array is not inside one section of the
 * image, -ENOTSUP as kdata_read_ptr().
 */
int kdata_read_ptrs(const struct kdata *kd, uint64_t addr, size_t n,
		    uint64_t *vals, size_t *nr_relocated);
/*
 * The NUL-terminated string at @addr (borrowed). -EFAULT when @addr is not
 * in a file-backed section, -EBADMSG when no NUL ends it in the section.
 */
int kdata_read_str(const struct kdata *kd, uint64_t addr, const char **str);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The ELF symbol table (.symtab) of a kernel image, read once and indexed
 * three ways: in table order, by name (hashed) and by address (sorted).
 *
 * Every named entry is kept except STT_SECTION/STT_FILE and the arm/arm64
 * mapping symbols ($a, $d, $t, $x...). Section indexes are resolved
 * through SHT_SYMTAB_SHNDX (SHN_XINDEX). Values are kept as the file
 * has them (32-bit ARM's Thumb bit included: callers that compare with
 * DWARF clear it).
 *
 * Library code: negative errno, never prints. Names are borrowed from the
 * Elf's string table and live as long as it does; free the ksyms first.
 */
#ifndef DEPSURF_KSYMS_H
#define DEPSURF_KSYMS_H

#include <libelf.h>
#include <stddef.h>
#include <stdint.h>

struct ksyms;

struct ksym {
	const char *name;	/* borrowed (string table of the file) */
	uint64_t addr;
	uint64_t size;
	uint32_t shndx;		/* section index (SHN_ABS etc. as in ELF) */
	uint32_t index;		/* of the entry in .symtab */
	uint8_t type;		/* STT_* */
	uint8_t bind;		/* STB_* */
};

/*
 * Index the .symtab of @elf (borrowed: it must outlive the ksyms).
 * -ENOENT: no .symtab (a stripped image); -EBADMSG: a corrupt table.
 */
int ksyms_load(Elf *elf, struct ksyms **out);
void ksyms_free(struct ksyms *ks);

size_t ksyms_count(const struct ksyms *ks);
/* Symbol @i in table order (0 <= i < ksyms_count()). */
const struct ksym *ksyms_get(const struct ksyms *ks, size_t i);

/* By exact name; with duplicates (statics) a GLOBAL one wins, else the
 * lowest address (then the order of ksyms_at()). */
const struct ksym *ksyms_by_name(const struct ksyms *ks, const char *name);
/*
 * All symbols at @addr: *@n of them from the returned pointer (NULL, n = 0
 * when none), in the order FUNC/OBJECT before others, GLOBAL before WEAK
 * before LOCAL, then by name.
 */
const struct ksym *ksyms_at(const struct ksyms *ks, uint64_t addr, size_t *n);
/* The first symbol named @prefix... at @addr, or NULL. */
const struct ksym *ksyms_at_prefix(const struct ksyms *ks, uint64_t addr,
				   const char *prefix);
/* The lowest address of a symbol above @addr in section @shndx, or 0. */
uint64_t ksyms_next_addr(const struct ksyms *ks, uint64_t addr, uint32_t shndx);

#endif

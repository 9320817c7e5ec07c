/* SPDX-License-Identifier: MIT */
/*
 * An interned, deduplicated string table (after libbpf's strset): kernel
 * DWARF repeats the same names and paths hundreds of thousands of times, so
 * every name, path and caller is stored once and referred to by a 32-bit id.
 * Id 0 is the empty string. Strings live as long as the table; a returned
 * pointer stays valid across later additions (the arena never moves: it is
 * a list of blocks).
 */
#ifndef DEPSURF_FUNCS_STRTAB_H
#define DEPSURF_FUNCS_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab;

struct strtab *strtab_new(void);
void strtab_free(struct strtab *st);

/* Intern @len bytes of @s (need not be NUL-terminated). Returns the id, or
 * -ENOMEM. */
int64_t strtab_add(struct strtab *st, const char *s, size_t len);
/* The id of @s if interned, else -ENOENT. */
int64_t strtab_find(const struct strtab *st, const char *s, size_t len);

const char *strtab_str(const struct strtab *st, uint32_t id);
size_t strtab_len(const struct strtab *st, uint32_t id);
/* Number of strings (ids are 0 .. count-1). */
uint32_t strtab_count(const struct strtab *st);

#endif

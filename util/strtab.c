// SPDX-License-Identifier: MIT
#include "util/strtab.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (1u << 20)

struct strent {
	const char *s;
	uint32_t len;
	uint32_t hash;
};

struct strtab {
	struct strent *ent;	/* by id */
	size_t nr, cap;
	uint32_t *slots;	/* open addressing: id + 1, 0 = empty */
	size_t nslots;		/* power of two */
	char **blocks;		/* arena */
	size_t nblocks, bcap;
	size_t used;		/* bytes used in the last block */
	size_t block_len;	/* size of the last block */
};

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Copy @len bytes + NUL into the arena. */
static char *arena_put(struct strtab *st, const char *s, size_t len)
{
	char *p;

	if (!st->nblocks || st->block_len - st->used < len + 1) {
		size_t sz = len + 1 > BLOCK_SIZE ? len + 1 : BLOCK_SIZE;
		char **slot;

		slot = mem_add((void **)&st->blocks, &st->bcap, &st->nblocks,
			       sizeof(*st->blocks));
		if (!slot)
			return NULL;
		*slot = malloc(sz);
		if (!*slot) {
			st->nblocks--;
			return NULL;
		}
		st->used = 0;
		st->block_len = sz;
	}
	p = st->blocks[st->nblocks - 1] + st->used;
	memcpy(p, s, len);
	p[len] = 0;
	st->used += len + 1;
	return p;
}

static int rehash(struct strtab *st, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	size_t i;

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < st->nr; i++) {
		size_t j = st->ent[i].hash & (nslots - 1);

		while (slots[j])
			j = (j + 1) & (nslots - 1);
		slots[j] = i + 1;
	}
	free(st->slots);
	st->slots = slots;
	st->nslots = nslots;
	return 0;
}

struct strtab *strtab_new(void)
{
	struct strtab *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	if (rehash(st, 1024) || strtab_add(st, "", 0) != 0) {
		strtab_free(st);
		return NULL;
	}
	return st;
}

void strtab_free(struct strtab *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->nblocks; i++)
		free(st->blocks[i]);
	free(st->blocks);
	free(st->slots);
	free(st->ent);
	free(st);
}

static int64_t lookup(const struct strtab *st, const char *s, size_t len,
		      uint32_t h, size_t *slot)
{
	size_t j = h & (st->nslots - 1);

	while (st->slots[j]) {
		const struct strent *e = &st->ent[st->slots[j] - 1];

		if (e->hash == h && e->len == len && !memcmp(e->s, s, len))
			return st->slots[j] - 1;
		j = (j + 1) & (st->nslots - 1);
	}
	*slot = j;
	return -ENOENT;
}

int64_t strtab_find(const struct strtab *st, const char *s, size_t len)
{
	size_t slot;

	return lookup(st, s, len, hash_bytes(s, len), &slot);
}

int64_t strtab_add(struct strtab *st, const char *s, size_t len)
{
	uint32_t h = hash_bytes(s, len);
	struct strent *e;
	size_t slot;
	int64_t id;

	if (len > UINT32_MAX || st->nr >= UINT32_MAX - 1)
		return -ENOMEM;
	id = lookup(st, s, len, h, &slot);
	if (id >= 0)
		return id;
	if ((st->nr + 1) * 2 > st->nslots) {
		if (rehash(st, st->nslots * 2))
			return -ENOMEM;
		lookup(st, s, len, h, &slot);
	}
	e = mem_add((void **)&st->ent, &st->cap, &st->nr, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->s = arena_put(st, s, len);
	if (!e->s) {
		st->nr--;
		return -ENOMEM;
	}
	e->len = len;
	e->hash = h;
	st->slots[slot] = st->nr;
	return st->nr - 1;
}

const char *strtab_str(const struct strtab *st, uint32_t id)
{
	return id < st->nr ? st->ent[id].s : "";
}

size_t strtab_len(const struct strtab *st, uint32_t id)
{
	return id < st->nr ? st->ent[id].len : 0;
}

uint32_t strtab_count(const struct strtab *st)
{
	return st->nr;
}

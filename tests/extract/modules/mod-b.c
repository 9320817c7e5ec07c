// SPDX-License-Identifier: MIT
/*
 * Module "mod_b" of the module fixture; mod_a depends on it (fixture.sh):
 *   gcc -g -O2 -c -o mod-b.ko mod-b.c && pahole -J --btf_base mini.elf mod-b.ko
 */
#include "mod-shared.h"

static const char modinfo_name[] __attribute__((section(".modinfo"), used)) = "name=mod_b";
static const char modinfo_depends[] __attribute__((section(".modinfo"), used)) = "depends=";

struct modb_only {
	struct shared_hdr *hdr;
	long long total;
	unsigned int ready : 1;
	unsigned int level : 4;
};

/* named like a vmlinux struct, another layout: the vmlinux's stays the one listed */
struct layout32 {
	char other;
};

static long __attribute__((noinline)) helper(struct modb_only *b, struct layout32 *l)
{
	return b->total + b->hdr->magic + l->other;
}

long modb_entry(struct modb_only *b, struct layout32 *l)
{
	return helper(b, l) + b->ready + b->level;
}

// SPDX-License-Identifier: MIT
/*
 * Module "mod_a" of the module fixture (tests/extract/modules/fixture.sh),
 * depending on mod_b (modpost writes depends= with the file name's "-"):
 * an ET_REL object like a .ko, with .modinfo, split BTF on top of the mini
 * kernel's (pahole -J --btf_base), compiled at test time:
 *   gcc -g -O2 -c -o mod-a.ko mod-a.c && pahole -J --btf_base mini.elf mod-a.ko
 */
#include "mod-shared.h"

/* "name=" with a '_' where the file has '-', as kbuild writes it */
static const char modinfo_name[] __attribute__((section(".modinfo"), used)) = "name=mod_a";
static const char modinfo_depends[] __attribute__((section(".modinfo"), used)) = "depends=mod-b";

/* only here */
struct moda_state {
	struct list_head node;	/* a vmlinux type, by reference */
	unsigned int count;
	struct shared_hdr hdr;
};

enum moda_mode { MODA_OFF, MODA_ON = 3 };

/* the same static name as mod-b's, a different body */
static int __attribute__((noinline)) helper(struct moda_state *s)
{
	return (int)s->count + s->hdr.magic;
}

int moda_entry(struct moda_state *s, enum moda_mode m)
{
	return helper(s) + (int)m;
}

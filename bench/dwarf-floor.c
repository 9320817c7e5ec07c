// SPDX-License-Identifier: MIT
/*
 * The floor of depsurf-funcs' DWARF pass (bench/stage-funcs.sh):
 *   dwarf-floor all VMLINUX    visit every DIE of .debug_info (tag only)
 *   dwarf-floor funcs VMLINUX  visit subprogram/inlined-subroutine DIEs the
 *                              way depsurf-funcs does and read their name,
 *                              origin, pc and decl line
 * Prints the DIE count; time it with /usr/bin/time.
 */
#include <elfutils/libdw.h>
#include <dwarf.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned long n_dies, n_funcs;

static void walk_all(Dwarf_Die *parent)
{
	Dwarf_Die die;

	if (dwarf_child(parent, &die) != 0)
		return;
	do {
		n_dies++;
		(void)dwarf_tag(&die);
		if (dwarf_haschildren(&die))
			walk_all(&die);
	} while (dwarf_siblingof(&die, &die) == 0);
}

static void read_func(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	Dwarf_Die ref;
	Dwarf_Addr pc;
	int line;

	n_funcs++;
	(void)dwarf_diename(die);
	if (dwarf_attr(die, DW_AT_abstract_origin, &a))
		(void)dwarf_formref_die(&a, &ref);
	(void)dwarf_lowpc(die, &pc);
	(void)dwarf_decl_line(die, &line);
}

static void walk_funcs(Dwarf_Die *parent)
{
	Dwarf_Die die;

	if (dwarf_child(parent, &die) != 0)
		return;
	do {
		switch (dwarf_tag(&die)) {
		case DW_TAG_subprogram:
		case DW_TAG_inlined_subroutine:
			read_func(&die);
			/* fall through */
		case DW_TAG_lexical_block:
			walk_funcs(&die);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&die, &die) == 0);
}

int main(int argc, char **argv)
{
	Dwarf_Off off = 0, next;
	size_t hsz;
	bool all;
	Dwarf *dw;
	int fd;

	if (argc != 3 || (strcmp(argv[1], "all") && strcmp(argv[1], "funcs"))) {
		fprintf(stderr, "usage: dwarf-floor all|funcs VMLINUX\n");
		return 2;
	}
	all = !strcmp(argv[1], "all");
	fd = open(argv[2], O_RDONLY);
	dw = fd < 0 ? NULL : dwarf_begin(fd, DWARF_C_READ);
	if (!dw) {
		fprintf(stderr, "dwarf-floor: %s: cannot read DWARF\n", argv[2]);
		return 1;
	}
	while (dwarf_nextcu(dw, off, &next, &hsz, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;

		if (dwarf_offdie(dw, off + hsz, &cu)) {
			n_dies++;
			if (all)
				walk_all(&cu);
			else
				walk_funcs(&cu);
		}
		off = next;
	}
	printf("%lu DIEs, %lu subprogram/inlined DIEs read\n", n_dies, n_funcs);
	dwarf_end(dw);
	close(fd);
	return 0;
}

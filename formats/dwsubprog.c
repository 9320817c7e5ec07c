// SPDX-License-Identifier: MIT
/* File-scope subprograms by name prefix (formats/dwsubprog.h). */
#include "formats/dwsubprog.h"

#include <dwarf.h>
#include <errno.h>
#include <string.h>

/* The unit-level subprograms of one unit DIE. */
static int scan_unit(Dwarf_Die *unit, const char *prefix, size_t plen,
		     dwsubprog_fn fn, void *arg)
{
	Dwarf_Die die;
	const char *name;
	int rc, ret;

	rc = dwarf_child(unit, &die);
	while (rc == 0) {
		if (dwarf_tag(&die) == DW_TAG_subprogram) {
			name = dwarf_diename(&die);
			if (name && !strncmp(name, prefix, plen)) {
				ret = fn(&die, name, arg);
				if (ret)
					return ret;
			}
		}
		rc = dwarf_siblingof(&die, &die);
	}
	return rc < 0 ? -EBADMSG : 0;
}

int dwsubprog_scan(Dwarf *dw, const char *prefix, dwsubprog_fn fn, void *arg)
{
	size_t plen = strlen(prefix), hsz;
	Dwarf_Off off = 0, next;
	Dwarf_Die unit;
	int rc, ret, tag;

	while ((rc = dwarf_nextcu(dw, off, &next, &hsz, NULL, NULL, NULL)) == 0) {
		if (!dwarf_offdie(dw, off + hsz, &unit))
			return -EBADMSG;
		off = next;
		tag = dwarf_tag(&unit);
		/* type units hold no functions */
		if (tag != DW_TAG_compile_unit && tag != DW_TAG_partial_unit)
			continue;
		ret = scan_unit(&unit, prefix, plen, fn, arg);
		if (ret)
			return ret;
	}
	return rc < 0 ? -EBADMSG : 0;
}

int dwsubprog_params(Dwarf_Die *sp, Dwarf_Die *params, size_t max,
		     int *varargs)
{
	Dwarf_Die die;
	int rc, n = 0;

	if (varargs)
		*varargs = 0;
	rc = dwarf_child(sp, &die);
	while (rc == 0) {
		int tag = dwarf_tag(&die);

		if (tag == DW_TAG_formal_parameter) {
			if ((size_t)n < max)
				params[n] = die;
			n++;
		} else if (tag == DW_TAG_unspecified_parameters) {
			if (varargs)
				*varargs = 1;
			break;
		}
		rc = dwarf_siblingof(&die, &die);
	}
	return rc < 0 ? -EBADMSG : n;
}

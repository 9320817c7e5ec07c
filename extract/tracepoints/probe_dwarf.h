/* SPDX-License-Identifier: MIT */
/*
 * Tracepoint probe prototypes from DWARF, for the classes whose probe
 * function trace_event_raw_event_<class> BTF does not describe: pahole up to
 * 1.21 encoded only the functions listed in __mcount_loc, and the probes are
 * `notrace`, so the BTF of such kernels (Debian 11's 5.10) has no FUNC for
 * any of them and the btf_trace_<event> typedefs carry no parameter names.
 *
 * The probe is a file-scope static of the trace header's CU; its DWARF DIE
 * (the abstract one when gcc made clones) lists `void *__data` and then the
 * TP_PROTO parameters. The first definition (not a declaration) of each
 * name in file order is used. Types are spelled with normalize/ctype_dwarf.h,
 * which agrees with the BTF printer.
 *
 * Library-style: negative errno, never prints.
 */
#ifndef DEPSURF_PROBE_DWARF_H
#define DEPSURF_PROBE_DWARF_H

#include <stdbool.h>
#include <elfutils/libdw.h>
#include <stddef.h>

struct probe_proto {
	const char *cls;	/* in: class name, borrowed; array sorted by it */
	bool want_types;	/* in: spell the parameter types too */
	bool found;		/* out: a definition was found */
	size_t nr;		/* out: parameters after the leading __data */
	char **names;		/* out: nr malloc'ed names, "" when unnamed */
	char **types;		/* out: nr malloc'ed types if want_types */
};

/*
 * Fill @pp[0..@n) (sorted by cls, no duplicates) from the DWARF @dw (NULL
 * when the image has none); entries without a definition stay !found.
 * Errors: -ENODATA (no DWARF), -EBADMSG, -ENOMEM.
 */
int probe_dwarf_fill(Dwarf *dw, struct probe_proto *pp, size_t n);

/* The array itself stays the caller's. */
void probe_dwarf_free(struct probe_proto *pp, size_t n);

/* The entry of class @cls in @pp (sorted), or NULL. */
struct probe_proto *probe_dwarf_find(struct probe_proto *pp, size_t n,
				     const char *cls);

#endif

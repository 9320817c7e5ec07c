/* SPDX-License-Identifier: MIT */
/*
 * File-scope functions of a DWARF file, found by name prefix, and their
 * parameters — for the extractors that only need a few named subprograms
 * (the trace-event probes trace_event_raw_event_<class>, ...) and not the
 * whole-program walk of depsurf-funcs.
 *
 * The scan visits the children of every compile (and partial) unit DIE and
 * nothing deeper: a DIE that is not a DW_TAG_subprogram costs its tag, and
 * its children are stepped over with dwarf_siblingof() (one jump through
 * DW_AT_sibling, which gcc and clang emit for DIEs with children). On a
 * 600 MB kernel image that is about half a second.
 *
 * Library code: negative errno, never prints. Names are borrowed from the
 * Dwarf handle's section data and live as long as it does.
 */
#ifndef DEPSURF_DWSUBPROG_H
#define DEPSURF_DWSUBPROG_H

#include <elfutils/libdw.h>
#include <stddef.h>

/*
 * Called for each unit-level DW_TAG_subprogram whose DW_AT_name starts with
 * the prefix (declarations included: check DW_AT_declaration if it
 * matters). A DIE that only refers to its name through DW_AT_abstract_origin
 * or DW_AT_specification (an out-of-line instance) is not matched; its
 * abstract DIE is, and it holds the parameter names and types. Return 0 to
 * go on, anything else to stop the scan with that value.
 */
typedef int (*dwsubprog_fn)(Dwarf_Die *sp, const char *name, void *arg);

/*
 * Scan every unit of @dw in file order. Returns 0, the first non-zero value
 * of @fn, or -EBADMSG for malformed DWARF.
 */
int dwsubprog_scan(Dwarf *dw, const char *prefix, dwsubprog_fn fn, void *arg);

/*
 * The DW_TAG_formal_parameter children of subprogram @sp, in order, into
 * @params (up to @max; the rest are counted, not stored). Returns their
 * number, or -EBADMSG. A DW_TAG_unspecified_parameters child ("...") ends
 * the list and sets *@varargs (if @varargs is not NULL).
 */
int dwsubprog_params(Dwarf_Die *sp, Dwarf_Die *params, size_t max,
		     int *varargs);

#endif

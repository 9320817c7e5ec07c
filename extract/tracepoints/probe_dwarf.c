// SPDX-License-Identifier: MIT
/* Tracepoint probe prototypes from DWARF (probe_dwarf.h). */
#include "extract/tracepoints/probe_dwarf.h"
#include "formats/dwsubprog.h"
#include "normalize/ctype_dwarf.h"

#include <dwarf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PROBE_PREFIX "trace_event_raw_event_"

struct scan {
	struct probe_proto *pp;
	size_t n;
	size_t left;	/* entries not found yet */
};

#define SCAN_DONE 1	/* every entry found: stop early */

static int cmp_cls(const void *key, const void *elem)
{
	const struct probe_proto *p = elem;

	return strcmp(key, p->cls);
}

struct probe_proto *probe_dwarf_find(struct probe_proto *pp, size_t n,
				     const char *cls)
{
	return n ? bsearch(cls, pp, n, sizeof(*pp), cmp_cls) : NULL;
}

static bool is_declaration(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	bool flag = false;

	return dwarf_attr(die, DW_AT_declaration, &attr) &&
	       !dwarf_formflag(&attr, &flag) && flag;
}

/* Parameter @i of @params into @p's arrays (already allocated). */
static int take_param(struct probe_proto *p, size_t i, Dwarf_Die *param)
{
	const char *name = dwarf_diename(param);
	Dwarf_Die mem;

	p->names[i] = strdup(name ? name : "");
	if (!p->names[i])
		return -ENOMEM;
	if (!p->want_types)
		return 0;
	p->types[i] = ctype_dwarf_str(ctype_dwarf_type_of(param, &mem));
	return p->types[i] ? 0 : (errno ? -errno : -ENOMEM);
}

static int take_probe(struct probe_proto *p, Dwarf_Die *sp)
{
	Dwarf_Die *params = NULL;
	int n, err = 0;
	size_t i;

	n = dwsubprog_params(sp, NULL, 0, NULL);
	if (n < 0)
		return n;
	if (n > 1) {	/* parameter 0 is __data */
		params = calloc(n, sizeof(*params));
		p->names = calloc(n - 1, sizeof(*p->names));
		p->types = p->want_types ? calloc(n - 1, sizeof(*p->types)) : NULL;
		if (!params || !p->names || (p->want_types && !p->types))
			err = -ENOMEM;
		if (!err && dwsubprog_params(sp, params, n, NULL) != n)
			err = -EBADMSG;
		p->nr = n - 1;
		for (i = 0; !err && i < p->nr; i++)
			err = take_param(p, i, &params[i + 1]);
	}
	free(params);
	p->found = true;
	return err;
}

static int on_probe(Dwarf_Die *sp, const char *name, void *arg)
{
	struct scan *s = arg;
	struct probe_proto *p;
	int err;

	p = probe_dwarf_find(s->pp, s->n, name + strlen(PROBE_PREFIX));
	if (!p || p->found || is_declaration(sp))
		return 0;
	err = take_probe(p, sp);
	if (!err && !--s->left)
		return SCAN_DONE;
	return err;
}

int probe_dwarf_fill(Dwarf *dw, struct probe_proto *pp, size_t n)
{
	struct scan s = { .pp = pp, .n = n, .left = n };
	int err;

	if (!n)
		return 0;
	if (!dw)
		return -ENODATA;
	err = dwsubprog_scan(dw, PROBE_PREFIX, on_probe, &s);
	return err == SCAN_DONE ? 0 : err;
}

void probe_dwarf_free(struct probe_proto *pp, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < pp[i].nr; j++) {
			if (pp[i].names)
				free(pp[i].names[j]);
			if (pp[i].types)
				free(pp[i].types[j]);
		}
		free(pp[i].names);
		free(pp[i].types);
		pp[i].names = NULL;
		pp[i].types = NULL;
		pp[i].nr = 0;
		pp[i].found = false;
	}
}

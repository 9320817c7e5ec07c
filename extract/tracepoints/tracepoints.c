// SPDX-License-Identifier: MIT
/*
 * depsurf-tracepoints: the trace events of a vmlinux image (docs/schema-tracepoints.md
 * tracepoints.jsonl). The events are the `struct trace_event_call *`
 * entries of the _ftrace_events section; each record is read with the
 * layout the image's own BTF gives, so no offset is hard-coded.
 *
 * Per event:
 *  - event: call->tp->name (TRACEPOINT-flagged events keep a struct
 *    tracepoint * in the name/tp union; trace_event_name() does the same).
 *    The `event_<name>` symbol of the call record names it too; both come
 *    from one TRACE_EVENT() macro argument, but the tracepoint's string is
 *    what tracefs, perf and libbpf's attach use, so it wins.
 *  - class: the `event_class_<class>` symbol at call->class (falls back to
 *    the `trace_event_raw_event_<class>` symbol of class->probe);
 *  - system: class->system; fmt: call->print_fmt;
 *  - fields: BTF struct trace_event_raw_<class>;
 *  - args: BTF typedef btf_trace_<event> (pointer to the probe prototype,
 *    first parameter `void *__data` dropped), parameter names from the
 *    class's probe function trace_event_raw_event_<class> (the typedef's
 *    prototype carries no names); that function alone when the typedef is
 *    absent (kernels before 5.5). When BTF has no such FUNC (pahole ≤ 1.21
 *    skipped the `notrace` probes) or leaves its parameters unnamed, the
 *    names — and the types too when the typedef is missing as well — come
 *    from the probe's DWARF (probe_dwarf.h).
 */
#include "extract/driver/driver.h"
#include "extract/tracepoints/probe_dwarf.h"
#include "formats/btf_index.h"
#include "formats/krel.h"
#include "image/kmodules.h"
#include "formats/btf_walk.h"
#include "normalize/ctype.h"
#include "schema/jsonl.h"
#include "util/diag.h"
#include "util/errors.h"
#include "util/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Byte offsets of the members we read, from the image's BTF. */
struct layout {
	__u32 call_class, call_tp, call_print_fmt, call_flags, flags_size;
	__u32 class_system, class_probe;
	__u32 tp_name;
	unsigned long long fl_tracepoint, fl_ignore_enable;
};

struct event {
	const char *name;	/* all borrowed from the kdata mapping */
	const char *system;
	const char *class_name;
	const char *fmt;
};

struct ctx {
	struct kimage *img;
	const struct kdata *kd;
	const struct ksyms *ks;
	const struct btf *btf;
	struct btf_index *bidx;
	struct layout lay;
	struct event *events;
	size_t nr_events, cap_events;
	struct probe_proto *protos;	/* sorted by class: DWARF prototypes */
	size_t nr_protos;
	char err_buf[512];
};

__attribute__((format(printf, 2, 3)))
static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err_buf, sizeof(c->err_buf), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ------------------------------------------------------------ layout */

static int member_off(struct ctx *c, const char *sname, const char *member,
		      __u32 *off, __u32 *size)
{
	__u32 id = btf_index_find(c->bidx, sname, BTF_KIND_STRUCT), bits, type;
	__s64 sz;
	int err;

	if (!id)
		return fail(c, "BTF has no struct %s", sname);
	err = btf_member_find(c->btf, id, member, &bits, &type);
	if (err == -ENOENT || err == -EINVAL)
		return fail(c, "BTF struct %s has no member %s", sname, member);
	if (err) {
		fail(c, "BTF struct %s: %s", sname, errmsg(err));
		return err;
	}
	if (bits % 8)
		return fail(c, "BTF %s.%s is a bitfield", sname, member);
	*off = bits / 8;
	if (size) {
		sz = btf__resolve_size(c->btf, type);
		if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
			return fail(c, "BTF %s.%s has size %lld", sname, member,
				    (long long)sz);
		*size = (__u32)sz;
	}
	return 0;
}

/* The TRACE_EVENT_FL_* value, or 1 << TRACE_EVENT_FL_*_BIT. */
static int flag_value(struct ctx *c, const char *name, unsigned long long *val)
{
	char bit_name[64];
	long long v;

	if (!btf_index_enum_value(c->bidx, name, &v)) {
		*val = (unsigned long long)v;
		return 0;
	}
	snprintf(bit_name, sizeof(bit_name), "%s_BIT", name);
	if (!btf_index_enum_value(c->bidx, bit_name, &v) && v >= 0 && v < 64) {
		*val = 1ULL << v;
		return 0;
	}
	return fail(c, "BTF has no enumerator %s", name);
}

static int load_layout(struct ctx *c)
{
	struct layout *l = &c->lay;
	int err;

	err = member_off(c, "trace_event_call", "class", &l->call_class, NULL);
	if (!err)
		err = member_off(c, "trace_event_call", "tp", &l->call_tp, NULL);
	if (!err)
		err = member_off(c, "trace_event_call", "print_fmt",
				 &l->call_print_fmt, NULL);
	if (!err)
		err = member_off(c, "trace_event_call", "flags", &l->call_flags,
				 &l->flags_size);
	if (!err)
		err = member_off(c, "trace_event_class", "system",
				 &l->class_system, NULL);
	if (!err)
		err = member_off(c, "trace_event_class", "probe",
				 &l->class_probe, NULL);
	if (!err)
		err = member_off(c, "tracepoint", "name", &l->tp_name, NULL);
	if (!err)
		err = flag_value(c, "TRACE_EVENT_FL_TRACEPOINT", &l->fl_tracepoint);
	if (!err)
		err = flag_value(c, "TRACE_EVENT_FL_IGNORE_ENABLE",
				 &l->fl_ignore_enable);
	return err;
}

/* ------------------------------------------------------ reading events */

/* *@str = the string a pointer at @addr points to ("" for NULL). */
static int read_str_ptr(struct ctx *c, uint64_t addr, const char *what,
			const char **str)
{
	uint64_t p;
	int err;

	err = kdata_read_ptr(c->kd, addr, &p);
	if (err)
		return fail(c, "%s at 0x%llx: %s", what, (unsigned long long)addr,
			    errmsg(err));
	if (!p) {
		*str = "";
		return 0;
	}
	err = kdata_read_str(c->kd, p, str);
	if (err)
		return fail(c, "%s string at 0x%llx: %s", what,
			    (unsigned long long)p, errmsg(err));
	return 0;
}

static int read_ptr(struct ctx *c, uint64_t addr, const char *what,
		    uint64_t *val)
{
	int err = kdata_read_ptr(c->kd, addr, val);

	if (err)
		return fail(c, "%s at 0x%llx: %s", what, (unsigned long long)addr,
			    errmsg(err));
	return 0;
}

static const char *class_name(struct ctx *c, uint64_t class)
{
	static const char cls[] = "event_class_", probe[] = "trace_event_raw_event_";
	const struct ksym *s = ksyms_at_prefix(c->ks, class, cls);
	uint64_t fn;

	if (s)
		return s->name + strlen(cls);
	if (kdata_read_ptr(c->kd, class + c->lay.class_probe, &fn) || !fn)
		return "";
	s = ksyms_at_prefix(c->ks, fn, probe);
	return s ? s->name + strlen(probe) : "";
}

static int read_event(struct ctx *c, uint64_t call)
{
	const struct layout *l = &c->lay;
	uint64_t flags, tp, class;
	struct event *ev;
	const char *name, *system, *fmt;
	int err;

	err = kdata_read_uint(c->kd, call + l->call_flags, l->flags_size, &flags);
	if (err)
		return fail(c, "trace_event_call at 0x%llx: %s",
			    (unsigned long long)call, errmsg(err));
	if (!(flags & l->fl_tracepoint) || (flags & l->fl_ignore_enable))
		return 0;
	err = read_ptr(c, call + l->call_tp, "trace_event_call.tp", &tp);
	if (!err && !tp)
		err = fail(c, "trace_event_call at 0x%llx: NULL tracepoint",
			   (unsigned long long)call);
	if (!err)
		err = read_str_ptr(c, tp + l->tp_name, "tracepoint.name", &name);
	if (!err)
		err = read_ptr(c, call + l->call_class, "trace_event_call.class",
			       &class);
	if (!err && !class)
		err = fail(c, "event %s: NULL class", name);
	if (!err)
		err = read_str_ptr(c, class + l->class_system,
				   "trace_event_class.system", &system);
	if (!err)
		err = read_str_ptr(c, call + l->call_print_fmt,
				   "trace_event_call.print_fmt", &fmt);
	if (err)
		return err;
	ev = mem_add((void **)&c->events, &c->cap_events, &c->nr_events,
		     sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->name = name;
	ev->system = system;
	ev->fmt = fmt;
	ev->class_name = class_name(c, class);
	return 0;
}

static int read_events(struct ctx *c)
{
	const struct ksym *start = ksyms_by_name(c->ks, "__start_ftrace_events");
	const struct ksym *stop = ksyms_by_name(c->ks, "__stop_ftrace_events");
	unsigned int ps = kdata_ptr_size(c->kd);
	uint64_t a, call;
	int err;

	if (!start || !stop || stop->addr < start->addr)
		return fail(c, "no _ftrace_events section (__start_ftrace_events/"
			    "__stop_ftrace_events symbols missing)");
	/* the pointers are data: the span lies in file bytes of one section
	 * (a NOBITS one would read as 2^n zero slots) */
	if (stop->addr - start->addr > kdata_file_bytes(c->kd, start->addr))
		return fail(c, "__start_ftrace_events..__stop_ftrace_events (0x%llx, %llu bytes) "
			    "is not inside the file bytes of one section",
			    (unsigned long long)start->addr,
			    (unsigned long long)(stop->addr - start->addr));
	for (a = start->addr; a + ps <= stop->addr; a += ps) {
		err = read_ptr(c, a, "_ftrace_events entry", &call);
		if (err)
			return err;
		if (!call)
			continue;
		err = read_event(c, call);
		if (err) {
			char msg[sizeof(c->err_buf)];

			snprintf(msg, sizeof(msg), "%s", c->err_buf);
			snprintf(c->err_buf, sizeof(c->err_buf),
				 "_ftrace_events[%llu]: %.400s",
				 (unsigned long long)((a - start->addr) / ps), msg);
			return err;
		}
	}
	return 0;
}

/* ------------------------------------------------------------- output */

/* A JSON string of @s; bytes that are not UTF-8 become "\xNN" text. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s);
	char *buf, *p;

	if (j)
		return j;
	buf = malloc(strlen(s) * 4 + 1);
	if (!buf)
		return NULL;
	for (p = buf; *s; s++) {
		if ((unsigned char)*s < 0x80)
			*p++ = *s;
		else
			p += sprintf(p, "\\x%02x", (unsigned char)*s);
	}
	*p = '\0';
	j = json_string(buf);
	free(buf);
	return j;
}

static int add_member(struct ctx *c, json_t *arr, const char *name,
		      __u32 off_bits, __u32 type)
{
	char *ts = ctype_btf_str(c->btf, type);
	json_t *o;

	if (!ts)
		return -errno;
	o = json_pack("{s:s, s:I, s:s}", "name", name, "offset_bits",
		      (json_int_t)off_bits, "type", ts);
	free(ts);
	if (!o || json_array_append_new(arr, o))
		return -ENOMEM;
	return 0;
}

static json_t *fields_of(struct ctx *c, const char *cls, int *err)
{
	char sname[512];
	const struct btf_type *t;
	const struct btf_member *m;
	json_t *arr = json_array();
	__u32 id;
	__u16 i;

	*err = arr ? 0 : -ENOMEM;
	snprintf(sname, sizeof(sname), "trace_event_raw_%s", cls);
	id = *cls && c->bidx ? btf_index_find(c->bidx, sname, BTF_KIND_STRUCT) : 0;
	if (!id || *err)
		return arr;
	t = btf__type_by_id(c->btf, id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t) && !*err; i++, m++)
		*err = add_member(c, arr, btf_name(c->btf, m->name_off),
				  btf_member_bit_offset(t, i), m->type);
	return arr;
}

/* FUNC_PROTO of FUNC @name, or NULL. */
static const struct btf_type *func_proto(struct ctx *c, const char *name)
{
	__u32 id = btf_index_find(c->bidx, name, BTF_KIND_FUNC);
	const struct btf_type *t;

	if (!id)
		return NULL;
	t = btf__type_by_id(c->btf, btf__type_by_id(c->btf, id)->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

/* FUNC_PROTO behind typedef @name (a pointer to a prototype), or NULL. */
static const struct btf_type *typedef_proto(struct ctx *c, const char *name)
{
	__u32 id = btf_index_find(c->bidx, name, BTF_KIND_TYPEDEF);
	const struct btf_type *t;

	if (!id)
		return NULL;
	t = btf__type_by_id(c->btf, btf__type_by_id(c->btf, id)->type);
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(c->btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

/*
 * The BTF prototypes of @ev's args: *@types gives the parameter types (the
 * btf_trace_<event> typedef, else the probe FUNC), *@names the names (the
 * probe FUNC, when it has as many parameters as *@types). Either may be
 * NULL. True when *@names names every parameter.
 */
static bool btf_protos(struct ctx *c, const struct event *ev,
		       const struct btf_type **types,
		       const struct btf_type **names)
{
	const struct btf_type *fn = NULL;
	const struct btf_param *p;
	char buf[512];
	__u16 i;

	*types = *names = NULL;
	if (!c->bidx)
		return false;	/* a module without BTF */
	if (*ev->class_name) {
		snprintf(buf, sizeof(buf), "trace_event_raw_event_%s",
			 ev->class_name);
		fn = func_proto(c, buf);
		if (!fn) {
			snprintf(buf, sizeof(buf), "__bpf_trace_%s", ev->class_name);
			fn = func_proto(c, buf);
		}
	}
	snprintf(buf, sizeof(buf), "btf_trace_%s", ev->name);
	*types = typedef_proto(c, buf);
	if (!*types)
		*types = fn;
	*names = fn && *types && btf_vlen(fn) == btf_vlen(*types) ? fn : NULL;
	if (!*names)
		return false;
	p = btf_params(fn);
	for (i = 1; i < btf_vlen(fn); i++) {
		const char *n = btf_name(c->btf, p[i].name_off);

		if (p[i].type && !*n)	/* unnamed (varargs have none) */
			return false;
	}
	return true;
}

static int add_arg(json_t *arr, const char *name, const char *type)
{
	json_t *o = json_pack("{s:s, s:s}", "name", name ? name : "",
			      "type", type);

	return o && !json_array_append_new(arr, o) ? 0 : -ENOMEM;
}

/* The args of the probe prototype @pp from DWARF alone. */
static int dwarf_args(json_t *arr, const struct probe_proto *pp)
{
	size_t i;
	int err = 0;

	for (i = 0; i < pp->nr && !err; i++)
		err = add_arg(arr, pp->names[i], pp->types[i]);
	return err;
}

static json_t *args_of(struct ctx *c, const struct event *ev, int *err)
{
	const struct btf_type *types, *names;
	const struct btf_param *p, *np = NULL;
	const struct probe_proto *pp;
	json_t *arr = json_array();
	bool named;
	__u16 i, n;

	*err = arr ? 0 : -ENOMEM;
	if (*err)
		return arr;
	named = btf_protos(c, ev, &types, &names);
	pp = named ? NULL : probe_dwarf_find(c->protos, c->nr_protos,
					     ev->class_name);
	if (pp && !pp->found)
		pp = NULL;
	if (!types) {
		if (pp && pp->types)
			*err = dwarf_args(arr, pp);
		return arr;
	}
	if (btf_vlen(types) < 1)
		return arr;
	n = btf_vlen(types);
	if (names)
		np = btf_params(names);
	if (pp && pp->nr != (size_t)n - 1)
		pp = NULL;	/* DWARF's probe disagrees: not its names */
	p = btf_params(types);
	for (i = 1; i < n && !*err; i++) {
		const char *pname = pp ? pp->names[i - 1] :
				    np ? btf_name(c->btf, np[i].name_off)
				       : "";
		char *ts;

		if (!p[i].type && i == n - 1)	/* varargs: never in a probe */
			break;
		ts = ctype_btf_str(c->btf, p[i].type);
		*err = ts ? add_arg(arr, pname, ts) : -errno;
		free(ts);
	}
	return arr;
}

/* ------------------------------------------------- names from DWARF */

static int cmp_proto(const void *a, const void *b)
{
	const struct probe_proto *x = a, *y = b;

	return strcmp(x->cls, y->cls);
}

/*
 * The classes whose probe prototype BTF leaves unnamed (or undescribed),
 * looked up in the image's DWARF. Only when there are some: kernels whose
 * BTF has the probe FUNCs never pay for the DWARF scan. An image without
 * DWARF keeps the unnamed args.
 */
static int load_dwarf_protos(struct ctx *c)
{
	const struct btf_type *types, *names;
	struct probe_proto *pp;
	size_t i, cap = 0, k;
	Dwarf *dw;
	int err;

	for (i = 0; i < c->nr_events; i++) {
		const struct event *ev = &c->events[i];

		if (!*ev->class_name)
			continue;
		if (btf_protos(c, ev, &types, &names))
			continue;
		pp = mem_add((void **)&c->protos, &cap, &c->nr_protos,
			     sizeof(*pp));
		if (!pp)
			return -ENOMEM;
		memset(pp, 0, sizeof(*pp));
		pp->cls = ev->class_name;
		pp->want_types = !types;
	}
	if (!c->nr_protos)
		return 0;
	qsort(c->protos, c->nr_protos, sizeof(*c->protos), cmp_proto);
	for (i = 1, k = 0; i < c->nr_protos; i++) {	/* one per class */
		if (!strcmp(c->protos[i].cls, c->protos[k].cls))
			c->protos[k].want_types |= c->protos[i].want_types;
		else
			c->protos[++k] = c->protos[i];
	}
	c->nr_protos = k + 1;
	err = kimage_dwarf(c->img, &dw);
	if (err && err != -DS_ERRNO__NODWARF)
		return fail(c, "malformed DWARF (.debug_info) while reading "
			    "the probe prototypes");
	err = probe_dwarf_fill(dw, c->protos, c->nr_protos);
	if (err == -ENODATA)
		return 0;
	if (err == -EBADMSG)
		return fail(c, "malformed DWARF (.debug_info) while reading "
			    "the probe prototypes");
	return err;
}

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int d = strcmp(x->name, y->name);

	if (!d)
		d = strcmp(x->system, y->system);
	if (!d)
		d = strcmp(x->class_name, y->class_name);
	return d;
}

/* The line of @ev; @module "vmlinux" or the module's name. */
static json_t *event_json(struct ctx *c, const struct event *ev, const char *module, int *err)
{
	json_t *o, *fields, *args;
	int ferr, aerr;

	fields = fields_of(c, ev->class_name, &ferr);
	args = args_of(c, ev, &aerr);
	o = json_object();
	*err = 0;
	if (ferr || aerr || !o ||
	    json_object_set_new(o, "event", jstr(ev->name)) ||
	    json_object_set_new(o, "module", json_string(module)) ||
	    json_object_set_new(o, "system", jstr(ev->system)) ||
	    json_object_set_new(o, "class", jstr(ev->class_name)) ||
	    json_object_set_new(o, "fmt", jstr(ev->fmt)) ||
	    json_object_set(o, "fields", fields) ||
	    json_object_set(o, "args", args))
		*err = ferr ? ferr : aerr ? aerr : -ENOMEM;
	json_decref(fields);
	json_decref(args);
	if (*err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Every line, vmlinux's and modules', before the one sort. */
struct lines {
	json_t **v;
	size_t cnt, cap;
};

static int add_events(struct ctx *c, const char *module, struct lines *out)
{
	size_t i;
	int err = 0;

	for (i = 0; i < c->nr_events && !err; i++) {
		json_t **slot, *o = event_json(c, &c->events[i], module, &err);

		if (!o)
			break;
		slot = mem_add((void **)&out->v, &out->cap, &out->cnt, sizeof(*slot));
		if (!slot) {
			json_decref(o);
			return -ENOMEM;
		}
		*slot = o;
	}
	return err;
}

static const char *key(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* event, system, class, then module ("vmlinux" sorts among the names) */
static int cmp_line(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	static const char *const keys[] = { "event", "system", "class", "module" };
	size_t i;
	int d = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && !d; i++)
		d = strcmp(key(x, keys[i]), key(y, keys[i]));
	return d;
}

static int write_lines(struct lines *l, FILE *f)
{
	size_t i;
	int err = 0;

	if (l->cnt)
		qsort(l->v, l->cnt, sizeof(*l->v), cmp_line);
	for (i = 0; i < l->cnt && !err; i++) {
		err = jsonl_write(f, l->v[i]);
		l->v[i] = NULL;
	}
	return err;
}

static void lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++)
		json_decref(l->v[i]);
	free(l->v);
}

/* ------------------------------------------------------------ modules */

/*
 * A module's events: the same records, read through the module's
 * relocations (formats/krel.h) instead of addresses, with the layout of
 * the vmlinux's BTF, the fields and args from the module's split BTF.
 */
struct modpass {
	size_t modules, with_events, events, tracepoint_syms;
	json_t *failed;		/* [{"module", "error"}] */
	json_t *mismatch;	/* [{"module", "events", "tracepoints"}] */
};

static int kfail(struct ctx *c, const char *what, int err)
{
	return fail(c, "%s: %s", what, errmsg(err));
}

static int mod_str_ptr(struct ctx *c, const struct krel *kr, struct krel_loc at,
		       const char *what, const char **str)
{
	struct krel_loc p;
	int err = krel_read_ptr(kr, at, &p);

	if (err)
		return kfail(c, what, err);
	if (!p.shndx) {
		*str = "";
		return 0;
	}
	err = krel_read_str(kr, p, str);
	return err ? kfail(c, what, err) : 0;
}

static const char *mod_class_name(const struct krel *kr, const struct layout *l,
				  struct krel_loc class)
{
	static const char cls[] = "event_class_", probe[] = "trace_event_raw_event_";
	const char *s = krel_sym_at(kr, class, cls);
	struct krel_loc fn;

	if (s)
		return s + strlen(cls);
	class.off += l->class_probe;
	if (krel_read_ptr(kr, class, &fn) || !fn.shndx)
		return "";
	s = krel_sym_at(kr, fn, probe);
	return s ? s + strlen(probe) : "";
}

static int mod_event(struct ctx *c, const struct krel *kr, struct krel_loc call)
{
	const struct layout *l = &c->lay;
	struct krel_loc at, tp, class;
	const char *name, *system, *fmt;
	struct event *ev;
	uint64_t flags;
	int err;

	at = call;
	at.off += l->call_flags;
	err = krel_read_uint(kr, at, l->flags_size, &flags);
	if (err)
		return kfail(c, "trace_event_call.flags", err);
	if (!(flags & l->fl_tracepoint) || (flags & l->fl_ignore_enable))
		return 0;
	at = call;
	at.off += l->call_tp;
	err = krel_read_ptr(kr, at, &tp);
	if (err)
		return kfail(c, "trace_event_call.tp", err);
	if (!tp.shndx)
		return fail(c, "trace_event_call: NULL tracepoint");
	tp.off += l->tp_name;
	err = mod_str_ptr(c, kr, tp, "tracepoint.name", &name);
	if (err)
		return err;
	at = call;
	at.off += l->call_class;
	err = krel_read_ptr(kr, at, &class);
	if (err)
		return kfail(c, "trace_event_call.class", err);
	if (!class.shndx)
		return fail(c, "event %s: NULL class", name);
	at = class;
	at.off += l->class_system;
	err = mod_str_ptr(c, kr, at, "trace_event_class.system", &system);
	if (err)
		return err;
	at = call;
	at.off += l->call_print_fmt;
	err = mod_str_ptr(c, kr, at, "trace_event_call.print_fmt", &fmt);
	if (err)
		return err;
	ev = mem_add((void **)&c->events, &c->cap_events, &c->nr_events, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->name = name;
	ev->system = system;
	ev->fmt = fmt;
	ev->class_name = mod_class_name(kr, l, class);
	return 0;
}

static int mod_events(struct ctx *c, const struct krel *kr)
{
	struct krel_loc start, at, call;
	uint64_t size, i;
	unsigned int ps = krel_ptr_size(kr);
	int err = krel_section(kr, "_ftrace_events", &start, &size);

	if (err == -ENOENT)
		return 0;	/* a module without trace events */
	if (err)
		return fail(c, "_ftrace_events: %s", errmsg(err));
	for (i = 0; i + ps <= size; i += ps) {
		at = start;
		at.off += i;
		err = krel_read_ptr(kr, at, &call);
		if (!err && call.shndx)
			err = mod_event(c, kr, call);
		else if (err)
			err = kfail(c, "entry", err);
		if (err) {
			char msg[sizeof(c->err_buf)];

			snprintf(msg, sizeof(msg), "%s", c->err_buf);
			snprintf(c->err_buf, sizeof(c->err_buf), "_ftrace_events[%llu]: %.400s",
				 (unsigned long long)(i / ps), msg);
			return err;
		}
	}
	return 0;
}

static int module_failed(struct modpass *mp, const char *dir, const char *path,
			 const char *msg)
{
	char file[4096];

	snprintf(file, sizeof(file), "%s/%s", dir, path);
	diag_err(file, "%s (module skipped)", msg);
	return json_array_append_new(mp->failed, json_pack("{s:s, s:s}", "module", path,
							   "error", msg)) ? -ENOMEM : 0;
}

/* One module's events into @out; its own problems are recorded, not returned. */
static int read_module(struct ctx *vc, struct modpass *mp, const struct kmods *m, size_t i,
		       const struct btf *base, struct lines *out)
{
	struct ctx c = { .lay = vc->lay };
	struct kmodule *km = NULL;
	struct krel *kr = NULL;
	struct btf *split = NULL;
	char msg[600];
	size_t tps;
	int err;

	err = kmodule_open(m, i, &km);
	if (!err)
		err = krel_open(km->elf, &kr);
	if (err) {
		snprintf(msg, sizeof(msg), "cannot read the module: %s", errmsg(err));
		goto bad;
	}
	err = mod_events(&c, kr);
	if (err == -ENOMEM)
		goto out;
	if (err) {
		snprintf(msg, sizeof(msg), "%s", c.err_buf);
		goto bad;
	}
	/* fields and args: the module's split BTF, when it and a base exist */
	err = base && c.nr_events ? kmodule_btf(km, base, &split) : -ENOENT;
	if (!err)
		err = btf_index_new_from(split, btf__type_cnt(base), &c.bidx);
	if (err && err != -ENOENT) {
		snprintf(msg, sizeof(msg), "cannot read its .BTF: %s", errmsg(err));
		goto bad;
	}
	c.btf = split;
	if (c.nr_events)
		qsort(c.events, c.nr_events, sizeof(*c.events), cmp_event);
	err = add_events(&c, km->name, out);
	if (err)
		goto out;
	tps = krel_count_prefix(kr, "__tracepoint_", "__tracepoints");
	mp->events += c.nr_events;
	mp->with_events += c.nr_events > 0;
	mp->tracepoint_syms += tps;
	/* every TRACE_EVENT has its tracepoint; a bare DECLARE_TRACE has no event */
	if (tps != c.nr_events &&
	    json_array_append_new(mp->mismatch, json_pack("{s:s, s:I, s:I}", "module", m->v[i].path,
							  "events", (json_int_t)c.nr_events,
							  "tracepoints", (json_int_t)tps)))
		err = -ENOMEM;
	goto out;
bad:
	err = module_failed(mp, m->dir, m->v[i].path, msg);
out:
	btf_index_free(c.bidx);
	btf__free(split);
	free(c.events);
	krel_free(kr);
	kmodule_close(km);
	return err;
}

static int read_modules(struct extract_run *r, const char *dir, struct ctx *vc,
			struct modpass *mp, struct lines *out)
{
	const struct btf *base = NULL;
	struct kmods *m = NULL;
	size_t i, line;
	int err;

	err = kmods_open(dir, &m, &line);
	if (err == -EBADMSG)
		return extract_err(r, dir, 0, "modules.list line %zu: malformed module index", line);
	if (err)
		return extract_err(r, dir, err, "cannot read modules.list");
	mp->modules = m->cnt;
	if (kimage_own_btf(r->img, &base))
		base = NULL;	/* the events still, without fields and args */
	for (i = 0; !err && i < m->cnt; i++)
		err = read_module(vc, mp, m, i, base, out);
	kmods_free(m);
	return err;
}

static int write_report(struct extract_run *r, const char *path, const struct modpass *mp)
{
	const char *stage;
	json_t *doc;
	int err;

	doc = json_pack("{s:s, s:I, s:I, s:I, s:I, s:O, s:O}", "surface", "tracepoints",
			"modules", (json_int_t)mp->modules,
			"with_events", (json_int_t)mp->with_events,
			"tracepoints", (json_int_t)mp->events,
			"tracepoint_symbols", (json_int_t)mp->tracepoint_syms,
			"symbols_differ", mp->mismatch, "failed", mp->failed);
	err = json_save_doc(path, doc, &stage);
	if (err)
		return extract_err(r, path, err, "cannot %s", stage);
	return 0;
}

/* --------------------------------------------------------------- main */

enum { KEY_MODULES = 300, KEY_MODULES_REPORT };

static const struct cmd_opt tracepoints_opts[] = {
	{ "modules", KEY_MODULES, "DIR", "also the events of the image's modules, from the\n"
	  "module store DIR of `depsurf-unpack --modules`" },
	{ "modules-report", KEY_MODULES_REPORT, "FILE", "with --modules: write what was read and every\n"
	  "module that failed (JSON, for depsurf-meta)" },
	{ NULL, 0, NULL, NULL },
};

struct tracepoints_opts {
	const char *modules;
	const char *report;
};

static int tracepoints_parse_opt(struct extract_run *r, int key, const char *arg)
{
	struct tracepoints_opts *o = r->priv;

	if (key == KEY_MODULES)
		o->modules = arg;
	else if (key == KEY_MODULES_REPORT)
		o->report = arg;
	else
		return -EINVAL;
	return 0;
}

static int tracepoints_run(struct extract_run *r)
{
	const struct tracepoints_opts *o = r->priv;
	struct ctx c = { .img = r->img };
	struct modpass mp = { 0 };
	struct lines out = { 0 };
	int err;

	if (o->report && !o->modules)
		return extract_err(r, o->report, 0, "--modules-report needs --modules");
	kimage_kdata(r->img, &c.kd);
	kimage_syms(r->img, &c.ks);
	kimage_btf(r->img, &c.btf);
	err = btf_index_new(c.btf, &c.bidx);
	if (!err)
		err = load_layout(&c);
	if (!err)
		err = read_events(&c);
	if (!err && c.nr_events)
		qsort(c.events, c.nr_events, sizeof(*c.events), cmp_event);
	if (!err)
		err = load_dwarf_protos(&c);
	if (err && c.err_buf[0])
		extract_err(r, r->input, 0, "%s", c.err_buf);
	if (!err)
		err = add_events(&c, "vmlinux", &out);
	if (!err && o->modules) {
		mp.failed = json_array();
		mp.mismatch = json_array();
		err = mp.failed && mp.mismatch ? read_modules(r, o->modules, &c, &mp, &out) : -ENOMEM;
	}
	if (!err)
		err = write_lines(&out, r->out[0]);
	if (!err && r->progress && o->modules)
		diag_info("modules: %zu, %zu with events: %zu events (%zu __tracepoint_ symbols), "
			  "%zu failed", mp.modules, mp.with_events, mp.events, mp.tracepoint_syms,
			  json_array_size(mp.failed));
	if (!err && o->report)
		err = write_report(r, o->report, &mp);
	json_decref(mp.failed);
	json_decref(mp.mismatch);
	lines_free(&out);
	btf_index_free(c.bidx);
	probe_dwarf_free(c.protos, c.nr_protos);
	free(c.protos);
	free(c.events);
	return err;
}

const struct extractor extractor_tracepoints = {
	.name = "tracepoints",
	.summary = "Write one line per tracepoint event of a kernel image (the entries of\n"
		   "_ftrace_events flagged TRACE_EVENT_FL_TRACEPOINT), sorted by event:\n"
		   "event, module, system, class, fmt, fields (trace_event_raw_<class>),\n"
		   "args (docs/schema-tracepoints.md); with --modules, its modules' too.",
	.input = "VMLINUX",
	.outputs = { "tracepoints.jsonl" },
	.needs = NEED_IMAGE | NEED_SYMS | NEED_KDATA | NEED_BTF,
	.opts = tracepoints_opts,
	.priv_size = sizeof(struct tracepoints_opts),
	.parse_opt = tracepoints_parse_opt,
	.run = tracepoints_run,
};

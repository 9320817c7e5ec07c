// SPDX-License-Identifier: MIT
/*
 * The dependency set of a BPF object and its verdicts (check/deps.h).
 */
#include "check/deps.h"
#include "check/core.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Section prefixes (libbpf's section_defs) and what the rest names.
 * Longest prefixes first where one is a prefix of another.
 */
static const struct hook_def {
	const char *prefix;	/* without the '/' */
	enum dep_kind kind;
	enum check_hook hook;
	const char *spec_prefix;	/* prepended to the target: "bpf_iter_" */
} hook_defs[] = {
	{ "kprobe", DEP_FUNC, CHECK_HOOK_KPROBE, "" },
	{ "kretprobe", DEP_FUNC, CHECK_HOOK_KPROBE, "" },
	{ "fentry", DEP_FUNC, CHECK_HOOK_FENTRY, "" },
	{ "fentry.s", DEP_FUNC, CHECK_HOOK_FENTRY, "" },
	{ "fexit", DEP_FUNC, CHECK_HOOK_FENTRY, "" },
	{ "fexit.s", DEP_FUNC, CHECK_HOOK_FENTRY, "" },
	{ "fmod_ret", DEP_FUNC, CHECK_HOOK_FENTRY, "" },
	{ "fmod_ret.s", DEP_FUNC, CHECK_HOOK_FENTRY, "" },
	{ "ksyscall", DEP_SYSCALL, CHECK_HOOK_BTF, "" },
	{ "kretsyscall", DEP_SYSCALL, CHECK_HOOK_BTF, "" },
	{ "tracepoint", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "tp", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "raw_tp", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "raw_tp.w", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "raw_tracepoint", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "raw_tracepoint.w", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "tp_btf", DEP_TRACEPOINT, CHECK_HOOK_BTF, "" },
	{ "lsm", DEP_LSM, CHECK_HOOK_BTF, "" },
	{ "lsm.s", DEP_LSM, CHECK_HOOK_BTF, "" },
	/* libbpf attaches iter/NAME to the kernel's bpf_iter_NAME */
	{ "iter", DEP_FUNC, CHECK_HOOK_BTF, "bpf_iter_" },
	{ "iter.s", DEP_FUNC, CHECK_HOOK_BTF, "bpf_iter_" },
};

static char *xstrndup(const char *s, size_t n)
{
	return strndup(s, n);
}

static int add_str(char ***v, size_t *n, const char *s)
{
	char **g;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return 0;
	g = realloc(*v, (*n + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	*v = g;
	if (!(g[*n] = strdup(s)))
		return -ENOMEM;
	/* sorted: deterministic output */
	for (i = (*n)++; i > 0 && strcmp(g[i - 1], g[i]) > 0; i--) {
		char *t = g[i];

		g[i] = g[i - 1];
		g[i - 1] = t;
	}
	return 0;
}

static int add_note(struct check_set *s, const char *what, const char *text)
{
	struct check_note *g = realloc(s->notes, (s->nnotes + 1) * sizeof(*g));
	size_t i;

	if (!g)
		return -ENOMEM;
	s->notes = g;
	for (i = 0; i < s->nnotes; i++)
		if (!strcmp(g[i].what, what) && !strcmp(g[i].text, text))
			return 0;
	g[s->nnotes].what = strdup(what);
	g[s->nnotes].text = strdup(text);
	s->nnotes++;
	return g[s->nnotes - 1].what && g[s->nnotes - 1].text ? 0 : -ENOMEM;
}

/*
 * The index of dependency @spec (with @enumerator) in @s, added when new.
 * Returns the index, -EINVAL when dep_parse() rejects the spec, -ENOMEM.
 */
static long find_dep(struct check_set *s, const char *spec, const char *enumerator)
{
	struct check_dep *g, *d;
	size_t i;
	int err;

	for (i = 0; i < s->ndeps; i++)
		if (!strcmp(s->deps[i].dep.spec, spec) &&
		    !strcmp(s->deps[i].enumerator ? s->deps[i].enumerator : "",
			    enumerator ? enumerator : ""))
			return (long)i;
	g = realloc(s->deps, (s->ndeps + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	s->deps = g;
	d = &g[s->ndeps];
	memset(d, 0, sizeof(*d));
	d->fallback_of = -1;
	d->flavored = true;
	err = dep_parse(spec, &d->dep, NULL);
	if (err)
		return err;
	if (enumerator && !(d->enumerator = strdup(enumerator))) {
		dep_free(&d->dep);
		return -ENOMEM;
	}
	return (long)s->ndeps++;
}

/* The hook of program section @sec. */
static int add_prog(struct check_set *s, const char *sec)
{
	struct check_prog *p;
	const struct hook_def *h = NULL;
	const char *slash = strchr(sec, '/');
	size_t plen = slash ? (size_t)(slash - sec) : strlen(sec), i, tlen;
	char *spec = NULL;
	long d;
	int err = 0;

	if (!strcmp(sec, ".text"))
		return 0;	/* subprograms */
	p = realloc(s->progs, (s->nprogs + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	s->progs = p;
	p = &p[s->nprogs];
	memset(p, 0, sizeof(*p));
	p->dep = -1;
	p->sec = strdup(sec);
	p->type = xstrndup(sec, plen);
	s->nprogs++;
	if (!p->sec || !p->type)
		return -ENOMEM;
	for (i = 0; i < sizeof(hook_defs) / sizeof(hook_defs[0]); i++)
		if (strlen(hook_defs[i].prefix) == plen && !strncmp(hook_defs[i].prefix, sec, plen))
			h = &hook_defs[i];
	if (!h) {
		p->note = "does not depend on kernel internals";
		return 0;
	}
	if (!slash || !slash[1]) {
		p->note = "attach target set at run time";
		return 0;
	}
	/* kprobe/F+OFF: F */
	tlen = h->kind == DEP_FUNC ? strcspn(slash + 1, "+") : strlen(slash + 1);
	if (asprintf(&spec, "%s:%s%.*s", dep_kind_name(h->kind), h->spec_prefix, (int)tlen,
		     slash + 1) < 0)
		return -ENOMEM;
	if (h->kind == DEP_TRACEPOINT) {
		/* tracepoint/syscalls/sys_enter_X: syscall X (matrix/dep.h) */
		struct dep t;

		err = dep_parse(spec, &t, NULL);
		if (err == -ENOMEM) {
			free(spec);
			return err;
		}
		if (!err && t.kind == DEP_SYSCALL) {
			free(spec);
			if (asprintf(&spec, "syscall:%s", t.name) < 0) {
				dep_free(&t);
				return -ENOMEM;
			}
		}
		if (!err)
			dep_free(&t);
		err = 0;
	}
	d = find_dep(s, spec, NULL);
	if (d == -EINVAL) {
		p->note = "attach target not checkable (not a plain name)";
	} else if (d < 0) {
		err = (int)d;
	} else {
		struct check_dep *cd = &s->deps[d];

		p->dep = d;
		if (h->hook > cd->hook && !(cd->hook == CHECK_HOOK_FENTRY))
			cd->hook = h->hook;
		if (h->hook == CHECK_HOOK_FENTRY)
			cd->hook = CHECK_HOOK_FENTRY;
		cd->flavored = false;
		err = add_str(&cd->progs, &cd->nprogs, sec);
	}
	free(spec);
	return err;
}

/* [*lo, *hi): the instructions run when exists record @r finds nothing. */
static void absent_branch(const struct bpfobj *o, const struct bpfobj_relo *r, size_t *lo,
			  size_t *hi)
{
	const struct bpfobj_prog *p = &o->progs[r->prog];
	size_t n = p->size / 8, at = r->insn_off / 8, j;
	const uint8_t *in = p->insns;
	unsigned int reg;

	*lo = *hi = 0;
	/* "rX = imm": BPF_ALU64|BPF_MOV|BPF_K or the 32-bit one */
	if (at >= n || (in[at * 8] != 0xb7 && in[at * 8] != 0xb4))
		return;
	reg = in[at * 8 + 1] & 0x0f;
	for (j = at + 1; j < n && j <= at + 4; j++) {
		const uint8_t *x = in + j * 8;
		unsigned int op = x[0];
		int16_t off;
		int32_t imm;
		size_t target;

		memcpy(&off, x + 2, 2);
		memcpy(&imm, x + 4, 4);
		if ((op == 0x15 || op == 0x55 || op == 0x16 || op == 0x56) &&
		    (x[1] & 0x0f) == reg && imm == 0 && off > 0) {
			target = j + 1 + (size_t)off;
			if (target > n)
				return;
			if (op == 0x15 || op == 0x16) {
				/* if rX == 0 goto ABSENT; PRESENT...; goto END; ABSENT: */
				const uint8_t *ja = in + (target - 1) * 8;
				int16_t joff;

				memcpy(&joff, ja + 2, 2);
				if (ja[0] != 0x05 || joff <= 0 || target + (size_t)joff > n)
					return;
				*lo = target * 8;
				*hi = (target + (size_t)joff) * 8;
			} else {
				/* if rX != 0 goto PRESENT; ABSENT... */
				*lo = (j + 1) * 8;
				*hi = target * 8;
			}
			return;
		}
		if ((x[1] & 0x0f) == reg && (op & 0x07) != 0x05 && (op & 0x07) != 0x06)
			return;	/* rX is overwritten or used otherwise */
	}
}

static int add_relo(const struct bpfobj *o, struct check_set *s, size_t ri, const char **why)
{
	const struct bpfobj_relo *r = &o->relos[ri];
	const char *prog = r->prog == SIZE_MAX ? "?" : o->progs[r->prog].sec;
	bool exists = r->kind == BPFOBJ_RELO_FIELD_EXISTS || r->kind == BPFOBJ_RELO_TYPE_EXISTS ||
		r->kind == BPFOBJ_RELO_TYPE_MATCHES || r->kind == BPFOBJ_RELO_ENUMVAL_EXISTS;
	struct core_access a;
	const char *rwhy = NULL;
	size_t k, lo = 0, hi = 0, gi;
	int err;

	err = core_resolve(o, r, &a, &rwhy);
	if (err == -ENOENT) {
		char what[160];

		snprintf(what, sizeof(what), "CO-RE %s [%u] \"%s\" in %s",
			 bpfobj_relo_kind_name(r->kind), r->type_id, r->access, prog);
		err = add_note(s, what, rwhy);
		/* an exists test of it guards none of the named members before it */
		if (err || !a.nsteps || exists) {
			core_access_free(&a);
			return err;
		}
		/* the named members before the anonymous type are read all the same */
	} else if (err) {
		*why = rwhy;
		core_access_free(&a);
		return err;
	}
	for (k = 0; k < a.nsteps && !err; k++) {
		const struct core_step *st = &a.steps[k];
		char *spec = NULL;
		long d;
		struct check_dep *cd;

		if (a.what == CORE_FIELD && st->member)
			err = asprintf(&spec, "field:%s::%s", st->owner, st->member);
		else if (a.what == CORE_ENUMVAL)
			err = asprintf(&spec, "enum:%s", st->owner);
		else if (!strcmp(a.type_kind, "struct") || !strcmp(a.type_kind, "union") ||
			 !strcmp(a.type_kind, "enum"))
			err = asprintf(&spec, "%s:%s", a.type_kind, st->owner);
		else {
			char what[160];

			snprintf(what, sizeof(what), "CO-RE %s %s %s in %s",
				 bpfobj_relo_kind_name(r->kind), a.type_kind, st->local, prog);
			err = add_note(s, what, "no dataset surface holds this kind of type");
			continue;
		}
		if (err < 0) {
			spec = NULL;
			err = -ENOMEM;
			break;
		}
		err = 0;
		d = find_dep(s, spec, a.what == CORE_ENUMVAL ? st->member : NULL);
		if (d == -EINVAL) {
			err = add_note(s, spec, "not a name the dataset can hold");
			free(spec);
			continue;
		}
		free(spec);
		if (d < 0) {
			err = (int)d;
			break;
		}
		cd = &s->deps[d];
		cd->relo_kinds |= 1u << r->kind;
		if (exists)
			cd->guarded = true;
		else
			cd->reads++;
		if (strcmp(st->local, st->owner))
			err = add_str(&cd->locals, &cd->nlocals, st->local);
		else
			cd->flavored = false;
		if (!err && r->prog != SIZE_MAX)
			err = add_str(&cd->progs, &cd->nprogs, prog);
	}
	core_access_free(&a);
	if (err || !exists || r->kind != BPFOBJ_RELO_FIELD_EXISTS || r->prog == SIZE_MAX)
		return err;
	/* the reads in the branch taken when this field is absent */
	absent_branch(o, r, &lo, &hi);
	if (lo == hi)
		return 0;
	{
		struct core_access g;
		long gd = -1;

		/* the guarded dependency: the exists record's last member */
		err = core_resolve(o, r, &g, &rwhy);
		if (!err && g.nsteps && g.steps[g.nsteps - 1].member) {
			char *spec = NULL;

			if (asprintf(&spec, "field:%s::%s", g.steps[g.nsteps - 1].owner,
				     g.steps[g.nsteps - 1].member) < 0)
				err = -ENOMEM;
			else
				gd = find_dep(s, spec, NULL);
			free(spec);
		}
		core_access_free(&g);
		if (err || gd < 0)
			return err == -ENOMEM || gd == -ENOMEM ? -ENOMEM : 0;
		for (gi = 0; gi < o->nrelos; gi++) {
			const struct bpfobj_relo *f = &o->relos[gi];
			struct core_access fa;
			size_t j;

			if (f->prog != r->prog || f->insn_off < lo || f->insn_off >= hi ||
			    f->kind == BPFOBJ_RELO_FIELD_EXISTS)
				continue;
			if (core_resolve(o, f, &fa, &rwhy) == 0 && fa.what == CORE_FIELD) {
				for (j = 0; j < fa.nsteps; j++) {
					char *spec = NULL;
					long d;

					if (!fa.steps[j].member)
						continue;
					if (asprintf(&spec, "field:%s::%s", fa.steps[j].owner,
						     fa.steps[j].member) < 0) {
						err = -ENOMEM;
						break;
					}
					d = find_dep(s, spec, NULL);
					free(spec);
					if (d == -ENOMEM) {
						err = -ENOMEM;
						break;
					}
					if (d >= 0 && d != gd) {
						s->deps[d].fallback_reads++;
						s->deps[d].fallback_of = gd;
					}
				}
			}
			core_access_free(&fa);
			if (err)
				break;
		}
	}
	return err;
}

static int add_extern(struct check_set *s, const struct bpfobj_extern *x)
{
	char *spec = NULL, what[160];
	long d;

	if (!strcmp(x->sec, ".kconfig")) {
		if (strncmp(x->name, "CONFIG_", 7)) {
			snprintf(what, sizeof(what), "kconfig %s", x->name);
			return add_note(s, what, "provided by libbpf, not by the kernel's config");
		}
		if (asprintf(&spec, "config:%s", x->name) < 0)
			return -ENOMEM;
	} else if (x->is_func) {
		if (asprintf(&spec, "kfunc:%s", x->name) < 0)
			return -ENOMEM;
	} else {
		snprintf(what, sizeof(what), "ksym %s", x->name);
		return add_note(s, what, x->is_weak ?
				"a kernel variable (weak): no dataset surface holds variables" :
				"a kernel variable: no dataset surface holds variables");
	}
	d = find_dep(s, spec, NULL);
	if (d == -EINVAL) {
		d = add_note(s, spec, "not a name the dataset can hold");
	} else if (d >= 0) {
		s->deps[d].flavored = false;
		s->deps[d].kconfig = !strcmp(x->sec, ".kconfig");
		s->deps[d].weak |= !!x->is_weak;
		d = 0;
	}
	free(spec);
	return (int)d;
}

int check_set_build(const struct bpfobj *o, struct check_set *s, const char **why)
{
	size_t i;
	int err = 0;

	memset(s, 0, sizeof(*s));
	*why = "";
	for (i = 0; i < o->nprogs && !err; i++)
		err = add_prog(s, o->progs[i].sec);
	for (i = 0; i < o->nrelos && !err; i++)
		err = add_relo(o, s, i, why);
	for (i = 0; i < o->nexterns && !err; i++)
		err = add_extern(s, &o->externs[i]);
	for (i = 0; i < s->ndeps; i++) {
		struct check_dep *d = &s->deps[i];

		/* a fallback only when every read is in a fallback branch */
		if (d->fallback_of >= 0 && (d->guarded || d->fallback_reads < d->reads))
			d->fallback_of = -1;
		if (!d->nlocals)
			d->flavored = false;
	}
	if (err == -ENOMEM)
		*why = "out of memory";
	return err;
}

void check_set_free(struct check_set *s)
{
	size_t i, j;

	for (i = 0; i < s->nprogs; i++) {
		free(s->progs[i].sec);
		free(s->progs[i].type);
	}
	for (i = 0; i < s->ndeps; i++) {
		struct check_dep *d = &s->deps[i];

		dep_free(&d->dep);
		free(d->enumerator);
		for (j = 0; j < d->nlocals; j++)
			free(d->locals[j]);
		free(d->locals);
		for (j = 0; j < d->nprogs; j++)
			free(d->progs[j]);
		free(d->progs);
	}
	for (i = 0; i < s->nnotes; i++) {
		free(s->notes[i].what);
		free(s->notes[i].text);
	}
	free(s->progs);
	free(s->deps);
	free(s->notes);
	memset(s, 0, sizeof(*s));
}

/* The status bits that matter for dependency @d with entry @entry. */
static unsigned int relevant(const struct check_dep *d, const json_t *entry)
{
	unsigned int all = ~0u;

	switch (d->dep.kind) {
	case DEP_FUNC:
		if (d->hook == CHECK_HOOK_FENTRY)
			return all;
		if (d->hook == CHECK_HOOK_KPROBE) {
			/* a kprobe needs no ftrace site, only no blacklisting */
			if (json_is_true(json_object_get(entry, "kprobe_blacklisted")))
				return all;
			return all & ~DEP_ST(NOT_TRACEABLE);
		}
		return DEP_ST(ABSENT);
	case DEP_LSM:
		return DEP_ST(ABSENT) | DEP_ST(NOT_TRACEABLE);
	default:
		return DEP_ST(ABSENT);
	}
}

static const char *consequence(const struct check_dep *d, unsigned int bit)
{
	switch (bit) {
	case DEP_STATUS_BIT_ABSENT:
		switch (d->dep.kind) {
		case DEP_FUNC: return "attach fails: no such function";
		case DEP_TRACEPOINT: return "attach fails: no such tracepoint";
		case DEP_SYSCALL: return "attach fails: no such syscall";
		case DEP_LSM: return "attach fails: no such LSM hook";
		case DEP_KFUNC: return "load fails: no such kfunc";
		case DEP_CONFIG: return "load fails: the kernel does not know the option";
		case DEP_ENUM:
			if (d->enumerator)
				return "load fails: CO-RE finds no such enumerator";
			return "load fails: CO-RE finds no such enum";
		default: return "load fails: CO-RE finds no match";
		}
	case DEP_STATUS_BIT_FULL: return "attach fails: fully inlined, no symbol";
	case DEP_STATUS_BIT_TRANSFORMED: return "attach fails: only a clone symbol";
	case DEP_STATUS_BIT_NOT_TRACEABLE:
		if (d->dep.kind == DEP_LSM)
			return "attach fails: no bpf_lsm_ function for the hook";
		if (d->hook == CHECK_HOOK_FENTRY)
			return "attach fails: no ftrace site";
		return "attach fails: kprobe-blacklisted";
	case DEP_STATUS_BIT_COLLISION: return "may attach to another function of the name";
	case DEP_STATUS_BIT_DUPLICATE: return "attaches to one copy: misses the others";
	default: return "misses the calls inlined into its callers";
	}
}

/* Append ", S" (or "S") to *@buf; S of @n bytes. */
static int append(char **buf, const char *sep, const char *s, size_t n)
{
	size_t old = *buf ? strlen(*buf) : 0, sl = *buf ? strlen(sep) : 0;
	char *g = realloc(*buf, old + sl + n + 1);

	if (!g)
		return -ENOMEM;
	if (!old)
		g[0] = '\0';
	if (old)
		strcat(g, sep);
	strncat(g, s, n);
	*buf = g;
	return 0;
}

/*
 * The functions @whole is inlined into, once each, ", "-joined (NULL: none),
 * without @self: an inline site inside the function's own out-of-line copy
 * (6.12's blk_account_io_start) is no other place to attach.
 */
static int inline_callers(const json_t *whole, const char *self, char **out)
{
	const json_t *def, *c;
	size_t i, j, k;
	char *list = NULL;
	int err = 0;

	json_array_foreach(json_object_get(whole, "defs"), i, def) {
		json_array_foreach(json_object_get(def, "inline_callers"), j, c) {
			const char *s = json_string_value(c), *fn;
			bool dup = false;

			if (!s)
				continue;
			fn = strrchr(s, ':') ? strrchr(s, ':') + 1 : s;
			if (!strcmp(fn, self))
				continue;
			/* once each */
			for (k = 0; list && !dup; ) {
				const char *p = strstr(list + k, fn);

				if (!p)
					break;
				dup = (p == list || p[-1] == ' ') &&
					(p[strlen(fn)] == ',' || !p[strlen(fn)]);
				k = (size_t)(p - list) + 1;
			}
			if (!dup && (err = append(&list, ", ", fn, strlen(fn))))
				goto out;
		}
	}
	*out = list;
	list = NULL;
out:
	free(list);
	return err;
}

/* The first symbol of @whole that is not @name itself: a clone. */
static const char *clone_symbol(const json_t *whole, const char *name)
{
	const json_t *sym;
	size_t i;

	json_array_foreach(json_object_get(whole, "symbols"), i, sym) {
		const char *s = json_string_value(json_object_get(sym, "name"));

		if (s && strcmp(s, name))
			return s;
	}
	return NULL;
}

/* Whether every flavored dependency read through @local is ok on @img. */
static bool flavor_ok(const struct check_set *s, const struct matrix *m, const char *local,
		      size_t img)
{
	size_t i, j;

	for (i = 0; i < s->ndeps; i++)
		for (j = 0; j < s->deps[i].nlocals; j++)
			if (!strcmp(s->deps[i].locals[j], local) &&
			    MATRIX_CELL(m, i, img)->status)
				return false;
	return true;
}

/* Another flavor of @d's type that is ok on @img, or NULL. */
static const char *other_flavor(const struct check_set *s, const struct matrix *m,
				const struct check_dep *d, size_t img)
{
	size_t i, j, k, len = strlen(d->dep.name);

	for (i = 0; i < s->ndeps; i++) {
		const struct check_dep *e = &s->deps[i];

		if (e == d || !e->flavored || strcmp(e->dep.name, d->dep.name))
			continue;
		for (j = 0; j < e->nlocals; j++) {
			const char *l = e->locals[j];
			bool mine = false;

			if (strncmp(l, d->dep.name, len))
				continue;
			for (k = 0; k < d->nlocals; k++)
				mine |= !strcmp(d->locals[k], l);
			if (!mine && flavor_ok(s, m, l, img))
				return l;
		}
	}
	return NULL;
}

int check_verdict(const struct check_set *s, const struct matrix *m, size_t i, size_t img,
		  const json_t *whole, const struct matrix_cell *alt, long against,
		  struct check_verdict *v)
{
	const struct check_dep *d = &s->deps[i];
	const struct matrix_cell *c = MATRIX_CELL(m, i, img);
	unsigned int eff, bit;
	const char *fl;
	char *buf = NULL;
	int err = 0;

	memset(v, 0, sizeof(*v));
	v->status = c->status;
	if (d->enumerator && c->entry) {
		const json_t *val;
		size_t k;
		bool found = false;

		json_array_foreach(json_object_get(c->entry, "values"), k, val)
			found |= !strcmp(json_string_value(json_object_get(val, "name")) ?
					 json_string_value(json_object_get(val, "name")) : "",
					 d->enumerator);
		if (!found)
			v->status |= DEP_ST(ABSENT);
	}
	if (d->dep.kind == DEP_CONFIG && dep_config_value(&d->dep, c->entry))
		v->status = 0;	/* set or "is not set": libbpf reads y/m/n or the value */
	eff = v->status & relevant(d, c->entry);
	if (!eff) {
		if (against >= 0 && (size_t)against != img) {
			struct diff_changes ch = { 0 };
			const struct matrix_cell *ac = MATRIX_CELL(m, i, (size_t)against);
			size_t k;

			if (ac->entry && c->entry &&
			    !(err = diff_item(dep_kind_diff(d->dep.kind), ac->entry, c->entry, &ch))) {
				const struct diff_change *worst = NULL;

				for (k = 0; k < ch.n; k++) {
					/* CO-RE relocates a field's offset */
					if (!strcmp(ch.v[k].kind, "field_offset"))
						continue;
					/* a kprobe needs no ftrace site */
					if (d->hook == CHECK_HOOK_KPROBE &&
					    !strcmp(ch.v[k].kind, "traceable"))
						continue;
					if (ch.v[k].consequence > DIFF_NONE &&
					    (!worst || ch.v[k].consequence > worst->consequence))
						worst = &ch.v[k];
				}
				if (worst) {
					v->level = CHECK_ERROR;
					v->consequence = worst->consequence == DIFF_STRAY_READ ?
						"changed: reads may be wrong" :
						worst->consequence == DIFF_ERROR ?
						"changed: load or attach fails" :
						"changed: misses invocations";
					if (asprintf(&v->changed, "%s%s%s (%s)", worst->kind,
						     worst->what ? " " : "",
						     worst->what ? worst->what : "",
						     diff_consequence_name(worst->consequence)) < 0) {
						v->changed = NULL;
						err = -ENOMEM;
					}
				}
			}
			diff_changes_clear(&ch);
			if (err == -EINVAL)
				err = 0;	/* an entry of another shape: not compared */
		}
		return err;
	}
	for (bit = 0; !(eff & (1u << bit)); bit++)
		;
	v->level = CHECK_ERROR;
	v->consequence = consequence(d, bit);
	if (eff == DEP_ST(ABSENT)) {
		if (d->guarded) {
			v->level = CHECK_HANDLED;
			v->handled_by = "guarded";
		} else if (d->fallback_of >= 0 && !MATRIX_CELL(m, (size_t)d->fallback_of, img)->status) {
			v->level = CHECK_HANDLED;
			v->handled_by = "fallback";
		} else if (d->weak) {
			v->level = CHECK_HANDLED;
			v->handled_by = "weak";
		} else if (d->flavored && (fl = other_flavor(s, m, d, img))) {
			v->level = CHECK_HANDLED;
			v->handled_by = "flavor";
			if (asprintf(&v->way_out, "read through %s", fl) < 0) {
				v->way_out = NULL;
				return -ENOMEM;
			}
		}
		if (v->level == CHECK_HANDLED) {
			v->consequence = "none";
			return 0;
		}
	}
	/* the way out */
	if (d->dep.kind == DEP_FUNC && (eff & (DEP_ST(FULL) | DEP_ST(SELECTIVE))) && whole) {
		char *callers = NULL;

		if ((err = inline_callers(whole, d->dep.name, &callers)))
			return err;
		if (callers && (err = asprintf(&buf, "%s: %s", eff & DEP_ST(FULL) ?
			"attach to the callers it is inlined into" :
			"also attach to the callers it is inlined into", callers)) < 0) {
			buf = NULL;
			err = -ENOMEM;
		} else {
			err = 0;
		}
		free(callers);
	} else if (d->dep.kind == DEP_FUNC && (eff & DEP_ST(TRANSFORMED)) && whole) {
		const char *cl = clone_symbol(whole, d->dep.name);

		if (cl && asprintf(&buf, "attach to the clone %s", cl) < 0) {
			buf = NULL;
			err = -ENOMEM;
		}
	} else if (d->dep.kind == DEP_FUNC && d->hook == CHECK_HOOK_FENTRY &&
		   eff == DEP_ST(NOT_TRACEABLE) &&
		   !json_is_true(json_object_get(c->entry, "kprobe_blacklisted"))) {
		if (!(buf = strdup("attach with a kprobe (no ftrace site needed)")))
			err = -ENOMEM;
	}
	if (!err && alt && (eff & (DEP_ST(ABSENT) | DEP_ST(FULL))) &&
	    !(alt->status & (DEP_ST(ABSENT) | DEP_ST(FULL) | DEP_ST(TRANSFORMED)))) {
		char *t = NULL;

		if (asprintf(&t, "%s %s exists", d->dep.kind == DEP_FUNC ? "tracepoint" : "function",
			     d->dep.name) < 0)
			err = -ENOMEM;
		else
			err = append(&buf, "; ", t, strlen(t));
		free(t);
	}
	if (err) {
		free(buf);
		return err;
	}
	v->way_out = buf;
	return 0;
}

void check_verdict_free(struct check_verdict *v)
{
	free(v->way_out);
	free(v->changed);
	memset(v, 0, sizeof(*v));
}

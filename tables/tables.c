// SPDX-License-Identifier: MIT
#include "tables/tables.h"
#include "diff/diff.h"
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"
#include "schema/surface_reader.h"
#include "tables/funcstats.h"
#include "util/mem.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------ columns */

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define T false
#define U true

static const char *const pairs_cols[] = {
	"group", "old", "new", "kind", "old_count", "new_count", "added", "removed", "changed",
	"added_pct", "removed_pct", "changed_pct", "skipped",
};
static const bool pairs_num[] = { T, T, T, T, U, U, U, U, U, U, U, U, T };

static const char *const change_kinds_cols[] = {
	"group", "kind", "change_kind", "items", "changed", "share_pct",
};
static const bool change_kinds_num[] = { T, T, T, U, U, U };

/* Columns in falling severity, as the paper reads them. */
static const char *const consequences_cols[] = {
	"group", "kind", "items", "error", "stray_read", "missing_invocation", "none",
};
static const bool consequences_num[] = { T, T, U, U, U, U, U };
static const char *const consequence_keys[] = { "error", "stray_read", "missing_invocation", "none" };

static const char *const arch_flavor_cols[] = {
	"group", "old", "new", "config",
	"funcs", "funcs_added", "funcs_removed", "funcs_changed",
	"structs", "structs_added", "structs_removed", "structs_changed",
	"tracepoints", "tracepoints_added", "tracepoints_removed", "tracepoints_changed",
	"syscalls_old", "syscalls_new", "pt_regs_size_old", "pt_regs_size_new", "pt_regs", "args",
};
static const bool arch_flavor_num[] = {
	T, T, T, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, T, T,
};

static const char *const collisions_cols[] = {
	"image", "funcs", "unique_global", "unique_static", "static_duplicate", "static_static",
	"static_global",
};
static const bool collisions_num[] = { T, U, U, U, U, U, U };

static const char *const inline_cols[] = {
	"image", "funcs", "none", "selective", "full", "none_pct", "selective_pct", "full_pct",
};
static const bool inline_num[] = { T, U, U, U, U, U, U, U };

/* image, compiler, 5 totals, then each suffix kind's count and share */
#define TRANSFORMS_FIXED 7
static const char *const transforms_cols[TRANSFORMS_FIXED + 2 * SYMSFX_NR] = {
	"image", "compiler", "symbols", "transformed_symbols", "transformed_pct",
	"transformed_funcs", "clone_only",
	"cold", "constprop", "isra", "llvm", "localalias", "lto_priv", "other", "part",
	"specialized",
	"cold_pct", "constprop_pct", "isra_pct", "llvm_pct", "localalias_pct", "lto_priv_pct",
	"other_pct", "part_pct", "specialized_pct",
};
static bool transforms_num[TRANSFORMS_FIXED + 2 * SYMSFX_NR];

static const char *const skipped_cols[] = { "group", "old", "new", "reason" };
static const bool skipped_num[] = { T, T, T, T };

#undef T
#undef U

#define KIND_NAME(id, name, file) name,
static const char *const kind_names[DIFF_KIND_COUNT] = { DIFF_KINDS(KIND_NAME) };
#undef KIND_NAME

/* ------------------------------------------------------------ inputs */

struct kind_counts {
	char *skipped;			/* the reason, or NULL */
	long long old, new_, added, removed, changed;
	json_t *change_kinds;		/* {"param_type": n, ...} (own reference) */
	long long cons[N(consequence_keys)];
};

struct pair_doc {
	const char *old_id, *new_id;	/* borrowed from the groups */
	char *skipped;			/* why it has no numbers, or NULL */
	struct kind_counts k[DIFF_KIND_COUNT];
};

struct image_info {
	const struct kernel_image *img;
	bool present;
	char compiler[128];
	long long syscalls;		/* available slots of sys_call_table; -1: unknown */
	json_t *regs;			/* registers.json, or NULL */
	struct func_stats fs;
	int fs_err;
	struct surface_error fs_e;
	char fs_path[PATH_MAX];
};

struct ctx {
	const char *dataset;
	const struct kernels_list *kl;
	const struct kernel_groups *kg;
	struct image_info *images;	/* kl->nr */
	struct pair_doc *pairs;
	size_t nr_pairs, cap_pairs;
	struct tables_error *e;
};

static int fail(struct tables_error *e, const char *file, unsigned long line, int err,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int fail(struct tables_error *e, const char *file, unsigned long line, int err,
		const char *fmt, ...)
{
	va_list ap;

	snprintf(e->file, sizeof(e->file), "%s", file);
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return err;
}

/* A surface_load_doc/reader failure as a tables_error. */
static int fail_surface(struct tables_error *e, const char *path, int err,
			const struct surface_error *se)
{
	if (err == -EBADMSG)
		return fail(e, path, se->line, err, "%s", se->text);
	return fail(e, path, 0, err, "%s", strerror(-err));
}

static bool exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

void tables_compiler_short(const char *s, char *buf, size_t size)
{
	const char *p, *last;
	size_t n;

	if (!strncmp(s, "GCC:", 4)) {
		/* the version follows the vendor's parenthesis (a date may follow it) */
		last = strstr(s, ") ");
		p = last ? last + 2 : s + 4;
		n = strcspn(p, " ");
		snprintf(buf, size, "gcc %.*s", (int)n, p);
		return;
	}
	p = strstr(s, "clang version ");
	if (p) {
		p += strlen("clang version ");
		n = strcspn(p, " ");
		snprintf(buf, size, "clang %.*s", (int)n, p);
		return;
	}
	snprintf(buf, size, "%s", s);
}

/* meta.json's compiler, syscalls.json's available slots, registers.json. */
static int load_image_docs(struct ctx *c, struct image_info *ii)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	struct surface_error se = { 0 };
	json_t *meta = NULL, *sys = NULL, *v;
	size_t i;
	int err;

	snprintf(dir, sizeof(dir), "%s/%s", c->dataset, ii->img->id);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	err = surface_load_doc(dir, "meta.json", &meta, &se);
	if (err)
		return fail_surface(c->e, path, err, &se);
	v = json_array_get(json_object_get(meta, "compiler"), 0);
	tables_compiler_short(json_is_string(v) ? json_string_value(v) : "-", ii->compiler,
			      sizeof(ii->compiler));
	json_decref(meta);

	ii->syscalls = -1;
	snprintf(path, sizeof(path), "%s/syscalls.json", dir);
	err = surface_load_doc(dir, "syscalls.json", &sys, &se);
	if (err && err != -ENOENT)
		return fail_surface(c->e, path, err, &se);
	if (!err) {
		json_t *table = json_object_get(sys, "sys_call_table"), *slot;

		if (table && !json_is_array(table)) {
			json_decref(sys);
			return fail(c->e, path, 0, -EBADMSG, "sys_call_table: not an array");
		}
		ii->syscalls = table ? 0 : -1;
		json_array_foreach(table, i, slot)
			ii->syscalls += json_is_true(json_object_get(slot, "available"));
		json_decref(sys);
	}
	snprintf(path, sizeof(path), "%s/registers.json", dir);
	err = surface_load_doc(dir, "registers.json", &ii->regs, &se);
	if (err && err != -ENOENT)
		return fail_surface(c->e, path, err, &se);
	return 0;
}

struct worker {
	struct ctx *c;
	size_t first, step;
	tables_progress_fn progress;
	void *arg;
	pthread_mutex_t *lock;
};

static void *stats_worker(void *p)
{
	struct worker *w = p;
	size_t i;

	for (i = w->first; i < w->c->kl->nr; i += w->step) {
		struct image_info *ii = &w->c->images[i];

		if (!ii->present)
			continue;
		if (w->progress) {
			pthread_mutex_lock(w->lock);
			w->progress(ii->img->id, w->arg);
			pthread_mutex_unlock(w->lock);
		}
		snprintf(ii->fs_path, sizeof(ii->fs_path), "%s/%s/funcs.jsonl", w->c->dataset,
			 ii->img->id);
		ii->fs_err = func_stats_read(ii->fs_path, &ii->fs, &ii->fs_e);
	}
	return NULL;
}

static int load_images(struct ctx *c, int jobs, tables_progress_fn progress, void *arg)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct worker w[16];
	pthread_t th[16];
	size_t i, started = 0;
	int err;

	c->images = calloc(c->kl->nr ? c->kl->nr : 1, sizeof(*c->images));
	if (!c->images)
		return -ENOMEM;
	for (i = 0; i < c->kl->nr; i++) {
		char path[PATH_MAX];

		c->images[i].img = &c->kl->images[i];
		snprintf(path, sizeof(path), "%s/%s/meta.json", c->dataset, c->kl->images[i].id);
		c->images[i].present = exists(path);
		if (c->images[i].present && (err = load_image_docs(c, &c->images[i])))
			return err;
	}
	if (jobs < 1)
		jobs = 1;
	if (jobs > (int)N(th))
		jobs = (int)N(th);
	for (i = 0; i < (size_t)jobs; i++)
		w[i] = (struct worker){ c, i, (size_t)jobs, progress, arg, &lock };
	/* jansson (the slow road of funcstats) is used by the threads at once:
	 * safe, since its hash seed was set by the documents loaded above,
	 * before any thread starts, and no JSON value is shared.
	 * Share 0 runs in this thread; a thread that cannot start leaves its
	 * share to this one too (the same results, only slower) */
	for (i = 1; i < (size_t)jobs && !pthread_create(&th[i], NULL, stats_worker, &w[i]); i++)
		started = i;
	for (i = started + 1; i < (size_t)jobs; i++)
		stats_worker(&w[i]);
	stats_worker(&w[0]);
	for (i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < c->kl->nr; i++) {
		struct image_info *ii = &c->images[i];

		if (ii->present && ii->fs_err)
			return ii->fs_err == -EBADMSG ?
				fail(c->e, ii->fs_path, ii->fs_e.line, -EBADMSG, "%s", ii->fs_e.text) :
				fail(c->e, ii->fs_path, 0, ii->fs_err, "%s", strerror(-ii->fs_err));
	}
	return 0;
}

static struct image_info *image_of(struct ctx *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->kl->nr; i++)
		if (!strcmp(c->images[i].img->id, id))
			return &c->images[i];
	return NULL;
}

/* A count member @key of @obj: a non-negative integer. */
static int get_count(const json_t *obj, const char *key, long long *v)
{
	const json_t *j = json_object_get(obj, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = json_integer_value(j);
	return 0;
}

static int parse_kind(struct ctx *c, const char *path, const char *name, const json_t *k,
		      struct kind_counts *kc)
{
	const json_t *ck, *cons, *v;
	const char *key;
	long long sum = 0;
	size_t i;

	if (!json_is_object(k))
		return fail(c->e, path, 0, -EBADMSG, "kinds.%s: missing or not an object", name);
	v = json_object_get(k, "skipped");
	if (v) {
		if (!json_is_string(v))
			return fail(c->e, path, 0, -EBADMSG, "kinds.%s.skipped: not a string", name);
		kc->skipped = strdup(json_string_value(v));
		return kc->skipped ? 0 : -ENOMEM;
	}
	if (get_count(k, "old", &kc->old) || get_count(k, "new", &kc->new_) ||
	    get_count(k, "added", &kc->added) || get_count(k, "removed", &kc->removed) ||
	    get_count(k, "changed", &kc->changed))
		return fail(c->e, path, 0, -EBADMSG,
			    "kinds.%s: old, new, added, removed and changed must be counts", name);
	if (kc->added > kc->new_ || kc->removed > kc->old || kc->changed > kc->old ||
	    kc->changed > kc->new_ || kc->old - kc->removed != kc->new_ - kc->added)
		return fail(c->e, path, 0, -EBADMSG,
			    "kinds.%s: counts do not add up (old %lld, new %lld, added %lld, removed %lld, changed %lld)",
			    name, kc->old, kc->new_, kc->added, kc->removed, kc->changed);
	ck = json_object_get(k, "change_kinds");
	if (!json_is_object(ck))
		return fail(c->e, path, 0, -EBADMSG, "kinds.%s.change_kinds: missing or not an object",
			    name);
	json_object_foreach((json_t *)ck, key, v)
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > kc->changed)
			return fail(c->e, path, 0, -EBADMSG,
				    "kinds.%s.change_kinds.%s: not a count of at most the %lld changed items",
				    name, key, kc->changed);
	kc->change_kinds = json_deep_copy(ck);
	if (!kc->change_kinds)
		return -ENOMEM;
	cons = json_object_get(k, "consequences");
	if (!json_is_object(cons))
		return fail(c->e, path, 0, -EBADMSG, "kinds.%s.consequences: missing or not an object",
			    name);
	for (i = 0; i < N(consequence_keys); i++) {
		if (get_count(cons, consequence_keys[i], &kc->cons[i]))
			return fail(c->e, path, 0, -EBADMSG, "kinds.%s.consequences.%s: not a count",
				    name, consequence_keys[i]);
		sum += kc->cons[i];
	}
	/* every added, removed and changed item has exactly one worst consequence */
	if (sum != kc->added + kc->removed + kc->changed)
		return fail(c->e, path, 0, -EBADMSG,
			    "kinds.%s.consequences: %lld items, but %lld added, removed or changed",
			    name, sum, kc->added + kc->removed + kc->changed);
	return 0;
}

static int load_pair_doc(struct ctx *c, struct pair_doc *pd)
{
	char rel[600], path[PATH_MAX + 700];
	json_t *doc = NULL, *kinds;
	json_error_t jerr;
	const char *v;
	size_t i;
	int err = 0;

	snprintf(rel, sizeof(rel), "diff/%s__%s.json", pd->old_id, pd->new_id);
	snprintf(path, sizeof(path), "%s/%s", c->dataset, rel);
	if (!image_of(c, pd->old_id)->present || !image_of(c, pd->new_id)->present) {
		char why[400];

		snprintf(why, sizeof(why), "image %s not in the dataset",
			 image_of(c, pd->old_id)->present ? pd->new_id : pd->old_id);
		pd->skipped = strdup(why);
		return pd->skipped ? 0 : -ENOMEM;
	}
	if (!exists(path)) {
		char why[700];

		snprintf(why, sizeof(why), "no pair document %s (made by depsurf diff)", rel);
		pd->skipped = strdup(why);
		return pd->skipped ? 0 : -ENOMEM;
	}
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return fail(c->e, path, (unsigned long)(jerr.line > 0 ? jerr.line : 0), -EBADMSG,
			    "invalid JSON: %s", jerr.text);
	if (!json_is_object(doc)) {
		err = fail(c->e, path, 0, -EBADMSG, "not a JSON object");
		goto out;
	}
	v = json_string_value(json_object_get(doc, "schema_version"));
	if (!v || strncmp(v, "1.", 2)) {
		err = fail(c->e, path, 0, -EBADMSG, "schema_version %s; this depsurf reads 1.x",
			   v ? v : "missing");
		goto out;
	}
	if (!json_is_string(json_object_get(doc, "old")) ||
	    !json_is_string(json_object_get(doc, "new")) ||
	    strcmp(json_string_value(json_object_get(doc, "old")), pd->old_id) ||
	    strcmp(json_string_value(json_object_get(doc, "new")), pd->new_id)) {
		err = fail(c->e, path, 0, -EBADMSG, "old and new are not %s and %s",
			   pd->old_id, pd->new_id);
		goto out;
	}
	kinds = json_object_get(doc, "kinds");
	if (!json_is_object(kinds)) {
		err = fail(c->e, path, 0, -EBADMSG, "kinds: missing or not an object");
		goto out;
	}
	for (i = 0; i < DIFF_KIND_COUNT && !err; i++)
		err = parse_kind(c, path, kind_names[i], json_object_get(kinds, kind_names[i]),
				 &pd->k[i]);
out:
	json_decref(doc);
	return err;
}

static void pair_doc_free(struct pair_doc *pd)
{
	size_t i;

	free(pd->skipped);
	for (i = 0; i < DIFF_KIND_COUNT; i++) {
		free(pd->k[i].skipped);
		json_decref(pd->k[i].change_kinds);
	}
}

/* The document of pair @p, loaded on first use (a pair may be in several groups). */
static int pair_of(struct ctx *c, const struct kg_pair *p, struct pair_doc **out)
{
	struct pair_doc *pd;
	size_t i;
	int err;

	for (i = 0; i < c->nr_pairs; i++)
		if (!strcmp(c->pairs[i].old_id, p->old_id) && !strcmp(c->pairs[i].new_id, p->new_id)) {
			*out = &c->pairs[i];
			return 0;
		}
	pd = mem_add((void **)&c->pairs, &c->cap_pairs, &c->nr_pairs, sizeof(*pd));
	if (!pd)
		return -ENOMEM;
	memset(pd, 0, sizeof(*pd));
	pd->old_id = p->old_id;
	pd->new_id = p->new_id;
	err = load_pair_doc(c, pd);
	*out = pd;
	return err;
}

/* ------------------------------------------------------------ the tables */

static void pairs_rows(struct table *t, const char *group, const struct pair_doc *pd)
{
	size_t i;

	for (i = 0; i < DIFF_KIND_COUNT; i++) {
		const struct kind_counts *k = &pd->k[i];

		table_str(t, group);
		table_str(t, pd->old_id);
		table_str(t, pd->new_id);
		table_str(t, kind_names[i]);
		if (k->skipped) {
			size_t j;

			for (j = 0; j < 8; j++)
				table_null(t);
			table_str(t, k->skipped);
			continue;
		}
		table_int(t, k->old);
		table_int(t, k->new_);
		table_int(t, k->added);
		table_int(t, k->removed);
		table_int(t, k->changed);
		table_pct(t, k->added, k->old);
		table_pct(t, k->removed, k->old);
		table_pct(t, k->changed, k->old);
		table_null(t);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* change_kinds and consequences of group @g over its pairs with numbers. */
static int group_kind_rows(struct ctx *c, struct tables *out, const char *g)
{
	size_t k, i;

	for (k = 0; k < DIFF_KIND_COUNT; k++) {
		long long changed = 0, cons[N(consequence_keys)] = { 0 }, items = 0;
		json_t *sums = json_object(), *v;
		const char **keys = NULL, *key;
		size_t nkeys = 0, pairs = 0;

		if (!sums)
			return -ENOMEM;
		for (i = 0; i < c->kg->nr_pairs; i++) {
			const struct kg_pair *p = &c->kg->pairs[i];
			struct pair_doc *pd;
			size_t j;

			if (strcmp(p->group, g))
				continue;
			pair_of(c, p, &pd);	/* loaded by build_pairs() */
			if (pd->skipped || pd->k[k].skipped)
				continue;
			pairs++;
			changed += pd->k[k].changed;
			items += pd->k[k].added + pd->k[k].removed + pd->k[k].changed;
			for (j = 0; j < N(consequence_keys); j++)
				cons[j] += pd->k[k].cons[j];
			json_object_foreach(pd->k[k].change_kinds, key, v) {
				json_t *s = json_object_get(sums, key);
				long long n = json_integer_value(v) + (s ? json_integer_value(s) : 0);

				if (json_object_set_new(sums, key, json_integer(n))) {
					json_decref(sums);
					return -ENOMEM;
				}
			}
		}
		if (!pairs) {
			json_decref(sums);
			continue;
		}
		keys = calloc(json_object_size(sums) + 1, sizeof(*keys));
		if (!keys) {
			json_decref(sums);
			return -ENOMEM;
		}
		json_object_foreach(sums, key, v)
			keys[nkeys++] = key;
		qsort(keys, nkeys, sizeof(*keys), cmp_str);
		for (i = 0; i < nkeys; i++) {
			long long n = json_integer_value(json_object_get(sums, keys[i]));

			if (!n)
				continue;
			table_str(&out->t[TABLE_CHANGE_KINDS], g);
			table_str(&out->t[TABLE_CHANGE_KINDS], kind_names[k]);
			table_str(&out->t[TABLE_CHANGE_KINDS], keys[i]);
			table_int(&out->t[TABLE_CHANGE_KINDS], n);
			table_int(&out->t[TABLE_CHANGE_KINDS], changed);
			table_pct(&out->t[TABLE_CHANGE_KINDS], n, changed);
		}
		free(keys);
		json_decref(sums);
		table_str(&out->t[TABLE_CONSEQUENCES], g);
		table_str(&out->t[TABLE_CONSEQUENCES], kind_names[k]);
		table_int(&out->t[TABLE_CONSEQUENCES], items);
		for (i = 0; i < N(consequence_keys); i++)
			table_int(&out->t[TABLE_CONSEQUENCES], cons[i]);
	}
	return 0;
}

static void int_or_null(struct table *t, long long v)
{
	if (v < 0)
		table_null(t);
	else
		table_int(t, v);
}

static long long pt_regs_size(const json_t *regs)
{
	const json_t *v = json_object_get(json_object_get(regs, "pt_regs"), "size");

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static void same_or_not(struct table *t, const json_t *a, const json_t *b)
{
	if (!a || !b)
		table_null(t);
	else
		table_str(t, json_equal((json_t *)a, (json_t *)b) ? "same" : "different");
}

/* [args, ret] of registers.json (a new reference), NULL without it. */
static json_t *arg_mapping(const json_t *regs)
{
	json_t *a, *r;

	if (!regs)
		return NULL;
	a = json_object_get(regs, "args");
	r = json_object_get(regs, "ret");
	return json_pack("[OO]", a ? a : json_null(), r ? r : json_null());
}

static void arch_flavor_row(struct ctx *c, struct table *t, const char *g,
			    const struct pair_doc *pd)
{
	static const int kinds[] = { DIFF_FUNCS, DIFF_STRUCTS, DIFF_TRACEPOINTS };
	const struct image_info *o = image_of(c, pd->old_id), *n = image_of(c, pd->new_id);
	const struct kind_counts *cfg = &pd->k[DIFF_CONFIG];
	json_t *oa, *na;
	size_t i;

	table_str(t, g);
	table_str(t, pd->old_id);
	table_str(t, pd->new_id);
	if (cfg->skipped)
		table_null(t);
	else
		table_int(t, cfg->added + cfg->removed + cfg->changed);
	for (i = 0; i < N(kinds); i++) {
		const struct kind_counts *k = &pd->k[kinds[i]];

		if (k->skipped) {
			table_null(t);
			table_null(t);
			table_null(t);
			table_null(t);
			continue;
		}
		table_int(t, k->new_);
		table_int(t, k->added);
		table_int(t, k->removed);
		table_int(t, k->changed);
	}
	int_or_null(t, o->syscalls);
	int_or_null(t, n->syscalls);
	int_or_null(t, o->regs ? pt_regs_size(o->regs) : -1);
	int_or_null(t, n->regs ? pt_regs_size(n->regs) : -1);
	same_or_not(t, json_object_get(o->regs, "pt_regs"), json_object_get(n->regs, "pt_regs"));
	/* the argument mapping: argument and return registers */
	oa = arg_mapping(o->regs);
	na = arg_mapping(n->regs);
	if ((o->regs && !oa) || (n->regs && !na))
		t->err = t->err ? t->err : -ENOMEM;
	same_or_not(t, oa, na);
	json_decref(oa);
	json_decref(na);
}

static void image_rows(struct tables *out, const struct image_info *ii)
{
	const struct func_stats *fs = &ii->fs;
	struct table *t;
	size_t i;

	t = &out->t[TABLE_COLLISIONS];
	table_str(t, ii->img->id);
	table_int(t, (long long)fs->funcs);
	for (i = 0; i < FS_COLLISION_NR; i++)
		table_int(t, (long long)fs->collision[i]);

	t = &out->t[TABLE_INLINE];
	table_str(t, ii->img->id);
	table_int(t, (long long)fs->funcs);
	for (i = 0; i < FS_INLINE_NR; i++)
		table_int(t, (long long)fs->inline_[i]);
	for (i = 0; i < FS_INLINE_NR; i++)
		table_pct(t, (long long)fs->inline_[i], (long long)fs->funcs);

	t = &out->t[TABLE_TRANSFORMS];
	table_str(t, ii->img->id);
	table_str(t, ii->compiler);
	table_int(t, (long long)fs->symbols);
	table_int(t, (long long)fs->transformed_symbols);
	table_pct(t, (long long)fs->transformed_symbols, (long long)fs->symbols);
	table_int(t, (long long)fs->transformed_funcs);
	table_int(t, (long long)fs->clone_only);
	for (i = 0; i < SYMSFX_NR; i++)
		table_int(t, (long long)fs->suffix_symbols[i]);
	for (i = 0; i < SYMSFX_NR; i++)
		table_pct(t, (long long)fs->suffix_symbols[i], (long long)fs->symbols);
}

#define TABLE_INIT(out, ID, name, title, cols, num)				\
	table_init(&(out)->t[TABLE_##ID], name, title, N(cols), cols, num)

int tables_build(const char *dataset, const struct kernels_list *kl,
		 const struct kernel_groups *kg, int jobs, tables_progress_fn progress,
		 void *progress_arg, struct tables *out, struct tables_error *e)
{
	struct ctx c = { dataset, kl, kg, NULL, NULL, 0, 0, e };
	size_t i, g;
	int err;

	memset(e, 0, sizeof(*e));
	out->pairs = 0;
	for (i = 0; i < N(transforms_num); i++)
		transforms_num[i] = i >= 2;	/* image and compiler are text */
	TABLE_INIT(out, PAIRS, "pairs", "Changes per pair and kind (added, removed, changed; shares of the old count)",
		   pairs_cols, pairs_num);
	TABLE_INIT(out, CHANGE_KINDS, "change_kinds", "Change kinds: share of the changed items having each kind",
		   change_kinds_cols, change_kinds_num);
	TABLE_INIT(out, CONSEQUENCES, "consequences", "Added, removed and changed items by worst consequence",
		   consequences_cols, consequences_num);
	TABLE_INIT(out, ARCH_FLAVOR, "arch_flavor", "Config-driven differences across architectures and flavors",
		   arch_flavor_cols, arch_flavor_num);
	TABLE_INIT(out, COLLISIONS, "collisions", "Function name collisions and duplicates per image",
		   collisions_cols, collisions_num);
	TABLE_INIT(out, INLINE, "inline", "Inlining of functions per image",
		   inline_cols, inline_num);
	TABLE_INIT(out, TRANSFORMS, "transforms", "Compiler transformations by symbol suffix per image",
		   transforms_cols, transforms_num);
	TABLE_INIT(out, SKIPPED, "skipped", "Pairs without numbers, and why",
		   skipped_cols, skipped_num);

	err = load_images(&c, jobs, progress, progress_arg);
	/* every pair document, in group order: the first bad one is the error */
	for (i = 0; !err && i < kg->nr_pairs; i++) {
		struct pair_doc *pd;

		err = pair_of(&c, &kg->pairs[i], &pd);
	}
	for (g = 0; !err && g < kg->nr_groups; g++) {
		const char *gn = kg->groups[g];
		bool af = !strcmp(gn, "arch") || !strcmp(gn, "flavor");

		for (i = 0; i < kg->nr_pairs; i++) {
			const struct kg_pair *p = &kg->pairs[i];
			struct pair_doc *pd;

			if (strcmp(p->group, gn))
				continue;
			pair_of(&c, p, &pd);
			if (pd->skipped) {
				table_str(&out->t[TABLE_SKIPPED], gn);
				table_str(&out->t[TABLE_SKIPPED], pd->old_id);
				table_str(&out->t[TABLE_SKIPPED], pd->new_id);
				table_str(&out->t[TABLE_SKIPPED], pd->skipped);
				continue;
			}
			pairs_rows(&out->t[TABLE_PAIRS], gn, pd);
			out->pairs++;
			if (af)
				arch_flavor_row(&c, &out->t[TABLE_ARCH_FLAVOR], gn, pd);
		}
		err = group_kind_rows(&c, out, gn);
	}
	for (i = 0; !err && i < kl->nr; i++)
		if (c.images[i].present)
			image_rows(out, &c.images[i]);
	for (i = 0; !err && i < TABLES_NR; i++)
		err = out->t[i].err;
	for (i = 0; i < c.nr_pairs; i++)
		pair_doc_free(&c.pairs[i]);
	free(c.pairs);
	for (i = 0; c.images && i < kl->nr; i++)
		json_decref(c.images[i].regs);
	free(c.images);
	if (err) {
		if (err == -ENOMEM && !e->text[0])
			fail(e, dataset, 0, err, "out of memory");
		tables_free(out);
	}
	return err;
}

void tables_free(struct tables *out)
{
	size_t i;

	for (i = 0; i < TABLES_NR; i++)
		table_free(&out->t[i]);
}

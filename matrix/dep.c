// SPDX-License-Identifier: MIT
#include "matrix/dep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *file;
	enum diff_kind diff;
} kinds[] = {
#define DEP_KIND_ROW(id, prefix, file, diff) { prefix, file, diff },
	DEP_KINDS(DEP_KIND_ROW)
#undef DEP_KIND_ROW
};

static const struct {
	const char *json, *text, *sym;
} statuses[] = {
#define DEP_STATUS_ROW(id, json, text, sym) { json, text, sym },
	DEP_STATUSES(DEP_STATUS_ROW)
#undef DEP_STATUS_ROW
};

const char *dep_kind_name(enum dep_kind kind)
{
	return (unsigned int)kind < DEP_KIND_COUNT ? kinds[kind].name : NULL;
}

const char *dep_kind_file(enum dep_kind kind)
{
	return (unsigned int)kind < DEP_KIND_COUNT ? kinds[kind].file : NULL;
}

enum diff_kind dep_kind_diff(enum dep_kind kind)
{
	return (unsigned int)kind < DEP_KIND_COUNT ? kinds[kind].diff : DIFF_KIND_COUNT;
}

const char *dep_status_json(enum dep_status_bit bit)
{
	return (unsigned int)bit < DEP_STATUS_COUNT ? statuses[bit].json : NULL;
}

const char *dep_status_text(enum dep_status_bit bit)
{
	return (unsigned int)bit < DEP_STATUS_COUNT ? statuses[bit].text : NULL;
}

const char *dep_status_symbol(enum dep_status_bit bit)
{
	return (unsigned int)bit < DEP_STATUS_COUNT ? statuses[bit].sym : NULL;
}

/* @n bytes of @s are a name of the surfaces: letters, digits, '_'. */
static bool is_word(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

void dep_free(struct dep *d)
{
	if (!d)
		return;
	free(d->spec);
	free(d->name);
	free(d->field);
	free(d->system);
	memset(d, 0, sizeof(*d));
}

int dep_parse(const char *spec, struct dep *d, const char **why)
{
	const char *colon = strchr(spec, ':'), *name, *sep, *msg = NULL;
	size_t klen, i;
	int err = -EINVAL;

	memset(d, 0, sizeof(*d));
	if (!colon) {
		msg = "not KIND:NAME";
		goto fail;
	}
	klen = colon - spec;
	for (i = 0; i < DEP_KIND_COUNT; i++)
		if (strlen(kinds[i].name) == klen && !strncmp(spec, kinds[i].name, klen))
			break;
	if (i == DEP_KIND_COUNT) {
		msg = "unknown kind (func, struct, union, field, enum, tracepoint, syscall, lsm, "
		      "kfunc, config)";
		goto fail;
	}
	d->kind = i;
	name = colon + 1;
	switch (d->kind) {
	case DEP_FIELD:
		sep = strstr(name, "::");
		if (!sep || !is_word(name, sep - name) || !is_word(sep + 2, strlen(sep + 2))) {
			msg = "not field:STRUCT::FIELD";
			goto fail;
		}
		d->name = strndup(name, sep - name);
		d->field = strdup(sep + 2);
		if (!d->field)
			goto nomem;
		break;
	case DEP_TRACEPOINT:
		sep = strchr(name, '/');
		if (sep ? !is_word(name, sep - name) || !is_word(sep + 1, strlen(sep + 1))
			: !is_word(name, strlen(name))) {
			msg = "not tracepoint:EVENT or tracepoint:SYSTEM/EVENT";
			goto fail;
		}
		if (sep) {
			d->system = strndup(name, sep - name);
			if (!d->system)
				goto nomem;
			name = sep + 1;
		}
		/*
		 * The syscall events are not in tracepoints.jsonl but in
		 * syscalls.json (docs/schema-tracepoints.md): sys_enter_X is
		 * there when syscall X is, by the kernel's name of X.
		 */
		if ((!d->system || !strcmp(d->system, "syscalls")) &&
		    (!strncmp(name, "sys_enter_", 10) || !strncmp(name, "sys_exit_", 9))) {
			d->kind = DEP_SYSCALL;
			free(d->system);
			d->system = NULL;
			name += name[5] == 'n' ? 10 : 9;
			if (!is_word(name, strlen(name))) {
				msg = "no syscall after sys_enter_/sys_exit_";
				goto fail;
			}
		}
		d->name = strdup(name);
		break;
	case DEP_CONFIG:
		if (strncmp(name, "CONFIG_", 7) || !is_word(name + 7, strlen(name + 7))) {
			msg = "not config:CONFIG_NAME";
			goto fail;
		}
		d->name = strdup(name);
		break;
	default:
		/* enums.jsonl merges the anonymous enums into one entry "(anon)" */
		if (!is_word(name, strlen(name)) && !(d->kind == DEP_ENUM && !strcmp(name, "(anon)"))) {
			msg = "the name is not an identifier";
			goto fail;
		}
		d->name = strdup(name);
		break;
	}
	if (!d->name || !(d->spec = strdup(spec)))
		goto nomem;
	return 0;
nomem:
	err = -ENOMEM;
fail:
	if (why)
		*why = msg ? msg : strerror(-err);
	dep_free(d);
	return err;
}

/* Member @key of @o as a boolean; -EINVAL when it is missing or not one. */
static int get_bool(const json_t *o, const char *key, bool *v)
{
	const json_t *j = json_object_get(o, key);

	if (!json_is_boolean(j))
		return -EINVAL;
	*v = json_is_true(j);
	return 0;
}

static int func_status(const json_t *e, unsigned int *st)
{
	const char *inl = json_string_value(json_object_get(e, "inline"));
	const char *coll = json_string_value(json_object_get(e, "collision"));
	bool exact, traceable, blacklisted;

	if (!inl || !coll || get_bool(e, "exact_symbol", &exact) ||
	    get_bool(e, "traceable", &traceable) || get_bool(e, "kprobe_blacklisted", &blacklisted))
		return -EINVAL;
	if (!strcmp(inl, "full"))
		*st |= DEP_ST(FULL);
	else if (!strcmp(inl, "selective"))
		*st |= DEP_ST(SELECTIVE);
	else if (strcmp(inl, "none"))
		return -EINVAL;
	/*
	 * Without an exact symbol traceable is false by definition: that is
	 * said by full or transformed, not once more by not_traceable.
	 */
	if (!exact && strcmp(inl, "full"))
		*st |= DEP_ST(TRANSFORMED);
	if (exact && (!traceable || blacklisted))
		*st |= DEP_ST(NOT_TRACEABLE);
	if (!strcmp(coll, "static_duplicate"))
		*st |= DEP_ST(DUPLICATE);
	else if (!strcmp(coll, "static_static") || !strcmp(coll, "static_global"))
		*st |= DEP_ST(COLLISION);
	else if (strcmp(coll, "unique_global") && strcmp(coll, "unique_static"))
		return -EINVAL;
	return 0;
}

/*
 * A syscall is there when a slot of some ABI table implements it; the
 * entry is diff_doc_entry()'s {"name", "tables": {"<table>": [slots]}}.
 */
static int syscall_status(const json_t *e, unsigned int *st)
{
	const json_t *tables = json_object_get(e, "tables"), *slots, *s;
	const char *table;
	size_t i;
	bool avail, any = false;

	if (!json_is_object(tables))
		return -EINVAL;
	json_object_foreach((json_t *)tables, table, slots) {
		if (!json_is_array(slots))
			return -EINVAL;
		json_array_foreach(slots, i, s) {
			if (get_bool(s, "available", &avail))
				return -EINVAL;
			any |= avail;
		}
	}
	if (!any)
		*st |= DEP_ST(ABSENT);
	return 0;
}

const char *dep_config_value(const struct dep *d, const json_t *entry)
{
	const json_t *v;

	if (d->kind != DEP_CONFIG || !entry)
		return NULL;
	v = json_object_get(entry, "value");
	return json_is_string(v) ? json_string_value(v) : json_is_null(v) ? "unset" : NULL;
}

int dep_status(const struct dep *d, const json_t *entry, unsigned int *status)
{
	const json_t *v;
	bool b;
	int err = 0;

	*status = 0;
	if (!entry) {
		*status = DEP_ST(ABSENT);
		return 0;
	}
	if (!json_is_object(entry))
		return -EINVAL;
	switch (d->kind) {
	case DEP_FUNC:
		err = func_status(entry, status);
		break;
	case DEP_SYSCALL:
		err = syscall_status(entry, status);
		break;
	case DEP_LSM:
		/* an lsm/ program attaches through the BTF FUNC bpf_lsm_<hook> */
		err = get_bool(entry, "bpf_lsm", &b);
		if (!err && !b)
			*status |= DEP_ST(NOT_TRACEABLE);
		break;
	case DEP_CONFIG:
		v = json_object_get(entry, "value");
		if (!json_is_string(v) && !json_is_null(v))
			return -EINVAL;
		/* "absent = not set": "# CONFIG_X is not set", or =n */
		if (json_is_null(v) || !strcmp(json_string_value(v), "n"))
			*status |= DEP_ST(ABSENT);
		break;
	default:
		break;
	}
	if (err)
		*status = 0;
	return err;
}

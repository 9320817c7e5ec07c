// SPDX-License-Identifier: MIT
/*
 * Unit test of matrix/dep.h: the spec grammar (every kind, the split of
 * field and tracepoint names, each malformed spec with its reason), and
 * dep_status() on entries of each surface's shape: every function status
 * alone and combined (worst first), the rules that keep a fully inlined or
 * clone-only function from also reading "not traceable", syscalls without
 * an implemented slot, LSM hooks without bpf_lsm_, config values, and
 * entries of the wrong shape.
 */
#include "matrix/dep.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdlib.h>

static void parse_ok(const char *spec, enum dep_kind kind, const char *name, const char *field,
		     const char *system)
{
	struct dep d;
	const char *why = NULL;
	int err = dep_parse(spec, &d, &why);

	CHECK_MSG(!err, "%s: %d (%s)", spec, err, why ? why : "");
	if (err)
		return;
	CHECK_EQ(d.kind, kind);
	CHECK_STR(d.spec, spec);
	CHECK_STR(d.name, name);
	CHECK_STR(d.field, field);
	CHECK_STR(d.system, system);
	dep_free(&d);
}

static void parse_bad(const char *spec, const char *why_part)
{
	struct dep d;
	const char *why = NULL;
	int err = dep_parse(spec, &d, &why);

	CHECK_MSG(err == -EINVAL, "%s: expected -EINVAL, got %d", spec, err);
	CHECK_MSG(why && strstr(why, why_part), "%s: reason '%s', expected '%s'", spec,
		  why ? why : "(null)", why_part);
	CHECK(!d.spec && !d.name && !d.field && !d.system);
	if (!err)
		dep_free(&d);
}

/* The statuses of @spec's entry @json as text ("full,transformed"), or "ERR". */
static const char *status_of(const char *spec, const char *json)
{
	static char buf[256];
	json_t *e = json ? json_loads(json, 0, NULL) : NULL;
	unsigned int st = 0xdead;
	struct dep d;
	size_t len = 0;
	unsigned int b;

	if (dep_parse(spec, &d, NULL) || (json && !e)) {
		FAIL("%s: bad test input", spec);
		return "";
	}
	if (dep_status(&d, e, &st)) {
		CHECK_EQ(st, 0);
		snprintf(buf, sizeof(buf), "ERR");
	} else {
		buf[0] = '\0';
		for (b = 0; b < DEP_STATUS_COUNT; b++)
			if (st & (1u << b))
				len += snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "," : "",
						dep_status_text(b));
		if (!st)
			snprintf(buf, sizeof(buf), "ok");
	}
	json_decref(e);
	dep_free(&d);
	return buf;
}

#define FUNC(inl, coll, exact, tr, bl)						\
	"{\"name\":\"f\",\"inline\":\"" inl "\",\"collision\":\"" coll "\","	\
	"\"transforms\":[],\"exact_symbol\":" exact ",\"traceable\":" tr ","	\
	"\"kprobe_blacklisted\":" bl ",\"proto\":null,\"defs\":[],\"symbols\":[]}"

int main(void)
{
	parse_ok("func:vfs_read", DEP_FUNC, "vfs_read", NULL, NULL);
	parse_ok("struct:request", DEP_STRUCT, "request", NULL, NULL);
	parse_ok("union:bpf_attr", DEP_UNION, "bpf_attr", NULL, NULL);
	parse_ok("field:task_struct::__state", DEP_FIELD, "task_struct", "__state", NULL);
	parse_ok("enum:bpf_prog_type", DEP_ENUM, "bpf_prog_type", NULL, NULL);
	parse_ok("enum:(anon)", DEP_ENUM, "(anon)", NULL, NULL);
	parse_ok("tracepoint:block_rq_issue", DEP_TRACEPOINT, "block_rq_issue", NULL, NULL);
	parse_ok("tracepoint:block/block_rq_issue", DEP_TRACEPOINT, "block_rq_issue", NULL,
		 "block");
	parse_ok("tracepoint:9p/9p_client_req", DEP_TRACEPOINT, "9p_client_req", NULL, "9p");
	parse_ok("syscall:openat", DEP_SYSCALL, "openat", NULL, NULL);
	/* the syscall events are the syscalls' */
	parse_ok("tracepoint:syscalls/sys_enter_openat", DEP_SYSCALL, "openat", NULL, NULL);
	parse_ok("tracepoint:sys_exit_newstat", DEP_SYSCALL, "newstat", NULL, NULL);
	parse_ok("tracepoint:syscalls/block_rq_issue", DEP_TRACEPOINT, "block_rq_issue", NULL,
		 "syscalls");
	parse_ok("tracepoint:foo/sys_enter_openat", DEP_TRACEPOINT, "sys_enter_openat", NULL,
		 "foo");
	parse_ok("lsm:file_open", DEP_LSM, "file_open", NULL, NULL);
	parse_ok("kfunc:bpf_task_acquire", DEP_KFUNC, "bpf_task_acquire", NULL, NULL);
	parse_ok("config:CONFIG_BPF_LSM", DEP_CONFIG, "CONFIG_BPF_LSM", NULL, NULL);

	parse_bad("vfs_read", "not KIND:NAME");
	parse_bad("function:vfs_read", "unknown kind");
	parse_bad("Func:vfs_read", "unknown kind");
	parse_bad(":vfs_read", "unknown kind");
	parse_bad("func:", "not an identifier");
	parse_bad("func:vfs_read.isra.0", "not an identifier");
	parse_bad("func:a b", "not an identifier");
	parse_bad("struct:(anon)", "not an identifier");
	parse_bad("func:x\n", "not an identifier");
	parse_bad("field:task_struct", "STRUCT::FIELD");
	parse_bad("field:task_struct::", "STRUCT::FIELD");
	parse_bad("field:::state", "STRUCT::FIELD");
	parse_bad("field:a::b::c", "STRUCT::FIELD");
	parse_bad("tracepoint:block/", "SYSTEM/EVENT");
	parse_bad("tracepoint:/x", "SYSTEM/EVENT");
	parse_bad("tracepoint:a/b/c", "SYSTEM/EVENT");
	parse_bad("tracepoint:sys_enter_", "no syscall");
	parse_bad("config:BPF_LSM", "CONFIG_");
	parse_bad("config:CONFIG_", "CONFIG_");

	/* names of the kinds and statuses */
	CHECK_STR(dep_kind_name(DEP_FIELD), "field");
	CHECK_STR(dep_kind_file(DEP_FIELD), "structs.jsonl");
	CHECK_EQ(dep_kind_diff(DEP_CONFIG), DIFF_CONFIG);
	CHECK(!dep_kind_name(DEP_KIND_COUNT) && !dep_kind_file((enum dep_kind)-1));
	CHECK_STR(dep_status_symbol(DEP_STATUS_BIT_ABSENT), "\xe2\x88\x85");
	CHECK_STR(dep_status_json(DEP_STATUS_BIT_NOT_TRACEABLE), "not_traceable");
	CHECK(!dep_status_text(DEP_STATUS_COUNT));

	/* functions: each status, combined ones worst first */
	CHECK_STR(status_of("func:f", NULL), "absent");
	CHECK_STR(status_of("func:f", FUNC("none", "unique_global", "true", "true", "false")), "ok");
	CHECK_STR(status_of("func:f", FUNC("full", "unique_static", "false", "false", "false")),
		  "full");
	CHECK_STR(status_of("func:f", FUNC("none", "unique_global", "false", "false", "false")),
		  "transformed");
	CHECK_STR(status_of("func:f", FUNC("selective", "static_static", "false", "false", "false")),
		  "transformed,collision,selective");
	CHECK_STR(status_of("func:f", FUNC("none", "unique_global", "true", "false", "false")),
		  "untraceable");
	CHECK_STR(status_of("func:f", FUNC("none", "unique_global", "true", "true", "true")),
		  "untraceable");
	CHECK_STR(status_of("func:f", FUNC("none", "static_duplicate", "true", "true", "false")),
		  "duplicate");
	CHECK_STR(status_of("func:f", FUNC("selective", "static_global", "true", "false", "false")),
		  "untraceable,collision,selective");
	CHECK_STR(status_of("func:f", FUNC("full", "static_duplicate", "false", "false", "false")),
		  "full,duplicate");
	/* the wrong shape */
	CHECK_STR(status_of("func:f", FUNC("partial", "unique_global", "true", "true", "false")),
		  "ERR");
	CHECK_STR(status_of("func:f", FUNC("none", "unique", "true", "true", "false")), "ERR");
	CHECK_STR(status_of("func:f", FUNC("none", "unique_global", "1", "true", "false")), "ERR");
	CHECK_STR(status_of("func:f", "{\"name\":\"f\"}"), "ERR");
	CHECK_STR(status_of("func:f", "[]"), "ERR");

	/* types, tracepoints, kfuncs: there or not */
	CHECK_STR(status_of("struct:s", "{\"name\":\"s\",\"size\":0,\"members\":[]}"), "ok");
	CHECK_STR(status_of("tracepoint:e", NULL), "absent");

	/* syscalls: diff_doc_entry's entry; absent when no slot implements it */
	CHECK_STR(status_of("syscall:x", "{\"name\":\"x\",\"tables\":{\"a\":[{\"nr\":1,"
			    "\"entry\":\"sys_ni_syscall\",\"available\":false}],\"b\":[{\"nr\":2,"
			    "\"entry\":\"sys_x\",\"available\":true}]}}"), "ok");
	CHECK_STR(status_of("syscall:x", "{\"name\":\"x\",\"tables\":{\"a\":[{\"nr\":1,"
			    "\"entry\":\"sys_ni_syscall\",\"available\":false}]}}"), "absent");
	CHECK_STR(status_of("syscall:x", "{\"name\":\"x\",\"tables\":{\"a\":[{\"nr\":1}]}}"),
		  "ERR");
	CHECK_STR(status_of("syscall:x", "{\"name\":\"x\"}"), "ERR");

	/* LSM hooks: attachable through bpf_lsm_<hook> */
	CHECK_STR(status_of("lsm:h", "{\"name\":\"h\",\"proto\":null,\"bpf_lsm\":true}"), "ok");
	CHECK_STR(status_of("lsm:h", "{\"name\":\"h\",\"proto\":null,\"bpf_lsm\":false}"),
		  "untraceable");
	CHECK_STR(status_of("lsm:h", "{\"name\":\"h\",\"proto\":null}"), "ERR");

	/* config: absent = not set */
	CHECK_STR(status_of("config:CONFIG_X", "{\"name\":\"CONFIG_X\",\"value\":\"m\"}"), "ok");
	CHECK_STR(status_of("config:CONFIG_X", "{\"name\":\"CONFIG_X\",\"value\":\"250\"}"), "ok");
	CHECK_STR(status_of("config:CONFIG_X", "{\"name\":\"CONFIG_X\",\"value\":null}"), "absent");
	CHECK_STR(status_of("config:CONFIG_X", "{\"name\":\"CONFIG_X\",\"value\":\"n\"}"), "absent");
	CHECK_STR(status_of("config:CONFIG_X", "{\"name\":\"CONFIG_X\",\"value\":1}"), "ERR");
	{
		struct dep d;
		json_t *set = json_pack("{s:s, s:s}", "name", "CONFIG_X", "value", "y");
		json_t *unset = json_pack("{s:s, s:n}", "name", "CONFIG_X", "value");

		CHECK(!dep_parse("config:CONFIG_X", &d, NULL));
		CHECK_STR(dep_config_value(&d, set), "y");
		CHECK_STR(dep_config_value(&d, unset), "unset");
		CHECK_STR(dep_config_value(&d, NULL), NULL);
		dep_free(&d);
		CHECK(!dep_parse("func:f", &d, NULL));
		CHECK_STR(dep_config_value(&d, set), NULL);
		dep_free(&d);
		dep_free(NULL);
		json_decref(set);
		json_decref(unset);
	}
	return test_exit();
}

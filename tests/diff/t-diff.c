// SPDX-License-Identifier: MIT
/*
 * Unit test of diff/diff.h: every change kind of every entry kind with its
 * consequence (the table of docs/schema-diff.md), the parameter matching
 * rules (renamed at one position, reorder of the common ones, an insertion
 * that is not a reorder), anonymous members by rank, the entries that
 * diff_doc_entry() makes of syscalls.json, config.json and registers.json,
 * and -EINVAL for entries of the wrong shape, leaving the list as it was.
 */
#include "diff/diff.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdlib.h>

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (!v) {
		fprintf(stderr, "bad test JSON: %s: %s\n", text, e.text);
		exit(1);
	}
	return v;
}

/* "kind[what] old→new consequence" per change, joined by "; " */
static char *render(const struct diff_changes *c)
{
	static char buf[8192];
	size_t len = 0, i;

	buf[0] = '\0';
	for (i = 0; i < c->n; i++) {
		const struct diff_change *ch = &c->v[i];
		char *o = ch->old_value ? json_dumps(ch->old_value, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		char *n = ch->new_value ? json_dumps(ch->new_value, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

		len += snprintf(buf + len, sizeof(buf) - len, "%s%s%s%s%s %s>%s %s", i ? "; " : "",
				ch->kind, ch->what ? "[" : "", ch->what ? ch->what : "",
				ch->what ? "]" : "", o ? o : "-", n ? n : "-",
				diff_consequence_name(ch->consequence));
		free(o);
		free(n);
	}
	return buf;
}

/* diff_item(@kind, @old, @new) (JSON texts, NULL for absent) must give @want and worst @worst. */
#define EXPECT(kind, old, new, want, worst) expect(__LINE__, kind, old, new, want, worst)
static void expect(int line, enum diff_kind kind, const char *old, const char *new,
		   const char *want, enum diff_consequence worst)
{
	json_t *o = old ? parse(old) : NULL, *n = new ? parse(new) : NULL;
	struct diff_changes c = { 0 };
	int err = diff_item(kind, o, n, &c);

	if (err)
		test_fail(__FILE__, line, "diff_item: %d", err);
	else if (strcmp(render(&c), want))
		test_fail(__FILE__, line, "changes:\n  got  %s\n  want %s", render(&c), want);
	else if (diff_changes_worst(&c) != worst)
		test_fail(__FILE__, line, "worst: %s", diff_consequence_name(diff_changes_worst(&c)));
	test_checks++;
	diff_changes_clear(&c);
	CHECK(c.n == 0 && !c.v);
	json_decref(o);
	json_decref(n);
}

#define FUNC(st, params, ret)                                                                \
	"{\"name\":\"f\"," st ",\"proto\":{\"ret\":\"" ret "\",\"params\":[" params "]," \
	"\"source\":\"btf\"}}"
#define ST_OK                                                                                 \
	"\"inline\":\"none\",\"collision\":\"unique_global\",\"transforms\":[],"              \
	"\"exact_symbol\":true,\"traceable\":true,\"kprobe_blacklisted\":false"
#define P(n, t) "{\"name\":\"" n "\",\"type\":\"" t "\"}"

static void test_funcs(void)
{
	const char *base = FUNC(ST_OK, P("a", "int") "," P("b", "char *"), "int");

	EXPECT(DIFF_FUNCS, base, base, "", DIFF_NONE);
	EXPECT(DIFF_FUNCS, NULL, base, "added ->- none", DIFF_NONE);
	EXPECT(DIFF_FUNCS, base, NULL, "removed ->- error", DIFF_ERROR);
	/* the prototype */
	EXPECT(DIFF_FUNCS, base, FUNC(ST_OK, P("a", "int") "," P("b", "char *"), "long"),
	       "return_type \"int\">\"long\" stray_read", DIFF_STRAY_READ);
	EXPECT(DIFF_FUNCS, base, FUNC(ST_OK, P("a", "long") "," P("b", "char *"), "int"),
	       "param_type[a] \"int\">\"long\" stray_read", DIFF_STRAY_READ);
	EXPECT(DIFF_FUNCS, base, FUNC(ST_OK, P("x", "int") "," P("b", "char *"), "int"),
	       "param_renamed[x] \"a\">\"x\" none", DIFF_NONE);
	/* a different name with a different type at one position: removed + added */
	EXPECT(DIFF_FUNCS, base, FUNC(ST_OK, P("x", "long") "," P("b", "char *"), "int"),
	       "param_removed[a] \"int\">- stray_read; param_added[x] ->\"long\" stray_read",
	       DIFF_STRAY_READ);
	/* appended: the kept ones stay where they were */
	EXPECT(DIFF_FUNCS, base,
	       FUNC(ST_OK, P("a", "int") "," P("b", "char *") "," P("c", "u64"), "int"),
	       "param_added[c] ->\"u64\" none", DIFF_NONE);
	/* inserted first: moves a and b, but their relative order stays (no reorder) */
	EXPECT(DIFF_FUNCS, base,
	       FUNC(ST_OK, P("c", "u64") "," P("a", "int") "," P("b", "char *"), "int"),
	       "param_added[c] ->\"u64\" stray_read", DIFF_STRAY_READ);
	EXPECT(DIFF_FUNCS, base, FUNC(ST_OK, P("a", "int"), "int"),
	       "param_removed[b] \"char *\">- stray_read", DIFF_STRAY_READ);
	EXPECT(DIFF_FUNCS, base, FUNC(ST_OK, P("b", "char *") "," P("a", "int"), "int"),
	       "param_reordered [\"a\",\"b\"]>[\"b\",\"a\"] stray_read", DIFF_STRAY_READ);
	/* unnamed (varargs) parameters are matched by position */
	EXPECT(DIFF_FUNCS, FUNC(ST_OK, P("fmt", "const char *") "," P("", "..."), "int"),
	       FUNC(ST_OK, P("fmt", "const char *") "," P("", "..."), "int"), "", DIFF_NONE);
	/* no prototype on one side: not compared */
	EXPECT(DIFF_FUNCS, base, "{\"name\":\"f\"," ST_OK ",\"proto\":null}", "", DIFF_NONE);
	/* status */
	EXPECT(DIFF_FUNCS, base,
	       FUNC("\"inline\":\"full\",\"collision\":\"unique_global\",\"transforms\":[],"
		    "\"exact_symbol\":false,\"traceable\":false,\"kprobe_blacklisted\":false",
		    P("a", "int") "," P("b", "char *"), "int"),
	       "inline \"none\">\"full\" error; exact_symbol true>false error; "
	       "traceable true>false error",
	       DIFF_ERROR);
	EXPECT(DIFF_FUNCS, base,
	       FUNC("\"inline\":\"selective\",\"collision\":\"static_duplicate\","
		    "\"transforms\":[\"cold\"],\"exact_symbol\":true,\"traceable\":true,"
		    "\"kprobe_blacklisted\":true",
		    P("a", "int") "," P("b", "char *"), "int"),
	       "inline \"none\">\"selective\" missing_invocation; "
	       "kprobe_blacklisted false>true error; "
	       "collision \"unique_global\">\"static_duplicate\" missing_invocation; "
	       "transforms []>[\"cold\"] none",
	       DIFF_ERROR);
	/* improvements are changes without consequence */
	EXPECT(DIFF_FUNCS,
	       FUNC("\"inline\":\"full\",\"collision\":\"static_static\",\"transforms\":[\"isra\"],"
		    "\"exact_symbol\":false,\"traceable\":false,\"kprobe_blacklisted\":true",
		    "", "void"),
	       FUNC(ST_OK, "", "void"),
	       "inline \"full\">\"none\" none; exact_symbol false>true none; "
	       "traceable false>true none; kprobe_blacklisted true>false none; "
	       "collision \"static_static\">\"unique_global\" none; "
	       "transforms [\"isra\"]>[] none",
	       DIFF_NONE);
	EXPECT(DIFF_FUNCS, FUNC(ST_OK, "", "void"),
	       FUNC("\"inline\":\"none\",\"collision\":\"unique_global\","
		    "\"transforms\":[\"constprop\",\"isra\"],\"exact_symbol\":true,"
		    "\"traceable\":true,\"kprobe_blacklisted\":false",
		    "", "void"),
	       "transforms []>[\"constprop\",\"isra\"] stray_read", DIFF_STRAY_READ);
	/* a member absent from one side (an older dataset) is not compared */
	EXPECT(DIFF_FUNCS, "{\"name\":\"f\",\"inline\":\"none\"}", "{\"name\":\"f\"}", "",
	       DIFF_NONE);
}

#define M(n, off, bf, t) \
	"{\"name\":\"" n "\",\"offset_bits\":" #off ",\"bitfield_bits\":" #bf ",\"type\":\"" t "\"}"
#define STRUCT(size, members) "{\"name\":\"s\",\"size\":" #size ",\"members\":[" members "]}"

static void test_structs(void)
{
	const char *base = STRUCT(16, M("a", 0, 0, "int") "," M("b", 32, 3, "unsigned int") ","
				  M("", 64, 0, "union {int x; long y;}"));

	EXPECT(DIFF_STRUCTS, base, base, "", DIFF_NONE);
	EXPECT(DIFF_STRUCTS, base,
	       STRUCT(24, M("b", 32, 5, "u32") "," M("", 64, 0, "union {int x; long z;}") ","
		      M("c", 128, 0, "long")),
	       "field_removed[a] \"int\">- error; field_added[c] ->\"long\" none; "
	       "field_type[b] \"unsigned int\">\"u32\" stray_read; "
	       "field_bitfield[b] 3>5 stray_read; "
	       "field_type[(anon 1)] \"union {int x; long y;}\">\"union {int x; long z;}\" error; "
	       "size 16>24 none",
	       DIFF_ERROR);
	/* anonymous members: what counts is the names inside them */
	EXPECT(DIFF_STRUCTS, STRUCT(16, M("cs", 0, 0, "u16") "," M("ss", 64, 0, "u16")),
	       STRUCT(16, M("", 0, 0, "union {u16 cs; u64 csx;}") "," M("ss", 64, 0, "u16")),
	       "field_moved[cs] 0>0 stray_read; field_added[(anon 1)] ->\"union {u16 cs; u64 csx;}\" none",
	       DIFF_STRAY_READ);
	EXPECT(DIFF_STRUCTS,
	       STRUCT(16, M("", 0, 0, "union {void (*fn)(int); char comm[16]; u64 v:8; struct {int q;} point; struct {int n; long o;};}")),
	       STRUCT(16, M("fn", 0, 0, "void (*)(int)") "," M("comm", 0, 0, "char[16]") ","
		      M("v", 0, 8, "u64") "," M("point", 0, 0, "struct {int q;}") "," M("n", 0, 0, "int") ","
		      M("o", 64, 0, "long")),
	       "field_removed[(anon 1)] \"union {void (*fn)(int); char comm[16]; u64 v:8; struct {int q;} point; struct {int n; long o;};}\">- none; "
	       "field_moved[fn] 0>0 stray_read; field_moved[comm] 0>0 stray_read; field_moved[v] 0>0 stray_read; "
	       "field_moved[point] 0>0 stray_read; field_moved[n] 0>0 stray_read; field_moved[o] 0>64 stray_read",
	       DIFF_STRAY_READ);
	/* a name inside a removed anonymous member is gone: error */
	EXPECT(DIFF_STRUCTS, STRUCT(8, M("", 0, 0, "struct {int a; union {int b; long c;};}")),
	       STRUCT(8, M("a", 0, 0, "int") "," M("b", 32, 0, "int")),
	       "field_removed[(anon 1)] \"struct {int a; union {int b; long c;};}\">- error; "
	       "field_moved[a] 0>0 stray_read; field_moved[b] 0>32 stray_read",
	       DIFF_ERROR);
	EXPECT(DIFF_UNIONS, base,
	       STRUCT(8, M("a", 0, 0, "int") "," M("b", 0, 3, "unsigned int") ","
		      M("", 64, 0, "union {int x; long y;}") "," M("", 96, 0, "struct {int q;}")),
	       "field_added[(anon 2)] ->\"struct {int q;}\" none; field_offset[b] 32>0 stray_read; "
	       "size 16>8 stray_read",
	       DIFF_STRAY_READ);
}

#define V(n, v) "{\"name\":\"" n "\",\"value\":" #v "}"

static void test_enums(void)
{
	EXPECT(DIFF_ENUMS, "{\"name\":\"e\",\"size\":4,\"values\":[" V("A", 0) "," V("B", 1) "]}",
	       "{\"name\":\"e\",\"size\":4,\"values\":[" V("B", 2) "," V("C", 3) "]}",
	       "value_removed[A] 0>- error; value_changed[B] 1>2 stray_read; "
	       "value_added[C] ->3 none",
	       DIFF_ERROR);
}

#define TP(sys, class, fmt, fields, args)                                                   \
	"{\"event\":\"e\",\"system\":\"" sys "\",\"class\":\"" class "\",\"fmt\":\"" fmt \
	"\",\"fields\":[" fields "],\"args\":[" args "]}"
#define F(n, off, t) "{\"name\":\"" n "\",\"offset_bits\":" #off ",\"type\":\"" t "\"}"

static void test_tracepoints(void)
{
	EXPECT(DIFF_TRACEPOINTS, TP("block", "c", "x=%d", F("ent", 0, "struct trace_entry") "," F("x", 64, "int"), P("rq", "struct request *")),
	       TP("block", "c", "x=%d", F("ent", 0, "struct trace_entry") "," F("x", 64, "int"), P("rq", "struct request *")),
	       "", DIFF_NONE);
	EXPECT(DIFF_TRACEPOINTS,
	       TP("block", "c", "x=%d", F("ent", 0, "struct trace_entry") "," F("x", 64, "int") "," F("y", 96, "int"), P("rq", "struct request *")),
	       TP("blk", "d", "x=%u", F("ent", 0, "struct trace_entry") "," F("x", 96, "u32") "," F("z", 64, "int"), P("q", "struct request_queue *") "," P("rq", "struct request *")),
	       "field_removed[y] \"int\">- error; field_added[z] ->\"int\" none; "
	       "field_type[x] \"int\">\"u32\" stray_read; field_offset[x] 64>96 stray_read; "
	       "param_added[q] ->\"struct request_queue *\" stray_read; "
	       "system \"block\">\"blk\" error; class \"c\">\"d\" none; fmt \"x=%d\">\"x=%u\" none",
	       DIFF_ERROR);
}

static void test_lsm_kfuncs(void)
{
	EXPECT(DIFF_LSM_HOOKS,
	       "{\"name\":\"file_open\",\"proto\":{\"ret\":\"int\",\"params\":[" P("file", "struct file *") "]},\"proto_source\":\"bpf_lsm\",\"bpf_lsm\":true}",
	       "{\"name\":\"file_open\",\"proto\":{\"ret\":\"int\",\"params\":[" P("f", "struct file *") "," P("cred", "const struct cred *") "]},\"proto_source\":\"bpf_lsm\",\"bpf_lsm\":false}",
	       "param_added[cred] ->\"const struct cred *\" none; param_renamed[f] \"file\">\"f\" none; "
	       "bpf_lsm true>false error",
	       DIFF_ERROR);
	EXPECT(DIFF_KFUNCS,
	       "{\"name\":\"k\",\"proto\":{\"ret\":\"void\",\"params\":[" P("p", "int *") "]},\"sets\":[\"s\"],\"flags\":[\"KF_RELEASE\"],\"decl_tag\":false}",
	       "{\"name\":\"k\",\"proto\":{\"ret\":\"int\",\"params\":[" P("p", "int *") "]},\"sets\":[\"t\"],\"flags\":[\"KF_RELEASE\",\"KF_RCU\"],\"decl_tag\":true}",
	       "return_type \"void\">\"int\" stray_read; "
	       "flags [\"KF_RELEASE\"]>[\"KF_RELEASE\",\"KF_RCU\"] error",
	       DIFF_ERROR);
}

/* diff_doc_entry(@kind, @doc, @name) must be @want (NULL: absent, errno 0). */
static void check_entry(int line, enum diff_kind kind, const json_t *doc, const char *name,
			const char *want)
{
	json_t *e;
	char *got;

	errno = 12345;
	e = diff_doc_entry(kind, doc, name);
	if (!e) {
		if (want || errno)
			test_fail(__FILE__, line, "%s: no entry (errno %d)", name, errno);
		test_checks++;
		return;
	}
	got = json_dumps(e, JSON_COMPACT);
	if (!want || strcmp(got, want))
		test_fail(__FILE__, line, "%s:\n  got  %s\n  want %s", name, got, want ? want : "(none)");
	test_checks++;
	free(got);
	json_decref(e);
}

static void test_docs(void)
{
	json_t *old_sc = parse("{\"sys_call_table\":["
			       "{\"nr\":0,\"name\":\"read\",\"entry\":\"__x64_sys_read\",\"available\":true},"
			       "{\"nr\":1,\"name\":\"ni\",\"entry\":\"__x64_sys_ni_syscall\",\"available\":false},"
			       "{\"nr\":2,\"name\":\"ni\",\"entry\":\"__x64_sys_ni_syscall\",\"available\":false},"
			       "{\"nr\":3,\"name\":\"old\",\"entry\":\"__x64_sys_old\",\"available\":true}],"
			       "\"ia32_sys_call_table\":["
			       "{\"nr\":3,\"name\":\"read\",\"entry\":\"__ia32_sys_read\",\"available\":true}]}");
	json_t *new_sc = parse("{\"sys_call_table\":["
			       "{\"nr\":0,\"name\":\"read\",\"entry\":\"__x64_sys_read\",\"available\":false},"
			       "{\"nr\":2,\"name\":\"ni\",\"entry\":\"__x64_sys_ni_syscall\",\"available\":false},"
			       "{\"nr\":4,\"name\":\"ni\",\"entry\":\"__x64_sys_ni_syscall\",\"available\":false},"
			       "{\"nr\":5,\"name\":\"old\",\"entry\":\"__x64_sys_new\",\"available\":true}],"
			       "\"x32_sys_call_table\":["
			       "{\"nr\":0,\"name\":\"read\",\"entry\":\"__x32_sys_read\",\"available\":true}]}");
	json_t *cfg = parse("{\"CONFIG_A\":\"y\",\"CONFIG_B\":null}");
	json_t *regs = parse("{\"arch\":\"x86_64\",\"pt_regs\":{\"size\":16,\"members\":["
			     "{\"name\":\"di\",\"offset_bits\":0,\"bitfield_bits\":0,\"type\":\"long\"},"
			     "{\"name\":\"ax\",\"offset_bits\":64,\"bitfield_bits\":0,\"type\":\"long\"}]},"
			     "\"args\":[\"di\"],\"ret\":\"ax\",\"syscall_wrapper\":true,"
			     "\"syscall_args\":[\"di\"],\"offsets\":{\"di\":0,\"ax\":8}}");
	json_t *o, *n;
	struct diff_changes c = { 0 };

	check_entry(__LINE__, DIFF_SYSCALLS, old_sc, "read",
		    "{\"name\":\"read\",\"tables\":{\"sys_call_table\":[{\"nr\":0,\"entry\":\"__x64_sys_read\",\"available\":true}],"
		    "\"ia32_sys_call_table\":[{\"nr\":3,\"entry\":\"__ia32_sys_read\",\"available\":true}]}}");
	check_entry(__LINE__, DIFF_SYSCALLS, old_sc, "write", NULL);
	check_entry(__LINE__, DIFF_CONFIG, cfg, "CONFIG_B", "{\"name\":\"CONFIG_B\",\"value\":null}");
	check_entry(__LINE__, DIFF_CONFIG, cfg, "CONFIG_C", NULL);
	check_entry(__LINE__, DIFF_REGISTERS, regs, "params",
		    "{\"name\":\"params\",\"args\":[{\"reg\":\"di\",\"offset\":0}],"
		    "\"syscall_args\":[{\"reg\":\"di\",\"offset\":0}],\"syscall_wrapper\":true}");
	check_entry(__LINE__, DIFF_REGISTERS, regs, "ret",
		    "{\"name\":\"ret\",\"ret\":{\"reg\":\"ax\",\"offset\":8}}");
	check_entry(__LINE__, DIFF_REGISTERS, regs, "pt_regs",
		    "{\"name\":\"pt_regs\",\"size\":16,\"members\":["
		    "{\"name\":\"di\",\"offset_bits\":0,\"bitfield_bits\":0,\"type\":\"long\"},"
		    "{\"name\":\"ax\",\"offset_bits\":64,\"bitfield_bits\":0,\"type\":\"long\"}]}");
	check_entry(__LINE__, DIFF_REGISTERS, regs, "sp", NULL);
	errno = 0;
	CHECK(!diff_doc_entry(DIFF_FUNCS, cfg, "x") && errno == EINVAL);

	/* syscalls: tables sorted; one slot each side moved = nr; else slots */
	o = diff_doc_entry(DIFF_SYSCALLS, old_sc, "read");
	n = diff_doc_entry(DIFF_SYSCALLS, new_sc, "read");
	CHECK(!diff_item(DIFF_SYSCALLS, o, n, &c));
	CHECK_STR(render(&c), "slot_removed[ia32_sys_call_table] 3>- error; "
		  "available[sys_call_table] true>false error; "
		  "slot_added[x32_sys_call_table] ->0 none");
	json_decref(o);
	json_decref(n);
	diff_changes_clear(&c);
	o = diff_doc_entry(DIFF_SYSCALLS, old_sc, "old");
	n = diff_doc_entry(DIFF_SYSCALLS, new_sc, "old");
	CHECK(!diff_item(DIFF_SYSCALLS, o, n, &c));
	CHECK_STR(render(&c), "nr[sys_call_table] 3>5 stray_read; "
		  "entry[sys_call_table] \"__x64_sys_old\">\"__x64_sys_new\" error");
	json_decref(o);
	json_decref(n);
	diff_changes_clear(&c);
	o = diff_doc_entry(DIFF_SYSCALLS, old_sc, "ni");
	n = diff_doc_entry(DIFF_SYSCALLS, new_sc, "ni");
	CHECK(!diff_item(DIFF_SYSCALLS, o, n, &c));
	CHECK_STR(render(&c), "slot_removed[sys_call_table] 1>- error; "
		  "slot_added[sys_call_table] ->4 none");
	json_decref(o);
	json_decref(n);
	diff_changes_clear(&c);

	EXPECT(DIFF_CONFIG, "{\"name\":\"CONFIG_A\",\"value\":\"y\"}",
	       "{\"name\":\"CONFIG_A\",\"value\":null}", "value \"y\">null none", DIFF_NONE);
	EXPECT(DIFF_CONFIG, "{\"name\":\"CONFIG_A\",\"value\":\"y\"}", NULL, "removed ->- error",
	       DIFF_ERROR);
	EXPECT(DIFF_REGISTERS,
	       "{\"name\":\"params\",\"args\":[{\"reg\":\"di\",\"offset\":112},{\"reg\":\"si\",\"offset\":104}],\"syscall_args\":[{\"reg\":\"di\",\"offset\":112}],\"syscall_wrapper\":true}",
	       "{\"name\":\"params\",\"args\":[{\"reg\":\"di\",\"offset\":104}],\"syscall_args\":[{\"reg\":\"di\",\"offset\":112}],\"syscall_wrapper\":false}",
	       "param_reg[arg1] {\"reg\":\"di\",\"offset\":112}>{\"reg\":\"di\",\"offset\":104} stray_read; "
	       "param_reg[arg2] {\"reg\":\"si\",\"offset\":104}>- stray_read; "
	       "param_reg[syscall_wrapper] true>false stray_read",
	       DIFF_STRAY_READ);
	EXPECT(DIFF_REGISTERS, "{\"name\":\"ret\",\"ret\":{\"reg\":\"ax\",\"offset\":80}}",
	       "{\"name\":\"ret\",\"ret\":{\"reg\":\"regs[0]\",\"offset\":0}}",
	       "param_reg[ret] {\"reg\":\"ax\",\"offset\":80}>{\"reg\":\"regs[0]\",\"offset\":0} stray_read",
	       DIFF_STRAY_READ);
	EXPECT(DIFF_REGISTERS, "{\"name\":\"pt_regs\",\"size\":8,\"members\":[" M("di", 0, 0, "long") "]}",
	       "{\"name\":\"pt_regs\",\"size\":8,\"members\":[" M("di", 0, 0, "u64") "]}",
	       "field_type[di] \"long\">\"u64\" stray_read", DIFF_STRAY_READ);
	json_decref(old_sc);
	json_decref(new_sc);
	json_decref(cfg);
	json_decref(regs);
}

/* Bad shapes: -EINVAL, and the list keeps what it held. */
static void test_bad(void)
{
	static const struct {
		enum diff_kind kind;
		const char *old, *new;
	} cases[] = {
		{ DIFF_FUNCS, "{\"name\":\"f\",\"inline\":1}", "{\"name\":\"f\",\"inline\":\"none\"}" },
		{ DIFF_FUNCS, "{\"name\":\"f\",\"proto\":[]}", "{\"name\":\"f\",\"proto\":{}}" },
		{ DIFF_FUNCS, "{\"name\":\"f\",\"proto\":{\"params\":[1]}}",
		  "{\"name\":\"f\",\"proto\":{\"params\":[]}}" },
		{ DIFF_FUNCS, "{\"name\":\"f\",\"proto\":{\"params\":[{\"name\":\"a\"}]}}",
		  "{\"name\":\"f\",\"proto\":{\"params\":[]}}" },
		/* the first change (inline) is dropped again when the proto is bad */
		{ DIFF_FUNCS, "{\"name\":\"f\",\"inline\":\"none\",\"proto\":{\"ret\":\"int\",\"params\":{}}}",
		  "{\"name\":\"f\",\"inline\":\"full\",\"proto\":{\"ret\":\"int\",\"params\":[]}}" },
		{ DIFF_STRUCTS, "{\"name\":\"s\",\"members\":[{\"name\":\"a\",\"offset_bits\":\"0\"}]}",
		  "{\"name\":\"s\",\"members\":[]}" },
		{ DIFF_ENUMS, "{\"name\":\"e\",\"values\":[{\"value\":1}]}", "{\"name\":\"e\",\"values\":[]}" },
		{ DIFF_SYSCALLS, "{\"name\":\"x\",\"tables\":{\"t\":[{\"nr\":\"1\"}]}}",
		  "{\"name\":\"x\",\"tables\":{}}" },
		{ DIFF_CONFIG, "{\"name\":\"CONFIG_A\",\"value\":1}", "{\"name\":\"CONFIG_A\",\"value\":\"1\"}" },
		{ DIFF_REGISTERS, "{\"name\":\"params\"}", "{\"name\":1}" },
	};
	struct diff_changes c = { 0 };
	json_t *e = parse("{\"name\":\"f\"}"), *arr = parse("[]");
	size_t i;

	CHECK(!diff_item(DIFF_FUNCS, NULL, e, &c) && c.n == 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *o = parse(cases[i].old), *n = parse(cases[i].new);
		int err = diff_item(cases[i].kind, o, n, &c);

		CHECK_MSG(err == -EINVAL && c.n == 1, "case %zu: %d, %zu changes", i, err, c.n);
		json_decref(o);
		json_decref(n);
	}
	CHECK_EQ(diff_item(DIFF_FUNCS, NULL, NULL, &c), -EINVAL);
	CHECK_EQ(diff_item(DIFF_FUNCS, arr, e, &c), -EINVAL);
	CHECK_EQ(diff_item(DIFF_KIND_COUNT, e, e, &c), -EINVAL);
	CHECK_EQ(c.n, 1);
	diff_changes_clear(&c);
	json_decref(e);
	json_decref(arr);
}

static void test_names(void)
{
	int k;

	for (k = 0; k < DIFF_KIND_COUNT; k++)
		CHECK_EQ(diff_kind_find(diff_kind_name(k)), k);
	CHECK_STR(diff_kind_file(DIFF_LSM_HOOKS), "lsm_hooks.jsonl");
	CHECK_STR(diff_kind_name(DIFF_KIND_COUNT), NULL);
	CHECK_EQ(diff_kind_find("func"), -1);
	CHECK_STR(diff_consequence_name(DIFF_MISSING_INVOCATION), "missing_invocation");
}

int main(void)
{
	test_names();
	test_funcs();
	test_structs();
	test_enums();
	test_tracepoints();
	test_lsm_kfuncs();
	test_docs();
	test_bad();
	return test_exit();
}

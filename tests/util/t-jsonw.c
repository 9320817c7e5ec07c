// SPDX-License-Identifier: MIT
/*
 * Unit test of util/jsonw.h against jansson, the oracle: tricky strings as
 * values and keys, integers, nested documents and JSONL records must come
 * out byte for byte as json_dumps(..., JSONL_FLAGS) writes them; strings
 * json_stringn() rejects as not UTF-8 must fail with -EILSEQ; misuse must
 * set the sticky error and write nothing.
 *
 *   t-jsonw              the tables below
 *   t-jsonw FILE...      also: every line of each .jsonl FILE, parsed with
 *                        jansson and written again through jsonw and
 *                        through jansson, must equal itself
 */
#include "tests/include/test.h"
#include "util/jsonw.h"
#include "schema/jsonl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------ harness */

struct mem {
	char *buf;
	size_t len;
	FILE *f;
	struct jsonw *w;
};

static struct jsonw *mem_open(struct mem *m)
{
	memset(m, 0, sizeof(*m));
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f) {
		perror("open_memstream");
		exit(1);
	}
	m->w = jsonw_new(m->f);
	if (!m->w) {
		perror("jsonw_new");
		exit(1);
	}
	return m->w;
}

/* Finish the writer and the stream: the error, the bytes in m->buf. */
static int mem_close(struct mem *m)
{
	int err = jsonw_finish(m->w);

	jsonw_free(m->w);
	if (fclose(m->f))
		err = err ? err : -EIO;
	return err;
}

/* What jansson writes for @v (stolen); NULL when it cannot. */
static char *oracle(json_t *v)
{
	char *s = v ? json_dumps(v, JSONL_FLAGS) : NULL;

	json_decref(v);
	return s;
}

static void expect(const char *what, const char *got, const char *want)
{
	if (!want)
		FAIL("%s: jansson cannot write it", what);
	else if (strcmp(got, want))
		FAIL("%s:\n  jsonw   %s\n  jansson %s", what, got, want);
}

/* Write @v through jsonw as the walk of its jansson tree. */
static void walk(struct jsonw *w, const json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jsonw_begin_object(w);
		json_object_foreach((json_t *)v, key, e) {
			jsonw_key(w, key);
			walk(w, e);
		}
		jsonw_end_object(w);
		break;
	case JSON_ARRAY:
		jsonw_begin_array(w);
		json_array_foreach(v, i, e)
			walk(w, e);
		jsonw_end_array(w);
		break;
	case JSON_STRING:
		jsonw_stringn(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jsonw_int(w, json_integer_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		jsonw_bool(w, json_is_true(v));
		break;
	case JSON_NULL:
		jsonw_null(w);
		break;
	case JSON_REAL:
		FAIL("walk: reals are not part of the test");
		break;
	}
}

/* ------------------------------------------------------------ strings */

struct str {
	const char *what;
	const char *s;
	size_t len;
};

#define S(what, lit) { what, lit, sizeof(lit) - 1 }

static const struct str valid[] = {
	S("empty", ""),
	S("plain", "fs/sync.c:vfs_fsync"),
	S("quote", "a\"b\""),
	S("backslash", "\\back\\slash\\"),
	S("slash", "/usr/lib/gcc/"),
	S("short escapes", "\b\f\n\r\t"),
	S("other controls", "\x01\x02\x0b\x0e\x1b\x1f"),
	S("space and tilde", " ~"),
	S("DEL", "a\x7f" "b"),
	S("embedded NUL", "a\0b"),
	S("U+0080", "\xc2\x80"),
	S("2-byte e-acute", "caf\xc3\xa9"),
	S("U+07FF", "\xdf\xbf"),
	S("U+0800", "\xe0\xa0\x80"),
	S("3-byte euro", "\xe2\x82\xac" "5"),
	S("U+2028 line separator", "a\xe2\x80\xa8" "b"),
	S("U+2029", "\xe2\x80\xa9"),
	S("U+D7FF", "\xed\x9f\xbf"),
	S("U+E000", "\xee\x80\x80"),
	S("U+FEFF BOM", "\xef\xbb\xbf"),
	S("U+FFFF", "\xef\xbf\xbf"),
	S("U+10000", "\xf0\x90\x80\x80"),
	S("4-byte emoji", "\xf0\x9f\x98\x80"),
	S("U+10FFFF", "\xf4\x8f\xbf\xbf"),
	S("mixed", "x\"\xc3\xa9\\\n\xe2\x82\xac\xf0\x9f\x98\x80\x01/z"),
};

static const struct str invalid[] = {
	S("lone continuation", "a\x80" "b"),
	S("overlong C0", "\xc0\xaf"),
	S("overlong C1", "\xc1\xbf"),
	S("overlong 3-byte", "\xe0\x80\xaf"),
	S("overlong 4-byte", "\xf0\x80\x80\xaf"),
	S("surrogate D800", "\xed\xa0\x80"),
	S("surrogate DFFF", "\xed\xbf\xbf"),
	S("above U+10FFFF", "\xf4\x90\x80\x80"),
	S("F5 lead", "\xf5\x80\x80\x80"),
	S("FF", "\xff"),
	S("truncated 2-byte", "ab\xc3"),
	S("truncated 3-byte", "\xe2\x82"),
	S("truncated 4-byte", "\xf0\x9f\x98"),
	S("bad continuation", "\xc3(x"),
	S("ASCII then bad", "plain text \xe2\x28\xa1"),
};

static bool has_nul(const struct str *t)
{
	return memchr(t->s, 0, t->len) != NULL;
}

/* ["s"] and, without NUL bytes, {"s":"s"} and {"s":1}. */
static void check_valid(const struct str *t)
{
	struct mem m;
	struct jsonw *w = mem_open(&m);
	char *want;
	int err;

	jsonw_begin_array(w);
	jsonw_stringn(w, t->s, t->len);
	if (!has_nul(t))
		jsonw_string(w, t->s);
	jsonw_end_array(w);
	err = mem_close(&m);
	CHECK_MSG(!err, "%s: array: error %d", t->what, err);
	want = oracle(has_nul(t) ? json_pack("[s#]", t->s, (int)t->len) :
			 json_pack("[s#s]", t->s, (int)t->len, t->s));
	expect(t->what, m.buf, want);
	free(want);
	free(m.buf);
	if (has_nul(t))
		return;

	w = mem_open(&m);
	jsonw_begin_object(w);
	jsonw_string_field(w, t->s, t->s);
	jsonw_key(w, "k");
	jsonw_int(w, 1);
	jsonw_end_object(w);
	err = mem_close(&m);
	CHECK_MSG(!err, "%s: object: error %d", t->what, err);
	want = oracle(json_pack("{s:s,s:i}", t->s, t->s, "k", 1));
	expect(t->what, m.buf, want);
	free(want);
	free(m.buf);
}

static void check_invalid(const struct str *t)
{
	struct mem m;
	struct jsonw *w;
	json_t *js = json_stringn(t->s, t->len);
	int err, err2;

	CHECK_MSG(!js, "%s: jansson accepts it: the table is wrong", t->what);
	json_decref(js);

	w = mem_open(&m);
	jsonw_begin_array(w);
	err = jsonw_stringn(w, t->s, t->len);
	err2 = jsonw_end_array(w);
	CHECK_MSG(err == -EILSEQ && err2 == -EILSEQ,
	      "%s: value: %d then %d, expected -EILSEQ (sticky)",
	      t->what, err, err2);
	err = mem_close(&m);
	CHECK_MSG(err == -EILSEQ && m.len == 0,
	      "%s: finish %d, %zu bytes written", t->what, err, m.len);
	free(m.buf);

	w = mem_open(&m);
	jsonw_begin_object(w);
	err = jsonw_key(w, t->s);
	CHECK_MSG(has_nul(t) || err == -EILSEQ, "%s: key: %d", t->what, err);
	mem_close(&m);
	free(m.buf);
}

/* Strings longer than the writer's buffer: growth and flushes. */
static void check_long(void)
{
	static const char unit[] = "ab\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n/\\";
	size_t n = 300000, i;
	char *plain = malloc(n + 1), *mixed = malloc(n + sizeof(unit));
	struct mem m;
	struct jsonw *w;
	char *want;
	int err;

	if (!plain || !mixed) {
		perror("malloc");
		exit(1);
	}
	for (i = 0; i < n; i++)
		plain[i] = 'a' + i % 26;
	plain[n] = 0;
	for (i = 0; i + sizeof(unit) - 1 <= n; i += sizeof(unit) - 1)
		memcpy(mixed + i, unit, sizeof(unit) - 1);
	mixed[i] = 0;

	w = mem_open(&m);
	jsonw_begin_array(w);
	jsonw_string(w, plain);
	jsonw_string(w, mixed);
	jsonw_string(w, "tail");
	jsonw_end_array(w);
	err = mem_close(&m);
	CHECK_MSG(!err, "long: error %d", err);
	want = oracle(json_pack("[sss]", plain, mixed, "tail"));
	expect("long strings", m.buf, want);
	free(want);
	free(m.buf);
	free(plain);
	free(mixed);
}

/* ------------------------------------------------------------ numbers */

static void check_numbers(void)
{
	static const int64_t ints[] = {
		0, 1, -1, 9, 10, 42, -42, 4294967295LL, 9007199254740993LL,
		INT64_MAX, INT64_MIN, INT64_MIN + 1,
	};
	static const char *const raw_ok[] = {
		"0", "-0", "7", "-12", "3.25", "0.5", "1e9", "1E+9", "2.5e-3",
		"-0.0e0",
	};
	static const char *const raw_bad[] = {
		"", "-", "01", "+1", "1.", ".5", "1e", "1e+", "0x10", "1 ",
		" 1", "NaN", "inf", "1.2.3", "--1",
	};
	json_t *arr = json_array();
	struct mem m;
	struct jsonw *w = mem_open(&m);
	char *want;
	size_t i;
	int err;

	jsonw_begin_array(w);
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		jsonw_int(w, ints[i]);
		json_array_append_new(arr, json_integer(ints[i]));
		if (ints[i] >= 0) {
			jsonw_uint(w, ints[i]);
			json_array_append_new(arr, json_integer(ints[i]));
		}
	}
	jsonw_end_array(w);
	err = mem_close(&m);
	CHECK_MSG(!err, "integers: error %d", err);
	want = oracle(arr);
	expect("integers", m.buf, want);
	free(want);
	free(m.buf);

	w = mem_open(&m);
	jsonw_begin_array(w);
	jsonw_uint(w, UINT64_MAX);
	for (i = 0; i < sizeof(raw_ok) / sizeof(raw_ok[0]); i++)
		jsonw_raw_number(w, raw_ok[i]);
	jsonw_end_array(w);
	err = mem_close(&m);
	CHECK_MSG(!err, "raw numbers: error %d", err);
	expect("uint and raw numbers", m.buf,
	       "[18446744073709551615,0,-0,7,-12,3.25,0.5,1e9,1E+9,2.5e-3,-0.0e0]");
	free(m.buf);

	for (i = 0; i < sizeof(raw_bad) / sizeof(raw_bad[0]); i++) {
		w = mem_open(&m);
		jsonw_begin_array(w);
		err = jsonw_raw_number(w, raw_bad[i]);
		CHECK_MSG(err == -EINVAL, "raw number '%s': %d", raw_bad[i], err);
		mem_close(&m);
		free(m.buf);
	}
}

/* ------------------------------------------------------------ documents */

/* Parsed by jansson, walked through jsonw, compared with jansson's dump. */
static const char *const docs[] = {
	"{}",
	"[]",
	"[[],{},[[]],[{}],{\"a\":{}}]",
	"{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false,\"e\":-5}",
	"{\"z\":1,\"a\":2,\"m\":[\"x\",\"y\"]}",
	"[null,true,false,0,\"\",[],{}]",
	"{\"\\u00e9\\u2028\":\"\\ud83d\\ude00\",\"\\\\\":\"\\\"\",\"nul\":\"a\\u0000b\"}",
	/* docs/schema-funcs.md's example */
	"{\"name\":\"vfs_fsync\",\"inline\":\"selective\",\"collision\":\"unique_global\",\"transforms\":[],\"exact_symbol\":true,\"traceable\":true,\"kprobe_blacklisted\":false,\"proto\":{\"ret\":\"int\",\"params\":[{\"name\":\"file\",\"type\":\"struct file *\"},{\"name\":\"datasync\",\"type\":\"int\"}],\"source\":\"btf\"},\"defs\":[{\"file\":\"fs/sync.c\",\"line\":200,\"cu\":\"fs/sync.c\",\"external\":true,\"declared_inline\":false,\"inlined\":true,\"inline_sites\":4,\"inline_callers\":[\"fs/sync.c:__ia32_sys_fdatasync\",\"fs/sync.c:__ia32_sys_fsync\",\"fs/sync.c:__x64_sys_fdatasync\",\"fs/sync.c:__x64_sys_fsync\"],\"call_sites\":2,\"call_callers\":[\"fs/aio.c:aio_fsync_work\",\"fs/iomap/swapfile.c:iomap_swapfile_activate\"],\"addr\":\"0xffffffff813a8330\"}],\"symbols\":[{\"name\":\"vfs_fsync\",\"addr\":\"0xffffffff813a8330\",\"size\":121,\"bind\":\"global\",\"section\":\".text\"}]}",
};

/*
 * Each line of @text (records ending in '\n') through jsonw: the same
 * bytes as jansson's dump of the parsed records, and as @text itself when
 * @canonical. Returns the number of records.
 */
static size_t check_records(const char *what, const char *text, bool canonical)
{
	struct mem m;
	struct jsonw *w = mem_open(&m);
	size_t n = 0, want_len = 0;
	char *want = NULL;
	FILE *wf = open_memstream(&want, &want_len);
	const char *p, *nl;
	json_error_t jerr;
	int err;

	for (p = text; *p; p = nl + 1) {
		json_t *v;

		nl = strchr(p, '\n');
		if (!nl) {
			FAIL("%s: last line without a newline", what);
			break;
		}
		v = json_loadb(p, nl - p, JSON_ALLOW_NUL, &jerr);
		if (!v) {
			FAIL("%s:%zu: %s", what, n + 1, jerr.text);
			break;
		}
		walk(w, v);
		jsonw_newline(w);
		if (json_dumpf(v, wf, JSONL_FLAGS) || fputc('\n', wf) == EOF)
			FAIL("%s:%zu: jansson cannot write it", what, n + 1);
		json_decref(v);
		n++;
	}
	err = mem_close(&m);
	fclose(wf);
	CHECK_MSG(!err, "%s: error %d", what, err);
	if (!err && strcmp(m.buf, want))
		FAIL("%s: jsonw and jansson differ", what);
	if (!err && canonical && strcmp(m.buf, text))
		FAIL("%s: jsonw does not give back the input", what);
	free(m.buf);
	free(want);
	return n;
}

static void check_docs(void)
{
	char *all = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&all, &len);

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		fprintf(f, "%s\n", docs[i]);
	/* as deep as the writer goes: {"k":[{"k":[...1...]}]} */
	for (i = 0; i < JSONW_MAX_DEPTH; i++)
		fputs(i % 2 ? "[" : "{\"k\":", f);
	fputc('1', f);
	for (i = JSONW_MAX_DEPTH; i-- > 0;)
		fputc(i % 2 ? ']' : '}', f);
	fputc('\n', f);
	/* enough records to fill the buffer several times over */
	for (i = 0; i < 2000; i++)
		fprintf(f, "%s\n", docs[sizeof(docs) / sizeof(docs[0]) - 1]);
	fclose(f);
	check_records("documents", all, false);
	free(all);
}

/* ------------------------------------------------------------ misuse */

/*
 * A script of calls: { } [ ] begin/end, k key, s string, i integer,
 * n newline, F finish. The first error must be @err, and be sticky.
 */
struct misuse {
	const char *what;
	const char *script;
	int err;
};

static const struct misuse misuses[] = {
	{ "records", "{ks}n[si{}]n", 0 },
	{ "key at top level", "k", -EINVAL },
	{ "key in an array", "[k", -EINVAL },
	{ "two keys", "{kk", -EINVAL },
	{ "value without key", "{s", -EINVAL },
	{ "second value without key", "{kss", -EINVAL },
	{ "object closed after a key", "{k}", -EINVAL },
	{ "array closed as object", "[}", -EINVAL },
	{ "object closed as array", "{]", -EINVAL },
	{ "end at top level", "]", -EINVAL },
	{ "end after the record", "{}}", -EINVAL },
	{ "two records on a line", "{}{}", -EINVAL },
	{ "scalar after a record", "{}s", -EINVAL },
	{ "newline before any value", "n", -EINVAL },
	{ "two newlines", "{}nn", -EINVAL },
	{ "newline inside a value", "[n", -EINVAL },
	{ "finish with an array open", "[ss", -EINVAL },
	{ "finish with a key open", "{k", -EINVAL },
	{ "sticky after misuse", "[k]n", -EINVAL },
};

static int run_op(struct jsonw *w, char op)
{
	switch (op) {
	case '{': return jsonw_begin_object(w);
	case '}': return jsonw_end_object(w);
	case '[': return jsonw_begin_array(w);
	case ']': return jsonw_end_array(w);
	case 'k': return jsonw_key(w, "k");
	case 's': return jsonw_string(w, "v");
	case 'i': return jsonw_int(w, 1);
	case 'n': return jsonw_newline(w);
	default: return jsonw_finish(w);
	}
}

static void check_misuse(const struct misuse *t)
{
	struct mem m;
	struct jsonw *w = mem_open(&m);
	const char *op;
	int err = 0, e;

	for (op = t->script; *op; op++) {
		e = run_op(w, *op);
		if (err && e != err)
			FAIL("%s: '%c' after error %d returned %d", t->what,
			     *op, err, e);
		if (!err)
			err = e;
	}
	e = mem_close(&m);
	if (!err)
		err = e;
	CHECK_MSG(err == t->err && e == t->err,
	      "%s: error %d, finish %d, expected %d", t->what, err, e, t->err);
	CHECK_MSG(t->err || m.len, "%s: nothing written", t->what);
	CHECK_MSG(!t->err || !m.len, "%s: %zu bytes written despite the error",
	      t->what, m.len);
	free(m.buf);
}

static void check_depth(void)
{
	struct mem m;
	struct jsonw *w = mem_open(&m);
	int i, err = 0;

	for (i = 0; i < JSONW_MAX_DEPTH && !err; i++)
		err = jsonw_begin_array(w);
	CHECK_MSG(!err, "depth %d: %d", JSONW_MAX_DEPTH, err);
	err = jsonw_begin_object(w);
	CHECK_MSG(err == -E2BIG, "depth %d: %d, expected -E2BIG",
	      JSONW_MAX_DEPTH + 1, err);
	CHECK_MSG(jsonw_err(w) == -E2BIG, "depth: not sticky");
	mem_close(&m);
	free(m.buf);
}

/* A FILE that fails: the flush of a full buffer reports -EIO. */
static void check_write_error(void)
{
	FILE *f = fopen("/dev/full", "w");
	struct jsonw *w;
	int i, err = 0;

	if (!f)
		return;
	w = jsonw_new(f);
	if (!w) {
		perror("jsonw_new");
		exit(1);
	}
	for (i = 0; i < 100000 && !err; i++) {
		jsonw_begin_array(w);
		jsonw_string(w, "0123456789");
		jsonw_end_array(w);
		err = jsonw_newline(w);
	}
	/* the write's own errno, not a generic -EIO (tests/schema/t-enospc.c) */
	CHECK_MSG(err == -ENOSPC, "/dev/full: %d after %d records, expected -ENOSPC",
	      err, i);
	err = jsonw_finish(w);
	CHECK_MSG(err == -ENOSPC, "/dev/full: finish %d", err);
	jsonw_free(w);
	fclose(f);
	jsonw_free(NULL);
}

/* ------------------------------------------------------------ files */

static void check_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, n;
	FILE *mf;
	char chunk[1 << 16];

	if (!f) {
		FAIL("%s: %s", path, strerror(errno));
		return;
	}
	mf = open_memstream(&text, &len);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mf);
	fclose(f);
	fclose(mf);
	n = check_records(path, text, true);
	printf("%s: %zu records identical through jsonw and jansson\n", path, n);
	free(text);
}

int main(int argc, char **argv)
{
	size_t i;
	int a;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		check_valid(&valid[i]);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		check_invalid(&invalid[i]);
	check_long();
	check_numbers();
	check_docs();
	for (i = 0; i < sizeof(misuses) / sizeof(misuses[0]); i++)
		check_misuse(&misuses[i]);
	check_depth();
	check_write_error();
	for (a = 1; a < argc; a++)
		check_file(argv[a]);
	if (test_failures)
		return test_exit();
	printf("jsonw: %zu valid and %zu invalid strings, documents, misuse: ok\n",
	       sizeof(valid) / sizeof(valid[0]),
	       sizeof(invalid) / sizeof(invalid[0]));
	return test_exit();
}

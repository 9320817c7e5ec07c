// SPDX-License-Identifier: MIT
/*
 * Unit test of schema/surface_reader.h: entries and keys of a sorted file,
 * the compound key of tracepoints.jsonl, an empty file, and -EBADMSG with
 * the right line for every kind of bad line (not JSON, not an object, key
 * missing or not a string, out of order, repeated, no final newline); the
 * error is sticky; whole documents load, and bad ones say why; the
 * counting rules of meta.json; lines across and longer than the read block.
 */
#include "schema/surface_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
static char dir[] = "/tmp/t-surface-reader.XXXXXX";

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); failures++; } while (0)

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/*
 * Read @name (written with @text) to the end: the keys must be @keys
 * (joined by ','), the end @want_err (0 or -EBADMSG) on @want_line whose
 * cause contains @want_text.
 */
static void check_flags(const char *name, const char *text, const char *keys, int want_err,
			unsigned long want_line, const char *want_text, unsigned int flags)
{
	struct surface_reader r;
	char got[512] = "";
	const char *key;
	json_t *obj;
	int err;

	put(name, text);
	err = surface_reader_open(&r, dir, name, flags);
	if (err) {
		FAIL("%s: open: %d\n", name, err);
		return;
	}
	while ((err = surface_reader_next(&r, &obj, &key)) > 0) {
		char *p;

		if (!key || !obj != !!(flags & SURFACE_READER_KEYS_ONLY))
			FAIL("%s: entry without object or key\n", name);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", *got ? "," : "", key);
		for (p = got; (p = strchr(p, SURFACE_KEY_SEP)); p++)
			*p = '/';
	}
	if (strcmp(got, keys))
		FAIL("%s (flags %u): keys %s, expected %s\n", name, flags, got, keys);
	if (err != want_err)
		FAIL("%s (flags %u): ended with %d, expected %d\n", name, flags, err, want_err);
	if (want_err && r.error.line != want_line)
		FAIL("%s: error on line %lu, expected %lu\n", name, r.error.line, want_line);
	if (want_err && !strstr(r.error.text, want_text))
		FAIL("%s: error \"%s\" does not say \"%s\"\n", name, r.error.text, want_text);
	if (want_err && surface_reader_next(&r, &obj, &key) != want_err)
		FAIL("%s: error not sticky\n", name);
	if (!want_err && surface_reader_next(&r, &obj, &key) != 0)
		FAIL("%s: end not sticky\n", name);
	surface_reader_close(&r);
}

/* The same in both modes: with SURFACE_READER_KEYS_ONLY, @want_text_k (if not NULL). */
static void check2(const char *name, const char *text, const char *keys, int want_err,
		   unsigned long want_line, const char *want_text, const char *want_text_k)
{
	check_flags(name, text, keys, want_err, want_line, want_text, 0);
	check_flags(name, text, keys, want_err, want_line, want_text_k ? want_text_k : want_text,
		    SURFACE_READER_KEYS_ONLY);
}

#define check(name, text, keys, want_err, want_line, want_text) \
	check2(name, text, keys, want_err, want_line, want_text, NULL)

static void check_doc(const char *name, const char *text, int want_err, const char *want_text)
{
	struct surface_error e = { 0 };
	json_t *doc;
	int err;

	put(name, text);
	err = surface_load_doc(dir, name, &doc, &e);
	if (err != want_err)
		FAIL("%s: load %d, expected %d\n", name, err, want_err);
	if (err && doc)
		FAIL("%s: document left on error\n", name);
	if (!err && !json_is_object(doc))
		FAIL("%s: no object\n", name);
	if (want_err && !strstr(e.text, want_text))
		FAIL("%s: error \"%s\" does not say \"%s\"\n", name, e.text, want_text);
	json_decref(doc);
}

/*
 * Lazy parsing: surface_reader_line() is the line, surface_reader_parse()
 * with a stop member cuts at the top-level member only (not one nested in
 * "proto", not the text inside a string), parses in full without it, and
 * bad JSON before the cut is a sticky -EBADMSG.
 */
static void check_parse(void)
{
	static const char *const lines[][2] = {
		{ "{\"name\":\"a\",\"proto\":{\"x\":0,\"defs\":1},\"s\":\",\\\"defs\\\":\",\"defs\":[broken]}",
		  "{\"name\":\"a\",\"proto\":{\"x\":0,\"defs\":1},\"s\":\",\\\"defs\\\":\"}" },
		{ "{\"name\":\"b\",\"x\":[1,{\"y\":2}]}", "{\"name\":\"b\",\"x\":[1,{\"y\":2}]}" },
		{ "{\"name\":\"c\",\"defs\":[]}", "{\"name\":\"c\"}" },
	};
	struct surface_reader r;
	char text[512] = "";
	const char *key, *line;
	json_t *obj;
	size_t i, len;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s\n", lines[i][0]);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "{\"name\":\"d\",x,\"defs\":1}\n");
	put("funcs.jsonl", text);
	if (surface_reader_open(&r, dir, "funcs.jsonl", SURFACE_READER_KEYS_ONLY)) {
		FAIL("parse: open\n");
		return;
	}
	if (surface_reader_parse(&r, NULL, &obj) != -EINVAL || surface_reader_line(&r, &len))
		FAIL("parse before the first entry\n");
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char *got;

		if (surface_reader_next(&r, &obj, &key) != 1 || obj) {
			FAIL("parse: next %zu\n", i);
			break;
		}
		line = surface_reader_line(&r, &len);
		if (!line || len != strlen(lines[i][0]) || memcmp(line, lines[i][0], len))
			FAIL("line %zu: %.*s\n", i, (int)len, line ? line : "");
		if (surface_reader_parse(&r, "defs", &obj) || !obj) {
			FAIL("parse %zu: %s\n", i, r.error.text);
			break;
		}
		got = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!got || strcmp(got, lines[i][1]))
			FAIL("parse %zu: %s, expected %s\n", i, got ? got : "(null)", lines[i][1]);
		free(got);
		/* the line is intact after the cut */
		line = surface_reader_line(&r, &len);
		if (!line || len != strlen(lines[i][0]) || memcmp(line, lines[i][0], len))
			FAIL("line %zu after parse: %.*s\n", i, (int)len, line ? line : "");
	}
	if (surface_reader_next(&r, &obj, &key) != 1 ||
	    surface_reader_parse(&r, "defs", &obj) != -EBADMSG || r.error.line != 4 ||
	    !strstr(r.error.text, "invalid JSON") || surface_reader_next(&r, &obj, &key) != -EBADMSG)
		FAIL("parse of bad JSON before the cut: %lu %s\n", r.error.line, r.error.text);
	surface_reader_close(&r);
}

/*
 * Lines across the reader's 256 KiB blocks and longer than one: 3,000
 * entries of about 200 bytes, one of 600 KB among them, every key and the
 * long line's value read back whole, keys-only and parsed.
 */
static void big_lines(void)
{
	size_t n = 3000, big = 1500, i, len = 0, cap = 8u << 20;
	char *text = malloc(cap), *pad = malloc(600001);
	unsigned int flags;

	if (!text || !pad) {
		perror("malloc");
		exit(1);
	}
	memset(pad, 'x', 600000);
	pad[600000] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "{\"name\":\"k%05zu\",\"v\":\"%.*s\"}\n",
					i, i == big ? 600000 : (int)(150 + i % 97), pad);
	put("big.jsonl", text);
	for (flags = 0; flags <= SURFACE_READER_KEYS_ONLY; flags += SURFACE_READER_KEYS_ONLY) {
		struct surface_reader r;
		const char *key;
		json_t *obj;
		char want[16];
		int err;

		i = 0;
		if ((err = surface_reader_open(&r, dir, "big.jsonl", flags))) {
			FAIL("big.jsonl: open: %d\n", err);
			continue;
		}
		while ((err = surface_reader_next(&r, &obj, &key)) > 0) {
			snprintf(want, sizeof(want), "k%05zu", i);
			if (strcmp(key, want))
				FAIL("big.jsonl: key %s, expected %s\n", key, want);
			if (i == big && (flags ? surface_reader_parse(&r, NULL, &obj) : 0) == 0 &&
			    json_string_length(json_object_get(obj, "v")) != 600000)
				FAIL("big.jsonl: the long line is cut\n");
			i++;
		}
		if (err || i != n)
			FAIL("big.jsonl: %d after %zu entries (flags %u)\n", err, i, flags);
		surface_reader_close(&r);
	}
	free(text);
	free(pad);
}

int main(void)
{
	struct surface_reader r;
	json_t *obj, *doc;
	const char *key;
	char cmd[300];
	int err;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	check("funcs.jsonl", "{\"name\":\"a\",\"x\":1}\n{\"name\":\"a_b\"}\n{\"name\":\"b\"}\n",
	      "a,a_b,b", 0, 0, NULL);
	check("empty.jsonl", "", "", 0, 0, NULL);
	big_lines();
	check("structs.jsonl", "{\"name\":\"(anon)\"}\n{\"name\":\"A\"}\n", "(anon),A", 0, 0, NULL);
	/* tracepoints: event, then system, then class; "a" before "a_b" whatever follows */
	check("tracepoints.jsonl",
	      "{\"event\":\"a\",\"system\":\"z\",\"class\":\"c\"}\n"
	      "{\"event\":\"a\",\"system\":\"zz\",\"class\":\"a\"}\n"
	      "{\"event\":\"a_b\",\"system\":\"a\",\"class\":\"a\"}\n",
	      "a/z/c,a/zz/a,a_b/a/a", 0, 0, NULL);
	check("tracepoints.jsonl",
	      "{\"event\":\"a\",\"system\":\"z\",\"class\":\"c\"}\n"
	      "{\"event\":\"a\",\"system\":\"y\",\"class\":\"c\"}\n",
	      "a/z/c", -EBADMSG, 2, "keys out of order: \"a/y/c\" after \"a/z/c\"");
	check("funcs.jsonl", "{\"name\":\"b\"}\n{\"name\":\"a\"}\n", "b", -EBADMSG, 2,
	      "keys out of order: \"a\" after \"b\"");
	check("funcs.jsonl", "{\"name\":\"a\"}\n{\"name\":\"a\"}\n", "a", -EBADMSG, 2,
	      "repeated key \"a\"");
	check("funcs.jsonl", "{\"name\":\"a\"}\n{\"name\":\"b\"\n", "a", -EBADMSG, 2,
	      "invalid JSON");
	check("funcs.jsonl", "{\"name\":\"a\"} x\n", "", -EBADMSG, 1, "invalid JSON");
	check("funcs.jsonl", "\n", "", -EBADMSG, 1, "invalid JSON");
	check2("funcs.jsonl", "[1]\n", "", -EBADMSG, 1, "not a JSON object", "invalid JSON");
	/* keys only: another member order is parsed in full; the rest is not checked */
	check("funcs.jsonl", "{\"x\":1,\"name\":\"a\"}\n{\"name\":\"b\\u0041\"}\n{\"name\":\"c\"}\n",
	      "a,bA,c", 0, 0, NULL);
	check_flags("funcs.jsonl", "{\"name\":\"a\",broken}\n", "", -EBADMSG, 1, "invalid JSON", 0);
	check_flags("funcs.jsonl", "{\"name\":\"a\",broken}\n", "a", 0, 0, NULL,
		    SURFACE_READER_KEYS_ONLY);
	check("tracepoints.jsonl", "{\"event\":\"e\",\"class\":\"c\",\"system\":\"s\"}\n", "e/s/c", 0, 0,
	      NULL);
	check("funcs.jsonl", "{\"name\":\"a\"}\n{\"nam\":\"b\"}\n", "a", -EBADMSG, 2,
	      "key \"name\" missing");
	check("funcs.jsonl", "{\"name\":1}\n", "", -EBADMSG, 1, "key \"name\" is not a string");
	check("funcs.jsonl", "{\"name\":\"a\\u0001\"}\n", "", -EBADMSG, 1, "control character");
	check("funcs.jsonl", "{\"name\":\"a\"}\n{\"name\":\"b\"}", "a", -EBADMSG, 2,
	      "no newline at the end");

	/* a missing file is an open error, and closing after it is harmless */
	err = surface_reader_open(&r, dir, "nothere.jsonl", 0);
	if (err != -ENOENT)
		FAIL("open of a missing file: %d\n", err);
	if (surface_reader_next(&r, &obj, &key) != -ENOENT)
		FAIL("next after failed open\n");
	surface_reader_close(&r);
	surface_reader_close(&r);

	/* NULL dir: the name is a path, its basename picks the key */
	put("tracepoints.jsonl", "{\"event\":\"e\",\"system\":\"s\",\"class\":\"c\"}\n");
	snprintf(cmd, sizeof(cmd), "%s/tracepoints.jsonl", dir);
	if (surface_reader_open(&r, NULL, cmd, 0) ||
	    surface_reader_next(&r, &obj, &key) != 1 || strcmp(key, "e\001s\001c") ||
	    surface_reader_next(&r, &obj, &key) != 0 || surface_reader_count(&r) != 1)
		FAIL("path without dir\n");
	surface_reader_close(&r);

	check_parse();

	check_doc("config.json", "{\n  \"CONFIG_A\": \"y\"\n}\n", 0, NULL);
	check_doc("meta.json", "{\"counts\": {}}", 0, NULL);
	check_doc("bad.json", "{\"broken\":", -EBADMSG, "invalid JSON");
	check_doc("array.json", "[1, 2]\n", -EBADMSG, "not a JSON object");
	if (surface_load_doc(dir, "nothere.json", &doc, NULL) != -ENOENT || doc)
		FAIL("load of a missing file\n");

	/* the counting rules of meta.json */
	{
		static const char *const cases[][2] = {
			{ "{\"A\":\"y\",\"B\":null}", "2" },
			{ "{\"x64\":[1,2],\"ia32\":[1],\"n\":3}", "{\"x64\":2,\"ia32\":1}" },
			{ "[1,2,3]", "3" },
			{ "{}", "0" },
		};
		size_t i;

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			json_t *in = json_loads(cases[i][0], 0, NULL), *c;
			char *got;

			c = surface_count_doc(in);
			got = c ? json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;
			if (!got || strcmp(got, cases[i][1]))
				FAIL("count of %s: %s, expected %s\n", cases[i][0], got ? got : "(null)", cases[i][1]);
			free(got);
			json_decref(c);
			json_decref(in);
		}
	}

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		FAIL("cannot remove %s\n", dir);
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures ? 1 : 0;
}

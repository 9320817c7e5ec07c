/* SPDX-License-Identifier: MIT */
/*
 * Reading a published surface back (dataset/<id>/, README "Dataset schema").
 *
 * JSON Lines surfaces (funcs.jsonl is ~77 MB) are streamed: one line at a
 * time (getline), each parsed on its own, never the whole file. Every entry
 * comes with its sort key, and the reader checks that keys strictly
 * increase, so a consumer can merge two images' streams of the same surface
 * in one pass (compare the keys with strcmp):
 *
 *	struct surface_reader r;
 *	json_t *obj;
 *	const char *key;
 *	int err = surface_reader_open(&r, dir, "funcs.jsonl", 0);
 *
 *	while (!err && (err = surface_reader_next(&r, &obj, &key)) > 0) {
 *		...;			// obj and key valid until the next call
 *		err = 0;
 *	}
 *	if (err)			// -EBADMSG: r.error.line, r.error.text
 *		...;
 *	surface_reader_close(&r);
 *
 * The small surfaces that are one JSON document (meta.json, syscalls.json,
 * registers.json, config.json) are loaded whole by surface_load_doc().
 *
 * Library code: negative errno, never prints. Problems with the content are
 * -EBADMSG, with the line and the cause in a struct surface_error.
 */
#ifndef DEPSURF_SURFACE_READER_H
#define DEPSURF_SURFACE_READER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* The dataset schema version this reader reads (meta.json "schema_version"). */
#define SURFACE_SCHEMA_VERSION "1.0"

/* What was wrong with the content (after -EBADMSG) or which call failed. */
struct surface_error {
	unsigned long line;	/* 1-based line of the problem; 0: not tied to one */
	char text[200];		/* the cause, e.g. "invalid JSON: ..." or "keys out of order: ..." */
};

/* The sort key of a JSON Lines surface: up to 3 string members. */
#define SURFACE_KEY_MAX 3
/*
 * Members compared one after the other, each as bytes (strcmp). A
 * compound key is returned joined by SURFACE_KEY_SEP, which sorts below
 * every byte a key member may hold (members with control characters are
 * rejected), so strcmp on joined keys gives the same order.
 */
#define SURFACE_KEY_SEP '\x01'

/*
 * The key members of surface file @name (a basename, e.g. "funcs.jsonl"),
 * NULL-terminated: "name" for funcs/structs/unions/enums and any surface
 * not listed (README: large sets are sorted by name); "event", "system",
 * "class" for tracepoints.jsonl (docs/schema-tracepoints.md).
 */
const char *const *surface_sort_key(const char *name);

/*
 * SURFACE_READER_KEYS_ONLY: next() hands out keys (and *obj NULL) without
 * parsing whole lines: the key members are read from the start of the line,
 * where the writers put them ({"name":"...",... compact; escapes and other
 * shapes fall back to a full parse), and each line must end with '}'. Keys,
 * order and truncation are checked as without it, the JSON after the key
 * is not: ~30x faster on funcs.jsonl (jansson parses ~25 MB/s).
 */
enum surface_reader_flags {
	SURFACE_READER_KEYS_ONLY = 1 << 0,
};

/*
 * Lazy parsing, for consumers that look at few entries in full (a merge of
 * two images that skips byte-identical lines): read with
 * SURFACE_READER_KEYS_ONLY, look at surface_reader_line(), and parse only
 * the entries that need it with surface_reader_parse(), optionally only the
 * members before a named one (funcs.jsonl puts the classification and the
 * prototype before the bulky "defs" and "symbols").
 */

/* Fields are private; the struct is the caller's so it can live on the stack. */
struct surface_reader {
	FILE *f;		/* unbuffered: read in large blocks into buf */
	const char *const *key_fields;
	unsigned int flags;
	char *buf;		/* the bytes read, lines handed out in place */
	size_t buf_cap, buf_start, buf_end;	/* unconsumed: [buf_start, buf_end) */
	bool eof;
	char *line;		/* the current line, in buf, its newline made a NUL */
	size_t line_len;	/* the current line's length without its newline */
	char *key, *prev;	/* this entry's and the previous entry's joined key */
	size_t key_cap, prev_cap;
	json_t *cur;		/* the entry handed out last; freed by the next call */
	unsigned long lineno;	/* lines read so far */
	unsigned long entries;	/* entries returned so far */
	int err;		/* sticky: the error next() returned */
	struct surface_error error;
};

/*
 * Open @dir/@name (or @name itself when @dir is NULL), keyed as
 * surface_sort_key(basename of @name) says; @flags: enum
 * surface_reader_flags, or 0. Returns 0 or -errno (the file cannot be
 * opened; -ENOMEM). On failure @r needs no close, but closing it is
 * harmless.
 */
int surface_reader_open(struct surface_reader *r, const char *dir, const char *name,
			unsigned int flags);

/*
 * The next entry. Returns 1 with *@obj (a borrowed reference, valid until
 * the next call or close: json_incref it to keep it; NULL with
 * SURFACE_READER_KEYS_ONLY) and *@key (its joined
 * sort key, same lifetime); 0 at the end of the file; -EBADMSG when the line
 * is not a JSON object, lacks a key member (or it is not a string, or it
 * holds a control character), does not end with a newline (a truncated
 * file), or its key is not greater than the previous one (out of order or
 * repeated); -EIO or -ENOMEM. After an error, r->error says what and where;
 * further calls return the same error.
 */
int surface_reader_next(struct surface_reader *r, json_t **obj, const char **key);

/*
 * The text of the entry next() returned last, without its newline (not
 * NUL-terminated: @*len bytes), valid until the next call; NULL (and *@len
 * 0) when there is none.
 */
const char *surface_reader_line(const struct surface_reader *r, size_t *len);

/*
 * Parse the entry next() returned last, e.g. after SURFACE_READER_KEYS_ONLY.
 * @stop NULL parses the whole line; else the object is cut before its
 * top-level member @stop ("defs": the members written before it), and the
 * whole line is parsed when it has no such member at the top level. *@obj
 * is borrowed as next() hands it out (valid until the next call). Returns 0;
 * -EBADMSG when the text is not a JSON object (r->error says why, and the
 * error is sticky as next()'s); -EINVAL when there is no current entry.
 * Only the parsed part is checked: a line cut before @stop may hold bad
 * JSON after it.
 */
int surface_reader_parse(struct surface_reader *r, const char *stop, json_t **obj);

/*
 * The offset of the ',' that starts top-level member @member in the text
 * of a JSON object @s (@len bytes), or 0 when it has none: the length of
 * the part surface_reader_parse() parses. Two lines whose parts before it
 * are the same bytes have the same members before it.
 */
size_t surface_member_offset(const char *s, size_t len, const char *member);

/* Entries returned so far (the entry count once next() returned 0). */
unsigned long surface_reader_count(const struct surface_reader *r);

/* Frees everything; accepts a reader whose open failed or a zeroed one. */
void surface_reader_close(struct surface_reader *r);

/*
 * Load the whole JSON document @dir/@name (or @name when @dir is NULL);
 * it must be an object. Returns 0 with *@doc (a new reference), or -errno:
 * -EBADMSG when it does not parse or is not an object (@e says where and
 * why), -ENOENT etc. when it cannot be read, -ENOMEM. @e may be NULL.
 */
int surface_load_doc(const char *dir, const char *name, json_t **doc,
		     struct surface_error *e);

/*
 * The entry count of a whole-document surface, by the rules of meta.json's
 * "counts" (docs/schema-meta.md): an array → its length; an object whose
 * values are all scalars (config.json) → its key count; any other object
 * (syscalls.json) → {"<member>": size} for each array or object member.
 * Returns a new reference, or NULL when out of memory.
 */
json_t *surface_count_doc(const json_t *doc);

#endif

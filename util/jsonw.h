/* SPDX-License-Identifier: MIT */
/*
 * A streaming JSON writer (after bpftool's json_writer.c): the writer keeps
 * the nesting and puts the commas and colons itself, so a caller writes a
 * record as a sequence of begin/key/value/end calls.
 *
 * Output is byte-identical to jansson's json_dumpf() with JSONL_FLAGS
 * (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) of the same
 * document: no spaces; in strings \" \\ \b \f \n \r \t, every other byte
 * below 0x20 and every code point above U+007F as \uXXXX (upper-case hex,
 * a UTF-16 surrogate pair above U+FFFF); '/' and DEL (0x7f) as they are.
 * tests/util/t-jsonw.c checks this against jansson.
 *
 * Errors are sticky: the first one is kept, every later call does nothing
 * and returns it, and jsonw_finish() reports it. Each call returns 0 or
 * that negative errno, so a caller may check once at the end of a record:
 *   -EINVAL   misuse: a key outside an object or two keys in a row, a value
 *             in an object without its key, an end that does not match the
 *             open container (or with a key still waiting for its value),
 *             a second top-level value before jsonw_newline(), a newline
 *             inside a value, jsonw_finish() with a container open, a raw
 *             number that is not JSON number syntax;
 *   -EILSEQ   a string (or key) that is not valid UTF-8: stray continuation
 *             bytes, overlong forms, UTF-16 surrogates, code points above
 *             U+10FFFF, truncated sequences. jansson's json_string()
 *             rejects the same strings, so there is no jansson output to
 *             match; nothing is replaced silently;
 *   -E2BIG    nesting deeper than JSONW_MAX_DEPTH;
 *   -ENOMEM, or the -errno of the failed write to the FILE (-ENOSPC for a
 *   full disk; -EIO when the write set none).
 * After an error the bytes written so far are incomplete: discard the file
 * (util/outfile.h does).
 *
 * Buffering: output collects in a buffer of the writer's own, handed to
 * fwrite() when full and by jsonw_finish(); nothing reaches the FILE
 * between those, and nothing at all once an error is set. Duplicate keys
 * are not detected (jansson would keep the last value once).
 */
#ifndef DEPSURF_JSONW_H
#define DEPSURF_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 64

struct jsonw;

/* A writer on @f (borrowed; it must outlive the writer); NULL: -ENOMEM. */
struct jsonw *jsonw_new(FILE *f);
/*
 * Check that no container is open, hand the buffer to fwrite() and return
 * the sticky error (0 if none). Does not fflush() @f.
 */
int jsonw_finish(struct jsonw *w);
/* Free the writer, dropping what jsonw_finish() did not write; NULL ok. */
void jsonw_free(struct jsonw *w);
/* The sticky error, 0 if none. */
int jsonw_err(const struct jsonw *w);

int jsonw_begin_object(struct jsonw *w);
int jsonw_end_object(struct jsonw *w);
int jsonw_begin_array(struct jsonw *w);
int jsonw_end_array(struct jsonw *w);
/* The key of the next member of the open object. */
int jsonw_key(struct jsonw *w, const char *key);

/* Values: an array element, a member after jsonw_key(), or a record. */
int jsonw_string(struct jsonw *w, const char *s);
/* @len bytes of @s, which may hold NUL bytes (written as \u0000). */
int jsonw_stringn(struct jsonw *w, const char *s, size_t len);
int jsonw_int(struct jsonw *w, int64_t v);
int jsonw_uint(struct jsonw *w, uint64_t v);
int jsonw_bool(struct jsonw *w, bool v);
int jsonw_null(struct jsonw *w);
/* @num written as it is, once checked to be JSON number syntax. */
int jsonw_raw_number(struct jsonw *w, const char *num);

/*
 * Would @s (NUL-terminated; NULL counts as valid) be written, or is it
 * what -EILSEQ is about? For the writers' callers, to name the entry whose
 * string failed.
 */
bool jsonw_utf8_valid(const char *s);

/* End a JSONL record: a complete top-level value is followed by '\n'. */
int jsonw_newline(struct jsonw *w);

/* Members: jsonw_key() then the value. */
static inline int jsonw_string_field(struct jsonw *w, const char *key,
				     const char *s)
{
	jsonw_key(w, key);
	return jsonw_string(w, s);
}

static inline int jsonw_int_field(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	return jsonw_int(w, v);
}

static inline int jsonw_uint_field(struct jsonw *w, const char *key,
				   uint64_t v)
{
	jsonw_key(w, key);
	return jsonw_uint(w, v);
}

static inline int jsonw_bool_field(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	return jsonw_bool(w, v);
}

#endif

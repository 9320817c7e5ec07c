/* SPDX-License-Identifier: MIT */
/*
 * A JSON document made of named tables, written one row per line: an
 * object whose members are printed one per line, and whose array members
 * list one element per line, each element compact (schema/jsonl.h
 * JSONL_FLAGS). Readable like an indented document, about as small as a
 * compact one, and a row is one grep-able line:
 *
 *   {
 *     "sys_call_table": [
 *       {"nr":0,"name":"read","entry":"__x64_sys_read","available":true},
 *       {"nr":1,"name":"write","entry":"__x64_sys_write","available":true}
 *     ],
 *     "x32_sys_call_table": []
 *   }
 *
 * Keys in insertion order; jansson does all escaping. Valid JSON, the same
 * bytes for the same document.
 */
#ifndef DEPSURF_JSONTABLES_H
#define DEPSURF_JSONTABLES_H

#include <jansson.h>
#include <stdio.h>

/* Write object @doc and a newline; steals the reference. 0, -EINVAL (not an
 * object), -ENOMEM or -EIO. */
int json_write_tables(FILE *f, json_t *doc);

#endif

// SPDX-License-Identifier: MIT
/*
 * depsurf sql 'SELECT ...': any read-only statement on the dataset
 * database (docs/schema-sqlite.md), the rows as TSV with a header line, or
 * with --json an array of objects. The database is opened read-only and
 * PRAGMA query_only is set (cli_open_db), and a statement that would write
 * is refused before it runs (sqlite3_stmt_readonly).
 */
#include "cli/cli.h"

#include <sqlite3.h>
#include <string.h>

void help_sql(FILE *f)
{
	fprintf(f,
		"Usage: depsurf sql [OPTIONS] 'SELECT ...'\n"
		"Run one read-only SQL statement on the dataset database (tables:\n"
		"docs/schema-sqlite.md) and print its rows: tab-separated with a header\n"
		"line (NULL as an empty field; tabs and newlines in values as \\t, \\n), or\n"
		"with --json an array of objects. Statements that write are refused.\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset whose DIR/depsurf.sqlite to read (default\n"
		"                     'dataset')\n"
		"      --db FILE      the database file to read (instead of --dataset)\n"
		"  -h, --help         print this help\n");
}

static void tsv_field(const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

int cmd_sql(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dataset = NULL, *dbfile = NULL, *tail = NULL;
	sqlite3_stmt *st = NULL;
	struct sqlite3 *db;
	json_t *rows = NULL;
	int c, ncol, i, rc, ret = CLI_OK;

	while ((c = cli_getopt(argc, argv, "d:", longopts, &ret)) != -1) {
		if (c == CLI_GETOPT_DONE)
			return ret;
		if (c == 'd')
			dataset = optarg;
		else if (c == 'D')
			dbfile = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_err("sql", "sql: one SQL statement expected");
	if (!(db = cli_open_db(dataset, dbfile, &ret)))
		return ret;
	if (sqlite3_prepare_v2(db, argv[optind], -1, &st, &tail) != SQLITE_OK) {
		cli_err("sql: %s", sqlite3_errmsg(db));
		ret = CLI_USAGE;
		goto out;
	}
	if (!st || (tail && tail[strspn(tail, " \t\n;")])) {
		cli_err("sql: one statement expected");
		ret = CLI_USAGE;
		goto out;
	}
	if (!sqlite3_stmt_readonly(st)) {
		cli_err("sql: the database is read-only: only statements that do not write");
		ret = CLI_USAGE;
		goto out;
	}
	ncol = sqlite3_column_count(st);
	if (json_output)
		rows = json_array();
	else
		for (i = 0; i < ncol; i++)
			printf("%s%s", i ? "\t" : "", sqlite3_column_name(st, i));
	if (!json_output && ncol)
		putchar('\n');
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_output ? json_object() : NULL;

		for (i = 0; i < ncol; i++) {
			int t = sqlite3_column_type(st, i);
			const char *s = (const char *)sqlite3_column_text(st, i);

			if (row) {
				json_t *v = t == SQLITE_NULL ? json_null() :
					t == SQLITE_INTEGER ? json_integer(sqlite3_column_int64(st, i)) :
					t == SQLITE_FLOAT ? json_real(sqlite3_column_double(st, i)) :
					cli_json_strn(s, (size_t)sqlite3_column_bytes(st, i));
				json_object_set_new(row, sqlite3_column_name(st, i), v);
			} else {
				if (i)
					putchar('\t');
				if (s)
					tsv_field(s);
			}
		}
		if (row)
			json_array_append_new(rows, row);
		else
			putchar('\n');
	}
	if (rc != SQLITE_DONE) {
		cli_err("sql: %s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		ret = rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_IOERR ? CLI_BAD
										    : CLI_USAGE;
		goto out;
	}
	if (rows) {
		if (cli_print_json(rows))
			ret = CLI_BAD;
		rows = NULL;
	}
out:
	json_decref(rows);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ret;
}

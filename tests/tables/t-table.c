// SPDX-License-Identifier: MIT
/* Unit test of tables/table.c: percentages, CSV quoting, Markdown escaping, JSON types. */
#include "tables/table.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cols[] = { "name", "n", "pct" };
static const bool num[] = { false, true, true };

/* The bytes @write puts out for @t, in a static buffer. */
static const char *render(int (*write)(const struct table *, FILE *), const struct table *t)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	int err;

	if (!f)
		return "fmemopen failed";
	err = write(t, f);
	fclose(f);
	return err ? "write failed" : buf;
}

static const char *pct(long long num_, long long den)
{
	static char buf[32];
	struct table t;

	table_init(&t, "p", "P", 3, cols, num);
	table_str(&t, "x");
	table_int(&t, 0);
	table_pct(&t, num_, den);
	snprintf(buf, sizeof(buf), "%s", table_get(&t, 0, 2) ? table_get(&t, 0, 2) : "(none)");
	table_free(&t);
	return buf;
}

int main(void)
{
	struct table t;

	/* rounded half up to one decimal, in integers */
	CHECK_STR(pct(1, 8), "12.5");
	CHECK_STR(pct(1, 6), "16.7");
	CHECK_STR(pct(2, 3), "66.7");
	CHECK_STR(pct(1, 2000), "0.1");	/* 0.05 rounds up */
	CHECK_STR(pct(1, 3000), "0.0");
	CHECK_STR(pct(7, 7), "100.0");
	CHECK_STR(pct(0, 5), "0.0");
	CHECK_STR(pct(3, 0), "(none)");	/* no whole: no value */
	CHECK_STR(pct(4000000000000000000LL, 8000000000000000000LL), "50.0");

	table_init(&t, "demo", "A demo", 3, cols, num);
	table_str(&t, "plain");
	table_int(&t, 42);
	table_pct(&t, 1, 3);
	table_str(&t, "a,b \"q\" |pipe|");
	table_int(&t, -1);
	table_null(&t);
	CHECK_EQ(t.err, 0);
	CHECK_EQ(table_rows(&t), 2);
	CHECK_STR(render(table_write_csv, &t),
		  "name,n,pct\n"
		  "plain,42,33.3\n"
		  "\"a,b \"\"q\"\" |pipe|\",-1,\n");
	CHECK_STR(render(table_write_md, &t),
		  "## A demo\n\n"
		  "| name | n | pct |\n"
		  "|---|---:|---:|\n"
		  "| plain | 42 | 33.3 |\n"
		  "| a,b \"q\" \\|pipe\\| | -1 | - |\n");
	CHECK_STR(render(table_write_json, &t),
		  "{\"schema_version\":\"1.0\",\"table\":\"demo\",\"title\":\"A demo\","
		  "\"columns\":[{\"name\":\"name\",\"type\":\"text\"},{\"name\":\"n\",\"type\":\"number\"},"
		  "{\"name\":\"pct\",\"type\":\"number\"}],"
		  "\"rows\":[{\"name\":\"plain\",\"n\":42,\"pct\":33.3},"
		  "{\"name\":\"a,b \\\"q\\\" |pipe|\",\"n\":-1,\"pct\":null}]}\n");

	/* text in a numeric column is refused, and the error sticks */
	CHECK_EQ(table_str(&t, "x"), 0);
	CHECK_EQ(table_str(&t, "not a number"), -EINVAL);
	CHECK_EQ(table_int(&t, 1), -EINVAL);
	CHECK_STR(render(table_write_csv, &t), "write failed");
	table_free(&t);
	table_free(&t);	/* harmless twice */
	return test_exit();
}

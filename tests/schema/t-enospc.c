// SPDX-License-Identifier: MIT
/*
 * A full disk is "No space left on device", not "Input/output error": the
 * JSON writers (schema/jsonl.c's jsonl_write and json_write_doc,
 * util/jsonw.c) keep the errno of the failed write. Writes to /dev/full,
 * more than one stdio buffer so that the write happens inside the writer.
 */
#include "schema/jsonl.h"
#include "util/errors.h"
#include "util/jsonw.h"

#include "tests/include/test.h"

#include <errno.h>
#include <stdlib.h>

#define BIG (1 << 20)

static char *big_string(void)
{
	char *s = malloc(BIG + 1);

	if (!s)
		return NULL;
	memset(s, 'x', BIG);
	s[BIG] = '\0';
	return s;
}

int main(void)
{
	char *s = big_string();
	struct jsonw *w;
	FILE *f;

	CHECK(s);
	if (!s)
		return test_exit();

	f = fopen("/dev/full", "w");
	CHECK(f);
	if (f) {
		CHECK_EQ(jsonl_write(f, json_pack("{s:s}", "name", s)), -ENOSPC);
		fclose(f);
	}

	f = fopen("/dev/full", "w");
	CHECK(f);
	if (f) {
		CHECK_EQ(json_write_doc(f, json_pack("{s:s}", "name", s)), -ENOSPC);
		fclose(f);
	}

	f = fopen("/dev/full", "w");
	w = f ? jsonw_new(f) : NULL;
	CHECK(w);
	if (w) {
		int i;

		for (i = 0; i < 4; i++) {
			jsonw_begin_object(w);
			jsonw_string_field(w, "name", s);
			jsonw_end_object(w);
			jsonw_newline(w);
		}
		CHECK_EQ(jsonw_finish(w), -ENOSPC);
		CHECK_STR(errmsg(jsonw_err(w)), "No space left on device");
	}
	jsonw_free(w);
	if (f)
		fclose(f);

	/* a string not in UTF-8 is named as such, not as a memory or I/O error */
	f = fopen("/dev/null", "w");
	w = f ? jsonw_new(f) : NULL;
	CHECK(w);
	if (w) {
		CHECK_EQ(jsonw_string(w, "bad \xff byte"), -EILSEQ);
		CHECK_STR(errmsg(-EILSEQ), "a string that is not valid UTF-8");
	}
	jsonw_free(w);
	if (f)
		fclose(f);
	free(s);
	return test_exit();
}

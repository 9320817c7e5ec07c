// SPDX-License-Identifier: MIT
#include "util/cmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#define DOC_COLUMN 22

int cmdline_tables(struct cmdline_tables *t, const struct cmd_opt *const *sets, size_t n)
{
	size_t i, nl = 0, ns = 0;
	const struct cmd_opt *o;

	for (i = 0; i < n; i++) {
		for (o = sets[i]; o && o->name; o++) {
			if (nl == CMDLINE_MAX_OPTS)
				return -E2BIG;
			t->longopts[nl++] = (struct option){ o->name,
				o->arg ? required_argument : no_argument, NULL, o->key };
			if (o->key > 0 && o->key < 128) {
				t->shorts[ns++] = (char)o->key;
				if (o->arg)
					t->shorts[ns++] = ':';
			}
		}
	}
	t->longopts[nl] = (struct option){ NULL, 0, NULL, 0 };
	t->shorts[ns] = '\0';
	return 0;
}

static void print_opt(FILE *f, const struct cmd_opt *o)
{
	const char *doc = o->doc ? o->doc : "", *nl;
	bool shrt = o->key > 0 && o->key < 128;
	int n;

	n = fprintf(f, "  %c%c%s--%s%s%s", shrt ? '-' : ' ', shrt ? o->key : ' ',
		    shrt ? ", " : "  ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	if (n >= DOC_COLUMN) {	/* a long option: its doc starts on the next line */
		fputc('\n', f);
		n = 0;
	}
	do {
		nl = strchr(doc, '\n');
		fprintf(f, "%*s%.*s\n", DOC_COLUMN - n, "",
			nl ? (int)(nl - doc) : (int)strlen(doc), doc);
		n = 0;
		doc = nl ? nl + 1 : NULL;
	} while (doc);
}

void cmdline_print(FILE *f, const struct cmd_opt *const *sets, size_t n)
{
	const struct cmd_opt *o;
	size_t i;

	for (i = 0; i < n; i++)
		for (o = sets[i]; o && o->name; o++)
			print_opt(f, o);
}

// SPDX-License-Identifier: MIT
/*
 * depsurf extract SURFACE [OPTIONS] INPUT: one surface of one image, by the
 * same descriptor and driver as the stage program depsurf-SURFACE
 * (extract/driver/driver.h), so the two accept the same options and write
 * the same bytes.
 */
#include "cli/cli.h"
#include "extract/driver/driver.h"

#include <stdlib.h>

#define SURFACE(name, input, files) extern const struct extractor extractor_##name;
#include "schema/surfaces.def"
#undef SURFACE

#define SURFACE(name, input, files) &extractor_##name,
static const struct extractor *const extractors[] = {
#include "schema/surfaces.def"
};
#undef SURFACE

#define NR_EXTRACTORS (sizeof(extractors) / sizeof(extractors[0]))

void help_extract(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: depsurf extract SURFACE [OPTIONS] INPUT (-o FILE | -d DIR)\n"
		"Write one surface of a kernel image, as the stage program depsurf-SURFACE\n"
		"does; 'depsurf extract SURFACE --help' prints its options.\n"
		"\n"
		"Surfaces (schema/surfaces.def; any unique prefix will do):\n");
	for (i = 0; i < NR_EXTRACTORS; i++)
		fprintf(f, "  %-12s %s\n", extractors[i]->name, extractors[i]->outputs[0]);
	fprintf(f, "\nOptions:\n  -h, --help       print this help\n");
}

/* The surface named @word, or by unique prefix; NULL with a message. */
static const struct extractor *find(const char *word)
{
	const struct extractor *found = NULL;
	size_t i, n = 0, len = strlen(word);

	for (i = 0; i < NR_EXTRACTORS; i++) {
		if (!strcmp(extractors[i]->name, word))
			return extractors[i];
		if (len && !strncmp(extractors[i]->name, word, len)) {
			found = extractors[i];
			n++;
		}
	}
	if (n == 1)
		return found;
	cli_usage_err("extract", n ? "ambiguous surface '%s'" : "no surface '%s'", word);
	return NULL;
}

int cmd_extract(int argc, char **argv)
{
	const struct extractor *ex;
	char *prog = NULL;
	int rc;

	if (argc < 2)
		return cli_usage_err("extract", "%s", "which SURFACE?");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		help_extract(stdout);
		return CLI_OK;
	}
	ex = find(argv[1]);
	if (!ex)
		return CLI_USAGE;
	if (asprintf(&prog, "depsurf extract %s", ex->name) < 0)
		return CLI_BAD;
	argv[1] = prog;	/* the driver's program name in messages and usage */
	rc = extractor_main(ex, argc - 1, argv + 1);
	free(prog);
	return rc;
}

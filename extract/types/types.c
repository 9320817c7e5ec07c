// SPDX-License-Identifier: MIT
/*
 * depsurf-types: the struct, union and enum surface of a kernel image from
 * its BTF (docs/schema-types.md).
 */
#include "extract/driver/driver.h"
#include "extract/types/btftypes.h"
#include "util/diag.h"

static int types_run(struct extract_run *r)
{
	struct btftypes_stats st = { 0 };
	const struct btf *btf;
	int k, err;

	kimage_btf(r->img, &btf);
	for (k = 0; k < BTFTYPES_NR; k++) {
		if (!r->out[k])
			continue;
		err = btftypes_write(btf, k, r->out[k], &st);
		if (err)
			return extract_err(r, kimage_btf_file(r->img), err, "cannot write %s",
					   r->ex->outputs[k]);
	}
	if (r->progress)
		diag_info("%zu structs, %zu unions, %zu enums (%zu anonymous enumerators); "
			  "names with duplicates: %zu structs, %zu unions, %zu enums",
			  st.written[0], st.written[1], st.written[2], st.anon_enum_values,
			  st.duplicates[0], st.duplicates[1], st.duplicates[2]);
	return 0;
}

const struct extractor extractor_types = {
	.name = "types",
	.summary = "Write the named structs, unions and enums of a kernel image's BTF\n"
		   "(docs/schema-types.md).",
	.input = "VMLINUX",
	.outputs = { "structs.jsonl", "unions.jsonl", "enums.jsonl" },
	.needs = NEED_IMAGE | NEED_BTF,
	.run = types_run,
};

# depsurf-types: structs/unions/enums.jsonl from BTF (docs/schema-types.md).
$(eval $(call tool,depsurf-types,$(wildcard extract/types/*.c)))

# BTF for images with DWARF but no .BTF (pre-5.x Ubuntu, some Debian ports):
# the flags the kernel's own scripts/pahole-flags.sh passes for pahole 1.24
# (floats, all CPUs, no Rust CUs). Usage in a rule:
#   $(PAHOLE) $(PAHOLE_BTF_FLAGS) --btf_encode_detached=$@ $<
PAHOLE ?= pahole
PAHOLE_BTF_FLAGS ?= --btf_gen_floats -j --lang_exclude=rust

# depsurf-types: structs/unions/enums.jsonl from BTF (docs/schema-types.md).
# The pahole command for images without .BTF lives in dataset.mk.
$(eval $(call tool,depsurf-types,$(wildcard extract/types/*.c)))

# depsurf-funcs: vmlinux → funcs.jsonl (SPEC §4, docs/schema-funcs.md)
$(eval $(call tool,depsurf-funcs,$(wildcard extract/funcs/*.c)))
# The floor of the DWARF stage (bench/stage-funcs.sh): a bare libdw walk.
$(eval $(call tool,dwarf-floor,bench/dwarf-floor.c))

# Trace events and syscall tables (SPEC §4 tracepoints.jsonl, syscalls.json),
# read from the image's initialized data through formats/kdata.
$(eval $(call tool,depsurf-tracepoints,extract/events/tracepoints.c \
	extract/events/probe_dwarf.c))
$(eval $(call tool,depsurf-syscalls,extract/events/syscalls.c))

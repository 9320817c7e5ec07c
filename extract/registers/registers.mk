# depsurf-registers: registers.json, pt_regs layout and calling convention
# (docs/schema-registers.md).
$(eval $(call tool,depsurf-registers,$(wildcard extract/registers/*.c)))

# depsurf-config: config.json from a kernel .config (docs/schema-config.md).
$(eval $(call tool,depsurf-config,$(wildcard extract/config/*.c)))

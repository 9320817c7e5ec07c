# depsurf-meta: meta.json of one image (docs/schema-meta.md).
$(eval $(call tool,depsurf-meta,$(wildcard extract/meta/*.c)))

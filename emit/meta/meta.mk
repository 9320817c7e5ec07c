# depsurf-meta: meta.json of one image (docs/schema-meta.md).
$(eval $(call tool,depsurf-meta,$(wildcard emit/meta/*.c)))

# depsurf: the command over a dataset (docs/depsurf.1): surfaces, extract, version, help.
# `depsurf extract` links every extractor of schema/surfaces.def.
$(eval $(call tool,depsurf,$(wildcard cli/*.c) \
	$(foreach s,$(SURFACE_NAMES),$(wildcard extract/$(s)/*.c))))

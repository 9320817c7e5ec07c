# depsurf: the command over a dataset (docs/depsurf.1): surfaces, extract, query, sql,
# version, help. query and sql read the database of depsurf-db (db/dsdb.c).
# `depsurf extract` links every extractor of schema/surfaces.def.
$(eval $(call tool,depsurf,$(wildcard cli/*.c) db/dsdb.c $(wildcard release/*.c) \
	unpack/decomp.c unpack/tar.c \
	$(foreach s,$(SURFACE_NAMES),$(wildcard extract/$(s)/*.c))))

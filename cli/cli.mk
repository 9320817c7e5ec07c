# depsurf: the command over a dataset (docs/depsurf.1): surfaces, version, help.
$(eval $(call tool,depsurf,$(wildcard cli/*.c)))

# depsurf-btf: the image's BTF for the type-reading stages (embedded or pahole).
$(eval $(call tool,depsurf-btf,btf/btf.c))

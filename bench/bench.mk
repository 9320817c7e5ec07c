# The floor of the DWARF stage (bench/stage-funcs.sh): a bare libdw walk.
$(eval $(call tool,dwarf-floor,bench/dwarf-floor.c))

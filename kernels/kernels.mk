$(eval $(call tool,depsurf-kernels,kernels/main.c))

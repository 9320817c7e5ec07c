$(eval $(call tool,depsurf-kernels,kernels/main.c kernels/shard.c))

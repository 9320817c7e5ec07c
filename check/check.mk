# check/: the dependencies of a BPF object (check/bpfobj.h, core.h, deps.h),
# library code of `depsurf check`; in libdepsurf.a like matrix/.
LIB_SRCS += $(wildcard check/*.c)

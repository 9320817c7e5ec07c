# matrix/: the dependency status matrix (matrix/matrix.h), library code that
# `depsurf matrix` and `depsurf check` share; in libdepsurf.a, so the unit
# drivers of tests/matrix/ link it like any other library code.
LIB_SRCS += $(wildcard matrix/*.c)

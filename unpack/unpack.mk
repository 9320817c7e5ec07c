# depsurf-unpack: data.tar members out of a .deb/.ddeb (README "Stages", docs/unpack.md).
# unpack/*.c minus main.c is the reader library; the unit tests in
# tests/unpack/ link those objects too.
UNPACK_SRCS := $(wildcard unpack/*.c)
UNPACK_LIB_OBJS := $(patsubst %.c,$(OBJDIR)/%.o,$(filter-out unpack/main.c,$(UNPACK_SRCS)))
$(eval $(call tool,depsurf-unpack,$(UNPACK_SRCS)))

$(patsubst %.c,$(BUILD)/%,$(wildcard tests/unpack/t-*.c)): $(UNPACK_LIB_OBJS)
# (libdepsurf again after them: the rule puts it before LIBS)
$(BUILD)/tests/unpack/%: LIBS := $(UNPACK_LIB_OBJS) $(LIB) $(LIBS)

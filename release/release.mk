# release/: the tar.zst writer, MANIFEST, verification and extraction of
# `depsurf release` / `depsurf verify` (cli/release.c, cli/verify.c;
# docs/release.md), linked into depsurf by cli/cli.mk. Its unit tests in
# tests/release/ link these objects and unpack/'s zstd and tar readers.
RELEASE_LIB_OBJS := $(patsubst %.c,$(OBJDIR)/%.o,$(wildcard release/*.c) unpack/decomp.c unpack/tar.c)
$(patsubst %.c,$(BUILD)/%,$(wildcard tests/release/t-*.c)): $(RELEASE_LIB_OBJS)
$(BUILD)/tests/release/%: LIBS := $(RELEASE_LIB_OBJS) $(LIB) $(LIBS)

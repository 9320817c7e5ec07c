# depsurf — kernel dependency surfaces for eBPF programs.
#
#   make dataset   build dataset/<id>/ for every image of $(KERNELS) (see README)
#   make check     build with ASan+UBSan and run the tests
#   make bench     wall time and peak RSS of every stage on a real image
#   make tables    diffs of the pairs of kernels.groups, the tables and figures
#   make release   the dataset as a deterministic tar.zst + MANIFEST (make verify RELEASE=...)
#
# Tools are declared by the *.mk fragment of their folder (unpack/unpack.mk,
# extract/*/…mk); this file holds the shared rules.

CC       ?= gcc
CFLAGS   ?= -g -O2
EXTRA_CFLAGS ?=
LDFLAGS  ?=
PKG_CONFIG ?= pkg-config
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# Every C library the tools read formats with (README "Standards"). Found with pkg-config
# only; tools/deps.sh installs the Debian packages when one is missing.
PKGS := libelf libdw libbpf jansson liblzma libzstd zlib sqlite3 libcrypto

# SAN=1 selects the sanitizer build the tests use (a separate object dir, so
# the optimized tools used by `make dataset` are never rebuilt by `make check`).
SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build/opt
SANFLAGS :=
endif
BINDIR := $(BUILD)/bin
OBJDIR := $(BUILD)/obj

WARNFLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
	-Wstrict-prototypes -Wimplicit-fallthrough -Wno-format-nonliteral
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS := $(CFLAGS) $(WARNFLAGS) $(SANFLAGS) -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
	-MMD -MP $(EXTRA_CFLAGS)
ALL_LDFLAGS := $(LDFLAGS) $(SANFLAGS) -Wl,--as-needed
LIBS := $(PKG_LIBS) -lpthread

# Shared library code: readers and the normalization rules (type strings,
# source paths, symbol suffixes) every extractor must agree on.
LIB_SRCS := $(foreach d,util formats normalize schema image diff,$(wildcard $(d)/*.c)) \
	extract/driver/driver.c
# the table builders of `depsurf tables` (docs/schema-tables.md)
LIB_SRCS += $(wildcard tables/*.c)
LIB := $(BUILD)/libdepsurf.a

TOOLS :=
TEST_BINS :=

# $(call tool,name,sources): link $(BINDIR)/name from sources + libdepsurf.
define tool
$(1)_OBJS := $$(patsubst %.c,$$(OBJDIR)/%.o,$(2))
$$(BINDIR)/$(1): $$($(1)_OBJS) $$(LIB)
	@mkdir -p $$(@D)
	$$(if $$(Q),@echo "  LD      $$@")
	$$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$($(1)_OBJS) $$(LIB) $$(LIBS)
TOOLS += $$(BINDIR)/$(1)
endef

# The surfaces (schema/surfaces.def): depsurf-<name> links extract/<name>/*.c
# with the shared stage main, compiled for it with -DEXTRACTOR=extractor_<name>.
# A surface without its folder fails to link: never a silent omission.
SURFACE_NAMES := ${shell sed -n 's/^SURFACE(\([a-z0-9_]*\),.*/\1/p' schema/surfaces.def}
define surface_tool
$$(OBJDIR)/extract/$(1)/stage_main.o: extract/driver/stage_main.c
	@mkdir -p $$(@D)
	$$(if $$(Q),@echo "  CC      $$@")
	$$(Q)$$(CC) $$(ALL_CFLAGS) -DEXTRACTOR=extractor_$(1) -c -o $$@ $$<
$$(eval $$(call tool,depsurf-$(1),$$(wildcard extract/$(1)/*.c) extract/$(1)/stage_main.c))
endef
$(foreach s,$(SURFACE_NAMES),$(eval $(call surface_tool,$(s))))

.PHONY: all tools check check-run bench integration dataset deps clean help
# keep test objects (make would delete them as intermediates of t-* binaries)
.SECONDARY:
all: tools

include $(sort $(wildcard */*.mk */*/*.mk))

# Unit-test drivers: tests/<path>/t-<name>.c → $(BUILD)/tests/<path>/t-<name>,
# at any depth (tests/ mirrors the source tree: tests/formats/, tests/extract/…).
TEST_SRCS := $(sort $(shell find tests -name 't-*.c'))
TEST_BINS += $(patsubst %.c,$(BUILD)/%,$(TEST_SRCS))
$(BUILD)/tests/%: $(OBJDIR)/tests/%.o $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

tools: $(TOOLS) $(TEST_BINS)

$(LIB): $(patsubst %.c,$(OBJDIR)/%.o,$(LIB_SRCS))
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

-include $(shell find $(OBJDIR) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- dataset
# `make dataset` is the main job (README): every image of $(KERNELS), or the
# subset IMAGES="id …" / DISTRO= / ARCH=; runs images in parallel under -j.
KERNELS ?= kernels.list
DOWNLOAD_DIR ?= download
WORK_DIR ?= work
DATASET_DIR ?= dataset
DATASET_MAKE = $(MAKE) --no-print-directory -f dataset.mk BIN=$(BINDIR) \
	KERNELS=$(KERNELS) DOWNLOAD_DIR=$(DOWNLOAD_DIR) WORK_DIR=$(WORK_DIR) \
	DATASET_DIR=$(DATASET_DIR)

# SHARD=I/N builds shard I of N of the selection (depsurf-kernels --shard,
# balanced by kernels.sizes; docs/release.md "Sharding") and leaves the
# database to the run that joins the shards (make db). Every run records its
# start and end, and the failed images, in DATASET_DIR/.build/ for the
# release MANIFEST (tools/build-record.sh, tools/summary.sh).
dataset: deps
	$(Q)$(MAKE) --no-print-directory tools
	$(Q)$(BINDIR)/depsurf-kernels $(KERNELS) >/dev/null
	+$(Q)start=$$(date -u +%Y-%m-%dT%H:%M:%SZ); \
	ids="$$($(DATASET_MAKE) -s selection)" || exit 1; \
	if [ -z "$$ids" ] && [ -n "$(SHARD)" ]; then echo "dataset: shard $(SHARD) of the selection has no image"; exit 0; fi; \
	[ -n "$$ids" ] || { echo "dataset: no image of $(KERNELS) matches the selection" >&2; exit 1; }; \
	for id in $$ids; do rm -f $(WORK_DIR)/$$id/FAILED $(WORK_DIR)/$$id/FAILED.*; done; \
	$(DATASET_MAKE) -k images; \
	SUMMARY_UBUNTU_IDS="$$($(BINDIR)/depsurf-kernels --distro=ubuntu $(KERNELS))" UBUNTU_DDEBS='$(UBUNTU_DDEBS)' \
		tools/summary.sh $(WORK_DIR) $(DATASET_DIR) $$ids; st=$$?; \
	tools/build-record.sh $(DATASET_DIR) '$(SHARD)' "$$start" || exit 1; \
	[ -n "$(SHARD)" ] || ! ls $(DATASET_DIR)/*/meta.json >/dev/null 2>&1 || \
		{ mkdir -p $(WORK_DIR) && $(BINDIR)/depsurf-db -q --stat-cache $(WORK_DIR)/.db.stat --work $(WORK_DIR)/.db.work $(DATASET_DIR); } || exit 1; exit $$st

# `make db`: $(DATASET_DIR)/depsurf.sqlite from the published images (db/, docs/schema-sqlite.md)
.PHONY: db
db: deps
	$(Q)$(MAKE) --no-print-directory $(BINDIR)/depsurf-db
	$(Q)mkdir -p $(WORK_DIR) && $(BINDIR)/depsurf-db --stat-cache $(WORK_DIR)/.db.stat --work $(WORK_DIR)/.db.work $(DATASET_DIR)

# `make tables`: the pair documents of every pair of $(KERNEL_GROUPS) whose
# images are in $(DATASET_DIR) (depsurf diff), the tables (depsurf tables)
# and the figures (gnuplot) in $(DATASET_DIR)/tables/ (tables.mk, README
# "Tables and figures"). The groups file is checked first, so a bad line
# stops the run with its message before any diff.
KERNEL_GROUPS ?= kernels.groups
.PHONY: tables
tables: deps
	$(Q)$(MAKE) --no-print-directory tools
	$(Q)$(BINDIR)/depsurf tables --pairs -d $(DATASET_DIR) -g $(KERNEL_GROUPS) -k $(KERNELS) >/dev/null
	+$(Q)$(MAKE) --no-print-directory -f tables.mk all BIN=$(BINDIR) KERNELS=$(KERNELS) \
		KERNEL_GROUPS=$(KERNEL_GROUPS) DATASET_DIR=$(DATASET_DIR)

# `make site`: the static website of $(DATASET_DIR) in $(SITE_DIR) (depsurf
# site, docs/site.md). PROGRAMS=a.bpf.o b.bpf.o: each is checked first
# (depsurf check --json, exit 0 or 1 is a report) and gets a page.
# `make site-progs` compiles tests/check/progs into $(BUILD)/progs/ (clang).
SITE_DIR ?= site
PROGRAMS ?=
.PHONY: site site-progs
site: deps
	$(Q)$(MAKE) --no-print-directory $(BINDIR)/depsurf
	$(Q)tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && n=0 && checks= && \
	for p in $(PROGRAMS); do n=$$((n + 1)); \
		$(BINDIR)/depsurf check --json -d $(DATASET_DIR) -k $(KERNELS) "$$p" >"$$tmp/$$n.json"; rc=$$?; \
		[ $$rc -le 1 ] || { echo "site: depsurf check $$p failed (exit $$rc)" >&2; exit 1; }; \
		checks="$$checks -c $$tmp/$$n.json"; done; \
	$(BINDIR)/depsurf site -d $(DATASET_DIR) -k $(KERNELS) \
		$(if $(wildcard $(KERNEL_GROUPS)),-g $(KERNEL_GROUPS)) $$checks -o $(SITE_DIR)

site-progs:
	$(Q)mkdir -p $(BUILD)/progs && for c in tests/check/progs/*.bpf.c; do \
		clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -Itests/check/progs -c "$$c" \
			-o $(BUILD)/progs/$$(basename $$c .c).o || exit 1; done

# `make release`: $(DATASET_DIR) packed by `depsurf release` into
# $(RELEASE_DIR)/depsurf-dataset-<date>-<version>/: the deterministic
# .tar.zst, its MANIFEST and .sha256, images/<id>.tar.zst (docs/release.md).
# RELEASE_DATE=YYYYMMDD overrides the date the dataset's build record gives;
# RELEASE_IMAGES=0 skips the per-image tarballs.
# `make verify RELEASE=FILE.tar.zst|FOLDER`: `depsurf verify` on it.
RELEASE_DIR ?= dist
RELEASE_LEVEL ?= 9
RELEASE_DATE ?=
RELEASE_IMAGES ?= 1
.PHONY: release verify
release: deps
	$(Q)$(MAKE) --no-print-directory $(BINDIR)/depsurf
	$(Q)$(BINDIR)/depsurf release -d $(DATASET_DIR) -k $(KERNELS) -o $(RELEASE_DIR) \
		-l $(RELEASE_LEVEL) $(if $(wildcard $(KERNEL_GROUPS)),-g $(KERNEL_GROUPS)) \
		$(if $(RELEASE_DATE),--date $(RELEASE_DATE)) $(if $(filter 0,$(RELEASE_IMAGES)),--no-images)

verify:
	@[ -n "$(RELEASE)" ] || { echo "make verify: name the release: RELEASE=FILE.tar.zst or an unpacked folder" >&2; exit 2; }
	$(Q)$(MAKE) --no-print-directory $(BINDIR)/depsurf
	$(Q)$(BINDIR)/depsurf verify '$(subst ','\'',$(RELEASE))'

# ---------------------------------------------------------------- set-up
deps:
	@tools/deps.sh

# ---------------------------------------------------------------- tests
# `make check` is the README's test command: dependencies, a sanitizer build,
# then every tests/*/test-*.sh runner (exit 0 pass, 77 skip, else fail).
check: deps
	$(Q)$(MAKE) --no-print-directory SAN=1 tools
	$(Q)$(MAKE) --no-print-directory SAN=1 check-run

check-run:
	@BIN=$(abspath $(BINDIR)) TBIN=$(abspath $(BUILD)/tests) \
		SRCDIR=$(abspath .) tests/run.sh $(TESTS)

# `make integration`: the dataset of one real Debian image (the current
# bookworm amd64 -dbg, found through the Packages index) checked against
# independent tools by tests/integration/*.sh.
integration: deps
	$(Q)$(MAKE) --no-print-directory tools
	$(Q)BIN=$(BINDIR) DOWNLOAD_DIR=$(DOWNLOAD_DIR) WORK_DIR=$(WORK_DIR) \
		DATASET_DIR=$(DATASET_DIR) tools/integration.sh

# ---------------------------------------------------------------- bench
bench: deps tools
	@BIN=$(abspath $(BINDIR)) SRCDIR=$(abspath .) bench/run.sh

clean:
	rm -rf build

help:
	@sed -n '1,10p' Makefile

# ---------------------------------------------------------------- fuzz
# `make fuzz [FUZZ_SECONDS=N]`: the libFuzzer harnesses of tests/fuzz/ built
# with clang into build/fuzz/ (library objects with
# -fsanitize=fuzzer-no-link,address,undefined, harnesses linked with
# -fsanitize=fuzzer), seed corpora made at run time, each harness run for
# FUZZ_SECONDS, then every saved regression input (tests/fuzz/regress/)
# through the harnesses and through the stage programs of the SAN=1 build.
# Fails on any finding.
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := deb kernels-list kernel-groups kconfig krel diff surface-reader bpfobj types tracepoints syscalls registers lsm_hooks kfuncs funcs
FUZZ_EXTRACTORS := types tracepoints syscalls registers lsm_hooks kfuncs funcs
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_BUILD = $(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=build/fuzz CFLAGS="-g -O1" \
	SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)"
FUZZ_BINS := $(addprefix $(BUILD)/fuzz-,$(FUZZ_HARNESSES))

.PHONY: fuzz fuzz-build fuzz-bins
fuzz: deps fuzz-build
	$(Q)$(MAKE) --no-print-directory SAN=1 tools
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) SRCDIR=$(abspath .) FUZZ_BIN=$(abspath build/fuzz) \
		BIN=$(abspath build/san/bin) tests/fuzz/run.sh $(FUZZ_HARNESSES)

fuzz-build:
	$(Q)$(FUZZ_BUILD) fuzz-bins

fuzz-bins: $(FUZZ_BINS)

# $(call fuzz_harness,name,extra objects)
define fuzz_harness
$$(BUILD)/fuzz-$(1): $$(OBJDIR)/tests/fuzz/fuzz-$(1).o $(2) $$(LIB)
	@mkdir -p $$(@D)
	$$(if $$(Q),@echo "  LD      $$@")
	$$(Q)$$(CC) $$(LDFLAGS) -fsanitize=fuzzer $$(FUZZ_SAN) -o $$@ $$^ $$(LIBS)
endef
$(eval $(call fuzz_harness,deb,$(UNPACK_LIB_OBJS)))
$(eval $(call fuzz_harness,kernels-list,))
$(eval $(call fuzz_harness,kernel-groups,))
$(eval $(call fuzz_harness,kconfig,))
$(eval $(call fuzz_harness,krel,))
$(eval $(call fuzz_harness,diff,))
$(eval $(call fuzz_harness,surface-reader,))
$(eval $(call fuzz_harness,bpfobj,))
$(foreach e,$(FUZZ_EXTRACTORS),$(eval $(call fuzz_harness,$(e),\
	$(patsubst %.c,$(OBJDIR)/%.o,$(wildcard extract/$(e)/*.c)))))
# ---------------------------------------------------------------- install
# `make install [PREFIX=/usr/local] [DESTDIR=/staging]`: the optimized
# tools (depsurf and the depsurf-* stage programs, not bench or test
# binaries), the man page and the bash completion.
PREFIX ?= /usr/local
INSTALL ?= install
INSTALL_TOOLS = $(filter $(BINDIR)/depsurf $(BINDIR)/depsurf-%,$(TOOLS))
.PHONY: install
install: tools
	$(Q)$(INSTALL) -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	$(Q)$(INSTALL) -m 755 $(INSTALL_TOOLS) $(DESTDIR)$(PREFIX)/bin/
	$(Q)$(INSTALL) -m 644 docs/depsurf.1 $(DESTDIR)$(PREFIX)/share/man/man1/depsurf.1
	$(Q)$(INSTALL) -m 644 cli/depsurf.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/depsurf

# The tables and figures of a dataset (README "Tables and figures"), run by
# `make tables` as
#   make -f tables.mk all BIN=... KERNELS=... KERNEL_GROUPS=... DATASET_DIR=...
# 1. every pair of $(KERNEL_GROUPS) whose two images are under $(DATASET_DIR):
#    $(DATASET_DIR)/diff/OLD__NEW.json by `depsurf diff`, one Make target
#    each (incremental; -j runs pairs in parallel);
# 2. $(TABLES_DIR)/*.{csv,md,json} by `depsurf tables` (one run: the tables
#    sum over pairs and read every image);
# 3. the figures $(TABLES_DIR)/*.{svg,png} by gnuplot (tables/figures.sh);
# then the pairs left out, with the reason (read back from skipped.json).
# The pair list comes from `depsurf tables --pairs`, which validates the
# groups file: ids are kernels.list words (letters, digits, ._+-), so
# nothing in it means anything to Make or the shell.

SHELL := bash
.SHELLFLAGS := -o pipefail -c
.DELETE_ON_ERROR:

BIN ?= build/opt/bin
KERNELS ?= kernels.list
KERNEL_GROUPS ?= kernels.groups
DATASET_DIR ?= dataset
TABLES_DIR ?= $(DATASET_DIR)/tables
GNUPLOT ?= gnuplot
DEPSURF := $(BIN)/depsurf

# OLD__NEW words; the Makefile's tables target runs the same command first,
# so a bad groups file has already stopped the run with its message.
PAIRS := $(shell $(DEPSURF) tables --pairs -d $(DATASET_DIR) -g $(KERNEL_GROUPS) -k $(KERNELS))
pair_old = $(word 1,$(subst __, ,$(1)))
pair_new = $(word 2,$(subst __, ,$(1)))
DIFFS := $(foreach p,$(PAIRS),$(DATASET_DIR)/diff/$(p).json)

# depsurf diff exits 4 (changes) or 12 (breaking changes) when it worked;
# only 1 and 2 are failures. Its summary is not kept: the document is.
define pair_rule
$(DATASET_DIR)/diff/$(1).json: $(DATASET_DIR)/$(call pair_old,$(1))/meta.json \
		$(DATASET_DIR)/$(call pair_new,$(1))/meta.json $(DEPSURF)
	@mkdir -p $$(@D)
	@echo "[diff] $(call pair_old,$(1)) -> $(call pair_new,$(1))" >&2
	@$(DEPSURF) diff -o $$@ $(DATASET_DIR)/$(call pair_old,$(1)) \
	  $(DATASET_DIR)/$(call pair_new,$(1)) >/dev/null; rc=$$$$?; \
	  [ $$$$rc -eq 0 ] || [ $$$$rc -eq 4 ] || [ $$$$rc -eq 12 ] || \
	  { echo "tables: depsurf diff $(1) failed (exit $$$$rc)" >&2; exit 1; }
endef
$(foreach p,$(PAIRS),$(eval $(call pair_rule,$(p))))

TABLE_NAMES := pairs change_kinds consequences arch_flavor collisions inline transforms skipped
TABLE_FILES := $(foreach t,$(TABLE_NAMES),$(foreach e,csv md json,$(TABLES_DIR)/$(t).$(e)))
# Everything depsurf tables reads: the documents, both lists, every image's
# meta.json and funcs.jsonl (syscalls.json and registers.json are
# published with them, in one rename).
TABLE_INPUTS := $(DIFFS) $(KERNEL_GROUPS) $(KERNELS) $(DEPSURF) \
	$(wildcard $(DATASET_DIR)/*/meta.json $(DATASET_DIR)/*/funcs.jsonl)

$(TABLE_FILES) &: $(TABLE_INPUTS)
	@echo "[tables] $(TABLES_DIR)" >&2
	@$(DEPSURF) tables --threads 2 -d $(DATASET_DIR) -g $(KERNEL_GROUPS) -k $(KERNELS) \
	  -o $(TABLES_DIR) >/dev/null

FIGURES := inline transforms pairs
FIGURE_FILES := $(foreach f,$(FIGURES),$(TABLES_DIR)/$(f).svg $(TABLES_DIR)/$(f).png)
$(FIGURE_FILES) &: $(TABLES_DIR)/inline.json $(TABLES_DIR)/transforms.json \
		$(TABLES_DIR)/pairs.json $(foreach f,$(FIGURES),tables/$(f).gp) tables/figures.sh
	@echo "[figures] $(TABLES_DIR)" >&2
	@GNUPLOT=$(GNUPLOT) tables/figures.sh $(TABLES_DIR)

.PHONY: all diffs
diffs: $(DIFFS)
all: $(TABLE_FILES) $(FIGURE_FILES)
	@n=$$(jq '.rows | length' $(TABLES_DIR)/skipped.json) && \
	  echo "tables: $(words $(PAIRS)) pairs diffed, $$n skipped; tables and figures in $(TABLES_DIR)" && \
	  jq -r '.rows[] | "  skipped \(.group) \(.old) -> \(.new): \(.reason)"' $(TABLES_DIR)/skipped.json

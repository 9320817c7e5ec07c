# The per-image dataset build (SPEC §2), run by `make dataset` as
#   make -k -f dataset.mk images
# so that one failing image never stops the others. Every stage of image
# <id> writes under $(WORK_DIR)/<id>/; the last stage publishes the surfaces
# to $(DATASET_DIR)/<id>/ in one rename. A failing stage records its last
# error line in $(WORK_DIR)/<id>/FAILED for the summary (tools/summary.sh).

SHELL := bash
.SHELLFLAGS := -o pipefail -c
.DELETE_ON_ERROR:

BIN ?= build/opt/bin
KERNELS ?= kernels.list
DOWNLOAD_DIR ?= download
WORK_DIR ?= work
DATASET_DIR ?= dataset
D := $(DOWNLOAD_DIR)
W := $(WORK_DIR)

# Archive bases for the ${VAR} URLs of kernels.list: the machine's apt
# sources, unless given (make dataset DEBIAN_MIRROR=http://my.mirror/debian).
ifeq ($(origin DEBIAN_MIRROR),undefined)
DEBIAN_MIRROR := $(shell tools/apt-mirror.sh mirror)
endif
ifeq ($(origin DEBIAN_SECURITY),undefined)
DEBIAN_SECURITY := $(shell tools/apt-mirror.sh security)
endif
ifeq ($(origin DEBIAN_SNAPSHOT),undefined)
DEBIAN_SNAPSHOT := $(shell tools/apt-mirror.sh snapshot)
endif
UBUNTU_DDEBS ?=

# BTF from DWARF for images without a usable .BTF: the flags the kernel's own
# scripts/pahole-flags.sh passes for pahole 1.24 (floats; no Rust CUs). No
# -j: pahole 1.24's threaded encoder failed once in 8 runs on i386.
PAHOLE ?= pahole
PAHOLE_BTF_FLAGS ?= --btf_gen_floats --lang_exclude=rust

KL_MK := $(W)/.lists/$(subst /,_,$(KERNELS)).mk
$(KL_MK): $(KERNELS) $(BIN)/depsurf-kernels
	@mkdir -p $(@D)
	@$(BIN)/depsurf-kernels --mk -o $@ $(KERNELS)
include $(KL_MK)

SELECT_ARGS := $(if $(DISTRO),--distro=$(DISTRO)) $(if $(ARCH),--arch=$(ARCH)) \
	$(if $(IMAGES),--images="$(IMAGES)")
SELECTION := $(shell $(BIN)/depsurf-kernels $(SELECT_ARGS) $(KERNELS) 2>/dev/null)

# The surfaces of SPEC §4, each from its extractor. A surface whose tool is
# not built (an extractor that has not landed) is simply not published.
SURFACES := $(if $(wildcard $(BIN)/depsurf-funcs),funcs.jsonl) \
	$(if $(wildcard $(BIN)/depsurf-types),structs.jsonl) \
	$(if $(wildcard $(BIN)/depsurf-tracepoints),tracepoints.jsonl) \
	$(if $(wildcard $(BIN)/depsurf-syscalls),syscalls.json) \
	$(if $(wildcard $(BIN)/depsurf-registers),registers.json) \
	$(if $(wildcard $(BIN)/depsurf-config),config.json)

# $(call stage,ID,NAME,COMMAND): run COMMAND with its messages shown and kept
# in $(W)/ID/NAME.log; on failure record "NAME: <last message>" as the reason.
define stage
	@mkdir -p $(W)/$(1)
	@echo "[$(1)] $(2)" >&2
	@( $(3) ) 2>&1 | tee $(W)/$(1)/$(2).log >&2 || \
	  { echo "$(2): $$$$(tail -n1 $(W)/$(1)/$(2).log)" > $(W)/$(1)/FAILED; exit 1; }
endef

# Where the packages keep the vmlinux and the config: usr/lib/debug/boot/
# and boot/ in Debian ≤ 13 and Ubuntu; Debian 14 (sid, 7.x) moved the
# vmlinux to usr/lib/debug/lib/modules/<release>/vmlinux (boot/ holds a
# symlink) and the config to usr/lib/modules/<release>/config of the
# linux-base package; Ubuntu ≥ 5.0 has it in the buildinfo package under
# usr/lib/linux/<release>/config.
vmlinux_member = usr/lib/debug/boot/vmlinux-$(KL.$(1).release)|usr/lib/debug/lib/modules/$(KL.$(1).release)/vmlinux
config_member = $(strip \
	$(if $(findstring buildinfo,$(KL.$(1).config_urls_file)),usr/lib/linux/$(KL.$(1).release)/config, \
	$(if $(filter linux-base-%,$(KL.$(1).config_urls_file)),usr/lib/modules/$(KL.$(1).release)/config, \
	boot/config-$(KL.$(1).release))))

define image_rules
$(D)/$(KL.$(1).urls_file):
	$(call stage,$(1),fetch,fetch/fetch.sh $(D) $(KL.$(1).sha256) $(KL.$(1).urls))

# The unpack tool is order-only: its output is the member's bytes whatever
# the build of the tool, and re-decompressing every image after a change in
# shared code would cost ~8 s per image for nothing.
$(W)/$(1)/vmlinux: $(D)/$(KL.$(1).urls_file) | $(BIN)/depsurf-unpack
	$(call stage,$(1),unpack,$(BIN)/depsurf-unpack --progress $$< '$(call vmlinux_member,$(1))=$$@')

ifneq ($(KL.$(1).config_urls_file),)
$(D)/$(KL.$(1).config_urls_file):
	$(call stage,$(1),fetch-config,fetch/fetch.sh $(D) $(KL.$(1).config_sha256) $(KL.$(1).config_urls))

$(W)/$(1)/config: $(D)/$(KL.$(1).config_urls_file) | $(BIN)/depsurf-unpack
	$(call stage,$(1),unpack-config,$(BIN)/depsurf-unpack $$< $(call config_member,$(1))=$$@)
endif

# BTF for the type-reading stages: the image's own .BTF when it has one,
# else generated from DWARF by pahole (Ubuntu 4.x, Debian s390x/armhf 6.1).
# An embedded .BTF without any ENUM64 was encoded by pahole < 1.24, which
# truncates 64-bit enumerators and loses their sign (Debian 5.10: 86 wrong
# values); such images get pahole's BTF too. btf-source says which.
$(W)/$(1)/vmlinux.btf: $(W)/$(1)/vmlinux
	$(call stage,$(1),btf,objcopy -O binary --only-section=.BTF $$< $$@.tmp && \
	  if [ -s $$@.tmp ] && [ "$$$$(bpftool btf dump file $$@.tmp | grep -c '^\[[0-9]*\] ENUM64 ')" -gt 0 ]; then \
	    echo embedded > $(W)/$(1)/btf-source; \
	  else $(PAHOLE) $(PAHOLE_BTF_FLAGS) --btf_encode_detached=$$@.tmp $$< >/dev/null && \
	    echo pahole > $(W)/$(1)/btf-source; fi && \
	  mv $$@.tmp $$@ || { rm -f $$@.tmp; exit 1; })

$(W)/$(1)/out/funcs.jsonl: $(W)/$(1)/vmlinux $(W)/$(1)/vmlinux.btf $(BIN)/depsurf-funcs
	$(call stage,$(1),funcs,mkdir -p $$(@D) && $(BIN)/depsurf-funcs --progress --btf $(W)/$(1)/vmlinux.btf $(W)/$(1)/vmlinux -o $$@)

$(W)/$(1)/out/structs.jsonl: $(W)/$(1)/vmlinux $(W)/$(1)/vmlinux.btf $(BIN)/depsurf-types
	$(call stage,$(1),types,mkdir -p $$(@D) && $(BIN)/depsurf-types --btf $(W)/$(1)/vmlinux.btf $(W)/$(1)/vmlinux -d $$(@D))

$(W)/$(1)/out/tracepoints.jsonl: $(W)/$(1)/vmlinux $(W)/$(1)/vmlinux.btf $(BIN)/depsurf-tracepoints
	$(call stage,$(1),tracepoints,mkdir -p $$(@D) && $(BIN)/depsurf-tracepoints --btf $(W)/$(1)/vmlinux.btf $(W)/$(1)/vmlinux -o $$@)

$(W)/$(1)/out/syscalls.json: $(W)/$(1)/vmlinux $(BIN)/depsurf-syscalls
	$(call stage,$(1),syscalls,mkdir -p $$(@D) && $(BIN)/depsurf-syscalls $(W)/$(1)/vmlinux -o $$@)

$(W)/$(1)/out/registers.json: $(W)/$(1)/vmlinux $(W)/$(1)/vmlinux.btf $(BIN)/depsurf-registers
	$(call stage,$(1),registers,mkdir -p $$(@D) && $(BIN)/depsurf-registers --btf $(W)/$(1)/vmlinux.btf $(W)/$(1)/vmlinux -o $$@)

$(W)/$(1)/out/config.json: $(W)/$(1)/config $(BIN)/depsurf-config
	$(call stage,$(1),config,mkdir -p $$(@D) && $(BIN)/depsurf-config $(W)/$(1)/config -o $$@)

$(W)/$(1)/out/meta.json: $(addprefix $(W)/$(1)/out/,$(SURFACES)) $(W)/$(1)/vmlinux.btf $(BIN)/depsurf-meta
	$(call stage,$(1),meta,$(BIN)/depsurf-meta --id $(1) --distro $(KL.$(1).distro) \
	  --release $(KL.$(1).release) --arch $(KL.$(1).arch) --flavor $(KL.$(1).flavor) \
	  --url "$$$$($(BIN)/depsurf-kernels --url=$(1) $(KERNELS))" --sha256 $$$$(cat $(D)/$(KL.$(1).urls_file).sha256 2>/dev/null || echo $(KL.$(1).sha256)) \
	  --btf-source $$$$(cat $(W)/$(1)/btf-source) --dataset-dir $(W)/$(1)/out $(W)/$(1)/vmlinux -o $$@)

# Publish: the whole folder at once, so dataset/<id>/ is never half-written.
$(DATASET_DIR)/$(1)/meta.json: $(W)/$(1)/out/meta.json
	$(call stage,$(1),publish,rm -rf $(DATASET_DIR)/.$(1).tmp && mkdir -p $(DATASET_DIR)/.$(1).tmp && \
	  cp $(W)/$(1)/out/*.json* $(DATASET_DIR)/.$(1).tmp/ && rm -rf $(DATASET_DIR)/$(1) && \
	  mv $(DATASET_DIR)/.$(1).tmp $(DATASET_DIR)/$(1) && rm -f $(W)/$(1)/FAILED)

image/$(1): $(DATASET_DIR)/$(1)/meta.json
.PHONY: image/$(1)
endef

$(foreach id,$(SELECTION),$(eval $(call image_rules,$(id))))

# The structs stage writes unions.jsonl and enums.jsonl beside structs.jsonl.
.PHONY: images
images: $(addprefix image/,$(SELECTION))

.PHONY: selection
selection:
	@$(BIN)/depsurf-kernels $(SELECT_ARGS) $(KERNELS)

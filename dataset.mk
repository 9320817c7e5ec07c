# The per-image dataset build (README "Stages"), run by `make dataset` as
#   make -k -f dataset.mk images
# so that one failing image never stops the others. Every stage of image
# <id> writes under $(WORK_DIR)/<id>/; the last stage publishes the surfaces
# to $(DATASET_DIR)/<id>/ in one rename. A failing stage records its last
# error line in $(WORK_DIR)/<id>/FAILED.<stage> for the summary
# (tools/summary.sh joins them): one file per stage, written under a temp
# name and renamed, since two stages of one image may fail at once (fetch
# of the debug and of the config package).

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

# The pahole that depsurf-btf runs for images without a usable .BTF.
PAHOLE ?= pahole

# MODULES=1: unpack also keeps every kernel module of the debug package in
# $(W)/<id>/modules/ (zstd, one file per module: unpack/modstore.h, ~1.4 GB
# for Debian 6.1 amd64) in the same pass over data.tar, and the surfaces of
# MODULE_SURFACES read them (--modules), each writing what it read to
# $(W)/<id>/<surface>-modules.json for meta.json. MODULES=0 is the
# vmlinux-only build: the same commands as before modules existed.
MODULES ?= 1
MODULE_SURFACES := types tracepoints
mods_on = $(filter 1,$(MODULES))
mod_surface = $(and $(mods_on),$(filter $(1),$(MODULE_SURFACES)))

# The list's columns as Make variables (depsurf-kernels --mk validates every
# column and escapes for Make; the name's suffix keeps fragments of older
# generators from ever being read). In recipes every list value is single-
# quoted ($(call sq,...)): neither Make nor the shell sees one unquoted.
KL_MK := $(W)/.lists/$(subst /,_,$(KERNELS)).v2.mk
$(KL_MK): $(KERNELS) $(BIN)/depsurf-kernels
	@mkdir -p $(@D)
	@$(BIN)/depsurf-kernels --mk -o $@ $(KERNELS)
include $(KL_MK)
sq = '$(subst ','\'',$(1))'

# The ${VAR} bases of the URLs reach fetch/fetch.sh through the environment:
# it expands them, so that Make never expands list text.
export DEBIAN_MIRROR DEBIAN_SECURITY DEBIAN_SNAPSHOT UBUNTU_DDEBS

# Every stage runs under timeout(1): a hang fails one image ("NAME: timed
# out after ...") instead of the run. Generous: the slowest stage of a big
# image (funcs, or pahole in btf) takes minutes on a busy 2-core machine.
# FETCH_TIMEOUT bounds one package download (curl also cuts a stalled one).
STAGE_TIMEOUT ?= 2h
FETCH_TIMEOUT ?= 12h

# SHARD=I/N: of that selection, shard I of N, balanced by the package sizes
# of KERNEL_SIZES (kernels.sizes beside the list; depsurf-kernels --shard).
KERNEL_SIZES ?= $(dir $(KERNELS))kernels.sizes
SELECT_ARGS := $(if $(DISTRO),--distro=$(DISTRO)) $(if $(ARCH),--arch=$(ARCH)) \
	$(if $(IMAGES),--images="$(IMAGES)") \
	$(if $(SHARD),--shard=$(SHARD) $(if $(wildcard $(KERNEL_SIZES)),--sizes=$(KERNEL_SIZES)))
SELECTION := $(shell $(BIN)/depsurf-kernels $(SELECT_ARGS) $(KERNELS) 2>/dev/null)

# The surfaces (schema/surfaces.def), as name:input:file,file... words.
# Each is a stage of every image; a surface whose tool did not build stops
# its images with "No rule to make target": never a silently smaller dataset.
SURFACE_DEFS := ${shell sed -n 's/^SURFACE(\([a-z0-9_]*\), *\([a-z]*\), *"\([^"]*\)").*/\1:\2:\3/p' schema/surfaces.def | tr ' ' ,}
surface_name = $(word 1,$(subst :, ,$(1)))
surface_input = $(word 2,$(subst :, ,$(1)))
surface_files = $(subst $(comma), ,$(word 3,$(subst :, ,$(1))))
comma := ,
SURFACE_FILES := $(foreach s,$(SURFACE_DEFS),$(call surface_files,$(s)))

# $(call stage,ID,NAME,COMMAND[,OUTPUTS]): run COMMAND with its messages shown
# and kept in $(W)/ID/NAME.log, under $(STAGE_TIMEOUT); on failure record
# "NAME: <last message>" (or "NAME: timed out after ...") as the reason.
# First removes the temp files (OUTPUT.tmp.*) an interrupted run of this
# stage left for OUTPUTS (default: the target); only this stage's, since
# the other stages of the image may be running in parallel.
define stage
	@mkdir -p $(W)/$(1)
	@rm -f $(addsuffix .tmp.*,$(if $(4),$(4),$$@))
	@echo "[$(1)] $(2)" >&2
	@( $(3) ) 2>&1 | tee $(W)/$(1)/$(2).log >&2 || \
	  { rc=$$$$?; reason=$$$$(tail -n1 $(W)/$(1)/$(2).log); \
	    case $$$$rc in 124) reason="timed out after $(STAGE_TIMEOUT) (STAGE_TIMEOUT)" ;; \
	      137) reason="killed by SIGKILL (past $(STAGE_TIMEOUT) and deaf to SIGTERM, or out of memory)" ;; esac; \
	    echo "$(2): $$$$reason" > $(W)/$(1)/FAILED.$(2).tmp.$$$$$$$$ && \
	    mv -f $(W)/$(1)/FAILED.$(2).tmp.$$$$$$$$ $(W)/$(1)/FAILED.$(2); exit 1; }
endef
# The stage programs run under $(TO): a hang ends with status 124 (SIGTERM)
# or 137 (SIGKILL, a minute later if it ignores SIGTERM), which the stage reports.
TO = timeout --foreground --kill-after=60 $(STAGE_TIMEOUT)

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

# $(call surface_rules,ID,NAME,INPUT,FILES): surface NAME of image ID, read
# from $(W)/ID/INPUT (vmlinux, with its BTF; or config); FILES land in out/.
# The first file is the target; the others are written by the same run.
# A surface of MODULE_SURFACES also reads the module store (MODULES=1); its
# report is touched after the outputs, so that it is never older than them.
define surface_rules
$(W)/$(1)/out/$(firstword $(4)): $(W)/$(1)/$(3) $(if $(filter vmlinux,$(3)),$(W)/$(1)/vmlinux.btf) $(BIN)/depsurf-$(2) \
		$(if $(call mod_surface,$(2)),$(W)/$(1)/modules/modules.list)
	$(call stage,$(1),$(2),mkdir -p $$(@D) && $(TO) $(BIN)/depsurf-$(2) --progress \
	  $(if $(filter vmlinux,$(3)),--btf $(W)/$(1)/vmlinux.btf) \
	  $(if $(call mod_surface,$(2)),--modules $(W)/$(1)/modules --modules-report $(W)/$(1)/$(2)-modules.json) \
	  $(W)/$(1)/$(3) -d $$(@D) $(if $(call mod_surface,$(2)),&& touch $(W)/$(1)/$(2)-modules.json),$(addprefix $(W)/$(1)/out/,$(4)) $(if $(call mod_surface,$(2)),$(W)/$(1)/$(2)-modules.json))
$(addprefix $(W)/$(1)/out/,$(wordlist 2,9,$(4))) $(if $(call mod_surface,$(2)),$(W)/$(1)/$(2)-modules.json): $(W)/$(1)/out/$(firstword $(4))
endef

# $(call package_rules,FILE): DOWNLOAD_DIR/FILE, one rule however many
# images name it. It runs on every make (FORCE): fetch.sh checks the present
# file against its sum (a cache hit costs a stat) and fetches it again when
# it does not match; only a refetch gives it a newer mtime, so the images'
# stages rerun exactly when the bytes changed. A failure is the reason of
# every selected image that uses the package.
define package_rules
$(D)/$(1): FORCE
	@mkdir -p $(W)/.fetch
	@( timeout --foreground --kill-after=60 $(FETCH_TIMEOUT) fetch/fetch.sh $(call sq,$(D)) \
	  $$(call sq,$$(KL.pkg.$(1).sha256)) $$(foreach u,$$(KL.pkg.$(1).urls),$$(call sq,$$(u))) ) 2>&1 | \
	  tee $(W)/.fetch/$(1).log >&2 || \
	  { rc=$$$$?; reason=$$$$(tail -n1 $(W)/.fetch/$(1).log); reason=$$$${reason#fetch: }; \
	    case $$$$rc in 124) reason="timed out after $(FETCH_TIMEOUT) (FETCH_TIMEOUT)" ;; \
	      137) reason="killed by SIGKILL (past $(FETCH_TIMEOUT) and deaf to SIGTERM, or out of memory)" ;; esac; \
	    for id in $(filter $(SELECTION),$(KL.pkg.$(1).ids)); do \
	      mkdir -p $(W)/$$$$id && echo "fetch: $$$$reason" > $(W)/$$$$id/FAILED.fetch-$(1).tmp.$$$$$$$$ && \
	      mv -f $(W)/$$$$id/FAILED.fetch-$(1).tmp.$$$$$$$$ $(W)/$$$$id/FAILED.fetch-$(1); done; exit 1; }
endef
.PHONY: FORCE
FORCE:

# $(call verified,ID,FILE): the package's sum, checked again right before it
# is used (fetch.sh --sum: cached by size, mtime, ctime and inode).
verified = fetch/fetch.sh --sum $(call sq,$(D)) $(call sq,$(KL.pkg.$(2).sha256)) $(call sq,$(2))

define image_rules
# The unpack tool is order-only: its output is the member's bytes whatever
# the build of the tool, and re-decompressing every image after a change in
# shared code would cost ~8 s per image for nothing. depsurf-unpack --sha256
# hashes the bytes it reads (the rest of the package too, each byte read
# once) and writes nothing unless they have the checked sum: package.sha256,
# which meta.json records, is the sum of the bytes actually unpacked, even
# when the file changed after the check. With MODULES=1 the same pass fills
# the module store $(W)/ID/modules/.
$(W)/$(1)/vmlinux $(W)/$(1)/package.sha256 $(if $(mods_on),$(W)/$(1)/modules/modules.list) &: $(D)/$$(KL.$(1).urls_file) | $(BIN)/depsurf-unpack
	$(call stage,$(1),unpack,s=$$$$($$(call verified,$(1),$$(KL.$(1).urls_file))) && \
	  $(TO) $(BIN)/depsurf-unpack --progress --sha256 $$$$s $(if $(mods_on),--modules $(W)/$(1)/modules) \
	    $$< $$(call sq,$$(call vmlinux_member,$(1)))=$(W)/$(1)/vmlinux && \
	  echo $$$$s > $(W)/$(1)/package.sha256,$(W)/$(1)/vmlinux)

ifneq ($(KL.$(1).config_urls_file),)
$(W)/$(1)/config: $(D)/$$(KL.$(1).config_urls_file) | $(BIN)/depsurf-unpack
	$(call stage,$(1),unpack-config,s=$$$$($$(call verified,$(1),$$(KL.$(1).config_urls_file))) && \
	  $(TO) $(BIN)/depsurf-unpack --sha256 $$$$s $$< $$(call sq,$$(call config_member,$(1)))=$$@)
endif

# BTF for the type-reading stages and where it came from (depsurf-btf
# decides: the image's .BTF if pahole >= 1.24 encoded it, else pahole's).
# Order-only on the tool, like unpack: its output does not depend on the
# build of the tool, and pahole takes 8-20 s per image.
$(W)/$(1)/vmlinux.btf: $(W)/$(1)/vmlinux | $(BIN)/depsurf-btf
	$(call stage,$(1),btf,$(TO) $(BIN)/depsurf-btf --pahole $(PAHOLE) $$< -d $(W)/$(1),$(W)/$(1)/vmlinux.btf $(W)/$(1)/btf-source)

$(foreach s,$(SURFACE_DEFS),$(eval $(call surface_rules,$(1),$(call surface_name,$(s)),$(call surface_input,$(s)),$(call surface_files,$(s)))))

$(W)/$(1)/out/meta.json: $(addprefix $(W)/$(1)/out/,$(SURFACE_FILES)) $(W)/$(1)/vmlinux.btf \
		$(W)/$(1)/package.sha256 $(BIN)/depsurf-meta \
		$(if $(mods_on),$(foreach s,$(MODULE_SURFACES),$(W)/$(1)/$(s)-modules.json))
	$(call stage,$(1),meta,$(TO) $(BIN)/depsurf-meta --kernels $(KERNELS) --id $(1) \
	  --sha256 "$$$$(cat $(W)/$(1)/package.sha256)" \
	  $(if $(mods_on),$(foreach s,$(MODULE_SURFACES),--modules-report $(W)/$(1)/$(s)-modules.json)) \
	  --btf-source $$$$(cat $(W)/$(1)/btf-source) --dataset-dir $(W)/$(1)/out $(W)/$(1)/vmlinux -o $$@)

# Publish: the whole folder at once, so dataset/<id>/ is never half-written.
$(DATASET_DIR)/$(1)/meta.json: $(W)/$(1)/out/meta.json
	$(call stage,$(1),publish,rm -rf $(DATASET_DIR)/.$(1).tmp && mkdir -p $(DATASET_DIR)/.$(1).tmp && \
	  cp $(addprefix $(W)/$(1)/out/,$(SURFACE_FILES) meta.json) $(DATASET_DIR)/.$(1).tmp/ && \
	  rm -rf $(DATASET_DIR)/$(1) && \
	  mv $(DATASET_DIR)/.$(1).tmp $(DATASET_DIR)/$(1) && rm -f $(W)/$(1)/FAILED $(W)/$(1)/FAILED.*)

image/$(1): $(DATASET_DIR)/$(1)/meta.json
.PHONY: image/$(1)
endef

# The package files of the selected images, each with one rule.
SELECTED_PKGS := $(sort $(foreach id,$(SELECTION),$(KL.$(id).urls_file) $(KL.$(id).config_urls_file)))
$(foreach f,$(SELECTED_PKGS),$(eval $(call package_rules,$(f))))
$(foreach id,$(SELECTION),$(eval $(call image_rules,$(id))))

.PHONY: images
images: $(addprefix image/,$(SELECTION))

.PHONY: selection
selection:
	@$(BIN)/depsurf-kernels $(SELECT_ARGS) $(KERNELS)

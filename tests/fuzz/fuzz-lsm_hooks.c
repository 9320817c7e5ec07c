// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-lsm_hooks's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_lsm_hooks
#include "tests/fuzz/fuzz-extract.h"

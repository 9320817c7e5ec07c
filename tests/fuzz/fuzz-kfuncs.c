// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-kfuncs's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_kfuncs
#include "tests/fuzz/fuzz-extract.h"

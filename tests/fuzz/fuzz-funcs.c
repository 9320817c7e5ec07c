// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-funcs's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_funcs
#include "tests/fuzz/fuzz-extract.h"

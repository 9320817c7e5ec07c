// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-types's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_types
#include "tests/fuzz/fuzz-extract.h"

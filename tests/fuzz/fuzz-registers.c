// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-registers's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_registers
#include "tests/fuzz/fuzz-extract.h"

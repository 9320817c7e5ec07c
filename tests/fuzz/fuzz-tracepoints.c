// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-tracepoints's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_tracepoints
#include "tests/fuzz/fuzz-extract.h"

// SPDX-License-Identifier: MIT
/* libFuzzer harness: depsurf-syscalls's extractor on an ELF image (fuzz-extract.h). */
#define FUZZ_EXTRACTOR extractor_syscalls
#include "tests/fuzz/fuzz-extract.h"

// SPDX-License-Identifier: MIT
/*
 * The main() of every stage program depsurf-<name>: the Makefile compiles
 * this file once per surface of schema/surfaces.def with
 * -DEXTRACTOR=extractor_<name>.
 */
#include "extract/driver/driver.h"

extern const struct extractor EXTRACTOR;

int main(int argc, char **argv)
{
	return extractor_main(&EXTRACTOR, argc, argv);
}

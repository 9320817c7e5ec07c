// SPDX-License-Identifier: MIT
/* Second compile unit of the mini kernel (see mini-kernel.c). */
struct dup_thing {
	long a;
	long b;
};
struct stubbed {
	int x;
};
struct dup_thing dup2;
struct stubbed stub2;

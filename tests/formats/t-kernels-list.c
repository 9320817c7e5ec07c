// SPDX-License-Identifier: MIT
/* Unit test of the kernels.list parser: columns, URL lists, line numbers. */
#include "formats/kernels_list.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define S64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"


int main(void)
{
	struct kernels_list kl;
	char err[256];
	int ret;

	ret = kernels_list_parse(&kl,
		"# c\n"
		"\n"
		"  x  ubuntu 5.4.0-26-generic amd64 generic - https://h/p/a.ddeb,${M}/q/a.ddeb - https://h/p/b.deb # tail\n"
		"y\tdebian 6.1.0-47-arm64 arm64 arm64 " S64 " $(M)/c.deb " S64 " file:///d/e.deb", err, sizeof(err));
	CHECK_EQ(ret, 0);
	CHECK_EQ(kl.nr, 2);
	if (kl.nr == 2) {
		CHECK_STR(kl.images[0].id, "x");
		CHECK_EQ(kl.images[0].lineno, 3);
		CHECK_EQ(kl.images[0].nr_urls, 2);
		CHECK_STR(kl.images[0].urls[1], "${M}/q/a.ddeb");
		CHECK_EQ(kl.images[0].nr_config_urls, 1);
		CHECK_STR(kl.images[1].arch, "arm64");
		CHECK_STR(kl.images[1].sha256, S64);
		CHECK_EQ(kl.images[1].lineno, 4);
	}
	kernels_list_free(&kl);

	ret = kernels_list_parse(&kl, "\n\nz debian r amd64 f - http://a/b.deb - -\nw debian r amd64 f\n",
				 err, sizeof(err));
	CHECK_EQ(ret, -EINVAL);
	CHECK(!strncmp(err, "4: expected 9 columns", 21));
	CHECK(kl.nr == 0 && kl.images == NULL);

	ret = kernels_list_parse(&kl, "", err, sizeof(err));
	CHECK(ret == 0 && kl.nr == 0);
	kernels_list_free(&kl);
	return test_exit();
}

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
		"  x  ubuntu 5.4.0-26-generic amd64 generic - https://h/p/a.ddeb,${DEBIAN_MIRROR}/q/a.ddeb - https://h/p/b.deb # tail\n"
		"y\tdebian 6.1.0-47-arm64 arm64 arm64 " S64 " ${DEBIAN_SNAPSHOT}/c.deb " S64 " file:///d/e.deb", err, sizeof(err));
	CHECK_EQ(ret, 0);
	CHECK_EQ(kl.nr, 2);
	if (kl.nr == 2) {
		CHECK_STR(kl.images[0].id, "x");
		CHECK_EQ(kl.images[0].lineno, 3);
		CHECK_EQ(kl.images[0].nr_urls, 2);
		CHECK_STR(kl.images[0].urls[1], "${DEBIAN_MIRROR}/q/a.ddeb");
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

	/* a NUL byte is an error on its line, never the end of the list */
	{
		static const char nul[] = "a debian r amd64 f - http://h/a.deb - -\n#\0x\n"
			"b debian r amd64 f - http://h/b.deb - -\n";

		ret = kernels_list_parse_buf(&kl, nul, sizeof(nul) - 1, err, sizeof(err));
		CHECK_EQ(ret, -EINVAL);
		CHECK_STR(err, "2: a NUL byte (not a text file)");
		CHECK(kl.nr == 0);
	}

	/* one package file named twice: one package, the known sum wins */
	ret = kernels_list_parse(&kl, "a debian r amd64 f - http://h/p.deb - http://h/c.deb\n"
				 "b debian r amd64 f " S64 " file:///m/p.deb - http://h/c.deb\n",
				 err, sizeof(err));
	CHECK_EQ(ret, 0);
	CHECK_EQ(kl.nr_pkgs, 2);
	if (kl.nr_pkgs == 2) {
		CHECK_STR(kl.pkgs[0].file, "p.deb");
		CHECK_STR(kl.pkgs[0].sha256, S64);
		CHECK_EQ(kl.pkgs[0].nr_urls, 2);
		CHECK_EQ(kl.images[1].pkg, 0);
		CHECK_EQ(kl.images[1].config_pkg, 1);
	}
	kernels_list_free(&kl);
	/* ... with different sums: an error on the second line */
	ret = kernels_list_parse(&kl, "a debian r amd64 f " S64 " http://h/p.deb - -\n"
				 "b debian r amd64 f 1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef http://g/p.deb - -\n",
				 err, sizeof(err));
	CHECK_EQ(ret, -EINVAL);
	CHECK(!strncmp(err, "2: urls: package p.deb has sha256 1123", 38));

	ret = kernels_list_parse(&kl, "", err, sizeof(err));
	CHECK(ret == 0 && kl.nr == 0);
	kernels_list_free(&kl);
	return test_exit();
}

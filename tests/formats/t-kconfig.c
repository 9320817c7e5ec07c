// SPDX-License-Identifier: MIT
/* Unit test of the .config parser: values, "is not set", comments, and the
 * line number and problem of each kind of malformed line. */
#include "formats/kconfig.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>


static const char *value_of(const struct kconfig *kc, const char *name)
{
	size_t i;

	for (i = 0; i < kc->cnt; i++)
		if (!strcmp(kc->v[i].name, name))
			return kc->v[i].value ? kc->v[i].value : "(null)";
	return "(absent)";
}

static void good(void)
{
	static const char cfg[] =
		"#\n# Automatically generated file; DO NOT EDIT.\n#\n"
		"CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14) 12.2.0\"\n"
		"CONFIG_BPF=y\n"
		"CONFIG_EXT4_FS=m\n"
		"\n"
		"# CONFIG_KASAN is not set\n"
		"# CONFIG_FOO is not set, really\n"	/* just a comment */
		"# end of General setup\n"
		"CONFIG_LOG_BUF_SHIFT=18\n"
		"CONFIG_PHYSICAL_START=0x1000000\n"
		"CONFIG_NEG=-1\n"
		"CONFIG_EMPTY=\"\"\n"
		"CONFIG_ESC=\"a \\\"quoted\\\" \\\\ path\"\r\n"
		"CONFIG_LAST=y";	/* no final newline */
	struct kconfig kc = { 0 };
	struct kconfig_error e;
	size_t i;

	CHECK(kconfig_parse(cfg, sizeof(cfg) - 1, &kc, &e) == 0);
	CHECK_EQ(kc.cnt, 10);
	for (i = 1; i < kc.cnt; i++)
		CHECK(strcmp(kc.v[i - 1].name, kc.v[i].name) < 0);
	CHECK(!strcmp(value_of(&kc, "CONFIG_CC_VERSION_TEXT"), "gcc-12 (Debian 12.2.0-14) 12.2.0"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_BPF"), "y"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_EXT4_FS"), "m"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_KASAN"), "(null)"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_FOO"), "(absent)"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_LOG_BUF_SHIFT"), "18"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_PHYSICAL_START"), "0x1000000"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_NEG"), "-1"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_EMPTY"), ""));
	CHECK(!strcmp(value_of(&kc, "CONFIG_ESC"), "a \"quoted\" \\ path"));
	CHECK(!strcmp(value_of(&kc, "CONFIG_LAST"), "y"));
	kconfig_free(&kc);
}

/* @text must fail at @line with a problem containing @frag. */
static void bad(const char *text, unsigned int line, const char *frag)
{
	struct kconfig kc = { 0 };
	struct kconfig_error e;
	int err = kconfig_parse(text, strlen(text), &kc, &e);

	CHECK_MSG(err == -EINVAL && e.line == line && e.problem && strstr(e.problem, frag),
		  "bad config %s: err %d line %u problem '%s', expected line %u '%s'",
		  text, err, e.line, e.problem ? e.problem : "", line, frag);
	kconfig_free(&kc);
}

int main(void)
{
	struct kconfig_error e;
	struct kconfig kc = { 0 };

	good();
	bad("CONFIG_A=y\nCONFIG_B\n", 2, "neither");
	bad("CONFIG_A=y\n\nFOO=1\n", 3, "neither");
	bad("CONFIG_=y\n", 1, "neither");
	bad(" CONFIG_A=y\n", 1, "neither");
	bad("CONFIG_A=\n", 1, "empty value");
	bad("# c\nCONFIG_S=\"abc\n", 2, "unterminated");
	bad("CONFIG_S=\"abc\" x\n", 1, "after the closing quote");
	bad("CONFIG_A=y n\n", 1, "unquoted value");
	bad("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_A is not set\n", 3, "second time");
	bad("CONFIG_A=y\nCONFIG_B=\0\n", 2, "");	/* strlen stops: empty value */
	CHECK(kconfig_parse("CONFIG_A=y\nCONFIG_B\0=y\n", 22, &kc, &e) == -EINVAL && e.line == 2);
	kconfig_free(&kc);
	CHECK(kconfig_parse("CONFIG_A=y\nCONFIG_A=m\n", 22, &kc, &e) == -EINVAL &&
	      e.line == 2 && e.first_line == 1);
	kconfig_free(&kc);
	CHECK(kconfig_parse("", 0, &kc, &e) == 0 && kc.cnt == 0);
	kconfig_free(&kc);
	return test_exit();
}

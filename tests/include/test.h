/* SPDX-License-Identifier: MIT */
/*
 * The checks of every tests/<path>/t-*.c unit-test driver. A failed check
 * prints one "FILE:LINE: ..." line to stderr and counts; the driver goes on,
 * so one run lists every broken case. main() ends with
 *
 *	return test_exit();
 *
 * which gives tests/run.sh its verdict: 0 when every check passed, else 1
 * (also when no check ran at all; never 77: a driver has nothing to skip).
 *
 *	CHECK(cond)                  cond holds
 *	CHECK_EQ(got, want)          integers (any width or sign) are equal
 *	CHECK_STR(got, want)         strings are equal (either may be NULL)
 *	CHECK_MSG(cond, fmt, ...)    cond holds; else the message (no newline)
 *	FAIL(fmt, ...)               a failed check, with the message
 *
 * Header-only (each driver is one translation unit, linked against
 * libdepsurf.a): everything is static.
 */
#ifndef DEPSURF_TESTS_TEST_H
#define DEPSURF_TESTS_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int test_checks;		/* checks run */
static int test_failures;	/* checks failed */

__attribute__((format(printf, 3, 4)))
static inline void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_failures++;
	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static inline bool test_str_eq(const char *got, const char *want)
{
	return got && want ? !strcmp(got, want) : got == want;
}

/* Both sides are evaluated once, and only in the comparison. */
#define CHECK_MSG(cond, ...)                                                   \
	do {                                                                   \
		test_checks++;                                                 \
		if (!(cond))                                                   \
			test_fail(__FILE__, __LINE__, __VA_ARGS__);            \
	} while (0)

#define CHECK(cond) CHECK_MSG(cond, "check failed: %s", #cond)

#define FAIL(...)                                                              \
	do {                                                                   \
		test_checks++;                                                 \
		test_fail(__FILE__, __LINE__, __VA_ARGS__);                    \
	} while (0)

static inline void test_fail_eq(const char *file, int line, const char *expr,
				bool is_unsigned, unsigned long long want,
				unsigned long long got)
{
	if (is_unsigned)
		test_fail(file, line, "%s: expected %llu, got %llu", expr, want, got);
	else
		test_fail(file, line, "%s: expected %lld, got %lld", expr,
			  (long long)want, (long long)got);
}

/* want is converted to the type of got (CHECK_EQ(size, 4) needs no cast),
 * and the message prints both signed or unsigned as that type is. */
#define CHECK_EQ(got, want)                                                    \
	do {                                                                   \
		__typeof__(got) test_g_ = (got);                               \
		__typeof__(got) test_w_ = (want);                              \
		test_checks++;                                                 \
		if (!(test_g_ == test_w_))                                     \
			test_fail_eq(__FILE__, __LINE__, #got,                 \
				     (__typeof__(got))-1 > (__typeof__(got))0, \
				     (unsigned long long)test_w_,              \
				     (unsigned long long)test_g_);             \
	} while (0)

#define CHECK_STR(got, want)                                                   \
	do {                                                                   \
		const char *test_gs_ = (got), *test_ws_ = (want);              \
		CHECK_MSG(test_str_eq(test_gs_, test_ws_),                     \
			  "%s: expected '%s', got '%s'", #got,                 \
			  test_ws_ ? test_ws_ : "(null)",                      \
			  test_gs_ ? test_gs_ : "(null)");                     \
	} while (0)

/* The exit status of main(); one summary line. */
static inline int test_exit_in(const char *file)
{
	const char *name = strrchr(file, '/');

	name = name ? name + 1 : file;
	if (!test_checks)
		FAIL("no check ran");
	if (test_failures) {
		fprintf(stderr, "%.*s: %d of %d checks failed\n",
			(int)strcspn(name, "."), name, test_failures, test_checks);
		return 1;
	}
	printf("%.*s: %d checks passed\n", (int)strcspn(name, "."), name,
	       test_checks);
	return 0;
}
#define test_exit() test_exit_in(__FILE__)

#endif

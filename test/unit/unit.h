/*
 * unit.h
 *		A minimal assertion harness for the C unit tests.
 *
 * A test is a function run through RUN_TEST; it passes when it made at
 * least one check and none failed (a test that checks nothing cannot fail,
 * so it counts as failed).  Each test prints one "ok"/"not ok" line with
 * its number of checks; unit_summary prints
 *
 *		SUITE: N passed, N failed; M checks passed, M failed
 *
 * where N counts test functions and M the checks inside them, as
 * scripts/test.sh reads it.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdint.h>
#include <stdio.h>

static long unit_passed = 0;	/* checks */
static long unit_failed = 0;
static int	unit_tests_passed = 0;
static int	unit_tests_failed = 0;

/* Record one check; print the first failures with their location. */
#define CHECK(cond, ...) \
	do { \
		if (cond) \
			unit_passed++; \
		else \
		{ \
			if (unit_failed++ < 50) \
			{ \
				fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
				fprintf(stderr, __VA_ARGS__); \
				fputc('\n', stderr); \
			} \
		} \
	} while (0)

/*
 * Run one test function call (with its arguments) and report it alone:
 * RUN_TEST(test_formats()) or RUN_TEST(test_nomenclatures(datadir)).
 */
#define RUN_TEST(call) \
	do { \
		long		unit_p0 = unit_passed; \
		long		unit_f0 = unit_failed; \
		call; \
		unit_report(#call, unit_passed - unit_p0, unit_failed - unit_f0); \
	} while (0)

static void
unit_report(const char *name, long passed, long failed)
{
	int			ok = failed == 0 && passed > 0;

	if (ok)
		unit_tests_passed++;
	else
		unit_tests_failed++;
	printf("%s - %s: %ld checks, %ld failed%s\n", ok ? "ok" : "not ok", name,
		   passed + failed, failed, passed + failed == 0 ? " (checks nothing)" : "");
	fflush(stdout);
}

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static inline uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* uniform in [0, n) */
static inline int
rng_below(int n)
{
	return (int) (rng_next() % (uint64_t) n);
}

/* Print the summary line and return the process exit status. */
static int
unit_summary(const char *suite)
{
	printf("%s: %d passed, %d failed; %ld checks passed, %ld failed\n", suite,
		   unit_tests_passed, unit_tests_failed, unit_passed, unit_failed);
	return unit_tests_failed == 0 && unit_failed == 0 ? 0 : 1;
}

#endif							/* UNIT_H */

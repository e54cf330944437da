/*
 * unit.h
 *		A minimal assertion harness for the C unit tests: counts checks and
 *		prints "N passed, N failed" at the end, as the test command expects.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdint.h>
#include <stdio.h>

static long unit_passed = 0;
static long unit_failed = 0;

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
	printf("%s: %ld passed, %ld failed\n", suite, unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}

#endif							/* UNIT_H */

/*
 * unit.h
 *		A minimal assertion harness for the C unit tests: counts checks and
 *		prints "N passed, N failed" at the end, as the test command expects.
 */
#ifndef UNIT_H
#define UNIT_H

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

/* Print the summary line and return the process exit status. */
static int
unit_summary(const char *suite)
{
	printf("%s: %ld passed, %ld failed\n", suite, unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}

#endif							/* UNIT_H */

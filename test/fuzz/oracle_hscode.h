/*
 * oracle_hscode.h
 *		The hscode text grammar as doc/types.md documents it, restated for the
 *		fuzz targets without src/hs_core.c's scanner:
 *
 *		white space, an optional "HS" label (any case) and white space, then
 *		digits in groups split by single ".", " " or "-", then white space;
 *		2, 4, 6 or 7 to 12 digits in all; chapter (first two digits) not 00
 *		and not 77.
 */
#ifndef ORACLE_HSCODE_H
#define ORACLE_HSCODE_H

#include "fuzz.h"

static regex_t oracle_hs_re;
static bool oracle_hs_ready = false;

/*
 * Whether the NUL-terminated s is an HS code by the documented grammar;
 * when it is, its digits (NUL-terminated, at most 12) go to digits.
 */
static bool
oracle_hscode(const char *s, char *digits)
{
	int			n = 0;

	if (!oracle_hs_ready)
	{
		fuzz_regcomp(&oracle_hs_re,
					 "^" FUZZ_WS "*([Hh][Ss]" FUZZ_WS "*)?[0-9]+([-. ][0-9]+)*" FUZZ_WS "*$");
		oracle_hs_ready = true;
	}
	if (!fuzz_matches(&oracle_hs_re, s))
		return false;
	for (const char *p = s; *p; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			if (n == 12)
				return false;	/* more than 12 digits */
			digits[n++] = *p;
		}
	}
	digits[n] = '\0';
	if (!(n == 2 || n == 4 || n == 6 || (n >= 7 && n <= 12)))
		return false;
	if (strncmp(digits, "00", 2) == 0 || strncmp(digits, "77", 2) == 0)
		return false;
	return true;
}

#endif							/* ORACLE_HSCODE_H */

/*
 * oracle_country.h
 *		The country text grammar as doc/types.md documents it, restated for the
 *		fuzz targets by linear scans of the compiled table (the parser uses
 *		binary searches over sorted indexes):
 *
 *		white space, then an alpha-2 or alpha-3 code in any case or a numeric
 *		code of 1 to 3 digits, then white space.
 */
#ifndef ORACLE_COUNTRY_H
#define ORACLE_COUNTRY_H

#include "country_core.h"
#include "fuzz.h"

static bool
oracle_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Whether the element s (len bytes, no white space around it) names a
 * country; when it does, its code goes to *code.
 */
static bool
oracle_country_element(const char *s, size_t len, uint16_t *code)
{
	char		up[4] = {0};
	bool		letters = len == 2 || len == 3;
	bool		digits = len >= 1 && len <= 3;
	int			num = 0;

	for (size_t k = 0; k < len; k++)
	{
		char		c = s[k];

		letters = letters && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
		digits = digits && c >= '0' && c <= '9';
		if (letters)
			up[k] = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
		if (digits)
			num = num * 10 + (c - '0');
	}
	for (int i = 0; i < cc_ncountries; i++)
	{
		const cc_country *c = &cc_countries[i];
		bool		hit;

		if (letters && len == 2)
			hit = strcmp(c->alpha2, up) == 0;
		else if (letters)
			hit = c->alpha3 != NULL && strcmp(c->alpha3, up) == 0;
		else if (digits)
			hit = c->numeric == num;
		else
			return false;
		if (hit)
		{
			*code = c->code;
			return true;
		}
	}
	return false;
}

/* Whether s (len bytes) is a country by the documented grammar. */
static bool
oracle_country(const char *s, size_t len, uint16_t *code)
{
	size_t		b = 0,
				e = len;

	while (b < e && oracle_ws(s[b]))
		b++;
	while (e > b && oracle_ws(s[e - 1]))
		e--;
	return oracle_country_element(s + b, e - b, code);
}

#endif							/* ORACLE_COUNTRY_H */

/*
 * route_core.c
 *		Routes without the server: parsing ("DE>PL>KZ>RU", "DEU -> POL",
 *		"276→616"), formatting, loops and sub-route search.
 *
 * A route is an array of country codes (country_core.h), origin first;
 * each element is read by cc_parse_element, as country input reads it.
 */
#include "country_core.h"
#include "core_ascii.h"

#include <string.h>

/*
 * Length of a separator starting at s (at most len bytes): ">", "->",
 * "-", or the arrow U+2192; 0 when there is none.
 */
static size_t
separator_length(const char *s, size_t len)
{
	if (len >= 2 && s[0] == '-' && s[1] == '>')
		return 2;
	if (len >= 1 && (s[0] == '>' || s[0] == '-'))
		return 1;
	if (len >= 3 && (unsigned char) s[0] == 0xE2 && (unsigned char) s[1] == 0x86 &&
		(unsigned char) s[2] == 0x92)
		return 3;
	return 0;
}

static bool
is_element_char(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/*
 * Parse a route: country elements (as cc_parse_country reads them)
 * separated by one separator each, white space allowed around elements.
 * codes must have room for CC_ROUTE_MAX entries.
 */
cc_status
cc_parse_route(const char *str, size_t len, uint16_t *codes, int *ncodes,
			   cc_parse_info *info)
{
	size_t		p = 0;
	int			n = 0;
	bool		want_element = true;
	size_t		last_sep = 0,
				last_sep_len = 0;

	memset(info, 0, sizeof(*info));
	*ncodes = 0;
	for (;;)
	{
		size_t		sep;

		while (p < len && ts_is_space((unsigned char) str[p]))
			p++;
		if (p >= len)
			break;
		sep = separator_length(str + p, len - p);
		if (sep > 0)
		{
			if (want_element)
			{
				info->position = p;
				info->length = sep;
				info->ncountries = n;
				return CC_ERR_SEPARATOR;
			}
			want_element = true;
			last_sep = p;
			last_sep_len = sep;
			p += sep;
			continue;
		}
		if (!is_element_char((unsigned char) str[p]))
		{
			info->position = p;
			info->length = 1;
			info->ncountries = n;
			return CC_ERR_CHARACTER;
		}
		if (!want_element)
		{
			/* two elements with only white space between them */
			info->position = p;
			info->length = 1;
			info->ncountries = n;
			return CC_ERR_CHARACTER;
		}
		{
			size_t		b = p;
			cc_status	st;
			uint16_t	code = 0;

			while (p < len && is_element_char((unsigned char) str[p]))
				p++;
			st = cc_parse_element(str + b, p - b, &code);
			if (st != CC_OK)
			{
				info->position = b;
				info->length = p - b;
				info->ncountries = n;
				info->element_status = st;
				return CC_ERR_UNKNOWN;
			}
			if (n == CC_ROUTE_MAX)
			{
				info->position = b;
				info->length = p - b;
				info->ncountries = n + 1;
				return CC_ERR_TOO_LONG;
			}
			codes[n++] = code;
			want_element = false;
		}
	}
	info->ncountries = n;
	if (n == 0 && !want_element)
		return CC_ERR_EMPTY;
	if (n == 0)
	{
		info->position = 0;
		return CC_ERR_EMPTY;
	}
	if (want_element)
	{
		/* a trailing separator, reported whole (">", "->" or the arrow) */
		info->position = last_sep;
		info->length = last_sep_len;
		return CC_ERR_SEPARATOR;
	}
	*ncodes = n;
	return CC_OK;
}

/* Write a route as alpha-2 codes joined by ">" and a NUL; returns its length. */
int
cc_format_route(const uint16_t *codes, int n, char *buf)
{
	int			k = 0;

	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			buf[k++] = '>';
		buf[k++] = CC_CODE_FIRST(codes[i]);
		buf[k++] = CC_CODE_SECOND(codes[i]);
	}
	buf[k] = '\0';
	return k;
}

/* Whether a country appears twice in a route. */
bool
cc_route_has_loop(const uint16_t *codes, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = 0; j < i; j++)
			if (codes[i] == codes[j])
				return true;
	return false;
}

/*
 * Position of the first occurrence of needle as contiguous countries in
 * hay, or -1.  An empty needle is found at 0.
 */
int
cc_route_find(const uint16_t *hay, int nhay, const uint16_t *needle, int nneedle)
{
	for (int i = 0; i + nneedle <= nhay; i++)
		if (memcmp(hay + i, needle, sizeof(uint16_t) * nneedle) == 0)
			return i;
	return -1;
}


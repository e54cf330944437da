/*
 * country_core.c
 *		ISO 3166-1 country codes without the server: the language columns,
 *		code look-up, and parsing and formatting of one country.
 *
 * See country_core.h for the value layout.  Route parsing is in
 * route_core.c, borders and distances in geo_core.c, the word form of names
 * in country_names_core.c; the tables they read are generated into country_data.c.
 */
#include "country_core.h"
#include "core_ascii.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *const cc_lang_names[CC_NLANG] = {
	"en", "en_official", "en_common", "ru", "ru_official", "kk", "kk_official",
	"ky", "uz", "uk", "tr", "hy", "ka"
};

/*
 * The column of a language name such as "ru" or "kk_official"; -1 when
 * there is none.
 */
cc_lang
cc_lang_from_name(const char *name)
{
	for (int i = 0; i < CC_NLANG; i++)
		if (strcmp(cc_lang_names[i], name) == 0)
			return (cc_lang) i;
	return (cc_lang) - 1;
}

/*
 * Position of a code in cc_countries, or -1: binary search, the table is
 * sorted by code.
 */
int
cc_index_of(uint16_t code)
{
	int			lo = 0,
				hi = cc_ncountries - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (cc_countries[mid].code == code)
			return mid;
		if (cc_countries[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The table row of a code, or NULL when the code is not a country. */
const cc_country *
cc_lookup(uint16_t code)
{
	int			i = cc_index_of(code);

	return i < 0 ? NULL : &cc_countries[i];
}

/* Binary search of an alpha-3 code (3 upper-case letters) */
static int
find_alpha3(const char *a3)
{
	int			lo = 0,
				hi = cc_nalpha3 - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strncmp(cc_countries[cc_by_alpha3[mid]].alpha3, a3, 3);

		if (c == 0)
			return cc_by_alpha3[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Binary search of a numeric code */
static int
find_numeric(int num)
{
	int			lo = 0,
				hi = cc_nnumeric - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = cc_countries[cc_by_numeric[mid]].numeric;

		if (c == num)
			return cc_by_numeric[mid];
		if (c < num)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Parse one country element with no surrounding white space: 2 letters
 * (alpha-2), 3 letters (alpha-3) in any case, or 1 to 3 digits (numeric).
 */
cc_status
cc_parse_element(const char *s, size_t len, uint16_t *code)
{
	char		up[3];
	bool		alpha = true,
				digit = true;
	int			i;

	if (len == 0)
		return CC_ERR_EMPTY;
	for (size_t k = 0; k < len; k++)
	{
		unsigned char ch = (unsigned char) s[k];

		alpha = alpha && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'));
		digit = digit && (ch >= '0' && ch <= '9');
	}
	if (alpha && (len == 2 || len == 3))
	{
		for (size_t k = 0; k < len; k++)
			up[k] = (char) (s[k] & ~0x20);
		if (len == 2)
		{
			uint16_t	c = CC_CODE(up[0], up[1]);

			if (cc_index_of(c) < 0)
				return CC_ERR_UNKNOWN;
			*code = c;
			return CC_OK;
		}
		i = find_alpha3(up);
	}
	else if (digit && len <= 3)
	{
		int			num = 0;

		for (size_t k = 0; k < len; k++)
			num = num * 10 + (s[k] - '0');
		i = find_numeric(num);
	}
	else
		return CC_ERR_SYNTAX;
	if (i < 0)
		return CC_ERR_UNKNOWN;
	*code = cc_countries[i].code;
	return CC_OK;
}

/*
 * Parse a country: alpha-2, alpha-3 or numeric, in any case, with optional
 * white space around it.
 */
cc_status
cc_parse_country(const char *str, size_t len, uint16_t *code)
{
	size_t		b = 0,
				e = len;

	while (b < e && ts_is_space((unsigned char) str[b]))
		b++;
	while (e > b && ts_is_space((unsigned char) str[e - 1]))
		e--;
	if (b == e)
		return CC_ERR_EMPTY;
	return cc_parse_element(str + b, e - b, code);
}

/* Write the alpha-2 letters of a code and a NUL; returns 2. */
int
cc_format_country(uint16_t code, char *buf)
{
	buf[0] = CC_CODE_FIRST(code);
	buf[1] = CC_CODE_SECOND(code);
	buf[2] = '\0';
	return 2;
}


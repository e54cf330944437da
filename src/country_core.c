/*
 * country_core.c
 *		Countries and routes without the server: code look-up, route parsing
 *		and formatting, borders, distances, word canonicalisation of names.
 *
 * See country_core.h for the value layout.  Everything here is pure
 * computation over the tables generated into country_data.c.
 */
#include "country_core.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* mean Earth radius (IUGG), km */
#define CC_EARTH_RADIUS_KM	6371.0088
#define CC_DEG_TO_RAD		(3.14159265358979323846 / 180.0)

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
static cc_status
parse_element(const char *s, size_t len, uint16_t *code)
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

static bool
is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
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

	while (b < e && is_space((unsigned char) str[b]))
		b++;
	while (e > b && is_space((unsigned char) str[e - 1]))
		e--;
	if (b == e)
		return CC_ERR_EMPTY;
	return parse_element(str + b, e - b, code);
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

		while (p < len && is_space((unsigned char) str[p]))
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
			st = parse_element(str + b, p - b, &code);
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

static int
border_cmp(const void *x, const void *y)
{
	const cc_border *a = x,
			   *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

/* Whether two countries share a land border. */
bool
cc_borders_touch(uint16_t a, uint16_t b)
{
	cc_border	key = {a, b};

	return bsearch(&key, cc_borders, cc_nborders, sizeof(cc_border), border_cmp) != NULL;
}

/*
 * The land neighbours of a country, in code order, into out (room for
 * cc_ncountries); returns how many.
 */
int
cc_neighbours(uint16_t code, uint16_t *out)
{
	int			n = 0;
	int			lo = 0,
				hi = cc_nborders;

	/* first border row with a >= code */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (cc_borders[mid].a < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < cc_nborders && cc_borders[i].a == code; i++)
		out[n++] = cc_borders[i].b;
	return n;
}

/* Great-circle distance in km between two points (haversine). */
double
cc_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
	double		p1 = lat1 * CC_DEG_TO_RAD,
				p2 = lat2 * CC_DEG_TO_RAD;
	double		dp = (lat2 - lat1) * CC_DEG_TO_RAD,
				dl = (lon2 - lon1) * CC_DEG_TO_RAD;
	double		h = sin(dp / 2) * sin(dp / 2) +
		cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (h > 1.0)
		h = 1.0;
	return 2.0 * CC_EARTH_RADIUS_KM * asin(sqrt(h));
}

/*
 * Distance in km between the centroids of two countries; NAN when either
 * has no centroid in the data.
 */
double
cc_distance_km(uint16_t a, uint16_t b)
{
	const cc_country *x = cc_lookup(a),
			   *y = cc_lookup(b);

	if (x == NULL || y == NULL || !x->has_centroid || !y->has_centroid)
		return NAN;
	if (a == b)
		return 0.0;
	return cc_great_circle_km(x->lat, x->lon, y->lat, y->lon);
}

/* Sum of the centroid distances over the legs of a route; NAN if one is. */
double
cc_route_length_km(const uint16_t *codes, int n)
{
	double		sum = 0.0;

	for (int i = 1; i < n; i++)
		sum += cc_distance_km(codes[i - 1], codes[i]);
	if (n == 1 && isnan(cc_distance_km(codes[0], codes[0])))
		return NAN;
	return sum;
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

/* Words that carry no meaning in a country name: "the", "of", "and". */
static bool
is_stop_word(const char *w, size_t len)
{
	return (len == 3 && (memcmp(w, "the", 3) == 0 || memcmp(w, "and", 3) == 0)) ||
		(len == 2 && memcmp(w, "of", 2) == 0);
}

/* The full word of an abbreviation seen in customs data, or NULL. */
static const char *
abbreviation(const char *w, size_t len)
{
	static const char *const abbr[][2] = {
		{"rep", "republic"}, {"fed", "federation"}, {"dem", "democratic"},
		{"st", "saint"}, {"utd", "united"}, {"is", "islands"}, {"isl", "islands"}
	};

	for (size_t i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
		if (strlen(abbr[i][0]) == len && memcmp(abbr[i][0], w, len) == 0)
			return abbr[i][1];
	return NULL;
}

typedef struct word
{
	const char *s;
	size_t		len;
} word;

static int
word_cmp(const void *x, const void *y)
{
	const word *a = x,
			   *b = y;
	size_t		m = a->len < b->len ? a->len : b->len;
	int			c = memcmp(a->s, b->s, m);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : (a->len > b->len ? 1 : 0);
}

/*
 * Bytes of working memory cc_canonical_words needs for an input of len
 * bytes: a word per byte at most, and a copy of the input.
 */
size_t
cc_canonical_words_work_size(size_t len)
{
	return sizeof(word) * (len + 1) + len + 1;
}

/*
 * Canonical word form of a name that ICU has already folded and
 * transliterated: apostrophes and the '"' ICU writes for the Cyrillic hard
 * sign vanish ("people's" is "peoples"), every other ASCII character that
 * is not a letter or digit separates words, the words "the", "of" and "and"
 * (and "&") are dropped, a few abbreviations are spelt out ("rep." is
 * "republic", "st." is "saint"), and the words are sorted and joined by
 * single spaces, so that "Korea, Republic of" and "Rep. of Korea" read
 * alike.  Bytes above ASCII (letters ICU left alone) stay in
 * their words.  Writes at most outsize - 1 bytes and a NUL; returns the
 * length of the full result (which may exceed outsize - 1: then it is cut).
 * The caller lends the working memory, cc_canonical_words_work_size(len)
 * bytes at work, so the server allocates it with its own allocator (which
 * reports running out of memory) and this file never allocates.
 */
size_t
cc_canonical_words(const char *in, size_t len, char *out, size_t outsize,
				   void *work)
{
	word	   *words = work;
	char	   *buf = (char *) (words + len + 1);
	size_t		nb = 0,
				nw = 0,
				total = 0;
	size_t		start = 0;

	/* pass 1: clean characters into buf, words separated by one space */
	for (size_t i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) in[i];

		if (ch == '\'' || ch == '`' || ch == '"')
			continue;
		if (ch < 0x80 && !isalnum(ch))
			ch = ' ';
		else if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char) (ch + ('a' - 'A'));
		buf[nb++] = (char) ch;
	}
	buf[nb] = ' ';
	/* pass 2: split */
	for (size_t i = 0; i <= nb; i++)
	{
		if (buf[i] == ' ')
		{
			if (i > start && !is_stop_word(buf + start, i - start))
			{
				const char *full = abbreviation(buf + start, i - start);

				words[nw].s = full ? full : buf + start;
				words[nw].len = full ? strlen(full) : i - start;
				nw++;
			}
			start = i + 1;
		}
	}
	qsort(words, nw, sizeof(word), word_cmp);
	/* pass 3: join */
	for (size_t w = 0; w < nw; w++)
	{
		for (size_t k = 0; k < words[w].len + (w > 0); k++)
		{
			char		ch = (w > 0 && k == 0) ? ' ' : words[w].s[k - (w > 0)];

			if (total + 1 < outsize)
				out[total] = ch;
			total++;
		}
	}
	if (outsize > 0)
		out[total < outsize ? total : outsize - 1] = '\0';
	return total;
}

/*
 * Record one name's claim on a look-up key: the code of a country and the
 * rank of the column the name came from (a cc_lang; lower wins).  The best
 * rank wins the key; two countries at the best rank make it ambiguous (the
 * second kept in other).  A better rank always clears the ambiguity, also
 * when it comes from the country already holding the key, so the result
 * does not depend on the order in which the names arrive.
 */
void
cc_name_claim(cc_name_entry *e, bool first, uint16_t code, int rank)
{
	if (first || rank < e->rank)
	{
		e->code = code;
		e->other = 0;
		e->rank = rank;
	}
	else if (rank == e->rank && code != e->code)
		e->other = code;
}

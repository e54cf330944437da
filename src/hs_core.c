/*
 * hs_core.c
 *		Parsing, formatting and hierarchy arithmetic for HS code keys.
 *
 * No server headers here: see hs_core.h for the key layout and why.
 */
#include "hs_core.h"
#include "core_ascii.h"

#include <string.h>

#define HS_LEN_BITS		4
#define HS_LEN_MASK		((int64_t) 0xF)

/* 10^k for k = 0..12 */
static const int64_t pow10_table[HS_MAX_DIGITS + 1] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL
};

/*
 * Is this a separator allowed between two digits?  Customs data writes
 * codes as 8542.31.00, 8542 31 000 0 or 8542-31.
 */
static bool
is_separator(char c)
{
	return c == '.' || c == ' ' || c == '-';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Does a code of this many digits exist?  2, 4 and 6 are the HS chapter,
 * heading and subheading; 7 to 12 are national tariff lines (CN 8, HTS and
 * TN VED 10, TARIC 10 plus additional codes).
 */
bool
hs_ndigits_is_valid(int ndigits)
{
	if (ndigits == 2 || ndigits == 4 || ndigits == 6)
		return true;
	return ndigits >= 7 && ndigits <= HS_MAX_DIGITS;
}

/*
 * Is this chapter usable?  01 to 97 are the HS chapters, except 77, which
 * the Convention reserves and which holds no goods; 98 and 99 are left to
 * national use (US HTS special provisions, EU CN chapter 99).  00 is not
 * a chapter.
 */
bool
hs_chapter_is_valid(int chapter)
{
	return chapter >= 1 && chapter <= 99 && chapter != 77;
}

/*
 * Parse an HS code as customs data writes it.
 *
 * Accepted: optional white space around; an optional "HS" label (any case)
 * followed by optional white space; then digits, in groups split by single
 * '.', ' ' or '-' characters.  The digit count must pass
 * hs_ndigits_is_valid and the chapter hs_chapter_is_valid.  The string
 * need not be NUL-terminated and a NUL byte inside it is an error.
 *
 * On success stores the key and returns HS_OK; otherwise returns why and
 * fills *info (which may be NULL).
 */
hs_status
hs_parse_text(const char *str, size_t len, int64_t *key, hs_parse_info *info)
{
	size_t		start = 0;
	size_t		end = len;
	size_t		i;
	int			ndigits = 0;
	int64_t		value = 0;
	bool		prev_separator = false;
	hs_parse_info dummy;

	if (info == NULL)
		info = &dummy;
	info->ndigits = 0;
	info->position = 0;
	info->chapter = -1;

	while (start < end && ts_is_space(str[start]))
		start++;
	while (end > start && ts_is_space(str[end - 1]))
		end--;

	/* optional "HS" label */
	if (end - start >= 2 &&
		(str[start] == 'H' || str[start] == 'h') &&
		(str[start + 1] == 'S' || str[start + 1] == 's'))
	{
		start += 2;
		while (start < end && ts_is_space(str[start]))
			start++;
	}

	if (start == end)
	{
		info->position = start;
		return HS_ERR_EMPTY;
	}

	for (i = start; i < end; i++)
	{
		char		c = str[i];

		if (is_digit(c))
		{
			if (ndigits < HS_MAX_DIGITS)
				value = value * 10 + (c - '0');
			ndigits++;
			if (ndigits == 2)
				info->chapter = (int) value;
			prev_separator = false;
		}
		else if (is_separator(c))
		{
			if (i == start || prev_separator)
			{
				info->position = i;
				info->ndigits = ndigits;
				return HS_ERR_SEPARATOR;
			}
			prev_separator = true;
		}
		else
		{
			info->position = i;
			info->ndigits = ndigits;
			return HS_ERR_CHARACTER;
		}
	}
	info->ndigits = ndigits;
	if (prev_separator)
	{
		info->position = end - 1;
		return HS_ERR_SEPARATOR;
	}
	if (ndigits > HS_MAX_DIGITS)
		return HS_ERR_TOO_LONG;
	if (!hs_ndigits_is_valid(ndigits))
		return HS_ERR_DIGIT_COUNT;
	if (!hs_chapter_is_valid(info->chapter))
		return HS_ERR_CHAPTER;

	*key = ((value * pow10_table[HS_MAX_DIGITS - ndigits]) << HS_LEN_BITS) |
		ndigits;
	return HS_OK;
}

/* Number of digits of the code behind a key. */
int
hs_key_ndigits(int64_t key)
{
	return (int) (key & HS_LEN_MASK);
}

/* The first two digits of the code, as a number. */
int
hs_key_chapter(int64_t key)
{
	return (int) ((key >> HS_LEN_BITS) / pow10_table[HS_MAX_DIGITS - 2]);
}

/*
 * Is this a key that hs_parse_text could have produced?  Used to check values
 * that did not come through the parser (tests, corrupted storage).
 */
bool
hs_key_is_valid(int64_t key)
{
	int			n = hs_key_ndigits(key);
	int64_t		padded;

	if (key < 0 || !hs_ndigits_is_valid(n))
		return false;
	padded = key >> HS_LEN_BITS;
	if (padded >= pow10_table[HS_MAX_DIGITS])
		return false;
	if (padded % pow10_table[HS_MAX_DIGITS - n] != 0)
		return false;
	return hs_chapter_is_valid(hs_key_chapter(key));
}

/*
 * Write the canonical digits of a key into buf (at least
 * HS_MAX_DIGITS + 1 bytes), NUL-terminated; returns the digit count.
 */
int
hs_key_digits(int64_t key, char *buf)
{
	int			n = hs_key_ndigits(key);
	int64_t		v = (key >> HS_LEN_BITS) / pow10_table[HS_MAX_DIGITS - n];
	int			i;

	for (i = n - 1; i >= 0; i--)
	{
		buf[i] = (char) ('0' + v % 10);
		v /= 10;
	}
	buf[n] = '\0';
	return n;
}

/*
 * The code cut to its first ndigits digits.  The caller makes sure that
 * ndigits is a valid length no longer than the code.
 */
int64_t
hs_key_truncate(int64_t key, int ndigits)
{
	int64_t		padded = key >> HS_LEN_BITS;
	int64_t		unit = pow10_table[HS_MAX_DIGITS - ndigits];

	return ((padded - padded % unit) << HS_LEN_BITS) | ndigits;
}

/*
 * Length of the parent of a code of ndigits digits: its longest proper
 * prefix that is itself a valid code (4 -> 2, 6 -> 4, 7 -> 6, 8 -> 7, ...);
 * 0 for a chapter, which has none.
 */
int
hs_parent_ndigits(int ndigits)
{
	if (ndigits <= 2)
		return 0;
	if (ndigits <= 7)
		return ndigits - 2 + (ndigits & 1);
	return ndigits - 1;
}

/* Smallest key in the subtree of a code: the code itself. */
int64_t
hs_key_subtree_min(int64_t key)
{
	return key;
}

/*
 * Largest key any descendant of the code can have: every remaining digit 9,
 * with the length bits all set.
 */
int64_t
hs_key_subtree_max(int64_t key)
{
	int			n = hs_key_ndigits(key);
	int64_t		padded = key >> HS_LEN_BITS;

	return ((padded + pow10_table[HS_MAX_DIGITS - n] - 1) << HS_LEN_BITS) |
		HS_LEN_MASK;
}

/*
 * The greatest key of a code (of a valid length; the chapter is not
 * checked) at or below v, which may be any value between keys: the upper
 * end of a key range is a subtree maximum or the key before an exclusion.
 * For printing such ends as codes.
 */
int64_t
hs_key_floor_code(int64_t v)
{
	int64_t		padded = v >> HS_LEN_BITS;
	int			n = (int) (v & HS_LEN_MASK);
	int			m;

	if (n > HS_MAX_DIGITS)
		return (padded << HS_LEN_BITS) | HS_MAX_DIGITS;
	/* the same digits at a length of at most n, when the rest are zeros */
	for (m = n; m >= HS_MIN_DIGITS; m--)
		if (hs_ndigits_is_valid(m) && padded % pow10_table[HS_MAX_DIGITS - m] == 0)
			return (padded << HS_LEN_BITS) | m;
	return ((padded - 1) << HS_LEN_BITS) | HS_MAX_DIGITS;
}

/*
 * The least key of a code (of a valid length; the chapter is not checked)
 * at or above v: the lower end of a key range that starts right after an
 * excluded subtree is no key, for printing it as a code.
 */
int64_t
hs_key_ceil_code(int64_t v)
{
	int64_t		padded = v >> HS_LEN_BITS;
	int			n = (int) (v & HS_LEN_MASK);
	int			m;

	if (n > HS_MAX_DIGITS)
	{
		padded++;
		n = 0;
	}
	/* the same digits at the shortest length of at least n they allow */
	for (m = n < HS_MIN_DIGITS ? HS_MIN_DIGITS : n; m <= HS_MAX_DIGITS; m++)
		if (hs_ndigits_is_valid(m) && padded % pow10_table[HS_MAX_DIGITS - m] == 0)
			return (padded << HS_LEN_BITS) | m;
	return (padded << HS_LEN_BITS) | HS_MAX_DIGITS;	/* not reached: m = 12 fits */
}

/* Is key equal to ancestor or one of its descendants? */
bool
hs_key_contains(int64_t ancestor, int64_t key)
{
	return key >= ancestor && key <= hs_key_subtree_max(ancestor);
}

/* How hs_format styles are spelled in SQL, in hs_style order. */
static const char *const style_names[] = {"plain", "hs", "hts", "tnved", "cn"};

/* Digit groups of each style; a trailing 0 ends the list. */
static const int style_groups[][6] = {
	{12, 0},
	{4, 2, 2, 2, 2, 0},
	{4, 2, 6, 0},
	{4, 2, 3, 1, 2, 0},
	{4, 2, 2, 2, 2, 0},
};

static const char style_separator[] = {'\0', '.', '.', ' ', ' '};

/* Look a style up by name (ASCII, exact lower case); HS_STYLE_INVALID if none. */
hs_style
hs_style_from_name(const char *name)
{
	int			i;

	for (i = 0; i < (int) (sizeof(style_names) / sizeof(style_names[0])); i++)
	{
		if (strcmp(name, style_names[i]) == 0)
			return (hs_style) i;
	}
	return HS_STYLE_INVALID;
}

/* The accepted style names, for error hints. */
const char *
hs_style_names(void)
{
	return "plain, hs, hts, tnved, cn";
}

/*
 * Write the code in the given style into buf (HS_FORMAT_BUFSIZE bytes),
 * NUL-terminated; returns its length.  A code shorter than a group ends
 * inside it: "85" is "85" in every style, 7 digits in style hs are
 * "8542.31.0".
 */
int
hs_key_format(int64_t key, hs_style style, char *buf)
{
	char		digits[HS_MAX_DIGITS + 1];
	int			n = hs_key_digits(key, digits);
	const int  *groups = style_groups[style];
	int			in = 0;
	int			out = 0;
	int			g;

	for (g = 0; groups[g] != 0 && in < n; g++)
	{
		int			take = groups[g];

		if (take > n - in)
			take = n - in;
		if (g > 0)
			buf[out++] = style_separator[style];
		memcpy(buf + out, digits + in, take);
		out += take;
		in += take;
	}
	buf[out] = '\0';
	return out;
}

/* Name of the level of a code with this many digits. */
const char *
hs_level_name(int ndigits)
{
	switch (ndigits)
	{
		case 2:
			return "chapter";
		case 4:
			return "heading";
		case 6:
			return "subheading";
		default:
			return "national";
	}
}

/*
 * About how many codes the HS has at a level (HS2022: 97 chapters, 1,228
 * headings, 5,612 subheadings; national lines about 3 per subheading per
 * further digit).  The planner's guess for a hierarchy condition when a
 * column has no statistics.
 */
int
hs_level_population(int ndigits)
{
	int			population;
	int			i;

	switch (ndigits)
	{
		case 2:
			return 97;
		case 4:
			return 1228;
		case 6:
			return 5612;
		default:
			population = 5612;
			for (i = 6; i < ndigits && population < 100000000; i++)
				population *= 3;
			return population;
	}
}

/*
 * The HS section (I to XXI) a chapter belongs to, as a roman numeral;
 * NULL for the national chapters 98 and 99, which belong to none.
 */
const char *
hs_section_of_chapter(int chapter)
{
	/* last chapter of each section, in section order */
	static const int last_chapter[] = {5, 14, 15, 24, 27, 38, 40, 43, 46, 49,
	63, 67, 70, 71, 83, 85, 89, 92, 93, 96, 97};
	static const char *const numeral[] = {"I", "II", "III", "IV", "V", "VI",
		"VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
	"XVII", "XVIII", "XIX", "XX", "XXI"};
	int			s;

	if (!hs_chapter_is_valid(chapter))
		return NULL;
	for (s = 0; s < (int) (sizeof(last_chapter) / sizeof(last_chapter[0])); s++)
	{
		if (chapter <= last_chapter[s])
			return numeral[s];
	}
	return NULL;
}

/*
 * The greatest valid key in the subtree of key: its digits followed by 9s
 * up to 12 digits.  Unlike hs_key_subtree_max (which sets the length bits
 * to 15), it is a printable hscode, so it can stand in a plan.
 */
int64_t
hs_key_subtree_last(int64_t key)
{
	return (hs_key_subtree_max(key) & ~HS_LEN_MASK) | HS_MAX_DIGITS;
}

/*
 * The greatest valid key at or below v (v itself may be no valid key: the
 * ends of hsset key ranges are subtree maxima or a key minus one).  Only
 * used for bounds, so the chapter is not checked.
 */
int64_t
hs_key_at_or_below(int64_t v)
{
	int64_t		padded = v >> HS_LEN_BITS;
	int			n = (int) (v & HS_LEN_MASK);
	int64_t		unit = 1;
	int			m;

	if (n > HS_MAX_DIGITS)
		return (padded << HS_LEN_BITS) | HS_MAX_DIGITS;
	/* the same digits at a length of at most n, if one is a code */
	for (m = HS_MAX_DIGITS; m > n; m--)
		unit *= 10;
	for (m = n; m >= HS_MIN_DIGITS; m--)
	{
		if (hs_ndigits_is_valid(m) && padded % unit == 0)
			return (padded << HS_LEN_BITS) | m;
		unit *= 10;
	}
	return ((padded - 1) << HS_LEN_BITS) | HS_MAX_DIGITS;
}

/*
 * The position of a key along the line of 12-digit codes (its digits
 * padded to 12), for interpolating between keys in estimates and index
 * penalties.
 */
double
hs_key_position(int64_t key)
{
	return (double) (key >> HS_LEN_BITS);
}

/*
 * test_hs_core.c
 *		Unit tests of hs_core.c, outside the server.
 *
 * Usage: test_hs_core DATADIR
 *
 * - fixed cases: every accepted input form and every kind of rejection;
 * - every code of the HS2022 and HS2017 nomenclatures in DATADIR: parse,
 *   print, parse again, in every format style;
 * - one million generated strings whose validity is known by construction
 *   (valid codes in every spelling, and the same with one fault planted);
 * - the order and hierarchy laws against a string oracle: key order is the
 *   byte order of the digit strings, and a <@ b is "b's digits are a prefix
 *   of a's".
 */
#include "hs_core.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#define GENERATED_STRINGS	1000000
#define GENERATED_PAIRS		1000000


static hs_status
parse_cstr(const char *s, int64_t *key)
{
	return hs_parse_text(s, strlen(s), key, NULL);
}

/* Accepted spellings and the canonical digits they stand for. */
static void
test_accepted_forms(void)
{
	static const char *const cases[][2] = {
		{"8542", "8542"},
		{"854231", "854231"},
		{"8542.31", "854231"},
		{"8542.31.00", "85423100"},
		{"8542 31 000 0", "8542310000"},
		{"8542-31", "854231"},
		{"  8542.31  ", "854231"},
		{"\t85\n", "85"},
		{"HS 8542.31", "854231"},
		{"hs8542", "8542"},
		{"Hs  854231", "854231"},
		{"01", "01"},
		{"97", "97"},
		{"98", "98"},
		{"9903.88.03", "99038803"},
		{"1234567", "1234567"},
		{"123456789012", "123456789012"},
		{"8542.31.0000", "8542310000"},
		{"0101.21", "010121"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int64_t		key = -1;
		char		digits[HS_MAX_DIGITS + 1];
		hs_status	st = parse_cstr(cases[i][0], &key);

		CHECK(st == HS_OK, "\"%s\" rejected with status %d", cases[i][0], st);
		if (st != HS_OK)
			continue;
		hs_key_digits(key, digits);
		CHECK(strcmp(digits, cases[i][1]) == 0, "\"%s\" gave %s", cases[i][0], digits);
		CHECK(hs_key_is_valid(key), "key of \"%s\" not valid", cases[i][0]);
	}
}

/* Rejected spellings and why. */
static void
test_rejected_forms(void)
{
	static const struct
	{
		const char *input;
		hs_status	expected;
	}			cases[] = {
		{"", HS_ERR_EMPTY},
		{"   ", HS_ERR_EMPTY},
		{"HS", HS_ERR_EMPTY},
		{"HS  ", HS_ERR_EMPTY},
		{"85x2", HS_ERR_CHARACTER},
		{"ABCD", HS_ERR_CHARACTER},
		{"8542/31", HS_ERR_CHARACTER},
		{"8542,31", HS_ERR_CHARACTER},
		{"854231\xd0\x90", HS_ERR_CHARACTER},
		{"8", HS_ERR_DIGIT_COUNT},
		{"854", HS_ERR_DIGIT_COUNT},
		{"85423", HS_ERR_DIGIT_COUNT},
		{"8542.3", HS_ERR_DIGIT_COUNT},
		{"1234567890123", HS_ERR_TOO_LONG},
		{"8542.31.00.00.00.00", HS_ERR_TOO_LONG},
		{"00", HS_ERR_CHAPTER},
		{"0012", HS_ERR_CHAPTER},
		{"77", HS_ERR_CHAPTER},
		{"7701.10", HS_ERR_CHAPTER},
		{".8542", HS_ERR_SEPARATOR},
		{"8542.", HS_ERR_SEPARATOR},
		{"8542..31", HS_ERR_SEPARATOR},
		{"8542. 31", HS_ERR_SEPARATOR},
		{"-8542", HS_ERR_SEPARATOR},
		{"HS.8542", HS_ERR_SEPARATOR},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int64_t		key;
		hs_status	st = parse_cstr(cases[i].input, &key);

		CHECK(st == cases[i].expected, "\"%s\": status %d, expected %d",
			  cases[i].input, st, cases[i].expected);
	}

	/* an embedded NUL byte is a bad character, not an end of string */
	{
		int64_t		key;

		CHECK(hs_parse_text("85\0" "42", 5, &key, NULL) == HS_ERR_CHARACTER,
			  "embedded NUL accepted");
	}
}

/* Format styles on fixed codes. */
static void
test_formats(void)
{
	static const struct
	{
		const char *code;
		const char *style;
		const char *expected;
	}			cases[] = {
		{"854231", "plain", "854231"},
		{"854231", "hs", "8542.31"},
		{"8542310000", "hs", "8542.31.00.00"},
		{"8542310000", "hts", "8542.31.0000"},
		{"85423100", "hts", "8542.31.00"},
		{"8542310000", "tnved", "8542 31 000 0"},
		{"854231000", "tnved", "8542 31 000"},
		{"85423100", "cn", "8542 31 00"},
		{"8542310000", "cn", "8542 31 00 00"},
		{"85", "hs", "85"},
		{"8542", "tnved", "8542"},
		{"8542310", "hs", "8542.31.0"},
		{"123456789012", "tnved", "1234 56 789 0 12"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int64_t		key;
		char		buf[HS_FORMAT_BUFSIZE];
		hs_style	style = hs_style_from_name(cases[i].style);

		CHECK(parse_cstr(cases[i].code, &key) == HS_OK, "%s", cases[i].code);
		CHECK(style != HS_STYLE_INVALID, "style %s", cases[i].style);
		hs_key_format(key, style, buf);
		CHECK(strcmp(buf, cases[i].expected) == 0, "%s as %s gave \"%s\"",
			  cases[i].code, cases[i].style, buf);
	}
	CHECK(hs_style_from_name("HS") == HS_STYLE_INVALID, "style names are exact");
	CHECK(hs_style_from_name("dotted") == HS_STYLE_INVALID, "unknown style");
}

/*
 * Parse, print canonically, parse again: same key; and the same through
 * every format style.
 */
static void
check_round_trip(const char *input)
{
	int64_t		key;
	int64_t		again;
	char		digits[HS_MAX_DIGITS + 1];
	char		formatted[HS_FORMAT_BUFSIZE];
	int			style;

	if (parse_cstr(input, &key) != HS_OK)
	{
		CHECK(0, "\"%s\" rejected", input);
		return;
	}
	hs_key_digits(key, digits);
	CHECK(parse_cstr(digits, &again) == HS_OK && again == key,
		  "\"%s\" -> %s does not round-trip", input, digits);
	for (style = HS_STYLE_PLAIN; style <= HS_STYLE_CN; style++)
	{
		hs_key_format(key, (hs_style) style, formatted);
		CHECK(parse_cstr(formatted, &again) == HS_OK && again == key,
			  "\"%s\" in style %d -> \"%s\" does not round-trip", input, style,
			  formatted);
	}
}

/*
 * Round-trip every code of a nomenclature CSV whose code is in column
 * code_column (0-based).  Returns the number of codes read.  The "TOTAL"
 * quirk rows are skipped.
 */
static long
round_trip_file(const char *path, int code_column)
{
	FILE	   *f = fopen(path, "r");
	char		line[8192];
	long		count = 0;

	if (f == NULL)
	{
		CHECK(0, "cannot open %s", path);
		return 0;
	}
	if (fgets(line, sizeof(line), f) == NULL)	/* header */
	{
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL)
	{
		char	   *field = line;
		char	   *comma;
		int			c;

		for (c = 0; c < code_column && field != NULL; c++)
		{
			field = strchr(field, ',');
			if (field != NULL)
				field++;
		}
		if (field == NULL)
			continue;
		comma = strchr(field, ',');
		if (comma != NULL)
			*comma = '\0';
		if (strcmp(field, "TOTAL") == 0)
			continue;
		check_round_trip(field);
		count++;
	}
	fclose(f);
	return count;
}

static void
test_nomenclatures(const char *datadir)
{
	char		path[4096];
	long		n2022,
				n2017;

	snprintf(path, sizeof(path), "%s/hs2022_nomenclature.csv", datadir);
	n2022 = round_trip_file(path, 1);
	snprintf(path, sizeof(path), "%s/hs2017_nomenclature.csv", datadir);
	n2017 = round_trip_file(path, 0);
	CHECK(n2022 == 6939, "HS2022 codes read: %ld", n2022);
	CHECK(n2017 == 6708, "HS2017 codes read: %ld", n2017);
}

/*
 * Generate a valid code (digits into out_digits) and spell it with random
 * separators, label and white space into buf.
 */
static void
generate_valid(char *buf, char *out_digits)
{
	static const int lengths[] = {2, 4, 6, 7, 8, 9, 10, 11, 12};
	static const char seps[] = ".- ";
	int			n = lengths[rng_below(9)];
	int			chapter;
	int			i;
	char	   *p = buf;

	do
		chapter = 1 + rng_below(99);
	while (chapter == 77);
	out_digits[0] = (char) ('0' + chapter / 10);
	out_digits[1] = (char) ('0' + chapter % 10);
	for (i = 2; i < n; i++)
		out_digits[i] = (char) ('0' + rng_below(10));
	out_digits[n] = '\0';

	if (rng_below(4) == 0)
		*p++ = ' ';
	if (rng_below(8) == 0)
	{
		memcpy(p, rng_below(2) ? "HS" : "hs", 2);
		p += 2;
		if (rng_below(2))
			*p++ = ' ';
	}
	for (i = 0; i < n; i++)
	{
		*p++ = out_digits[i];
		if (i < n - 1 && rng_below(5) == 0)
			*p++ = seps[rng_below(3)];
	}
	if (rng_below(4) == 0)
		*p++ = '\t';
	*p = '\0';
}

/* Plant one fault in a valid spelling; return the status it must cause. */
static hs_status
plant_fault(char *buf, char *digits)
{
	size_t		len = strlen(buf);
	int			n = (int) strlen(digits);
	char	   *first = strpbrk(buf, "0123456789");
	char	   *last = first;
	char	   *p;

	for (p = first; *p; p++)
		if (*p >= '0' && *p <= '9')
			last = p;

	switch (rng_below(6))
	{
		case 0:					/* a letter or punctuation inside */
			{
				static const char bad[] = "xX/,;_+*#AZaz:";

				*first = bad[rng_below((int) sizeof(bad) - 1)];
				return HS_ERR_CHARACTER;
			}
		case 1:					/* a separator before the first digit */
			memmove(first + 1, first, strlen(first) + 1);
			*first = '.';
			return HS_ERR_SEPARATOR;
		case 2:					/* a separator after the last digit */
			memmove(last + 2, last + 1, strlen(last + 1) + 1);
			last[1] = '-';
			return HS_ERR_SEPARATOR;
		case 3:					/* one digit fewer: 2 -> 1, 4 -> 3, 6 -> 5 */
			if (n == 2 || n == 4 || n == 6)
			{
				memmove(last, last + 1, strlen(last + 1) + 1);
				/* dropping the last digit may leave a separator at the end */
				len = strlen(buf);
				while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
					len--;
				if (len > 0 && (buf[len - 1] == '.' || buf[len - 1] == '-' ||
								buf[len - 1] == ' '))
					return HS_ERR_SEPARATOR;
				return HS_ERR_DIGIT_COUNT;
			}
			/* FALLTHROUGH */
		case 4:					/* too many digits */
			{
				int			extra = HS_MAX_DIGITS + 1 - n + rng_below(3);

				memmove(last + 1 + extra, last + 1, strlen(last + 1) + 1);
				memset(last + 1, '7', extra);
				return HS_ERR_TOO_LONG;
			}
		default:				/* chapter 00 or 77 */
			{
				char	   *second = strpbrk(first + 1, "0123456789");
				char		c = rng_below(2) ? '0' : '7';

				*first = c;
				*second = c;
				return HS_ERR_CHAPTER;
			}
	}
}

static void
test_generated_strings(void)
{
	long		i;

	for (i = 0; i < GENERATED_STRINGS; i++)
	{
		char		buf[96];
		char		digits[HS_MAX_DIGITS + 1];
		int64_t		key;
		hs_status	st;

		generate_valid(buf, digits);
		if (i % 2 == 0)
		{
			char		canonical[HS_MAX_DIGITS + 1];

			st = parse_cstr(buf, &key);
			CHECK(st == HS_OK, "generated \"%s\" rejected (%d)", buf, st);
			if (st != HS_OK)
				continue;
			hs_key_digits(key, canonical);
			CHECK(strcmp(canonical, digits) == 0, "\"%s\" read as %s", buf, canonical);
			check_round_trip(buf);
		}
		else
		{
			hs_status	expected = plant_fault(buf, digits);

			st = parse_cstr(buf, &key);
			CHECK(st == expected, "faulty \"%s\": status %d, expected %d", buf, st,
				  expected);
		}
	}
}

/* A random valid key: random length, chapter, digits. */
static int64_t
random_key(char *digits)
{
	char		buf[96];
	int64_t		key = 0;

	/* short codes often, so that prefixes and equal pairs are common */
	generate_valid(buf, digits);
	if (rng_below(3) == 0)
		digits[2 + 2 * rng_below(3)] = '\0';
	if (rng_below(2))
	{
		digits[0] = '8';
		digits[1] = '5';
	}
	parse_cstr(digits, &key);
	return key;
}

static bool
is_prefix(const char *prefix, const char *s)
{
	return strncmp(prefix, s, strlen(prefix)) == 0;
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/*
 * Key order equals the byte order of digit strings; containment equals the
 * prefix relation; subtrees are contiguous; parent and truncate agree.
 */
static void
test_order_laws(void)
{
	long		i;

	for (i = 0; i < GENERATED_PAIRS; i++)
	{
		char		da[HS_MAX_DIGITS + 1],
					db[HS_MAX_DIGITS + 1],
					dc[HS_MAX_DIGITS + 1];
		int64_t		a = random_key(da);
		int64_t		b = random_key(db);
		int64_t		c = random_key(dc);
		int			key_order = (a > b) - (a < b);

		CHECK(key_order == sign(strcmp(da, db)), "order of %s and %s", da, db);
		CHECK(hs_key_contains(b, a) == is_prefix(db, da), "%s <@ %s", da, db);
		/* contiguity: b covers a and b <= c <= a implies b covers c */
		if (hs_key_contains(b, a) && b <= c && c <= a)
			CHECK(hs_key_contains(b, c), "%s between %s and %s", dc, db, da);
		/* a code sorts before every descendant and after its ancestors */
		if (hs_key_contains(b, a))
			CHECK(b <= a, "%s above %s sorts after it", db, da);
		/* transitivity of containment */
		if (hs_key_contains(c, b) && hs_key_contains(b, a))
			CHECK(hs_key_contains(c, a), "%s, %s, %s", dc, db, da);
		/* parent is the longest proper valid prefix */
		{
			int			n = hs_key_ndigits(a);
			int			pn = hs_parent_ndigits(n);

			if (pn > 0)
			{
				int64_t		parent = hs_key_truncate(a, pn);
				int			m;

				CHECK(hs_key_is_valid(parent) && hs_key_contains(parent, a) &&
					  parent != a, "parent of %s", da);
				for (m = pn + 1; m < n; m++)
					CHECK(!hs_ndigits_is_valid(m), "length %d between parent and %s", m, da);
			}
			else
				CHECK(n == 2, "only chapters lack a parent (%s)", da);
		}
	}
}

/*
 * hs_key_floor_code and hs_key_ceil_code (printing the ends of key ranges):
 * a code is its own floor and ceiling; the code before a code a, found as
 * the floor of a - 1, has a as the ceiling of its successor (so no code
 * lies between them), and likewise past the end of a's subtree.
 */
static void
test_range_ends(void)
{
	long		i;

	for (i = 0; i < GENERATED_PAIRS; i++)
	{
		char		da[HS_MAX_DIGITS + 1];
		int64_t		a = random_key(da);
		int64_t		before = hs_key_floor_code(a - 1);
		int64_t		last = hs_key_floor_code(hs_key_subtree_max(a));
		int64_t		after = hs_key_ceil_code(hs_key_subtree_max(a) + 1);

		CHECK(hs_key_floor_code(a) == a && hs_key_ceil_code(a) == a, "ends of %s", da);
		CHECK(before < a && hs_ndigits_is_valid(hs_key_ndigits(before)) &&
			  hs_key_ceil_code(before + 1) == a, "code before %s", da);
		CHECK(hs_key_contains(a, last) && hs_key_ndigits(last) == HS_MAX_DIGITS &&
			  hs_key_ceil_code(last + 1) == after, "last code under %s", da);
		CHECK(after > hs_key_subtree_max(a) && hs_ndigits_is_valid(hs_key_ndigits(after)) &&
			  hs_key_floor_code(after - 1) == last, "code after %s", da);
	}
}

/* The section table against the boundaries published in the HS. */
static void
test_sections(void)
{
	CHECK(strcmp(hs_section_of_chapter(1), "I") == 0, "chapter 01");
	CHECK(strcmp(hs_section_of_chapter(5), "I") == 0, "chapter 05");
	CHECK(strcmp(hs_section_of_chapter(6), "II") == 0, "chapter 06");
	CHECK(strcmp(hs_section_of_chapter(71), "XIV") == 0, "chapter 71");
	CHECK(strcmp(hs_section_of_chapter(84), "XVI") == 0, "chapter 84");
	CHECK(strcmp(hs_section_of_chapter(85), "XVI") == 0, "chapter 85");
	CHECK(strcmp(hs_section_of_chapter(97), "XXI") == 0, "chapter 97");
	CHECK(hs_section_of_chapter(98) == NULL, "chapter 98");
	CHECK(hs_section_of_chapter(77) == NULL, "chapter 77");
	CHECK(hs_section_of_chapter(0) == NULL, "chapter 00");
}

int
main(int argc, char **argv)
{
	const char *datadir = argc > 1 ? argv[1] : "data";

	RUN_TEST(test_accepted_forms());
	RUN_TEST(test_rejected_forms());
	RUN_TEST(test_formats());
	RUN_TEST(test_nomenclatures(datadir));
	RUN_TEST(test_generated_strings());
	RUN_TEST(test_order_laws());
	RUN_TEST(test_range_ends());
	RUN_TEST(test_sections());
	return unit_summary("hs_core");
}

/*
 * test_country_core.c
 *		Unit tests of country_core.c and the generated country_data.c,
 *		outside the server.
 *
 * - the compiled table: sorted, codes consistent with their letters,
 *   alpha-3 and numeric indexes sorted and pointing back;
 * - every code in each of its forms parses to itself, rejected forms;
 * - route parsing: separators, white space, every kind of rejection, the
 *   limit of CC_ROUTE_MAX countries; one million generated routes printed
 *   and parsed back, and with one fault planted;
 * - borders symmetric, distances symmetric and zero on the diagonal;
 * - word canonicalisation of names.
 */
#include "country_core.h"
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GENERATED_ROUTES	1000000


static uint16_t
parse1(const char *s, cc_status *st)
{
	uint16_t	c = 0;

	*st = cc_parse_country(s, strlen(s), &c);
	return c;
}

static void
test_table(void)
{
	for (int i = 0; i < cc_ncountries; i++)
	{
		const cc_country *c = &cc_countries[i];

		CHECK(i == 0 || cc_countries[i - 1].code < c->code, "table order at %s", c->alpha2);
		CHECK(c->code == CC_CODE(c->alpha2[0], c->alpha2[1]), "code of %s", c->alpha2);
		CHECK(cc_index_of(c->code) == i, "index of %s", c->alpha2);
		CHECK(c->names[CC_LANG_EN] != NULL, "English name of %s", c->alpha2);
	}
	for (int i = 1; i < cc_nalpha3; i++)
		CHECK(strcmp(cc_countries[cc_by_alpha3[i - 1]].alpha3,
					 cc_countries[cc_by_alpha3[i]].alpha3) < 0, "alpha-3 index order %d", i);
	for (int i = 1; i < cc_nnumeric; i++)
		CHECK(cc_countries[cc_by_numeric[i - 1]].numeric <
			  cc_countries[cc_by_numeric[i]].numeric, "numeric index order %d", i);
	CHECK(cc_ncountries == 252, "249 ISO countries and XK, EU, ZZ: %d", cc_ncountries);
}

static void
test_codes(void)
{
	cc_status	st;
	char		buf[16];

	for (int i = 0; i < cc_ncountries; i++)
	{
		const cc_country *c = &cc_countries[i];
		uint16_t	got;

		got = parse1(c->alpha2, &st);
		CHECK(st == CC_OK && got == c->code, "alpha-2 %s", c->alpha2);
		buf[0] = (char) (c->alpha2[0] | 0x20);
		buf[1] = (char) (c->alpha2[1] | 0x20);
		buf[2] = '\0';
		got = parse1(buf, &st);
		CHECK(st == CC_OK && got == c->code, "lower alpha-2 %s", buf);
		if (c->alpha3)
		{
			got = parse1(c->alpha3, &st);
			CHECK(st == CC_OK && got == c->code, "alpha-3 %s", c->alpha3);
		}
		if (c->numeric >= 0)
		{
			snprintf(buf, sizeof(buf), "%03d", c->numeric);
			got = parse1(buf, &st);
			CHECK(st == CC_OK && got == c->code, "numeric %s", buf);
			snprintf(buf, sizeof(buf), " %d ", c->numeric);
			got = parse1(buf, &st);
			CHECK(st == CC_OK && got == c->code, "short numeric %s", buf);
		}
		cc_format_country(c->code, buf);
		CHECK(strcmp(buf, c->alpha2) == 0, "format %s", c->alpha2);
	}
	parse1("", &st);
	CHECK(st == CC_ERR_EMPTY, "empty");
	parse1("  ", &st);
	CHECK(st == CC_ERR_EMPTY, "blank");
	parse1("QQ", &st);
	CHECK(st == CC_ERR_UNKNOWN, "QQ");
	parse1("QQQ", &st);
	CHECK(st == CC_ERR_UNKNOWN, "QQQ");
	parse1("999", &st);
	CHECK(st == CC_ERR_UNKNOWN, "999");
	parse1("K", &st);
	CHECK(st == CC_ERR_SYNTAX, "K");
	parse1("KAZA", &st);
	CHECK(st == CC_ERR_SYNTAX, "KAZA");
	parse1("1000", &st);
	CHECK(st == CC_ERR_SYNTAX, "1000");
	parse1("K1", &st);
	CHECK(st == CC_ERR_SYNTAX, "K1");
	parse1("K\xc3\xa9", &st);
	CHECK(st == CC_ERR_SYNTAX, "non-ASCII");
}

static cc_status
route(const char *s, uint16_t *codes, int *n, cc_parse_info *info)
{
	return cc_parse_route(s, strlen(s), codes, n, info);
}

static void
test_routes_fixed(void)
{
	uint16_t	codes[CC_ROUTE_MAX];
	int			n;
	cc_parse_info info;
	char		buf[CC_ROUTE_BUFSIZE];
	const char *ok[] = {"DE>PL>KZ>RU", "DEU>POL>KAZ>RUS", "de > pl > kz > ru", "276>616>398>643",
		"DE->PL->KZ->RU", "DE-PL-KZ-RU", "DE\xe2\x86\x92PL\xe2\x86\x92KZ\xe2\x86\x92RU",
	"  DE>PL>KAZ>643  "};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
	{
		cc_status	st = route(ok[i], codes, &n, &info);

		CHECK(st == CC_OK && n == 4, "route %s: status %d n %d", ok[i], st, n);
		if (st == CC_OK)
		{
			cc_format_route(codes, n, buf);
			CHECK(strcmp(buf, "DE>PL>KZ>RU") == 0, "route %s printed %s", ok[i], buf);
		}
	}
	CHECK(route("RU", codes, &n, &info) == CC_OK && n == 1, "one country");
	CHECK(route("", codes, &n, &info) == CC_ERR_EMPTY, "empty");
	CHECK(route("   ", codes, &n, &info) == CC_ERR_EMPTY, "blank");
	CHECK(route(">", codes, &n, &info) == CC_ERR_SEPARATOR, "bare separator");
	CHECK(route(">KZ", codes, &n, &info) == CC_ERR_SEPARATOR && info.position == 0, "leading");
	CHECK(route("KZ>", codes, &n, &info) == CC_ERR_SEPARATOR && info.position == 2, "trailing");
	/* a trailing separator is reported whole, never a lone byte of it */
	CHECK(route("KZ\xe2\x86\x92", codes, &n, &info) == CC_ERR_SEPARATOR &&
		  info.position == 2 && info.length == 3, "trailing arrow: %zu+%zu", info.position, info.length);
	CHECK(route("KZ -> ", codes, &n, &info) == CC_ERR_SEPARATOR &&
		  info.position == 3 && info.length == 2, "trailing ->: %zu+%zu", info.position, info.length);
	CHECK(route("KZ>>RU", codes, &n, &info) == CC_ERR_SEPARATOR && info.position == 3, "double");
	CHECK(route("KZ> >RU", codes, &n, &info) == CC_ERR_SEPARATOR, "double with space");
	CHECK(route("KZ RU", codes, &n, &info) == CC_ERR_CHARACTER && info.position == 3, "space only");
	CHECK(route("KZ,RU", codes, &n, &info) == CC_ERR_CHARACTER && info.position == 2, "comma");
	CHECK(route("KZ>QQ", codes, &n, &info) == CC_ERR_UNKNOWN && info.position == 3 &&
		  info.element_status == CC_ERR_UNKNOWN, "unknown country");
	CHECK(route("KZ>RUSS", codes, &n, &info) == CC_ERR_UNKNOWN &&
		  info.element_status == CC_ERR_SYNTAX, "bad element");
	{
		char		longr[CC_ROUTE_MAX * 3 + 8] = "";

		for (int i = 0; i < CC_ROUTE_MAX; i++)
			strcat(longr, i ? ">KZ" : "KZ");
		CHECK(route(longr, codes, &n, &info) == CC_OK && n == CC_ROUTE_MAX, "max countries");
		strcat(longr, ">RU");
		CHECK(route(longr, codes, &n, &info) == CC_ERR_TOO_LONG, "too many countries");
	}
}

static void
test_routes_generated(void)
{
	uint16_t	codes[CC_ROUTE_MAX],
				back[CC_ROUTE_MAX];
	char		text[CC_ROUTE_MAX * 8];
	cc_parse_info info;

	for (int r = 0; r < GENERATED_ROUTES; r++)
	{
		int			n = 1 + rng_below(r % 100 == 0 ? CC_ROUTE_MAX : 6);
		int			k = 0,
					nb;
		cc_status	st;

		for (int i = 0; i < n; i++)
		{
			const cc_country *c = &cc_countries[rng_below(cc_ncountries)];
			int			form = rng_below(3);
			static const char *const seps[] = {">", "->", "-", " > ", "\xe2\x86\x92"};

			codes[i] = c->code;
			if (i > 0)
				k += sprintf(text + k, "%s", seps[rng_below(5)]);
			if (form == 1 && c->alpha3)
				k += sprintf(text + k, "%s", c->alpha3);
			else if (form == 2 && c->numeric >= 0)
				k += sprintf(text + k, "%03d", c->numeric);
			else
				k += sprintf(text + k, "%s", c->alpha2);
		}
		st = cc_parse_route(text, k, back, &nb, &info);
		CHECK(st == CC_OK && nb == n && memcmp(codes, back, n * sizeof(uint16_t)) == 0,
			  "generated route %s", text);
		/* plant a fault: a stray separator at either end or doubled */
		{
			char		bad[CC_ROUTE_MAX * 8 + 4];
			int			fault = rng_below(3);

			if (fault == 0)
				snprintf(bad, sizeof(bad), ">%s", text);
			else if (fault == 1)
				snprintf(bad, sizeof(bad), "%s>", text);
			else
				snprintf(bad, sizeof(bad), "%s>>KZ", text);
			CHECK(cc_parse_route(bad, strlen(bad), back, &nb, &info) == CC_ERR_SEPARATOR,
				  "planted fault %s", bad);
		}
	}
}

static void
test_geo(void)
{
	uint16_t	nb[300];
	int			total = 0;

	for (int i = 0; i < cc_ncountries; i++)
	{
		uint16_t	a = cc_countries[i].code;
		int			n = cc_neighbours(a, nb);

		total += n;
		for (int j = 0; j < n; j++)
			CHECK(cc_borders_touch(nb[j], a) && cc_borders_touch(a, nb[j]), "border symmetry");
		CHECK(!cc_borders_touch(a, a), "no border with itself");
		if (cc_countries[i].has_centroid)
			CHECK(cc_distance_km(a, a) == 0.0, "zero distance");
	}
	CHECK(total == cc_nborders, "neighbours cover the border table");
	CHECK(cc_borders_touch(CC_CODE('K', 'Z'), CC_CODE('R', 'U')), "KZ-RU");
	CHECK(!cc_borders_touch(CC_CODE('K', 'G'), CC_CODE('R', 'U')), "KG-RU");
	CHECK(fabs(cc_distance_km(CC_CODE('D', 'E'), CC_CODE('K', 'Z')) -
			   cc_distance_km(CC_CODE('K', 'Z'), CC_CODE('D', 'E'))) < 1e-9, "symmetric");
	CHECK(isnan(cc_distance_km(CC_CODE('T', 'W'), CC_CODE('C', 'N'))), "no centroid");
	/* a quarter of a meridian */
	CHECK(fabs(cc_great_circle_km(0, 0, 90, 0) - 10007.557) < 0.01, "quarter meridian");
	{
		uint16_t	r[] = {CC_CODE('D', 'E'), CC_CODE('P', 'L'), CC_CODE('D', 'E')};

		CHECK(cc_route_has_loop(r, 3), "loop");
		CHECK(!cc_route_has_loop(r, 2), "no loop");
		CHECK(cc_route_find(r, 3, r + 1, 2) == 1, "find sub-route");
		CHECK(cc_route_find(r, 2, r + 1, 2) == -1, "sub-route not there");
	}
}

static void
test_words(void)
{
	char		out[128];
	struct
	{
		const char *in;
		const char *want;
	}			cases[] = {
		{"korea, republic of", "korea republic"},
		{"republic of korea", "korea republic"},
		{"rep. of korea", "korea republic"},
		{"the gambia", "gambia"},
		{"bosnia & herzegovina", "bosnia herzegovina"},
		{"people's", "peoples"},
		{"ob\"yedinennyye", "obyedinennyye"},
		{"st. lucia", "lucia saint"},
		{"  ...  ", ""},
		{"", ""},
		{"Guinea-Bissau", "bissau guinea"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		size_t		len = strlen(cases[i].in);
		size_t		wsize = cc_canonical_words_work_size(len);
		char	   *work = malloc(wsize + 1);
		size_t		n;

		/* the function keeps to the memory it is lent: a guard byte past it */
		work[wsize] = 0x5A;
		n = cc_canonical_words(cases[i].in, len, out, sizeof(out), work);
		CHECK(work[wsize] == 0x5A, "words of \"%s\" wrote past the work space", cases[i].in);
		free(work);

		CHECK(strcmp(out, cases[i].want) == 0 && n == strlen(cases[i].want),
			  "words of \"%s\": \"%s\"", cases[i].in, out);
	}
	{
		char		work[256];

		CHECK(cc_canonical_words_work_size(7) <= sizeof(work), "work size");
		CHECK(cc_canonical_words("abc def", 7, out, 4, work) == 7 && strcmp(out, "abc") == 0, "cut");
	}
}

/*
 * Name claims on one key give the same answer in every order: the best
 * rank wins, two countries at the best rank are ambiguous, whatever came
 * before.  Every permutation of a few claim sets is checked against the
 * answer computed from the set as a whole.
 */
static void
test_name_claims(void)
{
	struct claim
	{
		uint16_t	code;
		int			rank;
	};
	/* the finding: A and B tie at rank 5, then A arrives at rank 1 */
	static const struct claim sets[][4] = {
		{{1, 5}, {2, 5}, {1, 1}, {0, 0}},
		{{1, 5}, {2, 5}, {2, 5}, {1, 5}},
		{{1, 3}, {2, 3}, {3, 1}, {3, 2}},
		{{1, 2}, {2, 1}, {1, 1}, {2, 4}},
		{{7, 9}, {7, 4}, {8, 4}, {8, 9}},
	};
	static const int perms[24][4] = {
		{0, 1, 2, 3}, {0, 1, 3, 2}, {0, 2, 1, 3}, {0, 2, 3, 1}, {0, 3, 1, 2}, {0, 3, 2, 1},
		{1, 0, 2, 3}, {1, 0, 3, 2}, {1, 2, 0, 3}, {1, 2, 3, 0}, {1, 3, 0, 2}, {1, 3, 2, 0},
		{2, 0, 1, 3}, {2, 0, 3, 1}, {2, 1, 0, 3}, {2, 1, 3, 0}, {2, 3, 0, 1}, {2, 3, 1, 0},
		{3, 0, 1, 2}, {3, 0, 2, 1}, {3, 1, 0, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}, {3, 2, 1, 0},
	};

	for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++)
	{
		int			n = sets[s][3].code == 0 ? 3 : 4;
		int			best = 1000;
		int			winners = 0;

		/* the answer from the whole set: countries holding the best rank */
		for (int i = 0; i < n; i++)
			if (sets[s][i].rank < best)
				best = sets[s][i].rank;
		for (int i = 0; i < n; i++)
		{
			bool		dup = false;

			for (int j = 0; j < i; j++)
				dup |= sets[s][j].rank == best && sets[s][j].code == sets[s][i].code;
			if (sets[s][i].rank == best && !dup)
				winners++;
		}
		for (int p = 0; p < 24; p++)
		{
			cc_name_entry e = {0, 0, 0};
			bool		skip = false;

			for (int i = 0; i < 4; i++)
				skip |= perms[p][i] >= n && i < n;
			if (skip)
				continue;
			for (int i = 0; i < n; i++)
				cc_name_claim(&e, i == 0, sets[s][perms[p][i]].code, sets[s][perms[p][i]].rank);
			CHECK(e.rank == best && (e.other != 0) == (winners > 1),
				  "claim set %zu, order %d: rank %d (want %d), ambiguous %d (want %d)",
				  s, p, e.rank, best, e.other != 0, winners > 1);
		}
	}
}

int
main(void)
{
	RUN_TEST(test_table());
	RUN_TEST(test_codes());
	RUN_TEST(test_routes_fixed());
	RUN_TEST(test_routes_generated());
	RUN_TEST(test_geo());
	RUN_TEST(test_words());
	RUN_TEST(test_name_claims());
	return unit_summary("country_core");
}

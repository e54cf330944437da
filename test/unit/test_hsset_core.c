/*
 * test_hsset_core.c
 *		Unit tests of hsset_core.c, outside the server.
 *
 * - fixed cases of the text form: accepted spellings, canonical output,
 *   every kind of rejection;
 * - random sets over a small code universe (so members nest and overlap
 *   often) checked against a brute-force oracle: canonical form keeps
 *   membership and is idempotent, union/intersection/difference and
 *   containment agree with the oracle on every code of the universe,
 *   compiled ranges agree with membership, text round trips;
 * - two sets of 100,000 sibling members (the shape that was quadratic):
 *   union, intersection, difference and containment give the counts known
 *   by construction, and every loop calls the interrupt check.
 */
#include "hs_core.h"
#include "hsset_core.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RANDOM_SETS			20000
#define MAX_MEMBERS			12

/* a small universe where codes nest at every level */
static const char *const universe_text[] = {
	"84", "8471", "847130", "84713000", "8471300000", "847141", "8471410000",
	"85", "8541", "854140", "8542", "854231", "8542310000", "8542311000",
	"85423190", "854232", "8542320000", "854239", "854290", "8542900000",
	"85429010", "8542901000", "8543", "87", "8703", "870380", "8703800000",
	"01", "0101", "010121", "97", "9706", "970600", "1234567", "123456789012"
};
#define UNIVERSE	((int) (sizeof(universe_text) / sizeof(universe_text[0])))
static int64_t universe[UNIVERSE];

static int64_t
key_of(const char *text)
{
	int64_t		key = 0;

	if (hs_parse_text(text, strlen(text), &key, NULL) != HS_OK)
	{
		fprintf(stderr, "bad test code %s\n", text);
		exit(2);
	}
	return key;
}

/* brute force: the longest member containing key decides */
static bool
oracle_member(const int64_t *m, int n, int64_t key)
{
	int			best = -1;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (hs_key_contains(HSSET_KEY(m[i]), key) &&
			(best < 0 || hs_key_ndigits(HSSET_KEY(m[i])) > hs_key_ndigits(HSSET_KEY(m[best]))))
			best = i;
	}
	return best >= 0 && !HSSET_IS_EXCLUDED(m[best]);
}

/*
 * brute force: does the subtree of key hold a member?  Either key itself is
 * one (then the whole subtree up to deeper exclusions is), or an included
 * member lies in the subtree (a member decides its own key, so it belongs).
 */
static bool
oracle_subtree_overlaps(const int64_t *m, int n, int64_t key)
{
	int			i;

	if (oracle_member(m, n, key))
		return true;
	for (i = 0; i < n; i++)
		if (!HSSET_IS_EXCLUDED(m[i]) && hs_key_contains(key, HSSET_KEY(m[i])))
			return true;
	return false;
}

/* a random raw member list, without a key both included and excluded */
static int
random_members(int64_t *m)
{
	int			n = (int) (rng_next() % MAX_MEMBERS);
	int			count = 0;
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		int64_t		key = universe[rng_next() % UNIVERSE];
		bool		exclude = rng_next() % 3 == 0;
		bool		clash = false;

		for (j = 0; j < count; j++)
			if (HSSET_KEY(m[j]) == key)
				clash = true;
		if (!clash)
			m[count++] = exclude ? (key | HSSET_EXCLUDE) : key;
	}
	return count;
}

static void
fixed_cases(void)
{
	int64_t		m[16];
	int			n = 0;
	char		buf[256];
	hsset_parse_info info;
	struct
	{
		const char *input;
		const char *output;
	}			ok[] = {
		{"{}", "{}"},
		{" { } ", "{}"},
		{"{8542}", "{8542}"},
		{"{8542.31, 8542}", "{8542}"},
		{"{8542,!854290}", "{8542,!854290}"},
		{"{ 8542 , ! 8542.90 , 8471 }", "{8471,8542,!854290}"},
		{"{!8542}", "{}"},
		{"{85,!8542,854231}", "{85,!8542,854231}"},
		{"{8542,8542}", "{8542}"},
		{"{8542,!854290,!85429010}", "{8542,!854290}"},
		{"{HS 8542 31 000 0}", "{8542310000}"},
	};
	struct
	{
		const char *input;
		hsset_status status;
	}			bad[] = {
		{"", HSSET_ERR_BRACES},
		{"8542", HSSET_ERR_BRACES},
		{"{8542", HSSET_ERR_BRACES},
		{"{8542,}", HSSET_ERR_EMPTY_ITEM},
		{"{,8542}", HSSET_ERR_EMPTY_ITEM},
		{"{8542,,8471}", HSSET_ERR_EMPTY_ITEM},
		{"{854}", HSSET_ERR_CODE},
		{"{!}", HSSET_ERR_CODE},
		{"{!!8542}", HSSET_ERR_CODE},
		{"{77}", HSSET_ERR_CODE},
		{"{8542,!8542}", HSSET_ERR_CONFLICT},
	};
	size_t		i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
	{
		hsset_status s = hsset_parse(ok[i].input, strlen(ok[i].input), m, &n, &info);

		CHECK(s == HSSET_OK, "parse %s: status %d", ok[i].input, (int) s);
		if (s == HSSET_OK)
		{
			hsset_format(m, n, buf);
			CHECK(strcmp(buf, ok[i].output) == 0, "%s printed %s, expected %s",
				  ok[i].input, buf, ok[i].output);
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		hsset_status s = hsset_parse(bad[i].input, strlen(bad[i].input), m, &n, &info);

		CHECK(s == bad[i].status, "parse %s: status %d, expected %d",
			  bad[i].input, (int) s, (int) bad[i].status);
	}
	/* the offending item is located */
	hsset_parse("{8542, 85x}", 11, m, &n, &info);
	CHECK(info.item_start == 7 && info.item_len == 3, "item at %zu+%zu",
		  info.item_start, info.item_len);
}

static void
random_cases(void)
{
	int			iter;

	for (iter = 0; iter < RANDOM_SETS; iter++)
	{
		int64_t		ra[MAX_MEMBERS],
					rb[MAX_MEMBERS],
					a[MAX_MEMBERS],
					b[MAX_MEMBERS],
					out[2 * MAX_MEMBERS],
					again[2 * MAX_MEMBERS],
					parsed[2 * MAX_MEMBERS];
		hsset_range ranges[2 * MAX_MEMBERS];
		int			nra = random_members(ra);
		int			nrb = random_members(rb);
		int			na,
					nb,
					nout,
					nranges,
					nparsed = 0;
		char		buf[1024];
		bool		subset = true;
		bool		oracle_subset = true;
		int			op,
					u;

		memcpy(a, ra, sizeof(int64_t) * nra);
		memcpy(b, rb, sizeof(int64_t) * nrb);
		na = hsset_canonicalize(a, nra, NULL);
		nb = hsset_canonicalize(b, nrb, NULL);
		CHECK(na >= 0 && nb >= 0, "canonicalize failed");

		/* canonical form keeps membership, is minimal and idempotent */
		memcpy(again, a, sizeof(int64_t) * na);
		CHECK(hsset_canonicalize(again, na, NULL) == na &&
			  memcmp(again, a, sizeof(int64_t) * na) == 0, "not idempotent");
		for (u = 0; u < UNIVERSE; u++)
			CHECK(oracle_member(ra, nra, universe[u]) == hsset_member_value(a, na, universe[u]),
				  "canonical form changed membership of %s", universe_text[u]);

		/* text round trip */
		hsset_format(a, na, buf);
		CHECK(hsset_parse(buf, strlen(buf), parsed, &nparsed, NULL) == HSSET_OK &&
			  nparsed == na && memcmp(parsed, a, sizeof(int64_t) * na) == 0,
			  "round trip of %s", buf);

		/* compiled ranges */
		nranges = hsset_to_ranges(a, na, ranges);
		CHECK(nranges <= na, "%d ranges for %d members", nranges, na);
		for (u = 0; u < nranges; u++)
			CHECK(ranges[u].lo <= ranges[u].hi &&
				  (u == 0 || ranges[u - 1].hi + 1 < ranges[u].lo), "ranges not disjoint");
		for (u = 0; u < UNIVERSE; u++)
		{
			int64_t		key = universe[u];

			CHECK(hsset_ranges_contain(ranges, nranges, key) == oracle_member(ra, nra, key),
				  "ranges of %s disagree on %s", buf, universe_text[u]);
			CHECK(hsset_ranges_overlap(ranges, nranges, key, hs_key_subtree_max(key)) ==
				  oracle_subtree_overlaps(ra, nra, key),
				  "ranges of %s overlap the subtree of %s: answer differs from the oracle",
				  buf, universe_text[u]);
		}

		/* set algebra */
		for (op = HSSET_UNION; op <= HSSET_EXCEPT; op++)
		{
			nout = hsset_combine(a, na, b, nb, (hsset_op) op, out);
			CHECK(nout >= 0 && nout <= na + nb, "combine count %d", nout);
			memcpy(again, out, sizeof(int64_t) * nout);
			CHECK(hsset_canonicalize(again, nout, NULL) == nout &&
				  memcmp(again, out, sizeof(int64_t) * nout) == 0, "result not canonical");
			for (u = 0; u < UNIVERSE; u++)
			{
				bool		va = oracle_member(ra, nra, universe[u]);
				bool		vb = oracle_member(rb, nrb, universe[u]);
				bool		expect = op == HSSET_UNION ? (va || vb) :
					op == HSSET_INTERSECT ? (va && vb) : (va && !vb);

				CHECK(hsset_member_value(out, nout, universe[u]) == expect,
					  "op %d on %s", op, universe_text[u]);
			}
		}
		for (u = 0; u < UNIVERSE; u++)
			if (oracle_member(ra, nra, universe[u]) && !oracle_member(rb, nrb, universe[u]))
				oracle_subset = false;
		subset = hsset_is_subset(a, na, b, nb);
		/* the universe holds every member key, so it decides containment */
		CHECK(subset == oracle_subset, "subset");
		/* a subset of b exactly when a - b is empty */
		CHECK(subset == (hsset_combine(a, na, b, nb, HSSET_EXCEPT, out) == 0), "subset vs except");
	}
}

/* how often the algebra called hsset_interrupt_check */
static long interrupt_calls = 0;

static void
count_interrupt_check(void)
{
	interrupt_calls++;
}

/* the 10-digit code 8542 followed by the 6 digits of i */
static int64_t
national_line(int i)
{
	char		text[16];

	snprintf(text, sizeof(text), "8542%06d", i);
	return key_of(text);
}

/*
 * a = the lines 0..LARGE-1, b = the lines LARGE/2..LARGE/2+LARGE-1: siblings
 * all, so the old backwards walk over siblings was quadratic here.
 */
#define LARGE		100000
static void
large_sets(void)
{
	int64_t    *a = malloc(sizeof(int64_t) * LARGE);
	int64_t    *b = malloc(sizeof(int64_t) * LARGE);
	int64_t    *out = malloc(sizeof(int64_t) * 2 * LARGE);
	int			na,
				nb,
				n,
				i;
	clock_t		start = clock();

	for (i = 0; i < LARGE; i++)
	{
		a[i] = national_line(i);
		b[i] = national_line(LARGE / 2 + i);
	}
	hsset_interrupt_check = count_interrupt_check;
	na = hsset_canonicalize(a, LARGE, NULL);
	nb = hsset_canonicalize(b, LARGE, NULL);
	CHECK(na == LARGE && nb == LARGE, "large sets canonical: %d, %d", na, nb);

	interrupt_calls = 0;
	n = hsset_combine(a, na, b, nb, HSSET_UNION, out);
	CHECK(n == LARGE + LARGE / 2, "large union has %d members", n);
	CHECK(interrupt_calls >= n, "union checked for interrupts %ld times", interrupt_calls);
	n = hsset_combine(a, na, b, nb, HSSET_INTERSECT, out);
	CHECK(n == LARGE / 2 && out[0] == national_line(LARGE / 2),
		  "large intersection has %d members", n);
	CHECK(hsset_is_subset(out, n, a, na) && hsset_is_subset(out, n, b, nb),
		  "intersection is a subset of both");
	CHECK(!hsset_is_subset(a, na, b, nb), "a is no subset of b");
	n = hsset_combine(a, na, b, nb, HSSET_EXCEPT, out);
	CHECK(n == LARGE / 2 && out[n - 1] == national_line(LARGE / 2 - 1),
		  "large difference has %d members", n);

	/* an exclusion among the siblings: {8542, !8542xxxxxx for every line of a} */
	a[0] = key_of("8542");
	for (i = 1; i < LARGE; i++)
		a[i] = national_line(i) | HSSET_EXCLUDE;
	na = hsset_canonicalize(a, LARGE, NULL);
	CHECK(hsset_member_value(a, na, national_line(0)) &&
		  !hsset_member_value(a, na, national_line(LARGE - 1)) &&
		  hsset_member_value(a, na, national_line(LARGE)),
		  "membership among 100,000 sibling exclusions");
	interrupt_calls = 0;
	/* one range before the first exclusion, one after each (the gaps hold no code) */
	CHECK(hsset_to_ranges(a, na, (hsset_range *) out) == LARGE && interrupt_calls >= na,
		  "ranges of the excluded siblings");
	hsset_interrupt_check = NULL;

	/* quadratic would take minutes; O(n log n) takes well under a second */
	CHECK((double) (clock() - start) / CLOCKS_PER_SEC < 5.0,
		  "large set algebra took %.1f s", (double) (clock() - start) / CLOCKS_PER_SEC);
	free(a);
	free(b);
	free(out);
}

int
main(void)
{
	int			i;

	for (i = 0; i < UNIVERSE; i++)
		universe[i] = key_of(universe_text[i]);
	RUN_TEST(fixed_cases());
	RUN_TEST(random_cases());
	RUN_TEST(large_sets());
	return unit_summary("hsset_core");
}

/*
 * test_score_core.c
 *		Unit tests of score_core.c, outside the server.
 *
 * - the small arithmetic: ramps, noisy-OR, robust z, medians;
 * - each indicator fires on the facts of its definition and stays silent on
 *   the nearest legitimate case (hub exports of their own goods, Chinese
 *   goods via Kazakhstan, EU warehouses, trade before the sanctions);
 * - lane_change: dormant-to-large is a surge, 1 -> 3 and blips are not;
 * - laws on random facts: the score is in [0, 1], at least the largest
 *   contribution, the noisy-OR of the contributions, the level follows the
 *   thresholds, and raising a weight never lowers a score.
 */
#include "score_core.h"
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define C(a, b)		((uint16_t) (((a) << 8) | (b)))
#define DE	C('D', 'E')
#define FR	C('F', 'R')
#define KZ	C('K', 'Z')
#define RU	C('R', 'U')
#define CN	C('C', 'N')
#define NL	C('N', 'L')

static const sc_params *P;

/* a route with roles on a post-sanctions date */
static uint8_t
role_of(uint16_t c, bool after)
{
	if (!after)
		return c == KZ || c == CN ? SC_ROLE_HUB : 0;
	if (c == DE || c == FR || c == NL)
		return SC_ROLE_COALITION;
	if (c == RU)
		return SC_ROLE_SANCTIONED;
	if (c == KZ || c == CN)
		return SC_ROLE_HUB;
	return 0;
}

static void
route(sc_facts *f, bool after, int n, const uint16_t *cs, uint16_t origin)
{
	sc_facts_init(f);
	f->ncountries = n;
	for (int i = 0; i < n; i++)
	{
		f->countries[i] = cs[i];
		f->roles[i] = role_of(cs[i], after);
	}
	f->has_origin = origin != 0;
	f->origin = origin;
	f->origin_roles = role_of(origin, after);
	f->after_cutoff = after;
	f->have_history = true;
}

static bool
fired(const sc_facts *f, sc_indicator ind, sc_result *r)
{
	sc_evaluate(f, P, r);
	return r->reasons[ind].fired;
}

static void
test_arithmetic(void)
{
	double		c[3] = {0.5, 0.5, 0.0};
	double		v[5] = {5, 1, 4, 2, 3};

	CHECK(sc_ramp(1.0, 2.0, 4.0) == 0.0, "below");
	CHECK(sc_ramp(3.0, 2.0, 4.0) == 0.5, "middle");
	CHECK(sc_ramp(9.0, 2.0, 4.0) == 1.0, "above");
	CHECK(sc_ramp(NAN, 2.0, 4.0) == 0.0, "NaN");
	CHECK(fabs(sc_noisy_or(c, 3) - 0.75) < 1e-12, "noisy-or of two halves");
	CHECK(sc_noisy_or(c, 0) == 0.0, "empty");
	CHECK(fabs(sc_robust_z(2.0, 1.0, 0.5, 0.05) - 1.0 / (1.4826 * 0.5)) < 1e-12, "z");
	CHECK(fabs(sc_robust_z(2.0, 1.0, 0.0, 0.05) - 1.0 / (1.4826 * 0.05)) < 1e-12, "MAD floor");
	CHECK(sc_median(v, 5) == 3.0, "odd median");
	CHECK(sc_median(v, 4) == 2.5, "even median");
	CHECK(sc_lane_offset(1) == 12 && sc_lane_offset(12) == 12 && sc_lane_offset(13) == 24, "offsets");
}

static void
test_indicators(void)
{
	sc_facts	f;
	sc_result	r;
	const uint16_t de_kz_ru[] = {DE, KZ, RU};
	const uint16_t kz_ru[] = {KZ, RU};
	const uint16_t cn_kz_ru[] = {CN, KZ, RU};
	const uint16_t nl_kz[] = {NL, KZ};
	const uint16_t de_fr[] = {DE, FR};
	const uint16_t ru_kz_ru[] = {RU, KZ, RU};

	/* 1. watchlist, by exposure */
	route(&f, true, 3, de_kz_ru, DE);
	f.tier_weight = 1.0;
	CHECK(fired(&f, SC_WATCHLIST, &r) && fabs(r.reasons[SC_WATCHLIST].contribution - P->weight[SC_WATCHLIST]) < 1e-12,
		  "CHPL via hub to Russia: full weight");
	route(&f, true, 2, de_fr, DE);
	f.tier_weight = 1.0;
	sc_evaluate(&f, P, &r);
	CHECK(r.reasons[SC_WATCHLIST].contribution <= P->weight[SC_WATCHLIST] * P->exposure_other + 1e-12,
		  "CHPL within the coalition: exposure_other");
	route(&f, true, 3, cn_kz_ru, CN);
	f.tier_weight = 1.0;
	sc_evaluate(&f, P, &r);
	CHECK(r.reasons[SC_WATCHLIST].contribution < P->weight[SC_WATCHLIST] * 0.5, "Chinese goods: no coalition nexus");

	/* 2. transshipment: after the sanctions, through a hub, not direct */
	route(&f, true, 3, de_kz_ru, DE);
	CHECK(fired(&f, SC_TRANSSHIPMENT, &r) && r.hub_position == 1, "DE>KZ>RU");
	route(&f, false, 3, de_kz_ru, DE);
	CHECK(!fired(&f, SC_TRANSSHIPMENT, &r), "DE>KZ>RU before the sanctions");
	route(&f, true, 2, kz_ru, KZ);
	CHECK(!fired(&f, SC_TRANSSHIPMENT, &r), "a hub's own exports are no transshipment");
	route(&f, true, 3, cn_kz_ru, CN);
	sc_evaluate(&f, P, &r);
	CHECK(r.reasons[SC_TRANSSHIPMENT].contribution < P->weight[SC_TRANSSHIPMENT], "no nexus weighs less");

	/* 3. origin */
	route(&f, true, 2, kz_ru, DE);
	CHECK(fired(&f, SC_ORIGIN, &r) && r.reasons[SC_ORIGIN].cause == SC_CAUSE_COALITION_ORIGIN_HUB_DISPATCH,
		  "German goods dispatched from Kazakhstan to Russia");
	route(&f, true, 3, de_kz_ru, KZ);
	CHECK(fired(&f, SC_ORIGIN, &r) && r.reasons[SC_ORIGIN].cause == SC_CAUSE_HUB_ORIGIN_COALITION_ROUTE,
		  "declared Kazakh, shipped from Germany");
	route(&f, true, 2, kz_ru, KZ);
	CHECK(!fired(&f, SC_ORIGIN, &r), "Kazakh goods from Kazakhstan");
	route(&f, true, 2, nl_kz, CN);
	f.has_origin_lift = true;
	f.origin_lift = 5.0;
	sc_evaluate(&f, P, &r);
	CHECK(r.reasons[SC_ORIGIN].contribution <= 0.25 * P->exposure_hub * P->weight[SC_ORIGIN] + 1e-12,
		  "Chinese goods from an EU warehouse to a hub weigh a quarter");
	route(&f, true, 2, kz_ru, KZ);
	f.has_origin_lift = true;
	f.origin_lift = 0.001;
	CHECK(fired(&f, SC_ORIGIN, &r) && r.reasons[SC_ORIGIN].cause == SC_CAUSE_IMPLAUSIBLE_ORIGIN,
		  "Kazakh-made chips are implausible");

	/* 4. route shape */
	route(&f, true, 3, ru_kz_ru, RU);
	f.has_loop = true;
	CHECK(fired(&f, SC_ROUTE_SHAPE, &r) && r.reasons[SC_ROUTE_SHAPE].cause == SC_CAUSE_LOOP, "round trip");
	route(&f, true, 3, de_kz_ru, DE);
	f.detour_ratio = 1.2;
	CHECK(!fired(&f, SC_ROUTE_SHAPE, &r), "short detour");

	/* 5. unit value, both ways, and a missing baseline */
	route(&f, true, 2, de_fr, DE);
	f.has_unit_value = f.has_uv_baseline = true;
	f.uv_median = log(500.0);
	f.uv_mad = 0.1;
	f.uv_n = 100;
	f.log_unit_value = log(500.0 / 20.0);
	CHECK(fired(&f, SC_UNIT_VALUE, &r) && r.reasons[SC_UNIT_VALUE].value < 0, "x20 under");
	f.log_unit_value = log(500.0 * 20.0);
	CHECK(fired(&f, SC_UNIT_VALUE, &r) && r.reasons[SC_UNIT_VALUE].value > 0, "x20 over");
	f.log_unit_value = log(520.0);
	CHECK(!fired(&f, SC_UNIT_VALUE, &r), "ordinary price");
	f.log_unit_value = log(500.0 * 20.0);
	f.uv_n = 3;
	CHECK(!fired(&f, SC_UNIT_VALUE, &r), "too few observations");

	/* 6. lane surge, after the cutoff only */
	route(&f, true, 2, kz_ru, KZ);
	f.has_lane = true;
	f.lane_relative = 30.0;
	f.lane_ratio = 30.0;
	CHECK(fired(&f, SC_LANE_SURGE, &r), "surging lane");
	f.after_cutoff = false;
	CHECK(!fired(&f, SC_LANE_SURGE, &r), "before the cutoff");
	f.after_cutoff = true;
	f.lane_relative = 1.1;
	CHECK(!fired(&f, SC_LANE_SURGE, &r), "steady lane");
	f.lane_relative = 3.0;
	f.lane_ratio = 1.0;
	CHECK(!fired(&f, SC_LANE_SURGE, &r), "a lane that only shrank less than its dispatch country's trade");
	f.lane_ratio = 30.0;
	f.lane_relative = 30.0;

	/* 7. new trader, only with a history to compare with */
	route(&f, true, 3, de_kz_ru, DE);
	f.has_exporter = true;
	CHECK(fired(&f, SC_NEW_TRADER, &r) && r.reasons[SC_NEW_TRADER].cause == SC_CAUSE_NEW_EXPORTER, "new exporter");
	{
		sc_facts	g;
		const uint16_t de_kz[] = {DE, KZ};

		route(&g, true, 2, de_kz, DE);
		g.has_exporter = true;
		CHECK(!fired(&g, SC_NEW_TRADER, &r), "a new firm shipping to a hub: ordinary");
	}
	f.have_history = false;
	CHECK(!fired(&f, SC_NEW_TRADER, &r), "no history: silent");
	f.have_history = true;
	f.exporter_known = f.exporter_in_chapter = f.exporter_used_leg = true;
	f.exporter_history = 50;
	CHECK(!fired(&f, SC_NEW_TRADER, &r), "known exporter in its chapter");
	f.exporter_in_chapter = false;
	CHECK(fired(&f, SC_NEW_TRADER, &r) && r.reasons[SC_NEW_TRADER].cause == SC_CAUSE_NEW_CHAPTER, "new chapter");

	/* 8. route rarity */
	route(&f, true, 3, de_kz_ru, DE);
	f.has_rarity = true;
	f.route_share = 0.001;
	f.usual_share = 0.8;
	CHECK(fired(&f, SC_ROUTE_RARITY, &r) && r.reasons[SC_ROUTE_RARITY].cause == SC_CAUSE_RARE_ROUTE, "rare route");
	f.route_share = 0.5;
	CHECK(!fired(&f, SC_ROUTE_RARITY, &r), "usual route");
	f.exporter_known = true;
	f.exporter_history = 50;
	f.exporter_used_leg = false;
	CHECK(fired(&f, SC_ROUTE_RARITY, &r) && r.reasons[SC_ROUTE_RARITY].cause == SC_CAUSE_EXPORTER_ROUTE_CHANGE,
		  "exporter's new leg");

	/* 9. party */
	route(&f, true, 2, de_fr, DE);
	CHECK(!fired(&f, SC_PARTY, &r), "no party match");
	f.party_similarity = 0.95;
	CHECK(fired(&f, SC_PARTY, &r), "party match");

	/* nothing known: score 0, level none */
	sc_facts_init(&f);
	sc_evaluate(&f, P, &r);
	CHECK(r.score == 0.0 && r.level == 0, "empty facts");
}

static void
test_lanes(void)
{
	double		before[10],
				after[10];
	sc_lane_change a,
				b,
				c;

	for (int i = 0; i < 10; i++)
	{
		before[i] = 0;
		after[i] = 100000;
	}
	sc_lane_compute(before, after, 10, 10000, &a);
	for (int i = 0; i < 10; i++)
	{
		before[i] = 1;
		after[i] = 3;
	}
	sc_lane_compute(before, after, 10, 10000, &b);
	CHECK(a.score > 2.0 && b.score < 0.01, "0 -> 100k is a surge (%g), 1 -> 3 is not (%g)", a.score, b.score);
	for (int i = 0; i < 10; i++)
		before[i] = after[i] = 20000;
	after[4] = 5e6;
	sc_lane_compute(before, after, 10, 10000, &c);
	CHECK(c.score == 0.0 && c.active_after == 10, "a single-month blip is no surge");
	for (int i = 0; i < 10; i++)
	{
		before[i] = 5e6 / 12;
		after[i] = 170e6 / 12;
	}
	sc_lane_compute(before, after, 10, 10000, &a);
	for (int i = 0; i < 10; i++)
	{
		before[i] = 0;
		after[i] = 200e3 / 12;
	}
	sc_lane_compute(before, after, 10, 10000, &b);
	CHECK(a.score > b.score, "5M -> 170M a year outranks 0 -> 200k");
	sc_lane_compute(before, after, 0, 10000, &c);
	CHECK(c.score == 0.0, "no months");
}

/*
 * Random facts of the laws' tests: a route of one to four countries of the
 * pool with their roles, an origin, the cutoff, history, a loop, a detour and
 * a watchlist tier weight; the callers draw the rest in the same order.
 */
static void
random_route(sc_facts *f)
{
	static const uint16_t pool[] = {DE, FR, KZ, RU, CN, NL};

	sc_facts_init(f);
	f->ncountries = 1 + rng_below(4);
	for (int i = 0; i < f->ncountries; i++)
	{
		f->countries[i] = pool[rng_below(6)];
		f->roles[i] = role_of(f->countries[i], rng_below(2));
	}
	f->has_origin = rng_below(2);
	f->origin = pool[rng_below(6)];
	f->origin_roles = role_of(f->origin, true);
	f->after_cutoff = rng_below(2);
	f->have_history = rng_below(2);
	f->has_loop = rng_below(5) == 0;
	f->detour_ratio = 1.0 + rng_below(400) / 100.0;
	f->tier_weight = rng_below(3) ? 0.0 : rng_below(100) / 100.0;
}

static void
test_laws(void)
{
	sc_params	heavier = *P;

	for (int i = 0; i < SC_NINDICATORS; i++)
		heavier.weight[i] = fmin(1.0, P->weight[i] * 1.5);
	for (int t = 0; t < 200000; t++)
	{
		sc_facts	f;
		sc_result	r,
					r2;
		double		maxc = 0.0,
					keep = 1.0;

		random_route(&f);
		f.has_unit_value = f.has_uv_baseline = rng_below(2);
		f.log_unit_value = rng_below(1000) / 100.0;
		f.uv_median = 5.0;
		f.uv_mad = rng_below(100) / 100.0;
		f.uv_n = rng_below(50);
		f.has_lane = rng_below(2);
		f.lane_relative = rng_below(5000) / 100.0;
		f.has_exporter = rng_below(2);
		f.exporter_known = rng_below(2);
		f.exporter_in_chapter = rng_below(2);
		f.exporter_used_leg = rng_below(2);
		f.exporter_history = rng_below(20);
		f.has_rarity = rng_below(2);
		f.route_share = (1 + rng_below(1000)) / 1000.0;
		f.usual_share = f.route_share + rng_below(1000) / 1000.0;
		f.has_origin_lift = rng_below(2);
		f.origin_lift = rng_below(1000) / 100.0;
		if (rng_below(4) == 0)
			f.party_similarity = rng_below(100) / 100.0;

		sc_evaluate(&f, P, &r);
		for (int i = 0; i < SC_NINDICATORS; i++)
			if (r.reasons[i].fired)
			{
				maxc = fmax(maxc, r.reasons[i].contribution);
				keep *= 1.0 - r.reasons[i].contribution;
			}
		CHECK(r.score >= 0.0 && r.score <= 1.0, "score %g out of [0, 1]", r.score);
		CHECK(r.score >= maxc - 1e-12, "score below its largest contribution");
		CHECK(fabs(r.score - (1.0 - keep)) < 1e-12, "score is not the noisy-OR");
		CHECK(r.level == (r.score >= P->level_high ? 3 : r.score >= P->level_medium ? 2 :
						  r.score >= P->level_low ? 1 : 0), "level");
		sc_evaluate(&f, &heavier, &r2);
		CHECK(r2.score >= r.score - 1e-12, "a heavier weight lowered a score");
	}
}

/* parameters are set by name; an unknown name is refused */
static void
test_params(sc_params *p)
{
	CHECK(sc_params_set(p, "weight.watchlist", p->weight[SC_WATCHLIST]), "known parameter");
	CHECK(!sc_params_set(p, "weight.nonsense", 1.0), "unknown parameter");
}

/*
 * The smoothing moved out of the server glue: exact values on hand-worked
 * counts, and its laws (shares in (0, 1], the usual share never below the
 * route's, a lift of 1 for an origin that makes a heading as often as
 * anything, the subheading's price baseline first when it is large enough).
 */
static void
test_smoothing(void)
{
	double		q,
				r,
				u;
	bool		present[2];
	double		n[2];

	/* 3 of 10 declarations into a destination that had 2 dispatch countries */
	q = sc_dispatch_share(10, 2, 3);
	CHECK(fabs(q - 3.5 / 11.5) < 1e-12, "share %g", q);
	CHECK(sc_dispatch_share(10, 2, 0) > 0.0, "an unseen dispatch country has a share");

	/* cell 0 of 100 for the heading, prior share q, usual 90 with q_max */
	sc_route_shares(0, 90, 100, 0.01, 0.6, 20, &r, &u);
	CHECK(fabs(r - (0 + 20 * 0.01) / 120) < 1e-12, "route share %g", r);
	CHECK(fabs(u - (90 + 20 * 0.6) / 120) < 1e-12, "usual share %g", u);
	sc_route_shares(50, 10, 60, 0.5, 0.2, 20, &r, &u);
	CHECK(u >= r, "usual %g below route %g", u, r);

	/* an origin with a tenth of all trade and a tenth of the heading: lift 1 */
	CHECK(fabs(sc_origin_lift(100, 1000, 1000, 10000, 0, 0) - 1.0) < 0.01,
		  "lift %g", sc_origin_lift(100, 1000, 1000, 10000, 0, 0));
	CHECK(sc_origin_lift(0, 1000, 1000, 10000, 5, 20) < 0.1, "rare origin");

	for (int i = 0; i < 1000; i++)
	{
		double		tot = rand() % 1000 + 1,
					k = rand() % 20,
					c = rand() % ((int) tot + 1);
		double		s = sc_dispatch_share(tot, k, c);

		CHECK(s > 0.0 && s <= 1.0, "share %g of %g/%g", s, c, tot);
	}

	present[0] = true;
	present[1] = true;
	n[0] = 10;
	n[1] = 3;
	CHECK(sc_uv_pick(present, n, 10) == 0, "subheading with enough rows");
	n[0] = 9;
	CHECK(sc_uv_pick(present, n, 10) == 1, "heading when the subheading is thin");
	present[1] = false;
	CHECK(sc_uv_pick(present, n, 10) == -1, "none");
	CHECK(sc_tier_default_weight(1) == 1.0 && sc_tier_default_weight(9) == 0.45, "tier weights");
}

/*
 * The laws of scoring v2 on random declarations: every contribution is
 * weight x strength x exposure x goods factor; the goods factor of the
 * behavioural indicators lies in [d0, 1] and grows with the restriction;
 * no behavioural indicator reaches medium alone; direct_export needs a
 * sanctioned destination; making the goods more restricted never lowers a
 * score; a lane surge below full strength stays below medium.
 */
static void
test_laws_v2(void)
{
	static const sc_indicator behaviour[] = {SC_TRANSSHIPMENT, SC_ORIGIN, SC_NEW_TRADER,
	SC_ROUTE_RARITY};

	for (int t = 0; t < 200000; t++)
	{
		sc_facts	f;
		sc_result	r,
					r2;
		bool		sanctioned;

		random_route(&f);
		f.restricted_rho = rng_below(2) ? 0.0 : rng_below(101) / 100.0;
		f.restricted_bound = rng_below(2);
		f.direct_rho = rng_below(3) ? 0.0 : rng_below(101) / 100.0;
		f.has_lane = rng_below(2);
		f.lane_ratio = rng_below(5000) / 100.0;
		f.lane_relative = rng_below(5000) / 100.0;
		f.has_exporter = rng_below(2);
		f.exporter_known = rng_below(2);
		f.exporter_in_chapter = rng_below(2);
		f.exporter_used_leg = rng_below(2);
		f.exporter_history = rng_below(20);
		f.has_rarity = rng_below(2);
		f.route_share = (1 + rng_below(1000)) / 1000.0;
		f.usual_share = f.route_share + rng_below(1000) / 1000.0;
		f.has_origin_lift = rng_below(2);
		f.origin_lift = rng_below(1000) / 100.0;

		sc_evaluate(&f, P, &r);
		sanctioned = f.ncountries > 0 && (f.roles[f.ncountries - 1] & SC_ROLE_SANCTIONED);
		for (int i = 0; i < SC_NINDICATORS; i++)
		{
			const sc_reason *re = &r.reasons[i];

			if (!re->fired)
				continue;
			CHECK(fabs(P->weight[i] * re->strength * re->exposure * re->goods_factor
					   - re->contribution) < 1e-12, "contribution of %s is not its parts",
				  sc_indicator_names[i]);
		}
		CHECK(r.diversion >= (sanctioned ? P->diversion_unrestricted : P->diversion_none) - 1e-12
			  && r.diversion <= 1.0 + 1e-12, "goods factor %g out of [d0, 1]", r.diversion);
		for (size_t k = 0; k < sizeof(behaviour) / sizeof(behaviour[0]); k++)
			CHECK(r.reasons[behaviour[k]].contribution < P->level_medium,
				  "%s alone reaches medium", sc_indicator_names[behaviour[k]]);
		CHECK(r.reasons[SC_ROUTE_SHAPE].contribution < P->level_medium, "route_shape alone reaches medium");
		if (r.reasons[SC_LANE_SURGE].fired && r.reasons[SC_LANE_SURGE].strength < 1.0)
			CHECK(r.reasons[SC_LANE_SURGE].contribution < P->level_medium,
				  "a lane surge below full strength reaches medium");
		CHECK(!r.reasons[SC_DIRECT_EXPORT].fired || sanctioned, "direct_export outside a sanctioned destination");

		/* more restricted goods never score lower */
		f.restricted_rho = fmin(1.0, f.restricted_rho + 0.25);
		sc_evaluate(&f, P, &r2);
		CHECK(r2.score >= r.score - 1e-12, "more restricted goods scored lower");
		CHECK(r2.diversion >= r.diversion - 1e-12, "more restricted goods, smaller goods factor");
	}
}

/* unit spellings and exact conversions */
static void
test_units(void)
{
	static const struct
	{
		const char *in;
		const char *code;
		double		factor;
	}			cases[] = {
		{"u", "u", 1}, {" PCS ", "u", 1}, {"pcs.", "u", 1}, {"NAR", "u", 1}, {"p/st", "u", 1},
		{"\xd1\x88\xd1\x82", "u", 1}, {"\xd0\xa8\xd0\xa2", "u", 1}, {"\xd1\x88\xd1\x82.", "u", 1},
		{"KGS", "kg", 1}, {"\xd0\xba\xd0\xb3", "kg", 1}, {"g", "kg", 0.001}, {"t", "kg", 1000},
		{"TNE", "kg", 1000}, {"ltr", "l", 1}, {"hl", "l", 100}, {"MTK", "m2", 1}, {"m\xc2\xb2", "m2", 1},
		{"1000 p/st", "u", 1000}, {"barrels", "barrels", 1}, {"Foo  Bar", "foo bar", 1},
	};
	char		buf[64];
	double		factor;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		int			n = sc_unit_normalize(cases[i].in, (int) strlen(cases[i].in), buf, &factor);

		CHECK(n == (int) strlen(cases[i].code) && strcmp(buf, cases[i].code) == 0,
			  "unit %s gave %s", cases[i].in, buf);
		CHECK(factor == cases[i].factor, "unit %s factor %g", cases[i].in, factor);
	}
	CHECK(sc_unit_normalize("  ", 2, buf, &factor) == 0, "blank unit");
	/* value conditions: EUR 800 an item is above 750, EUR 700 below, no items unknown */
	CHECK(sc_value_condition(750, true, 800 * P->usd_per_eur * 10, 10, P) == SC_VALUE_MET, "above");
	CHECK(sc_value_condition(750, true, 700 * P->usd_per_eur * 10, 10, P) == SC_VALUE_BELOW, "below");
	CHECK(sc_value_condition(750, false, 800, 10, P) == SC_VALUE_UNKNOWN, "not items");
	CHECK(sc_value_condition(750, true, INFINITY, 10, P) == SC_VALUE_UNKNOWN, "infinite value");
	CHECK(sc_value_condition(NAN, true, 1, 1, P) == SC_VALUE_NONE, "no condition");
	CHECK(sc_match_strength(SC_MATCH_FULL, SC_VALUE_BELOW, P) == 0.0, "below a threshold is not restricted");
	CHECK(sc_match_strength(SC_MATCH_EX, SC_VALUE_UNKNOWN, P) == P->ex_factor * P->value_unknown, "ex, unknown");
	CHECK(sc_match_strength(SC_MATCH_COARSE, SC_VALUE_NONE, P) == P->coarse_factor, "coarse");
	/* an "ex" row defined by its value (Art. 3h(2)): the check met resolves the "ex" */
	CHECK(sc_match_strength(SC_MATCH_EX, SC_VALUE_MET, P) == 1.0, "ex, value met");
	CHECK(sc_match_strength(SC_MATCH_EX, SC_VALUE_NONE, P) == P->ex_factor, "ex, no value condition");
	CHECK(sc_match_strength(SC_MATCH_EX, SC_VALUE_BELOW, P) == 0.0, "ex, value below");
	CHECK(sc_match_strength(SC_MATCH_COARSE, SC_VALUE_MET, P) == P->coarse_factor, "coarse, value met");
	/* HS2022 subheadings under a heading or chapter (data/hs2022_nomenclature.csv) */
	CHECK(sc_hs2022_subheadings(8542, 4) == 5, "8542: 854231, 32, 33, 39, 90");
	CHECK(sc_hs2022_subheadings(101, 4) == 4, "0101: 010121, 29, 30, 90");
	CHECK(sc_hs2022_subheadings(85, 2) == 296, "chapter 85");
	CHECK(sc_hs2022_subheadings(1, 2) == 4 + 5 + 3 + 2 + 7 + 13, "chapter 01, headings 0101-0106");
	CHECK(sc_hs2022_subheadings(199, 4) == 0, "no heading 0199");
	CHECK(sc_hs2022_subheadings(854231, 6) == 0, "a subheading has no count");
	{
		int			total = 0;

		for (int c = 1; c <= 99; c++)
			total += sc_hs2022_subheadings(c, 2);
		CHECK(total == 5613, "HS2022 has 5,613 subheadings: %d", total);
	}
	/* the coarse share: covered over subheadings, at most 1; the factor when unknown */
	CHECK(sc_coarse_share(5, 5, P->coarse_factor) == 1.0, "all covered");
	CHECK(sc_coarse_share(296, 173, P->coarse_factor) == 173.0 / 296.0, "a share");
	CHECK(sc_coarse_share(5, 7, P->coarse_factor) == 1.0, "at most 1");
	CHECK(sc_coarse_share(0, 3, P->coarse_factor) == P->coarse_factor, "unknown subheadings");
	CHECK(sc_coarse_share(5, 0, P->coarse_factor) == 0.0, "none covered");
}

int
main(void)
{
	sc_params	p;

	sc_params_default(&p);
	P = &p;
	RUN_TEST(test_params(&p));
	RUN_TEST(test_arithmetic());
	RUN_TEST(test_indicators());
	RUN_TEST(test_lanes());
	RUN_TEST(test_laws());
	RUN_TEST(test_smoothing());
	RUN_TEST(test_laws_v2());
	RUN_TEST(test_units());
	return unit_summary("score_core");
}

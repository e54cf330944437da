/*
 * test_trade_stats_core.c
 *		Unit tests of trade_stats_core.c, outside the server.
 *
 * - the small arithmetic: merging periods, annual series, weighted median,
 *   trimmed mean;
 * - mirror_gap: a planted phantom share is measured, and a lane's normal
 *   gap, a one-month recording lag, a month the partner did not report,
 *   seasonality and annual series are not gaps;
 * - pass_through: a planted pass-through share is measured; seasonality, a
 *   single-month blip, an import surge the hub kept and an export surge
 *   without extra imports are not pass-through;
 * - laws on random lanes: row order does not matter, scaling every value
 *   and the prior together does not change a score, scores are >= 0 and
 *   shares in [0, 1].
 */
#include "trade_stats_core.h"
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI			3.14159265358979323846
#define M(y, m)		((y) * 12 + (m) - 1)
#define CUTOFF		M(2022, 3)

/* a monthly lane from January 2020 to December 2022 */
#define FIRST		M(2020, 1)
#define NMONTHS		36

static int
lane(ts_period *p, double (*a) (int), double (*b) (int), int missing_b)
{
	for (int i = 0; i < NMONTHS; i++)
	{
		p[i].month = FIRST + i;
		p[i].a_ok = true;
		p[i].b_ok = p[i].month != missing_b;
		p[i].a = a(p[i].month);
		p[i].b = p[i].b_ok ? b(p[i].month) : 0.0;
	}
	return NMONTHS;
}

/* seasonal exports of about 1M a month */
static double
seasonal(int month)
{
	return 1e6 * (1.0 + 0.4 * sin(2.0 * PI * (month % 12) / 12.0));
}

static double
imports_full(int month)
{
	return 1.05 * seasonal(month);
}

static double
imports_half_after(int month)
{
	return 1.05 * seasonal(month) * (month >= CUTOFF ? 0.5 : 1.0);
}

static double
imports_late(int month)
{
	return 1.05 * seasonal(month - 1);
}

/* a lane growing 8% a month from the cutoff on */
static double
growing(int month)
{
	return 1e6 * (month >= CUTOFF ? pow(1.08, month - CUTOFF + 1) : 1.0);
}

static double
imports_growing_late(int month)
{
	return 1.05 * growing(month - 1);
}

static double
imports_normal_gap(int month)
{
	return 0.7 * 1.05 * seasonal(month);
}

static double
imports_zero_month(int month)
{
	return month == M(2022, 6) ? 0.0 : 1.05 * seasonal(month);
}

static void
test_merge(void)
{
	ts_period	p[4] = {
		{M(2022, 2), true, false, 5.0, 0.0},
		{M(2022, 1), true, true, 1.0, 2.0},
		{M(2022, 2), false, true, 0.0, 7.0},
		{M(2022, 1), true, false, 3.0, 0.0},
	};
	int			n = ts_merge_periods(p, 4);

	CHECK(n == 2, "n = %d", n);
	CHECK(p[0].month == M(2022, 1) && p[0].a == 4.0 && p[0].b == 2.0 && p[0].a_ok && p[0].b_ok,
		  "january merged: %g %g", p[0].a, p[0].b);
	CHECK(p[1].month == M(2022, 2) && p[1].a == 5.0 && p[1].b == 7.0 && p[1].a_ok && p[1].b_ok,
		  "february merged: %g %g", p[1].a, p[1].b);
}

static void
test_annual(void)
{
	ts_period	y[3] = {{.month = M(2020, 1)}, {.month = M(2021, 1)}, {.month = M(2022, 1)}};
	ts_period	d[2] = {{.month = M(2020, 12)}, {.month = M(2021, 12)}};
	ts_period	mar[2] = {{.month = M(2020, 3)}, {.month = M(2021, 3)}};
	ts_period	m[2] = {{.month = M(2020, 1)}, {.month = M(2020, 2)}};

	CHECK(ts_is_annual(y, 3), "january rows are annual");
	CHECK(ts_is_annual(d, 2), "december rows are annual");
	CHECK(!ts_is_annual(mar, 2), "march rows are monthly");
	CHECK(!ts_is_annual(m, 2), "consecutive months are monthly");
	CHECK(!ts_is_annual(y, 1), "one period is monthly");
}

static void
test_step(void)
{
	ts_period	q[4] = {{.month = M(2021, 1)}, {.month = M(2021, 4)}, {.month = M(2021, 10)}, {.month = M(2022, 1)}};
	ts_period	y[3] = {{.month = M(2020, 1)}, {.month = M(2021, 1)}, {.month = M(2022, 1)}};
	ts_period	m[3] = {{.month = M(2021, 1)}, {.month = M(2021, 4)}, {.month = M(2021, 5)}};

	CHECK(ts_period_step(q, 4) == 3, "quarter starts are quarterly");
	CHECK(ts_period_step(y, 3) == 12, "januaries are annual");
	CHECK(ts_period_step(m, 3) == 1, "a may is monthly");
	CHECK(ts_period_step(q, 2) == 1, "two quarters are too few to say");
}

/* a quarterly hub lane: imports x3 from Q2 2022, 50% passed on in the same quarter */
static void
test_pass_quarterly(void)
{
	ts_period	p[12];
	ts_pass		r;

	for (int i = 0; i < 12; i++)
	{
		int32_t		month = M(2020, 1) + 3 * i;
		double		season = 1.0 + 0.3 * ((i % 4) == 3);

		p[i].month = month;
		p[i].a_ok = p[i].b_ok = true;
		p[i].a = 3e6 * season * (month >= M(2022, 4) ? 3.0 : 1.0);
		p[i].b = 1e4 + (month >= M(2022, 4) ? 0.5 * 6e6 * season : 0.0);
	}
	ts_pass_through(p, 12, M(2022, 3), 1e4, &r);
	CHECK(r.step == 3, "quarterly: %d", r.step);
	CHECK(r.periods_after == 3, "Q2-Q4 2022 after a March cutoff: %d", r.periods_after);
	CHECK(fabs(r.pass_through_share - 0.5) < 0.01, "share %g", r.pass_through_share);
	/* the same lane read as months would see two empty months in three */
	CHECK(r.score > 1.0, "score %g", r.score);
}

static void
test_weighted_median(void)
{
	double		x[5] = {1.0, 2.0, 3.0, 4.0, 100.0};
	double		w[5] = {1.0, 1.0, 1.0, 1.0, 1.0};
	double		x2[4] = {1.0, 2.0, 3.0, 4.0};
	double		w2[4] = {1.0, 1.0, 1.0, 1.0};
	double		x3[3] = {0.0, 0.95, 0.95};
	double		w3[3] = {0.49, 0.3, 0.21};

	CHECK(ts_weighted_median(x, w, 5) == 3.0, "median of five");
	x[4] = 1e12;
	CHECK(ts_weighted_median(x, w, 5) == 3.0, "an outlier does not move it");
	CHECK(ts_weighted_median(x2, w2, 4) == 2.5, "half way between at exactly half");
	CHECK(ts_weighted_median(x3, w3, 3) == 0.95, "less than half the weight at 0");
	CHECK(isnan(ts_weighted_median(x, w, 0)), "no values");
}

static void
test_trimmed_mean(void)
{
	double		x[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	double		y[3] = {1, 2, 3};

	x[4] = 1e9;
	CHECK(ts_trimmed_mean(x, 10) == 1.0, "a blip is trimmed");
	CHECK(ts_trimmed_mean(y, 3) == 2.0, "nothing trimmed under five values");
}

static void
test_mirror_planted(void)
{
	ts_period	p[NMONTHS];
	ts_mirror	r;
	int			n = lane(p, seasonal, imports_half_after, -1);

	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(fabs(r.ratio_before - 1.0) < 0.02, "ratio before %g", r.ratio_before);
	CHECK(fabs(r.ratio_after - 0.5) < 0.03, "ratio after %g", r.ratio_after);
	CHECK(fabs(r.phantom_share - 0.5) < 0.03, "phantom share %g", r.phantom_share);
	CHECK(r.missing_after > 0.45 * r.exports_after, "missing %g of %g", r.missing_after, r.exports_after);
	CHECK(r.score > 1.0, "score %g", r.score);
	CHECK(r.step == 1 && r.periods_before == 26 && r.periods_after == 10, "periods %d %d",
		  r.periods_before, r.periods_after);
}

static void
test_mirror_decoys(void)
{
	ts_period	p[NMONTHS];
	ts_mirror	r;
	int			n;

	n = lane(p, seasonal, imports_full, -1);
	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(r.score == 0.0 && r.missing_after == 0.0, "no gap: score %g", r.score);

	/* recorded a month late, on a seasonal lane */
	n = lane(p, seasonal, imports_late, -1);
	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(r.phantom_share < 0.05, "one month late: phantom share %g", r.phantom_share);
	CHECK(r.score < 0.3, "one month late: score %g", r.score);

	CHECK(r.lag == 1, "lag found: %d", r.lag);

	/* a growing lane recorded a month late */
	n = lane(p, growing, imports_growing_late, -1);
	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(r.lag == 1 && r.phantom_share < 0.01 && r.score < 0.1,
		  "growing, one month late: lag %d phantom share %g score %g", r.lag, r.phantom_share, r.score);
	/* with no lag allowed, the growth reads as a gap: the lag matters */
	ts_mirror_gap(p, n, CUTOFF, 0.05, 0, 1e4, &r);
	CHECK(r.phantom_share > 0.05, "lag 0 misreads the late lane: %g", r.phantom_share);

	/* a lane whose partner always records 70% */
	n = lane(p, seasonal, imports_normal_gap, -1);
	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(fabs(r.ratio_before - 0.7) < 0.02, "normal gap measured: %g", r.ratio_before);
	CHECK(r.score < 0.1 && r.phantom_share < 0.01, "normal gap is no phantom: %g", r.score);

	/* a month the partner did not report */
	n = lane(p, seasonal, imports_full, M(2022, 6));
	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(r.score == 0.0, "missing month: score %g", r.score);
	CHECK(r.periods_after == 9, "missing month not counted: %d", r.periods_after);

	/* a month reported as zero moves the median little */
	n = lane(p, seasonal, imports_zero_month, -1);
	ts_mirror_gap(p, n, CUTOFF, 0.05, 1, 1e4, &r);
	CHECK(r.phantom_share < 0.05, "zero month: phantom share %g", r.phantom_share);
}

static void
test_mirror_annual(void)
{
	ts_period	p[5];
	ts_mirror	r;

	for (int i = 0; i < 5; i++)
	{
		p[i].month = M(2019 + i, 1);
		p[i].a_ok = p[i].b_ok = true;
		p[i].a = 12e6;
		p[i].b = (2019 + i >= 2022 ? 0.4 : 0.9) * 12e6;
	}
	ts_mirror_gap(p, 5, M(2022, 8), 0.05, 1, 1e4, &r);
	CHECK(r.periods_before == 4 && r.periods_after == 1, "2022 is before an August cutoff: %d %d",
		  r.periods_before, r.periods_after);
	ts_mirror_gap(p, 5, M(2022, 2), 0.05, 1, 1e4, &r);
	CHECK(r.step == 12, "annual");
	CHECK(r.periods_before == 3 && r.periods_after == 2, "2022 is after a February cutoff: %d %d",
		  r.periods_before, r.periods_after);
	CHECK(fabs(r.ratio_before - 0.9 / 1.05) < 1e-9, "ratio before %g", r.ratio_before);
	CHECK(r.phantom_share > 0.45 && r.score > 1.0, "phantom %g score %g", r.phantom_share, r.score);
}

/* hub lanes */
static double
hub_imports(int month)
{
	return seasonal(month) * (month >= CUTOFF ? 3.0 : 1.0);
}

static double
hub_exports_60(int month)
{
	/* 60% of the extra imports leave for the destination a month later */
	return 2e4 + (month - 1 >= CUTOFF ? 0.6 * 2.0 * seasonal(month - 1) : 0.0);
}

static double
hub_exports_flat(int month)
{
	return 2e4 * (1.0 + 0.3 * sin(month));
}

static double
hub_imports_seasonal(int month)
{
	return seasonal(month) * 2.0;
}

static double
hub_exports_seasonal(int month)
{
	return 5e5 * (1.0 + 0.8 * sin(2.0 * PI * (month % 12) / 12.0));
}

static double
hub_imports_blip(int month)
{
	return seasonal(month) + (month == M(2022, 7) ? 5e7 : 0.0);
}

static double
hub_exports_blip(int month)
{
	return 3e5 + (month == M(2022, 7) ? 4e7 : 0.0);
}

static double
hub_exports_surge(int month)
{
	return month >= CUTOFF ? 2e6 : 1e4;
}

static double
hub_imports_flat(int month)
{
	return seasonal(month);
}

static void
test_pass_planted(void)
{
	ts_period	p[NMONTHS];
	ts_pass		r;
	int			n = lane(p, hub_imports, hub_exports_60, -1);

	ts_pass_through(p, n, CUTOFF, 1e4, &r);
	CHECK(fabs(r.pass_through_share - 0.6) < 0.1, "share %g", r.pass_through_share);
	CHECK(r.import_surge > 1.5e6 && r.export_surge > 0.9e6, "surges %g %g", r.import_surge, r.export_surge);
	CHECK(r.score > 1.0, "score %g", r.score);
}

static void
test_pass_decoys(void)
{
	ts_period	p[NMONTHS];
	ts_pass		r;
	int			n;

	/* the hub kept its extra imports */
	n = lane(p, hub_imports, hub_exports_flat, -1);
	ts_pass_through(p, n, CUTOFF, 1e4, &r);
	CHECK(r.pass_through_share < 0.02 && r.score < 0.2, "kept: share %g score %g",
		  r.pass_through_share, r.score);

	/* seasonal flows, no change */
	n = lane(p, hub_imports_seasonal, hub_exports_seasonal, -1);
	ts_pass_through(p, n, CUTOFF, 1e4, &r);
	CHECK(fabs(r.import_surge) < 1e-6 * 2e6 && fabs(r.export_surge) < 1e-6 * 5e5,
		  "seasonality cancels: %g %g", r.import_surge, r.export_surge);
	CHECK(r.score == 0.0, "seasonal: score %g", r.score);

	/* one month's blip on both flows */
	n = lane(p, hub_imports_blip, hub_exports_blip, -1);
	ts_pass_through(p, n, CUTOFF, 1e4, &r);
	CHECK(r.score < 0.2, "blip: score %g (share %g, surges %g %g)", r.score,
		  r.pass_through_share, r.import_surge, r.export_surge);

	/* exports to the destination rose, imports did not: the hub's own goods */
	n = lane(p, hub_imports_flat, hub_exports_surge, -1);
	ts_pass_through(p, n, CUTOFF, 1e4, &r);
	CHECK(r.score < 0.2, "own goods: score %g (import surge %g)", r.score, r.import_surge);
}

/* a small deterministic generator */
static uint64_t rng = 88172645463325252ULL;
static double
uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (rng >> 11) * (1.0 / 9007199254740992.0);
}

static void
test_laws(void)
{
	for (int t = 0; t < 500; t++)
	{
		ts_period	p[48],
					q[48],
					s[48];
		int			n = 2 + (int) (uniform() * 46);
		double		c = 1.0 + uniform() * 999.0;
		ts_mirror	r1,
					r2,
					r3;
		ts_pass		a1,
					a2,
					a3;
		int			n1,
					n2,
					n3;

		for (int i = 0; i < n; i++)
		{
			p[i].month = M(2020, 1) + (int) (uniform() * 36);
			p[i].a_ok = uniform() < 0.9;
			p[i].b_ok = uniform() < 0.9;
			p[i].a = p[i].a_ok ? uniform() * 1e6 : 0.0;
			p[i].b = p[i].b_ok ? uniform() * 1e6 : 0.0;
		}
		memcpy(q, p, n * sizeof(ts_period));
		for (int i = n - 1; i > 0; i--)
		{
			int			j = (int) (uniform() * (i + 1));
			ts_period	tmp = q[i];

			q[i] = q[j];
			q[j] = tmp;
		}
		for (int i = 0; i < n; i++)
		{
			s[i] = p[i];
			s[i].a *= c;
			s[i].b *= c;
		}
		n1 = ts_merge_periods(p, n);
		n2 = ts_merge_periods(q, n);
		n3 = ts_merge_periods(s, n);
		ts_mirror_gap(p, n1, CUTOFF, 0.05, 1, 1e4, &r1);
		ts_mirror_gap(q, n2, CUTOFF, 0.05, 1, 1e4, &r2);
		ts_mirror_gap(s, n3, CUTOFF, 0.05, 1, 1e4 * c, &r3);
		CHECK(r1.score == r2.score, "mirror: order matters: %g %g", r1.score, r2.score);
		CHECK(r1.score >= 0.0 && !isnan(r1.score), "mirror: score %g", r1.score);
		CHECK(fabs(r1.score - r3.score) <= 1e-9 * (1.0 + r1.score), "mirror: scale %g: %g %g",
			  c, r1.score, r3.score);
		CHECK(r1.phantom_share >= 0.0 && r1.phantom_share <= 1.0 + 1e-12, "phantom share %g",
			  r1.phantom_share);
		ts_pass_through(p, n1, CUTOFF, 1e4, &a1);
		ts_pass_through(q, n2, CUTOFF, 1e4, &a2);
		ts_pass_through(s, n3, CUTOFF, 1e4 * c, &a3);
		CHECK(a1.score == a2.score, "pass: order matters: %g %g", a1.score, a2.score);
		CHECK(a1.score >= 0.0 && !isnan(a1.score), "pass: score %g", a1.score);
		CHECK(fabs(a1.score - a3.score) <= 1e-9 * (1.0 + a1.score), "pass: scale %g: %g %g",
			  c, a1.score, a3.score);
		CHECK(a1.pass_through_share >= 0.0 && a1.pass_through_share <= 1.0, "share %g",
			  a1.pass_through_share);
	}
}

int
main(void)
{
	RUN_TEST(test_merge());
	RUN_TEST(test_annual());
	RUN_TEST(test_step());
	RUN_TEST(test_pass_quarterly());
	RUN_TEST(test_weighted_median());
	RUN_TEST(test_trimmed_mean());
	RUN_TEST(test_mirror_planted());
	RUN_TEST(test_mirror_decoys());
	RUN_TEST(test_mirror_annual());
	RUN_TEST(test_pass_planted());
	RUN_TEST(test_pass_decoys());
	RUN_TEST(test_laws());
	return unit_summary("trade_stats_core");
}

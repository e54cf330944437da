/*
 * trade_stats_core.c
 *		Arithmetic of mirror_gap and pass_through, outside the server.
 *
 * Both aggregates look at one lane's periods, monthly or annual, around a
 * cutoff date.  The definitions follow the research they come from:
 *
 * - mirror gap ("ghost trade", EBRD/CEPR DP20097): exports a reporter
 *   declares to a partner that the partner does not record as imports.
 *   Imports are valued CIF and exports FOB, so imports are first brought
 *   to FOB with a margin; goods shipped in one month may be recorded the
 *   next, so each month is compared over a window of `lag` further months;
 *   and every lane has its own normal gap (CEPII's BACI reconciliation
 *   shows how much mirror flows differ in ordinary times), so the gap after
 *   the cutoff is measured against the lane's gap before it.
 * - pass-through (re-exports through a hub): the hub's imports of a product
 *   from the coalition rise, and so do its exports of the same product to a
 *   sanctioned destination; the share of the extra imports that left again.
 *   Extra means above the same calendar month before the cutoff, so that
 *   seasonality cancels.
 *
 * Both statistics are robust: medians and trimmed means, so that a single
 * month (a blip, a month the partner did not report) moves them by little.
 */
#include "trade_stats_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* floor division of a month number by 12 (months may be negative) */
static int32_t
ts_year(int32_t month)
{
	return month >= 0 ? month / 12 : -((-month + 11) / 12);
}

/* calendar month 0..11 of a month number */
static int
ts_calendar(int32_t month)
{
	return month - 12 * ts_year(month);
}

/*
 * qsort comparator of periods: by month, then by every field, so that the
 * rows of a month are summed in one order whatever order they came in (a
 * parallel plan feeds them in any order; scores stay the same bit for bit)
 */
static int
cmp_period(const void *a, const void *b)
{
	const ts_period *x = a,
			   *y = b;

	if (x->month != y->month)
		return (x->month > y->month) - (x->month < y->month);
	if (x->a_ok != y->a_ok)
		return (int) x->a_ok - (int) y->a_ok;
	if (x->b_ok != y->b_ok)
		return (int) x->b_ok - (int) y->b_ok;
	if (x->a != y->a)
		return (x->a > y->a) - (x->a < y->a);
	return (x->b > y->b) - (x->b < y->b);
}

/*
 * Sort periods by month and merge the rows of one month into one: each side
 * is the sum of the values reported, and reported when any row reported it.
 * Returns the number of periods left.
 */
int
ts_merge_periods(ts_period *p, int n)
{
	int			out = 0;

	if (n <= 0)
		return 0;
	qsort(p, n, sizeof(ts_period), cmp_period);
	for (int i = 0; i < n; i++)
	{
		if (out > 0 && p[out - 1].month == p[i].month)
		{
			ts_period  *m = &p[out - 1];

			if (p[i].a_ok)
				m->a = m->a_ok ? m->a + p[i].a : p[i].a;
			if (p[i].b_ok)
				m->b = m->b_ok ? m->b + p[i].b : p[i].b;
			m->a_ok |= p[i].a_ok;
			m->b_ok |= p[i].b_ok;
			continue;
		}
		p[out++] = p[i];
	}
	return out;
}

/*
 * Is this an annual series?  At least two periods, all in one calendar month
 * that is January or December (how annual statistics are dated: make_date(y,
 * 1, 1), to_date('2021', 'YYYY'), or the year's last day).  Periods must be
 * merged (one per month).
 */
bool
ts_is_annual(const ts_period *p, int n)
{
	int			cal;

	if (n < 2)
		return false;
	cal = ts_calendar(p[0].month);
	if (cal != 0 && cal != 11)
		return false;
	for (int i = 1; i < n; i++)
		if (ts_calendar(p[i].month) != cal)
			return false;
	return true;
}

/*
 * Months a period of the series covers: 12 for an annual series
 * (ts_is_annual), 3 for a quarterly one (at least three periods, every one
 * on the first month of a quarter, and not all in one calendar month: a
 * quarter is dated on its first day), 1 otherwise.  Periods must be merged.
 */
int
ts_period_step(const ts_period *p, int n)
{
	bool		months_differ = false;

	if (ts_is_annual(p, n))
		return 12;
	if (n < 3)
		return 1;
	for (int i = 0; i < n; i++)
	{
		if (ts_calendar(p[i].month) % 3 != 0)
			return 1;
		if (ts_calendar(p[i].month) != ts_calendar(p[0].month))
			months_differ = true;
	}
	return months_differ ? 3 : 1;
}

typedef struct ts_pair
{
	double		x;
	double		w;
} ts_pair;

static int
cmp_pair(const void *a, const void *b)
{
	double		x = ((const ts_pair *) a)->x,
				y = ((const ts_pair *) b)->x;

	return (x > y) - (x < y);
}

/*
 * Weighted median of x with weights w (n values, weights > 0): the smallest
 * x whose cumulative weight reaches half the total; when it reaches exactly
 * half, the mean of that x and the next.  A value holding less than half the
 * weight cannot move it beyond its neighbours.  NAN for no weight.
 */
double
ts_weighted_median(double *x, double *w, int n)
{
	ts_pair    *pairs;
	double		total = 0.0,
				cum = 0.0,
				result = NAN;

	if (n <= 0)
		return NAN;
	pairs = malloc(n * sizeof(ts_pair));
	if (pairs == NULL)
		return NAN;
	for (int i = 0; i < n; i++)
	{
		pairs[i].x = x[i];
		pairs[i].w = w[i];
		total += w[i];
	}
	if (!(total > 0.0))
	{
		free(pairs);
		return NAN;
	}
	qsort(pairs, n, sizeof(ts_pair), cmp_pair);
	for (int i = 0; i < n; i++)
	{
		cum += pairs[i].w;
		if (cum >= total / 2.0)
		{
			if (cum == total / 2.0 && i + 1 < n)
				result = (pairs[i].x + pairs[i + 1].x) / 2.0;
			else
				result = pairs[i].x;
			break;
		}
	}
	free(pairs);
	return result;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * Trimmed mean: the mean after dropping the largest and smallest tenth of
 * the values (at least one each way from five values on), so that one
 * month's blip counts no more than an ordinary month.  Sorts x.
 */
double
ts_trimmed_mean(double *x, int n)
{
	int			k;
	double		sum = 0.0;

	if (n <= 0)
		return 0.0;
	qsort(x, n, sizeof(double), cmp_double);
	k = n >= 5 ? (n / 10 > 1 ? n / 10 : 1) : 0;
	for (int i = k; i < n - k; i++)
		sum += x[i];
	return sum / (n - 2 * k);
}

/*
 * Is period p after the cutoff?  A month from the cutoff's on; a year or a
 * quarter when at least half of it lies from the cutoff's month on (a
 * cutoff in February makes its year "after", one in August "before").
 */
static bool
ts_after(const ts_period *p, int32_t cutoff_month, int step)
{
	int32_t		start = step == 12 ? 12 * ts_year(p->month) : p->month;

	return 2 * (int64_t) start + step >= 2 * (int64_t) cutoff_month;
}

/*
 * Cap each weight at twice the median weight, so that no single month's
 * exports (a blip the partner never matched, an aircraft) hold half the
 * weight: a mirror gap must show in most of a side's exports, not in one
 * shipment.
 */
static void
ts_cap_weights(double *w, int n)
{
	double	   *copy;
	double		cap;

	if (n < 3)
		return;
	copy = malloc(n * sizeof(double));
	if (copy == NULL)
		return;
	memcpy(copy, w, n * sizeof(double));
	qsort(copy, n, sizeof(double), cmp_double);
	cap = 2.0 * (n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2.0);
	free(copy);
	for (int i = 0; i < n; i++)
		if (w[i] > cap)
			w[i] = cap;
}

/*
 * The ratios of one alignment: each period i whose exports were reported is
 * paired with the period `shift` months later if the partner reported it;
 * the pair's ratio is imports / (1 + margin) over exports, weighted by the
 * exports (at most twice the side's median month: ts_cap_weights).  A side's ratio is the weighted median of its pairs (the side of
 * the export month), so that a month the partner recorded nothing for holds
 * too little weight to move it.  *spread is the weighted mean absolute
 * deviation of the pairs from their side's median, relative to the medians:
 * how well this alignment fits.  Returns the number of pairs.
 */
static int
ts_align(const ts_period *p, int n, int32_t cutoff_month, int step,
		 double margin, int shift, double *x, double *w, double *ratio_before,
		 double *ratio_after, double *paired_before, double *paired_after,
		 double *spread)
{
	int			nb = 0,
				na = 0,
				j = 0;
	double		dev = 0.0,
				wsum = 0.0;

	*paired_before = *paired_after = 0.0;
	*ratio_before = *ratio_after = NAN;
	*spread = INFINITY;
	/* before pairs fill x[0..nb), after pairs x[n..n+na) */
	for (int i = 0; i < n; i++)
	{
		bool		after = ts_after(&p[i], cutoff_month, step);

		if (!p[i].a_ok || !(p[i].a > 0.0))
			continue;
		while (j < n && p[j].month < p[i].month + shift)
			j++;
		if (j >= n || p[j].month != p[i].month + shift || !p[j].b_ok)
			continue;
		if (after)
		{
			x[n + na] = p[j].b / (1.0 + margin) / p[i].a;
			w[n + na] = p[i].a;
			*paired_after += p[i].a;
			na++;
		}
		else
		{
			x[nb] = p[j].b / (1.0 + margin) / p[i].a;
			w[nb] = p[i].a;
			*paired_before += p[i].a;
			nb++;
		}
	}
	ts_cap_weights(w, nb);
	ts_cap_weights(w + n, na);
	if (nb > 0)
		*ratio_before = ts_weighted_median(x, w, nb);
	if (na > 0)
		*ratio_after = ts_weighted_median(x + n, w + n, na);
	for (int i = 0; i < nb; i++)
	{
		dev += w[i] * fabs(x[i] - *ratio_before) / (fabs(*ratio_before) + 1e-9);
		wsum += w[i];
	}
	for (int i = 0; i < na; i++)
	{
		dev += w[n + i] * fabs(x[n + i] - *ratio_after) / (fabs(*ratio_after) + 1e-9);
		wsum += w[n + i];
	}
	if (wsum > 0.0)
		*spread = dev / wsum;
	return nb + na;
}

/*
 * mirror_gap over merged periods: a = exports reported by the reporter
 * (FOB), b = imports the partner recorded from it (CIF).
 *
 * Goods shipped in one month may be recorded by the partner up to `lag`
 * months later: the lane's recording lag is the shift from 0 to lag whose
 * monthly ratios are the most stable (ts_align's spread; the smaller shift
 * on a tie), so that a lane recorded a month late is compared month with
 * month even while it grows.  Annual series use shift 0 (a year's shipments
 * are recorded in the same year but for its last weeks).
 *
 * normal_ratio is ratio_before shrunk towards 1 (no gap) by a prior mass of
 * `prior` exports a period, so that a lane with little history has the gap
 * of no lane; the after ratio is shrunk towards the normal ratio the same
 * way for the score.  phantom_share = 1 - ratio_after / normal_ratio, when
 * positive: the share of the exports after the cutoff that the partner's
 * imports do not match, beyond the lane's normal gap; missing_after is that
 * share of the exports after.  The score is sqrt(ln(normal / after) *
 * ln(1 + missing a period / prior)): the gap must be both deep and large.
 */
void
ts_mirror_gap(const ts_period *p, int n, int32_t cutoff_month,
			  double margin, int lag, double prior, ts_mirror *out)
{
	double	   *x,
			   *w;
	int			exports_periods_after = 0;
	double		paired_before = 0.0,
				paired_after = 0.0,
				best_spread = INFINITY,
				prior_pp;

	memset(out, 0, sizeof(*out));
	out->ratio_before = out->ratio_after = NAN;
	out->normal_ratio = 1.0;
	if (n <= 0)
		return;
	out->step = ts_period_step(p, n);
	if (out->step > 1 || lag < 0)
		lag = 0;
	if (!(margin > -1.0))
		margin = 0.0;
	prior_pp = (prior > 0.0 ? prior : 1.0) * out->step;

	for (int i = 0; i < n; i++)
	{
		bool		after = ts_after(&p[i], cutoff_month, out->step);

		if (p[i].a_ok)
		{
			if (after)
			{
				out->exports_after += p[i].a;
				exports_periods_after++;
			}
			else
				out->exports_before += p[i].a;
		}
		if (p[i].b_ok)
		{
			if (after)
				out->imports_after += p[i].b;
			else
				out->imports_before += p[i].b;
		}
	}

	x = malloc(2 * n * sizeof(double));
	w = malloc(2 * n * sizeof(double));
	if (x == NULL || w == NULL)
	{
		free(x);
		free(w);
		return;
	}
	out->lag = 0;
	for (int shift = 0; shift <= lag; shift++)
	{
		double		rb,
					ra,
					pb,
					pa,
					spread;
		int			nb_pairs;

		nb_pairs = ts_align(p, n, cutoff_month, out->step, margin, shift, x, w,
							&rb, &ra, &pb, &pa, &spread);
		if (nb_pairs == 0 || !(spread < best_spread))
			continue;
		best_spread = spread;
		out->lag = shift;
		out->ratio_before = rb;
		out->ratio_after = ra;
		paired_before = pb;
		paired_after = pa;
	}
	free(x);
	free(w);
	out->has_before = !isnan(out->ratio_before);
	out->has_after = !isnan(out->ratio_after);
	for (int i = 0; i < n; i++)
	{
		int32_t		m = p[i].month + out->lag;
		bool		partner = false;

		if (!p[i].a_ok)
			continue;
		for (int j = i; j < n && p[j].month <= m; j++)
			partner = p[j].month == m && p[j].b_ok;
		if (!partner)
			continue;
		if (ts_after(&p[i], cutoff_month, out->step))
			out->periods_after++;
		else
			out->periods_before++;
	}

	if (out->has_before)
	{
		double		mass = prior_pp * out->periods_before;

		out->normal_ratio = (out->ratio_before * paired_before + mass) / (paired_before + mass);
	}
	if (out->has_after && out->exports_after > 0.0)
	{
		double		mass = prior_pp * out->periods_after;
		double		after_s = (out->ratio_after * paired_after + out->normal_ratio * mass) /
			(paired_after + mass);

		if (out->ratio_after < out->normal_ratio)
		{
			out->phantom_share = 1.0 - out->ratio_after / out->normal_ratio;
			out->missing_after = out->phantom_share * out->exports_after;
		}
		if (after_s < out->normal_ratio && out->missing_after > 0.0 && after_s > 0.0)
			out->score = sqrt(log(out->normal_ratio / after_s) *
							  log1p(out->missing_after / exports_periods_after / prior_pp));
	}
}

/* floor division (a may be negative, b > 0) */
static int32_t
ts_floor_div(int32_t a, int32_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/*
 * Count the slots s in [first, last] with s mod per_year == c (the months,
 * quarters or years of one calendar position).
 */
static int64_t
ts_count_slots(int32_t first, int32_t last, int c, int per_year)
{
	if (last < first)
		return 0;
	return (int64_t) ts_floor_div(last - c, per_year) - ts_floor_div(first - 1 - c, per_year);
}

/*
 * pass_through over merged periods: a = the hub's imports of the product
 * from the coalition, b = the hub's exports of it to the sanctioned
 * destination; a side not reported counts as zero.
 *
 * Periods are months (years for an annual series).  Each calendar month's
 * baseline is its value in the last year before the cutoff (the twelve
 * months before it, or the year before for an annual series; a period
 * without a row is zero; a calendar month a shorter history does not hold
 * takes the mean of the periods it holds), so that seasonality cancels and
 * older years, further from the cutoff's trend, do not count.  After
 * the cutoff, each period's excess is its value less its calendar month's
 * baseline, and a flow's surge is the trimmed mean of the excesses over the
 * periods from the cutoff to the last one.  The pass-through share is
 * export_surge / import_surge, in [0, 1], when both rose (0 otherwise):
 * how much of the extra imports left again for the destination.  The
 * score is sqrt(ln(1 + passed / (imports before + prior)) *
 * ln(1 + passed / prior)), passed = share * import_surge: the flow passed on
 * must be large against the hub's normal imports and in itself.
 */
void
ts_pass_through(const ts_period *p, int n, int32_t cutoff_month,
				double prior, ts_pass *out)
{
	double		sum_cal[2][12],
				base[2][12],
				total[2] = {0.0, 0.0};
	int64_t		cnt_cal[12];
	double		excess[2][TS_MAX_PERIODS];
	int32_t		first,
				last,
				cut,
				nafter;
	int			per_year;
	int64_t		nbefore;
	double		prior_pp;
	int			j;

	memset(out, 0, sizeof(*out));
	if (n <= 0)
		return;
	out->step = ts_period_step(p, n);
	per_year = 12 / out->step;
	prior_pp = (prior > 0.0 ? prior : 1.0) * out->step;

	/* work in slots: months, quarters or years */
#define SLOT(m)	(out->step == 1 ? (m) : (out->step == 3 ? 4 * ts_year(m) + ts_calendar(m) / 3 : ts_year(m)))
	first = SLOT(p[0].month);
	last = SLOT(p[n - 1].month);
	/* the first slot after the cutoff (at least half of it from the cutoff on) */
	cut = SLOT(cutoff_month);
	if (2 * ((int64_t) cut * out->step) + out->step < 2 * (int64_t) cutoff_month)
		cut++;
	/* the baseline is the last year before the cutoff */
	if (first < cut - per_year)
		first = cut - per_year;

	memset(sum_cal, 0, sizeof(sum_cal));
	for (int i = 0; i < n && SLOT(p[i].month) < cut; i++)
	{
		int			c = SLOT(p[i].month) - per_year * ts_floor_div(SLOT(p[i].month), per_year);

		if (SLOT(p[i].month) < first)
			continue;

		sum_cal[0][c] += p[i].a_ok ? p[i].a : 0.0;
		sum_cal[1][c] += p[i].b_ok ? p[i].b : 0.0;
		total[0] += p[i].a_ok ? p[i].a : 0.0;
		total[1] += p[i].b_ok ? p[i].b : 0.0;
	}
	nbefore = first < cut ? (int64_t) cut - first : 0;
	for (int c = 0; c < 12; c++)
		cnt_cal[c] = c < per_year ? ts_count_slots(first, cut - 1, c, per_year) : 0;
	for (int f = 0; f < 2; f++)
		for (int c = 0; c < 12; c++)
			base[f][c] = cnt_cal[c] > 0 ? sum_cal[f][c] / cnt_cal[c]
				: (nbefore > 0 ? total[f] / nbefore : 0.0);
	out->periods_before = nbefore > TS_MAX_PERIODS ? TS_MAX_PERIODS : (int) nbefore;
	if (nbefore > 0)
	{
		out->import_before = total[0] / nbefore;
		out->export_before = total[1] / nbefore;
	}

	/* the after periods, from the cutoff to the last one (at most 100 years) */
	nafter = last >= cut ? last - cut + 1 : 0;
	if (nafter > TS_MAX_PERIODS)
		nafter = TS_MAX_PERIODS;
	for (int k = 0; k < nafter; k++)
	{
		int32_t		slot = cut + k;
		int			c = slot - per_year * ts_floor_div(slot, per_year);

		excess[0][k] = -base[0][c];
		excess[1][k] = -base[1][c];
	}
	j = 0;
	while (j < n && SLOT(p[j].month) < cut)
		j++;
	for (; j < n; j++)
	{
		int32_t		k = SLOT(p[j].month) - cut;

		if (k >= nafter)
			break;
		if (p[j].a_ok)
		{
			excess[0][k] += p[j].a;
			out->import_after += p[j].a;
		}
		if (p[j].b_ok)
		{
			excess[1][k] += p[j].b;
			out->export_after += p[j].b;
		}
	}
#undef SLOT
	out->periods_after = nafter;
	if (nafter == 0)
		return;
	out->import_after /= nafter;
	out->export_after /= nafter;
	out->import_surge = ts_trimmed_mean(excess[0], nafter);
	out->export_surge = ts_trimmed_mean(excess[1], nafter);
	if (out->import_surge > 0.0 && out->export_surge > 0.0)
	{
		out->pass_through_share = out->export_surge / out->import_surge;
		if (out->pass_through_share > 1.0)
			out->pass_through_share = 1.0;
		out->passed = out->pass_through_share * out->import_surge;
		out->score = sqrt(log1p(out->passed / (out->import_before + prior_pp)) *
						  log1p(out->passed / prior_pp));
	}
}

/*
 * score_core.c
 *		The indicators of route-anomaly scoring, their combination and the
 *		lane-change arithmetic, in plain C (see score_core.h).
 *
 * Each indicator turns one measurement into a strength in [0, 1] (a linear
 * ramp between two configurable thresholds), multiplies it by the
 * declaration's exposure (how much its destination and the countries
 * involved put it at risk) and by the indicator's weight.  The score is the
 * noisy-OR of these contributions, 1 - prod(1 - c): independent red flags
 * add up, one weak flag stays weak, and the score stays in [0, 1].
 */
#include "score_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const sc_indicator_names[SC_NINDICATORS] = {
	"watchlist", "transshipment", "origin", "route_shape", "unit_value",
	"lane_surge", "new_trader", "route_rarity", "party"
};

const char *const sc_cause_names[] = {
	"none",
	"hub_origin_coalition_route",
	"coalition_origin_hub_dispatch",
	"implausible_origin",
	"loop",
	"detour",
	"new_exporter",
	"new_chapter",
	"rare_route",
	"exporter_route_change"
};

const char *const sc_level_names[4] = {"none", "low", "medium", "high"};

#define P(field) offsetof(sc_params, field)

/*
 * Every tunable number, its name in screen_config and its default.  The
 * defaults and the reasons for them are documented in README.md
 * ("Indicators"); install/70_scoring.sql ships the same rows.
 */
const sc_param_def sc_param_defs[] = {
	{"weight.watchlist", P(weight[SC_WATCHLIST]), 0.6},
	{"weight.transshipment", P(weight[SC_TRANSSHIPMENT]), 0.5},
	{"weight.origin", P(weight[SC_ORIGIN]), 0.45},
	{"weight.route_shape", P(weight[SC_ROUTE_SHAPE]), 0.4},
	{"weight.unit_value", P(weight[SC_UNIT_VALUE]), 0.5},
	{"weight.lane_surge", P(weight[SC_LANE_SURGE]), 0.45},
	{"weight.new_trader", P(weight[SC_NEW_TRADER]), 0.4},
	{"weight.route_rarity", P(weight[SC_ROUTE_RARITY]), 0.35},
	{"weight.party", P(weight[SC_PARTY]), 0.6},
	{"exposure.sanctioned", P(exposure_sanctioned), 1.0},
	{"exposure.hub", P(exposure_hub), 0.4},
	{"exposure.other", P(exposure_other), 0.1},
	{"exposure.no_nexus", P(no_nexus), 0.3},
	{"unit_value.z_low", P(uv_z_low), 2.7},
	{"unit_value.z_high", P(uv_z_high), 4.7},
	{"unit_value.min_n", P(uv_min_n), 10.0},
	{"unit_value.mad_floor", P(uv_mad_floor), 0.05},
	{"route_shape.detour_low", P(detour_low), 2.0},
	{"route_shape.detour_high", P(detour_high), 4.0},
	{"lane_surge.ratio_low", P(lane_ratio_low), 2.0},
	{"lane_surge.ratio_high", P(lane_ratio_high), 20.0},
	{"new_trader.new_chapter", P(new_chapter), 0.6},
	{"route_rarity.low", P(rarity_low), 1.0},
	{"route_rarity.high", P(rarity_high), 2.5},
	{"route_rarity.alpha", P(rarity_alpha), 20.0},
	{"route_rarity.exporter_min", P(rarity_min_exporter), 5.0},
	{"route_rarity.exporter_change", P(rarity_exporter_change), 0.6},
	{"origin.lift_low", P(origin_lift_low), 1.0},
	{"origin.lift_high", P(origin_lift_high), 2.0},
	{"level.low", P(level_low), 0.2},
	{"level.medium", P(level_medium), 0.4},
	{"level.high", P(level_high), 0.7},
};
const int	sc_nparam_defs = sizeof(sc_param_defs) / sizeof(sc_param_defs[0]);

/* a contribution below this is not reported as a reason */
#define SC_REPORT_MIN	0.005

/* Fill p with the defaults of sc_param_defs. */
void
sc_params_default(sc_params *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < sc_nparam_defs; i++)
		*(double *) ((char *) p + sc_param_defs[i].offset) = sc_param_defs[i].default_value;
}

/* Set the parameter called name; false when there is no such parameter. */
bool
sc_params_set(sc_params *p, const char *name, double value)
{
	for (int i = 0; i < sc_nparam_defs; i++)
	{
		if (strcmp(sc_param_defs[i].name, name) == 0)
		{
			*(double *) ((char *) p + sc_param_defs[i].offset) = value;
			return true;
		}
	}
	return false;
}

/* Facts that know nothing: every optional measurement absent. */
void
sc_facts_init(sc_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->detour_ratio = NAN;
	f->party_similarity = NAN;
}

/*
 * 0 at or below lo, 1 at or above hi, linear between; 0 for NaN.  With
 * hi <= lo it is a step at lo.
 */
double
sc_ramp(double x, double lo, double hi)
{
	if (!(x > lo))
		return 0.0;
	if (hi <= lo || x >= hi)
		return 1.0;
	return (x - lo) / (hi - lo);
}

/* 1 - prod(1 - c[i]), each c clamped to [0, 1]. */
double
sc_noisy_or(const double *c, int n)
{
	double		keep = 1.0;

	for (int i = 0; i < n; i++)
	{
		double		x = c[i];

		if (!(x > 0.0))
			continue;
		if (x > 1.0)
			x = 1.0;
		keep *= 1.0 - x;
	}
	return 1.0 - keep;
}

/*
 * Robust z of x against a median and a median absolute deviation: MAD is
 * scaled by 1.4826 so that it estimates the standard deviation of normal
 * data, and floored so that a baseline of identical prices does not make
 * every other price infinitely abnormal.
 */
double
sc_robust_z(double x, double median, double mad, double mad_floor)
{
	double		sigma = 1.4826 * (mad > mad_floor ? mad : mad_floor);

	if (!(sigma > 0.0))
		return 0.0;
	return (x - median) / sigma;
}

/* set one reason */
static void
reason(sc_result *r, sc_indicator ind, const sc_params *p, double strength,
	   double exposure, sc_cause cause, double value)
{
	sc_reason  *re = &r->reasons[ind];
	double		c = p->weight[ind] * strength * exposure;

	if (c > 1.0)
		c = 1.0;
	if (!(c >= SC_REPORT_MIN))
		return;
	re->fired = true;
	re->strength = strength;
	re->exposure = exposure;
	re->contribution = c;
	re->cause = cause;
	re->value = value;
}

/*
 * Score one declaration.  The definitions of the indicators, with their
 * sources, are in README.md ("Indicators"); in short:
 *
 * exposure E: 1 when the destination is sanctioned on the declaration date,
 * exposure_hub when it is a transshipment country, exposure_other otherwise.
 * The coalition nexus holds when the origin, or a country the goods left
 * before the destination, is in the sanctioning coalition on that date.
 */
void
sc_evaluate(const sc_facts *f, const sc_params *p, sc_result *r)
{
	int			n = f->ncountries;
	uint8_t		dest_roles = n > 0 ? f->roles[n - 1] : 0;
	bool		sanctioned = (dest_roles & SC_ROLE_SANCTIONED) != 0;
	bool		dest_hub = (dest_roles & SC_ROLE_HUB) != 0;
	bool		nexus = f->has_origin && (f->origin_roles & SC_ROLE_COALITION);
	bool		hub_dispatch = n >= 2 && (f->roles[n - 2] & SC_ROLE_HUB);
	int			hub_at = -1;
	double		E;
	double		contrib[SC_NINDICATORS];

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < n - 1; i++)
		if (f->roles[i] & SC_ROLE_COALITION)
			nexus = true;
	/* a hub the goods passed through: neither the first country nor the last */
	for (int i = 1; i < n - 1; i++)
		if ((f->roles[i] & SC_ROLE_HUB) && f->countries[i] != f->countries[n - 1])
		{
			hub_at = i;
			break;
		}
	E = sanctioned ? p->exposure_sanctioned : dest_hub ? p->exposure_hub : p->exposure_other;
	r->exposure = E;
	r->coalition_nexus = nexus;
	r->hub_position = hub_at;

	/* 1. goods on the watchlist, by tier */
	if (f->tier_weight > 0.0)
		reason(r, SC_WATCHLIST, p, f->tier_weight, E * (nexus ? 1.0 : p->no_nexus),
			   SC_CAUSE_NONE, f->tier_weight);

	/* 2. into a sanctioned destination through a transshipment country */
	if (sanctioned && hub_at >= 0)
		reason(r, SC_TRANSSHIPMENT, p, 1.0, nexus ? 1.0 : p->no_nexus,
			   SC_CAUSE_NONE, hub_at);

	/* 3. origin inconsistent with the route */
	if (f->has_origin && n > 0)
	{
		double		best = 0.0,
					s;
		sc_cause	cause = SC_CAUSE_NONE;
		double		value = 0.0;

		/*
		 * Declared made in a hub, shipped from the coalition.  When the hub
		 * is a usual maker of these goods (Chinese phones re-shipped from an
		 * EU warehouse) it is ordinary trade and weighs a quarter.
		 */
		if ((f->origin_roles & SC_ROLE_HUB) && f->origin != f->countries[0]
			&& (f->roles[0] & SC_ROLE_COALITION))
		{
			s = E * ((f->has_origin_lift && f->origin_lift >= 1.0) ? 0.25 : 1.0);
			if (s > best)
			{
				best = s;
				cause = SC_CAUSE_HUB_ORIGIN_COALITION_ROUTE;
				value = f->has_origin_lift ? f->origin_lift : NAN;
			}
		}
		if ((f->origin_roles & SC_ROLE_COALITION) && hub_dispatch && sanctioned
			&& 1.0 > best)
		{
			best = 1.0;
			cause = SC_CAUSE_COALITION_ORIGIN_HUB_DISPATCH;
		}
		if ((f->origin_roles & SC_ROLE_HUB) && f->has_origin_lift && f->have_history
			&& (sanctioned || dest_hub))
		{
			double		rarity = f->origin_lift > 0.0 ? -log10(f->origin_lift) : 6.0;

			s = sc_ramp(rarity, p->origin_lift_low, p->origin_lift_high) * E;
			if (s > best)
			{
				best = s;
				cause = SC_CAUSE_IMPLAUSIBLE_ORIGIN;
				value = f->origin_lift;
			}
		}
		if (best > 0.0)
			reason(r, SC_ORIGIN, p, 1.0, best, cause, value);
	}

	/* 4. loops and round trips, detours */
	if (n >= 2)
	{
		if (f->has_loop)
			reason(r, SC_ROUTE_SHAPE, p, 1.0, E, SC_CAUSE_LOOP, f->detour_ratio);
		else if (!isnan(f->detour_ratio))
			reason(r, SC_ROUTE_SHAPE, p,
				   sc_ramp(f->detour_ratio, p->detour_low, p->detour_high), E,
				   SC_CAUSE_DETOUR, f->detour_ratio);
	}

	/* 5. unit value against the fitted baseline: both directions */
	if (f->has_unit_value && f->has_uv_baseline && f->uv_n >= p->uv_min_n)
	{
		double		z = sc_robust_z(f->log_unit_value, f->uv_median, f->uv_mad,
									p->uv_mad_floor);

		reason(r, SC_UNIT_VALUE, p, sc_ramp(fabs(z), p->uv_z_low, p->uv_z_high),
			   1.0, SC_CAUSE_NONE, z);
	}

	/*
	 * 6. the lane surged after the cutoff against its own past, and beyond
	 * its dispatch country's trend: the smaller of the two ratios decides, so
	 * a lane that merely shrank less than the rest of its trade is no surge.
	 */
	if (f->after_cutoff && f->has_lane && f->lane_relative > 0.0 && f->lane_ratio > 0.0)
	{
		double		surge = f->lane_ratio < f->lane_relative ? f->lane_ratio : f->lane_relative;

		reason(r, SC_LANE_SURGE, p,
			   sc_ramp(log(surge), log(p->lane_ratio_low), log(p->lane_ratio_high)),
			   E, SC_CAUSE_NONE, surge);
	}

	/*
	 * 7. new or changed trader bursting into trade with a sanctioned
	 * destination (new firms are ordinary elsewhere); judged only when there
	 * is a history to be new against
	 */
	if (f->after_cutoff && f->has_exporter && f->have_history && sanctioned)
	{
		double		via = (hub_dispatch || hub_at >= 0) ? 1.0 : p->no_nexus;

		if (!f->exporter_known)
			reason(r, SC_NEW_TRADER, p, 1.0, E * via, SC_CAUSE_NEW_EXPORTER, 0.0);
		else if (!f->exporter_in_chapter)
			reason(r, SC_NEW_TRADER, p, p->new_chapter, E * via, SC_CAUSE_NEW_CHAPTER,
				   f->exporter_history);
	}

	/* 8. route rarity for the goods and destination, and for the exporter */
	if (n >= 2 && f->have_history)
	{
		double		s = 0.0,
					value = 0.0;
		sc_cause	cause = SC_CAUSE_NONE;

		if (f->has_rarity && f->route_share > 0.0 && f->usual_share > 0.0)
		{
			double		rarity = -log10(f->route_share / f->usual_share);

			s = sc_ramp(rarity, p->rarity_low, p->rarity_high);
			cause = SC_CAUSE_RARE_ROUTE;
			value = rarity;
		}
		if (f->exporter_known && f->exporter_history >= p->rarity_min_exporter
			&& !f->exporter_used_leg && p->rarity_exporter_change > s)
		{
			s = p->rarity_exporter_change;
			cause = SC_CAUSE_EXPORTER_ROUTE_CHANGE;
			value = f->exporter_history;
		}
		if (s > 0.0)
			reason(r, SC_ROUTE_RARITY, p, s, E, cause, value);
	}

	/* 9. a party matches a listed name (the similarity is already thresholded) */
	if (!isnan(f->party_similarity) && f->party_similarity > 0.0)
		reason(r, SC_PARTY, p, f->party_similarity, 1.0, SC_CAUSE_NONE,
			   f->party_similarity);

	for (int i = 0; i < SC_NINDICATORS; i++)
		contrib[i] = r->reasons[i].fired ? r->reasons[i].contribution : 0.0;
	r->score = sc_noisy_or(contrib, SC_NINDICATORS);
	r->level = r->score >= p->level_high ? 3 :
		r->score >= p->level_medium ? 2 :
		r->score >= p->level_low ? 1 : 0;
}

/*
 * Weight of a watchlist tier by its order in the list (1 first), when
 * screen_config has no tier.<name> row: 1.0, 0.9, 0.7, 0.65, 0.5, then 0.45.
 */
double
sc_tier_default_weight(int tier_order)
{
	static const double by_order[] = {1.0, 0.9, 0.7, 0.65, 0.5, 0.45};

	if (tier_order >= 1 && tier_order <= 6)
		return by_order[tier_order - 1];
	return 0.45;
}

/*
 * Share of one dispatch country among the pre-cutoff declarations into a
 * destination, with add-one-half smoothing: (n + 1/2) / (total + (k + 1) / 2)
 * where k is the number of dispatch countries the destination had, so an
 * unseen dispatch country has a small share, never zero.
 */
double
sc_dispatch_share(double dest_total, double dest_dispatches, double n)
{
	return (n + 0.5) / (dest_total + 0.5 * (dest_dispatches + 1.0));
}

/*
 * Route rarity's shares for one heading and destination: the dispatch
 * country's count `cell` out of `n_hd`, shrunk towards its share q of all
 * goods into the destination with `alpha` pseudo-declarations,
 * (cell + alpha q) / (n_hd + alpha); and the same for the most used dispatch
 * country (cell_max, q_max).  The usual share is never below the route's.
 */
void
sc_route_shares(double cell, double cell_max, double n_hd, double q,
				double q_max, double alpha, double *route_share,
				double *usual_share)
{
	*route_share = (cell + alpha * q) / (n_hd + alpha);
	*usual_share = (cell_max + alpha * q_max) / (n_hd + alpha);
	if (*usual_share < *route_share)
		*usual_share = *route_share;
}

/*
 * How much more often an origin makes a heading than goods in general: the
 * origin's smoothed share of the heading over its share of all declarations.
 * p_o = (n_o + 1/2) / (total + (origins + 1) / 2);
 * p_oh = (n_oh + alpha p_o) / (n_h + alpha); lift = p_oh / p_o.
 */
double
sc_origin_lift(double n_origin_heading, double n_heading, double n_origin,
			   double total, double origins, double alpha)
{
	double		p_o = (n_origin + 0.5) / (total + 0.5 * (origins + 1.0));
	double		p_oh = (n_origin_heading + alpha * p_o) / (n_heading + alpha);

	return p_oh / p_o;
}

/*
 * Which unit-value baseline judges a price: [0] the subheading's, [1] the
 * heading's.  The subheading's when it has min_n observations, else the
 * heading's whatever its size (sc_evaluate then needs min_n as well), else
 * none (-1).
 */
int
sc_uv_pick(const bool present[2], const double n[2], double min_n)
{
	if (present[0] && n[0] >= min_n)
		return 0;
	if (present[1])
		return 1;
	return -1;
}

/* qsort comparator for doubles */
static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* Median of n values (sorts them in place); 0 for n = 0. */
double
sc_median(double *values, int n)
{
	if (n <= 0)
		return 0.0;
	qsort(values, n, sizeof(double), cmp_double);
	return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

/*
 * How many months before the cutoff the "before" window starts: whole years,
 * so that the before window covers the same calendar months as the after
 * window and seasonality cancels (12 for months <= 12).
 */
int
sc_lane_offset(int months)
{
	return 12 * ((months + 11) / 12);
}

/*
 * Compare the monthly levels before and after (arrays of `months` monthly
 * sums, missing months zero).  Medians make a single-month blip irrelevant;
 * the prior is the monthly level below which a lane's changes are noise, so
 * that 1 -> 3 is no surge while 0 -> 100,000 is.  The score is the geometric
 * mean of the strength, ln(ratio), and the size, ln(1 + change / prior):
 * a lane must grow both many times over and by much to rank high.
 */
void
sc_lane_compute(const double *before, const double *after, int months,
				double prior, sc_lane_change *out)
{
	double		b[SC_LANE_MAX_MONTHS],
				a[SC_LANE_MAX_MONTHS];

	memset(out, 0, sizeof(*out));
	if (months <= 0 || months > SC_LANE_MAX_MONTHS)
		return;
	for (int i = 0; i < months; i++)
	{
		b[i] = before[i];
		a[i] = after[i];
		out->active_before += before[i] != 0.0;
		out->active_after += after[i] != 0.0;
	}
	out->before = sc_median(b, months);
	out->after = sc_median(a, months);
	if (!(prior > 0.0))
		prior = 1.0;
	out->ratio = (out->after + prior) / (out->before + prior);
	out->change = out->after - out->before;
	if (out->ratio > 1.0 && out->change > 0.0)
		out->score = sqrt(log(out->ratio) * log1p(out->change / prior));
}

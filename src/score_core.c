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
	"lane_surge", "new_trader", "route_rarity", "party", "restricted",
	"direct_export"
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
	"exporter_route_change",
	"listed",
	"ex_code",
	"coarse_code"
};

const char *const sc_value_cond_names[] = {"none", "above_threshold", "below_threshold", "unknown"};

const char *const sc_uv_status_names[] = {
	"checked", "no_price", "value_or_quantity_missing", "value_or_quantity_not_finite", "value_or_quantity_not_positive",
	"no_unit", "unit_not_seen", "no_baseline", "baseline_too_small"
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
	{"weight.transshipment", P(weight[SC_TRANSSHIPMENT]), 0.35},
	{"weight.origin", P(weight[SC_ORIGIN]), 0.35},
	{"weight.route_shape", P(weight[SC_ROUTE_SHAPE]), 0.35},
	{"weight.unit_value", P(weight[SC_UNIT_VALUE]), 0.5},
	{"weight.lane_surge", P(weight[SC_LANE_SURGE]), 0.4},
	{"weight.new_trader", P(weight[SC_NEW_TRADER]), 0.3},
	{"weight.route_rarity", P(weight[SC_ROUTE_RARITY]), 0.3},
	{"weight.party", P(weight[SC_PARTY]), 0.6},
	{"weight.restricted", P(weight[SC_RESTRICTED]), 0.45},
	{"weight.direct_export", P(weight[SC_DIRECT_EXPORT]), 0.8},
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
	{"restriction.ex_factor", P(ex_factor), 0.5},
	{"restriction.coarse_factor", P(coarse_factor), 0.5},
	{"restriction.value_unknown", P(value_unknown), 0.5},
	{"restriction.usd_per_eur", P(usd_per_eur), 1.05},
	{"diversion.unrestricted", P(diversion_unrestricted), 0.25},
	{"diversion.none", P(diversion_none), 0.05},
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

/* set one reason: contribution = weight * strength * exposure * goods factor */
static void
reason(sc_result *r, sc_indicator ind, const sc_params *p, double strength,
	   double exposure, double goods, sc_cause cause, double value)
{
	sc_reason  *re = &r->reasons[ind];
	double		c = p->weight[ind] * strength * exposure * goods;

	if (c > 1.0)
		c = 1.0;
	if (!(c >= SC_REPORT_MIN))
		return;
	re->fired = true;
	re->strength = strength;
	re->exposure = exposure;
	re->goods_factor = goods;
	re->contribution = c;
	re->cause = cause;
	re->value = value;
}

/*
 * The goods factor D of the behavioural indicators (transshipment, origin,
 * route shape, lane surge, new trader, route rarity): routing and behaviour
 * are evidence of diversion of restricted goods.  With rho the strength of
 * the goods' restriction (restricted_rho, times exposure.no_nexus when no
 * regime binds the origin or a country the goods left) and d0 the factor of
 * unrestricted goods (diversion.unrestricted into a sanctioned destination,
 * diversion.none elsewhere): D = d0 + (1 - d0) * rho.  Restricted goods
 * count fully, unrestricted ones at d0.
 */
double
sc_diversion(const sc_facts *f, const sc_params *p, bool sanctioned)
{
	double		d0 = sanctioned ? p->diversion_unrestricted : p->diversion_none;
	double		rho = f->restricted_rho * (f->restricted_bound ? 1.0 : p->no_nexus);

	if (!(rho > 0.0))
		rho = 0.0;
	if (rho > 1.0)
		rho = 1.0;
	return d0 + (1.0 - d0) * rho;
}

/*
 * Strength of a match with a listed code: 1 for the declared code at or under
 * a listed code, restriction.ex_factor for an "ex" code (only some goods of
 * the code are listed), restriction.coarse_factor for a declared code above
 * the listed ones (it may or may not be one of them); times 0 when the goods
 * are below a value condition, restriction.value_unknown when the condition
 * cannot be checked.  An "ex" code whose value condition is verified met
 * counts 1: a row with a value condition lists the code's goods above the
 * value (Regulation 833/2014 Art. 3h(2): Annex XVIII's goods "insofar as
 * their value exceeds" the threshold), so the check has picked out the listed
 * goods.  A coarse match keeps its factor (which member is meant stays open).
 */
double
sc_match_strength(sc_match match, sc_value_cond value, const sc_params *p)
{
	double		s;

	switch (match)
	{
		case SC_MATCH_FULL:
			s = 1.0;
			break;
		case SC_MATCH_EX:
			s = value == SC_VALUE_MET ? 1.0 : p->ex_factor;
			break;
		case SC_MATCH_COARSE:
			s = p->coarse_factor;
			break;
		default:
			return 0.0;
	}
	if (value == SC_VALUE_BELOW)
		return 0.0;
	if (value == SC_VALUE_UNKNOWN)
		s *= p->value_unknown;
	return s;
}

/*
 * The number of HS2022 subheadings under a chapter (ndigits 2) or a heading
 * (ndigits 4) given by its digits as a number (85, 8542); 0 for another level
 * or a code the nomenclature does not have.  A coarse declaration's share of
 * subheadings that listed codes cover is measured against it.
 */
int
sc_hs2022_subheadings(int code, int ndigits)
{
	int			lo = 0,
				hi = sc_hs2022_nheadings,
				first,
				last,
				n = 0;

	if (ndigits == 4)
	{
		first = last = code;
	}
	else if (ndigits == 2)
	{
		first = code * 100;
		last = code * 100 + 99;
	}
	else
		return 0;
	/* the first heading at or after `first` */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (sc_hs2022_headings[mid].heading < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < sc_hs2022_nheadings && sc_hs2022_headings[lo].heading <= last; lo++)
		n += sc_hs2022_headings[lo].n;
	return n;
}

/*
 * The strength of a coarse declaration's match: the share of its HS2022
 * subheadings that the listed codes cover (covered out of subheadings, at
 * most 1), or coarse_factor when its subheadings are not known (a declared
 * subheading above listed national lines, or a code the nomenclature lacks).
 */
double
sc_coarse_share(int subheadings, double covered, double coarse_factor)
{
	if (subheadings <= 0)
		return coarse_factor;
	if (!(covered > 0.0))
		return 0.0;
	return covered >= subheadings ? 1.0 : covered / subheadings;
}

/*
 * A value condition "more than min_item_value_eur euros per item", checked
 * on the declared unit value when the quantity counts items (per_item) and
 * value and quantity are finite and positive; converted with
 * restriction.usd_per_eur.  NaN min means no condition.
 */
sc_value_cond
sc_value_condition(double min_item_value_eur, bool per_item, double value_usd,
				   double items, const sc_params *p)
{
	double		eur;

	if (isnan(min_item_value_eur))
		return SC_VALUE_NONE;
	if (!per_item || !isfinite(value_usd) || !isfinite(items) || !(value_usd > 0.0)
		|| !(items > 0.0) || !(p->usd_per_eur > 0.0))
		return SC_VALUE_UNKNOWN;
	eur = value_usd / items / p->usd_per_eur;
	return eur > min_item_value_eur ? SC_VALUE_MET : SC_VALUE_BELOW;
}

/*
 * Score one declaration.  The definitions of the indicators, with their
 * sources, are in doc/scoring.md; in short:
 *
 * exposure E: 1 when the destination is sanctioned on the declaration date,
 * exposure_hub when it is a transshipment country, exposure_other otherwise.
 * The coalition nexus holds when the origin, or a country the goods left
 * before the destination, is in the sanctioning coalition on that date.
 * Goods first (watchlist, restricted, direct_export); behaviour (transit
 * through a hub, origin, route shape, lane surge, new trader, route rarity)
 * is scaled by the goods factor D of sc_diversion; the price (unit_value) and
 * listed parties stand on their own.
 */
void
sc_evaluate(const sc_facts *f, const sc_params *p, sc_result *r)
{
	int			n = f->ncountries;
	uint8_t		dest_roles = n > 0 ? f->roles[n - 1] : 0;
	bool		sanctioned = (dest_roles & SC_ROLE_SANCTIONED) != 0;
	bool		dest_hub = (dest_roles & SC_ROLE_HUB) != 0;
	bool		nexus = f->has_origin && (f->origin_roles & SC_ROLE_COALITION);

	/*
	 * goods leave a hub they were not made in: a hub's own goods dispatched
	 * from it are the hub's trade, not transit
	 */
	bool		hub_dispatch = n >= 2 && (f->roles[n - 2] & SC_ROLE_HUB)
		&& !(f->has_origin && f->origin == f->countries[n - 2]);
	int			hub_at = -1;
	double		E,
				D;
	double		contrib[SC_NINDICATORS];

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < n - 1; i++)
		if (f->roles[i] & SC_ROLE_COALITION)
			nexus = true;

	/*
	 * a hub the goods passed through: neither the first country nor the
	 * last, nor the country that made them
	 */
	for (int i = 1; i < n - 1; i++)
		if ((f->roles[i] & SC_ROLE_HUB) && f->countries[i] != f->countries[n - 1]
			&& !(f->has_origin && f->origin == f->countries[i]))
		{
			hub_at = i;
			break;
		}
	E = sanctioned ? p->exposure_sanctioned : dest_hub ? p->exposure_hub : p->exposure_other;
	D = sc_diversion(f, p, sanctioned);
	r->exposure = E;
	r->coalition_nexus = nexus;
	r->hub_position = hub_at;
	r->diversion = D;

	/* 1. goods on the watchlist, by tier (coarse codes: a part of the tier) */
	if (f->tier_weight > 0.0)
		reason(r, SC_WATCHLIST, p, f->tier_weight, E * (nexus ? 1.0 : p->no_nexus), 1.0,
			   f->watch_match == SC_MATCH_COARSE ? SC_CAUSE_COARSE_CODE : SC_CAUSE_NONE,
			   f->tier_weight);

	/* 1b. goods under an export restriction for this destination and date */
	if (f->restricted_rho > 0.0)
		reason(r, SC_RESTRICTED, p, f->restricted_rho,
			   E * (f->restricted_bound ? 1.0 : p->no_nexus), 1.0,
			   f->restricted_match == SC_MATCH_COARSE ? SC_CAUSE_COARSE_CODE :
			   f->restricted_match == SC_MATCH_EX ? SC_CAUSE_EX_CODE : SC_CAUSE_LISTED,
			   f->restricted_rho);

	/*
	 * 1c. the plain ban violation: restricted goods shipped straight from a
	 * country the regime binds into a destination it covers, while it applies
	 */
	if (sanctioned && f->direct_rho > 0.0)
		reason(r, SC_DIRECT_EXPORT, p, f->direct_rho, 1.0, 1.0, SC_CAUSE_NONE, f->direct_rho);

	/* 2. into a sanctioned destination through a transshipment country */
	if (sanctioned && hub_at >= 0)
		reason(r, SC_TRANSSHIPMENT, p, 1.0, 1.0, D, SC_CAUSE_NONE, hub_at);

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
			reason(r, SC_ORIGIN, p, 1.0, best, D, cause, value);
	}

	/* 4. loops and round trips, detours */
	if (n >= 2)
	{
		/*
		 * a loop contradicts itself (the goods return to a country they
		 * left): visible whatever the goods, like an extreme lane surge
		 */
		if (f->has_loop)
			reason(r, SC_ROUTE_SHAPE, p, 1.0, E, 1.0, SC_CAUSE_LOOP, f->detour_ratio);
		else if (!isnan(f->detour_ratio))
			reason(r, SC_ROUTE_SHAPE, p,
				   sc_ramp(f->detour_ratio, p->detour_low, p->detour_high), E, D,
				   SC_CAUSE_DETOUR, f->detour_ratio);
	}

	/* 5. unit value against the fitted baseline: both directions */
	if (f->has_unit_value && f->has_uv_baseline && f->uv_n >= p->uv_min_n)
	{
		double		z = sc_robust_z(f->log_unit_value, f->uv_median, f->uv_mad,
									p->uv_mad_floor);

		reason(r, SC_UNIT_VALUE, p, sc_ramp(fabs(z), p->uv_z_low, p->uv_z_high),
			   1.0, 1.0, SC_CAUSE_NONE, z);
	}

	/*
	 * 6. the lane surged after the cutoff against its own past, and beyond
	 * its dispatch country's trend: the smaller of the two ratios decides, so
	 * a lane that merely shrank less than the rest of its trade is no surge.
	 * A lane anomaly is market-wide evidence: the goods factor is the larger
	 * of D and the surge's own strength, so an extreme surge counts whatever
	 * the goods (Kazakh washing machines into Russia, under the Annex XVIII
	 * value threshold).
	 */
	if (f->after_cutoff && f->has_lane && f->lane_relative > 0.0 && f->lane_ratio > 0.0)
	{
		double		surge = f->lane_ratio < f->lane_relative ? f->lane_ratio : f->lane_relative;
		double		s = sc_ramp(log(surge), log(p->lane_ratio_low), log(p->lane_ratio_high));

		reason(r, SC_LANE_SURGE, p, s, E, s > D ? s : D, SC_CAUSE_NONE, surge);
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
			reason(r, SC_NEW_TRADER, p, 1.0, E * via, D, SC_CAUSE_NEW_EXPORTER, 0.0);
		else if (!f->exporter_in_chapter)
			reason(r, SC_NEW_TRADER, p, p->new_chapter, E * via, D, SC_CAUSE_NEW_CHAPTER,
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
			reason(r, SC_ROUTE_RARITY, p, s, E, D, cause, value);
	}

	/* 9. a party matches a listed name (the similarity is already thresholded) */
	if (!isnan(f->party_similarity) && f->party_similarity > 0.0)
		reason(r, SC_PARTY, p, f->party_similarity, 1.0, 1.0, SC_CAUSE_NONE,
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

/*
 * Unit synonyms: UN/ECE Recommendation 20 codes (NAR, KGM, GRM, TNE, LTR,
 * MTR, MTK, MTQ, NPR, KWH, CTM...), the EU Combined Nomenclature's
 * supplementary units (p/st, pa, l, m², m³, 1000 p/st, c/k), common customs
 * spellings and the Russian and Kazakh abbreviations, each to a standard
 * code and the factor of a quantity in it.  Matched after trimming, ASCII
 * lower case and a final full stop dropped; Cyrillic is listed in both cases.
 */
typedef struct sc_unit_def
{
	const char *name;
	const char *code;
	double		factor;
} sc_unit_def;

static const sc_unit_def sc_units[] = {
	/* items */
	{"u", "u", 1}, {"unit", "u", 1}, {"units", "u", 1}, {"pc", "u", 1}, {"pcs", "u", 1},
	{"pce", "u", 1}, {"piece", "u", 1}, {"pieces", "u", 1}, {"nar", "u", 1}, {"nmb", "u", 1},
	{"no", "u", 1}, {"nos", "u", 1}, {"item", "u", 1}, {"items", "u", 1}, {"ea", "u", 1},
	{"each", "u", 1}, {"p/st", "u", 1}, {"p/st.", "u", 1}, {"st", "u", 1}, {"stk", "u", 1},
	{"h87", "u", 1}, {"c62", "u", 1},
	{"\xd1\x88\xd1\x82", "u", 1},	/* шт */
	{"\xd0\xa8\xd0\xa2", "u", 1},	/* ШТ */
	{"\xd0\xa8\xd1\x82", "u", 1},	/* Шт */
	{"\xd1\x88\xd1\x82\xd1\x83\xd0\xba", "u", 1},	/* штук */
	{"\xd0\xb4\xd0\xb0\xd0\xbd\xd0\xb0", "u", 1},	/* дана (Kazakh) */
	{"1000 p/st", "u", 1000}, {"1000 u", "u", 1000}, {"mil", "u", 1000}, {"tu", "u", 1000},
	/* mass */
	{"kg", "kg", 1}, {"kgs", "kg", 1}, {"kgm", "kg", 1}, {"kilo", "kg", 1}, {"kilos", "kg", 1},
	{"kilogram", "kg", 1}, {"kilograms", "kg", 1}, {"kg net", "kg", 1}, {"net kg", "kg", 1},
	{"\xd0\xba\xd0\xb3", "kg", 1},	/* кг */
	{"\xd0\x9a\xd0\x93", "kg", 1},	/* КГ */
	{"\xd0\x9a\xd0\xb3", "kg", 1},	/* Кг */
	{"g", "kg", 0.001}, {"gr", "kg", 0.001}, {"grm", "kg", 0.001}, {"gram", "kg", 0.001},
	{"grams", "kg", 0.001},
	{"\xd0\xb3", "kg", 0.001},		/* г */
	{"t", "kg", 1000}, {"tne", "kg", 1000}, {"mt", "kg", 1000}, {"tonne", "kg", 1000},
	{"tonnes", "kg", 1000}, {"ton", "kg", 1000}, {"tons", "kg", 1000},
	{"\xd1\x82", "kg", 1000},		/* т */
	{"\xd1\x82\xd0\xbd", "kg", 1000},	/* тн */
	/* volume */
	{"l", "l", 1}, {"ltr", "l", 1}, {"lt", "l", 1}, {"litre", "l", 1}, {"litres", "l", 1},
	{"liter", "l", 1}, {"liters", "l", 1},
	{"\xd0\xbb", "l", 1},			/* л */
	{"hl", "l", 100}, {"hlt", "l", 100}, {"ml", "l", 0.001}, {"mlt", "l", 0.001},
	{"l alc. 100 %", "l alc", 1}, {"l alc", "l alc", 1}, {"lpa", "l alc", 1},
	{"m3", "m3", 1}, {"mtq", "m3", 1}, {"m\xc2\xb3", "m3", 1}, {"cbm", "m3", 1},
	{"\xd0\xbc" "3", "m3", 1},			/* м3 */
	{"1000 m3", "m3", 1000},
	/* length and area */
	{"m", "m", 1}, {"mtr", "m", 1}, {"metre", "m", 1}, {"meter", "m", 1},
	{"\xd0\xbc", "m", 1},			/* м */
	{"m2", "m2", 1}, {"mtk", "m2", 1}, {"m\xc2\xb2", "m2", 1}, {"sqm", "m2", 1},
	{"\xd0\xbc" "2", "m2", 1},			/* м2 */
	/* pairs, energy, carats, cells */
	{"pr", "pr", 1}, {"pa", "pr", 1}, {"npr", "pr", 1}, {"pair", "pr", 1}, {"pairs", "pr", 1},
	{"\xd0\xbf\xd0\xb0\xd1\x80", "pr", 1},	/* пар */
	{"kwh", "kwh", 1}, {"1000 kwh", "kwh", 1000}, {"mwh", "kwh", 1000},
	{"ct", "ct", 1}, {"ctm", "ct", 1}, {"carat", "ct", 1}, {"carats", "ct", 1}, {"c/k", "ct", 1},
	{"ce/el", "ce/el", 1},
};

int
sc_unit_normalize(const char *unit, int len, char *buf, double *factor)
{
	int			n = 0;
	bool		space = false;

	/* the screen key: white space trimmed and collapsed, ASCII lower case */
	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) unit[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		{
			space = n > 0;
			continue;
		}
		if (space)
			buf[n++] = ' ';
		space = false;
		buf[n++] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}
	buf[n] = '\0';
	*factor = 1.0;
	if (n == 0)
		return 0;
	for (int pass = 0; pass < 2; pass++)
	{
		for (size_t i = 0; i < sizeof(sc_units) / sizeof(sc_units[0]); i++)
		{
			if (strcmp(sc_units[i].name, buf) == 0)
			{
				*factor = sc_units[i].factor;
				strcpy(buf, sc_units[i].code);
				return (int) strlen(buf);
			}
		}
		/* "pcs." and "кг." as "pcs" and "кг" */
		if (pass == 0 && n > 1 && buf[n - 1] == '.')
			buf[--n] = '\0';
		else
			break;
	}
	return n;
}

/*
 * score_core.h
 *		Route-anomaly scoring arithmetic in plain C that does not include
 *		postgres.h: the indicators of a declaration from the facts the server
 *		glue looked up, their noisy-OR combination, and the smoothed
 *		before/after arithmetic of lane surges.
 *
 * The server side (src/score.c, src/baseline.c) resolves everything that
 * needs tables (country roles on a date, watchlist tiers, fitted baselines)
 * into an sc_facts, and turns an sc_result into the screening composite and
 * its jsonb reasons.  Everything that decides a score is here, so that
 * test/unit can check each indicator without a server.
 */
#ifndef SCORE_CORE_H
#define SCORE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Roles of a country on a date (bit mask). */
#define SC_ROLE_COALITION	0x01	/* member of the sanctioning coalition */
#define SC_ROLE_SANCTIONED	0x02	/* sanctioned destination */
#define SC_ROLE_HUB			0x04	/* transshipment country */

/* most countries a route may hold (CC_ROUTE_MAX of country_core.h) */
#define SC_ROUTE_MAX		32

/* The indicators, in the order of the reasons array. */
typedef enum sc_indicator
{
	SC_WATCHLIST = 0,			/* goods on the profile's watchlist, by tier */
	SC_TRANSSHIPMENT,			/* into a sanctioned destination through a hub */
	SC_ORIGIN,					/* origin inconsistent with the route */
	SC_ROUTE_SHAPE,				/* loops, round trips and detours */
	SC_UNIT_VALUE,				/* abnormal unit value for the goods and unit */
	SC_LANE_SURGE,				/* the lane's volume surged after the cutoff */
	SC_NEW_TRADER,				/* no history in these goods before the cutoff */
	SC_ROUTE_RARITY,			/* route unusual for the goods and destination */
	SC_PARTY,					/* a party matches a listed name */
	SC_RESTRICTED,				/* goods under an export restriction here and now */
	SC_DIRECT_EXPORT,			/* restricted goods shipped straight from a bound country */
	SC_NINDICATORS
} sc_indicator;

extern const char *const sc_indicator_names[SC_NINDICATORS];

/* Sub-causes, for the evidence of indicators that have several. */
typedef enum sc_cause
{
	SC_CAUSE_NONE = 0,
	SC_CAUSE_HUB_ORIGIN_COALITION_ROUTE,	/* made in a hub, shipped from the coalition */
	SC_CAUSE_COALITION_ORIGIN_HUB_DISPATCH, /* coalition goods dispatched from a hub */
	SC_CAUSE_IMPLAUSIBLE_ORIGIN,	/* origin rarely makes these goods */
	SC_CAUSE_LOOP,				/* the route returns to a country it left */
	SC_CAUSE_DETOUR,			/* far longer than the direct distance */
	SC_CAUSE_NEW_EXPORTER,		/* first seen after the cutoff */
	SC_CAUSE_NEW_CHAPTER,		/* known exporter, goods outside its chapters */
	SC_CAUSE_RARE_ROUTE,		/* dispatch country rare for goods/destination */
	SC_CAUSE_EXPORTER_ROUTE_CHANGE,	/* exporter never used this leg before */
	SC_CAUSE_LISTED,			/* the declared code is under a listed code */
	SC_CAUSE_EX_CODE,			/* listed as an "ex" code: only some goods of it */
	SC_CAUSE_COARSE_CODE		/* the declared code is above listed codes */
} sc_cause;

/* How a declared code meets a listed one (watchlist member or restriction). */
typedef enum sc_match
{
	SC_MATCH_NONE = 0,
	SC_MATCH_FULL,				/* declared code at or under the listed code */
	SC_MATCH_EX,				/* ... of an "ex" listed code */
	SC_MATCH_COARSE				/* declared code above the listed code */
} sc_match;

/* A value condition of a restriction (Annex XVIII: above EUR n per item). */
typedef enum sc_value_cond
{
	SC_VALUE_NONE = 0,			/* no value condition */
	SC_VALUE_MET,				/* declared unit value above the threshold */
	SC_VALUE_BELOW,				/* declared unit value at or below it */
	SC_VALUE_UNKNOWN			/* no unit value per item to compare */
} sc_value_cond;

extern const char *const sc_value_cond_names[];

/* Why a price check could not run (the unit_value reason says it). */
typedef enum sc_uv_status
{
	SC_UV_CHECKED = 0,
	SC_UV_NO_PRICE,				/* no value, quantity or code given: nothing said */
	SC_UV_MISSING,				/* a value without a quantity or the reverse */
	SC_UV_NOT_FINITE,			/* value or quantity infinite or NaN */
	SC_UV_NOT_POSITIVE,			/* value or quantity zero or negative */
	SC_UV_NO_UNIT,				/* no unit given */
	SC_UV_UNIT_NOT_SEEN,		/* baselines for the code exist, not in this unit */
	SC_UV_NO_BASELINE,			/* no baseline for the code in any unit */
	SC_UV_TOO_FEW				/* a baseline with fewer than min_n observations */
} sc_uv_status;

extern const char *const sc_uv_status_names[];

extern const char *const sc_cause_names[];

/*
 * The tunable numbers of a profile: weights of the indicators, and the
 * thresholds that turn a measurement into a strength in [0, 1].  Every field
 * is a row of screen_config (see sc_param_names in score_core.c).
 */
typedef struct sc_params
{
	double		weight[SC_NINDICATORS];

	/* exposure: how much the destination puts the goods at risk */
	double		exposure_sanctioned;	/* destination sanctioned on the date */
	double		exposure_hub;	/* destination a transshipment country */
	double		exposure_other;
	double		no_nexus;		/* no coalition country or origin involved */

	double		uv_z_low;		/* robust z where unit_value starts */
	double		uv_z_high;		/* ... and reaches full strength */
	double		uv_min_n;		/* observations a baseline needs */
	double		uv_mad_floor;	/* least MAD of log unit value */

	double		detour_low;
	double		detour_high;

	double		lane_ratio_low; /* relative surge ratio where lane_surge starts */
	double		lane_ratio_high;

	double		new_chapter;	/* strength of a known exporter's new chapter */

	double		rarity_low;		/* -log10 of the share against the usual route */
	double		rarity_high;
	double		rarity_alpha;	/* pseudo-declarations of the smoothing prior */
	double		rarity_min_exporter;	/* exporter history needed to judge a change */
	double		rarity_exporter_change; /* strength of an exporter's new leg */

	double		origin_lift_low;	/* -log10 lift where implausible origin starts */
	double		origin_lift_high;

	double		level_low;
	double		level_medium;
	double		level_high;

	/* the goods nexus: restrictions and how they scale behaviour */
	double		ex_factor;		/* strength of an "ex" listed code */
	double		coarse_factor;	/* strength of a code above listed codes */
	double		value_unknown;	/* strength when a value condition cannot be checked */
	double		usd_per_eur;	/* for value conditions in euros */
	double		diversion_unrestricted; /* behaviour of unrestricted goods into a sanctioned destination */
	double		diversion_none; /* behaviour of unrestricted goods elsewhere */
} sc_params;

/* A parameter's name in screen_config, and where it lives in sc_params. */
typedef struct sc_param_def
{
	const char *name;
	size_t		offset;
	double		default_value;
} sc_param_def;

extern const sc_param_def sc_param_defs[];
extern const int sc_nparam_defs;

extern void sc_params_default(sc_params *p);
extern bool sc_params_set(sc_params *p, const char *name, double value);

/*
 * What the server looked up about one declaration.  Counts are from the
 * fitted baselines; NaN or a false have_* flag means "not known", which
 * disables the indicators that need it rather than firing them.
 */
typedef struct sc_facts
{
	/* route and roles on the declaration date */
	int			ncountries;
	uint16_t	countries[SC_ROUTE_MAX];
	uint8_t		roles[SC_ROUTE_MAX];
	bool		has_origin;
	uint16_t	origin;
	uint8_t		origin_roles;
	bool		after_cutoff;	/* declaration on or after the profile's cutoff */
	bool		has_loop;
	double		detour_ratio;	/* NaN when unknown */

	/* watchlist: tier weight of the longest matching member, 0 if none */
	double		tier_weight;
	sc_match	watch_match;	/* FULL, or COARSE: the code is above members */
	/*
	 * a coarse declaration above watchlist members: its HS2022 subheadings
	 * and how many the members cover (0 subheadings: not known, the tier
	 * weight is then restriction.coarse_factor of the strongest member's)
	 */
	int			watch_subheadings;
	double		watch_covered;

	/*
	 * restrictions on the date: the strongest match (restricted_rho in [0, 1]:
	 * match factor times value-condition factor) among the regimes that cover
	 * the destination (or, for a destination that is not sanctioned, any
	 * destination: the goods would be restricted if they went on), whether a
	 * regime binds the origin or a country the goods left before the
	 * destination, and the strongest match whose regime binds the dispatch
	 * country and covers the destination (a direct export)
	 */
	double		restricted_rho;
	bool		restricted_bound;
	sc_match	restricted_match;
	sc_value_cond restricted_value;
	/*
	 * a coarse declaration (a chapter or heading above listed codes): its
	 * HS2022 subheadings, how many the applicable listed codes cover (a
	 * subheading only some of whose lines are listed counts
	 * restriction.coarse_factor) and their share, the coarse strength (the
	 * coarse factor itself when the subheadings are not known)
	 */
	int			coarse_subheadings;
	double		coarse_covered;
	double		coarse_share;
	double		direct_rho;

	/* unit value */
	bool		has_unit_value;
	double		log_unit_value;
	sc_uv_status uv_status;		/* why the check could not run */
	bool		has_uv_baseline;
	double		uv_median;		/* of log unit value */
	double		uv_mad;
	double		uv_n;
	int			uv_level;		/* digits of the baseline's code: 6, 4 or 2 */

	/* lane (dispatch, destination, heading) */
	bool		has_lane;
	double		lane_before;
	double		lane_after;
	double		lane_ratio;		/* smoothed after/before */
	double		lane_relative;	/* lane_ratio over the dispatch->destination ratio */

	/* exporter */
	bool		has_exporter;
	bool		exporter_known; /* seen before the cutoff */
	bool		exporter_in_chapter;	/* seen in this chapter before the cutoff */
	double		exporter_history;	/* its declarations before the cutoff */
	bool		exporter_used_leg;	/* used this dispatch->destination before */

	/* route rarity, heading x destination, before the cutoff */
	bool		has_rarity;
	double		route_share;	/* smoothed share of this dispatch country */
	double		usual_share;	/* smoothed share of the most usual one */

	/* origin plausibility, heading, before the cutoff */
	bool		has_origin_lift;
	double		origin_lift;	/* share for the heading over share overall */

	/* parties (issue 8): best similarity against a listed name, NaN if none */
	double		party_similarity;

	/* whether the pre-cutoff baselines exist at all */
	bool		have_history;
} sc_facts;

/* One indicator's outcome and the numbers behind it. */
typedef struct sc_reason
{
	bool		fired;
	double		strength;		/* in [0, 1] before weighting */
	double		exposure;		/* factor of the destination and nexus */
	double		goods_factor;	/* how far the goods' status lets behaviour count */
	double		contribution;	/* weight * strength * exposure * goods_factor */
	sc_cause	cause;
	double		value;			/* the measurement (z, ratio, rarity...) */
} sc_reason;

typedef struct sc_result
{
	double		score;			/* noisy-OR of the contributions, in [0, 1] */
	int			level;			/* 0 none, 1 low, 2 medium, 3 high */
	double		exposure;		/* the declaration's exposure */
	bool		coalition_nexus;
	int			hub_position;	/* first transit hub, -1 if none */
	double		diversion;		/* the goods factor D of behavioural indicators */
	sc_reason	reasons[SC_NINDICATORS];
} sc_result;

extern const char *const sc_level_names[4];

extern void sc_facts_init(sc_facts *f);
extern void sc_evaluate(const sc_facts *f, const sc_params *p, sc_result *r);

/*
 * The smoothing of the fitted counts, done here so that the server glue only
 * looks counts up (see score_core.c for the formulas).
 */
extern double sc_tier_default_weight(int tier_order);
extern double sc_dispatch_share(double dest_total, double dest_dispatches, double n);
extern void sc_route_shares(double cell, double cell_max, double n_hd,
							double q, double q_max, double alpha,
							double *route_share, double *usual_share);
extern double sc_origin_lift(double n_origin_heading, double n_heading,
							 double n_origin, double total, double origins,
							 double alpha);
extern int	sc_uv_pick(const bool present[2], const double n[2], double min_n);
extern double sc_match_strength(sc_match match, sc_value_cond value, const sc_params *p);
extern sc_value_cond sc_value_condition(double min_item_value_eur, bool per_item,
										double value_usd, double items,
										const sc_params *p);
extern double sc_diversion(const sc_facts *f, const sc_params *p, bool sanctioned);

/* the HS2022 subheadings of each heading (src/hs_subheadings_data.c, generated) */
typedef struct sc_heading_count
{
	int16_t		heading;		/* the heading's four digits as a number */
	uint8_t		n;				/* its HS2022 subheadings */
} sc_heading_count;
extern const sc_heading_count sc_hs2022_headings[];
extern const int sc_hs2022_nheadings;
extern int	sc_hs2022_subheadings(int code, int ndigits);
extern double sc_coarse_share(int subheadings, double covered, double coarse_factor);

/*
 * Units: a unit as declared (u, pcs, NAR, шт, kgs, кг, g, t, ...) to its
 * standard code (UN/ECE Recommendation 20 meaning, short names: u, kg, l,
 * m, m2, m3, pr, kwh, ct ...) and the factor that turns a quantity in it into
 * the standard code's (g -> kg: 0.001).  An unknown unit is its screen key
 * (trimmed, lower case) with factor 1.  Returns the code's length, 0 for a
 * blank unit; buf needs len + 8 bytes.
 */
extern int	sc_unit_normalize(const char *unit, int len, char *buf, double *factor);

/* small arithmetic, exposed for the tests */
extern double sc_ramp(double x, double lo, double hi);
extern double sc_noisy_or(const double *c, int n);
extern double sc_robust_z(double x, double median, double mad, double mad_floor);

/*
 * Lane change: the median monthly level of `months` months from the cutoff
 * against the same calendar months whole years earlier (so seasonality
 * cancels), a smoothed ratio, and a score that needs both a strong and a
 * large surge.
 */
typedef struct sc_lane_change
{
	double		before;			/* median monthly level before */
	double		after;			/* median monthly level after */
	double		ratio;			/* (after + prior) / (before + prior) */
	double		change;			/* after - before */
	double		score;			/* sqrt(ln ratio * ln(1 + change / prior)), >= 0 */
	int			active_before;	/* months with a non-zero value */
	int			active_after;
} sc_lane_change;

#define SC_LANE_MAX_MONTHS	120

extern int	sc_lane_offset(int months);
extern void sc_lane_compute(const double *before, const double *after,
							int months, double prior, sc_lane_change *out);
extern double sc_median(double *values, int n);

#endif							/* SCORE_CORE_H */

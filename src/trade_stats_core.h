/*
 * trade_stats_core.h
 *		Arithmetic of the trade-statistics aggregates in plain C that does not
 *		include postgres.h: mirror_gap (exports one side reports that the
 *		partner never records as imports) and pass_through (a hub's extra
 *		imports that leave again for a sanctioned destination).
 *
 * The server glue (src/trade_stats.c) collects one lane's periods into an
 * array of ts_period, merges them with ts_merge_periods and calls
 * ts_mirror_gap or ts_pass_through; test/unit checks the arithmetic without
 * a server.
 */
#ifndef TRADE_STATS_CORE_H
#define TRADE_STATS_CORE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * One period of a lane: its month (year * 12 + month - 1) and the two
 * values the aggregate compares, with whether each side reported one (a
 * side that reported nothing for the period is not the same as zero).
 */
typedef struct ts_period
{
	int32_t		month;
	bool		a_ok;
	bool		b_ok;
	double		a;
	double		b;
} ts_period;

/* result of mirror_gap */
typedef struct ts_mirror
{
	double		ratio_before;	/* robust imports (FOB) / exports before */
	double		ratio_after;	/* the same after the cutoff */
	double		normal_ratio;	/* ratio_before shrunk towards 1 by the prior */
	double		missing_after;	/* after exports the normal ratio leaves unmatched */
	double		phantom_share;	/* missing_after / exports_after */
	double		exports_before;
	double		exports_after;
	double		imports_before; /* as recorded (CIF) */
	double		imports_after;
	int			periods_before; /* export periods paired with a partner's record */
	int			periods_after;
	int			lag;			/* the recording lag found, in months */
	int			step;			/* months a period: 1, 3 or 12 */
	bool		has_before;		/* ratio_before defined */
	bool		has_after;		/* ratio_after defined */
	double		score;
} ts_mirror;

/* result of pass_through */
typedef struct ts_pass
{
	double		import_before;	/* mean imports a period before the cutoff */
	double		import_after;
	double		export_before;
	double		export_after;
	double		import_surge;	/* robust mean excess over the seasonal baseline */
	double		export_surge;
	double		pass_through_share; /* export_surge / import_surge in [0, 1] */
	double		passed;			/* pass_through_share * import_surge */
	int			periods_before;
	int			periods_after;
	int			step;			/* months a period: 1, 3 or 12 */
	double		score;
} ts_pass;

/* most periods one lane may hold (100 years of months) */
#define TS_MAX_PERIODS		1200

extern int	ts_merge_periods(ts_period *p, int n);
extern bool ts_is_annual(const ts_period *p, int n);
extern int	ts_period_step(const ts_period *p, int n);
extern double ts_weighted_median(double *x, double *w, int n);
extern double ts_trimmed_mean(double *x, int n);
extern void ts_mirror_gap(const ts_period *p, int n, int32_t cutoff_month,
						  double margin, int lag, double prior, ts_mirror *out);
extern void ts_pass_through(const ts_period *p, int n, int32_t cutoff_month,
							double prior, ts_pass *out);

#endif							/* TRADE_STATS_CORE_H */

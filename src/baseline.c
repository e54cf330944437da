/*
 * baseline.c
 *		The aggregates behind scoring baselines: robust_stats (count, median
 *		and median absolute deviation) and lane_change (a lane's surge after a
 *		cutoff, monthly or, with granularity 'year', annual; an annual series
 *		given to the monthly forms is refused), both with combine, serial and
 *		deserial functions so that they run in parallel plans and merge across
 *		shards.
 *
 * The arithmetic is in score_core.c; this file keeps the states.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "trade_screen.h"
#include "score_core.h"

/* ----------------------------------------------------------------------
 * robust_stats(double precision) returns robust_summary
 * ----------------------------------------------------------------------
 */

/* every value seen, in the aggregate's memory context */
typedef struct RobustState
{
	int64		n;
	int64		cap;
	double	   *values;
} RobustState;

/* make room for extra more values */
static void
robust_reserve(RobustState *st, int64 extra)
{
	int64		want = st->n + extra;

	if (want <= st->cap)
		return;
	if (want > (int64) (MaxAllocHugeSize / sizeof(double)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("robust_stats cannot hold more than %zu values in one group",
						MaxAllocHugeSize / sizeof(double))));
	st->cap = Max(want, Max(st->cap * 2, 64));
	st->cap = Min(st->cap, (int64) (MaxAllocHugeSize / sizeof(double)));
	if (st->values == NULL)
		st->values = MemoryContextAllocHuge(CurrentMemoryContext, st->cap * sizeof(double));
	else
		st->values = repalloc_huge(st->values, st->cap * sizeof(double));
}

/* a new, empty state in the aggregate context */
static RobustState *
robust_new(FunctionCallInfo fcinfo)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "robust_stats called in non-aggregate context");
	return MemoryContextAllocZero(aggcxt, sizeof(RobustState));
}

/*
 * robust_stats_transfn(internal, double precision) returns internal: keep a
 * finite value; NULLs and infinities are ignored.
 */
PG_FUNCTION_INFO_V1(robust_stats_transfn);
Datum
robust_stats_transfn(PG_FUNCTION_ARGS)
{
	RobustState *st = PG_ARGISNULL(0) ? NULL : (RobustState *) PG_GETARG_POINTER(0);
	MemoryContext aggcxt,
				old;
	double		x;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "robust_stats_transfn called in non-aggregate context");
	if (st == NULL)
		st = robust_new(fcinfo);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	x = PG_GETARG_FLOAT8(1);
	if (!isfinite(x))
		PG_RETURN_POINTER(st);
	old = MemoryContextSwitchTo(aggcxt);
	robust_reserve(st, 1);
	MemoryContextSwitchTo(old);
	st->values[st->n++] = x;
	PG_RETURN_POINTER(st);
}

/* robust_stats_combine(internal, internal) returns internal */
PG_FUNCTION_INFO_V1(robust_stats_combine);
Datum
robust_stats_combine(PG_FUNCTION_ARGS)
{
	RobustState *a = PG_ARGISNULL(0) ? NULL : (RobustState *) PG_GETARG_POINTER(0);
	RobustState *b = PG_ARGISNULL(1) ? NULL : (RobustState *) PG_GETARG_POINTER(1);
	MemoryContext aggcxt,
				old;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "robust_stats_combine called in non-aggregate context");
	if (b == NULL || b->n == 0)
	{
		if (a == NULL)
			a = robust_new(fcinfo);
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = robust_new(fcinfo);
	old = MemoryContextSwitchTo(aggcxt);
	robust_reserve(a, b->n);
	MemoryContextSwitchTo(old);
	memcpy(a->values + a->n, b->values, b->n * sizeof(double));
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

/* robust_stats_serial(internal) returns bytea: the count, then the values */
PG_FUNCTION_INFO_V1(robust_stats_serial);
Datum
robust_stats_serial(PG_FUNCTION_ARGS)
{
	RobustState *st = (RobustState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, st->n);
	for (int64 i = 0; i < st->n; i++)
		pq_sendfloat8(&buf, st->values[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* robust_stats_deserial(bytea, internal) returns internal */
PG_FUNCTION_INFO_V1(robust_stats_deserial);
Datum
robust_stats_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	RobustState *st = robust_new(fcinfo);
	StringInfoData buf;
	int64		n;
	MemoryContext aggcxt,
				old;

	AggCheckCallContext(fcinfo, &aggcxt);
	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	n = pq_getmsgint64(&buf);
	if (n < 0 || n > (int64) (buf.len / sizeof(double)))
		elog(ERROR, "corrupt robust_stats state");
	old = MemoryContextSwitchTo(aggcxt);
	robust_reserve(st, n);
	MemoryContextSwitchTo(old);
	for (int64 i = 0; i < n; i++)
		st->values[i] = pq_getmsgfloat8(&buf);
	st->n = n;
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}

/* qsort comparator for doubles */
static int
cmp_float8(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* median of n sorted values */
static double
sorted_median(const double *v, int64 n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/*
 * robust_stats_final(internal) returns robust_summary: count, median and
 * median absolute deviation (NULLs when there were no values).
 */
PG_FUNCTION_INFO_V1(robust_stats_final);
Datum
robust_stats_final(PG_FUNCTION_ARGS)
{
	RobustState *st = PG_ARGISNULL(0) ? NULL : (RobustState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, true, true};
	int64		n = st ? st->n : 0;

	if (get_func_result_type(fcinfo->flinfo->fn_oid, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "robust_stats_final must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum(n);
	if (n > 0)
	{
		double	   *dev = palloc_extended(n * sizeof(double), MCXT_ALLOC_HUGE);
		double		median;

		/* sort a copy: the state may be finalized again (window frames) */
		memcpy(dev, st->values, n * sizeof(double));
		qsort(dev, n, sizeof(double), cmp_float8);
		median = sorted_median(dev, n);
		for (int64 i = 0; i < n; i++)
			dev[i] = fabs(dev[i] - median);
		qsort(dev, n, sizeof(double), cmp_float8);
		values[1] = Float8GetDatum(median);
		values[2] = Float8GetDatum(sorted_median(dev, n));
		nulls[1] = nulls[2] = false;
		pfree(dev);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ----------------------------------------------------------------------
 * lane_change(period date, value double precision, cutoff date,
 *			   months integer [, prior double precision [, granularity text]])
 * ----------------------------------------------------------------------
 */

/* prior of the four-argument form: 10,000 a month (see README) */
#define LANE_DEFAULT_PRIOR	10000.0

/* granularity of the series */
#define LANE_MONTH_IMPLICIT	0	/* the 4- and 5-argument forms: monthly */
#define LANE_MONTH			1	/* granularity => 'month' */
#define LANE_YEAR			2	/* granularity => 'year' */

/*
 * monthly (or yearly) sums of the windows before and after the cutoff, and
 * what the rows looked like, so that an annual series given as monthly is
 * refused rather than scored 0
 */
typedef struct LaneState
{
	int32		months;
	int32		cutoff_month;	/* year * 12 + month - 1 of the cutoff */
	double		prior;
	int32		granularity;
	int32		calendar_mask;	/* bit m: a row fell in calendar month m */
	int32		first_month;	/* earliest and latest row */
	int32		last_month;
	int64		rows;			/* rows with a finite period and value */
	double		sums[FLEXIBLE_ARRAY_MEMBER];	/* before[months], after[months] */
} LaneState;

#define LANE_STATE_SIZE(months) (offsetof(LaneState, sums) + 2 * (months) * sizeof(double))

/* year * 12 + month - 1 of a finite date */
static int32
date_month(DateADT d)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return y * 12 + m - 1;
}

/* check the window arguments of a row */
static void
lane_check_args(int32 months, double prior)
{
	if (months < 1 || months > SC_LANE_MAX_MONTHS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("months of lane_change must be between 1 and %d: %d",
						SC_LANE_MAX_MONTHS, months)));
	if (!(prior > 0.0) || !isfinite(prior))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("prior of lane_change must be a positive finite number: %g", prior)));
}

/* complain that a group mixes windows */
static void
lane_mixed_windows(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cutoff, months and prior of lane_change must be the same for every row of a group")));
}

/* years of the windows of a yearly lane_change */
static int32
lane_years(int32 months)
{
	return (months + 11) / 12;
}

/* floor of a month number over 12 */
static int32
lane_year_of(int32 month)
{
	return month >= 0 ? month / 12 : -((-month + 11) / 12);
}

/*
 * Does the group look like an annual series given to a monthly form?  Every
 * row in one calendar month, January or December (how annual figures are
 * dated), over at least three years.  Such a series puts at most one month
 * in each window, so that every median is 0 and every lane scores 0.
 */
static bool
lane_looks_annual(const LaneState *st)
{
	return st->granularity == LANE_MONTH_IMPLICIT && st->rows >= 3 &&
		(st->calendar_mask == 1 || st->calendar_mask == (1 << 11)) &&
		st->last_month - st->first_month >= 24;
}

/* the granularity argument as a LANE_ constant */
static int32
lane_granularity(text *g)
{
	char	   *s = text_to_cstring(g);

	if (pg_strcasecmp(s, "month") == 0)
		return LANE_MONTH;
	if (pg_strcasecmp(s, "year") == 0)
		return LANE_YEAR;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid granularity of lane_change: \"%s\"", s),
			 errhint("Pass 'month' for monthly series or 'year' for one row a year.")));
	return LANE_MONTH;			/* keep the compiler quiet */
}

/*
 * lane_change_transfn(internal, date, double precision, date, integer
 * [, double precision]) returns internal: add a row's value to its month,
 * when the month falls in one of the two windows.
 */
PG_FUNCTION_INFO_V1(lane_change_transfn);
Datum
lane_change_transfn(PG_FUNCTION_ARGS)
{
	LaneState  *st = PG_ARGISNULL(0) ? NULL : (LaneState *) PG_GETARG_POINTER(0);
	MemoryContext aggcxt;
	DateADT		period,
				cutoff;
	int32		months;
	double		prior = LANE_DEFAULT_PRIOR;
	int32		granularity = LANE_MONTH_IMPLICIT;
	int32		idx,
				offset,
				month;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "lane_change_transfn called in non-aggregate context");
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4) || (PG_NARGS() > 5 && PG_ARGISNULL(5)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cutoff, months and prior of lane_change must not be NULL")));
	if (PG_NARGS() > 6 && PG_ARGISNULL(6))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("granularity of lane_change must not be NULL"),
				 errhint("Pass 'month' or 'year'.")));
	cutoff = PG_GETARG_DATEADT(3);
	months = PG_GETARG_INT32(4);
	if (PG_NARGS() > 5)
		prior = PG_GETARG_FLOAT8(5);
	if (PG_NARGS() > 6)
		granularity = lane_granularity(PG_GETARG_TEXT_PP(6));
	if (DATE_NOT_FINITE(cutoff))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cutoff of lane_change must be a finite date")));
	if (st == NULL)
	{
		lane_check_args(months, prior);
		st = MemoryContextAllocZero(aggcxt, LANE_STATE_SIZE(months));
		st->months = months;
		st->cutoff_month = date_month(cutoff);
		st->prior = prior;
		st->granularity = granularity;
	}
	else if (st->months != months || st->cutoff_month != date_month(cutoff) ||
			 st->prior != prior || st->granularity != granularity)
		lane_mixed_windows();

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	period = PG_GETARG_DATEADT(1);
	if (DATE_NOT_FINITE(period) || !isfinite(PG_GETARG_FLOAT8(2)))
		PG_RETURN_POINTER(st);
	month = date_month(period);
	if (st->rows == 0 || month < st->first_month)
		st->first_month = month;
	if (st->rows == 0 || month > st->last_month)
		st->last_month = month;
	st->rows++;
	st->calendar_mask |= 1 << (month - 12 * lane_year_of(month));
	if (st->granularity == LANE_YEAR)
	{
		int32		years = lane_years(st->months);

		/* before years at sums[0 .. years), after years at sums[months ..] */
		idx = lane_year_of(month) - lane_year_of(st->cutoff_month);
		if (idx >= 0 && idx < years)
			st->sums[st->months + idx] += PG_GETARG_FLOAT8(2);
		else if (idx >= -years && idx < 0)
			st->sums[idx + years] += PG_GETARG_FLOAT8(2);
		PG_RETURN_POINTER(st);
	}
	idx = month - st->cutoff_month;
	offset = sc_lane_offset(st->months);
	if (idx >= 0 && idx < st->months)
		st->sums[st->months + idx] += PG_GETARG_FLOAT8(2);
	else if (idx >= -offset && idx < -offset + st->months)
		st->sums[idx + offset] += PG_GETARG_FLOAT8(2);
	PG_RETURN_POINTER(st);
}

/* lane_change_combine(internal, internal) returns internal */
PG_FUNCTION_INFO_V1(lane_change_combine);
Datum
lane_change_combine(PG_FUNCTION_ARGS)
{
	LaneState  *a = PG_ARGISNULL(0) ? NULL : (LaneState *) PG_GETARG_POINTER(0);
	LaneState  *b = PG_ARGISNULL(1) ? NULL : (LaneState *) PG_GETARG_POINTER(1);
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "lane_change_combine called in non-aggregate context");
	if (b == NULL)
		PG_RETURN_POINTER(a);
	if (a == NULL)
	{
		a = MemoryContextAlloc(aggcxt, LANE_STATE_SIZE(b->months));
		memcpy(a, b, LANE_STATE_SIZE(b->months));
		PG_RETURN_POINTER(a);
	}
	if (a->months != b->months || a->cutoff_month != b->cutoff_month ||
		a->prior != b->prior || a->granularity != b->granularity)
		lane_mixed_windows();
	for (int i = 0; i < 2 * a->months; i++)
		a->sums[i] += b->sums[i];
	if (b->rows > 0)
	{
		if (a->rows == 0 || b->first_month < a->first_month)
			a->first_month = b->first_month;
		if (a->rows == 0 || b->last_month > a->last_month)
			a->last_month = b->last_month;
		a->rows += b->rows;
		a->calendar_mask |= b->calendar_mask;
	}
	PG_RETURN_POINTER(a);
}

/* lane_change_serial(internal) returns bytea */
PG_FUNCTION_INFO_V1(lane_change_serial);
Datum
lane_change_serial(PG_FUNCTION_ARGS)
{
	LaneState  *st = (LaneState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, st->months);
	pq_sendint32(&buf, st->cutoff_month);
	pq_sendfloat8(&buf, st->prior);
	pq_sendint32(&buf, st->granularity);
	pq_sendint32(&buf, st->calendar_mask);
	pq_sendint32(&buf, st->first_month);
	pq_sendint32(&buf, st->last_month);
	pq_sendint64(&buf, st->rows);
	for (int i = 0; i < 2 * st->months; i++)
		pq_sendfloat8(&buf, st->sums[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* lane_change_deserial(bytea, internal) returns internal */
PG_FUNCTION_INFO_V1(lane_change_deserial);
Datum
lane_change_deserial(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	MemoryContext aggcxt;
	LaneState  *st;
	int32		months;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "lane_change_deserial called in non-aggregate context");
	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	months = pq_getmsgint(&buf, 4);
	if (months < 1 || months > SC_LANE_MAX_MONTHS)
		elog(ERROR, "corrupt lane_change state");
	st = MemoryContextAllocZero(aggcxt, LANE_STATE_SIZE(months));
	st->months = months;
	st->cutoff_month = pq_getmsgint(&buf, 4);
	st->prior = pq_getmsgfloat8(&buf);
	st->granularity = pq_getmsgint(&buf, 4);
	st->calendar_mask = pq_getmsgint(&buf, 4);
	st->first_month = pq_getmsgint(&buf, 4);
	st->last_month = pq_getmsgint(&buf, 4);
	st->rows = pq_getmsgint64(&buf);
	for (int i = 0; i < 2 * months; i++)
		st->sums[i] = pq_getmsgfloat8(&buf);
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}

/*
 * lane_change_final(internal) returns lane_change_result; NULL for a group
 * of no rows.  A yearly lane compares its years' values a month (a year's
 * value / 12), so that the prior and the levels keep their monthly meaning.
 * An annual series given to a monthly form is refused (22023).
 */
PG_FUNCTION_INFO_V1(lane_change_final);
Datum
lane_change_final(PG_FUNCTION_ARGS)
{
	LaneState  *st = PG_ARGISNULL(0) ? NULL : (LaneState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	sc_lane_change lc;
	Datum		values[7];
	bool		nulls[7] = {false};

	if (st == NULL)
		PG_RETURN_NULL();
	if (get_func_result_type(fcinfo->flinfo->fn_oid, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "lane_change_final must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (lane_looks_annual(st))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lane_change got one row a year: every row of the group is dated in %s over %d years",
						st->calendar_mask == 1 ? "January" : "December",
						lane_year_of(st->last_month) - lane_year_of(st->first_month) + 1),
				 errdetail("Compared month by month, an annual series has at most one month with trade in each window, so every lane would score 0."),
				 errhint("Pass the granularity: lane_change(period, value, cutoff, months, prior, 'year') for annual statistics, or 'month' if these really are monthly rows.")));
	if (st->granularity == LANE_YEAR)
	{
		int32		years = lane_years(st->months);
		double		b[SC_LANE_MAX_MONTHS],
					a[SC_LANE_MAX_MONTHS];

		for (int i = 0; i < years; i++)
		{
			b[i] = st->sums[i] / 12.0;
			a[i] = st->sums[st->months + i] / 12.0;
		}
		sc_lane_compute(b, a, years, st->prior, &lc);
	}
	else
		sc_lane_compute(st->sums, st->sums + st->months, st->months, st->prior, &lc);
	values[0] = Float8GetDatum(lc.score);
	values[1] = Float8GetDatum(lc.before);
	values[2] = Float8GetDatum(lc.after);
	values[3] = Float8GetDatum(lc.ratio);
	values[4] = Float8GetDatum(lc.change);
	values[5] = Int32GetDatum(lc.active_before);
	values[6] = Int32GetDatum(lc.active_after);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

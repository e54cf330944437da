/*
 * trade_stats.c
 *		The trade-statistics aggregates mirror_gap and pass_through: one
 *		lane's periods collected in a state, with combine, serial and deserial
 *		functions so that they run in parallel plans and merge across shards.
 *
 * The arithmetic is in trade_stats_core.c; this file keeps the states and
 * checks the arguments.
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
#include "trade_stats_core.h"

/* defaults of the four-argument forms (doc/trade_statistics.md) */
#define TS_DEFAULT_MARGIN	0.05	/* CIF/FOB margin */
#define TS_DEFAULT_LAG		1		/* months between shipment and record */
#define TS_DEFAULT_PRIOR	10000.0 /* value a month below which gaps are noise */
#define TS_MAX_LAG			12

/* one lane's periods, in the aggregate's memory context */
typedef struct TsState
{
	int32		cutoff_month;
	int32		lag;
	double		margin;
	double		prior;
	int32		n;
	int32		cap;
	ts_period  *p;
} TsState;

/* year * 12 + month - 1 of a finite date */
static int32
ts_date_month(DateADT d)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return y * 12 + m - 1;
}

/* a new state for the group's first row, its arguments checked */
static TsState *
ts_new(MemoryContext aggcxt, const char *fn, DateADT cutoff, double margin,
	   int32 lag, double prior)
{
	TsState    *st;

	if (DATE_NOT_FINITE(cutoff))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cutoff of %s must be a finite date", fn)));
	if (!(margin >= 0.0 && margin < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cif_margin of %s must be at least 0 and below 1: %g", fn, margin),
				 errhint("Imports valued CIF are about 0.02 to 0.10 above exports valued FOB; pass the margin as a fraction, e.g. 0.05.")));
	if (lag < 0 || lag > TS_MAX_LAG)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lag_months of %s must be between 0 and %d: %d", fn, TS_MAX_LAG, lag)));
	if (!(prior > 0.0) || !isfinite(prior))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("prior of %s must be a positive finite number: %g", fn, prior)));
	st = MemoryContextAllocZero(aggcxt, sizeof(TsState));
	st->cutoff_month = ts_date_month(cutoff);
	st->margin = margin;
	st->lag = lag;
	st->prior = prior;
	return st;
}

/* complain that a group mixes parameters */
static void
ts_mixed(const char *fn)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cutoff and parameters of %s must be the same for every row of a group", fn),
			 errhint("Group by the lane and pass the cutoff as a constant.")));
}

/* do two states carry the same parameters */
static bool
ts_same(const TsState *a, const TsState *b)
{
	return a->cutoff_month == b->cutoff_month && a->lag == b->lag &&
		a->margin == b->margin && a->prior == b->prior;
}

/*
 * Make room for extra rows.  Rows are kept as they came and summed by month
 * only in the final function, in one canonical order (ts_merge_periods), so
 * that a parallel plan, whatever rows each worker saw, gives the serial
 * answer bit for bit.
 */
static void
ts_reserve(MemoryContext aggcxt, TsState *st, int32 extra)
{
	int64		want;

	if (st->n + (int64) extra <= st->cap)
		return;
	want = (int64) st->n + extra;
	want = Max(want, Max((int64) st->cap * 2, 32));
	want = Min(want, (int64) (MaxAllocSize / sizeof(ts_period)));
	if ((int64) st->n + extra > want)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a lane of trade statistics cannot hold more than %zu rows in one group",
						MaxAllocSize / sizeof(ts_period))));
	if (st->p == NULL)
		st->p = MemoryContextAlloc(aggcxt, want * sizeof(ts_period));
	else
		st->p = repalloc(st->p, want * sizeof(ts_period));
	st->cap = (int32) want;
}

/*
 * The shared transition: add a row (period, a, b) to the state; a side
 * that is NULL (or not finite) is recorded as not reported.
 */
static TsState *
ts_add(FunctionCallInfo fcinfo, const char *fn, double margin, int32 lag, double prior)
{
	TsState    *st = PG_ARGISNULL(0) ? NULL : (TsState *) PG_GETARG_POINTER(0);
	MemoryContext aggcxt;
	DateADT		period;
	ts_period  *row;
	bool		a_ok,
				b_ok;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", fn);
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cutoff of %s must not be NULL", fn)));
	if (st == NULL)
		st = ts_new(aggcxt, fn, PG_GETARG_DATEADT(4), margin, lag, prior);
	else
	{
		TsState		probe;

		probe.cutoff_month = DATE_NOT_FINITE(PG_GETARG_DATEADT(4)) ? PG_INT32_MIN
			: ts_date_month(PG_GETARG_DATEADT(4));
		probe.margin = margin;
		probe.lag = lag;
		probe.prior = prior;
		if (!ts_same(st, &probe))
			ts_mixed(fn);
	}
	if (PG_ARGISNULL(1))
		return st;
	period = PG_GETARG_DATEADT(1);
	if (DATE_NOT_FINITE(period))
		return st;
	a_ok = !PG_ARGISNULL(2) && isfinite(PG_GETARG_FLOAT8(2));
	b_ok = !PG_ARGISNULL(3) && isfinite(PG_GETARG_FLOAT8(3));
	if (!a_ok && !b_ok)
		return st;
	ts_reserve(aggcxt, st, 1);
	row = &st->p[st->n++];
	row->month = ts_date_month(period);
	row->a_ok = a_ok;
	row->b_ok = b_ok;
	row->a = a_ok ? PG_GETARG_FLOAT8(2) : 0.0;
	row->b = b_ok ? PG_GETARG_FLOAT8(3) : 0.0;
	return st;
}

/* NULL arguments of the parameters are refused */
static void
ts_check_params_not_null(FunctionCallInfo fcinfo, const char *fn, int first)
{
	for (int i = first; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("parameters of %s must not be NULL", fn)));
}

/*
 * mirror_gap_transfn(internal, date, double precision, double precision,
 * date [, double precision, integer, double precision]) returns internal:
 * add a period's exports and imports (NULL: the side did not report).
 */
PG_FUNCTION_INFO_V1(mirror_gap_transfn);
Datum
mirror_gap_transfn(PG_FUNCTION_ARGS)
{
	double		margin = TS_DEFAULT_MARGIN;
	int32		lag = TS_DEFAULT_LAG;
	double		prior = TS_DEFAULT_PRIOR;

	if (PG_NARGS() > 5)
	{
		ts_check_params_not_null(fcinfo, "mirror_gap", 5);
		margin = PG_GETARG_FLOAT8(5);
		lag = PG_GETARG_INT32(6);
		prior = PG_GETARG_FLOAT8(7);
	}
	PG_RETURN_POINTER(ts_add(fcinfo, "mirror_gap", margin, lag, prior));
}

/*
 * pass_through_transfn(internal, date, double precision, double precision,
 * date [, double precision]) returns internal: add a period's hub imports
 * and hub exports (NULL counts as zero).
 */
PG_FUNCTION_INFO_V1(pass_through_transfn);
Datum
pass_through_transfn(PG_FUNCTION_ARGS)
{
	double		prior = TS_DEFAULT_PRIOR;

	if (PG_NARGS() > 5)
	{
		ts_check_params_not_null(fcinfo, "pass_through", 5);
		prior = PG_GETARG_FLOAT8(5);
	}
	PG_RETURN_POINTER(ts_add(fcinfo, "pass_through", 0.0, 0, prior));
}

/* merge state b into a (either may be NULL) */
static TsState *
ts_combine(FunctionCallInfo fcinfo, const char *fn)
{
	TsState    *a = PG_ARGISNULL(0) ? NULL : (TsState *) PG_GETARG_POINTER(0);
	TsState    *b = PG_ARGISNULL(1) ? NULL : (TsState *) PG_GETARG_POINTER(1);
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", fn);
	if (b == NULL)
		return a;
	if (a == NULL)
	{
		a = MemoryContextAllocZero(aggcxt, sizeof(TsState));
		*a = *b;
		a->n = a->cap = 0;
		a->p = NULL;
	}
	else if (!ts_same(a, b))
		ts_mixed(fn);
	if (b->n > 0)
	{
		ts_reserve(aggcxt, a, b->n);
		memcpy(a->p + a->n, b->p, b->n * sizeof(ts_period));
		a->n += b->n;
	}
	return a;
}

/* mirror_gap_combine(internal, internal) returns internal */
PG_FUNCTION_INFO_V1(mirror_gap_combine);
Datum
mirror_gap_combine(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(ts_combine(fcinfo, "mirror_gap_combine"));
}

/* pass_through_combine(internal, internal) returns internal */
PG_FUNCTION_INFO_V1(pass_through_combine);
Datum
pass_through_combine(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(ts_combine(fcinfo, "pass_through_combine"));
}

/* the state as bytes: parameters, then the rows */
static bytea *
ts_serial(TsState *st)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, st->cutoff_month);
	pq_sendint32(&buf, st->lag);
	pq_sendfloat8(&buf, st->margin);
	pq_sendfloat8(&buf, st->prior);
	pq_sendint32(&buf, st->n);
	for (int32 i = 0; i < st->n; i++)
	{
		pq_sendint32(&buf, st->p[i].month);
		pq_sendbyte(&buf, (st->p[i].a_ok ? 1 : 0) | (st->p[i].b_ok ? 2 : 0));
		pq_sendfloat8(&buf, st->p[i].a);
		pq_sendfloat8(&buf, st->p[i].b);
	}
	return pq_endtypsend(&buf);
}

/* mirror_gap_serial(internal) returns bytea */
PG_FUNCTION_INFO_V1(mirror_gap_serial);
Datum
mirror_gap_serial(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(ts_serial((TsState *) PG_GETARG_POINTER(0)));
}

/* pass_through_serial(internal) returns bytea */
PG_FUNCTION_INFO_V1(pass_through_serial);
Datum
pass_through_serial(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(ts_serial((TsState *) PG_GETARG_POINTER(0)));
}

/* a state from the bytes of ts_serial */
static TsState *
ts_deserial(FunctionCallInfo fcinfo, const char *fn)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	MemoryContext aggcxt;
	TsState    *st;
	int32		n;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", fn);
	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	st = MemoryContextAllocZero(aggcxt, sizeof(TsState));
	st->cutoff_month = pq_getmsgint(&buf, 4);
	st->lag = pq_getmsgint(&buf, 4);
	st->margin = pq_getmsgfloat8(&buf);
	st->prior = pq_getmsgfloat8(&buf);
	n = pq_getmsgint(&buf, 4);
	if (n < 0 || n > (buf.len - buf.cursor) / 21)
		elog(ERROR, "corrupt %s state", fn);
	if (n > 0)
	{
		st->p = MemoryContextAlloc(aggcxt, n * sizeof(ts_period));
		st->cap = n;
	}
	for (int32 i = 0; i < n; i++)
	{
		int			flags;

		st->p[i].month = pq_getmsgint(&buf, 4);
		flags = pq_getmsgbyte(&buf);
		st->p[i].a_ok = (flags & 1) != 0;
		st->p[i].b_ok = (flags & 2) != 0;
		st->p[i].a = pq_getmsgfloat8(&buf);
		st->p[i].b = pq_getmsgfloat8(&buf);
	}
	st->n = n;
	pq_getmsgend(&buf);
	return st;
}

/* mirror_gap_deserial(bytea, internal) returns internal */
PG_FUNCTION_INFO_V1(mirror_gap_deserial);
Datum
mirror_gap_deserial(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(ts_deserial(fcinfo, "mirror_gap_deserial"));
}

/* pass_through_deserial(bytea, internal) returns internal */
PG_FUNCTION_INFO_V1(pass_through_deserial);
Datum
pass_through_deserial(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(ts_deserial(fcinfo, "pass_through_deserial"));
}

/* a merged copy of the state's periods: the state may be finalized again */
static ts_period *
ts_merged_copy(TsState *st, int *n)
{
	ts_period  *p = palloc(Max(st->n, 1) * sizeof(ts_period));

	memcpy(p, st->p, st->n * sizeof(ts_period));
	*n = ts_merge_periods(p, st->n);
	return p;
}

/* a float8 Datum, NULL for NaN */
static void
ts_put(Datum *values, bool *nulls, int i, double x)
{
	values[i] = Float8GetDatum(x);
	nulls[i] = isnan(x);
}

/*
 * mirror_gap_final(internal) returns mirror_gap_result; NULL for a group of
 * no rows.
 */
PG_FUNCTION_INFO_V1(mirror_gap_final);
Datum
mirror_gap_final(PG_FUNCTION_ARGS)
{
	TsState    *st = PG_ARGISNULL(0) ? NULL : (TsState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	ts_mirror	r;
	ts_period  *p;
	int			n;
	Datum		values[14];
	bool		nulls[14] = {false};

	if (st == NULL)
		PG_RETURN_NULL();
	if (get_func_result_type(fcinfo->flinfo->fn_oid, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "mirror_gap_final must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	p = ts_merged_copy(st, &n);
	ts_mirror_gap(p, n, st->cutoff_month, st->margin, st->lag, st->prior, &r);
	pfree(p);
	ts_put(values, nulls, 0, r.ratio_before);
	ts_put(values, nulls, 1, r.ratio_after);
	ts_put(values, nulls, 2, r.missing_after);
	ts_put(values, nulls, 3, r.score);
	ts_put(values, nulls, 4, r.normal_ratio);
	ts_put(values, nulls, 5, r.phantom_share);
	ts_put(values, nulls, 6, r.exports_before);
	ts_put(values, nulls, 7, r.exports_after);
	ts_put(values, nulls, 8, r.imports_before);
	ts_put(values, nulls, 9, r.imports_after);
	values[10] = Int32GetDatum(r.periods_before);
	values[11] = Int32GetDatum(r.periods_after);
	values[12] = CStringGetTextDatum(r.step == 12 ? "year" : (r.step == 3 ? "quarter" : "month"));
	values[13] = Int32GetDatum(r.lag);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * pass_through_final(internal) returns pass_through_result; NULL for a group
 * of no rows.
 */
PG_FUNCTION_INFO_V1(pass_through_final);
Datum
pass_through_final(PG_FUNCTION_ARGS)
{
	TsState    *st = PG_ARGISNULL(0) ? NULL : (TsState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	ts_pass		r;
	ts_period  *p;
	int			n;
	Datum		values[12];
	bool		nulls[12] = {false};

	if (st == NULL)
		PG_RETURN_NULL();
	if (get_func_result_type(fcinfo->flinfo->fn_oid, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "pass_through_final must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	p = ts_merged_copy(st, &n);
	ts_pass_through(p, n, st->cutoff_month, st->prior, &r);
	pfree(p);
	ts_put(values, nulls, 0, r.import_surge);
	ts_put(values, nulls, 1, r.export_surge);
	ts_put(values, nulls, 2, r.pass_through_share);
	ts_put(values, nulls, 3, r.score);
	ts_put(values, nulls, 4, r.passed);
	ts_put(values, nulls, 5, r.import_before);
	ts_put(values, nulls, 6, r.import_after);
	ts_put(values, nulls, 7, r.export_before);
	ts_put(values, nulls, 8, r.export_after);
	values[9] = Int32GetDatum(r.periods_before);
	values[10] = Int32GetDatum(r.periods_after);
	values[11] = CStringGetTextDatum(r.step == 12 ? "year" : (r.step == 3 ? "quarter" : "month"));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

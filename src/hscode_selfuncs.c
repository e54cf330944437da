/*
 * hscode_selfuncs.c
 *		Planner selectivity estimators for the hierarchy operators
 *		<@ (is under or equal) and @> (covers) on hscode.
 *
 * Because keys sort in hierarchical order, "x <@ c" is the key range
 * [c, subtree max of c], which the column's MCV list and histogram answer
 * well; "x @> c" is equality with one of the few prefixes of c.  The
 * server's defaults (contsel, a flat 0.1%) know nothing of either and make
 * the planner pick a seq scan for a subheading or an index for a chapter.
 *
 * An estimator is a plain function a superuser may attach to any operator,
 * so none trusts the types it is given: each checks that the column and the
 * constant are of our types (by their input functions, which no other type
 * can have) and that every key it reads is a valid one, and falls back on
 * the default estimate otherwise.
 */
#include "trade_screen.h"
#include "hsset.h"

#include "access/htup_details.h"
#include "catalog/pg_statistic.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "fmgr.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"
#include "utils/typcache.h"

/* when the other side is no constant */
#define DEFAULT_HIERARCHY_SEL		0.005
#define DEFAULT_HIERARCHY_JOINSEL	0.001

/* A weighted sample of a column's values, from its MCV list and histogram. */
typedef struct value_sample
{
	int			n;
	int64	   *keys;
	double	   *weights;
} value_sample;

extern Datum hscode_in(PG_FUNCTION_ARGS);
extern Datum hsset_in(PG_FUNCTION_ARGS);

/* Is typid a type whose input function is the C function input? */
static bool
type_has_input(Oid typid, PGFunction input)
{
	Oid			typinput;
	Oid			typioparam;
	FmgrInfo	flinfo;

	if (!OidIsValid(typid) || get_typtype(typid) != TYPTYPE_BASE)
		return false;
	getTypeInputInfo(typid, &typinput, &typioparam);
	fmgr_info(typinput, &flinfo);
	return flinfo.fn_addr == input;
}

#define type_is_hscode(typid)	type_has_input((typid), hscode_in)
#define type_is_hsset(typid)	type_has_input((typid), hsset_in)

/* The numeric position of a key along the code line, for interpolation. */
static double
key_position(int64 key)
{
	return hs_key_position(key);
}

/*
 * A column's statistics read once, for answering many range questions:
 * the MCVs sorted by key with running sums of their frequencies, and the
 * histogram bounds.  Reading the slots per question made a join estimate
 * at STATISTICS 10000 cost 10,000 copies of 10,000-entry arrays.
 */
typedef struct column_stats
{
	bool		valid;			/* false: the column has no statistics */
	double		nullfrac;
	double		sumcommon;		/* frequency of all MCVs */
	int			nmcv;
	int64	   *mcv_keys;		/* sorted */
	double	   *mcv_cumfreq;	/* [i]: frequency of mcv_keys[0..i) */
	bool		have_hist;
	int			nbounds;
	int64	   *bounds;
} column_stats;

/* qsort_arg comparator: MCV indexes by their keys */
static int
mcv_index_cmp(const void *a, const void *b, void *arg)
{
	const int64 *keys = (const int64 *) arg;
	int64		x = keys[*(const int *) a];
	int64		y = keys[*(const int *) b];

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* Read a column's statistics into stats (valid = false when it has none). */
static void
column_stats_load(VariableStatData *vardata, column_stats *stats)
{
	AttStatsSlot sslot;
	int			i;

	memset(stats, 0, sizeof(*stats));
	if (!HeapTupleIsValid(vardata->statsTuple))
		return;
	stats->valid = true;
	stats->nullfrac = ((Form_pg_statistic) GETSTRUCT(vardata->statsTuple))->stanullfrac;

	if (get_attstatsslot(&sslot, vardata->statsTuple, STATISTIC_KIND_MCV,
						 InvalidOid, ATTSTATSSLOT_VALUES | ATTSTATSSLOT_NUMBERS))
	{
		int64	   *keys = palloc(sizeof(int64) * (sslot.nvalues + 1));
		int		   *order = palloc(sizeof(int) * (sslot.nvalues + 1));

		for (i = 0; i < sslot.nvalues; i++)
		{
			keys[i] = DatumGetHscode(sslot.values[i]);
			order[i] = i;
		}
		qsort_arg(order, sslot.nvalues, sizeof(int), mcv_index_cmp, keys);
		stats->nmcv = sslot.nvalues;
		stats->mcv_keys = palloc(sizeof(int64) * (sslot.nvalues + 1));
		stats->mcv_cumfreq = palloc(sizeof(double) * (sslot.nvalues + 1));
		stats->mcv_cumfreq[0] = 0.0;
		for (i = 0; i < sslot.nvalues; i++)
		{
			stats->mcv_keys[i] = keys[order[i]];
			stats->mcv_cumfreq[i + 1] = stats->mcv_cumfreq[i] + sslot.numbers[order[i]];
		}
		stats->sumcommon = stats->mcv_cumfreq[sslot.nvalues];
		pfree(keys);
		pfree(order);
		free_attstatsslot(&sslot);
	}
	if (get_attstatsslot(&sslot, vardata->statsTuple, STATISTIC_KIND_HISTOGRAM,
						 InvalidOid, ATTSTATSSLOT_VALUES))
	{
		stats->have_hist = true;
		stats->nbounds = sslot.nvalues;
		stats->bounds = palloc(sizeof(int64) * (sslot.nvalues + 1));
		for (i = 0; i < sslot.nvalues; i++)
			stats->bounds[i] = DatumGetHscode(sslot.values[i]);
		free_attstatsslot(&sslot);
	}
}

/* Number of keys[0..n) (sorted) below key, or at most key if inclusive. */
static int
count_below(const int64 *keys, int n, int64 key, bool inclusive)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (keys[mid] < key || (inclusive && keys[mid] == key))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Fraction of a histogram's population whose keys lie in [lo, hi]: whole
 * bins inside, half of a bin the range ends in, and a linear share of a
 * bin the range lies within.  Binary searches, so O(log n) per range.
 */
static double
histogram_range_fraction(const int64 *bounds, int nbounds, int64 lo, int64 hi)
{
	int			first;			/* first bound >= lo */
	int			last;			/* last bound <= hi */
	double		total;

	if (nbounds < 2 || hi < lo)
		return 0.0;
	first = count_below(bounds, nbounds, lo, false);
	last = count_below(bounds, nbounds, hi, true) - 1;
	if (first > last)
	{
		/* no bound inside: the range lies within one bin, or outside all */
		double		pa,
					pb,
					from,
					to;

		if (first == 0 || first == nbounds)
			return 0.0;
		pa = key_position(bounds[first - 1]);
		pb = key_position(bounds[first]);
		if (pb <= pa)
			return 1.0 / (nbounds - 1);
		from = Max(pa, key_position(lo));
		to = Min(pb, key_position(hi) + 1.0);
		if (to <= from)
			return 0.0;
		return Min(1.0, (to - from) / (pb - pa)) / (nbounds - 1);
	}

	/* bins between two bounds inside count whole */
	total = (double) (last - first);

	/*
	 * A bin with one bound inside and one outside: the range's end falls
	 * somewhere in the bin.  Codes are sparse in key space (a heading uses a
	 * few of its 100 possible subheadings), so interpolating linearly in
	 * keys says little; assume the end is anywhere in the bin's rows alike,
	 * which on average puts half of them inside.
	 */
	if (first > 0)
		total += 0.5;
	if (last < nbounds - 1)
		total += 0.5;
	return total / (nbounds - 1);
}

/*
 * Fraction of a column's rows whose keys lie in [lo, hi]: the matching MCVs
 * plus the histogram's share of the rest.  ndigits is the length of the
 * code the range stands for, used when there are no statistics.
 */
static double
range_selectivity(const column_stats *stats, int64 lo, int64 hi, int ndigits)
{
	double		mcvsel = 0.0;
	double		rest;

	if (!stats->valid)
		return 1.0 / hs_level_population(ndigits);
	if (stats->nmcv > 0)
		mcvsel = stats->mcv_cumfreq[count_below(stats->mcv_keys, stats->nmcv, hi, true)] -
			stats->mcv_cumfreq[count_below(stats->mcv_keys, stats->nmcv, lo, false)];
	rest = 1.0 - stats->nullfrac - stats->sumcommon;
	if (rest < 0.0)
		rest = 0.0;
	if (stats->have_hist)
		rest *= histogram_range_fraction(stats->bounds, stats->nbounds, lo, hi);
	else
		rest *= 1.0 / hs_level_population(ndigits);
	return mcvsel + rest;
}

/* Fraction of rows whose code is in the subtree of key (x <@ key). */
static double
under_selectivity(const column_stats *stats, int64 key)
{
	return range_selectivity(stats, hs_key_subtree_min(key),
							 hs_key_subtree_max(key), hs_key_ndigits(key));
}

/*
 * Fraction of rows whose code is key or one of its ancestors (x @> key):
 * the sum of the equality selectivities of its prefixes.
 */
static double
over_selectivity(VariableStatData *vardata, int64 key)
{
	TypeCacheEntry *typentry = lookup_type_cache(vardata->vartype,
												 TYPECACHE_EQ_OPR);
	double		sel = 0.0;
	int			ndigits = hs_key_ndigits(key);
	int			n;

	if (!OidIsValid(typentry->eq_opr))
		return DEFAULT_HIERARCHY_SEL;
	for (n = HS_MIN_DIGITS; n <= ndigits; n++)
	{
		if (hs_ndigits_is_valid(n))
			sel += var_eq_const(vardata, typentry->eq_opr, InvalidOid,
								HscodeGetDatum(hs_key_truncate(key, n)),
								false, true, false);
	}
	return sel;
}

/*
 * Restriction selectivity of "var OP const" or "const OP var", where
 * op_is_under says whether OP is <@ (true) or @> (false).
 */
static double
hierarchy_restriction_sel(PlannerInfo *root, List *args, int varRelid,
						  bool op_is_under)
{
	VariableStatData vardata;
	Node	   *other;
	bool		varonleft;
	double		sel;
	int64		key;

	if (!get_restriction_variable(root, args, varRelid,
								  &vardata, &other, &varonleft))
		return DEFAULT_HIERARCHY_SEL;
	if (!IsA(other, Const) || !type_is_hscode(vardata.vartype) ||
		!type_is_hscode(((Const *) other)->consttype))
	{
		ReleaseVariableStats(vardata);
		return DEFAULT_HIERARCHY_SEL;
	}
	if (((Const *) other)->constisnull)
	{
		ReleaseVariableStats(vardata);
		return 0.0;
	}
	key = DatumGetHscode(((Const *) other)->constvalue);
	if (!hs_key_is_valid(key))
	{
		ReleaseVariableStats(vardata);
		return DEFAULT_HIERARCHY_SEL;
	}

	/* var <@ const and const @> var both ask for the subtree of const */
	if (op_is_under == varonleft)
	{
		column_stats stats;

		column_stats_load(&vardata, &stats);
		sel = under_selectivity(&stats, key);
	}
	else
		sel = over_selectivity(&vardata, key);
	ReleaseVariableStats(vardata);
	CLAMP_PROBABILITY(sel);
	return sel;
}

/*
 * hscode_under_sel(internal, oid, internal, integer) returns float8:
 * restriction estimator of <@.
 */
PG_FUNCTION_INFO_V1(hscode_under_sel);
Datum
hscode_under_sel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(hierarchy_restriction_sel((PlannerInfo *) PG_GETARG_POINTER(0),
											   (List *) PG_GETARG_POINTER(2),
											   PG_GETARG_INT32(3), true));
}

/*
 * hscode_over_sel(internal, oid, internal, integer) returns float8:
 * restriction estimator of @>.
 */
PG_FUNCTION_INFO_V1(hscode_over_sel);
Datum
hscode_over_sel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(hierarchy_restriction_sel((PlannerInfo *) PG_GETARG_POINTER(0),
											   (List *) PG_GETARG_POINTER(2),
											   PG_GETARG_INT32(3), false));
}

/*
 * Collect a column's MCVs (weighted by frequency) and histogram bounds
 * (sharing the rest of the non-null rows) as a sample of its values.
 * Returns false when the column has no statistics.
 */
static bool
sample_column(VariableStatData *vardata, value_sample *sample)
{
	AttStatsSlot mcv;
	AttStatsSlot hist;
	bool		have_mcv;
	bool		have_hist;
	double		rest;
	int			i;

	sample->n = 0;
	if (!HeapTupleIsValid(vardata->statsTuple))
		return false;
	rest = 1.0 - ((Form_pg_statistic) GETSTRUCT(vardata->statsTuple))->stanullfrac;
	have_mcv = get_attstatsslot(&mcv, vardata->statsTuple, STATISTIC_KIND_MCV,
								InvalidOid, ATTSTATSSLOT_VALUES | ATTSTATSSLOT_NUMBERS);
	have_hist = get_attstatsslot(&hist, vardata->statsTuple, STATISTIC_KIND_HISTOGRAM,
								 InvalidOid, ATTSTATSSLOT_VALUES);
	sample->keys = palloc(sizeof(int64) * ((have_mcv ? mcv.nvalues : 0) +
										   (have_hist ? hist.nvalues : 0) + 1));
	sample->weights = palloc(sizeof(double) * ((have_mcv ? mcv.nvalues : 0) +
											   (have_hist ? hist.nvalues : 0) + 1));
	if (have_mcv)
	{
		for (i = 0; i < mcv.nvalues; i++)
		{
			rest -= mcv.numbers[i];
			if (!hs_key_is_valid(DatumGetHscode(mcv.values[i])))
				continue;
			sample->keys[sample->n] = DatumGetHscode(mcv.values[i]);
			sample->weights[sample->n++] = mcv.numbers[i];
		}
		free_attstatsslot(&mcv);
	}
	if (have_hist)
	{
		for (i = 0; i < hist.nvalues && rest > 0.0; i++)
		{
			if (!hs_key_is_valid(DatumGetHscode(hist.values[i])))
				continue;
			sample->keys[sample->n] = DatumGetHscode(hist.values[i]);
			sample->weights[sample->n++] = rest / hist.nvalues;
		}
		free_attstatsslot(&hist);
	}
	return sample->n > 0;
}

/*
 * Join selectivity of "a OP b" with op_is_under as above: the chance that a
 * random pair matches, averaged over a sample of the covering side's
 * values, each asking the other side's statistics for its subtree.
 */
static double
hierarchy_join_sel(PlannerInfo *root, List *args, SpecialJoinInfo *sjinfo,
				   bool op_is_under)
{
	VariableStatData left;
	VariableStatData right;
	VariableStatData *lower;
	VariableStatData *upper;
	bool		reversed;
	value_sample sample;
	double		sel = DEFAULT_HIERARCHY_JOINSEL;
	int			i;

	get_join_variables(root, args, sjinfo, &left, &right, &reversed);
	/* a <@ b: a is the lower side; a @> b: b is */
	lower = op_is_under ? &left : &right;
	upper = op_is_under ? &right : &left;

	if (type_is_hscode(lower->vartype) && type_is_hscode(upper->vartype) &&
		sample_column(upper, &sample))
	{
		column_stats stats;

		/* read the lower side's statistics once, not once per sampled key */
		column_stats_load(lower, &stats);
		sel = 0.0;
		for (i = 0; i < sample.n; i++)
			sel += sample.weights[i] * under_selectivity(&stats, sample.keys[i]);
	}
	ReleaseVariableStats(left);
	ReleaseVariableStats(right);
	CLAMP_PROBABILITY(sel);
	return sel;
}

/*
 * hscode_under_joinsel(internal, oid, internal, smallint, internal)
 * returns float8: join estimator of <@.
 */
PG_FUNCTION_INFO_V1(hscode_under_joinsel);
Datum
hscode_under_joinsel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(hierarchy_join_sel((PlannerInfo *) PG_GETARG_POINTER(0),
										(List *) PG_GETARG_POINTER(2),
										(SpecialJoinInfo *) PG_GETARG_POINTER(4),
										true));
}

/*
 * hscode_over_joinsel(internal, oid, internal, smallint, internal)
 * returns float8: join estimator of @>.
 */
PG_FUNCTION_INFO_V1(hscode_over_joinsel);
Datum
hscode_over_joinsel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(hierarchy_join_sel((PlannerInfo *) PG_GETARG_POINTER(0),
										(List *) PG_GETARG_POINTER(2),
										(SpecialJoinInfo *) PG_GETARG_POINTER(4),
										false));
}

/*
 * hscode_in_hsset_sel(internal, oid, internal, integer) returns float8:
 * restriction estimator of "hscode <@ hsset" and "hsset @> hscode": the
 * sum over the set's key ranges (they are disjoint) of the share of rows in
 * each.
 */
PG_FUNCTION_INFO_V1(hscode_in_hsset_sel);
Datum
hscode_in_hsset_sel(PG_FUNCTION_ARGS)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	List	   *args = (List *) PG_GETARG_POINTER(2);
	int			varRelid = PG_GETARG_INT32(3);
	VariableStatData vardata;
	Node	   *other;
	bool		varonleft;
	HsSetProbe *probe;
	column_stats stats;
	double		sel = 0.0;
	int			i;

	if (!get_restriction_variable(root, args, varRelid,
								  &vardata, &other, &varonleft))
		PG_RETURN_FLOAT8(DEFAULT_HIERARCHY_SEL);
	if (!IsA(other, Const) || !type_is_hsset(((Const *) other)->consttype) ||
		!type_is_hscode(vardata.vartype))
	{
		/* no constant set, the set is the column, or not our types at all */
		ReleaseVariableStats(vardata);
		PG_RETURN_FLOAT8(DEFAULT_HIERARCHY_SEL);
	}
	if (((Const *) other)->constisnull)
	{
		ReleaseVariableStats(vardata);
		PG_RETURN_FLOAT8(0.0);
	}
	probe = hsset_compile(DatumGetHsSetP(((Const *) other)->constvalue));
	column_stats_load(&vardata, &stats);
	for (i = 0; i < probe->nranges; i++)
		sel += range_selectivity(&stats, probe->ranges[i].lo,
								 probe->ranges[i].hi, 6);
	ReleaseVariableStats(vardata);
	CLAMP_PROBABILITY(sel);
	PG_RETURN_FLOAT8(sel);
}

/*
 * route_gin.c
 *		GIN operator class route_gin_ops: a route's keys are the countries
 *		it visits and its legs, so "visits KZ" (@>), "visits any of" (?|),
 *		"visits all of" (?&) and "contains the sub-route KG>RU" (@>) are
 *		index scans.
 *
 * Keys are int4, compared by btint4cmp:
 *		country		its 16-bit code (0x4141 .. 0x5A5A)
 *		leg			from << 16 | to (at least 0x41410000)
 * so the two kinds never collide.  Only "contains a sub-route of three or
 * more countries" needs a recheck: its legs all present do not prove they
 * are contiguous and in order.
 *
 * route_gin_country_ops (not the default) keeps only the country keys: an
 * index about as small as a text[] GIN index, at the price of a recheck for
 * every sub-route of two or more countries (legs included).
 */
#include "trade_screen.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "utils/array.h"

/* strategy numbers of route_gin_ops */
#define RTGIN_VISITS_STRATEGY		1	/* route @> country */
#define RTGIN_VISITS_ANY_STRATEGY	2	/* route ?| country[] */
#define RTGIN_VISITS_ALL_STRATEGY	3	/* route ?& country[] */
#define RTGIN_CONTAINS_STRATEGY		4	/* route @> route */

#define COUNTRY_KEY(c)		((int32) (c))
#define LEG_KEY(a, b)		((int32) (((uint32) (a) << 16) | (uint32) (b)))

/* The keys of an indexed route: its countries, and its legs when asked. */
static Datum *
extract_value(struct varlena *r, int32 *nkeys, bool legs)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(r, codes);
	Datum	   *keys = palloc(sizeof(Datum) * (2 * n - 1));
	int			k = 0;

	for (int i = 0; i < n; i++)
	{
		keys[k++] = Int32GetDatum(COUNTRY_KEY(codes[i]));
		if (legs && i > 0)
			keys[k++] = Int32GetDatum(LEG_KEY(codes[i - 1], codes[i]));
	}
	*nkeys = k;
	return keys;
}

/*
 * route_gin_extract_value(route, internal, internal) returns internal:
 * the countries and legs of an indexed route (GIN removes duplicates).
 */
PG_FUNCTION_INFO_V1(route_gin_extract_value);
Datum
route_gin_extract_value(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(extract_value(PG_GETARG_ROUTE(0), (int32 *) PG_GETARG_POINTER(1), true));
}

/*
 * route_gin_country_extract_value(route, internal, internal) returns
 * internal: the countries of an indexed route.
 */
PG_FUNCTION_INFO_V1(route_gin_country_extract_value);
Datum
route_gin_country_extract_value(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(extract_value(PG_GETARG_ROUTE(0), (int32 *) PG_GETARG_POINTER(1), false));
}

/*
 * The keys a query needs (route_gin_extract_query and, with legs false,
 * route_gin_country_extract_query):
 *	@> country	that country
 *	?| array	each non-NULL country; none matches nothing
 *	?& array	each non-NULL country; none matches everything
 *	@> route	its legs, or its country when it has just one
 */
static Datum
extract_query(FunctionCallInfo fcinfo, bool legs)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	Datum	   *keys = NULL;
	int			k = 0;

	switch (strategy)
	{
		case RTGIN_VISITS_STRATEGY:
			keys = palloc(sizeof(Datum));
			keys[k++] = Int32GetDatum(COUNTRY_KEY(PG_GETARG_COUNTRY(0)));
			break;
		case RTGIN_VISITS_ANY_STRATEGY:
		case RTGIN_VISITS_ALL_STRATEGY:
			{
				ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
				Datum	   *elems;
				bool	   *nulls;
				int			nelems;

				deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(int16), true,
								  TYPALIGN_SHORT, &elems, &nulls, &nelems);
				keys = palloc(sizeof(Datum) * (nelems + 1));
				for (int i = 0; i < nelems; i++)
					if (!nulls[i])
						keys[k++] = Int32GetDatum(COUNTRY_KEY(DatumGetCountry(elems[i])));
				if (k == 0 && strategy == RTGIN_VISITS_ALL_STRATEGY)
					*searchMode = GIN_SEARCH_MODE_ALL;
				break;
			}
		case RTGIN_CONTAINS_STRATEGY:
			{
				uint16		codes[CC_ROUTE_MAX];
				int			n = route_codes(DatumGetRoute(PG_GETARG_DATUM(0)), codes);

				keys = palloc(sizeof(Datum) * n);
				if (n == 1 || !legs)
				{
					for (int i = 0; i < n; i++)
						keys[k++] = Int32GetDatum(COUNTRY_KEY(codes[i]));
				}
				else
				{
					for (int i = 1; i < n; i++)
						keys[k++] = Int32GetDatum(LEG_KEY(codes[i - 1], codes[i]));
				}
				break;
			}
		default:
			elog(ERROR, "route_gin_extract_query: unknown strategy number %d", strategy);
	}
	*nkeys = k;
	PG_RETURN_POINTER(keys);
}

/*
 * route_gin_extract_query(route, internal, smallint, internal, internal,
 * internal, internal) returns internal, for route_gin_ops.
 */
PG_FUNCTION_INFO_V1(route_gin_extract_query);
Datum
route_gin_extract_query(PG_FUNCTION_ARGS)
{
	return extract_query(fcinfo, true);
}

/*
 * route_gin_country_extract_query(internal, internal, smallint, internal,
 * internal, internal, internal) returns internal: as above, but a sub-route
 * is looked up by its countries.
 */
PG_FUNCTION_INFO_V1(route_gin_country_extract_query);
Datum
route_gin_country_extract_query(PG_FUNCTION_ARGS)
{
	return extract_query(fcinfo, false);
}

/*
 * Whether a contains-query's keys need the heap tuple rechecked: with leg
 * keys, sub-routes of three or more countries; with country keys only,
 * sub-routes of two or more.
 */
static bool
contains_needs_recheck(Datum query, bool legs)
{
	struct varlena *r = DatumGetRoute(query);

	return VARSIZE_ANY_EXHDR(r) / 2 > (legs ? 2 : 1);
}

/*
 * Whether a route with the keys marked in check can match (the body of
 * route_gin_consistent and route_gin_country_consistent).
 */
static Datum
consistent(FunctionCallInfo fcinfo, bool legs)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);

	*recheck = false;
	switch (strategy)
	{
		case RTGIN_VISITS_STRATEGY:
		case RTGIN_VISITS_ANY_STRATEGY:
			for (int i = 0; i < nkeys; i++)
				if (check[i])
					PG_RETURN_BOOL(true);
			PG_RETURN_BOOL(false);
		case RTGIN_VISITS_ALL_STRATEGY:
		case RTGIN_CONTAINS_STRATEGY:
			for (int i = 0; i < nkeys; i++)
				if (!check[i])
					PG_RETURN_BOOL(false);
			if (strategy == RTGIN_CONTAINS_STRATEGY)
				*recheck = contains_needs_recheck(PG_GETARG_DATUM(2), legs);
			PG_RETURN_BOOL(true);
		default:
			elog(ERROR, "route_gin_consistent: unknown strategy number %d", strategy);
	}
	PG_RETURN_BOOL(false);
}

/*
 * The ternary form of consistent (route_gin_triconsistent and
 * route_gin_country_triconsistent).
 */
static Datum
triconsistent(FunctionCallInfo fcinfo, bool legs)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	GinTernaryValue res;

	switch (strategy)
	{
		case RTGIN_VISITS_STRATEGY:
		case RTGIN_VISITS_ANY_STRATEGY:
			res = GIN_FALSE;
			for (int i = 0; i < nkeys; i++)
			{
				if (check[i] == GIN_TRUE)
					PG_RETURN_GIN_TERNARY_VALUE(GIN_TRUE);
				if (check[i] == GIN_MAYBE)
					res = GIN_MAYBE;
			}
			PG_RETURN_GIN_TERNARY_VALUE(res);
		case RTGIN_VISITS_ALL_STRATEGY:
		case RTGIN_CONTAINS_STRATEGY:
			res = GIN_TRUE;
			for (int i = 0; i < nkeys; i++)
			{
				if (check[i] == GIN_FALSE)
					PG_RETURN_GIN_TERNARY_VALUE(GIN_FALSE);
				if (check[i] == GIN_MAYBE)
					res = GIN_MAYBE;
			}
			if (res == GIN_TRUE && strategy == RTGIN_CONTAINS_STRATEGY &&
				contains_needs_recheck(PG_GETARG_DATUM(2), legs))
				res = GIN_MAYBE;
			PG_RETURN_GIN_TERNARY_VALUE(res);
		default:
			elog(ERROR, "route_gin_triconsistent: unknown strategy number %d", strategy);
	}
	PG_RETURN_GIN_TERNARY_VALUE(GIN_MAYBE);
}

/*
 * route_gin_consistent(internal, smallint, route, integer, internal,
 * internal, internal, internal) returns boolean, and
 * route_gin_triconsistent(internal, smallint, route, integer, internal,
 * internal, internal) returns "char", for route_gin_ops.
 */
PG_FUNCTION_INFO_V1(route_gin_consistent);
Datum
route_gin_consistent(PG_FUNCTION_ARGS)
{
	return consistent(fcinfo, true);
}

PG_FUNCTION_INFO_V1(route_gin_triconsistent);
Datum
route_gin_triconsistent(PG_FUNCTION_ARGS)
{
	return triconsistent(fcinfo, true);
}

/*
 * route_gin_country_consistent(...) returns boolean and
 * route_gin_country_triconsistent(...) returns "char": the same for
 * route_gin_country_ops.
 */
PG_FUNCTION_INFO_V1(route_gin_country_consistent);
Datum
route_gin_country_consistent(PG_FUNCTION_ARGS)
{
	return consistent(fcinfo, false);
}

PG_FUNCTION_INFO_V1(route_gin_country_triconsistent);
Datum
route_gin_country_triconsistent(PG_FUNCTION_ARGS)
{
	return triconsistent(fcinfo, false);
}

/*
 * route.c
 *		The route type: an ordered list of countries, origin first and
 *		destination last.  Input and output, comparison and hashing, the
 *		"visits" and "contains sub-route" operators, accessors, legs,
 *		appending, and lengths from the country centroids.
 *
 * Storage is 2 bytes per country (its alpha-2 letters), so a 4-country
 * route takes 9 bytes on disk with its short varlena header, and byte
 * order is route order.  Parsing and the geometry live in country_core.c.
 * The GIN opclass is in route_gin.c.
 */
#include "trade_screen.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include <math.h>

#define ROUTE_ACCEPTED_HINT \
	"A route is 1 to 32 countries separated by \">\" (also \"->\", \"-\" or the arrow U+2192), origin first, each an ISO alpha-2, alpha-3 or numeric code, as in \"DE>PL>KZ>RU\" or \"DEU>POL>KAZ>RUS\"."

/*
 * Read the countries of a (detoasted, possibly short-header) route into
 * codes, which has room for CC_ROUTE_MAX; returns their number.
 */
int
route_codes(const struct varlena *r, uint16 *codes)
{
	const unsigned char *b = (const unsigned char *) VARDATA_ANY(r);
	int			n = VARSIZE_ANY_EXHDR(r) / 2;

	if (n < 1 || n > CC_ROUTE_MAX)
		elog(ERROR, "corrupt route value of %d countries", n);
	for (int i = 0; i < n; i++)
		codes[i] = (uint16) ((b[2 * i] << 8) | b[2 * i + 1]);
	return n;
}

/* A palloc'd route value of n countries. */
struct varlena *
route_make(const uint16 *codes, int n)
{
	struct varlena *r = palloc(VARHDRSZ + 2 * n);
	unsigned char *b = (unsigned char *) VARDATA(r);

	SET_VARSIZE(r, VARHDRSZ + 2 * n);
	for (int i = 0; i < n; i++)
	{
		b[2 * i] = (unsigned char) (codes[i] >> 8);
		b[2 * i + 1] = (unsigned char) (codes[i] & 0xFF);
	}
	return r;
}

/* Raise the error for a route longer than CC_ROUTE_MAX built by an operation. */
static void
check_route_length(int n)
{
	if (n > CC_ROUTE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("route would have %d countries, more than the maximum of %d",
						n, CC_ROUTE_MAX)));
}

/*
 * Parse str (len bytes) into a route, or report why it is not one through
 * escontext.  Returns NULL after a soft error.
 */
static struct varlena *
route_parse_or_report(const char *str, size_t len, Node *escontext)
{
	uint16_t	codes[CC_ROUTE_MAX];
	int			n = 0;
	cc_parse_info info;
	cc_status	status = cc_parse_route(str, len, codes, &n, &info);
	char	   *quoted;
	char	   *part;

	if (status == CC_OK)
		return route_make(codes, n);
	quoted = ts_quote_for_client(str, len);
	part = ts_quote_for_client(str + info.position, info.length);
	switch (status)
	{
		case CC_ERR_EMPTY:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type route: \"%s\"", quoted),
					 errdetail("A route holds at least one country."),
					 errhint(ROUTE_ACCEPTED_HINT)));
		case CC_ERR_SEPARATOR:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type route: \"%s\"", quoted),
					 errdetail("The separator \"%s\" at position %d does not stand between two countries.",
							   part, (int) info.position + 1),
					 errhint(ROUTE_ACCEPTED_HINT)));
		case CC_ERR_CHARACTER:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type route: \"%s\"", quoted),
					 errdetail("Unexpected character \"%s\" at position %d: countries are separated by \">\".",
							   ts_quote_for_client(str + info.position, pg_mblen(str + info.position)),
							   (int) info.position + 1),
					 errhint(ROUTE_ACCEPTED_HINT)));
		case CC_ERR_UNKNOWN:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type route: \"%s\"", quoted),
					 info.element_status == CC_ERR_SYNTAX ?
					 errdetail("Country %d, \"%s\", is not a country code: a code has 2 or 3 letters or 1 to 3 digits.",
							   info.ncountries + 1, part) :
					 errdetail("Country %d, \"%s\", is no ISO 3166-1 code.",
							   info.ncountries + 1, part),
					 errhint(ROUTE_ACCEPTED_HINT)));
		case CC_ERR_TOO_LONG:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type route: \"%s\"", quoted),
					 errdetail("The route has more than %d countries.", CC_ROUTE_MAX),
					 errhint(ROUTE_ACCEPTED_HINT)));
		default:
			break;
	}
	elog(ERROR, "unexpected route parse status %d", (int) status);
	return NULL;
}

/*
 * route_in(cstring) returns route
 */
PG_FUNCTION_INFO_V1(route_in);
Datum
route_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	struct varlena *r = route_parse_or_report(str, strlen(str), TS_ESCONTEXT(fcinfo));

	if (r == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(r);
}

/*
 * route_out(route) returns cstring: alpha-2 codes joined by ">".
 */
PG_FUNCTION_INFO_V1(route_out);
Datum
route_out(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);
	char	   *buf = palloc(CC_ROUTE_BUFSIZE);

	cc_format_route(codes, n, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * route_recv(internal) returns route: the binary form is the route as
 * text, read exactly as text input is.
 */
PG_FUNCTION_INFO_V1(route_recv);
Datum
route_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	PG_RETURN_POINTER(route_parse_or_report(str, nbytes, NULL));
}

/*
 * route_send(route) returns bytea: the canonical text form.
 */
PG_FUNCTION_INFO_V1(route_send);
Datum
route_send(PG_FUNCTION_ARGS)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(route_out, PG_GETARG_DATUM(0)));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, s, strlen(s));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Compare two routes country by country; a route sorts right before the
 * routes it is a prefix of.  Byte order of the stored letters is code order.
 */
static int
route_compare(const struct varlena *a, const struct varlena *b)
{
	int			la = VARSIZE_ANY_EXHDR(a),
				lb = VARSIZE_ANY_EXHDR(b);
	int			c = memcmp(VARDATA_ANY(a), VARDATA_ANY(b), Min(la, lb));

	if (c != 0)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : (la > lb ? 1 : 0);
}

#define ROUTE_CMP_FUNCTION(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(route_compare(PG_GETARG_ROUTE(0), PG_GETARG_ROUTE(1)) op 0); \
}

/* route_eq(route, route) ... route_ge(route, route) return boolean */
ROUTE_CMP_FUNCTION(route_eq, ==)
ROUTE_CMP_FUNCTION(route_ne, !=)
ROUTE_CMP_FUNCTION(route_lt, <)
ROUTE_CMP_FUNCTION(route_le, <=)
ROUTE_CMP_FUNCTION(route_gt, >)
ROUTE_CMP_FUNCTION(route_ge, >=)

/*
 * route_cmp(route, route) returns integer: btree support function 1.
 */
PG_FUNCTION_INFO_V1(route_cmp);
Datum
route_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(route_compare(PG_GETARG_ROUTE(0), PG_GETARG_ROUTE(1)));
}

/*
 * route_hash(route) returns integer: hash support function 1, over the
 * stored letters.
 */
PG_FUNCTION_INFO_V1(route_hash);
Datum
route_hash(PG_FUNCTION_ARGS)
{
	struct varlena *r = PG_GETARG_ROUTE(0);

	return hash_any((unsigned char *) VARDATA_ANY(r), VARSIZE_ANY_EXHDR(r));
}

/*
 * route_hash_extended(route, bigint) returns bigint: hash support function 2.
 */
PG_FUNCTION_INFO_V1(route_hash_extended);
Datum
route_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *r = PG_GETARG_ROUTE(0);

	return hash_any_extended((unsigned char *) VARDATA_ANY(r), VARSIZE_ANY_EXHDR(r),
							 PG_GETARG_INT64(1));
}

/* Whether a route visits a country: a scan of the stored letter pairs. */
static bool
visits(const struct varlena *r, uint16 c)
{
	const unsigned char *b = (const unsigned char *) VARDATA_ANY(r);
	int			nbytes = VARSIZE_ANY_EXHDR(r);
	unsigned char hi = (unsigned char) (c >> 8),
				lo = (unsigned char) (c & 0xFF);

	for (int i = 0; i < nbytes; i += 2)
		if (b[i] == hi && b[i + 1] == lo)
			return true;
	return false;
}

/*
 * route_visits(route, country) returns boolean: route @> country, the
 * route passes through the country (origin, transit or destination).
 */
PG_FUNCTION_INFO_V1(route_visits);
Datum
route_visits(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(visits(PG_GETARG_ROUTE(0), PG_GETARG_COUNTRY(1)));
}

/*
 * route_visited_by(country, route) returns boolean: country <@ route, the
 * commutator of route_visits.
 */
PG_FUNCTION_INFO_V1(route_visited_by);
Datum
route_visited_by(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(visits(PG_GETARG_ROUTE(1), PG_GETARG_COUNTRY(0)));
}

/*
 * The countries of a country[] argument, kept in fn_extra between calls
 * (the array is almost always a constant): a membership table over the
 * 26 x 26 possible alpha-2 codes and the distinct codes in a list.
 */
typedef struct CountrySet
{
	Size		nbytes;			/* size of the array this was built from */
	char	   *array;			/* a copy of it, to detect a new array */
	int			ncodes;			/* distinct non-NULL countries */
	uint16	   *codes;
	bool		member[26 * 26];
} CountrySet;

#define COUNTRY_SLOT(c)	((((c) >> 8) - 'A') * 26 + (((c) & 0xFF) - 'A'))

static CountrySet *
country_set(FunctionCallInfo fcinfo, ArrayType *arr)
{
	CountrySet *set = (CountrySet *) fcinfo->flinfo->fn_extra;
	Size		nbytes = VARSIZE(arr);
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;

	if (set != NULL && set->nbytes == nbytes && memcmp(set->array, arr, nbytes) == 0)
		return set;
	if (set == NULL)
		set = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CountrySet));
	else
	{
		pfree(set->array);
		pfree(set->codes);
		memset(set, 0, sizeof(CountrySet));
	}
	deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(int16), true, TYPALIGN_SHORT,
					  &elems, &nulls, &nelems);
	set->array = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, nbytes);
	memcpy(set->array, arr, nbytes);
	set->nbytes = nbytes;
	set->codes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(uint16) * (nelems + 1));
	for (int i = 0; i < nelems; i++)
	{
		uint16		c = DatumGetCountry(elems[i]);

		if (nulls[i] || set->member[COUNTRY_SLOT(c)])
			continue;
		set->member[COUNTRY_SLOT(c)] = true;
		set->codes[set->ncodes++] = c;
	}
	fcinfo->flinfo->fn_extra = set;
	return set;
}

/*
 * Test a country[] against a route: any (or all) of its non-NULL
 * elements visited.  An empty array (or only NULLs) visits none of any and
 * all of all.
 */
static bool
visits_array(FunctionCallInfo fcinfo, bool all)
{
	struct varlena *r = PG_GETARG_ROUTE(0);
	CountrySet *set = country_set(fcinfo, PG_GETARG_ARRAYTYPE_P(1));

	if (all)
	{
		for (int i = 0; i < set->ncodes; i++)
			if (!visits(r, set->codes[i]))
				return false;
		return true;
	}
	else
	{
		const unsigned char *b = (const unsigned char *) VARDATA_ANY(r);
		int			nbytes = VARSIZE_ANY_EXHDR(r);

		for (int i = 0; i < nbytes; i += 2)
			if (set->member[(b[i] - 'A') * 26 + (b[i + 1] - 'A')])
				return true;
		return false;
	}
}

/*
 * route_visits_any(route, country[]) returns boolean: route ?| array.
 */
PG_FUNCTION_INFO_V1(route_visits_any);
Datum
route_visits_any(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(visits_array(fcinfo, false));
}

/*
 * route_visits_all(route, country[]) returns boolean: route ?& array.
 */
PG_FUNCTION_INFO_V1(route_visits_all);
Datum
route_visits_all(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(visits_array(fcinfo, true));
}

/* Whether route a holds route b as contiguous countries. */
static bool
route_holds(struct varlena *a, struct varlena *b)
{
	uint16		ca[CC_ROUTE_MAX],
				cb[CC_ROUTE_MAX];
	int			na = route_codes(a, ca),
				nb = route_codes(b, cb);

	return cc_route_find(ca, na, cb, nb) >= 0;
}

/*
 * route_contains(route, route) returns boolean: a @> b, a runs through
 * the countries of b one after the other ('DE>PL>KZ>RU' @> 'KZ>RU').
 */
PG_FUNCTION_INFO_V1(route_contains);
Datum
route_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(route_holds(PG_GETARG_ROUTE(0), PG_GETARG_ROUTE(1)));
}

/*
 * route_contained(route, route) returns boolean: a <@ b, the commutator.
 */
PG_FUNCTION_INFO_V1(route_contained);
Datum
route_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(route_holds(PG_GETARG_ROUTE(1), PG_GETARG_ROUTE(0)));
}

/*
 * route_origin(route) returns country: the first country.
 */
PG_FUNCTION_INFO_V1(route_origin);
Datum
route_origin(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];

	route_codes(PG_GETARG_ROUTE(0), codes);
	PG_RETURN_COUNTRY(codes[0]);
}

/*
 * route_destination(route) returns country: the last country.
 */
PG_FUNCTION_INFO_V1(route_destination);
Datum
route_destination(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);

	PG_RETURN_COUNTRY(codes[n - 1]);
}

/*
 * route_dispatch(route) returns country: the country before the destination,
 * from which the goods were dispatched to it; NULL for a one-country route.
 */
PG_FUNCTION_INFO_V1(route_dispatch);
Datum
route_dispatch(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);

	if (n < 2)
		PG_RETURN_NULL();
	PG_RETURN_COUNTRY(codes[n - 2]);
}

/*
 * route_transit(route) returns country[]: the countries between origin and
 * destination, in route order (empty for 1 or 2 countries).
 */
PG_FUNCTION_INFO_V1(route_transit);
Datum
route_transit(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);

	return country_array_datum(codes + 1, n > 2 ? n - 2 : 0, fcinfo);
}

/*
 * route_countries(route) returns country[]: every country, in route order.
 */
PG_FUNCTION_INFO_V1(route_countries);
Datum
route_countries(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);

	return country_array_datum(codes, n, fcinfo);
}

/*
 * route_from_countries(country[]) returns route: the route through the
 * array's countries in order; NULL elements, an empty array or more than
 * CC_ROUTE_MAX countries are errors.
 */
PG_FUNCTION_INFO_V1(route_from_countries);
Datum
route_from_countries(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	uint16		codes[CC_ROUTE_MAX];

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("a route is built from a one-dimensional array of countries")));
	deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(int16), true, TYPALIGN_SHORT,
					  &elems, &nulls, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot build a route from an empty array"),
				 errdetail("A route holds at least one country.")));
	check_route_length(n);
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("cannot build a route from an array holding NULL"),
					 errdetail("Element %d is NULL.", i + 1)));
		codes[i] = DatumGetCountry(elems[i]);
	}
	PG_RETURN_POINTER(route_make(codes, n));
}

/*
 * route_hops(route) returns integer: the number of legs (countries - 1).
 */
PG_FUNCTION_INFO_V1(route_hops);
Datum
route_hops(PG_FUNCTION_ARGS)
{
	struct varlena *r = PG_GETARG_ROUTE(0);

	PG_RETURN_INT32(VARSIZE_ANY_EXHDR(r) / 2 - 1);
}

/* What route_legs keeps between the calls that return its rows. */
typedef struct LegsState
{
	uint16		codes[CC_ROUTE_MAX];
	int			n;
} LegsState;

/*
 * route_legs(route) returns SETOF (leg integer, from_country country,
 * to_country country): the legs in order, numbered from 1.  One row per
 * call (value-per-call), with its state and row descriptor in the
 * function's multi-call memory, which the server frees when the rows are
 * done: a materialised result would leave its descriptor in the query's
 * memory on every call, so a million calls in one query kept 450 MB.
 */
PG_FUNCTION_INFO_V1(route_legs);
Datum
route_legs(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	LegsState  *state;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "route_legs must return a composite type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		state = palloc(sizeof(LegsState));
		state->n = route_codes(PG_GETARG_ROUTE(0), state->codes);
		funcctx->user_fctx = state;
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	state = funcctx->user_fctx;
	if ((int) funcctx->call_cntr + 1 < state->n)
	{
		int			i = (int) funcctx->call_cntr + 1;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(i);
		values[1] = CountryGetDatum(state->codes[i - 1]);
		values[2] = CountryGetDatum(state->codes[i]);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}

/*
 * route_has_loop(route) returns boolean: some country appears twice
 * (round-tripping, or a repeated country).
 */
PG_FUNCTION_INFO_V1(route_has_loop);
Datum
route_has_loop(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);

	PG_RETURN_BOOL(cc_route_has_loop(codes, n));
}

/*
 * route_append(route, country) returns route: route || country, one more
 * country at the end.
 */
PG_FUNCTION_INFO_V1(route_append);
Datum
route_append(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX + 1];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);

	check_route_length(n + 1);
	codes[n] = PG_GETARG_COUNTRY(1);
	PG_RETURN_POINTER(route_make(codes, n + 1));
}

/*
 * route_prepend(country, route) returns route: country || route, one more
 * country at the start.
 */
PG_FUNCTION_INFO_V1(route_prepend);
Datum
route_prepend(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX + 1];
	int			n = route_codes(PG_GETARG_ROUTE(1), codes + 1);

	check_route_length(n + 1);
	codes[0] = PG_GETARG_COUNTRY(0);
	PG_RETURN_POINTER(route_make(codes, n + 1));
}

/*
 * route_concat(route, route) returns route: a || b, the countries of a
 * then those of b (a shared country where they meet appears twice; use
 * route_join to merge it).
 */
PG_FUNCTION_INFO_V1(route_concat);
Datum
route_concat(PG_FUNCTION_ARGS)
{
	uint16		codes[2 * CC_ROUTE_MAX];
	int			na = route_codes(PG_GETARG_ROUTE(0), codes);
	int			nb = route_codes(PG_GETARG_ROUTE(1), codes + na);

	check_route_length(na + nb);
	PG_RETURN_POINTER(route_make(codes, na + nb));
}

/*
 * route_join(route, route) returns route: a then b, where b starts at a's
 * destination, which appears once; an error when b starts elsewhere.
 */
PG_FUNCTION_INFO_V1(route_join);
Datum
route_join(PG_FUNCTION_ARGS)
{
	uint16		ca[CC_ROUTE_MAX],
				cb[CC_ROUTE_MAX],
				codes[2 * CC_ROUTE_MAX];
	int			na = route_codes(PG_GETARG_ROUTE(0), ca);
	int			nb = route_codes(PG_GETARG_ROUTE(1), cb);

	if (ca[na - 1] != cb[0])
	{
		char		d[3],
					o[3];

		cc_format_country(ca[na - 1], d);
		cc_format_country(cb[0], o);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot join a route ending in %s to a route starting in %s", d, o),
				 errhint("Use || to concatenate routes that do not meet.")));
	}
	check_route_length(na + nb - 1);
	memcpy(codes, ca, sizeof(uint16) * na);
	memcpy(codes + na, cb + 1, sizeof(uint16) * (nb - 1));
	PG_RETURN_POINTER(route_make(codes, na + nb - 1));
}

/*
 * route_length_km(route) returns double precision: the sum of the
 * great-circle distances between the centroids of consecutive countries;
 * NULL when a country has no centroid in the data.
 */
PG_FUNCTION_INFO_V1(route_length_km);
Datum
route_length_km(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);
	double		d = cc_route_length_km(codes, n);

	if (isnan(d))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d);
}

/*
 * route_detour_ratio(route) returns double precision: route_length_km over
 * the direct origin-destination distance (1 for a direct route); NULL when
 * origin and destination coincide or a centroid is missing.
 */
PG_FUNCTION_INFO_V1(route_detour_ratio);
Datum
route_detour_ratio(PG_FUNCTION_ARGS)
{
	uint16		codes[CC_ROUTE_MAX];
	int			n = route_codes(PG_GETARG_ROUTE(0), codes);
	double		length = cc_route_length_km(codes, n);
	double		direct = cc_distance_km(codes[0], codes[n - 1]);

	if (isnan(length) || isnan(direct) || direct <= 0.0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(length / direct);
}

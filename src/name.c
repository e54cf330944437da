/*
 * name.c
 *		Server glue for counterparty names: name_key, name_similarity,
 *		name_match and its operator %%, the GUC trade_screen.name_threshold,
 *		and the GIN opclasses gin_name_ops (text) and gin_name_array_ops
 *		(text[]).
 *
 * The logic is in name_core.c; names reach it through ICU (icu.c).  Each
 * backend builds the lookup tables once, on first use, from every shipped
 * legal form and word as the names' transform writes it (name_dict.c), and
 * keeps a cache of parsed names keyed by their bytes, so a join that
 * compares each listed name many times parses it once.
 *
 * The GIN opclasses index the keys of nc_parse.  Two names whose similarity
 * reaches any threshold above NC_NO_SHARED_KEY_FACTOR share a key, so an
 * index scan for the keys of the query, rechecked with name_match, returns
 * exactly the rows a sequential scan returns.  The consistent functions go
 * further: from which of the query's words a row shares keys they bound its
 * similarity (nc_query_bound) and drop rows that cannot reach the threshold,
 * so a row sharing only a common word is neither fetched nor rechecked.
 */
#include "trade_screen.h"

#include "access/gin.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "name_core.h"
#include "name_data.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* GIN strategy of %% */
#define NAME_MATCH_STRATEGY		1

/* entries the parse cache holds before it starts over */
#define PARTY_CACHE_MAX			100000

/* only names this long (bytes) are cached */
#define PARTY_CACHE_MAX_LEN		512

double		ts_name_threshold = 0.75;

static NcDict *party_dict = NULL;
static HTAB *party_cache = NULL;
static MemoryContext party_cache_cxt = NULL;

typedef struct PartyCacheEntry
{
	uint64		hash;			/* hash key: hash of the name's bytes */
	int			srclen;
	char	   *src;			/* the name, to rule out collisions */
	void	   *packed;			/* nc_pack'ed parse */
} PartyCacheEntry;

/*
 * Called from _PG_init (module.c): define trade_screen.name_threshold.  Its
 * lower bound keeps it above NC_NO_SHARED_KEY_FACTOR, which the index's
 * exactness needs.
 */
void
name_module_init(void)
{
	DefineCustomRealVariable("trade_screen.name_threshold",
							 "Similarity at which name_match and %% call two counterparty names the same.",
							 "Between 0.55 and 1; name_similarity is compared with it.",
							 &ts_name_threshold,
							 0.75, 0.55, 1.0,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
}

/*
 * The lookup tables of this backend, built on first use from src/name_data.c
 * as PARTY_TRANSFORM writes it (name_dict.c: transliterated at build time).
 */
static const NcDict *
party_get_dict(void)
{
	NcDict	   *d;
	int			i;

	if (party_dict != NULL)
		return party_dict;
	d = MemoryContextAlloc(TopMemoryContext, sizeof(NcDict));
	nc_dict_init(d);
	for (i = 0; i < nc_form_data_count; i++)
	{
		size_t		tlen;
		const char *t = name_dict_translit(false, i, &tlen);
		int			cls = nc_class_by_name(nc_form_data[i].cls);

		if (cls < 0)
			elog(ERROR, "unknown legal-form class \"%s\" in src/name_data.c",
				 nc_form_data[i].cls);
		nc_dict_add_form(d, t, tlen, cls);
	}
	for (i = 0; i < nc_word_data_count; i++)
	{
		size_t		tlen;
		const char *t = name_dict_translit(true, i, &tlen);
		int			kind = nc_kind_by_name(nc_word_data[i].kind);

		if (kind < 0)
			elog(ERROR, "unknown word kind \"%s\" in src/name_data.c",
				 nc_word_data[i].kind);
		nc_dict_add_word(d, t, tlen, kind, nc_word_data[i].canon);
	}
	nc_dict_finish(d);
	party_dict = d;
	return d;
}

/*
 * Start the parse cache over when it is full.  Called at the start of an
 * SQL-callable function only, never between two parses whose results are
 * still in use.
 */
static void
party_cache_check(void)
{
	if (party_cache != NULL && hash_get_num_entries(party_cache) < PARTY_CACHE_MAX)
		return;
	if (party_cache_cxt == NULL)
		party_cache_cxt = AllocSetContextCreate(TopMemoryContext,
												"trade_screen name cache",
												ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(party_cache_cxt);
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(PartyCacheEntry);
		ctl.hcxt = party_cache_cxt;
		party_cache = hash_create("trade_screen name cache", 1024, &ctl,
								  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
}

/* parse a name into a palloc'd packed block in context cxt */
static void *
party_parse_into(const char *str, size_t len, MemoryContext cxt)
{
	size_t		tlen;
	char	   *t = ts_party_transliterate(str, len, &tlen);
	NcName	   *n = palloc(sizeof(NcName));
	void	   *packed;

	nc_parse(t, tlen, party_get_dict(), n);
	packed = MemoryContextAlloc(cxt, nc_packed_size(n));
	nc_pack(n, packed);
	pfree(n);
	if (t != str)
		pfree(t);
	return packed;
}

/*
 * The parsed form of a name in the server encoding, from the cache when it
 * is there.  The result stays valid until the next party_cache_check.  Only
 * the prefix nc_clip keeps is read, so a name of any length costs what its
 * first 2048 characters of words (8192 characters in all) cost.
 */
static const void *
party_parse(const char *str, size_t len)
{
	uint64		h;
	PartyCacheEntry *e;
	bool		found;

	len = nc_clip(str, len, pg_mblen);
	if (len > PARTY_CACHE_MAX_LEN)
		return party_parse_into(str, len, CurrentMemoryContext);
	if (party_cache == NULL)
		party_cache_check();
	h = hash_bytes_extended((const unsigned char *) str, (int) len, 0);
	e = hash_search(party_cache, &h, HASH_FIND, NULL);
	if (e != NULL)
	{
		if (e->srclen == (int) len && memcmp(e->src, str, len) == 0)
			return e->packed;
		/* a collision: parse without caching */
		return party_parse_into(str, len, CurrentMemoryContext);
	}
	if (hash_get_num_entries(party_cache) >= PARTY_CACHE_MAX)
		return party_parse_into(str, len, CurrentMemoryContext);
	{
		void	   *packed = party_parse_into(str, len, party_cache_cxt);
		char	   *src = MemoryContextAlloc(party_cache_cxt, len + 1);

		memcpy(src, str, len);
		e = hash_search(party_cache, &h, HASH_ENTER, &found);
		e->srclen = (int) len;
		e->src = src;
		e->packed = packed;
		return packed;
	}
}

static void
party_view_text(text *t, NcView *v)
{
	nc_view(party_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)), v);
}

/*
 * name_key(text) returns text: the comparison key of a counterparty name,
 * its folded words in byte order then its legal-form class.
 */
PG_FUNCTION_INFO_V1(name_key);
Datum
name_key(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	NcView		v;
	char	   *buf;
	size_t		len;

	party_cache_check();
	party_view_text(t, &v);
	buf = palloc(NC_MAX_TEXT * 4 + 64);
	len = nc_key_text(&v, buf, NC_MAX_TEXT * 4 + 64);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int) len));
}

/*
 * name_similarity(a text, b text) returns float8 in [0, 1].
 */
PG_FUNCTION_INFO_V1(name_similarity);
Datum
name_similarity(PG_FUNCTION_ARGS)
{
	NcView		a,
				b;

	party_cache_check();
	party_view_text(PG_GETARG_TEXT_PP(0), &a);
	party_view_text(PG_GETARG_TEXT_PP(1), &b);
	PG_RETURN_FLOAT8(nc_similarity(&a, &b));
}

/* true when two parsed names match at the current threshold */
static bool
views_match(const NcView *a, const NcView *b)
{
	/* without a shared key the similarity cannot reach the threshold */
	if (!nc_share_key(a, b))
		return false;
	/* below the threshold, the tie-break need not be computed */
	return nc_similarity_floor(a, b, ts_name_threshold) >= ts_name_threshold;
}

/*
 * name_match(a text, b text) returns boolean: name_similarity(a, b) >=
 * trade_screen.name_threshold.  The function of the operator %%.
 */
PG_FUNCTION_INFO_V1(name_match);
Datum
name_match(PG_FUNCTION_ARGS)
{
	NcView		a,
				b;

	party_cache_check();
	party_view_text(PG_GETARG_TEXT_PP(0), &a);
	party_view_text(PG_GETARG_TEXT_PP(1), &b);
	PG_RETURN_BOOL(views_match(&a, &b));
}

/*
 * The best element of a text array for a name: its index (-1 when the
 * array has no non-NULL element) and its similarity in *best.
 */
static int
best_element(text *name, ArrayType *arr, double *best)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				besti = -1;
	NcView		a;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("names must be a one-dimensional array")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	party_view_text(name, &a);
	*best = 0.0;
	for (i = 0; i < n; i++)
	{
		NcView		b;
		double		s;

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		party_view_text(DatumGetTextPP(elems[i]), &b);
		s = nc_similarity(&a, &b);
		if (besti < 0 || s > *best)
		{
			besti = i;
			*best = s;
		}
	}
	return besti;
}

/*
 * name_similarity(a text, names text[]) returns float8: the best
 * similarity of a with any of names (0 when there are none).
 */
PG_FUNCTION_INFO_V1(name_similarity_any);
Datum
name_similarity_any(PG_FUNCTION_ARGS)
{
	double		best;

	party_cache_check();
	best_element(PG_GETARG_TEXT_PP(0), PG_GETARG_ARRAYTYPE_P(1), &best);
	PG_RETURN_FLOAT8(best);
}

/*
 * name_best_alias(a text, names text[]) returns text: the element of names
 * most similar to a (the first of equals), NULL when there is none.
 */
PG_FUNCTION_INFO_V1(name_best_alias);
Datum
name_best_alias(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
	double		best;
	int			i;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	party_cache_check();
	i = best_element(PG_GETARG_TEXT_PP(0), arr, &best);
	if (i < 0)
		PG_RETURN_NULL();
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	PG_RETURN_DATUM(elems[i]);
}

/* any element of names matches name */
static bool
match_any(text *name, ArrayType *arr)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	NcView		a;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("names must be a one-dimensional array")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	party_view_text(name, &a);
	for (i = 0; i < n; i++)
	{
		NcView		b;

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		party_view_text(DatumGetTextPP(elems[i]), &b);
		if (views_match(&a, &b))
			return true;
	}
	return false;
}

/*
 * name_match_any(a text, names text[]) returns boolean: a matches some
 * element of names.  The function of the operator text %% text[].
 */
PG_FUNCTION_INFO_V1(name_match_any);
Datum
name_match_any(PG_FUNCTION_ARGS)
{
	party_cache_check();
	PG_RETURN_BOOL(match_any(PG_GETARG_TEXT_PP(0), PG_GETARG_ARRAYTYPE_P(1)));
}

/*
 * name_any_match(names text[], a text) returns boolean: name_match_any
 * with its arguments swapped, for the operator text[] %% text.
 */
PG_FUNCTION_INFO_V1(name_any_match);
Datum
name_any_match(PG_FUNCTION_ARGS)
{
	party_cache_check();
	PG_RETURN_BOOL(match_any(PG_GETARG_TEXT_PP(1), PG_GETARG_ARRAYTYPE_P(0)));
}

/*
 * name_similarity_parts(a text, b text) returns record: the token
 * alignment score, the legal-form factor, whether the names share an index
 * key, and the similarity they make.
 */
PG_FUNCTION_INFO_V1(name_similarity_parts);
Datum
name_similarity_parts(PG_FUNCTION_ARGS)
{
	NcView		a,
				b;
	double		align,
				lf,
				sim;
	int			shared;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	party_cache_check();
	party_view_text(PG_GETARG_TEXT_PP(0), &a);
	party_view_text(PG_GETARG_TEXT_PP(1), &b);
	sim = nc_similarity_detail(&a, &b, &align, &lf, &shared);
	values[0] = Float8GetDatum(align);
	values[1] = Float8GetDatum(lf);
	values[2] = BoolGetDatum(shared != 0);
	values[3] = Float8GetDatum(sim);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* ---------------------------------------------------------------------
 * GIN support
 * --------------------------------------------------------------------- */

/* the index keys of one parsed name (its keys and initialism keys) as palloc'd int4 datums */
static Datum *
keys_datums(const NcView *v, int32 *nkeys)
{
	Datum	   *keys = palloc(sizeof(Datum) * (v->nkeys + 2));
	uint32		ik[2];
	int			i,
				n;

	for (i = 0; i < v->nkeys; i++)
		keys[i] = Int32GetDatum((int32) nc_view_key(v, i));
	n = nc_initials_index_keys(v, ik);
	for (i = 0; i < n; i++)
		keys[v->nkeys + i] = Int32GetDatum((int32) ik[i]);
	*nkeys = v->nkeys + n;
	return keys;
}

/*
 * gin_name_extract_value(text, internal, internal) returns internal: the
 * index keys of a name.
 */
PG_FUNCTION_INFO_V1(gin_name_extract_value);
Datum
gin_name_extract_value(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	NcView		v;

	party_cache_check();
	party_view_text(PG_GETARG_TEXT_PP(0), &v);
	PG_RETURN_POINTER(keys_datums(&v, nkeys));
}

static int
cmp_int32_datum(const void *a, const void *b)
{
	int32		x = DatumGetInt32(*(const Datum *) a);
	int32		y = DatumGetInt32(*(const Datum *) b);

	return x < y ? -1 : x > y;
}

/*
 * gin_name_extract_value_array(text[], internal, internal) returns
 * internal: the index keys of every name of an array, each once.
 */
PG_FUNCTION_INFO_V1(gin_name_extract_value_array);
Datum
gin_name_extract_value_array(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				total = 0,
				cap = 64,
				o;
	Datum	   *keys = palloc(sizeof(Datum) * cap);

	party_cache_check();
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		NcView		v;
		int			k;

		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		party_view_text(DatumGetTextPP(elems[i]), &v);
		if (total + v.nkeys + 2 > cap)
		{
			cap = (total + v.nkeys + 2) * 2;
			keys = repalloc(keys, sizeof(Datum) * cap);
		}
		for (k = 0; k < v.nkeys; k++)
			keys[total++] = Int32GetDatum((int32) nc_view_key(&v, k));
		{
			uint32		ik[2];
			int			nk = nc_initials_index_keys(&v, ik);

			for (k = 0; k < nk; k++)
				keys[total++] = Int32GetDatum((int32) ik[k]);
		}
	}
	if (total > 1)
	{
		qsort(keys, total, sizeof(Datum), cmp_int32_datum);
		o = 1;
		for (i = 1; i < total; i++)
			if (keys[i] != keys[o - 1])
				keys[o++] = keys[i];
		total = o;
	}
	*nkeys = total;
	PG_RETURN_POINTER(keys);
}

/*
 * gin_name_extract_query(text, internal, int2, internal, internal,
 * internal, internal) returns internal: the keys of the name searched for
 * and those its generic words would give (nc_query_build); none (nothing
 * can match) when it has no words.  The plan goes to the consistent
 * functions as every key's extra data.
 */
PG_FUNCTION_INFO_V1(gin_name_extract_query);
Datum
gin_name_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	Pointer   **extra_data = (Pointer **) PG_GETARG_POINTER(4);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	NcView		v;
	NcQuery    *q;
	Datum	   *keys;
	int			i;

	if (strategy != NAME_MATCH_STRATEGY)
		elog(ERROR, "unrecognized strategy number: %d", strategy);
	party_cache_check();
	party_view_text(PG_GETARG_TEXT_PP(0), &v);
	q = palloc(sizeof(NcQuery));
	nc_query_build(&v, party_get_dict(), q);
	keys = palloc(sizeof(Datum) * Max(q->nkeys, 1));
	*extra_data = palloc(sizeof(Pointer) * Max(q->nkeys, 1));
	for (i = 0; i < q->nkeys; i++)
	{
		keys[i] = Int32GetDatum((int32) q->keys[i]);
		(*extra_data)[i] = (Pointer) q;
	}
	*nkeys = q->nkeys;
	*searchMode = GIN_SEARCH_MODE_DEFAULT;
	PG_RETURN_POINTER(keys);
}

/*
 * Whether a row with the query keys marked in present[] may match at the
 * current threshold (nc_query_bound); the recheck decides.
 */
static bool
query_may_match(Pointer *extra_data, int32 nkeys, const uint8 *present)
{
	const NcQuery *q;

	if (nkeys <= 0)
		return false;
	q = (const NcQuery *) extra_data[0];
	Assert(q->nkeys == nkeys);
	/* a small margin against rounding: the recheck is exact */
	return nc_query_bound(q, present) >= ts_name_threshold - 1e-9;
}

/*
 * gin_name_consistent(internal, int2, text, int4, internal, internal,
 * internal, internal) returns boolean: a row is a candidate when the keys
 * it shares with the query leave its similarity able to reach the
 * threshold; name_match rechecks it.
 */
PG_FUNCTION_INFO_V1(gin_name_consistent);
Datum
gin_name_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	uint8		present[NC_MAX_QUERY_KEYS];
	int32		i;

	*recheck = true;
	for (i = 0; i < nkeys && i < NC_MAX_QUERY_KEYS; i++)
		present[i] = check[i] ? 1 : 0;
	PG_RETURN_BOOL(query_may_match(extra_data, nkeys, present));
}

/*
 * gin_name_triconsistent(internal, int2, text, int4, internal, internal,
 * internal) returns "char": MAYBE when the keys that are or may be present
 * leave a match possible, FALSE otherwise.  GIN reads the keys of rare
 * words first and skips rows that only a common word's keys would give.
 */
PG_FUNCTION_INFO_V1(gin_name_triconsistent);
Datum
gin_name_triconsistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	uint8		present[NC_MAX_QUERY_KEYS];
	int32		i;

	for (i = 0; i < nkeys && i < NC_MAX_QUERY_KEYS; i++)
		present[i] = check[i] != GIN_FALSE ? 1 : 0;
	PG_RETURN_GIN_TERNARY_VALUE(query_may_match(extra_data, nkeys, present) ? GIN_MAYBE : GIN_FALSE);
}

/*
 * gin_name_array_extract_query("any", internal, int2, internal, internal,
 * internal, internal) returns internal: gin_name_extract_query for
 * gin_name_array_ops, whose query (text) is not of the indexed type
 * (text[]); amvalidate accepts "any" there.
 */
PG_FUNCTION_INFO_V1(gin_name_array_extract_query);
Datum
gin_name_array_extract_query(PG_FUNCTION_ARGS)
{
	return gin_name_extract_query(fcinfo);
}

/*
 * gin_name_array_consistent(internal, int2, "any", int4, internal,
 * internal, internal, internal) returns boolean: gin_name_consistent for
 * gin_name_array_ops.
 */
PG_FUNCTION_INFO_V1(gin_name_array_consistent);
Datum
gin_name_array_consistent(PG_FUNCTION_ARGS)
{
	return gin_name_consistent(fcinfo);
}

/*
 * gin_name_array_triconsistent(internal, int2, "any", int4, internal,
 * internal, internal) returns "char": gin_name_triconsistent for
 * gin_name_array_ops.
 */
PG_FUNCTION_INFO_V1(gin_name_array_triconsistent);
Datum
gin_name_array_triconsistent(PG_FUNCTION_ARGS)
{
	return gin_name_triconsistent(fcinfo);
}

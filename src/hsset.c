/*
 * hsset.c
 *		The hsset type: a watchlist value, a set of HS code prefixes with
 *		exclusions.  Input and output, membership of a code, set algebra,
 *		containment, construction from arrays and the hsset_agg aggregate.
 *
 * The set logic is in hsset_core.c; this file wraps it for the server.
 * Membership tests compile the set into its key ranges once per query
 * (cached in fn_extra), so "hs <@ set" over millions of rows costs one
 * binary search each.
 */
#include "hsset.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#define HSSET_ACCEPTED_HINT \
	"An hsset is written as HS codes in braces separated by commas, an excluded " \
	"code marked by \"!\", as in \"{8542, !8542.90, 8471}\"; \"{}\" is the empty set."

/* hsset_core's interrupt check: lets a long set operation be cancelled */
static void
hsset_check_for_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * Called from _PG_init (module.c): hsset_core's loops check for interrupts.
 */
void
hsset_module_init(void)
{
	hsset_interrupt_check = hsset_check_for_interrupts;
}

/*
 * A new hsset holding members[0..n), which must be canonical.
 */
HsSet *
hsset_from_members(const int64 *members, int n)
{
	Size		size = HSSET_HDRSZ + sizeof(int64) * n;
	HsSet	   *set = palloc0(size);

	SET_VARSIZE(set, size);
	if (n > 0)
		memcpy(set->members, members, sizeof(int64) * n);
	return set;
}

/*
 * Parse the text form of an hsset, or report why it is not one through
 * escontext.  Shared by text and binary input, so both validate alike.
 */
static HsSet *
hsset_parse_or_report(const char *str, size_t len, Node *escontext)
{
	int			capacity = hsset_count_items(str, len);
	int64_t    *members = palloc(sizeof(int64_t) * capacity);
	int			n = 0;
	hsset_parse_info info;
	hsset_status status = hsset_parse(str, len, members, &n, &info);
	char	   *quoted;
	char		digits[HS_MAX_DIGITS + 1];

	if (status == HSSET_OK)
		return hsset_from_members(members, n);

	quoted = ts_quote_for_client(str, len);
	switch (status)
	{
		case HSSET_ERR_BRACES:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type hsset: \"%s\"", quoted),
					 errdetail("The value is not enclosed in braces."),
					 errhint(HSSET_ACCEPTED_HINT)));
		case HSSET_ERR_EMPTY_ITEM:
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type hsset: \"%s\"", quoted),
					 errdetail("An item at position %d is empty.",
							   (int) info.item_start + 1),
					 errhint(HSSET_ACCEPTED_HINT)));
		case HSSET_ERR_CODE:
			/* let hscode input explain what is wrong with the item */
			{
				const char *item = str + info.item_start;
				size_t		item_len = info.item_len;

				if (item_len > 0 && item[0] == '!')
				{
					item++;
					item_len--;
				}
				ereturn(escontext, NULL,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type hsset: \"%s\"", quoted),
						 errdetail("The item \"%s\" at position %d is no HS code.",
								   ts_quote_for_client(item, item_len), (int) info.item_start + 1),
						 errhint(HSSET_ACCEPTED_HINT)));
			}
		case HSSET_ERR_CONFLICT:
			hs_key_digits(info.key, digits);
			ereturn(escontext, NULL,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type hsset: \"%s\"", quoted),
					 errdetail("The code %s is both included and excluded.", digits),
					 errhint("List each code once, with \"!\" only to exclude it.")));
		case HSSET_OK:
			break;
	}
	elog(ERROR, "unexpected hsset_parse status %d", (int) status);
	return NULL;
}

/*
 * hsset_in(cstring) returns hsset
 */
PG_FUNCTION_INFO_V1(hsset_in);
Datum
hsset_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	HsSet	   *set = hsset_parse_or_report(str, strlen(str), TS_ESCONTEXT(fcinfo));

	if (set == NULL)
		PG_RETURN_NULL();
	PG_RETURN_HSSET_P(set);
}

/*
 * hsset_out(hsset) returns cstring: the canonical form, "{8471,8542,!854290}".
 */
PG_FUNCTION_INFO_V1(hsset_out);
Datum
hsset_out(PG_FUNCTION_ARGS)
{
	HsSet	   *set = PG_GETARG_HSSET_P(0);
	int			n = HSSET_NMEMBERS(set);
	char	   *buf = palloc(hsset_format_bufsize(n));

	hsset_format((const int64_t *) set->members, n, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * hsset_recv(internal) returns hsset
 *
 * The binary form is the text form, parsed and validated exactly as text
 * input (a client cannot smuggle in a non-canonical set).
 */
PG_FUNCTION_INFO_V1(hsset_recv);
Datum
hsset_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	PG_RETURN_HSSET_P(hsset_parse_or_report(str, nbytes, NULL));
}

/*
 * hsset_send(hsset) returns bytea: the canonical text form.
 */
PG_FUNCTION_INFO_V1(hsset_send);
Datum
hsset_send(PG_FUNCTION_ARGS)
{
	HsSet	   *set = PG_GETARG_HSSET_P(0);
	int			n = HSSET_NMEMBERS(set);
	char	   *text = palloc(hsset_format_bufsize(n));
	size_t		len = hsset_format((const int64_t *) set->members, n, text);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, text, (int) len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Compile a set into its key ranges, in the current memory context.
 */
HsSetProbe *
hsset_compile(HsSet *set)
{
	int			n = HSSET_NMEMBERS(set);
	HsSetProbe *probe = palloc(sizeof(HsSetProbe));

	probe->ranges = palloc(sizeof(hsset_range) * (n + 1));
	probe->nranges = hsset_to_ranges((const int64_t *) set->members, n,
									 probe->ranges);
	return probe;
}

/* What fn_extra keeps between calls: the set last compiled and its probe. */
typedef struct ProbeCache
{
	HsSet	   *set;			/* a copy */
	HsSetProbe *probe;
} ProbeCache;

/*
 * The compiled probe of set, reused across calls of the same function
 * call site while the set stays the same (a constant or a parameter, the
 * usual case).  The cache is keyed by the set's bytes, so a different set
 * in every row still gives the right answer.
 */
HsSetProbe *
hsset_probe_cached(FmgrInfo *flinfo, HsSet *set)
{
	ProbeCache *cache = (ProbeCache *) flinfo->fn_extra;
	MemoryContext old;

	if (cache != NULL && VARSIZE(cache->set) == VARSIZE(set) &&
		memcmp(cache->set, set, VARSIZE(set)) == 0)
		return cache->probe;

	old = MemoryContextSwitchTo(flinfo->fn_mcxt);
	if (cache == NULL)
		cache = palloc0(sizeof(ProbeCache));
	else
	{
		pfree(cache->set);
		pfree(cache->probe->ranges);
		pfree(cache->probe);
	}
	cache->set = palloc(VARSIZE(set));
	memcpy(cache->set, set, VARSIZE(set));
	cache->probe = hsset_compile(set);
	flinfo->fn_extra = cache;
	MemoryContextSwitchTo(old);
	return cache->probe;
}

/*
 * hscode_contained_hsset(hscode, hsset) returns boolean: code <@ set.
 */
PG_FUNCTION_INFO_V1(hscode_contained_hsset);
Datum
hscode_contained_hsset(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);
	HsSetProbe *probe = hsset_probe_cached(fcinfo->flinfo, PG_GETARG_HSSET_P(1));

	PG_RETURN_BOOL(hsset_ranges_contain(probe->ranges, probe->nranges, key));
}

/*
 * hsset_contains_hscode(hsset, hscode) returns boolean: set @> code.
 */
PG_FUNCTION_INFO_V1(hsset_contains_hscode);
Datum
hsset_contains_hscode(PG_FUNCTION_ARGS)
{
	HsSetProbe *probe = hsset_probe_cached(fcinfo->flinfo, PG_GETARG_HSSET_P(0));
	int64		key = PG_GETARG_HSCODE(1);

	PG_RETURN_BOOL(hsset_ranges_contain(probe->ranges, probe->nranges, key));
}

/* a OP b as a new set */
static HsSet *
combine(HsSet *a, HsSet *b, hsset_op op)
{
	int			na = HSSET_NMEMBERS(a);
	int			nb = HSSET_NMEMBERS(b);
	int64_t    *out = palloc(sizeof(int64_t) * (na + nb + 1));
	int			n = hsset_combine((const int64_t *) a->members, na,
								  (const int64_t *) b->members, nb, op, out);

	if (n < 0)
		elog(ERROR, "hsset_combine produced a conflicting set");
	return hsset_from_members(out, n);
}

/*
 * hsset_union(hsset, hsset) returns hsset: codes in either set (|).
 */
PG_FUNCTION_INFO_V1(hsset_union);
Datum
hsset_union(PG_FUNCTION_ARGS)
{
	PG_RETURN_HSSET_P(combine(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1), HSSET_UNION));
}

/*
 * hsset_intersect(hsset, hsset) returns hsset: codes in both sets (&).
 */
PG_FUNCTION_INFO_V1(hsset_intersect);
Datum
hsset_intersect(PG_FUNCTION_ARGS)
{
	PG_RETURN_HSSET_P(combine(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1), HSSET_INTERSECT));
}

/*
 * hsset_except(hsset, hsset) returns hsset: codes of the first set that are
 * not in the second (-).
 */
PG_FUNCTION_INFO_V1(hsset_except);
Datum
hsset_except(PG_FUNCTION_ARGS)
{
	PG_RETURN_HSSET_P(combine(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1), HSSET_EXCEPT));
}

/*
 * hsset_contains(hsset, hsset) returns boolean: every code of the second
 * set is in the first (@>).
 */
PG_FUNCTION_INFO_V1(hsset_contains);
Datum
hsset_contains(PG_FUNCTION_ARGS)
{
	HsSet	   *a = PG_GETARG_HSSET_P(0);
	HsSet	   *b = PG_GETARG_HSSET_P(1);

	PG_RETURN_BOOL(hsset_is_subset((const int64_t *) b->members, HSSET_NMEMBERS(b),
								   (const int64_t *) a->members, HSSET_NMEMBERS(a)));
}

/*
 * hsset_contained(hsset, hsset) returns boolean: every code of the first
 * set is in the second (<@).
 */
PG_FUNCTION_INFO_V1(hsset_contained);
Datum
hsset_contained(PG_FUNCTION_ARGS)
{
	HsSet	   *a = PG_GETARG_HSSET_P(0);
	HsSet	   *b = PG_GETARG_HSSET_P(1);

	PG_RETURN_BOOL(hsset_is_subset((const int64_t *) a->members, HSSET_NMEMBERS(a),
								   (const int64_t *) b->members, HSSET_NMEMBERS(b)));
}

/*
 * hsset_eq(hsset, hsset) returns boolean: the same codes.  Canonical form
 * makes this a byte comparison.
 */
PG_FUNCTION_INFO_V1(hsset_eq);
Datum
hsset_eq(PG_FUNCTION_ARGS)
{
	HsSet	   *a = PG_GETARG_HSSET_P(0);
	HsSet	   *b = PG_GETARG_HSSET_P(1);

	PG_RETURN_BOOL(VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0);
}

/*
 * hsset_ne(hsset, hsset) returns boolean
 */
PG_FUNCTION_INFO_V1(hsset_ne);
Datum
hsset_ne(PG_FUNCTION_ARGS)
{
	HsSet	   *a = PG_GETARG_HSSET_P(0);
	HsSet	   *b = PG_GETARG_HSSET_P(1);

	PG_RETURN_BOOL(!(VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0));
}

/*
 * The order of hsset_ops: member by member (as stored: key, then the
 * exclusion bit), a set before the longer sets it starts.  Any total order
 * would do for sorting, DISTINCT and merge joins; this one is cheap and
 * agrees with equality, which canonical form makes byte equality.
 */
static int
hsset_compare(HsSet *a, HsSet *b)
{
	int			na = HSSET_NMEMBERS(a);
	int			nb = HSSET_NMEMBERS(b);
	int			i;

	for (i = 0; i < na && i < nb; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (a->members[i] != b->members[i])
			return a->members[i] < b->members[i] ? -1 : 1;
	}
	return na < nb ? -1 : (na > nb ? 1 : 0);
}

/*
 * hsset_cmp(hsset, hsset) returns integer: btree support of hsset_ops.
 */
PG_FUNCTION_INFO_V1(hsset_cmp);
Datum
hsset_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(hsset_compare(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1)));
}

/*
 * hsset_lt(hsset, hsset) returns boolean, and likewise hsset_le, hsset_gt,
 * hsset_ge: the order of hsset_ops.
 */
PG_FUNCTION_INFO_V1(hsset_lt);
Datum
hsset_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hsset_compare(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1)) < 0);
}

PG_FUNCTION_INFO_V1(hsset_le);
Datum
hsset_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hsset_compare(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1)) <= 0);
}

PG_FUNCTION_INFO_V1(hsset_gt);
Datum
hsset_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hsset_compare(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1)) > 0);
}

PG_FUNCTION_INFO_V1(hsset_ge);
Datum
hsset_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hsset_compare(PG_GETARG_HSSET_P(0), PG_GETARG_HSSET_P(1)) >= 0);
}

/*
 * hsset_hash(hsset) returns integer: hash support of hsset_hash_ops, over
 * the canonical members (equal sets have equal bytes).
 */
PG_FUNCTION_INFO_V1(hsset_hash);
Datum
hsset_hash(PG_FUNCTION_ARGS)
{
	HsSet	   *set = PG_GETARG_HSSET_P(0);

	return hash_any((const unsigned char *) set->members,
					sizeof(int64) * HSSET_NMEMBERS(set));
}

/*
 * hsset_hash_extended(hsset, bigint) returns bigint: the seeded 64-bit hash
 * that hash partitioning needs.
 */
PG_FUNCTION_INFO_V1(hsset_hash_extended);
Datum
hsset_hash_extended(PG_FUNCTION_ARGS)
{
	HsSet	   *set = PG_GETARG_HSSET_P(0);

	return hash_any_extended((const unsigned char *) set->members,
							 sizeof(int64) * HSSET_NMEMBERS(set),
							 PG_GETARG_INT64(1));
}

/*
 * Append the non-null codes of an hscode[] to members, marked excluded if
 * asked; returns the new count.  members has room for every element.
 */
static int
append_array(ArrayType *arr, bool exclude, int64_t *members, int n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			i;

	deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(int64), true,
					  TYPALIGN_DOUBLE, &elems, &nulls, &nelems);
	for (i = 0; i < nelems; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue;
		members[n++] = exclude ? (DatumGetHscode(elems[i]) | HSSET_EXCLUDE) :
			DatumGetHscode(elems[i]);
	}
	return n;
}

/*
 * hsset(include hscode[], exclude hscode[] DEFAULT '{}') returns hsset: the
 * codes under any of include but under none of exclude (NULL elements are
 * ignored).  A code in both arrays is an error.
 */
PG_FUNCTION_INFO_V1(hsset_from_arrays);
Datum
hsset_from_arrays(PG_FUNCTION_ARGS)
{
	ArrayType  *include = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *exclude = PG_GETARG_ARRAYTYPE_P(1);
	int			capacity = ArrayGetNItems(ARR_NDIM(include), ARR_DIMS(include)) +
		ArrayGetNItems(ARR_NDIM(exclude), ARR_DIMS(exclude));
	int64_t    *members = palloc(sizeof(int64_t) * (capacity + 1));
	int64_t		conflict = 0;
	int			n = 0;
	char		digits[HS_MAX_DIGITS + 1];

	n = append_array(include, false, members, n);
	n = append_array(exclude, true, members, n);
	n = hsset_canonicalize(members, n, &conflict);
	if (n < 0)
	{
		hs_key_digits(conflict, digits);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("code %s is both included and excluded", digits),
				 errhint("Give each code in only one of the two arrays.")));
	}
	PG_RETURN_HSSET_P(hsset_from_members(members, n));
}

/*
 * hsset(hscode) returns hsset: the set of one code and its subtree (the
 * cast from hscode).
 */
PG_FUNCTION_INFO_V1(hsset_from_hscode);
Datum
hsset_from_hscode(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);

	PG_RETURN_HSSET_P(hsset_from_members(&key, 1));
}

/* hsset_agg's running state: the codes seen so far. */
typedef struct HsSetAggState
{
	int			n;
	int			capacity;
	int64	   *keys;
} HsSetAggState;

/* A new, empty running state in the given memory context. */
static HsSetAggState *
agg_state_create(MemoryContext cxt, int capacity)
{
	HsSetAggState *state = MemoryContextAllocZero(cxt, sizeof(HsSetAggState));

	state->capacity = Max(capacity, 64);
	state->keys = MemoryContextAlloc(cxt, sizeof(int64) * state->capacity);
	return state;
}

/* Make room for extra more keys, folding redundant ones first. */
static void
agg_state_reserve(HsSetAggState *state, int extra)
{
	if (state->n + extra <= state->capacity)
		return;
	state->n = hsset_canonicalize((int64_t *) state->keys, state->n, NULL);
	while (state->n + extra > state->capacity / 2)
		state->capacity *= 2;
	state->keys = repalloc(state->keys, sizeof(int64) * state->capacity);
}

/*
 * hsset_agg_transfn(internal, hscode) returns internal: collect a code
 * (NULLs are skipped); redundant ones are folded when the state grows.
 * The state stays NULL until the first code, so that, as sum() does, the
 * aggregate of no rows or of only NULLs is NULL, not the empty set: "no
 * code known" is not "a known empty list".
 */
PG_FUNCTION_INFO_V1(hsset_agg_transfn);
Datum
hsset_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	HsSetAggState *state;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "hsset_agg_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	if (PG_ARGISNULL(0))
		state = agg_state_create(aggcontext, 64);
	else
		state = (HsSetAggState *) PG_GETARG_POINTER(0);

	/* fold duplicates and descendants first; grow only if that is not enough */
	agg_state_reserve(state, 1);
	state->keys[state->n++] = PG_GETARG_HSCODE(1);
	PG_RETURN_POINTER(state);
}

/*
 * hsset_agg_combinefn(internal, internal) returns internal: merge the
 * states of two parallel workers (partial aggregation).
 */
PG_FUNCTION_INFO_V1(hsset_agg_combinefn);
Datum
hsset_agg_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	HsSetAggState *state;
	HsSetAggState *other;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "hsset_agg_combinefn called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	other = (HsSetAggState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		state = agg_state_create(aggcontext, other->n);
	else
		state = (HsSetAggState *) PG_GETARG_POINTER(0);
	agg_state_reserve(state, other->n);
	memcpy(state->keys + state->n, other->keys, sizeof(int64) * other->n);
	state->n += other->n;
	PG_RETURN_POINTER(state);
}

/*
 * hsset_agg_serialfn(internal) returns bytea: a worker's state as its
 * folded keys, to send to the leader.
 */
PG_FUNCTION_INFO_V1(hsset_agg_serialfn);
Datum
hsset_agg_serialfn(PG_FUNCTION_ARGS)
{
	HsSetAggState *state = (HsSetAggState *) PG_GETARG_POINTER(0);
	int			n = hsset_canonicalize((int64_t *) state->keys, state->n, NULL);
	bytea	   *result = palloc(VARHDRSZ + sizeof(int64) * n);

	state->n = n;
	SET_VARSIZE(result, VARHDRSZ + sizeof(int64) * n);
	memcpy(VARDATA(result), state->keys, sizeof(int64) * n);
	PG_RETURN_BYTEA_P(result);
}

/*
 * hsset_agg_deserialfn(bytea, internal) returns internal: a worker's state
 * rebuilt in the leader.
 */
PG_FUNCTION_INFO_V1(hsset_agg_deserialfn);
Datum
hsset_agg_deserialfn(PG_FUNCTION_ARGS)
{
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	int			n = VARSIZE_ANY_EXHDR(data) / sizeof(int64);
	MemoryContext aggcontext;
	HsSetAggState *state;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "hsset_agg_deserialfn called in non-aggregate context");
	state = agg_state_create(aggcontext, n);
	memcpy(state->keys, VARDATA_ANY(data), sizeof(int64) * n);
	state->n = n;
	PG_RETURN_POINTER(state);
}

/*
 * hsset_agg_finalfn(internal) returns hsset: the set of the collected
 * codes; NULL when there were none.
 */
PG_FUNCTION_INFO_V1(hsset_agg_finalfn);
Datum
hsset_agg_finalfn(PG_FUNCTION_ARGS)
{
	HsSetAggState *state;
	int64_t    *keys;
	int			n;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (HsSetAggState *) PG_GETARG_POINTER(0);
	/* work on a copy: the final function may run more than once */
	keys = palloc(sizeof(int64_t) * (state->n + 1));
	memcpy(keys, state->keys, sizeof(int64_t) * state->n);
	n = hsset_canonicalize(keys, state->n, NULL);
	PG_RETURN_HSSET_P(hsset_from_members(keys, n));
}

/*
 * hsset_members(hsset) returns hscode[]: the included members, in order.
 * hsset_exclusions(hsset) gives the excluded ones.
 */
static Datum
members_array(HsSet *set, bool excluded, FunctionCallInfo fcinfo)
{
	int			n = HSSET_NMEMBERS(set);
	Datum	   *elems = palloc(sizeof(Datum) * (n + 1));
	int			nelems = 0;
	int			i;
	Oid			elemtype = get_fn_expr_rettype(fcinfo->flinfo);

	elemtype = get_element_type(elemtype);
	if (!OidIsValid(elemtype))
		elog(ERROR, "could not determine the element type of hsset_members");
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (HSSET_IS_EXCLUDED(set->members[i]) == excluded)
			elems[nelems++] = HscodeGetDatum(HSSET_KEY(set->members[i]));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nelems, elemtype, sizeof(int64),
										  true, TYPALIGN_DOUBLE));
}

/*
 * hsset_members(hsset) returns hscode[]
 */
PG_FUNCTION_INFO_V1(hsset_members);
Datum
hsset_members(PG_FUNCTION_ARGS)
{
	return members_array(PG_GETARG_HSSET_P(0), false, fcinfo);
}

/*
 * hsset_exclusions(hsset) returns hscode[]
 */
PG_FUNCTION_INFO_V1(hsset_exclusions);
Datum
hsset_exclusions(PG_FUNCTION_ARGS)
{
	return members_array(PG_GETARG_HSSET_P(0), true, fcinfo);
}

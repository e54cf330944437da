/*
 * hscode_gist.c
 *		gist_hscode_ops: a GiST operator class for hscode that answers
 *		=, <@, @> and <@ hsset in one index scan, with index-only scans.
 *
 * Every query of these four kinds is a set of key ranges (hs_core.h keeps
 * each subtree contiguous): = is one point, x <@ c is c's subtree, x @> c is
 * the few ancestors of c, x <@ set is the set's compiled ranges
 * (hsset_core.h).  An inner index entry is the [lo, hi] envelope of the
 * keys below it, so the consistent test is one binary search of the
 * query's ranges, and the leaf test is exact (no heap recheck).
 *
 * Why GiST and not SP-GiST: a GiST index on keys that sort in hierarchical
 * order is a B-tree-like range tree; the PostgreSQL 15 sorted build (the
 * sortsupport function) packs it bottom-up in one pass, as fast as a btree
 * build, while an SP-GiST digit trie inserts tuple by tuple and needs
 * prefix splitting for the long shared digit runs of national lines.
 *
 * Storage: leaf keys are the 6 low bytes of the hscode key (keys fit in 44
 * bits) and inner keys two such values, in short varlenas, so a leaf index
 * tuple is 16 bytes instead of the 24 a fixed (lo, hi) pair takes.
 */
#include "trade_screen.h"
#include "hsset.h"

#include "access/gist.h"
#include "access/stratnum.h"
#include "utils/sortsupport.h"

/* strategy numbers of gist_hscode_ops */
#define HSCODE_EQUAL_STRATEGY			3	/* hscode = hscode */
#define HSCODE_CONTAINS_STRATEGY		7	/* hscode @> hscode */
#define HSCODE_CONTAINED_STRATEGY		8	/* hscode <@ hscode */
#define HSCODE_CONTAINED_SET_STRATEGY	20	/* hscode <@ hsset */

#define PACKED_KEY_BYTES	6
#define LEAF_KEY_SIZE		(VARHDRSZ + PACKED_KEY_BYTES)
#define INNER_KEY_SIZE		(VARHDRSZ + 2 * PACKED_KEY_BYTES)

/* The most ancestors (and self) a code can have: one per valid length. */
#define MAX_POINT_RANGES	HS_MAX_DIGITS

static int64
unpack_key(const unsigned char *p)
{
	int64		v = 0;
	int			i;

	for (i = PACKED_KEY_BYTES - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void
pack_key(unsigned char *p, int64 v)
{
	int			i;

	for (i = 0; i < PACKED_KEY_BYTES; i++)
	{
		p[i] = (unsigned char) (v & 0xFF);
		v >>= 8;
	}
}

/*
 * The [lo, hi] of a stored key, leaf (one key) or inner (two).  Keys are
 * never toasted (a few bytes), so the bytes are read in place, whatever
 * the varlena header.
 */
static void
stored_range(Datum d, int64 *lo, int64 *hi)
{
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(DatumGetPointer(d));

	*lo = unpack_key(p);
	*hi = VARSIZE_ANY_EXHDR(DatumGetPointer(d)) == PACKED_KEY_BYTES ? *lo :
		unpack_key(p + PACKED_KEY_BYTES);
}

static bytea *
make_leaf_key(int64 key)
{
	bytea	   *b = palloc(LEAF_KEY_SIZE);

	SET_VARSIZE(b, LEAF_KEY_SIZE);
	pack_key((unsigned char *) VARDATA(b), key);
	return b;
}

static bytea *
make_inner_key(int64 lo, int64 hi)
{
	bytea	   *b;

	if (lo == hi)
		return make_leaf_key(lo);
	b = palloc(INNER_KEY_SIZE);
	SET_VARSIZE(b, INNER_KEY_SIZE);
	pack_key((unsigned char *) VARDATA(b), lo);
	pack_key((unsigned char *) VARDATA(b) + PACKED_KEY_BYTES, hi);
	return b;
}

/*
 * gist_hscode_consistent(internal, hscode, smallint, oid, internal) returns
 * boolean: could the entry hold (or is it) a match?  Exact at the leaves.
 */
PG_FUNCTION_INFO_V1(gist_hscode_consistent);
Datum
gist_hscode_consistent(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	int64		lo,
				hi;
	int64		q;

	*recheck = false;
	stored_range(entry->key, &lo, &hi);
	switch (strategy)
	{
		case HSCODE_EQUAL_STRATEGY:
			q = PG_GETARG_HSCODE(1);
			PG_RETURN_BOOL(lo <= q && q <= hi);
		case HSCODE_CONTAINED_STRATEGY:
			q = PG_GETARG_HSCODE(1);
			PG_RETURN_BOOL(lo <= hs_key_subtree_max(q) && q <= hi);
		case HSCODE_CONTAINS_STRATEGY:
			{
				int			n;
				int			ndigits;

				/* an ancestor of q (or q) in [lo, hi]? */
				q = PG_GETARG_HSCODE(1);
				ndigits = hs_key_ndigits(q);
				if (q < lo || hs_key_truncate(q, HS_MIN_DIGITS) > hi)
					PG_RETURN_BOOL(false);
				for (n = HS_MIN_DIGITS; n <= ndigits; n++)
				{
					int64		a;

					if (!hs_ndigits_is_valid(n))
						continue;
					a = hs_key_truncate(q, n);
					if (a >= lo && a <= hi)
						PG_RETURN_BOOL(true);
				}
				PG_RETURN_BOOL(false);
			}
		case HSCODE_CONTAINED_SET_STRATEGY:
			{
				HsSetProbe *probe = hsset_probe_cached(fcinfo->flinfo,
													   PG_GETARG_HSSET_P(1));

				PG_RETURN_BOOL(hsset_ranges_overlap(probe->ranges, probe->nranges,
													lo, hi));
			}
	}
	elog(ERROR, "unrecognized strategy number %d for gist_hscode_ops", strategy);
	PG_RETURN_BOOL(false);
}

/*
 * gist_hscode_union(internal, internal) returns bytea: the envelope of the
 * entries.
 */
PG_FUNCTION_INFO_V1(gist_hscode_union);
Datum
gist_hscode_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	int64		lo,
				hi;
	int			i;

	stored_range(entryvec->vector[0].key, &lo, &hi);
	for (i = 1; i < entryvec->n; i++)
	{
		int64		a,
					b;

		stored_range(entryvec->vector[i].key, &a, &b);
		if (a < lo)
			lo = a;
		if (b > hi)
			hi = b;
	}
	{
		bytea	   *result = make_inner_key(lo, hi);

		*size = VARSIZE(result);
		PG_RETURN_POINTER(result);
	}
}

/*
 * gist_hscode_compress(internal) returns internal: a leaf hscode into its
 * packed 6 bytes; inner keys are stored as made.
 */
PG_FUNCTION_INFO_V1(gist_hscode_compress);
Datum
gist_hscode_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *retval;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);
	retval = palloc(sizeof(GISTENTRY));
	gistentryinit(*retval, PointerGetDatum(make_leaf_key(DatumGetHscode(entry->key))),
				  entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(retval);
}

/*
 * gist_hscode_fetch(internal) returns internal: the hscode of a leaf key,
 * for index-only scans.
 */
PG_FUNCTION_INFO_V1(gist_hscode_fetch);
Datum
gist_hscode_fetch(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *retval = palloc(sizeof(GISTENTRY));
	int64		lo,
				hi;

	stored_range(entry->key, &lo, &hi);
	gistentryinit(*retval, HscodeGetDatum(lo), entry->rel, entry->page,
				  entry->offset, false);
	PG_RETURN_POINTER(retval);
}

/* the width of a range on the code line, for penalties */
static double
range_width(int64 lo, int64 hi)
{
	return hs_key_position(hi) - hs_key_position(lo);
}

/*
 * gist_hscode_penalty(internal, internal, internal) returns internal: how
 * much the envelope grows to take the new entry.
 */
PG_FUNCTION_INFO_V1(gist_hscode_penalty);
Datum
gist_hscode_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *origentry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *newentry = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	int64		olo,
				ohi,
				nlo,
				nhi;

	stored_range(origentry->key, &olo, &ohi);
	stored_range(newentry->key, &nlo, &nhi);
	*penalty = (float) (range_width(Min(olo, nlo), Max(ohi, nhi)) - range_width(olo, ohi));
	PG_RETURN_POINTER(penalty);
}

/* an entry of a page being split, with its lower end for sorting */
typedef struct split_item
{
	int64		lo;
	OffsetNumber offset;
} split_item;

static int
split_item_cmp(const void *a, const void *b)
{
	int64		x = ((const split_item *) a)->lo;
	int64		y = ((const split_item *) b)->lo;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * gist_hscode_picksplit(internal, internal) returns internal: sort the
 * entries by key and cut in the middle (keys are one-dimensional, so this
 * gives two disjoint envelopes).
 */
PG_FUNCTION_INFO_V1(gist_hscode_picksplit);
Datum
gist_hscode_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	OffsetNumber maxoff = entryvec->n - 1;
	int			nitems = maxoff - FirstOffsetNumber + 1;
	split_item *items = palloc(sizeof(split_item) * nitems);
	int64		llo = 0,
				lhi = 0,
				rlo = 0,
				rhi = 0;
	int			i;

	for (i = 0; i < nitems; i++)
	{
		int64		hi;

		items[i].offset = FirstOffsetNumber + i;
		stored_range(entryvec->vector[items[i].offset].key, &items[i].lo, &hi);
	}
	qsort(items, nitems, sizeof(split_item), split_item_cmp);

	v->spl_left = palloc(sizeof(OffsetNumber) * (nitems + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (nitems + 1));
	v->spl_nleft = 0;
	v->spl_nright = 0;
	for (i = 0; i < nitems; i++)
	{
		int64		lo,
					hi;
		bool		left = i < nitems / 2;

		stored_range(entryvec->vector[items[i].offset].key, &lo, &hi);
		if (left)
		{
			if (v->spl_nleft == 0 || lo < llo)
				llo = lo;
			if (v->spl_nleft == 0 || hi > lhi)
				lhi = hi;
			v->spl_left[v->spl_nleft++] = items[i].offset;
		}
		else
		{
			if (v->spl_nright == 0 || lo < rlo)
				rlo = lo;
			if (v->spl_nright == 0 || hi > rhi)
				rhi = hi;
			v->spl_right[v->spl_nright++] = items[i].offset;
		}
	}
	v->spl_ldatum = PointerGetDatum(make_inner_key(llo, lhi));
	v->spl_rdatum = PointerGetDatum(make_inner_key(rlo, rhi));
	PG_RETURN_POINTER(v);
}

/*
 * gist_hscode_same(bytea, bytea, internal) returns internal: are two keys
 * equal?
 */
PG_FUNCTION_INFO_V1(gist_hscode_same);
Datum
gist_hscode_same(PG_FUNCTION_ARGS)
{
	int64		alo,
				ahi,
				blo,
				bhi;
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	stored_range(PG_GETARG_DATUM(0), &alo, &ahi);
	stored_range(PG_GETARG_DATUM(1), &blo, &bhi);
	*result = alo == blo && ahi == bhi;
	PG_RETURN_POINTER(result);
}

/* sorted build: full comparison of two packed leaf keys */
static int
packed_cmp(Datum a, Datum b, SortSupport ssup)
{
	int64		alo,
				ahi,
				blo,
				bhi;

	stored_range(a, &alo, &ahi);
	stored_range(b, &blo, &bhi);
	return alo < blo ? -1 : (alo > blo ? 1 : 0);
}

/* sorted build: the key itself is an exact abbreviation */
static Datum
packed_abbrev_convert(Datum original, SortSupport ssup)
{
	int64		lo,
				hi;

	stored_range(original, &lo, &hi);
	return Int64GetDatum(lo);
}

static bool
packed_abbrev_abort(int memtupcount, SortSupport ssup)
{
	return false;
}

/*
 * gist_hscode_sortsupport(internal) returns void: lets CREATE INDEX sort the
 * keys and build the tree bottom-up instead of inserting one by one.
 */
PG_FUNCTION_INFO_V1(gist_hscode_sortsupport);
Datum
gist_hscode_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = packed_cmp;
	if (ssup->abbreviate)
	{
		ssup->abbrev_converter = packed_abbrev_convert;
		ssup->abbrev_abort = packed_abbrev_abort;
		ssup->abbrev_full_comparator = packed_cmp;
		ssup->comparator = ssup_datum_signed_cmp;
	}
	PG_RETURN_VOID();
}

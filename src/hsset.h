/*
 * hsset.h
 *		Server-side layout of hsset values and the compiled probe shared by
 *		the operators, the index support and the selectivity estimators.
 */
#ifndef HSSET_H
#define HSSET_H

#include "trade_screen.h"
#include "hsset_core.h"

/*
 * On disk: a varlena header, four bytes of padding (so the members are
 * 8-byte aligned), then the canonical members of hsset_core.h.
 */
typedef struct HsSet
{
	int32		vl_len_;
	int32		padding;		/* always 0 */
	int64		members[FLEXIBLE_ARRAY_MEMBER];
} HsSet;

#define HSSET_HDRSZ				offsetof(HsSet, members)
#define HSSET_NMEMBERS(s)		((int) ((VARSIZE(s) - HSSET_HDRSZ) / sizeof(int64)))
#define DatumGetHsSetP(X)		((HsSet *) PG_DETOAST_DATUM(X))
#define PG_GETARG_HSSET_P(n)	DatumGetHsSetP(PG_GETARG_DATUM(n))
#define PG_RETURN_HSSET_P(x)	PG_RETURN_POINTER(x)

/* A set compiled into its key ranges (hsset_core.h). */
typedef struct HsSetProbe
{
	int			nranges;
	hsset_range *ranges;
} HsSetProbe;


extern HsSet *hsset_from_members(const int64 *members, int n);
extern HsSetProbe *hsset_compile(HsSet *set);
extern HsSetProbe *hsset_probe_cached(FmgrInfo *flinfo, HsSet *set);

/* the C functions of hscode <@ hsset, hsset @> hscode and the btree order */
extern Datum hscode_contained_hsset(PG_FUNCTION_ARGS);
extern Datum hsset_contains_hscode(PG_FUNCTION_ARGS);
extern Datum hscode_cmp(PG_FUNCTION_ARGS);

/* hsset_scan.c */
extern void hsset_scan_init(void);

#endif							/* HSSET_H */

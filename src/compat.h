/*
 * compat.h
 *		Shims for differences between PostgreSQL server versions.
 *
 * trade_screen is built and tested on PostgreSQL 15 (the version Debian 12
 * ships, and the only server-dev package it has).  Every version test in the
 * project lives in this file, so a port to another server version starts
 * and ends here.  The shims for 16 to 18 below follow those versions'
 * headers (soft input errors in 16; index_beginscan's instrumentation
 * argument and EXPLAIN's explain_format.h in 18) but have not been compiled
 * against them here: no 16-18 headers were available to build with.
 */
#ifndef TRADE_SCREEN_COMPAT_H
#define TRADE_SCREEN_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "trade_screen needs PostgreSQL 15 or later"
#endif

/* hscode is an 8-byte pass-by-value type: 64-bit servers only */
#ifndef USE_FLOAT8_BYVAL
#error "trade_screen needs a server where 8-byte values are passed by value"
#endif

/*
 * Soft input errors (pg_input_is_valid) arrived in PostgreSQL 16.  On 15,
 * input functions have no error context and ereturn raises the error.
 */
#if PG_VERSION_NUM < 160000
#define TS_ESCONTEXT(fcinfo)	(NULL)
#define ereturn(context, dummy_value, ...) \
	do { \
		(void) (context); \
		ereport(ERROR, __VA_ARGS__); \
		return dummy_value; \
	} while (0)
#else
#include "nodes/miscnodes.h"
#define TS_ESCONTEXT(fcinfo)	((fcinfo)->context)
#endif

/*
 * index_beginscan takes the scan's instrumentation (EXPLAIN's index search
 * count) from PostgreSQL 18; the range scan keeps none.
 */
#if PG_VERSION_NUM >= 180000
#define ts_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), (norderbys))
#else
#define ts_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), (norderbys))
#endif

/*
 * EXPLAIN's property functions (ExplainPropertyText and the rest) moved from
 * commands/explain.h to commands/explain_format.h in PostgreSQL 18.  A file
 * that prints EXPLAIN properties includes commands/explain.h, then
 * TS_EXPLAIN_FORMAT_H.
 */
#if PG_VERSION_NUM >= 180000
#define TS_EXPLAIN_FORMAT_H "commands/explain_format.h"
#else
#define TS_EXPLAIN_FORMAT_H "commands/explain.h"
#endif

#endif							/* TRADE_SCREEN_COMPAT_H */

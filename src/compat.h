/*
 * compat.h
 *		Shims for differences between PostgreSQL server versions.
 *
 * trade_screen targets PostgreSQL 15 (the version Debian 12 ships).  Every
 * version test in the project lives in this file, so a port to another
 * server version starts and ends here.
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

#endif							/* TRADE_SCREEN_COMPAT_H */

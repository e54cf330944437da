/*
 * trade_screen.h
 *		Declarations shared by the C files of the trade_screen extension.
 */
#ifndef TRADE_SCREEN_H
#define TRADE_SCREEN_H

#include "compat.h"

#include "fmgr.h"
#include "nodes/nodes.h"
#include "hs_core.h"

/* hscode datums are the int64 keys of hs_core.h */
#define DatumGetHscode(X)		DatumGetInt64(X)
#define HscodeGetDatum(X)		Int64GetDatum(X)
#define PG_GETARG_HSCODE(n)		DatumGetHscode(PG_GETARG_DATUM(n))
#define PG_RETURN_HSCODE(x)		return HscodeGetDatum(x)

/* hscode.c */
extern int64 hscode_parse_or_report(const char *str, size_t len,
									Node *escontext);

#endif							/* TRADE_SCREEN_H */

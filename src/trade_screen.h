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
#include "country_core.h"

/* hscode datums are the int64 keys of hs_core.h */
#define DatumGetHscode(X)		DatumGetInt64(X)
#define HscodeGetDatum(X)		Int64GetDatum(X)
#define PG_GETARG_HSCODE(n)		DatumGetHscode(PG_GETARG_DATUM(n))
#define PG_RETURN_HSCODE(x)		return HscodeGetDatum(x)

/* country datums are the 16-bit codes of country_core.h */
#define DatumGetCountry(X)		((uint16) DatumGetInt16(X))
#define CountryGetDatum(X)		Int16GetDatum((int16) (X))
#define PG_GETARG_COUNTRY(n)	DatumGetCountry(PG_GETARG_DATUM(n))
#define PG_RETURN_COUNTRY(x)	return CountryGetDatum(x)

/*
 * A route is a varlena holding 2 bytes per country, origin first: the two
 * alpha-2 letters of each (so byte order is code order).  At most
 * CC_ROUTE_MAX countries, at least one.
 */
#define PG_GETARG_ROUTE(n)		((struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))
#define DatumGetRoute(X)		((struct varlena *) PG_DETOAST_DATUM_PACKED(X))

/* hscode.c */
extern int64 hscode_parse_or_report(const char *str, size_t len,
									Node *escontext);

/* country.c */
extern uint16 country_parse_or_report(const char *str, size_t len,
									  Node *escontext);
extern Datum country_array_datum(const uint16 *codes, int n,
								 FunctionCallInfo fcinfo);
extern Datum normalize_name(PG_FUNCTION_ARGS);

/* route.c */
extern int	route_codes(const struct varlena *r, uint16 *codes);
extern struct varlena *route_make(const uint16 *codes, int n);

/* quote.c */
extern char *ts_quote_for_client(const char *str, size_t len);

/* icu.c: the only users of ICU */
extern char *ts_icu_transform(const char *id, const char *utf8, size_t len,
							  size_t *outlen);
extern char *ts_normalize_name_utf8(const char *utf8, size_t len);
extern char *ts_normalize_name(const char *str, size_t len);
extern char *ts_icu_transform_party_utf8(const char *utf8, size_t len,
										 size_t *outlen);
extern char *ts_party_transliterate(const char *str, size_t len, size_t *outlen);

/* name_dict.c: the shipped legal forms and words, transliterated */
extern const char *name_dict_translit(bool word, int i, size_t *len);

/* module.c: _PG_init calls the parts' initialisers */
extern void hsset_module_init(void);
extern void name_module_init(void);
extern void name_dict_init(void);
extern void sc_cache_init(void);
extern void sc_shared_init(void);

#endif							/* TRADE_SCREEN_H */

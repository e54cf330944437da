/*
 * country.c
 *		The country type: input and output, comparison and hashing, names in
 *		the languages of the compiled ISO table, land borders and distances.
 *
 * A country is the 2-byte pass-by-value code of country_core.h (its alpha-2
 * letters), validated against the table compiled into the extension, so no
 * value needs a table look-up.  Name look-up normalises with ICU (icu.c)
 * into a per-backend hash table built on first use.
 */
#include "trade_screen.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/sortsupport.h"

#include <math.h>

#define COUNTRY_ACCEPTED_HINT \
	"A country is an ISO 3166-1 alpha-2 code (\"KZ\"), alpha-3 code (\"KAZ\") or numeric code (\"398\"), in any case, or one of XK (Kosovo), EU (European Union) and ZZ (unknown)."

/* longest name key kept in the look-up table, bytes */
#define NAME_KEY_LEN	256

/* The name look-up table: normalised name -> country. */
typedef struct NameEntry
{
	char		key[NAME_KEY_LEN];
	cc_name_entry claim;		/* the country (or two) the key stands for */
} NameEntry;

static HTAB *name_table = NULL;

/* a text value as a message to this client may quote it */
static char *
quote_text(text *t)
{
	return ts_quote_for_client(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

static const char *
status_detail(cc_status status)
{
	switch (status)
	{
		case CC_ERR_EMPTY:
			return "The value is empty.";
		case CC_ERR_SYNTAX:
			return "A country code has 2 or 3 letters or 1 to 3 digits.";
		case CC_ERR_UNKNOWN:
			return "No country has this code.";
		default:
			return "The value is not a country code.";
	}
}

/*
 * Parse str (len bytes) into a country code, or report why it is not one
 * through escontext (an ERROR on servers without soft errors).  Shared by
 * text input, binary input and casts.
 */
uint16
country_parse_or_report(const char *str, size_t len, Node *escontext)
{
	uint16_t	code = 0;
	cc_status	status = cc_parse_country(str, len, &code);

	if (status == CC_OK)
		return code;
	ereturn(escontext, 0,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type country: \"%s\"", ts_quote_for_client(str, len)),
			 errdetail("%s", status_detail(status)),
			 errhint(COUNTRY_ACCEPTED_HINT)));
}

/*
 * country_in(cstring) returns country
 */
PG_FUNCTION_INFO_V1(country_in);
Datum
country_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);

	PG_RETURN_COUNTRY(country_parse_or_report(str, strlen(str), TS_ESCONTEXT(fcinfo)));
}

/*
 * country_out(country) returns cstring: the alpha-2 code.
 */
PG_FUNCTION_INFO_V1(country_out);
Datum
country_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(3);

	cc_format_country(PG_GETARG_COUNTRY(0), buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * country_recv(internal) returns country: the binary form is the code as
 * text, read exactly as text input is.
 */
PG_FUNCTION_INFO_V1(country_recv);
Datum
country_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	PG_RETURN_COUNTRY(country_parse_or_report(str, nbytes, NULL));
}

/*
 * country_send(country) returns bytea: the alpha-2 code as text.
 */
PG_FUNCTION_INFO_V1(country_send);
Datum
country_send(PG_FUNCTION_ARGS)
{
	char		code[3];
	StringInfoData buf;

	cc_format_country(PG_GETARG_COUNTRY(0), code);
	pq_begintypsend(&buf);
	pq_sendtext(&buf, code, 2);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparison: codes compare as integers, which is alphabetical order. */
#define COUNTRY_CMP_FUNCTION(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_COUNTRY(0) op PG_GETARG_COUNTRY(1)); \
}

/* country_eq(country, country) ... country_ge(country, country) return boolean */
COUNTRY_CMP_FUNCTION(country_eq, ==)
COUNTRY_CMP_FUNCTION(country_ne, !=)
COUNTRY_CMP_FUNCTION(country_lt, <)
COUNTRY_CMP_FUNCTION(country_le, <=)
COUNTRY_CMP_FUNCTION(country_gt, >)
COUNTRY_CMP_FUNCTION(country_ge, >=)

/*
 * country_cmp(country, country) returns integer: btree support function 1.
 */
PG_FUNCTION_INFO_V1(country_cmp);
Datum
country_cmp(PG_FUNCTION_ARGS)
{
	int			a = PG_GETARG_COUNTRY(0);
	int			b = PG_GETARG_COUNTRY(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/*
 * country_sortsupport(internal) returns void: btree support function 2;
 * codes are small non-negative datums, compared as signed integers.
 */
PG_FUNCTION_INFO_V1(country_sortsupport);
Datum
country_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/*
 * country_hash(country) returns integer: hash support function 1.
 */
PG_FUNCTION_INFO_V1(country_hash);
Datum
country_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_COUNTRY(0));
}

/*
 * country_hash_extended(country, bigint) returns bigint: hash support
 * function 2.
 */
PG_FUNCTION_INFO_V1(country_hash_extended);
Datum
country_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_COUNTRY(0), PG_GETARG_INT64(1));
}

/*
 * country_alpha3(country) returns text: the ISO alpha-3 code; NULL for EU.
 */
PG_FUNCTION_INFO_V1(country_alpha3);
Datum
country_alpha3(PG_FUNCTION_ARGS)
{
	const cc_country *c = cc_lookup(PG_GETARG_COUNTRY(0));

	if (c == NULL || c->alpha3 == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(c->alpha3));
}

/*
 * country_numeric(country) returns text: the 3-digit ISO numeric code with
 * its leading zeros; NULL for XK, EU and ZZ.
 */
PG_FUNCTION_INFO_V1(country_numeric);
Datum
country_numeric(PG_FUNCTION_ARGS)
{
	const cc_country *c = cc_lookup(PG_GETARG_COUNTRY(0));

	if (c == NULL || c->numeric < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%03d", c->numeric)));
}

/*
 * country_name(country, lang text DEFAULT 'en') returns text: the name in
 * a language of the compiled table; NULL when the table has none.
 */
PG_FUNCTION_INFO_V1(country_name);
Datum
country_name(PG_FUNCTION_ARGS)
{
	const cc_country *c = cc_lookup(PG_GETARG_COUNTRY(0));
	char	   *lang = text_to_cstring(PG_GETARG_TEXT_PP(1));
	cc_lang		l = cc_lang_from_name(lang);
	const char *name;

	if ((int) l < 0)
	{
		StringInfoData langs;

		initStringInfo(&langs);
		for (int i = 0; i < CC_NLANG; i++)
			appendStringInfo(&langs, "%s%s", i > 0 ? ", " : "", cc_lang_names[i]);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown language for country names: \"%s\"", ts_quote_for_client(lang, strlen(lang))),
				 errhint("Names exist in %s.", langs.data)));
	}
	if (c == NULL || (name = c->names[l]) == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(pg_any_to_server(name, strlen(name), PG_UTF8)));
}

/*
 * Add one compiled name to the look-up table.  When two countries claim
 * the same key, the name from the better-ranked column wins; equal ranks
 * make the key ambiguous (cc_name_claim, independent of the order).
 */
static void
add_name(HTAB *table, const char *name, uint16 code, int rank)
{
	char	   *key = ts_normalize_name_utf8(name, strlen(name));
	NameEntry  *e;
	bool		found;

	if (key[0] == '\0' || strlen(key) >= NAME_KEY_LEN)
		return;
	e = hash_search(table, key, HASH_ENTER, &found);
	cc_name_claim(&e->claim, !found, code, rank);
	pfree(key);
}

/*
 * The name look-up table of this backend, built on first use from every
 * name of the compiled table and the variants (about 3,000 ICU
 * transliterations, once).
 */
static HTAB *
get_name_table(void)
{
	HTAB	   *table;
	HASHCTL		ctl;
	MemoryContext tmp,
				old;

	if (name_table != NULL)
		return name_table;
	ctl.keysize = NAME_KEY_LEN;
	ctl.entrysize = sizeof(NameEntry);
	table = hash_create("trade_screen country names", 4096, &ctl,
						HASH_ELEM | HASH_STRINGS);
	tmp = AllocSetContextCreate(CurrentMemoryContext, "country name keys",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(tmp);
	PG_TRY();
	{
		for (int i = 0; i < cc_ncountries; i++)
			for (int l = 0; l < CC_NLANG; l++)
				if (cc_countries[i].names[l] != NULL)
					add_name(table, cc_countries[i].names[l], cc_countries[i].code,
							 l == CC_LANG_EN_COMMON ? CC_LANG_EN_OFFICIAL : l);
		/* variants rank with the English official names */
		for (int v = 0; v < cc_nvariants; v++)
			add_name(table, cc_variants[v].name, cc_variants[v].code,
					 CC_LANG_EN_OFFICIAL);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(old);
		hash_destroy(table);
		PG_RE_THROW();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(old);
	MemoryContextDelete(tmp);
	name_table = table;
	return name_table;
}

/* What name look-up found. */
typedef enum NameResult
{
	NAME_FOUND,
	NAME_UNKNOWN,
	NAME_AMBIGUOUS
} NameResult;

/*
 * Resolve a name (server encoding): a country code as country input reads
 * it, else a compiled name or variant by its normalised key.
 */
static NameResult
resolve_name(const char *str, size_t len, uint16 *code, uint16 *other)
{
	uint16_t	c;
	char	   *key;
	NameEntry  *e;

	if (cc_parse_country(str, len, &c) == CC_OK)
	{
		*code = c;
		return NAME_FOUND;
	}
	key = ts_normalize_name(str, len);
	if (key[0] == '\0' || strlen(key) >= NAME_KEY_LEN)
		return NAME_UNKNOWN;
	e = hash_search(get_name_table(), key, HASH_FIND, NULL);
	pfree(key);
	if (e == NULL)
		return NAME_UNKNOWN;
	*code = e->claim.code;
	*other = e->claim.other;
	return e->claim.other != 0 ? NAME_AMBIGUOUS : NAME_FOUND;
}

/*
 * country_from_name(text) returns country: the country a code or a name in
 * any language of the table stands for; raises an error when none or
 * several do.
 */
PG_FUNCTION_INFO_V1(country_from_name);
Datum
country_from_name(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	uint16		code = 0,
				other = 0;

	switch (resolve_name(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &code, &other))
	{
		case NAME_FOUND:
			PG_RETURN_COUNTRY(code);
		case NAME_AMBIGUOUS:
			{
				char		a[3],
							b[3];

				cc_format_country(code, a);
				cc_format_country(other, b);
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("ambiguous country name: \"%s\"", quote_text(t)),
						 errdetail("The name stands for both %s and %s.", a, b),
						 errhint("Give the ISO code instead.")));
			}
			break;
		case NAME_UNKNOWN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown country name: \"%s\"", quote_text(t)),
					 errdetail("No ISO 3166-1 code or country name in the compiled table has the normalised form \"%s\".",
							   quote_text(DatumGetTextPP(DirectFunctionCall1(normalize_name, PointerGetDatum(t))))),
					 errhint("Names are compared in English, Russian, Kazakh, Kyrgyz, Uzbek, Ukrainian, Turkish, Armenian and Georgian, ignoring case, diacritics, script, punctuation and word order.")));
	}
	PG_RETURN_NULL();
}

/*
 * country_from_name_or_null(text) returns country: as country_from_name,
 * but NULL where that raises an error, for dirty data.
 */
PG_FUNCTION_INFO_V1(country_from_name_or_null);
Datum
country_from_name_or_null(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	uint16		code = 0,
				other = 0;

	if (resolve_name(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &code, &other) == NAME_FOUND)
		PG_RETURN_COUNTRY(code);
	PG_RETURN_NULL();
}

/*
 * country_borders(country, country) returns boolean: whether the two share
 * a land border.
 */
PG_FUNCTION_INFO_V1(country_borders);
Datum
country_borders(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cc_borders_touch(PG_GETARG_COUNTRY(0), PG_GETARG_COUNTRY(1)));
}

/*
 * Build a country[] from codes; the array type comes from the function's
 * declared result.
 */
Datum
country_array_datum(const uint16 *codes, int n, FunctionCallInfo fcinfo)
{
	Oid			elemtype = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	Datum	   *elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));

	if (!OidIsValid(elemtype))
		elog(ERROR, "could not determine the country array type");
	for (int i = 0; i < n; i++)
		elems[i] = CountryGetDatum(codes[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, elemtype, sizeof(int16), true,
										  TYPALIGN_SHORT));
}

/*
 * country_neighbours(country) returns country[]: the countries it shares a
 * land border with, in code order.
 */
PG_FUNCTION_INFO_V1(country_neighbours);
Datum
country_neighbours(PG_FUNCTION_ARGS)
{
	uint16_t   *codes = palloc(sizeof(uint16_t) * cc_ncountries);
	int			n = cc_neighbours(PG_GETARG_COUNTRY(0), codes);

	return country_array_datum(codes, n, fcinfo);
}

/*
 * country_distance_km(country, country) returns double precision: the
 * great-circle distance between the two centroids; NULL when a centroid is
 * missing from the data.
 */
PG_FUNCTION_INFO_V1(country_distance_km);
Datum
country_distance_km(PG_FUNCTION_ARGS)
{
	double		d = cc_distance_km(PG_GETARG_COUNTRY(0), PG_GETARG_COUNTRY(1));

	if (isnan(d))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d);
}

/*
 * Whether a text is a code of the country: the text read as country input
 * reads it; a text that is no country code is simply not equal.
 */
static bool
country_equals_text(uint16 c, text *t)
{
	uint16_t	code;

	return cc_parse_country(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &code) == CC_OK &&
		code == c;
}

/*
 * country_eq_text(country, text), text_eq_country(text, country),
 * country_ne_text(country, text), text_ne_country(text, country) return
 * boolean: country = text and its kin, so a country column compares with a
 * text column of codes ('KZ' = 'KAZ' is true).
 */
PG_FUNCTION_INFO_V1(country_eq_text);
Datum
country_eq_text(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(country_equals_text(PG_GETARG_COUNTRY(0), PG_GETARG_TEXT_PP(1)));
}

PG_FUNCTION_INFO_V1(text_eq_country);
Datum
text_eq_country(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(country_equals_text(PG_GETARG_COUNTRY(1), PG_GETARG_TEXT_PP(0)));
}

PG_FUNCTION_INFO_V1(country_ne_text);
Datum
country_ne_text(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!country_equals_text(PG_GETARG_COUNTRY(0), PG_GETARG_TEXT_PP(1)));
}

PG_FUNCTION_INFO_V1(text_ne_country);
Datum
text_ne_country(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!country_equals_text(PG_GETARG_COUNTRY(1), PG_GETARG_TEXT_PP(0)));
}

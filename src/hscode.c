/*
 * hscode.c
 *		The hscode type: input and output, comparison, hashing, the hierarchy
 *		operators and the functions analysts call on codes.
 *
 * An hscode is the 8-byte pass-by-value key described in hs_core.h, so
 * sorting, hashing, joins and GROUP BY run at integer speed.  All parsing
 * and arithmetic is in hs_core.c; this file wraps it for the server.
 */
#include "trade_screen.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/sortsupport.h"

#define HS_ACCEPTED_HINT \
	"An HS code has 2, 4 or 6 digits (chapter, heading, subheading) or 7 to 12 digits " \
	"(a national tariff line), optionally split by single \".\", \" \" or \"-\" " \
	"and optionally labelled \"HS\", as in \"8542.31\" or \"8542 31 000 0\"."

static Datum truncate_to_level(int64 key, int ndigits, FunctionCallInfo fcinfo);

/*
 * Parse str (len bytes, not necessarily NUL-terminated) into a key, or
 * report why it is not an HS code through escontext (an ERROR on servers
 * without soft errors).  Shared by text input, binary input and casts, so
 * every way in validates alike.
 */
int64
hscode_parse_or_report(const char *str, size_t len, Node *escontext)
{
	int64_t		key = 0;
	hs_parse_info info;
	hs_status	status = hs_parse_text(str, len, &key, &info);
	char	   *detail = NULL;

	switch (status)
	{
		case HS_OK:
			return key;
		case HS_ERR_EMPTY:
			detail = pstrdup("The value holds no digits.");
			break;
		case HS_ERR_CHARACTER:
			detail = psprintf("Unexpected character \"%s\" at position %d.",
							  ts_quote_for_client(str + info.position, pg_mblen(str + info.position)),
							  (int) info.position + 1);
			break;
		case HS_ERR_SEPARATOR:
			detail = psprintf("A separator at position %d does not stand between two digits.",
							  (int) info.position + 1);
			break;
		case HS_ERR_DIGIT_COUNT:
			detail = psprintf("The value has %d digit%s; no HS code has 1, 3 or 5.",
							  info.ndigits, info.ndigits == 1 ? "" : "s");
			break;
		case HS_ERR_TOO_LONG:
			detail = psprintf("The value has %d digits; an HS code has at most %d.",
							  info.ndigits, HS_MAX_DIGITS);
			break;
		case HS_ERR_CHAPTER:
			detail = info.chapter == 77 ?
				pstrdup("Chapter 77 is reserved in the Harmonized System and holds no goods.") :
				psprintf("Chapter %02d does not exist: chapters run from 01 to 97, and 98 and 99 are left to national use.",
						 info.chapter);
			break;
	}
	if (detail == NULL)
		elog(ERROR, "unexpected hs_parse_text status %d", (int) status);

	ereturn(escontext, 0,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type hscode: \"%s\"", ts_quote_for_client(str, len)),
			 errdetail_internal("%s", detail),
			 errhint(HS_ACCEPTED_HINT)));
}

/*
 * hscode_in(cstring) returns hscode
 */
PG_FUNCTION_INFO_V1(hscode_in);
Datum
hscode_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);

	PG_RETURN_HSCODE(hscode_parse_or_report(str, strlen(str),
											TS_ESCONTEXT(fcinfo)));
}

/*
 * hscode_out(hscode) returns cstring: the canonical digits, no separators.
 */
PG_FUNCTION_INFO_V1(hscode_out);
Datum
hscode_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(HS_MAX_DIGITS + 1);

	hs_key_digits(PG_GETARG_HSCODE(0), buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * hscode_recv(internal) returns hscode
 *
 * The binary form is the code as text (client encoding), so drivers need no
 * knowledge of the key layout; it goes through the same parser as text
 * input and is validated exactly alike.
 */
PG_FUNCTION_INFO_V1(hscode_recv);
Datum
hscode_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	PG_RETURN_HSCODE(hscode_parse_or_report(str, nbytes, NULL));
}

/*
 * hscode_send(hscode) returns bytea: the canonical digits as text.
 */
PG_FUNCTION_INFO_V1(hscode_send);
Datum
hscode_send(PG_FUNCTION_ARGS)
{
	char		digits[HS_MAX_DIGITS + 1];
	int			n = hs_key_digits(PG_GETARG_HSCODE(0), digits);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, digits, n);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparison: keys compare as integers, which is the hierarchical order. */
#define HSCODE_CMP_FUNCTION(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_HSCODE(0) op PG_GETARG_HSCODE(1)); \
}

/* hscode_eq(hscode, hscode) ... hscode_ge(hscode, hscode) return boolean */
HSCODE_CMP_FUNCTION(hscode_eq, ==)
HSCODE_CMP_FUNCTION(hscode_ne, !=)
HSCODE_CMP_FUNCTION(hscode_lt, <)
HSCODE_CMP_FUNCTION(hscode_le, <=)
HSCODE_CMP_FUNCTION(hscode_gt, >)
HSCODE_CMP_FUNCTION(hscode_ge, >=)

/*
 * hscode_cmp(hscode, hscode) returns integer: btree support function 1.
 */
PG_FUNCTION_INFO_V1(hscode_cmp);
Datum
hscode_cmp(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_HSCODE(0);
	int64		b = PG_GETARG_HSCODE(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/*
 * hscode_sortsupport(internal) returns void: btree support function 2.
 * Keys are non-negative int64 datums, so the server's signed-datum
 * comparator (and its radix-friendly sort) applies as is.
 */
PG_FUNCTION_INFO_V1(hscode_sortsupport);
Datum
hscode_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/*
 * hscode_hash(hscode) returns integer: hash support function 1.
 */
PG_FUNCTION_INFO_V1(hscode_hash);
Datum
hscode_hash(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);

	return hash_any((unsigned char *) &key, sizeof(key));
}

/*
 * hscode_hash_extended(hscode, bigint) returns bigint: hash support
 * function 2, which hash partitioning needs.
 */
PG_FUNCTION_INFO_V1(hscode_hash_extended);
Datum
hscode_hash_extended(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);

	return hash_any_extended((unsigned char *) &key, sizeof(key),
							 PG_GETARG_INT64(1));
}

/*
 * hscode_contained(hscode, hscode) returns boolean: a <@ b, a is b or one
 * of its descendants.
 */
PG_FUNCTION_INFO_V1(hscode_contained);
Datum
hscode_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hs_key_contains(PG_GETARG_HSCODE(1), PG_GETARG_HSCODE(0)));
}

/*
 * hscode_contains(hscode, hscode) returns boolean: a @> b, a is b or one of
 * its ancestors.
 */
PG_FUNCTION_INFO_V1(hscode_contains);
Datum
hscode_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hs_key_contains(PG_GETARG_HSCODE(0), PG_GETARG_HSCODE(1)));
}

/*
 * Validate a digit count given to hs_truncate.
 */
static void
check_truncate_length(int ndigits)
{
	if (!hs_ndigits_is_valid(ndigits))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot truncate an hscode to %d digits", ndigits),
				 errhint("Codes have 2, 4, 6 or 7 to %d digits.", HS_MAX_DIGITS)));
}

/*
 * hs_truncate(hscode, integer) returns hscode: the code cut to n digits;
 * NULL when the code has fewer than n.
 */
PG_FUNCTION_INFO_V1(hs_truncate);
Datum
hs_truncate(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);
	int32		n = PG_GETARG_INT32(1);

	check_truncate_length(n);
	return truncate_to_level(key, n, fcinfo);
}

/*
 * The code cut to a standard level, or NULL when it is shorter.
 */
static Datum
truncate_to_level(int64 key, int ndigits, FunctionCallInfo fcinfo)
{
	if (hs_key_ndigits(key) < ndigits)
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(hs_key_truncate(key, ndigits));
}

/*
 * hs_chapter(hscode) returns hscode: the first 2 digits.
 */
PG_FUNCTION_INFO_V1(hs_chapter);
Datum
hs_chapter(PG_FUNCTION_ARGS)
{
	return truncate_to_level(PG_GETARG_HSCODE(0), 2, fcinfo);
}

/*
 * hs_heading(hscode) returns hscode: the first 4 digits; NULL for a chapter.
 */
PG_FUNCTION_INFO_V1(hs_heading);
Datum
hs_heading(PG_FUNCTION_ARGS)
{
	return truncate_to_level(PG_GETARG_HSCODE(0), 4, fcinfo);
}

/*
 * hs_subheading(hscode) returns hscode: the first 6 digits; NULL for a
 * chapter or heading.
 */
PG_FUNCTION_INFO_V1(hs_subheading);
Datum
hs_subheading(PG_FUNCTION_ARGS)
{
	return truncate_to_level(PG_GETARG_HSCODE(0), 6, fcinfo);
}

/*
 * hs_ndigits(hscode) returns integer
 */
PG_FUNCTION_INFO_V1(hs_ndigits);
Datum
hs_ndigits(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(hs_key_ndigits(PG_GETARG_HSCODE(0)));
}

/*
 * hs_level(hscode) returns text: chapter, heading, subheading or national.
 */
PG_FUNCTION_INFO_V1(hs_level);
Datum
hs_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(hs_level_name(hs_key_ndigits(PG_GETARG_HSCODE(0)))));
}

/*
 * hs_parent(hscode) returns hscode: the longest proper prefix that is a
 * valid code; NULL for a chapter.
 */
PG_FUNCTION_INFO_V1(hs_parent);
Datum
hs_parent(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);
	int			parent = hs_parent_ndigits(hs_key_ndigits(key));

	if (parent == 0)
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(hs_key_truncate(key, parent));
}

/*
 * hs_ancestors(hscode, include_self boolean) returns hscode[]: every proper
 * prefix that is a valid code, shortest first, and the code itself last if
 * asked.  r.prefix = ANY(hs_ancestors(d.hs, true)) is the equality form of
 * d.hs <@ r.prefix, for hash joins.
 */
PG_FUNCTION_INFO_V1(hs_ancestors);
Datum
hs_ancestors(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);
	bool		include_self = PG_GETARG_BOOL(1);
	Oid			elemtype = get_fn_expr_argtype(fcinfo->flinfo, 0);
	Datum		elems[HS_MAX_DIGITS];
	int			nelems = 0;
	int			n;
	int			ndigits = hs_key_ndigits(key);

	if (!OidIsValid(elemtype))
		elog(ERROR, "could not determine the type of the argument of hs_ancestors");
	for (n = HS_MIN_DIGITS; n < ndigits; n++)
	{
		if (hs_ndigits_is_valid(n))
			elems[nelems++] = HscodeGetDatum(hs_key_truncate(key, n));
	}
	if (include_self)
		elems[nelems++] = HscodeGetDatum(key);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nelems, elemtype,
										  sizeof(int64), true, TYPALIGN_DOUBLE));
}

/*
 * hs_section(hscode) returns text: the HS section (I to XXI) of the
 * code's chapter; NULL for the national chapters 98 and 99.
 */
PG_FUNCTION_INFO_V1(hs_section);
Datum
hs_section(PG_FUNCTION_ARGS)
{
	const char *section = hs_section_of_chapter(hs_key_chapter(PG_GETARG_HSCODE(0)));

	if (section == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(section));
}

/*
 * hs_parse(text) returns hscode: the code, or NULL where the text is not
 * one.  For cleaning messy columns without an error aborting the query.
 */
PG_FUNCTION_INFO_V1(hs_parse);
Datum
hs_parse(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int64_t		key;

	if (hs_parse_text(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &key, NULL) != HS_OK)
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(key);
}

/*
 * hs_is_valid(text) returns boolean: would hscode input accept the text?
 */
PG_FUNCTION_INFO_V1(hs_is_valid);
Datum
hs_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int64_t		key;

	PG_RETURN_BOOL(hs_parse_text(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &key, NULL) == HS_OK);
}

/*
 * hs_format(hscode, style text) returns text: the code as a tariff writes
 * it (plain, hs, hts, tnved, cn).
 */
PG_FUNCTION_INFO_V1(hs_format);
Datum
hs_format(PG_FUNCTION_ARGS)
{
	int64		key = PG_GETARG_HSCODE(0);
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	hs_style	style = hs_style_from_name(name);
	char		buf[HS_FORMAT_BUFSIZE];
	int			len;

	if (style == HS_STYLE_INVALID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown hscode format style: \"%s\"", name),
				 errhint("Known styles are %s.", hs_style_names())));
	len = hs_key_format(key, style, buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, len));
}

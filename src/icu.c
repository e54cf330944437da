/*
 * icu.c
 *		The extension's one home for ICU: the library version in use, the
 *		per-backend cache of ICU transliterators, and the normalisation of
 *		names (countries now, counterparties later) into look-up keys.
 *
 * Opening an ICU transliterator parses its rules and costs milliseconds,
 * so each one is opened once per backend, on first use, and kept in a
 * dynahash keyed by its ICU id for the life of the backend.  Nothing else
 * in the extension calls ICU directly.
 *
 * A normalised name is what ts_normalize_name returns: the name converted
 * to UTF-8, put through NAME_TRANSFORM (compatibility normalisation, lower
 * case, Cyrillic and every other script into Latin, diacritics stripped),
 * then reduced by cc_canonical_words to its sorted words.  It depends on
 * the ICU version: see trade_screen_icu_version.
 */
#include "trade_screen.h"

#include "country_core.h"
#include "name_core.h"
#include "name_translit.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include <ctype.h>
#include <unicode/uclean.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

/*
 * The ICU transform behind name keys.  Russian, then Kazakh BGN/PCGN
 * romanisation first so that Cyrillic reads the way English texts spell it
 * (Казахстан gives "kazakhstan", Россия "rossiya"); Any-Latin covers every
 * other script; Latin-ASCII strips diacritics (Türkiye gives "turkiye").
 */
#define NAME_TRANSFORM \
	"NFKC; Any-Lower; Russian-Latin/BGN; Kazakh-Latin/BGN; Any-Latin; Latin-ASCII; Any-Lower"

/* PARTY_TRANSFORM, behind counterparty names, is in name_translit.h */

#define TRANSLITERATOR_ID_LEN	256

/* the most UTF-8 one call of ICU transliterates (party_transform_pieces) */
#define PARTY_PIECE_BYTES		512

typedef struct TransliteratorEntry
{
	char		id[TRANSLITERATOR_ID_LEN];	/* hash key: the ICU id */
	UTransliterator *trans;
} TransliteratorEntry;

static HTAB *transliterators = NULL;

static UTransliterator *ts_icu_transliterator(const char *id);

/*
 * The transliterator for an ICU transform id, opened on first use in this
 * backend and cached until it exits.
 */
static UTransliterator *
ts_icu_transliterator(const char *id)
{
	TransliteratorEntry *entry;
	bool		found;

	if (strlen(id) >= TRANSLITERATOR_ID_LEN)
		elog(ERROR, "ICU transform id too long: \"%s\"", id);
	if (transliterators == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = TRANSLITERATOR_ID_LEN;
		ctl.entrysize = sizeof(TransliteratorEntry);
		transliterators = hash_create("trade_screen ICU transliterators", 8, &ctl,
									  HASH_ELEM | HASH_STRINGS);
	}
	entry = hash_search(transliterators, id, HASH_FIND, &found);
	if (found)
		return entry->trans;
	{
		UChar		uid[TRANSLITERATOR_ID_LEN];
		UErrorCode	status = U_ZERO_ERROR;
		UParseError perr;
		UTransliterator *trans;

		u_uastrcpy(uid, id);
		trans = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, &perr, &status);
		if (U_FAILURE(status) || trans == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("could not open ICU transliterator \"%s\": %s",
							id, u_errorName(status))));
		entry = hash_search(transliterators, id, HASH_ENTER, &found);
		entry->trans = trans;
		return trans;
	}
}

/*
 * Run UTF-8 text through the transform id; returns palloc'd UTF-8 and its
 * length in *outlen.
 */
char *
ts_icu_transform(const char *id, const char *utf8, size_t len, size_t *outlen)
{
	UTransliterator *trans = ts_icu_transliterator(id);
	UErrorCode	status = U_ZERO_ERROR;
	int32_t		ulen;
	int32_t		capacity;
	UChar	   *ubuf;
	char	   *out;
	int32_t		olen;

	if (len > MaxAllocSize / 16)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name too long to normalise: %zu bytes", len)));
	u_strFromUTF8(NULL, 0, &ulen, utf8, (int32_t) len, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("could not convert a name to UTF-16 for ICU: %s",
						u_errorName(status))));
	capacity = ulen * 4 + 16;
	for (;;)
	{
		int32_t		textlen = ulen,
					limit = ulen;

		status = U_ZERO_ERROR;
		ubuf = palloc(sizeof(UChar) * capacity);
		u_strFromUTF8(ubuf, capacity, NULL, utf8, (int32_t) len, &status);
		if (U_FAILURE(status))
			elog(ERROR, "u_strFromUTF8 failed: %s", u_errorName(status));
		utrans_transUChars(trans, ubuf, &textlen, capacity, 0, &limit, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR && capacity < (int32_t) (MaxAllocSize / 64))
		{
			pfree(ubuf);
			capacity *= 4;
			continue;
		}
		if (U_FAILURE(status))
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("ICU transliteration \"%s\" failed: %s", id,
							u_errorName(status))));
		ulen = textlen;
		break;
	}
	status = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &olen, ubuf, ulen, &status);
	out = palloc(olen + 1);
	status = U_ZERO_ERROR;
	u_strToUTF8(out, olen + 1, NULL, ubuf, ulen, &status);
	if (U_FAILURE(status))
		elog(ERROR, "u_strToUTF8 failed: %s", u_errorName(status));
	pfree(ubuf);
	*outlen = olen;
	return out;
}

static char *icu_transform_pieces(const char *id, const char *utf8, size_t len, size_t *outlen,
								  int (*complete) (const char *text, size_t len));

/*
 * The look-up key of a name given in UTF-8: ICU's NAME_TRANSFORM, then the
 * sorted canonical words.  Returns palloc'd text, "" when the name has no
 * letters or digits.
 */
char *
ts_normalize_name_utf8(const char *utf8, size_t len)
{
	size_t		tlen;
	char	   *t = icu_transform_pieces(NAME_TRANSFORM, utf8, len, &tlen, NULL);
	char	   *key;
	void	   *work;

	/* palloc reports running out of memory; keep each request below its cap */
	if (tlen > (MaxAllocSize - 1) / 17)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name too long to normalise: %zu bytes after transliteration", tlen)));
	key = palloc(tlen * 5 + 1);
	work = palloc(cc_canonical_words_work_size(tlen));

	cc_canonical_words(t, tlen, key, tlen * 5 + 1, work);
	pfree(work);
	pfree(t);
	return key;
}

/*
 * As ts_normalize_name_utf8, for text in the server encoding.
 */
char *
ts_normalize_name(const char *str, size_t len)
{
	char	   *utf8 = pg_server_to_any(str, (int) len, PG_UTF8);

	return ts_normalize_name_utf8(utf8, utf8 == str ? len : strlen(utf8));
}

/*
 * normalize_name(text) returns text: the look-up key of a name, the form
 * in which country_from_name compares names.  Depends on the ICU version.
 */
PG_FUNCTION_INFO_V1(normalize_name);
Datum
normalize_name(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *key = ts_normalize_name(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	PG_RETURN_TEXT_P(cstring_to_text(pg_any_to_server(key, strlen(key), PG_UTF8)));
}

/*
 * UTF-8 text put through the ICU transform id a piece of at most
 * PARTY_PIECE_BYTES at a time, with a check for interrupts before each:
 * ICU cannot be interrupted, and some scripts cost it tens of microseconds
 * a character, so a long name is never one long call.  A piece ends after
 * the last ASCII separator it holds (a space, punctuation), where the
 * transform's rules see a word boundary either way, or, in a piece that is
 * one word, on a character boundary.  With complete given, it stops once
 * complete(text so far) says the rest cannot matter (counterparty names:
 * nc_text_complete; country names read the whole text).  Text of one piece
 * or less is one call, as before.  Returns palloc'd UTF-8, its length in
 * *outlen.
 */
static char *
icu_transform_pieces(const char *id, const char *utf8, size_t len, size_t *outlen,
					 int (*complete) (const char *text, size_t len))
{
	StringInfoData out;
	size_t		start = 0;

	if (len <= PARTY_PIECE_BYTES)
		return ts_icu_transform(id, utf8, len, outlen);
	initStringInfo(&out);
	while (start < len)
	{
		size_t		end = len,
					cut,
					plen;
		char	   *piece;

		CHECK_FOR_INTERRUPTS();
		if (len - start > PARTY_PIECE_BYTES)
		{
			end = start + PARTY_PIECE_BYTES;
			for (cut = end; cut > start; cut--)
			{
				unsigned char c = (unsigned char) utf8[cut - 1];

				if (c < 0x80 && !isalnum(c) && c != '\'' && c != '"' && c != '`')
					break;
			}
			if (cut > start)
				end = cut;
			else
				while (end > start && ((unsigned char) utf8[end] & 0xC0) == 0x80)
					end--;		/* not inside a UTF-8 sequence */
		}
		piece = ts_icu_transform(id, utf8 + start, end - start, &plen);
		appendBinaryStringInfo(&out, piece, (int) plen);
		pfree(piece);
		start = end;
		/* the rest cannot change the parse */
		if (complete != NULL && complete(out.data, out.len))
			break;
	}
	*outlen = out.len;
	return out.data;
}

/*
 * A counterparty name in the server encoding put through PARTY_TRANSFORM;
 * returns palloc'd UTF-8 (or str itself) and its length in *outlen.  Plain
 * ASCII skips ICU: the transform leaves it as it is but for case, which
 * name_core.c folds itself.
 */
char *
ts_party_transliterate(const char *str, size_t len, size_t *outlen)
{
	char	   *utf8;
	size_t		i;

	for (i = 0; i < len; i++)
		if ((unsigned char) str[i] >= 0x80)
			break;
	if (i == len)
	{
		*outlen = len;
		return (char *) str;
	}
	utf8 = pg_server_to_any(str, (int) len, PG_UTF8);
	return icu_transform_pieces(PARTY_TRANSFORM, utf8, utf8 == str ? len : strlen(utf8), outlen,
								nc_text_complete);
}

/*
 * UTF-8 text (the shipped legal forms and words) put through
 * PARTY_TRANSFORM; palloc'd UTF-8, length in *outlen.
 */
char *
ts_icu_transform_party_utf8(const char *utf8, size_t len, size_t *outlen)
{
	return ts_icu_transform(PARTY_TRANSFORM, utf8, len, outlen);
}

/*
 * trade_screen_icu_version() returns text: the version of the ICU library
 * this backend runs with.  Results of name normalisation depend on it, so
 * indexes on normalised names must be rebuilt after it changes.
 */
PG_FUNCTION_INFO_V1(trade_screen_icu_version);
Datum
trade_screen_icu_version(PG_FUNCTION_ARGS)
{
	UVersionInfo version;
	char		buf[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(version);
	u_versionToString(version, buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

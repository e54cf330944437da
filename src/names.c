/*
 * names.c
 *		The extension's one home for ICU: the library version in use, and
 *		(as country and counterparty names arrive) the per-backend cache of
 *		ICU objects that normalise and transliterate them.
 */
#include "trade_screen.h"

#include "utils/builtins.h"

#include <unicode/uversion.h>

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

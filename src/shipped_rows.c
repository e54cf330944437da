/*
 * shipped_rows.c
 *		Server side of the shipped reference rows: whether the statement
 *		running is this extension's own install or upgrade script.
 *
 * Reference tables hold rows the extension ships (shipped = true) and rows
 * users write.  The trigger shipped_rows_guard (install/15_shipped_rows.sql)
 * turns every user write into a user row and leaves the scripts' writes
 * alone; it asks trade_screen_in_script which of the two it sees.  The
 * answer comes from the server's own state during CREATE EXTENSION and
 * ALTER EXTENSION UPDATE, so no setting a user could change imitates it.
 */
#include "trade_screen.h"

#include "commands/extension.h"

#include <string.h>

/*
 * trade_screen_in_script() returns boolean: true while an install or
 * upgrade script of this extension runs, false otherwise (also while
 * another extension's script runs).
 */
PG_FUNCTION_INFO_V1(trade_screen_in_script);
Datum
trade_screen_in_script(PG_FUNCTION_ARGS)
{
	char	   *name;

	if (!creating_extension || !OidIsValid(CurrentExtensionObject))
		PG_RETURN_BOOL(false);
	name = get_extension_name(CurrentExtensionObject);
	PG_RETURN_BOOL(name != NULL && strcmp(name, "trade_screen") == 0);
}

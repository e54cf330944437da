/*
 * module.c
 *		The library's one _PG_init: each part that needs initialising when
 *		the library loads has a function here.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "trade_screen.h"

void		_PG_init(void);

/*
 * Library load: the settings and hooks of the parts, then reserve the
 * "trade_screen." prefix so that a misspelt setting is an error.
 */
void
_PG_init(void)
{
	party_module_init();
	hsset_module_init();
	MarkGUCPrefixReserved("trade_screen");
}

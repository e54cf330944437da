/*
 * module.c
 *		The library's magic block and its one _PG_init: each part that needs
 *		initialising when the library loads has a function called here, and
 *		no other file calls another's init function.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "trade_screen.h"
#include "hsset.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Library load: the settings and hooks of the parts, then reserve the
 * "trade_screen." prefix so that a misspelt setting is an error.
 */
void
_PG_init(void)
{
	name_module_init();
	name_dict_init();
	hsset_module_init();
	hsset_scan_init();
	sc_cache_init();
	sc_shared_init();
	MarkGUCPrefixReserved("trade_screen");
}

/*
 * name_dict.c
 *		The shipped legal forms and words of counterparty names as
 *		PARTY_TRANSFORM writes them, for the dictionary name.c builds once
 *		per backend (and parallel worker).
 *
 * make puts every entry of src/name_data.c through ICU once, at build time
 * (scripts/gen-name-translit.c writes src/name_translit.c), so the first
 * name a backend parses no longer transliterates about 600 entries (and,
 * for an ASCII name, never opens an ICU transliterator at all).  When the
 * ICU the server runs differs from the one that wrote the table, or the
 * table does not match src/name_data.c, each entry is put through ICU here
 * as before, so keys never depend on which way the dictionary was built.
 *
 * trade_screen.name_dict_check (superuser, off) makes the next dictionary
 * build of the backend transliterate every entry with the server's ICU and
 * compare it with the table: an error names the first entry that differs
 * (the regression test name_dict).
 */
#include "trade_screen.h"

#include "name_data.h"
#include "name_translit.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include <unicode/uversion.h>

static bool name_dict_check = false;

/*
 * Called from _PG_init (module.c): define trade_screen.name_dict_check.
 * When the library is preloaded, also open ICU's transliterators of names
 * here, in the postmaster: each costs ICU tens of millions of instructions
 * to build, once per process, and every backend and parallel worker then
 * inherits them built instead of building them on its first non-ASCII name.
 */
void
name_dict_init(void)
{
	if (process_shared_preload_libraries_in_progress)
	{
		size_t		len;

		pfree(ts_icu_transform_party_utf8("\xc3\xa4", 2, &len));
		pfree(ts_normalize_name_utf8("\xc3\xa4", 2));
	}

	DefineCustomBoolVariable("trade_screen.name_dict_check",
							 "Compares the build-time transliteration of the shipped legal forms and words with ICU's when a backend builds its name dictionary.",
							 "For tests: an error names the first entry that differs.",
							 &name_dict_check,
							 false,
							 PGC_SUSET, GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
}

/* whether the build-time table holds what this server's ICU would write */
static bool
table_usable(void)
{
	static int	usable = -1;

	if (usable < 0)
	{
		UVersionInfo version;
		char		buf[U_MAX_VERSION_STRING_LENGTH];

		u_getVersion(version);
		u_versionToString(version, buf);
		usable = nc_form_translit_count == nc_form_data_count &&
			nc_word_translit_count == nc_word_data_count &&
			strcmp(buf, nc_translit_icu_version) == 0;
	}
	return usable;
}

/* entry i of the forms (word false) or the words, as ICU writes it now */
static char *
translit_now(bool word, int i, size_t *len)
{
	const char *s = word ? nc_word_data[i].word : nc_form_data[i].form;

	return ts_icu_transform_party_utf8(s, strlen(s), len);
}

/*
 * Entry i of the shipped legal forms (word false) or words put through
 * PARTY_TRANSFORM: from the build-time table when it is usable, else from
 * ICU.  The result may be the table's own constant: never change or free it.
 */
const char *
name_dict_translit(bool word, int i, size_t *len)
{
	const NcTranslit *t;

	if (!table_usable())
		return translit_now(word, i, len);
	t = word ? &nc_word_translit[i] : &nc_form_translit[i];
	if (name_dict_check)
	{
		size_t		nlen;
		char	   *now = translit_now(word, i, &nlen);

		if (nlen != (size_t) t->len || memcmp(now, t->text, nlen) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("build-time transliteration of %s \"%s\" is \"%.*s\", ICU %s writes \"%s\"",
							word ? "word" : "legal form",
							word ? nc_word_data[i].word : nc_form_data[i].form,
							t->len, t->text, nc_translit_icu_version, now),
					 errdetail("src/name_translit.c was made by scripts/gen-name-translit.c and must hold what the server's transform writes."),
					 errhint("Rebuild the extension (make clean; make) with the ICU the server runs.")));
		pfree(now);
	}
	*len = (size_t) t->len;
	return t->text;
}

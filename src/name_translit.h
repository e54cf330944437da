/*
 * name_translit.h
 *		The ICU transform behind counterparty names, and the shipped legal
 *		forms and words already put through it at build time
 *		(src/name_translit.c, made by make with scripts/gen-name-translit.c
 *		and the ICU the module links: see name_dict.c).
 *
 * Server-free: the generator includes it too, so both use one transform.
 */
#ifndef NAME_TRANSLIT_H
#define NAME_TRANSLIT_H

/*
 * The ICU transform behind counterparty names: the BGN/PCGN romanisation
 * of each Cyrillic language the project meets (Russian first, then the
 * letters only Kazakh, Kyrgyz, Uzbek or Ukrainian have), Armenian and
 * Georgian BGN/PCGN, Any-Latin for every other script, then ASCII.
 */
#define PARTY_TRANSFORM \
	"NFKC; Any-Lower; Russian-Latin/BGN; Kazakh-Latin/BGN; Kirghiz-Latin/BGN; " \
	"Uzbek-Latin/BGN; Ukrainian-Latin/BGN; Armenian-Latin/BGN; Georgian-Latin/BGN; " \
	"Any-Latin; Latin-ASCII; Any-Lower"

/* one entry of src/name_data.c as PARTY_TRANSFORM writes it */
typedef struct NcTranslit
{
	const char *text;			/* UTF-8 */
	int			len;			/* bytes */
} NcTranslit;

/* in the order of nc_form_data and nc_word_data */
extern const NcTranslit nc_form_translit[];
extern const int nc_form_translit_count;
extern const NcTranslit nc_word_translit[];
extern const int nc_word_translit_count;

/* the ICU version (u_versionToString) that wrote them */
extern const char nc_translit_icu_version[];

#endif							/* NAME_TRANSLIT_H */

/*
 * name_data.h
 *		The lookup tables of counterparty names as shipped (src/name_data.c,
 *		generated from data/legal_forms.csv and data/name_words.csv).
 */
#ifndef NAME_DATA_H
#define NAME_DATA_H

typedef struct NcFormData
{
	const char *form;			/* as written, in any script */
	const char *cls;			/* canonical class token, e.g. "LLC" */
} NcFormData;

typedef struct NcWordData
{
	const char *word;			/* as written, in any script */
	const char *kind;			/* "generic", "place", "stop" or "number" */
	const char *canon;			/* the English word or number it stands
								 * for ("trading", "3"), or "" */
} NcWordData;

extern const NcFormData nc_form_data[];
extern const int nc_form_data_count;
extern const NcWordData nc_word_data[];
extern const int nc_word_data_count;

#endif							/* NAME_DATA_H */

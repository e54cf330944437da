/*
 * hs_core.h
 *		Harmonized System codes as 64-bit keys: parsing, formatting and the
 *		hierarchy, in plain C that does not include postgres.h.
 *
 * This is the logic behind the hscode type.  It is kept free of the server
 * so that test/unit can exercise it on millions of generated inputs.
 *
 * Key layout.  A code of n digits d1..dn (2 <= n <= 12) is stored as
 *
 *		key = (d1..dn followed by 12 - n zeros, read as a number) * 16 + n
 *
 * so integer order on keys is the hierarchical order: a code sorts right
 * before all of its descendants ("85" < "8500" < "8501" < "850110" <
 * "8502"), and the subtree of a code is the contiguous key range
 * [hs_key_subtree_min, hs_key_subtree_max].  Keys fit in 44 bits.
 */
#ifndef HS_CORE_H
#define HS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HS_MIN_DIGITS		2
#define HS_MAX_DIGITS		12
/* room for HS_MAX_DIGITS digits, 5 separators and a terminating NUL */
#define HS_FORMAT_BUFSIZE	32

/* Why a string is not an HS code; HS_OK when it is one. */
typedef enum hs_status
{
	HS_OK = 0,
	HS_ERR_EMPTY,				/* nothing but white space (or a bare label) */
	HS_ERR_CHARACTER,			/* a character that is no digit or separator */
	HS_ERR_SEPARATOR,			/* separator at either end, or two in a row */
	HS_ERR_DIGIT_COUNT,			/* 1, 3 or 5 digits */
	HS_ERR_TOO_LONG,			/* more than HS_MAX_DIGITS digits */
	HS_ERR_CHAPTER				/* chapter 00 or reserved chapter 77 */
} hs_status;

/* Where parsing stopped, for the error message. */
typedef struct hs_parse_info
{
	int			ndigits;		/* digits seen (all of them, even past 12) */
	size_t		position;		/* 0-based byte offset of the offending byte */
	int			chapter;		/* first two digits, when there were two */
} hs_parse_info;

/* Text forms hs_key_format can produce. */
typedef enum hs_style
{
	HS_STYLE_PLAIN,				/* 8542310000 */
	HS_STYLE_HS,				/* 8542.31.00.00: dots after 4, 6, 8, 10 */
	HS_STYLE_HTS,				/* 8542.31.0000: US HTS, 4.2.rest */
	HS_STYLE_TNVED,				/* 8542 31 000 0: EAEU TN VED, 4 2 3 1 2 */
	HS_STYLE_CN,				/* 8542 31 00 00: EU CN and TARIC, 4 2 2 2 2 */
	HS_STYLE_INVALID = -1
} hs_style;

extern hs_status hs_parse_text(const char *str, size_t len, int64_t *key,
							   hs_parse_info *info);
extern bool hs_key_is_valid(int64_t key);
extern bool hs_ndigits_is_valid(int ndigits);
extern bool hs_chapter_is_valid(int chapter);

extern int	hs_key_ndigits(int64_t key);
extern int	hs_key_digits(int64_t key, char *buf);
extern int	hs_key_chapter(int64_t key);
extern int64_t hs_key_truncate(int64_t key, int ndigits);
extern int	hs_parent_ndigits(int ndigits);
extern int64_t hs_key_subtree_min(int64_t key);
extern int64_t hs_key_subtree_max(int64_t key);
extern bool hs_key_contains(int64_t ancestor, int64_t key);
extern int64_t hs_key_floor_code(int64_t v);
extern int64_t hs_key_ceil_code(int64_t v);
extern int64_t hs_key_subtree_last(int64_t key);
extern int64_t hs_key_at_or_below(int64_t v);
extern double hs_key_position(int64_t key);

extern hs_style hs_style_from_name(const char *name);
extern const char *hs_style_names(void);
extern int	hs_key_format(int64_t key, hs_style style, char *buf);

extern const char *hs_level_name(int ndigits);
extern const char *hs_section_of_chapter(int chapter);
extern int	hs_level_population(int ndigits);

#endif							/* HS_CORE_H */

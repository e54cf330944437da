/*
 * country_core.h
 *		ISO 3166-1 countries and routes between them, in plain C that does
 *		not include postgres.h: code look-up (country_core.c), route parsing
 *		and formatting (route_core.c), land borders and great-circle
 *		distances (geo_core.c), and the word canonicalisation behind name
 *		look-up (country_names_core.c).
 *
 * A country is a 16-bit code holding its two alpha-2 letters, first letter
 * in the high byte (CC_CODE('K', 'Z')), so integer order is alphabetical
 * order and the stored value never depends on the position of a country in
 * the compiled table.  A route is an array of such codes, origin first.
 *
 * The table itself (src/country_data.c) is generated from data/ by
 * scripts/gen-country-data.sh.
 */
#ifndef COUNTRY_CORE_H
#define COUNTRY_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CC_CODE(a, b)	((uint16_t) (((unsigned char) (a) << 8) | (unsigned char) (b)))
#define CC_CODE_FIRST(c) ((char) ((c) >> 8))
#define CC_CODE_SECOND(c) ((char) ((c) & 0xFF))

/* most countries a route may hold (so at most CC_ROUTE_MAX - 1 legs) */
#define CC_ROUTE_MAX	32
/* buffer for a formatted route: 2 letters and a separator per country */
#define CC_ROUTE_BUFSIZE	(CC_ROUTE_MAX * 3 + 1)

/*
 * The name columns of the compiled table, in the order look-up prefers
 * them when two countries claim the same normalised name.
 */
typedef enum cc_lang
{
	CC_LANG_EN = 0,				/* ISO short name (English) */
	CC_LANG_EN_OFFICIAL,		/* ISO official name (English) */
	CC_LANG_EN_COMMON,			/* ISO common name (English) */
	CC_LANG_RU,
	CC_LANG_RU_OFFICIAL,
	CC_LANG_KK,
	CC_LANG_KK_OFFICIAL,
	CC_LANG_KY,
	CC_LANG_UZ,
	CC_LANG_UK,
	CC_LANG_TR,
	CC_LANG_HY,
	CC_LANG_KA,
	CC_NLANG
} cc_lang;

typedef struct cc_country
{
	uint16_t	code;			/* CC_CODE of alpha2 */
	const char *alpha2;
	const char *alpha3;			/* NULL when there is none (EU) */
	int			numeric;		/* -1 when there is none */
	bool		has_centroid;
	double		lat;			/* centroid, degrees */
	double		lon;
	const char *names[CC_NLANG];	/* NULL where the source has none */
} cc_country;

typedef struct cc_border
{
	uint16_t	a;
	uint16_t	b;
} cc_border;

typedef struct cc_variant
{
	uint16_t	code;
	const char *name;
} cc_variant;

/* country_data.c (generated) */
extern const cc_country cc_countries[];	/* sorted by code */
extern const int cc_ncountries;
extern const short cc_by_alpha3[];
extern const int cc_nalpha3;
extern const short cc_by_numeric[];
extern const int cc_nnumeric;
extern const cc_border cc_borders[];	/* both directions, sorted */
extern const int cc_nborders;
extern const cc_variant cc_variants[];
extern const int cc_nvariants;

/* Why a string is not a country; CC_OK when it is one. */
typedef enum cc_status
{
	CC_OK = 0,
	CC_ERR_EMPTY,				/* nothing but white space */
	CC_ERR_SYNTAX,				/* not 2 or 3 letters, nor 1 to 3 digits */
	CC_ERR_UNKNOWN,				/* well-formed, but no such country */
	CC_ERR_SEPARATOR,			/* route: separator without a country on a side */
	CC_ERR_CHARACTER,			/* route: a character that is neither */
	CC_ERR_TOO_LONG				/* route: more than CC_ROUTE_MAX countries */
} cc_status;

/* Where route parsing stopped, for the error message. */
typedef struct cc_parse_info
{
	size_t		position;		/* 0-based byte offset of the offending part */
	size_t		length;			/* its length in bytes */
	int			ncountries;		/* countries read so far */
	cc_status	element_status; /* for CC_ERR_UNKNOWN/SYNTAX inside a route */
} cc_parse_info;

extern const char *const cc_lang_names[CC_NLANG];
extern cc_lang cc_lang_from_name(const char *name);

extern int	cc_index_of(uint16_t code);
extern const cc_country *cc_lookup(uint16_t code);
extern cc_status cc_parse_country(const char *str, size_t len, uint16_t *code);
extern cc_status cc_parse_element(const char *s, size_t len, uint16_t *code);
extern int	cc_format_country(uint16_t code, char *buf);

extern cc_status cc_parse_route(const char *str, size_t len, uint16_t *codes,
								int *ncodes, cc_parse_info *info);
extern int	cc_format_route(const uint16_t *codes, int n, char *buf);

extern bool cc_borders_touch(uint16_t a, uint16_t b);
extern int	cc_neighbours(uint16_t code, uint16_t *out);
extern double cc_distance_km(uint16_t a, uint16_t b);
extern double cc_great_circle_km(double lat1, double lon1, double lat2, double lon2);
extern double cc_route_length_km(const uint16_t *codes, int n);
extern bool cc_route_has_loop(const uint16_t *codes, int n);
extern int	cc_route_find(const uint16_t *hay, int nhay, const uint16_t *needle,
						  int nneedle);

extern size_t cc_canonical_words_work_size(size_t len);
extern size_t cc_canonical_words(const char *in, size_t len, char *out,
								 size_t outsize, void *work);

/* the country a look-up key stands for, as names claim it (cc_name_claim) */
typedef struct cc_name_entry
{
	uint16_t	code;			/* the country of the best-ranked name */
	uint16_t	other;			/* another country at that rank, or 0 */
	int			rank;			/* cc_lang of the best name; lower wins */
} cc_name_entry;

extern void cc_name_claim(cc_name_entry *e, bool first, uint16_t code, int rank);

#endif							/* COUNTRY_CORE_H */

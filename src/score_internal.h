/*
 * score_internal.h
 *		What the parts of screen_declaration share: the profile cache's
 *		entry (ScProfile, in score_cache.c), the facts hash table it holds,
 *		the arguments of one declaration and the per-query state.
 *
 * score_cache.c loads and keeps profiles, score_facts.c turns a
 * declaration's arguments into an sc_facts, score_reasons.c writes the jsonb
 * reasons, score.c holds the SQL-callable functions; the arithmetic that
 * decides a score is in score_core.c.
 */
#ifndef SCORE_INTERNAL_H
#define SCORE_INTERNAL_H

#include "postgres.h"

#include "fmgr.h"
#include "access/tupdesc.h"
#include "storage/itemptr.h"
#include "utils/date.h"

#include "trade_screen.h"
#include "score_core.h"

/* ----------------------------------------------------------------------
 * One hash table for every fact of a profile, keyed by a kind and two
 * numbers.
 * ----------------------------------------------------------------------
 */
typedef enum ScKind
{
	K_UNIT_VALUE = 1,			/* a = code key, b = unit hash: n, median, mad */
	K_LANE,						/* a = heading, b = dispatch, dest: relative, ratio, before, after */
	K_ROUTE_CELL,				/* a = heading, b = dest, dispatch: n */
	K_ROUTE_HD,					/* a = heading, b = dest: total, max, argmax dispatch */
	K_ROUTE_DD,					/* b = dest, dispatch: n */
	K_ROUTE_DEST,				/* b = dest: total, distinct dispatches, max */
	K_ORIGIN_CELL,				/* a = heading, b = origin: n */
	K_ORIGIN_HEADING,			/* a = heading: total */
	K_ORIGIN,					/* b = origin: n */
	K_EXPORTER,					/* a = name hash: first seen, declarations before */
	K_EXPORTER_CHAPTER,			/* a = name hash, b = chapter */
	K_EXPORTER_LEG,				/* a = name hash, b = dispatch, dest */
	K_WATCH,					/* a = code key: tier weight (< 0: exclusion), tier index */
	K_PARTY,					/* a = exporter hash: similarity, index in parties */
	K_UV_CODE,					/* a = code key: some unit-value baseline exists */
	K_RESTR,					/* a = listed code: first restriction of the code */
	K_RESTR_UNDER,				/* a = code above listed codes: first link */
	K_WATCH_UNDER				/* a = code above members: best weight, its tier */
} ScKind;

/* a listed party an exporter matched, for the evidence */
typedef struct ScParty
{
	char	   *list;
	char	   *party_id;
	char	   *listed_name;
	char	   *matched_alias;
	char	   *matched_by;		/* name, identifier, or name with a conflicting identifier */
} ScParty;

/* countries are two letters A-Z: a direct index of 26 * 26 slots */
#define COUNTRY_SLOTS	(26 * 26)

static inline int
country_slot(uint16 c)
{
	int			a = (c >> 8) - 'A',
				b = (c & 0xFF) - 'A';

	if (a < 0 || a >= 26 || b < 0 || b >= 26)
		return -1;
	return a * 26 + b;
}

typedef struct ScKey
{
	uint64		a;
	uint64		b;
} ScKey;

typedef struct ScEntry
{
	ScKey		key;
	char		status;
	double		v[4];
} ScEntry;

/* a cheap 64-bit mix of both halves (the keys are not attacker-chosen) */
static inline uint32
sc_key_hash(ScKey k)
{
	uint64		h = k.a * UINT64CONST(0x9E3779B97F4A7C15) ^ k.b;

	h ^= h >> 32;
	h *= UINT64CONST(0xD6E8FEB86659FD93);
	h ^= h >> 32;
	return (uint32) h;
}

#define SH_PREFIX		scfacts
#define SH_ELEMENT_TYPE ScEntry
#define SH_KEY_TYPE		ScKey
#define SH_KEY			key
#define SH_HASH_KEY(tb, k) sc_key_hash(k)
#define SH_EQUAL(tb, x, y) ((x).a == (y).a && (x).b == (y).b)
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* the key of kind k */
static inline ScKey
mk(ScKind k, uint64 a, uint64 b)
{
	ScKey		key;

	key.a = a;
	key.b = ((uint64) k << 48) | b;
	return key;
}

#define PAIR(x, y)	(((uint64) (x) << 16) | (uint64) (y))

/* one validity interval of a role */
typedef struct ScRole
{
	uint8		role;
	DateADT		from;
	DateADT		to;				/* exclusive; DATEVAL_NOEND when open */
} ScRole;

/* an export-restriction regime: who it binds, where it covers */
typedef struct ScRegime
{
	char	   *name;
	bool		binds[COUNTRY_SLOTS];
	bool		covers[COUNTRY_SLOTS];
} ScRegime;

/* one listed code of a regime */
typedef struct ScRestriction
{
	int			regime;
	int64		code;
	char	   *list;
	DateADT		from;
	DateADT		to;				/* exclusive; DATEVAL_NOEND when open */
	bool		ex;
	double		min_eur;		/* value condition; NaN when none */
	int			next;			/* next restriction of the same code, -1 */
} ScRestriction;

/* a link of the chain of restrictions under a coarser code */
typedef struct ScLink
{
	int			item;
	int			next;
} ScLink;

/* a cached profile */
typedef struct ScProfile
{
	struct ScProfile *next;
	MemoryContext cxt;
	char	   *name;
	int64		version;
	TransactionId row_xmin;		/* the screen_profiles row it was read from */
	ItemPointerData row_tid;
	int			refcount;		/* queries using it now */
	bool		stale;			/* a newer version exists */

	sc_params	params;
	DateADT		cutoff;
	bool		has_history;
	char	   *watchlist;
	scfacts_hash *facts;
	ScRole	   *roles;
	int			nroles;
	int16		role_first[COUNTRY_SLOTS];	/* first interval of a country, -1 if none */
	int16		role_count[COUNTRY_SLOTS];
	char	  **tiers;			/* tier names, by index of K_WATCH entries */
	int			ntiers;
	double		origin_total;
	double		origin_countries;
	bool		watch_chapter[100];	/* chapters with a watchlist member */
	int64	   *watch_codes;	/* every member with a positive weight, for evidence */
	double	   *watch_weights;
	int			nwatch;
	ScRegime   *regimes;
	int			nregimes;
	ScRestriction *restr;
	int			nrestr;
	ScLink	   *links;
	int			nlinks;
	ScParty    *parties;
	int			nparties;
	Datum		empty_reasons;	/* '[]' */
	Datum		empty_fired;	/* '{}' */
} ScProfile;

/*
 * Loops and detours of the routes a query has seen: a direct-mapped cache,
 * since a table holds far fewer routes than rows and the great-circle
 * arithmetic costs more than the rest of a row.
 */
#define ROUTE_CACHE_SIZE	1024

typedef struct ScRouteShape
{
	int			n;				/* 0: empty slot */
	uint16		codes[CC_ROUTE_MAX];
	bool		loop;
	double		detour;
} ScRouteShape;

/* what a query keeps between rows: the profile and the result's row type */
typedef struct ScCall
{
	ScRouteShape *routes;		/* ROUTE_CACHE_SIZE slots */
	ScProfile  *profile;
	char	   *profile_name;
	TupleDesc	tupdesc;
	Datum		level_text[4];
	struct ScNameSlot *names;	/* NAME_CACHE_SIZE slots: exporter name -> key hash */
} ScCall;

/* exporter names a query has keyed (name_key runs ICU: once per name) */
#define NAME_CACHE_SIZE		512

typedef struct ScNameSlot
{
	uint64		raw;			/* hash of the name as written */
	int			len;			/* its length, -1 for an empty slot */
	bool		has_key;
	uint64		key;			/* hash of its key */
} ScNameSlot;

/* the arguments of screen_declaration, NULL-aware */
typedef struct ScArgs
{
	bool		has_hs;
	int64		hs;
	int			ncountries;
	uint16		countries[CC_ROUTE_MAX];
	bool		has_origin;
	uint16		origin;
	bool		has_date;
	DateADT		date;
	bool		has_exporter;
	uint64		exporter;
	/* what the evidence names */
	int64		watch_member;
	int			watch_tier;
	int64		uv_code;
	int64		heading;
	int			party;			/* index in the profile's parties, -1 if none */
	int			restr;			/* the restriction behind restricted, -1 */
	int			direct;			/* the restriction behind direct_export, -1 */
	char		unit[72];		/* standard unit code */
	double		unit_factor;
	double		value;			/* as given (NaN when NULL) */
	double		quantity;
	bool		has_uv_baseline_unit;	/* the price's unit has a baseline */
} ScArgs;

/* score_cache.c */
extern ScProfile *sc_acquire_profile(FunctionCallInfo fcinfo, const char *name);

/* score_facts.c */
extern bool sc_text_key_hash(text *t, uint64 *hash);
extern bool sc_unit_key_hash(text *t, uint64 *hash);
extern bool sc_exporter_hash(ScCall *call, text *t, uint64 *hash);
extern int	sc_screen_key_cstr(const char *str, int len, char *buf);
extern void sc_gather_facts(const ScProfile *p, ScRouteShape *routes, ScArgs *a,
							double value, bool has_value, double quantity,
							bool has_quantity, text *unit, sc_facts *f);

/* score_reasons.c */
extern bool sc_price_unchecked(const sc_facts *f);
extern Datum sc_build_reasons(const sc_facts *f, const sc_result *r,
							  const ScArgs *a, const ScProfile *p);

#endif							/* SCORE_INTERNAL_H */

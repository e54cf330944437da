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
	K_WATCH,					/* a = code key, b = interval (0, 1, ...): tier weight
								 * (< 0: exclusion), tier index, valid from, valid to
								 * (days, +inf when open) */
	K_PARTY,					/* a = exporter hash: similarity, index in parties */
	K_UV_CODE,					/* a = code key: some unit-value baseline exists */
	K_RESTR,					/* a = listed code: first restriction of the code */
	K_RESTR_UNDER,				/* a = code above listed codes: first link */
	K_WATCH_UNDER,				/* a = code above members: best weight, its tier */
	K_LISTED					/* a = hash of a listed name's name_key: index in parties */
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

/*
 * A fact: its key and four numbers.  A finished profile holds its facts as
 * an open-addressing table of these (see ScProfile.slots), laid out exactly
 * as an image stores it, so that a version read from its image is looked up
 * in the image's own bytes.  A slot whose key.b is 0 is empty (every kind
 * is at least 1).
 */
typedef struct ScEntry
{
	ScKey		key;
	double		v[4];
} ScEntry;

/* a fact while a profile is read from the tables (simplehash's element) */
typedef struct ScBuild
{
	ScKey		key;
	char		status;
	double		v[4];
} ScBuild;

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
#define SH_ELEMENT_TYPE ScBuild
#define SH_KEY_TYPE		ScKey
#define SH_KEY			key
#define SH_HASH_KEY(tb, k) sc_key_hash(k)
#define SH_EQUAL(tb, x, y) ((x).a == (y).a && (x).b == (y).b)
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/*
 * The home slot of a key in a table of nslots slots (multiply-shift: any
 * nslots, no power of two needed, so a table is sized to its load).
 */
static inline uint64
sc_slot(ScKey k, uint64 nslots)
{
	return ((uint64) sc_key_hash(k) * nslots) >> 32;
}

/* the slots of a table of nfacts facts: at most 70% full, one slot empty */
static inline uint64
sc_nslots(uint64 nfacts)
{
	return nfacts + (nfacts * 3) / 7 + 1;
}

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

/* the two filter bits of a key (independent of sc_key_hash's bucket) */
static inline uint64
sc_filter_hash(ScKey k)
{
	uint64		h = (k.a ^ (k.b * UINT64CONST(0xC2B2AE3D27D4EB4F))) * UINT64CONST(0x9E3779B97F4A7C15);

	h ^= h >> 29;
	h *= UINT64CONST(0xBF58476D1CE4E5B9);
	h ^= h >> 32;
	return h;
}

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

/*
 * A cached profile: one version, never changed once loaded.  Every field
 * below `bytes` is what scoring reads, and score_image.c writes and reads
 * each of them: a field added here must be added there.
 */
typedef struct ScProfile
{
	struct ScProfile *next;
	MemoryContext cxt;
	char	   *name;
	int64		version;
	/* identity: the image it was read from, or (no image) the profile row */
	char		image_hash[33];	/* "" when read from the tables */
	TransactionId row_xmin;
	ItemPointerData row_tid;
	uint64		last_used;		/* LRU clock */
	Size		bytes;			/* memory held */

	sc_params	params;
	DateADT		cutoff;
	bool		has_history;
	bool		imported;		/* baselines from another server (screen_profile_import) */
	char	   *watchlist;
	scfacts_hash *facts;		/* while read from the tables; NULL once
								 * finished */
	/*
	 * The facts of a finished profile: an open-addressing table (linear
	 * probing from sc_slot), in the image's bytes when read from one, so
	 * that reading an image inserts nothing.
	 */
	ScEntry    *slots;
	uint64		nslots;
	uint64		nfacts;
	const char *image_data;		/* the image read, NULL when from the tables */
	Size		image_len;
	int			shared_slot;	/* its entry in shared memory, -1 if none
								 * (score_shared.c) */
	/*
	 * a filter of the facts' keys (two bits a key, set at load): most
	 * look-ups of a row find nothing, and the filter answers those from a
	 * few hundred kB instead of a cache miss in the facts' table
	 */
	uint64	   *fact_filter;	/* NULL until the profile is finished (in
								 * the image's bytes when read from one) */
	uint64	   *filter_build;	/* the filter while the facts go in */
	uint64		filter_mask;	/* bits - 1 */
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
	int			nparties;		/* matched parties, then the listed ones */
	int			nlisted;		/* K_LISTED entries */
	Datum		empty_reasons;	/* '[]' */
	Datum		empty_fired;	/* '{}' */
} ScProfile;

/*
 * The fact of a key in a finished profile, or NULL: the filter first, the
 * table only when both of the key's bits are set.
 */
static inline ScEntry *
sc_fact(const ScProfile *p, ScKey key)
{
	if (p->fact_filter != NULL)
	{
		uint64		h = sc_filter_hash(key);
		uint64		b1 = h & p->filter_mask,
					b2 = (h >> 32) & p->filter_mask;

		if (!(p->fact_filter[b1 >> 6] & (UINT64CONST(1) << (b1 & 63))) ||
			!(p->fact_filter[b2 >> 6] & (UINT64CONST(1) << (b2 & 63))))
			return NULL;
	}
	for (uint64 i = sc_slot(key, p->nslots);;)
	{
		ScEntry    *e = &p->slots[i];

		if (e->key.b == key.b && e->key.a == key.a)
			return e;
		if (e->key.b == 0)
			return NULL;
		if (++i == p->nslots)
			i = 0;
	}
}

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

/*
 * What identifies the snapshot a statement reads with, and its transaction:
 * a profile checked under the same snapshot in the same transaction needs no
 * new check (two read-only transactions with nothing committed between them
 * may share a snapshot; the watchlist's day is the transaction's).
 */
typedef struct ScSnapKey
{
	void	   *snapshot;
	TransactionId xmin;
	TransactionId xmax;
	CommandId	curcid;
	uint64		completions;
	TimestampTz xact_start;		/* the day of current_date, for the watchlist */
} ScSnapKey;

/* what a query keeps between rows: the profile and the result's row type */
typedef struct ScCall
{
	ScRouteShape *routes;		/* ROUTE_CACHE_SIZE slots */
	ScProfile  *profile;
	char	   *profile_name;	/* the reference profile was resolved from */
	int			profile_name_len;
	int			profile_name_cap;
	ScSnapKey	snap;			/* ... under this snapshot */
	uint64		epoch;			/* ... while no profile was evicted */
	DateADT		as_of;			/* the day the watchlist is read as of */
	TupleDesc	tupdesc;
	Datum		level_text[4];
	Datum		indicator_text[SC_NINDICATORS];	/* the fired list's names */
	struct ScNameSlot *names;	/* NAME_CACHE_SIZE slots: exporter name -> key hash */
	struct ScUnitSlot *units;	/* UNIT_CACHE_SIZE slots: unit as written -> code */
} ScCall;

/*
 * units a query has normalised (a table holds few spellings of units, and
 * sc_unit_normalize costs more per row than the rest of the unit check)
 */
#define UNIT_CACHE_SIZE		64
#define UNIT_CACHE_LEN		32

typedef struct ScUnitSlot
{
	int			len;			/* length as written, -1 for an empty slot */
	char		raw[UNIT_CACHE_LEN];	/* the unit as written */
	char		unit[72];		/* what sc_gather_facts puts in ScArgs.unit */
	double		factor;
} ScUnitSlot;

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
	DateADT		as_of;			/* the watchlist's day */
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
extern ScProfile *sc_profile_for_row(FunctionCallInfo fcinfo, ScCall *call,
									 text *reference);
extern ScProfile *sc_load_profile_tables(const char *schema, const char *name);
extern void sc_profile_finish(ScProfile *p);
extern void sc_filter_begin(ScProfile *p, uint64 nfacts);
extern void sc_filter_add(ScProfile *p, ScKey key);
extern const ScEntry *sc_watch_lookup(const ScProfile *p, int64 code, DateADT as_of);
extern int	sc_listed_party(const ScProfile *p, uint64 exporter);

/* score_image.c */
extern bytea *sc_image_write(const ScProfile *p);
extern ScProfile *sc_image_read(Datum image, const char *name);
extern ScProfile *sc_image_read_checked(const char *data, Size len, const char *name);
extern void sc_image_counts(Datum image, int64 *counts);

/* score_shared.c */
extern ScProfile *sc_shared_get(const char *name, int64 version, const char *image_hash);
extern ScProfile *sc_shared_put(ScProfile *p, int64 version, const char *image_hash);
extern void sc_shared_release(ScProfile *p);

/* score_facts.c */
extern bool sc_text_key_hash(text *t, uint64 *hash);
extern bool sc_unit_key_hash(text *t, uint64 *hash);
extern bool sc_exporter_hash(ScCall *call, text *t, uint64 *hash);
extern int	sc_screen_key_cstr(const char *str, int len, char *buf);
extern void sc_gather_facts(const ScProfile *p, ScCall *call, ScArgs *a,
							double value, bool has_value, double quantity,
							bool has_quantity, text *unit, sc_facts *f);

/* score_reasons.c */
extern bool sc_price_unchecked(const sc_facts *f);
extern Datum sc_build_reasons(const sc_facts *f, const sc_result *r,
							  const ScArgs *a, const ScProfile *p);

#endif							/* SCORE_INTERNAL_H */

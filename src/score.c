/*
 * score.c
 *		screen_declaration: route-anomaly scoring of one declaration against
 *		a fitted profile, and the profile cache behind it.
 *
 * A profile (its parameters, the country roles, the watchlist tiers and the
 * fitted baselines) is read once per backend through SPI, under the calling
 * query's snapshot, into one hash table in a memory context of its own.
 * Each query checks the profile's row once (on its first row) and reloads
 * the profile when screen_fit, screen_profile_import or a change of the
 * configuration rewrote it;
 * no row does any SPI or catalog look-up.  A profile still in use by an
 * open query when a newer version arrives is freed only when that query
 * ends.
 *
 * The indicators themselves are decided in score_core.c; this file looks up
 * the facts and writes the result (composite, jsonb reasons).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

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
	K_PARTY						/* a = exporter hash: similarity, index in parties */
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
	ScParty    *parties;
	int			nparties;
	Datum		empty_reasons;	/* '[]' */
	Datum		empty_fired;	/* '{}' */
} ScProfile;

static ScProfile *profiles = NULL;

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
} ScCall;

/* ----------------------------------------------------------------------
 * screen_key(text): the key of units and exporter names
 * ----------------------------------------------------------------------
 */

/*
 * Write the key of str into buf (at least len + 1 bytes): white space
 * trimmed and collapsed to one space, ASCII letters in lower case.
 * Returns the key's length (0 for a blank string).
 */
static int
screen_key_cstr(const char *str, int len, char *buf)
{
	int			n = 0;
	bool		space = false;

	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) str[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		{
			space = n > 0;
			continue;
		}
		if (space)
			buf[n++] = ' ';
		space = false;
		buf[n++] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}
	buf[n] = '\0';
	return n;
}

/*
 * screen_key(text) returns text: the key scoring groups units and exporter
 * names by; NULL for a blank string.
 */
PG_FUNCTION_INFO_V1(screen_key);
Datum
screen_key(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(t);
	char	   *buf = palloc(len + 1);
	int			n = screen_key_cstr(VARDATA_ANY(t), len, buf);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

/* 64-bit hash of the key of a text datum; false for a blank one */
static bool
text_key_hash(text *t, uint64 *hash)
{
	int			len = VARSIZE_ANY_EXHDR(t);
	char		small[256];
	char	   *buf = len < (int) sizeof(small) ? small : palloc(len + 1);
	int			n = screen_key_cstr(VARDATA_ANY(t), len, buf);

	if (n == 0)
		return false;
	*hash = hash_bytes_extended((const unsigned char *) buf, n, 0);
	return true;
}

/* ----------------------------------------------------------------------
 * Parameters
 * ----------------------------------------------------------------------
 */

/*
 * screen_default_parameters() returns setof (parameter text, value double
 * precision): every parameter with its built-in default.
 */
PG_FUNCTION_INFO_V1(screen_default_parameters);
Datum
screen_default_parameters(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < sc_nparam_defs; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(sc_param_defs[i].name);
		values[1] = Float8GetDatum(sc_param_defs[i].default_value);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* weight of a tier by its order in the list, when screen_config has none */
static double
tier_default_weight(int tier_order)
{
	static const double by_order[] = {1.0, 0.9, 0.7, 0.65, 0.5, 0.45};

	if (tier_order >= 1 && tier_order <= 6)
		return by_order[tier_order - 1];
	return 0.45;
}

/*
 * screen_parameter_known(text) returns boolean: whether screen_config may
 * hold the parameter (a built-in one, or tier.<name>).
 */
PG_FUNCTION_INFO_V1(screen_parameter_known);
Datum
screen_parameter_known(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	sc_params	p;

	if (strncmp(name, "tier.", 5) == 0 && name[5] != '\0')
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(sc_params_set(&p, name, 0.0));
}

/* ----------------------------------------------------------------------
 * Loading a profile
 * ----------------------------------------------------------------------
 */

/* run a read-only query with the profile name as $1 */
static void
spi_query(const char *sql, const char *profile)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	int			rc;

	args[0] = CStringGetTextDatum(profile);
	rc = SPI_execute_with_args(sql, 1, argtypes, args, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "scoring profile query failed: %s", SPI_result_code_string(rc));
}

/* column i (from 1) of row r of the last SPI result, and whether NULL */
static inline Datum
col(uint64 r, int i, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, i, isnull);
}

static inline double
col_float8(uint64 r, int i)
{
	bool		isnull;
	Datum		d = col(r, i, &isnull);

	return isnull ? 0.0 : DatumGetFloat8(d);
}

static inline int64
col_int64(uint64 r, int i)
{
	bool		isnull;
	Datum		d = col(r, i, &isnull);

	return isnull ? 0 : DatumGetInt64(d);
}

static inline uint16
col_country(uint64 r, int i)
{
	bool		isnull;
	Datum		d = col(r, i, &isnull);

	return isnull ? 0 : DatumGetCountry(d);
}

/* the entry for key, created with zeros when absent */
static inline ScEntry *
fact(scfacts_hash *h, ScKey key)
{
	bool		found;
	ScEntry    *e = scfacts_insert(h, key, &found);

	if (!found)
		memset(e->v, 0, sizeof(e->v));
	return e;
}

/* comparator of roles by country then start (the country is in the key) */
typedef struct ScRoleRow
{
	uint16		country;
	ScRole		r;
} ScRoleRow;

static int
cmp_role_row(const void *a, const void *b)
{
	const ScRoleRow *x = a,
			   *y = b;

	if (x->country != y->country)
		return x->country < y->country ? -1 : 1;
	return (x->r.from > y->r.from) - (x->r.from < y->r.from);
}

/*
 * Read profile `name` (known to exist at `version`) into a new cache entry.
 * All queries run under the caller's snapshot, so the entry is one
 * consistent version.
 */
static ScProfile *
load_profile(const char *schema, const char *name)
{
	MemoryContext cxt,
				old;
	ScProfile  *p;
	StringInfoData q;
	const char *s = quote_identifier(schema);
	ScRoleRow  *rows;

	cxt = AllocSetContextCreate(TopMemoryContext, "trade_screen profile",
								ALLOCSET_DEFAULT_SIZES);
	p = MemoryContextAllocZero(cxt, sizeof(ScProfile));
	p->cxt = cxt;
	p->name = MemoryContextStrdup(cxt, name);
	sc_params_default(&p->params);
	p->facts = scfacts_create(cxt, 1024, NULL);
	initStringInfo(&q);

	PG_TRY();
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");

		/* the profile row */
		appendStringInfo(&q, "SELECT version, cutoff, watchlist, has_history, lane_prior, xmin, ctid "
						 "FROM %s.screen_profiles WHERE profile = $1", s);
		spi_query(q.data, name);
		if (SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("scoring profile \"%s\" does not exist", name)));
		{
			bool		isnull;

			p->version = col_int64(0, 1);
			p->cutoff = DatumGetDateADT(col(0, 2, &isnull));
			p->watchlist = MemoryContextStrdup(cxt, TextDatumGetCString(col(0, 3, &isnull)));
			p->has_history = DatumGetBool(col(0, 4, &isnull));
			p->row_xmin = DatumGetTransactionId(col(0, 6, &isnull));
			ItemPointerCopy((ItemPointer) DatumGetPointer(col(0, 7, &isnull)), &p->row_tid);
		}

		/* parameters; tier weights are read with the watchlist below */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT parameter, value FROM %s.screen_config "
						 "WHERE profile = $1 AND parameter NOT LIKE 'tier.%%'", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			char	   *param = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);

			if (!sc_params_set(&p->params, param, col_float8(r, 2)))
				ereport(WARNING,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("unknown scoring parameter \"%s\" in profile \"%s\" is ignored",
								param, name)));
		}

		/* country roles: a user's rows for a (role, country) replace the shipped ones */
		resetStringInfo(&q);
		appendStringInfo(&q,
						 "SELECT r.role, r.country, r.valid_from, r.valid_to "
						 "FROM %s.country_roles r "
						 "WHERE NOT r.shipped OR NOT EXISTS (SELECT 1 FROM %s.country_roles u "
						 "  WHERE NOT u.shipped AND u.role = r.role AND u.country OPERATOR(%s.=) r.country) "
						 "AND $1 IS NOT NULL", s, s, s);
		spi_query(q.data, name);
		p->nroles = SPI_processed;
		rows = palloc(sizeof(ScRoleRow) * Max(p->nroles, 1));
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			char	   *role = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
			Datum		to;

			rows[r].r.role = strcmp(role, "coalition") == 0 ? SC_ROLE_COALITION :
				strcmp(role, "sanctioned") == 0 ? SC_ROLE_SANCTIONED : SC_ROLE_HUB;
			rows[r].country = col_country(r, 2);
			rows[r].r.from = DatumGetDateADT(col(r, 3, &isnull));
			to = col(r, 4, &isnull);
			rows[r].r.to = isnull ? DATEVAL_NOEND : DatumGetDateADT(to);
		}
		qsort(rows, p->nroles, sizeof(ScRoleRow), cmp_role_row);
		p->roles = MemoryContextAlloc(cxt, sizeof(ScRole) * Max(p->nroles, 1));
		for (int i = 0; i < COUNTRY_SLOTS; i++)
			p->role_first[i] = -1;
		for (int i = 0; i < p->nroles; i++)
		{
			int			slot = country_slot(rows[i].country);

			p->roles[i] = rows[i].r;
			if (slot < 0 || i > PG_INT16_MAX)
				continue;
			if (p->role_first[slot] < 0)
				p->role_first[slot] = i;
			p->role_count[slot]++;
		}

		/* the watchlist in force today, with tier weights */
		resetStringInfo(&q);
		appendStringInfo(&q,
						 "SELECT w.code, w.excluded, w.tier, t.tier_order, c.value "
						 "FROM %s.watchlists w "
						 "LEFT JOIN %s.watchlist_tiers t ON t.list = w.list AND t.tier = w.tier "
						 "LEFT JOIN %s.screen_config c ON c.profile = $1 AND c.parameter = 'tier.' || w.tier "
						 "WHERE w.list = (SELECT watchlist FROM %s.screen_profiles WHERE profile = $1) "
						 "AND w.valid_from <= current_date AND (w.valid_to IS NULL OR w.valid_to > current_date)",
						 s, s, s, s);
		spi_query(q.data, name);
		p->tiers = MemoryContextAllocZero(cxt, sizeof(char *) * (SPI_processed + 1));
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull,
						order_null,
						weight_null;
			int64		code = DatumGetHscode(col(r, 1, &isnull));
			bool		excluded = DatumGetBool(col(r, 2, &isnull));
			char	   *tier = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3);
			Datum		order = col(r, 4, &order_null);
			Datum		weight = col(r, 5, &weight_null);
			ScEntry    *e = fact(p->facts, mk(K_WATCH, (uint64) code, 0));
			int			ti = -1;

			p->watch_chapter[hs_key_chapter(code) % 100] = true;

			if (tier != NULL)
			{
				for (ti = 0; ti < p->ntiers; ti++)
					if (strcmp(p->tiers[ti], tier) == 0)
						break;
				if (ti == p->ntiers)
					p->tiers[p->ntiers++] = MemoryContextStrdup(cxt, tier);
			}
			e->v[0] = excluded ? -1.0 :
				!weight_null ? DatumGetFloat8(weight) :
				tier_default_weight(order_null ? 0 : DatumGetInt32(order));
			e->v[1] = ti;
		}

		/* unit values */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT code, unit, n, median, mad FROM %s.screen_baseline_unit_value WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			int64		code = DatumGetHscode(col(r, 1, &isnull));
			text	   *unit = DatumGetTextPP(col(r, 2, &isnull));
			uint64		uh;
			ScEntry    *e;

			if (!text_key_hash(unit, &uh))
				continue;
			e = fact(p->facts, mk(K_UNIT_VALUE, (uint64) code, uh & UINT64CONST(0xFFFFFFFFFFFF)));
			e->v[0] = col_int64(r, 3);
			e->v[1] = col_float8(r, 4);
			e->v[2] = col_float8(r, 5);
		}

		/* lanes */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT heading, dispatch, destination, relative, ratio, before, after "
						 "FROM %s.screen_baseline_lane WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			int64		heading = DatumGetHscode(col(r, 1, &isnull));
			ScEntry    *e = fact(p->facts, mk(K_LANE, (uint64) heading,
											  PAIR(col_country(r, 2), col_country(r, 3))));

			for (int i = 0; i < 4; i++)
				e->v[i] = col_float8(r, 4 + i);
		}

		/* routes before the cutoff, and their margins */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT heading, destination, dispatch, n FROM %s.screen_baseline_route WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			uint64		heading = (uint64) DatumGetHscode(col(r, 1, &isnull));
			uint16		dest = col_country(r, 2),
						disp = col_country(r, 3);
			double		n = col_int64(r, 4);
			ScEntry    *e;

			bool		new_pair;

			/* (an insert may move every entry: use each pointer at once) */
			fact(p->facts, mk(K_ROUTE_CELL, heading, PAIR(dest, disp)))->v[0] = n;
			e = fact(p->facts, mk(K_ROUTE_HD, heading, dest));
			e->v[0] += n;
			if (n > e->v[1])
			{
				e->v[1] = n;
				e->v[2] = disp;
			}
			e = fact(p->facts, mk(K_ROUTE_DD, 0, PAIR(dest, disp)));
			new_pair = e->v[0] == 0;
			e->v[0] += n;
			e = fact(p->facts, mk(K_ROUTE_DEST, 0, dest));
			e->v[0] += n;
			if (new_pair)
				e->v[1] += 1;
		}
		/* each destination's most used dispatch country */
		{
			scfacts_iterator it;
			ScEntry    *e;

			scfacts_start_iterate(p->facts, &it);
			while ((e = scfacts_iterate(p->facts, &it)) != NULL)
			{
				if ((e->key.b >> 48) == K_ROUTE_DD)
				{
					ScEntry    *d = scfacts_lookup(p->facts, mk(K_ROUTE_DEST, 0, (e->key.b >> 16) & 0xFFFF));

					if (d && e->v[0] > d->v[2])
						d->v[2] = e->v[0];
				}
			}
		}

		/* origins before the cutoff */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT heading, origin, n FROM %s.screen_baseline_origin WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			uint64		heading = (uint64) DatumGetHscode(col(r, 1, &isnull));
			uint16		origin = col_country(r, 2);
			double		n = col_int64(r, 3);
			ScEntry    *e;

			/* (an insert may move every entry: use each pointer at once) */
			fact(p->facts, mk(K_ORIGIN_CELL, heading, origin))->v[0] = n;
			fact(p->facts, mk(K_ORIGIN_HEADING, heading, 0))->v[0] += n;
			e = fact(p->facts, mk(K_ORIGIN, 0, origin));
			if (e->v[0] == 0)
				p->origin_countries += 1;
			e->v[0] += n;
			p->origin_total += n;
		}

		/* exporters */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT exporter, first_seen, declarations_before FROM %s.screen_baseline_exporter WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			uint64		h;
			ScEntry    *e;

			if (!text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
				continue;
			e = fact(p->facts, mk(K_EXPORTER, h, 0));
			e->v[0] = DatumGetDateADT(col(r, 2, &isnull));
			e->v[1] = col_int64(r, 3);
		}
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT exporter, chapter FROM %s.screen_baseline_exporter_chapter WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			uint64		h;

			if (text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
				fact(p->facts, mk(K_EXPORTER_CHAPTER, h, (uint16) DatumGetInt16(col(r, 2, &isnull))))->v[0] = 1;
		}
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT exporter, dispatch, destination FROM %s.screen_baseline_exporter_leg WHERE profile = $1", s);
		spi_query(q.data, name);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			uint64		h;

			if (text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
				fact(p->facts, mk(K_EXPORTER_LEG, h, PAIR(col_country(r, 2), col_country(r, 3))))->v[0] = 1;
		}
		/* exporters that match a listed party */
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT exporter, similarity, list, party_id, listed_name, matched_alias, matched_by "
						 "FROM %s.screen_baseline_party WHERE profile = $1", s);
		spi_query(q.data, name);
		p->parties = MemoryContextAllocZero(cxt, sizeof(ScParty) * (SPI_processed + 1));
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			uint64		h;
			ScEntry    *e;
			ScParty    *party = &p->parties[p->nparties];

			if (!text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
				continue;
			party->list = MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3));
			party->party_id = MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 4));
			party->listed_name = MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 5));
			if (SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 6) != NULL)
				party->matched_alias = MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 6));
			party->matched_by = MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 7));
			e = fact(p->facts, mk(K_PARTY, h, 0));
			e->v[0] = col_float8(r, 2);
			e->v[1] = p->nparties++;
		}
		SPI_finish();
	}
	PG_CATCH();
	{
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	old = MemoryContextSwitchTo(cxt);
	p->empty_reasons = DirectFunctionCall1(jsonb_in, CStringGetDatum("[]"));
	p->empty_fired = PointerGetDatum(construct_empty_array(TEXTOID));
	MemoryContextSwitchTo(old);
	return p;
}

/* free profiles that are stale and no longer used */
static void
sweep_profiles(void)
{
	ScProfile **link = &profiles;

	while (*link)
	{
		ScProfile  *p = *link;

		if (p->stale && p->refcount == 0)
		{
			*link = p->next;
			MemoryContextDelete(p->cxt);
		}
		else
			link = &p->next;
	}
}

/* a query that used a profile has ended */
static void
release_profile(void *arg)
{
	ScProfile  *p = (ScProfile *) arg;

	p->refcount--;
	sweep_profiles();
}

/*
 * The profile `name` as the current snapshot sees it: from the cache when
 * it was read from the same screen_profiles row, else loaded.  Registers the
 * calling query as a user until its function memory context goes away.
 *
 * The row is known by its version and, as PL/pgSQL knows a function's
 * pg_proc row, by its xmin and ctid: the version alone may come back with
 * other baselines (a profile deleted and fitted again starts at the same
 * version; screen_profile_import sets the version of another server).
 */
static ScProfile *
acquire_profile(FunctionCallInfo fcinfo, const char *name)
{
	char	   *schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	int64		version;
	TransactionId row_xmin;
	ItemPointerData row_tid;
	bool		isnull;
	ScProfile  *p;
	MemoryContextCallback *cb;
	StringInfoData q;

	initStringInfo(&q);
	appendStringInfo(&q, "SELECT version, xmin, ctid FROM %s.screen_profiles WHERE profile = $1",
					 quote_identifier(schema));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	spi_query(q.data, name);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("scoring profile \"%s\" does not exist", name),
				 errhint("Fit it with screen_fit(declarations, '%s'), or create it with screen_profile_create('%s').",
						 name, name)));
	version = col_int64(0, 1);
	row_xmin = DatumGetTransactionId(col(0, 2, &isnull));
	ItemPointerCopy((ItemPointer) DatumGetPointer(col(0, 3, &isnull)), &row_tid);
	SPI_finish();

	for (p = profiles; p; p = p->next)
		if (!p->stale && strcmp(p->name, name) == 0)
			break;
	if (p && (p->version != version || p->row_xmin != row_xmin ||
			  !ItemPointerEquals(&p->row_tid, &row_tid)))
	{
		p->stale = true;
		p = NULL;
	}
	if (p == NULL)
	{
		p = load_profile(schema, name);
		p->next = profiles;
		profiles = p;
	}
	sweep_profiles();

	p->refcount++;
	cb = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(MemoryContextCallback));
	cb->func = release_profile;
	cb->arg = p;
	MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, cb);
	return p;
}

/* ----------------------------------------------------------------------
 * Facts of one declaration
 * ----------------------------------------------------------------------
 */

/* roles of a country on a date */
static uint8
roles_on(const ScProfile *p, uint16 country, DateADT date)
{
	int			slot = country_slot(country);
	uint8		mask = 0;

	if (slot < 0 || p->role_first[slot] < 0)
		return 0;
	for (int i = p->role_first[slot]; i < p->role_first[slot] + p->role_count[slot]; i++)
		if (p->roles[i].from <= date && date < p->roles[i].to)
			mask |= p->roles[i].role;
	return mask;
}

static inline double
lookup0(const ScProfile *p, ScKey key, int i)
{
	ScEntry    *e = scfacts_lookup(p->facts, key);

	return e ? e->v[i] : 0.0;
}

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
} ScArgs;

/*
 * Share of a dispatch country among the routes to a destination, smoothed;
 * d is the destination's K_ROUTE_DEST entry (total, dispatch countries, most).
 */
static inline double
dispatch_share(const ScEntry *d, double n_dd)
{
	return (n_dd + 0.5) / (d->v[0] + 0.5 * (d->v[1] + 1.0));
}

/* Fill f from the arguments and the profile. */
static void
gather_facts(const ScProfile *p, ScRouteShape *routes, ScArgs *a,
			 double value, bool has_value, double quantity, bool has_quantity,
			 text *unit, sc_facts *f)
{
	const sc_params *pp = &p->params;
	DateADT		date = a->has_date ? a->date : GetSQLCurrentDate();
	int			n = a->ncountries;
	uint16		dest = n > 0 ? a->countries[n - 1] : 0;
	uint16		disp = n > 1 ? a->countries[n - 2] : 0;

	sc_facts_init(f);
	f->have_history = p->has_history;
	f->ncountries = n;
	for (int i = 0; i < n; i++)
	{
		f->countries[i] = a->countries[i];
		f->roles[i] = roles_on(p, a->countries[i], date);
	}
	f->has_origin = a->has_origin;
	if (a->has_origin)
	{
		f->origin = a->origin;
		f->origin_roles = roles_on(p, a->origin, date);
	}
	f->after_cutoff = a->has_date && a->date >= p->cutoff;
	if (n >= 2)
	{
		uint32		h = hash_bytes((const unsigned char *) a->countries, n * sizeof(uint16));
		ScRouteShape *slot = &routes[h % ROUTE_CACHE_SIZE];

		if (slot->n != n || memcmp(slot->codes, a->countries, n * sizeof(uint16)) != 0)
		{
			double		direct = cc_distance_km(a->countries[0], dest);

			slot->n = n;
			memcpy(slot->codes, a->countries, n * sizeof(uint16));
			slot->loop = cc_route_has_loop(a->countries, n);
			slot->detour = direct > 0.0 ? cc_route_length_km(a->countries, n) / direct : NAN;
		}
		f->has_loop = slot->loop;
		f->detour_ratio = slot->detour;
	}

	a->watch_member = -1;
	a->heading = -1;
	if (a->has_hs)
	{
		int			nd = hs_key_ndigits(a->hs);
		int64		heading = nd >= 4 ? hs_key_truncate(a->hs, 4) : -1;

		a->heading = heading;
		/* the longest member of the watchlist above the code decides */
		for (int d = p->watch_chapter[hs_key_chapter(a->hs) % 100] ? nd : 0;
			 d >= HS_MIN_DIGITS; d = hs_parent_ndigits(d))
		{
			int64		anc = hs_key_truncate(a->hs, d);
			ScEntry    *e = scfacts_lookup(p->facts, mk(K_WATCH, (uint64) anc, 0));

			if (e)
			{
				if (e->v[0] > 0.0)
				{
					f->tier_weight = e->v[0];
					a->watch_member = anc;
					a->watch_tier = (int) e->v[1];
				}
				break;
			}
			if (d == HS_MIN_DIGITS)
				break;
		}

		/* unit value: the most detailed baseline with enough observations */
		if (has_value && has_quantity && value > 0.0 && quantity > 0.0 && unit != NULL)
		{
			uint64		uh;

			f->has_unit_value = true;
			f->log_unit_value = log(value / quantity);
			if (text_key_hash(unit, &uh))
			{
				static const int levels[] = {6, 4};

				for (int l = 0; l < 2; l++)
				{
					ScEntry    *e;

					if (nd < levels[l])
						continue;
					e = scfacts_lookup(p->facts, mk(K_UNIT_VALUE, (uint64) hs_key_truncate(a->hs, levels[l]),
													uh & UINT64CONST(0xFFFFFFFFFFFF)));
					if (e && (e->v[0] >= pp->uv_min_n || l == 1))
					{
						f->has_uv_baseline = true;
						f->uv_n = e->v[0];
						f->uv_median = e->v[1];
						f->uv_mad = e->v[2];
						f->uv_level = levels[l];
						a->uv_code = hs_key_truncate(a->hs, levels[l]);
						break;
					}
				}
			}
		}

		if (heading >= 0 && n >= 2)
		{
			ScEntry    *e = scfacts_lookup(p->facts, mk(K_LANE, (uint64) heading, PAIR(disp, dest)));
			ScEntry    *dest_e;
			double		alpha = pp->rarity_alpha;

			if (e)
			{
				f->has_lane = true;
				f->lane_relative = e->v[0];
				f->lane_ratio = e->v[1];
				f->lane_before = e->v[2];
				f->lane_after = e->v[3];
			}

			/* route rarity: smoothed towards the destination's dispatch shares */
			dest_e = scfacts_lookup(p->facts, mk(K_ROUTE_DEST, 0, dest));
			if (dest_e != NULL && dest_e->v[0] > 0)
			{
				ScEntry    *hd = scfacts_lookup(p->facts, mk(K_ROUTE_HD, (uint64) heading, dest));
				double		n_hd = hd ? hd->v[0] : 0.0;
				double		cell_max = hd ? hd->v[1] : 0.0;
				double		q = dispatch_share(dest_e, lookup0(p, mk(K_ROUTE_DD, 0, PAIR(dest, disp)), 0));
				double		q_max = dispatch_share(dest_e, dest_e->v[2]);
				double		cell = n_hd > 0 ? lookup0(p, mk(K_ROUTE_CELL, (uint64) heading, PAIR(dest, disp)), 0) : 0.0;

				f->has_rarity = true;
				f->route_share = (cell + alpha * q) / (n_hd + alpha);
				f->usual_share = (cell_max + alpha * q_max) / (n_hd + alpha);
				if (f->usual_share < f->route_share)
					f->usual_share = f->route_share;
			}
		}

		/* origin plausibility for the heading */
		if (heading >= 0 && a->has_origin && p->origin_total > 0)
		{
			double		n_h = lookup0(p, mk(K_ORIGIN_HEADING, (uint64) heading, 0), 0);

			if (n_h > 0)
			{
				double		p_o = (lookup0(p, mk(K_ORIGIN, 0, a->origin), 0) + 0.5)
				/ (p->origin_total + 0.5 * (p->origin_countries + 1));
				double		p_oh = (lookup0(p, mk(K_ORIGIN_CELL, (uint64) heading, a->origin), 0)
									+ pp->rarity_alpha * p_o) / (n_h + pp->rarity_alpha);

				f->has_origin_lift = true;
				f->origin_lift = p_oh / p_o;
			}
		}
	}

	a->party = -1;
	if (a->has_exporter && p->nparties > 0)
	{
		ScEntry    *e = scfacts_lookup(p->facts, mk(K_PARTY, a->exporter, 0));

		if (e)
		{
			f->party_similarity = e->v[0];
			a->party = (int) e->v[1];
		}
	}
	if (a->has_exporter)
	{
		ScEntry    *e = scfacts_lookup(p->facts, mk(K_EXPORTER, a->exporter, 0));

		f->has_exporter = true;
		if (e && e->v[1] > 0)
		{
			f->exporter_known = true;
			f->exporter_history = e->v[1];
			f->exporter_in_chapter = !a->has_hs ||
				scfacts_lookup(p->facts, mk(K_EXPORTER_CHAPTER, a->exporter,
											(uint16) hs_key_chapter(a->hs))) != NULL;
			f->exporter_used_leg = n < 2 ||
				scfacts_lookup(p->facts, mk(K_EXPORTER_LEG, a->exporter, PAIR(disp, dest))) != NULL;
		}
	}
}

/* ----------------------------------------------------------------------
 * The reasons as jsonb
 * ----------------------------------------------------------------------
 */

static void
jb_key(JsonbParseState **st, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(st, WJB_KEY, &v);
}

static void
jb_str(JsonbParseState **st, const char *key, const char *val)
{
	JsonbValue	v;

	jb_key(st, key);
	v.type = jbvString;
	v.val.string.val = (char *) val;
	v.val.string.len = strlen(val);
	pushJsonbValue(st, WJB_VALUE, &v);
}

/* a number rounded to 4 decimals; null if not finite */
static void
jb_num(JsonbParseState **st, const char *key, double x)
{
	JsonbValue	v;

	jb_key(st, key);
	if (!isfinite(x))
	{
		v.type = jbvNull;
		pushJsonbValue(st, WJB_VALUE, &v);
		return;
	}
	v.type = jbvNumeric;
	if (fabs(x) < 1e14)
		v.val.numeric = DatumGetNumeric(DirectFunctionCall1(numeric_trim_scale,
															NumericGetDatum(int64_div_fast_to_numeric((int64) rint(x * 10000.0), 4))));
	else
		v.val.numeric = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(rint(x))));
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
jb_bool(JsonbParseState **st, const char *key, bool b)
{
	JsonbValue	v;

	jb_key(st, key);
	v.type = jbvBool;
	v.val.boolean = b;
	pushJsonbValue(st, WJB_VALUE, &v);
}

/* (the parse state keeps pointers to the strings until it is done: palloc them) */
static void
jb_country(JsonbParseState **st, const char *key, uint16 c)
{
	char	   *buf = palloc(8);

	cc_format_country(c, buf);
	jb_str(st, key, buf);
}

static void
jb_code(JsonbParseState **st, const char *key, int64 code)
{
	char	   *buf = palloc(HS_FORMAT_BUFSIZE);

	hs_key_format(code, HS_STYLE_PLAIN, buf);
	jb_str(st, key, buf);
}

/* the evidence object of one fired indicator */
static void
push_evidence(JsonbParseState **st, int ind, const sc_reason *re,
			  const sc_facts *f, const sc_result *r, const ScArgs *a,
			  const ScProfile *p)
{
	int			n = f->ncountries;

	jb_key(st, "evidence");
	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	if (re->cause != SC_CAUSE_NONE)
		jb_str(st, "cause", sc_cause_names[re->cause]);
	switch (ind)
	{
		case SC_WATCHLIST:
			jb_str(st, "list", p->watchlist);
			if (a->watch_tier >= 0 && a->watch_tier < p->ntiers)
				jb_str(st, "tier", p->tiers[a->watch_tier]);
			jb_code(st, "member", a->watch_member);
			jb_num(st, "tier_weight", f->tier_weight);
			jb_bool(st, "coalition_nexus", r->coalition_nexus);
			break;
		case SC_TRANSSHIPMENT:
			jb_country(st, "hub", f->countries[r->hub_position]);
			jb_country(st, "first", f->countries[0]);
			jb_country(st, "destination", f->countries[n - 1]);
			jb_bool(st, "coalition_nexus", r->coalition_nexus);
			break;
		case SC_ORIGIN:
			jb_country(st, "origin", f->origin);
			jb_country(st, "first", f->countries[0]);
			if (n >= 2)
				jb_country(st, "dispatch", f->countries[n - 2]);
			if (f->has_origin_lift && re->cause != SC_CAUSE_COALITION_ORIGIN_HUB_DISPATCH)
				jb_num(st, "origin_lift", f->origin_lift);
			break;
		case SC_ROUTE_SHAPE:
			jb_num(st, "detour_ratio", f->detour_ratio);
			break;
		case SC_UNIT_VALUE:
			jb_num(st, "unit_value", exp(f->log_unit_value));
			jb_num(st, "median", exp(f->uv_median));
			jb_num(st, "robust_z", re->value);
			jb_code(st, "baseline", a->uv_code);
			jb_num(st, "n", f->uv_n);
			break;
		case SC_LANE_SURGE:
			jb_country(st, "dispatch", f->countries[n - 2]);
			jb_country(st, "destination", f->countries[n - 1]);
			jb_code(st, "heading", a->heading);
			jb_num(st, "before", f->lane_before);
			jb_num(st, "after", f->lane_after);
			jb_num(st, "ratio", f->lane_ratio);
			jb_num(st, "relative_ratio", f->lane_relative);
			break;
		case SC_NEW_TRADER:
			if (re->cause == SC_CAUSE_NEW_CHAPTER)
			{
				jb_num(st, "chapter", hs_key_chapter(a->hs));
				jb_num(st, "declarations_before", f->exporter_history);
			}
			break;
		case SC_ROUTE_RARITY:
			jb_country(st, "dispatch", f->countries[n - 2]);
			jb_country(st, "destination", f->countries[n - 1]);
			if (re->cause == SC_CAUSE_RARE_ROUTE)
			{
				jb_num(st, "share", f->route_share);
				jb_num(st, "usual_share", f->usual_share);
				jb_num(st, "rarity", re->value);
			}
			else
				jb_num(st, "declarations_before", f->exporter_history);
			break;
		case SC_PARTY:
			jb_num(st, "similarity", f->party_similarity);
			if (a->party >= 0 && a->party < p->nparties)
			{
				const ScParty *party = &p->parties[a->party];

				jb_str(st, "list", party->list);
				jb_str(st, "party_id", party->party_id);
				jb_str(st, "listed_name", party->listed_name);
				if (party->matched_alias)
					jb_str(st, "matched_alias", party->matched_alias);
				jb_str(st, "matched_by", party->matched_by);
			}
			break;
	}
	pushJsonbValue(st, WJB_END_OBJECT, NULL);
}

/* the reasons array (by contribution, largest first) */
static Datum
build_reasons(const sc_facts *f, const sc_result *r, const ScArgs *a,
			  const ScProfile *p)
{
	JsonbParseState *st = NULL;
	JsonbValue *res;
	int			order[SC_NINDICATORS],
				k = 0;

	for (int i = 0; i < SC_NINDICATORS; i++)
		if (r->reasons[i].fired)
			order[k++] = i;
	/* insertion sort of at most SC_NINDICATORS, by contribution descending */
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && r->reasons[order[j]].contribution > r->reasons[order[j - 1]].contribution; j--)
		{
			int			t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}

	pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
	for (int i = 0; i < k; i++)
	{
		const sc_reason *re = &r->reasons[order[i]];

		pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
		jb_str(&st, "indicator", sc_indicator_names[order[i]]);
		jb_num(&st, "weight", p->params.weight[order[i]]);
		jb_num(&st, "strength", re->strength);
		jb_num(&st, "exposure", re->exposure);
		jb_num(&st, "contribution", re->contribution);
		push_evidence(&st, order[i], re, f, r, a, p);
		pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	}
	res = pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

/* ----------------------------------------------------------------------
 * screen_declaration
 * ----------------------------------------------------------------------
 */

/*
 * Score the declaration in the first eight arguments against the profile
 * named by the ninth: the per-query state (created on the first row, in the
 * function's memory context), and the facts, result and named arguments of
 * this row.  False for a NULL profile.
 */
static bool
score_row(FunctionCallInfo fcinfo, bool composite, ScCall **callp, ScArgs *a,
		  sc_facts *f, sc_result *r)
{
	ScCall	   *call = (ScCall *) fcinfo->flinfo->fn_extra;
	text	   *profile_arg;

	if (PG_NARGS() < 9 || PG_ARGISNULL(8))
		return false;
	profile_arg = PG_GETARG_TEXT_PP(8);

	if (call == NULL || call->profile_name == NULL
		|| strlen(call->profile_name) != VARSIZE_ANY_EXHDR(profile_arg)
		|| memcmp(call->profile_name, VARDATA_ANY(profile_arg), VARSIZE_ANY_EXHDR(profile_arg)) != 0)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	tupdesc;

		if (call == NULL)
		{
			call = palloc0(sizeof(ScCall));
			call->routes = palloc0(sizeof(ScRouteShape) * ROUTE_CACHE_SIZE);
			if (composite)
			{
				if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
					elog(ERROR, "screen_declaration must return a composite type");
				call->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
			}
			for (int i = 0; i < 4; i++)
				call->level_text[i] = CStringGetTextDatum(sc_level_names[i]);
			fcinfo->flinfo->fn_extra = call;
		}
		call->profile_name = text_to_cstring(profile_arg);
		MemoryContextSwitchTo(old);
		call->profile = acquire_profile(fcinfo, call->profile_name);
	}
	*callp = call;

	memset(a, 0, sizeof(*a));
	a->watch_tier = -1;
	a->has_hs = !PG_ARGISNULL(0);
	if (a->has_hs)
		a->hs = PG_GETARG_HSCODE(0);
	if (!PG_ARGISNULL(1))
		a->ncountries = route_codes(PG_GETARG_ROUTE(1), a->countries);
	a->has_origin = !PG_ARGISNULL(2);
	if (a->has_origin)
		a->origin = PG_GETARG_COUNTRY(2);
	a->has_date = !PG_ARGISNULL(3) && !DATE_NOT_FINITE(PG_GETARG_DATEADT(3));
	if (a->has_date)
		a->date = PG_GETARG_DATEADT(3);
	if (!PG_ARGISNULL(7))
		a->has_exporter = text_key_hash(PG_GETARG_TEXT_PP(7), &a->exporter);

	gather_facts(call->profile, call->routes, a,
				 PG_ARGISNULL(4) ? 0.0 : PG_GETARG_FLOAT8(4), !PG_ARGISNULL(4),
				 PG_ARGISNULL(5) ? 0.0 : PG_GETARG_FLOAT8(5), !PG_ARGISNULL(5),
				 PG_ARGISNULL(6) ? NULL : PG_GETARG_TEXT_PP(6), f);
	sc_evaluate(f, &call->profile->params, r);
	return true;
}

/*
 * screen_declaration(hs hscode, route route, origin country, decl_date date,
 *		value_usd double precision, quantity double precision, unit text,
 *		exporter text, profile text DEFAULT 'default') returns screening
 *
 * Not STRICT: a NULL argument only disables the indicators that need it.
 * A NULL profile gives NULL.
 */
PG_FUNCTION_INFO_V1(screen_declaration);
Datum
screen_declaration(PG_FUNCTION_ARGS)
{
	ScCall	   *call;
	ScProfile  *p;
	ScArgs		a;
	sc_facts	f;
	sc_result	r;
	Datum		values[6];
	bool		nulls[6] = {false};
	int			k;

	if (!score_row(fcinfo, true, &call, &a, &f, &r))
		PG_RETURN_NULL();
	p = call->profile;

	values[0] = Float8GetDatum(r.score);
	values[1] = call->level_text[r.level];
	k = 0;
	for (int i = 0; i < SC_NINDICATORS; i++)
		k += r.reasons[i].fired;
	if (k == 0)
	{
		values[2] = p->empty_reasons;
		values[3] = p->empty_fired;
	}
	else
	{
		Datum		names[SC_NINDICATORS];
		int			j = 0;

		values[2] = build_reasons(&f, &r, &a, p);
		for (int i = 0; i < SC_NINDICATORS; i++)
			if (r.reasons[i].fired)
				names[j++] = CStringGetTextDatum(sc_indicator_names[i]);
		values[3] = PointerGetDatum(construct_array(names, j, TEXTOID, -1, false, TYPALIGN_INT));
	}
	values[4] = PG_GETARG_DATUM(8);
	values[5] = Int64GetDatum(p->version);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(call->tupdesc, values, nulls)));
}

/*
 * screen_score(the arguments of screen_declaration) returns double precision:
 * the score alone, without building the reasons, for ranking or filtering
 * many rows before explaining the few that matter.
 */
PG_FUNCTION_INFO_V1(screen_score);
Datum
screen_score(PG_FUNCTION_ARGS)
{
	ScCall	   *call;
	ScArgs		a;
	sc_facts	f;
	sc_result	r;

	if (!score_row(fcinfo, false, &call, &a, &f, &r))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r.score);
}

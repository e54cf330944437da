/*
 * score_cache.c
 *		The per-backend cache of scoring profiles: a profile (its parameters,
 *		the country roles, the watchlist tiers and the fitted baselines) is
 *		read once through SPI, under the calling query's snapshot, into one
 *		hash table in a memory context of its own.
 *
 * Each query checks the profile's row once (on its first row) and reloads
 * the profile when screen_fit, screen_profile_import or a change of the
 * configuration rewrote it; no row does any SPI or catalog look-up.  A
 * profile still in use by an open query when a newer version arrives is
 * freed only when that query ends.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "score_internal.h"

static ScProfile *profiles = NULL;

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

/* ----------------------------------------------------------------------
 * The baseline tables screen_fit fills, each with its loader: the one C
 * place that names them (install/70_scoring.sql's screen_baseline_tables()
 * is the one SQL place; sql/scoring.sql checks that it names every table
 * keyed by profile, and a table listed here but missing fails every load).
 * ----------------------------------------------------------------------
 */

/* K_UNIT_VALUE: code, unit -> n, median, mad of ln(value / quantity) */
static void
load_unit_value(ScProfile *p, uint64 r)
{
	bool		isnull;
	int64		code = DatumGetHscode(col(r, 1, &isnull));
	text	   *unit = DatumGetTextPP(col(r, 2, &isnull));
	uint64		uh;
	ScEntry    *e;

	if (!sc_unit_key_hash(unit, &uh))
		return;
	fact(p->facts, mk(K_UV_CODE, (uint64) code, 0))->v[0] = 1;
	e = fact(p->facts, mk(K_UNIT_VALUE, (uint64) code, uh & UINT64CONST(0xFFFFFFFFFFFF)));
	e->v[0] = col_int64(r, 3);
	e->v[1] = col_float8(r, 4);
	e->v[2] = col_float8(r, 5);
}

/* K_LANE: heading, dispatch, destination -> relative, ratio, before, after */
static void
load_lane(ScProfile *p, uint64 r)
{
	bool		isnull;
	int64		heading = DatumGetHscode(col(r, 1, &isnull));
	ScEntry    *e = fact(p->facts, mk(K_LANE, (uint64) heading,
									  PAIR(col_country(r, 2), col_country(r, 3))));

	for (int i = 0; i < 4; i++)
		e->v[i] = col_float8(r, 4 + i);
}

/* routes before the cutoff, and their margins */
static void
load_route(ScProfile *p, uint64 r)
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
static void
load_route_end(ScProfile *p)
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
static void
load_origin(ScProfile *p, uint64 r)
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

/* K_EXPORTER: exporter -> first seen, declarations before the cutoff */
static void
load_exporter(ScProfile *p, uint64 r)
{
	bool		isnull;
	uint64		h;
	ScEntry    *e;

	if (!sc_text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
		return;
	e = fact(p->facts, mk(K_EXPORTER, h, 0));
	e->v[0] = DatumGetDateADT(col(r, 2, &isnull));
	e->v[1] = col_int64(r, 3);
}

/* K_EXPORTER_CHAPTER: the chapters an exporter traded before the cutoff */
static void
load_exporter_chapter(ScProfile *p, uint64 r)
{
	bool		isnull;
	uint64		h;

	if (sc_text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
		fact(p->facts, mk(K_EXPORTER_CHAPTER, h, (uint16) DatumGetInt16(col(r, 2, &isnull))))->v[0] = 1;
}

/* K_EXPORTER_LEG: the last legs an exporter used before the cutoff */
static void
load_exporter_leg(ScProfile *p, uint64 r)
{
	bool		isnull;
	uint64		h;

	if (sc_text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
		fact(p->facts, mk(K_EXPORTER_LEG, h, PAIR(col_country(r, 2), col_country(r, 3))))->v[0] = 1;
}

/* room for every matched party */
static void
load_party_begin(ScProfile *p, uint64 nrows)
{
	p->parties = MemoryContextAllocZero(p->cxt, sizeof(ScParty) * (nrows + 1));
}

/* K_PARTY: an exporter that matches a listed party, and the party */
static void
load_party(ScProfile *p, uint64 r)
{
	bool		isnull;
	uint64		h;
	ScEntry    *e;
	ScParty    *party = &p->parties[p->nparties];
	char	   *alias;

	if (!sc_text_key_hash(DatumGetTextPP(col(r, 1, &isnull)), &h))
		return;
	party->list = MemoryContextStrdup(p->cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3));
	party->party_id = MemoryContextStrdup(p->cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 4));
	party->listed_name = MemoryContextStrdup(p->cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 5));
	alias = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 6);
	if (alias != NULL)
		party->matched_alias = MemoryContextStrdup(p->cxt, alias);
	party->matched_by = MemoryContextStrdup(p->cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 7));
	e = fact(p->facts, mk(K_PARTY, h, 0));
	e->v[0] = col_float8(r, 2);
	e->v[1] = p->nparties++;
}

typedef struct ScBaselineDef
{
	const char *table;
	const char *columns;		/* the SELECT list the loader reads */
	void		(*begin) (ScProfile *p, uint64 nrows);
	void		(*row) (ScProfile *p, uint64 r);
	void		(*end) (ScProfile *p);
} ScBaselineDef;

static const ScBaselineDef sc_baselines[] = {
	{"screen_baseline_unit_value", "code, unit, n, median, mad", NULL, load_unit_value, NULL},
	{"screen_baseline_lane", "heading, dispatch, destination, relative, ratio, before, after", NULL, load_lane, NULL},
	{"screen_baseline_route", "heading, destination, dispatch, n", NULL, load_route, load_route_end},
	{"screen_baseline_origin", "heading, origin, n", NULL, load_origin, NULL},
	{"screen_baseline_exporter", "exporter, first_seen, declarations_before", NULL, load_exporter, NULL},
	{"screen_baseline_exporter_chapter", "exporter, chapter", NULL, load_exporter_chapter, NULL},
	{"screen_baseline_exporter_leg", "exporter, dispatch, destination", NULL, load_exporter_leg, NULL},
	{"screen_baseline_party", "exporter, similarity, list, party_id, listed_name, matched_alias, matched_by",
	load_party_begin, load_party, NULL},
};

/*
 * The export-restriction regimes and their listed codes: each code's
 * restrictions chained from its K_RESTR entry, and every code above a listed
 * one linked to it through K_RESTR_UNDER (a coarse declaration may be it).
 */
static void
load_restrictions(ScProfile *p, const char *s)
{
	StringInfoData q;

	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT g.regime, 'b', b.c FROM %s.restriction_regimes g, unnest(g.binds) b(c) "
					 "UNION ALL SELECT g.regime, 'd', d.c FROM %s.restriction_regimes g, unnest(g.destinations) d(c) "
					 "UNION ALL SELECT g.regime, 'r', NULL FROM %s.restriction_regimes g "
					 "WHERE $1 IS NOT NULL ORDER BY 1, 2", s, s, s);
	spi_query(q.data, p->name);
	p->regimes = MemoryContextAllocZero(p->cxt, sizeof(ScRegime) * (SPI_processed + 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *regime = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		char	   *kind = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);
		ScRegime   *g = p->nregimes > 0 ? &p->regimes[p->nregimes - 1] : NULL;
		int			slot;

		if (g == NULL || strcmp(g->name, regime) != 0)
		{
			g = &p->regimes[p->nregimes++];
			g->name = MemoryContextStrdup(p->cxt, regime);
		}
		if (kind[0] == 'r')
			continue;
		slot = country_slot(col_country(r, 3));
		if (slot < 0)
			continue;
		if (kind[0] == 'b')
			g->binds[slot] = true;
		else
			g->covers[slot] = true;
	}

	resetStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT regime, code, list, valid_from, valid_to, ex, min_item_value_eur "
					 "FROM %s.restrictions WHERE $1 IS NOT NULL", s);
	spi_query(q.data, p->name);
	p->restr = MemoryContextAllocZero(p->cxt, sizeof(ScRestriction) * (SPI_processed + 1));
	p->links = MemoryContextAllocZero(p->cxt, sizeof(ScLink) * (SPI_processed * 5 + 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		char	   *regime = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		ScRestriction *x = &p->restr[p->nrestr];
		ScEntry    *e;
		Datum		d;
		int			g;

		for (g = 0; g < p->nregimes; g++)
			if (strcmp(p->regimes[g].name, regime) == 0)
				break;
		if (g == p->nregimes)
			continue;
		x->regime = g;
		x->code = DatumGetHscode(col(r, 2, &isnull));
		x->list = MemoryContextStrdup(p->cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3));
		x->from = DatumGetDateADT(col(r, 4, &isnull));
		d = col(r, 5, &isnull);
		x->to = isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
		x->ex = DatumGetBool(col(r, 6, &isnull));
		d = col(r, 7, &isnull);
		x->min_eur = isnull ? NAN : DatumGetFloat8(d);

		/* (an insert may move every entry: use each pointer at once) */
		e = fact(p->facts, mk(K_RESTR, (uint64) x->code, 0));
		x->next = e->v[0] > 0 ? (int) e->v[0] - 1 : -1;
		e->v[0] = p->nrestr + 1;
		for (int nd = hs_parent_ndigits(hs_key_ndigits(x->code)); nd >= HS_MIN_DIGITS;
			 nd = hs_parent_ndigits(nd))
		{
			ScLink	   *l = &p->links[p->nlinks];

			e = fact(p->facts, mk(K_RESTR_UNDER, (uint64) hs_key_truncate(x->code, nd), 0));
			l->item = p->nrestr;
			l->next = e->v[0] > 0 ? (int) e->v[0] - 1 : -1;
			e->v[0] = ++p->nlinks;
			if (nd == HS_MIN_DIGITS)
				break;
		}
		p->nrestr++;
	}
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
		p->watch_codes = MemoryContextAllocZero(cxt, sizeof(int64) * (SPI_processed + 1));
		p->watch_weights = MemoryContextAllocZero(cxt, sizeof(double) * (SPI_processed + 1));
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
				sc_tier_default_weight(order_null ? 0 : DatumGetInt32(order));
			e->v[1] = ti;
			if (e->v[0] > 0.0)
			{
				double		w = e->v[0];

				p->watch_codes[p->nwatch] = code;
				p->watch_weights[p->nwatch++] = w;
				/* the codes above the member: a coarse declaration may be it */
				for (int d = hs_parent_ndigits(hs_key_ndigits(code)); d >= HS_MIN_DIGITS;
					 d = hs_parent_ndigits(d))
				{
					ScEntry    *u = fact(p->facts, mk(K_WATCH_UNDER, (uint64) hs_key_truncate(code, d), 0));

					if (w > u->v[0])
					{
						u->v[0] = w;
						u->v[1] = ti;
					}
					if (d == HS_MIN_DIGITS)
						break;
				}
			}
		}

		load_restrictions(p, s);

		/* the fitted baselines, each table by its loader (sc_baselines) */
		for (int b = 0; b < (int) lengthof(sc_baselines); b++)
		{
			const ScBaselineDef *def = &sc_baselines[b];

			resetStringInfo(&q);
			appendStringInfo(&q, "SELECT %s FROM %s.%s WHERE profile = $1",
							 def->columns, s, def->table);
			spi_query(q.data, name);
			if (def->begin)
				def->begin(p, SPI_processed);
			for (uint64 r = 0; r < SPI_processed; r++)
				def->row(p, r);
			if (def->end)
				def->end(p);
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
ScProfile *
sc_acquire_profile(FunctionCallInfo fcinfo, const char *name)
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

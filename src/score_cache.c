/*
 * score_cache.c
 *		The per-backend cache of scoring profile versions, and the loader
 *		that reads a profile from its tables.
 *
 * A version is what scoring reads (its parameters, the country roles, the
 * watchlist with every interval of its entries, the listed names' keys and
 * the fitted baselines), read once into one hash table in a memory context
 * of its own: from its image in screen_profile_versions (one fetch: see
 * score_image.c), or from the tables when the version has no image.  A
 * loaded version never changes; the cache keeps the most recently used ones
 * within trade_screen.profile_cache_size.
 *
 * A profile reference ('name', or 'name@N' for version N) is checked once
 * per snapshot with one SPI query, so every statement, PL/pgSQL's included,
 * scores with the version committed when its snapshot was taken; a row under
 * the same snapshot costs a comparison, or a hash look-up when it names
 * another profile than the row before.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "common/hashfn.h"
#include "utils/guc.h"

#include "profile_core.h"
#include "score_internal.h"

/* a date as a number of days, the infinities as infinities */
static inline double
date_days(DateADT d)
{
	if (DATE_IS_NOBEGIN(d))
		return -INFINITY;
	if (DATE_IS_NOEND(d))
		return INFINITY;
	return (double) d;
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
static inline ScBuild *
fact(scfacts_hash *h, ScKey key)
{
	bool		found;
	ScBuild    *e = scfacts_insert(h, key, &found);

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
	ScBuild    *e;

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
	ScBuild    *e = fact(p->facts, mk(K_LANE, (uint64) heading,
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
	ScBuild    *e;
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
	ScBuild    *e;

	scfacts_start_iterate(p->facts, &it);
	while ((e = scfacts_iterate(p->facts, &it)) != NULL)
	{
		if ((e->key.b >> 48) == K_ROUTE_DD)
		{
			ScBuild    *d = scfacts_lookup(p->facts, mk(K_ROUTE_DEST, 0, (e->key.b >> 16) & 0xFFFF));

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
	ScBuild    *e;

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
	ScBuild    *e;

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
	ScBuild    *e;
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

/*
 * The listed parties, as the profile's version sees them: a party the fit
 * matched that is no longer listed stops matching (its K_PARTY entries go),
 * except, in a profile imported from another server (a shard's copy), for a
 * list this server does not hold at all, whose matches stay as the fit made
 * them;
 * and the name_key of every name and alias of every listed party becomes a
 * K_LISTED entry, so that an exporter the fit never saw, or a list loaded
 * after the fit, is screened without a query per row.  A key shared by
 * several parties names the first by (list, party_id).
 */
static void
load_listed(ScProfile *p, const char *s)
{
	StringInfoData q;
	HASHCTL		ctl;
	HTAB	   *listed;
	int			nmatched = p->nparties;
	int			party = -1;
	char	   *last_list = NULL,
			   *last_id = NULL;

	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT l.list, l.party_id, l.name, n.n, %s.name_key(n.n) "
					 "FROM %s.listed_parties l CROSS JOIN LATERAL unnest(l.names) WITH ORDINALITY n(n, i) "
					 "WHERE $1 IS NOT NULL "
					 "ORDER BY l.list COLLATE \"C\", l.party_id COLLATE \"C\", n.i", s, s);
	spi_query(q.data, p->name);

	ctl.keysize = sizeof(uint64);
	ctl.entrysize = sizeof(uint64);
	ctl.hcxt = CurrentMemoryContext;
	listed = hash_create("trade_screen listed parties", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	p->parties = p->parties == NULL
		? MemoryContextAllocZero(p->cxt, sizeof(ScParty) * (SPI_processed + 1))
		: repalloc(p->parties, sizeof(ScParty) * (nmatched + SPI_processed + 1));
	memset(p->parties + nmatched, 0, sizeof(ScParty) * (SPI_processed + 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *list = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		char	   *id = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);
		char	   *alias = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 4);
		bool		isnull;
		Datum		key = col(r, 5, &isnull);
		uint64		kh;
		ScBuild    *e;
		bool		found;

		if (last_list == NULL || strcmp(list, last_list) != 0 || strcmp(id, last_id) != 0)
		{
			ScParty    *lp = &p->parties[nmatched + ++party];
			StringInfoData both;

			lp->list = MemoryContextStrdup(p->cxt, list);
			lp->party_id = MemoryContextStrdup(p->cxt, id);
			lp->listed_name = MemoryContextStrdup(p->cxt, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3));
			lp->matched_by = MemoryContextStrdup(p->cxt, "name key");
			last_list = list;
			last_id = id;
			initStringInfo(&both);
			appendStringInfo(&both, "%s%c%s", list, '\0', id);
			kh = hash_bytes_extended((const unsigned char *) both.data, both.len, 0);
			hash_search(listed, &kh, HASH_ENTER, &found);
			/* ... and the list, seed 1 */
			kh = hash_bytes_extended((const unsigned char *) list, strlen(list), 1);
			hash_search(listed, &kh, HASH_ENTER, &found);
		}
		if (isnull || VARSIZE_ANY_EXHDR(DatumGetTextPP(key)) == 0)
			continue;
		/* (hashed as sc_exporter_hash hashes an exporter's key) */
		if (!sc_text_key_hash(DatumGetTextPP(key), &kh))
			continue;
		e = scfacts_insert(p->facts, mk(K_LISTED, kh, 0), &found);
		if (!found)
		{
			memset(e->v, 0, sizeof(e->v));
			e->v[0] = nmatched + party;
			p->nlisted++;
			/* the alias the key came from, when it is not the listed name */
			if (strcmp(alias, p->parties[nmatched + party].listed_name) != 0 &&
				p->parties[nmatched + party].matched_alias == NULL)
				p->parties[nmatched + party].matched_alias = MemoryContextStrdup(p->cxt, alias);
		}
	}
	p->nparties = nmatched + party + 1;

	/* the fit's matches of parties still listed */
	if (nmatched > 0)
	{
		scfacts_iterator it;
		ScBuild    *e;
		ScKey	   *gone = palloc(sizeof(ScKey) * nmatched);
		int			ngone = 0;

		scfacts_start_iterate(p->facts, &it);
		while ((e = scfacts_iterate(p->facts, &it)) != NULL)
		{
			if ((e->key.b >> 48) == K_PARTY && e->v[1] < nmatched && ngone < nmatched)
			{
				const ScParty *mp = &p->parties[(int) e->v[1]];
				StringInfoData both;
				uint64		kh,
							lh;

				initStringInfo(&both);
				appendStringInfo(&both, "%s%c%s", mp->list, '\0', mp->party_id);
				kh = hash_bytes_extended((const unsigned char *) both.data, both.len, 0);
				lh = hash_bytes_extended((const unsigned char *) mp->list, strlen(mp->list), 1);
				/* an imported profile's list this server does not hold says nothing */
				if (hash_search(listed, &kh, HASH_FIND, NULL) == NULL &&
					(!p->imported || hash_search(listed, &lh, HASH_FIND, NULL) != NULL))
					gone[ngone++] = e->key;
			}
		}
		/* (a delete may move entries: delete after the iteration) */
		for (int i = 0; i < ngone; i++)
			scfacts_delete(p->facts, gone[i]);
	}
	hash_destroy(listed);
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
		ScBuild    *e;
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
ScProfile *
sc_load_profile_tables(const char *schema, const char *name)
{
	MemoryContext cxt;
	ScProfile  *p;
	StringInfoData q;
	const char *s = quote_identifier(schema);
	ScRoleRow  *rows;

	cxt = AllocSetContextCreate(TopMemoryContext, "trade_screen profile",
								ALLOCSET_DEFAULT_SIZES);
	p = MemoryContextAllocZero(cxt, sizeof(ScProfile));
	p->cxt = cxt;
	p->shared_slot = -1;
	p->name = MemoryContextStrdup(cxt, name);
	sc_params_default(&p->params);
	p->facts = scfacts_create(cxt, 1024, NULL);
	initStringInfo(&q);

	PG_TRY();
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");

		/* the profile row */
		appendStringInfo(&q, "SELECT version, cutoff, watchlist, has_history, lane_prior, xmin, ctid, imported "
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
			p->imported = DatumGetBool(col(0, 8, &isnull));
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

		/*
		 * The watchlist with every validity interval of each entry: which
		 * one holds is decided per statement (sc_watch_lookup), so that a
		 * long-lived session does not keep the day it loaded the profile.
		 */
		resetStringInfo(&q);
		appendStringInfo(&q,
						 "SELECT w.code, w.excluded, w.tier, t.tier_order, c.value, w.valid_from, w.valid_to "
						 "FROM %s.watchlists w "
						 "LEFT JOIN %s.watchlist_tiers t ON t.list = w.list AND t.tier = w.tier "
						 "LEFT JOIN %s.screen_config c ON c.profile = $1 AND c.parameter = 'tier.' || w.tier "
						 "WHERE w.list = (SELECT watchlist FROM %s.screen_profiles WHERE profile = $1) "
						 "ORDER BY w.code, w.valid_from",
						 s, s, s, s);
		spi_query(q.data, name);
		p->tiers = MemoryContextAllocZero(cxt, sizeof(char *) * (SPI_processed + 1));
		p->watch_codes = MemoryContextAllocZero(cxt, sizeof(int64) * (SPI_processed + 1));
		p->watch_weights = MemoryContextAllocZero(cxt, sizeof(double) * (SPI_processed + 1));
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull,
						order_null,
						weight_null,
						to_null;
			int64		code = DatumGetHscode(col(r, 1, &isnull));
			bool		excluded = DatumGetBool(col(r, 2, &isnull));
			char	   *tier = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3);
			Datum		order = col(r, 4, &order_null);
			Datum		weight = col(r, 5, &weight_null);
			DateADT		from = DatumGetDateADT(col(r, 6, &isnull));
			Datum		to = col(r, 7, &to_null);
			uint64		k = 0;
			ScBuild    *e;
			int			ti = -1;

			/* the next free interval of the code */
			while (scfacts_lookup(p->facts, mk(K_WATCH, (uint64) code, k)) != NULL)
				k++;
			e = fact(p->facts, mk(K_WATCH, (uint64) code, k));
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
			e->v[2] = date_days(from);
			e->v[3] = to_null ? INFINITY : date_days(DatumGetDateADT(to));
			/* (a coarse code's members are every entry's, whatever its days) */
			if (e->v[0] > 0.0)
			{
				double		w = e->v[0];

				p->watch_codes[p->nwatch] = code;
				p->watch_weights[p->nwatch++] = w;
				/* the codes above the member: a coarse declaration may be it */
				for (int d = hs_parent_ndigits(hs_key_ndigits(code)); d >= HS_MIN_DIGITS;
					 d = hs_parent_ndigits(d))
				{
					ScBuild    *u = fact(p->facts, mk(K_WATCH_UNDER, (uint64) hs_key_truncate(code, d), 0));

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
		load_listed(p, s);
		SPI_finish();
	}
	PG_CATCH();
	{
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	sc_profile_finish(p);
	return p;
}

/*
 * The filter of a profile's fact keys (see ScProfile.fact_filter): sized for
 * nfacts at 8 to 16 bits a fact (1-5% of absent keys pass to the table),
 * filled by sc_filter_add as the facts go in, used once the profile is
 * finished.
 */
void
sc_filter_begin(ScProfile *p, uint64 nfacts)
{
	uint64		bits = 4096;

	while (bits < nfacts * 8 && bits < (UINT64CONST(1) << 31))
		bits <<= 1;
	p->filter_mask = bits - 1;
	p->filter_build = MemoryContextAllocZero(p->cxt, bits / 8);
}

void
sc_filter_add(ScProfile *p, ScKey key)
{
	uint64		h = sc_filter_hash(key);
	uint64		b1 = h & p->filter_mask,
				b2 = (h >> 32) & p->filter_mask;

	p->filter_build[b1 >> 6] |= UINT64CONST(1) << (b1 & 63);
	p->filter_build[b2 >> 6] |= UINT64CONST(1) << (b2 & 63);
}

/*
 * The constants a loaded profile hands out (an empty reasons array and
 * fired list), and the memory it holds, once everything else is in.
 */
void
sc_profile_finish(ScProfile *p)
{
	MemoryContext old = MemoryContextSwitchTo(p->cxt);

	/*
	 * A profile read from the tables gets its table of facts and its filter
	 * here, in one pass over the hash table it was built in, which then goes.
	 */
	if (p->slots == NULL)
	{
		scfacts_iterator it;
		ScBuild    *e;

		p->nfacts = p->facts->members;
		p->nslots = sc_nslots(p->nfacts);
		p->slots = MemoryContextAllocExtended(p->cxt, p->nslots * sizeof(ScEntry),
											  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		sc_filter_begin(p, p->nfacts);
		scfacts_start_iterate(p->facts, &it);
		while ((e = scfacts_iterate(p->facts, &it)) != NULL)
		{
			uint64		i = sc_slot(e->key, p->nslots);

			while (p->slots[i].key.b != 0)
				if (++i == p->nslots)
					i = 0;
			p->slots[i].key = e->key;
			memcpy(p->slots[i].v, e->v, sizeof(e->v));
			sc_filter_add(p, e->key);
		}
		scfacts_destroy(p->facts);
		p->facts = NULL;
	}
	if (p->filter_build != NULL)
		p->fact_filter = p->filter_build;

	p->empty_reasons = DirectFunctionCall1(jsonb_in, CStringGetDatum("[]"));
	p->empty_fired = PointerGetDatum(construct_empty_array(TEXTOID));
	MemoryContextSwitchTo(old);
	p->bytes = MemoryContextMemAllocated(p->cxt, true);
}


/* ----------------------------------------------------------------------
 * The cache: kept versions, found by reference and snapshot
 * ----------------------------------------------------------------------
 */

/* the loaded versions, newest first; LRU by last_used */
static ScProfile *profiles = NULL;
static Size cache_bytes = 0;
static uint64 cache_clock = 0;

/*
 * Grows whenever a version leaves the cache: a query that remembered a
 * profile under an older epoch looks it up again.
 */
static uint64 cache_epoch = 1;

/* trade_screen.profile_cache_size, in kB */
static int	profile_cache_size_kb = 256 * 1024;
static int	profile_versions_kept = 20;

/* a profile reference ('name' or 'name@N') and what it meant last */
typedef struct ScRef
{
	uint64		hash;			/* hash of the reference: the key */
	char	   *ref;			/* in TopMemoryContext */
	int			reflen;
	ScProfile  *profile;		/* NULL: not resolved */
	ScSnapKey	snap;			/* resolved under this snapshot */
	DateADT		as_of;
} ScRef;

static HTAB *refs = NULL;

#define REFS_MAX	10000

/*
 * The settings of the cache, at library load.
 */
void
sc_cache_init(void)
{
	DefineCustomIntVariable("trade_screen.profile_cache_size",
							"Memory a backend may keep loaded scoring profile versions in.",
							"The least recently used versions are dropped beyond it; the versions the running queries use stay.",
							&profile_cache_size_kb,
							256 * 1024, 0, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	DefineCustomIntVariable("trade_screen.profile_versions_kept",
							"Unpinned versions kept of each scoring profile.",
							"When a profile gets a new version, its unpinned versions older than the newest this many are dropped from screen_profile_versions.",
							&profile_versions_kept,
							20, 1, INT_MAX,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
}

/* the snapshot the calling statement reads with */
static void
snapkey_now(ScSnapKey *k)
{
	memset(k, 0, sizeof(*k));
	if (ActiveSnapshotSet())
	{
		Snapshot	s = GetActiveSnapshot();

		k->snapshot = s;
		k->xmin = s->xmin;
		k->xmax = s->xmax;
		k->curcid = s->curcid;
		k->completions = s->snapXactCompletionCount;
		k->xact_start = GetCurrentTransactionStartTimestamp();
	}
}

/*
 * Whether two snapshot keys are the same snapshot: the same active snapshot
 * seeing the same transactions and commands.  With no active snapshot
 * nothing is the same.
 */
static inline bool
snapkey_eq(const ScSnapKey *a, const ScSnapKey *b)
{
	return a->snapshot != NULL && a->snapshot == b->snapshot &&
		a->xmin == b->xmin && a->xmax == b->xmax &&
		a->curcid == b->curcid && a->completions == b->completions &&
		a->xact_start == b->xact_start;
}

/* forget every reference to p (it is leaving the cache) */
static void
refs_forget(ScProfile *p)
{
	HASH_SEQ_STATUS it;
	ScRef	   *r;

	if (refs == NULL)
		return;
	hash_seq_init(&it, refs);
	while ((r = hash_seq_search(&it)) != NULL)
		if (r->profile == p)
			r->profile = NULL;
}

/*
 * Drop the least recently used versions, but keep, while the cache holds
 * more than trade_screen.profile_cache_size.
 */
static void
cache_evict(ScProfile *keep)
{
	while (cache_bytes > (Size) profile_cache_size_kb * 1024)
	{
		ScProfile **link,
				  **victim = NULL;

		for (link = &profiles; *link; link = &(*link)->next)
			if (*link != keep && (victim == NULL || (*link)->last_used < (*victim)->last_used))
				victim = link;
		if (victim == NULL)
			break;
		{
			ScProfile  *p = *victim;

			*victim = p->next;
			refs_forget(p);
			cache_bytes -= Min(cache_bytes, p->bytes);
			cache_epoch++;
			sc_shared_release(p);
			MemoryContextDelete(p->cxt);
		}
	}
}

/* whether some reference resolves to p */
static bool
refs_point_to(ScProfile *p)
{
	HASH_SEQ_STATUS it;
	ScRef	   *r;

	if (refs == NULL)
		return false;
	hash_seq_init(&it, refs);
	while ((r = hash_seq_search(&it)) != NULL)
		if (r->profile == p)
		{
			hash_seq_term(&it);
			return true;
		}
	return false;
}

/*
 * Drop this backend's other versions of keep's profile that are read from
 * shared memory and that no reference resolves to any more (keep replaced
 * them): held, they would stay in shared memory for as long as this backend
 * lives, however long it idles.  A version named again is found in shared
 * memory or read again.
 */
static void
cache_drop_superseded(ScProfile *keep)
{
	ScProfile **link = &profiles;

	while (*link)
	{
		ScProfile  *p = *link;

		if (p != keep && p->shared_slot >= 0 && strcmp(p->name, keep->name) == 0 &&
			!refs_point_to(p))
		{
			*link = p->next;
			cache_bytes -= Min(cache_bytes, p->bytes);
			cache_epoch++;
			sc_shared_release(p);
			MemoryContextDelete(p->cxt);
		}
		else
			link = &p->next;
	}
}

/* the entry of a reference, created unresolved */
static ScRef *
ref_entry(const char *data, int len)
{
	uint64		h = hash_bytes_extended((const unsigned char *) data, len, 0);
	ScRef	   *r;
	bool		found;

	if (refs == NULL || hash_get_num_entries(refs) >= REFS_MAX)
	{
		HASHCTL		ctl;

		if (refs != NULL)
		{
			HASH_SEQ_STATUS it;

			hash_seq_init(&it, refs);
			while ((r = hash_seq_search(&it)) != NULL)
				pfree(r->ref);
			hash_destroy(refs);
		}
		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(ScRef);
		refs = hash_create("trade_screen profile references", 64, &ctl, HASH_ELEM | HASH_BLOBS);
	}
	r = hash_search(refs, &h, HASH_ENTER, &found);
	if (found && (r->reflen != len || memcmp(r->ref, data, len) != 0))
	{
		/* two references with one hash: the newer takes the entry */
		pfree(r->ref);
		found = false;
	}
	if (!found)
	{
		r->ref = MemoryContextAlloc(TopMemoryContext, len + 1);
		memcpy(r->ref, data, len);
		r->ref[len] = '\0';
		r->reflen = len;
		r->profile = NULL;
		memset(&r->snap, 0, sizeof(r->snap));
	}
	return r;
}

/*
 * Find what reference r names under the current snapshot (one SPI query),
 * and load that version unless the cache holds it: from its image in
 * screen_profile_versions, or, for a version without an image (a profile
 * being restored, or made by hand), from the tables.
 */
static void
resolve(FunctionCallInfo fcinfo, ScRef *r)
{
	char	   *schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	const char *s = quote_identifier(schema);
	int64		want;
	size_t		namelen = pc_split_reference(r->ref, r->reflen, &want);
	char	   *name = pnstrdup(r->ref, namelen);
	Oid			argtypes[2] = {TEXTOID, INT8OID};
	Datum		args[2];
	StringInfoData q;
	int64		version;
	TransactionId row_xmin = InvalidTransactionId;
	ItemPointerData row_tid;
	char		image_hash[33] = "";
	bool		isnull;
	Datum		d;
	ScProfile  *p;
	bool		loaded = false;

	ItemPointerSetInvalid(&row_tid);
	initStringInfo(&q);
	if (want == 0)
		appendStringInfo(&q,
						 "SELECT p.version, p.xmin, p.ctid, v.image_hash, NULL::date "
						 "FROM %s.screen_profiles p LEFT JOIN %s.screen_profile_versions v "
						 "ON v.profile = p.profile AND v.version = p.version "
						 "WHERE p.profile = $1 AND $2 = 0", s, s);
	else
		appendStringInfo(&q,
						 "SELECT v.version, NULL::xid, NULL::tid, v.image_hash, v.superseded_at::date "
						 "FROM %s.screen_profile_versions v WHERE v.profile = $1 AND v.version = $2 "
						 "UNION ALL "
						 "SELECT p.version, p.xmin, p.ctid, NULL, NULL FROM %s.screen_profiles p "
						 "WHERE p.profile = $1 AND p.version = $2 AND NOT EXISTS "
						 "(SELECT FROM %s.screen_profile_versions v WHERE v.profile = $1 AND v.version = $2)",
						 s, s, s);
	args[0] = CStringGetTextDatum(name);
	args[1] = Int64GetDatum(want);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(q.data, 2, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "scoring profile query failed");
	if (SPI_processed != 1)
	{
		if (want == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("scoring profile \"%s\" does not exist", name),
					 errhint("Fit it with screen_fit(declarations, '%s'), or create it with screen_profile_create('%s').",
							 name, name)));
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("version " INT64_FORMAT " of scoring profile \"%s\" is not kept", want, name),
				 errdetail("screen_profile_versions keeps the current version, the pinned ones and the newest trade_screen.profile_versions_kept of each profile."),
				 errhint("See screen_profile_versions for the kept versions; pin a version with screen_profile_pin to keep it.")));
	}
	version = col_int64(0, 1);
	d = col(0, 2, &isnull);
	if (!isnull)
		row_xmin = DatumGetTransactionId(d);
	d = col(0, 3, &isnull);
	if (!isnull)
		ItemPointerCopy((ItemPointer) DatumGetPointer(d), &row_tid);
	d = col(0, 4, &isnull);
	if (!isnull)
		strlcpy(image_hash, TextDatumGetCString(d), sizeof(image_hash));
	d = col(0, 5, &isnull);
	r->as_of = isnull ? GetSQLCurrentDate() : DatumGetDateADT(d);

	for (p = profiles; p; p = p->next)
		if (p->version == version && strcmp(p->name, name) == 0 &&
			(image_hash[0] != '\0' ? strcmp(p->image_hash, image_hash) == 0 :
			 (p->image_hash[0] == '\0' && p->row_xmin == row_xmin &&
			  ItemPointerEquals(&p->row_tid, &row_tid))))
			break;

	/* another backend may have put the image in shared memory */
	if (p == NULL && image_hash[0] != '\0')
	{
		p = sc_shared_get(name, version, image_hash);
		if (p != NULL)
		{
			strlcpy(p->image_hash, image_hash, sizeof(p->image_hash));
			loaded = true;
		}
	}
	if (p == NULL && image_hash[0] != '\0')
	{
		resetStringInfo(&q);
		appendStringInfo(&q, "SELECT image FROM %s.screen_profile_versions WHERE profile = $1 AND version = $2", s);
		args[1] = Int64GetDatum(version);
		if (SPI_execute_with_args(q.data, 2, argtypes, args, NULL, true, 0) != SPI_OK_SELECT
			|| SPI_processed != 1)
			elog(ERROR, "image of version " INT64_FORMAT " of scoring profile \"%s\" vanished", version, name);
		p = sc_image_read(col(0, 1, &isnull), name);
		p = sc_shared_put(p, version, image_hash);
		strlcpy(p->image_hash, image_hash, sizeof(p->image_hash));
		loaded = true;
	}
	SPI_finish();

	if (p == NULL)
	{
		p = sc_load_profile_tables(schema, name);
		p->image_hash[0] = '\0';
		loaded = true;
	}
	if (loaded)
	{
		p->next = profiles;
		profiles = p;
		cache_bytes += p->bytes;
	}
	p->last_used = ++cache_clock;
	r->profile = p;
	if (loaded)
		cache_drop_superseded(p);
	cache_evict(p);
}

/*
 * The profile a row names, as its statement's snapshot sees it: the
 * reference (a profile name, or 'name@N' for version N) is checked once per
 * snapshot (one SPI query), so that every statement, in PL/pgSQL too, scores
 * with the version committed when it started; under the same snapshot a row
 * costs a comparison when it names the profile of the row before, and a
 * hash look-up when it names another.
 */
ScProfile *
sc_profile_for_row(FunctionCallInfo fcinfo, ScCall *call, text *reference)
{
	ScSnapKey	now;
	int			len = VARSIZE_ANY_EXHDR(reference);
	const char *data = VARDATA_ANY(reference);
	ScRef	   *r;

	snapkey_now(&now);
	if (call->profile != NULL && call->epoch == cache_epoch &&
		call->profile_name_len == len && memcmp(call->profile_name, data, len) == 0 &&
		snapkey_eq(&call->snap, &now))
		return call->profile;

	r = ref_entry(data, len);
	if (r->profile == NULL || !snapkey_eq(&r->snap, &now))
	{
		resolve(fcinfo, r);
		r->snap = now;
	}
	r->profile->last_used = ++cache_clock;

	if (call->profile_name_cap < len + 1)
	{
		call->profile_name_cap = Max(len + 1, 64);
		call->profile_name = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, call->profile_name_cap);
	}
	memcpy(call->profile_name, data, len);
	call->profile_name_len = len;
	call->snap = now;
	call->epoch = cache_epoch;
	call->as_of = r->as_of;
	call->profile = r->profile;
	return r->profile;
}

/*
 * The watchlist entry of code in force on as_of: the interval of the code
 * that holds that day, or NULL (the code is not on the list that day).
 */
const ScEntry *
sc_watch_lookup(const ScProfile *p, int64 code, DateADT as_of)
{
	double		day = date_days(as_of);

	for (uint64 k = 0;; k++)
	{
		ScEntry    *e = sc_fact(p, mk(K_WATCH, (uint64) code, k));

		if (e == NULL)
			return NULL;
		if (e->v[2] <= day && day < e->v[3])
			return e;
	}
}

/* The listed party whose name has the exporter's name_key (hashed), or -1. */
int
sc_listed_party(const ScProfile *p, uint64 exporter)
{
	ScEntry    *e = sc_fact(p, mk(K_LISTED, exporter, 0));

	return e ? (int) e->v[0] : -1;
}

/*
 * screen_profile_cache() returns setof (profile text, version bigint,
 * image_hash text, bytes bigint, last_used bigint): the versions this
 * backend holds, most recently used first (image_hash NULL for a version
 * read from the tables).
 */
PG_FUNCTION_INFO_V1(screen_profile_cache);
Datum
screen_profile_cache(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (ScProfile *p = profiles; p; p = p->next)
	{
		Datum		values[5];
		bool		nulls[5] = {false};

		values[0] = CStringGetTextDatum(p->name);
		values[1] = Int64GetDatum(p->version);
		nulls[2] = p->image_hash[0] == '\0';
		values[2] = nulls[2] ? (Datum) 0 : CStringGetTextDatum(p->image_hash);
		values[3] = Int64GetDatum((int64) p->bytes);
		values[4] = Int64GetDatum((int64) p->last_used);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * score_facts.c
 *		The facts of one declaration: its arguments looked up in a cached
 *		profile (country roles on the date, the watchlist member above the
 *		code, the unit-value, lane, route, origin, exporter and party
 *		baselines) into an sc_facts for sc_evaluate, and the keys units and
 *		exporter names are looked up by.
 *
 * The smoothing and the choice of baselines are arithmetic, in score_core.c.
 */
#include "postgres.h"

#include <math.h>

#include "common/hashfn.h"
#include "utils/builtins.h"

#include "score_internal.h"

extern Datum name_key(PG_FUNCTION_ARGS);

/* ----------------------------------------------------------------------
 * Keys of units and exporter names
 * ----------------------------------------------------------------------
 */

/*
 * Write the key of str into buf (at least len + 1 bytes): white space
 * trimmed and collapsed to one space, ASCII letters in lower case.
 * Returns the key's length (0 for a blank string).
 */
int
sc_screen_key_cstr(const char *str, int len, char *buf)
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

/* 64-bit hash of the key of a text datum; false for a blank one */
bool
sc_text_key_hash(text *t, uint64 *hash)
{
	int			len = VARSIZE_ANY_EXHDR(t);
	char		small[256];
	char	   *buf = len < (int) sizeof(small) ? small : palloc(len + 1);
	int			n = sc_screen_key_cstr(VARDATA_ANY(t), len, buf);

	if (n == 0)
		return false;
	*hash = hash_bytes_extended((const unsigned char *) buf, n, 0);
	return true;
}

/*
 * 64-bit hash of a unit's standard code (sc_unit_normalize: pcs, NAR and шт
 * are u); false for a blank unit.
 */
bool
sc_unit_key_hash(text *t, uint64 *hash)
{
	int			len = VARSIZE_ANY_EXHDR(t);
	char		small[256];
	char	   *buf = len + 8 < (int) sizeof(small) ? small : palloc(len + 8);
	double		factor;
	int			n = sc_unit_normalize(VARDATA_ANY(t), len, buf, &factor);

	if (n == 0)
		return false;
	*hash = hash_bytes_extended((const unsigned char *) buf, n, 0);
	return true;
}

/*
 * 64-bit hash of an exporter's key: name_key (script, case, quotes and
 * legal-form spelling folded), or the screen key when name_key leaves
 * nothing; the same key screen_fit stores (screen_exporter_key).  A query
 * keys each distinct name once (a direct-mapped cache in its ScCall).
 */
bool
sc_exporter_hash(ScCall *call, text *t, uint64 *hash)
{
	int			len = VARSIZE_ANY_EXHDR(t);
	uint64		raw = hash_bytes_extended((const unsigned char *) VARDATA_ANY(t), len, 1);
	ScNameSlot *slot = &call->names[raw % NAME_CACHE_SIZE];
	text	   *key;

	if (slot->len == len && slot->raw == raw)
	{
		*hash = slot->key;
		return slot->has_key;
	}
	key = DatumGetTextPP(DirectFunctionCall1(name_key, PointerGetDatum(t)));
	slot->raw = raw;
	slot->len = len;
	slot->has_key = VARSIZE_ANY_EXHDR(key) > 0 ? sc_text_key_hash(key, &slot->key)
		: sc_text_key_hash(t, &slot->key);
	*hash = slot->key;
	return slot->has_key;
}

/* ----------------------------------------------------------------------
 * Facts of one declaration
 * ----------------------------------------------------------------------
 */

/*
 * Roles of a country on a date; an open interval (to = DATEVAL_NOEND) holds
 * on 'infinity' too.
 */
static uint8
roles_on(const ScProfile *p, uint16 country, DateADT date)
{
	int			slot = country_slot(country);
	uint8		mask = 0;

	if (slot < 0 || p->role_first[slot] < 0)
		return 0;
	for (int i = p->role_first[slot]; i < p->role_first[slot] + p->role_count[slot]; i++)
		if (p->roles[i].from <= date &&
			(p->roles[i].to == DATEVAL_NOEND || date < p->roles[i].to))
			mask |= p->roles[i].role;
	return mask;
}

static inline double
lookup0(const ScProfile *p, ScKey key, int i)
{
	ScEntry    *e = sc_fact(p, key);

	return e ? e->v[i] : 0.0;
}

/* whether a country is one of a regime's (binds or covers) */
static inline bool
in_slots(const bool *slots, uint16 country)
{
	int			slot = country_slot(country);

	return slot >= 0 && slots[slot];
}

/*
 * Whether restriction i applies to the declaration on its date: valid then,
 * into a sanctioned destination its regime covers (*covered), or into a hub
 * on the way.
 */
static bool
restriction_applies(const ScProfile *p, const ScArgs *a, const sc_facts *f,
					DateADT date, int i, bool *covered)
{
	const ScRestriction *x = &p->restr[i];
	const ScRegime *g = &p->regimes[x->regime];
	int			n = a->ncountries;
	uint16		dest = n > 0 ? a->countries[n - 1] : 0;
	uint8		dest_roles = n > 0 ? f->roles[n - 1] : 0;

	*covered = n > 0 && in_slots(g->covers, dest) && (dest_roles & SC_ROLE_SANCTIONED);
	if (!(x->from <= date && (x->to == DATEVAL_NOEND || date < x->to)))
		return false;
	return *covered || (dest_roles & SC_ROLE_HUB);
}

/*
 * Weigh one restriction against the declaration: whether it applies on the
 * date and to the destination, how strongly the goods match it, whether it
 * binds the origin or a country the goods left; keep the strongest as the
 * restricted fact, and the strongest that binds the dispatch country as the
 * direct export.  A coarse match (the declared code above the listed one)
 * weighs `coarse`, the share of the declared code's subheadings covered.
 */
static void
weigh_restriction(const ScProfile *p, ScArgs *a, sc_facts *f, DateADT date,
				  int i, sc_match match, double coarse, double *best)
{
	const ScRestriction *x = &p->restr[i];
	const ScRegime *g = &p->regimes[x->regime];
	const sc_params *pp = &p->params;
	int			n = a->ncountries;
	bool		covered;
	bool		bound = a->has_origin && in_slots(g->binds, a->origin);
	sc_value_cond value;
	double		strength,
				eff;

	if (!restriction_applies(p, a, f, date, i, &covered))
		return;
	if (x->ex && match == SC_MATCH_FULL)
		match = SC_MATCH_EX;
	for (int k = 0; k < n - 1; k++)
		bound |= in_slots(g->binds, a->countries[k]);
	value = sc_value_condition(x->min_eur, strcmp(a->unit, "u") == 0, a->value,
							   a->quantity * a->unit_factor, pp);
	if (match == SC_MATCH_COARSE)
		strength = coarse * sc_match_strength(x->ex ? SC_MATCH_EX : SC_MATCH_FULL, value, pp);
	else
		strength = sc_match_strength(match, value, pp);
	eff = strength * (bound ? 1.0 : pp->no_nexus);
	if (eff > *best)
	{
		*best = eff;
		f->restricted_rho = strength;
		f->restricted_bound = bound;
		f->restricted_match = match;
		f->restricted_value = value;
		a->restr = i;
	}
	if (covered && n >= 2 && in_slots(g->binds, a->countries[n - 2]) && strength > f->direct_rho)
	{
		f->direct_rho = strength;
		a->direct = i;
	}
}

/* qsort/bsearch order of int64 keys */
static int
key_cmp(const void *x, const void *y)
{
	int64		a = *(const int64 *) x,
				b = *(const int64 *) y;

	return a < b ? -1 : a > b ? 1 : 0;
}

/* sort keys and drop repeats; returns how many remain */
static int
keys_unique(int64 *keys, int n)
{
	int			m = 0;

	if (n == 0)
		return 0;
	qsort(keys, n, sizeof(int64), key_cmp);
	for (int i = 1; i < n; i++)
		if (keys[i] != keys[m])
			keys[++m] = keys[i];
	return m + 1;
}

/* whether key is among the n sorted keys */
static bool
key_in(const int64 *keys, int n, int64 key)
{
	return n > 0 && bsearch(&key, keys, n, sizeof(int64), key_cmp) != NULL;
}

/*
 * The share of a declared chapter or heading's HS2022 subheadings that the
 * restrictions applying to it cover: a listed heading covers all its
 * subheadings, a listed subheading itself, a listed national line under a
 * subheading a part of it (restriction.coarse_factor).  Into f's coarse_*.
 */
static void
coarse_share(const ScProfile *p, const ScArgs *a, sc_facts *f, DateADT date, const ScEntry *e)
{
	int			nd = hs_key_ndigits(a->hs);
	char		digits[HS_FORMAT_BUFSIZE];
	int			nlinks = 0,
				nheads = 0,
				nfull = 0,
				npart = 0;
	int64	   *heads,
			   *full,
			   *part;
	double		covered = 0.0;

	hs_key_digits(a->hs, digits);
	f->coarse_subheadings = sc_hs2022_subheadings(atoi(digits), nd);
	if (f->coarse_subheadings > 0)
	{
		for (int l = (int) e->v[0] - 1; l >= 0; l = p->links[l].next)
			nlinks++;
		heads = palloc(sizeof(int64) * nlinks);
		full = palloc(sizeof(int64) * nlinks);
		part = palloc(sizeof(int64) * nlinks);
		for (int l = (int) e->v[0] - 1; l >= 0; l = p->links[l].next)
		{
			int64		code = p->restr[p->links[l].item].code;
			int			ndc = hs_key_ndigits(code);
			bool		cov;

			if (!restriction_applies(p, a, f, date, p->links[l].item, &cov))
				continue;
			if (ndc == 4)
				heads[nheads++] = code;
			else if (ndc == 6)
				full[nfull++] = code;
			else if (ndc > 6)
				part[npart++] = hs_key_truncate(code, 6);
		}
		nheads = keys_unique(heads, nheads);
		nfull = keys_unique(full, nfull);
		npart = keys_unique(part, npart);
		for (int i = 0; i < nheads; i++)
		{
			hs_key_digits(heads[i], digits);
			covered += sc_hs2022_subheadings(atoi(digits), 4);
		}
		for (int i = 0; i < nfull; i++)
			if (!key_in(heads, nheads, hs_key_truncate(full[i], 4)))
				covered += 1.0;
		for (int i = 0; i < npart; i++)
			if (!key_in(heads, nheads, hs_key_truncate(part[i], 4)) && !key_in(full, nfull, part[i]))
				covered += p->params.coarse_factor;
		pfree(heads);
		pfree(full);
		pfree(part);
	}
	f->coarse_covered = covered;
	f->coarse_share = sc_coarse_share(f->coarse_subheadings, covered, p->params.coarse_factor);
}

/* A member of the watchlist under a coarse declaration: its code and weight. */
typedef struct WatchMember
{
	int64		code;
	double		weight;
} WatchMember;

static int
member_cmp(const void *x, const void *y)
{
	const WatchMember *a = x;
	const WatchMember *b = y;

	return a->code < b->code ? -1 : a->code > b->code ? 1 :
		a->weight > b->weight ? -1 : a->weight < b->weight ? 1 : 0;
}

/*
 * The tier weight of a declared chapter or heading above watchlist members,
 * as restrictions weigh a coarse declaration: each of its HS2022 subheadings
 * weighs what the longest member at or above it weighs (a member heading
 * weighs all its subheadings, a member subheading itself, members below a
 * subheading that is not one restriction.coarse_factor of it), and the
 * declaration weighs their mean: all subheadings listed at tier 1 weigh 1.
 * When the subheadings are not known (a declared subheading above national
 * lines), restriction.coarse_factor of the strongest member, as before.
 * Every member counts whatever its dates: the declaration may be any of them.
 */
static void
watch_coarse(const ScProfile *p, ScArgs *a, sc_facts *f, double strongest)
{
	int			nd = hs_key_ndigits(a->hs);
	char		digits[HS_FORMAT_BUFSIZE];
	WatchMember *m;
	int			n = 0;
	double		covered = 0.0,
				weighed = 0.0;

	hs_key_digits(a->hs, digits);
	f->watch_subheadings = sc_hs2022_subheadings(atoi(digits), nd);
	f->watch_covered = 0.0;
	if (f->watch_subheadings <= 0)
	{
		f->tier_weight = p->params.coarse_factor * strongest;
		return;
	}
	m = palloc(sizeof(WatchMember) * Max(p->nwatch, 1));
	for (int i = 0; i < p->nwatch; i++)
		if (hs_key_ndigits(p->watch_codes[i]) > nd &&
			hs_key_truncate(p->watch_codes[i], nd) == a->hs)
		{
			m[n].code = p->watch_codes[i];
			m[n++].weight = p->watch_weights[i];
		}
	/* by code, the heaviest first: a code listed twice weighs its most */
	qsort(m, n, sizeof(WatchMember), member_cmp);
	for (int i = 0; i < n; i++)
	{
		int			ndm = hs_key_ndigits(m[i].code);
		int64		head = hs_key_truncate(m[i].code, 4);
		int64		sub = ndm > 6 ? hs_key_truncate(m[i].code, 6) : m[i].code;
		const WatchMember *above = NULL;

		if (i > 0 && m[i - 1].code == m[i].code)
			continue;
		/* the longest other member at or above this one's subheading */
		for (int j = 0; j < n; j++)
			if (j != i && hs_key_ndigits(m[j].code) < ndm &&
				(m[j].code == head || m[j].code == sub) &&
				(above == NULL || hs_key_ndigits(m[j].code) > hs_key_ndigits(above->code)))
				above = &m[j];
		if (ndm == 4)
		{
			int			nsub;

			hs_key_digits(m[i].code, digits);
			nsub = sc_hs2022_subheadings(atoi(digits), 4);
			covered += nsub;
			weighed += nsub * m[i].weight;
		}
		else if (ndm == 6)
		{
			if (above != NULL)
				weighed += m[i].weight - above->weight;		/* replaces the heading's */
			else
			{
				covered += 1.0;
				weighed += m[i].weight;
			}
		}
		else if (above == NULL)
		{
			/* national lines under a subheading no member covers: a part of it */
			bool		seen = false;

			for (int j = 0; j < i; j++)
				if (hs_key_ndigits(m[j].code) > 6 && hs_key_truncate(m[j].code, 6) == sub)
					seen = true;
			if (!seen)
			{
				double		heaviest = m[i].weight;

				for (int j = i + 1; j < n; j++)
					if (hs_key_ndigits(m[j].code) > 6 && hs_key_truncate(m[j].code, 6) == sub)
						heaviest = Max(heaviest, m[j].weight);
				covered += p->params.coarse_factor;
				weighed += p->params.coarse_factor * heaviest;
			}
		}
	}
	pfree(m);
	f->watch_covered = covered;
	f->tier_weight = Min(strongest, Max(weighed, 0.0) / f->watch_subheadings);
}

/* the restriction facts of a declaration (see sc_facts) */
static void
restriction_facts(const ScProfile *p, ScArgs *a, sc_facts *f, DateADT date)
{
	int			nd = hs_key_ndigits(a->hs);
	double		best = 0.0;
	ScEntry    *e;

	if (p->nrestr == 0 || a->ncountries == 0)
		return;
	/* listed codes at or above the declared one */
	for (int d = nd; d >= HS_MIN_DIGITS; d = hs_parent_ndigits(d))
	{
		e = sc_fact(p, mk(K_RESTR, (uint64) hs_key_truncate(a->hs, d), 0));
		for (int i = e ? (int) e->v[0] - 1 : -1; i >= 0; i = p->restr[i].next)
			weigh_restriction(p, a, f, date, i, SC_MATCH_FULL, 1.0, &best);
		if (d == HS_MIN_DIGITS)
			break;
	}
	/* listed codes under the declared one: a coarse declaration */
	e = sc_fact(p, mk(K_RESTR_UNDER, (uint64) a->hs, 0));
	if (e == NULL || e->v[0] <= 0)
		return;
	coarse_share(p, a, f, date, e);
	for (int l = (int) e->v[0] - 1; l >= 0; l = p->links[l].next)
		weigh_restriction(p, a, f, date, p->links[l].item, SC_MATCH_COARSE, f->coarse_share, &best);
}

/* Fill f from the arguments and the profile. */
void
sc_gather_facts(const ScProfile *p, ScCall *call, ScArgs *a,
			 double value, bool has_value, double quantity, bool has_quantity,
			 text *unit, sc_facts *f)
{
	const sc_params *pp = &p->params;
	DateADT		date = a->has_date ? a->date : GetSQLCurrentDate();
	int			n = a->ncountries;
	uint16		dest = n > 0 ? a->countries[n - 1] : 0;
	uint16		disp = n > 1 ? a->countries[n - 2] : 0;

	sc_facts_init(f);
	a->restr = -1;
	a->direct = -1;
	a->value = has_value ? value : NAN;
	a->quantity = has_quantity ? quantity : NAN;
	a->unit[0] = '\0';
	a->unit_factor = 1.0;
	if (unit != NULL)
	{
		int			len = VARSIZE_ANY_EXHDR(unit);
		const char *raw = VARDATA_ANY(unit);
		ScUnitSlot *slot = NULL;

		/* a spelling this query has seen: its code from the query's cache */
		if (len < UNIT_CACHE_LEN)
			slot = &call->units[hash_bytes((const unsigned char *) raw, len) % UNIT_CACHE_SIZE];
		if (slot != NULL && slot->len == len && memcmp(slot->raw, raw, len) == 0)
		{
			strcpy(a->unit, slot->unit);
			a->unit_factor = slot->factor;
		}
		else
		{
			char	   *buf = palloc(len + 8);
			int			k = sc_unit_normalize(raw, len, buf, &a->unit_factor);

			if (k < (int) sizeof(a->unit))
				memcpy(a->unit, buf, k + 1);
			pfree(buf);
			if (slot != NULL)
			{
				slot->len = len;
				memcpy(slot->raw, raw, len);
				strcpy(slot->unit, a->unit);
				slot->factor = a->unit_factor;
			}
		}
	}
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
		ScRouteShape *slot = &call->routes[h % ROUTE_CACHE_SIZE];

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
		bool		decided = false;

		a->heading = heading;
		/* the longest member of the watchlist above the code decides */
		f->watch_match = SC_MATCH_NONE;
		for (int d = p->watch_chapter[hs_key_chapter(a->hs) % 100] ? nd : 0;
			 d >= HS_MIN_DIGITS; d = hs_parent_ndigits(d))
		{
			int64		anc = hs_key_truncate(a->hs, d);
			const ScEntry *e = sc_watch_lookup(p, anc, a->as_of);

			if (e)
			{
				if (e->v[0] > 0.0)
				{
					f->tier_weight = e->v[0];
					f->watch_match = SC_MATCH_FULL;
					a->watch_member = anc;
					a->watch_tier = (int) e->v[1];
				}
				decided = true;
				break;
			}
			if (d == HS_MIN_DIGITS)
				break;
		}

		/*
		 * a code above members (a heading or chapter declared): it may be one
		 * of them, weighed by the share of it they cover (watch_coarse)
		 */
		if (!decided && p->watch_chapter[hs_key_chapter(a->hs) % 100])
		{
			ScEntry    *e = sc_fact(p, mk(K_WATCH_UNDER, (uint64) a->hs, 0));

			if (e && e->v[0] > 0.0)
			{
				watch_coarse(p, a, f, e->v[0]);
				f->watch_match = SC_MATCH_COARSE;
				a->watch_member = a->hs;
				a->watch_tier = (int) e->v[1];
			}
		}

		/*
		 * unit value: the most detailed baseline with enough observations, in
		 * the unit's standard code with the quantity converted (g -> kg); when
		 * the check cannot run, uv_status says why
		 */
		f->uv_status = SC_UV_CHECKED;
		if (!has_value && !has_quantity)
			f->uv_status = SC_UV_NO_PRICE;
		else if (!has_value || !has_quantity)
			f->uv_status = SC_UV_MISSING;
		else if (!isfinite(value) || !isfinite(quantity))
			f->uv_status = SC_UV_NOT_FINITE;
		else if (!(value > 0.0) || !(quantity > 0.0))
			f->uv_status = SC_UV_NOT_POSITIVE;
		else if (a->unit[0] == '\0')
			f->uv_status = SC_UV_NO_UNIT;
		else
		{
			static const int levels[2] = {6, 4};
			ScEntry    *found[2] = {NULL, NULL};
			bool		present[2] = {false, false};
			double		count[2] = {0, 0};
			bool		any_unit = false;
			uint64		uh = hash_bytes_extended((const unsigned char *) a->unit, strlen(a->unit), 0);
			int			pick;

			f->has_unit_value = true;
			f->log_unit_value = log(value / (quantity * a->unit_factor));
			for (int l = 0; l < 2; l++)
			{
				int64		c;

				if (nd < levels[l])
					continue;
				c = hs_key_truncate(a->hs, levels[l]);
				found[l] = sc_fact(p, mk(K_UNIT_VALUE, (uint64) c,
													   uh & UINT64CONST(0xFFFFFFFFFFFF)));
				present[l] = found[l] != NULL;
				count[l] = present[l] ? found[l]->v[0] : 0;
				any_unit |= sc_fact(p, mk(K_UV_CODE, (uint64) c, 0)) != NULL;
			}
			pick = sc_uv_pick(present, count, pp->uv_min_n);
			if (pick >= 0)
			{
				f->has_uv_baseline = true;
				f->uv_n = found[pick]->v[0];
				f->uv_median = found[pick]->v[1];
				f->uv_mad = found[pick]->v[2];
				f->uv_level = levels[pick];
				a->uv_code = hs_key_truncate(a->hs, levels[pick]);
				if (f->uv_n < pp->uv_min_n)
					f->uv_status = SC_UV_TOO_FEW;
			}
			else
				f->uv_status = any_unit ? SC_UV_UNIT_NOT_SEEN : SC_UV_NO_BASELINE;
		}

		restriction_facts(p, a, f, date);

		if (heading >= 0 && n >= 2)
		{
			ScEntry    *e = sc_fact(p, mk(K_LANE, (uint64) heading, PAIR(disp, dest)));
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
			dest_e = sc_fact(p, mk(K_ROUTE_DEST, 0, dest));
			if (dest_e != NULL && dest_e->v[0] > 0)
			{
				ScEntry    *hd = sc_fact(p, mk(K_ROUTE_HD, (uint64) heading, dest));
				double		n_hd = hd ? hd->v[0] : 0.0;
				double		cell_max = hd ? hd->v[1] : 0.0;
				double		q = sc_dispatch_share(dest_e->v[0], dest_e->v[1],
												  lookup0(p, mk(K_ROUTE_DD, 0, PAIR(dest, disp)), 0));
				double		q_max = sc_dispatch_share(dest_e->v[0], dest_e->v[1], dest_e->v[2]);
				double		cell = n_hd > 0 ? lookup0(p, mk(K_ROUTE_CELL, (uint64) heading, PAIR(dest, disp)), 0) : 0.0;

				f->has_rarity = true;
				sc_route_shares(cell, cell_max, n_hd, q, q_max, alpha,
								&f->route_share, &f->usual_share);
			}
		}

		/* origin plausibility for the heading */
		if (heading >= 0 && a->has_origin && p->origin_total > 0)
		{
			double		n_h = lookup0(p, mk(K_ORIGIN_HEADING, (uint64) heading, 0), 0);

			if (n_h > 0)
			{
				f->has_origin_lift = true;
				f->origin_lift = sc_origin_lift(lookup0(p, mk(K_ORIGIN_CELL, (uint64) heading, a->origin), 0),
												n_h, lookup0(p, mk(K_ORIGIN, 0, a->origin), 0),
												p->origin_total, p->origin_countries,
												pp->rarity_alpha);
			}
		}
	}

	a->party = -1;
	if (a->has_exporter && p->nparties > 0)
	{
		ScEntry    *e = sc_fact(p, mk(K_PARTY, a->exporter, 0));

		if (e)
		{
			f->party_similarity = e->v[0];
			a->party = (int) e->v[1];
		}
	}
	/* a name listed since the fit: the listed names' keys, in the profile */
	if (a->party < 0 && a->has_exporter && p->nlisted > 0)
	{
		a->party = sc_listed_party(p, a->exporter);
		if (a->party >= 0)
			f->party_similarity = 1.0;
	}
	if (a->has_exporter)
	{
		ScEntry    *e = sc_fact(p, mk(K_EXPORTER, a->exporter, 0));

		f->has_exporter = true;
		if (e && e->v[1] > 0)
		{
			f->exporter_known = true;
			f->exporter_history = e->v[1];
			f->exporter_in_chapter = !a->has_hs ||
				sc_fact(p, mk(K_EXPORTER_CHAPTER, a->exporter,
											(uint16) hs_key_chapter(a->hs))) != NULL;
			f->exporter_used_leg = n < 2 ||
				sc_fact(p, mk(K_EXPORTER_LEG, a->exporter, PAIR(disp, dest))) != NULL;
		}
	}
}

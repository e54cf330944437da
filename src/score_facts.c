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
	ScEntry    *e = scfacts_lookup(p->facts, key);

	return e ? e->v[i] : 0.0;
}

/* Fill f from the arguments and the profile. */
void
sc_gather_facts(const ScProfile *p, ScRouteShape *routes, ScArgs *a,
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
			const ScEntry *e = sc_watch_lookup(p, anc, a->as_of);

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
			if (sc_text_key_hash(unit, &uh))
			{
				static const int levels[2] = {6, 4};
				ScEntry    *found[2] = {NULL, NULL};
				bool		present[2] = {false, false};
				double		count[2] = {0, 0};
				int			pick;

				for (int l = 0; l < 2; l++)
				{
					if (nd < levels[l])
						continue;
					found[l] = scfacts_lookup(p->facts, mk(K_UNIT_VALUE, (uint64) hs_key_truncate(a->hs, levels[l]),
														   uh & UINT64CONST(0xFFFFFFFFFFFF)));
					present[l] = found[l] != NULL;
					count[l] = present[l] ? found[l]->v[0] : 0;
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
		ScEntry    *e = scfacts_lookup(p->facts, mk(K_PARTY, a->exporter, 0));

		if (e)
		{
			f->party_similarity = e->v[0];
			a->party = (int) e->v[1];
		}
	}
	/* a name listed since the fit: the listed names' keys, in the profile */
	if (a->party < 0 && a->exporter_text != NULL && p->nlisted > 0)
	{
		a->party = sc_listed_party(p, a);
		if (a->party >= 0)
			f->party_similarity = 1.0;
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

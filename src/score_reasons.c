/*
 * score_reasons.c
 *		The reasons of a screening as jsonb: one object per indicator that
 *		fired (indicator, weight, strength, exposure, contribution) with the
 *		evidence an analyst needs to check it, largest contribution first.
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "score_internal.h"

/*
 * The jsonb of the reasons is built as a tree of JsonbValues and converted
 * once (JsonbValueToJsonb), with every object's keys put in jsonb's order
 * (shorter first, then bytewise) here: the same value pushJsonbValue made,
 * without its general sort of every object's keys.
 */
#define JB_MAX_PAIRS	16

static JsonbValue *
jb_object(void)
{
	JsonbValue *o = palloc(sizeof(JsonbValue));

	o->type = jbvObject;
	o->val.object.nPairs = 0;
	o->val.object.pairs = palloc(sizeof(JsonbPair) * JB_MAX_PAIRS);
	return o;
}

/* the value of a new key of o, to be filled in */
static JsonbValue *
jb_key(JsonbValue *o, const char *key)
{
	JsonbPair  *pair;

	if (o->val.object.nPairs >= JB_MAX_PAIRS)
		elog(ERROR, "a reason object has more than %d keys", JB_MAX_PAIRS);
	pair = &o->val.object.pairs[o->val.object.nPairs];
	pair->key.type = jbvString;
	pair->key.val.string.val = (char *) key;
	pair->key.val.string.len = strlen(key);
	pair->order = o->val.object.nPairs++;
	return &pair->value;
}

/* jsonb's order of keys: length, then bytes; of one key, the last set first */
static int
jb_pair_cmp(const JsonbPair *a, const JsonbPair *b)
{
	if (a->key.val.string.len != b->key.val.string.len)
		return a->key.val.string.len > b->key.val.string.len ? 1 : -1;
	{
		int			c = memcmp(a->key.val.string.val, b->key.val.string.val,
							   a->key.val.string.len);

		if (c != 0)
			return c;
	}
	return a->order > b->order ? -1 : 1;
}

/* put o's keys in jsonb's order, a key set twice keeping its last value */
static void
jb_finish(JsonbValue *o)
{
	JsonbPair  *pairs = o->val.object.pairs;
	int			n = o->val.object.nPairs,
				k = 0;

	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && jb_pair_cmp(&pairs[j], &pairs[j - 1]) < 0; j--)
		{
			JsonbPair	t = pairs[j];

			pairs[j] = pairs[j - 1];
			pairs[j - 1] = t;
		}
	for (int i = 0; i < n; i++)
		if (k == 0 || pairs[i].key.val.string.len != pairs[k - 1].key.val.string.len ||
			memcmp(pairs[i].key.val.string.val, pairs[k - 1].key.val.string.val,
				   pairs[i].key.val.string.len) != 0)
			pairs[k++] = pairs[i];
	o->val.object.nPairs = k;
}

static void
jb_str(JsonbValue *o, const char *key, const char *val)
{
	JsonbValue *v = jb_key(o, key);

	v->type = jbvString;
	v->val.string.val = (char *) val;
	v->val.string.len = strlen(val);
}

/*
 * The numeric of a finite double, as float8_numeric makes it (printed with
 * 15 significant digits, then parsed), remembered in a direct-mapped cache
 * by the double's bits: weights, parameters, strengths and most evidence
 * repeat from row to row, and printing a double costs more than the rest of
 * a reason.  A copy is returned (the parse state keeps the pointer until the
 * jsonb is built, and a later number may take the slot).
 */
#define NUMERIC_CACHE_SIZE	4096
#define NUMERIC_CACHE_BYTES 32

typedef struct NumericSlot
{
	uint64		bits;
	int			len;			/* 0: empty */
	char		data[NUMERIC_CACHE_BYTES];
} NumericSlot;

static NumericSlot *numeric_cache = NULL;

static Numeric
evidence_numeric(double x)
{
	uint64		bits;
	NumericSlot *slot;
	Numeric		n;
	int			len;

	memcpy(&bits, &x, sizeof(bits));
	if (numeric_cache == NULL)
		numeric_cache = MemoryContextAllocZero(TopMemoryContext,
											   sizeof(NumericSlot) * NUMERIC_CACHE_SIZE);
	slot = &numeric_cache[(bits * UINT64CONST(0x9E3779B97F4A7C15)) >> 52];
	if (slot->len > 0 && slot->bits == bits)
	{
		n = palloc(slot->len);
		memcpy(n, slot->data, slot->len);
		return n;
	}
	n = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(x)));
	len = VARSIZE(n);
	if (len <= NUMERIC_CACHE_BYTES)
	{
		slot->bits = bits;
		slot->len = len;
		memcpy(slot->data, n, len);
	}
	return n;
}

/*
 * a number at full precision (15 significant digits, as float8 prints
 * them), so that every number of the evidence can be recomputed from the
 * others; null if not finite
 */
static void
jb_num(JsonbValue *o, const char *key, double x)
{
	JsonbValue *v = jb_key(o, key);

	if (!isfinite(x))
	{
		v->type = jbvNull;
		return;
	}
	v->type = jbvNumeric;
	v->val.numeric = evidence_numeric(x);
}

static void
jb_bool(JsonbValue *o, const char *key, bool b)
{
	JsonbValue *v = jb_key(o, key);

	v->type = jbvBool;
	v->val.boolean = b;
}

/* (the parse state keeps pointers to the strings until it is done: palloc them) */
static void
jb_country(JsonbValue *o, const char *key, uint16 c)
{
	char	   *buf = palloc(8);

	cc_format_country(c, buf);
	jb_str(o, key, buf);
}

static void
jb_code(JsonbValue *o, const char *key, int64 code)
{
	char	   *buf = palloc(HS_FORMAT_BUFSIZE);

	hs_key_format(code, HS_STYLE_PLAIN, buf);
	jb_str(o, key, buf);
}

/* the evidence object of one fired indicator */
static void
push_evidence(JsonbValue *reason, int ind, const sc_reason *re,
			  const sc_facts *f, const sc_result *r, const ScArgs *a,
			  const ScProfile *p)
{
	int			n = f->ncountries;
	JsonbValue *o = jb_object();

	if (re->cause != SC_CAUSE_NONE)
		jb_str(o, "cause", sc_cause_names[re->cause]);
	switch (ind)
	{
		case SC_WATCHLIST:
			jb_str(o, "list", p->watchlist);
			if (a->watch_tier >= 0 && a->watch_tier < p->ntiers)
				jb_str(o, "tier", p->tiers[a->watch_tier]);
			if (f->watch_match == SC_MATCH_COARSE)
			{
				JsonbValue *may_be;

				/* the declared code is above members: name the ones it may be */
				jb_code(o, "declared", a->watch_member);
				if (f->watch_subheadings > 0)
				{
					jb_num(o, "subheadings", f->watch_subheadings);
					jb_num(o, "covered_subheadings", f->watch_covered);
				}
				else
					jb_num(o, "coarse_factor", p->params.coarse_factor);
				may_be = jb_key(o, "may_be");
				may_be->type = jbvArray;
				may_be->val.array.rawScalar = false;
				may_be->val.array.nElems = 0;
				may_be->val.array.elems = palloc(sizeof(JsonbValue) * Max(p->nwatch, 1));
				for (int i = 0; i < p->nwatch; i++)
					if (hs_key_ndigits(p->watch_codes[i]) > hs_key_ndigits(a->watch_member)
						&& hs_key_truncate(p->watch_codes[i], hs_key_ndigits(a->watch_member)) == a->watch_member)
					{
						JsonbValue *v = &may_be->val.array.elems[may_be->val.array.nElems++];
						char	   *buf = palloc(HS_FORMAT_BUFSIZE);

						hs_key_format(p->watch_codes[i], HS_STYLE_PLAIN, buf);
						v->type = jbvString;
						v->val.string.val = buf;
						v->val.string.len = strlen(buf);
					}
			}
			else
				jb_code(o, "member", a->watch_member);
			jb_num(o, "tier_weight", f->tier_weight);
			jb_bool(o, "coalition_nexus", r->coalition_nexus);
			break;
		case SC_RESTRICTED:
		case SC_DIRECT_EXPORT:
			{
				int			i = ind == SC_RESTRICTED ? a->restr : a->direct;
				const ScRestriction *x = i >= 0 ? &p->restr[i] : NULL;

				if (x == NULL)
					break;
				jb_str(o, "regime", p->regimes[x->regime].name);
				jb_str(o, "list", x->list);
				jb_code(o, "listed", x->code);
				{
					int			y,
								m,
								d;
					char	   *buf = palloc(16);

					j2date(x->from + POSTGRES_EPOCH_JDATE, &y, &m, &d);
					snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
					jb_str(o, "valid_from", buf);
				}
				if (ind == SC_RESTRICTED)
				{
					jb_str(o, "match", f->restricted_match == SC_MATCH_COARSE ? "coarse_code" :
						   f->restricted_match == SC_MATCH_EX ? "ex_code" : "listed");
					jb_bool(o, "bound", f->restricted_bound);
					if (f->restricted_match == SC_MATCH_COARSE)
					{
						/* the share of the declared code's subheadings covered */
						jb_code(o, "declared", a->hs);
						if (f->coarse_subheadings > 0)
						{
							jb_num(o, "subheadings", f->coarse_subheadings);
							jb_num(o, "covered_subheadings", f->coarse_covered);
						}
						jb_num(o, "coarse_share", f->coarse_share);
					}
					if (!isnan(x->min_eur))
					{
						jb_num(o, "min_item_value_eur", x->min_eur);
						jb_str(o, "value_condition", sc_value_cond_names[f->restricted_value]);
						if (f->restricted_value != SC_VALUE_UNKNOWN)
							jb_num(o, "item_value_eur", a->value / (a->quantity * a->unit_factor) / p->params.usd_per_eur);
					}
				}
				else
				{
					jb_country(o, "dispatch", f->countries[n - 2]);
					jb_country(o, "destination", f->countries[n - 1]);
				}
			}
			break;
		case SC_TRANSSHIPMENT:
			jb_country(o, "hub", f->countries[r->hub_position]);
			jb_country(o, "first", f->countries[0]);
			jb_country(o, "destination", f->countries[n - 1]);
			jb_bool(o, "coalition_nexus", r->coalition_nexus);
			break;
		case SC_ORIGIN:
			jb_country(o, "origin", f->origin);
			jb_country(o, "first", f->countries[0]);
			if (n >= 2)
				jb_country(o, "dispatch", f->countries[n - 2]);
			if (f->has_origin_lift && re->cause != SC_CAUSE_COALITION_ORIGIN_HUB_DISPATCH)
				jb_num(o, "origin_lift", f->origin_lift);
			break;
		case SC_ROUTE_SHAPE:
			jb_num(o, "detour_ratio", f->detour_ratio);
			break;
		case SC_UNIT_VALUE:
			jb_bool(o, "checked", true);
			jb_str(o, "unit", a->unit);
			jb_num(o, "unit_value", exp(f->log_unit_value));
			jb_num(o, "median", exp(f->uv_median));
			jb_num(o, "robust_z", re->value);
			jb_num(o, "mad", f->uv_mad);
			jb_num(o, "mad_floor", p->params.uv_mad_floor);
			jb_code(o, "baseline", a->uv_code);
			jb_num(o, "n", f->uv_n);
			break;
		case SC_LANE_SURGE:
			jb_country(o, "dispatch", f->countries[n - 2]);
			jb_country(o, "destination", f->countries[n - 1]);
			jb_code(o, "heading", a->heading);
			jb_num(o, "before", f->lane_before);
			jb_num(o, "after", f->lane_after);
			jb_num(o, "ratio", f->lane_ratio);
			jb_num(o, "relative_ratio", f->lane_relative);
			break;
		case SC_NEW_TRADER:
			if (re->cause == SC_CAUSE_NEW_CHAPTER)
			{
				jb_num(o, "chapter", hs_key_chapter(a->hs));
				jb_num(o, "declarations_before", f->exporter_history);
			}
			break;
		case SC_ROUTE_RARITY:
			jb_country(o, "dispatch", f->countries[n - 2]);
			jb_country(o, "destination", f->countries[n - 1]);
			if (re->cause == SC_CAUSE_RARE_ROUTE)
			{
				jb_num(o, "share", f->route_share);
				jb_num(o, "usual_share", f->usual_share);
				jb_num(o, "rarity", re->value);
			}
			else
				jb_num(o, "declarations_before", f->exporter_history);
			break;
		case SC_PARTY:
			jb_num(o, "similarity", f->party_similarity);
			if (a->party >= 0 && a->party < p->nparties)
			{
				const ScParty *party = &p->parties[a->party];

				jb_str(o, "list", party->list);
				jb_str(o, "party_id", party->party_id);
				jb_str(o, "listed_name", party->listed_name);
				if (party->matched_alias)
					jb_str(o, "matched_alias", party->matched_alias);
				jb_str(o, "matched_by", party->matched_by);
			}
			break;
	}
	jb_finish(o);
	*jb_key(reason, "evidence") = *o;
}

/*
 * A price check that could not run though a price was declared: the
 * unit_value reason with contribution 0, checked false and why.
 */
bool
sc_price_unchecked(const sc_facts *f)
{
	return f->uv_status != SC_UV_CHECKED && f->uv_status != SC_UV_NO_PRICE;
}

static JsonbValue *
push_unchecked_price(const sc_facts *f, const ScArgs *a, const ScProfile *p)
{
	JsonbValue *o = jb_object();
	JsonbValue *ev = jb_object();

	jb_str(o, "indicator", sc_indicator_names[SC_UNIT_VALUE]);
	jb_num(o, "weight", p->params.weight[SC_UNIT_VALUE]);
	jb_num(o, "strength", 0.0);
	jb_num(o, "exposure", 1.0);
	jb_num(o, "goods_factor", 1.0);
	jb_num(o, "contribution", 0.0);
	jb_bool(ev, "checked", false);
	jb_str(ev, "why", sc_uv_status_names[f->uv_status]);
	if (a->unit[0] != '\0')
		jb_str(ev, "unit", a->unit);
	if (f->uv_status == SC_UV_TOO_FEW)
	{
		jb_code(ev, "baseline", a->uv_code);
		jb_num(ev, "n", f->uv_n);
		jb_num(ev, "min_n", p->params.uv_min_n);
	}
	jb_finish(ev);
	*jb_key(o, "evidence") = *ev;
	jb_finish(o);
	return o;
}

/* the reasons array (by contribution, largest first) */
Datum
sc_build_reasons(const sc_facts *f, const sc_result *r, const ScArgs *a,
			  const ScProfile *p)
{
	JsonbValue	top;
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

	top.type = jbvArray;
	top.val.array.rawScalar = false;
	top.val.array.nElems = 0;
	top.val.array.elems = palloc(sizeof(JsonbValue) * (SC_NINDICATORS + 1));
	for (int i = 0; i < k; i++)
	{
		const sc_reason *re = &r->reasons[order[i]];
		JsonbValue *o = jb_object();

		jb_str(o, "indicator", sc_indicator_names[order[i]]);
		jb_num(o, "weight", p->params.weight[order[i]]);
		jb_num(o, "strength", re->strength);
		jb_num(o, "exposure", re->exposure);
		jb_num(o, "goods_factor", re->goods_factor);
		jb_num(o, "contribution", re->contribution);
		push_evidence(o, order[i], re, f, r, a, p);
		jb_finish(o);
		top.val.array.elems[top.val.array.nElems++] = *o;
	}
	if (sc_price_unchecked(f))
		top.val.array.elems[top.val.array.nElems++] = *push_unchecked_price(f, a, p);
	return JsonbPGetDatum(JsonbValueToJsonb(&top));
}

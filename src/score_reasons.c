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
	v.val.numeric = evidence_numeric(x);
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
			if (f->watch_match == SC_MATCH_COARSE)
			{
				/* the declared code is above members: name the ones it may be */
				jb_code(st, "declared", a->watch_member);
				jb_num(st, "coarse_factor", p->params.coarse_factor);
				jb_key(st, "may_be");
				pushJsonbValue(st, WJB_BEGIN_ARRAY, NULL);
				for (int i = 0; i < p->nwatch; i++)
					if (hs_key_ndigits(p->watch_codes[i]) > hs_key_ndigits(a->watch_member)
						&& hs_key_truncate(p->watch_codes[i], hs_key_ndigits(a->watch_member)) == a->watch_member)
					{
						JsonbValue	v;
						char	   *buf = palloc(HS_FORMAT_BUFSIZE);

						hs_key_format(p->watch_codes[i], HS_STYLE_PLAIN, buf);
						v.type = jbvString;
						v.val.string.val = buf;
						v.val.string.len = strlen(buf);
						pushJsonbValue(st, WJB_ELEM, &v);
					}
				pushJsonbValue(st, WJB_END_ARRAY, NULL);
			}
			else
				jb_code(st, "member", a->watch_member);
			jb_num(st, "tier_weight", f->tier_weight);
			jb_bool(st, "coalition_nexus", r->coalition_nexus);
			break;
		case SC_RESTRICTED:
		case SC_DIRECT_EXPORT:
			{
				int			i = ind == SC_RESTRICTED ? a->restr : a->direct;
				const ScRestriction *x = i >= 0 ? &p->restr[i] : NULL;

				if (x == NULL)
					break;
				jb_str(st, "regime", p->regimes[x->regime].name);
				jb_str(st, "list", x->list);
				jb_code(st, "listed", x->code);
				{
					int			y,
								m,
								d;
					char	   *buf = palloc(16);

					j2date(x->from + POSTGRES_EPOCH_JDATE, &y, &m, &d);
					snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
					jb_str(st, "valid_from", buf);
				}
				if (ind == SC_RESTRICTED)
				{
					jb_str(st, "match", f->restricted_match == SC_MATCH_COARSE ? "coarse_code" :
						   f->restricted_match == SC_MATCH_EX ? "ex_code" : "listed");
					jb_bool(st, "bound", f->restricted_bound);
					if (!isnan(x->min_eur))
					{
						jb_num(st, "min_item_value_eur", x->min_eur);
						jb_str(st, "value_condition", sc_value_cond_names[f->restricted_value]);
						if (f->restricted_value != SC_VALUE_UNKNOWN)
							jb_num(st, "item_value_eur", a->value / (a->quantity * a->unit_factor) / p->params.usd_per_eur);
					}
				}
				else
				{
					jb_country(st, "dispatch", f->countries[n - 2]);
					jb_country(st, "destination", f->countries[n - 1]);
				}
			}
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
			jb_bool(st, "checked", true);
			jb_str(st, "unit", a->unit);
			jb_num(st, "unit_value", exp(f->log_unit_value));
			jb_num(st, "median", exp(f->uv_median));
			jb_num(st, "robust_z", re->value);
			jb_num(st, "mad", f->uv_mad);
			jb_num(st, "mad_floor", p->params.uv_mad_floor);
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

/*
 * A price check that could not run though a price was declared: the
 * unit_value reason with contribution 0, checked false and why.
 */
bool
sc_price_unchecked(const sc_facts *f)
{
	return f->uv_status != SC_UV_CHECKED && f->uv_status != SC_UV_NO_PRICE;
}

static void
push_unchecked_price(JsonbParseState **st, const sc_facts *f, const ScArgs *a,
					 const ScProfile *p)
{
	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	jb_str(st, "indicator", sc_indicator_names[SC_UNIT_VALUE]);
	jb_num(st, "weight", p->params.weight[SC_UNIT_VALUE]);
	jb_num(st, "strength", 0.0);
	jb_num(st, "exposure", 1.0);
	jb_num(st, "goods_factor", 1.0);
	jb_num(st, "contribution", 0.0);
	jb_key(st, "evidence");
	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	jb_bool(st, "checked", false);
	jb_str(st, "why", sc_uv_status_names[f->uv_status]);
	if (a->unit[0] != '\0')
		jb_str(st, "unit", a->unit);
	if (f->uv_status == SC_UV_TOO_FEW)
	{
		jb_code(st, "baseline", a->uv_code);
		jb_num(st, "n", f->uv_n);
		jb_num(st, "min_n", p->params.uv_min_n);
	}
	pushJsonbValue(st, WJB_END_OBJECT, NULL);
	pushJsonbValue(st, WJB_END_OBJECT, NULL);
}

/* the reasons array (by contribution, largest first) */
Datum
sc_build_reasons(const sc_facts *f, const sc_result *r, const ScArgs *a,
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
		jb_num(&st, "goods_factor", re->goods_factor);
		jb_num(&st, "contribution", re->contribution);
		push_evidence(&st, order[i], re, f, r, a, p);
		pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	}
	if (sc_price_unchecked(f))
		push_unchecked_price(&st, f, a, p);
	res = pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

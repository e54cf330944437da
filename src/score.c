/*
 * score.c
 *		The SQL-callable functions of route-anomaly scoring:
 *		screen_declaration, screen_score, screen_key and the parameter
 *		catalogue.
 *
 * A row's profile comes from the cache (score_cache.c), its facts from
 * score_facts.c, its score from sc_evaluate (score_core.c) and its reasons
 * from score_reasons.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "score_internal.h"

/* ----------------------------------------------------------------------
 * screen_key(text): the key of units and exporter names
 * ----------------------------------------------------------------------
 */

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
	int			n = sc_screen_key_cstr(VARDATA_ANY(t), len, buf);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
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

	if (call == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	tupdesc;

		call = palloc0(sizeof(ScCall));
		call->routes = palloc0(sizeof(ScRouteShape) * ROUTE_CACHE_SIZE);
		call->names = palloc(sizeof(ScNameSlot) * NAME_CACHE_SIZE);
		for (int i = 0; i < NAME_CACHE_SIZE; i++)
			call->names[i].len = -1;
		call->units = palloc(sizeof(ScUnitSlot) * UNIT_CACHE_SIZE);
		for (int i = 0; i < UNIT_CACHE_SIZE; i++)
			call->units[i].len = -1;
		if (composite)
		{
			if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
				elog(ERROR, "screen_declaration must return a composite type");
			call->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		}
		for (int i = 0; i < 4; i++)
			call->level_text[i] = CStringGetTextDatum(sc_level_names[i]);
		for (int i = 0; i < SC_NINDICATORS; i++)
			call->indicator_text[i] = CStringGetTextDatum(sc_indicator_names[i]);
		fcinfo->flinfo->fn_extra = call;
		MemoryContextSwitchTo(old);
	}
	/* a hash look-up when the profile was checked under this snapshot */
	call->profile = sc_profile_for_row(fcinfo, call, profile_arg);
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
	/* 'infinity' is after every date, '-infinity' before: both are dates */
	a->has_date = !PG_ARGISNULL(3);
	if (a->has_date)
		a->date = PG_GETARG_DATEADT(3);
	a->as_of = call->as_of;
	if (!PG_ARGISNULL(7))
		a->has_exporter = sc_exporter_hash(call, PG_GETARG_TEXT_PP(7), &a->exporter);

	sc_gather_facts(call->profile, call, a,
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
	if (k == 0 && !sc_price_unchecked(&f))
	{
		values[2] = p->empty_reasons;
		values[3] = p->empty_fired;
	}
	else
	{
		Datum		names[SC_NINDICATORS];
		int			j = 0;

		values[2] = sc_build_reasons(&f, &r, &a, p);
		for (int i = 0; i < SC_NINDICATORS; i++)
			if (r.reasons[i].fired)
				names[j++] = call->indicator_text[i];
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

/*
 * unit_normalize(text) returns text: the standard code of a unit as declared
 * (pcs, NAR, шт -> u; kgs, кг, g, t -> kg; ...); an unknown unit's screen
 * key; NULL for a blank one.
 */
PG_FUNCTION_INFO_V1(unit_normalize);
Datum
unit_normalize(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(t);
	char	   *buf = palloc(len + 8);
	double		factor;
	int			n = sc_unit_normalize(VARDATA_ANY(t), len, buf, &factor);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

/*
 * unit_factor(text) returns double precision: what a quantity in the unit
 * is in its standard code's (g: 0.001 kg; t: 1000 kg; 1000 p/st: 1000 u);
 * 1 for an unknown unit.
 */
PG_FUNCTION_INFO_V1(unit_factor);
Datum
unit_factor(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(t);
	char	   *buf = palloc(len + 8);
	double		factor;

	sc_unit_normalize(VARDATA_ANY(t), len, buf, &factor);
	PG_RETURN_FLOAT8(factor);
}

/*
 * profile_store.c
 *		The SQL-callable side of kept profile versions: the checks of
 *		screen_config values (screen_parameter_check,
 *		screen_parameters_check_order), the image of a profile as its tables
 *		are now (screen_profile_image) and what an image holds
 *		(screen_profile_image_info).
 *
 * The rules are in profile_core.c, the image format in score_image.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/detoast.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "profile_core.h"
#include "score_internal.h"

/* "[0, 1]", "(0, +inf)" ... */
static char *
range_text(pc_param_range r)
{
	return psprintf("%c%g, %s%c", r.min_open ? '(' : '[', r.min,
					isinf(r.max) ? "infinity" : psprintf("%g", r.max),
					isinf(r.max) ? ')' : ']');
}

/*
 * screen_parameter_check(parameter text, value double precision) returns
 * boolean: true, or an error saying what is wrong with the value.
 */
PG_FUNCTION_INFO_V1(screen_parameter_check);
Datum
screen_parameter_check(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	double		value = PG_GETARG_FLOAT8(1);
	sc_params	p;
	pc_param_range r;

	/* (an unknown parameter is screen_config's check constraint's to refuse) */
	if (!(strncmp(name, "tier.", 5) == 0 && name[5] != '\0') && !sc_params_set(&p, name, 0.0))
		PG_RETURN_BOOL(true);
	switch (pc_param_check(name, value, &r))
	{
		case PC_PARAM_OK:
			break;
		case PC_PARAM_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("scoring parameter \"%s\" must be a finite number, not %s",
							name, float8out_internal(value)),
					 errdetail("A score is arithmetic on the parameters; NaN or an infinity would make every score NaN or an extreme."),
					 errhint("Give a number in %s.", range_text(r))));
			break;
		case PC_PARAM_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value %s of scoring parameter \"%s\" is out of range",
							float8out_internal(value), name),
					 errdetail("\"%s\" accepts values in %s.", name, range_text(r)),
					 errhint("Weights, tier weights, exposures, levels and strengths are shares of a score, in [0, 1]; unit_value.mad_floor divides and must be above 0.")));
			break;
	}
	PG_RETURN_BOOL(true);
}

/*
 * screen_parameters_check_order(profile text, parameters text[], vals
 * double precision[]) returns boolean: true when a profile's effective
 * parameters keep their order, else an error naming the two.
 */
PG_FUNCTION_INFO_V1(screen_parameters_check_order);
Datum
screen_parameters_check_order(PG_FUNCTION_ARGS)
{
	char	   *profile = text_to_cstring(PG_GETARG_TEXT_PP(0));
	ArrayType  *na = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *va = PG_GETARG_ARRAYTYPE_P(2);
	Datum	   *nd,
			   *vd;
	bool	   *nn,
			   *vn;
	int			n,
				nv,
				bad,
				other;
	const char **names;
	double	   *values;

	deconstruct_array(na, TEXTOID, -1, false, TYPALIGN_INT, &nd, &nn, &n);
	deconstruct_array(va, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &vd, &vn, &nv);
	if (n != nv)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%d parameters but %d values", n, nv)));
	names = palloc(sizeof(char *) * Max(n, 1));
	values = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (nn[i] || vn[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("parameter names and values must not be NULL")));
		names[i] = TextDatumGetCString(nd[i]);
		values[i] = DatumGetFloat8(vd[i]);
	}
	bad = pc_params_check_order(names, values, n, &other);
	if (bad >= 0)
	{
		bool		below = strstr(names[bad], "high") != NULL;
		int			lo = below ? other : bad,
					hi = below ? bad : other;

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scoring parameter \"%s\" (%s) must be below \"%s\" (%s) in profile \"%s\"",
						names[lo], float8out_internal(values[lo]),
						names[hi], float8out_internal(values[hi]), profile),
				 errdetail("The levels must rise (level.low < level.medium < level.high), and each threshold where an indicator starts must lie below the one where it reaches full strength."),
				 errhint("Change both in one statement, or the one that breaks the order.")));
	}
	PG_RETURN_BOOL(true);
}

/*
 * screen_profile_image(profile text) returns bytea: the image of a profile
 * read from its tables now.
 */
PG_FUNCTION_INFO_V1(screen_profile_image);
Datum
screen_profile_image(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	ScProfile  *p = sc_load_profile_tables(schema, name);
	bytea	   *img;

	/* freed with this call's memory if writing fails */
	MemoryContextSetParent(p->cxt, CurrentMemoryContext);
	img = sc_image_write(p);
	MemoryContextDelete(p->cxt);
	PG_RETURN_BYTEA_P(img);
}

/*
 * screen_profile_image_info(image bytea) returns (format, facts, roles,
 * parties, listed_keys, bytes).
 */
PG_FUNCTION_INFO_V1(screen_profile_image_info);
Datum
screen_profile_image_info(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	int64		counts[5];
	Datum		values[6];
	bool		nulls[6] = {false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "screen_profile_image_info must return a composite type");
	sc_image_counts(PG_GETARG_DATUM(0), counts);
	values[0] = Int32GetDatum((int32) counts[0]);
	values[1] = Int64GetDatum(counts[1]);
	values[2] = Int32GetDatum((int32) counts[2]);
	values[3] = Int32GetDatum((int32) counts[3]);
	values[4] = Int64GetDatum(counts[4]);
	values[5] = Int64GetDatum((int64) toast_raw_datum_size(PG_GETARG_DATUM(0)) - VARHDRSZ);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

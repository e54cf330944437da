/*
 * hscode_support.c
 *		Planner support for the hierarchy operators, so that a plain btree
 *		on an hscode column serves them with no rewriting by the user.
 *
 * Keys sort in hierarchical order (hs_core.h), so
 *		x <@ c			is	x >= c AND x <= hs_subtree_max(c)	(exact)
 *		x @> c			is	x = ANY (hs_ancestors(c, true))		(exact)
 *		x <@ set		is	x >= first AND x <= last of the set's key ranges
 *						(hsset_lower/hsset_upper of the set when it is no
 *						 constant, e.g. a watchlist() call)
 *						(exact for a set of one range, lossy otherwise: a
 *						 btree scan takes one range; the GiST opclass of
 *						 hscode_gist.c takes them all in one scan)
 * The other side may be a constant, a parameter or a column of another
 * relation: then the conditions are expressions, and a nested loop probes
 * the btree with each outer row (the reverse "which rules cover this
 * declaration" join).
 */
#include "trade_screen.h"
#include "hsset.h"

#include "access/htup_details.h"
#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

/*
 * hs_subtree_max(hscode) returns hscode: the greatest code under c (c
 * followed by 9s to 12 digits), the upper end of c's key range.
 */
PG_FUNCTION_INFO_V1(hs_subtree_max);
Datum
hs_subtree_max(PG_FUNCTION_ARGS)
{
	PG_RETURN_HSCODE(hs_key_subtree_last(PG_GETARG_HSCODE(0)));
}

/*
 * hsset_lower(hsset) returns hscode: the smallest code of the set; NULL for
 * the empty set.  With hsset_upper, the envelope a btree scans for
 * "x <@ set" when the set is only known at run time.
 */
PG_FUNCTION_INFO_V1(hsset_lower);
Datum
hsset_lower(PG_FUNCTION_ARGS)
{
	HsSetProbe *probe = hsset_compile(PG_GETARG_HSSET_P(0));

	if (probe->nranges == 0)
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(probe->ranges[0].lo);
}

/*
 * hsset_upper(hsset) returns hscode: the greatest code of the set; NULL for
 * the empty set.
 */
PG_FUNCTION_INFO_V1(hsset_upper);
Datum
hsset_upper(PG_FUNCTION_ARGS)
{
	HsSetProbe *probe = hsset_compile(PG_GETARG_HSSET_P(0));

	if (probe->nranges == 0)
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(hs_key_at_or_below(probe->ranges[probe->nranges - 1].hi));
}

/* A function of our extension, by name, in the schema of type typid. */
static Oid
sibling_function(Oid typid, const char *name, int nargs, Oid *argtypes)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	char	   *schema;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", typid);
	schema = get_namespace_name(((Form_pg_type) GETSTRUCT(tup))->typnamespace);
	ReleaseSysCache(tup);

	return LookupFuncName(list_make2(makeString(schema), makeString(pstrdup(name))),
						  nargs, argtypes, false);
}

/* indexed OP other, with OP the btree operator of strategy in the family */
static Expr *
btree_clause(Oid opfamily, Oid typid, int strategy, Node *indexed, Node *other)
{
	Oid			opno = get_opfamily_member(opfamily, typid, typid, strategy);

	if (!OidIsValid(opno))
		return NULL;
	return make_opclause(opno, BOOLOID, false, (Expr *) indexed, (Expr *) other,
						 InvalidOid, InvalidOid);
}

/* a constant of type typid holding key */
static Node *
key_const(Oid typid, int64 key)
{
	return (Node *) makeConst(typid, -1, InvalidOid, sizeof(int64),
							  HscodeGetDatum(key), false, true);
}

/* indexed >= lo AND indexed <= hi, as index conditions */
static List *
range_clauses(Oid opfamily, Oid typid, Node *indexed, Node *lo, Node *hi)
{
	Expr	   *ge = btree_clause(opfamily, typid, BTGreaterEqualStrategyNumber, indexed, lo);
	Expr	   *le = btree_clause(opfamily, typid, BTLessEqualStrategyNumber, indexed, hi);

	if (ge == NULL || le == NULL)
		return NIL;
	return list_make2(ge, le);
}

/* indexed is under other: the key range of other's subtree */
static List *
under_clauses(Oid opfamily, Oid typid, Node *indexed, Node *other)
{
	Node	   *hi;

	if (IsA(other, Const))
	{
		Const	   *c = (Const *) other;

		if (c->constisnull)
			return NIL;
		hi = key_const(typid, hs_key_subtree_last(DatumGetHscode(c->constvalue)));
	}
	else
	{
		Oid			argtypes[1] = {typid};
		Oid			fn = sibling_function(typid, "hs_subtree_max", 1, argtypes);

		hi = (Node *) makeFuncExpr(fn, typid, list_make1(other), InvalidOid,
								   InvalidOid, COERCE_EXPLICIT_CALL);
	}
	return range_clauses(opfamily, typid, indexed, other, hi);
}

/* indexed covers other: equality with one of other's ancestors or itself */
static List *
over_clauses(Oid opfamily, Oid typid, Node *indexed, Node *other)
{
	Oid			eqop = get_opfamily_member(opfamily, typid, typid, BTEqualStrategyNumber);
	Oid			arraytype = get_array_type(typid);
	ScalarArrayOpExpr *saop;
	Node	   *array;

	if (!OidIsValid(eqop) || !OidIsValid(arraytype))
		return NIL;
	if (IsA(other, Const))
	{
		Const	   *c = (Const *) other;
		int64		key;
		Datum		elems[HS_MAX_DIGITS];
		int			nelems = 0;
		int			n;

		if (c->constisnull)
			return NIL;
		key = DatumGetHscode(c->constvalue);
		for (n = HS_MIN_DIGITS; n <= hs_key_ndigits(key); n++)
			if (hs_ndigits_is_valid(n))
				elems[nelems++] = HscodeGetDatum(hs_key_truncate(key, n));
		array = (Node *) makeConst(arraytype, -1, InvalidOid, -1,
								   PointerGetDatum(construct_array(elems, nelems, typid,
																   sizeof(int64), true,
																   TYPALIGN_DOUBLE)),
								   false, false);
	}
	else
	{
		Oid			argtypes[2] = {typid, BOOLOID};
		Oid			fn = sibling_function(typid, "hs_ancestors", 2, argtypes);

		array = (Node *) makeFuncExpr(fn, arraytype,
									  list_make2(other, makeBoolConst(true, false)),
									  InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
	}
	saop = makeNode(ScalarArrayOpExpr);
	saop->opno = eqop;
	saop->opfuncid = get_opcode(eqop);
	saop->hashfuncid = InvalidOid;
	saop->negfuncid = InvalidOid;
	saop->useOr = true;
	saop->inputcollid = InvalidOid;
	saop->args = list_make2(indexed, array);
	saop->location = -1;
	return list_make1(saop);
}

/*
 * indexed is in the constant set other: the envelope of the set's key
 * ranges; *lossy unless the set is one range.
 */
static List *
set_clauses(Oid opfamily, Oid typid, Node *indexed, Node *other, bool *lossy)
{
	HsSet	   *set;
	HsSetProbe *probe;

	if (!IsA(other, Const))
	{
		/* known at run time only: the envelope, from the set's value then */
		Oid			settype = exprType(other);
		Oid			argtypes[1] = {settype};

		*lossy = true;
		return range_clauses(opfamily, typid, indexed,
							 (Node *) makeFuncExpr(sibling_function(typid, "hsset_lower", 1, argtypes),
												   typid, list_make1(other), InvalidOid,
												   InvalidOid, COERCE_EXPLICIT_CALL),
							 (Node *) makeFuncExpr(sibling_function(typid, "hsset_upper", 1, argtypes),
												   typid, list_make1(other), InvalidOid,
												   InvalidOid, COERCE_EXPLICIT_CALL));
	}
	if (((Const *) other)->constisnull)
		return NIL;
	set = DatumGetHsSetP(((Const *) other)->constvalue);
	probe = hsset_compile(set);
	if (probe->nranges == 0)
		return NIL;				/* the empty set: a seq scan finds nothing fast */
	*lossy = probe->nranges > 1;
	/* the first range starts at a member; the last may end at no valid key */
	return range_clauses(opfamily, typid, indexed,
						 key_const(typid, probe->ranges[0].lo),
						 key_const(typid, hs_key_at_or_below(probe->ranges[probe->nranges - 1].hi)));
}

/* Which hierarchy test a support function is attached to. */
typedef enum hierarchy_fn
{
	FN_CONTAINED,				/* hscode_contained(a, b): a <@ b */
	FN_CONTAINS,				/* hscode_contains(a, b): a @> b */
	FN_CONTAINED_SET,			/* hscode_contained_hsset(code, set) */
	FN_SET_CONTAINS				/* hsset_contains_hscode(set, code) */
} hierarchy_fn;

/*
 * Answer SupportRequestIndexCondition for a btree on hscode.
 */
static Node *
index_condition(SupportRequestIndexCondition *req, hierarchy_fn fn)
{
	List	   *args;
	Node	   *indexed;
	Node	   *other;
	Oid			typid;
	List	   *clauses = NIL;
	bool		indexed_is_lower;

	if (req->index->relam != BTREE_AM_OID)
		return NULL;
	if (IsA(req->node, OpExpr))
		args = ((OpExpr *) req->node)->args;
	else if (IsA(req->node, FuncExpr))
		args = ((FuncExpr *) req->node)->args;
	else
		return NULL;
	if (list_length(args) != 2)
		return NULL;
	indexed = (Node *) list_nth(args, req->indexarg);
	other = (Node *) list_nth(args, 1 - req->indexarg);
	typid = exprType(indexed);
	/* the planner checks this for operators, not for direct function calls */
	if (!is_pseudo_constant_for_index(req->root, other, req->index))
		return NULL;

	req->lossy = false;
	switch (fn)
	{
		case FN_CONTAINED:
		case FN_CONTAINS:
			/* is the indexed side the one under the other? */
			indexed_is_lower = (fn == FN_CONTAINED) == (req->indexarg == 0);
			if (indexed_is_lower)
				clauses = under_clauses(req->opfamily, typid, indexed, other);
			else
				clauses = over_clauses(req->opfamily, typid, indexed, other);
			break;
		case FN_CONTAINED_SET:
		case FN_SET_CONTAINS:
			if (req->indexarg != (fn == FN_CONTAINED_SET ? 0 : 1))
				return NULL;	/* an index on the set column: not ours */
			clauses = set_clauses(req->opfamily, typid, indexed, other, &req->lossy);
			break;
	}
	return (Node *) clauses;
}

/*
 * hscode_hierarchy_support(internal) returns internal: planner support of
 * the four hierarchy tests (hscode_contained, hscode_contains,
 * hscode_contained_hsset, hsset_contains_hscode), told apart by the name of
 * the function the request is for.
 */
PG_FUNCTION_INFO_V1(hscode_hierarchy_support);
Datum
hscode_hierarchy_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestIndexCondition *req;
	char	   *name;
	hierarchy_fn fn;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestIndexCondition *) rawreq;
	name = get_func_name(req->funcid);
	if (name == NULL)
		PG_RETURN_POINTER(NULL);
	if (strcmp(name, "hscode_contained") == 0)
		fn = FN_CONTAINED;
	else if (strcmp(name, "hscode_contains") == 0)
		fn = FN_CONTAINS;
	else if (strcmp(name, "hscode_contained_hsset") == 0)
		fn = FN_CONTAINED_SET;
	else if (strcmp(name, "hsset_contains_hscode") == 0)
		fn = FN_SET_CONTAINS;
	else
		PG_RETURN_POINTER(NULL);
	PG_RETURN_POINTER(index_condition(req, fn));
}

/*
 * hsset_scan.c
 *		"HS Set Range Scan": hscode <@ hsset as the union of the set's exact
 *		key ranges, one btree range scan each, on the ordinary btree of the
 *		hscode column.
 *
 * A watchlist is a few dozen to thousands of subtrees, each a contiguous
 * key range of a btree on hscode (hs_core.h), less the subtrees of its
 * exclusions.  PostgreSQL's own paths can use one range per scan: the
 * planner support of hscode_support.c gives the set's envelope (rechecked),
 * and a BitmapOr of one range per member (tried, bench/RESULTS.md) plans in
 * time proportional to the members and builds a bitmap, losing index-only
 * scans.  This custom scan provider instead
 *
 *	- offers, for a restriction "col <@ set" (or "set @> col") on a btree
 *	  whose first column is col, a path that compiles the set into its key
 *	  ranges when the executor starts (or rescans) and runs one btree scan
 *	  per range, restarting the same scan descriptor with index_rescan;
 *	- does so for any set expression without volatile functions and
 *	  without variables of the scanned table: a constant, a stable call
 *	  such as watchlist('CHPL'), a parameter of a prepared statement, or,
 *	  as a parameterized path, a column of another table in a join (the
 *	  inner side of a nested loop, rescanned per outer row);
 *	- returns tuples from the index alone (index-only, checking the
 *	  visibility map as an Index Only Scan does) when every column the query
 *	  needs is in the index, else fetches each row from the heap;
 *	- is exact: its ranges are the set's, so the <@ clause is not rechecked
 *	  in index-only mode (kept as a filter in heap mode, which also serves
 *	  EvalPlanQual).
 *
 * The planner calls the hook after building the ordinary paths of a
 * relation; by then the library is loaded, because the estimator of <@
 * (hscode_in_hsset_sel) and the index support function of the btree
 * (hscode_hierarchy_support) live in it and run earlier in the same
 * planning of that relation.
 *
 * Parallel plans: for a restriction, a partial path is also offered.  Its
 * processes (leader and workers) each evaluate the set, which is parallel
 * safe and so the same in all of them, and take ranges from a shared
 * counter, one range at a time, so each range is scanned by exactly one
 * process.  A set of one huge range gets no speed-up this way; a watchlist
 * of dozens of ranges spreads over the workers.  The parameterized path of
 * a join is never parallel aware (each outer row brings its own set), but
 * it is parallel safe when the set is, so it can run as the inner side of
 * a join under Gather.
 */
#include "trade_screen.h"
#include "hsset.h"

#include <math.h>

#include "access/genam.h"
#include "access/nbtree.h"
#include "access/itup.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/visibilitymap.h"
#include "access/parallel.h"
#include "catalog/pg_am.h"
#include "commands/explain.h"
#include TS_EXPLAIN_FORMAT_H
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "optimizer/clauses.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "optimizer/paths.h"
#include "optimizer/pathnode.h"
#include "optimizer/restrictinfo.h"
#include "parser/parsetree.h"
#include "port/atomics.h"
#include "storage/bufmgr.h"
#include "storage/predicate.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/selfuncs.h"
#include "utils/spccache.h"

#define RANGESCAN_NAME			"HS Set Range Scan"

/*
 * Key ranges assumed for a set the planner cannot see (a parameter, a
 * join): one.  The alternative the planner weighs the scan against is the
 * btree scan of the set's envelope (hscode_support.c), which reads a
 * superset of the same leaf pages and rechecks every row, so the range
 * scan should win whenever the index is used at all.
 */
#define RANGESCAN_DEFAULT_RANGES	1

/* EXPLAIN VERBOSE lists at most this many ranges */
#define RANGESCAN_EXPLAIN_RANGES	50

/* positions in CustomScan.custom_private */
#define PRIV_INDEX_OID			0
#define PRIV_INDEX_ONLY			1

/* trade_screen.enable_rangescan */
static bool enable_rangescan = true;

static set_rel_pathlist_hook_type prev_set_rel_pathlist_hook = NULL;

/*
 * What the processes of a parallel-aware scan share: the index of the next
 * range nobody has taken.
 */
typedef struct RangeScanShared
{
	pg_atomic_uint32 next_range;
} RangeScanShared;

/* What the cost of a range scan path depends on. */
typedef struct RangeCostInput
{
	double		sel;			/* fraction of the rows the set matches */
	int			nranges;		/* key ranges of the set (estimated) */
	double		env_sel;		/* fraction of the index in the set's envelope */
	bool		index_only;
	List	   *quals;			/* the quals evaluated per row */
	double		loop_count;		/* expected executions (a join's inner side) */
} RangeCostInput;

/* The scan's run-time state. */
typedef struct RangeScanState
{
	CustomScanState css;
	bool		index_only;
	Relation	index;
	ExprState  *set_expr;		/* the set, evaluated at start and rescan */
	ScanKeyData keys[2];		/* col >= lo AND col <= hi */
	IndexScanDesc scan;
	TupleTableSlot *heap_slot;	/* the row fetched from the heap */
	Buffer		vmbuffer;		/* index-only mode: visibility map page */
	MemoryContext range_cxt;	/* the ranges of the current set */
	bool		have_ranges;	/* false: evaluate the set on the next fetch */
	int			nranges;
	hsset_range *ranges;
	int			next_range;		/* the range to start after the current one */
	RangeScanShared *shared;	/* parallel aware: the ranges' shared counter */
	bool		in_range;		/* a range scan is under way */
	uint64		heap_fetches;	/* index-only mode: rows not all-visible */
} RangeScanState;

static Plan *plan_range_scan(PlannerInfo *root, RelOptInfo *rel,
							 CustomPath *best_path, List *tlist,
							 List *clauses, List *custom_plans);
static Node *create_range_scan_state(CustomScan *cscan);
static void begin_range_scan(CustomScanState *node, EState *estate, int eflags);
static TupleTableSlot *exec_range_scan(CustomScanState *node);
static void end_range_scan(CustomScanState *node);
static void rescan_range_scan(CustomScanState *node);
static void explain_range_scan(CustomScanState *node, List *ancestors,
							   ExplainState *es);
static Size estimate_range_scan_dsm(CustomScanState *node, ParallelContext *pcxt);
static void init_range_scan_dsm(CustomScanState *node, ParallelContext *pcxt,
								void *coordinate);
static void reinit_range_scan_dsm(CustomScanState *node, ParallelContext *pcxt,
								  void *coordinate);
static void init_range_scan_worker(CustomScanState *node, shm_toc *toc,
								   void *coordinate);

static const CustomPathMethods range_path_methods = {
	.CustomName = RANGESCAN_NAME,
	.PlanCustomPath = plan_range_scan,
};

static const CustomScanMethods range_scan_methods = {
	.CustomName = RANGESCAN_NAME,
	.CreateCustomScanState = create_range_scan_state,
};

static const CustomExecMethods range_exec_methods = {
	.CustomName = RANGESCAN_NAME,
	.BeginCustomScan = begin_range_scan,
	.ExecCustomScan = exec_range_scan,
	.EndCustomScan = end_range_scan,
	.ReScanCustomScan = rescan_range_scan,
	.ExplainCustomScan = explain_range_scan,
	.EstimateDSMCustomScan = estimate_range_scan_dsm,
	.InitializeDSMCustomScan = init_range_scan_dsm,
	.ReInitializeDSMCustomScan = reinit_range_scan_dsm,
	.InitializeWorkerCustomScan = init_range_scan_worker,
};

/* ---------------------------------------------------------------- planner */

/*
 * Is clause "col <@ set" or "set @> col" with col a column of rel (not
 * under a nullable join side's PlaceHolderVar) and set free of rel's
 * columns and of volatile functions?  Returns col and set.
 */
static bool
match_membership(PlannerInfo *root, RelOptInfo *rel, Expr *clause,
				 Var **col, Expr **set)
{
	OpExpr	   *op;
	FmgrInfo	finfo;
	Node	   *code_arg;
	Node	   *set_arg;

	if (!IsA(clause, OpExpr))
		return false;
	op = (OpExpr *) clause;
	if (list_length(op->args) != 2)
		return false;
	/* cheap filter before the catalog look-up: a bare column on one side */
	if (!IsA(linitial(op->args), Var) && !IsA(lsecond(op->args), Var))
		return false;
	fmgr_info(get_opcode(op->opno), &finfo);
	if (finfo.fn_addr == hscode_contained_hsset)
	{
		code_arg = linitial(op->args);
		set_arg = lsecond(op->args);
	}
	else if (finfo.fn_addr == hsset_contains_hscode)
	{
		code_arg = lsecond(op->args);
		set_arg = linitial(op->args);
	}
	else
		return false;
	if (!IsA(code_arg, Var) || ((Var *) code_arg)->varno != (int) rel->relid ||
		((Var *) code_arg)->varlevelsup != 0)
		return false;
	if (bms_is_member(rel->relid, pull_varnos(root, set_arg)) ||
		contain_volatile_functions(set_arg))
		return false;
	*col = (Var *) code_arg;
	*set = (Expr *) set_arg;
	return true;
}

/*
 * Is index a usable btree for col: its first column col, in an operator
 * family whose order is hscode's key order (hscode_cmp), and its predicate,
 * if any, implied by the query?
 */
static bool
index_fits(IndexOptInfo *index, Var *col)
{
	Oid			cmp;
	FmgrInfo	finfo;

	if (index->relam != BTREE_AM_OID || index->nkeycolumns < 1 ||
		index->indexkeys[0] != col->varattno)
		return false;
	if (index->indpred != NIL && !index->predOK)
		return false;
	cmp = get_opfamily_proc(index->opfamily[0], index->opcintype[0],
							index->opcintype[0], BTORDER_PROC);
	if (!OidIsValid(cmp))
		return false;
	fmgr_info(cmp, &finfo);
	return finfo.fn_addr == hscode_cmp;
}

/*
 * Can the scan answer from the index alone?  Every column of rel the query
 * needs (its output and the clauses other than skip) must be an index
 * column the btree returns; a system column or the whole row rules it out.
 * Returns -1 when even heap mode cannot serve the query (a system column
 * such as ctid, which the scan's virtual tuples do not carry), else 1 for
 * index-only and 0 for heap mode.
 */
static int
scan_mode(RelOptInfo *rel, IndexOptInfo *index, List *clauses, RestrictInfo *skip)
{
	Bitmapset  *attrs = NULL;
	ListCell   *lc;
	int			x;
	bool		index_only = true;

	pull_varattnos((Node *) rel->reltarget->exprs, rel->relid, &attrs);
	foreach(lc, clauses)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);

		if (rinfo != skip)
			pull_varattnos((Node *) rinfo->clause, rel->relid, &attrs);
	}
	x = -1;
	while ((x = bms_next_member(attrs, x)) >= 0)
	{
		AttrNumber	attno = x + FirstLowInvalidHeapAttributeNumber;
		int			i;
		bool		found = false;

		if (attno < 0)
			return -1;
		if (attno == 0)
		{
			index_only = false;
			continue;
		}
		for (i = 0; i < index->ncolumns; i++)
			if (index->indexkeys[i] == attno && index->canreturn[i])
				found = true;
		if (!found)
			index_only = false;
	}
	/* index-only mode lists every index column: none may be an expression */
	for (x = 0; x < index->ncolumns && index_only; x++)
		if (index->indexkeys[x] == 0 || !index->canreturn[x])
			index_only = false;
	return index_only ? 1 : 0;
}

/*
 * Number of key ranges of the set if the planner can compute it (a
 * constant, or a stable call it can fold: *known), else a guess; -1 for
 * NULL.  For a known set of ranges, *envelope is the first key of the
 * first range and the last of the last.
 */
static int
estimated_ranges(PlannerInfo *root, Expr *set, bool *known, hsset_range *envelope)
{
	Node	   *value = estimate_expression_value(root, (Node *) set);
	HsSetProbe *probe;

	*known = IsA(value, Const);
	if (!*known)
		return RANGESCAN_DEFAULT_RANGES;
	if (((Const *) value)->constisnull)
		return -1;
	probe = hsset_compile(DatumGetHsSetP(((Const *) value)->constvalue));
	if (probe->nranges > 0)
	{
		envelope->lo = probe->ranges[0].lo;
		envelope->hi = probe->ranges[probe->nranges - 1].hi;
	}
	return probe->nranges;
}

/*
 * The fraction of the index's entries in the envelope of a set (col >= lo
 * AND col <= hi, estimated as the planner estimates that range).  The
 * ranges all lie there, so they land on at most that many leaf pages.
 */
static double
envelope_selectivity(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index,
					 Var *col, const hsset_range *envelope)
{
	Oid			type = index->opcintype[0];
	Oid			ge = get_opfamily_member(index->opfamily[0], type, type,
										 BTGreaterEqualStrategyNumber);
	Oid			le = get_opfamily_member(index->opfamily[0], type, type,
										 BTLessEqualStrategyNumber);
	List	   *clauses;

	if (!OidIsValid(ge) || !OidIsValid(le))
		return 1.0;
	clauses = list_make2(make_opclause(ge, BOOLOID, false, (Expr *) col,
									   (Expr *) makeConst(type, -1, InvalidOid, sizeof(int64),
														  HscodeGetDatum(envelope->lo),
														  false, true),
									   InvalidOid, InvalidOid),
						 make_opclause(le, BOOLOID, false, (Expr *) col,
									   (Expr *) makeConst(type, -1, InvalidOid, sizeof(int64),
														  HscodeGetDatum(envelope->hi),
														  false, true),
									   InvalidOid, InvalidOid));
	return clauselist_selectivity(root, clauses, rel->relid, JOIN_INNER, NULL);
}

/*
 * The correlation of the index's first column with the heap order, from
 * its statistics (0 when there are none), as btcostestimate reads it.
 */
static double
index_correlation(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index)
{
	VariableStatData vardata;
	AttStatsSlot sslot;
	double		correlation = 0.0;
	Oid			type;
	int32		typmod;
	Oid			collation;
	Var		   *var;

	get_atttypetypmodcoll(planner_rt_fetch(rel->relid, root)->relid,
						  index->indexkeys[0], &type, &typmod, &collation);
	var = makeVar(rel->relid, index->indexkeys[0], type, typmod, collation, 0);
	examine_variable(root, (Node *) var, rel->relid, &vardata);
	if (HeapTupleIsValid(vardata.statsTuple) &&
		get_attstatsslot(&sslot, vardata.statsTuple, STATISTIC_KIND_CORRELATION,
						 InvalidOid, ATTSTATSSLOT_NUMBERS))
	{
		if (sslot.nnumbers > 0)
			correlation = sslot.numbers[0];
		free_attstatsslot(&sslot);
	}
	ReleaseVariableStats(vardata);
	return correlation;
}

/*
 * The share of a partial path's rows that one process handles, as the
 * planner counts it (costsize.c's get_parallel_divisor): the workers, and
 * the leader's part while it still has time beside gathering their rows.
 */
static double
parallel_divisor(int workers)
{
	double		divisor = workers;

	if (parallel_leader_participation)
	{
		double		leader = 1.0 - 0.3 * workers;

		if (leader > 0)
			divisor += leader;
	}
	return divisor;
}

/*
 * Cost of the scan, in the manner of btcostestimate and cost_index: each
 * range descends the tree once; the leaf pages read are the matching
 * fraction sel of the index or, when more, those the ranges land on
 * (nranges spread over the P pages of the set's envelope, a fraction
 * env_sel of the index, touch P(1 - e^(-nranges/P)) of them), at
 * random_page_cost; heap pages as cost_index counts them (index-only:
 * rows not known all-visible; heap rows: between the uncorrelated and the
 * perfectly correlated case by the column's correlation squared); every
 * row costs an index tuple, a comparison and the remaining quals.  So a
 * set covering most of the table costs more than a seq scan, and a few
 * ranges cost about what as many hand-written range scans would.  A
 * partial path (path->parallel_workers > 0) divides its rows and per-row
 * costs among the processes, as cost_index does; its pages are not
 * divided.
 */
static void
cost_range_scan(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index,
				Path *path, const RangeCostInput *in)
{
	double		sel = in->sel;
	int			nranges = in->nranges;
	double		env_sel = in->env_sel;
	double		loop_count = in->loop_count;
	double		ntuples = clamp_row_est(sel * rel->tuples);
	double		index_pages = Max((double) index->pages, 1.0);
	double		env_pages = Max(ceil(env_sel * index_pages), 1.0);
	double		leaf_pages;
	double		heap_cost;
	double		descent;
	double		cpu_run_cost;
	QualCost	qcost;
	double		spc_random_page_cost;
	double		spc_seq_page_cost;

	get_tablespace_page_costs(rel->reltablespace, &spc_random_page_cost,
							  &spc_seq_page_cost);
	leaf_pages = Min(index_pages, Max(ceil(sel * index_pages),
									  ceil(env_pages * (1.0 - exp(-(double) nranges / env_pages)))));
	descent = (ceil(log(Max(index->tuples, 2.0)) / log(2.0)) +
			   (Max(index->tree_height, 0) + 1) * 50.0) * cpu_operator_cost;
	if (in->index_only)
		heap_cost = spc_random_page_cost *
			index_pages_fetched(ntuples * (1.0 - rel->allvisfrac) * loop_count,
								rel->pages, index->pages, root) / loop_count;
	else
	{
		double		max_io = spc_random_page_cost *
			index_pages_fetched(ntuples * loop_count, rel->pages,
								index->pages, root) / loop_count;
		double		pages = ceil(sel * rel->pages);
		double		min_io = pages <= 1.0 ? spc_random_page_cost :
			spc_random_page_cost + (pages - 1.0) * spc_seq_page_cost;
		double		correlation = index_correlation(root, rel, index);

		heap_cost = max_io + correlation * correlation * (Min(min_io, max_io) - max_io);
	}
	cost_qual_eval(&qcost, in->quals, root);

	cpu_run_cost = nranges * descent +
		ntuples * (cpu_index_tuple_cost + cpu_operator_cost +
				   cpu_tuple_cost + qcost.per_tuple);
	if (path->parallel_workers > 0)
	{
		double		divisor = parallel_divisor(path->parallel_workers);

		path->rows = clamp_row_est(path->rows / divisor);
		cpu_run_cost /= divisor;
	}

	path->startup_cost = descent + qcost.startup;
	/* an index scan: enable_indexscan governs it, as it does the others */
	if (!enable_indexscan)
		path->startup_cost += disable_cost;
	path->total_cost = path->startup_cost + cpu_run_cost +
		leaf_pages * spc_random_page_cost + heap_cost;
}

/*
 * How often a parameterized scan is likely to run: the rows of its largest
 * outer relation (as indxpath.c's get_loop_count does, more simply).
 */
static double
outer_rows(PlannerInfo *root, Relids outer)
{
	double		rows = 1.0;
	int			relid = -1;

	while ((relid = bms_next_member(outer, relid)) >= 0)
	{
		RelOptInfo *outer_rel = find_base_rel(root, relid);

		if (outer_rel->rows > rows)
			rows = outer_rel->rows;
	}
	return rows;
}

/*
 * A range scan path, costed: parallel_workers > 0 makes it a partial,
 * parallel-aware path.
 */
static CustomPath *
make_range_path(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index,
				RestrictInfo *rinfo, Expr *set, ParamPathInfo *ppi, int mode,
				int parallel_workers, const RangeCostInput *in)
{
	CustomPath *cpath = makeNode(CustomPath);

	cpath->path.pathtype = T_CustomScan;
	cpath->path.parent = rel;
	cpath->path.pathtarget = rel->reltarget;
	cpath->path.param_info = ppi;
	cpath->path.parallel_aware = parallel_workers > 0;
	cpath->path.parallel_safe = rel->consider_parallel &&
		is_parallel_safe(root, (Node *) set);
	cpath->path.parallel_workers = parallel_workers;
	cpath->path.rows = ppi ? ppi->ppi_rows : rel->rows;
	cpath->path.pathkeys = NIL;
	cpath->flags = 0;
	cpath->custom_paths = NIL;
	cpath->custom_private = list_make3(makeInteger((int) index->indexoid),
									   makeBoolean(mode == 1), rinfo);
	cpath->methods = &range_path_methods;
	cost_range_scan(root, rel, index, &cpath->path, in);
	return cpath;
}

/*
 * Add range scan paths for the membership clause rinfo on index: a plain
 * path and, where parallel query may run, a partial one for a restriction;
 * a parameterized one (required_outer) for a join clause.
 */
static void
add_range_path(PlannerInfo *root, RelOptInfo *rel, IndexOptInfo *index,
			   RestrictInfo *rinfo, Var *col, Expr *set, Relids required_outer)
{
	CustomPath *cpath;
	ParamPathInfo *ppi = NULL;
	List	   *clauses = rel->baserestrictinfo;
	RangeCostInput in = {.env_sel = 1.0, .loop_count = 1.0};
	int			mode;
	ListCell   *lc;

	if (required_outer != NULL)
	{
		ppi = get_baserel_parampathinfo(root, rel, required_outer);
		clauses = list_concat_copy(clauses, ppi->ppi_clauses);
		in.nranges = RANGESCAN_DEFAULT_RANGES;
		in.sel = ppi->ppi_rows / Max(rel->tuples, 1.0);
		in.loop_count = outer_rows(root, required_outer);
	}
	else
	{
		bool		known;
		hsset_range envelope;

		in.nranges = estimated_ranges(root, set, &known, &envelope);
		/* one range: the exact btree scan the support function gives is it */
		if (known && in.nranges == 1)
			return;
		if (in.nranges < 0)
			in.nranges = 0;		/* a NULL set: no rows */
		if (known && in.nranges > 1)
			in.env_sel = envelope_selectivity(root, rel, index, col, &envelope);
		in.sel = clause_selectivity(root, (Node *) rinfo, 0, JOIN_INNER, NULL);
	}
	mode = scan_mode(rel, index, clauses, rinfo);
	if (mode < 0)
		return;
	in.index_only = mode == 1;

	/* the quals left to evaluate per row: in heap mode, the clause as well */
	foreach(lc, clauses)
	{
		RestrictInfo *other = lfirst_node(RestrictInfo, lc);

		if (other != rinfo || mode == 0)
			in.quals = lappend(in.quals, other);
	}

	cpath = make_range_path(root, rel, index, rinfo, set, ppi, mode, 0, &in);
	add_path(rel, (Path *) cpath);

	/*
	 * The partial path: workers as for an index scan of the pages the
	 * ranges read (the heap's too in heap mode).  A set of one range (a
	 * parameter or a join's set, whose size the planner cannot see) is not
	 * worth dividing.
	 */
	if (ppi == NULL && cpath->path.parallel_safe && in.nranges > 1)
	{
		double		index_pages = ceil(in.sel * Max((double) index->pages, 1.0));
		double		heap_pages = in.index_only ? -1 : ceil(in.sel * rel->pages);
		int			workers = compute_parallel_worker(rel, heap_pages, index_pages,
													  max_parallel_workers_per_gather);

		workers = Min(workers, in.nranges);
		if (workers > 0)
			add_partial_path(rel, (Path *) make_range_path(root, rel, index, rinfo, set,
														   NULL, mode, workers, &in));
	}
}

/*
 * set_rel_pathlist_hook: offer range scans for the membership clauses of a
 * plain table, on every btree that fits.
 */
static void
range_scan_pathlist(PlannerInfo *root, RelOptInfo *rel, Index rti,
					RangeTblEntry *rte)
{
	ListCell   *lc;

	if (prev_set_rel_pathlist_hook)
		prev_set_rel_pathlist_hook(root, rel, rti, rte);
	if (!enable_rangescan || rte->rtekind != RTE_RELATION || rte->inh ||
		rte->tablesample != NULL || rel->indexlist == NIL ||
		(rel->reloptkind != RELOPT_BASEREL &&
		 rel->reloptkind != RELOPT_OTHER_MEMBER_REL))
		return;

	foreach(lc, rel->baserestrictinfo)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		Var		   *col;
		Expr	   *set;
		ListCell   *li;

		if (rinfo->pseudoconstant || !match_membership(root, rel, rinfo->clause, &col, &set))
			continue;
		foreach(li, rel->indexlist)
		{
			IndexOptInfo *index = lfirst_node(IndexOptInfo, li);

			if (index_fits(index, col))
				add_range_path(root, rel, index, rinfo, col, set, NULL);
		}
	}

	foreach(lc, rel->joininfo)
	{
		RestrictInfo *rinfo = lfirst_node(RestrictInfo, lc);
		Var		   *col;
		Expr	   *set;
		Relids		outer;
		ListCell   *li;

		if (!match_membership(root, rel, rinfo->clause, &col, &set) ||
			!join_clause_is_movable_to(rinfo, rel))
			continue;
		outer = bms_difference(rinfo->clause_relids, rel->relids);
		if (bms_is_empty(outer) || bms_overlap(outer, rel->lateral_referencers))
			continue;
		foreach(li, rel->indexlist)
		{
			IndexOptInfo *index = lfirst_node(IndexOptInfo, li);

			if (index_fits(index, col))
				add_range_path(root, rel, index, rinfo, col, set, outer);
		}
	}
}

/*
 * PlanCustomPath: the CustomScan node.  custom_exprs holds the set (outer
 * columns become nested-loop parameters there); custom_private the index
 * and the mode; in index-only mode custom_scan_tlist describes the index's
 * columns, which the scan returns.
 */
static Plan *
plan_range_scan(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path,
				List *tlist, List *clauses, List *custom_plans)
{
	CustomScan *cscan = makeNode(CustomScan);
	Oid			indexoid = (Oid) intVal(linitial(best_path->custom_private));
	bool		index_only = boolVal(lsecond(best_path->custom_private));
	RestrictInfo *rinfo = lthird(best_path->custom_private);
	Var		   *col;
	Expr	   *set;
	List	   *quals = NIL;
	ListCell   *lc;

	if (!match_membership(root, rel, rinfo->clause, &col, &set))
		elog(ERROR, "range scan path lost its membership clause");

	/* the exact clause needs no recheck in index-only mode */
	foreach(lc, clauses)
	{
		RestrictInfo *other = lfirst_node(RestrictInfo, lc);

		if (other->pseudoconstant)
			continue;
		if (other != rinfo || !index_only)
			quals = lappend(quals, other->clause);
	}

	cscan->scan.plan.targetlist = tlist;
	cscan->scan.plan.qual = quals;
	cscan->scan.scanrelid = rel->relid;
	cscan->flags = best_path->flags;
	cscan->custom_plans = NIL;
	cscan->custom_exprs = list_make1(copyObject(set));
	cscan->custom_private = list_make2(makeInteger((int) indexoid),
									   makeBoolean(index_only));
	cscan->methods = &range_scan_methods;

	if (index_only)
	{
		IndexOptInfo *index = NULL;
		int			i;

		foreach(lc, rel->indexlist)
		{
			if (lfirst_node(IndexOptInfo, lc)->indexoid == indexoid)
				index = lfirst_node(IndexOptInfo, lc);
		}
		if (index == NULL)
			elog(ERROR, "index %u of a range scan not found", indexoid);
		for (i = 0; i < index->ncolumns; i++)
		{
			Oid			type;
			int32		typmod;
			Oid			collation;
			Var		   *var;

			get_atttypetypmodcoll(planner_rt_fetch(rel->relid, root)->relid,
								  index->indexkeys[i], &type, &typmod, &collation);
			var = makeVar(rel->relid, index->indexkeys[i], type, typmod, collation, 0);
			cscan->custom_scan_tlist = lappend(cscan->custom_scan_tlist,
											   makeTargetEntry((Expr *) var, i + 1,
															   NULL, false));
		}
	}
	return &cscan->scan.plan;
}

/* --------------------------------------------------------------- executor */

/* CreateCustomScanState */
static Node *
create_range_scan_state(CustomScan *cscan)
{
	RangeScanState *state = (RangeScanState *) newNode(sizeof(RangeScanState),
													   T_CustomScanState);

	state->css.methods = &range_exec_methods;
	state->index_only = boolVal(lsecond(cscan->custom_private));
	return (Node *) state;
}

/*
 * BeginCustomScan: open the index, prepare the scan keys (the btree's own
 * >= and <= on column 1) and the set's expression.  The set is evaluated
 * on the first fetch, when the parameters it may use are set.
 */
static void
begin_range_scan(CustomScanState *node, EState *estate, int eflags)
{
	RangeScanState *state = (RangeScanState *) node;
	CustomScan *cscan = (CustomScan *) node->ss.ps.plan;
	Oid			indexoid = (Oid) intVal(linitial(cscan->custom_private));
	Oid			opfamily;
	Oid			type;
	int			i;
	static const StrategyNumber strategies[2] = {
		BTGreaterEqualStrategyNumber, BTLessEqualStrategyNumber
	};

	state->index = index_open(indexoid, AccessShareLock);
	state->set_expr = ExecInitExpr(linitial(cscan->custom_exprs), &node->ss.ps);
	state->range_cxt = AllocSetContextCreate(estate->es_query_cxt,
											 "hsset range scan",
											 ALLOCSET_SMALL_SIZES);
	state->vmbuffer = InvalidBuffer;
	opfamily = state->index->rd_opfamily[0];
	type = state->index->rd_opcintype[0];
	for (i = 0; i < 2; i++)
	{
		Oid			opno = get_opfamily_member(opfamily, type, type, strategies[i]);

		if (!OidIsValid(opno))
			elog(ERROR, "missing operator %d for type %u in family %u",
				 strategies[i], type, opfamily);
		ScanKeyEntryInitialize(&state->keys[i], 0, 1, strategies[i], type,
							   state->index->rd_indcollation[0],
							   get_opcode(opno), (Datum) 0);
	}
	state->heap_slot = table_slot_create(node->ss.ss_currentRelation, NULL);
}

/*
 * Evaluate the set and compile its key ranges (none for NULL or {}).
 */
static void
load_ranges(RangeScanState *state)
{
	ExprContext *econtext = state->css.ss.ps.ps_ExprContext;
	bool		isnull;
	Datum		value;
	MemoryContext old;

	MemoryContextReset(state->range_cxt);
	state->nranges = 0;
	state->ranges = NULL;
	ResetExprContext(econtext);
	value = ExecEvalExprSwitchContext(state->set_expr, econtext, &isnull);
	if (!isnull)
	{
		HsSetProbe *probe;

		old = MemoryContextSwitchTo(state->range_cxt);
		probe = hsset_compile(DatumGetHsSetP(value));
		MemoryContextSwitchTo(old);
		state->nranges = probe->nranges;
		state->ranges = probe->ranges;
	}
	state->have_ranges = true;
	state->next_range = 0;
	state->in_range = false;
}

/* Start the btree scan of the next range; false when none is left. */
static bool
start_next_range(RangeScanState *state)
{
	EState	   *estate = state->css.ss.ps.state;
	hsset_range *range;
	int			next;

	/* in a parallel-aware scan, every range goes to one process */
	if (state->shared != NULL)
		next = (int) pg_atomic_fetch_add_u32(&state->shared->next_range, 1);
	else
		next = state->next_range++;
	if (next >= state->nranges)
		return false;
	range = &state->ranges[next];
	state->keys[0].sk_argument = HscodeGetDatum(range->lo);
	state->keys[1].sk_argument = HscodeGetDatum(range->hi);
	if (state->scan == NULL)
	{
		state->scan = ts_index_beginscan(state->css.ss.ss_currentRelation,
									     state->index, estate->es_snapshot, 2, 0);
		state->scan->xs_want_itup = state->index_only;
	}
	index_rescan(state->scan, state->keys, 2, NULL, 0);
	state->in_range = true;
	return true;
}

/*
 * The next row of the current range in index-only mode, into the scan
 * slot (index-shaped); false at the end of the range.  As nodeIndexonlyscan
 * does: a row on a page not all-visible is checked in the heap.
 */
static bool
next_index_only(RangeScanState *state, TupleTableSlot *slot)
{
	IndexScanDesc scan = state->scan;
	ItemPointer tid;

	while ((tid = index_getnext_tid(scan, ForwardScanDirection)) != NULL)
	{
		bool		from_heap = false;

		CHECK_FOR_INTERRUPTS();
		if (!VM_ALL_VISIBLE(scan->heapRelation, ItemPointerGetBlockNumber(tid),
							&state->vmbuffer))
		{
			state->heap_fetches++;
			if (!index_fetch_heap(scan, state->heap_slot))
				continue;		/* no visible version */
			ExecClearTuple(state->heap_slot);
			if (scan->xs_heap_continue)
				elog(ERROR, "non-MVCC snapshots are not supported in index-only scans");
			from_heap = true;
		}
		ExecClearTuple(slot);
		index_deform_tuple(scan->xs_itup, scan->xs_itupdesc,
						   slot->tts_values, slot->tts_isnull);
		ExecStoreVirtualTuple(slot);
		if (!from_heap)
			PredicateLockPage(scan->heapRelation, ItemPointerGetBlockNumber(tid),
							  state->css.ss.ps.state->es_snapshot);
		return true;
	}
	return false;
}

/*
 * The next row of the current range in heap mode, copied into the
 * (virtual) scan slot; false at the end of the range.
 */
static bool
next_heap(RangeScanState *state, TupleTableSlot *slot)
{
	TupleTableSlot *heap_slot = state->heap_slot;
	int			natts = slot->tts_tupleDescriptor->natts;

	if (!index_getnext_slot(state->scan, ForwardScanDirection, heap_slot))
		return false;
	slot_getallattrs(heap_slot);
	ExecClearTuple(slot);
	memcpy(slot->tts_values, heap_slot->tts_values, sizeof(Datum) * natts);
	memcpy(slot->tts_isnull, heap_slot->tts_isnull, sizeof(bool) * natts);
	ExecStoreVirtualTuple(slot);
	slot->tts_tableOid = heap_slot->tts_tableOid;
	return true;
}

/* ExecScan access method: the next row of the union of the ranges. */
static TupleTableSlot *
range_scan_next(ScanState *ss)
{
	RangeScanState *state = (RangeScanState *) ss;
	TupleTableSlot *slot = ss->ss_ScanTupleSlot;

	if (!state->have_ranges)
		load_ranges(state);
	for (;;)
	{
		if (!state->in_range && !start_next_range(state))
			return ExecClearTuple(slot);
		if (state->index_only ? next_index_only(state, slot) : next_heap(state, slot))
			return slot;
		state->in_range = false;
	}
}

/*
 * ExecScan recheck method, for EvalPlanQual: in heap mode the membership
 * clause stays in the quals, which ExecScan checks after this; index-only
 * mode never meets EvalPlanQual (row marks need ctid, which rules it out).
 */
static bool
range_scan_recheck(ScanState *ss, TupleTableSlot *slot)
{
	if (((RangeScanState *) ss)->index_only)
		elog(ERROR, "EvalPlanQual recheck is not supported in index-only range scans");
	return true;
}

/* ExecCustomScan */
static TupleTableSlot *
exec_range_scan(CustomScanState *node)
{
	return ExecScan(&node->ss, range_scan_next, range_scan_recheck);
}

/* ReScanCustomScan: the set may have changed (a nested loop's outer row). */
static void
rescan_range_scan(CustomScanState *node)
{
	RangeScanState *state = (RangeScanState *) node;

	state->have_ranges = false;
	state->in_range = false;
	ExecScanReScan(&node->ss);
}

/* EndCustomScan */
static void
end_range_scan(CustomScanState *node)
{
	RangeScanState *state = (RangeScanState *) node;

	if (state->scan != NULL)
		index_endscan(state->scan);
	if (state->vmbuffer != InvalidBuffer)
		ReleaseBuffer(state->vmbuffer);
	if (state->heap_slot != NULL)
		ExecDropSingleTupleTableSlot(state->heap_slot);
	if (state->index != NULL)
		index_close(state->index, AccessShareLock);
}

/*
 * Parallel-aware scans: the leader puts the shared counter in the query's
 * dynamic shared memory, each worker finds it there, and a rescan of the
 * Gather above starts it again from the first range.
 */
static Size
estimate_range_scan_dsm(CustomScanState *node, ParallelContext *pcxt)
{
	return sizeof(RangeScanShared);
}

static void
init_range_scan_dsm(CustomScanState *node, ParallelContext *pcxt, void *coordinate)
{
	RangeScanState *state = (RangeScanState *) node;

	state->shared = (RangeScanShared *) coordinate;
	pg_atomic_init_u32(&state->shared->next_range, 0);
}

static void
reinit_range_scan_dsm(CustomScanState *node, ParallelContext *pcxt, void *coordinate)
{
	pg_atomic_write_u32(&((RangeScanShared *) coordinate)->next_range, 0);
}

static void
init_range_scan_worker(CustomScanState *node, shm_toc *toc, void *coordinate)
{
	((RangeScanState *) node)->shared = (RangeScanShared *) coordinate;
}

/* Append "lo..hi" for a key range, its ends printed as codes. */
static void
append_range(StringInfo buf, const hsset_range *range)
{
	char		digits[HS_MAX_DIGITS + 1];

	hs_key_digits(hs_key_ceil_code(range->lo), digits);
	appendStringInfoString(buf, digits);
	appendStringInfoString(buf, "..");
	hs_key_digits(hs_key_floor_code(range->hi), digits);
	appendStringInfoString(buf, digits);
}

/*
 * ExplainCustomScan: the index, the mode and the set; with VERBOSE the key
 * ranges (of the constant set, or those of the last execution under
 * ANALYZE); with ANALYZE the heap fetches of index-only mode.
 */
static void
explain_range_scan(CustomScanState *node, List *ancestors, ExplainState *es)
{
	RangeScanState *state = (RangeScanState *) node;
	CustomScan *cscan = (CustomScan *) node->ss.ps.plan;
	Node	   *set = linitial(cscan->custom_exprs);
	List	   *context;
	Oid			indexoid = (Oid) intVal(linitial(cscan->custom_private));
	hsset_range *ranges = NULL;
	int			nranges = -1;

	ExplainPropertyText("Index", get_rel_name(indexoid), es);
	ExplainPropertyBool("Index Only", state->index_only, es);
	context = set_deparse_context_plan(es->deparse_cxt, &cscan->scan.plan, ancestors);
	ExplainPropertyText("Set", deparse_expression(set, context, es->verbose, false), es);

	if (state->have_ranges)
	{
		ranges = state->ranges;
		nranges = state->nranges;
	}
	else if (IsA(set, Const))
	{
		if (((Const *) set)->constisnull)
			nranges = 0;
		else
		{
			HsSetProbe *probe = hsset_compile(DatumGetHsSetP(((Const *) set)->constvalue));

			ranges = probe->ranges;
			nranges = probe->nranges;
		}
	}
	if (nranges >= 0)
	{
		ExplainPropertyInteger("Key Ranges", NULL, nranges, es);
		if (es->verbose && nranges > 0)
		{
			StringInfoData buf;
			int			i;

			initStringInfo(&buf);
			for (i = 0; i < nranges && i < RANGESCAN_EXPLAIN_RANGES; i++)
			{
				if (i > 0)
					appendStringInfoString(&buf, ", ");
				append_range(&buf, &ranges[i]);
			}
			if (nranges > RANGESCAN_EXPLAIN_RANGES)
				appendStringInfo(&buf, ", ... (%d more)",
								 nranges - RANGESCAN_EXPLAIN_RANGES);
			ExplainPropertyText("Ranges", buf.data, es);
		}
	}
	if (es->analyze && state->index_only)
		ExplainPropertyFloat("Heap Fetches", NULL, (double) state->heap_fetches, 0, es);
}

/* ------------------------------------------------------------------ setup */

/*
 * Called from _PG_init: the GUC, the plan node's methods (parallel workers
 * and plan copies find them by name) and the planner hook.
 */
void
hsset_scan_init(void)
{
	DefineCustomBoolVariable("trade_screen.enable_rangescan",
							 "Lets the planner run hscode <@ hsset as one btree range scan per key range of the set.",
							 NULL,
							 &enable_rangescan,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	RegisterCustomScanMethods(&range_scan_methods);
	prev_set_rel_pathlist_hook = set_rel_pathlist_hook;
	set_rel_pathlist_hook = range_scan_pathlist;
}

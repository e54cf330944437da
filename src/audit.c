/*
 * audit.c
 *		The bulk writer of screening runs: the rows of a scoring query go
 *		into screen_results the way COPY writes, in batches.
 *
 * INSERT ... SELECT never runs its SELECT in parallel in PostgreSQL 15, and
 * an INSERT fed by a set-returning function pays a tuplestore and a
 * per-row executor insert on top.  screen_results_write runs the scoring
 * query through SPI with a DestReceiver of its own, as CREATE TABLE AS
 * does: the query may use a parallel plan (the workers score, the leader
 * writes), and the leader writes with table_multi_insert and the indexes'
 * insert, as COPY FROM does.
 */
#include "trade_screen.h"

#include "access/heapam.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/executor.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/typcache.h"

/* rows written per table_multi_insert call, as COPY's buffer holds */
#define RUN_BATCH 1000

/* the levels counted, in this order; anything else counts as "other" */
static const char *const run_levels[] = {"none", "low", "medium", "high", "other", "null"};
#define RUN_NLEVELS 6

typedef struct RunWriter
{
	DestReceiver pub;
	Relation	rel;
	Datum		run;
	CommandId	cid;
	BulkInsertState bistate;
	EState	   *estate;
	ResultRelInfo *rri;
	/* the screening composite's descriptor, looked up once */
	TupleDesc	resdesc;
	Datum		resvalues[6];
	bool		resnulls[6];
	TupleTableSlot *slots[RUN_BATCH];
	int			nslots;
	bool		started;
	int64		counts[RUN_NLEVELS];
} RunWriter;

/* Write the buffered rows and their index entries. */
static void
run_flush(RunWriter *w)
{
	if (w->nslots == 0)
		return;
	table_multi_insert(w->rel, w->slots, w->nslots, w->cid, 0, w->bistate);
	for (int i = 0; i < w->nslots; i++)
	{
		List	   *recheck;

		recheck = ExecInsertIndexTuples(w->rri, w->slots[i], w->estate, false, false, NULL, NIL);
		list_free(recheck);
		ResetPerTupleExprContext(w->estate);
		ExecClearTuple(w->slots[i]);
	}
	w->nslots = 0;
}

/*
 * The receiver's startup: the query's rows must be (row_key jsonb, result
 * screening); the composite's descriptor is looked up here, once, not per
 * row (GetAttributeByNum looks it up, and registers it with the resource
 * owner, on every call: a fifth of a run's time in the leader).
 */
static void
run_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	RunWriter  *w = (RunWriter *) self;
	Form_pg_attribute res;

	w->started = true;
	if (typeinfo->natts != 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("scoring query returns %d columns, not 2", typeinfo->natts),
				 errdetail("screen_results_write reads (row_key jsonb, result screening).")));
	res = TupleDescAttr(typeinfo, 1);
	w->resdesc = lookup_rowtype_tupdesc_copy(res->atttypid, res->atttypmod);
	if (w->resdesc->natts != 6)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("scoring query's result has %d fields, not 6", w->resdesc->natts),
				 errdetail("screen_results_write reads (row_key jsonb, result screening).")));
}

/* The index in run_levels of a level (a text datum). */
static int
run_level_index(Datum level)
{
	text	   *t = DatumGetTextPP(level);
	const char *p = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	int			lv;

	for (lv = 0; lv < RUN_NLEVELS - 2; lv++)
		if (strlen(run_levels[lv]) == len && memcmp(p, run_levels[lv], len) == 0)
			break;
	return lv;
}

/*
 * One scored row: (row_key jsonb, result screening) becomes (run_id,
 * row_key, score, level, fired, reasons) in a slot of the batch.
 */
static bool
run_receive(TupleTableSlot *slot, DestReceiver *self)
{
	RunWriter  *w = (RunWriter *) self;
	TupleTableSlot *out = w->slots[w->nslots];
	Datum	   *v = out->tts_values;
	bool	   *n = out->tts_isnull;
	int			lv = RUN_NLEVELS - 1;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0])
		ereport(ERROR,
				(errcode(ERRCODE_NOT_NULL_VIOLATION),
				 errmsg("a scored row has no key"),
				 errdetail("Every row of a screening run is stored under its key.")));
	ExecClearTuple(out);
	v[0] = w->run;
	n[0] = false;
	v[1] = slot->tts_values[0];
	n[1] = false;
	if (slot->tts_isnull[1])
	{
		for (int i = 2; i < 6; i++)
			n[i] = true;
	}
	else
	{
		HeapTupleHeader s = DatumGetHeapTupleHeader(slot->tts_values[1]);
		HeapTupleData tuple;

		tuple.t_len = HeapTupleHeaderGetDatumLength(s);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = s;
		heap_deform_tuple(&tuple, w->resdesc, w->resvalues, w->resnulls);
		/* screening: score, level, reasons, fired, profile, profile_version */
		v[2] = w->resvalues[0];
		n[2] = w->resnulls[0];
		v[3] = w->resvalues[1];
		n[3] = w->resnulls[1];
		v[4] = w->resvalues[3];
		n[4] = w->resnulls[3];
		v[5] = w->resvalues[2];
		n[5] = w->resnulls[2];
		if (!n[3])
			lv = run_level_index(v[3]);
	}
	w->counts[lv]++;
	ExecStoreVirtualTuple(out);
	/* the values point into the query's tuple: copy them into the slot */
	ExecMaterializeSlot(out);
	if (++w->nslots == RUN_BATCH)
		run_flush(w);
	return true;
}

static void
run_shutdown(DestReceiver *self)
{
	run_flush((RunWriter *) self);
}

static void
run_destroy(DestReceiver *self)
{
}

/*
 * screen_results_write(run bigint, query text) returns jsonb: run the
 * scoring query, which returns (row_key jsonb, result screening), and store
 * its rows in screen_results under the run id; returns the rows written by
 * level as a JSON object.  The caller must be allowed to INSERT into
 * screen_results; the query runs with the caller's rights.
 */
PG_FUNCTION_INFO_V1(screen_results_write);
Datum
screen_results_write(PG_FUNCTION_ARGS)
{
	int64		run = PG_GETARG_INT64(0);
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(1));
	/* the table sits in the schema of this function, the extension's */
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			relid = get_relname_relid("screen_results", nsp);
	RunWriter  *w;
	SPIExecuteOptions opts;
	AclResult	acl;
	JsonbParseState *state = NULL;
	JsonbValue *res;
	int			rc;

	if (!OidIsValid(relid))
		elog(ERROR, "table screen_results of trade_screen is missing");
	acl = pg_class_aclcheck(relid, GetUserId(), ACL_INSERT);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_TABLE, "screen_results");

	w = palloc0(sizeof(RunWriter));
	w->pub.receiveSlot = run_receive;
	w->pub.rStartup = run_startup;
	w->pub.rShutdown = run_shutdown;
	w->pub.rDestroy = run_destroy;
	w->pub.mydest = DestNone;
	w->run = Int64GetDatum(run);
	w->rel = table_open(relid, RowExclusiveLock);
	/*
	 * A parallel query may not assign a transaction id or a command id once
	 * it runs: take both before it starts, as CREATE TABLE AS does.
	 */
	(void) GetCurrentTransactionId();
	w->cid = GetCurrentCommandId(true);
	w->bistate = GetBulkInsertState();
	w->estate = CreateExecutorState();
	w->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(w->rri, w->rel, 1, NULL, 0);
	ExecOpenIndices(w->rri, false);
	for (int i = 0; i < RUN_BATCH; i++)
		w->slots[i] = table_slot_create(w->rel, NULL);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	memset(&opts, 0, sizeof(opts));
	opts.read_only = true;
	opts.dest = &w->pub;
	/*
	 * a SELECT into a receiver that is not SPI's own reports
	 * SPI_OK_UTILITY; a query that never started the receiver returned no
	 * rows at all (a utility statement)
	 */
	rc = SPI_execute_extended(query, &opts);
	if ((rc != SPI_OK_SELECT && rc != SPI_OK_UTILITY) || !w->started)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("scoring query of screen_results_write is not a SELECT")));
	SPI_finish();

	for (int i = 0; i < RUN_BATCH; i++)
		ExecDropSingleTupleTableSlot(w->slots[i]);
	ExecCloseIndices(w->rri);
	FreeExecutorState(w->estate);
	FreeBulkInsertState(w->bistate);
	table_close(w->rel, NoLock);

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < RUN_NLEVELS; i++)
	{
		JsonbValue	k,
					v;

		if (w->counts[i] == 0)
			continue;
		k.type = jbvString;
		k.val.string.val = (char *) run_levels[i];
		k.val.string.len = strlen(run_levels[i]);
		pushJsonbValue(&state, WJB_KEY, &k);
		v.type = jbvNumeric;
		v.val.numeric = int64_to_numeric(w->counts[i]);
		pushJsonbValue(&state, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

/*
 * screen_row_key_hash(row_key jsonb) returns bigint: what the index of
 * screen_results orders a run's rows by.  A key of one integer column (the
 * usual primary key) is that integer, so that a run written in the source's
 * order appends to the index's rightmost page instead of touching a random
 * page per row; any other key is its 64-bit jsonb hash.  Lookups compare
 * row_key too, so two keys that share a value here are still told apart.
 */
PG_FUNCTION_INFO_V1(screen_row_key_hash);
Datum
screen_row_key_hash(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);

	if (JB_ROOT_IS_OBJECT(jb) && JB_ROOT_COUNT(jb) == 1)
	{
		JsonbIterator *it = JsonbIteratorInit(&jb->root);
		JsonbValue	v;
		JsonbIteratorToken tok;

		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			if (tok != WJB_VALUE)
				continue;
			if (v.type == jbvNumeric && !numeric_is_nan(v.val.numeric) && !numeric_is_inf(v.val.numeric))
			{
				char	   *s = numeric_normalize(v.val.numeric);
				char	   *p = s + (s[0] == '-');
				size_t		len = strlen(p);

				if (len > 0 && len <= 18 && strspn(p, "0123456789") == len)
					PG_RETURN_INT64(strtoll(s, NULL, 10));
			}
			break;
		}
	}
	return DirectFunctionCall2(jsonb_hash_extended, PG_GETARG_DATUM(0), Int64GetDatum(0));
}

/*
 * What screen_exporter_in remembers for one call site: the key function,
 * the keys asked for, and per name met so far (by its 64-bit hash) the
 * name and whether its key is one of them.
 */
typedef struct ExporterCache
{
	FmgrInfo	keyfn;
	ArrayType  *keys;			/* a copy, to notice other keys */
	Datum	   *keyvals;
	int			nkeys;
	HTAB	   *names;
} ExporterCache;

typedef struct ExporterEntry
{
	uint64		hash;
	char	   *name;			/* NUL-terminated copy */
	bool		in;
} ExporterEntry;

/* Whether screen_exporter_key(name) is one of the cache's keys. */
static bool
exporter_key_in(ExporterCache *c, text *name, Oid collation)
{
	Datum		key = FunctionCall1Coll(&c->keyfn, collation, PointerGetDatum(name));
	text	   *k;

	if (DatumGetPointer(key) == NULL)
		return false;
	k = DatumGetTextPP(key);
	for (int i = 0; i < c->nkeys; i++)
	{
		text	   *w = DatumGetTextPP(c->keyvals[i]);

		if (VARSIZE_ANY_EXHDR(w) == VARSIZE_ANY_EXHDR(k) &&
			memcmp(VARDATA_ANY(w), VARDATA_ANY(k), VARSIZE_ANY_EXHDR(k)) == 0)
			return true;
	}
	return false;
}

/*
 * screen_exporter_in(name text, keys text[]) returns boolean: whether
 * screen_exporter_key(name) is one of keys.  The key is an ICU transform,
 * costly next to a row of a scan; a source has far fewer exporters than
 * rows, so the answer is remembered per name for the rest of the query,
 * and one pass over the source finds the rows of the exporters of a listed
 * party (screen_rescreen).
 */
PG_FUNCTION_INFO_V1(screen_exporter_in);
Datum
screen_exporter_in(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	ArrayType  *keys = PG_GETARG_ARRAYTYPE_P(1);
	ExporterCache *c = fcinfo->flinfo->fn_extra;
	const char *p = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	uint64		h;
	ExporterEntry *e;
	bool		found;

	if (c == NULL || VARSIZE(c->keys) != VARSIZE(keys) || memcmp(c->keys, keys, VARSIZE(keys)) != 0)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
		Oid			argtype = TEXTOID;
		Oid			fn;
		HASHCTL		ctl;

		if (c == NULL)
		{
			c = palloc0(sizeof(ExporterCache));
			fn = LookupFuncName(list_make2(makeString(get_namespace_name(nsp)),
										   makeString("screen_exporter_key")),
								1, &argtype, false);
			fmgr_info_cxt(fn, &c->keyfn, fcinfo->flinfo->fn_mcxt);
			fcinfo->flinfo->fn_extra = c;
		}
		else
			hash_destroy(c->names);
		c->keys = (ArrayType *) palloc(VARSIZE(keys));
		memcpy(c->keys, keys, VARSIZE(keys));
		{
			/* NULL keys match nothing: they are left out */
			bool	   *nulls;
			int			n;

			deconstruct_array(c->keys, TEXTOID, -1, false, TYPALIGN_INT, &c->keyvals, &nulls, &n);
			c->nkeys = 0;
			for (int i = 0; i < n; i++)
				if (!nulls[i])
					c->keyvals[c->nkeys++] = c->keyvals[i];
		}
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(ExporterEntry);
		ctl.hcxt = fcinfo->flinfo->fn_mcxt;
		c->names = hash_create("screen_exporter_in names", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		MemoryContextSwitchTo(old);
	}
	h = hash_bytes_extended((const unsigned char *) p, len, 0);
	e = hash_search(c->names, &h, HASH_ENTER, &found);
	if (!found)
	{
		e->name = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len + 1);
		memcpy(e->name, p, len);
		e->name[len] = '\0';
		e->in = exporter_key_in(c, name, PG_GET_COLLATION());
	}
	else if (strlen(e->name) != (size_t) len || memcmp(e->name, p, len) != 0)
		/* two names with one hash: the second is not remembered */
		PG_RETURN_BOOL(exporter_key_in(c, name, PG_GET_COLLATION()));
	PG_RETURN_BOOL(e->in);
}

/*
 * screen_row_key_int(name text, value bigint) returns jsonb: the row key
 * {"name": value} of a source keyed by one integer column, built from the
 * integer itself.  jsonb_build_object makes the same value through the
 * integer's text and numeric_in, per row of every run.
 */
PG_FUNCTION_INFO_V1(screen_row_key_int);
Datum
screen_row_key_int(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);
	JsonbParseState *state = NULL;
	JsonbValue	k,
				v;
	JsonbValue *res;

	k.type = jbvString;
	k.val.string.val = VARDATA_ANY(name);
	k.val.string.len = VARSIZE_ANY_EXHDR(name);
	v.type = jbvNumeric;
	v.val.numeric = int64_to_numeric(PG_GETARG_INT64(1));
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	pushJsonbValue(&state, WJB_KEY, &k);
	pushJsonbValue(&state, WJB_VALUE, &v);
	res = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

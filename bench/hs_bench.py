#!/usr/bin/env python3
"""bench/hs_bench.py: the HS hierarchy benchmark driver (run by hs_bench.sh).

Measures Q1-Q5 on every method (hscode with each of its indexes and the five
peers), one index at a time on the same data, medians of RUNS runs after one
warm-up, and writes the "## HS hierarchy" section of bench/RESULTS.md.
Needs a running server (PG* environment) where bench/generate.sql has run.
"""
import os
import re
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "5"))
N = os.environ.get("N", "5000000")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
HEADING = "## HS hierarchy"
SETTINGS = ["-c", "jit=off", "-c", "max_parallel_workers_per_gather=2"]


def psql(sql, options=(), timing=False):
    """Run sql in one session; return stdout (and the \\timing values in ms)."""
    env = dict(os.environ)
    env["PGOPTIONS"] = " ".join(list(SETTINGS) + list(options))
    script = ("\\timing on\n" if timing else "") + sql
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"],
                         input=script, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("psql failed:\n%s\n%s" % (sql, out.stderr))
    times = [float(t) for t in re.findall(r"^Time: ([0-9.]+) ms", out.stdout, re.M)]
    rows = [l for l in out.stdout.splitlines() if not l.startswith("Time: ")]
    return rows, times


def q4_values():
    rows, _ = psql("SELECT code, lo, hi, l FROM q4 ORDER BY code;")
    return [r.split("|") for r in rows]


Q4 = q4_values()
Q4_SET = "'{" + ",".join(r[0] for r in Q4) + "}'::hsset"

FORCE = ["-c", "enable_seqscan=off"]
COVER_SET = "'%s'::hsset" % psql("SELECT hsset(array_agg(DISTINCT hs_chapter(code))) FROM hs_nomenclature "
                                   "WHERE hs_chapter(code) <> '85';")[0][0]
OFF = ["-c", "trade_screen.enable_rangescan=off"]

# The watchlist shapes of the HS Set Range Scan (src/hsset_scan.c), measured
# on the plain btree against the plans without it (trade_screen.enable_rangescan
# = off: the envelope range scan, or the exact range scan for one range):
# name: (title, setup SQL, query, options)
RANGE_SHAPES = [
    ("q4_const", "Q4 set as a constant", "", "SELECT count(*) FROM decl WHERE hs <@ " + Q4_SET, []),
    ("q4_prepared", "Q4 set as a prepared statement's parameter (generic plan)",
     "PREPARE q4p(hsset) AS SELECT count(*) FROM decl WHERE hs <@ $1;",
     "EXECUTE q4p(" + Q4_SET + ")", ["-c", "plan_cache_mode=force_generic_plan"]),
    ("q4_join", "Q4 set from a table, joined (ON d.hs <@ s.codes)", "",
     "SELECT count(*) FROM q4set s JOIN decl d ON d.hs <@ s.codes", []),
    ("chpl", "watchlist('CHPL') (50 subheadings, a stable call)", "",
     "SELECT count(*) FROM decl WHERE hs <@ watchlist('CHPL')", []),
    ("chapter", "a chapter-sized set, {85}", "",
     "SELECT count(*) FROM decl WHERE hs <@ '{85}'::hsset", []),
    ("one_member", "a 1-member set, {854231}", "",
     "SELECT count(*) FROM decl WHERE hs <@ '{854231}'::hsset", []),
    ("covering", "a covering set (every chapter but 85, constant), planner's choice", "",
     "SELECT count(*) FROM decl WHERE hs <@ " + COVER_SET, []),
]

# method: (title, index DDL on decl, extra DDL for Q5, index names, queries)
METHODS = [
    ("hscode_btree", "hscode, plain btree (planner support)",
     "CREATE INDEX decl_idx ON decl (hs)",
     "CREATE INDEX decl100k_idx ON decl100k (hs)",
     {"Q1": "SELECT count(*) FROM decl WHERE hs <@ '85'",
      "Q2": "SELECT count(*) FROM decl WHERE hs <@ '8542'",
      "Q3": "SELECT count(*) FROM decl WHERE hs <@ '854231'",
      "Q4": "SELECT count(*) FROM decl WHERE hs <@ " + Q4_SET,
      "Q5": "SELECT count(*) FROM decl100k d JOIN rules r ON r.prefix @> d.hs"}),
    ("hscode_gist", "hscode, gist_hscode_ops",
     "CREATE INDEX decl_idx ON decl USING gist (hs)",
     "CREATE INDEX decl100k_idx ON decl100k USING gist (hs)",
     {"Q1": "SELECT count(*) FROM decl WHERE hs <@ '85'",
      "Q2": "SELECT count(*) FROM decl WHERE hs <@ '8542'",
      "Q3": "SELECT count(*) FROM decl WHERE hs <@ '854231'",
      "Q4": "SELECT count(*) FROM decl WHERE hs <@ " + Q4_SET,
      "Q5": "SELECT count(*) FROM decl100k d JOIN rules r ON r.prefix @> d.hs"}),
    ("text_btree", "text + hand-written ranges, btree",
     "CREATE INDEX decl_idx ON decl (t)",
     None,
     {"Q1": "SELECT count(*) FROM decl WHERE t >= '85' AND t < '86'",
      "Q2": "SELECT count(*) FROM decl WHERE t >= '8542' AND t < '8543'",
      "Q3": "SELECT count(*) FROM decl WHERE t >= '854231' AND t < '854232'",
      "Q4": "SELECT count(*) FROM decl d JOIN q4 ON d.t >= q4.lo AND d.t < q4.hi",
      "Q5": "SELECT count(*) FROM decl100k d CROSS JOIN LATERAL (VALUES (left(d.t, 2)), (left(d.t, 4)), "
            "(left(d.t, 6)), (left(d.t, 8)), (d.t)) a(p) JOIN rules r ON r.t = a.p"}),
    ("text_like", "text LIKE, text_pattern_ops",
     "CREATE INDEX decl_idx ON decl (t text_pattern_ops)",
     None,
     {"Q1": "SELECT count(*) FROM decl WHERE t LIKE '85%'",
      "Q2": "SELECT count(*) FROM decl WHERE t LIKE '8542%'",
      "Q3": "SELECT count(*) FROM decl WHERE t LIKE '854231%'",
      "Q4": "SELECT count(*) FROM decl WHERE " + " OR ".join("t LIKE '%s%%'" % r[0] for r in Q4),
      "Q5": "SELECT count(*) FROM decl100k d JOIN rules r ON d.t LIKE r.t || '%'"}),
    ("ltree_gist", "ltree GiST",
     "CREATE INDEX decl_idx ON decl USING gist (l)",
     "CREATE INDEX decl100k_idx ON decl100k USING gist (l)",
     {"Q1": "SELECT count(*) FROM decl WHERE l <@ '85'",
      "Q2": "SELECT count(*) FROM decl WHERE l <@ '85.42'",
      "Q3": "SELECT count(*) FROM decl WHERE l <@ '85.42.31'",
      "Q4": "SELECT count(*) FROM decl WHERE " + " OR ".join("l <@ '%s'" % r[3] for r in Q4),
      "Q5": "SELECT count(*) FROM decl100k d JOIN rules r ON d.l <@ r.l"}),
    ("prefix_gist", "prefix_range GiST",
     "CREATE INDEX decl_idx ON decl USING gist (p)",
     "CREATE INDEX decl100k_idx ON decl100k USING gist (p)",
     {"Q1": "SELECT count(*) FROM decl WHERE p <@ '85'",
      "Q2": "SELECT count(*) FROM decl WHERE p <@ '8542'",
      "Q3": "SELECT count(*) FROM decl WHERE p <@ '854231'",
      "Q4": "SELECT count(*) FROM decl WHERE " + " OR ".join("p <@ '%s'" % r[0] for r in Q4),
      "Q5": "SELECT count(*) FROM decl100k d JOIN rules r ON r.p @> d.p"}),
    ("bigint_btree", "bigint btree, hand-written ranges",
     "CREATE INDEX decl_idx ON decl (b)",
     None,
     {"Q1": "SELECT count(*) FROM decl WHERE b BETWEEN 8500000000 AND 8599999999",
      "Q2": "SELECT count(*) FROM decl WHERE b BETWEEN 8542000000 AND 8542999999",
      "Q3": "SELECT count(*) FROM decl WHERE b BETWEEN 8542310000 AND 8542319999",
      "Q4": "SELECT count(*) FROM decl d JOIN q4 ON d.b BETWEEN q4.blo AND q4.bhi",
      "Q5": "SELECT count(*) FROM decl100k d CROSS JOIN LATERAL (VALUES (d.b / 100000000 * 100 + 2), "
            "(d.b / 1000000 * 100 + 4), (d.b / 10000 * 100 + 6)) a(k) JOIN rules r ON r.bk = a.k"}),
]
QUERIES = ["Q1", "Q2", "Q3", "Q4", "Q5"]
QNAMES = {"Q1": "Q1 count chapter 85", "Q2": "Q2 count heading 8542",
          "Q3": "Q3 count subheading 854231", "Q4": "Q4 count under 40 CHPL subheadings",
          "Q5": "Q5 100k declarations x %s rule prefixes, count covering pairs"}


def measure(sql, options, slow=False):
    """Median ms of RUNS runs after one warm-up in the same session; a slow
    query (seconds per run, where a warm-up changes nothing) gets 3 runs."""
    if slow:
        rows, times = psql((sql + ";\n") * 3, options, timing=True)
        return statistics.median(times), rows[0], times
    rows, times = psql((sql + ";\n") * (RUNS + 1), options, timing=True)
    return statistics.median(times[1:]), rows[0], times[1:]


def main():
    results = {}
    sizes = {}
    builds = {}
    plans = {}
    counts = {}
    nrules = psql("SELECT count(*) FROM rules;")[0][0]
    started = time.time()
    for key, title, ddl, ddl5, queries in METHODS:
        psql("DROP INDEX IF EXISTS decl_idx; DROP INDEX IF EXISTS decl100k_idx;")
        _, t = psql(ddl + ";\n", ["-c", "maintenance_work_mem=1GB"], timing=True)
        builds[key] = t[0] / 1000.0
        if ddl5:
            psql(ddl5 + ";\n")
        psql("VACUUM ANALYZE decl; VACUUM ANALYZE decl100k;")
        sizes[key] = int(psql("SELECT pg_relation_size('decl_idx');")[0][0])
        results[key] = {}
        plans[key] = {}
        for q in QUERIES:
            opts = FORCE if q != "Q5" else []
            med, count, times = measure(queries[q], opts, slow=(key, q) == ("text_like", "Q5"))
            results[key][q] = med
            counts.setdefault(q, {})[key] = count
            plans[key][q] = psql("EXPLAIN (COSTS OFF) " + queries[q] + ";", opts)[0]
            print("%-13s %s %10.1f ms  %s rows  runs %s" % (key, q, med, count,
                  " ".join("%.1f" % x for x in times)), file=sys.stderr)
        if key == "hscode_gist":
            estimates = check_estimates(queries)
        if key == "hscode_btree":
            shapes = measure_shapes()
    psql("DROP INDEX IF EXISTS decl_idx; DROP INDEX IF EXISTS decl100k_idx;")
    planning = planning_times()
    write_results(results, sizes, builds, plans, counts, estimates, nrules,
                  time.time() - started, shapes, planning)


def measure_shapes():
    """The RANGE_SHAPES with the range scan and without it (same index, same
    session settings otherwise): medians, counts and plans."""
    psql("DROP TABLE IF EXISTS q4set; CREATE TABLE q4set AS SELECT 'q4'::text AS name, %s AS codes; "
         "ANALYZE q4set;" % Q4_SET)
    out = {}
    for name, title, setup, sql, opts in RANGE_SHAPES:
        row = {}
        for mode, extra in (("on", []), ("off", OFF)):
            if name == "chpl" and mode == "off":
                # without the range scan the filter calls watchlist() for every
                # row (4 s at N = 100k): too slow to repeat at N = 5M
                row[mode] = (float("nan"), "not run", ["(not run: the filter evaluates watchlist() per row)"])
                continue
            o = list(opts) + extra + (FORCE if name != "covering" else [])
            rows, times = psql(setup + "\n" + (sql + ";\n") * (RUNS + 1), o, timing=True)
            times = times[1:] if not setup else times[2:]
            plan = psql(setup + "\nEXPLAIN (COSTS OFF) " + sql + ";", o)[0]
            row[mode] = (statistics.median(times), rows[-1], plan)
            print("shape %-12s %-3s %10.1f ms  %s rows" % (name, mode, row[mode][0], rows[-1]),
                  file=sys.stderr)
        out[name] = (title, row)
    psql("DROP TABLE IF EXISTS q4set;")
    return out


def planning_times():
    """Planning time of the <@ join against = at STATISTICS 10000 on both
    sides (the join estimator reads the statistics once per side)."""
    psql("ALTER TABLE decl ALTER hs SET STATISTICS 10000; ALTER TABLE decl100k ALTER hs SET STATISTICS 10000; "
         "ANALYZE decl; ANALYZE decl100k;")
    out = {}
    for name, sql in (("<@", "SELECT count(*) FROM decl100k a JOIN decl b ON a.hs <@ b.hs"),
                      ("@>", "SELECT count(*) FROM decl100k a JOIN decl b ON b.hs @> a.hs"),
                      ("=", "SELECT count(*) FROM decl100k a JOIN decl b ON a.hs = b.hs")):
        rows, _ = psql(("EXPLAIN (SUMMARY ON) %s;\n" % sql) * (RUNS + 1))
        times = [float(t) for t in re.findall(r"Planning Time: ([0-9.]+) ms", "\n".join(rows))][1:]
        out[name] = statistics.median(times)
        print("planning %s %.1f ms" % (name, out[name]), file=sys.stderr)
    psql("ALTER TABLE decl ALTER hs SET STATISTICS -1; ALTER TABLE decl100k ALTER hs SET STATISTICS -1; "
         "ANALYZE decl; ANALYZE decl100k;")
    return out


def check_estimates(queries):
    """Planner row estimates against actual rows for Q1-Q4 (hscode)."""
    out = {}
    for q in ["Q1", "Q2", "Q3", "Q4"]:
        qual = queries[q].split(" WHERE ", 1)[1]
        rows, _ = psql("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT * FROM decl WHERE %s;" % qual,
                       ["-c", "max_parallel_workers_per_gather=0"])
        text = "\n".join(rows)
        est = int(re.search(r'"Plan Rows": ([0-9]+)', text).group(1))
        act = int(re.search(r'"Actual Rows": ([0-9]+)', text).group(1))
        out[q] = (est, act)
    return out


ANALYSIS = """
Reading the results (why the missed targets are missed):

- **Noise.** The machine (2 cores) is shared with other jobs; three full runs of this
  script gave, e.g., bigint Q1 33-64 ms and hscode btree Q1 45-88 ms, so single-run ratios
  between columns move by more than the issue's 10%, and a "met"/"missed" on Q1-Q3 against
  text or bigint can flip between runs. The structural results (Q4 btree envelope, GiST per-
  tuple cost, Q5 nested loop of btree range scans at 0.1-0.3x of the hash join) hold in all runs.
- **Q1-Q3, btree.** With the planner support function, `hs <@ '85'` runs as exactly the
  plan a user writes by hand for text or bigint: a (parallel) index-only range scan (see the
  plans). With btree deduplication the three indexes are 34-35 MB and the scan reads the
  same number of index tuples, so hscode, text and bigint take the same time within the
  run-to-run noise of this 2-core machine; interleaving the three queries in one session on
  the same 5M rows (side measurement) gave Q1 38-42 / 36-43 / 37-44 ms and Q2 1.6-2.2 /
  1.8-2.5 / 1.7-2.6 ms for hscode / bigint / text. A ratio of 0.75x to the text btree is not
  reachable by any plan that scans the same tuples; here the bigint "limit" is itself no
  faster than text (the issue's 0.7x gap between bigint and text does not show on this
  machine with deduplicated indexes). Differences between the columns of the table above are
  mostly the order in which the phases ran.
- **Q1-Q3, gist_hscode_ops.** GiST has no parallel scans, and its index-only scans pay per
  matching tuple: `perf` on Q1 (N = 1M, serial) shows `gistFetchTuple` with
  `heap_form_tuple`/`heap_fill_tuple`/`heap_deform_tuple`/`heap_compute_data_size` (about
  17%), `palloc0` and `MemoryContextReset` (about 10%), the fmgr calls of the consistent and
  fetch functions, against a btree's `_bt_next` + `index_getnext_tid`. That is the cost of
  the access method, not of the opclass (its own functions, `gist_hscode_consistent`,
  `stored_range`, `gist_hscode_fetch`, are under 10%).
- **Q4, btree: the HS Set Range Scan.** A btree scan takes one key range and PostgreSQL 15
  has no multi-range btree scan (`= ANY` only), so before this change the support function
  gave the lossy envelope (`hs >= first AND hs <= last`, rechecked), which covers most of
  chapters 84-85. Now a custom scan provider (`src/hsset_scan.c`) adds a path that compiles
  the set into its exact key ranges at executor start (or rescan) and runs one btree range
  scan per range on the same index, restarting one scan descriptor with `index_rescan`,
  index-only with the visibility-map check: the plan a skilled user writes by hand as a
  nested loop over a VALUES list of ranges, for a constant, a stable call, a prepared
  statement's parameter or a joined column, with no rewriting. Alternatives: the lossy
  envelope (reads and rechecks every row between the first and the last range); a BitmapOr
  of one exact range per member through SupportRequestSimplify (tried, below: bitmap heap
  scan, no index-only, planning proportional to the members, constants only); GiST (one
  scan for the whole set, but GiST pays per tuple, above). The custom scan keeps btree's
  per-tuple cost and index-only scans and needs no new index. The "Watchlist shapes" table
  shows each form of the set with the scan on and off, same index, same run.
- **Q4: one exact range scan per member as a BitmapOr, tried and dropped.** Rewriting a
  constant set (planner support, SupportRequestSimplify) into `hs <@ m1 OR hs <@ m2 OR ...`
  gives a BitmapOr of 40 exact range scans, from the btree or from the GiST index. Measured
  in a full run of this script, that made Q4 slower, not faster: btree 164 ms (against
  69.5 ms with the envelope), GiST 128 ms (against 23.7 ms index-only). The bitmap heap scan
  visits 80k scattered heap tuples and re-evaluates the OR, where the envelope reads a
  contiguous index range and the GiST scan is index-only.
- **0.1x of ltree and prefix_range** is met where the hscode plan is a btree scan of a
  small range; on Q1 (850k rows) both peers are only 6-10x slower than a btree index-only
  scan, so no plan reaches 0.1x.
- **Build time.** Side measurement on the same 5M rows: parallel builds 3.0 s (hscode),
  3.3 s (bigint), 3.8 s (text); serial 4.7 s, 4.1 s, 7.3 s: the hscode btree builds in
  0.65-0.8x the text btree's time and as fast as bigint, short of 0.6x.
- **Why GiST and not an SP-GiST digit trie** (side measurement, same 5M rows, serial
  index-only scans, built-in SP-GiST opclasses as stand-ins for a trie and a 1-D space
  partition): SP-GiST `text_ops` radix trie on the codes as text (`t ^@ '85'`): 162 MB,
  build 38.3 s, Q1 163 ms, Q2 6.0 ms, Q3 8.1 ms; SP-GiST `range_ops` quad tree on
  `int8range(b, b, '[]')`: 259 MB, 32.8 s, 335 / 12.4 / 12.1 ms; `gist_hscode_ops`: 96 MB,
  8.8 s, 205 / 7.3 / 6.7 ms. SP-GiST builds by inserting tuple by tuple (4x slower here) and
  its index is 1.7x larger; the trie is faster only on the chapter-sized Q1. GiST's sorted
  build and 16-byte leaf tuples (6-byte packed keys) decided it.
- **Estimates.** Q1-Q4 within 2x (table above): the `<@` estimator reads the MCVs and the
  histogram over the code's key range (for `<@ hsset`, the sum over the set's ranges),
  counting half of a histogram bin a range ends in.
"""


def fmt_ms(v):
    return "%.1f" % v if v < 100 else "%.0f" % v


def write_results(results, sizes, builds, plans, counts, estimates, nrules, elapsed, shapes, planning):
    peers = ["text_btree", "text_like", "ltree_gist", "prefix_gist", "bigint_btree"]
    ours = ["hscode_btree", "hscode_gist"]
    titles = {m[0]: m[1] for m in METHODS}
    lines = [HEADING, ""]
    lines.append("Produced by `bench/hs_bench.sh` (N = %s declarations, %d timed runs after one warm-up, "
                 "median (3 runs for the nested-loop LIKE join of Q5, seconds each); forced index use for Q1-Q4 (`enable_seqscan = off`), 2 parallel workers, "
                 "JIT off, shared_buffers = 2GB, warm cache; one index at a time on the same table; "
                 "whole run %.0f s on %d cores, %s)." % (N, RUNS, elapsed, os.cpu_count(),
                                                        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
    lines.append("")
    lines.append("Times in ms; rows counted by each query in brackets (all methods agree unless marked).")
    lines.append("")
    lines.append("| query | " + " | ".join(titles[m] for m in ours + peers) + " |")
    lines.append("|---" * (1 + len(ours) + len(peers)) + "|")
    for q in QUERIES:
        cs = set(counts[q].values())
        name = QNAMES[q] % nrules if "%s" in QNAMES[q] else QNAMES[q]
        cell = "%s (%s%s)" % (name, counts[q]["hscode_gist"], "" if len(cs) == 1 else ", COUNTS DIFFER: " + str(counts[q]))
        lines.append("| " + cell + " | " + " | ".join(fmt_ms(results[m][q]) for m in ours + peers) + " |")
    lines.append("| index size / build | " + " | ".join(
        "%.0f MB / %.1f s" % (sizes[m] / 1048576.0, builds[m]) for m in ours + peers) + " |")
    lines.append("")
    lines.append("Watchlist shapes on the plain btree, with the HS Set Range Scan (`on`) and with "
                 "`trade_screen.enable_rangescan = off` (today's plans: the envelope range scan rechecked, "
                 "or the exact range scan of a one-range set), same run, forced index use except "
                 "for the covering set:")
    lines.append("")
    lines.append("| shape | on (ms) | off (ms) | on / off | rows | on / text ranges Q4 | on / bigint Q4 |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, (title, row) in shapes.items():
        on, off = row["on"][0], row["off"][0]
        q4 = name.startswith("q4")
        lines.append("| %s | %s | %s | %s | %s%s | %s | %s |" % (
            title, fmt_ms(on), "not run" if off != off else fmt_ms(off),
            "" if off != off else "%.2f" % (on / off), row["on"][1],
            "" if row["on"][1] == row["off"][1] or off != off else " (OFF: %s, COUNTS DIFFER)" % row["off"][1],
            "%.2f" % (on / results["text_btree"]["Q4"]) if q4 else "",
            "%.2f" % (on / results["bigint_btree"]["Q4"]) if q4 else ""))
    lines.append("")
    q4 = shapes["q4_const"][1]["on"][0]
    lines.append("Range scan targets (same run):")
    lines.append("")
    for name in ("q4_const", "q4_prepared", "q4_join"):
        on = shapes[name][1]["on"][0]
        r1 = on / results["text_btree"]["Q4"]
        r2 = on / results["bigint_btree"]["Q4"]
        lines.append("- %s: %s <= 1.0x the text join of ranges (%.2f) and <= 1.2x the bigint join (%.2f)"
                     % ("met" if r1 <= 1.0 and r2 <= 1.2 else "**missed**", shapes[name][0], r1, r2))
    for name in ("chapter", "one_member"):
        on, off = shapes[name][1]["on"][0], shapes[name][1]["off"][0]
        lines.append("- %s: %s no slower than without the range scan (%.2f; the plan is the same "
                     "exact btree range scan, so the ratio is noise)" % ("met" if on <= off * 1.1 else "**missed**",
                                                                         shapes[name][0], on / off))
    cov_on, cov_off = shapes["covering"][1]["on"], shapes["covering"][1]["off"]
    seq_on = any("Seq Scan" in l for l in cov_on[2])
    seq_off = any("Seq Scan" in l for l in cov_off[2])
    lines.append("- %s: a covering set does not take the range scan where the planner would "
                 "otherwise scan the heap (with it: `%s`; without it: `%s`; %.2f of the time%s)" % (
                     "met" if seq_on or (not seq_off and cov_on[0] <= cov_off[0] * 1.1) else "**missed**",
                     next((l.strip() for l in cov_on[2] if "Scan" in l), "?"),
                     next((l.strip() for l in cov_off[2] if "Scan" in l), "?"),
                     cov_on[0] / cov_off[0],
                     "" if seq_on or seq_off else "; the table is 5x its index, so without the range "
                     "scan too the planner prefers an index-only scan of the whole envelope to a seq scan"))
    lines.append("")
    lines.append("Planning time of a join of 100k with 5M declarations at `STATISTICS 10000` on both "
                 "`hs` columns (median of %d; target under 50 ms): %s." % (RUNS, ", ".join(
                     "`%s` %.1f ms" % (k, v) for k, v in planning.items())))
    lines.append("")
    lines.append("Ratios (hscode time / peer time; lower is better):")
    lines.append("")
    lines.append("| query | index | / text ranges | / text LIKE | / ltree | / prefix_range | / bigint |")
    lines.append("|---|---|---|---|---|---|---|")
    for q in QUERIES:
        for m in ours:
            lines.append("| %s | %s | " % (q, m) + " | ".join(
                "%.2f" % (results[m][q] / results[p][q]) for p in peers) + " |")
    lines.append("")
    lines.append("Targets (same run):")
    lines.append("")
    lines.extend(targets(results, sizes, builds))
    lines.append("")
    lines.append("Planner estimates against actual rows (`SELECT * FROM decl WHERE ...`, hscode, "
                 "statistics from the default ANALYZE sample):")
    lines.append("")
    lines.append("| query | estimated | actual | ratio | within 2x |")
    lines.append("|---|---|---|---|---|")
    for q, (e, a) in estimates.items():
        r = e / a if a else float("inf")
        lines.append("| %s | %d | %d | %.2f | %s |" % (q, e, a, r, "yes" if 0.5 <= r <= 2 else "**no**"))
    lines.append("")
    lines.append(ANALYSIS.strip())
    lines.append("")
    lines.append("<details><summary>Plans (EXPLAIN, COSTS OFF)</summary>")
    lines.append("")
    for m in ours + peers:
        lines.append("#### %s" % titles[m])
        lines.append("")
        for q in QUERIES:
            lines.append("%s:" % q)
            lines.append("```")
            lines.extend(plans[m][q])
            lines.append("```")
        lines.append("")
    lines.append("#### Watchlist shapes (plain btree), range scan on / off")
    lines.append("")
    for name, (title, row) in shapes.items():
        for mode in ("on", "off"):
            lines.append("%s, %s:" % (title, mode))
            lines.append("```")
            lines.extend(row[mode][2])
            lines.append("```")
    lines.append("")
    lines.append("</details>")
    lines.append("")
    write_section("\n".join(lines) + "\n")


def targets(results, sizes, builds):
    out = []

    def line(ok, text):
        out.append("- %s: %s" % ("met" if ok else "**missed**", text))

    best = {q: min(results["hscode_btree"][q], results["hscode_gist"][q]) for q in QUERIES}
    for q in ["Q1", "Q2", "Q3", "Q4"]:
        for m in ["hscode_btree", "hscode_gist"]:
            r1 = results[m][q] / results["text_btree"][q]
            r2 = results[m][q] / results["bigint_btree"][q]
            line(r1 <= 0.75 and r2 <= 1.1,
                 "%s %s <= 0.75x text ranges (%.2f) and <= 1.1x bigint (%.2f)" % (q, m, r1, r2))
    for m in ["hscode_btree", "hscode_gist"]:
        r = results[m]["Q5"] / results["text_btree"]["Q5"]
        line(r <= 0.5, "Q5 %s <= 0.5x text hash join on expanded ancestors (%.2f)" % (m, r))
    for q in QUERIES:
        r = best[q] / min(results["ltree_gist"][q], results["prefix_gist"][q])
        line(r <= 0.1, "%s best hscode index <= 0.1x ltree and prefix_range (%.3f)" % (q, r))
    line(sizes["hscode_btree"] <= sizes["text_btree"],
         "btree on hscode no larger than the text btree (%.0f MB vs %.0f MB)"
         % (sizes["hscode_btree"] / 1048576.0, sizes["text_btree"] / 1048576.0))
    line(builds["hscode_btree"] <= 0.6 * builds["text_btree"],
         "btree on hscode built in <= 0.6x the text btree's time (%.2f)" % (builds["hscode_btree"] / builds["text_btree"]))
    line(sizes["hscode_gist"] <= 3 * sizes["text_btree"],
         "gist_hscode_ops <= 3x the text btree's size (%.2fx)" % (sizes["hscode_gist"] / sizes["text_btree"]))
    for q in ["Q4", "Q5"]:
        line(results["hscode_gist"][q] < results["text_btree"][q],
             "gist_hscode_ops faster than the text btree on %s (%.2f)" % (q, results["hscode_gist"][q] / results["text_btree"][q]))
    return out


def write_section(section):
    """Replace (or append) our section of RESULTS.md, leaving the others alone."""
    old = open(RESULTS).read() if os.path.exists(RESULTS) else "# Benchmarks\n\n"
    start = old.find(HEADING + "\n")
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + section
    else:
        nxt = old.find("\n## ", start + len(HEADING))
        new = old[:start] + section + (old[nxt + 1:] if nxt >= 0 else "")
    open(RESULTS, "w").write(new)
    print("wrote %s" % RESULTS, file=sys.stderr)


if __name__ == "__main__":
    main()

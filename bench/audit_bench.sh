#!/bin/bash
# bench/audit_bench.sh: screening runs at scale, one command.
#   bash bench/audit_bench.sh              (N=5000000 RUNS=3 by default)
# Builds and installs trade_screen, starts a throwaway cluster, generates N
# declarations as bench/score_bench.sh does (demo/generate.sql's 1M distinct
# rows, copied with new ids), lists one of its exporters as a party and fits
# the default profile, then measures in one run:
#   - SELECT count(*) over the scoring a run does (screen_declaration of
#     every row, parallel), the peer of a full run;
#   - a full run, screen_table (target: at most 1.5x the count);
#   - screen_rescreen after one subheading is added to the watchlist, and
#     after the listed party changes (target: at least 20x faster than the
#     full run), each checked against a full run of the same inputs.
# Writes the "## Screening runs" section of bench/RESULTS.md.
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
N=${N:-5000000}
RUNS=${RUNS:-3}
# the section of bench/RESULTS.md written (replaced when it exists)
SECTION=${SECTION:-Screening runs}
BASE=$(( N < 1000000 ? N : 1000000 ))

install_deps
build
start_cluster -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB \
    -c max_parallel_workers_per_gather=2 -c max_wal_size=8GB -c checkpoint_timeout=30min \
    -c synchronous_commit=off -c jit=off
tpsql -c "CREATE EXTENSION trade_screen"
say "generating $BASE declarations, copied to $N"
t0=$(date +%s)
tpsql -v rows="$BASE" -v seed=11 -f demo/generate.sql >/dev/null
tpsql -f demo/load_routes.sql >/dev/null
off=$(tpsql -At -c "SELECT max(decl_id) FROM sample.declarations")
copies=$(( (N + BASE - 1) / BASE ))
for k in $(seq 1 $((copies - 1))); do
    tpsql -c "INSERT INTO sample.declarations
              SELECT decl_id + $k * $off, decl_date, hs, origin, dispatch, destination, route, exporter, importer,
                     value_usd, net_kg, quantity, unit, planted
                FROM sample.declarations WHERE decl_id <= $off"
done
tpsql -c "VACUUM ANALYZE sample.declarations"
rows=$(tpsql -At -c "SELECT count(*) FROM sample.declarations")
# the exporter with the fewest rows becomes a listed party before the fit
party_name=$(tpsql -At -c "SELECT exporter FROM sample.declarations GROUP BY 1 ORDER BY count(*), 1 LIMIT 1")
party_rows=$(tpsql -At -c "SELECT count(*) FROM sample.declarations WHERE exporter = \$\$$party_name\$\$")
tpsql -c "INSERT INTO listed_parties (list, party_id, name) VALUES ('bench', 'b-1', \$\$$party_name\$\$)"
say "data ready in $(( $(date +%s) - t0 )) s: $rows rows; listed party '$party_name' ($party_rows rows)"
fit=$(tpsql -At -c "SELECT round(seconds::numeric, 1) FROM screen_fit('sample.declarations')")
say "fit: $fit s"
# a subheading off the watchlist with about a thousandth of the rows
code=$(tpsql -At -c "SELECT c FROM (SELECT hs_subheading(hs) AS c, count(*) AS n FROM sample.declarations GROUP BY 1) x
                      WHERE NOT c <@ watchlist('CHPL') ORDER BY abs(n - $rows / 1000), c LIMIT 1")
code_rows=$(tpsql -At -c "SELECT count(*) FROM sample.declarations WHERE hs <@ '$code'")

args="hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter"
count_q="SELECT count(*) FROM sample.declarations WHERE (screen_declaration($args)).score IS NOT NULL"
# timed SQL in one session (the profile cached as for an analyst), after a
# warm-up of the scoring; prints the milliseconds of each statement
session_times() {
    {
        echo "SET max_parallel_workers_per_gather = 2;"
        echo "$count_q;"
        echo '\timing on'
        cat
    } | psql -X -q -At 2>&1 | grep -oE '^Time: [0-9.]+' | grep -oE '[0-9.]+$'
}
# rescreen_plans LINE: the statements auto_explain logged after line LINE of
# the server log: duration, the query's first 160 characters, the plan
rescreen_plans() {
    tail -n +"$(( $1 + 1 ))" "$TS_CLUSTER/server.log" | python3 -c '
import re, sys
out = []
for block in re.split(r"\n(?=\S)", sys.stdin.read()):
    m = re.match(r".*LOG:  duration: ([0-9.]+) ms  plan:\n\tQuery Text: (.*?)\n(\t[A-Z].*)", block, re.S)
    if not m:
        continue
    q = " ".join(m.group(2).split())
    out.append("-- %s ms: %s" % (m.group(1), q[:160] + ("..." if len(q) > 160 else "")))
    out.extend(l[1:][:200] for l in m.group(3).split("\n") if l.startswith("\t") and not l.startswith("\tQuery Text"))
print("\n".join(out))
'
}
median() { sort -n | awk '{a[NR] = $1} END {printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

say "count(*) over the scoring and full runs"
m_count=$(for i in $(seq 1 "$RUNS"); do echo "$count_q;"; done | session_times | median)
m_full=$(for i in $(seq 1 "$RUNS"); do echo "SELECT screen_table('sample.declarations');"; done | session_times | median)
base=$(tpsql -At -c "SELECT max(run_id) FROM screen_runs")
plan=$(tpsql -At -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_tuple_cost = 0.001" \
             -c "EXPLAIN (COSTS OFF) $(tpsql -At -c "SELECT screen_table_query('sample.declarations', 'default', '{decl_id}')")")

say "rescreen after one code is added to the watchlist ($code, $code_rows rows)"
tpsql -c "INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '$code', '4B', '2024-02-23')"
# the statements of a rescreen taking 50 ms or more, with their plans and row
# counts (auto_explain, no per-node timing), go to the server log
explain="LOAD 'auto_explain'; SET auto_explain.log_min_duration = 50; SET auto_explain.log_nested_statements = on;
         SET auto_explain.log_analyze = on; SET auto_explain.log_timing = off;"
# (each rescreen of the same run does the same work: timed RUNS times, then
# once more for the plans)
m_code=$(for i in $(seq 1 "$RUNS"); do echo "SELECT screen_rescreen($base);"; done | session_times | median)
log_from=$(wc -l < "$TS_CLUSTER/server.log")
echo "$explain SELECT screen_rescreen($base);" | session_times >/dev/null
plans_code=$(rescreen_plans "$log_from")
r_code=$(tpsql -At -c "SELECT max(run_id) FROM screen_runs")
full_code=$(tpsql -At -c "SELECT screen_table('sample.declarations')")

say "rescreen after the listed party changes"
tpsql -c "UPDATE listed_parties SET aliases = ARRAY['Another Spelling LLC'] WHERE party_id = 'b-1'"
m_party=$(for i in $(seq 1 "$RUNS"); do echo "SELECT screen_rescreen($r_code);"; done | session_times | median)
log_from=$(wc -l < "$TS_CLUSTER/server.log")
echo "$explain SELECT screen_rescreen($r_code);" | session_times >/dev/null
plans_party=$(rescreen_plans "$log_from")
r_party=$(tpsql -At -c "SELECT max(run_id) FROM screen_runs")
full_party=$(tpsql -At -c "SELECT screen_table('sample.declarations')")

same() {
    tpsql -At -c "SELECT count(*) FROM (
        (SELECT row_key, score, level, fired, reasons FROM screen_run_results($1)
         EXCEPT ALL SELECT row_key, score, level, fired, reasons FROM screen_results WHERE run_id = $2)
        UNION ALL
        (SELECT row_key, score, level, fired, reasons FROM screen_results WHERE run_id = $2
         EXCEPT ALL SELECT row_key, score, level, fired, reasons FROM screen_run_results($1))) x"
}
d_code=$(same "$r_code" "$full_code")
d_party=$(same "$r_party" "$full_party")
resc_code=$(tpsql -At -c "SELECT rescored FROM screen_runs WHERE run_id = $r_code")
resc_party=$(tpsql -At -c "SELECT rescored FROM screen_runs WHERE run_id = $r_party")
size=$(tpsql -At -c "SELECT pg_size_pretty(pg_total_relation_size('screen_results'))")
load=$(cut -d' ' -f1-3 /proc/loadavg)
r_full=$(ratio "$m_full" "$m_count")
r_code_x=$(ratio "$m_full" "$m_code")
r_party_x=$(ratio "$m_full" "$m_party")
say "count ${m_count} ms, full ${m_full} ms (${r_full}x); rescreen code ${m_code} ms (${r_code_x}x faster), party ${m_party} ms (${r_party_x}x faster); differing rows ${d_code}/${d_party}; load $load"

section=$(cat <<EOF
## $SECTION

\`N=$N RUNS=$RUNS bash bench/audit_bench.sh\` ($rows declarations: demo/generate.sql's 1M distinct rows, seed 11, copied with new ids; 2 cores shared with other sessions, \`max_parallel_workers_per_gather = 2\`; load average when it finished: $load). $(date -u +%Y-%m-%d\ %H:%M) UTC.

| measure | time | ratio | target |
|---|---|---|---|
| \`SELECT count(*)\` over the scoring a run does (\`screen_declaration\` of every row), parallel, median of $RUNS | ${m_count} ms | 1 | |
| full run, \`screen_table('sample.declarations')\`, median of $RUNS | ${m_full} ms | ${r_full} x the count | at most 1.5 |
| \`screen_rescreen\` after subheading $code is added to the watchlist: $resc_code rows rescored, median of $RUNS | ${m_code} ms | ${r_code_x} x faster than the full run | at least 20 |
| \`screen_rescreen\` after the listed party '$party_name' changes: $resc_party rows rescored, median of $RUNS | ${m_party} ms | ${r_party_x} x faster than the full run | at least 20 |

Each rescreen equals a full run of the same inputs row for row (rows differing: $d_code and $d_party).
The fit took $fit s; screen_results holds $(tpsql -At -c "SELECT count(*) FROM screen_runs") runs in $size.

Plan of a full run's scoring query (screen_results_write runs it and writes its rows in the leader):
\`\`\`
$plan
\`\`\`

Statements of the rescreen after the code taking 50 ms or more (auto_explain: duration, query, plan with row counts):
\`\`\`
$plans_code
\`\`\`

Statements of the rescreen after the listed party taking 50 ms or more:
\`\`\`
$plans_party
\`\`\`
EOF
)
python3 - "$section" "$SECTION" <<'PY'
import re, sys
path = "bench/RESULTS.md"
text = open(path).read()
section = sys.argv[1].rstrip("\n") + "\n"
m = re.search(r"^## " + re.escape(sys.argv[2]) + r"\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if m:
    rest = text[m.end():]
    keep = ""
    a = re.search(r"^### Analysis\n.*?(?=^## |\Z)", text[m.start():m.end()], flags=re.S | re.M)
    if a:
        keep = "\n" + a.group(0)
    text = text[:m.start()] + section + keep + ("\n" if rest and not keep.endswith("\n\n") else "") + rest
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
say "bench/RESULTS.md: section $SECTION written"

#!/bin/bash
# Coordinator overhead: the same queries on the postgres_fdw setup of
# scripts/shards.sh (a coordinator and two shards, all on this machine)
# and on one server holding all the rows (the coordinator's own
# sample.declarations, same data, same indexes, parallel query on).
#   bash bench/shards_bench.sh [N]       (default N = 1,000,000)
# Scoring: the profile is fitted once through the coordinator and copied to
# the shards (fit and copy timed once); the scoring queries read the shards'
# views declarations_screened against screen_score/screen_declaration over
# the one-server table.
# Writes the "## Shards" section of bench/RESULTS.md (and prints it).
# Every cluster runs on the same cores: the shards do not add CPU here, so
# the ratios measure what the coordinator costs, not what shards gain.
source "$(dirname "$0")/../scripts/lib.sh"
source "$TS_ROOT/scripts/shards.sh"
cd "$TS_ROOT"
n=${1:-1000000}
runs=5
out=build/shards_bench.md
mkdir -p build

install_deps
build
start_shards -c shared_buffers=1GB -c work_mem=128MB -c max_parallel_workers_per_gather=2
say "loading $n declarations"
load_started=$(date +%s)
load_shards "$n" 1
load_s=$(( $(date +%s) - load_started ))

# scoring: the profile is fitted once over all rows through the coordinator
# (the partitioned table) and copied to the shards; for comparison, the same
# fit on the one-server table (into a profile of its own)
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}'; }
say "fitting the scoring profile"
fit_dist_s=$(seconds spsql coord -c "SELECT * FROM screen_fit('public.declarations', 'default')")
fit_one_s=$(seconds spsql coord -c "SELECT * FROM screen_fit('sample.declarations', 'bench_one_server')")
spsql coord -c "DELETE FROM screen_profiles WHERE profile = 'bench_one_server'"
copy_s=$(seconds copy_profile default)
check_profiles >/dev/null || { say "the profile differs between the servers"; exit 1; }

# median_exec_ms SQL: median coordinator execution time (ms) of $runs runs
# after one warm-up, from EXPLAIN (ANALYZE, TIMING OFF)
median_exec_ms() {
    local sql=$1 i
    spsql coord -At -c "$sql" >/dev/null
    for i in $(seq 1 "$runs"); do
        spsql coord -At -c "SET enable_partitionwise_aggregate = on" \
            -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $sql" \
            | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$'
    done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }

declare -A q one_q
names=(watchlist screening lanes count scored score_heading)
q[watchlist]="SELECT hs_heading(hs), count(*), sum(value_usd) FROM %s WHERE hs <@ (SELECT watchlist('CHPL')) GROUP BY 1"
q[screening]="SELECT route, count(*), sum(value_usd) FROM %s WHERE hs <@ (SELECT watchlist('CHPL', ARRAY['1', '2'])) AND route ?| '{KZ,KG,AM,GE,TR,AE}' AND destination IN ('RU', 'BY') AND decl_date >= '2022-02-24' GROUP BY route"
q[lanes]="SELECT dispatch, destination, hs_heading(hs), count(*), sum(value_usd) FROM %s WHERE decl_date >= '2022-02-24' GROUP BY 1, 2, 3"
q[count]="SELECT count(*) FROM %s WHERE value_usd > 0"
declare -A what
what[watchlist]="CHPL goods by heading (grouped by the partition key: aggregate on the shards)"
what[screening]="screening filter, grouped by route (filter on the shards, few rows back)"
what[lanes]="lanes after the cutoff (grouped by the partition key: aggregate on the shards)"
what[count]="count of every row (partial aggregate not shippable: every row crosses)"
# scoring: on the coordinator the shards score their rows in their views
# (declarations_screened, scripts/shards.sh); one server calls the same
# functions over its table, screen_declaration only for the rows that pass
args="d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8, d.quantity::float8, d.unit, d.exporter, 'default'"
q[scored]="SELECT decl_id, screening FROM declarations_screened WHERE score >= 0.5"
one_q[scored]="SELECT decl_id, screening FROM (SELECT d.decl_id, screen_score($args) AS score, screen_declaration($args) AS screening FROM sample.declarations d) s WHERE score >= 0.5"
what[scored]="scoring: the declarations scoring 0.5 or more, with their reasons (scored on the shards, score filter shipped)"
q[score_heading]="SELECT hs_heading(hs), count(*) FILTER (WHERE score >= 0.5), avg(score) FROM declarations_screened GROUP BY 1"
one_q[score_heading]="SELECT hs_heading(hs), count(*) FILTER (WHERE score >= 0.5), avg(score) FROM (SELECT d.hs, screen_score($args) AS score FROM sample.declarations d) s GROUP BY 1"
what[score_heading]="scoring: every row scored, aggregated by heading (grouped by the partition key: on the shards)"

results=()
# one_sql K / dist_sql K: the query of K on one server and on the coordinator
# shellcheck disable=SC2059
one_sql() { if [ -n "${one_q[$1]:-}" ]; then echo "${one_q[$1]}"; else printf "${q[$1]}" sample.declarations; fi; }
# shellcheck disable=SC2059
dist_sql() { if [ -n "${one_q[$1]:-}" ]; then echo "${q[$1]}"; else printf "${q[$1]}" declarations; fi; }
for k in "${names[@]}"; do
    one=$(median_exec_ms "$(one_sql "$k")")
    dist=$(median_exec_ms "$(dist_sql "$k")")
    results+=("| $k: ${what[$k]} | $one | $dist | $(ratio "$dist" "$one") |")
done
load=$(cut -d ' ' -f 1-3 /proc/loadavg)

{
echo "## Shards"
echo
echo "\`bash bench/shards_bench.sh $n\`: $n generated declarations (demo/generate.sql, seed 1) on"
echo "a coordinator with two postgres_fdw shards (scripts/shards.sh, Unix sockets) against the"
echo "same rows in one table on one server (parallel query, 2 workers). All three clusters share"
echo "this machine's $(nproc) cores. ${BENCH_NOTE:-Other work on the machine shows in the load average below.}"
echo "The ratios (medians of $runs runs, same run) are what to read. Load"
echo "average at the end of the timings: $load (1, 5, 15 minutes)."
echo "Loading the rows through the coordinator took ${load_s} s (generation included)."
echo
echo "| query | one server (ms) | coordinator + 2 shards (ms) | ratio |"
echo "|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "Scoring profile (one run each): \`screen_fit\` over all rows through the coordinator (the"
echo "partitioned table, every row crossing a socket) took ${fit_dist_s} s, the same fit on the"
echo "one-server table ${fit_one_s} s (ratio $(ratio "$fit_dist_s" "$fit_one_s")); copying the profile to both"
echo "shards (\`copy_profile\`: export, COPY, import) ${copy_s} s. Each timed run of the scoring"
echo "queries is a new session on both sides, so it includes reading the profile into the"
echo "scoring cache once per backend: in the one server's backend and parallel workers, in each"
echo "shard's backend (at the same time)."
echo
echo "Reading the ratios. A ratio below 1 does not mean that two shards on one machine beat one"
echo "server: there are no more cores than before. The one-server plan runs one backend and at"
echo "most 2 parallel workers; the coordinator's plan starts both shards at once (asynchronous"
echo "scans), and each shard may start its own parallel workers, so more processes compete for"
echo "the same 2 cores, and on a machine loaded by other work more processes win a larger share"
echo "of it. With the machine to itself, a query pushed down whole costs its one-server time plus"
echo "what the coordinator adds: a connection, a cursor and the transfer of the rows the shards"
echo "return. What the count row shows holds anywhere: when the aggregate cannot be pushed down (PostgreSQL 15 has no partial"
echo "aggregate pushdown), every row crosses the socket, and the coordinator's overhead is that"
echo "transfer. Across machines the shards add cores, memory and disks, and the time of the"
echo "pushed-down queries can approach a division by the number of shards; the last kind cannot."
echo
echo "Plans on the coordinator:"
echo
echo '```text'
for k in "${names[@]}"; do
    echo "-- $k"
    spsql coord -At -c "SET enable_partitionwise_aggregate = on" \
        -c "EXPLAIN (VERBOSE, COSTS OFF) $(dist_sql "$k")"
done
echo '```'
} > "$out"

# replace the "## Shards" section of bench/RESULTS.md (up to the next "## ")
touch bench/RESULTS.md
awk -v new="$out" '
    /^## Shards$/ { skip = 1; while ((getline line < new) > 0) print line; print ""; done = 1; next }
    skip && /^## / { skip = 0 }
    !skip { print }
    END { if (!done) { print ""; while ((getline line < new) > 0) print line } }
' bench/RESULTS.md > build/RESULTS.md.new
mv build/RESULTS.md.new bench/RESULTS.md
cat "$out"

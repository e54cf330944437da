#!/bin/bash
# Benchmark of the route GIN index against the peers a user would write:
# routes as text ('DE>PL>KZ>RU') with a pg_trgm GIN index and LIKE, and as
# text[] with the array GIN index, on the same generated routes, for the
# queries "visits KZ", "visits any of KZ, KG, AM" and "leg KG>RU".
#   bash bench/route_bench.sh [N]        (default N = 5,000,000)
# Writes the "## Routes" section of bench/RESULTS.md (and prints it).
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TS_ROOT"
n=${1:-5000000}
runs=5
out=build/route_bench.md

# median_exec_ms SQL [PREFIX]: median server execution time (ms) of $runs runs
# after one warm-up, from EXPLAIN (ANALYZE, TIMING OFF)
# after the settings in PREFIX (e.g. "SET enable_seqscan = off;")
median_exec_ms() {
    local sql=$1 prefix=${2:-} i
    psql -X -q -At -c "$prefix $sql" >/dev/null
    for i in $(seq 1 "$runs"); do
        psql -X -q -At -c "$prefix EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $sql" \
            | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$'
    done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
min3() { printf '%s\n' "$@" | sort -g | head -n 1; }

install_deps
build
start_cluster -c shared_buffers=4GB -c work_mem=256MB -c maintenance_work_mem=2GB \
    -c max_parallel_workers_per_gather=2 -c effective_cache_size=16GB
tpsql -c "CREATE EXTENSION trade_screen" -c "CREATE EXTENSION pg_trgm"
say "generating $n routes"
# origin from a pool of exporters, 0 to 3 transit countries (hubs weighted),
# destination mostly RU/BY/KZ; deterministic (hashes of the row number)
tpsql <<SQL
CREATE FUNCTION pick(pool text[], i bigint, salt int) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS \$\$ SELECT pool[1 + (hashint8extended(i, salt) & 1048575) % cardinality(pool)] \$\$;
CREATE TABLE routes_src AS
SELECT i AS id,
       concat_ws('>',
           pick('{DE,PL,IT,FR,NL,LT,CZ,FI,AT,BE,ES,SE,CN,US,JP,KR,TR,IN,GB,HU}', i, 1),
           CASE WHEN (hashint8extended(i, 2) & 7) < 6 THEN pick('{KZ,KG,AM,AE,TR,GE,UZ,CN,BY,LT,PL,FI,LV,EE,MN,AZ,IR,TJ,RS,KZ,AE,TR}', i, 3) END,
           CASE WHEN (hashint8extended(i, 4) & 7) < 3 THEN pick('{KZ,KG,AM,AE,TR,GE,UZ,CN,BY,LT,PL,FI,LV,EE,MN,AZ,IR,TJ,RS,KZ,AE,TR}', i, 5) END,
           CASE WHEN (hashint8extended(i, 6) & 7) < 1 THEN pick('{KZ,KG,AM,AE,TR,GE,UZ,CN,BY,LT}', i, 7) END,
           pick('{RU,RU,RU,RU,BY,KZ,KG,AM,UZ,GE,DE,US,CN}', i, 8)) AS t
  FROM generate_series(1, $n) i;
CREATE TABLE r_route AS SELECT id, t::route AS r FROM routes_src;
CREATE TABLE r_routec AS SELECT id, t::route AS r FROM routes_src;
CREATE TABLE r_text AS SELECT id, t FROM routes_src;
CREATE TABLE r_array AS SELECT id, string_to_array(t, '>') AS a FROM routes_src;
DROP TABLE routes_src;
VACUUM ANALYZE;
SQL

say "building indexes"
build_ms() {
    local t0 t1
    t0=$(date +%s%N)
    tpsql -c "$1"
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}
declare -A build size
build[route]=$(build_ms "CREATE INDEX ix_route ON r_route USING gin (r)")
build[routec]=$(build_ms "CREATE INDEX ix_routec ON r_routec USING gin (r route_gin_country_ops)")
build[text]=$(build_ms "CREATE INDEX ix_text ON r_text USING gin (t gin_trgm_ops)")
build[array]=$(build_ms "CREATE INDEX ix_array ON r_array USING gin (a)")
tpsql -c "VACUUM ANALYZE"
for k in route routec text array; do
    size[$k]=$(tpsql -At -c "SELECT round(pg_relation_size('ix_$k') / 1048576.0, 1)")
    size[t$k]=$(tpsql -At -c "SELECT round(pg_relation_size('r_$k') / 1048576.0, 1)")
done

# the queries: the same question asked of each representation
declare -A q
q[visits,route]="SELECT count(*) FROM r_route WHERE r @> 'KZ'::country"
q[visits,routec]="SELECT count(*) FROM r_routec WHERE r @> 'KZ'::country"
q[visits,text]="SELECT count(*) FROM r_text WHERE t LIKE '%KZ%'"
q[visits,array]="SELECT count(*) FROM r_array WHERE a @> '{KZ}'"
q[any,route]="SELECT count(*) FROM r_route WHERE r ?| '{KZ,KG,AM}'::country[]"
q[any,routec]="SELECT count(*) FROM r_routec WHERE r ?| '{KZ,KG,AM}'::country[]"
q[any,text]="SELECT count(*) FROM r_text WHERE t LIKE ANY ('{%KZ%,%KG%,%AM%}')"
q[any,array]="SELECT count(*) FROM r_array WHERE a && '{KZ,KG,AM}'"
q[leg,route]="SELECT count(*) FROM r_route WHERE r @> 'KG>RU'::route"
q[leg,routec]="SELECT count(*) FROM r_routec WHERE r @> 'KG>RU'::route"
q[leg,text]="SELECT count(*) FROM r_text WHERE t LIKE '%KG>RU%'"
q[leg,array]="SELECT count(*) FROM r_array WHERE a @> '{KG,RU}' AND array_to_string(a, '>') LIKE '%KG>RU%'"

declare -A ms rows forcedmark
for query in visits any leg; do
    for k in route routec text array; do
        rows[$query,$k]=$(tpsql -At -c "${q[$query,$k]}")
        say "timing $query on $k (${rows[$query,$k]} rows)"
        ms[$query,$k]=$(median_exec_ms "${q[$query,$k]}")
    done
    # a peer's best: the planner's plan, or its GIN index forced when that is faster
    for k in text array; do
        forced=$(median_exec_ms "${q[$query,$k]}" "SET enable_seqscan = off;")
        if awk -v f="$forced" -v p="${ms[$query,$k]}" 'BEGIN {exit !(f < p)}'; then
            say "$query on $k: index forced is faster ($forced ms)"
            ms[$query,$k]=$forced
            forcedmark[$query,$k]=" (index forced)"
        fi
    done
    if [ "${rows[$query,route]}" != "${rows[$query,text]}" ] \
            || [ "${rows[$query,route]}" != "${rows[$query,array]}" ] \
            || [ "${rows[$query,route]}" != "${rows[$query,routec]}" ]; then
        say "row counts differ for $query: ${rows[$query,route]} ${rows[$query,text]} ${rows[$query,array]}"
        exit 1
    fi
done

{
echo "## Routes"
echo
echo "\`bash bench/route_bench.sh\` (N = $n generated routes of 2 to 5 countries: an exporter,"
echo "0 to 3 transit countries weighted to the hubs, a destination mostly RU/BY/KZ). Four tables"
echo "hold the same routes: \`route\` with the default \`route_gin_ops\` (keys: countries and legs),"
echo "\`route\` with \`route_gin_country_ops\` (countries only), \`text\` ('DE>KZ>RU') with a"
echo "\`gin_trgm_ops\` index, \`text[]\` with the default array GIN index. Server execution time from"
echo "\`EXPLAIN (ANALYZE, TIMING OFF)\`, median of $runs runs after a warm-up, tables vacuumed, the"
echo "planner free to choose (default settings, 2 parallel workers); each peer is also timed with"
echo "\`enable_seqscan = off\` and credited with the faster of the two (marked \"index forced\"; the"
echo "plans listed are the planner's). Ratio = ours / best peer (0.5 or"
echo "below meets the target of 2x faster). All four give the same row counts (checked by the script)."
echo
echo "| query | rows | route_gin_ops ms | route_gin_country_ops ms | text+trgm ms | text[] ms | route_gin_ops / best peer | route_gin_country_ops / best peer |"
echo "|---|---|---|---|---|---|---|---|"
for query in visits any leg; do
    best=$(min3 "${ms[$query,text]}" "${ms[$query,array]}")
    echo "| $query | ${rows[$query,route]} | ${ms[$query,route]} | ${ms[$query,routec]} | ${ms[$query,text]}${forcedmark[$query,text]:-} | ${ms[$query,array]}${forcedmark[$query,array]:-} | $(ratio "${ms[$query,route]}" "$best") | $(ratio "${ms[$query,routec]}" "$best") |"
done
echo
echo "| | route_gin_ops | route_gin_country_ops | text+trgm | text[] |"
echo "|---|---|---|---|---|"
echo "| index MB | ${size[route]} | ${size[routec]} | ${size[text]} | ${size[array]} |"
echo "| index build ms | ${build[route]} | ${build[routec]} | ${build[text]} | ${build[array]} |"
echo "| table MB | ${size[troute]} | ${size[troutec]} | ${size[ttext]} | ${size[tarray]} |"
echo
echo "Reading the numbers. Every plan is a (parallel) bitmap heap scan of the matching rows, or a"
echo "parallel seq scan where the planner prefers it, so the time follows the rows to count: \"visits\""
echo "and \"any\" match 18% and 40% of the table, and there no index can be much faster than the"
echo "text[] GIN index, which decodes the same posting lists; the route table is half the size of"
echo "the text[] one (2 bytes a country), which is most of the gain. \"Leg\" is where the leg keys pay:"
echo "an exact index answer against a trigram or array scan and a recheck of every candidate row."
echo "The leg keys cost index size: route_gin_ops is larger than the text[] GIN index (the target"
echo "\"no larger\" is missed); route_gin_country_ops meets the size but loses the leg advantage."
echo "On this 2-core machine, runs made while other jobs were running moved single medians by up"
echo "to 40%, so read ratios near a threshold as undecided."
echo
echo "Queries:"
echo
for query in visits any leg; do
    for k in route routec text array; do
        echo "- $query, $k: \`${q[$query,$k]}\`"
    done
done
echo
echo "Plans:"
echo
echo '```text'
for query in visits any leg; do
    for k in route routec text array; do
        echo "-- $query, $k"
        tpsql -At -c "EXPLAIN (COSTS OFF) ${q[$query,$k]}"
    done
done
echo '```'
} > "$out"

# replace the "## Routes" section of bench/RESULTS.md (up to the next "## ")
touch bench/RESULTS.md
awk -v new="$out" '
    /^## Routes$/ { skip = 1; while ((getline line < new) > 0) print line; print ""; done = 1; next }
    skip && /^## / { skip = 0 }
    !skip { print }
    END { if (!done) { print ""; while ((getline line < new) > 0) print line } }
' bench/RESULTS.md > build/RESULTS.md.new
mv build/RESULTS.md.new bench/RESULTS.md
cat "$out"

#!/bin/bash
# Benchmark of counterparty name screening (issue 8) against the pg_trgm
# answer a user would write, in one run on the same data:
#   1. quality on the labelled pairs of test/data/name_pairs.csv (the
#      project's) and test/data/public_name_pairs.csv (from public sanctions
#      lists, a dev part and a test part never tuned on): precision, recall,
#      F1 at each scorer's threshold, ROC AUC and ties (bench/names_quality.sql),
#      for name_similarity, similarity() on raw names and on lower(unaccent());
#   2. name keys per second on one core (100,000 distinct generated names,
#      a fresh backend each run so no parse is cached);
#   3. screening the exporters and importers of generated declarations
#      against a generated list (bench/names_generate.sql: every firm has its
#      own name, so each join's F1 against the generator's truth means what it
#      says): the %% join with gin_name_ops on the list, against "%" with a
#      pg_trgm GIN index on the raw names and on lower(unaccent()), and
#      pg_trgm on name_key() as the candidate generator of name_match (the
#      index design the issue asked to measure).
#   LIST=50000 DECL=1000000 PEER_DECL=5000 bash bench/names_bench.sh   (the issue's size)
#   LIST=5000 DECL=20000 PEER_DECL=1000 bash bench/names_bench.sh      (a quick check)
# pg_trgm's join costs milliseconds per probe against a large list, so the
# peers run on the first PEER_DECL declarations only; %% runs on those and on
# all DECL (2 x DECL probes).  Each join is a nested loop with one index scan
# of the list per declared name, so its time is probes x time per probe: the
# "whole run" column extrapolates the peers from their sample that way, and
# the %% row on all DECL shows how well that holds.
# Writes the "## Counterparty names" section of bench/RESULTS.md (and prints it).
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TS_ROOT"
list=${LIST:-50000}
decl=${DECL:-1000000}
peer_decl=${PEER_DECL:-5000}
out=build/names_bench.md
source bench/lib.sh

install_deps python3
build
start_cluster -c shared_buffers=1GB -c work_mem=64MB -c max_parallel_workers_per_gather=0 -c jit=off
export PGDATABASE=names_bench
tpsql -d postgres -c "CREATE DATABASE names_bench"
tpsql -c "CREATE EXTENSION trade_screen" -c "CREATE EXTENSION pg_trgm" -c "CREATE EXTENSION unaccent"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
say "quality on the labelled pairs"
quality=$(psql -X -q -f bench/names_quality.sql)
say "generating $decl declarations and a list of $list names"
tpsql -v decl="$decl" -v list="$list" -f bench/names_generate.sql
tpsql <<'SQL'
CREATE FUNCTION bench.unaccent_lower(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));
SQL

say "name keys per second"
keys_all=$(median_ms "SELECT count(name_key(name)) FROM bench.pool" 3)
keys_lat=$(median_ms "SELECT count(name_key(name)) FROM bench.pool WHERE name !~ '[А-Яа-яЁё]'" 3)
n_lat=$(psql -X -At -c "SELECT count(*) FROM bench.pool WHERE name !~ '[А-Яа-яЁё]'")
keys_cached=$(psql -X -At -c "SELECT count(name_key(name)) FROM bench.pool" \
    -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT count(name_key(name)) FROM bench.pool" \
    | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$')
trgm_keys=$(median_ms "SELECT count(show_trgm(bench.unaccent_lower(name))) FROM bench.pool" 3)

say "indexes"
# build_index NAME DEFINITION: create it, print its build time (s)
build_index() {
    local t0 t1
    t0=$(date +%s.%N)
    tpsql -c "CREATE INDEX $1 ON bench.listed USING gin ($2)"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}'
}
build_ours=$(build_index listed_name_gin "name gin_name_ops")
build_trgm=$(build_index listed_trgm "name gin_trgm_ops")
build_ul=$(build_index listed_trgm_ul "bench.unaccent_lower(name) gin_trgm_ops")
build_keys=$(build_index listed_trgm_key "name_key(name) gin_trgm_ops")
tpsql -c "ANALYZE bench.listed"
size() { psql -X -At -c "SELECT pg_size_pretty(pg_relation_size('bench.$1'))"; }

# join SQL for a predicate over d.<role> and l.name, on declarations <= N
join_sql() {
    local pred=$1 n=$2
    echo "SELECT d.decl_id, 'e' AS role, l.id FROM bench.decl d JOIN bench.listed l ON ${pred//ROLE/exporter} WHERE d.decl_id <= $n
          UNION ALL
          SELECT d.decl_id, 'i', l.id FROM bench.decl d JOIN bench.listed l ON ${pred//ROLE/importer} WHERE d.decl_id <= $n"
}
ours='d.ROLE %% l.name'
trgm='d.ROLE % l.name'
ul='bench.unaccent_lower(d.ROLE) % bench.unaccent_lower(l.name)'
# pg_trgm on the keys as the candidate generator, name_match (the function:
# not indexable) as the exact check
keys='name_key(d.ROLE) % name_key(l.name) AND name_match(d.ROLE, l.name)'

# the truth: which listed firm each declared name spells (a name spells one
# firm at most, though the pool may hold it twice)
tpsql -c "CREATE TABLE bench.truth AS
    SELECT d.decl_id, r.role, p.listed_id AS id
      FROM bench.decl d
     CROSS JOIN LATERAL (VALUES ('e', d.exporter), ('i', d.importer)) r(role, name)
      JOIN (SELECT DISTINCT name, listed_id FROM bench.pool WHERE listed_id IS NOT NULL) p ON p.name = r.name"
# no name may spell two firms, or be both a listed firm's and another firm's
clash=$(psql -X -At -c "SELECT count(*) FROM (SELECT name FROM bench.pool GROUP BY name
                                               HAVING count(DISTINCT coalesce(listed_id, 0)) > 1) c")
[ "$clash" = 0 ] || { echo "names_bench.sh: $clash declared names spell more than one firm" >&2; exit 1; }
# f1 TABLE N: precision, recall, F1 of the join result in TABLE against the truth
f1() {
    psql -X -At -F' ' -c "WITH r AS (SELECT * FROM $1), t AS (SELECT * FROM bench.truth WHERE decl_id <= $2),
        tp AS (SELECT count(*) AS n FROM r JOIN t USING (decl_id, role, id))
        SELECT round(tp.n::numeric / nullif((SELECT count(*) FROM r), 0), 3),
               round(tp.n::numeric / nullif((SELECT count(*) FROM t), 0), 3),
               round(2 * tp.n::numeric / nullif((SELECT count(*) FROM r) + (SELECT count(*) FROM t), 0), 3)
          FROM tp"
}
# timed N PRED NAME: run the join once into bench.res_NAME (EXPLAIN ANALYZE,
# plan kept in build/names_plan_NAME.json); print its ms and the rows the
# list's index scans returned per probe (the candidates rechecked)
timed() {
    local n=$1 pred=$2 name=$3
    psql -X -At -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) CREATE TABLE bench.res_$name AS $(join_sql "$pred" "$n")" \
        > "build/names_plan_$name.json"
    python3 - "build/names_plan_$name.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))[0]
rows = loops = 0
def walk(node):
    global rows, loops
    if node.get('Node Type') == 'Bitmap Index Scan' and node.get('Index Name', '').startswith('listed_'):
        rows += node['Actual Rows'] * node['Actual Loops']
        loops += node['Actual Loops']
    for c in node.get('Plans', []):
        walk(c)
walk(plan['Plan'])
print('%.1f %.1f' % (plan['Execution Time'], rows / loops if loops else float('nan')))
PY
}

say "joins on $peer_decl declarations: %%, pg_trgm raw, pg_trgm lower(unaccent()), pg_trgm on name_key()"
read -r ms_ours_small c_ours_small <<< "$(timed "$peer_decl" "$ours" ours_small)"
read -r ms_trgm c_trgm <<< "$(timed "$peer_decl" "$trgm" trgm)"
read -r ms_ul c_ul <<< "$(timed "$peer_decl" "$ul" ul)"
read -r ms_keys c_keys <<< "$(timed "$peer_decl" "$keys" keys)"
say "join %% on $decl declarations"
read -r ms_ours c_ours <<< "$(timed "$decl" "$ours" ours)"
plan_ours=$(psql -X -At -c "EXPLAIN (COSTS OFF) $(join_sql "$ours" "$decl")" | sed 's/^/    /')
plan_trgm=$(psql -X -At -c "EXPLAIN (COSTS OFF) $(join_sql "$trgm" "$peer_decl")" | sed 's/^/    /')
plan_keys=$(psql -X -At -c "EXPLAIN (COSTS OFF) $(join_sql "$keys" "$peer_decl")" | sed 's/^/    /')
read -r p_os r_os f_os <<< "$(f1 bench.res_ours_small "$peer_decl")"
read -r p_t r_t f_t <<< "$(f1 bench.res_trgm "$peer_decl")"
read -r p_u r_u f_u <<< "$(f1 bench.res_ul "$peer_decl")"
read -r p_k r_k f_k <<< "$(f1 bench.res_keys "$peer_decl")"
read -r p_o r_o f_o <<< "$(f1 bench.res_ours "$decl")"
# matches of %% that pg_trgm on the keys does not find (its candidates miss them)
lost_keys=$(psql -X -At -c "SELECT count(*) FROM (SELECT * FROM bench.res_ours_small EXCEPT SELECT * FROM bench.res_keys) x")
lost_keys_true=$(psql -X -At -c "SELECT count(*) FROM (SELECT * FROM bench.res_ours_small EXCEPT SELECT * FROM bench.res_keys) x
                                  JOIN bench.truth USING (decl_id, role, id)")
# and on the labelled pairs: true matches name_match finds whose keys are not similar for pg_trgm
lost_pairs=$(psql -X -q -At -F' ' <<'SQL'
CREATE TEMP TABLE pairs (a text, b text, same int, category text);
\copy pairs FROM 'test/data/name_pairs.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) FILTER (WHERE NOT name_key(a) % name_key(b)), count(*)
  FROM pairs WHERE same = 1 AND name_match(a, b);
SQL
)
read -r lost_pairs_n matched_pairs_n <<< "$lost_pairs"
n_ours_small=$(psql -X -At -c "SELECT count(*) FROM bench.res_ours_small")
truth_n=$(psql -X -At -c "SELECT count(*) FROM bench.truth WHERE decl_id <= $decl")
truth_small=$(psql -X -At -c "SELECT count(*) FROM bench.truth WHERE decl_id <= $peer_decl")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
probes_small=$((2 * peer_decl))
probes=$((2 * decl))
per() { awk -v ms="$1" -v n="$2" 'BEGIN {printf "%.3f", ms / n}'; }
ext() { awk -v ms="$1" -v n="$2" -v p="$probes" 'BEGIN {printf "%.0f", ms / n * p / 1000}'; }
kps() { awk -v ms="$1" -v n="$2" 'BEGIN {printf "%.0f", n / (ms / 1000)}'; }
sec() { awk -v m="$1" 'BEGIN {printf "%.1f", m / 1000}'; }

cat > "$out" <<EOF2
## Counterparty names

\`bash bench/names_bench.sh\` (LIST=$list, DECL=$decl, PEER_DECL=$peer_decl), $(date -u +%Y-%m-%d),
ICU $(psql -X -At -c "SELECT trade_screen_icu_version()"), $(nproc) cores, load average
$load_start at the start and $load_end at the end (other sessions' work on the same machine
when above 1: absolute times are then slower than on an idle machine; compare the ratios,
which come from the same run on the same data). One run per join; key rates are medians of
3 runs, each in a fresh backend.

### Quality on the labelled pairs (test/data/name_pairs.csv, test/data/public_name_pairs.csv)

Thresholds: \`trade_screen.name_threshold\` 0.75 for name_similarity; pg_trgm's
\`similarity_threshold\` 0.3 (its default, what \`%\` uses) for the peers.

\`\`\`
$quality
\`\`\`

### Name keys per second, one core

| what | time (ms) | keys per second |
|---|---|---|
| name_key, 100,000 distinct names (about a third Cyrillic) | $keys_all | $(kps "$keys_all" 100000) |
| name_key, the $n_lat Latin-only names (ICU skipped: ASCII) | $keys_lat | $(kps "$keys_lat" "$n_lat") |
| name_key, all 100,000 again in the same backend (parse cache) | $keys_cached | $(kps "$keys_cached" 100000) |
| peer: show_trgm(lower(unaccent(name))) | $trgm_keys | $(kps "$trgm_keys" 100000) |

### Screening declarations against a $list-name list

Each declaration has an exporter and an importer: $probes_small probes on the first
$peer_decl declarations (every method), $probes on all $decl (%% only). Every plan is a
nested loop with one bitmap scan of the list's index per declared name, so a join's time is
its probes times its time per probe: "whole run" is that product for all $probes probes,
measured for %% (last row) and extrapolated from the sample for the others. Candidates: rows
the list's index returned per probe, each rechecked. F1 against the generator's truth (which
listed firm each declared name spells; $truth_small true pairs in the sample, $truth_n in all).

| method | declarations | time (s) | ms per probe | candidates per probe | whole run (s) | precision | recall | F1 |
|---|---|---|---|---|---|---|---|---|
| \`d.exporter %% l.name\`, gin_name_ops | $peer_decl | $(sec "$ms_ours_small") | $(per "$ms_ours_small" "$probes_small") | $c_ours_small | $(ext "$ms_ours_small" "$probes_small") (extrapolated) | $p_os | $r_os | $f_os |
| \`d.exporter % l.name\`, gin_trgm_ops | $peer_decl | $(sec "$ms_trgm") | $(per "$ms_trgm" "$probes_small") | $c_trgm | $(ext "$ms_trgm" "$probes_small") (extrapolated) | $p_t | $r_t | $f_t |
| \`lower(unaccent(..)) % lower(unaccent(..))\`, gin_trgm_ops on the expression | $peer_decl | $(sec "$ms_ul") | $(per "$ms_ul" "$probes_small") | $c_ul | $(ext "$ms_ul" "$probes_small") (extrapolated) | $p_u | $r_u | $f_u |
| \`name_key(..) % name_key(..) AND name_match(..)\`, gin_trgm_ops on name_key(name) | $peer_decl | $(sec "$ms_keys") | $(per "$ms_keys" "$probes_small") | $c_keys | $(ext "$ms_keys" "$probes_small") (extrapolated) | $p_k | $r_k | $f_k |
| \`d.exporter %% l.name\`, gin_name_ops | $decl | $(sec "$ms_ours") | $(per "$ms_ours" "$probes") | $c_ours | $(sec "$ms_ours") (measured) | $p_o | $r_o | $f_o |

Ratios (same run, same $peer_decl declarations): %% takes $(ratio "$ms_ours_small" "$ms_trgm") of the
time of the raw pg_trgm join, $(ratio "$ms_ours_small" "$ms_ul") of the lower(unaccent()) one and
$(ratio "$ms_ours_small" "$ms_keys") of pg_trgm on the keys. pg_trgm on the keys as the candidate
generator of the same exact check misses $lost_keys of the $n_ours_small pairs %% finds in the
sample ($lost_keys_true of them true; pairs whose keys share too few trigrams at pg_trgm's
threshold 0.3, such as skeleton matches), and $lost_pairs_n of the $matched_pairs_n true
matches name_match finds among the labelled pairs.

| index on the list | build (s) | size |
|---|---|---|
| gin_name_ops | $build_ours | $(size listed_name_gin) |
| gin_trgm_ops on name | $build_trgm | $(size listed_trgm) |
| gin_trgm_ops on lower(unaccent(name)) | $build_ul | $(size listed_trgm_ul) |
| gin_trgm_ops on name_key(name) | $build_keys | $(size listed_trgm_key) |

Plan of the %% join:

$plan_ours

Plan of the pg_trgm join:

$plan_trgm

Plan of pg_trgm on the keys:

$plan_keys
EOF2
cat "$out"
# replace the section in bench/RESULTS.md
python3 - "$out" <<'PY'
import sys, re
sec = open(sys.argv[1]).read()
path = 'bench/RESULTS.md'
s = open(path).read()
m = re.search(r'^## Counterparty names\n.*?(?=^## |\Z)', s, flags=re.S | re.M)
s = (s[:m.start()] + sec + '\n' + s[m.end():]) if m else (s.rstrip('\n') + '\n\n' + sec)
open(path, 'w').write(s)
PY

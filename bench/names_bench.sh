#!/bin/bash
# Benchmark of counterparty name screening (issue 8) against the pg_trgm
# answer a user would write, in one run on the same data:
#   1. quality on the labelled pairs of test/data/name_pairs.csv:
#      precision, recall, F1 at each scorer's threshold, ROC AUC, for
#      name_similarity, similarity() on raw names and on lower(unaccent());
#   2. name keys per second on one core (100,000 distinct generated names,
#      a fresh backend each run so no parse is cached);
#   3. screening the exporters and importers of generated declarations
#      against a generated list (bench/names_generate.sql): the %% join with
#      gin_name_ops on the list, against "%" with a pg_trgm GIN index on the
#      raw names and on lower(unaccent()), with the F1 of each join against
#      the generator's ground truth.
#   LIST=50000 DECL=100000 PEER_DECL=5000 bash bench/names_bench.sh
# pg_trgm's join costs about 10 ms per probe here, so the peers run on the
# first PEER_DECL declarations and %% on those and on all DECL; times per
# probe are what scale (nested loop, one index probe per name).
# Writes the "## Counterparty names" section of bench/RESULTS.md (and prints it).
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TS_ROOT"
list=${LIST:-50000}
decl=${DECL:-100000}
peer_decl=${PEER_DECL:-5000}
out=build/names_bench.md
source bench/lib.sh

install_deps python3
build
start_cluster -c shared_buffers=1GB -c work_mem=64MB -c max_parallel_workers_per_gather=0 -c jit=off
export PGDATABASE=names_bench
tpsql -d postgres -c "CREATE DATABASE names_bench"
tpsql -c "CREATE EXTENSION trade_screen" -c "CREATE EXTENSION pg_trgm" -c "CREATE EXTENSION unaccent"
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
t0=$(date +%s.%N)
tpsql -c "CREATE INDEX listed_name_gin ON bench.listed USING gin (name gin_name_ops)"
t1=$(date +%s.%N)
tpsql -c "CREATE INDEX listed_trgm ON bench.listed USING gin (name gin_trgm_ops)"
t2=$(date +%s.%N)
tpsql -c "CREATE INDEX listed_trgm_ul ON bench.listed USING gin (bench.unaccent_lower(name) gin_trgm_ops)"
t3=$(date +%s.%N)
tpsql -c "ANALYZE bench.listed"
build_ours=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
build_trgm=$(awk -v a="$t1" -v b="$t2" 'BEGIN {printf "%.1f", b - a}')
build_ul=$(awk -v a="$t2" -v b="$t3" 'BEGIN {printf "%.1f", b - a}')
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

# f1 TABLE N: precision, recall, F1 of the join result in TABLE against the truth
tpsql -c "CREATE TABLE bench.truth AS
    SELECT d.decl_id, r.role, p.listed_id AS id
      FROM bench.decl d
     CROSS JOIN LATERAL (VALUES ('e', d.exporter), ('i', d.importer)) r(role, name)
      JOIN (SELECT DISTINCT ON (name) name, listed_id FROM bench.pool ORDER BY name, listed_id NULLS LAST) p
        ON p.name = r.name
     WHERE p.listed_id IS NOT NULL"
f1() {
    psql -X -At -F' ' -c "WITH r AS (SELECT * FROM $1), t AS (SELECT * FROM bench.truth WHERE decl_id <= $2),
        tp AS (SELECT count(*) AS n FROM r JOIN t USING (decl_id, role, id))
        SELECT round(tp.n::numeric / nullif((SELECT count(*) FROM r), 0), 3),
               round(tp.n::numeric / nullif((SELECT count(*) FROM t), 0), 3),
               round(2 * tp.n::numeric / nullif((SELECT count(*) FROM r) + (SELECT count(*) FROM t), 0), 3)
          FROM tp"
}
# timed N PRED NAME: run the join once into bench.res_NAME, print its ms
timed() {
    local n=$1 pred=$2 name=$3 ms
    ms=$(psql -X -At -c "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) CREATE TABLE bench.res_$name AS $(join_sql "$pred" "$n")" \
        | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$')
    if [ -z "$ms" ]; then
        local t0 t1
        psql -X -q -c "DROP TABLE IF EXISTS bench.res_$name"
        t0=$(date +%s%N)
        psql -X -q -c "CREATE TABLE bench.res_$name AS $(join_sql "$pred" "$n")"
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000000 ))
    fi
    echo "$ms"
}

say "joins on $peer_decl declarations: %%, pg_trgm raw, pg_trgm lower(unaccent())"
ms_ours_small=$(timed "$peer_decl" "$ours" ours_small)
ms_trgm=$(timed "$peer_decl" "$trgm" trgm)
ms_ul=$(timed "$peer_decl" "$ul" ul)
say "join %% on $decl declarations"
ms_ours=$(timed "$decl" "$ours" ours)
plan_ours=$(psql -X -At -c "EXPLAIN (COSTS OFF) $(join_sql "$ours" "$decl")" | sed 's/^/    /')
plan_trgm=$(psql -X -At -c "EXPLAIN (COSTS OFF) $(join_sql "$trgm" "$peer_decl")" | sed 's/^/    /')
read -r p_os r_os f_os <<< "$(f1 bench.res_ours_small "$peer_decl")"
read -r p_t r_t f_t <<< "$(f1 bench.res_trgm "$peer_decl")"
read -r p_u r_u f_u <<< "$(f1 bench.res_ul "$peer_decl")"
read -r p_o r_o f_o <<< "$(f1 bench.res_ours "$decl")"
probes_small=$((2 * peer_decl))
probes=$((2 * decl))
per() { awk -v ms="$1" -v n="$2" 'BEGIN {printf "%.3f", ms / n}'; }
ext() { awk -v ms="$1" -v n="$2" 'BEGIN {printf "%.0f", ms / n * 2000000 / 1000}'; }
kps() { awk -v ms="$1" -v n="$2" 'BEGIN {printf "%.0f", n / (ms / 1000)}'; }

cat > "$out" <<EOF2
## Counterparty names

\`bash bench/names_bench.sh\` (LIST=$list, DECL=$decl, PEER_DECL=$peer_decl), $(date -u +%Y-%m-%d),
ICU $(psql -X -At -c "SELECT trade_screen_icu_version()"), $(nproc) cores shared with other
engineers' builds and tests while it ran: times are noisier than on an idle machine; compare
the ratios, which come from the same run on the same data. One run per join (the peers
take minutes); key rates are medians of 3 runs, each in a fresh backend.

### Quality on the 466 labelled pairs (test/data/name_pairs.csv)

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
$peer_decl declarations (all three methods), $probes on all $decl (%% only). Nested loop,
one GIN probe of the list per name. F1 against the generator's ground truth (which
listed firm each declared name spells).

| method | declarations | time (s) | ms per probe | extrapolated to 1M declarations (s) | precision | recall | F1 |
|---|---|---|---|---|---|---|---|
| \`d.exporter %% l.name\`, gin_name_ops | $peer_decl | $(awk -v m="$ms_ours_small" 'BEGIN {printf "%.1f", m / 1000}') | $(per "$ms_ours_small" "$probes_small") | $(ext "$ms_ours_small" "$probes_small") | $p_os | $r_os | $f_os |
| \`d.exporter % l.name\`, gin_trgm_ops | $peer_decl | $(awk -v m="$ms_trgm" 'BEGIN {printf "%.1f", m / 1000}') | $(per "$ms_trgm" "$probes_small") | $(ext "$ms_trgm" "$probes_small") | $p_t | $r_t | $f_t |
| \`lower(unaccent(..)) % lower(unaccent(..))\`, gin_trgm_ops on the expression | $peer_decl | $(awk -v m="$ms_ul" 'BEGIN {printf "%.1f", m / 1000}') | $(per "$ms_ul" "$probes_small") | $(ext "$ms_ul" "$probes_small") | $p_u | $r_u | $f_u |
| \`d.exporter %% l.name\`, gin_name_ops | $decl | $(awk -v m="$ms_ours" 'BEGIN {printf "%.1f", m / 1000}') | $(per "$ms_ours" "$probes") | $(ext "$ms_ours" "$probes") | $p_o | $r_o | $f_o |

Ratios (same run, same $peer_decl declarations): %% takes $(ratio "$ms_ours_small" "$ms_trgm") of the
time of the raw pg_trgm join and $(ratio "$ms_ours_small" "$ms_ul") of the lower(unaccent()) one.

| index on the list | build (s) | size |
|---|---|---|
| gin_name_ops | $build_ours | $(size listed_name_gin) |
| gin_trgm_ops on name | $build_trgm | $(size listed_trgm) |
| gin_trgm_ops on lower(unaccent(name)) | $build_ul | $(size listed_trgm_ul) |

Plan of the %% join:

$plan_ours

Plan of the pg_trgm join:

$plan_trgm
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

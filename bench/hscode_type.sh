#!/bin/bash
# Benchmark of the hscode type itself against the columns users keep codes
# in today (text, and bigint as the integer limit): sorting, hashing,
# grouping, joins and storage, on the same generated 10-digit codes.
#   bash bench/hscode_type.sh [N]        (default N = 2,000,000)
# Prints a Markdown table; bench/RESULTS.md records a run.
source "$(dirname "$0")/../scripts/lib.sh"
source "$(dirname "$0")/lib.sh"
cd "$TS_ROOT"
n=${1:-2000000}

install_deps
build
start_cluster -c shared_buffers=2GB -c work_mem=256MB -c max_parallel_workers_per_gather=2
tpsql -c "CREATE EXTENSION trade_screen"
say "generating $n codes"
tpsql <<SQL
CREATE TABLE src AS
SELECT i, lpad((1 + (hashint8extended(i, 1) & 1023) % 96)::text, 2, '0')
          || lpad(((hashint8extended(i, 2) & 1048575) % 40000)::text, 4, '0')
          || lpad(((hashint8extended(i, 3) & 1023) % 10)::text, 4, '0') AS t
  FROM generate_series(1, $n) i;
DELETE FROM src WHERE t LIKE '77%';
CREATE TABLE t_hscode AS SELECT i, t::hscode AS c FROM src;
CREATE TABLE t_text AS SELECT i, t AS c FROM src;
CREATE TABLE t_bigint AS SELECT i, t::bigint AS c FROM src;
CREATE TABLE probe AS SELECT * FROM src WHERE i % 10 = 0;
CREATE TABLE p_hscode AS SELECT i, t::hscode AS c FROM probe;
CREATE TABLE p_text AS SELECT i, t AS c FROM probe;
CREATE TABLE p_bigint AS SELECT i, t::bigint AS c FROM probe;
VACUUM ANALYZE;
SQL

# The grouping expressions users write for a chapter and a heading.
chapter_of() {
    case $1 in
        hscode) echo "hs_chapter(c)" ;;
        text) echo "left(c, 2)" ;;
        bigint) echo "c / 100000000" ;;
    esac
}
heading_of() {
    case $1 in
        hscode) echo "hs_heading(c)" ;;
        text) echo "left(c, 4)" ;;
        bigint) echo "c / 1000000" ;;
    esac
}

declare -A ms
for ty in hscode text bigint; do
    say "timing $ty"
    ms[sort,$ty]=$(median_ms "SELECT c FROM t_$ty ORDER BY c OFFSET $n")
    ms[distinct,$ty]=$(median_ms "SELECT count(*) FROM (SELECT DISTINCT c FROM t_$ty) s")
    ms[group,$ty]=$(median_ms "SELECT $(chapter_of $ty), count(*) FROM t_$ty GROUP BY 1")
    ms[group4,$ty]=$(median_ms "SELECT $(heading_of $ty), count(*) FROM t_$ty GROUP BY 1")
    ms[join,$ty]=$(median_ms "SELECT count(*) FROM t_$ty a JOIN p_$ty b ON a.c = b.c")
    tpsql -c "CREATE INDEX ix_$ty ON t_$ty (c)"
    ms[btree,$ty]=$(tpsql -At -c "SELECT pg_relation_size('ix_$ty') / 1048576")
    ms[table,$ty]=$(tpsql -At -c "SELECT pg_relation_size('t_$ty') / 1048576")
done

{
    echo "N = $n rows of 10-digit codes; median of 5 runs (ms) after a warm-up; ratio = hscode / peer."
    echo
    echo "| query | hscode | text (C collation) | bigint | hscode/text | hscode/bigint |"
    echo "|---|---|---|---|---|---|"
    for q in sort distinct group group4 join; do
        echo "| $q | ${ms[$q,hscode]} | ${ms[$q,text]} | ${ms[$q,bigint]} | $(ratio "${ms[$q,hscode]}" "${ms[$q,text]}") | $(ratio "${ms[$q,hscode]}" "${ms[$q,bigint]}") |"
    done
    echo "| table MB | ${ms[table,hscode]} | ${ms[table,text]} | ${ms[table,bigint]} | | |"
    echo "| btree MB | ${ms[btree,hscode]} | ${ms[btree,text]} | ${ms[btree,bigint]} | | |"
    echo
    echo "Queries: sort = \`SELECT c FROM t ORDER BY c OFFSET N\`; distinct = \`SELECT count(*) FROM (SELECT DISTINCT c FROM t) s\`;"
    echo "group = count by chapter (\`hs_chapter(c)\`, \`left(c, 2)\`, \`c / 100000000\`); group4 = count by heading (\`hs_heading(c)\`, \`left(c, 4)\`, \`c / 1000000\`); join = equality join with a 10% sample."
    echo
    echo "Plans of the chapter grouping (the same shape for the three types):"
    echo
    echo '```'
    for ty in hscode text bigint; do
        tpsql -c "EXPLAIN (COSTS OFF) SELECT $(chapter_of $ty), count(*) FROM t_$ty GROUP BY 1"
    done
    echo '```'
}

# Instructions per row of the groupings, counted by callgrind: unlike a
# time, the count is the same on a loaded machine.  A single-user backend
# runs the query over the first R1 and then the first R2 rows; the
# difference over R2 - R1 rows is the marginal cost of a row (scan,
# grouping expression, hash and compare), free of start-up costs such as
# loading the library.
install_deps valgrind
r1=100000
r2=300000
tpsql -c "CREATE TABLE cg AS SELECT i FROM t_bigint ORDER BY i LIMIT $r2"
for ty in hscode text bigint; do
    tpsql -c "CREATE TABLE cg1_$ty AS SELECT c FROM t_$ty WHERE i IN (SELECT i FROM cg ORDER BY i LIMIT $r1)" \
          -c "CREATE TABLE cg2_$ty AS SELECT c FROM t_$ty WHERE i IN (SELECT i FROM cg)" \
          -c "VACUUM ANALYZE cg1_$ty, cg2_$ty"
done
as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -m fast -w stop >/dev/null
# instructions QUERY: what callgrind counts for one single-user backend
instructions() {
    printf 'SET max_parallel_workers_per_gather = 0;\n%s\n' "$1" > "$TS_CLUSTER/cg.sql"
    as_owner bash -c "cd '$TS_CLUSTER' && valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        '$PGBIN/postgres' --single -D '$TS_CLUSTER/data' postgres < '$TS_CLUSTER/cg.sql'" 2>&1 \
        | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
declare -A ir
for level in chapter heading; do
    for ty in hscode text bigint; do
        expr=$(${level}_of "$ty")
        a=$(instructions "SELECT count(*) FROM (SELECT $expr, count(*) FROM cg1_$ty GROUP BY 1) s;")
        b=$(instructions "SELECT count(*) FROM (SELECT $expr, count(*) FROM cg2_$ty GROUP BY 1) s;")
        [ -n "$a" ] && [ -n "$b" ] || { say "callgrind gave no count"; exit 1; }
        ir[$level,$ty]=$(( (b - a) / (r2 - r1) ))
    done
done
{
    echo
    echo "Instructions per row of the grouping (callgrind, single-user backend, marginal cost between $r1 and $r2 rows, no parallel workers):"
    echo
    echo "| grouping | hscode | text (C collation) | bigint | hscode/text | hscode/bigint |"
    echo "|---|---|---|---|---|---|"
    for level in chapter heading; do
        echo "| $level | ${ir[$level,hscode]} | ${ir[$level,text]} | ${ir[$level,bigint]} | $(ratio "${ir[$level,hscode]}" "${ir[$level,text]}") | $(ratio "${ir[$level,hscode]}" "${ir[$level,bigint]}") |"
    done
}

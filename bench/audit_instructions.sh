#!/bin/bash
# bench/audit_instructions.sh: what a full screening run costs over the
# scoring alone, in instructions (callgrind), a figure the load of a shared
# machine does not move.
#   N=20000 bash bench/audit_instructions.sh
# A single-user backend (serial: no parallel workers) runs each statement
# twice, then four times; the difference over two runs is one warm run.
# Statements: SELECT count(*) over screen_declaration of every row (the
# peer), screen_table (scoring and writing every row), and screen_rescreen
# after one code is added to the watchlist.  Prints a markdown table.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TS_ROOT"
N=${N:-20000}
install_deps valgrind
build
start_cluster >/dev/null 2>&1
tpsql >/dev/null <<SQL
CREATE EXTENSION trade_screen;
CREATE TABLE decl (id int PRIMARY KEY, decl_date date, hs hscode, origin country, route route,
                   value_usd numeric, quantity numeric, unit text, exporter text);
INSERT INTO decl
SELECT i, date '2021-01-04' + i % 1000,
       (ARRAY['847130', '851713', '845011', '854231', '100199', '850440', '870323'])[1 + i % 7]::hscode,
       (ARRAY['DE', 'CN', 'KZ', 'DE', 'KZ', 'CN', 'DE'])[1 + i % 7]::country,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU', 'DE>KZ>RU', 'KZ>RU', 'CN>KZ>RU', 'DE>AM>RU'])[1 + i % 7]::route,
       (100 + i % 17) * 10.0, 10, 'u', 'Exporter ' || (i % 997)
  FROM generate_series(1, $N) i;
VACUUM ANALYZE decl;
SELECT screen_fit('decl');
SELECT screen_table('decl');
SQL
as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -m fast -w stop >/dev/null
# warm_instructions SETUP STATEMENT: callgrind's count of one warm run
warm_instructions() {
    local k counts=()
    for k in 2 4; do
        { printf 'SET jit = off;\nSET max_parallel_workers_per_gather = 0;\n%s\n' "$1"
          for _ in $(seq "$k"); do printf '%s;\n' "$2"; done; } > "$TS_CLUSTER/cg.sql"
        counts+=("$(as_owner bash -c "cd '$TS_CLUSTER' && valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            '$PGBIN/postgres' --single -D '$TS_CLUSTER/data' postgres < '$TS_CLUSTER/cg.sql'" 2>&1 \
            | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')")
    done
    [ -n "${counts[0]}" ] && [ -n "${counts[1]}" ] || { say "callgrind gave no count"; exit 1; }
    echo $(( (counts[1] - counts[0]) / 2 ))
}
args="hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter"
count=$(warm_instructions "" "SELECT count(*) FROM decl WHERE (screen_declaration($args)).score IS NOT NULL")
full=$(warm_instructions "" "SELECT screen_table('decl')")
# each rescreen in the loop rescreens run 1 after the same one-code change
resc=$(warm_instructions "INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '845011', '4B', '2024-02-23');" \
                         "SELECT screen_rescreen(1)")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
cat <<MD
Instructions of one warm run (callgrind, single-user backend, serial, JIT off; the statement
run four times less twice, halved), $N declarations, \`N=$N bash bench/audit_instructions.sh\`:

| statement | instructions | per row | ratio |
|---|---|---|---|
| \`SELECT count(*)\` over \`screen_declaration\` of every row | $count | $((count / N)) | 1 |
| \`screen_table('decl')\` (scoring and writing every row) | $full | $((full / N)) | $(ratio "$full" "$count") x the count |
| \`screen_rescreen(1)\` after one code (1/7 of the rows) is added to the watchlist | $resc | $((resc / N)) | $(ratio "$full" "$resc") x faster than the full run |
MD

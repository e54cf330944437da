#!/bin/bash
# bench/score_instructions.sh DATA [ROWS]: callgrind instruction counts per
# row of scoring, stable on a loaded machine.  DATA is a copy of a STOPPED
# cluster's data directory (owned by the user postgres runs as) holding
# sample.declarations and a fitted 'default' profile (see score_speed.sh).
# Runs a single-user backend under callgrind on the bench's query shape,
# count(*) WHERE score > 0.5, over the first ROWS (default 5000) rows and over
# 1 row; prints the 1-row total (start-up, library and profile load, one
# score) and (total - 1-row total) / (ROWS - 1), for screen_declaration and
# screen_score.  Needs valgrind; run as root or as the data's owner.
set -euo pipefail
data=$1; rows=${2:-5000}
B=$("${PG_CONFIG:-pg_config}" --bindir)
tmp=$(mktemp -d); chmod 755 "$tmp"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$(stat -c %U "$data")" -- "$@"; else "$@"; fi; }
run() {
  local expr
  if [ "$1" = decl ]; then expr="(screen_declaration(hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter)).score"
  else expr="screen_score(hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter)"; fi
  echo "SELECT count(*) FROM (SELECT * FROM sample.declarations ORDER BY decl_id LIMIT $2) d WHERE $expr > 0.5" > "$tmp/q.sql"
  chmod 644 "$tmp/q.sql"; chmod 777 "$tmp"
  as_owner valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
     "$B/postgres" --single -D "$data" -c max_parallel_workers_per_gather=0 -c jit=off postgres \
     < "$tmp/q.sql" 2> "$tmp/err" > /dev/null
  grep -oE 'Collected : [0-9]+' "$tmp/err" | grep -oE '[0-9]+'
}
for f in decl score; do
  a=$(run $f 1); b=$(run $f "$rows")
  printf '%-6s first row (start+load) %d instructions, per row %d\n' $f "$a" $(( (b - a) / (rows - 1) ))
done
rm -rf "$tmp"

#!/bin/bash
# bench/score_speed.sh: per-row cost of scoring against a scan of the same
# columns, on a running cluster that holds sample.declarations and a fitted
# 'default' profile (PGHOST etc. set), e.g. after
#   psql -v rows=200000 -v seed=11 -f demo/generate.sql; psql -f demo/load_routes.sql
#   psql -c "SELECT screen_fit('sample.declarations')"
# Prints bench/score_ref.sql's digests (which a speed change must keep), the
# backend's CPU time per row of serial screen_declaration, screen_score and the
# scan (perf stat task-clock of the backend: less sensitive to a loaded
# machine than wall time; hardware counters may be unavailable in a VM), and
# the median of 3 parallel runs (2 workers) of each, with the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
psql -X -At -f bench/score_ref.sql | tail -1 | sed 's/^/rows|declaration_md5|score_md5: /'
rows=$(psql -X -At -c "SELECT count(*) FROM sample.declarations")
decl="SELECT count(*) FROM sample.declarations WHERE (screen_declaration(hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter)).score > 0.5"
score="SELECT count(*) FROM sample.declarations WHERE screen_score(hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter) > 0.5"
scan="SELECT count(*) FROM sample.declarations WHERE hs IS NOT NULL AND route IS NOT NULL AND origin IS NOT NULL AND decl_date IS NOT NULL AND value_usd::float8 >= 0 AND quantity::float8 >= 0 AND unit IS NOT NULL AND exporter IS NOT NULL"
out=$(mktemp)
for name in decl score scan; do
  q=${!name}
  coproc P { psql -X -q -At; }
  echo "SET max_parallel_workers_per_gather = 0; SELECT pg_backend_pid();" >&"${P[1]}"
  read -r pid <&"${P[0]}"
  echo "$q;" >&"${P[1]}"; read -r _ <&"${P[0]}"          # warm-up: the profile's load
  perf stat -x, -e task-clock -p "$pid" -o "$out" & sp=$!
  sleep 0.3
  echo "$q;" >&"${P[1]}"; read -r _ <&"${P[0]}"
  kill -INT $sp; wait $sp || true
  echo '\q' >&"${P[1]}"; wait "$P_PID" || true
  printf 'serial %-6s %6.2f us/row CPU\n' "$name" "$(echo "$(grep task-clock "$out" | cut -d, -f1) * 1000 / $rows" | bc -l)"
done
rm -f "$out"
par_ms() {
  { echo "SET max_parallel_workers_per_gather = 2;"; echo "$1;"
    for i in 1 2 3; do echo "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $1;"; done; } | psql -X -q -At \
    | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$' | sort -n | sed -n 2p
}
s=$(par_ms "$scan"); c=$(par_ms "$score"); d=$(par_ms "$decl")
echo "parallel: scan $s ms, screen_score $c ms ($(echo "scale=2; $c / $s" | bc)x), screen_declaration $d ms ($(echo "scale=2; $d / $s" | bc)x)"
echo "load: $(uptime | sed 's/.*average: //')"

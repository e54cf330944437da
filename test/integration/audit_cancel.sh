#!/bin/bash
# A screening run that is cancelled leaves nothing half-written: screen_table
# runs in the caller's transaction, so a statement_timeout or a
# pg_cancel_backend in the middle of it leaves screen_runs, screen_results
# and screen_run_inputs as they were.  A full run is timed first; then one is
# stopped by a statement_timeout of a third of that, and one by
# pg_cancel_backend from another session while it scores.  Runs in its own
# throwaway cluster; exits non-zero on failure.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
q() { tpsql -At "$@"; }
q >/dev/null <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE decl (id int PRIMARY KEY, decl_date date, hs hscode, origin country, route route,
                   value_usd numeric, quantity numeric, unit text, exporter text);
INSERT INTO decl
SELECT i, date '2021-01-04' + i % 1000,
       (ARRAY['847130', '851713', '845011', '854231', '100199'])[1 + i % 5]::hscode,
       (ARRAY['DE', 'CN', 'KZ', 'DE', 'KZ'])[1 + i % 5]::country,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU', 'DE>KZ>RU', 'KZ>RU'])[1 + i % 5]::route,
       (100 + i % 17) * 10.0, 10, 'u', 'Exporter ' || (i % 997)
  FROM generate_series(1, 300000) i;
ANALYZE decl;
SELECT screen_fit('decl');
SQL
state() { q -c "SELECT (SELECT count(*) FROM screen_runs) || '/' || (SELECT count(*) FROM screen_results) || '/' || (SELECT count(*) FROM screen_run_inputs)"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
fail=0

t0=$(now_ms)
q -c "SELECT screen_table('decl')" >/dev/null
full=$(( $(now_ms) - t0 ))
before=$(state)
echo "full run: ${full} ms; record (runs/results/inputs): $before"
parts=$(q -c "SELECT count(*) FROM screen_run_inputs_now('default')")
[ "$before" = "1/300000/$parts" ] || { echo "FAIL: unexpected record after one run: $before"; fail=1; }

# a statement_timeout a third of the way in
limit=$(( full / 3 ))
err=$(PGOPTIONS="-c statement_timeout=$limit" tpsql -At -v VERBOSITY=verbose -c "SELECT screen_table('decl')" 2>&1 >/dev/null || true)
echo "statement_timeout ${limit} ms: $(echo "$err" | head -n 1)"
echo "$err" | grep -q 57014 || { echo "FAIL: the run was not cancelled by statement_timeout"; fail=1; }
[ "$(state)" = "$before" ] || { echo "FAIL: a cancelled run left rows: $(state)"; fail=1; }

# pg_cancel_backend from another session while the run scores
tpsql -At -v VERBOSITY=verbose -c "SET application_name = 'audit_run'" -c "SELECT screen_table('decl')" \
    >"$TS_CLUSTER/run.out" 2>&1 &
runner=$!
for _ in $(seq 1 100); do
    [ "$(q -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'audit_run' AND state = 'active' AND backend_type = 'client backend'")" = 1 ] && break
    sleep 0.05
done
sleep "$(awk -v ms="$full" 'BEGIN {printf "%.2f", ms / 3000}')"
cancelled=$(q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'audit_run' AND state = 'active' AND backend_type = 'client backend'")
wait $runner || true
echo "pg_cancel_backend: $cancelled; $(grep -m1 ERROR "$TS_CLUSTER/run.out")"
[ "$cancelled" = t ] || { echo "FAIL: the run was not found running"; fail=1; }
grep -q 57014 "$TS_CLUSTER/run.out" || { echo "FAIL: the run was not cancelled by pg_cancel_backend"; fail=1; }
[ "$(state)" = "$before" ] || { echo "FAIL: a cancelled run left rows: $(state)"; fail=1; }

# and a run after them completes, with the next run id
q -c "SELECT screen_table('decl')" >/dev/null
[ "$(state)" = "2/600000/$((2 * parts))" ] || { echo "FAIL: unexpected record after a second run: $(state)"; fail=1; }
[ $fail -eq 0 ] && echo "cancelled runs left nothing; the record holds complete runs only"
exit $fail

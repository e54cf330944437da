#!/bin/bash
# A run never records inputs other than those it scored with: a watchlist
# row committed by another session while a READ COMMITTED run scores makes
# the run fail with 40001 and leave nothing; the same run in REPEATABLE
# READ, which sees one snapshot throughout, succeeds and records the inputs
# of its snapshot.  Exits non-zero on failure.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
q() { tpsql -At "$@"; }
q >/dev/null <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE decl (id int PRIMARY KEY, decl_date date, hs hscode, origin country, route route,
                   value_usd numeric, quantity numeric, unit text, exporter text);
INSERT INTO decl
SELECT i, date '2021-01-04' + i, (ARRAY['847130', '845011', '854231'])[1 + i % 3]::hscode,
       (ARRAY['DE', 'KZ', 'DE'])[1 + i % 3]::country, (ARRAY['DE>RU', 'KZ>RU', 'DE>KZ>RU'])[1 + i % 3]::route,
       (100 + i % 17) * 10.0, 10, 'u', 'Exporter ' || (i % 13)
  FROM generate_series(1, 600) i;
SELECT screen_fit('decl');
-- a source that takes about 3 seconds to read
CREATE VIEW slow_decl AS SELECT d.*, pg_sleep(0.005)::text AS pause FROM decl d;
SQL
fail=0
change() { sleep 1; q -c "INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '$1', '4B', '2024-02-23')" >/dev/null; }

change 100199 &
err=$(tpsql -At -v VERBOSITY=verbose -c "SELECT screen_table('slow_decl', key => ARRAY['id'])" 2>&1 >/dev/null || true)
wait
echo "READ COMMITTED: $(echo "$err" | head -n 1)"
echo "$err" | grep -q 40001 || { echo "FAIL: the run did not fail with 40001"; fail=1; }
[ "$(q -c "SELECT count(*) FROM screen_runs") $(q -c "SELECT count(*) FROM screen_results")" = "0 0" ] \
    || { echo "FAIL: the failed run left rows"; fail=1; }

change 100190 &
run=$(tpsql -At -c "BEGIN ISOLATION LEVEL REPEATABLE READ" -c "SELECT screen_table('slow_decl', key => ARRAY['id'])" -c "COMMIT" | head -n 1)
wait
echo "REPEATABLE READ: run $run"
[ "$run" = 2 ] || { echo "FAIL: the REPEATABLE READ run did not complete"; fail=1; }
# it recorded the watchlist of its snapshot, without the code added meanwhile
got=$(q -c "SELECT (SELECT items FROM screen_run_inputs WHERE run_id = 2 AND part = 'watchlist') ? '100190@2024-02-23',
                   (SELECT items FROM screen_run_inputs WHERE run_id = 2 AND part = 'watchlist') ? '100199@2024-02-23'")
[ "$got" = "f|t" ] || { echo "FAIL: the run recorded other inputs than its snapshot's: $got"; fail=1; }
[ $fail -eq 0 ] && echo "a run whose inputs changed under it failed with 40001 and left nothing; in REPEATABLE READ it recorded its snapshot's inputs"
exit $fail

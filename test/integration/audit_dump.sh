#!/bin/bash
# The screening record survives pg_dump -Fc / pg_restore: runs (with their
# rescreen chains), itemised inputs, results, decisions with who and when,
# the sequences (a new run after the restore takes the next id), and the
# grants made with screen_grant; a rescreen in the restored database carries
# on from the restored run.  Exits non-zero on any difference.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
q() { tpsql -At "$@"; }
q -c "CREATE DATABASE src" -c "CREATE DATABASE dst" \
  -c "CREATE ROLE ts_dump_reader" -c "CREATE ROLE ts_dump_analyst"
q -d src >/dev/null <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE decl (id int PRIMARY KEY, decl_date date, hs hscode, origin country, route route,
                   value_usd numeric, quantity numeric, unit text, exporter text);
INSERT INTO decl
SELECT i, date '2021-01-04' + 2 * i,
       (ARRAY['847130', '851713', '845011', '854231', '100199'])[1 + i % 5]::hscode,
       (ARRAY['DE', 'CN', 'KZ', 'DE', 'KZ'])[1 + i % 5]::country,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU', 'DE>KZ>RU', 'KZ>RU'])[1 + i % 5]::route,
       (100 + i % 17) * 10.0, 10, 'u', 'Exporter ' || (i % 23)
  FROM generate_series(0, 599) i;
INSERT INTO listed_parties (list, party_id, name) VALUES ('test', 'p-7', 'Exporter 7');
SELECT screen_fit('decl');
SELECT screen_grant('ts_dump_reader', 'reader'), screen_grant('ts_dump_analyst', 'analyst');
SELECT screen_table('decl');
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '845011', '4A', '2024-02-23');
SELECT screen_rescreen(1);
SET ROLE ts_dump_analyst;
SELECT screen_decide(1, '{"id": 593}', 'escalated', 'ask for the end-user statement');
SELECT screen_decide(2, '{"id": 592}', 'cleared', 'known trader');
RESET ROLE;
SQL
"$PGBIN/pg_dump" -Fc -d src -f "$TS_CLUSTER/dump"
# errors in the record's own tables fail here; others (the profiles'
# tables) are printed and left to test/integration/scoring_dump.sh
if ! "$PGBIN/pg_restore" -d dst "$TS_CLUSTER/dump" 2>"$TS_CLUSTER/restore.err"; then
    cat "$TS_CLUSTER/restore.err"
    if grep -E 'screen_(runs|run_inputs|results|decisions)' "$TS_CLUSTER/restore.err"; then
        echo "FAIL: pg_restore reported errors in the screening record"; exit 1
    fi
    echo "WARNING: pg_restore reported errors outside the screening record (see scoring_dump.sh)"
fi

state() {
    q -d "$1" -c "SELECT 'runs', run_id, source, source_key, profile, profile_version, inputs, rescreen_of, base_run, changes,
                         started_at, finished_at, run_by, rows, rescored, rows_by_level FROM screen_runs ORDER BY run_id" \
              -c "SELECT 'inputs', run_id, part, md5(items::text) FROM screen_run_inputs ORDER BY run_id, part" \
              -c "SELECT 'results', run_id, count(*), md5(string_agg(row_key::text || score || level || fired::text || reasons::text, ',' ORDER BY row_key::text))
                    FROM screen_results GROUP BY run_id ORDER BY run_id" \
              -c "SELECT 'resolved', md5(string_agg(row_key::text || score || level || scored_in, ',' ORDER BY row_key::text)) FROM screen_run_results(2)" \
              -c "SELECT 'decisions', decision_id, run_id, row_key, disposition, reason, decided_by, decided_at FROM screen_decisions ORDER BY decision_id" \
              -c "SELECT 'status', decision_id, disposition, latest_run, latest_level, changed_since_decision FROM screen_decision_status ORDER BY decision_id" \
              -c "SELECT 'grants', r, t, has_table_privilege(r, t, 'SELECT'), has_table_privilege(r, t, 'INSERT')
                    FROM unnest(ARRAY['ts_dump_reader', 'ts_dump_analyst']) r,
                         unnest(ARRAY['screen_runs', 'screen_results', 'screen_decisions']) t ORDER BY 2, 3"
}
a=$(state src)
b=$(state dst)
fail=0
if [ "$a" != "$b" ]; then
    echo "FAIL: the restored record differs:"
    diff <(echo "$a") <(echo "$b")
    fail=1
fi
echo "$a" | grep -c '^runs|' | grep -qx 2 || { echo "FAIL: expected two runs"; fail=1; }
echo "$a" | grep -q '^decisions|.*|ts_dump_analyst|' || { echo "FAIL: the decisions are missing"; fail=1; }
# the sequences went with the data: the next run and decision take new ids
next=$(q -d dst -c "INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '100199', '4B', '2024-02-23')" \
             -c "SELECT screen_rescreen(2)")
[ "$next" = 3 ] || { echo "FAIL: the rescreen after restore got run id $next, not 3"; fail=1; }
d=$(q -d dst -c "SELECT screen_decide(3, '{\"id\": 594}', 'cleared', 'after restore')")
[ "$d" = 3 ] || { echo "FAIL: the decision after restore got id $d, not 3"; fail=1; }
same=$(q -d dst -c "SELECT count(*) FROM screen_run_results(3) r JOIN decl d ON r.row_key = jsonb_build_object('id', d.id)
                     WHERE r.level IS DISTINCT FROM (screen_declaration(d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8,
                                                                        d.quantity::float8, d.unit, d.exporter)).level")
[ "$same" = 0 ] || { echo "FAIL: $same rows of the rescreen after restore differ from screen_declaration"; fail=1; }
echo "$a" | head -n 3
[ $fail -eq 0 ] && echo "restored: runs, inputs, results, decisions, sequences and grants are the same; a rescreen carries on"
exit $fail

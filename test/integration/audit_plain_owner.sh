#!/bin/bash
# The screening record without a superuser: a plain user installs the
# extension (trusted), fits, screens and rescreens a table, and grants the
# duties with screen_grant (the owner holds the grant option on the record);
# a reader reads and cannot decide, an analyst decides, an outsider sees
# nothing.  Exits non-zero on failure.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
owner=ts_audit_owner
db=ts_audit_db
tpsql -c "CREATE ROLE $owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" \
      -c "CREATE ROLE ts_audit_reader LOGIN" -c "CREATE ROLE ts_audit_analyst LOGIN" -c "CREATE ROLE ts_audit_outsider LOGIN" \
      -c "CREATE DATABASE $db OWNER $owner"
as() { local who=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -At -U "$who" -d "$db" "$@"; }
fail=0
as $owner >/dev/null <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE decl (id int PRIMARY KEY, decl_date date, hs hscode, origin country, route route,
                   value_usd numeric, quantity numeric, unit text, exporter text);
INSERT INTO decl
SELECT i, date '2021-01-04' + 2 * i, (ARRAY['847130', '845011', '854231'])[1 + i % 3]::hscode,
       (ARRAY['DE', 'KZ', 'DE'])[1 + i % 3]::country, (ARRAY['DE>RU', 'KZ>RU', 'DE>KZ>RU'])[1 + i % 3]::route,
       (100 + i % 17) * 10.0, 10, 'u', 'Exporter ' || (i % 13)
  FROM generate_series(0, 499) i;
SELECT screen_fit('decl');
SELECT screen_table('decl');
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '845011', '4A', '2024-02-23');
SELECT screen_rescreen(1);
SELECT screen_grant('ts_audit_reader', 'reader'), screen_grant('ts_audit_analyst', 'analyst');
SQL
[ "$(as $owner -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" = f ] || { echo "FAIL: the owner is a superuser"; fail=1; }
got=$(as $owner -c "SELECT run_id, run_by, rows, rescored < rows FROM screen_runs ORDER BY run_id")
[ "$got" = $'1|ts_audit_owner|500|f\n2|ts_audit_owner|500|t' ] || { echo "FAIL: runs of the owner: $got"; fail=1; }
[ "$(as ts_audit_reader -c "SELECT count(*) FROM screen_run_results(2)")" = 500 ] || { echo "FAIL: the reader cannot read"; fail=1; }
as ts_audit_reader -c "SELECT screen_decide(2, '{\"id\": 5}', 'cleared', 'reader')" 2>/dev/null \
    && { echo "FAIL: the reader decided"; fail=1; }
d=$(as ts_audit_analyst -c "SELECT screen_decide(2, '{\"id\": 5}', 'escalated', 'needs an end-user statement')")
[ "$d" = 1 ] || { echo "FAIL: the analyst could not decide: $d"; fail=1; }
[ "$(as ts_audit_reader -c "SELECT decided_by FROM screen_decision_status")" = ts_audit_analyst ] \
    || { echo "FAIL: the decision does not show"; fail=1; }
as ts_audit_outsider -c "SELECT count(*) FROM screen_results" 2>/dev/null && { echo "FAIL: an outsider read results"; fail=1; }
as ts_audit_analyst -c "DELETE FROM screen_decisions" 2>/dev/null && { echo "FAIL: the analyst deleted decisions"; fail=1; }
[ $fail -eq 0 ] && echo "a plain owner ran, rescreened and granted; reader, analyst and outsider got what their duties allow"
exit $fail

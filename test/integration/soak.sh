#!/bin/bash
# Concurrency soak of every index kind, bounded, on a throwaway cluster
# that listens on its Unix socket only.
#
# A table holds hscode (btree, hash and GiST indexes), route (both GIN
# opclasses) and country (btree) columns.  pgbench runs custom scripts
# that insert, update, delete and query through the indexes at 8 clients
# for SOAK_SECONDS (default 120), with autovacuum set to visit the table
# often.  Then every btree index passes amcheck's bt_index_check and
# bt_index_parent_check (with heapallindexed), and every index answers a
# block of queries exactly as a seq scan does (count, sum and md5 of the
# matching ids), through plain index scans and through bitmap scans, each
# index alone.  Then the same once more, with the server killed (kill -9,
# postmaster and backends) halfway through a second pgbench run: crash
# recovery, then the same checks, and the rows committed before the kill
# are there.  (VACUUM of every index kind runs meanwhile: autovacuum visits
# the table every few seconds.)  Exits non-zero on any failure.
#
# SOAK_SECONDS=N sets the length of each pgbench run (the release run uses
# SOAK_SECONDS=1800); SOAK_CLIENTS the number of clients (default 8).
source "$(dirname "$0")/../../scripts/lib.sh"
# lib.sh turns on -e; this script checks each step itself (pgbench exits
# non-zero when the kill cuts it off)
set +e -uo pipefail

seconds=${SOAK_SECONDS:-120}
clients=${SOAK_CLIENTS:-8}
start_cluster -c autovacuum_naptime=5s -c max_connections=40 >/dev/null 2>&1
work=$TS_CLUSTER/soak
mkdir -p "$work"
chmod 777 "$work"
fail() { echo "FAILED: $*"; exit 1; }

tpsql -o /dev/null <<'SQL' || fail "setup"
SET client_min_messages = warning;
CREATE EXTENSION amcheck;
CREATE EXTENSION trade_screen;
-- generated values: a 6, 10 or 8+2 digit code under chapter a (77 skipped),
-- a country out of 12, a route of 1 to 4 of them
CREATE FUNCTION soak_hs(a int, b int, l int) RETURNS hscode LANGUAGE sql IMMUTABLE AS $$
    SELECT (lpad((CASE WHEN a % 97 = 77 THEN 78 ELSE a % 97 END + CASE WHEN a % 97 = 0 THEN 1 ELSE 0 END)::text, 2, '0')
            || lpad((b % 10000)::text, 4, '0')
            || CASE l % 3 WHEN 0 THEN '' WHEN 1 THEN '0000' ELSE lpad((b % 10000)::text, 4, '0') END)::hscode $$;
CREATE FUNCTION soak_country(i int) RETURNS country LANGUAGE sql IMMUTABLE AS $$
    SELECT ((ARRAY['KZ','RU','CN','DE','AM','KG','TR','AE','GE','BY','UZ','PL'])[1 + i % 12])::country $$;
CREATE FUNCTION soak_route(i int, j int, k int) RETURNS route LANGUAGE sql IMMUTABLE AS $$
    SELECT array_to_string((ARRAY[soak_country(i)::text, soak_country(j)::text,
                                  soak_country(k)::text, 'RU'])[1:1 + (i + j + k) % 4], '>')::route $$;
CREATE TABLE soak (id bigserial PRIMARY KEY, hs hscode NOT NULL, c country, r route, n int NOT NULL DEFAULT 0)
    WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 200,
          autovacuum_analyze_scale_factor = 0.05);
SELECT setseed(0.42);
INSERT INTO soak (hs, c, r)
SELECT soak_hs(g * 7919, g * 31, g), CASE WHEN g % 50 = 0 THEN NULL ELSE soak_country(g * 13) END,
       CASE WHEN g % 40 = 0 THEN NULL
            ELSE soak_route((random() * 1e6)::int, (random() * 1e6)::int, (random() * 1e6)::int) END
  FROM generate_series(1, 20000) g;
CREATE INDEX soak_hs_btree ON soak (hs);
CREATE INDEX soak_hs_hash ON soak USING hash (hs);
CREATE INDEX soak_hs_gist ON soak USING gist (hs);
CREATE INDEX soak_r_gin ON soak USING gin (r);
CREATE INDEX soak_r_gin_country ON soak USING gin (r route_gin_country_ops);
CREATE INDEX soak_c_btree ON soak (c);
SQL

cat > "$work/insert.sql" <<'SQL'
\set a random(1, 96)
\set b random(0, 9999)
\set l random(0, 2)
\set i random(0, 11)
\set j random(0, 11)
\set k random(0, 11)
INSERT INTO soak (hs, c, r) VALUES (soak_hs(:a, :b, :l), soak_country(:i), soak_route(:i, :j, :k));
SQL
cat > "$work/update.sql" <<'SQL'
\set id random(1, 60000)
\set a random(1, 96)
\set b random(0, 9999)
\set i random(0, 11)
\set j random(0, 11)
UPDATE soak SET hs = soak_hs(:a, :b, :id), r = soak_route(:i, :j, :id), c = soak_country(:j), n = n + 1
 WHERE id = :id;
SQL
cat > "$work/delete.sql" <<'SQL'
\set id random(1, 60000)
DELETE FROM soak WHERE id = :id;
SQL
cat > "$work/query.sql" <<'SQL'
\set a random(1, 96)
\set b random(0, 9999)
\set i random(0, 11)
\set j random(0, 11)
BEGIN;
SET LOCAL enable_seqscan = off;
SELECT count(*) FROM soak WHERE hs <@ soak_hs(:a, :b, 0);
SELECT count(*) FROM soak WHERE hs = soak_hs(:a, :b, 1);
SELECT count(*) FROM soak WHERE hs <@ '{01,85,!8500,97}'::hsset;
SELECT count(*) FROM soak WHERE r @> soak_country(:i);
SELECT count(*) FROM soak WHERE r ?& ARRAY[soak_country(:i), soak_country(:j)];
SELECT count(*) FROM soak WHERE c = soak_country(:j);
COMMIT;
SQL

# the queries every index must answer as a seq scan does
quals=("hs = soak_hs(85, 4231, 1)" "hs = (SELECT hs FROM soak ORDER BY id DESC LIMIT 1)"
       "hs <@ '85'" "hs <@ '8542'" "'01' @> hs" "hs @> soak_hs(85, 4231, 2)"
       "hs <@ '{01,85,!8500,97}'::hsset" "hs < '30'" "hs BETWEEN '40' AND '4099'"
       "r @> 'KZ'::country" "r ?| ARRAY['AM','GE']::country[]" "r ?& ARRAY['KZ','RU']::country[]"
       "r @> 'KZ>RU'::route" "r @> 'CN>KZ>RU'::route"
       "c = 'RU'" "c < 'DE'" "c IN ('KZ', 'KG')" "c IS NULL")
indexes=(soak_hs_btree soak_hs_hash soak_hs_gist soak_r_gin soak_r_gin_country soak_c_btree)
# a qual each index must be chosen for, so no comparison is vacuous
declare -A probe=([soak_hs_btree]="hs <@ '85'" [soak_hs_hash]="hs = soak_hs(85, 4231, 1)"
                  [soak_hs_gist]="hs <@ '{01,85,!8500,97}'::hsset" [soak_r_gin]="r @> 'KZ>RU'::route"
                  [soak_r_gin_country]="r @> 'KZ'::country" [soak_c_btree]="c = 'RU'")

# answers SETTINGS: one line per qual, "count sum md5" of the matching ids
answers() {
    local q sql="BEGIN; $1"
    for q in "${quals[@]}"; do
        sql+=" SELECT count(*) || ' ' || coalesce(sum(id), 0) || ' '
                      || md5(coalesce(string_agg(id::text, ',' ORDER BY id), '')) FROM soak WHERE $q;"
    done
    tpsql -At -c "$sql ROLLBACK;" 2>&1
}

# check WHEN: amcheck on every btree, then every index alone against a seq scan
check() {
    local when=$1 idx other drop seq got mode plan start=$(date +%s)
    tpsql -At -c "SELECT bt_index_check(c.oid, true), bt_index_parent_check(c.oid, true, true)
                    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    JOIN pg_am a ON a.oid = c.relam
                   WHERE i.indrelid = 'soak'::regclass AND a.amname = 'btree'" >/dev/null \
        || fail "$when: amcheck"
    seq=$(answers "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off;")
    [ "$(grep -c '^[0-9]* [0-9]* [0-9a-f]\{32\}$' <<<"$seq")" -eq ${#quals[@]} ] \
        || fail "$when: seq scan answers: $seq"
    [ "$(awk '$1 > 0' <<<"$seq" | wc -l)" -ge $((${#quals[@]} - 2)) ] \
        || fail "$when: too few quals match rows: $seq"
    for idx in "${indexes[@]}"; do
        drop=""
        for other in "${indexes[@]}"; do
            [ "$other" = "$idx" ] || drop+="DROP INDEX $other; "
        done
        for mode in "SET LOCAL enable_bitmapscan = off;" \
                    "SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off;"; do
            case "$idx/$mode" in
                soak_r_gin*/*bitmapscan\ =\ off*) continue ;;   # GIN has bitmap scans only
            esac
            got=$(answers "$drop SET LOCAL enable_seqscan = off; $mode")
            [ "$got" = "$seq" ] || { diff <(echo "$seq") <(echo "$got") | head; fail "$when: $idx ($mode) differs from the seq scan"; }
            plan=$(tpsql -At -c "BEGIN; $drop SET LOCAL enable_seqscan = off; $mode
                                 EXPLAIN (COSTS OFF) SELECT id FROM soak WHERE ${probe[$idx]}; ROLLBACK;")
            grep -q "$idx" <<<"$plan" || fail "$when: $idx not used for ${probe[$idx]}: $plan"
        done
    done
    echo "$when: amcheck clean on every btree; ${#indexes[@]} indexes x ${#quals[@]} queries equal the seq scan" \
         "($(tpsql -At -c 'SELECT count(*) FROM soak') rows; checked in $(($(date +%s) - start)) s)"
}

# run_pgbench SECONDS LOG: the workload, 8 clients on 2 threads
run_pgbench() {
    pgbench -n -c "$clients" -j 2 -T "$1" -f "$work/insert.sql@4" -f "$work/update.sql@3" \
        -f "$work/delete.sql@1" -f "$work/query.sql@2" > "$2" 2>&1
}

# transactions per script, from a pgbench log
script_counts() {
    awk '/^SQL script [0-9]+:/ {name = $4} /^ - [0-9]+ transactions/ {printf "%s%s %s", sep, name, $2; sep = ", "}' "$1" \
        | sed "s|$work/||g"
}

echo "pgbench: $clients clients, $seconds s"
run_pgbench "$seconds" "$work/run1.log" || { cat "$work/run1.log"; fail "pgbench run"; }
total=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/run1.log")
echo "transactions: $total ($(script_counts "$work/run1.log"))"
for s in insert update delete query; do
    n=$(awk -v s="$s.sql" '/^SQL script [0-9]+:/ {hit = index($4, s) > 0} hit && /^ - [0-9]+ transactions/ {print $2; exit}' "$work/run1.log")
    [ "${n:-0}" -gt 0 ] || fail "no $s transactions ran"
done
vacuums=$(tpsql -At -c "SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = 'soak'")
echo "autovacuum runs on the table: $vacuums"
check "after pgbench"

# the same with kill -9 halfway through
before_max=$(tpsql -At -c "SELECT max(id) FROM soak")
run_pgbench "$seconds" "$work/run2.log" &
bench=$!
sleep $((seconds / 2))
committed=$(tpsql -At -c "SELECT count(*) FROM soak WHERE id > $before_max")
active=$(tpsql -At -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgbench' AND backend_type = 'client backend'")
echo "at the kill: $active pgbench sessions, $committed rows inserted in this run"
[ "$active" -eq "$clients" ] || fail "expected $clients pgbench sessions at the kill, found $active"
[ "$committed" -gt 0 ] || fail "nothing inserted before the kill"
pm=$(head -n 1 "$TS_CLUSTER/data/postmaster.pid")
children=$(ps -o pid= --ppid "$pm" || true)
kill -9 "$pm" $children
wait "$bench" 2>/dev/null
for _ in $(seq 50); do
    state=$(ps -o stat= -p "$pm" $children 2>/dev/null | grep -v '^Z' || true)
    [ -z "$state" ] && break
    sleep 0.2
done
if ps -o stat= -p "$pm" 2>/dev/null | grep -q '^Z'; then
    rm -f "$TS_CLUSTER/data/postmaster.pid" "$TS_CLUSTER/.s.PGSQL.$PGPORT.lock"
fi
as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -w -l "$TS_CLUSTER/server.log" \
    -o "-k $TS_CLUSTER -p $PGPORT -c listen_addresses= -c fsync=off -c autovacuum_naptime=5s -c max_connections=40" \
    start >/dev/null || { tail -n 20 "$TS_CLUSTER/server.log"; fail "restart"; }
grep -q "database system was interrupted\|was not properly shut down" "$TS_CLUSTER/server.log" \
    || fail "no crash recovery happened"
survived=$(tpsql -At -c "SELECT count(*) FROM soak WHERE id > $before_max")
echo "after recovery: $survived rows of this run (at least $committed committed before the kill)"
# deletes and updates may have removed or moved some of the rows counted
# at the kill; deletes hit random ids, so most must be there
[ "$survived" -ge $((committed * 9 / 10)) ] || fail "rows committed before the kill are missing"
check "after kill -9 and recovery"
echo "soak passed"
exit 0

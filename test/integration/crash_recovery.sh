#!/bin/bash
# Crash test of the hscode indexes: kill -9 the server (postmaster and every
# backend) during concurrent inserts, restart it (WAL replay), then check
# that a btree and a gist_hscode_ops index still answer exactly as a seq
# scan does, and that amcheck's bt_index_check (with heapallindexed) is
# clean.  Asserts that the kill landed while both sessions were inserting
# and that their rows committed before it survived.  Runs in its own
# throwaway cluster; exits 0 on success.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1

tpsql <<'SQL'
CREATE EXTENSION amcheck;
CREATE EXTENSION trade_screen;
CREATE TABLE t (id bigserial PRIMARY KEY, hs hscode);
INSERT INTO t (hs)
SELECT (lpad(((g * 7919) % 97 + 1)::text, 2, '0') || lpad((g % 10000)::text, 4, '0')
        || CASE WHEN g % 3 = 0 THEN lpad((g % 10000)::text, 4, '0') ELSE '' END)::hscode
  FROM generate_series(1, 50000) g
 WHERE (g * 7919) % 97 + 1 <> 77;
CREATE INDEX t_hs_btree ON t (hs);
CREATE INDEX t_hs_gist ON t USING gist (hs);
SQL

# two sessions inserting (and deleting rows of the initial load) in small
# committed transactions
inserter() {
    tpsql -c "DO \$\$
BEGIN
    FOR i IN 1..100000 LOOP
        INSERT INTO t (hs)
        SELECT (lpad(((i * 31 + g) % 97 + 1)::text, 2, '0') || lpad(((i + g) % 10000)::text, 4, '0')
                || CASE WHEN g % 2 = 0 THEN '0000' ELSE '' END)::hscode
          FROM generate_series(1, 20) g
         WHERE (i * 31 + g) % 97 + 1 <> 77;
        DELETE FROM t WHERE id = i * $1 AND id <= $initial_max;
        COMMIT;
    END LOOP;
END \$\$" >/dev/null 2>&1 || true
}
initial_max=$(tpsql -At -c "SELECT max(id) FROM t")
[ -n "$initial_max" ] || { echo "setup failed"; exit 1; }
inserter 7 &
p1=$!
inserter 11 &
p2=$!
sleep 3

# the kill must land during the inserts: both sessions still running
# their loop, and rows of theirs already committed
running=$(tpsql -At -c "SELECT count(*) FROM pg_stat_activity
                         WHERE state = 'active' AND query LIKE 'DO %INSERT INTO t%'")
inserted=$(tpsql -At -c "SELECT count(*) FROM t WHERE id > $initial_max")
echo "before the kill: $running inserting sessions, $inserted rows inserted"
[ "$running" = 2 ] || { echo "expected 2 inserting sessions at the kill, found $running"; exit 1; }
[ "$inserted" -gt 0 ] || { echo "no concurrent insert committed before the kill"; exit 1; }

# kill -9 the postmaster and all its children, by process id
pm=$(head -n 1 "$TS_CLUSTER/data/postmaster.pid")
children=$(ps -o pid= --ppid "$pm" || true)
kill -9 "$pm" $children
wait $p1 $p2 2>/dev/null || true
# wait until the processes are gone; a killed postmaster whose parent does
# not reap it stays a zombie, and its pid file must then go by hand
for _ in $(seq 50); do
    state=$(ps -o stat= -p "$pm" $children 2>/dev/null | grep -v '^Z' || true)
    [ -z "$state" ] && break
    sleep 0.2
done
if ps -o stat= -p "$pm" 2>/dev/null | grep -q '^Z'; then
    rm -f "$TS_CLUSTER/data/postmaster.pid" "$TS_CLUSTER/.s.PGSQL.$PGPORT.lock"
fi

as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -w -l "$TS_CLUSTER/server.log" \
    -o "-k $TS_CLUSTER -p $PGPORT -c listen_addresses= -c fsync=off" start >/dev/null \
    || { tail -n 20 "$TS_CLUSTER/server.log"; exit 1; }
grep -q "database system was interrupted\|was not properly shut down" "$TS_CLUSTER/server.log" \
    || { echo "no crash recovery happened"; exit 1; }

# the same answers from a seq scan, the btree alone and the GiST index alone
quals=("hs <@ '85'" "hs <@ '0101'" "hs = (SELECT hs FROM t WHERE id % 100 = 7 ORDER BY hs DESC LIMIT 1)"
       "hs @> (SELECT hs FROM t WHERE id % 100 = 7 ORDER BY hs DESC LIMIT 1)"
       "hs <@ '{01,85,!8500,97}'::hsset" "'85' @> hs")
answers() {
    local q sql="BEGIN; $1"
    for q in "${quals[@]}"; do
        sql+=" SELECT count(*) || ' ' || coalesce(sum(id), 0) FROM t WHERE $q;"
    done
    tpsql -At -c "$sql ROLLBACK;" 2>&1
}
seq=$(answers "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off;")
btree=$(answers "DROP INDEX t_hs_gist; SET LOCAL enable_seqscan = off;")
gist=$(answers "DROP INDEX t_hs_btree; SET LOCAL enable_seqscan = off;")
plan=$(tpsql -At -c "BEGIN; DROP INDEX t_hs_btree; SET LOCAL enable_seqscan = off; EXPLAIN (COSTS OFF) SELECT count(*) FROM t WHERE hs <@ '85'; ROLLBACK;")
echo "rows after recovery: $(tpsql -At -c 'SELECT count(*) FROM t')"
# what was committed before the kill survived it
survived=$(tpsql -At -c "SELECT count(*) FROM t WHERE id > $initial_max")
echo "inserted rows after recovery: $survived"
[ "$survived" -ge "$inserted" ] || { echo "committed inserts lost: $survived of at least $inserted"; exit 1; }
echo "seq scan:"; echo "$seq"
[ "$seq" = "$btree" ] || { echo "btree disagrees:"; echo "$btree"; exit 1; }
[ "$seq" = "$gist" ] || { echo "gist disagrees:"; echo "$gist"; exit 1; }
echo "$plan" | grep -q t_hs_gist || { echo "gist not used: $plan"; exit 1; }
tpsql -At -c "SELECT bt_index_check('t_hs_btree', true)" >/dev/null || exit 1
tpsql -At -c "SELECT bt_index_check('t_pkey', true)" >/dev/null || exit 1
echo "index answers equal the seq scan; bt_index_check clean"
exit 0

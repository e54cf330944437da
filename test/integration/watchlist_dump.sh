#!/bin/bash
# pg_dump keeps users' watchlist rows and leaves the shipped CHPL to the
# extension: dump a database with a user list, restore it into a new one,
# and compare.  Runs in its own throwaway cluster; exits 0 on success.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
dump=$TS_CLUSTER/dump.sql

tpsql -c "CREATE DATABASE src" -c "CREATE DATABASE dst"
tpsql -d src <<'SQL'
CREATE EXTENSION trade_screen;
INSERT INTO watchlist_tiers (list, tier, tier_order, definition) VALUES ('chips', 'A', 1, 'Chips.');
INSERT INTO watchlists (list, code, excluded, tier, valid_from) VALUES
    ('chips', '8542', false, 'A', '2024-01-01'),
    ('chips', '854290', true, 'A', '2024-01-01');
CREATE TABLE watch (name text, codes hsset);
INSERT INTO watch VALUES ('mine', '{8542,!854290,8471}');
SQL
"$PGBIN/pg_dump" -d src -f "$dump"
tpsql -d dst -f "$dump" >/dev/null

check() {
    tpsql -d "$1" -At -c "SELECT count(*) FILTER (WHERE shipped), count(*) FILTER (WHERE NOT shipped),
                                 watchlist('chips')::text, watchlist('CHPL', ARRAY['1'])::text
                            FROM watchlists" \
                     -c "SELECT name || ' ' || codes FROM watch"
}
a=$(check src)
b=$(check dst)
echo "source:   $a"
echo "restored: $b"
[ "$a" = "$b" ] || { echo "restored database differs"; exit 1; }
echo "$b" | grep -q '^50|2|{8542,!854290}|' || { echo "unexpected contents"; exit 1; }
exit 0

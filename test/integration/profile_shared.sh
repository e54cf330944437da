#!/bin/bash
# Profile images held once per server (doc/profiles.md, "Shared memory"):
# with trade_screen in shared_preload_libraries, the first backend that
# needs a version puts its image in shared memory and every later backend
# and parallel worker reads it from there; scores are the same bit for bit
# as with per-backend copies (trade_screen.profile_shared = off); a new
# version (a fit) is read and put there in its turn; an image larger than
# trade_screen.shared_profile_memory stays per backend; a version a backend
# holds is not dropped, one nobody holds is (a backend lets a version go
# when it has moved on to a newer one, and at exit); and
# profile_cache_fresh.sh's rules (no statement scores with a profile older
# than the one committed when it started) hold in this mode too.
source "$(dirname "$0")/../../scripts/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
start_cluster -c shared_preload_libraries=trade_screen >/dev/null 2>&1
q() { tpsql -At "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
q >/dev/null <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE decl AS
SELECT date '2021-01-04' + (i % 900) AS decl_date,
       (ARRAY['940360', '847130', '854231', '090121', '620342'])[1 + i % 5]::hscode AS hs,
       (ARRAY['DE', 'CN', 'TR'])[1 + i % 3]::country AS origin,
       (ARRAY['DE>KZ>RU', 'CN>RU', 'TR>AM>RU', 'DE>FR'])[1 + i % 4]::route AS route,
       (100 + i % 97)::float8 AS value_usd, (1 + i % 13)::float8 AS quantity, 'u'::text AS unit,
       (ARRAY['Alpha ', 'ООО Бета ', 'Gamma LLP '])[1 + i % 3] || (i % 11) AS exporter
  FROM generate_series(0, 20000) i;
ANALYZE decl;
SELECT screen_fit('decl');
SQL
scores="SELECT md5(string_agg(float8send(screen_score(hs, route, origin, decl_date, value_usd, quantity, unit, exporter))::text, ',' ORDER BY decl_date, hs, route, exporter, value_usd, quantity))
          FROM decl"
parallel="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
debug="SET client_min_messages = debug1;"
one="SELECT screen_score('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', 'ООО Бета 3')"

# the first backend puts the image there, the next reads it
first=$(q -c "$debug" -c "$one" 2>&1)
echo "$first" | grep -q 'version 2 put in shared memory' || fail "the first backend did not put version 2 in shared memory: $first"
second=$(q -c "$debug" -c "$one" 2>&1)
echo "$second" | grep -q 'version 2 read from shared memory' || fail "a new backend did not read version 2 from shared memory: $second"

# the same scores, serial and in parallel workers, shared or not
own=$(q -c "SET trade_screen.profile_shared = off" -c "SET max_parallel_workers_per_gather = 0" -c "$scores")
shared_serial=$(q -c "SET max_parallel_workers_per_gather = 0" -c "$scores")
plan=$(q -c "$parallel" -c "EXPLAIN (ANALYZE, COSTS OFF) $scores")
echo "$plan" | grep -q 'Workers Launched: [12]' || fail "no parallel worker ran: $plan"
shared_parallel=$(q -c "$parallel" -c "$scores")
own_parallel=$(q -c "SET trade_screen.profile_shared = off" -c "$parallel" -c "$scores")
[ "$own" = "$shared_serial" ] && [ "$own" = "$shared_parallel" ] && [ "$own" = "$own_parallel" ] \
    || fail "scores differ: own $own, shared $shared_serial, shared in parallel $shared_parallel, own in parallel $own_parallel"
echo "scores from shared memory equal per-backend copies, serial and in parallel workers ($own)"

# a new version is read and shared in its turn, and scores with it
q -c "INSERT INTO screen_config VALUES ('default', 'weight.transshipment', 0.95, 'new version')" >/dev/null
third=$(q -c "$debug" -c "SELECT (screen_declaration('847130', 'DE>KZ>RU', 'DE', '2023-05-10', 100, 20, 'u', 'Alpha 1')).profile_version" 2>&1)
echo "$third" | grep -q 'version 3 put in shared memory' || fail "version 3 was not put in shared memory: $third"
echo "$third" | grep -qx '3' || fail "a new backend did not score with version 3: $third"
fourth=$(q -c "$debug" -c "SELECT (screen_declaration('847130', 'DE>KZ>RU', 'DE', '2023-05-10', 100, 20, 'u', 'Alpha 1')).profile_version" 2>&1)
echo "$fourth" | grep -q 'version 3 read from shared memory' || fail "version 3 was not read from shared memory: $fourth"
[ "$(q -c "SET trade_screen.profile_shared = off" -c "$scores")" = "$(q -c "$scores")" ] \
    || fail "version 3 scores differently from shared memory"
echo "a new version is put in shared memory by the first backend that needs it"

# an image larger than the limit stays in the backend
q -c "ALTER SYSTEM SET trade_screen.shared_profile_memory = '64kB'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
q -c "UPDATE screen_config SET value = 0.9, note = 'version 4' WHERE profile = 'default' AND parameter = 'weight.transshipment'" >/dev/null
fifth=$(q -c "$debug" -c "$one" 2>&1)
echo "$fifth" | grep -q 'shared memory' && fail "an image above trade_screen.shared_profile_memory was shared: $fifth"
[ "$(q -c "SET trade_screen.profile_shared = off" -c "$scores")" = "$(q -c "$scores")" ] \
    || fail "version 4 scores differently when not shared"
q -c "ALTER SYSTEM RESET trade_screen.shared_profile_memory" -c "SELECT pg_reload_conf()" >/dev/null
echo "an image above trade_screen.shared_profile_memory stays per backend"

# a version a backend holds stays; one nobody holds makes room.  With room
# for one image: a session holding version 4 keeps version 5 out of shared
# memory; once that session has scored with version 5 itself (and so let
# version 4 go, though still connected), the next backend shares version 5.
size=$(q -c "SELECT pg_column_size(image) FROM screen_profile_versions WHERE profile = 'default' ORDER BY version DESC LIMIT 1")
q -c "ALTER SYSTEM SET trade_screen.shared_profile_memory = '$(( size * 3 / 2 / 1024 ))kB'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
held=$(q -c "$debug" -c "$one" 2>&1)
echo "$held" | grep -q 'version 4 put in shared memory' || fail "version 4 was not put in shared memory: $held"
# a session that keeps version 4 in its cache while the next version is made
fifo="$TS_CLUSTER/holder"; mkfifo "$fifo"
tpsql -At < "$fifo" > "$TS_CLUSTER/holder.out" 2>&1 &
holder=$!
exec 7> "$fifo"
echo "$one;" >&7
echo "SELECT 'holding';" >&7
for _ in $(seq 50); do grep -q holding "$TS_CLUSTER/holder.out" && break; sleep 0.1; done
q -c "UPDATE screen_config SET value = 0.85, note = 'version 5' WHERE profile = 'default' AND parameter = 'weight.transshipment'" >/dev/null
while_held=$(q -c "$debug" -c "$one" 2>&1)
echo "$while_held" | grep -q 'shared memory' && fail "version 5 was shared while version 4, held, filled the memory: $while_held"
# the holding session scores again, with version 5, and lets version 4 go
# although it stays connected
echo "$one;" >&7
echo "SELECT 'moved on';" >&7
for _ in $(seq 50); do grep -q 'moved on' "$TS_CLUSTER/holder.out" && break; sleep 0.1; done
after=$(q -c "$debug" -c "$one" 2>&1)
echo "$after" | grep -q 'version 5 put in shared memory' \
    || fail "version 5 was not shared once the session holding version 4 had moved on to version 5: $after"
exec 7>&-
wait "$holder"
q -c "ALTER SYSTEM RESET trade_screen.shared_profile_memory" -c "SELECT pg_reload_conf()" >/dev/null
echo "a held version stays in shared memory; one nobody holds is dropped for the next"

# the freshness rules, preloaded
TS_CLUSTER_OPTS="-c shared_preload_libraries=trade_screen" bash "$here/profile_cache_fresh.sh" \
    || fail "profile_cache_fresh.sh failed with the library preloaded"
echo "profile_shared: all checks passed"

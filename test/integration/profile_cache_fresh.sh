#!/bin/bash
# No statement scores with a profile older than the one committed when it
# started: a PL/pgSQL function that scores, sleeps and scores again sees a
# configuration change another session commits in between (0.2.0 kept the
# profile of its first statement for the whole call), and so does the next
# statement of an open READ COMMITTED transaction; a REPEATABLE READ
# transaction keeps the version of its snapshot, as it keeps every table's.
# Also: a new connection's first score after a fit reads the version's image
# (one fetch), and how long that takes is printed.
source "$(dirname "$0")/../../scripts/lib.sh"
# TS_CLUSTER_OPTS: server settings, e.g. -c shared_preload_libraries=trade_screen
# (test/integration/profile_shared.sh runs this script so)
# shellcheck disable=SC2086
start_cluster ${TS_CLUSTER_OPTS:-} >/dev/null 2>&1
q() { tpsql -At "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
q >/dev/null <<'SQL'
CREATE EXTENSION trade_screen;
CREATE TABLE decl AS
SELECT date '2021-01-04' + i AS decl_date, '940360'::hscode AS hs, 'DE'::country AS origin, 'DE>KZ>RU'::route AS route,
       500.0::float8 AS value_usd, 10::float8 AS quantity, 'u'::text AS unit, 'Alpha ' || (i % 7) AS exporter
  FROM generate_series(0, 2000) i;
SELECT screen_fit('decl');
CREATE FUNCTION score_twice() RETURNS TABLE (step int, version bigint, score float8) LANGUAGE plpgsql AS $$
    DECLARE
        s screening;
    BEGIN
        FOR i IN 1 .. 2 LOOP
            s := screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL);
            step := i; version := s.profile_version; score := s.score;
            RETURN NEXT;
            PERFORM pg_sleep(2);
        END LOOP;
    END
    $$;
SQL
v0=$(q -c "SELECT version FROM screen_profiles WHERE profile = 'default'")

# PL/pgSQL: the change commits while the function sleeps
q -c "SELECT step, version, round(score::numeric, 4) FROM score_twice()" > "$TS_CLUSTER/plpgsql" &
sleep 1
q -c "INSERT INTO screen_config VALUES ('default', 'weight.transshipment', 0.95, 'committed midway')"
wait
cat "$TS_CLUSTER/plpgsql"
v1=$(q -c "SELECT version FROM screen_profiles WHERE profile = 'default'")
[ "$(sed -n 1p "$TS_CLUSTER/plpgsql" | cut -d'|' -f2)" = "$v0" ] || fail "the first statement did not score with version $v0"
[ "$(sed -n 2p "$TS_CLUSTER/plpgsql" | cut -d'|' -f2)" = "$v1" ] || fail "the second statement of the function did not score with the version committed before it, $v1"
[ "$(sed -n 1p "$TS_CLUSTER/plpgsql" | cut -d'|' -f3)" != "$(sed -n 2p "$TS_CLUSTER/plpgsql" | cut -d'|' -f3)" ] || fail "the score did not change with the weight"
echo "PL/pgSQL: statement 1 scored with version $v0, statement 2 with version $v1"

# an open READ COMMITTED transaction: each statement its own snapshot
# REPEATABLE READ: the transaction's snapshot
for iso in 'READ COMMITTED' 'REPEATABLE READ'; do
    {
        echo "BEGIN ISOLATION LEVEL $iso;"
        echo "SELECT (screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL)).profile_version;"
        echo "SELECT pg_sleep(2);"
        echo "SELECT (screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL)).profile_version;"
        echo "COMMIT;"
    } | q > "$TS_CLUSTER/xact" &
    sleep 1
    q -c "UPDATE screen_config SET value = value - 0.1 WHERE profile = 'default' AND parameter = 'weight.transshipment'"
    wait
    got=$(grep -v '^$' "$TS_CLUSTER/xact" | tr '\n' ' ')
    before=$(echo "$got" | cut -d' ' -f1)
    after=$(echo "$got" | cut -d' ' -f2)
    if [ "$iso" = 'READ COMMITTED' ]; then
        [ "$after" -gt "$before" ] || fail "$iso: the second statement scored with version $after, not the one committed before it"
    else
        [ "$after" = "$before" ] || fail "$iso: the transaction's snapshot saw version $before, then $after"
    fi
    echo "$iso: versions $before then $after"
done

# the first score of a new connection after a fit (one fetch of the image),
# with the library already loaded by an earlier call, and with the load
first() {
    psql -X -At "$@" -c '\timing on' -c "SELECT screen_score('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL)" \
        | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
q -c "SELECT version FROM screen_fit('decl')" >/dev/null
echo "first score of a new connection after a fit: $(first -c "SELECT screen_key('x')") ms (library loaded before), $(first) ms (library load included)"

#!/bin/bash
# test/integration/upgrade_binary.sh: an upgrade as a DBA lives it.  For each
# released version, the server runs that version's own library (built from
# the commit that froze its install script), the extension is created and
# indexes are built with it; then the current library is installed over it
# (the package upgrade), the server restarts and ALTER EXTENSION UPDATE runs.
# Every index must then answer as a seq scan does, and amcheck must find the
# b-trees consistent with the current comparison functions.  upgrade.sh runs
# the released SQL with the current library, so it cannot see keys that a
# released library computed differently (counterparty-name keys changed in
# 0.3.0); this test can.
#   bash test/integration/upgrade_binary.sh            every released version
#   TS_UPGRADE_FROM=0.2.0 bash test/integration/upgrade_binary.sh
source "$(dirname "$0")/../../scripts/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
cd "$TS_ROOT"

if [ -z "${TS_UPGRADE_FROM:-}" ]; then
    status=0 n=0
    for v in $(awk '$1 !~ /--/ {print $1}' upgrade/RELEASED); do
        rc=0
        TS_UPGRADE_FROM=$v bash "$0" || rc=$?
        [ $rc -eq 77 ] && exit 77
        [ $rc -eq 0 ] || status=1
        n=$((n + 1))
    done
    [ $n -ge 2 ] || { echo "FAIL: fewer than two released versions in upgrade/RELEASED"; status=1; }
    exit $status
fi

released=$TS_UPGRADE_FROM
current=$(sed -n "s/^default_version = '\([^']*\)'$/\1/p" trade_screen.control)
status=0
fail() { echo "FAIL: $*"; status=1; }

# The commit that froze the released install script holds that version's C code.
# A shallow clone lacks it (and would name its own root commit as the one that
# added every file): fetch the history if the remote gives it, else skip (77),
# which scripts/test.sh reports as skipped, never as passed.
if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    git fetch --quiet --unshallow 2>/dev/null || true
    if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
        echo "SKIP: a shallow clone without the history of released versions (git fetch --unshallow failed)"
        exit 77
    fi
fi
commit=$(git log --diff-filter=A --format=%H -- "trade_screen--$released.sql" | tail -n 1)
[ -n "$commit" ] || { echo "FAIL: no commit adds trade_screen--$released.sql (a shallow clone? this test needs the history)"; exit 1; }

work=$(mktemp -d /tmp/ts_upgrade_binary.XXXXXX)
chmod 755 "$work"
cleanup() { stop_cluster; rm -rf "$work"; }
trap cleanup EXIT

# A private server tree of our own: the released library is installed into it
# first, then the current one over it, as a package upgrade would.
export TS_PGTREE=$work/tree
private_tree >/dev/null 2>&1
mkdir -p "$work/old"
git archive "$commit" | tar -x -C "$work/old"
# the released tree finds ../shared as the current one does
[ -e "$TS_ROOT/../shared" ] && ln -s "$(cd "$TS_ROOT/../shared" && pwd)" "$work/shared"
make -C "$work/old" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" all > "$work/old-build.log" 2>&1 \
    && make -C "$work/old" -s PG_CONFIG="$PG_CONFIG" install > /dev/null 2>&1 \
    || { cat "$work/old-build.log"; echo "FAIL: could not build $released from $commit"; exit 1; }

start_cluster >/dev/null 2>&1
trap cleanup EXIT
q() { tpsql -At "$@"; }
q -c "CREATE EXTENSION amcheck" -c "CREATE EXTENSION trade_screen VERSION '$released'"

q -f "$here/lib/upgrade_decl.sql"

# Firm names with every kind of name index, where the released version has them.
has_names=$(q -c "SELECT count(*) FROM pg_opclass WHERE opcname = 'gin_name_ops'")
if [ "$has_names" = 1 ]; then
    q <<'SQL'
CREATE TABLE firms (id int PRIMARY KEY, name text, names text[],
                    stored_key text GENERATED ALWAYS AS (name_key(name)) STORED);
INSERT INTO firms (id, name, names)
SELECT i, n, ARRAY[n, upper(n)]
  FROM (SELECT i, (ARRAY['Kostanay', 'Astyk', 'Leader', 'International', 'Trading', 'Bishkek', 'Impex', 'Almaty',
                         'Machine', 'Building', 'Plant', 'Global', 'Energy', 'Group', 'Holding', 'Ala-Too', 'Transit',
                         'Shymkent', 'Tekhnoimport', 'Altyn', 'Trade', '(Hong Kong)', 'Third', '3rd', 'Investments'])[1 + i % 25]
                || ' ' || (ARRAY['Astyk', 'Trading', 'Impex', 'Plant', 'Holding', 'Transit', 'Tekhnoimport', 'Trade',
                                 'Energy', 'Building', 'Group', 'International'])[1 + i / 25 % 12]
                || (ARRAY['', ' LLP', ' L.L.P.', ' Ltd', ' JSC', ' ТОО', ' LLC', ' Co., Ltd.', ' (Hong Kong)'])[1 + i / 300 % 9] AS n
          FROM generate_series(1, 2700) i) g
UNION ALL
SELECT 10000 + i, n, ARRAY[n] FROM unnest(ARRAY['ТОО «Костанай Астык»', 'KOSTANAY ASTYK L.L.P.', 'Kostanay Astyk',
       'Третий машиностроительный завод', 'Third Machine Building Plant', 'Leader (Hong Kong) International Trading Ltd',
       'ОсОО «Бишкек Импэкс»', 'Алматинский завод тяжелого машиностроения', 'Global Energy Holding Group']) WITH ORDINALITY u(n, i);
CREATE MATERIALIZED VIEW firm_keys AS SELECT id, name_key(name) AS k FROM firms;
CREATE INDEX firms_name_gin ON firms USING gin (name gin_name_ops);
CREATE INDEX firms_names_gin ON firms USING gin (names gin_name_array_ops);
CREATE INDEX firms_name_key ON firms (name_key(name));
SQL
fi

# The package upgrade: the current library over the released one, a restart,
# then the extension's update.
make -C "$TS_ROOT" -s PG_CONFIG="$PG_CONFIG" install > /dev/null 2>&1 || { echo "FAIL: could not install the current build"; exit 1; }
as_owner "$PGBIN/pg_ctl" -D "$TS_CLUSTER/data" -w -m fast restart -l "$TS_CLUSTER/server.log" \
    -o "-k $TS_CLUSTER -p $PGPORT -c listen_addresses= -c fsync=off" > /dev/null
tpsql -c "ALTER EXTENSION trade_screen UPDATE" 2> "$work/update.err" || { cat "$work/update.err"; fail "ALTER EXTENSION UPDATE failed"; }
got=$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'")
[ "$got" = "$current" ] || fail "after the update the version is $got, not $current"

# one answer per query whatever the plan
answer() {  # answer MODE WHERE-CLAUSE TABLE
    q <<SQL
SET enable_seqscan = $([ "$1" = seq ] && echo on || echo off);
SET enable_indexscan = $([ "$1" = seq ] && echo off || echo on);
SET enable_bitmapscan = $([ "$1" = seq ] && echo off || echo on);
SET enable_indexonlyscan = $([ "$1" = seq ] && echo off || echo on);
SELECT count(*) || ' ' || coalesce(md5(string_agg(id::text, ',' ORDER BY id)), '-') FROM $3 WHERE $2;
SQL
}
checked=0
compare() {  # compare TABLE WHERE-CLAUSE
    local s i
    s=$(answer seq "$2" "$1") i=$(answer idx "$2" "$1")
    checked=$((checked + 1))
    [ "$s" = "$i" ] || fail "$1 WHERE $2: seq scan $s, index $i"
}
for w in "codes @> '0201'::hscode" "hs <@ '8542'" "hs <@ '85'" "hs @> '854231'" "hs = '010001'" "hs <@ '{84,85,!8542,854231}'::hsset" \
         "origin = 'KZ'::country" "route @> 'KZ>RU'::route" "route = 'DE>KZ>RU'::route" "route < 'DE>KZ'::route"; do
    compare decl "$w"
done
for idx in decl_pkey decl_hs_btree decl_origin_btree decl_route_btree; do
    q -c "SELECT bt_index_check('$idx', true)" > /dev/null 2>&1 || fail "amcheck: $idx"
done
if [ "$has_names" = 1 ]; then
    for probe in 'Kostanay Astyk LLP' 'ТОО «Костанай Астык»' 'Leader International Trading Ltd' \
                 'Bishkek Impex' 'Almaty Machine Building Plant JSC' 'Global Energy Group Holding' \
                 'Третий Машиностроительный Завод' 'Ala-Too Transit' 'Shymkent Tekhnoimport' 'Altyn Trade' \
                 'Leader (Hong Kong) Trading' 'Third Plant' '3rd Plant' 'Investments Group'; do
        compare firms "name %% \$p\$$probe\$p\$"
        compare firms "names %% \$p\$$probe\$p\$"
        compare firms "name_key(name) = name_key(\$p\$$probe\$p\$)"
    done
    q -c "SELECT bt_index_check('firms_name_key', true)" > /dev/null 2>&1 || fail "amcheck: firms_name_key"
    # what the update cannot recompute, it names
    grep -q 'WARNING:  a generated column of firms stores values of counterparty-name functions' "$work/update.err" \
        || fail "the update did not warn of firms' generated column"
    grep -q 'WARNING:  the materialized view firm_keys stores values' "$work/update.err" \
        || fail "the update did not warn of the materialized view firm_keys"
    [ "$(q -c "SELECT count(*) FROM firms WHERE name %% 'Kostanay Astyk LLP'")" -ge 3 ] \
        || fail "the name probes match too little to test the indexes"
fi

[ $status -eq 0 ] && echo "upgrade $released -> $current with $released's own library first ($commit): $checked queries answer alike by seq scan and index after the update, b-trees pass amcheck"
exit $status

#!/bin/bash
# Upgrades that work, from every released version (upgrade/RELEASED) to the
# current one: run without TS_UPGRADE_FROM, the script runs itself once per
# released version, each in its own throwaway cluster, and fails if any fails.
# For one released version V (TS_UPGRADE_FROM=V):
#  1. install the released V and store data in every type (hscode,
#     hsset, country, route) under every index kind (btree, hash, GiST, GIN);
#  2. record every answer with a seq scan and with each index;
#  3. pg_dump -Fc the V database;
#  4. ALTER EXTENSION trade_screen UPDATE: the version is the control file's,
#     the catalog equals a fresh install's (test/integration/lib/
#     extension_catalog.sql: every object, definition, comment and member),
#     the shipped reference rows equal a fresh install's, every stored value
#     and every index answer is unchanged, and amcheck finds the btrees sound;
#  5. pg_restore the V dump into a server whose default is the new
#     version: same values, same answers.
# Exits non-zero on any difference, printing it.
source "$(dirname "$0")/../../scripts/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${TS_UPGRADE_FROM:-}" ]; then
    status=0 n=0
    for v in $(awk '$1 !~ /--/ {print $1}' "$TS_ROOT/upgrade/RELEASED"); do
        TS_UPGRADE_FROM=$v bash "$0" || status=1
        n=$((n + 1))
    done
    [ $n -ge 2 ] || { echo "FAIL: fewer than two released versions in upgrade/RELEASED"; status=1; }
    exit $status
fi
start_cluster >/dev/null 2>&1
work=$TS_CLUSTER/upgrade
mkdir -p "$work"
q() { tpsql -At "$@"; }
current=$(sed -n "s/^default_version = '\([^']*\)'$/\1/p" "$TS_ROOT/trade_screen.control")
released=$TS_UPGRADE_FROM
status=0
fail() { echo "FAIL: $*"; status=1; }

q -c "CREATE DATABASE up" -c "CREATE DATABASE fresh" -c "CREATE DATABASE restored"
q -d up -c "CREATE EXTENSION amcheck" -c "CREATE EXTENSION trade_screen VERSION '$released'"
[ "$(q -d up -c "SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'")" = "$released" ] \
    || fail "could not install $released"

q -d up -f "$here/lib/upgrade_decl.sql"

# answers DB: every stored value, then each query with a seq scan and with
# every index that can answer it
answers() {
    local db=$1
    q -d "$db" -c "SELECT 'values', md5(string_agg(concat_ws('|', id, hs, codes, origin, route), ',' ORDER BY id)) FROM decl"
    local query
    while IFS= read -r query; do
        [ -n "$query" ] || continue
        for mode in seq btree hash gist gin; do
            q -d "$db" <<SQL
SET enable_seqscan = $([ $mode = seq ] && echo on || echo off);
SET enable_indexscan = $([ $mode = seq ] && echo off || echo on);
SET enable_bitmapscan = $([ $mode = seq ] && echo off || echo on);
SET enable_indexonlyscan = $([ $mode = seq ] && echo off || echo on);
SELECT \$q\$$query\$q\$, count(*), md5(string_agg(id::text, ',' ORDER BY id)) FROM decl WHERE $query;
SQL
        done
    done <<'QUERIES'
hs <@ '8542'
hs <@ '85'
hs @> '854231'
hs = '010001'
hs <@ '{84,85,!8542,854231}'::hsset
hs IS NULL
codes @> '0201'::hscode
origin = 'KZ'::country
origin IS NULL
route @> 'KZ'::country
route @> 'KZ>RU'::route
route ?| ARRAY['KG','AM']::country[]
route = 'DE>KZ>RU'::route
QUERIES
}

answers up > "$work/before"
# each query gives one answer whatever the plan
awk -F'|' '$1 != "values" { print $1 "|" $2 "|" $3 }' "$work/before" | sort -u | awk -F'|' '{n[$1]++} END {for (k in n) if (n[k] != 1) {print "plans disagree on: " k; bad = 1} exit bad}' \
    || fail "index answers differ from the seq scan before the upgrade"
[ "$(wc -l < "$work/before")" -gt 60 ] || fail "too few answers recorded"

"$PGBIN/pg_dump" -Fc -d up -f "$work/up.dump"

q -d up -c "ALTER EXTENSION trade_screen UPDATE"
got=$(q -d up -c "SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'")
[ "$got" = "$current" ] || fail "after ALTER EXTENSION UPDATE the version is $got, not $current"

answers up > "$work/after"
diff "$work/before" "$work/after" > "$work/answers.diff" \
    || { fail "stored values or index answers changed by the upgrade:"; cat "$work/answers.diff"; }
for idx in decl_pkey decl_hs_btree decl_origin_btree decl_route_btree; do
    q -d up -c "SELECT bt_index_check('$idx', true)" >/dev/null || fail "amcheck: $idx"
done

# the upgraded catalog equals a fresh install of the current version
q -d fresh -c "CREATE EXTENSION trade_screen"
q -d up -f "$here/lib/extension_catalog.psql" > "$work/catalog.up"
q -d fresh -f "$here/lib/extension_catalog.psql" > "$work/catalog.fresh"
[ "$(wc -l < "$work/catalog.fresh")" -gt 200 ] || fail "the catalog listing is suspiciously short"
diff "$work/catalog.fresh" "$work/catalog.up" > "$work/catalog.diff" \
    || { fail "the upgraded catalog differs from a fresh install (< fresh, > upgraded):"; cat "$work/catalog.diff"; }

# shipped reference rows: the same after an upgrade as in a fresh install
shipped() {
    local t
    # (tables only: the sequences of config tables have no rows to compare)
    for t in $(q -d "$1" -c "SELECT c::regclass FROM pg_extension x, unnest(x.extconfig) c JOIN pg_class k ON k.oid = c WHERE x.extname = 'trade_screen' AND k.relkind = 'r' ORDER BY c::regclass::text"); do
        q -d "$1" -c "SELECT '$t', count(*), md5(string_agg(r::text, E'\n' ORDER BY r::text COLLATE \"C\")) FROM $t r"
    done
}
diff <(shipped fresh) <(shipped up) > "$work/shipped.diff" \
    || { fail "reference rows differ between the upgraded and a fresh install:"; cat "$work/shipped.diff"; }

# a dump of the released version restores into the current version with every value and answer
q -d restored -c "CREATE EXTENSION amcheck"
pg_restore -d restored "$work/up.dump" 2> "$work/restore.err" || true
grep -v 'extension "amcheck" already exists\|errors ignored on restore\|^pg_restore: error: could not execute query\|CREATE EXTENSION IF NOT EXISTS amcheck\|Command was: ' "$work/restore.err" \
    | grep . && fail "pg_restore reported errors"
got=$(q -d restored -c "SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'")
[ "$got" = "$current" ] || fail "the restored database has version $got, not $current"
answers restored > "$work/restored"
diff "$work/before" "$work/restored" > "$work/restored.diff" \
    || { fail "values or answers differ after restoring the $released dump into $current:"; cat "$work/restored.diff"; }

[ $status -eq 0 ] && echo "upgrade $released -> $current: catalog equals a fresh install ($(wc -l < "$work/catalog.up") lines), $(grep -vc '^values' "$work/after") answers and every value unchanged, dump restored"
exit $status

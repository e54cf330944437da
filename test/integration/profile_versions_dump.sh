#!/bin/bash
# Profile versions survive pg_dump -Fc / pg_restore and ALTER EXTENSION
# UPDATE: the restore makes no version of its own (0.2.0 added one per
# profile for every table restored), every kept version comes back with the
# same image, pins included, and 'name@N' scores the same in the restored
# database as in the source.  A 0.2.0 database updated to this version gets
# each profile's current version kept, scoring as before the update.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
q() { tpsql -At "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
q -c "CREATE DATABASE src" -c "CREATE DATABASE dst"
q -d src -f "$(dirname "$0")/lib/scoring_dump_source.sql" >/dev/null
q -d src >/dev/null <<'SQL'
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '010121', '1', '2020-01-01');
INSERT INTO watchlist_tiers (list, tier, tier_order, definition) VALUES ('CHPL', 'ours', 9, 'our tier');
INSERT INTO listed_parties (list, party_id, name) VALUES ('ours', 'x-1', 'Exporter 7'), ('ours', 'x-2', 'Zeta Trading LLP');
SELECT screen_profile_pin('default', 2);
SQL

versions() {
    q -d "$1" -c "SELECT 'current', string_agg(profile || '@' || version, ',' ORDER BY profile) FROM screen_profiles" \
              -c "SELECT 'kept', string_agg(profile || '@' || version || ':' || made_by || ':' || pinned || ':' || image_hash, ',' ORDER BY profile, version) FROM screen_profile_versions"
}
scores() {
    q -d "$1" -c "SELECT r, md5(string_agg(round((s).score::numeric, 9) || (s).level || (s).reasons::text || (s).profile_version, ',' ORDER BY g))
                    FROM (SELECT profile || '@' || version AS r FROM screen_profile_versions) v, generate_series(0, 600, 7) g,
                         LATERAL (SELECT screen_declaration(d.hs, d.route || 'RS'::country || 'RU'::country, d.origin, d.decl_date + 400,
                                                            d.value_usd::float8 * (1 + g % 3), d.quantity::float8, d.unit,
                                                            CASE WHEN g % 2 = 0 THEN 'Zeta Trading L.L.P.' ELSE d.exporter END, v.r) AS s
                                    FROM decl d OFFSET g LIMIT 1) x
                   GROUP BY r ORDER BY r"
}
a=$(versions src); sa=$(scores src)
echo "$a" | head -c 400; echo
"$PGBIN/pg_dump" -Fc -d src -f "$TS_CLUSTER/dump"
"$PGBIN/pg_restore" -d dst "$TS_CLUSTER/dump" || fail "pg_restore failed"
b=$(versions dst); sb=$(scores dst)
[ "$a" = "$b" ] || { diff <(echo "$a" | tr ',' '\n') <(echo "$b" | tr ',' '\n'); fail "the restore changed the versions"; }
[ "$sa" = "$sb" ] || { diff <(echo "$sa") <(echo "$sb"); fail "a kept version scores otherwise after the restore"; }
[ "$(echo "$sa" | wc -l)" -ge 4 ] || fail "too few kept versions to compare: $sa"
echo "restore: versions, images, pins and scores of every kept version are the same"

# ALTER EXTENSION UPDATE from the last release keeps each profile's current version
q -c "CREATE DATABASE old"
q -d old >/dev/null <<'SQL'
CREATE EXTENSION trade_screen VERSION '0.2.0';
CREATE TABLE decl AS
SELECT date '2021-01-04' + 3 * i AS decl_date,
       (ARRAY['847130', '851713', '845011'])[1 + i % 3]::hscode AS hs,
       (ARRAY['DE', 'CN', 'KZ'])[1 + i % 3]::country AS origin,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU'])[1 + i % 3]::route AS route,
       (100 + i % 17) * 10.0 AS value_usd, 10::numeric AS quantity, 'u'::text AS unit, 'Exporter ' || (i % 23) AS exporter
  FROM generate_series(0, 300) i;
SELECT screen_fit('decl');
SQL
# (the update's own changes of shipped inputs, such as the restrictions it
# ships, make versions of their own: 0.3.0 scores otherwise than 0.2.0)
q -d old -c "ALTER EXTENSION trade_screen UPDATE" >/dev/null || fail "update failed"
before=$(q -d old -c "SELECT version FROM screen_profiles WHERE profile = 'default'")
kept=$(q -d old -c "SELECT version || ':' || made_by FROM screen_profile_versions WHERE profile = 'default'")
[ "$kept" = "$before:upgrade" ] || fail "after the update the kept version is '$kept', not '$before:upgrade'"
same=$(q -d old -c "SELECT count(*) FILTER (WHERE screen_score(d.hs, d.route, d.origin, d.decl_date + 500, d.value_usd::float8, d.quantity::float8, d.unit, d.exporter)
                                          = screen_score(d.hs, d.route, d.origin, d.decl_date + 500, d.value_usd::float8, d.quantity::float8, d.unit, d.exporter, 'default@$before'))
                      = count(*) FROM decl d")
[ "$same" = "t" ] || fail "default@$before scores otherwise than default after the update"
# and a dump of the updated database restores without new versions
q -c "CREATE DATABASE old2"
"$PGBIN/pg_dump" -Fc -d old -f "$TS_CLUSTER/dump2"
"$PGBIN/pg_restore" -d old2 "$TS_CLUSTER/dump2" || fail "pg_restore of the updated database failed"
[ "$(versions old)" = "$(versions old2)" ] || fail "the restore of the updated database changed the versions"
echo "update: the current version of each 0.2.0 profile is kept, scores as the profile does, and survives a restore"

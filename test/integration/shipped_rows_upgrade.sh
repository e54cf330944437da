#!/bin/bash
# ALTER EXTENSION trade_screen UPDATE from 0.1.0 replaces shipped reference
# rows without touching users' rows: upgrade/0.1.0--0.2.0/18_shipped_data_fixes.sql
# corrects two shipped section titles.  In a database whose user left them
# alone they become the corrected shipped rows, and every reference table's
# shipped rows equal a fresh 0.2.0 install's; in a database whose user
# replaced section I by a row of their own and edited section VII in place
# (as 0.1.0 allowed), both stay as the user wrote them, become user rows,
# and survive pg_dump -Fc / pg_restore into 0.2.0.  Runs against the
# cluster of scripts/test.sh; exits 0 on success.  0.2.0 is released, so the
# upgrade and the fresh install name it (the current version is later).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
for db in ts_up_fresh ts_up_plain ts_up_edited ts_up_restored; do
    psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
fail() { echo "FAIL: $*"; exit 1; }

q -d ts_up_fresh -c "CREATE EXTENSION trade_screen VERSION '0.2.0'"
q -d ts_up_plain -c "CREATE EXTENSION trade_screen VERSION '0.1.0'" \
  -c "INSERT INTO hs_nomenclature (edition, code, description) VALUES ('MINE', '85', 'mine')"
q -d ts_up_edited <<'SQL'
CREATE EXTENSION trade_screen VERSION '0.1.0';
DELETE FROM hs_sections WHERE section = 'I';
INSERT INTO hs_sections (section, name) VALUES ('I', 'Animals (our title)');
UPDATE hs_sections SET name = 'Plastics; rubber (edited in place)' WHERE section = 'VII';
SQL
for db in ts_up_plain ts_up_edited; do
    [ "$(q -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'")" = 0.1.0 ] \
        || fail "$db did not start at 0.1.0"
    q -d $db -c "ALTER EXTENSION trade_screen UPDATE TO '0.2.0'"
    [ "$(q -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'")" = 0.2.0 ] \
        || fail "$db was not upgraded"
done

# shipped rows of every reference table, as a digest per table
shipped() {
    q -d "$1" <<'SQL'
SELECT 'sections', md5(string_agg(section || '=' || name, ',' ORDER BY section)) FROM hs_sections WHERE shipped;
SELECT 'nomenclature', md5(string_agg(edition || code || description, ',' ORDER BY edition, code)) FROM hs_nomenclature WHERE shipped;
SELECT 'tiers', md5(string_agg(list || tier || definition, ',' ORDER BY list, tier)) FROM watchlist_tiers WHERE shipped;
SELECT 'lists', md5(string_agg(list || code || valid_from, ',' ORDER BY list, code, valid_from)) FROM watchlists WHERE shipped;
SQL
}
[ "$(shipped ts_up_plain)" = "$(shipped ts_up_fresh)" ] || fail "upgraded shipped rows differ from a fresh 0.2.0 install"
sections="SELECT section || '|' || name || '|' || shipped FROM hs_sections WHERE section IN ('I', 'VII') ORDER BY section"
got=$(q -d ts_up_plain -c "$sections")
[ "$got" = $'I|Live animals; animal products|true\nVII|Plastics and articles thereof; rubber and articles thereof|true' ] \
    || fail "untouched database: sections not corrected: $got"
[ "$(q -d ts_up_plain -c "SELECT description FROM hs_nomenclature WHERE edition = 'MINE'")" = mine ] \
    || fail "a user row was lost by the upgrade"

want=$'I|Animals (our title)|false\nVII|Plastics; rubber (edited in place)|false'
got=$(q -d ts_up_edited -c "$sections")
[ "$got" = "$want" ] || fail "edited database: the user's sections were overwritten: $got"
edits=$(q -d ts_up_edited -c "SELECT string_agg(key->>'section', ',' ORDER BY key->>'section') FROM shipped_row_edits WHERE table_name = 'hs_sections'")
[ "$edits" = "I,VII" ] || fail "edited database: recorded keys are '$edits'"

pg_dump -Fc -d ts_up_edited -f "$tmp/dump"
pg_restore -d ts_up_restored "$tmp/dump"
got=$(q -d ts_up_restored -c "$sections")
[ "$got" = "$want" ] || fail "restored database: the user's sections are lost: $got"
[ "$(q -d ts_up_restored -c "SELECT count(*) FROM hs_sections")" = 21 ] || fail "restored database: sections duplicated or missing"
echo "upgrade corrected shipped rows, kept the user's, and a dump of the result restores them"

#!/bin/bash
# Nothing a user writes to the reference tables is lost by pg_dump -Fc and
# pg_restore (nor by a plain dump): every kind of edit of shipped rows
# (close a CHPL row with valid_to, delete one, fix a description, insert a
# row claiming shipped = true, replace a shipped key, rename a key, edit
# then delete, TRUNCATE) and users' own rows come back exactly, and the
# shipped rows the user did not touch come back as shipped.  The restore is
# also run with the data sections in reverse order, as the result must not
# depend on it.  Runs against the cluster of scripts/test.sh; exits 0 on
# success.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
for db in ts_ship_src ts_ship_custom ts_ship_reversed ts_ship_plain; do
    psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done

q -d ts_ship_src <<'SQL'
CREATE SCHEMA screening;
CREATE EXTENSION trade_screen SCHEMA screening;
SET search_path = screening;
-- close a CHPL row with valid_to and add its successor, as README advises
UPDATE watchlists SET valid_to = '2024-06-01' WHERE list = 'CHPL' AND code = '854231';
INSERT INTO watchlists (list, code, tier, valid_from, note)
VALUES ('CHPL', '854231', '1', '2024-06-01', 'successor row');
-- delete a CHPL row
DELETE FROM watchlists WHERE list = 'CHPL' AND code = '854232';
-- fix a description
UPDATE hs_nomenclature SET description = 'Horses, asses, mules and hinnies; live (corrected)'
 WHERE edition = 'HS2022' AND code = '0101';
-- insert a row claiming shipped = true, new key and a shipped key
INSERT INTO hs_nomenclature (edition, code, description, shipped) VALUES ('TNVED2022', '8542310000', 'Процессоры', true);
INSERT INTO hs_sections (section, name, shipped) VALUES ('II', 'Vegetable products (our wording)', true);
-- rename the key of a shipped row
UPDATE watchlist_tiers SET tier = '4B*' WHERE list = 'CHPL' AND tier = '4B';
-- edit a shipped row, then delete the user's row it became
UPDATE hs_nomenclature SET description = 'soon gone' WHERE edition = 'HS2017' AND code = '99';
DELETE FROM hs_nomenclature WHERE edition = 'HS2017' AND code = '99';
-- a user's list of their own
INSERT INTO watchlist_tiers (list, tier, tier_order, definition) VALUES ('chips', 'A', 1, 'Chips.');
INSERT INTO watchlists (list, code, excluded, tier, valid_from) VALUES ('chips', '8542', false, 'A', '2024-01-01');
SQL
# TRUNCATE a reference table and keep one row of one's own (superuser: TRUNCATE)
q -d ts_ship_src -c "TRUNCATE screening.hs_sections" \
  -c "INSERT INTO screening.hs_sections (section, name) VALUES ('XVI', 'Machinery (ours)')"

# the whole content of every reference table, and what the functions answer
state() {
    q -d "$1" <<'SQL'
SET search_path = screening;
SELECT 'tiers', list, tier, tier_order, md5(definition), shipped FROM watchlist_tiers ORDER BY 2, 3;
SELECT 'lists', list, code, excluded, tier, valid_from, valid_to, md5(coalesce(note, '-')), shipped
  FROM watchlists ORDER BY 2, 3, 6;
SELECT 'sections', section, name, shipped FROM hs_sections ORDER BY 2;
SELECT 'nomenclature', edition, count(*), count(*) FILTER (WHERE shipped),
       md5(string_agg(code || description || shipped, ',' ORDER BY code))
  FROM hs_nomenclature GROUP BY edition ORDER BY 2;
SELECT 'edits', table_name, key FROM shipped_row_edits ORDER BY table_name, key::text;
SELECT 'chpl', watchlist('CHPL', NULL, '2024-03-01'), watchlist('CHPL', NULL, '2024-07-01'),
       hs_describe('0101'), hs_describe('99', 'HS2017') IS NULL, hs_section_name('II');
SQL
}

pg_dump -Fc -d ts_ship_src -f "$tmp/dump.custom"
pg_restore -d ts_ship_custom "$tmp/dump.custom"
# the same dump, data sections restored in reverse order
pg_restore -l "$tmp/dump.custom" > "$tmp/list"
{ grep -v 'TABLE DATA' "$tmp/list"; grep 'TABLE DATA' "$tmp/list" | tac; } > "$tmp/list.reversed"
pg_restore -d ts_ship_reversed -L "$tmp/list.reversed" "$tmp/dump.custom"
pg_dump -Fp -d ts_ship_src -f "$tmp/dump.sql"
q -d ts_ship_plain -f "$tmp/dump.sql" >/dev/null

want=$(state ts_ship_src)
# the edits themselves are as the user made them
for expect in 'lists|CHPL|854231|f|1|2024-02-23|2024-06-01|' 'lists|CHPL|854231|f|1|2024-06-01||' \
              'sections|XVI|Machinery (ours)|f' 'tiers|CHPL|4B\*|6|' \
              'nomenclature|TNVED2022|1|0|' 'edits|watchlists|{"code": "854232"' \
              'edits|hs_nomenclature|{"code": "99", "edition": "HS2017"}' \
              'chpl|{845710,.*|Horses, asses, mules and hinnies; live (corrected)|t|'; do
    grep -q -- "^$expect" <<<"$want" || { echo "source database lacks $expect:"; echo "$want"; exit 1; }
done
grep -q '^lists|CHPL|854232' <<<"$want" && { echo "deleted CHPL row still there"; exit 1; }
status=0
for db in ts_ship_custom ts_ship_reversed ts_ship_plain; do
    got=$(state $db)
    if [ "$got" = "$want" ]; then
        echo "$db: every reference row and edit restored"
    else
        echo "$db differs from the source:"
        diff <(echo "$want") <(echo "$got") || true
        status=1
    fi
done
exit $status

#!/bin/bash
# The sample data generator is deterministic (same rows and seed give the
# same data, another seed other data), realistic in shape, plants its
# suspicious shipments, and the main-job report runs on it and flags every
# planted CHPL shipment.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
digest="SELECT md5(string_agg(concat_ws('|', decl_id, decl_date, hs, route, exporter, importer, value_usd, planted), ',' ORDER BY decl_id)) FROM sample.declarations"

for db in ts_sample_a ts_sample_b ts_sample_c; do
    psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    q -d $db -c "CREATE EXTENSION trade_screen"
done
q -d ts_sample_a -v rows=5000 -v seed=7 -f demo/generate.sql
q -d ts_sample_b -v rows=5000 -v seed=7 -f demo/generate.sql
q -d ts_sample_c -v rows=5000 -v seed=8 -f demo/generate.sql
a=$(q -d ts_sample_a -c "$digest"); b=$(q -d ts_sample_b -c "$digest"); c=$(q -d ts_sample_c -c "$digest")
[ "$a" = "$b" ] || { echo "same seed, different data"; exit 1; }
[ "$a" != "$c" ] || { echo "another seed, same data"; exit 1; }
echo "deterministic: $a"

shape=$(q -d ts_sample_a -c "
SELECT count(*) BETWEEN 4900 AND 5200,
       count(planted) = 75,
       count(DISTINCT planted) = 6,
       min(decl_date) >= date '2021-01-01' AND max(decl_date) <= date '2023-12-31',
       bool_and(hs_ndigits(hs) = 10),
       bool_and(split_part(route, '>', 1) = origin),
       bool_and(reverse(split_part(reverse(route), '>', 1)) = destination),
       count(*) FILTER (WHERE hs <@ '84' OR hs <@ '85') > count(*) / 5,
       count(*) FILTER (WHERE importer ~ '[А-Яа-я]') > 0 AND count(*) FILTER (WHERE exporter ~ '^[A-Za-z]') > 0,
       bool_and(planted IS NULL OR (destination = 'RU' AND decl_date >= date '2022-03-01'))
  FROM sample.declarations")
[ "$shape" = "t|t|t|t|t|t|t|t|t|t" ] || { echo "unexpected shape: $shape"; exit 1; }
echo "shape as designed"

report=$(q -d ts_sample_a -f demo/report.sql)
grep -q '^== Flagged: CHPL goods' <<<"$report" || { echo "no flagged section in the report"; exit 1; }
# every planted CHPL scheme is flagged in full: the score section has one
# "scheme|declarations|flagged" row per planted scheme, and for the CHPL
# schemes (eu_*, us_*) flagged equals declarations
expected=$(q -d ts_sample_a -c "SELECT string_agg(DISTINCT planted, ' ' ORDER BY planted)
                                   FROM sample.declarations WHERE planted ~ '^(eu|us)_'")
scores=$(awk -F'|' '/^== How the CHPL screen/ {on = 1; next} /^==/ {on = 0} on && NF == 3' <<<"$report")
seen=$(awk -F'|' '$1 ~ /^(eu|us)_/ {print $1}' <<<"$scores" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
[ -n "$expected" ] && [ "$seen" = "$expected" ] \
    || { echo "score rows for \"$seen\", planted CHPL schemes \"$expected\""; exit 1; }
missed=$(awk -F'|' '$1 ~ /^(eu|us)_/ && $2 != $3 {print $1 ": " $3 " of " $2}' <<<"$scores")
[ -z "$missed" ] || { echo "report missed planted rows of: $missed"; exit 1; }
echo "report flags every planted CHPL shipment"

# the whole main job, as scripts/screen.sh runs it: every load step, then
# every report, on one database, without an error
for f in demo/load_*.sql; do q -d ts_sample_a -f "$f" > /dev/null; done
for f in demo/report.sql demo/report_*.sql; do q -d ts_sample_a -f "$f" > /dev/null; done
echo "every load and report of the main job runs"

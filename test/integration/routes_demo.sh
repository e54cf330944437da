#!/bin/bash
# The main job with routes: demo/load_routes.sql turns the sample
# declarations' countries and routes into country and route (every value
# valid, nothing dropped), then demo/load_scoring.sql fits and scores it and
# demo/report.sql and demo/report_routes.sql run on the converted table.  Needs demo/generate.sql (the sample data
# generator); without it there is nothing to test.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f demo/generate.sql ]; then
    echo "demo/generate.sql not present: skipped"
    exit 0
fi
db=ts_routes_demo
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }
psql -X -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
q -c "CREATE EXTENSION trade_screen"
q -v rows=5000 -v seed=3 -f demo/generate.sql
before=$(q -c "SELECT count(*), md5(string_agg(route || origin || dispatch || destination, ',' ORDER BY decl_id)) FROM sample.declarations")
q -f demo/load_routes.sql
after=$(q -c "SELECT count(*), md5(string_agg(route::text || origin || dispatch || destination, ',' ORDER BY decl_id)) FROM sample.declarations")
[ "$before" = "$after" ] || { echo "values changed by the conversion: $before / $after"; exit 1; }
types=$(q -c "SELECT string_agg(format_type(atttypid, atttypmod), ',' ORDER BY attname)
                FROM pg_attribute WHERE attrelid = 'sample.declarations'::regclass
                 AND attname IN ('origin', 'dispatch', 'destination', 'route')")
[ "$types" = "country,country,country,route" ] || { echo "unexpected types: $types"; exit 1; }
echo "converted: $after"
# origin and destination agree with the route's ends
ends=$(q -c "SELECT bool_and(route_origin(route) = origin AND route_destination(route) = destination) FROM sample.declarations")
[ "$ends" = t ] || { echo "route ends differ from origin/destination"; exit 1; }
q -f demo/load_scoring.sql > /dev/null
q -f demo/report.sql > /dev/null
out=$(q -f demo/report_routes.sql)
grep -q 'through a hub' <<<"$out"
grep -q 'KZ>RU' <<<"$out"
echo "reports ran on the converted table"
psql -X -q -c "DROP DATABASE $db"

#!/bin/bash
# Memory stays flat over many calls of every user-callable function of the
# extension: 200,000 each in the test command, a million with
# TS_MEMORY_CALLS=1000000 (the release run; SQL functions get at most a
# hundred thousand).  Each function runs in a fresh backend: a warm-up of 10,000
# calls fills the caches (ICU transliterators, the country-name table), then
# the backend's peak resident size (VmHWM) and resident size (VmRSS) are
# read from /proc before and after the million calls.  A leak into the
# query's memory raises the peak, a leak into longer-lived memory or malloc
# the resident size; any palloc leak per call of 24 bytes or more (the
# smallest chunk with its header) moves one of them by 24 bytes per call,
# so the bound is the query's tuplestore (4 MB) plus 12 bytes per call.  Runs against the cluster of scripts/test.sh (as a
# superuser: pg_read_file of /proc/self/status); exits 0 on success.
set -uo pipefail
db=ts_memory_flat
N=${TS_MEMORY_CALLS:-200000}
# the query's own tuplestore (work_mem, 4 MB) plus half of a 24-byte leak per call
LIMIT_KB=$((4096 + N * 12 / 1024))
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d $db <<'SQL'
CREATE EXTENSION trade_screen;
CREATE FUNCTION mem_kb(field text) RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT (regexp_match(pg_read_file('/proc/self/status'), field || ':\s+(\d+) kB'))[1]::bigint $$;
-- varied inputs, so no call is answered from a cache of the previous one
CREATE TABLE codes AS
SELECT g, ('85' || lpad((g % 100)::text, 2, '0') || lpad((g % 97)::text, 2, '0'))::hscode AS c,
       (ARRAY['KZ', 'KG', 'AM', 'AE', 'TR', 'DE', 'RU', 'CN', 'GE', 'BY'])[1 + g % 10] AS cc,
       (ARRAY['Kazakhstan', 'Ресей', 'Қазақстан', 'ОАЭ', 'TÜRKIYE', 'Korea, Republic of', 'Narnia', 'Deutschland'])[1 + g % 8] AS name
  FROM generate_series(0, 9999) g;
SQL

# name ;; expression over g (1..N), never a constant the planner folds
#   [;; calls ;; warm-up calls].  JIT is off: compiling a costly query loads
#   LLVM, about 60 MB once per backend, which says nothing of our functions.
#   route_legs returns its rows one per call: as a materialised set it kept
#   450 bytes of query memory per call.
cases=$(cat <<'CASES'
hscode_in_out ;; (('85' || lpad((g % 100)::text, 2, '0'))::hscode)::text
hs_parse ;; hs_parse(lpad((g % 9999)::text, 4, '0') || '.31')
hs_is_valid ;; hs_is_valid(g::text)
hs_format ;; hs_format(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]), (ARRAY['plain', 'hs', 'hts', 'tnved', 'cn'])[1 + g % 5])
hs_ancestors ;; hs_ancestors(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]), g % 2 = 0)
hs_hierarchy_functions ;; (hs_parent(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_chapter(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_heading(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_subheading(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_level(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_section(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_ndigits(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), hs_truncate(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]), 2))::text
hscode_operators ;; (hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]) < '8542') AND (hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]) <@ '85') AND ('85'::hscode @> hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])) AND hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]) = hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])
hscode_hash ;; hscode_hash(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]))::bigint + hscode_hash_extended(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]), g)
hsset_in_out ;; (('{85,!' || (8500 + g % 99) || ',8471}')::hsset)::text
hsset_algebra ;; (hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])) | '{85}' - hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])) & '{84,85}')::text
hsset_membership ;; hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]) <@ ('{85,!' || (8500 + g % 99) || '}')::hsset
hsset_functions ;; (hsset_members(hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]))), hsset_exclusions(hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]))), hsset_lower(hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]))), hsset_upper(hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6]))), hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])) @> '{8542}'::hsset, hsset(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])) = '{85}'::hsset)::text
hsset_from_arrays ;; hsset(ARRAY[hs_chapter(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), '8471'], ARRAY[hs_subtree_max(hs_chapter(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])))])::text
hsset_agg ;; (SELECT hsset_agg(c) FROM (VALUES (hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])), (NULL), ('8471')) v(c))::text
country_in_out ;; ((ARRAY['KZ', 'KAZ', '398', 'de', 'XK'])[1 + g % 5]::country)::text
country_functions ;; (country_alpha3((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country), country_numeric((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country), country_name((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country, 'ru'), country_borders((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country, 'RU'), country_neighbours((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country), country_distance_km((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country, 'KZ'))::text
country_operators ;; (ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country = 'KAZ' AND (ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country <> 'DE' AND (ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country < 'KZ'::country AND country_hash((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country) <> 0
names_icu ;; (normalize_name('Republic of ' || g), country_from_name_or_null((ARRAY['Kazakhstan', 'Ресей', 'Қазақстан', 'ОАЭ', 'TÜRKIYE', 'Korea, Republic of', 'Narnia', 'Deutschland'])[1 + g % 8] || repeat(' ', g % 3)), country_from_name_or_null('x' || g))::text
route_in_out ;; (('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route)::text
route_functions ;; (route_transit(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_countries(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_hops(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_origin(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_destination(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_has_loop(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_length_km(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_detour_ratio(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route))::text
route_operators ;; (('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route @> 'KZ'::country) AND (('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route ?| '{KG,AM}') AND (('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route ?& '{PL,KZ}') AND (('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route @> 'KZ>RU'::route) AND ('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route < 'DE>KZ'::route
route_building ;; ((('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route || (ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country), ((ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country || ('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route), route_join(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route, 'RU>BY'), route_from_countries(ARRAY[(ARRAY['KZ','KG','AM','AE','TR','DE','RU','CN','GE','BY'])[1 + g % 10]::country, 'RU']), ('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route || ('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route)::text
route_legs ;; (SELECT count(*) FROM route_legs(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route))
route_hash ;; route_hash(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route)::bigint + route_hash_extended(('DE>' || (ARRAY['PL','KZ','KG','AM','AE','TR'])[1 + g % 6] || '>KZ>RU')::route, g)
rejected_inputs ;; hs_parse('85x' || g) IS NULL AND NOT hs_is_valid('85.' || g || '.')
hs_describe ;; hs_describe(hs_truncate(hs_subtree_max(lpad((1 + g % 96 + (g % 96 >= 76)::int)::text, 2, '0')::hscode), (ARRAY[2,4,6,8,10,12])[1 + g % 6])) ;; 100000
hs_section_name ;; hs_section_name((ARRAY['I', 'XVI', 'XXI'])[1 + g % 3]) ;; 100000
watchlist ;; watchlist('CHPL', ARRAY[(1 + g % 2)::text])::text ;; 100000
CASES
)

status=0
while read -r line; do
    IFS=$'\x1f' read -r name expr calls warm <<<"${line// ;; /$'\x1f'}"
    calls=${calls:-$N} warm=${warm:-10000}
    [ "$calls" -gt "$N" ] && calls=$N
    out=$(PGOPTIONS="-c jit=off" psql -X -q -v ON_ERROR_STOP=1 -At -d $db <<SQL 2>&1
SELECT count($expr) FROM generate_series(1, $warm) g;
SELECT mem_kb('VmHWM'), mem_kb('VmRSS');
SELECT count($expr) FROM generate_series(1, $calls) g;
SELECT mem_kb('VmHWM'), mem_kb('VmRSS');
SQL
)
    read -r _ h0 r0 _ h1 r1 <<<"$(tr '\n|' '  ' <<<"$out")"
    if ! [[ "$h0$r0$h1$r1" =~ ^[0-9]+$ ]]; then
        echo "FAIL $name: $out"; status=1; continue
    fi
    printf '%-28s %8d calls: peak +%6d kB, resident +%6d kB\n' "$name" "$calls" $((h1 - h0)) $((r1 - r0))
    limit=$LIMIT_KB
    if [ $((h1 - h0)) -gt $limit ] || [ $((r1 - r0)) -gt $limit ]; then
        echo "FAIL $name: memory grew by more than $limit kB"; status=1
    fi
done <<<"$cases"
psql -X -q -c "DROP DATABASE $db"
exit $status

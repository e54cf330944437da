#!/bin/bash
# Shards through postgres_fdw (scripts/shards.sh): a coordinator whose
# partitioned declarations table has its two partitions on two shard
# clusters.  Checks, by reading EXPLAIN (VERBOSE):
#   - the hierarchy operators, <@ hsset with a constant set and with a
#     watchlist() folded to a constant, the route and country operators and
#     the immutable functions of a screening filter are in Remote SQL;
#   - watchlist() itself (STABLE: it reads a table) is not shipped unless
#     folded by a sub-select, and the rows are then filtered locally;
#   - both shards are scanned at once (Async Foreign Scan);
#   - grouped aggregates go to the shards when grouped by the partition key
#     (partitionwise aggregation), and stay local as partial aggregates
#     otherwise (PostgreSQL 15 cannot push partial aggregates down);
# then that every query returns the same rows on the coordinator as on one
# server holding all the generated data, and that the shards hold the same
# watchlists as the coordinator.  Scoring: the profile fitted once over all
# rows and copied to the shards (fit_shards), each shard scoring its rows in
# a view the coordinator reads, with the score filter shipped; every row's
# score and screening composite equal one server's with the same profile.
# doc/shards.md's two captured plans are checked against the plans here.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
private_tree
source scripts/shards.sh
start_shards -c max_worker_processes=4
load_shards 20000 7

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
plan() { spsql coord -At -c "SET enable_partitionwise_aggregate = on" -c "EXPLAIN (VERBOSE, COSTS OFF) $1"; }

# shipped WHERE SQL: the predicate's deparsed form is in both shards' Remote SQL
shipped() {
    local p n
    p=$(plan "SELECT decl_id FROM declarations WHERE $1")
    n=$(grep -c "Remote SQL: .*WHERE .*$(sed 's/[][\.*^$]/\\&/g' <<<"$2")" <<<"$p" || true)
    if [ "$n" -eq 2 ] && ! grep -q '^ *Filter:' <<<"$p"; then
        echo "ok: shipped: $1"
    else
        fail "not shipped to both shards: $1"
        echo "$p"
    fi
}
shipped "hs <@ '8542'" "(hs OPERATOR(public.<@) '8542')"
shipped "hs @> '85423100'" "(hs OPERATOR(public.@>) '85423100')"
shipped "hs <@ '{8542,!854290,8471}'::hsset" "(hs OPERATOR(public.<@) '{8471,8542,!854290}'::public.hsset)"
shipped "hs <@ (SELECT watchlist('CHPL'))" "(hs OPERATOR(public.<@) \$1::public.hsset)"
shipped "hs <@ ANY (ARRAY['8542', '8471']::hscode[])" "(hs OPERATOR(public.<@) ANY ('{8542,8471}'::public.hscode[]))"
shipped "route @> 'KZ'::country" "(route OPERATOR(public.@>) 'KZ'::public.country)"
shipped "'KG'::country <@ route" "('KG'::public.country OPERATOR(public.<@) route)"
shipped "route @> 'KG>RU'::route" "(route OPERATOR(public.@>) 'KG>RU')"
shipped "route ?| '{KZ,KG,AM}'" "(route OPERATOR(public.?|) '{KZ,KG,AM}'::public.country[])"
shipped "route ?& '{KZ,RU}'" "(route OPERATOR(public.?&) '{KZ,RU}'::public.country[])"
shipped "destination IN ('RU', 'BY')" "(destination OPERATOR(public.=) ANY ('{RU,BY}'::public.country[]))"
shipped "route_hops(route) >= 2" "(public.route_hops(route) >= 2)"
shipped "route_origin(route) <> origin" "(public.route_origin(route) OPERATOR(public.<>) origin)"
shipped "hs_chapter(hs) = '85'" "(public.hs_chapter(hs) OPERATOR(public.=) '85'::public.hscode)"
shipped "route_detour_ratio(route) > 1.5" "(public.route_detour_ratio(route) > 1.5::double precision)"
shipped "country_borders(dispatch, destination)" "public.country_borders(dispatch, destination)"

# a screening filter, every condition shipped
shipped "hs <@ (SELECT watchlist('CHPL', ARRAY['1', '2'])) AND route ?| '{KZ,KG,AM,GE,TR,AE}'
         AND destination IN ('RU', 'BY') AND decl_date >= '2022-02-24'
         AND origin <> route_destination(route)" \
    "(hs OPERATOR(public.<@) \$1::public.hsset)) AND ((route OPERATOR(public.?|) '{KZ,KG,AM,GE,TR,AE}'::public.country[])) AND ((destination OPERATOR(public.=) ANY ('{RU,BY}'::public.country[])))"

# watchlist() unfolded reads a table (STABLE): filtered on the coordinator
p=$(plan "SELECT decl_id FROM declarations WHERE hs <@ watchlist('CHPL')")
if grep -q 'Filter: ([a-z_0-9]*\.hs <@ watchlist(' <<<"$p" && ! grep -q 'Remote SQL: .*watchlist' <<<"$p"; then
    echo "ok: watchlist() unfolded stays on the coordinator"
else
    fail "watchlist() unfolded: expected a local filter"; echo "$p"
fi

# both shards scanned at once (a partial aggregate above a foreign scan is
# not asynchronous in PostgreSQL 15, so the check reads rows)
p=$(plan "SELECT decl_id, hs FROM declarations WHERE hs <@ '85'")
[ "$(grep -c 'Async Foreign Scan' <<<"$p")" -eq 2 ] && echo "ok: async foreign scans" \
    || { fail "no Async Foreign Scan on both shards"; echo "$p"; }

# grouped by the partition key (a lane: dispatch, destination, heading):
# the whole aggregate, hsset_agg included, runs on the shards
p=$(plan "SELECT dispatch, destination, hs_heading(hs), count(*), sum(value_usd), hsset_agg(hs)
            FROM declarations WHERE destination IN ('RU', 'BY') GROUP BY 1, 2, 3")
if [ "$(grep -c 'Relations: Aggregate on' <<<"$p")" -eq 2 ] &&
   [ "$(grep -c 'Remote SQL: SELECT dispatch, destination, public.hs_heading(hs), count(\*), sum(value_usd), public.hsset_agg(hs) FROM public.declarations WHERE .* GROUP BY 1, 2, 3' <<<"$p")" -eq 2 ]; then
    echo "ok: partitionwise aggregation pushed down"
else
    fail "lane aggregate not pushed down"; echo "$p"
fi
# lane_change grouped by lane (scoring, issue 7): the aggregate runs on the shards
p=$(plan "SELECT dispatch, destination, hs_heading(hs), lane_change(decl_date, value_usd::float8, '2022-03-01', 10)
            FROM declarations GROUP BY 1, 2, 3")
if [ "$(grep -c "Remote SQL: SELECT dispatch, destination, public.hs_heading(hs), public.lane_change(decl_date, value_usd::double precision, '2022-03-01'::date, 10) FROM public.declarations GROUP BY 1, 2, 3" <<<"$p")" -eq 2 ]; then
    echo "ok: lane_change by lane pushed down"
else
    fail "lane_change by lane not pushed down"; echo "$p"
fi
# Scoring on the shards.  screen_declaration reads the profile's tables
# (STABLE), so postgres_fdw never ships it; each shard scores its own rows in
# its view declarations_screened, which the coordinator's partitioned table
# of the same name reads (scripts/shards.sh).  The profile is fitted once
# over all rows on the coordinator and copied to each shard (fit_shards:
# screen_profile_export, COPY, screen_profile_import).  A listed party on the
# coordinator gives the party baseline rows, so every baseline is copied.
spsql coord -c "INSERT INTO listed_parties (list, party_id, name, aliases)
                VALUES ('test', 'p-1', 'Anadolu Makina Sanayi', ARRAY['Anadolu Makina Ltd. Sti.'])"
fit_shards default
check_profiles && echo "ok: the profile fitted on the coordinator is on every shard" || fail "profile not copied"
[ "$(spsql shard1 -At -c "SELECT count(*) > 0 FROM screen_baseline_party WHERE profile = 'default'")" = t ] &&
    echo "ok: the party baseline is copied" || fail "no party baseline on shard1"

# a filter on the score is shipped (the view's score column is screen_score
# on the shard), and the shards score at the same time
p=$(plan "SELECT decl_id, screening FROM declarations_screened WHERE score >= 0.5")
if [ "$(grep -c 'Async Foreign Scan' <<<"$p")" -eq 2 ] && ! grep -q '^ *Filter:' <<<"$p" &&
   [ "$(grep -c 'Remote SQL: SELECT decl_id, screening FROM public.declarations_screened WHERE ((score >= 0.5::double precision))$' <<<"$p")" -eq 2 ]; then
    echo "ok: scoring on the shards, the score filter shipped, async"
else
    fail "score filter not shipped to both shards"; echo "$p"
fi
# with a screening filter: all of it shipped
shipped_scored() {
    p=$(plan "SELECT decl_id, screening FROM declarations_screened WHERE $1")
    if [ "$(grep -c "Remote SQL: SELECT decl_id, screening FROM public.declarations_screened WHERE .*$(sed 's/[][\.*^$]/\\&/g' <<<"$2")" <<<"$p")" -eq 2 ] &&
       ! grep -q '^ *Filter:' <<<"$p"; then
        echo "ok: shipped with the scores: $1"
    else
        fail "not shipped with the scores: $1"; echo "$p"
    fi
}
shipped_scored "score >= 0.3 AND hs <@ (SELECT watchlist('CHPL')) AND destination IN ('RU', 'BY')" \
    "((score >= 0.3::double precision)) AND ((hs OPERATOR(public.<@) \$1::public.hsset)) AND ((destination OPERATOR(public.=) ANY ('{RU,BY}'::public.country[])))"
shipped_scored "score > 0 AND route ?| '{KZ,KG,AM}' AND decl_date >= '2022-02-24'" \
    "((score > 0::double precision)) AND ((route OPERATOR(public.?|) '{KZ,KG,AM}'::public.country[])) AND ((decl_date >= '2022-02-24'))"
# a field of the composite is not: postgres_fdw (PostgreSQL 15) does not
# deparse field selection, so (screening).score is a filter on the
# coordinator over every row; that is why the view has a score column
p=$(plan "SELECT decl_id FROM declarations_screened WHERE (screening).score >= 0.5")
if grep -q 'Filter: ((declarations_screened_[0-9]*.screening).score >= ' <<<"$p" &&
   [ "$(grep -c 'Remote SQL: SELECT decl_id, screening FROM public.declarations_screened$' <<<"$p")" -eq 2 ]; then
    echo "ok: (screening).score is filtered on the coordinator (PostgreSQL 15)"
else
    fail "(screening).score filter: plan changed"; echo "$p"
fi
# on the shard, the view scores with screen_score in the filter and builds
# the reasons (screen_declaration) only for the rows that pass
p=$(spsql shard1 -At -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT decl_id, screening FROM public.declarations_screened WHERE ((score >= 0.5::double precision))")
if grep -q "Output: d.decl_id, screen_declaration(" <<<"$p" && grep -q "Filter: (screen_score(" <<<"$p"; then
    echo "ok: the shard filters on screen_score and explains with screen_declaration"
else
    fail "shard plan of the scoring view changed"; echo "$p"
fi
# grouped by the partition key, scores are aggregated on the shards too
p=$(plan "SELECT hs_heading(hs), count(*) FILTER (WHERE score >= 0.5), max(score) FROM declarations_screened GROUP BY 1")
if [ "$(grep -c 'Remote SQL: SELECT public.hs_heading(hs), count(\*) FILTER (WHERE (score >= 0.5::double precision)), max(score) FROM public.declarations_screened GROUP BY 1' <<<"$p")" -eq 2 ]; then
    echo "ok: scores aggregated by heading on the shards"
else
    fail "score aggregate not pushed down"; echo "$p"
fi

# grouped by something else: partial aggregates cannot be pushed down in
# PostgreSQL 15; the shards send rows, the coordinator aggregates
p=$(plan "SELECT route, count(*) FROM declarations GROUP BY route")
if ! grep -q 'Relations: Aggregate on' <<<"$p" && ! grep -q 'GROUP BY' <<<"$p"; then
    echo "ok: aggregate off the partition key stays on the coordinator (PostgreSQL 15)"
else
    fail "aggregate off the partition key: plan changed"; echo "$p"
fi

# the same rows as one server: each query runs on the distributed table and
# on sample.declarations, the one-server copy of the same rows
queries=(
"SELECT hs_heading(hs), count(*), sum(value_usd) FROM %s WHERE hs <@ (SELECT watchlist('CHPL')) GROUP BY 1 ORDER BY 1"
"SELECT hs_heading(hs), count(*) FROM %s WHERE hs <@ watchlist('CHPL', ARRAY['1', '2']) GROUP BY 1 ORDER BY 1"
"SELECT decl_id, hs, route FROM %s WHERE hs <@ '{8542,!854290,8471}'::hsset AND route ?| '{KZ,KG,AM}' ORDER BY decl_id"
"SELECT decl_id FROM %s WHERE hs @> '8450110000' OR hs <@ '8450' ORDER BY decl_id"
"SELECT route, count(*), sum(value_usd) FROM %s WHERE route @> 'KZ>RU'::route AND decl_date >= '2022-02-24' GROUP BY route ORDER BY route"
"SELECT dispatch, destination, hs_heading(hs), count(*), sum(value_usd), hsset_agg(hs) FROM %s WHERE destination IN ('RU', 'BY') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
"SELECT route_hops(route), route_has_loop(route), count(*), round(avg(route_detour_ratio(route))::numeric, 6) FROM %s GROUP BY 1, 2 ORDER BY 1, 2"
"SELECT d.route, c.tier, count(*), sum(d.value_usd) FROM %s d JOIN watchlists c ON c.list = 'CHPL' AND d.hs <@ c.code
  WHERE d.destination IN ('RU', 'BY') AND d.decl_date >= '2022-02-24' AND d.origin IN ('DE', 'IT', 'PL', 'US', 'JP')
  GROUP BY 1, 2 ORDER BY 1, 2"
"SELECT planted, count(*) FROM %s WHERE hs <@ (SELECT watchlist('CHPL')) AND route ?| '{KZ,KG,AM,GE,TR,AE}' AND destination = 'RU' AND decl_date >= '2022-02-24' GROUP BY 1 ORDER BY 1"
"SELECT dispatch, destination, heading, round((c).score::numeric, 9), round((c).ratio::numeric, 9), (c).months_after_active
   FROM (SELECT dispatch, destination, hs_heading(hs) AS heading, lane_change(decl_date, value_usd::float8, '2022-03-01', 10) AS c
           FROM %s GROUP BY 1, 2, 3) l ORDER BY 1, 2, 3"
)
for q in "${queries[@]}"; do
    # shellcheck disable=SC2059
    dist=$(spsql coord -At -c "SET enable_partitionwise_aggregate = on" -c "$(printf "$q" declarations)")
    # shellcheck disable=SC2059
    one=$(spsql coord -At -c "$(printf "$q" sample.declarations)")
    if [ -z "$one" ]; then
        fail "no rows, nothing compared: $q"
    elif [ "$dist" != "$one" ]; then
        fail "shards and one server differ: $q"
        diff <(echo "$one") <(echo "$dist") | head -n 10
    else
        echo "ok: same $(wc -l <<<"$one") rows: ${q:0:70}"
    fi
done

# Scores on the shards equal one server's: every row's score and whole
# screening composite (level, jsonb reasons with their evidence, fired
# indicators, profile and version), as text at full float precision, from
# declarations_screened on the coordinator and from screen_score and
# screen_declaration over sample.declarations on the coordinator alone, with
# the same profile.
args="hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter, 'default'"
one_scored="SELECT d.*, screen_score($args) AS score, screen_declaration($args) AS screening FROM sample.declarations d"
scored=(
"SELECT decl_id, score, screening FROM %s ORDER BY decl_id"
"SELECT decl_id, screening FROM %s WHERE score >= 0.5 AND destination IN ('RU', 'BY') ORDER BY decl_id"
"SELECT decl_id, (screening).score, (screening).level, (screening).reasons, (screening).fired, (screening).profile_version FROM %s WHERE score > 0 ORDER BY decl_id"
"SELECT decl_id, r->>'indicator', r->'evidence' FROM %s, jsonb_array_elements((screening).reasons) r ORDER BY 1, 2"
# (a sum of floats depends on the order of its terms: rounded)
"SELECT hs_heading(hs), count(*) FILTER (WHERE score >= 0.5), max(score), round(sum(score)::numeric, 9) FROM %s GROUP BY 1 ORDER BY 1"
)
compare_scores() {
    local q dist one bad=0
    for q in "${scored[@]}"; do
        # shellcheck disable=SC2059
        dist=$(spsql coord -At -c "SET enable_partitionwise_aggregate = on" -c "$(printf "$q" declarations_screened)")
        # shellcheck disable=SC2059
        one=$(spsql coord -At -c "$(printf "$q" "($one_scored) one")")
        if [ -z "$one" ]; then
            echo "no rows, nothing compared: $q"; bad=1
        elif [ "$dist" != "$one" ]; then
            echo "shards and one server score differently: $q"
            diff <(echo "$one") <(echo "$dist") | head -n 6 | cut -c 1-300
            bad=1
        else
            echo "ok: same $(wc -l <<<"$one") scored rows: ${q:0:70}"
        fi
    done
    [ "$bad" -eq 0 ]
}
compare_scores || fail "scores on the shards differ from one server's"
# every indicator fired somewhere, so every kind of evidence was compared
n=$(spsql coord -At -c "SELECT count(DISTINCT f) FROM declarations_screened, unnest((screening).fired) f")
[ "$n" -eq 11 ] && echo "ok: all 11 indicators fired in the compared rows" || fail "only $n indicators fired"

# a profile changed on one shard only is caught by check_profiles and
# scores differently; copying the profile again repairs it
spsql shard1 -c "INSERT INTO screen_config VALUES ('default', 'weight.transshipment', 0.9, 'shard1 only')"
if check_profiles >/dev/null; then
    fail "a profile changed on one shard went unnoticed"
else
    echo "ok: a profile changed on one shard is caught"
fi
compare_scores >/dev/null && fail "a changed profile on shard1 scores the same" || echo "ok: and it scores differently"
copy_profile default
check_profiles >/dev/null && compare_scores >/dev/null && echo "ok: copied again, the same scores" \
    || fail "copying the profile again did not repair it"
# the import refuses a shard whose watchlist differs from the coordinator's
spsql shard2 -c "INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '0101', '1', '2020-01-01')"
if out=$(copy_profile default 2>&1); then
    fail "a profile was imported into a shard with another watchlist"
else
    grep -q 'was fitted with other watchlist entries or country roles' <<<"$out" &&
        echo "ok: no import into a shard with another watchlist" || { fail "import error changed"; echo "$out"; }
fi
spsql shard2 -c "DELETE FROM watchlists WHERE list = 'CHPL' AND code = '0101'"
copy_profile default

# the rows are split, not copied: each shard holds a part
parts=$(spsql coord -At -c "SELECT string_agg(c::text, ' ') FROM (SELECT count(*) c FROM declarations_s1 UNION ALL SELECT count(*) FROM declarations_s2) x")
total=$(spsql coord -At -c "SELECT count(*) FROM sample.declarations")
read -r a b <<<"$parts"
{ [ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ $((a + b)) -eq "$total" ]; } && echo "ok: shards hold $a + $b rows" \
    || fail "rows on the shards: $parts of $total"

# the reference tables are the same everywhere; a user's watchlist added on
# the coordinator only is caught
check_profiles && echo "ok: same reference, watchlist and profile tables on every server" || fail "profiles differ"
spsql coord -c "INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('MINE', '8542', '1', '2020-01-01')"
if check_profiles >/dev/null; then
    fail "a watchlist on the coordinator only went unnoticed"
else
    echo "ok: a watchlist on the coordinator only is caught"
fi

# doc/shards.md's captured plans are the plans of its queries here: the block
# after each marker holds the query, the next one its plan
readme_plan() {
    local marker=$1 readme
    readme=$(mktemp -d)
    awk -v sql="$readme/example.sql" -v out="$readme/expected.out" -v marker="<!-- $marker:" '
        index($0, marker) == 1 { on = 1; next }
        on && /^```/ { if (inblock) { inblock = 0; blocks++; if (blocks == 2) exit } else inblock = 1; next }
        on && inblock { print > (blocks == 0 ? sql : out) }
    ' doc/shards.md
    if [ -s "$readme/example.sql" ] && spsql coord -At -f "$readme/example.sql" > "$readme/actual.out" 2>&1 \
            && diff "$readme/expected.out" "$readme/actual.out"; then
        echo "ok: doc/shards.md's $marker plan is current"
    else
        fail "doc/shards.md's $marker plan differs (or is missing)"
        cat "$readme/actual.out"
    fi
    rm -rf "$readme"
}
readme_plan "shards example"
readme_plan "shards scoring example"

echo "$failures failures"
[ "$failures" -eq 0 ]

#!/bin/bash
# scripts/shards.sh: three local PostgreSQL clusters, a coordinator and two
# shards, joined by postgres_fdw over Unix sockets (no TCP listener at all).
#
#   bash scripts/shards.sh [ROWS]   set up, load ROWS generated declarations
#                                   (default 20000), print the plan of a
#                                   screening query, fit and copy the scoring
#                                   profile, print the plan and the top rows
#                                   of a scoring query, stop and remove it all
#   source scripts/shards.sh        (after scripts/lib.sh) for the functions:
#     start_shards   - start the three clusters under a mktemp directory,
#                      install trade_screen on each and build the schema;
#                      exports SHARDS_DIR, COORD (a psql connection string)
#     load_shards N SEED - generate N declarations (demo/generate.sql) on the
#                      coordinator into sample.declarations (the one-server
#                      reference, types as demo/load_routes.sql makes them)
#                      and copy them into the distributed table
#     fit_shards [PROFILE] - screen_fit over all rows on the coordinator (the
#                      partitioned table), then copy_profile
#     copy_profile [PROFILE] - copy the coordinator's profile to every shard
#                      (screen_profile_export | COPY | screen_profile_import)
#     check_profiles - every server holds the same reference, watchlist and
#                      scoring rows
#     stop_shards    - stop the clusters and remove their directory
#
# The layout, on the coordinator (database "trade"):
#   declarations       partitioned BY HASH (hs_heading(hs)), two partitions,
#     declarations_s1  a foreign table on shard 1 (its table "declarations")
#     declarations_s2  a foreign table on shard 2
#   declarations_screened  partitioned the same way; its partitions are
#                      foreign tables on each shard's view declarations_screened:
#                      the shard's rows with score (screen_score) and screening
#                      (screen_declaration) against profile 'default', so the
#                      scoring runs on the shards
#   sample.declarations the same rows in one local table: the single-server
#                      reference the shard test compares against
# Every server runs CREATE EXTENSION trade_screen in schema public, so
# postgres_fdw's deparsed names (public.hscode, OPERATOR(public.<@)) mean the
# same thing everywhere.  The foreign servers are declared with
# extensions 'trade_screen' (our immutable operators and functions may be
# shipped) and async_capable 'true' (both shards are scanned at once).
#
# Across machines the same DDL applies with host=/port= of the shards
# instead of socket directories; doc/shards.md says what changes.

SHARDS_PORT=${SHARDS_PORT:-5432}
SHARDS_DB=trade
SHARDS_DIR=""

# shard_conn NAME: libpq connection string of a cluster
shard_conn() {
    echo "host=$SHARDS_DIR/$1 port=$SHARDS_PORT dbname=$SHARDS_DB user=postgres"
}

# spsql NAME ARGS...: psql on a cluster's database
spsql() {
    local name=$1
    shift
    psql -X -v ON_ERROR_STOP=1 -q -d "$(shard_conn "$name")" "$@"
}

stop_shards() {
    local n
    [ -n "$SHARDS_DIR" ] && [ -d "$SHARDS_DIR" ] || return 0
    for n in coord shard1 shard2; do
        [ -f "$SHARDS_DIR/$n/data/postmaster.pid" ] &&
            as_owner "$PGBIN/pg_ctl" -D "$SHARDS_DIR/$n/data" -m immediate stop >/dev/null 2>&1
    done
    rm -rf "$SHARDS_DIR"
    SHARDS_DIR=""
}

# the table every shard holds its part of the declarations in, and the
# coordinator's one-server reference: the columns of demo/generate.sql with
# the types demo/load_routes.sql gives them
SHARDS_COLUMNS="decl_id bigint NOT NULL, decl_date date NOT NULL, hs hscode NOT NULL,
    origin country NOT NULL, dispatch country NOT NULL, destination country NOT NULL,
    route route NOT NULL, exporter text NOT NULL, importer text NOT NULL,
    value_usd numeric(14, 2) NOT NULL, net_kg numeric(14, 3) NOT NULL,
    quantity numeric(14, 3) NOT NULL, unit text NOT NULL, planted text"

# each shard's view that scores its own rows: screen_declaration reads the
# profile's tables, so it is STABLE and postgres_fdw never ships it inside
# a query; the coordinator reads this view instead.  score is screen_score
# (the same number without the reasons), a plain column that a filter on the
# coordinator (WHERE score >= 0.5) is shipped on; the shard then builds the
# reasons only for the rows that pass.
SHARDS_SCREENED_VIEW="CREATE VIEW public.declarations_screened AS
SELECT d.*,
       screen_score(d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8, d.quantity::float8,
                    d.unit, d.exporter, 'default') AS score,
       screen_declaration(d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8, d.quantity::float8,
                          d.unit, d.exporter, 'default') AS screening
  FROM public.declarations d"

# start_shards [SERVER SETTINGS...]: settings are passed to every cluster
start_shards() {
    local n
    PGBIN=$("$PG_CONFIG" --bindir)
    SHARDS_DIR=$(mktemp -d /tmp/trade_screen_shards.XXXXXX)
    chmod 755 "$SHARDS_DIR"
    trap stop_shards EXIT
    for n in coord shard1 shard2; do
        mkdir "$SHARDS_DIR/$n"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$SHARDS_DIR/$n"
        as_owner "$PGBIN/initdb" -D "$SHARDS_DIR/$n/data" -U postgres -A trust \
            -E UTF8 --no-locale >/dev/null
        as_owner "$PGBIN/pg_ctl" -D "$SHARDS_DIR/$n/data" -w -l "$SHARDS_DIR/$n/server.log" \
            -o "-k $SHARDS_DIR/$n -p $SHARDS_PORT -c listen_addresses= -c fsync=off $*" \
            start >/dev/null
        psql -X -q -d "host=$SHARDS_DIR/$n port=$SHARDS_PORT dbname=postgres user=postgres" \
            -c "CREATE DATABASE $SHARDS_DB"
        spsql "$n" -c "CREATE EXTENSION trade_screen SCHEMA public"
    done
    for n in shard1 shard2; do
        spsql "$n" -c "CREATE TABLE public.declarations ($SHARDS_COLUMNS)" -c "$SHARDS_SCREENED_VIEW"
    done
    spsql coord <<SQL
CREATE EXTENSION postgres_fdw;
CREATE SCHEMA sample;
CREATE TABLE sample.declarations ($SHARDS_COLUMNS, PRIMARY KEY (decl_id));
CREATE TABLE public.declarations ($SHARDS_COLUMNS) PARTITION BY HASH (hs_heading(hs));
CREATE TABLE public.declarations_screened ($SHARDS_COLUMNS, score double precision, screening screening)
    PARTITION BY HASH (hs_heading(hs));
SQL
    for n in 1 2; do
        spsql coord <<SQL
CREATE SERVER shard$n FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$SHARDS_DIR/shard$n', port '$SHARDS_PORT', dbname '$SHARDS_DB',
             extensions 'trade_screen', async_capable 'true',
             fetch_size '10000', batch_size '1000');
CREATE USER MAPPING FOR postgres SERVER shard$n OPTIONS (user 'postgres');
CREATE FOREIGN TABLE public.declarations_s$n
    PARTITION OF public.declarations FOR VALUES WITH (MODULUS 2, REMAINDER $((n - 1)))
    SERVER shard$n OPTIONS (schema_name 'public', table_name 'declarations');
CREATE FOREIGN TABLE public.declarations_screened_s$n
    PARTITION OF public.declarations_screened FOR VALUES WITH (MODULUS 2, REMAINDER $((n - 1)))
    SERVER shard$n OPTIONS (schema_name 'public', table_name 'declarations_screened', updatable 'false');
SQL
    done
    COORD=$(shard_conn coord)
    export SHARDS_DIR COORD
}

# load_shards ROWS SEED: the same generated rows in the reference table and,
# through the coordinator, on the shards; then ANALYZE everywhere
load_shards() {
    local rows=$1 seed=$2 n
    # demo/generate.sql makes sample.declarations with text countries;
    # generate into a scratch schema and convert as demo/load_routes.sql does
    (cd "$TS_ROOT" && spsql coord -c "ALTER SCHEMA sample RENAME TO reference" \
        -v rows="$rows" -v seed="$seed" -f demo/generate.sql >/dev/null)
    spsql coord <<'SQL'
SET client_min_messages = warning;
INSERT INTO reference.declarations
SELECT decl_id, decl_date, hs, origin::country, dispatch::country, destination::country,
       route::route, exporter, importer, value_usd, net_kg, quantity, unit, planted
  FROM sample.declarations;
DROP SCHEMA sample CASCADE;
ALTER SCHEMA reference RENAME TO sample;
INSERT INTO public.declarations SELECT * FROM sample.declarations;
CREATE INDEX ON sample.declarations USING gin (route);
CREATE INDEX ON sample.declarations (hs);
VACUUM ANALYZE sample.declarations;
SQL
    for n in shard1 shard2; do
        spsql "$n" -c "CREATE INDEX ON public.declarations USING gin (route)" \
            -c "CREATE INDEX ON public.declarations (hs)" \
            -c "VACUUM ANALYZE public.declarations"
    done
    spsql coord -c "ANALYZE public.declarations"
}

# fit_shards [PROFILE]: fit the profile once over all rows, on the
# coordinator (through the partitioned table), and copy it to every shard:
# a profile fitted on one shard's rows alone would score differently
fit_shards() {
    local profile=${1:-default}
    spsql coord -c "SELECT * FROM screen_fit('public.declarations', '$profile')" >/dev/null
    copy_profile "$profile"
}

# copy_profile [PROFILE]: the coordinator's profile, exported as rows
# (screen_profile_export), streamed by COPY into each shard and imported
# there (screen_profile_import): the same profile row, version included,
# configuration and baselines.  The import refuses a shard whose watchlist
# or country roles differ from the coordinator's.
copy_profile() {
    local profile=${1:-default} n
    for n in shard1 shard2; do
        spsql coord -c "COPY (SELECT part, data FROM screen_profile_export('$profile')) TO STDOUT" |
            spsql "$n" -c "CREATE TEMP TABLE profile_rows (part text, data jsonb)" \
                -c "COPY profile_rows FROM STDIN" \
                -c "SELECT * FROM screen_profile_import('profile_rows')" >/dev/null
    done
}

# the tables a screening query reads on every server besides the data: they
# must hold the same rows everywhere.  The reference and watchlist tables,
# and every table of the extension keyed by profile (the profiles, their
# configuration and each baseline screen_fit fills), found in the catalog
# as screen_profile_export finds them.
SHARDS_REFERENCE_TABLES=(
    public.watchlists
    public.watchlist_tiers
    public.hs_nomenclature
    public.hs_sections
    public.country_roles
)
shards_profile_tables() {
    spsql coord -At -c "SELECT c.oid::regclass FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
                         WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_extension'::regclass
                           AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'trade_screen')
                           AND d.deptype = 'e' AND c.relkind = 'r'
                           -- screening runs name a profile but are each server's own record
                           AND c.relname <> 'screen_runs'
                           AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid
                                          AND a.attname = 'profile' AND NOT a.attisdropped)
                           -- each server keeps its own record of the versions it made
                           AND c.relname <> 'screen_profile_versions'
                         ORDER BY c.relname COLLATE \"C\""
}

# check_profiles: every server holds the same rows in those tables; prints
# the tables that differ and fails if any does
check_profiles() {
    local t n digest first bad=0 tables
    mapfile -t tables < <(shards_profile_tables)
    [ "${#tables[@]}" -ge 10 ] || { echo "profile tables not found: ${tables[*]}"; return 1; }
    for t in "${SHARDS_REFERENCE_TABLES[@]}" "${tables[@]/#/public.}"; do
        first=""
        for n in coord shard1 shard2; do
            # (screen_profiles.imported is each server's own fact: left out)
            digest=$(spsql "$n" -At -c "SELECT md5(coalesce(string_agg((to_jsonb(r) - 'imported')::text, ';'
                                          ORDER BY (to_jsonb(r) - 'imported')::text COLLATE \"C\"), '')) FROM $t r")
            if [ -z "$first" ]; then
                first=$digest
            elif [ "$digest" != "$first" ]; then
                echo "$t differs between coord and $n"
                bad=1
            fi
        done
    done
    [ "$bad" -eq 0 ]
}

# the screening query shown by the stand-alone run, the same as doc/shards.md's
# (test/integration/shards.sh checks doc/shards.md's plan of it)
SHARDS_EXAMPLE="SELECT dispatch, destination, hs_heading(hs) AS heading,
       count(*) AS declarations, sum(value_usd) AS usd
  FROM declarations
 WHERE hs <@ (SELECT watchlist('CHPL', ARRAY['1', '2']))
   AND route ?| '{KZ,KG,AM,GE,TR,AE}'
   AND destination IN ('RU', 'BY')
   AND decl_date >= '2022-02-24'
 GROUP BY 1, 2, 3"

# the scoring query shown by the stand-alone run, the same as doc/shards.md's
SHARDS_SCORING_EXAMPLE="SELECT decl_id, route, screening
  FROM declarations_screened
 WHERE score >= 0.5
   AND hs <@ (SELECT watchlist('CHPL'))
   AND destination IN ('RU', 'BY')"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    source "$(dirname "$0")/lib.sh"
    install_deps
    build
    start_shards
    say "three clusters under $SHARDS_DIR; loading ${1:-20000} declarations"
    load_shards "${1:-20000}" 1
    spsql coord -c "SET enable_partitionwise_aggregate = on" \
        -c "EXPLAIN (VERBOSE, COSTS OFF) $SHARDS_EXAMPLE" \
        -c "$SHARDS_EXAMPLE ORDER BY declarations DESC, 1, 2, 3 LIMIT 10"
    say "fitting the scoring profile over all rows, copying it to the shards"
    fit_shards default
    check_profiles
    spsql coord -c "EXPLAIN (VERBOSE, COSTS OFF) $SHARDS_SCORING_EXAMPLE" \
        -c "SELECT decl_id, route, round((screening).score::numeric, 3) AS score, (screening).fired
              FROM ($SHARDS_SCORING_EXAMPLE) s ORDER BY (screening).score DESC, decl_id LIMIT 10"
fi

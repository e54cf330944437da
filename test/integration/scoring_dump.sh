#!/bin/bash
# Nothing of scoring is lost across pg_dump -Fc / pg_restore: profiles, their
# configuration, users' country roles and the fitted baselines come back,
# the shipped roles are not duplicated, and every declaration scores the same
# (score, level, reasons) in the restored database.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
q() { tpsql -At "$@"; }
q -c "CREATE DATABASE src" -c "CREATE DATABASE dst"
q -d src -f "$(dirname "$0")/lib/scoring_dump_source.sql" >/dev/null
"$PGBIN/pg_dump" -Fc -d src -f "$TS_CLUSTER/dump"
"$PGBIN/pg_restore" -d dst "$TS_CLUSTER/dump"

state() {
    q -d "$1" -c "SELECT 'profiles', string_agg(profile || ':' || cutoff || ':' || has_history || ':' || fitted_rows, ',' ORDER BY profile) FROM screen_profiles" \
              -c "SELECT 'config', string_agg(profile || ':' || parameter || ':' || value, ',' ORDER BY profile, parameter) FROM screen_config" \
              -c "SELECT 'roles', role, shipped, count(*) FROM country_roles GROUP BY role, shipped ORDER BY 2, 3" \
              -c "SELECT 'baselines', (SELECT count(*) FROM screen_baseline_unit_value), (SELECT count(*) FROM screen_baseline_lane),
                         (SELECT count(*) FROM screen_baseline_route), (SELECT count(*) FROM screen_baseline_origin),
                         (SELECT count(*) FROM screen_baseline_exporter), (SELECT count(*) FROM screen_baseline_exporter_chapter),
                         (SELECT count(*) FROM screen_baseline_exporter_leg)" \
              -c "SELECT 'scores', p, md5(string_agg(round((s).score::numeric, 9) || (s).level || (s).reasons::text, ',' ORDER BY g))
                    FROM (VALUES ('default'), ('strict')) v(p), generate_series(0, 600, 7) g,
                         LATERAL (SELECT screen_declaration(d.hs, d.route || 'RS'::country || 'RU'::country, d.origin, d.decl_date + 400,
                                                            d.value_usd::float8 * (1 + g % 3), d.quantity::float8, d.unit, d.exporter, p) AS s
                                    FROM decl d OFFSET g LIMIT 1) x
                   GROUP BY p ORDER BY p"
}
a=$(state src)
b=$(state dst)
echo "$a"
if [ "$a" != "$b" ]; then
    echo "the restored database differs:"
    diff <(echo "$a") <(echo "$b")
    exit 1
fi
echo "$a" | grep -q '^roles|hub|f|1$' || { echo "the user's role row is missing"; exit 1; }
echo "$a" | grep -q 'strict:weight.transshipment:0.8' || { echo "the configuration is missing"; exit 1; }
echo "restored: profiles, configuration, roles, baselines and scores are the same"

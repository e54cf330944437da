#!/bin/bash
# Nothing stored is lost across pg_dump and restore: hscode columns and
# arrays, indexes on them, the extension in a schema of the DBA's choice,
# and users' own rows in the reference tables (but no duplicated shipped rows).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

for db in ts_dump_src ts_dump_custom ts_dump_plain; do
    psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
q -d ts_dump_src <<'SQL'
CREATE SCHEMA screening;
CREATE EXTENSION trade_screen SCHEMA screening;
CREATE TABLE public.decl (id int PRIMARY KEY, hs screening.hscode, path screening.hscode[]);
INSERT INTO public.decl
SELECT i, screening.hs_parse(lpad((1 + i % 96)::text, 2, '0') || lpad((i * 7919 % 100000000)::text, 8, '0')),
       screening.hs_ancestors(screening.hs_parse(lpad((1 + i % 96)::text, 2, '0') || '4231'), true)
  FROM generate_series(1, 5000) i;
INSERT INTO public.decl VALUES (0, NULL, NULL), (-1, '85', '{}');
CREATE INDEX decl_hs ON public.decl (hs);
CREATE INDEX decl_hs_hash ON public.decl USING hash (hs);
INSERT INTO screening.hs_nomenclature (edition, code, description)
VALUES ('TNVED2022', '8542310000', 'Процессоры и контроллеры'), ('TNVED2022', '8450111100', 'Стиральные машины');
SQL
digest="SELECT md5(string_agg(id || ':' || coalesce(hs::text, 'null') || ':' || coalesce(path::text, 'null'), ',' ORDER BY id)) FROM public.decl"
refs="SELECT edition || ':' || count(*) FILTER (WHERE shipped) || ':' || count(*) FILTER (WHERE NOT shipped) FROM screening.hs_nomenclature GROUP BY edition ORDER BY edition"
src_digest=$(q -d ts_dump_src -c "$digest")
src_refs=$(q -d ts_dump_src -c "$refs")

pg_dump -Fc -d ts_dump_src -f "$tmp/dump.custom"
pg_restore -d ts_dump_custom "$tmp/dump.custom"
pg_dump -Fp -d ts_dump_src -f "$tmp/dump.sql"
q -d ts_dump_plain -f "$tmp/dump.sql" >/dev/null

status=0
for db in ts_dump_custom ts_dump_plain; do
    d=$(q -d "$db" -c "$digest")
    r=$(q -d "$db" -c "$refs")
    idx=$(q -d "$db" -c "SET search_path = screening, public; SET enable_seqscan = off; SELECT count(*) FROM public.decl WHERE hs = '85'")
    idx_src=$(q -d ts_dump_src -c "SET search_path = screening, public; SELECT count(*) FROM public.decl WHERE hs = '85'")
    desc=$(q -d "$db" -c "SELECT screening.hs_describe('8542310000', 'TNVED2022')")
    if [ "$d" = "$src_digest" ] && [ "$r" = "$src_refs" ] && [ "$idx" = "$idx_src" ] \
            && [ "$desc" = "Процессоры и контроллеры" ]; then
        echo "$db: data, reference rows and indexes restored"
    else
        echo "$db: differs: digest $d vs $src_digest; refs [$r] vs [$src_refs]; index $idx vs $idx_src; '$desc'"
        status=1
    fi
done
exit $status

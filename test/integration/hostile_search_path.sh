#!/bin/bash
# A trusted extension installed and used by plain users never runs objects
# those users planted on search_path.  A non-superuser owning the database
# creates, in a schema "evil" and in the schema they will install into,
# functions, operators and an aggregate that shadow what the install script
# and the extension's SQL and PL/pgSQL functions call (comparison operators
# on every type they compare, to_jsonb, format, quote_ident, to_regclass,
# jsonb_object_agg, string_agg, array_agg on hscode, and an overload of
# shipped_rows_key that an implicit oid -> regclass cast would pick).  Each
# notes its call in evil.log.  With search_path = evil, screening, pg_catalog
# the user installs the extension, calls every SQL function, writes to the
# reference tables (firing the shipped-rows triggers), and a second plain user
# does the same reading; evil.log must stay empty.  A query of the user's own
# that does hit a planted operator proves the trap works.  Then the second
# user may read but not write the reference tables (42501).  Runs against the
# cluster of scripts/test.sh; exits 0 on success.
set -uo pipefail
owner=ts_hostile_owner other=ts_hostile_other db=ts_hostile
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $owner" -c "DROP ROLE IF EXISTS $other" \
     -c "CREATE ROLE $owner LOGIN" -c "CREATE ROLE $other LOGIN" -c "CREATE DATABASE $db OWNER $owner"
as() { local who=$1; shift; PGOPTIONS="-c search_path=evil,screening,pg_catalog" \
       psql -X -q -v ON_ERROR_STOP=1 -At -U "$who" -d $db "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

# plant: operators on the types the extension's code compares, and functions it calls
plant() {
    cat <<'SQL'
DO $plant$
DECLARE
    s text;
    t text;
    op text;
    fn text;
BEGIN
    FOREACH s IN ARRAY ARRAY['evil', 'screening'] LOOP
        FOREACH t IN ARRAY ARRAY['text', 'integer', 'bigint', 'smallint', 'date', 'boolean', 'jsonb',
                                 'oid', 'name', 'regclass', 'character varying', 'timestamp with time zone'] LOOP
            FOREACH op IN ARRAY ARRAY['=', '<>', '<', '>', '<=', '>='] LOOP
                fn := 'op_' || md5(op || t);
                EXECUTE format('CREATE FUNCTION %I.%I(a %s, b %s) RETURNS boolean LANGUAGE plpgsql
                                SET search_path = pg_catalog AS $f$ BEGIN
                                INSERT INTO evil.log VALUES (current_user, %L); RETURN a OPERATOR(pg_catalog.%s) b;
                                END $f$', s, fn, t, t, s || '.' || op || '(' || t || ')', op);
                EXECUTE format('CREATE OPERATOR %I.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %I.%I)',
                               s, op, t, t, s, fn);
            END LOOP;
        END LOOP;
        EXECUTE format('CREATE FUNCTION %I.jsonarrow(a jsonb, b text) RETURNS jsonb LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN a -> b; END $f$', s, s || '.->');
        EXECUTE format('CREATE OPERATOR %I.-> (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = %I.jsonarrow)', s, s);
        EXECUTE format('CREATE FUNCTION %I.cat(a text, b text) RETURNS text LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN a || b; END $f$', s, s || '.||');
        EXECUTE format('CREATE OPERATOR %I.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = %I.cat)', s, s);
        EXECUTE format('CREATE FUNCTION %I.to_jsonb(a anyelement) RETURNS jsonb LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN pg_catalog.to_jsonb(a); END $f$', s, s || '.to_jsonb');
        EXECUTE format('CREATE FUNCTION %I.quote_ident(a text) RETURNS text LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN pg_catalog.quote_ident(a); END $f$', s, s || '.quote_ident');
        EXECUTE format('CREATE FUNCTION %I.to_regclass(a text) RETURNS regclass LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN pg_catalog.to_regclass(a); END $f$', s, s || '.to_regclass');
        EXECUTE format('CREATE FUNCTION %I.format(a text, b text, c text) RETURNS text LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN pg_catalog.format(a, b, c); END $f$', s, s || '.format');
        EXECUTE format('CREATE FUNCTION %I.agg_step(st text, a text, b text) RETURNS text LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN coalesce(st || b, '''') || a; END $f$', s, s || '.string_agg');
        EXECUTE format('CREATE AGGREGATE %I.string_agg(text, text) (SFUNC = %I.agg_step, STYPE = text)', s, s);
        EXECUTE format('CREATE FUNCTION %I.jagg_step(st jsonb, a name, b jsonb) RETURNS jsonb LANGUAGE plpgsql
                        SET search_path = pg_catalog AS $f$ BEGIN
                        INSERT INTO evil.log VALUES (current_user, %L); RETURN coalesce(st, ''{}'') || pg_catalog.jsonb_build_object(a, b); END $f$', s, s || '.jsonb_object_agg');
        EXECUTE format('CREATE AGGREGATE %I.jsonb_object_agg(name, jsonb) (SFUNC = %I.jagg_step, STYPE = jsonb)', s, s);
    END LOOP;
END
$plant$;
SQL
}

as $owner <<SQL || fail "could not plant"
CREATE SCHEMA evil;
CREATE SCHEMA screening;
GRANT USAGE ON SCHEMA evil, screening TO PUBLIC;
CREATE TABLE evil.log (who text, what text);
GRANT INSERT, SELECT ON evil.log TO PUBLIC;
$(plant)
SQL

# the user installs the extension with the planted objects first on search_path
as $owner -c "CREATE EXTENSION trade_screen SCHEMA screening" || fail "install failed"
[ "$(as $owner -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" = f ] || fail "owner is a superuser"
# objects that need the extension's types, planted after the install
as $owner <<'SQL' || fail "could not plant after install"
CREATE FUNCTION evil.aagg_step(st screening.hscode[], a screening.hscode) RETURNS screening.hscode[] LANGUAGE plpgsql
    SET search_path = pg_catalog AS $f$ BEGIN
    INSERT INTO evil.log VALUES (current_user, 'evil.array_agg(hscode)'); RETURN st || a; END $f$;
CREATE AGGREGATE evil.array_agg(screening.hscode) (SFUNC = evil.aagg_step, STYPE = screening.hscode[]);
CREATE FUNCTION screening.shipped_rows_key(tab oid, r jsonb) RETURNS jsonb LANGUAGE plpgsql
    SET search_path = pg_catalog AS $f$ BEGIN
    INSERT INTO evil.log VALUES (current_user, 'screening.shipped_rows_key(oid, jsonb)'); RETURN '{}'; END $f$;
CREATE FUNCTION screening.hs_ancestors(c screening.hscode, b anyelement) RETURNS screening.hscode[] LANGUAGE plpgsql
    SET search_path = pg_catalog AS $f$ BEGIN
    INSERT INTO evil.log VALUES (current_user, 'screening.hs_ancestors(hscode, anyelement)'); RETURN '{}'; END $f$;
SQL

# the trap works: the user's own comparison of texts runs a planted operator
as $owner -c "SELECT 'a'::text = 'a'::text" >/dev/null
[ "$(as $owner -c "SELECT count(*) FROM evil.log")" -gt 0 ] || fail "the planted operators are never called: the test proves nothing"
as $owner -c "DELETE FROM evil.log"

# every SQL function, and every path of the shipped-rows triggers
exercise() {
    cat <<'SQL'
SELECT screening.hs_describe('8542310000'), screening.hs_describe('85', 'HS2017'), screening.hs_section_name('XVI');
SELECT screening.watchlist('CHPL'), screening.watchlist('CHPL', ARRAY['1', '2'], '2024-03-01');
SELECT screening.country_from_name('Kazakhstan'), screening.hsset_agg(c) FROM (VALUES ('85'::screening.hscode)) v(c) GROUP BY 1;
SELECT screening.shipped_rows_key('screening.watchlists'::regclass, '{"list": "CHPL", "code": "854231", "valid_from": "2024-02-23", "x": 1}'::jsonb);
SQL
}
writes() {
    # the user's own comparisons name pg_catalog's operators: only the extension's code is on trial
    cat <<'SQL'
UPDATE screening.watchlists SET valid_to = '2024-06-01'
 WHERE list OPERATOR(pg_catalog.=) 'CHPL' AND code OPERATOR(screening.=) '854231';
DELETE FROM screening.watchlists WHERE list OPERATOR(pg_catalog.=) 'CHPL' AND code OPERATOR(screening.=) '854232';
INSERT INTO screening.hs_sections (section, name, shipped) VALUES ('II', 'Vegetables', true);
UPDATE screening.watchlist_tiers SET tier = '4B*' WHERE list OPERATOR(pg_catalog.=) 'CHPL' AND tier OPERATOR(pg_catalog.=) '4B';
INSERT INTO screening.hs_nomenclature (edition, code, description) VALUES ('MINE', '85', 'mine');
INSERT INTO screening.shipped_row_edits (table_name, key) VALUES ('hs_nomenclature', '{"code": "01", "edition": "HS2022"}');
SQL
}
as $owner -c "$(exercise)" >/dev/null || fail "functions failed for the owner"
as $owner -c "$(writes)" >/dev/null || fail "writes failed for the owner"
as $other -c "$(exercise)" >/dev/null || fail "functions failed for another user"
log=$(as $owner -c "SELECT who || ': ' || what FROM evil.log")
[ -z "$log" ] || fail "planted objects ran: $log"

# reference tables: everyone reads, only the extension's owner writes
for t in hs_sections hs_nomenclature watchlists watchlist_tiers shipped_row_edits; do
    as $other -c "SELECT count(*) FROM screening.$t" >/dev/null || fail "$other cannot read $t"
    for stmt in "DELETE FROM screening.$t" "UPDATE screening.$t SET table_name = table_name" \
                "TRUNCATE screening.$t"; do
        [ $t = shipped_row_edits ] || stmt=${stmt/SET table_name = table_name/SET shipped = shipped}
        out=$(as $other -v VERBOSITY=sqlstate -c "$stmt" 2>&1) && fail "$other could run: $stmt"
        grep -q 42501 <<<"$out" || fail "$stmt by $other: want 42501, got $out"
    done
done
echo "no planted object ran; reference tables are read-only to other users"

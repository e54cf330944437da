-- Screening as a record: screen_table runs, rescreens after list changes equal
-- full runs row for row, run diffs, decisions, and who may read and write.
SET extra_float_digits = 0;
SET client_min_messages = warning;
\set SHOW_CONTEXT never
CREATE EXTENSION IF NOT EXISTS trade_screen;

-- Trade of 23 exporters, 2021 to 2023, through Kazakhstan and Serbia too.
CREATE TABLE audit_decl (
    id integer PRIMARY KEY,
    decl_date date, hs hscode, origin country, route route,
    value_usd numeric, quantity numeric, unit text, exporter text
);
INSERT INTO audit_decl
SELECT i, date '2021-01-04' + 2 * i,
       (ARRAY['847130', '851713', '845011', '854231', '100199', '847150', '850440'])[1 + i % 7]::hscode,
       (ARRAY['DE', 'CN', 'KZ', 'DE', 'KZ', 'DE', 'CN'])[1 + i % 7]::country,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU', 'DE>KZ>RU', 'KZ>RU', 'DE>RS>RU', 'CN>KZ>RU'])[1 + i % 7]::route,
       (100 + i % 17) * 10.0, 10, 'u', 'Exporter ' || (i % 23)
  FROM generate_series(0, 599) i;
-- a listed party that one exporter matches when the profile is fitted
INSERT INTO listed_parties (list, party_id, name) VALUES ('test', 'p-7', 'Exporter 7'), ('test', 'p-x', 'Somebody Else');
SELECT fitted_profile, fitted_rows FROM screen_fit('audit_decl', 'audit');
SELECT exporter, party_id FROM screen_baseline_party WHERE profile = 'audit' ORDER BY 1;

-- A run: its row and its results.
SELECT screen_table('audit_decl', 'audit') AS run1 \gset
SELECT run_id = :run1 AS is_run, source, source_key, profile, profile_version = (SELECT version FROM screen_profiles WHERE profile = 'audit') AS current_version,
       rescreen_of, base_run, run_by = current_user AS by_me, rows, rescored,
       rows_by_level = (SELECT jsonb_object_agg(level, n) FROM (SELECT level, count(*) AS n FROM screen_results
                                                                 WHERE run_id = :run1 GROUP BY 1) x) AS levels_counted,
       finished_at >= started_at AS timed, (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(inputs) k) AS input_parts
  FROM screen_runs WHERE run_id = :run1;
SELECT row_key, round(score::numeric, 4) AS score, level, fired
  FROM screen_results WHERE run_id = :run1 AND row_key->>'id' IN ('3', '5', '6') ORDER BY (row_key->>'id')::int;
-- results are screen_declaration's, row for row
SELECT count(*) AS differing FROM screen_results r JOIN audit_decl d ON r.row_key = jsonb_build_object('id', d.id)
 CROSS JOIN LATERAL (SELECT screen_declaration(d.hs, d.route, d.origin, d.decl_date, d.value_usd::float8,
                                               d.quantity::float8, d.unit, d.exporter, 'audit') AS s) x
 WHERE r.run_id = :run1 AND (r.score IS DISTINCT FROM (x.s).score OR r.level IS DISTINCT FROM (x.s).level
                             OR r.reasons IS DISTINCT FROM (x.s).reasons OR r.fired IS DISTINCT FROM (x.s).fired);

-- A key of one integer column is built from the integer: the same jsonb
-- (value and size) as jsonb_build_object makes, and the same index key.
SELECT v, screen_row_key_int('id', v)::text AS row_key,
       screen_row_key_int('id', v) = jsonb_build_object('id', v) AS same_value,
       pg_column_size(screen_row_key_int('id', v)) = pg_column_size(jsonb_build_object('id', v)) AS same_size,
       screen_row_key_hash(screen_row_key_int('id', v)) = screen_row_key_hash(jsonb_build_object('id', v)) AS same_hash
  FROM unnest(ARRAY[0, 1, -1, 600, 2147483648, -9223372036854775808, 9223372036854775807]::bigint[]) v;
SELECT count(*) AS rows_keyed_by_their_id FROM screen_results r JOIN audit_decl d ON r.row_key = jsonb_build_object('id', d.id)
 WHERE r.run_id = :run1;

-- A rescreen and a full run of the same inputs must agree row for row.
CREATE FUNCTION audit_same(rescreen bigint, full_run bigint) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        (SELECT row_key, score, level, fired, reasons FROM screen_run_results(rescreen)
         EXCEPT ALL SELECT row_key, score, level, fired, reasons FROM screen_results WHERE run_id = full_run)
        UNION ALL
        (SELECT row_key, score, level, fired, reasons FROM screen_results WHERE run_id = full_run
         EXCEPT ALL SELECT row_key, score, level, fired, reasons FROM screen_run_results(rescreen))) x
$$;

-- Nothing changed: nothing rescored.
SELECT screen_rescreen(:run1) AS run2 \gset
SELECT rows, rescored, base_run = :run1 AS on_run1, changes FROM screen_runs WHERE run_id = :run2;
SELECT count(*) AS diff FROM screen_run_diff(:run1, :run2);

-- One code added to the watchlist: only the rows under it (or above it) are
-- rescored, and the result is a full run's.
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '845011', '4A', '2024-02-23');
SELECT screen_rescreen(:run2) AS run3 \gset
SELECT rows, rescored, changes FROM screen_runs WHERE run_id = :run3;
SELECT count(*) = (SELECT rescored FROM screen_runs WHERE run_id = :run3) AS rescored_just_845011
  FROM audit_decl WHERE hs = '845011';
SELECT screen_table('audit_decl', 'audit') AS full3 \gset
SELECT audit_same(:run3, :full3) AS differing_rows;
SELECT (SELECT rows_by_level FROM screen_runs WHERE run_id = :run3) = (SELECT rows_by_level FROM screen_runs WHERE run_id = :full3) AS same_levels;
SELECT count(*) AS changed, count(*) FILTER (WHERE new_fired @> '{watchlist}' AND NOT old_fired @> '{watchlist}') AS now_watchlisted
  FROM screen_run_diff(:run1, :run3);
-- the diff through the rescreen chain and the diff of two full runs agree
SELECT (SELECT count(*) FROM screen_run_diff(:run1, :run3)) = (SELECT count(*) FROM screen_run_diff(:run1, :full3)) AS diffs_agree;

-- A listed party removed: the rows of the exporter the fit matched to it.
DELETE FROM listed_parties WHERE party_id = 'p-7';
SELECT screen_rescreen(:run3) AS run4 \gset
SELECT rescored, changes->'parties' AS parties, changes->'exporters' AS exporters FROM screen_runs WHERE run_id = :run4;
SELECT count(*) = (SELECT rescored FROM screen_runs WHERE run_id = :run4) AS rescored_exporter_7
  FROM audit_decl WHERE exporter = 'Exporter 7';
SELECT screen_table('audit_decl', 'audit') AS full4 \gset
SELECT audit_same(:run4, :full4) AS differing_rows;

-- A country's roles changed: Kazakhstan stops being a hub in 2023.
UPDATE country_roles SET valid_to = '2023-01-01' WHERE role = 'hub' AND country = 'KZ';
SELECT screen_rescreen(:run4) AS run5 \gset
SELECT rescored, changes->'countries' AS countries FROM screen_runs WHERE run_id = :run5;
SELECT count(*) = (SELECT rescored FROM screen_runs WHERE run_id = :run5) AS rescored_kz
  FROM audit_decl WHERE origin = 'KZ' OR route @> 'KZ'::country;
SELECT screen_table('audit_decl', 'audit') AS full5 \gset
SELECT audit_same(:run5, :full5) AS differing_rows;
SELECT count(*) > 0 AS some_changed FROM screen_run_diff(:run4, :run5);

-- An export restriction added: wheat under an (imaginary) EU annex from 2022.
INSERT INTO restrictions (regime, code, list, valid_from, source) VALUES ('EU-833', '100199', 'Annex test', '2022-06-01', 'regression test');
SELECT screen_rescreen(:run5) AS run5r \gset
SELECT rescored, changes->'parts' AS parts, changes->'codes' AS codes FROM screen_runs WHERE run_id = :run5r;
SELECT count(*) = (SELECT rescored FROM screen_runs WHERE run_id = :run5r) AS rescored_wheat
  FROM audit_decl WHERE hs = '100199';
SELECT screen_table('audit_decl', 'audit') AS full5r \gset
SELECT audit_same(:run5r, :full5r) AS differing_rows;
SELECT count(*) AS changed, count(*) FILTER (WHERE new_fired @> '{restricted}') AS now_restricted FROM screen_run_diff(:run5, :run5r);

-- All three at once, and a weight: every row is rescored.
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '851713', '4B', '2024-02-23');
DELETE FROM listed_parties WHERE party_id = 'p-x';
INSERT INTO screen_config (profile, parameter, value) VALUES ('audit', 'weight.transshipment', 0.7);
SELECT screen_rescreen(:run5r) AS run6 \gset
SELECT rows, rescored, base_run, changes FROM screen_runs WHERE run_id = :run6;
SELECT screen_table('audit_decl', 'audit') AS full6 \gset
SELECT audit_same(:run6, :full6) AS differing_rows;
-- the list is empty now: no row keeps the match the fit made of p-7 (a
-- profile fitted here drops the match of a party no longer listed, whatever
-- else its list holds)
SELECT count(*) AS rows_with_party FROM screen_results WHERE run_id = :full6 AND 'party' = ANY (fired);
-- a code and a country without the weight: a partial rescreen of the chain
DELETE FROM watchlists WHERE list = 'CHPL' AND code = '851713' AND NOT shipped;
UPDATE country_roles SET valid_to = NULL WHERE role = 'hub' AND country = 'KZ';
SELECT screen_rescreen(:run6) AS run7 \gset
SELECT rescored < rows AS partial, changes->'codes' AS codes, changes->'countries' AS countries FROM screen_runs WHERE run_id = :run7;
SELECT screen_table('audit_decl', 'audit') AS full7 \gset
SELECT audit_same(:run7, :full7) AS differing_rows;

-- A run with a kept version (name@N) reproduces the first run whatever
-- changed since, and a rescreen of it has nothing to rescore.
SELECT profile_version AS v1 FROM screen_runs WHERE run_id = :run1 \gset
SELECT screen_profile_pin('audit', :v1);
SELECT screen_table('audit_decl', 'audit@' || :v1) AS pinned_run \gset
SELECT profile = 'audit@' || :v1 AS pinned_ref, profile_version = :v1 AS version_v1,
       image_hash = (SELECT image_hash FROM screen_profile_versions WHERE profile = 'audit' AND version = :v1) AS same_image,
       (SELECT array_agg(k) FROM jsonb_object_keys(inputs) k) AS input_parts
  FROM screen_runs WHERE run_id = :pinned_run;
SELECT audit_same(:pinned_run, :run1) AS differing_from_run1;
SELECT screen_rescreen(:pinned_run) AS pinned_rescreen \gset
SELECT rescored, changes->'parts' AS parts FROM screen_runs WHERE run_id = :pinned_rescreen;
SELECT screen_table('audit_decl', 'audit@999999');
SELECT screen_table('audit_decl', 'nobody@1');
SELECT screen_profile_pin('audit', :v1, false);

-- Decisions: recorded for a row of a run, shown with the latest result.
SELECT screen_decide(:run1, '{"id": 584}', 'escalated', 'processors via Kazakhstan, ask for end-user statement') > 0 AS decided;
SELECT screen_decide(:run3, '{"id": 585}', 'cleared', 'washing machines, known trader') > 0 AS decided;
SELECT disposition, decided_in_run = :run1 AS on_run1, latest_run = :full7 AS latest, level_when_decided, latest_level,
       changed_since_decision, decided_by = current_user AS by_me
  FROM screen_decision_status ORDER BY row_key->>'id';
SELECT screen_decide(:run1, '{"id": 9999}', 'cleared', 'no such row');
SELECT screen_decide(:run1, '{"id": 584}', 'ignored', 'bad disposition');
SELECT screen_decide(:run1, '{"id": 584}', 'cleared', '');

-- Errors: no key, unknown key column, duplicate keys, unknown profile or run,
-- a missing scoring column.
CREATE VIEW audit_view AS SELECT id % 5 AS grp, decl_date, hs, origin, route, value_usd, quantity, unit, exporter FROM audit_decl;
SELECT screen_table('audit_view', 'audit');
SELECT screen_table('audit_view', 'audit', key => ARRAY['nope']);
SELECT screen_table('audit_view', 'audit', key => ARRAY['grp']);
SELECT screen_table('audit_decl', 'nope');
SELECT screen_rescreen(-1);
SELECT screen_run_diff(:run1, -1);
CREATE VIEW audit_view2 AS SELECT id, hs FROM audit_decl;
SELECT screen_table('audit_view2', 'audit', key => ARRAY['id']);
-- a view with a key: screened, keyed by the columns given
SELECT screen_table('audit_view', 'audit', key => ARRAY['grp', 'decl_date']) AS view_run \gset
SELECT rows, source_key FROM screen_runs WHERE run_id = :view_run;
-- the failed runs left nothing
SELECT count(*) AS orphans FROM screen_results r WHERE NOT EXISTS (SELECT FROM screen_runs s WHERE s.run_id = r.run_id);

-- Roles: a reader reads, an analyst decides, a runner runs; nobody else sees
-- the record, and nobody but the owner rewrites it.
CREATE ROLE regress_screen_reader;
CREATE ROLE regress_screen_analyst;
CREATE ROLE regress_screen_runner;
CREATE ROLE regress_screen_outsider;
SELECT screen_grant('regress_screen_reader', 'reader'), screen_grant('regress_screen_analyst', 'analyst'),
       screen_grant('regress_screen_runner', 'runner');
SELECT screen_grant('regress_screen_reader', 'boss');
GRANT SELECT ON audit_decl TO regress_screen_runner;
GRANT CREATE ON SCHEMA public TO regress_screen_runner;
SET ROLE regress_screen_outsider;
SELECT count(*) FROM screen_results;
SELECT count(*) FROM screen_decision_status;
SET ROLE regress_screen_reader;
SELECT count(*) > 0 AS reads FROM screen_run_results(:run1);
SELECT count(*) AS decisions FROM screen_decision_status;
SELECT screen_decide(:run1, '{"id": 584}', 'confirmed', 'reader tries');
SET ROLE regress_screen_analyst;
SELECT screen_decide(:full7, '{"id": 584}', 'confirmed', 'end-user statement was forged') > 0 AS decided;
INSERT INTO screen_decisions (run_id, row_key, disposition, reason, decided_by) VALUES (:run1, '{"id": 584}', 'cleared', 'as someone else', 'postgres');
UPDATE screen_decisions SET disposition = 'cleared';
DELETE FROM screen_decisions;
DELETE FROM screen_results;
SELECT screen_table('audit_decl', 'audit');
SET ROLE regress_screen_runner;
SELECT screen_table('audit_decl', 'audit') AS runner_run \gset
SELECT screen_rescreen(:runner_run) AS runner_rescreen \gset
UPDATE screen_runs SET run_by = 'postgres';
RESET ROLE;
SELECT run_id = :runner_run AS is_runner_run, run_by FROM screen_runs WHERE run_id IN (:runner_run, :runner_rescreen) ORDER BY run_id;
SELECT disposition, decided_by, latest_level FROM screen_decision_status WHERE row_key = '{"id": 584}';

-- A listed party and a code changed at once.  On a table one pass picks the
-- rows of both by their row ids and counts the rows; on a view (no row ids)
-- the exporters' names are found first.  Each equals a full run.  (A new
-- fit first: the one above still holds party p-7, removed since.)
SELECT fitted_rows FROM screen_fit('audit_decl', 'audit');
SELECT screen_table('audit_decl', 'audit') AS t1 \gset
CREATE VIEW audit_view3 AS SELECT * FROM audit_decl;
SELECT screen_table('audit_view3', 'audit', key => ARRAY['id']) AS v1 \gset
INSERT INTO listed_parties (list, party_id, name) VALUES ('test', 'p-3', 'Exporter 3');
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '850440', '4B', '2024-02-23');
SELECT screen_rescreen(:t1) AS t2 \gset
SELECT rescored, changes->'codes' AS codes, changes->'exporters' AS exporters FROM screen_runs WHERE run_id = :t2;
SELECT count(*) = (SELECT rescored FROM screen_runs WHERE run_id = :t2) AS rescored_exporter_3_and_850440
  FROM audit_decl WHERE exporter = 'Exporter 3' OR hs = '850440';
SELECT screen_table('audit_decl', 'audit') AS t2full \gset
SELECT audit_same(:t2, :t2full) AS differing_rows;
SELECT screen_rescreen(:v1) AS v2 \gset
SELECT rescored, changes->'exporters' AS exporters FROM screen_runs WHERE run_id = :v2;
SELECT audit_same(:v2, :t2full) AS differing_rows;
-- a row added since: both refuse (the table's rows counted in the picking pass)
INSERT INTO audit_decl SELECT 600, decl_date, hs, origin, route, value_usd, quantity, unit, exporter FROM audit_decl WHERE id = 3;
UPDATE listed_parties SET aliases = ARRAY['Exporter Three'] WHERE party_id = 'p-3';
CREATE FUNCTION audit_rescreen_state(run bigint) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM screen_rescreen(run);
    RETURN 'rescreened';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;
SELECT audit_rescreen_state(:t2) AS table_rescreen, audit_rescreen_state(:v2) AS view_rescreen;
DROP FUNCTION audit_rescreen_state(bigint);
DELETE FROM audit_decl WHERE id = 600;
DROP VIEW audit_view3;
-- screen_exporter_in remembers a name's answer only for the keys it was given
SELECT e, screen_exporter_in(e, k) AS is_in
  FROM (VALUES (1, 'Exporter 3', ARRAY[screen_exporter_key('Exporter 3')]), (2, 'Exporter 3', ARRAY['x']),
               (3, 'Exporter 4', ARRAY[NULL, screen_exporter_key('Exporter 4')]), (4, NULL, ARRAY['x'])) v(i, e, k)
 ORDER BY i;

DROP OWNED BY regress_screen_reader, regress_screen_analyst, regress_screen_runner, regress_screen_outsider;
DROP ROLE regress_screen_reader, regress_screen_analyst, regress_screen_runner, regress_screen_outsider;
DROP VIEW audit_view, audit_view2;
DROP FUNCTION audit_same(bigint, bigint);
DELETE FROM screen_decisions;
DELETE FROM screen_run_inputs;
DELETE FROM screen_results;
UPDATE screen_runs SET base_run = NULL, rescreen_of = NULL;
DELETE FROM screen_runs;
DELETE FROM screen_profiles WHERE profile = 'audit';
DELETE FROM watchlists WHERE NOT shipped;
DELETE FROM listed_parties;
DELETE FROM restrictions WHERE NOT shipped;
DROP TABLE audit_decl;

-- Route-anomaly scoring: screen_fit and screen_declaration, each indicator
-- firing and not firing with its evidence, NULLs, errors and configuration.
SET extra_float_digits = 0;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;

-- A small, deterministic trade history: 2021 is the baseline, 2022-2023 the
-- screened period (default cutoff 24 February 2022).
CREATE TABLE fit_decl (
    decl_date date, hs hscode, origin country, route route,
    value_usd numeric, quantity double precision, unit text, exporter text, note text
);
-- laptops (847130) to Russia from Germany every week for three years, by
-- two German exporters, at about 500 USD a unit
INSERT INTO fit_decl
SELECT date '2021-01-04' + 7 * i, '847130', 'DE', 'DE>RU', round((500 * (1 + 0.1 * sin(i)) * 20)::numeric, 2), 20, 'u',
       CASE WHEN i % 2 = 0 THEN 'Alpha GmbH' ELSE 'Beta AG' END, 'steady'
  FROM generate_series(0, 155) i;
-- Chinese phones (851713) to Russia directly, every week
INSERT INTO fit_decl
SELECT date '2021-01-05' + 7 * i, '851713', 'CN', 'CN>RU', round((150 * (1 + 0.1 * cos(i)) * 100)::numeric, 2), 100, 'u',
       'Shenzhen Phones Ltd', 'steady'
  FROM generate_series(0, 155) i;
-- Kazakh washing machines (845011) to Russia: none in 2021, a flood from 2022
INSERT INTO fit_decl
SELECT date '2022-03-01' + 3 * i, '845011', 'KZ', 'KZ>RU', round((300 * (1 + 0.05 * sin(i)) * 50)::numeric, 2), 50, 'u',
       'Astana Trade LLP', 'surge'
  FROM generate_series(0, 200) i;
-- Kazakh wheat (100199) to Russia, steady, which makes KZ a known dispatch country for Russia
INSERT INTO fit_decl
SELECT date '2021-01-06' + 7 * i, '100199', 'KZ', 'KZ>RU', round((250 * (1 + 0.1 * sin(i)) * 1000)::numeric, 2), 1000, 'kg',
       'Kostanay Grain', 'steady'
  FROM generate_series(0, 155) i;
-- rows with NULLs do not stop a fit
INSERT INTO fit_decl VALUES
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'nulls'),
    ('2021-06-01', '847130', NULL, NULL, 100, 0, 'u', NULL, 'zero quantity');

SELECT fitted_profile, version, fitted_rows, rows_before_cutoff, has_history,
       unit_value_groups > 0 AS uv, lanes > 0 AS lanes, route_cells, origin_cells, exporters
  FROM screen_fit('fit_decl');

SELECT code, unit, n, round(exp(median)::numeric, 1) AS median_unit_value, round(mad::numeric, 3) AS mad
  FROM screen_baseline_unit_value WHERE profile = 'default' ORDER BY code, unit COLLATE "C";
SELECT dispatch, destination, heading, round(before::numeric) AS before, round(after::numeric) AS after,
       round(ratio::numeric, 2) AS ratio, round(relative::numeric, 2) AS relative
  FROM screen_baseline_lane WHERE profile = 'default' ORDER BY 1, 2, 3;

-- one declaration, scored, with the reasons as rows
CREATE FUNCTION show(hs hscode, route route, origin country, d date, v float8, q float8, unit text, exporter text,
                     profile text DEFAULT 'default')
RETURNS TABLE (score numeric, level text, indicator text, contribution numeric, evidence jsonb)
LANGUAGE sql AS $$
    SELECT round((s).score::numeric, 3), (s).level, r->>'indicator', round((r->>'contribution')::numeric, 3), r->'evidence'
      FROM (SELECT screen_declaration($1, $2, $3, $4, $5, $6, $7, $8, $9) s) x
      LEFT JOIN LATERAL jsonb_array_elements((s).reasons) r ON true
     ORDER BY r->>'indicator' COLLATE "C"
$$;

-- 1. watchlist: CHPL tier 1 goods from Germany via Kazakhstan to Russia in 2023
SELECT * FROM show('854231', 'DE>KZ>RU', 'DE', '2023-05-10', 40000, 100, 'u', 'Alpha GmbH');
-- ... furniture on the same route is on no watchlist
SELECT indicator FROM show('940360', 'DE>KZ>RU', 'DE', '2023-05-10', 40000, 100, 'u', 'Alpha GmbH') WHERE indicator = 'watchlist';
-- ... CHPL goods within the coalition barely count (exposure of the destination)
SELECT * FROM show('854231', 'DE>FR', 'DE', '2023-05-10', 40000, 100, 'u', 'Alpha GmbH');

-- 2. transshipment fires through a hub after the sanctions, not before, not direct
SELECT indicator, contribution, evidence FROM show('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
SELECT count(*) AS fired_2021 FROM show('940360', 'DE>KZ>RU', 'DE', '2021-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
SELECT count(*) AS fired_direct FROM show('940360', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
-- ... Chinese goods via Kazakhstan: no coalition nexus, so it weighs less
SELECT indicator, contribution FROM show('940360', 'CN>KZ>RU', 'CN', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';

-- 3. origin: made in a hub but shipped from the coalition; coalition goods dispatched from a hub
SELECT indicator, evidence FROM show('940360', 'DE>KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'origin';
SELECT indicator, evidence FROM show('940360', 'KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'origin';
-- ... but Asian goods re-shipped from an EU warehouse to a hub, from a usual maker, weigh little
SELECT indicator, contribution, evidence FROM show('851713', 'NL>KZ', 'CN', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'origin';
-- ... and a Kazakh-made good shipped from Kazakhstan is consistent
SELECT count(*) AS fired FROM show('100199', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'origin';

-- 4. route shape: a round trip fires, a direct route does not
SELECT indicator, evidence->>'cause' AS cause FROM show('940360', 'RU>KZ>RU', 'RU', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'route_shape';
SELECT count(*) AS fired FROM show('940360', 'DE>PL>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'route_shape';

-- 5. unit value: 20 times under and over the laptops' median fire, both ways; the usual price does not
SELECT indicator, evidence - 'n' AS evidence FROM show('847130', 'DE>RU', 'DE', '2023-05-10', 25 * 20, 20, 'u', 'Alpha GmbH') WHERE indicator = 'unit_value';
SELECT indicator, round((evidence->>'robust_z')::numeric) > 0 AS over FROM show('847130', 'DE>RU', 'DE', '2023-05-10', 10000 * 20, 20, ' U ', 'Alpha GmbH') WHERE indicator = 'unit_value';
SELECT count(*) AS fired FROM show('847130', 'DE>RU', 'DE', '2023-05-10', 520 * 20, 20, 'u', 'Alpha GmbH') WHERE indicator = 'unit_value';
-- ... a NULL value, a NULL quantity or a zero quantity only disables it
SELECT count(*) AS fired FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, 20, 'u', 'Alpha GmbH') WHERE indicator = 'unit_value';
SELECT count(*) AS fired FROM show('847130', 'DE>RU', 'DE', '2023-05-10', 25 * 20, 0, 'u', 'Alpha GmbH') WHERE indicator = 'unit_value';
-- ... a national 10-digit line is judged against its subheading's baseline
SELECT indicator, evidence->>'baseline' AS baseline FROM show('8471300001', 'DE>RU', 'DE', '2023-05-10', 25 * 20, 20, 'u', 'Alpha GmbH') WHERE indicator = 'unit_value';

-- 6. lane surge: Kazakh washing machines to Russia, from nothing; the steady laptop lane does not
SELECT indicator, evidence - 'before' - 'after' - 'ratio' AS evidence FROM show('845011', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'lane_surge';
SELECT count(*) AS fired FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'lane_surge';
SELECT count(*) AS fired_before_cutoff FROM show('845011', 'KZ>RU', 'KZ', '2021-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'lane_surge';

-- 7. new trader: unknown exporter into Russia via a hub; a known one in its chapter; a known one far from it
SELECT indicator, evidence FROM show('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Newco Trading LLP') WHERE indicator = 'new_trader';
SELECT count(*) AS fired FROM show('847150', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, '  alpha   GMBH ') WHERE indicator = 'new_trader';
SELECT indicator, evidence FROM show('870380', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Alpha GmbH') WHERE indicator = 'new_trader';
SELECT count(*) AS fired_no_exporter FROM show('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'new_trader';

-- 8. route rarity: laptops reach Russia from Germany; from Armenia is rare; the exporter's new leg
SELECT indicator, evidence->>'cause' AS cause, evidence->>'dispatch' AS dispatch, (evidence->>'rarity')::numeric > 1 AS rare
  FROM show('847130', 'DE>AM>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'route_rarity';
SELECT count(*) AS fired FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'route_rarity';
SELECT indicator, evidence FROM show('847130', 'DE>AM>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Alpha GmbH') WHERE indicator = 'route_rarity';
-- ... a heading never seen for Russia falls back on Russia's usual dispatch countries: from Germany is not rare
SELECT count(*) AS fired FROM show('292429', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'route_rarity';

-- 9. party: a fitted exporter that matches a listed party (across scripts), found at fit time
INSERT INTO listed_parties (list, party_id, name, aliases) VALUES ('test', 'p-1', 'ТОО «Бета»', ARRAY['Beta AG']);
SELECT fitted_profile FROM screen_fit('fit_decl');
SELECT indicator, contribution, evidence FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Beta AG') WHERE indicator = 'party';
SELECT count(*) AS fired FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Alpha GmbH') WHERE indicator = 'party';
DELETE FROM listed_parties WHERE list = 'test';
SELECT fitted_profile FROM screen_fit('fit_decl');
SELECT count(*) AS fired_after_delisting FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Beta AG') WHERE indicator = 'party';
-- ... identifiers: with an exporter_id column, a listed identifier matches whatever the name
-- (Kostanay Grain's declarations carry the BIN of a party listed under another name), and a
-- listed name whose party has another identifier of the same scheme is lowered x0.8 (Alpha
-- GmbH's own name still clears the threshold, with the conflict in the evidence)
CREATE VIEW fit_ids AS
SELECT *, CASE exporter WHEN 'Kostanay Grain' THEN 'BIN 0806-4000-1234'
                        WHEN 'Alpha GmbH' THEN 'HRB 0000001' END AS exporter_id
  FROM fit_decl;
INSERT INTO listed_parties (list, party_id, name, identifiers) VALUES
    ('test', 'p-2', 'ТОО «Совсем Другое Имя»', ARRAY['080640001234']),
    ('test', 'p-3', 'Alfa GmbH', ARRAY['HRB 0000009']);
SELECT fitted_profile FROM screen_fit('fit_ids');
SELECT exporter, party_id, round(similarity::numeric, 3) AS similarity, matched_by
  FROM screen_baseline_party WHERE profile = 'default' ORDER BY exporter COLLATE "C";
SELECT indicator, evidence FROM show('100199', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, 'Kostanay Grain') WHERE indicator = 'party';
SELECT indicator, contribution, evidence FROM show('847130', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Alpha GmbH') WHERE indicator = 'party';
-- ... without the identifiers the same list matches Alpha GmbH by name alone
SELECT fitted_profile FROM screen_fit('fit_decl');
SELECT exporter, party_id, round(similarity::numeric, 3) AS similarity, matched_by
  FROM screen_baseline_party WHERE profile = 'default' ORDER BY exporter COLLATE "C";
-- ... an exporter_id of another type is rejected, naming the column
CREATE VIEW fit_bad_ids AS SELECT *, 1 AS exporter_id FROM fit_decl;
SELECT screen_fit('fit_bad_ids');
DROP VIEW fit_bad_ids, fit_ids;
DELETE FROM listed_parties WHERE list = 'test';
SELECT fitted_profile FROM screen_fit('fit_decl');

-- noisy-OR: independent flags add up, and the score stays in [0, 1]
SELECT score, level, count(*) AS reasons, round(1 - exp(sum(ln(1 - contribution)))::numeric, 3) AS noisy_or
  FROM show('854231', 'DE>KZ>RU', 'KZ', '2023-05-10', 1 * 20, 20, 'u', 'Newco Trading LLP') GROUP BY 1, 2;

-- NULL arguments
SELECT (screen_declaration(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).*;
SELECT screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 1, 1, 'u', 'x', NULL) IS NULL AS null_profile;

-- configuration: a heavier weight takes effect in the next statement
SELECT (screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL)).score::numeric(4,3) AS before;
INSERT INTO screen_config (profile, parameter, value, note) VALUES ('default', 'weight.transshipment', 0.9, 'test');
SELECT (screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL)).score::numeric(4,3) AS after;
SELECT parameter, value, configured, default_value FROM screen_parameters WHERE profile = 'default' AND parameter LIKE 'weight.t%' ORDER BY 1;
-- a tier's weight, by name
INSERT INTO screen_config VALUES ('default', 'tier.1', 0.2, 'test');
SELECT contribution, evidence->>'tier_weight' AS tier_weight FROM show('854231', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'watchlist';
DELETE FROM screen_config WHERE note = 'test';
-- an unknown parameter is refused
INSERT INTO screen_config VALUES ('default', 'weight.nonsense', 1, NULL);

-- country roles: ending Serbia's hub role is an edit of a shipped row, which
-- becomes the user's row (kept by pg_dump and upgrades) and takes effect at once
SELECT count(*) AS fired FROM show('940360', 'DE>RS>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
UPDATE country_roles SET valid_to = '2023-01-01', source = 'test: Serbia counted as a hub in 2022 only'
 WHERE role = 'hub' AND country = 'RS';
SELECT count(*) AS fired FROM show('940360', 'DE>RS>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
SELECT count(*) AS fired FROM show('940360', 'DE>RS>RU', 'DE', '2022-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
SELECT role, shipped, count(*) FROM country_roles GROUP BY role, shipped ORDER BY role, shipped;
SELECT key FROM shipped_row_edits WHERE table_name = 'country_roles';
-- a row of your own with another start date for a (role, country) replaces all shipped rows of the pair
INSERT INTO country_roles (role, country, valid_from, source) VALUES ('hub', 'TR', '2024-01-01', 'test: Turkey a hub from 2024 only');
SELECT count(*) AS fired_2023 FROM show('940360', 'DE>TR>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';
DELETE FROM country_roles WHERE role = 'hub' AND country = 'TR' AND NOT shipped;
SELECT count(*) AS fired_2023 FROM show('940360', 'DE>TR>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL) WHERE indicator = 'transshipment';

-- profiles: an unknown one is a clear error; an unfitted copy has no baselines, so only the rules that need none fire
SELECT screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 1, 1, 'u', 'x', 'nosuch');
SELECT screen_profile_create('strict', 'default');
SELECT (screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'strict')).fired;
SELECT screen_profile_create('other', 'nosuch');

-- screen_fit: errors name the column
CREATE TABLE bad1 (decl_date date, hs hscode, origin country, route route, value_usd numeric, quantity numeric, unit text);
SELECT screen_fit('bad1');
CREATE TABLE bad2 (decl_date date, hs text, origin country, route route, value_usd numeric, quantity numeric, unit text, exporter text);
SELECT screen_fit('bad2');
SELECT screen_fit(NULL);
-- an empty table fits, with no history: the indicators that compare with the past stay silent
CREATE TABLE empty_decl (LIKE fit_decl);
SELECT fitted_profile, fitted_rows, rows_before_cutoff, has_history, unit_value_groups, lanes FROM screen_fit('empty_decl', 'empty');
SELECT fired FROM (SELECT (screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, 'Newco', 'empty')).*) s;
-- a view with extra columns and casts works; refitting replaces the baselines
CREATE VIEW fit_view AS SELECT note, decl_date, hs, origin, route, value_usd::float8 AS value_usd, quantity::numeric AS quantity, unit::varchar AS unit, exporter FROM fit_decl;
SELECT fitted_profile, version, fitted_rows FROM screen_fit('fit_view', 'empty');
SELECT count(*) > 0 AS has_baselines FROM screen_baseline_unit_value WHERE profile = 'empty';

-- screen_score is screen_declaration's score, without the reasons
SELECT count(*) AS rows, count(*) FILTER (WHERE screen_score(hs, route, origin, decl_date + 500, value_usd::float8, quantity, unit, exporter)
                                          = (screen_declaration(hs, route, origin, decl_date + 500, value_usd::float8, quantity, unit, exporter)).score) AS equal,
       count(*) FILTER (WHERE screen_score(hs, route, origin, decl_date + 500, value_usd::float8, quantity, unit, exporter) > 0) AS scored
  FROM fit_decl;

-- a renamed profile keeps its baselines; a deleted one takes them with it
UPDATE screen_profiles SET profile = 'renamed' WHERE profile = 'empty';
SELECT count(*) > 0 AS kept FROM screen_baseline_lane WHERE profile = 'renamed';
DELETE FROM screen_profiles WHERE profile = 'renamed';
SELECT (SELECT count(*) FROM screen_baseline_unit_value WHERE profile IN ('empty', 'renamed'))
     + (SELECT count(*) FROM screen_baseline_lane WHERE profile IN ('empty', 'renamed'))
     + (SELECT count(*) FROM screen_baseline_exporter_leg WHERE profile IN ('empty', 'renamed')) AS left_behind;

-- copying a profile to another server: screen_profile_export writes it as
-- (part, data) rows, screen_profile_import rebuilds it, here under another
-- name; floats travel at full precision whatever extra_float_digits is (0 here)
CREATE TABLE exported AS SELECT * FROM screen_profile_export('default');
SELECT part, count(*) FROM exported GROUP BY part ORDER BY part COLLATE "C";
SELECT data - 'extversion' AS header, data ? 'extversion' AS has_extversion FROM exported WHERE part = 'header';
SELECT imported_profile, version = (SELECT version FROM screen_profiles WHERE profile = 'default') AS same_version, imported_rows
  FROM screen_profile_import('exported', 'copy');
-- the copy knows it was imported (an export leaves the flag out: it is this
-- server's fact); a fit makes a profile its own again
SELECT profile, imported FROM screen_profiles WHERE profile IN ('default', 'copy') ORDER BY profile;
-- the copy's rows are the original's, bit for bit
SELECT count(*) AS differing FROM (
    (SELECT part, data - 'profile' FROM screen_profile_export('default') WHERE part <> 'header'
     EXCEPT ALL SELECT part, data - 'profile' FROM screen_profile_export('copy'))
    UNION ALL
    (SELECT part, data - 'profile' FROM screen_profile_export('copy') WHERE part <> 'header'
     EXCEPT ALL SELECT part, data - 'profile' FROM screen_profile_export('default'))) x;
SELECT count(*) AS lanes, count(*) FILTER (WHERE (a.before, a.after, a.ratio, a.relative) = (b.before, b.after, b.ratio, b.relative)) AS same_floats
  FROM screen_baseline_lane a JOIN screen_baseline_lane b USING (dispatch, destination, heading)
 WHERE a.profile = 'default' AND b.profile = 'copy';
-- and it scores every declaration as the original does, version included
SELECT count(*) AS rows, count(*) FILTER (WHERE (a.s).score = (b.s).score AND (a.s).level = (b.s).level
                                            AND (a.s).reasons = (b.s).reasons AND (a.s).fired = (b.s).fired
                                            AND (a.s).profile_version = (b.s).profile_version) AS same,
       count(*) FILTER (WHERE (a.s).score > 0) AS scored
  FROM fit_decl f,
       LATERAL (SELECT screen_declaration(f.hs, f.route, f.origin, f.decl_date + 500, f.value_usd::float8, f.quantity, f.unit, f.exporter, 'default') s) a,
       LATERAL (SELECT screen_declaration(f.hs, f.route, f.origin, f.decl_date + 500, f.value_usd::float8, f.quantity, f.unit, f.exporter, 'copy') s) b;
-- an import refuses what it cannot reproduce: another version's export,
-- other watchlist entries or country roles here, no export at all
UPDATE exported SET data = data || '{"extversion": "0.1.0"}' WHERE part = 'header';
-- (the message names this server's version, which each release changes: the SQLSTATE only)
\set VERBOSITY sqlstate
SELECT screen_profile_import('exported', 'copy');
\set VERBOSITY default
UPDATE exported SET data = data || jsonb_build_object('extversion', (SELECT extversion FROM pg_extension WHERE extname = 'trade_screen'))
 WHERE part = 'header';
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '0101', '1', '2020-01-01');
SELECT screen_profile_import('exported', 'copy');
DELETE FROM watchlists WHERE list = 'CHPL' AND code = '0101';
INSERT INTO country_roles (role, country, valid_from, source) VALUES ('hub', 'MN', '2022-02-24', 'test: Mongolia');
SELECT screen_profile_import('exported', 'copy');
DELETE FROM country_roles WHERE role = 'hub' AND country = 'MN';
SELECT screen_profile_import('fit_decl');
SELECT count(*) FROM screen_profile_export('nosuch');
DELETE FROM exported WHERE part = 'header';
SELECT screen_profile_import('exported');

-- a session's cached profile is reloaded when its row is rewritten at the
-- same version: a profile deleted and fitted again on other rows, and an
-- import of another fit made at that version
CREATE VIEW no_surge AS SELECT * FROM fit_decl WHERE note <> 'surge';
SELECT version FROM screen_fit('fit_decl', 'v');
SELECT (screen_declaration('845011', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL, 'v')).fired AS surge_fitted;
DELETE FROM screen_profiles WHERE profile = 'v';
SELECT version FROM screen_fit('no_surge', 'v');
SELECT (screen_declaration('845011', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL, 'v')).fired AS surge_not_fitted;
CREATE TABLE exported_no_surge AS SELECT * FROM screen_profile_export('v');
DELETE FROM screen_profiles WHERE profile = 'v';
SELECT version FROM screen_fit('fit_decl', 'v');
SELECT (screen_declaration('845011', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL, 'v')).fired AS surge_fitted;
SELECT imported_profile, version FROM screen_profile_import('exported_no_surge');
SELECT (screen_declaration('845011', 'KZ>RU', 'KZ', '2023-05-10', NULL, NULL, NULL, NULL, 'v')).fired AS surge_imported;
DELETE FROM screen_profiles WHERE profile IN ('v', 'copy');

-- the catalog
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict
  FROM pg_proc p WHERE p.proname IN ('screen_declaration', 'screen_fit', 'route_dispatch', 'screen_key', 'lane_change', 'robust_stats',
                     'screen_profile_export', 'screen_profile_import', 'screen_profile_inputs')
 ORDER BY p.oid::regprocedure::text COLLATE "C";

-- issue 19: the registry of baseline tables is every table of the extension
-- keyed by profile but screen_profiles and screen_config (screen_runs names
-- the profile a run used, screen_profile_versions keeps a profile's versions:
-- neither is a baseline)
SELECT array(SELECT unnest(screen_baseline_tables()) ORDER BY 1) = array(
         SELECT c.relname::text FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
          WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'trade_screen') AND d.deptype = 'e'
            AND c.relkind = 'r' AND c.relname NOT IN ('screen_profiles', 'screen_config', 'screen_runs', 'screen_profile_versions')
            AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'profile')
          ORDER BY 1) AS registry_complete;
-- units: standard codes and exact conversions
SELECT u, unit_normalize(u), unit_factor(u)
  FROM unnest(ARRAY['u', 'PCS', 'pcs.', 'NAR', 'шт', 'ШТ', 'kgs', 'кг', 'g', 't', 'TNE', 'ltr', 'MTK', '1000 p/st', 'Barrels']) u;
-- printed codes of restriction lists
SELECT c, restriction_code(c)
  FROM unnest(ARRAY['7304 11 00', '8471 00 00', 'ex 8450 11', '8542.31', '7208', '97', '1234567', 'abc']) c;
-- the shipped regimes and what they hold
SELECT regime, binds @> '{DE}' AS binds_de, destinations, data_until, count(*) AS codes,
       count(*) FILTER (WHERE ex) AS ex_codes, count(min_item_value_eur) AS value_conditions
  FROM restriction_regimes JOIN restrictions USING (regime) GROUP BY 1, 2, 3, 4 ORDER BY 1;
-- restrictions_load: a regime of your own from CSV rows; errors by SQLSTATE
INSERT INTO restriction_regimes (regime, title, binds, destinations, source)
VALUES ('test-ear', 'test', '{US}', '{RU,BY}', 'test');
CREATE TEMP TABLE ear_rows (code text, list text, valid_from date, source text, ex text, min_item_value_eur text);
INSERT INTO ear_rows VALUES ('8471.30', 'Supp. 4', '2022-04-09', 'test', '', ''),
    ('ex 8517 13 00', 'Supp. 4', '2022-04-09', 'test', 'ex', '500'), ('x', 'Supp. 4', '2022-04-09', 'test', '', '');
SELECT * FROM restrictions_load('test-ear', 'ear_rows');
SELECT code, list, ex, min_item_value_eur FROM restrictions WHERE regime = 'test-ear' ORDER BY code;
SELECT (screen_declaration('847130', 'US>RU', 'US', '2023-05-10', NULL, NULL, NULL, NULL)).fired AS us_laptops;
-- Annex XVIII (17): cars are an "ex" code listed by value (Art. 3h(2), over EUR 50,000 each).
-- Verified above the threshold the row applies in full (strength 1, as a code listed whole);
-- the value unknown: ex_factor x value_unknown; at or below it: not restricted.
SELECT x.label, (s).level, (SELECT (r->>'strength')::float8 FROM jsonb_array_elements((s).reasons) r WHERE r->>'indicator' = 'restricted') AS restricted,
       (SELECT r->'evidence'->>'value_condition' FROM jsonb_array_elements((s).reasons) r WHERE r->>'indicator' = 'restricted') AS value_condition,
       (SELECT (r->>'strength')::float8 FROM jsonb_array_elements((s).reasons) r WHERE r->>'indicator' = 'direct_export') AS direct_export
  FROM (VALUES ('EUR 95,000', 95000 * 1.05, 1.0), ('value unknown', 95000 * 1.05, NULL), ('EUR 30,000', 30000 * 1.05, 1.0)) x(label, v, q),
       LATERAL (SELECT screen_declaration('870323', 'DE>RU', 'DE', '2023-05-10', x.v, x.q, 'u', 'Alpha GmbH') s) y;
-- a declared heading or chapter: the share of its HS2022 subheadings that listed codes cover
SELECT c AS declared, (s).level, (r->>'strength')::float8 AS restricted, r->'evidence'->>'subheadings' AS subheadings,
       r->'evidence'->>'covered_subheadings' AS covered
  FROM unnest(ARRAY['8542', '85', '8703']) c,
       LATERAL (SELECT screen_declaration(c::hscode, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Alpha GmbH') s) y
       LEFT JOIN LATERAL jsonb_array_elements((s).reasons) r ON r->>'indicator' = 'restricted'
 ORDER BY 1;
-- and the watchlist weighs such a declaration by the tier weights of the
-- subheadings its members cover: 8542's four listed subheadings of five at
-- tier 1 weigh 0.8; bearings' four of eight at tier 3B (0.65) 0.325; a
-- chapter with few members almost nothing
SELECT c AS declared, round((r->'evidence'->>'tier_weight')::numeric, 4) AS tier_weight,
       r->'evidence'->>'subheadings' AS subheadings, r->'evidence'->>'covered_subheadings' AS covered
  FROM unnest(ARRAY['8542', '85', '8482']) c,
       LATERAL (SELECT screen_declaration(c::hscode, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Alpha GmbH') s) y
       LEFT JOIN LATERAL jsonb_array_elements((s).reasons) r ON r->>'indicator' = 'watchlist'
 ORDER BY 1;
DO $$
DECLARE
    state text;
BEGIN
    BEGIN
        PERFORM restrictions_load('no-such-regime', 'ear_rows');
    EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE; RAISE WARNING 'unknown regime: %', state;
    END;
    BEGIN
        PERFORM restrictions_load('test-ear', 'pg_class');
    EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE; RAISE WARNING 'missing column: %', state;
    END;
END
$$;
DELETE FROM restrictions WHERE regime = 'test-ear';
DELETE FROM restriction_regimes WHERE regime = 'test-ear';
-- exporters: names sharing an exporter_id are one firm; spellings of a name are one key
CREATE TABLE fit_firms (decl_date date, hs hscode, origin country, route route, value_usd numeric,
                        quantity numeric, unit text, exporter text, exporter_id text);
INSERT INTO fit_firms
SELECT date '2021-01-04' + 7 * i, '100199', 'KZ', 'KZ>RU', 25000, 100, 't', 'Kostanay Astyk LLP', 'BIN 0123'
  FROM generate_series(0, 120) i
UNION ALL
SELECT date '2023-01-04' + 7 * i, '100199', 'KZ', 'KZ>RU', 25000, 100, 't', 'Northern Steppe Grain LLP', 'BIN 0123'
  FROM generate_series(0, 5) i
UNION ALL
SELECT date '2021-01-05' + 7 * i, '720241', 'KZ', 'KZ>RU', 90000, 60, 't', 'Aktobe Ferro JSC', NULL
  FROM generate_series(0, 120) i;
SELECT fitted_profile FROM screen_fit('fit_firms', 'firms');
SELECT e, (screen_declaration('100199', 'KZ>RU', 'KZ', '2023-06-01', 25000, 100, 't', e, 'firms')).fired
  FROM unnest(ARRAY['Kostanay Astyk LLP', 'ТОО «Костанай Астык»', 'KOSTANAY ASTYK L.L.P.',
                    'Northern Steppe Grain LLP', 'Southern Steppe Grain LLP']) e;
SELECT exporter, first_seen, declarations_before FROM screen_baseline_exporter WHERE profile = 'firms' ORDER BY exporter COLLATE "C";
DELETE FROM screen_profiles WHERE profile = 'firms';

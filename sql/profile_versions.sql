-- Profile versions and the profile cache: every fit and every change of an
-- input makes a kept version; 'name@N' scores as version N did whatever
-- changed since; each statement (PL/pgSQL's too) sees the latest committed
-- version; a row naming another profile costs no query; the cache is bounded;
-- configuration values are checked; 'infinity' dates; the watchlist as of the
-- statement's day; listed names screened for exporters the fit never saw.
SET extra_float_digits = 0;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS trade_screen;

CREATE TABLE pv_decl (
    decl_date date, hs hscode, origin country, route route,
    value_usd float8, quantity float8, unit text, exporter text
);
INSERT INTO pv_decl
SELECT date '2021-01-04' + 5 * i,
       (ARRAY['847130', '851713', '845011', '100199'])[1 + i % 4]::hscode,
       (ARRAY['DE', 'CN', 'KZ', 'KZ'])[1 + i % 4]::country,
       (ARRAY['DE>RU', 'CN>RU', 'KZ>RU', 'KZ>RU'])[1 + i % 4]::route,
       (100 + i % 13) * 20.0, 20, 'u', 'Exporter ' || (i % 9)
  FROM generate_series(0, 400) i;
-- probes: declarations scored with a version, to compare later
CREATE TABLE pv_probe (id int, hs hscode, route route, origin country, decl_date date,
                       value_usd float8, quantity float8, unit text, exporter text);
INSERT INTO pv_probe VALUES
    (1, '854231', 'DE>KZ>RU', 'DE', '2023-05-10', 5000, 10, 'u', 'Newco LLP'),
    (2, '847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', 'Exporter 0'),
    (3, '851713', 'CN>AM>RU', 'CN', '2023-05-10', 3000, 20, 'u', 'Zeta Trading LLP'),
    (4, '845011', 'KZ>RU', 'KZ', '2023-05-10', 2600, 20, 'u', 'Exporter 2'),
    (5, '940360', 'DE>GE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL),
    (6, '010121', 'DE>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL),
    (7, '847130', 'DE>MN>RU', 'DE', '2023-05-10', 100, 20, 'u', 'Exporter 1'),
    (8, '100199', 'KZ>RU', 'KZ', '2021-05-10', 5000, 20, 'u', 'Exporter 3');
CREATE FUNCTION pv_scores(ref text) RETURNS TABLE (id int, score float8, level text, reasons jsonb)
    LANGUAGE sql STABLE AS $$
    SELECT p.id, (s).score, (s).level, (s).reasons
      FROM pv_probe p, LATERAL (SELECT screen_declaration(p.hs, p.route, p.origin, p.decl_date, p.value_usd,
                                                         p.quantity, p.unit, p.exporter, ref) AS s) x
     ORDER BY p.id
$$;

-- a fit makes a version, kept with its image
SELECT version FROM screen_fit('pv_decl', 'pv');
SELECT version, made_by, changed, pinned, superseded_at IS NULL AS current,
       (screen_profile_image_info(image)).facts > 0 AS has_facts
  FROM screen_profile_versions WHERE profile = 'pv' ORDER BY version;
CREATE TABLE pv_v2 AS SELECT * FROM pv_scores('pv@2');
SELECT count(*) AS same_as_current FROM pv_v2 a JOIN pv_scores('pv') b USING (id)
 WHERE a.score = b.score AND a.reasons = b.reasons;

-- a statement that changes no content makes no version (as a restore does not)
UPDATE screen_config SET value = value WHERE profile = 'pv';
UPDATE country_roles SET source = source WHERE false;
SELECT version FROM screen_profiles WHERE profile = 'pv';

-- each kind of change makes a version that names what changed, and pv@2 still scores as version 2 did
INSERT INTO screen_config VALUES ('pv', 'weight.transshipment', 0.9, 'test');
UPDATE screen_config SET note = 'a note changes no score' WHERE profile = 'pv';
INSERT INTO country_roles (role, country, valid_from, source) VALUES ('hub', 'MN', '2022-02-24', 'test: Mongolia');
INSERT INTO watchlists (list, code, tier, valid_from) VALUES ('CHPL', '010121', '1', '2020-01-01');
INSERT INTO watchlist_tiers (list, tier, tier_order, definition) VALUES ('CHPL', 'test', 9, 'test tier');
INSERT INTO listed_parties (list, party_id, name) VALUES ('pvtest', 'z-1', 'Zeta Trading L.L.P.');
INSERT INTO restriction_regimes (regime, title, binds, destinations, source)
VALUES ('PV-TEST', 'test regime', '{DE}', '{RU}', 'test');
INSERT INTO restrictions (regime, code, list, valid_from, source) VALUES ('PV-TEST', '847130', 'test', '2022-01-01', 'test');
DELETE FROM pv_decl WHERE exporter = 'Exporter 2';
SELECT version FROM screen_fit('pv_decl', 'pv');
UPDATE screen_profiles SET cutoff = '2022-03-01' WHERE profile = 'pv';
SELECT version, made_by, changed FROM screen_profile_versions WHERE profile = 'pv' ORDER BY version;
-- every probe scores as version 2 did, though each input changed since
SELECT count(*) AS probes, count(*) FILTER (WHERE a.score = b.score AND a.level = b.level AND a.reasons = b.reasons) AS same_as_v2
  FROM pv_v2 a JOIN pv_scores('pv@2') b USING (id);
-- ... while the current version scores otherwise (each change mattered)
SELECT a.id, a.level AS v2, b.level AS now, b.reasons @> '[{"indicator": "party"}]' AS party_now
  FROM pv_v2 a JOIN pv_scores('pv') b USING (id)
 WHERE a.score <> b.score ORDER BY a.id;
-- and a version reference names its version in the result
SELECT (s).profile, (s).profile_version
  FROM (SELECT screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'pv@2') s) x;
SELECT (screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'pv@999')).score;
SELECT (screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'nosuch@1')).score;

-- the party indicator for an exporter the fit never saw, listed after the fit:
-- Zeta Trading LLP is not in pv_decl, its listed spelling is L.L.P.
SELECT r->>'indicator' AS indicator, r->'evidence'->>'party_id' AS party_id, r->'evidence'->>'matched_by' AS matched_by
  FROM pv_scores('pv') s, jsonb_array_elements(s.reasons) r
 WHERE s.id = 3 AND r->>'indicator' = 'party';
DELETE FROM listed_parties WHERE list = 'pvtest';
SELECT count(*) AS party_after_delisting FROM pv_scores('pv') s, jsonb_array_elements(s.reasons) r
 WHERE r->>'indicator' = 'party';

-- PL/pgSQL: each statement of a function scores with the version committed
-- (or written by the function) when it starts, not the one of its first call
CREATE FUNCTION pv_plpgsql() RETURNS TABLE (step int, score numeric, version bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
        s screening;
    BEGIN
        FOR i IN 1 .. 3 LOOP
            s := screen_declaration('940360', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'pv');
            step := i; score := round(s.score::numeric, 3); version := s.profile_version;
            RETURN NEXT;
            UPDATE screen_config SET value = 0.2 * i WHERE profile = 'pv' AND parameter = 'weight.transshipment';
        END LOOP;
    END
    $$;
SELECT p.step, p.score, p.version - min(p.version) OVER () AS versions_later FROM pv_plpgsql() p ORDER BY 1;
SELECT count(DISTINCT score) AS distinct_scores, count(DISTINCT version) AS distinct_versions FROM pv_plpgsql();

-- a profile switch per row costs a hash look-up, not a query: over 2,000
-- rows alternating two profiles, screen_profiles is read once per profile
SELECT screen_profile_create('pv2', 'pv');
SELECT version FROM screen_fit('pv_decl', 'pv2');
BEGIN;
-- (pg_stat_xact_user_tables may hold counts of earlier transactions not yet reported: a difference)
CREATE TEMP TABLE pv_reads ON COMMIT DROP AS
SELECT idx_scan + seq_scan AS n FROM pg_stat_xact_user_tables WHERE relname = 'screen_profiles';
SELECT count(*) AS rows, count(DISTINCT (s).profile) AS profiles
  FROM (SELECT screen_declaration(d.hs, d.route, d.origin, d.decl_date + 700, d.value_usd, d.quantity, d.unit, d.exporter,
                                  CASE WHEN g % 2 = 0 THEN 'pv' ELSE 'pv2' END) s
          FROM pv_decl d, generate_series(1, 5) g) x;
SELECT s.idx_scan + s.seq_scan - coalesce((SELECT n FROM pv_reads), 0) <= 4 AS screen_profiles_read_per_profile_not_per_row
  FROM pg_stat_xact_user_tables s WHERE s.relname = 'screen_profiles';
COMMIT;
-- ... and alternating gives the same scores as one profile per statement
SELECT count(*) AS differ
  FROM pv_decl d,
       LATERAL (SELECT g, screen_score(d.hs, d.route, d.origin, d.decl_date + 700, d.value_usd, d.quantity, d.unit, d.exporter,
                                       CASE WHEN g % 2 = 0 THEN 'pv' ELSE 'pv2' END) AS s FROM generate_series(1, 2) g) a
 WHERE a.s IS DISTINCT FROM screen_score(d.hs, d.route, d.origin, d.decl_date + 700, d.value_usd, d.quantity, d.unit, d.exporter,
                                         CASE WHEN a.g % 2 = 0 THEN 'pv' ELSE 'pv2' END);

-- the cache is bounded: with no room, only the version in use stays; with
-- room, each version used stays once
SET max_parallel_workers_per_gather = 0;
SET trade_screen.profile_cache_size = 0;
SELECT count(*) FILTER (WHERE a.score + b.score + c.score >= 0) AS scored FROM pv_scores('pv') a, pv_scores('pv2') b, pv_scores('pv@2') c WHERE a.id = b.id AND b.id = c.id;
SELECT count(*) AS versions_held FROM screen_profile_cache();
RESET trade_screen.profile_cache_size;
RESET max_parallel_workers_per_gather;
SELECT count(*) FILTER (WHERE a.score + b.score + c.score >= 0) AS scored FROM pv_scores('pv') a, pv_scores('pv2') b, pv_scores('pv@2') c WHERE a.id = b.id AND b.id = c.id;
SELECT count(*) AS versions_held, count(*) FILTER (WHERE bytes > 0) AS with_bytes FROM screen_profile_cache();
SHOW trade_screen.profile_cache_size;

-- retention: the current version, the pinned ones and the newest kept
SELECT screen_profile_pin('pv', 2);
SET trade_screen.profile_versions_kept = 2;
UPDATE screen_config SET value = 0.5 WHERE profile = 'pv' AND parameter = 'weight.transshipment';
SELECT array_agg(version ORDER BY version) AS kept, array_agg(version ORDER BY version) FILTER (WHERE pinned) AS pinned
  FROM screen_profile_versions WHERE profile = 'pv';
RESET trade_screen.profile_versions_kept;
SELECT count(*) AS still_same_as_v2 FROM pv_v2 a JOIN pv_scores('pv@2') b USING (id) WHERE a.score = b.score AND a.reasons = b.reasons;
\set VERBOSITY terse
DELETE FROM screen_profiles WHERE profile = 'pv';
SELECT screen_profile_pin('pv', 1);
\set VERBOSITY default

-- a corrupt image is refused, not read
BEGIN;
UPDATE screen_profile_versions SET image = '\x545350524f46494d0100', image_hash = md5('\x545350524f46494d0100'::bytea)
 WHERE profile = 'pv' AND version = 2;
\set VERBOSITY terse
SELECT (screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'pv@2')).score;
\set VERBOSITY default
ROLLBACK;

-- the facts are read in place (format 4): a table whose facts are not where
-- their keys lead, or a filter that misses a fact, is refused too.  The
-- table (nslots slots of 48 bytes) and the filter (words of 8 bytes) end the
-- image, before 'END!'.
CREATE TEMP TABLE pv_layout AS
SELECT v.image, (n + (n * 3) / 7 + 1)::int AS nslots,
       (greatest(4096, (SELECT min(b) FROM generate_series(12, 31) g, LATERAL (SELECT 1::bigint << g AS b) x WHERE b >= n * 8)) / 64)::int AS words
  FROM screen_profile_versions v, LATERAL (SELECT (screen_profile_image_info(v.image)).facts AS n) i
 WHERE v.profile = 'pv' AND v.version = 2;
CREATE TEMP TABLE pv_bad AS
SELECT 'slots moved one on' AS what,
       substr(image, 1, length(image) - 4 - words * 8 - nslots * 48)
       || substr(image, length(image) - 4 - words * 8 - 48 + 1, 48)
       || substr(image, length(image) - 4 - words * 8 - nslots * 48 + 1, (nslots - 1) * 48)
       || substr(image, length(image) - 4 - words * 8 + 1) AS image
  FROM pv_layout
UNION ALL
SELECT 'filter cleared',
       substr(image, 1, length(image) - 4 - words * 8) || decode(repeat('00', words * 8), 'hex') || 'END!'::bytea
  FROM pv_layout;
SELECT what, length(image) = (SELECT length(image) FROM pv_layout) AS same_length FROM pv_bad ORDER BY what;
\set VERBOSITY terse
BEGIN;
UPDATE screen_profile_versions SET image = b.image, image_hash = md5(b.image)
  FROM pv_bad b WHERE b.what = 'slots moved one on' AND profile = 'pv' AND version = 2;
SELECT (screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'pv@2')).score;
ROLLBACK;
BEGIN;
UPDATE screen_profile_versions SET image = b.image, image_hash = md5(b.image)
  FROM pv_bad b WHERE b.what = 'filter cleared' AND profile = 'pv' AND version = 2;
SELECT (screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'pv@2')).score;
ROLLBACK;
\set VERBOSITY default
-- the image as it was still reads
SELECT (screen_declaration('847130', 'DE>RU', 'DE', '2023-05-10', 100, 20, 'u', NULL, 'pv@2')).score IS NOT NULL AS reads;

-- configuration values: a table of rejected values with their SQLSTATE
CREATE FUNCTION pv_try(parameter text, value float8) RETURNS text LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO screen_config VALUES ('pv2', parameter, value, 'try');
        DELETE FROM screen_config WHERE note = 'try';
        RETURN 'accepted';
    EXCEPTION WHEN OTHERS THEN
        RETURN SQLSTATE || ' ' || SQLERRM;
    END
    $$;
SELECT t.parameter, t.value, pv_try(t.parameter, t.value) AS result
  FROM (VALUES ('weight.watchlist', 5::float8), ('weight.watchlist', -0.1), ('weight.watchlist', 1),
               ('level.high', 'NaN'), ('level.high', 'Infinity'), ('level.high', 0.3),
               ('level.low', 0.5), ('level.medium', 0.75),
               ('unit_value.mad_floor', -1), ('unit_value.mad_floor', 0), ('unit_value.mad_floor', 0.01),
               ('unit_value.z_low', 5), ('tier.1', 2), ('exposure.hub', '-Infinity'),
               ('route_rarity.alpha', -1), ('lane_surge.ratio_high', 1.5), ('weight.nonsense', 0.5)) t(parameter, value)
 ORDER BY 1, 2;
-- two values that keep the order only together pass in one statement
INSERT INTO screen_config VALUES ('pv2', 'level.medium', 0.75, 'pair'), ('pv2', 'level.high', 0.9, 'pair');
DELETE FROM screen_config WHERE note = 'pair';

-- 'infinity' is a date after every other, '-infinity' one before: not NULL
SELECT d, (s).level, (s).fired
  FROM (VALUES (date '2023-05-10'), (date 'infinity'), (date '2021-05-10'), (date '-infinity'), (NULL::date)) v(d),
       LATERAL (SELECT screen_declaration('854231', 'DE>KZ>RU', 'DE', v.d, NULL, NULL, NULL, NULL, 'pv2') s) x
 ORDER BY d NULLS LAST;

-- the watchlist is read as of the statement's day, not the day a session
-- first scored: an entry that starts "tomorrow" fires once the day comes
-- (the day changes here by time zone: 26 hours apart)
SET TimeZone = 'Etc/GMT+12';
INSERT INTO watchlists (list, code, tier, valid_from)
VALUES ('CHPL', '010129', '1', (now() AT TIME ZONE 'Etc/GMT-14')::date);
SELECT (now() AT TIME ZONE 'Etc/GMT-14')::date > current_date AS entry_starts_tomorrow;
SELECT (screen_declaration('010129', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'pv2')).fired AS today;
SET TimeZone = 'Etc/GMT-14';
SELECT (screen_declaration('010129', 'DE>KZ>RU', 'DE', '2023-05-10', NULL, NULL, NULL, NULL, 'pv2')).fired AS tomorrow;
RESET TimeZone;

-- a version read from its image scores exactly as one read from the tables
-- (every field scoring reads is in the image): score from the image, drop
-- the version row so the same version is read from the tables, score again
INSERT INTO listed_parties (list, party_id, name, aliases) VALUES ('pvtest', 'z-2', 'Exporter 5', '{"Экспортер 5"}');
CREATE TABLE pv_from_image AS
SELECT d.ctid::text AS row, g, screen_declaration(d.hs, d.route, d.origin, d.decl_date + g * 100, d.value_usd * g, d.quantity, d.unit,
                                                 CASE WHEN g = 3 THEN 'ЭКСПОРТЕР 5' ELSE d.exporter END, 'pv2') AS s
  FROM pv_decl d, generate_series(0, 9) g;
BEGIN;
DELETE FROM screen_profile_versions WHERE profile = 'pv2' AND version = (SELECT version FROM screen_profiles WHERE profile = 'pv2');
SELECT count(*) AS rows, count(*) FILTER (WHERE (i.s).score > 0) AS scored, count(*) FILTER (WHERE (i.s).fired @> '{party}') AS party,
       count(*) FILTER (WHERE i.s IS NOT DISTINCT FROM t.s) AS same_from_tables
  FROM pv_from_image i
  JOIN (SELECT d.ctid::text AS row, g, screen_declaration(d.hs, d.route, d.origin, d.decl_date + g * 100, d.value_usd * g, d.quantity, d.unit,
                                                         CASE WHEN g = 3 THEN 'ЭКСПОРТЕР 5' ELSE d.exporter END, 'pv2') AS s
          FROM pv_decl d, generate_series(0, 9) g) t USING (row, g);
ROLLBACK;
DELETE FROM listed_parties WHERE list = 'pvtest';
DROP TABLE pv_from_image;

-- clean up
DELETE FROM restrictions WHERE regime = 'PV-TEST';
DELETE FROM restriction_regimes WHERE regime = 'PV-TEST';
DELETE FROM watchlists WHERE list = 'CHPL' AND code IN ('010121', '010129');
DELETE FROM watchlist_tiers WHERE list = 'CHPL' AND tier = 'test';
DELETE FROM country_roles WHERE role = 'hub' AND country = 'MN';
SELECT screen_profile_pin('pv', 2, false);
DELETE FROM screen_profiles WHERE profile IN ('pv', 'pv2');
SELECT count(*) AS versions_left FROM screen_profile_versions WHERE profile IN ('pv', 'pv2');
DROP TABLE pv_decl, pv_probe, pv_v2;
DROP FUNCTION pv_scores(text), pv_plpgsql(), pv_try(text, float8);

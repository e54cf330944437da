-- demo/report_parties.sql: declarations whose exporter or importer matches
-- the sample list, in one join on the %% operator (the GIN index on
-- listed_parties.names finds the candidates), with the similarity and the
-- listed name or alias that matched.
\set QUIET on
\pset footer off
SET search_path = sample, public;
\echo
\echo 'Parties on the sample list (name_match at trade_screen.name_threshold)'
SELECT x.role, x.declared_as, p.party_id, p.name AS listed_name,
       name_best_alias(x.declared_as, p.names) AS matched_alias,
       round(name_similarity(x.declared_as, p.names)::numeric, 3) AS similarity,
       x.declarations
  FROM (SELECT 'exporter' AS role, exporter AS declared_as, count(*) AS declarations
          FROM declarations GROUP BY exporter
        UNION ALL
        SELECT 'importer', importer, count(*) FROM declarations GROUP BY importer) x
  JOIN listed_parties p ON x.declared_as %% p.names
 WHERE p.list = 'sample'
 ORDER BY p.party_id, x.role, x.declared_as COLLATE "C";

\echo 'First declarations with a listed party'
SELECT d.decl_id, d.decl_date, d.route, d.hs,
       CASE WHEN d.exporter %% p.names THEN 'exporter' ELSE 'importer' END AS role,
       CASE WHEN d.exporter %% p.names THEN d.exporter ELSE d.importer END AS declared_as,
       name_best_alias(CASE WHEN d.exporter %% p.names THEN d.exporter ELSE d.importer END, p.names) AS matched_alias,
       round(name_similarity(CASE WHEN d.exporter %% p.names THEN d.exporter ELSE d.importer END, p.names)::numeric, 3) AS similarity
  FROM declarations d
  JOIN listed_parties p ON p.list = 'sample' AND (d.exporter %% p.names OR d.importer %% p.names)
 ORDER BY d.decl_id, p.party_id
 LIMIT 15;
\set QUIET off

-- demo/load_parties.sql: load the bundled sample list
-- (data/sample_targets.simple.csv, OpenSanctions targets.simple.csv format,
-- invented entries) into listed_parties as list 'sample'.  Run from the
-- repository's top folder.
CREATE TEMP TABLE targets_staging (id text, schema text, name text, aliases text,
    birth_date text, countries text, addresses text, identifiers text, sanctions text,
    phones text, emails text, program_ids text, dataset text, first_seen text,
    last_seen text, last_change text);
\copy targets_staging FROM 'data/sample_targets.simple.csv' WITH (FORMAT csv, HEADER true)
SELECT load_targets_simple('targets_staging', 'sample') AS sample_parties_loaded;
ANALYZE listed_parties;

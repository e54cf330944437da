-- install/20_reference.sql: HS nomenclature reference tables and code descriptions.

CREATE TABLE @extschema@.hs_sections (
    section text PRIMARY KEY,
    name text NOT NULL,
    shipped boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.hs_sections IS 'the 21 HS sections (I to XXI) with their titles; source: UN Comtrade HS classification via the datasets/harmonized-system package, ODC-PDDL 1.0';

CREATE TABLE @extschema@.hs_nomenclature (
    edition text NOT NULL,
    code @extschema@.hscode NOT NULL,
    description text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (edition, code)
);
COMMENT ON TABLE @extschema@.hs_nomenclature IS 'descriptions of codes by nomenclature edition: HS2022 and HS2017 shipped (UN Comtrade), national editions added by users; users'' rows and edits of shipped rows survive pg_dump and upgrades (see shipped_rows_attach)';
COMMENT ON COLUMN @extschema@.hs_nomenclature.edition IS 'nomenclature edition, e.g. HS2022, HS2017, or a user''s TNVED2022';
COMMENT ON COLUMN @extschema@.hs_nomenclature.shipped IS 'true for rows as the extension ships them; every row a user writes or edits is false; pg_dump saves those';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.hs_sections', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.hs_nomenclature', 'WHERE NOT shipped');

GRANT SELECT ON @extschema@.hs_sections, @extschema@.hs_nomenclature TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON @extschema@.hs_sections, @extschema@.hs_nomenclature TO @extowner@;
SELECT @extschema@.shipped_rows_attach('@extschema@.hs_sections');
SELECT @extschema@.shipped_rows_attach('@extschema@.hs_nomenclature');

CREATE FUNCTION @extschema@.hs_describe(code @extschema@.hscode, edition text DEFAULT 'HS2022') RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT n.description
          FROM @extschema@.hs_nomenclature n
         WHERE n.edition = $2
           AND n.code OPERATOR(@extschema@.=) ANY (@extschema@.hs_ancestors($1, true))
         ORDER BY n.code USING OPERATOR(@extschema@.>) LIMIT 1
    $$;
COMMENT ON FUNCTION @extschema@.hs_describe(@extschema@.hscode, text) IS 'description of a code by its deepest ancestor (or itself) known to the edition; NULL when none is';

CREATE FUNCTION @extschema@.hs_section_name(section text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT s.name FROM @extschema@.hs_sections s WHERE s.section = $1 $$;
COMMENT ON FUNCTION @extschema@.hs_section_name(text) IS 'title of an HS section given as a roman numeral';

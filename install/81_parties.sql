-- install/81_parties.sql: listed parties (sanctions and watch lists), the OpenSanctions targets.simple.csv loader and the party indicator hook.

CREATE TABLE @extschema@.listed_parties (
    list text NOT NULL,
    party_id text NOT NULL,
    schema text,
    name text NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}',
    countries text[],
    identifiers text[],
    valid_from date,
    valid_to date,
    source text,
    names text[] GENERATED ALWAYS AS (array_prepend(name, aliases)) STORED,
    PRIMARY KEY (list, party_id),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE @extschema@.listed_parties IS 'parties on sanctions or watch lists, one row per listed entity; every row is user data, saved by pg_dump';
COMMENT ON COLUMN @extschema@.listed_parties.list IS 'the list a row belongs to, as the loader was told (e.g. sample, os-default)';
COMMENT ON COLUMN @extschema@.listed_parties.party_id IS 'the identifier of the entity on its list (the OpenSanctions id)';
COMMENT ON COLUMN @extschema@.listed_parties.schema IS 'kind of entity as the source says (Company, Organization, LegalEntity, Person)';
COMMENT ON COLUMN @extschema@.listed_parties.name IS 'the name the list gives first';
COMMENT ON COLUMN @extschema@.listed_parties.aliases IS 'other names and spellings, in any script';
COMMENT ON COLUMN @extschema@.listed_parties.countries IS 'countries the source links the entity to, as the source writes them (lower-case alpha-2 in OpenSanctions)';
COMMENT ON COLUMN @extschema@.listed_parties.identifiers IS 'registration and tax numbers (BIN, INN, OGRN, ...) as the source writes them';
COMMENT ON COLUMN @extschema@.listed_parties.valid_from IS 'first day the listing applies, NULL when unknown';
COMMENT ON COLUMN @extschema@.listed_parties.valid_to IS 'last day the listing applies, NULL while it stands';
COMMENT ON COLUMN @extschema@.listed_parties.source IS 'the dataset or authority the row comes from';
COMMENT ON COLUMN @extschema@.listed_parties.names IS 'name followed by the aliases (generated): what %% and the index compare';
CREATE INDEX listed_parties_names_idx ON @extschema@.listed_parties USING gin (names @extschema@.gin_name_array_ops);
COMMENT ON INDEX @extschema@.listed_parties_names_idx IS 'GIN index for name %% names: matches a counterparty name against every name and alias';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.listed_parties', '');
GRANT SELECT ON @extschema@.listed_parties TO PUBLIC;

CREATE FUNCTION @extschema@.load_targets_simple(staging regclass, list text) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    IF list IS NULL OR list = '' THEN
        RAISE EXCEPTION 'list name must not be empty'
            USING ERRCODE = '22023',
                  HINT = 'Name the list the rows belong to, e.g. ''os-default''.';
    END IF;
    EXECUTE format($q$
        INSERT INTO @extschema@.listed_parties
            (list, party_id, schema, name, aliases, countries, identifiers, valid_from, source)
        SELECT $1, s.id, nullif(s.schema, ''), s.name,
               coalesce(string_to_array(nullif(s.aliases, ''), ';'), '{}'),
               string_to_array(nullif(s.countries, ''), ';'),
               string_to_array(nullif(s.identifiers, ''), ';'),
               CASE WHEN s.first_seen ~ '^\d{4}-\d{2}-\d{2}' THEN left(s.first_seen, 10)::date END,
               nullif(s.dataset, '')
          FROM %s s
         WHERE coalesce(s.id, '') <> '' AND coalesce(s.name, '') <> ''
        ON CONFLICT (list, party_id) DO UPDATE
           SET schema = excluded.schema, name = excluded.name, aliases = excluded.aliases,
               countries = excluded.countries, identifiers = excluded.identifiers,
               valid_from = excluded.valid_from, source = excluded.source
        $q$, staging) USING list;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.load_targets_simple(regclass, text) IS 'loads rows of an OpenSanctions targets.simple.csv, copied as text into a staging table, into listed_parties under a list name (rows of that list with the same id are updated); returns the rows loaded';

CREATE FUNCTION @extschema@.party_best_match(name text, lists text[] DEFAULT NULL, on_date date DEFAULT NULL,
        OUT list text, OUT party_id text, OUT listed_name text, OUT matched_alias text,
        OUT similarity double precision)
    RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.list, p.party_id, p.name,
           @extschema@.name_best_alias($1, p.names),
           @extschema@.name_similarity($1, p.names)
      FROM @extschema@.listed_parties p
     WHERE p.names OPERATOR(@extschema@.%%) $1
       AND ($2 IS NULL OR p.list = ANY ($2))
       AND ($3 IS NULL OR ((p.valid_from IS NULL OR p.valid_from <= $3)
                           AND (p.valid_to IS NULL OR p.valid_to >= $3)))
     ORDER BY 5 DESC, 1, 2
     LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.party_best_match(text, text[], date) IS 'party indicator: the listed party (of the given lists, valid on the given date; NULL means any) whose name or alias best matches a counterparty name, with that alias and its similarity; no row when none matches at trade_screen.name_threshold';

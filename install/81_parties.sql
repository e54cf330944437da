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
-- a change of the listed parties makes a new version of every profile (76_profile_versions.sql)
CREATE TRIGGER screen_config_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.listed_parties
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.screen_config_changed();
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

-- Identifiers (registration and tax numbers).  A declaration's identifier
-- equal to a listed one is a match whatever the names say; one of the same
-- scheme that differs lowers the name's similarity.  targets.simple.csv gives
-- bare values without their scheme, so a scheme is recognised by its shape.
CREATE FUNCTION @extschema@.ident_normalize(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN nullif(lower(regexp_replace(
           regexp_replace($1, '^\s*(inn|bin|iin|ogrn|ogrnip|kpp|okpo|unp|tin|edrpou|imo|lei|swift|bic|reg|regno)(?=[\s:.#№-]+[0-9A-Za-z]|[0-9])[\s:.#№-]*', '', 'i'),
           '[^0-9A-Za-z]+', '', 'g')), '');
COMMENT ON FUNCTION @extschema@.ident_normalize(text) IS 'an identifier as compared: a leading Latin scheme label (INN, BIN, OGRN, IMO, LEI, SWIFT...) dropped, then its ASCII letters and digits in lower case, so Cyrillic labels go too (''ИНН 7707083893'', ''INN: 7707-083-893'' and ''7707083893'' are ''7707083893''; ''GB-123 456'' is ''gb123456''); NULL when nothing is left';

CREATE FUNCTION @extschema@.ident_normalize(text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN ARRAY(SELECT DISTINCT @extschema@.ident_normalize(x) FROM unnest($1) x
              WHERE @extschema@.ident_normalize(x) IS NOT NULL ORDER BY 1);
COMMENT ON FUNCTION @extschema@.ident_normalize(text[]) IS 'ident_normalize of every element, each once, in order, without the empty ones';

CREATE FUNCTION @extschema@.ident_same_scheme(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN length($1) = length($2) AND ($1 ~ '^[0-9]+$') = ($2 ~ '^[0-9]+$');
COMMENT ON FUNCTION @extschema@.ident_same_scheme(text, text) IS 'two normalised identifiers look like numbers of one scheme: the same length, both all digits or both not (a 10-digit INN, a 13-digit OGRN, a 12-digit BIN, a 20-character LEI)';

CREATE INDEX listed_parties_identifiers_idx ON @extschema@.listed_parties
    USING gin (@extschema@.ident_normalize(identifiers));
COMMENT ON INDEX @extschema@.listed_parties_identifiers_idx IS 'GIN index of the normalised identifiers: finds the parties that carry a declared identifier';

CREATE FUNCTION @extschema@.party_best_match(name text, lists text[] DEFAULT NULL, on_date date DEFAULT NULL,
        ident text DEFAULT NULL,
        OUT list text, OUT party_id text, OUT listed_name text, OUT matched_alias text,
        OUT similarity double precision, OUT matched_by text)
    RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
SET search_path = pg_catalog, pg_temp
AS $$
    WITH valid AS NOT MATERIALIZED (
        SELECT p.*
          FROM @extschema@.listed_parties p
         WHERE ($2 IS NULL OR p.list = ANY ($2))
           AND ($3 IS NULL OR ((p.valid_from IS NULL OR p.valid_from <= $3)
                               AND (p.valid_to IS NULL OR p.valid_to >= $3)))
    ),
    -- the identifier: a match whatever the names
    by_ident AS NOT MATERIALIZED (
        SELECT v.list, v.party_id, v.name,
               CASE WHEN $1 IS NOT NULL THEN @extschema@.name_best_alias($1, v.names) END AS alias,
               1.0::float8 AS sim, 'identifier'::text AS how
          FROM valid v
         WHERE @extschema@.ident_normalize(v.identifiers) @> ARRAY[@extschema@.ident_normalize($4)]
    ),
    -- the name, lowered when the party has an identifier of the declared
    -- one's scheme but not the declared one
    by_name AS NOT MATERIALIZED (
        SELECT v.list, v.party_id, v.name, @extschema@.name_best_alias($1, v.names) AS alias,
               @extschema@.name_similarity($1, v.names) * CASE WHEN c.conflict THEN 0.8 ELSE 1.0 END AS sim,
               CASE WHEN c.conflict THEN 'name, identifier differs' ELSE 'name' END AS how
          FROM valid v
         CROSS JOIN LATERAL (
               SELECT coalesce(EXISTS (SELECT FROM unnest(@extschema@.ident_normalize(v.identifiers)) x
                                        WHERE @extschema@.ident_same_scheme(x, @extschema@.ident_normalize($4)))
                               AND NOT @extschema@.ident_normalize(v.identifiers) @> ARRAY[@extschema@.ident_normalize($4)],
                               false) AS conflict) c
         WHERE v.names OPERATOR(@extschema@.%%) $1
    )
    SELECT * FROM (SELECT * FROM by_ident
                   UNION ALL
                   SELECT * FROM by_name
                    WHERE sim >= coalesce(current_setting('trade_screen.name_threshold', true)::float8, 0.75)) m
     ORDER BY m.sim DESC, m.how = 'identifier' DESC, m.list, m.party_id
     LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.party_best_match(text, text[], date, text) IS 'party indicator: the listed party (of the given lists, valid on the given date; NULL means any) that best matches a counterparty: one carrying the identifier given (similarity 1, matched_by identifier) or else the one whose name or alias best matches the name at trade_screen.name_threshold, its similarity times 0.8 when the party has another identifier of the same scheme; with the alias matched and how; no row when none matches';

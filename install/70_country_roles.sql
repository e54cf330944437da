-- install/70_country_roles.sql: the country_roles table (coalition, sanctioned and hub countries); its shipped rows are install/70_country_roles_data.sql, generated from data/country_roles.csv.

-- Roles of countries, with validity dates and sources -------------------------

CREATE TABLE @extschema@.country_roles (
    role text NOT NULL CHECK (role IN ('coalition', 'sanctioned', 'hub')),
    country @extschema@.country NOT NULL,
    valid_from date NOT NULL,
    valid_to date,
    source text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (role, country, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
COMMENT ON TABLE @extschema@.country_roles IS 'roles of countries in sanctions screening, with validity dates and sources: coalition (the sanctioning coalition), sanctioned (sanctioned destinations), hub (transshipment countries of the FinCEN/BIS alerts). A shipped reference table: your edits of shipped rows become your rows and survive pg_dump and upgrades; rows of your own for a (role, country) replace the shipped rows of that pair in scoring';
COMMENT ON COLUMN @extschema@.country_roles.role IS 'coalition, sanctioned or hub';
COMMENT ON COLUMN @extschema@.country_roles.valid_from IS 'first day the role holds';
COMMENT ON COLUMN @extschema@.country_roles.valid_to IS 'first day the role no longer holds; NULL while it does';
COMMENT ON COLUMN @extschema@.country_roles.source IS 'the legal act or alert the role comes from';
COMMENT ON COLUMN @extschema@.country_roles.shipped IS 'true for rows installed by the extension; pg_dump saves only the others (see shipped_row_edits), and in scoring a row of your own for a (role, country) replaces the shipped ones';

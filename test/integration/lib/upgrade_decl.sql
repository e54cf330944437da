-- test/integration/lib/upgrade_decl.sql: stored values of every type under every index kind,
-- made by a released version before an upgrade (upgrade.sh, upgrade_binary.sh).
CREATE TABLE decl (
    id int PRIMARY KEY,
    hs hscode,
    codes hsset,
    origin country,
    route route
);
INSERT INTO decl
SELECT i,
       CASE WHEN i % 97 = 0 THEN NULL
            ELSE hs_parse(lpad((1 + i % 96)::text, 2, '0') || lpad((i * 7919 % 10000)::text, 4, '0')
                          || CASE WHEN i % 3 = 0 THEN lpad((i % 10000)::text, 4, '0') ELSE '' END) END,
       CASE WHEN i % 89 = 0 THEN NULL
            ELSE hsset(ARRAY[hs_parse(lpad((1 + i % 96)::text, 2, '0'))], ARRAY[hs_parse(lpad((1 + i % 96)::text, 2, '0') || '01')]) END,
       CASE WHEN i % 83 = 0 THEN NULL ELSE (ARRAY['DE','KZ','RU','CN','AE','TR','KG','AM','US','FR'])[1 + i % 10]::country END,
       CASE WHEN i % 79 = 0 THEN NULL
            ELSE ((ARRAY['DE','FR','CN','US','IT'])[1 + i % 5] || '>' || (ARRAY['KZ','KG','AM','AE','TR','GE'])[1 + i % 6]
                  || CASE WHEN i % 4 = 0 THEN '' ELSE '>' || (ARRAY['RU','BY','KZ'])[1 + i % 3] END)::route END
  FROM generate_series(1, 20000) i;
CREATE INDEX decl_hs_btree ON decl (hs);
CREATE INDEX decl_hs_hash ON decl USING hash (hs);
CREATE INDEX decl_hs_gist ON decl USING gist (hs gist_hscode_ops);
CREATE INDEX decl_origin_btree ON decl (origin);
CREATE INDEX decl_origin_hash ON decl USING hash (origin);
CREATE INDEX decl_route_btree ON decl (route);
CREATE INDEX decl_route_gin ON decl USING gin (route route_gin_ops);
CREATE INDEX decl_route_gin_country ON decl USING gin (route route_gin_country_ops);
-- rows written after the indexes were built
INSERT INTO decl SELECT id + 100000, hs, codes, origin, route FROM decl WHERE id % 10 = 0;

-- demo/load_routes.sql: sample.declarations keeps its countries and routes
-- as the extension's types (run by scripts/screen.sh after demo/generate.sql).
-- Every code is validated on the way in; a bad one stops the load with an
-- error naming it, nothing is dropped.  A GIN index answers route questions.
SET client_min_messages = warning;
ALTER TABLE sample.declarations
    ALTER COLUMN origin TYPE country USING origin::country,
    ALTER COLUMN dispatch TYPE country USING dispatch::country,
    ALTER COLUMN destination TYPE country USING destination::country,
    ALTER COLUMN route TYPE route USING route::route;
CREATE INDEX declarations_route_gin ON sample.declarations USING gin (route);
CREATE INDEX declarations_destination ON sample.declarations (destination);
ANALYZE sample.declarations;

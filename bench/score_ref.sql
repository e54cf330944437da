-- bench/score_ref.sql: reference digests of scoring, to prove that a speed
-- change leaves every result bit for bit (bench/score_speed.sh runs it after
-- demo/generate.sql and screen_fit).  The same data and build give the same
-- two md5s; a change to scoring code must keep both.
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS rows,
       md5(string_agg((screen_declaration(hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter))::text, E'\n' ORDER BY decl_id)) AS declaration_md5,
       md5(string_agg(float8send(screen_score(hs, route, origin, decl_date, value_usd::float8, quantity::float8, unit, exporter))::text, E'\n' ORDER BY decl_id)) AS score_md5
  FROM sample.declarations;

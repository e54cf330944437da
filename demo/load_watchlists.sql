-- demo/load_watchlists.sql: index the declarations' codes for the
-- watchlist report (gist_hscode_ops answers "hs <@ watchlist(...)" in one
-- scan; a plain btree would serve <@ on single codes).
CREATE INDEX IF NOT EXISTS declarations_hs_gist ON sample.declarations USING gist (hs);
ANALYZE sample.declarations;

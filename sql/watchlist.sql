-- watchlists: the shipped CHPL, tiers, versions (as of a date), user lists
-- in the same table, and pg_dump's view of them.
CREATE EXTENSION IF NOT EXISTS trade_screen;
CREATE SCHEMA watchlist_test;
SET search_path = watchlist_test, public;

SELECT tier, tier_order, left(definition, 50) AS definition
  FROM watchlist_tiers WHERE list = 'CHPL' ORDER BY tier_order;
SELECT tier, count(*) AS codes, min(code::text COLLATE "C") AS first, max(code::text COLLATE "C") AS last
  FROM watchlists WHERE list = 'CHPL' GROUP BY tier ORDER BY tier COLLATE "C";

-- the list as a set, whole or by tiers, and before it took effect
SELECT watchlist('CHPL', ARRAY['1']) AS tier_1;
SELECT watchlist('CHPL', ARRAY['1', '2']) AS tiers_1_2;
SELECT hsset_members(watchlist('CHPL')) = (SELECT array_agg(code ORDER BY code) FROM watchlists WHERE list = 'CHPL') AS whole_list;
SELECT watchlist('CHPL', NULL, '2024-02-22') AS before_effective_date;
SELECT watchlist('no such list') AS unknown_list;

-- a user list with an exclusion, and a second version replacing the first
INSERT INTO watchlists (list, code, excluded, valid_from, valid_to) VALUES
    ('chips', '8542', false, '2024-01-01', NULL),
    ('chips', '854290', true, '2024-01-01', '2024-06-01'),
    ('chips', '8541', false, '2024-06-01', NULL);
SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of, watchlist('chips', NULL, as_of)
  FROM (VALUES ('2023-12-31'::date), ('2024-01-01'), ('2024-05-31'), ('2024-06-01')) v(as_of)
 ORDER BY as_of;
SELECT '8542900000'::hscode <@ watchlist('chips', NULL, '2024-03-01') AS excluded_then,
       '8542900000'::hscode <@ watchlist('chips', NULL, '2024-07-01') AS included_later;

-- pg_dump keeps the user's rows only
SELECT c.relname, d.condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) d(oid, condition)
  JOIN pg_class c ON c.oid = d.oid
 WHERE e.extname = 'trade_screen' AND c.relname LIKE 'watchlist%'
 ORDER BY c.relname COLLATE "C";
SELECT list, count(*) FROM watchlists WHERE NOT shipped GROUP BY list;

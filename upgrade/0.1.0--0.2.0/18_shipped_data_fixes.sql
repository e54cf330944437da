-- upgrade/0.1.0--0.2.0/18_shipped_data_fixes.sql: shipped rows corrected in 0.2.0, changed
-- here without touching users' rows.
--
-- How an upgrade part changes shipped data: a row the user replaced or deleted is no
-- longer shipped (or no longer there), so "WHERE shipped" leaves it alone.  Under 0.1.0 a
-- user could also edit a shipped row in place (it stayed shipped = true): such a row no
-- longer holds the value 0.1.0 shipped, so it is made the user's row (shipped = false,
-- key recorded) instead of being overwritten.  New shipped rows are added only where the
-- key is neither taken by a user row nor recorded in shipped_row_edits.

-- edited in place under 0.1.0: the user's row from now on (made so before its key is
-- recorded, as recording a key removes the shipped row of that key)
UPDATE @extschema@.hs_sections s SET shipped = false
  FROM (VALUES ('I', 'live animals; animal products', 'Live animals; animal products'),
               ('VII', 'Plastics and articles thereof; rubber and articles thereof ',
                'Plastics and articles thereof; rubber and articles thereof')) AS f(section, was, now)
 WHERE f.section = s.section AND s.shipped AND s.name <> f.was;
INSERT INTO @extschema@.shipped_row_edits (table_name, key)
SELECT 'hs_sections', pg_catalog.jsonb_build_object('section', s.section)
  FROM @extschema@.hs_sections s
  JOIN (VALUES ('I', 'live animals; animal products', 'Live animals; animal products'),
               ('VII', 'Plastics and articles thereof; rubber and articles thereof ',
                'Plastics and articles thereof; rubber and articles thereof')) AS f(section, was, now) ON f.section = s.section
 WHERE NOT s.shipped AND s.name <> f.was
ON CONFLICT DO NOTHING;

-- still as shipped: corrected
UPDATE @extschema@.hs_sections s SET name = f.now
  FROM (VALUES ('I', 'live animals; animal products', 'Live animals; animal products'),
               ('VII', 'Plastics and articles thereof; rubber and articles thereof ',
                'Plastics and articles thereof; rubber and articles thereof')) AS f(section, was, now)
 WHERE f.section = s.section AND s.shipped AND s.name = f.was;

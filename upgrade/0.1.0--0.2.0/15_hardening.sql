-- upgrade/0.1.0--0.2.0/15_hardening.sql: findings of the hardening review (issue 10).

-- hsset_agg of only NULLs is NULL, as of no rows (the C change is in the library)
COMMENT ON AGGREGATE @extschema@.hsset_agg(@extschema@.hscode) IS 'the set of the codes of a column (each with its subtree); NULLs ignored; NULL when there is no code (no rows or only NULLs)';

-- upgrade/0.2.0--0.3.0/95_name_indexes.sql: 0.3.0 folds counterparty names differently (scripts, legal forms, generic words, numbers), so every index built on name keys by 0.2.0's library is rebuilt with the new ones; what the update may not rebuild is named in a warning.

DO $$
DECLARE
    r record;
BEGIN
    -- Indexes that use a name operator class, or whose expressions or
    -- predicate call a name function of this extension.
    FOR r IN
        SELECT DISTINCT d.objid::regclass AS idx, c.relname, n.nspname
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class c ON c.oid = d.objid AND c.relkind IN ('i', 'I')
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
           AND ((d.refclassid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
                 AND d.refobjid IN (SELECT o.oid FROM pg_catalog.pg_opclass o
                                     WHERE o.opcnamespace = '@extschema@'::pg_catalog.regnamespace
                                       AND o.opcname IN ('gin_name_ops', 'gin_name_array_ops')))
             OR (d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 AND d.refobjid IN (SELECT p.oid FROM pg_catalog.pg_proc p
                                     WHERE p.pronamespace = '@extschema@'::pg_catalog.regnamespace
                                       AND (p.proname LIKE 'name\_%' OR p.proname = 'normalize_name'))))
         ORDER BY n.nspname, c.relname
    LOOP
        BEGIN
            EXECUTE pg_catalog.format('REINDEX INDEX %s', r.idx);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'index % uses counterparty-name keys, which changed in 0.3.0, and could not be rebuilt by this update', r.idx
                USING HINT = pg_catalog.format('Its owner (or a superuser) must run: REINDEX INDEX %s;', r.idx);
        END;
    END LOOP;
    -- Stored values the update cannot recompute: generated columns and
    -- materialized views computed with the name functions.
    FOR r IN
        SELECT DISTINCT CASE WHEN ad.oid IS NOT NULL
                             THEN pg_catalog.format('a generated column of %s', ad.adrelid::pg_catalog.regclass)
                             ELSE pg_catalog.format('the materialized view %s', rw.ev_class::pg_catalog.regclass) END AS what
          FROM pg_catalog.pg_depend d
          LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND ad.oid = d.objid
          LEFT JOIN pg_catalog.pg_rewrite rw ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND rw.oid = d.objid
          LEFT JOIN pg_catalog.pg_class mv ON mv.oid = rw.ev_class
         WHERE d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
           AND d.refobjid IN (SELECT p.oid FROM pg_catalog.pg_proc p
                               WHERE p.pronamespace = '@extschema@'::pg_catalog.regnamespace
                                 AND (p.proname LIKE 'name\_%' OR p.proname = 'normalize_name'))
           AND (ad.oid IS NOT NULL OR mv.relkind = 'm')
    LOOP
        RAISE WARNING '% stores values of counterparty-name functions, which changed in 0.3.0', r.what
            USING HINT = 'Recompute them: an UPDATE of its rows recomputes a generated column (UPDATE t SET c = c, for a column c it is computed from); REFRESH MATERIALIZED VIEW recomputes a view.';
    END LOOP;
END
$$;

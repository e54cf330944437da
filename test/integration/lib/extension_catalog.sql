-- One line per object of the trade_screen extension and per property that a
-- user can observe (definition, volatility, strictness, parallel safety, cost,
-- comment, owner-independent ACL, operator and opclass members, columns,
-- constraints, indexes, shipped rows), sorted, with OIDs resolved to names.
-- Two databases whose extension was installed in different ways (fresh, or
-- upgraded) must print the same lines.
WITH ext AS (
    SELECT oid, extnamespace FROM pg_extension WHERE extname = 'trade_screen'
), member AS (
    SELECT d.classid, d.objid
      FROM pg_depend d, ext
     WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
), lines AS (
    -- every member, and its comment
    SELECT pg_describe_object(m.classid, m.objid, 0) || ' | comment: '
           || coalesce(obj_description(m.objid, (SELECT relname FROM pg_class WHERE oid = m.classid)), '<none>') AS line
      FROM member m
    UNION ALL
    -- functions and aggregates: full definition
    SELECT 'function ' || p.oid::regprocedure || ' | ' ||
           CASE WHEN p.prokind = 'a' THEN
                (SELECT format('aggregate sfunc=%s stype=%s final=%s combine=%s serial=%s deserial=%s init=%s finalextra=%s mfinalmodify=%s',
                               a.aggtransfn::regproc, a.aggtranstype::regtype, a.aggfinalfn::regproc, a.aggcombinefn::regproc,
                               a.aggserialfn::regproc, a.aggdeserialfn::regproc, a.agginitval, a.aggfinalextra, a.aggfinalmodify)
                   FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
                || format(' parallel=%s', p.proparallel)
           ELSE pg_get_functiondef(p.oid) || format(' support=%s', p.prosupport::regproc) END
      FROM member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure || ' | acl: ' || coalesce(array_to_string(
               ARRAY(SELECT a::text FROM unnest(p.proacl) a WHERE a::text NOT LIKE (SELECT rolname FROM pg_roles WHERE oid = p.proowner) || '=%' ORDER BY 1), ','), '<default>')
      FROM member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    UNION ALL
    -- types
    SELECT format('type %s | len=%s byval=%s align=%s storage=%s in=%s out=%s recv=%s send=%s analyze=%s subscript=%s category=%s preferred=%s elem=%s collatable=%s',
                  t.oid::regtype, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typinput::regproc, t.typoutput::regproc,
                  t.typreceive::regproc, t.typsend::regproc, t.typanalyze::regproc, t.typsubscript::regproc, t.typcategory,
                  t.typispreferred, t.typelem::regtype, t.typcollation <> 0)
      FROM member m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
    UNION ALL
    -- composite types' and tables' columns
    SELECT format('column %s.%s | %s notnull=%s default=%s', c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
                  a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid))
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
     WHERE c.oid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)
        OR c.reltype IN (SELECT objid FROM member WHERE classid = 'pg_type'::regclass)
    UNION ALL
    SELECT format('column %s.%s | comment: %s', c.oid::regclass, a.attname, coalesce(col_description(c.oid, a.attnum), '<none>'))
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.oid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)
    UNION ALL
    -- relations: kind, ACL, constraints, indexes, views, triggers, policies
    SELECT format('relation %s | kind=%s acl=%s rls=%s', c.oid::regclass, c.relkind,
                  array_to_string(ARRAY(SELECT a::text FROM unnest(c.relacl) a ORDER BY 1), ','), c.relrowsecurity)
      FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    UNION ALL
    SELECT format('constraint %s on %s | %s', co.conname, co.conrelid::regclass, pg_get_constraintdef(co.oid))
      FROM pg_constraint co WHERE co.conrelid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)
    UNION ALL
    SELECT format('index on %s | %s', i.indrelid::regclass, regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \S+ ON', 'INDEX ON'))
      FROM pg_index i WHERE i.indrelid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)
    UNION ALL
    SELECT format('view %s | %s', c.oid::regclass, pg_get_viewdef(c.oid))
      FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid AND c.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('trigger %s on %s | %s', tg.tgname, tg.tgrelid::regclass, pg_get_triggerdef(tg.oid))
      FROM pg_trigger tg WHERE NOT tg.tgisinternal AND tg.tgrelid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)
    UNION ALL
    SELECT format('policy %s on %s | %s %s %s', po.polname, po.polrelid::regclass, po.polcmd,
                  pg_get_expr(po.polqual, po.polrelid), pg_get_expr(po.polwithcheck, po.polrelid))
      FROM pg_policy po WHERE po.polrelid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)
    UNION ALL
    -- operators
    SELECT format('operator %s | result=%s code=%s commutator=%s negator=%s restrict=%s join=%s hashes=%s merges=%s',
                  o.oid::regoperator, o.oprresult::regtype, o.oprcode::regproc, o.oprcom::regoperator, o.oprnegate::regoperator,
                  o.oprrest::regproc, o.oprjoin::regproc, o.oprcanhash, o.oprcanmerge)
      FROM member m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
    UNION ALL
    -- operator families: every operator and support function, with strategy and purpose
    SELECT format('opfamily member %s | %s', pg_describe_object(m.classid, m.objid, 0),
                  pg_describe_object('pg_amop'::regclass, ao.oid, 0) || ' purpose=' || ao.amoppurpose::text
                  || ' sortfamily=' || coalesce(ao.amopsortfamily::text, '0'))
      FROM member m JOIN pg_amop ao ON m.classid = 'pg_opfamily'::regclass AND ao.amopfamily = m.objid
    UNION ALL
    SELECT format('opfamily member %s | %s', pg_describe_object(m.classid, m.objid, 0),
                  pg_describe_object('pg_amproc'::regclass, ap.oid, 0))
      FROM member m JOIN pg_amproc ap ON m.classid = 'pg_opfamily'::regclass AND ap.amprocfamily = m.objid
    UNION ALL
    SELECT format('opclass %s | default=%s type=%s keytype=%s family=%s', pg_describe_object(m.classid, m.objid, 0),
                  oc.opcdefault, oc.opcintype::regtype, oc.opckeytype::regtype, pg_describe_object('pg_opfamily'::regclass, oc.opcfamily, 0))
      FROM member m JOIN pg_opclass oc ON m.classid = 'pg_opclass'::regclass AND oc.oid = m.objid
    UNION ALL
    -- casts
    SELECT format('cast %s | func=%s context=%s method=%s', pg_describe_object(m.classid, m.objid, 0),
                  ca.castfunc::regprocedure, ca.castcontext, ca.castmethod)
      FROM member m JOIN pg_cast ca ON m.classid = 'pg_cast'::regclass AND ca.oid = m.objid
    UNION ALL
    -- configuration tables kept by pg_dump, with their conditions
    SELECT format('config dump %s | %s', c::regclass, cond)
      FROM ext e JOIN pg_extension x ON x.oid = e.oid,
           unnest(x.extconfig, x.extcondition) AS u(c, cond)
)
SELECT line FROM lines ORDER BY line COLLATE "C";

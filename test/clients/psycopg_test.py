#!/usr/bin/python3
"""Read, bind and round-trip trade_screen's types through psycopg 3 (Debian's
python3-psycopg), as a notebook user would: text and binary results, server-
side bound parameters in text and binary, and the column metadata a
DataFrame takes its dtypes from.  Run by test/integration/client_psycopg.sh
after test/clients/fixture.sql; the connection comes from the PG* variables.
Prints one line per check and exits non-zero if any failed."""
import sys

import psycopg
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format
from psycopg.types import TypeInfo

TYPES = ["hscode", "hsset", "country", "route"]
failures = 0


def check(ok, what):
    """Report one check."""
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures += 1


def text_loader(fmt):
    """A loader for one of our types: the value as str (the text form and
    the binary form are the same characters)."""
    class TsLoader(Loader):
        format = fmt

        def load(self, data):
            return bytes(data).decode()
    return TsLoader


def binary_dumper(name, oid):
    """A dumper sending str as our type in binary (typsend/typreceive)."""
    class TsDumper(Dumper):
        format = Format.BINARY

        def dump(self, obj):
            return obj.encode()
    TsDumper.oid = oid
    TsDumper.__name__ = name + "_binary_dumper"
    return TsDumper


with psycopg.connect(autocommit=True) as conn:
    rows_sql = ("SELECT id, hs, hs_text, goods, goods_text, country, country_text, "
                "route, route_text FROM client_values ORDER BY id")
    # text results with no adaptation: psycopg gives unknown types as str
    for binary in (False, True):
        mode = "binary" if binary else "text"
        with conn.cursor(binary=binary) as cur:
            cur.execute(rows_sql)
            rows = cur.fetchall()
            for r in rows:
                for i in (1, 3, 5, 7):
                    got = r[i]
                    if binary and got is not None:
                        got = bytes(got).decode()   # unknown type in binary: raw bytes
                    want = r[i + 1]
                    check(got == want, f"{mode} read, row {r[0]}, {cur.description[i].name}: {got!r}")
            check(len(rows) == 6, f"{mode}: {len(rows)} rows")
    # the type names and OIDs a client sees in the result description
    infos = {t: TypeInfo.fetch(conn, t) for t in TYPES}
    with conn.cursor() as cur:
        cur.execute("SELECT hs, goods, country, route FROM client_values LIMIT 0")
        for d, t in zip(cur.description, TYPES):
            check(d.type_code == infos[t].oid, f"description of {d.name}: type oid {d.type_code} is {t}")
    # information_schema as BI tools read it
    with conn.cursor() as cur:
        cur.execute("""SELECT column_name, data_type, udt_name FROM information_schema.columns
                        WHERE table_name = 'client_values' AND udt_name = ANY (%s)
                        ORDER BY ordinal_position""", [TYPES])
        meta = cur.fetchall()
        check([m[2] for m in meta] == TYPES and all(m[1] == "USER-DEFINED" for m in meta),
              f"information_schema.columns: {meta}")

    # register str loaders, text and binary, as a user of these types would
    for t in TYPES:
        conn.adapters.register_loader(infos[t].oid, text_loader(Format.TEXT))
        conn.adapters.register_loader(infos[t].oid, text_loader(Format.BINARY))

    # bound parameters: text (%s, sent as untyped text) and binary (%b with
    # our dumper, so the server's receive function reads them)
    with conn.cursor() as cur:
        cur.execute("SELECT id, filter, param, expected FROM client_filters ORDER BY id")
        filters = cur.fetchall()
    for fid, flt, param, expected in filters:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM client_decl WHERE " + flt.replace("?", "%s"), [param])
            n = cur.fetchone()[0]
            check(n == expected and n > 0, f"bound (text) {flt} with {param!r}: {n}, expected {expected}")

    # str subclasses whose dumper sends our type in binary: psycopg picks a
    # dumper by the Python class of the value
    binary_class = {}
    for t in TYPES:
        binary_class[t] = type(t, (str,), {})
        conn.adapters.register_dumper(binary_class[t], binary_dumper(t, infos[t].oid))

    cur = conn.cursor()
    cur.execute("TRUNCATE client_bound")
    cur.execute("SELECT id, hs_text, goods_text, country_text, route_text FROM client_values ORDER BY id")
    values = cur.fetchall()
    for fmt in ("text", "binary"):
        offset = 100 if fmt == "binary" else 0
        for v in values:
            if fmt == "binary":
                args = [None if p is None else binary_class[t](p) for p, t in zip(v[1:], TYPES)]
                cur.execute("INSERT INTO client_bound VALUES (%s, %b, %b, %b, %b)", [v[0] + offset] + args)
            else:
                cur.execute("INSERT INTO client_bound VALUES (%s, %s, %s, %s, %s)", [v[0] + offset] + list(v[1:]))
        cur.execute("""SELECT count(*) FROM client_bound b JOIN client_values v ON v.id = b.id - %s
                        WHERE b.hs IS NOT DISTINCT FROM v.hs AND b.goods IS NOT DISTINCT FROM v.goods
                          AND b.country IS NOT DISTINCT FROM v.country
                          AND b.route IS NOT DISTINCT FROM v.route""", [offset])
        n = cur.fetchone()[0]
        check(n == len(values), f"{fmt} bound values round-trip: {n} of {len(values)}")
    # read back through the registered loaders, text and binary
    for binary in (False, True):
        with conn.cursor(binary=binary) as c2:
            c2.execute("SELECT b.hs, b.goods, b.country, b.route, v.hs_text, v.goods_text, v.country_text, "
                       "v.route_text FROM client_bound b JOIN client_values v ON v.id = b.id % 100 ORDER BY b.id")
            rows = c2.fetchall()
            check(len(rows) == 2 * len(values) and all(tuple(r[:4]) == tuple(r[4:]) for r in rows),
                  f"{'binary' if binary else 'text'} read of bound rows through loaders: {len(rows)} rows")

    # a bad value bound is the server's error with its SQLSTATE, not a crash
    for fmt, arg in (("%s::hscode", "85x2"), ("%b", binary_class["hscode"]("85x2"))):
        try:
            cur.execute("SELECT " + fmt, [arg])
            check(False, f"bad hscode bound as {fmt} accepted")
        except psycopg.Error as e:
            check(e.sqlstate == "22P02", f"bad hscode bound as {fmt}: SQLSTATE {e.sqlstate}")

    # scoring: the screening composite (text and binary) and its jsonb reasons
    import json
    for binary in (False, True):
        with conn.cursor(binary=binary) as c3:
            c3.execute("SELECT s::text, s_text, (s).score, (s).level, (s).reasons, reasons_text, (s).fired "
                       "FROM client_screened ORDER BY id")
            rows = c3.fetchall()
            ok = len(rows) == 10 and all(
                r[0] == r[1] and isinstance(r[2], float) and r[3] in ("none", "low", "medium", "high")
                and r[4] == json.loads(r[5])
                # the reasons of the indicators that fired, in the order of fired's names
                # sorted by the reasons (a price check that could not run adds a reason
                # with contribution 0 that did not fire)
                and [x["indicator"] for x in r[4] if x["contribution"] > 0] == sorted(
                    r[6], key=lambda n: [x["indicator"] for x in r[4]].index(n))
                for r in rows)
            check(ok and any(r[4] for r in rows),
                  f"{'binary' if binary else 'text'} screening composite and jsonb reasons: {len(rows)} rows")
    # the profile bound as a parameter, as a BI tool sends it
    cur.execute("SELECT count(*) FROM client_decl WHERE (screen_declaration(hs, route, NULL, '2023-05-10', "
                "NULL, NULL, NULL, NULL, %s)).level = 'high'", ["clients"])
    n_bound = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM client_decl WHERE (screen_declaration(hs, route, NULL, '2023-05-10', "
                "NULL, NULL, NULL, NULL, 'clients')).level = 'high'")
    check(n_bound == cur.fetchone()[0] and n_bound > 0, f"profile bound as a parameter: {n_bound} high")

print(f"{failures} failures")
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""Read, bind and round-trip trade_screen's types through psqlODBC (Debian's
odbc-postgresql, the "PostgreSQL Unicode" driver) under the unixODBC driver
manager, as Excel or Power BI would: result values, SQLColumns metadata,
bound parameters of prepared statements.  pyodbc (python3-pyodbc) is only
the thin caller of the ODBC API here.  psqlODBC reads results in text form
only (it has no binary transfer).  Run by test/integration/client_odbc.sh
after test/clients/fixture.sql; the connection comes from PGHOST, PGPORT,
PGDATABASE.  Prints one line per check and exits non-zero if any failed."""
import os
import sys

import pyodbc

TYPES = ["hscode", "hsset", "country", "route"]
# ODBC SQL types a tool may read as character data
SQL_CHAR_TYPES = {1: "SQL_CHAR", 12: "SQL_VARCHAR", -1: "SQL_LONGVARCHAR",
                  -8: "SQL_WCHAR", -9: "SQL_WVARCHAR", -10: "SQL_WLONGVARCHAR"}
failures = 0


def check(ok, what):
    """Report one check."""
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures += 1


conn = pyodbc.connect(
    "DRIVER={PostgreSQL Unicode};Servername=%s;Port=%s;Database=%s;Username=%s"
    % (os.environ["PGHOST"], os.environ["PGPORT"], os.environ["PGDATABASE"],
       os.environ.get("PGUSER", "postgres")), autocommit=True)
cur = conn.cursor()

# values as the driver returns them
cur.execute("SELECT id, hs, hs_text, goods, goods_text, country, country_text, "
            "route, route_text FROM client_values ORDER BY id")
rows = cur.fetchall()
for r in rows:
    for i in (1, 3, 5, 7):
        check(r[i] == r[i + 1], f"read, row {r[0]}, {cur.description[i][0]}: {r[i]!r}")
check(len(rows) == 6, f"{len(rows)} rows")
check(all(cur.description[i][1] is str for i in (1, 3, 5, 7)),
      "result columns described as character data: "
      + ", ".join(f"{d[0]} {d[1].__name__}" for d in cur.description[1:9:2]))

# SQLColumns, as a BI tool lists a table
cols = {c.column_name: c for c in cur.columns(table="client_values")}
for name, t in zip(["hs", "goods", "country", "route"], TYPES):
    c = cols.get(name)
    check(c is not None and c.type_name == t and c.data_type in SQL_CHAR_TYPES,
          f"SQLColumns {name}: type_name {c.type_name if c else None}, "
          f"data_type {SQL_CHAR_TYPES.get(c.data_type, c.data_type) if c else None}, "
          f"column_size {c.column_size if c else None}")

# bound parameters in prepared statements
cur.execute("SELECT id, filter, param, expected FROM client_filters ORDER BY id")
for fid, flt, param, expected in cur.fetchall():
    c2 = conn.cursor()
    c2.execute("SELECT count(*) FROM client_decl WHERE " + flt, param)
    n = c2.fetchone()[0]
    check(n == expected and n > 0, f"bound {flt} with {param!r}: {n}, expected {expected}")

# bound values stored and read back
cur.execute("TRUNCATE client_bound")
cur.execute("SELECT id, hs_text, goods_text, country_text, route_text FROM client_values ORDER BY id")
values = cur.fetchall()
for v in values:
    cur.execute("INSERT INTO client_bound VALUES (?, ?, ?, ?, ?)", *v)
cur.execute("""SELECT count(*) FROM client_bound b JOIN client_values v ON v.id = b.id
                WHERE b.hs IS NOT DISTINCT FROM v.hs AND b.goods IS NOT DISTINCT FROM v.goods
                  AND b.country IS NOT DISTINCT FROM v.country
                  AND b.route IS NOT DISTINCT FROM v.route""")
n = cur.fetchone()[0]
check(n == len(values), f"bound values round-trip: {n} of {len(values)}")

# a bad bound value: the server's SQLSTATE reaches the application
try:
    cur.execute("INSERT INTO client_bound (id, hs) VALUES (?, ?)", 99, "85x2")
    check(False, "bad hscode accepted")
except pyodbc.Error as e:
    check(e.args[0] == "22P02", f"bad hscode bound: SQLSTATE {e.args[0]}")

# scoring: reading the screening composite and its jsonb reasons is added
# here when issue 7 lands

print(f"{failures} failures")
sys.exit(1 if failures else 0)

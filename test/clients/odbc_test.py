#!/usr/bin/python3
"""Read, bind and round-trip trade_screen's types through psqlODBC (Debian's
odbc-postgresql, the "PostgreSQL Unicode" driver) under the unixODBC driver
manager, as Excel or Power BI would: result values, SQLColumns metadata,
bound parameters of prepared statements.  pyodbc (python3-pyodbc) is only
the thin caller of the ODBC API here.  psqlODBC reads results in text form
only (it has no binary transfer).  Scoring: the screening composite, its
fields and its jsonb reasons, compared with psql's output.  Run by
test/integration/client_odbc.sh after test/clients/fixture.sql, with the
directory of psql's output as the argument; the connection comes from PGHOST,
PGPORT, PGDATABASE.  Prints one line per check and exits non-zero if any
failed."""
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

# scoring: the screening composite of the view client_screening, whole,
# field by field and its jsonb reasons one per row, compared with what psql
# printed for them (test/clients/screening_expected.sh wrote them to the
# directory given as the argument, tab-separated).  psqlODBC sends text and
# the driver converts: the float8 score is compared as the number psql's text
# parses to, the rest as text.
def psql_rows(name):
    """The rows of a file psql wrote with -At -F '\\t', as lists of fields."""
    with open(os.path.join(sys.argv[1], name), encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


want = psql_rows("screening.tsv")
cur.execute("SELECT id, s, (s).score, (s).level, (s).reasons, (s).fired, (s).profile, (s).profile_version "
            "FROM client_screening ORDER BY id")
got = cur.fetchall()
described = ", ".join(f"{d[0]} {d[1].__name__}" for d in cur.description)
for r, w in zip(got, want):
    bad = [name for name, ok in [
        ("id", str(r[0]) == w[0]), ("composite", r[1] == w[1]),
        ("score", isinstance(r[2], float) and r[2] == float(w[2])), ("level", r[3] == w[3]),
        ("reasons", r[4] == w[4]), ("fired", r[5] == w[5]), ("profile", r[6] == w[6]),
        ("profile_version", str(r[7]) == w[7])] if not ok]
    check(not bad, f"screening of row {w[0]} as psql prints it: "
          + (f"score {r[2]!r}, fired {r[5]}" if not bad else f"differs in {bad}: {r!r}"[:300]))
check(len(got) == len(want) == 10, f"screening: {len(got)} rows, psql {len(want)}; described as {described}")

want = psql_rows("reasons.tsv")
cur.execute("SELECT id, r.n, r.e->>'indicator', (r.e->>'contribution')::float8, r.e->'evidence' "
            "FROM client_screening, jsonb_array_elements((s).reasons) WITH ORDINALITY r(e, n) ORDER BY id, r.n")
got = cur.fetchall()
same = sum(1 for r, w in zip(got, want)
           if [str(r[0]), str(r[1]), r[2]] == w[:3] and r[3] == float(w[3]) and r[4] == w[4])
non_ascii = any(any(ord(ch) > 127 for ch in r[4]) for r in got)
check(len(got) == len(want) and same == len(got) and non_ascii,
      f"reasons one per row, indicator, contribution and jsonb evidence as psql prints them: {same} of "
      f"{len(got)} (psql {len(want)})" + (", non-ASCII evidence included" if non_ascii else ""))

# SQLColumns of a column of the composite type, in a view and in a table
for table in ("client_screening", "client_screened"):
    c = {c.column_name: c for c in cur.columns(table=table)}.get("s")
    check(c is not None and c.type_name == "screening" and c.data_type in SQL_CHAR_TYPES,
          f"SQLColumns {table}.s: type_name {c.type_name if c else None}, "
          f"data_type {SQL_CHAR_TYPES.get(c.data_type, c.data_type) if c else None}, "
          f"column_size {c.column_size if c else None}")

print(f"{failures} failures")
sys.exit(1 if failures else 0)

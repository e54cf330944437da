#!/bin/bash
# test/clients/screening_expected.sh DB DIR: what psql prints for the
# screening composite of the view client_screening (test/clients/fixture.sql),
# the answer the driver tests (JdbcTest.java, odbc_test.py) compare with.
# Tab-separated, one row a line, psql's default float output (shortest exact):
#   DIR/screening.tsv  id, the composite, score, level, reasons (jsonb),
#                      fired (text[]), profile, profile_version
#   DIR/reasons.tsv    id, position, indicator, contribution, evidence (jsonb)
#                      of every reason
set -euo pipefail
db=$1 dir=$2
psql -X -At -F $'\t' -v ON_ERROR_STOP=1 -d "$db" \
    -c "SELECT id, s, (s).score, (s).level, (s).reasons, (s).fired, (s).profile, (s).profile_version
          FROM client_screening ORDER BY id" > "$dir/screening.tsv"
psql -X -At -F $'\t' -v ON_ERROR_STOP=1 -d "$db" \
    -c "SELECT id, r.n, r.e->>'indicator', (r.e->>'contribution')::float8, r.e->'evidence'
          FROM client_screening, jsonb_array_elements((s).reasons) WITH ORDINALITY r(e, n)
         ORDER BY id, r.n" > "$dir/reasons.tsv"
# the rows must hold something to compare: reasons, a non-ASCII evidence, and
# composites longer than the 255 characters psqlODBC reports as their size
[ "$(wc -l < "$dir/screening.tsv")" -eq 10 ] && [ "$(wc -l < "$dir/reasons.tsv")" -ge 20 ] &&
    grep -q 'Альфа' "$dir/reasons.tsv" && [ "$(cut -f 2 "$dir/screening.tsv" | awk 'length > 255' | wc -l)" -ge 5 ] ||
    { echo "screening_expected: too little to compare" >&2; exit 1; }

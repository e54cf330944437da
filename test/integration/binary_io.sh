#!/bin/bash
# Binary input (COPY ... FORMAT binary, drivers' binary protocol) accepts and
# rejects exactly what text input does, with the same SQLSTATE; binary output
# is the canonical text.  The binary form of hscode is the code as text, so a
# binary COPY of a text column feeds hscode_recv any byte string we like.
set -euo pipefail
db=ts_binary_io
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 777 "$tmp"
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }

psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
q -c "CREATE EXTENSION trade_screen" -c "CREATE TABLE target (c hscode)"
q -c "CREATE TABLE inputs (id serial, t text)" -c "
INSERT INTO inputs (t) VALUES ('8542'), ('854231'), ('8542.31'), ('8542.31.00'),
  ('8542 31 000 0'), ('8542-31'), ('  8542.31  '), ('HS 8542.31'), ('hs8542'), ('01'),
  ('98'), ('99'), ('123456789012'), (''), ('   '), ('HS'), ('85x2'), ('8542/31'),
  ('8'), ('854'), ('85423'), ('1234567890123'), ('00'), ('77'), ('7701.10'), ('.8542'),
  ('8542.'), ('8542..31'), ('８５４２'), ('8542' || chr(160) || '31')"

# outcome of a statement: its output, or ERROR:<sqlstate>
outcome() {
    local out
    if out=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -At -d "$db" "$@" 2>&1); then
        echo "$out"
    else
        echo "ERROR:$(sed -n 's/^ERROR: *\([0-9A-Z]\{5\}\).*/\1/p' <<<"$out" | head -n 1)"
    fi
}

failures=0
n=$(q -c "SELECT count(*) FROM inputs")
for id in $(seq 1 "$n"); do
    q -c "\\copy (SELECT t FROM inputs WHERE id = $id) TO '$tmp/in.bin' WITH (FORMAT binary)"
    text_result=$(outcome -c "SELECT t::hscode FROM inputs WHERE id = $id")
    binary_result=$(outcome -c "TRUNCATE target" \
        -c "\\copy target FROM '$tmp/in.bin' WITH (FORMAT binary)" -c "SELECT c FROM target")
    if [ "$text_result" != "$binary_result" ]; then
        echo "input $id ($(q -c "SELECT quote_literal(t) FROM inputs WHERE id = $id")): text gave '$text_result', binary gave '$binary_result'"
        failures=$((failures + 1))
    fi
done
echo "$n inputs compared, $failures differ"

# binary output read back as text is the canonical form
q -c "TRUNCATE target" -c "INSERT INTO target SELECT hs_parse(t) FROM inputs WHERE hs_is_valid(t)"
q -c "\\copy (SELECT c FROM target ORDER BY c) TO '$tmp/out.bin' WITH (FORMAT binary)"
q -c "CREATE TABLE back (t text)" -c "\\copy back FROM '$tmp/out.bin' WITH (FORMAT binary)"
mismatch=$(q -c "SELECT count(*) FROM (SELECT t FROM back EXCEPT SELECT c::text FROM target) d")
total=$(q -c "SELECT count(*) FROM back")
echo "binary output: $total values, $mismatch not canonical"
[ "$failures" -eq 0 ] && [ "$mismatch" -eq 0 ] && [ "$total" -gt 10 ]

#!/bin/bash
# Binary input of country and route (COPY ... FORMAT binary, the drivers'
# binary protocol) accepts and rejects exactly what text input does, with
# the same SQLSTATE, and binary output reads back as the same value.  The
# binary form of both types is their text, so a binary COPY of a text
# column hands country_recv / route_recv any byte string.
set -euo pipefail
db=ts_country_route_binary
dir=$(mktemp -d)
chmod 777 "$dir"
trap 'rm -rf "$dir"' EXIT
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -d "$db" -c "CREATE EXTENSION trade_screen"

# result TYPE VALUE MODE: the value read as TYPE through text input or a
# binary COPY, printed as text, or ERROR:<sqlstate>
result() {
    local type=$1 value=$2 mode=$3 out
    if out=$(psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -d "$db" \
                  -v value="$value" -v file="$dir/v.bin" -v type="$type" -v mode="$mode" 2>&1 <<'SQL'
CREATE TEMP TABLE target (c :type);
SELECT :'mode' = 'text' AS by_text \gset
\if :by_text
INSERT INTO target SELECT :'value'::text:::type;
\else
COPY (SELECT :'value'::text) TO :'file' WITH (FORMAT binary);
COPY target FROM :'file' WITH (FORMAT binary);
\endif
SELECT c::text FROM target;
SQL
            ); then
        echo "$out"
    else
        echo "ERROR:$(sed -n 's/^ERROR: *\([0-9A-Z]\{5\}\).*/\1/p' <<<"$out" | head -n 1)"
    fi
}

fail=0
check() {
    local type=$1 value=$2 t b
    t=$(result "$type" "$value" text)
    b=$(result "$type" "$value" binary)
    if [ "$t" != "$b" ]; then
        echo "$type \"$value\": text gives $t, binary gives $b"
        fail=1
    fi
    echo "$type \"$value\" -> $t"
}

for v in KZ kz KAZ 398 4 ' RU ' XK EU ZZ '' '   ' K KAZA QQ QQQ 999 1000 K1 'K Z' 'KZ>RU' \
         Kazakhstan 'ＫＺ' 'RU.'; do
    check country "$v"
done
for v in 'DE>PL>KZ>RU' 'DEU>POL>KAZ>RUS' '276>616>398>643' 'DE -> PL - KZ → RU' RU 'KZ>KZ' \
         '' '   ' '>' '>KZ' 'KZ>' 'KZ>>RU' 'KZ RU' 'KZ,RU' 'KZ>QQ' 'KZ>RUSS' 'KZ>ＲＵ' \
         "$(printf 'KZ>%.0s' $(seq 1 32))RU" "$(printf 'KZ>%.0s' $(seq 1 31))RU"; do
    check route "$v"
done

# binary output is the canonical text: a binary COPY out and back in keeps the values
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v file="$dir/rt.bin" <<'SQL'
CREATE TABLE src (c country, r route);
INSERT INTO src VALUES ('KZ', 'DE>PL>KZ>RU'), ('XK', 'RU'), (NULL, NULL), ('EU', 'XK>RS>EU>ZZ');
COPY src TO :'file' WITH (FORMAT binary);
CREATE TABLE dst (c country, r route);
COPY dst FROM :'file' WITH (FORMAT binary);
SQL
out=$(psql -X -q -At -d "$db" -c "SELECT count(*) FROM src s JOIN dst d
    ON s.c IS NOT DISTINCT FROM d.c AND s.r IS NOT DISTINCT FROM d.r")
echo "binary round trip: $out of 4 rows identical"
[ "$out" = 4 ] || fail=1
psql -X -q -c "DROP DATABASE $db"
exit $fail

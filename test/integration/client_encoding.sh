#!/bin/bash
# Input errors reach clients whose encoding lacks characters of the message:
# with PGCLIENTENCODING=LATIN1 and WIN1251 every rejected value gets its own
# SQLSTATE (22P02 / 22023), never the conversion error 22P05, and the message
# shows what the client cannot as U+XXXX.  A trailing arrow in a route is
# quoted whole, never as a lone UTF-8 continuation byte.  Runs against the
# cluster of scripts/test.sh (PGHOST etc.); exits 0 on success.
set -uo pipefail
db=ts_client_encoding
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db ENCODING 'UTF8' TEMPLATE template0"
psql -X -q -d $db -c "CREATE EXTENSION trade_screen"
status=0

# one row per case, fields split by " ;; ": expression, expected SQLSTATE,
# text the error must contain ({arrow}: U+2192 to LATIN1 and WIN1251, the
# arrow itself to UTF8)
cases=$(cat <<'CASES'
'DE>>RU'::route ;; 22P02 ;; HINT:  A route is 1 to 32 countries separated by ">" (also "->", "-" or the arrow U+2192)
('DE>RU' || chr(8594))::route ;; 22P02 ;; DETAIL:  The separator "{arrow}" at position 6 does not stand
('DE' || chr(8594) || 'RU>')::route ;; 22P02 ;; invalid input syntax for type route: "DE{arrow}RU>"
('DE' || chr(8594) || ' ')::route ;; 22P02 ;; The separator "{arrow}" at position 3
('DE>KZ' || chr(8594) || chr(8594) || 'RU')::route ;; 22P02 ;; The separator "{arrow}" at position 9
('KZ' || chr(1046))::route ;; 22P02 ;; invalid input syntax for type route
('1' || chr(8594))::hscode ;; 22P02 ;; Unexpected character "{arrow}" at position 2.
('{85,' || chr(8594) || '}')::hsset ;; 22P02 ;; The item "{arrow}" at position 5 is no HS code.
('K' || chr(8594))::country ;; 22P02 ;; invalid input syntax for type country: "K{arrow}"
country_from_name('Narnia' || chr(8594)) ;; 22023 ;; unknown country name: "Narnia{arrow}"
country_name('KZ', 'ru' || chr(8594)) ;; 22023 ;; unknown language for country names: "ru{arrow}"
CASES
)
for enc in LATIN1 WIN1251 UTF8; do
    arrow=U+2192
    [ "$enc" = UTF8 ] && arrow=→
    while read -r line; do
        expr=${line%% ;; *} rest=${line#* ;; }
        state=${rest%% ;; *} want=${rest#* ;; }
        want=${want//\{arrow\}/$arrow}
        out=$(PGCLIENTENCODING=$enc psql -X -d $db -v VERBOSITY=verbose -c "SELECT $expr" 2>&1)
        if ! grep -q "ERROR:  $state:" <<<"$out" || ! grep -qF -- "$want" <<<"$out"; then
            echo "FAIL [$enc] $expr: want $state and '$want', got:"
            echo "$out"
            status=1
        fi
    done <<<"$cases"
done

# characters the client has are shown as they are: Cyrillic Zhe to WIN1251
# is the byte 0xC6
out=$(PGCLIENTENCODING=WIN1251 psql -X -d $db -c "SELECT ('KZ' || chr(1046))::route" 2>&1)
grep -qF "Unexpected character \"$(printf '\xc6')\" at position 3" <<<"$out" \
    || { echo "FAIL: WIN1251 client: $out"; status=1; }

psql -X -q -c "DROP DATABASE $db"
[ $status -eq 0 ] && echo "every error reached LATIN1, WIN1251 and UTF8 clients with its own SQLSTATE"
exit $status

#!/bin/bash
# Hostile input to every type, as text and through crafted COPY BINARY files:
# huge values (up to 20 MB), malformed ones, odd Unicode (combining marks,
# zero-width joiners, direction marks, full-width and Arabic-Indic digits,
# emoji, non-breaking spaces), bytes that are not UTF-8, and binary files
# whose framing lies (a field longer than the file, a negative length, a
# wrong field count, a truncated tuple).  Every case must end in an error
# with its own SQLSTATE (never XX000 "internal error") or a valid value,
# text and binary input must agree on the same bytes, and the server must
# never restart.  Runs against the cluster of scripts/test.sh; exits 0 on
# success.
set -uo pipefail
db=ts_adversarial
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -d $db -c "CREATE EXTENSION trade_screen" \
    -c "CREATE TABLE t_hscode (v hscode)" -c "CREATE TABLE t_hsset (v hsset)" \
    -c "CREATE TABLE t_country (v country)" -c "CREATE TABLE t_route (v route)"
started=$(psql -X -At -d $db -c "SELECT pg_postmaster_start_time()")
status=0
allowed='^(ok|22P02|22021|22P04|22P05|54000|22023|08P01)$'

# outcome of SQL: ok, or the SQLSTATE of its error
outcome() {
    local out
    if out=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -At -d $db "$@" 2>&1 >/dev/null); then
        echo ok
    else
        sed -n 's/^.*ERROR: *\([0-9A-Z]\{5\}\).*/\1/p' <<<"$out" | head -n 1 | grep . || echo "lost: $out"
    fi
}

# 4-byte big-endian integer as printf escapes
be32() { local n=$(( $1 & 0xFFFFFFFF )); printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((n >> 24 & 255)) $((n >> 16 & 255)) $((n >> 8 & 255)) $((n & 255)); }
# copyfile FILE PAYLOAD-FILE: a binary COPY file of one row holding the payload
copyfile() {
    local len
    len=$(stat -c %s "$2")
    { printf 'PGCOPY\n\377\r\n\0'; printf '\0\0\0\0\0\0\0\0'; printf '\0\1'; printf "$(be32 "$len")"
      cat "$2"; printf '\377\377'; } > "$1"
}

# check TYPE NAME: the payload in $tmp/payload as text input and as a binary COPY field
check() {
    local type=$1 name=$2 t b
    copyfile "$tmp/row.bin" "$tmp/payload"
    t=$(outcome -v file="$tmp/payload" <<SQL
CREATE TEMP TABLE raw (s text);
SELECT pg_read_file(:'file')::$type IS NOT NULL;
SQL
)
    b=$(outcome -c "COPY t_$type FROM '$tmp/row.bin' WITH (FORMAT binary)")
    # a payload that is not UTF-8 cannot even be text: then only the binary outcome counts
    [ "$t" = 22021 ] && [ "$b" = 22021 ] && t=$b
    if ! [[ "$t" =~ $allowed && "$b" =~ $allowed ]] || { [ "$t" != "$b" ] && [ "$t" != 22021 ]; }; then
        echo "FAIL $type $name: text $t, binary $b"; status=1
    else
        printf '%-8s %-28s text %-6s binary %s\n' "$type" "$name" "$t" "$b"
    fi
}

payloads() {
    printf '%s' "$1"
}
for type in hscode hsset country route; do
    case $type in
        hscode)  good='8542.31' ;;
        hsset)   good='{8542,!854290}' ;;
        country) good='KZ' ;;
        route)   good='DE>PL>KZ>RU' ;;
    esac
    printf '%s' "$good" > "$tmp/payload"; check $type valid
    head -c 20000000 /dev/zero | tr "\\0" 8 > "$tmp/payload"; check $type huge_digits_20MB
    { printf '{'; for i in $(seq 1 2000); do printf '85%02d,' $((i % 100)); done; printf '85}'; } > "$tmp/payload"; check $type many_members
    head -c 10000000 /dev/zero | tr '\0' '>' > "$tmp/payload"; check $type huge_separators_10MB
    printf 'K\xcc\x81Z' > "$tmp/payload"; check $type combining_acute
    printf 'K\xe2\x80\x8dZ' > "$tmp/payload"; check $type zero_width_joiner
    printf '\xe2\x80\x8f8542' > "$tmp/payload"; check $type rtl_mark
    printf '\xef\xbc\x98\xef\xbc\x95\xef\xbc\x94\xef\xbc\x92' > "$tmp/payload"; check $type fullwidth_digits
    printf '\xd9\xa8\xd9\xa5\xd9\xa4\xd9\xa2' > "$tmp/payload"; check $type arabic_indic_digits
    printf '\xf0\x9f\x87\xb0\xf0\x9f\x87\xbf' > "$tmp/payload"; check $type flag_emoji
    printf '85\xc2\xa042' > "$tmp/payload"; check $type nbsp
    printf 'DE\xe2\x86\x92' > "$tmp/payload"; check $type trailing_arrow
    printf '\xff\xfe85' > "$tmp/payload"; check $type not_utf8
    printf '\xc0\xaf85' > "$tmp/payload"; check $type overlong_utf8
    printf '85\xe2\x86' > "$tmp/payload"; check $type truncated_utf8
    printf '\x01\x02\x7f\x1b[2J' > "$tmp/payload"; check $type control_bytes
    : > "$tmp/payload"; check $type empty
done

# binary files whose framing lies
frame() {
    local name=$1 body=$2 o
    { printf 'PGCOPY\n\377\r\n\0'; printf '\0\0\0\0\0\0\0\0'; printf "$body"; } > "$tmp/frame.bin"
    for type in hscode hsset country route; do
        o=$(outcome -c "COPY t_$type FROM '$tmp/frame.bin' WITH (FORMAT binary)")
        if [[ "$o" =~ $allowed && "$o" != ok ]]; then
            printf '%-8s %-28s binary %s\n' "$type" "$name" "$o"
        else
            echo "FAIL $type frame $name: $o"; status=1
        fi
    done
}
frame length_past_end "\\0\\1$(be32 1000000)8542\\377\\377"
frame length_2GB "\\0\\1$(be32 0x7fffffff)8542"
frame negative_length "\\0\\1$(be32 -2)8542\\377\\377"
frame two_fields "\\0\\2$(be32 4)8542$(be32 4)8542\\377\\377"
frame truncated_tuple "\\0\\1$(be32 4)85"

now=$(psql -X -At -d $db -c "SELECT pg_postmaster_start_time()") || { echo "FAIL: server gone"; exit 1; }
[ "$now" = "$started" ] || { echo "FAIL: the server restarted"; status=1; }
psql -X -q -c "DROP DATABASE $db"
exit $status

#!/bin/bash
# Counterparty names never stall a backend (issue 16): name_key,
# name_similarity and %% on names of about a megabyte in the scripts whose
# transliteration is dearest (Cyrillic, Han, a letter with a combining mark
# after every letter, white space, plain ASCII) each return within
# RETURN_MS, where they took 5 to 19 s when ICU saw the whole name; and a
# query over 40 such names, each a few tens of ms, stops with SQLSTATE 57014
# within 100 ms of its statement_timeout (psql's \timing of the failed
# statement, so connecting does not count).  Runs in its own throwaway
# cluster; exits 0 on success.
# Country names go through ICU too (normalize_name, country_from_name): a
# name of megabytes there is cancelled within 100 ms of statement_timeout.
source "$(dirname "$0")/../../scripts/lib.sh"
start_cluster >/dev/null 2>&1
return_ms=${RETURN_MS:-1000}
timeout_ms=200
tpsql -c "CREATE EXTENSION trade_screen"
fail=0
# name; SQL expression of about a megabyte
while IFS=';' read -r name expr; do
    for call in "name_key(x)" "name_similarity(x, 'Tekhsnab LLC')" "x %% 'ООО «Техснаб»'"; do
        ms=$(tpsql -At -c '\timing on' -c "SELECT length(($call)::text) FROM (SELECT $expr AS x) s" \
             | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
        printf '%-18s %-40s %8s ms\n' "$name" "$call" "$ms"
        awk -v t="$ms" -v lim="$return_ms" 'BEGIN { exit !(t != "" && t < lim) }' \
            || { echo "FAIL $name $call: took ${ms:-?} ms, limit $return_ms"; fail=1; }
    done
    # many such names under a statement_timeout: cancelled, and soon
    out=$(tpsql -At -v VERBOSITY=sqlstate -c '\timing on' -c "SET statement_timeout = $timeout_ms" \
          -c "SELECT count(name_key($expr || g)) FROM generate_series(1, 40) g" 2>&1 || true)
    ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | tail -n 1)
    state=$(grep -o 57014 <<<"$out" | head -n 1 || true)
    printf '%-18s %-40s %8s ms (%s)\n' "$name" "40 names, timeout $timeout_ms ms" "$ms" "${state:-returned}"
    awk -v t="$ms" -v lim=$((timeout_ms + 100)) 'BEGIN { exit !(t != "" && t < lim) }' \
        || { echo "FAIL $name: 40 names under statement_timeout $timeout_ms ms took ${ms:-?} ms"; fail=1; }
done <<'CASES'
cyrillic;repeat('Ж', 500000)
cyrillic_words;repeat('Техснаб ', 70000)
combining;repeat(E'a\u0301', 400000)
marks_only;repeat(E'\u0301', 500000)
han;repeat('北京', 170000)
blanks_then_word;repeat(' ', 1000000) || 'Техснаб'
ascii;repeat('a', 1000000)
ascii_words;repeat('ab ', 350000)
armenian;repeat('Հայաստան ', 60000)
CASES
# country names: the whole text is read (a key is all its words), but ICU
# sees it a piece at a time, so statement_timeout stops it soon
for call in "normalize_name(x)" "country_from_name_or_null(x)"; do
    for expr in "repeat('Ж', 2500000)" "repeat(E'a\\u0301', 2000000)" "repeat('Қазақстан ', 500000)"; do
        out=$(tpsql -At -v VERBOSITY=sqlstate -c '\timing on' -c "SET statement_timeout = $timeout_ms" \
              -c "SELECT length(($call)::text) FROM (SELECT $expr AS x) s" 2>&1 || true)
        ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$out" | tail -n 1)
        state=$(grep -o 57014 <<<"$out" | head -n 1 || true)
        printf '%-40s %-32s %8s ms (%s)\n' "$expr" "$call" "$ms" "${state:-returned}"
        awk -v t="$ms" -v lim=$((timeout_ms + 100)) 'BEGIN { exit !(t != "" && t < lim) }' \
            || { echo "FAIL $call on $expr under statement_timeout $timeout_ms ms took ${ms:-?} ms"; fail=1; }
    done
done
exit $fail

#!/bin/bash
# The main job's party report: the sample list (data/sample_targets.simple.csv)
# loads through load_targets_simple, and the report finds exactly the
# declared names that are on it (in either script) and none of the decoys
# (Kazakhstan Energy, Almaty Engineering, Yerevan Textile, Volga Neft,
# Uralvagontorg, Gulf Star Shipping share words with declared firms).
# Then pg_dump/restore keeps the listed parties and the index answers.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
db=ts_parties
psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS ${db}_copy" \
     -c "CREATE DATABASE $db" -c "CREATE DATABASE ${db}_copy"
q -d $db -c "CREATE EXTENSION trade_screen"
q -d $db -v rows=3000 -v seed=3 -f demo/generate.sql
loaded=$(q -d $db -f demo/load_parties.sql)
[ "$loaded" = "14" ] || { echo "loader loaded '$loaded' rows, expected 14"; exit 1; }

# what the loader made of the CSV: aliases, identifiers, dates
row=$(q -d $db -c "SELECT schema, name, array_length(aliases, 1), countries::text, identifiers::text, valid_from, source
                     FROM listed_parties WHERE list = 'sample' AND party_id = 'ts-sample-0001'")
[ "$row" = "Company|OOO TEKHSNAB|2|{ru}|{\"INN 7700000001\",\"OGRN 1027700000001\"}|2022-06-01|sample" ] \
    || { echo "unexpected loaded row: $row"; exit 1; }
# loading again updates, never duplicates
again=$(q -d $db -f demo/load_parties.sql)
n=$(q -d $db -c "SELECT count(*) FROM listed_parties")
[ "$again" = "14" ] && [ "$n" = "14" ] || { echo "reload gave $again / $n rows"; exit 1; }

q -d $db -f demo/report_parties.sql > /tmp/ts_parties.$$
found=$(awk -F'|' '$3 ~ /ts-sample/ { gsub(/^ +| +$/, "", $2); print $2 }' /tmp/ts_parties.$$ | sort -u | tr '\n' ';')
rm -f /tmp/ts_parties.$$
# the declared names on the sample list, by construction of demo/generate.sql
expected=$(printf '%s\n' "OOO Tekhsnab" "ООО «Техснаб»" "Radiodetal LLC" "ООО «Радиодеталь»" \
    "АО «Микроэлектроника-Комплект»" "Kazsnab LLP" "ТОО «Казснаб»" "Bishkek Impex LLC" \
    "ОсОО «Бишкек Импэкс»" "Dubai Silicon FZCO" "ТОО «Шымкент Техноимпорт»" | sort -u | tr '\n' ';')
# names that occur in this sample only
present=$(q -d $db -c "SELECT string_agg(n, ';' ORDER BY n) FROM (SELECT exporter n FROM sample.declarations UNION SELECT importer FROM sample.declarations) x")
want=""
IFS=';' read -ra names <<< "$expected"
for nm in "${names[@]}"; do
    [[ ";$present;" == *";$nm;"* ]] && want+="$nm;"
done
want=$(tr ';' '\n' <<< "$want" | sed '/^$/d' | sort -u | tr '\n' ';')
echo "found:    $found"
echo "expected: $want"
[ "$found" = "$want" ] || { echo "the party report found other names than the sample list holds"; exit 1; }

# the join answers the same with and without the index
cmp_q="SELECT md5(string_agg(d.decl_id || ':' || p.party_id, ',' ORDER BY d.decl_id, p.party_id))
         FROM sample.declarations d JOIN listed_parties p ON d.importer %% p.names"
with_index=$(q -d $db -c "SET enable_seqscan = off" -c "$cmp_q")
without=$(q -d $db -c "SET enable_bitmapscan = off" -c "SET enable_indexscan = off" -c "$cmp_q")
[ "$with_index" = "$without" ] || { echo "index join differs from the seq scan join"; exit 1; }

# pg_dump keeps the listed parties; the restored index answers as before
dump=$(mktemp)
pg_dump -d $db -f "$dump"
q -d ${db}_copy -f "$dump" > /dev/null
a=$(q -d $db -c "SELECT count(*), string_agg(party_id, ',' ORDER BY party_id) FROM listed_parties WHERE names %% 'Техснаб'")
b=$(q -d ${db}_copy -c "SET enable_seqscan = off" -c "SELECT count(*), string_agg(party_id, ',' ORDER BY party_id) FROM listed_parties WHERE names %% 'Техснаб'")
rm -f "$dump"
echo "dumped: $a restored: $b"
[ "$a" = "$b" ] && [ "$a" = "1|ts-sample-0001" ] || { echo "restore lost listed parties"; exit 1; }
psql -X -q -c "DROP DATABASE $db" -c "DROP DATABASE ${db}_copy"

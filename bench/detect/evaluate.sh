#!/bin/bash
# bench/detect/evaluate.sh: detection quality of the route-anomaly scorer (issue 7), one command.
#   TS_PGTREE=/tmp/pgtree-x bash bench/detect/evaluate.sh [options]
#     --rows N       declarations to generate (default 200000)
#     --seed S       generator seed (default 1)
#     --also-seeds "2 3"  evaluate on these seeds too (main table and check line of each)
#     --naive-only   no scorer: the naive rule stands in for it (debugging the evaluation)
#     --standin      score with bench/detect/standin.sql (a debugging stand-in in plain SQL)
#     --check        exit non-zero unless every typology has AUC >= 0.95 and above the naive rule
#     --no-results   do not write bench/RESULTS.md
# Builds and installs trade_screen, starts a throwaway cluster, generates labelled
# declarations (bench/detect/generate.py) into decl (unlabelled) and decl_truth, runs
# screen_fit('decl') as an analyst would (the fit never sees the labels), scores every row
# with screen_declaration(...).score and with the naive rule "CHPL goods to RU or BY", and
# prints the tables of bench/detect/evaluate.sql; with the real scorer (or --standin, saying
# so) it writes them to the "## Detection quality" section of bench/RESULTS.md.
# Exits 0 when it ran (--check: when the targets are met).
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$TS_ROOT"

rows=200000 seed=1 also="" mode=scorer check=false results=true
while [ $# -gt 0 ]; do
    case $1 in
        --rows) rows=$2; shift ;;
        --seed) seed=$2; shift ;;
        --also-seeds) also=$2; shift ;;
        --naive-only) mode=naive ;;
        --standin) mode=standin ;;
        --check) check=true ;;
        --no-results) results=false ;;
        *) echo "usage: $0 [--rows N] [--seed S] [--also-seeds \"S ...\"] [--naive-only | --standin] [--check] [--no-results]" >&2
           exit 2 ;;
    esac
    shift
done

install_deps python3
build
start_cluster -c shared_buffers=1GB -c work_mem=64MB -c max_parallel_workers_per_gather=2 -c jit=off
tpsql -c "CREATE EXTENSION trade_screen"

# generate SEED: the labelled declarations of a seed into decl and decl_truth
generate() {
    say "generating $rows declarations (seed $1)"
    t0=$(date +%s)
    python3 bench/detect/generate.py --rows "$rows" --seed "$1" | tpsql -f bench/detect/load.sql
    t_gen=$(( $(date +%s) - t0 ))
}
generate "$seed"

case $mode in
    scorer)
        if [ "$(tpsql -At -c "SELECT to_regprocedure('screen_fit(regclass,text)') IS NOT NULL
                                  AND EXISTS (SELECT FROM pg_proc WHERE proname = 'screen_declaration')")" != t ]; then
            say "screen_fit / screen_declaration are not in this build: use --naive-only or --standin"
            exit 1
        fi
        fit() {
            say "screen_fit over decl"
            t0=$(date +%s)
            tpsql -c "SELECT * FROM screen_fit('decl'::regclass)"
            t_fit=$(( $(date +%s) - t0 ))
        }
        scorer="(screen_declaration(d.hs, d.route, d.origin, d.decl_date, d.value_usd, d.quantity, d.unit, d.exporter)).score"
        what="the extension's scorer: screen_fit('decl') then (screen_declaration(hs, route, origin, decl_date, value_usd, quantity, unit, exporter)).score, default profile"
        heading="## Detection quality"
        ;;
    standin)
        fit() {
            t0=$(date +%s)
            tpsql -f bench/detect/standin.sql
            t_fit=$(( $(date +%s) - t0 ))
        }
        scorer="standin_score(d.decl_id)"
        what="the debugging stand-in bench/detect/standin.sql (plain-SQL red flags, not the product)"
        heading="## Detection quality"
        ;;
    naive)
        fit() { t_fit=0; }
        scorer="(d.hs <@ watchlist('CHPL', NULL, '2024-02-23') AND route_destination(d.route) IN ('RU', 'BY'))::int"
        what="the naive rule itself in the scorer's columns (--naive-only, debugging)"
        heading=""
        results=false
        ;;
esac
fit

say "scoring and evaluating"
t0=$(date +%s)
out=$(tpsql -v scorer="$scorer" -f bench/detect/evaluate.sql)
t_eval=$(( $(date +%s) - t0 ))
echo "$out"
counts=$(tpsql -At -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE label <> 'clean'),
                                     count(*) FILTER (WHERE hard_negative IS NOT NULL) FROM decl_truth")
read -r n_rows n_planted n_hard <<< "$counts"
nulls=$(tpsql -At -c "SELECT count(*) FROM detect_scores WHERE scorer IS NULL")
# the other seeds: generate, fit and score again; keep the main table and the check line
others="" all_ok=$(echo "$out" | grep -c '^check: ok$' || true) t_main="$t_gen $t_fit"
for s in $also; do
    generate "$s"
    fit
    o=$(tpsql -v scorer="$scorer" -f bench/detect/evaluate.sql)
    echo "== seed $s"
    echo "$o" | sed -n '2,/^$/p'
    echo "$o" | grep '^check:'
    others+=$'\n'"Seed $s:"$'\n'"$(echo "$o" | sed -n '2,/^$/p')"$'\n'"Result: $(echo "$o" | sed -n 's/^check: //p')."$'\n'
    echo "$o" | grep -q '^check: ok$' || all_ok=0
done
read -r t_gen t_fit <<< "$t_main"

if $results; then
    section=$(cat <<EOF
$heading

\`bash bench/detect/evaluate.sh --rows $rows --seed $seed$([ -n "$also" ] && echo " --also-seeds \"$also\"")$([ "$mode" = standin ] && echo " --standin")\` (with \`TS_PGTREE\` set), $(date -u '+%Y-%m-%d %H:%M') UTC,
$(git rev-parse --short HEAD) of branch $(git rev-parse --abbrev-ref HEAD). Scored by $what.
Data: bench/detect/generate.py, $n_rows declarations 2019-2023, $n_planted planted in six
typologies, $n_hard clean rows that are hard negatives (see bench/detect/README.md for how each
is built from data/ and from the issue's definitions). Positives of a typology are its rows;
negatives are all clean rows (hard negatives included), or the hard negatives only; ties count
half. Precision in the top 1%: among the top 1% of all rows by score, rows of the typology over
rows of the typology plus clean rows (rows tied at the cut count by the share of their score
group that fits); "all typologies": planted rows over all rows in the top 1%. The naive rule
scores 1 for CHPL goods (\`hs <@ watchlist('CHPL')\`) whose route ends in RU or BY, else 0.
Scores that were NULL (counted as 0): $nulls. Times on the shared 2-core machine (other
engineers' jobs running): generation and load ${t_gen} s, fit ${t_fit} s, scoring and
evaluation ${t_eval} s.
$(echo "$out" | sed -e '/^check:/d')

Target (issue 7): AUC at least 0.95 on every typology and above the naive rule's.
Result: $(echo "$out" | sed -n 's/^check: //p').
$([ -n "$also" ] && echo && echo "The same run on other seeds of the generator (\`--also-seeds \"$also\"\`), main table only:")
$others
EOF
)
    SECTION="$section" HEADING="$heading" python3 - <<'PY'
import os
path = "bench/RESULTS.md"
text = open(path, encoding="utf-8").read()
heading, section = os.environ["HEADING"], os.environ["SECTION"].strip("\n") + "\n"
lines = text.split("\n")
start = next((i for i, l in enumerate(lines) if l == heading), None)
if start is None:
    text = text.rstrip("\n") + "\n\n" + section
else:
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    rest = "\n".join(lines[end:])
    text = "\n".join(lines[:start]) + "\n" + section + ("\n" + rest if rest else "")
open(path, "w", encoding="utf-8").write(text)
PY
    say "wrote the \"${heading#\#\# }\" section of bench/RESULTS.md"
fi

if $check; then
    [ "$all_ok" = 1 ]
fi

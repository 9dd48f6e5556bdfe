#!/usr/bin/env bash
# Behaviour of `micic search` (cli/cmd_search.c): output formats, ranking,
# exit statuses, query errors with their column. Run by ctest as cli_search:
#   MICIC=build/micic MICIC_SEEDS_DIR=data/corpus bash tests/cli_search_test.sh
set -uo pipefail

: "${MICIC:?set MICIC to the micic binary}"
SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEEDS_DIR=${MICIC_SEEDS_DIR:-$SOURCE_DIR/data/corpus}
PYTHON=${PYTHON:-python3}
SEED_001="$SEEDS_DIR/001_87c8b2353408428e.txt"
SEED_004="$SEEDS_DIR/004_aa20fe2b579e300a.txt"

work=$(mktemp -d "${TMPDIR:-/tmp}/micic-search.XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$work/stdout"
err="$work/stderr"
failed=0
passed=0

run() {
    "$MICIC" "$@" </dev/null >"$out" 2>"$err"
    status=$?
    last="micic $*"
}
fail() {
    echo "FAIL: $1 ($last)"
    echo "--- stdout"; head -20 "$out"
    echo "--- stderr"; head -20 "$err"
    failed=$((failed + 1))
}
ok() { passed=$((passed + 1)); }
expect_status() { if [ "$status" -eq "$1" ]; then ok; else fail "$2: status $status, expected $1"; fi; }
expect_out() { if grep -Eq -- "$1" "$out"; then ok; else fail "$2: stdout lacks /$1/"; fi; }
expect_no_out() { if grep -Eq -- "$1" "$out"; then fail "$2: stdout has /$1/"; else ok; fi; }
expect_err() { if grep -Eq -- "$1" "$err"; then ok; else fail "$2: stderr lacks /$1/"; fi; }
json_check() {
    if "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$out"; then
        ok
    else
        fail "$2: JSON check failed: $1"
    fi
}

# --- text output on the bundled corpus: rank, score, id, title, snippet
run search evacuation
expect_status 0 "search the bundled corpus"
expect_out '^  1\. +[0-9]+\.[0-9]{4}  P[0-9]+  ' "rank, score, id"
expect_out '\[evacuat' "marked snippet"
expect_out '^10 of 10 matching records$' "count line (default -k 10)"

run search '"post evacuation assistance"' -k 0
expect_status 0 "phrase"
expect_out '^2 of 2 matching records$' "the two records titled Post evacuation assistance"
expect_out 'Post evacuation assistance' "titles shown"

# --- files, facets, -k
run search 'kind:reported' "$SEED_001" "$SEED_004" -k 0
expect_status 0 "facets on files"
expect_out '^2 of 2 matching records$' "both reported practices"
run search 'country:LBY' "$SEED_001" "$SEED_004"
expect_out '^1 of 1 matching record$' "only the Libya record"
expect_out 'emergency evacuation from Libya' "its description as snippet"
run search 'stakeholder:IOM' "$SEED_001" "$SEED_004" -k 1
expect_out '^1 of 2 matching records$' "-k 1 limits, total stays"
run search 'nothing-like-this-exists' "$SEED_001"
expect_status 0 "no match is not a failure"
expect_out '^0 of 0 matching records$' "zero results"

# --- CSV and JSON
run search evacuation --format csv -k 3
expect_status 0 "csv"
expect_out '^rank,score,id,title,snippet$' "csv header"
expect_out '^"1","[0-9.]+","P[0-9]+",' "csv rows quoted by libcsv"
run search 'evacuation OR relocation' --format json -k 0 --snippet 40 --marks '<b>,</b>'
expect_status 0 "json"
json_check "d['query'] == 'evacuation OR relocation' and d['ranked'] and d['total'] == len(d['results'])" "json document"
json_check "all(r['score'] > 0 for r in d['results'])" "positive scores"
json_check "all(a['score'] >= b['score'] for a, b in zip(d['results'], d['results'][1:]))" "sorted by score"
json_check "any('<b>' in r['snippet'] for r in d['results'])" "custom marks"
run search 'phase:emergency' --format json -k 0 --snippet 0
json_check "not d['ranked'] and all(r['score'] == 0 and r['snippet'] == '' for r in d['results'])" "facet-only: unranked, no snippet"

# --- BM25 parameters change the scores
run search evacuation --format json --k1 0 -k 0
json_check "len(set(round(r['score'], 9) for r in d['results'])) == 1" "k1 = 0: every match scores idf"
run search evacuation --b 2
expect_status 2 "b out of range"
expect_err 'from 0 to 1' "range message"

# --- query errors: exit 2, column and caret
run search 'a (b OR c'
expect_status 2 "unbalanced parenthesis"
expect_err "expected '\)' to close '\(' at column 3" "message"
expect_err '^    \^$' "caret under column 3"
run search 'colour:red'
expect_status 2 "unknown field"
expect_err "did you mean 'country'\?" "did you mean"
run search 'phase:banana'
expect_status 2 "unknown phase"
expect_err "column 7" "value column"
run search
expect_status 2 "missing query"
run search evacuation --format yaml
expect_status 2 "bad format"
expect_err "format" "format message"
run search evacuation "$work/missing.txt"
expect_status 1 "missing input file"

echo "cli_search: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

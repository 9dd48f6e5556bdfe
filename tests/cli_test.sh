#!/usr/bin/env bash
# Behaviour of the micic command-line tool: output, exit statuses, round trips.
# Run by ctest as the test `cli`:
#   MICIC=build/micic bash tests/cli_test.sh [SECTION...]
# With SECTION names, runs only those sections (e.g. `convert summary`).
#
# Layout: one shell function per section (section_NAME), listed in SECTIONS
# at the bottom. To add a section, write section_NAME using the helpers
# below and append NAME to SECTIONS.
#
# Helpers:
#   run ARGS...          run "$MICIC ARGS..." (stdin from /dev/null); sets
#                        $status and the files $out and $err
#   run_in FILE ARGS...  the same with standard input from FILE
#   expect_status N WHAT   assert the last run exited with N
#   expect_out PATTERN WHAT / expect_err PATTERN WHAT
#                        assert stdout / stderr matches the grep -E PATTERN
#   expect_out_fixed TEXT WHAT   the same for a fixed string
#   expect_true WHAT CMD...      assert CMD succeeds
#   json_check FILE PYTHON-EXPR WHAT   assert the expression holds, with
#                        `d` bound to the JSON document in FILE
set -uo pipefail

: "${MICIC:?set MICIC to the micic binary}"
SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEEDS_DIR=${MICIC_SEEDS_DIR:-$SOURCE_DIR/data/corpus}
PYTHON=${PYTHON:-python3}
SEED_001="$SEEDS_DIR/001_87c8b2353408428e.txt"
SEED_004="$SEEDS_DIR/004_aa20fe2b579e300a.txt"

work=$(mktemp -d "${TMPDIR:-/tmp}/micic-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/cli_lib.sh
. "$SOURCE_DIR/tests/cli_lib.sh"
# record count of the summary --json of ARGS...
summary_records() {
    "$MICIC" summary --json "$@" 2>/dev/null |
        "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["records"])'
}

COMMANDS="summary show convert validate guidelines vocab country"
VERSION=$(sed -n 's/^#define MICIC_VERSION_STRING "\(.*\)"/\1/p' \
    "$SOURCE_DIR/include/micic/version.h")

# ------------------------------------------------------------------------
section_version() {
    run --version
    expect_status 0 "--version exits 0"
    if [ "$(cat "$out")" = "micic $VERSION" ]; then
        pass "--version prints 'micic $VERSION' (include/micic/version.h)"
    else
        fail "--version prints 'micic $VERSION'"
    fi
    run -V
    if [ "$(cat "$out")" = "micic $VERSION" ]; then pass "-V = --version"; else fail "-V = --version"; fi
}

section_help() {
    local c
    run --help
    expect_status 0 "--help exits 0"
    expect_out '^Usage: micic COMMAND' "--help starts with a usage line"
    for c in $COMMANDS; do
        expect_out "^  $c +[a-z]" "--help lists '$c' with a one-line help"
    done
    run help
    expect_status 0 "'micic help' exits 0"
    expect_out '^Usage: micic COMMAND' "'micic help' = --help"

    for c in $COMMANDS; do
        run help "$c"
        cp "$out" "$work/help1"
        expect_status 0 "help $c exits 0"
        expect_out "^Usage: micic $c" "help $c shows the usage of $c"
        expect_out '^Options:' "help $c lists the options"
        expect_out -- '--help' "help $c mentions --help"
        run "$c" --help
        expect_status 0 "$c --help exits 0"
        if cmp -s "$out" "$work/help1"; then
            pass "'micic help $c' = 'micic $c --help'"
        else
            fail "'micic help $c' = 'micic $c --help'"
        fi
        run "$c" -h
        if cmp -s "$out" "$work/help1"; then pass "$c -h = $c --help"; else fail "$c -h = $c --help"; fi
    done
    run help convert
    expect_out -- '--to FMT' "convert --help documents --to"
    expect_out -- '--from FMT' "convert --help documents --from"
    expect_out -- '-o, --output' "convert --help documents -o"
    run help summary
    expect_out -- '--json' "summary --help documents --json"
}

section_errors() {
    run
    expect_status 2 "no command exits 2"
    expect_err '^Usage: micic' "no command prints the usage on stderr"

    run frobnicate
    expect_status 2 "unknown command exits 2"
    expect_err "^micic: unknown command 'frobnicate'; see 'micic --help'$" \
        "unknown command message"
    run sumary
    expect_status 2 "misspelled command exits 2"
    expect_err "did you mean 'micic summary'" "misspelled command suggests 'summary'"
    run guidlines
    expect_err "did you mean 'micic guidelines'" "misspelled command suggests 'guidelines'"
    run help frobnicate
    expect_status 2 "help for an unknown command exits 2"
    expect_err "unknown command 'frobnicate'" "help for an unknown command says so"
    run --frobnicate
    expect_status 2 "unknown global option exits 2"
    expect_err "unknown option '--frobnicate'" "unknown global option message"

    run convert --frobnicate --to json
    expect_status 2 "unknown subcommand option exits 2"
    expect_err "^micic convert: unknown option '--frobnicate'" "unknown option message names the command"
    expect_err "Try 'micic convert --help'" "unknown option points to --help"
    run summary --jsn
    expect_status 2 "misspelled option exits 2"
    expect_err "did you mean '--json'" "misspelled option suggests --json"
    run summary -Z
    expect_status 2 "unknown short option exits 2"
    run convert --to
    expect_status 2 "option without its value exits 2"
    expect_err "needs a value" "option without its value says so"
    run summary --json=yes
    expect_status 2 "value given to a flag exits 2"
    run convert --to xml
    expect_status 2 "unknown output format exits 2"
    expect_err "unknown format 'xml'" "unknown format message"
    run convert --to jsn
    expect_err "did you mean 'json'" "misspelled format suggests json"
    run convert --to guidelines
    expect_status 2 "guidelines is not an output format"
    run convert --from xml --to json
    expect_status 2 "unknown input format exits 2"
    run convert "$SEED_004"
    expect_status 2 "convert without --to exits 2"
    expect_err "missing --to" "convert without --to says so"
}

section_guidelines() {
    local n
    run guidelines
    expect_status 0 "guidelines exits 0"
    n=$(grep -cE '^ ?([1-9]|1[0-5])  (Crisis Preparedness|Emergency Response|Post-Crisis Action) +[^ ].*$' "$out")
    if [ "$n" -eq 15 ]; then
        pass "guidelines prints 15 'N  phase  thematic area' lines"
    else
        fail "guidelines prints 15 'N  phase  thematic area' lines (got $n)"
    fi
    n=$(sed -n 's/^    GUIDELINE \([0-9]*\): .*/\1/p' "$out" | tr '\n' ' ')
    if [ "$n" = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 " ]; then
        pass "guidelines prints 'GUIDELINE N: title' for 1..15 in order"
    else
        fail "guidelines prints 'GUIDELINE N: title' for 1..15 in order (got $n)"
    fi
    expect_out '^ 1  Crisis Preparedness +Information on crises$' \
        "guideline 1: Crisis Preparedness, Information on crises"
    expect_out '^ 9  Emergency Response +Communication during a crisis$' \
        "guideline 9: Emergency Response, Communication during a crisis"
    expect_out "^14  Post-Crisis Action +Support migrants.{1,3} recovery$" \
        "guideline 14: Post-Crisis Action, Support migrants' recovery"
    expect_out_fixed "GUIDELINE 14: Address migrants' immediate needs and support migrants to rebuild lives" \
        "guideline 14's title"
    expect_out_fixed "GUIDELINE 1: Track information on conflicts and natural disasters" \
        "guideline 1's title"

    run guidelines --json
    expect_status 0 "guidelines --json exits 0"
    cp "$out" "$work/guidelines.json"
    json_check "$work/guidelines.json" \
        '[g["number"] for g in d] == list(range(1, 16)) and all(g["title"] and g["theme"] for g in d)' \
        "guidelines --json parses: 15 guidelines with titles and themes"
    json_check "$work/guidelines.json" \
        '[g["phase"] for g in d] == ["Crisis Preparedness"] * 8 + ["Emergency Response"] * 5 + ["Post-Crisis Action"] * 2' \
        "guidelines --json: phases 1-8, 9-13, 14-15"

    run guidelines 14
    expect_status 0 "guidelines 14 exits 0"
    n=$(grep -c '^    GUIDELINE ' "$out")
    if [ "$n" -eq 1 ]; then pass "guidelines 14 prints one guideline"; else fail "guidelines 14 prints one guideline (got $n)"; fi
    run guidelines "Capacity building" --json
    json_check "$out" 'len(d) == 1 and d[0]["number"] == 8' "guidelines THEME finds guideline 8"
    run guidelines 16
    expect_status 1 "guidelines 16 exits 1"

    # --text: a full description for every guideline, seed text where known
    local g
    for g in $(seq 1 15); do
        run guidelines --text "$g"
        n=$(sed -n '/^    Description$/,$p' "$out" | wc -w)
        if grep -q '^    Description$' "$out" && grep -q '^    Vocabulary: ' "$out" && [ "$n" -gt 300 ]; then
            pass "guidelines --text $g prints a full description ($n words)"
        else
            fail "guidelines --text $g prints a full description (got $n words)"
        fi
    done
    run guidelines --text 14
    expect_out '^    Guideline text$' "guidelines --text 14 prints the seed's body text"
    expect_out '^    Sample Practices$' "guidelines --text 14 prints the Sample Practices"
    run guidelines --text 4
    if grep -q '^    Sample Practices$' "$out"; then
        fail "guidelines --text 4: no Sample Practices in the seeds"
    else
        pass "guidelines --text 4: no Sample Practices in the seeds"
    fi
    run guidelines --text --json
    json_check "$out" 'all(len(g["description"]) > 1500 for g in d) and [g["text"] is not None for g in d].count(True) == 5' \
        "guidelines --text --json: a description for all 15, body text for 5"
}

section_vocab() {
    run vocab
    expect_status 0 "vocab exits 0"
    expect_out '^crisis \((closed|open), [0-9]+ labels\)' "vocab lists the crisis vocabulary"
    expect_out '^stakeholder_type \(' "vocab lists the stakeholder_type vocabulary"
    expect_out '^phase \(' "vocab lists the phase vocabulary"
    run vocab crisis
    expect_status 0 "vocab crisis exits 0"
    expect_out '^  Natural Disaster' "vocab crisis lists Natural Disaster"
    expect_out '^  Conflict' "vocab crisis lists Conflict"
    run vocab phase "post crisis"
    expect_status 0 "vocab phase 'post crisis' exits 0"
    expect_out $'^post crisis\tPost-Crisis Action$' "vocab maps 'post crisis' to Post-Crisis Action"
    run vocab --json crisis
    expect_status 0 "vocab --json exits 0"
    json_check "$out" '"Natural Disaster" in [t["label"] for t in d["labels"]]' "vocab --json parses"
    run vocab frobnicate
    expect_status 2 "vocab with an unknown vocabulary exits 2"
}

section_country() {
    run country EGY
    expect_status 0 "country EGY exits 0"
    expect_out $'^EG\tEGY\t818\tEgypt$' "country EGY prints EG, EGY, 818, Egypt"
    run country "Republic of Korea"
    expect_status 0 "country 'Republic of Korea' exits 0"
    expect_out $'\tKOR\t' "country 'Republic of Korea' gives KOR"
    run country --json Global
    expect_status 0 "country --json exits 0"
    json_check "$out" 'd[0]["alpha3"] == "XGL"' "country --json Global gives XGL"
    run country Phillipines
    expect_status 1 "an unknown country exits 1"
    expect_err "Philippines" "an unknown country gets a suggestion"
}

section_convert() {
    local n0 n ids_a ids_d
    n0=$(summary_records)
    if [ -n "$n0" ] && [ "$n0" -gt 0 ]; then
        pass "the bundled corpus has records ($n0)"
    else
        fail "the bundled corpus has records"
        return
    fi

    # bundled corpus (text documents) -> json -> csv -> text
    run convert --to json -o "$work/a.json"
    expect_status 0 "convert bundled corpus --to json"
    json_check "$work/a.json" "isinstance(d, list) and len(d) == $n0" \
        "the JSON is an array of the $n0 records"
    run convert "$work/a.json" --to csv -o "$work/b.csv"
    expect_status 0 "convert json --to csv"
    run convert "$work/b.csv" --to text -o "$work/c.txt"
    expect_status 0 "convert csv --to text"
    for f in a.json b.csv c.txt; do
        n=$(summary_records "$work/$f")
        if [ "$n" = "$n0" ]; then
            pass "round trip: $f holds the $n0 records"
        else
            fail "round trip: $f holds $n records, expected $n0"
        fi
    done
    n=$("$PYTHON" -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$work/b.csv")
    if [ "$n" = "$n0" ]; then pass "the CSV has one row per record"; else fail "the CSV has $n rows, expected $n0"; fi
    run convert "$work/c.txt" --to json -o "$work/d.json"
    expect_status 0 "convert text --to json"
    ids_a=$("$PYTHON" -c 'import json,sys; print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))))' "$work/a.json")
    ids_d=$("$PYTHON" -c 'import json,sys; print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))))' "$work/d.json")
    if [ -n "$ids_a" ] && [ "$ids_a" = "$ids_d" ]; then
        pass "round trip keeps the record ids in order"
    else
        fail "round trip keeps the record ids ($ids_a) vs ($ids_d)"
    fi

    # standard input and output, the other formats
    run_in "$work/a.json" convert - --to jsonl
    expect_status 0 "convert - (stdin) --to jsonl (stdout)"
    n=$(grep -c . "$out")
    if [ "$n" = "$n0" ]; then pass "jsonl has one line per record"; else fail "jsonl has $n lines, expected $n0"; fi
    run convert "$work/a.json" --to long -o -
    expect_status 0 "convert --to long -o -"
    cp "$out" "$work/e.long"
    n=$(summary_records "$work/e.long")
    if [ "$n" = "$n0" ]; then pass "long format holds the $n0 records"; else fail "long format holds $n records, expected $n0"; fi
    run convert "$work/a.json" --to json --compact
    expect_status 0 "convert --compact"
    n=$(wc -l <"$out")
    if [ "$n" -le 1 ]; then pass "--compact writes one line"; else fail "--compact writes $n lines"; fi
    run convert "$SEED_004" --from text --to json
    expect_status 0 "convert --from text"
    json_check "$out" 'len(d) == 1 and d[0]["guideline"] == ["8", "9", "14"] and d[0]["kind"] == "Reported Practice"' \
        "seed 004 converts to one Reported Practice under guidelines 8, 9, 14"

    run convert "$work/does-not-exist.txt" --to json
    expect_status 1 "a missing input file exits 1"
    expect_err "does-not-exist.txt" "the message names the missing file"
    run convert "$work/a.json" --to json -o "$work/no-such-dir/x.json"
    expect_status 1 "an unwritable output exits 1"
}

section_show() {
    local id
    run show "$SEED_004"
    expect_status 0 "show FILE exits 0"
    expect_out '^== .+ ==' "show prints a header with the record id"
    expect_out_fixed "004_aa20fe2b579e300a.txt" "show says where the record was read"
    expect_out "^Type of practice: Assistance programs" "show prints the type of practice"
    expect_out_fixed "Libya" "show prints the countries"
    expect_out "8: Build capacity and learn lessons" "show prints the guideline with its title"
    expect_out "^    This project provided assistance to 841 migrants" "show prints the description indented"

    id=$(sed -n 's/^== \(.*\) ==.*/\1/p' "$out" | head -n 1)
    run show "$id" --in "$SEED_004"
    expect_status 0 "show ID --in FILE exits 0"
    expect_out "^== $id ==" "show ID --in FILE finds the record"
    run show "$id" --in "$SEED_004" --json
    expect_status 0 "show ID --json exits 0"
    json_check "$out" "len(d) == 1 and d[0]['id'] == '$id'" "show --json prints the record as JSON"

    id=$("$MICIC" convert --to jsonl 2>/dev/null | head -n 1 |
        "$PYTHON" -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
    run show "$id"
    expect_status 0 "show ID (bundled corpus) exits 0"
    expect_out "^== $id ==" "show ID finds the record in the bundled corpus"

    run show no-such-record-id
    expect_status 1 "show with an unknown id exits 1"
    expect_err "no file or record id 'no-such-record-id'" "show names the unknown id"
    run show
    expect_status 2 "show without arguments exits 2"
    run_in "$SEED_001" show -
    expect_status 0 "show - reads standard input"
    expect_out "^Country: Global" "show - prints the record read from stdin"
}

section_summary() {
    run summary
    expect_status 0 "summary exits 0"
    expect_out '^Source: bundled corpus' "summary reads the bundled corpus by default"
    expect_out '^Records: [0-9]+ accepted, [0-9]+ rejected, [0-9]+ in the input$' \
        "summary prints the read report's counts"
    expect_out '^By kind:' "summary counts by kind"
    expect_out '^By guideline' "summary counts by guideline"
    expect_out '^By crisis phase:' "summary counts by phase"
    expect_out '^  14  Support migrants.{1,3} recovery +[0-9]+$' "summary names guideline 14's thematic area"
    for phase in "Crisis Preparedness" "Emergency Response" "Post-Crisis Action"; do
        expect_out "^  $phase +[0-9]+$" "summary counts the phase '$phase'"
    done

    run summary --json
    expect_status 0 "summary --json exits 0"
    cp "$out" "$work/summary.json"
    json_check "$work/summary.json" 'd["records"] + d["rejected"] == d["records_in"] and d["records"] > 0' \
        "summary: accepted + rejected = records in the input"
    json_check "$work/summary.json" 'sum(d["by_source"].values()) == d["records"]' \
        "summary: every record is counted under its source"
    json_check "$work/summary.json" 'len(d["by_source"]) == 5' \
        "summary: records come from the 5 seed documents"
    json_check "$work/summary.json" 'd["by_kind"]["Reported Practice"] >= 2' \
        "summary: seeds 001 and 004 are Reported Practices"
    json_check "$work/summary.json" 'd["by_guideline"]["14"] >= 1 and d["by_guideline"]["8"] >= 1 and d["by_guideline"]["3"] >= 1' \
        "summary: guidelines 3, 8 and 14 have practices"
    json_check "$work/summary.json" 'sorted(d["by_phase"]) == sorted(["Crisis Preparedness", "Emergency Response", "Post-Crisis Action", "other", "(none)"])' \
        "summary: by_phase has the three phases"

    run summary "$SEED_004" --json
    expect_status 0 "summary FILE --json exits 0"
    json_check "$out" 'd["records"] == 1 and d["by_guideline"]["8"] == 1 and d["by_phase"]["Post-Crisis Action"] == 1 and d["by_kind"]["Reported Practice"] == 1' \
        "summary of seed 004: one Reported Practice, guideline 8, Post-Crisis Action"
    run summary "$SEED_001" "$SEED_004" --json
    json_check "$out" '[d["records"]] + [d["by_guideline"][g] for g in ("3", "8", "9", "14", "15", "1", "(none)")] == [2, 1, 2, 1, 2, 1, 0, 0]' \
        "summary of seeds 001 + 004: two records; guidelines 3, 8 (both), 9, 14 (both), 15"
    run summary "$work/does-not-exist.txt"
    expect_status 1 "summary of a missing file exits 1"
}

# docs/cli.md documents every command and every option its --help shows.
section_docs() {
    local c o doc="$SOURCE_DIR/docs/cli.md" missing
    for c in $COMMANDS; do
        # the command's section of docs/cli.md: from "## micic CMD" to the next "## "
        sed -n "/^## micic $c\$/,/^## /p" "$doc" >"$work/doc_section"
        if [ ! -s "$work/doc_section" ]; then
            last_cmd="docs/cli.md"
            fail "docs/cli.md has a section '## micic $c'"
            continue
        fi
        run "$c" --help
        missing=""
        for o in $(sed -n '/^Options:/,/^$/p' "$out" | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
            [ "$o" = "--help" ] && continue
            grep -qF -- "\`$o" "$work/doc_section" || grep -qF -- " $o" "$work/doc_section" ||
                missing="$missing $o"
        done
        if [ -z "$missing" ]; then
            pass "docs/cli.md documents every option of '$c'"
        else
            fail "docs/cli.md lacks options of '$c':$missing"
        fi
    done
}

# ------------------------------------------------------------------------
# validate (owned by the validation engineer: cli/cmd_validate.c)
# Exit statuses: 0 valid, 1 errors found (or warnings with --strict),
# 2 bad command line or I/O error. Fixtures: tests/data/validate/.
section_validate() {
    local vdir="$SOURCE_DIR/tests/data/validate"

    run validate
    expect_status 0 "validate: the bundled corpus (the seeds) has no errors"
    expect_out "^0 errors, 0 warnings" "validate: the seeds have no errors nor warnings"
    run validate "$SEED_001" "$SEED_004" --strict
    expect_status 0 "validate --strict: seeds 001 and 004 are clean"

    run validate "$vdir/fixable.txt"
    expect_status 1 "validate: a record with errors exits 1"
    expect_out "fixable\.txt:5:10: error: \[unknown-country\].*did you mean 'Philippines'" \
        "validate: unknown country with file:line:column and a suggestion"
    expect_out "\[unknown-value\].*'Natural disastres'.*did you mean 'Natural Disaster'" \
        "validate: closed-vocabulary value with the closest label"
    run validate "$vdir/errors.txt"
    expect_status 1 "validate: unfixable errors exit 1"
    expect_out "\[guideline-title-mismatch\]" "validate: GUIDELINE 8 with guideline 3's title"
    expect_out "\[phase-mismatch\]" "validate: phase of no guideline of the record"

    # the misspellings real pages and users write (issue: real-world input)
    run validate "$vdir/real_misspellings.txt"
    expect_status 1 "validate: real-world misspellings are errors"
    expect_out "'Lybia'.*did you mean 'Libya'" "validate: Lybia -> Libya (sound-alike)"
    expect_out "'Phillipines'.*did you mean 'Philippines'" "validate: Phillipines -> Philippines"
    expect_out "'Conflcit'.*did you mean 'Conflict'" "validate: Conflcit -> Conflict (transposition)"
    expect_out "'Preparedness'.*did you mean 'Crisis Preparedness'" "validate: a short form gets its label"
    expect_out "'Training'.*did you mean 'Training and capacity building'" "validate: Training -> its label"
    expect_out "info: \[layout-inferred\] description taken to start at 15:1" \
        "validate: a description without heading is said where it starts"
    run validate "$vdir/real_misspellings.txt" --fix -o "$work/fixed.json"
    json_check "$work/fixed.json" 'd[0]["country"] == ["Libya", "Philippines"] and d[0]["crisis"] == ["Conflict", "Natural Disaster"]' \
        "validate --fix rewrites Lybia, Phillipines, Conflcit and Natural disasters"

    run validate "$vdir/warnings.txt"
    expect_status 0 "validate: warnings alone exit 0"
    expect_out "warning: \[short-description\]" "validate: short description is a warning"
    expect_out "\[malformed-url\].*did you mean 'http://example.org/drills'" \
        "validate: malformed URL with a repaired suggestion"
    run validate "$vdir/warnings.txt" --strict
    expect_status 1 "validate --strict: warnings exit 1"
    expect_out "error: \[short-description\]" "validate --strict: warnings are reported as errors"
    run validate "$vdir/warnings.txt" --strict --disable short-description --disable malformed-url
    expect_status 0 "validate --disable: disabled checks do not run"
    run validate "$vdir/warnings.txt" --severity short-description=error
    expect_status 1 "validate --severity CODE=error makes it an error"
    run validate "$vdir/fixable.txt" --severity unknown-country=info --severity 202=warning
    expect_status 0 "validate --severity by name and by number"
    run validate "$vdir/errors.txt" --max-diagnostics 1
    expect_status 1 "validate --max-diagnostics: the summary keeps the errors visible"
    expect_out "\[limit-exceeded\].*3 more diagnostics" "validate --max-diagnostics 1: the rest is counted"

    run validate "$vdir/errors.txt" --format json
    expect_status 1 "validate --format json exits 1 on errors"
    cp "$out" "$work/validate.json"
    json_check "$work/validate.json" 'd["version"] == 1 and d["summary"]["errors"] == 2 and d["summary"]["warnings"] == 1 and d["summary"]["info"] == 1' \
        "validate --format json: summary counts (phase-mismatch is an info)"
    json_check "$work/validate.json" 'all(set(["code","code_name","severity","record_index","record_id","field","source","line","column","value","message","suggestion"]) <= set(x) for x in d["diagnostics"])' \
        "validate --format json: every diagnostic has the schema's required keys"
    json_check "$work/validate.json" '[x["suggestion"] for x in d["diagnostics"] if x["code_name"] == "guideline-title-mismatch"] == ["GUIDELINE 8: Build capacity and learn lessons for emergency response and post-crisis action"]' \
        "validate --format json: title mismatch suggests the right heading"
    run validate "$vdir/errors.txt" --format csv
    expect_status 1 "validate --format csv exits 1 on errors"
    expect_out "^code,code_name,severity,record_index" "validate --format csv: header row"
    expect_out "^206,unknown-country,error,0,P1,country," "validate --format csv: one row per diagnostic"

    run validate "$vdir/fixable.txt" --quiet
    expect_status 1 "validate --quiet keeps the exit status"
    if [ ! -s "$out" ]; then pass "validate --quiet prints nothing"; else fail "validate --quiet prints nothing"; fi
    run_in "$vdir/warnings.txt" validate - --from text
    expect_status 0 "validate - reads standard input"
    expect_out "short-description" "validate -: diagnostics of standard input"

    run validate "$vdir/fixable.txt" --fix -o "$work/fixed.json"
    expect_status 0 "validate --fix: fixable errors are fixed, exit 0"
    expect_out "info: \[normalized\].*did you mean 'Philippines'" "validate --fix logs each rewrite"
    json_check "$work/fixed.json" 'd[0]["country"] == ["Philippines", "Lebanon"] and "Natural Disaster" in d[0]["crisis"]' \
        "validate --fix: OUT holds the canonical values"
    run validate "$work/fixed.json" --strict
    expect_status 0 "validate: the fixed output validates"
    run validate "$vdir/fixable.txt" --fix -o - --to jsonl
    expect_status 0 "validate --fix -o - --to jsonl writes the records to stdout"
    expect_out '"Philippines"' "validate --fix -o -: records on stdout"
    expect_err "normalized" "validate --fix -o -: the report goes to stderr"
    run validate "$vdir/errors.txt" --fix -o "$work/still-bad.csv"
    expect_status 1 "validate --fix: what cannot be fixed still exits 1"

    run validate --format xml
    expect_status 2 "validate --format xml: usage error exits 2"
    run validate --fix
    expect_status 2 "validate --fix without -o exits 2"
    run validate "$vdir/fixable.txt" --fix -o "$work/out.unknown"
    expect_status 2 "validate --fix -o with an unknown extension and no --to exits 2"
    run validate -o "$work/x.json"
    expect_status 2 "validate -o without --fix exits 2"
    run validate --disable no-such-code
    expect_status 2 "validate --disable with an unknown code exits 2"
    run validate --severity short-description=fatal
    expect_status 2 "validate --severity with an unknown level exits 2"
    run validate --no-such-option
    expect_status 2 "validate with an unknown option exits 2"
    run validate "$work/does-not-exist.txt"
    expect_status 2 "validate: a missing file is an I/O error, exit 2"
    run validate "$vdir/fixable.txt" --fix -o "$work/no-such-dir/out.json"
    expect_status 2 "validate --fix: an unwritable OUT exits 2"
    run validate --help
    expect_status 0 "validate --help exits 0"
    expect_out "Exit status: 0 no errors" "validate --help documents the exit statuses"
}
# ------------------------------------------------------------------------
# Progress bar (cli/cli_util.c micic_cli_progress): reading, validating and
# indexing (search, similar); only on a terminal, never with --quiet;
# MICIC_PROGRESS_DELAY=0 draws it at once (default: after
# 1 s of work). A terminal is simulated with script(1) when it is installed.
section_progress() {
    local tty="$work/tty.txt"
    MICIC_PROGRESS_DELAY=0 "$MICIC" validate "$SEEDS_DIR" </dev/null >"$out" 2>"$err"
    status=$?
    last_cmd="MICIC_PROGRESS_DELAY=0 micic validate SEEDS (stderr not a terminal)"
    if grep -q $'\r' "$err" || grep -qE 'validating|reading' "$err"; then
        fail "no progress bar when stderr is not a terminal"
    else
        pass "no progress bar when stderr is not a terminal"
    fi
    MICIC_PROGRESS_DELAY=0 "$MICIC" convert "$SEEDS_DIR" --to json </dev/null >"$out" 2>"$err"
    if grep -qE 'reading' "$err"; then fail "convert: no bar off a terminal"
    else pass "convert: no bar off a terminal"; fi
    # search and similar build the search index (bar "indexing")
    MICIC_PROGRESS_DELAY=0 "$MICIC" search evacuation "$SEEDS_DIR" </dev/null >"$out" 2>"$err"
    last_cmd="MICIC_PROGRESS_DELAY=0 micic search evacuation SEEDS (stderr not a terminal)"
    if grep -q $'\r' "$err" || grep -qE 'indexing|reading' "$err"; then
        fail "search: no bar off a terminal"
    else pass "search: no bar off a terminal"; fi
    MICIC_PROGRESS_DELAY=0 "$MICIC" similar P1 </dev/null >"$out" 2>"$err"
    last_cmd="MICIC_PROGRESS_DELAY=0 micic similar P1 (stderr not a terminal)"
    if [ ! -s "$err" ]; then pass "similar: nothing on stderr off a terminal"
    else fail "similar: nothing on stderr off a terminal"; fi
    if ! command -v script >/dev/null 2>&1; then
        echo "ok - [$section] # SKIP script(1) not installed: terminal cases not run"
        return
    fi
    # stdout to /dev/null: what reaches the terminal is stderr only
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' validate '$SEEDS_DIR' >/dev/null" /dev/null \
        >"$tty" 2>&1 </dev/null
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic validate SEEDS"
    cp "$tty" "$err"
    expect_err 'micic validate: validating \[#+\] 100%' "validate draws a bar on a terminal"
    expect_err 'micic validate: reading ' "validate shows reading progress on a terminal"
    if grep -q $'\033\[K' "$tty"; then pass "the bar is erased at the end"
    else fail "the bar is erased at the end"; fi
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' validate --quiet '$SEEDS_DIR' >/dev/null" \
        /dev/null >"$tty" 2>&1 </dev/null
    cp "$tty" "$err"
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic validate --quiet SEEDS"
    if grep -qE 'validating|reading' "$tty"; then fail "validate --quiet: no bar on a terminal"
    else pass "validate --quiet: no bar on a terminal"; fi
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' convert '$SEEDS_DIR' --to json >/dev/null" \
        /dev/null >"$tty" 2>&1 </dev/null
    cp "$tty" "$err"
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic convert SEEDS --to json"
    expect_err 'micic convert: reading ' "convert shows reading progress on a terminal"
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' convert -q '$SEEDS_DIR' --to json >/dev/null" \
        /dev/null >"$tty" 2>&1 </dev/null
    if grep -qE 'reading' "$tty"; then fail "convert --quiet: no bar on a terminal"
    else pass "convert --quiet: no bar on a terminal"; fi
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' search evacuation '$SEEDS_DIR' >/dev/null" \
        /dev/null >"$tty" 2>&1 </dev/null
    cp "$tty" "$err"
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic search evacuation SEEDS"
    expect_err 'micic search: indexing \[#+\] 100%  [0-9]+/[0-9]+' \
        "search draws an indexing bar on a terminal"
    expect_err 'micic search: reading ' "search shows reading progress on a terminal"
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' search -q evacuation '$SEEDS_DIR' >/dev/null" \
        /dev/null >"$tty" 2>&1 </dev/null
    cp "$tty" "$err"
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic search -q evacuation SEEDS"
    if grep -qE 'indexing|reading' "$tty"; then fail "search --quiet: no bar on a terminal"
    else pass "search --quiet: no bar on a terminal"; fi
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' similar P1 >/dev/null" /dev/null \
        >"$tty" 2>&1 </dev/null
    cp "$tty" "$err"
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic similar P1"
    expect_err 'micic similar: indexing \[#+\] 100%' "similar draws an indexing bar on a terminal"
    script -qec "MICIC_PROGRESS_DELAY=0 '$MICIC' similar --quiet --duplicates 0.9 >/dev/null" \
        /dev/null >"$tty" 2>&1 </dev/null
    cp "$tty" "$err"
    last_cmd="script: MICIC_PROGRESS_DELAY=0 micic similar --quiet --duplicates 0.9"
    if grep -qE 'indexing|reading' "$tty"; then fail "similar --quiet: no bar on a terminal"
    else pass "similar --quiet: no bar on a terminal"; fi
    run similar P1 -k 2 --quiet
    expect_status 0 "similar --quiet still answers"
    expect_out '^  1\. ' "similar --quiet prints the results"
    # default delay: the seeds take far less than a second, so nothing is drawn
    script -qec "'$MICIC' validate '$SEEDS_DIR' >/dev/null" /dev/null >"$tty" 2>&1 </dev/null
    if grep -qE 'validating|reading' "$tty"; then fail "short work draws no bar"
    else pass "short work draws no bar"; fi
    script -qec "MICIC_PROGRESS_DELAY=3600 '$MICIC' search evacuation >/dev/null" /dev/null \
        >"$tty" 2>&1 </dev/null
    if grep -qE 'indexing|reading' "$tty"; then fail "MICIC_PROGRESS_DELAY=3600: no bar"
    else pass "MICIC_PROGRESS_DELAY=3600: no bar"; fi
}

section_suggest() {
    run suggest --text 'Reintegration assistance, livelihoods and cash grants for returnees who lost their jobs and property in the crisis'
    expect_status 0 "suggest --text exits 0"
    expect_out '^  chosen: 14' "suggest --text: the chosen guidelines first (14)"
    expect_out '^  \* 1\. guideline 14  [0-9.]+  p=0\.[0-9]{2}  ' "suggest --text: rank 1 chosen, with a score and a confidence"
    if grep -q 'low confidence' "$out"; then fail "suggest --text: a clear text is not low confidence"
    else pass "suggest --text: a clear text is not low confidence"; fi
    run suggest --text migrants
    expect_status 0 "suggest --text migrants exits 0"
    expect_out '^  chosen: .*\(low confidence\)$' "suggest: one word is low confidence"
    run suggest --text 'Reintegration of returnees' --json -k 0
    json_check "$out" 'len(d["suggestions"]) == 15 and d["chosen"] == [s["guideline"] for s in d["suggestions"] if s["chosen"]] and 1 <= len(d["chosen"]) <= 4 and all(0 < s["confidence"] < 1 for s in d["suggestions"]) and isinstance(d["low_confidence"], bool)' \
        "suggest --json: chosen, confidence and low_confidence"
    for text in '' 'the and of it' '   '; do
        run suggest --text "$text"
        expect_status 1 "suggest --text '$text' exits 1"
        expect_err 'no word to rank by' "suggest --text '$text': says there is nothing to rank by"
    done
    run suggest "$SEED_004" --json
    expect_status 0 "suggest FILE --json exits 0"
    json_check "$out" 'len(d) == 1 and d[0]["chosen"] and d[0]["chosen"][0] in (8, 9, 14)' \
        "suggest FILE: the chosen guideline is one of seed 004's own"
}

# ------------------------------------------------------------------------

# Delimiters and inputs without records (issue #18, item 6).
section_delimiters() {
    local data="$SOURCE_DIR/tests/data"
    run convert "$data/csv_excel_comma.csv" --to jsonl -o "$work/comma.jsonl"
    expect_status 0 "convert: a comma CSV"
    run convert "$data/csv_excel_semicolon.csv" --to jsonl -o "$work/semi.jsonl"
    expect_status 0 "convert: a semicolon CSV as a spreadsheet writes it (BOM, CRLF, quotes)"
    expect_true "a semicolon CSV reads to the same records as the comma CSV" \
        cmp -s "$work/comma.jsonl" "$work/semi.jsonl"
    if grep -q "layout-inferred" "$err"; then fail "convert: the info note is not printed"
    else pass "convert: the info note is not printed"; fi
    run validate "$data/csv_excel_semicolon.csv"
    expect_out "csv_excel_semicolon.csv:1:1: info: \[layout-inferred\] CSV cells separated by ';'" \
        "validate: the report says which delimiter was used"
    run validate "$data/csv_excel_comma.csv"
    if grep -q "layout-inferred" "$out"; then fail "validate: no delimiter note for a comma CSV"
    else pass "validate: no delimiter note for a comma CSV"; fi
    printf 'id\ttitle\nt1\tA, b; c\n' >"$work/tab.csv"
    run convert "$work/tab.csv" --to jsonl
    expect_out_fixed '"title":"A, b; c"' "convert: a tab-separated file"
    run convert "$data/csv_excel_semicolon.csv" --from csv --delimiter , --to jsonl
    expect_out_fixed '"Id;Title;Type of practice' "--delimiter , forces the comma (one column)"
    for d in ';' semicolon; do
        run summary "$data/csv_excel_semicolon.csv" --delimiter "$d" --json
        expect_status 0 "summary --delimiter $d"
    done
    for d in tab '\t' "$(printf '\t')"; do
        run validate "$work/tab.csv" --delimiter "$d" --format json
        expect_out_fixed "tab (the delimiter option)" "validate --delimiter '$d': a tab"
    done
    run validate "$work/tab.csv" --delimiter ':'
    expect_status 2 "--delimiter ':' is a usage error"
    expect_err "--delimiter must be" "--delimiter: the message lists the choices"
    # no record: an empty file, a header alone, unrecognised content
    : >"$work/empty.csv"
    printf 'id,title,country\r\n' >"$work/header.csv"
    printf 'id;title;country\r\n\r\n' >"$work/header-semi.csv"
    printf 'nothing to see here\njust words\n' >"$work/words.txt"
    local f
    for f in empty.csv header.csv header-semi.csv words.txt; do
        run validate "$work/$f"
        expect_status 1 "validate $f: no record is an error (exit 1)"
        expect_out "$f(:[0-9]+:[0-9]+)?: error: \[empty-input\]" "validate $f: names the file"
    done
    run validate "$work/empty.csv"
    expect_out "expected practice records" "validate: an empty file says what was expected"
    run validate "$work/header.csv"
    expect_out "header row but no record rows; expected one row per practice record" \
        "validate: a header alone says what was expected"
    run_in "$work/empty.csv" validate -
    expect_status 1 "validate - (empty standard input) exits 1"
    run convert "$work/header.csv" --to json
    expect_status 1 "convert: an input without records exits 1"
    expect_err "\[empty-input\]" "convert: the empty-input error is printed"
    run summary "$work/empty.csv"
    expect_status 1 "summary: an input without records exits 1"
    expect_err "empty.csv: error: \[empty-input\]" "summary: the empty-input error is printed"
    run convert "$data/csv_excel_comma.csv" "$work/empty.csv" --to jsonl
    expect_status 1 "convert: one input without records among others exits 1"
    expect_out_fixed '"id":"X-3"' "convert: the records of the other inputs are written"
}

SECTIONS="version help errors guidelines vocab country convert show summary docs validate progress delimiters suggest"

run_sections "$@"

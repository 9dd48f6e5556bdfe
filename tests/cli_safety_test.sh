#!/usr/bin/env bash
# Data safety of the micic CLI (issue 23, "Nothing lost"): each data-loss
# scenario of the hostile-input probe, run by ctest as `cli_safety` (label
# "safety"):
#   MICIC=build/micic bash tests/cli_safety_test.sh [SECTION...]
# The hostile inputs are generated here, in a temporary directory.
set -uo pipefail

: "${MICIC:?set MICIC to the micic binary}"
work=$(mktemp -d "${TMPDIR:-/tmp}/micic-safety.XXXXXX")
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=tests/cli_lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/cli_lib.sh"
# records in a JSON Lines file
lines_of() { grep -c . "$1"; }

jsonl3() {
    printf '{"id":"a","title":"A"}\n{"id":"b","title":"B"}\n{"id":"c","title":"C"}\n' >"$1"
}

# ------------------------------------------------------------------------
# 1. a failed write never deletes nor damages what -o names
section_writes() {
    local in="$work/in.jsonl" old="$work/out.csv"
    jsonl3 "$in"
    printf 'id,title\nold,Old\n' >"$old"
    # a file size limit (1 KiB: the messages still fit in $err): the write
    # fails, the old file stays whole
    for i in $(seq 1 40); do
        printf '{"id":"r%d","title":"Record %d with a long enough title"}\n' "$i" "$i"
    done >"$work/big.jsonl"
    last_cmd="ulimit -f 1; micic convert big.jsonl --to csv -o out.csv"
    (ulimit -f 1; "$MICIC" convert "$work/big.jsonl" --to csv -o "$old" </dev/null >"$out" 2>"$err")
    status=$?
    expect_status 1 "write past a file size limit fails"
    expect_true "the existing output keeps its old content" \
        grep -qx 'old,Old' "$old"
    expect_err "out\.csv: .*(too large|File too large)" "the message names the file and the errno"
    expect_true "no temporary file left" \
        bash -c "! ls -A '$work' | grep -q micic-tmp"
    # a character device (through a link of ours: a micic that removes its
    # output on failure, as before, removes the link, not /dev/full)
    if [ -c /dev/full ]; then
        ln -s /dev/full "$work/full"
        run convert "$in" --to json -o "$work/full"
        expect_status 1 "writing to /dev/full fails"
        expect_err "full: No space left on device" "the message names the device and ENOSPC"
        expect_true "the link to /dev/full is kept" test -L "$work/full"
        expect_true "/dev/full is still a character device" test -c /dev/full
    fi
    # a symbolic link to /dev/stdout (here: to a device)
    ln -s /dev/null "$work/to-null"
    run convert "$in" --to json -o "$work/to-null"
    expect_status 0 "a link to a device is written through"
    expect_true "the link is kept" test -L "$work/to-null"
    # the output is an input
    cp "$in" "$work/x.jsonl"
    printf 'not json\n' >>"$work/x.jsonl"
    run convert "$work/x.jsonl" -o "$work/x.jsonl" --to jsonl
    expect_status 2 "convert refuses to overwrite its input"
    expect_err "is the input" "and says why"
    expect_true "the input is untouched" grep -qx 'not json' "$work/x.jsonl"
    run validate "$work/x.jsonl" --fix -o "$work/x.jsonl"
    expect_status 2 "validate --fix refuses to overwrite its input"
    ln -s x.jsonl "$work/x-link.jsonl"
    run convert "$work/x.jsonl" -o "$work/x-link.jsonl" --to jsonl
    expect_status 2 "... also through a link"
    # a successful write replaces the file whole
    run convert "$in" --to csv -o "$old"
    expect_status 0 "convert to an existing file"
    expect_true "the new content is there" grep -q '^c,' "$old"
}

# "cannot open X: Permission denied" names the file once
section_messages() {
    printf '{"id":"a"}\n' >"$work/secret.jsonl"
    chmod 000 "$work/secret.jsonl"
    if [ -r "$work/secret.jsonl" ]; then
        pass "running as root: permission test skipped"
        return
    fi
    run convert "$work/secret.jsonl" --to json
    expect_status 1 "an unreadable input fails"
    local n
    n=$(grep -o 'secret\.jsonl' "$err" | wc -l)
    if [ "$n" -eq 1 ]; then pass "the file is named once"; else fail "the file is named once ($n)"; fi
    expect_no_err "input/output error" "no misleading '(input/output error)'"
    expect_err "Permission denied" "the system error is given"
}

# validate exits 2 (as documented) when standard output cannot be written
section_validate_stdout() {
    if [ -c /dev/full ]; then
        jsonl3 "$work/v.jsonl"
        last_cmd="micic validate v.jsonl > /dev/full"
        "$MICIC" validate "$work/v.jsonl" </dev/null >/dev/full 2>"$err"
        status=$?
        expect_status 2 "validate > /dev/full exits 2"
    fi
}

# 2/4. lost records make the exit status 1; the good ones are written
section_lost() {
    printf '{"id":"a"}\n[1]\n{"id":"c"}\n' >"$work/bad2.jsonl"
    run convert "$work/bad2.jsonl" --to jsonl -o "$work/good.jsonl"
    expect_status 1 "convert exits 1 when a record was rejected"
    expect_true "the good records are written" test "$(lines_of "$work/good.jsonl")" -eq 2
    expect_err "2 record\(s\) written; 1 rejected" "and it says so"
    run convert "$work/good.jsonl" --to json -o "$work/good.json"
    expect_status 0 "convert exits 0 when nothing was lost"
    run validate "$work/bad2.jsonl"
    expect_status 1 "validate exits 1 when a record was rejected"
    # a JSON array with a stray token between elements: nothing rejected,
    # but input skipped
    printf '[{"id":"a"}, @@, {"id":"b"}]\n' >"$work/stray.json"
    run convert "$work/stray.json" --to jsonl -o "$work/stray.jsonl"
    expect_status 1 "convert exits 1 when input was skipped"
    expect_err "byte\(s\) of input skipped" "and says how much"
    expect_true "both records written" test "$(lines_of "$work/stray.jsonl")" -eq 2
    # JSON Lines with a bad second line: detected as JSON Lines, a and c kept
    run convert "$work/bad2.jsonl" --to csv
    expect_out "^c," "a JSON Lines file with a bad line 2 keeps its third record"
}

SECTIONS="writes messages validate_stdout lost"

run_sections "$@"

# Shared by the CLI test scripts (cli_test.sh, cli_safety_test.sh): the
# counters and the run/expect helpers. The script sets MICIC and work (a
# temporary directory it removes) before sourcing this file.
PYTHON=${PYTHON:-python3}
out="$work/stdout"
err="$work/stderr"
status=0
passed=0
failed=0
section=""
last_cmd=""

pass() { passed=$((passed + 1)); echo "ok - [$section] $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL - [$section] $1" >&2
    echo "  command: $last_cmd" >&2
    echo "  exit status: $status" >&2
    sed -n '1,15s/^/  stdout: /p' "$out" >&2
    sed -n '1,15s/^/  stderr: /p' "$err" >&2
}
run() {
    last_cmd="micic $*"
    "$MICIC" "$@" </dev/null >"$out" 2>"$err"
    status=$?
}
run_in() {
    local input=$1
    shift
    last_cmd="micic $* < $input"
    "$MICIC" "$@" <"$input" >"$out" 2>"$err"
    status=$?
}
expect_status() {
    if [ "$status" -eq "$1" ]; then pass "$2"; else fail "$2 (expected exit $1)"; fi
}
expect_out() { if grep -qE -- "$1" "$out"; then pass "$2"; else fail "$2 (stdout !~ /$1/)"; fi; }
expect_err() { if grep -qE -- "$1" "$err"; then pass "$2"; else fail "$2 (stderr !~ /$1/)"; fi; }
expect_out_fixed() {
    if grep -qF -- "$1" "$out"; then pass "$2"; else fail "$2 (stdout lacks '$1')"; fi
}
expect_true() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
json_check() {
    local file=$1 expr=$2 what=$3
    if "$PYTHON" - "$file" "$expr" <<'PY' 2>>"$err"; then pass "$what"; else fail "$what"; fi
import json, sys
with open(sys.argv[1], encoding="utf-8") as fh:
    d = json.load(fh)
if not eval(sys.argv[2]):
    sys.exit("false: " + sys.argv[2])
PY
}
expect_no_err() { if grep -qE -- "$1" "$err"; then fail "$2 (stderr =~ /$1/)"; else pass "$2"; fi; }

# Run the sections named in "$@" (default: $SECTIONS), print the closing
# "N passed, N failed" line; the status says whether all passed.
run_sections() {
    local selected=${*:-$SECTIONS}
    for section in $selected; do
        if ! declare -F "section_$section" >/dev/null; then
            echo "unknown section '$section' (sections: $SECTIONS)" >&2
            exit 2
        fi
        "section_$section"
    done
    section=""
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

#!/usr/bin/env bash
# Install libmicic into a temporary prefix and use it the way a user would:
# build the example programs with pkg-config and with find_package, run
# them, run the installed CLI, and check the shared library's SONAME and
# exported symbols. Run by ctest as examples_c_installed; fails on the first
# failing step.
#
#   BUILD_DIR=build SOURCE_DIR=. bash examples/c/test_installed.sh
set -euo pipefail

: "${BUILD_DIR:?set BUILD_DIR to a configured and built libmicic build directory}"
: "${SOURCE_DIR:?set SOURCE_DIR to the libmicic source directory}"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
SOURCE_DIR=$(cd "$SOURCE_DIR" && pwd)
EXAMPLES="$SOURCE_DIR/examples/c"
# Extra compiler flags for the example programs: a sanitized libmicic
# (-DMICIC_SANITIZE=ON, scripts/sanitize.sh) needs -fsanitize=... too.
XFLAGS=${MICIC_EXAMPLE_CFLAGS:-}

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL - $*" >&2
    echo "$passed passed, $failed failed"
    exit 1
}
# run DESCRIPTION COMMAND...: run a step, show its output if it fails
run() {
    local what=$1 log
    shift
    log="$work/step.log"
    if "$@" >"$log" 2>&1; then ok "$what"; else cat "$log" >&2; fail "$what"; fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/micic-installed.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

version=$(sed -n 's/^#define MICIC_VERSION_STRING "\(.*\)"/\1/p' \
    "$SOURCE_DIR/include/micic/version.h")
major=${version%%.*}
[ -n "$version" ] || fail "read the version from include/micic/version.h"

# ---------------------------------------------------------------- install
run "cmake --install into a temporary prefix" cmake --install "$BUILD_DIR" --prefix "$prefix"

lib=$(find "$prefix" -name "libmicic.so.$version" -type f -print -quit)
[ -n "$lib" ] || fail "installed libmicic.so.$version"
libdir=$(dirname "$lib")
ok "libmicic.so.$version installed in ${libdir#"$prefix"/}"

for f in "$libdir/libmicic.so" "$libdir/libmicic.so.$major" "$libdir/libmicic.a" \
    "$libdir/pkgconfig/micic.pc" "$libdir/cmake/micic/micicConfig.cmake" \
    "$libdir/cmake/micic/micicConfigVersion.cmake" "$libdir/cmake/micic/micicTargets.cmake" \
    "$prefix/bin/micic" "$prefix/include/micic/micic.h"; do
    [ -e "$f" ] || fail "installed ${f#"$prefix"/}"
done
ok "shared and static libraries, CLI, micic.pc and CMake package installed"

for h in "$SOURCE_DIR"/include/micic/*.h; do
    cmp -s "$h" "$prefix/include/micic/$(basename "$h")" \
        || fail "header $(basename "$h") installed"
done
ok "all $(ls "$SOURCE_DIR"/include/micic/*.h | wc -l) public headers installed"

n_seeds=$(ls "$SOURCE_DIR"/data/corpus | wc -l)
n_inst=$(ls "$prefix/share/micic/corpus" | wc -l)
[ "$n_inst" -eq "$n_seeds" ] && [ "$n_seeds" -gt 0 ] \
    || fail "bundled corpus installed ($n_inst of $n_seeds files)"
ok "bundled corpus installed ($n_inst files)"

# ------------------------------------------------------- shared library ABI
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "libmicic.so.$major" ] || fail "SONAME is libmicic.so.$major (got '$soname')"
ok "SONAME $soname"
[ "$(readlink "$libdir/libmicic.so.$major")" = "libmicic.so.$version" ] \
    || fail "libmicic.so.$major -> libmicic.so.$version"
ok "libmicic.so.$major -> libmicic.so.$version"

# Defined dynamic symbols, without the version node (an absolute symbol
# named after the version script's MICIC_<n> node).
nm -D --defined-only "$lib" >"$work/nm.txt"
awk '!($2 == "A" && $3 ~ /^MICIC_[0-9]+$/) {print $3}' "$work/nm.txt" \
    | sed 's/@.*//' | sort -u >"$work/symbols"
n_sym=$(wc -l <"$work/symbols")
[ "$n_sym" -gt 0 ] || fail "libmicic exports symbols"
bad=$(grep -v '^micic_' "$work/symbols" || true)
[ -z "$bad" ] || fail "only micic_* symbols exported; also: $(echo $bad)"
internal=$(grep '^micic__' "$work/symbols" || true)
[ -z "$internal" ] || fail "no internal micic__* symbol exported; found: $(echo $internal)"
grep -qx micic_version "$work/symbols" || fail "micic_version exported"
ok "$n_sym exported symbols, all micic_* (none micic__*)"
unversioned=$(awk '$3 ~ /^micic_/ && $3 !~ /@@MICIC_'"$major"'$/ {print $3}' "$work/nm.txt")
[ -z "$unversioned" ] || fail "every symbol carries the MICIC_$major version node; not: $(echo $unversioned)"
ok "every symbol versioned MICIC_$major"

# ------------------------------------------------------------- pkg-config
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pc_version=$(pkg-config --modversion micic)
[ "$pc_version" = "$version" ] || fail "pkg-config --modversion micic = $version (got $pc_version)"
ok "pkg-config --modversion micic = $pc_version"
inc=$(pkg-config --variable=includedir micic)
[ "$(cd "$inc" && pwd -P)" = "$(cd "$prefix/include" && pwd -P)" ] \
    || fail "micic.pc includedir points into the prefix (got $inc)"
ok "micic.pc is relocatable (includedir $inc)"

mkdir -p "$work/pc"
run "build examples/c with make + pkg-config" make -s -C "$EXAMPLES" OUT="$work/pc" \
    CFLAGS="-O2 -Wall -Wextra -Werror -std=c11 $XFLAGS"
# shellcheck disable=SC2046
run "cc \$(pkg-config --cflags --libs micic)" \
    cc -std=c11 -Wall -Wextra -Werror $XFLAGS "$EXAMPLES/guidelines.c" \
    $(pkg-config --cflags --libs micic) -o "$work/pc/guidelines_cc"

# ----------------------------------------------------------- find_package
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
run "configure examples/c with find_package(micic)" \
    cmake -S "$EXAMPLES" -B "$work/cm" "${gen[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_FLAGS="-Wall -Wextra -Werror $XFLAGS"
grep -q "libmicic $version, data in $prefix/share/micic" "$work/step.log" \
    || fail "find_package(micic) reports version $version and micic_DATA_DIR in the prefix"
ok "find_package(micic) found $version with micic_DATA_DIR in the prefix"
run "build examples/c with CMake" cmake --build "$work/cm"

# ------------------------------------------------------------------- run
# check_guidelines OUTPUT_FILE: 15 "GUIDELINE N: title [phase | theme]" lines
check_guidelines() {
    local out=$1 n
    n=$(grep -cE '^GUIDELINE ([1-9]|1[0-5]): .+ \[(Crisis Preparedness|Emergency Response|Post-Crisis Action) \| .+\]$' "$out" || true)
    [ "$n" -eq 15 ] || return 1
    [ "$(wc -l <"$out")" -eq 15 ] || return 1
    grep -q "^GUIDELINE 14: Address migrants.* \[Post-Crisis Action | Support migrants.* recovery\]$" "$out" || return 1
    grep -q "^GUIDELINE 1: Track information on conflicts" "$out" || return 1
}
# uses_installed_lib PROGRAM: libmicic.so resolves into the prefix
uses_installed_lib() {
    local deps found
    deps=$(ldd "$1") || return 1
    found=$(awk -v lib="libmicic.so.$major" '$1 == lib && $2 == "=>" {print $3}' <<<"$deps")
    [ -n "$found" ] && [ "$(readlink -f "$found")" = "$(readlink -f "$libdir/libmicic.so.$major")" ]
}

for prog in "$work/pc/guidelines" "$work/pc/guidelines_cc"; do
    LD_LIBRARY_PATH="$libdir" "$prog" >"$work/out.txt" || fail "run $(basename "$prog")"
    check_guidelines "$work/out.txt" || { cat "$work/out.txt" >&2; fail "$(basename "$prog") (pkg-config) prints the 15 guidelines"; }
    LD_LIBRARY_PATH="$libdir" uses_installed_lib "$prog" || fail "$(basename "$prog") uses the installed libmicic"
done
ok "pkg-config builds print the 15 guidelines using the installed libmicic.so"

# CMake builds carry an RPATH to the installed library: no LD_LIBRARY_PATH.
"$work/cm/guidelines" >"$work/out.txt" || fail "run guidelines (CMake)"
check_guidelines "$work/out.txt" || { cat "$work/out.txt" >&2; fail "guidelines (CMake) prints the 15 guidelines"; }
uses_installed_lib "$work/cm/guidelines" || fail "guidelines (CMake) uses the installed libmicic"
ok "find_package build prints the 15 guidelines using the installed libmicic.so"

"$work/cm/guidelines_static" >"$work/out.txt" || fail "run guidelines_static"
check_guidelines "$work/out.txt" || fail "guidelines_static prints the 15 guidelines"
if grep -q libmicic <<<"$(ldd "$work/cm/guidelines_static")"; then
    fail "guidelines_static needs no libmicic.so"
fi
ok "micic::micic_static build prints the 15 guidelines without libmicic.so"

# read_corpus on the installed bundled corpus (MICIC_DATA_DIR), then on one file
MICIC_DATA_DIR="$prefix/share/micic" LD_LIBRARY_PATH="$libdir" \
    "$work/pc/read_corpus" >"$work/rc.txt" || { cat "$work/rc.txt" >&2; fail "run read_corpus"; }
grep -qxE "source: $prefix/share/micic(/corpus)?/?" "$work/rc.txt" \
    || { cat "$work/rc.txt" >&2; fail "read_corpus reads the installed bundled corpus"; }
records=$(sed -n 's/^records: //p' "$work/rc.txt")
records_in=$(sed -n 's/^records in input: //p' "$work/rc.txt")
rejected=$(sed -n 's/^rejected: //p' "$work/rc.txt")
[ "${records:-0}" -gt 0 ] || fail "read_corpus finds records in the bundled corpus"
[ $((records + rejected)) -eq "$records_in" ] || fail "accepted + rejected = records in input"
[ "$(grep -c $'\t' "$work/rc.txt")" -eq "$records" ] || fail "read_corpus lists every record"
ok "read_corpus reads $records records from the installed corpus"

"$work/cm/read_corpus" "$SOURCE_DIR/data/corpus/004_aa20fe2b579e300a.txt" >"$work/rc.txt" \
    || fail "read_corpus FILE"
grep -q $'^[^\t]*\tReported Practice\tguideline 8\t' "$work/rc.txt" \
    || { cat "$work/rc.txt" >&2; fail "read_corpus reads seed 004 as a Reported Practice under guideline 8"; }
ok "read_corpus reads seed 004 (Reported Practice, guideline 8)"

if "$work/cm/read_corpus" "$work/does-not-exist.txt" >/dev/null 2>"$work/err.txt"; then
    fail "read_corpus fails on a missing file"
fi
ok "read_corpus fails on a missing file"

# ------------------------------------------------------------ installed CLI
cli="$prefix/bin/micic"
[ "$(env -u LD_LIBRARY_PATH "$cli" --version)" = "micic $version" ] \
    || fail "installed micic --version prints 'micic $version' (relative RPATH)"
uses_installed_lib "$cli" || fail "installed micic uses the installed libmicic"
ok "installed micic runs without LD_LIBRARY_PATH and uses the installed libmicic"
MICIC_DATA_DIR="$prefix/share/micic" "$cli" summary --json >"$work/summary.json" \
    || fail "installed micic summary"
python3 - "$work/summary.json" "$records" <<'PY' || fail "installed micic summary counts the installed corpus"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["records"] == int(sys.argv[2]), (s["records"], sys.argv[2])
PY
ok "installed micic summary counts the $records records of the installed corpus"

echo "$passed passed, $failed failed"

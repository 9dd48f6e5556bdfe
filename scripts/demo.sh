#!/usr/bin/env bash
# The main job on the bundled corpus (the seed documents in data/corpus):
# what libmicic does, end to end, with the CLI built by scripts/build.sh.
#   1. load and summarize the corpus (records by kind, guideline, phase)
#   2. validate it (diagnostics summary; exit status 0 = no errors)
#   3. a faceted + ranked search
#   4. guideline suggestion for a new practice text
#   5. a cross-tabulation (guideline x phase) and the coverage gaps
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$root/build}
micic="$BUILD_DIR/micic"
[ -x "$micic" ] || { echo "demo: $micic not built; run scripts/build.sh first" >&2; exit 2; }

say() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; }

say "Summary of the bundled corpus" micic summary
"$micic" summary

say "Validation: the summary line (the seeds validate with 0 errors)" "micic validate | tail -n 1"
"$micic" validate > "${TMPDIR:-/tmp}/micic-demo-validate.txt"
tail -n 1 "${TMPDIR:-/tmp}/micic-demo-validate.txt"

say "Search: facets and ranked words in one query" \
    "micic search 'phase:\"post crisis\" NOT stakeholder_type:\"Private Sector Actors\" reintegration skills' -k 5"
"$micic" search 'phase:"post crisis" NOT stakeholder_type:"Private Sector Actors" reintegration skills' -k 5

text="Consulates chartered buses and flights to evacuate migrant workers stranded by fighting, and registered them at the border."
say "Guideline suggestion for a new practice" "micic suggest --text '$text' -k 3"
"$micic" suggest --text "$text" -k 3

say "Cross-tabulation: guideline x crisis phase (with margins)" micic crosstab guideline phase
"$micic" crosstab guideline phase

say "Gaps: guideline x stakeholder type cells (own phase) no practice covers" "micic gaps | tail -n 5"
"$micic" gaps | tail -n 5

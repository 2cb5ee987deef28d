#!/usr/bin/env bash
# CLI behaviour: exit codes (0 ok, 1 invalid input, 2 usage/unreadable), messages in Vietnamese and
# English, template → score round trip, JSON output shape.
#   cli_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$1"; ROOT="$2"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0
expect() {  # expect <exit code> <description> -- command...
  local want="$1" what="$2"; shift 3
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then echo "ok - $what (exit $got)"; else
    echo "FAIL - $what: exit $got, want $want"; sed 's/^/    /' "$T/err" | head -20; fails=$((fails+1)); fi
}
contains() {  # contains <file> <text> <description>
  if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "FAIL - $3: '$2' not in $1"; sed 's/^/    /' "$1" | head -20; fails=$((fails+1)); fi
}
R="$ROOT/assets/rubrics"

expect 0 "--version" -- "$CDS" --version
contains "$T/out" "cds 0." "--version prints name and version"
expect 2 "no arguments is a usage error" -- "$CDS"
expect 2 "unknown command" -- "$CDS" frobnicate
contains "$T/err" "Lệnh không hợp lệ" "unknown command explained in Vietnamese"
expect 2 "unknown option" -- "$CDS" score --bogus a b

for f in "$R"/*.json; do expect 0 "lint $(basename "$f")" -- "$CDS" lint "$f"; done
expect 2 "lint of a missing file" -- "$CDS" lint "$T/nope.json"
contains "$T/err" "không mở được tệp" "unreadable file explained"
printf '{"format":"cds-rubric/1","id":"x"' > "$T/broken.json"
expect 1 "lint of malformed JSON" -- "$CDS" lint "$T/broken.json"
contains "$T/err" "không phải JSON hợp lệ" "malformed JSON explained with position"
contains "$T/err" "dòng 1" "position given"
# A rubric whose section does not sum: change one criterion's max.
python3 - "$R/soctrang-2023-thidua-xa.json" "$T/badsum.json" <<'PY'
import json,sys
r=json.load(open(sys.argv[1])); r['sections'][0]['criteria'][0]['max']=9
json.dump(r,open(sys.argv[2],'w'),ensure_ascii=False)
PY
expect 1 "lint catches a section that does not sum" -- "$CDS" lint "$T/badsum.json"
contains "$T/err" "lint.section_sum" "lint names the check" 
contains "$T/err" "khác điểm của mục" "lint explains in Vietnamese"

expect 0 "template" -- "$CDS" template "$R/soctrang-2023-thidua-tinh.json"
cp "$T/out" "$T/tmpl.json"
contains "$T/tmpl.json" '"format": "cds-answers/1"' "template is a cds-answers/1 file"
contains "$T/tmpl.json" '"ty_le": null' "every input present and null"
expect 0 "scoring an empty template (all unanswered)" -- "$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$T/tmpl.json"
contains "$T/out" "Tổng điểm: 0 / 100" "empty answers score 0/100"
contains "$T/out" "Đã nhập: 0/16" "answered count shown"

G="$ROOT/tests/golden/soctrang-2023-thidua-tinh"
expect 0 "score --json" -- "$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$G/full.answers.json" --json
python3 - "$T/out" <<'PY' || fails=$((fails+1))
import json,sys
j=json.load(open(sys.argv[1]))
for k in ("rubric","version","total","max","answered","items","sections","criteria"): assert k in j, k
c=j["criteria"][0]
for k in ("id","code","score","max","status","explanation","messages"): assert k in c, k
assert j["total"]==100 and j["max"]==100 and j["answered"]==16, j["total"]
print("ok - score --json has the documented shape and full marks")
PY
expect 0 "score, table in English" -- "$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$G/mixed.answers.json" --lang en
contains "$T/out" "90/95 × 4 = 3.79" "the worked example of the 2023 document, in the explanation"
expect 1 "invalid inputs give exit 1" -- "$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$G/partial.answers.json"
expect 1 "answers for another rubric" -- "$CDS" score "$R/soctrang-2023-thidua-xa.json" "$G/full.answers.json"
contains "$T/err" "không phải" "rubric mismatch explained"
printf 'not json' > "$T/a.json"
expect 1 "malformed answers" -- "$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$T/a.json"
expect 2 "score needs two files" -- "$CDS" score "$R/soctrang-2023-thidua-tinh.json"

echo "$fails failure(s)"
[ "$fails" = 0 ]

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
contains "$T/err" "không có tệp này" "unreadable file explained"
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

# ---- keys and signed submissions ----
printf 'mưa đầu mùa trên đồi chè\n' > "$T/pass"
printf 'sai mat khau\n' > "$T/wrong"
expect 0 "keygen" -- "$CDS" keygen --out "$T/key.json" --passphrase-file "$T/pass" --unit-code STTTT --unit-name "Sở TT&TT"
KEYID="$(cat "$T/out")"
if [[ "$KEYID" =~ ^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$ ]]; then echo "ok - keygen prints the key id ($KEYID)"; else echo "FAIL - key id '$KEYID'"; fails=$((fails+1)); fi
expect 2 "keygen never overwrites a key" -- "$CDS" keygen --out "$T/key.json" --passphrase-file "$T/pass"
# Argon2id's cost: the defaults unless asked (docs/key-format.md); a lighter key warns and still signs.
python3 -c "import json,sys; k=json.load(open(sys.argv[1]))['kdf']; sys.exit(0 if (k['opslimit'],k['memlimit'])==(3,67108864) else 1)" "$T/key.json" \
  && echo "ok - keygen writes Argon2id's defaults (3 passes, 64 MiB)" || { echo "FAIL - keygen's default kdf"; fails=$((fails+1)); }
if grep -q "dễ dò" "$T/err"; then echo "FAIL - a default key warns about its cost"; fails=$((fails+1)); else echo "ok - a default key says nothing about its cost"; fi
expect 0 "keygen --kdf-memory 1 --kdf-passes 1" -- "$CDS" keygen --out "$T/light.json" --passphrase-file "$T/pass" --kdf-memory 1 --kdf-passes 1
python3 -c "import json,sys; k=json.load(open(sys.argv[1]))['kdf']; sys.exit(0 if (k['opslimit'],k['memlimit'])==(1,1048576) else 1)" "$T/light.json" \
  && echo "ok - the light key's file says 1 pass, 1 MiB" || { echo "FAIL - light key kdf: $(head -c 300 "$T/light.json")"; fails=$((fails+1)); }
contains "$T/err" "dễ dò mật khẩu hơn" "a lighter key warns, in Vietnamese"
contains "$T/err" "easier to guess" "and in English"
expect 0 "keygen --kdf-memory=65 --kdf-passes=4" -- "$CDS" keygen --out "$T/heavy.json" --passphrase-file "$T/pass" --kdf-memory=65 --kdf-passes=4
python3 -c "import json,sys; k=json.load(open(sys.argv[1]))['kdf']; sys.exit(0 if (k['opslimit'],k['memlimit'])==(4,68157440) else 1)" "$T/heavy.json" \
  && echo "ok - a heavier key's file says 4 passes, 65 MiB" || { echo "FAIL - heavy key kdf"; fails=$((fails+1)); }
if grep -q "dễ dò" "$T/err"; then echo "FAIL - a heavier key warns about its cost"; fails=$((fails+1)); else echo "ok - a heavier key does not warn"; fi
for bad in "--kdf-memory 0" "--kdf-memory 513" "--kdf-memory 64MiB" "--kdf-memory -1" "--kdf-memory 1.5" "--kdf-memory 00000064" "--kdf-passes 0" "--kdf-passes 11" "--kdf-passes ３"; do
  # shellcheck disable=SC2086
  expect 2 "keygen $bad is refused" -- "$CDS" keygen --out "$T/bad.json" --passphrase-file "$T/pass" $bad
  [ -e "$T/bad.json" ] && { echo "FAIL - keygen $bad wrote a key"; fails=$((fails+1)); rm -f "$T/bad.json"; }
done
contains "$T/err" "phải là số nguyên 1–10" "the range is said, in Vietnamese"
contains "$T/err" "must be a whole number 1–10" "and in English"
expect 0 "pubkey" -- "$CDS" pubkey "$T/key.json"
contains "$T/out" "\"key_id\": \"$KEYID\"" "pubkey prints the key id"
if grep -q '"kdf"\|"cipher"' "$T/out"; then echo "FAIL - pubkey leaks the encrypted part"; fails=$((fails+1)); else echo "ok - pubkey holds only the public part"; fi
python3 - "$G/mixed.answers.json" "$T/ans.json" <<'PY'
import json,sys
a=json.load(open(sys.argv[1])); a["unit"]["code"]="STTTT"; a["unit"]["name"]="Sở Thông tin và Truyền thông"
json.dump(a,open(sys.argv[2],"w"),ensure_ascii=False)
PY
expect 0 "submit" -- "$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/key.json" --passphrase-file "$T/pass" --out "$T/sub.json" --time 2026-11-23T08:15:00+07:00
expect 1 "submit with a wrong passphrase" -- "$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/key.json" --passphrase-file "$T/wrong" --out "$T/x.json"
contains "$T/err" "Sai cụm mật khẩu" "wrong passphrase explained"
head -c 300 "$T/key.json" > "$T/cut.json"
expect 1 "submit with a truncated key file" -- "$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/cut.json" --passphrase-file "$T/pass" --out "$T/x.json"
contains "$T/err" "Không đọc được tệp khóa" "truncated key explained"
expect 0 "verify" -- "$CDS" verify "$T/sub.json"
contains "$T/out" "HỢP LỆ" "verdict in plain Vietnamese"
expect 0 "submit with the light key" -- "$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/light.json" --passphrase-file "$T/pass" --out "$T/sub-light.json" --time 2026-11-23T08:15:00+07:00
expect 1 "the light key refuses a wrong passphrase" -- "$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/light.json" --passphrase-file "$T/wrong" --out "$T/x.json"
expect 0 "verify the light key's submission" -- "$CDS" verify "$T/sub-light.json"
expect 0 "verify --json" -- "$CDS" verify "$T/sub.json" --json
python3 - "$T/out" <<'PY' || fails=$((fails+1))
import json,sys
j=json.load(open(sys.argv[1])); assert j["ok"] and j["signatures"][0]["valid"] and j["scores_ok"] and j["rubric"]["sha256_ok"], j
print("ok - verify --json reports each check")
PY
# Trust list: the key registered for STTTT.
PUB=$(python3 -c "import json;print(json.load(open('$T/key.json'))['public_key'])")
printf '{"format":"cds-trust/1","units":[{"code":"STTTT","name":"Sở TT&TT","keys":[{"key_id":"%s","public_key":"%s"}]},{"code":"XA-01","name":"Xã 1","keys":[]}]}' "$KEYID" "$PUB" > "$T/trust.json"
# A dist/rubrics folder holds the web app's catalogue index.json beside the rubrics: no warning.
mkdir -p "$T/distrubrics" && cp "$R"/*.json "$T/distrubrics/" && python3 "$ROOT/tools/make-catalogue" "$T/distrubrics" "$T/distrubrics/index.json"
expect 0 "verify with a dist/rubrics folder" -- "$CDS" verify "$T/sub.json" --rubrics "$T/distrubrics"
if grep -q "index.json" "$T/err"; then echo "FAIL - the catalogue index.json is reported as a bad rubric"; fails=$((fails+1)); else echo "ok - the catalogue index.json is skipped quietly"; fi
expect 0 "verify with a trust list" -- "$CDS" verify "$T/sub.json" --trust "$T/trust.json"
contains "$T/out" "khóa tin cậy" "trusted key reported"
"$CDS" keygen --out "$T/other.json" --passphrase-file "$T/pass" >/dev/null 2>&1
"$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/other.json" --passphrase-file "$T/pass" --out "$T/sub-other.json" 2>/dev/null
expect 1 "an unknown key fails the trust check" -- "$CDS" verify "$T/sub-other.json" --trust "$T/trust.json"
contains "$T/out" "không có trong danh sách khóa tin cậy" "unknown key explained"
# Countersign by the head of the unit.
cp "$T/sub.json" "$T/sub2.json"
expect 0 "countersign" -- "$CDS" countersign "$T/sub2.json" --key "$T/other.json" --passphrase-file "$T/pass" --role head
expect 0 "countersigned file verifies" -- "$CDS" verify "$T/sub2.json"
contains "$T/out" "head" "both signatures listed"
# Tampering: a score edited in place; a figure edited in place.
sed 's/"score": 3.79/"score": 4/' "$T/sub.json" > "$T/t1.json"
expect 1 "an edited score fails" -- "$CDS" verify "$T/t1.json"
contains "$T/out" "KHÔNG HỢP LỆ" "tampering reported"
sed 's/"ty_le": 90/"ty_le": 95/' "$T/sub.json" > "$T/t2.json"
expect 1 "an edited figure fails the signature" -- "$CDS" verify "$T/t2.json"
contains "$T/out" "chữ ký" "signature failure explained"
expect 1 "verify of a non-submission" -- "$CDS" verify "$G/full.answers.json"
expect 2 "verify of a missing file" -- "$CDS" verify "$T/none.json"

# The receiving office: aggregate a folder with a valid, a superseded, a duplicate, a tampered and an
# untrusted file; then an appraisal, signed and applied.
mkdir -p "$T/in" "$T/out-agg"
cp "$T/sub.json" "$T/in/sub.json"; cp "$T/sub.json" "$T/in/sub (1).json"; cp "$T/t1.json" "$T/in/tampered.json"
"$CDS" submit "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --key "$T/key.json" --passphrase-file "$T/pass" --out "$T/in/old.json" --time 2026-11-20T08:15:00+07:00 >/dev/null 2>&1
cp "$T/sub-other.json" "$T/in/other.json"
expect 1 "aggregate with an invalid file exits 1" -- "$CDS" aggregate "$T/in" --trust "$T/trust.json" --out "$T/out-agg"
contains "$T/out" "hợp lệ/valid 1 · không hợp lệ/invalid 2 · bị thay thế/superseded 1 · trùng lặp/duplicates 1 · chưa nộp/missing 1" "aggregate prints the classification"
contains "$T/out" "KHÔNG HỢP LỆ/INVALID" "invalid files listed with their reason"
for f in report.csv criteria.csv intake.csv report.json report.html; do
  if [ -s "$T/out-agg/$f" ]; then echo "ok - aggregate wrote $f"; else echo "FAIL - aggregate did not write $f"; fails=$((fails+1)); fi; done
python3 - "$T/out-agg" <<'PY' || fails=$((fails+1))
import json,sys,csv,io
d=sys.argv[1]
j=json.load(open(d+"/report.json"))
assert j["format"]=="cds-aggregate-report/1", j["format"]
st={f["file"].split("/")[-1]:f["status"] for f in j["files"]}
assert st=={"sub.json":"valid","sub (1).json":"duplicate","old.json":"superseded","tampered.json":"invalid","other.json":"invalid"}, st
assert [m["code"] for m in j["missing"]]==["XA-01"], j["missing"]
u=j["rubrics"][0]["ranking"][0]
assert u["rank"]==1 and u["unit"]["name"]=="Sở Thông tin và Truyền thông", u["unit"]
raw=open(d+"/report.csv","rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "BOM"
rows=list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))  # Vietnamese Excel: ";" and decimal comma
assert rows[1][0]=="Hạng" and rows[2][3]=="Sở Thông tin và Truyền thông", rows[:3]
html=open(d+"/report.html",encoding="utf-8").read()
assert "<svg" in html and "class=\"unit\"" in html
print("ok - report.json, report.csv (BOM, Vietnamese) and report.html hold the classification and ranking")
PY
# A file that names no unit (here a scanned letter sent as .json): the missing unit's note says one
# may be its, on the terminal and in the reports.
# The trust list kept in the same folder is the office's own file, not one a unit may have sent.
mkdir -p "$T/in-nounit"; cp "$T/in/sub.json" "$T/in-nounit/"; printf '%%PDF-1.4 not json' > "$T/in-nounit/cong-van.json"
cp "$T/trust.json" "$T/in-nounit/danh-sach-tin-cay.json"
expect 1 "aggregate with a file naming no unit exits 1" -- "$CDS" aggregate "$T/in-nounit" --trust "$T/trust.json" --out "$T/out-nounit"
contains "$T/out" "chưa nộp/missing 1 · không rõ của đơn vị nào/naming no unit 1" "aggregate counts the file naming no unit"
python3 - "$T/out-nounit" <<'PY' || fails=$((fails+1))
import json,sys,csv,io
d=sys.argv[1]
j=json.load(open(d+"/report.json"))
assert j["counts"]["files_naming_no_unit"]==1, j["counts"]
assert "1 đơn vị trong danh sách chưa có bài nộp hợp lệ (1 tệp không đọc được mã đơn vị: có thể là tệp của đơn vị này)." in j["summary_vi"], j["summary_vi"]
rows=list(csv.reader(io.StringIO(open(d+"/report.csv","rb").read()[3:].decode("utf-8")), delimiter=";"))
note=[r for r in rows if r and r[0]=="XA-01"]
assert note and note[0][2]=="Không có tệp nào mang mã đơn vị này; có 1 tệp không đọc được mã đơn vị, có thể là tệp của đơn vị này (xem danh sách tệp)", note
print("ok - the missing unit's note points at the file that names no unit")
PY
# A file named in capitals on Windows ("BAI-NOP.JSON") is read from a folder like any .json.
mkdir -p "$T/in-upper"; cp "$T/in/sub.json" "$T/in-upper/BAI-NOP.JSON"
expect 0 "aggregate reads a .JSON file from a folder" -- "$CDS" aggregate "$T/in-upper" --out "$T/out-upper"
contains "$T/out" "hợp lệ/valid 1 · không hợp lệ/invalid 0" "the .JSON file counts"
expect 0 "aggregate of valid files only exits 0" -- "$CDS" aggregate "$T/in/sub.json" "$T/in/old.json" --out "$T/out-agg2"
expect 2 "aggregate without --out" -- "$CDS" aggregate "$T/in"
expect 2 "aggregate of a missing folder" -- "$CDS" aggregate "$T/nowhere" --out "$T/x"
# Appraisal: criterion 3 from 3,79 to 2,5 with a reason; a sampled check of 18/20.
cat > "$T/changes.json" <<'JS'
{ "format": "cds-appraisal-changes/1",
  "appraiser": {"name": "Trần Thị Bình", "title": "Chuyên viên", "organisation": "Sở Nội vụ"},
  "changes": [ {"criterion": "3", "score": "2,5", "reason": "Tỷ lệ thực tế 60 %"} ],
  "sampled_check": {"checked": 20, "verified": 18, "reason": "20 hồ sơ chọn ngẫu nhiên"} }
JS
expect 0 "appraise" -- "$CDS" appraise "$T/sub.json" --changes "$T/changes.json" --key "$T/other.json" --passphrase-file "$T/pass" --out "$T/appraisal.json" --time 2026-11-25T09:00:00+07:00
contains "$T/out" "3: 3,79 → 2,5 (Tỷ lệ thực tế 60 %)" "appraise prints the change"
contains "$T/appraisal.json" '"format": "cds-appraisal/2"' "appraisal file written"
mkdir -p "$T/ap"; cp "$T/appraisal.json" "$T/ap/"
expect 0 "aggregate applies the appraisal" -- "$CDS" aggregate "$T/sub.json" --appraisals "$T/ap" --out "$T/out-agg3" --json
python3 - "$T/out" <<'PY' || fails=$((fails+1))
import json,sys
j=json.load(open(sys.argv[1]))
assert j["appraisals"][0]["applied"], j["appraisals"]
u=j["rubrics"][0]["ranking"][0]; c=u["criteria"][2]
assert (c["self"],c["appraised"],c["final"])==(3.79,2.5,2.25), c
assert abs(u["total"]["final"]-round(u["total"]["appraised"]*0.9,2))<1e-9, u["total"]
print("ok - self | appraised | final: 3,79 | 2,5 | 2,25 and the total scaled by 18/20")
PY
echo '{"format": "cds-appraisal-changes/1", "changes": [{"criterion": "3", "score": 9, "reason": ""}]}' > "$T/bad-changes.json"
expect 1 "appraise refuses an out-of-range score without a reason" -- "$CDS" appraise "$T/sub.json" --changes "$T/bad-changes.json" --key "$T/other.json" --passphrase-file "$T/pass" --out "$T/x.json"
contains "$T/err" "nằm ngoài khoảng cho phép" "out-of-range score explained"
contains "$T/err" "phải ghi lý do" "missing reason explained"
expect 1 "appraise refuses a tampered submission" -- "$CDS" appraise "$T/t1.json" --changes "$T/changes.json" --key "$T/other.json" --passphrase-file "$T/pass" --out "$T/x.json"

echo "$fails failure(s)"
[ "$fails" = 0 ]

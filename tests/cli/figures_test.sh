#!/usr/bin/env bash
# `cds appraise-table` (docs/appraisal-format.md, "Figures for all units from one table"): the office
# fills figures that come from outside the units (Cổng DVC, Công an, Sở TTTT) for every unit from one
# CSV table, and each unit's corrections are signed as an appraisal. Scores computed by hand from
# the printed rubric (Sóc Trăng 2023, xã): criterion 5 "Điểm = tỉ lệ đạt được * điểm chuẩn" (6
# points), criterion 6 the same with 10 points, criterion 9 the same with 6 points.
#   figures_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$(readlink -f "$1")"; ROOT="$(cd "$2" && pwd)"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0; n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; sed 's/^/    | /' "$T/out" "$T/err" 2>/dev/null | head -20; fails=$((fails+1)); }
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -qF -- "$2" "$1"; }
R="$ROOT/assets/rubrics/soctrang-2023-thidua-xa.json"
printf 'mưa đầu mùa hạ năm nay\n' > "$T/pass"
cd "$T" || exit 2
for k in xa xb xc huyen so; do "$CDS" keygen --out "$T/$k.key" --passphrase-file "$T/pass" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1 || { echo "keygen $k"; exit 1; }; done
SIGN=(--appraiser "Trần Thị Bình" --organisation "Sở Thông tin và Truyền thông" --key "$T/so.key" --passphrase-file "$T/pass")

# Three communes: A declares 95 % (criterion 5), 90 % (6), 100 % (9); B 60 %, 90 %, 100 %; C 80 %, 80 %, 50 %.
"$CDS" template "$R" > "$T/tpl.json" || exit 1
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
for code, name, r5, r6, r9 in (("XA-A", "Xã A", 95, 90, 100), ("XA-B", "Xã B", 60, 90, 100), ("XA-C", "Xã Châu", 80, 80, 50)):
    a = json.load(open(t + "/tpl.json", encoding="utf-8"))
    a["unit"] = {"code": code, "name": name, "type": "xa"}
    a["inputs"]["3"]["ty_le"] = 80
    a["inputs"]["5"]["ty_le"] = r5
    a["inputs"]["6"]["ty_le_dung_han"] = r6
    a["inputs"]["9"]["ty_le"] = r9
    json.dump(a, open(t + "/" + code + ".answers.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir -p "$T/in"
i=0
for u in A B C; do
  i=$((i+1))
  k=$(echo "x$u" | tr 'A-Z' 'a-z')
  "$CDS" submit "$R" "$T/XA-$u.answers.json" --key "$T/$k.key" --passphrase-file "$T/pass" --out "$T/in/$u.json" --time "2026-11-19T15:3$i:00+07:00" >/dev/null 2>&1 || { echo "submit $u"; exit 1; }
done

# 1. The template: the criteria with a `source` (5, 6, 8, 9, 10, 12), each unit's declared figure beside.
run "$CDS" appraise-table --template "$T/in" --out "$T/tpl.csv"
python3 - "$T/tpl.csv" > "$T/chk" <<'PY'
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "BOM"
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
h = rows[0]
keys = [c[c.rfind("[") + 1:-1] for c in h]
figs = [k for k in keys if "/" in k and not k.startswith("self:")]
assert figs == ["5/ty_le", "6/ty_le_dung_han", "8/ty_le", "9/ty_le", "10/ty_le", "12/ty_le"], figs
assert keys[0] == "unit" and keys[1] == "name" and keys[-1] == "reason", keys
a = {r[0]: r for r in rows[1:]}
assert sorted(a) == ["XA-A", "XA-B", "XA-C"], sorted(a)
assert a["XA-A"][keys.index("self:5/ty_le")] == "95" and a["XA-C"][keys.index("self:9/ty_le")] == "50"
assert all(a[u][keys.index(f)] == "" for u in a for f in figs)
assert "Cổng DVC tỉnh [6/ty_le_dung_han]" in h[keys.index("6/ty_le_dung_han")]
print("template ok")
PY
[ "$rc" = 0 ] && has "$T/chk" "template ok" && ok "template: 6 sourced criteria, declared figures beside, BOM, ';'" || bad "template: exit $rc $(cat "$T/chk")"

# 2. The office fills it the way Excel saves a Vietnamese-region CSV: ';', decimal commas, commas
#    inside unquoted headers, a '%' typed in one cell; XA-Z has no submission; XA-C only its own figure.
python3 - "$T" <<'PY'
import csv, io, sys
t = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(t + "/tpl.csv", encoding="utf-8-sig").read()), delimiter=";"))
h = rows[0]
col = lambda k: [i for i, c in enumerate(h) if c.endswith("[" + k + "]")][0]
a = {r[0]: r for r in rows[1:]}
a["XA-A"][col("5/ty_le")] = "72"
a["XA-A"][col("6/ty_le_dung_han")] = "85,5"
a["XA-A"][col("9/ty_le")] = "100"          # the same as declared: no change
a["XA-B"][col("6/ty_le_dung_han")] = "50 %"
a["XA-B"][col("reason")] = "Số liệu chốt ngày 30/11"
a["XA-C"][col("9/ty_le")] = "50"           # as declared
z = [""] * len(h); z[0] = "XA-Z"; z[col("5/ty_le")] = "10"
out = io.StringIO()
w = csv.writer(out, delimiter=";", lineterminator="\r\n")   # quotes only cells with ';' or '"', as Excel
w.writerow(h)
for r in list(a.values()) + [z]: w.writerow(r)
open(t + "/fill.csv", "w", encoding="utf-8-sig").write(out.getvalue())
PY
run "$CDS" appraise-table "$T/fill.csv" "$T/in" --dry-run
[ "$rc" = 0 ] && has "$T/out" "5: 5,7 → 4,32" && has "$T/out" "6: 9 → 8,55" && has "$T/out" "6: 9 → 5 " && ! has "$T/out" "9: 6 → 6" \
  && has "$T/err" "XA-Z" && [ ! -d "$T/ap" ] && ok "dry run: A 5 5,7→4,32 and 6 9→8,55, B 6 9→5, C unchanged, XA-Z warned, nothing written" || bad "dry run: exit $rc"
# A time given by hand after unit A's submission (15:31) but before B's (15:32): nothing is signed for anyone.
run "$CDS" appraise-table "$T/fill.csv" "$T/in" "${SIGN[@]}" --out-dir "$T/early" --time 2026-11-19T15:31:30+07:00
[ "$rc" = 2 ] && has "$T/err" "XA-B" && has "$T/err" "sớm hơn thời điểm lập bài nộp" && [ -z "$(ls "$T/early" 2>/dev/null)" ] \
  && ok "--time before unit B's submission: refused before signing anything" || bad "early --time: exit $rc, $(ls "$T/early" 2>&1)"
run "$CDS" appraise-table "$T/fill.csv" "$T/in" "${SIGN[@]}" --out-dir "$T/ap" --note "Theo Công văn 12/STTTT" --time 2026-11-30T09:00:00+07:00
[ "$rc" = 0 ] && [ "$(ls "$T/ap" | wc -l)" = 2 ] && has "$T/out" "Đã ký 2 bản thẩm định" && ok "signed: one appraisal per changed unit (A, B), none for C" || bad "sign: exit $rc, $(ls "$T/ap" 2>&1)"
A1="$(ls "$T"/ap/thamdinh_xa-a_*.json 2>/dev/null | head -1)"
run "$CDS" verify "$A1"
[ "$rc" = 0 ] && has "$T/out" "Sở Thông tin và Truyền thông" && ok "the appraisal verifies (exit 0)" || bad "verify: exit $rc"
python3 - "$A1" "$T/ap/thamdinh_xa-b_"*.json > "$T/chk" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["signed"]
ch = {c["criterion"]: c for c in a["changes"]}
assert sorted(ch) == ["5", "6"], sorted(ch)
assert ch["5"]["score"] == 4.32 and ch["6"]["score"] == 8.55, ch
assert ch["6"]["reason"] == "Số liệu của Cổng DVC tỉnh: 85,5 % (đơn vị khai 90 %). Theo Công văn 12/STTTT", ch["6"]["reason"]
assert ch["5"]["reason"].startswith("Số liệu của Sở Thông tin và Truyền thông: 72 % (đơn vị khai 95 %)"), ch["5"]["reason"]
assert a["appraiser"]["organisation"] == "Sở Thông tin và Truyền thông" and a["note"] == "Theo Công văn 12/STTTT"
b = json.load(open(sys.argv[2], encoding="utf-8"))["signed"]
assert b["changes"] == [{"criterion": "6", "score": 5, "reason": "Số liệu của Cổng DVC tỉnh: 50 % (đơn vị khai 90 %). Số liệu chốt ngày 30/11. Theo Công văn 12/STTTT"}], b["changes"]
print("changes ok")
PY
has "$T/chk" "changes ok" && ok "changes and reasons: the agency, the figure, what the unit declared, the row's and the office's notes" || bad "changes: $(cat "$T/chk")"

# 3. The office's aggregate applies them: A 5 → 4,32, 6 → 8,55; B 6 → 5; C as declared.
crit() {  # crit <report dir> <unit> <criterion> → self;final
  python3 - "$1/criteria.csv" "$2" "$3" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read()), delimiter=";"))
h = rows[0]
for r in rows[1:]:
    if r[h.index("Mã đơn vị")] == sys.argv[2] and r[h.index("Mã tiêu chí")] == sys.argv[3]:
        print(r[h.index("Tự chấm")] + ";" + r[h.index("Kết quả")])
PY
}
run "$CDS" aggregate "$T/in" --appraisals "$T/ap" --out "$T/rep"
[ "$rc" = 0 ] && [ "$(crit "$T/rep" XA-A 5)" = "5,7;4,32" ] && [ "$(crit "$T/rep" XA-A 6)" = "9;8,55" ] && [ "$(crit "$T/rep" XA-B 6)" = "9;5" ] \
  && [ "$(crit "$T/rep" XA-C 9)" = "3;3" ] && ok "aggregate applies them (A 5 5,7→4,32, 6 9→8,55; B 6 9→5; C 9 stays 3)" \
  || bad "aggregate: exit $rc, A5=$(crit "$T/rep" XA-A 5) A6=$(crit "$T/rep" XA-A 6) B6=$(crit "$T/rep" XA-B 6) C9=$(crit "$T/rep" XA-C 9)"

# 4. A unit already appraised (district, level 1: criterion 3 10 → 8): the table's appraisal is the
#    next level on it, so the district's change is kept.
python3 - "$T" <<'PY'
import json, sys
json.dump({"format": "cds-appraisal-changes/1", "appraiser": {"name": "Người thẩm định", "organisation": "Phòng VH-TT huyện"},
           "changes": [{"criterion": "3", "score": 8, "reason": "Huyện: 48 %"}]}, open(sys.argv[1] + "/c1.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir -p "$T/ap1"
"$CDS" appraise "$T/in/A.json" --changes "$T/c1.json" --key "$T/huyen.key" --passphrase-file "$T/pass" --out "$T/ap1/l1.json" --time 2026-11-24T09:00:00+07:00 >/dev/null 2>&1 || bad "level 1"
run "$CDS" appraise-table "$T/fill.csv" "$T/in" --appraisals "$T/ap1" "${SIGN[@]}" --out-dir "$T/ap2" --time 2026-11-30T09:00:00+07:00
L2="$(ls "$T"/ap2/thamdinh_xa-a_*cap2.json 2>/dev/null | head -1)"
[ "$rc" = 0 ] && [ -n "$L2" ] && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['format']=='cds-appraisal/3' and d['signed']['level']==2" "$L2" \
  && ok "on an appraised unit the table signs level 2 on the applied level 1" || bad "level 2 from the table: exit $rc, $(ls "$T/ap2" 2>&1)"
cp "$T/ap1/l1.json" "$T/ap2/"
run "$CDS" aggregate "$T/in" --appraisals "$T/ap2" --out "$T/rep2"
[ "$(crit "$T/rep2" XA-A 3)" = "10;8" ] && [ "$(crit "$T/rep2" XA-A 5)" = "5,7;4,32" ] && ok "both levels apply: 3 stays 8 (district), 5 → 4,32 (table)" \
  || bad "chain: A3=$(crit "$T/rep2" XA-A 3) A5=$(crit "$T/rep2" XA-A 5)"

# 5. An English-region CSV (',' and a decimal point): 72.5 % of 6 points = 4,35.
printf 'Unit code [unit],Figure [5/ty_le]\nXA-B,72.5\n' > "$T/en.csv"
run "$CDS" appraise-table "$T/en.csv" "$T/in" --dry-run
[ "$rc" = 0 ] && has "$T/out" "5: 3,6 → 4,35" && ok "comma-separated with a decimal point: B 5 3,6 → 4,35" || bad "en csv: exit $rc"

# 6. Bad tables: nothing signed, exit 1, the line and column named, in Vietnamese.
bad_table() {  # bad_table <name> <csv text> <expected text>
  printf '%b' "$2" > "$T/$1.csv"
  run "$CDS" appraise-table "$T/$1.csv" "$T/in" "${SIGN[@]}" --out-dir "$T/no-$1"
  if [ "$rc" = 1 ] && [ ! -d "$T/no-$1" ] && grep -qF -- "$3" "$T/err"; then ok "refused: $1"; else bad "$1: exit $rc (want 1, '$3')"; fi
}
bad_table over100   'Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;150\r\n'                         'B2'
bad_table over100b  'Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;150\r\n'                         'vượt 100'
bad_table negative  "Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;'-5\r\n"                          'âm'
bad_table formula   'Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;=1+1\r\n'                        'không đọc được số'
bad_table text      'Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;tốt\r\n'                         'không đọc được số'
bad_table unknown   'Mã đơn vị [unit];X [99/ty_le]\r\nXA-A;50\r\n'                         'không có tiêu chí "99"'
bad_table input     'Mã đơn vị [unit];X [5/khong_co]\r\nXA-A;50\r\n'                       'không có ô'
bad_table nounit    'Tên [name];X [5/ty_le]\r\nXã A;50\r\n'                                'thiếu cột mã đơn vị'
bad_table nofigure  'Mã đơn vị [unit];Tên [name]\r\nXA-A;Xã A\r\n'                         'không có cột số liệu'
bad_table twice     'Mã đơn vị [unit];X [5/ty_le];Y [5/ty_le]\r\nXA-A;50;60\r\n'            'có hai lần'
bad_table duprow    'Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;50\r\n XA-A ;60\r\n'               'có hai dòng'
bad_table nocode    'Mã đơn vị [unit];X [5/ty_le]\r\n;50\r\n'                              'không có mã đơn vị'
bad_table quote     'Mã đơn vị [unit];X [5/ty_le]\r\n"XA-A;50\r\n'                         'không được đóng'
bad_table latin1    'M\xe3 \xf0\xf4n v\xec [unit];X [5/ty_le]\r\nXA-A;50\r\n'             'không phải văn bản UTF-8'
bad_table xlsx      'PK\x03\x04 not really'                                                  'Tệp Excel bị hỏng'
bad_table empty     '\r\n\r\n'                                                               'trống'
bad_table comma_pct 'Mã đơn vị [unit];X [6/ty_le_dung_han]\r\nXA-A;85,5,5\r\n'              'không đọc được số'

# 7. Worst-case shapes, timed against size: 20,000 rows (the limit) is read, 20,001 refused; 400 columns.
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
with open(t + "/wide.csv", "w", encoding="utf-8") as f:
    f.write("Mã đơn vị [unit];" + ";".join("c%d" % i for i in range(401)) + "\r\nXA-A\r\n")
with open(t + "/long.csv", "w", encoding="utf-8") as f:
    f.write("Mã đơn vị [unit];X [5/ty_le]\r\n")
    for i in range(20000): f.write("U%05d;%d\r\n" % (i, i % 101))
with open(t + "/longer.csv", "w", encoding="utf-8") as f:
    f.write("Mã đơn vị [unit];X [5/ty_le]\r\n")
    for i in range(20001): f.write("U%05d;50\r\n" % i)
PY
bad_table_file() { run "$CDS" appraise-table "$T/$1.csv" "$T/in" --dry-run; if [ "$rc" = 1 ] && has "$T/err" "$2"; then ok "refused: $1"; else bad "$1: exit $rc"; fi; }
bad_table_file wide "quá nhiều cột"
bad_table_file longer "quá nhiều dòng"
start=$(date +%s%N)
run "$CDS" appraise-table "$T/long.csv" "$T/in" --dry-run
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "FIGURE appraise-table dry run, 20,000 rows: ${ms} ms"
[ "$rc" = 0 ] && has "$T/out" "20000 dòng của bảng không khớp" && ok "20,000 rows read (no unit matches: all warned)" || bad "long: exit $rc"

# 8. The same path with an Excel workbook: the template written as .xlsx (text cells), filled the
#    way Excel stores what the office types (72; 85,5% as 0.855 with format 0.0%; 50% as 0.5 with
#    the built-in 0%; the note as text), read back, signed, aggregated: the same figures by hand.
run "$CDS" appraise-table --template "$T/in" --out "$T/tpl.xlsx"
python3 - "$ROOT/tests/cli" "$T/tpl.xlsx" "$T/tpl.csv" > "$T/chk" <<'PY'
import csv, io, sys, zipfile
sys.path.insert(0, sys.argv[1]); import xlsx_rows
assert zipfile.ZipFile(sys.argv[2]).testzip() is None
name = xlsx_rows.sheet_names(sys.argv[2])[0]
x = xlsx_rows.rows(sys.argv[2], name)
c = list(csv.reader(io.StringIO(open(sys.argv[3], encoding="utf-8-sig").read()), delimiter=";"))
assert [[v or "" for v in r][:len(c[0])] for r in x] == [r + [""] * (len(c[0]) - len(r)) for r in c], (x, c)
assert all(isinstance(v, str) for r in x for v in r if v is not None), "every cell is text"
print("xlsx template ok", name)
PY
[ "$rc" = 0 ] && has "$T/out" "tpl.xlsx" && has "$T/chk" "xlsx template ok Bảng số liệu" && ok "template as .xlsx: the CSV template's cells, every one text (codes, keys, declared figures)" \
  || bad "xlsx template: exit $rc $(cat "$T/chk")"
python3 - "$ROOT/tests/cli" "$T" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); import xlsx_fill
t = sys.argv[2]
xlsx_fill.fill(t + "/tpl.xlsx", t + "/fill.xlsx",
               [("XA-A", "5/ty_le", "n", 72), ("XA-A", "6/ty_le_dung_han", "pct", 0.855), ("XA-A", "9/ty_le", "n", 100),
                ("XA-B", "6/ty_le_dung_han", "pct0", 0.5), ("XA-B", "reason", "s", "Số liệu chốt ngày 30/11"), ("XA-C", "9/ty_le", "n", 50)],
               [[("unit", "s", "XA-Z"), ("5/ty_le", "n", 10)]])
xlsx_fill.fill(t + "/tpl.xlsx", t + "/bad.xlsx", [("XA-A", "5/ty_le", "pct0", 1.5)])
PY
run "$CDS" appraise-table "$T/fill.xlsx" "$T/in" --dry-run
[ "$rc" = 0 ] && has "$T/out" "5: 5,7 → 4,32" && has "$T/out" "6: 9 → 8,55" && has "$T/out" "6: 9 → 5 " && ! has "$T/out" "9: 6 → 6" && has "$T/err" "XA-Z" \
  && ok "xlsx dry run: A 5 5,7→4,32 and 6 9→8,55 (85,5 % from 0.855 in a 0.0% cell), B 6 9→5 (50 %), C unchanged, XA-Z warned" || bad "xlsx dry run: exit $rc"
run "$CDS" appraise-table "$T/fill.xlsx" "$T/in" "${SIGN[@]}" --out-dir "$T/apx" --note "Theo Công văn 12/STTTT" --time 2026-11-30T09:00:00+07:00
[ "$rc" = 0 ] && [ "$(ls "$T/apx" | wc -l)" = 2 ] && ok "xlsx: signed one appraisal per changed unit (A, B)" || bad "xlsx sign: exit $rc, $(ls "$T/apx" 2>&1)"
python3 - "$T"/apx/thamdinh_xa-a_*.json "$T"/apx/thamdinh_xa-b_*.json > "$T/chk" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["signed"]
ch = {c["criterion"]: c for c in a["changes"]}
assert sorted(ch) == ["5", "6"] and ch["5"]["score"] == 4.32 and ch["6"]["score"] == 8.55, ch
assert ch["6"]["reason"] == "Số liệu của Cổng DVC tỉnh: 85,5 % (đơn vị khai 90 %). Theo Công văn 12/STTTT", ch["6"]["reason"]
b = json.load(open(sys.argv[2], encoding="utf-8"))["signed"]
assert b["changes"] == [{"criterion": "6", "score": 5, "reason": "Số liệu của Cổng DVC tỉnh: 50 % (đơn vị khai 90 %). Số liệu chốt ngày 30/11. Theo Công văn 12/STTTT"}], b["changes"]
print("xlsx changes ok")
PY
has "$T/chk" "xlsx changes ok" && ok "xlsx: the same changes and reasons as the CSV" || bad "xlsx changes: $(cat "$T/chk")"
run "$CDS" aggregate "$T/in" --appraisals "$T/apx" --out "$T/repx"
[ "$rc" = 0 ] && [ "$(crit "$T/repx" XA-A 5)" = "5,7;4,32" ] && [ "$(crit "$T/repx" XA-A 6)" = "9;8,55" ] && [ "$(crit "$T/repx" XA-B 6)" = "9;5" ] \
  && [ "$(crit "$T/repx" XA-C 9)" = "3;3" ] && ok "xlsx: aggregate applies them (A 5 → 4,32, 6 → 8,55; B 6 → 5; C 9 stays 3)" \
  || bad "xlsx aggregate: exit $rc, A5=$(crit "$T/repx" XA-A 5) A6=$(crit "$T/repx" XA-A 6) B6=$(crit "$T/repx" XA-B 6)"
COL5="$(python3 -c "import sys; sys.path.insert(0, sys.argv[1]); import xlsx_rows; h = xlsx_rows.rows(sys.argv[2], xlsx_rows.sheet_names(sys.argv[2])[0])[0]; i = [k for k, c in enumerate(h) if c.endswith('[5/ty_le]')][0]; print(chr(65 + i) if i < 26 else chr(64 + i // 26) + chr(65 + i % 26))" "$ROOT/tests/cli" "$T/tpl.xlsx")"
run "$CDS" appraise-table "$T/bad.xlsx" "$T/in" "${SIGN[@]}" --out-dir "$T/no-badx"
[ "$rc" = 1 ] && [ ! -d "$T/no-badx" ] && has "$T/err" "${COL5}2" && has "$T/err" "vượt 100" \
  && ok "xlsx: 150 % (1.5 in a 0% cell) refused, Excel's row 2 and column $COL5 named, nothing signed" || bad "bad xlsx: exit $rc (column $COL5)"

# Hostile and unusable workbooks: exit 1, nothing signed, the reason in Vietnamese.
python3 - "$T" <<'PY'
import io, sys, zipfile
t = sys.argv[1]
src = zipfile.ZipFile(t + "/tpl.xlsx")
def rewrite(out, change):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as w:
        for n in src.namelist():
            w.writestr(n, change(n, src.read(n)))
        if out == "bomb":
            w.writestr("xl/media/image1.png", b"\0" * (40 << 20))
    open(t + "/" + out + ".xlsx", "wb").write(buf.getvalue())
lol = '<!DOCTYPE worksheet [<!ENTITY lol "lol">' + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10) for i in range(1, 10)) + "]>"
def laughs(n, b):
    if n != "xl/worksheets/sheet1.xml": return b
    s = b.decode("utf-8")
    i = s.index("<worksheet")
    return (s[:i] + lol + s[i:]).replace("<sheetData>", '<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&lol9;</t></is></c></row>', 1).encode("utf-8")
def external(n, b):
    if n != "xl/sharedStrings.xml": return b
    s = b.decode("utf-8")
    i = s.index("<sst")
    return (s[:i] + '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + s[i:]).replace("XA-A", "&x;", 1).encode("utf-8")
rewrite("laughs", laughs)
rewrite("external", external)
rewrite("bomb", lambda n, b: b)
raw = open(t + "/fill.xlsx", "rb").read()
open(t + "/cut.xlsx", "wb").write(raw[: len(raw) // 2])
open(t + "/old.xls", "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
open(t + "/locked.xlsx", "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512)
PY
bad_book() {  # bad_book <file> <expected text>
  run "$CDS" appraise-table "$T/$1" "$T/in" "${SIGN[@]}" --out-dir "$T/no-$1"
  if [ "$rc" = 1 ] && [ ! -d "$T/no-$1" ] && has "$T/err" "$2"; then ok "refused: $1 ($2)"; else bad "$1: exit $rc (want 1, '$2')"; fi
}
bad_book laughs.xlsx   "khai báo DTD hoặc thực thể XML"
bad_book external.xlsx "khai báo DTD hoặc thực thể XML"
bad_book bomb.xlsx     "bom ZIP"
bad_book cut.xlsx      "Tệp Excel bị hỏng"
bad_book old.xls       "Excel 97–2003 (.xls)"
bad_book locked.xlsx   "đặt mật khẩu"
! grep -q "root:" "$T/err" && ok "the external entity's file never shows" || bad "external entity content leaked"

# 8. What an outside tester found (each refused or handled, nothing signed by mistake).
bad_table control   'Mã đơn vị [unit];X [5/ty_le];Lý do [reason]\r\nXA-A;50;a\x1b[31mb\r\n'     'ký tự điều khiển'
bad_table longreason "Mã đơn vị [unit];X [5/ty_le];Lý do [reason]\r\nXA-A;50;$(printf 'x%.0s' $(seq 1 4001))\r\n" 'Ô quá dài'
run "$CDS" appraise-table "$T/fill.csv" "$T/in" --appraiser "  " --organisation " " --key "$T/so.key" --passphrase-file "$T/pass" --out-dir "$T/blank"
[ "$rc" = 2 ] && [ ! -d "$T/blank" ] && ok "a blank appraiser or organisation is refused" || bad "blank appraiser: exit $rc"
for k in xa xb xc huyen; do "$CDS" pubkey "$T/$k.key" > "$T/$k.pub"; done
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
pub = lambda k: {kk: json.load(open(t + "/" + k + ".pub"))[kk] for kk in ("key_id", "public_key")}
units = [{"code": "XA-" + u.upper(), "name": u, "keys": [pub("x" + u)]} for u in "abc"]
json.dump({"format": "cds-trust/1", "units": units, "appraisers": [{"code": "H", "name": "Huyện", "keys": [pub("huyen")]}]}, open(t + "/trust.json", "w"))
PY
run "$CDS" appraise-table "$T/fill.csv" "$T/in" "${SIGN[@]}" --trust "$T/trust.json" --out-dir "$T/untrusted"
[ "$rc" = 1 ] && [ ! -d "$T/untrusted" -o -z "$(ls -A "$T/untrusted" 2>/dev/null)" ] && has "$T/err" "khóa thẩm định" && ok "a key the trust list does not name as an appraiser signs nothing" \
  || bad "untrusted key: exit $rc"
# A forked chain (two level-2 files on A's level 1): another level would be a third branch.
mkdir -p "$T/fork"
cp "$T/ap1/l1.json" "$T/fork/"
"$CDS" appraise "$T/in/A.json" --on "$T/ap1/l1.json" --changes "$T/c1.json" --key "$T/so.key" --passphrase-file "$T/pass" --out "$T/fork/f1.json" --time 2026-11-25T09:00:00+07:00 >/dev/null 2>&1
"$CDS" appraise "$T/in/A.json" --on "$T/ap1/l1.json" --changes "$T/c1.json" --key "$T/huyen.key" --passphrase-file "$T/pass" --out "$T/fork/f2.json" --time 2026-11-25T10:00:00+07:00 >/dev/null 2>&1
run "$CDS" appraise-table "$T/fill.csv" "$T/in" --appraisals "$T/fork" "${SIGN[@]}" --out-dir "$T/forked"
[ "$rc" = 1 ] && has "$T/err" "rẽ nhánh" && [ ! -d "$T/forked" ] && ok "a forked chain: refused, nothing signed" || bad "fork: exit $rc"
# One unit, two periods: rows need a [period]; the template has the column.
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
a = json.load(open(t + "/XA-A.answers.json", encoding="utf-8"))
a["period"] = "2024"
json.dump(a, open(t + "/XA-A-2024.answers.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir -p "$T/in2" && cp "$T/in/A.json" "$T/in/B.json" "$T/in2/"
"$CDS" submit "$R" "$T/XA-A-2024.answers.json" --key "$T/xa.key" --passphrase-file "$T/pass" --out "$T/in2/A2024.json" --time 2026-11-20T08:00:00+07:00 >/dev/null 2>&1
printf 'Mã đơn vị [unit];X [5/ty_le]\r\nXA-A;72\r\n' > "$T/noperiod.csv"
run "$CDS" appraise-table "$T/noperiod.csv" "$T/in2" --dry-run
[ "$rc" = 1 ] && has "$T/err" "[period]" && ok "one unit with two periods and no [period] column: refused" || bad "periods: exit $rc"
run "$CDS" appraise-table --template "$T/in2" --out "$T/tpl2.csv"
P23="$(python3 -c "import json;print(json.load(open('$T/XA-A.answers.json'))['period'] or '')")"
grep -q "\[period\]" "$T/tpl2.csv" && ok "the template of such an intake has a [period] column" || bad "template period: $(head -c 300 "$T/tpl2.csv")"
python3 - "$T" <<'PY'
import csv, io, sys
t = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(t + "/tpl2.csv", encoding="utf-8-sig").read()), delimiter=";"))
h = rows[0]; col = lambda k: [i for i, c in enumerate(h) if c.endswith("[" + k + "]")][0]
for r in rows[1:]:
    if r[0] == "XA-A" and r[col("period")] == "2024": r[col("5/ty_le")] = "72"
out = io.StringIO(); csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
open(t + "/period.csv", "w", encoding="utf-8-sig").write(out.getvalue())
PY
run "$CDS" appraise-table "$T/period.csv" "$T/in2" --dry-run
[ "$rc" = 0 ] && [ "$(grep -c '5: 5,7 → 4,32' "$T/out")" = 1 ] && ok "with [period], only the 2024 file changes (5: 5,7 → 4,32 once)" || bad "period rows: exit $rc"

echo "1..$n"
[ "$fails" = 0 ]

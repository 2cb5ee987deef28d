#!/usr/bin/env bash
# Excel workbooks as Excel reads them: `cds score --xlsx` and `cds aggregate`'s report.xlsx, unzipped
# with python3's zipfile and checked in their XML — numbers are numeric cells (<v> without t="s")
# with the rubric's format, the header row is a frozen pane, columns have widths, Vietnamese arrives
# NFC in the shared strings, formula-looking text stays text (no <f> anywhere), and the same input
# gives the same bytes.
#   xlsx_test.sh <bin dir> <repository root>
set -uo pipefail
BIN="$1"; ROOT="$2"; CDS="$BIN/cds"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0
R="$ROOT/assets/rubrics"; G="$ROOT/tests/golden/soctrang-2023-thidua-tinh"
export SOURCE_DATE_EPOCH=1764900000 TZ=Asia/Ho_Chi_Minh
check() {  # check <description> <exit code>
  if [ "$2" = 0 ]; then echo "ok - $1"; else echo "FAIL - $1 (exit $2)"; sed 's/^/    /' "$T/err" 2>/dev/null | head -20; fails=$((fails+1)); fi
}

# Answers with a note that looks like a formula and one holding Excel's escape syntax literally.
python3 - "$G/mixed.answers.json" "$T/ans.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a.setdefault("notes", {})["1"] = "=SUM(1,2) và _x0041_ giữ nguyên"
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY

"$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --xlsx "$T/vi.xlsx" >/dev/null 2>"$T/err"; rc=$?
[ "$rc" -le 1 ] && [ -s "$T/vi.xlsx" ]; check "cds score --xlsx writes the workbook" $?
"$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --xlsx "$T/vi2.xlsx" >/dev/null 2>"$T/err"
cmp -s "$T/vi.xlsx" "$T/vi2.xlsx"; check "the same input gives byte-identical .xlsx" $?
"$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --xlsx "$T/en.xlsx" --lang en >/dev/null 2>"$T/err"
[ -s "$T/en.xlsx" ]; check "cds score --xlsx --lang en" $?
"$CDS" score "$R/soctrang-2023-thidua-tinh.json" "$T/ans.json" --xlsx "$T/no/such/dir/x.xlsx" >/dev/null 2>"$T/err"; rc=$?
[ "$rc" = 2 ] && ! ls "$T/no" >/dev/null 2>&1; check "an unwritable destination is a usage error and leaves nothing" $?

python3 - "$T/vi.xlsx" "$T/en.xlsx" <<'PY' || fails=$((fails+1))
import re, sys, zipfile, unicodedata
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
for n in ("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "docProps/core.xml"):
    assert n in names, (n, names)
assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist()), "zip dates fixed"
core = z.read("docProps/core.xml").decode()
assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-12-05T02:00:00Z</dcterms:created>" in core, core
sheet = z.read("xl/worksheets/sheet1.xml").decode()
sst = z.read("xl/sharedStrings.xml").decode()
styles = z.read("xl/styles.xml").decode()
assert "<f>" not in sheet and "<f " not in sheet, "no formulas"
strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", sst, re.S)]
for s in strings:
    assert unicodedata.normalize("NFC", s) == s, ("not NFC", s)
for h in ("TT", "Mã", "Nội dung tiêu chí", "Điểm tối đa", "Cách tính điểm", "Số liệu", "Minh chứng", "Điểm tự đánh giá", "Điểm thẩm định", "Ghi chú", "Nguồn số liệu"):
    assert h in strings, ("header", h)
head_idx = strings.index("Nội dung tiêu chí")
m = re.search(r'<c r="C(\d+)" s="\d+" t="s"><v>%d</v></c>' % head_idx, sheet)
assert m, "header cell"
head_row = int(m.group(1))
pane = re.search(r'<pane ySplit="(\d+)" topLeftCell="A(\d+)" activePane="bottomLeft" state="frozen"/>', sheet)
assert pane and int(pane.group(1)) == head_row and int(pane.group(2)) == head_row + 1, ("frozen header", pane and pane.groups(), head_row)
cols = re.findall(r'<col min="(\d+)" max="\d+" width="([\d.]+)" customWidth="1"/>', sheet)
assert len(cols) == 11 and all(float(w) >= 6 for _, w in cols) and float(cols[2][1]) >= 40, cols
assert '<printOptions' in sheet or '<pageSetup' in sheet
# The formula-looking note is a shared string, escaped so that Excel shows it as typed.
assert any(s.startswith("=SUM(1,2) và _x005F_x0041_ giữ nguyên") or "=SUM(1,2) và _x005F_x0041_ giữ nguyên" in s for s in strings), [s for s in strings if "SUM" in s]
# Numbers: the worked example 3,79 is a numeric cell whose style has the format "0.00".
fmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]+)"/>', styles))
xfs = re.findall(r"<xf [^>]*?/>|<xf [^>]*?>.*?</xf>", styles.split("<cellXfs")[1].split("</cellXfs>")[0], re.S)
def fmt_of(s):
    nid = re.search(r'numFmtId="(\d+)"', xfs[int(s)]).group(1)
    return fmts.get(nid, "builtin:" + nid)
cells = re.findall(r'<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?><v>([^<]*)</v></c>', sheet)
nums = [(c, int(r), s, v) for c, r, s, t, v in cells if not t]
assert ("H", "3.79") in [(c, v) for c, r, s, v in nums], "3.79 as a number in the self-assessed column"
for c, r, s, v in nums:
    float(v)
    if c in ("D", "H") and r > head_row:
        assert fmt_of(s) == "0.00", (c, r, fmt_of(s))
total = [v for c, r, s, v in nums if c == "H"][-1]
assert total == "70.55", total
# Self-assessed column: no number stored as text.
text_h = [r for c, r, s, t, v in cells if c == "H" and t == "s" and int(r) > head_row]
assert not text_h, ("numbers as text in column H", text_h)
en = zipfile.ZipFile(sys.argv[2]).read("xl/sharedStrings.xml").decode()
assert "How it is scored" in en and "Appraised" in en
print("ok - self-assessment workbook: numeric cells with 0.00, frozen header, widths, NFC shared strings, no formulas, fixed dates")
PY

# The office: a generated intake through cds aggregate, then report.xlsx against report.json.
"$BIN/cds-gen" --rubric "$R/soctrang-2022-dti-xa.json" --n 25 --out "$T/in" --seed 3 --tampered 0.1 --quiet 2>"$T/err"
mv "$T/in/trust.json" "$T/trust.json"; rm -f "$T/in/manifest.json"
"$CDS" aggregate "$T/in" --trust "$T/trust.json" --out "$T/agg" --json >"$T/report.json" 2>"$T/err"
[ -s "$T/agg/report.xlsx" ]; check "cds aggregate writes report.xlsx next to report.csv" $?
"$CDS" aggregate "$T/in" --trust "$T/trust.json" --out "$T/agg2" --json >/dev/null 2>"$T/err"
cmp -s "$T/agg/report.xlsx" "$T/agg2/report.xlsx"; check "report.xlsx is byte-identical for the same intake" $?
python3 - "$T/agg/report.xlsx" "$T/report.json" "$R/soctrang-2022-dti-xa.json" <<'PY' || fails=$((fails+1))
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); rep = json.load(open(sys.argv[2])); rub = json.load(open(sys.argv[3]))
wb = z.read("xl/workbook.xml").decode()
sheets = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', wb)
names = [n for n, _ in sheets]
assert names[0] == "Tóm tắt" and names[1].startswith("Xếp hạng ") and "Tiêu chí" in names and "Tiếp nhận" in names, names
sst = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", sst, re.S)]
def sheet(i): return z.read("xl/worksheets/sheet%d.xml" % i).decode()
for i in range(1, len(names) + 1):
    x = sheet(i)
    assert "<f>" not in x, names[i - 1]
    assert 'state="frozen"' in x, ("frozen", names[i - 1])
    assert "<cols>" in x, ("widths", names[i - 1])
rank = sheet(2)
cells = re.findall(r'<c r="([A-Z]+)(\d+)"(?: s="\d+")?(?: t="(\w+)")?>(?:<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)</c>', rank)
def text(t, v, inline): return strings[int(v)] if t == "s" else inline
hdr = [r for c, r, t, v, inl in cells if c == "A" and text(t, v, inl) == "Hạng"]
assert hdr, "ranking header"
h = int(hdr[0])
finals = [float(v) for c, r, t, v, inl in cells if c == "G" and int(r) > h and not t]
want = [u["total"]["final"] for u in rep["rubrics"][0]["ranking"]]
assert finals == want, (finals[:5], want[:5])
ranks = [int(float(v)) for c, r, t, v, inl in cells if c == "A" and int(r) > h and not t]
assert ranks == [u["rank"] for u in rep["rubrics"][0]["ranking"]], ranks[:5]
crit = sheet(names.index("Tiêu chí") + 1)
rows = len(re.findall(r"<row ", crit))
units = len(want)
assert rows > units and (rows - 1) % units == 0, (rows, units)
print("ok - report.xlsx: summary, ranking equal to report.json as numbers, criteria (%d rows), intake; frozen headers, widths, no formulas" % rows)
PY

# --xlsx-criteria-rows: over the limit the criteria sheet is one line pointing to criteria.csv (which
# keeps every row), and so is the summary; the other sheets and criteria.csv are unchanged; "all"
# and a limit above the rows give the default's bytes.
"$CDS" aggregate "$T/in" --trust "$T/trust.json" --out "$T/cap" --xlsx-criteria-rows 10 >/dev/null 2>"$T/err"
"$CDS" aggregate "$T/in" --trust "$T/trust.json" --out "$T/all" --xlsx-criteria-rows all >/dev/null 2>"$T/err"
cmp -s "$T/agg/report.xlsx" "$T/all/report.xlsx" && cmp -s "$T/agg/criteria.csv" "$T/cap/criteria.csv"
check "--xlsx-criteria-rows all is the default's workbook below 200,000 rows; criteria.csv keeps every row" $?
"$CDS" aggregate "$T/in" --trust "$T/trust.json" --out "$T/bad" --xlsx-criteria-rows many >/dev/null 2>"$T/err"; rc=$?
[ "$rc" = 2 ]; check "--xlsx-criteria-rows many is a usage error" $?
python3 - "$T/cap/report.xlsx" "$T/agg/report.xlsx" <<'PY' || fails=$((fails+1))
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); full = zipfile.ZipFile(sys.argv[2])
names = [n for n, _ in re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', z.read("xl/workbook.xml").decode())]
def sheet(zf, i): return zf.read("xl/worksheets/sheet%d.xml" % i).decode()
def texts(zf, i):
    sst = zf.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in zf.namelist() else ""
    strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    x = sheet(zf, i)
    return [strings[int(v)] for v in re.findall(r't="s"><v>(\d+)</v>', x)] + re.findall(r"<is><t[^>]*>([^<]*)</t></is>", x)
ci = names.index("Tiêu chí") + 1
crit = sheet(z, ci)
assert len(re.findall(r"<row ", crit)) == 1, "one line"
line = texts(z, ci)[0]
assert "vượt giới hạn 10 dòng" in line and "criteria.csv" in line and "--xlsx-criteria-rows all" in line, line
assert any("vượt giới hạn 10 dòng" in t for t in texts(z, 1)), "noted in the summary"
print("ok - report.xlsx over --xlsx-criteria-rows: the criteria sheet and the summary say so and point to criteria.csv")
PY

if [ "$fails" = 0 ]; then echo "all xlsx tests passed"; exit 0; else echo "$fails xlsx test(s) failed"; exit 1; fi

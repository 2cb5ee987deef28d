#!/usr/bin/env bash
# Chained appraisals through the command line (docs/appraisal-format.md): the district appraises a
# commune (level 1), the department appraises on top of it (`cds appraise --on`, level 2);
# `cds verify` of the level-2 file lists both levels and exits 0; `cds aggregate` applies them in
# order (totals computed by hand from the changes), and report.xlsx's criteria sheet, read back,
# shows self | level 1 | level 2 | final with each level's reason (one level alone: the three
# columns of before); a level 2 built on another submission's appraisal is refused (exit 1), and a
# fork (two level-2 files on one level 1) applies neither.
#   appraisal_chain_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$(readlink -f "$1")"; ROOT="$(cd "$2" && pwd)"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0; n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; sed 's/^/    | /' "$T/out" "$T/err" 2>/dev/null | head -16; fails=$((fails+1)); }
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -qF -- "$2" "$1"; }
R="$ROOT/assets/rubrics/soctrang-2023-thidua-xa.json"
printf 'mưa đầu mùa hạ năm nay\n' > "$T/pass"
cd "$T" || exit 2
for k in xa xb huyen so so2; do "$CDS" keygen --out "$T/$k.key" --passphrase-file "$T/pass" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1 || { echo "keygen $k"; exit 1; }; done

# Two communes; criterion 3 at 80 % (10 points) and 4 at 70 % by hand from the rubric's tiers.
"$CDS" template "$R" > "$T/tpl.json" || exit 1
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
for code, name in (("XA-A", "Xã A"), ("XA-B", "Xã B")):
    a = json.load(open(t + "/tpl.json", encoding="utf-8"))
    a["unit"] = {"code": code, "name": name, "type": "xa"}
    a["inputs"]["3"]["ty_le"] = 80
    a["inputs"]["4"]["ty_le"] = 70
    json.dump(a, open(t + "/" + code + ".answers.json", "w", encoding="utf-8"), ensure_ascii=False)
def changes(org, lst):
    return {"format": "cds-appraisal-changes/1", "appraiser": {"name": "Người thẩm định", "organisation": org}, "changes": lst}
json.dump(changes("Phòng VH-TT huyện", [{"criterion": "3", "score": 8, "reason": "Huyện: 48 %"}, {"criterion": "4", "score": 5, "reason": "Huyện: giấy"}]),
          open(t + "/c1.json", "w", encoding="utf-8"), ensure_ascii=False)
json.dump(changes("Sở TT&TT", [{"criterion": "3", "score": 6, "reason": "Sở: 36 %"}]), open(t + "/c2.json", "w", encoding="utf-8"), ensure_ascii=False)
json.dump(changes("Sở TT&TT (bản khác)", [{"criterion": "3", "score": 7, "reason": "Sở: 42 %"}]), open(t + "/c2b.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
"$CDS" submit "$R" "$T/XA-A.answers.json" --key "$T/xa.key" --passphrase-file "$T/pass" --out "$T/a.json" --time 2026-11-19T15:30:00+07:00 >/dev/null 2>&1 || exit 1
"$CDS" submit "$R" "$T/XA-B.answers.json" --key "$T/xb.key" --passphrase-file "$T/pass" --out "$T/b.json" --time 2026-11-19T15:31:00+07:00 >/dev/null 2>&1 || exit 1

run "$CDS" appraise "$T/a.json" --changes "$T/c1.json" --key "$T/huyen.key" --passphrase-file "$T/pass" --out "$T/l1.json" --time 2026-11-24T09:00:00+07:00
[ "$rc" = 0 ] && ok "level 1 (district) signed" || bad "level 1: exit $rc"
run "$CDS" appraise "$T/a.json" --on "$T/l1.json" --changes "$T/c2.json" --key "$T/so.key" --passphrase-file "$T/pass" --out "$T/l2.json" --time 2026-11-25T10:00:00+07:00
[ "$rc" = 0 ] && has "$T/out" "Cấp 1" && has "$T/out" "Cấp 2" && ok "level 2 (department) on level 1: both levels printed" || bad "level 2: exit $rc"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['format']=='cds-appraisal/3' and d['signed']['level']==2, d['format']" "$T/l2.json" \
  && ok "level 2 is cds-appraisal/3, level 2" || bad "level 2 format"
run "$CDS" verify "$T/l2.json"
[ "$rc" = 0 ] && has "$T/out" "Phòng VH-TT huyện" && has "$T/out" "Sở TT&TT" && ok "verify lists both levels, exit 0" || bad "verify l2: exit $rc"

# Applied in order: criterion 3 10 → 8 → 6, criterion 4 → 5 (kept by level 2).
mkdir -p "$T/in" && cp "$T/a.json" "$T/b.json" "$T/in/" && mkdir -p "$T/ap" && cp "$T/l1.json" "$T/l2.json" "$T/ap/"
run "$CDS" aggregate "$T/in" --appraisals "$T/ap" --out "$T/rep"
python3 - "$T/rep/criteria.csv" > "$T/chk.txt" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read()), delimiter=";"))
h = rows[0]; unit, crit, self_, fin = h.index("Mã đơn vị"), h.index("Mã tiêu chí"), h.index("Tự chấm"), h.index("Kết quả")
got = {(r[unit], r[crit]): (r[self_], r[fin]) for r in rows[1:]}
tot = lambda code, col: sum(float(v[col].replace(",", ".")) for (u, c), v in got.items() if u == code)
print(got[("XA-A", "3")][1], got[("XA-A", "4")][1], got[("XA-B", "3")][1], "%g" % tot("XA-A", 0), "%g" % tot("XA-A", 1))
PY
read f3 f4 b3 selft fint < "$T/chk.txt"
# By hand: A's criterion 3 10 → 8 (level 1) → 6 (level 2), criterion 4 7 → 5 (level 1, kept): total − 6; B untouched.
[ "$rc" = 0 ] && [ "$f3" = 6 ] && [ "$f4" = 5 ] && [ "$b3" = 10 ] && [ "$(python3 -c "print('%g' % ($selft - 6))")" = "$fint" ] \
  && ok "aggregate applies level 1 then level 2: A's criterion 3 final 6, 4 final 5, total self − 6; B untouched ($(cat "$T/chk.txt"))" \
  || { bad "aggregate chain (exit $rc): $(cat "$T/chk.txt")"; }

# report.xlsx's criteria sheet, read back: self | level 1 | level 2 | final with each level's reason;
# B (no appraisal) leaves the level columns blank; every row agrees with criteria.csv.
python3 - "$T/rep/report.xlsx" "$T/rep/criteria.csv" "$ROOT/tests/cli" > "$T/xl.txt" 2>&1 <<'PY'
import csv, io, sys
sys.path.insert(0, sys.argv[3]); import xlsx_rows
rows = xlsx_rows.rows(sys.argv[1], "Tiêu chí")
h = rows[0]; col = h.index; s = col("Tự chấm")
assert h[s:s + 4] == ["Tự chấm", "Thẩm định cấp 1", "Thẩm định cấp 2", "Kết quả"], h
assert "Thẩm định" not in h and h.index("Lý do cấp 1") < h.index("Lý do cấp 2"), h
got = {(r[col("Mã đơn vị")], r[col("Mã tiêu chí")]): r for r in rows[1:]}
a3, a4, b3 = got[("XA-A", "3")], got[("XA-A", "4")], got[("XA-B", "3")]
# By hand: 3 is 10 → 8 (district, 48 %) → 6 (department, 36 %); 4 is 7 → 5 (district), kept by the department.
assert a3[s:s + 4] == [10, 8, 6, 6], a3[s:s + 4]
assert (a3[col("Lý do cấp 1")], a3[col("Lý do cấp 2")]) == ("Huyện: 48 %", "Sở: 36 %"), a3
assert a4[s:s + 4] == [7, 5, 5, 5] and a4[col("Lý do cấp 1")] == "Huyện: giấy" and a4[col("Lý do cấp 2")] is None, a4
assert b3[s:s + 4] == [10, None, None, 10], b3[s:s + 4]
c = list(csv.reader(io.StringIO(open(sys.argv[2], encoding="utf-8-sig").read()), delimiter=";"))
ch = c[0]
assert len(c) == len(rows), (len(c), len(rows))
for r in c[1:]:
    unit = r[ch.index("Mã đơn vị")]
    x = got[(unit, r[ch.index("Mã tiêu chí")])]
    for name in ("Tự chấm", "Kết quả", "Thẩm định cấp 1", "Thẩm định cấp 2"):
        v = r[ch.index(name)]
        if v == "": assert unit == "XA-B" and x[col(name)] is None, (name, unit, x[col(name)])
        else: assert x[col(name)] == float(v.replace(",", ".")), (name, v, x[col(name)])
    for name in ("Lý do cấp 1", "Lý do cấp 2", "Tài liệu kiểm chứng"):
        assert (x[col(name)] or "") == r[ch.index(name)], (name, x[col(name)], r[ch.index(name)])
print(len(rows) - 1)
PY
[ $? = 0 ] && ok "report.xlsx criteria sheet: self | level 1 | level 2 | final with each level's reason, as criteria.csv ($(tail -1 "$T/xl.txt") rows)" \
  || { bad "report.xlsx per-level columns"; cat "$T/xl.txt"; }

# One level only (the department's file not sent): the workbook keeps the three columns of before.
mkdir -p "$T/ap1" && cp "$T/l1.json" "$T/ap1/"
run "$CDS" aggregate "$T/in" --appraisals "$T/ap1" --out "$T/rep1"
python3 - "$T/rep1/report.xlsx" "$ROOT/tests/cli" > "$T/xl1.txt" 2>&1 <<'PY'
import sys
sys.path.insert(0, sys.argv[2]); import xlsx_rows
rows = xlsx_rows.rows(sys.argv[1], "Tiêu chí")
h = rows[0]; s = h.index("Tự chấm")
assert h[s:s + 3] == ["Tự chấm", "Thẩm định", "Kết quả"] and not any("cấp" in x for x in h), h
a3 = next(r for r in rows if r[h.index("Mã đơn vị")] == "XA-A" and r[h.index("Mã tiêu chí")] == "3")
assert a3[s:s + 3] == [10, 8, 8], a3[s:s + 3]
PY
pyrc=$?
[ "$rc" = 0 ] && [ "$pyrc" = 0 ] && ok "one level: report.xlsx keeps Tự chấm | Thẩm định | Kết quả (A's criterion 3: 10 | 8 | 8)" || { bad "one level xlsx (exit $rc)"; cat "$T/xl1.txt"; }

# A level 2 on another commune's appraisal is refused; a fork applies neither level 2.
run "$CDS" appraise "$T/b.json" --on "$T/l1.json" --changes "$T/c2.json" --key "$T/so.key" --passphrase-file "$T/pass" --out "$T/wrong.json"
[ "$rc" = 1 ] && { has "$T/err" "appraisal.other_submission" || has "$T/out" "appraisal.other_submission"; } && [ ! -e "$T/wrong.json" ] \
  && ok "a level 2 on another submission's appraisal: refused, exit 1, nothing written" || bad "other submission: exit $rc"
run "$CDS" appraise "$T/a.json" --on "$T/l1.json" --changes "$T/c2b.json" --key "$T/so2.key" --passphrase-file "$T/pass" --out "$T/ap/l2b.json" --time 2026-11-25T11:00:00+07:00
run "$CDS" aggregate "$T/in" --appraisals "$T/ap" --out "$T/rep2"
[ "$rc" = 1 ] && python3 - "$T/rep2/report.json" <<'PY' && ok "two level 2 files on one level 1: a fork, neither applied, exit 1" || bad "fork: exit $rc"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
codes = [m["code"] for a in j["appraisals"] for m in a["problems"]]
assert codes.count("appraisal.fork") >= 2, codes
assert sum(1 for a in j["appraisals"] if a["applied"]) == 1, [a["applied"] for a in j["appraisals"]]  # level 1 only
PY

# A time given by hand before what it judges is a mistake: refused (exit 2), nothing written. The
# submission was made at 15:30 +07:00 = 08:30Z on 19/11; 08:30Z itself is accepted (not before).
run "$CDS" appraise "$T/a.json" --changes "$T/c1.json" --key "$T/huyen.key" --passphrase-file "$T/pass" --out "$T/early.json" --time 2026-11-19T08:29:59Z
[ "$rc" = 2 ] && has "$T/err" "sớm hơn thời điểm lập bài nộp (2026-11-19T15:30:00+07:00)" && [ ! -e "$T/early.json" ] \
  && ok "--time one second before the submission (another offset): refused, nothing written" || bad "early appraisal: exit $rc"
run "$CDS" appraise "$T/a.json" --changes "$T/c1.json" --key "$T/huyen.key" --passphrase-file "$T/pass" --out "$T/same.json" --time 2026-11-19T08:30:00Z
[ "$rc" = 0 ] && [ -e "$T/same.json" ] && ok "--time at the submission's instant: accepted" || bad "same-instant appraisal: exit $rc"
run "$CDS" appraise "$T/a.json" --on "$T/l1.json" --changes "$T/c2.json" --key "$T/so.key" --passphrase-file "$T/pass" --out "$T/early2.json" --time 2026-11-23T09:00:00+07:00
[ "$rc" = 2 ] && has "$T/err" "sớm hơn thời điểm lập bản thẩm định cấp trước" && [ ! -e "$T/early2.json" ] \
  && ok "a level 2 dated before its level 1: refused, nothing written" || bad "early level 2: exit $rc"

echo "# $n checks, $fails failed"
[ "$fails" = 0 ]

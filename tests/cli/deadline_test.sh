#!/usr/bin/env bash
# Periods and deadlines at the receiving office (#20). NQ57 (Nhựt Thành 2026) prints "trước 09 giờ,
# ngày 19/6/2026": Vietnam time, and 09:00:00 is already late. Files: one signed at 08:59:59 (on
# time), one at exactly 09:00:00 (late), one signed on time but received after the deadline, an
# older file of the first unit for the same period written another way (superseded), and the first
# unit's file for the next period (both counted, ranked apart, no deadline known for it).
# Receipt time: each file's modification time (set here with touch), or --received-at.
#   deadline_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$(readlink -f "$1")"; ROOT="$(cd "$2" && pwd)"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0; n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; sed 's/^/    | /' "$T/err" 2>/dev/null | head -12; fails=$((fails+1)); }
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -qF -- "$2" "$1"; }
R="$ROOT/assets/rubrics/nhuthanh-2026-nq57.json"
A="$ROOT/tests/golden/nhuthanh-2026-nq57/mixed.answers.json"
printf 'mưa đầu mùa hạ năm nay\n' > "$T/pass"
mkdir -p "$T/in"
cd "$T" || exit 2

# Answers of three units; the first also for the next period, and once with the period left empty
# (= the rubric's own period, "từ ngày 01/7/2025 đến ngày 18/6/2026").
python3 - "$A" "$T" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8")); t = sys.argv[2]
def write(name, code, unit, period):
    b = dict(a); b["unit"] = {"code": code, "name": unit}; b["period"] = period
    json.dump(b, open(f"{t}/{name}.answers.json", "w", encoding="utf-8"), ensure_ascii=False)
write("a", "XA-AN", "UBND xã An", "01/7/2025 – 18/6/2026")
write("a-old", "XA-AN", "UBND xã An", "")
write("a-next", "XA-AN", "UBND xã An", "01/7/2026 – 18/6/2027")
write("b", "XA-BINH", "UBND xã Bình", "01/7/2025 – 18/6/2026")
write("c", "XA-CHAU", "UBND xã Châu", "từ ngày 01/07/2025 đến ngày 18/06/2026")
PY
"$CDS" keygen --out "$T/k.key" --passphrase-file "$T/pass" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1
sign() {  # answers, out, signed time, modification time (the receipt)
  "$CDS" submit "$R" "$T/$1.answers.json" --key "$T/k.key" --passphrase-file "$T/pass" --out "$T/in/$2" --time "$3" >/dev/null 2>"$T/err" || bad "submit $2"
  touch -d "$4" "$T/in/$2"
}
sign a ontime.json 2026-06-19T08:59:59+07:00 "2026-06-19T08:59:59+07:00"
sign a-old older.json 2026-06-19T08:00:00+07:00 "2026-06-19T08:00:00+07:00"
sign a-next next-period.json 2026-12-01T10:00:00+07:00 "2026-12-01T10:00:00+07:00"
sign b at-nine.json 2026-06-19T09:00:00+07:00 "2026-06-20T10:00:00+07:00"
sign c received-late.json 2026-06-18T17:00:00+07:00 "2026-06-19T09:30:00+07:00"

run "$CDS" aggregate "$T/in" --out "$T/rep"
[ "$rc" = 0 ] && ok "aggregate: exit 0 (late files are not invalid)" || bad "aggregate exit $rc"

python3 - "$T/rep" >"$T/py" 2>&1 <<'PY'
import csv, json, sys, datetime
rep = sys.argv[1]
j = json.load(open(rep + "/report.json", encoding="utf-8"))
files = {f["file"].split("/")[-1]: f for f in j["files"]}
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
checks = []
def check(name, cond): checks.append((name, bool(cond)))
c = j["counts"]
check("4 counted (one per unit and period), 1 superseded", c["valid"] == 4 and c["superseded"] == 1)
check("counts: 1 signed late, 2 received late", c["late_signed"] == 1 and c["late_received"] == 2)
check("the older file of the same period (written empty) is superseded by the 08:59:59 one",
      files["older.json"]["status"] == "superseded" and files["older.json"]["counted_file"].endswith("ontime.json"))
check("the next period's file counts beside it", files["next-period.json"]["status"] == "valid")
check("08:59:59 is on time by both times", files["ontime.json"]["late_signed"] is False and files["ontime.json"]["late_received"] is False)
check("09:00:00 is late by the signed time", files["at-nine.json"]["late_signed"] is True)
check("received on 20/6 10:00 is late by receipt", files["at-nine.json"]["late_received"] is True)
check("signed 18/6, received 19/6 09:30: on time signed, late received",
      files["received-late.json"]["late_signed"] is False and files["received-late.json"]["late_received"] is True)
check("the deadline is written as an instant in Vietnam time", files["ontime.json"]["deadline"] == "2026-06-19T09:00:00+07:00")
check("the receipt time is the file's modification time, said so",
      files["at-nine.json"]["received_source"] == "file_mtime" and t(files["at-nine.json"]["received"]) == t("2026-06-20T10:00:00+07:00"))
check("another period has no known deadline", "deadline" not in files["next-period.json"] and "late_signed" not in files["next-period.json"])
periods = sorted((g["id"], g["period"]) for g in j["rubrics"])
check("two ranking groups for the one rubric, one per period",
      periods == [("nhuthanh-2026-nq57", "01/7/2026 – 18/6/2027"), ("nhuthanh-2026-nq57", "từ ngày 01/7/2025 đến ngày 18/6/2026")])
check("the unit is ranked in each period", sum(1 for g in j["rubrics"] for u in g["ranking"] if u["unit"]["code"] == "XA-AN") == 2)
check("the summary names the late files", "1 ký sau hạn nộp, 2 nhận sau hạn nộp" in j["summary_vi"])
rows = list(csv.reader(open(rep + "/intake.csv", encoding="utf-8-sig"), delimiter=";"))
head = rows[0]
col = {h: i for i, h in enumerate(head)}
check("intake.csv has the deadline columns",
      all(h in col for h in ["Kỳ đánh giá", "Thời điểm nhận", "Thời điểm nhận theo", "Hạn nộp", "Hạn nộp — theo giờ ký", "Hạn nộp — theo giờ nhận"]))
by = {r[0].split("/")[-1]: r for r in rows[1:]}
check("intake.csv: 09:00:00 'Muộn dưới 1 phút' by signed time, 'Muộn 1 ngày 1 giờ' by receipt",
      by["at-nine.json"][col["Hạn nộp — theo giờ ký"]] == "Muộn dưới 1 phút" and by["at-nine.json"][col["Hạn nộp — theo giờ nhận"]] == "Muộn 1 ngày 1 giờ")
check("intake.csv: on time written 'Đúng hạn', receipt from 'giờ sửa tệp'",
      by["ontime.json"][col["Hạn nộp — theo giờ ký"]] == "Đúng hạn" and by["ontime.json"][col["Thời điểm nhận theo"]] == "giờ sửa tệp")
check("intake.csv: received 30 minutes late", by["received-late.json"][col["Hạn nộp — theo giờ nhận"]] == "Muộn 30 phút")
check("intake.csv: the period as the unit wrote it", by["received-late.json"][col["Kỳ đánh giá"]] == "từ ngày 01/07/2025 đến ngày 18/06/2026")
for name, good in checks: print(("ok " if good else "FAIL ") + name)
PY
while IFS= read -r line; do
  case "$line" in ok\ *) ok "${line#ok }" ;; FAIL\ *) echo "$line" >"$T/err"; bad "${line#FAIL }" ;; *) echo "    $line" ;; esac
done <"$T/py"

has "$T/rep/report.html" "Bài nộp sau hạn" && has "$T/rep/report.html" "(nộp muộn)" && ok "report.html lists the late files and marks them in the ranking" \
  || bad "report.html without the late files"

# The office says when it received the batch: before the deadline, nothing is late by receipt.
run "$CDS" aggregate "$T/in" --out "$T/rep2" --received-at 2026-06-19T08:30
[ "$rc" = 0 ] && ok "--received-at (Vietnam time without an offset): exit 0" || bad "--received-at exit $rc"
python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
f = {x["file"].split("/")[-1]: x for x in j["files"]}
assert j["counts"]["late_received"] == 0 and j["counts"]["late_signed"] == 1, j["counts"]
assert f["at-nine.json"]["received"] == "2026-06-19T08:30+07:00" and f["at-nine.json"]["received_source"] == "given"
' "$T/rep2/report.json" 2>"$T/err" && ok "--received-at: received as given, nothing late by receipt, still late by signed time" || bad "--received-at report"
run "$CDS" aggregate "$T/in" --out "$T/rep3" --received-at "hôm qua"
[ "$rc" = 2 ] && has "$T/err" "--received-at" && ok "--received-at that is not a time: exit 2, explained" || bad "--received-at garbage: exit $rc"

# English report
run "$CDS" aggregate "$T/in" --out "$T/rep-en" --lang en
head -1 "$T/rep-en/intake.csv" | grep -qF "Deadline — by signed time" && grep -qF "Late by less than a minute" "$T/rep-en/intake.csv" \
  && ok "English intake.csv" || bad "English intake.csv"

# A rubric whose deadline cds cannot read: lint refuses it.
mkdir -p "$T/rubrics"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8")); r["deadline"]["at"] = "19/6/2026 9h"
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
' "$R" "$T/rubrics/bad-deadline.json"
run "$CDS" lint "$T/rubrics/bad-deadline.json"
{ cat "$T/out" "$T/err"; } | grep -qF "lint.deadline" && [ "$rc" != 0 ] \
  && ok "lint: a deadline that does not parse is an error" || bad "lint bad deadline: exit $rc"

echo "$n checks, $fails failed"
[ "$fails" = 0 ]

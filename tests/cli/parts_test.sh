#!/usr/bin/env bash
# One provincial self-assessment filled by its agencies, through the command line (docs/parts-format.md):
# `cds packet --all` signs nine work packets for Vĩnh Long 2025; each agency fills its part from the
# golden "full" answers and signs it with `cds part`; one signs late, one tries to sign values
# outside its assignment (refused), one signs with a key not registered for it (refused at the
# merge), two answer one input differently (a conflict, decided with --resolve). `cds merge` exits 1
# until every part holds and every conflict is decided; the merged answers score exactly as the
# whole form filled directly; `cds progress` prints the board (text, CSV, HTML) with reminders;
# the merged submission's dossier carries the parts and `cds verify` re-checks the chain.
#   parts_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$(readlink -f "$1")"; ROOT="$(cd "$2" && pwd)"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0; n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; sed 's/^/    | /' "$T/out" "$T/err" 2>/dev/null | head -24; fails=$((fails+1)); }
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -qF -- "$2" "$1"; }
R="$ROOT/assets/rubrics/vinhlong-2025-dti-tinh.json"
FULL="$ROOT/tests/golden/vinhlong-2025-dti-tinh/full.answers.json"
AGENCIES="SKHCN VPUBND CAT SNV STC CCTK BPTTH TCVNCL CCT17"
printf 'mưa đầu mùa hạ năm nay\n' > "$T/pass"
cd "$T" || exit 2
for who in office rogue $AGENCIES; do
  "$CDS" keygen --out "$T/$who.key" --passphrase-file "$T/pass" --unit-code "$who" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1 || { echo "keygen $who failed"; exit 1; }
  "$CDS" pubkey "$T/$who.key" --out "$T/$who.pub" >/dev/null 2>&1
done
# The office's trust list: the province's key under "units", each agency's under "agencies" (the rogue key nowhere).
python3 - "$T" $AGENCIES <<'PY'
import json, sys
t = sys.argv[1]
ags = [{"code": a, "name": a, "keys": [{"public_key": json.load(open(f"{t}/{a}.pub"))["public_key"]}]} for a in sys.argv[2:]]
office = {"code": "VINHLONG", "name": "UBND tỉnh Vĩnh Long", "keys": [{"public_key": json.load(open(f"{t}/office.pub"))["public_key"]}]}
json.dump({"format": "cds-trust/1", "units": [office], "agencies": ags}, open(f"{t}/trust.json", "w"))
PY

# 1. Packets: one per agency that leads something, signed by the office.
run "$CDS" packet "$R" --all --unit-code VINHLONG --unit-name "UBND tỉnh Vĩnh Long" --period 2025 \
  --deadline 2026-11-20T17:00:00+07:00 --office-name "Sở Khoa học và Công nghệ" --office-contact "0270 3 822 222" \
  --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/packets" --time 2026-11-01T08:00:00+07:00
if [ "$rc" = 0 ] && [ "$(ls "$T/packets" | wc -l)" = 9 ] && has "$T/out" "Chi cục Thống kê" && has "$T/out" "20 chỉ số/criteria"; then
  ok "packet --all: nine signed packets"; else bad "packet --all"; fi
P() { ls "$T/packets"/*_"$(echo "$1" | tr 'A-Z' 'a-z')"_*.packet.json; }
run "$CDS" part "$(P CCTK)" --show
if [ "$rc" = 0 ] && has "$T/out" "7.1" && has "$T/out" "Số lượng dân số" && has "$T/out" "20/11/2026"; then ok "part --show: the agency's criteria, rows and deadline"; else bad "part --show"; fi
run "$CDS" packet "$R" --agency NOPE --unit-code VINHLONG --deadline 2026-11-20T17:00:00+07:00 --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/x"
if [ "$rc" = 1 ] && has "$T/err" "packet.agency"; then ok "packet: an unknown agency is refused"; else bad "packet unknown agency"; fi
run "$CDS" packet "$ROOT/assets/rubrics/soctrang-2023-thidua-xa.json" --all --unit-code X --deadline 2026-11-20T17:00:00+07:00 --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/x"
if [ "$rc" = 1 ] && has "$T/err" "không khai báo cơ quan"; then ok "packet: a rubric without agencies is refused"; else bad "packet without agencies"; fi

# 2. Each agency fills its template from the full answers and signs.
for a in $AGENCIES; do
  "$CDS" part "$(P $a)" --template --out "$T/$a.tmpl.json" >/dev/null 2>&1 || { echo "template $a failed"; exit 1; }
done
python3 - "$T" "$FULL" $AGENCIES <<'PY'
import json, sys
t, full = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
for a in sys.argv[3:]:
    d = json.load(open(f"{t}/{a}.tmpl.json", encoding="utf-8"))
    for c in d["inputs"]:
        for i in d["inputs"][c]:
            d["inputs"][c][i] = full["inputs"].get(c, {}).get(i)
    for g in d["general_info"]:
        d["general_info"][g] = full["general_info"].get(g)
    d["preparer"] = {"name": "Cán bộ " + a, "title": "", "phone": "", "email": ""}
    if a == "TCVNCL":  # answers 1.4 differently from BPTTH
        d["inputs"]["1.4"]["so_tin_bai"] = (full["inputs"]["1.4"].get("so_tin_bai") or 0) + 5
    json.dump(d, open(f"{t}/{a}.answers.json", "w", encoding="utf-8"), ensure_ascii=False)
# SNV also types a figure of another agency's criterion
d = json.load(open(f"{t}/SNV.answers.json", encoding="utf-8"))
d["inputs"]["7.1"] = {"gia_tri_kts": 1}
json.dump(d, open(f"{t}/SNV.outside.json", "w", encoding="utf-8"), ensure_ascii=False)
# The office's own answers: identity and the rows no agency leads
b = {"format": "cds-answers/1", "rubric": full["rubric"], "unit": {"code": "VINHLONG", "name": "UBND tỉnh Vĩnh Long"}, "period": "2025",
     "general_info": {k: full["general_info"].get(k) for k in ("ten_tinh", "dia_chi")}, "inputs": {}}
json.dump(b, open(f"{t}/office.answers.json", "w", encoding="utf-8"), ensure_ascii=False)
full2 = dict(full); full2["unit"] = b["unit"]; full2["period"] = "2025"
json.dump(full2, open(f"{t}/full.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir -p "$T/in"
for a in $AGENCIES; do
  time=2026-11-15T09:00:00+07:00; key=$a
  [ $a = CCTK ] && time=2026-11-21T09:30:00+07:00
  [ $a = CAT ] && key=rogue
  "$CDS" part "$(P $a)" "$T/$a.answers.json" --key "$T/$key.key" --passphrase-file "$T/pass" --out "$T/in/$a.part.json" --time $time >"$T/out" 2>"$T/err" \
    || { bad "part $a"; }
done
run "$CDS" part "$(P CCTK)" "$T/CCTK.answers.json" --key "$T/CCTK.key" --passphrase-file "$T/pass" --out "$T/late.json" --time 2026-11-21T09:30:00+07:00
if [ "$rc" = 0 ] && has "$T/err" "SAU HẠN NỘP"; then
  ok "part: a late signature is said so"; else bad "part late"; fi
run "$CDS" part "$(P SNV)" "$T/SNV.outside.json" --key "$T/SNV.key" --passphrase-file "$T/pass" --out "$T/snv-bad.json"
if [ "$rc" = 1 ] && has "$T/err" "part.outside" && has "$T/err" "7.1/gia_tri_kts" && [ ! -e "$T/snv-bad.json" ]; then
  ok "part: a value outside the assignment is not signed"; else bad "part outside"; fi

# 3. Merge: CAT's rogue key refused, 1.4 in conflict → exit 1, nothing silently chosen.
run "$CDS" merge "$R" "$T/in" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/merged.json"
if [ "$rc" = 1 ] && has "$T/out" "TỪ CHỐI" && has "$T/out" "CAT" && has "$T/out" "Xung đột tại 1.4/so_tin_bai" && has "$T/out" "TRỄ HẠN" && has "$T/out" "ký lúc 21/11/2026 09:30" \
   && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["inputs"].get("1.4",{}).get("so_tin_bai") is None else 1)' "$T/merged.json"; then
  ok "merge: unregistered key refused, conflict shown, late part marked (exit 1)"; else bad "merge first round"; fi
run "$CDS" merge "$R" "$T/in" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/merged.json" --json
if [ "$rc" = 1 ] && python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
st = {p["agency"]: p for p in d["parts"]}
assert d["refused"] == 1 and d["unresolved"] == 1, d
assert any(x["code"] == "trust.agency" for x in st["CAT"]["problems"])
assert st["CCTK"]["late"] and not st["SKHCN"]["late"]
assert [o["agency"] for o in d["conflicts"][0]["options"]] == ["BPTTH", "TCVNCL"]
PY
then ok "merge --json: parts, states, conflicts"; else bad "merge --json"; fi

# 4. The board and the reminders.
run "$CDS" progress "$R" "$T/in" --packets "$T/packets" --trust "$T/trust.json" --now 2026-11-22T08:00:00+07:00
if [ "$rc" = 0 ] && has "$T/out" "BẢNG THEO DÕI TIẾN ĐỘ" && has "$T/out" "Công an tỉnh (CAT) — phần gửi về bị từ chối" && has "$T/out" "Kính gửi Công an tỉnh" \
   && has "$T/out" "đã quá hạn" && has "$T/out" "Chi cục Thống kê (CCTK) — đã gửi (trễ hạn)"; then ok "progress: board and reminder"; else bad "progress text"; fi
run "$CDS" progress "$R" "$T/in" --packets "$T/packets" --trust "$T/trust.json" --now 2026-11-22T08:00:00+07:00 --format csv --out "$T/board.csv" --reminders "$T/rem"
if [ "$rc" = 0 ] && has "$T/board.csv" "CAT;Công an tỉnh;refused;1" && has "$T/board.csv" "CCTK;Chi cục Thống kê;returned;1" && [ -s "$T/rem/cat.txt" ] && [ ! -e "$T/rem/skhcn.txt" ]; then
  ok "progress --format csv --reminders"; else bad "progress csv"; cat "$T/board.csv" | head; fi
run "$CDS" progress "$R" --packets "$T/packets" --trust "$T/trust.json" --now 2026-11-10T08:00:00+07:00 --format html --out "$T/board.html"
if [ "$rc" = 0 ] && has "$T/board.html" "<table>" && has "$T/board.html" "chưa gửi" && ! has "$T/board.html" "QUÁ HẠN"; then ok "progress html before the deadline: nobody late"; else bad "progress html"; fi
run "$CDS" progress "$R" --packets "$T/packets" --trust "$T/trust.json" --now yesterday
if [ "$rc" = 2 ]; then ok "progress: --now must be a time"; else bad "progress --now"; fi

# 5. CAT sends again with its own key; the office decides 1.4 for BPTTH.
"$CDS" part "$(P CAT)" "$T/CAT.answers.json" --key "$T/CAT.key" --passphrase-file "$T/pass" --out "$T/in/CAT-2.part.json" --time 2026-11-22T09:00:00+07:00 >/dev/null 2>&1
rm -f "$T/in/CAT.part.json"
run "$CDS" merge "$R" "$T/in" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/merged.json" --resolve 1.4/so_tin_bai=BPTTH --parts-out "$T/parts"
if [ "$rc" = 0 ] && has "$T/out" "(đã quyết định)" && [ "$(ls "$T/parts" | wc -l)" = 9 ]; then ok "merge: every part holds, conflict decided (exit 0)"; else bad "merge second round"; fi
run "$CDS" merge "$R" "$T/in" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/merged2.json" --resolve 1.4/so_tin_bai=NOBODY
if [ "$rc" = 1 ] && has "$T/out" "không phải một trong các phần đang xung đột" && has "$T/out" "(chưa quyết định)"; then ok "merge: a decision naming no option stays undecided"; else bad "merge bad decision"; fi
# The same parts in another order: the same bytes.
mkdir -p "$T/in2"; i=0; for f in $(ls "$T/in" | sort -r); do i=$((i+1)); cp "$T/in/$f" "$T/in2/$i-$f"; done
"$CDS" merge "$R" $(ls -r "$T"/in2/*.json) --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/merged3.json" --resolve 1.4/so_tin_bai=BPTTH >/dev/null 2>&1
if cmp -s "$T/merged.json" "$T/merged3.json"; then ok "merge: the same bytes whatever the order and names of the files"; else bad "merge order"; fi
# The merged answers score as the whole form filled directly.
"$CDS" score "$R" "$T/merged.json" --json > "$T/s1.json" 2>/dev/null; "$CDS" score "$R" "$T/full.json" --json > "$T/s2.json" 2>/dev/null
python3 - "$T/s1.json" "$T/s2.json" <<'PY' && ok "merged answers score as the whole form" || bad "merged score"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(0 if a["total"] == b["total"] and [c["score"] for c in a["criteria"]] == [c["score"] for c in b["criteria"]] and a["total"] > 0 else 1)
PY

# 6. The provincial dossier carries the parts; verify re-checks the chain.
mkdir -p "$T/ev"
"$CDS" submit "$R" "$T/merged.json" --key "$T/office.key" --passphrase-file "$T/pass" --out "$T/sub.json" --time 2026-11-25T10:00:00+07:00 >/dev/null 2>&1
run "$CDS" dossier "$T/sub.json" --evidence "$T/ev" --parts "$T/parts" --out "$T/dossier.zip"
if [ "$rc" = 0 ] && has "$T/out" "9 phần số liệu"; then ok "dossier --parts"; else bad "dossier --parts"; fi
run "$CDS" verify "$T/dossier.zip" --trust "$T/trust.json"
if [ "$rc" = 0 ] && has "$T/out" "9 phần số liệu có chữ ký của các cơ quan khớp" && ! has "$T/out" "evidence.extra"; then ok "verify: the chain holds"; else bad "verify chain"; fi
rm "$T/parts/$(ls "$T/parts" | head -1)"
run "$CDS" dossier "$T/sub.json" --evidence "$T/ev" --parts "$T/parts" --out "$T/dossier2.zip"
if [ "$rc" = 1 ] && has "$T/err" "provenance.missing"; then ok "dossier: a missing part is refused"; else bad "dossier missing part"; fi
python3 - "$T/dossier.zip" "$T/dossier3.zip" <<'PY'
import sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as o:
    for i in z.infolist():
        if i.filename.startswith("parts/") and not getattr(sys, "_dropped", False):
            sys._dropped = True
            continue
        o.writestr(i, z.read(i))
PY
run "$CDS" verify "$T/dossier3.zip"
if [ "$rc" = 1 ] && has "$T/out" "KHÔNG khớp" && has "$T/out" "Thiếu phần số liệu" && head -1 "$T/out" | grep -q "^KHÔNG HỢP LỆ: hồ sơ không khớp"; then
  ok "verify: a part taken out of the dossier (the first line says the dossier does not hold)"; else bad "verify missing part"; fi
run "$CDS" verify "$T/dossier3.zip" --json
if [ "$rc" = 1 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["ok"] is False and d["submission_ok"] is True and d["provenance"]["ok"] is False else 1)' "$T/out"; then
  ok "verify --json: ok is false when the chain fails, the submission's own verdict beside it"; else bad "verify json chain"; fi
# A dossier that cannot be opened (two files of one name): --json still answers in JSON.
python3 - "$T/dossier.zip" "$T/twice.zip" <<'PY'
import sys, warnings, zipfile
warnings.simplefilter("ignore")
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as o:
    for i in z.infolist():
        o.writestr(i, z.read(i))
        if i.filename.startswith("parts/"):
            o.writestr(i, z.read(i))
PY
run "$CDS" verify "$T/twice.zip" --json
if [ "$rc" = 1 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["ok"] is False and d["problems"][0]["code"] == "dossier.duplicate" else 1)' "$T/out"; then
  ok "verify --json: a dossier that cannot be opened is answered in JSON (dossier.duplicate)"; else bad "verify json unopenable"; fi
# The level above aggregates provincial dossiers: the agencies' parts are checked there as cds verify
# checks them, shown beside the evidence tally, and (like the evidence) leave the status to the appraiser.
mkdir -p "$T/agg-ok" "$T/agg-bad"; cp "$T/dossier.zip" "$T/agg-ok/"; cp "$T/dossier3.zip" "$T/agg-bad/"
for c in ok bad; do
  run "$CDS" aggregate "$T/agg-$c" --trust "$T/trust.json" --out "$T/agg-$c.out"
  [ "$rc" = 0 ] || bad "aggregate $c: exit $rc"
done
if python3 - "$T/agg-ok.out/report.json" "$T/agg-bad.out/report.json" <<'PY'
import json, sys
good = json.load(open(sys.argv[1], encoding="utf-8"))["files"][0]
broken = json.load(open(sys.argv[2], encoding="utf-8"))["files"][0]
p, q = good["provenance"], broken["provenance"]
ok = (p["ok"] is True and p["parts"] == 9 and p["inputs"] > 0 and p["problems"] == [] and good["status"] == "valid"
      and q["ok"] is False and any(m["code"] == "provenance.missing" for m in q["problems"]) and broken["status"] == "valid")
sys.exit(0 if ok else 1)
PY
then ok "aggregate: a provincial dossier's agency parts are checked again (report.json provenance: 9 parts hold; one taken out → provenance.missing)"; else bad "aggregate chain in report.json"; fi
if grep -q "9 phần số liệu có chữ ký của các cơ quan khớp" "$T/agg-ok.out/intake.csv" && grep -q "KHÔNG khớp" "$T/agg-bad.out/intake.csv" \
   && grep -q "Thiếu phần số liệu có chữ ký" "$T/agg-bad.out/report.html" && grep -q 'class="small warn">Chuỗi phần số liệu' "$T/agg-bad.out/report.html"; then
  ok "aggregate: intake.csv and the unit's page say whether the agencies' parts hold, and why not"; else bad "aggregate chain in intake.csv/report.html"; fi
python3 - "$T/dossier.zip" "$T/agg-none/stripped.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1:]
os.makedirs(os.path.dirname(dst), exist_ok=True)
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as o:
    for i in z.infolist():
        if not i.filename.startswith("parts/"):
            o.writestr(i, z.read(i))
PY
run "$CDS" aggregate "$T/agg-none" --trust "$T/trust.json" --out "$T/agg-none.out"
if [ "$rc" = 0 ] && python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["files"][0]["provenance"]; sys.exit(0 if p["ok"] is False and p["parts"] == 0 and sum(m["code"] == "provenance.missing" for m in p["problems"]) == 9 else 1)' "$T/agg-none.out/report.json"; then
  ok "aggregate: a provincial dossier with every part taken out is flagged (9 parts missing)"; else bad "aggregate stripped dossier"; fi
run "$CDS" aggregate "$T/agg-ok" --out "$T/agg-notrust.out"
if [ "$rc" = 0 ] && python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["files"][0]; sys.exit(0 if f["provenance"]["ok"] else 1)' "$T/agg-notrust.out/report.json"; then
  ok "aggregate without a trust list: the chain's signatures and scope still checked"; else bad "aggregate chain without trust"; fi

# 7. Hostile: a packet edited (agency relabelled), a part relabelled.
sed 's/"id": "CCTK"/"id": "SNV"/' "$(P CCTK)" > "$T/relabelled.packet.json"
run "$CDS" part "$T/relabelled.packet.json" --show
if [ "$rc" = 1 ] && has "$T/err" "signature.invalid"; then ok "a relabelled packet is refused"; else bad "relabelled packet"; fi
sed 's/"id": "CCTK"/"id": "SNV"/' "$T/in/CCTK.part.json" > "$T/relabelled.part.json"
run "$CDS" merge "$R" "$T/relabelled.part.json" --trust "$T/trust.json" --packets "$T/packets" --out "$T/m.json"
if [ "$rc" = 1 ] && has "$T/out" "TỪ CHỐI" && has "$T/out" "chữ ký"; then ok "a relabelled part is refused"; else bad "relabelled part"; fi
run "$CDS" merge "$R" "$T/in" --packets "$T/packets" --out "$T/m.json"
if [ "$rc" = 2 ] && has "$T/err" "--trust"; then ok "merge needs a trust list"; else bad "merge without trust"; fi
mkdir -p "$T/empty"
run "$CDS" merge "$R" "$T/empty" --trust "$T/trust.json" --packets "$T/packets" --out "$T/m-empty.json"
if [ "$rc" = 2 ] && has "$T/err" "Không tìm thấy phần số liệu" && [ ! -e "$T/m-empty.json" ]; then ok "merge: a folder without parts is said, nothing written"; else bad "merge empty"; fi
mkdir -p "$T/deep/a/b"; cp "$T"/in/*.json "$T/deep/a/b/"
run "$CDS" merge "$R" "$T/deep" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/m-deep.json" --resolve 1.4/so_tin_bai=BPTTH
if [ "$rc" = 0 ] && cmp -s "$T/m-deep.json" "$T/merged.json"; then ok "merge: parts in sub-folders are found"; else bad "merge sub-folders"; fi
run "$CDS" packet "$R" --agency CCTK --unit-code VINHLONG --deadline 2026-11-20T17:00:00+07:00 --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/late-pk" --time 2026-11-20T17:00:00+07:00
if [ "$rc" = 1 ] && has "$T/err" "packet.deadline" && [ -z "$(ls "$T/late-pk" 2>/dev/null)" ]; then ok "packet: a deadline not after the signing is refused"; else bad "packet past deadline"; fi

# 8. A part with evidence travels as a part dossier (part.json + evidence/…, one .zip), is verified
#    alone, merged, and its files reach the province's dossier without being sent again.
mkdir -p "$T/cctk-ev"
printf '%%PDF-1.4 bao cao thong ke 2025\n' > "$T/cctk-ev/bc.pdf"
printf 'so lieu dan so' > "$T/cctk-ev/so-lieu.xlsx"
python3 - "$T" <<'PY'
import json, hashlib, os, sys
t = sys.argv[1]
d = json.load(open(f"{t}/CCTK.answers.json", encoding="utf-8"))
def ev(path, name):
    b = open(path, "rb").read()
    return {"kind": "file", "name": name, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
crit = sorted(d["inputs"])[0]
d["evidence"] = {crit: [ev(f"{t}/cctk-ev/bc.pdf", "Báo cáo thống kê số 12/BC.pdf"), ev(f"{t}/cctk-ev/so-lieu.xlsx", "Số liệu.xlsx")]}
json.dump(d, open(f"{t}/CCTK.ev.answers.json", "w", encoding="utf-8"), ensure_ascii=False)
open(f"{t}/crit", "w").write(crit)
PY
CRIT="$(cat "$T/crit")"
run "$CDS" part "$(P CCTK)" "$T/CCTK.ev.answers.json" --key "$T/CCTK.key" --passphrase-file "$T/pass" --out "$T/ev1.part.json" --time 2026-11-16T09:00:00+07:00
if [ "$rc" = 0 ] && [ -s "$T/ev1.part.json" ] && has "$T/err" "--evidence"; then ok "part naming evidence without --evidence: the .json, and how to pack the files"; else bad "part evidence hint"; fi
run "$CDS" part "$(P CCTK)" "$T/CCTK.ev.answers.json" --key "$T/CCTK.key" --passphrase-file "$T/pass" --out "$T/cctk.part.json" --evidence "$T/cctk-ev" --time 2026-11-16T09:00:00+07:00
if [ "$rc" = 0 ] && [ -s "$T/cctk.part.zip" ] && [ ! -e "$T/cctk.part.json" ] && has "$T/err" "2 tệp kiểm chứng" \
   && python3 -c 'import sys,zipfile; n=zipfile.ZipFile(sys.argv[1]).namelist(); sys.exit(0 if n[0]=="part.json" and "evidence/"+sys.argv[2]+"/Bao cao thong ke so 12-BC.pdf" in n and len(n)==3 else 1)' "$T/cctk.part.zip" "$CRIT"; then
  ok "part --evidence: one part dossier (part.json first, files under evidence/)"; else bad "part --evidence"; python3 -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist())' "$T/cctk.part.zip"; fi
run "$CDS" dossier "$T/ev1.part.json" --evidence "$T/cctk-ev" --out "$T/ev1.part.zip"
if [ "$rc" = 0 ] && has "$T/out" "part.json + 2"; then ok "dossier: packs a part given as .json"; else bad "dossier of a part"; fi
run "$CDS" verify "$T/cctk.part.zip" --trust "$T/trust.json"
if [ "$rc" = 0 ] && has "$T/out" "HỢP LỆ: phần số liệu của Chi cục Thống kê (CCTK)" && has "$T/out" "2/2 tệp kiểm chứng khớp"; then ok "verify: a part dossier alone"; else bad "verify part dossier"; fi
run "$CDS" verify "$T/cctk.part.zip" --trust "$T/trust.json" --json
if [ "$rc" = 0 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["kind"]=="part" and d["ok"] and d["agency"]["id"]=="CCTK" and d["evidence"]["present"]==2 and d["values"]==7 and d["rubric"]["known"] and not d["late"] else 1)' "$T/out"; then
  ok "verify --json: a part dossier"; else bad "verify --json part"; fi
run "$CDS" verify "$T/in/CAT-2.part.json" --trust "$T/trust.json" --lang en
if [ "$rc" = 0 ] && has "$T/out" "VALID: the part of"; then ok "verify: a plain part, in English"; else bad "verify plain part"; fi
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]; d = json.load(open(f"{t}/trust.json"))
for a in d["agencies"]:
    if a["code"] == "CAT": a["keys"] = [{"public_key": json.load(open(f"{t}/rogue.pub"))["public_key"]}]
json.dump(d, open(f"{t}/rogue-trust.json", "w"))
PY
run "$CDS" verify "$T/in/CAT-2.part.json" --trust "$T/rogue-trust.json"
if [ "$rc" = 1 ] && has "$T/out" "KHÔNG HỢP LỆ" && has "$T/out" "trust.agency"; then ok "verify: a part whose key is not registered for its agency"; else bad "verify part trust"; fi
python3 - "$T/cctk.part.zip" "$T/swapped.part.zip" <<'PY'
import sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as o:
    for i in z.infolist():
        b = z.read(i)
        o.writestr(i, b.replace(b"bao cao", b"BAO CAO") if i.filename.endswith(".pdf") else b)
PY
run "$CDS" verify "$T/swapped.part.zip" --trust "$T/trust.json"
if [ "$rc" = 1 ] && has "$T/out" "bị thay 1"; then ok "verify: a changed evidence file in a part dossier"; else bad "verify swapped part evidence"; fi
mkdir -p "$T/in3"; cp "$T"/in/*.json "$T/in3/"; rm "$T/in3/CCTK.part.json"; cp "$T/cctk.part.zip" "$T/in3/"
run "$CDS" merge "$R" "$T/in3" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/merged-ev.json" --resolve 1.4/so_tin_bai=BPTTH --parts-out "$T/parts-ev"
if [ "$rc" = 0 ] && has "$T/out" "cctk.part.zip" && has "$T/out" "2/2 tệp kiểm chứng khớp" && [ -s "$T/parts-ev/evidence/$CRIT/Bao cao thong ke so 12-BC.pdf" ] \
   && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["evidence"][sys.argv[2]])==2 else 1)' "$T/merged-ev.json" "$CRIT"; then
  ok "merge: a part dossier's values and evidence (--parts-out writes the files)"; else bad "merge part dossier"; fi
cp "$T/ev1.part.json" "$T/in3/cctk.part.zip.json"; rm "$T/in3/cctk.part.zip"
run "$CDS" merge "$R" "$T/in3" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/m.json" --resolve 1.4/so_tin_bai=BPTTH
if [ "$rc" = 0 ] && has "$T/out" "0/2 tệp kiểm chứng khớp" && has "$T/out" "không kèm tệp"; then ok "merge: a part naming files sent as .json is taken, and the files asked for"; else bad "merge json part with evidence"; fi
run "$CDS" merge "$R" "$T/dossier.zip" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/m.json"
if [ "$rc" = 1 ] && has "$T/err" "không phải hồ sơ phần số liệu"; then ok "merge: a submission dossier given as a part is named"; else bad "merge submission zip"; fi
# Hostile part dossiers: a submission beside the part, the part in a folder, a name climbing out.
python3 - "$T/cctk.part.zip" "$T/hz" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1:]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(src) as z:
    files = [(i.filename, z.read(i)) for i in z.infolist()]
def write(name, entries):
    with zipfile.ZipFile(os.path.join(out, name), "w") as o:
        for n, b in entries: o.writestr(n, b)
write("both.part.zip", files + [("submission.json", files[0][1])])
write("folder.part.zip", [("x/part.json", files[0][1])] + files[1:])
write("climb.part.zip", files + [("../../etc/passwd", b"x")])
PY
for h in both folder climb; do
  run "$CDS" merge "$R" "$T/hz/$h.part.zip" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/m.json"
  if [ "$rc" = 1 ] && grep -qE "dossier\.(duplicate|no_submission|name)" "$T/err" && has "$T/out" "0/0 phần được nhận"; then ok "merge: hostile part dossier ($h) named, nothing merged"; else bad "merge hostile $h"; fi
done
"$CDS" submit "$R" "$T/merged-ev.json" --key "$T/office.key" --passphrase-file "$T/pass" --out "$T/sub-ev.json" --time 2026-11-25T10:00:00+07:00 >/dev/null 2>&1
run "$CDS" dossier "$T/sub-ev.json" --parts "$T/parts-ev" --out "$T/dossier-ev.zip"
if [ "$rc" = 0 ] && has "$T/out" "2 tệp kiểm chứng" && has "$T/out" "9 phần số liệu"; then ok "dossier --parts: the agencies' evidence comes from the parts folder"; else bad "dossier parts evidence"; fi
run "$CDS" verify "$T/dossier-ev.zip" --trust "$T/trust.json"
if [ "$rc" = 0 ] && has "$T/out" "2/2 tệp kiểm chứng khớp" && has "$T/out" "9 phần số liệu có chữ ký của các cơ quan khớp"; then ok "verify: the province's dossier with the agency's evidence"; else bad "verify dossier with part evidence"; fi
# The same part twice, as .json (named to sort first) and as its dossier: the dossier is kept.
mkdir -p "$T/mix"; cp "$T"/in3/*.json "$T/mix/"; cp "$T/cctk.part.zip" "$T/mix/"
python3 -c 'import sys,zipfile; open(sys.argv[2],"wb").write(zipfile.ZipFile(sys.argv[1]).read("part.json"))' "$T/cctk.part.zip" "$T/mix/AAA.part.json"
run "$CDS" merge "$R" "$T/mix" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/m-mix.json" --resolve 1.4/so_tin_bai=BPTTH
if [ "$rc" = 0 ] && grep -q "\[nhận\] cctk.part.zip.*2/2 tệp kiểm chứng khớp" "$T/out" && grep -q "\[bản sao\] AAA.part.json" "$T/out"; then
  ok "merge: of a part sent as .json and as .zip, the dossier with its files is kept"; else bad "merge json+zip copy"; fi
# A stale part in the --parts folder is not packed.
mkdir -p "$T/stale"; cp "$T/parts-ev"/*.json "$T/stale/"; cp -r "$T/parts-ev/evidence" "$T/stale/"; cp "$T/ev1.part.json" "$T/stale/zz-old.json"
run "$CDS" dossier "$T/sub-ev.json" --parts "$T/stale" --out "$T/dossier-stale.zip"
if [ "$rc" = 0 ] && has "$T/err" "Bỏ qua 1" && [ "$(python3 -c 'import sys,zipfile; print(sum(n.startswith("parts/") for n in zipfile.ZipFile(sys.argv[1]).namelist()))' "$T/dossier-stale.zip")" = 9 ]; then
  ok "dossier --parts: a part the submission does not name is left out"; else bad "dossier stale part"; fi
run "$CDS" verify "$T/dossier-stale.zip"
if [ "$rc" = 0 ] && ! has "$T/out" "thừa"; then ok "verify: parts/ is not counted as extra evidence"; else bad "verify parts extra"; fi
mkdir -p "$T/returned"; cp "$T/parts-ev"/*.json "$T/returned/"; ls "$T/returned"/[Cc][Cc][Tt][Kk]_*.json >/dev/null && rm "$T/returned"/[Cc][Cc][Tt][Kk]_*.json; cp "$T/cctk.part.zip" "$T/returned/"
run "$CDS" dossier "$T/sub-ev.json" --parts "$T/returned" --out "$T/dossier-ev2.zip"
if [ "$rc" = 0 ] && "$CDS" verify "$T/dossier-ev2.zip" --trust "$T/trust.json" >/dev/null 2>&1 && [ "$(ls "$T/returned" | wc -l)" = 9 ]; then ok "dossier --parts: the returned part dossiers as they came"; else bad "dossier from returned zips"; fi

# 9. The same mechanism for a rubric whose document assigns nothing: a commune's party committee
#    splits NQ57 among its departments with an assignment file; the rubric file stays as published.
N="$ROOT/assets/rubrics/nhuthanh-2026-nq57.json"
NFULL="$ROOT/tests/golden/nhuthanh-2026-nq57/full.answers.json"
for who in VP UBND; do
  "$CDS" keygen --out "$T/$who.key" --passphrase-file "$T/pass" --unit-code "$who" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1
  "$CDS" pubkey "$T/$who.key" --out "$T/$who.pub" >/dev/null 2>&1
done
run "$CDS" packet "$N" --all --unit-code NHUTHANH --deadline 2026-06-19T09:00:00+07:00 --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/x" --time 2026-06-10T08:00:00+07:00
if [ "$rc" = 1 ] && has "$T/err" "cds assignment"; then ok "packet: a rubric that assigns nothing says how to split it"; else bad "packet without split"; fi
run "$CDS" assignment "$N" --template --out "$T/plan.json"
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
p = json.load(open(f"{t}/plan.json", encoding="utf-8"))
assert p["format"] == "cds-assignment/1" and len(p["criteria"]) == 38, p.keys()
p["agencies"] = [{"id": "VP", "name": "Văn phòng Đảng ủy xã"}, {"id": "UBND", "name": "Ủy ban nhân dân xã"}]
ids = list(p["criteria"])
for i, c in enumerate(ids):
    p["criteria"][c] = [] if i < 2 else (["VP"] if i < 10 else ["UBND"])   # the first two stay the office's own
json.dump(p, open(f"{t}/plan.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
bad = json.loads(json.dumps(p)); bad["criteria"][ids[3]] = ["BTG"]
json.dump(bad, open(f"{t}/plan-bad.json", "w", encoding="utf-8"), ensure_ascii=False)
other = json.loads(json.dumps(p)); other["rubric"]["version"] = "1999.1"
json.dump(other, open(f"{t}/plan-other.json", "w", encoding="utf-8"), ensure_ascii=False)
trust = json.load(open(f"{t}/trust.json"))
trust["agencies"] = [{"code": a, "name": a, "keys": [{"public_key": json.load(open(f"{t}/{a}.pub"))["public_key"]}]} for a in ("VP", "UBND")]
trust["units"] = [{"code": "NHUTHANH", "name": "Đảng ủy xã Như Thanh", "keys": trust["units"][0]["keys"]}]
json.dump(trust, open(f"{t}/trust-nq57.json", "w"))
PY
run "$CDS" assignment "$N" "$T/plan.json"
if [ "$rc" = 0 ] && has "$T/out" "Văn phòng Đảng ủy xã (VP): 8 chỉ số" && has "$T/out" "Văn phòng tự điền: 2/38"; then ok "assignment: the plan checked, each department's part printed"; else bad "assignment check"; fi
run "$CDS" assignment "$N" "$T/plan-bad.json"
if [ "$rc" = 1 ] && has "$T/err" "assignment.agency"; then ok "assignment: an undeclared department is refused"; else bad "assignment bad"; fi
run "$CDS" packet "$N" --all --assignment "$T/plan-other.json" --unit-code NHUTHANH --deadline 2026-06-19T09:00:00+07:00 --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/x"
if [ "$rc" = 1 ] && has "$T/err" "assignment.rubric"; then ok "packet: a plan for another rubric version is refused"; else bad "packet plan other"; fi
run "$CDS" packet "$R" --all --assignment "$T/plan.json" --unit-code X --deadline 2026-06-19T09:00:00+07:00 --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/x"
if [ "$rc" = 1 ] && has "$T/err" "assignment.rubric"; then ok "packet: a plan for NQ57 does not split Vĩnh Long"; else bad "packet plan on vinhlong"; fi
run "$CDS" packet "$N" --all --assignment "$T/plan.json" --unit-code NHUTHANH --unit-name "Đảng ủy xã Như Thanh" --period 2026 --deadline 2026-06-19T09:00:00+07:00 \
  --office-name "Văn phòng Đảng ủy" --key "$T/office.key" --passphrase-file "$T/pass" --out-dir "$T/npk" --time 2026-06-10T08:00:00+07:00
if [ "$rc" = 0 ] && [ "$(ls "$T/npk" | wc -l)" = 2 ]; then ok "packet --assignment: a packet per department"; else bad "packet with plan"; fi
NP() { ls "$T/npk"/*_"$(echo "$1" | tr 'A-Z' 'a-z')"_*.packet.json; }
mkdir -p "$T/nin"
for a in VP UBND; do
  "$CDS" part "$(NP $a)" --template --out "$T/n$a.json" >/dev/null 2>&1
  python3 - "$T/n$a.json" "$NFULL" <<'PY'
import json, sys
d, full = json.load(open(sys.argv[1], encoding="utf-8")), json.load(open(sys.argv[2], encoding="utf-8"))
for c in d["inputs"]:
    for i in d["inputs"][c]:
        d["inputs"][c][i] = full["inputs"].get(c, {}).get(i)
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
  "$CDS" part "$(NP $a)" "$T/n$a.json" --key "$T/$a.key" --passphrase-file "$T/pass" --out "$T/nin/$a.part.json" --time 2026-06-15T09:00:00+07:00 >"$T/out" 2>"$T/err" || bad "part $a (NQ57)"
done
run "$CDS" part "$(NP VP)" --show
if [ "$rc" = 0 ] && has "$T/out" "Văn phòng Đảng ủy xã"; then ok "part --show: a department's packet from a split"; else bad "part show split"; fi
run "$CDS" verify "$T/nin/VP.part.json" --trust "$T/trust-nq57.json"
if [ "$rc" = 0 ] && has "$T/out" "tệp phân công"; then ok "verify: a part of a split rubric (scope left to the merge, said so)"; else bad "verify split part"; fi
python3 - "$T" "$NFULL" <<'PY'
import json, sys
t, full = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
ids = list(full["inputs"])
plan = json.load(open(f"{t}/plan.json", encoding="utf-8"))
own = [c for c, l in plan["criteria"].items() if not l]
b = {"format": "cds-answers/1", "rubric": full["rubric"], "unit": {"code": "NHUTHANH", "name": "Đảng ủy xã Như Thanh"}, "period": "2026",
     "inputs": {c: full["inputs"][c] for c in own if c in full["inputs"]}}
json.dump(b, open(f"{t}/nbase.json", "w", encoding="utf-8"), ensure_ascii=False)
f2 = dict(full); f2["unit"] = b["unit"]; f2["period"] = "2026"
json.dump(f2, open(f"{t}/nfull.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
run "$CDS" merge "$N" "$T/nin" --packets "$T/npk" --trust "$T/trust-nq57.json" --base "$T/nbase.json" --out "$T/nmerged.json" --parts-out "$T/nparts"
if [ "$rc" = 0 ] && has "$T/out" "2/2 phần được nhận" && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["provenance"]["assignment"]["format"]=="cds-assignment/1" else 1)' "$T/nmerged.json"; then
  ok "merge: the split comes from the packets and is recorded in the provenance"; else bad "merge split"; fi
"$CDS" score "$N" "$T/nmerged.json" --json > "$T/ns1.json" 2>/dev/null; "$CDS" score "$N" "$T/nfull.json" --json > "$T/ns2.json" 2>/dev/null
python3 - "$T/ns1.json" "$T/ns2.json" <<'PY' && ok "NQ57 merged from two departments and the office scores as the whole form" || bad "NQ57 merged score"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sys.exit(0 if a["total"] == b["total"] and [c["score"] for c in a["criteria"]] == [c["score"] for c in b["criteria"]] and a["total"] > 0 else 1)
PY
run "$CDS" merge "$N" "$T/nin" --trust "$T/trust-nq57.json" --base "$T/nbase.json" --out "$T/nm2.json"
if [ "$rc" = 1 ] && has "$T/out" "TỪ CHỐI"; then ok "merge: without packets or --assignment a split rubric's parts cannot be placed"; else bad "merge split without plan"; fi
run "$CDS" merge "$N" "$T/nin" --assignment "$T/plan.json" --trust "$T/trust-nq57.json" --base "$T/nbase.json" --out "$T/nm3.json"
if [ "$rc" = 0 ] && cmp -s "$T/nm3.json" "$T/nmerged.json"; then ok "merge --assignment: the same bytes as from the packets"; else bad "merge --assignment"; fi
run "$CDS" merge "$N" "$T/nin" --packets "$T/npk" --assignment "$T/plan.json" --trust "$T/trust-nq57.json" --base "$T/nbase.json" --out "$T/nm4.json"
if [ "$rc" = 0 ] && cmp -s "$T/nm4.json" "$T/nmerged.json"; then ok "merge: --assignment beside packets carrying the same split"; else bad "merge --assignment + packets"; fi
python3 - "$T/plan.json" "$T/plan-moved.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8")); k = [c for c, l in p["criteria"].items() if l == ["UBND"]][0]; p["criteria"][k] = ["VP"]
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run "$CDS" merge "$N" "$T/nin" --packets "$T/npk" --assignment "$T/plan-moved.json" --trust "$T/trust-nq57.json" --base "$T/nbase.json" --out "$T/nm5.json"
if [ "$rc" = 1 ] && has "$T/err" "khác cách chia phần mà các phiếu"; then ok "merge: an --assignment other than the packets' split is refused"; else bad "merge other assignment"; fi
run "$CDS" progress "$N" --packets "$T/npk" --trust "$T/trust-nq57.json" --now 2026-06-20T08:00:00+07:00
if [ "$rc" = 0 ] && has "$T/out" "A.III.1.1" && has "$T/out" "19/06/2026 09:00" && has "$T/out" "20/06/2026 08:00"; then
  ok "progress: NQ57's repeated codes named by id, times at the offset the office wrote"; else bad "progress labels/time"; fi
"$CDS" submit "$N" "$T/nmerged.json" --key "$T/office.key" --passphrase-file "$T/pass" --out "$T/nsub.json" --time 2026-06-18T10:00:00+07:00 >/dev/null 2>&1
run "$CDS" dossier "$T/nsub.json" --parts "$T/nparts" --out "$T/ndossier.zip"
if [ "$rc" = 0 ]; then ok "dossier --parts for the commune"; else bad "dossier split"; fi
run "$CDS" verify "$T/ndossier.zip" --trust "$T/trust-nq57.json"
if [ "$rc" = 0 ] && has "$T/out" "2 phần số liệu có chữ ký của các cơ quan khớp"; then ok "verify: the next level checks a split rubric's chain"; else bad "verify split chain"; fi
# The recorded split edited to give VP a criterion UBND answered: the provenance no longer holds.
python3 - "$T/nmerged.json" "$T/nmerged-edit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
cr = d["provenance"]["assignment"]["criteria"]
k = [c for c, l in cr.items() if l == ["UBND"]][0]
cr[k] = ["VP"]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$CDS" submit "$N" "$T/nmerged-edit.json" --key "$T/office.key" --passphrase-file "$T/pass" --out "$T/nsub2.json" --time 2026-06-18T10:00:00+07:00 >/dev/null 2>&1
"$CDS" dossier "$T/nsub2.json" --parts "$T/nparts" --out "$T/ndossier2.zip" >"$T/out" 2>"$T/err"; rc=$?
if [ "$rc" = 1 ] && has "$T/err" "part.outside"; then ok "dossier: a recorded split that disagrees with the parts is refused"; else bad "dossier edited split"; fi

# 10. Two agencies leading one criterion each attach a different file of the same name: both reach
#     the province's dossier ("Bao cao.pdf", "Bao cao (2).pdf").
mkdir -p "$T/same/b" "$T/same/t" "$T/same/in"
printf 'BPTTH bao cao' > "$T/same/b/x.pdf"; printf 'TCVNCL bao cao khac' > "$T/same/t/x.pdf"
for a in BPTTH TCVNCL; do
  d=$([ $a = BPTTH ] && echo b || echo t)
  python3 - "$T/$a.answers.json" "$T/same/$d/x.pdf" "$T/same/$a.json" <<'PY'
import json, sys, hashlib
d = json.load(open(sys.argv[1], encoding="utf-8")); b = open(sys.argv[2], "rb").read()
d["evidence"] = {"1.4": [{"kind": "file", "name": "Báo cáo.pdf", "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}]}
json.dump(d, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
PY
  "$CDS" part "$(P $a)" "$T/same/$a.json" --key "$T/$a.key" --passphrase-file "$T/pass" --out "$T/same/in/$a.part.json" --evidence "$T/same/$d" --time 2026-11-15T09:00:00+07:00 >/dev/null 2>&1 || bad "part $a same-name"
done
run "$CDS" merge "$R" "$T/same/in" --trust "$T/trust.json" --packets "$T/packets" --base "$T/office.answers.json" --out "$T/same/m.json" --resolve 1.4/so_tin_bai=BPTTH --parts-out "$T/same/po"
if [ "$rc" = 0 ] && [ -s "$T/same/po/evidence/1.4/Bao cao.pdf" ] && [ -s "$T/same/po/evidence/1.4/Bao cao (2).pdf" ]; then ok "merge --parts-out: two files of one name kept apart"; else bad "parts-out same name"; ls -R "$T/same/po"; fi
"$CDS" submit "$R" "$T/same/m.json" --key "$T/office.key" --passphrase-file "$T/pass" --out "$T/same/s.json" --time 2026-11-25T10:00:00+07:00 >/dev/null 2>&1
run "$CDS" dossier "$T/same/s.json" --parts "$T/same/po" --out "$T/same/d.zip"
if [ "$rc" = 0 ] && "$CDS" verify "$T/same/d.zip" --trust "$T/trust.json" > "$T/out" 2>&1 && has "$T/out" "2/2 tệp kiểm chứng khớp"; then ok "dossier and verify: both same-named files"; else bad "same-name dossier"; fi

echo "$n checks, $fails failure(s)"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# Dossiers through the command line: `cds dossier` packs a signed submission with 0, 1 and 30
# evidence files (Vietnamese, clashing and hostile names), `cds verify` checks each file against the
# signed SHA-256 (a changed, a missing and an extra file; loose files beside a plain submission),
# and hostile ZIPs are refused with a message and no crash: path traversal, absolute and drive-letter
# names, a ZIP bomb (honest and lying directory), encryption, damage, every byte of the central
# directory flipped; at the office, each criterion's evidence (present, missing, changed, only
# named) and the points claimed without evidence, in criteria.csv, report.json/html/xlsx.
#   dossier_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$(readlink -f "$1")"; ROOT="$(cd "$2" && pwd)"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0; n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; sed 's/^/    | /' "$T/out" "$T/err" 2>/dev/null | head -16; fails=$((fails+1)); }
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -qF -- "$2" "$1"; }
R="$ROOT/assets/rubrics/soctrang-2023-thidua-xa.json"
A="$ROOT/tests/golden/soctrang-2023-thidua-xa/mixed.answers.json"
printf 'mưa đầu mùa hạ năm nay\n' > "$T/pass"
cd "$T" || exit 2
"$CDS" keygen --out "$T/prep.key" --passphrase-file "$T/pass" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1

# Evidence files and answers naming them: none, one, thirty (a file cited by two criteria, two
# files of one name in one criterion, Vietnamese names, a Windows device name, a traversal name).
python3 - "$T" "$A" <<'PY'
import hashlib, json, os, sys
t, a = sys.argv[1], sys.argv[2]
base = json.load(open(a, encoding="utf-8"))
os.makedirs(t + "/ev/sub", exist_ok=True)
def item(name, data, where):
    p = t + "/ev/" + where
    open(p, "wb").write(data)
    return {"kind": "file", "name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
def answers(ev, out):
    d = dict(base); d["evidence"] = ev
    json.dump(d, open(t + "/" + out, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
answers({}, "a0.json")
answers({"1": [item("Quyết định số 12/QĐ-UBND.pdf", b"%PDF-1.4 one\n", "one.pdf")]}, "a1.json")
ev = {}
k = 0
names = ["Báo cáo số %d/BC-UBND.pdf", "Ảnh chụp màn hình %d.png", "Kế hoạch %d.docx"]
for c in range(1, 11):
    lst = []
    for j in range(3):
        k += 1
        nm = names[j] % k
        lst.append(item(nm, ("evidence %d for criterion %d\n" % (k, c)).encode() * (k * 7), "sub/f%02d.bin" % k))
    ev[str(c)] = lst
# 30 distinct files so far; the same file again under criterion 11 (stored once), a clash, odd names
ev["11"] = [dict(ev["1"][0])]
ev["2"][1]["name"] = ev["2"][0]["name"]           # two files of one name in one criterion
ev["3"][0]["name"] = "CON.pdf"
ev["3"][1]["name"] = "../../../etc/passwd"
ev["3"][2]["name"] = "C:\\Windows\\x.ini"
answers(ev, "a30.json")
PY
for k in 0 1 30; do
  "$CDS" submit "$R" "$T/a$k.json" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$T/s$k.json" --time 2026-06-18T10:05:00+07:00 >/dev/null 2>&1 \
    || { echo "cannot sign a$k"; exit 1; }
done

# --- packing ---
run "$CDS" dossier "$T/s0.json" --out "$T/d0.zip"
[ "$rc" = 0 ] && [ -s "$T/d0.zip" ] && has "$T/out" "Còn " && ok "dossier with no evidence: written, room left under 25 MB told" || bad "d0: exit $rc"
run "$CDS" dossier "$T/s1.json" --out "$T/x.zip"
[ "$rc" = 2 ] && has "$T/err" "--evidence" && [ ! -e "$T/x.zip" ] && ok "evidence named but no --evidence: exit 2, nothing written" || bad "no --evidence: exit $rc"
run "$CDS" dossier "$T/s1.json" --evidence "$T/ev" --out "$T/d1.zip"
[ "$rc" = 0 ] && ok "dossier with one evidence file" || bad "d1: exit $rc"
run "$CDS" dossier "$T/s30.json" --evidence "$T/ev" --out "$T/d30.zip"
[ "$rc" = 0 ] && ok "dossier with thirty evidence files" || bad "d30: exit $rc"
python3 - "$T" > "$T/names" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1] + "/d30.zip")
for i in z.infolist(): print(i.filename, i.compress_type, i.date_time)
PY
[ "$(wc -l < "$T/names")" = 31 ] && ok "31 entries: submission.json + 30 distinct files (a file cited twice is stored once)" || bad "entries: $(wc -l < "$T/names")"
head -1 "$T/names" | grep -q '^submission.json 0 (2026, 6, 18, 10, 5, 0)' && ok "submission.json first, stored, dated by the submission's own time" || bad "first entry: $(head -1 "$T/names")"
has "$T/names" "evidence/1/Bao cao so 1-BC-UBND.pdf" && python3 -c "import sys,zipfile; assert 'evidence/1/Quyet dinh so 12-QD-UBND.pdf' in zipfile.ZipFile(sys.argv[1]).namelist()" "$T/d1.zip" && has "$T/names" "evidence/2/Bao cao so 4-BC-UBND (2).pdf" && has "$T/names" "evidence/3/_CON.pdf" \
  && has "$T/names" "evidence/3/etc-passwd" && has "$T/names" "evidence/3/C-Windows-x.ini" \
  && ok "names folded to safe ASCII: clash (2), device name, traversal and drive letter defused" || { bad "names"; cat "$T/names"; }
! grep -qv '^[ -~]*$' "$T/names" && ok "every entry name is plain ASCII" || bad "non-ASCII names"
cmp -s "$T/s30.json" <(python3 -c "import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read('submission.json'))" "$T/d30.zip") \
  && ok "submission.json holds the signed file byte for byte" || bad "submission bytes differ"
run "$CDS" dossier "$T/s30.json" --evidence "$T/ev" --out "$T/d30b.zip"
cmp -s "$T/d30.zip" "$T/d30b.zip" && ok "the same files give the same dossier bytes" || bad "dossier bytes not reproducible"
mkdir -p "$T/ev-less" && cp "$T"/ev/sub/f0[1-5].bin "$T/ev-less/"
run "$CDS" dossier "$T/s30.json" --evidence "$T/ev-less" --out "$T/partial.zip"
[ "$rc" = 1 ] && has "$T/err" "evidence.missing" && [ ! -e "$T/partial.zip" ] && ok "files not found: exit 1, each named, nothing written" || bad "partial: exit $rc"
run "$CDS" dossier "$T/d30.zip" --out "$T/y.zip"
[ "$rc" = 2 ] && ok "a dossier given to dossier: exit 2 with a message" || bad "zip in: exit $rc"

# --- verifying ---
for k in 0 1 30; do
  run "$CDS" verify "$T/d$k.zip"
  [ "$rc" = 0 ] && has "$T/out" "HỢP LỆ" && ok "verify d$k.zip: valid" || bad "verify d$k: exit $rc"
done
has "$T/out" "30/30 tệp kiểm chứng khớp" && ok "verify tells 30/30 evidence files match" || bad "30/30 not told"
run "$CDS" verify "$T/d30.zip" --json
python3 -c "import json,sys; e=json.load(open(sys.argv[1]))['evidence']; assert e['present']==30 and e['missing']==0 and e['changed']==0 and e['extra']==[], e" "$T/out" \
  && ok "verify --json: evidence present 30, none missing, changed or extra" || bad "verify --json evidence"

# A changed, a missing and an extra file (re-zipped by someone else, deflated).
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
src = zipfile.ZipFile(t + "/d30.zip")
names = [i.filename for i in src.infolist()]
with zipfile.ZipFile(t + "/edited.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for nm in names:
        data = src.read(nm)
        if nm == names[1]: data = data[:-1] + b"X"       # changed
        if nm == names[2]: continue                       # missing
        z.writestr(nm, data)
    z.writestr("evidence/extra/notes.txt", b"not signed\n")  # extra
with zipfile.ZipFile(t + "/moved.zip", "w", zipfile.ZIP_DEFLATED) as z:  # every file elsewhere, other order
    for nm in reversed(names):
        z.writestr(nm if nm == "submission.json" else "khac/" + nm.replace("/", "_"), src.read(nm))
PY
run "$CDS" verify "$T/edited.zip"
[ "$rc" = 1 ] && has "$T/out" "28/30 tệp kiểm chứng khớp: thiếu 1, bị thay 1, thừa 1" && has "$T/out" "đã bị thay" && has "$T/out" "thiếu" \
  && ok "changed, missing and extra files: exit 1, each told" || bad "edited: exit $rc"
run "$CDS" verify "$T/moved.zip"
[ "$rc" = 0 ] && has "$T/out" "30/30" && ok "files re-zipped elsewhere and deflated still match by SHA-256" || bad "moved: exit $rc"
run "$CDS" verify "$T/s30.json" --evidence "$T/ev"
[ "$rc" = 0 ] && has "$T/out" "30/30" && ok "loose files beside a plain submission matched by SHA-256" || bad "loose: exit $rc"
run "$CDS" verify "$T/s30.json" --evidence "$T/ev-less"
[ "$rc" = 1 ] && has "$T/out" "5/30" && ok "loose files, 25 missing: exit 1" || bad "loose missing: exit $rc"
run "$CDS" verify "$T/s30.json"
[ "$rc" = 0 ] && ! has "$T/out" "tệp kiểm chứng khớp" && ok "a plain submission without --evidence verifies as before" || bad "plain: exit $rc"
# Points claimed with no evidence (s0 names none; s30 names files for criteria 1–11): warned, not refused.
run "$CDS" verify "$T/s0.json" --json
python3 - "$T/out" "$T/a0.json" "$ROOT/assets/rubrics/soctrang-2023-thidua-xa.json" > "$T/bare.txt" <<'PY'
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
print(j["ok"] if "ok" in j else "", len(j["unsupported"]), sorted(int(u["criterion"]) for u in j["unsupported"]))
PY
[ "$rc" = 0 ] && grep -q "^True [1-9]" "$T/bare.txt" && ok "verify --json lists criteria claiming points without evidence ($(cat "$T/bare.txt")), exit 0" || { bad "unsupported: exit $rc"; cat "$T/bare.txt"; }
run "$CDS" verify "$T/s30.json" --json
python3 -c "import json,sys; u=json.load(open(sys.argv[1]))['unsupported']; assert all(int(x['criterion'])>11 for x in u), u" "$T/out" \
  && ok "criteria that name evidence are not warned" || bad "s30 unsupported"

# --- hostile ZIPs ---
python3 - "$T" <<'PY'
import struct, sys, zipfile, zlib
t = sys.argv[1]
sub = zipfile.ZipFile(t + "/d1.zip").read("submission.json")
def z(name, entries, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(t + "/" + name, "w", method) as f:
        for n, d in entries: f.writestr(n, d)
for i, evil in enumerate(["../evil.txt", "evidence/../../evil.txt", "/etc/passwd", "C:/Windows/evil.ini", "evidence\\..\\evil.txt", "evidence//x"]):
    z("trav%d.zip" % i, [("submission.json", sub), (evil, b"x")])
z("nosub.zip", [("evidence/1/a.pdf", b"x")])
z("deepsub.zip", [("khac/submission.json", sub)])
z("twosub.zip", [("submission.json", sub), ("submission.json", sub)])
z("bomb.zip", [("submission.json", sub), ("evidence/1/zeros.bin", b"\0" * (20 << 20))], zipfile.ZIP_DEFLATED)
# a lying directory: a small declared size for a large deflated stream
z("liar.zip", [("submission.json", sub), ("evidence/1/zeros.bin", b"\0" * (3 << 20))], zipfile.ZIP_DEFLATED)
b = bytearray(open(t + "/liar.zip", "rb").read())
for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    at = b.find(sig)
    while at >= 0:
        if struct.unpack_from("<I", b, at + off)[0] == 3 << 20: struct.pack_into("<I", b, at + off, 1000)
        at = b.find(sig, at + 4)
open(t + "/liar.zip", "wb").write(bytes(b))
# encryption flag and an unknown method, set in the central directory and local header
for name, off, val in (("enc.zip", 8, 1), ("method.zip", 10, 12)):
    b = bytearray(open(t + "/d1.zip", "rb").read())
    for sig, o in ((b"PK\x03\x04", off - 2), (b"PK\x01\x02", off)):
        at = b.find(sig); struct.pack_into("<H", b, at + o, val)
    open(t + "/" + name, "wb").write(bytes(b))
d = open(t + "/d1.zip", "rb").read()
open(t + "/cut.zip", "wb").write(d[: len(d) // 2])
open(t + "/empty.zip", "wb").write(b"PK\x05\x06" + b"\0" * 18)
PY
for i in 0 1 2 3 4 5; do
  run "$CDS" verify "$T/trav$i.zip"
  [ "$rc" = 1 ] && has "$T/out" "dossier.name" && ok "traversal/absolute/drive-letter name $i refused (dossier.name)" || bad "trav$i: exit $rc"
done
run "$CDS" verify "$T/nosub.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.no_submission" && ok "no submission.json: refused" || bad "nosub: exit $rc"
run "$CDS" verify "$T/deepsub.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.no_submission" && ok "submission.json not at the top: refused" || bad "deepsub: exit $rc"
run "$CDS" verify "$T/twosub.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.duplicate" && ok "two submission.json: refused" || bad "twosub: exit $rc"
run "$CDS" verify "$T/bomb.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.bomb" && ok "ZIP bomb (20 MiB of zeros in 20 KB) refused before inflating" || bad "bomb: exit $rc"
# (minizip itself stops at the declared size; the CRC then fails: refused as damaged after 1,000 bytes)
run "$CDS" verify "$T/liar.zip"; [ "$rc" = 1 ] && { has "$T/out" "dossier.bomb" || has "$T/out" "dossier.damaged"; } && ok "a directory that lies about the size: refused while inflating" || bad "liar: exit $rc"
run "$CDS" verify "$T/enc.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.encrypted" && ok "encrypted entry refused" || bad "enc: exit $rc"
run "$CDS" verify "$T/method.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.method" && ok "unknown compression method refused" || bad "method: exit $rc"
run "$CDS" verify "$T/cut.zip"; [ "$rc" = 1 ] && has "$T/out" "dossier.not_zip" && ok "a dossier cut in half: not a readable ZIP" || bad "cut: exit $rc"
run "$CDS" verify "$T/empty.zip"; [ "$rc" = 1 ] && { has "$T/out" "dossier.no_submission" || has "$T/out" "dossier.not_zip"; } && ok "an empty ZIP: refused with a message" || bad "empty: exit $rc"

# Every byte of d1.zip's central directory and end record changed: never a crash, never "valid"
# with wrong evidence (the signed submission decides).
crashes=0; valid_wrong=0; t0=$(date +%s%N)
size=$(stat -c %s "$T/d1.zip"); cd_at=$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); print(d.find(b'PK\x01\x02'))" "$T/d1.zip")
python3 - "$T/d1.zip" "$cd_at" "$T/flip" <<'PY'
import os, sys
d = open(sys.argv[1], "rb").read(); os.makedirs(sys.argv[3], exist_ok=True)
for i in range(int(sys.argv[2]), len(d)):
    b = bytearray(d); b[i] ^= 0x41; open("%s/%06d.zip" % (sys.argv[3], i), "wb").write(b)
PY
for f in "$T"/flip/*.zip; do
  "$CDS" verify "$f" >"$T/out" 2>"$T/err"; rc=$?
  [ "$rc" -gt 2 ] && crashes=$((crashes+1))
  [ "$rc" = 0 ] && ! has "$T/out" "1/1 tệp kiểm chứng khớp" && valid_wrong=$((valid_wrong+1))
done
echo "# flipped $((size-cd_at)) bytes in $(( ($(date +%s%N)-t0)/1000000 )) ms"
[ "$crashes" = 0 ] && ok "$((size-cd_at)) flipped directory bytes: no crash" || bad "$crashes crashes"
[ "$valid_wrong" = 0 ] && ok "no flipped dossier passes without its evidence matching" || bad "$valid_wrong passed with wrong evidence"

# --- the intake: dossiers beside plain files ---
mkdir -p "$T/in" && cp "$T/d30.zip" "$T/edited.zip" "$T/trav0.zip" "$T/s1.json" "$T/in/"
run "$CDS" aggregate "$T/in" --out "$T/rep"
[ "$rc" = 1 ] && [ -s "$T/rep/intake.csv" ] && ok "aggregate reads a folder of dossiers and plain files (exit 1: one file is invalid)" || bad "aggregate: exit $rc"
python3 - "$T/rep/intake.csv" "$T/rep/report.json" > "$T/ev.txt" <<'PY'
import csv, io, json, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read()), delimiter=";"))
col = rows[0].index("Tài liệu kiểm chứng (hồ sơ)")
for r in rows[1:]: print(r[0].rsplit("/", 1)[-1], "|", r[col], "|", r[2])
for f in json.load(open(sys.argv[2], encoding="utf-8"))["files"]: print("json", f["file"].rsplit("/", 1)[-1], f.get("evidence"))
PY
has "$T/ev.txt" "d30.zip | 30/30 tệp kiểm chứng khớp |" && has "$T/ev.txt" "edited.zip | 28/30 tệp kiểm chứng khớp: thiếu 1, bị thay 1, thừa 1 |" \
  && has "$T/ev.txt" "s1.json |  |" && ok "intake.csv: each dossier's evidence tally, nothing for a plain file" || { bad "intake evidence column"; cat "$T/ev.txt"; }
grep -q "trav0.zip |  | Không hợp lệ" "$T/ev.txt" && ok "a hostile dossier is an invalid intake line, not a stop" || { bad "trav0 in intake"; cat "$T/ev.txt"; }
has "$T/ev.txt" "json d30.zip {'changed': 0, 'extra': 0, 'missing': 0, 'named': 30, 'present': 30}" && ok "report.json: the tally per dossier" || { bad "report.json evidence"; cat "$T/ev.txt"; }

# Two copies of one signed submission: the dossier with every file is kept, even with the longer name.
mkdir -p "$T/dup" && cp "$T/d30.zip" "$T/dup/ho-so-day-du.zip" && cp "$T/edited.zip" "$T/dup/a.zip"
run "$CDS" aggregate "$T/dup" --out "$T/rep2"
python3 - "$T/rep2/report.json" > "$T/dup.txt" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1], encoding="utf-8"))["files"]: print(f["file"].rsplit("/", 1)[-1], f["status"], f["counted_file"].rsplit("/", 1)[-1])
PY
grep -q "^a.zip duplicate ho-so-day-du.zip" "$T/dup.txt" && grep -q "^ho-so-day-du.zip valid" "$T/dup.txt" \
  && ok "of two copies, the dossier whose evidence is complete counts (before the shorter name)" || { bad "duplicate choice"; cat "$T/dup.txt"; }

# --- evidence per criterion at the office: criteria.csv, report.html, report.json, report.xlsx ---
# A dossier (XA-HS) naming two files and a document for criterion 1 and one file for criterion 2,
# re-zipped with criterion 1's second file changed and criterion 2's file gone; a plain .json
# (XA-TH) naming one file; points claimed without evidence flagged as `cds verify` warns.
python3 - "$T" "$A" <<'PY'
import hashlib, json, os, sys
t, a = sys.argv[1], sys.argv[2]
base = json.load(open(a, encoding="utf-8"))
os.makedirs(t + "/ev2", exist_ok=True)
def item(name, data, where):
    open(t + "/ev2/" + where, "wb").write(data)
    return {"kind": "file", "name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
f1 = item("Quyết định số 5/QĐ-UBND.pdf", b"%PDF-1.4 qd5\n", "qd5.pdf")
f2 = item("Ảnh chụp cổng.png", b"PNG cong\n", "anh.png")
f3 = item("Báo cáo quý.docx", b"DOCX bao cao\n", "bc.docx")
ref = {"kind": "ref", "number": "12/KH-UBND", "date": "2026-03-05", "title": "Kế hoạch chuyển đổi số", "link": ""}
for code, name, ev in (("XA-HS", "UBND xã Hồ Sơ", {"1": [f1, f2, ref], "2": [f3]}), ("XA-TH", "UBND xã Thư", {"1": [f1]})):
    d = dict(base); d["unit"] = dict(base.get("unit", {}), code=code, name=name); d["evidence"] = ev
    json.dump(d, open(t + "/" + code + ".answers.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
"$CDS" submit "$R" "$T/XA-HS.answers.json" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$T/hs.json" --time 2026-06-18T11:00:00+07:00 >/dev/null 2>&1 \
  && "$CDS" submit "$R" "$T/XA-TH.answers.json" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$T/th.json" --time 2026-06-18T11:05:00+07:00 >/dev/null 2>&1 \
  && "$CDS" dossier "$T/hs.json" --evidence "$T/ev2" --out "$T/hs.zip" >/dev/null 2>&1 || { echo "cannot make the evidence intake"; exit 1; }
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
src = zipfile.ZipFile(t + "/hs.zip")
with zipfile.ZipFile(t + "/hs-edited.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for nm in src.namelist():
        data = src.read(nm)
        if nm.endswith(".png"): data += b"edited"     # criterion 1's picture: changed
        if nm.endswith(".docx"): continue              # criterion 2's report: missing
        z.writestr(nm, data)
PY
for s in hs th; do "$CDS" verify "$T/$s.json" --json > "$T/$s.verify.json" 2>/dev/null; done
mkdir -p "$T/in3" && cp "$T/hs-edited.zip" "$T/th.json" "$T/in3/"
run "$CDS" aggregate "$T/in3" --out "$T/rep3"
python3 - "$T/rep3" "$T" "$ROOT/tests/cli" > "$T/crit.txt" 2>&1 <<'PY'
import csv, io, json, sys
rep, t = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3]); import xlsx_rows
rows = list(csv.reader(io.StringIO(open(rep + "/criteria.csv", encoding="utf-8-sig").read()), delimiter=";"))
h = rows[0]; ev = h.index("Tài liệu kiểm chứng")
assert h[ev - 1] == "Nguồn số liệu", h
cell = {(r[h.index("Mã đơn vị")], r[h.index("Mã tiêu chí")]): r[ev] for r in rows[1:]}
assert cell[("XA-HS", "1")] == "Quyết định số 5/QĐ-UBND.pdf (có trong hồ sơ); Ảnh chụp cổng.png (bị thay, khác tệp đã ký); văn bản 12/KH-UBND", cell[("XA-HS", "1")]
assert cell[("XA-HS", "2")] == "Báo cáo quý.docx (thiếu trong hồ sơ)", cell[("XA-HS", "2")]
assert cell[("XA-TH", "1")] == "Quyết định số 5/QĐ-UBND.pdf (chỉ kê tên, không gửi kèm)", cell[("XA-TH", "1")]
# The flag: exactly the criteria `cds verify --json` lists as claiming points without evidence.
flag = "Có điểm nhưng chưa kèm tài liệu kiểm chứng"
for code, f in (("XA-HS", "hs"), ("XA-TH", "th")):
    want = sorted(u["criterion"] for u in json.load(open(t + "/" + f + ".verify.json", encoding="utf-8"))["unsupported"])
    got = sorted(c for (u, c), v in cell.items() if u == code and v.startswith(flag))
    assert want and got == want, (code, got, want)
# report.json: the same per criterion, with each file's state.
j = json.load(open(rep + "/report.json", encoding="utf-8"))
units = {u["unit"]["code"]: {c["id"]: c for c in u["criteria"]} for g in j["rubrics"] for u in g["ranking"]}
assert [e.get("state", e["kind"]) for e in units["XA-HS"]["1"]["evidence"]] == ["present", "changed", "ref"], units["XA-HS"]["1"]
assert units["XA-HS"]["2"]["evidence"][0]["state"] == "missing" and units["XA-TH"]["1"]["evidence"][0]["state"] == "named"
assert all(c.get("unsupported", False) == cell[(u, cid)].startswith(flag) for u, cs in units.items() for cid, c in cs.items())
# report.xlsx: the criteria sheet's evidence column holds the same cells.
x = xlsx_rows.rows(rep + "/report.xlsx", "Tiêu chí")
xh = x[0]
assert xh[-1] == "Tài liệu kiểm chứng", xh
assert {(r[xh.index("Mã đơn vị")], r[xh.index("Mã tiêu chí")]): r[-1] or "" for r in x[1:]} == cell
# report.html: under each criterion on the unit's page, and the dossier's tally.
html = open(rep + "/report.html", encoding="utf-8").read()
for s in ("Tài liệu kiểm chứng: Quyết định số 5/QĐ-UBND.pdf (có trong hồ sơ); Ảnh chụp cổng.png (<span class=\"warn\">bị thay, khác tệp đã ký</span>); văn bản 12/KH-UBND",
          "Báo cáo quý.docx (<span class=\"warn\">thiếu trong hồ sơ</span>)", "Quyết định số 5/QĐ-UBND.pdf (chỉ kê tên, không gửi kèm)",
          "Hồ sơ .zip: 1/3 tệp kiểm chứng khớp: thiếu 1, bị thay 1.", "Bài nộp .json kê tên 1 tệp kiểm chứng nhưng không gửi kèm"):
    assert s in html, s
assert html.count("⚠ " + flag) == sum(1 for v in cell.values() if v.startswith(flag)), html.count("⚠ " + flag)
print(sum(1 for v in cell.values() if v.startswith(flag)))
PY
[ $? = 0 ] && ok "evidence per criterion: present, changed, missing, only named, a document, $(tail -1 "$T/crit.txt") criteria flagged as cds verify warns; criteria.csv, report.json, report.xlsx and report.html agree" \
  || { bad "evidence per criterion (aggregate exit $rc)"; cat "$T/crit.txt"; }

echo "# $n checks, $fails failed"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# The hostile review of signed files, each reproducer as a check that stays: relabelled and replayed
# signatures through `verify` and `aggregate`, refused roles and times, bytes after a NUL, changes
# files of the wrong kind, writes that fail half-way, key file permissions, unreadable intake
# entries, and the shapes that once stalled every reader (their times are printed, not asserted).
#   signed_files_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$(readlink -f "$1")"; ROOT="$(cd "$2" && pwd)"
T="$(mktemp -d)"; trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0; n=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; sed 's/^/    | /' "$T/err" 2>/dev/null | head -12; fails=$((fails+1)); }
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -qF -- "$2" "$1"; }
R="$ROOT/assets/rubrics/soctrang-2023-thidua-xa.json"
A="$ROOT/tests/golden/soctrang-2023-thidua-xa/mixed.answers.json"
printf 'mưa đầu mùa hạ năm nay\n' > "$T/pass"
cd "$T" || exit 2

# Keys: preparer, head, and a stranger; key files are private.
for k in prep head other; do run "$CDS" keygen --out "$T/$k.key" --passphrase-file "$T/pass" --kdf-memory 1 --kdf-passes 1; done
[ "$(stat -c %a "$T/prep.key")" = 600 ] && ok "keygen writes the secret key file 0600" || bad "key file mode $(stat -c %a "$T/prep.key")"
[ -z "$(find "$T" -name '*.tmp')" ] && ok "keygen leaves no temporary file" || bad "temporary files: $(find "$T" -name '*.tmp')"
sign() { "$CDS" submit "$R" "$A" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$1" --time "$2" >/dev/null 2>&1; }
sign "$T/sub.json" 2026-11-23T08:15:00+07:00
cp "$T/sub.json" "$T/countersigned.json"
run "$CDS" countersign "$T/countersigned.json" --key "$T/head.key" --passphrase-file "$T/pass"
[ "$rc" = 0 ] && ok "the head countersigns" || bad "countersign exit $rc"
run "$CDS" verify "$T/countersigned.json"
[ "$rc" = 0 ] && ok "a countersigned file verifies" || bad "countersigned file: exit $rc"

# 3. countersign --role bogus: refused, the file untouched.
before="$(sha256sum < "$T/sub.json")"
run "$CDS" countersign "$T/sub.json" --key "$T/head.key" --passphrase-file "$T/pass" --role bogus
[ "$rc" = 2 ] && [ "$(sha256sum < "$T/sub.json")" = "$before" ] && ok "countersign --role bogus: exit 2, file unchanged" || bad "countersign --role bogus: exit $rc"
has "$T/err" '"bogus"' && ok "the refused role is named" || bad "role not named"
run "$CDS" countersign "$T/countersigned.json" --key "$T/other.key" --passphrase-file "$T/pass"
[ "$rc" = 1 ] && has "$T/err" "signature.order" && ok "a second head is refused" || bad "second head: exit $rc"
run "$CDS" countersign "$T/sub.json" --key "$T/prep.key" --passphrase-file "$T/pass"
[ "$rc" = 1 ] && has "$T/err" "signature.duplicate_key" && [ "$(sha256sum < "$T/sub.json")" = "$before" ] && ok "the preparer's key cannot countersign its own file" || bad "same key: exit $rc"

# 4. submit --time not-a-time: refused, no file.
run "$CDS" submit "$R" "$A" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$T/badtime.json" --time not-a-time
[ "$rc" = 2 ] && [ ! -e "$T/badtime.json" ] && ok "submit --time not-a-time: exit 2, nothing written" || bad "submit bad time: exit $rc"
run "$CDS" submit "$R" "$A" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$T/x.json" --role head
[ "$rc" = 2 ] && has "$T/err" "countersign" && ok "submit --role head is refused and points at countersign" || bad "submit --role head: exit $rc"

# 2. Relabelled and replayed signatures, and the meaning-preserving re-spellings of 5.
python3 - "$T" <<'PY'
import json, re, sys
t = sys.argv[1]
sub = open(t + "/sub.json", encoding="utf-8").read()
two = open(t + "/countersigned.json", encoding="utf-8").read()
def lay(d):  # cds' layout for ASCII keys: sorted, two spaces, final newline
    return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
d = json.loads(sub); d["signatures"][0]["role"] = "head"; open(t + "/relabel.json", "w").write(lay(d))
d = json.loads(sub); c = dict(d["signatures"][0]); c["role"] = "head"; d["signatures"].append(c); open(t + "/replay.json", "w").write(lay(d))
d = json.loads(two); d["signatures"].reverse(); open(t + "/swapped.json", "w").write(lay(d))
d = json.loads(sub); d["signatures"][0]["comment"] = "x"; open(t + "/sigmember.json", "w").write(lay(d))
open(t + "/eight.json", "w").write(re.sub(r'"max": (\d+),', r'"max": \1.0,', sub, count=1))
open(t + "/negzero.json", "w").write(sub.replace('"score": 0,', '"score": -0.0,', 1))
assert open(t + "/negzero.json").read() != sub
d = json.loads(sub); d["signed"]["created"] = "not-a-time"; open(t + "/notime.json", "w").write(lay(d))
open(t + "/nul.json", "wb").write(sub.encode() + b"\0junk{{")
PY
for c in relabel:signature.order replay:signature.duplicate_key swapped:signature.order sigmember:signature.members \
         eight:submission.layout negzero:submission.layout notime:envelope.time nul:json.nul; do
  f="${c%%:*}"; code="${c#*:}"
  run "$CDS" verify "$T/$f.json"
  [ "$rc" = 1 ] && has "$T/out" "[$code]" && ok "verify refuses $f with [$code]" || { cp "$T/out" "$T/err"; bad "verify $f: exit $rc, [$code] not shown"; }
done
has "$T/out" "Chi tiết kỹ thuật / Technical details" && ok "the codes come under the technical heading" || bad "no technical heading"
# Vietnamese output is Vietnamese only (the plain account before the technical heading); English when asked.
run "$CDS" verify "$T/relabel.json"
plain_part="$(sed '/^Chi tiết kỹ thuật/,$d' "$T/out")"
if grep -qiE '\b(the|signature|preparer|head|invalid|signed)\b|\[[0-9]+\]|[0-9]\.[0-9]|T[0-9]{2}:[0-9]{2}' <<<"$plain_part"; then bad "English or machine text in the Vietnamese account: $plain_part"; else ok "the Vietnamese account has no English or machine text"; fi
has "$T/out" "Thứ tự chữ ký sai" && ok "the reason in plain Vietnamese" || bad "no plain reason"
run "$CDS" verify "$T/relabel.json" --lang en
has "$T/out" "out of order" && ! has "$T/out" "Thứ tự chữ ký" && ok "--lang en: the account in English" || bad "--lang en: not English"

# The office: the fake "countersigned" copy next to the genuine one.
mkdir -p "$T/in"; cp "$T/replay.json" "$T/countersigned.json" "$T/sub.json" "$T/in/"
run "$CDS" aggregate "$T/in" --out "$T/rep"
python3 - "$T/rep/report.json" "$T/head.key" <<'PY' && ok "aggregate: the replayed copy is invalid, the genuine countersigned file counts, signed by the head's key" || { fails=$((fails+1)); echo "FAIL - aggregate of the replayed copy"; }
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
head = json.load(open(sys.argv[2]))["key_id"]
by = {f["file"].split("/")[-1]: f for f in r["files"]}
assert by["replay.json"]["status"] == "invalid", by["replay.json"]
assert by["countersigned.json"]["status"] == "valid", by["countersigned.json"]
assert by["sub.json"]["status"] == "duplicate", by["sub.json"]
assert any(s.startswith("head ") and s.endswith(head) for s in by["countersigned.json"]["signers"]), by["countersigned.json"]["signers"]
PY

# 4. A file whose time is not a time never supersedes a correctly timed newer one.
sign "$T/newer.json" 2026-11-24T08:15:00+07:00
mkdir -p "$T/in2"; cp "$T/notime.json" "$T/newer.json" "$T/sub.json" "$T/in2/"
run "$CDS" aggregate "$T/in2" --out "$T/rep2"
python3 - "$T/rep2/report.json" <<'PY' && ok "aggregate: a bad time is invalid; the newest instant counts" || { fails=$((fails+1)); echo "FAIL - aggregate by instant"; }
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
by = {f["file"].split("/")[-1]: f["status"] for f in r["files"]}
assert by == {"notime.json": "invalid", "newer.json": "valid", "sub.json": "superseded"}, by
PY

# 6. Bytes after a NUL, in every file kind; a changes file must say what it is.
printf '\0junk{{' | cat "$R" - > "$T/rubric-nul.json"
run "$CDS" lint "$T/rubric-nul.json"; [ "$rc" = 1 ] && has "$T/err" "json.nul" && ok "a rubric with NUL and junk appended is refused" || bad "rubric NUL: exit $rc"
printf '\0junk' | cat "$A" - > "$T/answers-nul.json"
run "$CDS" score "$R" "$T/answers-nul.json"; [ "$rc" = 1 ] && has "$T/err" "json.nul" && ok "answers with NUL appended are refused" || bad "answers NUL: exit $rc"
printf '{"format": "cds-trust/1", "units": []}\0{{' > "$T/trust-nul.json"
run "$CDS" verify "$T/sub.json" --trust "$T/trust-nul.json"; [ "$rc" = 2 ] && has "$T/err" "json.nul" && ok "a trust list with NUL appended is refused" || bad "trust NUL: exit $rc"
echo '{"changes": [{"criterion": "1", "score": 1, "reason": "x"}]}' > "$T/nofmt.json"
run "$CDS" appraise "$T/sub.json" --changes "$T/nofmt.json" --key "$T/other.key" --passphrase-file "$T/pass" --out "$T/ap.json"
[ "$rc" = 1 ] && has "$T/err" "appraisal.changes_format" && [ ! -e "$T/ap.json" ] && ok "a changes file without its format is refused" || bad "changes without format: exit $rc"
cp "$T/sub.json" "$T/as-changes.json"
run "$CDS" appraise "$T/sub.json" --changes "$T/as-changes.json" --key "$T/other.key" --passphrase-file "$T/pass" --out "$T/ap.json"
[ "$rc" = 1 ] && has "$T/err" "appraisal.changes_format" && ok "a submission given as a changes file is refused" || bad "submission as changes: exit $rc"

# 7. Failed writes leave nothing behind.
mkdir -p "$T/outdir"
run "$CDS" template "$R" --out "$T/outdir"
[ "$rc" = 2 ] && [ -z "$(ls -A "$T/outdir")" ] && [ -z "$(find "$T" -name '*.tmp')" ] && ok "template --out <folder>: refused, no temporary file" || bad "template to a folder: exit $rc"
run "$CDS" submit "$R" "$A" --key "$T/prep.key" --passphrase-file "$T/pass" --out "$T/outdir"
[ "$rc" = 2 ] && [ -z "$(find "$T" -name '*.tmp')" ] && ok "submit --out <folder>: refused, no signed temporary file" || bad "submit to a folder: exit $rc"
run "$CDS" aggregate "$T/in" --out "$T/rep3"
cp -r "$T/rep3" "$T/rep3.before"
echo '{"format": "cds-appraisal/2"}' > "$T/in/zz-extra.json"   # changes the report set
# A file-size limit makes the bigger reports fail half-way (EFBIG instead of SIGXFSZ).
( trap '' XFSZ; ulimit -f 8; exec "$CDS" aggregate "$T/in" --out "$T/rep3" ) >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 2 ] && diff -r "$T/rep3" "$T/rep3.before" >/dev/null && ok "aggregate that cannot write one report leaves the old report set whole" || bad "partial report set: exit $rc; $(diff -rq "$T/rep3" "$T/rep3.before" | head -3)"
[ -z "$(find "$T" -maxdepth 1 -name '.rep3*')" ] && [ -z "$(find "$T" -name '*.tmp')" ] && ok "and no temporary folder or file" || bad "left behind: $(find "$T" -maxdepth 1 -name '.rep3*')"
rm -f "$T/in/zz-extra.json"
echo mine > "$T/rep3/notes.txt"
run "$CDS" aggregate "$T/in" --out "$T/rep3"
[ "$rc" = 2 ] && [ -f "$T/rep3/notes.txt" ] && ok "aggregate refuses an --out folder holding other files, and keeps them" || bad "foreign --out folder: exit $rc"

# 10. Messages: a huge number is named, not echoed; unreadable intake entries get a line each.
python3 -c "print('{\"format\": \"cds-answers/1\", \"x\": 1' + '0' * 100000 + '}')" > "$T/bignum.json"
run "$CDS" score "$R" "$T/bignum.json"
[ "$rc" = 1 ] && has "$T/err" "json.number_too_large" && [ "$(wc -c < "$T/err")" -lt 2000 ] && ok "a 100,000-digit number: named in a short message" || bad "big number: exit $rc, $(wc -c < "$T/err") bytes"
mkdir -p "$T/in4"; cp "$T/sub.json" "$T/in4/"
ln -s "$T/in4/loop-b.json" "$T/in4/loop-a.json"; ln -s "$T/in4/loop-a.json" "$T/in4/loop-b.json"
ln -s "$T/nowhere.json" "$T/in4/dangling.json"
run "$CDS" aggregate "$T/in4" --out "$T/rep4"
python3 - "$T/rep4/intake.csv" <<'PY' && ok "a link loop and a dangling link each get an intake.csv line with the reason" || { fails=$((fails+1)); echo "FAIL - unreadable entries in intake.csv"; cat "$T/rep4/intake.csv" | head; }
import sys
rows = open(sys.argv[1], encoding="utf-8-sig").read()
assert "dangling.json" in rows and "không có tệp" in rows, rows
assert "loop-a.json" in rows and "vòng lặp" in rows, rows
PY
run "$CDS" verify "$T/in4/loop-a.json"
[ "$rc" = 2 ] && has "$T/err" "vòng lặp" && ok "verify of a link loop says so (not 'no such file')" || bad "loop: exit $rc"

# 1. The shapes that stalled every reader: read in well under a second (printed, not asserted).
for shape in members objects; do
  python3 - "$T/$shape.json" "$shape" <<'PY'
import sys
n = 80000
body = ",".join('"k%d":%s' % (i, "{}" if sys.argv[2] == "objects" else "1") for i in range(n))
open(sys.argv[1], "w").write("{" + body + "}")
PY
  s0=$(date +%s%N); run "$CDS" verify "$T/$shape.json"; ms=$(( ($(date +%s%N) - s0) / 1000000 ))
  [ "$rc" = 1 ] && ok "verify of 80,000 $shape in one object answers (exit 1)" || bad "80k $shape: exit $rc"
  echo "FIGURE verify-80k-$shape ${ms} ms ($(wc -c < "$T/$shape.json") bytes)"
done

echo "1..$n"
[ "$fails" = 0 ] && echo "all checks passed" || echo "$fails check(s) FAILED"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# The hostile-input corpus through the command line: every case of tests/hostile/cases.json with the
# command that reads that kind of file. The exit code must be 1 (invalid input) or 2 (usage / the
# trust list), never a crash (≥ 128); stderr or stdout names the expected message code and carries
# Vietnamese text first.
#   hostile_cli_test.sh <path to cds> <repository root>
set -uo pipefail
CDS="$1"; ROOT="$2"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
H="$ROOT/tests/hostile"
R="$ROOT/assets/rubrics/soctrang-2023-thidua-tinh.json"
printf 'sai mật khẩu\n' > "$T/wrong"; printf 'mưa đầu mùa\n' > "$T/right"
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(t + "/deep-array", "w").write("[" * 100000 + "]" * 100000)
open(t + "/deep-object", "w").write('{"a":' * 100000 + "1" + "}" * 100000)
with open(t + "/big-50mb", "w") as f:
    f.write('{"format": "cds-submission/1", "padding": "'); f.write("x" * (50 * 1024 * 1024)); f.write('"}')
with open(t + "/marks-1m", "w", encoding="utf-8") as f:
    f.write('{"format": "cds-answers/1", "rubric": {"id": "soctrang-2023-thidua-tinh", "version": "2023.1"}, "unit": {"name": "a')
    f.write("\u0301\u0323" * 500000); f.write('", "code": "XA-MARKS"}, "inputs": {}}')
with open(t + "/appraisal-chain-100k", "w") as f:
    f.write('{"format": "cds-appraisal/3", "signatures": [], "signed": {"level": 2, "previous": {"signed_sha256": "00", "file": ' * 100000)
    f.write("{}" + "}}}" * 100000)
PY
python3 - "$H/cases.json" > "$T/cases.txt" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["cases"]:
    if c["as"] in ("number", "date"): continue
    src = c.get("file") or c.get("generate")
    assert "|" not in c.get("vi", "")
    print("|".join([c["as"], src, "file" if "file" in c else "gen", c.get("code") or "-", "1" if c.get("warning") else "0", c.get("vi", "")]))
PY
fails=0; n=0
while IFS='|' read -r as src where code warn vi; do
  [ "$code" = - ] && code=""
  f="$H/$src"; [ "$where" = gen ] && f="$T/$src"
  case "$as" in
    answers|answers-score) cmd=("$CDS" score "$R" "$f") ;;
    rubric|rubric-lint) cmd=("$CDS" lint "$f") ;;
    submission|appraisal) cmd=("$CDS" verify "$f") ;;
    key) cmd=("$CDS" pubkey "$f") ;;
    key-open) cmd=("$CDS" submit "$R" "$ROOT/tests/golden/soctrang-2023-thidua-tinh/mixed.answers.json" --key "$f" --passphrase-file "$T/wrong" --out "$T/x.json") ;;
    trust) cmd=("$CDS" verify "$H/submission-good.json" --trust "$f") ;;
    packet) cmd=("$CDS" part "$f" --show) ;;
    part) cmd=("$CDS" merge "$ROOT/assets/rubrics/vinhlong-2025-dti-tinh.json" "$f" --trust "$H/parts-trust.json" --packets "$H/packet-good.json" --out "$T/merged.json") ;;
    changes) cmd=("$CDS" appraise "$H/submission-good.json" --changes "$f" --key "$H/key-good-cheap-kdf.json" --passphrase-file "$T/right" --out "$T/a.json") ;;
    *) echo "FAIL - unknown kind $as"; fails=$((fails+1)); continue ;;
  esac
  n=$((n+1))
  "${cmd[@]}" >"$T/out" 2>"$T/err"; got=$?
  want="1"; [ "$as" = trust ] && want="2"
  # Files that load (control cases, warnings only) may exit 0 where nothing else is wrong.
  if [ -z "$code" ] || [ "$warn" = 1 ]; then want="0|1"; fi
  if [ "$got" -ge 128 ]; then echo "FAIL - $src ($as): crashed (exit $got)"; fails=$((fails+1)); continue; fi
  if ! [[ "$got" =~ ^($want)$ ]]; then echo "FAIL - $src ($as): exit $got, want $want"; sed 's/^/    /' "$T/err" | head -5; fails=$((fails+1)); continue; fi
  if [ -n "$code" ] && ! grep -qF "[$code]" "$T/err" "$T/out" && ! grep -qF "\"$code\"" "$T/out"; then
    # The score table prints criterion messages without codes: accept the Vietnamese text instead.
    if [ -z "$vi" ] || ! grep -qF -- "$vi" "$T/err" "$T/out"; then
      echo "FAIL - $src ($as): message [$code] not shown"; sed 's/^/    /' "$T/err" "$T/out" | head -8; fails=$((fails+1)); continue
    fi
  fi
  echo "ok - $src ($as): exit $got${code:+, [$code]}"
done < "$T/cases.txt"
echo "$n cases, $fails failure(s)"
[ "$fails" = 0 ]

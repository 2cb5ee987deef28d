#!/usr/bin/env bash
# Generated intakes through `cds aggregate`: every file's classification must be what cds-gen meant
# it to be (manifest.json), every missing unit listed, for a rubric with cross-unit criteria (Vĩnh
# Long) and one without (Sóc Trăng DTI, communes). Shares of tampered, superseded and duplicate
# files are raised so that every kind appears.
#   gen_aggregate_test.sh <bin dir> <repository root>
set -uo pipefail
BIN="$1"; ROOT="$2"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
fails=0
for rubric in vinhlong-2025-dti-tinh soctrang-2022-dti-xa; do
  D="$T/$rubric"
  "$BIN/cds-gen" --rubric "$ROOT/assets/rubrics/$rubric.json" --n 60 --out "$D/in" --seed 7 \
      --tampered 0.15 --untrusted 0.05 --superseded 0.1 --duplicates 0.1 --missing 0.05 --quiet || { echo "FAIL - cds-gen $rubric"; fails=$((fails+1)); continue; }
  mv "$D/in/trust.json" "$D/trust.json"; mv "$D/in/manifest.json" "$D/manifest.json"
  "$BIN/cds" aggregate "$D/in" --trust "$D/trust.json" --out "$D/out" --json > "$D/report.json" 2> "$D/err"
  code=$?
  if [ "$code" = 1 ]; then echo "ok - $rubric: aggregate exits 1 (some files invalid)"; else echo "FAIL - $rubric: exit $code"; fails=$((fails+1)); fi
  python3 - "$D/manifest.json" "$D/report.json" "$rubric" <<'PY' || fails=$((fails+1))
import json, os, sys
m = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2])); name = sys.argv[3]
got = {os.path.basename(f["file"]): f for f in r["files"]}
bad = []
kinds = set()
for f in m["files"]:
    g = got.get(f["file"])
    kinds.add(f["expect"] + ":" + f["why"])
    if g is None: bad.append((f["file"], "not in report")); continue
    if g["status"] != f["expect"]: bad.append((f["file"], f["expect"], f["why"], g["status"]))
    if f["expect"] == "invalid" and not g["problems"]: bad.append((f["file"], "invalid without a reason"))
assert not bad, bad[:10]
assert len(got) == len(m["files"]), (len(got), len(m["files"]))
want_missing = set(m["missing"]) | {f["unit_code"] for f in m["files"] if f["expect"] == "invalid"}
assert {x["code"] for x in r["missing"]} == want_missing, sorted(want_missing ^ {x["code"] for x in r["missing"]})
for k in ("invalid:tampered-score", "invalid:score-mismatch", "invalid:garbage", "superseded:earlier-version", "duplicate:copy"):
    assert k in kinds, (k, kinds)
rk = r["rubrics"][0]["ranking"]
assert len(rk) == r["counts"]["valid"] and all(rk[i]["total"]["final"] >= rk[i+1]["total"]["final"] for i in range(len(rk)-1))
print(f"ok - {name}: {len(m['files'])} files classified as generated, {len(r['missing'])} missing units, {len(rk)} ranked")
if name.startswith("vinhlong"):
    cu = r["rubrics"][0]["cross_unit"][0]
    assert cu["criterion"] == "7.5" and cu["units_with_value"] > 0 and cu["intake_best"] > 0, cu
    assert "reference" not in cu, cu  # nothing supplied: each unit keeps the reference it entered
    c75 = lambda u: next(c for c in u["criteria"] if c["id"] == "7.5")
    same = sum(1 for u in rk if c75(u)["appraised"] == c75(u)["self"])
    assert same == len(rk), f"without --references 7.5 must stay as self-assessed: {same}/{len(rk)}"
    print(f"ok - {name}: 7.5 across {cu['units_with_value']} provinces stays self-assessed; intake best {cu['intake_best']} is information only")
PY
  if [ "$rubric" = vinhlong-2025-dti-tinh ]; then
    best=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rubrics"][0]["cross_unit"][0]["intake_best"])' "$D/report.json")
    printf '{"format":"cds-references/1","references":[{"rubric":"vinhlong-2025-dti-tinh","criterion":"7.5","value":%s,"source":"test"}]}' "$best" > "$D/refs.json"
    "$BIN/cds" aggregate "$D/in" --trust "$D/trust.json" --references "$D/refs.json" --out "$D/out-ref" --json > "$D/report-ref.json" 2>> "$D/err"
    python3 - "$D/report-ref.json" <<'PY' || fails=$((fails+1))
import json, sys
r = json.load(open(sys.argv[1]))
g = r["rubrics"][0]; cu = g["cross_unit"][0]
assert cu["reference"] == cu["intake_best"] and cu["reference_source"] == "test" and cu["units_above_reference"] == 0, cu
c75 = lambda u: next(c for c in u["criteria"] if c["id"] == "7.5")
top = [u for u in g["ranking"] if u["unit"]["code"] == cu["intake_best_unit"]["code"]]
assert top and c75(top[0])["appraised"] == 30, top[:1]
assert all(0 <= c75(u)["appraised"] <= 30 for u in g["ranking"])
print(f"ok - vinhlong-2025-dti-tinh: with --references {cu['reference']} every province is rescored; {cu['intake_best_unit']['code']} (the best) gets 30")
PY
  fi
done
echo "$fails failure(s)"
[ "$fails" = 0 ]

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
    assert cu["criterion"] == "7.5" and cu["units_with_value"] > 0 and cu["best"] > 0, cu
    best = max(rk, key=lambda u: next(c for c in u["criteria"] if c["id"] == "7.5")["appraised"])
    assert next(c for c in best["criteria"] if c["id"] == "7.5")["appraised"] == 30, best["unit"]
    print(f"ok - {name}: 7.5 finalised across {cu['units_with_value']} provinces, best {cu['best']} ({cu['best_unit']['code']}) gets 30")
PY
done
echo "$fails failure(s)"
[ "$fails" = 0 ]

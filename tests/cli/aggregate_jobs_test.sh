#!/usr/bin/env bash
# `cds aggregate --jobs N`: the files are checked and the reports written on N threads, and every
# report is the same bytes whatever N (results are merged in the order of the files). One intake of
# generated submissions (valid, tampered, untrusted, superseded, duplicate) aggregated with 1, 2
# and 3 jobs; SOURCE_DATE_EPOCH fixes the report's time.
#   aggregate_jobs_test.sh <bin dir> <repository root>
set -uo pipefail
BIN="$1"; ROOT="$2"
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1795000000
fails=0
"$BIN/cds-gen" --rubric "$ROOT/assets/rubrics/vinhlong-2025-dti-tinh.json" --n 120 --out "$T/in" --seed 11 \
    --tampered 0.1 --untrusted 0.05 --superseded 0.1 --duplicates 0.1 --missing 0.05 --quiet || { echo "FAIL - cds-gen"; exit 1; }
mv "$T/in/trust.json" "$T/trust.json"; rm -f "$T/in/manifest.json"
# Five files of 15 MiB in a row among them: more bytes than the checking threads may hold at once (64 MiB),
# so some threads wait for the files before theirs to be taken, and the order must hold all the same.
for k in 1 2 3 4 5; do
  { printf '{"format":"cds-submission/1","padding":"'; head -c 15728640 /dev/zero | tr '\0' 'a'; printf '"}'; } > "$T/in/tinh-00050-big-$k.json"
done
for j in 1 2 3; do
  "$BIN/cds" aggregate "$T/in" --trust "$T/trust.json" --jobs "$j" --out "$T/out" > "$T/stdout-$j" 2> "$T/stderr-$j"
  echo "$?" > "$T/code-$j"
  mv "$T/out" "$T/out-$j"
done
for j in 2 3; do
  for f in report.json report.csv criteria.csv intake.csv report.html report.xlsx; do
    if cmp -s "$T/out-1/$f" "$T/out-$j/$f"; then echo "ok - --jobs $j: $f identical to --jobs 1"
    else echo "FAIL - --jobs $j: $f differs from --jobs 1"; fails=$((fails+1)); fi
  done
  if cmp -s "$T/stdout-1" "$T/stdout-$j" && cmp -s "$T/code-1" "$T/code-$j"; then echo "ok - --jobs $j: same summary and exit code"
  else echo "FAIL - --jobs $j: summary or exit code differs"; fails=$((fails+1)); fi
done
# --threads, the option's older name, still works.
"$BIN/cds" aggregate "$T/in" --trust "$T/trust.json" --threads 2 --out "$T/out-t" > /dev/null 2>&1
if cmp -s "$T/out-1/report.json" "$T/out-t/report.json"; then echo "ok - --threads 2 gives the same report"; else echo "FAIL - --threads"; fails=$((fails+1)); fi
"$BIN/cds" aggregate "$T/in" --jobs zero --out "$T/out-bad" > /dev/null 2>&1
if [ "$?" = 2 ]; then echo "ok - --jobs zero is a usage error"; else echo "FAIL - --jobs zero"; fails=$((fails+1)); fi
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }

# tools/lib.sh — sourced by the set-up scripts (setup, fetch-sources, build-sodium-wasm, make-font).
#
# Gives every script the same two guarantees:
#   1. No command fails silently. `set -Eeuo pipefail` plus an ERR trap: whatever fails, the user reads
#      which step was running, the command, where, its exit code, and what to do (CDS_HINT).
#   2. Every step says what it is doing and roughly how long it takes (`step`), and how long it took.
#
# Usage (at the top of a script):
#   CDS_TOOL=fetch-sources; . "$(dirname "$0")/lib.sh"
#   step "Debian source packages" "about 30 s the first time" "re-run; check the network"
# What it does NOT do: retry, or hide output. A helper that may fail on purpose must say so with
# `|| true` or an `if`, so that the failure of the unexpected kind still stops the script.
set -Eeuo pipefail

CDS_TOOL="${CDS_TOOL:-$(basename "$0")}"
CDS_STEP="${CDS_STEP:-}"
CDS_HINT="${CDS_HINT:-}"
_cds_step_t0=$(date +%s)

log() { printf '[%s] %s\n' "$CDS_TOOL" "$*" >&2; }

# die MESSAGE [WHAT-TO-DO]: a failure the script recognised. Names the step and what to do.
die() {
  trap - ERR
  printf '[%s] LỖI / ERROR%s: %s\n' "$CDS_TOOL" "${CDS_STEP:+ (bước / step: $CDS_STEP)}" "$1" >&2
  local hint="${2:-$CDS_HINT}"
  [ -z "$hint" ] || printf '[%s] Cách xử lý / What to do: %s\n' "$CDS_TOOL" "$hint" >&2
  exit 1
}

# The ERR trap: a failure the script did not foresee. In a subshell or command substitution it exits
# quietly; the enclosing command fails in turn and is reported once, by the outer shell.
_cds_on_err() {
  local rc=$1 cmd=$2 line=$3
  trap - ERR
  if [ "${BASH_SUBSHELL:-0}" -gt 0 ]; then exit "$rc"; fi
  printf '[%s] LỖI / ERROR%s: lệnh / command `%s` (%s, dòng / line %s) thoát với mã / exited with %s\n' \
    "$CDS_TOOL" "${CDS_STEP:+ (bước / step: $CDS_STEP)}" "$cmd" "$(basename "$0")" "$line" "$rc" >&2
  [ -z "$CDS_HINT" ] || printf '[%s] Cách xử lý / What to do: %s\n' "$CDS_TOOL" "$CDS_HINT" >&2
  exit "$rc"
}
trap '_cds_on_err $? "$BASH_COMMAND" $LINENO' ERR

# Ctrl-C: say that a re-run continues where this one stopped.
_cds_on_int() {
  trap - ERR INT TERM
  printf '\n[%s] Đã dừng / interrupted%s. Chạy lại cùng lệnh để tiếp tục / run the same command again to resume.\n' \
    "$CDS_TOOL" "${CDS_STEP:+ (bước / step: $CDS_STEP)}" >&2
  exit 130
}
trap _cds_on_int INT TERM

# step NAME ESTIMATE HINT: announces a step (what, how long) and sets the hint shown if it fails.
step() {
  CDS_STEP="$1"; CDS_HINT="${3:-}"
  _cds_step_t0=$(date +%s)
  log "$1${2:+ — $2}"
}

# step_done [DETAIL]: how long the current step took.
step_done() {
  log "  xong / done: $CDS_STEP ($(( $(date +%s) - _cds_step_t0 )) s)${1:+; $1}"
}

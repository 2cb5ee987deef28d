#!/usr/bin/env bash
# The install path that only a bare machine takes, exercised on every CI run although CI machines
# already have every package. tools/setup and its helpers run from a copy of the repository's tools
# with stand-in dpkg-query, dpkg, apt-get, sudo, id, npm, emcc, emconfigure, emmake, dpkg-source
# and autoreconf first on PATH; the real commands of those names are hidden (PATH is a mirror of
# the real one without them). Every stand-in writes what it was asked to a log that the checks read.
#
#   setup_test.sh <repository root>
set -uo pipefail
SRC_ROOT="$(cd "$1" && pwd)"
T="$(mktemp -d)"; trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0; n=0
REAL_SRC="${CDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cds}/src"   # the Debian sources tools/setup fetched
ok() { n=$((n+1)); echo "ok $n - $1"; }
bad() { n=$((n+1)); echo "FAIL $n - $1"; [ -f "$T/out" ] && sed 's/^/    | /' "$T/out" | tail -25; fails=$((fails+1)); }
contains() { if grep -qF -- "$2" "$1"; then ok "$3"; else bad "$3: '$2' not found"; fi; }
lacks() { if grep -qF -- "$2" "$1"; then bad "$3: '$2' found"; else ok "$3"; fi; }

NATIVE_PKGS="build-essential cmake make pkg-config git ca-certificates xz-utils dpkg-dev python3 unicode-data nlohmann-json3-dev libsodium-dev libmimalloc-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev"
WEB_PKGS="emscripten nodejs npm python3-fonttools fonts-noto-core chromium librsvg2-bin binaryen procps autoconf automake libtool"
ENGINE_PKGS="firefox-esr xvfb webkit2gtk-driver"

# ---- a mirror of PATH without the commands the stand-ins replace ----
HIDE="sudo dpkg-query dpkg apt-get apt apt-cache node nodejs npm npx emcc emar emconfigure emmake dpkg-source autoreconf id"
SYS="$T/sys"; mkdir -p "$SYS"
IFS=: read -ra dirs <<<"$PATH"
# The first of each name on PATH, linked in one `ln` (one process per link took 9 s of the test's
# 65 on an idle machine, far more with other tests running).
declare -A seen=(); links=()
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    b="${f##*/}"; [ -z "${seen[$b]:-}" ] && [ -x "$f" ] && [ ! -d "$f" ] && { seen[$b]=1; links+=("$f"); }
  done
done
[ ${#links[@]} -gt 0 ] && ln -s -t "$SYS" -- "${links[@]}"
REAL_ID="$(command -v id)"; REAL_DPKG="$(command -v dpkg || true)"; REAL_DPKG_SOURCE="$(command -v dpkg-source || true)"
for h in $HIDE; do rm -f "$SYS/$h"; done

# ---- stand-ins (each case picks which ones are on PATH) ----
STANDINS="$T/standins"; mkdir -p "$STANDINS"
cat >"$STANDINS/dpkg-query" <<'EOF'
#!/bin/bash
# dpkg-query -W -f=FORMAT PKG…: answers from $FAKE_DB ("name status words" per line); unknown
# packages give an error and exit code 1, as the real one does.
echo "dpkg-query $*" >>"$FAKE_LOG"
rc=0
for a in "$@"; do
  case "$a" in -*) continue ;; esac
  line="$(grep -m1 "^$a " "$FAKE_DB" 2>/dev/null)"
  if [ -n "$line" ]; then echo "$line"; else echo "dpkg-query: no packages found matching $a" >&2; rc=1; fi
done
exit $rc
EOF
cat >"$STANDINS/apt-get" <<'EOF'
#!/bin/bash
# install: records the packages as installed in $FAKE_DB (unless FAKE_APT_FAIL or FAKE_APT_NOOP);
# source: copies the pinned files from $FAKE_MIRROR into the current folder.
echo "apt-get $*" >>"$FAKE_LOG"
# FAKE_BUSY=FILE: each call holds FILE.d for a moment and notes in FILE when another call holds it
# (two apt-get runs at once on the same lists).
if [ -n "${FAKE_BUSY:-}" ]; then
  mkdir "$FAKE_BUSY.d" 2>/dev/null || echo "overlap: apt-get $*" >>"$FAKE_BUSY"
  sleep 0.3; rmdir "$FAKE_BUSY.d" 2>/dev/null || true
fi
args=(); for a in "$@"; do case "$a" in -*|Dir::*|Debug::*|DPkg::*) ;; *) args+=("$a") ;; esac; done
case "${args[0]:-}" in
  update) exit 0 ;;
  install)
    [ -n "${FAKE_APT_FAIL:-}" ] && { echo "E: Unable to locate package something"; exit 100; }
    [ -n "${FAKE_APT_NOOP:-}" ] && exit 0
    for p in "${args[@]:1}"; do
      sed -i "/^$p /d" "$FAKE_DB"; echo "$p install ok installed" >>"$FAKE_DB"; echo "Setting up $p (1.0) ..."
    done ;;
  source)
    spec="${args[1]}"; name="${spec%%=*}"; ver="${spec#*=}"; ver="${ver#*:}"   # file names carry no epoch
    for f in "$FAKE_MIRROR/${name}_${ver}".* "$FAKE_MIRROR/${name}_${ver%%-*}".orig.tar.*; do
      [ -f "$f" ] && cp "$f" .
    done ;;
esac
exit 0
EOF
cat >"$STANDINS/dpkg" <<'EOF'
#!/bin/bash
echo "dpkg $*" >>"$FAKE_LOG"
case "$1" in --audit) [ -n "${FAKE_AUDIT:-}" ] && echo "$FAKE_AUDIT" ;; esac
exit 0
EOF
cat >"$STANDINS/sudo" <<'EOF'
#!/bin/bash
echo "sudo $*" >>"$FAKE_LOG"
exec "$@"
EOF
cat >"$STANDINS/id" <<EOF
#!/bin/bash
if [ "\${1:-}" = -u ] && [ -n "\${FAKE_UID:-}" ]; then echo "\$FAKE_UID"; else exec "$REAL_ID" "\$@"; fi
EOF
cat >"$STANDINS/npm" <<'EOF'
#!/bin/bash
# npm ci: starts from an empty node_modules, like the real one; FAKE_NPM_DIE stops half-way.
echo "npm $*" >>"$FAKE_LOG"
[ "$1" = ci ] || exit 0
rm -rf node_modules; mkdir -p node_modules/playwright-core/lib
[ -n "${FAKE_NPM_DIE:-}" ] && exit 1
for p in playwright-core puppeteer-core selenium-webdriver; do
  mkdir -p "node_modules/$p"; echo "{\"name\":\"$p\"}" > "node_modules/$p/package.json"
done
EOF
cat >"$STANDINS/emcc" <<'EOF'
#!/bin/bash
# emcc --version prints a version; emcc … -c SRC -o OBJ (tools/build-xlsx-wasm) logs the call and
# writes OBJ. FAKE_HANG makes a compile hang (to be interrupted); FAKE_EMCC_FAIL=NAME fails on NAME.
out=""; prev=""; for a; do [ "$prev" = -o ] && out="$a"; prev="$a"; done
if [ -z "$out" ]; then echo "emcc (Emscripten gcc/clang-like replacement + linker emulating GNU ld) 3.1.6 ()"; exit 0; fi
echo "emcc $*" >>"$FAKE_LOG"
if [ -n "${FAKE_EMCC_FAIL:-}" ] && [[ " $* " == *"/$FAKE_EMCC_FAIL "* ]]; then echo "error: stand-in failure" >&2; exit 1; fi
touch "$FAKE_LOG.building"
[ -n "${FAKE_HANG:-}" ] && sleep 60
echo obj >"$out"
EOF
cat >"$STANDINS/emar" <<'EOF'
#!/bin/bash
# emar rcs LIB OBJ…: logs the call and writes LIB.
echo "emar $*" >>"$FAKE_LOG"
echo archive >"$2"
EOF
cat >"$STANDINS/dpkg-source" <<'EOF'
#!/bin/bash
# dpkg-source --no-check -x DSC DIR: a source tree with a configure.ac
echo "dpkg-source $*" >>"$FAKE_LOG"
mkdir -p "${@: -1}"; echo "AC_INIT" > "${@: -1}/configure.ac"
EOF
cat >"$STANDINS/autoreconf" <<'EOF'
#!/bin/bash
echo "autoreconf $*" >>"$FAKE_LOG"
printf '#!/bin/bash\nfor a; do case "$a" in --prefix=*) echo "${a#--prefix=}" > .prefix ;; esac; done\n' > configure
chmod +x configure
EOF
cat >"$STANDINS/emconfigure" <<'EOF'
#!/bin/bash
echo "emconfigure $*" >>"$FAKE_LOG"
exec "$@"
EOF
cat >"$STANDINS/emmake" <<'EOF'
#!/bin/bash
# emmake make [-jN] | emmake make install. FAKE_HANG makes the build hang (to be interrupted).
echo "emmake $*" >>"$FAKE_LOG"
if [ "${2:-}" = install ]; then p="$(cat .prefix)"; mkdir -p "$p/include" "$p/lib"; echo x > "$p/include/sodium.h"; echo x > "$p/lib/libsodium.a"; exit 0; fi
touch "$FAKE_LOG.building"
[ -n "${FAKE_HANG:-}" ] && sleep 60
exit 0
EOF
chmod +x "$STANDINS"/*

# A fresh copy of the scripts the first run uses, so that nothing of the real tree is touched.
new_case() {  # new_case NAME STANDIN…
  C="$T/case-$1"; shift
  rm -rf "$C"; mkdir -p "$C/repo" "$C/bin" "$C/etc-apt/sources.list.d"
  cp -r "$SRC_ROOT/tools" "$SRC_ROOT/Makefile" "$SRC_ROOT/package.json" "$SRC_ROOT/package-lock.json" "$C/repo/"
  for s in "$@"; do ln -s "$STANDINS/$s" "$C/bin/$s"; done
  : >"$C/log"; : >"$C/db"
  export FAKE_LOG="$C/log" FAKE_DB="$C/db" CDS_CACHE="$C/cache" CDS_DEPS="$C/repo/build/deps" CDS_APT_ETC="$C/etc-apt"
  export FAKE_UID=0   # root unless a case says otherwise, whoever runs the test
  unset FAKE_APT_FAIL FAKE_APT_NOOP FAKE_AUDIT FAKE_NPM_DIE FAKE_HANG CDS_SKIP_APT CDS_SETUP_STEPS CDS_SETUP_ENGINES CDS_SETUP_LOCKED
}
run() {  # run ARGS…: tools/setup of the case's copy; sets $rc, output in $T/out
  ( cd "$C/repo" && PATH="$C/bin:$SYS" timeout 120 "$@" ) >"$T/out" 2>&1; rc=$?
}
mark_installed() { for p in "$@"; do echo "$p install ok installed" >>"$FAKE_DB"; done; }
apt_install_line() { grep -E '^apt-get (.* )?install ' "$FAKE_LOG" | grep -v -- '--reinstall' | tail -1; }
# The package names an apt-get install line asked for, in order.
asked() { apt_install_line | tr ' ' '\n' | grep -vE '^(apt-get|install|-.*|DPkg::.*)$' | tr '\n' ' ' | sed 's/ $//'; }
STD="dpkg-query dpkg apt-get id"

# ---------------- 1. Debian packages ----------------
new_case all-missing $STD
export CDS_SETUP_STEPS=packages
run tools/setup --native
[ "$rc" = 0 ] && ok "bare machine (--native): setup goes on and succeeds" || bad "bare machine (--native): exit $rc"
[ "$(asked)" = "$NATIVE_PKGS" ] && ok "every package missing → apt-get install with exactly all of them" || bad "apt-get install asked for: $(asked)"
contains "$T/out" "thiếu 22 gói / 22 missing" "the missing packages are counted and named"
contains "$T/out" "about 5 minutes" "the long step says roughly how long it takes"
grep -q '^apt-get .*update' "$FAKE_LOG" && ok "apt-get update runs before install (a fresh container has no lists)" || bad "no apt-get update"
contains "$T/out" "xong / done: 1/6" "the step reports it is done and how long it took"

new_case all-missing-web $STD
export CDS_SETUP_STEPS=packages
run tools/setup
[ "$rc" = 0 ] && [ "$(asked)" = "$NATIVE_PKGS $WEB_PKGS" ] && ok "bare machine (all): apt-get install with exactly all 34, node and npm included" \
  || bad "bare machine (all): exit $rc, asked: $(asked)"

new_case all-missing-test $STD
export CDS_SETUP_STEPS=packages CDS_SETUP_ENGINES=1
run tools/setup
[ "$rc" = 0 ] && [ "$(asked)" = "$NATIVE_PKGS $WEB_PKGS $ENGINE_PKGS" ] && ok "bare machine (make test): the 34 and Firefox ESR, WebKitGTK's WebDriver and Xvfb, 37 in all" \
  || bad "bare machine (make test): exit $rc, asked: $(asked)"
new_case engines-missing $STD
export CDS_SETUP_STEPS=packages
mark_installed $NATIVE_PKGS $WEB_PKGS
: >"$FAKE_LOG"; run tools/setup
[ "$rc" = 0 ] && ! grep -q '^apt-get .*install' "$FAKE_LOG" && ok "make run (no CDS_SETUP_ENGINES): the test-only browser engines are not installed" || bad "make run installed: $(asked)"
export CDS_SETUP_ENGINES=1
run tools/setup
[ "$rc" = 0 ] && [ "$(asked)" = "$ENGINE_PKGS" ] \
  && ok "a machine set up before the three-engine tests, then make test: apt-get install firefox-esr xvfb webkit2gtk-driver, nothing else" \
  || bad "engines missing: exit $rc, asked: $(asked)"
sed -i '/^firefox-esr /d; /^xvfb /d; /^webkit2gtk-driver /d' "$FAKE_DB"
: >"$FAKE_LOG"; run tools/setup --native
[ "$rc" = 0 ] && ! grep -q '^apt-get .*install' "$FAKE_LOG" && ok "--native does not install the browser engines, even with CDS_SETUP_ENGINES=1" || bad "--native installed: $(asked)"
grep -qE '^test: export CDS_SETUP_ENGINES *:?= *1$' "$SRC_ROOT/Makefile" && ok "make test asks setup for the engines (CDS_SETUP_ENGINES=1)" || bad "the Makefile's test target does not set CDS_SETUP_ENGINES=1"

new_case some-missing $STD
export CDS_SETUP_STEPS=packages
mark_installed build-essential cmake make git python3 clang libgtest-dev
echo "libsodium-dev deinstall ok config-files" >>"$FAKE_DB"   # removed, configuration left behind
run tools/setup --native
want="pkg-config ca-certificates xz-utils dpkg-dev unicode-data nlohmann-json3-dev libsodium-dev libmimalloc-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libgmock-dev libbenchmark-dev libclang-rt-14-dev"
[ "$rc" = 0 ] && [ "$(asked)" = "$want" ] && ok "some missing → apt-get install with exactly the missing ones" || bad "some missing: exit $rc, asked: $(asked)"

new_case node-elsewhere $STD
export CDS_SETUP_STEPS=packages
mark_installed $NATIVE_PKGS $WEB_PKGS; sed -i '/^nodejs /d; /^npm /d' "$FAKE_DB"
printf '#!/bin/sh\necho v20.0.0\n' >"$C/bin/node"; printf '#!/bin/sh\nexit 0\n' >"$C/bin/npm"; chmod +x "$C/bin/node" "$C/bin/npm"
run tools/setup
[ "$rc" = 0 ] && ! grep -q '^apt-get' "$FAKE_LOG" && ok "a node and npm from elsewhere (not Debian's packages) are accepted" || bad "node elsewhere: exit $rc"

new_case none-missing $STD
export CDS_SETUP_STEPS=packages
mark_installed $NATIVE_PKGS $WEB_PKGS
s0=$(date +%s%N); run tools/setup; ms=$(( ($(date +%s%N) - s0) / 1000000 ))
[ "$rc" = 0 ] && ok "nothing missing → success" || bad "nothing missing: exit $rc"
grep -q '^apt-get\|^sudo' "$FAKE_LOG" && bad "nothing missing but apt-get or sudo was called" || ok "nothing missing → no apt-get and no sudo call"
contains "$T/out" "không thiếu gói nào / nothing missing" "says nothing is missing"
echo "FIGURE setup.packages-none-missing ${ms} ms"

new_case nonroot-sudo $STD sudo
export CDS_SETUP_STEPS=packages FAKE_UID=1000
mark_installed $NATIVE_PKGS
run tools/setup --native
mark_installed cmake
sed -i '/^cmake /d; /^git /d' "$FAKE_DB"
run tools/setup --native
grep -qE '^sudo env DEBIAN_FRONTEND=noninteractive apt-get .*install .*cmake git$' "$FAKE_LOG" && [ "$rc" = 0 ] \
  && ok "not root, sudo present → apt-get runs through sudo, with exactly the missing ones" || bad "sudo path: exit $rc; log: $(tr '\n' '|' <"$FAKE_LOG")"
contains "$T/out" "dùng sudo" "says sudo is used and may ask for a password"

new_case nonroot-no-sudo $STD
export CDS_SETUP_STEPS=packages FAKE_UID=1000
mark_installed $NATIVE_PKGS; sed -i '/^libsodium-dev /d; /^clang /d' "$FAKE_DB"
run tools/setup --native
[ "$rc" != 0 ] && ok "not root, no sudo → stops (exit $rc)" || bad "not root, no sudo → exit 0"
contains "$T/out" "cần quyền root" "says root is needed (Vietnamese)"
contains "$T/out" "apt-get install --no-install-recommends libsodium-dev clang" "names the exact command and packages for an administrator"
contains "$T/out" "Without root" "points at the README's no-root section"
grep -q '^apt-get' "$FAKE_LOG" && bad "apt-get called without root" || ok "apt-get is not called without root"

new_case not-debian id
export CDS_SETUP_STEPS=packages
run tools/setup
[ "$rc" != 0 ] && ok "not Debian (no dpkg-query/apt-get) → stops" || bad "not Debian → exit 0"
contains "$T/out" "CDS_SKIP_APT=1" "not Debian → names the documented way out (CDS_SKIP_APT=1)"
contains "$T/out" "docs/building.md" "not Debian → points at docs/building.md"
new_case not-debian-skip id
export CDS_SETUP_STEPS=packages CDS_SKIP_APT=1
run tools/setup
[ "$rc" = 0 ] && ok "not Debian with CDS_SKIP_APT=1 → goes on" || bad "CDS_SKIP_APT=1 → exit $rc"

new_case interrupted-dpkg $STD
export CDS_SETUP_STEPS=packages FAKE_AUDIT="The following packages are only half configured"
mark_installed $NATIVE_PKGS; sed -i '/^cmake /d' "$FAKE_DB"
echo "cmake install reinstreq half-installed" >>"$FAKE_DB"
run tools/setup --native
awk '/^dpkg --configure -a/{c=NR} /^apt-get .*--reinstall .*cmake/{r=NR} /^apt-get (.* )?install /&&!/--reinstall/{i=NR} END{exit !(c && r && i && c<r && r<i)}' "$FAKE_LOG" && [ "$rc" = 0 ] \
  && ok "after an install killed half-way: dpkg --configure -a, then --reinstall of the half-installed package, then install" \
  || bad "interrupted dpkg: exit $rc; log: $(tr '\n' '|' <"$FAKE_LOG")"

new_case apt-fails $STD
export CDS_SETUP_STEPS=packages FAKE_APT_FAIL=1
run tools/setup --native
[ "$rc" != 0 ] && ok "apt-get install fails → setup fails (exit $rc)" || bad "apt-get failure ignored"
contains "$T/out" "bước / step: 1/6 gói Debian" "the failure names the step"
contains "$T/out" 'command `apt-get install' "the failure names the command"
contains "$T/out" "Cách xử lý / What to do" "the failure says what to do"
contains "$T/out" "Unable to locate package" "the failure shows the end of apt's own log"

new_case apt-silent $STD
export CDS_SETUP_STEPS=packages FAKE_APT_NOOP=1
run tools/setup --native
[ "$rc" != 0 ] && ok "apt-get succeeds but a package is still missing → setup fails" || bad "still-missing package ignored"
contains "$T/out" "these are still missing: build-essential" "still-missing packages are named"

new_case make-message $STD
export CDS_SETUP_STEPS=packages FAKE_APT_FAIL=1
run make -s setup
contains "$T/out" "LỖI / ERROR (bước / step: 1/6" "make setup on a bare machine prints the step and the reason, not only 'Error 1'"

new_case bad-arg $STD
run tools/setup --bogus
[ "$rc" != 0 ] && grep -qF "unknown argument: --bogus" "$T/out" && ok "an unknown argument is refused with its name" || bad "bad argument: exit $rc"

# ---------------- 2. Debian source packages (no deb-src entry on the machine) ----------------
sources_case() {  # a case whose stand-in mirror serves the real pinned files from the cache
  new_case "$1" apt-get id
  ln -s "$REAL_DPKG_SOURCE" "$C/bin/dpkg-source"; ln -s "$REAL_DPKG" "$C/bin/dpkg"
  export CDS_SETUP_STEPS=sources FAKE_MIRROR="$C/mirror"
  mkdir -p "$FAKE_MIRROR"; cp "$REAL_SRC"/*.dsc "$REAL_SRC"/*.tar.* "$FAKE_MIRROR/" 2>/dev/null
  cat >"$C/etc-apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://security.mirror.invalid/debian-security
Suites: bookworm-security
Components: main

Types: deb
# a comment line inside the stanza
URIs: http://mirror.invalid/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$C/etc-apt/sources.list.d/aaa-other.sources" <<'EOF'
Types: deb
URIs: https://thirdparty.invalid/node_20.x
Suites: nodistro
Components: main
EOF
}
if ls "$REAL_SRC"/imgui_1.90.1+ds-1.dsc >/dev/null 2>&1 && [ -n "$REAL_DPKG_SOURCE" ]; then
  sources_case deb-src
  run tools/setup --native
  [ "$rc" = 0 ] && ok "no deb-src entry and no cache → sources fetched, checked and unpacked" || bad "sources from scratch: exit $rc"
  contains "$C/cache/apt/parts/cds-src.sources" "Types: deb-src" "a private deb-src entry is written"
  contains "$C/cache/apt/parts/cds-src.sources" "URIs: http://mirror.invalid/debian" "its URI is the machine's Debian mirror (not a third-party or security source)"
  grep -q '^apt-get .*Dir::Etc::SourceParts=.* source --download-only imgui=1.90.1+ds-1' "$FAKE_LOG" && ok "apt-get source runs on the private configuration" || bad "no private apt-get source"
  [ -f "$CDS_DEPS/imgui-1.90.1/.cds-stamp" ] && [ -f "$CDS_DEPS/utf8proc-2.8.0/.cds-stamp" ] && [ -f "$CDS_DEPS/double-conversion-3.2.1/.cds-stamp" ] \
    && ok "ImGui, utf8proc and double-conversion unpacked" || bad "sources not unpacked"
  : >"$FAKE_LOG"; run tools/setup --native
  [ "$rc" = 0 ] && ! grep -q 'source --download-only' "$FAKE_LOG" && ok "second run: nothing fetched again" || bad "second run fetched again (exit $rc)"

  # A download cut off half-way: a short tarball next to a good .dsc.
  tgz="$(ls "$C/cache/src"/imgui_*.orig.tar.* | head -1)"
  head -c 1000 "$tgz" >"$tgz.cut"; mv "$tgz.cut" "$tgz"; rm -rf "$CDS_DEPS/imgui-1.90.1"
  : >"$FAKE_LOG"; run tools/setup --native
  [ "$rc" = 0 ] && grep -q 'source --download-only imgui=' "$FAKE_LOG" && [ -f "$CDS_DEPS/imgui-1.90.1/.cds-stamp" ] \
    && ok "a truncated download in the cache is detected, fetched again and unpacked" || bad "truncated download: exit $rc"

  # An interrupted unpack (no stamp, half a tree) is redone.
  rm -f "$CDS_DEPS/utf8proc-2.8.0/.cds-stamp" "$CDS_DEPS/utf8proc-2.8.0/utf8proc.c"
  run tools/setup --native
  [ "$rc" = 0 ] && [ -f "$CDS_DEPS/utf8proc-2.8.0/utf8proc.c" ] && ok "a half-unpacked tree is unpacked again" || bad "half unpack: exit $rc"

  # Two set-ups at once sharing one cache (make run in one terminal, make test in another): the
  # second waits for the first instead of running apt-get on the same private lists.
  sources_case together
  export FAKE_BUSY="$C/busy"
  ( cd "$C/repo" && PATH="$C/bin:$SYS" timeout 120 tools/setup --native ) >"$T/out1" 2>&1 & p1=$!
  sleep 0.2
  ( cd "$C/repo" && PATH="$C/bin:$SYS" timeout 120 tools/setup --native ) >"$T/out2" 2>&1 & p2=$!
  rc1=0; wait $p1 || rc1=$?; rc2=0; wait $p2 || rc2=$?
  cat "$T/out1" "$T/out2" >"$T/out"
  [ "$rc1" = 0 ] && [ "$rc2" = 0 ] && ok "two set-ups at once both finish" || bad "two set-ups at once: exit $rc1 and $rc2"
  [ -f "$FAKE_BUSY" ] && bad "two set-ups ran apt-get at the same time: $(head -1 "$FAKE_BUSY")" || ok "two set-ups at once never run apt-get together"
  contains "$T/out" "another set-up is running" "the second set-up says it waits for the first"
  [ "$(grep -c 'source --download-only imgui=' "$FAKE_LOG")" = 1 ] && ok "two set-ups at once fetch each source once" || bad "sources fetched $(grep -c 'source --download-only imgui=' "$FAKE_LOG") times"
  unset FAKE_BUSY

  sources_case legacy-list
  rm -f "$C/etc-apt/sources.list.d/"*.sources
  printf '# old style\ndeb [arch=amd64] http://legacy.invalid/debian bookworm main contrib\ndeb http://legacy.invalid/debian-security bookworm-security main\n' >"$C/etc-apt/sources.list"
  run tools/setup --native
  [ "$rc" = 0 ] && grep -qF "URIs: http://legacy.invalid/debian" "$C/cache/apt/parts/cds-src.sources" \
    && ok "one-line sources.list: the Debian mirror is found there" || bad "legacy sources.list: exit $rc"

  sources_case tampered
  sed -i 's/^Version: .*/&~tampered/' "$FAKE_MIRROR"/libsodium_*.dsc
  run tools/setup --native
  [ "$rc" != 0 ] && grep -qF "SHA-256" "$T/out" && ok "a .dsc that differs from the pinned SHA-256 is refused" || bad "tampered .dsc: exit $rc"
  ls "$C/cache/src"/libsodium_*.dsc >/dev/null 2>&1 && bad "the refused .dsc stays in the cache" || ok "the refused .dsc is not kept"
else
  echo "# skipped the source-package cases: no cached Debian sources in $REAL_SRC (tools/setup fills it)"
fi
new_case no-mirror $STD
export CDS_SETUP_STEPS=sources
printf 'Types: deb\nURIs: https://thirdparty.invalid/x\nSuites: nodistro\nComponents: main\n' >"$C/etc-apt/sources.list.d/x.sources"
run tools/setup --native
[ "$rc" != 0 ] && ok "no Debian source in /etc/apt → stops" || bad "no Debian mirror → exit 0"
contains "$T/out" "bookworm, main" "no Debian source → says what is missing"
contains "$T/out" "bước / step: 2/6" "no Debian source → names the step"

# ---------------- 3. libsodium for wasm (no cache) ----------------
new_case sodium emcc dpkg-source autoreconf emconfigure emmake
export CDS_SETUP_STEPS=sodium
mkdir -p "$CDS_CACHE/src"; echo fake >"$CDS_CACHE/src/libsodium_1.0.18-1+deb12u1.dsc"
run tools/setup
lib="$(ls "$CDS_CACHE"/sodium-wasm/*/lib/libsodium.a 2>/dev/null | head -1)"
[ "$rc" = 0 ] && [ -n "$lib" ] && ok "no cache → libsodium built for wasm into the cache" || bad "sodium from scratch: exit $rc"
grep -q '^emconfigure ./configure .*--disable-asm' "$FAKE_LOG" && ok "built with libsodium's own wasm switches" || bad "configure switches"
[ "$(readlink -f "$CDS_DEPS/sodium-wasm")" = "$(readlink -f "$(dirname "$(dirname "$lib")")")" ] && ok "build/deps/sodium-wasm points at the cache entry" || bad "deps link"
: >"$FAKE_LOG"; run tools/setup
[ "$rc" = 0 ] && ! grep -q emconfigure "$FAKE_LOG" && ok "warm cache → no rebuild" || bad "warm cache rebuilt (exit $rc)"

new_case sodium-interrupted emcc dpkg-source autoreconf emconfigure emmake
export CDS_SETUP_STEPS=sodium FAKE_HANG=1 TMPDIR="$C/tmp"; mkdir -p "$TMPDIR"
mkdir -p "$CDS_CACHE/src"; echo fake >"$CDS_CACHE/src/libsodium_1.0.18-1+deb12u1.dsc"
( cd "$C/repo" && PATH="$C/bin:$SYS" exec setsid tools/setup ) >"$T/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -f "$FAKE_LOG.building" ] && break; sleep 0.1; done
kill -INT -- "-$pid" 2>/dev/null; wait "$pid"; rc=$?
[ "$rc" != 0 ] && ok "Ctrl-C during the wasm libsodium build stops setup (exit $rc)" || bad "interrupt ignored"
contains "$T/out" "Đã dừng / interrupted" "the interruption is reported with how to resume"
ls -d "$CDS_CACHE"/sodium-wasm/* >/dev/null 2>&1 && bad "an interrupted build left a cache entry: $(ls "$CDS_CACHE"/sodium-wasm)" || ok "an interrupted build leaves no cache entry"
[ -z "$(ls -A "$TMPDIR")" ] && ok "and no temporary build folder" || bad "temporary folder left: $(ls "$TMPDIR")"
unset FAKE_HANG; run tools/setup
[ "$rc" = 0 ] && ls "$CDS_CACHE"/sodium-wasm/*/lib/libsodium.a >/dev/null 2>&1 && ok "the next run builds it completely" || bad "rerun after interrupt: exit $rc"
unset TMPDIR

# ---------------- 4. zlib + libxlsxwriter + expat for wasm (no cache; the real Debian sources) ----------------
if ls "$REAL_SRC"/zlib_1.2.13.dfsg-1.dsc "$REAL_SRC"/libxlsxwriter_1.1.4-2.dsc "$REAL_SRC"/expat_2.5.0-1+deb12u2.dsc >/dev/null 2>&1 && [ -n "$REAL_DPKG_SOURCE" ]; then
  xlsx_case() {
    new_case "$1" emcc emar
    ln -s "$REAL_DPKG_SOURCE" "$C/bin/dpkg-source"; ln -s "$REAL_DPKG" "$C/bin/dpkg"
    export CDS_SETUP_STEPS=xlsx TMPDIR="$C/tmp"; mkdir -p "$TMPDIR" "$CDS_CACHE/src"
    cp "$REAL_SRC"/zlib_1.2.13.dfsg* "$REAL_SRC"/libxlsxwriter_1.1.4* "$REAL_SRC"/expat_2.5.0* "$CDS_CACHE/src/"
  }
  xlsx_case xlsx
  run tools/setup
  zl="$(ls "$CDS_CACHE"/xlsx-wasm/*/lib/libz.a 2>/dev/null | head -1)"
  [ "$rc" = 0 ] && [ -n "$zl" ] && [ -f "$(dirname "$zl")/libxlsxwriter.a" ] && [ -f "$(dirname "$zl")/../include/xlsxwriter.h" ] && [ -f "$(dirname "$zl")/../include/zlib.h" ] \
    && [ -f "$(dirname "$zl")/../include/minizip/unzip.h" ] && [ -f "$(dirname "$zl")/../include/minizip/zip.h" ] \
    && [ -f "$(dirname "$zl")/libexpat.a" ] && [ -f "$(dirname "$zl")/../include/expat.h" ] && [ -f "$(dirname "$zl")/../include/expat_external.h" ] \
    && ok "no cache → zlib, libxlsxwriter (with minizip's reader) and expat built for wasm into the cache, with their headers" || bad "xlsx from scratch: exit $rc"
  grep -q '^emcc -Oz -flto .*-DNOCRYPT -DNOUNCRYPT .*third_party/minizip/zip.c' "$FAKE_LOG" && grep -q '^emcc -Oz -flto .*third_party/minizip/unzip.c' "$FAKE_LOG" && grep -q '^emcc -Oz -flto .*zlib/deflate.c' "$FAKE_LOG" \
    && ok "compiled from the unpacked Debian sources with libxlsxwriter's own switches" || bad "compile lines: $(grep -c '^emcc' "$FAKE_LOG") emcc calls"
  [ "$(grep -cE '^emcc -Oz -flto .*expat/lib/(xmlparse|xmlrole|xmltok)\.c' "$FAKE_LOG")" = 3 ] && [ "$(grep -cE 'expat/lib/[a-z_]+\.c' "$FAKE_LOG")" = 3 ] \
    && grep -qE '^emar rcs .*/libexpat\.a .*/xmlparse\.o' "$FAKE_LOG" \
    && ok "expat: its three library files only, from the unpacked Debian source, into libexpat.a" || bad "expat compile lines: $(grep -cE 'expat/lib/[a-z_]+\.c' "$FAKE_LOG")"
  [ "$(readlink -f "$CDS_DEPS/xlsx-wasm")" = "$(readlink -f "$(dirname "$(dirname "$zl")")")" ] && ok "build/deps/xlsx-wasm points at the cache entry" || bad "xlsx deps link"
  case "$(basename "$(dirname "$(dirname "$zl")")")" in zlib-1.2.13.dfsg-1-libxlsxwriter-1.1.4-2-expat-2.5.0-1+deb12u2-emcc3.1.6-*) ok "the cache key names the three versions and emcc's" ;; *) bad "cache key: $zl" ;; esac
  : >"$FAKE_LOG"; run tools/setup
  [ "$rc" = 0 ] && ! grep -q '^emcc' "$FAKE_LOG" && ok "warm cache → no rebuild" || bad "xlsx warm cache rebuilt (exit $rc)"
  [ -z "$(ls -A "$TMPDIR")" ] && ok "no temporary build folder left" || bad "temporary folder left: $(ls "$TMPDIR")"

  xlsx_case xlsx-interrupted
  export FAKE_HANG=1
  ( cd "$C/repo" && PATH="$C/bin:$SYS" exec setsid tools/setup ) >"$T/out" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do [ -f "$FAKE_LOG.building" ] && break; sleep 0.1; done
  kill -INT -- "-$pid" 2>/dev/null; wait "$pid"; rc=$?
  [ "$rc" != 0 ] && ok "Ctrl-C during the wasm libxlsxwriter build stops setup (exit $rc)" || bad "xlsx interrupt ignored"
  ls -d "$CDS_CACHE"/xlsx-wasm/* >/dev/null 2>&1 && bad "an interrupted xlsx build left a cache entry" || ok "an interrupted xlsx build leaves no cache entry"
  [ -z "$(ls -A "$TMPDIR")" ] && ok "and no temporary build folder" || bad "temporary folder left: $(ls "$TMPDIR")"
  unset FAKE_HANG; run tools/setup
  [ "$rc" = 0 ] && ls "$CDS_CACHE"/xlsx-wasm/*/lib/libxlsxwriter.a >/dev/null 2>&1 && ok "the next run builds it completely" || bad "xlsx rerun after interrupt: exit $rc"

  xlsx_case xlsx-compile-error
  export FAKE_EMCC_FAIL=zip.c; run tools/setup; unset FAKE_EMCC_FAIL
  [ "$rc" != 0 ] && ok "a compile error stops setup (exit $rc)" || bad "xlsx compile error → exit 0"
  contains "$T/out" "biên dịch libxlsxwriter lỗi / compiling libxlsxwriter failed (zip.c)" "the failing file is named, in Vietnamese and English"
  contains "$T/out" "bước / step: 4/6" "the failure names the step"
  ls -d "$CDS_CACHE"/xlsx-wasm/* >/dev/null 2>&1 && bad "a failed xlsx build left a cache entry" || ok "a failed build leaves no cache entry"
  xlsx_case expat-compile-error
  export FAKE_EMCC_FAIL=xmlparse.c; run tools/setup; unset FAKE_EMCC_FAIL
  [ "$rc" != 0 ] && grep -qF "biên dịch expat lỗi / compiling expat failed (xmlparse.c)" "$T/out" && ! ls -d "$CDS_CACHE"/xlsx-wasm/* >/dev/null 2>&1 \
    && ok "an expat compile error stops setup, names the file, leaves no cache entry" || bad "expat compile error: exit $rc"
  unset TMPDIR
else
  echo "# skipped the wasm xlsx cases: no cached zlib/libxlsxwriter sources in $REAL_SRC (tools/setup fills it)"
fi
new_case xlsx-no-emcc
export CDS_SETUP_STEPS=xlsx
run tools/setup
[ "$rc" != 0 ] && ok "no emcc → the xlsx step stops" || bad "xlsx without emcc → exit 0"
contains "$T/out" "không có emcc / emcc not found" "no emcc → says so, in Vietnamese and English"

# ---------------- 5. npm (no node_modules) ----------------
new_case npm npm
export CDS_SETUP_STEPS=npm
run tools/setup
[ "$rc" = 0 ] && grep -q '^npm ci' "$FAKE_LOG" && [ -f "$C/repo/node_modules/.cds-lock-stamp" ] && ok "no node_modules → npm ci, then the lock stamp" || bad "npm from scratch: exit $rc"
: >"$FAKE_LOG"; run tools/setup
! grep -q '^npm ci' "$FAKE_LOG" && ok "node_modules up to date → npm is not called" || bad "npm ci repeated"
echo ' ' >>"$C/repo/package-lock.json"; : >"$FAKE_LOG"; run tools/setup
grep -q '^npm ci' "$FAKE_LOG" && ok "package-lock.json changed → npm ci again" || bad "lock change ignored"
for drv in puppeteer-core selenium-webdriver; do
  rm -rf "$C/repo/node_modules/$drv"; : >"$FAKE_LOG"; run tools/setup
  grep -q '^npm ci' "$FAKE_LOG" && [ -f "$C/repo/node_modules/$drv/package.json" ] && ok "$drv missing from node_modules → npm ci again" || bad "$drv missing, not reinstalled"
done
for drv in puppeteer-core selenium-webdriver; do
  grep -q "\"node_modules/$drv\"" "$SRC_ROOT/package-lock.json" && grep -q "\"$drv\": \"[0-9][0-9.]*\"" "$SRC_ROOT/package.json" \
    && ok "$drv is pinned to an exact version and locked" || bad "$drv not pinned in package.json/package-lock.json"
done
new_case npm-interrupted npm
export CDS_SETUP_STEPS=npm
run tools/setup
export FAKE_NPM_DIE=1; echo ' ' >>"$C/repo/package-lock.json"; run tools/setup
[ "$rc" != 0 ] && grep -qF "bước / step: 6/6" "$T/out" && ok "npm ci failing half-way → setup fails, naming the step" || bad "npm failure: exit $rc"
[ -f "$C/repo/node_modules/.cds-lock-stamp" ] && bad "a stamp is left after a failed npm ci" || ok "no stamp after a failed npm ci"
unset FAKE_NPM_DIE; : >"$FAKE_LOG"; run tools/setup
[ "$rc" = 0 ] && grep -q '^npm ci' "$FAKE_LOG" && ok "the next run repeats npm ci and succeeds" || bad "rerun after npm failure: exit $rc"

# ---------------- the real machine: everything present → nothing to install ----------------
if [ "${CDS_SKIP_APT:-0}" != 1 ] && command -v dpkg-query >/dev/null; then
  new_case real-machine   # no stand-ins for dpkg-query: the machine's own package database
  printf '#!/bin/sh\necho "apt-get $*" >>"$FAKE_LOG"; exit 1\n' >"$C/bin/apt-get"
  printf '#!/bin/sh\necho "sudo $*" >>"$FAKE_LOG"; exit 1\n' >"$C/bin/sudo"
  ln -s "$(PATH=/usr/bin:/bin command -v dpkg-query)" "$C/bin/dpkg-query"; ln -s "$REAL_ID" "$C/bin/id"
  [ -x /usr/bin/node ] && ln -s /usr/bin/node "$C/bin/node"; [ -x /usr/bin/npm ] && ln -s /usr/bin/npm "$C/bin/npm"
  chmod +x "$C/bin/"*
  export CDS_SETUP_STEPS=packages
  s0=$(date +%s%N); run tools/setup; ms=$(( ($(date +%s%N) - s0) / 1000000 ))
  [ "$rc" = 0 ] && ! [ -s "$FAKE_LOG" ] && ok "this machine (after make test's own setup): no package missing, no apt-get call" \
    || bad "this machine: exit $rc; calls: $(tr '\n' '|' <"$FAKE_LOG")"
  echo "FIGURE setup.packages-real-machine ${ms} ms"
fi

echo "1..$n"
[ "$fails" = 0 ] && echo "all $n checks passed" || echo "$fails of $n checks FAILED"
[ "$fails" = 0 ]

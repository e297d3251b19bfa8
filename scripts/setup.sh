#!/usr/bin/env bash
# Installs what QirenGan needs on Debian (idempotent), builds native/ against LibTorch and builds the solution.
#
#   scripts/setup.sh                     CPU build against Debian's libtorch-dev 1.13.1
#   scripts/setup.sh --cuda [DIR]        build native/ against a CUDA LibTorch: DIR is its CMake prefix
#                                        (default: the one inside the installed PyTorch,
#                                        python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
#   QIRENGAN_LIBTORCH=DIR scripts/setup.sh    same as --cuda DIR (any LibTorch >= 1.13)
#   scripts/setup.sh --native-only       skip the .NET build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LIBTORCH="${QIRENGAN_LIBTORCH:-}"
CUDA=0
NATIVE_ONLY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cuda)
      CUDA=1
      if [[ $# -gt 1 && "$2" != --* ]]; then LIBTORCH="$2"; shift; fi ;;
    --native-only) NATIVE_ONLY=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "[setup] $*"; }

# ---- Debian packages (only the missing ones; apt-get update first)
PACKAGES=(cmake g++ libopenblas0-pthread libtcmalloc-minimal4)
if [[ $CUDA -eq 0 && -z "$LIBTORCH" ]]; then PACKAGES+=(libtorch-dev libgloo-dev); fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  log "installing ${missing[*]}"
  t0=$SECONDS
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  log "packages installed in $((SECONDS - t0)) s"
fi

# ---- native/ (CMake; reconfigures when the LibTorch changes)
if [[ $CUDA -eq 1 && -z "$LIBTORCH" ]]; then
  LIBTORCH="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
fi
BUILD="$ROOT/native/build"
STAMP="$BUILD/.libtorch"
want="${LIBTORCH:-system}"
if [[ -f "$STAMP" && "$(cat "$STAMP")" != "$want" ]]; then
  log "LibTorch changed ($(cat "$STAMP") -> $want): reconfiguring"
  rm -rf "$BUILD"
fi
t0=$SECONDS
CMAKE_ARGS=(-S native -B "$BUILD" -DCMAKE_BUILD_TYPE=Release)
if [[ -n "$LIBTORCH" ]]; then
  CMAKE_ARGS+=("-DCMAKE_PREFIX_PATH=$LIBTORCH")
  # A CUDA LibTorch is not on the loader path: record where it is.
  CMAKE_ARGS+=("-DCMAKE_BUILD_RPATH=$(cd "$LIBTORCH/../.." && pwd)/lib")
fi
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  cmake "${CMAKE_ARGS[@]}" > /dev/null
fi
cmake --build "$BUILD" -j "$(nproc)" 2>&1 | grep -Ev '^\[ *[0-9]+%\] (Built|Building)|^Consolidate|^gmake' || true
test -f "$BUILD/libqirengan_native.so" || { echo "setup.sh: native build failed" >&2; exit 1; }
echo "$want" > "$STAMP"
log "native/ built in $((SECONDS - t0)) s ($want)"

# ---- .NET solution
if [[ $NATIVE_ONLY -eq 0 ]]; then
  t0=$SECONDS
  dotnet build "$ROOT/QirenGan.sln" -c Release -nologo -v q -clp:ErrorsOnly
  log "solution built in $((SECONDS - t0)) s"
fi

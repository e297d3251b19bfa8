#!/usr/bin/env bash
# The refactoring guard: two short fixed-seed training runs whose outputs must not change when code is only
# reorganised. It trains 0.128 kimg at batch 8 on 64 procedural faces, lazy R1 every 2 steps, a snapshot every
# 0.064 kimg, `--metrics spectrum`, three times (the default preset with --circuit shared and with --circuit
# generated, and --preset official, which has no coordinate styles), and compares
# every tensor of every snapshot bit for bit, stats.csv (all but the timing and memory columns; columns added at
# the end are fine), metrics.csv, options.json, the spectrum files and the PNGs with a recorded reference.
#
#   scripts/guard.sh record DIR                 record the reference with the build of this tree
#   scripts/guard.sh record DIR --commit REV    record it with the build of commit REV (a temporary git worktree)
#   scripts/guard.sh check DIR                  run again with this tree's build and compare with DIR
#
# Keep DIR outside the repository (e.g. ~/.cache/qirengan/guard): a reference belongs to a
# commit, not to the tree. A typical use before a behaviour-preserving change:
#   scripts/guard.sh record ~/.cache/qirengan/guard --commit HEAD  # once
#   ...edit...
#   scripts/guard.sh check ~/.cache/qirengan/guard # after each step; exit 0 = identical
# The runs use one OpenMP thread (libtorch's parallel reductions are then deterministic) and their own statistics
# cache; about 1–2 minutes on 2 idle cores. Needs python3 (standard library only).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,18p' "$0"; exit 2; }
[[ $# -ge 2 ]] || usage
MODE="$1"; DIR="$2"; shift 2
COMMIT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --commit) COMMIT="${2:?--commit needs a revision}"; shift ;;
    *) usage ;;
  esac
  shift
done
[[ "$MODE" == record || "$MODE" == check ]] || usage
[[ -z "$COMMIT" || "$MODE" == record ]] || { echo "guard.sh: --commit goes with record" >&2; exit 2; }

log() { echo "[guard] $*"; }
source "$ROOT/scripts/env.sh"
export OMP_NUM_THREADS=1

# ---- the CLI to run: this tree's build, or a temporary worktree of COMMIT
TREE="$ROOT"
CLEANUP=()
cleanup() { for c in "${CLEANUP[@]}"; do eval "$c"; done; }
trap cleanup EXIT
if [[ -n "$COMMIT" ]]; then
  TREE="$(mktemp -d)/tree"
  git -C "$ROOT" worktree add --detach -q "$TREE" "$COMMIT"
  CLEANUP+=("git -C '$ROOT' worktree remove --force '$TREE'")
  if [[ -f "$ROOT/native/build/libqirengan_native.so" ]] && git -C "$ROOT" diff --quiet "$COMMIT" -- native; then
    # Same native sources: reuse this tree's library instead of a second native build.
    mkdir -p "$TREE/native/build"
    cp "$ROOT/native/build/libqirengan_native.so" "$TREE/native/build/"
  else
    "$TREE/scripts/setup.sh" --native-only
  fi
  log "building $COMMIT ($(git -C "$ROOT" rev-parse --short "$COMMIT"))"
  dotnet build "$TREE/cli/QirenGan.Cli.csproj" -c Release -nologo -v q -clp:ErrorsOnly
else
  "$ROOT/scripts/qirengan" info > /dev/null   # builds the CLI when it is out of date
fi
DLL="$TREE/cli/bin/Release/net10.0/qirengan.dll"
qirengan() {
  if [[ -n "${QIRENGAN_PRELOAD:-}" ]]; then LD_PRELOAD="$QIRENGAN_PRELOAD" dotnet "$DLL" "$@"; else dotnet "$DLL" "$@"; fi
}

# ---- the runs, in a fresh folder with relative paths (so options.json is the same wherever it runs)
WORK="$(mktemp -d)"
CLEANUP+=("rm -rf '$WORK'")
export XDG_CACHE_HOME="$WORK/cache"
cd "$WORK"
if [[ "$MODE" == check ]]; then
  [[ -d "$DIR/faces" ]] || { echo "guard.sh: $DIR holds no reference (run: scripts/guard.sh record $DIR)" >&2; exit 2; }
  cp -r "$DIR/faces" faces
else
  qirengan synth-faces --out faces --count 64 --resolution 32 --seed 0 > /dev/null
fi
RUNS=(shared generated official)
declare -A RUN_OPTIONS=([shared]="--circuit shared" [generated]="--circuit generated" [official]="--preset official")
for run in "${RUNS[@]}"; do
  log "training ${RUN_OPTIONS[$run]}"
  # shellcheck disable=SC2086 # the run's options are words
  qirengan train --data faces --outdir "runs-$run" --kimg 0.128 --batch 8 --tick 0.064 --snap 1 \
    --r1-interval 2 ${RUN_OPTIONS[$run]} --seed 0 --metrics spectrum --metrics-num-gen 64 > "train-$run.log" 2>&1 \
    || { cat "train-$run.log" >&2; exit 1; }
done

if [[ "$MODE" == record ]]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  cp -r faces "${RUNS[@]/#/runs-}" "$DIR/"
  git -C "$TREE" rev-parse HEAD > "$DIR/commit"
  [[ -n "$COMMIT" ]] || { git -C "$ROOT" diff --quiet HEAD || echo "(with uncommitted changes)" >> "$DIR/commit"; }
  log "reference recorded in $DIR (commit $(head -c 12 "$DIR/commit"))"
  exit 0
fi

status=0
for run in "${RUNS[@]}"; do
  [[ -d "$DIR/runs-$run" ]] || { log "the reference has no runs-$run (recorded by an older guard.sh): record it again"; status=1; continue; }
  python3 "$ROOT/scripts/guard_compare.py" "$DIR/runs-$run/00000-"* "runs-$run/00000-"* || status=1
done
if [[ $status -eq 0 ]]; then
  log "identical to the reference of $(head -c 12 "$DIR/commit")"
else
  log "DIFFERENT from the reference of $(head -c 12 "$DIR/commit")"
fi
exit $status

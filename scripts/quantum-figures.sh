#!/usr/bin/env bash
# The figures of README "Running on quantum hardware": a snapshot's images rendered with finite shots, with
# device noise, and with zero-noise extrapolation, each compared with the exact render (MSE on the 0–255 scale
# and PSNR over 8 seeds), plus wall time per command.
# Usage: scripts/quantum-figures.sh SNAPSHOT [OUTDIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SNAP="$1"
OUT="${2:-quantum-figures}"
Q="$ROOT/scripts/qirengan"
SEEDS=0-7
mkdir -p "$OUT"
render() { # name, extra options…
  local name="$1"; shift
  local t0=$SECONDS
  "$Q" generate --network "$SNAP" --seeds "$SEEDS" --outdir "$OUT/$name" --grid "$@" | grep -v '^wrote' || true
  echo "$name: $((SECONDS - t0)) s"
}
row() { # label, name
  printf '| %s | %s |\n' "$1" "$(python3 "$ROOT/scripts/png_mse.py" "$OUT/exact" "$OUT/$2" | awk '{printf "%s | %s", $1, $2}')"
}
render exact
for n in 100 1000 10000 100000; do render "shots$n" --shots "$n"; done
NOISES=("depol1=1e-3,depol2=1e-2" "depol1=3e-3,depol2=3e-2,amp=2e-3,phase=2e-3" "depol1=1e-2,depol2=5e-2,amp=5e-3,phase=5e-3")
for i in "${!NOISES[@]}"; do
  render "noise$i" --noise "${NOISES[$i]}"
  render "noise$i-zne" --noise "${NOISES[$i]}" --zne 1,2,3
  render "noise$i-zne-linear" --noise "${NOISES[$i]}" --zne 1,2,3 --zne-fit linear
done
render noise1-shots --noise "${NOISES[1]}" --shots 10000
render noise1-shots-zne --noise "${NOISES[1]}" --shots 10000 --zne 1,2,3
render noise1-shots-zne-linear --noise "${NOISES[1]}" --shots 10000 --zne 1,2,3 --zne-fit linear
echo
echo "| render (vs exact, 8 seeds) | MSE (0–255²) | PSNR dB |"
echo "|---|---|---|"
for n in 100 1000 10000 100000; do row "$n shots" "shots$n"; done
for i in "${!NOISES[@]}"; do
  row "noise ${NOISES[$i]} (exact expectations)" "noise$i"
  row "same + ZNE 1,2,3 Richardson" "noise$i-zne"
  row "same + ZNE 1,2,3 linear" "noise$i-zne-linear"
done
row "noise ${NOISES[1]}, 10⁴ shots" noise1-shots
row "same + ZNE 1,2,3 Richardson (10⁴ shots per factor)" noise1-shots-zne
row "same + ZNE 1,2,3 linear (10⁴ shots per factor)" noise1-shots-zne-linear

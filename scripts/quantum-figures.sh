#!/usr/bin/env bash
# The figures of README "Running on quantum hardware": a snapshot's images rendered with finite shots, with
# device noise, and with zero-noise extrapolation, each compared with the exact render (MSE on the 0–255 scale
# and PSNR over 8 seeds), plus wall time per command. Writes into OUTDIR:
#   shots-grid.png       the same seeds at 10², 10³, 10⁴, 10⁵ shots and exact, labelled (generate --shot-sweep)
#   mse-vs-shots.svg     MSE against N, log-log, with the 1/N line and the noise levels with and without ZNE
#   table.csv, table.md  the numbers
# Usage: scripts/quantum-figures.sh SNAPSHOT [OUTDIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SNAP="$1"
OUT="${2:-quantum-figures}"
Q="$ROOT/scripts/qirengan"
SEEDS=0-7
SHOTS=(100 1000 10000 100000)
mkdir -p "$OUT"
render() { # name, extra options…
  local name="$1"; shift
  local t0=$SECONDS
  "$Q" generate --network "$SNAP" --seeds "$SEEDS" --outdir "$OUT/$name" --grid "$@" | grep -v '^wrote' || true
  echo "$name: $((SECONDS - t0)) s"
}
mse() { python3 "$ROOT/scripts/png_mse.py" "$OUT/sweep/exact" "$OUT/$1"; } # → "MSE PSNR"
t0=$SECONDS
"$Q" generate --network "$SNAP" --seeds "$SEEDS" --outdir "$OUT/sweep" --grid-out "$OUT/shots-grid.png" \
  --shot-sweep "$(IFS=,; echo "${SHOTS[*]}")" | grep -v '^wrote the shot sweep' || true
echo "shot sweep: $((SECONDS - t0)) s"
NOISES=("depol1=1e-3,depol2=1e-2" "depol1=3e-3,depol2=3e-2,amp=2e-3,phase=2e-3" "depol1=1e-2,depol2=5e-2,amp=5e-3,phase=5e-3")
LABELS=("depol 1e-3/1e-2" "depol 3e-3/3e-2, damp 2e-3" "depol 1e-2/5e-2, damp 5e-3")
for i in "${!NOISES[@]}"; do
  render "noise$i" --noise "${NOISES[$i]}"
  render "noise$i-zne" --noise "${NOISES[$i]}" --zne 1,2,3
  render "noise$i-zne-linear" --noise "${NOISES[$i]}" --zne 1,2,3 --zne-fit linear
done
render noise1-shots --noise "${NOISES[1]}" --shots 10000
render noise1-shots-zne --noise "${NOISES[1]}" --shots 10000 --zne 1,2,3
render noise1-shots-zne-linear --noise "${NOISES[1]}" --shots 10000 --zne 1,2,3 --zne-fit linear

echo "kind,label,shots,mse,psnr" > "$OUT/table.csv"
{
  echo "| render (vs exact, 8 seeds) | MSE (0–255²) | PSNR dB |"
  echo "|---|---|---|"
} > "$OUT/table.md"
row() { # kind, label, shots, folder, markdown label
  local m; m="$(mse "$4")"
  echo "$1,\"$2\",$3,${m% *},${m#* }" >> "$OUT/table.csv"
  echo "| $5 | ${m% *} | ${m#* } |" >> "$OUT/table.md"
}
for n in "${SHOTS[@]}"; do row shots "" "$n" "sweep/shots$n" "$n shots"; done
for i in "${!NOISES[@]}"; do
  row noise "${LABELS[$i]}" 0 "noise$i" "noise ${NOISES[$i]} (exact expectations)"
  row zne "${LABELS[$i]}" 0 "noise$i-zne" "same + ZNE 1,2,3 Richardson"
  row zne-linear "${LABELS[$i]}" 0 "noise$i-zne-linear" "same + ZNE 1,2,3 linear"
done
echo "| noise ${NOISES[1]}, 10⁴ shots | $(mse noise1-shots | tr ' ' '|' | sed 's/|/ | /') |" >> "$OUT/table.md"
echo "| same + ZNE 1,2,3 Richardson (10⁴ shots per factor) | $(mse noise1-shots-zne | sed 's/ / | /') |" >> "$OUT/table.md"
echo "| same + ZNE 1,2,3 linear (10⁴ shots per factor) | $(mse noise1-shots-zne-linear | sed 's/ / | /') |" >> "$OUT/table.md"
python3 "$ROOT/scripts/quantum_chart.py" "$OUT/table.csv" "$OUT/mse-vs-shots.svg"
echo
cat "$OUT/table.md"
echo
echo "wrote $OUT/shots-grid.png, $OUT/mse-vs-shots.svg, $OUT/table.csv and $OUT/table.md"

#!/usr/bin/env bash
# The main job on the built-in default data: sets everything up, writes 2,000 procedural 32×32 faces, trains the
# QIREN GAN on them for a few minutes on the CPU, then renders a sample grid at 32×32 and a 2× super-resolved grid
# at 64×64 from the final snapshot. Everything lands in demo/ (DEMO_KIMG overrides the training length).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
Q="$ROOT/scripts/qirengan"
OUT="$ROOT/demo"
KIMG="${DEMO_KIMG:-6}"
mkdir -p "$OUT"
"$Q" info | head -4
if [[ ! -f "$OUT/faces/face001999.png" ]]; then
  "$Q" synth-faces --out "$OUT/faces" --count 2000 --resolution 32 --seed 0
fi
"$Q" train --data "$OUT/faces" --outdir "$OUT/runs" --kimg "$KIMG" --batch 32 --tick 1 --snap 2 --seed 0
RUN="$(ls -d "$OUT"/runs/*/ | sort | tail -1)"
SNAP="$(ls "$RUN"network-snapshot-*.safetensors | sort | tail -1)"
"$Q" generate --network "$SNAP" --seeds 0-63 --grid --outdir "$OUT/samples-32"
"$Q" generate --network "$SNAP" --seeds 0-63 --grid --resolution 64 --outdir "$OUT/samples-64"
echo
echo "run directory:            $RUN (stats.csv, log.txt, fakes*.png, snapshots)"
echo "samples at 32×32:         $OUT/samples-32-grid.png (each image in $OUT/samples-32/)"
echo "2× super-resolution 64×64: $OUT/samples-64-grid.png"

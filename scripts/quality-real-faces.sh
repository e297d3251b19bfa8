#!/usr/bin/env bash
# Reproduces README "Quality on real faces": trains the measured configurations on a face dataset the user provides,
# scores every 5-kimg snapshot in the face space of a detector the user provides, and draws the chart.
#
#   scripts/quality-real-faces.sh FACES.zip DETECTOR.pt OUT [CONFIG ...]
#
# FACES.zip: a StyleGAN2-ADA dataset zip of 32×32 faces (the README's numbers: 5,000 CelebA aligned crops, see there);
# DETECTOR.pt: a TorchScript feature extractor with the Inception detector's calling convention (the README's: a
# dlib face-recognition network, 256 features). CONFIG names (default: all) are the rows of the README's table:
#   official default affine-generated affine-shared siren rff relu tanh
# Each run is 40 kimg (KIMG=… changes that; the baselines use BASELINE_KIMG, default 5), seed SEED (default 0), one
# OpenMP thread (OMP_NUM_THREADS=… changes that), so two configurations can share 2 cores. Runs go to OUT/CONFIG-sSEED/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 3 ]]; then sed -n '2,13p' "$0"; exit 2; fi
DATA="$(realpath "$1")"; DETECTOR="$(realpath "$2")"; OUT="$3"; shift 3
CONFIGS=("$@")
[[ ${#CONFIGS[@]} -gt 0 ]] || CONFIGS=(official default affine-generated affine-shared siren rff relu tanh)
KIMG="${KIMG:-40}"; BASELINE_KIMG="${BASELINE_KIMG:-5}"; SEED="${SEED:-0}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
Q="$ROOT/scripts/qirengan"
mkdir -p "$OUT"

flags() {
  case "$1" in
    official) echo "--preset official" ;;
    default) echo "" ;;
    affine-generated) echo "--coord-styles affine --circuit generated" ;;
    affine-shared) echo "--coord-styles affine --circuit shared" ;;
    siren|rff|relu|tanh) echo "--inr $1" ;;
    *) echo "unknown configuration '$1'" >&2; exit 2 ;;
  esac
}

for config in "${CONFIGS[@]}"; do
  kimg="$KIMG"
  case "$config" in siren|rff|relu|tanh) kimg="$BASELINE_KIMG" ;; esac
  dir="$OUT/$config-s$SEED"
  # shellcheck disable=SC2046
  QIRENGAN_DETECTOR="$DETECTOR" "$Q" train --data "$DATA" --outdir "$dir" --kimg "$kimg" --snap 5 --tick 1 --seed "$SEED" \
    $(flags "$config") --metrics fid50k_full,pr50k3_full,layout --metrics-num-gen 2000
done

args=()
for config in "${CONFIGS[@]}"; do
  run="$(ls -d "$OUT/$config-s$SEED"/*/ | sort | tail -1)"
  args+=("$config=$run")
done
python3 "$ROOT/scripts/quality_chart.py" "$OUT/quality-s$SEED.svg" "${args[@]}"
echo "chart: $OUT/quality-s$SEED.svg; each run's metrics.csv, fakes*.png and report.html are under $OUT/"

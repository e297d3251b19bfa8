#!/usr/bin/env bash
# Renders RUN_DIR/report.html in headless Chromium (Debian's `chromium`, installed if missing) to a PNG and fails
# if the screenshot is missing or blank. Writes RUN_DIR/report.html first (qirengan report) when it is absent.
# Not part of the normal test suite: it needs chromium. Usage: scripts/check-report.sh RUN_DIR [OUT.png]
set -euo pipefail
run_dir="${1:?usage: scripts/check-report.sh RUN_DIR [OUT.png]}"
run_dir="$(cd "$run_dir" && pwd)"
out="${2:-$run_dir/report-screenshot.png}"
here="$(cd "$(dirname "$0")" && pwd)"

if [[ ! -f "$run_dir/report.html" ]]; then
  "$here/qirengan" report --run "$run_dir"
fi

browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  sudo=""; [[ "$(id -u)" != 0 ]] && sudo="sudo"
  echo "installing Debian's chromium (one time)…" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >&2
  browser="$(command -v chromium)"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
# No network, no GPU, no first-run or background services: the report must render from the file alone.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --hide-scrollbars --screenshot="$out" --window-size=1200,2000 "file://$run_dir/report.html" >/dev/null 2>&1 || true

if [[ ! -s "$out" ]]; then
  echo "check-report: no screenshot written to $out" >&2
  exit 1
fi
# Blank = (almost) one colour. Count distinct colours with Python/Pillow when available, else trust the size.
py="$(command -v /usr/bin/python3 || command -v python3 || true)"
if [[ -n "$py" ]] && "$py" -c "import PIL" 2>/dev/null; then
  "$py" - "$out" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
colours = im.getcolors(maxcolors=1 << 20) or []
nonwhite = sum(n for n, c in colours if c != (255, 255, 255))
w, h = im.size
if len(colours) < 16 or nonwhite < 0.01 * w * h:
    sys.exit(f"check-report: {sys.argv[1]} looks blank ({len(colours)} colours, {nonwhite} non-white pixels)")
print(f"check-report: {sys.argv[1]}: {w}x{h}, {len(colours)} colours, {100 * nonwhite / (w * h):.1f}% non-white")
PY
else
  size=$(stat -c %s "$out")
  if (( size < 20000 )); then
    echo "check-report: $out is only $size bytes: blank?" >&2
    exit 1
  fi
  echo "check-report: $out: $size bytes"
fi

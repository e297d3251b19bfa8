#!/usr/bin/env bash
# The main job on the built-in default data: sets everything up, then runs QirenGan end to end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/qirengan" info

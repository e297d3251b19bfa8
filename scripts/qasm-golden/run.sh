#!/usr/bin/env bash
# Regenerates tests/QirenGan.Generator.Tests/Quantum/Golden/golden.json with the independent simulator
# quantum-circuit (npm, MIT; version pinned by package-lock.json). Needs node and npm (Debian: apt-get install
# nodejs npm) and the npm registry once; the tests that read the golden file need neither.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
command -v node >/dev/null && command -v npm >/dev/null || { echo "run.sh: needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }
cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error
NODE_NO_WARNINGS=1 node golden.js "$ROOT/tests/QirenGan.Generator.Tests/Quantum/Golden"

#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh) and runs every test project of the solution.
# Extra arguments go to `dotnet test` (for example: --filter FullyQualifiedName~Quantum).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/env.sh"
t0=$SECONDS
dotnet test "$ROOT/QirenGan.sln" -c Release --no-build -nologo "$@"
echo "[test] all tests passed in $((SECONDS - t0)) s"

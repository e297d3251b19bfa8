#!/usr/bin/env bash
# Performance figures of this machine, each with the official implementation's figure and the project's target:
#
#   scripts/bench.sh                 qirengan bench (circuits, generator, training 32×32 and 64×64, memory, FLOPs)
#   scripts/bench.sh --json          the same as JSON, with the machine, thread, BLAS and allocator settings
#   scripts/bench.sh --profile DIR   plus libtorch operator traces and the heaviest operators
#   scripts/bench.sh --binding       the binding's per-op overhead (BenchmarkDotNet)
#
# Other arguments go to `qirengan bench` (--iterations, --warmup, --repeats, --resolutions). Takes 2–10 minutes on 2
# cores; keep the machine otherwise idle, since every figure is a wall-clock median.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" >&2
source "$ROOT/scripts/env.sh"
if [[ "${1:-}" == "--binding" ]]; then
  shift
  exec dotnet run -c Release --project "$ROOT/benches/QirenGan.Benchmarks" -- --filter '*' "$@"
fi
exec "$ROOT/scripts/qirengan" bench "$@"

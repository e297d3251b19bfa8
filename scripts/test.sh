#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh) and runs every test project of the solution, then prints one summary line
# over all of them ("N passed, N failed, N skipped", also when something failed) and the reason of every skipped test.
# Extra arguments go to `dotnet test` (for example: --filter FullyQualifiedName~Quantum).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/env.sh"
# Each test project writes tests/<project>/TestResults/results.trx (one folder each: in one shared folder the
# projects, which run in parallel, would overwrite each other's file).
rm -f "$ROOT"/tests/*/TestResults/results.trx
t0=$SECONDS
set +e
dotnet test "$ROOT/QirenGan.sln" -c Release --no-build -nologo --logger "trx;LogFileName=results.trx" "$@"
rc=$?
set -e

# A TRX file's <Counters> give the totals (skipped = total − executed), its NotExecuted results the skip reasons.
passed=0; failed=0; skipped=0
attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2"; }
shopt -s nullglob
for trx in "$ROOT"/tests/*/TestResults/results.trx; do
  counters="$(grep -o '<Counters [^>]*' "$trx" || true)"
  [[ -z "$counters" ]] && continue
  passed=$((passed + $(attr passed "$counters")))
  failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
  skipped=$((skipped + $(attr total "$counters") - $(attr executed "$counters")))
  awk '/outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
       want && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print "[test] skipped " name ": " $0; want = 0 }' "$trx"
done
echo "[test] $passed passed, $failed failed, $skipped skipped in $((SECONDS - t0)) s"
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  echo "[test] dotnet test exited with $rc without a failed test result (a test host crashed?): see the output above"
fi
exit $rc

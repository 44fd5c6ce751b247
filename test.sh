#!/usr/bin/env bash
# Runs every test of the solution and prints one closing line: "N passed, N failed[, N skipped]".
# Installs nothing that is already there, so it is safe to run again and again.
set -uo pipefail
cd "$(dirname "$0")"

results="$(pwd)/TestResults"
rm -rf "$results"

dotnet test Neptune.sln --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); p=$(get passed); f=$(get failed); e=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + $(get error || echo 0) + $(get timeout || echo 0) + $(get aborted || echo 0)))
  skipped=$((skipped + ${total:-0} - ${e:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report: count that as a failure.
  failed=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"

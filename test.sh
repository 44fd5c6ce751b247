#!/usr/bin/env bash
# Runs every test of the solution and prints one closing line: "N passed, N failed, N skipped".
# First installs what the tests need and is missing (tests/tools/setup.sh: chromium, node, s3rver), so it is
# safe to run again and again; then packs src/ and builds a host from the packages (a failure counts as one failed test).
set -uo pipefail
cd "$(dirname "$0")"

if ! tests/tools/setup.sh; then
  echo "0 passed, 1 failed, 0 skipped (set-up failed; see above)"
  exit 1
fi

# The NuGet packages: pack every src/ project and build samples/Neptune.PackagedHost from the packages, not from
# project references (eng/check-packages.sh). Before the tests: the tests' build then reuses the binaries it compiled.
packages_failed=0
packages_start=$SECONDS
if ! eng/check-packages.sh; then
  echo "Packing src/ or building samples/Neptune.PackagedHost from the packages failed (see above)."
  packages_failed=1
fi
echo "Packages checked in $((SECONDS - packages_start)) s."

results="$(pwd)/TestResults"
rm -rf "$results"

# A test project that stops making progress for 15 minutes is ended with a dump (under TestResults) and counts as
# failed, instead of holding the run until the CI's own limit; no test here takes longer than a few minutes.
dotnet test Neptune.sln --nologo --logger "trx" --results-directory "$results" --blame-hang-timeout 15m "$@"
status=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
count() { # count ATTRIBUTE COUNTERS-ELEMENT -> the attribute's number, 0 when absent
  local v; v=$(echo "$2" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"
}
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$((passed + $(count passed "$counters")))
  failed=$((failed + $(count failed "$counters") + $(count error "$counters") + $(count timeout "$counters") + $(count aborted "$counters")))
  skipped=$((skipped + $(count total "$counters") - $(count executed "$counters")))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report: count that as a failure.
  failed=1
fi
if [ "$packages_failed" -ne 0 ]; then
  failed=$((failed + 1))
  [ "$status" -ne 0 ] || status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"

#!/usr/bin/env bash
# Updates src/*/PublicAPI.Unshipped.txt after an intended public API change: adds what is new (RS0016) and removes
# what is gone (RS0017), then sorts each file so diffs stay small. Review the diff before committing: every line that
# changes is a change users of the packages will see. Usage: eng/update-public-api.sh [src/Project ...]
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  projects=(src/*/)
fi

for dir in "${projects[@]}"; do
  dir="${dir%/}"
  csproj=$(echo "$dir"/*.csproj)
  echo "== $csproj"
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$f" ] || printf '#nullable enable\n' > "$dir/$f"
  done
  # The analyzers report at warning severity (the build turns warnings into errors), so fix from "warn" up.
  dotnet format analyzers "$csproj" --diagnostics RS0016 RS0017 --severity warn
  # Keep the "#nullable enable" header first and the rest in ordinal order.
  unshipped="$dir/PublicAPI.Unshipped.txt"
  { echo '#nullable enable'; grep -v -x '#nullable enable' "$unshipped" | grep -v '^$' | LC_ALL=C sort -u; } > "$unshipped.tmp"
  mv "$unshipped.tmp" "$unshipped"
done

#!/usr/bin/env bash
# Updates src/*/PublicAPI.Unshipped.txt after an intended public API change, from what the PublicApiAnalyzers report
# in a build: a symbol that is new (RS0016) is added; one that is gone (RS0017) is removed from Unshipped, or, when it
# was already shipped (PublicAPI.Shipped.txt), recorded as "*REMOVED*<symbol>" in Unshipped, as the analyzers expect
# for a breaking removal. Each Unshipped file is then sorted so diffs stay small, and a normal build must pass.
# Review the diff before committing: every changed line is a change that users of the packages will see.
# Usage: eng/update-public-api.sh [project or solution filter; default: Neptune.Packages.slnf, every src/ project]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-Neptune.Packages.slnf}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Rebuild everything (an up-to-date project would report nothing) with the API rules as warnings, so that one pass
# sees every project even when a project they depend on has API changes too.
echo "== building $target to collect RS0016/RS0017"
dotnet build "$target" --nologo --no-incremental -clp:NoSummary -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true

# MSBuild lines: /path/File.cs(12,5): warning RS0016: Symbol 'X' is not part of the declared public API (url) [/path/P.csproj]
changed=()
while IFS= read -r line; do
  project="$(sed -E 's/.*\[([^]]*)\]$/\1/' <<<"$line")"
  dir="$(dirname "$project")"
  unshipped="$dir/PublicAPI.Unshipped.txt"
  case "$line" in
    *" RS0016: "*)
      symbol="$(sed -E "s/.* RS0016: Symbol '(.*)' is not part of the declared public API.*/\1/" <<<"$line")"
      echo "+ $symbol"
      printf '%s\n' "$symbol" >>"$unshipped"
      ;;
    *" RS0017: "*)
      symbol="$(sed -E "s/.* RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*/\1/" <<<"$line")"
      file="$(sed -E 's/^(.*)\([0-9]+,[0-9]+\): .*/\1/' <<<"$line")"
      if [ "$(basename "$file")" = "PublicAPI.Shipped.txt" ]; then
        echo "- $symbol (shipped: a breaking change, recorded as *REMOVED*)"
        printf '*REMOVED*%s\n' "$symbol" >>"$unshipped"
      else
        echo "- $symbol"
        { grep -v -F -x -e "$symbol" "$unshipped" || true; } >"$unshipped.tmp"
        mv "$unshipped.tmp" "$unshipped"
      fi
      ;;
  esac
  changed+=("$unshipped")
done < <(grep -E ": warning RS001[67]: " "$log" | sort -u)

# Keep the "#nullable enable" header first and the rest in ordinal order, each line once.
for unshipped in $(printf '%s\n' "${changed[@]+"${changed[@]}"}" | sort -u); do
  { echo '#nullable enable'; grep -v -x '#nullable enable' "$unshipped" | grep -v '^$' | LC_ALL=C sort -u || true; } >"$unshipped.tmp"
  mv "$unshipped.tmp" "$unshipped"
done
echo "== ${#changed[@]} API line(s) changed; checking that $target builds"
if ! dotnet build "$target" --nologo -clp:NoSummary -v:q; then
  echo "The build still fails: see the errors above (the API files were updated as far as the analyzers reported)."
  exit 1
fi

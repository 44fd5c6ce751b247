#!/usr/bin/env bash
# Packs every src/ project into artifacts/packages, builds samples/Neptune.PackagedHost from those packages (package
# references, not project references), then starts it for a moment against a scratch local repository.
# Exits non-zero when any step fails. ./test.sh runs it; extra arguments go to `dotnet pack` (e.g. -c Release).
#
# The version is unique per run (0.0.0-check.<time>.<pid>), so a copy left in the NuGet cache by an earlier run can
# never stand in for what was just packed; the copies this run put in the cache are deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

version="0.0.0-check.$(date +%s).$$"
packages="$(pwd)/artifacts/packages"
sample=samples/Neptune.PackagedHost
scratch="$(mktemp -d)"
global_packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
host_pid=""

cleanup() {
  if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
  if [ -n "$global_packages" ]; then
    for dir in "$global_packages"/neptune.*/"$version"; do [ -d "$dir" ] && rm -rf "$dir"; done
  fi
  return 0
}
trap cleanup EXIT

echo "== packing src/ as $version into artifacts/packages"
rm -rf "$packages"
# Debug by default: ./test.sh has just built (or is about to build) the same binaries for the tests, so nothing
# compiles twice. A release is packed with the default Release configuration (docs/contributing.md).
dotnet pack Neptune.Packages.slnf --nologo -c Debug -p:PackageVersion="$version" -o "$packages" "$@"

echo "== building $sample from the packages"
dotnet build "$sample" --nologo -c Debug -p:NeptuneVersion="$version"

echo "== starting $sample"
git init -q -b main "$scratch/repo"
git -C "$scratch/repo" -c user.name=check -c user.email=check@localhost commit -q --allow-empty -m "first"
log="$scratch/host.log"
dotnet "$sample/bin/Debug/net10.0/Neptune.PackagedHost.dll" --urls http://127.0.0.1:0 \
  --Neptune:DataDir="$scratch/data" --Neptune:Local:Repos:0:Path="$scratch/repo" >"$log" 2>&1 &
host_pid=$!
# The watcher's first poll logs this line once the host is up, options validated, local mode running.
for _ in $(seq 1 150); do
  grep -q "First look at local/repo" "$log" && break
  kill -0 "$host_pid" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q "First look at local/repo" "$log"; then
  echo "The packaged host did not start:"; cat "$log"
  exit 1
fi
echo "The packaged host started and watched the scratch repository."

#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, only where it is missing, so it is cheap to run every time:
# Debian's chromium (browser tests), PostgreSQL 15 (Hangfire tests), node + npm and the pinned s3rver (AWS tests).
# Uses apt-get (through sudo when not root) and npm; run by ./test.sh and so by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."

apt_install() { # apt_install PACKAGE... : installs Debian packages, as root or through sudo
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "setup: '$*' must be installed (apt-get install $*), and this user is not root and has no sudo." >&2
      exit 1
    fi
    sudo="sudo"
  fi
  echo "setup: installing $* with apt-get"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# The browser tests drive Debian's chromium (/usr/bin/chromium); Playwright never downloads a browser.
command -v chromium >/dev/null || apt_install chromium

# The Hangfire host tests start a private cluster from Debian's PostgreSQL 15 server binaries (initdb, pg_ctl).
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
  apt_install postgresql-15
fi

# The AWS tests start a real S3-compatible server: s3rver (npm, pinned by tests/tools/s3rver/package-lock.json).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if [ ! -f tests/tools/s3rver/node_modules/s3rver/bin/s3rver.js ]; then
  echo "setup: installing s3rver (npm ci)"
  npm ci --prefix tests/tools/s3rver --no-audit --no-fund --silent
fi

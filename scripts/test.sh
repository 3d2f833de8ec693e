#!/usr/bin/env bash
# Runs the whole test suite: installs the outside tools the tests use for real (Azurite and friends from npm,
# python3-feedparser / jing / chromium from Debian when run as root), builds, tests, and ends with one line
# "tests: N passed, M failed". Exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

step "node tools (tests/node: azurite, ajv, jsonfeed-schema, standardwebhooks, playwright-core)"
if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "tests: 0 passed, 1 failed"; exit 1; }
fi

step "dotnet local tools (.config/dotnet-tools.json: PowerShell, for the azd hooks' PowerShell twins)"
dotnet tool restore >/dev/null || echo "warning: dotnet tool restore failed; the PowerShell hook tests will fail and say so"

step "Debian tools (python3-feedparser, jing, chromium)"
missing=()
/usr/bin/python3 -c 'import feedparser' 2>/dev/null || missing+=(python3-feedparser)
command -v jing >/dev/null 2>&1 || missing+=(jing)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/dev/null \
      || echo "warning: apt-get could not install ${missing[*]}; the tests that need them will fail and say so"
  else
    echo "warning: not root, cannot install ${missing[*]} (sudo apt-get install ${missing[*]}); the tests that need them will fail and say so"
  fi
fi

step "build"
if ! dotnet build Syndication.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

step "test"
log=$(mktemp)
dotnet test Syndication.sln -c Release --no-build --nologo \
  --logger "console;verbosity=minimal" --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed:     0, Passed:    17, Skipped: 0, ..."
passed=0; failed=0
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -n 's/.*Failed:[[:space:]]*\([0-9]*\), Passed:[[:space:]]*\([0-9]*\),.*/\1 \2/p' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crashed or hung test host counts as a failure
echo "tests: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

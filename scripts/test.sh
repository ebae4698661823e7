#!/usr/bin/env bash
# Runs every test: installs what the tests need, builds, runs all test projects, prints one closing summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Plugins.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
# One line a CI reader and a person can trust: the sum over every test assembly.
awk '
  /(Passed|Failed)! *- *Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit $status

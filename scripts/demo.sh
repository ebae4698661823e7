#!/usr/bin/env bash
# Runs Ingot's main job on the embedded default: the file source with examples/lab, inside a network-namespace lab
# (a LAN bridge, three node namespaces, a client). Everything is created here and removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec scripts/lab/lab.sh demo "$@"

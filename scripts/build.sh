#!/usr/bin/env bash
# Builds the runnable layout: artifacts/ingot/ingot with every default plugin under artifacts/ingot/plugins/<name>/.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Plugins.sln -c Release -nologo -clp:ErrorsOnly "$@"

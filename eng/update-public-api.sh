#!/usr/bin/env bash
# Records every new public symbol of a shipped project in its PublicAPI.Unshipped.txt (what the IDE's code fix does).
# Use after a reviewed change to the public surface:  eng/update-public-api.sh sdk/Ingot.Sdk
set -euo pipefail
project_dir=${1:-sdk/Ingot.Sdk}
unshipped="$project_dir/PublicAPI.Unshipped.txt"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Remove symbols that no longer exist (RS0017), then add the undeclared ones (RS0016).
dotnet build "$project_dir" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 > "$log" || true
python3 - "$unshipped" "$log" <<'PY'
import re, sys
path, log = sys.argv[1], open(sys.argv[2]).read()
lines = [l.rstrip('\n') for l in open(path)]
header = [l for l in lines if l.startswith('#')]
body = set(l for l in lines if l and not l.startswith('#'))
added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared", log))
removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but", log))
body = (body | added) - removed
open(path, 'w').write('\n'.join(header + sorted(body)) + '\n')
print(f"{path}: +{len(added)} -{len(removed)}")
PY

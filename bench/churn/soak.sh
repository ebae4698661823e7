#!/usr/bin/env bash
# Restart-and-churn soak (issue 16, item 5): kill -9 `ingot run` (file source + ipam, no announcers) ROUNDS times at
# random points while the manifests of SERVICES Services change (renames, temp-then-rename, delete+re-create,
# regrouping), and check after each kill that the state file parses and that no Service ever held a second address.
# Runs inside a network namespace it creates (only /metrics listens there) and removes everything on exit.
# Usage: sudo bench/churn/soak.sh [ROUNDS=100] [SERVICES=1000]   (needs artifacts/ingot/ingot: dotnet build host/Ingot.Host -c Release)
# SOAK_ARGS adds options to every `ingot run`, e.g. SOAK_ARGS="--set file-source.settleSeconds=0 --set
# file-source.releaseGraceSeconds=0" for the behaviour before the settle rule and the address memory.
set -euo pipefail
rounds=${1:-100}
services=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
ingot="$root/artifacts/ingot/ingot"
[[ -x $ingot ]] || { echo "soak: $ingot missing; build host/Ingot.Host first" >&2; exit 2; }
ns="ingot-soak-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work=$(mktemp -d /tmp/ingot-soak.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
mkdir -p "$work/manifests" "$work/away"
read -r -a extra <<< "${SOAK_ARGS:-}"
# IPv6 documentation addresses: room for 65,536 Services, so no address is ever legitimately reused.
cat > "$work/manifests/pool.yaml" <<'YAML'
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: soak}
spec: {addresses: ["2001:db8::/112"]}
YAML
service() {
  printf 'apiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: default}\nspec: {type: LoadBalancer, ipFamilies: [IPv6], clusterIP: "fd00::10", ports: [{port: 80}]}\n' "$1"
}
for ((i = 0; i < services; i++)); do service "svc-$i" > "$work/manifests/svc-$i.yaml"; done
# A first run to the first state write, so that every kill below interrupts a daemon that has assignments to keep.
ip netns exec "$ns" "$ingot" run --config "$work/manifests" --state "$work/state.json" --announcers "" \
  --node soak --metrics-address 127.0.0.1:7472 --log-level Warning "${extra[@]}" 2>>"$work/ingot.log" &
pid=$!
for ((t = 0; t < 600; t++)); do [[ -s $work/state.json ]] && break; sleep 0.1; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=
[[ -s $work/state.json ]] || { echo "soak: ingot run wrote no state file in 60 s:" >&2; tail -20 "$work/ingot.log" >&2; exit 1; }

churn() { # one random change to one random Service's file
  local i=$((RANDOM % services)) f
  f=$(ls "$work/manifests"/svc-$i.* "$work/manifests"/svc-$i-* 2>/dev/null | head -1 || true)
  [[ -z $f ]] && { service "svc-$i" > "$work/manifests/svc-$i.yaml"; return; }
  case $((RANDOM % 4)) in
    0) mv "$f" "$work/manifests/svc-$i-r$RANDOM.yaml" ;;                                     # rename
    1) service "svc-$i" > "$work/manifests/.tmp-$i"; mv "$work/manifests/.tmp-$i" "$f" ;;   # temp then rename
    2) rm "$f"; service "svc-$i" > "$f" ;;                                                   # delete + re-create
    3) mv "$f" "$work/away/"; sleep 0.05; mv "$work/away/$(basename "$f")" "$f" ;;           # moved away and back
  esac
}

moves=0 corrupt=0
for ((r = 1; r <= rounds; r++)); do
  ip netns exec "$ns" "$ingot" run --config "$work/manifests" --state "$work/state.json" --announcers "" \
    --node soak --metrics-address 127.0.0.1:7472 --log-level Warning "${extra[@]}" 2>>"$work/ingot.log" &
  pid=$!
  end=$(( $(date +%s%N) + (RANDOM % 6000 + 200) * 1000000 )) # kill at a random point 0.2-6.2 s in: start, pass, write
  while (( $(date +%s%N) < end )); do churn; done
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=
  if ! python3 - "$work/state.json" "$work/ledger.json" <<'PY'
import json, sys, os
state, ledger_path = sys.argv[1], sys.argv[2]
ledger = json.load(open(ledger_path)) if os.path.exists(ledger_path) else {}
if not os.path.exists(state):
    sys.exit(0)  # killed before the first write
try:
    doc = json.load(open(state))
    entries = doc["services"] + doc.get("released", [])
except Exception as e:
    print(f"corrupt state file: {e}"); sys.exit(3)
moved = 0
for e in entries:
    key = f'{e["namespace"]}/{e["name"]}'
    held = ",".join(e["addresses"])
    if ledger.setdefault(key, held) != held:
        print(f"moved: {key} {ledger[key]} -> {held}"); moved += 1
json.dump(ledger, open(ledger_path, "w"))
sys.exit(4 if moved else 0)
PY
  then
    rc=$?; [[ $rc == 3 ]] && corrupt=$((corrupt + 1)) || moves=$((moves + 1))
  fi
done
assigned=$(python3 -c "import json;print(len(json.load(open('$work/state.json'))['services']))" 2>/dev/null || echo 0)
echo "soak: $rounds kill -9 restarts, $services Services ($assigned assigned at the end): $moves rounds with a moved address, $corrupt corrupt state files"
[[ $moves == 0 && $corrupt == 0 ]]

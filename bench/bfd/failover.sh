#!/usr/bin/env bash
# Failover when a node hangs: how long the lab's router (BIRD 2) keeps routing a LoadBalancer IP through a node whose
# ingot is frozen (SIGSTOP: its TCP connection stays open, it just stops talking), with BFD (BFDProfile 300 ms x 3, as
# in examples/lab) against the BGP hold timer alone at its smallest legal value (holdTime 3s), both in this run.
# Prints every run, the medians and their ratio (BFD / hold timer). Everything runs in the lab's own namespaces.
#
#   sudo bench/bfd/failover.sh [RUNS]     RUNS per variant, default 5; needs the build of scripts/build.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
[[ $EUID -eq 0 ]] || { echo "failover: needs root (network namespaces)" >&2; exit 1; }

WORK="$(mktemp -d /tmp/ingot-bfd-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$REPO/examples/lab" "$WORK/bfd"
cp -r "$REPO/examples/lab" "$WORK/hold"
# The baseline peer has no BFD and the shortest hold time MetalLB accepts.
sed -i 's/^  bfdProfile: lab$/  holdTime: 3s/' "$WORK/hold/bgp.yaml"
grep -q '^  holdTime: 3s$' "$WORK/hold/bgp.yaml" || { echo "failover: could not derive the hold-timer config" >&2; exit 1; }

for variant in bfd hold; do
  echo "== $variant" >&2
  "$REPO/scripts/lab/lab.sh" --config "$WORK/$variant" run -- "$REPO/bench/bfd/measure.sh" "$RUNS" | tee "$WORK/$variant.out"
done

python3 - "$WORK/bfd.out" "$WORK/hold.out" <<'PY'
import statistics, sys
def runs(path):
    return [int(line.split()[2]) for line in open(path) if line.startswith("run ")]
bfd, hold = runs(sys.argv[1]), runs(sys.argv[2])
mb, mh = statistics.median(bfd), statistics.median(hold)
print(f"BFD 300 ms x 3 : {' / '.join(map(str, bfd))} ms, median {mb:.0f} ms")
print(f"hold timer 3 s : {' / '.join(map(str, hold))} ms, median {mh:.0f} ms")
print(f"ratio BFD / hold timer (medians): {mb / mh:.2f}")
PY

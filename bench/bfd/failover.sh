#!/usr/bin/env bash
# Failover when a node hangs: how long the lab's router (BIRD 2) keeps routing a LoadBalancer IP through a node whose
# ingot is frozen (SIGSTOP: its TCP connection stays open, it just stops talking), with BFD (BFDProfile 300 ms x 3, as
# in examples/lab) against the BGP hold timer alone at its smallest legal value (holdTime 3s), both in this run.
# Prints every run, the medians and their ratio (BFD / hold timer). Everything runs in the lab's own namespaces.
#
#   sudo bench/bfd/failover.sh [RUNS]     RUNS per variant, default 5; needs the build of scripts/build.sh
set -euo pipefail
RUNS="${1:-5}"
# shellcheck source=bench/bfd/variants.sh
source "$(dirname "${BASH_SOURCE[0]}")/variants.sh"

variant bfd
# The baseline peer has no BFD and the shortest hold time MetalLB accepts.
variant hold 's/^  bfdProfile: lab$/  holdTime: 3s/' '^  holdTime: 3s$'
run_variant bfd "$REPO/bench/bfd/measure.sh" "$RUNS"
run_variant hold "$REPO/bench/bfd/measure.sh" "$RUNS"

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

#!/usr/bin/env bash
# Runs inside `scripts/lab/lab.sh run`: after a warm-up (tiered JIT settles), the CPU time each node's ingot used over a
# sample window, from /proc/PID/stat (utime + stime), as a percentage of one core.
set -euo pipefail
WARM="${1:-60}"
WINDOW="${2:-20}"
sleep "$WARM"
declare -A start
pids=()
for n in $LAB_NODES; do
  var="${n//-/_}"; ns_var="LAB_NS_${var^^}"
  for p in $(ip netns pids "${!ns_var}"); do
    [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == ingot ]] && pids+=("$p")
  done
done
for p in "${pids[@]}"; do start[$p]=$(awk '{print $14 + $15}' "/proc/$p/stat"); done
sleep "$WINDOW"
tick="$(getconf CLK_TCK)"
for p in "${pids[@]}"; do
  end=$(awk '{print $14 + $15}' "/proc/$p/stat")
  echo "cpu $(python3 -c "print(f'{($end - ${start[$p]}) * 100 / ($tick * $WINDOW):.2f}')")"
done

#!/usr/bin/env bash
# Runs inside `scripts/lab/lab.sh run` (the LAB_* variables are exported): RUNS times, freezes node-a's ingot with
# SIGSTOP and prints how long the router's kernel still routes the LoadBalancer IP through node-a, then resumes it and
# waits until node-a is back in the ECMP route. Only processes and namespaces of this lab are touched.
set -euo pipefail
RUNS="${1:-5}"
VIP=192.0.2.200
NODE_IP="$LAB_IP4_NODE_A"
# The ingot process itself (the lab's pid file holds the shell that started it).
PID=""
for p in $(ip netns pids "$LAB_NS_NODE_A"); do
  [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == ingot ]] && PID="$p"
done
[[ -n "$PID" ]] || { echo "measure: no ingot process in $LAB_NS_NODE_A" >&2; exit 1; }

nexthops() { ip netns exec "$LAB_NS_ROUTER" ip route show "$VIP/32" proto bird 2>/dev/null || true; }
via_node() { nexthops | grep -q "via $NODE_IP "; }
now_ns() { date +%s%N; }

wait_for_three() {
  local deadline=$(( $(date +%s) + 120 ))
  until [[ "$(nexthops | grep -c 'nexthop via' || true)" -ge 3 ]]; do
    (( $(date +%s) < deadline )) || { echo "measure: the router never routed $VIP through all three nodes" >&2; nexthops >&2; exit 1; }
    sleep 0.05
  done
}

trap 'kill -CONT "$PID" 2>/dev/null || true' EXIT
for run in $(seq "$RUNS"); do
  wait_for_three
  sleep 1 # a steady state: BFD (if any) up, keepalives flowing
  start=$(now_ns)
  kill -STOP "$PID"
  deadline=$(( $(date +%s) + 120 ))
  while via_node; do
    (( $(date +%s) < deadline )) || { echo "measure: node-a never left the route" >&2; exit 1; }
    sleep 0.01
  done
  end=$(now_ns)
  kill -CONT "$PID"
  echo "run $run: $(( (end - start) / 1000000 )) ms"
done

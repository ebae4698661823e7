#!/usr/bin/env bash
# ARP benchmark in the lab (scripts/lab/lab.sh): reply latency seen from the client namespace for an address Ingot
# answers versus an address the kernel answers on the same node interface, in the same run, and the highest request
# rate answered without loss. Run as root from the repository root:
#
#   bench/l2/bench.sh [--count 2000] [--rates "5000 10000 20000 40000"] [--mode ingot|plugin]
#
# --mode ingot (default when artifacts/ingot/ingot exists) runs the real `ingot run` on examples/lab and measures the
# address it assigns to default/web; --mode plugin runs the l2 plugin's speaker alone (bench tool `respond`) on node-a.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOL="$REPO/bench/l2/Ingot.Bench.L2/bin/Release/net10.0/Ingot.Bench.L2"
COUNT="${COUNT:-2000}"
RATES="${RATES:-5000 10000 20000 40000}"
if [[ -z "${BENCH_MODE:-}" ]]; then
  [[ -x "$REPO/artifacts/ingot/ingot" ]] && BENCH_MODE=ingot || BENCH_MODE=plugin
fi
LAB_ARGS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --mode) BENCH_MODE="$2"; shift 2 ;;
    --config) LAB_ARGS+=(--config "$2"); shift 2 ;;
    --inner) shift; break ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ "${BENCH_INNER:-0}" != 1 ]]; then
  dotnet build "$REPO/bench/l2/Ingot.Bench.L2" -c Release -v q -nologo >/dev/null
  [[ "$BENCH_MODE" == plugin ]] && LAB_ARGS+=(--no-ingot)
  export BENCH_INNER=1 COUNT RATES BENCH_MODE TOOL
  exec "$REPO/scripts/lab/lab.sh" "${LAB_ARGS[@]}" run -- "$0"
fi

# Inside the lab (lab.sh exported LAB_*).
client() { ip netns exec "$LAB_NS_CLIENT" "$@"; }

VIP=192.0.2.200
if [[ "$BENCH_MODE" == plugin ]]; then
  ip netns exec "$LAB_NS_NODE_A" "$TOOL" respond --ip "$VIP" >"$LAB_DIR/respond.log" 2>&1 &
fi

# Who answers for the VIP? Its node's eth0 address is the kernel reference (same interface, same namespace).
MAC=""
for _ in $(seq 60); do
  MAC="$(client arping -c 1 -W 0.2 -i eth0 "$VIP" 2>/dev/null | sed -n 's/.*bytes from \([0-9a-f:]*\) .*/\1/p' | head -n1 || true)"
  [[ -n "$MAC" ]] && break
  sleep 0.5
done
[[ -n "$MAC" ]] || { echo "bench: nobody answers ARP for $VIP" >&2; cat "$LAB_DIR"/*.log >&2 || true; exit 1; }
KERNEL=""
for n in A B C; do
  var="LAB_MAC_NODE_$n"; ip4="LAB_IP4_NODE_$n"
  [[ "${!var}" == "$MAC" ]] && KERNEL="${!ip4}" && NODE="node-${n,,}"
done
[[ -n "$KERNEL" ]] || { echo "bench: $MAC is no lab node" >&2; exit 1; }
# Let the gratuitous burst (5 s) end so it does not mix with the measurement.
sleep 5

percentiles() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "nan nan 0"; exit} printf "%s %s %d\n", a[int((NR-1)*0.50)+1], a[int((NR-1)*0.99)+1], NR}'; }

echo "== mode $BENCH_MODE, $VIP answered by $NODE ($MAC); kernel reference $KERNEL on the same eth0; $COUNT requests each, one at a time"
read -r K50 K99 KN < <(client "$TOOL" latency --iface eth0 --src 192.0.2.100 --target "$KERNEL" --count "$COUNT" 2>/dev/null | percentiles)
read -r I50 I99 IN < <(client "$TOOL" latency --iface eth0 --src 192.0.2.100 --target "$VIP" --count "$COUNT" 2>/dev/null | percentiles)
printf "latency   kernel  p50 %8s us  p99 %8s us  (%d replies)\n" "$K50" "$K99" "$KN"
printf "latency   ingot   p50 %8s us  p99 %8s us  (%d replies)\n" "$I50" "$I99" "$IN"
awk -v a="$I50" -v b="$K50" -v c="$I99" -v d="$K99" 'BEGIN {printf "ratio     ingot/kernel  p50 %.2fx  p99 %.2fx\n", a/b, c/d}'

best_k=0; best_i=0
for r in $RATES; do
  read -r s k ak < <(client "$TOOL" rate --iface eth0 --src 192.0.2.100 --target "$KERNEL" --rate "$r" --seconds 1 2>/dev/null)
  read -r s2 i ai < <(client "$TOOL" rate --iface eth0 --src 192.0.2.100 --target "$VIP" --rate "$r" --seconds 1 2>/dev/null)
  printf "rate %6d/s  kernel %6d/%d answered (sent at %s/s)   ingot %6d/%d answered (sent at %s/s)\n" "$r" "$k" "$s" "$ak" "$i" "$s2" "$ai"
  # Count the rate the client actually achieved (2 shared cores limit the sender), not the one asked for.
  [[ "$k" -ge "$s" && "$ak" -gt "$best_k" ]] && best_k=$ak
  [[ "$i" -ge "$s2" && "$ai" -gt "$best_i" ]] && best_i=$ai
done
echo "highest request rate answered without loss: kernel ${best_k}/s, ingot ${best_i}/s"

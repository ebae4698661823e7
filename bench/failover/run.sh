#!/usr/bin/env bash
# Layer-2 failover of Ingot's speaker membership against keepalived (VRRP) in the same run (issue 12). In labs built
# by scripts/lab/lab.sh (namespaces il2-*, documentation addresses; each removed on exit, also on failure):
#
#   1. ingot  : `lab.sh up` (membership on, 100 ms x 3), holdDown shortened (see --hold-down) so trials are quick
#   2. ka-1   : `lab.sh up --no-ingot`, keepalived 2.2.7 in every node namespace, VRRPv2, advert_int 1
#   3. ka-0.1 : the same lab, keepalived restarted with vrrp_version 3 and advert_int 0.1 (master-down 361 ms on node-b)
#
# For each, N trials of each fault on the owner of 192.0.2.200 — kill -9, SIGSTOP, link down (eth0 down in its
# namespace) — each after a random sleep of up to one advertisement interval (100 ms for Ingot's heartbeat and for
# ka-0.1, 1 s for ka-1), so the fault falls at a random point of the cycle. The prober (Ingot.Bench.Failover) sends an
# ARP request every 10 ms from the client namespace and logs every ARP packet for the address with its kernel receive
# time; a trial is the time from the fault to the first packet from another MAC, and whether the old owner's MAC still
# spoke after that, until the fault is undone. The fault is held OBSERVE seconds after the takeover, then undone (the
# process restarted from $LAB_DIR/ingot-NODE.start, SIGCONT, link up), and the next trial waits until the old owner
# alone answers again. Then the idle cost of membership: CPU of each node's ingot over IDLE s (/proc/PID/stat) and the
# UDP 7946 packets each node sends (tcpdump on its bridge port), against `lab.sh --no-membership` in the same run.
#
#   sudo bench/failover/run.sh [--trials 20] [--hold-down 1] [--observe 1] [--warm 45] [--idle 30] [--skip-idle]
#
# Needs the build of scripts/build.sh; installs Debian's keepalived with apt if it is missing. Results (prober logs,
# trial files, keepalived configs and logs) stay in the directory printed at the end.
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME with a dot

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="$REPO/scripts/lab/lab.sh"
TOOL="$REPO/bench/failover/Ingot.Bench.Failover/bin/Release/net10.0/Ingot.Bench.Failover"
TRIALS=20
HOLD_DOWN=1
OBSERVE=1
WARM=45
IDLE=30
SKIP_IDLE=0
VIP=192.0.2.200
FAULTS=(kill9 stop linkdown)

die() { echo "failover: $*" >&2; exit 1; }
say() { echo "failover: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --trials) TRIALS="$2"; shift 2 ;;
    --hold-down) HOLD_DOWN="$2"; shift 2 ;;
    --observe) OBSERVE="$2"; shift 2 ;;
    --warm) WARM="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --skip-idle) SKIP_IDLE=1; shift ;;
    -h|--help) sed -n '2,/^set -e/{/^set -e/d;p}' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ "$TRIALS" =~ ^[1-9][0-9]*$ ]] || die "--trials: '$TRIALS' is not a positive whole number"
[[ "$HOLD_DOWN" =~ ^[0-9]+$ ]] || die "--hold-down: '$HOLD_DOWN' is not a whole number of seconds"
[[ $EUID -eq 0 ]] || die "needs root (network namespaces)"
[[ -x "$REPO/artifacts/ingot/ingot" ]] || die "artifacts/ingot/ingot not found: run scripts/build.sh first"
command -v tcpdump >/dev/null || die "missing tcpdump"
if ! command -v keepalived >/dev/null; then
  say "installing keepalived (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -q keepalived >/dev/null \
    || die "apt-get install keepalived failed"
fi
dotnet build "$REPO/bench/failover/Ingot.Bench.Failover" -c Release -v q -nologo -clp:ErrorsOnly >/dev/null \
  || die "the prober did not build (dotnet build bench/failover/Ingot.Bench.Failover -c Release)"

OUT="$(mktemp -d /tmp/ifb-results.XXXX)"
LABS=()
PROBE_PID=""
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  [[ -n "$PROBE_PID" ]] && kill "$PROBE_PID" 2>/dev/null || true
  for p in "${LABS[@]}"; do "$LAB" down "$p" >/dev/null 2>&1 || true; done
  [[ ${#LABS[@]} -gt 0 ]] && say "removed labs ${LABS[*]}"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_us() { echo "${EPOCHREALTIME/./}"; }

# `lab.sh up` with the given options; its variables land in this shell. Output goes to a file, not a pipe, because
# the processes it leaves running inherit its descriptors.
lab_up() {
  local name="$1"; shift
  "$LAB" "$@" up >"$OUT/lab-$name.out" 2>>"$OUT/lab.log" || { tail -n 30 "$OUT/lab.log" >&2; die "lab.sh $* up failed"; }
  local env
  env="$(sed -n 's/^LAB_ENV=//p' "$OUT/lab-$name.out")"
  [[ -f "$env" ]] || die "lab.sh up printed no LAB_ENV"
  # shellcheck disable=SC1090
  source "$env"
  LABS+=("$LAB_PREFIX")
}

lab_down() {
  "$LAB" down "$LAB_PREFIX" >/dev/null 2>&1 || true
  local kept=() p
  for p in "${LABS[@]}"; do [[ "$p" != "$LAB_PREFIX" ]] && kept+=("$p"); done
  LABS=("${kept[@]}")
}

node_var() { local v="${1//-/_}"; echo "${v^^}"; }
node_ns() { local v; v="LAB_NS_$(node_var "$1")"; echo "${!v}"; }
node_mac() { local v; v="LAB_MAC_$(node_var "$1")"; echo "${!v}"; }
node_of_mac() {
  local n
  for n in $LAB_NODES; do [[ "$(node_mac "$n")" == "$1" ]] && { echo "$n"; return 0; }; done
  return 1
}

# --- the prober -------------------------------------------------------------------------------------------------------
probe_start() {
  PROBE_LOG="$OUT/$1.probe"
  : >"$PROBE_LOG"
  ip netns exec "$LAB_NS_CLIENT" "$TOOL" probe --iface eth0 --src 192.0.2.100 --target "$VIP" --interval-ms 10 \
    --out "$PROBE_LOG" 2>>"$OUT/$1.probe.err" &
  PROBE_PID=$!
}

probe_stop() {
  kill -TERM "$PROBE_PID" 2>/dev/null || true
  wait "$PROBE_PID" 2>/dev/null || true
  PROBE_PID=""
}

# The MACs that spoke for the address in the last $1 ms, with their packet counts ("MAC COUNT" lines).
recent_macs() {
  local since=$(( $(now_us) - $1 * 1000 ))
  tail -n 400 "$PROBE_LOG" | awk -v s="$since" '$1 > s { c[$2]++ } END { for (m in c) print m, c[m] }'
}

# Until MAC alone has answered for the last 0.5 s (at least 20 of the 50 requests), or die after $2 seconds.
wait_sole_owner() {
  local mac="$1" deadline=$(( $(date +%s) + $2 )) seen
  while :; do
    seen="$(recent_macs 500)"
    if [[ "$(wc -l <<<"$seen")" == 1 && "${seen%% *}" == "$mac" && "${seen##* }" -ge 20 ]]; then return 0; fi
    (( $(date +%s) < deadline )) || { echo "$seen" >&2; die "$(node_of_mac "$mac" || echo "$mac") did not become the sole owner of $VIP within $2 s ($SYSTEM)"; }
    sleep 0.05
  done
}

# Until a MAC other than $1 speaks for the address after the probe log's byte offset $2, or $3 seconds pass.
wait_takeover() {
  local old="$1" offset="$2" deadline=$(( $(date +%s) + $3 ))
  while (( $(date +%s) < deadline )); do
    tail -c +"$(( offset + 1 ))" "$PROBE_LOG" | awk -v o="$old" '$2 != o { found = 1; exit } END { exit !found }' && return 0
    sleep 0.01
  done
  return 1
}

# The first MAC that answers alone for a while: the owner the election chose.
find_owner() {
  local deadline=$(( $(date +%s) + 60 )) seen
  while (( $(date +%s) < deadline )); do
    seen="$(recent_macs 1000)"
    if [[ "$(wc -l <<<"$seen")" == 1 && -n "$seen" && "${seen##* }" -ge 50 ]]; then echo "${seen%% *}"; return 0; fi
    sleep 0.2
  done
  die "no single node answered ARP for $VIP within 60 s ($SYSTEM)"
}

# --- faults -----------------------------------------------------------------------------------------------------------
# The processes a fault hits: ingot's own pid (the lab's start script execs it), or every keepalived process (parent
# and VRRP child) in the node's namespace.
targets() {
  local n="$1" p
  if [[ "$SYSTEM" == ingot ]]; then
    cat "$LAB_DIR/ingot-$n.pid"
  else
    for p in $(ip netns pids "$(node_ns "$n")"); do
      [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == keepalived ]] && echo "$p"
    done
  fi
  return 0
}

inject() {
  local fault="$1" n="$2"
  case "$fault" in
    kill9)
      if [[ "$SYSTEM" == ingot ]]; then
        kill -9 $(targets "$n")
      else
        # A crash, not a shutdown: keepalived's VRRP child takes SIGTERM when its parent dies (and then leaves
        # cleanly, priority 0 and VIP removed), and the parent respawns a dead child. So the parent is frozen first,
        # the child killed, then the parent: no keepalived code runs after the fault.
        local parent children
        parent="$(cat "$LAB_DIR/keepalived-$n.pid")"
        children="$(targets "$n" | grep -vx "$parent" || true)"
        kill -STOP "$parent"
        [[ -n "$children" ]] && kill -9 $children
        kill -9 "$parent"
      fi
      ;;
    stop) kill -STOP $(targets "$n") ;;
    linkdown) ip -n "$(node_ns "$n")" link set eth0 down ;;
  esac
}

restore() {
  local fault="$1" n="$2" ns i
  ns="$(node_ns "$n")"
  case "$fault" in
    kill9)
      if [[ "$SYSTEM" == ingot ]]; then
        # The lab's own start command; its pid file is where lab.sh and the next trial look for the process.
        "$LAB_DIR/ingot-$n.start" &
        echo $! >"$LAB_DIR/ingot-$n.pid"
        disown # killed by the next trial, not a job of ours to report
      else
        # The killed VRRP child lingers as a zombie until init reaps it, and keepalived, finding its pid in the pid
        # file, would exit with "daemon is already running": a service manager restarting a crashed daemon starts it
        # without stale pid files, and so does this.
        rm -f "$LAB_DIR/keepalived-$n.pid" "$LAB_DIR/keepalived-$n-vrrp.pid"
        keepalived_start "$n"
      fi
      ;;
    stop) kill -CONT $(targets "$n") ;;
    linkdown)
      ip -n "$ns" link set eth0 up
      # Link down dropped the route to the remote network and (keep_addr_on_down=0) the IPv6 address: put the lab
      # back as lab.sh built it.
      case "$n" in node-a) i=1 ;; node-b) i=2 ;; node-c) i=3 ;; esac
      ip -n "$ns" -6 addr replace "2001:db8::$i/64" dev eth0 nodad
      ip -n "$ns" route replace 198.51.100.0/24 via "$LAB_ROUTER_IP4"
      ip -n "$ns" -6 route replace 2001:db8:1::/64 via "$LAB_ROUTER_IP6" 2>/dev/null || true
      ;;
  esac
}

# SYSTEM, CYCLE_MS: N trials of every fault on the owner; trial lines into $OUT/$SYSTEM.trials.
run_trials() {
  local owner node fault i before fault_us offset restore_us
  owner="$(find_owner)"
  node="$(node_of_mac "$owner")" || die "$owner is no lab node"
  say "$SYSTEM: $node ($owner) owns $VIP; $TRIALS trials each of ${FAULTS[*]}"
  : >"$OUT/$SYSTEM.trials"
  for fault in "${FAULTS[@]}"; do
    for i in $(seq "$TRIALS"); do
      wait_sole_owner "$owner" 60
      sleep "$(printf '0.%03d' $(( RANDOM % CYCLE_MS )))"
      offset="$(stat -c %s "$PROBE_LOG")"
      fault_us="$(now_us)"
      inject "$fault" "$node"
      wait_takeover "$owner" "$offset" 20 || say "$SYSTEM $fault trial $i: no other node answered within 20 s"
      sleep "$OBSERVE"
      restore_us="$(now_us)"
      restore "$fault" "$node"
      echo "$fault $fault_us $owner $restore_us" >>"$OUT/$SYSTEM.trials"
    done
    say "$SYSTEM: $fault done"
  done
  wait_sole_owner "$owner" 60
}

analyze() {
  "$TOOL" analyze --name "$SYSTEM" --log "$PROBE_LOG" --trials "$OUT/$SYSTEM.trials" >"$OUT/$SYSTEM.analysis" \
    || die "analysis of $SYSTEM failed"
}

# --- keepalived -------------------------------------------------------------------------------------------------------
# $1 = advert_int, $2 = VRRP version. node-a gets the highest priority, so it is master and, preempting, takes the VIP
# back when it returns, as Ingot's node-a does after its hold-down.
keepalived_config() {
  local advert="$1" version="$2" n prio
  for n in $LAB_NODES; do
    case "$n" in node-a) prio=150 ;; node-b) prio=100 ;; *) prio=50 ;; esac
    cat >"$LAB_DIR/keepalived-$n.conf" <<EOF
# keepalived for bench/failover/run.sh: VRRP for $VIP on the lab LAN of $LAB_PREFIX only.
global_defs {
  router_id $n
  vrrp_version $version
}
vrrp_instance lab {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int $advert
  virtual_ipaddress {
    $VIP/32 dev eth0
  }
}
EOF
  done
}

keepalived_start() {
  local n="$1"
  ip netns exec "$(node_ns "$n")" keepalived -n -l -D -G -P -f "$LAB_DIR/keepalived-$n.conf" \
    -p "$LAB_DIR/keepalived-$n.pid" -r "$LAB_DIR/keepalived-$n-vrrp.pid" >>"$LAB_DIR/keepalived-$n.log" 2>&1 &
  disown
}

keepalived_stop_all() {
  local n p
  for n in $LAB_NODES; do
    p="$(targets "$n")"
    [[ -n "$p" ]] && kill -CONT $p 2>/dev/null && kill -TERM $p 2>/dev/null || true
  done
  for _ in $(seq 100); do
    p=""
    for n in $LAB_NODES; do p+="$(targets "$n")"; done
    [[ -z "$p" ]] && break
    sleep 0.1
  done
  # A VIP left behind by a kill -9 would answer in the next variant.
  for n in $LAB_NODES; do ip -n "$(node_ns "$n")" addr del "$VIP/32" dev eth0 2>/dev/null || true; done
}

# --- idle cost --------------------------------------------------------------------------------------------------------
# Prints "cpu NODE PERCENT" and "pps NODE SENT_PER_S" for the current lab.
idle_sample() {
  local n tick pids=() start=() end p i dumps=()
  tick="$(getconf CLK_TCK)"
  sleep "$WARM"
  for n in $LAB_NODES; do
    ip netns exec "$LAB_NS_LAN" timeout "$IDLE" tcpdump -i "p-$n" -Q in -nn -w "$OUT/idle-$1-$n.pcap" udp port 7946 \
      2>/dev/null &
    dumps+=($!)
  done
  for n in $LAB_NODES; do
    p="$(cat "$LAB_DIR/ingot-$n.pid")"
    pids+=("$p")
    start+=("$(awk '{print $14 + $15}' "/proc/$p/stat")")
  done
  sleep "$IDLE"
  i=0
  for n in $LAB_NODES; do
    end="$(awk '{print $14 + $15}' "/proc/${pids[$i]}/stat")"
    echo "cpu $n $(awk -v a="${start[$i]}" -v b="$end" -v t="$tick" -v w="$IDLE" 'BEGIN { printf "%.3f", (b - a) * 100 / (t * w) }')"
    i=$((i + 1))
  done
  wait "${dumps[@]}" || true
  for n in $LAB_NODES; do
    echo "pps $n $(tcpdump -r "$OUT/idle-$1-$n.pcap" -nn 2>/dev/null | wc -l | awk -v w="$IDLE" '{ printf "%.1f", $1 / w }')"
  done
}

# --- the run ----------------------------------------------------------------------------------------------------------
say "results in $OUT; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load_before $(cut -d' ' -f1-3 /proc/loadavg) cores $(nproc)" >"$OUT/machine"

SYSTEM=ingot CYCLE_MS=100
lab_up ingot --set "l2.membership.holdDown=$HOLD_DOWN"
probe_start ingot
run_trials
probe_stop
analyze
lab_down

lab_up keepalived --no-ingot
for variant in "ka-1 1 2 1000" "ka-0.1 0.1 3 100"; do
  read -r SYSTEM advert version CYCLE_MS <<<"$variant"
  keepalived_config "$advert" "$version"
  probe_start "$SYSTEM"
  for n in $LAB_NODES; do keepalived_start "$n"; done
  run_trials
  probe_stop
  keepalived_stop_all
  analyze
done
cp "$LAB_DIR"/keepalived-* "$OUT/" 2>/dev/null || true
lab_down

if [[ $SKIP_IDLE == 0 ]]; then
  say "idle cost: membership on, ${WARM} s warm-up, ${IDLE} s sample"
  lab_up idle-membership
  idle_sample membership >"$OUT/idle-membership"
  lab_down
  say "idle cost: --no-membership (baseline)"
  lab_up idle-baseline --no-membership
  idle_sample baseline >"$OUT/idle-baseline"
  lab_down
fi
echo "load_after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine"

cat "$OUT"/ingot.analysis "$OUT"/ka-1.analysis "$OUT"/ka-0.1.analysis | grep '^trial ' >"$OUT/trials.txt"
python3 - "$OUT" "$TRIALS" "$HOLD_DOWN" "$SKIP_IDLE" <<'PY'
import os, statistics, sys
out, trials, hold, skip_idle = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
rows = {}
for name in ("ingot", "ka-1", "ka-0.1"):
    for line in open(os.path.join(out, f"{name}.analysis")):
        f = line.split()
        if f[0] == "summary":
            rows[(f[1], f[2])] = f[3:]
print(f"\nfailover of {'192.0.2.200'}: {trials} trials per fault, Ingot holdDown {hold} s (trials only; the default is 5 s)")
print(f"{'system':8} {'fault':9} {'taken':>6} {'median':>8} {'p99':>8} {'max':>8}  old owner answered after / more than one MAC")
for (name, fault), (n, ok, med, p99, mx, old, notone) in rows.items():
    print(f"{name:8} {fault:9} {ok:>3}/{n:<2} {med:>6} ms {p99:>6} ms {mx:>6} ms  {old}/{n} / {notone}/{ok}")
print("\nratio Ingot / keepalived advert_int 0.1 (median, p99):")
for fault in ("kill9", "stop", "linkdown"):
    i, k = rows.get(("ingot", fault)), rows.get(("ka-0.1", fault))
    if i and k and "-" not in (i[2], k[2]):
        print(f"  {fault:9} {float(i[2]) / float(k[2]):.2f}  {float(i[3]) / float(k[3]):.2f}")
if not skip_idle:
    def read(name):
        cpu, pps = {}, {}
        for line in open(os.path.join(out, f"idle-{name}")):
            kind, node, value = line.split()
            (cpu if kind == "cpu" else pps)[node] = float(value)
        return cpu, pps
    mc, mp = read("membership")
    bc, bp = read("baseline")
    print("\nidle, 3 nodes (CPU % of one core per node; UDP 7946 packets sent per node per second):")
    print(f"  membership    : cpu {' / '.join(f'{v:.2f}' for v in mc.values())}, mean {statistics.mean(mc.values()):.2f} %; pps {' / '.join(f'{v:.1f}' for v in mp.values())}")
    print(f"  no membership : cpu {' / '.join(f'{v:.2f}' for v in bc.values())}, mean {statistics.mean(bc.values()):.2f} %; pps {' / '.join(f'{v:.1f}' for v in bp.values())}")
    d = statistics.mean(mc.values()) - statistics.mean(bc.values())
    print(f"  added per node: {d:+.2f} % of a core; ratio membership / baseline {statistics.mean(mc.values()) / statistics.mean(bc.values()):.2f}")
print("\n" + open(os.path.join(out, "machine")).read().strip())
PY
say "per-trial figures in $OUT/trials.txt"

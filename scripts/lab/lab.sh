#!/usr/bin/env bash
# The Ingot lab: a LAN bridge, three node namespaces each running `ingot run` (layer 2 and BGP), a client namespace on
# the LAN, and a BIRD 2 router joining the LAN to a remote network, all in network namespaces this script creates
# (documentation addresses and private ASNs only) and removes when it ends, also on failure and Ctrl-C.
#
#   scripts/lab/lab.sh demo                 build the lab, show who answers ARP, curl the LoadBalancer IP, then show the
#                                           router's BGP routes and curl the same IP from the remote network, tear down
#   scripts/lab/lab.sh run -- CMD [ARGS]    build the lab, run CMD with the lab's variables exported, tear down
#   scripts/lab/lab.sh up                   build the lab and leave it running; prints the variables (and LAB_ENV)
#   scripts/lab/lab.sh down PREFIX          remove a lab left by `up`
#
# Options (before the mode): --config DIR (default examples/lab; copied, so the lab's manifests can be edited),
#   --ingot PATH (default artifacts/ingot/ingot), --no-ingot (namespaces and web servers only), --refresh SECONDS,
#   --set KEY=VALUE (repeatable; handed to every node's `ingot run --set`), --no-membership (the Node-readiness
#   election of earlier releases), --image ARCHIVE (or LAB_IMAGE=ARCHIVE: the nodes run the image scripts/image.sh
#   wrote, with podman and runc, instead of the binary). By default the nodes run speaker membership (docs/failover.md) on UDP 7946 with a
#   random key in $LAB_DIR/membership.key, their peers read from the Node objects' InternalIP addresses.
#
# Layout (PREFIX is unique per run, e.g. il2-1a2b3c):
#   PREFIX-lan     bridge br0; one veth per namespace below
#   PREFIX-node-a  eth0 192.0.2.1/24 2001:db8::1/64   ingot run --node node-a, web server on :80
#   PREFIX-node-b  eth0 192.0.2.2/24 2001:db8::2/64   ...
#   PREFIX-node-c  eth0 192.0.2.3/24 2001:db8::3/64   ...
#   PREFIX-client  eth0 192.0.2.100/24 2001:db8::100/64
#   PREFIX-router  eth0 192.0.2.254/24 2001:db8::fe/64 (LAN), eth1 198.51.100.1/24 2001:db8:1::1/64 (remote network);
#                  BIRD 2, AS 64513, one passive eBGP session per node (AS 64512), each guarded by BFD (300 ms x 3),
#                  BGP routes exported to the kernel table with ECMP (merge paths); forwarding on
#   PREFIX-remote  eth0 198.51.100.100/24 2001:db8:1::100/64, default routes via the router
# The nodes route the remote network via the router. The router holds no pool address, so it never answers ARP/NDP for
# one: it reaches a LoadBalancer IP only through the BGP routes the nodes announce.
# Every pool address is on each node's `lo`, and arp_ignore=1 / arp_announce=2 keep the kernel from answering ARP for
# it (the kernel never answers NDP for addresses on another interface), so the client reaches a LoadBalancer IP only
# when Ingot answers for it.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONFIG_SRC="$REPO/examples/lab"
INGOT="$REPO/artifacts/ingot/ingot"
START_INGOT=1
REFRESH=""
MEMBERSHIP=1
SETTINGS=()
NODES=(node-a node-b node-c)
METRICS_PORT=9120
ROUTER_IP4=192.0.2.254
ROUTER_IP6=2001:db8::fe
ROUTER_ASN=64513
NODE_ASN=64512

die() { echo "lab: $*" >&2; exit 1; }
say() { echo "lab: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --config) CONFIG_SRC="$(cd "$2" && pwd)"; shift 2 ;;
    --ingot) INGOT="$2"; shift 2 ;;
    --no-ingot) START_INGOT=0; shift ;;
    --refresh) REFRESH="$2"; shift 2 ;;
    --set) SETTINGS+=("$2"); shift 2 ;;
    --no-membership) MEMBERSHIP=0; shift ;;
    --image) LAB_IMAGE="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/{/^set -e/d;p}' "$0"; exit 0 ;;
    *) break ;;
  esac
done
MODE="${1:-demo}"
[[ $# -gt 0 ]] && shift

[[ $EUID -eq 0 ]] || die "needs root (network namespaces)"
for tool in ip sysctl python3 bird birdc; do command -v "$tool" >/dev/null || die "missing $tool"; done

ns() { echo "$LAB_PREFIX-$1"; }
inns() { local n="$1"; shift; ip netns exec "$(ns "$n")" "$@"; }

# Every namespace whose name starts with the prefix, and the processes inside them, go away.
teardown() {
  local prefix="$1" n pids
  for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${prefix}-" || true); do
    pids="$(ip netns pids "$n" 2>/dev/null || true)"
    if [[ -n "$pids" ]]; then
      # These are the processes this lab started inside its own namespaces (ingot, the web servers).
      kill $pids 2>/dev/null || true
      for _ in $(seq 50); do
        pids="$(ip netns pids "$n" 2>/dev/null || true)"
        [[ -z "$pids" ]] && break
        sleep 0.1
      done
      [[ -n "$pids" ]] && kill -9 $pids 2>/dev/null || true
    fi
    ip netns del "$n" 2>/dev/null || true
  done
  if [[ -n "${LAB_DIR:-}" && -d "$LAB_DIR" && "$prefix" == "${LAB_PREFIX:-}" && "${KEEP_DIR:-0}" != 1 ]]; then
    rm -rf "$LAB_DIR"
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "${LAB_PREFIX:-}" && "${LAB_KEEP:-0}" != 1 ]]; then
    teardown "$LAB_PREFIX"
    say "removed namespaces $LAB_PREFIX-*"
  fi
  exit "$rc"
}

node_ip4() { echo "192.0.2.$(( $1 + 1 ))"; }
node_ip6() { echo "2001:db8::$(( $1 + 1 ))"; }

# The addresses of every pool in the config (IPv4 ranges and CIDRs up to /24, IPv6 ranges of the lab), for `lo`.
pool_addresses() {
  python3 - "$LAB_CONFIG" <<'PY'
import ipaddress, os, re, sys
out = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith((".yaml", ".yml")):
            continue
        for doc in open(os.path.join(root, f)).read().split("\n---"):
            if not re.search(r"^kind:\s*IPAddressPool\s*$", doc, re.M):
                continue
            m = re.search(r"addresses:\s*\n((?:\s*-\s*.+\n?)+)", doc)
            for entry in re.findall(r"-\s*([0-9a-fA-F:./\-]+)", m.group(1) if m else ""):
                try:
                    if "-" in entry:
                        a, b = (ipaddress.ip_address(x.strip()) for x in entry.split("-", 1))
                        if int(b) - int(a) > 256:
                            continue
                        out += [str(ipaddress.ip_address(i)) for i in range(int(a), int(b) + 1)]
                    else:
                        net = ipaddress.ip_network(entry, strict=False)
                        if net.num_addresses <= 256:
                            out += [str(x) for x in net]
                except ValueError:
                    pass
print("\n".join(sorted(set(out))))
PY
}

setup_lab() {
  LAB_PREFIX="il2-$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  LAB_DIR="$(mktemp -d "/tmp/$LAB_PREFIX.XXXX")"
  LAB_CONFIG="$LAB_DIR/config"
  LAB_ENV="$LAB_DIR/lab.env"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cp -r "$CONFIG_SRC" "$LAB_CONFIG"
  chmod 755 "$LAB_DIR"

  say "creating namespaces $LAB_PREFIX-{lan,$(IFS=,; echo "${NODES[*]}"),client,router,remote}"
  ip netns add "$(ns lan)"
  inns lan ip link set lo up
  inns lan ip link add br0 type bridge
  # No STP forwarding delay and no IPv6 on the bridge itself: it only switches frames.
  inns lan ip link set br0 type bridge forward_delay 0 stp_state 0
  inns lan sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  inns lan ip link set br0 up

  local i=0 n
  for n in "${NODES[@]}" client router; do
    ip netns add "$(ns "$n")"
    inns "$n" ip link set lo up
    # Created inside the LAN namespace, the peer goes straight into the node: nothing touches the host's interfaces.
    inns lan ip link add "p-$n" type veth peer name eth0 netns "$(ns "$n")"
    inns lan ip link set "p-$n" master br0 up
    inns "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    inns "$n" sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
    if [[ "$n" == client ]]; then
      inns client ip addr add 192.0.2.100/24 dev eth0
      inns client ip -6 addr add 2001:db8::100/64 dev eth0 nodad
      inns client ip link set eth0 up
    elif [[ "$n" == router ]]; then
      inns router ip addr add "$ROUTER_IP4/24" dev eth0
      inns router ip -6 addr add "$ROUTER_IP6/64" dev eth0 nodad
      inns router ip link set eth0 up
    else
      inns "$n" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
      inns "$n" sysctl -qw net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
      inns "$n" ip addr add "$(node_ip4 $i)/24" dev eth0
      inns "$n" ip -6 addr add "$(node_ip6 $i)/64" dev eth0 nodad
      inns "$n" ip link set eth0 up
      i=$((i + 1))
    fi
  done

  # On-link routes for every documentation prefix the pools may use, so the client sends straight to the LAN.
  inns client ip -6 route add 2001:db8::/32 dev eth0 metric 2048 2>/dev/null || true

  setup_router

  # The nodes answer the remote network through the router.
  for n in "${NODES[@]}"; do
    inns "$n" ip route add 198.51.100.0/24 via "$ROUTER_IP4"
    inns "$n" ip -6 route add 2001:db8:1::/64 via "$ROUTER_IP6"
  done

  local addrs
  addrs="$(pool_addresses)"
  for n in "${NODES[@]}"; do
    local a
    for a in $addrs; do
      if [[ "$a" == *:* ]]; then
        inns "$n" ip -6 addr add "$a/128" dev lo nodad
      else
        inns "$n" ip addr add "$a/32" dev lo
      fi
    done
  done

  # A web server per node that says which node answered.
  for n in "${NODES[@]}"; do
    mkdir -p "$LAB_DIR/www/$n"
    echo "hello from $n" >"$LAB_DIR/www/$n/index.html"
    inns "$n" python3 -m http.server 80 --bind :: --directory "$LAB_DIR/www/$n" >"$LAB_DIR/www-$n.log" 2>&1 &
  done

  {
    echo "LAB_PREFIX=$LAB_PREFIX"
    echo "LAB_DIR=$LAB_DIR"
    echo "LAB_CONFIG=$LAB_CONFIG"
    echo "LAB_NODES=\"${NODES[*]}\""
    echo "LAB_METRICS_PORT=$METRICS_PORT"
    i=0
    for n in "${NODES[@]}"; do
      local var="${n//-/_}"; var="${var^^}"
      echo "LAB_NS_$var=$(ns "$n")"
      echo "LAB_MAC_$var=$(inns "$n" cat /sys/class/net/eth0/address)"
      echo "LAB_IP4_$var=$(node_ip4 $i)"
      echo "LAB_IP6_$var=$(node_ip6 $i)"
      echo "LAB_START_$var=$LAB_DIR/ingot-$n.start"
      i=$((i + 1))
    done
    echo "LAB_NS_CLIENT=$(ns client)"
    echo "LAB_NS_LAN=$(ns lan)"
    echo "LAB_MAC_CLIENT=$(inns client cat /sys/class/net/eth0/address)"
    echo "LAB_NS_ROUTER=$(ns router)"
    echo "LAB_NS_REMOTE=$(ns remote)"
    echo "LAB_MAC_ROUTER=$(inns router cat /sys/class/net/eth0/address)"
    echo "LAB_ROUTER_IP4=$ROUTER_IP4"
    echo "LAB_ROUTER_IP6=$ROUTER_IP6"
    echo "LAB_REMOTE_IP4=198.51.100.100"
    echo "LAB_REMOTE_IP6=2001:db8:1::100"
    echo "LAB_BIRD_SOCKET=$LAB_DIR/bird.ctl"
    echo "LAB_MEMBERSHIP=$MEMBERSHIP"
    echo "LAB_MEMBERSHIP_PORT=7946"
  } >"$LAB_ENV"

  if [[ $START_INGOT == 1 ]]; then
    [[ -n "${LAB_IMAGE:-}" || -x "$INGOT" ]] || die "$INGOT not found: build the host and plugins first (dotnet build host/Ingot.Host -c Release; dotnet build plugins/l2 -c Release; ...)"
    if [[ $MEMBERSHIP == 1 ]]; then
      # One shared secret for the lab's speakers, as the memberlist Secret is in a cluster; readable by root only.
      (umask 077 && head -c 32 /dev/urandom >"$LAB_DIR/membership.key")
    fi
    for n in "${NODES[@]}"; do start_node "$n"; done
    wait_ready
  fi
}

# The router: a second veth from its namespace into the remote client's, forwarding on, and BIRD 2 with one passive eBGP
# session per node (the nodes connect; `neighbor range` would also do, but named sessions read better in `show
# protocols`). The kernel protocols export only BGP routes, merging equal paths into one multipath (ECMP) route. BFD
# (the nodes' BFDProfile `lab` asks for the same 300 ms x 3) takes a hung node out of the ECMP route in under a second;
# BIRD keeps a BGP session up while its BFD session has never come up, so a config without the profile still peers.
setup_router() {
  ip netns add "$(ns remote)"
  inns remote ip link set lo up
  inns router ip link add eth1 type veth peer name eth0 netns "$(ns remote)"
  inns remote sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  inns remote sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
  inns router sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  inns router ip addr add 198.51.100.1/24 dev eth1
  inns router ip -6 addr add 2001:db8:1::1/64 dev eth1 nodad
  inns router ip link set eth1 up
  inns remote ip addr add 198.51.100.100/24 dev eth0
  inns remote ip -6 addr add 2001:db8:1::100/64 dev eth0 nodad
  inns remote ip link set eth0 up
  inns remote ip route add default via 198.51.100.1
  inns remote ip -6 route add default via 2001:db8:1::1

  local i=0 n conf="$LAB_DIR/bird.conf"
  {
    echo "# BIRD 2 of the lab's router (generated by scripts/lab/lab.sh)."
    echo "router id $ROUTER_IP4;"
    echo "log \"$LAB_DIR/bird.log\" all;"
    echo "protocol device { }"
    echo "protocol kernel kernel4 { ipv4 { import none; export where source = RTS_BGP; }; merge paths on; }"
    echo "protocol kernel kernel6 { ipv6 { import none; export where source = RTS_BGP; }; merge paths on; }"
    echo "protocol bfd { interface \"*\" { min rx interval 300 ms; min tx interval 300 ms; multiplier 3; }; }"
    echo "template bgp lab_node {"
    echo "  local $ROUTER_IP4 as $ROUTER_ASN;"
    echo "  passive on;"
    echo "  bfd on;"
    echo "  error wait time 1, 10;" # a node back from a failure peers again within seconds (BIRD waits 60-300 s by default)
    echo "  ipv4 { import all; export none; };"
    echo "  ipv6 { import all; export none; };"
    echo "}"
    for n in "${NODES[@]}"; do
      echo "protocol bgp ${n//-/_} from lab_node { neighbor $(node_ip4 $i) as $NODE_ASN; }"
      i=$((i + 1))
    done
  } >"$conf"
  # bird forks into the background inside the router namespace; teardown kills it with the namespace's processes.
  inns router bird -c "$conf" -s "$LAB_DIR/bird.ctl" -P "$LAB_DIR/bird.pid" \
    || die "bird did not start (config $conf)"
  for _ in $(seq 50); do
    inns router birdc -s "$LAB_DIR/bird.ctl" show status >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "bird's control socket $LAB_DIR/bird.ctl never answered"
}

# Each node's command goes into $LAB_DIR/ingot-NODE.start (exported as LAB_START_NODE), so a test that kills a node's
# ingot can start it again exactly as the lab did; the script execs, so the pid in ingot-NODE.pid is ingot's own.
start_node() {
  local n="$1" extra=() setting script="$LAB_DIR/ingot-$1.start"
  [[ -n "$REFRESH" ]] && extra+=(--set "l2.refreshInterval=$REFRESH")
  [[ $MEMBERSHIP == 1 ]] && extra+=(--set "l2.membership.keyFile=$LAB_DIR/membership.key")
  for setting in "${SETTINGS[@]}"; do extra+=(--set "$setting"); done
  # `ip netns exec` gives ingot only the namespace's interfaces (and remounts /sys for them).
  local runner=(ip netns exec "$(ns "$n")" "$INGOT")
  if [[ -n "${LAB_IMAGE:-}" ]]; then
    # The image instead: the DaemonSet's securityContext (capabilities NET_RAW and SYS_NICE only, no privilege
    # escalation, read-only root, /tmp writable), the lab directory at the same path, its config read-only. runc and
    # these ulimits, as crun and podman's defaults fail in these VMs. The container dies with the namespace's processes.
    [[ -n "${LAB_IMAGE_REF:-}" ]] || LAB_IMAGE_REF="$(podman load -q -i "$LAB_IMAGE" | sed -n 's/^Loaded image[^:]*: *//p' | head -n1)"
    [[ -n "$LAB_IMAGE_REF" ]] || die "podman load -i $LAB_IMAGE named no image"
    runner=(podman --runtime runc run --rm --replace --pull=never --name "$(ns "$n")" --network "ns:/run/netns/$(ns "$n")"
      --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --cap-drop ALL --cap-add NET_RAW --cap-add SYS_NICE
      --security-opt no-new-privileges --read-only --tmpfs /tmp -v "$LAB_DIR:$LAB_DIR" -v "$LAB_CONFIG:$LAB_CONFIG:ro"
      "$LAB_IMAGE_REF")
  fi
  {
    echo "#!/usr/bin/env bash"
    printf 'exec'
    printf ' %q' "${runner[@]}" run --config "$LAB_CONFIG" --node "$n" \
      --state "$LAB_DIR/state-$n.json" --metrics-address "127.0.0.1:$METRICS_PORT" --announcers l2,bgp "${extra[@]}"
    printf ' >>%q 2>&1\n' "$LAB_DIR/ingot-$n.log"
  } >"$script"
  chmod +x "$script"
  "$script" &
  echo $! >"$LAB_DIR/ingot-$n.pid"
}

wait_ready() {
  local n ok
  for n in "${NODES[@]}"; do
    ok=0
    for _ in $(seq 150); do
      if inns "$n" bash -c "exec 3<>/dev/tcp/127.0.0.1/$METRICS_PORT" 2>/dev/null; then ok=1; break; fi
      if ! kill -0 "$(cat "$LAB_DIR/ingot-$n.pid")" 2>/dev/null; then
        cat "$LAB_DIR/ingot-$n.log" >&2
        die "ingot on $n exited"
      fi
      sleep 0.2
    done
    [[ $ok == 1 ]] || { cat "$LAB_DIR/ingot-$n.log" >&2; die "ingot on $n did not start listening on 127.0.0.1:$METRICS_PORT"; }
  done
  say "ingot runs on ${NODES[*]} (logs in $LAB_DIR/ingot-*.log)"
}

# The LoadBalancer IPs from the state file (written by the file source) of node-a.
lb_addresses() {
  python3 - "$LAB_DIR/state-${NODES[0]}.json" <<'PY' 2>/dev/null || true
import json, re, sys
text = open(sys.argv[1]).read()
print("\n".join(dict.fromkeys(re.findall(r'"(\d+\.\d+\.\d+\.\d+|[0-9a-fA-F]*:[0-9a-fA-F:]+)"', text))))
PY
}

demo() {
  setup_lab
  # shellcheck disable=SC1090
  source "$LAB_ENV"
  say "waiting for an address to be assigned"
  local vip=""
  for _ in $(seq 50); do
    vip="$(lb_addresses | grep -E '^192\.0\.2\.' | head -n1 || true)"
    [[ -n "$vip" ]] && break
    sleep 0.2
  done
  [[ -n "$vip" ]] || { cat "$LAB_DIR"/ingot-*.log >&2; die "no LoadBalancer address was assigned (see the logs above)"; }
  say "waiting for a node to answer ARP for $vip"
  local mac=""
  for _ in $(seq 60); do
    mac="$(inns client arping -c 1 -W 0.5 -i eth0 "$vip" 2>/dev/null | sed -n 's/.*bytes from \([0-9a-f:]*\) .*/\1/p' | head -n1 || true)"
    [[ -n "$mac" ]] && break
    sleep 0.3
  done
  [[ -n "$mac" ]] || { cat "$LAB_DIR"/ingot-*.log >&2; die "nobody answers ARP for $vip (see the logs above)"; }
  local owner=unknown
  [[ "$mac" == "$LAB_MAC_NODE_A" ]] && owner=node-a
  [[ "$mac" == "$LAB_MAC_NODE_B" ]] && owner=node-b
  [[ "$mac" == "$LAB_MAC_NODE_C" ]] && owner=node-c
  echo
  echo "== LoadBalancer IP of default/web: $vip"
  echo "== node MACs: node-a $LAB_MAC_NODE_A, node-b $LAB_MAC_NODE_B, node-c $LAB_MAC_NODE_C"
  echo "== $owner won MetalLB's election for $vip and answers ARP; arping from the client:"
  inns client arping -c 3 -W 0.2 -i eth0 "$vip" || true
  echo "== curl http://$vip/ from the client:"
  local out=""
  for _ in $(seq 20); do
    if out="$(inns client curl -s --max-time 2 "http://$vip/")"; then break; fi
    sleep 0.3
  done
  echo "$out"
  [[ "$out" == hello* ]] || die "curl did not get an answer"
  echo "== the kernel does not answer for an unassigned pool address (192.0.2.209):"
  inns client arping -c 2 -W 0.2 -i eth0 192.0.2.209 || echo "(no reply, as expected)"
  echo
  demo_bgp "$vip"
}

# The BGP part: the router learns the LoadBalancer IP from the nodes, installs it in its kernel table, and the remote
# client (one hop behind the router) reaches the web server through that route.
demo_bgp() {
  local vip="$1" bird=(birdc -s "$LAB_BIRD_SOCKET")
  say "waiting for the router to install a BGP route for $vip"
  local route=""
  for _ in $(seq 150); do
    route="$(inns router ip route show "$vip/32" proto bird 2>/dev/null || true)"
    [[ -n "$route" ]] && break
    sleep 0.2
  done
  [[ -n "$route" ]] || { inns router "${bird[@]}" show protocols >&2 || true; cat "$LAB_DIR"/ingot-*.log >&2; die "the router never installed a route for $vip (see the logs above)"; }
  # Give the other nodes' sessions a moment to add their paths, so the listing shows the whole ECMP set.
  for _ in $(seq 50); do
    [[ "$(inns router ip route show "$vip/32" proto bird | grep -c 'nexthop via' || true)" -ge ${#NODES[@]} ]] && break
    sleep 0.2
  done
  echo "== the router (BIRD 2, AS $ROUTER_ASN) peers with every node (AS $NODE_ASN):"
  inns router "${bird[@]}" show protocols
  for _ in $(seq 50); do
    [[ "$(inns router "${bird[@]}" show bfd sessions | grep -c ' Up ' || true)" -ge ${#NODES[@]} ]] && break
    sleep 0.1
  done
  echo "== each session is guarded by BFD (birdc show bfd sessions):"
  inns router "${bird[@]}" show bfd sessions
  echo "== its BGP routes (birdc show route):"
  inns router "${bird[@]}" show route
  echo "== the kernel route BIRD installed for $vip (ECMP through the announcing nodes):"
  inns router ip route show "$vip/32"
  echo "== the path a packet from the remote client takes (ip route get $vip from 198.51.100.100 iif eth1):"
  inns router ip route get "$vip" from 198.51.100.100 iif eth1
  echo "== curl http://$vip/ from the remote network (198.51.100.100, via the router's BGP route):"
  local out=""
  for _ in $(seq 20); do
    if out="$(inns remote curl -s --max-time 2 "http://$vip/")"; then break; fi
    sleep 0.3
  done
  echo "$out"
  [[ "$out" == hello* ]] || die "curl from the remote network did not get an answer"
  echo
}

case "$MODE" in
  demo) demo ;;
  run)
    [[ "${1:-}" == "--" ]] && shift
    [[ $# -gt 0 ]] || die "run needs a command"
    setup_lab
    set -a
    # shellcheck disable=SC1090
    source "$LAB_ENV"
    set +a
    export LAB_ENV
    "$@"
    ;;
  up)
    setup_lab
    LAB_KEEP=1
    KEEP_DIR=1
    cat "$LAB_ENV"
    echo "LAB_ENV=$LAB_ENV"
    ;;
  down)
    [[ -n "${1:-}" ]] || die "down needs the prefix printed by up"
    [[ "$1" == il2-* ]] || die "not a lab prefix: $1"
    LAB_PREFIX="$1"
    teardown "$1"
    rm -rf "/tmp/$1".*
    ;;
  *) die "unknown mode $MODE (demo, run, up, down)" ;;
esac

#!/usr/bin/env bash
# End-to-end check of the bgp plugin through the real host: `ingot run` (file source + ipam + bgp) in one network
# namespace, gobgpd in another, joined by a veth with documentation addresses. Prints the route GoBGP received, the
# metallb_bgp_* metrics, then sends SIGTERM and shows the route withdrawn. Run as root after building host and plugins:
#   dotnet build host/Ingot.Host -c Release && for p in ipam file-source bgp; do dotnet build plugins/$p/*.csproj -c Release; done
set -euo pipefail
cd "$(dirname "$0")/../.."
D=$(mktemp -d /tmp/ingot-bgp-demo-XXXX)
S=ingot-bgp-demo$RANDOM-s
R=ingot-bgp-demo$RANDOM-r
cleanup() {
  for ns in $S $R; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$D"
}
trap cleanup EXIT
ip netns add $S; ip netns add $R
ip -n $S link add vs type veth peer name vr netns $R
ip -n $S addr add 192.0.2.1/24 dev vs; ip -n $R addr add 192.0.2.2/24 dev vr
for n in $S $R; do ip -n $n link set lo up; done
ip -n $S link set vs up; ip -n $R link set vr up

mkdir "$D/cfg"; cp examples/lab/namespace.yaml examples/lab/nodes.yaml examples/lab/web.yaml "$D/cfg/"
cat > "$D/cfg/metallb.yaml" <<'YAML'
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: pool, namespace: metallb-system}
spec: {addresses: [192.0.2.100-192.0.2.110]}
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: {name: ad, namespace: metallb-system}
spec: {ipAddressPools: [pool], communities: ["65000:100"]}
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: router, namespace: metallb-system}
spec: {myASN: 64512, peerASN: 65001, peerAddress: 192.0.2.2}
YAML
printf '[global.config]\n  as = 65001\n  router-id = "192.0.2.2"\n[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "192.0.2.1"\n    peer-as = 64512\n  [neighbors.transport.config]\n    passive-mode = true\n' > "$D/r.toml"

ip netns exec $R gobgpd -f "$D/r.toml" --api-hosts 127.0.0.1:50051 -l warn > "$D/gobgp.log" 2>&1 &
ip netns exec $S ./artifacts/ingot/ingot run --config "$D/cfg" --state "$D/state.json" --node node-a --announcers bgp \
  --set bgp.listenPort=0 --metrics-address 127.0.0.1:7472 > "$D/ingot.log" 2>&1 &
INGOT=$!
sleep 8
echo "== GoBGP received:"; ip netns exec $R gobgp -u 127.0.0.1 -p 50051 global rib -a ipv4
echo "== metrics:"; ip netns exec $S curl -s 127.0.0.1:7472/metrics | grep '^metallb_bgp'
kill -TERM $INGOT; wait $INGOT || true
echo "== GoBGP after SIGTERM:"; ip netns exec $R gobgp -u 127.0.0.1 -p 50051 global rib -a ipv4

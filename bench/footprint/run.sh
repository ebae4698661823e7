#!/usr/bin/env bash
# What an idle `ingot run` costs a node, for the plain build (artifacts/ingot/ingot) and the image (scripts/image.sh's
# archive, run with podman and runc): resident memory, threads, CPU over 60 s, start → /readyz, image size. Two labs
# (scripts/lab/lab.sh: L2 + BGP + BFD, three nodes, the lab's Services) run side by side, so both builds idle in the
# same 60 s; the references idle in that window too: the lab routers' BIRD 2 (three BGP sessions with BFD each) and a
# GoBGP `gobgpd` in a namespace of this script's own (iim-…), holding one route and no peer. Prints each figure and the
# ratios to the references. Everything runs in namespaces created here and removed on exit.
#
#   sudo bench/footprint/run.sh [SECONDS]     about 3 minutes; needs scripts/build.sh's build and scripts/image.sh's
#                                             archive (built here when missing)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IDLE="${1:-60}"
STARTS=3
WORK="$(mktemp -d /tmp/iim-footprint.XXXX)"
GOBGP_NS="iim-gobgp-$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PLAIN_PREFIX=""
IMAGE_PREFIX=""

die() { echo "footprint: $*" >&2; exit 1; }
say() { echo "footprint: $*" >&2; }

[[ $EUID -eq 0 ]] || die "needs root (network namespaces)"
[[ -x "$REPO/artifacts/ingot/ingot" ]] || die "artifacts/ingot/ingot is missing: run scripts/build.sh"
for tool in gobgpd podman python3 curl; do command -v "$tool" >/dev/null || die "missing $tool (scripts/setup.sh)"; done

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -n "$PLAIN_PREFIX" ]] && "$REPO/scripts/lab/lab.sh" down "$PLAIN_PREFIX" || true
  [[ -n "$IMAGE_PREFIX" ]] && "$REPO/scripts/lab/lab.sh" down "$IMAGE_PREFIX" || true
  if ip netns list | awk '{print $1}' | grep -qx "$GOBGP_NS"; then
    local pids
    pids="$(ip netns pids "$GOBGP_NS" || true)"
    [[ -n "$pids" ]] && kill $pids 2>/dev/null || true
    sleep 0.5
    ip netns del "$GOBGP_NS" || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ARCHIVE="$(ls -t "$REPO"/artifacts/image/ingot-*.oci.tar 2>/dev/null | head -n1 || true)"
[[ -n "$ARCHIVE" ]] || ARCHIVE="$("$REPO/scripts/image.sh" | tail -n1)"

up() { # up NAME [LAB OPTIONS]: a lab left running, its variables in $WORK/NAME.env
  local name="$1"; shift
  "$REPO/scripts/lab/lab.sh" "$@" up >"$WORK/$name.env" 2>"$WORK/$name.log" || { cat "$WORK/$name.log" >&2; die "lab ($name) did not come up"; }
  sed -n 's/^LAB_PREFIX=//p' "$WORK/$name.env"
}
say "starting two labs: the plain build and the image ($(basename "$ARCHIVE"))"
PLAIN_PREFIX="$(up plain)"
IMAGE_PREFIX="$(up image --image "$ARCHIVE")"

# GoBGP idle: one route in its RIB, no neighbour, its API on loopback inside its own namespace.
ip netns add "$GOBGP_NS"
ip netns exec "$GOBGP_NS" ip link set lo up
cat >"$WORK/gobgpd.toml" <<'EOF'
[global.config]
  as = 64600
  router-id = "203.0.113.1"
EOF
ip netns exec "$GOBGP_NS" gobgpd -f "$WORK/gobgpd.toml" --api-hosts 127.0.0.1:50051 >"$WORK/gobgpd.log" 2>&1 &
sleep 1
ip netns exec "$GOBGP_NS" gobgp -u 127.0.0.1 -p 50051 global rib add 203.0.113.0/24 >/dev/null 2>&1 || true

# pid_in NAMESPACE COMM: the process of that name inside the namespace.
pid_in() {
  local p
  for p in $(ip netns pids "$1" 2>/dev/null); do
    [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == "$2" ]] && { echo "$p"; return 0; }
  done
  return 1
}

say "letting everything settle (20 s), then sampling ${IDLE} s of idle"
sleep 20
{
  for lab in plain image; do
    prefix="$([[ $lab == plain ]] && echo "$PLAIN_PREFIX" || echo "$IMAGE_PREFIX")"
    for n in node-a node-b node-c; do echo "$lab $n $(pid_in "$prefix-$n" ingot)"; done
    echo "bird-$lab router $(pid_in "$prefix-router" bird)"
  done
  echo "gobgpd gobgp $(pid_in "$GOBGP_NS" gobgpd)"
} >"$WORK/pids"
python3 - "$WORK/pids" "$IDLE" >"$WORK/idle" <<'PY'
import os, sys, time
procs = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 3]
def ticks(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])
hz = os.sysconf("SC_CLK_TCK")
before = {p[2]: ticks(p[2]) for p in procs}
start = time.monotonic()
time.sleep(float(sys.argv[2]))
elapsed = time.monotonic() - start
for kind, node, pid in procs:
    status = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status"))
    rss = int(status["VmRSS"].split()[0]) / 1024
    threads = int(status["Threads"])
    cpu = (ticks(pid) - before[pid]) / hz / elapsed * 100
    print(kind, node, f"{rss:.1f}", threads, f"{cpu:.3f}")
PY

# Start → /readyz: node-a's ingot stopped (SIGTERM, it withdraws), started again by the lab's own start script, /readyz
# polled every 10 ms from inside the node's namespace. For the image this includes podman creating the container.
readyz() { # readyz ENVFILE: seconds from the start script to the first 200 from /readyz, STARTS times
  local env="$1" prefix start_script port i pid t0 t1
  prefix="$(sed -n 's/^LAB_PREFIX=//p' "$env")"
  start_script="$(sed -n 's/^LAB_START_NODE_A=//p' "$env")"
  port="$(sed -n 's/^LAB_METRICS_PORT=//p' "$env")"
  for i in $(seq "$STARTS"); do
    pid="$(pid_in "$prefix-node-a" ingot)" || die "no ingot in $prefix-node-a"
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    sleep 1
    t0="$(date +%s.%N)"
    "$start_script" &
    for _ in $(seq 3000); do
      ip netns exec "$prefix-node-a" curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz" && break
      sleep 0.01
    done
    t1="$(date +%s.%N)"
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}'
  done
}
say "start → /readyz, $STARTS starts of each"
readyz "$WORK/plain.env" >"$WORK/readyz-plain"
readyz "$WORK/image.env" >"$WORK/readyz-image"

image_bytes="$(podman image inspect --format '{{.Size}}' "ghcr.io/ingot-lb/ingot:$(basename "$ARCHIVE" .oci.tar | sed 's/^ingot-//')")"
archive_bytes="$(stat -c %s "$ARCHIVE")"
plain_bytes="$(du -sb "$REPO/artifacts/ingot" | cut -f1)"

python3 - "$WORK/idle" "$WORK/readyz-plain" "$WORK/readyz-image" "$image_bytes" "$archive_bytes" "$plain_bytes" "$IDLE" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def pick(kind):
    return [(float(r[2]), int(r[3]), float(r[4])) for r in rows if r[0] == kind]
def ratio(x, ref):
    # One clock tick in the window is the resolution: below it the reference measured nothing.
    return f"{x / ref:.1f}x" if ref >= 100 / float(sys.argv[7]) / 100 else "n/a (reference below one tick)"
def fmt(xs, f):
    return " / ".join(f.format(x) for x in xs)
starts = {k: [float(x) for x in open(p)] for k, p in (("plain", sys.argv[2]), ("image", sys.argv[3]))}
refs = {k: pick(k)[0] for k in ("gobgpd", "bird-plain", "bird-image")}
print(f"idle over {sys.argv[7]} s, per process (node-a / node-b / node-c); RSS MB, threads, CPU % of a core")
for kind in ("plain", "image"):
    p = pick(kind)
    rss, thr, cpu = [x[0] for x in p], [x[1] for x in p], [x[2] for x in p]
    bird = refs[f"bird-{kind}"]
    print(f"  ingot {kind:5}: RSS {fmt(rss, '{:.1f}')} MB, threads {fmt(thr, '{}')}, CPU {fmt(cpu, '{:.2f}')} %")
    print(f"    ratio to gobgpd: RSS {statistics.mean(rss) / refs['gobgpd'][0]:.1f}x, CPU {ratio(statistics.mean(cpu), refs['gobgpd'][2])};"
          f" to its lab's BIRD: RSS {statistics.mean(rss) / bird[0]:.1f}x, CPU {ratio(statistics.mean(cpu), bird[2])}")
for kind, (rss, thr, cpu) in refs.items():
    print(f"  {kind:11}: RSS {rss:.1f} MB, threads {thr}, CPU {cpu:.2f} %")
for kind in ("plain", "image"):
    s = starts[kind]
    print(f"start -> /readyz, {kind:5}: {fmt(s, '{:.3f}')} s, median {statistics.median(s):.3f} s")
print(f"image: {int(sys.argv[4]) / 1e6:.1f} MB uncompressed (podman), archive {int(sys.argv[5]) / 1e6:.1f} MB;"
      f" plain build artifacts/ingot {int(sys.argv[6]) / 1e6:.1f} MB (needs the .NET runtime beside it)")
PY

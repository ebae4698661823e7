#!/usr/bin/env bash
# Installs what Ingot's build, demo and tests need on a fresh Debian machine that has the .NET SDK.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  libpcap0.8        # SharpPcap's native library (L2 announcer)
  iproute2          # ip netns / veth / bridge for the lab and the end-to-end tests
  arping ndisc6     # ARP and NDP probes from the lab's client
  tcpdump           # captures of gratuitous announcements
  nftables          # membership blocked inside the lab's node namespaces (failover tests)
  gobgpd bird2 frr  # real BGP peers for interop tests
  prometheus        # promtool and a real Prometheus scraping ingot
  curl python3      # the lab's web server and client
  podman runc       # the image in the lab (tests/Ingot.Image.Tests, demo.sh --image); crun fails in these VMs
  mmdebstrap umoci  # scripts/image.sh: the image's Debian root and the OCI archive
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  # Package scripts must not start daemons (frr, prometheus) on the host: tests start their own, in namespaces.
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d
fi

command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required" >&2; exit 1; }

#!/usr/bin/env bash
# Runs Ingot's main job on the embedded default: the file source with examples/lab, inside a network-namespace lab
# (a LAN bridge, three node namespaces, a client). Everything is created here and removed on exit.
#
#   scripts/demo.sh [LAB OPTIONS]           the nodes run the built binary (artifacts/ingot/ingot)
#   scripts/demo.sh --image [LAB OPTIONS]   the nodes run the container image (podman, runc), built by scripts/image.sh
#                                           when artifacts/image/ holds no archive yet
set -euo pipefail
cd "$(dirname "$0")/.."
image=0
if [[ "${1:-}" == "--image" ]]; then
  image=1
  shift
fi
scripts/setup.sh
if [[ $image == 1 ]]; then
  archive="$(ls -t artifacts/image/ingot-*.oci.tar 2>/dev/null | head -n1 || true)"
  [[ -n "$archive" ]] || archive="$(scripts/image.sh | tail -n1)"
  exec scripts/lab/lab.sh --image "$archive" demo "$@"
fi
scripts/build.sh
exec scripts/lab/lab.sh demo "$@"

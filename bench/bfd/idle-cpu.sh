#!/usr/bin/env bash
# What BFD costs an idle node: CPU of each of the lab's three `ingot run` processes over 20 s, after a 60 s warm-up, with
# the lab's BFDProfile (300 ms x 3) and, as the reference in the same run, without it. Prints the mean per process and
# the ratio. Everything runs in the lab's own namespaces.
#
#   sudo bench/bfd/idle-cpu.sh        about 3 minutes; needs the build of scripts/build.sh
set -euo pipefail
# shellcheck source=bench/bfd/variants.sh
source "$(dirname "${BASH_SOURCE[0]}")/variants.sh"

variant bfd
variant none '/^  bfdProfile: lab$/d'
! grep -q bfdProfile "$WORK/none/bgp.yaml" || { echo "idle-cpu: could not derive the config without BFD" >&2; exit 1; }
run_variant bfd "$REPO/bench/bfd/idle-cpu-sample.sh"
run_variant none "$REPO/bench/bfd/idle-cpu-sample.sh"

python3 - "$WORK/bfd.out" "$WORK/none.out" <<'PY'
import statistics, sys
def cpu(path):
    return [float(line.split()[1]) for line in open(path) if line.startswith("cpu ")]
bfd, none = cpu(sys.argv[1]), cpu(sys.argv[2])
mb, mn = statistics.mean(bfd), statistics.mean(none)
print(f"with BFD 300 ms x 3 : {' / '.join(f'{c:.2f}' for c in bfd)} % of a core, mean {mb:.2f} %")
print(f"without BFD         : {' / '.join(f'{c:.2f}' for c in none)} % of a core, mean {mn:.2f} %")
print(f"ratio with / without: {mb / mn:.2f}")
PY

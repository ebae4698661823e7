# Sourced by the bfd benchmarks (as root): a scratch directory holding one copy of examples/lab per variant, each run in
# a lab of its own. Sets REPO and WORK; the directory is removed on exit.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $EUID -eq 0 ]] || { echo "$(basename "$0"): needs root (network namespaces)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/ingot-bfd-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# variant NAME [SED-EXPRESSION]: a copy of examples/lab whose bgp.yaml the expression edits; it must leave CHECK-REGEX
# (the third argument, when given) matching, so a changed example cannot silently measure the wrong thing.
variant() {
  cp -r "$REPO/examples/lab" "$WORK/$1"
  [[ -z "${2:-}" ]] || sed -i "$2" "$WORK/$1/bgp.yaml"
  [[ -z "${3:-}" ]] || grep -Eq "$3" "$WORK/$1/bgp.yaml" || { echo "$(basename "$0"): could not derive variant $1" >&2; exit 1; }
}

# run_variant NAME SCRIPT [ARGS...]: builds a lab on the variant, runs the script inside it, keeps its output in WORK/NAME.out.
run_variant() {
  local name="$1"
  shift
  echo "== $name" >&2
  "$REPO/scripts/lab/lab.sh" --config "$WORK/$name" run -- "$@" | tee "$WORK/$name.out"
}

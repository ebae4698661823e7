#!/usr/bin/env bash
# Builds Ingot's container image without a registry or a Docker daemon: a minimal Debian root from Debian's own
# packages (mmdebstrap), the self-contained, ReadyToRun-compiled Ingot (host and every plugin under plugins/), packed
# with umoci into an OCI archive that `podman load`, `ctr -n k8s.io images import` and `kind load image-archive` accept.
#
#   scripts/image.sh                 writes artifacts/image/ingot-<version>.oci.tar and, beside it,
#                                    ingot-<version>.packages.txt (dpkg-query of the Debian packages inside)
#   scripts/image.sh rootfs DIR      only assembles the image's file system in DIR (deploy/Dockerfile runs this)
#
# One description of the image: the files come from `rootfs` alone, and the run configuration (ENV, WORKDIR, USER,
# ENTRYPOINT, CMD, LABEL) is read from the final stage of deploy/Dockerfile, so the archive and `docker build` agree.
#
# What is inside and why:
# - Debian packages, extracted, not installed (no maintainer script runs, so no shell is needed): libc6, libgcc-s1,
#   libstdc++6 and libssl3 for the .NET runtime (globalization is invariant: no ICU), libpcap0.8 and its libraries for
#   the layer 2 announcer, base-files for /etc/os-release, and ca-certificates alone, without its dependencies (openssl,
#   debconf, perl-base); its bundle is concatenated here, as update-ca-certificates would. /var/lib/dpkg/status lists
#   exactly these packages, so scanners and `dpkg-query --admindir` see them.
# - No shell, no dpkg, no apt: the build fails if one is found.
# - /opt/ingot: the self-contained publish (no .NET runtime needed on the node), plugins in /opt/ingot/plugins/<name>/.
# - Runs as root with every capability but those the DaemonSet adds dropped (see deploy/README.md: Kubernetes has no
#   ambient capabilities, and file capabilities do not apply under allowPrivilegeEscalation: false).
#
# Options: --suite NAME (Debian suite, default bookworm), --mirror URL, --out DIR (default artifacts/image).
# Installs mmdebstrap and umoci with apt when they are missing; needs root and the .NET SDK.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE=bookworm
MIRROR=""
OUT="$REPO/artifacts/image"
IMAGE_NAME=ghcr.io/ingot-lb/ingot
RID=linux-x64
# Extracted with their dependencies. ca-certificates is added alone (see above).
PACKAGES=(libc6 libgcc-s1 libstdc++6 libssl3 libpcap0.8)
# Extracted alone, without their dependencies: base-files (for /etc/os-release; it would pull in mawk) and
# ca-certificates (it would pull in openssl, debconf and perl-base to run update-ca-certificates).
ALONE=(base-files ca-certificates)
# Parts of the runtime a daemon with diagnostics off never loads: the crash dumper and debugger's access libraries,
# the standalone GCs (only for DOTNET_GCName), the LTTng trace provider; and glibc's iconv modules (.NET has its own).
UNUSED=(opt/ingot/createdump opt/ingot/libmscordaccore.so opt/ingot/libmscordbi.so opt/ingot/libclrgc.so
  opt/ingot/libclrgcexp.so opt/ingot/libcoreclrtraceptprovider.so usr/lib/x86_64-linux-gnu/gconv)

die() { echo "image: $*" >&2; exit 1; }
say() { echo "image: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --suite) SUITE="$2"; shift 2 ;;
    --mirror) MIRROR="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/{/^set -e/d;p}' "$0"; exit 0 ;;
    *) break ;;
  esac
done
MODE="${1:-archive}"

[[ $EUID -eq 0 ]] || die "needs root (mmdebstrap writes files owned by root)"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is required"

install_packages() {
  say "installing $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_tools TOOL...: each tool's Debian package has the tool's name.
need_tools() {
  local missing=() tool
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]} == 0)) || install_packages "${missing[@]}"
}

# The layout both the archive and the Dockerfile ship: ROOT/opt/ingot/ingot, ROOT/opt/ingot/plugins/<name>/.
publish_ingot() {
  local root="$1" app="$1/opt/ingot" bin proj name
  # A build directory of its own, so the RID-specific build never overwrites the plain one in artifacts/ingot/.
  bin="$WORK/bin/"
  say "publishing the host (self-contained, ReadyToRun)"
  dotnet publish "$REPO/host/Ingot.Host" -c Release -r "$RID" --self-contained -nologo -clp:ErrorsOnly \
    -p:IngotOutput="$bin" -o "$app" >&2
  for proj in "$REPO"/plugins/*/*.csproj; do
    name="$(basename "$(dirname "$proj")")"
    say "publishing plugin $name (ReadyToRun)"
    dotnet publish "$proj" -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true -nologo \
      -clp:ErrorsOnly -p:IngotOutput="$bin" -o "$app/plugins/$name" >&2
    # The host provides these (Directory.Build.targets drops them from the build; publish resolves its own list).
    rm -f "$app/plugins/$name/Ingot.Sdk.dll" "$app/plugins/$name/Ingot.Sdk.pdb" "$app/plugins/$name"/Microsoft.Extensions.*.dll
  done
  # Symbols and docs are not needed at run time; stack traces keep method names without them.
  find "$app" \( -name '*.pdb' -o -name '*.xml' -o -name '*.dbg' \) -delete
}

build_rootfs() {
  local root="$1" archives="$WORK/debs" deb
  need_tools mmdebstrap
  # The suite's signing keys, also where this runs on Ubuntu (the .NET SDK's container images are Ubuntu's).
  [[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] || install_packages debian-archive-keyring
  rm -rf "$root" "$archives"
  mkdir -p "$archives"
  local include
  include="$(IFS=,; echo "${PACKAGES[*]}")"
  say "extracting Debian $SUITE: ${PACKAGES[*]} ${ALONE[*]}"
  # chrootless + extract: no mount, no chroot and no maintainer script, so this also runs inside `docker build`.
  # The hook runs with the target's apt configuration, so the packages taken alone come from the same suite.
  mmdebstrap --quiet --mode=chrootless --variant=extract --skip=cleanup/apt/cache --include="$include" \
    --extract-hook="cd \"\$1/var/cache/apt/archives\" && APT_CONFIG=\"\$MMDEBSTRAP_APT_CONFIG\" apt-get download -qq -o APT::Sandbox::User=root ${ALONE[*]}" \
    "$SUITE" "$root" ${MIRROR:+"$MIRROR"} >&2
  mv "$root"/var/cache/apt/archives/*.deb "$archives/"
  local pkg
  for pkg in "${ALONE[@]}"; do dpkg-deb -x "$archives/${pkg}"_*.deb "$root"; done

  # The dpkg database of what was extracted: each package's control fields, marked installed, and its file list.
  mkdir -p "$root/var/lib/dpkg/info"
  : >"$root/var/lib/dpkg/status"
  for deb in "$archives"/*.deb; do
    pkg="$(dpkg-deb -f "$deb" Package)"
    { dpkg-deb -f "$deb" | sed '/^Package:/a Status: install ok installed'; echo; } >>"$root/var/lib/dpkg/status"
    dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|^\.$|/.|; s|/$||' >"$root/var/lib/dpkg/info/$pkg.list"
  done

  # update-ca-certificates' bundle, built without its shell script.
  mkdir -p "$root/etc/ssl/certs"
  find "$root/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat >"$root/etc/ssl/certs/ca-certificates.crt"

  # Who is who for getpwuid (the runtime asks for the home directory), and a writable /tmp.
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  mkdir -p "$root/tmp" "$root/root"
  chmod 1777 "$root/tmp"
  chmod 700 "$root/root"

  # Nothing a daemon reads: documentation, manuals, locales, apt's state and keys left by mmdebstrap.
  rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,common-licenses} "$root"/var/cache/* "$root"/var/lib/apt \
    "$root"/etc/apt "$root"/var/log/* "$root"/dev/*
  find "$root/tmp" -mindepth 1 -delete

  publish_ingot "$root"
  local path
  for path in "${UNUSED[@]}"; do rm -rf "${root:?}/$path"; done

  local forbidden
  for forbidden in bin/sh bin/bash bin/dash usr/bin/sh usr/bin/dpkg usr/bin/apt usr/bin/apt-get usr/bin/perl; do
    [[ ! -e "$root/$forbidden" && ! -L "$root/$forbidden" ]] || die "$forbidden must not be in the image"
  done
  [[ -x "$root/opt/ingot/ingot" ]] || die "the published host is missing: $root/opt/ingot/ingot"
}

# The run configuration of deploy/Dockerfile's final stage, as umoci arguments, one per line.
dockerfile_config() {
  python3 - "$REPO/deploy/Dockerfile" <<'PY'
import json, shlex, sys
lines, cur = [], ""
for raw in open(sys.argv[1]):
    line = raw.rstrip("\n")
    if not cur and line.lstrip().startswith("#"):
        continue
    if line.endswith("\\"):
        cur += line[:-1] + " "
        continue
    cur += line
    if cur.strip():
        lines.append(cur.strip())
    cur = ""
final = []
for l in lines:
    if l.split()[0].upper() == "FROM":
        final = []
    else:
        final.append(l)
def pairs(text):
    return [tuple(p.split("=", 1)) for p in shlex.split(text)]
for l in final:
    word, _, rest = l.partition(" ")
    word = word.upper()
    if word == "ENV":
        for k, v in pairs(rest):
            print(f"--config.env={k}={v}")
    elif word == "LABEL":
        for k, v in pairs(rest):
            print(f"--config.label={k}={v}")
    elif word == "WORKDIR":
        print(f"--config.workingdir={rest.strip()}")
    elif word == "USER":
        print(f"--config.user={rest.strip()}")
    elif word in ("ENTRYPOINT", "CMD"):
        args = json.loads(rest)
        print(f"--clear=config.{word.lower()}")
        for a in args:
            print(f"--config.{word.lower()}={a}")
PY
}

build_archive() {
  need_tools umoci python3
  local root="$WORK/rootfs" layout="$WORK/oci" version revision created tar
  build_rootfs "$root"
  version="$("$root/opt/ingot/ingot" --version)"
  version="${version%%+*}"
  revision="$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)"
  created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

  say "packing $IMAGE_NAME:$version with umoci"
  rm -rf "$layout"
  umoci init --layout "$layout"
  umoci new --image "$layout:$version"
  # insert adds the directory as one layer, owners and modes as they are (root:root, 1777 /tmp).
  umoci insert --image "$layout:$version" "$root" /
  local args=()
  mapfile -t args < <(dockerfile_config)
  umoci config --image "$layout:$version" --os linux --architecture amd64 --author "Ingot contributors" \
    --created "$created" --history.created_by "scripts/image.sh" "${args[@]}" \
    --config.label "org.opencontainers.image.version=$version" \
    --config.label "org.opencontainers.image.revision=$revision" \
    --config.label "org.opencontainers.image.created=$created" \
    --manifest.annotation "org.opencontainers.image.version=$version" \
    --manifest.annotation "org.opencontainers.image.revision=$revision"
  umoci gc --layout "$layout"
  # The full name in both annotations: podman and containerd (ctr, kind) name the loaded image from them.
  python3 - "$layout/index.json" "$IMAGE_NAME:$version" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
index = json.load(open(path))
for m in index["manifests"]:
    m.setdefault("annotations", {})
    m["annotations"]["org.opencontainers.image.ref.name"] = name
    m["annotations"]["io.containerd.image.name"] = name
json.dump(index, open(path, "w"), separators=(",", ":"))
PY

  mkdir -p "$OUT"
  tar="$OUT/ingot-$version.oci.tar"
  tar --sort=name --owner=0 --group=0 --numeric-owner -C "$layout" -cf "$tar" .
  dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Package}\t${Version}\t${Architecture}\t${source:Package}\n' \
    | LC_ALL=C sort >"$OUT/ingot-$version.packages.txt"
  say "wrote $tar ($(du -h "$tar" | cut -f1); file system $(du -sh "$root" | cut -f1) uncompressed)"
  say "wrote $OUT/ingot-$version.packages.txt ($(wc -l <"$OUT/ingot-$version.packages.txt") packages)"
  echo "$tar"
}

WORK="$OUT/work"
mkdir -p "$WORK"
case "$MODE" in
  archive) build_archive ;;
  rootfs)
    [[ -n "${2:-}" ]] || die "rootfs needs a directory"
    build_rootfs "$2"
    ;;
  *) die "unknown mode $MODE (archive, rootfs DIR)" ;;
esac

#!/usr/bin/env bash
# Builds the pinned Fabric and fabric-ca binaries from the Go module proxy, once.
#
# The binaries go to a cache outside the clone, keyed by version
# (${SPINDLE_CACHE:-~/.cache/spindle}/fabric-<version>/bin), so every clone and
# CI reuse them; the clone's git-ignored .fabric/bin links to that folder.
# A build that is already complete (all binaries present and a stamp file that
# names the exact commits) is reused and costs nothing.
set -euo pipefail

# Fabric v2.5.9, by the Go pseudo-version of its release commit 7c3876255bf0
# (pinned in network/fabric-build/fabric/go.mod; keep the two in step).
# The module proxy reachable here refuses every other Fabric release commit
# from v2.4 on (v3.1.5 and v2.5.16 included: "403 module version not
# available"); v2.5.9 is the newest release it serves, and it has everything
# Spindle needs: the Gateway service, channel participation, chaincode as a
# service, etcdraft and private data.
FABRIC_VERSION="2.5.9"
FABRIC_MODULE_VERSION="v0.0.0-20240618194258-7c3876255bf0"
FABRIC_CA_VERSION="1.5.21" # pinned in network/fabric-build/fabric-ca/go.mod

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_root="${SPINDLE_CACHE:-${HOME}/.cache/spindle}"
target="${cache_root}/fabric-${FABRIC_VERSION}-ca-${FABRIC_CA_VERSION}"
bin_dir="${target}/bin"
stamp="${target}/stamp"
want_stamp="fabric ${FABRIC_VERSION} ${FABRIC_MODULE_VERSION}; fabric-ca ${FABRIC_CA_VERSION}"
# cryptogen: fabric-samples' test-network-nano-bash makes its crypto material with it (test/test-network).
fabric_tools=(peer orderer configtxgen osnadmin configtxlator cryptogen)
ca_tools=(fabric-ca-server fabric-ca-client)

log() { printf '[build-binaries] %s\n' "$*" >&2; }

link_into_clone() {
  mkdir -p "${repo_root}/.fabric"
  ln -sfn "${bin_dir}" "${repo_root}/.fabric/bin"
  printf '%s\n' "${FABRIC_VERSION}" > "${repo_root}/.fabric/version"
}

complete() {
  [[ -f "${stamp}" && "$(cat "${stamp}")" == "${want_stamp}" ]] || return 1
  local tool
  for tool in "${fabric_tools[@]}" "${ca_tools[@]}"; do
    [[ -x "${bin_dir}/${tool}" ]] || return 1
  done
}

if complete; then
  log "Fabric ${FABRIC_VERSION} and fabric-ca ${FABRIC_CA_VERSION} already built in ${bin_dir}"
  link_into_clone
  exit 0
fi

# A cache built at the same commits before a tool joined the list (configtxlator
# came with mills joining a running channel, cryptogen with the nano-bash test
# network) gets only the missing tools; the stamp stays, so other clones using
# the cache meanwhile keep their binaries.
missing_only=false
if [[ -f "${stamp}" && "$(cat "${stamp}")" == "${want_stamp}" ]]; then
  missing_only=true
fi

command -v go >/dev/null || { log "ERROR BINARY_TOOLCHAIN_MISSING: go is not on PATH"; exit 1; }
command -v gcc >/dev/null || { log "ERROR BINARY_TOOLCHAIN_MISSING: gcc is needed for fabric-ca's SQLite driver"; exit 1; }

mkdir -p "${bin_dir}"
if [[ "${missing_only}" == false ]]; then
  rm -f "${stamp}"
fi
total=$(( ${#fabric_tools[@]} + ${#ca_tools[@]} ))
step=0
started=$(date +%s)

# build NAME CGO DIR PACKAGE LDFLAGS: compiles PACKAGE inside the module folder DIR.
build() {
  local name="$1" cgo="$2" dir="$3" pkg="$4" ldflags="$5"
  step=$((step + 1))
  if [[ "${missing_only}" == true && -x "${bin_dir}/${name}" ]]; then
    return 0
  fi
  log "(${step}/${total}) building ${name} from ${pkg} ... (a cold build downloads modules and takes minutes)"
  local t0 tmp
  t0=$(date +%s)
  # Build into a scratch folder and move the binary in place, so an interrupted
  # build never leaves a half-written binary that looks complete.
  tmp="$(mktemp -d)"
  (cd "${dir}" && CGO_ENABLED="${cgo}" go build -buildvcs=false -trimpath -ldflags "${ldflags}" -o "${tmp}/${name}" "${pkg}") || {
    rm -rf "${tmp}"
    log "ERROR BINARY_BUILD_FAILED: building ${pkg} failed (see the go output above)"
    exit 1
  }
  mv -f "${tmp}/${name}" "${bin_dir}/${name}"
  rm -rf "${tmp}"
  log "(${step}/${total}) ${name} built in $(( $(date +%s) - t0 ))s"
}

fabric_ld="-X github.com/hyperledger/fabric/common/metadata.Version=${FABRIC_VERSION}"
# Each release is built inside its folder under network/fabric-build, whose
# go.mod and go.sum pin the release and the hash of every module it needs.
for tool in "${fabric_tools[@]}"; do
  build "${tool}" 0 "${repo_root}/network/fabric-build/fabric" "github.com/hyperledger/fabric/cmd/${tool}" "${fabric_ld}"
done
ca_ld="-X github.com/hyperledger/fabric-ca/lib/metadata.Version=${FABRIC_CA_VERSION}"
for tool in "${ca_tools[@]}"; do
  build "${tool}" 1 "${repo_root}/network/fabric-build/fabric-ca" "github.com/hyperledger/fabric-ca/cmd/${tool}" "${ca_ld}"
done

printf '%s\n' "${want_stamp}" > "${stamp}"
link_into_clone
log "all ${total} binaries built in $(( $(date +%s) - started ))s into ${bin_dir}"

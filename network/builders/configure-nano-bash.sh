#!/usr/bin/env bash
# Gives the peers of the Fabric samples' test-network-nano-bash Spindle's node builder, the way
# nano-bash's own configureExternalBuilders.sh gives them its builders: writes config/core.yaml
# from ../config/core.yaml with Spindle's node builder first under chaincode.externalBuilders.
# nano-bash's peer scripts use config/ when it exists. Run it in the test-network-nano-bash
# folder before ./network.sh start. The peers then build Spindle's Node chaincode package with
# npm (from its own package-lock, preferring npm's cache, trusting the host's CA store) and run
# it as local processes, with the node and npm first on the PATH that network.sh starts with.
set -euo pipefail

builders_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ ! -f ../config/core.yaml ]]; then
  echo "configure-nano-bash: ../config/core.yaml is missing; run this in fabric-samples/test-network-nano-bash, beside fabric-samples/config" >&2
  exit 1
fi
if [[ ! -f peer1.sh ]]; then
  echo "configure-nano-bash: run this in fabric-samples/test-network-nano-bash (peer1.sh is not here)" >&2
  exit 1
fi

snippet="$(mktemp)"
trap 'rm -f "${snippet}"' EXIT
cat > "${snippet}" <<YAML
- name: spindle-node
  path: ${builders_dir}/node
  propagateEnvironment:
    - HOME
    - NODE_EXTRA_CA_CERTS
    - HTTPS_PROXY
    - HTTP_PROXY
    - NO_PROXY
    - npm_config_registry
YAML

mkdir -p config
# Spindle's builder goes first in the list, indented as the list's own first entry.
awk -v snippet="${snippet}" '
  adding && /^[[:space:]]*- / {
    indent = substr($0, 1, index($0, "-") - 1)
    while ((getline line < snippet) > 0) print indent line
    adding = 0
  }
  { print }
  /^[[:space:]]*externalBuilders:[[:space:]]*$/ { adding = 1 }
' ../config/core.yaml > config/core.yaml
if ! grep -q 'name: spindle-node' config/core.yaml; then
  echo "configure-nano-bash: ../config/core.yaml has no chaincode.externalBuilders list to add to" >&2
  exit 1
fi
echo "configure-nano-bash: config/core.yaml uses Spindle's node builder (${builders_dir}/node)"

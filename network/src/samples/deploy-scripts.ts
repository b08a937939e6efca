import type { FoundNetwork } from './found-network';

/** What a deploy script deploys: the chaincode, its collections, its policy, on which organisations. */
export interface DeployPlan {
    network: FoundNetwork;
    chaincodeName: string;
    chaincodeDir: string;
    collectionsFile: string;
    endorsementPolicy: string;
    /** The MSP IDs the mills map onto: each approves the definition. */
    mspIds: string[];
    outDir: string;
}

/**
 * The deploy script for the Docker test network: `network.sh deployCCAAS` with Spindle's
 * collections and its endorsement policy, written without spaces because the samples' scripts
 * pass `-ccep` on unquoted.
 */
export function dockerDeployScript(plan: DeployPlan): string {
    return [
        '#!/usr/bin/env bash',
        '# Written by `npm run network -- samples`. Run it in fabric-samples/test-network once the',
        "# channel and every mapped organisation are up. It commits Spindle's endorsement policy, a",
        "# majority of the organisations' peers, never the channel's default (any one organisation).",
        'set -euo pipefail',
        `./network.sh deployCCAAS -c ${plan.network.channel} -ccn ${plan.chaincodeName} -ccp ${shellQuote(plan.chaincodeDir)} \\`,
        `  -cccg ${shellQuote(plan.collectionsFile)} -ccep ${shellQuote(plan.endorsementPolicy)}`,
        '',
    ].join('\n');
}

/**
 * The deploy script for test-network-nano-bash, through each peer admin's own environment
 * (`peerNadmin.sh`): packages the chaincode as a plain Node package, installs it on every peer
 * (each builds it with Spindle's node builder, which `configure-builders.sh` gave the peers),
 * approves it as every organisation a mill maps onto, and commits it with the collections and
 * Spindle's endorsement policy, given explicitly: nano-bash's channel default is any one
 * organisation. Installing, approving and committing what is done already is skipped, so the
 * script can run again.
 */
export function nanoBashDeployScript(plan: DeployPlan): string {
    const { network } = plan;
    const gatewayPeers = plan.mspIds.map((mspId) => network.peers.find((peer) => peer.mspId === mspId));
    const approvers = gatewayPeers.map((peer) => peer?.adminScript ?? '').filter((script) => script !== '');
    const commitPeers = gatewayPeers
        .map((peer) =>
            peer ? `--peerAddresses ${peer.endpoint} --tlsRootCertFiles ${shellQuote(peer.tlsRootCertificate)}` : '',
        )
        .filter((args) => args !== '');
    const name = plan.chaincodeName;
    const common = [
        `--channelID ${network.channel} --name ${name} --version "\${sequence}" --sequence "\${sequence}"`,
        `--signature-policy ${shellQuote(plan.endorsementPolicy)} --collections-config ${shellQuote(plan.collectionsFile)}`,
        `-o ${network.orderer.endpoint} --tls --cafile ${shellQuote(network.orderer.tlsRootCertificate)}`,
    ].join(' ');
    return [
        '#!/usr/bin/env bash',
        "# Written by `npm run network -- samples`: deploys Spindle on the Fabric samples' test-network-nano-bash",
        `# in ${network.dir}, started with Spindle's node builder (configure-builders.sh, then network.sh start).`,
        `# Commits Spindle's endorsement policy ${plan.endorsementPolicy}, never the channel's default (any one organisation).`,
        'set -euo pipefail',
        `cd ${shellQuote(network.dir)}`,
        `out=${shellQuote(plan.outDir)}`,
        'sequence="${SPINDLE_SEQUENCE:-1}"',
        `package="\${out}/${name}.tgz"`,
        "as_admin() { # as_admin <peerNadmin.sh> <peer args...>: a peer command in that admin's environment",
        '  local script="$1"',
        '  shift',
        '  (',
        '    # shellcheck source=/dev/null',
        '    . "./${script}"',
        '    peer "$@"',
        '  )',
        '}',
        `as_admin ${network.peers[0]?.adminScript ?? 'peer1admin.sh'} lifecycle chaincode package "\${package}" --lang node --path ${shellQuote(plan.chaincodeDir)} --label "${name}_\${sequence}"`,
        `package_id=$(as_admin ${network.peers[0]?.adminScript ?? 'peer1admin.sh'} lifecycle chaincode calculatepackageid "\${package}")`,
        '# Each peer builds the package when it installs it (npm ci); the peers build at once.',
        'pids=()',
        `for admin in ${network.peers.map((peer) => peer.adminScript ?? '').join(' ')}; do`,
        '  if ! as_admin "${admin}" lifecycle chaincode queryinstalled 2>/dev/null | grep -q "${package_id}"; then',
        '    as_admin "${admin}" lifecycle chaincode install "${package}" &',
        '    pids+=("$!")',
        '  fi',
        'done',
        'for pid in "${pids[@]}"; do wait "${pid}"; done',
        `if as_admin ${approvers[0] ?? 'peer1admin.sh'} lifecycle chaincode querycommitted -C ${network.channel} -n ${name} 2>/dev/null | grep -q "Sequence: \${sequence},"; then`,
        `  echo "${name} sequence \${sequence} is committed already"`,
        '  exit 0',
        'fi',
        `for admin in ${approvers.join(' ')}; do`,
        `  as_admin "\${admin}" lifecycle chaincode approveformyorg --package-id "\${package_id}" ${common}`,
        'done',
        `as_admin ${approvers[0] ?? 'peer1admin.sh'} lifecycle chaincode commit ${common} \\`,
        `  ${commitPeers.join(' \\\n  ')}`,
        `as_admin ${approvers[0] ?? 'peer1admin.sh'} lifecycle chaincode querycommitted -C ${network.channel} -n ${name}`,
        '',
    ].join('\n');
}

/** Quotes a word for bash in double quotes (a policy's single quotes stay readable). */
export function shellQuote(word: string): string {
    return `"${word.replace(/["$`\\]/g, (character) => `\\${character}`)}"`;
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { endpoint } from '../core/mill-host';
import { pathWithProjectNode } from './node-runtime';
import { PEER_GOSSIP_TIMING } from './peer-gossip';
import { PEER_HARDENING } from './peer-hardening';

/** What npm on the host is told through its environment: extra CAs, proxies, its registry. */
const NPM_ENVIRONMENT = ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'npm_config_registry'];

/**
 * Finds Fabric's sample `core.yaml` and `orderer.yaml` in the Go module cache, at the release
 * the binaries were built from (pinned by network/fabric-build/fabric/go.mod). `go mod download`
 * fetches the module again if the cache was cleaned.
 */
export async function sampleConfigDir(ctx: NetworkContext): Promise<string> {
    const output = await runCommand('go', ['mod', 'download', '-json', 'github.com/hyperledger/fabric'], {
        cwd: ctx.paths.fabricBuildModule,
        logFile: ctx.stepLog('sampleconfig'),
    });
    const parsed: unknown = JSON.parse(output);
    const dir = typeof parsed === 'object' && parsed !== null ? (parsed as { Dir?: unknown }).Dir : undefined;
    if (typeof dir !== 'string') {
        throw new NetworkError('STEP_FAILED', 'go mod download did not name the Fabric module folder');
    }
    return join(dir, 'sampleconfig');
}

/** The environment a peer process needs besides its patched core.yaml. */
export function peerEnvironment(ctx: NetworkContext, mill: MillConfig): NodeJS.ProcessEnv {
    const folders = ctx.folders(mill);
    return {
        FABRIC_CFG_PATH: folders.peer.config,
        // Read by the external builder's release script; see network/builders/ccaas. The
        // chaincode server runs beside the peer on the mill's host, so loopback is right in every layout.
        SPINDLE_CHAINCODE_ADDRESS: `127.0.0.1:${mill.ports.chaincode}`,
        SPINDLE_CHAINCODE_TLS_DIR: folders.peer.tls.dir,
        // Fabric hands PATH to its external builders: network/builders/node runs node and npm from it.
        PATH: pathWithProjectNode(ctx.paths.repoRoot),
    };
}

/**
 * Writes a peer's core.yaml: Fabric's sample with this mill's addresses, TLS, LevelDB and our
 * builder, {@link PEER_HARDENING} (a forged invalid transaction cannot stall commits) and
 * {@link PEER_GOSSIP_TIMING} (the mills' peers find each other seconds after they join).
 */
export function writePeerConfig(ctx: NetworkContext, mill: MillConfig, sampleDir: string): void {
    const folders = ctx.folders(mill);
    const address = endpoint(mill.host, mill.ports.peer);
    const chaincodeAddress = endpoint(mill.host, mill.ports.peerChaincode);
    writePatched(join(sampleDir, 'core.yaml'), join(folders.peer.config, 'core.yaml'), {
        'peer.id': `peer0.${mill.key}`,
        'peer.networkId': 'spindle',
        'peer.listenAddress': `${mill.host.listen}:${mill.ports.peer}`,
        'peer.address': address,
        'peer.chaincodeListenAddress': `${mill.host.listen}:${mill.ports.peerChaincode}`,
        'peer.chaincodeAddress': chaincodeAddress,
        'peer.gossip.bootstrap': address,
        // Without an external endpoint a peer stays invisible to other mills' peers: no
        // cross-mill gossip, no private data dissemination, no discovery.
        'peer.gossip.externalEndpoint': address,
        'peer.localMspId': mill.mspId,
        'peer.mspConfigPath': folders.peer.msp,
        'peer.fileSystemPath': folders.peer.data,
        'peer.tls.enabled': true,
        'peer.tls.clientAuthRequired': false,
        'peer.tls.cert.file': folders.peer.tls.cert,
        'peer.tls.key.file': folders.peer.tls.key,
        'peer.tls.rootcert.file': folders.peer.tls.ca,
        'peer.gateway.enabled': true,
        'ledger.state.stateDatabase': 'goleveldb',
        'ledger.snapshots.rootDir': join(folders.peer.data, 'snapshots'),
        // No Docker here: chaincode runs only through the external builder below.
        'vm.endpoint': '',
        'chaincode.externalBuilders': [
            {
                name: 'spindle-ccaas',
                path: join(ctx.paths.buildersDir, 'ccaas'),
                propagateEnvironment: ['SPINDLE_CHAINCODE_ADDRESS', 'SPINDLE_CHAINCODE_TLS_DIR'],
            },
            // Plain Node packages, built with npm and run as local processes; npm needs HOME for its
            // cache, and the host's CA and proxy settings to reach its registry.
            {
                name: 'spindle-node',
                path: join(ctx.paths.buildersDir, 'node'),
                propagateEnvironment: ['HOME', ...NPM_ENVIRONMENT],
            },
        ],
        'operations.listenAddress': `${mill.host.listen}:${mill.ports.peerOperations}`,
        'metrics.provider': 'prometheus',
        // Go's pprof on the mill's address, for `npm run bench` to profile a peer; off unless asked for.
        'peer.profile.enabled': process.env.SPINDLE_PEER_PPROF === '1',
        'peer.profile.listenAddress': `${mill.host.listen}:${mill.ports.peerProfile}`,
        ...PEER_HARDENING,
        ...PEER_GOSSIP_TIMING,
    });
}

/** Writes an orderer's orderer.yaml: etcdraft over TLS, channel participation, no system channel. */
export function writeOrdererConfig(ctx: NetworkContext, mill: MillConfig, sampleDir: string): void {
    const folders = ctx.folders(mill);
    const tls = folders.orderer.tls;
    writePatched(join(sampleDir, 'orderer.yaml'), join(folders.orderer.config, 'orderer.yaml'), {
        'General.ListenAddress': mill.host.listen,
        'General.ListenPort': mill.ports.orderer,
        'General.TLS.Enabled': true,
        'General.TLS.PrivateKey': tls.key,
        'General.TLS.Certificate': tls.cert,
        'General.TLS.RootCAs': [tls.ca],
        'General.TLS.ClientAuthRequired': false,
        // Raft traffic shares the general listener; peers authenticate each other by these
        // client certificates, which the channel's consenter set pins.
        'General.Cluster.ClientCertificate': tls.cert,
        'General.Cluster.ClientPrivateKey': tls.key,
        'General.Cluster.RootCAs': [tls.ca],
        'General.BootstrapMethod': 'none',
        'General.LocalMSPDir': folders.orderer.msp,
        'General.LocalMSPID': mill.mspId,
        'FileLedger.Location': join(folders.orderer.data, 'ledger'),
        'Consensus.WALDir': join(folders.orderer.data, 'etcdraft', 'wal'),
        'Consensus.SnapDir': join(folders.orderer.data, 'etcdraft', 'snapshot'),
        'ChannelParticipation.Enabled': true,
        'Admin.ListenAddress': `${mill.host.listen}:${mill.ports.ordererAdmin}`,
        'Admin.TLS.Enabled': true,
        'Admin.TLS.PrivateKey': tls.key,
        'Admin.TLS.Certificate': tls.cert,
        'Admin.TLS.RootCAs': [tls.ca],
        'Admin.TLS.ClientAuthRequired': true,
        'Admin.TLS.ClientRootCAs': [tls.ca],
        'Operations.ListenAddress': `${mill.host.listen}:${mill.ports.ordererOperations}`,
        'Metrics.Provider': 'prometheus',
    });
}

/** The environment a mill admin's `peer` CLI commands need. */
export function adminEnvironment(ctx: NetworkContext, mill: MillConfig): NodeJS.ProcessEnv {
    const folders = ctx.folders(mill);
    return {
        FABRIC_CFG_PATH: folders.peer.config,
        CORE_PEER_LOCALMSPID: mill.mspId,
        CORE_PEER_MSPCONFIGPATH: folders.admin.msp,
        CORE_PEER_ADDRESS: endpoint(mill.host, mill.ports.peer),
        CORE_PEER_TLS_ENABLED: 'true',
        CORE_PEER_TLS_ROOTCERT_FILE: folders.peer.tls.ca,
    };
}

function writePatched(source: string, target: string, values: Record<string, unknown>): void {
    const document = parseDocument(readFileSync(source, 'utf8'));
    for (const [path, value] of Object.entries(values)) {
        document.setIn(path.split('.'), value);
    }
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, document.toString());
}

import { join, resolve } from 'node:path';

import type { MillConfig } from './config';
import { layoutFromEnv, runFolderName } from './mill-host';

/** Where the repository keeps its inputs and where a network run keeps what it makes. */
export interface NetworkPaths {
    repoRoot: string;
    /** The git-ignored folder of one network: crypto material, ledgers, logs, PIDs, packages. */
    runDir: string;
    binDir: string;
    networkConfigFile: string;
    consortiumFile: string;
    /** The mills the chaincode knows, with their machine ID namespaces (part of the approved code). */
    chaincodeConsortiumFile: string;
    buildersDir: string;
    chaincodeDir: string;
    fabricBuildModule: string;
    logsDir: string;
    pidsDir: string;
    channelDir: string;
    packagesDir: string;
    stateFile: string;
}

/**
 * Resolves every path from the repository root; `runDir` or SPINDLE_RUN_DIR moves the run folder,
 * which is `run/` (`run-netns/` in the netns layout) by default.
 */
export function resolvePaths(
    repoRoot: string = resolve(__dirname, '..', '..', '..'),
    runDir: string = resolve(process.env.SPINDLE_RUN_DIR ?? join(repoRoot, runFolderName(layoutFromEnv()))),
): NetworkPaths {
    return {
        repoRoot,
        runDir,
        binDir: join(repoRoot, '.fabric', 'bin'),
        networkConfigFile: join(repoRoot, 'test-network-config', 'network.json'),
        consortiumFile: join(repoRoot, 'test-network-config', 'consortium.json'),
        chaincodeConsortiumFile: join(repoRoot, 'chaincode', 'src', 'consortium.json'),
        buildersDir: join(repoRoot, 'network', 'builders'),
        chaincodeDir: join(repoRoot, 'chaincode'),
        fabricBuildModule: join(repoRoot, 'network', 'fabric-build', 'fabric'),
        logsDir: join(runDir, 'logs'),
        pidsDir: join(runDir, 'pids'),
        channelDir: join(runDir, 'channel'),
        packagesDir: join(runDir, 'packages'),
        stateFile: join(runDir, 'state.json'),
    };
}

/** The folders of one mill's identities and nodes under the run folder. */
export interface MillPaths {
    root: string;
    caHome: string;
    registrarHome: string;
    orgMsp: string;
    caCert: string;
    peer: NodePaths;
    orderer: NodePaths;
    admin: IdentityPaths;
    operator: IdentityPaths;
    chaincodeTls: TlsPaths;
    machinesDir: string;
    secretsFile: string;
}

/** A node's identity, TLS material, config folder and data folder. */
export interface NodePaths extends IdentityPaths {
    config: string;
    data: string;
}

/** An enrolled identity: its MSP folder and its TLS key pair. */
export interface IdentityPaths {
    dir: string;
    msp: string;
    tls: TlsPaths;
}

/** A TLS key pair with the CA that issued it. */
export interface TlsPaths {
    dir: string;
    cert: string;
    key: string;
    ca: string;
}

/** Lays out one mill's folders. */
export function millPaths(paths: NetworkPaths, mill: MillConfig): MillPaths {
    const root = join(paths.runDir, 'organizations', mill.key);
    const node = (name: string): NodePaths => ({
        ...identity(join(root, name)),
        config: join(root, name, 'config'),
        data: join(root, name, 'data'),
    });
    return {
        root,
        caHome: join(root, 'ca'),
        registrarHome: join(root, 'registrar'),
        orgMsp: join(root, 'msp'),
        caCert: join(root, 'ca', 'ca-cert.pem'),
        peer: node('peer'),
        orderer: node('orderer'),
        admin: identity(join(root, 'users', 'admin')),
        operator: identity(join(root, 'users', 'operator')),
        chaincodeTls: tls(join(root, 'chaincode', 'tls')),
        machinesDir: join(root, 'machines'),
        secretsFile: join(root, 'secrets.json'),
    };
}

/** The identity folders of a machine enrolled by the network tool. */
export function machinePaths(mill: MillPaths, machineId: string): IdentityPaths {
    return identity(join(mill.machinesDir, machineId));
}

function identity(dir: string): IdentityPaths {
    return { dir, msp: join(dir, 'msp'), tls: tls(join(dir, 'tls')) };
}

function tls(dir: string): TlsPaths {
    return { dir, cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
}

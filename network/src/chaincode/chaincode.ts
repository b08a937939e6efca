import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import {
    copyFileSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    readdirSync,
    renameSync,
    rmSync,
    statSync,
    writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';

import type { Consortium, MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { endpoint } from '../core/mill-host';
import { waitFor } from '../processes/health';
import { adminEnvironment } from '../processes/node-config';
import { pathWithProjectNode, projectNode } from '../processes/node-runtime';
import { nodeNames } from '../processes/nodes';
import { assertPortsFree } from '../processes/ports';
import { chaincodeProfileArgs } from './chaincode-profiling';
import { type CollectionDefinition, collectionsConfig, retainedCollection } from './collections';
import { decodeValidationParameter, describePolicy } from './committed-policy';
import { majorityOfPeers, toPolicyText } from './endorsement-policy';
import { copyReleaseCode } from './packaged-consortium';

/**
 * The chaincode definition the repository asks for: code, collections and their digests.
 * `ccaas` runs as each mill's chaincode server; `node` is the plain Node package that peers
 * build and launch themselves (here through network/builders/node, elsewhere in Docker).
 */
export interface ChaincodeRelease {
    name: string;
    kind: 'ccaas' | 'node';
    /** Package label, e.g. `spindle_1a2b3c4d5e6f`: changes whenever the compiled code does. */
    label: string;
    /** Definition version: the configured version plus digests of the code, the collections and the policy. */
    version: string;
    /**
     * The chaincode endorsement policy committed with the definition, in signature policy syntax:
     * a majority of the network's mills' peers, e.g. `OutOf(2, 'MillAMSP.peer', 'MillBMSP.peer', 'MillCMSP.peer')`.
     */
    endorsementPolicy: string;
    collectionsFile: string;
    packageFile: string;
    /**
     * The code this release runs: the compiled chaincode with the consortium manifest of the
     * channel's mills when it was packaged (`run/packages/code-<digest>`). The ccaas servers
     * run it; the node package carries a copy.
     */
    codeDir: string;
}

/** What to release: the package kind, the chaincode name, and whose machines get collections. */
export interface ReleaseOptions {
    /** Default `ccaas`. */
    kind?: ChaincodeRelease['kind'];
    /** Default the configured name for ccaas, `<name>-node` for node. */
    name?: string;
    /** Default the repository's consortium manifest. */
    consortium?: Consortium;
}

/** The definition committed on the channel, as `querycommitted` reports it. */
export interface CommittedDefinition {
    sequence: number;
    version: string;
    /**
     * Its endorsement policy, readable: the signature policy's text as {@link ChaincodeRelease}
     * writes it, or `channel policy <reference>` for a definition that left it to the channel.
     */
    endorsementPolicy: string;
}

/**
 * Works out the release from the compiled chaincode and the consortium manifest, and writes
 * its collections config and its package, once per code version (the ccaas package is made
 * byte-for-byte reproducibly, so the same code always has the same package ID).
 */
export async function prepareRelease(ctx: NetworkContext, options: ReleaseOptions = {}): Promise<ChaincodeRelease> {
    const kind = options.kind ?? 'ccaas';
    const name = options.name ?? (kind === 'ccaas' ? ctx.config.chaincode.name : `${ctx.config.chaincode.name}-node`);
    const { codeDir, codeDigest } = stageReleaseCode(ctx);
    const fromManifest = collectionsConfig(
        options.consortium ?? ctx.consortium,
        undefined,
        ctx.config.chaincode.privateAreas,
    );
    const collections = JSON.stringify(withCommittedCollections(ctx, name, fromManifest), null, 2);
    const collectionsDigest = createHash('sha256').update(collections).digest('hex').slice(0, 8);
    const endorsementPolicy = toPolicyText(majorityOfPeers(ctx.config.mills.map((mill) => mill.mspId)));
    const policyDigest = createHash('sha256').update(endorsementPolicy).digest('hex').slice(0, 8);
    const label = `${kind === 'ccaas' ? 'spindle' : 'spindle_node'}_${codeDigest.slice(0, 12)}`;
    mkdirSync(ctx.paths.packagesDir, { recursive: true });
    const collectionsFile = join(ctx.paths.packagesDir, `collections-${collectionsDigest}.json`);
    writeFileSync(collectionsFile, collections);
    const packageFile = join(ctx.paths.packagesDir, `${label}.tar.gz`);
    if (!existsSync(packageFile)) {
        await (kind === 'ccaas'
            ? writeCcaasPackage(ctx, label, packageFile)
            : writeNodePackage(ctx, label, packageFile));
    }
    return {
        name,
        kind,
        label,
        version: `${ctx.config.chaincode.version}-c${codeDigest.slice(0, 8)}-p${collectionsDigest}-e${policyDigest}`,
        endorsementPolicy,
        collectionsFile,
        packageFile,
        codeDir,
    };
}

/**
 * Copies the code of the next release (see {@link copyReleaseCode}) to a folder named by its
 * digest, once: the same code and members always make the same folder and the same version.
 */
function stageReleaseCode(ctx: NetworkContext): { codeDir: string; codeDigest: string } {
    mkdirSync(ctx.paths.packagesDir, { recursive: true });
    const staging = mkdtempSync(join(ctx.paths.packagesDir, 'code.staging-'));
    try {
        copyReleaseCode(ctx, staging);
        const codeDigest = digestTree(staging, ['dist', 'package.json']);
        const codeDir = join(ctx.paths.packagesDir, `code-${codeDigest.slice(0, 12)}`);
        if (!existsSync(codeDir)) {
            renameSync(staging, codeDir);
        }
        return { codeDir, codeDigest };
    } finally {
        rmSync(staging, { recursive: true, force: true });
    }
}

/** Remembers the collections of a committed definition, which later definitions must keep. */
export function recordCommittedCollections(ctx: NetworkContext, release: ChaincodeRelease): void {
    copyFileSync(release.collectionsFile, committedCollectionsFile(ctx, release.name));
}

/**
 * Fabric never lets a definition drop a collection, and a retired machine's private history
 * must stay: so every collection committed before stays in the next definition, after the
 * manifest's own, even when the manifest no longer lists its machine; a departed mill's
 * collection stays frozen ({@link retainedCollection}).
 */
function withCommittedCollections(
    ctx: NetworkContext,
    name: string,
    fromManifest: CollectionDefinition[],
): CollectionDefinition[] {
    const file = committedCollectionsFile(ctx, name);
    if (!existsSync(file)) {
        return fromManifest;
    }
    const committed = parseCollections(readFileSync(file, 'utf8'));
    const names = new Set(fromManifest.map((collection) => collection.name));
    const channelMspIds = ctx.config.mills.map((mill) => mill.mspId);
    return [
        ...fromManifest,
        ...committed
            .filter((collection) => !names.has(collection.name))
            .map((collection) => retainedCollection(collection, channelMspIds)),
    ];
}

function committedCollectionsFile(ctx: NetworkContext, name: string): string {
    return join(ctx.paths.packagesDir, `committed-collections-${name}.json`);
}

function parseCollections(text: string): CollectionDefinition[] {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) {
        throw new NetworkError('CONFIG_INVALID', 'the committed collections file is not a JSON array');
    }
    return parsed.filter(
        (entry): entry is CollectionDefinition =>
            typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string',
    );
}

/** The package ID peers give a package: its label and the SHA-256 of its bytes. */
export function packageId(release: ChaincodeRelease): string {
    return `${release.label}:${createHash('sha256').update(readFileSync(release.packageFile)).digest('hex')}`;
}

async function writeCcaasPackage(ctx: NetworkContext, label: string, packageFile: string): Promise<void> {
    const staging = join(ctx.paths.packagesDir, `${label}.staging`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'code'), { recursive: true });
    // The address is filled in by each peer's builder (network/builders/ccaas/bin/release).
    writeFileSync(join(staging, 'code', 'connection.json'), '{"address": "{{SPINDLE_CHAINCODE_ADDRESS}}"}\n');
    writeFileSync(join(staging, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
    const tar = 'tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -c';
    await runCommand(
        'bash',
        [
            '-o',
            'pipefail',
            '-ec',
            `${tar} -C code connection.json | gzip -n > code.tar.gz; ${tar} metadata.json code.tar.gz | gzip -n > package.tgz`,
        ],
        { cwd: staging, logFile: ctx.stepLog('chaincode') },
    );
    writeFileSync(packageFile, readFileSync(join(staging, 'package.tgz')));
    rmSync(staging, { recursive: true, force: true });
}

/**
 * Packages the compiled chaincode as a plain Node chaincode (`peer lifecycle chaincode package
 * --lang node`): package.json, dist/ and a package-lock.json of its own, so a peer that builds
 * it runs `npm ci` in that folder alone.
 */
async function writeNodePackage(ctx: NetworkContext, label: string, packageFile: string): Promise<void> {
    const staging = mkdtempSync(join(tmpdir(), 'spindle-node-package-'));
    try {
        await stageStandaloneChaincode(ctx, staging);
        await runCommand(
            ctx.bin('peer'),
            ['lifecycle', 'chaincode', 'package', packageFile, '--lang', 'node', '--path', staging, '--label', label],
            { logFile: ctx.stepLog('chaincode'), env: { FABRIC_CFG_PATH: ctx.folders(firstMill(ctx)).peer.config } },
        );
    } finally {
        rmSync(staging, { recursive: true, force: true });
    }
}

/**
 * Copies the code of the next release (package.json, and dist/ with the channel's consortium
 * manifest) into `dir` with a package-lock.json of its own, so whoever builds it (a peer, a
 * Dockerfile) runs `npm ci` in that folder alone.
 */
export async function stageStandaloneChaincode(ctx: NetworkContext, dir: string): Promise<void> {
    copyReleaseCode(ctx, dir);
    await runCommand(
        'npm',
        ['install', '--package-lock-only', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
        {
            cwd: dir,
            env: { PATH: pathWithProjectNode(ctx.paths.repoRoot) },
            logFile: ctx.stepLog('chaincode'),
            timeoutMs: 300_000,
        },
    );
}

function firstMill(ctx: NetworkContext): MillConfig {
    const [first] = ctx.config.mills;
    if (!first) {
        throw new NetworkError('CONFIG_INVALID', 'the network has no mills');
    }
    return first;
}

/** Installs the package on a mill's peer unless it is installed already. */
export async function installOn(ctx: NetworkContext, mill: MillConfig, release: ChaincodeRelease): Promise<void> {
    const installed = await peerLifecycle(ctx, mill, ['queryinstalled', '-O', 'json']);
    if (installed.includes(packageId(release))) {
        return;
    }
    await peerLifecycle(ctx, mill, ['install', release.packageFile]);
}

/** The definition committed on the channel, or undefined before the first commit. */
export async function committedDefinition(
    ctx: NetworkContext,
    mill: MillConfig,
    name: string = ctx.config.chaincode.name,
): Promise<CommittedDefinition | undefined> {
    const output = await peerLifecycle(ctx, mill, [
        'querycommitted',
        '-C',
        ctx.config.channel,
        '-n',
        name,
        '-O',
        'json',
    ]).catch((error: unknown) => {
        if (error instanceof NetworkError && /namespace .* is not defined|404/.test(error.message)) {
            return undefined;
        }
        throw error;
    });
    if (output === undefined) {
        return undefined;
    }
    const parsed: unknown = JSON.parse(output);
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const parameter = typeof record.validation_parameter === 'string' ? record.validation_parameter : '';
    return {
        sequence: Number(record.sequence),
        version: String(record.version),
        endorsementPolicy: describePolicy(decodeValidationParameter(Buffer.from(parameter, 'base64'))),
    };
}

/** Approves the release at `sequence` as one mill, unless that mill approved it already. */
export async function approveAs(
    ctx: NetworkContext,
    mill: MillConfig,
    release: ChaincodeRelease,
    sequence: number,
): Promise<void> {
    const approved = await peerLifecycle(ctx, mill, [
        'queryapproved',
        '-C',
        ctx.config.channel,
        '-n',
        release.name,
        '--sequence',
        String(sequence),
        '-O',
        'json',
    ]).catch(() => '');
    if (approved.includes(packageId(release)) && approved.includes(release.version)) {
        return;
    }
    await peerLifecycle(ctx, mill, [
        'approveformyorg',
        ...ordererArgs(ctx, mill),
        ...definitionArgs(ctx, release, sequence),
        '--package-id',
        packageId(release),
    ]);
}

/**
 * Commits the definition at `sequence`, endorsed by the peers of the mills that approved it
 * (a peer refuses to endorse a commit its own mill has not agreed to).
 */
export async function commitDefinition(
    ctx: NetworkContext,
    release: ChaincodeRelease,
    sequence: number,
    approvers: MillConfig[],
): Promise<void> {
    const [first] = approvers;
    if (!first) {
        throw new NetworkError('CONFIG_INVALID', 'no mill approved the definition');
    }
    const peers = approvers.flatMap((mill) => [
        '--peerAddresses',
        endpoint(mill.host, mill.ports.peer),
        '--tlsRootCertFiles',
        ctx.folders(mill).peer.tls.ca,
    ]);
    await peerLifecycle(ctx, first, [
        'commit',
        ...ordererArgs(ctx, first),
        ...definitionArgs(ctx, release, sequence),
        ...peers,
    ]);
}

/**
 * Starts a mill's chaincode server for the package unless it runs: fabric-chaincode-node in
 * server mode on the project's Node, mutual TLS with the mill's own CA.
 */
export async function startChaincodeServer(
    ctx: NetworkContext,
    mill: MillConfig,
    release: ChaincodeRelease,
): Promise<void> {
    const name = nodeNames.chaincode(mill);
    if (ctx.processes.running(name)) {
        return;
    }
    await assertPortsFree(`${mill.name}'s chaincode server`, [mill.ports.chaincode], mill.host);
    const tls = ctx.folders(mill).chaincodeTls;
    const cli = require.resolve('fabric-shim/cli.js', { paths: [ctx.paths.chaincodeDir] });
    ctx.processes.start({
        name,
        namespace: mill.host.namespace,
        command: projectNode(ctx.paths.repoRoot),
        args: [
            ...chaincodeProfileArgs(name),
            cli,
            'server',
            '--chaincode-address',
            `127.0.0.1:${mill.ports.chaincode}`,
            '--chaincode-id',
            packageId(release),
            '--chaincode-tls-cert-file',
            tls.cert,
            '--chaincode-tls-key-file',
            tls.key,
            '--chaincode-tls-client-cacert-file',
            tls.ca,
            '--module-path',
            release.codeDir,
        ],
        cwd: release.codeDir,
        env: {
            CORE_CHAINCODE_LOGGING_LEVEL: 'warning',
            CORE_CHAINCODE_LOGGING_SHIM: 'warning',
            // The release's code lives in the run folder; its dependencies are the repository's
            // (the same fabric-contract-api as the shim's, so one module instance).
            NODE_PATH: join(ctx.paths.repoRoot, 'node_modules'),
        },
    });
}

/** Waits until a chaincode answers `Probe:ping` through a mill's peer (a Node build takes a while). */
export async function waitForChaincode(
    ctx: NetworkContext,
    mill: MillConfig,
    release: ChaincodeRelease,
): Promise<void> {
    await waitFor(
        `chaincode ${release.name} through ${mill.name}'s peer`,
        async () => (await pingChaincode(ctx, mill, release.name)) !== undefined,
        {
            timeoutMs: release.kind === 'ccaas' ? 90_000 : 600_000,
            intervalMs: 1000,
            logFile:
                release.kind === 'ccaas'
                    ? ctx.processes.logFile(nodeNames.chaincode(mill))
                    : ctx.processes.logFile(nodeNames.peer(mill)),
        },
    );
}

/** Calls `Probe:ping` through a mill's peer as its admin; undefined when it does not answer. */
export async function pingChaincode(
    ctx: NetworkContext,
    mill: MillConfig,
    name: string = ctx.config.chaincode.name,
): Promise<string | undefined> {
    return runCommand(
        ctx.bin('peer'),
        ['chaincode', 'query', '-C', ctx.config.channel, '-n', name, '-c', '{"function":"Probe:ping","Args":[]}'],
        { env: adminEnvironment(ctx, mill), logFile: ctx.stepLog(`${mill.key}-chaincode-ping`), timeoutMs: 20_000 },
    ).catch(() => undefined);
}

function definitionArgs(ctx: NetworkContext, release: ChaincodeRelease, sequence: number): string[] {
    return [
        '--channelID',
        ctx.config.channel,
        '--name',
        release.name,
        '--version',
        release.version,
        '--sequence',
        String(sequence),
        '--collections-config',
        release.collectionsFile,
        // Explicit, never the channel's default: the Fabric samples' networks default to any one organisation.
        '--signature-policy',
        release.endorsementPolicy,
    ];
}

function ordererArgs(ctx: NetworkContext, mill: MillConfig): string[] {
    return ['-o', endpoint(mill.host, mill.ports.orderer), '--tls', '--cafile', ctx.folders(mill).orderer.tls.ca];
}

function peerLifecycle(ctx: NetworkContext, mill: MillConfig, args: string[]): Promise<string> {
    return runCommand(ctx.bin('peer'), ['lifecycle', 'chaincode', ...args], {
        env: adminEnvironment(ctx, mill),
        logFile: ctx.stepLog('chaincode'),
        timeoutMs: 180_000,
    });
}

/** SHA-256 over the relative paths and bytes of the given files and folders, in sorted order. */
function digestTree(root: string, entries: string[]): string {
    const hash = createHash('sha256');
    const visit = (path: string): void => {
        if (path.endsWith('.tsbuildinfo')) {
            return;
        }
        if (statSync(path).isDirectory()) {
            for (const child of readdirSync(path).sort()) {
                visit(join(path, child));
            }
            return;
        }
        hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    };
    for (const entry of entries) {
        const path = join(root, entry);
        if (!existsSync(path)) {
            throw new NetworkError('STEP_FAILED', `${path} is missing; build the chaincode with "npm run build"`);
        }
        visit(path);
    }
    return hash.digest('hex');
}

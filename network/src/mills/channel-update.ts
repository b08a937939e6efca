import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { computeUpdate, decodeProto, encodeProto } from '../channel/configtxlator';
import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { endpoint } from '../core/mill-host';
import { adminEnvironment } from '../processes/node-config';
import type { JoinRequest } from './mill-request';

type Json = Record<string, unknown>;

/** The orderer flags of a `peer channel` command sent to `via`'s orderer over TLS. */
function ordererFlags(ctx: NetworkContext, via: MillConfig): string[] {
    return [
        '-o',
        endpoint(via.host, via.ports.orderer),
        '--tls',
        '--cafile',
        ctx.folders(via).orderer.tls.ca,
        '-c',
        ctx.config.channel,
    ];
}

/**
 * Fetches the channel's latest config block (`which: 'config'`) or its genesis block (`0`) from
 * `via`'s orderer, as `as`'s admin: the orderer hands it to any member of the channel.
 */
export async function fetchBlock(
    ctx: NetworkContext,
    as: MillConfig,
    via: MillConfig,
    which: 'config' | '0',
    file: string,
): Promise<string> {
    mkdirSync(dirname(file), { recursive: true });
    await runCommand(ctx.bin('peer'), ['channel', 'fetch', which, file, ...ordererFlags(ctx, via)], {
        env: adminEnvironment(ctx, as),
        logFile: ctx.stepLog(`${as.key}-channel`),
    });
    return file;
}

function child(value: unknown, path: string[]): Json {
    let node: unknown = value;
    for (const key of path) {
        node = typeof node === 'object' && node !== null ? (node as Json)[key] : undefined;
    }
    if (typeof node !== 'object' || node === null) {
        throw new NetworkError('STEP_FAILED', `the channel config has no ${path.join('.')}`);
    }
    return node as Json;
}

/** The etcdraft metadata of a channel config: its consenters and options. */
function raftMetadata(config: Json): Json {
    return child(config, ['channel_group', 'groups', 'Orderer', 'values', 'ConsensusType', 'value', 'metadata']);
}

/**
 * The channel config with a mill added: its organisation in the application group (with its
 * anchor peer) and in the orderer group (with its orderer endpoint), and its orderer appended
 * to the Raft consenters of the ConsensusType metadata. One consenter per update: etcdraft
 * refuses an update that changes more than one.
 *
 * @throws NetworkError CONFIG_INVALID when the mill is already an organisation of the channel.
 */
export function withMillAdded(config: unknown, request: JoinRequest): Json {
    const updated = structuredClone(config) as Json;
    const application = child(updated, ['channel_group', 'groups', 'Application', 'groups']);
    const orderer = child(updated, ['channel_group', 'groups', 'Orderer', 'groups']);
    if (request.mspId in application || request.mspId in orderer) {
        throw new NetworkError('CONFIG_INVALID', `${request.mspId} is already an organisation of the channel`);
    }
    const values = child(request.organisation, ['values']);
    const { Endpoints: endpoints, AnchorPeers: anchorPeers, ...common } = values;
    application[request.mspId] = {
        ...request.organisation,
        values: { ...common, ...(anchorPeers === undefined ? {} : { AnchorPeers: anchorPeers }) },
    };
    orderer[request.mspId] = {
        ...request.organisation,
        values: { ...common, ...(endpoints === undefined ? {} : { Endpoints: endpoints }) },
    };
    const metadata = raftMetadata(updated);
    const consenters = metadata.consenters;
    if (!Array.isArray(consenters)) {
        throw new NetworkError('STEP_FAILED', 'the channel config has no Raft consenters');
    }
    const certificate = Buffer.from(request.consenter.tlsCertificate).toString('base64');
    metadata.consenters = [
        ...(consenters as unknown[]),
        {
            host: request.consenter.host,
            port: request.consenter.port,
            client_tls_cert: certificate,
            server_tls_cert: certificate,
        },
    ];
    return updated;
}

/**
 * The channel config without a mill: its organisation out of the application and orderer
 * groups, and its orderer out of the Raft consenters (matched by its TLS certificate). Its
 * certificates then satisfy no policy of the channel: its peers and clients are refused.
 *
 * @throws NetworkError CONFIG_INVALID when the mill is not an organisation of the channel.
 */
export function withMillRemoved(config: unknown, mspId: string, ordererTlsCertificate: string): Json {
    const updated = structuredClone(config) as Json;
    const application = child(updated, ['channel_group', 'groups', 'Application', 'groups']);
    const orderer = child(updated, ['channel_group', 'groups', 'Orderer', 'groups']);
    if (!(mspId in application) && !(mspId in orderer)) {
        throw new NetworkError('CONFIG_INVALID', `${mspId} is not an organisation of the channel`);
    }
    const without = (groups: Json): Json => Object.fromEntries(Object.entries(groups).filter(([id]) => id !== mspId));
    child(updated, ['channel_group', 'groups', 'Application']).groups = without(application);
    child(updated, ['channel_group', 'groups', 'Orderer']).groups = without(orderer);
    const metadata = raftMetadata(updated);
    const certificate = Buffer.from(ordererTlsCertificate).toString('base64');
    const consenters = Array.isArray(metadata.consenters) ? (metadata.consenters as Json[]) : [];
    metadata.consenters = consenters.filter((consenter) => consenter.client_tls_cert !== certificate);
    return updated;
}

/**
 * Writes the config update `change` makes to the channel's latest config, as an unsigned
 * envelope: fetched from `as`'s orderer, computed by configtxlator. The mills' admins then sign
 * the file one after another ({@link signUpdate}) and one of them submits it.
 *
 * @returns the envelope file
 */
export async function proposeUpdate(
    ctx: NetworkContext,
    as: MillConfig,
    name: string,
    change: (config: Json) => Json,
    output: string,
): Promise<string> {
    const work = join(ctx.paths.channelDir, 'updates', name);
    const block = await fetchBlock(ctx, as, as, 'config', join(work, 'config-block.pb'));
    const decoded = await decodeProto(ctx, 'common.Block', block);
    const config = child(decoded, ['data', 'data', '0', 'payload', 'data', 'config']);
    await encodeProto(ctx, 'common.Config', config, join(work, 'original.pb'));
    await encodeProto(ctx, 'common.Config', change(config), join(work, 'updated.pb'));
    await computeUpdate(
        ctx,
        ctx.config.channel,
        join(work, 'original.pb'),
        join(work, 'updated.pb'),
        join(work, 'update.pb'),
    );
    const update = await decodeProto(ctx, 'common.ConfigUpdate', join(work, 'update.pb'));
    const envelope = {
        payload: {
            header: { channel_header: { channel_id: ctx.config.channel, type: 2 } },
            data: { config_update: update },
        },
    };
    mkdirSync(dirname(output), { recursive: true });
    await encodeProto(ctx, 'common.Envelope', envelope, output);
    return output;
}

/** Writes the config update that adds the mill of `request` to the channel ({@link withMillAdded}). */
export function proposeMillJoin(
    ctx: NetworkContext,
    as: MillConfig,
    request: JoinRequest,
    output: string,
): Promise<string> {
    return proposeUpdate(ctx, as, `add-${request.mspId}`, (config) => withMillAdded(config, request), output);
}

/**
 * Writes the config update that removes `mill` from the channel ({@link withMillRemoved}); its
 * orderer's TLS certificate is read from its folder, as the channel config holds it.
 */
export function proposeMillRemoval(
    ctx: NetworkContext,
    as: MillConfig,
    mill: MillConfig,
    output: string,
): Promise<string> {
    const certificate = readFileSync(ctx.folders(mill).orderer.tls.cert, 'utf8');
    return proposeUpdate(
        ctx,
        as,
        `remove-${mill.mspId}`,
        (config) => withMillRemoved(config, mill.mspId, certificate),
        output,
    );
}

/** Adds `mill`'s admin signature to a config update envelope, in place (`peer channel signconfigtx`). */
export async function signUpdate(ctx: NetworkContext, mill: MillConfig, file: string): Promise<void> {
    await runCommand(ctx.bin('peer'), ['channel', 'signconfigtx', '-f', file], {
        env: adminEnvironment(ctx, mill),
        logFile: ctx.stepLog(`${mill.key}-channel`),
    });
}

/** The MSP IDs whose admins have signed a config update envelope, in signing order. */
export async function updateSigners(ctx: NetworkContext, file: string): Promise<string[]> {
    const envelope = await decodeProto(ctx, 'common.Envelope', file);
    const signatures = child(envelope, ['payload', 'data']).signatures;
    if (!Array.isArray(signatures)) {
        return [];
    }
    return signatures.map((signature: unknown) => {
        const creator = child(signature, ['signature_header', 'creator']);
        return String(creator.mspid);
    });
}

/**
 * Submits a signed config update to `as`'s orderer as `as`'s admin, which adds its own
 * signature; the orderer applies it only if the signatures satisfy the modification policies
 * of everything it changes (for a new organisation: the channel's Admins, a majority of mills).
 *
 * @throws NetworkError UPDATE_REFUSED when the orderer refuses it, with the orderer's reason.
 */
export async function submitUpdate(ctx: NetworkContext, as: MillConfig, file: string): Promise<void> {
    try {
        await runCommand(ctx.bin('peer'), ['channel', 'update', '-f', file, ...ordererFlags(ctx, as)], {
            env: adminEnvironment(ctx, as),
            logFile: ctx.stepLog(`${as.key}-channel`),
        });
    } catch (error) {
        if (error instanceof NetworkError && /BAD_REQUEST|FORBIDDEN|policy/i.test(error.message)) {
            // peer prints its connection log before the orderer's answer; keep the answer.
            const answer = /Error: (.*)$/.exec(error.message)?.[1] ?? error.message.replace(/^STEP_FAILED: /, '');
            throw new NetworkError('UPDATE_REFUSED', answer);
        }
        throw error;
    }
}

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { runCommand } from '../core/exec';
import { endpoint } from '../core/mill-host';
import { waitFor } from './health';
import { adminEnvironment, peerEnvironment } from './node-config';
import { ensureService } from './service';

/** Process names of a mill's nodes. */
export const nodeNames = {
    orderer: (mill: MillConfig) => `${mill.key}-orderer`,
    peer: (mill: MillConfig) => `${mill.key}-peer`,
    chaincode: (mill: MillConfig) => `${mill.key}-chaincode`,
};

/** Starts a mill's orderer unless it runs, and waits for its operations endpoint. */
export async function startOrderer(ctx: NetworkContext, mill: MillConfig): Promise<void> {
    await ensureService(ctx, {
        name: nodeNames.orderer(mill),
        owner: `${mill.name}'s orderer`,
        command: ctx.bin('orderer'),
        args: [],
        env: { FABRIC_CFG_PATH: ctx.folders(mill).orderer.config },
        ports: [mill.ports.orderer, mill.ports.ordererAdmin, mill.ports.ordererOperations],
        operationsPort: mill.ports.ordererOperations,
        host: mill.host,
    });
}

/** Starts a mill's peer unless it runs, and waits for its operations endpoint. */
export async function startPeer(ctx: NetworkContext, mill: MillConfig): Promise<void> {
    await ensureService(ctx, {
        name: nodeNames.peer(mill),
        owner: `${mill.name}'s peer`,
        command: ctx.bin('peer'),
        args: ['node', 'start'],
        env: peerEnvironment(ctx, mill),
        ports: [mill.ports.peer, mill.ports.peerChaincode, mill.ports.peerOperations],
        operationsPort: mill.ports.peerOperations,
        host: mill.host,
    });
}

/** Waits until a mill's orderer is an active consenter of the channel. @throws NetworkError HEALTH_TIMEOUT */
export async function waitForConsenter(ctx: NetworkContext, mill: MillConfig): Promise<void> {
    await waitFor(
        `${mill.name}'s orderer on ${ctx.config.channel}`,
        async () => {
            const info = await ordererChannelInfo(ctx, mill);
            return info?.status === 'active' && info.consensusRelation === 'consenter';
        },
        { timeoutMs: 90_000, intervalMs: 1000, logFile: ctx.processes.logFile(nodeNames.orderer(mill)) },
    );
}

/** Waits until a mill's peer has the channel's first block. @throws NetworkError HEALTH_TIMEOUT */
export async function waitForPeerJoined(ctx: NetworkContext, mill: MillConfig): Promise<void> {
    await waitFor(
        `${mill.name}'s peer on ${ctx.config.channel}`,
        async () => ((await peerChannelHeight(ctx, mill)) ?? 0) >= 1,
        { timeoutMs: 60_000, intervalMs: 1000, logFile: ctx.processes.logFile(nodeNames.peer(mill)) },
    );
}

/** The channel as one orderer sees it through the channel participation API. */
export interface OrdererChannelInfo {
    name: string;
    status: string;
    consensusRelation: string;
    height: number;
}

/** Asks an orderer, as its mill's admin, how it sees the channel; undefined if it has not joined. */
export async function ordererChannelInfo(
    ctx: NetworkContext,
    mill: MillConfig,
): Promise<OrdererChannelInfo | undefined> {
    const output = await osnadmin(ctx, mill, ['channel', 'list', '--channelID', ctx.config.channel]).catch(
        () => undefined,
    );
    if (output === undefined) {
        return undefined;
    }
    const body = output.slice(output.indexOf('{'));
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || !('status' in parsed)) {
        return undefined;
    }
    const info = parsed as Partial<OrdererChannelInfo>;
    return {
        name: String(info.name),
        status: String(info.status),
        consensusRelation: String(info.consensusRelation),
        height: Number(info.height),
    };
}

/** Joins an orderer to the channel with the genesis block, unless it already joined. */
export async function joinOrderer(ctx: NetworkContext, mill: MillConfig, block: string): Promise<void> {
    if (!(await ordererChannelInfo(ctx, mill))) {
        await osnadmin(ctx, mill, ['channel', 'join', '--channelID', ctx.config.channel, '--config-block', block]);
    }
}

/** The heights of the channel's ledger on a peer, or undefined if the peer has not joined. */
export async function peerChannelHeight(ctx: NetworkContext, mill: MillConfig): Promise<number | undefined> {
    const output = await runCommand(ctx.bin('peer'), ['channel', 'getinfo', '-c', ctx.config.channel], {
        env: adminEnvironment(ctx, mill),
        logFile: ctx.stepLog(`${mill.key}-channel`),
        timeoutMs: 15_000,
    }).catch(() => undefined);
    const match = output ? /"height":(\d+)/.exec(output) : null;
    return match?.[1] ? Number(match[1]) : undefined;
}

/** Joins a peer to the channel with the genesis block, unless it already joined. */
export async function joinPeer(ctx: NetworkContext, mill: MillConfig, block: string): Promise<void> {
    if ((await peerChannelHeight(ctx, mill)) === undefined) {
        await runCommand(ctx.bin('peer'), ['channel', 'join', '-b', block], {
            env: adminEnvironment(ctx, mill),
            logFile: ctx.stepLog(`${mill.key}-channel`),
        });
    }
}

function osnadmin(ctx: NetworkContext, mill: MillConfig, args: string[]): Promise<string> {
    const folders = ctx.folders(mill);
    return runCommand(
        ctx.bin('osnadmin'),
        [
            ...args,
            '-o',
            endpoint(mill.host, mill.ports.ordererAdmin),
            '--ca-file',
            folders.orderer.tls.ca,
            '--client-cert',
            folders.admin.tls.cert,
            '--client-key',
            folders.admin.tls.key,
        ],
        { logFile: ctx.stepLog(`${mill.key}-channel`), timeoutMs: 15_000 },
    );
}

import {
    type MillConfig,
    type NetworkContext,
    Progress,
    isRaftLeader,
    ordererChannelInfo,
    peerChannelHeight,
    up,
} from '@spindle/network';

import { waitUntil } from './wait-until';

/**
 * Kills a process the network recorded (`milla-orderer`, `millb-peer`, `millc-chaincode`) with
 * SIGKILL, by the PID in its PID file, and waits until it is gone: no shutdown, as in a crash.
 *
 * @returns the PID it killed.
 */
export async function killNode(ctx: NetworkContext, name: string): Promise<number> {
    const record = ctx.processes.running(name);
    if (!record) {
        throw new Error(`${name} is not running, so it cannot be killed`);
    }
    process.kill(record.pid, 'SIGKILL');
    await waitUntil(`${name} (pid ${String(record.pid)}) to exit`, () => !ctx.processes.running(name), 30_000);
    return record.pid;
}

/** The mill whose orderer leads the channel's Raft cluster now, if any. */
export async function raftLeader(ctx: NetworkContext): Promise<MillConfig | undefined> {
    for (const mill of ctx.config.mills) {
        if (await isRaftLeader(mill.ports.ordererOperations, ctx.config.channel)) {
            return mill;
        }
    }
    return undefined;
}

/** Waits for a Raft leader and returns its mill. */
export async function waitForRaftLeader(ctx: NetworkContext, timeoutMs = 120_000): Promise<MillConfig> {
    let leader: MillConfig | undefined;
    await waitUntil(
        'a Raft leader',
        async () => {
            leader = await raftLeader(ctx);
            return leader !== undefined;
        },
        timeoutMs,
    );
    return leader as MillConfig;
}

/** Every orderer's and every peer's height of the channel; undefined where one does not answer. */
export async function channelHeights(
    ctx: NetworkContext,
): Promise<{ orderers: (number | undefined)[]; peers: (number | undefined)[] }> {
    const orderers = await Promise.all(
        ctx.config.mills.map(async (mill) => (await ordererChannelInfo(ctx, mill))?.height),
    );
    const peers = await Promise.all(ctx.config.mills.map((mill) => peerChannelHeight(ctx, mill)));
    return { orderers, peers };
}

/** Waits until every orderer and every peer holds the same number of blocks, and returns it. */
export async function waitForEqualHeights(ctx: NetworkContext, timeoutMs = 180_000): Promise<number> {
    let height = 0;
    await waitUntil(
        'equal channel heights on every orderer and peer',
        async () => {
            const { orderers, peers } = await channelHeights(ctx);
            const all = [...orderers, ...peers];
            height = all[0] ?? 0;
            return all.every((value) => value !== undefined && value === height);
        },
        timeoutMs,
    );
    return height;
}

/**
 * Brings back whatever a fault left down, on the same data folders and ledgers (`up` restarts
 * only what is not running), then waits for a Raft leader and for every node to catch up.
 * Every chaos case calls it in `after`, so the suites that follow find a healthy network.
 */
export async function healNetwork(ctx: NetworkContext): Promise<void> {
    await up(ctx, new Progress(11, () => undefined));
    await waitForRaftLeader(ctx);
    await waitForEqualHeights(ctx);
}

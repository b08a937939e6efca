import { readFileSync } from 'node:fs';

import {
    type MillConfig,
    type NetworkContext,
    Progress,
    isPortFree,
    isRaftLeader,
    ordererChannelInfo,
    peerChannelHeight,
    prepareRelease,
    startChaincodeServer,
    startOrderer,
    startPeer,
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
    await waitUntil(`${name} (pid ${String(record.pid)}) to exit`, () => hasExited(record.pid), 30_000);
    return record.pid;
}

/**
 * True once a process has released everything it held: gone, or a zombie. Its command line
 * empties earlier in its exit, while its sockets are still open, so the process table's own
 * liveness check is too early for a restart on the same ports.
 */
function hasExited(pid: number): boolean {
    try {
        const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    } catch {
        return true;
    }
}

/** A mill's node that a chaos case kills and restarts. */
export type NodeKind = 'orderer' | 'peer' | 'chaincode';

/**
 * Starts a killed node again on its own data folder or ledger. It first waits for the node's
 * ports: a connection a client still holds open keeps the dead side's socket (FIN-WAIT-2) on
 * the port for up to a minute.
 */
export async function restartNode(ctx: NetworkContext, mill: MillConfig, kind: NodeKind): Promise<void> {
    const { ports } = mill;
    const held = {
        orderer: [ports.orderer, ports.ordererAdmin, ports.ordererOperations],
        peer: [ports.peer, ports.peerChaincode, ports.peerOperations],
        chaincode: [ports.chaincode],
    }[kind];
    await waitUntil(
        `the ports of ${mill.name}'s ${kind} to be free`,
        async () => (await Promise.all(held.map((port) => isPortFree(port)))).every(Boolean),
        120_000,
    );
    if (kind === 'orderer') {
        await startOrderer(ctx, mill);
    } else if (kind === 'peer') {
        await startPeer(ctx, mill);
    } else {
        await startChaincodeServer(ctx, mill, await prepareRelease(ctx));
    }
}

/** The mill whose orderer leads the channel's Raft cluster now, if any. */
export async function raftLeader(ctx: NetworkContext): Promise<MillConfig | undefined> {
    for (const mill of ctx.config.mills) {
        if (await isRaftLeader(mill.ports.ordererOperations, ctx.config.channel, mill.host.address)) {
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

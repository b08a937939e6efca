import type { SpindleGateway } from '@spindle/client';

import { connectAs, testNetwork } from '../../support/local-network';
import type { LoadOutcome } from './load';

/** The valid commits of each key on one peer, as transaction IDs in block order. */
export type PeerCommits = Map<string, string[]>;

const utf8 = new TextDecoder();

/**
 * Reads, on every mill's peer, the `ProbePut` events of valid transactions from `startBlock`
 * on, keeping the keys that start with `prefix`. A sentinel write submitted last marks the
 * end: once a peer delivered its event, it has delivered every earlier block too, so a peer
 * that is still catching up is waited for (up to `timeoutMs`) rather than read short.
 */
export async function commitsOnEveryPeer(
    session: SpindleGateway,
    prefix: string,
    startBlock: bigint,
    timeoutMs = 180_000,
): Promise<Map<string, PeerCommits>> {
    const sentinel = `${prefix}-sentinel`;
    await session.submit('Probe:put', { args: [sentinel, 'end of load'] });
    const byMill = new Map<string, PeerCommits>();
    for (const mill of testNetwork().ctx.config.mills) {
        byMill.set(mill.name, await commitsOnPeer(mill.name, prefix, sentinel, startBlock, timeoutMs));
    }
    return byMill;
}

async function commitsOnPeer(
    millName: string,
    prefix: string,
    sentinel: string,
    startBlock: bigint,
    timeoutMs: number,
): Promise<PeerCommits> {
    const connection = connectAs(millName);
    const commits: PeerCommits = new Map();
    const events = await connection.gateway
        .getNetwork(testNetwork().ctx.config.channel)
        .getChaincodeEvents(testNetwork().ctx.config.chaincode.name, { startBlock });
    const timer = setTimeout(() => {
        events.close();
    }, timeoutMs);
    try {
        for await (const event of events) {
            if (event.eventName !== 'ProbePut') {
                continue;
            }
            const { key } = JSON.parse(utf8.decode(event.payload)) as { key: string };
            if (key === sentinel) {
                return commits;
            }
            if (key.startsWith(`${prefix}-`)) {
                commits.set(key, [...(commits.get(key) ?? []), event.transactionId]);
            }
        }
        throw new Error(
            `${millName}'s peer did not deliver the sentinel ${sentinel} within ${String(timeoutMs / 1000)}s`,
        );
    } finally {
        clearTimeout(timer);
        events.close();
        connection.close();
    }
}

/** What the audit found about the transactions of one load. */
export interface LossReport {
    /** Succeeded but not committed exactly once (under the reported ID) on some peer, or committed twice. */
    lost: string[];
    /** Failed to the caller and found committed nowhere: clean failures. */
    failedNotCommitted: number;
    /** Failed to the caller (the budget ran out) yet committed once everywhere in the end. */
    failedButCommitted: number;
}

/**
 * Compares what a load's submits reported with what every peer committed. A success must be on
 * every peer exactly once, under the transaction ID the client was given; a failure must be on
 * no peer or once on every peer; nothing may be committed twice.
 */
export function auditLoad(outcome: LoadOutcome, byMill: Map<string, PeerCommits>): LossReport {
    const peers = [...byMill.values()];
    const lost: string[] = [];
    let failedNotCommitted = 0;
    let failedButCommitted = 0;
    for (const [key, transactionId] of outcome.committed) {
        if (!peers.every((commits) => sameList(commits.get(key), [transactionId]))) {
            lost.push(key);
        }
    }
    for (const key of outcome.failed.keys()) {
        const counts = peers.map((commits) => commits.get(key)?.length ?? 0);
        if (counts.every((count) => count === 0)) {
            failedNotCommitted += 1;
        } else if (counts.every((count) => count === 1)) {
            failedButCommitted += 1;
        } else {
            lost.push(key);
        }
    }
    return { lost, failedNotCommitted, failedButCommitted };
}

function sameList(actual: readonly string[] | undefined, expected: readonly string[]): boolean {
    return actual !== undefined && actual.length === expected.length && actual.every((id, i) => id === expected[i]);
}

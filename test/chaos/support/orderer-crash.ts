import { randomBytes } from 'node:crypto';

import { type MillConfig, type NetworkContext, nodeNames, peerChannelHeight } from '@spindle/network';

import { killNode, restartNode, waitForEqualHeights, waitForRaftLeader } from './faults';
import { type LossReport, auditLoad, commitsOnEveryPeer } from './ledger-audit';
import { Load, probePuts } from './load';
import { type ChainTip, ordererTips } from './orderer-chain';
import { operatorSession } from './sessions';
import { waitUntil } from './wait-until';

/** What happened when an orderer died under load. */
export interface OrdererCrashResult {
    victim: MillConfig;
    /** The leader after the crash (and the restart). */
    leaderAfter: MillConfig;
    submitted: number;
    succeeded: number;
    failed: number;
    /** Transactions the client sent again under the same ID, after an orderer failure or a late status. */
    resent: number;
    audit: LossReport;
    tips: ChainTip[];
}

/**
 * Drives `count` submits through MillA's gateway, kills one orderer with SIGKILL a fifth of the
 * way in (the Raft leader or a follower), restarts it on its own data folder past the half,
 * then checks every transaction on every peer and the chain tip on every orderer.
 */
export async function crashOrdererUnderLoad(
    ctx: NetworkContext,
    role: 'leader' | 'follower',
    count: number,
): Promise<OrdererCrashResult> {
    const prefix = `chaos-${role}-${randomBytes(4).toString('hex')}`;
    const [first] = ctx.config.mills;
    const startBlock = BigInt((first ? await peerChannelHeight(ctx, first) : undefined) ?? 0);
    const leader = await waitForRaftLeader(ctx);
    const victim = role === 'leader' ? leader : (ctx.config.mills.find((mill) => mill !== leader) as MillConfig);
    // A commit status later than this means the transaction may have died with an orderer: send it again.
    const resent = new Set<string>();
    const session = operatorSession('MillA', { commitWaitMs: 15_000, orderingBudgetMs: 180_000 }, (transactionId) =>
        resent.add(transactionId),
    );
    try {
        const load = new Load(session, probePuts(prefix, count));
        const running = load.run(16);
        await waitUntil('a fifth of the load', () => load.finished >= count / 5, 300_000);
        await killNode(ctx, nodeNames.orderer(victim));
        const leaderAfter = await waitForRaftLeader(ctx);
        await waitUntil('half of the load', () => load.finished >= count / 2, 300_000);
        await restartNode(ctx, victim, 'orderer');
        const outcome = await running;
        const audit = auditLoad(outcome, await commitsOnEveryPeer(session, prefix, startBlock));
        const height = await waitForEqualHeights(ctx);
        return {
            victim,
            leaderAfter,
            submitted: count,
            succeeded: outcome.committed.size,
            failed: outcome.failed.size,
            resent: resent.size,
            audit,
            tips: await ordererTips(ctx, height - 1),
        };
    } finally {
        session.close();
    }
}

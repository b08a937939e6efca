import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { recordJoinedMill } from '../core/joined-mills';
import { waitFor } from '../processes/health';
import {
    joinOrderer,
    joinPeer,
    ordererChannelInfo,
    peerChannelHeight,
    startOrderer,
    startPeer,
} from '../processes/nodes';
import { fetchBlock } from './channel-update';

/** What joining did: the heights the new mill's orderer and peer reached. */
export interface JoinOutcome {
    ordererHeight: number;
    peerHeight: number;
    /** Seconds from the peer's join to its catching up with `via`'s peer. */
    catchUpSeconds: number;
}

/**
 * The joining mill's part once the consortium applied the update that adds it: its orderer
 * joins the channel with the latest config block (which names it as a consenter) and
 * replicates the chain from the other orderers; its peer joins with the genesis block and
 * catches up block by block from the ordering service, then finds the other mills' peers by
 * gossip. Both blocks are fetched from `via`'s orderer as the joining mill's own admin, which
 * only works once the channel counts the mill as a member. Running it again keeps what exists.
 *
 * @throws NetworkError NOT_RUNNING when the channel does not count the mill in yet.
 */
export async function joinMill(ctx: NetworkContext, mill: MillConfig, via: MillConfig): Promise<JoinOutcome> {
    const work = join(ctx.folders(mill).root, 'channel');
    const configBlock = await fetchBlock(ctx, mill, via, 'config', join(work, 'latest-config.block')).catch(
        (error: unknown) => {
            throw new NetworkError(
                'NOT_RUNNING',
                `${mill.name} cannot read ${ctx.config.channel} yet: is the update adding ${mill.mspId} submitted? (${(error as Error).message})`,
            );
        },
    );
    await startOrderer(ctx, mill);
    await joinOrderer(ctx, mill, configBlock);
    const viaInfo = await ordererChannelInfo(ctx, via);
    const target = viaInfo?.height ?? 1;
    await waitFor(
        `${mill.name}'s orderer as a consenter of ${ctx.config.channel}`,
        async () => {
            const info = await ordererChannelInfo(ctx, mill);
            return info?.status === 'active' && info.consensusRelation === 'consenter' && info.height >= target;
        },
        { timeoutMs: 120_000, intervalMs: 1000, logFile: ctx.processes.logFile(`${mill.key}-orderer`) },
    );
    await startPeer(ctx, mill);
    const genesis = await fetchBlock(ctx, mill, via, '0', join(work, 'genesis.block'));
    const joinedAt = Date.now();
    await joinPeer(ctx, mill, genesis);
    const wanted = (await peerChannelHeight(ctx, via)) ?? 1;
    let peerHeight = 0;
    await waitFor(
        `${mill.name}'s peer catching up with ${via.name}'s (height ${wanted})`,
        async () => {
            peerHeight = (await peerChannelHeight(ctx, mill)) ?? 0;
            return peerHeight >= wanted;
        },
        { timeoutMs: 180_000, intervalMs: 1000, logFile: ctx.processes.logFile(`${mill.key}-peer`) },
    );
    recordJoinedMill(ctx.paths, mill.name);
    const ordererHeight = (await ordererChannelInfo(ctx, mill))?.height ?? 0;
    return { ordererHeight, peerHeight, catchUpSeconds: (Date.now() - joinedAt) / 1000 };
}

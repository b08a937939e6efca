import type { NetworkContext } from '@spindle/network';

import { millNames } from './endpoints';
import { processProposal } from './endorser';
import type { AttackerIdentity } from './identities';
import { buildProposal } from './proposal';

/** What each mill's peer answered to one read: the payload as text, or `ERROR <status>: <message>`. */
export type PeerReads = Record<string, string>;

/**
 * Evaluates one chaincode read through every mill's peer with a plain identity (a read, never
 * the attack), so a case can compare the state on every peer before and after.
 */
export async function readOnEveryPeer(
    ctx: NetworkContext,
    reader: AttackerIdentity,
    args: string[],
    mills: readonly string[] = millNames(ctx),
): Promise<PeerReads> {
    const reads: PeerReads = {};
    for (const mill of mills) {
        const answer = await processProposal(
            ctx,
            mill,
            buildProposal({
                creator: reader,
                channel: ctx.config.channel,
                chaincode: ctx.config.chaincode.name,
                args,
            }).signedProposal,
        );
        reads[mill] =
            answer.status === 200
                ? Buffer.from(answer.payload).toString('utf8')
                : `ERROR ${String(answer.status)}: ${answer.message}`;
    }
    return reads;
}

import { setTimeout as sleep } from 'node:timers/promises';

import { peer } from '@hyperledger/fabric-protos';
import type { NetworkContext } from '@spindle/network';

import { millNames } from './endpoints';
import { processProposal } from './endorser';
import { millIdentity } from './identities';
import { buildProposal } from './proposal';

const CODE_NAMES: Record<number, string> = Object.fromEntries(
    Object.entries(peer.TxValidationCode as unknown as Record<string, number>).map(([name, value]) => [value, name]),
);

/** A transaction's validation code as each mill's peer recorded it, e.g. `{ MillA: 'VALID' }`. */
export type ValidationCodes = Record<string, string>;

/**
 * The validation code a mill's peer recorded for a transaction (qscc GetTransactionByID, asked
 * as the mill's operator), or undefined while the peer has not committed it.
 */
export async function validationCodeOn(
    ctx: NetworkContext,
    millName: string,
    transactionId: string,
): Promise<string | undefined> {
    const answer = await processProposal(
        ctx,
        millName,
        buildProposal({
            creator: millIdentity(ctx, millName, 'operator'),
            channel: ctx.config.channel,
            chaincode: 'qscc',
            args: ['GetTransactionByID', ctx.config.channel, transactionId],
        }).signedProposal,
    );
    if (answer.status !== 200) {
        return undefined;
    }
    const code = peer.ProcessedTransaction.deserializeBinary(answer.payload).getValidationcode();
    return CODE_NAMES[code] ?? String(code);
}

/**
 * Waits until every mill's peer has committed a transaction and returns the code each recorded.
 *
 * @throws Error NOT_COMMITTED naming the peers that had not committed it within `timeoutMs`.
 */
export async function validationCodesOnEveryPeer(
    ctx: NetworkContext,
    transactionId: string,
    timeoutMs = 150_000,
): Promise<ValidationCodes> {
    const deadline = Date.now() + timeoutMs;
    const codes: Record<string, string | undefined> = {};
    for (;;) {
        for (const mill of millNames(ctx)) {
            codes[mill] ??= await validationCodeOn(ctx, mill, transactionId);
        }
        const missing = millNames(ctx).filter((mill) => codes[mill] === undefined);
        if (missing.length === 0) {
            return codes as ValidationCodes;
        }
        if (Date.now() > deadline) {
            throw new Error(
                `NOT_COMMITTED: ${transactionId} is not on ${missing.join(', ')} after ${String(timeoutMs)} ms`,
            );
        }
        await sleep(250);
    }
}

import type { Proposal, Status, Transaction } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { errorCodeOf } from '@spindle/client';
import { LIMITS } from '@spindle/chaincode/protocol';
import { asChaincodeError } from '../support/gateway-harness';

/** The machine the flood tests send as, its receiver, and the mills that endorse its packets. */
export const FLOODER = 'carding-a1';
export const FLOOD_RECEIVER = 'drawing-b1';
export const FLOOD_ENDORSERS = ['MillAMSP', 'MillBMSP'];

/** The rate window (`LIMITS.rateWindowMs` of transaction time) a moment falls in. */
export function windowOf(ms: number): number {
    return Math.floor(ms / LIMITS.rateWindowMs);
}

/** Resolves once the clock has left the rate window it is in now. */
export async function untilNextWindow(): Promise<void> {
    const current = windowOf(Date.now());
    while (windowOf(Date.now()) === current) {
        await new Promise((resolve) => setTimeout(resolve, LIMITS.rateWindowMs - (Date.now() % LIMITS.rateWindowMs)));
    }
}

/**
 * The proposals `build` makes, all stamped inside one rate window: the transaction timestamp is
 * the moment a proposal is built, so they are built together right after a window starts (and
 * again if building crossed into the next window).
 */
export async function proposalsInOneWindow<T>(build: () => T): Promise<T> {
    for (;;) {
        await untilNextWindow();
        const started = Date.now();
        const proposals = build();
        if (windowOf(Date.now()) === windowOf(started)) {
            return proposals;
        }
    }
}

/** 'VALID', or the name of the validation code that invalidated the transaction (`MVCC_READ_CONFLICT`). */
export function outcomeOf(status: Status): string {
    if (status.successful) {
        return 'VALID';
    }
    const name = Object.entries(peer.TxValidationCode).find(([, code]) => code === status.code)?.[0];
    return name ?? `INVALID_${String(status.code)}`;
}

/**
 * Endorses a proposal. A refusal rejects with the chaincode's own message (`RATE_LIMITED: ...`),
 * so `parseErrorCode` reads its code.
 */
export async function endorseProposal(proposal: Proposal): Promise<Transaction> {
    try {
        return await proposal.endorse();
    } catch (error) {
        throw asChaincodeError(error);
    }
}

/**
 * Endorses and submits a proposal; resolves to 'VALID', the chaincode's code, or the validation
 * code's name. `committed` runs once the transaction is in a block, valid or not (to wait for
 * every peer to have it, say).
 */
export async function submitProposal(
    proposal: Proposal,
    committed?: (status: Status) => Promise<void>,
): Promise<string> {
    let status: Status;
    try {
        status = await (await proposal.endorse()).submit().then((commit) => commit.getStatus());
    } catch (error) {
        return errorCodeOf(error) ?? (error instanceof Error ? error.message : String(error));
    }
    await committed?.(status);
    return outcomeOf(status);
}

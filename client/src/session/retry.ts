import { GatewayError } from '@hyperledger/fabric-gateway';

import { sleepBeforeRetry } from './retry-sleep';
import { SpindleError } from '../errors/spindle-error';

const UNAVAILABLE = 14;
const FAILED_PRECONDITION = 9;
const ABORTED = 10;

/**
 * True for a gateway failure that a later attempt can get past without any change to the
 * transaction: a peer or orderer that cannot be reached, a discovery view that does not yet
 * show the peers a new chaincode definition needs (gossip spreads them within seconds), or
 * endorsers at different heights answering different read sets for a key just written (the
 * gateway's ABORTED with "ProposalResponsePayloads do not match"; the soak meets it at every move
 * of the prune watermark, which every delivery reads). Nothing was ordered, so a new proposal is
 * safe. Never true for a chaincode refusal: those say why and repeating them changes nothing.
 */
export function isRetryableEndorsementFailure(error: unknown): boolean {
    if (!(error instanceof GatewayError)) {
        return false;
    }
    if (error.code === UNAVAILABLE) {
        return true;
    }
    if (error.code === ABORTED) {
        return error.details.some((detail) => detail.message === 'ProposalResponsePayloads do not match');
    }
    return error.code === FAILED_PRECONDITION && /no combination of peers can be derived/.test(error.message);
}

/**
 * Runs `attempt` until it succeeds or fails with something not worth retrying, waiting a
 * little longer each time, for at most `budgetMs`. Each wait is told to `onRetrySleep` listeners.
 */
export async function retrying<T>(
    attempt: () => Promise<T>,
    shouldRetry: (error: unknown) => boolean,
    budgetMs = 30_000,
): Promise<T> {
    const deadline = Date.now() + budgetMs;
    for (let round = 1; ; round += 1) {
        try {
            return await attempt();
        } catch (error) {
            if (!shouldRetry(error) || Date.now() > deadline) {
                throw error;
            }
            await sleepBeforeRetry({
                reason: 'ENDORSEMENT',
                delayMs: Math.min(250 * round, 2000),
                attempt: round,
                cause: error,
            });
        }
    }
}

const DEADLINE_EXCEEDED = 4;

/**
 * True for a failure to hand a signed transaction to the orderers, or to hear its commit
 * status, that sending the same signed transaction again can get past: no orderer reachable
 * or able to take it ("no Raft leader" answers 503, which the gateway reports as UNAVAILABLE
 * once every orderer said so), or a deadline that ran out. The gateway's ABORTED here means an
 * orderer's 4xx answer, a refusal that repeating does not change, so it is not retried.
 */
export function isTransientOrderingFailure(error: unknown): boolean {
    return error instanceof GatewayError && (error.code === UNAVAILABLE || error.code === DEADLINE_EXCEEDED);
}

/**
 * True when a peer could not be reached, or stopped answering, rather than refused: an event
 * stream whose connection dropped, or a call that ran out of retries or time. Waiting for the
 * peer and starting again from a checkpoint gets past it.
 */
export function isLostPeer(error: unknown): boolean {
    if (error instanceof SpindleError) {
        return error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT';
    }
    return isTransientOrderingFailure(error);
}

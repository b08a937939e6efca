import { type Status, StatusCode, type Transaction } from '@hyperledger/fabric-gateway';

import { isTransientOrderingFailure } from './retry';
import { sleepBeforeRetry } from './retry-sleep';
import { SpindleError, toSpindleError } from '../errors/spindle-error';

/** How long a session waits for orderers and commit statuses before it sends a transaction again or gives up. */
export interface CommitTiming {
    /** How long one wait for a commit status may take before the same transaction is sent again. */
    commitWaitMs: number;
    /** How long to keep sending the same signed transaction while orderers or statuses fail. */
    orderingBudgetMs: number;
}

/** Told each time a signed transaction is sent again, with the failure that made it necessary; for logs and tests. */
export type ResendListener = (transactionId: string, cause: unknown) => void;

/** Defaults: generous enough for a busy two-core machine, short enough to ride out an orderer restart. */
export const DEFAULT_COMMIT_TIMING: CommitTiming = { commitWaitMs: 30_000, orderingBudgetMs: 120_000 };

/**
 * Sends one endorsed, signed transaction to the orderers and waits for its commit status,
 * sending the very same transaction (same ID, same signature) again while the orderers cannot
 * take it or its status does not arrive in time. A copy that reaches a block twice is marked
 * DUPLICATE_TXID by every peer and changes nothing, so the transaction commits at most once,
 * and, unless the budget runs out, exactly once.
 *
 * `onResend` hears of every repeat; `onRetrySleep` listeners hear of each wait before it.
 *
 * @throws SpindleError UNAVAILABLE or TIMEOUT when the budget ran out, naming the transaction ID
 *   (it may still commit later; query it by that ID before sending anything new).
 */
export async function commitSigned(
    transaction: Transaction,
    timing: CommitTiming,
    onResend?: ResendListener,
): Promise<Status> {
    const deadline = Date.now() + timing.orderingBudgetMs;
    for (let round = 1; ; round += 1) {
        try {
            const submitted = await transaction.submit();
            const status = await submitted.getStatus({ deadline: Date.now() + timing.commitWaitMs });
            // A status from a second copy of the transaction: the ledger's index answers with the first copy's.
            return status.code === StatusCode.DUPLICATE_TXID
                ? await submitted.getStatus({ deadline: Date.now() + timing.commitWaitMs })
                : status;
        } catch (error) {
            if (!isTransientOrderingFailure(error) || Date.now() > deadline) {
                throw orderingFailure(error, transaction.getTransactionId(), round);
            }
            await sleepBeforeRetry({
                reason: 'ORDERING',
                delayMs: Math.min(500 * round, 3000),
                attempt: round,
                cause: error,
            });
            onResend?.(transaction.getTransactionId(), error);
        }
    }
}

function orderingFailure(error: unknown, transactionId: string, rounds: number): SpindleError {
    const cause = toSpindleError(error, transactionId);
    return new SpindleError(
        cause.code,
        `transaction ${transactionId} was not committed after ${String(rounds)} submission(s) of the same signed transaction: ${cause.message.slice(cause.code.length + 2)}`,
        transactionId,
        { cause: error },
    );
}

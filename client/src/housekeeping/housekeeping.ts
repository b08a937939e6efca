import {
    CONTRACT_NAMES,
    HOUSEKEEPING_TRANSACTIONS as TX,
    pruneCommandSchema,
    pruneResultSchema,
    pruneWatermarkSchema,
    qualifiedName,
    type PruneCommand,
    type PruneResult,
    type PruneWatermark,
} from '@spindle/chaincode/protocol';

import { parseInput } from '../session/parse-input';
import { parseResult } from '../session/parse-result';
import type { SpindleGateway } from '../session/spindle-gateway';

const name = (transaction: string) => qualifiedName(CONTRACT_NAMES.housekeeping, transaction);

/**
 * One `Housekeeping:prune` as a mill's operator or admin (`session`): moves the public watermark
 * as far as the ledger's deliveries allow and deletes at most `maxKeys` nonce and rate-limit keys
 * below it. Call again while the answer's `more` is true.
 *
 * @throws SpindleError INVALID_ARGUMENT for a `maxKeys` out of range, before anything is sent;
 *   NOT_AUTHORIZED for another role; or what `SpindleGateway.submit` throws.
 */
export async function prune(session: SpindleGateway, command: PruneCommand = {}): Promise<PruneResult> {
    const parsed = parseInput(pruneCommandSchema, command);
    const committed = await session.submit(name(TX.prune), { args: [JSON.stringify(parsed)] });
    return parseResult(pruneResultSchema, committed.result);
}

/**
 * Prunes until nothing below the watermark is left, `maxKeys` per transaction, and sums what
 * each call deleted; `onCall` sees every call's answer.
 *
 * @throws SpindleError as {@link prune}.
 */
export async function pruneUntilDone(
    session: SpindleGateway,
    command: PruneCommand = {},
    onCall: (result: PruneResult) => void = () => undefined,
): Promise<PruneResult & { calls: number }> {
    let total: PruneResult & { calls: number } = { deletedNonces: 0, deletedRateSlots: 0, more: true, calls: 0 };
    while (total.more) {
        const result = await prune(session, command);
        onCall(result);
        total = {
            ...result,
            deletedNonces: total.deletedNonces + result.deletedNonces,
            deletedRateSlots: total.deletedRateSlots + result.deletedRateSlots,
            calls: total.calls + 1,
        };
    }
    return total;
}

/** The committed prune watermark, or `{}` before the first prune that moved it. */
export async function pruneWatermark(session: SpindleGateway): Promise<Partial<PruneWatermark>> {
    return parseResult(pruneWatermarkSchema.partial(), await session.evaluate(name(TX.getPruneWatermark)));
}

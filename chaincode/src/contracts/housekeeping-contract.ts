import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { assertRole, nextWatermark, prunableBuckets } from '../domain';
import {
    CONTRACT_NAMES,
    LIMITS,
    parseArgument,
    pruneCommandSchema,
    toCanonicalJson,
    type PruneResult,
} from '../protocol';
import {
    loadPruneWatermark,
    newestDeliveryBucket,
    pruneKeysBefore,
    readCaller,
    savePruneWatermark,
    transactionTime,
} from '../ledger';
import { SpindleContract } from './spindle-contract';

/**
 * Keeps public state from growing with every delivery: prunes the nonce registry and the
 * rate-limit slots by whole time buckets, behind a public watermark that deliveries check, so a
 * pruned nonce can never be replayed.
 */
@Info({ title: 'Housekeeping', description: 'Prunes nonces and rate-limit slots behind a public watermark' })
export class HousekeepingContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.housekeeping);
    }

    /**
     * Moves the prune watermark as far as the ledger's own deliveries allow (see nextWatermark),
     * then deletes at most `maxKeys` nonce and rate-limit keys of the buckets below it, oldest
     * first. Any mill's operator or admin may call it; the chaincode's majority policy guards its
     * writes. Returns `{ deletedNonces, deletedRateSlots, prunedBefore, more }`: call again while
     * `more` is true.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_AUTHORIZED.
     */
    @Transaction()
    @Returns('string')
    async prune(ctx: Context, command: string): Promise<string> {
        const { maxKeys = LIMITS.pruneKeysDefault } = parseArgument(pruneCommandSchema, command, 'command');
        assertRole(readCaller(ctx), ['operator', 'admin'], 'prune nonces and rate-limit slots');
        const at = transactionTime(ctx);
        const current = (await loadPruneWatermark(ctx))?.prunedBefore;
        const prunedBefore = nextWatermark({ current, at, evidenceBucket: await newestDeliveryBucket(ctx, at) });
        if (prunedBefore === undefined) {
            return toCanonicalJson({ deletedNonces: 0, deletedRateSlots: 0, more: false } satisfies PruneResult);
        }
        if (prunedBefore !== current) {
            await savePruneWatermark(ctx, { prunedBefore });
        }
        const pruned = await pruneKeysBefore(ctx, prunableBuckets(prunedBefore), maxKeys);
        return toCanonicalJson({ ...pruned, prunedBefore } satisfies PruneResult);
    }

    /** The prune watermark, `{ prunedBefore }`, or `{}` before the first prune that moved it. */
    @Transaction(false)
    @Returns('string')
    async getPruneWatermark(ctx: Context): Promise<string> {
        return toCanonicalJson((await loadPruneWatermark(ctx)) ?? {});
    }
}

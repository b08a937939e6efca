import type { Context } from 'fabric-contract-api';
import { pruneBucketOf } from '../domain';
import { LIMITS, pruneWatermarkSchema, type PruneWatermark } from '../protocol';
import { getJson, putJson } from './json-state';
import { deleteMessageOfNonce } from './message-store';
import { OBJECT_TYPES, compositeKey } from './object-types';

/** The object types Housekeeping prunes; each key's first attribute is its prune bucket. */
type PrunedType = typeof OBJECT_TYPES.nonceByBucket | typeof OBJECT_TYPES.rateSlotByBucket;

/** The committed prune watermark; undefined before the first prune that moved it. */
export async function loadPruneWatermark(ctx: Context): Promise<PruneWatermark | undefined> {
    return getJson(ctx, compositeKey(ctx, OBJECT_TYPES.pruneWatermark), pruneWatermarkSchema);
}

/**
 * Writes the prune watermark. Every delivery reads this key, so a delivery endorsed under the old
 * watermark and committed after the new one fails on an MVCC conflict (and is retried), and no
 * nonce below a committed watermark can ever be written.
 */
export async function savePruneWatermark(ctx: Context, watermark: PruneWatermark): Promise<void> {
    await putJson(ctx, compositeKey(ctx, OBJECT_TYPES.pruneWatermark), watermark);
}

/**
 * The newest bucket, from the one two before `at`'s back through `LIMITS.pruneEvidenceBuckets`,
 * that holds a committed rate-limit slot: the ledger's evidence of when deliveries happened. It
 * starts two buckets back because peers endorse no proposal stamped that far from their clocks,
 * so no delivery in flight writes there and the read cannot turn into a phantom.
 */
export async function newestDeliveryBucket(ctx: Context, at: string): Promise<string | undefined> {
    const newest = Number(pruneBucketOf(at)) - 2;
    for (let bucket = newest; bucket > newest - LIMITS.pruneEvidenceBuckets && bucket >= 0; bucket -= 1) {
        const attribute = String(bucket).padStart(13, '0');
        if (await anyKeyIn(ctx, OBJECT_TYPES.rateSlotByBucket, attribute)) {
            return attribute;
        }
    }
    return undefined;
}

/** What one pass over a pruned type did. */
interface PruneSweep {
    deleted: number;
    /** Whether keys below the limit are left because the budget ran out. */
    more: boolean;
}

/** What a prune deleted, and whether prunable keys are left for another call. */
export interface PrunedKeys {
    deletedNonces: number;
    deletedRateSlots: number;
    more: boolean;
}

/**
 * Deletes at most `budget` keys below the watermark's buckets: nonces first, then rate-limit
 * slots, each oldest first, so every endorser deletes the same keys and a call resumes where
 * the last one stopped.
 */
export async function pruneKeysBefore(
    ctx: Context,
    buckets: { nonceBucketsBefore: string; rateBucketsBefore: string },
    budget: number,
): Promise<PrunedKeys> {
    const nonces = await deleteBucketsBefore(ctx, OBJECT_TYPES.nonceByBucket, buckets.nonceBucketsBefore, budget);
    if (nonces.more) {
        return { deletedNonces: nonces.deleted, deletedRateSlots: 0, more: true };
    }
    const slots = await deleteBucketsBefore(
        ctx,
        OBJECT_TYPES.rateSlotByBucket,
        buckets.rateBucketsBefore,
        budget - nonces.deleted,
    );
    return { deletedNonces: nonces.deleted, deletedRateSlots: slots.deleted, more: slots.more };
}

/**
 * Deletes keys of `type` whose bucket is below `bucketsBefore`, oldest first (key order), at
 * most `budget` of them. It reads only keys it deletes, plus at most one more to tell whether
 * any are left, so a delivery writing a current bucket never conflicts with it.
 */
async function deleteBucketsBefore(
    ctx: Context,
    type: PrunedType,
    bucketsBefore: string,
    budget: number,
): Promise<PruneSweep> {
    const limit = Number(bucketsBefore);
    const iterator = await ctx.stub.getStateByPartialCompositeKey(type, []);
    let deleted = 0;
    try {
        for (;;) {
            const next = await iterator.next();
            if (next.done) {
                return { deleted, more: false };
            }
            const [bucket] = ctx.stub.splitCompositeKey(next.value.key).attributes;
            if (Number(bucket) >= limit) {
                return { deleted, more: false };
            }
            if (deleted === budget) {
                return { deleted, more: true };
            }
            await ctx.stub.deleteState(next.value.key);
            if (type === OBJECT_TYPES.nonceByBucket) {
                await deleteMessageOfNonce(ctx, next.value.key, next.value.value);
            }
            deleted += 1;
        }
    } finally {
        // Stopping before the end leaves the iterator open on the peer.
        await iterator.close();
    }
}

async function anyKeyIn(ctx: Context, type: PrunedType, bucket: string): Promise<boolean> {
    const iterator = await ctx.stub.getStateByPartialCompositeKey(type, [bucket]);
    try {
        return !(await iterator.next()).done;
    } finally {
        await iterator.close();
    }
}

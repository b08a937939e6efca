import type { Context } from 'fabric-contract-api';
import { batchRateSlotsToTry, pruneBucketOf, rateSlotsToTry, rateWindowOf, type Caller } from '../domain';
import { DomainError, LIMITS } from '../protocol';
import { hasState } from './json-state';
import { OBJECT_TYPES, compositeKey } from './object-types';
import { transactionId, transactionTime } from './transaction';

/**
 * The per-machine rate limit of packet deliveries: takes one of the calling machine's slots of
 * the current window, or refuses.
 *
 * Why slots and not a counter: a counter per machine is read and rewritten by every delivery, so
 * any two of one machine's deliveries in flight together would fail on an MVCC conflict (the
 * benchmark keeps 48 in flight). A count by a range query over per-transaction keys is no better:
 * Fabric re-runs the range at commit and invalidates the transaction on any new key in it (a
 * phantom read). Instead each window of `LIMITS.rateWindowMs` of transaction time has
 * `LIMITS.rateSlotsPerWindow` slot keys per machine (composite key rate-slot-at, prune bucket of
 * the window, MSP ID, machine, window, slot; the bucket comes first so Housekeeping prunes whole
 * old buckets in key order). A delivery reads up to `LIMITS.rateProbesMax` consecutive slots from its start
 * and writes the first free one; all taken is `RATE_LIMITED`. So a machine commits at most
 * `rateSlotsPerWindow` deliveries a window, whatever it sends. A delivery reads only committed,
 * never-rewritten slots plus the free one it writes, so two deliveries conflict only when both
 * pick the same free slot: never between machines (the machine is in the key), and never between
 * one machine's concurrent sends when its client numbers them (the packet's `slot` hint, which
 * the Spindle client sets from a counter); without a hint the start is the transaction ID's hash.
 *
 * The key carries the caller's MSP ID and certificate machine attribute, not the packet's sender,
 * and is taken before the signature is verified: it costs a few key reads, and another mill's
 * certificate naming this machine fills its own slots, not the machine's. Only committed
 * deliveries take slots: a refused proposal writes nothing, and bounding endorsement load is the
 * peer's and gateway's concurrency limits' job. The window follows the proposal's timestamp, which
 * the client sets; Fabric does not check it, so a client that forges timestamps can spread over
 * windows (the packet's own time window still holds). Old windows' slots are pruned by
 * Housekeeping:prune once the watermark puts them out of every acceptable delivery's reach.
 *
 * @throws DomainError RATE_LIMITED when the machine's slots in reach are all taken.
 */
export async function takeRateSlot(ctx: Context, caller: Caller, hint: number | undefined): Promise<void> {
    if (caller.role !== 'machine' || caller.machineId === undefined) {
        return;
    }
    await takeMachineRateSlot(ctx, { mspId: caller.mspId, machineId: caller.machineId, hint });
}

/** One delivery's claim on a machine's rate limit. */
export interface RateClaim {
    /** The MSP ID of the delivering identity (the machine's, or its mill's edge's). */
    mspId: string;
    /** The machine whose slots the delivery takes. */
    machineId: string;
    /** The packet's slot hint. */
    hint: number | undefined;
}

/**
 * Takes one free slot of `claim.machineId` in the current window (the key carries the claim's MSP
 * ID, so another mill's identity naming this machine fills only its own slots).
 *
 * @throws DomainError RATE_LIMITED when the machine's slots in reach are all taken.
 */
export async function takeMachineRateSlot(ctx: Context, claim: RateClaim): Promise<void> {
    await takeFirstFreeSlot(ctx, claim, rateSlotsToTry(claim.hint, transactionId(ctx)), 'packets');
}

/**
 * Takes one of `claim.machineId`'s batch slots of the current window for a batch's packets of
 * that sender (release 1.5): one key per sender and batch, however many of its packets the batch
 * carries (see `LIMITS.batchSlotsPerWindow`). `seed` picks where the probing starts; the batch's
 * first packet of the sender gives it, so two of its batches in flight rarely pick the same slot.
 *
 * @throws DomainError RATE_LIMITED when all its batch slots of the window are taken.
 */
export async function takeBatchRateSlot(ctx: Context, claim: Omit<RateClaim, 'hint'>, seed: string): Promise<void> {
    await takeFirstFreeSlot(ctx, { ...claim, hint: undefined }, batchRateSlotsToTry(seed), 'batches');
}

async function takeFirstFreeSlot(
    ctx: Context,
    claim: RateClaim,
    slots: readonly string[],
    what: string,
): Promise<void> {
    const at = transactionTime(ctx);
    const window = rateWindowOf(at);
    const bucket = pruneBucketOf(at);
    for (const slot of slots) {
        const key = compositeKey(
            ctx,
            OBJECT_TYPES.rateSlotByBucket,
            bucket,
            claim.mspId,
            claim.machineId,
            window,
            slot,
        );
        if (!(await hasState(ctx, key))) {
            await ctx.stub.putState(key, Buffer.from(transactionId(ctx), 'utf8'));
            return;
        }
    }
    throw new DomainError(
        'RATE_LIMITED',
        `machine ${claim.machineId} of ${claim.mspId} used its ${slots.length} tries for ${what} in this ${LIMITS.rateWindowMs} ms window; send again in the next`,
    );
}

import type { Context } from 'fabric-contract-api';
import { pruneBucketOf, rateSlotsToTry, rateWindowOf, type Caller } from '../domain';
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
    /** Where the probing starts without a hint (hashed); the transaction ID by default. */
    seed?: string;
    /**
     * Slot keys this transaction took already. Fabric shows a transaction none of its own
     * writes, so the packets of one batch would all find the same slot free: each skips the
     * keys its batch took before it and adds its own.
     */
    taken?: Set<string>;
}

/**
 * Takes one free slot of `claim.machineId` in the current window (the key carries the claim's MSP
 * ID, so another mill's identity naming this machine fills only its own slots). `sendBatch` takes
 * one per packet, for the packet's sender.
 *
 * @throws DomainError RATE_LIMITED when the machine's slots in reach are all taken.
 */
export async function takeMachineRateSlot(ctx: Context, claim: RateClaim): Promise<void> {
    const at = transactionTime(ctx);
    const window = rateWindowOf(at);
    const bucket = pruneBucketOf(at);
    const txId = transactionId(ctx);
    for (const slot of rateSlotsToTry(claim.hint, claim.seed ?? txId)) {
        const key = compositeKey(
            ctx,
            OBJECT_TYPES.rateSlotByBucket,
            bucket,
            claim.mspId,
            claim.machineId,
            window,
            slot,
        );
        if (claim.taken?.has(key) !== true && !(await hasState(ctx, key))) {
            await ctx.stub.putState(key, Buffer.from(txId, 'utf8'));
            claim.taken?.add(key);
            return;
        }
    }
    throw new DomainError(
        'RATE_LIMITED',
        `machine ${claim.machineId} of ${claim.mspId} sent its ${LIMITS.rateSlotsPerWindow} packets of this ${LIMITS.rateWindowMs} ms window; send again in the next`,
    );
}

import type { Context } from 'fabric-contract-api';

/**
 * Object types of Spindle's composite keys. Public state: machines and their indexes, lots,
 * links, transforms, messages, nonces, queries, rate-limit slots, the prune watermark, Probe values,
 * chain anchors and chain tips. Inside a machine's private area (its mill's collection, machine ID first): inbox, outbox, blocks and
 * private Probe values. Every attribute is a whitelisted ID, a transaction ID, an MSP ID,
 * an enum value or a zero-padded number, so no attribute holds the `\u0000` separator.
 */
export const OBJECT_TYPES = {
    machine: 'machine',
    machineByMill: 'machine-by-mill',
    machineByType: 'machine-by-type',
    machineByStatus: 'machine-by-status',
    lot: 'lot',
    lotParent: 'lot-parent',
    lotChild: 'lot-child',
    transform: 'transform',
    message: 'message',
    /** Nonces of releases before 1.2 (sender, nonce): read until 1.4, neither read nor written since 1.5. */
    nonce: 'nonce',
    /** Nonces since 1.2: (bucket of the packet's timestamp, sender, nonce), pruned by bucket. */
    nonceByBucket: 'nonce-at',
    query: 'query',
    inbox: 'inbox',
    outbox: 'outbox',
    block: 'block',
    /** The private chain head of earlier versions; no longer written, still the key collectionExists probes. */
    chainHead: 'chain-head',
    chainAnchor: 'chain-anchor',
    chainTip: 'chain-tip',
    /** Rate-limit slots of releases before 1.2 (MSP, machine, window, slot): neither read nor written. */
    rateSlot: 'rate-slot',
    /** Rate-limit slots since 1.2: (bucket of the transaction time, MSP, machine, window, slot). */
    rateSlotByBucket: 'rate-slot-at',
    /** The prune watermark, one key. */
    pruneWatermark: 'prune-watermark',
    probe: 'probe',
} as const;

/** An object type. */
export type ObjectType = (typeof OBJECT_TYPES)[keyof typeof OBJECT_TYPES];

/** The composite key of `type` and `attributes`, in Fabric's encoding. */
export function compositeKey(ctx: Context, type: ObjectType, ...attributes: string[]): string {
    return ctx.stub.createCompositeKey(type, attributes);
}

/** A block's seq as a key attribute: zero-padded, so keys sort in seq order. */
export function seqAttribute(seq: number): string {
    return String(seq).padStart(12, '0');
}

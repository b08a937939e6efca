import { LIMITS } from '../../protocol';

/**
 * The prune bucket a time falls in, as a zero-padded key attribute: nonces go by their packet's
 * own timestamp, rate-limit slots by their transaction's. Times before the epoch fall in bucket 0.
 */
export function pruneBucketOf(at: string | number): string {
    const ms = typeof at === 'number' ? at : Date.parse(at);
    return String(Math.max(0, Math.floor(ms / LIMITS.pruneBucketMs))).padStart(13, '0');
}

/** When a bucket attribute starts, in milliseconds since the epoch. */
export function pruneBucketStart(bucket: string): number {
    return Number(bucket) * LIMITS.pruneBucketMs;
}

/**
 * What the watermark means for the two kinds of keys. `nonceBucketsBefore`: every nonce bucket
 * below it holds only packets stamped before `prunedBefore`, which deliveries refuse. And
 * `rateBucketsBefore`: a delivery accepted from now on has a packet stamped at or after
 * `prunedBefore` and a transaction at most `LIMITS.packetMaxSkewMs` earlier than that, so no
 * rate bucket below `prunedBefore - packetMaxSkewMs` is ever written or read again.
 */
export function prunableBuckets(prunedBefore: string): { nonceBucketsBefore: string; rateBucketsBefore: string } {
    const watermark = Date.parse(prunedBefore);
    return {
        nonceBucketsBefore: pruneBucketOf(watermark),
        rateBucketsBefore: pruneBucketOf(watermark - LIMITS.packetMaxSkewMs),
    };
}

import { LIMITS } from '../../protocol';
import { pruneBucketOf, pruneBucketStart } from './prune-buckets';

/** What moving the prune watermark depends on. */
export interface WatermarkInputs {
    /** The committed watermark, if a prune ever moved it. */
    current: string | undefined;
    /** The prune's transaction timestamp: the client's, so it only ever lowers the bound. */
    at: string;
    /**
     * The newest bucket holding a committed delivery's rate-limit slot, looked up on the ledger
     * (undefined when none is in reach). Those transactions were endorsed by a majority of mills,
     * each checking the timestamp against its own clock, so a pruner's clock cannot move it.
     */
    evidenceBucket: string | undefined;
}

/**
 * How far behind a time the watermark stays: the freshness window, plus twice the proposal clock
 * skew (the evidence's own client may have stamped 30 s ahead, and an honest sender 30 s behind).
 */
export const WATERMARK_LAG_MS = LIMITS.packetMaxAgeMs + 2 * LIMITS.proposalClockSkewMs;

/**
 * The watermark after a prune: the start of the bucket holding the lower of the ledger bound
 * (the evidence bucket's start minus `WATERMARK_LAG_MS`) and the same bound on the prune's own
 * timestamp, never behind the current one. A pruner stamping its proposal in the future moves it
 * no further than the ledger's own deliveries allow. Without evidence it does not move.
 */
export function nextWatermark({ current, at, evidenceBucket }: WatermarkInputs): string | undefined {
    if (evidenceBucket === undefined) {
        return current;
    }
    const bound = Math.min(pruneBucketStart(evidenceBucket), Date.parse(at)) - WATERMARK_LAG_MS;
    const cutoff = pruneBucketStart(pruneBucketOf(bound));
    if (current !== undefined && cutoff <= Date.parse(current)) {
        return current;
    }
    return new Date(cutoff).toISOString();
}

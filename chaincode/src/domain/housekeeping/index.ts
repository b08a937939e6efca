/** Rules of housekeeping: which nonce and rate-limit buckets may go, and the prune watermark. */
export { WATERMARK_LAG_MS, nextWatermark } from './next-watermark';
export type { WatermarkInputs } from './next-watermark';
export { prunableBuckets, pruneBucketOf, pruneBucketStart } from './prune-buckets';

/**
 * Keeping the ledger small: pruning nonce and rate-limit keys below the delivery watermark, the
 * periodic housekeeping job, and moving a legacy private area into its mill's collection.
 */
export { prune, pruneUntilDone, pruneWatermark } from './housekeeping';
export {
    runHousekeepingJob,
    type HousekeepingJobOptions,
    type HousekeepingJobSummary,
    type HousekeepingLogEntry,
    type HousekeepingTurnResult,
} from './housekeeping-job';
export { moveLegacyArea } from './area-migration';

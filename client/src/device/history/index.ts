/**
 * The device area's history: a machine's readings in an embedded store (classic-level, one
 * folder per machine), sealed batch by batch into Merkle roots that the machine's communication
 * chain carries, and proven reading by reading in answers (see `verifyReadingProof` for the
 * chain of trust a requester walks).
 */
export {
    proveInBatch,
    proveReadings,
    verifyReadingProof,
    type ProofCheck,
    type ProofFailure,
    type ProofSource,
    type ProvenReading,
} from './answer-proof';
export { HistoryError, type HistoryErrorCode } from './history-error';
export type { HistoryReader } from './history-reader';
export {
    HISTORY_LIMITS,
    HistoryStore,
    openHistoryStore,
    type HistoryStoreOptions,
    type NewReading,
} from './history-store';
export { sealAnchorSchema, storedSealSchema, type SealAnchor, type StoredSeal } from './seal';
export { batchTree, readingLeaf, sealBatch } from './seal-batch';

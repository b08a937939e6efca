/**
 * The only code that touches `ctx.stub` and `ctx.clientIdentity`: keys, public and private state,
 * collections, history, events, endorsement and the caller.
 */
export { loadAnchor, loadChainTip, saveAnchor, saveChainTip } from './anchor-store';
export { blockStored, loadBlock, loadBlocks, saveBlock } from './chain-store';
export { collectionExists } from './collections';
export { type PrivateArea, areaKey, legacyAreaOf, privateAreaOf, putInArea } from './private-area';
export { type StoredAreaItem, listAreaItems, moveAreaItem } from './legacy-area-store';
export { ownerAndMajorityPolicy, requireEndorsementBy } from './endorsement';
export { emitEvent } from './events';
export { readCaller } from './identity';
export {
    lotExists,
    loadLot,
    loadTransform,
    lotHistory,
    readNeighbours,
    saveEdges,
    saveLot,
    saveTransform,
} from './lot-store';
export {
    deleteMailboxEntry,
    listMailbox,
    loadMailboxEntry,
    loadMailboxEntryHash,
    putMailboxEntry,
} from './mailbox-store';
export { listMachines, loadMachine, machineHistory, requireMachine, saveMachine } from './machine-store';
export { loadMessage, nonceUsed, recordNonce, saveMessage } from './message-store';
export { getPrivateProbeValue, getProbeValue, putPrivateProbeValue, putProbeValue } from './probe-store';
export { requireQuery, saveQuery } from './query-store';
export { takeBatchRateSlot, takeMachineRateSlot, takeRateSlot } from './rate-store';
export type { RateClaim } from './rate-store';
export { loadPruneWatermark, newestDeliveryBucket, pruneKeysBefore, savePruneWatermark } from './prune-store';
export type { PrunedKeys } from './prune-store';
export { transactionId, transactionTime } from './transaction';
export { assertTimestampNearPeerClock, peerClock } from './endorsement-clock';
export { readToEnd } from './range-scan';

/**
 * The device area's recorder: a machine's readings from its OPC UA source into its history store,
 * sealed at a cadence into its communication chain, each seal anchored exactly once.
 */
export { DeviceRecorder, type DeviceRecorderOptions } from './device-recorder';
export { ReadingBatcher, type BatchingOptions, type ReadingBatcherOptions } from './reading-batcher';
export { RecorderError, type RecorderErrorCode } from './recorder-error';
export type { AfterRecorderStep, RecorderStep } from './recorder-steps';
export { SealAnchorer, type SealAnchorerOptions } from './seal-anchorer';
export {
    communicationSealChain,
    sealEntriesOf,
    type SealBlock,
    type SealChain,
    type SealChainHead,
} from './seal-chain';
export { Sealer, type SealCadence, type SealerOptions } from './sealer';
export { closeHistoryStores, openHistoryStores } from './history-stores';

/** Rules of communication: delivering packets and the per-machine communication chain. */
export { appendBlock, sealedThroughAfter } from './append-block';
export type { Appended } from './append-block';
export { assertAfterWatermark, assertFresh, planDelivery } from './plan-delivery';
export type { Delivery, DeliveryContext } from './plan-delivery';
export { verifyChain } from './verify-chain';
export type { ChainPage } from './verify-chain';
export { batchRateSlotsToTry, rateSlotsToTry, rateWindowOf } from './rate-slots';

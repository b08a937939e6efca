/**
 * Verifiable answers: the agent attaches the proofs of the readings an answer rests on, back to
 * seals anchored in its machine's communication chain; the requester checks them at step 9
 * against the chain's public block anchors.
 */
export { anchoredSeal } from './anchored-seal';
export { attachEvidence } from './attach-evidence';
export type { EvidenceCheck, EvidenceFailure } from './evidence-check';
export type { EvidenceSource } from './evidence-source';
export { verifyEvidence, type AnchorHash } from './verify-evidence';
export { checkReplyEvidence, type ReplyEvidence } from './reply-evidence';
export { storeEvidenceSource } from './store-evidence-source';

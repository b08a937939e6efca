/**
 * A session on the Fabric Gateway: the gRPC connection and its signer, `SpindleGateway` (evaluate,
 * endorse, submit and commit with the retries that are safe), signed submission, commit decisions,
 * the organisations that must endorse, transaction events, and the parsing of what crosses the
 * gateway (inputs with the chaincode's schemas, results with the protocol's).
 */
export { connectGateway, newPeerClient, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
export { newNodeCryptoSigning, type NodeCryptoSigning } from './node-crypto-signer';
export { SpindleGateway, type CommittedTransaction, type SessionOptions, type SubmitOptions } from './spindle-gateway';
export { DEFAULT_COMMIT_TIMING, commitSigned, type CommitTiming, type ResendListener } from './signed-submission';
export { decideAfterCommit, type CommitDecision } from './commit-decision';
export { isLostPeer, isRetryableEndorsementFailure, isTransientOrderingFailure, retrying } from './retry';
export {
    onRetrySleep,
    sleepBeforeRetry,
    type RetryReason,
    type RetrySleep,
    type RetrySleepListener,
} from './retry-sleep';
export {
    collectionsNeedingTrustedEndorsers,
    endorsingOrganizationsFor,
    ownerOfMillCollection,
} from './endorsing-organizations';
export { transactionEventOf, waitForBlock, type TransactionEvent } from './transaction-event';
export { parseInput } from './parse-input';
export { parseResult } from './parse-result';

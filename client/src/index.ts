/** The Spindle client library: sessions on the Fabric Gateway, typed contract clients, packets. */
export {
    connectGateway,
    newPeerClient,
    type ConnectionOptions,
    type GatewayConnection,
} from './session/gateway-connection';
export { chaincodeMessageOf, errorCodeOf } from './errors/chaincode-error';
export { isIdentityRefusal } from './errors/identity-refusal';
export { transactionEventOf, waitForBlock, type TransactionEvent } from './session/transaction-event';
export {
    collectionsNeedingTrustedEndorsers,
    endorsingOrganizationsFor,
    ownerOfMillCollection,
} from './session/endorsing-organizations';
export { isLostPeer, isRetryableEndorsementFailure, isTransientOrderingFailure, retrying } from './session/retry';
export { onRetrySleep, type RetryReason, type RetrySleep, type RetrySleepListener } from './session/retry-sleep';
export { decideAfterCommit, type CommitDecision } from './session/commit-decision';
export {
    commitSigned,
    DEFAULT_COMMIT_TIMING,
    type CommitTiming,
    type ResendListener,
} from './session/signed-submission';
export { SpindleError, isRateLimited, toSpindleError, type ClientErrorCode } from './errors/spindle-error';
export {
    SpindleGateway,
    type CommittedTransaction,
    type SessionOptions,
    type SubmitOptions,
} from './session/spindle-gateway';
export { MachineRegistryClient } from './contracts/machine-registry-client';
export {
    certificateRenewalRequest,
    renewMachineCertificate,
    type RenewalAuthority,
} from './identity/certificate-renewal';
export { MaterialLedgerClient } from './contracts/material-ledger-client';
export { mergeGenealogyPages } from './contracts/genealogy-pages';
export { moveLegacyArea } from './housekeeping/area-migration';
export { appendToChain, archiveMailboxes, type ArchiveResult } from './packets/mailbox-archive';
export { prune, pruneUntilDone, pruneWatermark } from './housekeeping/housekeeping';
export {
    runHousekeepingJob,
    type HousekeepingJobOptions,
    type HousekeepingJobSummary,
    type HousekeepingLogEntry,
    type HousekeepingTurnResult,
} from './housekeeping/housekeeping-job';
export { CommunicationClient, deliverPacket } from './contracts/communication-client';
export { sendMessage } from './packets/send-message';
export { openInboxEntry, readInbox, type OpenedMessage } from './packets/inbox';
export { batchesOf, sendBatch, type BatchMessage } from './packets/batch-delivery';
export { QueryFlowClient } from './contracts/query-flow-client';
export {
    buildPacket,
    decryptPayload,
    decryptSenderCopy,
    isSignedBy,
    openPacket,
    type PacketDraft,
    type PayloadCipher,
} from './packets/packets';
export { payloadBindingOf, type PayloadBinding } from './packets/payload-binding';
export { MIN_PADDED_BYTES, paddedLength, padPlaintext, unpadPlaintext } from './packets/payload-padding';
export { MachineSession } from './contracts/machine-session';
export { ensureMachineActive, type MachineDescription } from './identity/machine-provisioning';
export { localIdentity, openLocalSession, readProfiles, type LocalIdentity } from './identity/local-network-identities';
export { runQuery, type QueryOutcome, type QueryStep, type RunQueryOptions } from './query/query-flow';
export { AGENT_STEPS, type AgentStep } from './agent/agent-steps';
export { DeviceAgent, type AgentFaults, type DeviceAgentOptions, type QueryAnswerer } from './agent/device-agent';
export { FileCheckpointer } from './agent/file-checkpointer';
export { machineAnswerer } from './agent/machine-answerer';
export { packetTimeProblem } from './agent/packet-freshness';
export type { HistoryReader } from './device/history/history-reader';
export {
    aggregateReadings,
    answerPlaintext,
    answerQuestion,
    bucketFigures,
    chainMessages,
    lotQualityAnswer,
    type AnswerContext,
    type BucketFigures,
    type LotWithTransform,
} from './device/answer';
export {
    CIPHERTEXT_OVERHEAD_BYTES,
    CIPHERTEXT_VERSION,
    MAX_PADDED_PLAINTEXT_BYTES,
    eciesCipher,
    newEncryptionKeyPair,
    type EncryptionKeyPair,
} from './packets/ecies-cipher';
export { newNodeCryptoSigning, type NodeCryptoSigning } from './session/node-crypto-signer';
export { FileSystemWallet, asWalletIdentity, type EnrolledCredentials, type X509Identity } from './identity/wallet';
export { genealogyTree } from './text/genealogy-tree';
export { EXIT_CODES, exitCodeOf } from './errors/exit-codes';
export { IdentityDirectory, type DirectoryIdentity } from './identity/identity-directory';
export { defaultRunDir } from './identity/run-dir';
export { parseQuestionArgs } from './query/question-args';
export { durationText, parseDuration } from './text/duration';
export { alignedTable } from './text/aligned-table';
export { answerTable, figureText, formatAnswer } from './text/answer-table';
export { queryQuestion, type QueryQuestion } from './query/query-question';
export {
    answerLines,
    queryResultFailure,
    queryResultLines,
    queryResultOf,
    type QueryResult,
} from './query/query-result';
export { evidenceLine, evidenceOf } from './query/evidence-line';

/**
 * The Spindle protocol: schemas, packet codec, canonical bytes, checksums, signature
 * verification, error codes and names. It imports nothing from Fabric, so the client and the
 * chaincode speak one protocol (`@spindle/chaincode/protocol`).
 */
export { toCanonicalBytes, toCanonicalJson } from './canonical-json';
export {
    CERTIFICATE_RENEWAL_PURPOSE,
    certificateRenewalSchema,
    certificateRenewalStatement,
    certificateValidity,
    previousCertificateSchema,
    renewalApprovalSchema,
} from './certificate-renewal';
export type {
    CertificateRenewal,
    CertificateValidity,
    PreviousCertificate,
    RenewalApproval,
} from './certificate-renewal';
export {
    CHAIN_BREAKS,
    TRANSIENT_BLOCK_ENTRIES,
    chainAnchorSchema,
    chainVerificationSchema,
    parseBlockEntries,
} from './chain';
export type { ChainAnchor, ChainVerification } from './chain';
export { GENESIS_HASH, blockHash, merkleRoot } from './chain-hash';
export {
    MAILBOXES,
    appendBlockCommandSchema,
    blockHashRecordSchema,
    chainBlockSchema,
    chainHeadSchema,
    blockEntrySchema,
    mailboxEntrySchema,
    mailboxListQuerySchema,
    mailboxReadSchema,
    messageEntriesOf,
    messageRecordSchema,
} from './communication';
export type {
    AppendBlockCommand,
    BlockEntry,
    BlockHashRecord,
    ChainBlock,
    ChainHead,
    Mailbox,
    MailboxEntry,
    MailboxListQuery,
    MessageRecord,
} from './communication';
export { CONSORTIUM, assertMachineIdOfMill, majorityOf, millOfMachineId, parseConsortium } from './consortium';
export type { Consortium, ConsortiumMill } from './consortium';
export { DomainError, findErrorCode, parseErrorCode } from './domain-error';
export { ERROR_CODES, isErrorCode } from './error-code';
export type { ErrorCode } from './error-code';
export { EVENT_NAMES, EVENT_PAYLOAD_SCHEMAS } from './events';
export type { EventName, EventPayload } from './events';
export { historyEntrySchema } from './history';
export type { HistoryEntry } from './history';
export {
    ID_PATTERN,
    MSP_ID_PATTERN,
    TRANSACTION_ID_PATTERN,
    idSchema,
    mspIdSchema,
    sha256HexSchema,
    textSchema,
    timestampSchema,
    transactionIdSchema,
} from './identifiers';
export { MACHINE_ATTRIBUTE, ROLES, ROLE_ATTRIBUTE } from './identity-attributes';
export { machineCollectionName, millCollectionName, type PrivateAreaLayout } from './private-area';
export { VARIABLE_PATTERN, readingSchema, variableSchema, type Reading } from './device-reading';
export { QUESTION_LIMITS, type AnswerLimits } from './device-question-limits';
export {
    QUESTION_KINDS,
    bucketCount,
    lotQualityQuestionSchema,
    messagesQuestionSchema,
    parseQuestion,
    questionSchema,
    questionSchemaOf,
    readingsQuestionSchema,
    statusQuestionSchema,
} from './device-questions';
export type {
    LotQualityQuestion,
    MessagesQuestion,
    Question,
    QuestionKind,
    ReadingsQuestion,
} from './device-questions';
export {
    answerSchema,
    chainMessageSchema,
    errorAnswerSchema,
    lotQualityAnswerSchema,
    messagesAnswerSchema,
    parseAnswer,
    readingBucketSchema,
    readingsAnswerSchema,
    statusAnswerSchema,
} from './device-answers';
export type {
    Answer,
    ChainMessage,
    ErrorAnswer,
    LotQualityAnswer,
    MessagesAnswer,
    ReadingBucket,
    ReadingsAnswer,
    StatusAnswer,
} from './device-answers';
export {
    EVIDENCE_SEALS_MAX,
    anchoredSealSchema,
    blockHeaderSchema,
    evidenceSchema,
    packBatch,
    packedBatchSchema,
    readingPathSchema,
    unpackBatch,
    type AnchoredSeal,
    type BlockHeader,
    type Evidence,
    type PackedBatch,
    type ReadingPath,
    type UnpackedBatch,
} from './device-evidence';
export {
    SEAL_READINGS_MAX,
    TRANSIENT_BLOCK_SEALS,
    parseBlockSeals,
    sealEntrySchema,
    type SealEntry,
} from './device-seal';
export {
    AREA_ITEM_TYPES,
    AREA_MOVE_BYTES_MAX,
    AREA_MOVE_ITEMS_MAX,
    TRANSIENT_AREA_VALUES,
    areaItemSchema,
    legacyAreaMoveSchema,
    legacyAreaMovedSchema,
    legacyAreaPageSchema,
    legacyAreaQuerySchema,
    parseAreaValues,
    storedAreaItemSchema,
} from './area-migration';
export type { AreaItem, AreaItemType } from './area-migration';
export { pruneCommandSchema, pruneResultSchema, pruneWatermarkSchema } from './housekeeping';
export type { PruneCommand, PruneResult, PruneWatermark } from './housekeeping';
export type { Role } from './identity-attributes';
export { LIMITS } from './limits';
export {
    MACHINE_ACTIONS,
    MACHINE_STATUSES,
    keyPoolEntrySchema,
    machineListQuerySchema,
    machineRecordSchema,
    machineRegistrationSchema,
    machineReplacementSchema,
    pemSchema,
} from './machine';
export type { KeyPoolEntry, MachineListQuery, MachineRecord, MachineRegistration, MachineStatus } from './machine';
export {
    MACHINE_TYPES,
    MACHINE_TYPE_VOCABULARY,
    PROCESS_STEPS,
    machineTypeSchema,
    normalizeMachineType,
    processStepOf,
    unknownMachineTypeMessage,
} from './machine-types';
export type { MachineType, MachineTypeEntry, ProcessStep } from './machine-types';
export {
    FORM_TRANSITIONS,
    MATERIAL_FORMS,
    genealogyEdgeSchema,
    genealogyGraphSchema,
    lotCreationSchema,
    lotRecordSchema,
    traceQuerySchema,
    transformCommandSchema,
    transformRecordSchema,
} from './material';
export type {
    GenealogyEdge,
    GenealogyGraph,
    LotCreation,
    LotRecord,
    MaterialForm,
    TraceQuery,
    TransformCommand,
    TransformRecord,
} from './material';
export {
    MERKLE_PATH_MAX,
    merkleAuditPath,
    merkleLeafHash,
    merkleRootOfLeafHashes,
    merkleProofSchema,
    newMerkleTree,
    verifyMerkleProof,
} from './merkle-proof';
export type { MerkleProof, MerkleTree } from './merkle-proof';
export { ENCRYPTION_SCHEMES, PACKET_TYPES, PACKET_VERSION, nonceSchema, packetSchema } from './packet';
export type { Packet, PacketType, SignedPacket, UnsignedPacket } from './packet';
export {
    computeInspection,
    parsePacket,
    parsePacketValue,
    signingInput,
    toPacketBytes,
    verifyPacketSignature,
} from './packet-codec';
export { batchMessageId, inBatch, inBatchAsync, parsePacketBatch } from './packet-batch';
export { pageSchema } from './paging';
export type { Page } from './paging';
export { issueErrorCode, parseArgument, parseId, parseTransactionId, parseValue } from './parse-input';
export { normalizePublicKey, publicKeyFromCertificate, verifySignature } from './public-keys';
export {
    DENIAL_REASONS,
    QUERY_FAILURES,
    QUERY_STATUSES,
    REJECTION_REASONS,
    denialCommandSchema,
    queryRecordSchema,
    rejectionCommandSchema,
} from './query';
export type { DenialCommand, QueryRecord, RejectionCommand } from './query';
export { sha256Hex } from './sha256';
export { TRACE_TOKEN_CHARS_MAX, fromTraceToken, toTraceToken, traceCursorSchema } from './trace-token';
export type { TraceCursor } from './trace-token';
export {
    AREA_MIGRATION_TRANSACTIONS,
    COMMUNICATION_TRANSACTIONS,
    CONTRACT_NAMES,
    HOUSEKEEPING_TRANSACTIONS,
    MACHINE_REGISTRY_TRANSACTIONS,
    MATERIAL_LEDGER_TRANSACTIONS,
    PROBE_TRANSACTIONS,
    QUERY_FLOW_TRANSACTIONS,
    TRANSIENT_PACKET,
    TRANSIENT_PACKETS,
    qualifiedName,
} from './transaction-names';
